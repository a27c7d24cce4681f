"""A booking cancelled or moved while a DM about it is written (probe42b): the change is handled by a webhook while
the prep check (or the morning job) reads the guest's details, before anyone was told of the booking, so the handler
has nobody to tell. The DM must not then tell the booking as it was and leave it at that: a prep DM not sent yet is
skipped (the next check prepares the booking as it is now), and one that went is followed by the update (as a change
after the DM would be, once)."""

from __future__ import annotations

import json
from datetime import timedelta

from spa_copilot import briefings, scheduler
from spa_copilot.domain import Appointment, AppointmentStatus, Location
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.conftest import FakeClock

ANA = "st_ana_reyes"


def _next_due(world: SandboxWorld, after) -> Appointment:
    """The first Soho booking starting more than 2h30 after ``after`` whose therapist is on Slack."""
    return min(
        (
            a
            for a in world.spa.appointments.values()
            if a.location_id == "loc_soho"
            and a.is_active
            and a.start_at > after + timedelta(hours=2, minutes=30)
            and a.staff_ids
            and world.slack_id(a.staff_ids[0])
        ),
        key=lambda a: (a.start_at, a.id),
    )


def _cancel(world: SandboxWorld, clock: FakeClock, appointment_id: str) -> None:
    now = world.spa.appointments[appointment_id]
    world.spa.put_appointment(
        now.model_copy(
            update={"status": AppointmentStatus.cancelled, "version": now.version + 1, "updated_at": clock()}
        )
    )


def _move(world: SandboxWorld, clock: FakeClock, appointment_id: str, by: timedelta) -> None:
    now = world.spa.appointments[appointment_id]
    world.spa.put_appointment(
        now.model_copy(
            update={
                "start_at": now.start_at + by,
                "end_at": now.end_at + by,
                "version": now.version + 1,
                "updated_at": clock(),
                "services": [
                    line.model_copy(update={"start_at": line.start_at + by, "end_at": line.end_at + by})
                    for line in now.services
                ],
            }
        )
    )


def _location_of(world: SandboxWorld, target: Appointment) -> Location:
    return next(loc for loc in world.data.locations if loc.id == target.location_id)


async def _prepare(world: SandboxWorld, clock: FakeClock, target: Appointment, *, stops: bool = False) -> None:
    """Prepare ``target`` alone, as a prep check would (its other bookings would race it); with ``stops``, the stop
    the test planted (a ``RuntimeError``) ends it, as a process stopping would."""
    copilot = world.copilot
    try:
        await briefings.prepare_appointment(
            copilot, await copilot.catalog(), _location_of(world, target), target.id, now=clock()
        )
    except RuntimeError:
        if not stops:
            raise


async def _due_booking(world: SandboxWorld, clock: FakeClock) -> tuple[Appointment, str, int]:
    """A booking just due its prep (polled), its therapist's Slack id and how many DMs they had until now."""
    copilot = world.copilot
    await poll_calendar(copilot, full=True)
    await briefings.send_prep_briefings(copilot)
    target = _next_due(world, clock())
    therapist = world.slack_id(target.staff_ids[0])
    clock.current = target.start_at - timedelta(hours=2) + timedelta(minutes=1)
    await poll_calendar(copilot)
    return target, therapist, len(world.slack.messages(therapist))


async def _next_checks(world: SandboxWorld, clock: FakeClock, checks: int = 2) -> None:
    for _ in range(checks):
        clock.advance(minutes=5)
        await poll_calendar(world.copilot)
        await briefings.send_prep_briefings(world.copilot)


def _land_during_contexts(world: SandboxWorld, monkeypatch, target: Appointment, change) -> list[bool]:
    """While the guest's details are read for a DM listing ``target``, ``change`` it and handle the webhook."""
    soho = _location_of(world, target)
    real = briefings.guest_contexts
    landed: list[bool] = []

    async def contexts_while_the_change_lands(c, catalog, location, appointments, **kwargs):
        if not landed and any(a.id == target.id for a in appointments):
            landed.append(True)
            change()
            await scheduler.sync_and_process(world.copilot, soho, full=False)
        return await real(c, catalog, location, appointments, **kwargs)

    monkeypatch.setattr(briefings, "guest_contexts", contexts_while_the_change_lands)
    return landed


