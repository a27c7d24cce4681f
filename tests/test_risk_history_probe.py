"""History files as a spa's IT person exports them (a black-box probe of ``risk train`` / ``risk evaluate``).

What a spreadsheet or a script does to a file that the loader must either read right or refuse, naming the
row and the column; never read silently wrong, never a traceback.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk import cli as risk_cli
from spa_copilot.risk.cli import run_evaluate, run_train
from spa_copilot.risk.history import HISTORY_COLUMNS, HistoryFileError, load_history, write_history
from spa_copilot.risk.model import CARD_FILE, ModelUnusable, load_model, read_model
from spa_copilot.settings import Settings
from tests.conftest import RISK_HISTORY_END

END = RISK_HISTORY_END


@pytest.fixture(scope="module")
def model_dir(history_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("model")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    assert run_train(history_csv, directory, settings=Settings(), **quiet) == 0
    return directory


def with_cell(lines: list[str], row: int, column: str, value: str) -> None:
    """Set one cell of a CSV row (``lines[row]``, cells without commas of their own) in place."""
    cells = lines[row].split(",")
    cells[HISTORY_COLUMNS.index(column)] = value
    lines[row] = ",".join(cells)


def small_csv(tmp_path: Path, records: list[HistoryRecord], name: str = "h.csv") -> tuple[Path, list[str]]:
    path = tmp_path / name
    write_history(records[:5], path)
    return path, path.read_text(encoding="utf-8").splitlines()


# --- a column or key given twice: last one wins silently ----------------------------------------------------


def test_a_column_named_twice_is_refused_not_read_as_its_last_copy(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    # a spreadsheet with an "outcome" column pasted again at the end, holding something else
    lines = [lines[0] + ",outcome"] + [line + ",completed" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert error.value.column == "outcome"
    assert "twice" in str(error.value) and "13" in str(error.value) and "15" in str(error.value)


def test_a_json_key_given_twice_on_a_line_is_refused(tmp_path: Path, records: list[HistoryRecord]) -> None:
    row = json.dumps(records[0].to_json_dict())
    path = tmp_path / "h.jsonl"
    path.write_text(row + "\n" + row.replace('"ap_', '"apx_')[:-1] + ', "outcome": "completed"}\n', encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert (error.value.row, error.value.column) == (2, "outcome")
    assert "twice" in str(error.value)


# --- prices that are no number -----------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["NaN", "nan", "inf", "-Infinity"])
def test_a_price_that_is_not_a_finite_number_is_refused(tmp_path: Path, records: list[HistoryRecord], cell: str) -> None:
    path, lines = small_csv(tmp_path, records)
    with_cell(lines, 3, "price", cell)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert (error.value.row, error.value.column) == (4, "price")  # lines[3] is the file's 4th line
    assert cell in str(error.value)


def test_a_json_nan_price_is_refused(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path = tmp_path / "h.jsonl"
    rows = [json.dumps(r.to_json_dict()) for r in records[:3]]
    rows[1] = json.dumps({**records[1].to_json_dict(), "price": math.nan})  # Python's json writes NaN
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert (error.value.row, error.value.column) == (2, "price")


def test_a_negative_price_is_refused_as_a_refund_or_discount_row(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    with_cell(lines, 2, "price", "-45.00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError, match="cannot be negative .*refund or discount") as error:
        load_history(path)
    assert (error.value.row, error.value.column) == (3, "price")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("gzipped", [False, True])
def test_a_utf16_export_is_told_to_be_saved_as_utf8(
    tmp_path: Path, records: list[HistoryRecord], encoding: str, gzipped: bool
) -> None:
    """Excel's 'Unicode Text' is UTF-16, with or without a byte-order mark: without one, the header was read as
    'a\\x00p\\x00p…' and the error asked to rename the column."""
    import gzip

    path, lines = small_csv(tmp_path, records)
    data = ("\n".join(lines) + "\n").encode(encoding)
    path.write_bytes(gzip.compress(data) if gzipped else data)
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert str(error.value) == f"{path}: the file is UTF-16 text (Excel's 'Unicode Text'): save it as UTF-8 (Excel: 'CSV UTF-8')"


# --- a spreadsheet's trailing empty columns ----------------------------------------------------------------


def test_empty_trailing_columns_on_the_header_only_are_ignored(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    path.write_text("\r\n".join([lines[0] + ",,"] + lines[1:]) + "\r\n", encoding="utf-8")
    assert load_history(path) == records[:5]


def test_empty_trailing_cells_on_the_rows_only_are_ignored(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    path.write_text("\n".join([lines[0]] + [line + ",," for line in lines[1:]]) + "\n", encoding="utf-8")
    assert load_history(path) == records[:5]


def test_a_row_with_a_value_beyond_the_header_is_still_refused(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    lines[2] += ",,oops"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert error.value.row == 3


# --- JSON-lines messages -----------------------------------------------------------------------------------


def test_a_line_cut_short_says_where_without_a_dangling_word(tmp_path: Path, records: list[HistoryRecord]) -> None:
    rows = [json.dumps(r.to_json_dict()) for r in records[:3]]
    path = tmp_path / "h.jsonl"
    path.write_text(rows[0] + "\n" + rows[1][:40] + "\n" + rows[2] + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert error.value.row == 2
    assert not str(error.value).rstrip(")").endswith(" at")
    assert "character" in str(error.value)


def test_a_json_array_is_told_to_be_one_object_per_line(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps([r.to_json_dict() for r in records[:3]]) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert "one object per line" in str(error.value)


# --- a model card edited or damaged by hand ----------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"trainingWindow": None},
        {"trainingWindow": {"from": "x", "to": "yesterday"}},
        {"trainingWindow": {"from": "2026-01-01T00:00:00", "to": "2026-04-01T00:00:00"}},  # no offset
        {"bands": None},
        {"bands": {"medium": "x", "high": 0.3}},
        {"bands": {"medium": 0.4, "high": 0.2}},
        {"bands": {"high": 0.3}},
    ],
)
def test_a_card_with_a_broken_window_or_bands_is_refused_not_a_traceback(
    model_dir: Path, history_csv: Path, tmp_path: Path, change: dict[str, object]
) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    for item in model_dir.iterdir():
        (broken / item.name).write_bytes(item.read_bytes())
    card = json.loads((broken / CARD_FILE).read_text(encoding="utf-8"))
    card.update(change)
    (broken / CARD_FILE).write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelUnusable):
        read_model(broken)
    assert load_model(broken) is None
    err = io.StringIO()
    assert run_evaluate(history_csv, broken, settings=Settings(), plot=None, stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().count("\n") == 1 and "refusing risk model" in err.getvalue()


# --- an output directory that cannot be written: said before the training, not after -------------------------


def test_an_output_directory_that_cannot_be_made_is_reported_before_training(
    history_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "models"
    a_file.write_text("not a directory")

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("trained before finding the output directory unusable")

    monkeypatch.setattr(risk_cli, "train", no_training)
    err = io.StringIO()
    assert run_train(history_csv, a_file / "noshow", settings=Settings(), stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().startswith(f"cannot save the model to {a_file / 'noshow'}")
    assert err.getvalue().count("\n") == 1


# --- two exports joined with their headers -----------------------------------------------------------------


def test_a_second_header_row_is_named_as_such(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    later = [line.replace(",ap_", ",apx_").replace("ap_", "apx_", 1) for line in lines[1:]]
    path.write_text("\n".join(lines + [lines[0]] + later) + "\n", encoding="utf-8")  # cat march.csv april.csv
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert error.value.row == 7
    assert "second header row" in str(error.value)


# --- an outcome spelled another way -------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "meant"), [
    ("No Show", "noShow"), ("no_show", "noShow"), ("late-cancel", "lateCancel"), ("Canceled", "cancelled"),
    ("bogus", None),
])
def test_an_outcome_spelled_another_way_is_refused_with_the_spelling_meant(
    tmp_path: Path, records: list[HistoryRecord], cell: str, meant: str | None
) -> None:
    path, lines = small_csv(tmp_path, records)
    with_cell(lines, 2, "outcome", cell)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HistoryFileError) as error:
        load_history(path)
    assert (error.value.row, error.value.column) == (3, "outcome")
    assert ("did you mean" in str(error.value)) == (meant is not None)
    if meant:
        assert str(error.value).endswith(f"did you mean {meant!r}?"), str(error.value)


def test_a_stray_space_around_an_id_is_the_same_client(tmp_path: Path, records: list[HistoryRecord]) -> None:
    path, lines = small_csv(tmp_path, records)
    with_cell(lines, 1, "clientId", f" {records[0].client_id} ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [r.client_id for r in load_history(path)] == [r.client_id for r in records[:5]]
