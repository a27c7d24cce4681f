"""Safety facts the offline notes reader lost (s25), each with the near misses that must read as before.

1. A form's answer then, on the same line, the next field's label: the answer's "no" negated the next label's term.
   "Breastfeeding: no Pregnant: yes" read no pregnancy, "Pregnant: no Latex allergy: yes" no latex (and "pregnant:
   no latex allergy: yes" read a pregnancy). The next label now starts a line of its own; "Pregnant: no
   Breastfeeding: no" still reads neither, and a label that may hold the answer's details ("Allergies: yes Notes:
   latex") stays with it.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


def conditions(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("contraindications"))


@pytest.mark.parametrize(
    "note",
    [
        "Breastfeeding: no Pregnant: yes",
        "Breastfeeding: no Pregnant: yes 20 wks",
        "Breastfeeding: no  Pregnant: yes",
        "Breastfeeding: no / Pregnant: yes",
        "Breastfeeding: no | Pregnant: yes",
        "Breastfeeding? No Pregnant? Yes",
        "Blood thinners: N Pregnant: Y",
    ],
)
def test_a_no_before_the_pregnancy_label_answers_only_its_own_field(note: str) -> None:
    assert "pregnancy" in conditions(note)


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant: no Latex allergy: yes",
        "pregnant: no latex allergy: yes",
        "Pregnant: no. Latex allergy: yes",
        "Pregnant: no | Latex allergy: yes",
        "Pregnant: no / Latex allergy: yes",
        "Pregnant? No Allergies? Latex",
        "Pregnant? No  Allergies? Latex",
        "Allergies: no Latex: yes",
    ],
)
def test_a_no_before_an_allergy_label_answers_only_its_own_field(note: str) -> None:
    assert allergies(note) == ["latex"]
    assert "pregnancy" not in conditions(note)


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant: no Breastfeeding: no",
        "Pregnant: no. Breastfeeding: no",
        "Pregnant: no / Breastfeeding: no",
        "Pregnant? No Breastfeeding? No",
    ],
)
def test_both_fields_answered_no_read_neither(note: str) -> None:
    assert conditions(note) == []


@pytest.mark.parametrize(
    "note", ["Pregnant: yes Breastfeeding: no", "Pregnant: Y Latex allergy: N", "Pregnant? Yes Allergies? No"]
)
def test_a_yes_before_a_no_keeps_its_field(note: str) -> None:
    assert conditions(note) == ["pregnancy"]
    assert allergies(note) == []


@pytest.mark.parametrize(
    "note", ["Allergies: yes Notes: latex", "Allergies? Yes Which: latex", "Allergies: yes Type: latex"]
)
def test_a_label_holding_the_answers_details_stays_with_it(note: str) -> None:
    assert allergies(note) == ["latex"]
