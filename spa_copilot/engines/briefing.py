"""Therapist briefings: who is coming, what they like, and what to watch out for. Pure: no I/O, no clock.

The service (``spa_copilot.briefings``) reads the day's book, the clients, their past visits, the AI profile
extracted from their notes and (when a model exists) the no-show risk, and hands them to these functions,
which decide what a therapist is told: each guest's time, services and room; preferences (pressure,
temperature, music, scent, focus); allergies and sensitivities with their handling notes; the booked
service's contraindications this guest hits; the client's alerts; the booking's own note; the last visit and what
was done; whether the guest is new; the risk band; and a one-line summary written by the AI layer, with who wrote it
(``SummarySource``: a model, or the offline engine, and then whether because the model did not answer), so the
briefing's footer claims AI only for what a model drafted. The conflict engine's findings in the day's book are passed
in too (data, as found by the front desk's alerts' rules): a guest whose booking is double-booked on the therapist,
needs a skill or certification they lack, runs outside their shift or has its room taken twice gets one line saying so
(``conflict_line``), beside, not among, the guest's cautions.

The client's alerts keep the spa's severity: a critical or warning one is a caution (critical first); an info one
("Prefers a female therapist", "Likes the room warm") is a note, neither a caution nor counted as one, unless it is
about safety (``alert_is_caution``: an allergy or condition it names, or words of allergy, health or care), which is
never downgraded. A warning about payment only ("Card declined last visit, take a new card on arrival") is the front
desk's business: a note for the therapist, as an info one is.

The spa's alerts and the booking's note are read for allergies and conditions too (the offline lexicon, as the
notes are): "PREGNANT 24 wks" on a hot stone booking says the service is contraindicated, with the handling note.
Text quoted from the spa's records (alerts, the booking note, a note quoted where it says two things) has what
``guardrails.scrub_pii`` masks masked ("call [phone]", "Visa [card]", the guest's surname): Slack is not where the
spa's records are kept.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.extraction import (
    alerts_with_cautions,
    caution_site,
    extract_profile_offline,
    intake_safety,
    names_a_place,
    settle_unnamed_allergy,
)
from spa_copilot.ai.guardrails import guest_words_for_staff
from spa_copilot.ai.schemas import GuestProfile, private_words, shown_first_name
from spa_copilot.ai.vocabulary import (
    ALLERGY_CONTRAINDICATIONS,
    CAUTIONS,
    SITED_CAUTIONS,
    SKIN_CAUTIONS,
    UNNAMED_ALLERGY,
    catalogue_words,
    caution_line,
    disagreeing,
    spoken,
    with_article,
)
from spa_copilot.domain import (
    NEW_CLIENT_REASON,
    UPCOMING_STATUSES,
    Alert,
    Appointment,
    AppointmentStatus,
    Client,
    Location,
    Resource,
    Service,
    ServiceLine,
    Staff,
    StaffRole,
    credential_word,
    day_label,
    first_names_shared,
    ordinal,
    plural,
    risk_said,
    shown_clock,
    wall_clock,
)
from spa_copilot.engines.cautions import (
    ALERT,
    RuledOut,
    areas_kept_off,
    modalities_kept_off,
    not_said_already,
    pressure_kept_off,
    read_alerts,
    records_profile,
    ruled_out,
)
from spa_copilot.engines.conflicts import Conflict, ConflictKind, couples_partners
from spa_copilot.engines.daybook import hands_free, shown_as_rooms, unlisted_room
from spa_copilot.store.db import SnapshotRow

#: What a therapist is told about a guest whose client record the platform could not find.
UNKNOWN_GUEST_NAME = "Guest"
UNKNOWN_GUEST_CAUTION = (
    "Guest details unavailable: the spa system did not give this client's record. "
    "Check allergies and health history at the front desk before starting."
)
#: What a therapist is told of a guest the spa holds nothing on (no alerts, intake answers, preferences, notes giving
#: an allergy, condition or preference, nor a booking note naming one; ``nothing_on_file``): silence read as "nothing
#: to watch out for", as the client card's "none recorded" did.
NOTHING_ON_FILE = "No health details on file — ask about allergies, pregnancy and medications before starting."
#: The same for a guest whose notes the reader found no health detail in: notes it cannot read (French, German,
#: Chinese: it reads English and some Spanish) may hold one, so the therapist is sent to them, not told there is none
#: (probe42c: "Allergique au latex. Enceinte de 5 mois." was briefed as "No health details on file").
NOTHING_READ_IN_NOTES = (
    "No health details read in the notes — read them in Mangomint, and ask about allergies, pregnancy and medications "
    "before starting."
)
#: The line for a guest whose notes speak of an allergy in a language the reader reads only in part (Spanish: "Alergia
#: al látex y a las nueces" reads latex alone; French, Italian, German), though something was read: whatever was read
#: is said, and the therapist is sent to the notes for the rest (``notes_read_in_part``). Two tries at reading such
#: sentences whole were taken back (s44, s45) when reviews found partial reads dropping an allergy or adding a false one.
NOTES_READ_IN_PART = (
    "The notes speak of allergies in another language, which the copilot reads only in part — read them in Mangomint "
    "before starting."
)
#: An allergy word of a language the reader reads in part: Spanish (alergia, alérgico/a), Portuguese, French
#: (allergie, allergique), Italian (allergia, allergico/a), German (Allergie, allergisch); never English's own.
_OTHER_LANGUAGE_ALLERGY = re.compile(
    r"(?<![^\W\d_])(?:alergi[ao]s?|al[eé]rgic[oa]s?|allergia|allergiques?|allergisch\w*|allergic[oa]|allergic[ih]e)"
    r"(?![^\W\d_])"
    # German joins its words: "Nussallergie", "Latexallergie", "Pollenallergiker" (rev45i)
    r"|[^\W\d_]*allergi(?:e|en|ker\w*)(?![^\W\d_])",
    re.IGNORECASE,
)


def notes_read_in_part(*notes: str) -> bool:
    """Whether a guest's notes (or her booking's) speak of an allergy in a language the reader reads only in part
    (``_OTHER_LANGUAGE_ALLERGY``): then ``NOTES_READ_IN_PART`` stands beside whatever was read. Read wide on purpose (a
    relative's allergy, "sin alergias", the misspelt "allergie" too): the line only sends the therapist to the notes;
    read in NFC ("Ale\u0301rgica", an accent stored apart, is "Alérgica"). Pure."""
    return any(_OTHER_LANGUAGE_ALLERGY.search(unicodedata.normalize("NFC", text)) for text in notes if text)


#: What both therapists of a couples booking are told first: the booking holds one client (the contract has one per
#: appointment), whose record everything else about the guest is; the partner has none, and which therapist has whom
#: is not said by the booking, so neither is told the booking client is theirs. Short enough for a glance; the name
#: once, the partner as "the partner" (the contract has no gender field for a pronoun).
COUPLES_CAUTION = (
    "Couples: these details are {name}'s; the partner has no record — "
    "ask at check-in who is yours, and ask the partner about allergies and health."
)
#: What each therapist of a couples booking made as two appointments (one guest each, ``couples_pairs``) is told
#: first instead: their guest is the one on their booking, and whose the other guest is. Each caution below it says
#: whose it is; the partner's are there too (one suite, and guests may swap tables).
COUPLES_PAIRED_CAUTION = "Couples: {name} is your guest; {partner} is {whose}, on their own booking."
#: ... and when the partner's booking names a client the spa system could not find.
COUPLES_PARTNER_UNKNOWN = (
    "Couples: {name} is your guest; the partner is {whose}, whose record the spa system could not find — "
    "ask the partner about allergies and health."
)
#: "two"/"2" (or "one"/"1") followed by an hour or minute word is a duration, not guests: "for 2 hours", "for 2.5
#: hours", "for two-hour", "for one and a half hours", "for 2h30".
_NOT_A_DURATION = r"\b(?![\s-]*(?:(?:[.,]\d+|½|and\s+a\s+half)[\s-]*)?(?:hours?|hrs?|minutes?|mins?|h)(?:\b|(?=\d)))"
#: Words saying a service is for two guests, whatever else it says (four hands: a couples massage given four-handed):
#: couples, side-by-side, for two (not "for 2 hours"), two guests or people (``is_couples``).
_TWO_GUESTS = re.compile(
    r"\b(?:couple(?:s|['’]s)?|side[\s-]*by[\s-]*side|for\s+(?:two|2)" + _NOT_A_DURATION + r"|(?:two|2)\s+(?:guests|people|persons))\b",
    re.IGNORECASE,
)
#: Words saying it, unless the name says one guest too: a duo retreat, a partner(s) massage.
_MAYBE_TWO = re.compile(r"\b(?:duo|partners?)\b", re.IGNORECASE)
#: Words saying one guest: four hands (two therapists on one guest), for one (not "for one hour"; not "2 for 1"), one
#: guest or person.
_ONE_GUEST = re.compile(
    r"\b(?:(?:four|4)[\s-]*hand(?:s|ed)?|(?<!\btwo[\s-])(?<!\b2[\s-])for\s+(?:one|1)" + _NOT_A_DURATION
    + r"|(?:one|1|single)\s+(?:guest|person)s?)\b",
    re.IGNORECASE,
)
#: The room type of a suite for two guests (the contract's ``Resource.roomType``).
COUPLES_SUITE = "couplesSuite"

#: Who gets a briefing.
BRIEFED_ROLES = frozenset({StaffRole.therapist, StaffRole.esthetician})

#: ``customFields`` keys holding standing preferences, and their labels (the same labels the profile uses). The
#: one place preferences are labelled: briefings, prep DMs and the client card all come through ``preferences``.
CUSTOM_PREFERENCES: Mapping[str, str] = {
    "pressure": "Pressure",
    "temperature": "Room temperature",
    "roomTemperature": "Room temperature",
    "music": "Music",
    "scent": "Scent",
    "aromatherapy": "Scent",
    "avoidScents": "Avoid scents",
    "focusAreas": "Focus",
    "avoidAreas": "Avoid",
}
#: Profile fields shown as preferences, with their labels.
PROFILE_PREFERENCES: Mapping[str, str] = {
    "pressure": "Pressure",
    "temperature": "Room temperature",
    "music": "Music",
    "scent": "Scent",
    "avoid_scents": "Avoid scents",
    "focus_areas": "Focus",
    "avoid_areas": "Avoid",
    "communication_style": "Conversation",
}


@dataclass(frozen=True)
class LastVisit:
    day: date
    service_names: tuple[str, ...]
    staff_name: str | None = None  # the first line's therapist
    #: each service's therapists (first names), in the order of ``service_names``; empty when unknown
    staff_by_service: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class RiskNote:
    band: str | None  # low | medium | high; None: not scored, and ``unscored`` says why
    probability: float | None = None
    reasons: tuple[str, ...] = ()
    #: the visit the risk is of, in words, when the therapist's part of it starts later ("the visit from 1:00pm
    #: (Swedish Massage 60 with Ana)", ``_of_visit``): the model scores a booking by its start and first service,
    #: so its reasons ("massage bookings are missed more often; Friday 1:00pm …") are that part's, not a 2:15pm facial's
    visit: str = ""
    #: in place of the band, for a booking risk scoring could not score (``risk.bands.NOT_SCORED``)
    unscored: str = ""


class SummarySource(StrEnum):
    """Who wrote a guest's one-line summary."""

    model = "model"  # a language model drafted it
    offline = "offline"  # the offline engine's template: no model is set up, or the model's draft was not used
    model_unavailable = "modelUnavailable"  # the offline engine's template, because the model did not answer


#: The conflict engine's kinds a therapist's briefing mentions: those about the therapist's own day with the guest
#: (two of their bookings at once, a service they lack the skill or certification for, a booking outside their shift,
#: the room of their booking taken twice). The others (turnover buffers, room types, equipment, a second therapist)
#: are the front desk's to sort out and change nothing the therapist can act on.
BRIEFED_CONFLICTS = frozenset(
    {
        ConflictKind.staff_double_booked,
        ConflictKind.missing_skill,
        ConflictKind.missing_certification,
        ConflictKind.outside_shift,
        ConflictKind.room_double_booked,
    }
)


@dataclass(frozen=True)
class BookingConflict:
    """One conflict the conflict engine found with a therapist's booking, as their briefing needs it
    (``booking_conflicts``; said by ``conflict_line``)."""

    kind: ConflictKind
    #: the front desk has a standing alert about it (its card or a summary in their channel)
    alerted: bool = False
    #: a double booking: the other appointments it overlaps (none: two of this booking's own services at once)
    overlaps: tuple[str, ...] = ()
    #: a missing skill or certification: what the service needs, in words ("the deep tissue skill")
    needs: str = ""
    #: a room taken twice: its name
    room: str = ""


@dataclass(frozen=True)
class CouplesPartner:
    """The other guest of a couples booking made as two appointments (``couples_pairs``): as the therapist is told of
    them, "Sol (Priya's guest)"."""

    appointment_id: str
    first_name: str  # "" when the spa system has no record of them
    therapist: str  # their therapist's first name ("" when the booking names none the spa system knows)
    cautions: tuple[str, ...] = ()  # their own (``GuestBrief.own_cautions``)

    @property
    def whose(self) -> str:
        """Their therapist's: "Priya's", "the other therapist's"."""
        return f"{self.therapist}'s" if self.therapist else "the other therapist's"

    @property
    def said(self) -> str:
        """"Sol (Priya's guest)"; "the partner (Priya's guest)" without a record."""
        return f"{self.first_name or 'the partner'} ({self.whose} guest)"


@dataclass(frozen=True)
class GuestBrief:
    """One guest on one therapist's day."""

    appointment_id: str
    client_id: str
    first_name: str
    start: datetime
    end: datetime
    service_names: tuple[str, ...]
    rooms: tuple[str, ...] = ()
    #: the service's processing time, when the therapist is free for another guest (``daybook.hands_free``): the
    #: DMs say it, as the day book does, so a guest booked inside it does not read as a double booking
    hands_free: tuple[datetime, datetime] | None = None
    preferences: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    contraindications: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()  # the spa's alerts to check first (``alert_is_caution``), critical first
    alert_notes: tuple[str, ...] = ()  # the spa's other (info) alerts, in its words: notes, not cautions
    booking_note: str = ""  # the appointment's own note, as staff are shown it
    #: the booking's note names an allergy or condition no alert says already: it is a caution ("Booking note: latex
    #: allergy!! (nitrile gloves, no latex)"; ``booking_note`` holds it with the handling), not a ✨ line beside one
    booking_note_is_caution: bool = False
    last_visit: LastVisit | None = None
    visits: int = 0
    new_client: bool = False
    risk: RiskNote | None = None
    summary: str = ""
    summary_source: SummarySource = SummarySource.offline  # claimed as AI only when a model drafted it
    #: a summary was drafted, though the DM shows none of it when it says only what the DM says above it
    #: (``briefings.shown_summary``): its footer still says who drafted it
    summary_drafted: bool = False
    #: the first names of the other therapists working at the same time on this booking (four-hands, couples)
    partners: tuple[str, ...] = ()
    #: first name and last initial ("Ava S.", ``Client.short_name``): the name when another guest of the day shares
    #: the first name (``therapist_briefing``)
    short_name: str = ""
    #: first name and whole last name ("Skylar Dubois", ``Client.whole_name``): the name when another guest of the day has
    #: the same short name too ("Skylar D." for Skylar Dubois and Skylar Davis), as the day book tells them apart
    whole_name: str = ""
    #: a couples booking (``is_couples``): two guests, the record the booking client's; the partner has none...
    couples: bool = False
    #: ...unless the partner has their own appointment (``with_couples_partner``): who they are, and whose guest
    partner: CouplesPartner | None = None
    #: what the conflict engine found wrong with the booking on the therapist's side (``booking_conflicts``)
    conflicts: tuple[BookingConflict, ...] = ()
    #: the spa holds nothing on the guest to brief from (``nothing_on_file``): the DMs say to ask (``NOTHING_ON_FILE``)
    nothing_on_file: bool = False
    #: ...though the guest has notes, which may hold what the reader could not read (``NOTHING_READ_IN_NOTES``)
    notes_on_file: bool = False
    #: her notes speak of an allergy in a language read only in part (``notes_read_in_part``: ``NOTES_READ_IN_PART``)
    notes_in_part: bool = False

    @property
    def shown_name(self) -> str:
        """Who the therapist is told to expect: the guest's name, "Madelyn and partner" for a couples booking."""
        return self.shown_name_new("")

    @property
    def new_in_name(self) -> bool:
        """Whether the guest's being new must be said inside their name, not after it: a couples booking's new client
        ("Lily (first visit) and partner"; after both names it would be said of the partner too, who has no record)."""
        return self.new_client and self.couples

    @property
    def visit_ordinal(self) -> str:
        """Which of the guest's visits this is ("26th visit"), counting their completed visits before it, as the
        offline summary says it; "" for a new client (said "first visit") and for a guest with none in the history."""
        return f"{ordinal(self.visits + 1)} visit" if self.visits else ""

    @property
    def visit_words(self) -> str:
        """What the DM says of the guest's visits beside their name: "first visit" or "26th visit" (or "")."""
        return "first visit" if self.new_client else self.visit_ordinal

    def shown_name_new(self, word: str, *, always: bool = False, visits: bool = False) -> str:
        """``shown_name`` saying in ``word`` that the guest is new when it must be said in the name (``new_in_name``),
        or, ``always``, whenever they are new (the prep DM's one line: "Sophia (new client)"): "Lily (first visit)
        and partner", the note the booking client's only; an empty ``word`` says ``shown_name``. With ``visits``, a
        guest who is not new has which visit this is said the same way (``visit_ordinal``): "Owen (26th visit)"
        (``always``), "Madelyn (5th visit) and partner"."""
        new = word and (self.new_in_name or (always and self.new_client))
        told = word if new else (self.visit_ordinal if visits and (always or self.couples) else "")
        said = f"{self.first_name} ({told})" if told else self.first_name
        return f"{said} and partner" if self.couples and self.partner is None else said

    @property
    def services_words(self) -> str:
        """The services, with whoever works beside the therapist: "Four-Hands Massage 60 with Sam"; a couples
        partner on their own booking, with whose guest they are: "Couples Massage 60 with Sol (Priya's guest)"."""
        beside = [*self.partners, *([self.partner.said] if self.partner else [])]
        together = f" with {listed(beside)}" if beside else ""
        return f"{', '.join(self.service_names)}{together}"

    @property
    def own_cautions(self) -> tuple[str, ...]:
        """The guest's own cautions, as ``cautions`` lists them for a booking of one guest (a booking note that names
        an allergy or condition among them)."""
        note = (f"Booking note: {self.booking_note}",) if self.booking_note_is_caution and self.booking_note else ()
        return (*self.contraindications, *self.allergies, *self.alerts, *note)

    @property
    def cautions(self) -> tuple[str, ...]:
        """Everything the therapist must check before starting: the booked service's contraindications first, then
        the guest's allergies and conditions (one short line each), then the spa's alerts (in its words, which may be
        long and many: they must not crowd a "latex" or a "pregnancy" out of a DM cut to Slack's limits).

        A couples booking's are the booking client's, and said so: first that the partner has no record
        (``COUPLES_CAUTION``), then each caution with whose it is ("Madelyn — pregnancy: …"), shown to both
        therapists (on the safe side: the booking does not say which guest is whose). A couples booking made as two
        appointments, the partner on their own (``partner``): first whose guest is whose (``COUPLES_PAIRED_CAUTION``),
        then the guest's cautions and the partner's, each with whose it is ("Sol (Priya's guest) — pregnancy: …")."""
        return tuple(line for part in self._caution_parts() for line in part)

    def _caution_parts(self, ask: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """``cautions`` in three: what a couples booking says first, the guest's own (with ``ask`` after them),
        the partner's."""
        own, partner = (*self.own_cautions, *ask), self.partner
        theirs = tuple(f"{partner.said} — {line}" for line in partner.cautions) if partner else ()
        if not self.couples:  # (a guest with no record has a partner on their own booking: their cautions too)
            named = tuple(f"{self.first_name} — {line}" for line in ask)  # beside a partner's lines, whose it is
            return (), (*self.own_cautions, *(named if theirs else ask)), theirs
        mine = tuple(f"{self.first_name} — {line}" for line in own)
        if partner is None:
            return (COUPLES_CAUTION.format(name=self.first_name),), mine, ()
        if not partner.first_name:
            return (COUPLES_PARTNER_UNKNOWN.format(name=self.first_name, whose=partner.whose),), mine, ()
        first = COUPLES_PAIRED_CAUTION.format(name=self.first_name, partner=partner.first_name, whose=partner.whose)
        return (first,), mine, theirs


    @property
    def cautions_and_asks(self) -> tuple[str, ...]:
        """``cautions`` with ``NOTHING_ON_FILE`` where it belongs, for a guest the spa holds nothing on (or, when
        something was read of notes read only in part, ``NOTES_READ_IN_PART``): after the guest's own, and beside a couples partner said as whose it is ("Ruth — No health details on file — …"), before
        the partner's lines (said last, it read as the partner's, whose allergy the line above named)."""
        if self.nothing_on_file:
            ask: tuple[str, ...] = (nothing_on_file_line(self.notes_on_file),)
        else:  # something was read; of notes read only in part, the rest is for the therapist to read
            ask = (NOTES_READ_IN_PART,) if self.notes_in_part else ()
        parts = self._caution_parts(ask)
        return tuple(line for part in parts for line in part)


@dataclass(frozen=True)
class TherapistBriefing:
    """A therapist's day at one location: their guests there in time order.

    A therapist booked at a location other than their own (``Staff.locationId``) gets a briefing *away*:
    about that location's guests only, named in its words, without their shift (shifts are their home
    location's). ``elsewhere`` names the other locations where they have guests that day, each briefed apart.
    """

    staff: Staff
    location: Location
    day: date
    guests: tuple[GuestBrief, ...] = ()
    shift: tuple[str, str] | None = None  # "HH:MM" start and end in the location's zone
    elsewhere: tuple[str, ...] = ()  # names of the other locations where they have guests that day
    shift_parts: tuple[tuple[str, str], ...] = ()  # each part of the shift ("HH:MM", "HH:MM"), in order
    #: the starts of bookings of the day left out of the morning DM because they were over before it went (a night
    #: shift's 12:30am guest, told by the prep DM the evening before): said in its opening line, not listed
    over: tuple[datetime, ...] = ()
    #: away (``away``), the zone of the therapist's own location: the times are labelled with this location's zone
    #: where its clocks read otherwise ("the first at 11:00am PST" to a New York therapist), as the day book does
    home_zone: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.guests

    @property
    def away(self) -> bool:
        """True when the location is not the therapist's own."""
        return is_away(self.staff, self.location)


# ---------------------------------------------------------------------------------------------------
# Who is briefed, and on what


def briefed_staff(staff: Iterable[Staff], appointments: Iterable[Appointment], location: Location, day: date) -> list[Staff]:
    """Active therapists and estheticians to brief at the location that day: its own who work that day or have
    an appointment on it, and anyone from another location who has an appointment on it (a therapist shared
    between sites; their shifts are about their home location, so a shift alone never briefs them here)."""
    booked = {line.staff_id for a in appointments if a.is_active for line in a.services if line.staff_id}
    chosen = [
        member
        for member in staff
        if member.active
        and member.role in BRIEFED_ROLES
        and (member.id in booked or (not is_away(member, location) and shift_on(member, day) is not None))
    ]
    return sorted(chosen, key=lambda s: (s.first_name, s.last_name, s.id))


def is_away(member: Staff, location: Location) -> bool:
    """True when ``location`` is not the staff member's own (``Staff.locationId``)."""
    return member.location_id != location.id


def shift_on(member: Staff, day: date) -> tuple[str, str] | None:
    """The staff member's shift that weekday ("HH:MM", "HH:MM"): from the start of its first part to the end of its
    last (see ``shift_parts``), or None."""
    parts = shift_parts(member, day)
    return (parts[0][0], parts[-1][1]) if parts else None


def shift_parts(member: Staff, day: date) -> tuple[tuple[str, str], ...]:
    """The parts of the staff member's shift that weekday ("HH:MM", "HH:MM"), in order, touching parts joined
    (``Staff.shift_parts`` on the wall clock). A part ending the next day ("16:00"–"00:00", "18:00"–"02:00") comes
    last."""
    return tuple((f"{start:%H:%M}", f"{end:%H:%M}") for start, end in member.shift_parts(day))


def appointments_for(appointments: Iterable[Appointment], staff_id: str) -> list[Appointment]:
    """The active appointments with a service line for ``staff_id``, by start time."""
    mine = [a for a in appointments if a.is_active and any(line.staff_id == staff_id for line in a.services)]
    return sorted(mine, key=lambda a: (_staff_window(a, staff_id)[0].timestamp(), a.id))  # by the instant, as below


def is_couples(appointment: Appointment, staff_id: str, services: Mapping[str, Service]) -> bool:
    """Whether ``staff_id``'s part of the booking is a couples one: a service for two staff members (``staffCount``)
    whose name or category says two guests ("Couples Massage 90", "Four-Hands Couples Massage", "Side-by-side
    Massage", "Massage for Two"), or says a duo or partners, or that the spa books only in couples suites (its
    ``roomTypes``), when it does not say one guest (four hands, for one). Its one client is one of two guests; the
    other (the partner) has no record. A two-staff service saying neither (a four-hands massage) is two therapists on
    one guest, whose cautions are both therapists' own."""
    lines = [line for line in appointment.services if line.staff_id == staff_id] or appointment.services
    return any(
        (service := services.get(line.service_id)) is not None and service.staff_count > 1 and _for_two(service)
        for line in lines
    )


def couples_pairs(
    appointments: Iterable[Appointment], *, services: Mapping[str, Service], resources: Mapping[str, Resource]
) -> dict[str, tuple[Appointment, str | None]]:
    """Appointment id -> its couples partner's appointment and that guest's therapist (the staff member on its lines
    beside the booking's own; None when it names none), for each couples booking made as two appointments with the
    same service for two guests: the conflict check's rule (``conflicts.couples_partners``), so the DMs pair whom the
    conflict check counts as one. A pair it infers from two ordinary services (two guests starting together in a
    suite for one booking, each with their own therapist) is left out: they may be strangers sharing the suite, so
    neither therapist is told the other guest's name or cautions (each guest is briefed as a booking of one guest)."""
    listed = {a.id: a for a in appointments}
    pairs = couples_partners(listed.values(), resources=resources.values(), services=services.values(), for_two_only=True)
    found: dict[str, tuple[Appointment, str | None]] = {}
    for own_id, partner_id in pairs.items():
        own, partner = listed[own_id], listed[partner_id]
        therapist = next(
            (
                line.staff_id
                for line in partner.services
                if line.staff_id and any(line.start_at < o.end_at and o.start_at < line.end_at for o in own.services)
            ),
            None,
        )
        found[own_id] = (partner, therapist)
    return found


def with_couples_partner(brief: GuestBrief, partner: GuestBrief, therapist: Staff | None) -> GuestBrief:
    """``brief`` of one guest of a couples booking made as two appointments, told of the other guest (``partner``, the
    brief of their own booking, for any therapist) and of ``therapist``, who has them. The guest is the therapist's
    own: their visit, their cautions; the partner's cautions are said as theirs."""
    unknown = _no_record(partner)
    said = "" if unknown else partner.first_name
    if said and said == brief.first_name and partner.short_name:
        said = partner.short_name  # two guests of one first name
    return replace(
        brief,
        couples=not _no_record(brief),  # a guest with no record keeps "guest details unavailable" alone
        partner=CouplesPartner(
            partner.appointment_id,
            said,
            therapist.first_name if therapist is not None else "",
            () if unknown else partner.own_cautions,
        ),
    )


def _no_record(brief: GuestBrief) -> bool:
    return brief.first_name == UNKNOWN_GUEST_NAME and UNKNOWN_GUEST_CAUTION in brief.alerts


def _for_two(service: Service) -> bool:
    words = f"{service.name} {service.category}"
    if _TWO_GUESTS.search(words):
        return True  # on the safe side: a wrong "ask who is yours" costs a question, a missed partner their allergies
    if _ONE_GUEST.search(words):
        return False
    in_suites = bool(service.room_types) and all(kind == COUPLES_SUITE for kind in service.room_types)
    return in_suites or _MAYBE_TWO.search(words) is not None


def _staff_window(appointment: Appointment, staff_id: str) -> tuple[datetime, datetime]:
    lines = [line for line in appointment.services if line.staff_id == staff_id] or appointment.services
    if not lines:
        return appointment.start_at, appointment.end_at
    return min(line.start_at for line in lines), max(line.end_at for line in lines)


# ---------------------------------------------------------------------------------------------------
# What matters about a guest


def preferences(
    client: Client, profile: GuestProfile, *, safety: Sequence[str] = (), said_areas: Collection[str] = ()
) -> list[str]:
    """Labelled preferences from the client's custom fields and the notes' profile, without repeats, in words
    ("Focus: lower back", not the vocabulary's ``lowerBack``).

    ``safety`` (the guest's allergies and conditions, ``safety_names``): a scent liked beside a fragrance or
    essential-oil allergy or eczema is not shown as if it were fine ("Scent: eucalyptus — fragrance allergy; ask
    first"; ``_scent_line``).

    ``said_areas``: body areas a caution says already ("Signature Facial 60 works the face, which the notes say to
    avoid"), left out of "Avoid" rather than said again beside it with the preference mark.

    Values that cannot all be true (two pressure levels, warm and cool, chatty and quiet, …) are never listed side
    by side as if they were: from separate notes (or a custom field and a note) they are shown as a question for
    the therapist ("Pressure: light or firm — notes disagree; ask"); from one statement that says both ("Likes to
    chat at the start, then goes quiet") that statement is quoted. The notes carry no reliable dates, so the
    copilot does not guess which one is current."""
    merged: dict[str, dict[str, str | None]] = {}  # label → value in words → its evidence (None: a custom field)
    for key, label in CUSTOM_PREFERENCES.items():
        value = client.custom_fields.get(key)
        if value in (None, "", []):
            continue
        for item in value if isinstance(value, list) else [value]:
            merged.setdefault(label, {}).setdefault(spoken(str(item)), None)
    for field_name, label in PROFILE_PREFERENCES.items():
        for found in getattr(profile, field_name):
            if _box_left_empty(found.value, field_name, found.evidence or ""):
                continue  # "Pressure: [ ] Light [x] Medium [ ] Firm": medium, not the three quoted as a clash
            item = spoken(found.value)
            existing = {v.lower() for v in merged.get(label, {})}
            if item.lower() not in existing:
                merged.setdefault(label, {})[item] = found.evidence
    private = private_words(client)
    _avoided_wins(merged, private)
    _unrepeated_areas(merged, {spoken(area).lower() for area in said_areas})
    scent_cautions = [name for name in dict.fromkeys(safety) if name in SCENT_CAUTIONS]
    return [
        _scent_line(values, scent_cautions) if label == "Scent" and _scented(values) and scent_cautions
        else _preference_line(label, values, private)
        for label, values in merged.items()
        if values
    ]


def _unrepeated_areas(merged: dict[str, dict[str, str | None]], said: Collection[str]) -> None:
    """"Avoid" without the areas a caution line says already (``preferences``' ``said_areas``)."""
    avoided = merged.get("Avoid", {})
    for value in [value for value in avoided if value.split(" (“")[0].lower() in said]:
        del avoided[value]
    if "Avoid" in merged and not avoided:
        del merged["Avoid"]


#: The notes reader's field of each preference's words (``lexicon.TERMS``).
_TERM_FIELDS: Mapping[str, str] = {"focus_areas": "area", "avoid_areas": "area", "avoid_scents": "scent"}


def _box_left_empty(value: str, field_name: str, evidence: str) -> bool:
    """Whether an intake form's box beside the preference's word in ``evidence`` is left empty ("[ ] Light" in
    "Pressure: [ ] Light [x] Medium [ ] Firm"): the notes reader reads every option of a preference's line, ticked or
    not (it reads the boxes of allergies and conditions only), which the briefing quoted whole as a clash. The box
    right before the word, or right after it; with both, before when the line's first box comes before any option
    (after its heading: "Pressure:"), as ``forms._checkbox`` reads them. No box beside it: not left empty."""
    if not lx.CHECKBOX.search(evidence):
        return False
    field = _TERM_FIELDS.get(field_name, field_name)
    found = next((m for term, pattern in lx.COMPILED if term.field == field and term.value == value
                  for m in pattern.finditer(evidence)), None)
    if found is None:
        return False
    before = lx.CHECKBOX_BEFORE.search(evidence, max(0, found.start() - 8), found.start())
    after = lx.CHECKBOX_AFTER.match(evidence[found.end() : found.end() + 12])
    if before is not None and after is not None:
        line_start = evidence.rfind("\n", 0, found.start()) + 1
        first_box = lx.CHECKBOX.search(evidence, line_start)
        heading = evidence[line_start : first_box.start()] if first_box else ""
        boxes_first = not re.search(r"\w", heading.split(":")[-1])  # nothing but a heading before the first box
        box = before if boxes_first else after
    else:
        box = before or after
    return box is not None and box.group("ticked") is None


#: The allergies and conditions whose handling rules out scented products ("fragrance allergy: unscented products",
#: "essential oils allergy: no essential oils", "eczema: fragrance-free products, …").
SCENT_CAUTIONS = frozenset({"fragrance", "essentialOils", "eczema"})


def _scented(values: Mapping[str, str | None]) -> list[str]:
    return [value for value in values if value.lower() != "unscented"]


def _scent_line(values: Mapping[str, str | None], cautions: Sequence[str]) -> str:
    """The liked scents of a guest with a scent caution, with it, to ask about before using any: "Scent: eucalyptus —
    fragrance allergy; ask first". "Unscented" is what the caution asks anyway, so notes that disagree with it are no
    question of taste here."""
    reasons = [f"{spoken(name)} allergy" if name in lx.ALLERGENS else spoken(name) for name in cautions]
    return f"Scent: {', '.join(_scented(values))} — {listed(reasons)}; ask first"


def _avoided_wins(merged: dict[str, dict[str, str | None]], private: Sequence[str]) -> None:
    """A scent both liked and to be avoided ("likes lavender, but no lavender on face") is shown once, as avoided,
    with the words that avoid it quoted ("Avoid scents: lavender (“no lavender on face”)"): the therapist leaves it
    out and reads where the note draws the line, rather than seeing "Scent: lavender" beside it. A body area both a
    focus and one to avoid ("Focus on feet. Skip the feet, very ticklish", "Shoulder injury - focus on shoulders") is
    likewise shown once, under Avoid with its words: "Focus: feet" beside "Avoid: feet" left it to a guess."""
    for liked_label, avoided_label in (("Scent", "Avoid scents"), ("Focus", "Avoid")):
        liked, avoided = merged.get(liked_label, {}), merged.get(avoided_label, {})
        both = {value.lower() for value in liked} & {value.lower() for value in avoided}
        if liked_label == "Focus":  # "Focus right hip. Left hip replaced - avoid": two hips, each said with its words
            sided = {value.lower() for value in liked if value.lower() in both and _other_sides(value, liked[value], avoided)}
            if sided:
                for label, values in ((liked_label, liked), (avoided_label, avoided)):
                    merged[label] = {_quoted(value, evidence, private) if value.lower() in sided else value: evidence
                                     for value, evidence in values.items()}
                liked, avoided, both = merged[liked_label], merged[avoided_label], both - sided
        if not both:
            continue
        for value in [value for value in liked if value.lower() in both]:
            del liked[value]
        if not liked:
            merged.pop(liked_label, None)
        merged[avoided_label] = {
            (
                f"{value} (“{guest_words_for_staff(evidence, names=private, limit=_QUOTE_LIMIT)}”)"
                if value.lower() in both and evidence
                else value
            ): evidence
            for value, evidence in avoided.items()
        }


def _other_sides(value: str, focus_words: str | None, avoided: Mapping[str, str | None]) -> bool:
    """Whether the words that make an area a focus and those that keep it off each name one side of it, not the same
    ("Focus right hip" and "Left hip replaced - avoid")."""
    avoid_words = next((words for area, words in avoided.items() if area.lower() == value.lower()), None)
    focus_side, avoid_side = _side(value, focus_words or ""), _side(value, avoid_words or "")
    return bool(focus_side and avoid_side and focus_side != avoid_side)


_SIDE_BEFORE = re.compile(r"\b(left|right|lt|rt|l|r)\.?\s+(?:the\s+)?$", re.IGNORECASE)


def _side(value: str, words: str) -> str:
    """The one side ("l" or "r") the words give the area ``value`` ("right hip"), or "" (none, or both)."""
    sides = {
        side.group(1)[0].lower()
        for term, pattern in lx.COMPILED if term.field == "area" and term.value == value
        for m in pattern.finditer(words)
        if (side := _SIDE_BEFORE.search(words[: m.start()]))
    }
    return sides.pop() if len(sides) == 1 else ""


def _quoted(value: str, evidence: str | None, private: Sequence[str]) -> str:
    return f"{value} (“{guest_words_for_staff(evidence, names=private, limit=_QUOTE_LIMIT)}”)" if evidence else value


_LABEL_FIELDS: Mapping[str, str] = {label: field_name for field_name, label in PROFILE_PREFERENCES.items()}
_QUOTE_LIMIT = 120


def _preference_line(label: str, values: Mapping[str, str | None], private: Sequence[str] = ()) -> str:
    field_name = _LABEL_FIELDS.get(label)
    clash = disagreeing(field_name, values) if field_name else []
    if not clash:
        return f"{label}: {', '.join(values)}"
    rest = [value for value in values if value not in clash]
    sources = {values[value] for value in clash}
    evidence = next(iter(sources))
    if len(sources) == 1 and evidence:  # one statement says both: its own words are clearer than two labels
        clash_words = f"“{guest_words_for_staff(evidence, names=private, limit=_QUOTE_LIMIT)}”"
    else:
        clash_words = f"{' or '.join(clash)} — notes disagree; ask"
    return f"{label}: {'; '.join(filter(None, [', '.join(rest), clash_words]))}"


def allergies(
    client: Client, profile: GuestProfile, *, also: GuestProfile | None = None, names: Sequence[str] | None = None
) -> list[str]:
    """Allergies and conditions with how to handle them ("latex allergy: nitrile gloves, no latex", "pregnancy:
    prenatal positioning, no hot stones"; ``safety_line``), as the briefing says them.

    The profile's (notes and intake) and, always, every intake answer (allergies, conditions, medications,
    pregnancy): normalised where the vocabulary knows it, as written where not, each once. ``names``: only these
    (``safety_names``' that no alert says already, ``alerts_with_cautions``); ``also``: what the spa's alerts say,
    so an allergy they name is said as one."""
    allergic = _allergy_names(client, profile, *([also] if also is not None else []))
    shown = safety_names(client, profile) if names is None else names
    lines = []
    for name in shown:
        site = _site(name, profile)
        lines.append(safety_line(name, allergy=name.lower() in allergic, site=site, where=_where(name, site, profile),
                                 severe=_said_severe(name, profile, also, texts=_said_texts(client))))
    return lines


def _said_texts(client: Client, appointment: Appointment | None = None) -> tuple[str, ...]:
    """The guest's notes, the spa's alerts on them and the booking's note, each whole (``_said_severe``)."""
    return (client.notes, *(alert.text for alert in client.alerts), *([appointment.notes] if appointment else []))


def _allergy_names(client: Client, *profiles: GuestProfile) -> set[str]:
    """The names (lower case) the profiles and the intake give as allergies, not conditions."""
    intake = (name for field, name, _ in intake_safety(client.health_history) if field == "allergies")
    return {name.lower() for name in (*(n for p in profiles for n in p.values("allergies")), *intake)}


def safety_line(
    name: str, *, allergy: bool, site: str = "", where: str = "", severe: bool = False, skin: bool = False
) -> str:
    """``caution_line`` for a briefing's caution, an allergy said to be one ("shellfish allergy: no seaweed or marine
    products", as the summary says "shellfish allergy (…)"), a condition as it is ("pregnancy: prenatal positioning,
    no hot stones"). ``allergy``: the guest's record has it among allergies; a name of the allergen lexicon is one.
    ``site``: where on the body, as the notes name it (``_site``): "surgery (left knee): keep clear of the surgical
    area". ``where``: for a sited caution the notes name no site of, where to find it (``_where``): "surgery: keep
    clear of the surgical area — read the notes for where". ``severe``: the words it was read from say so
    (``_said_severe``): "SEVERE nut oil allergy: …". ``skin``: the booking is face or skin work only
    (``face_and_skin_only``): its handling where it differs ("pregnancy: semi-reclined, …", not a massage's "prenatal
    positioning, no hot stones")."""
    line = caution_line(name, site=site, skin=skin)
    if where:
        line = f"{line} — {where}"
    words = spoken(name)
    if (allergy or name in lx.ALLERGENS) and "allerg" not in words.lower() and line.startswith(words):
        line = f"{words} allergy{line[len(words):]}"
    return f"SEVERE {line}" if severe else line


#: Words that say an allergy is grave wherever they stand in its list item ("anaphylactic", "carries an EpiPen",
#: "epi pen", "life-threatening", "deathly allergic"), unless denied ("not anaphylactic", "no EpiPen needed").
_GRAVE_WORDS = lx.GRAVE_WORDS
_GRAVE = re.compile(rf"\b(?:{_GRAVE_WORDS})\b", re.IGNORECASE)
#: "Severe" (or "extremely"), which is grave only next to the allergen or the word allergy ("Severe nut allergy",
#: "Nuts - SEVERE", "latex allergy (severe)"; not "Latex allergy, severe back pain").
_SEVERE_WORD = lx.SEVERE_WORD
_SEVERE_AFTER = re.compile(
    rf"^(?:\s*{lx.ALLERGY_WORD})?[\s(:–—-]*(?:(?:is|very|so)\s+)?(?:{_SEVERE_WORD}\b|sev\b\.?)"
    rf"(?=\s*(?:$|[),.;:!?–—-]|\s-|{lx.ALLERGY_WORD}))",
    re.IGNORECASE,
)
#: An item of its own that only says "severe" ("Nut allergy, severe").
_SEVERE_ALONE = re.compile(rf"^\W*(?:very\s+|so\s+)?(?:{_SEVERE_WORD}|sev)\W*$", re.IGNORECASE)
#: Grave only beside an allergy (in its own words, or the words right after it naming no other allergen): the pen
#: she carries called "epi" ("uses Epi", "(has Epi)", "carries epi"; never "epilation", "epidural", nor "lidocaine w/
#: epi", the numbing agent: rev49d), a trip to the
#: ER ("ended up in ER"), the throat or the tongue closing or swelling, her breathing stopped ("can't breathe": lex51),
#: a reaction said severe ("severe reaction last time"; not "severe reaction to" something else, after the allergy's
#: words).
_GRAVE_BESIDE = re.compile(
    r"\b(?:(?:uses|carries|carry|has|have|needs|brings|keeps)\s+(?:an?\s+|her\s+|own\s+)?epi(?![\w-])"
    r"|(?<=\()epi(?=\))"
    r"|(?:ended\s+up|went|rushed|taken)\s+(?:in|to)\s+(?:the\s+)?(?:ER|E\.R\b|A\s?&\s?E|emergency(?:\s+room)?)(?![\w&])"
    r"|(?<=\()ER(?=\))|hospitali[sz]ed"  # "Nut allergy (ER)", "Latex allergy - hospitalized" (rev49d)
    r"|(?<!mild\s)(?<!slight\s)(?<!minor\s)(?:throat|tongue)\s+(?:(?:gets|got|goes|went|starts|started)\s+)?"
    r"(?:clos(?:es|ed|ing|e)|swell(?:s|ed|ing)?|swollen|tighten(?:s|ed|ing)?)\b"
    # her breathing ("Nuts - can't breathe", "trouble breathing"): the airway, as the throat closing is (lex51)
    # not her nose or how she lies ("can't breathe through her nose face down", "trouble breathing lying flat": rev51b)
    r"|(?:(?:can['’]?t|cannot|could\s*n['’]?t|couldnt)\s+breathe\b|(?:trouble|difficulty|difficulties)\s+breathing\b)"
    r"(?![^.;\n]{0,30}?\b(?:through|thru|nose|face[\s-]*down|prone|lying|lie|flat|position\w*|on\s+her\s+(?:back|stomach|front))\b)"
    rf"|{_SEVERE_WORD}\s+(?:allergic\s+)?(?:reactions?|rxns?)\b(?!\s+to\b))",
    re.IGNORECASE,
)
#: Where a list of allergies is cut into items: a comma, a semicolon or a line's end, outside brackets.
_ITEM_BREAK = frozenset(",;\n")
_SEVERE_ALLERGY = re.compile(
    rf"\b{_SEVERE_WORD}\s+(?:[\w-]+\s+){{0,3}}?(?:{lx.ALLERGY_WORD}|(?:reactions?|rxns?)\s+to\b)", re.IGNORECASE
)
#: A list's heading that is grave by any of its words ("ANAPHYLACTIC ALLERGIES:", "Allergies (severe):"): every item
#: after it is; and a grave word said of them all ("nuts, latex - both anaphylactic", "all severe").
_SEVERE_ANY = re.compile(rf"\b{_SEVERE_WORD}\b", re.IGNORECASE)
_ALL_GRAVE = re.compile(
    rf"\b(?:both|all(?:\s+of\s+them)?|each)\s+(?:(?:are|is|very)\s+)?(?:{_GRAVE_WORDS}|{_SEVERE_WORD})\b",
    re.IGNORECASE,
)
_SEVERE_JUST_BEFORE = re.compile(rf"\b{_SEVERE_WORD}\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
#: The allergens' words as the notes' reader finds them ("nuts", "latex", "lavender" for essential oils), for where in
#: the words each allergy is named.
_ALLERGEN_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (term.value if term.field == "allergies" else term.allergen or "", pattern)
    for term, pattern in lx.COMPILED
    if term.field == "allergies" or (term.field == "scent" and term.allergen)
)
#: Of those, a scent's ("lavender"): an allergy only in an allergy's words, so it delimits no other allergy's item.
_SCENT_WORDS = frozenset(pattern for term, pattern in lx.COMPILED if term.field == "scent")


def severe_allergies(client: Client, profile: GuestProfile) -> list[str]:
    """The profile's allergies the guest's own notes (or the words they were read from) say are grave: what an alert
    standing for one says besides its own words (``alerts_with_cautions``' ``severe``) and the written summary's
    caution sentence (``BriefingInput.severe``)."""
    return [name for name in profile.values("allergies") if _said_severe(name, profile, texts=(client.notes,))]


def _said_severe(name: str, *profiles: GuestProfile | None, texts: Sequence[str] = ()) -> bool:
    """Whether the words an allergy was read from (the notes', the alerts') say it is grave: a staff-eye review found
    "Severe nut allergy" briefed as "nut oil allergy: nut-free oils only", the "severe" lost. Only the allergy's own
    item of a list is read ("Allergies: latex (mild), nuts (anaphylactic)": the nuts'), with the items after it that
    name no allergen ("Nut allergy, carries epi pen"), and a denial is read ("not severe", "no EpiPen needed"). And
    in ``texts`` (the whole notes, each alert, the booking's note) holding the allergy's words and naming no other
    allergen, an undenied grave word in a sentence naming nobody else ("Nut allergy. Carries EpiPen.": the reader's
    evidence is one sentence; not "Her son carries an EpiPen")."""
    evidence = [item.evidence for profile in profiles if profile is not None for item in profile.allergies
                if item.value == name and item.evidence]
    if any(_grave(name, words) for words in evidence):
        return True
    return any(
        any(words in text for words in evidence)
        and _named_allergens(text) <= {name}
        and (
            any(
                _undenied(sentence, _GRAVE) and not lx.OTHER_PERSON.search(sentence)
                for sentence in _SENTENCE_BREAK.split(text)
            )
            or _severe_sentence_after(name, text)
        )
        for text in texts
    ) or any(_severe_after_a_long_dash(words, text) for words in evidence for text in texts)


#: "Severe" alone after a long dash (en or em), ending its sentence or item: "Allergy to tree nuts — severe", "Latex
#: allergy – very severe.", "… — SEVERE, hives"; not "— severe back pain". The reader cuts its clause at the dash, so
#: the allergy's words stop before it (lex51: the em dash lost the "SEVERE" a hyphen kept).
_SEVERE_AFTER_A_LONG_DASH = re.compile(
    r"[^\S\n]*[\u2013\u2014]+[^\S\n]*(?:(?:very|so|extremely)[^\S\n]+)?"
    rf"(?:{_SEVERE_WORD}\b|sev\b)(?=[^\S\n]*(?:$|[\n;.,!)]))",
    re.IGNORECASE,
)


def _severe_after_a_long_dash(words: str, text: str) -> bool:
    """The allergy's words (``words``, its evidence) stand in ``text`` right before a long dash and "severe" alone."""
    at = text.find(words)
    while at != -1:
        if _SEVERE_AFTER_A_LONG_DASH.match(text, at + len(words)):
            return True
        at = text.find(words, at + 1)
    return False


def _severe_sentence_after(name: str, text: str) -> bool:
    """A sentence of only "severe" (or "sev.") right after a sentence naming the allergy: "Nut allergy. Severe.",
    "Nuts. SEVERE!!", "Latex allergy. Sev."."""
    sentences = _SENTENCE_BREAK.split(text)
    return any(
        _SEVERE_ALONE.match(sentence) and name in _named_allergens(before)
        for before, sentence in zip(sentences, sentences[1:], strict=False)
    )


_SENTENCE_BREAK = re.compile(r"[.!?;\n]+")


def _named_allergens(text: str) -> set[str]:
    """The allergies whose words ``text`` names (a scent's only as the allergy asked about: ``_grave``'s rule)."""
    return {value for value, pattern in _ALLERGEN_WORDS if pattern not in _SCENT_WORDS and pattern.search(text)}


def _grave(name: str, words: str) -> bool:
    items = _list_items(words)
    # a scent names an allergy only when it is the one asked about: "likes lavender" is no other allergy's item
    mentions = [
        [value for value, pattern in _ALLERGEN_WORDS if (value == name or pattern not in _SCENT_WORDS) and pattern.search(text)]
        for _, text in items
    ]
    own = [i for i, named in enumerate(mentions) if name in named]
    if not own:  # the words name it otherwise ("hives"): read them whole, as one item
        return _item_grave(name, words, [])
    first = next(i for i, named in enumerate(mentions) if named)
    heading = words[: items[first][0] + _first_mention(items[first][1])]
    if ":" in heading and (_undenied(heading, _SEVERE_ANY) or _undenied(heading, _GRAVE)):
        return True  # "Severe allergies: nuts, latex", "ANAPHYLACTIC ALLERGIES: …", "Allergies (severe): …"
    if _undenied(words, _ALL_GRAVE):  # "Allergic to nuts, latex - both anaphylactic"
        return True
    for i in own:
        after = []  # the items after it naming no allergen: "Nut allergy, carries epi pen"
        for j in range(i + 1, len(items)):
            if mentions[j]:
                break
            after.append(items[j][1])
        if i == first:  # and those before the first allergen: "Carries an EpiPen, nut allergy"
            after += [text for _, text in items[:i]]
        if _item_grave(name, items[i][1], after):
            return True
    return False


def _list_items(words: str) -> list[tuple[int, str]]:
    """``words`` cut at commas, semicolons and line ends outside brackets, each item with where it starts."""
    items, depth, start = [], 0, 0
    for at, char in enumerate(words):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char in _ITEM_BREAK and depth <= 0:
            items.append((start, words[start:at]))
            start, depth = at + 1, 0
    items.append((start, words[start:]))
    return [(at, text) for at, text in items if text.strip()]


def _first_mention(text: str) -> int:
    return min((m.start() for _, pattern in _ALLERGEN_WORDS if (m := pattern.search(text))), default=0)


def _item_grave(name: str, item: str, after: Sequence[str]) -> bool:
    """Whether an allergy's own list item (``item``), or an item after it naming no allergen (``after``), says it is
    grave, undenied."""
    if any(_undenied(text, _GRAVE) or _undenied(text, _GRAVE_BESIDE) for text in (item, *after)):
        return True
    if any(_SEVERE_ALONE.match(text) for text in after):
        return True
    spans = [m.span() for value, pattern in _ALLERGEN_WORDS if value == name for m in pattern.finditer(item)]
    # "Severe nut allergy", "Severe nut and latex allergies", "Severely allergic to latex", "Severe reaction to shellfish"
    for m in _SEVERE_ALLERGY.finditer(item):
        if not lx.denied(item, m.start(), m.end()) and (not spans or any(start >= m.start() for start, _ in spans)):
            return True
    for start, end in spans or [(0, 0)]:
        before = _SEVERE_JUST_BEFORE.search(item[:start]) if spans else None  # "SEVERE NUTS"
        if before and not lx.denied(item, before.start(), start):
            return True
        if spans and (m := _SEVERE_AFTER.match(item[end:])) and not lx.denied(item, end, end + m.end()):  # "Nuts - SEVERE"
            return True
    return False


def _undenied(text: str, cue: re.Pattern[str]) -> bool:
    return any(not lx.denied(text, m.start(), m.end()) for m in cue.finditer(text))


def _site(name: str, profile: GuestProfile, *, today: date | None = None) -> str:
    """Where a surgery or an injectable is (``SITED_CAUTIONS``), when the words the profile read it from name a body
    area ("Had knee surgery on the left side, keep away from the knee" → "left knee"; ``caution_site``), leaving out
    an area the same words give as a focus or a pressure's; "" when they name none, or for any other caution. ``today``:
    the day of the booking, so a procedure's date in the last months says it is recent (rev52g M2)."""
    if name not in SITED_CAUTIONS:
        return ""
    levelled = (m.group(1) for value in profile.values("pressure") if (m := _LEVEL_AREA.search(value)))
    elsewhere = [*profile.values("focus_areas"), *levelled]
    sites = [
        caution_site(item.evidence, not_these=elsewhere, condition=name, today=today)
        for item in profile.contraindications
        if item.value == name
    ]
    return next((site for site in sites if site), "")


#: After a caution about one place on the body (``SITED_CAUTIONS``) with no site read: where to find it (brief52:
#: "Had a C-section" read "surgery: keep clear of the surgical area" alone, and, something being read, no "read them in
#: Mangomint" either). The notes only when their words name a place the reader could not make a site of ("Surgery last
#: month, lying on her back is fine"); otherwise, and for a caution only the intake form gives, the guest is asked
#: (rev52c M3: "Botox 2 wks ago" sent the therapist to notes that say nothing of where). None when the notes put an
#: area under Avoid already ("Got her stitches out last week (appendix). Avoid the tummy.").
WHERE_IN_THE_NOTES = "read the notes for where"
WHERE_TO_ASK = "ask the guest where"
#: The notes' words name no body word, but another sentence of the notes may say where (rev52g M3: 13% of such
#: pointers had the place elsewhere in the notes): both.
WHERE_NOTES_OR_ASK = "check the notes, or ask the guest where"


def _where(name: str, site: str, profile: GuestProfile) -> str:
    """``WHERE_IN_THE_NOTES`` for a sited caution (``SITED_CAUTIONS``) with no ``site`` whose words name a body word;
    ``WHERE_NOTES_OR_ASK`` for one the notes give in words naming none; ``WHERE_TO_ASK`` for one only the intake form
    gives; "" otherwise, or when the profile
    keeps an area off (``avoid_areas``: the Avoid line says where)."""
    if name not in SITED_CAUTIONS or site or profile.values("avoid_areas"):
        return ""
    evidence = [item.evidence or "" for item in profile.contraindications if item.value == name]
    from_notes = [said for said in evidence if not said.startswith("intake ")]
    if not from_notes:
        return WHERE_TO_ASK
    return WHERE_IN_THE_NOTES if any(names_a_place(said) for said in from_notes) else WHERE_NOTES_OR_ASK


_LEVEL_AREA = re.compile(r"\((\w+)\)$")  # a pressure for one area: "deep (back)"


def safety_names(client: Client, profile: GuestProfile) -> list[str]:
    """The names behind ``allergies``: the profile's allergies and conditions, then the intake's, each once (the
    first spelling kept, whatever the case). An allergy either names says what an unnamed one was about
    (``settle_unnamed_allergy``: the notes' "Allergies: yes" beside the intake's "latex"); the spa's alerts, read
    as another profile, do not settle the guest's own yes (an alert may be about another allergen)."""
    intake = intake_safety(client.health_history)
    allergic = {name: said for field, name, said in intake if field == "allergies"}
    allergic |= {item.value: item.evidence for item in profile.allergies}  # the notes' question said first
    settle_unnamed_allergy(allergic)
    names = [*profile.values("allergies"), *profile.values("contraindications"), *(name for _, name, _ in intake)]
    first_spelling: dict[str, str] = {}
    for name in names:
        if name in allergic or name != UNNAMED_ALLERGY:
            first_spelling.setdefault(name.lower(), name)
    return list(first_spelling.values())


def contraindication_flags(
    services: Sequence[Service],
    client: Client,
    profile: GuestProfile,
    *,
    also: GuestProfile | None = None,
    names: Sequence[str] | None = None,
) -> list[str]:
    """For each booked service, the contraindications it lists that this guest's allergies or conditions hit, in
    words, with how to handle each ("Hot Stone Massage 75 is contraindicated for this guest: pregnancy (prenatal
    positioning, no hot stones). Check with the guest before it starts."), closing as the day book and the client
    card close it (``RuledOut.before_it_starts``). ``also``: what the spa's alerts and the booking's note say
    (``records_profile``). The rule is ``cautions.ruled_out``, which the day book marks bookings by too. ``names``:
    the guest's allergies and conditions whose handling is said here (default: all of them, ``safety_names``)."""
    found = ruled_out(services, client, profile, also=also)
    if names is None:
        names = list(dict.fromkeys([*safety_names(client, profile), *safety_names(client, also or GuestProfile())]))
    severe = [name for name in names if _said_severe(name, profile, also, texts=_said_texts(client))]
    return ruled_out_lines(found, names, severe=severe, skin=face_and_skin_only(services))[0]


def ruled_out_lines(
    found: Sequence[RuledOut], names: Sequence[str], *, severe: Collection[str] = (), skin: bool = False
) -> tuple[list[str], list[str]]:
    """Each caution said once: a booked service the guest's allergy or condition rules out says that name's handling
    note in its own line ("… contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). Check
    with the guest before it starts."), and the name's own line ("pregnancy: prenatal positioning, no hot stones") is
    left out. Returns the services' lines and the ``names`` still to show on their own line, in order.

    ``severe``: the names whose words say they are grave (``_said_severe``); a hit covering one says so ("…: SEVERE
    nut allergy (nut-free oils only)"), as that name's own line would: a severe allergy never reads softer in a
    briefing than in the notes. ``skin``: the booking is face or skin work only (``face_and_skin_only``): a name's
    handling for that work where it differs (``SKIN_CAUTIONS``)."""
    remaining = list(names)
    handling = {**CAUTIONS, **SKIN_CAUTIONS} if skin else CAUTIONS
    lines = []
    for item in found:
        said = []
        for hit in item.hits:
            covered = [name for name in remaining if _folded_name(hit) in
                       (_folded_name(name), _folded_name(ALLERGY_CONTRAINDICATIONS.get(name, name)))]
            remaining = [name for name in remaining if name not in covered]
            notes = list(dict.fromkeys(handling[name] for name in covered if name in handling))
            grave = "SEVERE " if any(name in severe for name in covered) else ""
            said.append(f"{grave}{spoken(hit)} ({'; '.join(notes)})" if notes else f"{grave}{spoken(hit)}")
        sentence = f"{item.service_name} is contraindicated for this guest: {', '.join(said)}"
        lines.append(f"{sentence}{item.before_it_starts[len(item.sentence):]}")
    return lines, remaining


def _folded_name(name: str) -> str:
    """A caution's name compared in any case or spacing ("nut allergy", "nutAllergy")."""
    return re.sub(r"[\W_]+", "", name).casefold()


#: Words that keep an info alert a caution though the lexicon reads no allergy or condition in it ("Kiwi allergy",
#: "Asthma — check inhaler", "Avoid lower back", "Do not use hot stones"): marked info by mistake, or about care.
_CARE_WORDS = re.compile(
    r"\b(?:pregnan\w*|contraindicat\w*|medicat\w*|injur\w*|surg\w*|conditions?|doctor|asthma\w*|inhaler"
    r"|avoid\w*|do\s+not|don['’]?t|never|not\s+(?:to|use|suitable))\b",
    re.IGNORECASE,
)


#: What makes a warning the front desk's business rather than the therapist's: payment ("Card declined last visit",
#: "Owes $40 from the no-show fee", "Deposit not paid").
_PAYMENT_WORDS = re.compile(
    r"\b(?:cards?|credit\s+card|payments?|paid|unpaid|pay|balance|owes?|owed|outstanding|deposits?|invoices?|refunds?"
    r"|charged?|charges|declined|billing|bill|fees?|gift\s+cards?|prepa(?:id|y\w*))\b",
    re.IGNORECASE,
)


def alert_is_caution(alert: Alert, read: GuestProfile) -> bool:
    """Whether a therapist is told one of the spa's alerts as a caution (else it is a note): a critical one always; a
    warning one unless it is about payment only ("Card declined last visit": the front desk's business); an info one
    when it is about safety: it names an allergy or condition the guest has (``read``: the alert read offline,
    ``read_alerts``; a "Nut allergy" marked info is still one) or speaks of allergies, sensitivities, health or what
    to avoid at all. A warning that speaks of payment and of safety ("Card declined; latex allergy") stays one."""
    if alert.severity == "critical" or read.values("allergies") or read.values("contraindications"):
        return True
    if any(cue.search(alert.text) for cue in (lx.SENSITIVITY_WORD, lx.ALERT_HEADING, _CARE_WORDS)):
        return True
    return alert.severity == "warning" and not _PAYMENT_WORDS.search(alert.text)


def caution_alerts(alerts: Iterable[Alert], *, today: date) -> list[Alert]:
    """The spa's alerts on a client that are cautions (``alert_is_caution``, read on ``today``), in their order."""
    chosen = list(alerts)
    return [alert for alert, read in zip(chosen, read_alerts(chosen, today=today), strict=True) if alert_is_caution(alert, read)]


def last_visit(
    past: Iterable[Appointment],
    *,
    before: datetime,
    services: Mapping[str, Service],
    staff: Mapping[str, Staff],
    zone: tzinfo | None = None,
) -> tuple[LastVisit | None, int]:
    """The newest completed visit before ``before`` (and what was done), and how many completed visits there were.

    The visit's day is taken in ``zone`` (the location's), or else in ``before``'s offset: never in whatever
    offset the platform happened to send (an 8pm visit in New York is the next day in UTC).
    """
    done = [a for a in past if a.status == AppointmentStatus.completed and a.start_at < before]
    if not done:
        return None, 0
    newest = max(done, key=lambda a: a.start_at)
    by_service: dict[str, dict[str, None]] = {}  # service name → its therapists' first names, in order
    for line in newest.services:
        therapists = by_service.setdefault(_service_name(line.service_id, line.service_name, services), {})
        if line.staff_id in staff:
            therapists.setdefault(staff[line.staff_id].first_name)
    first_staff = next((staff[sid] for line in newest.services if (sid := line.staff_id) and sid in staff), None)
    day = newest.start_at.astimezone(zone or before.tzinfo).date()
    return LastVisit(
        day,
        tuple(by_service),
        first_staff.first_name if first_staff else None,
        tuple(tuple(names) for names in by_service.values()),
    ), len(done)


#: How a DM names a booked service the spa's menu no longer lists (and the booking gives no name for): never its id.
SERVICE_NOT_ON_MENU = "a service not on the menu"


def _service_name(service_id: str, given: str, services: Mapping[str, Service]) -> str:
    return given or (services[service_id].name if service_id in services else SERVICE_NOT_ON_MENU)


def guest_brief(
    appointment: Appointment,
    staff_id: str,
    *,
    client: Client | None,
    profile: GuestProfile,
    services: Mapping[str, Service],
    resources: Mapping[str, Resource],
    staff: Mapping[str, Staff],
    past: Iterable[Appointment] = (),
    risk: RiskNote | None = None,
    summary: str = "",
    summary_source: SummarySource = SummarySource.offline,
    location: Location | None = None,
    conflicts: Iterable[Conflict] = (),
    alerted: Collection[str] = (),
) -> GuestBrief:
    """Everything one therapist should know about one guest of one appointment (dates in ``location``'s zone).

    With ``client`` None (the platform has no record of them) the appointment is still there: time, services
    and room, with "guest details unavailable" to check.

    ``conflicts``: what the conflict engine found in the day's book (``booking_conflicts`` keeps those about this
    therapist's part of this booking); ``alerted``: the keys of those the front desk has a standing alert about."""
    lines = [line for line in appointment.services if line.staff_id == staff_id] or appointment.services
    start, end = _staff_window(appointment, staff_id)
    booked = [services[line.service_id] for line in lines if line.service_id in services]
    rooms = _rooms(appointment, lines, resources)
    zone = location.tz if location is not None else None
    free = next(filter(None, (hands_free(line, services.get(line.service_id), zone or UTC) for line in lines)), None)
    names = tuple(dict.fromkeys(_service_name(line.service_id, line.service_name, services) for line in lines))
    found = booking_conflicts(
        conflicts, appointment, staff_id, services=services, resources=resources, staff=staff, alerted=alerted
    )
    if client is None:
        return GuestBrief(
            appointment_id=appointment.id,
            client_id=appointment.client_id,
            first_name=UNKNOWN_GUEST_NAME,
            start=start,
            end=end,
            service_names=names,
            rooms=rooms,
            hands_free=free,
            alerts=(UNKNOWN_GUEST_CAUTION,),
            risk=risk,
            summary=summary,
            summary_source=summary_source,
            conflicts=found,
        )
    previous, visits = last_visit(past, before=appointment.start_at, services=services, staff=staff, zone=zone)
    alerts = sorted(client.alerts, key=lambda alert: {"critical": 0, "warning": 1}.get(alert.severity, 2))
    # the spa's alerts read as of the appointment's own day (pure: no clock read): "stopped Accutane in 2026"
    on_day = appointment.start_at.astimezone(zone).date() if zone is not None else appointment.start_at.date()
    previous = with_recorded_visit(previous, client.last_visit_date, on_day=on_day)
    read = read_alerts(alerts, today=on_day)
    records = records_profile(read, appointment, today=on_day)
    safety = list(dict.fromkeys([*safety_names(client, profile), *safety_names(client, records)]))
    alert_lines, own_lines = alerts_with_cautions([alert.text for alert in alerts], safety, today=on_day, read=read,
                                                  severe=severe_allergies(client, profile))
    private = private_words(client)
    # the booking's note naming an allergy or condition is a caution: said once, in the note's words (as an alert is)
    note, note_read, in_alert = _booking_note(appointment, read, own_lines, on_day=on_day, private=private)
    note_is_caution = note_read is not None and in_alert is None
    # a booked service the guest's caution rules out says its handling: the caution's own line would say it again
    on_file = _said_texts(client, appointment)
    severe = [name for name in own_lines if _said_severe(name, profile, records, texts=on_file)]
    contraindicated = ruled_out(booked, client, profile, also=records)
    skin_only = face_and_skin_only(booked, len(booked) == len(lines))
    ruled, own_lines = ruled_out_lines(contraindicated, own_lines, severe=severe, skin=skin_only)
    if note_read is not None and in_alert is None:  # with the handling of what only it names, that nothing said yet
        noted = {name.lower() for name in safety_names(client, profile)}  # their lines keep a site: "surgery (left knee)"
        its_own = [name for name in own_lines if name.lower() not in noted]
        said_lines, unsaid = alerts_with_cautions([appointment.notes], its_own, today=on_day, read=[note_read])
        own_lines = [name for name in own_lines if name not in its_own or name in unsaid]
        note = guest_words_for_staff(said_lines[0], names=private, limit=500)
    # a facial for a guest whose notes say "No face work", a deep tissue for "light pressure only": a caution, not a
    # preference beside it
    kept_off = [
        *areas_kept_off(booked, profile, also=records, booking_note=appointment.notes),
        *pressure_kept_off(booked, profile, also=records, booking_note=appointment.notes),
        *not_said_already(modalities_kept_off(booked, notes=client.notes, alerts=[alert.text for alert in alerts],
                                              booking_note=appointment.notes), contraindicated),
    ]
    quoted = [kept.evidence for kept in kept_off if kept.evidence and kept.evidence in appointment.notes]
    if quoted and note and not note_is_caution:  # "no face work today" on a facial: the booking's note is the caution
        whole = any(_folded_name(words) == _folded_name(appointment.notes) for words in quoted)
        note, note_is_caution = ("", False) if whole else (note, True)  # quoted whole in the caution: said there
    for kept in kept_off:  # an alert's words are its own line in the briefing: "which an alert says to avoid" points there
        quote = kept.evidence and kept.said_in != ALERT
        said = f" (“{guest_words_for_staff(kept.evidence, names=private, limit=_QUOTE_LIMIT)}”)" if quote else ""
        ruled.append(f"{kept.sentence}{said}{kept.before_it_starts[len(kept.sentence):]}")
    allergic = _allergy_names(client, profile, records)
    # an info alert that is a note stands for no safety name (one it names makes it a caution), so no caution is lost
    caution = [alert_is_caution(alert, said) for alert, said in zip(alerts, read, strict=True)]
    shown = [guest_words_for_staff(line, names=private, limit=500) for line in alert_lines]
    if in_alert is not None and note:  # all it names an alert says: said there, once ("LATEX ALLERGY … — booking note: “…”")
        shown[in_alert] = f"{shown[in_alert]} — booking note: “{note}”"
        note = ""
    return GuestBrief(
        appointment_id=appointment.id,
        client_id=client.id,
        first_name=shown_first_name(client.first_name),  # never a phone or a note typed into the field
        start=start,
        end=end,
        service_names=names,
        rooms=rooms,
        hands_free=free,
        # every preference, on a facial too: "Pressure: light (face)", "Focus: neck" are the esthetician's (rev52f)
        preferences=tuple(
            preferences(client, profile, safety=safety, said_areas=[kept.area for kept in kept_off if kept.area])
        ),
        allergies=tuple(
            safety_line(name, allergy=name.lower() in allergic, site=(site := _site(name, profile, today=on_day)),
                        where=_where(name, site, profile), severe=name in severe, skin=skin_only)
            for name in own_lines
        ),
        contraindications=tuple(ruled),
        alerts=tuple(line for line, is_caution in zip(shown, caution, strict=True) if is_caution),
        alert_notes=tuple(line for line, is_caution in zip(shown, caution, strict=True) if not is_caution),
        booking_note=note,
        booking_note_is_caution=note_is_caution,
        last_visit=previous,
        visits=visits,
        new_client=(new := visits == 0 and client.last_visit_date is None),
        risk=_of_visit(_unsaid(risk, new), appointment, start, staff_id, services=services, staff=staff, location=location),
        summary=summary,
        summary_source=summary_source,
        partners=_partners(appointment, staff_id, staff),
        short_name=client.short_name,
        whole_name=client.whole_name,
        couples=is_couples(appointment, staff_id, services),
        conflicts=found,
        nothing_on_file=nothing_on_file(client, profile, note_read is not None),
        notes_in_part=notes_read_in_part(client.notes, appointment.notes),
        notes_on_file=bool(client.notes.strip() or appointment.notes.strip()),  # hers, or the booking's (rev42j)
    )


#: A service's category or name that says face or skin work (a facial, a peel, brows and lashes)...
_FACE_AND_SKIN = re.compile(
    r"\b(?:facials?|skin\s*care|skin|peels?|esthetics?|aesthetics?|brows?|lash(?:es)?|dermaplan\w*|microneedl\w*)\b",
    re.IGNORECASE,
)
#: ...and one that says the body is worked (a massage, a body wrap): a "Back Facial" or "Facial & Massage" is one.
_BODYWORK = re.compile(
    r"massage|\bbody\b|\bback\b|reflexolog|\bstones?\b|\bwraps?\b|scrub|couples|shiatsu|thai|reiki|stretch",
    re.IGNORECASE,
)


def face_and_skin_only(booked: Sequence[Service], all_known: bool = True) -> bool:
    """True when every service of the therapist's part is face or skin work by its category or name (a facial, a
    peel, brow and lash work) and none of them works the body (a massage, a wrap, a back facial): its briefing then
    gives pregnancy's handling for that work (``SKIN_CAUTIONS``). False for a service the menu does not list (``all_known`` false), or none: as a massage, the safe side."""
    if not booked or not all_known:
        return False
    return all(
        _FACE_AND_SKIN.search(f"{service.category} {service.name}") and not _BODYWORK.search(f"{service.category} {service.name}")
        for service in booked
    )


def nothing_on_file_line(notes_on_file: bool) -> str:
    """The line for a guest ``nothing_on_file`` holds true of: to ask, and to read her notes when she has some."""
    return NOTHING_READ_IN_NOTES if notes_on_file else NOTHING_ON_FILE


def nothing_on_file(client: Client, profile: GuestProfile, booking_note_cautions: bool = False) -> bool:
    """Whether the spa holds no health details of a guest, new or not (``NOTHING_ON_FILE`` then asks about
    allergies, pregnancy and medications): no alerts, no intake answer (an answer of "none" is one: they were asked),
    notes giving no allergy or condition ("Found us on Instagram. Pays cash." gives none), and no allergy or condition
    in the booking's note (``booking_note_cautions``; a note of logistics, "running late", "gift voucher", says
    nothing about the guest's health). A therapist told nothing of such a guest took it for "nothing to watch out
    for". Notes whose only find is an allergy not named ("Allergies: yes": ``UNNAMED_ALLERGY``) hold nothing either:
    its own line asks what the allergy is, this one about pregnancy and medications too. A preference (in the notes
    or the record's fields: "likes firm pressure") is no health detail either: until s33 one switched the line off,
    so a Spanish note read only for its "Presión suave" briefed a guest with allergies and hypertension as pressure
    alone, and without the ask."""
    intake = client.health_history
    answered = intake.allergies or intake.conditions or intake.medications or intake.pregnant is not None
    named = any(value != UNNAMED_ALLERGY for value in profile.values("allergies"))
    read = named or bool(profile.contraindications)
    return not (client.alerts or answered or read or booking_note_cautions)


def _booking_note(
    appointment: Appointment, read: Sequence[GuestProfile], own_lines: Sequence[str], *, on_day: date, private: Sequence[str]
) -> tuple[str, GuestProfile | None, int | None]:
    """The booking's note as staff are shown it; read for allergies and conditions when it names any (else None), and
    then, when an alert of the guest (``read``: each read) names all of them already (none is among ``own_lines``,
    the names still to say), which alert (the first naming one): a staff-eye review found "latex allergy!!" both as
    "⚠ LATEX ALLERGY - nitrile only" and as "✨ Booking note: latex allergy!!"."""
    if not appointment.notes.strip():
        return "", None, None
    shown = guest_words_for_staff(appointment.notes, names=private)
    note_read = extract_profile_offline(appointment.notes, today=on_day)
    names = {name.lower() for name in (*note_read.values("allergies"), *note_read.values("contraindications"))}
    if not names:
        return shown, None, None
    if names & {name.lower() for name in own_lines}:
        return shown, note_read, None
    said = (i for i, alert in enumerate(read)
            if names & {name.lower() for name in (*alert.values("allergies"), *alert.values("contraindications"))})
    return shown, note_read, next(said, None)


def _unsaid(risk: RiskNote | None, new_client: bool) -> RiskNote | None:
    """The risk without the reasons the brief already gives: "new client (first appointment)" beside "(first visit)"
    said one fact twice on one line."""
    if risk is None or not new_client or NEW_CLIENT_REASON not in risk.reasons:
        return risk
    return replace(risk, reasons=tuple(reason for reason in risk.reasons if reason != NEW_CLIENT_REASON))


def _of_visit(
    risk: RiskNote | None,
    appointment: Appointment,
    start: datetime,
    staff_id: str,
    *,
    services: Mapping[str, Service],
    staff: Mapping[str, Staff],
    location: Location | None,
) -> RiskNote | None:
    """The risk, saying which visit it is of when the therapist's part starts after the visit does (a 1:00pm massage
    with Ana, then a 2:15pm facial with Claire): a no-show misses the whole visit, so Claire is told the visit's band and
    reasons, as the visit's, and who sees first whether the guest came ("the visit from 1:00pm (Swedish Massage 60
    with Ana)"); its reasons said as her facial's read as wrong."""
    if risk is None or start <= appointment.start_at:
        return risk
    first = [line for line in appointment.services if line.start_at == appointment.start_at and line.staff_id != staff_id]
    names = list(dict.fromkeys(_service_name(line.service_id, line.service_name, services) for line in first))
    who = list(dict.fromkeys(staff[line.staff_id].first_name for line in first if line.staff_id in staff))
    what = f" ({', '.join(names)}{f' with {listed(who)}' if who else ''})" if names else ""
    when = clock(appointment.start_at, location) if location is not None else wall_clock(appointment.start_at.time())
    return replace(risk, visit=f"the visit from {when}{what}")


def _partners(appointment: Appointment, staff_id: str, staff: Mapping[str, Staff]) -> tuple[str, ...]:
    """The first names of the other therapists on lines of ``appointment`` at the same time as ``staff_id``'s own (the
    other hands of a four-hands or couples booking), each once; not those of its parts before or after theirs."""
    mine = [line for line in appointment.services if line.staff_id == staff_id]
    beside = [
        line.staff_id
        for line in appointment.services
        if line.staff_id and line.staff_id != staff_id and line.staff_id in staff
        and any(line.start_at < own.end_at and own.start_at < line.end_at for own in mine)
    ]
    return tuple(dict.fromkeys(staff[sid].first_name for sid in beside))


def _rooms(appointment: Appointment, lines: Sequence[ServiceLine], resources: Mapping[str, Resource]) -> tuple[str, ...]:
    """The names of the rooms these lines of ``appointment`` are in, each once (``Appointment.rooms_of``: a line naming
    none is in the rooms of the booking's lines beside it), as the day book says: one the resource list does not have
    by its id (``daybook.unlisted_room``), listed equipment left out."""
    rooms = shown_as_rooms(resources.values())
    return tuple(dict.fromkeys(_room_name(r, resources) for line in lines for r in appointment.rooms_of(line, rooms)))


def _room_name(resource_id: str, resources: Mapping[str, Resource]) -> str:
    return resources[resource_id].name if resource_id in resources else unlisted_room(resource_id)


# ---------------------------------------------------------------------------------------------------
# What the conflict engine found with the booking


def booking_conflicts(
    conflicts: Iterable[Conflict],
    appointment: Appointment,
    staff_id: str,
    *,
    services: Mapping[str, Service],
    resources: Mapping[str, Resource],
    staff: Mapping[str, Staff],
    alerted: Collection[str] = (),
) -> tuple[BookingConflict, ...]:
    """The conflicts (``find_conflicts``' own, of the day's book) a therapist's briefing mentions under this guest: of
    the kinds about their own day (``BRIEFED_CONFLICTS``), involving this appointment, and about this therapist (the
    staff member double-booked, lacking the skill or certification, booked outside their shift) or about the room of
    their part of the booking. In the engine's order; ``alerted`` are the keys the front desk has a standing alert
    about. The rules are the conflict engine's alone: this only picks its findings and what to call them."""
    mine = [line for line in appointment.services if line.staff_id == staff_id]
    shown = shown_as_rooms(resources.values())
    my_rooms = {rid for line in mine for rid in appointment.rooms_of(line, shown)}
    found: list[BookingConflict] = []
    for conflict in conflicts:
        if conflict.kind not in BRIEFED_CONFLICTS or appointment.id not in conflict.appointment_ids:
            continue
        told = conflict.key in alerted
        if conflict.kind == ConflictKind.room_double_booked:
            room = next((rid for rid in conflict.resource_ids if rid in my_rooms), None)
            if room is not None:
                found.append(BookingConflict(conflict.kind, told, room=_room_name(room, resources)))
        elif staff_id not in conflict.staff_ids:
            continue
        elif conflict.kind == ConflictKind.staff_double_booked:
            others = tuple(aid for aid in conflict.appointment_ids if aid != appointment.id)
            found.append(BookingConflict(conflict.kind, told, overlaps=others))
        elif conflict.kind in (ConflictKind.missing_skill, ConflictKind.missing_certification):
            needs = _needs(conflict.kind, mine, services, staff.get(staff_id))
            found.append(BookingConflict(conflict.kind, told, needs=needs))
        else:
            found.append(BookingConflict(conflict.kind, told))
    return tuple(found)


def _needs(kind: ConflictKind, lines: Sequence[ServiceLine], services: Mapping[str, Service], member: Staff | None) -> str:
    """What the therapist's services need that the conflict says they lack, in words: "the deep tissue skill", "a
    valid hot stone certification" (several: "the deep tissue and hot stone skills"); "" when the services name none
    the therapist lacks (the wording then stays general)."""
    booked = [services[line.service_id] for line in lines if line.service_id in services]
    if kind == ConflictKind.missing_skill:
        held = {credential_word(skill, skill=True) for skill in (member.skills if member else ())}
        wanted = [s.required_skill for s in booked
                  if s.required_skill and credential_word(s.required_skill, skill=True) not in held]
        words = list(dict.fromkeys(catalogue_words(skill) for skill in wanted if skill))
        return f"the {listed(words)} skill{'s' if len(words) > 1 else ''}" if words else ""
    wanted = [s.required_certification for s in booked if s.required_certification]
    words = list(dict.fromkeys(catalogue_words(name) for name in wanted if name))
    if not words:
        return ""
    return f"{with_article('valid ' + words[0])} certification" if len(words) == 1 else f"valid {listed(words)} certifications"


#: How the prep DM flags the conflict line: as its cautions ("Check: …"; a staff-eye review found "Check:" and "⚠" mixed
#: in one DM); the morning DM shows it among the cautions, with their ⚠
CONFLICT_FLAG = "Check: "

#: How a briefing ends a conflict's line: the front desk has the alert (nothing for the therapist to do but know)...
FRONT_DESK_ALERTED = "the front desk has been alerted"
#: ...or it has none standing yet (the check has not run since it was booked, or its card could not be posted).
FRONT_DESK_UNTOLD = "please check with the front desk"


def conflict_line(guest: GuestBrief, briefing: TherapistBriefing) -> str:
    """One short line under a guest of a therapist's briefing saying what the conflict engine found with the booking
    ("" when nothing): "Overlaps Naomi's 12:00pm booking — the front desk has been alerted", "This service needs the
    deep tissue skill — …"; several joined ("Overlaps Naomi's 12:00pm booking; it runs outside your shift — …"). The
    other guest of a double booking is named as the briefing names them (the therapist's own guest); the line claims
    the front desk was alerted only when every conflict on it has a standing alert (else "please check with the
    front desk")."""
    return booking_conflict_line(guest, briefing.guests, briefing.location)


def booking_conflict_line(guest: GuestBrief, others: Iterable[GuestBrief], location: Location) -> str:
    """``conflict_line`` with the therapist's other guests of the day given as ``others`` (those it may name: the
    briefing's guests, or, for the prep DM, the bookings the guest's overlaps, named as the morning DM names them)."""
    return conflict_sentence(conflict_clauses(guest.conflicts, others, location), guest.conflicts)


def conflict_clauses(
    conflicts: Sequence[BookingConflict], others: Iterable[GuestBrief], location: Location
) -> list[str]:
    """What a booking's conflict line says of each of its ``conflicts``, in its order (``_overlaps_first``), each once,
    as a clause (lower case: "overlaps Adeline's 2:00pm booking", "this service needs the hot stone skill")."""
    by_id = {other.appointment_id: other for other in others}
    return list(dict.fromkeys(_conflict_words(found, by_id, location) for found in _overlaps_first(conflicts, by_id)))


def conflict_sentence(clauses: Sequence[str], conflicts: Iterable[BookingConflict]) -> str:
    """``clauses`` as one line, the first capitalized, ending with whether the front desk was alerted of every one of
    ``conflicts``; "" for none."""
    if not clauses:
        return ""
    text = "; ".join(clauses)
    ending = FRONT_DESK_ALERTED if all(found.alerted for found in conflicts) else FRONT_DESK_UNTOLD
    return f"{text[:1].upper()}{text[1:]} — {ending}"


def _overlaps_first(found: Sequence[BookingConflict], by_id: Mapping[str, GuestBrief]) -> list[BookingConflict]:
    """The conflicts of a booking as its line says them: its double bookings first, those whose every other booking
    the line may name (``by_id``) joined into one ("overlaps Adeline's 2:00pm and Sophia's 3:15pm bookings; this
    service needs …", not the skill between two overlaps), then the rest in their order."""
    double = [f for f in found if f.kind == ConflictKind.staff_double_booked]
    named = [f for f in double if f.overlaps and all(aid in by_id for aid in f.overlaps)]
    joined = (
        [replace(named[0], overlaps=tuple(dict.fromkeys(aid for f in named for aid in f.overlaps)))] if named else []
    )
    return [*joined, *(f for f in double if f not in named), *(f for f in found if f.kind != ConflictKind.staff_double_booked)]


def _conflict_words(found: BookingConflict, by_id: Mapping[str, GuestBrief], location: Location) -> str:
    if found.kind == ConflictKind.staff_double_booked:
        if not found.overlaps:
            return "its services are booked with you at the same time"
        known = [by_id[aid] for aid in found.overlaps if aid in by_id]
        if len(known) < len(found.overlaps):  # a booking of another day or location: not this briefing's to name
            return "overlaps another booking of yours"
        known.sort(key=lambda other: (other.start.timestamp(), other.appointment_id))
        named = [_whose(other, location) for other in known]
        return f"overlaps {listed(named)} booking{'s' if len(named) > 1 else ''}"
    if found.kind == ConflictKind.missing_skill:
        return f"this service needs {found.needs}" if found.needs else "you're not listed with the skill this service needs"
    if found.kind == ConflictKind.missing_certification:
        return f"this service needs {found.needs}" if found.needs else "this service needs a certification you're not listed with"
    if found.kind == ConflictKind.outside_shift:
        return "it runs outside your shift"
    return f"{found.room} is double-booked then"


def _whose(guest: GuestBrief, location: Location) -> str:
    """Another booking of the therapist's day as a conflict line names it: "Naomi's 12:00pm", "Madelyn and partner's
    12:00pm", "the 12:00pm" for a guest whose record the spa system could not find; a name the briefing told apart
    by its time ("Siobhan Kelly (12:00pm)") without the time twice."""
    when = clock(guest.start, location)
    if UNKNOWN_GUEST_CAUTION in guest.alerts:
        return f"the {when}"
    name = guest.first_name.removesuffix(f" ({when})")
    return f"{name}{' and partner' if guest.couples else ''}'s {when}"


def therapist_briefing(
    member: Staff, location: Location, day: date, guests: Iterable[GuestBrief], *, elsewhere: Iterable[str] = (),
    home_zone: str | None = None,
) -> TherapistBriefing:
    """A therapist's day at ``location`` from their guests there (sorted by time); ``elsewhere`` names the other
    locations where they have guests that day. Their shift is shown only at their own location; ``home_zone`` (the
    zone of their own location) labels the times of a briefing away where the clocks differ."""
    # by the instant: times of one zone compare by their wall clocks (1:15am EST before 1:30am EDT, the night the
    # clocks go back)
    ordered = told_apart(sorted(guests, key=lambda g: (g.start.timestamp(), g.appointment_id)), location=location)
    parts = () if is_away(member, location) else shift_parts(member, day)
    shift = (parts[0][0], parts[-1][1]) if parts else None
    others = tuple(dict.fromkeys(name for name in elsewhere if name != location.name))
    home = home_zone if is_away(member, location) else None
    return TherapistBriefing(member, location, day, ordered, shift, others, parts, home_zone=home)


def told_apart(guests: Sequence[GuestBrief], *, location: Location | None = None) -> tuple[GuestBrief, ...]:
    """Guests of one day who share a first name but are different clients are named by first name and last initial
    ("Siobhan K.", "Siobhan M."), as the fill card names candidates, so no caution is read as another's, and by their
    whole last name when the initials are alike too ("Skylar Dubois", "Skylar Davis"), as the day book names them
    (``reads.guest_names``); one guest booked twice keeps their first name. With ``location``, those whose names are
    still alike (two Siobhan Kellys, or no last name to take an initial from) are also named by their time there:
    "Siobhan Kelly (10:00am)" (the morning DM; a prep DM, which says the time already, passes none)."""
    names = _names_apart([(guest.client_id, guest.first_name, guest.short_name, guest.whole_name) for guest in guests])
    named = [replace(guest, first_name=name) for guest, name in zip(guests, names, strict=True)]
    if location is None:
        return tuple(named)
    alike = first_names_shared((guest.client_id, guest.first_name) for guest in named)
    return tuple(
        replace(guest, first_name=f"{guest.first_name} ({clock(guest.start, location)})") if guest.first_name in alike else guest
        for guest in named
    )


def _names_apart(guests: Sequence[tuple[str, ...]]) -> list[str]:
    """The names of guests of one day (client id, first name, short name, ``Client.short_name``, and optionally the
    whole name, ``Client.whole_name``) told apart: the short name ("Siobhan K.") of each whose first name another client
    shares, when they have one, and the whole name ("Siobhan Kelly") of each whose short name another client shares
    too, when they have one (``told_apart``)."""
    shared = first_names_shared((guest[0], guest[1]) for guest in guests)
    names = [guest[2] if guest[1] in shared and guest[2] else guest[1] for guest in guests]
    alike = first_names_shared((guest[0], name) for guest, name in zip(guests, names, strict=True) if guest[1] in shared)
    return [
        whole if name in alike and guest[1] in shared and (whole := _whole(guest)) else name
        for guest, name in zip(guests, names, strict=True)
    ]


def _whole(guest: tuple[str, ...]) -> str:
    return guest[3] if len(guest) > 3 else ""


def named_among(
    client_id: str, first_name: str, short_name: str, others: Iterable[tuple[str, ...]], *, whole: str = ""
) -> str:
    """A guest's name as their therapist's morning DM says it (``told_apart``) among the therapist's other guests of
    that day at the location (``others``: client id, first name, short name and whole name, ``Client.whole_name``):
    "Siobhan K." when another guest of the day is a Siobhan too, "Siobhan Kelly" (``whole``) when she is a Siobhan K.
    too. For the prep DM, whose first line gives the time, and its updates."""
    return _names_apart([(client_id, first_name, short_name, whole), *others])[0]


# ---------------------------------------------------------------------------------------------------
# Words


def clock(moment: datetime, location: Location) -> str:
    """``9:30am`` in the location's zone; ``1:30am EST`` for a time its clocks read twice that night
    (``domain.shown_clock``)."""
    return shown_clock(moment, location.tz)


def away_clock(moment: datetime, location: Location, home_zone: str | None) -> str:
    """``clock``, labelled with the location's zone where its clocks read otherwise than ``home_zone``'s (the
    therapist's own location's, when the briefing or DM is about another): "11:00am PST" to a New York therapist."""
    zone = location.tz
    differ = home_zone is not None and moment.astimezone(zone).utcoffset() != moment.astimezone(ZoneInfo(home_zone)).utcoffset()
    return shown_clock(moment, zone, named=differ)


def _shift_words(shift: tuple[str, str]) -> str:
    start, end = (time.fromisoformat(t) for t in shift)
    return f"{wall_clock(start)}–{wall_clock(end)}"


def listed(names: Sequence[str]) -> str:
    """"Ana", "Ana and Kai", "Ana, Kai and Mia"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def day_summary(briefing: TherapistBriefing, *, today: date | None = None) -> str:
    """The opening line of a briefing; a plain one when nobody is booked (a day off, with no shift there either, says
    just that: "You have no shift and no bookings today.", without a greeting). It counts guests (clients: one booked twice
    is "1 guest (2 appointments)"), new clients and guests with something to check. A briefing away from the
    therapist's own location says where it is about; one that leaves out guests at other locations says where.

    ``today`` is the location's today (None: the briefing's own day, as in the morning DM). Only the morning DM greets
    ("Good morning, Ana. …"): a ``/spa brief`` preview may be read at any hour, of a day that is over by then, so it
    says the day plainly ("5 guests today, …", "5 guests tomorrow, …", "… on Fri 4 Dec, …") and an empty one promises
    nothing ("… today so far.", "… tomorrow so far.")."""
    name = briefing.staff.first_name
    elsewhere = (
        f" Your guests at {listed(briefing.elsewhere)} come in a separate briefing." if briefing.elsewhere else ""
    )
    when = _day_words(briefing.day, today)
    if briefing.is_empty and briefing.over:  # the morning DM of a day whose every booking was over before it went
        parts = briefing.shift_parts or ((briefing.shift,) if briefing.shift else ())
        shift = f" Your shift is {listed([_shift_words(part) for part in parts])}." if parts else ""
        greeting = f"Good morning, {name}. " if parts else ""
        where = f" at {briefing.location.name}" if briefing.elsewhere else ""
        later = elsewhere if briefing.elsewhere else " You'll get a DM if anyone books in."
        return f"{greeting}No more guests are booked with you{where} {when} ({_over_words(briefing)}).{shift}{later}"
    if briefing.is_empty:
        parts = briefing.shift_parts or ((briefing.shift,) if briefing.shift else ())
        shift = f" Your shift is {listed([_shift_words(part) for part in parts])}." if parts else ""
        where = f" at {briefing.location.name}" if briefing.elsewhere else ""
        were = today is not None and briefing.day < today
        if not parts and not briefing.elsewhere:  # a day off: no morning DM is sent, so this is a preview; say it plainly
            return f"You had no shift and no bookings {when}." if were else f"You have no shift and no bookings {when}."
        if today is not None:  # a preview: no greeting, and nobody told of later bookings by this one
            said = f"No guests were booked with you{where} {when}." if were else f"No guests are booked with you{where} {when} so far."
            return f"{said}{shift}{elsewhere}"
        # the morning DM of a working day greets; without a shift here it is no working day here (a preview)
        greeting = f"Good morning, {name}. " if parts else ""
        if briefing.elsewhere:
            return f"{greeting}No guests are booked with you at {briefing.location.name} today.{shift}{elsewhere}"
        return f"{greeting}No guests are booked with you today.{shift} You'll get a DM if anyone books in."
    guests = briefing.guests
    over = _over_words(briefing)
    people = len({g.client_id for g in guests})  # a guest booked twice is one guest with two appointments
    count = plural(people, "guest") + (f" ({plural(len(guests), 'appointment')})" if len(guests) != people else "")
    first = away_clock(guests[0].start, briefing.location, briefing.home_zone if briefing.away else None)
    greeting = f"Good morning, {name}. " if today is None else ""  # the morning DM's, never a preview's
    if briefing.away:
        opening = (
            f"{greeting}You're booked at {briefing.location.name} {when}, away from your usual location: "
            f"{count} there, the first at {first}{f' ({over})' if over else ''}."
        )
    else:
        opening = f"{greeting}{count} {when}, the first at {first}{f' ({over})' if over else ''}."
    parts = [opening]
    new = len({g.client_id for g in guests if g.new_client})
    if new:
        parts.append(f"{plural(new, 'new client')}.")
    careful = len({g.client_id for g in guests if g.cautions})
    if careful:
        parts.append(f"{careful} with something to check first.")
    return " ".join(parts) + elsewhere


def _over_words(briefing: TherapistBriefing) -> str:
    """The bookings of the day over before the morning DM went (``TherapistBriefing.over``), as its opening line
    says them: "your 12:30am booking is over", "your 12:30am and 1:45am bookings are over"; "" for none."""
    if not briefing.over:
        return ""
    # two bookings at one hour (two guests at 12:30am) say it once
    times = list(dict.fromkeys(clock(start, briefing.location) for start in sorted(briefing.over, key=lambda t: t.timestamp())))
    return f"your {listed(times)} booking{'s are' if len(briefing.over) > 1 else ' is'} over"


def left_out_when_over(briefing: TherapistBriefing, over_ids: Collection[str]) -> TherapistBriefing:
    """The morning DM's briefing without the guests of ``over_ids`` (bookings over before it went, their prep DM
    sent: nothing left to prepare), their starts kept in ``over`` for its opening line; the briefing unchanged when
    none of its guests is among them."""
    gone = [guest for guest in briefing.guests if guest.appointment_id in over_ids]
    if not gone:
        return briefing
    kept = tuple(guest for guest in briefing.guests if guest.appointment_id not in over_ids)
    return replace(briefing, guests=kept, over=(*briefing.over, *(guest.start for guest in gone)))


def _day_words(day: date, today: date | None) -> str:
    """``today``, ``tomorrow`` or ``on Fri 4 Dec`` (``on Fri 4 Dec 2027`` in another year) seen from ``today``
    (None: ``day`` is today)."""
    if today is None or day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"on {day_label(day, seen_from=today)}"


def prep_text(
    guest: GuestBrief,
    location: Location,
    *,
    now: datetime | None = None,
    away: bool = False,
    overlapped: Iterable[GuestBrief] = (),
    conflict: str | None = None,
    home_zone: str | None = None,
) -> str:
    """The short pre-appointment DM about one guest ("Coming up at 2:00pm: …"; "Coming up Wed 25 Nov at 9:15am: …"
    when it is not the location's today at ``now``; "Started at 10:03am: …" when it has started by ``now``: a
    walk-in); ``away`` (the location is not the therapist's own) names the location. Under the guest's cautions, the
    morning DM's line on what the conflict engine found with the booking (``booking_conflict_line``; ``overlapped``:
    the guests of the bookings it overlaps, named as the morning DM names them), never on the first line; or
    ``conflict``, that line as the caller said it (one naming a booking at another location), "" for none. Away, with
    ``home_zone`` (the therapist's own location's zone), its time is labelled where the clocks differ ("Coming up at
    11:00am PST at Juniper & Salt Venice")."""
    room = f" in {', '.join(guest.rooms)}" if guest.rooms else ""
    who = guest.shown_name_new("new client", always=True, visits=True)  # "Sophia (new client)", "Owen (26th visit)"
    where = f" at {location.name}" if away else ""
    when = "Started" if now is not None and guest.start < now else "Coming up"
    day = f" {day_label(guest.start.astimezone(location.tz).date())}" if now is not None and not _today(guest.start, location, now) else ""
    free = f" (free {clock(guest.hands_free[0], location)}–{clock(guest.hands_free[1], location)} while it processes)" if guest.hands_free else ""
    at = away_clock(guest.start, location, home_zone if away else None)
    lines = [f"{when}{day} at {at}{where}: {who}, {guest.services_words}{room}{free}."]
    lines += [f"Check: {caution}" for caution in guest.cautions_and_asks]
    if conflict is None:
        conflict = booking_conflict_line(guest, overlapped, location)
    if conflict:
        lines.append(f"{CONFLICT_FLAG}{conflict}")
    if guest.preferences:
        lines.append("Preferences: " + "; ".join(guest.preferences))
    lines += [f"Note: {note}" for note in guest.alert_notes]
    if guest.booking_note and not guest.booking_note_is_caution:
        lines.append("Booking note: " + guest.booking_note)
    if guest.last_visit:
        lines.append("Last visit: " + last_visit_words(guest.last_visit))
    if risk := prep_risk_words(guest.risk):
        lines.append(risk)
    if guest.summary:
        lines.append(guest.summary)
    return "\n".join(lines)


def prep_risk_words(risk: RiskNote | None) -> str:
    """The prep DM's no-show risk line, as the morning DM says it in plain text: "No-show risk: high (41%) — 2
    no-shows in the past year", "No-show risk for the visit from 1:00pm (Swedish Massage 60 with Ana): medium
    (33%) — …" for a later part of the visit; a low risk without reasons (they say what raises a risk); "No-show risk: not scored
    (no usable booking date)". "" for none (no model, a booking under way)."""
    if risk is None or (risk.band is None and not risk.unscored):
        return ""
    which = f" for {risk.visit}" if risk.visit else ""  # the visit's risk, when the therapist's part starts later
    if risk.band is None:
        return f"No-show risk{which}: {risk.unscored}"
    figure, reasons = risk_said(risk.band, risk.probability, risk.reasons)
    return f"No-show risk{which}: {risk.band}{figure}{f' — {reasons}' if reasons else ''}"


def with_recorded_visit(found: LastVisit | None, recorded: date | None, *, on_day: date) -> LastVisit | None:
    """The last visit to show for a booking on ``on_day``: the newest completed one in the history read (``found``),
    or the day the spa system records as the client's last visit (``lastVisitDate``) when that is newer, before
    ``on_day``, and the history holds none as new (a visit before the history read, or from before the spa moved
    to Mangomint): that day alone, its services unknown. A returning guest had shown no last visit at all."""
    return LastVisit(recorded, ()) if recorded_visit_is_newer(found and found.day, recorded, on_day=on_day) else found


def recorded_visit_is_newer(found: date | None, recorded: date | None, *, on_day: date) -> bool:
    """Whether the spa system's ``lastVisitDate`` (``recorded``) is the last visit to show for a visit on ``on_day``:
    before that day (a date of that day may be set at its own check-in) and newer than the newest completed visit
    read (``found``). The briefing's rule and the client card's. Pure."""
    return recorded is not None and recorded < on_day and (found is None or found < recorded)


def last_visit_words(visit: LastVisit) -> str:
    """``12 Nov 2026, Swedish Massage with Ana``; each service with its own therapist when they differ (``Swedish
    Massage 60 with Sam, Signature Facial 60 with Nadia``); the day alone when what was done is unknown (the spa
    system's ``lastVisitDate``: ``with_recorded_visit``)."""
    when = f"{visit.day.day} {visit.day:%b %Y}"
    if not visit.service_names:
        return when
    teams = set(visit.staff_by_service)
    if len(teams) > 1:
        done = [f"{name} with {listed(team)}" if team else name for name, team in zip(visit.service_names, visit.staff_by_service, strict=True)]
        return f"{when}, {', '.join(done)}"
    team = next(iter(teams), ()) or ((visit.staff_name,) if visit.staff_name else ())
    who = f" with {listed(team)}" if team else ""
    return f"{when}, {', '.join(visit.service_names)}{who}"


# ---------------------------------------------------------------------------------------------------
# After the prep DM: what changed


#: Statuses in which a booking still holds its therapist: what a prep DM is about (``briefings.PREP_STATUSES``).
_HELD = UPCOMING_STATUSES | {AppointmentStatus.checked_in}
_OFF_THE_BOOK = {AppointmentStatus.cancelled, AppointmentStatus.no_show}


@dataclass(frozen=True)
class ToldPart:
    """What one therapist was last told of a booking (its prep DM, or an update since): the guest's client id, their
    own part of the visit (its start, end, services and rooms: a visit's later part may be another therapist's) and a
    keyed digest of what it said of the guest (``said_digest``), never a note's text. The service keeps it
    (``Store.remember_told``); ``prep_update`` compares the booking with it, so a part of a visit moved or swapped, a
    booking note added or another guest booked is told to whoever it concerns. ``end`` is None in a record kept
    before it was (77592fa); ``told_at``, when the DM that told it went, None in one kept before it was (it tells one
    telling from another that left her knowing the same: an alert added, taken off and added again is told each time).
    """

    client_id: str
    start: datetime
    service_ids: tuple[str, ...]
    rooms: tuple[str, ...]
    said: str
    end: datetime | None = None
    told_at: datetime | None = None

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "client_id": self.client_id,
            "start": self.start.isoformat(),
            "service_ids": list(self.service_ids),
            "rooms": list(self.rooms),
            "said": self.said,
        }
        if self.end is not None:
            record["end"] = self.end.isoformat()
        if self.told_at is not None:
            record["told_at"] = self.told_at.isoformat()
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | None) -> ToldPart | None:
        """The record ``as_record`` gave, or None (none kept, or one this version cannot read)."""
        try:
            end = record.get("end")  # type: ignore[union-attr]
            told_at = record.get("told_at")  # type: ignore[union-attr]
            return cls(
                client_id=str(record["client_id"]),  # type: ignore[index]
                start=datetime.fromisoformat(record["start"]),  # type: ignore[index]
                service_ids=tuple(record["service_ids"]),  # type: ignore[index]
                rooms=tuple(record["rooms"]),  # type: ignore[index]
                said=str(record["said"]),  # type: ignore[index]
                end=datetime.fromisoformat(end) if end is not None else None,
                told_at=datetime.fromisoformat(told_at) if told_at is not None else None,
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


#: How a keyed digest (``said_digest``) begins; a digest without it was kept by 77592fa, unkeyed (``legacy_said_digest``).
SAID_KEYED = "k1:"

_NOT_WORDS = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    """``text`` as its words alone: case-folded, punctuation and runs of blanks made one space ("Latex allergy. " and
    "latex allergy" are alike; "latex" and "latex allergy" are not)."""
    return _NOT_WORDS.sub(" ", text.casefold()).strip()


def said_digest(client: Client | None, profile: GuestProfile, appointment: Appointment, *, key: bytes) -> str:
    """A fingerprint of what a briefing says of the guest's safety and the booking: the client, the allergies and
    conditions read from their notes and intake, the spa's alerts on them and the booking's own note, their words
    alone (``_words``: a note saved again with other case, a full stop or a blank is the same note). Equal when a DM
    built now would say the same of them. An HMAC-SHA256 under ``key``, which the service keeps out of its database:
    the database alone gives nothing of the guest away (an unkeyed hash of a few condition names would, by trying the
    lexicon's names).

    After a ``/``, how grave the DM says each allergy is (``_severe_part``): so a DM built now that says SEVERE of an
    allergy hers did not is told (``says_more``) though the allergy's name is the same ("Latex allergy" → "Latex
    allergy - anaphylaxis, carries EpiPen")."""
    said = {
        "client": client.id if client is not None else appointment.client_id,
        "safety": sorted({_words(name) for name in safety_names(client, profile)}) if client is not None else [],
        "alerts": sorted([alert.severity, _words(alert.text)] for alert in client.alerts) if client is not None else [],
        "note": _words(appointment.notes or ""),
    }
    digest = hmac.new(key, json.dumps(said, sort_keys=True).encode(), hashlib.sha256).hexdigest()[:32]
    severe = said_severe(client, profile, appointment) if client is not None else set()
    part = _severe_part(severe, key=key, client_id=str(said["client"]), salt=f"{SAID_KEYED}{digest}")
    return f"{SAID_KEYED}{digest}{_SEVERE_PART}{part}"


def said_severe(client: Client, profile: GuestProfile, appointment: Appointment) -> set[str]:
    """The allergies and conditions a DM about ``appointment`` says are grave, by whatever words say so (the notes', the
    spa's alerts', the booking note's: ``_said_severe``, as ``guest_brief`` reads each line), lower case. The alerts
    and the note are read on the appointment's day."""
    on_day = appointment.start_at.date()
    if not isinstance(appointment.notes, str):  # as ``said_digest`` reads a note it was given none of
        appointment = appointment.model_copy(update={"notes": ""})
    records = records_profile(read_alerts(client.alerts, today=on_day), appointment, today=on_day)
    names = dict.fromkeys([*safety_names(client, profile), *safety_names(client, records)])
    texts = _said_texts(client, appointment)
    return {name.lower() for name in names if _said_severe(name, profile, records, texts=texts)}


#: Where a digest's SEVERE part begins (``said_digest``); a keyed digest without it was kept before there was one (then
#: what it said of how grave an allergy is, is not known, and nothing is told of it).
_SEVERE_PART = "/"
#: The SEVERE part: a keyed token of each grave name (``_TOKEN_BYTES``), in slots of ``_SEVERE_SLOTS`` (the empty ones
#: zero), the whole masked by a keyed pad of the client's: equal-length for any guest with up to that many, so the
#: database alone tells neither whether a guest has a grave allergy nor whether two guests share one (rev49a).
_TOKEN_BYTES = 8
_SEVERE_SLOTS = 8


def _severe_part(names: Collection[str], *, key: bytes, client_id: str, salt: str) -> str:
    tokens = sorted({_grave_token(name, key=key, client_id=client_id) for name in names})
    slots = -(-max(len(tokens), 1) // _SEVERE_SLOTS) * _SEVERE_SLOTS
    plain = b"".join(tokens) + bytes(_TOKEN_BYTES * (slots - len(tokens)))
    return _masked(plain, key=key, client_id=client_id, salt=salt).hex()


def _grave_tokens(part: str, *, key: bytes, client_id: str, salt: str) -> set[bytes]:
    """The tokens a SEVERE part (``_severe_part``) holds; none when it cannot be read."""
    try:
        masked = bytes.fromhex(part)
    except ValueError:
        return set()
    plain = _masked(masked, key=key, client_id=client_id, salt=salt)  # the pad undoes itself
    tokens = {plain[at : at + _TOKEN_BYTES] for at in range(0, len(plain) - _TOKEN_BYTES + 1, _TOKEN_BYTES)}
    return tokens - {bytes(_TOKEN_BYTES)}


def _grave_token(name: str, *, key: bytes, client_id: str) -> bytes:
    return hmac.new(key, f"severe\0{client_id}\0{_words(name)}".encode(), hashlib.sha256).digest()[:_TOKEN_BYTES]


def _masked(data: bytes, *, key: bytes, client_id: str, salt: str) -> bytes:
    """``data`` XORed with a keyed pad of the client's and of the rest of the digest (``salt``): two rows of hers that
    differ in anything else do not cancel each other's pads (rev49c). Masking twice gives ``data`` back."""
    blocks = (hmac.new(key, f"pad\0{client_id}\0{salt}\0{n}".encode(), hashlib.sha256).digest()
              for n in range(-(-len(data) // 32)))
    return bytes(a ^ b for a, b in zip(data, b"".join(blocks), strict=False))


def says_more(told: str, now: str, *, key: bytes, client_id: str) -> bool:
    """Whether a DM built now (``said_digest`` ``now``, for ``client_id`` under ``key``) says something of the guest a
    therapist told ``told`` was not told: other allergies, conditions, alerts or booking note, or SEVERE of one hers
    did not say it of. A reading that no longer says SEVERE is not told by itself (what she has errs on the side of
    care, and the notes' wording alone can move that reading: "Latex allergy. EpiPen in her bag." with a second
    allergen added anywhere); so it is not told again when SEVERE comes back. A digest kept before the SEVERE part
    (``_SEVERE_PART``) tells nothing of how grave: compared by the rest only."""
    told_base, _, told_severe = told.partition(_SEVERE_PART)
    now_base, _, now_severe = now.partition(_SEVERE_PART)
    if told_base != now_base:
        return True
    if _SEVERE_PART not in told or told_severe == now_severe:
        return False
    said = _grave_tokens(told_severe, key=key, client_id=client_id, salt=told_base)
    return bool(_grave_tokens(now_severe, key=key, client_id=client_id, salt=now_base) - said)


def legacy_said_digest(client: Client | None, profile: GuestProfile, appointment: Appointment) -> str:
    """The unkeyed digest 77592fa kept (``prep_told`` rows written before ``said_digest`` was keyed): only to tell
    whether such a row says what a DM built now would say, so it is keyed again without an update."""
    said = {
        "client": client.id if client is not None else appointment.client_id,
        "safety": sorted({name.lower() for name in safety_names(client, profile)}) if client is not None else [],
        "alerts": sorted([alert.severity, alert.text.strip()] for alert in client.alerts) if client is not None else [],
        "note": (appointment.notes or "").strip(),
    }
    return hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()[:24]


def told_part(
    appointment: Appointment, staff_id: str, *, said: str, resources: Mapping[str, Resource]
) -> ToldPart:
    """What a DM about ``appointment`` tells ``staff_id`` of their part of it (``ToldPart``)."""
    lines = [line for line in appointment.services if line.staff_id == staff_id] or appointment.services
    start, end = _staff_window(appointment, staff_id)
    return ToldPart(
        client_id=appointment.client_id,
        start=start,
        service_ids=tuple(sorted({line.service_id for line in lines})),
        rooms=_rooms(appointment, lines, resources),
        said=said,
        end=end,
    )


def same_part(told: ToldPart, now: ToldPart) -> bool:
    """True when ``now`` (``told_part`` of the booking as it stands) is the part ``told`` told of: the same guest, time,
    services and rooms (and end, when ``told`` kept one). Then only what was said of the guest can have changed since:
    an update is "… has new guest details" alone (``prep_update``)."""
    return (
        told.client_id == now.client_id
        and told.start == now.start
        and set(told.service_ids) == set(now.service_ids)
        and set(told.rooms) == set(now.rooms)
        and (told.end is None or told.end == now.end)
    )


def own_part_over(
    before_end: datetime, after: Appointment | None, staff_id: str, told: ToldPart | None, *, now: datetime
) -> bool:
    """True when a therapist's own part of a visit is over: the later of its end as they were told it (``told``) and
    as it is booked now (``after``, while still theirs); without either, the visit's end as it was (``before_end``).
    A change after it (a note for a colleague's facial that follows their massage) is no longer theirs to hear of."""
    ends = [told.end] if told is not None and told.end is not None else []
    if after is not None and staff_id in after.staff_ids:
        ends.append(_staff_window(after, staff_id)[1])
    return now >= (max(ends) if ends else before_end)


def guest_lines(guest: GuestBrief, *, preferences: bool = False) -> list[str]:
    """What an update says of the guest when their details changed (or, with ``preferences``, the booking is now
    another guest's): the cautions, as the prep DM marks them ("Check: …"), then the spa's notes and the booking's own
    note."""
    lines = [f"Check: {caution}" for caution in guest.cautions_and_asks]
    if preferences and guest.preferences:
        lines.append("Preferences: " + "; ".join(guest.preferences))
    lines += [f"Note: {note}" for note in guest.alert_notes]
    if guest.booking_note and not guest.booking_note_is_caution:
        lines.append("Booking note: " + guest.booking_note)
    return lines


def prep_update(
    before: SnapshotRow,
    after: Appointment | None,
    staff_id: str,
    *,
    first_name: str,
    location: Location,
    now: datetime,
    services: Mapping[str, Service],
    resources: Mapping[str, Resource],
    staff: Mapping[str, Staff],
    client: Client | None = None,
    profile: GuestProfile | None = None,
    told: ToldPart | None = None,
    said: str | None = None,
    said_key: bytes = b"",
    guest: GuestBrief | None = None,
    locations: Mapping[str, Location] | None = None,
    told_location: Location | None = None,
) -> str | None:
    """The short DM telling a therapist who had the prep DM about a booking (as it was, ``before``) what changed
    since (``after``; None: gone from the book), or None when nothing they were told changed.

    "Update: Adeline's 1:30pm Swedish Massage 60 is cancelled." / "… is moved to Jonah." / "… is moved to 3:00pm." /
    "… is now Hot Stone Massage 75." (with a "Check: …" line for each contraindication the new service has for this
    guest) / "… is now in Massage Room 2." / "… is now at Juniper & Salt Venice, in Massage Room 1." (moved to another
    of the spa's locations, named from ``locations`` by id) / "… is booked again." (a cancellation undone).

    ``told`` (what this therapist was last told, ``ToldPart``) makes their own part of a visit the measure: its time,
    services and rooms, not the whole visit's (a facial after a massage moved to 3:30pm, two therapists' parts swapped).
    With ``said`` (``said_digest`` of the booking now, under ``said_key``) and ``guest`` (the guest as a DM built now briefs them): a
    booking now of another guest says so ("… is now for Kinsley", with her cautions), and a change to what the DM said
    of the guest (a booking note added, an alert, an allergy) says "… has new guest details", with them. A booking
    given back to a therapist is measured against ``told`` too: "… is booked with you again, is moved to 1:45pm and is
    now for Kinsley", with her cautions (without ``told``, just "… is booked with you again", with its time when the
    booking starts at another: "… is booked with you again at 3:30pm").

    Each time is on the clock of the location the booking was at when it was said: the time the therapist knows
    the booking by on that of ``told_location`` (where it was when they were told of it; ``location`` when not
    given), a new time on that of ``location`` (where the booking is now). A booking now at another of the spa's
    locations whose clock reads otherwise says its time there ("… is now at Juniper & Salt Venice (6:15am there), in
    Massage Room 1")."""
    old_start = datetime.fromisoformat(before.start_at)
    was_on = before.status not in _OFF_THE_BOOK
    news: list[str] = []
    checks: list[str] = []
    client_before = told.client_id if told is not None else before.client_id
    if after is None or after.status == AppointmentStatus.cancelled:
        if was_on:
            news.append("is cancelled" if after is not None else "is no longer on the book")
    elif staff_id not in after.staff_ids:
        taking_over = [staff[s].first_name for s in after.staff_ids if s not in before.staff_ids and s in staff]
        news.append(f"is moved to {listed(taking_over)}" if taking_over else "is no longer booked with you")
    elif staff_id not in before.staff_ids and after.status in _HELD and told is None:
        # given back to a therapist told about it before (what: not kept): at the time it is hers now, when not the one
        # the update names it by ("Nora's 2:00pm … is booked with you again at 3:30pm")
        back_at = _at_its_new_time(after, staff_id, old_start, location=location, was=told_location or location)
        news.append(f"is booked with you again{back_at}")
    elif after.status in _HELD:
        # measured against what they were last told (``told``): given back at another time, or for another guest,
        # says so, as a change while it stayed theirs does
        news, checks = _changes_for(
            before, after, staff_id, location, services, resources, client, profile, told=told, locations=locations,
            told_location=told_location,
        )
        if staff_id not in before.staff_ids:
            news.insert(0, "is booked with you again")
        elif not was_on:
            news.insert(0, "is booked again")
        if guest is not None and after.client_id != client_before:  # booked for another guest: who, and their cautions
            news.append(f"is now for {guest.shown_name_new('new client', always=True)}")
            checks = guest_lines(guest, preferences=True)
        elif guest is not None and told is not None and said is not None and says_more(
            told.said, said, key=said_key, client_id=told.client_id):
            news.append("has new guest details")
            checks = guest_lines(guest) or ["Nothing to check first now."]
    if not news:
        return None
    told_start = old_start
    services_before = [_service_name(sid, "", services) for sid in before.service_ids]
    if told is not None:  # their own part as they were told of it
        told_start = told.start
        services_before = list(dict.fromkeys(_service_name(sid, "", services) for sid in told.service_ids))
    else:
        if after is not None and staff_id in after.staff_ids and after.start_at == old_start:
            told_start = _staff_window(after, staff_id)[0]
        if after is not None and set(before.service_ids) == {line.service_id for line in after.services}:
            services_before = _line_names(after, staff_id, services)
    when = _when(told_start, told_location or location, now)
    lines = [f"Update: {first_name}'s {when} {', '.join(services_before)} {listed(news)}.", *checks]
    return "\n".join(lines)


def _at_its_new_time(
    after: Appointment, staff_id: str, old_start: datetime, *, location: Location, was: Location
) -> str:
    """When the therapist's part of ``after`` starts (" at 3:30pm", " on Wed 25 Nov at 3:30pm" another day than
    ``old_start``'s), on ``location``'s clock, or "" when the booking still starts at ``old_start`` (the time an
    update names it by)."""
    if after.start_at == old_start:
        return ""
    start = _staff_window(after, staff_id)[0]
    local, old_local = start.astimezone(location.tz), old_start.astimezone(was.tz)
    day = "" if local.date() == old_local.date() else f" on {day_label(local.date())}"
    return f"{day} at {shown_clock(local, location.tz)}"


def _changes_for(
    before: SnapshotRow,
    after: Appointment,
    staff_id: str,
    location: Location,
    services: Mapping[str, Service],
    resources: Mapping[str, Resource],
    client: Client | None,
    profile: GuestProfile | None,
    *,
    told: ToldPart | None = None,
    locations: Mapping[str, Location] | None = None,
    told_location: Location | None = None,
) -> tuple[list[str], list[str]]:
    """What changed for a therapist still on the booking: its time, their services (and what the new ones rule out
    for this guest), their location (named from ``locations``, with the room there) or their room. With ``told``, of their own part as they were told of it; else of the visit's
    (``before``: its start, its services and rooms)."""
    news: list[str] = []
    checks: list[str] = []
    start = _staff_window(after, staff_id)[0]
    old_start = datetime.fromisoformat(before.start_at)
    moved = start != told.start if told is not None else after.start_at != old_start
    if told is not None:
        old_start = told.start
    # where the therapist knew it (``told_location``, else the booking's location before) and whether it is now
    # elsewhere; a new time is said on the clock of where the booking is now (``location``)
    was = told_location or location
    site_changed = after.location_id != (told_location.id if told_location is not None else before.location_id)
    local, old_local = start.astimezone(location.tz), old_start.astimezone(was.tz)
    day = "" if local.date() == old_local.date() else f"{day_label(local.date())} at "
    # now at a location whose clock reads otherwise: its time there is said with it, not as a move
    other_clock = site_changed and shown_clock(start, location.tz) != shown_clock(start, was.tz)
    if moved and not other_clock:
        news.append(f"is moved to {day}{shown_clock(local, location.tz)}")
    lines = [line for line in after.services if line.staff_id == staff_id]
    had = set(told.service_ids) if told is not None else set(before.service_ids)
    new_ids = {line.service_id for line in lines} - had
    if new_ids:
        kept = {line.service_id for line in lines} & had
        now_booked = lines if told is not None else after.services
        dropped = had - {line.service_id for line in now_booked}
        if kept and not dropped:  # an add-on joined what they were told of: "… now includes Aromatherapy Add-On"
            added = [_service_name(line.service_id, line.service_name, services) for line in lines if line.service_id in new_ids]
            news.append(f"now includes {', '.join(dict.fromkeys(added))}")
        else:
            news.append(f"is now {', '.join(_line_names(after, staff_id, services))}")
        booked = [services[sid] for sid in sorted(new_ids) if sid in services]
        if client is not None:
            day = after.start_at.astimezone(location.tz).date()
            records = records_profile(read_alerts(client.alerts, today=day), after, today=day)
            flags = contraindication_flags(booked, client, profile or GuestProfile(), also=records)
            checks = [f"Check: {flag}" for flag in flags]
    rooms = _rooms(after, lines, resources)
    shown = shown_as_rooms(resources.values())
    rooms_before = {_room_name(rid, resources) for rid in before.resource_ids if rid in shown}
    if told is not None:
        rooms_before = set(told.rooms)
    if site_changed:  # another of the spa's locations: said, whatever its room is called
        site = (locations or {}).get(after.location_id)
        where = "is now at " + (site.name if site is not None else "another of the spa's locations")
        if other_clock:
            where += f" ({day}{shown_clock(local, location.tz)} there)"
        news.append(f"{where}, in {', '.join(rooms)}" if rooms else where)
    elif rooms and not set(rooms) <= rooms_before:
        news.append(f"is now in {', '.join(rooms)}")
    return news, checks


def _line_names(appointment: Appointment, staff_id: str, services: Mapping[str, Service]) -> list[str]:
    lines = [line for line in appointment.services if line.staff_id == staff_id] or appointment.services
    return list(dict.fromkeys(_service_name(line.service_id, line.service_name, services) for line in lines))


def _when(moment: datetime, location: Location, now: datetime) -> str:
    """``1:30pm`` today in the location's zone, ``Wed 25 Nov 1:30pm`` another day."""
    local, said = moment.astimezone(location.tz), shown_clock(moment, location.tz)
    return said if _today(moment, location, now) else f"{day_label(local.date())} {said}"


def starts_at_words(moment: datetime, location: Location, now: datetime) -> str:
    """When a guest comes, for the AI's summary: ``1:30pm`` today in the location's zone, ``1:30pm on Wed 25 Nov``
    another day (the summary is written back to the client's record, read later)."""
    local, said = moment.astimezone(location.tz), shown_clock(moment, location.tz)
    return said if _today(moment, location, now) else f"{said} on {day_label(local.date())}"


def _today(moment: datetime, location: Location, now: datetime) -> bool:
    return moment.astimezone(location.tz).date() == now.astimezone(location.tz).date()
