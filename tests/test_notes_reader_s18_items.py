"""The allergy heading's list after 66d7ef9 (4 Dec 2026): items it still misread.

- "but" after an item under an allergy heading begins a clause of its own, which no allergy word began: "Allergies:
  latex but tree nuts" and "Allergies: likes coconut oil but tree nuts" lost tree nuts. A clause that is "but" and
  nothing but allergens, after a heading's list, carries the list on.
- A known scent after a semicolon that carries an allergy heading's list on was read as a scent she likes:
  "Allergies: latex; eucalyptus", "Allergies: loves lavender; eucalyptus" (the liking covers its own piece only, as
  "loves lavender - eucalyptus" already read). Without a heading, "loves lavender; eucalyptus" stays two likings.
- An item that names no allergy of hers hid a known allergen after it: "Allergies: took benadryl before appt, nuts",
  "Allergies: see chart, latex".
- "Allergies: penicillin;⏎- sulfa": a bullet mark on the next line no longer ends the list a semicolon carries on.
- "Allergies: NKDA, latex" (no known drug allergies; the lexicon's allergens are no drugs) and "Allergies: NKDA but
  latex" (read as "NKDA but latex" is) lost latex.
- "Allergies: Yes⏎If yes, list: latex": a form's list line after its "Yes" is the heading's list.
- "pt clarified" (a source remark) and "- JM" (initials after a spaced hyphen at the list's end) name no allergen.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return {"allergies": sorted(profile.values("allergies")), "scent": sorted(profile.values("scent"))}


def allergies(note: str) -> list[str]:
    return read(note)["allergies"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex but tree nuts", ["latex", "nutOil"]),
        ("Allergies: latex, but tree nuts", ["latex", "nutOil"]),
        ("Allergies: likes coconut oil but tree nuts", ["nutOil"]),
        ("Allergies: latex but shellfish", ["latex", "shellfish"]),
        ("Allergies: latex but shellfish (severe)", ["latex", "shellfish"]),
        # unchanged: what follows "but" is not only allergens, or no heading's list comes before it
        ("Allergies: latex but nuts are fine", ["latex"]),
        ("Allergies: latex but only mild", ["latex"]),
        ("Allergies: none but latex", ["latex"]),
    ],
)
def test_an_allergen_after_but_under_a_heading_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex; eucalyptus", {"allergies": ["essentialOils", "latex"], "scent": []}),
        ("Allergies: loves lavender; eucalyptus", {"allergies": ["essentialOils"], "scent": ["lavender"]}),
        ("Allergies: shellfish; peppermint", {"allergies": ["essentialOils", "shellfish"], "scent": []}),
        # unchanged: no heading says allergy, so two likings; a liking after the semicolon is one too
        ("loves lavender; eucalyptus", {"allergies": [], "scent": ["eucalyptus", "lavender"]}),
        ("Allergies: latex; loves eucalyptus", {"allergies": ["latex"], "scent": ["eucalyptus"]}),
        ("Allergic to nuts; citrus oil ok", {"allergies": ["nutOil"], "scent": ["citrus"]}),
    ],
)
def test_a_scent_a_semicolon_carries_into_an_allergy_list_is_an_allergy(note: str, expected: dict) -> None:
    assert read(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: took benadryl before appt, nuts", ["nutOil"]),
        ("Allergies: see chart, latex", ["latex"]),
        ("Allergies: see chart, shellfish", ["shellfish"]),
        ("Allergies: per chart, latex, nuts", ["latex", "nutOil"]),
        ("Allergies: NKDA, latex", ["latex"]),
        ("Allergies: NKDA but latex", ["latex"]),
        # unchanged
        ("Allergies: took benadryl before appt", []),
        ("Allergies: see chart", []),
        ("Allergies: NKDA, penicillin", []),  # a drug after "no known drug allergies": left as it was
        ("Allergies: NKA, but latex", []),  # pinned in tests/test_notes_lost_allergies.py without a heading
        ("Allergies: none but almond oil", []),  # pinned in tests/test_ai_blind_probe.py
        ("Allergies - No: latex, shellfish", []),
    ],
)
def test_an_item_naming_no_allergy_hides_no_allergen_after_it(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: penicillin;\n- sulfa", ["penicillin", "sulfa"]),
        ("Allergies: penicillin;\n* sulfa;\n- codeine", ["codeine", "penicillin", "sulfa"]),
        ("Allergies: latex;\n- nuts", ["latex", "nutOil"]),
        # unchanged: a bullet that says something else ends the list
        ("Allergies: penicillin;\n- prefers firm pressure", ["penicillin"]),
        ("Allergies: penicillin;\n- Sarah", ["penicillin"]),
    ],
)
def test_a_bullet_after_a_semicolon_carries_the_list_on(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: pt clarified", []),
        ("Allergies: latex, pt clarified", ["latex"]),
        ("Allergies: penicillin, client confirmed", ["penicillin"]),
        ("Allergies: latex, shellfish - JM", ["latex", "shellfish"]),
        ("Allergies: latex - JM", ["latex"]),
        ("Allergies: penicillin, sulfa - jm", ["penicillin", "sulfa"]),
        # unchanged: an allergen after the dash, or a word of how bad, is no signature
        ("Allergies: latex - PCN", ["latex", "penicillin"]),
        ("Allergies: latex - Kiwi", ["kiwi", "latex"]),
        ("Allergies: updated - penicillin, sulfa", ["penicillin", "sulfa", "updated"]),
    ],
)
def test_a_remark_or_initials_name_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: Yes\nIf yes, list: latex", ["latex"]),
        ("Allergies: Yes\nIf yes, list: penicillin, sulfa", ["penicillin", "sulfa"]),
        ("Any allergies? Yes\nIf yes, please list: latex, shellfish", ["latex", "shellfish"]),
        ("Allergies: Yes\nIf so, please specify: codeine", ["codeine"]),
        # nothing listed, or a list that says none after her yes: no allergen, the yes one to ask about (session 27)
        ("Allergies: Yes\nIf yes, list:\nPregnant: no", ["unnamedAllergy"]),
        ("Allergies: Yes\nIf yes, list: none", ["unnamedAllergy"]),
    ],
)
def test_a_forms_yes_then_its_list_line_reads_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_husbands_aside_leaves_her_later_item_hers() -> None:
    # the item after someone else's allergy is hers unless the note says otherwise (kept on the safe side)
    assert allergies("Husband allergic to nuts; iodine - severe") == ["iodine"]
