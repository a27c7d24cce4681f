"""Two JSON-lines exports saved with a UTF-8 byte-order mark (PowerShell 5's ``Out-File -Encoding utf8``, Notepad)
and joined with ``cat``: the second's mark opens a line in the middle, which is read, not refused as CSV text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.history import HistoryFileError, load_history

BOM = "\ufeff"


def _line(record: HistoryRecord) -> str:
    return json.dumps(record.model_dump(mode="json", by_alias=True)) + "\n"


def test_joined_exports_with_a_bom_each_read_whole(records: list[HistoryRecord], tmp_path: Path) -> None:
    first, second = records[:30], records[30:60]
    joined = tmp_path / "joined.jsonl"
    text = BOM + "".join(map(_line, first)) + BOM + "".join(map(_line, second))
    joined.write_bytes(text.encode("utf-8"))
    assert [r.appointment_id for r in load_history(joined)] == [r.appointment_id for r in first + second]


def test_a_bom_before_a_blank_line_is_a_blank_line(records: list[HistoryRecord], tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    path.write_bytes((BOM + _line(records[0]) + BOM + "\n" + _line(records[1])).encode("utf-8"))
    assert len(load_history(path)) == 2


def test_csv_text_named_jsonl_is_still_told_so(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    path.write_bytes(f"{BOM}appointmentId,clientId\n{BOM}apt_1,cl_1\n".encode())
    with pytest.raises(HistoryFileError, match="CSV text, not JSON"):
        load_history(path)
