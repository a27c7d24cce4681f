"""s51 (lex51b, after review rev51d): the rules of lex51b that misread real notes, withdrawn or narrowed to read as
before (the cautious side), and its Q/A rule mended.

- Withdrawn: a birth in a later dated entry ending a pregnancy (plans, others' births, an earlier child's, an intake's
  "Given birth recently? No" ended it); relatives named in Spanish (her own allergy or pregnancy went to the relative);
  "Latex-free gloves as standard" as no allergy (real allergies lost, and "standard pressure" beside it too); "do"
  before an area as a focus ("do legs very lightly or skip" made the legs a focus).
- Narrowed: a negative pregnancy test only as "pregnancy test neg" with no positive, weeks or "now" later ("Rh negative
  pregnancy, 24 wks." lost the pregnancy); an injectable dated by a month six or more months back only when its line
  names that one month and no other time ("Botox in Feb & Nov." lost the November's).
- Mended: "Q: Allergies? A: Yes⏎Latex, penicillin" read the latex alone; "A: nope" read a "nope" allergy; a question
  about another person ("Q: Does your partner have any allergies? A: shellfish") read as hers.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 8)
P = "3/10/26 - 20 wks pregnant, prenatal only.\n"


def read(notes: str, field: str, today: date = TODAY) -> list[str]:
    """The values the offline reader gives ``field`` for ``notes``, sorted."""
    return sorted(extract_profile_offline(notes, today=today).values(field))


@pytest.mark.parametrize(
    "notes",
    [
        P + "6/1/26 - 32 wks, will come back postpartum",
        P + "6/1/26 - 32 wks. Gift card delivered 6/3",
        P + "6/1/26 - 32 wks; her coworker gave birth so she bought a gift card",
        P + "6/1/26 - Given birth recently? No",
        "3/10/26 - 20 wks pregnant\n11/20/26 - 8 wks pregnant again (baby born 4/1)",
        "Rh negative pregnancy, 24 wks.",
        "HIV neg pregnancy, 30 wks",
        "pregnancy test negative at first, then positive. 8 wks now",
        "Pregnancy test neg x2, then pos 11/1",
        "Su hermana está embarazada y ella también, 12 semanas.",
    ],
)
def test_a_pregnancy_going_on_stays(notes):
    """Guards each pregnancy lex51b lost (a false "over" lets hot stones be booked): a dated later entry, a "neg"
    before the word or a positive test after, a relative's in Spanish shared with her."""
    assert read(notes, "contraindications") == ["pregnancy"]


@pytest.mark.parametrize(
    ("notes", "allergies"),
    [
        ("Su mamá es alérgica al látex y ella también.", ["latex"]),
        ("Su esposo es muy amable y ella es alérgica al látex.", ["latex"]),
        ("Su hermana es alérgica a las nueces, y ella es alérgica al látex.", ["latex", "nutOil"]),
        ("latex-free gloves as standard, she is allergic too", ["latex"]),
        ("LATEX-FREE GLOVES (policy + she's allergic)", ["latex"]),
        ("Latex-free gloves + nut-free oil, standard hot stone.", ["latex", "nutOil"]),
        ("Q: Allergies? A: Yes\nLatex, penicillin", ["latex", "penicillin"]),
        ("Q: Allergies? A: Yes - see below\nLatex, penicillin", ["latex", "penicillin"]),
        ("Q: Allergies? A: nope", []),
        ("Q: Allergies? A: nah", []),
        ("Q: Does your partner have any allergies? A: shellfish", []),
        ("Q: Does anyone in your household have allergies? A: nuts", []),
    ],
)
def test_an_allergy_reads_as_written(notes, allergies):
    """Guards allergies lex51b lost (Spanish relatives, latex-free "as standard", the list under "A: Yes") and the
    junk it read ("nope", "nah", another's answer as hers)."""
    assert read(notes, "allergies") == allergies


@pytest.mark.parametrize(
    "notes",
    [
        "Botox Feb 2026, Nov 2026.",
        "Botox in Feb & Nov.",
        "Kybella in Feb and June.",
        "Botox since last March, every 3 mo.",
        "Botox in Feb, then monthly since.",
        "Botox last Feb? or was it Oct? ask",
        "Getting Botox in Dec.",
    ],
)
def test_an_injectable_named_with_another_time_stays_recent(notes):
    """Guards the month rule's reach: a second month, "since", "every", "then", a question, a month to come kept the
    injectable recent before lex51b and do again (on 24 November)."""
    assert read(notes, "contraindications", date(2026, 11, 24)) == ["recentInjectables"]


@pytest.mark.parametrize(
    ("notes", "avoid"),
    [
        ("Varicose veins: do legs very lightly or skip", ["legs"]),
        ("Sunburn on legs. Do legs only if healed.", []),
    ],
)
def test_do_before_an_area_is_no_focus(notes, avoid):
    """Guards "do" read as a focus in a question or condition: "do legs very lightly or skip" made them a focus."""
    assert (read(notes, "focus_areas"), read(notes, "avoid_areas")) == ([], avoid)
