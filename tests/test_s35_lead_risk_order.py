"""``/spa risk`` lists the earlier day's high-risk bookings first when the locations' tomorrows differ (rev35f L3).

They were listed location by location, so late in the evening SoHo's Monday rows came before Venice's Sunday ones.
Within one day they go location by location, as the day book groups them (walk41:
tests/test_s41_polish41_risk_by_location.py).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from spa_copilot.reads import still_to_come
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.builders import AllHigh


async def test_the_earlier_days_high_risk_bookings_come_first_across_locations(world: SandboxWorld, clock) -> None:
    locations = list(world.data.locations)
    names = {loc.id: escape(loc.name, quote=False) for loc in locations}
    zones = {loc.id: loc.tz for loc in locations}
    assert len(names) == 2

    def local(appointment):
        return appointment.start_at.astimezone(zones[appointment.location_id])

    def booked_tomorrow():
        """The bookings still to come on each location's own tomorrow, in the order the list reads them."""
        now = world.copilot.now()
        return sorted(
            (
                a
                for a in world.spa.appointments.values()
                if still_to_come(a, now)
                and local(a).date() == (now.astimezone(zones[a.location_id]) + timedelta(days=1)).date()
            ),
            key=lambda a: (local(a).date(), list(names).index(a.location_id), a.start_at),
        )

    # an earlier moment the locations' tomorrows differ (past midnight in one zone, not yet in the other), both with
    # bookings (the sandbox books today and tomorrow only)
    for _ in range(24 * 3):
        booked = booked_tomorrow()
        if len({local(a).date() for a in booked}) == 2:
            break
        clock.advance(hours=-1)
    assert len({local(a).date() for a in booked}) == 2
    world.copilot.risk = AllHigh()
    kwargs = (await answer_command(world.copilot, text="risk", user_id=FRONT_DESK_USER)).to_kwargs()
    rows = [
        line
        for block in kwargs["blocks"]
        if block.get("type") == "section"
        for line in block["text"]["text"].split("\n")
        if " · " in line
    ]
    shown = [next(lid for lid, name in names.items() if f" {name} · " in row) for row in rows]
    assert len(rows) == len(booked) > 2
    assert shown == [a.location_id for a in booked]
    assert [row.split(" ", 1)[0] for row in rows] == [f"{local(a):%a}" for a in booked]
    assert shown != sorted(shown, key=list(names).index)  # the later-zone location's earlier day leads
