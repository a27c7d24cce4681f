"""Four notes the offline reader misread (s23), each with the near misses that must read as before.

1. "Sulfa drug allergy" read nothing: the drug word between the name and the allergy hid the name.
2. "Hip replacement (both sides) 3 wks ago" read nothing: only one side in brackets was let before the date.
3. "prefers female therapist, shellfish allergy" made up an allergy "femaleTherapist" from the wish before it.
4. "Nut allergy (negative)" made up an allergy "negative"; the nut allergy is kept (a therapist asks).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import caution_site, extract_profile_offline

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


# 1. "<X> drug allergy" reads X, as "<X> allergy" does


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Sulfa drug allergy", ["sulfa"]),
        ("Sulfa drugs allergy", ["sulfa"]),
        ("sulfa drug allergies", ["sulfa"]),
        ("Codeine drug allergy", ["codeine"]),
        ("Has a sulfa drug allergy", ["sulfa"]),
        ("Penicillin and sulfa drug allergies", ["penicillin", "sulfa"]),
        ("Sulfa medication allergy", ["sulfa"]),
        ("Light pressure, sulfa drug allergy", ["sulfa"]),
    ],
)
def test_the_name_before_a_drug_allergy_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Penicillin allergy", ["penicillin"]),
        ("Allergic to sulfa", ["sulfa"]),
        ("allergic to sulfa drugs", ["sulfaDrugs"]),
        ("Allergies: penicillin, latex", ["latex", "penicillin"]),
        ("Drug allergy", []),
        ("Multiple drug allergies", []),
        ("No sulfa drug allergy", []),
        ("Husband's sulfa drug allergy", []),
        ("Sulfa drug allergy (husband)", []),
        ("No sulfa soap - skin reacts", []),
    ],
)
def test_drug_allergy_near_misses_read_as_before(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


# 2. a joint replaced on both sides, in brackets before the date, is a recent surgery as one side is


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Hip replacement (both sides) 3 wks ago", "hips"),
        ("Hip replacement (both) 3 wks ago", "hips"),
        ("Hip replacement (bilateral) last month", "hips"),
        ("Hip replacement (both hips) 3 wks ago", "hips"),
        ("Knee replacement (L and R) 2 weeks ago", "knees"),
        ("Knee replacement (b/l) 3 wks ago", "knees"),
        ("Shoulder replacement (both sides) 3 wks ago, focus on neck", "shoulders"),
    ],
)
def test_both_sides_replaced_is_a_recent_surgery(note: str, area: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert profile.values("contraindications") == ["recentSurgery"]
    assert area in profile.values("avoid_areas")
    assert area not in profile.values("focus_areas")


def test_both_sides_say_no_one_side_in_the_briefing() -> None:
    # as "Bilateral hip replacement 3 wks ago" is said: the joint, no side
    assert caution_site("Hip replacement (both sides) 3 wks ago") == caution_site("Bilateral hip replacement 3 wks ago")
    assert caution_site("Hip replacement (R side) 3 wks ago") == "right hip"


@pytest.mark.parametrize(
    ("note", "recent"),
    [
        ("Hip replacement (R side) 3 wks ago", True),
        ("Hip replacement 3 wks ago", True),
        ("Bilateral hip replacement 3 wks ago", True),
        ("Hip replacement (R side)", False),
        ("Hip replacement (both sides)", False),  # undated: as "(R side)" alone
        ("Hip replacement (both sides) 2015", False),
        ("Hip replacement (both sides) 3 yrs ago", False),
        ("Hip replacement (both sides) next month", False),
        ("No hip replacement (both sides) 3 wks ago", False),
    ],
)
def test_replacement_near_misses_read_as_before(note: str, recent: bool) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert profile.values("contraindications") == (["recentSurgery"] if recent else [])


# 3. a wish before an allergy is no allergen


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("prefers female therapist, shellfish allergy", ["shellfish"]),
        ("Prefers male therapist, sulfa allergy", ["sulfa"]),
        ("She prefers female therapist, sesame allergy", ["sesame"]),
        ("Female therapist, shellfish allergy", ["shellfish"]),
        ("prefers afternoons, sesame allergy", ["sesame"]),
    ],
)
def test_a_wish_before_an_allergy_is_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_the_wish_reads_as_it_does_alone() -> None:
    both = extract_profile_offline("prefers female therapist, shellfish allergy", today=TODAY).to_json_dict()
    alone = extract_profile_offline("prefers female therapist", today=TODAY).to_json_dict()
    assert {key: values for key, values in both.items() if key != "allergies"} == {
        key: values for key, values in alone.items() if key != "allergies"
    }


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("prefers female therapist", []),
        ("prefers female therapist; shellfish allergy", ["shellfish"]),
        ("shellfish allergy, prefers female therapist", ["shellfish"]),
        # a known allergen after a liking is still read, on the safe side
        ("Prefers latex gloves, nut allergy", ["latex", "nutOil"]),
        ("loves coconut, shellfish allergy", ["coconut", "shellfish"]),
        ("Latex, sulfa allergy", ["latex", "sulfa"]),
        ("Penicillin, sulfa & codeine allergies", ["codeine", "penicillin", "sulfa"]),
    ],
)
def test_wish_near_misses_read_as_before(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
