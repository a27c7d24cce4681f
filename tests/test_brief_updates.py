"""After the prep DM: a therapist is told when the booking is cancelled, given to someone else, moved, changed to
another service or room, or booked again; once per change, only about bookings they were prepped for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import send_prep_briefings
from spa_copilot.domain import Appointment, AppointmentStatus, HealthHistory, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.builders import at, client, location, room, service, staff

from .conftest import FakeClock, FlakySlack

DAY = date(2026, 11, 24)
NOW = at(DAY, "12:50")
ROOM_1, ROOM_2 = room("rs_1", name="Massage Room 1"), room("rs_2", name="Massage Room 2")
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
HOT_STONE = service("sv_hot", name="Hot Stone Massage 75", duration_minutes=75, contraindications=["pregnancy"])
SERVICES = {s.id: s for s in (SWEDISH, HOT_STONE)}
STAFF = {s.id: s for s in (staff("st_ana", first_name="Ana"), staff("st_jonah", first_name="Jonah"))}


def booked(**changes: Any) -> Appointment:
    """Adeline's 1:30pm Swedish Massage 60 with Ana in Massage Room 1, with ``changes`` to its one line."""
    start = changes.pop("start", at(DAY, "13:30"))
    svc = changes.pop("service", SWEDISH)
    status = changes.pop("status", AppointmentStatus.confirmed)
    end = start + timedelta(minutes=svc.duration_minutes)
    line = ServiceLine(id="l1", service_id=svc.id, service_name=svc.name, staff_id=changes.pop("staff_id", "st_ana"),
                       start_at=start, end_at=end, resource_ids=changes.pop("rooms", [ROOM_1.id]))
    return Appointment(id="ap_1", location_id="loc_1", client_id="cl_1", status=status, start_at=start, end_at=end,
                       services=[line], version=changes.pop("version", 2))


BEFORE = snapshot_of(booked(version=1))


def update(after: Appointment | None, staff_id: str = "st_ana", *, before=BEFORE, guest=None) -> str | None:  # noqa: ANN001
    return engine.prep_update(
        before, after, staff_id, first_name="Adeline", location=location(), now=NOW, services=SERVICES,
        resources={r.id: r for r in (ROOM_1, ROOM_2)}, staff=STAFF, client=guest or client(), profile=GuestProfile(),
    )


@pytest.mark.parametrize(
    ("after", "said"),
    [
        (booked(status=AppointmentStatus.cancelled), "Update: Adeline's 1:30pm Swedish Massage 60 is cancelled."),
        (None, "Update: Adeline's 1:30pm Swedish Massage 60 is no longer on the book."),
        (booked(staff_id="st_jonah"), "Update: Adeline's 1:30pm Swedish Massage 60 is moved to Jonah."),
        (booked(start=at(DAY, "15:00")), "Update: Adeline's 1:30pm Swedish Massage 60 is moved to 3:00pm."),
        (booked(start=at(DAY + timedelta(days=1), "13:30")),
         "Update: Adeline's 1:30pm Swedish Massage 60 is moved to Wed 25 Nov at 1:30pm."),
        (booked(rooms=[ROOM_2.id]), "Update: Adeline's 1:30pm Swedish Massage 60 is now in Massage Room 2."),
        (booked(service=HOT_STONE), "Update: Adeline's 1:30pm Swedish Massage 60 is now Hot Stone Massage 75."),
        (booked(start=at(DAY, "14:00"), rooms=[ROOM_2.id]),
         "Update: Adeline's 1:30pm Swedish Massage 60 is moved to 2:00pm and is now in Massage Room 2."),
        (booked(status=AppointmentStatus.checked_in), None),  # nothing the therapist was told changed
        (booked(status=AppointmentStatus.no_show), None),
        (booked(status=AppointmentStatus.completed), None),
    ],
)
def test_an_update_says_what_changed_about_the_booking_the_therapist_was_told_of(after: Appointment | None, said: str | None) -> None:
    assert update(after) == said


def test_a_new_service_the_guest_must_not_have_is_said_with_its_check() -> None:
    pregnant = client(health_history=HealthHistory(pregnant=True))
    said = update(booked(service=HOT_STONE), guest=pregnant)
    assert said is not None
    first, *checks = said.splitlines()
    assert first == "Update: Adeline's 1:30pm Swedish Massage 60 is now Hot Stone Massage 75."
    assert checks == [
        "Check: Hot Stone Massage 75 is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
        "Check with the guest before it starts."
    ]


