"""s49 (rev49j, review of 9460c8b6): full names that the session's start masked reached Slack, mended: "Hazel Peel
recommended her", "Pearl Card recommended us" (before "recommended" a menu word is kept only after a care or vocabulary
word: "Prenatal Massage recommended"), "Her mother, Rose Peel Allergy" (after a comma the allergy steps back onto the
first word only when it is the only word before it: "Booked by husband, Latex Allergy")."""
import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff as g


# HIGH: 9460c8b6 mended 'referred'/'sent' only; before 'recommended' a word the reader knows
# (_reader_word includes is_word_too) still keeps a full name. Masked at 7d2d3a27.
@pytest.mark.parametrize(("note", "name"), [("Hazel Peel recommended her", "Hazel Peel"),
    ("Heather Peel recommended her", "Heather Peel"), ("Will Card recommended her", "Will Card"),
    ("Pearl Card recommended us", "Pearl Card"), ("Olive Peel recommended the spa", "Olive Peel")])
def test_full_name_before_recommended(note, name):
    assert name not in g(note), g(note)

# HIGH (scope of the comma rule, kept by 9460c8b6): after a comma the allergy steps back over the whole name.
# Masked at 7d2d3a27 ('Her mother, [name]').
@pytest.mark.parametrize(("note", "name"), [("Her mother, Rose Peel Allergy", "Rose Peel"),
    ("Her daughter, Ginger Rose Allergy", "Ginger Rose"), ("Her mother, Rose Almond Allergy", "Rose")])
def test_relative_after_comma(note, name):
    assert name not in g(note), g(note)
