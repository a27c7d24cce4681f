"""A therapist's update DM about a booking moved onto another of her bookings says so in one short line, by times and
ids only (rev33a L3; her own guests by name and service since probe52b F3): before, Nadia read "… is moved to 2:45pm" while the front desk's alert said the move
double-booked her with her 3:15pm; nor one that left a room too little turnover before the next booking in it.
A move that clashes with nothing adds no line."""

from __future__ import annotations

from spa_copilot.briefings import send_prep_briefings
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.conftest import FakeClock
from tests.test_brief_updates import prepped_at_12_50, said_to


def updates_to(world: SandboxWorld, staff_id: str) -> list[str]:
    """The update DMs a therapist was sent, whole (a DM's notification text is its first line only)."""
    bodies = ["\n".join(block["text"]["text"] for block in m.blocks if block.get("text"))
              for m in world.slack.messages(world.slack_id(staff_id))]
    return [body for body in bodies if body.startswith("Update:")]


async def test_a_move_onto_another_of_her_bookings_says_it_overlaps_it(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved, hers = "ap_b0012", "ap_b0014"  # Nadia's 2:00pm (prepped) and her 3:15pm, in another room
    assert world.spa.appointments[hers].staff_ids == ["st_nadia_haddad"]
    clock.current = local(12, 55)
    world.spa.move(moved, start_at=local(14, 45), staff_id="st_nadia_haddad")  # 2:45–3:45pm: over her 3:15pm
    await world.spa.drain_webhooks()
    for minute in range(56, 59):
        clock.current = local(12, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)
    assert len(said_to(world, "st_nadia_haddad", moved)) == 2  # the prep DM, then one update
    [update] = updates_to(world, "st_nadia_haddad")
    lines = update.splitlines()
    assert lines[0].endswith("is moved to 2:45pm."), lines
    guest = world.spa.clients[world.spa.appointments[hers].client_id]
    assert lines[1:] == [f"Check: It now overlaps {guest.first_name}'s LED Light Therapy Facial 60 at 3:15pm — "
                         "the front desk has been alerted"], lines  # her own guest, as her morning DM named them (probe52b F3)
    assert guest.last_name not in update and hers not in update



async def test_a_move_that_cuts_the_rooms_turnover_short_says_so(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    moved, next_in_room = "ap_p06", "ap_n07"  # Ana's 1:30pm Hot Stone 75 and the 3:30pm in the same room
    assert world.spa.appointments[next_in_room].resource_ids[0] == world.spa.appointments[moved].resource_ids[0]
    clock.current = local(12, 55)
    world.spa.move(moved, start_at=local(14, 5), staff_id="st_ana_reyes")  # ends 3:20pm: 15 min of turnover needed
    await world.spa.drain_webhooks()
    for minute in range(56, 59):
        clock.current = local(12, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)
    [update] = updates_to(world, "st_ana_reyes")
    lines = update.splitlines()
    assert lines[0].endswith("is moved to 2:05pm."), lines
    assert [line for line in lines if "turnover" in line] == [
        "Check: Massage Room 2 now has too little turnover time beside Benjamin's Hot Stone Massage 75 at 3:30pm"
        " — the front desk has been alerted"], lines
