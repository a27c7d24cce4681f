"""``/spa risk`` lists a day's high-risk bookings location by location, soonest first within each (walk41).

Ordered by the shared clock, "Mon 3:45pm SoHo" came before "Mon 12:45pm Venice" and that before "Mon 5:30pm SoHo".
(The earlier day first when the locations' tomorrows differ: tests/test_s35_lead_risk_order.py.)
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from spa_copilot.reads import still_to_come
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.builders import AllHigh


async def _risk_rows(world: SandboxWorld) -> list[str]:
    world.copilot.risk = AllHigh()
    kwargs = (await answer_command(world.copilot, text="risk", user_id=FRONT_DESK_USER)).to_kwargs()
    return [
        line
        for block in kwargs["blocks"]
        if block.get("type") == "section"
        for line in block["text"]["text"].split("\n")
        if " · " in line
    ]


def _expected(world: SandboxWorld) -> list[tuple[str, str]]:
    """The bookings tomorrow at each location still to come, as (location id, start) in the order the list reads."""
    locations = list(world.data.locations)
    now = world.copilot.now()
    place = {loc.id: index for index, loc in enumerate(locations)}
    zones = {loc.id: loc.tz for loc in locations}

    def local(appointment):
        return appointment.start_at.astimezone(zones[appointment.location_id])

    booked = [
        a
        for a in world.spa.appointments.values()
        if still_to_come(a, now)
        and local(a).date() == (now.astimezone(zones[a.location_id]) + timedelta(days=1)).date()
    ]
    booked.sort(key=lambda a: (local(a).date(), place[a.location_id], a.start_at))
    return [(a.location_id, a.start_at) for a in booked]


def _shown_locations(world: SandboxWorld, rows: list[str]) -> list[str]:
    names = {loc.id: escape(loc.name, quote=False) for loc in world.data.locations}
    return [next(lid for lid, name in names.items() if f" {name} · " in row) for row in rows]


async def test_a_days_high_risk_bookings_are_grouped_by_location(world: SandboxWorld) -> None:
    rows = await _risk_rows(world)
    expected = _expected(world)
    shown = _shown_locations(world, rows)
    assert len(rows) == len(expected) > 2
    assert shown == [lid for lid, _ in expected]
    # each location once, in one run: no SoHo, Venice, SoHo
    runs = [lid for index, lid in enumerate(shown) if index == 0 or shown[index - 1] != lid]
    assert len(runs) == len(set(shown)) == 2
