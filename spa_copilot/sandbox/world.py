"""The whole embedded world in one process: sandbox spa + stand-in Slack + the real copilot wired between them.

Used by ``spa-copilot demo``, the scenario tests and the benchmarks. The copilot is built by the same
``build_copilot``/``build_bolt_app``/``create_http_app`` as in production; only the outside world is a stand-in:
the sandbox spa is reached through the real ``MangomintClient`` over ``httpx.ASGITransport`` and delivers its
signed webhooks to the copilot's ``/webhooks/mangomint``; Slack is the stand-in Web API on a loopback port, and
the ``SlackSender`` signs slash commands, clicks and events the way Slack does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from spa_copilot.copilot import Copilot, build_copilot
from spa_copilot.domain import SpaData, Staff, StaffRole
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.sandbox.slack_api import (
    STAND_IN_SLACK_TASK,
    SlackRecorder,
    create_slack_api,
    running_slack_api,
    slack_user_id_for_staff,
    slack_users_from_staff,
)
from spa_copilot.sandbox.slack_sender import SlackSender
from spa_copilot.sandbox.state import SandboxState
from spa_copilot.server import create_http_app
from spa_copilot.settings import Settings
from spa_copilot.slack.app import build_bolt_app
from spa_copilot.store import Store
from spa_copilot.world import EmbeddedSandbox, open_platform, start_sandbox

logger = logging.getLogger(__name__)

COPILOT_BASE_URL = "http://copilot.local"
WEBHOOK_URL = f"{COPILOT_BASE_URL}/webhooks/mangomint"
FRONT_DESK_USER = "U0FRONTDSK"


class _LateBoundApp:
    """An ASGI app whose target is set after construction (the sandbox needs a webhook route to the copilot,
    which is built from the sandbox's platform client)."""

    target: Starlette | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.target is not None, "the copilot app is not wired yet"
        await self.target(scope, receive, send)


@dataclass
class SandboxWorld:
    """Handles on every part of the embedded world."""

    settings: Settings
    sandbox: EmbeddedSandbox
    platform: MangomintClient
    slack: SlackRecorder
    copilot: Copilot
    bolt: AsyncApp
    http_app: Starlette
    http: httpx.AsyncClient
    sender: SlackSender

    @property
    def data(self) -> SpaData:
        return self.sandbox.data

    @property
    def spa(self) -> SandboxState:
        """The sandbox spa's live state (outbox, faults, admin actions)."""
        return self.sandbox.state

    @property
    def manager_id(self) -> str:
        return self.settings.spa_manager_ids[0]

    def slack_id(self, staff_id: str) -> str:
        """The stand-in Slack user id of a staff member."""
        return slack_user_id_for_staff(staff_id)

    async def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Call a sandbox admin endpoint (cancel, reply, outbox, faults)."""
        response = await self.sandbox.http.request(method, path, **kwargs)
        await self.spa.drain_webhooks()
        return response


#: How long, in all, a closing world waits for the copilot's work still in flight.
SETTLE_SECONDS = 5.0


async def _settle(before: set[asyncio.Task[Any]]) -> None:
    """Let what the copilot still does finish before the stand-ins stop: a Bolt listener runs on after its ack (a
    card updated, a reply posted), and one cut off by the stand-in Slack going away meets a refused connection and
    the Slack client's retry pause instead of its answer. The stand-in Slack's own server task never ends by itself
    and is not waited for; neither is anything that was running before the world started. Work still running after
    :data:`SETTLE_SECONDS` is named in a warning and left to whoever closes the loop."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_SECONDS
    while pending := {
        t for t in asyncio.all_tasks()
        if t is not asyncio.current_task() and t not in before and t.get_name() != STAND_IN_SLACK_TASK
    }:
        left = deadline - loop.time()
        if left <= 0:
            logger.warning(
                "the embedded world closes with work still running: %s",
                ", ".join(sorted(getattr(t.get_coro(), "__qualname__", t.get_name()) for t in pending)),
            )
            return
        await asyncio.wait(pending, timeout=left)


def stand_in_managers(staff: Sequence[Staff]) -> list[str]:
    """The stand-in Slack user ids of the sandbox spa's managers (who may approve texts)."""
    return [slack_user_id_for_staff(s.id) for s in staff if s.role == StaffRole.manager]


def stand_in_people(staff: Sequence[Staff]) -> list[dict[str, Any]]:
    """The stand-in Slack's people for a sandbox spa: each staff member (their email, so briefings find them) and a
    front-desk colleague who is no staff member (``FRONT_DESK_USER``)."""
    return slack_users_from_staff(staff) + [
        {"id": FRONT_DESK_USER, "name": "front.desk", "real_name": "Front Desk", "email": "desk@spa.example"}
    ]


@asynccontextmanager
async def sandbox_world(
    settings: Settings | None = None,
    *,
    data: SpaData | None = None,
    today: date | None = None,
    clock: Callable[[], datetime] | None = None,
    store: Store | None = None,
    ai: Any = None,
    **generator_options: int,
) -> AsyncIterator[SandboxWorld]:
    """Start the sandbox spa, the stand-in Slack and the copilot between them; tear everything down after."""
    settings = (settings or Settings()).model_copy(update={"mangomint_api_url": None})
    late = _LateBoundApp()
    sandbox = start_sandbox(
        settings,
        data=data,
        today=today,
        webhook_url=WEBHOOK_URL,
        webhook_transport=httpx.ASGITransport(app=late),
        clock=clock,
        **generator_options,
    )
    managers = stand_in_managers(sandbox.data.staff)
    if not settings.spa_manager_ids:
        settings = settings.model_copy(update={"spa_manager_ids": managers})
    slack_app = create_slack_api(bot_token=settings.slack_bot_token.get_secret_value(), users=stand_in_people(sandbox.data.staff))
    running = asyncio.all_tasks()  # the caller's own (a long-lived task of theirs is not this world's to wait for)
    try:
        async with running_slack_api(slack_app) as base_url:
            settings = settings.model_copy(update={"slack_api_url": base_url})
            async with open_platform(settings, sandbox=sandbox) as platform:
                copilot = build_copilot(
                    settings, platform=platform, store=store or Store.memory(), clock=clock, ai=ai
                )
                bolt = build_bolt_app(copilot)
                http_app = create_http_app(copilot, bolt)
                late.target = http_app
                async with httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=http_app), base_url=COPILOT_BASE_URL
                ) as http:
                    sender = SlackSender(
                        http,
                        signing_secret=settings.slack_signing_secret.get_secret_value(),
                        workspace=slack_app.state.slack,
                    )
                    try:
                        yield SandboxWorld(
                            settings, sandbox, platform, slack_app.state.slack, copilot, bolt, http_app, http, sender
                        )
                    finally:
                        await _settle(running)
    finally:
        await sandbox.http.aclose()
