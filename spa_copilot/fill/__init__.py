"""Cancellation fill: from an opened slot to a booked guest, with a manager's click on every text that goes out.

The flow, each step a compare-and-set in the store and an entry in the audit log:

1. A cancellation within ``FILL_HORIZON_HOURS`` (a calendar change from a poll or a webhook, or ``/spa fill``)
   claims the opening (one proposal per appointment), ranks the waitlist (``engines.fill_ranking``), drafts
   an SMS for the best candidate and posts the proposal card in the front-desk channel. Repeat cancellers are
   listed in the card's thread for a manager's review instead of being offered; guests waiting for a two-therapist
   service (which the booking contract cannot book) are named on the card for the front desk to book by hand. In
   ``read_only`` mode the card is informational: no buttons, nothing sent.
2. A manager approves (``approve_fill``): the proposal moves to ``approved`` at the revision the manager saw,
   the offer and the outbox item (deterministic idempotency key) are written in one transaction, then the
   exact text is sent through the platform under that key, ``aiGenerated: true`` and ``approvedBy``. A crash
   in between leaves a pending outbox item that ``redrive_outbox`` sends with the same key (the platform
   answers a repeat with the first result). Edit replaces the draft and bumps the revision (a click on the
   old card is refused); Next candidate redrafts for the next one; Reject closes with a reason.
   Quiet hours: a text reaches a guest only within ``TEXT_SEND_HOURS`` on the location's clock (the guest's own zone
   is not in the contract). An Approve outside them is recorded all the same (text, approver, key) with the moment
   texting opens in the outbox payload (``SEND_AFTER``); ``deliver`` leaves the item pending until then and the
   re-drive sends it, after re-checking the slot for that client (and consent, as every send does); the hold starts
   at the send. An Approve whose text could only go out after the slot starts minus the hold sends nothing and
   closes the proposal (so does a waiting text, or one an outage held up, sent too late for its hold); by the same
   rule (``too_late_for_a_text``) a card is never drawn with such an Approve: new, moving on or found waiting by
   ``expire_offers``, it closes listing its ranked guests for the front desk to call (nothing drafted or sent), and
   a cancellation seen within ``NO_CARD_WITHIN`` of the slot gets no card (``/spa fill`` still posts one). Every client
   text follows these hours, replies to a late YES too: none is an immediate answer (each waits for a manager's
   click), and a text re-driven after an outage waits for them as well (its slot re-checked the same way when it
   was kept past their close).
   While a text waits: the daily cap counts it on the day it goes out; a guest who texts STOP makes way for the
   next candidate at once, and one who can no longer take the slot (taken off the waitlist, booked elsewhere: the
   send's re-check) when it would go out; a cancellation undone fails the proposal at once; a YES answers something
   else (one to a text tried before texting closed, which may have reached the guest, is told to a person). A manager
   may Hold back the waiting text (``hold_back_fill``, the card's one button): it is claimed as the re-drive claims
   it (one of the two wins), settled as not sent with its offer, and the card closes; ``/spa fill`` offers the slot
   again. A text that went out, or is going out, is not touched. ``/spa status`` counts the texts waiting.
3. The offer holds the slot ``OFFER_HOLD_MINUTES``. The client's reply (a ``message.received`` webhook): a YES
   sent between the approval and the end of the hold is recorded with the time the guest sent it (one sent before
   the approval answers something else: noted, nothing booked), then re-checks the slot, books it through the
   outbox (idempotency key again) and posts the outcome in the card's thread. A YES whose re-check could not run
   (the spa system down or slower than ``RECHECK_TIMEOUT``: noted once in the thread) or was cut off (a bug, a
   restart) is taken up by the webhook's retry or by ``expire_offers`` (one left mid-check by a stopped process
   after ``ACCEPTING_STALE``; a re-check holds the offer by the time it took it, so one handed back can no longer
   undo the next one's work), and still wins after the hold ran out, since it came within it: only the slot
   starting ends it. NO, or the hold running out (``expire_offers``), proposes the next candidate, again waiting
   for Approve. A YES too late (expired, or the slot was taken) gets a polite reply drafted for a manager to
   approve, never a booking. When the slot starts, whatever is still open about it is closed.

Recovery (each step a compare-and-set, so taking one up again never doubles it): every cancellation of a sync is
handled on its own, and one whose proposal could not be made (the platform down) is kept as ``abandoned`` and
retried by ``expire_offers``; that job also takes up a move to the next candidate an outage interrupted (after
a NO or a hold running out, where a retried reply webhook does it too, or after an opt-out found right before
sending) and posts a card Slack refused. ``/spa fill`` on an opening whose proposal has ended (expired, rejected,
failed) starts a fresh proposal, and so does a later cancellation of the same appointment (its booking restored, then
cancelled again: told apart from the same cancellation seen twice by the appointment's version); a live one is left
alone. A cancellation undone closes the proposal still waiting for a manager.

Wiring (done once by the app): ``install(copilot, scheduler)`` registers the reply webhook, the calendar
change handler and the ``expire_offers``/``redrive_outbox`` jobs; ``answer_fill`` serves ``/spa fill``; the
Slack listeners live in ``slack/listeners/fill_actions.py``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.models.views import View

from spa_copilot import domain
from spa_copilot.ai import InvitationInput, private_words
from spa_copilot.ai import offline as offline_drafts
from spa_copilot.ai.guardrails import guest_words_for_staff, names_slot_time
from spa_copilot.ai.models import OFFLINE
from spa_copilot.ai.schemas import greeting_name, shown_first_name
from spa_copilot.copilot import Copilot
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    Client,
    HistoryRecord,
    InboundMessage,
    Location,
    MessageChannel,
    MessagePurpose,
    OutboundMessage,
    ServiceLine,
    WaitlistEntry,
    WaitlistStatus,
    first_names_shared,
    local_day_bounds,
    said_clock,
    spoken_list,
)
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind
from spa_copilot.engines.fill_ranking import (
    ByHand,
    Candidate,
    Fit,
    OpenSlot,
    count_recent_cancellations,
    fit_entry,
    rank_with_exclusions,
    short_notice_share,
)
from spa_copilot.platform.errors import (
    PlatformConflict,
    PlatformError,
    PlatformNotFound,
    PlatformUnavailable,
)
from spa_copilot.platform.webhooks import MESSAGE_RECEIVED, WebhookEvent
from spa_copilot.reads import Catalog, booked_in_snapshot, load_clients, load_day
from spa_copilot.settings import Mode
from spa_copilot.slack import blocks, texts
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.command_parser import CommandError, ParsedCommand
from spa_copilot.slack.errors import SLACK_FAILURES, is_temporary, slack_failure
from spa_copilot.slack.retry import HANDLER_WAIT_SECONDS, rate_limit_wait_at_most
from spa_copilot.slack.views_models import (
    BookedFill,
    FillCandidate,
    FillProposalView,
    FlaggedCandidate,
    Opening,
    ProposalState,
)

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from spa_copilot.risk.bands import RiskScore
    from spa_copilot.store.db import OutboxItem

logger = logging.getLogger(__name__)

OUTBOX_SMS = "fill.sms"
OUTBOX_REPLY = "fill.reply"
OUTBOX_BOOKING = "fill.booking"
OUTBOX_WAITLIST = "fill.waitlist"  # the platform's waitlist entry kept in step (offered, waiting again, booked)
FILL_OUTBOX_KINDS = frozenset({OUTBOX_SMS, OUTBOX_REPLY, OUTBOX_BOOKING, OUTBOX_WAITLIST})
SMS_LIMIT = domain.SMS_LIMIT
MAX_CANDIDATES = 5
HISTORY_CONCURRENCY = 8
COPILOT_ACTOR = "copilot"
EXPIRE_EVERY_SECONDS = 30
REDRIVE_EVERY_SECONDS = 60
#: How long a claimed outbox item may take to send before another re-drive may try it (with the same key).
OUTBOX_LEASE = timedelta(minutes=5)
#: The outbox payload's field holding when an approved text may go out (``TEXT_SEND_HOURS`` at the location).
SEND_AFTER = "send_after"

# Proposal statuses in the store: the card's ProposalState values plus the ones never rendered as such.
DRAFTING = "drafting"  # claimed, being ranked and drafted
PENDING = "pending"  # waiting for a manager
INFO = "info"  # read-only mode: posted for information
ABANDONED = "abandoned"  # drafting failed; the next trigger may claim it again
#: Proposals that are over without a booking: ``/spa fill`` by hand may start a fresh one for the same opening.
ENDED = frozenset({ProposalState.expired.value, ProposalState.rejected.value, ProposalState.failed.value})
#: Why a proposal closed when its last candidate's hold ran out (or they said no) and nobody was left to offer.
NO_CANDIDATES_LEFT = "no candidates left"
#: Why a card was posted with nobody to offer the slot to (when nobody waits for a service the copilot cannot book).
NOBODY_REASON = "nobody on the waitlist can take this slot"
#: How many guests waiting for a two-therapist service the card names (the rest are counted).
BY_HAND_NAMED = 5

ReplyIntent = Literal["yes", "no", "stop", "start", "other"]

# User-facing words of the fill workflow.
READ_ONLY_REFUSAL = "Read-only mode: nothing is sent or booked."
NOT_FOUND_TEXT = "That proposal no longer exists."
ALREADY_DECIDED_TEXT = "This proposal was already decided ({status}); nothing changed."
NO_MORE_CANDIDATES_TEXT = "There is no other candidate for this opening."
#: A manager's Next candidate, in the card's thread after their mention.
NEXT_CLICKED_TEXT = "chose Next candidate: moving on from {first_name}. {next}"
NOT_SENT_YET_TEXT = (
    ":hourglass_flowing_sand: The spa system is not answering, so the approved text has not gone out yet. "
    "It goes out by itself as soon as the system answers (once, never twice)."
)
CAPPED_TEXT = "{first_name} was already offered a slot today; choose Next candidate instead."
#: The same, on a card with no one after them (no Next candidate button to choose).
CAPPED_LAST_TEXT = (
    "{first_name} was already offered a slot today, and nobody else on this card can take it: Reject the card, and the "
    "front desk can offer the slot another way."
)
#: An approval outside ``TEXT_SEND_HOURS`` at the location: the card's decision line goes on with this.
#: After the approval's time, which the card labels with the location ("Approved by @Maya at 4:15am Juniper & Salt
#: Venice time — goes out at 8:00am (texts are sent 8:00am–9:00pm)"): both times are the location's.
DEFERRED_TEXT = "goes out {when} (texts are sent {window})"
DEFERRED_SENT_TEXT = blocks.WENT_OUT + "{at} (texts are sent {window})"
#: A manager's Hold back on an approved text still waiting for texting hours: the card closes, nothing is sent.
HELD_BACK_REASON = blocks.HELD_BACK + "the text did not go out. /spa fill {appointment_id} offers the slot again"
#: The same for a reply to a late YES: the guest gets no answer from the copilot, so the card says so (after "Held
#: back by @Dana at 9:40pm before it went out:", which says already that the reply did not go out).
HELD_BACK_REPLY_REASON = blocks.HELD_BACK + "{first_name} has had no answer to their YES"
HELD_BACK_GONE_TEXT = "Too late to hold it back: the text {state}. Nothing changed."
#: An approval whose text could only go out too late for the slot: nothing is sent, the proposal closes.
TOO_LATE_WINDOW_TEXT = blocks.NOT_SENT + (
    "texts go out from {opens} at {place}, too late for this {slot} slot (a {hold}-minute hold must end"
    " before it starts). Call the guest if you want to offer it"
)
#: The same within texting hours: the text would go out now, its hold still running when the slot starts.
TOO_LATE_HOLD_TEXT = blocks.NOT_SENT + (
    "too late for this {slot} slot (a {hold}-minute hold must end before it starts). Call the guest if you want to"
    " offer it"
)
#: A slot starting before a text's hold could end (``too_late_for_a_text``): the card offers no Approve, it closes
#: with its ranked guests as a list for the front desk to phone (nothing is drafted or sent).
TOO_SOON_TEXT = blocks.TOO_SOON + " ({why}): call a guest on the list to offer it"
TOO_SOON_HOLD_WHY = "a {hold}-minute hold must end before {slot}"
TOO_SOON_WINDOW_WHY = "texts go out from {opens}, and a {hold}-minute hold must end before {slot}"
#: The same on a read-only spa, which never texts: just the list of guests to call.
SOON_READ_ONLY_TEXT = blocks.SOON_READ_ONLY + " ({slot}): call a guest on the list to offer it"
#: The thread's word when a card already up becomes a list to call (``_close_too_soon``), once: the card changes
#: quietly otherwise (a redraw notifies nobody).
NOW_TOO_SOON_NOTE = ":information_source: {reason}."
#: A list to call leaves out who said no or texted STOP (a STOP is about texts, but phoning someone who just opted
#: out of this very offer is poor form) and marks who did not answer the text or was passed over on this card.
CALL_NO_ANSWER = "did not answer the text"
CALL_LATE_YES = "replied YES after the hold ran out"
CALL_SKIPPED = "skipped on this card"
CALL_NOBODY_LEFT = "nobody left to call: every guest on the list said no or opted out"
#: A cancellation seen this close to the slot's start gets no card of its own (nobody could be phoned and come in
#: time); ``/spa fill`` by hand still posts one.
NO_CARD_WITHIN = timedelta(minutes=5)
#: How long before its slot a card can have become a list to call (texts wait less than a day for their hours, and
#: OFFER_HOLD_MINUTES is at most a day): ``expire_offers`` looks this far back for call lists whose slot has started.
CALL_LIST_LOOKBACK = timedelta(days=3)
BOOKING_BACK_TEXT = "the cancelled appointment is booked again"
BOOKING_BACK_REFUSAL = "Nothing was sent: the cancelled appointment is booked again, so there is no opening to fill."
SLOT_GONE_TEXT = (
    "Nothing was sent: the slot is no longer free for {first_name} ({why}). Choose Next candidate, or Reject if the"
    " opening is gone."
)
EMPTY_DRAFT_TEXT = "The message cannot be empty."
LONG_DRAFT_TEXT = "Keep the text to {limit} characters (it is {length})."
NO_YES_DRAFT_TEXT = 'Keep asking the guest to reply YES ("Reply YES to claim"): their YES is what books the slot.'
#: An edit that no longer says when the slot is: the guest's YES books that time, so the text must give it.
NO_TIME_DRAFT_TEXT = 'Keep the time of the slot in the text ({times}): their YES books that time.'
OPTED_OUT_TEXT = "{first_name} has opted out of text messages since the proposal was made; nothing was sent"
_STOPPED = ":no_bell: {first_name} replied STOP: the copilot will not text them again (they can text START to allow it). "
STOPPED_TEXT = _STOPPED + "Their waitlist entry stays, for the front desk to follow up another way."
STOPPED_BOOKED_TEXT = _STOPPED + (
    "Their booking {state}; if STOP meant they cannot come, cancel it in Mangomint and the opening is offered again."
)
NO_AFTER_YES_TEXT = (
    ":warning: {first_name} replied YES and {state}, then wrote: “{body}”. Nothing was changed: if they cannot come,"
    " cancel the booking in Mangomint and the opening is offered again."
)
TOO_LATE_REPLY = (
    "Hi {first_name}, thank you for replying! I'm sorry, the {service} spot on {when} has already been taken. "
    "You're still on our waitlist and we'll text you as soon as another one opens."
)
TOO_LATE_REPLY_SHORT = "Hi {first_name}, thank you! I'm sorry, that spot has already been taken. You're still on our waitlist."
HOLD_RAN_OUT_REPLY = (
    "Hi {first_name}, thank you for replying! I'm sorry, the hold on the {service} spot on {when} ran out before your "
    "reply. You're still on our waitlist and we'll text you as soon as another one opens."
)
HOLD_RAN_OUT_REPLY_SHORT = (
    "Hi {first_name}, thank you! I'm sorry, the hold on that spot ran out before your reply. You're still on our waitlist."
)


@dataclass(frozen=True)
class FillResult:
    """What a click, a command or a trigger did, and a short note for the person who asked."""

    ok: bool
    note: str = ""
    proposal_id: str | None = None


# ---------------------------------------------------------------------------------------------------
# Wiring


class _ReplyHandler:
    """The ``message.received`` webhook handler bound to one copilot (a class so ``install`` can spot it)."""

    def __init__(self, copilot: Copilot) -> None:
        self.copilot = copilot

    async def __call__(self, event: WebhookEvent) -> None:
        await on_message_received(self.copilot, event)


def install(copilot: Copilot, scheduler: AsyncIOScheduler | None = None) -> None:
    """Register the reply webhook and the calendar change handler (idempotent), and the jobs on ``scheduler``."""
    copilot.on_changes(on_calendar_changes)
    if not any(isinstance(h, _ReplyHandler) for h in copilot.webhook_handlers.get(MESSAGE_RECEIVED, [])):
        copilot.on_webhook(MESSAGE_RECEIVED, _ReplyHandler(copilot))
    if scheduler is not None:  # the process starting: a send the last one left mid-way goes at the first re-drive
        if reclaimed := copilot.store.reclaim_outbox(now=copilot.now()):
            logger.info("%d approved writes left mid-send by a stopped process are due again", reclaimed)
        scheduler.add_job(
            expire_offers, "interval", seconds=EXPIRE_EVERY_SECONDS, args=[copilot], id="fill_expire_offers",
            max_instances=1, coalesce=True, replace_existing=True,
        )
        scheduler.add_job(
            redrive_outbox, "interval", seconds=REDRIVE_EVERY_SECONDS, args=[copilot], id="fill_redrive_outbox",
            next_run_time=copilot.now(), max_instances=1, coalesce=True, replace_existing=True,
        )


# ---------------------------------------------------------------------------------------------------
# 1. Proposing


async def on_calendar_changes(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    """A change handler (``copilot.on_changes``): each cancellation within the fill horizon gets a proposal.

    Inside a poll or a webhook's sync, a Slack rate limit asking for more than a few seconds is not waited out:
    the card it refused is posted by ``expire_offers`` (flagged clients are on the card)."""
    with rate_limit_wait_at_most(HANDLER_WAIT_SECONDS):
        await _close_restored(copilot, changes)
        await _propose_for_cancellations(copilot, location, changes)


async def _close_restored(copilot: Copilot, changes: list[CalendarChange]) -> None:
    """A cancelled appointment booked again (the cancellation undone): its proposal still waiting for a manager
    closes (no buttons left to click), and so does one whose approved text waits for texting hours (nothing will be
    sent: its card says so now, not at the opening). One whose text went out is left: the YES's re-check says the
    booking is back."""
    for change in changes:
        restored = change.kind == ChangeKind.created and change.previous is not None
        row = copilot.store.fill_proposal_for(change.appointment_id) if restored else None
        if row is not None and row["kind"] == "fill" and row["status"] == ProposalState.approved.value:
            await _drop_held_text(copilot, _text_key(row), f"nothing was sent: {BOOKING_BACK_TEXT}", "slotGone")
            continue
        if row is None or row["status"] not in (PENDING, INFO):
            continue
        now = copilot.now()
        if copilot.store.update_fill_proposal(
            row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"],
            status=ProposalState.expired.value, decided_at=now.isoformat(), reason=BOOKING_BACK_TEXT,
        ):
            copilot.store.audit(actor=COPILOT_ACTOR, action="fill.closed", subject_id=row["id"],
                                details={"reason": BOOKING_BACK_TEXT})
            await _refresh_card(copilot, row["id"])


async def _propose_for_cancellations(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    now = copilot.now()
    horizon = now + timedelta(hours=copilot.settings.fill_horizon_hours)
    for change in changes:
        if change.kind not in (ChangeKind.cancelled, ChangeKind.removed):
            continue
        slot = _slot_from_change(change, location)
        if slot is None or not now < slot.start <= horizon:
            continue
        if slot.start < now + NO_CARD_WITHIN:  # too close for a text or a call: a card would be noise
            logger.info("fill for appointment %s: no card, the slot starts within %s", slot.appointment_id, NO_CARD_WITHIN)
            continue
        version = _cancellation_version(change)
        try:
            result = await propose_fill(copilot, slot, location, by=COPILOT_ACTOR, cancellation_version=version)
        except Exception as exc:  # one opening failing (the platform down) must not cost the others theirs
            if not isinstance(exc, PlatformError):
                logger.exception("fill for appointment %s failed", slot.appointment_id)
            _keep_for_retry(copilot, slot, location, version)
            logger.warning("fill for appointment %s waits for a retry: %s", slot.appointment_id, type(exc).__name__)
            continue
        logger.info("fill for appointment %s: %s", slot.appointment_id, result.note)


def _cancellation_version(change: CalendarChange) -> int | None:
    """The appointment's version that a cancellation (or removal) change is about: a later cancellation of the same
    appointment (after the booking was restored) has a higher one; the same cancellation seen twice, the same."""
    if change.appointment is not None:
        return change.appointment.version
    return change.previous.version if change.previous is not None else None


def _new_cancellation(row: Mapping[str, Any], version: int | None) -> bool:
    """True when ``version`` is a later cancellation of the appointment than the one proposal ``row`` was made for."""
    if version is None:
        return False
    seen = row["opening"].get("cancellation_version")
    return seen is None or version > seen


def _keep_for_retry(copilot: Copilot, slot: OpenSlot, location: Location, version: int | None = None) -> None:
    """Remember an opening whose proposal could not be made (the snapshot already moved on) as ``abandoned``,
    so ``expire_offers`` tries it again; nothing happens when the opening already has a proposal (unless that one
    ended and this is a new cancellation of the appointment)."""
    opening = {
        "appointment_id": slot.appointment_id, "location_id": slot.location_id, "start": slot.start.isoformat(),
        "end": slot.end.isoformat(), "time_zone": slot.time_zone, "service_ids": list(slot.service_ids),
        "staff_ids": list(slot.staff_ids), "resource_ids": list(slot.resource_ids), "service_name": "appointment",
        "location_name": location.name, "summary": f"opening of appointment {slot.appointment_id}",
        "cancellation_version": version,
    }
    fields: dict[str, Any] = {"appointment_id": slot.appointment_id, "location_id": slot.location_id,
                              "status": ABANDONED, "opening": opening, "candidates": [], "at": copilot.now()}
    try:
        existing = copilot.store.fill_proposal_for(slot.appointment_id)
        if existing is not None and existing["status"] in ENDED and _new_cancellation(existing, version):
            copilot.store.restart_fill_proposal(existing["id"], expect_status=tuple(ENDED),
                                                proposal_id=f"fp_{uuid.uuid4().hex[:12]}", **fields)
        else:
            copilot.store.create_fill_proposal(f"fp_{uuid.uuid4().hex[:12]}", **fields)
    except Exception:
        logger.exception("could not keep the opening of %s for a retry", slot.appointment_id)


async def start_fill(copilot: Copilot, appointment_id: str, *, by: str) -> FillResult:
    """``/spa fill <appointment id>``: propose a fill for a cancelled appointment by hand (any horizon)."""
    try:
        appointment = await copilot.platform.get_appointment(appointment_id)
    except PlatformNotFound:
        return FillResult(False, f"There is no appointment {blocks.echoed(appointment_id)}.")
    if appointment.status != AppointmentStatus.cancelled:
        return FillResult(False, f"Appointment {appointment_id} is not cancelled, so there is no opening to fill.")
    if appointment.start_at <= copilot.now():
        return FillResult(False, f"Appointment {appointment_id} has already started; there is nothing to fill.")
    catalog = await copilot.catalog()
    location = next((loc for loc in catalog.locations if loc.id == appointment.location_id), None)
    if location is None:
        return FillResult(False, f"Appointment {appointment_id} is at a location I do not know.")
    return await propose_fill(copilot, slot_from_appointment(appointment, location), location, by=by, restart_ended=True,
                              cancellation_version=appointment.version)


async def answer_fill(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """The ``/spa fill`` answer for the command dispatcher (``ANSWERS["fill"]``)."""
    if len(command.args) != 1:
        raise CommandError("fill needs one appointment id, e.g. /spa fill ap_01234")
    result = await start_fill(copilot, command.args[0], by=user_id)
    return blocks.notice_message(result.note)


def slot_from_appointment(appointment: Appointment, location: Location) -> OpenSlot:
    """The opening a cancelled appointment leaves."""
    return OpenSlot(
        appointment_id=appointment.id,
        location_id=appointment.location_id,
        start=appointment.start_at,
        end=appointment.end_at,
        time_zone=location.time_zone,
        service_ids=tuple(dict.fromkeys(line.service_id for line in appointment.services)),
        # in the booking's order, as the services: the card names them together ("Swedish Massage 60 + Signature
        # Facial 60", "with Priya Nair, Claire Dubois"); Appointment.staff_ids is sorted by id
        staff_ids=tuple(dict.fromkeys(line.staff_id for line in appointment.services if line.staff_id)),
        resource_ids=tuple(appointment.resource_ids),
    )


def _slot_from_change(change: CalendarChange, location: Location) -> OpenSlot | None:
    if change.appointment is not None:
        return slot_from_appointment(change.appointment, location)
    row = change.previous
    if row is None:
        return None
    return OpenSlot(
        appointment_id=row.appointment_id,
        location_id=row.location_id,
        start=datetime.fromisoformat(row.start_at),
        end=datetime.fromisoformat(row.end_at),
        time_zone=location.time_zone,
        service_ids=row.service_ids,
        staff_ids=row.staff_ids,
        resource_ids=row.resource_ids,
    )


async def propose_fill(
    copilot: Copilot,
    slot: OpenSlot,
    location: Location,
    *,
    by: str,
    restart_ended: bool = False,
    cancellation_version: int | None = None,
) -> FillResult:
    """Claim the opening, rank the waitlist, draft the first SMS and post the card; once per cancellation.

    An ``abandoned`` claim is taken again. An opening whose proposal has ended (expired, rejected, failed) gets a
    fresh proposal under a new id (new offer and outbox keys) with ``restart_ended`` (``/spa fill`` by hand) or when
    ``cancellation_version`` says the appointment was cancelled again since (its booking restored, then cancelled);
    the same cancellation seen twice gets one. The ended one keeps its card, offers and audit trail. A live proposal
    is never replaced.
    """
    if not slot.service_ids:  # a booking of no service held no therapist's or room's hour: there is none to offer
        return FillResult(False, f"Appointment {slot.appointment_id} has no services, so it leaves no opening to fill.")
    store = copilot.store
    now = copilot.now()
    existing = store.fill_proposal_for(slot.appointment_id)
    restart = existing is not None and existing["status"] in ENDED and (
        restart_ended or _new_cancellation(existing, cancellation_version)
    )
    if existing is not None and existing["status"] != ABANDONED and not restart:
        return FillResult(
            False, f"A fill proposal for {slot.appointment_id} already exists ({existing['status']}).", existing["id"]
        )
    catalog = await copilot.catalog()
    opening = _opening_json(slot, location, catalog) | {"cancellation_version": cancellation_version}
    if existing is None or restart:
        proposal_id = f"fp_{uuid.uuid4().hex[:12]}"
        fields: dict[str, Any] = {
            "appointment_id": slot.appointment_id, "location_id": slot.location_id, "status": DRAFTING,
            "opening": opening, "candidates": [], "at": now,
        }
        if existing is None:
            claimed = store.create_fill_proposal(proposal_id, **fields)
        else:
            claimed = store.restart_fill_proposal(existing["id"], expect_status=tuple(ENDED), proposal_id=proposal_id, **fields)
            if claimed:
                store.audit(actor=by, action="fill.restarted", subject_id=proposal_id,
                            details={"appointmentId": slot.appointment_id, "replaces": existing["id"],
                                     "replacedStatus": existing["status"]})
    else:
        proposal_id = existing["id"]
        claimed = store.update_fill_proposal(proposal_id, at=now, expect_status=ABANDONED, status=DRAFTING, opening=opening)
    if not claimed:
        return FillResult(False, f"A fill proposal for {slot.appointment_id} is already being prepared.")
    try:
        return await _prepare_and_post(copilot, proposal_id, slot, location, catalog, opening, by=by)
    except BaseException:
        store.update_fill_proposal(proposal_id, at=copilot.now(), expect_status=DRAFTING, status=ABANDONED)
        raise


async def _prepare_and_post(
    copilot: Copilot,
    proposal_id: str,
    slot: OpenSlot,
    location: Location,
    catalog: Catalog,
    opening: dict[str, Any],
    *,
    by: str,
) -> FillResult:
    store = copilot.store
    ranking, clients = await _rank(copilot, slot, location, catalog)
    offerable = ranking.offerable[:MAX_CANDIDATES]
    candidates = _named([_candidate_json(c, catalog) for c in offerable], clients)
    flagged = [
        _candidate_json(c, catalog)
        # named as the waitlist list names them (first name and last initial): two flagged Avas can be told apart
        | {"flag_reason": c.flag_reason, "short_name": clients[c.client_id].short_name if c.client_id in clients else None}
        for c in ranking.flagged
    ]
    if candidates:  # the card offers others: guests waiting for a two-therapist service are named with the flagged
        flagged += [_by_hand_json(guest, clients) for guest in ranking.by_hand]
    read_only = copilot.settings.spa_mode == Mode.read_only
    draft, engine = (None, None)
    too_soon = _too_soon_reason(copilot, slot) if candidates else None
    if candidates and too_soon is None:
        first = offerable[0]
        draft, engine = await _draft_invitation(copilot, proposal_id, candidates[0], slot, clients[first.client_id])
        status = INFO if read_only else PENDING
        reason = None
    elif candidates:  # no Approve could send a text in time: the card is the ranked list to call, nothing drafted
        status, reason = ProposalState.expired.value, too_soon
    else:
        status, reason = ProposalState.expired.value, _nobody_reason(ranking.by_hand, clients)
    now = copilot.now()
    store.update_fill_proposal(
        proposal_id, at=now, expect_status=DRAFTING, status=status, candidates=candidates, flagged=flagged,
        draft=draft, draft_engine=engine, reason=reason,
        decided_at=None if status in (PENDING, INFO) else now.isoformat(),
    )
    store.audit(
        actor=by,
        action="fill.proposed",
        subject_id=proposal_id,
        engine=engine,
        details={
            "appointmentId": slot.appointment_id,
            "candidates": [{"clientId": c["client_id"], "score": c["score"]} for c in candidates],
            "flagged": [c.client_id for c in ranking.flagged],
            "byHand": [guest.entry_id for guest in ranking.by_hand],
            "excluded": ranking.excluded,
            "draft": draft,
            "readOnly": read_only,
        } | ({"tooSoonForAText": True} if too_soon else {}),
    )
    channel = copilot.settings.spa_front_desk_channel
    posted = await _post_card(copilot, proposal_id) or bool((store.fill_proposal(proposal_id) or {}).get("ts"))
    if not posted:  # ``expire_offers`` posts it later (and if it just did, the card is up: said so above)
        return FillResult(True, f"The proposal is ready, but Slack did not take its card; it will appear in {channel} "
                          "within a minute or two.", proposal_id)
    if too_soon:
        return FillResult(True, f"Posted the opening in {channel}: it starts too soon for a text; the card lists "
                          f"{len(candidates)} guest(s) to call.", proposal_id)
    if not candidates and ranking.by_hand:
        return FillResult(True, f"Posted the opening in {channel}: nobody can be offered it by text; the card names "
                          "the guests waiting for a two-therapist service, to book in Mangomint.", proposal_id)
    if not candidates:
        return FillResult(True, f"Posted the opening in {channel}: nobody on the waitlist can take it.", proposal_id)
    return FillResult(True, f"Posted a fill proposal in {channel} with {len(candidates)} candidate(s).", proposal_id)


def _nobody_reason(by_hand: Sequence[ByHand], clients: Mapping[str, Client]) -> str:
    """Why the card has nobody to offer the slot to. Guests it fits but whose service needs two therapists (the
    booking contract takes one) are named for the front desk to book in the spa system, by first name, last initial
    and waitlist entry id: ``by text: 2 guests wait for Couples Massage 60, which needs two therapists (the copilot
    cannot book it): book Ana R. (wl_004) and Ben S. (wl_009) in Mangomint.`` (the card reads "Nothing to offer by
    text: …"; the service is the guests', which may not be the opening's: a four-hands opening may suit a couple)."""
    if not by_hand:
        return NOBODY_REASON
    services = list(dict.fromkeys(b.service_name for b in by_hand))
    named = []
    for guest in by_hand[:BY_HAND_NAMED]:
        client = clients.get(guest.client_id)
        details = [guest.entry_id] + ([guest.service_name] if len(services) > 1 else [])
        details += [guest.flag_reason] if guest.flag_reason else []
        named.append(f"{client.short_name if client else 'a guest'} ({', '.join(details)})")
    more = len(by_hand) - len(named)
    if more:
        named.append(f"{more} more")
    one = len(services) == 1
    guests = f"{len(by_hand)} guest{'s' if len(by_hand) != 1 else ''} {'waits' if len(by_hand) == 1 else 'wait'}"
    return (f"{blocks.BY_TEXT}{guests} for {spoken_list(services)}, which {'needs' if one else 'need'} two therapists (the "
            f"copilot cannot book {'it' if one else 'them'}): book {spoken_list(named)} in Mangomint.")


def _by_hand_json(guest: ByHand, clients: Mapping[str, Client]) -> dict[str, Any]:
    """A guest waiting for a two-therapist service, as the card's "Not offered automatically" list names them when it
    offers the slot to others: ``🚩 Ava R.: waiting for Couples Massage 60 (wl_004), which needs two therapists: the
    copilot cannot book it — book it in Mangomint``."""
    client = clients.get(guest.client_id)
    reason = (f"waiting for {guest.service_name} ({guest.entry_id}), which needs two therapists: the copilot cannot "
              "book it — book it in Mangomint")
    if guest.flag_reason:
        reason += f"; {guest.flag_reason}"
    return {"client_id": guest.client_id, "entry_id": guest.entry_id, "first_name": client.first_name if client else "",
            "short_name": client.short_name if client else "A guest", "flag_reason": reason, "by_hand": True}


async def _rank(copilot: Copilot, slot: OpenSlot, location: Location, catalog: Catalog):  # noqa: ANN202
    """Gather the waitlist, the day's book and the candidates' history, and rank."""
    platform = copilot.platform
    now = copilot.now()
    day = slot.start.astimezone(slot.tz).date()
    waitlist, book = await asyncio.gather(
        platform.list_waitlist(location_id=slot.location_id), load_day(platform, location, day)
    )
    waiting = [
        e for e in waitlist
        if e.status == WaitlistStatus.waiting and e.location_id == slot.location_id and e.date_from <= day <= e.date_to
    ]
    client_ids = sorted({e.client_id for e in waiting})
    clients, histories = await asyncio.gather(load_clients(platform, client_ids), _histories(copilot, client_ids))
    day_start = _cap_day_start(copilot, slot.tz)
    outcomes = copilot.store.fill_offer_outcomes(client_ids)
    # the day's book is this location's: a waitlisted client booked at another location during the opening is busy too
    elsewhere = _during_elsewhere(slot, (a for appointments in histories.values() for a in appointments))
    ranking = rank_with_exclusions(
        slot,
        waiting,
        clients=clients,
        services=catalog.services,
        staff=catalog.staff,
        resources=catalog.resources,
        appointments=[*book, *elsewhere],
        locations=catalog.locations,
        offers_today=_offers_counted(copilot, since=day_start),
        cancellation_counts={cid: count_recent_cancellations(appts, now=now) for cid, appts in histories.items()},
        risk=_risk_scores(copilot, slot, catalog, histories, clients, now),
        now=now,
        cap=copilot.settings.offer_daily_cap,
        responsiveness=_responsiveness(histories, outcomes, now),
        stopped=copilot.store.text_opted_out(client_ids),
        drafted_elsewhere=_drafted_elsewhere(copilot, slot),
    )
    return ranking, clients


def _drafted_elsewhere(copilot: Copilot, slot: OpenSlot) -> dict[str, str]:
    """Guests drafted on another card still waiting for a manager, and which: ``drafted on the 12:00pm Swedish
    Massage 60 card: one offer at a time`` (the day too when it is another). Approving either text caps the guest for
    the other (``_offers_counted``), so the ranking lists them after everyone else, where the manager sees why;
    Approve's own cap check still decides."""
    now = copilot.now()
    drafted: dict[str, str] = {}
    for row in copilot.store.fill_proposals(statuses=[PENDING]):
        opening = row["opening"]
        if row["kind"] != "fill" or not row["candidates"] or opening.get("appointment_id") == slot.appointment_id:
            continue
        start = datetime.fromisoformat(opening["start"])
        if start <= now:
            continue
        local = start.astimezone(ZoneInfo(opening["time_zone"])).date()
        day = "" if local == slot.start.astimezone(slot.tz).date() else f"{blocks.day_label(local)} "
        with_whom = f" (with {opening['staff_name']})" if opening.get("staff_name") else ""
        where = f"drafted on the {day}{blocks.clock(start, opening['time_zone'])} {opening['service_name']} card{with_whom}"
        drafted.setdefault(row["candidates"][row["current_index"]]["client_id"], f"{where}: one offer at a time")
    return drafted


async def _histories(copilot: Copilot, client_ids: Sequence[str]) -> dict[str, list[Appointment]]:
    semaphore = asyncio.Semaphore(HISTORY_CONCURRENCY)

    async def one(client_id: str) -> tuple[str, list[Appointment]]:
        async with semaphore:
            return client_id, await copilot.platform.list_appointments(client_id=client_id)

    return dict(await asyncio.gather(*(one(cid) for cid in client_ids)))


def _responsiveness(
    histories: Mapping[str, list[Appointment]], outcomes: Mapping[str, tuple[int, int]], now: datetime
) -> dict[str, float]:
    """Per client: the share of past offers they took, else the share of their bookings made at short notice."""
    scores: dict[str, float] = {}
    for client_id, appointments in histories.items():
        answered, booked = outcomes.get(client_id, (0, 0))
        if answered:
            scores[client_id] = booked / answered
        elif (share := short_notice_share(appointments, now=now)) is not None:
            scores[client_id] = share
    return scores


def _risk_scores(
    copilot: Copilot,
    slot: OpenSlot,
    catalog: Catalog,
    histories: Mapping[str, list[Appointment]],
    clients: Mapping[str, Client],
    now: datetime,
) -> dict[str, RiskScore] | None:
    """Each candidate's predicted no-show risk for this slot (with the model's band), when a risk model is loaded.
    A candidate whose appointments read have none before the slot is new unless their record knows a visit."""
    if copilot.risk is None or not slot.service_ids or not histories:
        return None
    service = catalog.service(slot.service_ids[0])
    hypothetical = [
        Appointment(
            id=f"fill-risk:{client_id}",
            location_id=slot.location_id,
            client_id=client_id,
            status=AppointmentStatus.confirmed,
            start_at=slot.start,
            end_at=slot.end,
            source="copilot",
            services=[
                ServiceLine(
                    id=f"fill-risk:{client_id}:1",
                    service_id=slot.service_ids[0],
                    service_name=service.name if service else "",
                    staff_id=slot.staff_ids[0] if slot.staff_ids else None,
                    start_at=slot.start,
                    end_at=slot.end,
                )
            ],
            created_at=now,
        )
        for client_id in histories
    ]
    history = [record for appointments in histories.values() for record in _history_records(appointments, catalog, now)]
    from spa_copilot.risk.features import clients_to_look_up, visit_records

    visited = visit_records(clients_to_look_up(hypothetical, history), clients)
    try:
        scores = copilot.risk.score(
            hypothetical, history, catalog.services, catalog.locations, now, clients=visited
        )
    except (ValueError, KeyError, TypeError) as exc:
        logger.warning("no-show risk unavailable for the fill of %s: %s", slot.appointment_id, type(exc).__name__)
        return None
    return {appointment.client_id: scores[appointment.id] for appointment in hypothetical if appointment.id in scores}


def _history_records(appointments: Iterable[Appointment], catalog: Catalog, now: datetime) -> list[HistoryRecord]:
    records = []
    ordered = sorted(appointments, key=lambda a: (a.start_at, a.id))
    for index, appointment in enumerate(ordered):
        outcome = _outcome(appointment)
        if outcome is None or appointment.start_at > now or not appointment.services:
            continue
        line = appointment.services[0]
        service = catalog.service(line.service_id)
        records.append(
            HistoryRecord(
                appointment_id=appointment.id,
                client_id=appointment.client_id,
                location_id=appointment.location_id,
                booked_at=appointment.created_at or appointment.start_at,
                start_at=appointment.start_at,
                service_id=line.service_id,
                category=service.category if service else "",
                price=service.price if service else 0.0,
                staff_id=line.staff_id,
                source=appointment.source or "unknown",
                deposit=appointment.deposit_paid,
                new_client=index == 0,
                outcome=outcome,
                cancelled_at=appointment.cancellation.cancelled_at if appointment.cancellation else None,
            )
        )
    return records


def _outcome(appointment: Appointment) -> Literal["completed", "noShow", "lateCancel", "cancelled"] | None:
    if appointment.status in (AppointmentStatus.completed, AppointmentStatus.checked_in):
        return "completed"
    if appointment.status == AppointmentStatus.no_show:
        return "noShow"
    if appointment.status == AppointmentStatus.cancelled:
        return "lateCancel" if appointment.cancellation and appointment.cancellation.late_cancel else "cancelled"
    return None


def _opening_json(slot: OpenSlot, location: Location, catalog: Catalog) -> dict[str, Any]:
    # Every service and therapist the cancellation freed, in the booking's order: a massage then a facial, or a
    # couples massage, is not shown as the first service "with" whoever sorts first
    services = [service for sid in slot.service_ids if (service := catalog.service(sid)) is not None]
    staff = [member for sid in slot.staff_ids if (member := catalog.staff_member(sid)) is not None]
    rooms = [r.name for r in catalog.resources if r.id in slot.resource_ids and r.type == "room"]
    service_name = " + ".join(service.name for service in services) or "appointment"
    local = slot.start.astimezone(slot.tz)
    return {
        "appointment_id": slot.appointment_id,
        "location_id": slot.location_id,
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "time_zone": slot.time_zone,
        "service_ids": list(slot.service_ids),
        "staff_ids": list(slot.staff_ids),
        "resource_ids": list(slot.resource_ids),
        "service_name": service_name,
        "staff_name": ", ".join(member.display_name for member in staff) or None,
        "room": rooms[0] if rooms else None,
        "location_name": location.name,
        # what the App Home's pending list and its "Open" modal say; the place too when the spa has several
        "summary": f"{service_name} at {blocks.clock(slot.start, slot.time_zone)} on {blocks.day_label(local.date())}"
        + (f" at {location.name}" if len(catalog.locations) > 1 else ""),
    }


def _candidate_json(candidate: Candidate, catalog: Catalog) -> dict[str, Any]:
    service = catalog.service(candidate.service_id)
    staff = catalog.staff_member(candidate.staff_id)
    return {
        "entry_id": candidate.entry_id,
        "client_id": candidate.client_id,
        "first_name": shown_first_name(candidate.first_name),
        "service_id": candidate.service_id,
        "service_name": service.name if service else candidate.service_id,
        "staff_id": candidate.staff_id,
        "staff_first_name": staff.first_name if staff else None,
        "resource_ids": list(candidate.resource_ids),
        "start": candidate.start.isoformat(),
        "end": candidate.end.isoformat(),
        "score": candidate.score,
        "reasons": list(candidate.reasons),
    }


def _named(candidates: list[dict[str, Any]], clients: Mapping[str, Client]) -> list[dict[str, Any]]:
    """Candidates sharing a first name are named on the card and in its thread by first name and last initial
    ("Kwame N.", "Kwame S."), so a manager can tell whom Approve or Next candidate is about; the text to the guest
    still greets them by first name."""
    shared = first_names_shared((candidate["client_id"], candidate["first_name"]) for candidate in candidates)
    for candidate in candidates:
        client = clients.get(candidate["client_id"])
        if candidate["first_name"] in shared and client is not None:
            candidate["name"] = client.short_name
    return candidates


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


# ---------------------------------------------------------------------------------------------------
# Drafts


async def _draft_invitation(
    copilot: Copilot, proposal_id: str, candidate: Mapping[str, Any], slot: OpenSlot, client: Client | None = None
) -> tuple[str, str]:
    """The SMS for one candidate (≤ 320 characters, "Reply YES", the hold) and the engine that drafted it."""
    catalog = await copilot.catalog()
    if client is None:
        client = await copilot.platform.get_client(candidate["client_id"])
    service = catalog.service(candidate["service_id"])
    if service is None:
        raise PlatformNotFound(f"service {candidate['service_id']} is no longer on the menu")
    # The one place that decides whether the guest is told which location: only when the spa has more than one.
    location = next((loc for loc in catalog.locations if loc.id == slot.location_id), None)
    invite = InvitationInput.from_client(
        client,
        service=service,
        starts_at=datetime.fromisoformat(candidate["start"]).astimezone(slot.tz),
        hold_minutes=copilot.settings.offer_hold_minutes,
        staff_first_name=candidate.get("staff_first_name"),
        location_name=location.name if location is not None and len(catalog.locations) > 1 else None,
        drafted_at=copilot.now(),  # a slot starting today in its zone is offered "today at 11:00 am"
    )
    flags: list[str] = []
    if copilot.ai is not None:
        # the location's therapists: a model's draft naming another of them than the slot's ("with Maya") is replaced
        roster = [m.first_name for m in catalog.staff if m.location_id == slot.location_id and m.active]
        drafted = await copilot.ai.fill_invitation(
            invite, redact=private_words(client), subject_id=proposal_id, staff_names=roster
        )
        text = drafted.text.strip()
        if drafted.fallback:  # the model did not answer, or its draft failed its checks: the card tells the approver
            why = "the model did not answer" if drafted.unanswered else "the model's draft was replaced"
            return text, f"{drafted.engine}; {why} ({', '.join(drafted.flags) or 'failed checks'})"
        if draft_problem(text) is None and "YES" in text and str(copilot.settings.offer_hold_minutes) in text:
            return text, drafted.engine
        flags = ["missing YES or the hold time"]
        logger.warning("fill draft for %s did not pass the checks; using the offline text", proposal_id)
    text = offline_drafts.invitation_text(invite, spa_name=copilot.settings.spa_name)
    return text, "offline" + (f"; the model's draft was replaced ({flags[0]})" if flags else "")


def draft_problem(text: str, *, starts_at: datetime | None = None) -> str | None:
    """Why a (possibly edited) SMS cannot be sent as is: empty or over 320 characters once the surrounding
    whitespace is stripped (as the saved text is), or no longer asking for the YES that books the slot (a guest
    who answers "lovely, see you then" to a text that never said how to claim is left to a person); with
    ``starts_at`` (the offered start, in the location's zone), no longer giving its clock time in any usual form
    ("11:00 am", "11am", "11:00", "at 11": ``names_slot_time``), as "A spot just opened today - want it? Reply YES"
    did: the guest would claim a time they were never told. None when fine."""
    text = text.strip()
    if not text:
        return EMPTY_DRAFT_TEXT
    if len(text) > SMS_LIMIT:
        return LONG_DRAFT_TEXT.format(limit=SMS_LIMIT, length=len(text))
    if not _names_a_claiming_reply(text):
        return NO_YES_DRAFT_TEXT
    if starts_at is not None and not names_slot_time(text, starts_at):
        return NO_TIME_DRAFT_TEXT.format(times=slot_time_words(starts_at))
    return None


def slot_time_words(starts_at: datetime) -> str:
    """How the edit modal and its refusal name the slot's time: ``"11:00 am" or "11am"``, ``"2:30 pm" or "2:30pm"``."""
    hour, half = starts_at.hour % 12 or 12, "am" if starts_at.hour < 12 else "pm"
    short = f"{hour}{half}" if starts_at.minute == 0 else f"{hour}:{starts_at.minute:02d}{half}"
    return f'"{hour}:{starts_at.minute:02d} {half}" or "{short}"'


def offered_start(row: Mapping[str, Any]) -> datetime | None:
    """The start the card's current candidate is offered (the opening's when the candidate has none), in the
    location's zone; None when the row does not say (then an edit's time is not checked)."""
    opening = row.get("opening") or {}
    candidates, index = row.get("candidates") or [], row.get("current_index") or 0
    start = (candidates[index].get("start") if 0 <= index < len(candidates) else None) or opening.get("start")
    try:
        return datetime.fromisoformat(start).astimezone(ZoneInfo(opening["time_zone"]))
    except (TypeError, ValueError, KeyError, ZoneInfoNotFoundError):
        return None


def edit_problem(copilot: Copilot, proposal_id: str, revision: int, text: str) -> str | None:
    """Why the edit modal's text cannot be saved on this card at this revision (``draft_problem`` with the offered
    start, or ``actionable_problem``); None when it can."""
    if problem := draft_problem(text) or actionable_problem(copilot, proposal_id, revision):
        return problem
    row = copilot.store.fill_proposal(proposal_id)
    return None if row is None else draft_problem(text, starts_at=offered_start(row))


def _names_a_claiming_reply(text: str) -> bool:
    """Whether the text names a reply that books the slot, in the words ``classify_reply`` takes for a yes ("Reply
    YES", "Responde SÍ", "Reply Y", "text BOOK IT"); "Sure to love it" or "absolutely" alone ask for nothing."""
    words, joined = _reply_words(text)
    return bool(set(words) & (_YES_CORE - _YES_NOT_ASKED)) or any(p in joined for p in _YES_CORE_PHRASES)


def _too_late_text(first_name: str, service_name: str, start: datetime, *, taken: bool = True) -> str:
    """The polite SMS to a YES that came too late: the slot was taken, or the hold ran out. The spot is named by its
    date, never "today" as an offer may: the reply waits for a manager, who may approve it on a later day."""
    long, short = (TOO_LATE_REPLY, TOO_LATE_REPLY_SHORT) if taken else (HOLD_RAN_OUT_REPLY, HOLD_RAN_OUT_REPLY_SHORT)
    first_name = greeting_name(first_name) or "there"  # "Hi there" when the first-name field holds no name
    text = long.format(first_name=first_name, service=service_name, when=offline_drafts.when_phrase(start))
    return text if len(text) <= SMS_LIMIT else short.format(first_name=first_name[:40])[:SMS_LIMIT]


# ---------------------------------------------------------------------------------------------------
# The card


@dataclass
class _CardLock:
    lock: asyncio.Lock
    users: int = 0  # the holder and the waiters


#: The lock of each card being posted or updated now. An entry lives while someone holds or waits for its lock and
#: goes when the last of them is done, so the map stays as small as the work in flight (it used to keep one lock per
#: proposal ever seen), while two calls on one card always meet the same lock.
_CARD_LOCKS: dict[str, _CardLock] = {}


@asynccontextmanager
async def _card_lock(proposal_id: str) -> AsyncIterator[None]:
    """Hold the card's lock: one post or update of a card at a time."""
    entry = _CARD_LOCKS.get(proposal_id)
    if entry is None:
        entry = _CARD_LOCKS[proposal_id] = _CardLock(asyncio.Lock())
    entry.users += 1
    try:
        async with entry.lock:
            yield
    finally:
        entry.users -= 1
        if entry.users == 0:  # nobody holds or waits: a later call starts a new lock
            del _CARD_LOCKS[proposal_id]


def proposal_view(row: Mapping[str, Any]) -> FillProposalView:
    """The card's inputs from a stored proposal."""
    opening = row["opening"]
    status = row["status"]
    state = ProposalState.pending if status in (PENDING, INFO, DRAFTING, ABANDONED) else ProposalState(status)
    decided_at = datetime.fromisoformat(row["decided_at"]) if row.get("decided_at") else None
    return FillProposalView(
        proposal_id=row["id"],
        revision=row["revision"],
        opening=Opening(
            appointment_id=opening["appointment_id"],
            start=datetime.fromisoformat(opening["start"]),
            end=datetime.fromisoformat(opening["end"]),
            service_name=opening["service_name"],
            time_zone=opening["time_zone"],
            staff_name=opening.get("staff_name"),
            room=opening.get("room"),
            location_name=opening.get("location_name"),
            staff_ids=tuple(opening.get("staff_ids") or ()),
        ),
        candidates=tuple(
            FillCandidate(
                c["client_id"], card_name(c), tuple(c["reasons"]), c.get("score"),
                service_name=c.get("service_name"), staff_name=c.get("staff_first_name"), staff_id=c.get("staff_id"),
            )
            for c in row["candidates"]
        ),
        flagged=tuple(
            FlaggedCandidate(f.get("short_name") or f["first_name"], f["flag_reason"], by_hand=bool(f.get("by_hand")))
            for f in row.get("flagged") or ()
        ),
        draft=row.get("draft") or "",
        current_index=row["current_index"],
        state=state,
        decided_by=row.get("decided_by"),
        decided_at=decided_at,
        reason=row.get("reason") or "",
        read_only=status == INFO,
        ai_generated=row.get("kind", "fill") == "fill" and bool(row.get("draft")) and _model_drafted(row.get("draft_engine")),
        model=row.get("draft_engine") if row.get("kind", "fill") == "fill" else None,
        booked=_booked_fill(row) if status == ProposalState.booked.value else None,
    )


def _model_drafted(draft_engine: str | None) -> bool:
    """Whether a model wrote the draft (as ``_draft_invitation`` and ``save_edit`` name it: "gpt-4o-mini", "gpt-4o-mini,
    edited"), not the offline engine ("offline", "offline; the model did not answer (…)", "offline, edited")."""
    return draft_engine is not None and re.split(r"[;,]", draft_engine, maxsplit=1)[0].strip() not in ("", OFFLINE)


def _booked_fill(row: Mapping[str, Any]) -> BookedFill | None:
    """What the YES booked, for the card, from what ``_deliver_booking`` stored in ``booked``: who, the service, the
    therapist, the booked times and the appointment id. None when nothing was stored (a proposal booked before
    these were kept): the card then shows its booked line with the stored sentence (``reason``)."""
    booked = row.get("booked")
    if not booked:
        return None
    zone = row["opening"]["time_zone"]
    start, end = datetime.fromisoformat(booked["start"]), datetime.fromisoformat(booked["end"])
    day = blocks.day_label(start.astimezone(ZoneInfo(zone)).date())
    return BookedFill(
        first_name=booked.get("first_name") or "The client",
        service_name=booked.get("service_name") or row["opening"]["service_name"],
        when=f"{day}, {blocks.clock_range(start, end, zone)}",
        staff_name=booked.get("staff_first_name"),
        appointment_id=booked.get("appointment_id"),
    )


def proposal_message(
    row: Mapping[str, Any], *, today: date | None = None, several_locations: bool = False
) -> SlackMessage:
    """The card as it should look now: a fill proposal, or a reply to a late YES (with what happened). Its
    notification names the slot's day unless it is ``today`` at the location, and the location when there are
    ``several_locations``."""
    if row.get("kind") == "reply":
        situation = row["opening"].get("situation") or row["opening"].get("summary") or ""
        view = proposal_view(row)
        return blocks.fill_reply_message(view, situation=_reply_situation(situation, view),
                                         hold_back=_waits_for_texting_hours(row))
    return blocks.fill_proposal_message(proposal_view(row), hold_back=_waits_for_texting_hours(row), today=today,
                                        several_locations=several_locations)


def _card_message(copilot: Copilot, row: Mapping[str, Any]) -> dict[str, Any]:
    """``proposal_message`` for posting now, as Slack's keyword arguments (a bug drawing it raises, with its traceback)."""
    today = copilot.now().astimezone(ZoneInfo(row["opening"]["time_zone"])).date()
    several = len(copilot.known_locations()) > 1
    if _is_call_list(row):
        row = _call_list(copilot, row)
    return proposal_message(row, today=today, several_locations=several).to_kwargs()


def _waits_for_texting_hours(row: Mapping[str, Any]) -> bool:
    """Whether the card shows Hold back: an offer, or a reply to a late YES, approved outside texting hours whose text
    has not gone out yet (the approval's reason says when it goes out; the send, a failure or a Hold back changes
    status or reason)."""
    return (row["status"] == ProposalState.approved.value
            and (row.get("reason") or "").startswith(DEFERRED_TEXT.split("{", 1)[0]))


async def _post_card(copilot: Copilot, proposal_id: str) -> bool:
    """Post the card once (True when this call posted it); a card Slack refused is posted by ``expire_offers``."""
    async with _card_lock(proposal_id):  # a first post and a re-post never both go out; an update waits for the post
        row = copilot.store.fill_proposal(proposal_id)
        if row is None or row.get("ts"):
            return False
        channel, thread_ts = copilot.settings.spa_front_desk_channel, None
        if row.get("parent_id"):
            parent = copilot.store.fill_proposal(row["parent_id"])
            if parent and parent.get("ts"):
                channel, thread_ts = parent["channel"], parent["ts"]
        message = _card_message(copilot, row)
        try:
            response = await copilot.slack.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
        except SLACK_FAILURES as exc:  # Slack refused or could not be reached: ``expire_offers`` posts it
            logger.warning("could not post fill proposal %s: %s", proposal_id, slack_failure(exc))
            return False
        copilot.store.update_fill_proposal(proposal_id, at=copilot.now(), channel=response["channel"], ts=response["ts"])
        return True


async def _refresh_card(copilot: Copilot, proposal_id: str) -> bool:
    """``chat.update`` the card in place; one update at a time per card, always from the latest row. A card Slack
    could not redraw just now (the connection, a rate limit, a 5xx) is marked ``card_stale`` and redrawn by
    ``expire_offers``, so it never keeps showing a state (or buttons) that has passed; one Slack refuses for good
    (deleted, too old to edit, a revoked token) is logged and left. False when it is left stale."""
    async with _card_lock(proposal_id):
        row = copilot.store.fill_proposal(proposal_id)
        if row is None or not row.get("ts"):
            return True
        message = _card_message(copilot, row)
        try:
            await copilot.slack.chat_update(channel=row["channel"], ts=row["ts"], **message)
            stale = 0
        except SLACK_FAILURES as exc:
            stale = 1 if is_temporary(exc) else 0
            logger.warning("could not update fill proposal %s: %s%s", proposal_id, slack_failure(exc),
                           "; redrawn later" if stale else "; left as it is")
        if (row.get("card_stale") or 0) != stale:
            copilot.store.update_fill_proposal(proposal_id, at=copilot.now(), card_stale=stale)
        return not stale


async def _thread_note(copilot: Copilot, proposal_id: str, text: str, *, by: str | None = None) -> bool:
    """A line in the card's thread (outcomes, replies); True when posted. Never raises (a note Slack refused is
    not posted again unless its caller says so: the card, redrawn until Slack takes it, shows the outcome). ``by``:
    the Slack user whose click it tells, named first (a mention; the text itself is escaped, never one)."""
    row = copilot.store.fill_proposal(proposal_id)
    if row is None:
        return False
    if row.get("parent_id"):
        row = copilot.store.fill_proposal(row["parent_id"]) or row
    if not row.get("ts"):
        return False
    note = blocks.notice_message(text).to_kwargs()
    if by is not None:
        who = blocks.mention(by)
        note["text"] = f"{who} {note['text']}"
        note["blocks"][0]["text"]["text"] = f"{who} {note['blocks'][0]['text']['text']}"
    try:
        await copilot.slack.chat_postMessage(channel=row["channel"], thread_ts=row["ts"], **note)
    except SLACK_FAILURES as exc:  # Slack refused or could not be reached: the steps after a note must still run
        logger.warning("could not post in the thread of %s: %s", proposal_id, slack_failure(exc))
        return False
    return True


async def _thread_note_once(copilot: Copilot, claim: str, proposal_id: str, text: str) -> None:
    """A thread note said once however often its cause comes back (a retried webhook, each try of an outage),
    guarded by ``claim``: released when the note could not be posted, so the next time posts it."""
    if copilot.store.claim_event(claim, source="fill") and not await _thread_note(copilot, proposal_id, text):
        copilot.store.release_event(claim)


# ---------------------------------------------------------------------------------------------------
# 2. The manager's decisions


async def _check_manager(copilot: Copilot, proposal_id: str, user_id: str, action: str) -> FillResult | None:
    if copilot.settings.spa_mode == Mode.read_only:
        return FillResult(False, READ_ONLY_REFUSAL, proposal_id)
    if not await copilot.roles.is_manager(user_id):
        copilot.store.audit(actor=user_id, action="fill.refused", subject_id=proposal_id, details={"action": action})
        return FillResult(False, texts.REFUSAL_TEXT.format(action=action), proposal_id)
    return None


def actionable_problem(copilot: Copilot, proposal_id: str, revision: int) -> str | None:
    """Why a click on this card at this revision cannot act (gone, decided, stale); None when it can."""
    row = copilot.store.fill_proposal(proposal_id)
    if row is None:
        return NOT_FOUND_TEXT
    if row["status"] != PENDING:
        return ALREADY_DECIDED_TEXT.format(status=row["status"])
    if row["revision"] != revision:
        return texts.STALE_CARD_TEXT
    return None


async def approve_fill(copilot: Copilot, proposal_id: str, revision: int, *, user_id: str) -> FillResult:
    """Approve Send: record the approval and the outbox item once, then send exactly the text shown."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "approving a text to a client"):
        return refused
    if problem := actionable_problem(copilot, proposal_id, revision):
        return FillResult(False, problem, proposal_id)
    store = copilot.store
    row = store.fill_proposal(proposal_id)
    assert row is not None
    index = row["current_index"]
    candidate = row["candidates"][index]
    is_fill = row["kind"] == "fill"
    slot = _slot_of(row)
    if is_fill and (gone := await _slot_gone(copilot, row, candidate)):
        if gone.code == "booking_back":
            return FillResult(False, BOOKING_BACK_REFUSAL, proposal_id)
        return FillResult(False, SLOT_GONE_TEXT.format(first_name=card_name(candidate), why=gone.why), proposal_id)
    # From here to the recorded approval nothing is awaited: two managers approving offers to the same guest on
    # two cards at once cannot both pass the cap, and a second click (a double click) that waited on the book
    # while the first was recorded is told the proposal was decided, not that the guest was already offered one.
    if problem := actionable_problem(copilot, proposal_id, revision):
        return FillResult(False, problem, proposal_id)
    day_start = _cap_day_start(copilot, slot.tz)
    if is_fill and _offers_counted(copilot, since=day_start).get(candidate["client_id"], 0) >= copilot.settings.offer_daily_cap:
        capped = CAPPED_TEXT if index + 1 < len(row["candidates"]) else CAPPED_LAST_TEXT
        return FillResult(False, capped.format(first_name=card_name(candidate)), proposal_id)
    # Quiet hours (TEXT_SEND_HOURS on the location's clock): outside them the approval is kept and the text waits
    # for the window to open. A text whose hold would still run when the slot starts (sent now within the hours,
    # or when they open) is not sent at all: it would promise the guest a hold the copilot cannot honour.
    opens = text_opens_at(copilot.now(), slot.tz, copilot.settings.text_send_window)
    if is_fill and too_late_for_a_text(slot.start, copilot.now(), copilot.settings.offer_hold_minutes, opens):
        return await _close_too_late_for_window(copilot, row, revision, opens, user_id=user_id)
    key = _text_key(row)
    message = OutboundMessage(
        channel=MessageChannel.sms,
        purpose=MessagePurpose.transactional,
        body=row["draft"],
        ai_generated=is_fill,
        approved_by=user_id,
    )
    offer_id = _offer_id(proposal_id, index) if is_fill else None
    payload = {
        "client_id": candidate["client_id"],
        "message": message.to_json_dict(),
        "proposal_id": proposal_id,
        "offer_id": offer_id,
        "entry_id": candidate.get("entry_id"),
        "engine": row.get("draft_engine"),
    }
    if opens is not None:
        payload[SEND_AFTER] = opens.isoformat()
    offer = {"id": offer_id, "client_id": candidate["client_id"], "waitlist_entry_id": candidate["entry_id"]} if is_fill else None
    if not store.record_fill_approval(
        proposal_id, revision=revision, approved_by=user_id, at=copilot.now(), outbox_key=key,
        outbox_kind=OUTBOX_SMS if is_fill else OUTBOX_REPLY, payload=payload, offer=offer,
    ):
        return FillResult(False, actionable_problem(copilot, proposal_id, revision) or texts.STALE_CARD_TEXT, proposal_id)
    store.audit(
        actor=user_id,
        action="fill.approved",
        subject_id=proposal_id,
        engine=row.get("draft_engine"),
        details={"clientId": candidate["client_id"], "text": row["draft"], "revision": revision, "outboxKey": key,
                 "aiGenerated": is_fill, "kind": row["kind"]} | ({"sendAfter": opens.isoformat()} if opens else {}),
    )
    if opens is not None:  # the card says at once when the text goes out (the re-drive sends it then)
        copilot.store.update_fill_proposal(
            proposal_id, at=copilot.now(), expect_status=ProposalState.approved.value,
            reason=DEFERRED_TEXT.format(when=_when_opens(copilot.now(), opens, slot.tz), window=_window_words(copilot)),
        )
        logger.info("fill %s approved outside TEXT_SEND_HOURS: the text waits until %s", proposal_id, opens.isoformat())
    await _refresh_card(copilot, proposal_id)
    await deliver(copilot, key)
    return FillResult(True, "", proposal_id)


async def hold_back_fill(copilot: Copilot, proposal_id: str, revision: int, *, user_id: str) -> FillResult:
    """Hold back: a manager takes back an approval whose text still waits for texting hours. In one transaction the
    waiting text is claimed (``_claim_waiting``: the re-drive at the opening cannot send it meanwhile, and of two
    clicks one claims it), the outbox item and the offer are settled as not sent and the proposal closes
    (``rejected``, by the manager). It closes rather than going back to pending: the idempotency key and the
    offer are one per proposal and candidate, so a new approval needs a new proposal (``/spa fill``, which the card
    names). A text that went out, or is going out, is left as it is and the click says so. A reply to a late YES
    waiting so is held back the same way (it has no offer; its card says the guest had no answer)."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "holding back a text to a client"):
        return refused
    row = copilot.store.fill_proposal(proposal_id)
    if row is None:
        return FillResult(False, NOT_FOUND_TEXT, proposal_id)
    if row["status"] != ProposalState.approved.value:  # sent, held back by someone else, closed…
        return FillResult(False, _hold_back_refusal(copilot, row), proposal_id)
    if row["revision"] != revision:
        return FillResult(False, texts.STALE_CARD_TEXT, proposal_id)
    store = copilot.store
    now = copilot.now()
    if row["kind"] == "fill":
        reason = HELD_BACK_REASON.format(appointment_id=row["opening"]["appointment_id"])
    else:
        first_name = card_name(row["candidates"][0]) if row["candidates"] else "The guest"
        reason = HELD_BACK_REPLY_REASON.format(first_name=first_name)
    try:
        # One transaction, no await inside: the claim, the item, the offer and the card stand or fall together. A
        # failure (or a process killed) after the claim leaves the text waiting, not claimed and unsettled (which
        # a restart sent at the opening while a second click was refused as "going out now").
        with store.transaction():
            item = _claim_waiting(copilot, _text_key(row))
            if item is None or not store.mark_outbox(item.key, status="failed", error="heldBack"):
                raise _NotHeldBack
            if offer_id := item.payload.get("offer_id"):
                store.update_fill_offer(offer_id, at=now, expect_status="approved", status="failed")
            if not store.update_fill_proposal(
                proposal_id, at=now, expect_status=ProposalState.approved.value, expect_revision=revision,
                bump_revision=True, status=ProposalState.rejected.value, decided_by=user_id,
                decided_at=now.isoformat(), reason=reason,
            ):  # the card moved meanwhile: its text is not failed under a card still saying approved
                raise _NotHeldBack
            store.audit(actor=user_id, action="fill.held_back", subject_id=proposal_id,
                        details={"clientId": item.payload.get("client_id"), "outboxKey": item.key,
                                 "approvedBy": row.get("decided_by"), "sendAfter": item.payload.get(SEND_AFTER),
                                 "closed": True})
    except _NotHeldBack:
        return FillResult(False, _hold_back_refusal(copilot, store.fill_proposal(proposal_id) or row), proposal_id)
    logger.info("fill %s: the waiting text %s held back by %s", proposal_id, item.key, user_id)
    await _refresh_card(copilot, proposal_id)
    return FillResult(True, "", proposal_id)


class _NotHeldBack(Exception):
    """Inside Hold back's transaction: nothing to hold back after all; everything written in it is rolled back."""


def _hold_back_refusal(copilot: Copilot, row: Mapping[str, Any]) -> str:
    """Why Hold back changed nothing: the text went out (or is going out now), or the proposal was decided since."""
    item = copilot.store.outbox_item(_text_key(row))
    if item is not None and item.status == "sent":
        return HELD_BACK_GONE_TEXT.format(state="already went out")
    if row["status"] == ProposalState.approved.value:
        return HELD_BACK_GONE_TEXT.format(state="is going out now (texting hours have opened, or it was tried already)")
    return ALREADY_DECIDED_TEXT.format(status=row["status"])


def waiting_texts_line(copilot: Copilot) -> str:
    """``2 texts wait for texting hours: the first goes out at 8:00am Juniper & Salt SoHo time``, or "" when no
    approved text waits for them (for ``/spa status`` and the App Home)."""
    now = copilot.now()
    waiting: list[tuple[datetime, Mapping[str, Any]]] = []
    for item in copilot.store.pending_outbox():
        if item.kind not in (OUTBOX_SMS, OUTBOX_REPLY) or not _text_waits(copilot, item.payload):
            continue
        row = copilot.store.fill_proposal(item.payload.get("proposal_id") or "")
        if row is None:
            continue
        tz = ZoneInfo(row["opening"]["time_zone"])
        after = item.payload.get(SEND_AFTER)
        goes = datetime.fromisoformat(after) if after and now < datetime.fromisoformat(after) else None
        goes = goes or text_opens_at(now, tz, copilot.settings.text_send_window) or now
        waiting.append((goes, row))
    if not waiting:
        return ""
    goes, row = min(waiting, key=lambda pair: pair[0])
    when = f"{_when_opens(now, goes, ZoneInfo(row['opening']['time_zone']))} {_place(row)} time"
    if len(waiting) == 1:
        return f"1 text waits for texting hours: it goes out {when}"
    return f"{len(waiting)} texts wait for texting hours: the first goes out {when}"


def too_late_for_a_text(slot_start: datetime, now: datetime, hold_minutes: int, opens: datetime | None) -> bool:
    """Whether a text approved ``now`` would promise a hold the slot cannot give: it goes out now (``opens`` None:
    within TEXT_SEND_HOURS) or when texting opens, and its ``hold_minutes`` hold would still run when the slot
    starts. Approve refuses such a text (``approve_fill``), a text waiting to go out is not sent
    (``_hold_past_the_slot``), and a card for such a slot offers no Approve (``_too_soon_reason``)."""
    return slot_start < (opens or now) + timedelta(minutes=hold_minutes)


def _too_soon_reason(copilot: Copilot, slot: OpenSlot) -> str | None:
    """Why no text can be offered for ``slot`` now (``TOO_SOON_TEXT``: the front desk calls instead), or None."""
    now, hold = copilot.now(), copilot.settings.offer_hold_minutes
    opens = text_opens_at(now, slot.tz, copilot.settings.text_send_window)
    if not too_late_for_a_text(slot.start, now, hold, opens):
        return None
    words = {"hold": hold, "slot": blocks.clock(slot.start, slot.time_zone)}
    if copilot.settings.spa_mode == Mode.read_only:  # it never texts: no hold or texting hours to explain
        return SOON_READ_ONLY_TEXT.format(slot=words["slot"])
    why = (TOO_SOON_HOLD_WHY.format(**words) if opens is None
           else TOO_SOON_WINDOW_WHY.format(opens=blocks.clock(opens, slot.time_zone), **words))
    return TOO_SOON_TEXT.format(why=why)


async def _close_too_soon(copilot: Copilot, row: Mapping[str, Any], reason: str, *, actor: str = COPILOT_ACTOR) -> bool:
    """A card waiting for a manager whose slot now starts before a text's hold could end: it closes with its ranked
    guests as a list to call (no Approve left to click, none that could work). True when this call closed it."""
    now = copilot.now()
    if not copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"],
        status=ProposalState.expired.value, decided_by=None, decided_at=now.isoformat(), reason=reason,
    ):
        return False
    copilot.store.audit(actor=actor, action="fill.closed", subject_id=row["id"],
                        details={"reason": "too soon for a text", "hold": copilot.settings.offer_hold_minutes})
    await _refresh_card(copilot, row["id"])
    await _thread_note_once(copilot, f"fill:{row['id']}:too-soon", row["id"],
                            NOW_TOO_SOON_NOTE.format(reason=_now_too_soon_words(reason)))
    return True


