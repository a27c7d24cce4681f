"""s52 (lex52): reader misses carried from session 51, each a row of what the therapist's DM says, beside a trap the
same rule must not read (someone else's, denied, answered no, a word that is no health term there).

- A keycap digit as a list's number under an allergies heading ("1️⃣ Latex⏎2️⃣ Nuts") read nothing: read as "1) ".
- An allergen's allergy with one stray mark after it ("Bee sting allergy x") read nothing.
- A form's choice in square brackets ("Allergies [Y/N]: Y - latex") read nothing: read as the round ones are.
- A form's "Expecting? Yes - due Feb 2027" read no pregnancy.
- "Coconut oil brings her out in hives" read no allergy; "Nuts - EpiPen in locker" none (now SEVERE).
- "AF" in capitals after a history's words or beside a blood thinner ("Hx AF", "AF - on warfarin") is atrial
  fibrillation, a heart condition.
- "Latex allergy - trouble breathing" read a "trouble breathing" allergy beside the SEVERE latex one: the reaction
  is no allergen (the latex stays SEVERE).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
NOTHING_READ = "No health details read"
PREGNANCY = "contraindicated for this guest: pregnancy"
HEART = "heart condition: no electrical devices, limit heat"
LATEX = "latex allergy: nitrile gloves, no latex"
NUTS = "nut oil allergy: nut-free oils only"
SHELLFISH = "shellfish allergy: no seaweed or marine products"
COCONUT = "coconut allergy: no coconut oil"
BEES = "bee stings allergy"


def told(notes: str) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes."""
    return dm_lines(notes, HOT_STONE, day=DAY)


@pytest.mark.parametrize(
    ("notes", "line", "trap"),
    [
        ("ALLERGIES\n1️⃣ Latex\n2️⃣ Nuts", NUTS, "ALLERGIES\n1️⃣ None\n2️⃣ Loves lavender"),
        ("Allergies:\n1️⃣ Latex\n2️⃣ Nuts", NUTS, "Allergies: none\n1️⃣ Firm pressure\n2️⃣ Warm towels"),
        ("Bee sting allergy x", BEES, "husband: bee sting allergy x"),
        ("Bee sting allergy x", BEES, "No bee sting allergy x"),
        ("Allergies [Y/N]: Y - latex", LATEX, "Allergies [Y/N]: N"),
        ("Expecting? Yes - due Feb 2027  |  Allergies? none", PREGNANCY, "Expecting? No  |  Allergies? none"),
        ("Expecting [Y/N]: Y", PREGNANCY, "Pregnant (Y/N): N"),
        ("Expecting? Y", PREGNANCY, "Husband expecting? yes"),
        ("Favourite therapist is Sophie. Coconut oil brings her out in hives.", COCONUT,
         "Husband: coconut oil brings him out in hives"),
        ("Nuts - EpiPen in locker", f"SEVERE {NUTS}", "Nuts - no EpiPen needed, mild"),
        ("Hx AF", HEART, "Booked with AF at 3pm"),
        ("AF - on warfarin", HEART, "Prefers firm pressure (AF)"),
        ("PMH: AF", HEART, "Always has AF."),  # "has AF" names her therapist as often (rev52b)
        ("Expecting? Yes - due Feb 2027", PREGNANCY, "Expecting? Yes ☐ No ☑"),  # a form's boxes decide (rev52b)
        ("Expecting? Y", PREGNANCY, "Expecting? Yes [ ] No [x]"),
        ("Expecting (Y/N): yes", PREGNANCY, "Expecting? Y or N"),
        ("Pt on warfarin (AF). INR stable.", HEART, "AF"),
    ],
)
def test_a_missed_caution_is_read_and_its_trap_is_not(notes, line, trap):
    """Each note read no such caution before lex52 (most "No health details read"); the trap beside it, the same
    shape about someone else, denied, answered no or with no health word, still reads none."""
    assert line in told(notes)
    assert line not in told(trap)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Latex allergy - trouble breathing", f"SEVERE {LATEX}"),
        ("Shellfish allergy - trouble breathing, has to lie down", f"SEVERE {SHELLFISH}"),
    ],
)
def test_a_reaction_after_an_allergens_allergy_is_no_allergy_of_its_own(notes, line):
    """The reaction after the allergen's allergy and its dash told the therapist of a "trouble breathing allergy"
    (junk beside the real one); now only the allergen's SEVERE caution, which must stay."""
    said = told(notes)
    assert line in said
    assert [check for check in said.split("\n") if check.startswith("Check:")] == [f"Check: {line}"]


@pytest.mark.parametrize(
    ("notes", "lines"),
    [
        ("Latex allergy - throat swells, avocado, banana, kiwi",
         [f"SEVERE {LATEX}", "SEVERE avocado allergy", "SEVERE banana allergy", "SEVERE kiwi allergy"]),
        ("Nut allergy - anaphylaxis, sesame", [f"SEVERE {NUTS}", "SEVERE sesame allergy"]),
        ("Shellfish allergy - swelling, penicillin", [SHELLFISH, "penicillin allergy"]),
        ("Nut allergy - can't breathe, lies flat", [f"SEVERE {NUTS}"]),
    ],
)
def test_the_allergens_after_that_reaction_are_still_read(notes, lines):
    """rev52b HIGH: lex52 first ended the list at the reaction, losing every allergen after it (avocado, banana and
    kiwi after a latex allergy's swelling throat; sesame after a nut allergy's anaphylaxis); words that name no
    allergen still end it ("lies flat" is no allergy)."""
    assert [check for check in told(notes).split("\n") if check.startswith("Check:")] == [f"Check: {line}" for line in lines]
