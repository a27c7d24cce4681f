"""The no-show risk model: train with a time split, evaluate honestly, save with a model card, load safely.

What it predicts: P(noShow or lateCancel) for a booking, as of the moment it was booked ("no-show risk").
The estimator is a scikit-learn pipeline (ordinal-encoded categories + an additive ``HistGradientBoostingClassifier``)
calibrated with ``CalibratedClassifierCV`` (sigmoid below ``ISOTONIC_MIN_ROWS`` training rows, isotonic
above; cross-validated predictions, one refit model). A lead-time-only model is trained alongside as the
baseline every evaluation is compared with. ``load_model`` refuses an artefact whose card does not match this
code (feature schema, scikit-learn version, file hash) and returns None, so the copilot runs without scores.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import joblib  # type: ignore[import-untyped]
import numpy as np
import sklearn  # type: ignore[import-untyped]
from sklearn.base import BaseEstimator, TransformerMixin  # type: ignore[import-untyped]
from sklearn.calibration import CalibratedClassifierCV  # type: ignore[import-untyped]
from sklearn.compose import ColumnTransformer  # type: ignore[import-untyped]
from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score  # type: ignore[import-untyped]
from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]
from sklearn.pipeline import Pipeline  # type: ignore[import-untyped]
from sklearn.preprocessing import OrdinalEncoder  # type: ignore[import-untyped]
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from spa_copilot.domain import Appointment, Client, HistoryRecord, Location, Service
from spa_copilot.risk.bands import (
    BOOKED_DAYS_AGO,
    MAX_REASONS,
    MIN_REASON_DELTA,
    PAIRED_GROUPS,
    REASON_GROUPS,
    RECORDED_VISIT_DAYS,
    BandThresholds,
    RiskScore,
    band_cutoffs,
    band_shares,
    misses_above_usual,
    phrase_reason,
    scorable,
    suggest_action,
)
from spa_copilot.risk.features import (
    CATEGORICAL_FEATURES,
    FEATURE_SCHEMA_VERSION,
    FEATURES,
    Booking,
    FeatureTable,
    booking_features,
    earliest_starts,
    history_features,
)
from spa_copilot.risk.history import service_summary, too_early_column

logger = logging.getLogger(__name__)

MODEL_FILE = "noshow.joblib"
CARD_FILE = "noshow.json"
#: How the card of a model trained on the sandbox spa's made-up history begins its description (the shipped
#: ``models/noshow.json``, ``benchmarks/risk_sandbox.py``): ``check`` warns of one serving a real spa.
SANDBOX_HISTORY = "sandbox history"
TARGET = "P(noShow or lateCancel) of a booking, as of the moment it was booked"
POSITIVE_OUTCOMES = frozenset({"noShow", "lateCancel"})
ISOTONIC_MIN_ROWS = 50_000
MIN_TRAINING_ROWS = 200
CALIBRATION_FOLDS = 3
HIGH_BAND_SHARE = 0.10
MEDIUM_BAND_SHARE = 0.20
BASELINE_FEATURES: tuple[str, ...] = ("lead_days",)
_THREADS = ThreadpoolController()

#: ``progress(fraction_done, stage)``: called between training stages (0.0 … 1.0).
Progress = Callable[[float, str], None]


@dataclass
class RiskModel:
    """A calibrated no-show model, its lead-time baseline, and its card (a JSON-able dict)."""

    estimator: CalibratedClassifierCV
    baseline: CalibratedClassifierCV
    reference: np.ndarray  # a typical booking's feature row, for reasons
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def thresholds(self) -> BandThresholds:
        """Band cut-offs from the card."""
        bands = self.card.get("bands", {})
        return BandThresholds(medium=float(bands.get("medium", 0.15)), high=float(bands.get("high", 0.3)))

    @property
    def usual_miss_rate(self) -> float | None:
        """The share of bookings the spa usually sees missed, which a client's own share must exceed for their
        misses to be named as a reason: the card's base rate (no-shows and late cancels in its test window); for a
        card without one (trained on every row), the typical client's ``prior_miss_rate`` kept for reasons."""
        rate = self.card.get("metrics", {}).get("baseRate")
        if isinstance(rate, int | float) and 0 < rate < 1:
            return float(rate)
        typical = self.reference[FEATURES.index("prior_miss_rate")]
        return float(typical) if isinstance(typical, int | float) and 0 <= typical < 1 else None

    def predict(self, table: FeatureTable) -> np.ndarray:
        """P(noShow or lateCancel) for each feature row, as the model gives it (``explain`` rounds it to 4 places)."""
        if len(table) == 0:
            return np.empty(0)
        with _one_thread():
            return np.asarray(self.estimator.predict_proba(table.matrix)[:, 1], dtype=float)

    def predict_baseline(self, table: FeatureTable) -> np.ndarray:
        """The lead-time-only baseline's probability for each feature row."""
        if len(table) == 0:
            return np.empty(0)
        columns = [FEATURES.index(name) for name in BASELINE_FEATURES]
        with _one_thread():
            x = table.matrix[:, columns].astype(float)
            return np.asarray(self.baseline.predict_proba(x)[:, 1], dtype=float)

    def score(
        self,
        appointments: Sequence[Appointment],
        history: Sequence[HistoryRecord],
        services: Sequence[Service],
        locations: Sequence[Location],
        now: datetime,
        *,
        clients: Mapping[str, Client] | None = None,
    ) -> dict[str, RiskScore]:
        """Risk of each appointment on the book, with band, reasons and suggested action, keyed by id.

        Features are taken as of each appointment's ``createdAt``, exactly as in training; one without it is not
        scored (left out of the result: scored as booked ``now``, its lead time, the strongest feature, collapsed
        to the hours left and a whole book read as low risk, rev35a M2). ``now`` only words the reasons: a client's
        record counted as of a booking made days ago is said so (``BOOKED_DAYS_AGO``); pass history covering at
        least the last year. ``clients`` (by id, any of them) are the spa
        system's records: a client whose ``lastVisitDate`` is before the appointment's day is not a new client,
        though the history (a window: ``RISK_HISTORY_MONTHS``) holds nothing of them, as the platform's own
        ``newClient`` flag the model learned from says. Only those in ``clients_to_look_up`` can change a score.
        """
        appointments = [a for a in appointments if scorable(a)]
        if not appointments:
            return {}
        services_by_id = {s.id: s for s in services}
        zones = {location.id: location.tz for location in locations}
        client_ids = {a.client_id for a in appointments}
        # a record dated before 2000 is left out, as training leaves it out (``dated_records``; logged there)
        client_history = [record for record in history
                          if record.client_id in client_ids and too_early_column(record) is None]
        earliest = earliest_starts(client_history)
        last_visits = {cid: c.last_visit_date for cid, c in (clients or {}).items() if c.last_visit_date is not None}
        typical_price = float(self.reference[FEATURES.index("price")])
        bookings = [_booking(a, services_by_id, earliest, last_visits, zones, typical_price) for a in appointments]
        table = booking_features(bookings, client_history, zones=zones)
        if last_visits:
            table = _with_recorded_visits(table, bookings, last_visits, zones)
        return self.explain(_with_booking_age(table, bookings, now))

    def explain(self, table: FeatureTable) -> dict[str, RiskScore]:
        """Scores for feature rows: probability, band, the top reasons in plain words, and the action."""
        n = len(table)
        if n == 0:
            return {}
        groups = list(REASON_GROUPS.items())
        # One batch: each row as is, then each row with one feature group swapped for a typical value.
        batch = np.tile(table.matrix, (len(groups) + 1, 1))
        for g, (_, names) in enumerate(groups, start=1):
            for name in names:
                batch[g * n : (g + 1) * n, FEATURES.index(name)] = self.reference[FEATURES.index(name)]
        probabilities = self.predict(FeatureTable(table.appointment_ids * (len(groups) + 1), batch))
        actual = probabilities[:n]
        thresholds, usual_miss_rate = self.thresholds, self.usual_miss_rate
        typical = dict(zip(FEATURES, self.reference, strict=True))
        scores: dict[str, RiskScore] = {}
        for i, appointment_id in enumerate(table.appointment_ids):
            values = dict(zip(FEATURES, table.matrix[i], strict=True))
            # Display-only figures (e.g. the past year's bookings) word the reasons; the model never saw them.
            values.update({name: float(column[i]) for name, column in table.display.items()})
            deltas = sorted(
                ((actual[i] - probabilities[g * n + i], group) for g, (group, _) in enumerate(groups, start=1)),
                reverse=True,
            )
            raising = [group for delta, group in deltas if delta >= MIN_REASON_DELTA]  # most first
            reasons: list[str] = []
            for group in raising:  # only groups that raise this booking's probability
                if len(reasons) == MAX_REASONS:
                    break
                if group == "misses" and not misses_above_usual(values, usual_miss_rate):
                    continue  # a share no larger than the spa's ("missed 12 of 107"): staff read it as a good record
                if (pair := PAIRED_GROUPS.get(group)) is not None and pair[1] in raising:
                    group = pair[0]  # the weekday and the hour both raise it: "Saturday 9:30am appointments …"
                if (text := phrase_reason(group, values, typical)) is not None and text not in reasons:
                    reasons.append(text)  # two groups may say one fact ("new client" from newness and recency)
            # rounded once: the band and every label read this figure ("<1%" for one that rounds to 0: shown_percent)
            probability = round(float(actual[i]), 4)
            band = thresholds.band(probability)
            scores[appointment_id] = RiskScore(
                appointment_id=appointment_id,
                probability=probability,
                band=band,
                reasons=reasons,
                suggested_action=suggest_action(band, values, usual_miss_rate),
            )
        return scores

    def save(self, directory: Path | str) -> Path:
        """Write ``noshow.joblib`` and its card ``noshow.json`` (with the artefact's sha256); returns the card."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        model_path, card_path = directory / MODEL_FILE, directory / CARD_FILE
        # Both are written beside the old pair and renamed over it only once both are whole: a save that fails
        # half-way (disk full, the card not writable) used to leave the new artefact beside the old card, and
        # the model that worked before was refused from then on (sha256 mismatch).
        new_model, new_card = directory / f"{MODEL_FILE}.new", directory / f"{CARD_FILE}.new"
        try:
            joblib.dump(
                {"estimator": self.estimator, "baseline": self.baseline, "reference": self.reference},
                new_model,
                compress=3,
            )
            self.card["artefactSha256"] = _sha256(new_model)
            new_card.write_text(json.dumps(self.card, indent=2) + "\n", encoding="utf-8")
            os.replace(new_model, model_path)
            os.replace(new_card, card_path)
        finally:
            new_model.unlink(missing_ok=True)
            new_card.unlink(missing_ok=True)
        return card_path


def train(
    records: Sequence[HistoryRecord],
    *,
    progress: Progress | None = None,
    zones: Mapping[str, ZoneInfo] | None = None,
    test_fraction: float = 0.2,
    description: str = "",
) -> RiskModel:
    """Train on the earlier part of ``records`` (by start time) and measure on the latest ``test_fraction``.

    The rows are taken in (start, appointment id) order, so the same history in any order trains the same model.

    Raises ValueError when there is too little history or only one outcome class to learn from.
    """
    report = progress or (lambda fraction, stage: None)
    # one order whatever the file's: rows that start together kept their file order, so the same history sorted
    # another way trained a slightly different model (the folds and the trees see the rows in order)
    records = sorted(records, key=lambda r: (r.start_at, r.appointment_id))
    if len(records) < MIN_TRAINING_ROWS:
        raise ValueError(f"need at least {MIN_TRAINING_ROWS} history rows to train, got {len(records)}")
    report(0.0, "features")
    table = history_features(records, zones=zones)
    labels = outcome_labels(records)
    starts = np.array([r.start_at.timestamp() for r in records])
    cutoff = float(np.quantile(starts, 1 - test_fraction)) if test_fraction > 0 else float("inf")
    train_rows = np.flatnonzero(starts < cutoff)
    train_rows = train_rows[np.argsort(starts[train_rows], kind="stable")]
    test_rows = np.flatnonzero(starts >= cutoff)
    if len(train_rows) == 0:
        raise ValueError(
            f"all {len(records)} appointments start at {_window(records, test_rows)['from']}: "
            "a time split needs appointments that start earlier to train on"
        )
    y_train = labels[train_rows]
    if y_train.min() == y_train.max():  # say which: "no no-shows" is what a spa exporting only visits needs to hear
        window = _window(records, train_rows)
        only = "no no-shows or late cancels" if y_train.max() == 0 else "only no-shows and late cancels"
        raise ValueError(
            f"the training window has only one outcome class: {only} in its {len(train_rows)} rows ({window['from']} "
            f"to {window['to']}), nothing to learn; the history needs every outcome (completed, noShow, lateCancel, "
            "cancelled)"
        )
    misses, others = int(y_train.sum()), int(len(y_train) - y_train.sum())
    if min(misses, others) < CALIBRATION_FOLDS:  # each cross-validation fold needs one of each
        window = _window(records, train_rows)
        raise ValueError(
            f"the training window ({window['from']} to {window['to']}) has {misses} no-shows or late cancels and "
            f"{others} other outcomes: need at least {CALIBRATION_FOLDS} of each; use a longer history"
        )
    x_train = table.matrix[train_rows]
    method = "isotonic" if len(train_rows) >= ISOTONIC_MIN_ROWS else "sigmoid"

    report(0.1, "model")
    with _one_thread():
        estimator = CalibratedClassifierCV(_pipeline(), method=method, cv=_calibration_folds(), ensemble=False)
        estimator.fit(x_train, y_train)
        report(0.75, "baseline")
        baseline = CalibratedClassifierCV(_baseline_pipeline(), method=method, cv=_calibration_folds(), ensemble=False)
        baseline_columns = [FEATURES.index(name) for name in BASELINE_FEATURES]
        baseline.fit(x_train[:, baseline_columns].astype(float), y_train)

    report(0.9, "evaluate")
    model = RiskModel(estimator=estimator, baseline=baseline, reference=_typical_row(x_train))
    train_scores = model.predict(FeatureTable([table.appointment_ids[i] for i in train_rows], x_train))
    served = np.round(train_scores, 4)  # the window's scores as ``explain`` gives them
    thresholds = band_cutoffs(served, HIGH_BAND_SHARE, MEDIUM_BAND_SHARE)
    test_table = FeatureTable([table.appointment_ids[i] for i in test_rows], table.matrix[test_rows])
    metrics = _metrics_block(model, test_table, labels[test_rows]) if len(test_rows) else {}
    model.card = {
        "name": "noshow",
        "schemaVersion": FEATURE_SCHEMA_VERSION,
        "target": TARGET,
        "positiveOutcomes": sorted(POSITIVE_OUTCOMES),
        "features": list(FEATURES),
        "categoricalFeatures": list(CATEGORICAL_FEATURES),
        "baselineFeatures": list(BASELINE_FEATURES),
        "estimator": "OrdinalEncoder + HistGradientBoostingClassifier (no interactions)",
        "calibration": method,
        "description": description,
        "trainingWindow": _window(records, train_rows),
        "testWindow": _window(records, test_rows),
        "rows": {"train": int(len(train_rows)), "test": int(len(test_rows))},
        "metrics": metrics,
        "bands": {"medium": thresholds.medium, "high": thresholds.high},
        # how the bands split the training window (``risk train`` warns when far from 10% high / 20% medium)
        "bandShares": band_shares(served, thresholds),
        "sklearnVersion": sklearn.__version__,
        "pythonVersion": platform.python_version(),
    }
    report(1.0, "done")
    return model


def evaluate(
    model: RiskModel,
    records: Sequence[HistoryRecord],
    *,
    zones: Mapping[str, ZoneInfo] | None = None,
    start_from: datetime | None = None,
) -> dict[str, Any]:
    """Metrics of the model and its lead-time baseline on ``records`` starting at/after ``start_from``.

    ``start_from`` defaults to the end of the model's training window, so the evaluation is out of time;
    earlier records still feed the clients' histories. ``inSample`` is true when no later record exists and
    every record had to be used.
    """
    table = history_features(records, zones=zones)
    labels = outcome_labels(records)
    starts = np.array([r.start_at.timestamp() for r in records])
    if start_from is None:
        window_end = model.card.get("trainingWindow", {}).get("to")
        start_from = datetime.fromisoformat(window_end) if window_end else None
    rows = np.arange(len(records)) if start_from is None else np.flatnonzero(starts > start_from.timestamp())
    in_sample = len(rows) == 0
    if in_sample:
        rows = np.arange(len(records))
    subset = FeatureTable([table.appointment_ids[i] for i in rows], table.matrix[rows])
    result = _metrics_block(model, subset, labels[rows])
    result["inSample"] = in_sample
    result["window"] = _window(records, rows)
    result["calibration"] = {
        "model": calibration_bins(model.predict(subset), labels[rows]),
        "baseline": calibration_bins(model.predict_baseline(subset), labels[rows]),
    }
    return result


class ModelUnusable(Exception):
    """Why the saved model cannot be used (missing, unreadable, or made for another version); retrain fixes it.

    ``refusal`` is the reason in a few words for the front desk ("trained with scikit-learn 1.4.2, this is 1.5.2"),
    without paths; "" when no model is installed at all."""

    def __init__(self, message: str, *, refusal: str = "") -> None:
        super().__init__(message)
        self.refusal = refusal


def load_model(directory: Path | str) -> RiskModel | None:
    """The saved model, or None (logged) when missing or when its card does not match this code and library."""
    return load_model_checked(directory)[0]


def load_model_checked(directory: Path | str) -> tuple[RiskModel | None, str]:
    """The saved model (``load_model``) and, when one is installed but refused, why in a few words (``""`` when it
    loaded or none is installed): "none is installed" would send whoever runs the copilot looking for a file that is
    there, when the fix is to retrain (after a scikit-learn upgrade, say)."""
    try:
        return read_model(directory), ""
    except ModelUnusable as problem:
        files = (Path(directory) / CARD_FILE, Path(directory) / MODEL_FILE)
        missing = not all(f.exists() for f in files) and not Path(directory).is_file()  # a file: misconfigured
        logger.log(logging.INFO if missing else logging.WARNING, "%s: running without risk scores", problem)
        return None, problem.refusal


def read_model(directory: Path | str) -> RiskModel:
    """The saved model; ``ModelUnusable`` saying why not (the message names the file and the fix)."""
    directory = Path(directory)
    card_path, model_path = directory / CARD_FILE, directory / MODEL_FILE
    if directory.is_file():  # --model models/noshow.joblib, or SPA_MODEL_DIR set to the file
        raise ModelUnusable(
            f"{directory} is a file: give the directory that holds {MODEL_FILE} and {CARD_FILE} ({directory.parent})",
            refusal="the model setting names a file, not the folder that holds the model",
        )
    if not card_path.exists() or not model_path.exists():
        absent = " and ".join(f.name for f in (model_path, card_path) if not f.exists())
        # the model's file there without its card is a model installed, and refused; without it, none is installed
        refusal = f"its card {CARD_FILE} is missing" if model_path.exists() else ""
        raise ModelUnusable(f"no risk model in {directory} ({absent} missing)", refusal=refusal)
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        if not isinstance(card, dict):
            raise ValueError(f"expected a JSON object, found {type(card).__name__}")
    except (OSError, ValueError) as error:  # ValueError: not JSON, not UTF-8 (another file copied over it)
        raise ModelUnusable(f"risk model card {card_path} is unreadable ({error})",
                            refusal=f"its card {CARD_FILE} is unreadable") from None
    problem = card_mismatch(card)
    if problem is None and card.get("artefactSha256") != _sha256(model_path):
        problem = f"{MODEL_FILE} does not match the sha256 in its card (replaced or corrupted)"
    if problem is not None:
        raise ModelUnusable(f"refusing risk model {directory}: {problem} (retrain: `spa-copilot risk train`)",
                            refusal=problem)
    try:
        parts = joblib.load(model_path)
        model = RiskModel(
            estimator=parts["estimator"], baseline=parts["baseline"], reference=parts["reference"], card=card
        )
        # One prediction now, on the typical row the reasons use: an artefact that unpickles but cannot score
        # (another library's objects, a card edited to claim this version) is refused here, once, rather than
        # failing every time the copilot scores a book.
        row = FeatureTable(["check"], np.asarray(model.reference, dtype=object).reshape(1, len(FEATURES)))
        if not np.isfinite(np.concatenate([model.predict(row), model.predict_baseline(row)])).all():
            raise ValueError("its probabilities are not numbers")
        return model
    except Exception as error:  # unpickling can fail in many ways; the copilot must keep running without scores
        raise ModelUnusable(
            f"risk model {model_path} could not be loaded ({type(error).__name__}: {error}) "
            "(retrain: `spa-copilot risk train`)",
            refusal=f"it could not be loaded ({type(error).__name__})",
        ) from None


def card_mismatch(card: Mapping[str, Any]) -> str | None:
    """Why a model card does not fit this code and scikit-learn (None when it does)."""
    if card.get("schemaVersion") != FEATURE_SCHEMA_VERSION:
        return f"feature schema {card.get('schemaVersion')!r}, expected {FEATURE_SCHEMA_VERSION}"
    if card.get("features") != list(FEATURES):
        return "its feature list differs from this version's"
    if card.get("sklearnVersion") != sklearn.__version__:
        trained = card.get("sklearnVersion")
        said = f"trained with scikit-learn {trained}" if trained else "its card does not say which scikit-learn trained it"
        return f"{said}, this is {sklearn.__version__}"
    return _card_shape_problem(card)


def _card_shape_problem(card: Mapping[str, Any]) -> str | None:
    """Why the card's training window, bands or metrics cannot be used (a card edited by hand), or None.

    ``evaluate`` reads the window's end and every score reads the bands: without this a broken card was a
    traceback in ``risk evaluate`` and in the copilot's scoring instead of "retrain".
    """
    window = card.get("trainingWindow")
    if not isinstance(window, Mapping) or not all(_aware_time_or_none(window.get(end)) for end in ("from", "to")):
        return "its card's trainingWindow is not two ISO-8601 times with an offset"
    bands = card.get("bands")
    numbers = [bands.get(name) for name in ("medium", "high")] if isinstance(bands, Mapping) else []
    if not (
        len(numbers) == 2
        and all(isinstance(n, int | float) and not isinstance(n, bool) and 0.0 <= n <= 1.0 for n in numbers)
        and numbers[0] <= numbers[1]
    ):
        return "its card's bands are not two probabilities with medium at most high"
    if "metrics" in card and not isinstance(card["metrics"], Mapping):  # probe49c: null or [] failed every score
        return "its card's metrics are not an object"
    return None


def _aware_time_or_none(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def outcome_labels(records: Sequence[HistoryRecord]) -> np.ndarray:
    """1 for a no-show or late cancel, 0 otherwise."""
    return np.fromiter((r.outcome in POSITIVE_OUTCOMES for r in records), dtype=np.int64, count=len(records))


def probability_metrics(probabilities: np.ndarray, labels: np.ndarray) -> dict[str, float | None]:
    """ROC-AUC, PR-AUC (average precision), Brier score and log loss (AUCs are None with one class)."""
    both = 0 < labels.sum() < len(labels)
    clipped = np.clip(probabilities, 1e-6, 1 - 1e-6)
    return {
        "rocAuc": round(float(roc_auc_score(labels, probabilities)), 4) if both else None,
        "prAuc": round(float(average_precision_score(labels, probabilities)), 4) if both else None,
        "brier": round(float(brier_score_loss(labels, probabilities)), 4),
        "logLoss": round(float(log_loss(labels, clipped, labels=[0, 1])), 4),
    }


def calibration_bins(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Mean predicted vs observed rate in equal-count bins (for the calibration plot)."""
    if len(probabilities) == 0:
        return []
    order = np.argsort(probabilities, kind="stable")
    return [
        {
            "predicted": round(float(probabilities[chunk].mean()), 4),
            "observed": round(float(labels[chunk].mean()), 4),
            "count": int(len(chunk)),
        }
        for chunk in np.array_split(order, min(bins, len(order)))
        if len(chunk)
    ]


