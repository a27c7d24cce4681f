"""s51: `/spa risk` lists both locations' high-risk bookings in one list, and named the guests per location: two
different guests shown alike ("Chloe R." at SoHo and "Chloe R." at Venice, a first-run probe) read as one guest booked
in two places. Now the list tells them apart as the day book does within one location (their whole last names)."""

from __future__ import annotations

import json
from typing import Any

from spa_copilot.risk.bands import RiskScore
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command


class _AllHigh:
    def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
        return {a.id: RiskScore(appointment_id=a.id, probability=0.5, band="high", reasons=["new client"]) for a in appointments}


async def test_two_guests_alike_at_two_locations_are_told_apart(world: SandboxWorld, clock: Any) -> None:
    world.copilot.risk = _AllHigh()
    firsts = {}
    for location in world.data.locations[:2]:
        firsts[location.id] = min(
            (a for a in world.spa.appointments.values() if a.location_id == location.id and a.is_active
             and a.start_at > clock() and a.start_at.astimezone(location.tz).date() == clock().astimezone(location.tz).date()),
            key=lambda a: a.start_at)
    assert len({a.client_id for a in firsts.values()}) == 2
    for appointment, last in zip(firsts.values(), ("Ross", "Rivera"), strict=True):
        client = world.spa.clients[appointment.client_id]
        world.spa.clients[client.id] = client.model_copy(update={"first_name": "Chloe", "last_name": last})
    reply = (await answer_command(world.copilot, text="risk today", user_id=FRONT_DESK_USER)).to_kwargs()
    shown = reply["text"] + json.dumps(reply["blocks"], ensure_ascii=False)
    assert "Chloe Ross" in shown and "Chloe Rivera" in shown and "Chloe R. ·" not in shown, shown
