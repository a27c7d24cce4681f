"""A YES that came too late (the hold ran out, or the slot was taken): a polite reply drafted for a
manager to approve, on a card in the fill card's thread saying whether the slot is still free or held for the next
guest; never a booking.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from spa_copilot.copilot import Copilot
from spa_copilot.domain import ACTIVE_STATUSES, Appointment, WaitlistStatus
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind
from spa_copilot.fill._common import (
    COPILOT_ACTOR,
    INFO,
    OUTBOX_LEASE,
    PENDING,
    _candidate_for,
    _first_name_of,
    _slot_of,
    _text_key,
    card_name,
    fill_offer_id,
    logger,
)
from spa_copilot.fill.card import (
    HELD_FOR_TEXT,
    STILL_FREE_TEXT,
    _post_card,
    _post_kept_notes,
    _refresh_card,
    _thread_of,
)
from spa_copilot.fill.drafts import _STILL_WAITING_SENTENCES, _too_late_text, _without_sentences
from spa_copilot.fill.recheck import _still_fits
from spa_copilot.platform.errors import PlatformError
from spa_copilot.settings import Mode
from spa_copilot.slack.views_models import ProposalState


async def _propose_too_late_reply(copilot: Copilot, offer: Mapping[str, Any], *, in_time: bool = False) -> None:
    """A polite reply to a YES that came too late (the hold ran out, or the slot was taken), for a manager to approve,
    in the card's thread: one per offer, however many times the guest texts. The card says which it was and, when
    the hold ran out, whether the slot is still free (the manager may then give it to them by hand). ``in_time``: her
    YES was sent within the hold and reached the copilot only after the card closed for a booking over its hour
    (``replies._answer_yes_too_late``): the slot is taken, the card says so, titled "YES (slot taken)"."""
    store = copilot.store
    parent = store.fill_proposal(offer["proposal_id"])
    candidate = _candidate_for(copilot, offer)
    key = f"reply:{offer['id']}"
    if parent is None or not candidate or store.fill_proposal_for(key) is not None:
        return
    offer = store.fill_offer(offer["id"]) or offer
    first_name = card_name(candidate)  # for the staff; the reply greets the guest by first name
    # one from within the hold after the card closed for a booking over its hour: taken, whatever the book says now
    # (a booking cancelled since draws a new card for the hour, whose own guests it is for)
    free = None if offer["status"] == "lost" or in_time else await _still_free_for(copilot, parent, candidate)
    taken = offer["status"] == "lost" or free is False or in_time
    in_time = in_time or offer["status"] == "lost"
    holder = None if taken else _next_holder(copilot, parent, offer)
    if taken:
        summary = f"Reply to {first_name}: the slot is taken"
        gone = "had started" if _slot_of(parent).start <= copilot.now() else "was taken"
        situation = f"{first_name} replied YES after the slot {gone}. Nothing was booked."
        if in_time and offer["status"] != "lost":  # sent within the hold, in before the hour was booked
            situation = IN_TIME_TAKEN_TEXT.format(first_name=first_name)
    else:
        summary = f"Reply to {first_name}: the hold ran out"
        situation = f"{first_name} replied YES after their {copilot.settings.offer_hold_minutes}-minute hold ran out."
        if holder is not None:  # texted to the next guest, whose hold (or YES) stands: theirs, not to book by hand
            situation += HELD_FOR_TEXT.format(holder=holder)
        else:
            situation += (STILL_FREE_TEXT if free else
                          " Whether the slot is still free could not be checked (the spa system is not answering).")
    slot = _slot_of(parent)
    # what they were offered, which may start later in the slot than the opening did
    offered_start = datetime.fromisoformat(candidate.get("start") or parent["opening"]["start"])
    waiting = await _still_on_waitlist(copilot, offer.get("waitlist_entry_id") or candidate.get("entry_id"),
                                       location_id=parent["location_id"], today=copilot.now().astimezone(slot.tz).date())
    draft = _too_late_text(candidate["first_name"], candidate["service_name"], offered_start.astimezone(slot.tz),
                           taken=taken, waiting=waiting)
    room = await _offered_room(copilot, parent, candidate)
    now_offer = store.fill_offer(offer["id"]) or offer
    if now_offer["status"] in ("accepting", "booked") or (now_offer["status"] == "sent" and now_offer.get("yes_at")):
        # an in-time YES of hers won the slot back meanwhile (``replies._reclaim_in_time_yes``): no "too late" reply
        return
    reply_proposal_id = f"fr_{uuid.uuid4().hex[:12]}"
    status = INFO if copilot.settings.spa_mode == Mode.read_only else PENDING
    if not store.create_fill_proposal(
        reply_proposal_id, appointment_id=key, location_id=parent["location_id"], status=status,
        # in_time: her YES came within the hold and its re-check found the slot taken (``lost``), or it reached the
        # copilot after the card closed for a booking over the hour: no "late YES" card
        opening=parent["opening"] | {"summary": summary, "situation": situation, "in_time": in_time},
        candidates=[candidate | {"reasons": ["replied YES too late"], "room": room}], at=copilot.now(), kind="reply",
        parent_id=parent["id"], draft=draft, draft_engine="template",
    ):
        return
    store.audit(actor=COPILOT_ACTOR, action="fill.reply_proposed", subject_id=reply_proposal_id,
                details={"parentId": parent["id"], "clientId": offer["client_id"], "offerId": offer["id"], "draft": draft})
    await _post_card(copilot, reply_proposal_id)


#: The statuses of a waitlist entry whose guest is still on the waitlist (offered: a text of ours is out to her).
STILL_WAITING_STATUSES = frozenset({WaitlistStatus.waiting, WaitlistStatus.offered})


async def _still_on_waitlist(
    copilot: Copilot, entry_id: str | None, *, location_id: str, today: date, unread: bool | None = False
) -> bool | None:
    """Whether the reply to her late YES may tell her she is still on the waitlist: her entry, as the spa system shows
    it now, is waiting (or offered) and its days run to ``today`` (the location's) or later. Not when the desk
    removed or booked it, its last day is past or she came from no entry: a reply that leaves the sentence out says
    nothing false (probe50a M3). The spa system not answering is ``unread``: False as the reply is drafted; at
    Approve, True, the drafted text kept as the manager saw it (she was waiting when it was drafted: rev50i); None for
    a held reply's read at its send, which then reads again at its next try (rev51c)."""
    if not entry_id:
        return False
    try:
        entries = await copilot.platform.list_waitlist(location_id=location_id)
    except PlatformError as exc:
        logger.warning("late reply: waitlist entry %s could not be read: %s", entry_id, type(exc).__name__)
        return unread
    entry = next((e for e in entries if e.id == entry_id), None)
    return entry is not None and entry.status in STILL_WAITING_STATUSES and entry.date_to >= today


async def reply_text_now(copilot: Copilot, row: Mapping[str, Any]) -> str:
    """A reply card's text as it may go out now: without the sentence that she is still on the waitlist
    (``_STILL_WAITING_SENTENCES``) when ``_still_on_waitlist``, read again at Approve, finds she no longer is (the
    desk removed or booked her entry, or its last day passed, since the reply was drafted); else as drafted, and as
    drafted when the spa system does not answer then."""
    text = await reply_text_read_now(copilot, row)
    return row.get("draft") or "" if text is None else text


async def reply_text_read_now(copilot: Copilot, row: Mapping[str, Any]) -> str | None:
    """``reply_text_now``'s text, but None when the spa system did not answer the waitlist's read (the text then
    unread, not known true: a held reply reads it again at its next try, rev51c)."""
    draft = row.get("draft") or ""
    if not any(sentence in draft for sentence in _STILL_WAITING_SENTENCES):
        return draft
    candidate = (row.get("candidates") or [{}])[0]
    offer = copilot.store.fill_offer(str(row.get("appointment_id") or "").removeprefix("reply:")) or {}
    today = copilot.now().astimezone(_slot_of(row).tz).date()
    entry_id = offer.get("waitlist_entry_id") or candidate.get("entry_id")
    still = await _still_on_waitlist(copilot, entry_id, location_id=row["location_id"], today=today, unread=None)
    if still is None:
        return None
    return draft if still else _without_sentences(draft, _STILL_WAITING_SENTENCES)


#: What a reply card says of a YES sent within the hold that reached the copilot only after the hour was booked.
IN_TIME_TAKEN_TEXT = (
    "{first_name} replied YES within their hold, but it reached the copilot only after the hour was booked in "
    "Mangomint. Nothing was booked."
)


async def _offered_room(copilot: Copilot, parent: Mapping[str, Any], candidate: Mapping[str, Any]) -> str | None:
    """The room the guest was offered, by name, for the reply card's "The offer" (the front desk books it by hand
    from it): the opening's when the offer takes its rooms, else the catalog's; None when unknown (the spa system
    not answering)."""
    opening, offered = parent["opening"], list(candidate.get("resource_ids") or ())
    if sorted(offered) == sorted(opening.get("resource_ids") or ()):
        return opening.get("room")
    try:
        catalog = await copilot.catalog()
    except PlatformError:
        return None
    return next((r.name for r in catalog.resources if r.id in offered and r.type == "room"), None)


def _next_holder(copilot: Copilot, parent: Mapping[str, Any], offer: Mapping[str, Any]) -> str | None:
    """The first name of the guest the opening was texted to after ``offer`` and who still holds it (their text
    approved or sent, their hold running or their YES being booked), or None: the slot is then nobody's to keep."""
    if parent["kind"] != "fill" or parent["status"] not in (ProposalState.approved.value, ProposalState.sent.value):
        return None
    current = copilot.store.fill_offer(fill_offer_id(parent["id"], parent["current_index"]))
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


#: A reply card for her late YES closed because she is booked at that hour (the desk booked her): never sent.
REPLY_BOOKED_REASON = "not sent: {first_name} is booked at that hour in the spa system (appointment {appointment})"


async def _replies_to_booked_guests(
    copilot: Copilot, location_id: str, booked: Sequence[Appointment], replies: Sequence[Mapping[str, Any]]
) -> None:
    """A calendar poll found ``booked`` at ``location_id`` (made in the spa system since): each of ``replies`` (the
    reply cards still to be sent: waiting for a manager, or approved and waiting to go out, as the poll read them) to a
    late YES, or to a YES that found the slot taken, of a guest now booked at that hour is set aside
    (``_booked_by_hand``), whatever became of the card she was offered from (moved on to the next guest, closed,
    rejected): one Approve texted a booked guest her hold ran out (rev38h H1, rev38j J1, J5)."""
    store = copilot.store
    for reply in replies:
        claim = reply.get("appointment_id") or ""
        if reply["kind"] != "reply" or reply["location_id"] != location_id or not claim.startswith("reply:"):
            continue
        offer = store.fill_offer(claim.removeprefix("reply:"))
        row = store.fill_proposal(offer["proposal_id"]) if offer is not None else None
        if offer is None or row is None:
            continue
        for appointment in booked:
            if appointment.client_id == offer["client_id"]:
                await _booked_by_hand(copilot, row, appointment)


async def _booked_by_hand(copilot: Copilot, row: Mapping[str, Any], appointment: Appointment) -> None:
    """``appointment``, made in the spa system, books one of card ``row``'s guests whose hold ran out (or whose YES
    found the slot taken) at this location over the card's hour: at the slot's start, or with the service offered
    her (the desk phoned her and booked her, as a reply card for her late YES invites). Her offer records the
    appointment (its status kept: a YES of hers is answered "already booked", ``replies._answer_yes_too_late``), so an
    approved reply to her YES is not sent (``outbox.overtaking_offer``), and one not approved yet closes: either would
    tell a booked guest her hold ran out or the slot was taken (rev38h H1). A booking of what she waits for marks her
    waitlist entry booked (``_entry_booked``): left "waiting", she could be offered what she is booked for (rev38j
    J4)."""
    from spa_copilot.fill.outbox import deliver  # outbox imports this module

    store = copilot.store
    for index, candidate in enumerate(row["candidates"]):
        offer = store.fill_offer(fill_offer_id(row["id"], index))
        if (offer is None or offer["status"] not in ("expired", "lost") or offer.get("booked_appointment_id")
                or candidate.get("client_id") != appointment.client_id
                or not _over_her_hour(row, candidate, appointment)):
            continue
        # her entry is marked booked only for a booking of what she waits for, not one at the slot's start alone
        waited = await _books_what_she_waits_for(copilot, row, offer, candidate, appointment)
        now = copilot.now()
        with store.transaction():  # her offer, her reply card and her entry's write together
            if not store.update_fill_offer(offer["id"], at=now, expect_status=offer["status"],
                                           booked_appointment_id=appointment.id):
                continue
            closed = _set_aside_reply(copilot, offer["id"], REPLY_BOOKED_REASON.format(
                first_name=card_name(candidate), appointment=appointment.id))
            store.audit(actor=COPILOT_ACTOR, action="fill.booked_by_hand", subject_id=row["id"],
                        details={"appointmentId": appointment.id, "offerId": offer["id"]})
            waitlisted = _entry_booked(copilot, offer) if waited else None
        if waitlisted:
            await deliver(copilot, waitlisted)
        if closed is not None:
            await _refresh_card(copilot, closed)


def _over_her_hour(row: Mapping[str, Any], candidate: Mapping[str, Any], appointment: Appointment) -> bool:
    """Whether ``appointment`` books card ``row``'s ``candidate`` over its hour, as the desk books a guest it phoned:
    at the card's location, over its hour, at the slot's start or with the service offered her."""
    slot = _slot_of(row)
    return (appointment.location_id == row["location_id"] and appointment.start_at < slot.end
            and slot.start < appointment.end_at
            and (appointment.start_at == slot.start
                 or any(line.service_id == candidate.get("service_id") for line in appointment.services)))


async def _books_what_she_waits_for(
    copilot: Copilot, row: Mapping[str, Any], offer: Mapping[str, Any], candidate: Mapping[str, Any],
    appointment: Appointment,
) -> bool:
    """Whether ``appointment`` has a service line of the service offered her or one her waitlist entry asks for
    (``replies._services_waited_for``; the offered one alone when the spa system cannot say)."""
    return await _waits_for_any(copilot, row, offer, candidate, [line.service_id for line in appointment.services])


async def _waits_for_any(
    copilot: Copilot, row: Mapping[str, Any], offer: Mapping[str, Any], candidate: Mapping[str, Any],
    service_ids: Sequence[str],
) -> bool:
    """Whether ``service_ids`` (a booking's) hold the service offered her or one her waitlist entry asks for."""
    from spa_copilot.fill.replies import _services_waited_for  # replies imports this module

    if not offer.get("waitlist_entry_id"):
        return False
    if candidate.get("service_id") in service_ids:
        return True
    wanted = await _services_waited_for(copilot, row, offer, candidate)
    return any(service_id in wanted for service_id in service_ids)


def _entry_booked(copilot: Copilot, offer: Mapping[str, Any], *, appointment_id: str | None = None) -> str | None:
    """Inside the caller's transaction: her waitlist entry set "booked" through the outbox, as her YES finding her
    booked does (``replies._answer_yes_too_late``), and the hold's "waiting" still to go out set aside: left
    "waiting", she stays in line for the next opening of what she is booked for. Over "offered" or "waiting" only
    (never a desk's "cancelled"). Under ``_entry_key`` of ``appointment_id`` (a later booking of hers over the hour,
    after one said cancelled: ``_hand_booking_again``), read first even on its first try, as that line says: her entry
    was written back to "waiting" a while ago, time for the desk to remove her (rev41b L4); else the first "booked"
    key. The write's key for ``deliver`` after the transaction, or None (read-only mode)."""
    from spa_copilot.fill.outbox import _waitlist_write  # outbox imports this module
    from spa_copilot.fill.replies import _expiry_write_keys  # replies imports this module

    for key in _expiry_write_keys(copilot, offer):
        copilot.store.supersede_pending(key)
    return _waitlist_write(copilot, offer["waitlist_entry_id"], WaitlistStatus.booked,
                           key=_entry_key(offer["id"], "booked", appointment_id), read_first=appointment_id is not None)


def _entry_key(offer_id: str, what: str, appointment_id: str | None = None) -> str:
    """The outbox key of her entry's ``what`` write ("booked", "unbooked": waiting again) for a booking the desk made
    her over the hour: ``fill:<offer id>:<what>`` for the first, with ``:<appointment id>`` for one that follows a
    booking said cancelled (``_hand_booking_again``), whose first key may be taken already (settled or set aside)."""
    return f"fill:{offer_id}:{what}" + (f":{appointment_id}" if appointment_id else "")


def _set_aside_booked(copilot: Copilot, offer_id: str, appointment_id: str) -> bool:
    """Inside the caller's transaction: her entry's "booked" for booking ``appointment_id`` (the first key, or its
    own), still to go out, set aside; True when one was."""
    keys = (_entry_key(offer_id, "booked"), _entry_key(offer_id, "booked", appointment_id))
    return any([copilot.store.supersede_pending(key) for key in keys])


#: The thread line when the booking recorded on a guest's offer as the desk's (``_booked_by_hand``, or her YES that
#: found her booked) is cancelled (``how``: "was cancelled in") or gone (moved away, removed: "is no longer at this
#: hour in") in the spa system. Her offer keeps it: nothing is texted to her for that hour (rev39b H1, M1).
_HAND_BOOKING_OFF = (
    ":information_source: {first_name}'s booking at this hour (appointment {appointment_id}) {how} the spa system. "
    "Nothing is texted to them about their earlier YES."
)
#: What the line says of her waitlist entry: as the spa system shows it (the desk decides), or set back to waiting by
#: the copilot (``HAND_BOOKING_CANCELLED_WAITING_TEXT``).
_ENTRY_STAYS = (
    " Their waitlist entry stays as the spa system shows it: if they want to wait again, the desk can put them back in "
    "Mangomint."
)
_ENTRY_UNMARKED = (
    " Their waitlist entry stays as the spa system shows it: if it still shows them waiting, the desk can mark it "
    "booked in Mangomint."
)
_ENTRY_BACK_TO_WAITING = (
    " The copilot sets their waitlist entry back to waiting, as before the booking, if the spa system still shows it "
    "offered; otherwise it stays as the spa system shows it."
)
HAND_BOOKING_CANCELLED_TEXT = _HAND_BOOKING_OFF + _ENTRY_STAYS
#: The same line when the copilot sets her waitlist entry back to "waiting" itself (her expiry's "waiting" had been set
#: aside by the "booked" an outage held, which the line sets aside in turn: rev39m M1): it says so (rev40a L2).
HAND_BOOKING_CANCELLED_WAITING_TEXT = _HAND_BOOKING_OFF + _ENTRY_BACK_TO_WAITING
#: The same line when she holds another booking over the hour (the desk swapped one booking for another): it names
#: that one, which her offer records from then on, and gives no advice to put a booked guest back in line (rev39i L2)
#: when it books what she waits for; one of another service ends as the line above does (rev40b M1).
HAND_BOOKING_SWAPPED_TEXT = (
    ":information_source: {first_name}'s booking at this hour (appointment {appointment_id}) {how} the spa system; "
    "they are booked at this hour under appointment {other_id}. Nothing is texted to them about their earlier YES."
)
#: The line when she is booked over the hour again under another booking, after a line said her booking there was
#: cancelled (or gone): the desk swapped one for the other, told as two events (``_hand_booking_again``). It ends as
#: the swap's does, or says the copilot marks her entry booked again (``_ENTRY_MARKED_AGAIN``).
HAND_BOOKING_AGAIN_TEXT = (
    ":information_source: {first_name} is booked at this hour again in the spa system, under appointment {other_id} "
    "(after appointment {appointment_id}). Nothing is texted to them about their earlier YES."
)
_ENTRY_MARKED_AGAIN = (
    " The copilot marks their waitlist entry booked again if the spa system shows it waiting or offered; otherwise it "
    "stays as the spa system shows it."
)
#: The line when a booking that line said was cancelled (or gone) is booked again in the spa system (the
#: cancellation undone): the thread's last word on her booking had been "cancelled" (rev39i L4).
HAND_BOOKING_RESTORED_TEXT = (
    ":information_source: {first_name}'s booking at this hour (appointment {appointment_id}) is booked again in the "
    "spa system. Nothing is texted to them about their earlier YES."
)
#: Why an approved reply to her late YES, still to go out when that line is said, is not sent: she was booked at
#: that hour, and the booking is cancelled (or gone) since. Settled with the line, so the card's last word agrees with
#: the thread's (``BOOKED_REPLY_REASON``, "they are booked", would follow it at texting hours: rev39i L1).
BOOKED_THEN_CANCELLED_REPLY_REASON = "not sent: they were booked at that hour in the spa system (appointment {appointment}, {since})"
#: Why an approved reply to her late YES did not go out when she was found booked at that hour since (the desk booked
#: her): the outbox's words at texting hours (``outbox._too_late_to_write``), naming no booking.
BOOKED_REPLY_REASON = "not sent: they are booked at that hour in the spa system"
#: The same card's reason once a thread line names the booking that stands (the desk's swap, heard in one poll or as
#: two events; a cancellation undone).
REPLY_BOOKED_AGAIN_REASON = BOOKED_REPLY_REASON + " (appointment {appointment})"
#: How every reason a settled reply card gives for her booking at that hour begins: she is booked
#: (``BOOKED_REPLY_REASON``, the booking named or not) or was (``BOOKED_THEN_CANCELLED_REPLY_REASON``).
_BOOKING_REASON_STARTS = (BOOKED_REPLY_REASON, BOOKED_THEN_CANCELLED_REPLY_REASON.partition("{")[0])
#: The two halves of ``REPLY_BOOKED_REASON`` either side of her name (a card closed before its approval).
_NAMED_BOOKED_HEAD = REPLY_BOOKED_REASON.partition("{first_name}")[0]
_NAMED_BOOKED_TAIL = REPLY_BOOKED_REASON.partition("{first_name}")[2].partition("{")[0]
#: How a booking said cancelled (or gone) by that line is told on her reply card (``HAND_BOOKING_SINCE``'s keys).
HAND_BOOKING_SINCE = {"cancelled": "cancelled since", "gone": "gone from that hour since"}


#: The active statuses as a snapshot row spells them.
_ACTIVE = frozenset(str(status) for status in ACTIVE_STATUSES)


def _said_off_key(offer_id: str, appointment_id: str, how: str) -> str:
    """The mark (a claimed event) kept while the thread's last word on the booking ``appointment_id`` recorded on
    offer ``offer_id`` is that it was cancelled (``how`` "cancelled") or gone ("gone"): taken with that line, released
    with the line that says it is booked again."""
    return f"fill-hand-booking-off:{offer_id}:{appointment_id}:{how}"


def hand_booking_said_off(copilot: Copilot, offer: Mapping[str, Any]) -> str | None:
    """Whether the booking her offer records as the desk's was said cancelled (or gone) in its card's thread, and
    not said booked again since: ``HAND_BOOKING_SINCE``'s words for it ("cancelled since"), or None."""
    appointment_id = offer.get("booked_appointment_id")
    if not appointment_id:
        return None
    return next((since for how, since in HAND_BOOKING_SINCE.items()
                 if copilot.store.event_seen(_said_off_key(offer["id"], appointment_id, how))), None)


def _her_other_booking(copilot: Copilot, offer: Mapping[str, Any], candidate: Mapping[str, Any],
                       appointment_id: str) -> tuple[str, list[str]] | None:
    """Another booking of hers, active, over the hour of the card she was offered from, as the copilot last read the
    book at its location (at the slot's start, or with the service offered her: as ``_booked_by_hand`` counts one):
    its id and its services' ids; None when there is none."""
    row = copilot.store.fill_proposal(offer["proposal_id"])
    if row is None:
        return None
    slot = _slot_of(row)
    for seen in copilot.store.snapshot(location_id=row["location_id"]).values():
        if (seen.appointment_id == appointment_id or seen.client_id != offer["client_id"]
                or seen.status not in _ACTIVE):
            continue
        start, end = datetime.fromisoformat(seen.start_at), datetime.fromisoformat(seen.end_at)
        if start < slot.end and slot.start < end and (start == slot.start
                                                      or candidate.get("service_id") in seen.service_ids):
            return seen.appointment_id, list(seen.service_ids)
    return None


async def _hand_bookings_cancelled(copilot: Copilot, changes: Sequence[CalendarChange]) -> None:
    """A booking cancelled (or gone) in the spa system that an offer whose hold ran out, or whose YES found the slot
    taken, records as hers (``_booked_by_hand``): one thread line says so, once however many polls or webhooks bring
    it (rev38k K1), so staff do not read her closed reply card's reason as still true. Her offer keeps the booking: an
    approved reply to her YES stays unsent and a later YES of hers books nothing (cleared, a reply approved for texting
    hours told a guest who cancelled, or who was booked again meanwhile, that her hold ran out and she was still on the
    waitlist: rev39b H1, M1); her waitlist entry is not written back (the desk decides; a "booked" for it still held
    by an outage is set aside, rev39i M1). An approved reply still to go out is settled as not sent with the line,
    saying she was booked and the booking is cancelled since (rev39i L1). When she holds another booking over the hour
    (a swap), the line names it instead of inviting the desk to put her back in line, and her offer records it (rev39i
    L2). A booking said cancelled and then booked again (the cancellation undone) is said booked again, once (rev39i
    L4). Another booking of hers over the hour heard only after her booking there was said cancelled (the desk's swap
    told as two webhooks) is said in turn, and her offer records it, as the swap heard at once (``_hand_booking_again``,
    rev40b L1). An offer ``booked`` by the copilot is not this: its cancellation is a new opening, a card of its own.
    Nothing here texts her, nor writes her booking in the spa system."""
    for change in changes:
        if change.kind in (ChangeKind.cancelled, ChangeKind.removed):
            await _hand_booking_off(copilot, change)
        elif change.appointment is not None and change.appointment.is_active:
            if change.previous is None or change.previous.status not in _ACTIVE:  # not active before: booked again
                await _hand_booking_back(copilot, change.appointment)
            await _hand_booking_again(copilot, change.appointment)


async def _hand_booking_off(copilot: Copilot, change: CalendarChange) -> None:
    """``_hand_bookings_cancelled`` for one cancellation (or removal)."""
    from spa_copilot.fill.outbox import _waitlist_write, deliver  # outbox imports this module

    store = copilot.store
    cancelled = change.kind == ChangeKind.cancelled
    how = "was cancelled in" if cancelled else "is no longer at this hour in"
    seen = change.appointment or change.previous
    version = seen.version if seen is not None else 0
    for offer in store.fill_offers_booked_by_hand(change.appointment_id):
        candidate = _candidate_for(copilot, offer)
        if not candidate:
            continue
        swapped = _her_other_booking(copilot, offer, candidate, change.appointment_id)
        other = swapped[0] if swapped is not None else None
        # her entry's "booked" stands only for a booking of what she waits for, never one at the slot's start alone
        # (rev40b M1: a swap to another service let the held "booked" land, off the list of what she waits for)
        booked_stands = swapped is not None and await _waits_for_any(
            copilot, store.fill_proposal(offer["proposal_id"]) or {}, offer, candidate, swapped[1])
        said = dict(first_name=card_name(candidate), appointment_id=change.appointment_id, how=how)
        if other is not None:
            line = HAND_BOOKING_SWAPPED_TEXT.format(other_id=other, **said)
            # no "booked" for her entry recorded (the first booking was not of what she waits for): the desk is told
            # to mark it, the copilot writes none unread over a desk's change (rev40f M2, rev40h M1 M2)
            unmarked = booked_stands and store.outbox_item(_entry_key(offer["id"], "booked")) is None
            text = line + (_ENTRY_UNMARKED if unmarked else "" if booked_stands else _ENTRY_STAYS)
        else:
            line, text = _HAND_BOOKING_OFF.format(**said), HAND_BOOKING_CANCELLED_TEXT.format(**said)
        thread, now = _thread_of(copilot, offer["proposal_id"]), copilot.now()
        claim = f"fill-hand-booking-cancelled:{offer['id']}:{change.appointment_id}:{version}"
        waiting = settled = None
        with store.transaction():  # audited and its line kept together: the line is never lost
            if not store.claim_event(claim, source="fill"):
                continue
            store.audit(actor=COPILOT_ACTOR, action="fill.hand_booking_cancelled", subject_id=offer["proposal_id"],
                        details={"appointmentId": change.appointment_id, "offerId": offer["id"]}
                        | ({"bookedUnder": other} if other else {}))
            if other is not None:
                # booked again at that hour: her offer records that booking (its cancellation is said in turn), and
                # her entry's "booked", if still to go out, stands; her settled reply card names it (rev42b M1)
                if store.update_fill_offer(offer["id"], at=now, expect_status=offer["status"],
                                           booked_appointment_id=other):
                    settled = _reword_settled_reply(copilot, offer, REPLY_BOOKED_AGAIN_REASON.format(appointment=other))
            else:
                store.claim_event(_said_off_key(offer["id"], change.appointment_id, "cancelled" if cancelled else "gone"),
                                  source="fill")
                since = HAND_BOOKING_SINCE["cancelled" if cancelled else "gone"]
                why = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=change.appointment_id, since=since)
                # (one settled already saying she is booked, by the outbox at texting hours or naming this booking
                # after a swap, says so in turn: rev42b M2)
                settled = _settle_held_reply(copilot, offer, why) or _reword_settled_reply(copilot, offer, why)
            # her entry's "booked" for that booking, still held by an outage, must not land after the line: the desk
            # reads her entry as the spa system shows it now (rev39i M1); it may have set aside her expiry's
            # "waiting", so that is written again while her entry still shows "offered" (read first), else she stays
            # "offered", out of every ranking (rev39m M1)
            if (not booked_stands and _set_aside_booked(copilot, offer["id"], change.appointment_id)
                    and offer.get("waitlist_entry_id")):
                # (a later booking's under its own key: the first may be taken by an earlier one's)
                later = change.appointment_id if store.outbox_item(_entry_key(offer["id"], "unbooked")) else None
                waiting = _waitlist_write(copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting,
                                          key=_entry_key(offer["id"], "unbooked", later),
                                          expect=[WaitlistStatus.offered.value])
                if waiting:  # (none in read-only mode)
                    text = line + _ENTRY_BACK_TO_WAITING
            store.keep_note(claim, proposal_id=thread, text=text, at=now)
        if waiting:
            await deliver(copilot, waiting)
        await _post_kept_notes(copilot, thread)
        if settled is not None:  # redrawn after the line: the card's last word is the same as the thread's
            await _refresh_card(copilot, settled)


