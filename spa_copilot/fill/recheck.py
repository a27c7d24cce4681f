"""Whether the slot can still be booked for a guest, against the book as it is now (before a text goes
out, and before a YES books): the cancellation undone, the therapist or the guest booked elsewhere (at any
location), the waitlist entry gone, or the slot no longer fitting; why not, as ``SlotGone``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from spa_copilot.copilot import Copilot
from spa_copilot.domain import Appointment, Location, WaitlistEntry, WaitlistStatus
from spa_copilot.engines.cautions import guest_ruled_out
from spa_copilot.engines.fill_ranking import Fit, OpenSlot, fit_entry
from spa_copilot.fill._common import _slot_of
from spa_copilot.platform.errors import PlatformError
from spa_copilot.reads import Catalog, booked_in_snapshot, load_day
from spa_copilot.slack.blocks import BOOKING_BACK_TEXT

CLIENT_BUSY_TEXT = "the guest is booked at another location at that time"
#: The same at the slot's own location: her other appointment then (another therapist's, booked by phone, say),
#: while the offered therapist's hour is still free.
CLIENT_BUSY_HERE_TEXT = "the guest is already booked at that time here, with another therapist (appointment {appointment})"
#: ``fit_entry``'s reason when the slot fits and only the guest is busy then.
_GUEST_BUSY_WHY = "already booked at that time"
#: A guest whose cautions gained one that rules out the service offered since the card was drawn (by service only).
CAUTIONS_TEXT = "their cautions now rule out {service}"
#: How long before the slot a guest's booking may start and still overlap it (a long ritual): only those are read.
GUEST_BOOKING_REACH = timedelta(hours=12)


@dataclass(frozen=True)
class SlotGone:
    """Why a slot can no longer be booked for a candidate: ``code`` for the code to act on, ``why`` for people."""

    code: Literal["booking_back", "entry_gone", "therapist_busy", "client_busy", "no_fit", "cautions"]
    why: str
    #: ``client_busy`` at the slot's own location: her appointment then (``CLIENT_BUSY_HERE_TEXT``)
    appointment_id: str | None = None
    #: ``entry_gone``: what became of the entry, as the thread says it ("was removed", "was moved to Venice", or "left
    #: this location's waitlist" when the spa system could not say which)
    change: str = "was removed"


async def _slot_gone(copilot: Copilot, row: Mapping[str, Any], candidate: Mapping[str, Any]) -> SlotGone | None:
    """Why the slot can no longer be offered to ``candidate`` (the book changed since the card was drawn: the
    cancellation undone, the slot booked by hand), or None. When the spa system cannot be asked its
    ``PlatformError`` is raised: Approve then keeps the approval and marks its text to be re-checked before it goes
    (``RECHECK_FIRST``), a text about to go out after it waited is kept for a later try; never sent unchecked (and
    the YES re-checks before anything is booked)."""
    fit, gone = await _still_fits(copilot, row, candidate, offering=True)
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
    expired, booked otherwise) is gone too, and so is a guest whose own cautions now rule out the service offered
    (her notes, intake or the spa's alerts changed since the card was drawn; the ranking's rule, ``guest_ruled_out``:
    never a text offering it); after the text, the guest's YES to it stands."""
    catalog = await copilot.catalog()
    slot = _slot_of(row)
    location = next(loc for loc in catalog.locations if loc.id == slot.location_id)
    book = await load_day(copilot.platform, location, slot.start.astimezone(slot.tz).date())
    # the opening's own booking active again over its hour (a cancellation undone, a move to the sister location
    # undone); back at another hour, the card's hour is still free (rev31b M1)
    opening = row["opening"]
    if any(a.id == slot.appointment_id and a.is_active
           and _over_the_opening(a.start_at, a.end_at, opening, staff_ids=a.staff_ids, resource_ids=a.resource_ids)
           for a in book):
        return None, SlotGone("booking_back", BOOKING_BACK_TEXT)
    therapist_elsewhere, guest_elsewhere = await asyncio.gather(
        _therapists_booked_elsewhere(copilot, catalog, location, slot, [candidate.get("staff_id") or ""]),
        _guest_booked_elsewhere(copilot, slot, candidate["client_id"]),
    )
    if guest_elsewhere:  # the slot is still open: only this guest cannot take it
        return None, SlotGone("client_busy", CLIENT_BUSY_TEXT)
    book += therapist_elsewhere
    entries = await copilot.platform.list_waitlist(location_id=slot.location_id)
    entry = next((e for e in entries if e.id == candidate["entry_id"]), None)
    gone_entry = entry is None
    if entry is None:
        # deleted in the spa system: the slot is read as for the entry as offered (its service, therapist and day), so
        # "entry_gone" says the slot itself is still free (a slot booked meanwhile is "no_fit", as for any guest)
        local_day = slot.start.astimezone(slot.tz).date()
        entry = WaitlistEntry(
            id=candidate["entry_id"], location_id=slot.location_id, client_id=candidate["client_id"],
            date_from=local_day, date_to=local_day, created_at=slot.start)
    if offering and entry.status in _OFF_THE_LIST:
        return None, SlotGone("entry_gone", _OFF_THE_LIST[entry.status])
    # The entry is "offered" now; fitting looks at dates, services, rooms and therapists only.
    entry = entry.model_copy(update={"service_ids": [candidate["service_id"]], "staff_ids": [candidate["staff_id"]]})
    fit, why = fit_entry(
        slot, _as_waiting(entry), services=catalog.services, staff=catalog.staff, resources=catalog.resources,
        appointments=book, locations=catalog.locations,
    )
    if fit is None and why == _GUEST_BUSY_WHY and (mine := _her_other_booking_here(book, slot, candidate)):
        # the slot still fits, only she is busy then (another therapist's appointment of hers here): the slot stays
        # open to the next guest, as for a guest booked at another location
        return None, SlotGone("client_busy", CLIENT_BUSY_HERE_TEXT.format(appointment=mine.id), mine.id)
    if fit is None:
        return None, SlotGone("no_fit", why or "it no longer fits")
    if gone_entry:
        change = await _entry_change(copilot, catalog, candidate["entry_id"], slot.location_id)
        why = "the waitlist entry is gone" if change == DELETED else f"the waitlist entry {change}"
        return None, SlotGone("entry_gone", why, change=change)
    if offering and (ruled_out := await _ruled_out_now(copilot, catalog, slot, candidate)):
        return None, SlotGone("cautions", CAUTIONS_TEXT.format(service=ruled_out))
    return fit, None


