"""rev45b M1: ``waitlist add <client> <service> fri 9.30 - 11.30`` (a weekday, then a window in dotted times with
spaces or ``to``) is added as it always was: the dotted word after a weekday starts the window, it is not asked about
as a date written with dots (only a dotted word where the day stands is: ``… 12.3 2pm-6pm``)."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from tests.test_slack_scenarios import ask


@pytest.mark.parametrize(
    "window", ["9.30 - 11.30", "9.30 to 11.30", "10.15 – 12.45", "12.30 - 14.30", "9.15 - 11am", "9.30 am - 11.30 am"]
)
async def test_a_weekday_then_a_dotted_window_is_added(world: SandboxWorld, window: str) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    before = len(world.spa.waitlist)
    answer = await ask(world, f"waitlist add {client.id} {service.id} fri {window}")
    assert "Added" in answer, answer.split("\n", 1)[0]
    assert len(world.spa.waitlist) == before + 1
