"""A therapist's update about a booking moved onto another of HER bookings in the same room names that guest as her
morning DM did, with the service, once (probe52b F3): before, "It now overlaps your booking at 3:30pm (appointment
ap_n07); Massage Room 2 is now booked at the same time as the booking at 3:30pm (appointment ap_n07)"."""

from __future__ import annotations

from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.test_brief_updates import prepped_at_12_50
from tests.test_s34_fill34_moved_update_says_clash import updates_to
from tests.test_s35_alerts35_update_clash_lines import _settle


async def test_a_move_onto_her_own_booking_in_the_same_room_names_her_guest_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Guards F3: her own guest by first name and service, not an id; the room clash said with the overlap, once."""
    local = await prepped_at_12_50(world, clock)
    moved, hers = "ap_p06", "ap_n07"  # Ana's 1:30pm Hot Stone 75 (prepped) and her 3:30pm in the same room
    assert world.spa.appointments[hers].resource_ids[0] == world.spa.appointments[moved].resource_ids[0]
    assert world.spa.appointments[hers].staff_ids == ["st_ana_reyes"]
    clock.current = local(12, 55)
    world.spa.move(moved, start_at=local(15, 15), staff_id="st_ana_reyes")  # 3:15pm: over her 3:30pm, same room
    await _settle(world, clock, local, range(56, 59))
    [update] = updates_to(world, "st_ana_reyes")
    guest = world.spa.clients[world.spa.appointments[hers].client_id]
    checks = [line for line in update.splitlines() if line.startswith("Check:")]
    assert checks == [
        f"Check: It now overlaps {guest.first_name}'s Hot Stone Massage 75 at 3:30pm, in the same room "
        "(Massage Room 2) — the front desk has been alerted"
    ], update
    assert hers not in update and guest.last_name not in update
