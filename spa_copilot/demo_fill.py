"""The demo's cancellation-fill act: a guest cancels, the copilot proposes, a manager approves, the slot is rebooked.

Everything goes through the production paths: the sandbox's signed cancellation webhook, the real Bolt app for the
manager's signed click, the real Mangomint client for the SMS and the booking, the sandbox's signed
``message.received`` webhook for the client's YES.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from spa_copilot import fill, scheduler
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Client,
    TimeWindow,
    WaitlistEntry,
    local_day_bounds,
)
from spa_copilot.engines.fill_ranking import Candidate, count_recent_cancellations, rank_with_exclusions
from spa_copilot.fill.ranking import ruled_out_services, without_no_mobile
from spa_copilot.sandbox.generator import HOSTILE_CLIENT_IDS
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import ids
from spa_copilot.slack.blocks import clock, clock_range, day_label
from spa_copilot.slack.listeners import fill_actions

WAIT_SECONDS = 30.0
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # a location's opening_hours keys
REPLY = "Yes please!"


async def demo_fill(world: SandboxWorld, say: Callable[[str], None]) -> None:
    """Cancel, propose, approve as the demo manager, show the SMS, reply YES, show the booking and the card."""
    copilot = world.copilot
    wire_fill(world)
    await scheduler.poll_calendar(copilot)  # the snapshot the cancellation is noticed against
    openings = pick_openings(world, limit=1)
    if not openings:
        # The sandbox's waitlist is generated around its own cancelled gaps, so late in the day (or with some
        # seeds) nobody on it fits a booking still ahead. The front desk then puts a guest on the list first,
        # through the real /spa waitlist add; the ranking below still decides who is offered the slot.
        await _front_desk_adds_a_guest(world, say)
        openings = pick_openings(world, limit=1)
    target = openings[0] if openings else None
    if target is None:
        if _fillable(world):
            say("No appointment in the fill horizon has a matching guest on the waitlist; skipping the fill demo.")
        else:  # nothing ahead to cancel at all: the spa's own setting (or the hour) is why, not the waitlist (rev35f M1)
            hours = world.settings.fill_horizon_hours
            say(f"No booking the copilot would offer from the waitlist starts in the next {hours:g} hours "
                f"(FILL_HORIZON_HOURS={hours:g}) at this hour; skipping the fill demo (a longer FILL_HORIZON_HOURS, "
                "or the spa's daytime, shows it).")
        return
    location = next(loc for loc in world.data.locations if loc.id == target.location_id)
    names = world.slack.display_names()
    if not fills_its_opening(world, target):  # the card says it too: no guest waiting fits the freed therapist's time
        say("No booking ahead has a waitlisted guest who can take its own therapist's freed time at this hour, so the "
            "demo cancels one whose guests would be booked with another therapist: a sale, but the freed time stays "
            "open.")

    start = time.perf_counter()
    await world.admin("POST", f"/sandbox/appointments/{target.id}/cancel", json={"reason": "feeling unwell", "by": "client"})
    row = copilot.store.fill_proposal_for(target.id)
    if row is None or not row.get("ts"):
        say("The cancellation did not produce a proposal (see the log).")
        return
    guest = world.spa.clients.get(target.client_id)
    line = target.services[0]
    with_staff = next((f" with {s.first_name}" for s in world.data.staff if s.id == line.staff_id), "")
    say(f"{guest.short_name if guest else 'A guest'} cancels their {line.service_name}{with_staff} at {location.name}, "
        f"{day_label(target.start_at.astimezone(location.tz).date())} {clock(target.start_at, location.time_zone)}.")
    say(f"The sandbox's signed webhook reached the copilot; the proposal was in #front-desk {time.perf_counter() - start:.2f} s later:\n")
    card = world.slack.message(row["channel"], row["ts"])
    assert card is not None
    say(render_terminal(card, users=names))

    first = row["candidates"][0]
    manager = names.get(world.manager_id, world.manager_id)
    waits = _texting_hours(world, target, say)
    say(f"\n{manager} (a manager) clicks Approve: a signed block_actions request through the real app.")
    await world.sender.click(card, ids.APPROVE_FILL, user_id=world.manager_id)
    if waits is not None:  # approved outside texting hours: the card says when; the demo's clock moves on to then
        await _until(lambda: "(approved)" in (world.slack.message(row["channel"], row["ts"]) or card).text)
        say("Nothing is texted yet; the card says when it goes out:\n")
        say(render_terminal(world.slack.message(row["channel"], row["ts"]) or card, users=names))
        waits.skip_to(waits.opens)
        say(f"\nThe demo moves its clock (the sandbox's, not this machine's) to {clock(waits.opens, location.time_zone)}"
            f" at {location.name}; the outbox's re-drive job runs and sends the approved text, once.")
        await fill.redrive_outbox(copilot)
    if not await _until(lambda: bool(world.spa.outbox)):
        say("The SMS did not go out (see the log).")
        return
    sms = world.spa.outbox[-1]
    say("The sandbox spa's outbox now holds the one text sent:")
    # what the spa system records with it (aiGenerated, approvedBy, the Idempotency-Key), in a manager's words
    drafted = "drafted by the copilot" if sms.message.ai_generated else "written by a person"  # the offline engine too
    approver = names.get(sms.message.approved_by, sms.message.approved_by)
    say(f"  to {first['first_name']} ({sms.message.client_id}): {drafted}, approved by {approver}; sent once under "
        f"the key {sms.idempotency_key}, so a retry cannot send it twice")
    say(f"  “{sms.message.body}”")

    say(f"\n{first['first_name']} replies “{REPLY}” (a signed message.received webhook).")
    await world.admin("POST", f"/sandbox/clients/{first['client_id']}/reply", json={"body": REPLY})
    if not await _until(lambda: (copilot.store.fill_proposal(row["id"]) or {}).get("status") == "booked"):
        say(f"No booking was made (proposal status {(copilot.store.fill_proposal(row['id']) or {}).get('status')}).")
        return
    booked = [a for a in world.spa.appointments.values() if a.client_id == first["client_id"] and a.source == "copilot"]
    for appointment in booked:
        line = appointment.services[0]
        staff = next((s.display_name for s in world.data.staff if s.id == line.staff_id), line.staff_id)
        say(f"Booked in the spa system: {line.service_name} with {staff}, "
            f"{day_label(appointment.start_at.astimezone(location.tz).date())} "
            f"{clock_range(appointment.start_at, appointment.end_at, location.time_zone)}, status {appointment.status} "
            f"(appointment {appointment.id}).")
    say("\nThe card, updated in place, and its thread:\n")
    await _until(lambda: "(booked)" in (world.slack.message(row["channel"], row["ts"]) or card).text)
    say(render_terminal(world.slack.message(row["channel"], row["ts"]) or card, users=names))
    for reply in world.slack.thread(row["channel"], row["ts"]):
        say("  ↳ " + render_terminal(reply, users=names).replace("\n", "\n    "))


class SkippableClock:
    """The demo's clock: another clock (the wall clock) moved forward when the demo skips ahead (to the hour texting
    opens at a location), so the copilot and the sandbox see the same time."""

    def __init__(self, base: Callable[[], datetime]) -> None:
        self.base = base
        self.offset = timedelta()
        self.opens: datetime = datetime.min.replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.base() + self.offset

    def skip_to(self, moment: datetime) -> None:
        self.offset += max(moment - self(), timedelta())


def _texting_hours(world: SandboxWorld, target: Appointment, say: Callable[[str], None]) -> SkippableClock | None:
    """Outside ``TEXT_SEND_HOURS`` at the opening's location: the demo's clock to skip to when texting opens (its
    ``opens``), or, when the clock cannot skip or texting would open too late for the slot, None after letting texts
    go at any hour for this act (said). None too inside texting hours: the text goes at once."""
    copilot = world.copilot
    location = next(loc for loc in world.data.locations if loc.id == target.location_id)
    settings = copilot.settings
    opens = fill.text_opens_at(copilot.now(), location.tz, settings.text_send_window)
    if opens is None:
        return None
    now_there = clock(copilot.now(), location.time_zone)
    skippable = copilot.clock if isinstance(copilot.clock, SkippableClock) else None
    if skippable is not None and target.start_at >= opens + timedelta(minutes=settings.offer_hold_minutes):
        say(f"\nIt is {now_there} at {location.name}: texts go out {settings.text_send_hours} there (TEXT_SEND_HOURS),"
            " so an Approve now is kept and its text sent when texting opens.")
        skippable.opens = opens
        return skippable
    say(f"\nIt is {now_there} at {location.name}, outside texting hours ({settings.text_send_hours}, TEXT_SEND_HOURS):"
        " a real Approve now would wait for them. The demo does not wait: for this act it lets texts go at any hour"
        " (TEXT_SEND_HOURS=00:00-24:00, sandbox only).")
    copilot.settings = settings.model_copy(update={"text_send_hours": "00:00-24:00"})
    return None


def wire_fill(world: SandboxWorld) -> None:
    """The fill workflow on this world's copilot and Bolt app (idempotent; the app may already have it)."""
    copilot = world.copilot
    fill.install(copilot)
    if not copilot.webhook_handlers.get("appointment.*"):
        copilot.on_webhook("appointment.*", lambda event: scheduler.on_appointment_webhook(copilot, event))
    fill_actions.register(world.bolt, copilot)  # Bolt runs the first matching listener, so a repeat is harmless


