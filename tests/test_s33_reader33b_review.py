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


# L1: two capitals after a reaction are not always a staff member's initials
@pytest.mark.parametrize("note", [
    "latex - hives - NO",
    "Peanuts - anaphylaxis - DH",
    "cats - sneezing - HB",
    "Penicillin - rash - OK",
])
def test_an_answer_or_someone_else_after_a_reaction_is_no_signature(note: str) -> None:
    assert read(note)[0] == []


# L2: a colonless allergy heading whose answer names someone else is read as before (nothing)
@pytest.mark.parametrize("note", ["Allergies latex cats - husband", "Allergies latex cats (husband's)"])
def test_a_colonless_allergy_answer_ending_with_the_husband_is_not_the_guests(note: str) -> None:
    assert read(note)[0] == []


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


# replay (reader33b): a bare line of allergens and a reaction closed by "- husband" reads as at 99507c1
@pytest.mark.parametrize(("note", "allergies"), [
    ("cats dogs (sneezing) - husband", []),
    ("cats, dogs (sneezing) - husband", ["dogs"]),  # the dogs as before (the reaction item's own reading)
])
def test_a_reaction_line_closed_by_the_husband_gains_no_allergen(note: str, allergies: list[str]) -> None:
    assert read(note)[0] == allergies
