"""Held-out set 7's misses mended as classes (lex52b), adding cautions only: an allergen then "ANAPHYLAXIS" and more
words, a couples' "Her: latex" line, French / Portuguese / Tagalog safety words with their negations, a one-record pipe
export's header row, a correction naming the allergen. Each positive row read nothing (or not that value) before; each
trap guards a false caution (a false pregnancy or blood thinner rules out a booking). Review rev52d withdrew the family
booking's "this profile: Dad" re-read and the "Guest:" line (their rows are traps now) and narrowed the rest."""

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
    ("Her: peanuts\nHim: none", "allergies", "nutOil"),
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
    ("| Name | DOB | Allergies | Medical |\n|---|---|---|---|\n| C. Dubois | 1981-04-02 | Latex | Pregnant 20 wks |",
     "contraindications", "pregnancy"),
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
    # review rev52d: the withdrawn "this profile: <relative>" re-read (a relative's facts handed to her)
    ("Family booking — this profile: Dad (Rick). 2 kids getting mani/pedi; Dad on blood thinners (Eliquis).",
     "contraindications", "bloodThinners"),
    ("Card on the profile = Mom's. Mom pregnant w/ #3, this is the daughter's visit.", "contraindications", "pregnancy"),
    ("Family plan. The profile - mom's. Mom pregnant (due May), daughter not", "contraindications", "pregnancy"),
    ("Emergency contact on the profile: husband (Tom, 555-1234). Husband is on warfarin, she is not.",
     "contraindications", "bloodThinners"),
    ("Per the profile - Dad pays. Dad is on warfarin, she isn't.", "contraindications", "bloodThinners"),
    ("Emergency contact on the profile: husband (Tom). Husband has a nut allergy.", "allergies", "nutOil"),
    ("Family account - see the profile - son allergic to peanuts", "allergies", "nutOil"),
    ("Gift cert on the profile belongs to Mom. Mom is diabetic.", "contraindications", "diabetes"),
    ("this profile: mother. mother's mother's mother on warfarin", "contraindications", "bloodThinners"),
    # rev52d: pipe tables of many rows (visits, people) or naming a relative
    ("Date|Service|Medical\n2022-03-01|Prenatal massage|pregnant, 28 wks\n2026-11-30|Swedish|none",
     "contraindications", "pregnancy"),
    ("Date|Service|Medical\n2024-02-01|Prenatal 60|32 wks pregnant", "contraindications", "pregnancy"),
    ("Name|Relationship|Allergies\nLinda|self|none\nAmy|daughter|peanuts", "allergies", "nutOil"),
    ("Name|Allergies\nMom (Linda)|none\nDaughter (Amy)|shellfish - anaphylaxis", "allergies", "shellfish"),
    ("Name|Allergies|Medical\nC. Dubois|None|None\nSpouse (J. Dubois)|Latex|Warfarin", "allergies", "latex"),
    ("Name|Allergies\nJane|n/a\nTom|latex", "allergies", "latex"),
    ("Service|Allergies\nFacial|latex (spouse)", "allergies", "latex"),
    # rev52d: "no longer", "not yet", "no" and the obstetric shorthand before the new words
    ("Elle n'est plus enceinte (accouché en mars)", "contraindications", "pregnancy"),
    ("Fausse couche le mois dernier, n'est plus enceinte", "contraindications", "pregnancy"),
    ("Pas encore enceinte, essaie FIV", "contraindications", "pregnancy"),
    ("Post-grossesse, 6 mois", "contraindications", "pregnancy"),
    ("Não está mais grávida, bebê nasceu em agosto", "contraindications", "pregnancy"),
    ("Hindi na buntis, nanganak na noong Hunyo", "contraindications", "pregnancy"),
    ("Hindi pa buntis", "contraindications", "pregnancy"),
    ("Hindi raw buntis", "contraindications", "pregnancy"),
    ("Di buntis", "contraindications", "pregnancy"),
    ("Gravida 2 para 2, youngest is 3", "contraindications", "pregnancy"),
    ("Non diabétique", "contraindications", "diabetes"),
    # rev52d: "Her:" on a man's profile, "Guest:" lines (a bridal party's guests)
    ("Her: latex. this profile: Dad. Dad on warfarin", "allergies", "latex"),
    ("Her: latex. this profile: Dad. Dad on warfarin", "contraindications", "bloodThinners"),
    ("HIS profile. Couples. Her: shellfish. Him: nothing", "allergies", "shellfish"),
    ("Profile: him. Her: latex. Him: none.", "allergies", "latex"),
    ("Mr. Patel's profile. Couples w/ wife. Her: latex. Him: shellfish.", "allergies", "latex"),
    ("Couples — profile is the husband's. Her: latex.", "allergies", "latex"),
    ("Bridal party, 5 guests. Guest: latex. Guest: shellfish.", "allergies", "latex"),
    ("Member brings a guest. Guest: latex", "allergies", "latex"),
    ("Guest: latex, nuts", "allergies", "nutOil"),
    # rev52d: corrections that name no allergy of hers
    ("Allergic to latex? correction: it's the almond oil - she loves it", "allergies", "nutOil"),
    ("Allergy noted by Ana. Correction: it's coconut - not allergic, just dislikes the smell", "allergies", "coconut"),
    ("No allergy. Correction: it's the peanut oil - husband", "allergies", "nutOil"),
    ("Husband allergic to nuts. Correction: it's the shellfish.", "allergies", "shellfish"),
    # rev52d: a family's anaphylaxis, a risk discussed; junk after "sa" / "à la"; a French or Tagalog relative
    ("Hx shellfish anaphylaxis in family", "allergies", "shellfish"),
    ("Latex anaphylaxis risk discussed - none", "allergies", "latex"),
    ("Mari allergique aux fruits de mer", "allergies", "shellfish"),
    ("Mari allergique au latex", "allergies", "latex"),
    ("Yung anak niya allergic sa hipon", "allergies", "shellfish"),
]


