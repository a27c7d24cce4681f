"""What Slack sends that no other listener owns: registered last, so every id the copilot owns reaches its own.

A button on a card or Home tab drawn by an older version of the copilot, or a modal it opened, can still be clicked
or submitted after its id was renamed or retired. Without a listener Bolt answers 404 and Slack shows the person a
failure with no word of what happened; here the click is acknowledged and told that the button no longer does
anything (a stale Home tab is redrawn instead), and the modal is replaced by a note. A slash command the app
receives under another name than ``/spa`` (an admin renamed it in the app's settings) is answered as ``/spa``. An
event the copilot does not subscribe to (Slack sends ``app_uninstalled`` and ``tokens_revoked`` to every app, and a
subscription added in the app's settings brings others) is acknowledged: unanswered, Slack retries it three times
and counts each as a failure against the app's event subscriptions. Only ids the copilot does not own are matched, so an owned id without its listener still fails loudly (404).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from spa_copilot.copilot import Copilot
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.listeners.commands import spa_command
from spa_copilot.slack.listeners.events import publish_home
from spa_copilot.slack.listeners.guard import guarded

logger = logging.getLogger(__name__)


def _none_of(owned: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching any id but those in ``owned`` (Bolt matches with ``re.search``: anchored both ends)."""
    return re.compile(rf"^(?!(?:{'|'.join(re.escape(name) for name in sorted(owned))})$)")


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind the fallbacks; call after every other ``register``."""

    async def unknown_action(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        user, actions = body.get("user"), body.get("actions")
        user_id = str(user.get("id") or "") if isinstance(user, dict) else ""  # not an object: a malformed payload
        first = actions[0] if isinstance(actions, list) and actions else None
        action_id = first.get("action_id") if isinstance(first, dict) else None
        logger.info("click on a button the copilot no longer has (%s) by %s", action_id, user_id or "a user")
        if body.get("response_url"):
            await respond(
                response_type="ephemeral", replace_original=False, **blocks.notice_message(texts.OLD_BUTTON_TEXT).to_kwargs()
            )
        elif isinstance(view := body.get("view"), dict) and view.get("type") == "home" and user_id:
            await guarded(None, publish_home(copilot, user_id), copilot=copilot, user_id=user_id)

    async def unknown_view_submission(ack: AsyncAck, body: dict[str, Any]) -> None:
        view = body.get("view")
        callback_id = view.get("callback_id") if isinstance(view, dict) else None
        logger.info("submission of a form the copilot no longer has (%s)", callback_id)
        await ack(response_action="update", view=blocks.notice_modal(texts.OLD_FORM_TITLE, texts.OLD_FORM_TEXT))

    async def unknown_event(body: dict[str, Any]) -> None:
        event = body.get("event")
        kind = event.get("type") if isinstance(event, dict) else None
        if kind in _LOST_ACCESS:
            logger.warning("Slack says %s: the copilot can post nothing until the app is reinstalled", _LOST_ACCESS[kind])
        else:
            logger.info("Slack event the copilot does not use (%s): acknowledged", kind)

    app.action(_none_of(ids.ACTION_IDS))(unknown_action)
    app.view(_none_of(ids.VIEW_CALLBACK_IDS))(unknown_view_submission)
    app.command(_none_of(frozenset({ids.SLASH_COMMAND})))(spa_command(copilot))
    app.event(_none_of(ids.EVENT_TYPES))(unknown_event)


#: The events that say the copilot's Slack access is gone, as its warning says so.
_LOST_ACCESS = {"app_uninstalled": "the app was uninstalled from the workspace", "tokens_revoked": "its tokens were revoked"}
