"""A catalogue list is taken as it reads, however short (rev44f HIGH): no list is doubted as a read cut short, so a
card whose record is really gone (a spa removing its only room, or three rooms down to one) says so, and resolves
once its booking is cancelled; nor is a snoozed card left to make every poll check the location.
"""

from __future__ import annotations

from spa_copilot import alerts
from spa_copilot.domain import SpaData
from tests import test_s44_alerts44_unlisted_records as unlisted
from tests.test_s44_alerts44_unlisted_records import (
    HARBOR,
    at,
    booking,
    cancel,
    harbor,
    poll,
    statuses,
    the_card,
)

open_world = unlisted.open_world  # its fixture: a sandbox world read afresh at each poll


def spa_with_rooms(rooms: int) -> SpaData:
    """Nico's Swedish massage at 11:00 in the Facial Room (a wrong-room clash), the spa holding ``rooms`` rooms."""
    data = harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish"))
    keep = ["rs_f", "rs_1", "rs_2"][:rooms]
    return data.model_copy(update={"resources": [r for r in data.resources if r.id in keep]})


async def test_a_one_room_spa_removing_its_room_then_cancelling_the_booking_resolves_the_card(open_world) -> None:
    world = await open_world(spa_with_rooms(1))
    assert "Wrong room type" in the_card(world)
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert "Facial Room is no longer on the spa system's list" in the_card(world)
    cancel(world, "ap_1")
    await poll(world)
    assert statuses(world) == ["resolved"]
    assert "Resolved" in the_card(world) and "no longer on" not in the_card(world)


async def test_three_rooms_down_to_one_says_why_then_resolves_once_cancelled(open_world) -> None:
    world = await open_world(spa_with_rooms(3))
    world.spa.resources.pop("rs_f")
    world.spa.resources.pop("rs_2")
    await poll(world)
    assert "Facial Room is no longer on the spa system's list" in the_card(world)
    assert statuses(world) == ["open"]
    cancel(world, "ap_1")
    await poll(world)
    assert statuses(world) == ["resolved"]


async def test_the_cancelled_booking_of_a_one_room_spa_does_not_end_over_not_handled(open_world) -> None:
    world = await open_world(spa_with_rooms(1))
    world.spa.resources.pop("rs_f")
    await poll(world)
    cancel(world, "ap_1")
    await poll(world)
    world.copilot.clock.advance(hours=16)  # type: ignore[attr-defined]  # the next day, past 1am in New York
    await poll(world)
    card = the_card(world)
    assert "Over, not handled" not in card and "Resolved" in card


async def test_a_snoozed_card_whose_only_room_is_gone_does_not_make_every_poll_check(open_world, monkeypatch) -> None:
    world = await open_world(spa_with_rooms(1))
    [row] = world.copilot.store.alerts(location_id=HARBOR.id)
    await alerts.snooze_alert(world.copilot, row.key, user_id="U2")
    world.spa.resources.pop("rs_f")
    await poll(world)
    world.copilot.clock.advance(hours=2)  # type: ignore[attr-defined]  # the snooze is over
    await poll(world)
    assert statuses(world) == ["open"] and "Facial Room is no longer on" in the_card(world)
    checks = []
    check_location = alerts.check_location

    async def counted(*args, **kwargs):
        checks.append(1)
        return await check_location(*args, **kwargs)

    monkeypatch.setattr(alerts, "check_location", counted)
    for _ in range(10):
        await poll(world)
    assert checks == []
