"""An alert that keeps an area off a booked service is said once in the therapist's briefing (session 21's note):
"No face work - rosacea flare" on a facial came as "⚠ Signature Facial 60 works the face, which an alert says to avoid
(“No face work - rosacea flare”)" and again as the alert's own line "No face work - rosacea flare (no heat on the
face)". The alert keeps its line (with its handling); the caution points to it. The notes' words are still quoted:
they have no line of their own."""

from __future__ import annotations

import pytest

from spa_copilot.domain import Alert
from tests.test_s21_brief_said_once import DEEP, FACIAL, brief, prep


@pytest.mark.parametrize("severity", ["critical", "warning", "info"])
def test_an_alert_keeping_the_face_off_a_facial_is_quoted_once(severity: str) -> None:
    guest = brief("", FACIAL, "", (Alert(text="No face work - rosacea flare", severity=severity),))
    lines = prep(guest)
    assert sum("No face work - rosacea flare" in line for line in lines) == 1, lines
    assert (
        "Check: Signature Facial 60 works the face, which an alert says to avoid. Check with the guest before it starts."
        in lines
    ), lines


def test_an_alert_asking_for_light_pressure_is_quoted_once_beside_a_deep_tissue() -> None:
    guest = brief("", DEEP, "", (Alert(text="Fibromyalgia - light pressure ONLY", severity="warning"),))
    lines = prep(guest)
    assert sum("light pressure ONLY" in line for line in lines) == 1, lines
    assert any(line.startswith("Check: Deep Tissue Massage 60 is deep pressure work, but an alert says light pressure.")
               for line in lines), lines


def test_the_notes_words_are_still_quoted_in_the_caution() -> None:
    guest = brief("No face work - rosacea flare", FACIAL)
    assert any("which the notes say to avoid (“No face work - rosacea flare”)" in line for line in prep(guest)), prep(guest)
