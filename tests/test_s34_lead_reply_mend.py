"""Mends of replies34 after its review (rev34e).

- R1: Spanish "No borren mi número" is "don't delete my number" (Spanish's "no" before a command is "don't"): it was
  recorded as an opt-out, the offer declined, and Slack told the copilot would not text her again.
- R2: a wrong-person reply ending on a bare STOP ("She no longer lives here STOP", "I'm not Maria STOP") went to a
  person with no opt-out recorded, and the number would be texted again.
"""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def opted_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "No borren mi número por favor", "No eliminen mi número", "No borre este número", "Por favor no borren mi número",
    "No borren mi número, quiero más ofertas", "No elimine mi numero gracias",
])
def test_spanish_keep_my_number_is_no_opt_out(body: str) -> None:
    assert not opted_out(body)


@pytest.mark.parametrize("body", ["Borra este número", "Por favor borren mi número", "Hola, elimine mi número gracias"])
def test_spanish_delete_my_number_is_still_an_opt_out(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", [
    "She no longer lives here STOP", "I'm not Maria STOP", "He doesn't live here STOP", "This isn't her number STOP",
    "She no longer lives here please stop", "I'm not Maria STOP please", "I'm not Maria stop thx",  # rev34i
])
def test_the_wrong_person_then_stop_opts_out(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", [
    "She no longer lives here", "I'm not Maria",
    # rev34i M5: asked NOT to stop, these were made opt-outs by the rule above
    "I'm not Maria, no need to stop", "She no longer lives here but forward it, no need to stop",
    "I'm not Maria, don't stop",
])
def test_the_wrong_person_alone_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"
