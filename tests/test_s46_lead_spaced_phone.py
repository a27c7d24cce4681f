"""A phone typed a digit at a time ("2 1 2 5 5 5 0 1 9 9") is masked before a model reads the notes (probe46d M2): only
the drafts' own check knew the form, and the guest's phone reached the model as written."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_pii


@pytest.mark.parametrize(
    "notes",
    [
        "Cell 2 1 2 5 5 5 0 1 9 9. Firm pressure.",
        "Cell 2-1-2-5-5-5-0-1-9-9. Firm pressure.",
        "Call 2.1.2 5.5.5 0.1.9.9 after 5. Firm pressure.",
        "Text 1 212 555 0 1 9 9. Firm pressure.",
    ],
)
def test_a_phone_typed_digit_by_digit_is_masked(notes: str) -> None:
    scrubbed = scrub_pii(notes)
    assert "[phone]" in scrubbed and "9" not in scrubbed.split("[phone]")[0], scrubbed
    assert scrubbed.endswith("Firm pressure."), scrubbed


@pytest.mark.parametrize(
    "notes",
    ["Pain 7 8 9 in the low back", "Rooms 1, 2, 3 are warm", "Prefers 60 or 90 min, 2 pm on Dec 8 2026", "Hx 3 C-sections"],
)
def test_a_few_numbers_are_not_a_phone(notes: str) -> None:
    assert scrub_pii(notes) == notes
