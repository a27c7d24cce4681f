"""A catalogue list that comes back empty, or short of most of its records, for one poll is a read not to be trusted
(rev44e LOW): no card says a record on it is "no longer on the spa system's list", and none is resolved; the cards
are left as they are, as for a location whose book could not be read, and the next full read decides.
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


async def test_an_empty_room_list_marks_no_card_unlisted_nor_resolves_it(open_world) -> None:
    world = await wrong_room(open_world)
    drawn = the_card(world)
    saved = dict(world.spa.resources)
    world.spa.resources.clear()
    await poll(world)
    assert the_card(world) == drawn  # left as it was
    assert statuses(world) == ["open"]
    world.spa.resources.update(saved)  # the next read lists them again
    await poll(world)
    assert the_card(world) == drawn and statuses(world) == ["open"]


async def test_a_room_list_short_of_most_of_its_rooms_marks_no_card_unlisted(open_world) -> None:
    world = await wrong_room(open_world)
    drawn = the_card(world)
    saved = dict(world.spa.resources)
    for room_id in ("rs_2", "rs_f"):  # one of three left
        world.spa.resources.pop(room_id)
    await poll(world)
    assert the_card(world) == drawn and statuses(world) == ["open"]
    world.spa.resources.update(saved)
    await poll(world)
    assert the_card(world) == drawn and statuses(world) == ["open"]
