"""Modal submissions (``view_submission``): ack (with errors when the input is invalid), then act."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from spa_copilot.copilot import Copilot


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind every modal the copilot opens (none outside the fill workflow yet)."""
