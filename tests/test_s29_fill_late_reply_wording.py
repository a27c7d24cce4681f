"""The reply drafted to a YES that came too late (the slot taken, or the hold run out) promises no further text:
the daily cap on offers and a manager's Approve decide whether another offer goes out, so it said too much with "we'll
text you as soon as another one opens". It says she is still on the waitlist, and nothing more."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill._common import SMS_LIMIT
from spa_copilot.fill.drafts import _too_late_text

START = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


@pytest.mark.parametrize("taken", [True, False], ids=["slot taken", "hold ran out"])
@pytest.mark.parametrize("first_name", ["Ava", "Maximiliana-Josefina" * 3], ids=["short name", "long name"])
def test_the_late_reply_promises_no_text(taken: bool, first_name: str) -> None:
    text = _too_late_text(first_name, "Swedish Massage 60", START, taken=taken)
    assert len(text) <= SMS_LIMIT
    lowered = text.lower()
    assert "still on our waitlist" in lowered
    for promise in ("we'll text", "we will text", "text you", "as soon as", "let you know"):
        assert promise not in lowered, text


@pytest.mark.parametrize("taken", [True, False], ids=["slot taken", "hold ran out"])
def test_the_long_reply_names_the_next_opening(taken: bool) -> None:
    text = _too_late_text("Ava", "Swedish Massage 60", START, taken=taken)
    assert text.endswith("You're still on our waitlist for the next opening."), text
