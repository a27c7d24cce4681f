"""Allergies the offline notes reader missed in therapists' notes (checked on 4 Dec 2026), and what it still must not
read as one.

- "EpiPen (nuts)", "Carries EpiPen - peanuts", "Anaphylactic: peanuts": an EpiPen or an anaphylaxis named as the
  heading of what it is for was no allergy cue (only "EpiPen for nuts", "anaphylactic to nuts" were); now it is one,
  as "Allergies: nuts" is (``lexicon.REACTION_HEAD``). A name the lexicon does not know is read after it only when it
  is plainly an allergen's ("EpiPen (bee stings)"; "EpiPen (in her bag)" names none).
- "Never use almond oil, nut allergy": the "never" of "never use" reached "nut allergy" and was read as denying it
  ("no nut allergy"); an instruction to keep a product away denies no allergy.
- "No coconut, walnut oil - allergic": "walnut" was the term and "oil - allergic" read as its allergy joined to it,
  denied by the "No"; a spaced dash or a bracket sets the allergy apart as the reason (as "No walnut - allergic" read),
  and a nut's oil is one term with its nut, as "almond oil" is ("WALNUT OIL" on a line of its own is a flag).
- "Never use arnica, allergic": a kept-away allergen the lexicon does not know, with a sensitivity as the reason, was
  read only as "allergic to arnica"; now it is read so when the name is plainly an allergen's.
- "Never use almond oil - she prefers grapeseed" stays a nut allergy (a kept-away nut oil is one), on the cautious
  side: reading her choice of oil as the reason (4aa3e02) left "No nut oils - she prefers grapeseed" with nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_pii

TODAY = date(2026, 12, 4)


def _allergies(note: str) -> list[str]:
    return [item.value for item in extract_profile_offline(note, today=TODAY).allergies]


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        # the notes that read no allergy (or lost one)
        ("Never use almond oil, nut allergy", ["nutOil"]),
        ("EpiPen (nuts)", ["nutOil"]),
        ("Carries EpiPen - peanuts", ["nutOil"]),
        ("Anaphylactic: peanuts", ["nutOil"]),
        ("No coconut, walnut oil - allergic", ["coconut", "nutOil"]),
        # other allergens and words in the same shapes
        ("EpiPen (bee stings)", ["beeStings"]),
        ("Anaphylactic: shellfish", ["shellfish"]),
        ("Anaphylaxis: sesame", ["sesame"]),
        ("Epi-pen: penicillin", ["penicillin"]),
        ("EpiPen (latex)", ["latex"]),
        ("EpiPen (nuts, sesame)", ["nutOil", "sesame"]),
        ("Carries an EpiPen - sesame and kiwi", ["sesame", "kiwi"]),
        ("Don't use almond oil, nut allergy", ["nutOil"]),
        ("Never use coconut oil, coconut allergy", ["coconut"]),
        ("No walnut oil - allergic", ["nutOil"]),
        ("No latex gloves - allergic", ["latex"]),
        ("No coconut, tree nut oil - allergic", ["coconut", "nutOil"]),
        ("WALNUT OIL", ["nutOil"]),
        ("⚠️ hazelnut oil", ["nutOil"]),
        ("Never use arnica, allergic", ["arnica"]),
        ("No arnica - allergic", ["arnica"]),
        ("Avoid arnica gel - she is allergic", ["arnica"]),
        ("No arnica, sesame - allergic", ["arnica", "sesame"]),
    ],
)
def test_a_missed_allergy_is_read(note: str, allergies: list[str]) -> None:
    assert _allergies(note) == allergies


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        # the EpiPen's own state, a question, an answer none
        ("EpiPen expired", []),
        ("No EpiPen needed", []),
        ("Anaphylactic: none", []),
        ("Anaphylactic? no", []),
        ("EpiPen (expired)", []),
        # where the pen is, or who it is for
        ("EpiPen (in her bag)", []),
        ("EpiPen - in locker", []),
        ("EpiPen: Sarah", []),
        ("EpiPen (for her son)", []),
        # someone else's
        ("Mom carries EpiPen - peanuts", []),
        ("Her husband carries an EpiPen (peanuts)", []),
        ("No arnica - her husband is allergic", []),
        # an oil kept away with another preferred stays kept away: read as its allergy, on the cautious side (an
        # adversarial review: "No nut oils - she prefers grapeseed" read nothing at all, and the DM lost it)
        ("Never use almond oil - she prefers grapeseed", ["nutOil"]),
        ("No nut oils - she prefers grapeseed", ["nutOil"]),
        ("No coconut oil, prefers jojoba", ["coconut"]),
        ("No coconut, walnut oil is fine", ["coconut"]),
        # a denial stays a denial, and an allergy word that is another allergen's or no reason names nothing
        ("Never use almond oil, no nut allergy", []),
        ("No nuts or latex allergies", []),
        ("No walnut oil allergy", []),
        ("No arnica - not allergic", []),
        ("No arnica, allergic to latex", ["latex"]),
        ("No arnica, allergies: none", []),
        ("No hot towels - allergic", []),
        ("No hot stones, arnica - allergic", []),
        ("No arnica - allergic, outgrew it", []),
        # a liking that is no other oil, or a sensitivity beside it, leaves the nut oils kept away too
        ("Never use almond oil - she prefers grapeseed, allergic", ["nutOil"]),
        ("No nut oils, likes firm pressure", ["nutOil"]),
        ("No nut oils - she likes lavender", ["nutOil"]),
    ],
)
def test_no_allergy_is_made_up_and_none_is_lost(note: str, allergies: list[str]) -> None:
    assert _allergies(note) == allergies


@pytest.mark.parametrize("note", ["EpiPen (May) in her bag", "EpiPen: Olive", "Anaphylactic: Rose"])
def test_a_name_after_an_epipen_heading_stays_masked(note: str) -> None:
    # the heading is the reader's cue only: the scrubber's allergy lists (``lexicon.ALLERGY_CUE``) leave it out, so a
    # client named "Olive May" or "Lily Rose" is still masked there
    assert "[name]" in scrub_pii(note, names=["Olive May", "Lily Rose"])
