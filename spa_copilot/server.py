"""The HTTP face: ``/slack/events`` (Bolt), ``/webhooks/mangomint``, ``/healthz``; and ``spa-copilot run``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qs

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import Clock, SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spa_copilot.clock_watch import measured_gap, webhook_clock_note
from spa_copilot.copilot import Copilot, build_copilot
from spa_copilot.listen import bind_error_line, bind_http_socket
from spa_copilot.platform.errors import PlatformError, WebhookError
from spa_copilot.platform.webhooks import CONTRACT_EVENTS, parse_webhook, verify_webhook, webhook_dedupe_key
from spa_copilot.scheduler import ALL_LOCATIONS
from spa_copilot.settings import Settings
from spa_copilot.slack.app import ACKED_ON_ARRIVAL, UNREADABLE_ERRORS, log_unreadable, unreadable_status
from spa_copilot.store import Store, StoreError
from spa_copilot.store.single_user import DatabaseInUse, DatabaseUnlockable, hold_database

logger = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 1_000_000
#: A Slack request is read whole before its signature can be checked: past this, far above any request Slack sends
#: the app, the sender is refused (413) and the rest is never read.
MAX_SLACK_BYTES = 10_000_000
T = TypeVar("T")


#: How often at most a Slack request refused for its signature is said in the log (a wrong secret refuses them all).
SIGNATURE_WARNING_EVERY_SECONDS = 600


class _RefusedSlackSignatures:
    """Says in the log, at most every ``SIGNATURE_WARNING_EVERY_SECONDS``, that a request carrying Slack's signature
    headers was refused: with a wrong ``SLACK_SIGNING_SECRET`` (the app's Client Secret or Verification Token pasted
    instead) every ``/spa`` and click is answered 401, and nothing else would say why. A request without Slack's
    headers (a scanner) is not said."""

    def __init__(self) -> None:
        self._last: float | None = None

    def warn(self, headers: Mapping[str, str]) -> None:
        if not (headers.get("x-slack-signature") and headers.get("x-slack-request-timestamp")):
            return
        now = time.monotonic()
        if self._last is not None and now - self._last < SIGNATURE_WARNING_EVERY_SECONDS:
            return
        self._last = now
        logger.warning(
            "a Slack request was refused (401): its signature does not match SLACK_SIGNING_SECRET, or its timestamp "
            "is more than 5 minutes off this machine's clock. If every /spa command and button fails, set "
            "SLACK_SIGNING_SECRET to the Slack app's Signing Secret (Basic Information > App Credentials), not its "
            "Client Secret or Verification Token"
        )


def create_http_app(copilot: Copilot, bolt: AsyncApp, *, lifespan=None) -> Starlette:  # noqa: ANN001
    """The Starlette app serving Slack, the Mangomint webhooks and the health check."""
    slack_handler = AsyncSlackRequestHandler(bolt)
    secret = copilot.settings.slack_signing_secret.get_secret_value()
    verifier, later = SignatureVerifier(secret), SignatureVerifier(secret, clock=_BoltsLaterCheck())
    in_flight: set[asyncio.Task[object]] = set()
    webhooks_in_flight: dict[str, asyncio.Future[bool]] = {}  # by dedupe key, each with its outcome (True: done)
    burst = _Burst()
    refused = _RefusedSlackSignatures()

    async def slack_events(request: Request) -> Response:
        # Capped as the webhook's is: read whole, any body from anyone was kept in memory before it was found
        # unsigned (a 50 MB POST, 50 MB held; many at once, the process killed).
        body = await _read_capped(request, MAX_SLACK_BYTES)
        if body is None:
            return JSONResponse({"error": "payload too large"}, status_code=413)
        request = _with_body(request, body)
        if _is_ssl_check(request, body):
            # Slack checks the certificate of a slash command's URL with a bare ssl_check=1 POST: acknowledged,
            # nothing read or run (as Bolt does, before any signature check).
            return Response(status_code=200)
        # Every request Slack sends is signed. One that is not is refused here, before anything reads it: Bolt
        # would parse it first (a malformed JSON body became a 500 with a traceback) and, at INFO, log its body.
        try:
            headers = dict(request.headers)
            signed = verifier.is_valid_request(body, headers) and later.is_valid_request(body, headers)
        except (ValueError, TypeError, OverflowError):  # a timestamp header that is not a number, or one of 400 digits
            signed = False
        if not signed:
            refused.warn(request.headers)
            return JSONResponse({"error": "invalid request"}, status_code=401)
        try:
            if _is_slash_command(request, body):
                # Ack a verified slash command at once and let Bolt run it in the background: Bolt acks only after
                # its middleware chain and a 10 ms poll, which under a burst of commands would cost Slack's patience.
                bolt_request = AsyncBoltRequest(
                    body=body.decode(), query=request.url.query, headers=dict(request.headers),
                    context={ACKED_ON_ARRIVAL: True},  # so its log lines say what Slack was answered: this 200
                )
                burst.arrived()
                task = asyncio.create_task(_dispatch_after_burst(bolt, bolt_request, burst))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                return Response(status_code=200)
            return await slack_handler.handle(request)
        except UNREADABLE_ERRORS as exc:
            # Bolt could not read a signed body (not UTF-8, not JSON, nested too deeply, a payload of the wrong shape)
            # before it could answer itself; what it catches is answered by its error hook (slack/app.py) the same way.
            # Slack is told the request was bad (an event: taken, so not sent again), not that we broke; one line.
            status = unreadable_status(_json_or_none(body))
            log_unreadable(exc, status)
            if status == 200:
                return Response(status_code=200)
            return JSONResponse({"error": "unreadable request"}, status_code=400)

    async def mangomint_webhook(request: Request) -> Response:
        return await handle_webhook(copilot, request, webhooks_in_flight)

    async def healthz(request: Request) -> Response:
        """200 while the process runs (a liveness probe); the body says whether the calendar sync is failing, whether
        Slack served the copilot's last call (``slackOk``; ``slackFailing`` says what it met: a refused token, an
        outage), and whether the model answers (``modelAnswering``: null with no model set up, false during an
        outage)."""
        states = copilot.store.all_sync_states()
        failing = [s["location_id"] for s in states if s["failing_since"]]
        synced = [s for s in states if s["location_id"] != ALL_LOCATIONS and s.get("last_poll_at")]
        ai = copilot.ai
        answering = None if ai is None or getattr(ai, "model", None) is None else not ai.health.unavailable
        slack_failing = getattr(copilot.slack, "failing", None)  # WatchedWebClient: what the last call met
        return JSONResponse({
            "ok": True, "syncOk": not failing, "mode": str(copilot.settings.spa_mode), "syncFailing": failing,
            "locationsSynced": len(synced), "modelAnswering": answering,
            "slackOk": slack_failing is None, "slackFailing": slack_failing,
        })

    routes = [
        *_both_ways("/slack/events", slack_events, methods=["POST"]),
        *_both_ways("/webhooks/mangomint", mangomint_webhook, methods=["POST"]),
        *_both_ways("/healthz", healthz, methods=["GET"]),
    ]
    return without_slash_redirects(Starlette(routes=routes, lifespan=lifespan))


def _both_ways(path: str, endpoint: Any, *, methods: list[str]) -> list[Route]:
    """``path`` served as written and with a trailing slash (``/webhooks/mangomint/``), neither by a redirect:
    Starlette answered the other spelling with a 307 to it, which a sender that does not follow a POST's redirect
    (many webhook senders, a gateway) took for a failure, losing every webhook (guests' YES replies too), and whose
    ``Location`` repeated the URL's ``?key=`` secret."""
    return [Route(path, endpoint, methods=methods), Route(path + "/", endpoint, methods=methods)]


def without_slash_redirects(app: Starlette) -> Starlette:
    """``app`` never redirecting a path to its other spelling (with or without a trailing slash): every route is
    served both ways (``_both_ways``), and anything else is a 404, never a 307 whose ``Location`` carries the
    request's query (the webhook's ``?key=`` secret)."""
    app.router.redirect_slashes = False
    return app


#: An event type as a log line may show it: a word of letters, dots and underscores ("appointment.cancelled").
_PLAIN_TYPE = re.compile(r"[A-Za-z_.]{1,60}")


def _shown_key(key: str) -> str:
    """A webhook's dedupe key as a log line shows it: the sender's id, cut to 80 characters and quoted (a newline in
    it cannot forge a second line; probe44b L2)."""
    return repr(key[:80])


def _shown_type(event_type: str) -> str:
    """An event type as a log line shows it: a plain word as it is, anything else (digits, spaces, newlines: a phone
    number, a forged line) by its length only (probe44b L2)."""
    return event_type if _PLAIN_TYPE.fullmatch(event_type) else f"<{len(event_type)} characters>"


async def handle_webhook(
    copilot: Copilot, request: Request, in_flight: dict[str, asyncio.Future[bool]] | None = None
) -> Response:
    """Verify, parse, deduplicate and dispatch one webhook; 4xx for anything we cannot trust or read.

    ``in_flight``: the app's webhooks being processed, by dedupe key, each with its outcome to come (True: done).
    """
    body = await _read_capped(request, MAX_WEBHOOK_BYTES)
    if body is None:
        return JSONResponse({"ok": False, "error": "payload too large"}, status_code=413)
    try:
        verify_webhook(
            request.headers,
            body,
            request.query_params,
            secret=copilot.settings.mangomint_webhook_secret.get_secret_value(),
            now=copilot.now().timestamp(),
        )
        event = parse_webhook(body)
    except WebhookError as exc:  # one refused for its timestamp says how far off the clocks are (whose to set)
        note = webhook_clock_note(request.headers, copilot.now().timestamp(), measured_gap(copilot.platform))
        logger.warning("webhook refused (%s): %s%s", exc.status_code, exc, note)
        return JSONResponse({"ok": False, "error": str(exc)}, status_code=exc.status_code)
    key = webhook_dedupe_key(event)
    in_flight = {} if in_flight is None else in_flight
    running = in_flight.get(key)
    if running is not None:
        # A copy of an event still being processed (a sender that timed out redelivers): answer as that copy ends.
        # Acknowledging it at once lost the event when the first copy then failed, its 503 going to a sender that
        # had stopped listening and had the redelivery's 200.
        if await asyncio.shield(running):
            logger.info("duplicate webhook %s ignored", _shown_key(key))
            return JSONResponse({"ok": True, "duplicate": True})
        return JSONResponse({"ok": False, "error": "not processed, retry later"}, status_code=503)
    try:
        seen = copilot.store.event_seen(key)
    except sqlite3.Error as exc:  # a disk error, the store closed at shutdown: the sender retries, nothing is lost
        logger.warning("webhook %s not processed, state store error: %s", _shown_key(key), type(exc).__name__)
        return JSONResponse({"ok": False, "error": "state store unavailable, retry later"}, status_code=503)
    if seen:
        logger.info("duplicate webhook %s ignored", _shown_key(key))
        return JSONResponse({"ok": True, "duplicate": True})
    # Remembered once processed, not before: a process stopped mid-way (a deploy, a crash) leaves the event to the
    # sender's retry instead of taking that retry for a duplicate. Copies meanwhile wait on ``in_flight``.
    done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    in_flight[key] = done
    try:
        handled = await copilot.dispatch_webhook(event)
        # A ping nobody handles is not remembered: its id cannot make a later event of the gateway's a duplicate.
        if handled or event.type in CONTRACT_EVENTS:
            copilot.store.claim_event(key, source="mangomint")
        done.set_result(True)
    except PlatformError as exc:
        # The webhook is a hint; the poll re-reads the source of truth. Ask the sender to retry meanwhile.
        logger.warning("webhook %s not processed, platform error: %s", _shown_key(key), type(exc).__name__)
        return JSONResponse({"ok": False, "error": "platform unavailable, retry later"}, status_code=503)
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        logger.exception("error %s processing webhook %s", error_id, _shown_key(key))
        return JSONResponse({"ok": False, "error": "internal error", "errorId": error_id}, status_code=500)
    finally:
        del in_flight[key]
        if not done.done():  # failed, or cancelled (the server stopping): waiting copies ask for a retry too
            done.set_result(False)
    logger.info("webhook %s type=%s handled by %d", _shown_key(key), _shown_type(event.type), handled)
    return JSONResponse({"ok": True, "duplicate": False})




async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None once it is over ``limit`` bytes: an unauthenticated sender cannot make us buffer more."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _json_or_none(body: bytes) -> object:
    """``body`` read as JSON, or None when it is not (nor UTF-8, nor shallow enough to read)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _with_body(request: Request, body: bytes) -> Request:
    """``request`` again, its body (already read) given to whoever reads it next (Bolt's Starlette adapter)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


class RedactSecrets(logging.Filter):
    """uvicorn's access log prints each request's path with its query: the webhook's ``?key=`` secret is masked, its
    name written plainly or percent-encoded (``?%6Bey=``, which Starlette reads as ``key`` too)."""

    _KEY = re.compile(r"([?&](?:k|%6[bB])(?:e|%65)(?:y|%79)=)[^&\s]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._KEY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = self._KEY.sub(r"\1***", record.msg)
        return True


#: A command's work starts once no other command has arrived for this long, so a burst of commands is all
#: acknowledged before any of them starts its CPU-heavy part (they share one event loop)...
ACK_QUIET_SECONDS = 0.1
#: ... but never later than this after it arrived: Slack allows 3 s for the ack; the answer can wait a second.
ACK_MAX_WAIT_SECONDS = 1.0


class _Burst:
    """When the latest slash command arrived, on the event loop's clock."""

    def __init__(self) -> None:
        self.last = 0.0

    def arrived(self) -> None:
        self.last = asyncio.get_running_loop().time()

    async def quiet(self) -> None:
        """Return once no command has arrived for ``ACK_QUIET_SECONDS``, or ``ACK_MAX_WAIT_SECONDS`` from now."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ACK_MAX_WAIT_SECONDS
        while (now := loop.time()) < deadline and (wait := self.last + ACK_QUIET_SECONDS - now) > 0:
            await asyncio.sleep(min(wait, deadline - now))


class _BoltsLaterCheck(Clock):
    """The clock of Bolt's own signature check of a slash command, which runs up to ``ACK_MAX_WAIT_SECONDS`` after
    the ack (``_dispatch_after_burst``): a request signed so long ago (5 minutes) that Bolt would refuse it by then
    is refused at once (401), not acked and then dropped in silence."""

    def now(self) -> float:
        return time.time() + ACK_MAX_WAIT_SECONDS + 1.0


async def _dispatch_after_burst(bolt: AsyncApp, request: AsyncBoltRequest, burst: _Burst) -> None:
    await burst.quiet()
    try:
        await bolt.async_dispatch(request)
    except Exception:
        logger.exception("slash command dispatch failed")


def _is_ssl_check(request: Request, body: bytes) -> bool:
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return False
    fields = parse_qs(body.decode("utf-8", "replace"))
    return fields.get("ssl_check") == ["1"] and "command" not in fields and "payload" not in fields


def _is_slash_command(request: Request, body: bytes) -> bool:
    return request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded") and (
        b"&command=" in body or body.startswith(b"command=")
    )


class SocketModeRefused(Exception):
    """Slack refused ``SLACK_APP_TOKEN`` for Socket Mode, for good (trying again will not help)."""


class StopRequested(Exception):
    """A stop (Ctrl-C, SIGTERM) was asked for while the copilot was still starting."""


def socket_mode_refusal_line(failure: str) -> str:
    return (
        f"Slack refused SLACK_APP_TOKEN for Socket Mode ({failure}): set it to the app's app-level token "
        "(xapp-…, with connections:write; see README, 'Setting up the Slack app')"
    )


async def socket_mode_refusal(settings: Settings) -> str | None:
    """Why Slack refuses ``SLACK_APP_TOKEN`` for good (``invalid_auth``, ``not_allowed_token_type``, …), as one
    line, or None: it handed out a Socket Mode address, or it could not be asked just now. Nothing is connected."""
    from slack_sdk.web.async_client import AsyncWebClient

    assert settings.slack_app_token is not None
    client = AsyncWebClient(base_url=settings.slack_api_url, timeout=20)
    try:
        await _socket_mode_address(client, settings.slack_app_token.get_secret_value(), say=False)
    except SocketModeRefused as refused:
        return str(refused)
    return None


async def bot_token_refusal(settings: Settings) -> str | None:
    """Why Slack refuses ``SLACK_BOT_TOKEN`` for good (``auth.test``: ``invalid_auth``, ``token_revoked``, …), as
    one line, or None: Slack took it, or could not be asked just now (a warning: the copilot starts offline too,
    and its posts are retried)."""
    from slack_sdk.web.async_client import AsyncWebClient

    from spa_copilot.slack.errors import SLACK_FAILURES, is_temporary, slack_failure

    client = AsyncWebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url,
                            timeout=10)
    try:
        await client.auth_test()
    except SLACK_FAILURES as exc:
        if not is_temporary(exc):  # invalid_auth, token_revoked, …: trying again will not help
            token = settings.slack_bot_token.get_secret_value()
            quoted = " without the quote marks around it" if token[:1] in "\"'" or token[-1:] in "\"'" else ""
            return (f"Slack refused SLACK_BOT_TOKEN ({slack_failure(exc)}): set it to the app's Bot User OAuth Token"
                    f"{quoted} (xoxb-…, under OAuth & Permissions; see README, 'Setting up the Slack app')")
        logger.warning("Slack could not be asked whether it takes SLACK_BOT_TOKEN (%s); starting anyway",
                       slack_failure(exc))
    return None


#: How long ``run`` waits for the spa system's answer to its one question before it starts (as for Slack's).
SPA_KEY_CHECK_SECONDS = 10.0


async def spa_key_refusal(settings: Settings) -> str | None:
    """Why the spa system refuses ``MANGOMINT_API_KEY`` for good (``GET /v1/locations`` answered 401 or 403, or a
    key no HTTP header can carry), as one line, or None: it took the key, or could not be asked just now (out of
    reach, a 5xx or a 429, a timeout: a warning, and the copilot starts; its polls retry, and the ops channel and
    ``/healthz`` say the sync is failing). Asked once, without retries, at most ``SPA_KEY_CHECK_SECONDS`` a request.
    The embedded sandbox spa (no ``MANGOMINT_API_URL``) is not asked: it serves whatever key the copilot has."""
    if settings.uses_sandbox:
        return None
    from spa_copilot.platform.errors import PlatformAuthError
    from spa_copilot.platform.mangomint import build_platform
    from spa_copilot.preflight import retry_warnings_silenced

    once = settings.model_copy(update={
        "mangomint_max_retries": 0,
        "mangomint_timeout_seconds": min(settings.mangomint_timeout_seconds, SPA_KEY_CHECK_SECONDS),
    })
    key = settings.mangomint_api_key.get_secret_value().strip()
    try:
        with retry_warnings_silenced():  # its "gave up after 1 attempts" is said below, once, in this check's words
            async with build_platform(once) as platform:
                await platform.list_locations()
    except PlatformAuthError as exc:
        return spa_key_refusal_line(exc, key)
    except Exception as exc:  # out of reach, busy, not the contract's answer: what may pass, or polls will say
        logger.warning("the spa system could not be asked whether it takes MANGOMINT_API_KEY (%s: %s); starting anyway",
                       type(exc).__name__, _without_key(_one_line(str(exc)), key))
    return None


def spa_key_refusal_line(exc: Exception, key: str) -> str:
    """``the spa system refused MANGOMINT_API_KEY (HTTP 401): <what it said>; set it to …``; the key never shown."""
    status = getattr(exc, "status", None)
    said = _one_line(str(exc))
    said = said.split(f"HTTP {status}: ", 1)[-1] if status else said.split(": ", 1)[-1]  # not "GET /v1/locations: "
    said = _without_key(said, key)
    hint = ("set it to the partner gateway's API key for the copilot (see README, 'Configuration')" if status != 403
            else "the key lacks a permission the copilot needs: ask the gateway for one with the copilot's access "
                 "(see README, 'Configuration')")
    if status is None:  # refused before it was sent (a character no HTTP header can carry)
        return f"{said}: set it again as plain text (see README, 'Configuration')"
    return f"the spa system refused MANGOMINT_API_KEY (HTTP {status}): {said}; {hint}"


def _without_key(text: str, key: str) -> str:
    """``text`` with ``key`` wherever it stands as a whole token replaced by "…" (a server repeating the key back);
    a short key inside a longer word ("a" in "invalid") is left, so the words stay readable."""
    return re.sub(rf"(?<![\w-]){re.escape(key)}(?![\w-])", "…", text) if key else text


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _startup_refusal(settings: Settings, *, use_socket: bool) -> str | None:
    """The one line ``run`` stops on when Slack or the spa system refuses a credential for good: the bot token
    (against real Slack), the app-level one (Socket Mode), then ``MANGOMINT_API_KEY`` (a configured spa system)."""
    if settings.uses_real_slack and (refused := await bot_token_refusal(settings)):
        return refused
    if use_socket and (refused := await socket_mode_refusal(settings)):
        return refused
    return await spa_key_refusal(settings)


#: How long ``run`` waits at start for the model server's answer to ``check``'s question (``GET /models``).
MODEL_CHECK_SECONDS = 5.0


async def model_start_warning(settings: Settings) -> str | None:
    """Why the configured model may not draft, as one warning line for ``run``'s start, or None: it takes the key
    and lists ``LLM_MODEL``, or no model is configured (the offline engine drafts, as documented). Asked once, as
    ``check`` asks it (``GET /models``, no tokens spent), at most ``MODEL_CHECK_SECONDS``; whatever it answers or
    raises (a key no header can carry: rev50d), the copilot starts, drafting with the offline engine while the model
    does not answer."""
    if not settings.uses_llm:
        return None
    from spa_copilot.preflight import ask_model

    try:
        async with asyncio.timeout(MODEL_CHECK_SECONDS):
            check = await ask_model(settings, timeout_seconds=MODEL_CHECK_SECONDS)
    except TimeoutError:
        return _no_model_answer(settings)
    except Exception as exc:  # noqa: BLE001 - one line, never a failed start
        said = f"{settings.llm_model}: it could not be asked ({type(exc).__name__}); check LLM_API_KEY and LLM_BASE_URL"
    else:
        if check.status == "ok":
            return None
        if check.status == "warning":  # it answers: the drafts may well come from it
            return f"AI: {check.detail}; starting anyway"
        said = check.detail
    return f"AI: {said}; {_STARTING_OFFLINE}"


#: How a start-up model warning ends when the drafts will come from the offline engine.
_STARTING_OFFLINE = "starting anyway: drafts come from the offline engine while the model does not answer"


def _no_model_answer(settings: Settings) -> str:
    """The start-up warning for a model server that did not answer within ``MODEL_CHECK_SECONDS``."""
    return (f"AI: {settings.llm_model}: no answer within {MODEL_CHECK_SECONDS:g} s; is the model server running?; "
            f"{_STARTING_OFFLINE}")


def model_start_warning_within(settings: Settings, seconds: float = MODEL_CHECK_SECONDS + 1) -> str | None:
    """``model_start_warning`` on a thread of its own, waited for at most ``seconds``: a name lookup that hangs
    (a resolver out of reach) outlives the check's own timeout in its worker thread, and ``asyncio.run`` would wait
    for it (rev50d: 12-40 s). Not answered in time, the line says so and the thread is left to end by itself."""
    said: list[str | None] = []
    worker = threading.Thread(target=lambda: said.append(asyncio.run(model_start_warning(settings))),
                              name="model-start-check", daemon=True)
    worker.start()
    worker.join(seconds)
    return said[0] if said else _no_model_answer(settings)


class OneLineConnectRetries(logging.Filter):
    """Slack's WebSocket out of reach (a firewall that lets HTTPS through but not ``wss``) is one warning line per
    retry of the Socket Mode client, not its 50-line traceback every 10 s."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith("Failed to connect"):
            error = record.exc_info[1]
            record.msg = "Socket Mode: cannot reach Slack's WebSocket (%s: %s); retrying"
            record.args = (type(error).__name__, error)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True


async def connect_socket_mode(handler: Any) -> None:
    """Open the Socket Mode connection; :class:`SocketModeRefused` when Slack refuses the token for good (Bolt's
    own connect would retry that every 10 s for ever). A failure that may pass is left to Bolt's retries."""
    address = await _socket_mode_address(handler.client.web_client, handler.app_token)
    if address is not None:
        handler.client.wss_uri = address
    await handler.connect_async()


async def _socket_mode_address(web_client: Any, app_token: str, *, say: bool = True) -> str | None:
    """``apps.connections.open``: the Socket Mode address; None (logged when ``say``: the start's check leaves it to
    the connect right after, so it is said once) when Slack could not be asked just now (the connection, a rate
    limit, a 5xx), which the Socket Mode client retries on its own; :class:`SocketModeRefused` when Slack refuses the
    token for good."""
    from spa_copilot.slack.errors import SLACK_FAILURES, is_temporary, slack_failure

    try:
        return (await web_client.apps_connections_open(app_token=app_token))["url"]
    except SLACK_FAILURES as exc:
        if not is_temporary(exc):
            raise SocketModeRefused(socket_mode_refusal_line(slack_failure(exc))) from None
        if say:
            logger.warning("Socket Mode: Slack could not be asked just now (%s); connecting anyway", slack_failure(exc))
        return None


#: How often a startup step waiting on the outside world looks whether a stop was asked for.
STOP_POLL_SECONDS = 0.1


async def until_stop_requested(server: Any, step: Awaitable[T]) -> T:
    """``await step``, unless ``server.should_exit`` (uvicorn's signal handler sets it) becomes true first: then
    the step is cancelled and :class:`StopRequested` raised. uvicorn only looks at it once the app has started,
    so a startup step that never ends (Slack unreachable) would otherwise make Ctrl-C and SIGTERM do nothing."""
    task = asyncio.ensure_future(step)
    while not task.done():
        if server.should_exit:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise StopRequested
        await asyncio.wait({task}, timeout=STOP_POLL_SECONDS)
    return task.result()


#: How long a stop waits for the HTTP requests under way (a webhook, a slash command) before cutting them off; the
#: scheduler's jobs then get ``scheduler.STOP_GRACE_SECONDS``: both within systemd's 30 s (docs/deployment.md).
STOP_REQUESTS_SECONDS = 10


class StoppableServer(uvicorn.Server):
    """uvicorn's server, for which Ctrl-C and SIGTERM are the copilot's normal end: the stop is one line
    ("spa-copilot stopped", printed by :func:`run_server`) and exit code 0, not uvicorn's four lines and the
    signal raised again once it has shut down (a KeyboardInterrupt, exit 130; or death by SIGTERM)."""

    stop_signal: int | None = None
    #: Called once at the stop signal, before the requests under way are waited for (the scheduler's pause: no job
    #: starts while they finish, probe43e M); never raises into the signal handler.
    on_stop: Callable[[], None] | None = None

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.stop_signal = sig
        if self.on_stop is not None:
            try:
                self.on_stop()
            except Exception:
                logging.getLogger(__name__).exception("could not pause the scheduler at the stop")
            self.on_stop = None
        super().handle_exit(sig, frame)
        captured = getattr(self, "_captured_signals", None)  # raised again after shutdown since uvicorn 0.29
        if isinstance(captured, list):
            captured.clear()
        # "Shutting down", "Waiting for application shutdown." ... are not said; warnings and errors still are
        logging.getLogger("uvicorn.error").setLevel(logging.WARNING)


def _unlikely_slack_ids(settings: Settings) -> list[str]:
    """A warning for each of SPA_MANAGER_IDS and SPA_FRONT_DESK_IDS holding what is no Slack user id (an email, a
    name): `run` starts (Slack is asked about each only by `spa-copilot check`), but such an entry lets nobody in."""
    from spa_copilot.slack.roles import SLACK_USER_ID

    warnings = []
    for name, ids in (("SPA_MANAGER_IDS", settings.spa_manager_ids), ("SPA_FRONT_DESK_IDS", settings.spa_front_desk_ids)):
        if odd := [entry for entry in ids if not SLACK_USER_ID.match(entry)]:
            warnings.append(f"{name}: {', '.join(repr(entry) for entry in odd)} {'does' if len(odd) == 1 else 'do'} "
                            "not look like a Slack user id (U… or W…) and will match nobody; `spa-copilot check` asks "
                            "Slack about each")
    return warnings


def run_server(settings: Settings, *, host: str, port: int, socket_mode: bool = False, access_log: bool = False) -> int:
    """``spa-copilot run``: serve HTTP (and Socket Mode when asked or when ``SLACK_APP_TOKEN`` is set). uvicorn's line
    per request only with ``access_log`` (``-v``): a liveness probe's ``GET /healthz`` every few seconds drowned the log.

    The port is bound first and the state database taken next: if either cannot be (another copilot holds it),
    one line on stderr and exit code 2, and nothing else has happened (no platform read, no outbox re-drive, no
    Slack post).
    """
    from spa_copilot.slack.app import build_bolt_app
    from spa_copilot.world import open_platform

    # every reason not to start, each on its own line, so a first setup is not a round of one fix per try
    refusals: list[str] = []
    if unsafe := settings.public_defaults_in_use():
        refusals.append(
            f"{', '.join(unsafe)} still {'has' if len(unsafe) == 1 else 'have'} the public sandbox default; set "
            f"{'it' if len(unsafe) == 1 else 'them'} (see README, 'Setting up the Slack app')."
        )
    if settings.sandbox_spa_in_real_slack:
        # the embedded sandbox spa's made-up bookings would become conflict alerts and briefings in a real Slack
        refusals.append(
            "the spa system is not configured (MANGOMINT_API_URL is not set), and against a real Slack the copilot "
            "would post the embedded sandbox spa's made-up bookings; set MANGOMINT_API_URL, with MANGOMINT_API_KEY and "
            "a MANGOMINT_WEBHOOK_SECRET of your own (see README, 'Configuration'), or, to try it in a real Slack against "
            "the sandbox, run `spa-copilot sandbox serve --webhook-url http://THIS-HOST:PORT/webhooks/mangomint`, set "
            "MANGOMINT_API_URL to its address and the same MANGOMINT_WEBHOOK_SECRET for both."
        )
    for refusal in refusals:
        print(f"spa-copilot: refusing to start: {refusal}", file=sys.stderr)
    if refusals:
        return 2
    for warning in _unlikely_slack_ids(settings):
        logger.warning("%s", warning)
    if quoted := settings.quoted_secrets():  # a 401 for every request otherwise, and not a word why
        from spa_copilot.preflight import quoted_secrets_line

        logger.warning("%s", quoted_secrets_line(quoted))
    use_socket = socket_mode or settings.slack_app_token is not None
    if use_socket and settings.slack_app_token is None:
        print("spa-copilot: Socket Mode (--socket) needs SLACK_APP_TOKEN, the app's app-level token (xapp-…, with "
              "connections:write; see README, 'Setting up the Slack app')", file=sys.stderr)
        return 2
    try:
        listener = bind_http_socket(host, port)
    except OSError as exc:
        print(bind_error_line(host, port, exc), file=sys.stderr)
        return 2
    try:
        database = hold_database(settings.spa_db_path)
    except (DatabaseInUse, DatabaseUnlockable) as exc:
        listener.close()
        hint = "is another spa-copilot running?" if isinstance(exc, DatabaseInUse) else "point it at a file in a folder this user can write"
        print(f"spa-copilot: {exc} (SPA_DB_PATH): {hint}", file=sys.stderr)
        return 2
    try:
        # Slack refusing a token for good (a wrong or revoked token, a bot token for Socket Mode), or the spa system
        # refusing MANGOMINT_API_KEY (401/403), is said here, in one line, before anything has started: the copilot
        # would otherwise look healthy while every post failed or every poll was refused, or Bolt would retry the
        # app-level token every 10 s for ever, with a traceback each time.
        refused = asyncio.run(_startup_refusal(settings, use_socket=use_socket))
        if refused is None and (model_warning := model_start_warning_within(settings)):
            logger.warning("%s", model_warning)
    except BaseException:
        listener.close()
        database.release()
        raise
    if refused is not None:
        listener.close()
        database.release()
        print(f"spa-copilot: {refused}", file=sys.stderr)
        return 3
    try:  # opened and migrated before anything starts: a database it cannot use is one line, not a traceback
        store = Store.open(settings.spa_db_path)
    except StoreError as exc:
        listener.close()
        database.release()
        print(f"spa-copilot: {exc}", file=sys.stderr)
        return 2
    bound_port = listener.getsockname()[1]
    holder: dict[str, object] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_platform(settings) as platform:
            copilot = holder["copilot"] = build_copilot(settings, platform=platform, store=store)
            bolt = build_bolt_app(copilot)
            app.router.routes[:] = create_http_app(copilot, bolt).router.routes
            from spa_copilot.scheduler import finish_ops_report, start_scheduler, stop_scheduler

            scheduler = None
            socket_handler = None
            try:
                if use_socket:
                    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

                    socket_handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
                    socket_handler.client.logger.addFilter(OneLineConnectRetries())
                    # connected before the scheduler starts: nothing is polled or posted by a copilot Slack
                    # cannot reach; a stop asked for meanwhile (Ctrl-C, SIGTERM) is obeyed, not left waiting
                    await until_stop_requested(server, connect_socket_mode(socket_handler))
                scheduler = start_scheduler(copilot)
                if scheduler is not None:  # at the signal: no new job while the requests under way finish
                    server.on_stop = scheduler.pause
                logging.getLogger("uvicorn.error").info("spa-copilot serving on http://%s:%d", host, bound_port)
            except StopRequested:
                pass  # nothing more starts; uvicorn, asked to exit, goes straight to the shutdown below
            except SocketModeRefused as refused:  # revoked since the check before startup: one line, exit 3
                holder["refused"] = str(refused)
                server.should_exit = True
            try:
                yield
            finally:
                if scheduler is not None:
                    await stop_scheduler(scheduler)
                if socket_handler is not None:
                    await socket_handler.close_async()
                await finish_ops_report(copilot)  # before the store it writes to closes
                copilot.store.close()

    app = without_slash_redirects(Starlette(lifespan=lifespan))
    logging.getLogger("uvicorn.access").addFilter(RedactSecrets())
    # a request under way (a webhook waiting on a slow spa system) gets STOP_REQUESTS_SECONDS, the jobs after it
    # STOP_GRACE_SECONDS: the stop fits a supervisor's 30 s (probe43e M: 48 s, then a kill mid-draft)
    server = StoppableServer(uvicorn.Config(app, host=host, port=bound_port, log_level="info", access_log=access_log,
                                            timeout_graceful_shutdown=STOP_REQUESTS_SECONDS))
    try:
        server.run(sockets=[listener])
    finally:
        store.close()  # closed by the app's shutdown already, unless its startup failed first
        listener.close()
        database.release()
    if "refused" in holder:
        print(f"spa-copilot: {holder['refused']}", file=sys.stderr)
        return 3
    if server.stop_signal is not None and server.started:
        print("spa-copilot stopped", file=sys.stderr)  # Ctrl-C or SIGTERM: a clean stop
        return 0
    # the app's startup failed (the store, the platform, Socket Mode): not a clean stop, so a supervisor restarts it
    # (uvicorn.run exits 3 then; Server.run leaves it to its caller before uvicorn 0.53)
    return 0 if server.started else 3