def pick_openings(world: SandboxWorld, *, limit: int = 1) -> list[Appointment]:
    """Appointments in the fill horizon whose cancellation waitlisted guests could take, as ``choose_openings`` orders
    them: one whose freed time a guest can take first, so the act fills the slot it opened."""
    spa = world.spa
    waiting_clients = {e.client_id for e in spa.waitlist.values()}
    cancellations = _cancellation_counts(world, waiting_clients)
    return choose_openings(
        ((appointment, _offered(world, appointment, spa.waitlist.values(), cancellations))
         for appointment in _fillable(world)),
        limit=limit,
    )


def choose_openings(found: Iterable[tuple[Appointment, list[Candidate]]], *, limit: int = 1) -> list[Appointment]:
    """The openings to cancel for the demo, best first, from each booking and the candidates the ranking would offer
    its cancellation: the most guests booked into the freed therapist's own time first (a guest booked with another
    therapist is a sale, but leaves the opening empty: the card says so), then the most candidates, then the soonest
    (then the id: the same choice at any hour). A booking nobody could be offered is left out."""
    scored = [
        (sum(c.with_freed_therapist for c in candidates), len(candidates), appointment)
        for appointment, candidates in found if candidates
    ]
    scored.sort(key=lambda row: (-row[0], -row[1], row[2].start_at, row[2].id))
    return [appointment for _, _, appointment in scored[:limit]]


