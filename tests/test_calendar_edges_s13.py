"""Calendar edges from a blind review of the day book and the conflict engine on unseen data.

1. An appointment whose own ``startAt`` disagrees with its service lines (the services moved to the next morning, the
   summary left at 11:30pm the night before) is in the book of the day its services start, where it holds the
   therapist and the room: it was listed the night before at its services' times (Tuesday's book showing Wednesday's
   10:00am as if it were Tuesday's) and missing from Wednesday's, where the therapist was shown free at 10:00am.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Appointment, Shift
from spa_copilot.engines.daybook import build_day_book
from spa_copilot.reads import load_day
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings

from . import builders as b
from .conftest import FakeClock, front_desk_asks, small_spa_world

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
TUESDAY, WEDNESDAY = date(2026, 11, 24), date(2026, 11, 25)
DAYS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]
MIA = b.staff("st_1", first_name="Mia", shifts=DAYS)


def summary_at(appointment: Appointment, start: datetime) -> Appointment:
    """``appointment`` with its own ``startAt`` (and ``endAt``, an hour on) at ``start``, its services where they are."""
    return appointment.model_copy(update={"start_at": start, "end_at": start + timedelta(hours=1)})


#: Wednesday 10:00am with Mia in Room rs_1; the appointment's own start still says Tuesday 11:30pm.
MOVED = summary_at(b.appointment(b.at(WEDNESDAY, "10:00"), id="ap_moved"), b.at(TUESDAY, "23:30"))


def book(day: date, appointments: list[Appointment], **kwargs: Any) -> Any:
    return build_day_book(b.location(), day, appointments=appointments, staff=[MIA], services=[b.service()],
                          resources=kwargs.pop("resources", [b.room()]), **kwargs)


def spans(staff_day: Any) -> list[tuple[str, str]]:
    return [(f"{g.start:%a %H:%M}", f"{g.end:%a %H:%M}") for g in staff_day.gaps]


# ---------------------------------------------------------------------------------------------------
# 1. startAt and the service lines disagree


def test_a_booking_is_in_the_book_of_the_day_its_services_start_not_of_its_own_start() -> None:
    tuesday, wednesday = book(TUESDAY, [MOVED]), book(WEDNESDAY, [MOVED])
    assert tuesday.appointment_count == 0, "Wednesday's 10:00am is not Tuesday's"
    assert spans(tuesday.staff_days[0]) == [("Tue 09:00", "Tue 18:00")]
    assert wednesday.appointment_count == 1
    [row] = wednesday.staff_days
    assert [(e.appointment_id, f"{e.start:%a %H:%M}") for e in row.entries] == [("ap_moved", "Wed 10:00")]
    assert spans(row) == [("Wed 09:00", "Wed 10:00"), ("Wed 11:00", "Wed 18:00")], "not free while booked"


def test_a_booking_whose_own_start_is_the_next_day_is_in_the_book_of_its_services() -> None:
    early = summary_at(b.appointment(b.at(TUESDAY, "16:00"), id="ap_early"), b.at(WEDNESDAY, "00:30"))
    assert [e.appointment_id for sd in book(TUESDAY, [early]).staff_days for e in sd.entries] == ["ap_early"]
    assert book(WEDNESDAY, [early]).appointment_count == 0


def test_services_far_from_their_own_start_stay_where_the_spa_system_lists_them() -> None:
    """No read of Friday finds a booking the spa system lists on Tuesday: it stays in Tuesday's book, not lost."""
    far = summary_at(b.appointment(b.at(TUESDAY + timedelta(days=3), "10:00"), id="ap_far"), b.at(TUESDAY, "10:00"))
    assert book(TUESDAY, [far]).appointment_count == 1
    assert book(TUESDAY + timedelta(days=3), [far]).appointment_count == 0


def test_an_other_locations_booking_is_away_time_on_the_day_of_its_services() -> None:
    venice = b.location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
    away = summary_at(b.appointment(b.at(WEDNESDAY, "10:00", LA), id="ap_away", location_id=venice.id),
                      b.at(TUESDAY, "22:00", LA))
    here, venice_day = b.location(), [venice, b.location()]
    tuesday = build_day_book(here, TUESDAY, appointments=[], staff=[MIA], services=[], resources=[],
                             locations=venice_day, elsewhere=[away])
    wednesday = build_day_book(here, WEDNESDAY, appointments=[], staff=[MIA], services=[], resources=[],
                               locations=venice_day, elsewhere=[away])
    assert tuesday.staff_days[0].away == []
    assert [e.appointment_id for trip in wednesday.staff_days[0].away for e in trip.entries] == ["ap_away"]


async def test_spa_today_the_read_and_the_briefing_put_it_on_the_day_of_its_services(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 11, 24, 8, 0, tzinfo=NY)
    async with small_spa_world(settings, tmp_path, clock, [MOVED], shifts=DAYS) as world:
        location = (await world.copilot.catalog()).locations[0]
        assert [a.id for a in await load_day(world.copilot.platform, location, TUESDAY)] == []
        assert [a.id for a in await load_day(world.copilot.platform, location, WEDNESDAY)] == ["ap_moved"]
        tuesday = await front_desk_asks(world, "today")
        wednesday = await front_desk_asks(world, "today tomorrow")
        clock.current = datetime(2026, 11, 25, 7, 0, tzinfo=NY)
        assert (await send_morning_briefings(world.copilot, "loc_1")).sent == ["st_1"]
        briefing = dms(world)
    assert "0 appointments" in tuesday and "Ava S." not in tuesday, tuesday
    assert "*10:00am–11:00am*  Ava S." in wednesday and "9:00am–6:00pm free" not in wednesday, wednesday
    assert "9:00am–10:00am free (60 min)" in wednesday
    assert "Ava" in briefing and "10:00am" in briefing, briefing


def dms(world: SandboxWorld) -> str:
    return "\n".join(m.text + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id("st_1")))
