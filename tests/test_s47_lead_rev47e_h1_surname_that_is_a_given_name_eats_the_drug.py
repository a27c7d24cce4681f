"""rev47e H1: after c3d34f94 a titled name takes one more word whenever its first word is on a given-name list -- and
"Kim", "Chen", "Thomas", "James", "Scott", "Taylor", "Morgan" (common doctors' SURNAMES) are. So the drug, allergen,
condition, product or body area right after "Dr. Kim" that no lexicon knows is masked as the surname, in the model's copy
AND in scrub_pii's (Slack briefing, offline plan). In the model's copy later mentions are masked too.
Fails on c3d34f94; passes on a787f3ce (which masked only "Kim")."""

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
