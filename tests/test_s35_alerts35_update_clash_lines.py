"""A therapist's update DM says each clash of a moved booking once, in the same short line style
(``briefings._clash_line``): a second move that leaves the same clash standing says it "still" overlaps, not "now" as if
new; a move into a room another booking holds then says so (the front desk gets a card; before, her DM said nothing)."""

from __future__ import annotations

from spa_copilot.briefings import send_prep_briefings
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.conftest import FakeClock
from tests.test_brief_updates import prepped_at_12_50, said_to
from tests.test_s34_fill34_moved_update_says_clash import updates_to


async def _settle(world: SandboxWorld, clock: FakeClock, local, minutes: range) -> None:  # type: ignore[no-untyped-def]
    await world.spa.drain_webhooks()
    for minute in minutes:
        clock.current = local(12, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)


async def test_a_second_move_on_the_same_clash_says_it_still_overlaps(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved = "ap_b0012"  # Nadia's 2:00pm (prepped), onto her 3:15pm Chloe (ap_b0014), in another room
    clock.current = local(12, 52)
    world.spa.move(moved, start_at=local(14, 45), staff_id="st_nadia_haddad")  # 2:45–3:45pm: over her 3:15pm
    await _settle(world, clock, local, range(53, 55))
    clock.current = local(12, 55)
    world.spa.move(moved, start_at=local(14, 50), staff_id="st_nadia_haddad")  # 2:50–3:50pm: the same clash
    await _settle(world, clock, local, range(56, 59))
    assert len(said_to(world, "st_nadia_haddad", moved)) == 3  # the prep DM, then one update per move
    first, second = updates_to(world, "st_nadia_haddad")
    assert first.splitlines()[1:] == ["Check: It now overlaps Chloe's LED Light Therapy Facial 60 at 3:15pm — "
                                      "the front desk has been alerted"], first
    lines = second.splitlines()
    assert lines[0].endswith("is moved to 2:50pm."), lines
    assert lines[1:] == ["Check: It still overlaps Chloe's LED Light Therapy Facial 60 at 3:15pm — "
                         "the front desk has been alerted"], lines


async def test_a_move_into_a_room_booked_then_says_the_room_clash(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved, other = "ap_b0012", "ap_p07"  # Nadia's 2:00pm facial; Priya's 1:45–3:00pm in Massage Room 3
    booking = world.spa.appointments[moved]
    room = world.spa.appointments[other].services[0].resource_ids[0]
    assert "st_nadia_haddad" not in world.spa.appointments[other].staff_ids
    clock.current = local(12, 55)
    world.spa.put_appointment(booking.model_copy(update={
        "services": [line.model_copy(update={"resource_ids": [room]}) for line in booking.services],
        "version": booking.version + 1, "updated_at": clock(),
    }))
    await _settle(world, clock, local, range(56, 59))
    [update] = updates_to(world, "st_nadia_haddad")
    name = world.spa.resources[room].name
    clash = [line for line in update.splitlines() if line.startswith("Check:")]
    assert clash == [f"Check: {name} is now booked at the same time as the booking at 1:45pm (appointment {other}) — "
                     "the front desk has been alerted"], update
    guest = world.spa.clients[world.spa.appointments[other].client_id]
    assert guest.first_name not in update and guest.last_name not in update  # the other guest, not hers: time and id only
