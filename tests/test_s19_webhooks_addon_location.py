"""A real add-on webhook naming its location (``locationId``, or ``location.id``) re-reads that location's book only,
as the contract's event does; one naming none still re-reads every location's."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot import scheduler
from spa_copilot.platform.webhooks import parse_webhook
from spa_copilot.sandbox.world import SandboxWorld
from tests.fixture_loader import load_fixture


def real_event(**appointment: Any) -> Any:
    body = load_fixture("mangomint/appointment_cancelled_real.json")
    body["appointment"].update(appointment)
    return parse_webhook(json.dumps(body).encode())


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []

    async def sync(copilot: Any, location: Any, **kwargs: Any) -> None:
        read.append(location.id)

    monkeypatch.setattr(scheduler, "sync_and_process", sync)
    return read


@pytest.mark.parametrize("naming", ["locationId", "location"])
async def test_a_real_webhook_naming_a_location_rereads_that_one_only(
    world: SandboxWorld, synced: list[str], naming: str
) -> None:
    locations = [loc.id for loc in world.data.locations]
    assert len(locations) >= 2
    target = locations[-1]
    named = {"locationId": target} if naming == "locationId" else {"location": {"id": target, "name": "Soho"}}
    await scheduler.on_appointment_webhook(world.copilot, real_event(**named))
    assert synced == [target]


async def test_a_real_webhook_naming_no_location_rereads_every_one(world: SandboxWorld, synced: list[str]) -> None:
    await scheduler.on_appointment_webhook(world.copilot, real_event())
    assert synced == [loc.id for loc in world.data.locations]


async def test_a_real_webhook_naming_an_unknown_location_rereads_none(world: SandboxWorld, synced: list[str]) -> None:
    await scheduler.on_appointment_webhook(world.copilot, real_event(locationId="loc_opened_today"))
    assert synced == []