def fills_its_opening(world: SandboxWorld, appointment: Appointment) -> bool:
    """Whether a waitlisted guest the ranking would offer this booking's cancellation is booked into its freed
    therapist's own time (else the best offer is with another therapist, and the opening stays empty)."""
    waitlist = world.spa.waitlist.values()
    cancellations = _cancellation_counts(world, {e.client_id for e in waitlist})
    return any(c.with_freed_therapist for c in _offered(world, appointment, waitlist, cancellations))


def guest_for_an_opening(world: SandboxWorld) -> tuple[Appointment, Client, TimeWindow] | None:
    """A booking ahead in the fill horizon and an ordinary guest (plain name, not on the waitlist, textable, not
    booked then) who, waiting for that service in that hour, the ranking would offer its cancellation; or None."""
    spa = world.spa
    now = spa.now()
    zones = {loc.id: loc for loc in world.data.locations}
    on_list = {e.client_id for e in spa.waitlist.values()}
    guests = [
        c for c in sorted(spa.clients.values(), key=lambda c: c.id)
        if c.id not in on_list and c.id not in HOSTILE_CLIENT_IDS and c.first_name.isalpha() and c.last_name.isalpha()
        and c.messaging_preferences.transactional_text != "optedOut"
    ][:100]
    cancellations = _cancellation_counts(world, {c.id for c in guests})
    for appointment in _fillable(world)[:20]:
        location = zones[appointment.location_id]
        local_start = appointment.start_at.astimezone(location.tz)
        local_end = appointment.end_at.astimezone(location.tz)
        start = f"{local_start.hour:02d}:00"
        end = f"{min(local_end.hour + (1 if local_end.minute else 0), 23):02d}:00"
        hours = location.opening_hours.get(WEEKDAY_KEYS[local_start.weekday()]) if location.opening_hours else None
        if hours and len(hours) == 2:
            start, end = max(start, hours[0]), min(end, hours[1])
        window = TimeWindow(weekday=local_start.weekday(), start=start, end=end)
        book = _book_without(world, appointment)
        for client in guests:
            entry = WaitlistEntry(
                id="wl_demo", location_id=location.id, client_id=client.id,
                service_ids=[appointment.services[0].service_id], date_from=local_start.date(),
                date_to=local_start.date(), time_windows=[window], created_at=now,
            )
            if _offerable(world, appointment, [entry], cancellations, book):
                return appointment, client, window
    return None


