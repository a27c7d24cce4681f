"""An allergy the record says the guest has without naming it is one to ask about (session 27).

"Allergies: yes" on an intake form, or an intake answered "Yes", read as nothing: the briefing then said nothing of
allergies (the "no health details on file — ask" line comes only for a guest with nothing at all on file), so the
therapist could reach for a nut oil or latex gloves with no word of a declared allergy. It now reads as
``unnamedAllergy`` — "unnamed allergy: ask what it is to before any oil, lotion or gloves" — wherever no allergy is
named; a named one (in the notes or the intake) says what the yes was about and stands alone.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai.concierge import _merge_profile, _scrub_profile
from spa_copilot.ai.extraction import extract_profile_offline, intake_safety, settle_unnamed_allergy
from spa_copilot.ai.schemas import Evidence, EvidenceDraft, GuestProfile, ProfileDraft
from spa_copilot.ai.vocabulary import UNNAMED_ALLERGY, service_conflicts
from spa_copilot.domain import HealthHistory
from spa_copilot.engines import briefing
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import client

DAY = date(2026, 12, 5)
ASK = "unnamed allergy: ask what they are allergic to before any oil, lotion or gloves"


def allergies(note: str, intake: HealthHistory | None = None) -> list[str]:
    return extract_profile_offline(note, intake=intake, today=DAY).values("allergies")


@pytest.mark.parametrize("note", [
    "Allergies: yes",
    "Allergies: Yes",
    "ALLERGIES: YES",
    "Allergies: Y",
    "Allergies? yes",
    "Any allergies? Yes",
    "Do you have any allergies? Yes",
    "Known allergies: yes",
    "Food allergies - YES (see chart)",
    "Drug allergies: yes",
    "Allergies (Y/N): Y",
    "Allergies: yes (see paper form)",
    "Allergies: yes - will tell therapist",
    "Allergy: yes; Pregnant: no",
    "Allergies: yes Medications: none Pregnant: no",
    "Allergies: yes | Meds: none",
    "Prefers quiet. Allergies: yes",
    "Intake reviewed.\nAllergies: yes\nPressure: firm",
    "Allergies: yes, takes Zyrtec",
])
def test_a_yes_that_names_nothing_is_an_allergy_to_ask_about(note: str) -> None:
    assert allergies(note) == [UNNAMED_ALLERGY]


@pytest.mark.parametrize("note", [
    "Allergies: no",
    "Allergies: none",
    "Allergies: N",
    "Allergies: yes/no",  # a blank form's two answers
    "Allergies: Y/N",
    "Allergies: yes - none known",  # taken back
    "Allergies: yes, NKDA",
    "Allergies: unsure",
    "Husband allergies: yes",  # someone else's heading
    "Her son's allergies: yes",
    "Seasonal allergies: yes",  # nothing a product touches
    "Allergy-friendly products: yes",
    "Allergies: see intake",
    "",
])
def test_no_yes_of_hers_reads_no_allergy(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: yes, latex", ["latex"]),
    ("Allergies: yes\nIf yes, list: penicillin, sulfa", ["penicillin", "sulfa"]),
    ("Allergies: yes. Allergic to cats.", ["cats"]),
    ("Latex allergy: yes", ["latex"]),
    ("Allergies: yes - hay fever", ["hayFever"]),
    ("Drug allergies: yes, Medication: sulfa", ["sulfa"]),
])
def test_a_named_allergy_stands_alone(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_the_evidence_is_the_notes_own_words() -> None:
    profile = extract_profile_offline("Likes it warm. Any allergies? Yes (see chart)", today=DAY)
    assert [(item.value, item.evidence) for item in profile.allergies] == [(UNNAMED_ALLERGY, "Any allergies? Yes")]


@pytest.mark.parametrize(("answers", "expected"), [
    (["Yes"], [UNNAMED_ALLERGY]),
    (["Y"], [UNNAMED_ALLERGY]),
    (["yes - see notes"], [UNNAMED_ALLERGY]),
    (["True"], [UNNAMED_ALLERGY]),  # was read as an allergen "true"
    (["yes: bee stings"], ["beeStings"]),  # was lost whole
    (["Yes", "latex"], ["latex"]),
    (["latex", "Yes"], ["latex"]),
    (["none"], []),
    (["N/A"], []),
])
def test_an_intake_answered_yes(answers: list[str], expected: list[str]) -> None:
    intake = HealthHistory(allergies=answers)
    assert allergies("", intake) == expected
    assert [name for field, name, _ in intake_safety(intake) if field == "allergies"] == expected


def test_a_named_allergy_in_the_intake_settles_the_notes_yes_and_the_other_way_round() -> None:
    assert allergies("Allergies: yes", HealthHistory(allergies=["latex"])) == ["latex"]
    assert allergies("Allergies: latex", HealthHistory(allergies=["Yes"])) == ["latex"]
    assert allergies("Allergies: yes", HealthHistory(allergies=["Yes"])) == [UNNAMED_ALLERGY]


def test_settle_keeps_it_only_alone() -> None:
    alone = {UNNAMED_ALLERGY: "Allergies: yes"}
    settle_unnamed_allergy(alone)
    assert list(alone) == [UNNAMED_ALLERGY]
    named = {UNNAMED_ALLERGY: "Allergies: yes", "latex": "latex gloves"}
    settle_unnamed_allergy(named)
    assert list(named) == ["latex"]


def _draft(**fields: list[EvidenceDraft]) -> ProfileDraft:
    empty: dict[str, Any] = {name: [] for name in ProfileDraft.model_fields}
    return ProfileDraft.model_validate(empty | fields)


def test_a_model_that_names_nothing_keeps_the_readers_ask() -> None:
    note = "Allergies: yes. Firm pressure."
    draft = _draft(pressure=[EvidenceDraft(value="firm", evidence="Firm pressure")])
    profile, flags = _merge_profile(draft, extract_profile_offline(note, today=DAY), source=note, today=DAY)
    assert profile.values("allergies") == [UNNAMED_ALLERGY]
    assert "offlineAdded:allergies:1" in flags


def test_a_model_that_names_her_allergy_settles_the_ask() -> None:
    note = "Allergies: yes, to bee venom"
    offline = extract_profile_offline(note, today=DAY)
    assert offline.values("allergies") == [UNNAMED_ALLERGY]  # the reader does not read "to bee venom"
    draft = _draft(allergies=[EvidenceDraft(value="bee venom", evidence="Allergies: yes, to bee venom")])
    profile, flags = _merge_profile(draft, offline, source=note, today=DAY)
    assert profile.values("allergies") == ["beeVenom"], flags


def test_scrubbing_a_profile_keeps_the_name_whole() -> None:
    # a name outside the vocabulary is rebuilt from its words; this one would have become "allergy"
    profile = GuestProfile(allergies=[Evidence(value=UNNAMED_ALLERGY, evidence="Allergies: yes")])
    assert _scrub_profile(profile, ["Okafor"]).values("allergies") == [UNNAMED_ALLERGY]


def test_it_rules_out_no_service_by_itself() -> None:
    assert service_conflicts(allergies=[UNNAMED_ALLERGY], contraindications=[],
                             service_contraindications=["Nut allergy", "Latex allergy", "Pregnancy"]) == []


def test_the_briefing_says_to_ask() -> None:
    guest = client("cl_1", notes="Allergies: yes. Prefers firm pressure.")
    profile = extract_profile_offline(guest.notes, today=DAY)
    assert briefing.allergies(guest, profile) == [ASK]
    # a preference is no health detail (s33): the ask about pregnancy and medications stays beside the unnamed allergy
    assert briefing.nothing_on_file(guest, profile)


def test_a_bare_yes_keeps_the_ask_about_pregnancy_and_medications() -> None:
    # a review (5 December): "Allergies: yes" alone had the "No health details on file — ask about allergies,
    # pregnancy and medications" line before; counting the yes as something on file lost that ask
    guest = client("cl_1", notes="Allergies: yes")
    profile = extract_profile_offline(guest.notes, today=DAY)
    assert briefing.allergies(guest, profile) == [ASK]
    assert briefing.nothing_on_file(guest, profile)
    shown = json.dumps(client_card_message(client_card_view(guest, profile=profile, today=DAY)).blocks_as_dicts(),
                       ensure_ascii=False)
    assert "ask about allergies, pregnancy and medications" in shown, shown


def test_the_client_card_says_to_ask_not_none_recorded() -> None:
    guest = client("cl_2", health_history=HealthHistory(allergies=["Yes"]))
    card = client_card_view(guest, today=DAY)
    assert ASK in card.allergies, card.allergies
    shown = json.dumps(client_card_message(card).blocks_as_dicts(), ensure_ascii=False)
    assert f"*Allergies and conditions*\\n• {ASK}" in shown, shown


def test_the_briefing_settles_it_over_notes_and_intake_but_not_over_the_spas_alerts() -> None:
    # the notes' named allergy beside the intake's bare "Yes" (read with it or not): the name is what the yes was about
    guest = client("cl_3", notes="Allergies: latex", health_history=HealthHistory(allergies=["Yes"]))
    for profile in (extract_profile_offline(guest.notes, today=DAY),
                    extract_profile_offline(guest.notes, intake=guest.health_history, today=DAY)):
        assert briefing.safety_names(guest, profile) == ["latex"]
    # the spa's alert may be about another allergen: her own yes is still asked about
    yes = client("cl_4", notes="Allergies: yes")
    profile = extract_profile_offline(yes.notes, today=DAY)
    alert = extract_profile_offline("Latex allergy", today=DAY)
    assert briefing.safety_names(yes, profile) == [UNNAMED_ALLERGY]
    assert briefing.safety_names(yes, alert) == ["latex"]


def test_the_summarys_caution_says_it_once_as_an_allergy() -> None:
    from spa_copilot.ai import offline
    from spa_copilot.ai.schemas import BriefingInput

    profile = extract_profile_offline("Allergies: yes. Prefers firm pressure.", today=DAY)
    guest = BriefingInput(first_name="Ava", profile=profile, service_names=["Swedish Massage 60"])
    assert offline.caution_sentence(guest, today=DAY) == (
        "Caution: unnamed allergy (ask what they are allergic to before any oil, lotion or gloves)."
    )


# ---- after the adversarial review (5 December) ----------------------------------------------------------------------


@pytest.mark.parametrize("note", [
    "Allergies/Sensitivities: Yes",
    "Allergies & Sensitivities: Yes",
    "Any allergies or sensitivities? Yes",
    "Are you allergic to anything? Yes",
    "Allergic: yes",
    "- Allergies: yes",
    "* Allergies: yes",
    "1) Allergies: yes",
    "Q: Any allergies? A: Yes",
    "Allergies (please list): yes",
    "Pregnant: no, allergies: yes",
    "Allergies: yes, not severe",
    "Allergies: Yes [x] No [ ]",
    "Allergies: true",
])
def test_more_ways_a_form_says_yes(note: str) -> None:
    assert allergies(note) == [UNNAMED_ALLERGY]


@pytest.mark.parametrize("note", [
    "Allergies: Yes [ ] No [x]",
    "Allergies: Yes ( ) No (X)",
    "Allergies: Yes ☐ No ☑",
    "Allergies: Y   N",
    "Allergies? Y N",
    "Allergies: yes or no",
    "Allergies: Yes/No",
])
def test_a_blank_or_no_choice_is_no_yes(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize(("note", "expected"), [
    ("Drug allergies: penicillin\nProduct allergies: yes", ["penicillin", UNNAMED_ALLERGY]),
    ("Allergies: latex\nOther allergies: yes", ["latex", UNNAMED_ALLERGY]),
    ("Allergies: hay fever\nSkin allergies: yes", ["hayFever", UNNAMED_ALLERGY]),
    ("Food allergies: yes\nLatex allergy - nitrile gloves", [UNNAMED_ALLERGY, "latex"]),
    # a kind's own field that names it settles it; a general yes is settled by a name anywhere
    ("Product allergies: yes - lanolin\nDrug allergies: penicillin", ["lanolin", "penicillin"]),
    ("Allergies: yes\nLatex allergy - nitrile gloves", ["latex"]),
])
def test_a_question_about_one_kind_is_not_answered_by_another_kind(note: str, expected: list[str]) -> None:
    assert sorted(allergies(note)) == sorted(expected)


@pytest.mark.parametrize("note", ["Allergies: yes - multiple", "Allergies: yes, various", "Allergies: several"])
def test_a_word_that_names_no_allergen_is_an_allergy_to_ask_about(note: str) -> None:
    assert allergies(note) == [UNNAMED_ALLERGY]


@pytest.mark.parametrize(("answers", "expected"), [
    (["Yes", "multiple"], [UNNAMED_ALLERGY]),
    (["Yes, various"], [UNNAMED_ALLERGY]),
    (["Yes, food"], [UNNAMED_ALLERGY]),
    (["Other"], [UNNAMED_ALLERGY]),
    (["yes, none"], []),
    (["Yes - none known"], []),
    (["yes/no"], []),
    (["Y/N"], []),
])
def test_an_intakes_words_that_name_nothing(answers: list[str], expected: list[str]) -> None:
    assert allergies("", HealthHistory(allergies=answers)) == expected


def test_a_model_naming_the_heading_is_no_allergen_and_the_ask_stays() -> None:
    note = "Allergies: yes. Firm pressure."
    draft = _draft(allergies=[EvidenceDraft(value="allergies", evidence="Allergies: yes")])
    profile, flags = _merge_profile(draft, extract_profile_offline(note, today=DAY), source=note, today=DAY)
    assert profile.values("allergies") == [UNNAMED_ALLERGY], flags
    assert "invalidValue:allergies" in flags


def test_the_briefing_keeps_a_kinds_ask_beside_the_intakes_names() -> None:
    guest = client("cl_5", notes="Product allergies: yes", health_history=HealthHistory(allergies=["penicillin"]))
    profile = extract_profile_offline(guest.notes, intake=guest.health_history, today=DAY)
    assert sorted(briefing.safety_names(guest, profile)) == sorted(["penicillin", UNNAMED_ALLERGY])


@pytest.mark.parametrize(("answers", "expected"), [
    # one answer naming several: read whole, the first allergen lost the rest (latex under "latex, tree nuts")
    (["latex, tree nuts"], ["latex", "nutOil"]),
    (["Yes, latex and nuts"], ["latex", "nutOil"]),
    (["shellfish/iodine"], ["shellfish", "iodine"]),
    (["nuts; latex"], ["nutOil", "latex"]),
    (["Latex + nuts"], ["latex", "nutOil"]),
    (["bee stings & wasps"], ["beeStings", "wasps"]),
    # one allergen with what qualifies it stays one
    (["penicillin (hives)"], ["penicillin"]),
    (["shellfish (shrimp, crab)"], ["shellfish"]),
    (["nuts, mild"], ["nutOil"]),
])
def test_an_intake_answer_naming_several_allergens_gives_each(answers: list[str], expected: list[str]) -> None:
    intake = HealthHistory(allergies=answers)
    assert [name for field, name, _ in intake_safety(intake) if field == "allergies"] == expected
    assert allergies("", intake) == expected


@pytest.mark.parametrize("note", ["Alergias: sí", "Alergias: si", "Allergies: oui", "Allergien: ja", "Allergies: sim"])
def test_a_yes_in_another_language_is_no_allergen_named(note: str) -> None:
    assert allergies(note) == [UNNAMED_ALLERGY]  # was the allergen "sí", "oui", "ja"


@pytest.mark.parametrize(("note", "expected"), [
    # a yes whose list follows as bullets read only the ask, both allergens lost (a review, 5 December)
    ("Allergies: yes\n- latex\n- Zosyn", ["latex", "zosyn"]),
    ("Allergies: Yes\n* penicillin\n* sulfa", ["penicillin", "sulfa"]),
    ("Allergies: Y\n1. latex\n2. codeine", ["latex", "codeine"]),
    ("Food allergies: yes\n- nuts\n- shellfish", ["nutOil", "shellfish"]),
    ("Allergies: yes\n- latex\nPressure: firm", ["latex"]),
    # bullets that name nothing of hers: the yes is asked about
    ("Allergies: yes\n- see chart", [UNNAMED_ALLERGY]),
    ("Allergies: yes\n- husband: latex", [UNNAMED_ALLERGY]),
    ("Product allergies: yes\n- see chart", [UNNAMED_ALLERGY]),
])
def test_a_yes_then_bullets_reads_the_bullets(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
