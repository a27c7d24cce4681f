"""s42 (probe42 L): JSON nested deeper than Python's recursion limit ("[" five thousand times) raised RecursionError,
which no reader of a body caught: the sandbox spa answered a write with a 500 and a traceback, the copilot's client
let it out of ``_decode`` (not a platform error: the poll's outage handling did not know it), and ``risk evaluate``
stopped on a history line of it with a traceback. Each now reads it as any other unreadable body."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from spa_copilot.platform.errors import PlatformProtocolError, PlatformRejected
from spa_copilot.risk.history import HistoryFileError, load_history
from spa_copilot.sandbox.world import SandboxWorld
from tests.gateway_fake import fake_gateway

NESTED = b"[" * 5000


async def test_the_sandbox_spa_answers_a_write_nested_too_deep_with_its_400(world: SandboxWorld) -> None:
    response = await world.sandbox.http.post(
        "/v1/appointments", content=NESTED,
        headers={"Authorization": "Bearer sandbox-key", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.text


async def test_the_copilots_client_reads_an_answer_nested_too_deep_as_not_the_contracts() -> None:
    gateway = fake_gateway({"/v1/staff": httpx.Response(200, content=NESTED)})
    with pytest.raises(PlatformProtocolError, match="not JSON"):
        await gateway.list_staff()


async def test_a_refusal_nested_too_deep_is_still_said_as_a_refusal() -> None:
    gateway = fake_gateway({"/v1/staff": httpx.Response(422, content=NESTED)})
    with pytest.raises(PlatformRejected):
        await gateway.list_staff()


def test_a_history_line_nested_too_deep_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    path.write_bytes(NESTED + b"\n")
    with pytest.raises(HistoryFileError, match=r"row 1: not valid JSON \(nested"):
        load_history(path)
