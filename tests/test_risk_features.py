"""Booking-time features: the right counts, local time, and no leakage from anything after the booking."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.features import FEATURES, Booking, booking_features, history_features, outcome_known_at
from spa_copilot.risk.synthetic import synthetic_history

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)  # a Monday


def rec(id: str, start_days: float, booked_days: float, outcome: str = "completed", **extra: object) -> HistoryRecord:
    base: dict[str, object] = {
        "appointment_id": id,
        "client_id": "cl_1",
        "location_id": "loc_1",
        "booked_at": T0 + timedelta(days=booked_days),
        "start_at": T0 + timedelta(days=start_days),
        "service_id": "sv_1",
        "outcome": outcome,
    }
    return HistoryRecord(**(base | extra))


def features_of(records: list[HistoryRecord], appointment_id: str) -> dict[str, object]:
    table = history_features(records)
    row = table.matrix[table.appointment_ids.index(appointment_id)]
    return dict(zip(FEATURES, row, strict=True))


def same(a: dict[str, object], b: dict[str, object]) -> bool:
    return all(x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
               for x, y in zip(a.values(), b.values(), strict=True))


def test_counts_only_outcomes_known_before_the_booking() -> None:
    history = [
        rec("old_visit", -400, -420),
        rec("no_show", -100, -110, "noShow"),
        rec("late", -50, -60, "lateCancel", cancelled_at=T0 + timedelta(days=-50, hours=-4)),
        rec("cancel", -20, -30, "cancelled", cancelled_at=T0 + timedelta(days=-25)),
        rec("visit", -10, -12),
        rec("target", 14, 0),
        rec("booked_before_but_later", 7, -3, "noShow"),  # on the book at booking time; outcome unknown
    ]
    f = features_of(history, "target")
    assert f["lead_days"] == 14
    assert (f["prior_visits"], f["prior_no_shows"], f["prior_late_cancels"], f["prior_cancellations"]) == (2, 1, 1, 1)
    assert f["prior_appointments"] == 5
    assert (f["no_shows_past_year"], f["late_cancels_past_year"]) == (1, 1)
    assert f["prior_miss_rate"] == pytest.approx(2 / 5)
    assert f["days_since_last_visit"] == pytest.approx(10)
    assert f["days_since_first_seen"] == pytest.approx(400)


def test_a_cancellation_counts_once_its_start_has_passed() -> None:
    cancelled = rec("c", 30, -5, "cancelled", cancelled_at=T0 - timedelta(days=1))
    assert outcome_known_at(cancelled) == cancelled.start_at
    before_start = features_of([cancelled, rec("target", 10, 0)], "target")
    after_start = features_of([cancelled, rec("target", 40, 31)], "target")
    assert (before_start["prior_cancellations"], after_start["prior_cancellations"]) == (0, 1)
    assert (before_start["prior_appointments"], after_start["prior_appointments"]) == (0, 1)


def test_an_outcome_known_at_the_booking_instant_does_not_count() -> None:
    f = features_of([rec("ns", 0, -5, "noShow"), rec("target", 3, 0)], "target")
    assert f["prior_no_shows"] == 0  # strictly before: a no-show starting the same instant is not yet known


def test_a_future_outcome_cannot_change_a_past_feature() -> None:
    history = [
        rec("past", -30, -40, "noShow"),
        rec("target", 10, 0),
        rec("future_1", 40, 5),
        rec("future_2", 8, -2),  # booked earlier, starts before the target, but after its booking
    ]
    before = features_of(history, "target")
    for outcome in ("noShow", "lateCancel", "cancelled"):
        changed = [
            h if h.appointment_id == "past" else h.model_copy(
                update={"outcome": outcome, "cancelled_at": h.start_at - timedelta(hours=2)}
            )
            for h in history
        ]
        assert same(features_of(changed, "target"), before), outcome
    # Sanity: the same edit to an outcome known before the booking does change the features.
    changed_past = [h.model_copy(update={"outcome": "completed"}) if h.appointment_id == "past" else h for h in history]
    assert features_of(changed_past, "target")["prior_no_shows"] == 0 != before["prior_no_shows"]


def test_no_row_is_affected_by_anything_unknown_at_its_booking() -> None:
    """On a random history: each row's features equal those computed from only what was known then."""
    records, _ = synthetic_history(clients=60, seed=3)
    full = history_features(records)
    rng = random.Random(0)
    for i in rng.sample(range(len(records)), 40):
        target = records[i]
        known = [r for r in records if outcome_known_at(r) < target.booked_at]
        scrambled = [  # everything else gets a different, random outcome
            r.model_copy(update={"outcome": rng.choice(["completed", "noShow", "lateCancel", "cancelled"])})
            for r in records
            if outcome_known_at(r) >= target.booked_at and r.appointment_id != target.appointment_id
        ]
        alone = booking_features([Booking.from_record(target)], known + scrambled)
        expected = dict(zip(FEATURES, full.matrix[i], strict=True))
        assert same(dict(zip(FEATURES, alone.matrix[0], strict=True)), expected)


