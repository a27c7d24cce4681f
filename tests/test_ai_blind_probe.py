"""Cases from a blind black-box probe of the offline notes reader (80 notes written without reading the rules, with
the reading a careful senior therapist expects; 3 December 2026: 26 disagreements, 11 after these fixes).

Most cases failed before (most were allergies or conditions missed, the worst error a briefing can make); the
rest guard the new rules against reading too much.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def _values(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=TODAY).values(field)


def _allergies_and_conditions(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return profile.values("allergies"), profile.values("contraindications")


@pytest.mark.parametrize(("note", "allergies"), [
    # a bracketed reason sets the allergy apart, as a spaced dash does ("No latex - allergic")
    ("No latex (allergic).", ["latex"]),
    ("NO nuts, NO latex (both allergies). Firm pressure on back.", ["nutOil", "latex"]),
    # a flag with what to use instead, and a flag sentence on a longer line
    ("⚠️ LATEX ⚠️ use nitrile.", ["latex"]),
    ("LATEX - use nitrile gloves", ["latex"]),
    ("NUTS - grapeseed oil only", ["nutOil"]),
    ("⚠️ LATEX ⚠️ use nitrile. Hates lavender - smells like grandma's house lol", ["latex"]),
    # a reaction after a dash or in brackets
    ("aloe - causes rash, don't use the after-sun gel", ["aloe"]),
    ("aloe - rash", ["aloe"]),
    ("Aloe (rash).", ["aloe"]),
    ("Latex (hives)", ["latex"]),
    # an allergen the lexicon does not know, named before the word "allergy", a list's items too
    ("Sesame allergy.", ["sesame"]),
    ("Severe sesame allergy!", ["sesame"]),
    ("Penicillin allergy.", ["penicillin"]),
    ("BEE STING allergy (not relevant for tx but noted). also allergic to latex gloves", ["beeStings", "latex"]),
    ("Has a sulfa allergy", ["sulfa"]),
    ("Penicillin, sulfa & codeine allergies", ["penicillin", "sulfa", "codeine"]),
    ("Latex and nut allergy", ["nutOil", "latex"]),
    ("oat intolerance", ["oat"]),
    # "also" adds allergens the lexicon knows to an allergy stated just before
    ("NUT ALLERGY!!! severe. also latex", ["nutOil", "latex"]),
    ("Allergic to nuts. Plus: latex, shellfish", ["nutOil", "latex", "shellfish"]),
    ("peanut allergy!!! severe. also sesame", ["nutOil", "sesame"]),  # a common allergen the lexicon has no term for
    ("Nut allergy. Also vegan", ["nutOil"]),
    ("Nut allergy. Husband books too. Also latex", ["nutOil", "latex"]),  # the nearest allergy is hers
    ("Allergic to nuts. Also likes lavender", ["nutOil"]),
    ("Nut allergy. Also running late", ["nutOil"]),  # the first version read "runningLate"
    ("Latex allergy. Husband allergic to nuts. Also shellfish", ["latex"]),
    ("Likes lavender. Also sesame", []),
    ("No allergies. Also sesame", []),
])
def test_allergies_the_probe_found_missed_are_read(note: str, allergies: list[str]) -> None:
    assert sorted(_values(note, "allergies")) == sorted(allergies)


@pytest.mark.parametrize(("note", "allergies"), [
    ("Food allergy", []), ("Seasonal allergies", []), ("Pt has allergies", []),
    ("no penicillin or sulfa allergies", []), ("Husband's sulfa allergy", []), ("Previously penicillin allergy", []),
    ("Penicillin allergy - outgrew it", []), ("Latex allergy: no", []), ("No latex allergy", []),
    # no junk names: "both", "checked", an instruction after the dash
    ("No nuts or latex - allergic to both.", ["nutOil", "latex"]), ("no nut allergy (checked)", []),
    ("Cat allergy - keep door closed", ["cat"]), ("Skin allergy - be careful", []),
    # the word used of something else, or no name right before it
    ("Loves spring, allergy season is rough", []), ("Took allergy meds today", []), ("Spring allergies acting up", []),
    # from a second blind probe (100 notes using the word "allergy"): the first version of the rule made these up
    ("Allergist appointment 12/10; suspects mold allergy.", ["mold"]),
    ("Cold intolerance (thyroid) - extra blanket, heated table.", []),
    ("Seeing Allergy & Asthma Center of Austin on Monday.", []),
    ("Benadryl Allergy taken at 9am due to hives from poison ivy", []),
    ("Bought our Allergy-Safe body butter last visit, loved it", []),
    ("Shea butter allergy + cocoa butter allergy", ["sheaButter", "cocoaButter"]),
    ("Update allergy info", []), ("Called allergy office", []), ("Reviewed allergy history", []),
    ("Same allergy as last time", []), ("Outgrew her egg allergy as a kid.", []),
    ("Very allergy-prone family, mom has every allergy in the book. Client herself: none.", []),
    ("Allergies - denies", []),
    ("Used to have a penicillin allergy but tested negative in 2024 (delabeled).", []),
])
def test_no_allergen_is_made_up_from_kinds_denials_or_instructions(note: str, allergies: list[str]) -> None:
    assert sorted(_values(note, "allergies")) == sorted(allergies)


@pytest.mark.parametrize(("note", "allergies", "conditions"), [
    ("[ ] Pregnant", [], []),
    ("☐ surgery last month", [], []),
    ("[x] Pregnant", [], ["pregnancy"]),
    ("☑ Pregnant", [], ["pregnancy"]),
    ("[ ] Latex\n[x] Nuts", ["nutOil"], []),
    ("✅ latex", ["latex"], []),
])
def test_an_intake_forms_checkbox_is_its_answer(note: str, allergies: list[str], conditions: list[str]) -> None:
    """Before, "[ ] Pregnant" (left empty) read as pregnant and "[ ] Latex" as a latex flag, while "[x] Nuts" was
    missed."""
    assert _allergies_and_conditions(note) == (allergies, conditions)


@pytest.mark.parametrize(("note", "allergies"), [
    ("ALLERGIC TO CIPRO AND MORPHINE", ["cipro", "morphine"]),  # was "ciproAndMorphine"
    ("allergies • latex • tramadol • oranges 🍊", ["latex", "tramadol", "oranges"]),
    ("Allergic 2 latex and walnuts", ["latex", "nutOil"]),
])
def test_lists_in_capitals_bullets_and_text_speak(note: str, allergies: list[str]) -> None:
    assert _values(note, "allergies") == allergies


@pytest.mark.parametrize(("note", "conditions"), [
    ("pt states no allergies, no meds other than lisinopril for HBP. med pressure, quiet", ["hypertension"]),
    ("Takes 81mg aspirin daily per cardiologist, stent placed 2024.", ["bloodThinners", "heartCondition"]),
    ("Takes aspirin daily.", ["bloodThinners"]),
    ("currently doing radiation 2x/wk - gentle, no scents, warm blankets", ["cancerTreatment"]),
    # a checklist's "N" with no colon is a no
    ("Checklist: Pregnant N | Blood thinners N | High BP Y | Diabetes N | Recent surgery N | Allergies: latex",
     ["hypertension"]),
    ("Pregnant N\nBlood thinners N\nHigh BP Y", ["hypertension"]),
    ("Pregnant no hot stones", ["pregnancy"]),  # an instruction follows: no answer
])
def test_conditions_the_probe_found_misread_are_read(note: str, conditions: list[str]) -> None:
    assert sorted(_values(note, "contraindications")) == sorted(conditions)


@pytest.mark.parametrize(("note", "field", "values"), [
    ("Med pressure.", "pressure", ["medium"]),
    ("Hates being cold", "temperature", ["warm"]),
    ("Firm on back, loves heat", "temperature", ["warm"]),
    ("warm blankets", "temperature", ["warm"]),
    ("Chats the whole time lol", "communication_style", ["chatty"]),
    ("please don't talk to me lol", "communication_style", ["quiet"]),
    ("Pregnant?? ask at check-in", "communication_style", []),  # the front desk's check-in, not the guest's wish
    ("Likes check-ins on pressure", "communication_style", ["checkIns"]),
    # a level on a scale of ten
    ("Pressure 7/10", "pressure", ["firm"]),
    ("pressure: 8 out of 10", "pressure", ["firm"]),
    ("5/10 pressure", "pressure", ["medium"]),
    ("Pressure 10/10!", "pressure", ["deep"]),
    ("Pressure 2/10", "pressure", ["light"]),
    ("BP 120/80, pain 7/10", "pressure", []),
    ("Botox Tues 11/24 - no facial massage for 2 wks", "avoid_areas", ["face"]),
    ("Signature Facial, no extractions", "avoid_areas", []),
])
def test_preferences_the_probe_found_missed_are_read(note: str, field: str, values: list[str]) -> None:
    assert _values(note, field) == values


@pytest.mark.parametrize(("note", "conditions"), [
    # a third blind probe, of 100 notes about conditions: current conditions it missed
    ("pt on thinners since her stent last yr", ["bloodThinners", "heartCondition"]),
    ("on anticoags", ["bloodThinners"]),
    ("on heparin shots b/c of hip replacement 11/20/26", ["bloodThinners", "recentSurgery"]),
    ("hip replaced Nov 2nd, using a cane", ["recentSurgery"]),
    ("hysterectomy 3 wks ago", ["recentSurgery"]),
    ("knee scope 11/20", ["recentSurgery"]),
    ("lipo + BBL 3 wks ago!! lymphatic drainage only", ["recentSurgery"]),
    ("CHF, gets short of breath lying flat - prop her up", ["heartCondition"]),
    ("heart attack 2 months ago", ["heartCondition"]),
    ("MI last month", ["heartCondition"]),
    ("has an ICD (defibrillator)", ["heartCondition"]),
    ("22wks along w/ twins!! bring extra pillows", ["pregnancy"]),
    ("hx of 2 miscarriages, currently 10 wks - very anxious", ["pregnancy"]),
    ("PE in Oct, on Eliquis now", ["bloodClots", "bloodThinners"]),
    ("Stopped her retinol 2 days ago for the peel", ["retinoids"]),  # not yet off it a week
    # and ones it read falsely
    ("Pregnant [ ] | Blood thinners [x] | HBP [ ] | Diabetes [x]", ["bloodThinners", "diabetes"]),
    ("Surgery next month (gallbladder) - wants a massage before", []),
    ("tox + juvederm scheduled for 12/10 at derm", []),
    ("Botox last week, more scheduled next month", ["recentInjectables"]),
    ("stopped retinol 10 days ago", []),
    ("hip replacement 2015", []),
    ("Recent hysterectomy", ["recentSurgery"]),
    ("Hysterectomy - 3 weeks ago", ["recentSurgery"]),
    ("Hip replacement - 3 weeks ago", ["recentSurgery"]),
    ("gastric bypass 2018", []),
    ("mi esposo viene también", []),
    ("currently 6 wks into PT", []),
])
def test_conditions_from_the_conditions_probe(note: str, conditions: list[str]) -> None:
    assert sorted(_values(note, "contraindications")) == sorted(conditions)


#: From the session review of these rules (each failed with their first version).
SESSION_REVIEW = [
    # boxes printed after each term with no separator, or before
    ("Pregnant [ ] Blood thinners [x]", [], ["bloodThinners"]),
    ("Latex [x] Nuts [ ]", ["latex"], []),
    ("Latex [ ] Nuts [x]", ["nutOil"], []),
    ("[x] Latex [ ] Nuts", ["latex"], []),
    # a future word elsewhere in the segment does not cancel what has happened
    ("Botox 12/1 touch up planned", [], ["recentInjectables"]),
    ("Knee surgery this week and PT in 2 weeks", [], ["recentSurgery"]),
    ("Botox this morning - follow-up in 2 weeks", [], ["recentInjectables"]),
    ("Botox 12/10", [], ["recentInjectables"]),  # a date alone ahead is not enough to drop it: the safe side
    # no allergen made up from what follows or precedes the noun
    ("Prior sulfa allergy", ["sulfa"], []),
    ("Sulfa allergy - denied", [], []),
    ("Sulfa allergy - mom", [], []),
    ("Sulfa allergy (husband)", [], []),
    ("Sulfa allergy too", ["sulfa"], []),
    ("Jalapeño allergy", ["jalapeño"], []),
    # abbreviations only where they mean the condition
    ("Lives in MI", [], []), ("PE teacher", [], []), ("Lipo massage requested", [], []),
    ("Now 4 weeks between visits", [], []),
    ("LATEX - use non-latex gloves", ["latex"], []),
    ("Stopped retinol months ago, waxed 2 days ago", [], []),
]


#: From the re-review of the fixes above (each failed with the version before).
RE_REVIEW_1 = [
    ("Currently 24 weeks (twins)", [], ["pregnancy"]),
    ("Currently 28 weeks per OB", [], ["pregnancy"]),
    ("now 22 weeks today", [], ["pregnancy"]),
    ("Sulfa allergy, daughter reports hives", ["sulfa"], []),
    ("Penicillin allergy (mother says anaphylaxis)", ["penicillin"], []),
    ("1. [x] Latex [ ] Nuts", ["latex"], []),
    ("Allergies [x] Latex [ ] Nuts", ["latex"], []),
    ("Allergies [ ] Latex [x] Nuts", ["nutOil"], []),
    ("2. [ ] Pregnant [x] Blood thinners", [], ["bloodThinners"]),
    ("Post-lipo drainage massage #3", [], ["recentSurgery"]),
    ("Discussed allergy with husband", [], []),
]


def test_a_date_without_a_year_is_this_years_unless_far_ahead() -> None:
    """A date that has come keeps a planned touch-up's injectable recent: on 5 January "12/28" was last week (not
    next December), on 3 December "4/2" was in April (the first version took the nearest year, next April, and
    dropped "Tummy tuck 4/2" as still to come); a date just ahead with "planned" is still to come."""
    touch_up = "Botox 12/28, touch up planned"
    assert extract_profile_offline(touch_up, today=date(2027, 1, 5)).values("contraindications") == ["recentInjectables"]
    assert _values("Botox 4/2, touch up planned", "contraindications") == ["recentInjectables"]
    assert _values("Botox touch up planned for 12/20", "contraindications") == []


RE_REVIEW_2 = [
    # from a second re-review (each failed with the version before)
    ("Deep pressure [x] Latex [ ] Nuts [ ]", [], []),
    ("Lavender oil [x] Latex [ ]", [], []),
    ("Heat sensitivity [ ] Latex [x]", ["latex"], []),
    ("Sulfa allergy - husband only", [], []),
    ("Now 3 weeks (since last facial)", [], []),
    ("Currently 12 weeks due for touch-up", [], []),
    ("Tummy tuck 4/2 - post-op, still swollen", [], ["recentSurgery"]),
]


RE_REVIEW_3 = [
    # from a third re-review (each failed with the version before)
    ("Knee replacement, 3 weeks ago", [], ["recentSurgery"]),
    ("Hip replaced, last month", [], ["recentSurgery"]),
    ("Currently 16 weeks (first baby).", [], ["pregnancy"]),
    ("Now 20 wks and feeling great", [], ["pregnancy"]),
    ("Currently 14 weeks with her first", [], ["pregnancy"]),
    ("Medical history (check all that apply): [x] Pregnant [ ] Diabetes", [], ["pregnancy"]),
    ("Any allergies? [x] Latex [ ] Nuts", ["latex"], []),
    ("Q4. [x] Pregnant [ ] Diabetes", [], ["pregnancy"]),
    ("Allergy check ✔ Latex ☐ Nuts", ["latex"], []),
    ("Intake 12/1 - [x] Latex [ ] Nuts", ["latex"], []),
]


RE_REVIEW_4 = [
    # from a fourth re-review: boxes after their terms on a line that ends in words (the line-end rule read them
    # the other way), and boxes before their terms after a heading or a mark
    ("Pregnant [ ] Diabetes [x] Notes: none", [], ["diabetes"]),
    ("Pregnant [ ] Diabetes [ ] Epilepsy [x] - see notes", [], ["epilepsy"]),
    ("Latex ☐ Nuts ☑ Other ____", ["nutOil"], []),
    ("Latex [x] Nuts [ ] Other: none", ["latex"], []),
    ("[ ] Pregnant [x] Diabetes  confirmed ✔", [], ["diabetes"]),
    ("Allergies [x] Latex [ ] Nuts", ["latex"], []),
    ("Heat sensitivity [ ] Latex [x]", ["latex"], []),
    ("Pregnant [ ] | Blood thinners [x] | HBP [ ] | Diabetes [x]", [], ["bloodThinners", "diabetes"]),
]


RE_REVIEW_5 = [
    # from a fifth re-review: a term before the first box, or a box ending the line, puts boxes after their terms
    ("Heart condition [ ] Diabetes [x] Epilepsy [ ]", [], ["diabetes"]),
    ("Pregnant: [ ] Diabetes: [x]", [], ["diabetes"]),
    ("Food allergy [ ] Latex [x] Nuts [ ]", ["latex"], []),
    ("Contraindications [x] Diabetes [ ] Epilepsy", [], ["diabetes"]),
    ("Diabetes (type 1 or 2) [x] Epilepsy [ ]", [], ["diabetes"]),
    ("Latex allergy [x] Nut allergy [ ]", ["latex"], []),
    ("Latex allergy [ ] Nut allergy [x]", ["nutOil"], []),
    ("▢ Pregnant ☑ Diabetes ▢ Epilepsy", [], ["diabetes"]),
    ("Sesame allergy [ ]", [], []),
]


RE_REVIEW_6 = [
    # from a sixth re-review: a term earlier on the line (a preference, a heading's example) is no term the box follows
    ("Prefers firm pressure. Allergies: [x] Latex [ ] Nuts", ["latex"], []),
    ("Prefers firm pressure. [x] Diabetes [ ] Epilepsy [ ] Pregnant", [], ["diabetes"]),
    ("Likes lavender | [x] Latex [ ] Nuts [ ] Shellfish", ["latex"], []),
]


RE_REVIEW_7 = [
    # from a seventh re-review: "Term: [box]" lines, and a heading's examples in brackets
    ("Pregnant: [ ] Diabetes: [x] Notes: none", [], ["diabetes"]),
    ("Diabetes: [ ] Pregnant: [x] Epilepsy: [ ] Notes: 24 wks", [], ["pregnancy"]),
    ("Latex: [x] Nuts: [ ] Shellfish: [ ] Other: none", ["latex"], []),
    ("Allergies: [x] Latex [ ] Nuts", ["latex"], []),
]


RE_REVIEW_8 = [
    # from an eighth review: "rxn", as charts write a reaction, after "allergic"
    ("allergic rxn to grapeseed oil", ["grapeseedOil"], []),
    # an allergen the lexicon knows or a common one named before "sensitivity", as "latex sensitivity" is read
    ("Salicylate sensitivity", ["salicylate"], []),
    ("Sulfite sensitivity, latex allergy", ["latex", "sulfite", "sulfiteSensitivity"], []),  # sulfite was missed
    ("Caffeine sensitivity", ["caffeine"], []), ("Gluten sensitivity", ["gluten"], []),
    # common allergens after "also"
    ("Allergic to nuts. also mustard", ["nutOil", "mustard"], []),
    # a heading's examples in brackets, answered none, are not the guest's
    ("Medical history (diabetes, heart disease etc): none", [], []),
    ("Conditions (pregnancy, diabetes): N/A", [], []),
    ("Allergies (latex etc.): none", [], []),
    ("Allergies (latex, nuts): none known", [], []),
    ("Allergies (e.g. latex, nuts): no", [], []),  # was "latex" and "e"
    ("Allergies (sesame etc.): none", [], []),  # was "sesameEtc"
]


@pytest.mark.parametrize(("note", "allergies", "conditions"), [
    *SESSION_REVIEW, *RE_REVIEW_1, *RE_REVIEW_2, *RE_REVIEW_3, *RE_REVIEW_4, *RE_REVIEW_5, *RE_REVIEW_6, *RE_REVIEW_7,
    *RE_REVIEW_8,
])
def test_the_reviews_cases(note: str, allergies: list[str], conditions: list[str]) -> None:
    """Each review round's cases, each of which failed with the version of the rules before that round."""
    assert _allergies_and_conditions(note) == (allergies, conditions)


