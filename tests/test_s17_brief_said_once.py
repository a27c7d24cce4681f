"""Staff-eye review, round 17: a therapist's briefing says each fact once. An empty day's summary says there are no
bookings, with no line under it saying it again."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import BriefingView

DAY = date(2026, 12, 4)


def test_an_empty_day_says_once_that_nobody_is_booked() -> None:
    """``/spa brief @Jonah`` on his day off: "You have no shift and no bookings today." then "No appointments
    booked." said the one fact twice."""
    view = BriefingView(therapist_name="Jonah Weiss", day=DAY, time_zone="America/New_York",
                        summary="You have no shift and no bookings today.")
    for message in (blocks.briefing_message(view, seen_from=DAY), *(p.message for p in blocks.briefing_parts(view))):
        shown = json.dumps(message.blocks_as_dicts(), ensure_ascii=False)
        assert "You have no shift and no bookings today." in shown
        assert "No appointments booked" not in shown, shown
        assert len(message.blocks) == 2  # the day's title and its summary


def test_a_briefing_without_a_summary_still_says_nobody_is_booked() -> None:
    view = BriefingView(therapist_name="Jonah Weiss", day=DAY, time_zone="America/New_York")
    shown = json.dumps(blocks.briefing_message(view).blocks_as_dicts(), ensure_ascii=False)
    assert "No appointments booked" in shown
