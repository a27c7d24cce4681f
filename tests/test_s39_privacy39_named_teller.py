"""s39 privacy39: who told the spa, named between the word for them and the allergy list ("Allergies per Dr Patel:
latex", "Allergies per carer Maria: latex"), opens the list: offline the allergens are read (nothing was, the allergen
was lost) and the model gets the allergens without the name."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_for_model

TODAY = date(2026, 12, 6)


def _allergies(note: str) -> set[str]:
    return {entry.value for entry in extract_profile_offline(note, today=TODAY).allergies}


@pytest.mark.parametrize(
    "note, names, allergens",
    [
        ("Allergies per Dr Patel: latex", ["Patel"], {"latex"}),
        ("Allergies per Dr. Patel: latex, nuts", ["Patel"], {"latex", "nutOil"}),
        ("Allergies per carer Maria: latex", ["Maria"], {"latex"}),
        ("Allergies per carer Maria Lopez - latex", ["Maria", "Lopez"], {"latex"}),
        ("Allergies per nurse Kelly: latex. Kelly to call back", ["Kelly"], {"latex"}),
        ("Allergies (per carer Maria) - latex", ["Maria"], {"latex"}),
        ("Allergies - per her carer Maria: latex, nuts", ["Maria"], {"latex", "nutOil"}),
        ("Allergies per husband Tom = latex", ["Tom"], {"latex"}),
        # the name in the cue masked first, a given name first in the list is still the teller's
        ("Allergies (per carer Maria) - Ahmed, latex", ["Maria", "Ahmed"], {"latex"}),
        ("Allergies per Dr Patel: Sarah, latex", ["Patel", "Sarah"], {"latex"}),
    ],
)
def test_a_named_teller_opens_the_list_and_is_masked_for_the_model(
    note: str, names: list[str], allergens: set[str]
) -> None:
    assert allergens <= _allergies(note)
    scrubbed = scrub_for_model(note)
    assert "latex" in scrubbed
    for name in names:
        assert name not in scrubbed


@pytest.mark.parametrize(
    "note, item",
    [
        ("Allergies per carer Maria Tea-tree, latex", "Tea-tree"),
        ("Allergies per her carer Maria Retin-A, latex", "Retin-A"),
    ],
)
def test_a_hyphen_inside_the_first_item_is_no_teller_s_mark(note: str, item: str) -> None:
    # "Maria Tea" was read as the teller's name, "-" as the list's mark: the model got "[name]-tree"
    assert item in scrub_for_model(note)
    assert "tree" not in _allergies(note)
