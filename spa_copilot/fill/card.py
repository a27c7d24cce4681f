"""The Slack side of a proposal: its card drawn from the stored row (a fill proposal, a list to call, or a
reply to a late YES), posted once and redrawn in place, one post or update per card at a time (a card Slack could
not redraw is marked stale for ``expire_offers``), and the notes in its thread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.ai.models import OFFLINE
from spa_copilot.copilot import Copilot
from spa_copilot.domain import elapsed_minutes, local_day_bounds
from spa_copilot.fill._common import ABANDONED, DRAFTING, INFO, PENDING, _slot_of, card_name, logger
from spa_copilot.fill.call_list import (
    _booked_elsewhere,
    _call_list,
    _capped,
    _fill_card,
    _is_call_list,
    _opted_out_since,
)
from spa_copilot.fill.offer_limits import _cap_day_start
from spa_copilot.fill.texting_hours import DEFERRED_TEXT
from spa_copilot.keyed_locks import KeyedLock, keyed_lock
from spa_copilot.ops_notes import is_refused_for_good, refused_for_good, was_refused
from spa_copilot.slack import blocks
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.errors import SLACK_FAILURES, is_temporary, slack_failure
from spa_copilot.slack.retry import post_once
from spa_copilot.slack.views_models import (
    BookedFill,
    FillCandidate,
    FillProposalView,
    FlaggedCandidate,
    Opening,
    ProposalState,
)

#: The lock of each card being posted or updated now (``keyed_lock``: kept while someone holds or waits for it).
_CARD_LOCKS: dict[str, KeyedLock] = {}


def _card_lock(proposal_id: str) -> AbstractAsyncContextManager[None]:
    """Hold the card's lock: one post or update of a card at a time."""
    return keyed_lock(_CARD_LOCKS, proposal_id)


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
        nobody_next=bool(row.get("nobody_next")),
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
    therapist, the booked times and the appointment id, and what of the opening a shorter service leaves open after it
    (``still_open``). None when nothing was stored (a proposal booked before
    these were kept): the card then shows its booked line with the stored sentence (``reason``)."""
    booked = row.get("booked")
    if not booked:
        return None
    zone = row["opening"]["time_zone"]
    start, end = datetime.fromisoformat(booked["start"]), datetime.fromisoformat(booked["end"])
    day = blocks.day_label(start.astimezone(ZoneInfo(zone)).date())
    opening = row["opening"]
    opening_end = datetime.fromisoformat(opening["end"])
    still_open = None
    # a shorter service than the opening, booked from its start with a therapist it freed: the rest is free (one
    # booked with another therapist leaves the whole opening free, as its candidate's reason says)
    if (start < end < opening_end and start == datetime.fromisoformat(opening["start"])
            and booked.get("staff_id") in (opening.get("staff_ids") or ())):
        still_open = (f"{elapsed_minutes(end, opening_end)} min still open after, "
                      f"{blocks.clock_range(end, opening_end, zone)}")
    return BookedFill(
        first_name=booked.get("first_name") or "The client",
        service_name=booked.get("service_name") or row["opening"]["service_name"],
        when=f"{day}, {blocks.clock_range(start, end, zone)}",
        staff_name=booked.get("staff_first_name"),
        appointment_id=booked.get("appointment_id"),
        still_open=still_open,
    )


def proposal_message(
    row: Mapping[str, Any], *, today: date | None = None, several_locations: bool = False, zones: Sequence[str] = ()
) -> SlackMessage:
    """The card as it should look now: a fill proposal, or a reply to a late YES (with what happened and what the
    guest was offered). Its notification names the slot's day unless it is ``today`` at the location, and the
    location when there are ``several_locations``; a click's time names the location's clock when one of the spa's
    ``zones`` reads another then."""
    if row.get("kind") == "reply":
        situation = row["opening"].get("situation") or row["opening"].get("summary") or ""
        view = proposal_view(row)
        return blocks.fill_reply_message(view, situation=_reply_situation(situation, view),
                                         hold_back=_waits_for_texting_hours(row), offer=_offered_booking(row),
                                         zones=zones, in_time=bool(row["opening"].get("in_time")))
    view = proposal_view(row)
    message = blocks.fill_proposal_message(view, hold_back=_waits_for_texting_hours(row), today=today,
                                           several_locations=several_locations, zones=zones)
    if ((moved_to := row["opening"].get("moved_to")) and len(message.blocks) < blocks.MAX_MESSAGE_BLOCKS
            and not blocks.slot_left_the_book(view)):
        # a booking moved to another location under the same id: its time here is open, as a cancellation's (the
        # card names no guest, as a cancellation's does not), said under the opening's fields; not on a card closed
        # because its time here is taken again (its closing line says why: "back at … at its hour")
        message.blocks.insert(2, blocks._context(MOVED_TO_TEXT.format(location=blocks.escape(moved_to))))
    return message


#: Under the opening's fields on the card of a booking moved to another location (``proposing._moved_away_to``).
MOVED_TO_TEXT = ":arrow_right: This booking moved to {location}, so its time here is open."


def _offered_booking(row: Mapping[str, Any]) -> Opening | None:
    """What a late YES's guest was texted, as their stored candidate says it: its service, times, therapist and room
    (a shorter or other service than the opening's, perhaps with another therapist: the front desk books this by
    hand, not the opening). The room is the one ``_propose_too_late_reply`` named, else the opening's when the
    offer takes the opening's rooms; None when the row has no candidate (the card then shows the opening)."""
    candidates, opening = row.get("candidates") or (), row["opening"]
    if not candidates:
        return None
    offered = candidates[0]
    same_rooms = sorted(offered.get("resource_ids") or ()) == sorted(opening.get("resource_ids") or ())
    return Opening(
        appointment_id=opening["appointment_id"],
        start=datetime.fromisoformat(offered.get("start") or opening["start"]),
        end=datetime.fromisoformat(offered.get("end") or opening["end"]),
        service_name=offered.get("service_name") or opening["service_name"],
        time_zone=opening["time_zone"],
        staff_name=offered.get("staff_first_name"),
        room=offered.get("room") or (opening.get("room") if same_rooms else None),
        location_name=opening.get("location_name"),
        staff_ids=(offered["staff_id"],) if offered.get("staff_id") else (),
    )


