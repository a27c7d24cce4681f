"""An intake form's preference line says the option ticked (staff-eye review, 4 December).

"Pressure: [ ] Light [x] Medium [ ] Firm" was shown in the DMs and on the client card as "✨ Pressure: “Pressure: [ ]
Light [x] Medium [ ] Firm”": the notes reader reads every option of a preference's line, ticked or not, and the
briefing quoted the line as one statement saying three pressures."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing
from tests.builders import client

DAY = date(2026, 12, 4)


def preferences(note: str) -> list[str]:
    return briefing.preferences(client("cl_1", notes=note), extract_profile_offline(note, today=DAY))


@pytest.mark.parametrize("note, said", [
    ("Pressure: [ ] Light [x] Medium [ ] Firm", ["Pressure: medium"]),
    ("INTAKE FORM 11/2\nAllergies: [x] Latex [ ] Nuts\nPressure: [ ] Light [x] Medium [ ] Firm", ["Pressure: medium"]),
    ("Pressure: [x] Light [ ] Medium [ ] Firm", ["Pressure: light"]),
    ("Pressure: Light [ ] Medium [x] Firm [ ]", ["Pressure: medium"]),  # the boxes after their options
    ("Pressure: ☐ Light ☑ Firm", ["Pressure: firm"]),
    ("Pressure: [ ] Light [ ] Medium [ ] Firm", []),  # nothing ticked: no pressure
])
def test_the_ticked_option_is_the_preference(note: str, said: list[str]) -> None:
    assert preferences(note) == said


def test_words_without_boxes_are_read_as_before() -> None:
    assert preferences("Pressure: light or firm") == ["Pressure: “Pressure: light or firm”"]
    assert preferences("Likes firm pressure") == ["Pressure: firm"]
