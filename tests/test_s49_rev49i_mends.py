"""s49 (rev49i, review of 9db4b27b): its mends' own edges, mended: "Hazel Peel referred her", "Will Card referred
her" leaked (a menu word after a reader word is a thing only before "recommended"); "Her mother Rose Almond Allergy"
kept the relative's first name (the allergy steps back onto the first word only after a comma); "Baby due in 6 weeks
to avoid laser" / "for her last massage" lost the pregnancy (one optional word before the appointment word only from a
short list), "for pediatrician" too."""
from datetime import date

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff as g
from tests.builders import dm_lines, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy"])

# HIGH (since rev49f d2cff676; 9db4b27b keeps it, _reader_word ⊇ is_word_too): a full name before referred/sent leaks
@pytest.mark.parametrize(("note", "name"), [("Hazel Peel referred her", "Hazel Peel"), ("Heather Peel referred her", "Heather Peel"),
    ("Summer Facial sent her", "Summer"), ("Will Card referred her", "Will Card"), ("Pearl Facial referred her", "Pearl")])
def test_name_before_verb_leaks(note, name):
    assert name not in g(note), g(note)

# MEDIUM (since 6ae42a88, 9db4b27b only mended non-allergy words): a relative's given name leaks when it is a vocabulary word
@pytest.mark.parametrize(("note", "name"), [("Her mother Rose Almond Allergy", "Rose"), ("Her husband Rose Nut Allergy", "Rose"),
    ("Sister Ginger Nut Allergy", "Ginger")])
def test_related_given_name_leaks(note, name):
    assert name not in g(note).split(), g(note)

# MEDIUM (new in 9db4b27b: any one word before the appointment word): a pregnancy read at 6ae42a88 is lost
@pytest.mark.parametrize("notes", ["Baby due in 6 weeks to avoid laser", "She's due in 6 weeks to skip facials",
    "She's due in 6 weeks for her last massage"])
def test_pregnancy_lost(notes):
    assert "contraindicated" in dm_lines(notes, HOT, day=DAY), notes
