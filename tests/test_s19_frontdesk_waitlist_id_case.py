"""``/spa waitlist remove WL_001`` answered "There is no waitlist entry WL_001." for the sandbox's ``wl_001``: the id
is compared with the listed entries' case aside (one spelt exactly as typed still wins)."""

from __future__ import annotations

from spa_copilot.domain import WaitlistStatus
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.answers import _entry_typed
from tests.test_slack_scenarios import ask


async def test_an_entry_id_typed_in_upper_case_removes_the_entry(world: SandboxWorld) -> None:
    entry = next(e for e in world.spa.waitlist.values() if e.status == WaitlistStatus.waiting)
    answer = await ask(world, f"waitlist remove {entry.id.upper()}", user=world.manager_id)
    assert "There is no waitlist entry" not in answer, answer
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.cancelled


def test_an_exact_id_wins_and_two_alike_name_neither(world: SandboxWorld) -> None:
    first, second = list(world.spa.waitlist.values())[:2]
    upper = second.model_copy(update={"id": first.id.upper()})
    entries = [first, upper]
    assert _entry_typed(entries, first.id) is first
    assert _entry_typed(entries, first.id.upper()) is upper
    assert _entry_typed(entries, first.id.title()) is None
    assert _entry_typed([first], first.id.title()) is first
