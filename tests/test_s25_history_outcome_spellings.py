"""The reporting endpoint's outcomes read however a gateway spells them ("no_show", "Canceled"), as appointment
statuses are: skipped as "not the contract's shape", every no-show would have been left out of training. A history
FILE is still held to its schema's spelling (test_risk_history_probe); training from the platform says how many
records it left out."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

import httpx
import pytest

from spa_copilot.domain import HistoryRecord, Location
from spa_copilot.risk.cli import run_train
from spa_copilot.risk.model import CARD_FILE
from spa_copilot.settings import Settings
from tests.test_mangomint_client import Harness
from tests.test_risk_cli import END, opener

#: How a gateway might spell each outcome.
SPELLED = {"noShow": "no_show", "lateCancel": "Late Cancel", "cancelled": "canceled", "completed": "Completed"}


def _page(records: list[HistoryRecord], spell: dict[str, str], extra: list[dict[str, Any]] = ()) -> dict[str, Any]:
    rows = []
    for record in records:
        row = record.model_dump(mode="json", by_alias=True)
        row["outcome"] = spell.get(row["outcome"], row["outcome"])
        rows.append(row)
    return {"data": rows + list(extra), "nextCursor": None}


class GatewayHistory:
    """The real client's history read (httpx against a handler), with one location."""

    def __init__(self, page: dict[str, Any]) -> None:
        self.client = Harness(lambda request: httpx.Response(200, json=page)).client

    async def appointment_history(self, *, start: datetime, end: datetime) -> list[HistoryRecord]:
        return await self.client.appointment_history(start=start, end=end)

    async def list_locations(self) -> list[Location]:
        return [Location(id="loc_1", name="Downtown", time_zone="Europe/Paris")]


@pytest.mark.parametrize(("sent", "read"), [
    ("no_show", "noShow"), ("No Show", "noShow"), ("NOSHOW", "noShow"), ("late-cancel", "lateCancel"),
    ("Late Cancellation", "lateCancel"), ("Canceled", "cancelled"), ("complete", "completed"), ("noShow", "noShow"),
])
def test_an_outcome_spelled_another_way_is_the_contracts(records: list[HistoryRecord], sent: str, read: str) -> None:
    row = records[0].model_dump(mode="json", by_alias=True) | {"outcome": sent}
    assert HistoryRecord.model_validate(row).outcome == read


def test_an_outcome_the_contract_does_not_name_is_still_refused(records: list[HistoryRecord]) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        HistoryRecord.model_validate(records[0].model_dump(mode="json", by_alias=True) | {"outcome": "rescheduled"})


async def test_the_reporting_endpoint_keeps_every_no_show_spelled_no_show(records: list[HistoryRecord]) -> None:
    gateway = GatewayHistory(_page(records, SPELLED))
    read = await gateway.appointment_history(start=END.replace(year=END.year - 3), end=END)
    assert [r.outcome for r in read] == [r.outcome for r in records]
    assert sum(r.outcome == "noShow" for r in read) > 0


def test_training_from_the_platform_says_how_many_records_it_left_out(records: list[HistoryRecord], tmp_path) -> None:
    odd = records[0].model_dump(mode="json", by_alias=True) | {"appointmentId": "ap_odd", "outcome": "rescheduled"}
    err = io.StringIO()
    code = run_train(None, tmp_path, settings=Settings(), open_platform=opener(GatewayHistory(_page(records, SPELLED, [odd]))),
                     now=END, stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
    assert f"note: 1 of the platform's {len(records) + 1} history records did not match the contract" in err.getvalue()
    card = json.loads((tmp_path / CARD_FILE).read_text())
    assert card["rows"]["train"] + card["rows"]["test"] == len(records)


def test_training_from_a_whole_platform_history_says_nothing_was_left_out(records: list[HistoryRecord], tmp_path) -> None:
    err = io.StringIO()
    code = run_train(None, tmp_path, settings=Settings(), open_platform=opener(GatewayHistory(_page(records, {}))),
                     now=END, stdout=io.StringIO(), stderr=err)
    assert code == 0 and "left out" not in err.getvalue()
