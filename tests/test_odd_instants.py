"""The location's day, whatever the wall clock and the process's zone say.

The whole suite was once run at odd instants (a location's midnight, New Year's Eve, the nights the clocks change,
29 February, a year far off) with the process in zones a day away from the spa's (UTC+14, UTC-11): it found a
``/spa`` answer reading the UTC day and tests that only passed in November 2026. This module keeps that class of bug
out without running the suite again and again: at each instant, with the process's clock and zone moved there
(``time_machine``: ``datetime.now``, ``date.today``, ``time.time`` and the zone the process reads), a small spa of
its own answers the date-sensitive questions end to end, and each answer must be about the LOCATION's day:

- ``/spa today`` and ``/spa today tomorrow`` (the day's book), ``/spa risk`` (tomorrow by default);
- the client card: its last visit ("yesterday" at the location) and its notes read on the location's day (a
  treatment dated today has come, one dated tomorrow is still to come);
- the morning briefing: its job's next run at ``BRIEFING_TIME`` on the location's clock, and the DM's day;
- a fill card for tomorrow's cancellation: the notification names the slot's day.

The copilot runs on its real clock (``utc_now``), not a test clock, so a stray ``date.today()`` or
``datetime.now()`` in the product moves with the instant as it would on a server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Shift, day_label
from spa_copilot.fill.proposing import start_fill
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import briefing_trigger, briefing_window_open
from spa_copilot.settings import Settings

from . import builders as b
from .builders import AllHigh
from .conftest import front_desk_asks, small_spa_world

ALL_DAY = [Shift(weekday=d, start="00:00", end="00:00") for d in range(7)]  # a spa open through the night


@dataclass(frozen=True)
class Instant:
    """A moment (``local``, on the location's clock in ``spa_zone``) seen by a process whose own zone is
    ``process_zone``."""

    label: str
    local: datetime
    process_zone: str

    @property
    def spa_zone(self) -> ZoneInfo:
        assert isinstance(self.local.tzinfo, ZoneInfo)
        return self.local.tzinfo

    @property
    def today(self) -> date:
        return self.local.date()


NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")

#: Each chosen so the location's day is not the UTC day or the process's day (or both), at a turn of a day, a
#: week, a year, a month of 29 days, or on a night the clocks change.
INSTANTS = [
    Instant("Sunday 23:30 New York, process at UTC+14", datetime(2026, 12, 6, 23, 30, tzinfo=NY), "Pacific/Kiritimati"),
    Instant("00:10 New York, process in Los Angeles", datetime(2026, 12, 8, 0, 10, tzinfo=NY), "America/Los_Angeles"),
    Instant("00:10 Los Angeles, process at UTC-11", datetime(2026, 12, 8, 0, 10, tzinfo=LA), "Pacific/Pago_Pago"),
    Instant("31 Dec 23:30 UTC, spa in Los Angeles, process at UTC+14", datetime(2026, 12, 31, 23, 30, tzinfo=UTC).astimezone(LA), "Pacific/Kiritimati"),
    Instant("New Year's Eve 23:30 New York, process at UTC+14", datetime(2026, 12, 31, 23, 30, tzinfo=NY), "Pacific/Kiritimati"),
    Instant("the morning the clocks go forward, New York", datetime(2027, 3, 14, 3, 30, tzinfo=NY), "Pacific/Pago_Pago"),
    Instant("the night the clocks go back, Los Angeles (first 1:30am)", datetime(2027, 11, 7, 1, 30, tzinfo=LA), "Pacific/Pago_Pago"),
    Instant("29 Feb 2028 23:30 Los Angeles, process at UTC+14", datetime(2028, 2, 29, 23, 30, tzinfo=LA), "Pacific/Kiritimati"),
    Instant("30 Jun 2029 23:50 New York, process in UTC", datetime(2029, 6, 30, 23, 50, tzinfo=NY), "UTC"),
]


@pytest.fixture(params=INSTANTS, ids=[i.label for i in INSTANTS])
def instant(request: pytest.FixtureRequest) -> Iterator[Instant]:
    """The process's clock at the instant (ticking) and its zone the instant's ``process_zone``, for the test."""
    chosen: Instant = request.param
    # a destination in a ZoneInfo zone moves the process's zone too (TZ and time.tzset), until the travel ends
    with time_machine.travel(chosen.local.astimezone(ZoneInfo(chosen.process_zone)), tick=True):
        assert datetime.now().astimezone().utcoffset() == chosen.local.astimezone(ZoneInfo(chosen.process_zone)).utcoffset()
        yield chosen


def _m_d_y(day: date) -> str:
    """``12/31/26``, as notes write a date (with its year: the reader's guess of a yearless date's year is its own
    matter)."""
    return f"{day.month}/{day.day}/{day:%y}"


def _at(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone).astimezone(UTC)


async def test_every_date_sensitive_answer_is_about_the_locations_day(
    instant: Instant, settings: Settings, tmp_path: Path
) -> None:
    zone, today = instant.spa_zone, instant.today
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    assert date.today() != today or datetime.now(UTC).date() != today, "the instant must tell the days apart"
    booked = [
        b.appointment(_at(yesterday, "11:00", zone), id="ap_yesterday", status="completed"),
        b.appointment(_at(today, "12:00", zone), id="ap_today"),
        b.appointment(_at(tomorrow, "10:00", zone), id="ap_tomorrow", client_id="cl_2"),
        b.appointment(_at(tomorrow, "15:00", zone), id="ap_cancelled", status="cancelled"),
    ]
    location = b.location(time_zone=str(zone))
    # no test clock (None): the copilot and the sandbox spa read the real one, moved by the travel
    async with small_spa_world(settings, tmp_path, None, booked, shifts=ALL_DAY, locations=[location]) as world:  # type: ignore[arg-type]
        world.copilot.risk = AllHigh()
        # the notes: a treatment dated today at the location has come (a caution), one dated tomorrow is to come
        world.spa.clients["cl_1"] = world.spa.clients["cl_1"].model_copy(
            update={"notes": f"Botox {_m_d_y(today)} touch up planned"})
        world.spa.clients["cl_2"] = world.spa.clients["cl_2"].model_copy(
            update={"notes": f"Botox {_m_d_y(tomorrow)} scheduled"})
        book = await front_desk_asks(world, "today")
        book_tomorrow = await front_desk_asks(world, "today tomorrow")
        risk = await front_desk_asks(world, "risk")
        ava = await front_desk_asks(world, "client Ava")
        noa = await front_desk_asks(world, "client Noa")
        briefing = await _briefing(world)
        fill = await _fill_card(world, tomorrow)
    said_today, said_tomorrow = day_label(today), day_label(tomorrow, seen_from=today)
    # the day's book: today's and tomorrow's at the location, each with its own booking only
    assert f"{said_today} at Downtown" in book and "Ava S." in book and "Noa B." not in book, book
    assert f"{said_tomorrow} at Downtown" in book_tomorrow and "Noa B." in book_tomorrow, book_tomorrow
    assert "Ava S." not in book_tomorrow, book_tomorrow
    # /spa risk: tomorrow at the location
    assert f"High no-show risk on {said_tomorrow}" in risk and "Noa B." in risk, risk
    # the client card: yesterday's visit, tomorrow's, and the notes read on the location's day
    assert f"*Last visit*\\n{day_label(yesterday, seen_from=today)}, Service sv_1" in ava, ava
    assert "injectables: no pressure on treated areas" in ava, f"Botox dated today has come: {ava}"
    assert f"*Next visit*\\n{said_tomorrow} 10:00am, Service sv_1" in noa, noa
    assert "injectables" not in noa, f"Botox dated tomorrow is still to come: {noa}"
    # the morning briefing: next at BRIEFING_TIME on the location's clock, its DM about the location's today
    fires, window_open, just_before, dm = briefing
    hour, minute = map(int, settings.briefing_time.split(":"))
    due = datetime.combine(today, time(hour, minute), tzinfo=zone)
    expected = due if due > instant.local else datetime.combine(tomorrow, time(hour, minute), tzinfo=zone)
    assert fires == expected, (fires, expected)
    assert window_open and not just_before, "the briefing window opens at the location's BRIEFING_TIME"
    assert dm.startswith(f"Briefing for Mia Test, {said_today}:") and "Ava" in dm and "Noa" not in dm, dm
    # the fill card for tomorrow's cancellation names the slot's day (left out only for today at the location)
    assert fill.startswith(f"Fill proposal: {said_tomorrow} 3:00pm Service sv_1"), fill


async def _briefing(world: SandboxWorld) -> tuple[datetime, bool, bool, str]:
    """When the morning job fires next, whether the briefing window is open then and a minute before, and the
    therapist's morning DM sent now."""
    location = (await world.copilot.catalog()).locations[0]
    fires = briefing_trigger(world.copilot, location).get_next_fire_time(None, datetime.now(UTC))
    assert fires is not None
    window = [briefing_window_open(world.copilot, location, at) for at in (fires, fires - timedelta(minutes=1))]
    assert (await send_morning_briefings(world.copilot, "loc_1")).sent == ["st_1"]
    [dm] = world.slack.messages(world.slack_id("st_1"))
    return fires, window[0], window[1], dm.text + "\n" + json.dumps(dm.blocks, ensure_ascii=False)


async def _fill_card(world: SandboxWorld, tomorrow: date) -> str:
    """``/spa fill`` for tomorrow's cancelled 3:00pm, with Noa waiting for that day: the card's text and blocks."""
    world.spa.create_waitlist_entry({"locationId": "loc_1", "clientId": "cl_2", "serviceIds": ["sv_1"],
                                     "dateFrom": tomorrow.isoformat(), "dateTo": tomorrow.isoformat()})
    assert (await start_fill(world.copilot, "ap_cancelled", by=FRONT_DESK_USER)).ok
    [card] = world.slack.messages(world.settings.spa_front_desk_channel)
    return card.text + "\n" + json.dumps(card.blocks, ensure_ascii=False)
