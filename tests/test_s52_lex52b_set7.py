"""Held-out set 7's misses mended as classes (lex52b), adding cautions only: an allergen then "ANAPHYLAXIS" and more
words, a couples' "Her: latex" line and a family booking's "this profile: Dad", French / Portuguese / Tagalog safety
words with their negations, a pipe export's header row, a correction naming the allergen. Each positive row read
nothing (or not that value) before; each trap guards a false caution (a false pregnancy rules out a booking)."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 11, 24)


def _read(note: str, field: str) -> set[str]:
    return set(extract_profile_offline(note, today=DAY).values(field))


def _evidence(note: str, field: str, value: str) -> str:
    profile = extract_profile_offline(note, today=DAY)
    return next(item.evidence for item in getattr(profile, field) if item.value == value)


# (note, field, value): each was read as nothing before lex52b
POSITIVE = [
    # 1. an allergen right before "anaphylaxis", then more words (the line was a flag only when it held nothing else)
    ("🚨🚨 SHELLFISH ANAPHYLAXIS 🚨🚨 epipen in purse 💉 loves chatting about her kids 😂", "allergies", "shellfish"),
    ("Shellfish anaphylaxis, epipen in purse", "allergies", "shellfish"),
    ("Latex anaphylaxis last visit. Prefers a warm room", "allergies", "latex"),
    # 2. couples' and family bookings
    ("Her: latex. Him: none. (This profile = her, Ana R.; he has his own profile)", "allergies", "latex"),
    ("Guest: latex, nuts", "allergies", "nutOil"),
    ("Family booking — this profile: Dad (Rick). 2 kids getting mani/pedi; Dad on blood thinners (Eliquis).",
     "contraindications", "bloodThinners"),
    # 3. French, Portuguese, Tagalog
    ("Allergique aux noix (réaction grave).", "allergies", "nutOil"),
    ("Allergie à la pénicilline.", "allergies", "penicillin"),
    ("Allergique à l'iode", "allergies", "iodine"),
    ("Allergique aux fruits de mer", "allergies", "shellfish"),
    ("Enceinte de 7 mois. Pas d'allergies connues.", "contraindications", "pregnancy"),
    ("Guest from Montréal. Ostéoporose — pression légère svp.", "contraindications", "osteoporosis"),
    ("Hypertendue, sous traitement", "contraindications", "hypertension"),
    ("Diabétique type 2", "contraindications", "diabetes"),
    ("Cliente brasileira, grávida de 6 meses. Sem alergias.", "contraindications", "pregnancy"),
    ("Alérgica a frutos do mar e a iodo. Hipertensa (toma losartana).", "allergies", "iodine"),
    ("Alérgica a frutos do mar e a iodo. Hipertensa (toma losartana).", "allergies", "shellfish"),
    ("Alérgica a frutos do mar e a iodo. Hipertensa (toma losartana).", "contraindications", "hypertension"),
    ("Alérgico a camarão", "allergies", "shellfish"),
    ("Alérgica ao amendoim", "allergies", "nutOil"),
    ('Guest said: "May allergy po ako sa hipon" (shrimp).', "allergies", "shellfish"),
    ("Allergic din sa latex gloves so nitrile lang.", "allergies", "latex"),
    ("Allergy sa mani", "allergies", "nutOil"),
    # 4. a pipe export with a header row
    ("Name|DOB|Allergies|Medical\nC. Dubois|1981-04-02|Penicillin; sulfa|High blood pressure (on meds)",
     "allergies", "penicillin"),
    ("Name | Allergies | Medical\nA. B | latex | on warfarin", "allergies", "latex"),
    # 5. a correction naming the allergen
    ("12/03: allergic to coconut oil — 02/04 correction: it's the almond oil, coconut is fine", "allergies", "nutOil"),
]


@pytest.mark.parametrize(("note", "field", "value"), POSITIVE)
def test_set7_classes_are_read(note: str, field: str, value: str) -> None:
    """Guards each class of set 7's misses: the value is read (it was not before lex52b)."""
    assert value in _read(note, field)


