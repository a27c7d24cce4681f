"""JSON-lines rows: one field under both its names, and a boolean price, are refused naming row and column (L2)."""

import json
from pathlib import Path

import pytest

from spa_copilot.risk.history import HistoryFileError, load_history

ROW = {
    "appointmentId": "a1",
    "clientId": "c1",
    "locationId": "l1",
    "bookedAt": "2026-01-01T10:00:00+01:00",
    "startAt": "2026-01-05T10:00:00+01:00",
    "serviceId": "s1",
    "outcome": "completed",
}


def _load(tmp_path: Path, *rows: dict) -> list:
    path = tmp_path / "h.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return load_history(path)


@pytest.mark.parametrize(
    ("camel", "snake", "value"),
    [("clientId", "client_id", "c2"), ("bookedAt", "booked_at", "2026-01-02T10:00:00+01:00")],
)
def test_a_field_under_both_names_is_refused(tmp_path: Path, camel: str, snake: str, value: object) -> None:
    with pytest.raises(HistoryFileError) as error:
        _load(tmp_path, ROW, ROW | {"appointmentId": "a2", snake: value})
    assert error.value.row == 2 and error.value.column == camel
    assert snake in str(error.value)


def test_one_spelling_per_field_still_reads(tmp_path: Path) -> None:
    snake_row = {
        "appointment_id": "a2",
        "client_id": "c2",
        "location_id": "l1",
        "booked_at": ROW["bookedAt"],
        "start_at": ROW["startAt"],
        "service_id": "s1",
        "outcome": "completed",
    }
    assert [r.client_id for r in _load(tmp_path, ROW, snake_row)] == ["c1", "c2"]


def test_a_boolean_price_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HistoryFileError) as error:
        _load(tmp_path, ROW | {"price": True})
    assert error.value.row == 1 and error.value.column == "price"
    assert _load(tmp_path, ROW | {"price": 1})[0].price == 1