def _now_too_soon_words(reason: str) -> str:
    """``reason`` as the thread says it when the card turns into a list: "The slot now starts too soon for a text
    (…): call a guest on the card's list to offer it"."""
    words = reason.replace(blocks.TOO_SOON, "the slot now starts too soon for a text", 1)
    words = words.replace("call a guest on the list", "call a guest on the card's list", 1)
    return words[:1].upper() + words[1:]


def _is_call_list(row: Mapping[str, Any]) -> bool:
    """A fill card closed as a list of guests to call (its slot too soon for a text)."""
    return (row.get("kind", "fill") == "fill" and row["status"] == ProposalState.expired.value
            and (row.get("reason") or "").startswith((*blocks.CALL_LIST, blocks.CALL_OVER)))


def _call_list(copilot: Copilot, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` as a list-to-call card draws it: without the guests who said no to this card's text or opted out of
    texts (STOP), those whose text ran out or whom the card passed over marked (``CALL_NO_ANSWER``,
    ``CALL_SKIPPED``); nobody is the drafted one. Nobody left: the card says so (not "call a guest on the list")."""
    current, opted_out = row["current_index"], copilot.store.text_opted_out(c["client_id"] for c in row["candidates"])
    listed = []
    for index, candidate in enumerate(row["candidates"]):
        offer = copilot.store.fill_offer(_offer_id(row["id"], index)) if index <= current else None
        status = offer["status"] if offer else None
        if status in ("declined", "failed") or candidate["client_id"] in opted_out:
            continue  # said no, texted STOP, or their text could not go to them (opted out, gone)
        mark = None
        if status == "expired" and offer.get("yes_at"):
            mark = CALL_LATE_YES
        elif status == "expired":
            mark = CALL_NO_ANSWER
        elif index < current:
            mark = CALL_SKIPPED
        reasons = [mark, *(candidate.get("reasons") or [])] if mark else list(candidate.get("reasons") or [])
        listed.append({**candidate, "reasons": reasons})
    drawn = {**row, "candidates": listed, "current_index": 0}
    if not listed and not drawn["reason"].startswith(blocks.CALL_OVER):
        drawn["reason"] = CALL_NOBODY_LEFT
    return drawn


async def _close_too_late_for_window(
    copilot: Copilot, row: Mapping[str, Any], revision: int, opens: datetime | None, *, user_id: str
) -> FillResult:
    """An Approve for a slot starting before the text's hold would end, the text going out now (``opens`` None:
    within TEXT_SEND_HOURS) or when texting opens: no text could help, so nothing is sent and the proposal closes
    with why (every other candidate would meet the same clock)."""
    slot = _slot_of(row)
    now = copilot.now()
    words = {"slot": blocks.clock(slot.start, slot.time_zone), "hold": copilot.settings.offer_hold_minutes}
    if opens is None:
        reason = TOO_LATE_HOLD_TEXT.format(**words)
    else:
        reason = TOO_LATE_WINDOW_TEXT.format(opens=blocks.clock(opens, slot.time_zone), place=_place(row), **words)
    if not copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=PENDING, expect_revision=revision, status=ProposalState.expired.value,
        decided_by=user_id, decided_at=now.isoformat(), reason=reason,  # the card: "Not sent (Approve clicked by …)"
    ):
        return FillResult(False, actionable_problem(copilot, row["id"], revision) or texts.STALE_CARD_TEXT, row["id"])
    details = {"reason": "too late for the hold", "hold": copilot.settings.offer_hold_minutes}
    if opens is not None:
        details = {"reason": "outside TEXT_SEND_HOURS, too late for the slot", "opensAt": opens.isoformat()}
    copilot.store.audit(actor=user_id, action="fill.closed", subject_id=row["id"], details=details)
    await _refresh_card(copilot, row["id"])
    return FillResult(False, f"{reason}.", row["id"])


async def edit_modal(copilot: Copilot, proposal_id: str, revision: int, *, user_id: str) -> View | FillResult:
    """The Edit button: the modal with the current draft, or why it cannot be edited."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "editing a text to a client"):
        return refused
    if problem := actionable_problem(copilot, proposal_id, revision):
        return FillResult(False, problem, proposal_id)
    row = copilot.store.fill_proposal(proposal_id)
    assert row is not None
    first_name = card_name(row["candidates"][row["current_index"]])
    return blocks.edit_draft_modal(
        proposal_id, revision, row["draft"] or "", client_first_name=first_name,
        keep_time=slot_time_words(start) if (start := offered_start(row)) else None,
    )


async def save_edit(copilot: Copilot, proposal_id: str, revision: int, text: str, *, user_id: str) -> FillResult:
    """The edit modal's submission: the new text replaces the draft and bumps the revision."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "editing a text to a client"):
        return refused
    if problem := edit_problem(copilot, proposal_id, revision, text):
        return FillResult(False, problem, proposal_id)
    store = copilot.store
    row = store.fill_proposal(proposal_id)
    assert row is not None
    engine = row.get("draft_engine") or "offline"
    edited_engine = engine if engine.endswith(", edited") else f"{engine}, edited"
    if not store.update_fill_proposal(
        proposal_id, at=copilot.now(), expect_status=PENDING, expect_revision=revision, bump_revision=True,
        draft=text.strip(), draft_engine=edited_engine,
    ):
        return FillResult(False, texts.STALE_CARD_TEXT, proposal_id)
    store.audit(
        actor=user_id, action="fill.edited", subject_id=proposal_id, engine=engine,
        details={"before": row["draft"], "text": text.strip(), "revision": revision + 1},
    )
    await _refresh_card(copilot, proposal_id)
    return FillResult(True, "", proposal_id)


async def reject_modal(copilot: Copilot, proposal_id: str, revision: int, *, user_id: str) -> View | FillResult:
    """The Reject button: the reason modal, or why it cannot be rejected."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "rejecting a proposal"):
        return refused
    if problem := actionable_problem(copilot, proposal_id, revision):
        return FillResult(False, problem, proposal_id)
    return blocks.reject_reason_modal(proposal_id, revision)


async def reject_fill(copilot: Copilot, proposal_id: str, revision: int, reason: str, *, user_id: str) -> FillResult:
    """Close a pending proposal with an optional reason; nothing is sent."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "rejecting a proposal"):
        return refused
    now = copilot.now()
    if not copilot.store.update_fill_proposal(
        proposal_id, at=now, expect_status=PENDING, expect_revision=revision,
        status=ProposalState.rejected.value, decided_by=user_id, decided_at=now.isoformat(), reason=reason.strip() or None,
    ):
        return FillResult(False, actionable_problem(copilot, proposal_id, revision) or texts.STALE_CARD_TEXT, proposal_id)
    copilot.store.audit(actor=user_id, action="fill.rejected", subject_id=proposal_id, details={"reason": reason.strip()})
    await _refresh_card(copilot, proposal_id)
    return FillResult(True, "", proposal_id)


async def next_candidate(copilot: Copilot, proposal_id: str, revision: int, *, user_id: str) -> FillResult:
    """Skip to the next candidate: a fresh draft for them, again waiting for Approve."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "choosing the next candidate"):
        return refused
    if problem := actionable_problem(copilot, proposal_id, revision):
        return FillResult(False, problem, proposal_id)
    row = copilot.store.fill_proposal(proposal_id)
    assert row is not None
    index = _next_index(copilot, row)
    if index is None:
        return FillResult(False, NO_MORE_CANDIDATES_TEXT, proposal_id)
    if row["kind"] == "fill" and (too_soon := _too_soon_reason(copilot, _slot_of(row))):
        if not await _close_too_soon(copilot, row, too_soon, actor=user_id):
            return FillResult(False, actionable_problem(copilot, proposal_id, revision) or texts.STALE_CARD_TEXT, proposal_id)
        return FillResult(False, f"Nothing drafted: {too_soon}.", proposal_id)
    skipped = row["candidates"][row["current_index"]]
    moved = await _move_to(copilot, row, index, expect_status=PENDING, actor=user_id)
    if not moved:
        return FillResult(False, texts.STALE_CARD_TEXT, proposal_id)
    copilot.store.audit(actor=user_id, action="fill.skipped", subject_id=proposal_id, details={"clientId": skipped["client_id"]})
    # the thread tells who moved the card on, as it does after a STOP or a NO (the card names the next guest only)
    await _thread_note(copilot, proposal_id, NEXT_CLICKED_TEXT.format(
        first_name=card_name(skipped), next=_next_words(copilot, proposal_id)), by=user_id)
    return FillResult(True, "", proposal_id)


def _offers_counted(copilot: Copilot, *, since: datetime) -> dict[str, int]:
    """Offers per client since ``since`` against the daily cap; a client still holding an open offer counts as
    capped whatever the cap, so nobody has two offers to answer at once (a YES names no slot). ``since`` is a local
    midnight; offers approved after texting closed the evening before count too: their text went out this morning."""
    _, closes = copilot.settings.text_send_window
    counts = copilot.store.fill_offer_counts(since=since - timedelta(minutes=24 * 60 - closes))
    for client_id in copilot.store.clients_with_open_offers(now=copilot.now()):
        counts[client_id] = max(counts.get(client_id, 0), copilot.settings.offer_daily_cap)
    return counts


def _cap_day_start(copilot: Copilot, tz: ZoneInfo) -> datetime:
    """The local midnight starting the daily cap's day for a text approved now: the day it reaches the guest, i.e.
    the day texting next opens when ``TEXT_SEND_HOURS`` are closed (a 9:30pm Approve is texted, and counted,
    tomorrow; ``_offers_counted`` adds the offers approved after texting closed the evening before)."""
    now = copilot.now()
    opens = text_opens_at(now, tz, copilot.settings.text_send_window)
    day_start, _ = local_day_bounds((opens or now).astimezone(tz).date(), tz)
    return day_start


def _next_index(copilot: Copilot, row: Mapping[str, Any]) -> int | None:
    """The next candidate not yet offered a slot today up to the cap (other proposals may have offered one). One
    drafted on another card still waiting for a manager comes after everyone else, as the ranking lists them
    (``_drafted_elsewhere``): a card moving on skips them while anyone else is left, so one guest is not the
    drafted guest of two cards at once."""
    offered = _offers_counted(copilot, since=_cap_day_start(copilot, _slot_of(row).tz))
    left = [
        index for index in range(row["current_index"] + 1, len(row["candidates"]))
        if offered.get(row["candidates"][index]["client_id"], 0) < copilot.settings.offer_daily_cap
    ]
    elsewhere = _drafted_elsewhere(copilot, _slot_of(row)) if left else {}
    return next((i for i in left if row["candidates"][i]["client_id"] not in elsewhere), left[0] if left else None)


def _is_drafted_elsewhere_reason(reason: str) -> bool:
    """A candidate's reason saying they are the drafted guest of another card (``_drafted_elsewhere``'s words)."""
    return reason.startswith("drafted on the ") and reason.endswith(": one offer at a time")


def _candidates_now(copilot: Copilot, row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The card's candidates with their "drafted on the … card" reasons as they are now: the other cards have moved
    on, been approved or closed since the ranking (said first, as the ranking says it)."""
    elsewhere = _drafted_elsewhere(copilot, _slot_of(row))
    candidates = []
    for candidate in row["candidates"]:
        reasons = [r for r in candidate.get("reasons") or [] if not _is_drafted_elsewhere_reason(r)]
        if where := elsewhere.get(candidate["client_id"]):
            reasons.insert(0, where)
        candidates.append({**candidate, "reasons": reasons})
    return candidates


async def _move_to(copilot: Copilot, row: Mapping[str, Any], index: int, *, expect_status: str, actor: str) -> bool:
    """Redraft for the candidate at ``index``; the proposal waits for a manager again."""
    candidate = row["candidates"][index]
    draft, engine = await _draft_invitation(copilot, row["id"], candidate, _slot_of(row))
    status = INFO if copilot.settings.spa_mode == Mode.read_only else PENDING
    moved = copilot.store.update_fill_proposal(
        row["id"], at=copilot.now(), expect_status=expect_status, expect_revision=row["revision"], bump_revision=True,
        status=status, current_index=index, draft=draft, draft_engine=engine, decided_by=None, decided_at=None,
        reason=None, candidates=_candidates_now(copilot, row),
    )
    if moved:
        copilot.store.audit(
            actor=actor, action="fill.next", subject_id=row["id"], engine=engine,
            details={"clientId": candidate["client_id"], "index": index, "draft": draft},
        )
        await _refresh_card(copilot, row["id"])
    return moved


async def _advance_after(
    copilot: Copilot, proposal_id: str, note: str, *, from_status: str = ProposalState.sent.value
) -> None:
    """After a NO, an expired hold or an opt-out: the next candidate (waiting for Approve), or the proposal closes."""
    row = copilot.store.fill_proposal(proposal_id)
    if row is None or row["status"] != from_status:
        return
    now = copilot.now()
    closing = None
    index = _next_index(copilot, row)
    if datetime.fromisoformat(row["opening"]["start"]) <= now:
        closing = "the slot has started"
    elif index is None:
        closing = NO_CANDIDATES_LEFT
    elif row["kind"] == "fill":  # no text to the next one could go out in time: the card is a list to call
        closing = _too_soon_reason(copilot, _slot_of(row))
    if closing is not None:
        if copilot.store.update_fill_proposal(
            proposal_id, at=now, expect_status=from_status, expect_revision=row["revision"],
            status=ProposalState.expired.value, decided_by=None, decided_at=now.isoformat(), reason=closing,
        ):
            copilot.store.audit(actor=COPILOT_ACTOR, action="fill.closed", subject_id=proposal_id, details={"reason": closing})
            await _thread_note(copilot, proposal_id, f"{note} The proposal is closed: {closing}.")
            await _refresh_card(copilot, proposal_id)
        return
    assert index is not None
    if await _move_to(copilot, row, index, expect_status=from_status, actor=COPILOT_ACTOR):
        await _thread_note(copilot, proposal_id, f"{note} {_next_words(copilot, proposal_id)}")


def _next_words(copilot: Copilot, proposal_id: str) -> str:
    """The thread's words for the candidate a card moved to: ``Next: Chloe, waiting for a manager's approval.``, and
    why when they are the drafted guest of another card too (nobody else was left)."""
    row = copilot.store.fill_proposal(proposal_id)
    if row is None:
        return ""
    nxt = row["candidates"][row["current_index"]]
    also = next((f" ({r})" for r in nxt.get("reasons") or [] if _is_drafted_elsewhere_reason(r)), "")
    return f"Next: {card_name(nxt)}, waiting for a manager's approval{also}."


# ---------------------------------------------------------------------------------------------------
# Exactly-once delivery through the outbox


async def deliver(copilot: Copilot, key: str) -> bool:
    """Send one due fill outbox item under its idempotency key; True when it went through now.

    The item is claimed first (one sender at a time, whoever calls); an unexpected error hands the claim back
    for the next re-drive, and a process that dies mid-send leaves a lease that runs out.
    """
    if copilot.settings.spa_mode == Mode.read_only:  # the kill switch: the item waits for writes to be allowed
        return False
    store = copilot.store
    item = store.outbox_item(key)
    if item is None or item.kind not in FILL_OUTBOX_KINDS:
        return False
    if item.kind in (OUTBOX_SMS, OUTBOX_REPLY) and _text_waits(copilot, item.payload):
        return False  # quiet hours at the location: left pending, the re-drive sends it when texting opens
    if not store.claim_outbox(key, now=copilot.now(), lease=OUTBOX_LEASE):
        return False
    try:
        if item.kind == OUTBOX_BOOKING:
            return await _deliver_booking(copilot, key, item.payload)
        if item.kind == OUTBOX_WAITLIST:
            return await _deliver_waitlist_status(copilot, key, item.payload)
        return await _deliver_message(copilot, key, item.kind, item.payload)
    except BaseException:
        store.mark_outbox(key, status="pending", error="interrupted")
        raise


def text_opens_at(now: datetime, tz: ZoneInfo, window: tuple[int, int]) -> datetime | None:
    """None when a text may reach a guest at ``now`` at a location in ``tz`` (``window``: TEXT_SEND_HOURS as minutes
    of the location's wall-clock day); else when the window next opens there (in UTC; a DST change on the way is
    the zone's to apply, so 8:00am stays 8:00am)."""
    start, end = window
    local = now.astimezone(tz)
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1_000_000
    if start * 60 <= seconds < end * 60:
        return None
    day = local.date() if seconds < start * 60 else local.date() + timedelta(days=1)
    return _texting_opens_on(day, tz, start).astimezone(UTC)


def _texting_opens_on(day: date, tz: ZoneInfo, start: int) -> datetime:
    """The moment texting opens on ``day`` at a location in ``tz`` (``start``: TEXT_SEND_HOURS' start, minutes)."""
    return datetime.combine(day, time(start // 60, start % 60), tzinfo=tz)


def _text_waits(copilot: Copilot, payload: Mapping[str, Any]) -> bool:
    """Whether an approved text must wait: before the moment its approval deferred it to, or (whatever it was
    approved at, e.g. re-driven after an outage) outside TEXT_SEND_HOURS at its location now."""
    now = copilot.now()
    if (after := payload.get(SEND_AFTER)) and now < datetime.fromisoformat(after):
        return True
    row = copilot.store.fill_proposal(payload.get("proposal_id") or "")
    if row is None:
        return False
    tz = ZoneInfo(row["opening"]["time_zone"])
    return text_opens_at(now, tz, copilot.settings.text_send_window) is not None


def _window_words(copilot: Copilot) -> str:
    """TEXT_SEND_HOURS as the card says them: ``8:00am–9:00pm``, ``12:00am–midnight``."""
    return "–".join(said_clock(hh_mm) for hh_mm in copilot.settings.text_send_hours.split("-"))


def _place(row: Mapping[str, Any]) -> str:
    return row["opening"].get("location_name") or row["opening"]["time_zone"]


def _when_opens(now: datetime, opens: datetime, tz: ZoneInfo) -> str:
    """``at 8:00am``, or ``tomorrow at 8:00am`` when texting opens on the next local day."""
    day = "tomorrow " if opens.astimezone(tz).date() != now.astimezone(tz).date() else ""
    return f"{day}at {blocks.clock(opens, str(tz))}"


class OutboxRedriveError(Exception):
    """Some fill outbox items failed with an unexpected error (a bug); the others were delivered. Raised by
    ``redrive_outbox`` after the whole pass, so the scheduler reports the job's failure (once, in the ops channel)."""


async def redrive_outbox(copilot: Copilot) -> int:
    """Re-send every due fill outbox item with its original key (startup and periodically).

    Each item on its own: one failing with an unexpected error (a bug, a payload an older version wrote) is logged,
    handed back for the next pass and does not hold up the items after it; the pass then raises
    ``OutboxRedriveError`` naming the keys that failed."""
    delivered = 0
    broken: list[str] = []
    for item in copilot.store.pending_outbox(now=copilot.now()):
        if item.kind not in FILL_OUTBOX_KINDS:
            continue
        try:
            if await deliver(copilot, item.key):
                delivered += 1
        except Exception:
            logger.exception("fill outbox item %s failed; it is tried again at the next re-drive", item.key)
            broken.append(item.key)
    if delivered:
        logger.info("fill outbox re-driven: %d item(s) delivered", delivered)
    if broken:
        raise OutboxRedriveError(f"{len(broken)} outbox item(s) failed: {', '.join(broken)[:300]}")
    return delivered


def _too_late_to_write(copilot: Copilot, kind: str, payload: Mapping[str, Any]) -> str | None:
    """Why an approved offer or booking must not go out any more (the card moved on, the slot began); else None."""
    if kind == OUTBOX_REPLY:
        return None
    row = copilot.store.fill_proposal(payload["proposal_id"])
    expected = ProposalState.approved.value if kind == OUTBOX_SMS else ProposalState.sent.value
    if row is None or row["status"] != expected:
        return f"the proposal is {row['status'] if row else 'gone'}"
    if datetime.fromisoformat(row["opening"]["start"]) <= copilot.now():
        return "the slot has started"
    return None


async def _deliver_message(copilot: Copilot, key: str, kind: str, payload: dict[str, Any]) -> bool:
    store = copilot.store
    proposal_id, offer_id = payload["proposal_id"], payload.get("offer_id")
    message = OutboundMessage.model_validate(payload["message"])
    if reason := _too_late_to_write(copilot, kind, payload):
        await _fail_message(copilot, key, payload, reason, "stale")
        return False
    waited = kind == OUTBOX_SMS and _waited_for_texting_hours(copilot, payload)
    if waited and (gone := _hold_past_the_slot(copilot, payload) or await _deferred_slot_gone(copilot, payload)):
        await _fail_message(copilot, key, payload, *gone)
        return False
    if kind == OUTBOX_SMS and not waited and (item := store.outbox_item(key)) is not None and item.attempts > 0 and (
        gone := _hold_past_the_slot(copilot, payload, when="when the spa system answered again")
    ):  # a send an outage held up within texting hours: its hold, too, must end before the slot starts
        await _fail_message(copilot, key, payload, *gone)
        return False
    opted_out: str | None = None
    try:
        # Consent is read again right before sending: an opt-out since the proposal wins over the approval.
        client = await copilot.platform.get_client(payload["client_id"])
        if client.messaging_preferences.transactional_text == "optedOut" or store.text_opted_out([client.id]):
            opted_out = OPTED_OUT_TEXT.format(first_name=shown_first_name(client.first_name))
        else:
            sent = await copilot.platform.send_message(payload["client_id"], message, idempotency_key=key)
    except PlatformUnavailable as exc:
        item = store.outbox_item(key)
        store.mark_outbox(key, status="pending", error=type(exc).__name__)
        logger.warning("fill message %s not sent yet (%s); the outbox will retry", key, type(exc).__name__)
        if item is not None and item.attempts == 0:  # said once, not at every retry
            await _thread_note(copilot, proposal_id, NOT_SENT_YET_TEXT)
        return False
    except PlatformError as exc:
        await _fail_message(copilot, key, payload, "the spa system refused the message", type(exc).__name__)
        return False
    if opted_out is not None:  # outside the try: what follows the opt-out (the next draft) is no failure of the send
        await _fail_message(copilot, key, payload, opted_out, "optedOut")
        return False
    now = copilot.now()
    offered = False
    # One transaction, no await inside: a process killed now leaves either nothing recorded (the outbox sends again
    # under the same key, which the platform answers without a second text) or everything (a YES can be booked).
    with store.transaction():
        # the platform's time the text went out (the first send's, for a repeat): a YES timed before it answers
        # something else (``_accept``)
        store.mark_outbox(key, status="sent", result={"messageId": sent.id, "sentAt": sent.sent_at.isoformat()})
        if offer_id:
            expires = now + timedelta(minutes=copilot.settings.offer_hold_minutes)
            offered = store.update_fill_offer(
                offer_id, at=now, expect_status="approved", status="sent", sent_at=now.isoformat(),
                expires_at=expires.astimezone(UTC).isoformat(),
            )
        deferred = {}
        if payload.get(SEND_AFTER) and (row := store.fill_proposal(proposal_id)) is not None:
            deferred["reason"] = DEFERRED_SENT_TEXT.format(
                at=blocks.clock(now, row["opening"]["time_zone"]), window=_window_words(copilot))
        store.update_fill_proposal(
            proposal_id, at=now, expect_status=ProposalState.approved.value, status=ProposalState.sent.value,
            **deferred,
        )
        store.audit(
            actor=message.approved_by, action="fill.sent" if kind == OUTBOX_SMS else "fill.reply_sent",
            subject_id=proposal_id, engine=payload.get("engine"),
            details={"messageId": sent.id, "clientId": payload["client_id"], "text": message.body,
                     "aiGenerated": message.ai_generated, "outboxKey": key},
        )
    if offered and payload.get("entry_id"):
        await _set_waitlist_status(copilot, payload["entry_id"], WaitlistStatus.offered, key=f"{key}:offered")
    await _refresh_card(copilot, proposal_id)
    return True


def _waited_for_texting_hours(copilot: Copilot, payload: Mapping[str, Any]) -> bool:
    """Whether an offer's text waited for texting to open since its approval: approved outside ``TEXT_SEND_HOURS``
    (``SEND_AFTER``), or approved within them but kept past their close by an outage (approved before they opened
    today). Its slot is then re-checked before the send, as hours went by; a retry within the same hours is not."""
    if payload.get(SEND_AFTER):
        return True
    row = copilot.store.fill_proposal(payload.get("proposal_id") or "")
    if row is None or not row.get("decided_at"):
        return False
    tz = ZoneInfo(row["opening"]["time_zone"])
    now = copilot.now()
    start, _ = copilot.settings.text_send_window
    opened = _texting_opens_on(now.astimezone(tz).date(), tz, start)
    return datetime.fromisoformat(row["decided_at"]) < opened <= now


def _hold_past_the_slot(
    copilot: Copilot, payload: Mapping[str, Any], *, when: str = "when texting opened"
) -> tuple[str, str] | None:
    """A text that waited for texting hours (or for the spa system, after an outage: ``when`` says which) and goes
    out so late (the hours narrowed overnight, an outage at the opening) that its hold would still run when the slot
    starts: not sent, as Approve refuses it (why, error)."""
    row = copilot.store.fill_proposal(payload["proposal_id"])
    if row is None:
        return None
    slot = _slot_of(row)
    hold = copilot.settings.offer_hold_minutes
    if not too_late_for_a_text(slot.start, copilot.now(), hold, None):
        return None
    why = f"the {blocks.clock(slot.start, slot.time_zone)} slot starts before a {hold}-minute hold would end"
    return f"nothing was sent {when}: {why}", "tooLate"


#: Why a text that waited for texting hours is not sent to this guest, while the slot stays open to the next one.
GUEST_GONE_TEXT = "Nothing was sent to {first_name} when texting opened: {why}"


async def _deferred_slot_gone(copilot: Copilot, payload: Mapping[str, Any]) -> tuple[str, str] | None:
    """An offer that waited for texting hours: the slot re-checked for its client as Approve does (the book may have
    changed for hours); why it is not sent and the error to record, or None. ``guestGone`` (the guest taken off the
    waitlist, booked elsewhere then): the slot is still open, so the proposal moves to the next candidate as after
    an opt-out; ``slotGone``: the proposal fails. The daily cap needs no second look: the waiting offer counted as
    the client's open one all along, so no other offer to them could be approved meanwhile."""
    row = copilot.store.fill_proposal(payload["proposal_id"])
    if row is None:
        return None
    candidate = row["candidates"][row["current_index"]]
    if (gone := await _slot_gone(copilot, row, candidate)) is None:
        return None
    if gone.code in ("entry_gone", "client_busy"):
        return GUEST_GONE_TEXT.format(first_name=card_name(candidate), why=gone.why), "guestGone"
    why = BOOKING_BACK_TEXT if gone.code == "booking_back" else f"the slot is no longer free for {card_name(candidate)} ({gone.why})"
    return f"nothing was sent when texting opened: {why}", "slotGone"


async def _fail_message(copilot: Copilot, key: str, payload: dict[str, Any], reason: str, error: str) -> None:
    """Nothing was sent: settle the item and the offer, once; an opted-out candidate (or one who can no longer take
    the slot when a text that waited for texting hours goes out: ``guestGone``) makes way for the next one.

    What is recorded (item failed, offer failed, ``fill.send_failed``, the proposal failed unless the client opted
    out) is one transaction, written only by whoever settles the claimed item first, so a send is audited as failed
    exactly once. The move to the next candidate after an opt-out comes after it and may meet an outage: then the
    proposal stays ``approved`` with its offer ``failed``, and ``expire_offers`` takes the move up again
    (``_move_on_after_answer``).
    """
    store = copilot.store
    now = copilot.now()
    proposal_id, offer_id = payload["proposal_id"], payload.get("offer_id")
    opted_out = error in ("optedOut", "guestGone") and bool(offer_id)  # the next candidate may still have the slot
    with store.transaction():
        if not store.mark_outbox(key, status="failed", error=error[:300]):
            return  # already settled (by a re-drive that took over a claim whose lease ran out, or a click)
        if offer_id:
            store.update_fill_offer(offer_id, at=now, expect_status="approved", status="failed")
        store.audit(actor=COPILOT_ACTOR, action="fill.send_failed", subject_id=proposal_id,
                    details={"outboxKey": key, "error": error, "reason": reason})
        failed = not opted_out and store.update_fill_proposal(
            proposal_id, at=now, expect_status=ProposalState.approved.value, status=ProposalState.failed.value,
            reason=reason,
        )
    if failed:
        await _refresh_card(copilot, proposal_id)
    if opted_out:
        try:
            await _advance_after(copilot, proposal_id, f":no_entry: {reason}.", from_status=ProposalState.approved.value)
        except PlatformError as exc:
            logger.warning("fill proposal %s: the move on after an opt-out waits for the platform (%s)",
                           proposal_id, type(exc).__name__)


async def _deliver_booking(copilot: Copilot, key: str, payload: dict[str, Any]) -> bool:
    store = copilot.store
    proposal_id, offer_id = payload["proposal_id"], payload["offer_id"]
    request = BookingRequest.model_validate(payload["booking"])
    first_name = payload.get("first_name", "The client")
    if reason := _too_late_to_write(copilot, OUTBOX_BOOKING, payload):
        await _booking_failed(copilot, key, payload, reason, taken=False)
        return False
    try:
        appointment = await copilot.platform.book_appointment(request, idempotency_key=key)
    except PlatformUnavailable as exc:
        store.mark_outbox(key, status="pending", error=type(exc).__name__)
        logger.warning("fill booking %s not made yet (%s); the outbox will retry", key, type(exc).__name__)
        return False
    except PlatformError as exc:
        taken = isinstance(exc, PlatformConflict)
        reason = f"the slot was taken before {first_name}'s YES" if taken else "the spa system refused the booking"
        await _booking_failed(copilot, key, payload, reason, taken=taken, error=type(exc).__name__)
        return False
    now = copilot.now()
    store.mark_outbox(key, status="sent", result={"appointmentId": appointment.id})
    store.update_fill_offer(offer_id, at=now, expect_status="accepting", status="booked", booked_appointment_id=appointment.id)
    if request.waitlist_entry_id:
        await _set_waitlist_status(copilot, request.waitlist_entry_id, WaitlistStatus.booked, key=f"{key}:booked")
    row = store.fill_proposal(proposal_id)
    opening = row["opening"] if row else {}
    booked = _booked_record(appointment, request, first_name, row["candidates"] if row else [])
    when = blocks.clock_range(appointment.start_at, appointment.end_at, opening.get("time_zone", "UTC"))
    summary = f"{first_name} replied YES: booked {booked['service_name']} {when} (appointment {appointment.id})"
    store.update_fill_proposal(
        proposal_id, at=now, expect_status=ProposalState.sent.value, status=ProposalState.booked.value, reason=summary,
        booked=booked,
    )
    store.audit(actor=COPILOT_ACTOR, action="fill.booked", subject_id=proposal_id,
                details={"appointmentId": appointment.id, "clientId": request.client_id, "outboxKey": key})
    await _thread_note(copilot, proposal_id, f":tada: {summary}.")
    await _refresh_card(copilot, proposal_id)
    return True


def _booked_record(
    appointment: Appointment, request: BookingRequest, first_name: str, candidates: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """What the YES booked, as the proposal keeps it (``booked``) for the card: the appointment, the client, the
    service and therapist (the offered candidate's names for the ids booked) and the booked times."""
    line = next((line for line in appointment.services if line.service_id == request.service_id), None)
    line = line or (appointment.services[0] if appointment.services else None)
    staff_id = (line.staff_id if line else None) or request.staff_id
    service_id = line.service_id if line else request.service_id
    offered = next((c for c in candidates if c.get("client_id") == request.client_id
                    and (c.get("entry_id") == request.waitlist_entry_id or not request.waitlist_entry_id)), {})
    service_name = (line.service_name if line else "") or (
        offered.get("service_name") if offered.get("service_id") == service_id else None) or "the service"
    return {
        "appointment_id": appointment.id,
        "client_id": request.client_id,
        "first_name": first_name,
        "service_id": service_id,
        "service_name": service_name,
        "staff_id": staff_id,
        "staff_first_name": offered.get("staff_first_name") if offered.get("staff_id") == staff_id else None,
        "start": appointment.start_at.isoformat(),
        "end": appointment.end_at.isoformat(),
    }


async def _booking_failed(
    copilot: Copilot, key: str, payload: Mapping[str, Any], reason: str, *, taken: bool, error: str = "stale"
) -> None:
    store = copilot.store
    now = copilot.now()
    proposal_id, offer_id = payload["proposal_id"], payload["offer_id"]
    store.mark_outbox(key, status="failed", error=f"{error}: {reason}"[:300])
    store.update_fill_offer(offer_id, at=now, expect_status="accepting", status="lost" if taken else "failed")
    store.update_fill_proposal(
        proposal_id, at=now, expect_status=ProposalState.sent.value,
        status=ProposalState.expired.value if taken else ProposalState.failed.value, reason=reason,
    )
    store.audit(actor=COPILOT_ACTOR, action="fill.booking_failed", subject_id=proposal_id,
                details={"outboxKey": key, "error": error, "reason": reason})
    await _thread_note(copilot, proposal_id, f":warning: Could not book {payload.get('first_name', 'the client')}: {reason}.")
    await _refresh_card(copilot, proposal_id)
    if taken:
        offer = store.fill_offer(offer_id)
        if offer is not None:
            await _propose_too_late_reply(copilot, offer)


async def _set_waitlist_status(copilot: Copilot, entry_id: str, status: WaitlistStatus, *, key: str) -> None:
    """Keep the platform's waitlist in step, through the outbox: an entry left "offered" by an outage would drop
    out of every later ranking, so the write is re-driven until the platform takes it (the booking or the offer
    already stands either way)."""
    if copilot.settings.spa_mode == Mode.read_only:
        return
    copilot.store.enqueue(key, kind=OUTBOX_WAITLIST, subject_id=entry_id, payload={"entry_id": entry_id, "status": status.value})
    await deliver(copilot, key)


async def _deliver_waitlist_status(copilot: Copilot, key: str, payload: Mapping[str, Any]) -> bool:
    entry_id, status = payload["entry_id"], payload["status"]
    if copilot.store.superseded(key):  # e.g. "offered" re-driven after the NO's "waiting" went through
        copilot.store.mark_outbox(key, status="failed", error="superseded")
        return False
    try:
        await copilot.platform.update_waitlist_entry(entry_id, changes={"status": status}, idempotency_key=key)
    except PlatformUnavailable as exc:
        copilot.store.mark_outbox(key, status="pending", error=type(exc).__name__)
        logger.warning("waitlist entry %s not set to %s yet (%s); the outbox will retry", entry_id, status, type(exc).__name__)
        return False
    except PlatformError as exc:  # e.g. the entry was removed or booked meanwhile: nothing to keep in step
        copilot.store.mark_outbox(key, status="failed", error=type(exc).__name__)
        logger.warning("waitlist entry %s not set to %s: %s", entry_id, status, type(exc).__name__)
        return False
    copilot.store.mark_outbox(key, status="sent")
    return True


# ---------------------------------------------------------------------------------------------------
# 3. The client's reply and the hold


#: A YES needs one of these and nothing but YES vocabulary around it; anything else is NO or "other".
#: "Sí" too: a guest who answers in Spanish ("Sí, gracias", "Sí por favor") means yes as plainly as one who says YES.
_YES_CORE = frozenset({
    "yes", "y", "yep", "yeah", "yea", "yup", "yas", "yess", "sure", "ok", "okay", "k", "absolutely", "definitely", "sí", "si",
    "oui", "sim",
})
_YES_CORE_PHRASES = (
    "i'll take it", "i will take it", "ill take it", "count me in", "book me", "book it", "sounds good", "i want it",
    "of course", "i'm in", "im in", "sure thing",
)
_YES_FILLER = frozenset({
    "please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "so", "much", "i'll", "ill", "i", "will", "take", "it",
    "that", "one", "great", "perfect", "sounds", "good", "count", "me", "in", "book", "love", "to", "would", "i'd",
    "works", "for", "the", "slot", "spot", "awesome", "amazing", "lovely", "wonderful", "of", "course", "want", "hi",
    "hello", "see", "then", "oh", "ya", "yay", "a", "lot", "claim", "claimed", "definitely", "absolutely", "sure",
    "actually", "really", "just", "be", "there", "gracias", "por", "favor", "claro", "que", "thing", "i'm", "im",
    "merci", "obrigada", "obrigado",
})
#: Yes-words an invitation does not ask for a reply with by using them ("we are sure you will love it").
_YES_NOT_ASKED = frozenset({"absolutely", "definitely", "sure", "k"})
#: "Yesss", "YESSSS": a yes however many s it has.
_DRAWN_OUT_YES = re.compile(r"ye+s+")
_NO_CORE = frozenset({"no", "n", "nope", "nah", "not", "can't", "cannot", "cant", "don't", "dont", "won't", "wont", "pass", "decline"})
_NO_PHRASES = ("not this time", "can't make it", "cannot make it", "cant make it", "no thanks", "not interested")
#: Enthusiasm or indifference worded like a negation ("Can't wait!", "No problem!", "I don't mind"): never a no.
#: Taken out of the reply before a negation is looked for; what remains decides ("Yes! Can't wait" is a yes,
#: "Can't wait!" or "I don't mind" alone is "other", for a person to follow up).
_EAGER_PHRASES = re.compile(
    r"\b(?:can't wait|cant wait|cannot wait|can not wait|no problem|no problemo|not a problem|no prob|no probs|"
    r"no worries|(?:i )?(?:don't|dont|do not) mind(?: if i do| at all)?)\b"
)
#: The opt-out keywords SMS providers honour: a reply of only these (and politeness) means "no more texts".
#: Inside a sentence "cancel" or "end" mean something else ("see you at the end of the day"): a person reads it.
_STOP_KEYWORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "alto", "parar"})
_STOP_POLITENESS = frozenset({"please", "pls", "plz", "ok", "okay", "now", "thanks", "thank", "you", "yes", "y", "just"})
#: A no said with an opt-out ("NO STOP", "Not interested, stop", "No thanks. Unsubscribe"): still "no more texts". Only
#: these keywords ("No, cancel" may be about a booking) and only a plain no beside them ("No, don't stop" is not one).
_STOP_FIRM = frozenset({"stop", "stopall", "unsubscribe", "quit", "optout"})
_STOP_WITH_NO = frozenset({"no", "n", "nope", "nah", "not", "interested"})
#: Phrases that ask for no more texts wherever they stand in the reply (the text as words, "opt-out" → "opt out").
_STOP_PHRASES = re.compile(
    r"\b(?:unsubscribe|stopall|opt ?out|"
    r"stop (?:texting|txting|messaging|sending|contacting|the texts|these texts|texts|messages)|"
    r"(?:remove|take) me(?: off)?\b|no more (?:texts|txts|messages|texting)|"
    r"(?:don't|dont|do not|never) (?:text|txt|message|contact) me|leave me alone)\b"
)
#: A guest still deciding ("I don't know yet", "No idea, let me check", "Can't decide", "Not yet, checking with my
#: boss") has not said no: a NO would end their hold and offer the slot on; a person follows up instead.
_UNDECIDED_PHRASES = re.compile(
    r"\b(?:(?:don't|dont|do not|didn't|didnt) know|no (?:idea|clue)|not sure|"
    r"(?:can't|cant|cannot|can not) (?:tell|decide|say|be sure)|(?:won't|wont|will not) know|not until|not yet|"
    r"let me (?:check|see|think|ask|get back)|checking|check with|get back to you|(?:i'll|ill|i will|will) let you know)\b"
)
#: A question or a condition needs a person: "yes but can we do 3pm?", "yes if it's with Kai".
_QUALIFIERS = frozenset({
    "but", "instead", "if", "unless", "can", "could", "what", "who", "when", "where", "which", "how", "why", "later",
    "earlier", "tomorrow", "today", "another", "different", "other", "else", "maybe", "perhaps", "depends",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm",
})


#: The offer quoted back under a reply, as phones and mail apps add it: a ">" line, an "On … wrote:" header and all
#: after it, a "Replying to: …" header line, a line holding the offer's own "Reply YES to claim" and its time (its
#: footer may say "Reply STOP to opt out"), or the offer's text in quotes (""Hi Ana, … Reply YES to …"", 50 characters or more): its
#: words are no answer. The guest's own words are kept, even when they say "reply yes to" ("Or should I reply YES to
#: the 3pm one?", "Don't reply yes to "claim" for me", "Replying to unsubscribe").
_QUOTED = re.compile(
    r"^[ \t]*>.*$|^[ \t]*on\b.{0,120}\bwrote:[\s\S]*|^[ \t]*replying to[ \t]*[:\"“].*$"
    r"|^(?=.*\b\d{1,2}(?::\d\d)?\s?[ap]\.?m\b).*\breply\s+yes\s+to\s+claim\b.*$"
    r"|(?:(?<=\s)|^)[\"“](?=\S)(?=[^\"”\n]{50})[^\"”\n]{0,400}\breply\s+(?:yes|s[ií])\s+to\b[^\"”\n]{0,400}(?<=\S)[\"”]",
    re.IGNORECASE | re.MULTILINE,
)
#: A mark that takes a yes back or doubts it ("Yes 👎", "yes ❌", "yes 🤔", "Sí ¿"): never a yes. Alone, a thumbs down
#: or a cross is a no; beside a no, any of them leaves it a no ("No 😢").
_DOUBT_MARKS = re.compile("[👎❌✖✗✘🙅🚫⛔☹🙁😢😞😔😕😭😩🤔¿]")
_NO_MARKS = re.compile("[👎❌✖✗✘🙅🚫⛔]")


def _reply_words(body: str) -> tuple[list[str], str]:
    """A reply's words as ``classify_reply`` reads them (lower case, punctuation dropped, "Yesss" as "yes"), and
    them joined by single spaces."""
    text = body.lower().replace("\u2019", "'").replace("\u2018", "'")
    words = ["yes" if _DRAWN_OUT_YES.fullmatch(word) else word for word in re.sub(r"[^\w\s']", " ", text).split()]
    return words, " ".join(words)


def classify_reply(body: str) -> ReplyIntent:
    """A client's reply: "yes" only when it is plainly a yes, "no" for a no, "stop" for an opt-out (STOP, UNSUBSCRIBE,
    "please remove me" …: a no that also means "never text me again"), "start" for START or UNSTOP, else "other".

    Case and punctuation insensitive. Doubt is never a yes: a question, a condition, a time or a mix of yes and no
    is "other", which a person follows up. Nor is enthusiasm worded as a negation ever a no ("Can't wait!").
    """
    # "STOP" on a line of its own (beside the offer in quotes or not), whatever the other lines hold
    for line in re.sub(r"[\"“][^\"”\n]*[\"”]", " ", body).splitlines():
        if line.lstrip().startswith(">"):
            continue  # a quoted line is not the guest's
        line_keywords = set(_reply_words(line)[0]) - _STOP_POLITENESS
        if line_keywords and line_keywords <= _STOP_FIRM:
            return "stop"
    body = _QUOTED.sub(" ", body)  # the offer quoted back is not the guest's answer
    words, joined = _reply_words(body)
    if not words:
        return "no" if _NO_MARKS.search(body) else "other"  # "👎" or "❌" alone: a no
    keywords = set(words) - _STOP_POLITENESS
    if (keywords and keywords <= _STOP_KEYWORDS) or _STOP_PHRASES.search(joined):
        return "stop"
    if keywords & _STOP_FIRM and keywords <= _STOP_FIRM | _STOP_WITH_NO:
        return "stop"
    if words in (["start"], ["unstop"]):
        return "start"
    if re.fullmatch(r"(?:no )?of course not(?: sorry| thanks| thank you)?", joined):
        return "no"  # not the yes phrase "of course" ("Of course, not a problem!" is no no)
    if body.lstrip().startswith("¿"):
        return "other"  # a question in Spanish ("¿No hay otra hora?"): its "no" is no answer
    says_yes = bool(_YES_CORE & set(words)) or any(phrase in joined for phrase in _YES_CORE_PHRASES)
    if says_yes and _DOUBT_MARKS.search(body):
        return "other"  # "Yes 👎", "yes 🤔", "Sí ¿": taken back or in doubt ("No 😢" stays a no)
    if _EAGER_PHRASES.search(joined):
        joined = " ".join(_EAGER_PHRASES.sub(" ", joined).split())
        words = joined.split()
        if not words:
            return "other"
    if _UNDECIDED_PHRASES.search(joined):
        return "other"
    negated = bool(_NO_CORE & set(words)) or any(phrase in joined for phrase in _NO_PHRASES)
    has_yes = bool(_YES_CORE & set(words) - {"absolutely", "definitely"}) or any(p in joined for p in _YES_CORE_PHRASES)
    if "?" in body or _QUALIFIERS & set(words) or any(any(ch.isdigit() for ch in w) for w in words):
        return "no" if negated and not has_yes and words[0] in _NO_CORE else "other"
    if negated:
        return "other" if has_yes else "no"
    if set(words) <= _YES_CORE | _YES_FILLER and (
        _YES_CORE & set(words) or any(p in joined for p in _YES_CORE_PHRASES)
    ):
        return "yes"
    return "other"


async def on_message_received(copilot: Copilot, event: WebhookEvent) -> None:
    """A client's reply to an offer: book on YES, move on after NO, a polite reply when too late.

    STOP (whatever it answers) is remembered, so the copilot never offers that client a slot by text again, and
    otherwise handled as a NO; START forgets it. The platform keeps its own consent: this is the copilot's promise.
    """
    message = event.message
    if message is None:
        return
    intent = classify_reply(message.body)
    store = copilot.store
    if intent == "stop" and store.record_text_opt_out(message.client_id, at=copilot.now(), message_id=message.id):
        store.audit(actor=f"client:{message.client_id}", action="fill.text_opt_out", subject_id=message.client_id,
                    details={"messageId": message.id})
    elif intent == "start" and store.clear_text_opt_out(message.client_id):
        store.audit(actor=f"client:{message.client_id}", action="fill.text_opt_in", subject_id=message.client_id,
                    details={"messageId": message.id})
    offer = store.latest_fill_offer(message.client_id)
    if offer is None:
        logger.info("reply %s from client %s answers no fill offer", message.id, message.client_id)
        return
    proposal_id = offer["proposal_id"]
    copilot.store.audit(
        actor=f"client:{message.client_id}", action=f"fill.reply_{intent}", subject_id=proposal_id,
        details={"messageId": message.id, "offerId": offer["id"], "offerStatus": offer["status"]},
    )
    if intent in ("no", "other", "stop") and _slot_reached(copilot, offer, "end"):
        # The offered slot is over: the reply answers something else (the spa's reminder of another booking, a
        # question days later), not the offer; no "cancel the booking" or "please follow up" in the old card's thread
        # (a STOP is remembered above all the same).
        logger.info("%s reply %s for offer %s, whose slot is over, not posted", intent, message.id, offer["id"])
        return
    if intent == "yes":
        await _accept(copilot, offer, message)
    elif intent == "no" and offer["status"] in ("accepting", "booked"):
        first_name = _first_name_of(copilot, offer)
        state = "was booked" if offer["status"] == "booked" else "is being booked"
        await _thread_note_once(copilot, f"fill-no-after-yes:{message.id}", proposal_id, NO_AFTER_YES_TEXT.format(
            first_name=first_name, state=state, body=await _guest_words(copilot, message)))
    elif intent == "no" and offer["status"] == "sent" and _sent_before_the_text(copilot, offer, message):
        # a "No" the guest sent before this offer's text reached them (to the spa's own reminder, say), delivered only
        # after it went out (a webhook retry): it answers something else, as such a YES does, and the thread says so;
        # the offer keeps waiting for their answer (read at once, while the text still waited, it was left unposted)
        await _reply_before_offer(copilot, offer, message, min(message.received_at, copilot.now()),
                                  said=f"“{await _guest_words(copilot, message)}”", outcome="",
                                  text_sent_at=_text_sent_at(copilot, offer))
    elif intent == "no":
        await _decline(copilot, offer)
    elif intent == "stop":
        first_name = _first_name_of(copilot, offer)
        if offer["status"] in ("accepting", "booked"):  # said YES first: the booking is theirs, not the waitlist's
            state = "stands" if offer["status"] == "booked" else "is being made and stands"
            text = STOPPED_BOOKED_TEXT.format(first_name=first_name, state=state)
        else:
            text = STOPPED_TEXT.format(first_name=first_name)
        await _thread_note_once(copilot, f"fill-stop-note:{message.id}", proposal_id, text)
        if offer["status"] == "approved" and offer.get("outbox_key"):  # its text may wait for texting hours
            if await _drop_held_text(copilot, offer["outbox_key"], OPTED_OUT_TEXT.format(first_name=first_name),
                                     "optedOut"):
                return
        await _decline(copilot, offer)
    elif intent == "start":
        return
    elif message.body.strip() and (before := _before_the_offer(copilot, offer, message)) is not None:
        # a question or a remark the guest sent before the offer reached them (its text waiting for texting hours,
        # say) answers something else, as such a YES or "No" does: the thread says so, with their words to follow up
        await _reply_before_offer(copilot, offer, message, min(message.received_at, copilot.now()),
                                  said=f"“{await _guest_words(copilot, message)}”", outcome=FOLLOW_UP_TEXT, **before)
    else:
        first_name = _first_name_of(copilot, offer)
        said = (f"replied: “{await _guest_words(copilot, message)}”. That is not a yes or no" if message.body.strip()
                else "sent a message with no text (a picture?)")
        await _thread_note_once(copilot, f"fill-other:{message.id}", proposal_id, f"{first_name} {said}; please follow up.")


#: How a reply that is neither yes nor no, sent before the offer reached the guest, goes on in the thread.
FOLLOW_UP_TEXT = "; please follow up"


def _before_the_offer(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> dict[str, Any] | None:
    """How ``_reply_before_offer`` words a reply the guest sent before the offer reached them: before its approval,
    while its approved text waits for texting hours (never tried), or before its text went out (a reply delivered
    late); None when the guest may have had the offer (a text tried before texting closed counts as one)."""
    if _sent_before_approval(copilot, offer, message):
        return {}
    if offer["status"] == "approved":
        held = _held_for_texting_hours(copilot, offer)
        return {"waiting": True} if held is not None and held.attempts == 0 else None
    if offer["status"] == "sent" and _sent_before_the_text(copilot, offer, message):
        return {"text_sent_at": _text_sent_at(copilot, offer)}
    return None


async def _guest_words(copilot: Copilot, message: InboundMessage) -> str:
    """A guest's reply as the thread quotes it: masked as ``guest_words_for_staff`` masks, their own surname and
    email name too (``private_words``; when the spa system cannot give their record just now, the rest is masked)."""
    try:
        client = await copilot.platform.get_client(message.client_id)
    except PlatformError:
        client = None
    return guest_words_for_staff(message.body, names=private_words(client) if client is not None else ())


def _candidate_for(copilot: Copilot, offer: Mapping[str, Any]) -> dict[str, Any]:
    row = copilot.store.fill_proposal(offer["proposal_id"])
    for candidate in (row or {}).get("candidates", []):
        if candidate["entry_id"] == offer["waitlist_entry_id"] and candidate["client_id"] == offer["client_id"]:
            return candidate
    return {}


def _first_name_of(copilot: Copilot, offer: Mapping[str, Any]) -> str:
    """The name the card shows for the guest an offer went to ("The client" when the card no longer lists them)."""
    return card_name(_candidate_for(copilot, offer))


#: How far the spa system's clock (which times a guest's reply) may run behind ours: a YES this little before the
#: approval is the guest answering the offer at once, not an earlier message.
CLOCK_SKEW = timedelta(seconds=60)
#: How long a YES may stay taken for its re-check (``accepting``, no booking queued yet) before the expiry job
#: takes it up again: the re-check takes seconds; one still ``accepting`` after this was cut off by a process that
#: stopped. Taking it up twice books once (the booking's idempotency key).
ACCEPTING_STALE = timedelta(minutes=5)
#: How long a YES's re-check may wait for the spa system before it is handed back (the YES kept) for a later try:
#: well under ``ACCEPTING_STALE``, so the expiry job never takes up a re-check that is still running.
RECHECK_TIMEOUT = timedelta(minutes=2)
YES_UNBOOKED_TEXT = (
    ":warning: {first_name} replied YES at {at}, but the spa system did not answer before the slot started, so "
    "nothing was booked. Please let them know."
)
#: A guest's reply sent before the offer reached them: ``said`` is "YES" or a "No" in the guest's words (quoted),
#: ``outcome`` what it did not do (a YES: " and nothing was booked").
BEFORE_OFFER_TEXT = "{first_name} texted {said} at {at}, before this offer was approved, so it answers something else{outcome}."
BEFORE_TEXT_SENT_TEXT = (
    "{first_name} texted {said} at {at}, before this offer's text went out (at {sent}), so it answers something "
    "else{outcome}."
)
BEFORE_TEXT_WAITS_TEXT = (
    "{first_name} texted {said} at {at}, before this offer's text went out (it waits for texting hours), so it answers "
    "something else{outcome}."
)
YES_NOT_BOOKED = " and nothing was booked"
OFFER_STILL_WAITS_TEXT = " The offer still waits for their answer."
YES_WAITS_TEXT = (
    ":hourglass_flowing_sand: {first_name} replied YES at {at}, within the hold. The spa system is not answering, so "
    "the slot is re-checked and booked as soon as it answers; it is not offered to anyone else meanwhile."
)


async def _accept(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> None:
    """A YES: recorded with its time if it came within the hold, then re-checked and booked (``_take_up_yes``)."""
    store = copilot.store
    now = copilot.now()
    proposal_id = offer["proposal_id"]
    sent_at = min(message.received_at, now)  # when the guest sent it, however late it is checked
    approved_at = datetime.fromisoformat(offer["created_at"])
    if _sent_before_approval(copilot, offer, message):
        await _reply_before_offer(copilot, offer, message, sent_at)
        return
    replied_at, sent_at = sent_at, max(sent_at, approved_at)  # a quick YES timed by a spa clock a little behind ours
    if offer["status"] == "approved" and (held := _held_for_texting_hours(copilot, offer)) is not None:
        if held.attempts == 0:
            # approved outside TEXT_SEND_HOURS, never tried: the "Yes" answers something else (not a send to settle)
            await _reply_before_offer(copilot, offer, message, replied_at, waiting=True)
        else:
            # tried before texting closed, its answer lost (it may have reached the guest): settling it now could text
            # them after hours, so the YES books nothing and a person is told, once; the send settles at the opening
            await _yes_send_unconfirmed(copilot, offer, replied_at)
        return
    if offer["status"] == "approved":
        # The text reached the client but its confirmation was lost: settle the send (same key), then read again.
        await deliver(copilot, offer["outbox_key"])
        offer = store.fill_offer(offer["id"]) or offer
        if offer["status"] == "approved":
            raise PlatformUnavailable(f"offer {offer['id']} is not confirmed sent yet; retry the reply later")
    if _sent_before_the_text(copilot, offer, message):
        # sent after the approval (above), so the text went out only after the guest's "Yes" (approved while the spa
        # system could not send): that answers something else (the spa's reminder), as a YES before the approval does
        await _reply_before_offer(copilot, offer, message, replied_at, text_sent_at=_text_sent_at(copilot, offer))
        return
    if copilot.settings.spa_mode == Mode.read_only:
        first_name = _first_name_of(copilot, offer)
        await _thread_note(copilot, proposal_id, f"{first_name} replied YES. {READ_ONLY_REFUSAL} Book it by hand if the slot is still free.")
        return
    if offer["status"] == "declined":  # said no, now yes: the slot may still be open, so a person decides
        if _slot_reached(copilot, offer, "end"):  # an old offer: the "Yes" answers something else
            logger.info("YES %s for declined offer %s, whose slot is over, ignored", message.id, offer["id"])
            return
        first_name = _first_name_of(copilot, offer)
        await _thread_note_once(copilot, f"fill-yes-after-no:{offer['id']}", proposal_id,
                                f"{first_name} said no earlier and has now replied YES. Nothing was booked; if the slot is "
                                "still free, offer it to them again by hand.")
        return
    # The YES counts from when the guest sent it, however late it is checked (a retried webhook, an outage).
    if offer["status"] == "sent" and store.record_fill_yes(offer["id"], at=sent_at, message_id=message.id, now=now):
        store.audit(actor=f"client:{offer['client_id']}", action="fill.yes_recorded", subject_id=proposal_id,
                    details={"offerId": offer["id"], "messageId": message.id})
    offer = store.fill_offer(offer["id"]) or offer
    if offer["status"] == "sent" and offer.get("yes_at"):
        await _take_up_yes(copilot, offer)
    elif offer["status"] in ("accepting", "booked"):
        # Being booked (or a stalled re-check the expiry job takes up after ACCEPTING_STALE): nothing more to do.
        logger.info("repeated YES for offer %s ignored", offer["id"])
    elif _slot_reached(copilot, offer, "end"):  # an old offer: the "Y" answers something else (the spa's own reminder?)
        logger.info("YES %s for offer %s, whose slot is over, ignored", message.id, offer["id"])
    elif await _reclaim_in_time_yes(copilot, offer, message, sent_at):
        await _take_up_yes(copilot, store.fill_offer(offer["id"]) or offer)
    else:
        if offer["status"] == "sent":  # the hold ran out before expire_offers noticed
            await _expire_one(copilot, offer)
        if offer["status"] in ("sent", "expired", "lost"):
            await _propose_too_late_reply(copilot, offer)


class _NotReclaimed(Exception):
    """Undoes a reclaim's writes (the transaction rolls back) when one of its compare-and-sets fails."""


IN_TIME_YES_TEXT = (
    ":leftwards_arrow_with_hook: {first_name} texted YES at {at}, within the hold, but it reached the copilot only after "
    "the hold had been given up. Nobody else holds the slot, so it is {first_name}'s:{set_aside} the booking is "
    "being made."
)


async def _reclaim_in_time_yes(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, sent_at: datetime) -> bool:
    """A YES the guest sent within the hold that reached the copilot after the expiry job gave the hold up (the
    webhook retried after an outage or a restart) wins, as one recorded in time would, while nobody else holds the
    slot: the proposal waits for Approve on the next candidate's draft, nothing texted, and no fresh proposal (a
    ``/spa fill`` by hand) has taken the opening. The proposal
    goes back to this offer (``sent``, the text and approver it had; a new revision, so the next candidate's card
    buttons are stale) and the offer to ``sent`` with the YES, in one transaction; True when done, for the caller to
    book it. So too when giving the hold up closed the proposal (``NO_CANDIDATES_LEFT``, still at this offer). Once the
    next text is approved, the slot is that guest's: the late YES gets the reply card."""
    store = copilot.store
    row = store.fill_proposal(offer["proposal_id"])
    if (
        offer["status"] != "expired" or not offer.get("expires_at") or not offer.get("outbox_key")
        or sent_at >= datetime.fromisoformat(offer["expires_at"])
        or row is None or row["kind"] != "fill" or _slot_reached(copilot, offer, "start")
        or _replaced(row)  # a fresh proposal (/spa fill) took the opening: its guest may hold the slot now
    ):
        return False
    index = next((i for i in range(len(row["candidates"])) if _offer_id(row["id"], i) == offer["id"]), None)
    moved_on = row["status"] == PENDING and row["current_index"] != index
    closed_on_it = (row["status"] == ProposalState.expired.value and row.get("reason") == NO_CANDIDATES_LEFT
                    and row["current_index"] == index)
    sms = store.outbox_item(offer["outbox_key"])
    if index is None or not (moved_on or closed_on_it) or sms is None:
        return False
    now = copilot.now()
    try:
        with store.transaction():
            if not store.update_fill_proposal(
                row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"], bump_revision=True,
                status=ProposalState.sent.value, current_index=index, draft=sms.payload["message"]["body"],
                draft_engine=sms.payload.get("engine"), decided_by=offer["approved_by"], decided_at=offer["created_at"],
                reason=None,
            ):
                raise _NotReclaimed
            if not store.update_fill_offer(offer["id"], at=now, expect_status="expired", status="sent"):
                raise _NotReclaimed
            if not store.record_fill_yes(offer["id"], at=sent_at, message_id=message.id, now=now):
                raise _NotReclaimed
    except _NotReclaimed:
        return False
    first_name = _first_name_of(copilot, offer)
    set_aside = row["candidates"][row["current_index"]] if moved_on else None
    store.audit(actor=f"client:{offer['client_id']}", action="fill.yes_recorded", subject_id=row["id"],
                details={"offerId": offer["id"], "messageId": message.id, "afterHoldGivenUp": True,
                         "setAside": set_aside["client_id"] if set_aside else None})
    at = blocks.clock(sent_at, row["opening"]["time_zone"])
    aside = f" {card_name(set_aside)}'s draft is set aside and" if set_aside else ""
    await _thread_note(copilot, row["id"], IN_TIME_YES_TEXT.format(first_name=first_name, at=at, set_aside=aside))
    await _refresh_card(copilot, row["id"])
    return True


async def _drop_held_text(copilot: Copilot, key: str, reason: str, error: str) -> bool:
    """An approved offer's text (outbox ``key``) still held back by TEXT_SEND_HOURS and never tried, which must not
    go out (the cancellation undone, the guest's STOP): settled now as not sent (``_fail_message``), its card saying
    so at once instead of at the opening. Claimed first, so the re-drive at the opening cannot send it meanwhile;
    False when there was no such text (sent, tried before, or due now: the send's own checks settle it)."""
    item = _claim_waiting(copilot, key)
    if item is None:
        return False
    await _fail_message(copilot, item.key, item.payload, reason, error)
    return True


def _claim_waiting(copilot: Copilot, key: str) -> OutboxItem | None:
    """The text ``key`` (an offer's or a reply's), claimed (so no re-drive can send it now) when it waits for texting
    hours and was never tried; None otherwise (sent, being sent, tried before, due now, or claimed by someone else)."""
    item = _waiting_text(copilot, key)
    if item is None or item.attempts:
        return None
    if not copilot.store.claim_outbox(item.key, now=copilot.now(), lease=OUTBOX_LEASE):
        return None
    return item


def _held_for_texting_hours(copilot: Copilot, offer: Mapping[str, Any]) -> OutboxItem | None:
    """The offer's approved text while TEXT_SEND_HOURS hold it back (pending, not due yet), else None. Never tried
    (``attempts`` 0): it has not reached the guest. Tried before (its confirmation perhaps lost): it may have."""
    return _waiting_text(copilot, offer["outbox_key"]) if offer.get("outbox_key") else None


def _waiting_text(copilot: Copilot, key: str) -> OutboxItem | None:
    """The outbox item ``key`` while it is pending and TEXT_SEND_HOURS hold it back (not due yet), else None."""
    item = copilot.store.outbox_item(key)
    return item if item is not None and item.status == "pending" and _text_waits(copilot, item.payload) else None


YES_SEND_UNCONFIRMED_TEXT = (
    ":warning: {first_name} texted YES at {at}, after texting closed. The spa system never confirmed this offer's text "
    "went out, and it is not tried again before texting opens ({opens}), so nothing was booked. If they did get it "
    "and want the slot, book it by hand; otherwise the offer goes out then."
)


async def _yes_send_unconfirmed(copilot: Copilot, offer: Mapping[str, Any], at: datetime) -> None:
    """A YES while the offer's text, tried before texting closed with its answer lost, waits for them to open: said
    once per offer in the thread (a retried webhook or a second "Yes" adds nothing)."""
    logger.info("YES for offer %s while its unconfirmed text waits for texting hours: not booked", offer["id"])
    row = copilot.store.fill_proposal(offer["proposal_id"])
    time_zone = row["opening"]["time_zone"] if row else "UTC"
    opens = text_opens_at(copilot.now(), ZoneInfo(time_zone), copilot.settings.text_send_window)
    text = YES_SEND_UNCONFIRMED_TEXT.format(
        first_name=_first_name_of(copilot, offer), at=blocks.clock(at, time_zone),
        opens=blocks.clock(opens, time_zone) if opens else "soon",
    )
    await _thread_note_once(copilot, f"fill-yes-unconfirmed:{offer['id']}", offer["proposal_id"], text)


def _sent_before_the_text(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> bool:
    """Whether the guest sent ``message`` before the offer's text went out, by the spa system's clock (which dates
    both: not capped at ours, as one running ahead of ours would make every quick reply look early), or, when the
    send's time is not known, before the offer was approved; ``CLOCK_SKEW`` allowed either way."""
    text_sent_at = _text_sent_at(copilot, offer)
    if text_sent_at is not None:
        return message.received_at < text_sent_at - CLOCK_SKEW
    return _sent_before_approval(copilot, offer, message)


def _sent_before_approval(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> bool:
    """Whether the guest sent ``message`` before the offer was approved (by our clock; the reply's time, the spa
    system's, capped at ours), ``CLOCK_SKEW`` allowed."""
    return min(message.received_at, copilot.now()) < datetime.fromisoformat(offer["created_at"]) - CLOCK_SKEW


def _text_sent_at(copilot: Copilot, offer: Mapping[str, Any]) -> datetime | None:
    """When the spa system sent the offer's text, by its own clock (the one that dates replies); None when not sent
    or not known (a text sent before this was kept)."""
    item = copilot.store.outbox_item(offer["outbox_key"]) if offer.get("outbox_key") else None
    sent_at = (item.result or {}).get("sentAt") if item is not None and item.status == "sent" else None
    return datetime.fromisoformat(sent_at) if sent_at else None


async def _reply_before_offer(
    copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, at: datetime, *, said: str = "YES",
    outcome: str = YES_NOT_BOOKED, text_sent_at: datetime | None = None, waiting: bool = False,
) -> None:
    """A YES (or a "No": ``said``, ``outcome``) the guest sent before the offer was approved, or before its text went
    out (``text_sent_at``), delivered late (a webhook retry) answers something else, the spa's own reminder perhaps:
    it books (or declines) nothing and the offer keeps waiting; said once in the thread. So does a YES sent while the
    approved text still ``waiting`` for TEXT_SEND_HOURS."""
    logger.info("reply %s sent before offer %s was approved or sent: not an answer to it", message.id, offer["id"])
    row = copilot.store.fill_proposal(offer["proposal_id"])
    time_zone = row["opening"]["time_zone"] if row else "UTC"
    words = {"first_name": _first_name_of(copilot, offer), "said": said, "at": blocks.clock(at, time_zone),
             "outcome": outcome}
    if waiting:
        text = BEFORE_TEXT_WAITS_TEXT.format(**words)
    elif text_sent_at is not None:
        text = BEFORE_TEXT_SENT_TEXT.format(**words, sent=blocks.clock(text_sent_at, time_zone))
    else:
        text = BEFORE_OFFER_TEXT.format(**words)
    if offer["status"] in ("approved", "sent"):
        text += OFFER_STILL_WAITS_TEXT
    await _thread_note_once(copilot, f"fill-yes-before-offer:{message.id}", offer["proposal_id"], text)


def _slot_reached(copilot: Copilot, offer: Mapping[str, Any], edge: Literal["start", "end"]) -> bool:
    """True once the offered slot has started (``edge="start"``) or ended (``"end"``), or its proposal is gone."""
    row = copilot.store.fill_proposal(offer["proposal_id"])
    return row is None or datetime.fromisoformat(row["opening"][edge]) <= copilot.now()


async def _take_up_yes(copilot: Copilot, offer: Mapping[str, Any]) -> None:
    """Re-check the slot for a recorded YES and book it, or say why not. The offer is ``accepting`` while the slot is
    re-checked; whatever cuts that short (the spa system down or slower than ``RECHECK_TIMEOUT``, a bug, the process
    stopping) hands it back to ``sent`` with its YES, for the webhook's retry or the next ``expire_offers``.

    The re-check holds the offer by the time it took it (``claimed_at``): one handed back meanwhile by the expiry job
    (``_release_stalled_yes``) and taken by another re-check is that one's, and this one changes nothing more."""
    store = copilot.store
    now = copilot.now()
    proposal_id = offer["proposal_id"]
    if not store.update_fill_offer(offer["id"], at=now, expect_status="sent", status="accepting"):
        return  # a concurrent reply or the expiry job got there first

    def settle(**changes: Any) -> bool:
        """Change the offer if this re-check still holds it; ``settle()`` alone just says whether it does."""
        return store.update_fill_offer(offer["id"], at=now, expect_status="accepting", claimed_at=now, **changes)

    row = store.fill_proposal(proposal_id)
    candidate = _candidate_for(copilot, offer)
    if row is None or not candidate:  # nothing left to book it against: settled, not retried forever
        if settle(status="failed"):
            logger.warning("fill offer %s: a YES whose proposal or candidate is gone was not booked", offer["id"])
        return
    try:
        async with asyncio.timeout(RECHECK_TIMEOUT.total_seconds()):
            fit, gone = await _still_fits(copilot, row, candidate)
    except BaseException as exc:
        if settle(status="sent") and isinstance(exc, PlatformError | TimeoutError):
            await _note_yes_waits(copilot, offer, row, candidate)
        if isinstance(exc, TimeoutError):
            raise PlatformUnavailable(f"the re-check of offer {offer['id']} took too long") from exc
        raise
    if fit is None and gone is not None and gone.code == "client_busy":
        # booked at another location since the offer: like a NO for this slot, which goes to the next candidate
        if not settle(status="declined"):
            return
        store.audit(actor=COPILOT_ACTOR, action="fill.yes_client_busy", subject_id=proposal_id,
                    details={"offerId": offer["id"], "clientId": offer["client_id"]})
        await _set_waitlist_status(copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting, key=f"fill:{offer['id']}:busy")
        note = f":warning: {card_name(candidate)} replied YES, but {CLIENT_BUSY_TEXT}, so nothing was booked."
        await _advance_after(copilot, proposal_id, note)
        return
    if fit is None:
        assert gone is not None
        if not settle(status="lost"):
            return
        reason = f"the slot is no longer free ({gone.why})"
        store.update_fill_proposal(proposal_id, at=now, expect_status=ProposalState.sent.value,
                                   status=ProposalState.expired.value, reason=reason)
        store.audit(actor=COPILOT_ACTOR, action="fill.slot_lost", subject_id=proposal_id,
                    details={"why": gone.why, "code": gone.code})
        await _thread_note(copilot, proposal_id, f":warning: {card_name(candidate)} replied YES but {reason}.")
        await _refresh_card(copilot, proposal_id)
        await _propose_too_late_reply(copilot, offer)
        return
    booking = BookingRequest(
        location_id=row["location_id"],
        client_id=offer["client_id"],
        service_id=fit.service.id,
        staff_id=fit.staff.id,
        start_at=fit.start,
        resource_ids=list(fit.resource_ids),
        source="copilot",
        waitlist_entry_id=offer["waitlist_entry_id"],
        notes="Booked from the waitlist by Spa Copilot after the client replied YES.",
    )
    key = _booking_key(offer)
    with store.transaction():  # queued only while this re-check holds the offer; from then on the outbox settles it
        if not settle():
            return
        store.enqueue(
            key, kind=OUTBOX_BOOKING, subject_id=proposal_id,
            payload={"booking": booking.to_json_dict(), "proposal_id": proposal_id, "offer_id": offer["id"],
                     "client_id": offer["client_id"], "first_name": card_name(candidate)},
        )
    await deliver(copilot, key)


async def _note_yes_waits(
    copilot: Copilot, offer: Mapping[str, Any], row: Mapping[str, Any], candidate: Mapping[str, Any]
) -> None:
    """Say once in the thread that a YES waits for the spa system."""
    at = blocks.clock(datetime.fromisoformat(offer["yes_at"]), row["opening"]["time_zone"])
    await _thread_note_once(copilot, f"fill-yes-waits:{offer['id']}", offer["proposal_id"],
                            YES_WAITS_TEXT.format(first_name=card_name(candidate), at=at))


CLIENT_BUSY_TEXT = "the guest is booked at another location at that time"
#: How long before the slot a guest's booking may start and still overlap it (a long ritual): only those are read.
GUEST_BOOKING_REACH = timedelta(hours=12)


@dataclass(frozen=True)
class SlotGone:
    """Why a slot can no longer be booked for a candidate: ``code`` for the code to act on, ``why`` for people."""

    code: Literal["booking_back", "entry_gone", "therapist_busy", "client_busy", "no_fit"]
    why: str


async def _slot_gone(copilot: Copilot, row: Mapping[str, Any], candidate: Mapping[str, Any]) -> SlotGone | None:
    """Why the slot can no longer be offered to ``candidate`` (the book changed since the card was drawn: the
    cancellation undone, the slot booked by hand), or None. None too when the spa system cannot be asked: the
    approval is then kept and sent when it answers, and the YES re-checks before anything is booked."""
    try:
        fit, gone = await _still_fits(copilot, row, candidate, offering=True)
    except PlatformError as exc:
        logger.warning("fill %s: the slot could not be re-checked before sending: %s", row["id"], type(exc).__name__)
        return None
    return gone if fit is None else None


async def _still_fits(
    copilot: Copilot, row: Mapping[str, Any], candidate: Mapping[str, Any], *, offering: bool = False
) -> tuple[Fit | None, SlotGone | None]:
    """The slot as offered to ``candidate`` (the same therapist), against the book as it is now: the booking to
    make, or why it cannot be made (``SlotGone``); ``offering``: see ``_recheck``."""
    fit, gone = await _recheck(copilot, row, candidate, offering=offering)
    if fit is not None and candidate.get("staff_id") and fit.staff.id != candidate["staff_id"]:
        staff = candidate.get("staff_first_name") or "the therapist offered"
        return None, SlotGone("therapist_busy", f"{staff} is no longer free then")
    return fit, gone


async def _recheck(
    copilot: Copilot, row: Mapping[str, Any], candidate: Mapping[str, Any], *, offering: bool = False
) -> tuple[Fit | None, SlotGone | None]:
    """The slot against the book as it is now: the booking to make, or why it cannot be made. ``offering`` (before
    a text goes out): a waitlist entry taken off the list since the card was drawn (``/spa waitlist remove``,
    expired, booked otherwise) is gone too; after the text, the guest's YES to it stands."""
    catalog = await copilot.catalog()
    slot = _slot_of(row)
    location = next(loc for loc in catalog.locations if loc.id == slot.location_id)
    book = await load_day(copilot.platform, location, slot.start.astimezone(slot.tz).date())
    if any(a.id == slot.appointment_id and a.is_active for a in book):
        return None, SlotGone("booking_back", BOOKING_BACK_TEXT)
    therapist_elsewhere, guest_elsewhere = await asyncio.gather(
        _booked_elsewhere(copilot, catalog, location, slot, candidate.get("staff_id") or ""),
        _guest_booked_elsewhere(copilot, slot, candidate["client_id"]),
    )
    if guest_elsewhere:  # the slot is still open: only this guest cannot take it
        return None, SlotGone("client_busy", CLIENT_BUSY_TEXT)
    book += therapist_elsewhere
    entries = await copilot.platform.list_waitlist(location_id=slot.location_id)
    entry = next((e for e in entries if e.id == candidate["entry_id"]), None)
    if entry is None:
        return None, SlotGone("entry_gone", "the waitlist entry is gone")
    if offering and entry.status in _OFF_THE_LIST:
        return None, SlotGone("entry_gone", _OFF_THE_LIST[entry.status])
    # The entry is "offered" now; fitting looks at dates, services, rooms and therapists only.
    entry = entry.model_copy(update={"service_ids": [candidate["service_id"]], "staff_ids": [candidate["staff_id"]]})
    fit, why = fit_entry(
        slot, _as_waiting(entry), services=catalog.services, staff=catalog.staff, resources=catalog.resources,
        appointments=book, locations=catalog.locations,
    )
    return fit, None if fit is not None else SlotGone("no_fit", why or "it no longer fits")


#: A waitlist entry no longer waiting, as the card says why nothing is sent to its guest.
_OFF_THE_LIST = {
    WaitlistStatus.cancelled: "their waitlist entry was removed",
    WaitlistStatus.expired: "their waitlist entry has expired",
    WaitlistStatus.booked: "their waitlist entry is already booked",
}


async def _booked_elsewhere(
    copilot: Copilot, catalog: Catalog, location: Location, slot: OpenSlot, staff_id: str
) -> list[Appointment]:
    """The offered therapist's appointments that day at other locations, where one may have booked them since the
    offer: their own location when they visit, and any the calendar snapshot has them at (a therapist who floats)."""
    member = catalog.staff_member(staff_id)
    if member is None:
        return []
    others = [loc for loc in catalog.locations if loc.id != location.id]
    days = {slot.start.astimezone(loc.tz).date() for loc in others}
    where = set(booked_in_snapshot(copilot.store, others, [member.id], days)) | {member.location_id}
    books = await asyncio.gather(
        *(load_day(copilot.platform, loc, slot.start.astimezone(loc.tz).date()) for loc in others if loc.id in where)
    )
    return [a for appointments in books for a in appointments if member.id in a.staff_ids]


async def _guest_booked_elsewhere(copilot: Copilot, slot: OpenSlot, client_id: str) -> list[Appointment]:
    """The guest's own bookings at other locations during the slot, made since the offer (by phone, online): the
    ranking left out a guest busy elsewhere, and so does the re-check."""
    appointments = await copilot.platform.list_appointments(
        client_id=client_id, start_from=slot.start - GUEST_BOOKING_REACH, start_to=slot.end
    )
    return _during_elsewhere(slot, appointments)


def _during_elsewhere(slot: OpenSlot, appointments: Iterable[Appointment]) -> list[Appointment]:
    """The active appointments at other locations than the slot's that overlap it."""
    return [
        a for a in appointments
        if a.location_id != slot.location_id and a.is_active and a.start_at < slot.end and slot.start < a.end_at
    ]


def _as_waiting(entry: WaitlistEntry) -> WaitlistEntry:
    return entry if entry.status == WaitlistStatus.waiting else entry.model_copy(update={"status": WaitlistStatus.waiting})


async def _decline(copilot: Copilot, offer: Mapping[str, Any]) -> None:
    now = copilot.now()
    if not copilot.store.update_fill_offer(offer["id"], at=now, expect_status="sent", status="declined"):
        # Already declined: a retried webhook finishes the move on that an outage interrupted (if still due).
        if (copilot.store.fill_offer(offer["id"]) or {}).get("status") == "declined":
            await _move_on_after_answer(copilot, offer["proposal_id"])
        return
    await _set_waitlist_status(copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting, key=f"fill:{offer['id']}:declined")
    await _move_on_after_answer(copilot, offer["proposal_id"])


async def _expire_one(copilot: Copilot, offer: Mapping[str, Any], *, slot_started: bool = False) -> bool:
    """End a sent offer's hold (the next candidate is proposed). One with a YES recorded meanwhile is left to its
    re-check, however late: only the slot starting (``slot_started``, ``_close_started``) ends that one."""
    now = copilot.now()
    if not copilot.store.update_fill_offer(
        offer["id"], at=now, expect_status="sent", expect_yes=None if slot_started else False, status="expired"
    ):
        return False
    await _set_waitlist_status(copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting, key=f"fill:{offer['id']}:expired")
    copilot.store.audit(actor=COPILOT_ACTOR, action="fill.offer_expired", subject_id=offer["proposal_id"], details={"offerId": offer["id"]})
    await _move_on_after_answer(copilot, offer["proposal_id"])
    return True


def _offer_id(proposal_id: str, index: int) -> str:
    """The offer made to a proposal's candidate at ``index`` (one per candidate, created by the approval)."""
    return f"of_{proposal_id}_{index}"


def _sms_key(proposal_id: str, index: int) -> str:
    """The outbox item (and idempotency key) of the offer's text to a proposal's candidate at ``index``."""
    return f"fill:{proposal_id}:sms:{index}"


def _text_key(row: Mapping[str, Any]) -> str:
    """The outbox item (and idempotency key) of the text a card approves: its current offer's, or a reply's."""
    return _sms_key(row["id"], row["current_index"]) if row["kind"] == "fill" else f"fill:{row['id']}:reply"


async def _move_on_after_answer(copilot: Copilot, proposal_id: str) -> None:
    """A proposal still ``sent`` whose current offer was answered NO or ran out, or still ``approved`` whose text
    was not sent because the client opted out: propose the next candidate (or close).

    Safe to repeat: it acts only while the proposal is ``sent`` (``approved``) at that offer, and ``_advance_after``
    moves it by compare-and-set, so a step an outage interrupted (drafting for the next candidate) is simply taken
    again by the webhook's retry or the next ``expire_offers``, and only once.
    """
    row = copilot.store.fill_proposal(proposal_id)
    if row is None or row["kind"] != "fill" or row["status"] not in (ProposalState.sent.value, ProposalState.approved.value):
        return
    offer = copilot.store.fill_offer(_offer_id(proposal_id, row["current_index"]))
    if row["status"] == ProposalState.approved.value:
        # An approved offer is ``failed`` only by an opt-out, or by its guest gone when a text that waited for texting
        # hours was to go out: every other failure fails the proposal with it.
        if offer is not None and offer["status"] == "failed":
            first_name = _first_name_of(copilot, offer)
            if offer["client_id"] in copilot.store.text_opted_out([offer["client_id"]]):
                note = f":no_entry: {OPTED_OUT_TEXT.format(first_name=first_name)}."
            else:
                note = f":no_entry: Nothing was sent to {first_name}."
            await _advance_after(copilot, proposal_id, note, from_status=ProposalState.approved.value)
        return
    if offer is None or offer["status"] not in ("declined", "expired"):
        return
    first_name = _first_name_of(copilot, offer)
    if offer["status"] == "declined":  # a STOP declines too: its own note above says what it means
        stopped = offer["client_id"] in copilot.store.text_opted_out([offer["client_id"]])
        note = f"Moving on from {first_name}." if stopped else f"{first_name} said no."
    else:
        note = f"{first_name} did not answer within {copilot.settings.offer_hold_minutes} minutes."
    await _advance_after(copilot, proposal_id, note)


#: Proposals not settled yet; when their slot starts the expiry job closes them (a sent offer then runs out alone).
_CLOSE_WHEN_STARTED = (PENDING, INFO, ABANDONED, ProposalState.approved.value, ProposalState.sent.value)


async def expire_offers(copilot: Copilot) -> int:
    """Scheduler job: end the holds that ran out (the next candidate is proposed), close started slots, and take
    up again what an outage interrupted: a move to the next candidate, an abandoned proposal, a card never posted
    or never redrawn.

    Each item on its own: one failing (the platform or Slack still down) leaves it for the next run and does not
    stop the others.
    """
    store = copilot.store
    now = copilot.now()
    expired = 0
    for offer in store.fill_offers_accepting_since(now - ACCEPTING_STALE):
        _release_stalled_yes(copilot, offer, now)
    for offer in store.fill_offers_said_yes():
        if not _slot_reached(copilot, offer, "start"):  # one whose slot has started is closed below (_close_started)
            await _isolated(_take_up_yes(copilot, offer), offer["proposal_id"])
    for offer in store.due_fill_offers(now=now):
        if await _isolated(_expire_one(copilot, offer), offer["proposal_id"]):
            expired += 1
    for row in store.fill_proposals(statuses=_CLOSE_WHEN_STARTED):
        if datetime.fromisoformat(row["opening"]["start"]) <= now:
            await _isolated(_close_started(copilot, row, now), row["id"])
    # a list to call whose slot started: closed at most CALL_LIST_LOOKBACK before its slot, so only the proposals
    # that expired since then are read, never the whole history of them
    for row in store.fill_proposals(statuses=(ProposalState.expired.value,), changed_since=now - CALL_LIST_LOOKBACK):
        if _is_call_list(row) and not row["reason"].startswith(blocks.CALL_OVER):
            if datetime.fromisoformat(row["opening"]["start"]) <= now:
                await _isolated(_close_call_list(copilot, row, now), row["id"])
    for row in store.fill_proposals(statuses=(PENDING,)):  # an Approve that can no longer work: a list to call
        if row["kind"] == "fill" and (too_soon := _too_soon_reason(copilot, _slot_of(row))):
            await _isolated(_close_too_soon(copilot, row, too_soon), row["id"])
    for row in store.fill_proposals(statuses=(ProposalState.sent.value, ProposalState.approved.value)):
        await _isolated(_move_on_after_answer(copilot, row["id"]), row["id"])
    await _isolated(_retry_abandoned(copilot, now), "(abandoned)")
    for row in store.unposted_fill_proposals(statuses=(PENDING, INFO, ProposalState.expired.value)):
        if row["status"] != ProposalState.expired.value or _nobody_card_due(row, now) or _call_card_due(row, now):
            await _isolated(_repost_card(copilot, row["id"]), row["id"])
    for proposal_id in store.stale_fill_cards():  # cards Slack could not redraw; while it still cannot, one try a run
        if await _isolated(_refresh_card(copilot, proposal_id), proposal_id) is False:
            break
    return expired


def _release_stalled_yes(copilot: Copilot, offer: Mapping[str, Any], now: datetime) -> None:
    """A YES left mid-check (``accepting`` with no booking queued) by a process that stopped: hand it back with its
    YES, for ``_take_up_yes``. One with its booking queued is the outbox's to settle. One taken before YESes were
    recorded (a database from before migration 10) has its YES dated when it was taken, so it is not expired."""
    store = copilot.store
    yes = {} if offer.get("yes_at") else {"yes_at": offer["updated_at"]}
    with store.transaction():
        if store.outbox_item(_booking_key(offer)) is not None:
            return
        released = store.update_fill_offer(offer["id"], at=now, expect_status="accepting",
                                           claimed_at=datetime.fromisoformat(offer["updated_at"]), status="sent", **yes)
    if released:
        logger.warning("fill offer %s: a YES left mid-check (a restart?) is taken up again", offer["id"])


def _booking_key(offer: Mapping[str, Any]) -> str:
    """The outbox key of the booking a YES to ``offer`` makes."""
    return f"fill:{offer['proposal_id']}:book:{offer['id']}"


def _nobody_card_due(row: Mapping[str, Any], now: datetime) -> bool:
    """A "nobody on the waitlist can take it" card (with any flagged clients) still worth posting: the slot is
    ahead and the proposal still holds its opening."""
    return (
        row["kind"] == "fill"
        and not row["candidates"]
        and datetime.fromisoformat(row["opening"]["start"]) > now
        and not _replaced(row)
    )


def _call_card_due(row: Mapping[str, Any], now: datetime) -> bool:
    """A card listing guests to call for a slot too soon for a text, still worth posting: the slot is ahead."""
    return (
        row["kind"] == "fill"
        and (row.get("reason") or "").startswith(blocks.CALL_LIST)
        and datetime.fromisoformat(row["opening"]["start"]) > now
        and not _replaced(row)
    )


def _replaced(row: Mapping[str, Any]) -> bool:
    """Whether a fresh proposal for the same opening (a `/spa fill` by hand) replaced this one: the ended proposal
    gave up its claim on the opening (``Store.restart_fill_proposal``)."""
    return row["appointment_id"].endswith(f"#{row['id']}")


async def _isolated(step: Any, proposal_id: str) -> Any:
    """Await one proposal's step of the expiry job; a failure is logged and left for the next run."""
    try:
        return await step
    except PlatformError as exc:
        logger.warning("fill proposal %s waits for the platform: %s", proposal_id, type(exc).__name__)
    except Exception:
        logger.exception("fill proposal %s: the expiry job's step failed", proposal_id)
    return None


async def _close_started(copilot: Copilot, row: Mapping[str, Any], now: datetime) -> None:
    """The slot has started: close the proposal whatever it was waiting for (not a booking in flight, which its
    outbox item settles)."""
    if row["kind"] != "fill" and row["status"] == ProposalState.approved.value:
        return  # an approved reply waiting for texting hours: it says the slot is gone, which stays true
    if row["status"] == ProposalState.sent.value:
        if row["kind"] != "fill":
            return  # a reply that went out is done
        offer = copilot.store.fill_offer(_offer_id(row["id"], row["current_index"]))
        if offer is not None and offer["status"] == "accepting":
            return
    else:
        offer = None
    if copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"],
        status=ProposalState.expired.value, decided_at=now.isoformat(), reason="the slot has started",
    ):
        await _refresh_card(copilot, row["id"])
        if offer is not None and offer["status"] == "sent":  # the hold ends with the slot (a YES now gets a reply)
            if offer.get("yes_at"):  # a YES the spa system never let us re-check: a person tells the guest
                first_name = _first_name_of(copilot, offer)
                at = blocks.clock(datetime.fromisoformat(offer["yes_at"]), row["opening"]["time_zone"])
                await _thread_note(copilot, row["id"], YES_UNBOOKED_TEXT.format(first_name=first_name, at=at))
            await _expire_one(copilot, offer, slot_started=True)


async def _close_call_list(copilot: Copilot, row: Mapping[str, Any], now: datetime) -> None:
    """A list-to-call card whose slot has started: redrawn saying so (``CALL_OVER``), no longer a list to call."""
    if copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"], reason=blocks.CALL_OVER,
        decided_at=now.isoformat(),
    ):
        await _refresh_card(copilot, row["id"])


async def _repost_card(copilot: Copilot, proposal_id: str) -> None:
    """A card Slack refused to post (the proposal waits with no card): post it now (its flagged clients are on it)."""
    if await _post_card(copilot, proposal_id):
        logger.info("fill proposal %s: its card is posted now", proposal_id)


#: A proposal still ``drafting`` this long after its claim was left by a process that stopped mid-draft (drafting
#: takes seconds, a slow model a minute or two): it is taken up again like an abandoned one.
DRAFTING_STALE = timedelta(minutes=15)


async def _retry_abandoned(copilot: Copilot, now: datetime) -> None:
    """Proposals whose drafting failed (the platform was down) or was cut short (a restart) are tried again while
    the slot is ahead."""
    for row in copilot.store.fill_proposals(statuses=(DRAFTING,)):
        if datetime.fromisoformat(row["updated_at"]) <= now - DRAFTING_STALE and copilot.store.update_fill_proposal(
            row["id"], at=now, expect_status=DRAFTING, expect_revision=row["revision"], status=ABANDONED
        ):
            logger.warning("fill proposal %s was left mid-draft (a restart?): it is tried again", row["id"])
    abandoned = [row for row in copilot.store.fill_proposals(statuses=(ABANDONED,))  # as a cancellation's: none
                 if datetime.fromisoformat(row["opening"]["start"]) >= now + NO_CARD_WITHIN]  # for a slot this close
    if not abandoned:
        return
    try:
        catalog = await copilot.catalog()
    except PlatformError as exc:
        logger.warning("abandoned fill proposals wait for the platform: %s", type(exc).__name__)
        return
    for row in abandoned:
        location = next((loc for loc in catalog.locations if loc.id == row["location_id"]), None)
        if location is None:
            continue
        try:
            result = await propose_fill(copilot, _slot_of(row), location, by=COPILOT_ACTOR,
                                        cancellation_version=row["opening"].get("cancellation_version"))
        except PlatformError as exc:
            logger.warning("fill proposal %s still waits for the platform: %s", row["id"], type(exc).__name__)
            return
        except Exception:
            logger.exception("fill proposal %s failed again", row["id"])
            continue
        logger.info("fill proposal %s retried: %s", row["id"], result.note)


async def _propose_too_late_reply(copilot: Copilot, offer: Mapping[str, Any]) -> None:
    """A polite reply to a YES that came too late (the hold ran out, or the slot was taken), for a manager to approve,
    in the card's thread: one per offer, however many times the guest texts. The card says which it was and, when
    the hold ran out, whether the slot is still free (the manager may then give it to them by hand)."""
    store = copilot.store
    parent = store.fill_proposal(offer["proposal_id"])
    candidate = _candidate_for(copilot, offer)
    key = f"reply:{offer['id']}"
    if parent is None or not candidate or store.fill_proposal_for(key) is not None:
        return
    offer = store.fill_offer(offer["id"]) or offer
    first_name = card_name(candidate)  # for the staff; the reply greets the guest by first name
    free = None if offer["status"] == "lost" else await _still_free_for(copilot, parent, candidate)
    taken = offer["status"] == "lost" or free is False
    holder = None if taken else _next_holder(copilot, parent, offer)
    if taken:
        summary = f"Reply to {first_name}: the slot is taken"
        gone = "had started" if _slot_of(parent).start <= copilot.now() else "was taken"
        situation = f"{first_name} replied YES after the slot {gone}. Nothing was booked."
    else:
        summary = f"Reply to {first_name}: the hold ran out"
        situation = f"{first_name} replied YES after their {copilot.settings.offer_hold_minutes}-minute hold ran out."
        if holder is not None:  # texted to the next guest, whose hold (or YES) stands: theirs, not to book by hand
            situation += HELD_FOR_TEXT.format(holder=holder)
        else:
            situation += (STILL_FREE_TEXT if free else
                          " Whether the slot is still free could not be checked (the spa system is not answering).")
    slot = _slot_of(parent)
    draft = _too_late_text(candidate["first_name"], candidate["service_name"], slot.start.astimezone(slot.tz), taken=taken)
    reply_proposal_id = f"fr_{uuid.uuid4().hex[:12]}"
    status = INFO if copilot.settings.spa_mode == Mode.read_only else PENDING
    if not store.create_fill_proposal(
        reply_proposal_id, appointment_id=key, location_id=parent["location_id"], status=status,
        opening=parent["opening"] | {"summary": summary, "situation": situation},
        candidates=[candidate | {"reasons": ["replied YES too late"]}], at=copilot.now(), kind="reply",
        parent_id=parent["id"], draft=draft, draft_engine="template",
    ):
        return
    store.audit(actor=COPILOT_ACTOR, action="fill.reply_proposed", subject_id=reply_proposal_id,
                details={"parentId": parent["id"], "clientId": offer["client_id"], "offerId": offer["id"], "draft": draft})
    await _post_card(copilot, reply_proposal_id)


#: A reply card's situation, as stored, when the hold ran out and the slot was still free as the reply was drafted.
#: The card is drawn again only when the reply changes, so it may be read after the slot was taken or started: it
#: shows what stays true (``_reply_situation``): pending, that the slot was free when the YES came and what the
#: manager may do; in read-only mode (no buttons, nothing sent), to book it and text the guest by hand; once decided
#: (approved, sent, held back, rejected: no Edit left), only that it was free.
STILL_FREE_TEXT = (" The slot is still free: to give it to them, book it by hand in Mangomint (and Reject or skip the"
                   " fill card's current offer), then edit this reply to say so.")
STILL_FREE_PENDING_TEXT = (" The slot was still free when their YES came: to give it to them, book it by hand in"
                           " Mangomint if it still is (and Reject or skip the fill card's current offer), then edit"
                           " this reply to say so.")
STILL_FREE_READ_ONLY_TEXT = (" The slot was still free when their YES came: to give it to them, book it by hand in"
                             " Mangomint if it still is, and text them yourself.")
STILL_FREE_DECIDED_TEXT = " The slot was still free when their YES came."
#: The same when the next guest's text was approved: the slot is theirs while their hold runs. Once the reply is
#: decided, their hold may be over: the card says what was so when the YES came.
HELD_FOR_TEXT = (" The slot is held for {holder}, who was texted the offer next; it is theirs if they say YES in time,"
                 " and the fill card moves on if they do not.")
HELD_FOR_DECIDED_TEXT = " The slot was held for {holder}, who was texted the offer next, when their YES came."
_HELD_FOR = re.compile(re.escape(HELD_FOR_TEXT).replace(re.escape("{holder}"), "(?P<holder>.+?)"))


def _reply_situation(situation: str, view: FillProposalView) -> str:
    """A reply card's stored situation as the card shows it now (see ``STILL_FREE_TEXT``, ``HELD_FOR_TEXT``)."""
    if view.state != ProposalState.pending:
        situation = _HELD_FOR.sub(lambda m: HELD_FOR_DECIDED_TEXT.format(holder=m["holder"]), situation)
        return situation.replace(STILL_FREE_TEXT, STILL_FREE_DECIDED_TEXT)
    return situation.replace(STILL_FREE_TEXT, STILL_FREE_READ_ONLY_TEXT if view.read_only else STILL_FREE_PENDING_TEXT)


def _next_holder(copilot: Copilot, parent: Mapping[str, Any], offer: Mapping[str, Any]) -> str | None:
    """The first name of the guest the opening was texted to after ``offer`` and who still holds it (their text
    approved or sent, their hold running or their YES being booked), or None: the slot is then nobody's to keep."""
    if parent["kind"] != "fill" or parent["status"] not in (ProposalState.approved.value, ProposalState.sent.value):
        return None
    current = copilot.store.fill_offer(_offer_id(parent["id"], parent["current_index"]))
    if current is None or current["id"] == offer["id"] or current["status"] not in ("approved", "sent", "accepting"):
        return None
    return _first_name_of(copilot, current)


async def _still_free_for(copilot: Copilot, parent: Mapping[str, Any], candidate: Mapping[str, Any]) -> bool | None:
    """Whether the opening could still be booked for ``candidate`` (False once booked for someone or started);
    None when the spa system cannot be asked."""
    if parent["status"] == ProposalState.booked.value or datetime.fromisoformat(parent["opening"]["start"]) <= copilot.now():
        return False
    try:
        fit, _ = await _still_fits(copilot, parent, candidate)
    except PlatformError:
        return None
    return fit is not None
