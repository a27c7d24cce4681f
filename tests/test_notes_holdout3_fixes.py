"""The notes reader on the misses of held-out set 3: a misspelled "sensitive", an unticked box a few words before its
term, conditions a note places in the past or denies, and a few preferences ("Room: cool", "shoudlers"). Each fix's
nearby forms that must keep their caution are pinned beside it."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 3, 10)


def _read(note: str, field: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values(field))


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("LATEX ALLERGY - NITRILE GLOVES ONLY!!! also sensitve to fragrance, use unscented lotion.", ["fragrance", "latex"]),
        ("Sensitve to lanolin - breaks out in a rash. Check the foot cream (ours has lanolin!).", ["lanolin"]),
        ("sensative to latex", ["latex"]),
        ("senstive to nuts", ["nutOil"]),
        ("sensetive to fragrance", ["fragrance"]),
        ("Fragrance sensitve", ["fragrance"]),
        ("No fragrance - sensitve", ["fragrance"]),
    ],
)
def test_a_misspelled_sensitive_is_an_allergy_cue(note: str, allergies: list[str]) -> None:
    assert _read(note, "allergies") == allergies


@pytest.mark.parametrize(
    "note",
    [
        "sensitve skin",
        "Sensative skin, likes it light",
        "sensitive skin",
        "not sensitve to fragrance",
        "Not sensitive to fragrance",
        "her daughter is sensitve to latex",
    ],
)
def test_a_misspelled_sensitive_is_no_allergy_where_the_right_spelling_is_none(note: str) -> None:
    assert _read(note, "allergies") == []


HEALTH_FORM = (
    "Health History Form (client completed)\n[x] High blood pressure\n[ ] Diabetes\n[ ] Heart condition\n"
    "[x] Varicose veins\n[ ] Pregnant\n[ ] Recent surgery (last 6 months)\nAllergies: none\n"
    "Areas to avoid: feet (ticklish!)\nPressure: Medium"
)


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        (HEALTH_FORM, ["hypertension", "varicoseVeins"]),
        ("[ ] Recent surgery (last 6 months)", []),
        ("[ ] Recent surgery (last 6 months).", []),
        ("[ ] Recent surgery", []),
        ("☐ Recent surgery", []),
        ("[ ] Currently pregnant", []),
        ("[ ] Taking blood thinners", []),
        ("[ ] History of blood clots", []),
        ("Health history: [ ] Recent surgery", []),
        ("[x] Pregnant [ ] Recent surgery", ["pregnancy"]),
        ("[ ] Currently pregnant [x] Diabetes", ["diabetes"]),
        ("[ ] Recent surgery? (last 6 mo)", []),
        # ticked, the same boxes keep their caution
        ("[x] Recent surgery (last 6 months)", ["recentSurgery"]),
        (HEALTH_FORM.replace("[ ] Recent surgery", "[x] Recent surgery"), ["hypertension", "recentSurgery", "varicoseVeins"]),
        ("☑ Recent surgery", ["recentSurgery"]),
        ("[x] Currently pregnant", ["pregnancy"]),
        ("[x] Taking blood thinners", ["bloodThinners"]),
        ("[ ] Pregnant [x] Recent surgery", ["recentSurgery"]),
        ("Notes [x] recent knee surgery", ["recentSurgery"]),
        # a box that answers the term before it, words that deny or name another term: the words are read as before
        ("Diabetes [ ] Recent surgery", ["recentSurgery"]),
        ("Diabetes [x] Recent surgery", ["diabetes", "recentSurgery"]),
        ("Likes it warm [ ] Recent surgery", ["recentSurgery"]),
        ("[x] No recent surgery", []),
        ("[ ] Recent Botox/filler", ["recentInjectables"]),
        ("[ ] Recent surgery - knee replaced 2 wks ago", ["recentSurgery"]),
        ("[ ] None. Recent surgery on her knee", ["recentSurgery"]),
        ("Pregnant [ ] Recent surgery [x]", ["recentSurgery"]),
        ("Diabetes [x] Currently pregnant [ ]", ["diabetes"]),
        ("[ ] Waiver signed pregnant 20wks", ["pregnancy"]),
    ],
)
def test_a_box_a_few_words_before_its_term_answers_it(note: str, conditions: list[str]) -> None:
    assert _read(note, "contraindications") == conditions


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("[ ] Allergic to latex", []),
        ("Allergies:\n[ ] Allergic to latex\n[x] Allergic to nuts", ["nutOil"]),
        ("[x] Allergic to latex", ["latex"]),
        ("[ ] Allergic to latex - hives", ["latex"]),  # free text after the item: read as the words say
    ],
)
def test_a_box_a_few_words_before_an_allergen_answers_it(note: str, allergies: list[str]) -> None:
    assert _read(note, "allergies") == allergies


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("Had eczema as a kid, outgrew it. Super dry skin tho.", []),
        ("Seizures as a child, grew out of them", []),
        ("Pregnant 30 wks, outgrew her maternity leggings", ["pregnancy"]),
        ("Had eczema as a kid, never outgrew it", ["eczema"]),
        ("Eczema since childhood, hasn't outgrown it", ["eczema"]),
        ("Eczema - not yet outgrown", ["eczema"]),
        ("Had eczema as a kid", ["eczema"]),
        ("Eczema on hands. Son outgrew his", ["eczema"]),
    ],
)
def test_a_condition_outgrown_is_history(note: str, conditions: list[str]) -> None:
    assert _read(note, "contraindications") == conditions


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("Bad sunburn last summer in Hawaii, peeled for weeks lol. Skin fine now.", []),
        ("Bad sunburn last summer", []),
        ("Sunburn last summer and again this weekend", ["sunburn"]),
        ("Sunburn last summer, still peeling", ["sunburn"]),
        ("Sunburned last week", ["sunburn"]),
        ("Sunburn from the weekend", ["sunburn"]),
    ],
)
def test_a_sunburn_of_a_season_gone_by_is_healed(note: str, conditions: list[str]) -> None:
    assert _read(note, "contraindications") == conditions


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("Lip filler last done ~8 months ago, nothing since. Interested in our LED facial.", []),
        ("Filler 6 months ago", []),
        ("Filler 8 months ago and Botox 2 wks ago", ["recentInjectables"]),
        ("Filler 8 months ago, Botox 2 wks ago", ["recentInjectables"]),
        ("Botox 8 months ago, again last week", ["recentInjectables"]),
        ("Botox 8 months ago. Filler yesterday", ["recentInjectables"]),
        ("Botox every 3 months, last one 8 months ago", ["recentInjectables"]),
        ("Botox last week", ["recentInjectables"]),
    ],
)
def test_an_injectable_six_months_back_is_not_recent(note: str, conditions: list[str]) -> None:
    assert _read(note, "contraindications") == conditions


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("Booked prenatal by mistake - she is NOT pregnant lol, switched to 60 SW. Medium presure.", []),
        ("Booked prenatal by mistake", ["pregnancy"]),
        ("Booked prenatal, 24 wks", ["pregnancy"]),
        ("Prenatal massage, not pregnant with twins, just one", ["pregnancy"]),
        ("Prenatal, not pregnant-safe oils", ["pregnancy"]),
    ],
)
def test_a_prenatal_booking_the_note_says_is_a_mistake_is_no_pregnancy(note: str, conditions: list[str]) -> None:
    assert _read(note, "contraindications") == conditions


@pytest.mark.parametrize(
    ("note", "field", "expected"),
    [
        ("Likes table warm.", "temperature", ["warm"]),
        ("Table: warm", "temperature", ["warm"]),
        ("Room: warm", "temperature", ["warm"]),
        ("Pressure: firm\nRoom: cool", "temperature", ["cool"]),
        ("Table warmer off", "temperature", ["cool"]),
        ("Table warmer on", "temperature", ["warm"]),
        ("No table warm", "temperature", []),
        ("Room: 4", "temperature", []),
        ("Postnatal massage, focus neck/shoudlers from nursing.", "focus_areas", ["neck", "shoulders"]),
        ("Avoid shoudlers", "avoid_areas", ["shoulders"]),
        ("She came in and talked the whole time about her kitchen reno lol.", "communication_style", ["chatty"]),
        ("She chatted the whole session", "communication_style", ["chatty"]),
    ],
)
def test_preferences_of_held_out_set_3(note: str, field: str, expected: list[str]) -> None:
    assert _read(note, field) == expected