# (note, field, value): none of these may be read (each is someone else's, denied, or no allergen)
TRAPS = [
    ("Husband: shellfish anaphylaxis, epipen", "allergies", "shellfish"),
    ("Her: latex. Him: nuts. (This profile = him)", "allergies", "latex"),
    ("Him: latex. Her: none.", "allergies", "latex"),
    ("Her: almond oil", "allergies", "nutOil"),
    ("this profile: Mom. Dad on warfarin.", "contraindications", "bloodThinners"),
    ("Pas enceinte.", "contraindications", "pregnancy"),
    ("Elle n'est pas enceinte.", "contraindications", "pregnancy"),
    ("Pas de grossesse.", "contraindications", "pregnancy"),
    ("Pas diabétique.", "contraindications", "diabetes"),
    ("Não é hipertensa.", "contraindications", "hypertension"),
    ("Pas allergique aux noix.", "allergies", "nutOil"),
    ("Sa fille est allergique au latex. Elle-même : aucune allergie.", "allergies", "latex"),
    ("Allergique à la noix de coco.", "allergies", "nutOil"),
    ("Não está grávida.", "contraindications", "pregnancy"),
    ("Sem gravidez.", "contraindications", "pregnancy"),
    ("Hindi siya buntis.", "contraindications", "pregnancy"),
    ("Wala pong allergy sa mani.", "allergies", "nutOil"),
    ("Hindi siya allergic sa latex.", "allergies", "latex"),
    ("Yung mister niya ang may allergy sa mani, hindi siya. Guest: wala pong allergy.", "allergies", "nutOil"),
    ("Yung anak niya ang may allergy sa hipon.", "allergies", "shellfish"),
    ("Condition | Yes | No | Details\nPregnant | [ ] | [x] | postpartum 6 wks", "contraindications", "pregnancy"),
    ("Name|DOB|Allergies|Medical\nA. B|1990-01-01|none|none", "allergies", "none"),
    ("Correction: it's the almond oil she likes", "allergies", "nutOil"),
    ("Speaks Hindi. No allergies", "allergies", "latex"),
]


@pytest.mark.parametrize(("note", "field", "value"), TRAPS)
def test_set7_traps_stay_unread(note: str, field: str, value: str) -> None:
    """Guards the negations and other people's words of the new rules: no false caution."""
    assert value not in _read(note, field)


def test_new_readings_keep_the_notes_own_words() -> None:
    """Guards the evidence of the re-read family line and the table cell: the note's words, not the reader's rewrite."""
    family = "Family booking — this profile: Dad (Rick). Dad on blood thinners (Eliquis)."
    assert _evidence(family, "contraindications", "bloodThinners") == "Dad on blood thinners (Eliquis)"
    table = "Name|DOB|Allergies|Medical\nC. Dubois|1981-04-02|Penicillin; sulfa|none"
    assert _evidence(table, "allergies", "penicillin") == "Penicillin; sulfa"


def test_a_hindi_speaker_is_no_denial() -> None:
    """Guards the Tagalog "hindi siya" (not her) negation against the language's name: her pregnancy stays."""
    assert "pregnancy" in _read("Speaks Hindi, pregnant 20 wks", "contraindications")


@pytest.mark.parametrize(
    ("note", "field", "value"),
    [
        # a "no" before an allergen and its anaphylaxis keeps it away for that reason: a grave allergy (rev49c)
        ("No shellfish anaphylaxis", "allergies", "shellfish"),
        ("NO PEANUTS ANAPHYLAXIS epipen in bag", "allergies", "nutOil"),
        # a foreign denial before a word read before lex52b: read as before (add only; a trap that may stay)
        ("Pas d'hypertension.", "contraindications", "hypertension"),
        ("Não tem osteoporose.", "contraindications", "osteoporosis"),
    ],
)
def test_what_was_read_before_stays_read(note: str, field: str, value: str) -> None:
    """Guards add-only: the new anaphylaxis rule and the foreign denials take back no caution read before lex52b."""
    assert value in _read(note, field)


def test_a_french_booking_note_is_briefed_as_read() -> None:
    """Guards the brief of probe42c's French note, unread before lex52b: its latex and pregnancy are cautions now, and
    the therapist is still told the notes are read only in part (no "No health details" line)."""
    from tests.builders import dm_lines, service

    shown = dm_lines("Allergique au latex (gants nitrile). Enceinte de 5 mois.", service("sv_swedish", name="Swedish"),
                     day=DAY)
    assert "latex allergy" in shown and "pregnancy" in shown
    assert "No health details" not in shown