def _settle_held_reply(copilot: Copilot, offer: Mapping[str, Any], reason: str) -> str | None:
    """Inside the caller's transaction (the line saying her booking is cancelled): the approved reply to her late YES
    still to go out (``_claim_held_reply``) settled as not sent, with ``reason``, as the outbox records one
    (``outbox.settle_unsent``), its card marked to redraw (``card_stale``). Settled with the line, not after it: a
    process stopped in between left it to a re-drive, whose "not sent: they are booked" came back on the card after the
    thread said the booking was cancelled (rev40b L2). Its id, for the caller to redraw once the line is posted (a stop
    before that leaves it to ``expire_offers``, which redraws stale cards); None when there is none."""
    from spa_copilot.fill.outbox import settle_unsent  # outbox imports this module

    item = _claim_held_reply(copilot, offer)
    if item is None or not settle_unsent(copilot, item.key, item.payload, reason, "stale", card_stale=True):
        return None
    return item.payload["proposal_id"]


def _reword_settled_reply(copilot: Copilot, offer: Mapping[str, Any], reason: str) -> str | None:
    """Inside the caller's transaction (a line on the booking her offer records at that hour): the reply to her late
    YES settled as not sent for her booking (``_says_her_booking``), approved (failed) or closed before its approval
    (expired, ``_booked_by_hand``), now saying ``reason``, the line's word on it, its card marked to redraw
    (``card_stale``). The one rule: the card names the booking that stands now, or says it was
    cancelled, as the thread's last line does (rev42b). Its id, for the caller to redraw once the line is posted; None
    when there is none, or it says so already, or it was settled for another reason."""
    store = copilot.store
    reply = store.fill_proposal_for(f"reply:{offer['id']}")
    if (reply is None or reply["status"] not in (ProposalState.failed.value, ProposalState.expired.value)
            or not _says_her_booking(reply.get("reason"))
            or reply.get("reason") == reason
            or not store.update_fill_proposal(reply["id"], at=copilot.now(), expect_status=reply["status"],
                                              expect_revision=reply["revision"], reason=reason, card_stale=1)):
        return None
    return reply["id"]


