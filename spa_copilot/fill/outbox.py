"""Exactly-once delivery through the outbox of what a manager approved and what a YES books: ``deliver``
sends one item under its idempotency key (a text within texting hours, its slot re-checked when it waited for them
or for the spa system, consent read again), ``redrive_outbox`` sends again what is due; the booking, the waitlist
entry kept in step (its writes delivered by ``waitlist_writes``), a failed send settled once (the next candidate after an opt-out, or a text the spa system
refused for its guest), and an approved text still waiting dropped before it goes out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from spa_copilot.ai.schemas import shown_first_name
from spa_copilot.copilot import Copilot
from spa_copilot.domain import Appointment, BookingRequest, OutboundMessage, WaitlistStatus
from spa_copilot.fill._common import (
    COPILOT_ACTOR,
    FILL_OUTBOX_KINDS,
    OFFER_NOT_BOOKED,
    OPTED_OUT_AFTER_YES_TEXT,
    OPTED_OUT_TEXT,
    OUTBOX_BOOKING,
    OUTBOX_LEASE,
    OUTBOX_REPLY,
    OUTBOX_SMS,
    OUTBOX_WAITLIST,
    RECHECK_FIRST,
    SEND_AFTER,
    _slot_of,
    card_name,
    logger,
)
from spa_copilot.fill.card import _refresh_card, _thread_note, _thread_note_once
from spa_copilot.fill.drafts import (
    _SPAN_RE,
    _WORD_COUNT,
    OfferFacts,
    draft_problem,
    offer_check,
    offer_facts,
    offered_start,
    text_problem,
)
from spa_copilot.fill.late_reply import (
    BOOKED_REPLY_REASON,
    BOOKED_THEN_CANCELLED_REPLY_REASON,
    _propose_too_late_reply,
    hand_booking_said_off,
    reply_text_read_now,
)
from spa_copilot.fill.moving_on import _advance_after, _moved_back_words
from spa_copilot.fill.recheck import _slot_gone
from spa_copilot.fill.texting_hours import (
    DEFERRED_SENT_TEXT,
    _claim_waiting,
    _text_waits,
    _texting_opens_on,
    _window_words,
    too_late_for_a_text,
)
from spa_copilot.fill.waitlist_writes import _waitlist_write, deliver_waitlist_write
from spa_copilot.platform.errors import (
    PlatformAnswerUnread,
    PlatformAuthError,
    PlatformConflict,
    PlatformError,
    PlatformNotFound,
    PlatformProtocolError,
    PlatformRejected,
    PlatformUnavailable,
)
from spa_copilot.settings import Mode
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ProposalState

if TYPE_CHECKING:
    from spa_copilot.store.db import OutboxItem

#: The same when the spa system refuses the copilot's key (401: a key rotated, revoked for a while): kept, not failed.
NOT_SENT_KEY_TEXT = (
    ":hourglass_flowing_sand: The spa system refused the copilot's key (MANGOMINT_API_KEY), so the approved text has "
    "not gone out yet. It goes out by itself once the key is accepted again (once, never twice), if the slot is "
    "still free then."
)
NOT_SENT_YET_TEXT = (
    ":hourglass_flowing_sand: The spa system is not answering, so the approved text has not gone out yet. "
    "It goes out by itself as soon as the system answers (once, never twice), if the slot is still free then."
)

#: Why a text that waited is not sent when the spa system refuses (for good, not an outage) the slot's re-check.
RECHECK_REFUSED_TEXT = "nothing was sent: the spa system refused the slot's re-check, so it could not be confirmed free"


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
    if item.status == "sending" and item.kind == OUTBOX_SMS:
        _count_cut_off_try(copilot, key)
    try:
        if item.kind == OUTBOX_BOOKING:
            return await _deliver_booking(copilot, key, item.payload)
        if item.kind == OUTBOX_WAITLIST:
            return await deliver_waitlist_write(copilot, item)
        return await _deliver_message(copilot, key, item.kind, item.payload)
    except BaseException:
        store.mark_outbox(key, status="pending", error="interrupted")
        raise


def _count_cut_off_try(copilot: Copilot, key: str) -> None:
    """An offer's text claimed by a try whose claim ran out unsettled (the process stopped while the text was being
    sent, so it may have gone out): that try is counted now, as a try cut off in a running process counts it
    (``deliver``'s "interrupted"), and the claim taken again. This send is then a retry (the slot re-checked first, as
    after a lost answer), and a text it settles as not sent is one that may have reached her
    (``replies._tried_then_not_sent``)."""
    store = copilot.store
    with store.transaction():  # counted and claimed again together: no other sender can take it in between
        store.mark_outbox(key, status="pending", error="cut off")
        store.claim_outbox(key, now=copilot.now(), lease=OUTBOX_LEASE)
    logger.warning("fill message %s: a send cut off (a process stopped mid-send) is counted as a try", key)


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
    """Why an approved offer, booking or reply must not go out any more (the card moved on, the slot began; a reply's
    offer taken back by her YES from within the hold); else None."""
    if kind == OUTBOX_REPLY:
        offer = overtaking_offer(copilot, copilot.store.fill_proposal(payload["proposal_id"]))
        if offer is None:
            return None
        if not booked_by_hand(offer):
            return OVERTAKEN_REPLY_REASON
        # the desk's booking said cancelled in the thread meanwhile (a reply mid-send as the line was said, which the
        # line could not settle): the card says so too, not "they are booked" (rev42d L2)
        if since := hand_booking_said_off(copilot, offer):
            return BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=offer["booked_appointment_id"], since=since)
        return BOOKED_REPLY_REASON
    row = copilot.store.fill_proposal(payload["proposal_id"])
    expected = ProposalState.approved.value if kind == OUTBOX_SMS else ProposalState.sent.value
    if row is None or row["status"] != expected:
        return f"the proposal is {row['status'] if row else 'gone'}"
    if datetime.fromisoformat(row["opening"]["start"]) <= copilot.now():
        return "the slot has started"
    return None


#: Why an approved reply to a late YES did not go out: her YES from within the hold took the slot back since.
OVERTAKEN_REPLY_REASON = "not sent: their YES from within the hold came in after all, and the slot is theirs"


def overtaking_offer(copilot: Copilot, reply: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The offer a reply card (claimed ``reply:<offer id>``: "the hold ran out") answers, when a YES she sent within
    its hold took it back since (``replies._reclaim_in_time_yes``): her YES on it, being booked or booked; or when she
    was found booked at that hour since (``lost`` with her appointment). The reply must then never
    tell her she lost the slot, neither on Approve nor when its approved text goes out later (texting hours, an
    outage). None otherwise."""
    claim = (reply or {}).get("appointment_id") or ""
    offer = copilot.store.fill_offer(claim.removeprefix("reply:")) if claim.startswith("reply:") else None
    if offer is None:
        return None
    # taken back with her YES on it, its booking still to be made (the spa system not answering: rev36g G1)
    taken_back = offer["status"] == "sent" and bool(offer.get("yes_at"))
    return offer if offer["status"] in ("accepting", "booked") or taken_back or booked_by_hand(offer) else None


