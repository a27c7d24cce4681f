"""One of today's clashes acknowledged, one snoozed (probe46j): ``/spa conflicts`` still lists both, marked, and the
status says how many such there are beside the open ones (it said "Open conflicts: 7 (3 today, 4 tomorrow)" while
``/spa conflicts`` listed 5, with no word of the two)."""

import re

from spa_copilot import scheduler
from spa_copilot.alerts import OPEN
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.world import default_day
from tests.conftest import FakeClock
from tests.test_alerts_s17_over_and_acknowledge_all import _ask


async def test_status_says_how_many_acknowledged_or_snoozed_conflicts_spa_conflicts_still_lists(
    world: SandboxWorld, clock: FakeClock
) -> None:
    c = world.copilot
    await scheduler.poll_calendar(c)
    assert "Acknowledged or snoozed" not in await _ask(world, "status")  # none handled: the status as before
    rows = []
    for loc in c.known_locations():
        today = default_day(c.settings, loc, now=c.now())
        rows += list(c.store.alerts(location_id=loc.id, statuses=(OPEN,), days=[today.isoformat()]))
    c.store.save_alert(rows[0].key, at=clock(), status="acknowledged")
    c.store.save_alert(rows[1].key, at=clock(), status="snoozed")
    conflicts, status = await _ask(world, "conflicts"), await _ask(world, "status")
    listed = int(re.search(r"(\d+) conflicts", conflicts).group(1))  # type: ignore[union-attr]
    open_today = int(re.search(r"\((\d+) today", status).group(1))  # type: ignore[union-attr]
    assert "*Acknowledged or snoozed:* 2 more conflicts (`/spa conflicts` lists them, marked)" in status, status
    assert listed == open_today + 2 == len(rows), (conflicts, status)
