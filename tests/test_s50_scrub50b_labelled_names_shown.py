"""s50 (scrub50b, rev50h): intake-form names that reached staff Slack whole (rev50e) have their given name masked: an
emergency contact's label with "name", who they are in brackets or a dash ("Emergency contact name: Mike Reed",
"Emergency contact (husband): …", "Emergency contact - …"), and a doctor's label ("Doctor: Helen Park", "GP: …"). The
word after the given name stays, a drug or a condition as often as a surname ("Doctor: Kim Inderal", "Husband: Tom
Kidney Disease": rev50h)."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff, scrub_for_model

#: A labelled name, the given name staff must not see, and the words after it that must stay.
LABELLED_NAMES = [
    ("Emergency contact name: Mike Reed", "Mike", []),
    ("Emergency contact (husband): Mike Reed", "Mike", []),
    ("Emergency contact - Mike Reed", "Mike", []),
    ("Doctor: Helen Park", "Helen", []),
    ("GP: Helen Park", "Helen", []),
    ("Doctor: Kim Inderal", "Kim", ["Inderal"]),
    ("GP: Kim Arixtra", "Kim", ["Arixtra"]),
    ("Emergency contact (husband): Tom Digoxin", "Tom", ["Digoxin"]),
    ("Husband: Tom Kidney Disease", "Tom", ["Kidney Disease"]),
    ("Doctor: Jane Zosyn", "Jane", ["Zosyn"]),
]


@pytest.mark.parametrize(("notes", "given", "kept"), LABELLED_NAMES)
def test_an_intake_form_label_masks_the_given_name_and_keeps_what_follows(notes: str, given: str, kept: list[str]) -> None:
    shown = guest_words_for_staff(notes)
    assert given not in shown and "[name]" in shown, shown
    assert [word for word in kept if word not in shown] == [], shown


@pytest.mark.parametrize(
    "notes", ["Husband: Tom Kidney Disease", "Husband: Tom Celiac Disease", "Doctor: Kim Sickle Cell",
              "Husband: Tom Numbing Cream"],
)
def test_the_models_copy_keeps_a_condition_after_a_labelled_name(notes: str) -> None:
    shown = scrub_for_model(notes)
    assert notes.split(": Tom ", 1)[-1].split(": Kim ", 1)[-1] in shown, shown  # rev50h: "[name] Disease"
