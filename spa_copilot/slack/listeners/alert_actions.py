"""Conflict alert buttons: Acknowledge and Snooze 1h. Ack first; anyone on staff may click; the card updates in place.

An outage or a Slack error while handling the click gets the clicker a short note with an error id, not silence.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from spa_copilot.alerts import (
    ClickOutcome,
    acknowledge_alert,
    may_handle_alerts,
    snooze_alert,
)
from spa_copilot.copilot import Copilot
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.listeners.guard import guarded

logger = logging.getLogger(__name__)


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind the conflict alert buttons."""

    async def acknowledge_conflict_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await guarded(respond, _click(copilot, body, respond, acknowledge_alert), user_id=body["user"]["id"])

    async def snooze_conflict_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await guarded(respond, _click(copilot, body, respond, snooze_alert), user_id=body["user"]["id"])

    app.action(ids.ACK_CONFLICT)(acknowledge_conflict_callback)
    app.action(ids.SNOOZE_CONFLICT)(snooze_conflict_callback)


async def _click(copilot: Copilot, body: dict[str, Any], respond: AsyncRespond, handle: Any) -> None:
    user_id = body["user"]["id"]
    key = body["actions"][0].get("value", "")
    if not await may_handle_alerts(copilot, user_id):
        await respond(response_type="ephemeral", replace_original=False, **blocks.not_staff_message().to_kwargs())
        return
    outcome: ClickOutcome = await handle(copilot, key, user_id=user_id)
    if outcome.problem:
        await respond(response_type="ephemeral", replace_original=False, **outcome.problem.to_kwargs())
