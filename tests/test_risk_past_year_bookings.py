"""The misses reason reads a long-standing client's past-year misses against the past year's bookings.

``bookings_past_year`` is a display-only figure computed beside the features (same leakage rule: appointments that
had started before this one was booked); it reaches the wording through ``RiskModel.explain`` and never the model.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.bands import phrase_reason
from spa_copilot.risk.features import DISPLAY_FIGURES, FEATURES, Booking, FeatureTable, booking_features
from spa_copilot.risk.model import read_model

MODELS = Path(__file__).resolve().parent.parent / "models"
BOOKED = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def rec(id: str, start_days: float, booked_days: float, outcome: str = "completed") -> HistoryRecord:
    extra = {"cancelled_at": BOOKED + timedelta(days=start_days, hours=-3)} if outcome == "lateCancel" else {}
    return HistoryRecord(appointment_id=id, client_id="cl_2y", location_id="loc_1", service_id="sv_1", outcome=outcome,
                         booked_at=BOOKED + timedelta(days=booked_days), start_at=BOOKED + timedelta(days=start_days),
                         **extra)


def two_years() -> list[HistoryRecord]:
    """6 bookings 13-23 months before this booking (2 no-shows), 10 in the past year (3 no-shows, 1 late cancel),
    and three that must not count: one booked earlier that starts after, one booked after, one whose start is later."""
    older = [rec(f"old{i}", -700 + 60 * i, -710 + 60 * i, "noShow" if i < 2 else "completed") for i in range(6)]
    outcomes = ["noShow"] * 3 + ["lateCancel"] + ["completed"] * 6
    recent = [rec(f"new{i}", -350 + 34 * i, -360 + 34 * i, outcome) for i, outcome in enumerate(outcomes)]
    not_known = [
        rec("on_the_book", 7, -3, "noShow"),  # booked before this one, starts after it was booked
        rec("booked_after", 20, 2, "noShow"),  # booked after
        rec("started_later", 1, -40, "lateCancel"),  # booked long before, starts the day after
    ]
    return older + recent + not_known


def target() -> Booking:
    return Booking("target", "cl_2y", "loc_1", booked_at=BOOKED, start_at=BOOKED + timedelta(days=10), category="massage",
                   price=120.0, source="online")


def test_bookings_past_year_counts_only_what_had_started_in_the_year_before_the_booking() -> None:
    table = booking_features([target()], two_years())
    assert table.display["bookings_past_year"].tolist() == [10.0]
    assert table.column("prior_appointments").tolist() == [16.0]
    assert table.matrix.shape == (1, len(FEATURES))  # the figure is beside the features, not among them


def test_the_reason_reads_the_past_years_misses_against_the_past_years_bookings() -> None:
    table = booking_features([target()], two_years())
    values = dict(zip(FEATURES, table.matrix[0], strict=True))
    # Without the display figure (a bare feature row) the past year's misses are a count: no share of every booking.
    assert phrase_reason("misses", values) == "missed 4 bookings in the past year (3 no-shows, 1 late cancel)"
    values["bookings_past_year"] = float(table.display["bookings_past_year"][0])
    assert phrase_reason("misses", values) == "missed 4 of 10 bookings in the past year (3 no-shows, 1 late cancel)"


def test_explain_passes_the_figure_to_the_shipped_models_reasons() -> None:
    model = read_model(MODELS)
    score = model.explain(booking_features([target()], two_years()))["target"]
    assert "missed 4 of 10 bookings in the past year (3 no-shows, 1 late cancel)" in score.reasons


def test_the_display_figure_never_reaches_the_model() -> None:
    model = read_model(MODELS)
    assert model.card["features"] == list(FEATURES)
    assert not set(DISPLAY_FIGURES) & set(FEATURES)
    table = booking_features([target()], two_years())
    without = FeatureTable(table.appointment_ids, table.matrix)
    assert model.predict(table).tolist() == model.predict(without).tolist()
    # The pipeline refuses a matrix with an extra column rather than reading it.
    wider = np.concatenate([table.matrix, np.array([[10.0]], dtype=object)], axis=1)
    with pytest.raises(ValueError, match="features"):
        model.predict(FeatureTable(table.appointment_ids, wider))
