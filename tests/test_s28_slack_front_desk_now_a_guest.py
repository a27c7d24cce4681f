"""A listed front-desk id Slack now calls a guest (or deactivated) reads nothing (a report-only Slack review, 5 December).

``SPA_FRONT_DESK_IDS`` still listed a colleague who had left and was kept as a guest account: ``/spa client`` gave
her client cards and her App Home showed the day book, because the allow-list was never checked against Slack,
while a manager's id is (tests/test_s23_manager_now_a_guest.py). Now a listed id is asked about as a manager's is:
refused when Slack says she is no full member, standing when Slack cannot say."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from spa_copilot.alerts import may_handle_alerts
from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.slack import blocks
from spa_copilot.slack.home import home_view_for
from tests.conftest import fresh_spa, migrated_store
from tests.test_commands_probe import ask


@pytest.fixture
async def desk_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The sandbox spa with ``/spa`` kept to an allow-list naming the front-desk colleague."""
    settings = settings.model_copy(update={"spa_front_desk_ids": [FRONT_DESK_USER]})
    store = migrated_store(tmp_path / "s.db")
    async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), clock=clock, store=store) as world:
        yield world
    store.close()


def _home_blocks(view: object) -> list[dict[str, object]]:
    return view.to_dict()["blocks"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("flag", ["is_restricted", "is_ultra_restricted", "deleted"])
async def test_a_listed_front_desk_id_slack_calls_a_guest_or_deactivated_reads_no_client_card_nor_day_book(
    desk_world: SandboxWorld, flag: str
) -> None:
    world = desk_world
    world.slack.users[FRONT_DESK_USER] = slack_user(
        FRONT_DESK_USER, name="former.desk", team_id=world.slack.team_id, **{flag: True}
    )

    answer = await ask(world, "client Nora")
    assert "Client card" not in answer, "a guest account read a client card"
    assert "kept to the spa's front desk and managers" in answer

    home = await home_view_for(world.copilot, FRONT_DESK_USER)
    assert _home_blocks(home) == _home_blocks(blocks.outsider_home_view()), "no day book in a guest's App Home"
    assert not await may_handle_alerts(world.copilot, FRONT_DESK_USER)


async def test_a_listed_full_member_keeps_her_cards_asked_once_and_a_slack_outage_does_not_lock_her_out(
    desk_world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = desk_world
    roles = world.copilot.roles
    world.slack.users[FRONT_DESK_USER] = slack_user(FRONT_DESK_USER, name="front.desk", team_id=world.slack.team_id)
    before = len(world.slack.calls_to("users.info"))

    assert "Client card" in await ask(world, "client Nora")
    assert await roles.may_use_commands(FRONT_DESK_USER)
    home = await home_view_for(world.copilot, FRONT_DESK_USER)
    assert _home_blocks(home) != _home_blocks(blocks.outsider_home_view())
    asked = [c for c in world.slack.calls_to("users.info")[before:] if c.params.get("user") == FRONT_DESK_USER]
    assert len(asked) == 1, "Slack's answer is kept a while, not asked at every command"

    async def down(**_: object) -> object:
        raise aiohttp.ClientConnectionError("Slack is out of reach")

    roles._members.clear()
    monkeypatch.setattr(roles._client, "users_info", down)
    assert await roles.may_use_commands(FRONT_DESK_USER), "the listed id stands while Slack cannot be asked"
    assert not await roles.may_use_commands("U0NOBODY01"), "an id not listed is refused, Slack or not"
