"""A clash a therapist was told of by an update ("now overlaps"), then a version she got no update for (a deposit
paid), then a five-minute move that leaves the clash standing: her next update says it "still" overlaps, not "now" as
if new (rev35g L1: the "still" was keyed to the version just before the move)."""
from spa_copilot.briefings import send_prep_briefings
from spa_copilot.scheduler import poll_calendar
from tests.test_brief_updates import prepped_at_12_50
from tests.test_s34_fill34_moved_update_says_clash import updates_to


async def _settle(world, clock, local, minutes):
    await world.spa.drain_webhooks()
    for minute in minutes:
        clock.current = local(12, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)


async def test_a_quiet_version_between_keeps_still(world, clock):
    local = await prepped_at_12_50(world, clock)
    moved = "ap_b0012"
    clock.current = local(12, 51)
    world.spa.move(moved, start_at=local(14, 45), staff_id="st_nadia_haddad")
    await _settle(world, clock, local, range(52, 54))
    appt = world.spa.appointment(moved)
    world.spa.put_appointment(appt.model_copy(update={"deposit_paid": not appt.deposit_paid, "version": appt.version + 1}))
    await _settle(world, clock, local, range(54, 56))
    n_between = len(updates_to(world, "st_nadia_haddad"))
    clock.current = local(12, 56)
    world.spa.move(moved, start_at=local(14, 50), staff_id="st_nadia_haddad")
    await _settle(world, clock, local, range(57, 59))
    ups = updates_to(world, "st_nadia_haddad")
    assert len(ups) == n_between + 1, ups  # the deposit alone told her nothing; the move did
    assert "still overlaps" in ups[-1], ups
