"""A guest's private word that is also an ordinary word ("Rose") after a payer's, companion's or contact's cue inside
an allergy list is masked, in a list opened by who told the spa too (session 38, rev38c L2: "Allergies per carer: latex,
paid by Rose" was masked before the teller opened a list, then shown to staff and the model); as an item of the list
it stays the allergen."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii


@pytest.mark.parametrize(
    ("note", "item"),
    [
        ("Allergies per carer: latex, paid by Rose", "Allergies per carer: Rose, latex"),
        ("Allergies per mum: latex, ICE: Rose", "Allergies per her carer: latex, Rose"),
        ("Allergies per carer: latex, bestie Rose", "Allergies according to her carer: Rose, latex"),
        ("Allergies: latex, paid by Rose", "Allergies per carer: latex, paid by Maria, Rose"),
    ],
)
def test_a_private_word_after_a_cue_in_an_allergy_list_is_masked_and_as_an_item_kept(note: str, item: str) -> None:
    for scrubbed in (scrub_pii(note, names=["Rose"]), scrub_for_model(note, names=["Rose"])):
        assert "Rose" not in scrubbed and "latex" in scrubbed, scrubbed
    for scrubbed in (scrub_pii(item, names=["Rose"]), scrub_for_model(item, names=["Rose"])):
        assert "Rose" in scrubbed, scrubbed
