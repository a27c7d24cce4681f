"""A relative named only as who told the spa does not make the guest's allergy or condition theirs (a safety review of
the notes reader, 4 December): "Per husband - latex allergy", "Her husband says she is 20 wks pregnant", "Son called:
client on Eliquis" read nothing. A relative's own allergy or condition stays theirs."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("contraindications"))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Per husband - latex allergy", (["latex"], [])),
        ("per daughter: client has pacemaker", ([], ["heartCondition"])),
        ("According to her daughter, on Eliquis", ([], ["bloodThinners"])),
        ("Her husband says she is 20 wks pregnant", ([], ["pregnancy"])),
        ("Son called: client on Eliquis", ([], ["bloodThinners"])),
        ("Mom reports that she has a nut allergy", (["nutOil"], [])),
    ],
)
def test_a_relative_who_told_the_spa_leaves_the_fact_hers(note: str, expected: tuple[list[str], list[str]]) -> None:
    assert read(note) == expected, note


@pytest.mark.parametrize(
    "note",
    [
        "Husband has a latex allergy",
        "husband says he has a latex allergy",  # his own, in his words
        "Wife is pregnant",
        "Daughter is on Eliquis",
        "Her son: nut allergy",
    ],
)
def test_a_relatives_own_allergy_or_condition_stays_theirs(note: str) -> None:
    assert read(note) == ([], []), note
