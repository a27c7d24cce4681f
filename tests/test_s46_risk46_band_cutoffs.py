"""Band cut-offs on whole-percent steps (probe46e M3), no probability shown as a certainty (L1): pure functions."""

import io

import numpy as np

from spa_copilot.domain import shown_percent
from spa_copilot.risk import cli
from spa_copilot.risk.bands import BandThresholds, band_cutoffs, band_share_problem, band_shares, whole_percent

#: Isotonic steps as a 66k-row history with little signal gave them (probe46e): one step holds 29% of the window.
ISOTONIC_STEPS = {
    0.005: 0.30,
    0.2331: 0.016,
    0.2378: 0.047,
    0.2458: 0.114,
    0.2508: 0.119,
    0.2548: 0.079,
    0.2562: 0.293,
    0.2596: 0.017,
    0.2714: 0.002,
    0.35: 0.002,
    0.1: 0.011,
}


def _stepped_scores() -> np.ndarray:
    return np.concatenate([np.full(round(share * 10_000), value) for value, share in ISOTONIC_STEPS.items()])


def test_cutoffs_are_whole_percents_with_high_above_medium() -> None:
    scores = _stepped_scores()
    cut = band_cutoffs(scores, 0.10, 0.20)
    assert round(cut.medium * 100, 9).is_integer() and round(cut.high * 100, 9).is_integer()
    assert cut.high >= cut.medium + 0.01 - 1e-9
    shares = band_shares(scores, cut)
    assert shares["medium"] > 0  # percentiles gave medium 0.2548, high 0.2562: no booking medium, 31% high
    assert shares["high"] < 0.2


def test_cutoffs_of_continuous_scores_keep_their_shares() -> None:
    scores = np.random.default_rng(0).beta(2, 7, 20_000)
    cut = band_cutoffs(scores, 0.10, 0.20)
    shares = band_shares(scores, cut)
    assert abs(shares["high"] - 0.10) < 0.02 and abs(shares["medium"] - 0.20) < 0.03
    assert band_share_problem(shares, 0.10, 0.20) is None


def test_one_score_for_all_still_gives_two_cutoffs() -> None:
    cut = band_cutoffs(np.full(1000, 0.1831), 0.10, 0.20)
    assert cut.high >= cut.medium + 0.01 - 1e-9


def test_a_lopsided_split_is_a_warning() -> None:
    assert "high risk" in (band_share_problem({"medium": 0.3, "high": 0.004}, 0.10, 0.20) or "")
    assert "none are medium" in (band_share_problem({"medium": 0.0, "high": 0.1}, 0.10, 0.20) or "")


def test_risk_train_warns_in_one_line(monkeypatch, tmp_path) -> None:
    class Trained:
        card = {
            "rows": {"train": 1, "test": 0},
            "trainingWindow": {"from": "a", "to": "b"},
            "metrics": {},
            "bandShares": {"medium": 0.0, "high": 0.31},
        }

        def save(self, out):
            return out / "noshow.json"

    monkeypatch.setattr(cli, "_read_history", lambda *a: ([], {}))
    monkeypatch.setattr(cli, "train", lambda *a, **k: Trained())
    err = io.StringIO()
    assert cli.run_train(tmp_path / "h.csv", tmp_path, settings=None, stdout=io.StringIO(), stderr=err) == 0
    warnings = [line for line in err.getvalue().splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "31.0%" in warnings[0] and "none are medium" in warnings[0]


def test_no_probability_is_shown_as_a_certainty() -> None:
    # isotonic calibration scores some bookings exactly 0: "low (0%)" read as a certain show (rev46e: a clip to 1%
    # moved such bookings into an old card's "medium" from 1% and tied the fill ranking's order; only the print changes)
    assert [shown_percent(p) for p in (0.0, 0.0049, 0.006, 0.2003, 0.995, 1.0)] == ["<1%", "<1%", "1%", "20%", ">99%", ">99%"]
    old_card = BandThresholds(medium=0.01, high=0.03)
    assert old_card.band(0.002) == "low" and old_card.band(0.006) == "medium"
    assert whole_percent(0.002) == 0
