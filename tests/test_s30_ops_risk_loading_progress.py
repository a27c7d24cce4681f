"""``risk train --history FILE``: a large file takes seconds to read, so its loading shows a percentage on a
terminal, rewritten in place, before the training's; nothing when stderr is a file or a pipe (a CI log)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk import cli as risk_cli
from spa_copilot.risk.cli import run_train
from spa_copilot.risk.history import HISTORY_COLUMNS, PROGRESS_ROWS, load_history, write_history
from spa_copilot.settings import Settings


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_training(monkeypatch: pytest.MonkeyPatch) -> None:
    def train(history: list[HistoryRecord], **kwargs: Any) -> None:
        kwargs["progress"](1.0, "done")
        raise ValueError("enough")

    monkeypatch.setattr(risk_cli, "train", train)


@pytest.fixture(scope="module")
def long_csv(records: list[HistoryRecord], tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert len(records) > PROGRESS_ROWS
    path = tmp_path_factory.mktemp("long") / "history.csv"
    write_history(records, path)
    return path


def test_load_history_reports_the_share_read_and_the_rows(long_csv: Path, records: list[HistoryRecord]) -> None:
    seen: list[tuple[float, str]] = []
    assert load_history(long_csv, progress=lambda fraction, stage: seen.append((fraction, stage))) == records
    assert seen[0][1] == f"{PROGRESS_ROWS:,} rows" and 0 < seen[0][0] < 1
    assert [fraction for fraction, _ in seen] == sorted(fraction for fraction, _ in seen)
    assert seen[-1] == (1.0, f"{len(records):,} rows")


def test_a_gzipped_file_reports_its_compressed_bytes_read(long_csv: Path, tmp_path: Path) -> None:
    packed = tmp_path / "history.csv.gz"
    packed.write_bytes(gzip.compress(long_csv.read_bytes()))
    seen: list[float] = []
    load_history(packed, progress=lambda fraction, stage: seen.append(fraction))
    assert 0 < seen[0] < 1 and seen[-1] == 1.0


@pytest.mark.usefixtures("no_training")
def test_on_a_terminal_the_loading_is_shown_before_the_training(long_csv: Path, tmp_path: Path) -> None:
    err = Terminal()
    assert run_train(long_csv, tmp_path / "m", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    text = err.getvalue()
    assert text.startswith("\rloading: ") and f"({PROGRESS_ROWS:,} rows)\x1b[K" in text
    assert "\rloading: 100% (" in text
    loading_done = text.index("\rloading: 100% (")
    assert text.index("\n", loading_done) < text.index("\rtraining: 100% (done)")


@pytest.mark.usefixtures("no_training")
def test_in_a_log_nothing_is_said_of_the_loading(long_csv: Path, tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_train(long_csv, tmp_path / "m", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert "loading" not in err.getvalue() and "\r" not in err.getvalue()
    assert "training: 100% (done)\n" in err.getvalue()


def test_a_bad_row_after_some_loading_is_said_on_its_own_line(long_csv: Path, tmp_path: Path) -> None:
    lines = long_csv.read_text().splitlines()
    bad_row = PROGRESS_ROWS + 50
    cells = lines[bad_row - 1].split(",")
    cells[HISTORY_COLUMNS.index("outcome")] = "vanished"
    lines[bad_row - 1] = ",".join(cells)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n")
    err = Terminal()
    assert run_train(path, tmp_path / "m", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert f"\x1b[K\n{path}, row {bad_row}, column 'outcome'" in err.getvalue()
