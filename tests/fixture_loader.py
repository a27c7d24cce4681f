"""Recorded payloads under ``tests/fixtures/``: one helper to load them, parsed or as raw bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    """The raw bytes of ``tests/fixtures/<name>`` (webhook bodies are verified byte for byte)."""
    return (FIXTURES / name).read_bytes()


def load_fixture(name: str) -> Any:
    """The parsed JSON of ``tests/fixtures/<name>``, e.g. ``load_fixture("mangomint/appointment.json")``."""
    return json.loads(fixture_bytes(name))
