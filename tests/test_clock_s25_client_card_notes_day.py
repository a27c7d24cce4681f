"""``/spa client`` reads the guest's notes on the spa's today, the day its card is dated by (and the briefings read
them on), not the UTC date: on a New York evening of 31 December the UTC date is already 1 January, and "Stopped
Accutane last year" read on it was a stop in the year just ending, a current isotretinoin caution the card's own
day (and the next morning's briefing, on 1 January) reads as more than six months past."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.conftest import FakeClock

#: 22:00 on 31 December in New York (19:00 in Los Angeles), 03:00 on 1 January UTC.
NEW_YEARS_EVE = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)


async def test_spa_client_reads_the_notes_on_the_spas_today_not_the_utc_date(
    world: SandboxWorld, clock: FakeClock
) -> None:
    client = world.data.clients[0]
    world.spa.clients[client.id].notes = "Stopped Accutane last year"
    read: list[tuple[Any, Any]] = []
    real = world.copilot.ai.extract_profile

    async def spy(*args: Any, **kwargs: Any) -> Any:
        profile = await real(*args, **kwargs)
        read.append((kwargs.get("today"), profile))
        return profile

    world.copilot.ai.extract_profile = spy  # type: ignore[method-assign]
    clock.current = NEW_YEARS_EVE
    await answer_command(world.copilot, text=f"client {client.id}", user_id=FRONT_DESK_USER)
    [(today, profile)] = read
    spas_today = NEW_YEARS_EVE.astimezone(world.data.locations[0].tz).date()
    assert spas_today == date(2026, 12, 31)
    assert "isotretinoin" not in profile.values("contraindications"), "a stop in 2025 is more than six months past"
    assert today == spas_today, "the notes are read on the day the card is dated by"
