"""rev39k: replies this session first took for a permanent opt-out, which the session's start did not: praise for the
texts ("Your texts never stop! Best spa ever"), a question in capitals about her treatment, the closing time or her
migraine ("When does it STOP?", "WHEN DO YOU STOP?", "My migraine. When will it STOP?"), "make this/them stop" about her
day ("Mondays, make them stop", "Traffic is insane. Make this stop"), a stop sentence followed by a time to book
("I asked you to stop. Do you have 2pm?"). None is her opt-out; those asking the spa are."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "Your texts never stop! Best spa ever", "Your texts never stop! Thank you!",
    "Your messages don't stop, great customer service", "When does it STOP?", "Massage at 3? When does it STOP?",
    "WHEN DO YOU STOP?", "My migraine. When will it STOP?", "Ugh the rain. When will it STOP?", "When will they STOP?",
    "Mondays, make them stop", "My dog is barking. Make this stop", "Traffic is insane. Make this stop",
    "Stressed out, make this stop", "Make this stop, I need that massage", "Your texts never stop, can I get 3pm?",
    "I asked you to stop. Do you have 2pm?", "I told you to stop! Ugh fine, 3pm",
])
def test_no_opt_out(body: str) -> None:
    assert not _opted_out(body), (classify_reply(body), stop_said_apart(body))


@pytest.mark.parametrize(("hers", "not_hers"), [
    ("Go away. Make this stop", "Traffic is insane. Make this stop"),
    ("She passed away. Please make this stop", "My dog is barking. Make this stop"),
    ("When will this STOP?", "When will it STOP?"),
    ("When will you STOP?", "WHEN DO YOU STOP?"),
    ("I asked you to stop. Why are you still texting me?", "I asked you to stop. Do you have 2pm?"),
])
def test_her_opt_out_beside_its_near_miss(hers: str, not_hers: str) -> None:
    assert _opted_out(hers)
    assert not _opted_out(not_hers)


@pytest.mark.parametrize(("hers", "not_hers"), [
    ("Hi. Make this stop", "Mondays, make them stop"),
    ("I keep getting these texts. Make them stop", "Traffic is insane. Make this stop"),
    ("I don't know you. Make this stop", "Stressed out, make this stop"),
    ("I asked you to stop. Do I have to block you?", "I asked you to stop. Do you have anything Friday?"),
    ("I asked you to stop. Why do you have my number?", "I asked you to stop. Do you have 2pm?"),
    ("When do the texts STOP?", "WHEN DO YOU STOP?"),
    ("When are you gonna STOP?", "When does it STOP?"),
])
def test_rev39l_her_opt_out_kept_beside_its_near_miss(hers: str, not_hers: str) -> None:
    assert _opted_out(hers)
    assert not _opted_out(not_hers)


@pytest.mark.parametrize(("hers", "not_hers"), [
    ("I told you to stop, you are the worst", "I told you to stop, you guys are spoiling me"),
    ("I told you to stop!", "I told you to stop! You're the best"),
])
def test_rev39l_delight_after_i_told_you_to_stop_is_no_opt_out(hers: str, not_hers: str) -> None:
    assert _opted_out(hers)
    assert not _opted_out(not_hers)
