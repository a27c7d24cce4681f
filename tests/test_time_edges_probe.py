"""Time edge cases a spa's calendar meets: the nights the clocks change (New York and Los Angeles, 2026), bookings
across local midnight, zones without daylight saving and far east of UTC, platform times in 'Z', other offsets and
with microseconds, and "tomorrow" typed just before local midnight.

Each test drives the real paths through a small world of its own (one location or three, a therapist, a manager):
``/spa today``, ``/spa risk``, the morning briefing and the prep DM, with the clock set by hand.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.domain import Appointment, Location, Shift, Staff
from spa_copilot.engines.conflicts import find_conflicts
from spa_copilot.engines.daybook import build_day_book
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import briefing_trigger, poll_calendar
from spa_copilot.settings import Settings

from . import builders as b
from .builders import AllHigh
from .conftest import FakeClock, front_desk_asks, small_spa_world

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
FALL_BACK, SPRING_FORWARD = date(2026, 11, 1), date(2026, 3, 8)  # both Sundays, in New York and Los Angeles
ALL_DAY = [Shift(weekday=d, start="00:00", end="00:00") for d in range(7)]  # a spa open through the night
MIA = "st_1"  # the builders' therapist id


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def booked(start: datetime, minutes: int, id: str, **overrides: object) -> Appointment:
    """A one-hour-ish booking with Mia from ``start`` (an instant), ``minutes`` of real time."""
    return b.appointment(start.astimezone(UTC), minutes, id=id, **overrides)


def spa_world(
    settings: Settings,
    tmp_path: Path,
    clock: FakeClock,
    appointments: Sequence[Appointment],
    *,
    zone: str = "America/New_York",
    shifts: Sequence[Shift] = ALL_DAY,
    locations: Sequence[Location] = (),
    staff: Sequence[Staff] = (),
) -> AbstractAsyncContextManager[SandboxWorld]:
    """A spa of one location in ``zone`` (or ``locations``), Mia working ``shifts``, a manager, two clients."""
    return small_spa_world(settings, tmp_path, clock, appointments, shifts=shifts, zone=zone, locations=locations,
                           staff=staff)


def dms(world: SandboxWorld, staff_id: str = MIA) -> list[str]:
    return [m.text + "\n" + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id(staff_id))]


# ---------------------------------------------------------------------------------------------------
# The night the clocks go back: 1:00am-1:59am happens twice (EDT, then EST)

#: 1:30am EDT for half an hour (until 1:00am EST), then 1:15am-1:45am EST: the second starts later, at an earlier
#: wall clock. Without their zones, the book read "1:15am" first and its times could be either hour.
REPEATED_HOUR = [
    booked(utc(2026, 11, 1, 5, 30), 30, "ap_edt"),
    booked(utc(2026, 11, 1, 6, 15), 30, "ap_est", client_id="cl_2"),
]


async def test_the_day_book_of_the_night_the_clocks_go_back_is_in_real_order_and_names_each_hour(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = utc(2026, 10, 31, 22, 0)  # Saturday evening in New York: "tomorrow" is the night of the change
    async with spa_world(settings, tmp_path, clock, REPEATED_HOUR) as world:
        answer = await front_desk_asks(world, "today tomorrow")
    assert "Sun 1 Nov at Downtown" in answer
    first, second = "*1:30am EDT–1:00am EST*  Ava S.", "*1:15am EST–1:45am EST*  Noa B."
    assert first in answer and second in answer, answer
    assert answer.index(first) < answer.index(second), "the booking that starts first is listed first"
    # the free time between them is the quarter hour it really is, not a wall-clock 15 minutes backwards
    assert "_12:00am EDT–1:30am EDT free (1 h 30 min)_" in answer
    assert "_1:45am EST–12:00am EST free (22 h 15 min)_" in answer  # to midnight: 22 hours 15 minutes of real time


async def test_the_briefing_and_prep_dms_of_the_repeated_hour_say_which_one_and_go_once(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    hour_long = [booked(utc(2026, 11, 1, 5, 30), 60, "ap_edt"), booked(utc(2026, 11, 1, 6, 45), 30, "ap_est", client_id="cl_2")]
    clock.current = utc(2026, 11, 1, 4, 0)  # midnight EDT
    async with spa_world(settings, tmp_path, clock, hour_long) as world:
        await poll_calendar(world.copilot, full=True)
        assert (await send_morning_briefings(world.copilot, "loc_1")).sent == [MIA]
        [briefing] = dms(world)
        assert "the first at 1:30am EDT" in briefing
        # one hour in real time: 1:30am EDT to 1:30am EST, not "1:30am–1:30am"
        assert "*1:30am EDT–1:30am EST*" in briefing and "*1:45am EST–2:15am EST*" in briefing, briefing
        assert briefing.index("1:30am EDT–") < briefing.index("1:45am EST–")
        for minutes in range(0, 180, 5):  # the prep check every five minutes through both 1 o'clock hours
            clock.current = utc(2026, 11, 1, 4, 0) + timedelta(minutes=minutes)
            await send_prep_briefings(world.copilot)
        preps = dms(world)[1:]
    assert len(preps) == 2, "one prep DM each, however often the check runs through the hour that comes twice"
    assert preps[0].startswith("Coming up at 1:30am EDT: Ava") and preps[1].startswith("Coming up at 1:45am EST: Noa"), preps


async def test_risk_names_the_hour_of_a_booking_in_the_repeated_hour(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = utc(2026, 10, 31, 16, 0)
    async with spa_world(settings, tmp_path, clock, REPEATED_HOUR) as world:
        world.copilot.risk = AllHigh()
        answer = await front_desk_asks(world, "risk tomorrow")
    assert "High no-show risk on Sun 1 Nov" in answer
    assert answer.index("Sun 1:30am EDT Downtown · Ava S.") < answer.index("Sun 1:15am EST Downtown · Noa B."), answer


# ---------------------------------------------------------------------------------------------------
# The night the clocks go forward: 2:00am-2:59am never happens


@pytest.mark.parametrize("zone", ["America/New_York", "America/Los_Angeles"])
async def test_a_booking_across_2am_on_the_spring_night_reads_as_the_hour_it_lasts(
    zone: str, settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    tz = ZoneInfo(zone)
    start = datetime(2026, 3, 8, 1, 30, tzinfo=tz)  # 1:30am standard time; an hour later it is 3:30am
    clock.current = datetime(2026, 3, 8, 0, 5, tzinfo=tz)
    async with spa_world(settings, tmp_path, clock, [booked(start, 60, "ap_night")], zone=zone) as world:
        answer = await front_desk_asks(world, "today")
    standard, daylight = ("EST", "EDT") if zone == "America/New_York" else ("PST", "PDT")
    assert f"*1:30am {standard}–3:30am {daylight}*  Ava S." in answer, answer  # not "1:30am–3:30am", two hours
    assert "free (1 h 30 min)" in answer and "free (20 h 30 min)" in answer  # 00:00-1:30, then 3:30am to midnight of a 23-hour day


@pytest.mark.parametrize(
    ("zone", "spring", "fall"),
    [
        ("America/New_York", 23, 25),
        ("America/Los_Angeles", 23, 25),
        ("Pacific/Honolulu", 24, 24),  # no daylight saving: every day is 24 hours
        ("America/Phoenix", 24, 24),
    ],
)
async def test_a_whole_day_shift_is_the_real_length_of_the_day(
    zone: str, spring: int, fall: int, settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 3, 7, 12, 0, tzinfo=ZoneInfo(zone))
    async with spa_world(settings, tmp_path, clock, [], zone=zone) as world:
        spring_book, fall_book = await front_desk_asks(world, "today 2026-03-08"), await front_desk_asks(world, "today 2026-11-01")
        ordinary = await front_desk_asks(world, "today 2026-03-09")
    assert f"_12:00am–12:00am free all day ({spring} h)_" in spring_book, spring_book  # the whole shift
    assert f"_12:00am–12:00am free all day ({fall} h)_" in fall_book, fall_book
    assert "_12:00am–12:00am free all day (24 h)_" in ordinary


# ---------------------------------------------------------------------------------------------------
# The morning briefing on the days the clocks change


@pytest.mark.parametrize("zone", ["America/New_York", "America/Los_Angeles"])
@pytest.mark.parametrize("change", [SPRING_FORWARD, FALL_BACK])
async def test_the_morning_briefing_comes_at_its_local_hour_once_a_day_across_the_change(
    zone: str, change: date, settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    tz = ZoneInfo(zone)
    days = [change - timedelta(days=1), change, change + timedelta(days=1)]
    book = [booked(datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=10), 60, f"ap_{day:%d}") for day in days]
    clock.current = datetime(days[0].year, days[0].month, days[0].day, 6, 0, tzinfo=tz)
    async with spa_world(settings, tmp_path, clock, book, zone=zone) as world:
        location = world.data.locations[0]
        trigger = briefing_trigger(world.copilot, location)
        fired: list[datetime] = []
        previous = None
        while len(fired) < 3:
            previous = trigger.get_next_fire_time(previous, clock.current)
            assert previous is not None
            fired.append(previous)
            for moment in (previous, previous + timedelta(hours=1)):  # the run, then a retry an hour later
                clock.current = moment
                await send_morning_briefings(world.copilot, location.id)
            clock.current = previous + timedelta(seconds=1)
        headers = [m.blocks[0]["text"]["text"] for m in world.slack.messages(world.slack_id(MIA))]
    assert [f"{moment.astimezone(tz):%d %H:%M}" for moment in fired] == [f"{day:%d} 07:30" for day in days]
    assert headers == [f"Your day, {day:%a} {day.day} {day:%b}" for day in days], "one each day, never two, never none"


async def test_a_briefing_time_in_the_repeated_hour_fires_once_and_briefs_once(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    """BRIEFING_TIME=01:30 in New York: the scheduler's trigger fires at 1:30am EDT only (the first of the night's
    two; APScheduler's CronTrigger fired at 1:30am EST too, review 29), and a run at 1:30am EST all the same (a
    restart's catch-up) briefs nobody twice."""
    settings = settings.model_copy(update={"briefing_time": "01:30"})
    clock.current = utc(2026, 11, 1, 5, 0)
    async with spa_world(settings, tmp_path, clock, [booked(utc(2026, 11, 1, 15, 0), 60, "ap_day")]) as world:
        location = world.data.locations[0]
        trigger = briefing_trigger(world.copilot, location)
        first = trigger.get_next_fire_time(None, clock.current)
        second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
        assert first is not None and second is not None
        assert (first.astimezone(UTC), second.astimezone(UTC)) == (utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30))
        runs = []
        for moment in (first, utc(2026, 11, 1, 6, 30)):
            clock.current = moment.astimezone(UTC)
            runs.append(await send_morning_briefings(world.copilot, location.id))
        assert [run.sent for run in runs] == [[MIA], []] and runs[1].already_sent == [MIA]
        assert len(dms(world)) == 1


