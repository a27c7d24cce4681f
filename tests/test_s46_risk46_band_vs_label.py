"""One percentage, one band (probe46e M1): the band and the label read the one rounded probability."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.bands import BandThresholds, whole_percent
from spa_copilot.risk.features import history_features
from spa_copilot.risk.model import read_model

MODELS = Path(__file__).resolve().parents[1] / "models"


def _scores(probabilities: dict[str, float]):
    model = read_model(MODELS)
    start = datetime(2026, 12, 9, 15, tzinfo=UTC)
    rows = [
        HistoryRecord(
            appointment_id=aid,
            client_id=f"c{aid}",
            location_id="l1",
            booked_at=start - timedelta(days=9),
            start_at=start,
            service_id="s1",
            outcome="completed",
        )
        for aid in probabilities
    ]
    table = history_features(rows)
    model.predict = lambda t: np.array([probabilities[aid] for aid in t.appointment_ids])  # type: ignore[method-assign]
    return model, model.explain(table)


def test_a_shown_percentage_has_one_band() -> None:
    """0.19496 is labelled "20%" (kept as 0.195) and 0.2003 too: both must be one band."""
    model, scores = _scores({"a0": 0.19496, "a1": 0.2003})
    assert model.thresholds.medium > 0.195  # the shipped card's cut (0.1998) lies between the two
    assert {s.label for s in scores.values()} == {"medium (20%)"}


@pytest.mark.parametrize("probability", [0.19496, 0.29504, 0.35549, 0.35551, 0.0049, 0.12345])
def test_band_agrees_with_the_percent_shown(probability: float) -> None:
    model, scores = _scores({"a0": probability})
    score = scores["a0"]
    printed = score.label.split("(")[1].rstrip(")")
    shown = 0 if printed == "<1%" else int(printed.rstrip("%"))
    assert shown == whole_percent(score.probability)
    assert score.band == model.thresholds.band(shown / 100)


def test_whole_percent_is_what_the_label_prints() -> None:
    for probability in (0.005, 0.195, 0.2, 0.2549, 0.995, 0.0):
        assert f"{whole_percent(probability)}%" == f"{probability:.0%}"
    assert BandThresholds(medium=0.2, high=0.3).band(0.195) == "medium"


def test_a_score_of_zero_reads_under_one_percent() -> None:
    """Isotonic calibration scores some bookings exactly 0: shown "low (0%)", a certain show (probe46e L1)."""
    _, scores = _scores({"a0": 0.0, "a1": 1.0, "a2": 0.004, "a3": 0.006})
    shown = {aid: s.label.split()[-1] for aid, s in scores.items()}
    assert shown == {"a0": "(<1%)", "a1": "(>99%)", "a2": "(<1%)", "a3": "(1%)"}
    assert scores["a0"].probability == 0.0  # the model's own figure, kept for the band and the fill ranking
