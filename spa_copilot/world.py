"""The outside world the copilot talks to: the real Mangomint gateway from settings, or the embedded sandbox spa.

With ``MANGOMINT_API_URL`` unset, the sandbox spa is generated (``SANDBOX_SEED``) and served in-process;
the copilot still reaches it through the real HTTP client, over ``httpx.ASGITransport``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

import httpx
from starlette.applications import Starlette

from spa_copilot.domain import Location, SpaData
from spa_copilot.platform.mangomint import RETRY_AFTER_MAX_SECONDS, SANDBOX_BASE_URL, MangomintClient, build_platform
from spa_copilot.settings import Settings


@dataclass
class EmbeddedSandbox:
    """The sandbox spa running in this process: its data, its Starlette app, and an HTTP client to it."""

    data: SpaData
    app: Starlette
    http: httpx.AsyncClient

    @property
    def state(self):  # noqa: ANN201 - the sandbox's own state object
        return self.app.state.sandbox


def start_sandbox(
    settings: Settings,
    *,
    data: SpaData | None = None,
    today: date | None = None,
    webhook_url: str | None = None,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] | None = None,
    **generator_options: int,
) -> EmbeddedSandbox:
    """Generate (or take) a sandbox spa and serve it in-process.

    Without ``data`` or ``today``, the spa is generated at the current instant (``clock()`` if given, else the
    wall clock): each location's book on its own local today and tomorrow, no change stamped after that instant.
    With ``today``, every location is generated around that one date (the tests' fixed days)."""
    from spa_copilot.sandbox.generator import generate_spa
    from spa_copilot.sandbox.server import create_sandbox_app

    if data is not None:
        spa = data
    elif today is not None:
        spa = generate_spa(settings.sandbox_seed, today=today, **generator_options)
    else:
        now = clock() if clock is not None else datetime.now(UTC)
        spa = generate_spa(settings.sandbox_seed, now=now, **generator_options)
    app = create_sandbox_app(
        spa,
        api_key=settings.mangomint_api_key.get_secret_value(),
        webhook_url=webhook_url,
        webhook_secret=settings.mangomint_webhook_secret.get_secret_value() if webhook_url else None,
        webhook_transport=webhook_transport,
        clock=clock,
    )
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SANDBOX_BASE_URL)
    return EmbeddedSandbox(spa, app, http)


def default_day(settings: Settings, location: Location, *, now: datetime | None = None) -> date:
    """"Today" for a location: its own local date, with the sandbox spa as with a real one (``settings`` is
    not consulted; at 20:00 in Los Angeles the UTC date is already tomorrow, so it is never the UTC date)."""
    return (now or datetime.now(UTC)).astimezone(location.tz).date()


@asynccontextmanager
async def open_platform(
    settings: Settings,
    *,
    sandbox: EmbeddedSandbox | None = None,
    retry_rate_limits: bool = True,
    retry_after_max: float = RETRY_AFTER_MAX_SECONDS,
    clock: Callable[[], datetime] | None = None,
) -> AsyncIterator[MangomintClient]:
    """The platform client for these settings: the configured gateway, or the (given or new) embedded sandbox.
    ``retry_rate_limits`` and ``retry_after_max`` as ``MangomintClient`` takes them (``check`` waits out neither).
    ``clock``: the caller's (a command's ``cli._now``), which a new embedded sandbox is generated at and runs on,
    so its today is the caller's (``start_sandbox``); the wall clock without it."""
    owned = None
    options = {"retry_rate_limits": retry_rate_limits, "retry_after_max": retry_after_max}
    if settings.uses_sandbox:
        if sandbox is None:
            sandbox = owned = start_sandbox(settings, clock=clock)
        client = build_platform(settings, http=sandbox.http, **options)
    else:
        client = build_platform(settings, **options)
    try:
        yield client
    finally:
        await client.aclose()
        if owned is not None:
            await owned.http.aclose()