@pytest.mark.parametrize(("note", "allergies", "conditions"), [
    # read so before the eighth review's rules, and still: what they must not change
    ("Intake checklist: [x] Allergies: sesame", ["sesame"], []),
    ("Peanut allergy. also sesame", ["nutOil", "sesame"], []),
    ("Nut allergy. Also tired", ["nutOil"], []),  # an unknown word after "also" is no allergen
    ("Medical history: diabetes", [], ["diabetes"]),
    ("Allergies (severe): latex", ["latex"], []),
    ("Allergies (latex): hives", ["latex"], []),  # no examples: the bracket names her allergen
    ("Medical history (diabetes, heart etc): yes", [], ["diabetes"]),  # a yes keeps the examples (safe side)
    ("Medical history (diabetes, heart etc): [x]", [], ["diabetes"]),
    ("Allergies (latex etc.):", ["latex"], []),  # no answer: kept (safe side)
    ("Latex (gloves): no", [], []),
    ("Never had a rxn to anything", [], []), ("Husband had a rxn to grapeseed oil", [], []),
    ("Heat sensitivity", [], []), ("Increased sensitivity.", [], []), ("Scalp sensitivity", [], []),
    ("Left side sensitivity", [], []), ("No salicylate sensitivity", [], []),
    # a first version of the eighth review's rules got these wrong (found by a re-review): any answer but none keeps
    # a heading's examples; status words stay out of the way of the allergens after them; loose talk of
    # "sensitivity", test results, bracelets and notes names no allergen
    ("Allergies (including latex): severe", ["latex"], []),
    ("Allergies (latex, nuts etc): both", ["latex", "nutOil"], []),
    ("Medical history (diabetes, heart disease etc): type 2", [], ["diabetes", "heartCondition"]),
    ("Medical history (e.g. pregnancy): currently", [], ["pregnancy"]),
    ("Allergies: updated - penicillin, sulfa", ["updated", "penicillin", "sulfa"], []),  # "updated" on the safe side
    ("Allergies: reviewed - codeine, morphine", ["reviewed", "codeine", "morphine"], []),
    ("Lots of sensitivity", [], []), ("Client has a lot of sensitivity", [], []), ("Bruising sensitivity", [], []),
    ("Prostate sensitivity", [], []), ("Genuine sensitivity, not faking", [], []), ("Glucose sensitivity", [], []),
    ("Allergy test results: all clear", [], []), ("Allergy alert: therapist aware", [], []),
    ("Allergy bracelet: orange", [], []), ("Allergies noted: by Jess", [], []),
    ("Allergies: see chart (multiple)", [], []), ("Had a rxn to cupping - bruising", [], []),
    # and a second re-review, of the cut-back rules: "ok", "fine", "no issues" clear what a bracket lists rather than
    # deny it; a bracket with the guest's own details is hers; a sensitivity answered no is none; what an allergic
    # reaction was to must be a thing
    ("Cautions (latex allergy, pregnant): ok", ["latex"], []),
    ("Allergies (latex, nuts): ok", ["latex"], []),
    ("Medical history (diabetes, epilepsy): no problems", [], ["diabetes"]),
    ("Flags (pregnant, diabetes): ok", [], ["pregnancy"]),
    ("Allergies (sulfa?): none known", ["sulfa"], []),
    ("Allergies (nuts - anaphylaxis, carries epipen): none known", ["nutOil"], []),
    ("Medications (currently on warfarin, metformin): none noted", [], ["bloodThinners", "diabetes"]),
    ("Dust sensitivity none", [], []), ("Mold sensitivity no", [], []), ("Caffeine sensitivity test ordered", [], []),
    ("allergic reaction to the last facial", [], []), ("Allergic reaction to stress (hives)", [], []),
    # and a third: a none that the line or the next line goes on from is more than none; a treatment's or a
    # person's bracket gives the guest's own reasons; what a reaction was to ends at a dash
    ("Allergies (latex, nuts): No - but see below: latex gloves bother her", ["latex"], []),
    ("Allergies (latex, nuts): no?", ["latex"], []),
    ("Conditions (pregnant, diabetic): No\nchange since last visit", [], ["pregnancy"]),
    ("Hot stones (pregnant, diabetic): no", [], ["pregnancy"]),
    ("Mrs Lee (pregnant, diabetic): no-show, rebook", [], ["pregnancy"]),
    ("Update (pregnant, diabetic): nothing", [], ["pregnancy", "diabetes"]),
    ("Allergies (latex, nuts):\nnone", [], []),
    ("allergic reaction to cats - sneezing", ["cats"], []),
    ("Allergic reaction to wasp sting - huge swelling", ["waspStings"], []),
    ("allergic reaction to sauna", [], []),
    # and a fourth: after the none only another heading may follow; a heading about changes lists the guest's own
    ("Allergies (nuts, latex): none\nNUTS severe", ["nutOil"], []),
    ("Allergies (latex, nuts): none\n(except latex)", ["latex"], []),
    ("Medical history (diabetes, epilepsy): No\n\nPregnant: yes", [], ["pregnancy"]),
    ("Medication changes (warfarin, metformin): none", [], ["bloodThinners"]),
    ("Health update (pregnant, diabetic): no", [], ["pregnancy"]),
    ("allergic reaction to cupping", [], []), ("Allergic reaction to waxing - bumps", [], []),
    ("Corn sensitivity - avoid deep work on feet", [], []),
])
def test_what_the_eighth_reviews_rules_keep(note: str, allergies: list[str], conditions: list[str]) -> None:
    assert _allergies_and_conditions(note) == (allergies, conditions)


