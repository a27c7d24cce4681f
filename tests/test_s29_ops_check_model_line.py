"""``spa-copilot check`` with a no-show model it cannot use says why in the check's own line (the scikit-learn that
trained it and this one), and logs nothing: no timestamped WARNING line before the check lines."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
import sklearn

from spa_copilot import preflight
from spa_copilot.settings import Settings

SHIPPED = Path(__file__).parents[1] / "models"


def test_a_model_of_another_scikit_learn_is_said_in_the_line_not_logged(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "model"
    shutil.copytree(SHIPPED, directory)
    card = directory / "noshow.json"
    card.write_text(json.dumps(json.loads(card.read_text(encoding="utf-8")) | {"sklearnVersion": "1.5.0"}))
    with caplog.at_level(logging.DEBUG):
        check = preflight._risk_model(settings.model_copy(update={"spa_model_dir": directory}))
    assert check.status == "warning"
    assert f"trained with scikit-learn 1.5.0, this is {sklearn.__version__}" in check.detail, check.detail
    assert "without risk scores" in check.detail and "-v" not in check.detail, check.detail
    assert check.detail.count("spa-copilot risk train") == 1, check.detail
    assert caplog.records == []


def test_no_model_at_all_says_what_is_missing(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        check = preflight._risk_model(settings.model_copy(update={"spa_model_dir": tmp_path / "none"}))
    assert check.status == "warning"
    assert check.detail == (f"none loaded: no risk model in {tmp_path / 'none'} (noshow.joblib and noshow.json "
                            "missing); the copilot runs without risk scores (`spa-copilot risk train` makes one)")
    assert caplog.records == []


def test_the_shipped_model_still_loads(settings: Settings) -> None:
    check = preflight._risk_model(settings.model_copy(update={"spa_model_dir": SHIPPED}))
    assert check.status in {"ok", "warning"} and check.detail.startswith("loaded from"), check.detail
