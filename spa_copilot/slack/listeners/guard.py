"""One guard for the work a click or a modal starts after its ack: an outage or a bug becomes a short note, not a trace.
The person who clicked waits for it, so its reads of the spa system give up in seconds (``reads_for_a_person``).

The note goes where the person will see it: through ``respond`` (an ephemeral under the message they clicked)
when there is a response URL, else as a DM from the app (a modal's submission or a click in the Home tab).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import TypeVar

from slack_bolt.async_app import AsyncRespond

from spa_copilot.copilot import Copilot
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.mangomint import reads_for_a_person
from spa_copilot.slack import blocks, texts
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.errors import SLACK_FAILURES, new_error_id, slack_failure
from spa_copilot.slack.roles import MembershipUnknown

logger = logging.getLogger(__name__)

T = TypeVar("T")


async def guarded(
    respond: AsyncRespond | None, work: Awaitable[T], *, copilot: Copilot | None = None, user_id: str = ""
) -> T | None:
    """Run the step; on an outage or a bug tell the user (with an error id) and return None. Someone clicked and
    waits: its reads of the spa system give up in seconds (``reads_for_a_person``), its writes keep every retry."""
    try:
        with reads_for_a_person():
            return await work
    except PlatformUnavailable:
        logger.warning("platform unavailable during a Slack action by %s", user_id or "a user")
        message: SlackMessage = blocks.notice_message(texts.PLATFORM_DOWN_TEXT)
    except MembershipUnknown:  # Slack could not say just now who the clicker is: "try again", never a refusal
        logger.warning("could not tell who %s is during a Slack action: asked to try again", user_id or "a user")
        message = blocks.notice_message(texts.WHO_UNKNOWN_TEXT)
    except Exception:
        error_id = new_error_id()
        logger.exception("error %s in a Slack action by %s", error_id, user_id or "a user")
        message = blocks.error_message(error_id)
    if respond is not None:
        await respond(response_type="ephemeral", replace_original=False, **message.to_kwargs())
    elif copilot is not None:
        await dm(copilot, user_id, message)
    return None


async def dm(copilot: Copilot, user_id: str, message: SlackMessage) -> None:
    """Send ``message`` to ``user_id`` as a DM from the app; a Slack error is logged, not raised."""
    try:
        await copilot.slack.chat_postMessage(channel=user_id, **message.to_kwargs())
    except SLACK_FAILURES as exc:  # Slack refused or could not be reached: logged, not raised
        logger.warning("could not send a DM to %s: %s", user_id, slack_failure(exc))
