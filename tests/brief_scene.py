"""Scenes shared by the briefing tests (a helper module, not a test file)."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.domain import Appointment
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar


async def two_siobhans(world: SandboxWorld) -> tuple[Appointment, Appointment]:
    """After a first poll: a SoHo booking with one therapist due its prep DM now (``due``), whose client is renamed
    Siobhan Kelly, and a later booking that day with the same therapist, not yet due its prep, whose (other) client is
    renamed Siobhan Moore (``later``): two guests of one first name on a therapist's day."""
    await poll_calendar(world.copilot)
    now = world.copilot.now()
    lead = timedelta(hours=world.settings.prep_hours_before)
    book = [a for a in world.spa.appointments.values() if a.is_active and a.location_id == "loc_soho"]
    due, later = next(
        (first, second)
        for first in sorted(book, key=lambda a: a.start_at)
        if now <= first.start_at <= now + lead and len(set(first.staff_ids)) == 1
        for second in book
        if second.client_id != first.client_id and set(second.staff_ids) == set(first.staff_ids)
        and second.start_at > now + lead and second.start_at.date() == first.start_at.date()
    )
    guest, namesake = world.spa.clients[due.client_id], world.spa.clients[later.client_id]
    world.spa.clients[guest.id] = guest.model_copy(update={"first_name": "Siobhan", "last_name": "Kelly"})
    world.spa.clients[namesake.id] = namesake.model_copy(update={"first_name": "Siobhan", "last_name": "Moore"})
    return due, later
