"""Therapist briefings: the morning DM with each therapist's day, and the short prep DM before each guest.

- ``send_morning_briefings(copilot, location_id, now=…)``: scheduled at ``BRIEFING_TIME`` in the location's
  own zone. Every therapist and esthetician working or booked that day gets a DM (once per day, whatever
  restarts or misfires happen); one with no guests gets a kind "no guests booked" note; a guest whose client
  record the platform cannot find is still listed ("guest details unavailable"). Staff who cannot be matched
  to a Slack user (not found, or an email or Slack user shared with another staff member) are named to the
  managers, each once per day. A day too long for one Slack message goes in parts, each complete (every guest
  whole in one of them), each claimed on its own under the day's claim (``_send_parts``). A DM or note that could not be sent, or a therapist Slack could not be asked
  about (rate limited, down), is left unclaimed and counts as failed, so the next run that day (the scheduler
  retries an incomplete one) sends it, and only it; one therapist's failure never stops the others.
- ``send_prep_briefings(copilot, now=…)``: every few minutes; ``PREP_HOURS_BEFORE`` hours before each
  appointment (its first service, whatever its own ``startAt`` says: the adapter times it so, ``Appointment.as_booked``)
  its therapist gets a short DM about the guest, and (except in ``read_only`` mode) the guest's
  ``customFields.ai_prep_summary`` is written back to the platform and audited as AI generated. The write-back
  is claimed once per appointment and start time (a rescheduled guest's summary names the new time); the DM
  once per appointment, therapist and start time (a therapist who takes over, or a new time, gets a new one),
  and only after it was sent: until the appointment ends, the next check retries whatever failed (``prep_due``:
  a walk-in booked to start before the next check, or checked in at once, still gets it).
- ``on_calendar_changes``: after each calendar sync (``register_handler``), each therapist who had the prep DM
  about a booking that changed since is told what changed, once per change (``send_prep_updates``: their own part
  of a visit, measured against what they were told of it, ``Store.remember_told``; the booking's note or guest, by a
  keyed digest of what the DM said of them, ``_said_key``; their words alone), and so is a therapist whose morning DM listed a guest then cancelled or given
  to a colleague; a booking just made, moved or given to another therapist that is due its prep is prepared at once
  instead of at the next check. An update to a therapist with no Slack user just then is kept, and told (the booking
  as it is then, once) when she has one. A booking handed as new that someone was told of already (prepped by a
  handler a stop cut off, or back in the days followed after leaving them) is told from what each was told of it
  (``_as_told``: given away and back to her, "booked with you again"). What an update DM will have told her
  is kept in her told record before it goes (``SENDING``); one a stop or a crash left there is settled by the next
  telling (``_settled``: found in her DM, it is recorded as told; never sent, it is told with what follows; one that
  cannot be looked for just now holds back her update alone). A guest a therapist was told is cancelled and who is
  booked again that day under a new appointment id is told once, "… is booked again", with her cautions, when her
  part of the new booking has the same start or one of the same services as her part of the cancelled one
  (``tell_rebooked_guests``; the prep check retries one that could not go).
- ``recheck_guest_details``: guest details changed with no change to the booking (an intake form submitted, an alert
  or allergy added to the client record) are told to each therapist who had the prep DM, once ("… has new guest
  details"): at once on a ``form.submitted`` webhook (``on_form_submitted``, registered by ``register_handler``),
  and at each prep check for the prepped bookings starting soon (``DETAILS_AHEAD``, ``DETAILS_BUDGET``).

- ``answer_brief``: ``/spa brief @therapist [date]``, the same briefing as a private preview (with the
  briefing of each other location where the therapist is booked that day: another location's book is read
  only when the calendar snapshot has them there that day or cannot say, the day being outside what it
  holds; one that cannot be read is left out of the preview, which says so).

Each DM (and the write-back) is claimed in the store before it is sent and recorded done once Slack took it. A claim
is released when the send fails or the run is cut off by a stop, so the next run (or process) sends it; one left
behind by a process killed mid-send (kill -9, a crash) lapses after ``CLAIM_LEASE`` and the next run takes it over.
Either way a DM Slack took just as the process went may be sent twice, never lost. (The note about unmatched staff is
released on a stop too, but one whose process is killed mid-send is not sent again that day.)

A therapist booked at a location other than their own (a site that shares therapists) is briefed by that
location's morning run too, about its guests only and naming it; their own location's briefing says where
else they have guests (from the calendar snapshot). Each is claimed apart: the home one under the key it
always had, one away under a key that adds the location. A guest double-booked with their booking at another location
is said under the guest in each, and in the guest's prep DM, that location's book read only where the snapshot has them
booked and within ``OTHER_BOOKS_SECONDS`` (``read_other_books``: not read in time, the DM goes on time without it).

Reads go through ``reads`` and the platform; the deciding is done by ``engines.briefing`` (pure).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import weakref
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import HeaderBlock, PlainTextObject

from spa_copilot.ai import offline
from spa_copilot.ai.models import OFFLINE
from spa_copilot.ai.schemas import AiText, BriefingInput, GuestProfile, private_words, shown_first_name
from spa_copilot.alerts import LIVE, conflicts_involving
from spa_copilot.calendar_sync import horizon_days_for, snapshot_covers
from spa_copilot.copilot import Copilot
from spa_copilot.domain import (
    ACTIVE_STATUS_VALUES,
    UPCOMING_STATUSES,
    Appointment,
    AppointmentStatus,
    Client,
    Location,
    Resource,
    Staff,
    StaffRole,
    shown_clock,
)
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind, snapshot_of
from spa_copilot.engines.conflicts import Conflict, ConflictKind
from spa_copilot.engines.daybook import book_day
from spa_copilot.ops_notes import is_refused_for_good, refused_for_good, was_refused
from spa_copilot.platform.errors import PlatformError, PlatformNotFound, PlatformUnavailable
from spa_copilot.platform.mangomint import PERSON_WAITING_READ_SECONDS, reads_for_a_person
from spa_copilot.platform.webhooks import FORM_SUBMITTED, WebhookEvent
from spa_copilot.reads import Catalog, booked_in_snapshot, load_clients, load_day, read_books, still_to_come
from spa_copilot.settings import Mode
from spa_copilot.slack import blocks, texts
from spa_copilot.slack import views_models as views
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.command_parser import (
    BRIEF_NEEDS_A_THERAPIST,
    CommandError,
    ParsedCommand,
    mentioned_user,
    parse_day,
    short_weekday_first,
    take_day_or_name,
    weekday_word,
)
from spa_copilot.slack.directory import SlackMatch, name_in_mention
from spa_copilot.slack.errors import SLACK_FAILURES, slack_failure
from spa_copilot.slack.retry import (
    HANDLER_WAIT_SECONDS,
    PostInFlight,
    post_once,
    posted_before,
    rate_limit_wait_at_most,
)
from spa_copilot.store import SnapshotRow, Store
from spa_copilot.world import default_day

logger = logging.getLogger(__name__)

PREP_FIELD = "ai_prep_summary"
#: Statuses of a booking whose therapist gets a prep DM: still to come, or checked in (a walk-in in the lobby).
PREP_STATUSES = UPCOMING_STATUSES | {AppointmentStatus.checked_in}
#: Calendar changes after which a booking may be due its prep DM at once: booked, given a new time or therapist.
PREP_CHANGES = frozenset({ChangeKind.created, ChangeKind.rescheduled, ChangeKind.reassigned})
#: A change the poll or a webhook found this soon after it was made is prepared right then (a walk-in starting in
#: a few minutes); older ones (the first sync after a start, or after an outage) are left to the prep check.
FRESH_CHANGE = timedelta(minutes=10)
READ_CONCURRENCY = 8
#: A DM claimed but never recorded sent nor released (its process was killed mid-send) is taken over by the next
#: run after this long; far longer than a DM takes, even waiting out Slack's rate limits.
CLAIM_LEASE = timedelta(minutes=5)
UNMATCHED_TEXT = (
    "Morning briefings for {location} could not reach {names}: I can't match them to a Slack user. "
    "Give them the same email in Slack as in the spa system, or add them to SPA_STAFF_SLACK_IDS."
)
#: Staff whom SPA_STAFF_SLACK_IDS maps to a Slack user Slack calls deactivated, a guest account or a bot, or does not
#: know (rev31b L1: they were told to add them to the map they are in).
MAPPED_AWAY_TEXT = (
    "Morning briefings for {location} could not reach {names}: SPA_STAFF_SLACK_IDS maps them to a Slack user who is "
    "deactivated, a guest account or a bot, or whom Slack does not know. Map them to their own full Slack account."
)
SHARED_TEXT = (
    "Morning briefings for {location} did not go to {names}: their email (or Slack user) is shared with another "
    "staff member, so I can't tell whose DM it is and won't send guests' details to the wrong person. "
    "Give each their own email in the spa system, or add them to SPA_STAFF_SLACK_IDS."
)


@dataclass
class GuestContext:
    """What the reads and the AI layer found about one appointment's guest (``client`` None: no such record)."""

    client: Client | None
    profile: GuestProfile
    past: list[Appointment]
    risk: engine.RiskNote | None = None
    summary: AiText | None = None  # as written back to the spa system: with the cautions' sentence
    cautions: str = ""  # that sentence (``offline.caution_sentence``), which the DM's caution lines say already
    opening_end: str = ""  # how the offline summary's first sentence ends (" at 2:00pm."): who, the visit, the booking


#: ``BriefingRun.error`` of a location the spa system no longer gives (closed, deleted): nothing to brief, nothing to
#: tell the ops channel about.
LOCATION_NOT_READ = "location not read"


@dataclass
class BriefingRun:
    """What one morning run did for one location."""

    location_id: str
    day: date | None = None
    sent: list[str] = field(default_factory=list)  # staff ids
    already_sent: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    note_failed: bool = False  # the unmatched-staff note did not reach every manager
    error: str | None = None  # the run stopped early (e.g. the platform was down)

    @property
    def incomplete(self) -> bool:
        """True when something that should have gone out did not: worth another run today."""
        return bool(self.failed) or self.note_failed or self.error is not None


@dataclass(frozen=True)
class OtherBooks:
    """The other locations' bookings of a day as a morning run read them (``read_other_books``), whole, and the first
    names of the guests of its therapists' bookings there (by client id; one not read is left out)."""

    appointments: tuple[Appointment, ...] = ()
    first_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AwayBooking:
    """A booking of the therapist's at another location that one of the briefing's guests is double-booked with:
    when their part of it starts, where, and its guest's first name ("" when not read)."""

    appointment_id: str
    start: datetime
    location: Location
    first_name: str = ""


@dataclass(frozen=True)
class BriefingAcross(engine.TherapistBriefing):
    """A briefing with a guest double-booked with one of the therapist's bookings at another location: those
    bookings (``crossing``), so the guest's conflict line names each as the day book and the conflict card do, on its
    own location's clock, labelled with its zone where the clocks differ (``conflict_line``)."""

    crossing: tuple[AwayBooking, ...] = ()


# ---------------------------------------------------------------------------------------------------
# Gathering


async def collect_briefings(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    day: date,
    *,
    now: datetime,
    members: Sequence[Staff] | None = None,
    appointments: Sequence[Appointment] | None = None,
    elsewhere: Mapping[str, Sequence[str]] | None = None,
    other_books: OtherBooks | None = None,
) -> list[engine.TherapistBriefing]:
    """The briefings of a location's day: for ``members``, or for everyone working or booked that day
    (therapists of other locations included when they are booked there).

    ``appointments`` is the day's book when the caller already read it; ``elsewhere`` names, by staff id, the
    other locations where someone has guests that day (said in their briefing); ``other_books``, those locations'
    bookings of the day as the caller read them (``read_other_books``), so a double booking across sites is said
    under the guest, the other booking on its own location's clock (``BriefingAcross``)."""
    if appointments is None:
        appointments = await load_day(copilot.platform, location, day)
    appointments = [a for a in appointments if a.is_active]
    targets = list(members) if members is not None else engine.briefed_staff(catalog.staff, appointments, location, day)
    mine = {member.id: engine.appointments_for(appointments, member.id) for member in targets}
    needed = list({a.id: a for booked in mine.values() for a in booked}.values())
    contexts = await guest_contexts(copilot, catalog, location, needed, now=now)
    away = other_books or OtherBooks()
    conflicts, alerted = (
        day_conflicts(copilot, catalog, location, day, appointments, away.appointments) if needed else ([], set())
    )
    pairs = _couples_pairs(catalog, appointments) if needed else {}
    contexts = await _partner_contexts(copilot, location, [pairs[a.id][0] for a in needed if a.id in pairs], contexts, now=now)
    return [
        _with_away(
            engine.therapist_briefing(
                member,
                location,
                day,
                [
                    _couples(
                        catalog, location, a, pairs, contexts,
                        _guest(catalog, location, a, member.id, contexts[a.id], conflicts=conflicts, alerted=alerted),
                    )
                    for a in mine[member.id]
                ],
                elsewhere=(elsewhere or {}).get(member.id, ()),
                home_zone=_home_zone(catalog, member),
            ),
            catalog,
            away,
        )
        for member in targets
    ]


def _home_zone(catalog: Catalog, member: Staff) -> str | None:
    """The zone of the staff member's own location (``Staff.locationId``), None when the catalog has none."""
    return next((loc.time_zone for loc in catalog.locations if loc.id == member.location_id), None)


def _with_away(
    briefing: engine.TherapistBriefing, catalog: Catalog, other_books: OtherBooks
) -> engine.TherapistBriefing:
    """The briefing, with the bookings at other locations its guests are double-booked with (``BriefingAcross``);
    the briefing itself, unchanged, when there are none."""
    away = away_bookings(briefing.guests, briefing.location, briefing.staff.id, catalog, other_books)
    if not away:
        return briefing
    return BriefingAcross(**{f.name: getattr(briefing, f.name) for f in fields(briefing)}, crossing=away)


def away_bookings(
    guests: Iterable[engine.GuestBrief], location: Location, staff_id: str, catalog: Catalog, other_books: OtherBooks
) -> tuple[AwayBooking, ...]:
    """``staff_id``'s bookings at locations other than ``location`` (in ``other_books``) that one of ``guests`` is
    double-booked with, each from when their part of it starts: what the morning DM and the prep DM name there."""
    overlapped = {aid for guest in guests for found in guest.conflicts for aid in found.overlaps}
    places = {loc.id: loc for loc in catalog.locations if loc.id != location.id}
    return tuple(
        AwayBooking(
            a.id,
            min((line.start_at for line in a.services if line.staff_id == staff_id), default=a.start_at),
            places[a.location_id],
            other_books.first_names.get(a.client_id, ""),
        )
        for a in other_books.appointments
        if a.id in overlapped and a.location_id in places
    )


def day_conflicts(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    day: date,
    appointments: Sequence[Appointment],
    elsewhere: Sequence[Appointment] = (),
) -> tuple[list[Conflict], set[str]]:
    """The conflict engine's findings in the location's book of ``day`` (``alerts.conflicts_involving``, the front
    desk's alerts' own rules; no platform read) and the keys of those the front desk has a standing alert about (an
    open, acknowledged or snoozed card, or a summary: ``alerts.LIVE``). A resolved conflict is not found at all.

    With ``elsewhere`` (other locations' bookings of the day, as the caller read them) a therapist double-booked
    across two sites is found too, as ``/spa conflicts`` and the day book find it; without it, only this location's
    book. A clash across midnight is the front desk's alert alone (the briefing says nothing rather than something
    half right)."""
    found = conflicts_involving(catalog, location, appointments, elsewhere, days=[day])
    store = copilot.store
    alerted = {c.key for c in found if (row := store.alert(c.key)) is not None and row.status in LIVE}
    return found, alerted


async def guest_contexts(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    appointments: Sequence[Appointment],
    *,
    now: datetime,
) -> dict[str, GuestContext]:
    """Clients, AI profiles, past visits, risk and the AI summaries of some appointments, read concurrently.

    Every appointment gets a context: one whose client the platform does not know (404) has ``client`` None,
    so it is still listed ("guest details unavailable") rather than dropped."""
    platform = copilot.platform
    client_ids = sorted({a.client_id for a in appointments})
    clients = await load_clients(platform, client_ids, concurrency=READ_CONCURRENCY)
    limit = asyncio.Semaphore(READ_CONCURRENCY)

    async def past_of(client_id: str) -> list[Appointment]:
        async with limit:
            return await platform.list_appointments(client_id=client_id)

    ids = [cid for cid in client_ids if cid in clients]
    profiles, pasts, risks = await asyncio.gather(
        asyncio.gather(*(_profile(copilot, clients[cid], today=now.astimezone(location.tz).date()) for cid in ids)),
        asyncio.gather(*(past_of(cid) for cid in ids)),
        _risk(copilot, catalog, appointments, clients, now=now),
    )
    by_client = {cid: (profile, past) for cid, profile, past in zip(ids, profiles, pasts, strict=True)}
    contexts = {
        a.id: GuestContext(clients.get(a.client_id), *by_client.get(a.client_id, (GuestProfile(), [])), risk=risks.get(a.id))
        for a in appointments
    }
    known = [a for a in appointments if contexts[a.id].client is not None]
    summaries = await asyncio.gather(*(_summary(copilot, catalog, location, a, contexts[a.id], now=now) for a in known))
    for appointment, (summary, cautions, opening_end) in zip(known, summaries, strict=True):
        contexts[appointment.id].summary = summary
        contexts[appointment.id].cautions = cautions
        contexts[appointment.id].opening_end = opening_end
    return contexts


def _couples_pairs(catalog: Catalog, book: Sequence[Appointment]) -> dict[str, tuple[Appointment, str | None]]:
    """The couples bookings of the day's ``book`` made as two appointments, one guest each (``engine.couples_pairs``)."""
    return engine.couples_pairs(
        book, services={s.id: s for s in catalog.services}, resources={r.id: r for r in catalog.resources}
    )


