"""A re-review of 501f7c7 and 51f227c (an appointment is on the day its services start; unknown resource ids; room
clashes across zones): the places that still went by the appointment's own ``startAt`` when its services disagree.

1. Whether the guest is still to come (the risk labels of the day book and the briefing, ``/spa risk``) goes by the
   services' start: a booking moved to Wednesday 10:00am whose own start still says Tuesday 11:30pm was taken for
   past on Wednesday morning, so its risk label was left out.
2. The prep DM is timed from the first service's start: it went out at Tuesday 9:30pm for Wednesday's 10:00am guest
   (and never on Wednesday morning), and 6 hours after a 4:00pm guest whose own start said 12:30am ("Started at
   4:00pm"); the summary catching up with the services brought the therapist a second prep DM.
3. The calendar snapshot keeps an appointment by its services' times: one whose own start is just outside its days
   (the night before, or the night after its last day) was not found by a full read, or was forgotten by the next
   read that returned it; where a therapist is booked (``booked_in_snapshot``) went by the summary's day.
4. A briefing (and a prep DM) names a room the resource list does not have by its id, as the day book does.
5. A turnover clash in a room of another zone labels each booking's times with its zone (it showed the Los Angeles
   booking's 9:00am as "12:00pm", unlabelled); a clash in an unknown id of bookings already in listed rooms does not
   say "another room" (which would not part them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import send_prep_briefings
from spa_copilot.calendar_sync import sync_location
from spa_copilot.domain import Appointment, AppointmentStatus, Resource, Shift
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from spa_copilot.reads import booked_in_snapshot, load_day_book, still_to_come
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings

from . import builders as b
from .conftest import FakeClock, small_spa_world

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
DAYS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]
UNLISTED = "rs_gone (not on the spa system's list of rooms and equipment)"


def summary_at(appointment: Appointment, start: datetime) -> Appointment:
    """``appointment`` with its own ``startAt`` (and ``endAt``, an hour on) at ``start``, its services where they are."""
    return appointment.model_copy(update={"start_at": start, "end_at": start + timedelta(hours=1)})


#: Wednesday 10:00am with Mia; its own start still says Tuesday 11:30pm.
MOVED = summary_at(b.appointment(b.at(WEDNESDAY, "10:00"), id="ap_moved"), b.at(TUESDAY, "23:30"))
#: Tuesday 4:00pm with Mia (Noa); its own start says Wednesday 12:30am.
EARLY = summary_at(b.appointment(b.at(TUESDAY, "16:00"), id="ap_early", client_id="cl_2"), b.at(WEDNESDAY, "00:30"))


def at_ny(day: date, hhmm: str) -> datetime:
    return b.at(day, hhmm, NY)


def dms(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.slack_id("st_1"))]


# ---------------------------------------------------------------------------------------------------
# 1. Still to come


def test_a_guest_is_still_to_come_until_their_services_start_whatever_their_own_start_says() -> None:
    """As the adapter hands them over (``Appointment.as_booked``): the engines see the services' times only."""
    moved, early = MOVED.as_booked(NY), EARLY.as_booked(NY)
    assert still_to_come(moved, at_ny(WEDNESDAY, "08:00")), "10:00am is still to come at 8:00am"
    assert not still_to_come(early, at_ny(TUESDAY, "17:30")), "the 4:00pm guest has been and gone"
    assert still_to_come(early, at_ny(TUESDAY, "15:00"))
    plain = b.appointment(at_ny(WEDNESDAY, "10:00"))
    assert still_to_come(plain, at_ny(WEDNESDAY, "09:59")) and not still_to_come(plain, at_ny(WEDNESDAY, "10:00"))


