"""A booked card whose service is shorter than the opening says the rest of the opening is still open, so the desk
can offer it (a 30-minute service in a 60-minute opening read as if the hour were taken); nothing when the service
fills the opening (loose36, item 1)."""

from __future__ import annotations

from typing import Any

from spa_copilot import fill
from spa_copilot.slack import blocks
from tests.test_blocks import all_text


def _row(booked_start: str, booked_end: str) -> dict[str, Any]:
    return {
        "id": "fp_1", "revision": 3, "status": "booked", "current_index": 0, "draft": "Hi Ada",
        "decided_by": "U0MANAGER1", "decided_at": "2026-12-02T15:31:00+00:00",
        "reason": "Ada replied YES", "booked": {
            "appointment_id": "apt_1", "client_id": "cl_1", "first_name": "Ada", "service_id": "sv_exp",
            "service_name": "Express Facial 30", "staff_id": "st_ana", "staff_first_name": "Ana",
            "start": booked_start, "end": booked_end,
        },
        "opening": {"appointment_id": "ap_1", "start": "2026-12-02T19:00:00+00:00", "end": "2026-12-02T20:00:00+00:00",
                    "service_name": "Swedish Massage 60", "time_zone": "America/New_York",
                    "staff_ids": ["st_ana"]},
        "candidates": [{"client_id": "cl_1", "first_name": "Ada", "reasons": [], "score": 0.6,
                        "service_name": "Express Facial 30", "staff_first_name": "Ana",
                        "start": booked_start, "end": booked_end}],
    }


def test_a_half_hour_booked_in_an_hour_says_the_other_half_hour_is_still_open() -> None:
    view = fill.proposal_view(_row("2026-12-02T19:00:00+00:00", "2026-12-02T19:30:00+00:00"))
    shown = all_text(blocks.fill_proposal_message(view).to_kwargs())
    assert ("Booked: Ada replied YES — Express Facial 30 with Ana, Wed 2 Dec, 2:00pm–2:30pm. "
            "30 min still open after, 2:30pm–3:00pm. Text approved by <@U0MANAGER1>") in shown, shown


def test_a_booking_that_fills_the_opening_says_nothing_is_open() -> None:
    view = fill.proposal_view(_row("2026-12-02T19:00:00+00:00", "2026-12-02T20:00:00+00:00"))
    shown = all_text(blocks.fill_proposal_message(view).to_kwargs())
    assert "Wed 2 Dec, 2:00pm–3:00pm. Text approved by <@U0MANAGER1>" in shown, shown
    assert "still open" not in shown
