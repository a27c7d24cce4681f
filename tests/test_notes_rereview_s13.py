"""The notes reader on a Yes/No pairs line where a term has no pair of its own: the pair's "No" label before it is
no denial, for an allergen as for a condition ("Pregnant Yes [ ] No [x] Latex allergy" keeps the latex allergy, as
"Recent surgery Yes [ ] No [x] Pregnant" keeps the pregnancy), while a real denial written there still denies
("Recent surgery Yes [ ] No [x] not pregnant", "Yes [x] No [ ] Never had surgery")."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 3, 10)


def _read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return sorted(profile.values("allergies")), sorted(profile.values("contraindications"))


@pytest.mark.parametrize(
    ("note", "allergies", "contraindications"),
    [
        ("Pregnant Yes [ ] No [x] Latex allergy", ["latex"], []),
        ("Recent surgery Yes [ ] No [x] Latex allergy", ["latex"], []),
        ("Pregnant Yes [ ] No [x] Nut allergy", ["nutOil"], []),
        ("Pregnant Yes [ ] No [x] latex sensitivity", ["latex"], []),
        ("Recent surgery Yes [ ] No [x] allergic to latex", ["latex"], []),
        ("Pregnant: Y [ ] N [x] latex allergy", ["latex"], []),  # as it read already
        ("Recent surgery Yes [ ] No [x] Pregnant", [], ["pregnancy"]),  # as it read already
    ],
)
def test_another_items_no_label_does_not_deny_a_term_without_a_pair(
    note: str, allergies: list[str], contraindications: list[str]
) -> None:
    assert _read(note) == (allergies, contraindications)


@pytest.mark.parametrize(
    "note",
    [
        "Recent surgery Yes [ ] No [x] not pregnant",
        "Yes [x] No [ ] Not pregnant",
        "Yes [x] No [ ] Never had surgery",
        "Recent surgery Yes [ ] No [x] no latex allergy",
    ],
)
def test_a_denial_written_after_a_pair_still_denies(note: str) -> None:
    assert _read(note) == ([], [])


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Yes [ ] No [x] Latex allergy", []),  # the item's own pair: No ticked
        ("Latex allergy Yes [ ] No [x]", []),
        ("Surgery Yes [ ] No [x] Latex allergy Yes [ ] No [x]", []),
        ("Surgery Yes [ ] No [x] Latex allergy Yes [x] No [ ]", ["latex"]),
    ],
)
def test_an_allergen_with_its_own_pair_reads_its_pair(note: str, allergies: list[str]) -> None:
    assert _read(note)[0] == allergies


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant: Yes [ ] No [x] (20 wks)",
        "Pregnant: Yes [ ] No [x] - 20 wks",
        "Pregnant: Yes [ ] No [ ] weeks: 20",
        "Pregnant? [ ] Yes [x] No  20 wks",
        "Yes [ ] No [x] Pregnant 20 wks",
        "Yes [ ] No [x] Pregnant 20 wks  Yes [ ] No [x] Blood thinners",
        "Condition | Yes | No | Details\nPregnant | [ ] | [x] | 20 wks",
        "Condition | Yes | No | Details\nPregnant | [ ] | [ ] | 16 weeks",
        "Condition | Details | Yes | No\nPregnant | 20 wks | [ ] | [x]",
        "Condition | Yes | No\nPregnant 20 wks | [ ] | [x]",
    ],
)
def test_a_pregnancys_weeks_written_beside_its_pair_keep_the_caution(note: str) -> None:
    # whichever box is ticked, the weeks say she is pregnant: the safe side, as "Yes [ ] No [x] Pregnant (20 wks)"
    assert _read(note)[1] == ["pregnancy"]


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant: Yes [ ] No [x]",
        "Pregnant: Yes [ ] No [x] (postpartum 6 wks)",
        "Pregnant: Yes [ ] No [x] (baby is 8 weeks old)",
        "Condition | Yes | No | Details\nPregnant | [ ] | [x] | postpartum 6 wks",
        "Condition | Yes | No | Details\nPregnant | [ ] | [x] | had baby 6 weeks ago",
        "Condition | Yes | No | Details\nRecent surgery | [ ] | [x] | 6 wks",
        "Yes [ ] No [x] Pregnant 2 weeks ago",
    ],
)
def test_other_writing_beside_a_no_pair_is_no_pregnancy(note: str) -> None:
    assert _read(note)[1] == []