async def _partner_contexts(
    copilot: Copilot,
    location: Location,
    partners: Sequence[Appointment],
    contexts: Mapping[str, GuestContext],
    *,
    now: datetime,
) -> dict[str, GuestContext]:
    """``contexts`` with those of the couples partners' appointments it lacks: their client and profile only (their
    cautions; no summary, no history, no risk). A partner who cannot be read (the platform failing, not a missing
    record) is left out, and their guest briefed as before (``_couples``)."""
    wanted = {a.id: a for a in partners if a.id not in contexts}
    if not wanted:
        return dict(contexts)
    try:
        clients = await load_clients(copilot.platform, {a.client_id for a in wanted.values()}, concurrency=READ_CONCURRENCY)
        today = now.astimezone(location.tz).date()
        known = [a for a in wanted.values() if a.client_id in clients]
        profiles = await asyncio.gather(*(_profile(copilot, clients[a.client_id], today=today) for a in known))
    except Exception as exc:
        logger.warning("couples partners' records not read: %s", type(exc).__name__)
        return dict(contexts)
    found = {a.id: GuestContext(None, GuestProfile(), []) for a in wanted.values()}
    found.update({a.id: GuestContext(clients[a.client_id], profile, []) for a, profile in zip(known, profiles, strict=True)})
    return {**found, **contexts}


def _couples(
    catalog: Catalog,
    location: Location,
    appointment: Appointment,
    pairs: Mapping[str, tuple[Appointment, str | None]],
    contexts: Mapping[str, GuestContext],
    brief: engine.GuestBrief,
) -> engine.GuestBrief:
    """``brief`` told of its couples partner on their own appointment (``engine.with_couples_partner``), when it has
    one whose context was read."""
    pair = pairs.get(appointment.id)
    if pair is None or pair[0].id not in contexts:
        return brief
    partner, therapist = pair
    theirs = _guest(catalog, location, partner, therapist or "", contexts[partner.id])
    return engine.with_couples_partner(brief, theirs, catalog.staff_member(therapist) if therapist else None)


async def _profile(copilot: Copilot, client: Client, *, today: date) -> GuestProfile:
    """The guest's profile from their notes, read on ``today`` (the location's date: "stopped Accutane in 2026")."""
    if copilot.ai is None:
        return GuestProfile()
    return await copilot.ai.extract_profile(
        client.notes, intake=client.health_history, redact=private_words(client), subject_id=client.id, today=today
    )


async def _summary(
    copilot: Copilot, catalog: Catalog, location: Location, appointment: Appointment, context: GuestContext, *, now: datetime
) -> tuple[AiText | None, str, str]:
    """The guest's summary, the sentence of cautions that ends it ("" with none) and how the offline engine's first
    sentence ends (``GuestContext.opening_end``)."""
    if copilot.ai is None or context.client is None:
        return None, "", ""
    services = [s for line in appointment.services if (s := catalog.service(line.service_id)) is not None]
    visits = sum(1 for a in context.past if a.status == AppointmentStatus.completed and a.start_at < appointment.start_at)
    # the spa's info alerts that are notes are no cautions: the summary is given only those that are (as the lines)
    day = appointment.start_at.astimezone(location.tz).date()
    client = context.client.model_copy(update={"alerts": engine.caution_alerts(context.client.alerts, today=day)})
    guest = BriefingInput.from_client(
        client,
        services=services,
        profile=context.profile,
        starts_at=engine.starts_at_words(appointment.start_at, location, now),  # with its day when not today
        visits=visits,
        severe=engine.severe_allergies(context.client, context.profile),
    )
    today = now.astimezone(location.tz).date()
    try:
        summary = await copilot.ai.briefing_summary(
            guest, redact=private_words(context.client), subject_id=appointment.id, today=today
        )
    except Exception:  # a bug in the AI layer (or a model's answer it did not expect): the offline engine's summary,
        # said so, and every other guest and therapist is still briefed (probe43d H1: one IndexError lost every DM);
        # written back as any summary is (rev43f: with none, its write was marked done and never made)
        logger.exception("briefing summary for appointment %s failed: the offline engine's used", appointment.id)
        try:
            summary = AiText(text=offline.briefing_text(guest, today=today), engine=OFFLINE, fallback=True,
                             flags=["modelError"], unanswered=True)
        except Exception:  # the offline engine too (a bug): briefed by her lines alone, the others still are
            logger.exception("offline briefing summary for appointment %s failed too", appointment.id)
            summary = None
    return summary, offline.caution_sentence(guest, today=today), f" at {guest.starts_at}."


async def _risk(
    copilot: Copilot,
    catalog: Catalog,
    appointments: Sequence[Appointment],
    clients: Mapping[str, Client],
    *,
    now: datetime,
) -> dict[str, engine.RiskNote]:
    """No-show bands when a risk model is loaded; nothing (not an error) when it is not or the history fails. A guest
    checked in, done or whose start has passed gets none, as in the day book and ``/spa risk``. ``clients``, read
    already, say who visited before the history's window (not read again). With a model loaded, a booking that cannot
    be scored (no usable booking date) says so where its band would be; so does each when the book could not be scored just
    now (``RiskScores.failure``), which the briefing says once (``briefing_view``)."""
    to_come = [a for a in appointments if still_to_come(a, now)]
    try:
        scores = await copilot.risk_scores(to_come, clients)
    except ValueError as exc:
        logger.warning("no risk bands for the briefing: %s", type(exc).__name__)
        return {}
    notes = {
        aid: engine.RiskNote(score.band, score.probability, tuple(score.reasons)) for aid, score in scores.items()
    }
    if copilot.risk is not None:
        from spa_copilot.risk.bands import NOT_SCORED, NOT_SCORED_NOW_BAND, scorable, scoring_failure

        notes.update({a.id: engine.RiskNote(None, unscored=NOT_SCORED) for a in to_come if a.id not in notes and not scorable(a)})
        if scoring_failure(scores):
            notes.update({a.id: engine.RiskNote(None, unscored=NOT_SCORED_NOW_BAND) for a in to_come if a.id not in notes})
    return notes


def _guest(
    catalog: Catalog,
    location: Location,
    appointment: Appointment,
    staff_id: str,
    context: GuestContext,
    *,
    conflicts: Sequence[Conflict] = (),
    alerted: set[str] | frozenset[str] = frozenset(),
) -> engine.GuestBrief:
    brief = engine.guest_brief(
        appointment,
        staff_id,
        client=context.client,
        profile=context.profile,
        services={s.id: s for s in catalog.services},
        resources={r.id: r for r in catalog.resources},
        staff={s.id: s for s in catalog.staff},
        past=context.past,
        risk=context.risk,
        summary=context.summary.text if context.summary else "",
        summary_source=summary_source(context.summary) if context.summary else engine.SummarySource.offline,
        location=location,
        conflicts=conflicts,
        alerted=alerted,
    )
    shown = shown_summary(
        context.summary,
        context.cautions,
        cautions_shown=bool(brief.cautions),
        opening_end=context.opening_end,
        visit=brief.visit_words,
    )
    return replace(brief, summary=shown, summary_drafted=context.summary is not None)


def conflict_line(guest: engine.GuestBrief, briefing: engine.TherapistBriefing) -> str:
    """``engine.conflict_line``, with a double booking across sites said too: each booking at another location the
    guest's booking overlaps is named on that location's clock, labelled with its zone where the clocks differ, and
    where it is ("Overlaps Aria's 7:00am PST booking at Venice — the front desk has been alerted"; "your 7:00am PST
    booking at Venice" when its guest was not read). The bookings of this briefing are named as the engine names
    them, and a line with no booking elsewhere is the engine's own, word for word."""
    crossing = briefing.crossing if isinstance(briefing, BriefingAcross) else ()
    return booking_conflict_line(guest, briefing.guests, briefing.location, crossing)


def booking_conflict_line(
    guest: engine.GuestBrief, others: Sequence[engine.GuestBrief], location: Location, crossing: Iterable[AwayBooking]
) -> str:
    """``conflict_line`` with the therapist's bookings it may name given apart (``engine.booking_conflict_line``):
    ``others``, those of ``location`` (the briefing's guests, or, for the prep DM, the bookings its guest overlaps),
    and ``crossing``, those at other locations (``away_bookings``)."""
    away = {b.appointment_id: b for b in crossing}
    if not any(aid in away for found in guest.conflicts for aid in found.overlaps):
        return engine.booking_conflict_line(guest, others, location)
    kept: list[engine.BookingConflict] = []
    named: dict[str, AwayBooking] = {}
    for found in guest.conflicts:
        named |= {aid: away[aid] for aid in found.overlaps if aid in away}
        rest = tuple(aid for aid in found.overlaps if aid not in away)
        if rest or not found.overlaps:  # its bookings here (or not a double booking): said by the engine
            kept.append(replace(found, overlaps=rest) if rest != found.overlaps else found)
    clauses = engine.conflict_clauses(kept, others, location)
    # beside the double bookings here (said first by the engine), before what else the line says
    at = sum(1 for clause in clauses if clause.startswith(("overlaps ", "its services are booked")))
    clauses.insert(at, f"overlaps {_away_words(named.values(), location)}")
    return engine.conflict_sentence(clauses, guest.conflicts)


def _away_words(bookings: Iterable[AwayBooking], location: Location) -> str:
    """Bookings at other locations as a conflict line names them, in time order, by location: "Aria's 7:00am PST
    booking at Venice", "Wei's 9:00am EST and Luca's 10:30am EST bookings at SoHo" (the zone said where a clock
    reads otherwise than this location's), "your 7:00am PST booking at Venice" for a guest not read."""
    by_place: dict[str, list[AwayBooking]] = {}
    for booking in sorted(bookings, key=lambda b: (b.start, b.appointment_id)):
        by_place.setdefault(booking.location.id, []).append(booking)
    said = []
    for theirs in by_place.values():
        named = [f"{b.first_name}'s" if b.first_name else "your" for b in theirs]
        zone = theirs[0].location.tz
        clocks = [shown_clock(b.start, zone, named=_clocks_differ(b.start, zone, location.tz)) for b in theirs]
        plural = "s" if len(theirs) > 1 else ""
        whens = engine.listed([f"{whose} {when}" for whose, when in zip(named, clocks, strict=True)])
        said.append(f"{whens} booking{plural} at {theirs[0].location.name}")
    return engine.listed(said)


def _clocks_differ(moment: datetime, zone: tzinfo, other: tzinfo) -> bool:
    """True when the two zones' clocks read ``moment`` otherwise (a time then shown with its zone's name)."""
    return moment.astimezone(zone).utcoffset() != moment.astimezone(other).utcoffset()


def shown_summary(
    summary: AiText | None, cautions: str, *, cautions_shown: bool, opening_end: str = "", visit: str = ""
) -> str:
    """What a briefing or prep DM shows of a guest's summary: what its lines above do not say already.

    Every summary ends with the record's cautions in the copilot's words (``cautions``), which the DM's caution lines
    (⚠, "Check:") give one by one: that sentence is not shown again. A model's summary is shown without it; the
    offline engine's is shown to the end of its first sentence (``opening_end``: "Ava (3rd visit) is booked for
    Swedish Massage 60 at 2:00pm."), as the rest of it restates the ✨ preference lines. The whole summary, cautions
    and all, is what is written back to the spa system (``ai_prep_summary``). On the safe side, a summary is shown
    whole when no caution line stands beside its cautions, or when its cautions were cut short.

    ``visit`` is what the DM says beside the guest's name ("26th visit", "first visit": the guest's header, the prep
    DM's first line). An offline summary of which only that first sentence is left, saying that visit, says nothing
    the DM does not say above it (who, the visit, the service and the time): it is not shown at all ("")."""
    if summary is None:
        return ""
    text = summary.text
    if cautions:
        if not cautions_shown or not text.endswith(" " + cautions):
            return text
        text = text[: -len(cautions)].rstrip()
    if summary.engine == OFFLINE and opening_end and (end := text.find(opening_end)) >= 0:
        text = text[: end + len(opening_end)]
        if visit and f" ({visit}) is booked for " in text:  # only the opening is left: the DM's header says it
            return ""
    return text


def summary_source(summary: AiText) -> engine.SummarySource:
    """Who wrote a summary, as the briefing tells the therapist: a model, or the offline engine (and whether because
    the model did not answer)."""
    if summary.engine != OFFLINE:
        return engine.SummarySource.model
    return engine.SummarySource.model_unavailable if summary.unanswered else engine.SummarySource.offline


# ---------------------------------------------------------------------------------------------------
# What Slack shows


def briefing_view(briefing: engine.TherapistBriefing, *, today: date | None = None) -> views.BriefingView:
    """The briefing as the Block Kit builder lays it out; ``today`` is the location's (None: the briefing's day, as
    in the morning DM), so a preview of another day says which (``engine.day_summary``). Guests whose risk could not
    be scored just now (``risk.bands.NOT_SCORED_NOW_BAND``) are said once, after the summary, not guest by guest."""
    unscored_now = any(_unscored_now(guest.risk) for guest in briefing.guests)
    items = tuple(
        views.BriefingItem(
            start=guest.start,
            end=guest.end,
            # "Madelyn and partner", "Lily (first visit) and partner", "Madelyn (5th visit) and partner"
            client_first_name=guest.shown_name_new("first visit", visits=True),
            service_name=guest.services_words,  # "Four-Hands Massage 60 with Sam"
            room=", ".join(guest.rooms) or None,
            hands_free=guest.hands_free,
            first_visit=guest.new_client and not guest.new_in_name,  # a couples booking's is said in the name, as whose
            visit="" if guest.couples else guest.visit_ordinal,  # "Owen · 26th visit", as "first visit" is said
            highlights=(
                *guest.preferences,
                *(f"Note: {note}" for note in guest.alert_notes),
                *([f"Booking note: {guest.booking_note}"] if guest.booking_note and not guest.booking_note_is_caution else []),
                *([f"Last visit: {engine.last_visit_words(guest.last_visit)}"] if guest.last_visit else []),
            ),
            # the guest's cautions, then one line on what the conflict engine found with the booking, if anything
            cautions=(
                *guest.cautions_and_asks,
                *filter(None, [conflict_line(guest, briefing)]),
            ),
            notes=guest.summary,
            risk=views.RiskView(guest.risk.band, guest.risk.probability, guest.risk.reasons, visit=guest.risk.visit,  # type: ignore[arg-type]
                                unscored=guest.risk.unscored)
            if guest.risk and not _unscored_now(guest.risk)
            else None,
        )
        for guest in briefing.guests
    )
    sources = [guest.summary_source for guest in briefing.guests if guest.summary or guest.summary_drafted]
    return views.BriefingView(
        therapist_name=briefing.staff.display_name,
        day=briefing.day,
        time_zone=briefing.location.time_zone,
        items=items,
        summary=engine.day_summary(briefing, today=today) + (f" {_not_scored_now()}." if unscored_now else ""),
        ai_generated=engine.SummarySource.model in sources,
        offline_summaries=sum(source != engine.SummarySource.model for source in sources),
        ai_unavailable=engine.SummarySource.model_unavailable in sources,
        location_name=briefing.location.name if briefing.away else None,
        home_time_zone=briefing.home_zone if briefing.away else None,
    )


def _unscored_now(risk: engine.RiskNote | None) -> bool:
    """Whether a guest's risk is the book's "could not be scored just now" (the history or the model failed), which
    the briefing says once rather than guest by guest."""
    if risk is None or risk.band is not None:
        return False
    from spa_copilot.risk.bands import NOT_SCORED_NOW_BAND  # a note without a band: a model is loaded, imported

    return risk.unscored == NOT_SCORED_NOW_BAND


def _not_scored_now() -> str:
    from spa_copilot.risk.bands import NOT_SCORED_NOW  # said only with a model loaded: imported already

    return NOT_SCORED_NOW


def briefing_message(
    briefing: engine.TherapistBriefing, *, seen_from: date | None = None, preview: bool = False
) -> SlackMessage:
    """The DM (or preview) of one therapist's briefing; ``seen_from`` is the location's today (None: the briefing's
    day): a preview of another day names it in its summary, and gives its year when it is in another year.

    A ``preview`` (``/spa brief``, mostly the front desk looking at someone else's day) is headed with whose day it is
    and that it is a preview ("Hana Sato's day, Thu 3 Dec (preview)"), not the DM's "Your day, Thu 3 Dec", which read
    as the asker's own; the therapist's own DM keeps "Your day"."""
    message = blocks.briefing_message(briefing_view(briefing, today=seen_from), seen_from=seen_from)
    head = message.blocks[0] if message.blocks else None
    if preview and isinstance(head, HeaderBlock) and head.text.text.startswith(_YOUR_DAY):
        whose = f"{blocks.escape(briefing.staff.display_name)}'s day{head.text.text[len(_YOUR_DAY):]}"
        shown = f"{blocks.truncate(whose, blocks.MAX_HEADER_TEXT - len(_PREVIEW))}{_PREVIEW}"
        message.blocks[0] = HeaderBlock(text=PlainTextObject(text=shown, emoji=True))
    return message


#: How a briefing's header starts (``blocks.briefing_message``), and what a preview's adds after it.
_YOUR_DAY = "Your day"
_PREVIEW = " (preview)"


# ---------------------------------------------------------------------------------------------------
# The morning job


def _sync_failing(copilot: Copilot, location_id: str) -> bool:
    """Whether the calendar sync of ``location_id`` is recorded failing (an outage said once already); False when the
    store cannot tell."""
    try:
        return bool(copilot.store.sync_state(location_id)["failing_since"])
    except Exception:
        return False


async def send_morning_briefings(copilot: Copilot, location_id: str, *, now: datetime | None = None) -> BriefingRun:
    """DM each therapist of a location their day (once per day); never raises."""
    run = BriefingRun(location_id)
    try:
        await _send_morning_briefings(copilot, location_id, now or copilot.now(), run)
    except PlatformError as exc:
        run.error = type(exc).__name__
        # while the calendar sync's outage is recorded (said once, in the log and the ops channel) each 10-minute
        # retry's failure is no news: one line per outage, not one per try (probe45f)
        outage = isinstance(exc, PlatformUnavailable) and _sync_failing(copilot, location_id)
        level = logging.DEBUG if outage else logging.WARNING  # another failure (a 403) is news, said each time
        logger.log(level, "morning briefings for %s failed: %s", location_id, run.error)
    except Exception as exc:
        run.error = type(exc).__name__
        logger.exception("morning briefings for %s failed", location_id)
    return run


