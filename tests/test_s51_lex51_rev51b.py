"""s51 (lex51m): the harm rev51b found in lex51's reader mends, each a row of what the therapist's DM says for a Hot
Stone booking. Each guards a caution lex51 lost (an allergy, a pregnancy, a stone refusal) or an allergy it made up:
- a "no" after the staff asked, then a dash or a "but" and more words, is no clean no;
- her "prenatal … therapist/teacher" job rule and "… booked for her sister" swallowed real pregnancies: dropped;
- "still" keeps a stone refusal, and "now likes it" (a pressure, another thing) takes none back (lex51f: no refusal
  is taken back as over any more, as on a8bb0923);
- under "Rash:", "Hives:", "Sens:", "Sensitive:", "Can't breathe -": her remedy or a liked scent is no allergy;
- breathing hard face down or lying flat is no SEVERE allergy.
"""

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
HOT = HOT_STONE
PREGNANCY = "contraindicated for this guest: pregnancy"
STONES = "uses hot stones, which the notes say to avoid"
NUTS = "nut oil allergy: nut-free oils only"
SHELLFISH = "shellfish allergy: no seaweed or marine products"
LATEX = "latex allergy: nitrile gloves, no latex"
OILS = "essential oils allergy"
COCONUT = "coconut allergy"
ALOE = "aloe allergy"


def told(notes: str) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes."""
    return dm_lines(notes, HOT, day=DAY)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Latex allergy? asked, said no - but hives from gloves last time", LATEX),
        ("Nut allergy? asked, said no - but EpiPen in purse", NUTS),
        ("Shellfish allergy? asked, she said no — tongue swelled last visit", SHELLFISH),
        ("Pregnant? asked, said no — 12 wks per husband", PREGNANCY),
        ("Pregnant? asked, said no - might be, testing this wk", PREGNANCY),
        ("Varicose veins? asked, said no - visible on L calf though", "varicose veins"),
        ("Latex allergy? asked, said no, but hives from gloves", LATEX),
        ("Pregnant? asked, said no. 12 wks per husband", PREGNANCY),
    ],
)
def test_a_no_after_asking_then_more_words_keeps_the_caution(notes, line):
    """A "no" the staff heard, then a dash or a "but" with more words, is no clean no: the caution stays (lex51 lost
    each). lex51f: the "asked, said no" reading is dropped, so the bare "Pregnant? asked, said no" is a pregnancy
    again, as on a8bb0923 (the safe side: rev51e found it still lost real cautions after a comma or a stop)."""
    assert line in told(notes)
    assert PREGNANCY in told("Pregnant? asked, said no")


@pytest.mark.parametrize(
    "notes",
    [
        "Prenatal yoga teacher, 24 wks",
        "Requests a prenatal massage therapist, 26 wks",
        "Prenatal massage therapist only - 26 wks",
        "Book w/ prenatal massage therapist only (Ana)",
        "Prenatal massage specialist requested",
        "Pregnancy massage therapist herself, 30 wks",
        "Prenatal massage therapist, 3rd tri, side-lying only",
        "Her prenatal yoga teacher recommended us",
        "Prenatal yoga instructor - 20 wks, no hot stones",
        "Prenatal massage booked for her sister; client is 12 wks herself",
    ],
)
def test_a_prenatal_therapist_or_teacher_keeps_her_pregnancy(notes):
    """A prenatal therapist asked for, or a prenatal job with her weeks, is her pregnancy, which rules the Hot Stone
    booking out (lex51's job rule and its "booked for her sister" read none)."""
    assert PREGNANCY in told(notes)


@pytest.mark.parametrize(
    "notes",
    [
        "Used to refuse hot stones and still does",
        "Used to refuse hot stones - still does",
        "Used to refuse hot stones, still refuses them",
        "Used to refuse hot stones. Still refuses.",
        "Used to refuse hot stones; still won't do them",
        "Used to refuse hot stones, still refuses - burned at another spa",
        "She used to refuse hot stones; hates them now too",
        "Never used to refuse hot stones, now refuses them",
        "No hot stones - burned, now likes it deeper on shoulders",
        "No hot stones (burned last time), now wants it lighter pressure",
        "No hot stones - bruising, now likes it light",
        "No hot stones, now likes it firm",
        "Refuses hot stones - now loves it with cupping instead",
        "No hot stones, tried bamboo sticks and now loves them",
        "Refuses hot stones - her sister now loves them",
        "Doesn't like hot stones - now enjoys it with lighter pressure",
    ],
)
def test_a_stone_refusal_still_standing_keeps_the_stones_off(notes):
    """"Still" keeps a refusal said to have been; "now likes it" of a pressure or another thing takes none back
    (lex51 lost each). lex51f: no refusal is taken back as over any more, so "Used to refuse hot stones, now loves
    them" keeps the stones off too, as on a8bb0923 (rev51e: "Used to refuse hot stones - burned" was lost)."""
    assert STONES in told(notes)
    assert STONES in told("Used to refuse hot stones, now loves them")


@pytest.mark.parametrize(
    ("notes", "lost"),
    [
        ("Rash: aloe helps", ALOE),
        ("Rash: aloe gel helps", ALOE),
        ("Rash: coconut oil helps", COCONUT),
        ("Hives: almond oil calms it", NUTS),
        ("Hives: lavender lotion at home helps", OILS),
        ("Sens: lavender is calming for her", OILS),
        ("Sens: rose oil fav", OILS),
        ("Can't breathe - eucalyptus steam helps", OILS),
        ("Can't breathe - asthma, no eucalyptus steam", OILS),
        ("Can't breathe in the steam room - skip eucalyptus steam", OILS),
    ],
)
def test_a_remedy_or_a_liked_scent_under_a_reaction_heading_is_no_allergy(notes, lost):
    """Her remedy or a scent she likes under a reaction's or a sensitivity's heading is no allergy
    (lex51 read one, the liked scent lost); lex51f: only with the remedy or the liking right after the term ("aloe
    after", "coconut oil only", a remedy before the term or past a dash read the allergy again, the safe side; rev51f: a "not allergic" eases
    nothing, the remedy eases its own term only); "Hives: latex, nuts", "Sens: latex, nuts", "Hives: latex. Loves lavender"
    "Hives: latex allergy, benadryl helps" and "Hives - after coconut oil scrub …" still read theirs."""
    assert lost not in told(notes)
    assert LATEX in told("Hives: latex, nuts") and NUTS in told("Sens: latex, nuts")
    assert LATEX in told("Hives: latex. Loves lavender") and LATEX in told("Hives: latex allergy, benadryl helps")
    assert COCONUT in told("Hives - after coconut oil scrub last time, use grapeseed")


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Latex allergy, can't breathe through her nose face down - use bolster", LATEX),
        ("Latex allergy, trouble breathing face down", LATEX),
        ("Nut allergy, can't breathe lying flat - prop up", NUTS),
    ],
)
def test_breathing_hard_as_she_lies_is_no_severe_allergy(notes, line):
    """Breathing hard face down or lying flat is her position, not the allergy's reaction: the allergy, no SEVERE;
    "Nuts - can't breathe" is still SEVERE."""
    said = told(notes)
    assert line in said and f"SEVERE {line}" not in said
    assert f"SEVERE {NUTS}" in told("Nuts - can't breathe")
