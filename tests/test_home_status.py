"""``/spa status`` and the App Home's status: what managers see of the spa system's address, the zone of its times."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot import scheduler
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.settings import shown_address
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    return json.dumps((await answer_command(world.copilot, text=text, user_id=user)).to_kwargs(), ensure_ascii=False)


@pytest.mark.parametrize(
    "url, shown",
    [
        ("https://gateway.example.com/v1", "https://gateway.example.com/v1"),
        ("https://apiuser:S3cretPass@gateway.example.com/v1", "https://gateway.example.com/v1"),
        ("https://S3cretToken@gateway.example.com/v1", "https://gateway.example.com/v1"),
        ("https://gateway.example.com/v1?key=S3cret&x=1", "https://gateway.example.com/v1"),
        ("https://gateway.example.com:8443/v1#S3cret", "https://gateway.example.com:8443/v1"),
        ("http://u:p@[::1]:8080/v1", "http://[::1]:8080/v1"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
    ],
)
def test_the_address_shown_has_no_user_password_query_or_fragment(url: str, shown: str) -> None:
    assert shown_address(url) == shown


@pytest.mark.parametrize(
    "url", ["https://apiuser:S3cretPass@gateway.example.com/v1", "https://gateway.example.com/v1?key=S3cretPass"]
)
async def test_a_secret_in_the_url_is_shown_to_managers_nowhere(world: SandboxWorld, url: str) -> None:
    # Settings refuses such a URL (MANGOMINT_API_URL: a configuration error); what is shown stays safe regardless
    world.copilot.settings = world.copilot.settings.model_copy(update={"mangomint_api_url": url})
    status = (await answer_command(world.copilot, text="status", user_id=world.manager_id)).to_kwargs()
    home = (await home_view_for(world.copilot, world.manager_id)).to_dict()
    for shown in (json.dumps(status), json.dumps(home)):
        assert "https://gateway.example.com/v1" in shown
        assert "S3cretPass" not in shown and "apiuser" not in shown


async def test_the_spa_system_down_past_the_catalogs_cache_keeps_the_zone_last_read(world: SandboxWorld, clock: Any) -> None:
    copilot = world.copilot
    await scheduler.poll_calendar(copilot)
    world.spa.faults.configure(FaultConfig(error_rate=1.0))
    copilot.platform._max_retries = 0
    copilot.catalog_ttl_seconds = 0  # the five minutes the locations are cached have passed
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
    status = await answer(world, "status")
    home = json.dumps((await home_view_for(copilot, world.manager_id)).to_dict())
    for shown in (status, home):
        assert "failing since 9:01am EST" in shown and "UTC" not in shown, shown
