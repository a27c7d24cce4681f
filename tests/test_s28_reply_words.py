"""Guests' replies to an offer, as phones send them (session 28 review of the fill flow).

"STOP ALL" (a carrier opt-out keyword) and "REVOKE" (a word the FCC's 2025 rules make an opt-out) were read as unclear:
no opt-out was recorded and the guest stayed offerable by text. A plain yes under a phone's signature ("Yes!⏎⏎Sent from
my iPhone", "YES⏎--⏎Jane") and yeses in other words ("Works for me", "Perfect!", "yes lol") were unclear too, so the
hold could run out on a willing guest while a person followed up.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import _names_a_claiming_reply, offered_start
from spa_copilot.fill.reply_intent import classify_reply
from tests.fill_scene import Scene, eventually, proposed


@pytest.mark.parametrize("body", [
    "STOP ALL", "Stop all", "stop all please", "REVOKE", "Revoke.", "Stop it", "stop it please", "Stop all texts please",
    "Please lose my number", "STOP ALL\n> Reply YES to claim it at 11:00 am",
])
def test_an_opt_out_in_any_standard_words_is_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", [
    "Yes!\n\nSent from my iPhone", "YES\n--\nJane", "yes\n\u2014\nJane R.", "Works for me", "That works!",
    "works for me, thanks!", "That works, see you then", "Perfect", "Perfect, see you soon!", "yes lol", "Yes haha",
])
def test_a_plain_yes_in_other_words_or_above_a_signature_is_a_yes(body: str) -> None:
    assert classify_reply(body) == "yes"


@pytest.mark.parametrize(("body", "intent"), [
    ("Naw", "no"),
    ("No\n--\nJane", "no"),
    ("Not perfect", "no"),
    # what stands around the yes words still decides
    ("Perfect but can it be at 3?", "other"),
    ("It works better at 3", "other"),
    ("That works for my sister", "other"),
    ("Nothing works", "other"),
    ("Sent from my iPhone", "other"),
    ("👍", "other"),
])
def test_the_words_around_them_still_decide(body: str, intent: str) -> None:
    assert classify_reply(body) == intent


@pytest.mark.parametrize("text", ["Perfect for a Friday, Ana!", "A slot that works for you opened at 11:00 am."])
def test_an_invitation_saying_perfect_or_works_asks_for_no_reply(text: str) -> None:
    assert not _names_a_claiming_reply(text)  # the Edit check still wants "Reply YES"


async def test_a_stop_all_reply_is_remembered_as_an_opt_out(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    assert not scene.store.text_opted_out([first["client_id"]])
    await scene.reply(first["client_id"], "STOP ALL")
    await eventually(lambda: bool(scene.store.text_opted_out([first["client_id"]])), timeout=5)


@pytest.mark.parametrize("body", ["REVOKE", "Stop all", "opt out"])
async def test_the_sandbox_provider_opts_her_out_on_the_newer_keywords(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    preferences = scene.world.spa.client(first["client_id"]).messaging_preferences
    assert (preferences.transactional_text, preferences.marketing_text) == ("optedOut", "optedOut")


AT_11 = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))
AT_230 = datetime(2026, 11, 24, 14, 30, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(("body", "offered"), [
    ("Yes, 11 works", AT_11), ("Yes for the 11am!", AT_11), ("Yes, see you at 11!", AT_11), ("yes to 11:00", AT_11),
    ("Yes, 2:30 works", AT_230), ("yes 2:30pm", AT_230), ("YES @ 2:30 PM", AT_230),
])
def test_the_offers_own_time_said_back_is_no_doubt(body: str, offered: datetime) -> None:
    assert classify_reply(body) == "other"  # without the offer, a time is for a person
    assert classify_reply(body, offered=offered) == "yes"


AT_12 = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("America/New_York"))
AT_14 = datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(("body", "offered"), [
    ("Yes, 11 or 3?", AT_11), ("yes 11pm", AT_11), ("Yes at 3", AT_11), ("yes 2", AT_230), ("Yes 1100", AT_11),
    ("Yes, 11 works, but can it be Priya?", AT_11), ("yes 11", AT_11), ("yes 11.30", AT_11),
    # a date or a party is no time said back (a yes books one slot for one guest)
    ("Yes 12/12", AT_12), ("yes 12-12", AT_12), ("yes 11/11", AT_11), ("yes 2 of us", AT_14), ("yes for 2", AT_14),
    ("yes at 11 for 2", AT_11),
])
def test_another_time_or_a_question_stays_for_a_person(body: str, offered: datetime) -> None:
    assert classify_reply(body, offered=offered) == "other"


async def test_a_yes_naming_the_offered_time_books_the_slot(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    start = offered_start(scene.proposal)
    assert start is not None
    clock = f"{start.hour % 12 or 12}:{start.minute:02d}{'am' if start.hour < 12 else 'pm'}"
    await scene.reply(first["client_id"], f"Yes! See you at {clock}")
    await eventually(lambda: bool(scene.bookings_for(first["client_id"])), timeout=10)
