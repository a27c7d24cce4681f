"""What Slack sends that no other listener owns: registered last, so every id the copilot owns reaches its own.

A button on a card or Home tab drawn by an older version of the copilot, or a modal it opened, can still be clicked
or submitted after its id was renamed or retired. Without a listener Bolt answers 404 and Slack shows the person a
failure with no word of what happened; here the click is acknowledged and told that the button no longer does
anything (a stale Home tab is redrawn instead), and the modal is replaced by a note. A slash command the app
receives under another name than ``/spa`` (an admin renamed it in the app's settings) is answered as ``/spa``. An
event the copilot does not subscribe to (Slack sends ``app_uninstalled`` and ``tokens_revoked`` to every app, and a
subscription added in the app's settings brings others) is acknowledged: unanswered, Slack retries it three times
and counts each as a failure against the app's event subscriptions. Only ids the copilot does not own are matched, so an owned id without its listener still fails loudly (404).

Kinds of request the manifest does not declare but a workspace can still send are acknowledged, quietly: a modal
closed that was opened with ``notify_on_close`` (``view_closed``; the copilot listens for none), a global or message
shortcut someone added in the app's settings (``shortcut``, ``message_action``), an external select asking for its
options (``block_suggestion``, answered with none; ``dialog_suggestion`` alike) and a legacy dialog's submission or
cancellation. Unanswered, each was a 404 (Slack shows the person an error) and Bolt's "Unhandled request" warning,
which for a select's search carries what was typed. Each is logged in one line of ids (its kind, its action or
callback id, the user's and the team's ids), never a value from the payload.

Slack's ``app_rate_limited`` callback (sent to the events URL when Slack drops the app's events for a workspace, past
30,000 an hour) is no event any listener can match (it has no inner ``event``), and Bolt has no handler of its own for
it: :func:`rate_limited` answers it before Bolt authorizes the request, 200 with one WARNING line of ids. Answered
404, as it was, it counted as a failed delivery toward Slack disabling the app's event subscriptions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse

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

    async def unknown_action(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext) -> None:
        log_unowned(body, context)  # before the ack: the line is written by the time Slack has its answer
        await ack()
        if body.get("type") not in _CLICKS:  # a legacy dialog submitted or cancelled: nothing to say, nothing to redraw
            return
        user = body.get("user")
        user_id = str(user.get("id") or "") if isinstance(user, dict) else ""  # not an object: a malformed payload
        if body.get("response_url"):
            await respond(
                response_type="ephemeral", replace_original=False, **blocks.notice_message(texts.OLD_BUTTON_TEXT).to_kwargs()
            )
        elif isinstance(view := body.get("view"), dict) and view.get("type") == "home" and user_id:
            await guarded(None, publish_home(copilot, user_id), copilot=copilot, user_id=user_id)

    async def unknown_view_submission(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        log_unowned(body, context)
        await ack(response_action="update", view=blocks.notice_modal(texts.OLD_FORM_TITLE, texts.OLD_FORM_TEXT))

    async def acknowledged(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        log_unowned(body, context)
        await ack()

    async def no_options(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        log_unowned(body, context)
        await ack(options=[])  # an empty list: the select shows no matches rather than an error

    async def unknown_event(body: dict[str, Any]) -> None:
        event = body.get("event")
        kind = event.get("type") if isinstance(event, dict) else None
        if kind in _LOST_ACCESS:
            logger.warning("Slack says %s: the copilot can post nothing until the app is reinstalled", _LOST_ACCESS[kind])
        else:
            logger.info("Slack event the copilot does not use (%s): acknowledged", shown(kind))

    # a string or pattern matches a block_actions' action_id, and an attachment's, a legacy dialog's callback_id
    app.action(_none_of(ids.ACTION_IDS))(unknown_action)
    app.view_submission(_none_of(ids.VIEW_CALLBACK_IDS))(unknown_view_submission)
    app.view_closed(_ANY)(acknowledged)  # the copilot opens no modal with notify_on_close
    app.shortcut(_ANY)(acknowledged)  # a global shortcut and a message shortcut (message_action) alike
    app.options(_ANY)(no_options)  # an external select's block_suggestion, a legacy dialog's dialog_suggestion
    app.command(_none_of(frozenset({ids.SLASH_COMMAND})))(spa_command(copilot))
    app.event(_none_of(ids.EVENT_TYPES))(unknown_event)


#: Matches any id, the empty one too (Bolt matches a pattern with ``re.search``).
_ANY = re.compile("")
#: The kinds of click answered with the old-button note (or, in the Home tab, a redrawn Home).
_CLICKS = frozenset({"block_actions", "interactive_message"})
#: What an id may show in the log: Slack's ids and the copilot's are words, dots, dashes and colons; anything else
#: (only a forged payload would carry it) is shown as "?", and a long one cut.
_NOT_ID = re.compile(r"[^\w.:\-/#]")


def shown(value: object) -> str:
    """An id as the log may show it ("-" for none)."""
    if not isinstance(value, str) or not value:
        return "-"
    return _NOT_ID.sub("?", value[:80])


def unowned_id(body: dict[str, Any]) -> object:
    """The action or callback id a request carries, read where its kind puts it (None when it has none)."""
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else None
        return first.get("action_id") if isinstance(first, dict) else None
    if kind == "block_suggestion":
        return body.get("action_id")
    view = body.get("view")
    if kind in ("view_submission", "view_closed") and isinstance(view, dict):
        return view.get("callback_id")
    return body.get("callback_id")


def log_unowned(body: dict[str, Any], context: AsyncBoltContext) -> None:
    """One INFO line of ids: the request's kind, its action or callback id, the user's and the team's ids (as Bolt
    read them into ``context``), never a value of the payload (a select's typed search, a form's inputs)."""
    team = context.team_id or context.enterprise_id
    logger.info(
        "Slack %s the copilot does not own (%s) from user %s in team %s: acknowledged",
        shown(body.get("type")), shown(unowned_id(body)), shown(context.user_id), shown(team),
    )


#: The events that say the copilot's Slack access is gone, as its warning says so.
_LOST_ACCESS = {"app_uninstalled": "the app was uninstalled from the workspace", "tokens_revoked": "its tokens were revoked"}


def rate_limited(body: object) -> BoltResponse | None:
    """The answer to Slack's ``app_rate_limited`` callback (200, and one WARNING line: the team's and the app's ids
    and the minute it began, nothing else); None for any other request."""
    if not isinstance(body, Mapping) or body.get("type") != "app_rate_limited":
        return None
    minute = body.get("minute_rate_limited")
    since = "-"
    if isinstance(minute, int) and not isinstance(minute, bool):
        try:
            since = datetime.fromtimestamp(minute, UTC).strftime("%Y-%m-%d %H:%M UTC")
        except (OverflowError, OSError, ValueError):
            since = "-"
    logger.warning(
        "Slack is rate-limiting the copilot's events in team %s (app %s) since %s: events past Slack's hourly limit "
        "are dropped until it lifts; acknowledged",
        shown(body.get("team_id")), shown(body.get("api_app_id")), since,
    )
    return BoltResponse(status=200, body="")