def _metrics_block(model: RiskModel, table: FeatureTable, labels: np.ndarray) -> dict[str, Any]:
    base_rate = float(labels.mean()) if len(labels) else 0.0
    return {
        "rows": int(len(labels)),
        "baseRate": round(base_rate, 4),
        "model": probability_metrics(model.predict(table), labels),
        "baseline": probability_metrics(model.predict_baseline(table), labels),
        "baseRateBrier": round(base_rate * (1 - base_rate), 4),
    }


def _one_thread() -> AbstractContextManager[object]:
    """One OpenMP thread: a busy machine (the bot runs beside training) makes more threads stall, 10x slower."""
    return _THREADS.limit(limits=1, user_api="openmp")


def _calibration_folds() -> StratifiedKFold:
    return StratifiedKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=0)


def _pipeline() -> Pipeline:
    categorical = list(range(len(CATEGORICAL_FEATURES)))
    numeric = list(range(len(CATEGORICAL_FEATURES), len(FEATURES)))
    encode = ColumnTransformer(
        [
            (
                "categories",
                OrdinalEncoder(
                    handle_unknown="use_encoded_value",
                    unknown_value=np.nan,
                    max_categories=64,
                    dtype=np.float64,
                ),
                categorical,
            ),
            ("numbers", RarelyKnownToConstant(), numeric),
        ]
    )
    # Additive (no feature interactions): a boosted GAM. It came closest to the sandbox oracle and scored
    # best on the real benchmark, and it makes "swap one feature group" reasons near-exact contributions.
    # 150 trees at rate 0.08 score as well as 400 at 0.03 on both benchmarks, and train and predict 2.5x
    # faster (prediction time grows with the number of trees); more trees overfit the small sandbox.
    classify = HistGradientBoostingClassifier(
        learning_rate=0.08,
        max_iter=150,
        max_leaf_nodes=8,
        interaction_cst="no_interactions",
        min_samples_leaf=40,
        l2_regularization=1.0,
        categorical_features=categorical,
        early_stopping=True,
        validation_fraction=0.15,
        n_iter_no_change=25,
        random_state=0,
    )
    return Pipeline([("encode", encode), ("classify", classify)])


