"""Smaller Edit-check misses (session 32, rev32c L3/L4), through ``fill.edit_problem`` on the sandbox card (Wed 25
Nov, 1:00 pm, 60 minutes).

"Only 90 minutes!" (a length sentence of its own after "only" or "just") was not read as the session's length.
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _problem(scene: Scene, text: str) -> str | None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    c = row["candidates"][row["current_index"]]
    return fill.edit_problem(scene.copilot, row["id"], row["revision"], text.format(name=c["first_name"],
                                                                                   service=c["service_name"]))


@pytest.mark.parametrize(("said", "length"), [("Only 90 minutes!", "90 minutes"), ("Just 90 min.", "90 min"),
                                              ("only 30 minutes!", "30 minutes")])
async def test_only_or_just_a_length_is_the_sessions_length(scene: Scene, said: str, length: str) -> None:
    found = await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.")
    assert found is not None and f'not "{length}": their YES books 60 minutes.' in found, found


@pytest.mark.parametrize("said", ["Only 60 minutes!", "Just 60 min.", "Only 10 minutes to reply!"])
async def test_the_slots_own_length_or_a_reply_window_after_only_passes(scene: Scene, said: str) -> None:
    assert await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.") is None
