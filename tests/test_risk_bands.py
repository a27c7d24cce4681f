"""Bands, plain-words reasons and suggested actions."""

from __future__ import annotations

import math

import pytest

from spa_copilot.risk.bands import (
    CONFIRM_BY_PHONE,
    NO_ACTION,
    REQUEST_CARD,
    SEND_REMINDER,
    BandThresholds,
    RiskScore,
    phrase_reason,
    suggest_action,
)


@pytest.mark.parametrize(
    ("probability", "band"), [(0.0, "low"), (0.0999, "low"), (0.1, "medium"), (0.2999, "medium"), (0.3, "high"), (1.0, "high")]
)
def test_thresholds_cut_the_bands(probability: float, band: str) -> None:
    assert BandThresholds(medium=0.1, high=0.3).band(probability) == band


def test_score_label_shows_band_and_percentage() -> None:
    score = RiskScore(appointment_id="ap_1", probability=0.342, band="high", reasons=["booked 45 days ahead"])
    assert score.label == "high (34%)"
    assert score.to_json_dict()["suggestedAction"] == NO_ACTION


@pytest.mark.parametrize(
    ("group", "values", "text"),
    [
        ("lead", {"lead_days": 45.2}, "booked 45 days ahead"),
        ("lead", {"lead_days": 1.1}, "booked 1 day ahead"),
        ("lead", {"lead_days": 0.3}, "booked less than a day ahead"),
        ("habit", {"usual_lead_days": 21.4}, "usually books 21 days ahead"),
        ("habit", {"usual_lead_days": 0.2}, "usually books the same day"),
        ("habit", {"usual_lead_days": math.nan}, None),
        ("booking_hour", {"booked_hour": 23.5}, "booked at 11:30pm"),
        ("misses", {"no_shows_past_year": 2.0, "late_cancels_past_year": 0.0}, "2 no-shows in the past year"),
        ("misses", {"no_shows_past_year": 1.0, "late_cancels_past_year": 1.0}, "1 no-show and 1 late cancel in the past year"),
        ("misses", {"no_shows_past_year": 0.0, "prior_no_shows": 1.0, "prior_late_cancels": 2.0},
         "3 no-shows or late cancels more than a year ago"),
        ("misses", {"no_shows_past_year": 0.0}, None),
        ("newness", {"new_client": 1.0}, "new client (first appointment)"),
        ("newness", {"new_client": 0.0, "prior_visits": 1.0}, "only 1 previous visit"),
        ("newness", {"new_client": 0.0, "prior_visits": 0.0}, "no completed visit yet"),
        ("newness", {"new_client": 0.0, "prior_visits": 11.0}, None),
        ("recency", {"days_since_last_visit": 200.4}, "last visit 200 days ago"),
        ("recency", {"days_since_last_visit": math.nan}, "no completed visit yet"),
        ("deposit", {"deposit": 0.0}, "no deposit or card on file"),
        ("deposit", {"deposit": 1.0}, None),
        ("timing", {"weekday": 5.0, "start_hour": 9.5}, "a Saturday 9:30am start"),
        ("channel", {"source": "online"}, "booked online"),
        ("channel", {"source": "walkIn"}, "a walk-in booking"),
        ("channel", {"source": "Phone"}, "booked by phone"),
        ("channel", {"source": "googleReserve"}, "booked via google reserve"),
        ("service", {"category": "bodyTreatment"}, "body treatment booking"),
        ("channel", {"source": "unknown"}, None),
        ("service", {"category": "facial"}, "facial booking"),
        ("cancellations", {"prior_cancellations": 3.0}, "3 earlier cancellations"),
    ],
)
def test_reasons_in_plain_words(group: str, values: dict, text: str | None) -> None:
    assert phrase_reason(group, values) == text


@pytest.mark.parametrize(
    ("band", "values", "action"),
    [
        ("low", {"prior_no_shows": 3.0}, NO_ACTION),
        ("medium", {}, SEND_REMINDER),
        ("high", {"prior_no_shows": 1.0, "deposit": 0.0}, REQUEST_CARD),
        ("high", {"new_client": 1.0, "deposit": 0.0}, REQUEST_CARD),
        ("high", {"prior_no_shows": 1.0, "deposit": 1.0}, CONFIRM_BY_PHONE),
        ("high", {"prior_no_shows": 0.0, "prior_late_cancels": 0.0, "deposit": 0.0}, CONFIRM_BY_PHONE),
    ],
)
def test_suggested_action(band: str, values: dict, action: str) -> None:
    assert suggest_action(band, values) == action  # type: ignore[arg-type]
