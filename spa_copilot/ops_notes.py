"""The ops channel's notes, each posted once, and the one note that says Slack refused a piece of work for good.

``post_note`` posts a note (an outage, its end, a job failing, a message Slack refused) under a key of its own
(``ops:…``) through ``post_once``: a note whose answer Slack lost (a proxy's 502, a dropped connection) is found in
the channel by the next try instead of posted again. It does not wait out a rate limit (the next pass posts it)
and never raises.

``refused_for_good`` is what a DM, a fill card or a conflict card does when Slack refuses it for good
(``is_refused_for_good``: ``account_inactive``, ``channel_not_found``, ``not_in_channel``, ``is_archived``,
``msg_too_long``, ``invalid_blocks``, ``missing_scope`` …; a code not named is tried again as one for now): the ops
channel hears of it once per piece of work (its post key), naming the staff member or channel and the time, Slack's error code and what
to do, never a guest (the caller logs the refusal itself, one line).
A refusal of the conversation itself (the person's account, the channel: ``CONVERSATION_CODES``) holds for every
message to it, so it is said once per conversation and day, and the other work for that conversation is held with
it; a refusal of the app's set-up (a permission not granted, the Messages tab off: ``APP_CODES``) is said once a day
whatever work it refuses. Once the ops channel has it, a DM or a fill card is held (``was_refused``): the checks that come after skip it
quietly, and it is tried once more after ``TRY_AGAIN_AFTER`` (the account or the channel fixed) or at a restart,
saying nothing again if it is refused again; a conflict card keeps its own cadence (``alerts``).
While the ops channel cannot be told either, the work stays as it was: tried at the next check. When the ops channel
itself refuses the note for good (it is, by default, the front-desk channel that refused the work), each manager
(``SPA_MANAGER_IDS``) is told by DM instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import sqlite3
import weakref
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from spa_copilot.slack.errors import SLACK_FAILURES, answered, is_temporary, slack_failure
from spa_copilot.slack.retry import no_rate_limit_wait, post_once

if TYPE_CHECKING:
    from spa_copilot.copilot import Copilot

logger = logging.getLogger(__name__)

#: ``{what}``: the work in words ("Priya Nair's 2:00pm prep DM", "the fill card for the 2:00pm opening at SoHo");
#: ``{code}``: Slack's error code; ``{todo}``: what to do about it (``refused_todo``).
REFUSED_TEXT = ":warning: Could not send {what}: Slack answered `{code}`. {todo}"
#: Added to ``REFUSED_TEXT`` when the conversation itself refused (``CONVERSATION_CODES``).
CONVERSATION_REFUSED_TEXT = (
    " Its other messages there today are held with this one and tried again every 10 minutes (not said here again)."
)
#: What to do, by the kind of refusal: the person's account, the channel, the message itself.
ACCOUNT_TODO = (
    "Their Slack account is deactivated or gone: tell them in person, and fix their Slack user (`spa-copilot check` "
    "lists who is matched)."
)
CHANNEL_TODO = (
    "The copilot cannot post there: invite it to the channel (or point the setting at one it is in; it tries again "
    "within 10 minutes); meanwhile do this by hand."
)
MESSAGE_TODO = (
    "Slack would not take the message itself: do this by hand, and tell whoever runs the copilot (its log has the ids)."
)
#: ``{needed}``: the permission Slack says the app lacks (``missing_scope``'s ``needed``), "the `im:write`", or "a
#: required" when Slack names none.
SCOPE_TODO = (
    "The Slack app lacks {needed} permission: reinstall it from manifest.yml (README: Slack app set-up); "
    "meanwhile do this by hand."
)
MESSAGES_TAB_TODO = (
    "The Slack app's Messages tab is off, so it cannot DM anyone: turn it on (App Home, Show Tabs: Messages Tab, as "
    "manifest.yml sets it); meanwhile tell them in person."
)
TOKEN_TODO = (
    "The copilot's Slack token is not a bot token: set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…) "
    "and restart it; meanwhile do this by hand."
)
#: Added to ``REFUSED_TEXT`` for a refusal of the app's set-up (``APP_CODES``).
APP_REFUSED_TEXT = " Other work refused for the same reason today is tried again every 10 minutes (not said here again)."
_ACCOUNT_CODES = frozenset({"account_inactive", "user_not_found", "user_disabled", "cannot_dm_bot", "user_not_visible"})
_CHANNEL_CODES = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "channel_is_archived",
        "restricted_action",
        "restricted_action_read_only_channel",
        "team_access_not_granted",
        "ekm_access_denied",
    }
)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
#: Slack's refusals of a conversation (a person's account, a channel) rather than of one message.
CONVERSATION_CODES = _ACCOUNT_CODES | _CHANNEL_CODES
#: Slack's refusals of one message itself, whatever the conversation.
_MESSAGE_CODES = frozenset(
    {"msg_too_long", "invalid_blocks", "invalid_blocks_format", "too_many_attachments", "no_text",
     "invalid_attachments", "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large"}
)
#: Slack's refusals of the app's own set-up, whatever the conversation or message: a permission (scope) not granted,
#: the Messages tab off, a token of the wrong kind. Only whoever runs the copilot can mend them, and every piece of work
#: of the kind is refused alike, so each is said once a day (rev43f L: they were retried at every check, never said).
APP_CODES = frozenset({"missing_scope", "messages_tab_disabled", "not_allowed_token_type"})
#: The refusals taken as for good (told once, not tried again by this process): named ones only, so a code this list
#: does not know (a limit Slack adds, a proxy's) is tried again at the next check as before (rev43c M1: a passing
#: ``rate_limited`` blocked a prep DM until a restart).
REFUSED_FOR_GOOD_CODES = CONVERSATION_CODES | _MESSAGE_CODES | APP_CODES


def is_refused_for_good(exc: BaseException) -> bool:
    """Whether Slack refused for good (``REFUSED_FOR_GOOD_CODES``), not for now (a limit, an outage, a code unknown)."""
    return not is_temporary(exc) and answered(exc) in REFUSED_FOR_GOOD_CODES

#: By store: the post keys of the work Slack refused for good whose note the ops channel has, in this process, and
#: when it was last refused.
_refused: weakref.WeakKeyDictionary[Any, dict[str, datetime]] = weakref.WeakKeyDictionary()
#: How long work Slack refused for good waits before it is tried once more (an account reactivated, the bot invited
#: to the channel: rev43c L1, it waited for midnight or a restart); refused again, it says nothing new.
TRY_AGAIN_AFTER = timedelta(minutes=10)
#: By store: a lock per refusal being told, so work refused at once (a check's DMs, sent together) waits for the
#: first one's note instead of telling it again.
_telling: weakref.WeakKeyDictionary[Any, dict[str, asyncio.Lock]] = weakref.WeakKeyDictionary()


def refused_todo(code: str | None, *, to_person: bool = False, needed: str | None = None) -> str:
    """What to do about a refusal with Slack's ``code`` (``to_person``: of a DM, whose conversation not found is the
    person's account gone; ``needed``: the permission a ``missing_scope`` names)."""
    if code == "missing_scope":
        return SCOPE_TODO.format(needed=f"the `{needed}`" if needed else "a required")
    if code == "messages_tab_disabled":
        return MESSAGES_TAB_TODO
    if code == "not_allowed_token_type":
        return TOKEN_TODO
    if code in _ACCOUNT_CODES or (to_person and code in _CHANNEL_CODES):
        return ACCOUNT_TODO
    if code in _CHANNEL_CODES:
        return CHANNEL_TODO
    return MESSAGE_TODO


