"""Guards kept from s47's titled-name and dotted-phone attempt, taken back (rev47b, rev47e): a rule taking more words
after a title sent a drug, allergen, condition or product no list knows to "[name]" in the model's copy of a note,
in the therapist's Slack briefing and in the offline plan ("Per Dr. Sarah Jones Neosporin allergy" → "Per Dr. [name]
allergy", "Dr. Kim Inderal 10mg" → "Dr. [name] 10mg"), and a rule for a phone typed a digit at a time with dots or
commas read readings as a phone ("Pain pre/post 8 4, 7 3, 5 2, 4 1"). A title masks the one word after it, as
before; these rows say what any later attempt must keep."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai import offline
from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii
from spa_copilot.domain import Alert, Client
from tests.test_brief_records import FACIAL, brief

#: A note and the safety word after a titled name that both scrubbers must keep.
SAFETY_WORD_AFTER_A_TITLED_NAME = [
    ("Dr. Helen Park Inderal 10mg", "Inderal"),
    ("Dr. Park Inderal.", "Inderal"),
    ("Dr. Ana García Sintrom 4mg: no deep tissue", "Sintrom"),
    ("Per Dr. Sarah Jones Neosporin allergy", "Neosporin"),
    ("Dr. Ana García Cacahuete alergia", "Cacahuete"),
    ("Dr. Ana García Marcapasos", "Marcapasos"),
    ("Dr. Ana García Epilepsia", "Epilepsia"),
    ("Dr. Luis Pérez Lavanda no", "Lavanda"),
    ("Dr. Park Grossesse.", "Grossesse"),
    ("Dr. Mary Smith Lyme disease", "Lyme"),
    ("Dr. Amy Chen Bell's palsy, no face work", "Bell's palsy"),
    ("Cleared by Dr. Sarah Jones Hydroquinone stop 1 wk before peel", "Hydroquinone"),
    ("Dr. John Smith Fraxel last week, no peel", "Fraxel"),
    ("Mrs. Jane Doe Jojoba oil only", "Jojoba"),
    ("Mrs. Jane Doe Salicylic acid no", "Salicylic"),
    # after a given name alone, a word that what follows shows to be a thing's name
    ("Dr. Kim Lyme disease", "Lyme"),
    ("Dr. Kim Vichy shower ok", "Vichy"),
    ("Mr. Jack Jojoba oil ok", "Jojoba"),
    ("Mrs. Anne Salicylic acid no", "Salicylic"),
    ("Mrs. Anne Glycolic no", "Glycolic"),
    ("Mr. Jack Argan ok", "Argan"),
    ("Mrs. Anne Vitamin C serum ok", "Vitamin C"),
    ("Mrs. Anne Benzoyl peroxide", "Benzoyl"),
]


@pytest.mark.parametrize(("notes", "kept"), SAFETY_WORD_AFTER_A_TITLED_NAME)
def test_the_model_copy_keeps_the_safety_word_after_a_titled_name(notes: str, kept: str) -> None:
    assert kept in scrub_for_model(notes)


@pytest.mark.parametrize(("notes", "kept"), SAFETY_WORD_AFTER_A_TITLED_NAME)
def test_the_staff_scrub_keeps_the_safety_word_after_a_titled_name(notes: str, kept: str) -> None:
    assert kept in scrub_pii(notes)


@pytest.mark.parametrize(
    ("alert", "kept"),
    [
        ("Per Dr. Sarah Jones Neosporin allergy", "Neosporin"),
        ("Dr. Ana García Sintrom 4mg: no deep tissue", "Sintrom"),
        ("Per Dr. Helen Park Inderal 10mg, no deep tissue", "Inderal"),
    ],
)
def test_the_slack_briefing_alert_keeps_the_allergen_or_drug(alert: str, kept: str) -> None:
    guest = brief(Client(id="cl_1", first_name="Bea", alerts=[Alert(text=alert, severity="critical")]), service=FACIAL)
    assert any(kept in line for line in guest.alerts), guest.alerts


def test_the_offline_plan_keeps_the_allergy_caution() -> None:
    notes = "Per Dr. Sarah Jones Neosporin allergy. Worked neck and shoulders, firm. Next time: focus on low back."
    plan = offline.treatment_plan_text(scrub_pii(notes), today=date(2026, 12, 7))  # as Concierge.treatment_plan_summary
    assert "neosporin" in plan.lower(), plan


@pytest.mark.parametrize(
    "notes",
    [
        "Pain pre/post 8 4, 7 3, 5 2, 4 1",
        "Pain 8 6, 7 5, 6 4, 5 3 over 4 visits",
        "VAS 7 3. 6 2. 5 2. 4 1",
        "ROM L/R 4 5, 4 5, 3 5, 4 4",
        "Pressure 3 4, 3 4, 4 5, 4 5",
        "HR 7 2, 7 6, 8 0, 8 4 bpm",
        "BP 1 2 0. 8 0. 7 2",
        "Glucose 1 1 0, 1 2 0, 9 5 fasting",
        "Sets 3 3 3, 2 2 2, 1 1 1 reps",
        "Prednisone taper 4 0, 3 0, 2 0, 1 0 then stop",
    ],
)
def test_readings_typed_a_digit_at_a_time_are_no_phone(notes: str) -> None:
    assert notes in scrub_pii(notes)
    assert "[phone]" not in scrub_for_model(notes)
