"""s39 privacy39: who told the spa, first in their allergy list, is masked for the model whatever word names them and
however the cue is written ("Allergies (per mum) - Sarah", "Allergies per nurse: Sarah, none" reached the model whole,
while "Allergies per mum: Sarah, none" was masked); an allergen first there is kept."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note",
    [
        "Allergies (per mum) - Sarah",
        "Allergies (per mum) - Sarah, none",
        "Allergies (per mum):\nSarah, none",
        "Allergies (per carer) Sarah, latex",
        "Allergies per nurse: Sarah, none",
        "Allergies according to her nurse:\nSarah - peanuts",
        "Allergies per gp:\nSarah, none. Sarah to confirm",
    ],
)
def test_the_teller_s_name_first_in_the_list_is_masked(note: str) -> None:
    scrubbed = scrub_for_model(note)
    assert "Sarah" not in scrubbed
    assert "[name]" in scrubbed
    # an allergen, a brand named for a person and a plant's product first in the same list reach the model
    for item in ("Henna, latex", "Tom Ford", "Jessica polish"):
        kept = note.replace("Sarah", item, 1).split(".")[0]
        assert item in scrub_for_model(kept)
