"""The ops channel's notes, each posted once, and the one note that says Slack refused a piece of work for good.

``post_note`` posts a note (an outage, its end, a job failing, a message Slack refused) under a key of its own
(``ops:…``) through ``post_once``: a note whose answer Slack lost (a proxy's 502, a dropped connection) is found in
the channel by the next try instead of posted again. It does not wait out a rate limit (the next pass posts it)
and never raises.

``refused_for_good`` is what a DM, a fill card or a conflict card does when Slack refuses it for good
(``is_temporary`` says no: ``account_inactive``, ``channel_not_found``, ``not_in_channel``, ``is_archived``,
``msg_too_long``, ``invalid_blocks`` …): the ops channel hears of it once per piece of work (its post key), naming
the staff member or channel and the time, Slack's error code and what to do, never a guest; the log has one line.
Once the ops channel has it, that work is not tried again by this process (``was_refused``): the checks that come
after skip it quietly. A restart (the account or the channel fixed) tries it once more, and says nothing again if it
is refused again. While the ops channel cannot be told either, the work stays as it was: tried at the next check.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from typing import TYPE_CHECKING, Any

from spa_copilot.slack.errors import SLACK_FAILURES, answered, slack_failure
from spa_copilot.slack.retry import no_rate_limit_wait, post_once

if TYPE_CHECKING:
    from spa_copilot.copilot import Copilot

logger = logging.getLogger(__name__)

#: ``{what}``: the work in words ("Priya Nair's 2:00pm prep DM", "the fill card for the 2:00pm opening at SoHo");
#: ``{code}``: Slack's error code; ``{todo}``: what to do about it (``REFUSED_TODO``).
REFUSED_TEXT = ":warning: Could not send {what}: Slack answered `{code}`. {todo}"
#: What to do, by the kind of refusal: the person's account, the channel, the message itself.
ACCOUNT_TODO = (
    "Their Slack account is deactivated or gone: tell them in person, and fix their Slack user (`spa-copilot check` "
    "lists who is matched)."
)
CHANNEL_TODO = (
    "The copilot cannot post there: invite it to the channel (or point the setting at one it is in) and restart "
    "it; meanwhile do this by hand."
)
MESSAGE_TODO = (
    "Slack would not take the message itself: do this by hand, and tell whoever runs the copilot (its log has the "
    "ids)."
)
_ACCOUNT_CODES = frozenset({"account_inactive", "user_not_found", "user_disabled", "cannot_dm_bot", "user_not_visible"})
_CHANNEL_CODES = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "restricted_action",
     "restricted_action_read_only_channel", "team_access_not_granted", "ekm_access_denied"}
)

#: By store: the post keys of the work Slack refused for good whose note the ops channel has, in this process.
_refused: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def refused_todo(code: str | None) -> str:
    """What to do about a refusal with Slack's ``code``."""
    if code in _ACCOUNT_CODES:
        return ACCOUNT_TODO
    if code in _CHANNEL_CODES:
        return CHANNEL_TODO
    return MESSAGE_TODO


def was_refused(copilot: Copilot, key: str) -> bool:
    """Whether the work posted under ``key`` was refused for good by Slack and the ops channel told, in this process:
    it is not tried again until a restart."""
    return key in _refused.get(copilot.store, ())


def _told_marker(key: str) -> str:
    """The ``processed_events`` id kept once the ops channel was told that the work of ``key`` was refused."""
    return f"ops-refused:{key}"


async def post_note(copilot: Copilot, text: str, *, key: str) -> bool:
    """Post ``text`` to the ops channel as the note ``key`` (``post_once``: at most once however often it is tried);
    False (never an exception) when Slack cannot be reached, refuses it or is rate limiting (not waited out)."""
    try:
        with no_rate_limit_wait():
            await post_once(copilot.slack, copilot.store, key=key, channel=copilot.settings.ops_channel, text=text)
    except SLACK_FAILURES as exc:  # Slack refused, or could not be reached: one line; the next pass posts it
        logger.warning("could not post to the ops channel: %s", slack_failure(exc))
        return False
    except Exception:  # a bug: its traceback; the caller goes on
        logger.exception("could not post to the ops channel")
        return False
    return True


def note_key(kind: str, *parts: str) -> str:
    """An ops note's post key: ``ops:{kind}:{parts…}`` (a part too long for a key is hashed)."""
    shown = [part if len(part) <= 64 else hashlib.sha256(part.encode()).hexdigest()[:16] for part in parts]
    return ":".join(["ops", kind, *shown])


async def refused_for_good(copilot: Copilot, exc: BaseException, *, key: str, what: str, ids: str) -> bool:
    """Slack refused the work posted under ``key`` for good (``exc``): say so once in the ops channel (``what``: the
    work in words, no guest), log it once (``ids``: the work by ids, for the log), and stop trying it in this process
    once the channel has it (``was_refused``). True when the ops channel has it (now, or before a restart)."""
    store = copilot.store
    code = answered(exc) or type(exc).__name__
    marker = _told_marker(key)
    if store.event_seen(marker):  # told before a restart: refused again, said once in the log, not in the channel
        logger.warning("Slack refused %s again for good: %s; not tried again until a restart", ids, code)
        _refused.setdefault(store, set()).add(key)
        return True
    text = REFUSED_TEXT.format(what=what, code=code, todo=refused_todo(code))
    if not await post_note(copilot, text, key=note_key("refused", key)):
        logger.warning("Slack refused %s for good: %s; the ops channel could not be told, tried again at the next "
                       "check", ids, code)
        return False
    store.claim_event(marker, source="ops-refused")
    _refused.setdefault(store, set()).add(key)
    logger.warning("Slack refused %s for good: %s; said in the ops channel, not tried again until a restart", ids, code)
    return True
