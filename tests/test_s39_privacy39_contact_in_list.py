"""s39 privacy39: in an allergy list, an emergency contact's names no list knows ("ICE: Xiomara", "EC: Xiomara or
Thandiwe") reached the model; before their phone or who they are to the guest they are masked as after a payer's cue.
A word no list knows after "ICE:" or "EC:" alone is still kept: it may be a drug ("EC: Naprosyn Asacol")."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note, kept",
    [
        ("Allergies: latex, nuts, EC: Xiomara or Thandiwe - 555-123-4567", "Allergies: latex, nuts, EC: Naprosyn Asacol"),
        ("Allergies: latex, nuts, ICE: Xiomara Dube, mobile 555-123-4567", "Allergies: latex, nuts, ICE: Asacol"),
        ("Allergies: latex, nuts, ICE: Xiomara (sister)", "Allergies: latex, ICE: Chlorhexidine Lamictal"),
        ("Allergies: latex, nuts, EC - Xiomara, her sister", "Allergies: latex, nuts, EC: Asacol (husband's)"),
        ("Allergies: latex, nuts, ICE: Xiomara or Thandiwe (daughters)", "Allergies: latex, EC: Asacol"),
    ],
)
def test_an_emergency_contact_before_a_phone_or_relation_is_masked(note: str, kept: str) -> None:
    scrubbed = scrub_for_model(note)
    assert "Xiomara" not in scrubbed
    assert "Thandiwe" not in scrubbed
    assert "Dube" not in scrubbed
    assert "[name]" in scrubbed
    assert "latex" in scrubbed
    assert scrub_for_model(kept) == kept
