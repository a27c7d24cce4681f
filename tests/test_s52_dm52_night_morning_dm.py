"""A night shift's booking after midnight, told by its prep DM the evening before, is over by the next morning DM:
that DM does not list it as the day's work, it says it is over (probe52b F4)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.domain import Appointment, Shift
from spa_copilot.engines import briefing as engine
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings

from . import builders as b
from .conftest import FakeClock, small_spa_world

NY = ZoneInfo("America/New_York")
MIA = "st_1"
NIGHTS = [Shift(weekday=1, start="18:00", end="02:00"), Shift(weekday=2, start="18:00", end="02:00")]


def booked(start: datetime, minutes: int, id: str, **overrides: object) -> Appointment:
    return b.appointment(start.astimezone(UTC), minutes, id=id, **overrides)


async def _wednesday_dm(settings: Settings, tmp_path: Path, clock: FakeClock, *, prep: bool) -> str:
    small_hours = booked(datetime(2026, 11, 25, 0, 30, tzinfo=NY), 60, "ap_small_hours", client_id="cl_2")
    evening = booked(datetime(2026, 11, 25, 19, 0, tzinfo=NY), 60, "ap_evening")
    clock.current = datetime(2026, 11, 24, 20, 0, tzinfo=NY)
    async with small_spa_world(settings, tmp_path, clock, [small_hours, evening], shifts=NIGHTS) as world:
        await poll_calendar(world.copilot, full=True)
        if prep:
            clock.current = datetime(2026, 11, 24, 22, 30, tzinfo=NY)  # two hours before 12:30am Wednesday
            await send_prep_briefings(world.copilot)
        told = len(world.slack.messages(world.slack_id(MIA)))
        clock.current = datetime(2026, 11, 25, 7, 30, tzinfo=NY)
        await send_morning_briefings(world.copilot, "loc_1")
        sent = world.slack.messages(world.slack_id(MIA))[told:]
    assert len(sent) == 1 and (not prep or told == 1)
    return sent[0].text + "\n" + json.dumps(sent[0].blocks, ensure_ascii=False)


async def test_a_booking_over_before_the_morning_dm_and_told_by_its_prep_dm_is_not_listed_as_the_days_work(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    """Guards F4: Wednesday's 7:30am DM used to open "2 guests today, the first at 12:30am" and list the booking that
    ended at 1:30am (told by a prep DM the night before) first. Narrowly: one no prep DM told (the copilot was down
    that night) stays listed as before."""
    (tmp_path / "told").mkdir()
    (tmp_path / "untold").mkdir()
    dm = await _wednesday_dm(settings, tmp_path / "told", clock, prep=True)
    assert "*12:30am–1:30am*" not in dm and "Noa" not in dm, dm
    assert "1 guest today, the first at 7:00pm (your 12:30am booking is over)." in dm, dm
    assert "*7:00pm–8:00pm*" in dm and "*Ava*" in dm
    untold = await _wednesday_dm(settings, tmp_path / "untold", clock, prep=False)
    assert "*12:30am–1:30am*" in untold and "*Noa*" in untold and "2 guests today, the first at 12:30am." in untold


def test_a_day_whose_every_booking_is_over_says_so_not_that_nothing_was_booked() -> None:
    """Guards F4's wording when nothing is left: not "You have no shift and no bookings today" of a day she worked."""
    mia = b.staff(MIA, first_name="Mia", shifts=[])
    guest = engine.GuestBrief("ap_1", "cl_2", "Noa", datetime(2026, 11, 25, 5, 30, tzinfo=UTC),
                              datetime(2026, 11, 25, 6, 30, tzinfo=UTC), ("Service",))
    day = engine.therapist_briefing(mia, b.location(), date(2026, 11, 25), [guest])
    said = engine.day_summary(engine.left_out_when_over(day, {"ap_1"}))
    assert said == "No more guests are booked with you today (your 12:30am booking is over). You'll get a DM if anyone books in."


def test_two_bookings_over_at_one_hour_say_it_once_and_an_away_day_says_what_is_over() -> None:
    """rev52f: "your 12:30am, 12:30am and 9:00am bookings are over" repeated the hour; a day away dropped the booking
    over without a word ("1 guest there, the first at 10:30am")."""
    mia = b.staff(MIA, first_name="Mia", shifts=[])
    start = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)
    guests = [engine.GuestBrief(f"ap_{n}", f"cl_{n}", "Noa", start, start + timedelta(hours=1), ("Service",)) for n in (1, 2)]
    later = engine.GuestBrief("ap_3", "cl_3", "Ida", start + timedelta(hours=14), start + timedelta(hours=15), ("Service",))
    day = engine.therapist_briefing(mia, b.location(), date(2026, 11, 25), [*guests, later])
    said = engine.day_summary(engine.left_out_when_over(day, {"ap_1", "ap_2"}))
    assert "(your 12:30am bookings are over)" in said, said
    away = engine.therapist_briefing(mia, b.location(id="loc_2", name="Uptown"), date(2026, 11, 25), [*guests, later])
    said = engine.day_summary(engine.left_out_when_over(away, {"ap_1", "ap_2"}))
    assert "1 guest there, the first at 2:30pm (your 12:30am bookings are over)." in said, said
