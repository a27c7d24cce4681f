"""Fault injection for the sandbox spa's ``/v1`` API: latency, 5xx, 429 and timeouts, random or scripted.

Random faults are drawn from a seeded ``random.Random`` (one draw per request), so a run is reproducible.
Scripted faults are consumed first, one per request, and make tests deterministic::

    faults.fail_next(2, status=503)          # the next two requests answer 503, nothing happens
    faults.rate_limit_next(1, retry_after=1) # the next request answers 429 with ``Retry-After: 1``
    faults.timeout_next(1)                   # the next request sleeps ``timeout_seconds``, then 504
    faults.lose_response_next(1)             # the next request is processed, but its answer is a 502

``lose_response_next`` is the fault idempotency keys exist for: the write happened, the caller cannot know.
Faults never apply to the ``/sandbox`` admin endpoints.
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

FaultKind = Literal["error", "rate_limit", "timeout", "lost_response"]


class FaultConfig(BaseModel):
    """Random fault rates (each in [0, 1]) and latency; snake_case in Python, camelCase over HTTP."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    latency_ms: float = Field(default=0.0, ge=0)
    error_rate: float = Field(default=0.0, ge=0, le=1)
    error_status: int = Field(default=503, ge=500, le=599)
    rate_limit_rate: float = Field(default=0.0, ge=0, le=1)
    retry_after_seconds: int = Field(default=1, ge=0)
    timeout_rate: float = Field(default=0.0, ge=0, le=1)
    #: How long a "timeout" request hangs before answering 504: longer than any sane client timeout.
    timeout_seconds: float = Field(default=30.0, ge=0)
    seed: int | None = 0


@dataclass(frozen=True)
class Fault:
    """One fault to inject into one request."""

    kind: FaultKind
    status: int
    retry_after: int | None = None


class FaultInjector:
    """Decides, request by request, whether the sandbox misbehaves; changeable at runtime."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self.config = config or FaultConfig()
        self._rng = random.Random(self.config.seed)
        self._scripted: deque[Fault] = deque()
        #: How many faults were injected, by kind (tests and benchmarks read it).
        self.injected: dict[str, int] = {}

    def configure(self, config: FaultConfig) -> None:
        """Replace the random rates and latency (scripted faults already queued stay queued)."""
        if config.seed != self.config.seed:
            self._rng = random.Random(config.seed)
        self.config = config

    def fail_next(self, count: int = 1, *, status: int = 503) -> None:
        """The next ``count`` requests answer ``status`` (a 5xx) without doing anything."""
        self._script(count, Fault("error", status))

    def rate_limit_next(self, count: int = 1, *, retry_after: int = 1) -> None:
        """The next ``count`` requests answer 429 with ``Retry-After: retry_after``."""
        self._script(count, Fault("rate_limit", 429, retry_after))

    def timeout_next(self, count: int = 1) -> None:
        """The next ``count`` requests hang for ``timeout_seconds`` and then answer 504."""
        self._script(count, Fault("timeout", 504))

    def lose_response_next(self, count: int = 1, *, status: int = 502) -> None:
        """The next ``count`` requests are processed, but the caller gets ``status`` instead of the answer."""
        self._script(count, Fault("lost_response", status))

    def clear_scripted(self) -> None:
        """Forget every scripted fault not yet consumed."""
        self._scripted.clear()

    @property
    def scripted_pending(self) -> int:
        """How many scripted faults are still queued."""
        return len(self._scripted)

    async def delay(self) -> None:
        """Sleep the configured latency."""
        if self.config.latency_ms > 0:
            await asyncio.sleep(self.config.latency_ms / 1000)

    def next_fault(self) -> Fault | None:
        """The fault for this request, if any: a scripted one first, else one random draw."""
        fault = self._scripted.popleft() if self._scripted else self._draw()
        if fault is not None:
            self.injected[fault.kind] = self.injected.get(fault.kind, 0) + 1
        return fault

    def _draw(self) -> Fault | None:
        cfg = self.config
        if cfg.timeout_rate == cfg.error_rate == cfg.rate_limit_rate == 0:
            return None
        roll = self._rng.random()
        if roll < cfg.timeout_rate:
            return Fault("timeout", 504)
        roll -= cfg.timeout_rate
        if roll < cfg.error_rate:
            return Fault("error", cfg.error_status)
        roll -= cfg.error_rate
        if roll < cfg.rate_limit_rate:
            return Fault("rate_limit", 429, cfg.retry_after_seconds)
        return None

    def _script(self, count: int, fault: Fault) -> None:
        if count < 0:
            raise ValueError("count must be >= 0")
        self._scripted.extend([fault] * count)
