"""From a cancellation to a card: the calendar change handler (a cancellation undone closes its
proposal), ``/spa fill``, and ``propose_fill``, which claims the opening once per cancellation, ranks the waitlist,
drafts the first text and posts the card (nobody to offer it to, or too soon for a text: the card says so); an
opening the platform kept from being proposed is kept for a retry.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from spa_copilot.ai.schemas import shown_first_name
from spa_copilot.copilot import Copilot
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Client,
    Location,
    ResourceType,
    catalogue_word,
    first_names_shared,
    plural,
    spoken_list,
)
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind
from spa_copilot.engines.fill_ranking import ByHand, Candidate, OpenSlot, Ranking
from spa_copilot.fill._common import (
    ABANDONED,
    COPILOT_ACTOR,
    DRAFTING,
    ENDED,
    INFO,
    PENDING,
    FillResult,
    _text_key,
    logger,
)
from spa_copilot.fill.call_list import _call_list, _is_call_list, _too_soon_reason
from spa_copilot.fill.card import _post_card, _refresh_card, _thread_note_once
from spa_copilot.fill.drafts import _draft_invitation
from spa_copilot.fill.late_reply import _hand_bookings_cancelled, _replies_to_booked_guests
from spa_copilot.fill.moving_on import _booking_back_reason
from spa_copilot.fill.openings import openings_message
from spa_copilot.fill.outbox import _drop_held_text, refused_key
from spa_copilot.fill.ranking import _rank, without_no_mobile
from spa_copilot.fill.recheck import _over_the_opening, _therapists_booked_elsewhere
from spa_copilot.platform.errors import PlatformError, PlatformNotFound
from spa_copilot.reads import Catalog, load_day
from spa_copilot.settings import CHANNEL_ID, Mode
from spa_copilot.slack import blocks, texts
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.command_parser import MAX_DAYS_AWAY, CommandError, ParsedCommand
from spa_copilot.slack.permalinks import permalink
from spa_copilot.slack.retry import HANDLER_WAIT_SECONDS, rate_limit_wait_at_most
from spa_copilot.slack.views_models import ProposalState

MAX_CANDIDATES = 5
#: Why a card was posted with nobody to offer the slot to (when nobody waits for a service the copilot cannot book).
NOBODY_REASON = "nobody on the waitlist can take this slot"
#: ``/spa fill`` for an appointment further off than a typed date may be (``/spa today``'s "within two years").
FAR_AWAY_TEXT = (
    "Appointment {appointment_id} is in {year}, more than two years away: there is no opening to fill that far ahead "
    "(the copilot fills openings within two years of today)."
)
#: ``/spa fill`` (and the poll's note) for a cancellation whose therapist is booked over its freed hour again (the desk
#: booked a caller into it in Mangomint): there is no opening, and a card would offer one. ``where`` is empty for a
#: booking at the cancelled one's location, and " at <the sister location's name>" for one there, so the desk does not
#: search its own book for it.
BOOKED_AGAIN_TEXT = (
    "Appointment {appointment_id}'s hour has been booked again ({therapist} has appointment {taken_id}{where} at {at}): "
    "there is no opening to fill."
)
#: ``/spa fill`` again for an opening whose card said nobody on the waitlist can take it, when a card drawn now would
#: say the same: the answer links to that card (``_nothing_new``) rather than posting its double.
NOTHING_NEW_TEXT = (
    "A fill proposal for {appointment_id} already exists: nobody on the waitlist can be offered it by text, and "
    "nothing has changed since its card."
)
#: How many guests waiting for a two-therapist service the card names (the rest are counted).
BY_HAND_NAMED = 5
#: A cancellation seen this close to the slot's start gets no card of its own (nobody could be phoned and come in
#: time); ``/spa fill`` by hand still posts one.
NO_CARD_WITHIN = timedelta(minutes=5)
#: A booking moved to the sister location and back to where it came from within this long (a slip at the desk put
#: right, a move tried and undone) leaves no opening worth a card at the location it stayed at so briefly: its hour
#: there was free before and is free again, and nobody could have been turned away for it meanwhile. One that stayed
#: longer held that hour as a real booking, and the hour it frees gets its card as any move's.
MOVED_BACK_WITHIN = timedelta(hours=1)
#: How long before its slot a card can have become a list to call (texts wait less than a day for their hours, and
#: OFFER_HOLD_MINUTES is at most a day): who looks for lists to call (``expire_offers`` for those whose slot has
#: started, ``_close_booked_over`` for those booked by hand) reads only the cards closed this far back.
CALL_LIST_LOOKBACK = timedelta(days=3)


async def on_calendar_changes(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    """A change handler (``copilot.on_changes``): each cancellation within the fill horizon gets a proposal (and one
    of a booking the desk made a guest whose hold ran out is said in her card's thread: ``_hand_bookings_cancelled``).

    Inside a poll or a webhook's sync, a Slack rate limit asking for more than a few seconds is not waited out:
    the card it refused is posted by ``expire_offers`` (flagged clients are on the card)."""
    with rate_limit_wait_at_most(HANDLER_WAIT_SECONDS):
        await _close_restored(copilot, changes)
        await _close_booked_over(copilot, location, changes)
        await _hand_bookings_cancelled(copilot, changes)
        await _propose_for_cancellations(copilot, location, changes)


def _moved_away_to(change: CalendarChange, location: Location) -> str | None:
    """The id of the location a booking of ``location`` was moved to under the same id, when ``change`` is that move
    as this location's handlers hear of it (``calendar_sync._moved_away``: replayed with the row before at this
    location and the appointment, still booked, now elsewhere); else None. Its slot here is open, as a cancellation's."""
    before, now = change.previous, change.appointment
    if change.kind in (ChangeKind.cancelled, ChangeKind.removed) or before is None or now is None:
        return None
    if before.location_id != location.id or now.location_id == location.id or not now.is_active:
        return None
    if before.status in (AppointmentStatus.cancelled.value, AppointmentStatus.no_show.value):
        return None  # it held no hour here when it left
    return now.location_id


