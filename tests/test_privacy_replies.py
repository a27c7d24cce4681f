"""A guest's free-text SMS reply reaches the #front-desk thread masked: card numbers, phones, emails and whatever else
the scrubber masks for a model never reach a Slack channel; what the desk acts on ("wants 3pm instead") stays.

The thread test uses the fill scene (``tests/fill_scene.py``).
"""

from __future__ import annotations

import json

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff
from spa_copilot.platform.signing import signed_headers
from spa_copilot.sandbox.world import WEBHOOK_URL
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CARD = "4000 0566 5566 5556"
PHONE = "415-555-0199"
EMAIL = "jane.okonkwo@gmail.com"


@pytest.mark.parametrize(
    ("reply", "gone", "kept"),
    [
        (f"Deposit on card {CARD}, cell {PHONE}", [CARD, PHONE], ["Deposit on card [card]", "cell [phone]"]),
        (f"email me at {EMAIL} instead", [EMAIL], ["email me at [email] instead"]),
        ("ring me on +44 7700 900123 pls", ["7700 900123"], ["ring me on [phone] pls"]),
        ("I moved to 42 Elm Street, can I come at 4?", ["42 Elm Street"], ["[address]", "can I come at 4?"]),
        ("card ending in 4242, cvv 123", ["4242", "123"], ["[card]"]),
        ("wants 3pm instead", [], ["wants 3pm instead"]),
        ("Can we do Tuesday 4:30\n\ninstead?", [], ["Can we do Tuesday 4:30 instead?"]),
    ],
)
def test_a_guests_words_for_staff_mask_what_the_scrubber_masks(reply: str, gone: list[str], kept: list[str]) -> None:
    shown = guest_words_for_staff(reply)
    assert not [word for word in gone if word in shown]
    assert all(part in shown for part in kept), shown


def test_a_long_reply_is_cut_after_it_is_masked() -> None:
    shown = guest_words_for_staff("word " * 80 + f"card {CARD}", limit=300)
    assert len(shown) <= 300 and shown.endswith("…") and "4000" not in shown
    at_the_edge = guest_words_for_staff("word " * 58 + CARD, limit=300)  # cut first, "4000 0566" would be left
    assert at_the_edge.endswith("[card]") and "0566" not in at_the_edge


async def test_a_reply_in_the_thread_shows_no_card_phone_or_email(scene: Scene) -> None:
    await proposed(scene)
    guest = scene.candidate(0)["client_id"]
    await scene.approve_and_wait()
    await scene.reply(guest, f"Can I come at 3 instead? Deposit on card {CARD}, cell {PHONE}")
    await eventually(lambda: "not a yes or no" in scene.thread_text())
    await scene.reply(guest, "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    await scene.reply(guest, f"No sorry, can't make it after all, email {EMAIL} or call 415 555 0198")
    await eventually(lambda: "can't make it after all" in scene.thread_text())
    thread = scene.thread_text()
    assert "Can I come at 3 instead? Deposit on card [card], cell [phone]" in thread
    assert "email [email] or call [phone]" in thread
    assert not [leak for leak in (CARD, PHONE, EMAIL, "415 555 0198") if leak in thread]


async def test_a_reply_in_the_thread_masks_the_guests_own_surname(scene: Scene) -> None:
    """"Hi it's Christopher Martin": the thread quotes the reply with the guest's surname masked, as every other
    place that shows a guest's words does (their record's private words)."""
    await proposed(scene)
    guest = scene.world.spa.clients[scene.candidate(0)["client_id"]]
    await scene.approve_and_wait()
    await scene.reply(guest.id, f"Hi it's {guest.first_name} {guest.last_name}, is this with Priya? can I come at 4?")
    await eventually(lambda: "not a yes or no" in scene.thread_text())
    thread = scene.thread_text()
    assert "can I come at 4?" in thread and guest.last_name not in thread


async def test_a_reply_with_no_text_is_said_to_be_one_not_quoted_as_empty(scene: Scene) -> None:
    """A picture with no text reaches the webhook as an empty body: the thread says so once, not “”."""
    await proposed(scene)
    guest = scene.candidate(0)["client_id"]
    await scene.approve_and_wait()
    at = scene.clock().isoformat()
    for message_id, body in (("m_picture", ""), ("m_spaces", " \n ")):
        envelope = {"id": f"evt_{message_id}", "type": "message.received", "createdAt": at, "data": {"message": {
            "id": message_id, "clientId": guest, "channel": "sms", "body": body, "receivedAt": at}}}
        raw = json.dumps(envelope).encode()
        headers = signed_headers(scene.world.settings.mangomint_webhook_secret.get_secret_value(),
                                 int(scene.clock().timestamp()), raw)
        assert (await scene.world.http.post(WEBHOOK_URL, content=raw, headers=headers)).status_code == 200
    await eventually(lambda: scene.thread_text().count("sent a message with no text (a picture?); please follow up") == 2)
    assert "“”" not in scene.thread_text() and scene.bookings_for(guest) == []
