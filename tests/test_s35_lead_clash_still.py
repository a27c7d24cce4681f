"""A clash cleared by a move and made again by a later move is told "now", not "still" (rev35c L1): the update between
said no clash, so "still" read as if that update had been wrong. Moved again on a clash that stands is "still".
"""
from __future__ import annotations

from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.test_brief_updates import prepped_at_12_50
from tests.test_s34_fill34_moved_update_says_clash import updates_to
from tests.test_s35_alerts35_update_clash_lines import _settle


async def test_clash_cleared_then_made_again_is_not_still(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved = "ap_b0012"  # over ap_b0014, her 3:15pm
    clock.current = local(12, 51)
    world.spa.move(moved, start_at=local(14, 45), staff_id="st_nadia_haddad")  # over her 3:15pm
    await _settle(world, clock, local, range(52, 54))
    clock.current = local(12, 54)
    world.spa.move(moved, start_at=local(14, 0), staff_id="st_nadia_haddad")  # back to 2:00pm: no clash
    await _settle(world, clock, local, range(55, 57))
    clock.current = local(12, 57)
    world.spa.move(moved, start_at=local(14, 45), staff_id="st_nadia_haddad")  # over her 3:15pm again
    await _settle(world, clock, local, range(58, 60))
    ups = updates_to(world, "st_nadia_haddad")
    assert len(ups) == 3
    assert "Check:" not in ups[1]
    assert "now overlaps" in ups[0] and "Check:" not in ups[1]
    assert "still overlaps" not in ups[2] and "It now overlaps Chloe's LED Light Therapy Facial 60 at 3:15pm" in ups[2], ups[2]


async def test_a_clash_that_stands_through_a_second_move_is_still(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved = "ap_b0012"
    clock.current = local(12, 51)
    world.spa.move(moved, start_at=local(14, 45), staff_id="st_nadia_haddad")  # over her 3:15pm
    await _settle(world, clock, local, range(52, 54))
    clock.current = local(12, 54)
    world.spa.move(moved, start_at=local(14, 50), staff_id="st_nadia_haddad")  # five minutes on: still over it
    await _settle(world, clock, local, range(55, 57))
    ups = updates_to(world, "st_nadia_haddad")
    assert len(ups) == 2
    assert "now overlaps" in ups[0] and "still overlaps Chloe's LED Light Therapy Facial 60 at 3:15pm" in ups[1], ups
