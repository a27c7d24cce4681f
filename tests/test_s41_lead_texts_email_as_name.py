"""rev41c L1: `/spa texts <her email> stop` never stops another guest whose name in the spa system is that email (a
client made from a form with no name): the search found that guest by her whole "name", and the change was applied to
her. An email names a guest by her email alone."""

from __future__ import annotations

from spa_copilot.sandbox.world import SandboxWorld
from tests.test_slack_payloads import shown, slash


async def test_her_email_never_stops_a_guest_named_with_it(world: SandboxWorld) -> None:
    a, b = sorted((c for c in world.spa.clients.values() if c.email and c.first_name.isalpha()), key=lambda c: c.id)[:2]
    world.spa.clients[b.id] = b.model_copy(update={"first_name": a.email, "last_name": ""})
    said = shown(await slash(world, f"texts {a.email} stop"))
    assert world.copilot.store.text_opted_out([b.id]) == set(), said[:400]