DELETED = "was removed"
#: An entry gone from the slot's location when the spa system could not say where it is now (rev45a L6: "removed"
#: was said of an entry moved to the sister location whenever that read failed).
WHEREABOUTS_UNKNOWN = "left this location's waitlist"


async def _entry_change(copilot: Copilot, catalog: Catalog, entry_id: str, location_id: str) -> str:
    """What became of waitlist entry ``entry_id``, gone from the slot's location, as the thread says it: moved to
    another location ("was moved to Venice"), deleted (``DELETED``), or ``WHEREABOUTS_UNKNOWN`` when the spa system
    could not say (one more read, made only for an entry gone from the slot's location)."""
    try:
        entries = await copilot.platform.list_waitlist()
    except PlatformError:
        return WHEREABOUTS_UNKNOWN
    moved = next((e for e in entries if e.id == entry_id and e.location_id != location_id), None)
    if moved is None:
        return DELETED
    return "was moved to " + next((loc.name for loc in catalog.locations if loc.id == moved.location_id),
                                  "another location")


def _over_the_opening(
    start: datetime, end: datetime, opening: Mapping[str, Any], *, staff_ids: Iterable[str], resource_ids: Iterable[str]
) -> bool:
    """Whether a booking from ``start`` to ``end`` with ``staff_ids`` and ``resource_ids`` takes a card's opening
    (``row["opening"]``): it overlaps its hour, as instants (their offsets may differ), and takes one of its therapists
    (a room's opening, with none: one of its rooms). Back at its hour with another therapist, the one the opening
    freed is still free then, and the card offering her stays open. The one test of "its booking is back over the
    card's hour" (the re-check, the poll, a NO)."""
    if not (start < datetime.fromisoformat(opening["end"]) and datetime.fromisoformat(opening["start"]) < end):
        return False
    if theirs := set(opening.get("staff_ids") or ()):
        return not theirs.isdisjoint(staff_ids)
    if rooms := set(opening.get("resource_ids") or ()):
        return not rooms.isdisjoint(resource_ids)
    return True


