"""s50 (scrub50b): intake-form names that still reached staff Slack whole (rev50e) are masked: an emergency contact's
label with "name", who they are in brackets or a dash ("Emergency contact name: Mike Reed", "Emergency contact
(husband): …", "Emergency contact - …"), and a doctor's label ("Doctor: Helen Park", "GP: …"). The model's copy masks
the rest of a labelled name too where staff see only the given name masked ("Mother-in-law: Ann Lee aware"), never a
drug or a word the reader needs after it."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff, scrub_for_model

#: A labelled name staff saw whole, and its words.
LABELLED_NAMES = [
    ("Emergency contact name: Mike Reed", ["Mike", "Reed"]),
    ("Emergency contact (husband): Mike Reed", ["Mike", "Reed"]),
    ("Emergency contact - Mike Reed", ["Mike", "Reed"]),
    ("Doctor: Helen Park", ["Helen", "Park"]),
    ("GP: Helen Park", ["Helen", "Park"]),
]

#: A labelled name before more words, what the model must not see, and what it must.
MODEL_COPY = [
    ("Mother-in-law: Ann Lee aware", ["Ann", "Lee"], ["aware"]),
    ("Emergency contact name: Ann Lee aware", ["Ann", "Lee"], ["aware"]),
    ("Doctor: Jane Zosyn", ["Jane"], ["Zosyn"]),
    ("Husband: Tom Reed Diabetic", ["Tom", "Reed"], ["Diabetic"]),
    ("Husband: Mike Reed Inderal 10mg", ["Mike", "Reed"], ["Inderal 10mg"]),
]


@pytest.mark.parametrize("scrub", [guest_words_for_staff, scrub_for_model])
@pytest.mark.parametrize(("notes", "name"), LABELLED_NAMES)
def test_an_intake_form_label_masks_the_name(scrub, notes: str, name: list[str]) -> None:
    shown = scrub(notes)
    assert [word for word in name if word in shown] == [] and "[name]" in shown, shown


@pytest.mark.parametrize(("notes", "hidden", "kept"), MODEL_COPY)
def test_the_model_sees_no_rest_of_a_labelled_name_and_every_safety_word(
    notes: str, hidden: list[str], kept: list[str]
) -> None:
    shown = scrub_for_model(notes)
    assert [word for word in hidden if word in shown] == [] and all(word in shown for word in kept), shown
