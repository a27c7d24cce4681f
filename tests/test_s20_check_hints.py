"""``check``'s hints for a spa system that answers, but not as the copilot needs: over plain HTTP where
``MANGOMINT_API_URL`` says https:// (and the other way round), with a TLS certificate the copilot refuses, rate
limiting (429), or with nothing at the contract's path (404). Each is said as what it is, not as "nothing answers"
or "is it healthy". The TLS cases are real connections to local servers."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.preflight import Check, _spa_system, _spa_unavailable
from spa_copilot.settings import Settings

# A self-signed certificate for localhost and 127.0.0.1 (EC P-256, valid until 2126), made for these tests alone:
# `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=localhost
#  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -addext basicConstraints=critical,CA:TRUE`
CERT = """-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUAa07KfhcmHODl4YvxCtiL71wbvgwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNDEzNDgyM1oYDzIxMjYxMTEw
MTM0ODIzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASzyWKPJP+XDlPLqmwrRQyWkUFk8fiPsqGrTQfzwBi63QjgPa6qQCbJ
RguuXXdpVwraGRXNPpXAS+v0LU6ERXTfo28wbTAdBgNVHQ4EFgQUtoJA8M+pRN8Q
7A+cIulWrQunw58wHwYDVR0jBBgwFoAUtoJA8M+pRN8Q7A+cIulWrQunw58wGgYD
VR0RBBMwEYIJbG9jYWxob3N0hwR/AAABMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
zj0EAwIDRwAwRAIgalFTJ1VTAuTswJ6DhhX/HhI7NcSJQDz09xiX+Gp4T+YCICrL
bWJGDu/rre9lT5sL3U92MeTbSEBOGsMrsq80cYpk
-----END CERTIFICATE-----
"""
KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgN9k8nfZ7vMpSOqGR
jZGYteQXO6BEJ0rQ3NXdADbQ4VGhRANCAASzyWKPJP+XDlPLqmwrRQyWkUFk8fiP
sqGrTQfzwBi63QjgPa6qQCbJRguuXXdpVwraGRXNPpXAS+v0LU6ERXTf
-----END PRIVATE KEY-----
"""
ANSWER = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


PROXY_AUTH = (b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"office\"\r\n"
              b"Content-Length: 0\r\nConnection: close\r\n\r\n")


