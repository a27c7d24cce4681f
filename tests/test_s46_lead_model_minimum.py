"""What a model reads of a guest's notes, kept to the minimum (probe46d M2): a phone typed a digit at a time ("2 1 2 5 5
5 0 1 9 9") and a street numbered by its order ("300 E 57th St") had reached the model as written."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_pii


@pytest.mark.parametrize(
    "notes",
    [
        "Cell 2 1 2 5 5 5 0 1 9 9. Firm pressure.",
        "Cell 2-1-2-5-5-5-0-1-9-9. Firm pressure.",
        "Text 1-2-1-2-5-5-5-0-1-9-9. Firm pressure.",
        "Cell 212 5 5 5 0 1 9 9. Firm pressure.",  # one group of more digits (rev46k)
        "Cell 2 1 2 555 0 1 9 9 x 2. Firm pressure.",
    ],
)
def test_a_phone_typed_digit_by_digit_is_masked(notes: str) -> None:
    scrubbed = scrub_pii(notes)
    assert "[phone]" in scrubbed and "9" not in scrubbed.split("[phone]")[0], scrubbed
    assert scrubbed.endswith("Firm pressure."), scrubbed


@pytest.mark.parametrize(
    "notes",
    [
        "Pain 7 8 9 in the low back",
        "Rooms 1, 2, 3 are warm",
        "Prefers 60 or 90 min, 2 pm on Dec 8 2026",
        "Hx 3 C-sections",
        # doses, dates and readings a model needs (rev46j): no phone
        "Prednisone taper 40-30-20-10-5 mg",
        "Taper 4 3 2 1 1 1 1 mg",
        "Clonazepam 0.5 - 0.25 - 0.125 mg",
        "Surgery 12 1 2026",
        "Temp 98.6 120.80",
    ],
)
def test_a_few_numbers_are_not_a_phone(notes: str) -> None:
    assert scrub_pii(notes) == notes


@pytest.mark.parametrize(
    ("notes", "street"),
    [
        ("Lives in apt 4B, 300 E 57th St. Firm pressure.", "57th"),
        ("Lives at 300 East 57th Street, buzz 4.", "57th"),
        ("Drop-off at 12 W 4th St apt 2.", "4th"),
    ],
)
def test_a_street_numbered_by_its_order_is_an_address(notes: str, street: str) -> None:
    scrubbed = scrub_pii(notes)
    assert "[address]" in scrubbed and street not in scrubbed, scrubbed


def test_an_ordinal_without_a_street_is_kept() -> None:
    for notes in (
        "4 sessions on 2nd floor",
        "Had 2 3rd degree burns on the arm",
        "Took 2 2nd Dr appointments",
        "Paid 50 2nd place",
        "Room 12 3rd st floor",
    ):
        assert scrub_pii(notes) == notes
