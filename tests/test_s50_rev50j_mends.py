"""rev50j: an allergen after a relation and a condition stays ("Daughter, Asthma Latex allergy"); what care is for
stays after a clinician ("Referred by Physio Knee replacement"; a word no list knows, "Placenta previa", is still
read as a name); a spa's own "fragrance-free" is no health talk."""
import pytest

from spa_copilot.ai.guardrails import check_text, guest_words_for_staff, scrub_for_model


# H1: an allergen after a relation and a condition is masked as a name, staff and model (e79593b1 showed it whole)
@pytest.mark.parametrize("note, kept", [
    ("Daughter, Asthma Latex allergy", "Latex"),
    ("Son, Asthma Peanut allergy", "Peanut"),
    ("Mom, Diabetic Latex allergy", "Latex"),
    ("Husband, Diabetic Lavender allergy", "Lavender"),
    ("Booked by son, Asthma Peanuts", "Peanuts"),
])
@pytest.mark.parametrize("copy", ["staff", "model"])
def test_allergen_after_condition_kept(note, kept, copy):
    out = guest_words_for_staff(note, limit=1000) if copy == "staff" else scrub_for_model(note)
    assert kept in out, out


# M1: after a clinician any capitalised word is masked as her name: the body part, 'Twins', 'Placenta' go
@pytest.mark.parametrize("note, kept", [
    ("Referred by Physio Knee replacement", "Knee"),
    ("Referred by Physio Hip replacement March", "Hip"),
    ("Referred by Physio Back surgery", "Back"),
    ("Referred by Physio Shoulder surgery, no overhead", "Shoulder"),
    ("Referred by Midwife Twins due June", "Twins"),
])
def test_health_word_after_clinician_kept_for_staff(note, kept):
    out = guest_words_for_staff(note, limit=1000)
    assert kept in out, out


# L1: a spa-wide '-free' is refused in a guest text (e79593b1 and 95e6492a sent it)
@pytest.mark.parametrize("text", [
    "Our spa is fragrance-free. See you at 2:00 pm!",
    "Every facial uses fragrance-free skincare.",
    "Pick any scent free of charge with your massage.",
])
def test_spa_wide_free_not_refused(text):
    flags = check_text(text, max_chars=320)
    assert not [f for f in flags if f.startswith("healthTopic")], flags