@contextlib.asynccontextmanager
async def local_server(tls: ssl.SSLContext | None = None, answer_with: bytes = ANSWER) -> AsyncIterator[int]:
    """A server on a free loopback port that answers whatever it is sent with a plain HTTP 503 (over TLS when
    given a context), as a gateway whose spa system is down would, or ``answer_with``; yields its port."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            await reader.read(4096)
            writer.write(answer_with)
            await writer.drain()
        writer.close()
        with contextlib.suppress(ConnectionError, ssl.SSLError):
            await writer.wait_closed()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=tls)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
def tls_server_context(tmp_path: Path) -> ssl.SSLContext:
    (tmp_path / "cert.pem").write_text(CERT)
    (tmp_path / "key.pem").write_text(KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    return context


async def checked(
    settings: Settings, url: str, answer: Callable[[httpx.Request], httpx.Response] | None = None, **client: Any
) -> Check:
    """check's line for the spa system at ``url``: over the network, or a gateway answering each request with
    ``answer``; the client retrying nothing unless ``client`` says otherwise."""
    http = httpx.AsyncClient(transport=httpx.MockTransport(answer)) if answer is not None else None
    try:
        async with MangomintClient(url, "k", **({"max_retries": 0} | client), http=http) as platform:
            _, check = await _spa_system(settings.model_copy(update={"mangomint_api_url": url}), platform)
    finally:
        if http is not None:
            await http.aclose()
    return check


async def spa_check(settings: Settings, url: str, **client: object) -> str:
    check = await checked(settings, url, **client)
    assert check.status == "failed", check
    return check.detail


async def test_https_to_a_plain_http_gateway_says_it_answers_but_not_with_tls(settings: Settings) -> None:
    async with local_server() as port:
        detail = await spa_check(settings, f"https://127.0.0.1:{port}/v1")
    assert "nothing answers" not in detail, detail
    assert "something answers there, but not with TLS" in detail, detail
    assert "should MANGOMINT_API_URL start with http:// rather than https://?" in detail, detail


async def test_http_to_a_tls_gateway_says_it_answers_but_gives_no_http_answer(
    settings: Settings, tls_server_context: ssl.SSLContext
) -> None:
    async with local_server(tls_server_context) as port:
        detail = await spa_check(settings, f"http://127.0.0.1:{port}/v1")
    assert "nothing answers" not in detail, detail
    assert "something answers there, but closed the connection without an HTTP answer" in detail, detail
    assert "https://" in detail, detail


async def test_a_self_signed_certificate_is_said_refused_and_ssl_cert_file_is_what_lets_it_in(
    settings: Settings, tls_server_context: ssl.SSLContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    async with local_server(tls_server_context) as port:
        url = f"https://127.0.0.1:{port}/v1"
        detail = await spa_check(settings, url)
        assert "nothing answers" not in detail, detail
        assert "its TLS certificate was refused (self" in detail and "signed certificate)" in detail, detail
        assert "SSL_CERT_FILE" in detail and "SSL_CERT_DIR" in detail, detail
        # what the hint says to do is what lets the copilot's own client in: the gateway's 503 is then reached
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
        trusted = await spa_check(settings, url)
    assert "the gateway answers, but with HTTP 503" in trusted, trusted
    assert "certificate" not in trusted, trusted


@pytest.mark.parametrize(("verify_message", "said"), [
    ("certificate has expired", "its TLS certificate was refused (certificate has expired): renew the gateway's "
                                "certificate"),
    ("Hostname mismatch, certificate is not valid for 'gw.spa.example'.",
     "its TLS certificate was refused (Hostname mismatch, certificate is not valid for 'gw.spa.example'.): the "
     "certificate is for another host name"),
    ("unable to get local issuer certificate", "its TLS certificate was refused (unable to get local issuer "
                                               "certificate): if the gateway's certificate is from a private CA"),
])
def test_each_certificate_refusal_says_what_to_fix(settings: Settings, verify_message: str, said: str) -> None:
    settings = settings.model_copy(update={"mangomint_api_url": "https://gw.spa.example/v1"})
    refused = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                              f"{verify_message} (_ssl.c:1006)")
    refused.verify_message = verify_message
    try:
        try:
            raise httpx.ConnectError(str(refused)) from refused
        except httpx.ConnectError as connect:
            raise PlatformUnavailable("GET /locations: ConnectError after 1 attempts") from connect
    except PlatformUnavailable as exc:
        detail = _spa_unavailable(exc, settings)
    assert said in detail, detail
    assert "nothing answers" not in detail, detail


async def test_a_rate_limiting_gateway_is_said_so_with_its_retry_after_and_what_to_do(settings: Settings) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    check = await checked(
        settings.model_copy(update={"poll_seconds": 30}), "http://gateway.test/v1",
        lambda request: httpx.Response(429, headers={"Retry-After": "3"}, json={"error": {"message": "slow down"}}),
        max_retries=2, sleep=sleep,
    )
    assert waits and set(waits) == {3}  # the client waited as asked, as run would; then check says why it gave up
    assert check.status == "failed"
    assert "is it healthy" not in check.detail, check.detail
    assert "the gateway answers, but is rate-limiting the copilot (HTTP 429; it asks to wait 3 s)" in check.detail
    assert "POLL_SECONDS (now 30 s;" in check.detail and "the gateway's limit" in check.detail, check.detail


async def test_a_rate_limit_without_retry_after_is_said_without_a_wait(settings: Settings) -> None:
    check = await checked(settings, "http://gateway.test/v1", lambda request: httpx.Response(429))
    assert "is rate-limiting the copilot (HTTP 429)" in check.detail, check.detail
    assert "asks to wait" not in check.detail


async def test_a_gateway_without_the_contract_at_that_path_says_where_it_asked(settings: Settings) -> None:
    asked: list[str] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(404, text="Not Found")

    check = await checked(settings, "https://gateway.test/", gateway)
    assert "https://gateway.test/v1/locations?limit=100" in asked, asked
    assert check.status == "failed"
    assert ("the gateway answers, but has no https://gateway.test/v1/locations (HTTP 404: Not Found): is "
            "MANGOMINT_API_URL the gateway's base address") in check.detail, check.detail


async def test_a_gateway_redirecting_to_https_says_the_address_to_set(settings: Settings) -> None:
    def gateway(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": str(request.url.copy_with(scheme="https"))})

    check = await checked(settings, "http://gateway.test/mangomint/v1", gateway)
    assert check.status == "failed"
    assert "PlatformRejected" not in check.detail, check.detail
    assert ("the gateway answers, but redirects to https://gateway.test/mangomint/v1/locations (HTTP 301), which "
            "the copilot does not follow: set MANGOMINT_API_URL to https://gateway.test/mangomint/v1") in check.detail


@pytest.mark.parametrize("scheme", ["https", "http"])
async def test_a_proxy_asking_for_a_password_is_named_with_what_to_set(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    async with local_server(answer_with=PROXY_AUTH) as port:
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv(f"{scheme.upper()}_PROXY", f"http://127.0.0.1:{port}")
        detail = await spa_check(settings, f"{scheme}://gateway.test/v1")
    assert "PlatformError" not in detail and "PlatformRejected" not in detail, detail
    assert "the proxy refused the connection (407 Proxy Authentication Required)" in detail, detail
    assert "=http://user:password@proxy:port" in detail and "NO_PROXY" in detail, detail


async def test_a_redirect_or_404_never_shows_a_user_and_password(settings: Settings) -> None:
    # the day's regression review: httpx's join keeps the address's user and password, and a Location may carry its own
    def gateway(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/old/"):
            return httpx.Response(301, headers={"Location": "https://it:s3cret@gateway.test/new/v1/locations?k=s3cret"})
        return httpx.Response(404, text="Not Found")

    for url in ("http://it:s3cret@gateway.test/old/v1", "https://it:s3cret@gateway.test/v1"):
        check = await checked(settings, url, gateway)
        assert check.status == "failed" and "s3cret" not in check.detail, check.detail
        assert "gateway.test" in check.detail
