"""A reason names the part of a booking that raised its risk, measured alone (rev35a M1).

The category and price were swapped together and the pair always worded as the category: a $70 massage (the typical
booking is a $145 massage, so its category cannot be why) read "massage bookings are missed more often". The weekday
and hour likewise: "Wednesday 5:15pm appointments …" when only the hour raised it. Each is now measured alone; two
that both raise a booking's risk are said in one reason, as before.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from spa_copilot.risk import load_model
from spa_copilot.risk.bands import PAIRED_GROUPS, REASON_GROUPS, phrase_reason
from spa_copilot.risk.features import FEATURES, FeatureTable

MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.fixture(scope="module")
def model():
    return load_model(MODELS)


def _explained(model, **changes: object):
    row = np.asarray(model.reference, dtype=object).copy()
    for name, value in changes.items():
        row[FEATURES.index(name)] = value
    return model.explain(FeatureTable(["ap_x"], row.reshape(1, -1)))["ap_x"]


def test_a_typical_massage_at_another_price_is_not_blamed_on_massage(model) -> None:
    typical_price = float(model.reference[FEATURES.index("price")])
    assert model.reference[FEATURES.index("category")] == "massage"
    for price in (40.0, 70.0, 95.0, typical_price + 120):
        reasons = _explained(model, price=price).reasons
        assert not any("massage bookings" in reason for reason in reasons), (price, reasons)


def test_a_price_that_raises_the_risk_is_said_as_the_price(model) -> None:
    typical_price = float(model.reference[FEATURES.index("price")])
    said = {reason for price in (30.0, 50.0, 70.0, typical_price + 150) for reason in _explained(model, price=price).reasons}
    assert said, "no price the sandbox model finds riskier than the typical one"
    assert said <= {"lower-priced bookings are missed more often", "higher-priced bookings are missed more often"}, said


def test_a_typical_weekday_is_never_named_when_only_the_hour_raises_it(model) -> None:
    weekday = int(model.reference[FEATURES.index("weekday")])
    for hour in (8.0, 9.5, 12.25, 17.25, 19.0, 20.5):
        for reason in _explained(model, start_hour=hour).reasons:
            assert not reason.startswith(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                          "Sunday")), (weekday, hour, reason)


def test_every_group_is_swapped_alone_and_every_pair_is_two_groups() -> None:
    assert REASON_GROUPS["category"] == ("category",) and REASON_GROUPS["price"] == ("price",)
    assert REASON_GROUPS["weekday"] == ("weekday",) and REASON_GROUPS["start_hour"] == ("start_hour",)
    for group, (_, partner) in PAIRED_GROUPS.items():
        assert group in REASON_GROUPS and partner in REASON_GROUPS and PAIRED_GROUPS[partner][1] == group


@pytest.mark.parametrize(
    ("group", "values", "typical", "text"),
    [
        ("weekday", {"weekday": 2.0, "start_hour": 17.25}, None, "Wednesday appointments are missed more often"),
        ("start_hour", {"weekday": 2.0, "start_hour": 17.25}, None, "5:15pm appointments are missed more often"),
        ("timing", {"weekday": 2.0, "start_hour": 17.25}, None, "Wednesday 5:15pm appointments are missed more often"),
        ("category", {"category": "facial", "price": 70.0}, {"price": 145.0}, "facial bookings are missed more often"),
        ("price", {"category": "facial", "price": 70.0}, {"price": 145.0}, "lower-priced bookings are missed more often"),
        ("price", {"category": "facial", "price": 210.0}, {"price": 145.0},
         "higher-priced bookings are missed more often"),
        ("service", {"category": "facial", "price": 70.0}, {"price": 145.0},
         "lower-priced facial bookings are missed more often"),
        ("service", {"category": "unknown", "price": 70.0}, {"price": 145.0}, "lower-priced bookings are missed more often"),
        ("price", {"category": "facial", "price": 145.0}, {"price": 145.0}, None),
        ("price", {"category": "facial", "price": float("nan")}, {"price": 145.0}, None),
        ("price", {"category": "facial", "price": 70.0}, None, None),
    ],
)
def test_each_part_and_each_pair_in_plain_words(group, values, typical, text) -> None:
    assert phrase_reason(group, values, typical) == text


def test_both_parts_raising_the_risk_are_said_once_as_a_pair(model, monkeypatch) -> None:
    from spa_copilot.risk import model as risk_model

    monkeypatch.setattr(risk_model, "MIN_REASON_DELTA", -1.0)  # every group raises it: each pair is said as one
    reasons = _explained(model, weekday=5.0, start_hour=9.5, category="facial", price=70.0).reasons
    monkeypatch.setattr(risk_model, "MAX_REASONS", len(REASON_GROUPS))
    every = _explained(model, weekday=5.0, start_hour=9.5, category="facial", price=70.0).reasons
    assert len(reasons) == 3
    assert "Saturday 9:30am appointments are missed more often" in every
    assert "lower-priced facial bookings are missed more often" in every
    assert not any(r in every for r in ("Saturday appointments are missed more often",
                                        "9:30am appointments are missed more often",
                                        "facial bookings are missed more often",
                                        "lower-priced bookings are missed more often"))
