"""A card kept live for a record no longer listed stays live through an edit its clash does not hang on (rev44f
MEDIUM): "as it was" is the booking's times and the records its kind of clash is checked against (``CLASH_NEEDS``),
so a therapist swapped on a booking in a gone room, or a booking past a gone therapist's shift moved to another
room, is no fix; one moved off the time, or given the part the clash needs, still resolves.
"""

from __future__ import annotations

from spa_copilot import alerts
from tests import test_s44_alerts44_unlisted_records as unlisted
from tests.test_s44_alerts44_unlisted_records import (
    at,
    booking,
    edit,
    harbor,
    poll,
    statuses,
    the_card,
)

open_world = unlisted.open_world  # its fixture: a sandbox world read afresh at each poll


async def test_the_therapist_swapped_on_a_booking_in_a_removed_room_leaves_the_card_live(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert "Facial Room is no longer on the spa system's list" in the_card(world)
    edit(world, "ap_1", staff_id="st_pia")  # still in the Facial Room, gone from the list
    await poll(world)
    card = the_card(world)
    assert statuses(world) == ["open"]
    assert "Resolved" not in card and "Facial Room is no longer on the spa system's list" in card


async def test_a_booking_past_a_gone_therapists_shift_moved_to_another_room_leaves_the_card_live(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(19, 30), 60, "st_pia", ["rs_1"], "sv_swedish")))
    assert "Outside shift" in the_card(world)
    world.spa.staff.pop("st_pia")
    await poll(world)
    assert "Pia Ng is no longer on the spa system's list" in the_card(world)
    edit(world, "ap_1", resource_ids=["rs_2"])  # same time, same therapist: the overrun stands
    await poll(world)
    card = the_card(world)
    assert statuses(world) == ["open"]
    assert "Resolved" not in card and "Pia Ng is no longer on the spa system's list" in card


async def test_the_room_changed_on_a_booking_in_a_removed_room_resolves_the_card(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert statuses(world) == ["open"]
    edit(world, "ap_1", resource_ids=["rs_1"])  # the part the clash needs: moved to a massage room
    await poll(world)
    assert statuses(world) == ["resolved"]
    assert "Resolved" in the_card(world)


def test_a_booking_is_kept_by_its_times_and_the_parts_its_clash_needs() -> None:
    [appointment] = harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")).appointments
    [line] = alerts.booking_shape(appointment, alerts.CLASH_NEEDS[alerts.ConflictKind.wrong_room_type])
    assert line[2:] == ["sv_swedish", ["rs_f"]]  # no therapist: a swap is no change to a wrong-room clash
    [line] = alerts.booking_shape(appointment, alerts.CLASH_NEEDS[alerts.ConflictKind.outside_shift])
    assert line[2:] == ["st_nico"]
    assert line[0] == appointment.services[0].start_at.astimezone(alerts.UTC).isoformat()


async def test_a_snooze_ending_after_the_booking_is_over_brings_no_buttons_back(open_world) -> None:
    """rev44i L2: a card kept live for a room gone, snoozed, whose snooze ended after its booking was over, opened
    again with its buttons until midnight; a card whose clash is still found expires then. Now it expires too."""
    from spa_copilot.slack import ids

    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    [row] = world.copilot.store.alerts(location_id=unlisted.HARBOR.id)
    await alerts.snooze_alert(world.copilot, row.key, user_id="U0DESK1")
    world.spa.resources.pop("rs_f")
    await poll(world)
    world.copilot.clock.advance(minutes=210)  # 12:31pm: the 11:00-12:00 booking is over, the snooze long ended
    world.spa.put_appointment(booking("ap_9", at(15), 60, "st_nico", ["rs_2"], "sv_swedish", client="cl_2"))
    await poll(world)
    assert ids.ACK_CONFLICT not in unlisted.the_card(world)
    assert unlisted.statuses(world) == ["expired"]