def _land_during_prep_send(
    world: SandboxWorld, monkeypatch, target: Appointment, change, *, lose_answer: bool = False
) -> list[bool]:
    """As the prep DM about ``target`` is handed to Slack (claimed, not sent yet), ``change`` it and handle the
    webhook; with ``lose_answer``, Slack then takes the DM but its answer never comes back."""
    soho = _location_of(world, target)
    real = briefings._send_claimed
    landed: list[bool] = []

    async def send_while_the_change_lands(copilot, claim, source, user_id, message, *, claimed_at):
        if not landed and claim.startswith(f"prep:{target.id}:"):
            landed.append(True)
            change()
            await scheduler.sync_and_process(copilot, soho, full=False)
            if lose_answer:
                world.slack.lose_answer_next(1)
        return await real(copilot, claim, source, user_id, message, claimed_at=claimed_at)

    monkeypatch.setattr(briefings, "_send_claimed", send_while_the_change_lands)
    return landed


async def test_a_booking_cancelled_while_its_prep_dm_is_written_gets_no_prep_dm(world, clock, monkeypatch) -> None:
    target, therapist, before = await _due_booking(world, clock)
    landed = _land_during_contexts(world, monkeypatch, target, lambda: _cancel(world, clock, target.id))
    await briefings.send_prep_briefings(world.copilot)
    assert landed
    await _next_checks(world, clock)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    assert not [t for t in dms if "coming up" in t.lower()], f"a prep DM for a cancelled booking: {dms}"


async def test_a_booking_cancelled_as_its_prep_dm_goes_is_told_once(world, clock, monkeypatch) -> None:
    target, therapist, before = await _due_booking(world, clock)
    landed = _land_during_prep_send(world, monkeypatch, target, lambda: _cancel(world, clock, target.id))
    await briefings.send_prep_briefings(world.copilot)
    assert landed
    await _next_checks(world, clock)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    assert len(dms) == 2 and "coming up" in dms[0].lower() and "cancelled" in dms[1].lower(), dms
    assert not world.copilot.store.kept_updates()


async def test_a_crash_after_the_prep_dm_leaves_the_cancellation_to_the_next_check(world, clock, monkeypatch) -> None:
    target, therapist, before = await _due_booking(world, clock)
    landed = _land_during_prep_send(world, monkeypatch, target, lambda: _cancel(world, clock, target.id))
    real_remember = briefings._remember_told

    def crash(*args, **kwargs):  # the process dies between the DM and its check against the snapshot
        raise RuntimeError("crash")

    monkeypatch.setattr(briefings, "_remember_told", crash)
    await briefings.send_prep_briefings(world.copilot)
    assert landed
    monkeypatch.setattr(briefings, "_remember_told", real_remember)
    await _next_checks(world, clock, checks=3)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    told = [t for t in dms if "cancelled" in t.lower()]
    assert "coming up" in dms[0].lower() and len(told) == 1, dms
    assert not world.copilot.store.kept_updates()


async def test_a_booking_moved_while_its_prep_dm_is_written_is_prepped_at_its_new_time(
    world, clock, monkeypatch
) -> None:
    target, therapist, before = await _due_booking(world, clock)
    landed = _land_during_contexts(
        world, monkeypatch, target, lambda: _move(world, clock, target.id, timedelta(minutes=-30))
    )
    await briefings.send_prep_briefings(world.copilot)
    assert landed
    await _next_checks(world, clock)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    coming = [t for t in dms if "coming up" in t.lower()]
    moved = [t for t in dms if "moved" in t.lower()]
    new_time = briefings.engine.starts_at_words(
        world.spa.appointments[target.id].start_at,
        next(loc for loc in world.data.locations if loc.id == "loc_soho"),
        clock(),
    )
    assert len(coming) + len(moved) == 1, f"the therapist is told of the booking twice, or not at all: {dms}"
    assert new_time in (coming + moved)[0], dms


