"""What the spa system's client retries, and what ``check`` waits for.

A TLS handshake that cannot succeed (the gateway's certificate refused, no TLS at an https:// address) fails the
same way at every attempt: it is given up at once, not retried with backoff, but still as ``PlatformUnavailable``,
which every caller already treats as "try again later" (the poll reports it once and polls again, the outbox keeps
an approved text pending), never as a refusal that would drop work. A handshake cut off (a gateway restarting) is
still retried. ``check`` reports a 429 at once, as it does Slack's, instead of waiting out a long ``Retry-After``
past its 20 s, and waits a 5xx's ``Retry-After`` only briefly. The TLS cases are real connections to local servers
(``tests/test_s20_check_hints.py``'s)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import AsyncIterator

import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import by_name
from tests.test_s20_check_hints import local_server, tls_server_context  # noqa: F401 - a fixture used below


@pytest.fixture
def untrusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test certificate is not trusted: no SSL_CERT_FILE or SSL_CERT_DIR of the machine's lets it in."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


async def _read_locations(url: str) -> tuple[PlatformUnavailable, int, list[float]]:
    """``list_locations`` with the client's default four retries: the error, the attempts made, the waits."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with MangomintClient(url, "k", max_retries=4, backoff_base=0.01, sleep=sleep) as platform:
        with pytest.raises(PlatformUnavailable) as raised:
            await platform.list_locations()
        return raised.value, platform.request_count, waits


async def test_a_refused_certificate_is_given_up_at_once_still_as_an_outage(
    untrusted: None, tls_server_context: ssl.SSLContext, caplog: pytest.LogCaptureFixture  # noqa: F811 - its fixture
) -> None:
    caplog.set_level(logging.WARNING, logger="spa_copilot.platform.mangomint")
    async with local_server(tls_server_context) as port:
        error, attempts, waits = await _read_locations(f"https://127.0.0.1:{port}/v1")
    assert attempts == 1 and waits == [], (attempts, waits)  # four retries with backoff cannot mend a certificate
    assert "TLS certificate refused (self" in str(error) and "after 1 attempts" in str(error), error
    gave_up = [r.getMessage() for r in caplog.records if "gave up" in r.getMessage()]
    assert len(gave_up) == 1 and "not retried" in gave_up[0] and "spa-copilot check" in gave_up[0], gave_up
    assert not [r for r in caplog.records if "retry 1/4" in r.getMessage()]


async def test_https_to_a_plain_http_server_is_given_up_at_once(untrusted: None) -> None:
    async with local_server() as port:
        error, attempts, waits = await _read_locations(f"https://127.0.0.1:{port}/v1")
    assert attempts == 1 and waits == [], (attempts, waits)
    assert "no TLS there" in str(error), error


@contextlib.asynccontextmanager
async def hanging_up_server() -> AsyncIterator[int]:
    """A server that takes each connection and closes it at once, mid-handshake (a gateway restarting)."""

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_a_handshake_cut_off_is_still_retried(untrusted: None) -> None:
    # a guard on the line drawn above: only a handshake that cannot succeed is given up at once
    async with hanging_up_server() as port:
        error, attempts, waits = await _read_locations(f"https://127.0.0.1:{port}/v1")
    assert attempts == 5 and len(waits) == 4, (attempts, waits)
    assert "not retried" not in str(error) and "certificate" not in str(error), error


def _answer(status: str, retry_after: int) -> bytes:
    return (f"HTTP/1.1 {status}\r\nRetry-After: {retry_after}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ).encode()


async def _spa_line(world: SandboxWorld, url: str, **update: object) -> tuple[str, float]:
    """``spa-copilot check``'s spa system line as ``run_checks`` builds the client itself, and how long it took."""
    settings = world.settings.model_copy(update={"mangomint_api_url": url, **update})
    started = time.monotonic()
    checks = by_name(await run_checks(settings, slack=world.copilot.slack))
    return checks["spa system"].detail, time.monotonic() - started


async def test_check_reports_a_long_retry_after_at_once_not_as_no_answer(world: SandboxWorld) -> None:
    async with local_server(answer_with=_answer("429 Too Many Requests", 10)) as port:
        detail, took = await _spa_line(world, f"http://127.0.0.1:{port}/v1")
    assert "no answer within" not in detail, detail
    assert "is rate-limiting the copilot (HTTP 429; it asks to wait 10 s)" in detail, detail
    assert took < 10, took  # not one Retry-After waited out


async def test_check_waits_a_5xx_retry_after_only_briefly(world: SandboxWorld) -> None:
    async with local_server(answer_with=_answer("503 Service Unavailable", 10)) as port:
        detail, _ = await _spa_line(world, f"http://127.0.0.1:{port}/v1", mangomint_max_retries=2)
    assert "no answer within" not in detail, detail
    assert "the gateway answers, but with HTTP 503" in detail, detail
    assert "; it asks to wait 10 s)" in detail, detail  # a wait longer than check's is said, not waited