class RarelyKnownToConstant(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Numeric columns as they are, except one known on fewer than ``min_known`` training rows: a constant 0.

    scikit-learn's ``HistGradientBoostingClassifier`` fails ("window shape cannot be larger than input array
    shape") when a column has no known value in what it bins, e.g. every client-history feature of a history
    in which no client had been seen before, or the few known values all falling in its early-stopping
    slice. Such a column carries nothing to learn; as a constant it is simply never split on.
    """

    def __init__(self, min_known: int = 10) -> None:
        self.min_known = min_known

    def fit(self, x: np.ndarray, y: np.ndarray | None = None) -> RarelyKnownToConstant:
        """Remember which columns are (almost) never known in ``x``."""
        known = ~np.isnan(np.asarray(x, dtype=float))
        self.constant_ = np.flatnonzero(known.sum(axis=0) < self.min_known)
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        """``x`` as floats, with the remembered columns set to 0."""
        out = np.array(x, dtype=float)
        out[:, self.constant_] = 0.0
        return out


def _baseline_pipeline() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        learning_rate=0.05, max_iter=200, max_leaf_nodes=8, min_samples_leaf=100, random_state=0
    )


def _typical_row(x: np.ndarray) -> np.ndarray:
    row = np.empty(len(FEATURES), dtype=object)
    for j, name in enumerate(FEATURES):
        column = x[:, j]
        if name in CATEGORICAL_FEATURES:
            values, counts = np.unique(column.astype(str), return_counts=True)
            row[j] = str(values[np.argmax(counts)])
        else:
            numbers = column.astype(float)
            row[j] = float(np.nanmedian(numbers)) if np.isfinite(numbers).any() else np.nan
    return row


def _window(records: Sequence[HistoryRecord], rows: np.ndarray) -> dict[str, str | None]:
    if len(rows) == 0:
        return {"from": None, "to": None}
    starts = [records[i].start_at for i in rows]
    return {"from": min(starts).isoformat(), "to": max(starts).isoformat()}


def _booking(
    appointment: Appointment,
    services: Mapping[str, Service],
    earliest: Mapping[str, datetime],
    last_visits: Mapping[str, date],
    zones: Mapping[str, ZoneInfo],
    typical_price: float,
) -> Booking:
    """The booking as the model reads it at booking time. A booking whose price is not known (its first service is
    not in the catalogue, retired or left out of it, or it has no service line) is priced as the typical booking
    (``typical_price``, the model's reference): read as $0 it was scored as a cheap booking, its risk raised and
    "lower-priced bookings are missed more often" given as a reason for a price it does not have."""
    assert appointment.created_at is not None  # ``score`` scores only a ``scorable`` booking
    _, category, price, _ = service_summary(appointment, services)
    if not price_known(appointment, services):
        price = typical_price
    first_seen = earliest.get(appointment.client_id)
    # The platform's newClient (what the model learned from) is "the client's first appointment", from the spa's
    # whole record; the history read here is a window of it. The spa's lastVisitDate, a local day, before the
    # appointment's own local day says an earlier visit exists (the same day could be this appointment's own).
    day = _local_day(appointment.start_at, zones.get(appointment.location_id))
    visited = (last := last_visits.get(appointment.client_id)) is not None and last < day
    return Booking(
        appointment_id=appointment.id,
        client_id=appointment.client_id,
        location_id=appointment.location_id,
        booked_at=appointment.created_at,
        start_at=appointment.start_at,
        category=category,
        price=price,
        source=appointment.source or "unknown",
        deposit=appointment.deposit_paid,
        new_client=(first_seen is None or first_seen >= appointment.start_at) and not visited,
    )


def price_known(appointment: Appointment, services: Mapping[str, Service]) -> bool:
    """Whether the catalogue gives the booking's price: its first service line names a service it holds."""
    return bool(appointment.services) and appointment.services[0].service_id in services


def _with_recorded_visits(
    table: FeatureTable, bookings: Sequence[Booking], last_visits: Mapping[str, date], zones: Mapping[str, ZoneInfo]
) -> FeatureTable:
    """``table`` with the display-only ``RECORDED_VISIT_DAYS`` for the reasons' words (the model never sees it).

    Only for a booking with no completed visit in the history before it, and a ``lastVisitDate`` before the booking's
    local day: then it is the client's last visit before the booking (none since), however long ago. The feature
    ``days_since_last_visit`` stays missing, as training computed it from the same window.
    """
    recency = table.column("days_since_last_visit").astype(float)
    days = np.full(len(bookings), np.nan)
    for i, booking in enumerate(bookings):
        last = last_visits.get(booking.client_id)
        booked = _local_day(min(booking.booked_at, booking.start_at), zones.get(booking.location_id))
        if last is not None and last < booked and np.isnan(recency[i]):
            days[i] = (booked - last).days
    return FeatureTable(table.appointment_ids, table.matrix, {**table.display, RECORDED_VISIT_DAYS: days})


def _with_booking_age(table: FeatureTable, bookings: Sequence[Booking], now: datetime) -> FeatureTable:
    """``table`` with the display-only ``BOOKED_DAYS_AGO`` (days from each booking's ``booked_at`` to ``now``), so
    the reasons word a record counted as of the booking as such (the model never sees it)."""
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)  # a naive ``now`` (a test's) read as UTC
    days = np.array([(now - booking.booked_at).total_seconds() / 86400 for booking in bookings], dtype=float)
    return FeatureTable(table.appointment_ids, table.matrix, {**table.display, BOOKED_DAYS_AGO: days})


def _local_day(moment: datetime, zone: ZoneInfo | None) -> date:
    return (moment.astimezone(zone) if zone is not None else moment).date()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
