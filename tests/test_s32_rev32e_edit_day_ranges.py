"""rev32e H4, mended (these failed before): the Edit check through fill.edit_problem (the edit modal's path) on the sandbox card (Wed 25 Nov, 1:00 pm):
a wrong day said with a 'from 1 to 2pm' / 'de 1 a 2pm' range now passes (was refused before e4cb752)."""
from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("when", ["Mon from 1 to 2pm", "Sat from 1 until 2pm", "Tue, from 1 to 2pm",
                                  "de jueves a sábado de 1 a 2pm", "de viernes a domingo de 1 a 2pm"])
async def test_wrong_day_with_a_to_range_is_refused(scene: Scene, when: str) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    c = row["candidates"][row["current_index"]]
    text = f"Hi {c['first_name']}, a {c['service_name']} opened {when}. Reply YES to claim it."
    found = fill.edit_problem(scene.copilot, row["id"], row["revision"], text)

    assert found is not None, "the guest is told a day that is not the slot's (Wed 25 Nov)"


@pytest.mark.parametrize("when", ["Wed from 1 to 2pm", "Wed 25 Nov from 1 to 2pm", "miércoles de 1 a 2pm"])
async def test_the_right_day_with_a_to_range_passes_on_the_hour_long_card(scene: Scene, when: str) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    c = row["candidates"][row["current_index"]]
    text = f"Hi {c['first_name']}, a {c['service_name']} opened {when}. Reply YES to claim it."
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], text) is None
