"""Delivery of the sandbox's webhooks: contract envelopes, HMAC-signed, sent in order, retried on failure.

Events are queued while a request is handled and sent by one background worker after the response has
gone out, so a slow or broken receiver never breaks the call that caused the event. ``drain()`` waits for
everything queued to be delivered (or given up on): tests and the demo call it to proceed deterministically.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import httpx

from spa_copilot.platform.signing import signed_headers

logger = logging.getLogger(__name__)

DeliveryStatus = Literal["pending", "delivered", "failed"]


@dataclass
class Delivery:
    """One webhook envelope and what happened when it was sent."""

    envelope: dict[str, Any]
    status: DeliveryStatus = "pending"
    attempts: int = 0
    response_status: int | None = None
    error: str | None = None
    history: list[int | str] = field(default_factory=list)

    @property
    def event_id(self) -> str:
        return str(self.envelope["id"])

    @property
    def type(self) -> str:
        return str(self.envelope["type"])

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON summary for ``GET /sandbox/state`` and tests."""
        return {
            "id": self.event_id,
            "type": self.type,
            "status": self.status,
            "attempts": self.attempts,
            "responseStatus": self.response_status,
            "error": self.error,
        }


class WebhookDispatcher:
    """Builds, signs and delivers the sandbox's webhook envelopes (a no-op sink when no URL is set)."""

    def __init__(
        self,
        url: str | None,
        secret: str | None,
        *,
        clock: Callable[[], datetime],
        transport: httpx.AsyncBaseTransport | None = None,
        retry_delays: Sequence[float] = (0.2, 1.0, 3.0),
        timeout_seconds: float = 10.0,
    ) -> None:
        self.url = url
        self.secret = secret
        self.retry_delays = tuple(retry_delays)
        self.timeout_seconds = timeout_seconds
        self._clock = clock
        self._transport = transport
        self._queue: deque[Delivery] = deque()
        self._worker: asyncio.Task[None] | None = None
        #: Every envelope the sandbox produced, delivered or not (even with no URL configured).
        self.events: list[dict[str, Any]] = []
        #: Every envelope queued for the URL, with its outcome.
        self.deliveries: list[Delivery] = []

    def emit(self, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
        """Record an event and queue it for delivery; sending starts with ``start()`` or ``drain()``."""
        envelope = {
            "id": f"evt_{uuid.uuid4().hex}",
            "type": event_type,
            "createdAt": self._clock().isoformat(),
            "data": data,
        }
        self.events.append(envelope)
        if self.url:
            delivery = Delivery(envelope)
            self.deliveries.append(delivery)
            self._queue.append(delivery)
        return envelope

    @property
    def pending(self) -> int:
        """How many envelopes wait for their first attempt."""
        return len(self._queue)

    def start(self) -> None:
        """Make sure the worker runs if anything is queued (called as a response's background task)."""
        if self._queue and self._running_worker() is None:
            self._worker = asyncio.get_running_loop().create_task(self._run(), name="sandbox-webhooks")

    async def kick(self) -> None:
        """``start()`` as a coroutine, for Starlette's ``BackgroundTask`` (which runs plain functions in a thread)."""
        self.start()

    async def drain(self) -> None:
        """Wait until every queued envelope was delivered or given up on."""
        while True:
            self.start()
            worker = self._running_worker()
            if worker is None:
                return
            await asyncio.shield(worker)

    def _running_worker(self) -> asyncio.Task[None] | None:
        """The worker task if it is alive in the current event loop (a test's old loop does not count)."""
        worker = self._worker
        if worker is None or worker.done() or worker.get_loop() is not asyncio.get_running_loop():
            return None
        return worker

    async def _run(self) -> None:
        while self._queue:  # re-checked after closing the client: an event may arrive meanwhile
            async with httpx.AsyncClient(transport=self._transport, timeout=self.timeout_seconds) as http:
                while self._queue:
                    await self._deliver(http, self._queue.popleft())

    async def _deliver(self, http: httpx.AsyncClient, delivery: Delivery) -> None:
        assert self.url is not None
        body = json.dumps(delivery.envelope, separators=(",", ":")).encode()
        for attempt, delay in enumerate((0.0, *self.retry_delays), start=1):
            if delay:
                await asyncio.sleep(delay)
            delivery.attempts = attempt
            headers = signed_headers(self.secret or "", int(self._clock().timestamp()), body)
            try:
                response = await http.post(self.url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                delivery.error = type(exc).__name__
                delivery.history.append(delivery.error)
            except Exception as exc:  # a receiver served in-process can raise anything; keep the worker alive
                logger.exception("webhook %s %s: the receiver raised", delivery.type, delivery.event_id)
                delivery.error = type(exc).__name__
                delivery.history.append(delivery.error)
            else:
                delivery.response_status = response.status_code
                delivery.history.append(response.status_code)
                if response.is_success:
                    delivery.status, delivery.error = "delivered", None
                    logger.info("webhook %s %s delivered (attempt %d)", delivery.type, delivery.event_id, attempt)
                    return
                delivery.error = f"HTTP {response.status_code}"
            logger.warning(
                "webhook %s %s attempt %d failed: %s", delivery.type, delivery.event_id, attempt, delivery.error
            )
        delivery.status = "failed"
        logger.error("webhook %s %s given up after %d attempts", delivery.type, delivery.event_id, delivery.attempts)
