"""The appointment-history schema: read it from CSV or JSON-lines files, or derive it from a spa's appointments.

One row per past appointment, the same camelCase names as ``GET /v1/reports/appointments`` (docs/risk.md):

    appointmentId, clientId, locationId, bookedAt, startAt, serviceId, category, price, staffId, source,
    deposit, newClient, outcome (completed | noShow | lateCancel | cancelled), cancelledAt

Times are ISO-8601 with an offset. Empty CSV cells mean "not given" (the field's default). Loader errors name
the file, the row (for CSV the row a spreadsheet shows, the header being row 1; for JSON-lines the line) and the column.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import math
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, get_args

from pydantic import ValidationError

from spa_copilot.domain import (
    OUTCOME_SPELLINGS,
    Appointment,
    HistoryOutcome,
    HistoryRecord,
    Service,
    SpaData,
    letters_only,
)
from spa_copilot.platform.protocol import Listing, skipped_ids, skipped_updates

logger = logging.getLogger(__name__)

#: The file schema, in column order (CSV header / JSON-lines keys).
HISTORY_COLUMNS: tuple[str, ...] = (
    "appointmentId",
    "clientId",
    "locationId",
    "bookedAt",
    "startAt",
    "serviceId",
    "category",
    "price",
    "staffId",
    "source",
    "deposit",
    "newClient",
    "outcome",
    "cancelledAt",
)
REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {"appointmentId", "clientId", "locationId", "bookedAt", "startAt", "serviceId", "outcome"}
)
#: Keys a JSON-lines row may use: the schema's names and the same fields in snake_case (``appointment_id``).
_JSON_KEYS: frozenset[str] = frozenset(HISTORY_COLUMNS) | frozenset(HistoryRecord.model_fields)
_TIME_KEYS: frozenset[str] = frozenset({"bookedAt", "startAt", "cancelledAt", "booked_at", "start_at", "cancelled_at"})
#: Each time key's field in ``HistoryRecord``.
_TIME_FIELDS = {key: re.sub(r"([A-Z])", lambda m: "_" + m[1].lower(), key) for key in _TIME_KEYS}
#: A history file's times before this are refused (row and column named), not trained on.
EARLIEST_HISTORY_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
#: The byte-order marks of UTF-16 (Excel's "Unicode Text", PowerShell's default before version 6).
_UTF16_START = re.compile(rb"\xff\xfe|\xfe\xff")
#: The first bytes of a spreadsheet workbook: .xlsx/.ods (a zip) and the older .xls (OLE2).
_WORKBOOK_START = re.compile(rb"PK\x03\x04|\xd0\xcf\x11\xe0")
_SAVE_AS_CSV = "save it as CSV (Excel: File > Save As > 'CSV UTF-8 (Comma delimited)')"
#: A byte that is not UTF-8, as the ``surrogateescape`` decoder keeps it (U+DC80..U+DCFF).
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
#: How many rows apart ``load_history`` reports how far it is (a 100k-row file: a hundred reports).
PROGRESS_ROWS = 1000


class HistoryFileError(ValueError):
    """A history file that does not follow the schema; says where (row, column) and why."""

    def __init__(self, path: Path | str, row: int | None, column: str | None, problem: str) -> None:
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.row = row
        self.column = column
        self.problem = problem


def load_history(path: Path | str, *, progress: Callable[[float, str], None] | None = None) -> list[HistoryRecord]:
    """Read a history file: ``.csv`` or ``.jsonl``/``.ndjson`` (optionally ``.gz``); raises HistoryFileError.
    ``progress``: told every ``PROGRESS_ROWS`` rows the share of the file read and the rows so far (``1.0`` once
    every row is read), as training tells its own."""
    path = Path(path)
    if path.is_dir():  # said before the suffix: a folder named "history" is no unknown file type
        raise HistoryFileError(path, None, None, "a directory, not a file: give the history file itself")
    if not path.exists():
        raise HistoryFileError(path, None, None, "no such file")
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    kind = suffixes[-1] if suffixes else ""
    if kind in {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}:
        raise HistoryFileError(path, None, None, f"a spreadsheet, not a history file: {_SAVE_AS_CSV}")
    if kind not in {".csv", ".jsonl", ".ndjson"}:
        raise HistoryFileError(path, None, None, "unknown file type: expected .csv, .jsonl or .ndjson")
    try:
        with _open_text(path) as handle:
            rows = _csv_rows(path, handle) if kind == ".csv" else _jsonl_rows(path, handle)
            if progress is not None:
                rows = _reported(rows, handle, path, progress)
            return _unique([(row_number, _parse_row(path, row_number, row)) for row_number, row in rows], path)
    except OSError as error:
        raise HistoryFileError(path, None, None, f"cannot read: {error.strerror or error}") from error
    except (EOFError, zlib.error) as error:  # gzip's way of saying the download was cut short or damaged
        raise HistoryFileError(path, None, None, f"cannot read: the gzip data is truncated or damaged ({error})") from error


def parse_history_rows(rows: Iterable[Mapping[str, Any]], *, source: str = "<rows>") -> list[HistoryRecord]:
    """Validate already-decoded rows (e.g. a report's JSON ``data``); errors name the row (1-based) and column."""
    return [_parse_row(source, number, dict(row)) for number, row in enumerate(rows, start=1)]


def write_history(records: Sequence[HistoryRecord], path: Path | str) -> None:
    """Write records as CSV or JSON-lines, chosen by the file's suffix (the inverse of ``load_history``)."""
    path = Path(path)
    rows = [record.to_json_dict() for record in records]
    if path.suffix.lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(HISTORY_COLUMNS))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _csv_cell(row.get(k)) for k in HISTORY_COLUMNS})
    else:
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, separators=(",", ":")) + "\n")


