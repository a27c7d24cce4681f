"""``/spa today Suite 2 tomorrow`` (the help's own example once) on a spa with no room of that name: the refusal names
the rooms and locations the copilot knows, and the help no longer promises a room the spa may not have."""

from __future__ import annotations

import json

from spa_copilot.domain import Resource
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks, texts
from tests.test_slack_scenarios import ask


def _problem_line(answer: str) -> str:
    """The help's problem line (the section under its header) of an ``ask`` answer."""
    shown = json.loads(answer.split("\n", 1)[1])
    return shown[1]["text"]["text"]


async def test_an_unknown_room_is_answered_with_the_rooms_and_locations_known(world: SandboxWorld) -> None:
    answer = await ask(world, "today Suite 2 tomorrow")
    line = _problem_line(answer)
    assert line.startswith("Suite 2 is not a therapist, room or location I know. Rooms: "), line
    for room in ("Couples Suite", "Massage Room 1", "Wet Room"):
        assert room in line, line
    assert line.count("Massage Room 1") == 1, line  # a name two locations share, once
    assert line.endswith("; locations: SoHo, Venice."), line  # as a command names them: /spa today Venice
    assert "Suite 2 tomorrow" not in answer.replace(line, ""), answer  # the help under it does not suggest it again


async def test_many_rooms_are_cut_to_the_help_line_and_the_locations_kept(world: SandboxWorld) -> None:
    location = world.data.locations[0]
    for n in range(30):
        world.spa.resources[f"rs_extra_{n}"] = Resource(
            id=f"rs_extra_{n}", location_id=location.id, name=f"Treatment Room {n:02d}", type="room", room_type="massageRoom"
        )
    await world.copilot.catalog(refresh=True)
    line = _problem_line(await ask(world, "today Suite 2"))
    assert "Rooms: Couples Suite, " in line and line.endswith(", …; locations: SoHo, Venice."), line
    assert "Treatment Room 29" not in line, line
    unescaped = line.replace("&amp;", "&")
    assert len(unescaped) <= 201, len(unescaped)  # the problem line and its full stop: nothing cut by the help


def test_the_help_example_names_no_room() -> None:
    [today] = [c for c in texts.SUBCOMMANDS if c.name == "today"]
    assert all("Suite" not in example and "Room" not in example for example in today.examples), today.examples
    assert "Suite 2" not in json.dumps(blocks.help_message().to_kwargs())
