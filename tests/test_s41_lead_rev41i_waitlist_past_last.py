"""rev41i LOW: an entry whose days are all past (still 'waiting') now heads its location's list, ahead of today's."""
from __future__ import annotations

from datetime import timedelta

from spa_copilot.domain import TimeWindow, WaitlistEntry
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command


async def test_an_expired_entry_does_not_lead(world: SandboxWorld) -> None:
    loc = world.data.locations[0].id
    a, b = (c.id for c in world.data.clients[:2])
    sv = world.data.services[0].id
    now = world.copilot.now()
    today = now.astimezone(world.data.locations[0].tz).date()
    tomorrow = today + timedelta(days=1)
    live = WaitlistEntry(id="wl_live", location_id=loc, client_id=a, service_ids=[sv], date_from=tomorrow,
                         date_to=tomorrow, time_windows=[TimeWindow(weekday=tomorrow.weekday(), start="09:00",
                                                                     end="12:00")], created_at=now - timedelta(days=20))
    stale = WaitlistEntry(id="wl_stale", location_id=loc, client_id=b, service_ids=[sv],
                          date_from=today - timedelta(days=9), date_to=today - timedelta(days=3),
                          created_at=now - timedelta(days=10))
    world.spa.waitlist = {e.id: e for e in (live, stale)}
    kwargs = (await answer_command(world.copilot, text="waitlist", user_id=FRONT_DESK_USER)).to_kwargs()
    text = "\n".join(b["text"]["text"] for b in kwargs["blocks"] if b.get("type") == "section")
    ids = [line.split(" · ", 1)[0] for line in text.split("\n") if line.startswith("wl_")]
    assert ids[0] == "wl_live", ids
