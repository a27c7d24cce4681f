"""``/spa fill`` with no id: the cancelled bookings still to come, each with the command that starts its fill (or the
state of the card it has). Staff see appointment ids almost nowhere (the day book leaves cancelled bookings out),
so this is where the front desk finds the one to fill by hand: a cancellation further ahead than
``FILL_HORIZON_HOURS`` gets no card by itself."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.copilot import Copilot
from spa_copilot.domain import Appointment, AppointmentStatus, day_label
from spa_copilot.fill._common import ENDED
from spa_copilot.reads import Catalog
from spa_copilot.slack import blocks
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.world import default_day

#: How far ahead ``/spa fill`` looks for cancelled bookings.
OPENINGS_DAYS = 14


async def openings_message(copilot: Copilot) -> SlackMessage:
    """The cancelled bookings starting in the next ``OPENINGS_DAYS`` days at the spa's locations, soonest first."""
    now = copilot.now()
    catalog = await copilot.catalog()
    cancelled = await copilot.platform.list_appointments(
        start_from=now, start_to=now + timedelta(days=OPENINGS_DAYS), status=[AppointmentStatus.cancelled]
    )
    several = len(catalog.locations) > 1
    lines = [
        line
        for appointment in sorted(cancelled, key=lambda a: (a.start_at, a.id))
        if appointment.status == AppointmentStatus.cancelled and appointment.start_at > now
        and (line := _line(copilot, catalog, appointment, named=several)) is not None
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


def _line(copilot: Copilot, catalog: Catalog, appointment: Appointment, *, named: bool) -> str | None:
    """``Fri 4 Dec 2:00pm–3:00pm · Swedish Massage 60 with Hana Sato · `/spa fill ap_b0047``` (the location too when the spa
    has several; the card's state instead of the command once it has one, and both once that card has ended without a
    booking: ``/spa fill`` starts a fresh one). No guest is named: the opening is."""
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
    if proposal is None:
        action = command
    elif proposal["status"] in ENDED:  # over without a booking: the command starts a fresh card
        action = f"fill card {proposal['status']}; {command} starts it again"
    else:
        action = f"fill card {proposal['status']}"
    return f"{when}{where} · {services}{with_whom} · {action}"
