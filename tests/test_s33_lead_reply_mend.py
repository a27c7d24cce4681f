"""A short review of the s33 reply mend (rev33g): a loose yes spelling beside "remove me" no longer hides the opt-out,
and "Remove this number" beside another way to reach her is for a person (5 December).

G1: "Yeh remove me", "Yah, get me off this list", "Por supuesto, remove me" were opt-outs before "yeh", "yah" and "por
supuesto" were yes-words; the widening made them a person's to read, and she was texted at the next opening. G2:
"Remove this number, text Sarah instead" became a STOP, which silences the guest on every number, the new one too."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "Yeh no. Remove me", "Yeh no thanks, remove me", "Yeh. Remove me", "Yeh remove me", "Yeh, remove me please",
    "Yah, get me off this list", "Por supuesto, remove me",
])
def test_a_loose_yes_beside_remove_me_is_still_the_opt_out(body: str) -> None:
    assert _opted_out(body), classify_reply(body)


@pytest.mark.parametrize("body", [
    "Remove this number, text Sarah instead", "Remove this number, text the landline instead",
    "Delete this contact, Sarah handles bookings now", "Remove this contact, text the office line instead",
])
def test_remove_this_number_beside_another_way_to_reach_her_is_for_a_person(body: str) -> None:
    assert not _opted_out(body) and classify_reply(body) == "other", classify_reply(body)


@pytest.mark.parametrize("body", ["Yes please, you can remove me from the list", "Of course, remove me"])
def test_a_plain_yes_beside_remove_me_is_still_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", ["Remove this number, call me instead", "Remove this number, email me instead"])
def test_remove_this_number_asking_for_a_call_or_an_email_is_still_the_opt_out(body: str) -> None:
    assert _opted_out(body), classify_reply(body)  # no more texts at all (rev33i M3)
