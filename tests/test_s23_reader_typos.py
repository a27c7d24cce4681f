"""Misspellings notes typed on a phone carry are read (a safety review of the notes reader, 4 December): "pregant",
"pregnat", "prego 20wks", "Xarleto", "Elliquis", "warferin", "coumidin", "acutane", "lisinipril", "metforman" read
nothing, so the therapist was not told of the pregnancy or the blood thinner."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def conditions(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("contraindications"))


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("pregant 12 wks", "pregnancy"), ("pregnat, 18 wks", "pregnancy"), ("Pregnent - 2nd trimester", "pregnancy"),
        ("prego 20wks", "pregnancy"), ("she's prego.", "pregnancy"),
        ("on Xarleto", "bloodThinners"), ("Elliquis daily", "bloodThinners"), ("takes warferin", "bloodThinners"),
        ("coumidin", "bloodThinners"), ("acutane last month", "isotretinoin"), ("lisinipril for BP", "hypertension"),
        ("metforman", "diabetes"),
    ],
)
def test_a_misspelled_pregnancy_or_medication_is_read(note: str, condition: str) -> None:
    assert condition in conditions(note), note


@pytest.mark.parametrize("note", ["not pregant", "Prego sauce lover lol", "no longer on warferin"])
def test_a_denied_one_or_a_brand_of_sauce_is_not(note: str) -> None:
    assert conditions(note) == [], note


@pytest.mark.parametrize(("note", "allergies"), [("allergies = latex, nuts", ["latex", "nutOil"]),
                                                  ("Allergies= shellfish", ["shellfish"]), ("allergies = none", [])])
def test_an_allergy_heading_with_an_equals_sign_is_read(note: str, allergies: list[str]) -> None:
    # a safety review: "allergies = latex, nuts" read nothing
    assert sorted(extract_profile_offline(note, today=DAY).values("allergies")) == allergies


@pytest.mark.parametrize(("note", "condition"), [("about 5 months along", "pregnancy"), ("5 months pregnant", "pregnancy")])
def test_a_pregnancy_in_months_is_read(note: str, condition: str) -> None:
    assert condition in conditions(note), note


def test_along_with_is_no_pregnancy_and_a_past_reaction_is_an_allergy() -> None:
    assert conditions("3 months along with PT for her knee") == []  # "along with": no pregnancy
    assert extract_profile_offline("reacted to almond oil last time", today=DAY).values("allergies") == ["nutOil"]
