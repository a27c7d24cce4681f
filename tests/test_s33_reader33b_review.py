"""rev33e's findings on the notes reader (76d28b5, 41fa60b): each case reads what a therapist's briefing must say."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("scent"))


# H1: a bare "Scent(s):" under an empty allergy heading is the allergy's kind, never a liked scent
@pytest.mark.parametrize("note", [
    "Allergies:\nScents: lavender",
    "ALLERGIES:\nScent: lavender",
    "Allergies?\nScents: lavender",
    "Allergies -\nScents: lavender",
    "Allergies:\nScent(s): lavender",
    "Allergies:\nScents: lavender, eucalyptus",
    "Allergies:\n  Scents: lavender\n  Food: shellfish",
])
def test_a_scent_field_under_an_empty_allergy_heading_is_an_allergy(note: str) -> None:
    allergies, scents = read(note)
    assert "lavender" not in scents
    assert "fragrance" in allergies and "essentialOils" in allergies


# rev33i M1/M2: the mend's "OK"/"NO"/"NA"/"DH"/"HB" after a reaction and its "- husband" ending made the guest's own
# allergen vanish ("Allergies latex (guest), cats (husband)", "latex - hives - OK" read nothing): both backed out; an
# allergy read for her that may be his is the cautious side, a lost one never is
@pytest.mark.parametrize(("note", "allergen"), [
    ("latex - hives - OK", "latex"),
    ("Latex - anaphylaxis - NO", "latex"),
    ("Penicillin - rash - OK", "penicillin"),
    ("Allergies latex (guest), cats (husband)", "latex"),
    ("Allergies latex, cats - husband", "latex"),
    ("Allergies latex, advil - husband", "latex"),
    ("Allergies peanuts - anaphylaxis - husband", "nutOil"),
])
def test_the_guests_own_allergen_is_never_lost_to_a_mark_after_it(note: str, allergen: str) -> None:
    assert allergen in read(note)[0]


# H2: a drug the allergy list does not know, or a non-allergen item on a bulleted line, made the line's latex vanish
@pytest.mark.parametrize("note", [
    "latex, tylenol",
    "LATEX, tylenol",
    "Latex!, tylenol",
    "latex, advil - hives",
    "latex • tylenol • soy",
    "penicillin - hives • latex • firm pressure",
    "penicillin - hives • latex • loves lavender",
    "codeine - itching • latex • prefers lavender",
])
def test_latex_on_a_line_of_allergens_is_read(note: str) -> None:
    assert "latex" in read(note)[0]