@pytest.mark.parametrize(("note", "allergies", "conditions"), [
    # a record exported on one line, its fields set apart by pipes, tabs or bullets: one field's "none" does not deny
    # another's answer (found by the fourth re-review; each failed before)
    ("Allergies: latex | Meds: none | Conditions: none", ["latex"], []),
    ("Allergies: sesame\tMedical hx: none", ["sesame"], []),
    ("Medical hx: none\tAllergies: sesame", ["sesame"], []),
    ("Allergies: none | Pregnant: yes", [], ["pregnancy"]),
    ("Allergies: latex • Meds: none", ["latex"], []),
    ("Allergies (latex, nuts): none\tPregnant: yes", [], ["pregnancy"]),
    ("Allergies: none | Medical hx (diabetes, epilepsy): none | Pregnant: yes", [], ["pregnancy"]),
    # a pipe before anything but a record field's heading is left alone: an allergen's own note is no field
    ("Pregnant N | Blood thinners N | Diabetes Y", [], ["diabetes"]),
    ("Allergies: latex | nuts: severe", ["latex", "nutOil"], []),
    ("Allergies: latex | shellfish: anaphylaxis", ["latex", "shellfish"], []),
    # nor a free-text field that may hold the answer of the one before (a fifth re-review)
    ("Allergies: yes | Notes: latex", ["latex"], []),
    ("Allergies: yes | Alerts: latex", ["latex"], []),
    ("Allergies (nuts, latex): none\nNotes: NUTS severe", ["nutOil"], []),
    # a sixth: nor before avoid / cautions; a free-text field answered none at the end is set apart, so its none
    # denies nothing ("Allergies: nuts | Notes: none" read nothing before); a heading's bracket is examples only
    # when the asking word ends the heading ("Medical clearance (pregnant, diabetic): no" is hers)
    ("Allergies: yes | Avoid: latex, nuts", ["latex", "nutOil"], []),
    ("Allergies: yes | Cautions: latex", ["latex"], []),
    ("Allergies: nuts | Notes: none", ["nutOil"], []), ("Allergies: arnica | Avoid: none", ["arnica"], []),
    ("Pregnant: yes | Notes: none", [], ["pregnancy"]),
    ("Medical clearance (pregnant, diabetic): no", [], ["pregnancy"]),
    ("Medications brought (insulin, warfarin): none", [], ["diabetes"]),  # as before the eighth round
    # a seventh: a line with a free-text field that says something is read whole (it may answer any field before
    # it); "X sensitivity allergy" keeps its name
    ("Allergies: yes | Room: 3 | Avoid: nuts", ["nutOil"], []),
    ("Allergies: yes | Pressure: firm | Avoid: latex", ["latex"], []),
    ("Allergies (nuts, latex): none | Meds: none | Notes: NUTS severe", ["nutOil"], []),
    ("Sulfa sensitivity allergy", ["sulfaSensitivity"], []),
    # only an allergy field that leaves its answer elsewhere keeps the line whole (an eighth review)
    ("Allergies: yes - latex | Meds: none | Notes: prefers quiet room", ["latex"], []),
    ("Allergies: nuts • Meds (e.g. aspirin): none • Notes: late", ["nutOil"], []),
])
def test_fields_exported_on_one_line_are_read_one_by_one(note: str, allergies: list[str], conditions: list[str]) -> None:
    assert _allergies_and_conditions(note) == (allergies, conditions)


