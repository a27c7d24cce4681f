"""The offline notes → profile engine: the labelled evaluation set, negation and history, intake, vocabulary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spa_copilot.ai.evaluation import load_eval_rows, score
from spa_copilot.ai.extraction import extract_profile_offline, normalise_safety_name
from spa_copilot.ai.vocabulary import (
    ALLERGIES,
    ALLERGY_CONTRAINDICATIONS,
    BODY_AREAS,
    COMMUNICATION_STYLES,
    CONTRAINDICATIONS,
    MUSIC,
    PRESSURE_LEVELS,
    SERVICE_CONTRAINDICATIONS,
    TEMPERATURES,
    service_conflicts,
)
from spa_copilot.domain import HealthHistory

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

FIXTURES = Path(__file__).parent / "fixtures"


def test_eval_set_is_large_and_labelled() -> None:
    rows = load_eval_rows(FIXTURES / "notes_eval.jsonl")
    assert len(rows) >= 60
    assert len({row["id"] for row in rows}) == len(rows)
    negation_or_history = [r for r in rows if any(w in r["text"].lower() for w in ("not ", "no longer", "stopped", "used to", "was "))]
    assert len(negation_or_history) >= 15


@pytest.mark.parametrize("path", ["notes_eval.jsonl", "notes_holdout.jsonl", "notes_holdout2.jsonl", "notes_holdout3.jsonl"])
def test_offline_engine_meets_the_safety_recall_goal(path: str) -> None:
    result = score(load_eval_rows(FIXTURES / path))
    for field in ("allergies", "contraindications"):
        assert result.fields[field].recall >= 0.9, (field, result.misses)
        assert result.fields[field].precision >= 0.8, (field, result.misses)


def test_offline_engine_meets_the_safety_recall_goal_on_held_out_set_5() -> None:
    """Set 5 (written blind 7 December 2026: reaction-led lines, intake exports, shorthand, Spanish; first look 0.63
    allergy recall) at the recall goal after session 51's mends; its allergy precision is lower (0.83: "Latex-free
    gloves used (standard)" and a mother's allergy in Spanish are read as hers, the cautious side)."""
    result = score(load_eval_rows(FIXTURES / "notes_holdout5.jsonl"))
    for field in ("allergies", "contraindications"):
        assert result.fields[field].recall >= 0.9, (field, result.misses)
    assert result.fields["allergies"].precision >= 0.75, result.misses
    assert result.fields["contraindications"].precision >= 0.85, result.misses


def test_offline_engine_meets_the_safety_recall_goal_on_held_out_set_4() -> None:
    """Set 4 (med-spa charts, British English, dictation) at the recall goal; its allergy precision is lower (0.71:
    real allergens outside the vocabulary such as lidocaine and plasters), so only a floor that keeps it from falling
    further is asserted."""
    result = score(load_eval_rows(FIXTURES / "notes_holdout4.jsonl"))
    for field in ("allergies", "contraindications"):
        assert result.fields[field].recall >= 0.9, (field, result.misses)
    assert result.fields["allergies"].precision >= 0.55, result.misses
    assert result.fields["contraindications"].precision >= 0.85, result.misses


def test_offline_engine_on_preferences_is_useful() -> None:
    result = score(load_eval_rows(FIXTURES / "notes_eval.jsonl"))
    for field in ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "communication_style"):
        assert result.fields[field].recall >= 0.8, (field, result.misses)
        assert result.fields[field].precision >= 0.8, (field, result.misses)


