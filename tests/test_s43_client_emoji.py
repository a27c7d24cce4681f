"""``/spa client Ava Stone 🌸`` (a name copied from a message with an emoji after it) answered "No client matches":
no name holds an emoji, so a search that finds nobody is asked again without them, as Slack writes them (``:wave:``)
or as characters (with their skin tones, joiners and variation selectors); ``waitlist add`` finds her the same way."""

from __future__ import annotations

import pytest

from spa_copilot.domain import Client
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.answers import _without_emoji
from tests.test_slack_scenarios import ask


def _rename(world: SandboxWorld, first_name: str, last_name: str) -> Client:
    """One of the sandbox's clients, renamed (a name no other client has)."""
    client = next(iter(world.spa.clients.values()))
    renamed = client.model_copy(update={"first_name": first_name, "last_name": last_name})
    world.spa.clients[client.id] = renamed
    return renamed


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Ava Stone 🌸", "Ava Stone"),
        ("🌸Ava Stone", "Ava Stone"),
        ("Ava :cherry_blossom: Stone", "Ava Stone"),
        ("Ava Stone :wave::skin-tone-3:", "Ava Stone"),
        ("Ava Stone 👋🏽", "Ava Stone"),
        ("Ava Stone 👩\u200d❤\ufe0f\u200d👩", "Ava Stone"),
        ("Ava Stone 1\ufe0f\u20e3", "Ava Stone 1"),
        ("Zoë O’Brien-Núñez", "Zoë O’Brien-Núñez"),  # letters, accents and apostrophes are the name's
        ("Ann 10:30", "Ann 10:30"),  # a time is no emoji code
        ("Ava Stone :sparkles", "Ava Stone"),  # its last colon taken off as the query's final punctuation
    ],
)
def test_emoji_are_taken_out_of_a_typed_name(typed: str, name: str) -> None:
    assert _without_emoji(typed) == name


async def test_a_name_with_an_emoji_after_it_finds_the_client(world: SandboxWorld) -> None:
    client = _rename(world, "Avalyn", "Quennell")
    for typed in ("Avalyn Quennell 🌸", "Avalyn Quennell :sparkles:", "💆\u200d♀\ufe0f Avalyn"):
        answer = await ask(world, f"client {typed}")
        assert "No client matches" not in answer and client.display_name in answer and "Consent" in answer, (typed, answer)


async def test_only_a_search_that_finds_nobody_is_asked_again(world: SandboxWorld) -> None:
    _rename(world, "Avalyn", "Quennell")
    platform = world.copilot.platform
    search = platform.search_clients
    asked: list[str] = []

    async def recorded(query: str, *, limit: int = 10) -> list[Client]:
        asked.append(query)
        return await search(query, limit=limit)

    platform.search_clients = recorded  # type: ignore[method-assign]
    await ask(world, "client Avalyn Quennell 🌸")
    assert asked == ["Avalyn Quennell 🌸", "Avalyn Quennell"], asked
    asked.clear()
    await ask(world, "client Avalyn Quennell")
    assert asked == ["Avalyn Quennell"], asked


async def test_waitlist_add_finds_a_name_with_an_emoji_too(world: SandboxWorld) -> None:
    client = _rename(world, "Avalyn", "Quennell")
    answer = await ask(world, 'waitlist add "Avalyn Quennell 🌸" "Swedish Massage 60" fri 2pm-6pm')
    assert "No client matches" not in answer and "Avalyn" in answer, answer
    assert any(entry.client_id == client.id for entry in world.spa.waitlist.values()), answer