def _says_her_booking(reason: str | None) -> bool:
    """Whether a settled reply card's ``reason`` is a word on her booking at that hour (she is booked, or was and it
    is cancelled since; ``REPLY_BOOKED_REASON``, naming her, on a card closed before its approval), which a later
    line on that booking may make untrue."""
    if reason is None:
        return False
    return reason.startswith(_BOOKING_REASON_STARTS) or (
        reason.startswith(_NAMED_BOOKED_HEAD) and _NAMED_BOOKED_TAIL in reason)


def _claim_held_reply(copilot: Copilot, offer: Mapping[str, Any]) -> Any:
    """Inside the caller's transaction: the approved reply to her late YES still to go out (waiting for texting hours,
    or held by an outage), claimed so no re-drive sends it meanwhile; None when there is none, or another sender holds
    it (its own check settles it). Its offer records her booking, so it could never go out (``outbox.overtaking_offer``):
    settling it now only says why sooner, in words that fit a booking cancelled since."""
    reply = copilot.store.fill_proposal_for(f"reply:{offer['id']}")
    if reply is None or reply["status"] != ProposalState.approved.value:
        return None
    item = copilot.store.outbox_item(_text_key(reply))
    if item is None or item.status != "pending" or not copilot.store.claim_outbox(
            item.key, now=copilot.now(), lease=OUTBOX_LEASE):
        return None
    return item


