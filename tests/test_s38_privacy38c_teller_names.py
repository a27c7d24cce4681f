"""s38 privacy38c (rev38g M1, L1): in an allergy list opened by who told the spa ("Allergies per husband:"), a known
given name first in the list is that person, not an allergen: masked for the model and never read as an allergy
offline; the allergens a teller's list names keep their words. A payer's second name ("paid by Rose and Lily") is
masked like the first. A name with a surname after it is read as before (rev38l H1, M1: a brand named for a person,
"Laura Mercier", "Tom Ford", "Paul Mitchell", was lost offline and masked for the model)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii

TODAY = date(2026, 12, 6)


def _allergies(note: str) -> set[str]:
    return {entry.value for entry in extract_profile_offline(note, today=TODAY).allergies}


@pytest.mark.parametrize(
    "note, name, control, word",
    [
        ("Allergies per husband: Tom, none", "Tom", "Allergies per husband: Henna, latex", "Henna"),
        ("Allergies per husband: Tom. None known", "Tom", "Allergies per hubby: Betadine, latex", "Betadine"),
        ("Allergies per mum: Sarah - peanuts (epi pen)", "Sarah", "Allergies per mum: Rose - peanuts", "Rose"),
        ("Allergies per mum: Sarah, latex", "Sarah", "Allergies per mum: Jasmine, latex", "Jasmine"),
        ("Allergies per mum: Sarah peanuts", "Sarah", "Allergies per mum: Henna latex", "Henna"),
        ("Allergies per husband: Tom = latex", "Tom", "Allergies per husband: Rose = latex", "Rose"),
        ("Allergies per her daughter: Sarah, no known allergies", "Sarah",
         "Allergies per her daughter: Carmine, latex", "Carmine"),
        ("Allergies per husband:\nTom (husband) - none", "Tom", "Allergies per husband:\nArnica, latex", "Arnica"),
        ("Allergies per mum:\nSarah, nothing known", "Sarah", "Allergies per carer:\nCalendula, latex", "Calendula"),
        ("Allergies per dad: Tom, latex", "Tom", "Allergies per carer:\nKeflex, Bactrim", "Keflex"),
        ("Allergies according to her husband: Tom, latex", "Tom", "Allergies per mum: Peanuts, latex", "Peanuts"),
    ],
)
def test_teller_given_name_not_sent_to_model_allergens_kept(note: str, name: str, control: str, word: str) -> None:
    scrubbed = scrub_for_model(note)
    assert name not in scrubbed
    assert "[name]" in scrubbed
    assert word in scrub_for_model(control)


@pytest.mark.parametrize(
    "note, key, kept",
    [
        ("Allergies per husband: Ahmed, none", "ahmed", None),
        ("Allergies per mum: Aiko - peanuts", "aiko", None),
    ],
)
def test_teller_name_and_surname_not_an_allergen(note: str, key: str, kept: str | None) -> None:
    found = _allergies(note)
    assert key not in found
    if kept is not None:
        assert kept in found
    # the rule is the teller's: a drug's two names after it, and a name after a heading alone, read as before
    assert "betadineKeflex" in _allergies("Allergies per carer: Betadine Keflex")
    assert "sarahJones" in _allergies("Allergies: Sarah Jones, latex")


def test_payer_second_private_name_masked() -> None:
    note = "Allergies: latex, paid by Rose and Lily"
    # either name may be masked first ("paid by [name] and Lily" is read on)
    both = [["Rose", "Lily"], ["Lily", "Rose"]]
    for scrubbed in [scrub(note, names=names) for names in both for scrub in (scrub_pii, scrub_for_model)]:
        assert "Rose" not in scrubbed
        assert "Lily" not in scrubbed
        assert "latex" in scrubbed


@pytest.mark.parametrize(("note", "brand", "key"), [
    ("Allergies per mum: Laura Mercier", "Laura Mercier", "lauraMercier"),
    ("Allergies per husband: Paul Mitchell, latex", "Paul Mitchell", "paulMitchell"),
    ("Allergies per mum: Tom Ford, latex", "Tom Ford", "tomFord"),
])
def test_a_brand_named_for_a_person_first_in_a_teller_s_list_stays_an_allergen(note: str, brand: str, key: str) -> None:
    assert key in _allergies(note)
    assert brand in scrub_for_model(note)
