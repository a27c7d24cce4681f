"""Session 34 (reader34): the items after a substance's reaction on a bare line are read too ("codeine - itching |
dogs" lost the dogs, "penicillin - hives • lavender" read a liked lavender; rev33e M2, H2)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


def _read(note: str):
    return extract_profile_offline(note, today=date(2026, 12, 5))


@pytest.mark.parametrize(
    ("note", "read"),
    [
        ("codeine - itching | dogs", {"codeine", "dogs"}),
        ("codeine - itching • almond oil", {"codeine", "nutOil"}),
        ("penicillin - hives • lavender", {"penicillin", "essentialOils"}),
        ("penicillin - hives, lavender", {"penicillin", "essentialOils"}),
    ],
)
def test_every_item_after_the_reaction_is_read(note: str, read: set[str]) -> None:
    profile = _read(note)
    assert read <= {e.value for e in profile.allergies}
    assert "lavender" not in {e.value for e in profile.scent}


def test_someone_elses_item_after_the_reaction_is_not_hers() -> None:
    profile = _read("codeine - itching | dogs (husband)\npenicillin - hives • cats")
    allergies = {e.value for e in profile.allergies}
    assert {"codeine", "penicillin", "cats"} <= allergies
    assert "dogs" not in allergies
