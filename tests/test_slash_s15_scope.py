"""``/spa today`` with no location named is the asker's own location's day, the one their App Home shows (it was
always the first location's: a Venice front desk got SoHo's book); someone not on the staff list gets the first
location's. The answer names the location and says how to ask for another."""

from __future__ import annotations

import json

from spa_copilot.domain import Location, StaffRole
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command
from tests.conftest import DAY


async def answer(world: SandboxWorld, text: str, user: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=user)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


def slack_id_of(world: SandboxWorld, location: Location, role: StaffRole) -> str:
    member = next(s for s in world.data.staff if s.location_id == location.id and s.role == role and s.active)
    return world.slack_id(member.id)


async def test_today_with_no_location_is_the_askers_own_as_their_home_shows(world: SandboxWorld) -> None:
    soho, venice = world.data.locations[0], world.data.locations[1]
    day = f"{DAY:%a} {DAY.day} {DAY:%b}"
    for role in (StaffRole.front_desk, StaffRole.therapist):
        user = slack_id_of(world, venice, role)
        reply = await answer(world, "today", user)
        assert reply.startswith(escape(f"{day} at {venice.name}:")), (role, reply)
        home = json.dumps((await home_view_for(world.copilot, user)).to_dict(), ensure_ascii=False)
        assert escape(f"Today at {venice.name}") in home
        # how to ask for another: SoHo by the word only its name has
        assert "Another location: /spa today SoHo." in reply, reply
        # a day named alone is still the asker's location's
        assert escape(f"at {venice.name}") in (await answer(world, "today tomorrow", user)).split("\n")[0]
    # someone not on the staff list: the first location, as the Home gives them
    reply = await answer(world, "today", FRONT_DESK_USER)
    assert reply.startswith(escape(f"{day} at {soho.name}:")), reply
    assert "Another location: /spa today Venice." in reply, reply
    # a location named is still that one
    assert (await answer(world, "today SoHo", slack_id_of(world, venice, StaffRole.therapist))).startswith(
        escape(f"{day} at {soho.name}:")
    )


async def test_today_for_someone_whose_location_was_not_read_says_whose_day_it_is(world: SandboxWorld) -> None:
    soho, venice = world.data.locations[0], world.data.locations[1]
    user = slack_id_of(world, venice, StaffRole.therapist)
    world.spa.locations[venice.id] = venice.model_copy(update={"time_zone": "Pacific Standard Time"})  # left out
    await world.copilot.catalog(refresh=True)
    reply = await answer(world, "today", user)
    assert reply.startswith(escape(f"{DAY:%a} {DAY.day} {DAY:%b} at {soho.name}:")), reply
    assert escape(texts.HOME_OTHER_LOCATION_TEXT.format(location=soho.name)) in reply, reply
    assert "Another location" not in reply  # no other location was read
