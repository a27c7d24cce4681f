"""Inside an allergy list, the people after a payer's or companion's cue are masked for the model, the whole run of
them, while the allergen or reaction beside them is kept (session 38, rev36i M4, rev37h M2 and L1). Pure scrubber
calls."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    ("note", "masked"),
    [
        ("Allergies: latex, nuts, shellfish, paid by Xiomara and Thandiwe", "paid by [name] and [name]"),
        ("Allergies: latex, paid by Xiomara", "paid by [name]"),
        ("Allergies: latex, bought by Xiomara", "bought by [name]"),
        ("Allergies: latex, paid by Maria", "paid by [name]"),
        ("Allergies: latex, bestie Xiomara", "bestie [name]"),
        ("Allergies: latex, nuts, ICE: Xiomara or Sarah Dube", "ICE: [name] or [name]"),
        ("Allergies: latex, ICE: Carlos Mendez", "ICE: [name]"),
        ("Allergies: latex, ICE: Maria / Thandiwe", "ICE: [name] / [name]"),
        ("Allergies: latex, ICE: Maria, Sarah", "ICE: [name], [name]"),
        ("Allergies: latex, EC: Maria and Thandiwe", "EC: [name] and [name]"),
    ],
)
def test_people_after_a_cue_in_an_allergy_list_are_masked(note, masked):
    assert scrub_for_model(note).endswith(masked), scrub_for_model(note)


@pytest.mark.parametrize(
    ("note", "kept", "masked"),
    [
        # the allergen or reaction beside the name stays, the name goes
        ("Allergies: ICE: Wheals, latex, paid by Xiomara", "ICE: Wheals, latex", "Xiomara"),
        ("Allergies: ICE = Urticaria, paid by Xiomara", "ICE = Urticaria", "Xiomara"),
        ("Allergies: EC: Asacol, latex, ICE: Maria", "EC: Asacol", "Maria"),
        ("Allergies - per carer: Henna, latex, paid by Xiomara", "per carer: Henna, latex", "Xiomara"),
        # after a comma only a known given name is a person: Henna may be the next allergen
        ("Allergies: latex, paid by Xiomara, Henna", "Henna", "Xiomara"),
        ("Allergies: latex, ICE: Maria, Carmine", "Carmine", "Maria"),
    ],
)
def test_allergens_beside_a_masked_name_are_kept(note, kept, masked):
    scrubbed = scrub_for_model(note)
    assert kept in scrubbed and masked not in scrubbed, scrubbed
