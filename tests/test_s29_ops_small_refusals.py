"""Three small refusals: ``sandbox serve --webhook-url`` without ``http://`` (else every delivery warns
UnsupportedProtocol), a ``risk evaluate --plot`` that cannot be written (exit 1, not 0), and a history row dated
before 2000 (an empty date exported as year 1), refused naming its row and column rather than trained on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import uvicorn

from spa_copilot.cli import main
from spa_copilot.risk.cli import run_evaluate
from spa_copilot.risk.history import HistoryFileError, load_history
from spa_copilot.settings import Settings

SHIPPED = Path(__file__).parents[1] / "models"


@pytest.fixture
def no_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sandbox that got as far as serving returns at once (exit 0) rather than serving until stopped."""
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)


@pytest.mark.parametrize("url", [
    "127.0.0.1:13000/webhooks/mangomint", "localhost:3000/webhooks/mangomint", "ftp://127.0.0.1/x", "http:///x",
])
@pytest.mark.usefixtures("no_serving")
def test_sandbox_serve_refuses_a_webhook_url_it_cannot_deliver_to(
    in_tmp: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "serve", "--port", "0", "--webhook-url", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("spa-copilot: --webhook-url: "), err
    assert "sandbox spa on" not in err


@pytest.mark.usefixtures("no_serving")
def test_the_webhook_url_shown_leaves_out_a_query(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "serve", "--port", "0", "--webhook-url", "127.0.0.1:3000/webhooks/mangomint?key=s3cret"]) == 2
    assert "s3cret" not in capsys.readouterr().err


def test_a_plot_that_cannot_be_written_fails_evaluate_after_the_metrics(history_csv: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "plots"
    a_file.write_text("not a directory")
    out, err = io.StringIO(), io.StringIO()
    code = run_evaluate(history_csv, SHIPPED, settings=Settings(), plot=a_file / "p.png", stdout=out, stderr=err)
    assert code == 1
    assert "evaluated on" in out.getvalue() and "calibration plot:" not in out.getvalue()
    assert err.getvalue().count("cannot write the calibration plot") == 1, err.getvalue()


def test_a_plot_written_still_exits_0(history_csv: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_evaluate(history_csv, SHIPPED, settings=Settings(), plot=tmp_path / "p.png", stdout=out,
                        stderr=io.StringIO())
    assert code == 0 and (tmp_path / "p.png").exists()


def _with_row_changed(history_csv: Path, tmp_path: Path, row: int, column: str, value: str) -> Path:
    with history_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 2][column] = value  # row 2 is the first under the header
    changed = tmp_path / "changed.csv"
    with changed.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return changed


@pytest.mark.parametrize(("column", "value"), [
    ("bookedAt", "0001-01-01T00:00:00Z"), ("startAt", "0001-01-01T00:00:00+00:00"), ("bookedAt", "1999-12-31T10:00:00Z"),
])
def test_a_time_before_2000_is_refused_naming_row_and_column(
    history_csv: Path, tmp_path: Path, column: str, value: str
) -> None:
    with pytest.raises(HistoryFileError) as refused:
        load_history(_with_row_changed(history_csv, tmp_path, 5, column, value))
    assert refused.value.row == 5 and refused.value.column == column
    assert f"{value!r} is before 2000" in str(refused.value), str(refused.value)


def test_a_jsonl_cancelled_at_in_year_1_is_refused_by_its_own_key(tmp_path: Path) -> None:
    row = {"appointment_id": "ap_1", "client_id": "cl_1", "location_id": "loc_1", "booked_at": "2026-01-01T10:00:00Z",
           "start_at": "2026-01-05T10:00:00Z", "service_id": "sv_1", "outcome": "cancelled",
           "cancelled_at": "0001-01-01T00:00:00Z"}
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as refused:
        load_history(path)
    assert refused.value.row == 1 and refused.value.column == "cancelled_at"


@pytest.mark.usefixtures("no_serving", "small_embedded_spa")  # the spa's size is not what is tested (8 s in full)
def test_a_full_webhook_url_is_taken(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "serve", "--port", "0", "--webhook-url", "http://127.0.0.1:3000/webhooks/mangomint"]) == 0
    assert "webhooks to http://127.0.0.1:3000/webhooks/mangomint" in capsys.readouterr().err


def test_times_from_2000_on_are_read(history_csv: Path, tmp_path: Path) -> None:
    assert len(load_history(_with_row_changed(history_csv, tmp_path, 5, "bookedAt", "2000-01-01T00:00:00Z"))) > 0
