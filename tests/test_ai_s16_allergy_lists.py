"""Allergy lists the offline notes reader cut short, closed on 3 December 2026 (each fixed case failed before).

- A semicolon ended an allergy list: "Allergies: penicillin; sulfa; codeine" named penicillin only (allergens the
  lexicon knows were read anyway: "Allergic to latex; nuts; shellfish"). A sentence after the semicolon that is
  nothing but allergens now carries the list on; one that says anything else ends it, as before.
- An item said to be fine ended the list: "Allergies: penicillin, lavender is fine, codeine" lost codeine.
- A common allergen in capitals after a dash was taken for a signature: "Allergies: Penicillin – Sulfa" lost sulfa.
  Names and signatures after a dash ("– Sarah", "– jm", "– per client") still name no allergen.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def allergies(note: str) -> list[str]:
    return extract_profile_offline(note, today=TODAY).values("allergies")


# --- 1. a semicolon carries an allergy list on ---


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: penicillin; sulfa; codeine", ["penicillin", "sulfa", "codeine"]),
        ("Allergies: sulfa; codeine", ["sulfa", "codeine"]),
        ("Allergic to penicillin; sulfa; codeine", ["penicillin", "sulfa", "codeine"]),
        ("Allergies - penicillin; sulfa", ["penicillin", "sulfa"]),
        ("Allergies: penicillin;sulfa;codeine", ["penicillin", "sulfa", "codeine"]),
        ("Allergies: Penicillin; Sulfa; Codeine", ["penicillin", "sulfa", "codeine"]),
        ("Allergies: penicillin; bee stings; codeine", ["penicillin", "beeStings", "codeine"]),
        ("Allergies: penicillin; sulfa (hives); codeine", ["penicillin", "sulfa", "codeine"]),
        ("Allergies: penicillin; sulfa - hives; codeine", ["penicillin", "sulfa", "codeine"]),
        ("Allergies: latex; sulfa w/ hives; codeine", ["latex", "sulfa", "codeine"]),
        ("Allergies: latex; PCN w/ anaphylaxis", ["latex", "penicillin"]),
        ("Allergies: penicillin; sulfa; codeine; prefers firm pressure", ["penicillin", "sulfa", "codeine"]),
        ("Allergies: penicillin; sulfa; loves lavender", ["penicillin", "sulfa"]),
        ("Allergies: latex; Amoxicillin; cat dander; hair dye", ["latex", "amoxicillin", "catDander", "hairDye"]),
    ],
)
def test_a_semicolon_carries_the_allergy_list_on(note: str, expected: list[str]) -> None:
    assert sorted(allergies(note)) == sorted(expected)


def test_an_allergen_after_a_semicolon_has_the_list_as_its_evidence() -> None:
    profile = extract_profile_offline("Prefers firm. Allergies: penicillin; sulfa; codeine", today=TODAY)
    evidence = {item.value: item.evidence for item in profile.allergies}
    assert evidence["codeine"] == "Allergies: penicillin; sulfa; codeine"
    assert evidence["sulfa"] == "Allergies: penicillin; sulfa"


@pytest.mark.parametrize(
    ("note", "fields"),
    [
        # a new statement after the semicolon ends the list: every field reads as before
        ("Allergies: penicillin; prefers firm pressure", {"allergies": ["penicillin"], "pressure": ["firm"]}),
        ("Allergic to latex; loves lavender", {"allergies": ["latex"], "scent": ["lavender"]}),
        ("Allergies: none; likes hot stones", {}),
        ("Allergies: nuts; hates the smell of rose", {"allergies": ["nutOil"], "avoid_scents": ["rose"]}),
        ("NKA; pregnant", {"contraindications": ["pregnancy"]}),
        ("Allergic to latex; nuts; shellfish", {"allergies": ["latex", "nutOil", "shellfish"]}),
        ("Allergies: penicillin; running late today", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; Sarah", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; jm", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; per client", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; see chart", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; running late", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; vegan", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; not sulfa", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; sulfa is fine", {"allergies": ["penicillin"]}),
        ("Allergies: penicillin; husband allergic to sulfa", {"allergies": ["penicillin"]}),
        ("Allergies: latex; sulfa w/ palpitations; codeine", {"allergies": ["latex"]}),
        ("Allergies: penicillin; pregnant", {"allergies": ["penicillin"], "contraindications": ["pregnancy"]}),
        # only a name plainly an allergen's carries the list on: not a condition, a wish, a remark or a word
        # that may undo the allergy
        ("Allergies: latex; sensitive skin", {"allergies": ["latex"]}),
        ("Allergies: latex; asthma", {"allergies": ["latex"]}),
        ("Allergies: latex; gluten free", {"allergies": ["latex"]}),
        ("Allergies: latex; updated", {"allergies": ["latex"]}),
        ("Allergies: latex; front desk", {"allergies": ["latex"]}),
        ("Allergies: latex; sulfa (husband)", {"allergies": ["latex"]}),
        ("Allergies: latex; sulfa (outgrown)", {"allergies": ["latex"]}),
        ("Allergies: latex; sulfa - negative", {"allergies": ["latex"]}),
        ("Allergies: latex; previously sulfa", {"allergies": ["latex"]}),
        ("Allergies: latex; possibly sulfa", {"allergies": ["latex"]}),
        ("Allergies: latex; sulfa?", {"allergies": ["latex"]}),
        ("Allergies: penicillin. Sulfa; codeine", {"allergies": ["penicillin"]}),
        # a semicolon that ends its line carries the list on since test_extraction_s17_heading
        ("Allergies: penicillin;\nsulfa", {"allergies": ["penicillin", "sulfa"]}),
        ("Allergies: penicillin;\n\nsulfa", {"allergies": ["penicillin"]}),
        ("No allergies; sulfa", {}),
        ("Husband allergic to penicillin; sulfa", {}),
    ],
)
def test_a_sentence_that_says_anything_else_ends_the_list(note: str, fields: dict[str, list[str]]) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    found = {field: sorted(profile.values(field)) for field in type(profile).model_fields if profile.values(field)}
    assert found == {field: sorted(values) for field, values in fields.items()}


# --- 2. an item said to be fine is an aside ---


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: penicillin, lavender is fine, codeine", ["penicillin", "codeine"]),
        ("Allergies: penicillin, lavender ok, codeine, sulfa", ["penicillin", "codeine", "sulfa"]),
        ("Allergic to penicillin, lavender is fine, and codeine", ["penicillin", "codeine"]),
        ("Allergies: latex, codeine w/ itching, tylenol ok, morphine", ["latex", "codeine", "morphine"]),
    ],
)
def test_an_item_said_to_be_fine_does_not_end_the_list(note: str, expected: list[str]) -> None:
    assert sorted(allergies(note)) == sorted(expected)


def test_the_item_said_to_be_fine_is_no_allergen() -> None:
    profile = extract_profile_offline("Allergies: penicillin, lavender is fine, codeine", today=TODAY)
    assert profile.values("scent") == ["lavender"]
    assert "essentialOils" not in profile.values("allergies")


@pytest.mark.parametrize(
    "note",
    [
        "Allergies: penicillin, lavender is fine, Sarah",
        "Allergies: penicillin, lavender is fine, prefers firm pressure",
        "Allergies: penicillin, tea ok - jm",
        "Allergies: penicillin, tea ok / per client",
        "Allergies: penicillin, everything else is fine, codeine",
        "Allergies: penicillin, water w/ lemon is fine, codeine",
        "Allergies: penicillin, lavender is fine but not rose, codeine",
    ],
)
def test_past_an_item_said_to_be_fine_only_plain_allergens_are_read(note: str) -> None:
    assert allergies(note) == ["penicillin"]


# --- 3. a common allergen after a dash ---


@pytest.mark.parametrize("dash", [" – ", " — ", " -- "])
def test_a_common_allergen_in_capitals_after_a_dash_is_read(dash: str) -> None:
    assert allergies(f"Allergies: Penicillin{dash}Sulfa") == ["penicillin", "sulfa"]
    assert allergies(f"Allergies: penicillin{dash}sulfa") == ["penicillin", "sulfa"]


@pytest.mark.parametrize("dash", [" – ", " — ", " -- "])
@pytest.mark.parametrize("after", ["Sarah", "jm", "per client", "Kinsley Martin", "Honey", "front desk", "Sulfa?"])
def test_a_signature_after_a_dash_is_still_no_allergen(dash: str, after: str) -> None:
    assert allergies(f"Allergies: Penicillin{dash}{after}") == ["penicillin"]
    assert allergies(f"Allergic to latex{dash}{after}") == ["latex"]
