"""s51 (lex51b): misreadings of the offline note reader found by the blind held-out set 5, mended as classes.

- An intake form's export of questions and answers ("Q: Do you have any allergies? A: penicillin, sulfa drugs",
  "Question 4: Any allergies? Answer: bee stings", an answer on the next line) reads as the bare question and its
  answer do; "A: No", "A: None", "A: N/A" stay nothing, and a question about pressure reads its level.
- Allergens written otherwise: "PCN" is penicillin, "BEES" bee stings (as "bee stings" is named), "latx", "a low
  vera" (dictated), "alo vera", "peenuts"; "aloe - breaks out" names no allergen "breaksOut" (and the list goes on).
- "Latex-free gloves used (standard)": the spa's practice for everyone, no latex allergy of hers.
- A relative's allergy or condition in Spanish ("Su mamá es alérgica al látex") is the relative's; not a service's
  name ("Paquete Novia Radiante"), nor who comes with her ("Con su esposo, Alergia severa al látex").
- "pregnancy test neg" (and "neg pregnancy test") is no pregnancy; "pregnancy test positive" still is.
- Dated entries: a birth in a later dated entry ends a pregnancy in an earlier one (not another's, not an earlier
  child's, not entries written newest first).
- "Botox last Feb" on 24 November is no recent injectable; "Botox in Aug" still is.
- "Dislikes: lavender (headache), peppermint": both disliked (the lavender was lost, the peppermint liked); "she hates
  lavender" after an allergy is avoided; "skip back today, do legs
  + feet": the legs and feet are the focus, not kept off.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 8)


def read(notes: str, field: str = "allergies", today: date = TODAY) -> list[str]:
    """The values the offline reader gives ``field`` for ``notes``, sorted."""
    return sorted(extract_profile_offline(notes, today=today).values(field))


@pytest.mark.parametrize(
    ("notes", "allergies"),
    [
        ("Q: Do you have any allergies? A: penicillin, sulfa drugs", ["penicillin", "sulfaDrugs"]),
        ("Q: Allergies? A: Bee stings", ["beeStings"]),
        ("Q: Allergies? A: codeine\nQ: Music preference? A: Jazz", ["codeine"]),
        ("Q: Do you have any allergies?\nA: penicillin, codeine", ["codeine", "penicillin"]),
        ("Question 4: Any allergies? Answer: bee stings", ["beeStings"]),
        ("Q: Any allergies? A: Yes, codeine", ["codeine"]),
    ],
)
def test_an_intake_exports_answer_names_the_allergy(notes, allergies):
    """Guards the Q/A layout: the unknown allergens after "A:" were lost (only the lexicon's were read)."""
    assert read(notes) == allergies


@pytest.mark.parametrize(
    "notes",
    [
        "Q: Any allergies? A: No",
        "Q: Allergies? A: None",
        "Q: Allergies? A: N/A",
        "Q: Any allergies? A: no known allergies",
        "Q: Allergies? A: husband is allergic to penicillin",
        "Q: Are you pregnant? A: No\nQ: Medical conditions? A: none",
    ],
)
def test_an_intake_export_answered_no_names_no_allergy(notes):
    """Guards the other side: an answer that denies, or names another's allergy, stays no caution of hers, while the
    pressure question after it is read (it read no pressure)."""
    notes += "\nQ: Preferred pressure? A: Light"
    assert (read(notes), read(notes, "contraindications"), read(notes, "pressure")) == ([], [], ["light"])


def test_an_intake_exports_pressure_is_read():
    """Guards "Q: Preferred pressure? A: Light" (read no pressure) and that the evidence is the note's own words."""
    notes = "Q: Preferred pressure? A: Light\nQ: Do you have any allergies? A: penicillin"
    profile = extract_profile_offline(notes, today=TODAY)
    assert profile.values("pressure") == ["light"]
    assert [item.evidence for item in profile.allergies] == ["Do you have any allergies? A: penicillin"]


@pytest.mark.parametrize(
    ("notes", "allergies"),
    [
        ("ALLERGIES: PCN (rash), codeine (hives)", ["codeine", "penicillin"]),
        ("Allergies: latex, PCN", ["latex", "penicillin"]),
        ("Allergies: PCN; penicillin", ["penicillin"]),
        ("ALLERGIC: BEES (anaphylaxis, EpiPen in purse)", ["beeStings"]),
        ("Allergies: bees, wasps", ["beeStings", "wasps"]),
        ("Client is allergic to a low vera, gets a rash. Also alergic to peenuts.", ["aloe", "nutOil"]),
        ("Alo vera allergy", ["aloe"]),
        ("Allergies: latx", ["latex"]),
        ("penut allergy", ["nutOil"]),
        ("Allergies: aloe - breaks out", ["aloe"]),
        ("Allergies: aloe - breaks out, penicillin", ["aloe", "penicillin"]),
    ],
)
def test_an_allergen_written_otherwise_is_named_as_usual(notes, allergies):
    """Guards the vocabulary: "pcn", "bees", "lowVera", "peenuts", "latx" and "breaksOut" were kept as names of their
    own (or nothing), so the briefing said "pcn allergy", "breaks out allergy"."""
    assert read(notes) == allergies


@pytest.mark.parametrize(
    "notes",
    [
        "Latex-free gloves used (standard). Likes warm table.",
        "Latex-free gloves as standard. Likes warm table.",
        "Standard latex-free gloves. Likes warm table.",
        "Nut-free oils per spa policy. Likes warm table.",
        "Latex-free gloves for all clients. Likes warm table.",
    ],
)
def test_a_product_free_for_everyone_is_no_allergy(notes):
    """Guards the spa's own practice: it read a latex (nut) allergy the guest does not have."""
    assert (read(notes), read(notes, "temperature")) == ([], ["warm"])


@pytest.mark.parametrize(
    "notes",
    ["Latex-free gloves used.", "Always use latex-free gloves", "Latex-free gloves (standard for her)"],
)
def test_a_product_free_for_her_stays_an_allergy(notes):
    """Guards the other side, beside the rule's own case: a "-free" product said for her alone stays her allergy."""
    assert (read(notes), read("Latex-free gloves used (standard).")) == (["latex"], [])


@pytest.mark.parametrize(
    ("notes", "field"),
    [
        ("Client dice que no tiene alergias. Su mamá es alérgica al látex. Likes it warm.", "allergies"),
        ("Su madre es alérgica a las nueces. Likes it warm.", "allergies"),
        ("Su esposo es alérgico a los mariscos. Likes it warm.", "allergies"),
        ("Su esposo tiene diabetes. Likes it warm.", "contraindications"),
        ("Su hermana está embarazada. Likes it warm.", "contraindications"),
    ],
)
def test_a_relatives_allergy_in_spanish_is_not_hers(notes, field):
    """Guards a relative named in Spanish: "Su mamá es alérgica al látex" read a latex allergy of the guest's."""
    assert (read(notes, field), read(notes, "temperature")) == ([], ["warm"])


@pytest.mark.parametrize(
    ("notes", "allergies"),
    [
        ("Ella y su hermana son alérgicas al látex.", ["latex"]),
        ("Son alérgicas al látex", ["latex"]),
    ],
)
def test_a_spanish_allergy_shared_with_her_stays_hers(notes, allergies):
    """Guards "son" ("they are"), read as her son: "Ella y su hermana son alérgicas al látex" read nothing."""
    assert read(notes) == allergies


@pytest.mark.parametrize(
    "notes",
    [
        "pregnancy test neg, not pregnant - was TTC, stopped trying. Deep tissue.",
        "pregnancy test negative. Deep tissue.",
        "neg pregnancy test. Deep tissue.",
        "Took a pregnancy test, neg. Deep tissue.",
        "2/4/26 - 8 wks pregnant.\n6/12/26 - 26 wks, prenatal massage.\n10/30/26 - baby born 9/20! Deep tissue.",
        "3/10 - pregnant 20 wks\n11/20 - had the baby 11/2! Deep tissue.",
    ],
)
def test_a_pregnancy_ended_or_tested_negative_is_none(notes):
    """Guards false pregnancies (each rules a booking out): a negative test, a birth in a later dated entry."""
    assert (read(notes, "contraindications"), read(notes, "pressure")) == ([], ["deep"])


@pytest.mark.parametrize(
    "notes",
    [
        "Pregnancy test positive, Rh negative. Deep tissue.",
        "pregnancy test pending. Deep tissue.",
        "11/20 - pregnant again, 8 wks\n3/1 - baby born. Deep tissue.",
        "3/10 - pregnant 20 wks\n11/20 - her dog gave birth to puppies. Deep tissue.",
        "3/10 - pregnant 20 wks\n11/20 - gave birth to her first 2 yrs ago. Deep tissue.",
        "3/10 - pregnant 20 wks\n11/20 - SIL gave birth. Deep tissue.",
        "8 wks pregnant.\n10/30/26 - baby born 9/20! Deep tissue.",
        "2/4/26 - 8 wks pregnant.\n10/30/26 - booked postnatal massage. Deep tissue.",
    ],
)
def test_a_pregnancy_not_ended_stays(notes):
    """Guards the other side, beside the rule's own case (a birth in a later dated entry): a positive test, a birth
    not hers, an earlier child's, an older entry, an undated pregnancy, a service's name keep the pregnancy."""
    ended = "3/10 - pregnant 20 wks\n11/20 - had the baby 11/2!"
    assert (read(notes, "contraindications"), read(ended, "contraindications")) == (["pregnancy"], [])


@pytest.mark.parametrize(
    ("notes", "today"),
    [
        ("Botox last Feb, nothing since. Loves a long scalp massage.", date(2026, 11, 24)),
        ("Botox in February. Loves a long scalp massage.", date(2026, 11, 24)),
        ("Botox Feb 2026. Loves a long scalp massage.", date(2026, 11, 24)),
        ("Botox last Nov. Loves a long scalp massage.", date(2026, 11, 24)),
        ("Botox in Aug. Loves a long scalp massage.", date(2026, 3, 10)),
    ],
)
def test_an_injectable_dated_months_back_by_name_is_not_recent(notes, today):
    """Guards a month named for an injectable six or more months back: it read recentInjectables."""
    assert read(notes, "contraindications", today) == []


@pytest.mark.parametrize(
    ("notes", "today"),
    [
        ("Botox in Aug", date(2026, 11, 24)),
        ("Botox in Nov", date(2026, 11, 24)),
        ("Filler in lips last June", date(2026, 11, 24)),
        ("Botox last Feb, again last week", date(2026, 11, 24)),
    ],
)
def test_an_injectable_dated_lately_by_name_stays_recent(notes, today):
    """Guards the other side, beside the rule's own case ("Botox last Feb" on 24 November): a month within five
    months, or a later top-up, keeps the injectable recent."""
    old = read("Botox last Feb", "contraindications", date(2026, 11, 24))
    assert (read(notes, "contraindications", today), old) == (["recentInjectables"], [])


def test_a_disliked_scents_list_runs_past_a_remark():
    """Guards "Dislikes: lavender (headache), peppermint": the peppermint was read as a liked scent, and the lavender
    (its remark an allergy's words, no allergy given) was lost."""
    notes = "Likes: citrus, rosemary. Dislikes: lavender (headache), peppermint. NKA."
    assert (read(notes, "scent"), read(notes, "avoid_scents")) == (["citrus", "rosemary"], ["lavender", "peppermint"])


@pytest.mark.parametrize(
    ("notes", "avoid"),
    [
        ("Allergic to penicillin, and she hates lavender", ["lavender"]),
        ("Dislikes: lavender (headache)", ["lavender"]),
    ],
)
def test_a_disliked_scent_in_an_allergys_words_is_avoided(notes, avoid):
    """Guards a dislike in a clause read for allergies: the scent was neither an allergy nor avoided; a denial there
    ("No throat swelling with lavender") avoids nothing."""
    assert (read(notes, "avoid_scents"), read("No throat swelling with lavender", "avoid_scents")) == (avoid, [])


@pytest.mark.parametrize(
    ("notes", "focus", "avoid"),
    [
        ("skip back + shoulders today, do legs + feet", ["feet", "legs"], ["back", "shoulders"]),
        ("do legs + feet", ["feet", "legs"], []),
    ],
)
def test_do_before_areas_is_their_focus(notes, focus, avoid):
    """Guards "do legs + feet" after a skip: the legs and feet were kept off."""
    assert (read(notes, "focus_areas"), read(notes, "avoid_areas")) == (focus, avoid)


def test_do_after_a_word_is_no_focus():
    """Guards the other side, beside the rule's own case: "ok to do back massage" allows the back, no focus."""
    allowed = read("Forehead botox 11/28, ok to do back massage", "focus_areas")
    assert (allowed, read("skip back today, do legs", "focus_areas")) == ([], ["legs"])