@pytest.mark.parametrize(
    ("note", "field", "expected"),
    [
        ("No longer pregnant, baby arrived in May.", "contraindications", []),
        ("Pregnant (22 weeks).", "contraindications", ["pregnancy"]),
        ("Not allergic to latex.", "allergies", []),
        ("Not allergic to latex, but allergic to almond oil.", "allergies", ["nutOil"]),
        ("Her husband has a nut allergy.", "allergies", []),
        ("No nuts, latex or fragrance allergies.", "allergies", []),
        ("Latex fine.", "allergies", []),
        ("Stopped Accutane two years ago.", "contraindications", []),
        ("Stopped Accutane two months ago.", "contraindications", ["isotretinoin"]),
        ("Used to take warfarin.", "contraindications", []),
        ("Takes warfarin daily.", "contraindications", ["bloodThinners"]),
        ("Pregnant? No.", "contraindications", []),
        ("Currently on isotretinoin (Accutane): no peels.", "contraindications", ["isotretinoin"]),
        ("Diagnosed with hypertension years ago, managed with meds.", "contraindications", ["hypertension"]),
        ("Mother has high blood pressure.", "contraindications", []),
        ("Prefers firm, but light on shoulders.", "pressure", ["firm", "light (shoulders)"]),
        ("No deep tissue please.", "pressure", []),
        ("Likes soft piano music.", "pressure", []),
        ("Skip shoulders today, focus on legs.", "avoid_areas", ["shoulders"]),
        ("Skip shoulders today, focus on legs.", "focus_areas", ["legs"]),
        ("No music, firm pressure.", "pressure", ["firm"]),
        ("No music, firm pressure.", "music", ["silence"]),
        ("Hates music.", "music", ["silence"]),
        ("No background music please", "music", ["silence"]),
        ("Doesnt like music during facials", "music", ["silence"]),
        ("Not a fan of music - latex allergy", "music", ["silence"]),
        ("Loves music, does like it loud", "music", []),
        ("Not chatty at all.", "communication_style", ["quiet"]),
        ("Doesn't like lavender; likes eucalyptus.", "scent", ["eucalyptus"]),
        ("Lavender allergy.", "allergies", ["essentialOils"]),
    ],
)
def test_negation_history_and_context(note: str, field: str, expected: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values(field) == expected


def test_second_held_out_set_is_new_and_labelled() -> None:
    rows = load_eval_rows(FIXTURES / "notes_holdout2.jsonl")
    earlier = {r["text"] for name in ("notes_eval.jsonl", "notes_holdout.jsonl") for r in load_eval_rows(FIXTURES / name)}
    assert len(rows) >= 45 and len({r["id"] for r in rows}) == len(rows)
    assert not earlier & {r["text"] for r in rows}


@pytest.mark.parametrize(
    ("note", "field", "expected"),
    [
        # a history cue reaches only its own comma segment; "now", "currently", "on <drug>" are current
        ("Had a DVT in 2019, now on Eliquis.", "contraindications", ["bloodThinners"]),
        ("Knee surgery in 2018, currently on Xarelto.", "contraindications", ["bloodThinners"]),
        ("Was on Accutane years ago, now uses tretinoin.", "contraindications", ["retinoids"]),
        ("Former smoker, recent hip surgery (3 weeks ago).", "contraindications", ["recentSurgery"]),
        ("Hip surgery last year, fully healed.", "contraindications", []),
        ("Used to take warfarin, Plavix too.", "contraindications", []),
        ("No longer on Eliquis.", "contraindications", []),
        # isotretinoin: six months; unsure means still relevant
        ("Stopped Accutane in March.", "contraindications", ["isotretinoin"]),
        ("Stopped Accutane 8 months ago.", "contraindications", []),
        ("Stopped Accutane in 2019.", "contraindications", []),
        # "no/avoid X" + a sensitivity word anywhere in the sentence
        ("No nut oils - severe allergy.", "allergies", ["nutOil"]),
        ("No lavender – allergy.", "allergies", ["essentialOils"]),
        ("No latex, she's allergic.", "allergies", ["latex"]),
        ("Avoid almond oil, allergic.", "allergies", ["nutOil"]),
        ("No lavender, it makes her nauseous.", "allergies", ["essentialOils"]),
        ("Avoid coconut oil, she breaks out.", "allergies", ["coconut"]),
        ("No peanut oil — anaphylactic.", "allergies", ["nutOil"]),
        # ... unless the negation governs the allergy, or it is someone else's
        ("Not allergic to latex, no nuts in the blend though.", "allergies", []),
        ("No known allergies. No latex gloves needed.", "allergies", []),
        ("Allergic to latex gloves? No.", "allergies", []),
        ("Husband is allergic to shellfish.", "allergies", []),
        ("No latex - her husband is allergic.", "allergies", []),
        ("Husband books too; he's allergic to latex.", "allergies", []),
        ("Her husband books too; she's allergic to latex.", "allergies", ["latex"]),
        ("No nuts or latex allergies.", "allergies", []),
        ("Avoid lavender, she dislikes it.", "scent", []),
        # allergens the lexicon does not know are kept under a plain name
        ("Allergic to penicillin.", "allergies", ["penicillin"]),
        ("Allergic to latex and bee stings.", "allergies", ["latex", "beeStings"]),
        ("Allergies: penicillin, sulfa drugs.", "allergies", ["penicillin", "sulfaDrugs"]),
        ("Allergies: N/A.", "allergies", []),
        ("Allergic to nothing as far as she knows.", "allergies", []),
        ("Sensitive to fragrance, unscented products only.", "allergies", ["fragrance"]),
        ("ALLERGIC TO NUT OILS - grapeseed only, pressure: medium", "allergies", ["nutOil"]),
        ("ALLERGIC TO NUT OILS - grapeseed only, skip feet, likes water w/ lemon", "allergies", ["nutOil"]),
        ("no lavender, citrus ok, ALLERGIC TO NUT OILS - grapeseed only", "allergies", ["nutOil"]),
        # new phrases
        ("BP controlled with meds.", "contraindications", ["hypertension"]),
        ("Takes blood pressure medication.", "contraindications", ["hypertension"]),
        ("Not on blood pressure meds.", "contraindications", []),
        ("Currently on tamoxifen.", "contraindications", ["cancerTreatment"]),
        ("Letrozole since her surgery in 2020.", "contraindications", ["cancerTreatment"]),
        ("Warfarin since 2015.", "contraindications", ["bloodThinners"]),
        ("Immunotherapy every 3 weeks.", "contraindications", ["cancerTreatment"]),
        ("Radiation therapy finished in 2015.", "contraindications", []),
        ("Expecting in June!", "contraindications", ["pregnancy"]),
        ("Due in March with her second.", "contraindications", ["pregnancy"]),
        ("Knee replacement 10 days ago.", "contraindications", ["recentSurgery"]),
        ("On warfarin since her knee replacement.", "contraindications", ["bloodThinners"]),
        ("Deep pressure except lower back.", "pressure", ["deep"]),
        ("Deep pressure except lower back.", "avoid_areas", ["lowerBack"]),
        ("Keep it light, bruises easily.", "pressure", ["light"]),
        ("Stay clear of the left leg.", "avoid_areas", ["legs"]),
        ("Port on the chest, don't press there.", "avoid_areas", ["chest"]),
    ],
)
def test_history_allergy_and_lexicon_rules(note: str, field: str, expected: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values(field) == expected


def test_unknown_intake_allergies_get_plain_names() -> None:
    profile = extract_profile_offline("Firm.", intake=HealthHistory(allergies=["Bee stings", "nuts", "N/A"]), today=NOTES_DAY)
    assert profile.values("allergies") == ["beeStings", "nutOil"]


def test_intake_conditions_and_medications_the_vocabulary_does_not_know_are_kept_as_written() -> None:
    intake = HealthHistory(
        conditions=["Kidney disease", "kidney  disease", "N/A", "high blood pressure"], medications=["sertraline", "warfarin"]
    )
    profile = extract_profile_offline("Allergic to lavender.", intake=intake, today=NOTES_DAY)
    assert profile.values("allergies") == ["essentialOils"]
    assert profile.values("contraindications") == ["Kidney disease", "hypertension", "sertraline", "bloodThinners"]
    assert profile.contraindications[2].evidence == "intake medications: sertraline"


def test_every_value_carries_the_phrase_it_came_from() -> None:
    note = "Prefers firm pressure but light on the shoulders. Allergic to almond oil; carries an EpiPen."
    profile = extract_profile_offline(note, today=NOTES_DAY)
    for field in ("pressure", "allergies"):
        for item in getattr(profile, field):
            assert item.evidence and item.evidence.lower() in note.lower()
    assert profile.allergies[0].evidence == "Allergic to almond oil"


def test_intake_answers_are_normalised_and_joined_with_the_notes() -> None:
    intake = HealthHistory(allergies=["nuts", "none"], conditions=["High blood pressure"], medications=["apixaban"], pregnant=True)
    profile = extract_profile_offline("Likes firm pressure.", intake=intake, today=NOTES_DAY)
    assert profile.values("allergies") == ["nutOil"]
    assert profile.values("contraindications") == ["hypertension", "bloodThinners", "pregnancy"]
    assert profile.allergies[0].evidence == "intake allergies: nuts"


def test_values_stay_inside_the_canonical_vocabulary() -> None:
    allowed = {
        "allergies": set(ALLERGIES),
        "contraindications": set(CONTRAINDICATIONS),
        "temperature": set(TEMPERATURES),
        "music": set(MUSIC),
        "communication_style": set(COMMUNICATION_STYLES),
        "focus_areas": set(BODY_AREAS),
        "avoid_areas": set(BODY_AREAS),
    }
    for row in load_eval_rows(FIXTURES / "notes_eval.jsonl"):
        profile = extract_profile_offline(row["text"], today=NOTES_DAY)
        for field, names in allowed.items():
            assert set(profile.values(field)) <= names, (row["id"], field)
        for value in profile.values("pressure"):
            assert value.split(" (")[0] in PRESSURE_LEVELS


def test_vocabulary_matches_the_sandbox_services() -> None:
    from spa_copilot.sandbox.notes_corpus import CONTRAINDICATION_SIGNALS, HEALTH_TERMS

    assert set(CONTRAINDICATION_SIGNALS) <= set(SERVICE_CONTRAINDICATIONS)
    for raw in HEALTH_TERMS["allergies"]:
        name = normalise_safety_name("allergies", raw)
        assert name in ALLERGIES, raw
        assert ALLERGY_CONTRAINDICATIONS[name] in CONTRAINDICATION_SIGNALS, raw
    assert normalise_safety_name("contraindications", "adapalene") == "retinoids"


def test_service_conflicts_use_the_service_spelling_of_allergies() -> None:
    conflicts = service_conflicts(
        allergies=["nutOil"], contraindications=["pregnancy"], service_contraindications=["nutAllergy", "sunburn", "pregnancy"]
    )
    assert conflicts == ["nutAllergy", "pregnancy"]


# --- review D: missed allergies and false positives ---


@pytest.mark.parametrize(
    "note, allergies",
    [
        ("Allergies:\n- latex\n- nuts\n- shellfish\nPrefers firm pressure.", ["latex", "nutOil", "shellfish"]),
        ("Allergies:\n  * Latex\n  * Almond oil", ["latex", "nutOil"]),
        ("Allergies:\n1. latex\n2. bee stings", ["latex", "beeStings"]),
        ("Allergies:\n• penicillin", ["penicillin"]),
    ],
)
def test_items_listed_under_an_allergies_heading_are_all_kept(note: str, allergies: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == allergies


def test_a_conditions_heading_reaches_its_bullets_and_a_list_ends_at_the_first_plain_line() -> None:
    profile = extract_profile_offline("Conditions:\n  * Pregnant (22 wks)\n  * On warfarin\nFirm pressure.\n- latex gloves ok", today=NOTES_DAY)
    assert profile.values("contraindications") == ["pregnancy", "bloodThinners"]
    assert profile.values("allergies") == []
    assert profile.contraindications[1].evidence == "Conditions: On warfarin"


@pytest.mark.parametrize(
    "note, allergies",
    [
        ("No known allergies except latex.", ["latex"]),
        ("NKA except nuts", ["nutOil"]),
        ("No allergies apart from shellfish.", ["shellfish"]),
        ("No allergies other than latex.", ["latex"]),
        ("Allergies: none except latex", ["latex"]),
        ("No other allergies besides nuts.", ["nutOil"]),
        ("No known allergies except penicillin.", ["penicillin"]),
        ("Allergies: none except bee stings", ["beeStings"]),
        ("Allergic to: penicillin", ["penicillin"]),
        ("Allergic to: latex", ["latex"]),
    ],
)
def test_an_allergy_after_an_exception_to_a_denial_is_kept(note: str, allergies: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == allergies


def test_an_exception_without_a_denial_is_not_an_allergy() -> None:
    assert extract_profile_offline("Deep pressure except lower back.", today=NOTES_DAY).values("allergies") == []
    assert extract_profile_offline("Husband has no allergies except latex.", today=NOTES_DAY).values("allergies") == []


@pytest.mark.parametrize("note", ["Pregnancy: N", "Pregnant - N/A", "Pregnancy - no", "Pregnant? N", "Pregnant: N"])
def test_a_no_answer_after_pregnant_is_not_pregnancy(note: str) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("contraindications") == []


def test_a_yes_answer_after_pregnant_still_is() -> None:
    assert extract_profile_offline("Pregnant: Y", today=NOTES_DAY).values("contraindications") == ["pregnancy"]
    assert extract_profile_offline("Is she pregnant? Yes - 12 weeks", today=NOTES_DAY).values("contraindications") == ["pregnancy"]


@pytest.mark.parametrize(
    "note",
    ["Peanut allergy ruled out by allergist.", "Previously allergic to latex, outgrew it.", "Used to be allergic to latex."],
)
def test_an_allergy_ruled_out_or_outgrown_is_not_current(note: str) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == []


@pytest.mark.parametrize(
    "note, allergies",
    [
        ("Latex allergy - Y", ["latex"]),
        ("Nut allergy: Y", ["nutOil"]),
        ("Allergies: see chart", []),
        ("Allergies: TBD", []),
        ("Latex allergy - N", []),
    ],
)
def test_answers_and_placeholders_are_not_allergen_names(note: str, allergies: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == allergies


def test_unknown_allergen_names_are_short_scrubbed_noun_phrases() -> None:
    from spa_copilot.ai.extraction import raw_allergen_name

    assert raw_allergen_name("cat dander (Okonkwo household)") == "catDander"
    assert raw_allergen_name("okonkwoFamilyCat", names=["Okonkwo"]) == "familyCat"
    assert raw_allergen_name("call mum 4155550101") == ""
    assert raw_allergen_name("the perfume Dr Patel wears") == "perfume"
    assert raw_allergen_name("bee stings") == "beeStings"
    profile = extract_profile_offline("Allergic to penicillin, call mum 4155550101.", today=NOTES_DAY)
    assert profile.values("allergies") == ["penicillin"]


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Latex: no. Nuts: yes.", ["nutOil"]),
        ("Latex - no. Nuts - YES.", ["nutOil"]),
        ("Shellfish? yes (hives)", ["shellfish"]),
        ("Nuts: no", []),
        ("Lavender: yes", []),  # a scent answered yes is a preference
        ("Husband - nuts: yes", []),
    ],
)
def test_an_intake_checklist_answered_yes_is_an_allergy(note: str, allergies: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == allergies


# --- an oil or scent the note allows, inside an allergy's clause ---


@pytest.mark.parametrize(
    ("note", "allergies", "scent"),
    [
        ("ALLERGIC TO NUT OILS - grapeseed only, citrus oil ok", ["nutOil"], ["citrus"]),
        (
            "focus feet, no scalp - extensions, ALLERGIC TO NUT OILS - grapeseed only, citrus oil ok, fragrance sensitive",
            ["nutOil", "fragrance"],
            ["citrus"],
        ),
        ("Allergic to nuts, lavender is fine", ["nutOil"], ["lavender"]),
        ("Allergic to nut oils, fine with lavender", ["nutOil"], ["lavender"]),
        ("Allergic to nuts, can have lavender", ["nutOil"], ["lavender"]),
        ("Sensitive to scents - lavender only", ["fragrance"], ["lavender"]),
        ("Allergic to nuts, essential oils are okay", ["nutOil"], []),
        ("Allergic to lavender, rose ok", ["essentialOils"], ["rose"]),
        # what the note does not clearly allow stays an allergy
        ("Allergic to lavender only", ["essentialOils"], []),
        ("Allergic to nuts, citrus oil not ok", ["nutOil", "essentialOils"], []),
        ("Allergic to nuts, citrus ok?", ["nutOil", "essentialOils"], []),
        ("Allergic to latex, eucalyptus is ok and lavender", ["latex", "essentialOils"], ["eucalyptus"]),
    ],
)
def test_an_oil_the_note_allows_in_an_allergy_clause_is_not_an_allergy(
    note: str, allergies: list[str], scent: list[str]
) -> None:
    profile = extract_profile_offline(note, today=NOTES_DAY)
    assert (profile.values("allergies"), profile.values("scent")) == (allergies, scent)


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Prefers a light touch, anything firmer makes them tense up.", ["light"]),
        ("Deep pressure hurts, medium is perfect", ["medium"]),
        ("Firm pressure.", ["firm"]),
    ],
)
def test_a_pressure_the_guest_cannot_take_is_not_a_preference(note: str, pressure: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("pressure") == pressure


# --- a refusal is not a denial: "can't have X" after an allergy, and on its own ---


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        # a later item of an allergy's clause, phrased as a refusal, is an allergy too
        ("Allergic to nuts, can't have lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, not fine with lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, cannot have lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, can not use lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, no lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, don't use lavender oil", ["nutOil", "essentialOils"]),
        ("Allergic to nuts and can't have lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, can't tolerate eucalyptus", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, doesn't tolerate latex", ["nutOil", "latex"]),
        ("Allergic to latex, can't have coconut oil", ["latex", "coconut"]),
        ("Allergies: shellfish, can’t use lavender", ["shellfish", "essentialOils"]),
        ("Nut allergy, can't have lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts - can't have lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, unable to use latex gloves", ["nutOil", "latex"]),
        ("Allergic to nuts, can't have lavender or eucalyptus", ["nutOil", "essentialOils"]),
        ("Nut allergy, no lavender", ["nutOil", "essentialOils"]),
        ("Latex allergy - avoid lavender", ["latex", "essentialOils"]),
        # the same refusals on their own, or in another sentence
        ("Can't have lavender", ["essentialOils"]),
        ("Cannot have nut oils.", ["nutOil"]),
        ("Can not use latex gloves.", ["latex"]),
        ("Can't tolerate strong scents.", ["fragrance"]),
        ("Not fine with lavender.", ["essentialOils"]),
        ("Lavender is not ok.", ["essentialOils"]),
        ("Latex isn't ok for her.", ["latex"]),
        ("Lavender makes her ill.", ["essentialOils"]),
        ("Eucalyptus makes him feel unwell.", ["essentialOils"]),
        ("Allergic to nuts. Can't have lavender.", ["nutOil", "essentialOils"]),
        ("Allergic to nuts; not fine with lavender", ["nutOil", "essentialOils"]),
        ("Loves rose, can't have eucalyptus.", ["essentialOils"]),
        ("No longer allergic to nuts, can't have lavender", ["essentialOils"]),
        ("Was allergic to latex as a child, can't have lavender", ["latex", "essentialOils"]),
    ],
)
def test_a_refusal_of_an_allergen_or_oil_is_an_allergy(note: str, allergies: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == allergies


@pytest.mark.parametrize(
    ("note", "allergies", "scent"),
    [
        # what the note allows, denies or gives to someone else stays as it was
        ("Allergic to nuts, citrus oil ok", ["nutOil"], ["citrus"]),
        ("Allergic to nuts, fine with citrus", ["nutOil"], ["citrus"]),
        ("Allergic to nuts, can have citrus", ["nutOil"], ["citrus"]),
        ("ALLERGIC TO NUT OILS - grapeseed only, citrus oil ok", ["nutOil"], ["citrus"]),
        ("Allergic to nuts, not latex", ["nutOil"], []),
        ("Allergic to nuts, no latex allergy", ["nutOil"], []),
        ("Not allergic to latex", [], []),
        ("Not allergic to latex, no nuts in the blend though.", [], []),
        ("No longer allergic to nuts", [], []),
        ("Previously allergic to latex, outgrew it.", [], []),
        ("Her husband can't have nuts.", [], []),
        ("Husband books too; he can't have nuts.", [], []),
        ("No nuts or latex allergies, no lavender", [], []),
        ("Not sensitive to fragrance.", [], []),
        ("Allergic to shellfish, not sensitive to fragrance", ["shellfish"], []),
        ("Can't have lavender? No", [], []),
        ("Her husband is allergic to nuts, he can't have lavender either", [], []),
        ("Allergic to nuts, lavender is fine", ["nutOil"], ["lavender"]),
        ("Lavender is ok.", [], ["lavender"]),
        # an instruction alone, outside an allergy's sentence, is not an allergy (as before)
        ("Avoid lavender, she dislikes it.", [], []),
        ("No lavender.", [], []),
        ("Can't stand lavender.", [], []),
        ("Can't have hot stones, allergic to nuts", ["nutOil"], []),
    ],
)
def test_allowed_denied_and_other_peoples_oils_are_unchanged(note: str, allergies: list[str], scent: list[str]) -> None:
    profile = extract_profile_offline(note, today=NOTES_DAY)
    assert (profile.values("allergies"), profile.values("scent")) == (allergies, scent)


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        # "no fragrance" / "no essential oils" after an allergy the statement states first: that allergen is one too
        ("Allergic to nuts, no fragrance", ["nutOil", "fragrance"]),
        ("Allergic to nuts, no essential oils", ["nutOil", "essentialOils"]),
        ("Allergic to nuts, no scents", ["nutOil", "fragrance"]),
        ("Nut allergy, no fragrance", ["nutOil", "fragrance"]),
        ("Allergic to nuts - no fragrance", ["nutOil", "fragrance"]),
        ("Allergic to nuts — no essential oils", ["nutOil", "essentialOils"]),
        ("Latex allergy, no fragrances or nuts", ["latex", "fragrance", "nutOil"]),
        ("No fragrance - severe allergy", ["fragrance"]),
        # a semicolon continues the allergy's statement
        ("Allergic to nuts; no lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts; no fragrance", ["nutOil", "fragrance"]),
        ("Nut allergy; no essential oils", ["nutOil", "essentialOils"]),
        ("Allergic to latex; avoid lavender", ["latex", "essentialOils"]),
        ("Nut allergy; prefers firm pressure; no lavender", ["nutOil", "essentialOils"]),
        ("Allergic to nuts; no lavender in the room, she finds it too strong.", ["nutOil", "essentialOils"]),
    ],
)
def test_no_allergen_after_a_stated_allergy_is_an_allergy(note: str, allergies: list[str]) -> None:
    assert sorted(extract_profile_offline(note, today=NOTES_DAY).values("allergies")) == sorted(allergies)


def test_an_unscented_wish_after_an_allergy_stays_a_wish_too() -> None:
    profile = extract_profile_offline("Allergic to nuts, no fragrance", today=NOTES_DAY)
    assert profile.values("scent") == ["unscented"]
    assert dict((e.value, e.evidence) for e in profile.allergies)["fragrance"] == "Allergic to nuts, no fragrance"


def test_a_semicolon_joined_allergy_is_quoted_in_the_notes_order() -> None:
    profile = extract_profile_offline("Allergic to nuts; no lavender", today=NOTES_DAY)
    assert dict((e.value, e.evidence) for e in profile.allergies)["essentialOils"] == "Allergic to nuts; no lavender"


@pytest.mark.parametrize(
    ("note", "allergies", "scent"),
    [
        # alone, a wish for no scent is a preference, not an allergy
        ("No fragrance", [], ["unscented"]),
        ("No essential oils.", [], ["unscented"]),
        ("Prefers quiet, no scents.", [], ["unscented"]),
        ("No lavender", [], []),
        # a full stop or a line break ends the allergy's statement: what follows needs its own sensitivity word
        ("Allergic to nuts. No lavender in the room, she finds it too strong.", ["nutOil"], []),
        ("Allergic to nuts. No fragrance.", ["nutOil"], ["unscented"]),
        ("Allergic to nuts\nno lavender", ["nutOil"], []),
        # denials, someone else's allergies and allowed oils stay as they were, with a semicolon or a comma
        ("No known allergies, no fragrance", [], ["unscented"]),
        ("No known allergies; no fragrance", [], ["unscented"]),
        ("No known allergies; no lavender", [], []),
        ("Not allergic to latex; no lavender", [], []),
        ("Not allergic to latex, no fragrance", [], ["unscented"]),
        ("No fragrance allergy", [], []),
        ("No scent allergy", [], ["unscented"]),
        ("No longer allergic to nuts; no lavender", [], []),
        ("Her husband is allergic to nuts; no lavender", [], []),
        ("Her husband is allergic to nuts, no fragrance", [], ["unscented"]),
        ("Husband has a nut allergy; no essential oils", [], ["unscented"]),
        ("Allergic to nuts; citrus oil ok", ["nutOil"], ["citrus"]),
        ("Allergic to nuts; essential oils are fine", ["nutOil"], []),
        ("No lavender; sensitive skin", [], []),
    ],
)
def test_no_scent_and_semicolon_rules_keep_denials_and_wishes(note: str, allergies: list[str], scent: list[str]) -> None:
    profile = extract_profile_offline(note, today=NOTES_DAY)
    assert (profile.values("allergies"), profile.values("scent")) == (allergies, scent)


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        # a spaced dash sets the allergy apart as the reason for the "no"
        ("No nuts - allergic", ["nutOil"]),
        ("No latex - allergy", ["latex"]),
        ("NO NUT OILS - ALLERGIC", ["nutOil"]),
        ("No nut oil – allergic", ["nutOil"]),
        ("No nuts or fragrance - allergic", ["nutOil", "fragrance"]),
        ("no shellfish/iodine - allergic", ["shellfish", "iodine"]),
        ("Latex - severe allergy", ["latex"]),
        # without the dash, or with the allergy itself denied, it is still a denial
        ("No latex allergy", []),
        ("No nut-allergy", []),
        ("No nut oil allergy", []),
        ("No latex - no allergy", []),
        ("No nuts - not allergic, just dislikes the smell", []),
        ("No nuts or latex allergies", []),
    ],
)
def test_an_allergy_after_a_dash_is_the_reason_for_the_no(note: str, allergies: list[str]) -> None:
    assert sorted(extract_profile_offline(note, today=NOTES_DAY).values("allergies")) == sorted(allergies)


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        # a checklist answer answers the nearest question before it, not an allergy stated earlier
        ("Allergic to nuts, no fragrance? no", ["nutOil"]),
        ("Allergic to nuts, latex? no", ["nutOil"]),
        # the answer right after the term still answers it
        ("Allergic to nuts? no", []),
        ("Latex allergy? no", []),
        ("Nuts (tree nuts): no", []),
        ("Latex: no, nuts: yes", ["nutOil"]),
    ],
)
def test_an_answer_belongs_to_the_nearest_question(note: str, allergies: list[str]) -> None:
    assert sorted(extract_profile_offline(note, today=NOTES_DAY).values("allergies")) == sorted(allergies)


@pytest.mark.parametrize(("note", "field", "value"), [
    ("Doesn’t like music", "music", "silence"),
    ("don’t want music please", "music", "silence"),
    ("Doesn’t like to talk", "communication_style", "quiet"),
    ("Doesn’t like firm pressure", "pressure", None),
])
def test_a_negation_typed_with_a_curly_apostrophe_reads_as_a_straight_one(note: str, field: str, value: str | None) -> None:
    """A phone types "Doesn’t": before, "Doesn’t like music" and "Doesn’t like to talk" read as nothing, while the
    same words with a straight apostrophe asked for silence and a quiet session."""
    straight = note.replace("’", "'")
    assert extract_profile_offline(note, today=NOTES_DAY).values(field) == extract_profile_offline(straight, today=NOTES_DAY).values(field)
    assert extract_profile_offline(note, today=NOTES_DAY).values(field) == ([value] if value else [])