async def _hand_booking_back(copilot: Copilot, appointment: Appointment) -> None:
    """``_hand_bookings_cancelled`` for a booking active again: said booked again in each thread whose last word on
    it was that it was cancelled (or gone), once (the mark released with the line kept, in one transaction), when it
    is back over that card's hour at its location (one back at another hour, a move to next week read again once next
    week is in the book's horizon, leaves "cancelled at this hour" true)."""
    store = copilot.store
    for offer in store.fill_offers_booked_by_hand(appointment.id):
        candidate = _candidate_for(copilot, offer)
        row = store.fill_proposal(offer["proposal_id"])
        if not candidate or row is None or appointment.location_id != row["location_id"]:
            continue
        slot = _slot_of(row)
        if not (appointment.start_at < slot.end and slot.start < appointment.end_at):
            continue
        thread, now = _thread_of(copilot, offer["proposal_id"]), copilot.now()
        claim = f"fill-hand-booking-restored:{offer['id']}:{appointment.id}:{appointment.version}"
        with store.transaction():
            released = [store.release_event(_said_off_key(offer["id"], appointment.id, how))
                        for how in HAND_BOOKING_SINCE]
            if not any(released):
                continue
            # her reply card settled by the cancellation's line ("cancelled since") names it as standing (rev42b L1)
            reworded = _reword_settled_reply(copilot, offer, REPLY_BOOKED_AGAIN_REASON.format(appointment=appointment.id))
            store.audit(actor=COPILOT_ACTOR, action="fill.hand_booking_restored", subject_id=offer["proposal_id"],
                        details={"appointmentId": appointment.id, "offerId": offer["id"]})
            store.keep_note(claim, proposal_id=thread, text=HAND_BOOKING_RESTORED_TEXT.format(
                first_name=card_name(candidate), appointment_id=appointment.id), at=now)
        await _post_kept_notes(copilot, thread)
        if reworded is not None:  # redrawn after the line, as a settled reply is
            await _refresh_card(copilot, reworded)


