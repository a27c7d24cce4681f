"""s44: a text to a guest never greets her by a Spanish title: "Sra. Lucía" was greeted "Hi Sra" (``greeting_name``
took the title for her name); now "Hi there", as for "Mrs."."""

from __future__ import annotations

from spa_copilot.ai.schemas import greeting_name


def test_a_text_never_greets_a_guest_by_a_spanish_title() -> None:
    assert greeting_name("Sra. Lucía") is None and greeting_name("Srta Ana") is None
    assert greeting_name("Doña Carmen") is None and greeting_name("Mrs. Ruth") is None
    assert greeting_name("Don") == "Don" and greeting_name("Lucía") == "Lucía"
