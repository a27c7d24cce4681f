"""The plain allergy heading after d522932, mended (3 Dec 2026, from an adversarial review of it).

d522932 read each item of "Allergies: <items>" on its own and skipped items that name no allergy of hers. Some of its
rules reached too far and lost allergies read before it: a liking hid an allergen after " - ", ";" or "but"; "took X"
(a reaction's history) was read as a medication taken; "… benadryl helps" dropped the allergen before the remedy; a
person's aside dropped an allergy with anaphylaxis, a minor's allergy or one she has too; an aside after "latex and
nuts" dropped nuts only. And some it read were none: "not latex, nuts, or shellfish", "Allergies - No: latex,
shellfish", a husband's "he is also allergic to nuts", "per pt". When in doubt the allergy is kept.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return {"allergies": sorted(profile.values("allergies")), "scent": sorted(profile.values("scent"))}


def allergies(note: str) -> list[str]:
    return read(note)["allergies"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 1. a liking covers its own piece only: " - ", ";" and "but" end it as a comma does
        ("Allergies: prefers unscented - latex", ["latex"]),
        ("Allergies: likes arnica - latex", ["latex"]),
        ("Allergies: prefers unscented - latex - nuts", ["latex"]),
        ("Allergies: Yes, prefers unscented - latex", ["latex"]),
        # unchanged: the liked scent alone is no allergy
        ("Allergies: loves lavender", []),
        ("Allergies: loves lavender, shellfish", ["shellfish"]),
    ],
)
def test_a_liking_hides_no_allergen_after_it(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_an_allergen_after_a_liking_is_no_liked_scent() -> None:
    assert read("Allergies: loves lavender - eucalyptus") == {"allergies": ["essentialOils"], "scent": ["lavender"]}


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 2. "took X" is what she reacted to; only "takes"/"taking" is a medication she takes
        ("Allergies: took penicillin once - hives", ["penicillin"]),
        ("Allergies: took penicillin - hives", ["penicillin"]),
        ("Allergies: took Keflex - rash", ["keflex"]),
        ("Allergies: took amoxicillin, rash", ["amoxicillin"]),
        ("Allergies: took sulfa and broke out in hives", ["sulfa"]),
        ("Allergies: Yes, took penicillin - hives", ["penicillin"]),
        # unchanged: a medication she takes, or took before the visit, is no allergy
        ("Allergies: takes Zyrtec", []),
        ("Allergies: taking Zyrtec, shellfish", ["shellfish"]),
        ("Allergies: took benadryl before appt", []),
    ],
)
def test_took_names_what_she_reacted_to(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_took_then_a_reaction_joined_by_and_names_the_drug() -> None:
    assert "codeine" in allergies("Allergies: took codeine & vomited")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 3. a remedy at an item's end drops only the remedy
        ("Allergies: penicillin (rash) benadryl helps", ["penicillin"]),
        ("Allergies: bee stings epipen helps", ["beeStings"]),
        # unchanged: a remedy alone is no allergy
        ("Allergies: Benadryl helps", []),
        ("Allergies: latex, Benadryl helps", ["latex"]),
    ],
)
def test_a_remedy_drops_only_itself(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 4. someone else's aside does not drop an allergy that says how bad it is, a minor's, or one she has too
        ("Allergies: latex (mom) - anaphylaxis", ["latex"]),
        ("Allergies: latex (mom) EPI PEN", ["latex"]),
        ("Allergies: latex (mom) - hives", ["latex"]),
        ("Allergies: nuts (husband) severe", ["nutOil"]),
        ("Minor, 15. Allergies: nuts (mom)", ["nutOil"]),
        ("Teen facial, booked by mom. Allergies: benzoyl peroxide (mom), latex (mom)", ["benzoylPeroxide", "latex"]),
        ("Allergies: latex (husband) but she is too", ["latex"]),
        # unchanged: a plain aside is someone else's allergy
        ("Allergies: latex (husband)", []),
        ("Allergies: sulfa (mom)", []),
        ("Allergies: latex (husband), shellfish", ["shellfish"]),
    ],
)
def test_someone_elses_aside_keeps_what_is_plainly_hers(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        # 5. an aside after names joined by "and", "&" or "/" is not plainly about each: all are kept
        "Allergies: latex and nuts (husband)",
        "Allergies: latex & nuts (husband)",
        "Allergies: latex/nuts (husband)",
    ],
)
def test_an_aside_after_joined_names_keeps_them_all(note: str) -> None:
    assert allergies(note) == ["latex", "nutOil"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 6. "not" before a series that ends with "or" denies all of it, as "not latex or shellfish" does
        ("Allergies: not latex, nuts, or shellfish", []),
        ("Allergies: not latex, nuts or shellfish", []),
        ("Allergies: not latex, shellfish, or nuts", []),
        ("Allergies: not kiwi, sulfa, or codeine", []),
        ("Allergies: kiwi, not latex, shellfish or nuts", ["kiwi"]),
        # kept as d522932 reads them: a pair, and a series without "or" (when in doubt, the allergy is kept)
        ("Allergies: not latex, shellfish", ["shellfish"]),
        ("Allergies: not latex, nuts, shellfish", ["nutOil", "shellfish"]),
    ],
)
def test_not_before_a_series_ending_in_or_denies_it_all(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 7. "No:" answers the heading: read as before d522932 (nothing), not as a "no" in front of latex only
        ("Allergies - No: latex, shellfish", []),
        ("Allergies: No: latex, shellfish", []),
        ("Allergies - no: latex, shellfish", []),
        # unchanged: its "Yes:" twin
        ("Allergies: Yes: latex, shellfish", ["latex", "shellfish"]),
        ("Allergies - Yes: latex, shellfish", ["latex", "shellfish"]),
    ],
)
def test_a_no_answering_the_heading(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 8. after a husband's aside, "he" or "his" keeps the next item his
        ("Allergies: latex (husband), he is also allergic to nuts", []),
        ("Allergies: latex (husband), his nuts too", []),
        ("Allergies: latex (husband), nuts also his", []),
        ("Allergies: latex (husband), his nuts too, shellfish", ["shellfish"]),
    ],
)
def test_his_after_a_husbands_aside_stays_his(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # 9. where it comes from ("per pt") is no allergen's name, nor part of one
        ("Allergies: not latex, shellfish - per pt", ["shellfish"]),
        ("Allergies: not latex, sulfa, codeine per pt", ["codeine", "sulfa"]),
        ("Allergies: sulfa, codeine per pt", ["codeine", "sulfa"]),
    ],
)
def test_a_source_remark_is_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
