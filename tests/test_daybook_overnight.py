"""The day book of a shift past midnight (18:00–02:00): ``/spa today`` and the App Home read the next day's bookings
too, so a Tuesday-evening therapist booked at 12:30am Wednesday is not shown free then, while Tuesday's book lists
Tuesday's bookings only. The next day is read once, only when a shift of the day runs past midnight, through the same
platform read as the day, and an outage of that read is answered as one of the day's.

Each test drives the real paths through a small world of its own (one location in New York, Mia the therapist, a
manager, two clients), with the clock set by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.domain import Appointment, Shift
from spa_copilot.engines.daybook import NEAR_DAYS
from spa_copilot.platform.errors import PlatformError, PlatformProtocolError, PlatformUnavailable
from spa_copilot.reads import load_day_book
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack import texts
from spa_copilot.slack.home import home_view_for

from . import builders as b
from .conftest import FakeClock, front_desk_asks, small_spa_world

NY = ZoneInfo("America/New_York")
TUESDAY, WEDNESDAY = date(2026, 11, 24), date(2026, 11, 25)
MIA = "st_1"  # the builders' therapist id
OVERNIGHT = [Shift(weekday=TUESDAY.weekday(), start="18:00", end="02:00")]  # Tuesday evening into Wednesday
MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=NY)


def booked(start: datetime, minutes: int, id: str, **overrides: Any) -> Appointment:
    """A booking with Mia from ``start`` (an instant) lasting ``minutes`` of real time."""
    return b.appointment(start.astimezone(UTC), minutes, id=id, **overrides)


def ny(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=NY)


#: Tuesday 7:00pm with Ava; Wednesday 12:30am with Noa (Wednesday's book); a cancelled Wednesday 1:30am.
NIGHT = [
    booked(ny(TUESDAY, 19), 60, "ap_tue", resource_ids=[]),
    booked(ny(WEDNESDAY, 0, 30), 60, "ap_wed", client_id="cl_2", resource_ids=[]),
    booked(ny(WEDNESDAY, 1, 30), 30, "ap_off", status="cancelled", resource_ids=[]),
]


def spa_world(
    settings: Settings,
    tmp_path: Path,
    clock: FakeClock,
    appointments: Sequence[Appointment],
    *,
    shifts: Sequence[Shift] = OVERNIGHT,
    mia: dict[str, Any] | None = None,
) -> AbstractAsyncContextManager[SandboxWorld]:
    """A spa of one location in New York, Mia working ``shifts``, a manager, two clients."""
    return small_spa_world(settings, tmp_path, clock, appointments, shifts=shifts, therapist=mia)


def count_reads(world: SandboxWorld, *, failing: dict[date, PlatformError] | None = None) -> list[tuple[str, date, date]]:
    """From now on, each appointments read of the world's platform as (location id, the local day it reads, the day
    after); a read of a day of ``failing`` raises its error instead. A day is read with ``NEAR_DAYS`` either side (a
    booking whose ``startAt`` disagrees with its services, ``reads.load_day``): those are taken off here."""
    reads: list[tuple[str, date, date]] = []
    platform = world.copilot.platform
    real = platform.list_appointments
    margin = timedelta(days=NEAR_DAYS)

    async def counted(**kwargs: Any) -> Any:
        start, end = kwargs.get("start_from"), kwargs.get("start_to")
        if kwargs.get("location_id") and start is not None and end is not None:
            first = start.astimezone(NY).date() + margin
            reads.append((kwargs["location_id"], first, end.astimezone(NY).date() - margin))
            if failing and first in failing:
                raise failing[first]
        return await real(**kwargs)

    platform.list_appointments = counted  # type: ignore[method-assign]
    return reads


def frees(book_text: str) -> list[str]:
    """The free stretches a day book answer shows, in order ("6:00pm–7:00pm free (1 h)")."""
    return re.findall(r"• _([^_]+ free \([^)]+\))_", book_text)


# ---------------------------------------------------------------------------------------------------
# /spa today and the App Home


async def test_spa_today_is_not_free_past_midnight_where_the_next_day_is_booked(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = MORNING
    async with spa_world(settings, tmp_path, clock, NIGHT) as world:
        reads = count_reads(world)
        tuesday = await front_desk_asks(world, "today")
        tuesday_reads = sorted(reads)
        wednesday = await front_desk_asks(world, "today tomorrow")
    assert "6:00pm–2:00am" in tuesday and "*7:00pm–8:00pm*  Ava S." in tuesday, tuesday
    # Wednesday's 12:30am booking takes its hour out of Tuesday's shift; the cancelled 1:30am one does not
    assert frees(tuesday) == ["6:00pm–7:00pm free (1 h)", "8:00pm–12:30am free (4 h 30 min)",
                              "1:30am–2:00am free (30 min)"], tuesday
    assert "Noa B." not in tuesday and "12:30am–1:30am" not in tuesday, "a booking is in the book of the day it starts"
    assert "*12:30am–1:30am*  Noa B." in wednesday and "Ava S." not in wednesday
    assert tuesday_reads == [("loc_1", TUESDAY, WEDNESDAY), ("loc_1", WEDNESDAY, WEDNESDAY + timedelta(days=1))], (
        "the next local day whole, once, through the same read as the day"
    )


async def test_the_app_home_book_counts_the_next_days_bookings_too(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = MORNING
    async with spa_world(settings, tmp_path, clock, NIGHT) as world:
        view = (await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict()
    shown = json.dumps(view, ensure_ascii=False)
    # the Home says how many free stretches: 6-7pm, 8pm-12:30am and 1:30-2am (not 6-7pm and 8pm-2am)
    assert "*Mia Test* — 1 appointment, 3 gaps · 6:00pm–2:00am" in shown, shown
    assert "_1 appointment in all_" in shown


@pytest.mark.parametrize(
    "shifts",
    [
        [Shift(weekday=TUESDAY.weekday(), start="09:00", end="18:00")],
        [Shift(weekday=TUESDAY.weekday(), start="16:00", end="00:00")],  # until midnight: nothing of Wednesday in it
        [Shift(weekday=TUESDAY.weekday() - 1, start="18:00", end="02:00")],  # Monday's night, not Tuesday's
        [Shift(weekday=TUESDAY.weekday(), start="00:00", end="00:00")],  # the whole day
    ],
    ids=["day", "until-midnight", "yesterdays-night", "whole-day"],
)
async def test_no_shift_past_midnight_reads_the_day_only(
    shifts: list[Shift], settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = MORNING
    day = [booked(ny(TUESDAY, 17), 60, "ap_tue", resource_ids=[]), *NIGHT[1:]]
    async with spa_world(settings, tmp_path, clock, day, shifts=shifts) as world:
        reads = count_reads(world)
        answer = await front_desk_asks(world, "today")
    assert reads == [("loc_1", TUESDAY, WEDNESDAY)], "no extra read when no shift runs past midnight"
    assert "*5:00pm–6:00pm*  Ava S." in answer and "Noa B." not in answer


async def test_an_inactive_therapist_booked_that_day_has_their_shift_past_midnight_counted(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    """Someone no longer active has a row only when booked that day: their shift needs the next day only then."""
    clock.current = MORNING
    async with spa_world(settings, tmp_path, clock, NIGHT, mia={"active": False}) as world:
        reads = count_reads(world)
        answer = await front_desk_asks(world, "today")
    assert sorted(reads) == [("loc_1", TUESDAY, WEDNESDAY), ("loc_1", WEDNESDAY, WEDNESDAY + timedelta(days=1))]
    assert frees(answer) == ["6:00pm–7:00pm free (1 h)", "8:00pm–12:30am free (4 h 30 min)",
                             "1:30am–2:00am free (30 min)"], answer
    async with spa_world(settings, tmp_path, clock, NIGHT[1:], mia={"active": False}) as world:
        reads = count_reads(world)
        await front_desk_asks(world, "today")
    assert reads == [("loc_1", TUESDAY, WEDNESDAY)], "not booked on Tuesday: no row, so no need of Wednesday"


# ---------------------------------------------------------------------------------------------------
# An outage of the next day's read is the book's, as one of the day's


@pytest.mark.parametrize("failing_day", [TUESDAY, WEDNESDAY], ids=["the-day", "the-next-day"])
async def test_an_outage_of_either_days_read_is_answered_as_the_platform_down(
    failing_day: date, settings: Settings, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    clock.current = MORNING
    outage = PlatformUnavailable("GET /v1/appointments failed (HTTP 503)", status=503)
    async with spa_world(settings, tmp_path, clock, NIGHT) as world:
        reads = count_reads(world, failing={failing_day: outage})
        answer = await front_desk_asks(world, "today")
        home = json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict(), ensure_ascii=False)
    assert failing_day in {first for _, first, _ in reads}, "the failing read was made"
    assert texts.PLATFORM_DOWN_TEXT in answer and "Traceback" not in answer, answer
    assert "6:00pm" not in answer, "no half-read book"
    assert texts.HOME_BOOK_UNREAD_TEXT in home and "free (" not in home
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("failing_day", [TUESDAY, WEDNESDAY], ids=["the-day", "the-next-day"])
async def test_a_broken_answer_to_either_days_read_gets_the_error_note(
    failing_day: date, settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = MORNING
    broken = PlatformProtocolError("GET /v1/appointments: a body not of the contract's shape")
    async with spa_world(settings, tmp_path, clock, NIGHT) as world:
        count_reads(world, failing={failing_day: broken})
        answer = await front_desk_asks(world, "today")
    assert "Something went wrong" in answer and "error id" in answer, answer
    assert "contract's shape" not in answer and "Traceback" not in answer


# ---------------------------------------------------------------------------------------------------
# load_day_book itself: books already read, and the night the clocks go back


async def test_books_already_read_are_used_for_the_next_day_and_it_is_kept(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = MORNING
    async with spa_world(settings, tmp_path, clock, NIGHT) as world:
        catalog = await world.copilot.catalog()
        [location] = catalog.locations
        books: dict[tuple[str, date], list[Appointment]] = {}
        reads = count_reads(world)
        first = await load_day_book(world.copilot.platform, catalog, location, TUESDAY, books=books)
        assert sorted(books) == [("loc_1", TUESDAY), ("loc_1", WEDNESDAY)]
        assert [a.id for a in books[("loc_1", WEDNESDAY)]] == ["ap_wed", "ap_off"]
        again = await load_day_book(world.copilot.platform, catalog, location, TUESDAY, books=books)
    assert len(reads) == 2, "read once, then taken from the books"
    for book in (first, again):
        [row] = book.staff_days
        assert [e.appointment_id for e in row.entries] == ["ap_tue"] and book.appointment_count == 1
        assert [(f"{g.start:%a %H:%M}", f"{g.end:%a %H:%M}") for g in row.gaps] == [
            ("Tue 18:00", "Tue 19:00"), ("Tue 20:00", "Wed 00:30"), ("Wed 01:30", "Wed 02:00")
        ]


async def test_a_shift_into_the_night_the_clocks_go_back_counts_bookings_in_either_1am(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    """Saturday 22:00 to Sunday 03:00 on 31 Oct-1 Nov 2026 (New York): six hours of real time; Sunday's bookings at
    1:30am EDT and 1:15am EST are read with Sunday and are busy time in it."""
    saturday, sunday = date(2026, 10, 31), date(2026, 11, 1)
    night = [
        booked(datetime(2026, 11, 1, 5, 30, tzinfo=UTC), 30, "ap_edt"),  # 1:30am EDT
        booked(datetime(2026, 11, 1, 6, 15, tzinfo=UTC), 30, "ap_est", client_id="cl_2"),  # 1:15am EST
    ]
    clock.current = datetime(2026, 10, 31, 9, 0, tzinfo=NY)
    shifts = [Shift(weekday=saturday.weekday(), start="22:00", end="03:00")]
    async with spa_world(settings, tmp_path, clock, night, shifts=shifts) as world:
        catalog = await world.copilot.catalog()
        reads = count_reads(world)
        book = await load_day_book(world.copilot.platform, catalog, catalog.locations[0], saturday)
    assert sorted(first for _, first, _ in reads) == [saturday, sunday]
    [row] = book.staff_days
    assert row.entries == [] and book.appointment_count == 0
    assert [(g.start.isoformat(), g.end.isoformat(), g.minutes) for g in row.gaps] == [
        ("2026-10-31T22:00:00-04:00", "2026-11-01T01:30:00-04:00", 210),
        ("2026-11-01T01:45:00-05:00", "2026-11-01T03:00:00-05:00", 75),
    ]

