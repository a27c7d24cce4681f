"""``/spa waitlist add``'s window as the front desk types it (5 December).

Probing with text typed as in Slack: ``… fri 2-6pm`` answered "2-6pm is not a time range", ``… fri 2pm to 6pm``
"2pm is not a time range", ``… fri 2 – 6pm`` "– 6pm is not a time range" (``fri 2`` was read as Friday the 2nd),
and ``… 2:30-6pm`` was taken as 2:30am to 6pm. Now a start without am or pm takes the end's (the other one when the
window would end before it starts: ``10-1pm`` is 10am to 1pm), ``to`` is a dash, am or pm may be written apart
(``2-6 pm``, ``9:30 am - 1 pm``), and a number after the day followed by a dash starts the window."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.command_parser import CommandError, parse_time_range, parse_waitlist_add
from tests.conftest import front_desk_asks


@pytest.mark.parametrize(
    ("typed", "window"),
    [
        ("2-6pm", ("14:00", "18:00")),
        ("2–6PM", ("14:00", "18:00")),
        ("2:30-6pm", ("14:30", "18:00")),
        ("10-1pm", ("10:00", "13:00")),
        ("11-2pm", ("11:00", "14:00")),
        ("12-3pm", ("12:00", "15:00")),
        ("8-11am", ("08:00", "11:00")),
        ("7-10pm", ("19:00", "22:00")),
        ("2pm to 6pm", ("14:00", "18:00")),
        ("2 to 6pm", ("14:00", "18:00")),
        ("2-6 pm", ("14:00", "18:00")),
        ("2 - 6 p.m.", ("14:00", "18:00")),
        # unchanged
        ("2pm-6pm", ("14:00", "18:00")),
        ("14:00-18:00", ("14:00", "18:00")),
        ("9:30-13:00", ("09:30", "13:00")),
        ("10am-1pm", ("10:00", "13:00")),
    ],
)
def test_a_window_as_typed_at_a_front_desk(typed: str, window: tuple[str, str]) -> None:
    assert parse_time_range(typed) == window


# "9-5", "2pm-6" and "2-6" are read as a spa's staff mean them since: tests/test_s30_slack_windows_without_am_or_pm.py
@pytest.mark.parametrize("typed", ["banana", "2 pm-banana"])
def test_a_window_whose_times_say_nothing_of_am_or_pm_is_still_refused(typed: str) -> None:
    with pytest.raises(CommandError, match="is not a time range"):
        parse_time_range(typed)


@pytest.mark.parametrize(
    ("words", "day", "window", "location"),
    [
        ("fri 2 – 6pm", "fri", ("14:00", "18:00"), ""),
        ("fri 2 - 6pm Venice", "fri", ("14:00", "18:00"), "Venice"),
        ("fri 2 to 6pm", "fri", ("14:00", "18:00"), ""),
        ("fri 2-6 pm Venice", "fri", ("14:00", "18:00"), "Venice"),
        ("tmrw 9:30 am - 1 pm", "tmrw", ("09:30", "13:00"), ""),
        ("Dec 7 2 - 6pm", "Dec 7", ("14:00", "18:00"), ""),
        ("fri 27 2pm-6pm", "fri 27", ("14:00", "18:00"), ""),  # Friday the 27th stays
    ],
)
def test_the_day_and_the_window_are_told_apart(
    words: str, day: str, window: tuple[str, str], location: str
) -> None:
    added = parse_waitlist_add(["cl_0001", "sv_swedish_60", *words.split()])
    assert (added.day_word, (added.start, added.end), added.location) == (day, window, location)


@pytest.mark.parametrize("window", ["2-6pm", "2 – 6pm", "2pm to 6pm"])
async def test_waitlist_add_takes_the_window_as_typed(world: SandboxWorld, window: str) -> None:
    answer = await front_desk_asks(world, f"waitlist add cl_0001 sv_swedish_60 fri {window}")
    assert "Added Kinsley to the waitlist" in answer and "on Fri 27 Nov, 2:00pm–6:00pm" in answer, answer[:300]
