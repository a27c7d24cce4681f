"""The two seams the AI layer writes to: a result cache and an audit sink (``spa_copilot.store.Store``
implements both), plus in-memory versions for tests and the CLI.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class LlmCache(Protocol):
    """Model results keyed by ``cache_key``; values are JSON strings."""

    def cache_get(self, key: str) -> str | None: ...

    def cache_put(self, key: str, value: str, *, task: str, model: str) -> None: ...


@runtime_checkable
class AuditSink(Protocol):
    """Where every AI result is recorded: who, what, which inputs (by hash), which engine."""

    def audit(
        self, *, actor: str, action: str, subject_id: str, details: dict[str, Any], engine: str | None = None
    ) -> None: ...


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def cache_key(*, task: str, prompt_version: str, model: str, inputs: Any) -> str:
    """sha256 of (task, prompt version, model, canonical JSON of the inputs)."""
    material = canonical_json({"task": task, "prompt": prompt_version, "model": model, "inputs": inputs})
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass
class MemoryCache:
    """An in-process ``LlmCache`` that counts hits and misses."""

    values: dict[str, str] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def cache_get(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def cache_put(self, key: str, value: str, *, task: str, model: str) -> None:
        self.values[key] = value


@dataclass
class MemoryAudit:
    """An in-process ``AuditSink`` that keeps every record."""

    records: list[dict[str, Any]] = field(default_factory=list)

    def audit(
        self, *, actor: str, action: str, subject_id: str, details: dict[str, Any], engine: str | None = None
    ) -> None:
        self.records.append(
            {"actor": actor, "action": action, "subject_id": subject_id, "details": details, "engine": engine}
        )