async def _hand_booking_again(copilot: Copilot, appointment: Appointment) -> None:
    """``_hand_bookings_cancelled`` for another booking of hers over the hour of a card whose thread last said her
    booking there was cancelled (or gone): the desk swapped one for the other and the spa system told the cancellation
    first (two webhooks, or two polls), so the swap's line (``HAND_BOOKING_SWAPPED_TEXT``) could not be said. It ends
    as the swap heard at once does, as far as it can (rev40b L1): her offer records the new booking (its cancellation
    is said in turn; the earlier one's "cancelled" mark is released, as the swap never takes it), and a second line
    names it, the first line kept. Her entry ends as the swap leaves it: when the new booking is of what she waits for
    and the "booked" recorded for the first (``_entry_booked``) was set aside by the cancellation (held by an outage:
    her "waiting" written back, as the thread said), it is marked "booked" again under a key of its own (the first's is
    taken), over "offered" or "waiting" only, a "waiting" still to go out set aside; one that landed stands; with none
    recorded, the line tells the desk to mark it; a booking of another service leaves it as the spa system shows it
    (``_entry_again_words``)."""
    from spa_copilot.fill.outbox import deliver  # outbox imports this module

    store = copilot.store
    for offer in store.fill_offers_of_client_booked_by_hand(appointment.client_id):
        earlier = offer["booked_appointment_id"]
        row = store.fill_proposal(offer["proposal_id"])
        candidate = _candidate_for(copilot, offer)
        if (earlier == appointment.id or row is None or not candidate or not hand_booking_said_off(copilot, offer)
                or not _over_her_hour(row, candidate, appointment)):
            continue
        waited = await _books_what_she_waits_for(copilot, row, offer, candidate, appointment)
        thread, now = _thread_of(copilot, offer["proposal_id"]), copilot.now()
        claim = f"fill-hand-booking-again:{offer['id']}:{appointment.id}"
        written = reworded = None
        with store.transaction():  # her offer, the marks, her entry's writes and the line, together
            now_offer = store.fill_offer(offer["id"])  # read again: a restore of the earlier one may have come between
            if (now_offer is None or now_offer["booked_appointment_id"] != earlier
                    or not hand_booking_said_off(copilot, now_offer) or not store.claim_event(claim, source="fill")):
                continue
            if not store.update_fill_offer(offer["id"], at=now, expect_status=offer["status"],
                                           booked_appointment_id=appointment.id):
                store.release_event(claim)  # another path changed her offer meanwhile: its word stands, not this one
                continue
            # her reply card settled by the earlier booking's line ("cancelled since") names the one that stands
            reworded = _reword_settled_reply(copilot, offer, REPLY_BOOKED_AGAIN_REASON.format(appointment=appointment.id))
            for how in HAND_BOOKING_SINCE:
                store.release_event(_said_off_key(offer["id"], earlier, how))
            store.audit(actor=COPILOT_ACTOR, action="fill.booked_by_hand", subject_id=offer["proposal_id"],
                        details={"appointmentId": appointment.id, "offerId": offer["id"], "after": earlier})
            first = store.outbox_item(_entry_key(offer["id"], "booked", earlier)) or store.outbox_item(
                _entry_key(offer["id"], "booked"))
            set_aside = first is not None and first.status == "failed" and first.last_error == "superseded"
            if waited and set_aside and copilot.settings.spa_mode != Mode.read_only:  # (no writes at all)
                for key in (_entry_key(offer["id"], "unbooked"), _entry_key(offer["id"], "unbooked", earlier)):
                    store.supersede_pending(key)  # her "waiting" written back must not land after "booked"
                written = _entry_booked(copilot, offer, appointment_id=appointment.id)
            store.keep_note(claim, proposal_id=thread, at=now, text=HAND_BOOKING_AGAIN_TEXT.format(
                first_name=card_name(candidate), appointment_id=earlier, other_id=appointment.id)
                + _entry_again_words(waited=waited, recorded=first is not None, set_aside=set_aside,
                                     written=bool(written)))
        if written:
            await deliver(copilot, written)
        await _post_kept_notes(copilot, thread)
        if reworded is not None:  # redrawn after the line, as a settled reply is
            await _refresh_card(copilot, reworded)


