"""``risk train`` / ``risk evaluate`` as functions: from a file or a platform, with errors a person can act on."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.domain import HistoryRecord, Location
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.risk import cli as risk_cli
from spa_copilot.risk.cli import StderrProgress, run_evaluate, run_train, write_calibration_plot
from spa_copilot.risk.history import write_history
from spa_copilot.risk.model import CARD_FILE, MODEL_FILE
from spa_copilot.settings import Settings
from tests.conftest import RISK_HISTORY_END

END = RISK_HISTORY_END


class FakePlatform:
    """Just the two reads the risk commands make."""

    def __init__(self, records: list[HistoryRecord], *, fail: bool = False) -> None:
        self.records = records
        self.fail = fail
        self.windows: list[tuple[datetime, datetime]] = []

    async def appointment_history(self, *, start: datetime, end: datetime) -> list[HistoryRecord]:
        if self.fail:
            raise PlatformUnavailable("gateway timed out")
        self.windows.append((start, end))
        return [r for r in self.records if start <= r.start_at < end]

    async def list_locations(self) -> list[Location]:
        return [Location(id="loc_1", name="Downtown", time_zone="Europe/Paris")]


def opener(platform: FakePlatform):  # noqa: ANN201 - an async context manager factory
    @asynccontextmanager
    async def open_platform(settings: Settings) -> AsyncIterator[FakePlatform]:
        yield platform

    return open_platform


@pytest.fixture(scope="module")
def trained(history_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model ``risk train`` makes of ``history_csv``, trained once for the tests that only evaluate one (each
    trained the same model itself, a second of the module's time each); each takes a copy (``model_in``)."""
    folder = tmp_path_factory.mktemp("trained")
    assert run_train(history_csv, folder, settings=Settings(), stdout=io.StringIO(), stderr=io.StringIO()) == 0
    return folder


def model_in(folder: Path, trained: Path) -> Path:
    """A copy of the ``trained`` model's two files in ``folder`` (the test's own, to change)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (MODEL_FILE, CARD_FILE):
        shutil.copyfile(trained / name, folder / name)
    return folder


def test_train_from_a_file_then_evaluate_as_json(history_csv: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_train(history_csv, tmp_path / "models", settings=Settings(), stdout=out, stderr=err) == 0
    assert (tmp_path / "models" / MODEL_FILE).exists() and (tmp_path / "models" / CARD_FILE).exists()
    assert "ROC-AUC" in out.getvalue() and "baseline" in out.getvalue()
    assert "training: 100% (done)" in err.getvalue()

    out = io.StringIO()
    plot = tmp_path / "calibration.png"
    code = run_evaluate(history_csv, tmp_path / "models", settings=Settings(), as_json=True, plot=plot, stdout=out)
    assert code == 0
    result = json.loads(out.getvalue())
    assert set(result["model"]) == {"rocAuc", "prAuc", "brier", "logLoss"} and "baseline" in result
    assert 0 < result["baseRate"] < 1 and result["inSample"] is False
    assert result["plot"] == str(plot) and plot.read_bytes()[:4] == b"\x89PNG"  # matplotlib is a dependency


def test_the_plot_is_skipped_with_a_message_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes ``import matplotlib`` raise ImportError
    err = io.StringIO()
    bins = {"model": [{"predicted": 0.1, "observed": 0.12, "count": 10}]}
    assert write_calibration_plot(bins, tmp_path / "p.png", stderr=err) is None  # s29: skipped (None), not failed
    assert "matplotlib is not installed" in err.getvalue() and not (tmp_path / "p.png").exists()


def test_evaluate_prints_a_table(history_csv: Path, tmp_path: Path, trained: Path) -> None:
    model_in(tmp_path, trained)
    out = io.StringIO()
    assert run_evaluate(history_csv, tmp_path, settings=Settings(), plot=None, stdout=out) == 0
    text = out.getvalue()
    assert "evaluated on" in text and "base rate" in text and "PR-AUC" in text and "log loss" in text


def test_a_bad_history_file_names_row_and_column(tmp_path: Path, history_csv: Path) -> None:
    lines = history_csv.read_text().splitlines()
    lines[3] = lines[3].replace("completed", "maybe").replace("noShow", "maybe").replace("lateCancel", "maybe")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    err = io.StringIO()
    assert run_train(bad, tmp_path / "m", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert "row 4, column 'outcome'" in err.getvalue()  # lines[3]: the file's 4th line, the spreadsheet's row 4


def test_evaluate_without_a_model_says_so(history_csv: Path, tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_evaluate(history_csv, tmp_path, settings=Settings(), stderr=err) == 1
    assert err.getvalue() == f"no risk model in {tmp_path} (noshow.joblib and noshow.json missing)\n"


def test_evaluate_says_why_a_model_is_refused_without_needing_the_log(
    history_csv: Path, tmp_path: Path, trained: Path
) -> None:
    model_in(tmp_path, trained)
    card = json.loads((tmp_path / CARD_FILE).read_text())
    (tmp_path / CARD_FILE).write_text(json.dumps({**card, "sklearnVersion": "0.24.2"}))
    err = io.StringIO()
    assert run_evaluate(history_csv, tmp_path, settings=Settings(), plot=None, stderr=err) == 1
    assert "trained with scikit-learn 0.24.2" in err.getvalue() and "spa-copilot risk train" in err.getvalue()


def test_a_history_file_is_read_in_the_zone_given(
    history_csv: Path, records: list[HistoryRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Weekday and hours are the spa's local ones, as when the copilot scores the book, not the export's offset."""
    seen: list[dict[str, Any]] = []

    def train(history: list[HistoryRecord], **kwargs: Any) -> None:
        seen.append(dict(kwargs["zones"]))
        raise ValueError("enough")

    monkeypatch.setattr(risk_cli, "train", train)
    paris = ZoneInfo("Europe/Paris")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    assert run_train(history_csv, tmp_path, settings=Settings(), zone=paris, **quiet) == 1
    assert run_train(history_csv, tmp_path, settings=Settings(), **quiet) == 1
    assert seen == [{r.location_id: paris for r in records}, {}]


