"""s49 (rev49h, review of 6ae42a88): its mends' own edges, mended: a relative's name before a health word leaked when
it was also a word ("Mother Rose Diabetic"): only an allergy word steps back, over care or vocabulary words; a
service before "recommended" named for a safety word ("Pregnancy Massage recommended") was masked; "due in 4 weeks for
her pedicure" / "for a peel" read as a pregnancy and "for her next baby" lost one; "Nut allergy (ER visit)" named a
junk "visit allergy"."""
from datetime import date

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff
from tests.builders import dm_lines, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy"])

# R1 HIGH: _related_name steps back over any _reader_word (incl. is_word_too): a relative's name leaks
@pytest.mark.parametrize(("note", "name"), [
    ("Mother Rose Diabetic", "Rose"), ("Her sister Hazel Pregnant", "Hazel"), ("Referred by Hazel Latex Allergy", "Hazel"),
    ("Gifted by Sage Green Pregnant", "Sage"), ("Husband Mark Stone Diabetic", "Stone"), ("Wife Jane Light Epileptic", "Light"),
    ("Her mother Ginger Rose Asthma", "Ginger"),
])
def test_r1_relative_name_masked(note, name):
    assert name not in guest_words_for_staff(note), guest_words_for_staff(note)

# R2 MEDIUM: _name_before_verb masks a safety word of a service before recommended/sent/referred
@pytest.mark.parametrize("note", ["Pregnancy Massage recommended", "Arnica Massage recommended",
                                  "Hypoallergenic Facial recommended", "Lymphatic Massage recommended"])
def test_r2_service_kept(note):
    assert guest_words_for_staff(note) == note
    assert note in dm_lines("", HOT, day=DAY, booking_note=note)

# R3 MEDIUM: "due in N weeks for <adjective/unlisted service>" invents a pregnancy
@pytest.mark.parametrize("notes", ["Client is due in 4 weeks for her pedicure", "She's due in 3 weeks for a peel",
    "She is due in 4 weeks for her monthly massage", "Client is due in 4 weeks for her usual facial",
    "She is due in 3 weeks for Botox", "Client's due in 3 weeks for her membership renewal"])
def test_r3_no_pregnancy_invented(notes):
    assert "contraindicated" not in dm_lines(notes, HOT, day=DAY), notes

# R4 MEDIUM (not new in 6ae42a88 but in its list): "next"/"another" lose a pregnancy
@pytest.mark.parametrize("notes", ["She's due in 2 months for another baby", "She's due in 5 weeks for her next baby"])
def test_r4_pregnancy_kept(notes):
    assert "contraindicated" in dm_lines(notes, HOT, day=DAY), notes

# R5 LOW: leading 'er' skip reads "(ER visit)" as a 'visit allergy'
def test_r5_er_visit_no_junk():
    assert "visit allergy" not in dm_lines("Nut allergy (ER visit)", HOT, day=DAY)