def _briefing_claim(staff_id: str, day: date) -> str:
    return f"briefing:{staff_id}:{day.isoformat()}"


def _morning_claim(member: Staff, location: Location, day: date) -> str:
    """Once per therapist, day and location: the key of their own location's briefing is the one kept before
    therapists could be briefed at other locations (so a deploy re-sends nothing); a briefing away has its own."""
    if engine.is_away(member, location):
        return f"{_briefing_claim(member.id, day)}:{location.id}"
    return _briefing_claim(member.id, day)


def booked_elsewhere(
    copilot: Copilot, catalog: Catalog, location: Location, day: date, staff_ids: Sequence[str]
) -> dict[str, list[str]]:
    """By staff id, the names of the other locations where they have an active appointment on ``day`` (each
    location's own date), as the calendar snapshot remembers it: no platform read."""
    others = [other for other in catalog.locations if other.id != location.id]
    booked = booked_in_snapshot(copilot.store, others, staff_ids, [day])
    found: dict[str, list[str]] = {}
    for other in others:  # in the catalog's order
        for staff_id in sorted(booked.get(other.id, ())):
            found.setdefault(staff_id, []).append(other.name)
    return found


#: The longest a morning run waits for the other locations' books of its therapists' day (and their guests' first
#: names), every read together: past it, the DMs go on time without the clash across sites (a person's read budget, as
#: the day book's reads have under ``/spa today``).
OTHER_BOOKS_SECONDS = PERSON_WAITING_READ_SECONDS


async def read_other_books(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    day: date,
    staff_ids: Sequence[str],
    *,
    reading_for: str = "",
) -> OtherBooks:
    """The other locations' books of ``day`` (each its own date) where the calendar snapshot has one of ``staff_ids``
    booked, and the first names of the guests of their bookings there, read at once and within
    ``OTHER_BOOKS_SECONDS`` in all (no read when nobody crosses). A book that cannot be read, or reads not done in
    time, are left out (logged by location id, as for ``reading_for``: "prep for appointment ap_1"; the location's
    morning briefings when not given): the DMs go without that clash, never late and never failing."""
    reading_for = reading_for or f"morning briefings for {location.id}"
    others = [loc for loc in catalog.locations if loc.id != location.id]
    booked = booked_in_snapshot(copilot.store, others, staff_ids, [day])
    wanted = [loc for loc in others if loc.id in booked]
    if not wanted:
        return OtherBooks()
    try:
        with reads_for_a_person(OTHER_BOOKS_SECONDS):  # the Mangomint client's retries stop within it too
            async with asyncio.timeout(OTHER_BOOKS_SECONDS):
                books, failed = await read_books(lambda loc, on: load_day(copilot.platform, loc, on), wanted, [day])
                found = await _named(copilot, [a for book in books.values() for a in book], staff_ids)
    except TimeoutError:
        logger.warning(
            "%s: the books of %s not read within %.0f s, sent without their clashes",
            reading_for,
            ",".join(loc.id for loc in wanted),
            OTHER_BOOKS_SECONDS,
        )
        return OtherBooks()
    except Exception as exc:  # the DMs still go, as before this read existed
        logger.warning(
            "%s: the books of %s not read, sent without their clashes: %s",
            reading_for,
            ",".join(loc.id for loc in wanted),
            type(exc).__name__,
        )
        return OtherBooks()
    for other_id, error in failed.items():
        logger.warning(
            "%s: the book of %s could not be read, sent without its clashes: %s",
            reading_for,
            other_id,
            type(error).__name__,
        )
    return found


async def _named(copilot: Copilot, read: Sequence[Appointment], staff_ids: Collection[str]) -> OtherBooks:
    """``read`` (other locations' bookings) with the first names of the guests of ``staff_ids``' bookings in them (a
    client not read just now is left out: its booking is then "your 7:00am PST booking at Venice")."""
    staff = set(staff_ids)
    theirs = {a.client_id for a in read if a.is_active and staff.intersection(a.staff_ids)}
    clients = await load_clients(copilot.platform, theirs, concurrency=READ_CONCURRENCY, tolerant=True)
    return OtherBooks(tuple(read), {cid: shown_first_name(client.first_name) for cid, client in clients.items()})


async def _send_morning_briefings(copilot: Copilot, location_id: str, now: datetime, run: BriefingRun) -> None:
    catalog = await copilot.catalog()
    location = next((loc for loc in catalog.locations if loc.id == location_id), None)
    if location is None:  # held (one read left it out, or its record cannot be read): the locations read afresh
        catalog = await copilot.catalog(refresh=True)
        location = next((loc for loc in catalog.locations if loc.id == location_id), None)
    if location is None:  # an incomplete run: the morning job tries again while its briefing window is open
        run.error = LOCATION_NOT_READ
        logger.warning("morning briefings for %s not sent: the spa system's locations, read afresh, do not include it "
                       "(or its record cannot be read)", location_id)
        return
    day = run.day = default_day(copilot.settings, location, now=now)
    store = copilot.store
    appointments = await load_day(copilot.platform, location, day)
    targets = engine.briefed_staff(catalog.staff, [a for a in appointments if a.is_active], location, day)
    pending = [member for member in targets if not store.work_done(_morning_claim(member, location, day))]
    run.already_sent.extend(member.id for member in targets if member.id not in {m.id for m in pending})
    # the whole roster, so an email or Slack user two staff members share matches neither of them
    matches = await copilot.directory.matches(catalog.staff, now=now, recheck=True) if pending else {}
    unmatched: list[tuple[Staff, SlackMatch]] = []
    to_brief: dict[str, str] = {}  # staff id -> Slack user id, for those not briefed yet today
    for member in pending:
        match = matches.get(member.id, SlackMatch())
        if match.user_id is not None:
            to_brief[member.id] = match.user_id
        elif match.checked:
            unmatched.append((member, match))
            run.unmatched.append(member.id)
        else:  # Slack did not answer: not "unmatched", tried again by the next run
            run.failed.append(member.id)
    if to_brief:
        members = [member for member in targets if member.id in to_brief]
        elsewhere = booked_elsewhere(copilot, catalog, location, day, [member.id for member in members])
        other_books = await read_other_books(copilot, catalog, location, day, [member.id for member in members])
        briefings = await collect_briefings(
            copilot,
            catalog,
            location,
            day,
            now=now,
            members=members,
            appointments=appointments,
            elsewhere=elsewhere,
            other_books=other_books,
        )
        read = {a.id: a for a in appointments}
        for item in briefings:
            item = _without_over(copilot.store, item, read, now=now)
            listed = [read[guest.appointment_id] for guest in item.guests if guest.appointment_id in read]
            await _send_briefing(copilot, item, to_brief[item.staff.id], day, run, listed=listed)
    if unmatched:
        run.note_failed = not await _report_unmatched(copilot, location, day, unmatched)
    logger.info(
        "morning briefings location=%s day=%s sent=%d already=%d unmatched=%d failed=%d",
        location.id, day, len(run.sent), len(run.already_sent), len(run.unmatched), len(run.failed),
    )


def _without_over(
    store: Store, item: engine.TherapistBriefing, read: Mapping[str, Appointment], *, now: datetime
) -> engine.TherapistBriefing:
    """The morning DM's briefing without the bookings over by the time it is written whose prep DM went to the
    therapist (a night shift's 12:30am guest, told the evening before): nothing left to prepare, so not listed as
    the day's work; its opening line says they are over (``engine.left_out_when_over``)."""
    over = {
        guest.appointment_id
        for guest in item.guests
        if guest.end <= now
        and guest.appointment_id in read
        and store.work_done(_prep_dm_claim(guest.appointment_id, item.staff.id, read[guest.appointment_id].start_at))
    }
    return engine.left_out_when_over(item, over) if over else item


async def _send_briefing(
    copilot: Copilot,
    item: engine.TherapistBriefing,
    user_id: str,
    day: date,
    run: BriefingRun,
    *,
    listed: Sequence[Appointment] = (),
) -> None:
    """One therapist's DM, claimed for the day (``_send_claimed``); one another run is sending counts as failed,
    so the retry looks again (it is sent by then, or its claim has lapsed and is taken over). A day too long for
    one message goes in parts (``_send_parts``). Once it went, each booking it lists (``listed``, as read for it)
    that was cancelled or changed while it was written is told as a change after it (``_correct_overtaken``)."""
    try:
        parts = briefing_parts(item)
    except Exception:  # rendering this one briefing failed: the others still go out
        logger.exception("morning briefing for staff %s failed", item.staff.id)
        run.failed.append(item.staff.id)
        return
    claim, claimed_at = _morning_claim(item.staff, item.location, day), copilot.now()
    if not copilot.store.claim_work(claim, source="briefing", at=claimed_at, lease=CLAIM_LEASE):
        if copilot.store.work_done(claim):
            run.already_sent.append(item.staff.id)  # another run (or process) sent it first
        else:
            logger.info("morning briefing for staff %s is being sent by another run", item.staff.id)
            run.failed.append(item.staff.id)
    else:
        watched = _watch(copilot.store, listed, now=claimed_at)
        what = f"{blocks.escape(item.staff.display_name)}'s morning briefing for {day:%a} {day.day} {day:%b}"
        if not await _send_parts(copilot, claim, claimed_at, user_id, parts, what=what):
            run.failed.append(item.staff.id)
            for appointment_id in watched:  # nothing went: nothing to correct
                copilot.store.drop_update(appointment_id)
            return
        run.sent.append(item.staff.id)
        for guest in item.guests:  # a cancellation or a colleague taking the guest over before the prep DM is told
            copilot.store.claim_event(_morning_marker(guest.appointment_id, item.staff.id), source="briefing")
        try:  # the other therapists' briefings still go out; what is left is kept for the prep check
            await _correct_overtaken(copilot, item.location, listed, watched, now=copilot.now())
        except Exception:
            logger.exception("morning briefing for staff %s: its bookings not checked after it went", item.staff.id)


def briefing_parts(briefing: engine.TherapistBriefing) -> list[tuple[tuple[str, ...], SlackMessage]]:
    """The DM of one therapist's briefing, in as many messages as it takes, each with the ids of the appointments
    it lists."""
    return [
        (tuple(briefing.guests[index].appointment_id for index in part.items), part.message)
        for part in blocks.briefing_parts(briefing_view(briefing))
    ]


def _part_claim(claim: str, appointment_ids: Sequence[str]) -> str:
    """One part of a briefing sent in parts, named by the appointments it lists: a retry whose book is unchanged
    skips the parts already sent; one whose book changed sends the parts that changed (a guest twice, never none)."""
    return f"{claim}:part:{hashlib.sha256(chr(10).join(appointment_ids).encode()).hexdigest()[:16]}"


async def _send_parts(
    copilot: Copilot, claim: str, claimed_at: datetime, user_id: str, parts: Sequence[tuple[Sequence[str], SlackMessage]],
    *, what: str | None = None,
) -> bool:
    """Send a briefing under its day's ``claim`` (held by the caller): one message as ``_send_claimed`` does; in
    parts, each part claimed and recorded sent on its own, the day's claim finished once they all are and released
    otherwise, so the next run sends only the parts still missing. True when every part is sent."""
    if len(parts) == 1:
        with _dm_named(what):
            return await _send_claimed(copilot, claim, "briefing", user_id, parts[0][1], claimed_at=claimed_at)
    store, done = copilot.store, False
    try:
        for appointment_ids, message in parts:
            key = _part_claim(claim, appointment_ids)
            if store.work_done(key):
                continue
            part_at = copilot.now()
            if not store.claim_work(key, source="briefing", at=part_at, lease=CLAIM_LEASE):
                return False  # left mid-send by a process that died: taken over once its lease lapses
            with _dm_named(what):
                if not await _send_claimed(copilot, key, "briefing", user_id, message, claimed_at=part_at):
                    return False
        done = True
    finally:  # also when a stop cuts the run off: the next run sends the parts still missing
        if done:
            store.finish_work(claim, source="briefing", claimed_at=claimed_at)
        else:
            store.release_event(claim, claimed_at=claimed_at)
    return done


async def _send_claimed(
    copilot: Copilot, claim: str, source: str, user_id: str, message: SlackMessage, *, claimed_at: datetime
) -> bool:
    """Send a DM claimed with ``claim_work`` (at ``claimed_at``): recorded done once Slack took it, released
    otherwise, so a later run sends it. Released also when the run is cut off (a stop cancels it) before Slack
    answered: the next process sends it (never not at all). The DM is posted under ``claim`` as its key
    (``post_once``), so a try whose answer was lost, or cut off, after Slack took it is found in the DM by the next
    try instead of sent twice. Finished or released only under its own claim: one another process took over after
    the lease is left to it. True when sent."""
    sent = False
    try:
        sent = await _dm(copilot, user_id, message, key=claim)
    finally:
        if sent:
            copilot.store.finish_work(claim, source=source, claimed_at=claimed_at)
        else:
            copilot.store.release_event(claim, claimed_at=claimed_at)
    return sent


#: The DM being sent in words ("Ana Reyes's 9:00am prep DM"), for the ops channel should Slack refuse it for good.
_dm_words: ContextVar[str | None] = ContextVar("spa_copilot_dm_words", default=None)


@contextmanager
def _dm_named(what: str | None) -> Iterator[None]:
    """The DMs sent inside (by this task) are ``what``, as the ops channel names one Slack refuses for good (``_dm``)."""
    token = _dm_words.set(what)
    try:
        yield
    finally:
        _dm_words.reset(token)


async def _dm(
    copilot: Copilot, user_id: str, message: SlackMessage, *, key: str | None = None, what: str | None = None
) -> bool:
    """Post a DM (or a channel message), once for its ``key`` however often it is tried (``post_once``: a try
    whose answer Slack lost is found in the conversation, not posted again); False, never an exception, when it
    could not be sent. One Slack refuses for good (``is_refused_for_good``: the account deactivated, the message
    too long) is said once in the ops channel as ``what`` (by default as the caller named it, ``_dm_named``;
    ``ops_notes.refused_for_good``) and, once it is, not tried again by this process: the checks that follow skip
    it quietly."""
    what = what or _dm_words.get()
    if key is not None and was_refused(copilot, key, conversation=user_id):
        return False
    try:
        if key is None:
            await copilot.slack.chat_postMessage(channel=user_id, **message.to_kwargs())
        else:
            await post_once(copilot.slack, copilot.store, key=key, channel=user_id, **message.to_kwargs())
    except SLACK_FAILURES as exc:  # Slack refused, or could not be reached: one line
        logger.warning("could not DM %s: %s", user_id, slack_failure(exc))
        if key is not None and what is not None and is_refused_for_good(exc):
            await refused_for_good(copilot, exc, key=key, what=what, ids=f"the DM {key} to {user_id}",
                                   conversation=user_id)
        return False
    except Exception:  # a bug: its traceback; the other DMs still go out
        logger.exception("could not DM %s", user_id)
        return False
    return True


async def _report_unmatched(
    copilot: Copilot, location: Location, day: date, unmatched: Sequence[tuple[Staff, SlackMatch]]
) -> bool:
    """A DM to each configured manager (or the ops channel when none is) naming the staff who could not be
    matched; each staff member once per day and target (a claim per staff member, day and target, taken before
    the DM and released if it fails, so a later run reaches only those missed). True when every target has it."""
    targets = copilot.settings.spa_manager_ids or [copilot.settings.ops_channel]
    delivered = True
    for target in targets:
        fresh = [
            (member, match)
            for member, match in unmatched
            if copilot.store.claim_event(f"briefing-unmatched:{member.id}:{day.isoformat()}:{target}", source="briefing")
        ]
        if not fresh:
            continue
        mapped = copilot.directory.is_mapped
        missing = [member.display_name for member, match in fresh if not match.shared and not mapped(member.id)]
        mapped_away = [member.display_name for member, match in fresh if not match.shared and mapped(member.id)]
        shared = [member.display_name for member, match in fresh if match.shared]
        parts = [UNMATCHED_TEXT.format(location=location.name, names=", ".join(missing))] if missing else []
        parts += [MAPPED_AWAY_TEXT.format(location=location.name, names=", ".join(mapped_away))] if mapped_away else []
        parts += [SHARED_TEXT.format(location=location.name, names=", ".join(shared))] if shared else []
        sent = False
        try:
            key = f"briefing-unmatched:{day.isoformat()}:{target}:{','.join(member.id for member, _ in fresh)}"
            sent = await _dm(copilot, target, blocks.notice_message(" ".join(parts)), key=key)
        finally:  # also when a stop cuts the run off before Slack answered: the next run sends it
            if not sent:
                for member, _ in fresh:
                    copilot.store.release_event(f"briefing-unmatched:{member.id}:{day.isoformat()}:{target}")
        delivered = delivered and sent
    return delivered


# ---------------------------------------------------------------------------------------------------
# The prep job


#: By store: whether the prep check has said the spa system does not answer (an outage), and whether the check under
#: way met it again. One warning per outage, not one per appointment at every check; the rest at DEBUG.
_prep_outage: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


def _log_postponed(copilot: Copilot, what: str, exc: PlatformError) -> None:
    """Log that ``what`` ("prep for appointment ap_1") is postponed by ``exc``: the spa system not answering is said
    once per outage (and its end once, by ``send_prep_briefings``); any other refusal once per appointment."""
    if not isinstance(exc, PlatformUnavailable):
        logger.warning("%s postponed: %s", what, type(exc).__name__)
        return
    state = _prep_outage.setdefault(copilot.store, {"said": False, "met": False})
    state["met"] = True
    if not state["said"]:
        state["said"] = True
        logger.warning("prep briefings postponed: the spa system does not answer (%s); each is tried again at the "
                       "next check", type(exc).__name__)
    logger.debug("%s postponed: %s", what, type(exc).__name__)


def _prep_check_started(copilot: Copilot) -> None:
    if (state := _prep_outage.get(copilot.store)) is not None:
        state["met"] = False


def _prep_check_ended(copilot: Copilot) -> None:
    """A check that met no outage after one was said: its end, once."""
    state = _prep_outage.get(copilot.store)
    if state is not None and state["said"] and not state["met"]:
        state["said"] = False
        logger.info("prep briefings: the spa system answers again")


