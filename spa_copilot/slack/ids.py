"""Every Slack identifier the copilot owns: the slash command, action ids, view callback ids, block ids.

Listeners register on these names, the Block Kit builders put them on buttons and modals, and the
manifest test checks them. Never spell one of these strings anywhere else.

Bolt matches string action ids exactly; a listener that needs a pattern must anchor it (``^…$``),
because Bolt matches regular expressions with ``re.search``.
"""

from __future__ import annotations

from typing import Final

SLASH_COMMAND: Final = "/spa"
#: The bot token's scopes, as manifest.yml asks for them (``spa-copilot check`` names any the token lacks).
BOT_SCOPES: Final = (
    "commands", "chat:write", "im:write", "users:read", "users:read.email", "usergroups:read", "channels:read",
    "groups:read", "channels:history", "groups:history", "im:history",
)
#: Of those, the scopes only ``spa-copilot check`` uses: to see that the front-desk and ops channels exist and the
#: bot is in them (``conversations.list``/``conversations.info``; channel names and membership, never messages).
#: A token from an install made before they were asked for still runs the copilot: check says what it cannot see.
CHECK_ONLY_SCOPES: Final = ("channels:read", "groups:read")
#: Of those, the scopes that let a post whose answer Slack lost (a timeout, a dropped connection) be looked for in
#: the conversation before it is posted again (``conversations.history``/``replies``, the bot's own messages
#: carrying its key in their metadata; ``slack.retry.post_once``). A token without them still runs the copilot:
#: such a post is then posted again, as before they were asked for.
HISTORY_SCOPES: Final = ("channels:history", "groups:history", "im:history")

# Conflict alerts
ACK_CONFLICT: Final = "conflict_acknowledge"
SNOOZE_CONFLICT: Final = "conflict_snooze_1h"
ACK_CONFLICT_SUMMARY: Final = "conflict_summary_acknowledge"  # a burst summary's: every conflict of it

# Cancellation-fill proposals
APPROVE_FILL: Final = "fill_approve"
EDIT_FILL: Final = "fill_edit"
NEXT_CANDIDATE: Final = "fill_next_candidate"
REJECT_FILL: Final = "fill_reject"
HOLD_BACK_FILL: Final = "fill_hold_back"  # an approved text still waiting for texting hours, taken back

# App Home
HOME_REFRESH: Final = "home_refresh"
HOME_OPEN_PROPOSAL: Final = "home_open_proposal"

# Modals (view callback ids) and their input blocks/actions
EDIT_DRAFT_VIEW: Final = "fill_edit_draft"
EDIT_DRAFT_BLOCK: Final = "draft_block"
EDIT_DRAFT_INPUT: Final = "draft_input"
REJECT_REASON_VIEW: Final = "fill_reject_reason"
REJECT_REASON_BLOCK: Final = "reason_block"
REJECT_REASON_INPUT: Final = "reason_input"

# Events the app subscribes to
APP_HOME_OPENED: Final = "app_home_opened"

#: Every ``action_id`` a button or input in our messages can carry (for consistency tests).
ACTION_IDS: Final[frozenset[str]] = frozenset(
    {
        ACK_CONFLICT,
        SNOOZE_CONFLICT,
        ACK_CONFLICT_SUMMARY,
        APPROVE_FILL,
        EDIT_FILL,
        NEXT_CANDIDATE,
        REJECT_FILL,
        HOLD_BACK_FILL,
        HOME_REFRESH,
        HOME_OPEN_PROPOSAL,
    }
)

#: Every modal ``callback_id`` (``view_submission`` listeners).
VIEW_CALLBACK_IDS: Final[frozenset[str]] = frozenset({EDIT_DRAFT_VIEW, REJECT_REASON_VIEW})

#: Every Events API event type the app handles (must match ``manifest.yml``).
EVENT_TYPES: Final[frozenset[str]] = frozenset({APP_HOME_OPENED})

_VALUE_SEPARATOR: Final = "|"


def proposal_value(proposal_id: str, revision: int) -> str:
    """The button value of a fill-proposal action: which proposal, at which draft revision.

    Carrying the revision lets a listener refuse a click on a stale card (the draft was edited since),
    so a manager only ever approves the exact text they saw.
    """
    if _VALUE_SEPARATOR in proposal_id:
        raise ValueError(f"proposal id may not contain {_VALUE_SEPARATOR!r}")
    return f"{proposal_id}{_VALUE_SEPARATOR}{revision}"


def parse_proposal_value(value: str) -> tuple[str, int]:
    """Inverse of :func:`proposal_value`; raises ``ValueError`` on anything else."""
    proposal_id, sep, revision = value.rpartition(_VALUE_SEPARATOR)
    if not sep or not proposal_id or not revision.isdigit():
        raise ValueError(f"not a proposal action value: {value!r}")
    return proposal_id, int(revision)