@pytest.mark.parametrize(
    "note",
    [
        "Allergy SA form signed. Not pregnant.",
        "Allergy à la carte menu - no allergies",
        "Allergic grave au revoir joke lol - no allergies",
        "Allergies sa per intake form",
    ],
)
def test_a_foreign_cue_before_no_allergen_reads_nothing(note: str) -> None:
    """Guards "allergy sa" / "à la" / "au" against the words after them read as an allergen ("form signed allergy",
    rev52d): they are a cue only before an allergen's name."""
    assert _read(note, "allergies") == set()


def test_a_table_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the table reader's speed (rev52d: a header on every line re-read up to 50 rows each, 8-18 s for 700
    lines): a table of many rows reads no cell, a one-record table each health cell once."""
    from spa_copilot.ai import extraction

    cells: list[str] = []
    real = extraction._read_notes

    def counting(notes, intake, today):  # type: ignore[no-untyped-def]
        if notes.startswith(("Allergies: ", "Medical: ")):
            cells.append(notes)
        return real(notes, intake, today)

    monkeypatch.setattr(extraction, "_read_notes", counting)
    extract_profile_offline("Name|Allergies\n" * 700, today=DAY)
    extract_profile_offline("Name|Allergies|Medical|Meds|Conditions\n" * 250, today=DAY)
    assert cells == []
    extract_profile_offline("Name|DOB|Allergies|Medical\nC. Dubois|1981-04-02|latex|none", today=DAY)
    assert cells == ["Allergies: latex", "Medical: none"]


@pytest.mark.parametrize(("note", "field", "value"), TRAPS)
def test_set7_traps_stay_unread(note: str, field: str, value: str) -> None:
    """Guards the negations and other people's words of the new rules: no false caution."""
    assert value not in _read(note, field)


def test_new_readings_keep_the_notes_own_words() -> None:
    """Guards the evidence of the table cell: the note's words, not the reader's rewrite."""
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
