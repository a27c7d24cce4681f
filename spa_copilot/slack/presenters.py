"""From domain objects and engine results to the plain view models ``blocks.py`` lays out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from spa_copilot.ai.extraction import alerts_with_cautions
from spa_copilot.ai.guardrails import guest_words_for_staff
from spa_copilot.ai.schemas import GuestProfile, greeting_name, shown_first_name
from spa_copilot.domain import (
    UPCOMING_STATUSES,
    Alert,
    Appointment,
    AppointmentStatus,
    Client,
    Service,
    Staff,
    WaitlistEntry,
    day_label,
    said_clock,
)
from spa_copilot.engines import briefing
from spa_copilot.engines import daybook as engine
from spa_copilot.engines.cautions import RuledOut, booking_ruled_out, read_alerts
from spa_copilot.slack import views_models as views
from spa_copilot.slack.blocks import CAUTION_FLAG


def _book_entry(e: engine.BookEntry) -> views.BookEntry:
    return views.BookEntry(
        appointment_id=e.appointment_id,
        start=e.start,
        end=e.end,
        client_name=e.client_name,
        service_name=", ".join(e.services),
        room=", ".join(e.rooms) or None,
        status=e.status,
        flags=((f"risk {e.risk}",) if e.risk else ()) + tuple(_ruled_out_line(found) for found in e.ruled_out),
        hands_free=e.hands_free,
        clashes=e.clashes,
    )


def _ruled_out_line(found: RuledOut) -> str:
    """What the day book says under a booking the guest's cautions rule out: the briefing's words ("Hot Stone Massage
    90 is contraindicated for this guest: pregnancy"), the condition named, as ``/spa client`` names it to the same
    staff (the day book is ephemeral, or the asker's own App Home), and what the front desk can still do."""
    return f"{CAUTION_FLAG}{found.before_it_starts}"


def day_book_view(book: engine.DayBook, *, scope: str | None = None) -> views.DayBook:
    """The engine's day book as the Slack view shows it.

    Scoped to a therapist (``scope`` is their name), their row keeps where else they are booked; scoped to a
    room, rows show only that room's bookings here. Unassigned bookings are shown in the whole book only."""

    def away(sd: engine.StaffDay) -> tuple[views.AwayDay, ...]:
        if scope is not None and scope != sd.staff.display_name:
            return ()
        return tuple(
            views.AwayDay(trip.location.name, trip.location.time_zone, tuple(_book_entry(e) for e in trip.entries))
            for trip in sd.away
        )

    return views.DayBook(
        day=book.day,
        location_name=book.location.name,
        time_zone=book.location.time_zone,
        scope=scope,
        therapists=tuple(
            views.TherapistDay(
                staff_id=sd.staff.id,
                name=sd.staff.display_name,
                shift=sd.shift_hours,
                entries=tuple(_book_entry(e) for e in sd.entries),
                gaps=tuple(views.BookGap(g.start, g.end) for g in sd.gaps),
                visiting_from=sd.visiting_from.name if sd.visiting_from else None,
                away=away(sd),
                off_staff=sd.off_staff,
            )
            for sd in book.staff_days
        ),
        unassigned=tuple(_book_entry(e) for e in book.unassigned) if scope is None else (),
        unread=tuple(loc.name for loc in book.unread),
        risk_note=book.risk_note,
    )


_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def waitlist_when(entry: WaitlistEntry, *, seen_from: date | None = None) -> str:
    """When a waitlist entry may be booked: ``Fri 27 Nov 2:00pm–6:00pm``, or over several days
    ``Tue 24 Nov–Sat 28 Nov, Tue 2:00pm–6:00pm, Wed 9:00am–12:00pm`` (the windows are the location's local times);
    a day in another year than ``seen_from`` (the location's today) with its year, ``Sat 4 Dec 2027``."""

    if entry.date_from == entry.date_to:
        windows = [f"{said_clock(w.start)}–{said_clock(w.end)}" for w in entry.time_windows if w.weekday == entry.date_from.weekday()]
        return f"{day_label(entry.date_from, seen_from=seen_from)} {', '.join(windows) or 'any time'}"
    windows = [f"{_WEEKDAY_NAMES[w.weekday]} {said_clock(w.start)}–{said_clock(w.end)}" for w in entry.time_windows]
    return (f"{day_label(entry.date_from, seen_from=seen_from)}–{day_label(entry.date_to, seen_from=seen_from)}, "
            f"{', '.join(windows) or 'any time'}")


def first_wanted(entry: WaitlistEntry, *, today: date) -> tuple[date, str]:
    """The first day a waitlist entry still asks for (from ``today``, the location's, on; its first day when all its
    days are past) and the start of that day's earliest window ("" when any time will do, the day's start)."""
    start = entry.date_from if entry.date_to < today else max(entry.date_from, today)
    if not entry.time_windows:
        return start, ""
    for offset in range(min(7, (entry.date_to - start).days + 1)):
        day = start + timedelta(days=offset)
        starts = [w.start for w in entry.time_windows if w.weekday == day.weekday()]
        if starts:
            return day, min(starts)
    return start, ""  # no window falls on its days: it asks for nothing sooner than its first day


#: A client with neither a first nor a last name, as their card and the list of matches name them (with the id).
NO_NAME = "(no name)"


def card_name(client: Client) -> str:
    """A client's full name as their card (and the list of matches) heads it: the first-name field whole when every
    word of it is a name ("Mary Kate"), else only the name in it (``shown_first_name``: "Jen" from "Jen (cell
    415-555-0101) DO NOT BOOK"; a field with no name in it is masked like a guest's words, "[email]"), then the last
    name with any phone or email in it masked; ``(no name) · <id>`` when both are empty. Never contact details typed
    into the name: this is also the card's notification text."""
    words = client.first_name.split()
    if all(greeting_name(word) == word for word in words):
        first = " ".join(words)
    else:
        first = shown_first_name(client.first_name)
    last = guest_words_for_staff(client.last_name, limit=60) if client.last_name.strip() else ""
    return f"{first} {last}".strip() or f"{NO_NAME} · {client.id}"


#: The statuses of a booking not yet started (checked in: the guest is here, the service not begun), as the day book
#: checks its bookings for what the guest's cautions rule out (``reads.ruled_out_of``).
_NOT_STARTED = frozenset({*UPCOMING_STATUSES, AppointmentStatus.checked_in})


def _next_visit_cautions(
    booking: Appointment, client: Client, services: Mapping[str, Service], zones: Mapping[str, str]
) -> tuple[str, ...]:
    """What the guest's cautions rule out of their next booking, in the day book's words ("Hot Stone Massage 90 is
    contraindicated for this guest: pregnancy. Check with the guest before it starts."); none once it has started or
    will not happen."""
    if booking.status not in _NOT_STARTED:
        return ()
    day = booking.start_at.astimezone(ZoneInfo(zones.get(booking.location_id, "UTC"))).date()
    return tuple(found.before_it_starts for found in booking_ruled_out(booking, client, services, today=day))


_SEVERITY_ORDER = {"critical": 0, "warning": 1}


def _card_alerts(
    alerts: Sequence[Alert], lines: Sequence[str], read: Sequence[GuestProfile], ruled: Sequence[str]
) -> tuple[Alert, ...]:
    """The card's alerts, safety first: what the guest's cautions rule out of their next booking ("Hot Stone Massage
    75 is contraindicated for this guest: pregnancy. Check with the guest before it starts.", as the day book says
    it), then the spa's alerts a therapist is told as cautions (``briefing.alert_is_caution``: an allergy, a
    condition, care), critical first, then the rest ("Card declined last visit, take a new card on arrival": the
    front desk's, after what could harm the guest). Each alert in ``lines``' words (with the handling note of the
    allergy it names)."""
    shown = [Alert(text=line, severity=alert.severity) for alert, line in zip(alerts, lines, strict=True)]
    order = sorted(
        range(len(shown)),
        key=lambda i: (not briefing.alert_is_caution(alerts[i], read[i]), _SEVERITY_ORDER.get(alerts[i].severity, 2)),
    )
    return (*(Alert(text=line, severity="critical") for line in ruled), *(shown[i] for i in order))


def _recorded_visit(found: views.Visit | None, recorded: date | None, *, today: date | None) -> views.Visit | None:
    """The card's last visit: the newest completed one the spa system lists for the client, or the day it records as
    her last visit (``lastVisitDate``) when that is newer and before ``today`` (a visit from before the spa moved
    to Mangomint): that day alone (no service), where "first visit" had been said of a returning guest. Not today's
    date, as the briefing reads it: a spa system setting it at check-in would make a first visit "today" (rev45b)."""
    on_day = today or date.max  # with no day given, any recorded date is before it
    if recorded is None or not briefing.recorded_visit_is_newer(found and found.day, recorded, on_day=on_day):
        return found
    return views.Visit(day=recorded, service_name="")


def client_card_view(
    client: Client,
    *,
    visits: Iterable[Appointment] = (),
    next_booking: Appointment | None = None,
    services: Mapping[str, Service] | None = None,
    staff: Mapping[str, Staff] | None = None,
    zones: Mapping[str, str] | None = None,
    location_names: Mapping[str, str] | None = None,
    risk: views.RiskView | None = None,
    profile: GuestProfile | None = None,
    text_stopped_on: date | None = None,
    text_stopped_by_staff: bool = False,
    today: date | None = None,
) -> views.ClientCard:
    """A client card from the client record, their past appointments (``visits``) and the first booking still to
    come (``next_booking``, which ``risk`` is about). "Last visit" is the newest completed visit, not a no-show or a
    cancellation; each day and time is the location's own (``zones``: location id → IANA zone). Preferences,
    allergies and conditions are those a therapist's briefing gives (``engines.briefing``): the custom fields, the
    intake form and the ``profile`` drawn from the notes, each once. A day in another year than ``today`` carries its
    year ("Last visit: Thu 23 Oct 2025").

    In a spa of several locations (``location_names``: location id → name) the next visit names its location, its
    time labelled with its zone when the locations' clocks differ then (``zones``' values; ``blocks`` decides). Under
    it, what the guest's cautions rule out of it (``cautions.booking_ruled_out``, the day book's and the briefing's
    rule: the notes read by the offline lexicon, never a model, the intake, the spa's alerts, the booking's note, read
    on the booking's day at its location), for a booking not yet started (the caller passes one still to come)."""
    services = services or {}
    staff = staff or {}
    zones = zones or {}
    names = location_names or {}

    def visit(appointment: Appointment) -> views.Visit:
        line = appointment.services[0] if appointment.services else None
        service_name = (line.service_name or (services[line.service_id].name if line.service_id in services else line.service_id)) if line else "—"
        member = staff.get(line.staff_id) if line and line.staff_id else None
        zone = zones.get(appointment.location_id, "UTC")
        return views.Visit(
            day=appointment.start_at.astimezone(ZoneInfo(zone)).date(),
            service_name=service_name,
            staff_name=member.first_name if member else None,
            status=str(appointment.status),
            start=appointment.start_at,
            time_zone=zone,
        )

    past = [visit(a) for a in sorted(visits, key=lambda a: a.start_at, reverse=True)]
    profile = profile or GuestProfile()
    # the spa's alerts read as the briefing reads them: an allergy one names is said once, in its words, with the
    # handling note (``alerts_with_cautions``), and counts for the scent line's caution
    read = read_alerts(client.alerts, today=today) if today is not None else [GuestProfile() for _ in client.alerts]
    said = GuestProfile(
        allergies=[item for found in read for item in found.allergies],
        contraindications=[item for found in read for item in found.contraindications],
    )
    safety = list(dict.fromkeys([*briefing.safety_names(client, profile), *briefing.safety_names(client, said)]))
    alert_lines, own = alerts_with_cautions([alert.text for alert in client.alerts], safety, today=today, read=read,
                                            severe=briefing.severe_allergies(client, profile))
    ruled = _next_visit_cautions(next_booking, client, services, zones) if next_booking else ()
    return views.ClientCard(
        client_id=client.id,
        name=card_name(client),
        preferences=tuple(briefing.preferences(client, profile, safety=safety)),
        allergies=tuple(briefing.allergies(client, profile, also=said, names=own)),
        allergies_in_alerts=len(own) < len(safety),  # an alert stands for some of them
        nothing_on_file=briefing.nothing_on_file(client, profile),
        notes_on_file=bool(client.notes.strip()),
        notes_in_part=briefing.notes_read_in_part(client.notes),
        alerts=_card_alerts(client.alerts, alert_lines, read, ruled),
        consent=client.messaging_preferences,
        text_stopped_on=text_stopped_on,
        text_stopped_by_staff=text_stopped_by_staff,
        last_visits=tuple(past[:5]),
        last_visit=_recorded_visit(next((v for v in past if v.status == AppointmentStatus.completed), None),
                                   client.last_visit_date, today=today),
        next_visit=visit(next_booking) if next_booking else None,
        next_visit_location=names.get(next_booking.location_id) if next_booking and len(names) > 1 else None,
        location_zones=tuple(dict.fromkeys(zones.values())),
        tags=tuple(client.tags),
        notes=client.notes,
        risk=risk,
        today=today,
    )
