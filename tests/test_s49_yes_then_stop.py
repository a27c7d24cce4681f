"""s49 (probe47b LOW): a yes with an opt-out put off until after this offer ("yes, stop texting me after this",
"Yes! Please unsubscribe me after this one", "Yes but then stop") was read as no opt-out at all (a reply for a
person, her ask not to be texted again not kept) or as a STOP that declined the offer she had just said yes to. It is
a YES_STOP: her opt-out is recorded and nothing is booked or declined (a person books her, as for "Yes I'll take it!
And stop texting me"). An opt-out for a time of day ("stop texting me after 9pm"), another person's, or a question
stays for a person; a bare opt-out put off, with no yes, is still a STOP."""

from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PUT_OFF = [
    "yes, stop texting me after this",
    "Yes! And stop messaging me after",
    "yes please and please stop texting me after",
    "Yes! Please unsubscribe me after this one",  # was a STOP: her yes declined
    "yes, after this please stop texting me",  # was a STOP
    "Yes. After that, stop texting me",  # was a STOP
    "yes and then stop texting me",  # was a STOP
    "YES!! stop texting me afterwards",
    "Yes but then stop",
    "yes, and then stop please",
]
NOT_PUT_OFF = [
    ("Yes, stop texting me after 9pm", "other"),  # a time of day, not this offer
    ("Yes, stop texting the others after this", "other"),  # not her texts
    ("Yes? stop texting me after this", "other"),  # a question
    ("yes but then stop?", "other"),
    ("ok, stop texting me after this", "other"),  # an "ok" may only agree to stopping
    ("No, stop texting me after this", "stop"),
    ("stop texting me after this", "stop"),
    ("Yes, stop texting me", "stop"),  # unchanged: a yes that may agree to stopping
    ("then stop", "other"),
    ("Yes but remove me from the list after", "other"),  # the list may be the waitlist, as "Yes please, remove me …"
    # rev49b: what follows "then" is not her texts, or the yes is no yes to this offer
    ("Yes! And then take me off the 4pm", "other"),
    ("Yes, then stop texting my husband", "other"),
    ("Yes! And then stop texting me after 9pm please", "other"),
    ("Yes I know, but I can't. Then stop texting me", "stop"),
    ("Yes I got it but I can't make it, stop texting me after this", "other"),
    ("Yes I saw it, but no thanks. Stop texting me after this", "other"),
    ("I didn't say yes, then stop", "other"),
]


@pytest.mark.parametrize("body", PUT_OFF)
def test_a_yes_with_an_opt_out_put_off_until_after_this_offer_is_a_yes_stop(body: str) -> None:
    assert classify_reply(body) == "yes_stop"
    assert classify_reply(body, offered=datetime(2026, 12, 5, 15, 0)) == "yes_stop"


@pytest.mark.parametrize(("body", "expected"), NOT_PUT_OFF)
def test_other_opt_outs_beside_a_yes_are_read_as_before(body: str, expected: str) -> None:
    assert classify_reply(body) == expected


async def test_her_opt_out_is_kept_and_the_card_left_to_a_person(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "yes, stop texting me after this")
    await eventually(lambda: "asked not to be texted again" in scene.thread_text())
    assert scene.store.text_opted_out([first["client_id"]])
    assert not scene.bookings_for(first["client_id"])  # a person books her
    assert scene.proposal["status"] == "sent"  # her hold stands: not declined
