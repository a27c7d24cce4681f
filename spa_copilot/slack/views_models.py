"""Plain inputs of the Block Kit builders: what a message shows, already looked up.

Services and listeners fill these from the platform, the engines and the store; ``blocks.py`` turns them
into Block Kit without calling any API. Strings are raw (unescaped): escaping happens in ``blocks.py``.
Times are timezone-aware; each container names the IANA zone to show them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from spa_copilot.domain import Alert, MessagingPreferences

Severity = Literal["info", "warning", "critical"]
RiskBandName = Literal["low", "medium", "high"]


@dataclass(frozen=True, slots=True)
class BookEntry:
    """One appointment line in a day's book."""

    appointment_id: str
    start: datetime
    end: datetime
    client_name: str
    service_name: str
    room: str | None = None
    status: str = "confirmed"
    flags: tuple[str, ...] = ()
    hands_free: tuple[datetime, datetime] | None = None  # processing time, the therapist free for another guest
    clashes: tuple[str, ...] = ()  # the conflicts on it not over yet, short: "overlaps Layla C.'s 2:30pm"


@dataclass(frozen=True, slots=True)
class BookGap:
    """Free time in a therapist's shift."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class AwayDay:
    """A therapist's bookings at another of the spa's locations that day, shown in that location's zone."""

    location_name: str
    time_zone: str
    entries: tuple[BookEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class TherapistDay:
    staff_id: str
    name: str
    entries: tuple[BookEntry, ...] = ()
    gaps: tuple[BookGap, ...] = ()
    shift: str | None = None  # e.g. "9:00am–5:00pm"; None when not working
    visiting_from: str | None = None  # their own location's name when it is another one (no shift here)
    away: tuple[AwayDay, ...] = ()  # where else they are booked that day
    off_staff: str | None = None  # e.g. "not on the spa system's staff list" (``daybook.StaffDay.off_staff``)


@dataclass(frozen=True, slots=True)
class DayBook:
    day: date
    location_name: str
    time_zone: str
    therapists: tuple[TherapistDay, ...] = ()
    scope: str | None = None  # what the book was filtered to, e.g. "Maya" or "Suite 2"
    unassigned: tuple[BookEntry, ...] = ()  # bookings without a staff member
    unread: tuple[str, ...] = ()  # other locations whose book could not be read just now (their "away" is missing)
    risk_note: str = ""  # the risk marks could not be had just now: said once, as no mark reads as a low risk

    @property
    def appointment_count(self) -> int:
        """Appointments shown here, each once (a four-hands booking is on two rows; away bookings are not counted)."""
        ids = {e.appointment_id for t in self.therapists for e in t.entries}
        return len(ids | {e.appointment_id for e in self.unassigned})


@dataclass(frozen=True, slots=True)
class Visit:
    day: date  # the location's own date
    service_name: str
    staff_name: str | None = None
    status: str = "completed"
    start: datetime | None = None  # when given, shown in ``time_zone`` (the next visit names its time)
    time_zone: str = "UTC"


@dataclass(frozen=True, slots=True)
class RiskView:
    band: RiskBandName | None  # None: not scored, and ``unscored`` says why where the band would be
    probability: float | None = None
    reasons: tuple[str, ...] = ()
    #: which visit the risk is of, when it is not the one the line is about ("the visit from 1:00pm (Swedish Massage 60
    #: with Ana)": a briefing's later part of a guest's visit)
    visit: str = ""
    #: in place of the band, for a booking risk scoring could not score ("not scored (no usable booking date)")
    unscored: str = ""


@dataclass(frozen=True, slots=True)
class ClientCard:
    client_id: str
    name: str
    preferences: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    #: allergies and conditions the spa's alerts say, shown there (each caution once), not under ``allergies``
    allergies_in_alerts: bool = False
    #: the spa holds nothing on the guest (``briefing.nothing_on_file``): the card says to ask, not "none recorded"
    nothing_on_file: bool = False
    #: ...though the guest has notes (``briefing.NOTHING_READ_IN_NOTES``: the card sends the reader to them)
    notes_on_file: bool = False
    #: her notes speak of an allergy in a language read only in part (``briefing.notes_read_in_part``)
    notes_in_part: bool = False
    alerts: tuple[Alert, ...] = ()
    consent: MessagingPreferences = field(default_factory=MessagingPreferences)
    #: the day (the spa's) the client replied STOP to one of the copilot's texts and not START since: no texts
    text_stopped_on: date | None = None
    #: that opt-out was recorded by a staff member (``/spa texts … stop``), not by her reply
    text_stopped_by_staff: bool = False
    last_visits: tuple[Visit, ...] = ()  # the newest bookings that have passed, whatever became of them
    last_visit: Visit | None = None  # the newest completed one (else the first completed among ``last_visits``)
    next_visit: Visit | None = None  # the first booking still to come; ``risk`` is about it
    #: the next visit's location, named when the spa has several (the card is read at any of them)
    next_visit_location: str | None = None
    #: the spa's locations' zones: the next visit's time carries its zone's abbreviation when their clocks differ then
    location_zones: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    risk: RiskView | None = None
    today: date | None = None  # the spa's today: a visit in another year is shown with its year


@dataclass(frozen=True, slots=True)
class ClientMatch:
    """One of several clients matching an ambiguous name."""

    client_id: str
    name: str
    last_visit: date | None = None


class ConflictState(StrEnum):
    open = "open"
    acknowledged = "acknowledged"
    snoozed = "snoozed"
    resolved = "resolved"
    expired = "expired"  # its time passed with the clash still there: over, not resolved


@dataclass(frozen=True, slots=True)
class ConflictView:
    conflict_id: str
    kind: str  # e.g. "doubleBookedStaff", "roomOverCapacity"
    title: str
    detail: str = ""
    fix: str = ""  # a suggested fix, shown under the detail
    severity: Severity = "warning"
    starts_at: datetime | None = None
    time_zone: str = "UTC"
    appointment_ids: tuple[str, ...] = ()
    state: ConflictState = ConflictState.open
    handled_by: str | None = None  # Slack user id of whoever acknowledged / snoozed
    handled_at: datetime | None = None
    snoozed_until: datetime | None = None
    location_name: str = ""  # which of the spa's locations (one channel may serve several)
    zones_labelled: bool = False  # the detail shows times of several zones: the headline's time is labelled too
    note: str = ""  # a line under the detail, e.g. a record it is about no longer listed by the spa system


@dataclass(frozen=True, slots=True)
class BriefingItem:
    start: datetime
    end: datetime
    client_first_name: str
    service_name: str
    room: str | None = None
    hands_free: tuple[datetime, datetime] | None = None  # processing time, the therapist free for another guest
    first_visit: bool = False
    visit: str = ""  # which visit this is, said after the name when it is not the first ("26th visit")
    highlights: tuple[str, ...] = ()  # preferences, what worked last time
    cautions: tuple[str, ...] = ()  # allergies, contraindications, alerts
    notes: str = ""  # client's own notes, shown quoted
    risk: RiskView | None = None


@dataclass(frozen=True, slots=True)
class BriefingView:
    therapist_name: str
    day: date
    time_zone: str
    items: tuple[BriefingItem, ...] = ()
    summary: str = ""
    ai_generated: bool = False  # some guest's summary was drafted by a model
    offline_summaries: int = 0  # how many were the offline engine's instead (no model, or its draft not used)
    ai_unavailable: bool = False  # some of those because the model did not answer
    location_name: str | None = None  # set when the briefing is about a location that is not the therapist's own
    #: the therapist's home location's zone, with a briefing away: its times are labelled where the clocks differ
    home_time_zone: str | None = None


@dataclass(frozen=True, slots=True)
class Opening:
    """The slot a cancellation freed."""

    appointment_id: str
    start: datetime
    end: datetime
    service_name: str
    time_zone: str
    staff_name: str | None = None
    room: str | None = None
    location_name: str | None = None
    staff_ids: tuple[str, ...] = ()  # whose hour opened (several for a four-hands or couples booking)


@dataclass(frozen=True, slots=True)
class FillCandidate:
    client_id: str
    first_name: str  # as the card calls them: with the last initial when two candidates share the first name
    reasons: tuple[str, ...] = ()
    score: float | None = None
    service_name: str | None = None  # what they are offered, which may differ from the opening's
    staff_name: str | None = None
    staff_id: str | None = None  # the therapist offered


@dataclass(frozen=True, slots=True)
class FlaggedCandidate:
    """A waitlisted client who could take the slot but is not offered it automatically, and why."""

    name: str  # first name and last initial
    reason: str
    by_hand: bool = False  # waits for a two-therapist service: the front desk books it (no repeat-canceller flag)


@dataclass(frozen=True, slots=True)
class BookedFill:
    """What the guest's YES booked, as the card says it: who, what, with whom and when."""

    first_name: str
    service_name: str
    when: str  # "Wed 2 Dec, 4:30pm–5:30pm", the card's one time format
    staff_name: str | None = None
    appointment_id: str | None = None  # the spa system's id, for the front desk (a context line, not the sentence)
    #: the slot's time the booking leaves free, for the desk to offer: "30 min still open after, 2:30pm–3:00pm" (a
    #: 30-minute service in a 60-minute opening); None when the booking fills the opening
    still_open: str | None = None


class ProposalState(StrEnum):
    pending = "pending"
    approved = "approved"
    sent = "sent"
    booked = "booked"
    rejected = "rejected"
    expired = "expired"
    failed = "failed"


@dataclass(frozen=True, slots=True)
class FillProposalView:
    proposal_id: str
    revision: int
    opening: Opening
    candidates: tuple[FillCandidate, ...]
    draft: str
    current_index: int = 0
    state: ProposalState = ProposalState.pending
    decided_by: str | None = None  # Slack user id
    decided_at: datetime | None = None
    reason: str = ""
    read_only: bool = False
    ai_generated: bool = True  # a model drafted the text (else "Drafted by the offline engine")
    model: str | None = None  # what drafted it, as the card names it ("gpt-4o-mini", "offline; the model did not answer …")
    flagged: tuple[FlaggedCandidate, ...] = ()  # shown on the card: the front desk decides about them
    booked: BookedFill | None = None  # set once the guest's YES is booked
    #: Next candidate would find nobody (the rest capped, or booked from another card): the card offers no such button
    nobody_next: bool = False


@dataclass(frozen=True, slots=True)
class PendingApproval:
    proposal_id: str
    summary: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProposalSummary:
    """A pending approval as the App Home's "Open" button shows it: what, for whom, and where its card is."""

    proposal_id: str
    summary: str
    status: str
    first_name: str | None = None
    draft: str = ""
    permalink: str | None = None
    text_sent: bool = False  # its text went out (to ``first_name``): a decided proposal's draft is shown only then


@dataclass(frozen=True, slots=True)
class LocationSync:
    """One location's calendar sync as ``/spa status`` names it: its last good read, and since when its sync fails
    (and why), in its own zone."""

    name: str
    time_zone: str
    last_poll_at: datetime | None = None
    failing_since: datetime | None = None
    failing_error: str = ""


@dataclass(frozen=True, slots=True)
class StatusView:
    mode: str
    model: str
    platform: str  # "sandbox spa", "Mangomint", or (for managers) the platform's URL
    sync_ok: bool = True
    last_poll_at: datetime | None = None
    last_webhook_at: datetime | None = None
    pending_approvals: int = 0
    open_conflicts: int = 0
    #: how the open conflicts split by day, when not all are today's ("5 today", "4 tomorrow"): ``/spa conflicts``
    #: lists today's alone
    open_conflict_days: tuple[str, ...] = ()
    #: the conflict alerts acknowledged or snoozed, not over: ``/spa conflicts`` still lists them, marked
    handled_conflicts: int = 0
    #: how those split by day, when not all are today's ("1 today", "1 tomorrow"): ``/spa conflicts`` lists today's
    handled_conflict_days: tuple[str, ...] = ()
    time_zone: str = "UTC"  # times are shown in this zone, labelled
    failing_since: datetime | None = None
    failing_error: str = ""
    not_synced: str = ""  # why no location is synced although nothing fails ("no calendar poll yet"): not "in sync"
    model_down_since: datetime | None = None  # when the model stopped answering (the offline engine drafts meanwhile)
    model_last_tried: datetime | None = None  # the latest call that found it so
    #: why there are no no-show risk scores (no model installed, or the installed one refused and why); "" when on
    risk_off: str = ""
    now: datetime | None = None  # when given, a time not of that day (in ``time_zone``) is shown with its day
    #: each location's sync, when the copilot knows more than one: named when they tell different stories
    locations: tuple[LocationSync, ...] = ()


@dataclass(frozen=True, slots=True)
class HomeView:
    user_id: str
    is_manager: bool
    status: StatusView
    today: DayBook | None = None
    pending: tuple[PendingApproval, ...] = ()
    note: str = ""  # why the book is missing or another location's