@pytest.mark.parametrize(("note", "allergies", "conditions"), [
    # a ninth blind review: an allergy denied as "nothing" / "none" then "but" / "except" and nothing but known
    # allergens up to the clause's end is an exception, as "No allergies except latex" is (each read nothing before)
    ("Allergic to nothing but latex", ["latex"], []),
    ("Allergic to nothing but latex.", ["latex"], []),
    ("Allergic to none but latex", ["latex"], []),
    ("Allergies: nothing but latex", ["latex"], []),
    ("Allergic to none but nuts and latex", ["nutOil", "latex"], []),
    ("Allergic to nothing except latex and tree nuts.", ["latex", "nutOil"], []),
    ("Allergic to nothing except bee stings and penicillin", ["beeStings", "penicillin"], []),
    ("Allergies: nothing but latex, nuts", ["latex", "nutOil"], []),
    ("Allergies: nothing but latex, nuts, and sesame", ["latex", "nutOil", "sesame"], []),
    ("Allergic to: nothing but nuts (anaphylaxis)", ["nutOil"], []),
    ("Not allergic to anything but latex", ["latex"], []),
    ("Allergic to nothing but sulfa drugs", ["sulfaDrugs"], []),
    ("Allergies: none but dust mites & wasp venom (severe, EpiPen)!", ["dustMites", "waspVenom"], []),
    ("Client is allergic to nothing but penicillin\nPregnant 20 wks", ["penicillin"], ["pregnancy"]),
    ("ALLERGIES: NONE BUT SHELLFISH; on Eliquis", ["shellfish"], ["bloodThinners"]),
    ("Allergies: none except bee stings", ["beeStings"], []),  # "none except", read before the ninth round too
])
def test_nothing_but_known_allergens_is_an_exception(note: str, allergies: list[str], conditions: list[str]) -> None:
    assert _allergies_and_conditions(note) == (allergies, conditions)


