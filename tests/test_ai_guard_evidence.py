"""A model's extracted value is kept only when its evidence names it and the note, where the evidence stands, does not
take it back (negated, in the past, allowed, or someone else's)."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.guardrails import unsupported

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

NOTE = "Likes firm pressure. Not allergic to latex. No longer pregnant, had baby in June."


@pytest.mark.parametrize(
    "field, value, evidence, note, problem",
    [
        # the probe's answers for NOTE
        ("allergies", "nutOil", "Likes firm pressure", NOTE, "unnamed"),
        ("allergies", "latex", "Not allergic to latex", NOTE, "denied"),
        ("contraindications", "pregnancy", "No longer pregnant", NOTE, "denied"),
        ("pressure", "light", "Likes firm pressure", NOTE, "unnamed"),
        # evidence cut out of a denial is read where it stands in the note
        ("allergies", "latex", "allergic to latex", "She is not allergic to latex.", "denied"),
        ("contraindications", "pregnancy", "pregnant", "Was pregnant, baby born in May.", "past"),
        ("allergies", "nutOil", "Nut allergy ruled out by allergist", "Nut allergy ruled out by allergist.", "past"),
        ("contraindications", "bloodThinners", "stopped taking warfarin", "She stopped taking warfarin.", "past"),
        ("allergies", "nutOil", "Husband is allergic to nuts", "Husband is allergic to nuts.", "someoneElse"),
        ("allergies", "latex", "latex gloves are fine", "Latex gloves are fine.", "allowed"),
        ("allergies", "fragrance", "Prefers lemongrass scent", "Prefers lemongrass scent.", "allowed"),
        ("contraindications", "recentSurgery", "knee surgery two years ago", "Knee surgery two years ago.", "past"),
        ("pressure", "firm", "doesn't like firm pressure", "She doesn't like firm pressure.", "denied"),
        ("focus_areas", "lowerBack", "Prefers firm pressure", "Prefers firm pressure.", "unnamed"),
        ("pressure", "light (shoulders)", "Likes firm pressure", "Likes firm pressure.", "unnamed"),
        ("allergies", "beeStings", "Allergic to penicillin", "Allergic to penicillin.", "unnamed"),
        ("focus_areas", "neck", "Don't touch the neck", "Don't touch the neck.", "opposite"),
        ("avoid_areas", "shoulders", "tight shoulders", "Tight shoulders, knots everywhere.", "opposite"),
        ("allergies", "latex", "not in the note", NOTE, "ungrounded"),
    ],
)
def test_a_value_the_evidence_does_not_support_is_refused(field: str, value: str, evidence: str, note: str, problem: str) -> None:
    assert unsupported(field, value, evidence, note, today=NOTES_DAY) == problem


@pytest.mark.parametrize(
    "field, value, evidence, note",
    [
        ("pressure", "firm", "Likes firm pressure", NOTE),
        ("allergies", "nutOil", "Allergic to almond oil", "Allergic to almond oil."),
        ("allergies", "latex", "No latex gloves", "No latex gloves please."),  # kept away: the model may read it so
        ("allergies", "nutOil", "No nuts - allergic", "No nuts - allergic."),
        ("allergies", "essentialOils", "can't have lavender", "She can't have lavender."),
        ("allergies", "latex", "No known allergies except latex", "No known allergies except latex."),
        ("allergies", "nutOil", "allergic to nuts", "Not allergic to latex, but allergic to nuts."),
        ("allergies", "beeStings", "allergic to bee stings", "Very allergic to bee stings."),
        ("contraindications", "bloodThinners", "On warfarin", "On warfarin since 2020."),
        ("contraindications", "pregnancy", "22 weeks pregnant", "Now 22 weeks pregnant, no hot stones."),
        ("focus_areas", "lowerBack", "tight lower back", "Very tight lower back."),
        ("avoid_areas", "knees", "avoid the knees", "Please avoid the knees."),
        ("pressure", "light (shoulders)", "light on the shoulders", "Firm overall, light on the shoulders."),
        ("music", "silence", "no music", "Prefers firm pressure, no music."),
        ("scent", "lavender", "loves lavender", "Loves lavender."),
        ("scent", "unscented", "Doesn't want any scent", "Doesn't want any scent."),  # the offline engine's reading
        ("communication_style", "quiet", "prefers a quiet session", "She prefers a quiet session."),
    ],
)
def test_a_value_its_evidence_names_and_the_note_states_is_kept(field: str, value: str, evidence: str, note: str) -> None:
    assert unsupported(field, value, evidence, note, today=NOTES_DAY) is None


def test_one_occurrence_that_states_the_value_is_enough() -> None:
    note = "Mum is allergic to nuts. Also allergic to nuts herself, carries an epipen."
    assert unsupported("allergies", "nutOil", "allergic to nuts", note, today=NOTES_DAY) is None
    assert unsupported("allergies", "nutOil", "allergic to nuts", "Mum is allergic to nuts.", today=NOTES_DAY) == "someoneElse"
