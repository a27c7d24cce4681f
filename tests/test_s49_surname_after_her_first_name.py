"""s49 (probe49a MEDIUM): the guest's own surname, when it is also a word the reader knows (Stone, Rose, Green, Wood,
Almond), reached the therapist's Slack through an alert or a booking note after a dash or in brackets ("Nut allergy -
Ava Stone", "Nut allergy (Stone)"): read as an item of the allergy's list. Right after a capitalised given name, or
alone in brackets, it is her name and masked; in brackets a word that may name the allergen itself ("Tree nut allergy
(Almond)") is kept, as the therapist must read it, and so is the word as a thing elsewhere ("Rose oil")."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff


@pytest.mark.parametrize("last", ["Stone", "Green", "Wood", "Kowalski"])
def test_her_surname_after_her_first_name_is_masked(last: str) -> None:
    assert guest_words_for_staff(f"Nut allergy - Ava {last}", names=[last]) == "Nut allergy - Ava [name]"


@pytest.mark.parametrize(  # rev49c: a word that may name the allergen or the product itself is read, as before
    ("text", "last"),
    [("Nut allergy - Jordan Almond", "Almond"), ("Fish allergy: Jordan Salmon", "Salmon"), ("Allergy (Honey)", "Honey"),
     ("Nut allergy - Ava Rose", "Rose")],
)
def test_a_word_that_may_name_the_thing_itself_is_kept(text: str, last: str) -> None:
    assert guest_words_for_staff(text, names=[last]) == text


@pytest.mark.parametrize(
    ("text", "last", "shown"),
    [
        ("Nut allergy (Stone)", "Stone", "Nut allergy ([name])"),
        ("Latex allergy (Wood)", "Wood", "Latex allergy ([name])"),
        ("Tree nut allergy (Almond)", "Almond", "Tree nut allergy (Almond)"),  # may be the nut itself
        ("Rose oil ok. Allergies: nuts, Rose", "Rose", "Rose oil ok. Allergies: nuts, Rose"),  # things, as before
        ("No hot stones for Ava Stone", "Stone", "No hot stones for Ava [name]"),
    ],
)
def test_her_surname_in_brackets_or_as_a_thing(text: str, last: str, shown: str) -> None:
    assert guest_words_for_staff(text, names=[last]) == shown