def opening_claim(appointment_id: str, location_id: str, *, moved_to: str | None = None) -> str:
    """The key a proposal claims its opening under (``Store.create_fill_proposal``): one card per opening, however
    often a webhook or a poll hands it. A cancellation's (or a removal's, or ``/spa fill``'s) is the appointment's id;
    the hour a booking left when it moved to the sister location under the same id (``moved_to``) is another opening,
    at the location it left, claimed as ``<appointment id>@<that location's id>``: the booking cancelled at the
    location it moved to frees an hour there too, and each gets its own card."""
    return moved_away_claim(appointment_id, location_id) if moved_to else appointment_id


def moved_away_claim(appointment_id: str, location_id: str) -> str:
    """The claim of the card for the hour booking ``appointment_id`` left at ``location_id`` by moving to the sister
    location (``opening_claim`` with ``moved_to``), for a caller that looks the card up and does not know, or need,
    where the booking went: whichever location it moved to, the hour it left here has one claim."""
    return f"{appointment_id}@{location_id}"


async def _close_restored(copilot: Copilot, changes: list[CalendarChange]) -> None:
    """A cancelled appointment booked again (the cancellation undone): its proposal still waiting for a manager
    closes (no buttons left to click), and so does one whose approved text waits for texting hours (nothing will be
    sent: its card says so now, not at the opening). One whose text went out is left: the YES's re-check says the
    booking is back. So is one for a booking handed on active again after the cancellation its card was drawn for,
    whatever the change's kind: caught up after a stop that cut this handler off once it had posted the card, a
    cancellation undone meanwhile is an "updated" booking (``scheduler._replay_plan``)."""
    for change in changes:
        now = change.appointment
        restored = change.kind == ChangeKind.created and change.previous is not None
        active = now is not None and now.is_active
        # the cancellation's card (the claim under its id), never one for the hour it left by a move (``opening_claim``)
        row = copilot.store.fill_proposal_claimed(change.appointment_id) if restored or active else None
        if row is None or (not restored and not _active_since_its_card(row, now)):  # type: ignore[arg-type]
            continue
        # undone at another hour, or at its hour with another therapist: the hour (or the therapist) the card offers is
        # still free, and the card stays (rev32f H3)
        if now is not None and not _over_the_opening(now.start_at, now.end_at, row["opening"], staff_ids=now.staff_ids,
                                                     resource_ids=now.resource_ids):
            continue
        await _close_for(copilot, row, blocks.BOOKING_BACK_TEXT, {"reason": blocks.BOOKING_BACK_TEXT})


def _active_since_its_card(row: Mapping[str, Any], appointment: Appointment) -> bool:
    """The booking of fill card ``row`` is active at its location again, in a version after the cancellation the card
    was drawn for (not a card opened by its move to the sister location, which is the booking active elsewhere)."""
    seen = row["opening"].get("cancellation_version")
    return (
        row["kind"] == "fill" and seen is not None and appointment.version > seen
        and appointment.location_id == row["location_id"] and not row["opening"].get("moved_to")
    )


async def _close_for(copilot: Copilot, row: Mapping[str, Any], reason: str, details: dict[str, Any]) -> None:
    """A fill card whose slot is gone (``reason``): an approved text not sent yet, held for texting hours or by an
    outage, is not sent (its card and its thread say so at once), a card still waiting for a manager closes saying
    why (audited with ``details``), and so does a list of guests to call (``_reword_closed``); any other is left (a
    text out: the YES re-checks the book)."""
    if row["kind"] == "fill" and row["status"] == ProposalState.approved.value:
        await _drop_held_text(copilot, _text_key(row), f"nothing was sent: {reason}", "slotGone", held_by_outage=True)
        return
    if _is_call_list(row) and not row["reason"].startswith(blocks.CALL_OVER):
        await _reword_closed(copilot, row, reason, details)
        return
    if row["status"] not in (PENDING, INFO):
        return
    now = copilot.now()
    if copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"],
        status=ProposalState.expired.value, decided_at=now.isoformat(), reason=reason,
    ):
        copilot.store.audit(actor=COPILOT_ACTOR, action="fill.closed", subject_id=row["id"], details=details)
        await _refresh_card(copilot, row["id"])


#: The one thread line of a list to call a calendar poll closes (``_reword_closed``): the thread's last word had asked
#: the desk to call a guest, and a guest marked "call to book them" would be phoned about a booked hour. The guest
#: booked is never named: ``why`` is ``LIST_BOOKED_TEXT`` with the appointment's id, or the card's reason.
LIST_CLOSED_TEXT = ":lock: Closed: {why}; no more calls needed."
LIST_BOOKED_TEXT = "the hour was booked in Mangomint (appointment {appointment_id})"


async def _reword_closed(copilot: Copilot, row: Mapping[str, Any], reason: str, details: dict[str, Any]) -> None:
    """A card already closed without buttons whose slot is gone (``reason``): a list of guests to call (too soon for
    a text), or one posted with nobody to offer the hour to. It says it is closed and why, with no guests to call
    (nobody phones a guest about an hour that is booked), audited once (``expect_revision``)."""
    now = copilot.now()
    if copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"], reason=reason,
        decided_at=now.isoformat(),
    ):
        copilot.store.audit(actor=COPILOT_ACTOR, action="fill.closed", subject_id=row["id"], details=details)
        await _refresh_card(copilot, row["id"])
        if _is_call_list(row):  # its thread's last word asked the desk to call: it says, once, that nobody is to be
            booked = details.get("appointmentId")
            why = LIST_BOOKED_TEXT.format(appointment_id=booked) if booked else reason
            await _thread_note_once(copilot, f"fill-call-list-closed:{row['id']}", row["id"],
                                    LIST_CLOSED_TEXT.format(why=why))


