"""The demo's terminal rendering of a section's two field columns: a long field wraps inside its column."""

from spa_copilot.sandbox.slack_api import render_terminal


def _fields_message(*cells: str) -> dict:
    return {"blocks": [{"type": "section", "fields": [{"type": "mrkdwn", "text": c} for c in cells]}]}


def test_a_long_left_field_wraps_and_the_right_column_stays_put():
    long_left = "• Scent: citrus — fragrance allergy; ask first before any oil"
    cells = (long_left, "• hypertension: limit heat", "• Focus: feet", "• Avoid: scalp")
    lines = render_terminal(_fields_message(*cells), width=72).splitlines()
    column = 72 // 2 - 2
    rights = [line for line in lines if "• hypertension" in line or "• Avoid" in line]
    assert [line.index("•", 1) for line in rights] == [column + 2, column + 2]
    left_words = " ".join(line[:column] for line in lines if not line.startswith("• Focus")).split()
    assert left_words[: len(long_left.split())] == long_left.split()  # the whole field, in order, in its column


def test_short_fields_are_unchanged():
    shown = render_terminal(_fields_message("• Pressure: firm", "• latex allergy"), width=72)
    assert shown.splitlines() == [f"{'• Pressure: firm':<34}  • latex allergy"]