async def send_prep_briefings(copilot: Copilot, *, now: datetime | None = None) -> list[str]:
    """Prepare every appointment starting within ``PREP_HOURS_BEFORE`` hours; returns the ids this run finished
    preparing (everything due for them is done). Never raises.

    It also registers ``on_calendar_changes`` (``build_scheduler`` does too, at the start): whatever runs this job
    gets the prep DMs of the bookings made just before they start."""
    register_handler(copilot)
    now = now or copilot.now()
    _prep_check_started(copilot)
    try:
        catalog = await copilot.catalog()
    except PlatformError as exc:
        _log_postponed(copilot, "prep briefings", exc)
        return []
    except Exception:
        logger.exception("prep briefings skipped")
        return []
    try:
        await _send_kept_updates(copilot, catalog, now=now)
    except PlatformError as exc:  # kept for the next check
        _log_postponed(copilot, "kept prep updates", exc)
    except Exception:
        logger.exception("kept prep updates failed")
    try:  # guest details changed since a prep DM with no change to the booking (no webhook for a record's edit)
        await recheck_guest_details(copilot, now=now, catalog=catalog)
    except Exception:
        logger.exception("prep check: guest details not re-read")
    for location in catalog.locations:  # "… is booked again" that a sync's handler could not send
        try:
            await tell_rebooked_guests(copilot, location, now=now)
        except Exception:
            logger.exception("prep check: rebooked guests at location %s not told", location.id)
    pending: list[tuple[Location, SnapshotRow, datetime]] = []
    for location in catalog.locations:
        for row in copilot.store.snapshot(location_id=location.id).values():
            start, end = datetime.fromisoformat(row.start_at), datetime.fromisoformat(row.end_at)
            if prep_due(row.status, start, end, now=now, lead=_lead(copilot)) and _prep_pending(
                copilot, row.appointment_id, row.staff_ids, start, client_id=row.client_id
            ):
                pending.append((location, row, start))
    if not pending:
        _prep_check_ended(copilot)
        return []
    # A therapist with no Slack user is left out until they have one (an email fixed mid-morning, a new Slack
    # account): their DM goes out then, if the appointment has not ended, and costs no reads meanwhile.
    matches = await copilot.directory.matches(catalog.staff, now=now)
    due = [
        (location, row.appointment_id) for location, row, start in pending
        if _prep_pending(copilot, row.appointment_id, row.staff_ids, start, matches, client_id=row.client_id)
    ]
    done = await asyncio.gather(
        *(_prepare_safely(copilot, catalog, loc, aid, now=now, matches=matches) for loc, aid in due)
    )
    _prep_check_ended(copilot)
    return [aid for (_, aid), ok in zip(due, done, strict=True) if ok]


def prep_due(status: str, start: datetime, end: datetime, *, now: datetime, lead: timedelta) -> bool:
    """True while a booking is due its prep: from ``lead`` (``PREP_HOURS_BEFORE``) before it starts until it ends,
    booked or already checked in. Not only until it starts: a walk-in booked for a few minutes later (the check runs
    every few minutes), one checked in at once, or a DM Slack refused until then still reaches the therapist, with
    the guest's cautions, while the guest is with them. With ``PREP_HOURS_BEFORE=0`` the prep comes as it starts."""
    return status in PREP_STATUSES and start <= now + lead and now < end


def _lead(copilot: Copilot) -> timedelta:
    return timedelta(hours=copilot.settings.prep_hours_before)


def _prep_dm_claim(appointment_id: str, staff_id: str, start: datetime) -> str:
    """The prep DM of one appointment to one staff member at one start time: a new therapist or a new time is
    a new prep."""
    return f"prep:{appointment_id}:{staff_id}:{start.astimezone(UTC).isoformat()}"


def _prep_summary_claim(appointment_id: str, start: datetime, client_id: str) -> str:
    """The ``ai_prep_summary`` write-back: once per appointment, start time and guest (the summary says when the guest
    comes, so a rescheduled appointment is written again; a booking moved to another guest is written to theirs)."""
    return f"prep-summary:{appointment_id}:{start.astimezone(UTC).isoformat()}:{client_id}"


def _summary_done(store: Store, appointment_id: str, start: datetime, client_id: str) -> bool:
    """The write-back of the appointment at that start for that guest is done (or was, under the claim of a version
    that did not name the guest: that one stands for whichever guest it had)."""
    legacy = f"prep-summary:{appointment_id}:{start.astimezone(UTC).isoformat()}"
    return store.work_done(_prep_summary_claim(appointment_id, start, client_id)) or store.work_done(legacy)


def _prep_pending(
    copilot: Copilot,
    appointment_id: str,
    staff_ids: Sequence[str],
    start: datetime,
    matches: Mapping[str, SlackMatch] | None = None,
    *,
    client_id: str,
) -> bool:
    """True while some prep DM (or the write-back to the guest's record, outside read_only) of the appointment has not
    been done; with ``matches``, a DM to a therapist who has no Slack user is not counted (nobody to send it to yet)."""
    store = copilot.store
    if store.event_seen(f"prep:{appointment_id}"):  # prepared as a whole by an earlier version
        return False
    if copilot.settings.spa_mode != Mode.read_only and not _summary_done(store, appointment_id, start, client_id):
        return True
    return any(
        not store.work_done(_prep_dm_claim(appointment_id, sid, start))
        and not (matches is not None and matches.get(sid, SlackMatch()).unmatched)
        for sid in staff_ids
    )


async def _prepare_safely(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    appointment_id: str,
    *,
    now: datetime,
    matches: Mapping[str, SlackMatch] | None = None,
) -> bool:
    try:
        return await prepare_appointment(copilot, catalog, location, appointment_id, now=now, matches=matches)
    except Exception:
        logger.exception("prep briefing for appointment %s failed", appointment_id)
        return False


async def prepare_appointment(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    appointment_id: str,
    *,
    now: datetime,
    matches: Mapping[str, SlackMatch] | None = None,
) -> bool:
    """Write the guest's prep summary back (once per appointment; not in read_only) and DM each of its
    therapists (once per appointment, therapist and start time). Each is claimed in the store before it is
    done and released when it fails, so the next check retries only what is missing, until the appointment
    ends (``prep_due``); a therapist Slack could not be asked about is retried too, one definitely unmatched is not.
    True when this call did something and nothing is left to do."""
    store = copilot.store
    try:
        appointment = await copilot.platform.get_appointment(appointment_id)
        if not prep_due(appointment.status, appointment.start_at, appointment.end_at, now=now, lead=_lead(copilot)):
            return False
        if not _prep_pending(
            copilot, appointment.id, appointment.staff_ids, appointment.start_at, client_id=appointment.client_id
        ):
            return False
        # the booking's own location (moved to the sister location since the change that asked for it): its clock,
        # its day book, its name
        location = next((loc for loc in catalog.locations if loc.id == appointment.location_id), location)
        contexts = await guest_contexts(copilot, catalog, location, [appointment], now=now)
    except PlatformError as exc:
        _log_postponed(copilot, f"prep for appointment {appointment_id}", exc)
        return False
    context = contexts[appointment.id]
    did, left = False, False
    summary_claim = _prep_summary_claim(appointment.id, appointment.start_at, appointment.client_id)
    writes = copilot.settings.spa_mode != Mode.read_only
    claimed = (
        writes
        and not _summary_done(store, appointment.id, appointment.start_at, appointment.client_id)
        and store.claim_work(summary_claim, source="prep", at=now, lease=CLAIM_LEASE)
    )
    if claimed and (context.client is None or context.summary is None):
        store.finish_work(summary_claim, source="prep", claimed_at=now)  # nothing to write (no client, or no AI): handled
    elif claimed:
        written = False
        try:  # the write is idempotent (its key), so a retry after a failure (or a stop) is safe
            await _write_prep_summary(copilot, appointment, context.client, context.summary)  # type: ignore[arg-type]
            written = did = True
        except Exception as exc:
            left = True
            if isinstance(exc, PlatformError):
                _log_postponed(copilot, f"prep summary for appointment {appointment.id}", exc)
            else:
                logger.exception("prep summary for appointment %s failed", appointment.id)
        finally:  # also when a stop cuts the write off: the next process writes it
            if written:
                store.finish_work(summary_claim, source="prep", claimed_at=now)
            else:
                store.release_event(summary_claim, claimed_at=now)
    if matches is None:
        matches = await copilot.directory.matches(catalog.staff, now=now)
    namesakes = await _day_guests(
        copilot, location, appointment.id, appointment.client_id, appointment.start_at, appointment.staff_ids
    )
    book: PrepBook | None = None  # read once a DM is due (none is, mostly: each check finds the DMs sent)
    said = engine.said_digest(context.client, context.profile, appointment, key=_said_key(copilot))  # what the DMs say of the guest
    for staff_id in appointment.staff_ids:
        claim = _prep_dm_claim(appointment.id, staff_id, appointment.start_at)
        if store.work_done(claim):
            continue
        match = matches.get(staff_id, SlackMatch())
        if match.user_id is None:
            if match.checked:  # nobody to DM yet (the morning note lists them): sent once they are matched
                logger.info("prep DM for appointment %s: staff %s is not matched to a Slack user", appointment.id, staff_id)
            else:
                left = True  # Slack did not answer: the next check asks again
            continue
        if book is None:
            book = await _prep_book(copilot, catalog, location, appointment)
        try:  # one therapist's failure must not keep the prep from the other (two-staff services)
            guest = _guest(
                catalog, location, appointment, staff_id, context, conflicts=book.conflicts, alerted=book.alerted
            )
            if (pairs := _couples_pairs(catalog, book.appointments)) and appointment.id in pairs:
                partner = pairs[appointment.id][0]
                theirs = await _partner_contexts(copilot, location, [partner], contexts, now=now)
                guest = _couples(catalog, location, appointment, pairs, theirs, guest)
            others = namesakes.get(staff_id, ())
            overlapped = await _overlapped(copilot, catalog, location, guest, staff_id, book, others)
            guest = replace(guest, first_name=engine.named_among(
                guest.client_id, guest.first_name, guest.short_name, others, whole=guest.whole_name),
                risk=None if _unscored_now(guest.risk) else guest.risk)  # one guest's DM: "just now" is noise
            member = catalog.staff_member(staff_id)
            away = member is not None and engine.is_away(member, location)  # named where, if not their own
            crossing = away_bookings([guest], location, staff_id, catalog, book.elsewhere)
            line = booking_conflict_line(guest, overlapped, location, crossing)  # the morning DM's words
            home = _home_zone(catalog, member) if member is not None and away else None
            message = blocks.prep_message(engine.prep_text(guest, location, now=now, away=away, conflict=line, home_zone=home))
        except Exception:
            logger.exception("prep DM for appointment %s to staff %s failed", appointment.id, staff_id)
            left = True
            continue
        if _overtaken(store, appointment):  # changed while this DM was written: the next check prepares it afresh
            logger.info(
                "prep DM for appointment %s to staff %s skipped: the booking changed since it was read",
                appointment.id,
                staff_id,
            )
            return False
        if not store.claim_work(claim, source="prep", at=now, lease=CLAIM_LEASE):
            if not store.work_done(claim):  # another check got there first and is still sending it
                left = True
            continue
        watched = _watch(store, [appointment], now=now)
        what = f"{_staff_words(catalog, staff_id)}'s {engine.starts_at_words(appointment.start_at, location, now)} prep DM"
        with _dm_named(what):
            sent = await _send_claimed(copilot, claim, "prep", match.user_id, message, claimed_at=now)
        if sent:
            did = True
            store.claim_event(_briefed_marker(appointment.id, staff_id), source="prep")
            _remember_told(copilot, catalog, appointment, staff_id, said, now=now)
        else:
            left = True
        if not await _correct_overtaken(copilot, location, [appointment], watched, now=now):
            left = True
    return did and not left


def _staff_words(catalog: Catalog, staff_id: str) -> str:
    """A staff member as the ops channel names them: their name (escaped), or their id when it is not known."""
    member = catalog.staff_member(staff_id)
    return blocks.escape(member.display_name) if member is not None else staff_id


def _overtaken(store: Store, appointment: Appointment) -> bool:
    """True when the calendar snapshot holds a later version of the booking than ``appointment`` (as a DM about it
    read it): a change (a cancellation, a move) was handled while the DM was written, and found nobody to tell yet.
    A booking the snapshot does not hold (not seen by a poll yet) is not."""
    row = store.snapshot_row(appointment.id)
    return row is not None and row.version > appointment.version


def _watch(store: Store, appointments: Sequence[Appointment], *, now: datetime) -> list[str]:
    """Keep (``Store.keep_update``) each booking as a DM about to go tells of it, before it goes, unless an update
    is kept for it already (what they last heard, which covers this): a crash after the DM went and before it was
    checked against the snapshot (``_correct_overtaken``) leaves it to the prep check (``_send_kept_updates``), which
    tells what changed since, or nothing. The ids kept here, for ``_correct_overtaken`` to drop."""
    return [a.id for a in appointments if store.keep_update(snapshot_of(a), until=a.end_at, at=now)]


async def _correct_overtaken(
    copilot: Copilot, location: Location, told: Sequence[Appointment], watched: Collection[str], *, now: datetime
) -> bool:
    """After a DM telling of the bookings ``told`` (as it read them) went, or did not: each the snapshot now holds a
    later version of (``_overtaken``) is told as any change after a prep DM is (``_told_of_change``: cancelled,
    moved, …; once per therapist and version, so a handler telling it too sends nothing twice). Its watch
    (``_watch``, ids in ``watched``) is dropped once nothing is left to tell, and kept otherwise (Slack refused, the
    booking could not be read) for the prep check to tell. False when something was left."""
    store, all_told = copilot.store, True
    for appointment in told:
        if _overtaken(store, appointment):
            try:
                catalog = await copilot.catalog()
                matches = await copilot.directory.matches(catalog.staff, now=now)
                # a prep DM whose answer Slack lost may have gone: recorded so, it is followed by the update
                settled = await _prep_dms_settled(copilot, snapshot_of(appointment), matches)
                after = await _current(copilot, appointment.id) if settled else None
                sent = settled and await _told_of_change(copilot, location, snapshot_of(appointment), after, now=now)
            except PlatformError as exc:
                logger.warning("prep update for appointment %s postponed: %s", appointment.id, type(exc).__name__)
                sent = False
            if not sent:  # the watch stands for it (or the update kept before it): told by the prep check
                store.keep_update(snapshot_of(appointment), until=appointment.end_at, at=now)
                all_told = False
                continue
        if appointment.id in watched:
            store.drop_update(appointment.id)
    return all_told


async def _current(copilot: Copilot, appointment_id: str) -> Appointment | None:
    """The booking as the spa system holds it now; None when it is gone from the book."""
    try:
        return await copilot.platform.get_appointment(appointment_id)
    except PlatformNotFound:
        return None


def _said_key(copilot: Copilot) -> bytes:
    """The key of ``engine.said_digest``, derived from ``SLACK_SIGNING_SECRET`` (every deployment has one, and it is
    never written to the database): the ``prep_told`` table alone gives no guest's conditions away. A new signing
    secret makes every kept digest differ: a booking prepped before it that changes later is told as having new guest
    details, once (its cautions said again), never left untold."""
    secret = copilot.settings.slack_signing_secret.get_secret_value().encode()
    return hmac.new(secret, b"spa-copilot prep_told said v1", hashlib.sha256).digest()


def _remember_told(
    copilot: Copilot, catalog: Catalog, appointment: Appointment, staff_id: str, said: str, *, now: datetime
) -> None:
    """Keep what a DM just told ``staff_id`` of the booking (``engine.ToldPart``: ids, their part's time and rooms,
    the digest ``said`` of what it said of the guest), for the updates that follow to compare with."""
    copilot.store.remember_told(appointment.id, staff_id, _told_record(catalog, appointment, staff_id, said, now=now), at=now)


def _told_record(
    catalog: Catalog, appointment: Appointment, staff_id: str, said: str, *, now: datetime
) -> dict[str, Any]:
    """The told record (``Store.remember_told``) of a DM telling ``staff_id`` of the booking as it stands."""
    told = engine.told_part(appointment, staff_id, said=said, resources={r.id: r for r in catalog.resources})
    # with the version told of (the spa system's numbering, which Store.told_staff compares)
    # and where it was then: an update names the time they know it by on that location's clock (``_told_of_change``)
    # and who was on the booking then, ``_as_told``'s measure of who took it over
    return {**replace(told, told_at=now).as_record(), "version": appointment.version,
            "location_id": appointment.location_id, BOOKING_STAFF: list(appointment.staff_ids)}


#: The key of a told record (``Store.told``) holding the staff on the booking when she was told (``_as_told``).
BOOKING_STAFF = "booking_staff"


