"""``today --location Venice`` when the spa system lists Venice in a shape the copilot cannot read (a Windows time
zone name) says so, pointing at ``check``, instead of only "no location 'Venice'"."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from spa_copilot import cli, world
from spa_copilot.platform.mangomint import MangomintClient

LOCATIONS = [
    {"id": "loc_soho", "name": "Juniper & Salt SoHo", "timeZone": "America/New_York"},
    {"id": "loc_venice", "name": "Juniper & Salt Venice", "timeZone": "Pacific Standard Time"},
]


def test_a_location_it_cannot_read_is_named_when_asked_for(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": LOCATIONS if request.url.path == "/v1/locations" else []})

    @contextlib.asynccontextmanager
    async def gateway(settings: Any, **_: Any) -> AsyncIterator[MangomintClient]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with MangomintClient("http://gateway.test/v1", "k", http=http) as client:
            yield client
        await http.aclose()

    monkeypatch.setattr(world, "open_platform", gateway)
    assert cli.main(["today", "--location", "Venice"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spa-copilot: no location 'Venice'"), err
    assert "cannot read: loc_venice; spa-copilot check says why" in err and err.count("\n") == 1, err
