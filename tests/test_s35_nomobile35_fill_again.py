"""``/spa fill`` typed again for an opening whose card said nobody on the waitlist can take it (rev34h L1): while
nothing changed it links to that card rather than posting another identical one; a waitlist that changed (someone
fits now) gets a fresh card.
"""

from __future__ import annotations

import json

from spa_copilot.domain import WaitlistStatus
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.fill_scene import Scene


async def _ask(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


def _fill_cards(world: SandboxWorld) -> list[str]:
    return [m.ts for m in world.slack.messages("front-desk") if m.text.startswith("Fill proposal")]


async def test_slash_fill_again_for_an_opening_nobody_fits_links_to_its_card_until_the_waitlist_changes(
    scene: Scene,
) -> None:
    world, spa = scene.world, scene.world.spa
    saved = {entry_id: spa.waitlist[entry_id] for entry_id in scene.entries}
    for entry_id in scene.entries:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    await scene.cancel()
    nobody = scene.proposal
    assert nobody["status"] == "expired" and nobody["candidates"] == [] and nobody["ts"]
    cards = _fill_cards(world)
    for _ in range(2):  # a colleague checking, a double send
        again = await _ask(world, f"fill {scene.target.id}")
        assert "already exists: nobody on the waitlist can be offered it by text, and nothing has changed" in again
        assert "its card in the channel" in again, again
    assert _fill_cards(world) == cards, "no second card"
    assert scene.proposal["id"] == nobody["id"]
    spa.waitlist.update(saved)  # now someone fits: a fresh card
    posted = await _ask(world, f"fill {scene.target.id}")
    assert "Posted a fill proposal" in posted, posted
    assert len(_fill_cards(world)) == len(cards) + 1
    assert scene.proposal["id"] != nobody["id"] and scene.proposal["status"] == "pending"