def test_a_cancellation_undone_is_said_and_a_cancelled_booking_edited_again_is_not() -> None:
    cancelled = snapshot_of(booked(status=AppointmentStatus.cancelled, version=2))
    assert update(booked(version=3), before=cancelled) == "Update: Adeline's 1:30pm Swedish Massage 60 is booked again."
    assert update(booked(status=AppointmentStatus.cancelled, version=3), before=cancelled) is None


def test_a_booking_of_another_day_names_its_day() -> None:
    tomorrow = snapshot_of(booked(start=at(DAY + timedelta(days=1), "9:15"), version=1))
    moved = booked(start=at(DAY + timedelta(days=1), "9:15"), staff_id="st_jonah")
    assert update(moved, before=tomorrow) == "Update: Adeline's Wed 25 Nov 9:15am Swedish Massage 60 is moved to Jonah."


# ---------------------------------------------------------------------------------------------------
# Through the embedded world


def said_to(world: SandboxWorld, staff_id: str, appointment_id: str) -> list[str]:
    name = world.spa.clients[world.spa.appointments[appointment_id].client_id].first_name
    return [m.text for m in world.slack.messages(world.slack_id(staff_id)) if f" {name}" in m.text or f"{name}'s" in m.text]


async def prepped_at_12_50(world: SandboxWorld, clock: FakeClock) -> Callable[[int, int], datetime]:
    """Tue 24 Nov at SoHo: the book read at 12:30pm, the prep DMs of everything up to 2:50pm sent at 12:50pm. Returns
    SoHo's clock ("1:05pm" is ``local(13, 5)``)."""
    soho = world.spa.locations["loc_soho"].tz

    def local(hour: int, minute: int) -> datetime:
        return datetime(2026, 11, 24, hour, minute, tzinfo=soho).astimezone(UTC)

    clock.current = local(12, 30)
    await poll_calendar(world.copilot, full=True)
    clock.current = local(12, 50)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    return local


