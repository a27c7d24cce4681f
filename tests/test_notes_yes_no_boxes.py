"""The notes reader on intake forms that print a Yes/No pair of boxes per item: the ticked box's label decides
("Recent surgery Yes [x] No [ ]" is a caution, "Pregnant? [ ] Yes [x] No" is none), after the term, before it or in
a table's Yes and No columns. Both boxes empty is unanswered and gives no caution, as an empty single box does; both
ticked is contradictory and keeps the caution. The single-box forms read as before."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 3, 10)


def _read(note: str, field: str = "contraindications") -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values(field))


# Each layout with the "yes" box ticked, the "no" box ticked, neither and both; {yes}, {no} are filled with a box.
_LAYOUTS = [
    ("Recent surgery   Yes {yes}  No {no}", "recentSurgery"),
    ("Recent surgery: Y {yes} N {no}", "recentSurgery"),
    ("Recent surgery {yes} Yes {no} No", "recentSurgery"),
    ("Pregnant? {yes} Yes {no} No", "pregnancy"),
    ("Pregnant - Y {yes} / N {no}", "pregnancy"),
    ("Recent surgery? No {no} Yes {yes}", "recentSurgery"),
    ("Yes {yes} No {no} Recent surgery", "recentSurgery"),
    ("1. Yes {yes} No {no} Recent surgery (last 6 months)", "recentSurgery"),
    ("{yes} Yes {no} No  Currently pregnant", "pregnancy"),
    ("Y {yes} N {no} Blood thinners", "bloodThinners"),
    ("Yes {yes} No {no} Taking blood thinners", "bloodThinners"),
    ("Condition | Yes | No\nPregnant | {yes} | {no}", "pregnancy"),
    ("| Condition | Y | N |\n|---|---|---|\n| Other | [ ] | [x] |\n| Blood thinners | {yes} | {no} |", "bloodThinners"),
    ("Condition | No | Yes\nRecent surgery | {no} | {yes}", "recentSurgery"),
]
_TICKED = ("[x]", "☑")
_EMPTY = ("[ ]", "☐")


@pytest.mark.parametrize(("layout", "condition"), _LAYOUTS)
@pytest.mark.parametrize("style", [0, 1], ids=["brackets", "glyphs"])
def test_a_ticked_yes_is_a_caution_and_a_ticked_no_is_none(layout: str, condition: str, style: int) -> None:
    ticked, empty = _TICKED[style], _EMPTY[style]
    assert _read(layout.format(yes=ticked, no=empty)) == [condition]
    assert _read(layout.format(yes=empty, no=ticked)) == []


@pytest.mark.parametrize(("layout", "condition"), _LAYOUTS)
def test_an_unanswered_pair_is_no_caution_and_a_contradictory_one_keeps_it(layout: str, condition: str) -> None:
    assert _read(layout.format(yes="[ ]", no="[ ]")) == []  # as an empty single box: "[ ] Pregnant"
    assert _read(layout.format(yes="[x]", no="[x]")) == [condition]  # the safe side


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("Recent surgery: Yes [x] No [ ]\nPregnant: Yes [ ] No [x]\nBlood thinners: Yes [ ] No [ ]", ["recentSurgery"]),
        ("Yes [x] No [ ] Recent surgery\nYes [ ] No [x] Currently pregnant", ["recentSurgery"]),
        ("Recent surgery   Yes [ ]  No [x]   Pregnant   Yes [x]  No [ ]", ["pregnancy"]),
        ("Yes [ ] No [x] Recent surgery Yes [x] No [ ] Pregnant", ["pregnancy"]),
        ("Condition | Yes | No\nPregnant | [ ] | [x]\nBlood thinners | [x] | [ ]", ["bloodThinners"]),
        ("Condition | Yes | No | Notes\nPregnant | [ ] | [x] |\nBlood thinners | [x] | [ ] | eliquis", ["bloodThinners"]),
    ],
)
def test_each_item_of_a_form_reads_its_own_pair(note: str, conditions: list[str]) -> None:
    assert _read(note) == conditions


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        # details written in beside a pair keep the caution, as beside a single box
        ("Yes [ ] No [x] Currently pregnant (20 wks)", ["pregnancy"]),
        # a term with no pair of its own on a pairs line reads as text, whose pair's "No" denies nothing
        ("Recent surgery Yes [ ] No [x] Pregnant", ["pregnancy"]),
        # wider boxes than a single box's
        ("Pregnant? [  ] Yes [ x ] No", []),
        ("Pregnant? [ x ] Yes [  ] No", ["pregnancy"]),
        # someone else's item stays hers
        ("Her sister: pregnant Yes [x] No [ ]", []),
        # a table row with no heading to name its columns is read as before (the safe side)
        ("Pregnant | [ ] | [x]", ["pregnancy"]),
    ],
)
def test_around_the_pairs(note: str, conditions: list[str]) -> None:
    assert _read(note) == conditions


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Allergies: latex Yes [x] No [ ]", ["latex"]),
        ("Allergies: latex Yes [ ] No [x]", []),
        ("Latex allergy Yes [ ] No [ ]", []),
        ("Allergies? Yes [x] No [ ] latex", ["latex"]),
    ],
)
def test_an_allergen_reads_its_pair_too(note: str, allergies: list[str]) -> None:
    assert _read(note, "allergies") == allergies


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("[x] Pregnant", ["pregnancy"]),
        ("[ ] Pregnant", []),
        ("Pregnant [x]", ["pregnancy"]),
        ("Pregnant: [ ]", []),
        ("☑ Pregnant ☐ Blood thinners", ["pregnancy"]),
        ("Pregnant ☑ Blood thinners ☐", ["pregnancy"]),
        ("Pregnant [x] Diabetes [ ] Recent surgery [x]", ["pregnancy", "recentSurgery"]),
        ("[x] Pregnant [ ] Diabetes [x] Recent surgery", ["pregnancy", "recentSurgery"]),
        # a box after "Pregnant" is hers in a boxes-after-terms line; the item with no box reads as text
        ("Pregnant [ ] Currently on blood thinners", ["bloodThinners"]),
        ("[ ] Recent surgery (knee, 3 wks ago)", ["recentSurgery"]),
        ("Pregnant: No", []),
        ("Pregnant Y", ["pregnancy"]),
    ],
)
def test_single_boxes_and_answers_read_as_before(note: str, conditions: list[str]) -> None:
    assert _read(note) == conditions
