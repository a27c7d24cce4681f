"""The thread line of a waitlist write sent unread (``UNREAD_WRITE_TEXT``) said "for an hour" whatever
``UNREADABLE_READS`` and the re-drive's pace made that time: its wording is now derived from them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot.fill import REDRIVE_EVERY_SECONDS
from spa_copilot.fill.waitlist_writes import (
    REDRIVE_EVERY,
    UNREAD_WRITE_TEXT,
    UNREADABLE_FOR,
    UNREADABLE_READS,
    how_long,
    unread_write_text,
)


@pytest.mark.parametrize(
    ("time", "said"),
    [
        (timedelta(hours=1), "an hour"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(minutes=1), "a minute"),
        (timedelta(seconds=3 * 20), "a minute"),
        (timedelta(seconds=45), "45 seconds"),
    ],
)
def test_a_time_is_said_in_words(time: timedelta, said: str) -> None:
    assert how_long(time) == said


def test_the_line_says_the_time_the_setting_makes() -> None:
    assert REDRIVE_EVERY == timedelta(seconds=REDRIVE_EVERY_SECONDS)  # the outbox's pace, as the wiring sets it
    assert UNREADABLE_FOR == UNREADABLE_READS * REDRIVE_EVERY
    assert f"could not be read for {how_long(UNREADABLE_FOR)}," in UNREAD_WRITE_TEXT


@pytest.mark.parametrize(("reads", "said"), [(60, "for an hour,"), (30, "for 30 minutes,"), (120, "for 2 hours,")])
def test_the_wording_follows_the_count(reads: int, said: str) -> None:
    text = unread_write_text(reads * REDRIVE_EVERY)
    assert said in text and "{first_name}" in text and "{status}" in text
    assert "for an hour" not in text or reads == 60