async def _front_desk_adds_a_guest(world: SandboxWorld, say: Callable[[str], None]) -> None:
    """Put a guest on the waitlist for a booking ahead, as the front desk would: ``/spa waitlist add``."""
    found = guest_for_an_opening(world)
    if found is None:
        return
    appointment, client, window = found
    location = next(loc for loc in world.data.locations if loc.id == appointment.location_id)
    day = appointment.start_at.astimezone(location.tz).date()
    command = (f'waitlist add {client.id} {appointment.services[0].service_id} {day.isoformat()} '
               f'{window.start}-{window.end} "{location.name}"')
    say(f"Nobody on the sandbox's waitlist could take a booking of the next "
        f"{world.settings.fill_horizon_hours:g} hours at this hour, so first the front desk adds "
        f"{client.display_name}, who asked for {appointment.services[0].service_name}: /spa {command}")
    before = len(world.slack.responses)
    await world.sender.slash_command(command, user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=WAIT_SECONDS)
    say("  " + render_terminal(world.slack.responses[before]).replace("\n", "\n  ") + "\n")


def _fillable(world: SandboxWorld) -> list[Appointment]:
    """Bookings whose cancellation the copilot would offer: ahead in the fill horizon (not about to start: an offer's
    whole hold, and some, before it; not checked in), one service for one therapist; soonest first."""
    spa = world.spa
    now = spa.now()
    horizon = now + timedelta(hours=world.settings.fill_horizon_hours)
    soonest = now + timedelta(minutes=max(30, world.settings.offer_hold_minutes + 20))  # Approve refuses a shorter lead
    services = {s.id: s for s in world.data.services}
    return [
        appointment for appointment in sorted(spa.appointments.values(), key=lambda a: (a.start_at, a.id))
        if appointment.is_active and appointment.status != AppointmentStatus.checked_in
        and soonest < appointment.start_at <= horizon and len(appointment.services) == 1
        and services[appointment.services[0].service_id].staff_count == 1
    ]


def _cancellation_counts(world: SandboxWorld, client_ids: Iterable[str]) -> dict[str, int]:
    spa = world.spa
    wanted = set(client_ids)
    by_client: dict[str, list[Appointment]] = {cid: [] for cid in wanted}
    for appointment in spa.appointments.values():
        if appointment.client_id in wanted:
            by_client[appointment.client_id].append(appointment)
    return {cid: count_recent_cancellations(rows, now=spa.now()) for cid, rows in by_client.items()}


def _book_without(world: SandboxWorld, appointment: Appointment) -> list[Appointment]:
    """The booking's day at its location as the copilot ranks it once the booking is cancelled (its therapist and
    room free)."""
    location = next(loc for loc in world.data.locations if loc.id == appointment.location_id)
    start, end = local_day_bounds(appointment.start_at.astimezone(location.tz).date(), location.tz)
    day = world.spa.find_appointments(location_id=location.id, start_from=start, start_to=end)
    return [a for a in day if a.id != appointment.id]


def _offerable(world: SandboxWorld, appointment: Appointment, waitlist: Iterable[WaitlistEntry],
               cancellations: dict[str, int], book: list[Appointment] | None = None) -> int:
    """How many waitlisted guests the ranking would offer this booking's cancellation (``_offered``)."""
    return len(_offered(world, appointment, waitlist, cancellations, book))


def _offered(world: SandboxWorld, appointment: Appointment, waitlist: Iterable[WaitlistEntry],
             cancellations: dict[str, int], book: list[Appointment] | None = None) -> list[Candidate]:
    """The waitlisted guests the ranking would offer this booking's cancellation, best first (a guest whose cautions
    rule out every service she waits for that fits is not, nor one with no mobile number, as in the fill itself)."""
    spa, waitlist = world.spa, list(waitlist)
    location = next(loc for loc in world.data.locations if loc.id == appointment.location_id)
    ranking = rank_with_exclusions(
        fill.slot_from_appointment(appointment, location),
        waitlist,
        clients=spa.clients,
        services=world.data.services,
        staff=world.data.staff,
        resources=world.data.resources,
        appointments=_book_without(world, appointment) if book is None else book,
        locations=world.data.locations,
        offers_today={},
        cancellation_counts=cancellations,
        risk=None,
        now=spa.now(),
        cap=world.settings.offer_daily_cap,
        ruled_out=ruled_out_services(waitlist, spa.clients, {s.id: s for s in world.data.services},
                                     appointment.start_at.astimezone(location.tz).date()),
    )
    return without_no_mobile(ranking, spa.clients)[0].offerable  # a guest with no mobile number is called


async def _until(predicate: Callable[[], bool], *, timeout: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True