async def test_a_booking_moved_as_its_prep_dm_goes_is_told_moved(world, clock, monkeypatch) -> None:
    target, therapist, before = await _due_booking(world, clock)
    landed = _land_during_prep_send(
        world, monkeypatch, target, lambda: _move(world, clock, target.id, timedelta(minutes=-30))
    )
    await briefings.send_prep_briefings(world.copilot)
    assert landed
    await _next_checks(world, clock)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    new_time = briefings.engine.starts_at_words(
        world.spa.appointments[target.id].start_at,
        next(loc for loc in world.data.locations if loc.id == "loc_soho"),
        clock(),
    )
    # (the handler may prep the new time while the old DM is in flight: the last word is the move, said once)
    assert len([t for t in dms if "moved" in t.lower()]) == 1 and "moved" in dms[-1].lower(), dms
    assert new_time in dms[-1], dms


async def _morning(world: SandboxWorld, clock: FakeClock, monkeypatch, *, during: bool) -> list[str]:
    copilot = world.copilot
    briefings.register_handler(copilot)  # as build_scheduler does at the start
    await poll_calendar(copilot, full=True)
    target = max(
        (
            a
            for a in world.spa.appointments.values()
            if a.location_id == "loc_soho"
            and a.is_active
            and ANA in a.staff_ids
            and a.start_at.date() == copilot.now().date()
        ),
        key=lambda a: a.start_at,
    )
    landed = (
        _land_during_contexts(world, monkeypatch, target, lambda: _cancel(world, clock, target.id)) if during else []
    )
    await briefings.send_morning_briefings(copilot, "loc_soho")
    assert landed or not during
    if not during:
        _cancel(world, clock, target.id)
    await _next_checks(world, clock)
    messages = world.slack.messages(world.slack_id(ANA))
    guest = world.spa.clients[target.client_id].first_name
    assert guest in json.dumps(messages[0].blocks), "the briefing was drawn without her"
    return [m.text for m in messages[1:]]


async def test_a_guest_cancelled_while_the_briefing_is_written_is_told_cancelled_once(
    world, clock, monkeypatch
) -> None:
    dms = await _morning(world, clock, monkeypatch, during=True)
    assert len([t for t in dms if "cancelled" in t.lower()]) == 1, dms
    assert not world.copilot.store.kept_updates()


async def test_control_a_guest_cancelled_after_the_briefing_is_told_once(world, clock, monkeypatch) -> None:
    dms = await _morning(world, clock, monkeypatch, during=False)
    assert len([t for t in dms if "cancelled" in t.lower()]) == 1, dms


async def test_a_prep_dm_whose_answer_is_lost_as_the_booking_is_cancelled_is_followed_by_the_update(
    world, clock, monkeypatch
) -> None:
    target, therapist, before = await _due_booking(world, clock)

    landed = _land_during_prep_send(
        world, monkeypatch, target, lambda: _cancel(world, clock, target.id), lose_answer=True
    )
    await _prepare(world, clock, target)  # this booking alone (the check's others would race it to the answer lost)
    assert landed
    assert not world.copilot.store.work_done(f"prep:{target.id}:{target.staff_ids[0]}:{target.start_at.isoformat()}")
    await _next_checks(world, clock, checks=3)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    assert len(dms) == 2 and "coming up" in dms[0].lower() and "cancelled" in dms[1].lower(), dms
    assert not world.copilot.store.kept_updates()


async def test_a_stop_after_a_lost_answer_leaves_the_cancellation_to_the_next_check(world, clock, monkeypatch) -> None:
    target, therapist, before = await _due_booking(world, clock)
    landed = _land_during_prep_send(
        world, monkeypatch, target, lambda: _cancel(world, clock, target.id), lose_answer=True
    )
    real_correct = briefings._correct_overtaken

    async def stopped(*args, **kwargs):  # the process stops before the DM is checked against the snapshot
        raise RuntimeError("stopped")

    monkeypatch.setattr(briefings, "_correct_overtaken", stopped)
    await _prepare(world, clock, target, stops=True)
    assert landed
    monkeypatch.setattr(briefings, "_correct_overtaken", real_correct)
    await _next_checks(world, clock, checks=3)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    assert len(dms) == 2 and "coming up" in dms[0].lower() and "cancelled" in dms[1].lower(), dms
    assert not world.copilot.store.kept_updates()
