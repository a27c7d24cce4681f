"""A condition's quote keeps the date its line opens with; a rating is no date.

An adversarial review of f5835ab (a line's date stamp left out of quotes): "11/28 botox" was quoted "botox" and
"12/1 knee replacement", "2026-11-28 surgery on R wrist" lost their dates too. On a condition's line the date may
be the procedure's, and either way it tells the therapist how recent the words are ("9/7 AR: Pregnant (22 weeks)"),
so such a quote keeps it; a preference's line ("9/6 Likes to chat") still quotes the guest only. "7/10 pressure" and
"10/10 pain low back" are ratings, not dates.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def quotes(note: str, field: str) -> list[str]:
    return [item.evidence for item in getattr(extract_profile_offline(note, today=DAY), field)]


@pytest.mark.parametrize("note, quote", [
    ("Quiet guest.\n11/28 botox in forehead", "11/28 botox in forehead"),
    ("Quiet guest.\n2026-11-28 surgery on R wrist", "2026-11-28 surgery on R wrist"),
    ("Quiet guest.\n9/7 AR: Pregnant (22 weeks)", "9/7 AR: Pregnant (22 weeks)"),
    ("Quiet guest.\n8/7 PN: Uses a retinoid cream nightly", "8/7 PN: Uses a retinoid cream nightly"),
])
def test_a_conditions_line_keeps_its_date(note: str, quote: str) -> None:
    assert quote in quotes(note, "contraindications")


def test_a_preferences_line_still_quotes_the_guest_only() -> None:
    assert quotes("Quiet guest.\n9/6 Likes to chat at the start, then goes quiet", "communication_style") == [
        "Quiet guest", "Likes to chat at the start, then goes quiet"]


@pytest.mark.parametrize("note", ["Quiet guest.\n7/10 pressure, wants deeper", "Quiet guest.\n8/10 pressure is ideal"])
def test_a_rating_is_no_date_stamp(note: str) -> None:
    assert any(quote.startswith(note.split("\n")[1][:4]) for quote in quotes(note, "pressure")), quotes(note, "pressure")