def test_usual_lead_is_the_median_of_the_last_appointments_started_before_the_booking() -> None:
    history = [
        rec("two_days", -40, -42, "noShow"),
        rec("ten_days", -20, -30, "cancelled", cancelled_at=T0 + timedelta(days=-25)),
        rec("same_day", -5, -5.25),
        rec("target", 14, 0),
        rec("on_the_book", 3, -60),  # booked 63 days ahead, still to come at booking time: not yet a habit
    ]
    assert features_of(history, "target")["usual_lead_days"] == pytest.approx(2)  # median of 2, 10 and 0.25
    assert math.isnan(features_of(history, "two_days")["usual_lead_days"])
    many = [rec(f"old_{i}", -100 + i, -130 + i) for i in range(5)]  # 30 days ahead, started earliest
    many += [rec(f"new_{i}", -50 + i, -51 + i) for i in range(10)]  # 1 day ahead, the last ten
    assert features_of([*many, rec("target", 14, 0)], "target")["usual_lead_days"] == pytest.approx(1)


def test_nothing_about_appointments_still_to_come_changes_the_features() -> None:
    """Appointments that start after the booking: their timing and booking time are unknown too."""
    records, _ = synthetic_history(clients=60, seed=5)
    full = history_features(records)
    rng = random.Random(1)
    for i in rng.sample(range(len(records)), 30):
        target = records[i]
        moved = []
        for r in records:
            if r.appointment_id != target.appointment_id and r.start_at >= target.booked_at:
                start = target.booked_at + timedelta(days=rng.uniform(0, 90))
                r = r.model_copy(update={"start_at": start, "booked_at": start - timedelta(days=rng.uniform(0, 60)),
                                         "outcome": rng.choice(["completed", "noShow"]), "cancelled_at": None})
            moved.append(r)
        alone = booking_features([Booking.from_record(target)], moved)
        assert same(dict(zip(FEATURES, alone.matrix[0], strict=True)), dict(zip(FEATURES, full.matrix[i], strict=True)))


def test_weekday_and_hour_are_in_the_locations_zone() -> None:
    booking = Booking(
        appointment_id="a", client_id="c", location_id="loc_ny", booked_at=T0,
        start_at=datetime(2026, 1, 10, 2, 30, tzinfo=UTC),  # Friday 21:30 in New York
    )
    local = booking_features([booking], [], zones={"loc_ny": ZoneInfo("America/New_York")})
    utc = booking_features([booking], [])
    assert (local.column("weekday")[0], local.column("start_hour")[0]) == (4, 21.5)
    assert (utc.column("weekday")[0], utc.column("start_hour")[0]) == (5, 2.5)
    assert (local.column("booked_hour")[0], utc.column("booked_hour")[0]) == (9, 14)  # booked 14:00 UTC


def test_a_new_client_has_no_history_and_unknown_recency() -> None:
    table = booking_features([Booking("a", "new", "loc_1", T0, T0 + timedelta(days=2), new_client=True)], [rec("x", -5, -9)])
    row = dict(zip(FEATURES, table.matrix[0], strict=True))
    assert row["prior_visits"] == 0 and row["new_client"] == 1
    assert np.isnan(row["days_since_last_visit"]) and np.isnan(row["prior_miss_rate"])
    assert row["category"] == "unknown" and row["location"] == "loc_1"


def test_a_booking_entered_after_its_start_does_not_see_its_own_or_later_outcomes() -> None:
    # A walk-in recorded an hour late, and an appointment back-filled days after it took place.
    history = [
        rec("earlier", -30, -35, "noShow"),
        rec("walk_in", 0, 1 / 24),
        rec("backfilled", 2, 9),
        rec("between", 5, 3, "noShow"),  # started after "backfilled" did, before it was entered
    ]
    for target in ("walk_in", "backfilled"):
        f = features_of(history, target)
        for outcome in ("completed", "noShow", "lateCancel", "cancelled"):
            changed = [r.model_copy(update={"outcome": outcome}) if r.appointment_id in {target, "between"} else r
                       for r in history]
            assert same(features_of(changed, target), f), (target, outcome)
    assert features_of(history, "walk_in")["prior_appointments"] == 1 and features_of(history, "walk_in")["lead_days"] == 0
    backfilled = features_of(history, "backfilled")
    assert (backfilled["prior_appointments"], backfilled["prior_no_shows"], backfilled["prior_visits"]) == (2, 1, 1)
