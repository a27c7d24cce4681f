"""What every part of the fill workflow shares: the proposal statuses and outbox kinds as the store keeps
them, the workflow's one logger, ``FillResult`` (what a click, a command or a trigger did), the ids and idempotency
keys of offers, texts and bookings, a proposal's slot and the names its card gives its guests, and the few
user-facing words more than one step says.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from spa_copilot import domain
from spa_copilot.copilot import Copilot
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.slack.views_models import ProposalState

#: The one logger of the fill workflow, whichever module logs (the log lines name "spa_copilot.fill").
logger = logging.getLogger("spa_copilot.fill")

OUTBOX_SMS = "fill.sms"
OUTBOX_REPLY = "fill.reply"
OUTBOX_BOOKING = "fill.booking"
OUTBOX_WAITLIST = "fill.waitlist"  # the platform's waitlist entry kept in step (offered, waiting again, booked)
FILL_OUTBOX_KINDS = frozenset({OUTBOX_SMS, OUTBOX_REPLY, OUTBOX_BOOKING, OUTBOX_WAITLIST})
SMS_LIMIT = domain.SMS_LIMIT
COPILOT_ACTOR = "copilot"
#: How long a claimed outbox item may take to send before another re-drive may try it (with the same key).
OUTBOX_LEASE = timedelta(minutes=5)
#: How often the outbox's held items are re-driven (``wiring``); a held waitlist write's hour of unreadable reads is
#: counted in these (``waitlist_writes.UNREADABLE_FOR``).
REDRIVE_EVERY_SECONDS = 60
#: The outbox payload's field holding when an approved text may go out (``TEXT_SEND_HOURS`` at the location).
SEND_AFTER = "send_after"
#: The outbox payload's field saying Approve could not re-check the slot (the spa system did not answer): the first
#: send re-checks it, as a retried one does, and is kept rather than sent unchecked.
RECHECK_FIRST = "recheck_first"

# Proposal statuses in the store: the card's ProposalState values plus the ones never rendered as such.
DRAFTING = "drafting"  # claimed, being ranked and drafted
PENDING = "pending"  # waiting for a manager
INFO = "info"  # read-only mode: posted for information
ABANDONED = "abandoned"  # drafting failed; the next trigger may claim it again
#: An offer's status when the guest's YES to its text was not booked by the spa system (refused with an error other
#: than "slot taken", or out of reach until the slot started): the text went out and was answered, unlike ``failed``
#: (its text was never sent), so the card marks them ``call_list.CALL_NOT_BOOKED`` and the thread asks a person to
#: let them know.
OFFER_NOT_BOOKED = "not_booked"
#: Proposals that are over without a booking: ``/spa fill`` by hand may start a fresh one for the same opening.
ENDED = frozenset({ProposalState.expired.value, ProposalState.rejected.value, ProposalState.failed.value})
#: Why a proposal closed when its last candidate's hold ran out (or they said no) and nobody was left to offer.
NO_CANDIDATES_LEFT = "no candidates left"

# User-facing words more than one step of the fill workflow says.
READ_ONLY_REFUSAL = "Read-only mode: nothing is sent or booked."
OPTED_OUT_TEXT = "{first_name} has opted out of text messages since the proposal was made; nothing was sent"
#: The same for a text whose send the spa system never confirmed, with a YES of hers kept on the offer: it is not sent
#: again to an opted-out guest, and her YES is for a person (rev40j M1: it vanished unsaid), hedged, since the text may
#: never have reached her and her YES may have answered something else (rev40k M1).
OPTED_OUT_AFTER_YES_TEXT = (
    "{first_name} has opted out of text messages; nothing more was sent. Their YES came in while the spa system had "
    "not confirmed sending this offer, so it may answer something else: phone them if the slot should be theirs"
)


@dataclass(frozen=True)
class FillResult:
    """What a click, a command or a trigger did, and a short note for the person who asked."""

    ok: bool
    note: str = ""
    proposal_id: str | None = None


def card_name(candidate: Mapping[str, Any], default: str = "The client") -> str:
    """What the card and its thread call a candidate: the first name, or with the last initial when another
    candidate on the card has the same first name (``_named``)."""
    return candidate.get("name") or candidate.get("first_name") or default


def _slot_of(row: Mapping[str, Any]) -> OpenSlot:
    opening = row["opening"]
    return OpenSlot(
        appointment_id=opening["appointment_id"],
        location_id=opening["location_id"],
        start=datetime.fromisoformat(opening["start"]),
        end=datetime.fromisoformat(opening["end"]),
        time_zone=opening["time_zone"],
        service_ids=tuple(opening["service_ids"]),
        staff_ids=tuple(opening["staff_ids"]),
        resource_ids=tuple(opening["resource_ids"]),
    )


def _candidate_for(copilot: Copilot, offer: Mapping[str, Any]) -> dict[str, Any]:
    row = copilot.store.fill_proposal(offer["proposal_id"])
    for candidate in (row or {}).get("candidates", []):
        if candidate["entry_id"] == offer["waitlist_entry_id"] and candidate["client_id"] == offer["client_id"]:
            return candidate
    return {}


def _first_name_of(copilot: Copilot, offer: Mapping[str, Any]) -> str:
    """The name the card shows for the guest an offer went to ("The client" when the card no longer lists them)."""
    return card_name(_candidate_for(copilot, offer))


def fill_offer_id(proposal_id: str, index: int) -> str:
    """The offer made to a proposal's candidate at ``index`` (one per candidate, created by the approval)."""
    return f"of_{proposal_id}_{index}"


def _sms_key(proposal_id: str, index: int) -> str:
    """The outbox item (and idempotency key) of the offer's text to a proposal's candidate at ``index``."""
    return f"fill:{proposal_id}:sms:{index}"


def _text_key(row: Mapping[str, Any]) -> str:
    """The outbox item (and idempotency key) of the text a card approves: its current offer's, or a reply's."""
    return _sms_key(row["id"], row["current_index"]) if row["kind"] == "fill" else f"fill:{row['id']}:reply"


def _booking_key(offer: Mapping[str, Any]) -> str:
    """The outbox key of the booking a YES to ``offer`` makes."""
    return f"fill:{offer['proposal_id']}:book:{offer['id']}"


def _replaced(row: Mapping[str, Any]) -> bool:
    """Whether a fresh proposal for the same opening (a `/spa fill` by hand) replaced this one: the ended proposal
    gave up its claim on the opening (``Store.restart_fill_proposal``)."""
    return row["appointment_id"].endswith(f"#{row['id']}")