async def _close_booked_over(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    """A booking made in the spa system (by hand, or moved there) that takes the therapist offered at the time offered
    (or, with any therapist, the room offered when no other room could hold the service: ``_room_alone``) on a card
    still waiting for a manager closes that card, which says so, rather than keeping an Approve that its own re-check
    would refuse; an approved text still waiting for texting hours is not sent. A text already out is
    left: the guest's YES re-checks the book. The guest booked is never named (only the appointment's id). A card
    opened by its booking's move to the sister location closes when that booking is back over its hour here,
    whoever it offers (``_close_moved_back``). A list to call (too soon for a text) says it is closed and why
    (``_reword_closed``) once a booking, for anyone (one of its own guests too), takes the therapist offered to every
    guest it still lists: nobody phones a guest about a booked hour."""
    booked = [
        change.appointment for change in changes
        if change.appointment is not None and change.appointment.is_active and change.kind != ChangeKind.cancelled
    ]
    if not booked:
        return
    for appointment in booked:
        if appointment.location_id == location.id:
            await _close_moved_back(copilot, appointment)
    rows = copilot.store.fill_proposals(statuses=(PENDING, INFO, ProposalState.approved.value))
    await _replies_to_booked_guests(copilot, location.id, booked, [row for row in rows if row["kind"] == "reply"])
    for row in rows:
        if row["kind"] != "fill" or row["location_id"] != location.id or not row["candidates"]:
            continue
        candidate = row["candidates"][row["current_index"]]
        rooms = _room_alone(copilot, row["location_id"], candidate)
        taken = next((a for a in booked if _over(a, row) and _takes(a, candidate, rooms)), None)
        if taken is None:
            continue
        await _close_for(copilot, row, blocks.BOOKED_OVER_TEXT.format(appointment_id=taken.id),
                         {"reason": "bookedOver", "appointmentId": taken.id})
    closed = copilot.store.fill_proposals(statuses=(ProposalState.expired.value,),
                                          changed_since=copilot.now() - CALL_LIST_LOOKBACK)
    for row in closed:
        if (row["location_id"] != location.id or not _is_call_list(row)
                or row["reason"].startswith(blocks.CALL_OVER)):
            continue
        listed = _call_list(copilot, row)["candidates"]  # who the desk is asked to call (not who said no, or STOP)
        # whoever is booked, one of the list's own guests too (phoned from it, or booked by hand as the thread said):
        # her in-time YES delivered late then books nothing and finds her booked (``replies._answer_yes_too_late``)
        taken = next((a for a in booked if listed and _over(a, row)
                      and all(_takes(a, c, _room_alone(copilot, location.id, c)) for c in listed)), None)
        if taken is not None:
            await _close_for(copilot, row, blocks.BOOKED_OVER_TEXT.format(appointment_id=taken.id),
                             {"reason": "bookedOver", "appointmentId": taken.id})


async def _close_moved_back(copilot: Copilot, appointment: Appointment) -> None:
    """The card its move to the sister location opened at ``appointment``'s location (``opening_claim``), whose
    booking is back there over the card's hour: no opening is left, whoever the card offers (its first guest with
    another therapist, or nobody). One waiting for a manager, or with a text held for texting hours, closes as
    ``_close_for`` closes it; one posted with nobody to offer the hour to says it is closed, not "Nothing to offer".
    Its words are those of the card's other closes (``moving_on._booking_back_reason``: back at its hour)."""
    row = copilot.store.fill_proposal_claimed(moved_away_claim(appointment.id, appointment.location_id))
    if (row is None or row["kind"] != "fill" or not row["opening"].get("moved_to")
            or not _over_the_opening(appointment.start_at, appointment.end_at, row["opening"],
                                     staff_ids=appointment.staff_ids, resource_ids=appointment.resource_ids)):
        return
    reason = _booking_back_reason(row)
    details = {"reason": "movedBack", "appointmentId": appointment.id}
    if row["status"] != ProposalState.expired.value or row["candidates"] or row.get("reason") == reason:
        await _close_for(copilot, row, reason, details)  # a list to call too
        return
    await _reword_closed(copilot, row, reason, details)


def _over(appointment: Appointment, row: Mapping[str, Any]) -> bool:
    """Whether ``appointment`` is another booking than the card's opening, or the opening's own booking active here
    again where it may take the time offered: moved back here from the location it had moved to (``moved_to``; back
    over the card's hour, ``_close_moved_back`` closed the card already), or its cancellation undone off the opening
    (another hour, room or therapist: one back over the opening is ``_close_restored``'s), which may still take the
    therapist the card offers its guest then (a room's opening offered with Owen, the booking back with Owen in
    another room)."""
    opening = row["opening"]
    if appointment.id != opening.get("appointment_id", row["appointment_id"]):
        return True
    if appointment.location_id != row["location_id"]:
        return False
    return bool(opening.get("moved_to")) or not _over_the_opening(
        appointment.start_at, appointment.end_at, opening, staff_ids=appointment.staff_ids,
        resource_ids=appointment.resource_ids)


def _takes(appointment: Appointment, candidate: Mapping[str, Any], rooms: frozenset[str] = frozenset()) -> bool:
    """Whether ``appointment`` books the therapist offered to ``candidate`` at any moment of the time offered, or one
    of ``rooms`` (``_room_alone``: the room offered, which no other room could stand in for) with any therapist."""
    staff_id, start, end = candidate.get("staff_id"), candidate.get("start"), candidate.get("end")
    if not (staff_id and start and end):
        return False
    begins, ends = datetime.fromisoformat(start), datetime.fromisoformat(end)
    return any((line.staff_id == staff_id or appointment.rooms_of(line, rooms))
               and line.start_at < ends and begins < line.end_at
               for line in appointment.services)


def _room_alone(copilot: Copilot, location_id: str, candidate: Mapping[str, Any]) -> frozenset[str]:
    """The room offered to ``candidate`` when it is the location's only room its service may use, for one booking at a
    time (a booking there with another therapist leaves the service no room); empty otherwise: the re-check may put
    the guest in another free room of an allowed type, which only the book can tell (the catalogue as last read: no
    platform call)."""
    catalog = copilot.known_catalog()
    service = next((s for s in catalog.services if s.id == candidate.get("service_id")), None) if catalog else None
    if catalog is None or service is None or not service.room_types:
        return frozenset()
    allowed = {catalogue_word(room_type) for room_type in service.room_types}
    rooms = [r for r in catalog.resources if r.location_id == location_id and r.type == ResourceType.room
             and catalogue_word(r.room_type) in allowed]
    if len(rooms) != 1 or rooms[0].capacity != 1 or rooms[0].id not in (candidate.get("resource_ids") or ()):
        return frozenset()
    return frozenset({rooms[0].id})


async def _propose_for_cancellations(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    now = copilot.now()
    horizon = now + timedelta(hours=copilot.settings.fill_horizon_hours)
    for change in changes:
        moved_to = _moved_away_to(change, location)
        if change.kind not in (ChangeKind.cancelled, ChangeKind.removed) and moved_to is None:
            continue
        # a booking moved to another location frees its hour here: the slot as this location's snapshot held it
        slot = _slot_from_change(replace(change, appointment=None) if moved_to else change, location)
        if slot is None or not now < slot.start <= horizon:
            continue
        if moved_to and change.appointment is not None and _therapists_moved_along(slot, change.appointment):
            # moved keeping its therapists at an overlapping hour: they are not free here then, nobody could be booked
            # (one of two kept: the card offers the visit, and its re-check says which part cannot be had)
            logger.info("fill for appointment %s: no card, its therapist moved with it", slot.appointment_id)
            continue
        if moved_to and change.appointment is not None and _back_after_a_short_stay(copilot, change, location):
            logger.info("fill for appointment %s: no card, it went back to where it came from within %s",
                        slot.appointment_id, MOVED_BACK_WITHIN)
            continue
        if slot.start < now + NO_CARD_WITHIN:  # too close for a text or a call: a card would be noise
            logger.info("fill for appointment %s: no card, the slot starts within %s", slot.appointment_id, NO_CARD_WITHIN)
            continue
        version = _cancellation_version(change)
        moved_name = _location_name(copilot, moved_to) if moved_to else None
        try:
            result = await propose_fill(copilot, slot, location, by=COPILOT_ACTOR, cancellation_version=version,
                                        moved_to=moved_name)
        except Exception as exc:  # one opening failing (the platform down) must not cost the others theirs
            if not isinstance(exc, PlatformError):
                logger.exception("fill for appointment %s failed", slot.appointment_id)
            _keep_for_retry(copilot, slot, location, version, moved_to=moved_name)
            logger.warning("fill for appointment %s waits for a retry: %s", slot.appointment_id, type(exc).__name__)
            continue
        logger.info("fill for appointment %s: %s", slot.appointment_id, result.note)


def _back_after_a_short_stay(copilot: Copilot, change: CalendarChange, location: Location) -> bool:
    """Whether a booking moved away from ``location`` went back to the location it had come here from
    (that location's card for the hour it left, ``opening_claim``, says it moved here) within ``MOVED_BACK_WITHIN``
    of its arrival here: the earlier of that card's drawing and the booking's last change here (the row before)."""
    back = change.appointment
    before = change.previous
    if back is None or before is None:
        return False
    origin = copilot.store.fill_proposal_claimed(moved_away_claim(change.appointment_id, back.location_id))
    if origin is None or origin["opening"].get("moved_to") != location.name:
        return False  # not known to have come from there (no card for the hour it left: its therapists came along)
    arrived = [datetime.fromisoformat(origin["created_at"])]
    if before.updated_at:
        arrived.append(datetime.fromisoformat(before.updated_at))
    left = back.updated_at or copilot.now()
    return left - min(arrived) < MOVED_BACK_WITHIN


def _therapists_moved_along(slot: OpenSlot, moved: Appointment) -> bool:
    """Whether every therapist of ``slot`` (the hour a booking held here) works the booking ``moved`` to the sister
    location at an overlapping time: the slot here cannot be offered, its therapists being there then. One of two
    left behind (a visit of Ana's hour then Priya's, Ana moved along) leaves an opening here (rev30j)."""
    along = {line.staff_id for line in moved.services
             if line.staff_id and line.start_at < slot.end and slot.start < line.end_at}
    return bool(slot.staff_ids) and set(slot.staff_ids) <= along


def _location_name(copilot: Copilot, location_id: str) -> str:
    """A location's name as the copilot knows it (its id when it does not)."""
    return next((loc.name for loc in copilot.known_locations() if loc.id == location_id), location_id)


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


def _keep_for_retry(
    copilot: Copilot, slot: OpenSlot, location: Location, version: int | None = None, *, moved_to: str | None = None
) -> None:
    """Remember an opening whose proposal could not be made (the snapshot already moved on) as ``abandoned``,
    so ``expire_offers`` tries it again; nothing happens when the opening already has a proposal (unless that one
    ended and this is a new cancellation of the appointment)."""
    opening = {
        "appointment_id": slot.appointment_id, "location_id": slot.location_id, "start": slot.start.isoformat(),
        "end": slot.end.isoformat(), "time_zone": slot.time_zone, "service_ids": list(slot.service_ids),
        "staff_ids": list(slot.staff_ids), "resource_ids": list(slot.resource_ids), "service_name": "appointment",
        "location_name": location.name, "summary": f"opening of appointment {slot.appointment_id}",
        "cancellation_version": version,
    } | ({"moved_to": moved_to} if moved_to else {})
    claim = opening_claim(slot.appointment_id, slot.location_id, moved_to=moved_to)
    fields: dict[str, Any] = {"appointment_id": claim, "location_id": slot.location_id,
                              "status": ABANDONED, "opening": opening, "candidates": [], "at": copilot.now()}
    try:
        existing = copilot.store.fill_proposal_claimed(claim)
        if existing is not None and existing["status"] in ENDED and _new_cancellation(existing, version):
            copilot.store.restart_fill_proposal(existing["id"], expect_status=tuple(ENDED),
                                                proposal_id=f"fp_{uuid.uuid4().hex[:12]}", **fields)
        else:
            copilot.store.create_fill_proposal(f"fp_{uuid.uuid4().hex[:12]}", **fields)
    except Exception:
        logger.exception("could not keep the opening of %s for a retry", slot.appointment_id)


async def start_fill(copilot: Copilot, appointment_id: str, *, by: str) -> FillResult:
    """``/spa fill <appointment id>``: propose a fill for a cancelled appointment by hand (any horizon)."""
    appointment = await _appointment_typed(copilot, appointment_id)
    if appointment is None:
        return FillResult(False, texts.FILL_NO_APPOINTMENT_TEXT.format(
            typed=blocks.echoed(appointment_id), hours=f"{copilot.settings.fill_horizon_hours:g}"))
    appointment_id = appointment.id  # as the spa system spells it: the proposal, its card and the answers use it
    if appointment.status != AppointmentStatus.cancelled:
        return FillResult(False, f"Appointment {appointment_id} is not cancelled, so there is no opening to fill.")
    if appointment.start_at <= copilot.now():
        return FillResult(False, f"Appointment {appointment_id} has already started; there is nothing to fill.")
    if appointment.start_at - copilot.now() > timedelta(days=MAX_DAYS_AWAY):
        # as /spa today refuses a date that far: no waitlist reaches it, and a day near 9999-12-31 would overflow
        # when the opening's day is read
        return FillResult(False, FAR_AWAY_TEXT.format(appointment_id=appointment_id,
                                                      year=appointment.start_at.year))
    catalog = await copilot.catalog()
    location = next((loc for loc in catalog.locations if loc.id == appointment.location_id), None)
    if location is None:
        return FillResult(False, f"Appointment {appointment_id} is at a location I do not know.")
    return await propose_fill(copilot, slot_from_appointment(appointment, location), location, by=by, restart_ended=True,
                              cancellation_version=appointment.version)


async def _appointment_typed(copilot: Copilot, typed: str) -> Appointment | None:
    """The appointment ``typed`` names, or None: its id as typed, else in lower case, else in upper case. Ids are
    opaque strings to the contract, so the spa system is asked for each spelling rather than the id folded here
    (``AP_B0047`` typed for ``ap_b0047`` was "There is no appointment")."""
    for spelling in dict.fromkeys((typed, typed.lower(), typed.upper())):
        try:
            return await copilot.platform.get_appointment(spelling)
        except PlatformNotFound:
            continue
    return None


async def answer_fill(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """The ``/spa fill`` answer for the command dispatcher (``ANSWERS["fill"]``). An opening that already has a
    proposal is answered with a link to its card (as the App Home's "Open" links one), the only place it is acted on.
    With no id, the cancelled bookings still to come, each with its id (``openings``)."""
    if not command.args:
        return await openings_message(copilot)
    if len(command.args) != 1:
        raise CommandError("fill needs one appointment id, e.g. /spa fill ap_01234")
    result = await start_fill(copilot, command.args[0], by=user_id)
    if not result.ok and result.proposal_id:
        return await _with_card_link(copilot, result.note, result.proposal_id)
    return blocks.notice_message(result.note)


async def _with_card_link(copilot: Copilot, note: str, proposal_id: str) -> SlackMessage:
    """``note`` followed by a link to the card of proposal ``proposal_id`` (Slack's permalink, fetched as the App
    Home's "Open" fetches it); a card not in Slack yet (or a permalink Slack would not give) says so instead."""
    row = copilot.store.fill_proposal(proposal_id) or {}
    address = await permalink(copilot.slack, row.get("channel"), row.get("ts"))
    if not address:
        return blocks.notice_message(f"{note} {texts.PROPOSAL_NO_CARD}")
    link = f"<{blocks.escape(address)}|{blocks.escape(texts.PROPOSAL_CARD_LINK)}>"
    text = f"{blocks.escape(note)} {blocks.escape(texts.FILL_EXISTING_CARD_TEXT).format(link=link)}"
    return SlackMessage(text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text, verbatim=True))])


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
    moved_to: str | None = None,
) -> FillResult:
    """Claim the opening, rank the waitlist, draft the first SMS and post the card; once per cancellation.

    An ``abandoned`` claim is taken again. An opening whose proposal has ended (expired, rejected, failed) gets a
    fresh proposal under a new id (new offer and outbox keys) with ``restart_ended`` (``/spa fill`` by hand) or when
    ``cancellation_version`` says the appointment was cancelled again since (its booking restored, then cancelled);
    the same cancellation seen twice gets one. The ended one keeps its card, offers and audit trail. A live proposal
    is never replaced. ``moved_to``: the opening is a booking moved to that location (named) under the same id, which
    the card says.
    """
    if not slot.service_ids:  # a booking of no service held no therapist's or room's hour: there is none to offer
        return FillResult(False, f"Appointment {slot.appointment_id} has no services, so it leaves no opening to fill.")
    store = copilot.store
    now = copilot.now()
    claim = opening_claim(slot.appointment_id, slot.location_id, moved_to=moved_to)
    existing = store.fill_proposal_claimed(claim)
    restart = existing is not None and existing["status"] in ENDED and (
        restart_ended or _new_cancellation(existing, cancellation_version)
    )
    if existing is not None and existing["status"] != ABANDONED and not restart:
        return FillResult(
            False, f"A fill proposal for {slot.appointment_id} already exists ({existing['status']}).", existing["id"]
        )
    catalog = await copilot.catalog()
    # the day's book, read once: what is still open of the slot, then the ranking's busy times; with the freed
    # therapists' appointments at the sister location (their own when they visit here, any the snapshot has them at),
    # read as Approve's re-check reads them: one booked there over the freed hour since cannot be offered it here;
    # the sister location unread just now, the card is drawn from this book (Approve's re-check reads it again)
    book = await load_day(copilot.platform, location, slot.start.astimezone(slot.tz).date())
    try:
        elsewhere = await _therapists_booked_elsewhere(copilot, catalog, location, slot, slot.staff_ids)
    except PlatformError as exc:
        logger.warning("fill for appointment %s: the freed therapists' other locations unread (%s), drawn without",
                       slot.appointment_id, type(exc).__name__)
        elsewhere = []
    book = [*book, *(a for a in elsewhere if a.id != slot.appointment_id)]
    slot, taken = slot_still_open(slot, book)
    if taken is not None:
        logger.info("fill for appointment %s: no card, its hour is booked again (appointment %s)",
                    slot.appointment_id, taken.id)
        if existing is not None and existing["status"] == ABANDONED:  # kept for a retry: nothing left to retry
            store.update_fill_proposal(existing["id"], at=now, expect_status=ABANDONED, status=ProposalState.expired.value,
                                       decided_at=now.isoformat(), reason=blocks.BOOKED_OVER_TEXT.format(appointment_id=taken.id))
        member = next((catalog.staff_member(line.staff_id) for line in taken.services
                       if line.staff_id in slot.staff_ids and catalog.staff_member(line.staff_id)), None)
        # at the sister location: named, and its time labelled with the desk's zone when the sister's clocks differ
        there = None if taken.location_id == slot.location_id else next(
            (loc for loc in catalog.locations if loc.id == taken.location_id), None)
        where = "" if taken.location_id == slot.location_id else f" at {there.name if there else taken.location_id}"
        zoned = there is not None and not blocks.same_clocks(taken.start_at, slot.time_zone, there.time_zone)
        return FillResult(False, BOOKED_AGAIN_TEXT.format(
            appointment_id=slot.appointment_id, therapist=member.first_name if member else "its therapist",
            taken_id=taken.id, where=where, at=blocks.clock(taken.start_at, slot.time_zone, zone=zoned)))
    opening = _opening_json(slot, location, catalog) | {"cancellation_version": cancellation_version}
    if moved_to:
        opening["moved_to"] = moved_to
    drawn = None
    if (restart and restart_ended and existing is not None and existing["status"] == ProposalState.expired.value
            and not existing["candidates"] and not _new_cancellation(existing, cancellation_version)):
        # ``/spa fill`` again for an opening its card said nobody can take: drawn first, and linked when it would
        # say the same (rev34h L1)
        drawn = await _draw(copilot, slot, catalog, book)
        if _nothing_new(existing, drawn):
            return FillResult(False, NOTHING_NEW_TEXT.format(appointment_id=slot.appointment_id), existing["id"])
    if existing is None or restart:
        proposal_id = f"fp_{uuid.uuid4().hex[:12]}"
        fields: dict[str, Any] = {
            "appointment_id": claim, "location_id": slot.location_id, "status": DRAFTING,
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
        return await _prepare_and_post(copilot, proposal_id, slot, location, catalog, opening, book, by=by, drawn=drawn)
    except BaseException:
        store.update_fill_proposal(proposal_id, at=copilot.now(), expect_status=DRAFTING, status=ABANDONED)
        raise


#: A freed line whose time left free between the bookings made over it since is shorter than this is booked again:
#: no service is that short ("10:55–11:55" over 11:00–12:00 leaves five minutes nobody can be offered).
SHORTEST_OPENING = timedelta(minutes=15)


def _longest_free(start: datetime, end: datetime, bookings: Sequence[Appointment]) -> timedelta:
    """The longest stretch of ``start``–``end`` that none of ``bookings`` covers (together: 11:00–11:30 and
    11:30–12:00 cover 11:00–12:00)."""
    longest, cursor = timedelta(0), start
    for booking in sorted(bookings, key=lambda a: a.start_at):
        if booking.start_at > cursor:
            longest = max(longest, min(booking.start_at, end) - cursor)
        cursor = max(cursor, booking.end_at)
        if cursor >= end:
            return longest
    return max(longest, end - cursor)


def slot_still_open(slot: OpenSlot, book: Sequence[Appointment]) -> tuple[OpenSlot, Appointment | None]:
    """``slot`` as it is still open in the day's ``book`` read now: without the therapists booked over their freed hour since
    the cancellation (a caller booked into it in Mangomint; the poll's rule for a live card, ``_takes``), so the card
    and its reasons ("Owen's hour stays open") name only those still free; and when every one is, the booking that
    took the hour (the slot unchanged): there is no opening, and no card. A booking that overlapped the hour before
    the cancellation (a double booking) is the ranking's to weigh, as before; so is an hour left by a move."""
    if not slot.staff_ids:
        return slot, None
    own = next((a for a in book if a.id == slot.appointment_id and not a.is_active), None)
    since = own and ((own.cancellation and own.cancellation.cancelled_at) or own.updated_at)
    if own is None or since is None:
        return slot, None
    # made since the cancellation (its creation; an older booking edited since, or one with no time said, is not: a
    # double booking is the ranking's to weigh), together over the whole freed line but for less than
    # ``SHORTEST_OPENING``: one over part of it leaves the rest for the ranking (the offer's own time is re-checked on
    # Approve and on the YES) (rev32f H1, H2; rev32g M1: two bookings over it, or one five minutes early)
    booked_since = [a for a in book if a.is_active and a.created_at is not None and a.created_at >= since]
    free: set[str] = set()
    taken: Appointment | None = None
    for line in own.services:
        if not line.staff_id:
            continue
        hour = {"staff_id": line.staff_id, "start": line.start_at.isoformat(), "end": line.end_at.isoformat()}
        takers = [a for a in booked_since if _takes(a, hour)]
        if _longest_free(line.start_at, line.end_at, takers) >= SHORTEST_OPENING:
            free.add(line.staff_id)
        elif takers:
            taken = taken or takers[0]
    if not free:
        return slot, taken
    return replace(slot, staff_ids=tuple(s for s in slot.staff_ids if s in free)), None


@dataclass(frozen=True)
class _Drawn:
    """What a fill card for an opening offers, before anything is drafted or stored: its ranking (without the guests
    refused a text for this opening, nor those with no mobile number), the guests to text (``candidates``), those it
    names without a text (``flagged``: repeat cancellers, guests waiting for a two-therapist service, guests with no
    mobile number to call), and why nobody can be offered it by text when nobody can (``nobody``)."""

    ranking: Ranking
    clients: Mapping[str, Client]
    to_call: list[Candidate]
    candidates: list[dict[str, Any]]
    flagged: list[dict[str, Any]]
    nobody: str | None


async def _draw(
    copilot: Copilot, slot: OpenSlot, catalog: Catalog, book: Sequence[Appointment]
) -> _Drawn:
    ranking, clients = await _rank(copilot, slot, catalog, book)
    ranking = _without_refused(copilot, slot, ranking)
    ranking, to_call = without_no_mobile(ranking, clients)
    offerable = ranking.offerable[:MAX_CANDIDATES]
    candidates = _named([_candidate_json(c, catalog) for c in offerable], clients)
    flagged = [
        _candidate_json(c, catalog)
        # named as the waitlist list names them (first name and last initial): two flagged Avas can be told apart
        | {"flag_reason": c.flag_reason, "short_name": clients[c.client_id].short_name if c.client_id in clients else None}
        for c in ranking.flagged
    ]
    if candidates:  # the card offers others: guests waiting for a two-therapist service are named with the flagged,
        # and so are the guests to call (no mobile number)
        flagged += [_by_hand_json(guest, clients) for guest in ranking.by_hand]
        flagged += [_to_call_json(guest, catalog, clients) for guest in to_call]
    nobody = None if candidates else _nobody_reason(ranking.by_hand, clients, ranking.excluded, to_call=to_call)
    return _Drawn(ranking, clients, to_call, candidates, flagged, nobody)


def _nothing_new(existing: Mapping[str, Any], drawn: _Drawn) -> bool:
    """Whether ``existing`` is a card posted with nobody to offer its opening to by text that a card drawn now
    (``drawn``) would repeat word for word: still nobody, for the same reasons, naming the same guests. ``/spa fill``
    typed again then links to it rather than posting its double (a colleague checking, a double send); a waitlist
    changed since (someone fits now, or another guest waits) gets a fresh card."""
    return (
        existing.get("kind", "fill") == "fill" and existing["status"] == ProposalState.expired.value
        and not existing["candidates"] and not drawn.candidates and bool(existing.get("ts"))
        and (existing.get("reason") or "") == drawn.nobody and list(existing.get("flagged") or []) == drawn.flagged
    )


async def _prepare_and_post(
    copilot: Copilot,
    proposal_id: str,
    slot: OpenSlot,
    location: Location,
    catalog: Catalog,
    opening: dict[str, Any],
    book: Sequence[Appointment],
    *,
    by: str,
    drawn: _Drawn | None = None,
) -> FillResult:
    store = copilot.store
    drawn = drawn or await _draw(copilot, slot, catalog, book)
    ranking, clients, candidates, flagged = drawn.ranking, drawn.clients, drawn.candidates, drawn.flagged
    read_only = copilot.settings.spa_mode == Mode.read_only
    draft, engine = (None, None)
    too_soon = _too_soon_reason(copilot, slot) if candidates else None
    if candidates and too_soon is None:
        first = ranking.offerable[0]  # the guest of ``candidates[0]``
        draft, engine = await _draft_invitation(copilot, proposal_id, candidates[0], slot, clients[first.client_id])
        status = INFO if read_only else PENDING
        reason = None
    elif candidates:  # no Approve could send a text in time: the card is the ranked list to call, nothing drafted
        status, reason = ProposalState.expired.value, too_soon
    else:
        status, reason = ProposalState.expired.value, drawn.nobody
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
            "toCall": [guest.entry_id for guest in drawn.to_call],
            "excluded": ranking.excluded,
            "draft": draft,
            "readOnly": read_only,
        } | ({"tooSoonForAText": True} if too_soon else {}) | (
            {"movedTo": opening["moved_to"]} if opening.get("moved_to") else {}),
    )
    channel = _channel_words(copilot.settings.spa_front_desk_channel)
    posted = await _post_card(copilot, proposal_id) or bool((store.fill_proposal(proposal_id) or {}).get("ts"))
    if not posted:  # ``expire_offers`` posts it later (and if it just did, the card is up: said so above)
        return FillResult(True, f"The proposal is ready, but Slack did not take its card; it will appear in {channel} "
                          "within a minute or two.", proposal_id)
    if too_soon:
        return FillResult(True, f"Posted the opening in {channel}: it starts too soon for a text; the card lists "
                          f"{plural(len(candidates), 'guest')} to call.", proposal_id)
    if not candidates and drawn.to_call:
        return FillResult(True, f"Posted the opening in {channel}: nobody can be offered it by text; the card names "
                          f"{plural(len(drawn.to_call), 'guest')} with no phone number on file, to reach by hand.", proposal_id)
    if not candidates and ranking.by_hand:
        return FillResult(True, f"Posted the opening in {channel}: nobody can be offered it by text; the card names "
                          "the guests waiting for a two-therapist service, to book in Mangomint.", proposal_id)
    if not candidates:
        # why, in the answer too (as the card says it: counted, no guest named), so the desk need not open the card
        return FillResult(True, f"Posted the opening in {channel}: nobody on the waitlist can take it"
                          f"{_why_nobody(ranking.excluded)}.", proposal_id)
    return FillResult(True, f"Posted a fill proposal in {channel} with {plural(len(candidates), 'candidate')}.",
                      proposal_id)