def _card_message(copilot: Copilot, row: Mapping[str, Any]) -> dict[str, Any]:
    """``proposal_message`` for posting now, as Slack's keyword arguments (a bug drawing it raises, with its traceback)."""
    today = copilot.now().astimezone(ZoneInfo(row["opening"]["time_zone"])).date()
    locations = copilot.known_locations()
    several, zones = len(locations) > 1, sorted({location.time_zone for location in locations})
    if _is_call_list(row):
        row = _call_list(copilot, row)
    elif row.get("kind", "fill") == "fill":  # who said no or texted STOP is marked, never an ordinary candidate
        row = _fill_card(copilot, row)
    if row.get("kind", "fill") == "fill" and row["status"] == PENDING and _nobody_next(copilot, row):
        row = {**row, "nobody_next": True}
    return proposal_message(row, today=today, several_locations=several, zones=zones).to_kwargs()


def _nobody_next(copilot: Copilot, row: Mapping[str, Any]) -> bool:
    """Whether nobody after the current candidate can ever be offered the slot on this card: each was booked from
    another card (``_booked_elsewhere``; a booking redraws this card, so the button goes at once), or was offered a
    slot up to the daily cap on the cap's day the slot starts in (a slot today: the cap turns only after it). Then the
    card offers no Next candidate button, which could only answer that there is no other candidate (so too one opted
    out of texts since: ``_opted_out_since``). Guests only
    capped for a day before the slot's, or answering another text, keep it: the cap's day turns and an offer ends with
    nothing redrawing this card, and Next candidate then moves on to them (before that, it says why it cannot yet)."""
    later = range(row["current_index"] + 1, len(row["candidates"]))
    if not later:
        return False
    slot = _slot_of(row)
    # the slot starts before the cap's day turns: a guest capped today stays capped for it
    capped = _capped(copilot, row) if slot.start < local_day_bounds(
        _cap_day_start(copilot, slot.tz).date(), slot.tz)[1] else set()
    return set(later) <= capped | _booked_elsewhere(copilot, row).keys() | _opted_out_since(copilot, row)


def _waits_for_texting_hours(row: Mapping[str, Any]) -> bool:
    """Whether the card shows Hold back: an offer, or a reply to a late YES, approved outside texting hours whose text
    has not gone out yet (the approval's reason says when it goes out; the send, a failure or a Hold back changes
    status or reason)."""
    return (row["status"] == ProposalState.approved.value
            and (row.get("reason") or "").startswith(DEFERRED_TEXT.split("{", 1)[0]))


