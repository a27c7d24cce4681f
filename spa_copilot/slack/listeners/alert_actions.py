"""Conflict alert buttons: Acknowledge and Snooze 1h on a card, Acknowledge all on a burst summary. Ack first; anyone
on staff may click; the card (or summary) updates in place.

An outage or a Slack error while handling the click gets the clicker a short note with an error id, not silence.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from spa_copilot.alerts import (
    ClickOutcome,
    acknowledge_alert,
    acknowledge_summary,
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

    async def acknowledge_summary_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await guarded(respond, _summary_click(copilot, body, respond), user_id=body["user"]["id"])

    app.action(ids.ACK_CONFLICT)(acknowledge_conflict_callback)
    app.action(ids.SNOOZE_CONFLICT)(snooze_conflict_callback)
    app.action(ids.ACK_CONFLICT_SUMMARY)(acknowledge_summary_callback)


async def _click(copilot: Copilot, body: dict[str, Any], respond: AsyncRespond, handle: Any) -> None:
    user_id = body["user"]["id"]
    key = body["actions"][0].get("value", "")
    if not await may_handle_alerts(copilot, user_id):
        await respond(response_type="ephemeral", replace_original=False, **blocks.not_staff_message().to_kwargs())
        return
    outcome: ClickOutcome = await handle(copilot, key, user_id=user_id)
    if outcome.problem:
        await respond(response_type="ephemeral", replace_original=False, **outcome.problem.to_kwargs())


async def _summary_click(copilot: Copilot, body: dict[str, Any], respond: AsyncRespond) -> None:
    """A burst summary's "Acknowledge all": the summary is the message clicked (``container``, which the shape check
    has made sure names it), its location the button's value; the same people may click as on a card."""
    user_id = body["user"]["id"]
    location_id = body["actions"][0].get("value", "")
    container = body["container"]
    if not await may_handle_alerts(copilot, user_id):
        await respond(response_type="ephemeral", replace_original=False, **blocks.not_staff_message().to_kwargs())
        return
    outcome = await acknowledge_summary(
        copilot, location_id, channel=container["channel_id"], ts=container["message_ts"], user_id=user_id
    )
    if outcome.problem:
        await respond(response_type="ephemeral", replace_original=False, **outcome.problem.to_kwargs())
