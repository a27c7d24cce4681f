"""s39 privacy39b (rev39f H2): the teller's own name first in their allergy list is masked only after a word for a
person (mum, nurse, carer), never after a paper or the guest ("per chart:", "per intake form:", "per client:"), and
never where a product noun phrase or a mark and a reaction follow it: "Melissa" (lemon balm) and "Jessica" (nail
polish) reached the model as "[name]" and the therapist's summary lost the allergen."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note, kept",
    [
        ("Allergies per chart: Melissa", "Melissa"),
        ("Allergies per intake form: Melissa, latex. Melissa in the calming blend - swap it", "Melissa in the calming"),
        ("Allergies per client: Melissa - hives", "Melissa - hives"),
        ("Allergies per nurse: Melissa - hives", "Melissa - hives"),
        ("Allergies per nurse: Melissa (hives)", "Melissa (hives)"),
        ("Allergies per mum: Melissa: rash", "Melissa: rash"),
        ("Allergies (per GP) - Melissa essential oil", "Melissa essential oil"),
    ],
)
def test_a_plant_or_brand_first_in_the_list_reaches_the_model(note: str, kept: str) -> None:
    assert kept in scrub_for_model(note)


@pytest.mark.parametrize(
    "note, kept, teller",
    [
        # a product noun phrase keeps the name; a verb before the product noun does not
        ("Allergies per mum: Jessica nail polish", "Jessica nail polish", "Allergies per mum: Sarah says nail polish"),
        ("Allergies per mum: Jessica top coat", "Jessica top coat", "Allergies per mum: Sarah has top coat"),
    ],
)
def test_a_product_noun_phrase_keeps_the_name_a_verb_does_not(note: str, kept: str, teller: str) -> None:
    assert kept in scrub_for_model(note)
    scrubbed = scrub_for_model(teller)
    assert "Sarah" not in scrubbed
    assert "[name]" in scrubbed


@pytest.mark.parametrize(
    "note, name",
    [
        ("Allergies per mum: Sarah - hives", "Sarah"),
        ("Allergies per family: Sarah, latex", "Sarah"),
        ("Allergies per nurse Maria - rash from latex", "Maria"),
    ],
)
def test_a_person_s_given_name_before_a_reaction_is_still_the_teller(note: str, name: str) -> None:
    # only a given name that is also a plant or brand ("Melissa - hives") is kept before a mark and a reaction
    scrubbed = scrub_for_model(note)
    assert name not in scrubbed
    assert "[name]" in scrubbed