def booked_by_hand(offer: Mapping[str, Any]) -> bool:
    """Whether offer ``offer``'s guest was found booked at that hour by the desk since her hold ran out: by a calendar
    poll (``late_reply._booked_by_hand``: the offer stays ``expired``) or by her YES (``lost``), with the appointment."""
    return offer["status"] in ("expired", "lost") and bool(offer.get("booked_appointment_id"))


async def _deliver_message(copilot: Copilot, key: str, kind: str, payload: dict[str, Any]) -> bool:
    store = copilot.store
    proposal_id, offer_id = payload["proposal_id"], payload.get("offer_id")
    message = OutboundMessage.model_validate(payload["message"])
    if reason := _too_late_to_write(copilot, kind, payload):
        await _fail_message(copilot, key, payload, reason, "stale")
        return False
    if kind == OUTBOX_REPLY and _waited_for_texting_hours(copilot, payload):
        message = await _reply_as_true_now(copilot, key, payload, message)
    waited = kind == OUTBOX_SMS and _waited_for_texting_hours(copilot, payload)
    yes_kept = bool(offer_id and (store.fill_offer(offer_id) or {}).get("yes_at"))  # she has the text: no hold to end
    # a send an outage (or a refused key) held up within texting hours: its hold, too, must end before the slot
    # starts, and the slot is re-checked as after texting hours (the book may have changed meanwhile)
    # (and a first send whose Approve could not re-check the slot: RECHECK_FIRST)
    retried = kind == OUTBOX_SMS and not waited and not yes_kept and (
        bool(payload.get(RECHECK_FIRST)) or ((item := store.outbox_item(key)) is not None and item.attempts > 0))
    opted_out: str | None = None
    refusal: PlatformError | None = None
    gone: tuple[str, str] | None = None
    unchecked: PlatformError | None = None
    try:
        if waited or retried:
            # The guest's record read first: a spa system still out of reach is met by this one read, not by the
            # re-check's many (a catalogue read cut short by an outage leaves its other requests retrying).
            await copilot.platform.get_client(payload["client_id"])
            when = WHEN_TEXTING_OPENED if waited else WHEN_ANSWERED_AGAIN
            try:
                gone = _hold_past_the_slot(copilot, payload, when=when) or await _deferred_slot_gone(
                    copilot, payload, when=when) or _words_no_longer_fit(copilot, payload, message.body, when=when)
            except PlatformError as exc:  # the slot cannot be re-checked: never sent unchecked
                if _for_later(exc):
                    raise  # out of reach: kept for a later try, as a send the outage holds up
                unchecked = exc  # refused for good (a permission, a record gone): said now, as a refused send
        # Consent is read again right before sending: an opt-out since the proposal wins over the approval.
        client = None if gone is not None or unchecked is not None else await copilot.platform.get_client(
            payload["client_id"])
        if client is None:
            pass
        elif client.messaging_preferences.transactional_text == "optedOut" or store.text_opted_out([client.id]):
            opted_out = (OPTED_OUT_AFTER_YES_TEXT if yes_kept else OPTED_OUT_TEXT).format(
                first_name=shown_first_name(client.first_name))
        else:
            try:
                if kind == OUTBOX_REPLY:
                    _pin_before_send(copilot, key, payload)
                sent = await copilot.platform.send_message(payload["client_id"], message, idempotency_key=key)
                sent_as = {"messageId": sent.id, "sentAt": sent.sent_at.isoformat()}
            except PlatformAnswerUnread as unread:  # the text went out: only the answer cannot be read
                sent_as = _sent_as_answered(unread)
            except (PlatformRejected, PlatformNotFound) as exc:
                if kind != OUTBOX_SMS or not offer_id:
                    raise
                refusal = exc  # refused for this guest (no mobile number, opted out at the carrier): the next one
    except PlatformError as exc:
        if not _for_later(exc):
            await _fail_message(copilot, key, payload, "the spa system refused the message", type(exc).__name__)
            return False
        item = store.outbox_item(key)
        if kind == OUTBOX_REPLY and item is not None:
            _unsent_reply_read_again(copilot, key, payload, attempts=item.attempts)
        store.mark_outbox(key, status="pending", error=type(exc).__name__)
        logger.warning("fill message %s not sent yet (%s); the outbox will retry", key, type(exc).__name__)
        if item is not None and item.attempts == 0:  # said once, not at every retry
            refused = isinstance(exc, PlatformAuthError)
            await _thread_note(copilot, proposal_id, NOT_SENT_KEY_TEXT if refused else NOT_SENT_YET_TEXT)
        return False
    if gone is not None:
        await _fail_message(copilot, key, payload, *gone)
        return False
    if unchecked is not None:
        await _fail_message(copilot, key, payload, RECHECK_REFUSED_TEXT, type(unchecked).__name__)
        return False
    if opted_out is not None:  # outside the try: what follows the opt-out (the next draft) is no failure of the send
        await _fail_message(copilot, key, payload, opted_out, "optedOut")
        return False
    if refusal is not None:
        await _refused_for_guest(copilot, key, payload, refusal)
        return False
    now = copilot.now()
    offered = False
    # One transaction, no await inside: a process killed now leaves either nothing recorded (the outbox sends again
    # under the same key, which the platform answers without a second text) or everything (a YES can be booked, the
    # waitlist entry is set "offered" by the outbox).
    with store.transaction():
        # the platform's time the text went out (the first send's, for a repeat): a YES timed before it answers
        # something else (``_accept``)
        store.mark_outbox(key, status="sent", result=sent_as)
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
            details={"messageId": sent_as["messageId"], "clientId": payload["client_id"], "text": message.body,
                     "aiGenerated": message.ai_generated, "outboxKey": key},
        )
        waitlisted = offered and payload.get("entry_id") and _waitlist_write(
            copilot, payload["entry_id"], WaitlistStatus.offered, key=f"{key}:offered")
    if waitlisted:
        await deliver(copilot, waitlisted)
    await _refresh_card(copilot, proposal_id)
    return True


