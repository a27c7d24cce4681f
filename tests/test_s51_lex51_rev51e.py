"""s51 (lex51f): the losses rev51e found in lex51's mends against a8bb0923, cut back to safe rules. Each row is what
the therapist's DM says for a Hot Stone booking, and each guards a caution lex51's mends lost:
- a "no" after "asked, said no" cancelled a pregnancy, a vein or an allergy though more followed after a comma or a
  stop ("Pregnant? asked, said no, husband says yes"): the reading is dropped, a pregnancy again as on a8bb0923;
- under "Hives:", "Rash:", "Welts:", "Sens:", "Can't breathe -", a remedy or a liking anywhere in the sentence undid
  the heading and her real allergy ("Hives: latex - benadryl helps"): now only a remedy straight after the term
  ("Rash: aloe helps"), or "not allergic", and never with an EpiPen, anaphylaxis, epinephrine or the ER on the line;
- "Used to refuse hot stones" and "now loves/wants … stones" took a refusal back: dropped, a refusal as on a8bb0923.
"""

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
HOT = HOT_STONE
PREGNANCY = "contraindicated for this guest: pregnancy"
VEINS = "contraindicated for this guest: varicose veins"
STONES = "uses hot stones, which the notes say to avoid"
NUTS = "nut oil allergy: nut-free oils only"
SHELLFISH = "shellfish allergy: no seaweed or marine products"
LATEX = "latex allergy: nitrile gloves, no latex"
COCONUT = "coconut allergy"


def told(notes: str) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes."""
    return dm_lines(notes, HOT, day=DAY)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Pregnant? asked, said no, husband says yes", PREGNANCY),
        ("Pregnant? asked, said no; intake says yes", PREGNANCY),
        ("Pregnant? asked, said no. Bump visible", PREGNANCY),
        ("Pregnant? asked, said no, twelve weeks", PREGNANCY),
        ("Pregnant? said no, husband says yes", PREGNANCY),
        ("Pregnant? asked, said no", PREGNANCY),
        ("Pregnant? checked, she said no", PREGNANCY),
        ("Varicose veins? asked, said no, visible on L calf", VEINS),
        ("Nut allergy? asked, said no, carries EpiPen", f"SEVERE {NUTS}"),
        ("Latex allergy? asked, said no. Rash from gloves last visit", LATEX),
        ("Shellfish allergy? asked, said no (throat swelled last visit)", SHELLFISH),
    ],
)
def test_a_no_the_staff_heard_cancels_no_caution(notes, line):
    """A "said no" after the staff asked no longer cancels a pregnancy, a vein or an allergy (lex51 lost each when
    more followed); a false pregnancy is the lesser harm. A plain "Pregnant? no" still reads none."""
    assert line in told(notes)
    assert PREGNANCY not in told("Pregnant? no")


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Hives: latex - benadryl helps", LATEX),
        ("Rash: nuts, calamine after", NUTS),
        ("Sens: latex, uses nitrile only", LATEX),
        ("Hives: latex, nitrile only", LATEX),
        ("Rash: latex gloves, nitrile ok", LATEX),
        ("Hives: nuts - only grapeseed oil", NUTS),
        ("Rash: coconut oil, prefers grapeseed", COCONUT),
        ("Welts - shellfish, antihistamine helps", SHELLFISH),
        ("Hives: peanuts - ER last year, benadryl helps", NUTS),
        ("Hives: latex after", LATEX),
        ("Rash: lanolin, calm with aloe", "lanolin allergy"),
        ("Allergies: latex\nHives: nuts - benadryl helps", NUTS),
        ("Hives: nuts - anaphylaxis once, benadryl helps now", f"SEVERE {NUTS}"),
        ("Hives: shellfish - EpiPen at home", f"SEVERE {SHELLFISH}"),
        ("Can't breathe - tree nuts, epinephrine works", f"SEVERE {NUTS}"),
        ("Can't breathe - latex, nitrile ok", f"SEVERE {LATEX}"),
        ("Hives: latex - epi pen in bag, benadryl helps", f"SEVERE {LATEX}"),
        ("Hives: almond oil calms it, EpiPen in bag", f"SEVERE {NUTS}"),
    ],
)
def test_a_remedy_past_her_allergen_keeps_the_allergy(notes, line):
    """Under a reaction's or a sensitivity's heading, a remedy or a liking after other words, a comma or a dash, or
    with an EpiPen, anaphylaxis, epinephrine or the ER on the line, leaves her allergy read (SEVERE where grave);
    lex51's mend read none. Her remedy straight after it ("Rash: aloe helps") is still no allergy."""
    assert line in told(notes)
    assert "aloe allergy" not in told("Rash: aloe helps")


@pytest.mark.parametrize(
    "notes",
    [
        "Used to refuse hot stones - burned at another spa",
        "Used to refuse hot stones (burn scar on back)",
        "Used to refuse hot stones, ask first",
        "Used to avoid hot stones - burns easily",
        "Used to refuse hot stones, now loves them",
        "No hot stones - now wants stones removed from her package",
        "No hot stones (burned), now requests stones be cooler",
        "No hot stones - now loves stone-free massages",
    ],
)
def test_a_stone_refusal_said_to_be_over_still_keeps_the_stones_off(notes):
    """A stone refusal "used to" or followed by "now loves/wants … stones" still keeps the stones off, as on
    a8bb0923 (lex51's rule read it as over and lost "burned at another spa"); "wants them today" still takes it back."""
    assert STONES in told(notes)
    assert STONES not in told("No hot stones last time (ran out) - wants them today!")
