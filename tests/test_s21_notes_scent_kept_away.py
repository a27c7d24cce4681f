"""A scent kept away for a sensitivity stays a scent to avoid by its name (4 Dec 2026).

"NO peppermint (migraine trigger)" read as an essential-oils allergy (the services' fragrance sensitivity) and the word
peppermint was lost, where "no peppermint" alone gives "Avoid scents: peppermint". Now both: the allergy and the scent
avoided. "NO hot stones - lupus. no heat." still reads nothing: the vocabulary has no heat sensitivity nor a declined
modality, and lupus is no condition of it.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.note_fields import fields_read

TODAY = date(2026, 12, 4)
FIELDS = ("allergies", "avoid_scents", "scent")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("NO peppermint (migraine trigger)", {"allergies": ["essentialOils"], "avoid_scents": ["peppermint"]}),
        ("No lavender, it makes her nauseous.", {"allergies": ["essentialOils"], "avoid_scents": ["lavender"]}),
        ("Allergic to nuts, no lavender", {"allergies": ["nutOil", "essentialOils"], "avoid_scents": ["lavender"]}),
        ("no peppermint", {"avoid_scents": ["peppermint"]}),
        # no scent named: the allergy alone, as before
        ("No fragrance - migraines", {"allergies": ["fragrance"], "scent": ["unscented"]}),
        ("Allergic to lavender", {"allergies": ["essentialOils"]}),
    ],
)
def test_a_scent_kept_away_for_a_sensitivity_keeps_its_name(note: str, expected: dict[str, list[str]]) -> None:
    assert fields_read(note, TODAY, FIELDS) == expected
