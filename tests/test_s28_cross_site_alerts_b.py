"""More of a clash across two sites through the real poll (the sandbox, the stand-in Slack and the store; the spa and
fixtures of ``test_s28_cross_site_alerts``):

- a site whose book cannot be read (down since the start, or down for a while) is not asked again at every poll
  by the other site's check, nor does it make that check run at every poll; once it syncs again, the check runs;
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from pathlib import Path
from typing import Any

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings

from .conftest import FakeClock
from .test_s28_cross_site_alerts import (
    DEV,
    DEV_AT_HARBOR,
    DEV_AT_PALMS,
    LA,
    NICO_TWICE,
    PALMS,
    TUESDAY,
    booked,
    live_cards,
    live_rows,
    local,
    shown,
    spa_world,
)


class Reads:
    """Counts the spa system's appointment reads by location; ``down`` ones fail as an outage would."""

    def __init__(self, world: SandboxWorld) -> None:
        self.counts: Counter[str] = Counter()
        self.down: set[str] = set()
        platform = world.copilot.platform
        real = platform.list_appointments

        async def reads(**kwargs: Any) -> Any:
            where = str(kwargs.get("location_id"))
            self.counts[where] += 1
            if where in self.down:
                raise PlatformUnavailable(f"{where} is down")
            return await real(**kwargs)

        platform.list_appointments = reads  # type: ignore[method-assign]


def slack_calls(world: SandboxWorld) -> list[int]:
    return [len(world.slack.calls_to(m)) for m in ("chat.postMessage", "chat.update")]


async def test_a_site_down_since_the_start_is_not_read_again_at_every_poll_of_the_other_site(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    dev_at_palms = booked("ap_p", local(TUESDAY, 12, 0, LA), "st_dev", "rs_b1", location=PALMS, client="cl_3")
    async with spa_world(settings, tmp_path, clock, [*NICO_TWICE, dev_at_palms], [DEV]) as world:
        reads = Reads(world)
        reads.down.add(PALMS.id)  # Palms' book never answers (a key without access to it, say)
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "Nico North is booked for 2 appointments" in shown(card), "Harbor's own clash is posted all the same"
        clock.advance(minutes=1)
        await poll_calendar(world.copilot)
        reads.counts.clear()
        before = slack_calls(world)
        for _ in range(10):
            clock.advance(minutes=1)
            await poll_calendar(world.copilot)
        assert reads.counts == {"loc_a": 10, "loc_b": 10}, "one sync each a poll: no check re-reading Palms"
        assert slack_calls(world) == before


async def test_a_site_that_goes_down_does_not_make_the_other_check_at_every_poll_and_is_checked_when_back(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, DEV_AT_PALMS, [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)  # Dev twice at Palms: Palms' card
        reads = Reads(world)
        reads.down.add(PALMS.id)
        clock.advance(minutes=1)  # Dev booked at Harbor too while Palms is down: Harbor's check cannot read Palms
        world.spa.put_appointment(DEV_AT_HARBOR.model_copy(update={"updated_at": clock(), "created_at": clock()}))
        await poll_calendar(world.copilot)
        clock.advance(minutes=1)
        await poll_calendar(world.copilot)
        reads.counts.clear()
        before = slack_calls(world)
        for _ in range(10):
            clock.advance(minutes=1)
            await poll_calendar(world.copilot)
        assert reads.counts == {"loc_a": 10, "loc_b": 10}, "one sync each a poll: Harbor's check does not run again"
        assert slack_calls(world) == before
        assert live_rows(world) == [("loc_b", ["ap_p1", "ap_p2"])], "Palms' card kept as it is while Palms is down"

        reads.down.clear()  # Palms answers again: nothing changed in its book, Harbor's check runs now
        for _ in range(2):
            clock.advance(minutes=1)
            await poll_calendar(world.copilot)
        assert [m.ts for m in live_cards(world)] == [card.ts]
        assert live_rows(world) == [("loc_a", ["ap_h", "ap_p1", "ap_p2"])], "the one card, grown to both sites"
        assert "Harbor NY and Palms LA" in shown(world.slack.message(card.channel, card.ts))
