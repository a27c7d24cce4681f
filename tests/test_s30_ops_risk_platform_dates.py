"""The platform's reporting rows go through the pre-2000 check a history file's rows do: a record dated before
2000 (an empty date a gateway writes as 0001-01-01) is left out of training and evaluation and logged by id, as
the platform path leaves out a record that does not match the contract, and ``risk train`` counts it in the same
note; the copilot's scoring leaves it out of a client's past too. A history file's such row is still refused."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.cli import run_evaluate, run_train
from spa_copilot.risk.history import HistoryFileError, dated_records, load_history, write_history
from spa_copilot.risk.model import CARD_FILE, read_model
from spa_copilot.settings import Settings
from tests.test_risk_cli import END, opener
from tests.test_s25_history_outcome_spellings import SPELLED, GatewayHistory, _page

YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)


def _year_one(record: HistoryRecord, field: str, appointment_id: str) -> HistoryRecord:
    return record.model_copy(update={field: YEAR_ONE, "appointment_id": appointment_id})


def test_a_platform_record_dated_before_2000_is_left_out_logged_by_id_and_counted(
    records: list[HistoryRecord], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    early = [_year_one(records[0], "booked_at", "ap_year_one"), _year_one(records[1], "cancelled_at", "ap_cancel_one")]
    err = io.StringIO()
    caplog.set_level(logging.WARNING, logger="spa_copilot.risk.history")
    code = run_train(None, tmp_path, settings=Settings(), open_platform=opener(GatewayHistory(_page([*records, *early], SPELLED))),
                     now=END, stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
    assert (f"note: 2 of the platform's {len(records) + 2} history records did not match the contract or were dated "
            "before 2000, and were left out (their ids are in the log)") in err.getvalue()
    card = json.loads((tmp_path / CARD_FILE).read_text())
    assert card["rows"]["train"] + card["rows"]["test"] == len(records)
    logged = [record.getMessage() for record in caplog.records if record.name == "spa_copilot.risk.history"]
    assert any("ap_year_one" in line and "bookedAt is before 2000" in line for line in logged), logged
    assert any("ap_cancel_one" in line and "cancelledAt is before 2000" in line for line in logged), logged
    assert not any(str(records[0].client_id) in line for line in logged)


def test_evaluation_from_the_platform_leaves_them_out_too(records: list[HistoryRecord], tmp_path: Path) -> None:
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    assert run_train(None, tmp_path, settings=Settings(), open_platform=opener(GatewayHistory(_page(records, SPELLED))),
                     now=END, **quiet) == 0
    early = _year_one(records[-1], "booked_at", "ap_year_one")
    out = io.StringIO()
    code = run_evaluate(None, tmp_path, settings=Settings(), as_json=True, plot=None, now=END,
                        open_platform=opener(GatewayHistory(_page([*records, early], SPELLED))),
                        stdout=out, stderr=io.StringIO())
    clean = io.StringIO()
    run_evaluate(None, tmp_path, settings=Settings(), as_json=True, plot=None, now=END,
                 open_platform=opener(GatewayHistory(_page(records, SPELLED))), stdout=clean, stderr=io.StringIO())
    assert code == 0 and json.loads(out.getvalue())["rows"] == json.loads(clean.getvalue())["rows"]


def test_dated_records_keeps_the_listings_other_skips(records: list[HistoryRecord]) -> None:
    from spa_copilot.platform.protocol import Listing, skipped_ids

    listing = Listing([*records[:3], _year_one(records[3], "start_at", "ap_start_one")], skipped=["ap_odd"])
    kept = dated_records(listing)
    assert list(kept) == records[:3] and skipped_ids(kept) == ["ap_odd", "ap_start_one"]
    assert dated_records(records[:3]) == records[:3]


def test_scoring_leaves_a_year_one_record_out_of_the_clients_past(records: list[HistoryRecord]) -> None:
    from spa_copilot.domain import Appointment, Location, Service

    model = read_model(Settings().spa_model_dir)
    client = records[0].client_id
    now = END
    booking = Appointment.model_validate({
        "id": "ap_new", "clientId": client, "locationId": records[0].location_id, "status": "confirmed",
        "startAt": (now + timedelta(days=3)).isoformat(), "endAt": (now + timedelta(days=3, hours=1)).isoformat(),
        "createdAt": (now - timedelta(days=10)).isoformat(),
        "services": [{"id": "as_1", "serviceId": records[0].service_id, "staffId": None,
                      "startAt": (now + timedelta(days=3)).isoformat(), "endAt": (now + timedelta(days=3, hours=1)).isoformat()}],
    })
    services = [Service.model_validate({"id": records[0].service_id, "name": "Massage", "category": "massage",
                                        "durationMinutes": 60, "price": 100})]
    locations = [Location(id=records[0].location_id, name="Downtown", time_zone="Europe/Paris")]
    past = [r for r in records if r.client_id == client and r.start_at < now]
    odd = [r.model_copy(update={"booked_at": YEAR_ONE, "appointment_id": f"{r.appointment_id}_one", "outcome": "noShow"})
           for r in past]
    clean = model.score([booking], past, services, locations, now)["ap_new"].probability
    assert model.score([booking], past + odd, services, locations, now)["ap_new"].probability == clean


def test_a_history_files_row_dated_before_2000_is_still_refused(records: list[HistoryRecord], tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    write_history([records[0], _year_one(records[1], "booked_at", "ap_year_one")], path)
    with pytest.raises(HistoryFileError) as refused:
        load_history(path)
    assert refused.value.row == 2 and refused.value.column == "bookedAt"
