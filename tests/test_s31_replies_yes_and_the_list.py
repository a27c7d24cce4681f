"""A plain yes beside "remove me" or "take me off the list" (session 31, after 6f095d6).

To keep "Ok, remove me" and "Sure, take me off your list" a STOP beside the wider yes words of rev31a M3, 6f095d6 read
a bare "remove me" and "take me off the list" as hers beside ANY yes: "Yes please, you can remove me from the list",
"Yes! And you can take me off the list now" became an opt-out, the offer declined and the guest never texted again,
while she most likely says yes to the slot and that she needs the waitlist no more (rev30g's "Yes please! And you can
take me off the waitlist" said with "the list"). Beside a plain yes (yes, yeah, yep, yup) they go to a person again,
as they did before; beside an "ok" or a "sure" they stay a STOP; and a yes beside an unmistakable opt-out is a STOP."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply


@pytest.mark.parametrize("body", [
    "Yes, take me off the list",
    "Yes, remove me",
    "yes take me off the list please",
    "Yes! And you can take me off the list now",
    "Yes and please remove me from the list",
    "Yes please, you can remove me from the list",
    "Yes! remove me from the list, thanks",
    "Yep, take me off the list",
])
def test_a_plain_yes_beside_remove_me_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", [
    "Ok, remove me",
    "Sure, take me off your list",
    "Take me off the list",
    "Remove me",
    "Please remove me from your list",
    "Yes, unsubscribe me",
    "Yep, opt out",
    "Yes, never text me again",
    "STOP",
])
def test_an_opt_out_without_a_plain_yes_beside_remove_me_stays_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"