async def test_a_therapist_prepped_for_a_booking_is_told_once_of_each_change(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    cancelled, reassigned, moved = "ap_p06", "ap_b0012", "ap_b0013"  # 1:30pm Ana, 2:00pm Nadia, 2:45pm Sam
    assert all(len(said_to(world, who, aid)) == 1 for aid, who in
               ((cancelled, "st_ana_reyes"), (reassigned, "st_nadia_haddad"), (moved, "st_sam_delgado")))
    later = next(aid for aid, a in sorted(world.spa.appointments.items())
                 if a.location_id == "loc_soho" and a.is_active and a.start_at > local(16, 0) and len(a.staff_ids) == 1)
    clock.current = local(12, 55)
    world.spa.cancel(cancelled, reason="client called", by="front desk")
    world.spa.move(reassigned, start_at=world.spa.appointments[reassigned].start_at, staff_id="st_jonah_weiss")
    world.spa.move(moved, start_at=world.spa.appointments[moved].start_at + timedelta(days=1))
    world.spa.cancel(later, reason="client called", by="front desk")  # not prepped yet: nothing to take back
    await world.spa.drain_webhooks()
    for minute in range(56, 60):
        clock.current = local(12, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)
    assert said_to(world, "st_ana_reyes", cancelled)[1:] == [
        f"Update: {world.spa.clients[world.spa.appointments[cancelled].client_id].first_name}'s 1:30pm "
        "Hot Stone Massage 75 is cancelled."]
    [reassign_note] = said_to(world, "st_nadia_haddad", reassigned)[1:]
    assert reassign_note.endswith("is moved to Jonah.")
    assert [t for t in said_to(world, "st_jonah_weiss", reassigned) if t.startswith("Coming up at 2:00pm")], "Jonah is prepped"
    [move_note] = said_to(world, "st_sam_delgado", moved)[1:]
    assert move_note.endswith("is moved to Wed 25 Nov at 2:45pm.")
    later_staff = world.spa.appointments[later].staff_ids[0]
    assert not any(t.startswith("Update") for t in said_to(world, later_staff, later))


async def test_no_update_once_the_appointment_is_over(world: SandboxWorld, clock: FakeClock) -> None:
    await poll_calendar(world.copilot, full=True)
    prepared = await send_prep_briefings(world.copilot)
    aid = min(prepared, key=lambda a: world.spa.appointments[a].end_at)
    appointment = world.spa.appointments[aid]
    clock.current = appointment.end_at + timedelta(minutes=1)
    world.spa.put_appointment(appointment.model_copy(update={
        "status": AppointmentStatus.cancelled, "version": appointment.version + 1, "updated_at": clock()}))
    await poll_calendar(world.copilot)
    assert not any(t.startswith("Update") for sid in appointment.staff_ids for t in said_to(world, sid, aid))


def test_a_booking_given_back_to_a_therapist_told_of_it_before_says_so() -> None:
    with_jonah = snapshot_of(booked(staff_id="st_jonah", version=2))
    assert update(booked(version=3), before=with_jonah) == "Update: Adeline's 1:30pm Swedish Massage 60 is booked with you again."


async def test_a_booking_moved_away_and_back_reaches_the_therapist_each_time(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    reassigned, moved = "ap_b0012", "ap_b0013"  # 2:00pm Nadia, 2:45pm Sam
    start = world.spa.appointments[moved].start_at

    async def change(minute: int, step: Any) -> None:
        clock.current = local(12, minute)
        step()
        await world.spa.drain_webhooks()
        await poll_calendar(world.copilot)

    await change(52, lambda: world.spa.move(reassigned, start_at=world.spa.appointments[reassigned].start_at,
                                            staff_id="st_jonah_weiss"))
    await change(53, lambda: world.spa.move(moved, start_at=start + timedelta(days=1)))
    await change(54, lambda: world.spa.move(reassigned, start_at=world.spa.appointments[reassigned].start_at,
                                            staff_id="st_nadia_haddad"))
    await change(55, lambda: world.spa.move(moved, start_at=start))
    nadia = said_to(world, "st_nadia_haddad", reassigned)
    assert nadia[-1].endswith("is booked with you again."), nadia
    sam = said_to(world, "st_sam_delgado", moved)
    assert sam[-1].endswith("is moved to Tue 24 Nov at 2:45pm."), sam  # back to today, said with its day


async def test_an_update_slack_refused_is_sent_by_a_later_prep_check_once(
    world: SandboxWorld, clock: FakeClock, flaky_slack: FlakySlack
) -> None:
    local = await prepped_at_12_50(world, clock)
    cancelled = "ap_p06"  # Ana's 1:30pm
    flaky_slack.fail("chat_postMessage", aiohttp.ClientConnectionError("slack down"), channel=world.slack_id("st_ana_reyes"))
    clock.current = local(12, 55)
    world.spa.cancel(cancelled, reason="client called", by="front desk")
    await world.spa.drain_webhooks()
    await poll_calendar(world.copilot)
    assert len(said_to(world, "st_ana_reyes", cancelled)) == 1, "Slack refused the update"
    flaky_slack.heal()
    for minute in (0, 5):  # the prep checks after Slack is back: sent once
        clock.current = local(13, minute)
        await send_prep_briefings(world.copilot)
    updates = said_to(world, "st_ana_reyes", cancelled)[1:]
    assert len(updates) == 1 and updates[0].endswith("is cancelled."), updates
    assert world.copilot.store.kept_updates() == []


async def test_a_move_within_the_prep_window_is_one_update_not_a_second_prep_dm(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved, later = "ap_b0013", "ap_b0012"  # 2:45pm Sam, 2:00pm Nadia
    name = world.spa.clients[world.spa.appointments[moved].client_id].first_name
    clock.current = local(12, 55)
    world.spa.move(moved, start_at=local(14, 15), staff_id="st_sam_delgado")  # still within the 2 hours: due now
    world.spa.move(later, start_at=local(17, 30), staff_id="st_nadia_haddad")  # beyond them: its prep comes at 3:30pm
    await world.spa.drain_webhooks()
    for minute in range(56, 60):
        clock.current = local(12, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)
    sam = said_to(world, "st_sam_delgado", moved)
    assert len(sam) == 2, sam
    assert sam[0].startswith("Coming up at 2:45pm") and sam[1].startswith(f"Update: {name}'s 2:45pm ")
    assert sam[1].endswith("is moved to 2:15pm."), sam
    nadia = said_to(world, "st_nadia_haddad", later)
    assert len(nadia) == 2 and nadia[1].endswith("is moved to 5:30pm."), nadia
    clock.current = local(15, 31)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    nadia = said_to(world, "st_nadia_haddad", later)
    assert len(nadia) == 3 and nadia[2].startswith("Coming up at 5:30pm"), nadia
    assert len(said_to(world, "st_sam_delgado", moved)) == 2