def _channel_words(channel: str) -> str:
    """The front-desk channel as ``/spa fill``'s answer names it: ``#front-desk`` as set, or "the front-desk channel"
    for a channel set by its id (``C0123ABCD``), which a person cannot read (the answer is plain text: no link)."""
    return "the front-desk channel" if CHANNEL_ID.fullmatch(channel) else channel


#: Why a guest is left off a fresh card for an opening whose text to them the spa system refused (``refused_key``).
REFUSED_HERE = "the spa system refused a text to them for this opening"


def _without_refused(copilot: Copilot, slot: OpenSlot, ranking: Ranking) -> Ranking:
    """``ranking`` without the guests the spa system refused a text to for this same opening (no mobile number, a
    carrier opt-out: ``outbox._refused_for_guest``), so a ``/spa fill`` again does not rank them first and meet the
    same refusal; the audit keeps why (``excluded``)."""
    refused = {c.client_id for c in ranking.candidates
               if copilot.store.event_seen(refused_key(slot.appointment_id, c.client_id))}
    if not refused:
        return ranking
    left_off = {c.entry_id: REFUSED_HERE for c in ranking.candidates if c.client_id in refused}
    return replace(ranking, candidates=[c for c in ranking.candidates if c.client_id not in refused],
                   excluded={**ranking.excluded, **left_off})