def test_a_zone_that_does_not_exist_is_refused_before_anything_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from spa_copilot.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["risk", "train", "--history", "h.csv", "--zone", "Mars/Olympus"])
    assert exit_.value.code == 2 and "'Mars/Olympus' is not an IANA time zone" in capsys.readouterr().err


def test_train_from_the_platform_uses_its_history_and_zones(records: list[HistoryRecord], tmp_path: Path) -> None:
    platform = FakePlatform(records)
    out = io.StringIO()
    code = run_train(
        None, tmp_path, settings=Settings(), open_platform=opener(platform), now=END, stdout=out, stderr=io.StringIO()
    )
    assert code == 0 and platform.windows[0][1] == END
    card = json.loads((tmp_path / CARD_FILE).read_text())
    assert card["rows"]["train"] + card["rows"]["test"] == len(records)
    # said as the shipped sandbox model's card says it, so `check` warns of it serving a real spa (a review)
    assert card["description"] == "sandbox history: the embedded sandbox spa"
    from spa_copilot.preflight import _risk_model

    real = Settings(_env_file=None).model_copy(update={"mangomint_api_url": "https://gateway.example/v1",
                                                       "spa_model_dir": tmp_path})
    assert _risk_model(real).status == "warning"
    assert f"rows of the embedded sandbox spa's history (MANGOMINT_API_URL is not set) ({card['trainingWindow']['from']}" in out.getvalue()


def test_a_platform_failure_is_reported_not_raised(tmp_path: Path) -> None:
    err = io.StringIO()
    code = run_train(None, tmp_path, settings=Settings(), open_platform=opener(FakePlatform([], fail=True)), stderr=err)
    assert code == 1 and "gateway timed out" in err.getvalue()


def test_too_little_history_is_reported(records: list[HistoryRecord], tmp_path: Path) -> None:
    err = io.StringIO()
    code = run_train(None, tmp_path, settings=Settings(), open_platform=opener(FakePlatform(records[:20])), now=END, stderr=err)
    assert code == 1 and "need at least" in err.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_one_line_rewritten_on_a_terminal() -> None:
    stream = Terminal()
    progress = StderrProgress(stream)
    progress(0.5, "model")
    progress(1.0, "done")
    assert stream.getvalue() == "\rtraining:  50% (model)\x1b[K\rtraining: 100% (done)\x1b[K\n"


def test_progress_in_a_log_file_is_a_plain_line_per_stage() -> None:
    stream = io.StringIO()
    progress = StderrProgress(stream)
    for fraction, stage in ((0.0, "features"), (0.1, "features"), (0.5, "model"), (0.9, "model"), (1.0, "done")):
        progress(fraction, stage)
    assert stream.getvalue() == "training:   0% (features)\ntraining:  50% (model)\ntraining: 100% (done)\n"


def test_a_training_error_starts_on_its_own_line_after_the_progress(
    records: list[HistoryRecord], tmp_path: Path
) -> None:
    one_sided = [r.model_copy(update={"outcome": "completed"}) for r in records]
    path = tmp_path / "completed.csv"
    write_history(one_sided, path)
    err = io.StringIO()
    assert run_train(path, tmp_path / "m", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert "\ncannot train: the training window has only one outcome class" in err.getvalue()
    assert "nothing to learn" in err.getvalue() and err.getvalue().endswith("\n")


def test_an_output_directory_that_cannot_be_written_is_reported(
    history_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "models"
    a_file.write_text("not a directory")
    err = io.StringIO()
    assert run_train(history_csv, a_file, settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == f"cannot save the model to {a_file}: it is a file, not a directory\n"

    def disk_full(self: object, directory: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("spa_copilot.risk.model.RiskModel.save", disk_full)
    err = io.StringIO()
    assert run_train(history_csv, tmp_path / "m", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().endswith(f"cannot save the model to {tmp_path / 'm'}: No space left on device\n")


def test_a_plot_that_cannot_be_written_still_prints_the_metrics(
    history_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trained: Path
) -> None:
    from types import ModuleType
    from unittest.mock import MagicMock

    matplotlib, pyplot = ModuleType("matplotlib"), ModuleType("matplotlib.pyplot")
    matplotlib.use = lambda backend: None  # type: ignore[attr-defined]
    pyplot.subplots = lambda **kwargs: (MagicMock(), MagicMock())  # type: ignore[attr-defined]
    pyplot.close = MagicMock()  # type: ignore[attr-defined]
    matplotlib.pyplot = pyplot  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "matplotlib", matplotlib)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", pyplot)
    model_in(tmp_path / "m", trained)
    a_file = tmp_path / "plots"
    a_file.write_text("not a directory")
    out, err = io.StringIO(), io.StringIO()
    code = run_evaluate(history_csv, tmp_path / "m", settings=Settings(), as_json=True, plot=a_file / "p.png",
                        stdout=out, stderr=err)
    # s29: a plot that cannot be written fails the command (exit 1), the metrics still printed
    assert code == 1 and json.loads(out.getvalue())["plot"] is None
    assert f"cannot write the calibration plot to {a_file / 'p.png'}" in err.getvalue()
    pyplot.close.assert_called_once()