#: On a held reply's outbox item: its text was read again before its first try (``_reply_as_true_now``), and kept.
READ_AGAIN = "read_again"
#: On a held reply's outbox item: its text not read again yet, and no send tried: the spa system did not answer its
#: read (rev51c: an outage at texting's opening pinned the stale text), or a try within texting hours failed before
#: its send (guest52: held overnight, it is read at texting's opening). Its next try reads it again, though tries
#: counted.
NOT_READ_YET = "not_read_yet"


async def _reply_as_true_now(
    copilot: Copilot, key: str, payload: dict[str, Any], message: OutboundMessage
) -> OutboundMessage:
    """A reply to a late YES that waited for texting hours, read again as Approve read it
    (``late_reply.reply_text_now``): without "You're still on our waitlist" when her entry is no longer waiting now
    (the desk removed or booked it overnight, or its last day passed), the card's text changed with it. Only before
    its first send, and the text then read kept in the outbox item (``READ_AGAIN``) before the send: a try may have
    sent it, and every retry under its key sends that same text, never one read again later. When the spa system
    did not answer the read, nothing is kept but ``NOT_READ_YET``: the next try reads again, unless a send was tried
    meanwhile (``_pin_before_send`` keeps the approved text then)."""
    row = copilot.store.fill_proposal(payload["proposal_id"])
    item = copilot.store.outbox_item(key)
    if row is None or item is None or payload.get(READ_AGAIN):
        return message
    if item.attempts > 0 and not payload.get(NOT_READ_YET):  # tried before (a row from before the read was kept)
        return message
    try:
        body = await reply_text_read_now(copilot, {**row, "draft": message.body})
    except Exception as exc:  # not a PlatformError (a timeout escaping, an answer not understood)
        # a bug's trace for the log (ids only): the run does not fail on it, so no ops note says it (rev52a)
        logger.exception("held reply %s: its waitlist read failed (%s); sent as approved, or read again at its next "
                         "try if this one's send fails", key, type(exc).__name__)
        body = None  # as an unanswered read: never the outbox run's failure, never the stale text pinned
    if body is None:
        if not payload.get(NOT_READ_YET):
            payload[NOT_READ_YET] = True
            copilot.store.note_outbox_payload(key, payload)
        return message
    payload.pop(NOT_READ_YET, None)
    now_said = message if body == message.body else message.model_copy(update={"body": body})
    payload.update({"message": now_said.to_json_dict(), READ_AGAIN: True})
    with copilot.store.transaction():  # the outbox's text and the card's together
        copilot.store.note_outbox_payload(key, payload)
        if now_said is not message:
            copilot.store.update_fill_proposal(payload["proposal_id"], at=copilot.now(), draft=body)
    return now_said


