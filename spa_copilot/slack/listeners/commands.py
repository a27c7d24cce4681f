"""The ``/spa`` slash command: ack at once, then answer ephemerally (never a stack trace)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from spa_copilot.copilot import Copilot
from spa_copilot.platform.errors import PlatformError, PlatformUnavailable
from spa_copilot.platform.mangomint import reads_for_a_person
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.answers import ANSWERS, answer_besides_the_day
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.command_parser import BesidesTheDay, CommandError, TwoDays, check_command, parse_command
from spa_copilot.slack.errors import SLACK_FAILURES, new_error_id, slack_failure
from spa_copilot.slack.roles import MembershipUnknown

logger = logging.getLogger(__name__)

#: The subcommands whose answer refuses anyone but a manager before reading its words (``answer_audit``).
_MANAGERS_ONLY = frozenset(c.name for c in texts.SUBCOMMANDS if c.managers_only)


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind ``/spa`` to its callback."""
    app.command(ids.SLASH_COMMAND)(spa_command(copilot))


def spa_command(copilot: Copilot) -> Callable[[AsyncAck, dict[str, Any], AsyncRespond], Awaitable[None]]:
    """The callback answering one ``/spa`` invocation: ack, then the answer as an ephemeral."""

    async def spa_command_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        user_id = body.get("user_id", "")
        with reads_for_a_person():  # the asker waits: a read the spa system does not answer gives up in seconds
            message = await answer_command(copilot, text=body.get("text", ""), user_id=user_id)
        refused = await _send(respond, message)
        if refused is None:
            return
        # Slack would not take the answer (a block it refuses, or it could not be reached): never silence, the
        # asker gets the short note with an error id, and the log says what Slack answered (never the text asked)
        error_id = new_error_id()
        logger.error("error %s: the answer to /spa for user %s was not delivered: %s", error_id, user_id, refused)
        again = await _send(respond, blocks.error_message(error_id))
        if again is not None:
            logger.error("error %s: the error note for user %s was not delivered either: %s", error_id, user_id, again)

    return spa_command_callback


async def _send(respond: AsyncRespond, message: SlackMessage) -> str | None:
    """Post ``message`` as the ephemeral answer; None when Slack took it, else what went wrong, for the log."""
    try:
        answer = await respond(response_type="ephemeral", replace_original=False, **message.to_kwargs())
    except SLACK_FAILURES as exc:
        return slack_failure(exc)
    status = getattr(answer, "status_code", 200)
    if isinstance(status, int) and status >= 300:  # a response URL answers an error as its status and a word
        said = " ".join(str(getattr(answer, "body", "") or "").split())[:100]
        return f"{said or 'no error code'} (HTTP {status})"
    return None


async def answer_command(copilot: Copilot, *, text: str, user_id: str) -> SlackMessage:
    """The reply to one ``/spa`` invocation, whatever goes wrong."""
    try:
        allowed = await copilot.roles.may_use_commands(user_id)
    except MembershipUnknown:
        return blocks.notice_message(texts.WHO_UNKNOWN_TEXT)
    if not allowed:  # a colleague too when the front desk has an allow-list: said so, not "only for the team"
        return blocks.notice_message(texts.FRONT_DESK_ONLY_TEXT) if copilot.roles.front_desk_only else blocks.not_staff_message()
    command = None
    try:
        command = parse_command(text)
        try:
            check_command(command, now=copilot.now())  # a typo is reported before anything is looked up
        except BesidesTheDay as refusal:  # "risk Venice": one line when the words name a location, else the help
            return await answer_besides_the_day(copilot, refusal)
        except TwoDays:  # "brief Thu tomorrow": the answer asks the staff list whether Thu is someone
            pass
        return await ANSWERS[command.name](copilot, command, user_id)
    except CommandError as exc:
        is_manager = await copilot.roles.is_manager(user_id)
        if command is not None and not exc.not_understood and not is_manager and command.name in _MANAGERS_ONLY:
            # "audit -1" from a colleague who is no manager: refused as "audit" is, not corrected into a command
            # they may not use (the help they would get leaves it out)
            return await ANSWERS[command.name](copilot, command, user_id)
        suggestion = exc.suggestion
        if suggestion and not is_manager and suggestion.split()[0] in _MANAGERS_ONLY:
            suggestion = None  # "adit 3" from a colleague: never pointed at a command refused to them (rev35b L1)
        return blocks.help_message(
            problem=exc.problem,
            suggestion=suggestion,
            not_understood=exc.not_understood,
            is_manager=is_manager,
            command=command.name if command is not None and not exc.not_understood else None,
        )
    except PlatformUnavailable:
        logger.warning("platform unavailable while answering /spa for user %s", user_id)
        return blocks.notice_message(texts.PLATFORM_DOWN_TEXT)
    except (PlatformError, Exception):
        error_id = new_error_id()
        logger.exception("error %s answering /spa for user %s", error_id, user_id)
        return blocks.error_message(error_id)
