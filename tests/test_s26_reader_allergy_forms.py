"""An intake form's allergy answers the offline notes reader missed (session 26's review of the reader): a "yes"
followed by the field that asks what it is to ("Allergies: yes | To what: latex") read nothing."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values("allergies")


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: yes | To what: latex", ["latex"]),
    ("Allergies: yes Drug: codeine", ["codeine"]),
    ("Allergies yes; specify: nuts", ["nutOil"]),
    ("Allergies: Y | To what: latex", ["latex"]),
    ("Allergies: YES  Drug: codeine", ["codeine"]),
    ("allergies: y, specify: shellfish", ["shellfish"]),
    ("Allergies? Yes / Which: lanolin", ["lanolin"]),
    ("Allergies: yes\nTo what: latex", ["latex"]),
    ("Allergies: Yes - Type: latex, penicillin", ["latex", "penicillin"]),
    ("Allergy: yes Substance: aloe | Meds: none", ["aloe"]),
    ("Allergies: yes | To what: latex | Pregnant: no", ["latex"]),
    ("Allergies yes specify: nuts, latex", ["nutOil", "latex"]),
    ("Allergies: y If yes, specify: codeine", ["codeine"]),
    ("Allergies: yes  What: bee stings", ["beeStings"]),
])
def test_a_forms_yes_then_the_field_asking_what_reads_that_fields_items(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize("yes", ["yes", "Yes", "YES", "y", "Y"])
@pytest.mark.parametrize("separator", [" ", "  ", " | ", "; ", ", ", " / ", "\n"])
@pytest.mark.parametrize(("label", "item", "value"), [
    ("To what", "latex", "latex"),
    ("Drug", "codeine", "codeine"),
    ("specify", "almond oil", "nutOil"),
    ("Which", "shellfish", "shellfish"),
])
def test_every_separator_and_spelling_of_yes_reads_the_item(yes: str, separator: str, label: str, item: str, value: str) -> None:
    note = f"Allergies: {yes}{separator}{label}: {item}"
    assert allergies(note) == [value]


def test_the_evidence_is_the_notes_own_words() -> None:
    profile = extract_profile_offline("Allergies: yes | To what: latex", today=DAY)
    assert [item.evidence for item in profile.allergies] == ["Allergies: yes | To what: latex"]


@pytest.mark.parametrize("note", [
    "Allergies: no | To what: latex",
    "Allergies: no  Drug: n/a",
    "Allergies: N  Specify:",
    "Allergies: yes | Details: see chart",
])
def test_a_no_or_an_empty_detail_reads_none(note: str) -> None:
    assert allergies(note) == []