def _nobody_reason(
    by_hand: Sequence[ByHand], clients: Mapping[str, Client], excluded: Mapping[str, str] | None = None, *,
    to_call: Sequence[Candidate] = (),
) -> str:
    """Why the card has nobody to offer the slot to: ``nobody on the waitlist can take this slot`` and, when guests
    wait at the slot's location, why each could not (``excluded``: the ranking's reason by entry, ``_why_nobody``),
    so a front desk that sees them in ``/spa waitlist`` knows why none was offered it. Guests it fits but whose
    service needs two therapists (the
    booking contract takes one) are named for the front desk to book in the spa system, by first name, last initial
    and waitlist entry id: ``by text: 2 guests wait for Couples Massage 60, which needs two therapists (the copilot
    cannot book it): book Ana R. (wl_004) and Ben S. (wl_009) in Mangomint.`` (the card reads "Nothing to offer by
    text: …"; the service is the guests', which may not be the opening's: a four-hands opening may suit a couple).
    Guests it fits who have no mobile number on file (``to_call``, best first), the contract's only number, are named
    to reach by hand, by first name, last initial and waitlist entry id (the service left unsaid, as ``_why_nobody``
    leaves it): ``by text: Miles K. (wl_0012) has no phone number on file: email them to offer it.``"""
    call = _to_call_sentence(to_call, clients)
    if not by_hand:
        return f"{blocks.BY_TEXT}{call}" if call else NOBODY_REASON + _why_nobody(excluded or {})
    services = list(dict.fromkeys(b.service_name for b in by_hand))
    named = _some_named(by_hand, clients, lambda guest: [
        guest.entry_id, *([guest.service_name] if len(services) > 1 else []), *([guest.flag_reason] if guest.flag_reason else [])
    ])
    one = len(services) == 1
    guests = f"{len(by_hand)} guest{'s' if len(by_hand) != 1 else ''} {'waits' if len(by_hand) == 1 else 'wait'}"
    return (f"{blocks.BY_TEXT}{guests} for {spoken_list(services)}, which {'needs' if one else 'need'} two therapists (the "
            f"copilot cannot book {'it' if one else 'them'}): book {spoken_list(named)} in Mangomint."
            + (f" {call[:1].upper()}{call[1:]}" if call else ""))


