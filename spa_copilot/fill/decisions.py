"""The manager's clicks on a card: Approve (the approval and its outbox item recorded once, then sent;
or refused: the slot gone, the guest capped, too late for a text, a text the Save's checks would refuse now), Hold
back a text waiting for texting hours, Edit (the modal, its checks and the wording concerns she confirms), Reject and
Next candidate; each refused to anyone but a manager, in read-only mode and on a stale card.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from slack_sdk.models.views import View

from spa_copilot.copilot import Copilot
from spa_copilot.domain import MessageChannel, MessagePurpose, OutboundMessage
from spa_copilot.fill._common import (
    OUTBOX_REPLY,
    OUTBOX_SMS,
    PENDING,
    READ_ONLY_REFUSAL,
    RECHECK_FIRST,
    SEND_AFTER,
    FillResult,
    _slot_of,
    _text_key,
    card_name,
    fill_offer_id,
    logger,
)
from spa_copilot.fill.call_list import _booked_elsewhere, _next_index, _opted_out_since, _too_soon_reason
from spa_copilot.fill.card import _nobody_next, _refresh_card, _thread_note
from spa_copilot.fill.drafts import (
    draft_problem,
    length_problem,
    offer_facts,
    offered_start,
    own_names,
    slot_time_words,
    text_problem,
    wording_concern,
)
from spa_copilot.fill.late_reply import hand_booking_said_off, reply_text_now
from spa_copilot.fill.moving_on import (
    _booking_back_reason,
    _close_too_soon,
    _move_to,
    _moved_back_words,
    _next_words,
    _taken_back,
)
from spa_copilot.fill.offer_limits import _cap_day_start, _offers_counted
from spa_copilot.fill.outbox import booked_by_hand, deliver, overtaking_offer
from spa_copilot.fill.recheck import _slot_gone
from spa_copilot.fill.texting_hours import (
    DEFERRED_TEXT,
    _claim_waiting,
    _place,
    _when_opens,
    _window_words,
    text_opens_at,
    too_late_for_a_text,
)
from spa_copilot.platform.errors import PlatformError
from spa_copilot.settings import Mode
from spa_copilot.slack import blocks, texts
from spa_copilot.slack.roles import MembershipUnknown
from spa_copilot.slack.views_models import ProposalState

NOT_FOUND_TEXT = "That proposal no longer exists."
ALREADY_DECIDED_TEXT = "This proposal was already decided ({status}); nothing changed."
NO_MORE_CANDIDATES_TEXT = "There is no other candidate for this opening."
#: Next candidate with guests left who cannot be offered it yet (the daily cap, or another offer still open): the
#: card keeps its button (``card._nobody_next``), since the cap's day turns and an offer ends.
NOT_YET_NEXT_TEXT = (
    "Nobody else on this card can be offered it now: each was already offered a slot today, or is answering another "
    "text. Choose Next candidate again later, or Reject it."
)
#: A manager's Next candidate, in the card's thread after their mention.
NEXT_CLICKED_TEXT = "chose Next candidate: moving on from {first_name}. {next}"
CAPPED_TEXT = "{first_name} was already offered a slot today; choose Next candidate instead."
#: The same, on a card with no one after them (no Next candidate button to choose).
CAPPED_LAST_TEXT = (
    "{first_name} was already offered a slot today, and nobody else on this card can take it: Reject the card, and the "
    "front desk can offer the slot another way."
)
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
#: The guest's cautions gained one since the card was drawn that rules out the service offered (``why`` names the
#: service, never the condition); the slot is still open to the others.
CAUTIONS_REFUSAL = (
    "Nothing was sent to {first_name}: {why} (their record changed since this card was drawn). {then}"
)
#: The text (an edit saved earlier, or a draft) says what the guest's YES would not book if approved now (``problem``:
#: ``text_problem``'s line, as the edit modal shows it); nothing is sent and the card waits for an Edit.
TEXT_REFUSAL = "Nothing was sent: {problem} Edit the text, then Approve it."
BOOKING_BACK_REFUSAL = (
    "Nothing was sent: the cancelled appointment is booked again, so there is no opening to fill. The card is closed."
)
#: The thread's line when an Approve found the cancelled appointment booked again (after the clicker's mention).
BOOKING_BACK_CLICKED_TEXT = (
    "clicked Approve, but the cancelled appointment is booked again: nothing was sent, and the proposal is closed."
)
#: The same two for a card its booking's move to the sister location opened, the booking since moved back (``back``:
#: ``moving_on.MOVED_BACK_TEXT``): nothing was cancelled, so nothing is "booked again".
MOVED_BACK_REFUSAL = "Nothing was sent: {back}. The card is closed."
MOVED_BACK_CLICKED_TEXT = "clicked Approve, but {back}: nothing was sent, and the proposal is closed."
SLOT_GONE_TEXT = "Nothing was sent: the slot is no longer free for {first_name} ({why}). {then}"
#: After a refused Approve: what the card still offers (``_next_index``: nobody left when the rest are capped for
#: now, or booked from another card, where the card shows no Next candidate button)
THEN_NEXT = "Choose Next candidate, or Reject if nobody else can take it."
THEN_NOBODY = "Nobody else on this card can be offered it: Reject it, or call a guest yourself."
#: The therapist offered is no longer free then, and every other guest on the card would be offered them too.
THEN_TAKEN = "The time offered is taken for everyone on this card: Reject it."
#: The same while the rest can be offered it later (the card keeps Next candidate: ``card._nobody_next``).
THEN_LATER = (
    "Nobody else on this card can be offered it now (each was already offered a slot today, or is answering another "
    "text): choose Next candidate later, or Reject it."
)


def _then(copilot: Copilot, row: Mapping[str, Any], gone: str = "") -> str:
    """What a fill card still offers after a refused Approve, as its buttons do: the next candidate, later ones once
    the daily cap turns or an offer ends (the card keeps Next candidate), or nobody; nobody too when the therapist
    offered is no longer free (``gone``: ``therapist_busy``) and every later candidate is offered the same one."""
    later = row["candidates"][row["current_index"] + 1 :]
    offered = row["candidates"][row["current_index"]].get("staff_id")
    if gone == "therapist_busy" and all(c.get("staff_id") == offered for c in later):
        return THEN_TAKEN
    if _next_index(copilot, row) is not None:
        return THEN_NEXT
    last = row["current_index"] + 1 >= len(row["candidates"])
    return THEN_NOBODY if last or _nobody_next(copilot, row) else THEN_LATER


#: The edit modal's line for a wording concern (``edit_concern``): the Save that met it saved nothing.
CONFIRM_CONCERN_TEXT = "{concern} Save again unchanged to send it as written."


def edit_problem(copilot: Copilot, proposal_id: str, revision: int, text: str) -> str | None:
    """Why the edit modal's text cannot be saved on this card at this revision (``text_problem``, or
    ``actionable_problem``); None when it can."""
    row = copilot.store.fill_proposal(proposal_id)
    is_reply = row is not None and row.get("kind") == "reply"
    if problem := (length_problem(text) if is_reply else draft_problem(text)) or actionable_problem(
            copilot, proposal_id, revision):
        return problem
    return None if row is None else text_problem(copilot, row, text)


def edit_concern(copilot: Copilot, proposal_id: str, text: str) -> tuple[str, str] | None:
    """How an edited invitation is worded that may mislead the guest (``drafts.wording_concern``: the kind and the
    modal's line, the spa's own names not read as its words), for the manager to confirm rather than a refusal: the
    words are hers. A reply to a late YES (it asks for no reply) is read for an opt-out keyword only ("Reply CANCEL to
    leave the waitlist": rev44c L4). None for the card's own text saved unchanged (a model's draft was read strictly
    when drafted, an earlier edit confirmed)."""
    row = copilot.store.fill_proposal(proposal_id)
    if row is None or text.strip() == (row.get("draft") or "").strip():
        return None
    facts = offer_facts(copilot, row)
    names = own_names(facts) if facts is not None else [copilot.settings.spa_name]
    return wording_concern(text, names, asks_reply=row.get("kind") != "reply",
                           guest=facts.guest_name if facts is not None else "")


class EditConfirmations:
    """Which text each open edit modal was last warned about (Slack's ``view.id`` → a hash of the text), so that a
    second Save of the same text in the same modal confirms its concern, and a changed text is read again. Held in
    process, the oldest forgotten past ``limit``: a restart asks once more."""

    def __init__(self, limit: int = 1000) -> None:
        self._warned: OrderedDict[str, str] = OrderedDict()
        self._limit = limit

    @staticmethod
    def _digest(text: str) -> str:
        return hashlib.sha256(text.strip().encode()).hexdigest()

    def confirmed(self, view_id: str, text: str) -> bool:
        """Whether ``text`` is the one this modal was last warned about: its Save now confirms it (and is forgotten).
        Otherwise ``text`` is remembered as warned, and False."""
        digest = self._digest(text)
        if self._warned.get(view_id) == digest:
            del self._warned[view_id]
            return True
        self._warned[view_id] = digest
        self._warned.move_to_end(view_id)
        while len(self._warned) > self._limit:
            self._warned.popitem(last=False)
        return False


async def _check_manager(copilot: Copilot, proposal_id: str, user_id: str, action: str) -> FillResult | None:
    if copilot.settings.spa_mode == Mode.read_only:
        return FillResult(False, READ_ONLY_REFUSAL, proposal_id)
    try:
        manager = await copilot.roles.is_manager(user_id, strict=True)
    except MembershipUnknown:  # Slack could not say just now (the manager group unread): try again, no refusal
        return FillResult(False, texts.WHO_UNKNOWN_TEXT, proposal_id)
    if not manager:
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
    if not is_fill and (refusal := _reply_overtaken(copilot, row)):
        return FillResult(False, refusal, proposal_id)
    if not is_fill and (text := await reply_text_now(copilot, row)) != (row["draft"] or ""):
        # her waitlist entry is no longer waiting: the card's text loses "still on our waitlist", and shows what goes
        store.update_fill_proposal(proposal_id, at=copilot.now(), expect_status=PENDING, expect_revision=revision,
                                   draft=text)
        row = store.fill_proposal(proposal_id) or row
    slot = _slot_of(row)
    unchecked = False
    try:
        gone = await _slot_gone(copilot, row, candidate) if is_fill else None
    except PlatformError as exc:  # the approval is kept; its first send re-checks, and never goes out unchecked
        logger.warning("fill %s: the slot could not be re-checked at Approve: %s", proposal_id, type(exc).__name__)
        gone, unchecked = None, True
    if gone:
        if gone.code == "booking_back":  # no opening left for anyone on the card: it closes (no Approve to refuse again)
            await _close_booking_back(copilot, row, revision, user_id=user_id)
            back = _moved_back_words(row)
            return FillResult(False, MOVED_BACK_REFUSAL.format(back=back) if back else BOOKING_BACK_REFUSAL, proposal_id)
        then = _then(copilot, row, gone.code) if is_fill else THEN_NOBODY
        refusal = CAUTIONS_REFUSAL if gone.code == "cautions" else SLOT_GONE_TEXT
        return FillResult(False, refusal.format(first_name=card_name(candidate), why=gone.why, then=then), proposal_id)
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
    # The text is read again as the Save of an edit read it, for the day it would go out now: "tomorrow" saved on
    # Tuesday for Wednesday's slot is wrong on Wednesday. The card stays as it is, for an Edit.
    if problem := text_problem(copilot, row, row["draft"] or ""):
        logger.info("fill %s: Approve refused, the text no longer fits the offer", proposal_id)
        return FillResult(False, TEXT_REFUSAL.format(problem=problem), proposal_id)
    key = _text_key(row)
    message = OutboundMessage(
        channel=MessageChannel.sms,
        purpose=MessagePurpose.transactional,
        body=row["draft"],
        ai_generated=is_fill,
        approved_by=user_id,
    )
    offer_id = fill_offer_id(proposal_id, index) if is_fill else None
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
    if unchecked:
        payload[RECHECK_FIRST] = True
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


#: Approve on a reply to a late YES whose offer a YES sent within the hold took back (``replies._reclaim_in_time_yes``):
#: the reply would tell a guest being booked that she lost the slot.
REPLY_OVERTAKEN_TEXT = (
    "Nothing was sent: {first_name}'s YES from within the hold came in after all, and the slot {state} for them. "
    "This reply would tell them the hold ran out: Reject it."
)


#: The same when she was found booked at that hour since (the desk booked her: ``replies._answer_yes_too_late``).
REPLY_BOOKED_TEXT = (
    "Nothing was sent: {first_name} is booked at that hour in the spa system (appointment {appointment}). "
    "This reply would tell them the hold ran out: Reject it."
)
#: The same when that booking was said cancelled (or gone) in the card's thread since, and not booked again
#: (``late_reply.hand_booking_said_off``: ``since`` is "cancelled since"): she is not booked now (rev39i L1).
REPLY_BOOKED_THEN_CANCELLED_TEXT = (
    "Nothing was sent: {first_name} was booked at that hour in the spa system (appointment {appointment}, {since}). "
    "Nothing is texted to them about their earlier YES: Reject this reply."
)


def _reply_overtaken(copilot: Copilot, row: Mapping[str, Any]) -> str | None:
    """Why a reply card (``kind == "reply"``, claimed as ``reply:<offer id>``) must not be sent: its offer is being
    booked or was booked, or she was found booked at that hour since; else None."""
    if (offer := overtaking_offer(copilot, row)) is None:
        return None
    first_name = card_name(row["candidates"][row["current_index"]])
    if booked_by_hand(offer):  # found booked at that hour by the desk since
        if since := hand_booking_said_off(copilot, offer):  # and that booking cancelled since, as the thread says
            return REPLY_BOOKED_THEN_CANCELLED_TEXT.format(first_name=first_name, since=since,
                                                           appointment=offer["booked_appointment_id"])
        return REPLY_BOOKED_TEXT.format(first_name=first_name, appointment=offer["booked_appointment_id"])
    state = "was booked" if offer["status"] == "booked" else "is being booked"
    return REPLY_OVERTAKEN_TEXT.format(first_name=first_name, state=state)


async def _close_booking_back(copilot: Copilot, row: Mapping[str, Any], revision: int, *, user_id: str) -> None:
    """An Approve whose re-check found the cancelled appointment booked again (a restore the calendar poll had not
    seen yet, or one it left because the card's earlier text was out): the card closes as the poll closes one
    ("Closed: the cancelled appointment is booked again", no buttons), its thread says who clicked and why nothing
    went out. A card that moved meanwhile (another click) is left to that click. A card its booking's move to the
    sister location opened, the booking since moved back, says so (``moving_on._booking_back_reason``): nothing was
    cancelled."""
    now = copilot.now()
    reason = _booking_back_reason(row)
    if not copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=PENDING, expect_revision=revision, status=ProposalState.expired.value,
        decided_by=None, decided_at=now.isoformat(), reason=reason,
    ):
        return
    copilot.store.audit(actor=user_id, action="fill.closed", subject_id=row["id"],
                        details={"reason": reason, "on": "approve"})
    await _refresh_card(copilot, row["id"])
    back = _moved_back_words(row)
    await _thread_note(copilot, row["id"], MOVED_BACK_CLICKED_TEXT.format(back=back) if back else BOOKING_BACK_CLICKED_TEXT,
                       by=user_id)


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
    # Nothing is awaited before the modal opens: Slack's trigger_id is good for 3 seconds, and a slow spa system
    # must not cost the manager their Edit. The Save's check (``edit_problem``, answered before Slack's 3-second ack
    # of the submission) reads the catalogue as last read (``offer_facts``), as does Approve's.
    row = copilot.store.fill_proposal(proposal_id)
    assert row is not None
    first_name = card_name(row["candidates"][row["current_index"]])
    return blocks.edit_draft_modal(
        proposal_id, revision, row["draft"] or "", client_first_name=first_name,
        # a reply to a late YES books nothing: no time or YES for its edit to keep
        keep_time=slot_time_words(start) if row["kind"] == "fill" and (start := offered_start(row)) else None,
    )


async def save_edit(
    copilot: Copilot, proposal_id: str, revision: int, text: str, *, user_id: str, confirmed: str | None = None
) -> FillResult:
    """The edit modal's submission: the new text replaces the draft and bumps the revision. A text with a wording
    concern (``edit_concern``) is saved only when ``confirmed`` names its kind (the manager saved it twice), and the
    audit row says so. Saved unchanged, nothing changes: no revision (a colleague's Approve on the card as drawn still
    holds), no "edited" mark, no audit row saying a manager edited a text they did not."""
    if refused := await _check_manager(copilot, proposal_id, user_id, "editing a text to a client"):
        return refused
    if problem := edit_problem(copilot, proposal_id, revision, text):
        return FillResult(False, problem, proposal_id)
    concern = edit_concern(copilot, proposal_id, text)
    if concern is not None and concern[0] != confirmed:
        return FillResult(False, CONFIRM_CONCERN_TEXT.format(concern=concern[1]), proposal_id)
    store = copilot.store
    row = store.fill_proposal(proposal_id)
    assert row is not None
    if text.strip() == (row["draft"] or "").strip():
        return FillResult(True, "", proposal_id)
    engine = row.get("draft_engine") or "offline"
    edited_engine = engine if engine.endswith(", edited") else f"{engine}, edited"
    if not store.update_fill_proposal(
        proposal_id, at=copilot.now(), expect_status=PENDING, expect_revision=revision, bump_revision=True,
        draft=text.strip(), draft_engine=edited_engine,
    ):
        return FillResult(False, texts.STALE_CARD_TEXT, proposal_id)
    store.audit(
        actor=user_id, action="fill.edited", subject_id=proposal_id, engine=engine,
        details={"before": row["draft"], "text": text.strip(), "revision": revision + 1}
        | ({"confirmedConcern": concern[0]} if concern else {}),
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
        never = _booked_elsewhere(copilot, row).keys() | _opted_out_since(copilot, row)
        waiting = any(i not in never for i in range(row["current_index"] + 1, len(row["candidates"])))
        return FillResult(False, NOT_YET_NEXT_TEXT if waiting else NO_MORE_CANDIDATES_TEXT, proposal_id)
    if row["kind"] == "fill" and (too_soon := _too_soon_reason(copilot, _slot_of(row))):
        if not await _close_too_soon(copilot, row, too_soon, actor=user_id):
            return FillResult(False, actionable_problem(copilot, proposal_id, revision) or texts.STALE_CARD_TEXT, proposal_id)
        return FillResult(False, f"Nothing drafted: {too_soon}.", proposal_id)
    skipped = row["candidates"][row["current_index"]]
    moved = await _move_to(copilot, row, index, expect_status=PENDING, actor=user_id)
    if moved is None:
        return FillResult(False, texts.STALE_CARD_TEXT, proposal_id)
    copilot.store.audit(actor=user_id, action="fill.skipped", subject_id=proposal_id, details={"clientId": skipped["client_id"]})
    # the thread tells who moved the card on, as it does after a STOP or a NO (the card names the next guest only): the
    # guest it moved to, not one an in-time YES took the card back for meanwhile (whose own line says so)
    following = "" if _taken_back(copilot, proposal_id, index) else _next_words(moved)
    await _thread_note(copilot, proposal_id, NEXT_CLICKED_TEXT.format(
        first_name=card_name(skipped), next=following).rstrip(), by=user_id)
    return FillResult(True, "", proposal_id)
