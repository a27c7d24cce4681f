"""s50 (scrub50b): mends to s50's scrubber found by review (rev50e). A brand the guest reacts to before a credential
("Allergic to Tom Ford, RN aware") is kept, not masked as a clinician; the model's copy masks a labelled name whole
again ("Emergency contact: Mary Ann Lee" is "[name]", never "[name] Ann Lee"); a drug after "Dr. <given name>" before
"prescribed" or "advised" is kept ("Dr. [name] Inderal prescribed"); a score trend typed with dots is no phone."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff, scrub_for_model

BOTH = [guest_words_for_staff, scrub_for_model]

#: A brand named for a person, after or before an allergy cue, then a credential: what she reacts to.
ALLERGEN_BEFORE_CREDENTIAL = [
    ("Allergic to Tom Ford, RN aware", "Tom Ford"),
    ("Allergies: Tom Ford, MD aware", "Tom Ford"),
    ("Reaction to Tom Ford PA", "Tom Ford"),
    ("Tom Ford RN confirmed allergy", "Tom Ford"),
]

#: A labelled name the model's copy masked whole before s50, and the word of it that must not reach the model.
LABELLED_NAME_AND_ITS_REST = [
    ("Emergency contact: Mary Ann Lee", "Lee"),
    ("Emergency contact: Jose Luis Garcia", "Garcia"),
    ("Emergency contact: Ann Lee daughter 555-123-4567", "Lee"),
    ("ICE: Ann Lee sister 555 123 4567", "Lee"),
    ("Husband: Tom Reed aware", "Reed"),
    ("Husband: Tom Reed Mobile 555-123-4567", "Reed"),
    ("Mom: Linda Reed aware of booking", "Reed"),
    ("Emergency contact: Mike & Ann Reed", "Reed"),
    ("Daughter: Ann Lee Smith", "Smith"),
]

#: A drug after a titled given name, before what a doctor does: the doctor's given name masked, the drug kept.
DRUG_AFTER_TITLED_NAME = [
    ("Dr. Kim Inderal prescribed", "Inderal"),
    ("Per Dr. Kim Zosyn advised, no hot stone", "Zosyn"),
]

#: Scores logged over visits with a dot after each digit: no phone.
DOTTED_TRENDS = [
    "Pain (0-10) each visit 8.7.6.5.4.4.3.3.2.1",
    "Tension each session 8.7.6. 5.4.4. 3.3.2.1",
    "Anxiety 9.8.7.6.5.4.3.2.1.0",
]


@pytest.mark.parametrize("scrub", BOTH)
@pytest.mark.parametrize(("notes", "brand"), ALLERGEN_BEFORE_CREDENTIAL)
def test_an_allergen_brand_before_a_credential_is_kept(scrub, notes: str, brand: str) -> None:
    shown = scrub(notes)
    assert brand in shown, shown


@pytest.mark.parametrize(("notes", "rest"), LABELLED_NAME_AND_ITS_REST)
def test_the_model_never_sees_the_rest_of_a_labelled_name(notes: str, rest: str) -> None:
    shown = scrub_for_model(notes)
    assert rest not in shown and "[name]" in shown, shown


@pytest.mark.parametrize(("notes", "drug"), DRUG_AFTER_TITLED_NAME)
def test_a_drug_after_a_titled_given_name_is_kept(notes: str, drug: str) -> None:
    shown = guest_words_for_staff(notes)
    assert drug in shown and "Kim" not in shown, shown


@pytest.mark.parametrize("scrub", BOTH)
@pytest.mark.parametrize("notes", DOTTED_TRENDS)
def test_a_dotted_score_trend_is_no_phone(scrub, notes: str) -> None:
    shown = scrub(notes)
    assert "[phone]" not in shown and notes.split()[-1] in shown, shown
