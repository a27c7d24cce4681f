"""Stray names the offline reader took as allergens when walking back from an allergy word (s23).

"rejected, Aspirin allergy" read an allergy "rejected" beside aspirin; "Had c-section 3 yrs ago, fragrance allergy"
read "yrsAgo"; "punctual, sulfa allergy" read "punctual". An earlier item of the list before the allergy word ends the
walk back when the name read from it is a time or how often, a story's verb, a word about the guest, a health
condition, a booking's or a file's word, a past tense ending the item, or the end of a sentence. The walk back still reads an allergen the lexicon does not know in the
same places ("ragweed, mango allergy"), and anything plainly an allergen is always kept.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # a past tense or a story's verb
        ("rejected, Aspirin allergy", ["aspirin"]),
        ("Reject + bee sting allergy", ["beeStings"]),
        (":white_check_mark: Resolved, shellfish allergy", ["shellfish"]),
        ("Outgrown, coconut allergy", ["coconut"]),
        ("Stopped smoking, sulfa allergy", ["sulfa"]),
        ("Pregnant 14wks, Meds: stopped, fragrance allergy", ["fragrance"]),
        ("— the front desk has been alerted + fragrance allergy", ["fragrance"]),
        ("still tried again, codeine allergy", ["codeine"]),
        # a time, a date or how often
        ("Had c-section 3 yrs ago, fragrance allergy", ["fragrance"]),
        ("Booked 3 weeks ago, ragweed allergy", ["ragweed"]),
        ("Finished accutane 7 mths ago and sulfa allergy", ["sulfa"]),
        ("Hip replaced, last month + fragrance drug allergy", ["fragrance"]),
        ("massage 2x/week, latex allergy", ["latex"]),
        ("Wed 2 Dec, 2:30pm–4:00pm, aspirin allergy", ["aspirin"]),
        ("13th, codeine allergy", ["codeine"]),
        ("risk tomorrow + latex allergy", ["latex"]),
        # a word about the guest
        ("punctual, sulfa allergy", ["sulfa"]),
        ("Very punctual, arrives 15 min early, sulfa allergy", ["sulfa"]),
        ("med pressure, music low, penicillin allergy", ["penicillin"]),
        # a health condition, a role, a booking's or a file's word
        ("Asthma, latex allergy", ["latex"]),
        ("HIV and latex allergy", ["latex"]),
        ("Plantar fasciitis, sulfa allergy", ["sulfa"]),
        ("Nurse, latex allergy", ["latex"]),
        ("Wheelchair user, latex allergy", ["latex"]),
        ("First visit, latex allergy", ["latex"]),
        ("deep pressure, elbows ok; gift card regular and sulfa allergy", ["sulfa"]),
        ("held.db, aspirin allergy", ["aspirin"]),
        # a sentence's words cut the name off
        ("Pregnant 30 wks, outgrew her maternity leggings + morphine allergy", ["morphine"]),
        ("is over and aspirin allergy", ["aspirin"]),
        ("the same email, however typed, is the remembered match + shellfish allergy", ["shellfish"]),
    ],
)
def test_a_stray_item_before_an_allergy_is_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


UNKNOWN = [
    "ragweed",
    "mango",
    "tree pollen",
    "chlorhexidine",
    "adhesive tape",
    "poppy seed",
    "rubber",
    "mugwort",
    "tramadol",
    "shea butter",
    "scented",
    "dried fruit",
    "seaweed",
    "sulfites",
]
NAMES = {
    "tree pollen": "treePollen",
    "adhesive tape": "adhesiveTape",
    "poppy seed": "poppySeed",
    "shea butter": "sheaButter",
    "dried fruit": "driedFruit",
}


@pytest.mark.parametrize("allergen", UNKNOWN)
@pytest.mark.parametrize(
    "template",
    [
        "{x}, latex allergy",
        "{x}, mango allergy",
        "{x} and latex allergies",
        "Severe {x}, latex allergy",
        "Has {x} and latex allergies",
        "Client mentioned {x}, latex allergy",
        "punctual, {x}, latex allergy",
        "Allergies: {x}, latex",
        "allergic to {x}, latex",
    ],
)
def test_an_allergen_the_lexicon_does_not_know_is_still_read(template: str, allergen: str) -> None:
    assert NAMES.get(allergen, allergen) in allergies(template.format(x=allergen))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Omega 3 fish oil, latex allergy", ["fishOil", "latex"]),  # a number before a common allergen
        ("Known rubber and latex allergy", ["latex", "rubber"]),
        ("sulfites in wine, latex allergy", ["latex", "wine"]),  # "in" is no sentence's verb
        ("Scented, latex allergy", ["latex", "scented"]),  # a participle that is an allergen's kind
        ("Avoid arnica, latex allergy", ["arnica", "latex"]),
        ("regular aspirin, latex allergy", ["latex", "regularAspirin"]),  # a common allergen in the name: kept
        # a time, a guest's or a condition's word only ends a name: one may start with it
        ("June grass, latex allergy", ["juneGrass", "latex"]),
        ("Daily moisturizer, latex allergy", ["dailyMoisturizer", "latex"]),
        ("Low dose naltrexone, latex allergy", ["latex", "lowDoseNaltrexone"]),
        ("Runner beans, latex allergy", ["latex", "runnerBeans"]),
        ("Asthma, ragweed, latex allergy", ["latex", "ragweed"]),
    ],
)
def test_plain_allergens_near_stray_words_are_kept(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