def _pin_before_send(copilot: Copilot, key: str, payload: dict[str, Any]) -> None:
    """A reply's text right before every send (a held reply whose read went unanswered, ``NOT_READ_YET``; a reply
    approved within texting hours, never read again): kept as read (``READ_AGAIN``), so a send cut off mid-way or
    failed, which may have reached her, is retried with it, never read again (held overnight after it, guest52)."""
    if not payload.get(READ_AGAIN):
        payload.pop(NOT_READ_YET, None)
        payload[READ_AGAIN] = True
        copilot.store.note_outbox_payload(key, payload)


def _unsent_reply_read_again(copilot: Copilot, key: str, payload: dict[str, Any], *, attempts: int) -> None:
    """A reply's try kept for later (an outage) before any send of it was tried (no ``READ_AGAIN``: every send pins
    it first), its first or after tries that sent nothing (``NOT_READ_YET``): marked ``NOT_READ_YET``, so when it
    waits overnight for texting hours (approved within them the evening before, guest52) it is read again for "still
    on our waitlist" before it goes out. Tries before this mark was kept (a row from an earlier version) may have
    sent it: not marked."""
    if payload.get(READ_AGAIN) or payload.get(NOT_READ_YET) or attempts > 0:
        return
    payload[NOT_READ_YET] = True
    copilot.store.note_outbox_payload(key, payload)


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


#: When a text that waited is checked again before it goes out: texting hours opening, or the spa system answering.
WHEN_TEXTING_OPENED = "when texting opened"
WHEN_ANSWERED_AGAIN = "when the spa system answered again"