def _to_call_sentence(to_call: Sequence[Candidate], clients: Mapping[str, Client]) -> str:
    """``Miles K. (wl_0012) has no phone number on file: email them to offer it.`` (``_reach``) for a card with
    nobody to text (``_nobody_reason``); "" with nobody to reach by hand."""
    if not to_call:
        return ""
    has = "has" if len(to_call) == 1 else "have"
    named = _some_named(to_call, clients, lambda guest: [guest.entry_id])
    return f"{spoken_list(named)} {has} no phone number on file: {_reach(to_call=to_call, clients=clients)} to offer it."


def _reach(*, to_call: Sequence[Candidate], clients: Mapping[str, Client]) -> str:
    """How the desk reaches guests with no phone number on file (the contract gives a client ``mobilePhone`` and
    ``email``, no other number): "email them" when each has an email on file, else "reach them another way"."""
    if all((client := clients.get(guest.client_id)) is not None and (client.email or "").strip() for guest in to_call):
        return "email them"
    return "reach them another way"


def _some_named(
    guests: Sequence[ByHand | Candidate], clients: Mapping[str, Client], details: Callable[[Any], list[str]]
) -> list[str]:
    """The first ``BY_HAND_NAMED`` guests a card's reason names, each by first name and last initial with its
    ``details`` in brackets ("Ana R. (wl_004)"; "a guest" whose record is not read), and "N more" for the rest."""
    named = [f"{clients[g.client_id].short_name if g.client_id in clients else 'a guest'} ({', '.join(details(g))})"
             for g in guests[:BY_HAND_NAMED]]
    if len(guests) > len(named):
        named.append(f"{len(guests) - len(named)} more")
    return named


