"""s47 guard (rev47e): a pain, stress or pressure trend logged a digit at a time across visits ("Pain 8 7 6, 5 4 4
3") stays in the model's copy and in ``scrub_pii``'s (Slack briefing, offline plan): no phone rule reads it. A rule for
phones typed a digit at a time with dots or commas, tried in s47, masked it and was taken back."""

import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii

CASES = [
    ("Pain 8 7 6, 5 4 4 3 over 7 visits", "8 7 6, 5 4 4 3"),
    ("Pain scores (0-10): 8 7 6, 5 4 4 3", "8 7 6, 5 4 4 3"),
    ("Dolor 8 7 6, 5 4 3 3 en 7 sesiones", "8 7 6, 5 4 3 3"),
    ("Douleur 8 7 6. 5 4 3 2", "8 7 6. 5 4 3 2"),
    ("Pressure 3 3 4, 4 4 5 5 over visits", "3 3 4, 4 4 5 5"),
    ("pain 7 7 6, 6 5 4 3; call 4 1 5 5 5 5 0 1 0 1", "7 7 6, 6 5 4 3"),  # the phone beside it is masked on both
]


@pytest.mark.parametrize(("note", "kept"), CASES)
@pytest.mark.parametrize("scrub", [scrub_pii, scrub_for_model])
def test_reading_trend_is_not_a_phone(scrub, note: str, kept: str) -> None:
    assert kept in scrub(note)