@dataclass(frozen=True)
class PrepBook:
    """The day's book of a prep DM's booking (its location, the day it starts) and what the conflict engine finds in
    it (``day_conflicts``, as for the morning DM)."""

    appointments: tuple[Appointment, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    alerted: frozenset[str] = frozenset()
    #: the other locations' bookings of the day, read where the snapshot has a therapist of the booking there
    #: (``read_other_books``), so a double booking across sites is found and named as in the morning DM
    elsewhere: OtherBooks = OtherBooks()


async def _prep_book(
    copilot: Copilot, catalog: Catalog, location: Location, appointment: Appointment, *, across: bool = True
) -> PrepBook:
    """The day's book and its conflicts for the prep DM of ``appointment`` (one read of the location's day, only
    when a DM about it is due; the booking as just read in place of the book's copy). The book unread, the DM goes
    without the conflict line, as before. The other locations' books of the day are read too where the calendar
    snapshot has one of its therapists booked, as for the morning DM (``read_other_books``: within
    ``OTHER_BOOKS_SECONDS``; not read in time, the DM goes on time without that clash); not ``across``, for an update
    whose line names this book's clashes only (rev50g: it waited on a read it never used, holding other DMs)."""
    day = book_day(appointment, location.tz)
    try:
        listed = await load_day(copilot.platform, location, day)
        book = [a for a in {**{a.id: a for a in listed}, appointment.id: appointment}.values() if a.is_active]
        elsewhere = await read_other_books(
            copilot, catalog, location, day, appointment.staff_ids, reading_for=f"prep for appointment {appointment.id}"
        ) if across else OtherBooks()
        conflicts, alerted = day_conflicts(copilot, catalog, location, day, book, elsewhere.appointments)
    except PlatformError as exc:
        logger.warning("appointment %s: the day's conflicts not read for its prep: %s", appointment.id, type(exc).__name__)
        return PrepBook()
    except Exception:  # the DM still goes, as before this line existed
        logger.exception("appointment %s: the day's conflicts failed for its prep", appointment.id)
        return PrepBook()
    return PrepBook(tuple(book), tuple(conflicts), frozenset(alerted), elsewhere)


async def _overlapped(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    guest: engine.GuestBrief,
    staff_id: str,
    book: PrepBook,
    others: Sequence[tuple[str, str, str, str]],
) -> list[engine.GuestBrief]:
    """The guests of the bookings a prep DM's guest overlaps with the therapist (none, mostly), named as the morning
    DM names them among the therapist's guests of the day (``others``, ``_day_guests``, and this guest); their
    clients read (a guest who cannot be read is "the 12:00pm", as in the morning DM)."""
    ids = {aid for found in guest.conflicts for aid in found.overlaps}
    theirs = [a for a in book.appointments if a.id in ids]
    if not theirs:
        return []
    try:
        clients = await load_clients(copilot.platform, {a.client_id for a in theirs}, concurrency=READ_CONCURRENCY, tolerant=True)
        day = [*others, (guest.client_id, guest.first_name, guest.short_name, guest.whole_name)]
        briefs = [
            _guest(catalog, location, a, staff_id, GuestContext(clients.get(a.client_id), GuestProfile(), []))
            for a in theirs
        ]
        return [
            replace(other, first_name=engine.named_among(
                other.client_id, other.first_name, other.short_name, day, whole=other.whole_name))
            for other in briefs
        ]
    except Exception:  # the line then says "overlaps another booking of yours"
        logger.exception("appointment %s: the bookings it overlaps not named", guest.appointment_id)
        return []


async def _day_guests(
    copilot: Copilot,
    location: Location,
    appointment_id: str,
    client_id: str,
    start: datetime,
    staff_ids: Sequence[str],
    *,
    earlier: Mapping[str, SnapshotRow] | None = None,
) -> dict[str, list[tuple[str, str, str, str]]]:
    """By therapist (``staff_ids``) of an appointment starting at ``start``: the other guests of their day at the
    location (client id, first name, short name, whole name; from the calendar snapshot, their clients read), so the prep DM and
    the change DM name a guest as the morning DM does ("Siobhan K." beside another Siobhan, "Siobhan Kelly" beside a Siobhan Kane, ``engine.named_among``).
    ``earlier`` (a change DM's) holds bookings as they were before the changes of the same poll, read instead of the
    snapshot's: a namesake cancelled with the guest is still on the day the prep DM named them in. Guests whose client
    cannot be read are left out, and with them the last initial at worst: the DM is never held up for this."""
    zone = location.tz
    day = start.astimezone(zone).date()
    mine = set(staff_ids)
    try:
        rows = [
            row for row in {**copilot.store.snapshot(location_id=location.id), **(earlier or {})}.values()
            if row.location_id == location.id
            and row.appointment_id != appointment_id
            and row.client_id != client_id  # the guest booked twice shares a name with nobody
            and row.status in ACTIVE_STATUS_VALUES
            and mine & set(row.staff_ids)
            and datetime.fromisoformat(row.start_at).astimezone(zone).date() == day
        ]
        clients = await load_clients(copilot.platform, {row.client_id for row in rows}, concurrency=READ_CONCURRENCY, tolerant=True)
    except Exception as exc:
        logger.warning("appointment %s: the day's other guests not read: %s", appointment_id, type(exc).__name__)
        return {}
    return {
        staff_id: [
            (client.id, shown_first_name(client.first_name), client.short_name, client.whole_name)
            for row in rows
            if staff_id in row.staff_ids and (client := clients.get(row.client_id)) is not None
        ]
        for staff_id in staff_ids
    }


async def _write_prep_summary(copilot: Copilot, appointment: Appointment, client: Client, summary: AiText) -> None:
    await copilot.platform.update_client(
        client.id,
        custom_fields={PREP_FIELD: summary.text},
        idempotency_key=_prep_summary_claim(appointment.id, appointment.start_at, client.id),
    )
    copilot.store.audit(
        actor="copilot",
        action="prep_summary.written",
        subject_id=client.id,
        details={
            "appointmentId": appointment.id,
            "field": f"customFields.{PREP_FIELD}",
            "aiGenerated": True,
            "fallback": summary.fallback,
            "cached": summary.cached,
            "flags": summary.audit_flags,
        },
        engine=summary.engine,
    )
    logger.info("prep summary written for client %s (appointment %s, engine %s)", client.id, appointment.id, summary.engine)


# ---------------------------------------------------------------------------------------------------
# After each calendar sync


def register_handler(copilot: Copilot) -> None:
    """Run ``on_calendar_changes`` after each calendar sync of this copilot, and ``on_form_submitted`` on each
    ``form.submitted`` webhook (each once, however often it is called)."""
    copilot.on_changes(on_calendar_changes)
    if not any(isinstance(h, _FormHandler) for h in copilot.webhook_handlers.get(FORM_SUBMITTED, [])):
        copilot.on_webhook(FORM_SUBMITTED, _FormHandler(copilot))


async def on_calendar_changes(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    """A change handler (``copilot.on_changes``): first each therapist who had the prep DM about a booking that
    changed since is told what changed (``send_prep_updates``); then a booking the poll or a webhook just saw made,
    moved or given to another therapist, and due its prep now (``prep_due``), is prepared at once rather than at the
    next prep check (a walk-in booked for ten minutes later). Inside a sync, a long Slack rate limit is not waited
    out: a prep DM it refused is sent by the prep check."""
    now = copilot.now()
    if any(change.previous is not None or change.appointment is not None for change in changes):
        with rate_limit_wait_at_most(HANDLER_WAIT_SECONDS):
            await send_prep_updates(copilot, location, changes, now=now)
    fresh = {
        change.appointment_id: change.appointment
        for change in changes
        if change.kind in PREP_CHANGES and change.appointment is not None and _fresh(change.appointment, now)
    }
    due = [
        a for a in fresh.values()
        if prep_due(a.status, a.start_at, a.end_at, now=now, lead=_lead(copilot))
        and _prep_pending(copilot, a.id, a.staff_ids, a.start_at, client_id=a.client_id)
    ]
    if not due:
        return
    catalog = await copilot.catalog()
    with rate_limit_wait_at_most(HANDLER_WAIT_SECONDS):
        await asyncio.gather(*(_prepare_safely(copilot, catalog, location, a.id, now=now) for a in due))


async def send_prep_updates(copilot: Copilot, location: Location, changes: Sequence[CalendarChange], *, now: datetime) -> None:
    """Tell each therapist who had the prep DM about a booking what changed since, before it ends: cancelled, gone
    from the book, given to another therapist (the new one gets a prep DM of their own), moved, another service (with
    what it rules out for this guest), another room, booked again after a cancellation, a new booking note or other
    guest details, or another guest (``engine.prep_update``); a therapist whose morning DM listed the guest, of a
    cancellation or a colleague taking over.
    Once per therapist and version of the booking; one Slack refuses is kept and tried again by the prep check until
    the appointment ends."""
    # one appointment may come as several changes (moved and reassigned): one update per "before" it is told from,
    # oldest first (a step a stop cut this handler off in, handed again with its catching up: scheduler._replay_plan)
    latest: dict[tuple[str, int], tuple[SnapshotRow, Appointment | None]] = {}
    for change in changes:
        if change.previous is not None:
            latest.setdefault((change.appointment_id, change.previous.version), (change.previous, change.appointment))
    for change in changes:
        # a booking handed as new that someone was told of already: prepped by a handler a stop then cut off, the
        # catching up handing it as it is now (scheduler._replay_plan); what each was told is the "before"
        if change.previous is None and change.appointment is not None and not any(
            appointment_id == change.appointment_id for appointment_id, _ in latest
        ) and (told := _as_told(copilot.store, location, change.appointment)) is not None:
            latest[(change.appointment_id, told.version)] = (told, change.appointment)
    told_in_order = sorted(latest.items(), key=lambda item: item[0][1])
    # the day's guests as they were before these changes: a namesake cancelled in the same poll still tells them apart
    earlier: dict[str, SnapshotRow] = {}
    for (appointment_id, _), (before, _) in told_in_order:
        earlier.setdefault(appointment_id, before)
    for (appointment_id, _), (before, after) in told_in_order:
        try:
            await _send_prep_update(copilot, location, before, after, now=now, earlier=earlier)
        except PlatformError as exc:  # kept by _send_prep_update: the prep check tries it again
            logger.warning("prep update for appointment %s postponed: %s", appointment_id, type(exc).__name__)
        except Exception:
            logger.exception("prep update for appointment %s failed", appointment_id)
    # a new booking of a guest with a cancellation that day: to check for "… is booked again" now and at each prep
    # check (her "cancelled" DM may go only later)
    booked = {c.appointment_id for c in changes if c.previous is None and c.appointment is not None}
    if booked:
        try:
            mark_rebooked_to_check(copilot, location, booked, now=now)
            await tell_rebooked_guests(copilot, location, now=now)
        except Exception:
            logger.exception("rebooked guests at location %s not told", location.id)


async def _send_prep_update(
    copilot: Copilot,
    location: Location,
    before: SnapshotRow,
    after: Appointment | None,
    *,
    now: datetime,
    earlier: Mapping[str, SnapshotRow],
) -> None:
    """The update DMs about one booking's change (``earlier``: the bookings of this poll's changes, as they were
    before, ``_day_guests``); one Slack refused, or that the spa system could not be asked for (a client read failed:
    the error is raised on, after), is kept (``Store.keep_update``) and tried again by the prep check
    (``_send_kept_updates``) until the appointment ends: the next poll sees no change, so nothing else would."""
    try:
        sent = await _told_of_change(copilot, location, before, after, now=now, earlier=earlier)
    except PlatformError:
        copilot.store.keep_update(before, until=datetime.fromisoformat(before.end_at), at=now)
        raise
    if not sent:
        copilot.store.keep_update(before, until=datetime.fromisoformat(before.end_at), at=now)


async def _send_kept_updates(copilot: Copilot, catalog: Catalog, *, now: datetime) -> None:
    """Send again the prep updates Slack refused, against the booking as it is now: one whose appointment has ended
    is forgotten; one the spa system cannot be asked about just now waits for the next check."""
    store = copilot.store
    matches: Mapping[str, SlackMatch] | None = None
    for told, until in store.kept_updates():
        location = next((loc for loc in catalog.locations if loc.id == told.location_id), None)
        if now >= until or location is None:
            store.drop_update(told.appointment_id)
            continue
        # kept for therapists none of whom has a Slack user still (one gone for good): nobody could be told, so the
        # booking and its guest are not read again for it; kept until one has, or the appointment ends
        if matches is None:
            matches = await copilot.directory.matches(catalog.staff, now=now)
        waits_on = {*told.staff_ids, *store.told_rows(told.appointment_id)}
        if all(matches.get(sid, SlackMatch()).user_id is None for sid in waits_on):
            continue
        try:
            after: Appointment | None = await copilot.platform.get_appointment(told.appointment_id)
        except PlatformNotFound:
            after = None
        except PlatformError:
            continue
        # a prep DM cut off on its way (a stop) is settled here only for a booking changed since, which the update
        # then follows; one unchanged is left to ``prepare_appointment``'s own retry, which finds the post and keeps
        # what it told (``_remember_told``: later guest details are told against it, rev42f H)
        changed = after is None or after.version > told.version
        if changed and not await _prep_dms_settled(copilot, told, matches):
            continue
        try:
            sent = await _told_of_change(copilot, location, told, after, now=now)
        except PlatformError as exc:  # still kept: the next check asks again
            logger.warning("kept prep update for appointment %s postponed: %s", told.appointment_id, type(exc).__name__)
            continue
        if sent:
            store.drop_update(told.appointment_id)


async def _prep_dms_settled(copilot: Copilot, told: SnapshotRow, matches: Mapping[str, SlackMatch]) -> bool:
    """Settle each prep DM of the booking as ``told`` that a stop or a crash cut off on its way to Slack (its post
    noted, no answer: ``posted_before``): one Slack took is recorded sent (its claim done, the therapist briefed), so
    a change since is told to her (``_watch``: a booking cancelled while the DM went); one that did not go is left
    to the prep check. False while one cannot be looked for yet (Slack not answering, or the post on its way in this
    process): the update stays kept."""
    store, start = copilot.store, datetime.fromisoformat(told.start_at)
    for staff_id in told.staff_ids:
        claim = _prep_dm_claim(told.appointment_id, staff_id, start)
        user_id = matches.get(staff_id, SlackMatch()).user_id
        if store.work_done(claim) or user_id is None:
            continue
        try:
            went = await posted_before(copilot.slack, store, key=claim, channel=user_id)
        except (PostInFlight, *SLACK_FAILURES) as exc:
            logger.info("prep DM %s to staff %s not settled yet: %s", claim, staff_id, type(exc).__name__)
            return False
        if went:
            logger.info("prep DM %s to staff %s went before a stop: recorded as sent", claim, staff_id)
            store.claim_event(claim, source="prep")
            store.finish_work(claim, source="prep")
            store.claim_event(_briefed_marker(told.appointment_id, staff_id), source="prep")
    return True


# ---------------------------------------------------------------------------------------------------
# A guest told cancelled, booked again under a new appointment id


@dataclass(frozen=True)
class _Rebooked:
    """A booking of a guest (``booked``) that a therapist (``staff_id``) was not told of, on the day of bookings of
    hers with the same guest (``cancelled``) she was told are cancelled and not yet found to be re-booked by it."""

    booked: SnapshotRow
    cancelled: tuple[SnapshotRow, ...]
    staff_id: str


def _cancelled_by_guest(rows: Collection[SnapshotRow], *, now: datetime) -> dict[str, list[SnapshotRow]]:
    """The snapshot's cancelled bookings not over yet, by guest: read once per pass, not once per booking (a scan of
    the whole snapshot for each of its bookings at every prep check)."""
    cancelled: dict[str, list[SnapshotRow]] = {}
    for old in rows:
        if old.status == str(AppointmentStatus.cancelled) and datetime.fromisoformat(old.end_at) > now:
            cancelled.setdefault(old.client_id, []).append(old)
    return cancelled


def _cancelled_that_day(
    cancelled: Mapping[str, Sequence[SnapshotRow]], row: SnapshotRow, zone: Any
) -> list[SnapshotRow]:
    """The guest's other bookings on the day ``row`` starts that are cancelled and not over yet (``cancelled``:
    ``_cancelled_by_guest``)."""
    day = datetime.fromisoformat(row.start_at).astimezone(zone).date()
    return [
        old
        for old in cancelled.get(row.client_id, ())
        if old.appointment_id != row.appointment_id
        and datetime.fromisoformat(old.start_at).astimezone(zone).date() == day
    ]


def mark_rebooked_to_check(copilot: Copilot, location: Location, booked_ids: Collection[str], *, now: datetime) -> None:
    """Mark each booking a sync saw made (``booked_ids``) of a guest with a cancelled booking that day as one to
    check for "… is booked again" (``_rebooked_seen``), for each of its therapists, whether or not she has been told of
    the cancellation yet: a "cancelled" DM Slack refused and sent by a later check is followed by it all the same."""
    rows = list(copilot.store.snapshot(location_id=location.id).values())
    cancelled = _cancelled_by_guest(rows, now=now)
    for row in rows:
        if row.appointment_id in booked_ids and _cancelled_that_day(cancelled, row, location.tz):
            for staff_id in row.staff_ids:
                copilot.store.claim_event(_rebooked_seen(row.appointment_id, staff_id), source="prep")


def _rebooked_guests(copilot: Copilot, location: Location, *, now: datetime) -> list[_Rebooked]:
    """The bookings a sync saw made (``_rebooked_seen``) of a guest each of whose therapists was told the guest's
    booking that day is cancelled ("… is cancelled") and has not heard of this one since: maybe the desk cancelled
    and booked her again under a new appointment id (``_tell_rebooked`` judges). From the calendar snapshot and the
    told records alone (no read). Not one her morning DM or a prep DM listed, one due its prep now (the prep DM tells
    her), nor a cancelled booking told of already (``_rebooked_claim``) or found not re-booked by it
    (``_rebooked_not``); a booking of hers she was never told of for another reason (no morning DM) is no "booked
    again"."""
    store, zone = copilot.store, location.tz
    rows = list(store.snapshot(location_id=location.id).values())
    by_guest = _cancelled_by_guest(rows, now=now)
    found: list[_Rebooked] = []
    for row in rows:
        if row.client_id not in by_guest:  # no cancellation of hers to be booked again: most bookings, skipped cheaply
            continue
        start, end = datetime.fromisoformat(row.start_at), datetime.fromisoformat(row.end_at)
        if row.status not in PREP_STATUSES or end <= now:
            continue
        if prep_due(row.status, start, end, now=now, lead=_lead(copilot)):
            continue
        cancelled = _cancelled_that_day(by_guest, row, zone)
        for staff_id in row.staff_ids:
            if not cancelled or _knows_of(store, row, staff_id):
                continue
            if not store.event_seen(_rebooked_seen(row.appointment_id, staff_id)):
                continue
            told_cancelled = tuple(
                old
                for old in cancelled
                if _told_cancelled_untold_since(store, old, staff_id)
                and not store.event_seen(_rebooked_not(row.appointment_id, old.appointment_id, staff_id))
            )
            if told_cancelled:
                found.append(_Rebooked(row, told_cancelled, staff_id))
    return found


def _told_cancelled_untold_since(store: Store, cancelled: SnapshotRow, staff_id: str) -> bool:
    """Whether the therapist of a cancelled booking was told it is cancelled ("… is cancelled": ``Store.released``)
    and not yet that its guest is booked again (``_rebooked_claim``)."""
    released = store.released(cancelled.appointment_id, staff_id) if staff_id in cancelled.staff_ids else None
    told_again = store.work_done(_rebooked_claim(cancelled.appointment_id, staff_id))
    return released is not None and released[1] and not told_again


def _knows_of(store: Store, row: SnapshotRow, staff_id: str) -> bool:
    """Whether a therapist was told of the booking: her morning DM listed it, its prep DM or an update went."""
    return (
        store.event_seen(_morning_marker(row.appointment_id, staff_id))
        or store.event_seen(_briefed_marker(row.appointment_id, staff_id))
        or store.work_done(_prep_dm_claim(row.appointment_id, staff_id, datetime.fromisoformat(row.start_at)))
    )


def booked_again_as(told: engine.ToldPart, now: engine.ToldPart) -> bool:
    """Whether a therapist's part of a new booking (``now``) books again her part of a cancelled one as she knows it
    (``told``): the same guest, at the same start or with one of the same services. Another service at another time
    (a 5:00pm reflexology added hours after her 10:00am facial was cancelled) is a booking of its own, told by its
    prep DM."""
    same_start = told.start == now.start
    same_service = bool(set(told.service_ids) & set(now.service_ids))
    return told.client_id == now.client_id and (same_start or same_service)


def _rebooked_seen(booked_id: str, staff_id: str) -> str:
    """Set when a sync saw a booking made of a guest with a cancelled booking that day (``mark_rebooked_to_check``):
    only those are checked for "… is booked again" (``tell_rebooked_guests``)."""
    return f"prep-rebooked-seen:{booked_id}:{staff_id}"


def _rebooked_not(booked_id: str, cancelled_id: str, staff_id: str) -> str:
    """Set when a new booking was found not to book again a therapist's part of a cancelled one (``booked_again_as``),
    or her part of it could not be known: not read again for it."""
    return f"prep-rebooked-not:{booked_id}:{cancelled_id}:{staff_id}"


def _rebooked_claim(cancelled_id: str, staff_id: str) -> str:
    """The DM telling a therapist that the guest of a booking she was told is cancelled is booked again: once per
    that cancelled booking, whatever new bookings the guest has after it."""
    return f"prep-rebooked:{cancelled_id}:{staff_id}"


async def tell_rebooked_guests(copilot: Copilot, location: Location, *, now: datetime) -> bool:
    """Tell each therapist told a guest's booking is cancelled that the guest is booked again under a new appointment
    (``_rebooked_guests``), once, when her part of the new booking books her part of the cancelled one again
    (``booked_again_as``): "Update: Nora's 2:00pm Prenatal Massage 60 is booked again." ("… and is moved to 3:30pm",
    "… and is now Hot Stone Massage 75"), with her cautions as an update about a guest given back gives them, so the
    thread's last word is not a false "cancelled" until the prep DM hours later (probe44d M4). Her part, not the
    visit's: a colleague's massage before her facial is not hers to hear of. The new booking counts as listed to her
    as her morning DM lists one: a cancellation of it before its prep DM is told too. Called after a sync and by the
    prep check (one Slack refused, or the spa system could not be asked about, is tried again there). False when one
    was not sent."""
    pending = _rebooked_guests(copilot, location, now=now)
    if not pending:
        return True
    catalog = await copilot.catalog()
    matches = await copilot.directory.matches(catalog.staff, now=now)
    all_sent = True
    for item in pending:
        try:
            sent = await _tell_rebooked(copilot, catalog, location, item, matches, now=now)
        except PlatformError as exc:  # the prep check asks again
            logger.warning(
                "rebooked update for appointment %s postponed: %s", item.booked.appointment_id, type(exc).__name__
            )
            sent = False
        all_sent = all_sent and sent
    return all_sent


def _made_after(booked: Appointment, cancelled: SnapshotRow) -> bool:
    """Whether the new booking was made once the old one was cancelled (its last change), as a re-booking is: one made
    before (a second session booked earlier) books nothing again (rev44k K4). Unknown times: no (nothing is said)."""
    if booked.created_at is None or not cancelled.updated_at:
        return False
    try:
        return booked.created_at >= datetime.fromisoformat(cancelled.updated_at)
    except ValueError:
        return False


async def _told_part_of(
    copilot: Copilot, catalog: Catalog, cancelled: SnapshotRow, staff_id: str
) -> engine.ToldPart | None:
    """A therapist's part of a cancelled booking as she knows it: her told record (a prep DM or an update kept it),
    else the booking as the spa system keeps it (her morning DM keeps none); None when it is no longer found, or not
    hers or the guest's."""
    part = engine.ToldPart.from_record(copilot.store.told(cancelled.appointment_id, staff_id))
    if part is not None:
        return part
    try:
        booking = await copilot.platform.get_appointment(cancelled.appointment_id)
    except PlatformNotFound:
        return None
    if staff_id not in booking.staff_ids or booking.client_id != cancelled.client_id:
        return None
    return engine.told_part(booking, staff_id, said="", resources={r.id: r for r in catalog.resources})


async def _tell_rebooked(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    item: _Rebooked,
    matches: Mapping[str, SlackMatch],
    *,
    now: datetime,
) -> bool:
    """One therapist's "… is booked again" DM (``tell_rebooked_guests``), from the booking as the spa system has it
    now, about the cancelled booking nearest in time whose part of hers it books again (``booked_again_as``); True
    when sent or nothing is left to tell (the booking gone, cancelled, hers no longer, or booking none of hers again:
    then nothing is said, and her prep DM tells her of it)."""
    store, staff_id = copilot.store, item.staff_id
    user_id = matches.get(staff_id, SlackMatch()).user_id
    if user_id is None:  # no Slack user just now: the prep check tells her once she has one
        return False
    try:
        booked = await copilot.platform.get_appointment(item.booked.appointment_id)
    except PlatformNotFound:
        return True
    if booked.status not in PREP_STATUSES or staff_id not in booked.staff_ids:
        return True
    resources = {r.id: r for r in catalog.resources}
    mine = engine.told_part(booked, staff_id, said="", resources=resources)
    rows = copilot.store.snapshot(location_id=location.id).values()
    # a colleague's booking of the guest cancelled that day that the new one could book again (at its start, or with
    # one of its services: given to her, at its time or another: rev44k K1, rev44l): which one it books again cannot
    # be told, so nothing is said (the prep DM tells her); an unrelated one (her facial with him dropped earlier,
    # rev44m) does not silence her own re-booking
    colleagues = any(
        staff_id not in old.staff_ids
        and (old.start_at == item.booked.start_at or set(old.service_ids) & set(mine.service_ids))
        for old in _cancelled_that_day(_cancelled_by_guest(rows, now=now), item.booked, location.tz)
    )
    again: list[tuple[SnapshotRow, engine.ToldPart]] = []
    for cancelled in item.cancelled:
        part = None if colleagues or not _made_after(booked, cancelled) else await _told_part_of(
            copilot, catalog, cancelled, staff_id
        )
        if part is not None and booked_again_as(part, mine):
            again.append((cancelled, part))
        else:  # unsure or another booking: nothing said of it (the prep DM tells her)
            store.claim_event(_rebooked_not(booked.id, cancelled.appointment_id, staff_id), source="prep")
    if not again:
        return True
    cancelled, told = min(again, key=lambda found: abs(found[1].start - mine.start))  # the one nearest in time
    clients = await load_clients(copilot.platform, [booked.client_id])
    client = clients.get(booked.client_id)
    if client is None or client.id != cancelled.client_id:  # never "booked again" without her details
        return True
    profile = await _profile(copilot, client, today=now.astimezone(location.tz).date())
    guest = _guest(catalog, location, booked, staff_id, GuestContext(client, profile, []))
    old_start = told.start
    namesakes = await _day_guests(
        copilot, location, cancelled.appointment_id, client.id, datetime.fromisoformat(cancelled.start_at), [staff_id]
    )
    sites = {loc.id: loc for loc in catalog.locations}
    text = engine.prep_update(
        cancelled,
        booked,
        staff_id,
        first_name=_update_name(client, namesakes.get(staff_id, ())),
        location=location,
        now=now,
        services={s.id: s for s in catalog.services},
        resources=resources,
        staff={s.id: s for s in catalog.staff},
        client=client,
        profile=profile,
        told=told,
        guest=guest,
        locations=sites,
        told_location=location,
    )
    if text is None:
        return True
    lines = text.split("\n")
    text = "\n".join([*lines, *(line for line in engine.guest_lines(guest) if line not in lines)])
    claim = _rebooked_claim(cancelled.appointment_id, staff_id)
    if not store.claim_work(claim, source="prep", at=now, lease=CLAIM_LEASE):
        return True  # sent, or being sent by another run
    what = f"{_staff_words(catalog, staff_id)}'s update about the {engine.starts_at_words(old_start, location, now)} booking"
    with _dm_named(what):
        sent = await _send_claimed(copilot, claim, "prep", user_id, blocks.prep_message(text), claimed_at=now)
    if sent:
        store.claim_event(_morning_marker(booked.id, staff_id), source="prep")
    return sent


# ---------------------------------------------------------------------------------------------------
# Guest details changed with no change to the booking: a form submitted, the client record edited


#: The prep check's pass over guest details (``recheck_guest_details``) re-reads only bookings whose prep DM went and
#: that start within this long (or are under way): the therapist is told before the guest is with her, and the spa
#: system is not asked about the whole week's prepped bookings every five minutes (``PREP_HOURS_BEFORE`` may be 72).
DETAILS_AHEAD = timedelta(hours=3)
#: ... and at most this many of them a pass, two reads each (the appointment and its guest), those re-read longest ago
#: first: at most 40 reads every ``PREP_CHECK_SECONDS`` however busy the day (a poll reads the whole book); a busier
#: spa's bookings take turns, each re-read every other check or so.
DETAILS_BUDGET = 20

#: By store: when each prepped booking's guest details were last re-read (its turn at the prep check's pass), and a
#: keyed fingerprint of the booking and the record as read then (in memory only): a record read again unchanged is
#: not read for its profile again (no AI call, no audit row per pass), a changed one is compared with what she was told.
_details_read: weakref.WeakKeyDictionary[Any, dict[str, tuple[datetime, str]]] = weakref.WeakKeyDictionary()


def _fingerprint(copilot: Copilot, appointment: Appointment, client: Client) -> str:
    """A keyed digest of the booking and the guest's record as read (``_said_key``): equal when neither changed."""
    read = f"{appointment.model_dump_json()}\n{client.model_dump_json()}".encode()
    return hmac.new(_said_key(copilot), read, hashlib.sha256).hexdigest()[:32]


def _prepped(
    copilot: Copilot, catalog: Catalog, *, now: datetime, client_id: str | None = None, ahead: timedelta | None = None
) -> list[tuple[Location, SnapshotRow]]:
    """The bookings of the calendar snapshot (no platform read) still held and not ended that some therapist on them
    was told of (a prep DM or an update since, ``Store.told``) and whose own part is not over: of ``client_id`` only
    when given, starting within ``ahead`` when given. A booking with a change not yet told (an update kept for the
    prep check, a change its sync has not handed on) is left out: that update says the guest's details too."""
    store = copilot.store
    kept = {told.appointment_id for told, _ in store.kept_updates()}
    found: list[tuple[Location, SnapshotRow]] = []
    for location in catalog.locations:
        pending = {appointment_id for appointment_id, _, _ in store.pending_changes(location.id)}
        for row in store.snapshot(location_id=location.id).values():
            start, end = datetime.fromisoformat(row.start_at), datetime.fromisoformat(row.end_at)
            if (
                row.status not in PREP_STATUSES
                or now >= end
                or (client_id is not None and row.client_id != client_id)
                or (ahead is not None and start > now + ahead)
                or row.appointment_id in kept
                or row.appointment_id in pending
            ):
                continue
            if any(
                (part := engine.ToldPart.from_record(store.told(row.appointment_id, sid))) is not None
                and not engine.own_part_over(end, None, sid, part, now=now)
                for sid in row.staff_ids
            ):
                found.append((location, row))
    return found


async def recheck_guest_details(
    copilot: Copilot, *, now: datetime | None = None, client_id: str | None = None, catalog: Catalog | None = None
) -> int:
    """Tell each therapist who had the prep DM about a booking still to come (or under way) of new guest details that
    came with no change to the booking, "Update: Adeline's 1:30pm Hot Stone Massage 75 has new guest details.", with
    the cautions as they now stand, as a booking note added is told (``_told_of_change``, ``details``): an intake form
    submitted at check-in ("pregnant", "allergic to latex"), an allergy or an alert the desk added to the client
    record. Once per change, by the digest of what she was told (``engine.said_digest``): the same form submitted
    again, or a record saved with nothing new, says nothing. How many bookings were read.

    With ``client_id`` (a ``form.submitted`` webhook, ``on_form_submitted``): that guest's prepped bookings, whenever
    they start; a guest with none costs no read at all. The spa system failing raises its error after the others were
    tried (the sender retries the webhook). Without (the prep check's pass, for spas without the webhook add-on and
    for edits to the client record, which send none): the prepped bookings starting within ``DETAILS_AHEAD``, at most
    ``DETAILS_BUDGET`` of them, those re-read longest ago first; the spa system not answering ends the pass, said once
    per outage (``_log_postponed``), no DM sent, and the bookings not read are read first at the next check.

    A booking the spa system shows changed since the snapshot (another version, another guest, gone) is left to the
    sync, whose update says the new details with the change; so is one whose therapist's part is no longer as she was
    told it."""
    now = now or copilot.now()
    catalog = catalog or await copilot.catalog()
    rows = _prepped(copilot, catalog, now=now, client_id=client_id, ahead=None if client_id else DETAILS_AHEAD)
    read_at = _details_read.setdefault(copilot.store, {})
    if client_id is None:
        live = {row.appointment_id for _, row in rows}
        for appointment_id in [aid for aid in read_at if aid not in live]:
            del read_at[appointment_id]  # ended, or no longer prepped: its turn is forgotten
        never = (datetime.min.replace(tzinfo=UTC), "")
        rows = sorted(rows, key=lambda item: (read_at.get(item[1].appointment_id, never)[0], item[1].start_at))
        rows = rows[:DETAILS_BUDGET]
    failed: PlatformError | None = None
    read = 0
    for location, row in rows:
        what = f"guest details of appointment {row.appointment_id}"
        last = read_at.get(row.appointment_id, (now, ""))[1]
        try:
            read += 1
            try:
                after = await copilot.platform.get_appointment(row.appointment_id)
                if after.version != row.version or after.client_id != row.client_id or after.status != row.status:
                    read_at[row.appointment_id] = (now, "")  # changed since the snapshot: the sync tells it
                    continue
                guest = await copilot.platform.get_client(row.client_id)
            except PlatformNotFound:  # gone from the book (the sync tells it), or no record: nothing to tell her
                read_at[row.appointment_id] = (now, "")
                continue
            seen = _fingerprint(copilot, after, guest)
            told = seen == last or await _told_of_change(
                copilot, location, row, after, now=now, details=True, read={guest.id: guest}
            )
            read_at[row.appointment_id] = (now, seen if told else "")  # one Slack refused: compared again next time
        except PlatformError as exc:  # no DM: told once it can be read
            _log_postponed(copilot, what, exc)
            failed = failed or exc
            if isinstance(exc, PlatformUnavailable):
                break  # the spa system does not answer: the rest wait for the next check
        except Exception:
            logger.exception("%s not checked", what)
    if failed is not None and client_id is not None:
        raise failed
    return read


def submitted_client_id(data: Mapping[str, Any]) -> str | None:
    """The client a ``form.submitted`` webhook's body names (the contract leaves it free-form): ``clientId`` (or
    ``client.id``, ``clientInfo.id``) at its top level or in its ``form``, ``formSubmission`` or ``submission``; a
    number is read as its string. None when it names none."""
    places = [data, *(data.get(key) for key in ("form", "formSubmission", "submission"))]
    for place in places:
        if not isinstance(place, Mapping):
            continue
        values = [place.get("clientId"), place.get("client_id")]
        values += [inner.get("id") for key in ("client", "clientInfo") if isinstance(inner := place.get(key), Mapping)]
        for value in values:
            if isinstance(value, bool):
                continue
            if isinstance(value, int) or (isinstance(value, str) and value.strip()):
                return str(value).strip()
    return None


async def on_form_submitted(copilot: Copilot, event: WebhookEvent) -> None:
    """A ``form.submitted`` webhook: the therapists prepped about that guest's bookings still to come are told of what
    the form changed in what their DM said (``recheck_guest_details``). A body naming no client is left to the prep
    check's pass; the spa system down raises (``503``: the sender retries)."""
    client_id = submitted_client_id(event.data)
    if client_id is None:
        logger.info("webhook %s: form.submitted names no client; the prep check's pass looks at prepped guests", event.id[:80])
        return
    with rate_limit_wait_at_most(HANDLER_WAIT_SECONDS):
        await recheck_guest_details(copilot, client_id=client_id)


class _FormHandler:
    """The ``form.submitted`` webhook handler bound to one copilot (a class so ``register_handler`` can spot it)."""

    def __init__(self, copilot: Copilot) -> None:
        self.copilot = copilot

    async def __call__(self, event: WebhookEvent) -> None:
        await on_form_submitted(self.copilot, event)


async def _told_of_change(
    copilot: Copilot,
    location: Location,
    before: SnapshotRow,
    after: Appointment | None,
    *,
    now: datetime,
    earlier: Mapping[str, SnapshotRow] | None = None,
    details: bool = False,
    read: Mapping[str, Client] | None = None,
) -> bool:
    """Tell each therapist who was told about the booking (``before``) what changed (``after``); False when Slack
    refused one of them (its claim released, for a later try). ``earlier``: other bookings as they were before the
    same poll's changes (``_day_guests``).

    ``details``: the booking itself did not change (``after`` is the version ``before`` holds), the guest's record may
    have (``recheck_guest_details``): only a therapist whose own part is as she was told it and who was told other
    guest details than a DM built now says hears of it ("… has new guest details"), once per such change
    (``_details_claim``); a guest whose record cannot be found is told nothing (never a DM without her details).
    ``read``: client records just read, by id, used instead of reading them again when they are all it needs."""
    old_start = datetime.fromisoformat(before.start_at)
    store = copilot.store
    version = str(after.version) if after is not None else "removed"
    # an update DM a stop or a crash left on its way to one of them: settled first, so what follows is measured from
    # what she has
    told_any = [*before.staff_ids, *(after.staff_ids if after is not None else ()),
                *store.told_staff(before.appointment_id, after_version=-1, after_moment=None)]
    # one whose DM cannot be looked in just now is left out (kept: tried again once Slack answers); the others are told
    unsettled = await _settled(copilot, before.appointment_id, list(dict.fromkeys(told_any)), now=now)
    # everyone told about this booking (a prep DM or an update, at whatever time or with whoever it had then) who is
    # on it before or after the change: moved to tomorrow and back, or to Jonah and back to Nadia, still reaches them
    on_it = [*before.staff_ids, *(s for s in (after.staff_ids if after is not None else ()) if s not in before.staff_ids)]
    # and anyone told of it as theirs at a later version than ``before`` (a change told, then a stop, then another
    # change while the copilot was down: the catching up goes from before the first, scheduler._replay_plan); not one
    # told before then (a record kept by an older version for a therapist it was since taken from)
    stamp = datetime.fromisoformat(before.updated_at) if before.updated_at else None
    on_it += [sid for sid in store.told_staff(before.appointment_id, after_version=before.version, after_moment=stamp)
              if sid not in on_it]
    # told since ``before`` that it is no longer theirs (a catching up from before that change): as they last knew it
    released = {sid: rel for sid in on_it
                if (rel := store.released(before.appointment_id, sid)) is not None and before.version < rel[0]}
    on_it = [sid for sid in on_it if not (sid in released and _no_longer_theirs(after, sid))]
    records = {sid: store.told(before.appointment_id, sid) for sid in on_it}
    if after is not None and not details:
        # told of this very version (or a later one) as theirs already: a prep DM the location it moved to sent
        # before the location it left heard of the move has nothing left to tell ("booked with you again" after it)
        on_it = [sid for sid in on_it if not _told_this_version(records[sid], after)]
    # what each was last told of their own part and the guest (none: DMs sent before 77592fa)
    parts = {sid: engine.ToldPart.from_record(records[sid]) for sid in on_it}
    # a therapist whose morning DM listed the guest, not prepped yet, is told when the booking is no longer theirs
    # (cancelled, gone, given to a colleague), or moved where its prep DM would come after the time she was given
    # (``_moved_past_the_morning_time``): another move or service reaches them in the prep DM at its time;
    # one whose own part of the visit is over is told nothing more of it (a note for the facial after their massage)
    told = [
        sid for sid in on_it
        if sid not in unsettled
        and (store.event_seen(_briefed_marker(before.appointment_id, sid))
            or store.work_done(_prep_dm_claim(before.appointment_id, sid, old_start))
            or ((_no_longer_theirs(after, sid)
                 or _moved_past_the_morning_time(before, after, sid, zone=location.tz, lead=_lead(copilot), now=now))
                and store.event_seen(_morning_marker(before.appointment_id, sid))))
        and not engine.own_part_over(datetime.fromisoformat(before.end_at), after, sid, parts[sid], now=now)
        and (parts[sid] is not None if details else not store.work_done(_update_claim(before.appointment_id, sid, version)))
    ]
    if not told:
        return not unsettled
    catalog = await copilot.catalog()
    # every time in a DM is on the clock of the booking's own location, never the one whose sync handles the change
    # (a booking moved to the sister location is heard of by the location it left): the time a therapist knows it
    # by on that of the location it was at when they were told of it, a new time on that of where it is now
    sites = {loc.id: loc for loc in catalog.locations}
    was_at = sites.get(before.location_id, location)
    here = sites.get(after.location_id, was_at) if after is not None else was_at
    # a record kept before it held a location (rev31b M2): the therapist's own, where each profile of hers works
    own = {member.id: member.location_id for member in catalog.staff}
    told_site = {
        sid: sites.get(str((records.get(sid) or {}).get("location_id") or own.get(sid) or ""), was_at) for sid in told
    }
    held = after is not None and after.status in PREP_STATUSES
    told_of = {sid: part.client_id for sid in told if (part := parts[sid]) is not None}  # the guest each was told of
    wanted = {before.client_id, *told_of.values(), *([after.client_id] if held else [])}  # type: ignore[union-attr]
    clients = dict(read) if read is not None and wanted <= set(read) else await load_clients(copilot.platform, sorted(wanted))
    client = clients.get(before.client_id)  # who the booking was for just before: how a DM kept before 77592fa names them
    # the guest the booking is for now, read as a prep DM reads them (their notes: cached by what they say, so a model
    # is asked again only when the notes changed), so a note, an alert or another guest since the DM is told
    current = clients.get(after.client_id) if held else None  # type: ignore[union-attr]
    today = now.astimezone(here.tz).date()
    profile = await _profile(copilot, current, today=today) if current is not None else GuestProfile()
    said_key = _said_key(copilot)  # derived once for the digest and every comparison below
    said = engine.said_digest(current, profile, after, key=said_key) if held else None  # type: ignore[arg-type]
    if details:  # only what was said of the guest: those told otherwise, of their part as it still stands
        if current is None or said is None:
            return not unsettled
        resources = {r.id: r for r in catalog.resources}
        told = [
            sid for sid in told
            if sid in after.staff_ids  # type: ignore[union-attr]
            and (part := parts[sid]) is not None
            and engine.says_more(part.said, said, key=said_key, client_id=part.client_id)
            and engine.same_part(part, engine.told_part(after, sid, said=said, resources=resources))  # type: ignore[arg-type]
        ]
        if not told:
            return not unsettled
    context = GuestContext(current, profile, [])
    matches = await copilot.directory.matches(catalog.staff, now=now)
    # named as their prep DM named them: "Siobhan K." beside another Siobhan of the therapist's day that was told of
    # (of the day at the location where each was told of it)
    namesakes: dict[str, list[tuple[str, str, str, str]]] = {}
    if client:
        for site in {told_site[sid].id: told_site[sid] for sid in told}.values():
            namesakes.update(await _day_guests(
                copilot, site, before.appointment_id, before.client_id, old_start,
                [sid for sid in told if told_site[sid].id == site.id], earlier=earlier))
    all_sent = not unsettled
    # a booking moved (its time, therapists, rooms or location changed) may now overlap another of a therapist's
    # bookings or cut a room's turnover short: the front desk's alert says so, and so does her update (rev33a L3); the
    # day's book read once, only when someone still on it is told of a move
    clash_book = (
        await _prep_book(copilot, catalog, here, after, across=False)  # type: ignore[arg-type]
        if held and not details and _moved(before, after) and any(sid in after.staff_ids for sid in told)  # type: ignore[union-attr]
        else PrepBook()
    )
    for staff_id in told:
        still_on = held and staff_id in after.staff_ids  # type: ignore[union-attr]
        guest = _guest(catalog, here, after, staff_id, context) if still_on else None  # type: ignore[arg-type]
        part = parts[staff_id]
        if part is not None and said is not None and _said_again(part, current, profile, after):  # type: ignore[arg-type]
            part = replace(part, said=said)  # kept unkeyed by 77592fa, and saying the same: keyed now, no update
            # keyed, the rest of the record kept (the version told of, a release mark)
            store.remember_told(before.appointment_id, staff_id,
                                {**(store.told(before.appointment_id, staff_id) or {}), **part.as_record()}, at=now)
        # named as they were told of the guest: the booking given away and back for another guest is still "Adeline's"
        named = clients.get(part.client_id) if part is not None else client
        text = engine.prep_update(
            _as_they_last_knew(before, staff_id, released.get(staff_id)), after, staff_id,
            first_name=_update_name(named, namesakes.get(staff_id, ())),
            location=here, now=now, services={s.id: s for s in catalog.services},
            resources={r.id: r for r in catalog.resources}, staff={s.id: s for s in catalog.staff},
            client=current, profile=profile, told=part, said=said, said_key=said_key, guest=guest,
            locations=sites, told_location=told_site[staff_id],
        )
        if text is None:
            continue
        clashes: tuple[str, ...] = ()  # the keys of the clashes its line says (told once: a later move says "still")
        if still_on:
            last_told = _last_told_version(store, before.appointment_id, staff_id, before.version)
            said_before = {key for key in _clash_keys(clash_book, after)  # type: ignore[arg-type]
                           if store.event_seen(_clash_marker(before.appointment_id, staff_id, key, last_told))}
            hers = await _clash_names(copilot, catalog, here, clash_book, after, staff_id, now=now)  # type: ignore[arg-type]
            clash, clashes = _clash_line(clash_book, after, staff_id, here, now=now,  # type: ignore[arg-type]
                                         resources={r.id: r for r in catalog.resources}, told=said_before, hers=hers)
            if clash:
                text = f"{text}\n{clash}"
        user_id = matches.get(staff_id, SlackMatch()).user_id
        if user_id is None:  # no Slack user just now: kept (``_send_prep_update``) and told once she has one
            logger.info("prep update for appointment %s: staff %s has no Slack user yet; kept",
                        before.appointment_id, staff_id)
            all_sent = False
            continue
        claim = (
            _details_claim(before.appointment_id, staff_id, part, said)  # type: ignore[arg-type]
            if details else _update_claim(before.appointment_id, staff_id, version)
        )
        if not store.claim_work(claim, source="prep", at=now, lease=CLAIM_LEASE):
            continue  # sent, or being sent by another run
        # what she will know once Slack takes it, kept before it goes (``_settled``: a stop or a crash between the DM
        # and the record below leaves it, and the next telling finds out whether she has the DM)
        if still_on and said is not None:
            # what she knows of the guest: what this DM says, unless it says nothing new of them (a move; a SEVERE
            # the reading no longer gives, ``engine.says_more``): then what she was told before still stands
            more = part is None or engine.says_more(part.said, said, key=said_key, client_id=part.client_id)
            known = said if more else part.said
            knows: dict[str, Any] = {"record": _told_record(catalog, after, staff_id, known, now=now)}  # type: ignore[arg-type]
        elif not still_on:
            knows = {"released": after.version if after is not None else before.version,
                     "cancelled": after is not None and after.status == AppointmentStatus.cancelled}
        else:
            knows = {}
        # told of a move only because her morning DM listed the guest (``_moved_past_the_morning_time``): the update
        # is no prep DM, so it neither stands for one nor marks her briefed; her prep DM comes at the new time
        morning_only = still_on and _told_only_by_morning_dm(store, before.appointment_id, staff_id, old_start)
        if morning_only:
            knows["briefed"] = False
        prep_claim = (_prep_dm_claim(before.appointment_id, staff_id, after.start_at)  # type: ignore[union-attr]
                      if not morning_only and _moved_into_prep(copilot, before, after, staff_id, now=now) else None)
        kept = store.told(before.appointment_id, staff_id) or {}
        if isinstance(kept.get("version"), int):  # (a therapist told only by her morning DM has no record to keep it in)
            store.remember_told(before.appointment_id, staff_id,
                                {**kept, SENDING: {"key": claim, "prep": prep_claim, **knows}}, at=now)
        what = f"{_staff_words(catalog, staff_id)}'s update about the {engine.starts_at_words(old_start, here, now)} booking"
        with _dm_named(what):
            sent = await _send_claimed(copilot, claim, "prep", user_id, blocks.prep_message(text), claimed_at=now)
        if sent:
            _told(store, before.appointment_id, staff_id, {"key": claim, "prep": prep_claim, **knows}, at=now)
            for key in clashes:
                store.claim_event(_clash_marker(before.appointment_id, staff_id, key, after.version),  # type: ignore[union-attr]
                                  source="prep")
        else:
            all_sent = False
    return all_sent


#: The key of a told record (``Store.told``) holding a DM on its way: its claim and what she knows once it went.
SENDING = "sending"


def _moved(before: SnapshotRow, after: Appointment) -> bool:
    """Whether ``after`` holds another time, therapists, rooms or location than ``before`` (what can make a clash)."""
    return (
        datetime.fromisoformat(before.start_at) != after.start_at or datetime.fromisoformat(before.end_at) != after.end_at
        or before.location_id != after.location_id or set(before.staff_ids) != set(after.staff_ids)
        or set(before.resource_ids) != set(after.resource_ids)
    )


#: How a therapist's update says a clash of the moved booking's room (``_clash_line``)
_ROOM_CLASH_WORDS = {
    ConflictKind.room_double_booked: "{room} is {when} booked at the same time as {others}",
    ConflictKind.buffer_violated: "{room} {when} has too little turnover time beside {others}",
}


def _clash_line(
    book: PrepBook, after: Appointment, staff_id: str, location: Location, *, now: datetime,
    resources: Mapping[str, Resource], told: Collection[str] = (), hers: Mapping[str, str] | None = None,
) -> tuple[str, tuple[str, ...]]:
    """One short line for a therapist's update about a moved booking that now clashes, as the conflict engine finds
    in its location's day (the front desk's alert's own rules): it overlaps another of her bookings, its room is
    booked for another at the same time, or a room's turnover before or after it is too short. Another booking of
    hers is named as her morning DM named its guest, with its service (``hers``, ``_clash_names``: "Check: It now
    overlaps Elena's Swedish Massage 60 at 10:15am — the front desk has been alerted"), by its time and id where its
    guest could not be read; a booking of someone else's guest by its time and id only ("… the booking at 10:15am
    (appointment ap_7)"), nothing of a guest not hers said. A booking of hers she is double-booked with is said once:
    its room clash is said with the overlap ("…, in the same room (Massage Room 3)"), a turnover beside it not at all.
    A clash she was told of by an earlier update (its key in ``told``: the booking moved again and still clashes with
    the same bookings) "still" does, not "now", as if new. With the keys of the clashes it says; "" when nothing
    clashes, or the day could not be read."""
    named = hers or {}

    def _mine(a: Appointment) -> str:
        return named.get(a.id) or f"your booking at {_starts(a, staff_id, location, now)} (appointment {a.id})"

    said: list[str] = []
    found: list[Conflict] = []
    mine_found = [
        conflict for conflict in book.conflicts
        if conflict.kind == ConflictKind.staff_double_booked
        and after.id in conflict.appointment_ids and staff_id in conflict.staff_ids
    ]
    overlapped = {aid for conflict in mine_found for aid in conflict.appointment_ids if aid != after.id}
    same_room: list[str] = []  # the rooms of room clashes with bookings the overlap names already
    for conflict in book.conflicts:
        if after.id not in conflict.appointment_ids or staff_id not in conflict.staff_ids:
            continue
        others = [a for a in book.appointments if a.id in conflict.appointment_ids and a.id != after.id]
        now_or_still = "still" if conflict.key in told else "now"
        if conflict.kind == ConflictKind.staff_double_booked and others:
            mine = [a for a in others if staff_id in a.staff_ids]
            words = [_mine(a) for a in mine]
            if words:
                said.append(f"it {now_or_still} overlaps {engine.listed(words)}")
                found.append(conflict)
        elif (clash_words := _ROOM_CLASH_WORDS.get(conflict.kind)) is not None and others:
            room = next((resources[rid].name for rid in conflict.resource_ids if rid in resources), "the room")
            rest = [a for a in others if a.id not in overlapped]  # those the overlap says already: once
            if len(rest) < len(others) and conflict.kind == ConflictKind.room_double_booked:
                same_room.append(room)
            found.append(conflict)
            if rest:
                words = [
                    _mine(a) if staff_id in a.staff_ids else
                    f"the booking at {_starts(a, staff_id, location, now)} (appointment {a.id})"
                    for a in rest
                ]
                said.append(clash_words.format(room=room, when=now_or_still, others=engine.listed(words)))
    if same_room:
        rooms = engine.listed(list(dict.fromkeys(same_room)))
        at = next((i for i, words in enumerate(said) if words.startswith("it ")), None)  # the overlap's clause
        if at is not None:
            said[at] += f", in the same room ({rooms})"
        else:  # not expected: the overlap names the booking; said anyway rather than lost
            said.append(f"{rooms} is booked at the same time as another booking of yours")
    if not said:
        return "", ()
    ending = engine.FRONT_DESK_ALERTED if all(c.key in book.alerted for c in found) else engine.FRONT_DESK_UNTOLD
    text = "; ".join(dict.fromkeys(said))
    return f"{engine.CONFLICT_FLAG}{text[:1].upper()}{text[1:]} — {ending}", tuple(c.key for c in found)


async def _clash_names(
    copilot: Copilot, catalog: Catalog, location: Location, book: PrepBook, after: Appointment, staff_id: str,
    *, now: datetime,
) -> dict[str, str]:
    """By appointment id, the therapist's other bookings a clash of ``after`` involves, as her update's clash line
    names them: the guest as her morning DM named them among her guests of that day (``engine.named_among``), the
    service and her time ("Elena's Swedish Massage 60 at 2:45pm"); their clients read only when there is one (none
    mostly). A guest who cannot be read is left out (said by time and id); nothing read, all are."""
    clashing = {
        aid for conflict in book.conflicts
        if after.id in conflict.appointment_ids and staff_id in conflict.staff_ids
        for aid in conflict.appointment_ids if aid != after.id
    }
    day = [a for a in book.appointments if staff_id in a.staff_ids]
    theirs = [a for a in day if a.id in clashing]
    if not theirs:
        return {}
    try:
        clients = await load_clients(copilot.platform, {a.client_id for a in day}, concurrency=READ_CONCURRENCY, tolerant=True)
        guests = {
            client.id: (client.id, shown_first_name(client.first_name), client.short_name, client.whole_name)
            for a in day if (client := clients.get(a.client_id)) is not None
        }
        named: dict[str, str] = {}
        for a in theirs:
            if a.client_id not in guests:
                continue
            me = guests[a.client_id]
            others = [guest for cid, guest in guests.items() if cid != a.client_id]
            name = engine.named_among(me[0], me[1], me[2], others, whole=me[3])
            words = _guest(catalog, location, a, staff_id, GuestContext(clients.get(a.client_id), GuestProfile(), [])).services_words
            named[a.id] = f"{name}'s {words} at {_starts(a, staff_id, location, now)}"
        return named
    except Exception:  # the line then names them by time and id, as before
        logger.exception("appointment %s: the bookings it clashes with not named", after.id)
        return {}


def _clash_keys(book: PrepBook, after: Appointment) -> list[str]:
    """The keys of the day's conflicts involving ``after`` (those a clash line may say)."""
    return [c.key for c in book.conflicts if after.id in c.appointment_ids]


def _clash_marker(appointment_id: str, staff_id: str, key: str, version: int) -> str:
    """Set once a therapist's update about the appointment's ``version`` said a clash (``_clash_line``): a later move
    from that version that leaves the same clash standing says it "still" clashes. By version, so a clash cleared by a
    move in between and made again is "now" again, not "still" (rev35c L1: the update between said none)."""
    return f"prep-clash:{appointment_id}:{staff_id}:{key}@{version}"


def _last_told_version(store: Store, appointment_id: str, staff_id: str, default: int) -> int:
    """The version of the booking her last DM told her of (her told record's), so a version she got no update for (a
    deposit paid, a quiet edit) does not make a standing clash "now" again (rev35g L1); ``default`` (the version
    before this change) when she has no told record with one (told only by her morning DM)."""
    version = (store.told(appointment_id, staff_id) or {}).get("version")
    return version if isinstance(version, int) else default


def _starts(appointment: Appointment, staff_id: str, location: Location, now: datetime) -> str:
    """When another booking starts, for a clash line: her part of it when she is on it ("10:15am", "10:15am on Wed 25
    Nov" another day)."""
    mine = [line.start_at for line in appointment.services if line.staff_id == staff_id]
    return engine.starts_at_words(min(mine) if mine else appointment.start_at, location, now)


def _told(store: Store, appointment_id: str, staff_id: str, sending: Mapping[str, Any], *, at: datetime) -> None:
    """Record a therapist told by the DM ``sending`` describes (its ``key``; the ``prep`` claim it stood for, if any;
    the told ``record`` she now has, or the version it was ``released`` at): the briefed marker, her told record, the
    prep claim. One told of a move only because her morning DM listed the guest (``briefed`` False) is not marked
    briefed: her prep DM still comes."""
    if sending.get("briefed", True):
        store.claim_event(_briefed_marker(appointment_id, staff_id), source="prep")
    if isinstance(record := sending.get("record"), Mapping):  # what they know of their part and the guest now
        store.remember_told(appointment_id, staff_id, record, at=at)
    else:
        kept = {k: v for k, v in (store.told(appointment_id, staff_id) or {}).items() if k != SENDING}
        store.remember_told(appointment_id, staff_id, kept, at=at)
        if sending.get("released") is not None:  # told it is no longer theirs: later changes reach them only if it
            store.release_told(appointment_id, staff_id,  # comes back to them
                               version=int(sending["released"]), cancelled=bool(sending.get("cancelled")))
    if sending.get("prep"):  # the update was their prep at the new time
        store.claim_event(str(sending["prep"]), source="prep")


async def _settled(copilot: Copilot, appointment_id: str, staff_ids: Sequence[str], *, now: datetime) -> set[str]:
    """Settle each update DM to ``staff_ids`` about the appointment left on its way (``SENDING``) by a stop or a
    crash between the DM and its record: one Slack took (its claim done, or its message found in her DM as
    ``post_once`` finds one, ``posted_before``) is recorded as told, so what follows is measured from what it told her
    and it is never told again; one that did not go is forgotten, so what it said is told with what follows (never
    lost). The staff whose DM cannot be settled just now (Slack not answering the look): nothing is told to them until
    it is; the others are told."""
    store = copilot.store
    waiting = {sid: sending for sid in staff_ids
               if isinstance(sending := (store.told(appointment_id, sid) or {}).get(SENDING), Mapping)}
    if not waiting:
        return set()
    catalog = await copilot.catalog()
    matches = await copilot.directory.matches(catalog.staff, now=now)
    unsettled: set[str] = set()
    for staff_id, sending in waiting.items():
        key, user_id = str(sending.get("key")), matches.get(staff_id, SlackMatch()).user_id
        went = store.work_done(key)
        if not went:
            if user_id is None:  # her DM cannot be looked in just now: settled once she has a Slack user (her
                continue  # updates wait for it too)
            try:
                went = await posted_before(copilot.slack, store, key=key, channel=user_id)
            except SLACK_FAILURES as exc:
                logger.warning("update %s to staff %s not settled yet: %s", key, staff_id, slack_failure(exc))
                unsettled.add(staff_id)
                continue
        if went:
            logger.info("update %s to staff %s went before a stop: recorded as told", key, staff_id)
            store.claim_event(key, source="prep")
            store.finish_work(key, source="prep")  # one left in flight by the process that sent it
            _told(store, appointment_id, staff_id, sending, at=now)
        else:  # never went: what she was told stands
            kept = {k: v for k, v in (store.told(appointment_id, staff_id) or {}).items() if k != SENDING}
            store.remember_told(appointment_id, staff_id, kept, at=now)
    return unsettled


def _as_told(store: Store, location: Location, appointment: Appointment) -> SnapshotRow | None:
    """The booking as the therapists of this location told of it (``Store.told_rows``: a prep DM or an update, those
    since told it is no longer theirs included) last knew it, when one of them was told of an earlier version than
    ``appointment``'s: their parts' times, services and guest, the oldest version told. None when nobody here was
    told of it, or all of it as it stands. A therapist told it is no longer theirs is on it as she last knew it as
    hers (her told version), not among its staff: given back to her, she hears "… is booked with you again"
    (``_as_they_last_knew``). Its staff are those told of it as theirs and, of those on it now, the colleagues they
    knew on it (``BOOKING_STAFF``): one never told (no Slack user) is not named as taking it over."""
    records = {sid: record for sid, record in store.told_rows(appointment.id).items()
               if str(record.get("location_id") or location.id) == location.id}
    parts = {sid: part for sid, record in records.items() if (part := engine.ToldPart.from_record(record)) is not None}
    parts = {sid: part for sid, part in parts.items() if isinstance(records[sid].get("version"), int)}
    if not parts or all(_told_this_version(records[sid], appointment) for sid in parts):
        return None
    # one told since that it is no longer hers is not on it (so whoever has it is named as taking it over); back on it
    # she is reached as on it now, and ``_told_of_change`` measures from her told version ("booked with you again")
    holding = [sid for sid in parts if records[sid].get("released") is None]
    staff_ids = sorted(holding, key=lambda sid: (parts[sid].start, sid))
    knew = {str(sid) for sid in holding for sid in records[sid].get(BOOKING_STAFF) or ()}
    colleagues = sorted(sid for sid in appointment.staff_ids if sid in knew and sid not in holding)
    first = min(parts.values(), key=lambda part: part.start)
    return SnapshotRow(
        appointment_id=appointment.id, location_id=location.id, client_id=first.client_id,
        status=str(AppointmentStatus.confirmed), start_at=first.start.isoformat(),
        end_at=max(part.end or appointment.end_at for part in parts.values()).isoformat(),
        staff_ids=(*staff_ids, *colleagues), resource_ids=(),
        service_ids=tuple(sorted({sid for part in parts.values() for sid in part.service_ids})),
        version=min(int(records[sid]["version"]) for sid in parts),
    )


def _told_this_version(record: Mapping[str, Any] | None, after: Appointment) -> bool:
    """True when a therapist's told record (``Store.told``) holds ``after``'s version (or a later one) as theirs, not
    released since: the DM that kept it told them the booking as it stands."""
    version = (record or {}).get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < after.version:
        return False
    released = (record or {}).get("released")
    return released is None or isinstance(released, bool) or int(released) < version


def _as_they_last_knew(before: SnapshotRow, staff_id: str, released: tuple[int, bool] | None) -> SnapshotRow:
    """``before`` as a therapist told since that the booking is no longer theirs (``released``: the version and whether
    it was cancelled) last knew it: cancelled, or without them; so a booking back to them says "booked again"."""
    if released is None:
        return before
    if released[1]:
        return replace(before, status=str(AppointmentStatus.cancelled))
    return replace(before, staff_ids=tuple(sid for sid in before.staff_ids if sid != staff_id))


def _said_again(told: engine.ToldPart, client: Client | None, profile: GuestProfile, after: Appointment) -> bool:
    """True when ``told`` holds an unkeyed digest (a row 77592fa kept) of what a DM built now would say of the guest
    (``engine.legacy_said_digest``): it is to be keyed (``engine.said_digest``) silently, not told as a change."""
    return not told.said.startswith(engine.SAID_KEYED) and told.said == engine.legacy_said_digest(client, profile, after)


def _update_name(client: Client | None, others: Sequence[tuple[str, str, str, str]]) -> str:
    """The guest's name in a change DM: as the prep DM named them among the therapist's other guests of that day
    (``others``, ``_day_guests``; ``engine.named_among``)."""
    if client is None:
        return engine.UNKNOWN_GUEST_NAME
    return engine.named_among(
        client.id, shown_first_name(client.first_name), client.short_name, others, whole=client.whole_name)


def _moved_into_prep(
    copilot: Copilot, before: SnapshotRow, after: Appointment | None, staff_id: str, *, now: datetime
) -> bool:
    """True when the booking a therapist was just told is moved ("… is moved to 2:15pm") stays theirs at a new time
    already due its prep: the update stands for that prep DM, instead of a second DM about the same guest seconds
    later. A booking moved further ahead gets its prep DM when that is due."""
    return (
        after is not None
        and staff_id in after.staff_ids
        and after.start_at != datetime.fromisoformat(before.start_at)
        and prep_due(after.status, after.start_at, after.end_at, now=now, lead=_lead(copilot))
    )


def _told_only_by_morning_dm(store: Store, appointment_id: str, staff_id: str, start: datetime) -> bool:
    """True when ``staff_id`` knows the booking (at ``start``) from her morning DM alone: no prep DM, no update."""
    return not (store.event_seen(_briefed_marker(appointment_id, staff_id))
                or store.work_done(_prep_dm_claim(appointment_id, staff_id, start)))


def _no_longer_theirs(after: Appointment | None, staff_id: str) -> bool:
    """The booking is cancelled, gone from the book, or no longer ``staff_id``'s."""
    return after is None or after.status == AppointmentStatus.cancelled or staff_id not in after.staff_ids


def _moved_past_the_morning_time(
    before: SnapshotRow, after: Appointment | None, staff_id: str, *, zone: ZoneInfo, lead: timedelta, now: datetime
) -> bool:
    """True when a booking still ``staff_id``'s is moved from its time before (``before``, as the last sync saw it:
    her morning DM's, unless an earlier move not told to her moved it already) to another day on the location's clock
    (``zone``), or to a time whose prep DM (``lead`` before it) would come after that time: she would wait for a guest
    not coming. Told at once, as a cancellation is; a move whose prep DM is due now, or still comes before that time,
    is told by the prep DM."""
    if after is None or after.status not in PREP_STATUSES or staff_id not in after.staff_ids:
        return False
    old_start = datetime.fromisoformat(before.start_at)
    if after.start_at == old_start or prep_due(after.status, after.start_at, after.end_at, now=now, lead=lead):
        return False
    other_day = after.start_at.astimezone(zone).date() != old_start.astimezone(zone).date()
    return other_day or after.start_at - lead > old_start


def _morning_marker(appointment_id: str, staff_id: str) -> str:
    """Set once a therapist's morning DM listing the appointment was sent: a cancellation, or a colleague taking it
    over, before its prep DM is then told to them too."""
    return f"morning-briefed:{appointment_id}:{staff_id}"


def _briefed_marker(appointment_id: str, staff_id: str) -> str:
    """Set once a therapist was told about an appointment (its prep DM, or an update since): later changes reach them,
    whatever its time or therapist was when they were told."""
    return f"prep-briefed:{appointment_id}:{staff_id}"


def _update_claim(appointment_id: str, staff_id: str, version: str) -> str:
    """The update DM about one version of an appointment to one therapist."""
    return f"prep-update:{appointment_id}:{staff_id}:{version}"


def _details_claim(appointment_id: str, staff_id: str, told: engine.ToldPart, said: str) -> str:
    """The update DM telling one therapist of new guest details with no change to the booking: once per what she was
    told (its digest and when) and what a DM says now, so an alert added, taken off and added again is told each time,
    and the same form submitted twice once. Digests only: no guest detail is in the key (Slack sees it as metadata)."""
    told_at = told.told_at.isoformat() if told.told_at is not None else ""
    seen = hashlib.sha256(f"{told_at}|{told.said}|{said}".encode()).hexdigest()[:16]
    return f"prep-details:{appointment_id}:{staff_id}:{seen}"


def _fresh(appointment: Appointment, now: datetime) -> bool:
    """True when the appointment was last changed (or else booked) within ``FRESH_CHANGE`` of ``now``."""
    changed = appointment.updated_at or appointment.created_at
    return changed is not None and now - changed <= FRESH_CHANGE


# ---------------------------------------------------------------------------------------------------
# /spa brief @therapist [date]


async def answer_brief(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``brief @therapist [date]``: a private preview of that therapist's briefing."""
    words = list(command.args)
    if not words:
        raise CommandError(BRIEF_NEEDS_A_THERAPIST)
    catalog = await copilot.catalog()
    # "brief Thu tomorrow": of two days, the weekday's word someone on the staff is called by is that person
    day_word = take_day_or_name("brief", words, lambda word: bool(catalog.staff_named(word)), typed=command.rest)
    first = day_word.split()[0].rstrip(",.") if day_word else ""
    if not words and weekday_word(first) and catalog.staff_named(first):
        # "brief Thu", "brief Thu Nov 25": brief needs a therapist, so Thu is the one called so, the rest the day
        words, day_word = [first], day_word[len(first):].lstrip(" ,.") or None
    if not words:
        raise CommandError(BRIEF_NEEDS_A_THERAPIST)
    named = " ".join(words)
    if day_word is None and short_weekday_first(words) and mentioned_user(named) is None and not catalog.staff_named(named):
        # "brief fri Ana": "fri Ana" names no one, so "fri" is the day (take_day leaves a weekday's short form in
        # front alone, as it may start a name)
        day_word = words.pop(0)
    member = await _therapist(copilot, catalog, " ".join(words))
    if member.role not in engine.BRIEFED_ROLES:
        role = "on the front desk" if member.role == StaffRole.front_desk else f"a {member.role}"
        return blocks.notice_message(
            f"{member.display_name} is {role}, not a therapist or esthetician, so there is no briefing to preview."
        )
    location = next(loc for loc in catalog.locations if loc.id == member.location_id)
    now = copilot.now()
    today = default_day(copilot.settings, location, now=now)
    day = parse_day(day_word, today=today) if day_word else today
    # a therapist shared between sites gets a briefing at each other location where they are booked that day:
    # the snapshot says where; a location whose snapshot does not hold that day is read to find out
    others = [loc for loc in catalog.locations if loc.id != location.id]
    in_snapshot = booked_in_snapshot(copilot.store, others, [member.id], [day])
    horizon_days = horizon_days_for(copilot.settings.fill_horizon_hours)
    to_read = [
        loc
        for loc in others
        if loc.id in in_snapshot or not snapshot_covers(copilot.store, loc, day, now=now, horizon_days=horizon_days)
    ]
    home_book, *books = await asyncio.gather(
        *(load_day(copilot.platform, loc, day) for loc in [location, *to_read]), return_exceptions=True
    )
    if isinstance(home_book, BaseException):
        raise home_book  # the therapist's own briefing is the preview: without it there is nothing to show
    away: list[tuple[Location, list[Appointment]]] = []
    unread: list[Location] = []
    for loc, book in zip(to_read, books, strict=True):
        if isinstance(book, BaseException):
            if not isinstance(book, Exception):
                raise book
            _log_preview_read(loc, book)
            unread.append(loc)
        elif _booked(book, member.id):
            away.append((loc, book))
    # where the therapist has guests that day, as each DM says it: what was read, else what the snapshot says
    booked_at = {loc.id for loc, _ in away} | {loc.id for loc in unread if loc.id in in_snapshot}
    if _booked(home_book, member.id):
        booked_at.add(location.id)
    names = [loc.name for loc in catalog.locations if loc.id in booked_at]
    elsewhere = {member.id: names}  # each briefing leaves out its own location's name
    # each briefing's double bookings across sites too, as in the DMs: the books already read
    books = (await _named(copilot, [a for book in [home_book, *(book for _, book in away)] for a in book], [member.id])
             if away else OtherBooks())
    previews = []
    for loc, book in [(location, home_book), *away]:
        previews += await collect_briefings(
            copilot, catalog, loc, day, now=now, members=[member], appointments=book, elsewhere=elsewhere,
            other_books=books,
        )
    # each seen from its location's today (at 21:30 in Venice it is already tomorrow in SoHo)
    messages = [
        briefing_message(item, seen_from=default_day(copilot.settings, item.location, now=now), preview=True)
        for item in previews
    ]
    if unread:  # first, so it is never the part cut from a long preview
        where = " and ".join(loc.name for loc in unread)
        messages.insert(
            0,
            blocks.notice_message(
                f"I could not read the book of {where} just now, so any briefing of {member.first_name}'s there "
                "is left out of this preview. Try again in a minute."
            ),
        )
    return blocks.joined_messages(messages, noun="more briefings")


def _booked(book: Sequence[Appointment], staff_id: str) -> bool:
    return any(a.is_active and staff_id in a.staff_ids for a in book)


def _log_preview_read(location: Location, exc: Exception) -> None:
    if isinstance(exc, PlatformError):
        logger.warning("brief preview: the book of %s could not be read: %s", location.id, type(exc).__name__)
    else:
        logger.error("brief preview: the book of %s could not be read", location.id, exc_info=exc)


async def _therapist(copilot: Copilot, catalog: Catalog, target: str) -> Staff:
    user_id = mentioned_user(target)
    if user_id:
        member, checked = await copilot.directory.mentioned(user_id, catalog.staff)
        if member is None:
            raise CommandError(texts.mention_not_matched(
                target, command="brief", name=name_in_mention(target, catalog.staff), checked=checked
            ))
        return member
    people = catalog.staff_named(target)
    if len(people) > 1:
        raise CommandError(texts.which_one(target, [s.display_name for s in people]))
    if not people:
        raise CommandError(f"{target} is not a therapist I know (try /spa brief @name)")
    return people[0]
