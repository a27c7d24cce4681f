"""A gateway without the client-search extension (docs/mangomint-contract.md) answers ``GET /v1/clients?query=…``
with 404. ``/spa client Jane Okonkwo`` answered "Something went wrong" and logged an error with a traceback that
carried the typed name (privacy review, 4 December); now the front desk is told to ask by id, the log says why once
per search without the words, and a search by id still finds the client."""

from __future__ import annotations

import logging

import pytest

from spa_copilot.domain import Client
from spa_copilot.platform.errors import PlatformNotFound
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import texts
from tests.test_slack_scenarios import ask


def _no_search(world: SandboxWorld) -> None:
    async def refused(query: str, *, limit: int = 10) -> list[Client]:
        raise PlatformNotFound("GET /v1/clients: HTTP 404", status=404, request_id="rq_404")

    world.copilot.platform.search_clients = refused  # type: ignore[method-assign]


async def test_a_search_the_gateway_lacks_is_answered_with_how_to_ask_by_id(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    _no_search(world)
    with caplog.at_level(logging.WARNING):
        answer = await ask(world, "client Jane Okonkwo")
    assert answer.startswith(texts.NO_CLIENT_SEARCH_TEXT.format(example="/spa client cl_0042")), answer
    assert "Something went wrong" not in answer
    assert "its gateway has no client search" in caplog.text and "rq_404" in caplog.text
    assert "Okonkwo" not in caplog.text and not any(record.exc_info for record in caplog.records)


async def test_waitlist_add_by_name_says_the_same_and_by_id_still_works(world: SandboxWorld) -> None:
    _no_search(world)
    answer = await ask(world, 'waitlist add "Jane Okonkwo" "Swedish Massage 60" fri 2pm-6pm')
    assert answer.startswith(texts.NO_CLIENT_SEARCH_TEXT.format(example="/spa waitlist add cl_0042 …")), answer
    client = next(iter(world.spa.clients.values()))
    card = await ask(world, f"client {client.id}")
    assert client.display_name in card and "Consent" in card, card
