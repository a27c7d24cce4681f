"""s39 privacy39b (rev39f M1): names that still reached the model after the s39 teller and contact rules: the
teller's name first in the list after "Dr." (its full stop ended the sentence), and an emergency contact after
capitalised drugs (the list read as Title Case) or before "(sis)"."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note, name, kept",
    [
        ("Allergies per Dr. Patel: Sarah, latex", "Sarah", "latex"),
        ("Allergies: Hibiclens, EC: Xiomara - husband", "Xiomara", "Hibiclens"),
        ("Allergies: Keflex, Bactrim, EC: Xiomara (sister) 555-123-4567", "Xiomara", "Keflex, Bactrim"),
        ("Allergies: latex, EC: Xiomara (sis)", "Xiomara", "latex"),
    ],
)
def test_the_name_is_masked_and_the_allergens_kept(note: str, name: str, kept: str) -> None:
    scrubbed = scrub_for_model(note)
    assert name not in scrubbed
    assert "[name]" in scrubbed
    assert kept in scrubbed
