"""The App Home's Refresh reads the day book afresh (a review of the Slack face, rev30a P5).

A location's book, read for one Home, serves the Homes opened in the next minute; Refresh went through the same
kept book, so right after a cancellation it still said "27 appointments in all" while ``/spa today`` said 26.
A plain visit to the tab still keeps the book."""

from __future__ import annotations

import json
import re

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import ids

from .conftest import count_book_reads


def _count(world: SandboxWorld) -> int:
    found = re.search(r"(\d+) appointments in all", json.dumps(world.slack.home_views[FRONT_DESK_USER]["blocks"]))
    assert found, world.slack.home_views[FRONT_DESK_USER]
    return int(found.group(1))


async def _published(world: SandboxWorld, before: int) -> None:
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)


async def test_refresh_after_a_cancellation_counts_it_and_a_visit_keeps_the_book(world: SandboxWorld) -> None:
    w = world
    n = len(w.slack.calls_to("views.publish"))
    await w.sender.app_home_opened(FRONT_DESK_USER)
    await _published(w, n)
    before = _count(w)
    loc = w.data.locations[0]
    day = w.copilot.now().astimezone(loc.tz).date()
    appt = next(a for a in w.spa.appointments.values()
                if a.location_id == loc.id and a.is_active and a.start_at.astimezone(loc.tz).date() == day)
    assert (await w.admin("POST", f"/sandbox/appointments/{appt.id}/cancel", json={"reason": "sick"})).status_code == 200
    reads = count_book_reads(w)

    n = len(w.slack.calls_to("views.publish"))
    await w.sender.app_home_opened(FRONT_DESK_USER)  # a visit to the tab within the minute: the kept book
    await _published(w, n)
    assert _count(w) == before and reads == []

    n = len(w.slack.calls_to("views.publish"))
    await w.sender.click_in_view(w.slack.home_views[FRONT_DESK_USER], ids.HOME_REFRESH, user_id=FRONT_DESK_USER)
    await _published(w, n)
    assert _count(w) == before - 1, "Refresh shows the book as the spa system has it now"
    assert loc.id in reads, reads