def _entry_again_words(*, waited: bool, recorded: bool, set_aside: bool, written: bool) -> str:
    """How ``HAND_BOOKING_AGAIN_TEXT`` ends, as the swap's line would (``_hand_booking_off``) where the thread allows:
    ``waited``, the new booking is of what she waits for; ``recorded``, a "booked" for her entry was recorded for the
    earlier booking; ``set_aside``, its cancellation set that aside (the thread then said her entry goes back to
    waiting); ``written``, her entry is marked booked again now."""
    if not recorded:  # never marked for the earlier one: the desk is told to mark it, or it stays
        return _ENTRY_UNMARKED if waited else _ENTRY_STAYS
    if set_aside:  # the thread said it goes back to waiting: "booked" again now, or that word stands
        return _ENTRY_MARKED_AGAIN if written else _ENTRY_UNMARKED if waited else ""
    return "" if waited else _ENTRY_STAYS  # the earlier one's "booked" landed (or is landing): it stands


def _set_aside_reply(copilot: Copilot, offer_id: str, reason: str) -> str | None:
    """Close the reply card drafted for offer ``offer_id``'s YES while it is not approved yet (waiting for a manager,
    or shown only): it must not go out (``reason``: she is booked, or being booked). Its id when closed, for the
    caller to redraw after its transaction; None when there is none or it was approved (its send checks again)."""
    store, now = copilot.store, copilot.now()
    reply = store.fill_proposal_for(f"reply:{offer_id}")
    if reply is None or reply["status"] not in (PENDING, INFO) or not store.update_fill_proposal(
        reply["id"], at=now, expect_status=reply["status"], expect_revision=reply["revision"], bump_revision=True,
        status=ProposalState.expired.value, decided_by=None, decided_at=now.isoformat(), reason=reason,
    ):
        return None
    return reply["id"]
