"""rev50k: a drug no list knows after a clinician stays ("Referred by Physio Clexane 20mg daily"); a dotted reading
on its own line or bullet is no phone ("Scores:\n- 8.7.6. 5.4.4. 3.3.2.1")."""
import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff, scrub_for_model


# a clinician word right after "Referred by", then a drug or condition no list knows: read as the clinician's name
@pytest.mark.parametrize("note,word", [
    ("Referred by Physio Melanoma left leg", "Melanoma"),
    ("Referred by Midwife Clexane 40mg", "Clexane"),
    ("Referred by Chiro Digoxin 10mg", "Digoxin"),
    ("Referred by Physiotherapist Inderal 10mg", "Inderal"),
])
def test_clinician_then_drug_or_condition_is_shown_to_staff(note, word):
    assert word in guest_words_for_staff(note, limit=100000)

def test_melanoma_after_clinician_reaches_the_model():
    assert "Melanoma" in scrub_for_model("Referred by Physio Melanoma left leg")

# a dotted reading on its own line (its name on the line above) is read as a phone
@pytest.mark.parametrize("note", [
    "Pain (VAS) visits 1–10:\n7.7.6. 6.5.4. 4.3.2.1",
    "Scores:\n- 8.7.6. 5.4.4. 3.3.2.1",
])
def test_dotted_reading_on_its_own_line_is_not_a_phone(note):
    assert "[phone]" not in guest_words_for_staff(note, limit=100000)
    assert "[phone]" not in scrub_for_model(note)
