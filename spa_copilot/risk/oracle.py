"""The model against the sandbox's known truth: how close it gets to the oracle (the true probabilities).

The sandbox's history is drawn from a written-down process (``spa_copilot.sandbox.generator``, docs/sandbox.md),
so each booking's true P(noShow) + P(lateCancel) is known; no model can do better on average. Used by
``benchmarks/risk_sandbox.py`` (which also builds the shipped ``models/noshow.joblib``) and the tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from spa_copilot.domain import SpaData
from spa_copilot.risk.features import FeatureTable, history_features
from spa_copilot.risk.history import history_from_appointments
from spa_copilot.risk.model import Progress, RiskModel, outcome_labels, probability_metrics, train

#: Issue 7's acceptance: ROC-AUC within this of the oracle's, Brier within this share above it.
ROC_AUC_TOLERANCE = 0.02
BRIER_TOLERANCE = 0.05


def compare_with_oracle(
    data: SpaData, *, description: str = "", progress: Progress | None = None
) -> tuple[RiskModel, dict[str, Any]]:
    """Train on the spa's history with the time split; metrics of model, oracle and baseline on the test rows."""
    from spa_copilot.sandbox.generator import oracle_probabilities  # only the sandbox knows its truth

    records = history_from_appointments(data)
    zones = {location.id: location.tz for location in data.locations}
    model = train(records, zones=zones, description=description, progress=progress)
    cutoff = datetime.fromisoformat(model.card["trainingWindow"]["to"])
    truth = oracle_probabilities(data)
    test = [i for i, r in enumerate(records) if r.start_at > cutoff and r.appointment_id in truth]
    labels = outcome_labels(records)[test]
    oracle = np.array([truth[records[i].appointment_id]["noShow"] + truth[records[i].appointment_id]["lateCancel"]
                       for i in test])
    table = history_features(records, zones=zones)
    subset = FeatureTable([table.appointment_ids[i] for i in test], table.matrix[test])
    figures: dict[str, Any] = {
        "historyRows": len(records),
        "trainRows": model.card["rows"]["train"],
        "testRows": len(test),
        "baseRate": round(float(labels.mean()), 4),
        "model": probability_metrics(model.predict(subset), labels),
        "oracle": probability_metrics(oracle, labels),
        "baseline": probability_metrics(model.predict_baseline(subset), labels),
    }
    figures["rocAucGap"] = round(figures["oracle"]["rocAuc"] - figures["model"]["rocAuc"], 4)
    figures["brierRatio"] = round(figures["model"]["brier"] / figures["oracle"]["brier"], 4)
    figures["accepted"] = figures["rocAucGap"] <= ROC_AUC_TOLERANCE and figures["brierRatio"] <= 1 + BRIER_TOLERANCE
    return model, figures
