"""The history schema: CSV and JSON-lines loading, errors that name row and column, the sandbox derivation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Cancellation,
    HistoryRecord,
    Location,
    Service,
    ServiceLine,
    SpaData,
)
from spa_copilot.risk.history import (
    HISTORY_COLUMNS,
    HistoryFileError,
    history_from_appointments,
    load_history,
    parse_history_rows,
    write_history,
)

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def record(n: int, **overrides: object) -> HistoryRecord:
    base: dict[str, object] = {
        "appointment_id": f"ap_{n}",
        "client_id": "cl_1",
        "location_id": "loc_1",
        "booked_at": START - timedelta(days=10 + n),
        "start_at": START + timedelta(days=n),
        "service_id": "sv_1",
        "category": "massage",
        "price": 120.0,
        "staff_id": "st_1",
        "source": "online",
        "deposit": n % 2 == 0,
        "new_client": n == 0,
        "outcome": "completed",
    }
    return HistoryRecord(**(base | overrides))


def csv_text(*rows: str, header: str = ",".join(HISTORY_COLUMNS)) -> str:
    return "\n".join((header, *rows)) + "\n"


GOOD_ROW = "ap_1,cl_1,loc_1,2026-02-20T10:00:00+00:00,2026-03-02T15:00:00+00:00,sv_1,massage,120,st_1,online,true,false,completed,"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_write_then_load_round_trips(tmp_path: Path, suffix: str) -> None:
    records = [
        record(0),
        record(1, outcome="lateCancel", cancelled_at=START + timedelta(hours=20)),
        record(2, outcome="noShow", staff_id=None),
    ]
    path = tmp_path / f"history{suffix}"
    write_history(records, path)
    assert load_history(path) == records


def test_csv_empty_cells_take_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(csv_text("ap_1,cl_1,loc_1,2026-02-20T10:00:00+00:00,2026-03-02T15:00:00+00:00,sv_1,,,,,,,noShow,"))
    (loaded,) = load_history(path)
    assert (loaded.category, loaded.price, loaded.staff_id, loaded.source, loaded.deposit) == ("", 0.0, None, "unknown", False)
    assert loaded.outcome == "noShow" and loaded.cancelled_at is None


def test_csv_bad_outcome_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(csv_text(GOOD_ROW, GOOD_ROW.replace("completed", "vanished")))
    with pytest.raises(HistoryFileError) as caught:
        load_history(path)
    # rows as a spreadsheet or an editor numbers them: the header is row 1, the bad row is row 3
    assert (caught.value.row, caught.value.column) == (3, "outcome")
    assert "row 3, column 'outcome'" in str(caught.value) and "vanished" in str(caught.value)


def test_csv_time_without_offset_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(csv_text(GOOD_ROW.replace("2026-02-20T10:00:00+00:00", "2026-02-20T10:00:00")))
    with pytest.raises(HistoryFileError) as caught:
        load_history(path)
    assert (caught.value.row, caught.value.column) == (2, "bookedAt")
    assert "e.g. 2026-03-02T15:00:00+01:00" in str(caught.value)  # what is expected, not only what is wrong


def test_csv_missing_required_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    header = ",".join(c for c in HISTORY_COLUMNS if c != "startAt")
    path.write_text(header + "\n")
    with pytest.raises(HistoryFileError, match="missing required column.*startAt") as caught:
        load_history(path)
    assert caught.value.column == "startAt"


def test_csv_row_with_wrong_cell_count_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(csv_text(GOOD_ROW, "ap_2,cl_1"))
    with pytest.raises(HistoryFileError, match="row 3") as caught:
        load_history(path)
    assert caught.value.row == 3


def test_jsonl_errors_name_the_line_and_key(tmp_path: Path) -> None:
    good = json.dumps(record(0).to_json_dict())
    bad_price = json.dumps(record(1).to_json_dict() | {"price": "cheap"})
    path = tmp_path / "h.jsonl"
    path.write_text(f"{good}\n\n{bad_price}\n")
    with pytest.raises(HistoryFileError) as caught:
        load_history(path)
    assert (caught.value.row, caught.value.column) == (3, "price")

    path.write_text(f"{good}\n{{not json\n")
    with pytest.raises(HistoryFileError, match="row 2: not valid JSON"):
        load_history(path)


def test_missing_key_and_unknown_suffix_are_reported(tmp_path: Path) -> None:
    row = record(0).to_json_dict()
    del row["clientId"]
    with pytest.raises(HistoryFileError) as caught:
        parse_history_rows([record(1).to_json_dict(), row])
    assert (caught.value.row, caught.value.column) == (2, "clientId")
    (tmp_path / "history.txt").write_text("")
    with pytest.raises(HistoryFileError, match="unknown file type"):
        load_history(tmp_path / "history.txt")
    with pytest.raises(HistoryFileError, match="absent.csv: no such file"):
        load_history(tmp_path / "absent.csv")


def test_history_from_appointments_derives_outcomes_and_new_clients() -> None:
    services = [Service(id="sv_1", name="Massage", category="massage", duration_minutes=60, price=150.0)]

    def appt(id: str, start: datetime, status: AppointmentStatus, **extra: object) -> Appointment:
        line = ServiceLine(id=f"sl_{id}", service_id="sv_1", staff_id="st_1", start_at=start, end_at=start + timedelta(hours=1))
        return Appointment(
            id=id, location_id="loc_1", client_id="cl_1", status=status, start_at=start,
            end_at=start + timedelta(hours=1), services=[line], created_at=start - timedelta(days=7),
            source="online", **extra,
        )

    late = Cancellation(cancelled_at=START + timedelta(days=2, hours=-3), late_cancel=True)
    data = SpaData(
        locations=[Location(id="loc_1", name="Downtown", time_zone="America/New_York")],
        staff=[], resources=[], services=services, clients=[],
        appointments=[
            appt("ap_b", START + timedelta(days=1), AppointmentStatus.no_show),
            appt("ap_a", START, AppointmentStatus.completed, deposit_paid=True),
            appt("ap_c", START + timedelta(days=2), AppointmentStatus.cancelled, cancellation=late),
            appt("ap_d", START + timedelta(days=30), AppointmentStatus.confirmed),
        ],
    )
    rows = history_from_appointments(data)
    assert [(r.appointment_id, r.outcome, r.new_client) for r in rows] == [
        ("ap_a", "completed", True),
        ("ap_b", "noShow", False),
        ("ap_c", "lateCancel", False),
    ]
    assert rows[0].booked_at == START - timedelta(days=7) and rows[0].deposit and rows[0].price == 150.0
    assert rows[2].cancelled_at == late.cancelled_at and rows[0].category == "massage"


def test_history_from_appointments_stops_at_until() -> None:
    services = [Service(id="sv_1", name="Massage", category="massage", duration_minutes=60, price=150.0)]
    future = START + timedelta(days=10)
    cancelled = Appointment(
        id="ap_future", location_id="loc_1", client_id="cl_1", status=AppointmentStatus.cancelled,
        start_at=future, end_at=future + timedelta(hours=1), created_at=START - timedelta(days=1),
        cancellation=Cancellation(cancelled_at=START, late_cancel=False),
    )
    past = cancelled.model_copy(update={"id": "ap_past", "start_at": START - timedelta(days=2),
                                        "end_at": START - timedelta(hours=47), "created_at": START - timedelta(days=3)})
    data = SpaData(locations=[], staff=[], resources=[], services=services, clients=[], appointments=[cancelled, past])
    # Already cancelled but still to come at the snapshot (latest createdAt): not history yet.
    assert [r.appointment_id for r in history_from_appointments(data)] == ["ap_past"]
    assert [r.appointment_id for r in history_from_appointments(data, until=future + timedelta(hours=1))] == [
        "ap_past", "ap_future"
    ]


def test_a_byte_order_mark_is_ignored_before_a_quoted_header_and_in_json_lines(tmp_path: Path) -> None:
    quoted_header = ",".join(f'"{name}"' for name in HISTORY_COLUMNS)
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + csv_text(GOOD_ROW, header=quoted_header)).encode("utf-8"))
    (loaded,) = load_history(path)
    assert loaded.appointment_id == "ap_1" and loaded.outcome == "completed"

    path = tmp_path / "windows.jsonl"
    path.write_bytes(("\ufeff" + json.dumps(record(0).to_json_dict()) + "\r\n").encode("utf-8"))
    assert load_history(path) == [record(0)]


def test_a_file_that_is_not_utf8_names_the_row_and_column(tmp_path: Path) -> None:
    # Excel's plain "CSV" on Windows writes Windows-1252: 'é' is the single byte 0xe9.
    rows = [GOOD_ROW] * 3 + [GOOD_ROW.replace("massage", "soin visage")] * 200 + [GOOD_ROW.replace("massage", "massagé")]
    path = tmp_path / "cp1252.csv"
    path.write_bytes(csv_text(*rows).encode("cp1252"))
    with pytest.raises(HistoryFileError) as caught:
        load_history(path)
    assert (caught.value.row, caught.value.column) == (205, "category")
    assert "not UTF-8" in str(caught.value) and "0xe9" in str(caught.value)

    path = tmp_path / "cp1252.jsonl"
    line = json.dumps(record(0).to_json_dict() | {"category": "massagé"}, ensure_ascii=False)
    path.write_bytes((json.dumps(record(1).to_json_dict()) + "\n" + line + "\n").encode("cp1252"))
    with pytest.raises(HistoryFileError) as caught:
        load_history(path)
    assert (caught.value.row, caught.value.column) == (2, "category")


def test_gzip_is_recognised_by_its_bytes_and_a_cut_short_download_is_reported(tmp_path: Path) -> None:
    import gzip

    text = csv_text(*[GOOD_ROW.replace("ap_1", f"ap_{i}") for i in range(2000)])
    saved_without_suffix = tmp_path / "history.csv"  # a browser kept the gzip bytes but dropped ".gz"
    saved_without_suffix.write_bytes(gzip.compress(text.encode()))
    assert len(load_history(saved_without_suffix)) == 2000
    decompressed_with_suffix = tmp_path / "export.csv.gz"  # or decompressed it and kept the name
    decompressed_with_suffix.write_text(text)
    assert len(load_history(decompressed_with_suffix)) == 2000

    cut = tmp_path / "cut.csv.gz"
    whole = gzip.compress(text.encode())
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(HistoryFileError, match="cut.csv.gz: cannot read: the gzip data is truncated"):
        load_history(cut)


def test_csv_rows_with_only_empty_cells_are_skipped_like_blank_lines(tmp_path: Path) -> None:
    # Spreadsheets export rows that were cleared (or only formatted) as a run of commas; editors leave spaces.
    empty_cells = "," * (len(HISTORY_COLUMNS) - 1)
    path = tmp_path / "h.csv"
    path.write_text(csv_text(GOOD_ROW, empty_cells, "  ", GOOD_ROW.replace("ap_1", "ap_2"), empty_cells, ",,"))
    assert [r.appointment_id for r in load_history(path)] == ["ap_1", "ap_2"]
    path.write_text(csv_text(GOOD_ROW, empty_cells, GOOD_ROW.replace("completed", "vanished")))
    with pytest.raises(HistoryFileError, match="row 4, column 'outcome'"):  # row numbers still count them
        load_history(path)


def test_a_schema_column_spelt_another_way_is_named_not_ignored(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    # Unknown columns are allowed, so 'Price' and 'Deposit' would otherwise be dropped: every price 0, no deposits.
    path.write_text(csv_text(GOOD_ROW, header=",".join(HISTORY_COLUMNS).replace("price", "Price").replace("deposit", "Deposit")))
    with pytest.raises(HistoryFileError, match="column 'Price': should be named 'price'") as caught:
        load_history(path)
    assert caught.value.row is None
    path.write_text(csv_text(GOOD_ROW, header=",".join(HISTORY_COLUMNS).upper()))
    with pytest.raises(HistoryFileError, match="column 'APPOINTMENTID': should be named 'appointmentId'"):
        load_history(path)

    path = tmp_path / "h.jsonl"
    good = record(0).to_json_dict()
    path.write_text(json.dumps(good) + "\n" + json.dumps({k.replace("newClient", "NewClient"): v for k, v in good.items()}) + "\n")
    with pytest.raises(HistoryFileError, match="row 2, column 'NewClient': should be named 'newClient'"):
        load_history(path)
    snake = {"appointment_id" if k == "appointmentId" else k: v for k, v in good.items()}  # the model's own names
    path.write_text(json.dumps(snake) + "\n")
    assert load_history(path) == [record(0)]


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_separated_by_something_else_says_so(tmp_path: Path, separator: str, name: str) -> None:
    path = tmp_path / "h.csv"
    path.write_text(csv_text(GOOD_ROW.replace(",", separator), header=separator.join(HISTORY_COLUMNS)))
    with pytest.raises(HistoryFileError, match=f"h.csv: the header is separated by {name}: save it comma-separated"):
        load_history(path)


@pytest.mark.parametrize("number", ["46083.625", "46083", "1772463600"])
def test_a_time_given_as_a_number_is_refused_not_read_as_1970(tmp_path: Path, number: str) -> None:
    # An Excel date serial (or a Unix time) would otherwise be read as seconds since 1970, silently.
    path = tmp_path / "h.csv"
    path.write_text(csv_text(GOOD_ROW, GOOD_ROW.replace("2026-03-02T15:00:00+00:00", number)))
    with pytest.raises(HistoryFileError, match="ISO-8601 time with an offset") as caught:
        load_history(path)
    assert (caught.value.row, caught.value.column) == (3, "startAt") and number in str(caught.value)

    row = record(0).to_json_dict() | {"bookedAt": float(number)}
    with pytest.raises(HistoryFileError, match="not a number") as caught:
        parse_history_rows([row])
    assert (caught.value.row, caught.value.column) == (1, "bookedAt")


def test_jsonl_null_means_not_given_like_an_empty_csv_cell(tmp_path: Path) -> None:
    nulls = {"category": None, "price": None, "staffId": None, "source": None, "deposit": None, "newClient": None}
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps(record(0).to_json_dict() | nulls) + "\n")
    (loaded,) = load_history(path)
    assert (loaded.category, loaded.price, loaded.staff_id, loaded.source, loaded.deposit, loaded.new_client) == (
        "", 0.0, None, "unknown", False, False
    )
    path.write_text(json.dumps(record(0).to_json_dict() | {"outcome": None}) + "\n")
    with pytest.raises(HistoryFileError, match="row 1, column 'outcome': required, but empty"):
        load_history(path)


def test_an_appointment_listed_twice_names_both_rows(tmp_path: Path) -> None:
    # e.g. a report with one row per service line: the client would seem to have visited twice.
    path = tmp_path / "h.csv"
    second = GOOD_ROW.replace("ap_1", "ap_2")
    path.write_text(csv_text(GOOD_ROW, second, "", second.replace(",sv_1,", ",sv_2,")))
    with pytest.raises(HistoryFileError, match="'ap_2' is also on row 3") as caught:
        load_history(path)
    assert (caught.value.row, caught.value.column) == (5, "appointmentId")


def test_an_unmatched_quote_in_a_large_file_names_the_row(tmp_path: Path) -> None:
    # The quote opens a cell that runs to the end of the file, past the csv module's field size limit.
    rows = [GOOD_ROW.replace("ap_1", f"ap_{i}") for i in range(2000)]
    rows[6] = rows[6].replace(",online,", ',"online,')
    path = tmp_path / "h.csv"
    path.write_text(csv_text(*rows))
    with pytest.raises(HistoryFileError, match="not readable as CSV.*unmatched double quote") as caught:
        load_history(path)
    assert caught.value.row == 8  # the header is row 1