async def _ruled_out_now(copilot: Copilot, catalog: Catalog, slot: OpenSlot, candidate: Mapping[str, Any]) -> str | None:
    """The offered service's name when the guest's cautions, read now, rule it out (the service only, never the
    condition: the refusal and any note say which service, as the ranking's audit does); None when they do not."""
    service = catalog.service(candidate["service_id"])
    if service is None or not service.contraindications:
        return None  # nothing to rule out: the guest's record is not read
    client = await copilot.platform.get_client(candidate["client_id"])
    hits = guest_ruled_out([service], client, today=slot.start.astimezone(slot.tz).date())
    return service.name if hits else None


#: A waitlist entry no longer waiting, as the card says why nothing is sent to its guest.
_OFF_THE_LIST = {
    WaitlistStatus.cancelled: "their waitlist entry was removed",
    WaitlistStatus.expired: "their waitlist entry has expired",
    WaitlistStatus.booked: "their waitlist entry is already booked",
}


async def _therapists_booked_elsewhere(
    copilot: Copilot, catalog: Catalog, location: Location, slot: OpenSlot, staff_ids: Iterable[str]
) -> list[Appointment]:
    """The therapists' appointments that day at other locations than ``location`` (the one offered, at Approve; a
    proposal's freed ones), where one may have booked them since: their own location when they visit, and any the
    calendar snapshot has them at (a therapist who floats), each location's day read once."""
    members = [member for sid in dict.fromkeys(staff_ids) if (member := catalog.staff_member(sid)) is not None]
    if not members:
        return []
    ids = {member.id for member in members}
    others = [loc for loc in catalog.locations if loc.id != location.id]
    days = {slot.start.astimezone(loc.tz).date() for loc in others}
    where = set(booked_in_snapshot(copilot.store, others, ids, days)) | {member.location_id for member in members}
    books = await asyncio.gather(
        *(load_day(copilot.platform, loc, slot.start.astimezone(loc.tz).date()) for loc in others if loc.id in where)
    )
    return [a for appointments in books for a in appointments if not ids.isdisjoint(a.staff_ids)]


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


def _her_other_booking_here(
    book: Iterable[Appointment], slot: OpenSlot, candidate: Mapping[str, Any]
) -> Appointment | None:
    """Her own active appointment at the slot's location overlapping it with another therapist than the one offered
    (not the cancelled appointment), or None. One with the offered therapist is the slot booked for her by hand, not
    another appointment of hers: that slot is gone."""
    staff_id = candidate.get("staff_id")
    return next((
        a for a in book
        if a.client_id == candidate["client_id"] and a.is_active and a.id != slot.appointment_id
        and a.location_id == slot.location_id and a.start_at < slot.end and slot.start < a.end_at
        and not (staff_id and staff_id in a.staff_ids)
    ), None)


def _as_waiting(entry: WaitlistEntry) -> WaitlistEntry:
    return entry if entry.status == WaitlistStatus.waiting else entry.model_copy(update={"status": WaitlistStatus.waiting})