#: An entry the ranking leaves out that ``/spa waitlist`` does not list as waiting here: not counted on the card.
_NOT_WAITING_HERE = ("waiting at another location", "waitlist entry is ")
#: A guest their cautions leave off ("their cautions rule out Aromatherapy Massage 60") is counted without the service:
#: the card is read in the front desk's channel, and one named service beside one waiting guest says their condition.
_CAUTIONS, _ON_THEIR_RECORD = "their cautions rule out", "see their client card"
#: The ranking's reasons that name the service a guest waits for, said without it on the card: with one guest waiting,
#: "no qualified therapist free for Prenatal Massage 60" says she is pregnant.
_SERVICE_NAMED = (
    (re.compile(r"^.+ \(\d+ min\) is longer than the (\d+)-minute slot$"), r"their service is longer than the \1-minute slot"),
    (re.compile(r"^the .+ needed for .+ is in use$"), "the equipment their service needs is in use"),
    (re.compile(r"^(no .+ free) for .+$"), r"\1 for their service"),
    (re.compile(r"^(.+, within the \d+ min) .+ needs$"), r"\1 their service needs"),
)


def _why_nobody(excluded: Mapping[str, str]) -> str:
    """`` (3 waiting here: outside their time window (2); already booked at that time)``: the reasons the guests
    waiting at the slot's location were left out, most common first, each counted when more than one; empty when
    nobody waits there."""
    reasons = Counter(
        _unnamed(reason) for reason in excluded.values() if not reason.startswith(_NOT_WAITING_HERE)
    )
    if not reasons:
        return ""
    counted = "; ".join(f"{reason} ({n})" if n > 1 else reason for reason, n in reasons.most_common())
    return f" ({sum(reasons.values())} waiting here: {counted})"


