"""A waitlist window typed without am or pm on one end or both (``9-5``, ``2pm-6``) is read as a spa's staff mean it
(5 December).

``/spa waitlist add … fri 9-5`` answered "9-5 is not a time range", and so did ``2pm-6`` and ``10-2``, which nobody at a
front desk reads any other way. Now a time without am or pm is read within a spa's day, 7:00am to 10:00pm: of the
readings that put the window there, start before end and at most 12 hours long, the one left is taken (``9-5`` is
9:00am–5:00pm, ``2pm-6`` 2–6pm, ``10-2`` 10am–2pm, ``5-8`` 5–8pm); a window read two ways there (``7-9``, morning or
evening) gets the help asking for am or pm. What was read before is read as before (``7:00-9:00`` is 7–9am)."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.command_parser import CommandError, parse_time_range, parse_waitlist_add
from tests.conftest import front_desk_asks


@pytest.mark.parametrize(
    ("typed", "window"),
    [
        ("9-5", ("09:00", "17:00")),
        ("9 - 5", ("09:00", "17:00")),
        ("9 to 5", ("09:00", "17:00")),
        ("9:00-5:00", ("09:00", "17:00")),
        ("9:30-1", ("09:30", "13:00")),
        ("2pm-6", ("14:00", "18:00")),
        ("2PM–6", ("14:00", "18:00")),
        ("10am-2", ("10:00", "14:00")),
        ("6am-9", ("06:00", "09:00")),  # a time with am or pm stands as typed, even before 7am
        ("10-2", ("10:00", "14:00")),
        ("2-6", ("14:00", "18:00")),
        ("11-1", ("11:00", "13:00")),
        ("12-3", ("12:00", "15:00")),
        ("9-12", ("09:00", "12:00")),
        ("5-8", ("17:00", "20:00")),
        ("8-8", ("08:00", "20:00")),
        ("9-17:00", ("09:00", "17:00")),
    ],
)
def test_a_window_without_am_or_pm_is_read_as_the_front_desk_means_it(typed: str, window: tuple[str, str]) -> None:
    assert parse_time_range(typed) == window


@pytest.mark.parametrize(("typed", "readings"), [("7-9", "7am-9am or 7pm-9pm"), ("8-10", "8am-10am or 8pm-10pm"),
                                                 ("7:30-9", "7:30am-9am or 7:30pm-9pm")])
def test_a_window_that_reads_two_ways_asks_for_am_or_pm(typed: str, readings: str) -> None:
    with pytest.raises(CommandError) as refused:
        parse_time_range(typed)
    assert refused.value.problem == f"{typed} could be {readings}: type the one you mean, with am or pm"


@pytest.mark.parametrize(("typed", "problem"), [("2pm-6am", "ends before it starts"), ("2pm-11", "type it with am or pm"),
                                                ("9-banana", "is not a time range"),
                                                ("9-17", "is not a time range"), ("14-18", "is not a time range")])
def test_a_window_no_reading_fits_is_still_refused(typed: str, problem: str) -> None:
    with pytest.raises(CommandError, match=problem):
        parse_time_range(typed)


@pytest.mark.parametrize(("typed", "window"), [("7:00-9:00", ("07:00", "09:00")), ("2-6pm", ("14:00", "18:00")),
                                               ("10-1pm", ("10:00", "13:00")), ("14:00-18:00", ("14:00", "18:00"))])
def test_what_was_read_before_is_read_the_same(typed: str, window: tuple[str, str]) -> None:
    assert parse_time_range(typed) == window


def test_the_day_before_a_window_without_am_or_pm_stays_the_day() -> None:
    added = parse_waitlist_add(["cl_0001", "sv_swedish_60", "fri", "9", "-", "5", "Venice"])
    assert (added.day_word, added.start, added.end, added.location) == ("fri", "09:00", "17:00", "Venice")


@pytest.mark.parametrize(("window", "said"), [("2pm-6", "2:00pm–6:00pm"), ("2 - 6", "2:00pm–6:00pm"),
                                              ("10-2", "10:00am–2:00pm")])
async def test_waitlist_add_takes_it(world: SandboxWorld, window: str, said: str) -> None:
    answer = await front_desk_asks(world, f"waitlist add cl_0001 sv_swedish_60 fri {window}")
    assert "Added Kinsley to the waitlist" in answer and f"on Fri 27 Nov, {said}" in answer, answer[:300]


async def test_waitlist_add_asks_about_a_window_read_two_ways(world: SandboxWorld) -> None:
    answer = await front_desk_asks(world, "waitlist add cl_0001 sv_swedish_60 fri 7-9")
    assert "7-9 could be 7am-9am or 7pm-9pm" in answer and "Added" not in answer, answer[:300]
