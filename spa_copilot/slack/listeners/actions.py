"""Button clicks (``block_actions``): ack first; the work is done by the feature that owns the button."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from spa_copilot.copilot import Copilot
from spa_copilot.slack import ids
from spa_copilot.slack.listeners.events import publish_home

logger = logging.getLogger(__name__)


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind every button the copilot's messages carry."""

    async def home_refresh_callback(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await publish_home(copilot, body["user"]["id"])

    app.action(ids.HOME_REFRESH)(home_refresh_callback)
