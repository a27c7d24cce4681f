"""``/spa risk`` lists the high-risk bookings soonest first across the locations (rev35f L3).

They were listed location by location, so late in the evening SoHo's Monday rows came before Venice's Sunday ones.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from spa_copilot.reads import still_to_come
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.builders import AllHigh


async def test_high_risk_bookings_are_listed_soonest_first_across_locations(world: SandboxWorld) -> None:
    world.copilot.risk = AllHigh()
    kwargs = (await answer_command(world.copilot, text="risk", user_id=FRONT_DESK_USER)).to_kwargs()
    rows = [line for block in kwargs["blocks"] if block.get("type") == "section"
            for line in block["text"]["text"].split("\n") if " · " in line]
    names = {loc.id: escape(loc.name, quote=False) for loc in world.data.locations}
    assert len(names) == 2
    shown = [next(lid for lid, name in names.items() if f" {name} · " in row) for row in rows]
    now = world.copilot.now()
    zones = {loc.id: loc.tz for loc in world.data.locations}

    def tomorrow_there(appointment) -> bool:
        zone = zones[appointment.location_id]
        return appointment.start_at.astimezone(zone).date() == (now.astimezone(zone) + timedelta(days=1)).date()

    booked = sorted((a for a in world.spa.appointments.values() if still_to_come(a, now) and tomorrow_there(a)),
                    key=lambda a: (a.start_at, list(names).index(a.location_id)))  # at one instant: as the locations read
    assert len(rows) == len(booked) > 2
    assert shown == [a.location_id for a in booked]
    assert len(set(shown)) == 2 and shown != sorted(shown, key=list(names).index)  # interleaved, not by location
