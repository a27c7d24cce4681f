"""s39 privacy39b (rev39f H1): a capitalised word between a clinician's or carer's word and the allergy list's mark is
the teller's name only when it reads as one: an allergen, drug or brand there ("per derm Henna - rash") was masked as
"[name]" and the therapist's summary lost it."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note, kept",
    [
        ("Allergies per derm Henna - rash", "Henna - rash"),
        ("Allergies per derm Calendula: hives, latex", "Calendula: hives"),
        ("Allergies per nurse Neosporin - rash, latex", "Neosporin - rash"),
        ("Allergies per derm Hibiclens - rash", "Hibiclens - rash"),
        ("Allergies per derm Epiduo - rash", "Epiduo - rash"),
        ("Allergies per derm Tom Ford: hives", "Tom Ford: hives"),
        ("Allergies per nurse Jo Malone - rash", "Jo Malone - rash"),
    ],
)
def test_an_allergen_or_brand_after_the_teller_s_word_reaches_the_model(note: str, kept: str) -> None:
    assert kept in scrub_for_model(note)


@pytest.mark.parametrize(
    "note, name, kept",
    [
        ("Allergies per carer Maria Keflex - rash", "Maria", "Keflex - rash"),
        ("Allergies per nurse Kelly Latex - hives", "Kelly", "Latex - hives"),
    ],
)
def test_every_word_of_a_two_word_teller_is_checked(note: str, name: str, kept: str) -> None:
    scrubbed = scrub_for_model(note)
    assert kept in scrubbed
    assert name not in scrubbed
