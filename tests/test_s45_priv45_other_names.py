"""Other people's names, places and workplaces that reached the model and staff views as written (probe45d M1, L1):
a titled name of more than one word, an initial or particles ("Dr. Priya Raman", "Dr. A. Whitcombe", "Dr. van der
Berg"), a name after who treats the guest ("Her physio Agnes Whitcombe"), after an in-law label, after "friends with";
a town after "just moved to", a workplace after "employer is" or a job ("Nurse at Cedars-Sinai"). The words the notes
reader needs stay."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii

TITLED = [
    ("Oncologist Dr. Priya Raman cleared her for light work", "Raman"),
    ("Referred by Dr. Agnes Whitcombe", "Whitcombe"),
    ("Dr. A. Whitcombe cleared her", "Whitcombe"),
    ("Dr. A.B. Whitcombe cleared her", "Whitcombe"),
    ("Dr. van der Berg says no deep work", "Berg"),
    ("Dr. Maria de la Cruz ok'd massage", "Cruz"),
]
RELATED = [
    ("Her physio Agnes Whitcombe says no deep work", "Whitcombe"),
    ("her oncologist Priya Raman cleared her", "Raman"),
    ("Friends with Agnes Whitcombe, books together", "Whitcombe"),
]


@pytest.mark.parametrize(("note", "surname"), TITLED)
def test_a_titled_name_is_masked_whole_for_staff_and_model(note: str, surname: str) -> None:
    assert surname not in scrub_pii(note)
    assert surname not in scrub_for_model(note)


@pytest.mark.parametrize(("note", "surname"), RELATED)
def test_a_name_after_who_treats_or_befriends_her_is_masked(note: str, surname: str) -> None:
    assert surname not in scrub_pii(note)
    assert surname not in scrub_for_model(note)


@pytest.mark.parametrize(
    ("note", "word"),
    [
        ("Sister-in-law: Agnes Whitcombe", "Whitcombe"),
        ("Sister in law: Agnes Whitcombe", "Agnes"),
        ("Just moved to Santa Monica, long commute", "Santa Monica"),
        ("Her employer is Goldman Sachs", "Goldman"),
        ("Nurse at Cedars-Sinai, shifts vary", "Cedars"),
    ],
)
def test_the_model_is_not_sent_an_in_law_a_new_town_or_a_workplace(note: str, word: str) -> None:
    assert word not in scrub_for_model(note)


@pytest.mark.parametrize(
    ("note", "masked", "kept"),
    [
        ("Dr. Priya Raman Latex allergy", "Raman", "Latex allergy"),
        ("Dr. A. Whitcombe Hot Stone ok", "Whitcombe", "Hot Stone"),
        ("Dr. van der Berg Tuesday at 3", "Berg", "Tuesday"),
        ("Dr. Priya Raman. Pregnant 20 weeks", "Raman", "Pregnant"),
        ("Her physio Agnes Whitcombe. Physio Knee rehab", "Whitcombe", "Knee"),
        ("therapist Maya; her physio Agnes Whitcombe", "Whitcombe", "therapist Maya"),
        ("Has physio Monday, her physio Agnes Whitcombe", "Whitcombe", "physio Monday"),
    ],
)
def test_the_words_the_reader_needs_stay_after_a_title_or_carer(note: str, masked: str, kept: str) -> None:
    """Each widened rule stops at a word the notes reader needs, a weekday, a service or the spa's therapist."""
    for scrubbed in (scrub_pii(note), scrub_for_model(note)):
        assert masked not in scrubbed and kept in scrubbed, scrubbed
