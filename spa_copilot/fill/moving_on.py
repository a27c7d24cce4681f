"""Where a card goes after its current guest (a manager's Next candidate, a NO, a hold running out, an
opt-out): to the next candidate not capped, redrafted and waiting for Approve again, or the proposal closes (nobody
left, the slot started, or too soon for a text: a list to call).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from spa_copilot.copilot import Copilot
from spa_copilot.domain import ACTIVE_STATUS_VALUES
from spa_copilot.fill._common import (
    COPILOT_ACTOR,
    INFO,
    NO_CANDIDATES_LEFT,
    OPTED_OUT_TEXT,
    PENDING,
    _first_name_of,
    _slot_of,
    card_name,
    fill_offer_id,
)
from spa_copilot.fill.call_list import (
    _call_list,
    _next_index,
    _now_too_soon_words,
    _opted_out_since,
    _replied_unclearly,
    _said_yes_without_texts,
    _too_soon_reason,
)
from spa_copilot.fill.card import _refresh_card, _thread_note_once
from spa_copilot.fill.drafts import _draft_invitation
from spa_copilot.fill.offer_limits import (
    _drafted_elsewhere,
    _is_drafted_elsewhere_reason,
)
from spa_copilot.fill.recheck import _over_the_opening
from spa_copilot.settings import Mode
from spa_copilot.slack.blocks import BACK_AT_TEXT, BOOKED_OVER_TEXT, BOOKING_BACK_TEXT
from spa_copilot.slack.views_models import ProposalState
from spa_copilot.store.forget import ended_on_request_key

#: The thread's word when a card already up becomes a list to call (``_close_too_soon``), once: the card changes
#: quietly otherwise (a redraw notifies nobody).
NOW_TOO_SOON_NOTE = ":information_source: {reason}."
#: The thread's word when the card moves on from an offer ``spa-copilot forget`` ended: no name, and no "did not answer".
WITHDRAWN_NOTE = "The offer was withdrawn (the guest's details were erased on request)."
#: A card opened by its booking's move to the sister location (``opening["moved_to"]``) whose booking moved back:
#: nothing was cancelled, so not "the cancelled appointment is booked again" (the thread's and a click's words).
_BACK_AT = BACK_AT_TEXT
MOVED_BACK_TEXT = f"the appointment is {_BACK_AT}, so there is no opening to fill"


def _moved_back_words(row: Mapping[str, Any]) -> str | None:
    """``MOVED_BACK_TEXT`` for a card its booking's move away opened (the opening names where it went), else None."""
    opening = row.get("opening") or {}
    if not opening.get("moved_to"):
        return None
    return MOVED_BACK_TEXT.format(location=opening.get("location_name") or "its location")


def _booking_back_reason(row: Mapping[str, Any]) -> str:
    """The closing reason of a card whose opening's booking is back at its hour: the cancellation undone
    (``BOOKING_BACK_TEXT``), or, for a card its move away opened, the booking moved back, said as the calendar poll
    says it when it sees the move back first (``BOOKED_OVER_TEXT``, which the card reads as "Closed"), with where."""
    opening = row.get("opening") or {}
    if not opening.get("moved_to"):
        return BOOKING_BACK_TEXT
    back = _BACK_AT.format(location=opening.get("location_name") or "its location")
    return BOOKED_OVER_TEXT.format(appointment_id=f"{opening.get('appointment_id') or row.get('appointment_id')}, {back}")


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


def _booking_back(copilot: Copilot, row: Mapping[str, Any]) -> bool:
    """Whether the card's cancelled appointment is booked again (the cancellation undone) in the calendar as last
    seen (the snapshot the poll and the webhooks keep): no spa system read. A card whose text went out is left
    open by the poll that sees it (the guest's hold runs on, and her YES re-checks the book); when that offer ends,
    the card closes rather than drafting a text to the next guest for an opening that is gone. A restore the
    snapshot has not seen yet is caught by Approve's re-check, which closes the card too."""
    if row.get("kind", "fill") != "fill":
        return False
    opening = row["opening"]
    seen = copilot.store.snapshot_row(opening["appointment_id"])
    if seen is None or seen.status not in ACTIVE_STATUS_VALUES:
        return False
    # over the card's hour only: back at another hour, the card's hour is still free (rev31b M1)
    if not _over_the_opening(datetime.fromisoformat(seen.start_at), datetime.fromisoformat(seen.end_at), opening,
                             staff_ids=seen.staff_ids, resource_ids=seen.resource_ids):
        return False
    # back at the card's own location only: a move's card whose booking is active there is still away, a cancellation
    # restored at the sister location leaves this location's hour free (rev31f M1)
    return seen.location_id == row["location_id"]


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


async def _move_to(
    copilot: Copilot, row: Mapping[str, Any], index: int, *, expect_status: str, actor: str
) -> dict[str, Any] | None:
    """Redraft for the candidate at ``index``; the proposal waits for a manager again. The candidate as written (with
    their reasons now), or None when the card changed meanwhile (its compare-and-set lost: a reclaimed YES, a click)."""
    candidate = row["candidates"][index]
    draft, engine = await _draft_invitation(copilot, row["id"], candidate, _slot_of(row))
    status = INFO if copilot.settings.spa_mode == Mode.read_only else PENDING
    candidates = _candidates_now(copilot, row)
    moved = copilot.store.update_fill_proposal(
        row["id"], at=copilot.now(), expect_status=expect_status, expect_revision=row["revision"], bump_revision=True,
        status=status, current_index=index, draft=draft, draft_engine=engine, decided_by=None, decided_at=None,
        reason=None, candidates=candidates,
    )
    if not moved:
        return None
    copilot.store.audit(
        actor=actor, action="fill.next", subject_id=row["id"], engine=engine,
        details={"clientId": candidate["client_id"], "index": index, "draft": draft},
    )
    await _refresh_card(copilot, row["id"])
    return candidates[index]


