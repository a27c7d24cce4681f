"""History files and model folders as a spa's IT person meets them, from a blind review of ``risk train`` /
``risk evaluate``: each case is read right, or refused with a message that says where and what is expected."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.cli import run_evaluate, run_train
from spa_copilot.risk.history import HISTORY_COLUMNS, HistoryFileError, load_history, write_history
from spa_copilot.risk.model import CARD_FILE, MODEL_FILE, ModelUnusable, RiskModel, load_model, read_model, train
from spa_copilot.settings import Settings
from tests.conftest import RISK_HISTORY_END

UTC_ZONE = ZoneInfo("UTC")  # the files are written in UTC: read on purpose in UTC, so no note says otherwise


def lines_of(tmp_path: Path, records: list[HistoryRecord], count: int = 5) -> list[str]:
    path = tmp_path / "written.csv"
    write_history(records[:count], path)
    return path.read_text(encoding="utf-8").splitlines()


def set_cell(line: str, column: str, value: str) -> str:
    cells = line.split(",")
    cells[HISTORY_COLUMNS.index(column)] = value
    return ",".join(cells)


def refused(path: Path) -> HistoryFileError:
    with pytest.raises(HistoryFileError) as caught:
        load_history(path)
    return caught.value


def quiet() -> dict[str, io.StringIO]:
    return {"stdout": io.StringIO(), "stderr": io.StringIO()}


@pytest.fixture(scope="module")
def trained(records: list[HistoryRecord]) -> RiskModel:
    return train(records)


# --- where the error is: the row a spreadsheet or an editor shows -------------------------------------------


def test_a_csv_error_names_the_row_a_spreadsheet_shows(tmp_path: Path, records: list[HistoryRecord]) -> None:
    """The header is row 1 in Excel and line 1 in an editor: the data row counted from 1 pointed one row too high."""
    lines = lines_of(tmp_path, records)
    lines[3] = set_cell(lines[3], "outcome", "vanished")  # the file's 4th line
    quoted = ['"' + line.replace(",", '","') + '"' for line in lines]  # Excel's CSV UTF-8: BOM, CRLF, quotes
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(quoted) + "\r\n").encode("utf-8"))
    error = refused(path)
    assert (error.row, error.column) == (4, "outcome")
    assert str(error).startswith(f"{path}, row 4, column 'outcome'")


# --- spaces, empty cells, empty ids ---------------------------------------------------------------------------


def test_spaces_around_any_value_are_a_spreadsheets_not_the_datas(tmp_path: Path, records: list[HistoryRecord]) -> None:
    lines = lines_of(tmp_path, records, 1)
    row = records[0]
    padded = lines[1]
    for column, value in [("outcome", f"{row.outcome} "), ("deposit", f" {str(row.deposit).lower()} "),
                          ("price", f" {row.price} "), ("category", f" {row.category} "),
                          ("startAt", f" {row.start_at.isoformat()}"), ("cancelledAt", "   "), ("staffId", " ")]:
        padded = set_cell(padded, column, value)
    path = tmp_path / "padded.csv"
    path.write_text(lines[0] + "\n" + padded + "\n", encoding="utf-8")
    (loaded,) = load_history(path)
    assert loaded == row.model_copy(update={"cancelled_at": None, "staff_id": None})


@pytest.mark.parametrize("column", ["clientId", "appointmentId", "locationId", "serviceId"])
def test_a_required_id_of_only_spaces_is_refused_not_read_as_an_empty_id(
    tmp_path: Path, records: list[HistoryRecord], column: str
) -> None:
    """Every such row was one client "" (or one appointment ""): silently merged."""
    lines = lines_of(tmp_path, records)
    lines[2] = set_cell(lines[2], column, "  ")
    path = tmp_path / "h.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = refused(path)
    assert (error.row, error.column, error.problem) == (3, column, "required, but empty")


def test_an_empty_or_missing_json_value_is_said_as_such(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps(records[0].to_json_dict() | {"clientId": ""}) + "\n", encoding="utf-8")
    assert (refused(path).row, refused(path).column, refused(path).problem) == (1, "clientId", "required, but empty")
    without = {k: v for k, v in records[0].to_json_dict().items() if k != "startAt"}
    path.write_text(json.dumps(without) + "\n", encoding="utf-8")
    assert (refused(path).column, refused(path).problem) == ("startAt", "required, but missing on this line")


# --- times: what is expected, not only what is wrong ----------------------------------------------------------


@pytest.mark.parametrize("cell", ["3/2/2026 15:00", "2026-03-02 15:00:00", "2026-03-02T15:00:00 UTC", "02/03/2026"])
def test_a_time_in_another_format_says_what_is_expected(tmp_path: Path, records: list[HistoryRecord], cell: str) -> None:
    lines = lines_of(tmp_path, records)
    lines[1] = set_cell(lines[1], "bookedAt", cell)
    path = tmp_path / "h.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = refused(path)
    assert (error.row, error.column) == (2, "bookedAt")
    assert repr(cell) in str(error) and "ISO-8601 time with an offset, e.g. 2026-03-02T15:00:00+01:00" in str(error)


# --- the wrong kind of file -------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
def test_a_workbook_saved_under_a_csv_name_is_called_a_workbook(tmp_path: Path, start: bytes) -> None:
    """An .xlsx (a zip) or .xls renamed .csv was told it was UTF-16 text (its bytes hold zeros)."""
    path = tmp_path / "history.csv"
    path.write_bytes(start + b"\x00" * 200)
    assert "a spreadsheet workbook, not CSV text: save it as CSV" in str(refused(path))


@pytest.mark.parametrize("name", ["history.xlsx", "History.XLS"])
def test_a_workbook_is_asked_to_be_saved_as_csv(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04")
    assert str(refused(path)).endswith("'CSV UTF-8 (Comma delimited)')")


def test_a_directory_or_a_missing_file_is_named_as_such(tmp_path: Path) -> None:
    """Both were 'unknown file type' when the name had no .csv (a folder 'history'; 'history.txt' mistyped)."""
    (tmp_path / "history").mkdir()
    assert refused(tmp_path / "history").problem == "a directory, not a file: give the history file itself"
    assert refused(tmp_path / "history.txt").problem == "no such file"


def test_json_lines_named_csv_and_csv_named_jsonl_say_which_they_are(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path = tmp_path / "history.csv"
    path.write_text("\n".join(json.dumps(r.to_json_dict()) for r in records[:3]) + "\n", encoding="utf-8")
    assert refused(path).problem == "JSON text, not CSV: a JSON-lines history is named .jsonl"
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(lines_of(tmp_path, records)) + "\n", encoding="utf-8")
    assert refused(path).problem == "CSV text, not JSON: a CSV history is named .csv"


def test_a_title_line_above_the_header_is_named(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path = tmp_path / "report.csv"
    path.write_text("Appointments report,,\n" + "\n".join(lines_of(tmp_path, records)) + "\n", encoding="utf-8")
    error = refused(path)
    assert error.row == 1 and "which should be the header (appointmentId, clientId, locationId, …)" in error.problem
    assert error.problem.endswith("found 'Appointments report'")


# --- risk train / risk evaluate on readable files that cannot be what was meant ---------------------------------


def test_a_file_with_only_a_header_says_so(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(",".join(HISTORY_COLUMNS) + "\r\n\r\n", encoding="utf-8")
    out = quiet()
    assert run_train(path, tmp_path / "m", settings=Settings(), **out) == 1
    assert out["stderr"].getvalue() == f"{path}: no appointment rows in the file (only a header, or blank lines)\n"


def test_appointments_still_to_come_are_noted(tmp_path: Path, records: list[HistoryRecord], trained: RiskModel) -> None:
    path = tmp_path / "h.csv"
    write_history(records, path)
    before_the_end = RISK_HISTORY_END.replace(month=3)
    out = quiet()
    assert run_train(path, tmp_path / "m", settings=Settings(), now=before_the_end, zone=UTC_ZONE, **out) == 0
    notes = [line for line in out["stderr"].getvalue().splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "appointments start after now (2026-03-01 00:00 UTC" in notes[0]
    out = quiet()
    assert run_train(path, tmp_path / "m", settings=Settings(), now=RISK_HISTORY_END, zone=UTC_ZONE, **out) == 0
    assert "note:" not in out["stderr"].getvalue()


def test_bookings_made_after_their_start_on_many_rows_are_noted(tmp_path: Path, records: list[HistoryRecord]) -> None:
    """Swapped columns (or a 'last changed' time exported as bookedAt) made every lead time 0, without a word."""
    swapped = [r.model_copy(update={"booked_at": r.start_at, "start_at": r.booked_at}) for r in records]
    path = tmp_path / "h.csv"
    write_history(swapped, path)
    out = quiet()
    run_train(path, tmp_path / "m", settings=Settings(), now=RISK_HISTORY_END, zone=UTC_ZONE, **out)
    assert f"note: bookedAt is after startAt on {len(records)} of {len(records)} rows" in out["stderr"].getvalue()
    assert "are the two columns swapped?" in out["stderr"].getvalue()
    a_few = [r.model_copy(update={"booked_at": r.start_at.replace(minute=5)}) if i % 20 == 0 else r
             for i, r in enumerate(records)]  # walk-ins entered after they started: documented, not noted
    write_history(a_few, path)
    out = quiet()
    assert run_train(path, tmp_path / "m", settings=Settings(), now=RISK_HISTORY_END, zone=UTC_ZONE, **out) == 0
    assert "note:" not in out["stderr"].getvalue()


@pytest.mark.parametrize(("outcome", "said"), [("completed", "no no-shows or late cancels"),
                                               ("noShow", "only no-shows and late cancels")])
def test_one_outcome_class_says_which(tmp_path: Path, records: list[HistoryRecord], outcome: str, said: str) -> None:
    path = tmp_path / "h.csv"
    write_history([r.model_copy(update={"outcome": outcome}) for r in records], path)
    out = quiet()
    assert run_train(path, tmp_path / "m", settings=Settings(), now=RISK_HISTORY_END, **out) == 1
    assert f"only one outcome class: {said} in its" in out["stderr"].getvalue()


# --- the model folder ---------------------------------------------------------------------------------------------


def test_a_model_path_to_the_artefact_file_asks_for_its_directory(
    tmp_path: Path, trained: RiskModel, caplog: pytest.LogCaptureFixture
) -> None:
    trained.save(tmp_path)
    with pytest.raises(ModelUnusable) as caught:
        read_model(tmp_path / MODEL_FILE)
    assert str(caught.value) == (
        f"{tmp_path / MODEL_FILE} is a file: give the directory that holds {MODEL_FILE} and {CARD_FILE} ({tmp_path})"
    )
    with caplog.at_level(logging.INFO, logger="spa_copilot.risk.model"):
        assert load_model(tmp_path / CARD_FILE) is None
    assert caplog.records[-1].levelno == logging.WARNING  # misconfigured, not merely "no model yet"


def test_an_artefact_that_unpickles_but_cannot_score_is_refused_when_loaded(
    tmp_path: Path, trained: RiskModel, records: list[HistoryRecord]
) -> None:
    """It used to load, and then every scoring of the book raised (the copilot's book, briefings, the fill)."""
    broken = RiskModel(estimator="not a model", baseline=trained.baseline, reference=trained.reference,
                       card=dict(trained.card))
    broken.save(tmp_path)  # its card's sha256 is the artefact's: only using it shows the problem
    with pytest.raises(ModelUnusable, match="could not be loaded .*retrain"):
        read_model(tmp_path)
    assert load_model(tmp_path) is None
    out = quiet()
    assert run_evaluate(tmp_path / "absent.csv", tmp_path, settings=Settings(), plot=None, **out) == 1
    assert "could not be loaded" in out["stderr"].getvalue() and "Traceback" not in out["stderr"].getvalue()


def test_a_card_that_names_no_scikit_learn_version_says_so(tmp_path: Path, trained: RiskModel) -> None:
    trained.save(tmp_path)
    card = json.loads((tmp_path / CARD_FILE).read_text())
    del card["sklearnVersion"]
    (tmp_path / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(ModelUnusable, match="its card does not say which scikit-learn trained it, this is"):
        read_model(tmp_path)


def test_a_save_that_fails_half_way_leaves_the_previous_model_working(
    tmp_path: Path, trained: RiskModel, records: list[HistoryRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk filled up while the card was written: the new artefact sat beside the old card, and the model that
    had worked was refused from then on (sha256 mismatch), the copilot running without scores after its restart."""
    trained.save(tmp_path)
    before = (tmp_path / MODEL_FILE).read_bytes(), (tmp_path / CARD_FILE).read_bytes()
    history = tmp_path / "h.csv"
    write_history([r.model_copy(update={"deposit": not r.deposit}) for r in records], history)  # another model

    def disk_full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", disk_full)
    out = quiet()
    assert run_train(history, tmp_path, settings=Settings(), now=RISK_HISTORY_END, **out) == 1
    assert out["stderr"].getvalue().endswith(f"cannot save the model to {tmp_path}: No space left on device\n")
    monkeypatch.undo()
    assert ((tmp_path / MODEL_FILE).read_bytes(), (tmp_path / CARD_FILE).read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([MODEL_FILE, CARD_FILE, "h.csv"])
    assert read_model(tmp_path).card["artefactSha256"] == trained.card["artefactSha256"]