def was_refused(copilot: Copilot, key: str, *, conversation: str | None = None) -> bool:
    """Whether the work posted under ``key`` (to ``conversation``: a user id or a channel) was refused for good by
    Slack and the ops channel told, in this process, or its conversation was today, within ``TRY_AGAIN_AFTER``: it
    is not tried again until then."""
    keys = [key] if conversation is None else [key, _conversation_scope(copilot, conversation)]
    return any(_refused_lately(copilot, k) for k in keys)


def _refused_lately(copilot: Copilot, key: str) -> bool:
    at = _refused.get(copilot.store, {}).get(key)
    return at is not None and copilot.now() - at < TRY_AGAIN_AFTER


def _mark_refused(copilot: Copilot, key: str) -> None:
    _refused.setdefault(copilot.store, {})[key] = copilot.now()


def _conversation_scope(copilot: Copilot, conversation: str) -> str:
    """What a refusal of ``conversation`` itself holds for: that conversation, today (UTC)."""
    return f"conversation:{conversation}:{copilot.now().astimezone(UTC).date().isoformat()}"


def _app_scope(copilot: Copilot, code: str, needed: str | None) -> str:
    """What a refusal of the app's set-up (``APP_CODES``) is said once for: that refusal (and permission), today (UTC)."""
    return f"slack-app:{code}:{needed or '-'}:{copilot.now().astimezone(UTC).date().isoformat()}"


def _told_marker(key: str) -> str:
    """The ``processed_events`` id kept once the ops channel was told that the work of ``key`` was refused."""
    return f"ops-refused:{key}"


async def post_note(copilot: Copilot, text: str, *, key: str) -> bool:
    """Post ``text`` to the ops channel as the note ``key`` (``post_once``: at most once however often it is tried);
    False (never an exception) when Slack cannot be reached, refuses it or is rate limiting (not waited out)."""
    return await _post(copilot, copilot.settings.ops_channel, text, key=key) is True