@pytest.mark.parametrize("note", [
    # two re-reviews of the ninth round: any other word after "nothing but" (a liked scent, an oil, a joke, more of
    # the note) and it reads nothing, as before the ninth round
    "Allergic to nothing but nuts, loves lavender and eucalyptus",
    "Allergies: none but lavender preferred",
    "Allergies: none but lavender, please",
    "Allergies: none but lavender (her favorite)",
    "Allergies: none but coconut oil preferred",
    "Allergic to nothing but latex jokes",
    "Allergic to nothing but latex gloves",
    "Allergic to nothing but Mondays",
    "Allergies: nothing but good things to say",
    "Allergies: none but hates lavender",
    "Allergic to nothing but firm pressure please",
    "Allergic to nothing but latex or nitrile?",
    "Allergic to nothing but nuts (per mom)",
    "Allergic to nothing but latex - ruled out",
    "Allergic to nothing except likes lavender",
    "Allergies: nothing, loves all scents except lavender",
    # never a scent, an essential oil or an oil, even alone
    "Allergic to nothing but lavender",
    "Allergic to nothing but eucalyptus and peppermint",
    "Allergies: nothing but chamomile",
    "Allergies: none but fragrance",
    "Allergies: none but coconut oil",
    "Allergies: none but almond oil",
    # not after a comma or a dash, not someone else's ("No known allergies but latex" was pinned here as nothing;
    # it is latex now, as "NKA but latex" and "No known allergies except latex" are: the safe side is to warn, and
    # the rule's limits hold: tests/test_notes_lost_allergies.py)
    "Allergies: none — but latex",
    "Her husband is allergic to nothing but latex",
    # a final re-review: someone else named before it, in the sentence or the record field before
    "Her husband. He is allergic to nothing but nuts.",
    "Her son is coming too. He is allergic to nothing but nuts.",
    "Her daughter Emma comes too. She's allergic to nothing but nuts.",
    "Mom says. She is allergic to nothing but nuts",
    "Son | Allergic to nothing but nuts",
    "Husband | Not allergic to anything but latex",
    "Partner | He's allergic to nothing but shellfish",
    "Kids | Allergic to nothing but nuts",
    "Child (age 7). Allergic to nothing but shellfish",
])
def test_nothing_but_reads_nothing_else(note: str) -> None:
    assert _values(note, "allergies") == []