def _hold_past_the_slot(
    copilot: Copilot, payload: Mapping[str, Any], *, when: str = WHEN_TEXTING_OPENED
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


#: Why a text that waited (for texting hours, or for the spa system: ``when``) is not sent to this guest, while the
#: slot stays open to the next one.
GUEST_GONE_TEXT = "Nothing was sent to {first_name} {when}: {why}"


async def _deferred_slot_gone(
    copilot: Copilot, payload: Mapping[str, Any], *, when: str = WHEN_TEXTING_OPENED
) -> tuple[str, str] | None:
    """An offer that waited for texting hours, or whose send an outage held up (``when`` says which): the slot
    re-checked for its client as Approve does (the book may have changed meanwhile: the booking restored, the hour
    booked by hand); why it is not sent and the error to record, or None. ``guestGone`` (the guest taken off the
    waitlist, booked elsewhere then, or her cautions now ruling out the service offered): the slot is still open, so
    the proposal moves to the next candidate as after an opt-out; ``slotGone``: the proposal fails. A re-check that
    cannot reach the spa system raises its ``PlatformError``: the text is kept for a later try, never sent unchecked.
    The daily cap needs no second look: the waiting offer counted as the client's open one all along, so no other
    offer to them could be approved meanwhile."""
    row = copilot.store.fill_proposal(payload["proposal_id"])
    if row is None:
        return None
    candidate = row["candidates"][row["current_index"]]
    if (gone := await _slot_gone(copilot, row, candidate)) is None:
        return None
    if gone.code in ("entry_gone", "client_busy", "cautions"):  # the slot stays open to the next guest
        return GUEST_GONE_TEXT.format(first_name=card_name(candidate), when=when, why=gone.why), "guestGone"
    if gone.code == "booking_back":  # a card its booking's move away opened: back, not "booked again"
        why = _moved_back_words(row) or blocks.BOOKING_BACK_TEXT
    else:
        why = f"the slot is no longer free for {card_name(candidate)} ({gone.why})"
    return f"nothing was sent {when}: {why}", "slotGone"


#: Why a text that waited is not sent when its words no longer fit the slot on the day it would go out ("tomorrow"
#: approved the evening before, held up overnight): ``problem`` is ``text_problem``'s line, as Approve refuses it.
NEEDS_EDIT_TEXT = (
    "nothing was sent {when}: {problem} The text needs an Edit: /spa fill {appointment_id} offers the slot again on a"
    " fresh card, to edit and approve"
)


def _words_no_longer_fit(
    copilot: Copilot, payload: Mapping[str, Any], body: str, *, when: str = WHEN_TEXTING_OPENED
) -> tuple[str, str] | None:
    """An offer's text that waited (for texting hours, or for the spa system: ``when``) read again as Approve reads it
    (``text_problem``), for the day it would go out now: "tomorrow" approved on Tuesday evening and held up until
    Wednesday morning is wrong on Wednesday. Why it is not sent and the error to record (``needsEdit``), or None."""
    row = copilot.store.fill_proposal(payload["proposal_id"])
    if row is None or (problem := text_problem(copilot, row, body)) is None:
        return None
    facts = offer_facts(copilot, row) if row.get("kind") != "reply" else None
    if facts is not None and facts.hold_minutes is not None:
        if _fits_with_a_shorter_hold(body, row, facts):
            return None  # "held 10 minutes" while the hold is now 15: the guest has longer than told, no harm
        found = offer_check(body.strip(), facts)
        if found is not None and found[0] == "wrongHold" and found[1] == problem:
            problem = HOLD_CHANGED_TEXT.format(problem=problem)
    return NEEDS_EDIT_TEXT.format(when=when, problem=problem, appointment_id=row["opening"]["appointment_id"]), "needsEdit"


#: An approved offer's text that promises a longer hold than the one in force when it would go out (OFFER_HOLD_MINUTES
#: lowered since the Approve, which checked it against the hold then).
HOLD_CHANGED_TEXT = "{problem} (OFFER_HOLD_MINUTES was changed since the text was approved.)"


def _fits_with_a_shorter_hold(body: str, row: Mapping[str, Any], facts: OfferFacts) -> bool:
    """Whether an offer's text is right but for promising a hold shorter than ``facts``' (the one in force now, since
    OFFER_HOLD_MINUTES was raised after the Approve): read again as if the hold were what the text says, nothing
    else is wrong. A guest told "10 minutes" who has 15 loses nothing."""
    hold = facts.hold_minutes or 0
    for match in _SPAN_RE.finditer(body):
        raw = " ".join(match.group("n").lower().split())
        count = float(raw) if raw.isdigit() else _WORD_COUNT.get(raw)
        if count is None:
            continue
        minutes = count * 60 if match.group("unit").lower().startswith(("h", "hora")) else count
        if not 0 < minutes < hold or minutes != int(minutes):
            continue
        if draft_problem(body, starts_at=offered_start(row), facts=replace(
                facts, hold_minutes=int(minutes))) is None:
            return True
    return False


#: Why the card moves on when the spa system refuses an offer's text for its guest (a 4xx other than a key problem).
REFUSED_TEXT = (
    "The spa system refused the text to {first_name} (HTTP {status}), so nothing was sent: check their mobile number "
    "and text consent in Mangomint"
)


def refused_key(appointment_id: str, client_id: str) -> str:
    """The ``processed_events`` id remembering that the spa system refused a text to ``client_id`` offering the
    opening of ``appointment_id``: a fresh card for that opening (``/spa fill`` again) does not rank them first
    again (``proposing._without_refused``). Ids only."""
    return f"fill-refused:{appointment_id}:{client_id}"


async def _refused_for_guest(copilot: Copilot, key: str, payload: dict[str, Any], exc: PlatformError) -> None:
    """The spa system refused an offer's text for its guest (a 4xx: no mobile number, opted out at the carrier):
    nothing was sent; the card moves on to the next guest, as after an expired hold, said once in its thread (by
    whoever settles the item), and the guest is remembered for the opening (``refused_key``)."""
    row = copilot.store.fill_proposal(payload["proposal_id"])
    if row is not None:
        candidate = row["candidates"][row["current_index"]]
        copilot.store.claim_event(refused_key(row["opening"]["appointment_id"], payload["client_id"]), source="fill")
        name = card_name(candidate) if candidate.get("client_id") == payload["client_id"] else "the client"
    else:
        name = "the client"
    logger.warning("fill message %s refused by the spa system (%s, HTTP %s): the card moves on",
                   key, type(exc).__name__, exc.status)
    await _fail_message(copilot, key, payload, REFUSED_TEXT.format(first_name=name, status=exc.status or "4xx"),
                        "refused")


async def _fail_message(copilot: Copilot, key: str, payload: dict[str, Any], reason: str, error: str) -> None:
    """Nothing was sent: settle the item and the offer, once; an opted-out candidate (or one who can no longer take
    the slot when a text that waited goes out: ``guestGone``; or one the spa system refused the text for:
    ``refused``) makes way for the next one. A text not sent because its slot is gone (``slotGone``) says so once in
    the card's thread.

    What is recorded (item failed, offer failed, ``fill.send_failed``, the proposal failed unless the client opted
    out) is one transaction, written only by whoever settles the claimed item first, so a send is audited as failed
    exactly once. The move to the next candidate after an opt-out comes after it and may meet an outage: then the
    proposal stays ``approved`` with its offer ``failed``, and ``expire_offers`` takes the move up again
    (``_move_on_after_answer``).
    """
    proposal_id, offer_id = payload["proposal_id"], payload.get("offer_id")
    opted_out = error in ("optedOut", "guestGone", "refused") and bool(offer_id)  # the next one may still have the slot
    failed = settle_unsent(copilot, key, payload, reason, error)
    if failed is None:
        return  # already settled (by a re-drive that took over a claim whose lease ran out, or a click)
    if failed:
        await _refresh_card(copilot, proposal_id)
        if error in ("slotGone", "needsEdit"):  # the card's thread is told, once (the item is settled once)
            await _thread_note_once(copilot, f"fill-not-sent:{key}", proposal_id, f":no_entry: {reason[:1].upper()}{reason[1:]}.")
    if opted_out:
        try:
            await _advance_after(copilot, proposal_id, f":no_entry: {reason}.", from_status=ProposalState.approved.value)
        except PlatformError as exc:
            logger.warning("fill proposal %s: the move on after an opt-out waits for the platform (%s)",
                           proposal_id, type(exc).__name__)
            if error == "refused":  # the move on taken up later says only "Nothing was sent": why is said now, once
                await _thread_note_once(copilot, f"fill-refused-note:{key}", proposal_id, f":no_entry: {reason}.")


def settle_unsent(
    copilot: Copilot, key: str, payload: Mapping[str, Any], reason: str, error: str, *, card_stale: bool = False
) -> bool | None:
    """``_fail_message``'s record, in one transaction (inside the caller's, when there is one): the item failed, its
    offer failed, ``fill.send_failed`` audited, and the proposal failed with ``reason`` unless its guest opted out or
    is gone (the next one may still have the slot), its card marked to redraw when ``card_stale``. Whether the
    proposal failed now; None when the item was settled already (nothing recorded)."""
    store, now = copilot.store, copilot.now()
    proposal_id, offer_id = payload["proposal_id"], payload.get("offer_id")
    opted_out = error in ("optedOut", "guestGone", "refused") and bool(offer_id)
    with store.transaction():
        if not store.mark_outbox(key, status="failed", error=error[:300]):
            return None
        if offer_id:
            store.update_fill_offer(offer_id, at=now, expect_status="approved", status="failed")
        store.audit(actor=COPILOT_ACTOR, action="fill.send_failed", subject_id=proposal_id,
                    details={"outboxKey": key, "error": error, "reason": reason})
        return not opted_out and store.update_fill_proposal(
            proposal_id, at=now, expect_status=ProposalState.approved.value, status=ProposalState.failed.value,
            reason=reason, **({"card_stale": 1} if card_stale else {}),
        )


async def _deliver_booking(copilot: Copilot, key: str, payload: dict[str, Any]) -> bool:
    store = copilot.store
    proposal_id, offer_id = payload["proposal_id"], payload["offer_id"]
    request = BookingRequest.model_validate(payload["booking"])
    first_name = payload.get("first_name", "The client")
    made: Appointment | None = None
    if reason := _too_late_to_write(copilot, OUTBOX_BOOKING, payload):
        item = store.outbox_item(key)
        try:  # tried before, its answer lost: the spa system may hold the booking, which is then said as made
            made = await _made_before(copilot, request) if item is not None and item.attempts > 0 else None
        except PlatformError as exc:  # asked again at the next try, not said as "could not book" meanwhile
            store.mark_outbox(key, status="pending", error=type(exc).__name__)
            logger.warning("fill booking %s: whether it was made waits for the platform (%s)", key, type(exc).__name__)
            return False
        if made is None:
            await _booking_failed(copilot, key, payload, reason, taken=False)
            return False
    found = made  # hers, found in the spa system rather than made by this try (a person's, or a lost answer's)
    try:
        appointment = made or await copilot.platform.book_appointment(request, idempotency_key=key)
    except PlatformError as exc:
        if _for_later(exc):  # as a send: out of reach, or a key being changed, then it books
            store.mark_outbox(key, status="pending", error=type(exc).__name__)
            logger.warning("fill booking %s not made yet (%s); the outbox will retry", key, type(exc).__name__)
            return False
        taken, unread = isinstance(exc, PlatformConflict), isinstance(exc, PlatformAnswerUnread)
        try:  # taken by her own booking (made by the front desk meanwhile, or an earlier try): hers, not a sorry;
            # or booked with an answer that cannot be read: the booking is looked for
            appointment = found = await _made_before(copilot, request) if taken or unread else None
        except PlatformError as error:
            store.mark_outbox(key, status="pending", error=type(error).__name__)
            return False
        if appointment is None and unread:  # booked, not found: said so, never told to her as a sorry
            reason = (f"the spa system's answer to the booking could not be read, and no booking was found for "
                      f"{first_name}: check its calendar before telling the guest")
            await _booking_failed(copilot, key, payload, reason, taken=False, error=type(exc).__name__)
            return False
        if appointment is None:
            reason = (blocks.BOOKING_TAKEN if taken else BOOKING_ANSWER_ODD_TEXT if _may_be_booked(type(exc).__name__)
                      else "the spa system refused the booking")
            await _booking_failed(copilot, key, payload, reason, taken=taken, error=type(exc).__name__)
            return False
    now = copilot.now()
    row = store.fill_proposal(proposal_id)
    opening = row["opening"] if row else {}
    booked = _booked_record(appointment, request, first_name, row["candidates"] if row else [])
    when = blocks.clock_range(appointment.start_at, appointment.end_at, opening.get("time_zone", "UTC"))
    summary = f"{first_name} replied YES: booked {booked['service_name']} {when} (appointment {appointment.id})"
    # found, not made by this try, with another source than the copilot's: made by a person (a phone call) meanwhile
    if found is not None and found.source not in (None, request.source):
        summary = (f"{first_name} replied YES: already booked in the spa system for {booked['service_name']} {when} "
                   f"(appointment {appointment.id}), so nothing more was booked")
    # One transaction, no await inside: a process stopped after it leaves the item, the offer and the proposal all
    # booked (its card marked for the expiry job to redraw, should the redraw below not happen); stopped before it,
    # the outbox books again under the same key, which the spa system answers with the same appointment.
    with store.transaction():
        store.mark_outbox(key, status="sent", result={"appointmentId": appointment.id})
        store.update_fill_offer(offer_id, at=now, expect_status="accepting", status="booked",
                                booked_appointment_id=appointment.id)
        store.update_fill_proposal(
            proposal_id, at=now, expect_status=ProposalState.sent.value, status=ProposalState.booked.value,
            reason=summary, booked=booked, card_stale=1,
        )
        store.audit(actor=COPILOT_ACTOR, action="fill.booked", subject_id=proposal_id,
                    details={"appointmentId": appointment.id, "clientId": request.client_id, "outboxKey": key})
        waitlisted = request.waitlist_entry_id and _waitlist_write(
            copilot, request.waitlist_entry_id, WaitlistStatus.booked, key=f"{key}:booked")
    if waitlisted:
        await deliver(copilot, waitlisted)
    await _thread_note(copilot, proposal_id, f":tada: {summary}.")
    await _refresh_card(copilot, proposal_id)
    return True


def _sent_as_answered(unread: PlatformAnswerUnread) -> dict[str, Any]:
    """What a sent text's record holds when the spa system took it with an answer not the contract's: its id and
    time as the client could read them, else none (no time: ``replies._text_sent_at`` then knows none, rather than a
    guess by the copilot's clock that could take a quick YES for one sent before the text)."""
    return {"messageId": unread.record_id, "sentAt": unread.sent_at.isoformat() if unread.sent_at else None}


def _for_later(exc: PlatformError) -> bool:
    """Whether a write the spa system did not take is kept for a later try: it was out of reach, or refused the key
    itself (401: a key being rotated, mended without touching the copilot). A 403 (the key lacks a permission) or any
    other refusal will not mend by waiting: it is said at once, while a person can still act."""
    return isinstance(exc, PlatformUnavailable) or (isinstance(exc, PlatformAuthError) and exc.status == 401)


async def _made_before(copilot: Copilot, request: BookingRequest) -> Appointment | None:
    """The booking a YES asked for, if the spa system holds it: the client's appointment, not cancelled, at the time
    asked with the service and therapist asked (made by an earlier try whose answer was lost)."""
    found = await her_appointments(copilot, request.client_id, request.start_at)
    return next((appointment for appointment in found if appointment.start_at == request.start_at and any(
        line.service_id == request.service_id and line.staff_id == request.staff_id for line in appointment.services
    )), None)


async def her_appointments(
    copilot: Copilot, client_id: str, start: datetime, *, since: timedelta = timedelta(0)
) -> list[Appointment]:
    """The client's appointments, not cancelled, that start from ``since`` before ``start`` up to ``start``, as the
    spa system holds them now (her own booking where a YES was to go: ``_made_before``, ``replies._her_booking_then``)."""
    found = await copilot.platform.list_appointments(
        client_id=client_id, start_from=start - since, start_to=start + timedelta(minutes=1)
    )
    return [appointment for appointment in found if appointment.client_id == client_id and appointment.is_active]


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
    """A booking the spa system did not make: the offer ``lost`` when the slot was ``taken`` (a 409 after a passing
    re-check: the card then says it closed now, when her booking was refused, not "expired by" its approver at the
    approval's time, and a list to call her YES took back is to be called as before); else ``OFFER_NOT_BOOKED`` (her
    text went out and she said YES: never "their text could not be sent") and the card closes as "Could not book"
    (``blocks.NOT_BOOKED``), in the transaction that settles the offer. It never moves on to the next guest: a refusal
    may be one no guest can get past (a 403, the therapist made inactive while the catalog is cached), and she may be
    booked all the same (a retry refused after a try whose answer was lost). Said in the thread, for a person to check
    the calendar and answer her; her waitlist entry back to waiting unless the answer could not be read
    (``_may_be_booked``)."""
    from spa_copilot.fill.replies import CALL_LIST_LOST_TEXT, RECLAIMED_CALL_LIST_KEY  # replies imports this module

    store = copilot.store
    now = copilot.now()
    proposal_id, offer_id = payload["proposal_id"], payload["offer_id"]
    first_name = payload.get("first_name", "the client")
    entry_id = BookingRequest.model_validate(payload["booking"]).waitlist_entry_id
    with store.transaction():  # the offer settled, her waitlist entry's change and the card's close recorded together
        store.mark_outbox(key, status="failed", error=f"{error}: {reason}"[:300])
        settled = store.update_fill_offer(offer_id, at=now, expect_status="accepting",
                                          status="lost" if taken else OFFER_NOT_BOOKED)
        # nothing was booked: she is still waiting (as after a NO), unless the answer to the booking could not be read
        # (it may have been made: the front desk checks the calendar first)
        waitlisted = settled and entry_id and not _may_be_booked(error) and _waitlist_write(
            copilot, entry_id, WaitlistStatus.waiting, key=f"{key}:waiting")
        # "Closed at <now>" / "Could not book <guest> at <now>", not the approval's time
        store.update_fill_proposal(
            proposal_id, at=now, expect_status=ProposalState.sent.value,
            status=ProposalState.expired.value if taken else ProposalState.failed.value,
            reason=reason if taken else f"{blocks.NOT_BOOKED}{reason}", decided_at=now.isoformat(),
        )
    if waitlisted:
        await deliver(copilot, waitlisted)
    store.audit(actor=COPILOT_ACTOR, action="fill.booking_failed", subject_id=proposal_id,
                details={"outboxKey": key, "error": error, "reason": reason})
    if taken:
        called = CALL_LIST_LOST_TEXT if store.event_seen(RECLAIMED_CALL_LIST_KEY.format(offer_id=offer_id)) else ""
    else:  # her text went out and she said YES: a person answers her (nothing is texted without an Approve)
        called = NOT_BOOKED_NO_ANSWER_TEXT.format(first_name=first_name)
    await _thread_note(copilot, proposal_id, f":warning: Could not book {first_name}: {reason}.{called}")
    await _refresh_card(copilot, proposal_id)
    if taken:
        offer = store.fill_offer(offer_id)
        if offer is not None:
            await _propose_too_late_reply(copilot, offer)


#: After "Could not book <guest>: <why>." when the card closes: true whether or not she was booked after all (a
#: retry refused after a try that booked her, its answer lost; an answer with no id), so staff look before telling her.
NOT_BOOKED_NO_ANSWER_TEXT = (
    " {first_name} replied YES and has had no answer: check the calendar in Mangomint, then let them know yourself."
)


#: Why a booking failed whose 2xx answer was not the contract's shape and named no booking (``PlatformProtocolError``):
#: not "refused", as it may have been made.
BOOKING_ANSWER_ODD_TEXT = "the spa system's answer to the booking was not understood (it may have been made)"


def _may_be_booked(error: str) -> bool:
    """Whether a booking that failed with ``error`` (the exception's name) may have been made all the same: the spa
    system answered 2xx but not in the contract's shape (``PlatformProtocolError``, ``PlatformAnswerUnread``). Her
    waitlist entry is then left as it is, for the desk to check the calendar first."""
    return error in (PlatformProtocolError.__name__, PlatformAnswerUnread.__name__)


async def _drop_held_text(copilot: Copilot, key: str, reason: str, error: str, *, held_by_outage: bool = False) -> bool:
    """An approved offer's text (outbox ``key``) still held back by TEXT_SEND_HOURS and never tried, which must not
    go out (the cancellation undone, the guest's STOP): settled now as not sent (``_fail_message``), its card saying
    so at once instead of at the opening. Claimed first, so the re-drive at the opening cannot send it meanwhile;
    False when there was no such text (sent, tried before, or due now: the send's own checks settle it).
    ``held_by_outage`` (its slot gone: the booking back, the hour booked by hand): a text an outage (or a refused
    key) holds up within texting hours, or one due and not yet tried, is settled so too (``_claim_held``)."""
    item = _claim_waiting(copilot, key)
    if item is None and held_by_outage:
        item = _claim_held(copilot, key)
    if item is None:
        return False
    await _fail_message(copilot, item.key, item.payload, reason, error)
    return True


def _claim_held(copilot: Copilot, key: str) -> OutboxItem | None:
    """The offer's text ``key``, claimed (so no re-drive sends it now), while it is pending within texting hours: held
    up by an outage or a refused key (tried before), or due and not tried yet. None otherwise: sent, being sent, waiting
    for texting hours (``_claim_waiting``; one tried before is re-checked when they open), or with a YES kept on its
    offer (the guest has the text: her YES's re-check settles the slot)."""
    store = copilot.store
    item = store.outbox_item(key)
    if item is None or item.kind != OUTBOX_SMS or item.status != "pending" or _text_waits(copilot, item.payload):
        return None
    offer_id = item.payload.get("offer_id")
    if offer_id and (store.fill_offer(offer_id) or {}).get("yes_at"):
        return None
    if not store.claim_outbox(key, now=copilot.now(), lease=OUTBOX_LEASE):
        return None
    return item
