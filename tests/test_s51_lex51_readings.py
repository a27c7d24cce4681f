"""s51 (lex51): misreadings of the offline note reader mended, each a row of what the therapist's DM says.

- An allergen with how she reacts after it, said with a verb or only after a comma ("Tree nuts - throat closes up",
  "Shellfish - tongue swells", "Tree nuts, throat closes up, carries EpiPen"), or the reaction said first ("throat
  swelling - nuts"), read no allergy at all: the therapist was told "No health details read". The reactions said
  with a verb are ``lexicon.REACTION_WORD``'s now; a reaction set apart by a comma alone lets the line be a flag; a
  grave reaction, hives or a rash head a list as an EpiPen does. The throat or the tongue swelling and her breathing
  stopped are SEVERE.
- "Allergy to tree nuts — severe" (a long dash) lost the SEVERE a hyphen kept.
- "latex sens", "Sens: latex, nuts", "sensitive: latex" are allergies, as "Latex (sens.)" is.
- (lex51f: the "Pregnant? asked, said no" and "Used to refuse hot stones, now loves them" readings are dropped, a
  pregnancy and a refusal again as on a8bb0923: rev51e found them losing real cautions.)
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
HOT = HOT_STONE
NOTHING_READ = "No health details read"
PREGNANCY = "contraindicated for this guest: pregnancy"
STONES = "uses hot stones, which the notes say to avoid"
NUTS = "nut oil allergy: nut-free oils only"
SHELLFISH = "shellfish allergy: no seaweed or marine products"
LATEX = "latex allergy: nitrile gloves, no latex"


def told(notes: str) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes."""
    return dm_lines(notes, HOT, day=DAY)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Tree nuts, throat closes up, carries EpiPen", f"SEVERE {NUTS}"),
        ("Tree nuts - throat closes up", f"SEVERE {NUTS}"),
        ("Tree nuts, throat closes", f"SEVERE {NUTS}"),
        ("Tree nuts, anaphylaxis", f"SEVERE {NUTS}"),
        ("Tree nuts, carries EpiPen", f"SEVERE {NUTS}"),
        ("Latex: throat closes up", f"SEVERE {LATEX}"),
        ("Shellfish (throat closes up)", f"SEVERE {SHELLFISH}"),
        ("Nuts -> throat closes up", f"SEVERE {NUTS}"),
        ("Shellfish - tongue swells", f"SEVERE {SHELLFISH}"),
        ("Shellfish - tongue swelling", f"SEVERE {SHELLFISH}"),
        ("Nuts - can't breathe", f"SEVERE {NUTS}"),
        ("throat swelling - nuts", f"SEVERE {NUTS}"),
        ("Tongue swells - shellfish", f"SEVERE {SHELLFISH}"),
        ("Can't breathe - peanuts", f"SEVERE {NUTS}"),
        ("Tongue swells w/ shellfish", f"SEVERE {SHELLFISH}"),
        ("Throat closes up with nuts", f"SEVERE {NUTS}"),
    ],
)
def test_an_allergen_with_a_grave_reaction_is_a_severe_allergy(notes, line):
    """The allergen and its airway reaction (or EpiPen) in any order read the SEVERE allergy; before, the line read
    nothing, or "tongue swelling" no SEVERE."""
    said = told(notes)
    assert f"Check: {line}" in said
    assert NOTHING_READ not in said


@pytest.mark.parametrize("reaction", ["throat closes", "can't breathe"])
def test_an_allergen_kept_away_for_an_airway_reaction_is_a_severe_allergy(reaction):
    """"No nuts - hives" read the allergy, "No nuts - throat closes" nothing and "- can't breathe" no SEVERE; "- throat
    closes up" stays SEVERE (a step of this mend lost it)."""
    for notes in (f"No nuts - {reaction}", "No nuts - throat closes up"):
        assert f"Check: SEVERE {NUTS}" in told(notes)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Tree nuts, hives", NUTS),
        ("Latex, hives", LATEX),
        ("Shellfish - lips swell", SHELLFISH),
        ("Shellfish - face swells", SHELLFISH),
        ("Nuts - lips swell up", NUTS),
        ("Nuts - breaks out", NUTS),
        ("Nuts - breaks out in hives", NUTS),
        ("hives - nuts", NUTS),
        ("Hives: latex, nuts", LATEX),
        ("Rash - latex gloves", LATEX),
        ("Lavender - face swells", "essential oils allergy: no essential oils"),
    ],
)
def test_an_allergen_with_a_milder_reaction_is_an_allergy(notes, line):
    """A reaction that is no airway's still reads the allergy, not as SEVERE (lips, face, a rash, hives)."""
    said = told(notes)
    assert f"Check: {line}" in said
    assert "SEVERE" not in said


@pytest.mark.parametrize(
    ("mended", "look_alike"),
    [
        ("Tree nuts - throat closes up", "Nuts about hot stones"),
        ("Shellfish - tongue swells", "Shellfish dinner plans - chatty"),
        ("Tree nuts, hives", "Loves tree nuts smoothie bar"),
        ("Nuts - breaks out", "Nuts - loves hot stones"),
        ("Hives: latex, nuts", "Hives - loves lavender"),
        ("hives - nuts", "Rash: lavender helps"),
        ("Can't breathe - peanuts", "Can't breathe through nose - eucalyptus"),
        ("Lavender - face swells", "Face swollen from crying, loves lavender"),
        ("No nuts - throat closes", "No peppermint - throat tight from stress"),
    ],
)
def test_look_alikes_stay_no_allergy(mended, look_alike):
    """The reactions now read leave the harmless look-alikes unread: no allergy, the scent she loves kept (a nose
    blocked is no breathing stopped)."""
    assert "allergy" in told(mended)
    assert "allergy" not in told(look_alike)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Allergy to tree nuts — severe", f"SEVERE {NUTS}"),
        ("Allergy to tree nuts – severe", f"SEVERE {NUTS}"),
        ("Tree nut allergy — SEVERE", f"SEVERE {NUTS}"),
        ("Latex allergy – very severe.", f"SEVERE {LATEX}"),
        ("Allergic to shellfish — severe", f"SEVERE {SHELLFISH}"),
    ],
)
def test_severe_after_a_long_dash_is_severe(notes, line):
    """"— severe" after the allergy says it is grave as " - severe" does; "— not severe" and "— severe back pain"
    do not."""
    assert f"Check: {line}" in told(notes)
    for undone in ("not severe", "severe back pain"):
        assert "SEVERE" not in told(notes.rstrip(".").replace("SEVERE", "severe").replace("severe", undone))


@pytest.mark.parametrize(
    ("notes", "lines"),
    [
        ("latex sens", [LATEX]),
        ("Sens: latex, nuts", [LATEX, NUTS]),
        ("sensitive: latex", [LATEX]),
    ],
)
def test_sens_is_a_sensitivity(notes, lines):
    """The front desk's "sens" after the allergen, and "Sens:" or "Sensitive:" before a list, read the allergies."""
    said = told(notes)
    for line in lines:
        assert f"Check: {line}" in said