@pytest.mark.parametrize(("note", "kept"), [
    # the ninth round read a "not now" answer as the condition's end; two re-reviews found conditions lost that the
    # next line or a later field contradicts, so the rule is gone: "not currently" keeps the condition (the safe side)
    ("Pregnancy: not currently.", "pregnancy"),
    ("Pregnant: not at the moment", "pregnancy"),
    ("Pregnant - no longer", "pregnancy"),
    ("Blood thinners: not currently", "bloodThinners"),
    ("Retinol: not currently", "retinoids"),
    ("Accutane: not currently", "isotretinoin"),
    ("Pregnant: not at the moment\nNotes: expecting, 10 wks", "pregnancy"),
    ("Pregnant: not currently\nUpdate 12/2: positive test!", "pregnancy"),
    ("Pregnant: not currently\n(late period, test pending)", "pregnancy"),
    ("Pregnant: not at this time\nEDD: 6/1/2027", "pregnancy"),
    ("Blood thinners: not currently\nTakes aspirin 325 daily", "bloodThinners"),
    ("Retinol: not currently\nStopped 2 days ago", "retinoids"),
    ("Pregnant: not currently | Meds: none | Notes: 12 wks", "pregnancy"),
    ("Pregnant 14wks, Meds: not currently", "pregnancy"),
    ("Epilepsy: not at the moment (on Keppra)", "epilepsy"),
    ("Pregnant: not currently - update 12/1: now pregnant, 6 wks", "pregnancy"),
    ("Retinol: not currently | Pregnant 20 wks", "retinoids"),
])
def test_a_not_now_answer_keeps_the_condition(note: str, kept: str) -> None:
    assert kept in _values(note, "contraindications")


@pytest.mark.parametrize(("note", "allergies"), [
    # the ninth round carried an allergy list past ", and" / ", or" and "latex gloves"; the re-reviews found junk
    # allergies named from what follows, so neither is read: the list ends there, as before the ninth round
    ("Allergic to penicillin, and requests female therapist", ["penicillin"]),
    ("Allergic to penicillin, and the cold", ["penicillin"]),
    ("Allergic to penicillin, and Mondays", ["penicillin"]),
    ("Allergic to penicillin, and others", ["penicillin"]),
    ("Allergic to penicillin, and possibly sulfa", ["penicillin"]),
    ("Allergic to penicillin, or possibly sulfa", ["penicillin"]),
    ("Allergic to penicillin, and she hates lavender", ["penicillin"]),
    ("Allergic to sulfa, latex gloves, and Mondays lol", ["latex", "sulfa"]),
    ("Allergic to latex gloves and the cold", ["latex"]),
    ("Allergic to latex gloves and requests female therapist", ["latex"]),
    ("Allergic to latex gloves and possibly sulfa", ["latex"]),
])
def test_an_allergy_list_ends_at_a_comma_and_and_at_gloves(note: str, allergies: list[str]) -> None:
    assert _values(note, "allergies") == allergies
