"""The Edit check reads a range said with words as a range (session 32, rev32c H3).

"from 12 to 1pm", "12 until 1pm", "12 till 1pm", "between 12 and 1pm" and the Spanish "de 12 a 1pm" on a 1:00 pm card
told the guest the slot starts at 12 and passed (only a dash was read as joining a range), while the right "from 1 to
2pm" was refused for not giving the start. A range's start must be the slot's start, and its end the start plus the
slot's length, whatever joins them.
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _text(row: dict, when: str) -> str:
    c = row["candidates"][row["current_index"]]
    return f"Hi {c['first_name']}, a {c['service_name']} opened Wednesday {when}. Reply YES to claim it."


@pytest.mark.parametrize("when", [
    "from 12 to 1pm", "12 until 1pm", "between 12 and 1pm", "12 till 1pm", "12 thru 1pm", "12 through 1 pm",
    "de 12 a 1pm", "de las 12 a las 1pm",
])
async def test_a_range_from_another_start_is_refused(scene: Scene, when: str) -> None:
    slot = await _tomorrows_card(scene)  # Wed 25 Nov, 1:00 pm, 60 minutes
    row = _row(scene, slot)
    found = fill.edit_problem(scene.copilot, row["id"], row["revision"], _text(row, when))
    assert found is not None and found.startswith('The slot starts at 1:00 pm: take out "12"')


@pytest.mark.parametrize("when", ["from 1 to 2pm", "1 until 2pm", "between 1 and 2pm", "1 till 2 pm", "de 1 a 2pm"])
async def test_the_slots_own_range_passes(scene: Scene, when: str) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], _text(row, when)) is None


@pytest.mark.parametrize("when", ["from 1 to 3pm", "between 1 and 3pm", "de 1 a 3pm"])
async def test_a_range_whose_end_is_not_the_slots_is_refused(scene: Scene, when: str) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    found = fill.edit_problem(scene.copilot, row["id"], row["revision"], _text(row, when))
    assert found is not None and found.startswith('The slot starts at 1:00 pm: take out "3pm"')
