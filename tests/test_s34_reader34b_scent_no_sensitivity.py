"""Under an allergy or sensitivity heading, a "Scent:" line that names no sensitivity ("any", "no preference", a
scent she likes) reads no fragrance allergy (rev34d M2)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


@pytest.mark.parametrize(("note", "liked"), [
    ("Allergies\nScent: no preference", None),
    ("Allergies\nScent: any", None),
    ("Allergies\nScent: likes lavender", "lavender"),
    ("Allergies\nScent: lavender is fine", "lavender"),
    ("Sensitivities:\nScent: loves lavender", "lavender"),
    ("Allergies/sensitivities:\nScent: loves lavender", "lavender"),
])
def test_a_scent_line_that_names_no_sensitivity_reads_no_fragrance_allergy(note, liked):
    p = extract_profile_offline(note, today=DAY)
    assert not set(p.values("allergies")) & {"fragrance", "essentialOils"}
    if liked is not None:
        assert liked in p.values("scent")
