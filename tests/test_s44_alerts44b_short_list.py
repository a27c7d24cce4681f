"""A catalogue list that comes back empty, or short of most of its records, for one poll is taken as it reads (the
known cost, alerts44c: no guess at a read cut short, which kept fixed clashes' cards live for good): a card whose
record is missing says it is "no longer on the spa system's list" for that poll, and is not resolved; the next read
lists the record again, the clash is found again, and the card is drawn as it was, without the line.
"""

from __future__ import annotations

from tests import test_s44_alerts44_unlisted_records as unlisted
from tests.test_s44_alerts44_unlisted_records import (
    at,
    booking,
    harbor,
    poll,
    statuses,
    the_card,
)

open_world = unlisted.open_world  # its fixture: a sandbox world read afresh at each poll


async def wrong_room(open_world):
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    assert "Wrong room type" in the_card(world)
    return world


async def test_an_empty_room_list_puts_the_line_on_for_one_poll_and_resolves_nothing(open_world) -> None:
    world = await wrong_room(open_world)
    drawn = the_card(world)
    saved = dict(world.spa.resources)
    world.spa.resources.clear()
    await poll(world)
    card = the_card(world)
    assert "Facial Room is no longer on the spa system's list" in card and "Resolved" not in card
    assert statuses(world) == ["open"]
    world.spa.resources.update(saved)  # the next read lists them again
    await poll(world)
    assert the_card(world) == drawn and statuses(world) == ["open"]


async def test_a_room_list_short_of_most_of_its_rooms_is_read_as_it_is_then_drawn_again(open_world) -> None:
    world = await wrong_room(open_world)
    drawn = the_card(world)
    saved = dict(world.spa.resources)
    for room_id in ("rs_2", "rs_f"):  # one of three left
        world.spa.resources.pop(room_id)
    await poll(world)
    assert "Facial Room is no longer on the spa system's list" in the_card(world)
    assert statuses(world) == ["open"]
    world.spa.resources.update(saved)
    await poll(world)
    assert the_card(world) == drawn and statuses(world) == ["open"]
