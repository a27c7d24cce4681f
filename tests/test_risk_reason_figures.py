"""The reasons' figures come from the booking-time features: a share of the bookings known when it was made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.bands import phrase_reason
from spa_copilot.risk.features import FEATURES, history_features

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)


def rec(id: str, start_days: float, booked_days: float, outcome: str = "completed") -> HistoryRecord:
    extra = {"cancelled_at": T0 + timedelta(days=start_days, hours=-3)} if outcome == "lateCancel" else {}
    return HistoryRecord(appointment_id=id, client_id="cl_1", location_id="loc_1", service_id="sv_1", outcome=outcome,
                         booked_at=T0 + timedelta(days=booked_days), start_at=T0 + timedelta(days=start_days), **extra)


def reason(records: list[HistoryRecord], appointment_id: str, group: str) -> str | None:
    table = history_features(records)
    row = table.appointment_ids.index(appointment_id)
    values = dict(zip(FEATURES, table.matrix[row], strict=True))
    values.update({name: float(column[row]) for name, column in table.display.items()})  # as RiskModel.explain does
    return phrase_reason(group, values)


def test_misses_count_only_bookings_that_had_started_when_this_one_was_made() -> None:
    history = [
        rec("v1", -200, -210),
        rec("ns", -150, -160, "noShow"),
        rec("v2", -100, -110),
        rec("late", -50, -60, "lateCancel"),
        rec("v3", -20, -25),
        rec("target", 14, 0, "noShow"),  # its own outcome is not known when it is booked
        rec("on_the_book", 7, -3, "noShow"),  # booked earlier, starts later: not counted, in either figure
        rec("later", 30, 5, "lateCancel"),  # booked after: not counted
    ]
    assert reason(history, "target", "misses") == "missed 2 of 5 bookings in the past year (1 no-show, 1 late cancel)"


def test_a_history_longer_than_a_year_reads_the_past_years_misses_against_its_bookings() -> None:
    history = [rec("old_ns", -500, -510, "noShow"), rec("v1", -300, -310), rec("ns", -100, -110, "noShow"),
               rec("target", 10, 0), rec("on_the_book", 7, -3), rec("later", 30, 5)]
    assert reason(history, "target", "misses") == "missed 1 of 2 bookings in the past year (1 no-show)"
    only_old = [rec("old_ns", -500, -510, "noShow"), rec("v1", -300, -310), rec("target", 10, 0)]
    assert reason(only_old, "target", "misses") == "missed 1 booking more than a year ago, none since"


def test_recency_is_as_of_the_booking_and_never_says_zero_days() -> None:
    rebooked_at_checkout = [rec("visit", -30, -40), rec("target", 28, -30 + 1 / 24)]
    assert reason(rebooked_at_checkout, "target", "recency") == "booked within a day of their last visit"
    next_day = [rec("visit", -30, -40), rec("target", 28, -29)]
    assert reason(next_day, "target", "recency") == "booked 1 day after their last visit"
    # Counted from the booking, not from today: the visit was 60 days before today, 10 before the booking.
    long_ago = [rec("visit", -60, -70), rec("target", 5, -50)]
    assert reason(long_ago, "target", "recency") == "booked 10 days after their last visit"


def test_no_completed_visit_says_how_many_bookings_came_to_nothing() -> None:
    history = [rec("ns", -40, -50, "noShow"), rec("c", -20, -30, "cancelled"), rec("target", 10, 0)]
    assert reason(history, "target", "newness") == "no completed visit in 2 earlier bookings"
    assert reason(history, "target", "recency") == "no completed visit in 2 earlier bookings"
    assert reason([rec("target", 10, 0)], "target", "newness") == "no visit on record when this was booked"


def test_a_booking_made_before_the_first_visit_says_none_was_on_record_not_that_none_was_ever_completed() -> None:
    # Booked on day 0 for day 40; their first visits (day 20, day 30) came after the booking was made: staff see
    # those visits on the client, so "no completed visit yet" read as false.
    history = [rec("first", 20, 5), rec("second", 30, 21), rec("target", 40, 0)]
    assert reason(history, "target", "recency") == "no visit on record when this was booked"
    assert reason(history, "target", "newness") == "no visit on record when this was booked"
