"""s39 privacy39 (rev38n M2): first in a teller's allergy list ("Allergies per mum:"), a known given name that is also a
brand or a plant ("Jessica" nail polish, "Melissa" lemon balm) before a lower-case product or reaction word is an
allergen's item and reaches the model whole; a name before an allergen, a verb or a mark is still the teller's and
masked (rev38m M1)."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note, item, teller, name",
    [
        ("Allergies per mum: Jessica polish", "Jessica polish", "Allergies per mum: Sarah peanuts", "Sarah"),
        ("Allergies per mum:\nJessica polish", "Jessica polish", "Allergies per mum:\nSarah peanuts", "Sarah"),
        ("Allergies per mum: Jessica cleanser", "Jessica cleanser", "Allergies per mum: Sarah = latex", "Sarah"),
        ("Allergies per mum: Melissa cleanser", "Melissa cleanser", "Allergies per husband: Tom > latex", "Tom"),
        ("Allergies per mum: Melissa spice", "Melissa spice", "Allergies per carer: Ahmed says latex", "Ahmed"),
        ("Allergies per mum: Melissa hives", "Melissa hives", "Allergies per husband: Tom, none", "Tom"),
        ("Allergies per mum:\nMelissa rash", "Melissa rash", "Allergies per mum:\nSarah reports latex", "Sarah"),
        ("Allergies per mum: Melissa swells", "Melissa swells", "Allergies per mum: Sarah very allergic", "Sarah"),
        ("Allergies per husband: Melissa bad", "Melissa bad", "Allergies per husband: Tom latex", "Tom"),
    ],
)
def test_a_name_before_a_product_or_reaction_word_is_the_allergen_not_the_teller(
    note: str, item: str, teller: str, name: str
) -> None:
    assert item in scrub_for_model(note)
    scrubbed = scrub_for_model(teller)
    assert name not in scrubbed
    assert "[name]" in scrubbed
