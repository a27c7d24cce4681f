"""Real opt-outs were lost (rev31a H2, H3): "No más mensajes", "no more sms", "No molesten", "I don't want these
texts" read as a plain NO (no opt-out recorded), and "Stop por favor", "STOP SMS", "Stop merci", "Baja por favor",
"Unsub", "opt me out", "I said STOP", "Dar de baja", "Arrêtez", "Pare", "Descadastrar" as 'other' (dropped unseen
once the slot has ended). All are a STOP now; so are the misspelt keywords guests send alone ("Stop txt",
"Unsubcribe", "Stopp"), with no near match of other words ("Stopping by at 3", "Top!" are none)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

READ_AS_NO = ["No más mensajes", "No mas mensajes", "no more sms", "no more msgs", "No molesten", "Ya no quiero mensajes",
              "I don't want these texts", "No quiero que me escriban", "No más mensajes por favor", "No me molesten más",
              "No quiero recibir mensajes", "I don't want any more texts", "Don't want these texts"]
READ_AS_OTHER = ["Stop por favor", "STOP gracias", "Alto por favor", "Baja por favor", "Stop svp", "Stop merci",
                 "STOP SMS", "Arret svp", "Stop obrigada", "Unsub", "opt me out", "Please opt me out", "Stop spamming me",
                 "I said STOP", "Wrong number, please stop", "Dar de baja", "Quiero darme de baja", "Arrêtez", "Pare",
                 "Descadastrar", "Me descadastre", "Stop pls thx", "Stop immediately", "STOP!!! I already said stop"]
TYPOS = ["Stop txt", "Unsubcribe", "Stopp", "STOPPP", "Sotp", "Unsuscribe", "stop txts"]


@pytest.mark.parametrize("body", READ_AS_NO + READ_AS_OTHER + TYPOS)
def test_a_real_opt_out_is_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"
    assert classify_reply(body, offered=datetime(2026, 12, 5, 15, 0)) == "stop"


@pytest.mark.parametrize("body", ["Stopping by at 3", "Top!", "Stop by at 3?", "I can stop by", "Stops", "Wrong number",
                                  "I said yes", "Ok!", "Unsubscribed?", "No mas tarde", "Yes please stop by",
                                  "No, don't opt me out", "Never opt me out please",
                                  "No molesten después de las 9", "Pared", "Stoppage"])
def test_near_words_are_no_opt_out(body: str) -> None:
    assert classify_reply(body) != "stop"


@pytest.mark.parametrize("body", ["No más mensajes", "no more sms", "Stop por favor", "Unsub", "I said STOP"])
async def test_the_opt_out_is_recorded_and_the_card_moves_on(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: bool(scene.store.text_opted_out([first["client_id"]])))
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] != "sent")
    await asyncio.sleep(0.2)
    assert not scene.bookings_for(first["client_id"])
