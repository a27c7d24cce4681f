"""s47 guard (rev47e): the word after a titled name whose first word is also a given name ("Dr. Kim", Chen, Thomas,
Taylor: doctors' surnames) stays, a drug, allergen, condition, product or body area no lexicon knows among them
("Dr. Kim Inderal 10mg"), in the model's copy and in ``scrub_pii``'s (Slack briefing, offline plan), and so do its
later mentions. A surname rule tried in s47 masked it and was taken back."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii

CASES = [
    ("Dr. Kim Inderal 10mg daily", "Inderal"),
    ("Per Dr. Chen Inderal. No deep tissue.", "Inderal"),
    ("Dr. Taylor Sintrom 4mg: no deep tissue", "Sintrom"),  # anticoagulant
    ("Dr. Scott Neosporin!", "Neosporin"),
    ("Dr. Kim Epilepsia - pas de pierres chaudes", "Epilepsia"),
    ("Dr. Chen Grossesse 5 mois", "Grossesse"),  # pregnancy
    ("Dr. Kim Cacahuete!", "Cacahuete"),  # peanut
    ("Dr. James Coccyx fracture 2025, no pressure", "Coccyx"),
    ("Dr. Morgan Hibiclens wash before wax", "Hibiclens"),
    ("Dr. Helen Inderal 10mg daily", "Inderal"),  # a doctor called by her first name
    ("Dr. Kim Martes 3pm revisión", "Martes"),  # the day (Tuesday)
    ("Dr. Kim Mayo 12 cirugía", "Mayo 12"),  # the date of surgery
    ("Dr. Thomas Chimio jusqu'en Mars", "Chimio"),  # chemotherapy
    ("Dr. Kim Lavanda, evitar", "Lavanda"),  # scent to avoid
]


@pytest.mark.parametrize(("note", "kept"), CASES)
def test_model_copy_keeps_the_safety_word(note: str, kept: str) -> None:
    assert kept in scrub_for_model(note)


@pytest.mark.parametrize(("note", "kept"), CASES)
def test_staff_scrub_keeps_the_safety_word(note: str, kept: str) -> None:
    assert kept in scrub_pii(note)


def test_later_mentions_stay_in_the_model_copy() -> None:
    assert "Continue Inderal daily" in scrub_for_model("Dr. Kim Inderal 10mg. Continue Inderal daily.")
