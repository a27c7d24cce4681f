"""A conflict of tomorrow acknowledged: the status said "Acknowledged or snoozed: 1 more conflict (`/spa conflicts`
lists them, marked)" while ``/spa conflicts`` (today's) did not list it, so today's open and today's handled no
longer added up to its list (rev47a). The handled count is split by day as the open one is."""

import re
from datetime import timedelta

from spa_copilot import scheduler
from spa_copilot.alerts import OPEN
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.world import default_day
from tests.conftest import FakeClock
from tests.test_alerts_s17_over_and_acknowledge_all import _ask


def _line(status: str, heading: str) -> str:
    """The status's count under ``heading``, from the heading on (the open count shares its line)."""
    line = next(line for line in status.splitlines() if heading in line)
    return line[line.index(heading) :]


def _todays(line: str) -> int:
    """Today's of a status count line: its "N today" when it is split by day, else its whole count."""
    split = re.search(r"\((?:[^)]*?)(\d+) today", line)
    if split:
        return int(split.group(1))
    if re.search(r"\(\d+ (tomorrow|on )", line):
        return 0
    return int(re.search(r":\* (\d+)", line).group(1))  # type: ignore[union-attr]


async def test_tomorrows_acknowledged_conflict_is_counted_as_tomorrows(world: SandboxWorld, clock: FakeClock) -> None:
    c = world.copilot
    await scheduler.poll_calendar(c)
    today_rows, tomorrow_rows = [], []
    for loc in c.known_locations():
        today = default_day(c.settings, loc, now=c.now())
        today_rows += list(c.store.alerts(location_id=loc.id, statuses=(OPEN,), days=[today.isoformat()]))
        tomorrow = (today + timedelta(days=1)).isoformat()
        tomorrow_rows += list(c.store.alerts(location_id=loc.id, statuses=(OPEN,), days=[tomorrow]))
    assert today_rows and tomorrow_rows
    c.store.save_alert(tomorrow_rows[0].key, at=clock(), status="acknowledged")
    conflicts, status = await _ask(world, "conflicts"), await _ask(world, "status")
    handled = _line(status, "Acknowledged or snoozed")
    assert "1 more conflict (1 tomorrow; `/spa conflicts` lists today's, marked)" in handled, status
    listed = int(re.search(r"(\d+) conflicts", conflicts).group(1))  # type: ignore[union-attr]
    assert listed == _todays(_line(status, "Open conflicts")) + _todays(handled) == len(today_rows), (status, conflicts)

    c.store.save_alert(today_rows[0].key, at=clock(), status="snoozed")
    conflicts, status = await _ask(world, "conflicts"), await _ask(world, "status")
    handled = _line(status, "Acknowledged or snoozed")
    assert "2 more conflicts (1 today, 1 tomorrow; `/spa conflicts` lists today's, marked)" in handled, status
    listed = int(re.search(r"(\d+) conflicts", conflicts).group(1))  # type: ignore[union-attr]
    assert listed == _todays(_line(status, "Open conflicts")) + _todays(handled) == len(today_rows), (status, conflicts)
