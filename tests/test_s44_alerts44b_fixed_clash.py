"""A conflict card kept live for a record no longer listed resolves once its clash is fixed (rev44e HIGH).

A card stays live, "no longer on the spa system's list", only while each of its bookings is as it was when its
clash was last found (therapist, rooms, service and times) and the record gone is one its kind of clash is checked
against (a double-booked therapist's clash does not hang on the service). Otherwise it resolves as it did before:
a fixed clash is never left live, nor ended "Over, not handled" after midnight.
"""

from __future__ import annotations

from spa_copilot import alerts
from tests import test_s44_alerts44_unlisted_records as unlisted
from tests.test_s44_alerts44_unlisted_records import (
    HARBOR,
    LATE,
    at,
    booking,
    edit,
    harbor,
    poll,
    statuses,
    the_card,
)

open_world = unlisted.open_world  # its fixture: a sandbox world read afresh at each poll


def nico_twice():
    """Nico booked at 11:00 and again at 11:30, both Swedish massages, in two rooms."""
    return harbor(
        booking("ap_1", at(11), 60, "st_nico", ["rs_1"], "sv_swedish"),
        booking("ap_2", at(11, 30), 60, "st_nico", ["rs_2"], "sv_swedish", client="cl_2"),
    )


async def test_a_fixed_double_booking_resolves_though_its_service_was_retired(open_world) -> None:
    world = await open_world(nico_twice())
    assert "double-booked" in the_card(world)
    world.spa.services.pop("sv_swedish")
    await poll(world)
    assert statuses(world) == ["open"]  # still found: the clash is about Nico, not the service
    edit(world, "ap_2", staff_id="st_pia")  # the desk gives the 11:30 guest to Pia: fixed
    await poll(world)
    card = the_card(world)
    assert statuses(world) == ["resolved"]
    assert "Resolved" in card and "no longer on the spa system" not in card


async def test_the_fixed_card_is_not_left_to_say_over_not_handled(open_world) -> None:
    world = await open_world(nico_twice())
    world.spa.services.pop("sv_swedish")
    await poll(world)
    edit(world, "ap_2", staff_id="st_pia")
    await poll(world)
    world.copilot.clock.advance(hours=16)  # type: ignore[attr-defined]  # the next day, 1:02am in New York
    await poll(world)
    card = the_card(world)
    assert "Over, not handled" not in card and "Resolved" in card
    assert statuses(world) == ["resolved"]


async def test_a_fixed_clash_resolves_when_the_record_gone_is_not_what_it_is_about(open_world) -> None:
    """Pia booked 7:30pm past her 8:00pm shift end; the service is taken off the menu (the clash still stands);
    her shift is then lengthened: the booking is as it was, but the clash never hung on the service."""
    world = await open_world(harbor(booking("ap_1", at(19, 30), 60, "st_pia", ["rs_1"], "sv_swedish")))
    assert "Outside shift" in the_card(world)
    world.spa.services.pop("sv_swedish")
    await poll(world)
    assert statuses(world) == ["open"] and "no longer on" not in the_card(world)
    world.spa.staff["st_pia"] = world.spa.staff["st_pia"].model_copy(update={"shifts": LATE})
    await poll(world)
    assert statuses(world) == ["resolved"]
    assert "no longer on the spa system" not in the_card(world)


async def test_a_booking_moved_into_the_shift_resolves_though_the_therapist_is_gone(open_world) -> None:
    """Pia's record gone: her 7:30pm booking past her 8:00pm shift end is kept live; the desk then moves it to 7:00pm,
    ending as her shift does (still touching the clash's time): the booking changed, so the card resolves."""
    world = await open_world(harbor(booking("ap_1", at(19, 30), 60, "st_pia", ["rs_1"], "sv_swedish")))
    world.spa.staff.pop("st_pia")
    await poll(world)
    assert statuses(world) == ["open"]
    assert "Pia Ng is no longer on the spa system's list" in the_card(world)
    edit(world, "ap_1", start_at=at(19), end_at=at(20))
    await poll(world)
    assert statuses(world) == ["resolved"]
    assert "no longer on the spa system" not in the_card(world)


async def test_a_card_drawn_before_its_bookings_were_kept_resolves_the_old_way(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    [row] = world.copilot.store.alerts(location_id=HARBOR.id)
    assert row.view and row.view.get("booked")
    older = {name: value for name, value in row.view.items() if name != "booked"}
    world.copilot.store.save_alert(row.key, at=world.copilot.now(), view=older)
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert statuses(world) == ["resolved"]


def test_each_kind_of_clash_names_what_it_is_checked_against() -> None:
    kinds = set(alerts.ConflictKind)
    assert set(alerts.CLASH_NEEDS) == kinds
    assert alerts.CLASH_NEEDS[alerts.ConflictKind.staff_double_booked] == {"staff"}
    assert alerts.CLASH_NEEDS[alerts.ConflictKind.room_double_booked] == {"resource"}
    assert "service" not in alerts.CLASH_NEEDS[alerts.ConflictKind.outside_shift]
