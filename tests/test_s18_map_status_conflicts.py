"""``/spa status`` (and the App Home) say how the open conflicts split by day when they are not all today's: it said
"Open conflicts: 9" while ``/spa conflicts`` listed today's 5, with no word of tomorrow's 4. Now "Open conflicts: 9
(5 today, 4 tomorrow)", each location's today as ``/spa conflicts`` reads it; all today's, the count alone."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from spa_copilot.alerts import OPEN
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import blocks
from spa_copilot.slack import views_models as views
from spa_copilot.slack.home import home_view_for
from spa_copilot.world import default_day

from .conftest import FakeClock
from .test_alerts_s17_over_and_acknowledge_all import _ask


def _open_by_day(world: SandboxWorld) -> Counter[str]:
    found: Counter[str] = Counter()
    for location in world.copilot.known_locations():
        today = default_day(world.copilot.settings, location, now=world.copilot.now())
        for row in world.copilot.store.alerts(location_id=location.id, statuses=(OPEN,)):
            ahead = (date.fromisoformat(row.day or "") - today).days
            found[{0: "today", 1: "tomorrow"}.get(ahead, row.day or "")] += 1
    return found


async def test_status_splits_the_open_conflicts_by_day(world: SandboxWorld, clock: FakeClock) -> None:
    await poll_calendar(world.copilot)
    by_day = _open_by_day(world)
    assert set(by_day) == {"today", "tomorrow"}, by_day  # the sandbox has clashes on both days
    total = world.copilot.store.open_counts()["open_conflicts"]
    said = f"Open conflicts:* {total} ({by_day['today']} today, {by_day['tomorrow']} tomorrow)"
    assert said in await _ask(world, "status")
    assert said in json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict())

    # tomorrow's alone (today's handled): still said, as /spa conflicts lists none of them
    for location in world.copilot.known_locations():
        today = default_day(world.copilot.settings, location, now=world.copilot.now())
        for row in world.copilot.store.alerts(location_id=location.id, statuses=(OPEN,), days=[today.isoformat()]):
            world.copilot.store.save_alert(row.key, at=clock(), status="acknowledged")
    assert f"Open conflicts:* {by_day['tomorrow']} ({by_day['tomorrow']} tomorrow)" in await _ask(world, "status")

    # today's alone: the count alone, what /spa conflicts lists
    for location in world.copilot.known_locations():
        for row in world.copilot.store.alerts(location_id=location.id):
            world.copilot.store.save_alert(row.key, at=clock(), status=OPEN if row.status == "acknowledged" else "acknowledged")
    reply = await _ask(world, "status")
    assert f"Open conflicts:* {by_day['today']}\n" in reply + "\n" and "today)" not in reply, reply


def test_the_count_alone_when_all_are_todays() -> None:
    def line(**fields: object) -> str:
        status = views.StatusView(mode="live", model="m", platform="p", **fields)  # type: ignore[arg-type]
        return next(t for t in blocks._status_lines(status) if "Open conflicts" in t)  # noqa: SLF001

    assert line(open_conflicts=5).endswith("*Open conflicts:* 5")
    assert line(open_conflicts=9, open_conflict_days=("5 today", "4 tomorrow")).endswith(
        "*Open conflicts:* 9 (5 today, 4 tomorrow)"
    )
