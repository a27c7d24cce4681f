"""A NO asking to stay on the list recorded an opt-out (rev31a M2): "No, but please don't remove me from the list",
"Can't make it but don't take me off", "No thanks, but don't unsubscribe me" were a STOP, since only "don't stop" and
"don't quit" were read as asked not to happen. A negated remove / take off / unsubscribe / opt out is no opt-out: with
a no it is a NO; alone or beside a yes a person reads it (and so does "Please don't stop texting me!", read as a NO
before for its "don't")."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

KEEP_ME_NO = ["No, but please don't remove me from the list", "Can't make it but don't take me off",
              "No thanks, but don't unsubscribe me", "Not this time, don't take me off the list!",
              "No thanks but don't remove me", "Not today but do not remove me", "Not this time. Don't remove me please!",
              "No, don't opt me out", "No thanks, but don\u2019t remove me", "No, please don't stop texting me"]
KEEP_ME_OTHER = ["Don't remove me", "Please don't take me off the list!", "Don't unsubscribe me", "Yes! Don't remove me",
                 "Yes please, never stop", "Please don't stop texting me!", "I can't, but don't remove me from your list"]


@pytest.mark.parametrize("body", KEEP_ME_NO)
def test_a_no_asking_to_stay_is_a_no(body: str) -> None:
    assert classify_reply(body) == "no"


@pytest.mark.parametrize("body", KEEP_ME_OTHER)
def test_asking_to_stay_alone_or_with_a_yes_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", ["Remove me", "Please take me off your list", "Unsubscribe me",
                                  "No, don't remove me. Stop texting me", "No thanks. Unsubscribe", "Opt me out"])
def test_real_opt_outs_stay_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", ["No, but please don't remove me from the list", "Can't make it but don't take me off"])
async def test_no_opt_out_is_recorded(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] != "sent")
    await asyncio.sleep(0.2)
    assert not scene.store.text_opted_out([first["client_id"]])
    assert not scene.bookings_for(first["client_id"])