def _unnamed(reason: str) -> str:
    """The ranking's reason for leaving a guest out, without the service they wait for (``_SERVICE_NAMED``) nor
    their cautions' (``_ON_THEIR_RECORD``)."""
    if reason.startswith(_CAUTIONS):
        return _ON_THEIR_RECORD
    for named, unnamed in _SERVICE_NAMED:
        reason = named.sub(unnamed, reason)
    return reason


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


def _to_call_json(candidate: Candidate, catalog: Catalog, clients: Mapping[str, Client]) -> dict[str, Any]:
    """A guest the opening fits who has no mobile number on file, as the card's "Not offered automatically" list
    names them when it offers the slot to others (``without_no_mobile``): ``👥 Miles K.: no phone number on file, so
    the copilot cannot text them and there is none to call — email them to offer Aromatherapy Massage 60 with Owen
    (wl_0012)``. The contract's only number for a client is ``mobilePhone``: without it the spa system gives none to
    call, so the desk is told to email them (an email on file) or reach them another way, never to call. Never
    drafted a text, nor reached by Next candidate."""
    client = clients.get(candidate.client_id)
    service = catalog.service(candidate.service_id)
    staff = catalog.staff_member(candidate.staff_id)
    offer = (service.name if service else "it") + (f" with {staff.first_name}" if staff else "")
    reason = (f"no phone number on file, so the copilot cannot text them and there is none to call — "
              f"{_reach(to_call=[candidate], clients=clients)} to offer {offer} ({candidate.entry_id})")
    return {"client_id": candidate.client_id, "entry_id": candidate.entry_id,
            "first_name": shown_first_name(candidate.first_name),
            "short_name": client.short_name if client else "A guest", "flag_reason": reason, "by_hand": True,
            "to_call": True}


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