# ---------------------------------------------------------------------------------------------------
# A booking across local midnight


async def test_a_booking_across_midnight_belongs_to_the_day_it_starts(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    late = booked(datetime(2026, 11, 24, 23, 30, tzinfo=NY), 90, "ap_late")  # Tue 11:30pm to Wed 1:00am
    after_midnight = booked(datetime(2026, 11, 25, 0, 30, tzinfo=NY), 60, "ap_small_hours", client_id="cl_2")
    shifts = [Shift(weekday=1, start="18:00", end="02:00")]  # Tuesday evening into Wednesday
    clock.current = datetime(2026, 11, 24, 7, 30, tzinfo=NY)
    async with spa_world(settings, tmp_path, clock, [late, after_midnight], shifts=shifts) as world:
        await poll_calendar(world.copilot, full=True)
        tuesday, wednesday = await front_desk_asks(world, "today"), await front_desk_asks(world, "today tomorrow")
        await send_morning_briefings(world.copilot, "loc_1")
        [briefing] = dms(world)
        clock.current = datetime(2026, 11, 24, 21, 30, tzinfo=NY)  # two hours before 11:30pm
        await send_prep_briefings(world.copilot)
        clock.current = datetime(2026, 11, 24, 22, 30, tzinfo=NY)  # two hours before 12:30am Wednesday
        await send_prep_briefings(world.copilot)
        clock.current = datetime(2026, 11, 25, 7, 30, tzinfo=NY)
        await send_morning_briefings(world.copilot, "loc_1")
        preps, wednesday_briefings = dms(world)[1:3], dms(world)[3:]
    assert "*11:30pm–1:00am*  Ava S." in tuesday and "6:00pm–2:00am" in tuesday
    assert "Ava S." not in wednesday and "*12:30am–1:30am*  Noa B." in wednesday
    assert "Your day, Tue 24 Nov" in briefing and "*11:30pm–1:00am*" in briefing and "12:30am" not in briefing
    assert preps[0].startswith("Coming up at 11:30pm: Ava")
    assert preps[1].startswith("Coming up Wed 25 Nov at 12:30am: Noa"), preps[1]  # said the evening before
    assert len(wednesday_briefings) == 1 and "12:30am" in wednesday_briefings[0] and "11:30pm" not in wednesday_briefings[0]


def test_a_shift_past_midnight_is_not_free_where_the_next_days_bookings_are() -> None:
    """The day book engine given the next day's bookings too (``reads.load_day_book`` reads them when a shift runs
    past midnight: tests/test_daybook_overnight.py)."""
    overnight = b.staff(MIA, first_name="Mia", shifts=[Shift(weekday=1, start="18:00", end="02:00")])
    wednesday = booked(datetime(2026, 11, 25, 0, 30, tzinfo=NY), 60, "ap_wed")
    cancelled = booked(datetime(2026, 11, 25, 1, 30, tzinfo=NY), 30, "ap_off", status="cancelled")
    book = build_day_book(
        b.location(), date(2026, 11, 24), appointments=[wednesday, cancelled], staff=[overnight], services=[b.service()],
        resources=[],
    )
    [row] = book.staff_days
    assert row.entries == [] and book.appointment_count == 0, "Wednesday's booking is Wednesday's book"
    assert [(f"{g.start:%a %H:%M}", f"{g.end:%a %H:%M}", g.minutes) for g in row.gaps] == [
        ("Tue 18:00", "Wed 00:30", 390), ("Wed 01:30", "Wed 02:00", 30)
    ]


def test_a_shift_check_of_a_booking_across_midnight_names_the_day_its_shift_starts() -> None:
    """The conflict engine (read only here): a 9-to-6 therapist booked 11:30pm-1:00am is out of their Tuesday shift;
    one whose Tuesday shift runs to 2:00am is not, though the booking ends on Wednesday."""
    late = booked(datetime(2026, 11, 24, 23, 30, tzinfo=NY), 90, "ap_late", resource_ids=[])
    kw = {"resources": [], "services": [b.service()], "locations": [b.location()]}
    [out] = find_conflicts([late], staff=[b.staff(MIA, first_name="Mia")], **kw)
    assert out.message == (
        "Mia Test's shift on Tuesday is 9:00am–6:00pm, but the 11:30pm Service sv_1 keeps them busy "
        "11:30pm–1:00am, outside it."
    )
    overnight = b.staff(MIA, first_name="Mia", shifts=[Shift(weekday=1, start="18:00", end="02:00")])
    assert find_conflicts([late], staff=[overnight], **kw) == []


# ---------------------------------------------------------------------------------------------------
# Zones far from UTC, and "tomorrow" just before midnight


async def test_today_is_each_locations_own_date_far_east_and_without_daylight_saving(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    bondi = b.location(id="loc_syd", name="Bondi", time_zone="Australia/Sydney")
    waikiki = b.location(id="loc_hnl", name="Waikiki", time_zone="Pacific/Honolulu")
    kai = b.staff("st_kai", first_name="Kai", location_id="loc_syd")
    book = [
        booked(datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Australia/Sydney")), 60, "ap_syd", staff_id="st_kai",
               location_id="loc_syd", resource_ids=[]),
    ]
    clock.current = utc(2026, 11, 24, 14, 0)  # Tue 9:00am in New York, Wed 1:00am in Sydney, Tue 4:00am in Honolulu
    async with spa_world(
        settings, tmp_path, clock, book, locations=[b.location(), bondi, waikiki], staff=[kai]
    ) as world:
        assert "Wed 25 Nov at Bondi" in (sydney := await front_desk_asks(world, "today Bondi"))
        assert "*9:00am–10:00am*  Ava S." in sydney
        assert "Thu 26 Nov at Bondi" in await front_desk_asks(world, "today Bondi tomorrow")
        assert "Tue 24 Nov at Waikiki" in await front_desk_asks(world, "today Waikiki")
        assert "Tue 24 Nov at Downtown" in await front_desk_asks(world, "today")
        run = await send_morning_briefings(world.copilot, "loc_syd")
    assert run.day == date(2026, 11, 25) and run.sent == ["st_kai"]


@pytest.mark.parametrize("zone", ["America/New_York", "America/Los_Angeles", "Pacific/Honolulu"])
async def test_tomorrow_typed_at_1155pm_is_the_next_local_day_though_utc_is_already_there(
    zone: str, settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 11, 24, 23, 55, tzinfo=ZoneInfo(zone))  # already Wednesday in UTC
    async with spa_world(settings, tmp_path, clock, [], zone=zone) as world:
        assert "Wed 25 Nov at Downtown" in await front_desk_asks(world, "today tomorrow")
        assert "Tue 24 Nov at Downtown" in await front_desk_asks(world, "today")


# ---------------------------------------------------------------------------------------------------
# Platform times: 'Z', microseconds, an offset other than the location's


async def test_platform_times_with_z_microseconds_and_other_offsets_read_as_the_locations_clock(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    def raw(id: str, client_id: str, start: str, end: str) -> Appointment:
        line = {"id": f"sl_{id}", "serviceId": "sv_1", "serviceName": "Swedish", "staffId": MIA,
                "startAt": start, "endAt": end, "resourceIds": ["rs_1"]}
        return Appointment.model_validate({"id": id, "locationId": "loc_1", "clientId": client_id, "status": "confirmed",
                                           "startAt": start, "endAt": end, "services": [line]})

    book = [
        raw("ap_z", "cl_1", "2026-11-24T15:00:00.123456Z", "2026-11-24T16:00:00.123456Z"),  # 10:00am-11:00am New York
        raw("ap_la", "cl_2", "2026-11-24T08:30:00-08:00", "2026-11-24T09:30:00-08:00"),  # 11:30am-12:30pm New York
    ]
    clock.current = utc(2026, 11, 24, 12, 30)
    async with spa_world(settings, tmp_path, clock, book, shifts=[Shift(weekday=1, start="09:00", end="18:00")]) as world:
        answer = await front_desk_asks(world, "today")
        await poll_calendar(world.copilot, full=True)
        clock.current = utc(2026, 11, 24, 14, 45)
        await send_prep_briefings(world.copilot)
        await send_prep_briefings(world.copilot)
        preps = sorted(dms(world))
    assert "*10:00am–11:00am*  Ava S." in answer and "*11:30am–12:30pm*  Noa B." in answer
    # the half hour between them is one (not 29.99 minutes, under the 30 a gap needs), and an hour is 1 h, not 59 min
    assert "_11:00am–11:30am free (30 min)_" in answer, answer
    assert "_9:00am–10:00am free (1 h)_" in answer and "_12:30pm–6:00pm free (5 h 30 min)_" in answer
    assert [p.split(",", 1)[0] for p in preps] == ["Coming up at 10:00am: Ava (new client)", "Coming up at 11:30am: Noa (new client)"]
