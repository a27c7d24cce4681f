"""The same history in another order trains the same model: rows are taken by (start, appointment id)."""

from __future__ import annotations

import random

import numpy as np

from spa_copilot.risk.features import history_features
from spa_copilot.risk.model import train
from spa_copilot.risk.synthetic import synthetic_history


def test_the_same_history_shuffled_trains_an_identical_model() -> None:
    records, _ = synthetic_history(clients=150, visits_per_client=6, seed=3)
    starts = [r.start_at for r in records]
    assert len(set(starts)) < len(starts)  # appointments that start together: their file order used to count
    shuffled = list(records)
    random.Random(5).shuffle(shuffled)
    reversed_rows = list(reversed(records))
    models = [train(rows) for rows in (records, shuffled, reversed_rows)]
    table = history_features(records)
    predictions = [model.predict(table) for model in models]
    assert np.array_equal(predictions[0], predictions[1])
    assert np.array_equal(predictions[0], predictions[2])
    assert models[0].card["metrics"] == models[1].card["metrics"] == models[2].card["metrics"]
    assert models[0].card["bands"] == models[1].card["bands"]