async def test_the_day_book_labels_the_risk_of_a_booking_whose_own_start_was_the_night_before(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = at_ny(WEDNESDAY, "08:00")
    scored: list[str] = []

    async def risk(appointments: Any, clients: Any) -> dict[str, Any]:  # as Copilot.risk_scores, given the guests read
        scored.extend(a.id for a in appointments)
        return {a.id: SimpleNamespace(label="high (41%)", band="high") for a in appointments}

    async with small_spa_world(settings, tmp_path, clock, [MOVED], shifts=DAYS) as world:
        catalog = await world.copilot.catalog()
        book = await load_day_book(world.copilot.platform, catalog, catalog.locations[0], WEDNESDAY, risk=risk,
                                   now=clock.current)
    assert scored == ["ap_moved"]
    assert [(e.appointment_id, e.risk) for sd in book.staff_days for e in sd.entries] == [("ap_moved", "high (41%)")]


# ---------------------------------------------------------------------------------------------------
# 2. The prep DM's timing


async def prep_check(world: SandboxWorld, clock: FakeClock, when: datetime) -> list[str]:
    clock.current = when
    await poll_calendar(world.copilot)
    return await send_prep_briefings(world.copilot)


async def test_the_prep_dm_is_timed_from_the_first_services_start(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = at_ny(TUESDAY, "08:00")
    async with small_spa_world(settings, tmp_path, clock, [MOVED, EARLY], shifts=DAYS) as world:
        await poll_calendar(world.copilot, full=True)
        assert await prep_check(world, clock, at_ny(TUESDAY, "14:30")) == ["ap_early"], "2 hours before 4:00pm"
        assert dms(world) == [dms(world)[0]] and dms(world)[0].startswith("Coming up at 4:00pm: Noa")
        assert await prep_check(world, clock, at_ny(TUESDAY, "21:30")) == [], "Wednesday's 10:00am is not due yet"
        assert await prep_check(world, clock, at_ny(WEDNESDAY, "07:30")) == []
        assert await prep_check(world, clock, at_ny(WEDNESDAY, "08:00")) == ["ap_moved"]
        sent = dms(world)
    assert len(sent) == 2 and sent[1].startswith("Coming up at 10:00am: Ava"), sent


async def test_the_summary_catching_up_with_the_services_is_no_move_for_the_therapist(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = at_ny(TUESDAY, "08:00")
    async with small_spa_world(settings, tmp_path, clock, [MOVED], shifts=DAYS) as world:
        await poll_calendar(world.copilot, full=True)
        for when in (at_ny(TUESDAY, "21:30"), at_ny(WEDNESDAY, "08:00")):
            await prep_check(world, clock, when)
        told = dms(world)
        clock.current = at_ny(WEDNESDAY, "08:20")
        mended = world.spa.appointment("ap_moved").model_copy(update={
            "start_at": at_ny(WEDNESDAY, "10:00"), "end_at": at_ny(WEDNESDAY, "11:00"),
            "version": MOVED.version + 1, "updated_at": clock.current,
        })
        world.spa.put_appointment(mended)
        await prep_check(world, clock, at_ny(WEDNESDAY, "08:25"))
        after = dms(world)
    assert len(told) == 1 and told[0].startswith("Coming up at 10:00am: Ava"), told
    assert after == told, "nothing moved: the guest still comes at 10:00am"


# ---------------------------------------------------------------------------------------------------
# 3. The calendar snapshot


#: Thursday 4:00pm (the last of the two days a sync on Wednesday keeps); its own start says Friday 12:30am.
LATE = summary_at(b.appointment(b.at(THURSDAY, "16:00"), id="ap_late"), b.at(THURSDAY + timedelta(days=1), "00:30"))
TUESDAY_PLAIN = b.appointment(b.at(TUESDAY, "10:00"), id="ap_tuesday")
FRIDAY_PLAIN = b.appointment(b.at(THURSDAY + timedelta(days=1), "10:00"), id="ap_friday")


async def test_a_full_read_keeps_appointments_whose_services_are_in_its_days_and_no_others(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = at_ny(WEDNESDAY, "08:00")
    booked = [MOVED, LATE, TUESDAY_PLAIN, FRIDAY_PLAIN]
    async with small_spa_world(settings, tmp_path, clock, booked, shifts=DAYS) as world:
        store, location = world.copilot.store, (await world.copilot.catalog()).locations[0]
        result = await sync_location(world.copilot.platform, store, location, now=clock.current, full=True,
                                     horizon_days=2)
        snapshot = store.snapshot(location_id=location.id)
        where = booked_in_snapshot(store, [location], ["st_1"], [WEDNESDAY])
    assert sorted(snapshot) == ["ap_late", "ap_moved"]
    assert sorted(change.appointment_id for change in result.changes) == ["ap_late", "ap_moved"]
    assert snapshot["ap_moved"].start_at == at_ny(WEDNESDAY, "10:00").isoformat()
    assert snapshot["ap_late"].end_at == at_ny(THURSDAY, "17:00").isoformat()
    assert where == {"loc_1": {"st_1"}}, "booked on Wednesday, where the services are"


async def test_an_incremental_read_that_returns_it_does_not_forget_it(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = at_ny(WEDNESDAY, "08:00")
    async with small_spa_world(settings, tmp_path, clock, [MOVED], shifts=DAYS) as world:
        store, location = world.copilot.store, (await world.copilot.catalog()).locations[0]
        await sync_location(world.copilot.platform, store, location, now=clock.current, full=True)
        clock.current = at_ny(WEDNESDAY, "08:10")
        confirmed = world.spa.appointment("ap_moved").model_copy(update={
            "status": AppointmentStatus.unconfirmed, "version": MOVED.version + 1, "updated_at": clock.current,
        })
        world.spa.put_appointment(confirmed)
        result = await sync_location(world.copilot.platform, store, location, now=clock.current)
        snapshot = store.snapshot(location_id=location.id)
    assert [(c.kind, c.appointment_id) for c in result.changes] == [("updated", "ap_moved")], "no move"
    assert list(snapshot) == ["ap_moved"] and snapshot["ap_moved"].status == "unconfirmed"


def test_the_snapshot_of_an_agreeing_appointment_is_as_the_spa_system_gives_it() -> None:
    """Its own times are kept (an end past the last service's is not cut): only a disagreeing start is mended."""
    plain = b.appointment(at_ny(WEDNESDAY, "10:00"))
    longer = plain.model_copy(update={"end_at": at_ny(WEDNESDAY, "11:15")})
    assert plain.as_booked(NY) is plain and longer.as_booked(NY) is longer
    assert snapshot_of(MOVED.as_booked(NY)).start_at == at_ny(WEDNESDAY, "10:00").isoformat()


# ---------------------------------------------------------------------------------------------------
# 4. Rooms not on the resource list, in briefings


STONES = Resource(id="eq_stones", location_id="loc_1", name="Hot stones", type="equipment", kind="hotStoneSet")
RESOURCES = {r.id: r for r in (b.room(), STONES)}


def brief_of(appointment: Appointment) -> engine.GuestBrief:
    return engine.guest_brief(appointment, "st_1", client=b.client(), profile=GuestProfile(),
                              services={"sv_1": b.service()}, resources=RESOURCES, staff={"st_1": b.staff()},
                              location=b.location())


def test_a_briefing_names_a_room_not_on_the_list_by_its_id_and_leaves_listed_equipment_out() -> None:
    gone = b.appointment(at_ny(TUESDAY, "10:00"), resource_ids=["rs_gone", "eq_stones"])
    listed = b.appointment(at_ny(TUESDAY, "12:00"), resource_ids=["rs_1", "eq_stones"])
    assert brief_of(gone).rooms == (UNLISTED,)
    assert brief_of(listed).rooms == ("Room rs_1",)
    assert f"in {UNLISTED}." in engine.prep_text(brief_of(gone), b.location())


def update(before: Appointment, after: Appointment) -> str | None:
    return engine.prep_update(snapshot_of(before), after, "st_1", first_name="Ava", location=b.location(),
                              now=at_ny(TUESDAY, "08:00"), services={"sv_1": b.service()}, resources=RESOURCES,
                              staff={"st_1": b.staff()})


def test_a_prep_update_says_a_room_changed_only_when_it_did() -> None:
    gone = b.appointment(at_ny(TUESDAY, "10:00"), id="ap_1", resource_ids=["rs_gone"])
    confirmed = gone.model_copy(update={"version": gone.version + 1, "status": "unconfirmed"})
    assert update(gone, confirmed) is None, "still in rs_gone: nothing to tell"
    into_gone = b.appointment(at_ny(TUESDAY, "10:00"), id="ap_1", resource_ids=["rs_1"])
    assert update(into_gone, gone.model_copy(update={"version": 2})) == (
        f"Update: Ava's 10:00am Service sv_1 is now in {UNLISTED}."
    )


# ---------------------------------------------------------------------------------------------------
# 5. Conflicts


SOHO = b.location(id="loc_soho", name="SoHo", time_zone="America/New_York")
VENICE = b.location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
VENICE_ROOM = b.room("rs_venice", name="Venice Room 1", location_id=VENICE.id)
LONG = [Shift(weekday=d, start="06:00", end="22:00") for d in range(7)]


def test_a_turnover_clash_across_zones_labels_each_bookings_times_on_its_own_clock() -> None:
    team = [b.staff("st_mia", location_id=SOHO.id, first_name="Mia", shifts=LONG),
            b.staff("st_kai", location_id=VENICE.id, first_name="Kai", shifts=LONG)]
    booked = [
        b.appointment(b.at(TUESDAY, "09:00", LA), id="ap_venice", staff_id="st_kai", location_id=VENICE.id,
                      resource_ids=[VENICE_ROOM.id]),  # ends 10:00am in Los Angeles, 1:00pm in New York
        b.appointment(b.at(TUESDAY, "13:05"), id="ap_soho", staff_id="st_mia", location_id=SOHO.id, client_id="cl_2",
                      resource_ids=[VENICE_ROOM.id]),  # 10:05am in Los Angeles
    ]
    [clash] = find_conflicts(booked, staff=team, resources=[VENICE_ROOM], services=[b.service(buffer_minutes=15)],
                             locations=[SOHO, VENICE], guests={"cl_1": "Ava S.", "cl_2": "Noa B."})
    assert clash.kind == ConflictKind.buffer_violated and clash.zones_labelled
    assert clash.message == (
        "Venice Room 1 needs 15 min of turnover after the 9:00am PST Service sv_1 at Venice (Ava S.) (ends 10:00am "
        "PST), but the Service sv_1 at SoHo (Noa B.) starts 1:05pm EST, 10 min short."
    )
    assert clash.suggested_fix == (
        "Move the 1:05pm EST Service sv_1 (Noa B.) to 1:15pm EST, when Venice Room 1 is ready and Mia is free."
    )


def test_a_turnover_clash_within_one_zone_reads_as_before() -> None:
    booked = [b.appointment(at_ny(TUESDAY, "09:00"), id="ap_1"),
              b.appointment(at_ny(TUESDAY, "10:05"), id="ap_2", staff_id="st_2", client_id="cl_2")]
    [clash] = find_conflicts(booked, staff=[b.staff("st_1"), b.staff("st_2")], resources=[b.room()],
                             services=[b.service(buffer_minutes=15)], locations=[b.location()])
    assert not clash.zones_labelled
    assert clash.message == (
        "Room rs_1 needs 15 min of turnover after the 9:00am Service sv_1 (ends 10:00am), but the Service sv_1 "
        "starts 10:05am, 10 min short."
    )


def test_an_unknown_id_shared_by_bookings_in_listed_rooms_is_not_mended_by_another_room() -> None:
    booked = [
        b.appointment(at_ny(TUESDAY, "10:00"), id="ap_1", resource_ids=["rs_1", "eq_gone"]),
        b.appointment(at_ny(TUESDAY, "10:30"), id="ap_2", staff_id="st_2", client_id="cl_2",
                      resource_ids=["rs_2", "eq_gone"]),
    ]
    [clash] = find_conflicts(booked, staff=[b.staff("st_1"), b.staff("st_2")], resources=[b.room(), b.room("rs_2")],
                             services=[b.service()], locations=[b.location()], guests={"cl_2": "Noa B."})
    assert clash.resource_ids == ("eq_gone",)
    assert clash.suggested_fix == (
        "Move the 10:30am Service sv_1 (Noa B.) to another time, or check eq_gone in the spa system if it can take "
        "more than one booking at once."
    )
