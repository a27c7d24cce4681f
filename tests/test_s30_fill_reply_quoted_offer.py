"""A reply that quotes the offer and says its time back ("> Hi Ava, … Tue 3pm … Reply YES to claim it.⏎Yes, 3pm
works"): ``classify_reply(offered=…)`` took the offer's time out of the reply before setting the quoted offer aside,
so it took it out of the quoted offer (said first) and left the guest's own "3pm", read as a doubt (a person had to
follow up a plain yes); a pasted offer line lost the time that marks it as the offer and its words stayed. Now the
quoted offer is set aside first and the time looked for in the guest's own words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill.reply_intent import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TUE_3PM = datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
OFFER = ("Hi Ava, a 3:00pm Swedish Massage 60 with Priya just opened up on Tue 8 Dec at Juniper & Salt. Reply YES "
         "to claim it; we hold it for 15 minutes.")


@pytest.mark.parametrize("body", [
    # a ">"-quoted offer above her answer (Android, many SMS apps)
    "> Can you come Tue 3pm?\nYes 3pm works",
    f"> {OFFER}\n\nYes, 3pm works for me!",
    f"> {OFFER}\n> Reply STOP to opt out\nYes 3pm works thank you",
    # the offer pasted back as a line of its own (its time beside "Reply YES to claim"), her answer under it
    "Juniper & Salt: Ava, a Swedish Massage opened Tue at 3pm. Reply YES to claim. Reply STOP to opt out\nYes 3pm works!",
    # the offer in quotes, then her answer
    f"“{OFFER}”\nYes, see you at 3pm!",
    # iPhone: her answer, then the "On … wrote:" header and the offer quoted under it
    f"Yes! See you at 3pm\n\nOn Tue, Dec 8, 2026 at 1:02 PM, Juniper & Salt <+13105550100> wrote:\n> {OFFER}",
    f"Yes 3pm works 👍\n\nSent from my iPhone\n\nOn Dec 8, 2026, at 2:58 PM, +1 (310) 555-0100 wrote:\n\n> {OFFER}",
])
def test_a_reply_quoting_the_offer_and_saying_its_time_back_is_a_yes(body: str) -> None:
    assert classify_reply(body, offered=TUE_3PM) == "yes"


@pytest.mark.parametrize("body", [
    "> Can you come Tue 3pm? YES",  # all of it quoted: nothing of hers
    f"> {OFFER}\nYes, 3pm or 4pm?",  # another time: for a person
    f"> {OFFER}\nYes 4pm works",  # not the offer's time
    f"> {OFFER}\nYes for 2 at 3pm",  # two people
    f"> {OFFER}\nCan we do 3pm Wednesday instead?",
    f"Can we do 3pm Wednesday instead?\n\nOn Tue, Dec 8, 2026 at 1:02 PM, Juniper & Salt wrote:\n> {OFFER}",
])
def test_a_reply_quoting_the_offer_that_is_no_plain_yes_stays_for_a_person(body: str) -> None:
    assert classify_reply(body, offered=TUE_3PM) == "other"


def _clock_words(start: datetime) -> str:
    hour = start.hour % 12 or 12
    meridiem = "am" if start.hour < 12 else "pm"
    return f"{hour}{meridiem}" if start.minute == 0 else f"{hour}:{start.minute:02d}{meridiem}"


async def test_her_yes_quoting_the_offer_she_got_books_her(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    [text] = [m["body"] for m in scene.sent() if m["clientId"] == first["client_id"]]
    start = datetime.fromisoformat(first["start"]).astimezone(ZoneInfo(scene.proposal["opening"]["time_zone"]))
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], f"> {text}\nYes {_clock_words(start)} works")
    await fill.redrive_outbox(scene.copilot)
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert "please follow up" not in scene.thread_text()
