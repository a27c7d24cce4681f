"""``/spa client Zoë Young`` answered "No client matches" while ``/spa client zoe young`` found her (and her nut
allergy): the copilot asks again without the accents when the spa system finds nobody, the sandbox's search compares
accents aside on both sides, and "No client matches" says what to try next."""

from __future__ import annotations

from spa_copilot.domain import Client
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import texts
from tests.test_slack_scenarios import ask


def _rename(world: SandboxWorld, first_name: str, last_name: str) -> Client:
    """One of the sandbox's clients, renamed (a name no other client has)."""
    client = next(iter(world.spa.clients.values()))
    renamed = client.model_copy(update={"first_name": first_name, "last_name": last_name})
    world.spa.clients[client.id] = renamed
    return renamed


async def test_a_name_typed_with_accents_finds_a_client_stored_without(world: SandboxWorld) -> None:
    _rename(world, "Zoe", "Quennell")
    answer = await ask(world, "client Zoë Quennell")
    assert "No client matches" not in answer and "Zoe Quennell" in answer and "Consent" in answer, answer


async def test_a_name_typed_without_accents_finds_a_client_stored_with(world: SandboxWorld) -> None:
    _rename(world, "Zoë", "Quennell")
    for typed in ("zoe quennell", "Zoe", "Zoë Quennell", "Zoe\u0308 Quennell"):  # the last: ë as e + combining mark
        answer = await ask(world, f"client {typed}")
        assert "No client matches" not in answer and "Zoë Quennell" in answer, (typed, answer)


async def test_the_copilot_asks_again_without_accents_when_the_spa_system_finds_nobody(world: SandboxWorld) -> None:
    """A spa system whose search compares letters as typed (as the sandbox did): the copilot folds the query itself."""
    client = _rename(world, "Zoe", "Quennell")
    platform = world.copilot.platform
    search = platform.search_clients
    asked: list[str] = []

    async def exact_search(query: str, *, limit: int = 10) -> list[Client]:
        asked.append(query)
        if not query.isascii():
            return []
        return await search(query, limit=limit)

    platform.search_clients = exact_search  # type: ignore[method-assign]
    answer = await ask(world, "client Zoë Quennell")
    assert asked == ["Zoë Quennell", "Zoe Quennell"], asked
    assert "No client matches" not in answer and client.display_name in answer, answer
    asked.clear()
    await ask(world, "client Zyxw Qqqq")
    # a query without accents is not asked again without them (only as a hyphenated name may be written, s32)
    assert asked == ["Zyxw Qqqq", "Zyxw-Qqqq"], asked


async def test_no_client_matches_says_what_to_try_next(world: SandboxWorld) -> None:
    answer = await ask(world, "client Zyxw Qqqq")
    assert answer.startswith("No client matches “Zyxw Qqqq”. Try /spa client with part of the name, a phone or an email."), answer
    waitlist = await ask(world, 'waitlist add "Zyxw Qqqq" "Swedish Massage 60" fri 2pm-6pm')
    assert waitlist.startswith(texts.WAITLIST_NO_CLIENT_TEXT.format(no_client="No client matches “Zyxw Qqqq”.")), waitlist
    assert "Try /spa client" not in waitlist  # its own next step, once
