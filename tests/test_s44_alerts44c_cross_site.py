"""A double booking across two sites (one card, kept by Harbor) stays live, never "Resolved", when the therapist's
record leaves the staff list while each booking is as it was (rev44f: a guard, the cards kept by one site for
bookings at two)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from tests.conftest import FakeClock
from tests.test_s28_cross_site_alerts import (
    DEV,
    DEV_AT_HARBOR,
    DEV_AT_PALMS,
    TUESDAY,
    live_cards,
    local,
    resolved_drawings,
    spa_world,
)


async def test_a_cross_site_double_booking_stays_live_when_the_therapists_record_goes(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, [*DEV_AT_PALMS, DEV_AT_HARBOR], [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        for _ in range(2):
            clock.advance(minutes=3)
            world.spa.staff.pop("st_dev", None)
            await poll_calendar(world.copilot)
        assert resolved_drawings(world) == []
        assert [message.ts for message in live_cards(world)] == [card.ts]
