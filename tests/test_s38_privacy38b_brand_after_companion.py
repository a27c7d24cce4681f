"""A brand named like a person after a companion's name in an allergy list ("ICE: Maria, Laura Mercier", "paid by
Tom, Kevin Murphy") keeps its words for the model, and its later mentions too, while the companion is masked (session
38, rev38c M1: after a comma, "and" or "&" a known given name and any word after it were masked, and carried on)."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    ("note", "brand", "companion"),
    [
        ("Allergies: latex, ICE: Maria, Laura Mercier", "Laura Mercier", "Maria"),
        ("Allergies: latex, ICE: Maria, Tom Ford. Reacted to Tom Ford last visit.", "Reacted to Tom Ford", "Maria"),
        ("Allergies: latex, EC: Sam, Paul Mitchell shampoo", "Paul Mitchell shampoo", "Sam"),
        ("Allergies: latex, paid by Tom, Kevin Murphy", "Kevin Murphy", "Tom"),
        ("Allergies: latex, bestie Xiomara and Jane Iredale", "Jane Iredale", "Xiomara"),
        ("Allergies: latex, EC: Sam, Peter Thomas Roth shampoo", "Peter Thomas Roth shampoo", "Sam"),
    ],
)
def test_a_brand_after_a_companion_keeps_its_words(note: str, brand: str, companion: str) -> None:
    scrubbed = scrub_for_model(note)
    assert brand in scrubbed and companion not in scrubbed, scrubbed
