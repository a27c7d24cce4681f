"""s42 fill42: ``/spa texts CL_0042 stop`` (her id typed in capitals) found her only because the sandbox's client
search compares ids case aside: the id itself (``GET /v1/clients/{id}``: ids are opaque strings, served as the spa
system spells them) was asked for as typed alone. A gateway whose search compares as typed, or that has no search,
answered "No client matches" or "ask with the client's id". The id is now asked for as typed, in lower case and in
upper case (as ``/spa fill`` asks for an appointment's), before any search."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.state import SandboxState
from spa_copilot.sandbox.world import SandboxWorld
from tests.test_s41_texts41_command import _a_textable_client
from tests.test_slack_payloads import shown, slash


def _search_as_typed(state: SandboxState, query: str) -> list[tuple[int, object]]:
    """A gateway's search comparing letters as typed: a client whose id, name or email holds ``query`` exactly."""
    needle = query.strip()
    return [
        (0, c)
        for c in state.clients.values()
        if needle and any(needle in field for field in (c.id, c.display_name, c.email or ""))
    ]


@pytest.mark.parametrize("typed", ["upper", "title"])
async def test_stop_by_her_id_in_capitals_records_it_with_a_search_that_compares_as_typed(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    monkeypatch.setattr(SandboxState, "search_clients", _search_as_typed)
    client = _a_textable_client(world)
    spelled = client.id.upper() if typed == "upper" else client.id.title()
    assert spelled != client.id and not _search_as_typed(world.spa, spelled)  # the search alone finds nobody
    said = shown(await slash(world, f"texts {spelled} stop"))
    assert "Recorded: the copilot will not offer" in said and f"({client.id})" in said, said[:400]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}


async def test_a_client_card_by_her_id_in_capitals_with_a_search_that_compares_as_typed(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rev42b L4: /spa client asked the spa system by id only for a query starting "cl_" (the sandbox's ids): her id in
    # capitals, or a gateway's id of another form, went to the search alone
    monkeypatch.setattr(SandboxState, "search_clients", _search_as_typed)
    client = _a_textable_client(world)
    said = shown(await slash(world, f"client {client.id.upper()}"))
    assert "No client matches" not in said and f"Client card: {client.display_name}" in said, said[:300]
