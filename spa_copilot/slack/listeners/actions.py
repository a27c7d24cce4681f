"""App Home buttons (``block_actions``): Refresh, and Open on a pending approval. Ack first, then the work."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from spa_copilot.copilot import Copilot
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.errors import SLACK_FAILURES, is_ambiguous, new_error_id, slack_failure
from spa_copilot.slack.home import forget_home_books, proposal_modal_for
from spa_copilot.slack.listeners.events import publish_home
from spa_copilot.slack.listeners.guard import dm, guarded

logger = logging.getLogger(__name__)


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind the App Home's buttons."""

    async def home_refresh_callback(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = body["user"]["id"]
        forget_home_books(copilot)  # Refresh means the spa system's book now, not the one read for a Home a minute ago
        await guarded(None, publish_home(copilot, user_id), copilot=copilot, user_id=user_id)

    async def home_open_proposal_callback(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = body["user"]["id"]
        proposal_id = str(body["actions"][0].get("value", ""))
        await guarded(None, _open_proposal(copilot, body, proposal_id, user_id), copilot=copilot, user_id=user_id)

    app.action(ids.HOME_REFRESH)(home_refresh_callback)
    app.action(ids.HOME_OPEN_PROPOSAL)(home_open_proposal_callback)


async def _open_proposal(copilot: Copilot, body: dict[str, Any], proposal_id: str, user_id: str) -> None:
    """A modal over the Home tab: the proposal (for a manager, checked on the clicker) and a link to its card."""
    modal = await proposal_modal_for(copilot, proposal_id, user_id=user_id)
    try:
        await copilot.slack.views_open(trigger_id=body["trigger_id"], view=modal)
    except SLACK_FAILURES as exc:
        # Slack refused (a trigger is good for 3 seconds: expired_trigger_id once the look-ups before ran longer) or
        # could not be reached: a click in the Home tab has no response URL, so the clicker is told in a DM (when the
        # form may have opened, its answer lost, to click again only if it did not)
        error_id = new_error_id()
        logger.warning("error %s: could not open the proposal modal for %s: %s", error_id, user_id, slack_failure(exc))
        await dm(copilot, user_id, blocks.modal_maybe_opened_message(error_id) if is_ambiguous(exc) else blocks.error_message(error_id))