def _taken_back(copilot: Copilot, proposal_id: str, index: int) -> bool:
    """Whether the card moved back to an earlier guest since it moved to ``index``: an in-time YES reclaimed it
    (``replies._reclaim_in_time_yes``), whose own line says so; the move's line would name the wrong guest next."""
    row = copilot.store.fill_proposal(proposal_id)
    return row is None or row["current_index"] < index


async def _advance_after(
    copilot: Copilot, proposal_id: str, note: str, *, from_status: str = ProposalState.sent.value
) -> None:
    """After a NO, an expired hold or an opt-out: the next candidate (waiting for Approve), or the proposal closes
    (the slot started, the cancelled appointment booked again, nobody left, or too soon for a text)."""
    row = copilot.store.fill_proposal(proposal_id)
    if row is None or row["status"] != from_status:
        return
    now = copilot.now()
    # The thread's line says what the guest did (and "see the thread" after a reply that was neither yes nor no): kept
    # until Slack takes it, after the guest's own words kept before it (``_thread_note_once``), never ahead of them.
    # Each step is taken once (compare-and-set), from one revision.
    claim = f"fill-moved-on:{proposal_id}:{row['current_index']}:{row['revision']}"
    closing = said = None
    index = _next_index(copilot, row)
    if datetime.fromisoformat(row["opening"]["start"]) <= now:
        closing = "the slot has started"
    elif _booking_back(copilot, row):  # no opening left to offer anyone (the card reads "Closed: …")
        closing, said = _booking_back_reason(row), _moved_back_words(row)
    elif index is None:  # nobody left to text: a list to call when too soon for a text and it names someone to phone
        closing = NO_CANDIDATES_LEFT
        if row["kind"] == "fill" and _opted_out_since(copilot, row):  # (rev41g L: it closed with a guest to phone;
            too_soon = _too_soon_reason(copilot, _slot_of(row))    # rev41h D: not with nobody, those opted out left off)
            if too_soon and _call_list(copilot, {**row, "reason": too_soon})["candidates"]:
                closing = too_soon
    elif row["kind"] == "fill":  # no text to the next one could go out in time: the card is a list to call
        closing = _too_soon_reason(copilot, _slot_of(row))
    if closing is not None:
        if copilot.store.update_fill_proposal(
            proposal_id, at=now, expect_status=from_status, expect_revision=row["revision"],
            status=ProposalState.expired.value, decided_by=None, decided_at=now.isoformat(), reason=closing,
        ):
            copilot.store.audit(actor=COPILOT_ACTOR, action="fill.closed", subject_id=proposal_id, details={"reason": closing})
            await _thread_note_once(copilot, claim, proposal_id,
                                    f"{note} The proposal is closed: {said or closing}.".lstrip())
            await _refresh_card(copilot, proposal_id)
        return
    assert index is not None
    moved = await _move_to(copilot, row, index, expect_status=from_status, actor=COPILOT_ACTOR)
    # taken back meanwhile by her in-time YES (its line says so): "did not answer" and "Next: …" would both be wrong
    if moved is not None and not _taken_back(copilot, proposal_id, index):
        await _thread_note_once(copilot, claim, proposal_id, f"{note} {_next_words(moved)}".lstrip())


def _next_words(nxt: Mapping[str, Any]) -> str:
    """The thread's words for the candidate a card moved to, as ``_move_to`` wrote them (not the card as it is by the
    time the line is said): ``Next: Chloe, waiting for a manager's approval.``, and why when they are the drafted guest
    of another card too (nobody else was left)."""
    also = next((f" ({r})" for r in nxt.get("reasons") or [] if _is_drafted_elsewhere_reason(r)), "")
    return f"Next: {card_name(nxt)}, waiting for a manager's approval{also}."


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
    offer = copilot.store.fill_offer(fill_offer_id(proposal_id, row["current_index"]))
    if (offer is not None and offer["status"] in ("failed", "expired")
            and copilot.store.event_seen(ended_on_request_key(offer["id"]))):  # its guest was forgotten on request
        await _advance_after(copilot, proposal_id, WITHDRAWN_NOTE, from_status=row["status"])
        return
    if row["status"] == ProposalState.approved.value:
        # An approved offer is ``failed`` only by an opt-out, or by its guest gone when a text that waited for texting
        # hours was to go out: every other failure fails the proposal with it.
        if offer is not None and offer["status"] == "failed":
            first_name = _first_name_of(copilot, offer)
            if copilot.store.event_seen(f"fill-not-sent:{offer.get('outbox_key') or ''}"):
                note = ""  # a staff stop settled its text and said why at once (rev41d L1: said twice, the 2nd false)
            elif offer["client_id"] in copilot.store.text_opted_out([offer["client_id"]]):
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
        # declined after a YES that could not be booked (busy then, her entry gone): the thread said why; no "said no"
        note = f"Moving on from {first_name}." if stopped or offer.get("yes_at") else f"{first_name} said no."
    elif _said_yes_without_texts(copilot, offer["id"]):  # a yes beside her opt-out: nobody booked her by hand
        note = (f"{first_name} replied YES but asked not to be texted, and nobody booked them within "
                f"{copilot.settings.offer_hold_minutes} minutes: moving on (call them if the slot is still open).")
    elif _replied_unclearly(copilot, offer["id"]):  # they answered, only not with a yes or no: the thread has it
        note = (f"{first_name} did not say yes or no within {copilot.settings.offer_hold_minutes} minutes (they replied;"
                " see the thread).")
    else:
        note = f"{first_name} did not answer within {copilot.settings.offer_hold_minutes} minutes."
    await _advance_after(copilot, proposal_id, note)