async def _post_card(copilot: Copilot, proposal_id: str) -> bool:
    """Post the card once (True when this call posted it, or found the post of an earlier try whose answer Slack
    lost: ``post_once``); a card Slack could not take now is posted by ``expire_offers``. One Slack refuses for good
    (the bot not in the channel, the channel archived, the card too long) is said once in the ops channel, naming the
    opening and the channel (``ops_notes.refused_for_good``), and is not tried again by this process once it is."""
    async with _card_lock(proposal_id):  # a first post and a re-post never both go out; an update waits for the post
        row = copilot.store.fill_proposal(proposal_id)
        if row is None or row.get("ts"):
            return False
        channel, thread_ts = copilot.settings.spa_front_desk_channel, None
        if row.get("parent_id"):
            parent = copilot.store.fill_proposal(row["parent_id"])
            if parent and parent.get("ts"):
                channel, thread_ts = parent["channel"], parent["ts"]
        key = f"fill-card:{proposal_id}"
        if was_refused(copilot, key, conversation=channel):  # the ops channel has it: not tried again until a restart
            return False
        message = _card_message(copilot, row)
        try:  # a try whose answer was lost is found in the channel, not posted twice (two Approve buttons)
            response = await post_once(copilot.slack, copilot.store, key=key, channel=channel,
                                       thread_ts=thread_ts, **message)
        except SLACK_FAILURES as exc:  # Slack refused or could not be reached: ``expire_offers`` posts it
            logger.warning("could not post fill proposal %s: %s", proposal_id, slack_failure(exc))
            if is_refused_for_good(exc):  # said once to staff; once said, not tried again by this process
                await refused_for_good(copilot, exc, key=key, what=_card_words(copilot, row, channel),
                                       ids=f"fill proposal {proposal_id}'s card in {channel}", conversation=channel)
            return False
        copilot.store.update_fill_proposal(proposal_id, at=copilot.now(), channel=response["channel"], ts=response["ts"])
        return True


def _card_words(copilot: Copilot, row: Mapping[str, Any], channel: str) -> str:
    """A fill card as the ops channel names it: its opening (time, service, location) and its channel, never a
    guest ("the fill card for the 2:00pm Swedish Massage opening at SoHo in #front-desk")."""
    opening = row["opening"]
    start = datetime.fromisoformat(opening["start"])
    when = blocks.dated_clock(start, opening["time_zone"], now=copilot.now())
    where = f" at {blocks.escape(opening['location_name'])}" if opening.get("location_name") else ""
    service = blocks.escape(opening.get("service_name") or "")
    return f"the fill card for the {when}{' ' + service if service else ''} opening{where} in {blocks.escape(channel)}"


async def _refresh_card(copilot: Copilot, proposal_id: str) -> bool:
    """``chat.update`` the card in place; one update at a time per card, always from the latest row. A card Slack
    could not redraw just now (the connection, a rate limit, a 5xx) is marked ``card_stale`` and redrawn by
    ``expire_offers``, so it never keeps showing a state (or buttons) that has passed; one Slack refuses for good
    (deleted, too old to edit, a revoked token) is logged and left. False when it is left stale.

    A booked card redraws too the other live fill cards listing its guest, which mark them booked from another card
    (``call_list._booked_elsewhere``) and may have no Next candidate left."""
    redrawn = await _refresh_one_card(copilot, proposal_id)
    row = copilot.store.fill_proposal(proposal_id)
    if row is not None and row.get("kind", "fill") == "fill" and row["status"] == ProposalState.booked.value:
        guest = row["candidates"][row["current_index"]]["client_id"] if row["candidates"] else None
        for other in copilot.store.fill_proposals(statuses=[PENDING, ProposalState.approved.value,
                                                            ProposalState.sent.value]):
            if other["id"] != proposal_id and any(c["client_id"] == guest for c in other["candidates"]):
                await _refresh_one_card(copilot, other["id"])
    return redrawn


async def _refresh_one_card(copilot: Copilot, proposal_id: str) -> bool:
    """``_refresh_card`` for this card alone."""
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


async def _thread_note(
    copilot: Copilot, proposal_id: str, text: str, *, by: str | None = None, key: str | None = None
) -> bool:
    """A line in the card's thread (outcomes, replies); True when posted. Never raises (a note Slack refused is
    not posted again unless its caller says so, ``_thread_note_once``: the card, redrawn until Slack takes it, shows
    the outcome). Lines kept from an earlier try on this thread go first (``_post_kept_notes``). ``by``: the Slack
    user whose click it tells, named first (a mention; the text itself is escaped, never one). With a ``key``, a
    note whose answer Slack lost is found in the thread by the next try, not posted twice (``post_once``)."""
    await _post_kept_notes(copilot, _thread_of(copilot, proposal_id))
    return await _post_note(copilot, proposal_id, text, by=by, key=key)


