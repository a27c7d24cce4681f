"""A latex allergy charted by its gloves ("Latex gloves - hives", "Latex gloves (hives)") and a grave reaction with
its year after a dash ("latex - anaphylaxis 2019", "latex, penicillin - anaphylaxis 2019") read no allergy at all
(session 35, found beside the brief's items). A reaction put in the past after its year reads as before."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def allergies(note):
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Latex gloves - hives", ["latex"]),
    ("latex gloves - rash", ["latex"]),
    ("Latex gloves (hives)", ["latex"]),
    ("latex - anaphylaxis 2019", ["latex"]),
    ("latex, penicillin - anaphylaxis 2019", ["latex", "penicillin"]),
    ("penicillin - anaphylaxis 2019", ["penicillin"]),
])
def test_the_allergy_is_read(note, expected):
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Latex gloves", []),
    ("Penicillin - hives 2019, tolerated since", []),
    ("Penicillin - hives 2019 (outgrown)", []),
    ("Latex gloves used today", []),
])
def test_a_glove_used_or_a_past_reaction_reads_as_before(note, expected):
    assert allergies(note) == expected
