"""The Edit check reads a day said beside the visit's time as the visit's day (session 32, rev32c M3).

"We're open on Dec 24 from 1pm" on a Wed 25 Nov 1:00 pm card passed: "from 1pm" was read as the spa's opening time,
and Dec 24 with it as the spa's, though the guest's only date is Dec 24 at the slot's time. A single bound at the
slot's start is the visit's time. A Spanish run of days a single visit time follows ("jueves-viernes 1pm", "de
jueves a domingo a la 1pm") passed too, read as the spa's days: such a run is a visit claim and must hold the slot's
day; said as opening hours, with no time or a time range ("Abrimos de jueves a domingo de 10 a 8"), it is the spa's.
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _problem(scene: Scene, text: str) -> str | None:
    slot = await _tomorrows_card(scene)  # Wed 25 Nov, 1:00 pm
    row = _row(scene, slot)
    c = row["candidates"][row["current_index"]]
    return fill.edit_problem(scene.copilot, row["id"], row["revision"], text.format(name=c["first_name"],
                                                                                   service=c["service_name"]))


@pytest.mark.parametrize("said", ["We're open on Dec 24 from 1pm.", "We're open Dec 24 from 1:00 pm!",
                                  "Holiday hours: Dec 24 from 1pm."])
async def test_a_date_with_the_slots_start_as_its_opening_time_is_refused(scene: Scene, said: str) -> None:
    found = await _problem(scene, "Hi {name}, a {service} opened. " + said + " Reply YES to claim it.")
    assert found == 'The slot is Wed 25 Nov, not "Dec 24": their YES books that day.'


@pytest.mark.parametrize("said", ["We're open Dec 24 from 10am to 2pm.", "Holiday hours: Dec 24 10am-2pm.",
                                  "We're open Mon-Sat from 9am.", "Open Mon–Sat until 7pm."])
async def test_the_spas_own_hours_beside_the_slot_still_pass(scene: Scene, said: str) -> None:
    assert await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.") is None


@pytest.mark.parametrize("when", ["jueves-viernes 1pm", "el jueves a viernes a la 1pm", "de jueves a domingo a la 1pm",
                                  "de jueves a viernes 1-2pm"])
async def test_a_spanish_run_of_days_with_a_visit_time_but_not_the_slots_day_is_refused(scene: Scene, when: str) -> None:
    found = await _problem(scene, "Hola {name}, un {service} con cupo " + when + ". Responde SI para reservar.")
    assert found == 'The slot is Wed 25 Nov, not "jueves": their YES books that day.'


@pytest.mark.parametrize("text", [
    "Hola {name}, un {service} con cupo de lunes a viernes a la 1pm. Responde SI para reservar.",
    "Hola {name}, un {service} el miércoles a la 1pm. Abrimos de jueves a domingo de 10 a 8. Responde SI para reservar.",
    "Hola {name}, un {service} el miércoles a la 1pm. Abrimos de jueves a domingo. Responde SI para reservar.",
])
async def test_a_spanish_run_holding_the_slots_day_or_said_as_opening_hours_passes(scene: Scene, text: str) -> None:
    assert await _problem(scene, text) is None