def history_from_appointments(data: SpaData, *, until: datetime | None = None) -> list[HistoryRecord]:
    """History rows of a spa's appointments that started before ``until``, oldest start first.

    ``until`` defaults to the latest ``createdAt`` in the data (when the snapshot was taken): an appointment
    still to come is left out even if already cancelled, so the history is not biased towards cancellations.
    Reuses the sandbox's derivation (``SandboxState.history``) so the model trains on exactly what
    ``GET /v1/reports/appointments`` serves: outcome from the status and ``cancellation.lateCancel``,
    ``bookedAt`` = ``createdAt``, new client = the client's first appointment, category and price from the
    first service line.
    """
    from spa_copilot.sandbox.state import SandboxState  # imported here: only sandbox users need it

    created = [a.created_at for a in data.appointments if a.created_at is not None]
    until = until or (max(created) if created else None)
    if until is None:
        return []
    start = min(a.start_at for a in data.appointments)
    return SandboxState(data).history(start=start, end=until)


def service_summary(appointment: Appointment, services: Mapping[str, Service]) -> tuple[str, str, float, str | None]:
    """(service id, category, price, staff id) of an appointment's first service line, as in the history."""
    if not appointment.services:
        return "", "", 0.0, None
    first = appointment.services[0]
    service = services.get(first.service_id)
    if service is None:
        return first.service_id, "", 0.0, first.staff_id
    return first.service_id, service.category, float(service.price), first.staff_id