async def _post(copilot: Copilot, channel: str, text: str, *, key: str) -> bool | None:
    """``post_note`` to ``channel``: True when posted, False when it failed for now, None when Slack refused it for
    good (the channel gone, archived, the bot not in it). Never raises."""
    try:
        with no_rate_limit_wait():
            try:
                await post_once(copilot.slack, copilot.store, key=key, channel=channel, text=text)
            except sqlite3.Error:  # the state database cannot keep the note's key (full, locked): said all the same,
                # at the risk of twice rather than never (rev43c M2: a job failing on a full disk was never said)
                logger.exception("could not keep the ops note %s; posted without its key", key)
                await copilot.slack.chat_postMessage(channel=channel, text=text)
    except SLACK_FAILURES as exc:  # Slack refused, or could not be reached: one line; the next pass posts it
        logger.warning(
            "could not post to %s: %s",
            "the ops channel" if channel == copilot.settings.ops_channel else channel,
            slack_failure(exc),
        )
        return None if is_refused_for_good(exc) else False
    except Exception:  # a bug: its traceback; the caller goes on
        logger.exception("could not post to the ops channel")
        return False
    return True


async def _tell_staff(copilot: Copilot, text: str, *, key: str) -> bool:
    """Post a refusal's note to the ops channel, or, when the ops channel refuses it for good (it is, say, the
    front-desk channel that refused the work), DM it to each manager (``SPA_MANAGER_IDS``). True when someone has it."""
    posted = await _post(copilot, copilot.settings.ops_channel, text, key=key)
    if posted is not None:
        return posted
    told = False
    for manager in copilot.settings.spa_manager_ids:
        told = await _post(copilot, manager, text, key=f"{key}:{manager}") is True or told
    return told


def note_key(kind: str, *parts: str) -> str:
    """An ops note's post key: ``ops:{kind}:{parts…}`` (a part too long for a key is hashed)."""
    shown = [part if len(part) <= 64 else hashlib.sha256(part.encode()).hexdigest()[:16] for part in parts]
    return ":".join(["ops", kind, *shown])


async def refused_for_good(
    copilot: Copilot, exc: BaseException, *, key: str, what: str, ids: str, conversation: str | None = None
) -> bool:
    """Slack refused the work posted under ``key`` (to ``conversation``) for good (``exc``): say so once in the ops
    channel (``what``: the work in words, no guest; ``ids``: the work by ids, for the log, where the caller has
    logged the refusal itself), so that the caller may stop trying it in this process once the channel has it
    (``was_refused``). A refusal of the conversation itself
    (``CONVERSATION_CODES``) is said once for it and the day, and holds for its other work that day. True when the
    ops channel has it (now, or before a restart)."""
    store = copilot.store
    code = answered(exc) or type(exc).__name__
    needed = answered(exc, "needed") if code == "missing_scope" else None
    needed = needed if isinstance(needed, str) else None
    whole = conversation is not None and code in CONVERSATION_CODES
    work = key
    if whole:
        key = _conversation_scope(copilot, conversation)  # type: ignore[arg-type]
    elif code in APP_CODES:  # said once a day for every piece of work it refuses; each waits as its own
        key = _app_scope(copilot, code, needed)
    async with _telling.setdefault(store, {}).setdefault(key, asyncio.Lock()):
        if _refused_lately(copilot, key):  # told by work refused with it, just now
            logger.info("Slack refused %s for good too (%s): the ops channel is told of it", ids, code)
            _mark_refused(copilot, work)
            return True
        to_person = conversation is not None and _USER_ID.match(conversation) is not None
        told = await _tell_refused(
            copilot, code, key=key, what=what, ids=ids, whole=whole, to_person=to_person, needed=needed
        )
        if told:
            _mark_refused(copilot, work)
        return told


async def _tell_refused(
    copilot: Copilot, code: str, *, key: str, what: str, ids: str, whole: bool, to_person: bool, needed: str | None
) -> bool:
    """``refused_for_good`` once the refusal ``key`` is this caller's to tell."""
    store = copilot.store
    marker = _told_marker(key)
    if store.event_seen(marker):  # told before a restart: refused again, said once in the log, not in the channel
        logger.info("Slack refused %s again for good (%s): the ops channel was told before", ids, code)
        _mark_refused(copilot, key)
        return True
    todo = refused_todo(code, to_person=to_person, needed=needed)
    text = REFUSED_TEXT.format(what=what, code=code, todo=todo) + (
        CONVERSATION_REFUSED_TEXT if whole else APP_REFUSED_TEXT if code in APP_CODES else ""
    )
    if not await _tell_staff(copilot, text, key=note_key("refused", key)):
        logger.info(
            "Slack refused %s for good (%s): the ops channel could not be told, tried again next time", ids, code
        )
        return False
    store.claim_event(marker, source="ops-refused")
    _mark_refused(copilot, key)
    logger.info("Slack refused %s for good (%s): said in the ops channel", ids, code)
    return True
