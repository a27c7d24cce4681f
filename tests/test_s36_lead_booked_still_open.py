"""A booked fill card says what of the opening a shorter service leaves free only when the guest was booked with a
therapist the cancellation freed: booked with another (Owen, for Claire's cancelled hour), Claire's whole hour is still
free and "30 min still open after" would have the desk offer half of it (rev36b M1)."""

from __future__ import annotations

from typing import Any

from spa_copilot import fill
from spa_copilot.slack import blocks
from tests.test_blocks import all_text


def _row(staff_id: str, staff_first_name: str) -> dict[str, Any]:
    start, end = "2026-12-02T19:00:00+00:00", "2026-12-02T19:30:00+00:00"  # 2:00-2:30pm in New York
    return {
        "id": "fp_1", "revision": 3, "status": "booked", "current_index": 0, "draft": "Hi Ada",
        "decided_by": "U0MANAGER1", "decided_at": "2026-12-02T15:31:00+00:00", "reason": "Ada replied YES",
        "booked": {"appointment_id": "apt_1", "client_id": "cl_1", "first_name": "Ada", "service_id": "sv_exp",
                   "service_name": "Express Facial 30", "staff_id": staff_id, "staff_first_name": staff_first_name,
                   "start": start, "end": end},
        # Claire's 2-3pm Swedish was cancelled: the opening is Claire's hour
        "opening": {"appointment_id": "ap_1", "start": "2026-12-02T19:00:00+00:00", "end": "2026-12-02T20:00:00+00:00",
                    "service_name": "Swedish Massage 60", "time_zone": "America/New_York", "staff_ids": ["st_claire"],
                    "staff_name": "Claire"},
        "candidates": [{"client_id": "cl_1", "first_name": "Ada", "reasons": [], "score": 0.6,
                        "service_name": "Express Facial 30", "staff_id": staff_id,
                        "staff_first_name": staff_first_name, "start": start, "end": end}],
    }


def _shown(row: dict[str, Any]) -> str:
    return all_text(blocks.fill_proposal_message(fill.proposal_view(row)).to_kwargs())


def test_booked_with_the_freed_therapist_says_the_rest_is_open() -> None:
    assert "30 min still open after, 2:30pm–3:00pm" in _shown(_row("st_claire", "Claire"))


def test_booked_with_another_therapist_says_no_half_hour_open() -> None:
    shown = _shown(_row("st_owen", "Owen"))
    assert "Booked: Ada replied YES" in shown
    assert "still open after" not in shown
