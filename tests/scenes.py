"""Small scenes shared by the poll-loop, stop and two-location tests (a helper module, not a test file): the change
handlers installed as the scheduler installs them, a SoHo booking to cancel, the fill cards posted, and a SoHo booking
whose therapist had the prep DM."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from spa_copilot import alerts, briefings, fill
from spa_copilot.copilot import Copilot
from spa_copilot.fill.proposing import opening_claim
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.store.db import Store


def install(copilot: Copilot) -> None:
    """The handlers in the order ``build_scheduler`` and ``start_scheduler`` register them."""
    alerts.register_handler(copilot)
    briefings.register_handler(copilot)
    fill.install(copilot)


def a_booking_to_cancel(world: SandboxWorld) -> Any:
    """A SoHo booking still on, starting between three and thirty hours from now."""
    now = world.copilot.now()
    return next(
        a for a in world.spa.find_appointments(location_id="loc_soho")
        if a.status in ("confirmed", "unconfirmed") and now + timedelta(hours=3) < a.start_at < now + timedelta(hours=30)
    )


def fill_cards(world: SandboxWorld) -> list[Any]:
    """Every fill card posted so far, oldest first."""
    return [m for m in world.slack.messages() if m.text.startswith("Fill proposal")]


async def prepped_booking(world: SandboxWorld) -> Any:
    """A one-service SoHo booking within the prep lead whose therapist had the "Coming up" DM about it."""
    copilot = world.copilot
    now = copilot.now()
    lead = timedelta(hours=copilot.settings.prep_hours_before)
    for appointment in world.spa.find_appointments(location_id="loc_soho"):
        if appointment.status not in ("confirmed", "unconfirmed") or len(appointment.services) != 1:
            continue
        if not now < appointment.start_at <= now + lead:
            continue
        dm = world.slack.dm_channel(world.slack_id(appointment.services[0].staff_id))
        if any("Coming up" in (m.text or "") for m in world.slack.messages(dm)):
            return appointment
    raise AssertionError("no prepped SoHo booking")


def moved_away_claim(appointment_id: str, location_id: str) -> str:
    """The claim of the card for the hour booking ``appointment_id`` left at ``location_id`` by moving to the sister
    location (``opening_claim``: ``<id>@<location id>``), not its cancellation's."""
    return opening_claim(appointment_id, location_id, moved_to="the sister location")


def moved_away_card(store: Store, appointment_id: str, location_id: str) -> dict[str, Any] | None:
    """The moved-away card of booking ``appointment_id`` at ``location_id``, the location it left; or None."""
    return store.fill_proposal_claimed(moved_away_claim(appointment_id, location_id))
