"""Cautions an adversarial review of the day's notes-reader changes found lost (4 December 2026), kept by reverting
the changes that lost them: 7db0896 (a "+", "&" or "and" ending a clause cut a bare avoid off its sore area),
c5d78be (a condition after "if" read as no condition: intake answers "If pregnant ✓" lost the pregnancy), 2532379
(an allergy before "- mom, severe" given to the relative), acecbf1 (an empty box dropped an avoid on a to-do line),
the oil-preferred rule of 4aa3e02 ("No nut oils - she prefers grapeseed" read nothing). Each note here must keep its
caution, whatever the reader learns next."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def _values(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values(field)


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Neck tender + avoid", "neck"),
        ("Neck tender + avoid!!", "neck"),
        ("R shoulder - frozen & avoid", "shoulders"),
        ("L knee bursitis + don't touch", "knees"),
        ("Hip flexor strain and avoid", "hips"),
        ("Face - rosacea flare + avoid", "face"),
        ("- [ ] Avoid the left knee", "knees"),
        ("[ ] Knee injury - avoid", "knees"),
    ],
)
def test_an_avoided_area_stays_avoided(note: str, area: str) -> None:
    assert area in _values(note, "avoid_areas")


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("If pregnant \u2713", "pregnancy"),
        ("If pregnant: X", "pregnancy"),
        ("If pregnant - due March", "pregnancy"),
        ("If pregnant, trimester: second", "pregnancy"),
        ("Ask if still pregnant", "pregnancy"),
        ("Confirm if still on warfarin before deep tissue", "bloodThinners"),
        ("Back sore \u2013 avoid if pregnant", "pregnancy"),  # cautious: "ask first" is a therapist's to do
    ],
)
def test_a_condition_named_after_if_stays_a_caution(note: str, condition: str) -> None:
    assert condition in _values(note, "contraindications")


@pytest.mark.parametrize(
    ("note", "allergy"),
    [
        ("Shellfish allergy \u2013 husband, severe", "shellfish"),
        ("peanut allergy - mom, severe", "nutOil"),
        ("Allergies: nuts, latex - mom, severe", "latex"),
        ("No nut oils - she prefers grapeseed", "nutOil"),
        ("NO NUT OILS - prefers coconut oil", "nutOil"),
        ("No nut oils - prefers grapeseed. Carries EpiPen.", "nutOil"),
    ],
)
def test_an_allergy_stays_hers(note: str, allergy: str) -> None:
    assert allergy in _values(note, "allergies")


@pytest.mark.parametrize(
    "note",
    [
        "Knee surgery (L ACL) 2 wks ago - R knee also scoped",
        "Knee surgery (L ACL) + R meniscus 2 wks ago",
        "Knee surgery (L ACL; R knee scoped too) 2 wks ago",
    ],
)
def test_a_surgery_on_both_sides_names_no_one_side(note: str) -> None:
    """A second review: 863c93b (reverted) read "left knee" for these, so the right knee could be worked."""
    from spa_copilot.ai.extraction import caution_site

    assert caution_site(note) == "knee"


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Severe ragweed and latex allergy", ["latex", "ragweed"]),
        ("Known rubber and latex allergy", ["latex", "rubber"]),
        ("Allergic to penicillin; codeine", ["penicillin", "codeine"]),
    ],
)
def test_every_allergen_of_a_list_is_read(note: str, allergies: list[str]) -> None:
    """A second review: 934a6c3 (reverted) dropped an unknown first allergen with words before it."""
    assert sorted(_values(note, "allergies")) == sorted(allergies)


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Shoulders can't be worked on enough - loves it", "shoulders"),
        ("Back can't be massaged long enough", "back"),
    ],
)
def test_how_long_or_how_hard_an_area_is_worked_is_no_keeping_it_off(note: str, area: str) -> None:
    """A second review: "worked on enough", "long enough" still read as "not to be worked" after 664d1f9."""
    assert area not in _values(note, "avoid_areas")


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Allergic to penicillin (anaphylaxis - carries EpiPen); codeine", ["penicillin", "codeine"]),
        ("Allergies: sesame + EpiPen (expired); codeine", ["sesame", "codeine"]),
    ],
)
def test_an_epipen_aside_does_not_end_the_list_before_it(note: str, allergies: list[str]) -> None:
    """A second review: 4aa3e02's EpiPen/anaphylaxis heading, naming no allergen there, ended the list before it."""
    assert sorted(_values(note, "allergies")) == sorted(allergies)
