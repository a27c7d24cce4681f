"""A stand-in for the spa's Mangomint gateway, for tests that drive the real ``MangomintClient`` (and ``check``)
through it: each list path answers ``{"data": [...]}``, any other path an empty list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from spa_copilot.platform.mangomint import MangomintClient


def fake_gateway(lists: Mapping[str, Any], *, client: dict[str, Any] | None = None) -> MangomintClient:
    """A client of a gateway answering each path of ``lists`` (``"/v1/staff"``) with its items, or with the response
    given for it (a failure), and ``/v1/clients/…`` with ``client`` when there is one."""

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/v1/clients/") and client is not None:
            return httpx.Response(200, json=client)
        listed = lists.get(path)
        if isinstance(listed, httpx.Response):
            return listed
        return httpx.Response(200, json={"data": listed or []})

    return MangomintClient("http://gateway.test/v1", "k", http=httpx.AsyncClient(transport=httpx.MockTransport(answer)))