def _open_text(path: Path) -> IO[str]:
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8", PowerShell) is dropped before the csv or json parser
    # sees it, so a quoted first header name or a JSON-lines file written on Windows reads like any other.
    # surrogateescape: a byte that is not UTF-8 (a Windows-1252 export's "é") is kept as a marker, so the error
    # names its row and column (``_not_utf8``) instead of failing somewhere in an 8 KB read.
    # Compressed or not is read from the file's first bytes, not its name: a browser may save "history.csv.gz"
    # as "history.csv" with the bytes still gzipped, or decompress it and keep the ".gz".
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    opened = gzip.open(path, "rb") if gzipped else path.open("rb")
    try:
        head = opened.peek(1024)[:1024]
        if _WORKBOOK_START.match(head):  # a workbook renamed .csv: its zip bytes would read as "UTF-16"
            raise HistoryFileError(path, None, None, f"a spreadsheet workbook, not CSV text: {_SAVE_AS_CSV}")
        if _UTF16_START.match(head) or b"\x00" in head:
            problem = "the file is UTF-16 text (Excel's 'Unicode Text'): save it as UTF-8 (Excel: 'CSV UTF-8')"
            raise HistoryFileError(path, None, None, problem)
        return io.TextIOWrapper(opened, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except BaseException:
        opened.close()
        raise


def _reported(
    rows: Iterator[tuple[int, dict[str, Any]]], handle: IO[str], path: Path, progress: Callable[[float, str], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``rows``, telling ``progress`` how far into the file they are: the bytes read of its size on disk (of a
    gzipped file, the compressed bytes), every ``PROGRESS_ROWS`` rows, and 1.0 after the last."""
    read = getattr(handle, "buffer", None)
    read = getattr(read, "fileobj", read)  # a gzip file's own: how far into the compressed bytes
    size = max(path.stat().st_size, 1)
    count = 0
    for count, numbered in enumerate(rows, start=1):
        if count % PROGRESS_ROWS == 0 and read is not None:
            progress(min(read.tell() / size, 0.99), f"{count:,} rows")
        yield numbered
    progress(1.0, f"{count:,} rows")


def _not_utf8(path: Path, row: int | None, cells: Mapping[str, Any]) -> HistoryFileError | None:
    """The error for the first cell holding a byte that is not UTF-8, or None."""
    for column, value in cells.items():
        if isinstance(value, str) and (bad := _NOT_UTF8.search(value)):
            byte = ord(bad.group()) - 0xDC00
            problem = f"not UTF-8 text (byte 0x{byte:02x}): save the file as UTF-8 (Excel: 'CSV UTF-8')"
            return HistoryFileError(path, row, column, problem)
    return None


def _csv_rows(path: Path, handle: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise HistoryFileError(path, None, None, "empty file: expected a header row")
    header = [name.strip().lstrip("\ufeff") for name in header]
    while header and not header[-1]:  # a spreadsheet's blank columns after the last named one
        header.pop()
    if _NOT_UTF8.search("".join(header)):
        raise HistoryFileError(path, None, None, "the header row is not UTF-8 text: save the file as UTF-8")
    if header and header[0].startswith(("{", "[")):
        raise HistoryFileError(path, None, None, "JSON text, not CSV: a JSON-lines history is named .jsonl")
    if (twice := _named_twice(header)) is not None:
        name, first, second = twice
        problem = f"named twice in the header (columns {first} and {second}): keep one"
        raise HistoryFileError(path, None, name, problem)
    if (misnamed := _misnamed(header, set(HISTORY_COLUMNS))) is not None:
        raise HistoryFileError(path, None, misnamed[0], f"should be named {misnamed[1]!r} (column names are case-sensitive)")
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        separator = next((name for sep, name in _SEPARATORS.items() if len(header) == 1 and sep in header[0]), None)
        if separator is not None:
            raise HistoryFileError(path, None, None, f"the header is separated by {separator}: save it comma-separated")
        if not set(header) & set(HISTORY_COLUMNS):  # a report's title line above the header, say
            found = ",".join(header)[:60]
            problem = f"no column of the schema in the first row, which should be the header ({', '.join(HISTORY_COLUMNS[:3])}, …): found {found!r}"
            raise HistoryFileError(path, 1, None, problem)
        raise HistoryFileError(path, None, missing[0], f"missing required column(s) {', '.join(missing)}")
    number = 1
    try:
        # rows numbered as a spreadsheet shows them (the header is row 1, blank rows count), which is also the
        # line in a text editor unless a quoted cell spans lines: "row 7" is where the user looks
        for number, cells in enumerate(reader, start=2):
            text = "".join(cells)
            if not text.strip():  # blank, or ",,,," (a spreadsheet's emptied rows)
                continue
            if len(cells) > len(header) and not "".join(cells[len(header) :]).strip():
                cells = cells[: len(header)]  # empty cells past the header's last column (",," on every row)
            if [cell.strip().lstrip("\ufeff") for cell in cells[: len(header)]] == header:
                raise HistoryFileError(path, number, None, "a second header row (two files joined?): remove it")
            if len(cells) != len(header):
                raise HistoryFileError(path, number, None, f"expected {len(header)} cells, found {len(cells)}")
            row = dict(zip(header, cells, strict=True))  # empty cells are dropped by _parse_row
            if _NOT_UTF8.search(text) and (error := _not_utf8(path, number, row)):
                raise error
            yield number, row
    except csv.Error as error:  # e.g. an unmatched '"' swallowing the rest of a large file into one cell
        problem = f"not readable as CSV ({error}; an unmatched double quote on this row?)"
        raise HistoryFileError(path, number + 1, None, problem) from None


def _jsonl_rows(path: Path, handle: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(handle, start=1):
        # a byte-order mark at a line's start: files saved with one (PowerShell 5, Notepad) joined with `cat`, the
        # second's mark then opening a line, as a CSV's second header does
        line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            row = json.loads(line, object_pairs_hook=_object_once)
        except json.JSONDecodeError as error:  # msg "Invalid control character at" expects its position
            if not line.lstrip().startswith(("{", "[")) and "appointmentId" in line:
                raise HistoryFileError(path, number, None, "CSV text, not JSON: a CSV history is named .csv") from None
            cut = "; the line ends early" if error.pos >= len(line.rstrip("\r\n")) else ""
            problem = f"not valid JSON ({error.msg.removesuffix(' at')} at character {error.colno}{cut})"
            raise HistoryFileError(path, number, None, problem) from None
        except _KeyTwice as twice:
            raise HistoryFileError(path, number, twice.key, "given twice on this line: keep one") from None
        except RecursionError:
            raise HistoryFileError(path, number, None, "not valid JSON (nested deeper than any history row)") from None
        if not isinstance(row, dict):
            found = {list: "an array", str: "a string"}.get(type(row), "a number or literal")
            problem = f"expected a JSON object, found {found}: JSON-lines has one object per line"
            raise HistoryFileError(path, number, None, problem)
        if _NOT_UTF8.search(line) and (error := _not_utf8(path, number, row)):
            raise error
        if not row.keys() <= _JSON_KEYS and (misnamed := _misnamed(row, _JSON_KEYS)) is not None:
            raise HistoryFileError(path, number, misnamed[0], f"should be named {misnamed[1]!r} (keys are case-sensitive)")
        if (both := _both_spellings(row)) is not None:
            raise HistoryFileError(path, number, both[0], f"given twice on this line, also as {both[1]!r}, with another value: keep one")
        yield number, row


def _named_twice(header: Sequence[str]) -> tuple[str, int, int] | None:
    """(name, first column, second column), 1-based, of a header name given twice, or None.

    ``csv``'s rows become dicts, so without this the last copy would silently win (a column pasted again at the
    end of a spreadsheet holding something else). Empty names (a spreadsheet's blank columns) may repeat.
    """
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name and (first := seen.setdefault(name, index)) != index:
            return name, first, index
    return None


#: Each schema column's snake_case spelling, which a JSON-lines row may use instead (``clientId``: ``client_id``).
_SNAKE_SPELLINGS = {column: re.sub(r"([A-Z])", lambda m: "_" + m[1].lower(), column) for column in HISTORY_COLUMNS}


def _both_spellings(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """(schema name, snake_case name) of a field a JSON-lines row gives under both (``clientId`` and ``client_id``)
    with different values, or None: which pydantic would read with one copy silently winning."""
    given = ((column, snake) for column, snake in _SNAKE_SPELLINGS.items() if column in row and snake in row)
    return next(((column, snake) for column, snake in given if snake != column and _differ(row[column], row[snake])), None)


def _differ(one: Any, other: Any) -> bool:
    """Two copies of a field that say different things: both given (neither null nor empty) and not equal. An
    exporter writing one value under both names, or one beside an empty companion, is read as before."""
    return one not in (None, "") and other not in (None, "") and one != other


class _KeyTwice(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (``json`` would keep the last silently)."""
    row: dict[str, Any] = {}
    for key, value in pairs:
        if key in row:
            raise _KeyTwice(key)
        row[key] = value
    return row


def _unique(numbered: list[tuple[int, HistoryRecord]], path: Path) -> list[HistoryRecord]:
    """The records, refusing an appointment listed twice (a report with a row per service line, say).

    A repeated appointment would count twice in its client's past (two visits for one) and weigh twice in
    training and evaluation.
    """
    first_row: dict[str, int] = {}
    for number, record in numbered:
        seen = first_row.setdefault(record.appointment_id, number)
        if seen != number:
            problem = f"{record.appointment_id!r} is also on row {seen}: the history has one row per appointment"
            raise HistoryFileError(path, number, "appointmentId", problem)
    return [record for _, record in numbered]


def _misnamed(names: Iterable[str], known: set[str] | frozenset[str]) -> tuple[str, str] | None:
    """(given, schema name) for a name that is a schema column spelt another way ("Price", "client_id").

    Unknown columns are allowed, so without this a column the file does have but spells differently would be
    ignored silently (every price 0, no deposits) or reported as missing.
    """
    given = list(names)
    for name in (name for name in given if name not in known):
        key = _spelling(name)
        for column in HISTORY_COLUMNS:
            if _spelling(column) == key and column not in given:
                return name, column
    return None


def _spelling(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


#: The schema's outcomes as pydantic says them, for a file's outcome spelled another way.
_OUTCOMES_SAID = ", ".join(repr(outcome) for outcome in get_args(HistoryOutcome)[:-1]) + f" or {get_args(HistoryOutcome)[-1]!r}"

_ISO_HINT = "expected an ISO-8601 time with an offset, e.g. 2026-03-02T15:00:00+01:00 or 2026-03-02T14:00:00Z"


def _parse_row(path: Path | str, number: int, given: dict[str, Any]) -> HistoryRecord:
    # Spaces around a value are a spreadsheet's, not the data's: " cl_1" is the same client, "noShow " the same
    # outcome, " massage" the same category. A cell of only spaces, an empty cell and JSON's null all mean
    # "not given": the field's default, or "required, but empty" for a required one (never an id "").
    row = {key: value.strip() if isinstance(value, str) else value for key, value in given.items()}
    if "" in row.values() or None in row.values():
        row = {key: value for key, value in row.items() if value != "" and value is not None}
    for key in _TIME_KEYS.intersection(row):
        # pydantic would read a number as Unix seconds: an Excel date serial (46083.625) would become 1970.
        value = row[key]
        if (isinstance(value, int | float) and not isinstance(value, bool)) or (
            isinstance(value, str) and ":" not in value and _NUMBER.fullmatch(value)  # ":": any ISO time
        ):
            problem = f"{_ISO_HINT}, not a number (got {value!r})"
            raise HistoryFileError(path, number, key, problem)
    outcome = row.get("outcome")
    if isinstance(outcome, str) and (meant := OUTCOME_SPELLINGS.get(letters_only(outcome), outcome)) != outcome:
        # HistoryRecord reads a gateway's "no_show" as noShow; a file is held to its schema's spelling, and told it
        problem = f"Input should be {_OUTCOMES_SAID} (got {outcome!r}): did you mean {meant!r}?"
        raise HistoryFileError(path, number, "outcome", problem)
    try:
        record = HistoryRecord.model_validate(row)
    except ValidationError as error:
        first = error.errors()[0]
        column = ".".join(str(part) for part in first["loc"]) or None
        value = row.get(column) if column else None
        if first["type"] == "missing":  # pydantic's "Field required": say whether the cell is there, empty
            message = "required, but empty" if column in given else "required, but missing on this line"
            raise HistoryFileError(path, number, column, message) from None
        shown = f" (got {value!r})" if value is not None else ""
        hint = f": {_ISO_HINT}" if column in _TIME_KEYS else ""
        raise HistoryFileError(path, number, column, f"{first['msg']}{shown}{hint}") from None
    for key in sorted(_TIME_KEYS.intersection(row)):
        if _too_early(getattr(record, _TIME_FIELDS[key])):
            problem = (f"{row[key]!r} is before {EARLIEST_HISTORY_TIME.year}: no booking's time (an empty date "
                       "exported as year 1?); fix or remove the row")
            raise HistoryFileError(path, number, key, problem)
    if isinstance(row.get("price"), bool):  # JSON's true: pydantic reads it as 1, a $1 booking
        problem = f"expected a number, leaving the cell empty when unknown (got {row['price']!r})"
        raise HistoryFileError(path, number, "price", problem)
    if not math.isfinite(record.price):  # pydantic takes 'NaN' and 'inf' (and JSON's NaN) as numbers
        problem = f"expected a number, leaving the cell empty when unknown (got {row.get('price')!r})"
        raise HistoryFileError(path, number, "price", problem)
    if record.price < 0:  # a refund or discount line, not a booking's price
        problem = f"a price cannot be negative (got {row.get('price')!r}): is this a refund or discount row? give the service's price"
        raise HistoryFileError(path, number, "price", problem)
    return record


def _too_early(when: datetime | None) -> bool:
    """Whether a history time is before ``EARLIEST_HISTORY_TIME``: year 1 (an empty date some exports and gateways
    write as 0001-01-01) or a century typed wrong. A spa's booking history holds no such time, and a model would
    learn lead times of two thousand years from it."""
    return when is not None and when < EARLIEST_HISTORY_TIME


def too_early_column(record: HistoryRecord) -> str | None:
    """The first column (``bookedAt``, ``startAt``, ``cancelledAt``) of a record whose time is before
    ``EARLIEST_HISTORY_TIME``, or None: what a history file's row is refused for."""
    return next((column for column in ("bookedAt", "cancelledAt", "startAt")
                 if _too_early(getattr(record, _TIME_FIELDS[column]))), None)


def dated_records(records: Sequence[HistoryRecord]) -> Listing[HistoryRecord]:
    """The platform's history records without those a history file's row would be refused for (a time before
    ``EARLIEST_HISTORY_TIME``): left out and logged by id and column, never the time's neighbours, as the
    platform's client leaves out a record that does not match the contract; their ids join the listing's
    ``skipped``, so ``risk train`` counts them with those."""
    kept = Listing(records, skipped=skipped_ids(records), skipped_updates=skipped_updates(records))
    early = [(record, column) for record in records if (column := too_early_column(record)) is not None]
    if not early:
        return kept
    for record, column in early:
        logger.warning("left out history record %s: its %s is before %d (an empty date written as year 1?)",
                       record.appointment_id, column, EARLIEST_HISTORY_TIME.year)
    dropped = {id(record) for record, _ in early}
    kept[:] = [record for record in records if id(record) not in dropped]
    kept.skipped.extend(record.appointment_id for record, _ in early)
    return kept


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
