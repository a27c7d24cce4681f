"""The demo's cancellation-fill act: a guest cancels, the copilot proposes, a manager approves, the slot is rebooked.

Everything goes through the production paths: the sandbox's signed cancellation webhook, the real Bolt app for the
manager's signed click, the real Mangomint client for the SMS and the booking, the sandbox's signed
``message.received`` webhook for the client's YES.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta

from spa_copilot import fill, scheduler
from spa_copilot.domain import Appointment, AppointmentStatus
from spa_copilot.engines.fill_ranking import count_recent_cancellations, rank_with_exclusions
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids
from spa_copilot.slack.listeners import fill_actions

WAIT_SECONDS = 30.0
REPLY = "Yes please!"


async def demo_fill(world: SandboxWorld, say: Callable[[str], None]) -> None:
    """Cancel, propose, approve as the demo manager, show the SMS, reply YES, show the booking and the card."""
    copilot = world.copilot
    wire_fill(world)
    await scheduler.poll_calendar(copilot)  # the snapshot the cancellation is noticed against
    openings = pick_openings(world, limit=1)
    target = openings[0] if openings else None
    if target is None:
        say("No appointment in the fill horizon has a matching guest on the waitlist; skipping the fill demo.")
        return
    location = next(loc for loc in world.data.locations if loc.id == target.location_id)
    names = {uid: str(u.get("real_name") or u.get("name")) for uid, u in world.slack.users.items()}

    start = time.perf_counter()
    await world.admin("POST", f"/sandbox/appointments/{target.id}/cancel", json={"reason": "feeling unwell", "by": "client"})
    row = copilot.store.fill_proposal_for(target.id)
    if row is None or not row.get("ts"):
        say("The cancellation did not produce a proposal (see the log).")
        return
    local = target.start_at.astimezone(location.tz)
    say(f"A guest cancels their {local:%H:%M} {target.services[0].service_name} at {location.name} ({target.id}).")
    say(f"The sandbox's signed webhook reached the copilot; the proposal was in #front-desk {time.perf_counter() - start:.2f} s later:\n")
    card = world.slack.message(row["channel"], row["ts"])
    assert card is not None
    say(render_terminal(card, users=names))

    first = row["candidates"][0]
    manager = names.get(world.manager_id, world.manager_id)
    say(f"\n{manager} (a manager) clicks Approve: a signed block_actions request through the real app.")
    await world.sender.click(card, ids.APPROVE_FILL, user_id=world.manager_id)
    if not await _until(lambda: bool(world.spa.outbox)):
        say("The SMS did not go out (see the log).")
        return
    sms = world.spa.outbox[-1]
    say("The sandbox spa's outbox now holds the one text sent:")
    say(f"  to {first['first_name']} ({sms.message.client_id}), aiGenerated={sms.message.ai_generated}, "
        f"approvedBy={sms.message.approved_by}, Idempotency-Key={sms.idempotency_key}")
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
        say(f"Booked in the spa system: {appointment.id}, {line.service_name} "
            f"{appointment.start_at.astimezone(location.tz):%H:%M}–{appointment.end_at.astimezone(location.tz):%H:%M} "
            f"with {staff}, status {appointment.status}.")
    say("\nThe card, updated in place, and its thread:\n")
    await _until(lambda: "(booked)" in (world.slack.message(row["channel"], row["ts"]) or card).text)
    say(render_terminal(world.slack.message(row["channel"], row["ts"]) or card, users=names))
    for reply in world.slack.thread(row["channel"], row["ts"]):
        say("  ↳ " + render_terminal(reply, users=names).replace("\n", "\n    "))


def wire_fill(world: SandboxWorld) -> None:
    """The fill workflow on this world's copilot and Bolt app (idempotent; the app may already have it)."""
    copilot = world.copilot
    fill.install(copilot)
    if not copilot.webhook_handlers.get("appointment.*"):
        copilot.on_webhook("appointment.*", lambda event: scheduler.on_appointment_webhook(copilot, event))
    fill_actions.register(world.bolt, copilot)  # Bolt runs the first matching listener, so a repeat is harmless


def pick_openings(world: SandboxWorld, *, limit: int = 1) -> list[Appointment]:
    """Appointments in the fill horizon whose cancellation waitlisted guests could take, most candidates first."""
    spa = world.spa
    now = spa.now()
    horizon = now + timedelta(hours=world.settings.fill_horizon_hours)
    services = {s.id: s for s in world.data.services}
    zones = {loc.id: loc for loc in world.data.locations}
    by_day: dict[tuple[str, object], list[Appointment]] = {}
    for appointment in spa.appointments.values():
        key = (appointment.location_id, appointment.start_at.astimezone(zones[appointment.location_id].tz).date())
        by_day.setdefault(key, []).append(appointment)
    waiting_clients = {e.client_id for e in spa.waitlist.values()}
    cancellations = {
        cid: count_recent_cancellations([a for a in spa.appointments.values() if a.client_id == cid], now=now)
        for cid in waiting_clients
    }
    found: list[tuple[int, Appointment]] = []
    for appointment in sorted(spa.appointments.values(), key=lambda a: (a.start_at, a.id)):
        if not (appointment.is_active and appointment.status != AppointmentStatus.checked_in
                and now + timedelta(minutes=30) < appointment.start_at <= horizon and len(appointment.services) == 1
                and services[appointment.services[0].service_id].staff_count == 1):
            continue
        location = zones[appointment.location_id]
        ranking = rank_with_exclusions(
            fill.slot_from_appointment(appointment, location),
            spa.waitlist.values(),
            clients=spa.clients,
            services=world.data.services,
            staff=world.data.staff,
            resources=world.data.resources,
            appointments=by_day[(location.id, appointment.start_at.astimezone(location.tz).date())],
            locations=world.data.locations,
            offers_today={},
            cancellation_counts=cancellations,
            risk=None,
            now=now,
            cap=world.settings.offer_daily_cap,
        )
        if ranking.offerable:
            found.append((len(ranking.offerable), appointment))
    found.sort(key=lambda pair: (-pair[0], pair[1].start_at, pair[1].id))
    return [appointment for _, appointment in found[:limit]]


async def _until(predicate: Callable[[], bool], *, timeout: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True
