"""s47 (probe47a MEDIUM): LangChain reads LANGSMITH_TRACING / LANGCHAIN_TRACING_V2 and LANGSMITH_API_KEY from the
process's environment. Set on the host (another LangChain app, a copied Docker env file), every model call of the
copilot, a guest's note included, was also posted to LangSmith: a third party no document names. Every model call
now runs with LangSmith tracing off, whatever the environment says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from langchain_core.tracers.langchain import wait_for_all_tracers
from langsmith import utils as langsmith_utils

from spa_copilot.sandbox.llm_stub import StubServer

NOTE = "Allergic to latex. Prefers firm pressure. Going through chemo since March."


@pytest.fixture
def sink() -> Iterator[tuple[str, list[bytes]]]:
    """A stand-in LangSmith endpoint keeping every body it is sent."""
    received: list[bytes] = []

    class Sink(BaseHTTPRequestHandler):
        def _any(self) -> None:
            received.append(self.rfile.read(int(self.headers.get("content-length") or 0)))
            self.send_response(200)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_POST = do_PATCH = _any

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()


@pytest.mark.parametrize("switch", ["LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"])
async def test_a_langsmith_variable_in_the_environment_sends_no_guest_note_out(
    llm_server: StubServer, make_concierge: Any, sink: tuple[str, list[bytes]],
    monkeypatch: pytest.MonkeyPatch, switch: str,
) -> None:
    endpoint, received = sink
    llm_server.stub.reset()
    for name, value in {switch: "true", "LANGSMITH_API_KEY": "lsv2-probe", "LANGSMITH_ENDPOINT": endpoint}.items():
        monkeypatch.setenv(name, value)
    langsmith_utils.get_env_var.cache_clear()  # langsmith keeps what it read of the environment
    assert langsmith_utils.tracing_is_enabled()  # the host asks for tracing
    try:
        ai = make_concierge(llm_server.base_url)
        profile = await ai.extract_profile(NOTE, today=date(2026, 12, 7))
        wait_for_all_tracers()  # whatever a tracer queued is sent by now
    finally:
        monkeypatch.undo()
        langsmith_utils.get_env_var.cache_clear()
    assert llm_server.stub.requests and "latex" in profile.values("allergies")  # the model was asked
    assert not [body for body in received if b"chemo" in body], "a model call's prompt reached LangSmith"
