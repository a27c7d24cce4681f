"""A NO that also asks for no more texts ("No, please don't send me these anymore", "No, and quit texting me", "No me
manden más mensajes") was read as a plain NO: the card moved on but her opt-out was not recorded, and her words were
not shown. Now such phrasings (English, Spanish, French, Portuguese) are a STOP, conservatively ("no more" alone, or
"don't send me the address", is not; nor is "Yes, take me"), and a NO or STOP longer than a few words is quoted in
the card's thread."""

from __future__ import annotations

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("body", [
    "No, please don't send me these anymore",
    "No, and quit texting me",
    "Quit texting me",
    "Stop the messages",
    "No me manden más mensajes",
    "no, no me escriban más",
    "No quiero más mensajes",
    "ya no me manden mensajes",
    "dejen de escribirme",
    "No, por favor no me envíen más mensajes",
    "Baja",
    "Ne m'envoyez plus de messages",
    "non, arrêtez les messages",
    "ARRET",
    "Não me mandem mais mensagens",
    "Parem de me mandar mensagens",
])
def test_a_no_asking_for_no_more_texts_is_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize(("body", "intent"), [
    ("No more", "no"),
    ("no more, thanks", "no"),
    ("No, don't send me the address", "no"),
    ("no me mande la dirección", "no"),
    ("Yes, take me please", "yes"),
    ("Yes take me!", "yes"),
    ("Oui merci, plus de serviettes", "other"),
])
def test_only_words_about_texts_make_a_stop(body: str, intent: str) -> None:
    assert classify_reply(body) == intent


@pytest.mark.parametrize("body", ["No, please don't send me these anymore", "No me manden más mensajes"])
async def test_such_a_no_records_the_opt_out_and_is_quoted(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] != "sent")
    assert scene.store.text_opted_out([first["client_id"]])
    thread = scene.thread_text()
    assert f"{first['first_name']} replied: “{body}”" in thread, thread
    assert scene.proposal["current_index"] == 1


async def test_a_longer_no_is_quoted_and_a_short_one_is_not(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "No, but Thursday afternoon would work")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert scene.store.fill_offer(offer["id"])["status"] == "declined"
    assert not scene.store.text_opted_out([first["client_id"]])
    thread = scene.thread_text()
    assert f"{first['first_name']} replied: “No, but Thursday afternoon would work”" in thread, thread
    assert f"{first['first_name']} said no." in thread
    # the next guest's short NO is not quoted
    second = scene.candidate(1)
    await scene.approve_and_wait()
    second_offer = scene.store.latest_fill_offer(second["client_id"])
    assert second_offer is not None and second_offer["status"] == "sent"
    await scene.reply(second["client_id"], "No thanks")
    await eventually(lambda: scene.store.fill_offer(second_offer["id"])["status"] != "sent")
    assert scene.store.fill_offer(second_offer["id"])["status"] == "declined"
    assert "replied: “No thanks”" not in scene.thread_text()
