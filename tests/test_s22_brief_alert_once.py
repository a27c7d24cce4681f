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


@pytest.mark.parametrize(
    ("notes", "alert", "said"),
    [
        ("No deep pressure please", None, "but the notes say no deep pressure (“No deep pressure please”)."),
        ("not too firm, focus shoulders", None, "but the notes say no firm pressure"),
        ("", "NO DEEP TISSUE - fibromyalgia", "but an alert says no deep pressure."),
    ],
)
def test_deep_pressure_turned_down_in_the_notes_or_an_alert_is_a_caution_in_the_briefing(
    notes: str, alert: str | None, said: str
) -> None:
    """The day book said it (902c532); the therapist's DM, which reads the notes' and alerts' own words, did not."""
    alerts = (Alert(text=alert, severity="warning"),) if alert else ()
    lines = prep(brief(notes, DEEP, "", alerts))
    assert any(line.startswith("Check: Deep Tissue Massage 60 is deep pressure work, ") and said in line
               for line in lines), lines


def test_medium_pressure_or_deep_asked_for_is_no_caution() -> None:
    for notes in ("Medium pressure", "Deep pressure please", "Pressure: medium, no deep work on the neck"):
        assert not any("is deep pressure work" in line for line in prep(brief(notes, DEEP))), notes