async def _post_note(
    copilot: Copilot, proposal_id: str, text: str, *, by: str | None = None, key: str | None = None
) -> bool:
    """``_thread_note`` without the kept lines first."""
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
        if key is None:
            await copilot.slack.chat_postMessage(channel=row["channel"], thread_ts=row["ts"], **note)
        else:
            await post_once(copilot.slack, copilot.store, key=key, channel=row["channel"], thread_ts=row["ts"], **note)
    except SLACK_FAILURES as exc:  # Slack refused or could not be reached: the steps after a note must still run
        logger.warning("could not post in the thread of %s: %s", proposal_id, slack_failure(exc))
        return False
    return True


def _thread_of(copilot: Copilot, proposal_id: str) -> str:
    """The proposal whose card holds ``proposal_id``'s thread: its parent for a reply card, else itself."""
    row = copilot.store.fill_proposal(proposal_id)
    return row["parent_id"] if row is not None and row.get("parent_id") else proposal_id


#: How long a thread line Slack would not take is kept for a later try; older, it is dropped (logged): the card's
#: slot is long over by then, or the card is gone from Slack.
KEPT_NOTE_FOR = timedelta(days=1)


async def _thread_note_once(copilot: Copilot, claim: str, proposal_id: str, text: str) -> None:
    """A thread note said once however often its cause comes back (a retried webhook, each try of an outage),
    guarded by ``claim``, and never lost: it is kept in the store (``kept_notes``) until Slack takes it, and posted
    in its order after the lines kept before it for the same thread, by this call, by its cause coming back, by the
    next note on that thread or by ``expire_offers`` (``post_kept_notes``). A guest's reply Slack refused while the
    webhook was answered (no retry comes) is so posted later, once: the claim is the post's key, and a post whose
    answer Slack lost is found in the thread rather than posted again."""
    thread = _keep_note_once(copilot, claim, proposal_id, text)
    await _post_kept_notes(copilot, thread)  # its cause come back (a webhook retried) is a later try too


def _keep_note_once(copilot: Copilot, claim: str, proposal_id: str, text: str) -> str:
    """``_thread_note_once`` without the post: the note claimed and kept (once, under ``claim``), inside the caller's
    transaction when there is one, so it stands or falls with what it tells (a write marked sent); the thread it is
    kept for, whose ``_post_kept_notes`` the caller awaits after that transaction."""
    store = copilot.store
    thread = _thread_of(copilot, proposal_id)
    with store.transaction():  # the claim and the kept line stand together: a claimed note is never lost
        if store.claim_event(claim, source="fill"):
            store.keep_note(claim, proposal_id=thread, text=text, at=copilot.now())
    return thread


async def _post_kept_notes(copilot: Copilot, thread: str) -> bool:
    """Post the lines kept for ``thread``'s card, oldest first, each dropped once Slack took it; stops at the first
    Slack refuses (the rest keep their order). True when none is left. One poster at a time per thread (the lock,
    and the rows read again under it), so a line is never posted twice by two callers at once."""
    store = copilot.store
    if not store.kept_notes(proposal_id=thread):
        return True
    async with _card_lock(f"notes:{thread}"):
        for note in store.kept_notes(proposal_id=thread):
            if not await _post_note(copilot, thread, note["text"], key=note["claim"]):
                return False
            store.drop_note(note["claim"])
    return True


async def post_kept_notes(copilot: Copilot) -> None:
    """The expiry job's turn: post every thread's kept lines (``_post_kept_notes``); a line kept longer than
    ``KEPT_NOTE_FOR`` is dropped with a warning (ids only)."""
    store, now = copilot.store, copilot.now()
    threads: list[str] = []
    for note in store.kept_notes():
        if datetime.fromisoformat(note["kept_at"]) <= now - KEPT_NOTE_FOR:
            store.drop_note(note["claim"])
            logger.warning("a note for the thread of %s (%s) was dropped: Slack would not take it for %s",
                           note["proposal_id"], note["claim"], KEPT_NOTE_FOR)
        elif note["proposal_id"] not in threads:
            threads.append(note["proposal_id"])
    for thread in threads:
        await _post_kept_notes(copilot, thread)


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
