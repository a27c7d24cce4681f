"""Calendar edges from a blind review of the day book and the conflict engine on unseen data.

1. An appointment whose own ``startAt`` disagrees with its service lines (the services moved to the next morning, the
   summary left at 11:30pm the night before) is in the book of the day its services start, where it holds the
   therapist and the room: it was listed the night before at its services' times (Tuesday's book showing Wednesday's
   10:00am as if it were Tuesday's) and missing from Wednesday's, where the therapist was shown free at 10:00am.
   The engines get it as the platform adapter hands it over (``Appointment.as_booked``: timed by its services).
2. A resource id the spa system's resource list does not have is shown in the day book by its id, said so, and two
   appointments in it at once are a clash (before: left out of the day book, never checked).
3. A New York booking in a room of the Los Angeles location: the clash's times are each labelled with their zone and
   location, and its fix names the New York booking by its own clock and offers a New York room.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Appointment, Resource, ServiceLine, Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
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
UNLISTED = "rs_gone (not on the spa system's list of rooms and equipment)"


def summary_at(appointment: Appointment, start: datetime) -> Appointment:
    """``appointment`` with its own ``startAt`` (and ``endAt``, an hour on) at ``start``, its services where they are."""
    return appointment.model_copy(update={"start_at": start, "end_at": start + timedelta(hours=1)})


#: Wednesday 10:00am with Mia in Room rs_1; the appointment's own start still says Tuesday 11:30pm.
MOVED = summary_at(b.appointment(b.at(WEDNESDAY, "10:00"), id="ap_moved"), b.at(TUESDAY, "23:30"))


def book(day: date, appointments: list[Appointment], **kwargs: Any) -> Any:
    """The day book of ``appointments`` as the adapter hands them over (``as_booked``: the engine no longer mends)."""
    appointments = [a.as_booked(NY) for a in appointments]
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
                      b.at(TUESDAY, "22:00", LA)).as_booked(LA)
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
    assert "9:00am–10:00am free (1 h)" in wednesday
    assert "Ava" in briefing and "10:00am" in briefing, briefing


def dms(world: SandboxWorld) -> str:
    return "\n".join(m.text + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id("st_1")))


# ---------------------------------------------------------------------------------------------------
# 2. A resource id the resource list does not have


def test_the_day_book_shows_a_room_not_on_the_list_by_its_id_and_leaves_listed_equipment_out() -> None:
    stones = Resource(id="eq_stones", location_id="loc_1", name="Hot stones", type="equipment", kind="hotStoneSet")
    booked = [
        b.appointment(b.at(TUESDAY, "10:00"), id="ap_gone", resource_ids=["rs_gone", "eq_stones"]),
        b.appointment(b.at(TUESDAY, "12:00"), id="ap_room", resource_ids=["rs_1", "eq_stones"]),
    ]
    [row] = book(TUESDAY, booked, resources=[b.room(), stones]).staff_days
    assert [e.rooms for e in row.entries] == [(UNLISTED,), ("Room rs_1",)]


def test_two_appointments_in_a_room_not_on_the_list_at_once_clash() -> None:
    booked = [
        b.appointment(b.at(TUESDAY, "10:00"), id="ap_1", resource_ids=["rs_gone"]),
        b.appointment(b.at(TUESDAY, "10:30"), id="ap_2", staff_id="st_2", client_id="cl_2", resource_ids=["rs_gone"]),
    ]
    team = [MIA, b.staff("st_2", first_name="Jon", shifts=DAYS)]
    [clash] = find_conflicts(booked, staff=team, resources=[b.room()], services=[b.service()], locations=[b.location()],
                             guests={"cl_1": "Ava S.", "cl_2": "Noa B."})
    assert clash.kind == ConflictKind.room_double_booked and clash.resource_ids == ("rs_gone",)
    assert clash.appointment_ids == ("ap_1", "ap_2") and clash.severity == "critical"
    assert clash.message == (
        "2 appointments share rs_gone at once 10:30am–11:00am: Service sv_1 10:00am–11:00am (Ava S.); "
        "Service sv_1 10:30am–11:30am (Noa B.). rs_gone is not on the spa system's list of rooms and equipment, so its "
        "capacity is not known: taken as one booking at a time."
    )
    assert clash.suggested_fix == (
        "Move the 10:30am Service sv_1 (Noa B.) to another room or time, or check rs_gone in the spa system if it can "
        "take more than one booking at once."
    )


def test_a_room_not_on_the_list_is_counted_by_appointment_and_has_no_turnover() -> None:
    """A couples booking's two lines in it are one appointment; the next guest straight after is no clash (its
    turnover is not known)."""
    start = b.at(TUESDAY, "10:00")
    couple = [
        ServiceLine(id=f"l_{who}", service_id="sv_1", staff_id=who, start_at=start, end_at=start + timedelta(hours=1),
                    resource_ids=["rs_gone"])
        for who in ("st_1", "st_2")
    ]
    booked = [
        b.appointment(start, id="ap_couple", services=couple),
        b.appointment(b.at(TUESDAY, "11:00"), id="ap_next", resource_ids=["rs_gone"]),
    ]
    buffered = b.service(buffer_minutes=15)
    team = [MIA, b.staff("st_2", first_name="Jon", shifts=DAYS)]
    assert find_conflicts(booked, staff=team, resources=[], services=[buffered], locations=[b.location()]) == []


# ---------------------------------------------------------------------------------------------------
# 3. A New York booking in a Los Angeles room


SOHO = b.location(id="loc_soho", name="SoHo", time_zone="America/New_York")
VENICE = b.location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
VENICE_ROOM = b.room("rs_venice", name="Venice Room 1", location_id=VENICE.id)


def cross_zone_clash(*rooms: Resource) -> Any:
    team = [b.staff("st_mia", location_id=SOHO.id, first_name="Mia", shifts=DAYS),
            b.staff("st_kai", location_id=VENICE.id, first_name="Kai", shifts=DAYS)]
    booked = [
        b.appointment(b.at(TUESDAY, "09:00", LA), id="ap_venice", staff_id="st_kai", location_id=VENICE.id,
                      resource_ids=[VENICE_ROOM.id]),  # 12:00pm in New York
        b.appointment(b.at(TUESDAY, "12:30"), id="ap_soho", staff_id="st_mia", location_id=SOHO.id, client_id="cl_2",
                      resource_ids=[VENICE_ROOM.id]),  # 9:30am in Los Angeles
    ]
    found = find_conflicts(booked, staff=team, resources=[VENICE_ROOM, *rooms], services=[b.service()],
                           locations=[SOHO, VENICE], guests={"cl_1": "Ava S.", "cl_2": "Noa B."})
    [clash] = [c for c in found if c.kind == ConflictKind.room_double_booked]
    return clash


def test_a_room_clash_across_zones_labels_every_time_and_names_the_booking_by_its_own_clock() -> None:
    clash = cross_zone_clash()
    assert clash.zones_labelled
    assert clash.message == (
        "2 appointments share Venice Room 1 (capacity 1) 9:30am–10:00am PST: Service sv_1 9:00am–10:00am PST at "
        "Venice (Ava S.); Service sv_1 12:30pm–1:30pm EST at SoHo (Noa B.)."
    )
    assert clash.suggested_fix == "Move the 12:30pm EST Service sv_1 (Noa B.) to another room or time."


def test_the_new_york_booking_is_offered_a_new_york_room_not_a_los_angeles_one() -> None:
    venice_spare = b.room("rs_venice_2", name="Venice Room 2", location_id=VENICE.id)
    soho_spare = b.room("rs_soho_2", name="SoHo Room 2", location_id=SOHO.id)
    clash = cross_zone_clash(venice_spare, soho_spare)
    assert clash.suggested_fix == (
        "Use SoHo Room 2 for the 12:30pm EST Service sv_1 (Noa B.): it is free and allowed for that service."
    )
