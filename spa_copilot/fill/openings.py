"""``/spa fill`` with no id: the cancelled bookings still to come, each with the command that starts its fill (or the
state of the card it has). Staff see appointment ids almost nowhere (the day book leaves cancelled bookings out),
so this is where the front desk finds the one to fill by hand: a cancellation further ahead than
``FILL_HORIZON_HOURS`` gets no card by itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from spa_copilot.copilot import Copilot
from spa_copilot.domain import ACTIVE_STATUSES, Appointment, AppointmentStatus, Location, day_label
from spa_copilot.fill._common import ENDED, logger
from spa_copilot.platform.errors import PlatformError
from spa_copilot.reads import Catalog, days_around
from spa_copilot.slack import blocks
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.world import default_day

#: How far ahead ``/spa fill`` looks for cancelled bookings.
OPENINGS_DAYS = 14


async def openings_message(copilot: Copilot) -> SlackMessage:
    """The cancelled bookings starting in the next ``OPENINGS_DAYS`` days at the spa's locations, soonest first,
    but those whose hour is booked again (``_booked_again``): ``/spa fill <id>`` would refuse them (all listed when
    the active bookings cannot be read just then)."""
    now = copilot.now()
    catalog = await copilot.catalog()
    until = now + timedelta(days=OPENINGS_DAYS)
    cancelled = [
        a
        for a in await copilot.platform.list_appointments(
            start_from=now, start_to=until, status=[AppointmentStatus.cancelled]
        )
        if a.status == AppointmentStatus.cancelled and a.start_at > now
    ]
    booked = await _booked_over(copilot, catalog, cancelled)
    several = len(catalog.locations) > 1
    lines = [
        line
        for appointment in sorted(cancelled, key=lambda a: (a.start_at, a.id))
        if (line := _line(copilot, catalog, appointment, named=several, booked=booked)) is not None
    ]
    hours = f"{copilot.settings.fill_horizon_hours:g}"
    return blocks.list_message(
        f"Cancelled in the next {OPENINGS_DAYS} days",
        lines,
        # not "a cancellation in the next 48 hours gets its card by itself": one already in the book when the copilot
        # first looked (install day), or made further ahead, never does, and is listed here with its command
        footer=f"A booking cancelled within {hours} hours of its start while the copilot is running gets its fill "
               "card by itself; one listed here with its /spa fill <id> has no card: that command starts one.",
        empty=f"No cancelled booking in the next {OPENINGS_DAYS} days.",
    )


async def _booked_over(copilot: Copilot, catalog: Catalog, cancelled: Sequence[Appointment]) -> list[Appointment]:
    """The active bookings that may lie over the ``cancelled`` ones' hours, at any location (a freed therapist booked
    at the sister location too): those starting on each one's day or the day either side (``_days_read``), as ``/spa
    fill <id>`` reads its day, not the whole fortnight's book; none when nothing was cancelled."""
    stretches = _days_read(catalog, cancelled)
    if not stretches:
        return []
    active: list[Appointment] = []
    try:
        for start, end in stretches:  # one stretch mostly: the cancellations of the next days together
            active += await copilot.platform.list_appointments(
                start_from=start, start_to=end, status=sorted(ACTIVE_STATUSES)
            )
    except PlatformError as exc:  # the list as it was without this read: `/spa fill <id>` still says "booked again"
        logger.warning("fill openings: active bookings not read (%s); listed unfiltered", type(exc).__name__)
        return []
    return [a for a in active if a.is_active]


def _days_read(catalog: Catalog, cancelled: Sequence[Appointment]) -> list[tuple[datetime, datetime]]:
    """The stretches of time whose bookings could take the ``cancelled`` ones' hours: each one's day with the day
    before and after in its location's zone (``days_around``: a booking begun the evening before may run into the
    hour; a gateway may list a booking a day off its services), those that meet or overlap joined, so each stretch is
    one read. A cancellation at a location the catalogue does not know is never listed, so not read for."""
    spans = sorted(
        days_around(location, [appointment.start_at.astimezone(location.tz).date()])
        for appointment in cancelled
        if (location := catalog.location(appointment.location_id)) is not None
    )
    joined: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _booked_again(appointment: Appointment, location: Location, booked: Sequence[Appointment]) -> bool:
    """Whether the cancelled ``appointment``'s hour has been booked again since (the same guest back at the same
    time, a caller booked into it): ``/spa fill <id>``'s own rule (``proposing.slot_still_open``) says there is no opening."""
    from spa_copilot.fill.proposing import (  # it imports this module: at call time
        slot_from_appointment,
        slot_still_open,
    )

    _, taken = slot_still_open(slot_from_appointment(appointment, location), [appointment, *booked])
    return taken is not None


def _line(
    copilot: Copilot, catalog: Catalog, appointment: Appointment, *, named: bool, booked: Sequence[Appointment]
) -> str | None:
    """``Fri 4 Dec 2:00pm–3:00pm · Swedish Massage 60 with Hana Sato · `/spa fill ap_b0047``` (the location too when the spa
    has several; the card's state instead of the command once it has one, and both once that card has ended without a
    booking: ``/spa fill`` starts a fresh one). No guest is named: the opening is. None for one that would show the
    command when its hour is booked again (``booked``: the active bookings around it): the command would refuse it."""
    location = catalog.location(appointment.location_id)
    if location is None:
        return None
    seen_from = default_day(copilot.settings, location, now=copilot.now())
    day = appointment.start_at.astimezone(location.tz).date()
    when = f"{day_label(day, seen_from=seen_from)} {blocks.clock_range(appointment.start_at, appointment.end_at, location.time_zone)}"
    services = " + ".join(
        dict.fromkeys(s.name if (s := catalog.service(line.service_id)) else "a service" for line in appointment.services)
    )
    staff = [m.display_name for line in appointment.services if line.staff_id and (m := catalog.staff_member(line.staff_id))]
    with_whom = f" with {', '.join(dict.fromkeys(staff))}" if staff else ""
    where = f" at {location.name}" if named else ""
    proposal = copilot.store.fill_proposal_claimed(appointment.id)  # its cancellation's, not a move's (opening_claim)
    command = f"`/spa fill {appointment.id}`"
    if (proposal is None or proposal["status"] in ENDED) and _booked_again(appointment, location, booked):
        return None
    if proposal is None:
        action = command
    elif proposal["status"] in ENDED:  # over without a booking: the command starts a fresh card
        action = f"fill card {proposal['status']}; {command} starts it again"
    else:
        action = f"fill card {proposal['status']}"
    return f"{when}{where} · {services}{with_whom} · {action}"
