"""A posted message's link (Slack's ``chat.getPermalink``): for the App Home's "Open" and ``/spa fill``'s answer about
an opening whose card is already in the channel."""

from __future__ import annotations

import logging
from typing import Any

from spa_copilot.slack.errors import SLACK_FAILURES, slack_failure

logger = logging.getLogger(__name__)


async def permalink(slack: Any, channel: str | None, ts: str | None) -> str | None:
    """The link to the message ``ts`` in ``channel``; None when there is no message yet, or Slack refused or could not
    be reached (logged, not raised)."""
    if not channel or not ts:
        return None
    try:
        response = await slack.chat_getPermalink(channel=channel, message_ts=ts)
    except SLACK_FAILURES as exc:
        logger.warning("chat.getPermalink failed for %s/%s: %s", channel, ts, slack_failure(exc))
        return None
    return response.get("permalink")
