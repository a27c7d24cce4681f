"""rev31a LOW: "See you at 11:00!" with the offer's own time, said in docs/behaviour.md to be a YES, was for a person.
It is a YES now, to the 11:00 offer only and with nothing else beside it."""

from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill import classify_reply

ELEVEN = datetime(2026, 12, 5, 11, 0)


@pytest.mark.parametrize("body", ["See you at 11:00!", "See you at 11am", "Great, see you at 11 then", "ok see you at 11",
                                  "See you at 11:00, thanks"])
def test_see_you_at_the_offers_own_time_is_a_yes(body: str) -> None:
    assert classify_reply(body, offered=ELEVEN) == "yes"


@pytest.mark.parametrize("body", ["See you at 3pm!", "See you at 11:00?", "See you at 11:00 😂", "See you at 11, and bring Ana",
                                  "See you at 11 tomorrow", "Can't see you at 11", "See you at 11 or 12"])
def test_see_you_otherwise_is_no_yes(body: str) -> None:
    assert classify_reply(body, offered=ELEVEN) != "yes"


@pytest.mark.parametrize("body", ["See you at 11:00!", "See you at 11am"])
def test_see_you_without_the_offers_time_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"
