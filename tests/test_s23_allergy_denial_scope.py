"""A denial of allergies denies allergies, not the condition or medication written after it (a safety review of the
notes reader, 4 December): "NKA preg 20wks", "NKA on Eliquis", "No allergies & on coumadin" read nothing, so the
therapist was told of neither the pregnancy nor the blood thinner. Front-desk notes often open with "NKA"."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("contraindications"))


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("NKA preg 20wks", "pregnancy"),
        ("NKA | preg 18wk", "pregnancy"),
        ("NKDA 20 wks pregnant", "pregnancy"),
        ("NKA on Eliquis", "bloodThinners"),
        ("No allergies & on coumadin", "bloodThinners"),
        ("No known allergies + HBP", "hypertension"),
        ("Denies allergies / taking warfarin", "bloodThinners"),
        ("no known drug allergies + pacemaker", "heartCondition"),
    ],
)
def test_a_condition_after_a_denial_of_allergies_is_read(note: str, condition: str) -> None:
    allergies, conditions = read(note)
    assert condition in conditions, (note, conditions)
    assert allergies == [], "no allergy is invented"


@pytest.mark.parametrize(
    "note",
    [
        "No allergies or pregnancy",  # both denied, joined by "or" alone
        "Denies allergies and pregnancy",
        "No known allergies, not pregnant",  # a denial of its own
        "NKA, not on blood thinners",
        "No allergies, no meds, not pregnant",
    ],
)
def test_a_condition_the_denial_also_covers_stays_denied(note: str) -> None:
    assert read(note) == ([], []), note


@pytest.mark.parametrize("note", ["NKA latex", "No allergies to latex", "No known allergies nuts"])
def test_an_allergen_after_the_denial_stays_denied_as_before(note: str) -> None:
    assert read(note)[0] == [], note
