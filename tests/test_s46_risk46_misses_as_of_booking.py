"""The misses and few-visits reasons are counted as of the booking; for one made days ago they are worded so (probe46e
M2, L4)."""

import json
from datetime import timedelta
from pathlib import Path

from spa_copilot.domain import AppointmentStatus
from spa_copilot.risk.bands import BOOKED_DAYS_AGO, phrase_reason
from spa_copilot.risk.model import read_model
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.slack.listeners.commands import answer_command

MODELS = Path(__file__).resolve().parents[1] / "models"
ONE_MISS = {
    "prior_no_shows": 1,
    "no_shows_past_year": 1,
    "prior_appointments": 1,
    "bookings_past_year": 1,
    "days_since_first_seen": 10,
}
OLD_MISSES = {"prior_no_shows": 3, "prior_appointments": 20, "days_since_first_seen": 600}


def test_a_booking_made_today_reads_as_today() -> None:
    for booked_ago in (None, 0.2, 1.0):
        values = ONE_MISS | ({BOOKED_DAYS_AGO: booked_ago} if booked_ago is not None else {})
        assert phrase_reason("misses", values) == "missed their only booking in the past year (1 no-show)"


def test_a_booking_made_days_ago_reads_as_of_booking() -> None:
    said = phrase_reason("misses", ONE_MISS | {BOOKED_DAYS_AGO: 100.0})
    assert said == "missed their only booking in the year before this was booked (1 no-show)"
    older = phrase_reason("misses", OLD_MISSES | {BOOKED_DAYS_AGO: 30.0})
    assert older is not None and "past year" not in older and "a year ago" not in older and "none since" not in older


def test_few_visits_read_as_of_booking_too() -> None:
    few = {"new_client": 0.0, "prior_visits": 2.0}
    assert phrase_reason("newness", few) == "only 2 previous visits"
    assert phrase_reason("newness", few | {BOOKED_DAYS_AGO: 0.5}) == "only 2 previous visits"
    assert phrase_reason("newness", few | {BOOKED_DAYS_AGO: 40.0}) == "only 2 previous visits when this was booked"


def _moved(a, new_id, start, status, created):
    shift = start - a.start_at
    lines = [
        line.model_copy(
            update={"id": f"{new_id}-{i}", "start_at": line.start_at + shift, "end_at": line.end_at + shift}
        )
        for i, line in enumerate(a.services)
    ]
    return a.model_copy(
        update={
            "id": new_id,
            "start_at": start,
            "end_at": a.end_at + shift,
            "services": lines,
            "status": status,
            "created_at": created,
            "cancellation": None,
        }
    )


async def test_card_risk_reason_agrees_with_its_visit_list(world) -> None:
    """A May no-show, booked 100 days ago, three visits since (listed on the same card)."""
    world.copilot.risk = read_model(MODELS)
    now = world.copilot.now()
    booking = next(
        a
        for a in sorted(world.spa.appointments.values(), key=lambda a: a.start_at)
        if a.is_active and a.start_at > now + timedelta(hours=20) and a.services
    )
    for other in [
        x for x in world.spa.appointments.values() if x.client_id == booking.client_id and x.id != booking.id
    ]:
        world.spa.appointments.pop(other.id)
    world.spa.put_appointment(booking.model_copy(update={"created_at": now - timedelta(days=100)}))
    world.spa.put_appointment(
        _moved(booking, "p1", now - timedelta(days=200), AppointmentStatus.no_show, now - timedelta(days=210))
    )
    for k, days in enumerate((50, 30, 10)):
        world.spa.put_appointment(
            _moved(
                booking,
                f"p{k + 2}",
                now - timedelta(days=days),
                AppointmentStatus.completed,
                now - timedelta(days=days + 7),
            )
        )
    world.spa._by_start = None
    kw = (await answer_command(world.copilot, text=f"client {booking.client_id}", user_id=FRONT_DESK_USER)).to_kwargs()
    card = json.dumps(kw["blocks"], ensure_ascii=False)
    assert "No-show risk" in card and "Last visits" in card, card
    assert "their only booking in the past year" not in card, card
    assert "missed their only booking in the year before this was booked" in card, card
