"""Conflict alerts in the front-desk channel: posted once, updated in place, resolved when the conflict goes.

After each calendar sync (``handle_calendar_changes``, registered on each copilot with ``copilot.on_changes``)
a location's today and tomorrow are checked with the conflict engine and reconciled against the ``alerts``
table, keyed by each conflict's stable ``key``. The book is read from yesterday to the day after tomorrow
(``location_conflicts``): a clash across local midnight is one of both days, found before midnight and still after
it while it runs (the 11:30pm booking double-booked with the 12:00am one is not "resolved" at midnight):

- a new conflict is posted with Acknowledge / Snooze 1h and its channel and ``ts`` remembered; more than
  ``ALERT_BURST_THRESHOLD`` new ones in one pass become one summary message per day with several instead (a day
  with one keeps its card, unless such days alone are more than the threshold: ``burst_split``), whose "Acknowledge
  all" acknowledges each of them as a card's Acknowledge would (``acknowledge_summary``); a conflict that is already
  over (``is_over``: its end has passed) is never posted, and ``/spa conflicts`` counts today's rather than list them;
- a conflict whose ``fingerprint`` changed has its message updated in place (an acknowledged one reopens, and its
  thread tells whoever acknowledged it: ``REOPENED_TEXT``); so has
  one that grew or shrank (a third booking joined a double booking, or left it: another key, as a key names the
  appointments), whose card is the earlier form's (``_predecessor``) rather than a "Resolved" one and a new post,
  or whose booking was cancelled and booked again for the same guest over the same time (``_rebooked``); so has
  one whose bookings are other guests' or services now (``_parties_changed``: the card names them); and so has one
  whose suggested fix names other staff than its card does (``_fix_names_changed``: "to Olive, who
  is free" after Olive was marked inactive or booked then; an acknowledged one stays so, as one whose booking was
  entered again as it was does: ``_entered_again``), though not one whose fix's wording alone changed; and
  one whose locations are others than its card's (``_moved_sites``: a booking moved to another site, same time);
- a card names each booking by its guest (``named_conflicts`` reads the clients of the conflicts' appointments);
- a conflict that is gone has its message turned into the resolved variant, unless it is gone only because a
  record its kind of clash is checked against (its staff, room or equipment, a booking's service) left the spa
  system's lists while each of its bookings is as it was when the clash was last found: that card stays live, with
  one line saying so (``_unlisted_records``, ``UNLISTED_NOTE``);
- an unchanged conflict costs nothing, however often the calendar is polled and however often the process
  restarts on the same database;
- alerts of days gone by expire, and their cards lose their buttons ("Over, not handled", never "Resolved"), except
  one of a clash across midnight not over when the day began (``_expire_past``); so do those of a location the spa
  system no longer lists (``expire_removed_location``, from the poll).

Snoozed alerts stay quiet until the snooze ends; then, if the conflict is still there and not over, it is
posted afresh (the old card keeps no buttons). The check runs when the sync saw changes, when what it reads of the
catalogue changed (a therapist marked inactive, a shift, a certification, a room, a service's rule:
``calendar_sync.catalogue_changed``), when a snooze ended, once per location, day, full resync and run of the
copilot (a restart checks again), and again after a pass in which a Slack call failed.

Slack refusing for good (``is_temporary`` says no: the card deleted or too old to edit, the channel archived or
gone, the bot removed from it) is not a failure to retry: a card that cannot be redrawn leaves the alert to be
updated, resolved or expired without it (one warning, no further call, and a deleted card is not re-posted for the
same conflict; a snooze's end still posts a fresh card), and a new card the front-desk channel refuses is not
recorded, so the next check that runs for its own reasons (a change in the book, a snooze ending, the next full
resync, a restart once the token or the channel is fixed) posts it, rather than every poll. The ops channel hears
of such a refusal once (``ops_notes.refused_for_good``: the card or summary, its location and time, the channel and
Slack's code, never a guest; the channel refusing itself, once for it and the day).

Staff shared between locations: a therapist of one location may be booked at another. When a location's book
holds staff from elsewhere, staff the calendar snapshot also finds at another location on those days, or an
alert of its own about appointments elsewhere, the check also reads those locations' books for the same stretch
of time (the same hours, whatever their zone: 9:30pm Tuesday in Los Angeles is 12:30am Wednesday in New York)
and gives the engine all of their active appointments (so a suggested fix there knows who is busy there),
keeping the conflicts that involve this location's appointments: a double booking across two sites is seen
(nothing more is read when nobody crosses). The locations where the colleagues a suggested fix may propose are
booked are read too (and, just after a start, those not synced yet whose sync has not failed), so a fix never
names one busy elsewhere.
Each such conflict has one card, kept by one location's pass: the first of its locations by id (stable whatever
the conflict's times do). Another involved location whose pass finds the card missing, out of date, or no longer
standing has the owner's pass run right after its own (the owner told to read it too), so a change at either site
posts, updates or resolves the one card at once. A clash that moves between sites keeps its one card: grown from
one site to two, the owner's pass takes over the other site's card (``_adoptable``); shrunk back to a site that
is not the owner (its booking at the owner cancelled or moved), the owner's pass leaves its card live and has
that site's pass take it over (``_handovers``), never "Resolved" while the clash stands. A card that shrinks
while its bookings at another site still clash there (Dev's Harbor booking moved, leaving Dev double-booked at
Palms) has the pass of the site owning that clash run right after (``_left_behind``), which posts its card at once.
A booking that joins two clashes with a card each keeps one card, redrawn (``_predecessor``); the other is closed at
once as merged into it (``_merge_card``: its card says which one it is part of now), never "Resolved" while its
double booking stands, nor left live beside it.

Another location's book that cannot be read (its platform read failed) does not stop the pass: the location's
own conflicts are still posted, updated and resolved, while a live card naming the unread location is left as
it is (neither resolved nor a reason to run its owner's pass) until a pass reads both; the check runs again
at the next poll, or, when the unread location's own sync is failing (it is down), at the first poll after it
syncs again (``_unread_recovered``), so an outage at one site does not make the others check at every poll.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import weakref
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from spa_copilot.copilot import Copilot
from spa_copilot.domain import Appointment, Location, ServiceLine, StaffRole, local_day_bounds, newest_versions, plural
from spa_copilot.engines.briefing import listed
from spa_copilot.engines.calendar_diff import CalendarChange
from spa_copilot.engines.conflicts import Conflict, ConflictKind, find_conflicts
from spa_copilot.engines.daybook import DayBook, mark_clashes
from spa_copilot.keyed_locks import KeyedLock, keyed_lock
from spa_copilot.ops_notes import is_refused_for_good, refused_for_good
from spa_copilot.platform.errors import PlatformError
from spa_copilot.platform.protocol import SpaPlatform
from spa_copilot.reads import (
    Catalog,
    alike_names,
    booked_between,
    days_around,
    guest_names,
    load_between,
    load_clients,
    read_between,
)
from spa_copilot.slack import blocks
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.command_parser import ParsedCommand, one_day, parse_day
from spa_copilot.slack.errors import SLACK_FAILURES, is_temporary, slack_failure
from spa_copilot.slack.retry import HANDLER_WAIT_SECONDS, post_once, rate_limit_wait_at_most
from spa_copilot.slack.roles import MembershipUnknown
from spa_copilot.slack.views_models import ConflictState, ConflictView
from spa_copilot.store.db import AlertRow
from spa_copilot.world import default_day

logger = logging.getLogger(__name__)

SNOOZE = timedelta(hours=1)
OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED, EXPIRED = "open", "acknowledged", "snoozed", "resolved", "expired"
#: States in which an alert still stands for a live conflict.
LIVE = (OPEN, ACKNOWLEDGED, SNOOZED)
SUMMARY_RESOLVED_TEXT = "All conflicts in this summary are resolved."
UNTRACKED_TEXT = "I no longer track this alert."
#: A click on a live card that a check closed or moved on (the clash fixed, or grown into another card) while the
#: click waited for it: nothing was saved, and the clicker is told so rather than left to think it was (rev46b).
CHANGED_WHILE_CLICKED_TEXT = "The card changed just as you clicked, so nothing was saved: look at it again."

_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = weakref.WeakKeyDictionary()


@dataclass
class AlertPass:
    """What one reconciliation did (for logs, tests and the demo)."""

    location_id: str
    conflicts: list[Conflict] = field(default_factory=list)
    posted: list[str] = field(default_factory=list)
    reposted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    summaries: int = 0
    failed: int = 0  # Slack calls that failed: the next check tries again
    refused: int = 0  # posts Slack refused for good (the channel archived or gone): not re-checked for them
    nudged: list[str] = field(default_factory=list)  # locations whose pass ran after this one for a shared conflict
    handed: list[str] = field(default_factory=list)  # cards left live for another location's pass to take over
    #: appointments that left a card this pass redrew for a smaller clash (``_predecessor``): what still stands
    #: among them at another location is that location's to post (``_left_behind``)
    left: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # cards closed as part of a larger clash's live card
    unread: list[str] = field(default_factory=list)  # other locations whose book could not be read: their cards kept
    kept: list[str] = field(default_factory=list)  # cards kept live: a record they are about is no longer listed


@dataclass
class ConflictRead:
    """What ``location_conflicts`` found: the conflicts involving the location's appointments, the other
    locations whose book could not be read (a clash with them is unknown this time), and every appointment read
    (the location's and the others', the days around included: which days another location's clash is of), and
    the other locations whose book was read."""

    conflicts: list[Conflict]
    unread: list[str] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # the other locations whose book was read
    #: the conflicts at each other location among ``appointments`` (``_conflicts_at``), worked out once per pass
    at: dict[str, list[Conflict]] = field(default_factory=dict, repr=False)


# ---------------------------------------------------------------------------------------------------
# The change handler and the check


async def handle_calendar_changes(copilot: Copilot, location: Location, changes: list[CalendarChange]) -> None:
    """Change handler: re-check a location's conflicts when something changed in its book or in what the check
    reads of the catalogue (its staff, rooms and equipment, the services: ``calendar_sync.catalogue_changed``), a
    snooze ended, or it is due.

    The catalogue is the one the poll (or the webhook) just read, re-read at most every few minutes
    (``Copilot.catalog``): comparing it asks the spa system nothing. Inside a poll or a webhook's sync, Slack's usual
    short rate limits are waited out and a long one is not: the card it refused is posted by the next check (a
    check whose Slack calls failed runs again)."""
    from spa_copilot.calendar_sync import catalogue_changed, catalogue_checked

    now = copilot.now()
    due = _check_due(copilot, location, now)
    snooze_ended = bool(copilot.store.due_snoozes(location_id=location.id, now=now))
    known = copilot.known_catalog()
    catalogue = known is not None and catalogue_changed(known, location, copilot.store)
    recovered = _unread_recovered(copilot, location)
    if changes or snooze_ended or due or catalogue or recovered:
        with rate_limit_wait_at_most(HANDLER_WAIT_SECONDS):
            await check_location(copilot, location)
        # remembered once the check has run through (one that raised is tried again at the next poll)
        if (checked := copilot.known_catalog()) is not None:
            catalogue_checked(checked, location, copilot.store)


def _check_due(copilot: Copilot, location: Location, now: datetime) -> bool:
    """True once per location, day, full resync and run of the copilot (the safety net for anything a diff cannot
    see; a restart, as after SLACK_BOT_TOKEN was fixed, posts the cards Slack refused before it without waiting
    for a change in the book), and after a check that did not finish its Slack calls."""
    return copilot.store.claim_event(_check_key(copilot, location, now), source="alerts")


def _wait_key(copilot: Copilot, location: Location, other_id: str) -> str:
    """The mark of a check of ``location`` that could not read ``other_id``'s book while that location's sync was
    failing: the check runs again once it is not (``_unread_recovered``)."""
    return f"alerts-unread:{location.id}:{other_id}:{copilot.run_id}"


def _unread_recovered(copilot: Copilot, location: Location) -> bool:
    """Whether a location whose book an earlier check of this one could not read (its sync failing then) syncs
    again: that check runs again now (the mark is forgotten), and not at every poll of the outage before."""
    store, recovered = copilot.store, False
    for other in copilot.known_locations():
        key = _wait_key(copilot, location, other.id)
        if other.id != location.id and not store.sync_state(other.id)["failing_since"] and store.event_seen(key):
            store.release_event(key)
            recovered = True
    return recovered


def _check_key(copilot: Copilot, location: Location, now: datetime) -> str:
    today = default_day(copilot.settings, location, now=now)
    last_full = copilot.store.sync_state(location.id)["last_full_sync_at"] or ""
    return f"alerts-check:{location.id}:{today}:{last_full}:{copilot.run_id}"


async def check_location(
    copilot: Copilot, location: Location, *, nudge: bool = True, also: Sequence[str] = ()
) -> AlertPass:
    """Find the location's conflicts today and tomorrow (``location_conflicts``: a clash across midnight too) and
    bring the front-desk alerts in line with them.

    The book is read inside the location's lock, so a pass never reconciles a read older than the one the
    previous pass used (a poll's stale read would re-post what a webhook's pass just resolved).

    Conflicts across locations are reconciled by their owner's pass (``conflict_owner``); when this pass finds
    the owner's card missing, out of date or no longer standing, the owner's pass runs after this one (with
    ``nudge`` off, so two passes never call each other back and forth; ``also`` names locations it must read).
    Another location whose book could not be read leaves its cards with this one as they are (``unread``).
    """
    async with _lock(location.id):
        now = copilot.now()
        today = default_day(copilot.settings, location, now=now)
        days = [today, today + timedelta(days=1)]
        try:
            catalog = await copilot.catalog()
            cross = _cross_location_alerts(copilot, catalog, location, days)
            found = await location_conflicts(copilot, catalog, location, days, also, cross)
            own = [c for c in found.conflicts if conflict_owner(c, location) == location.id]
            handover = _handovers(copilot, catalog, location, found, own, days=days, now=now)
            report = await reconcile(
                copilot, location, own, days=days, now=now, unread=found.unread, handover=handover,
                book=found.appointments, adoptable=_adoptable(copilot, catalog, location, found, own, days=days, now=now),
            )
            report.unread = list(found.unread)
            await _redraw_clicked(copilot, location, report, now=now)
            owners = (
                _owners_to_nudge(
                    copilot, catalog, location, found.conflicts, cross, unread=found.unread, now=now,
                    read=found.appointments,
                )
                if nudge
                else []
            )
            if nudge:  # the locations whose pass takes over a card this one kept (its clash moved there)
                heirs = {handover[key] for key in report.handed}
                owners += [loc for loc in catalog.locations if loc.id in heirs and loc not in owners]
            # a card that shrank: the clash its bookings elsewhere still make there is posted by its owner at once
            # (also after a pass another one asked for: each such run follows a card redrawn, so it ends)
            owners += [
                loc for loc in _left_behind(copilot, catalog, location, found, report.left, now=now) if loc not in owners
            ]
        except BaseException:  # a failure, or a stop cutting the pass off: check again after the next sync
            copilot.store.release_event(_check_key(copilot, location, now))
            raise
        # another location's book unread: checked again at the next poll, or, when that location's own sync is
        # failing (down), once it syncs again (``_unread_recovered``), rather than asking it again at every poll
        down = [lid for lid in report.unread if copilot.store.sync_state(lid)["failing_since"]]
        for lid in down + _never_synced_down(copilot, catalog, location):  # (one never read: its first sync reruns)
            copilot.store.claim_event(_wait_key(copilot, location, lid), source="alerts")
        if report.failed or set(report.unread) - set(down):
            copilot.store.release_event(_check_key(copilot, location, now))
    for owner in owners:  # outside this location's lock: the owner's pass may read this location too
        try:
            await check_location(copilot, owner, nudge=False, also=[location.id])
        except PlatformError as exc:  # an outage: one line per poll, not a traceback
            logger.warning(
                "alerts check of %s (a conflict shared with %s) failed: %s", owner.id, location.id, type(exc).__name__
            )
        except Exception:
            logger.exception("alerts check of %s (a conflict shared with %s) failed", owner.id, location.id)
        else:
            report.nudged.append(owner.id)
    if any(_kept_by(copilot, key, location.id) for key in report.handed):  # not taken over: the next poll checks again
        copilot.store.release_event(_check_key(copilot, location, now))
    return report


def conflict_owner(conflict: Conflict, location: Location) -> str:
    """The location whose pass keeps the conflict's card: its own location for a conflict within one; for one
    across locations (a therapist booked at two sites at once), the first of them by id, which stays the same
    whatever the conflict's times or the order of the passes."""
    return min(conflict.location_ids) if conflict.location_ids else location.id


async def location_conflicts(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    days: Sequence[date],
    also: Sequence[str] = (),
    cross: Sequence[AlertRow] | None = None,
) -> ConflictRead:
    """The location's conflicts of the given days (its own dates, ``on_days``): those involving its appointments
    whose clashing time falls on one of the days or that hold one of the days' bookings.

    The book is read from the day before the first day to the day after the last (``days_around``, in one read):
    a clash across local midnight (the 11:30pm booking still running when the 12:00am one starts) is found from
    either side of it, and still after midnight while it runs. When staff cross locations (see
    ``crossing_locations``; ``also`` adds location ids, ``cross`` is ``_cross_location_alerts`` when the caller has
    it), those locations' books for the same stretch of time (the same hours, whatever their zone) are read too and
    join the engine's input, so a therapist double-booked across two sites is found. No more reads when nobody
    crosses. The location's own book must be read (its failure raises); another location whose book cannot be
    read is left out and named in ``unread``."""
    start, end = days_around(location, days)
    book = await load_between(copilot.platform, location, start, end)
    others = crossing_locations(copilot, catalog, location, days, book, also=also, cross=cross)
    elsewhere, unread = await _read_other_books(copilot, location, others, start, end)
    named = await named_conflicts(
        copilot.platform, catalog, location, book, elsewhere, known=copilot.guest_names, now=copilot.now(), days=days
    )
    return ConflictRead(named, unread, [*book, *elsewhere], [o.id for o in others if o.id not in unread])


async def _read_other_books(
    copilot: Copilot, location: Location, others: Sequence[Location], start: datetime, end: datetime
) -> tuple[list[Appointment], list[str]]:
    """The appointments of ``others`` starting in ``[start, end)``, and the ids of those whose book could not be
    read (left out; each logged in one line, with a traceback only when it is not the platform's)."""
    books, failed = await read_between(copilot.platform, others, start, end)
    for other_id, failure in failed.items():
        what = "alerts check of %s: the book of %s could not be read, its cards with it are kept as they are"
        if isinstance(failure, PlatformError):
            logger.warning(what + ": %s", location.id, other_id, type(failure).__name__)
        else:
            logger.error(what, location.id, other_id, exc_info=failure)
    return [a for book in books.values() for a in book], [o.id for o in others if o.id in failed]


async def named_conflicts(
    platform: SpaPlatform,
    catalog: Catalog,
    location: Location,
    book: Sequence[Appointment],
    elsewhere: Sequence[Appointment] = (),
    *,
    known: dict[str, tuple[datetime, str]] | None = None,
    now: datetime | None = None,
    days: Sequence[date] | None = None,
) -> list[Conflict]:
    """``conflicts_involving`` (of ``days``, when given), with the guests of the conflicts' appointments named in
    their wording as the front desk knows them ("Swedish Massage 10:00am–11:00am (Ava S.)"): only those clients are
    read, and one the spa system cannot give just now is left unnamed (its service and time still say which booking
    it is). Two different guests of one conflict that would read alike ("Ezra R." for Ezra Rodriguez and Ezra Ramos)
    are named apart on it (``reads.guest_names``); only on it: another card of the same pass keeps its "Ezra R.", so a
    card's wording does not change because another card's guests came or went.

    ``known`` (client id -> (read at, name), kept by the caller; ``now`` its clock): names read within
    ``GUEST_NAMES_FOR`` are used again, so a conflict that stands through many checks is not read at each."""
    found = conflicts_involving(catalog, location, book, elsewhere, days=days)
    involved = {aid for conflict in found for aid in conflict.appointment_ids}
    if not involved:
        return found
    client_of = {a.id: a.client_id for a in [*book, *elsewhere] if a.id in involved}
    wanted = set(client_of.values())
    if known is None or now is None:
        known, now = {}, datetime.now(UTC)
    for stale in [cid for cid, (read_at, _) in known.items() if now - read_at >= GUEST_NAMES_FOR]:
        del known[stale]
    guests = {cid: known[cid][1] for cid in wanted if cid in known}
    clients = await load_clients(platform, wanted - guests.keys(), tolerant=True)
    for client_id, client in clients.items():
        guests[client_id] = client.short_name
        known[client_id] = (now, client.short_name)
    if not guests:
        return found
    named = conflicts_involving(catalog, location, book, elsewhere, guests=guests, days=days)
    cards = {c.key: [client_of[aid] for aid in c.appointment_ids if client_of.get(aid) in guests] for c in named}
    alike = {key: same for key, ids in cards.items() if (same := alike_names({cid: guests[cid] for cid in ids}))}
    if not alike:
        return named
    wanted_again = set().union(*alike.values()) - clients.keys()  # the name cache holds short names only
    clients |= await load_clients(platform, wanted_again, tolerant=True)
    told: dict[tuple[tuple[str, str], ...], list[str]] = defaultdict(list)  # names of a card's guests -> its keys
    for key in alike:
        # one card's guests named apart (one whose record cannot be read just now keeps its name, with its id when
        # that is still alike)
        told[tuple(sorted(guest_names(clients, cards[key], shown=guests).items()))].append(key)
    redone: dict[str, Conflict] = {}
    for names, keys in told.items():  # an engine run per way of naming them (one, mostly): names come from there
        again = conflicts_involving(catalog, location, book, elsewhere, guests=guests | dict(names), days=days)
        redone |= {c.key: c for c in again if c.key in keys}
    return [redone.get(c.key, c) for c in named]


#: How long a guest's name read for a conflict card is used again before it is read afresh.
GUEST_NAMES_FOR = timedelta(minutes=10)


def conflicts_involving(
    catalog: Catalog,
    location: Location,
    book: Sequence[Appointment],
    elsewhere: Sequence[Appointment] = (),
    *,
    guests: Mapping[str, str] | None = None,
    days: Sequence[date] | None = None,
) -> list[Conflict]:
    """The engine over a location's ``book`` and every active appointment of ``elsewhere`` (other locations'
    books, whole: a fix suggested there must know who is busy there); only the conflicts involving one of the
    book's appointments, and with ``days`` (the location's dates; ``book`` may hold the days around them) only
    those of these days (``on_days``). ``guests``: client id -> name, for the wording (``find_conflicts``)."""
    mine = {a.id for a in book}
    others = [a for a in elsewhere if a.location_id != location.id and a.id not in mine and a.is_active]
    found = find_conflicts(
        [*book, *others],
        staff=catalog.staff,
        resources=catalog.resources,
        services=catalog.services,
        locations=[location, *(loc for loc in catalog.locations if loc.id != location.id)],
        guests=guests,
    )
    found = [c for c in found if mine.intersection(c.appointment_ids)]
    return found if days is None else on_days(found, location, book, days)


def mark_book_clashes(
    book: DayBook,
    catalog: Catalog,
    location: Location,
    books: Mapping[tuple[str, date], Sequence[Appointment]],
    *,
    now: datetime,
) -> None:
    """Mark the day book's bookings in a clash not over at ``now`` (``daybook.mark_clashes``) from the conflict
    engine's findings in the day's appointments at ``location``, with the other locations' books of the same date as
    ``elsewhere`` (as ``/spa conflicts`` gives them), so a therapist double-booked across two sites is marked too.
    ``books`` (by location id and day) is what ``reads.load_day_book`` read for the book (no platform read here):
    ``/spa today``, the App Home and ``spa-copilot today`` alike. A day with no active booking asks the engine
    nothing."""
    if booked := [a for a in books.get((location.id, book.day), ()) if a.is_active]:
        elsewhere = [
            a for (lid, day), theirs in books.items() if lid != location.id and day == book.day for a in theirs
        ]
        mark_clashes(book, conflicts_involving(catalog, location, booked, elsewhere, days=[book.day]), now=now)


def on_days(
    conflicts: Iterable[Conflict], location: Location, book: Iterable[Appointment], days: Sequence[date]
) -> list[Conflict]:
    """The conflicts of the location's ``days`` (its own dates): each whose clashing time falls on one of them, or
    that holds one of their bookings at the location (``book``'s appointments starting on one of them: a booking
    belongs to the day it starts). So a clash across local midnight is one of both days: Tuesday's 11:30pm booking
    double-booked with Wednesday's 12:00am one from 12:00am is one of Tuesday's conflicts (its booking) and of
    Wednesday's (its time); one from 11:45pm to 12:15am is one of each day's by its time alone."""
    bounds = [local_day_bounds(day, location.tz) for day in days]
    theirs = {
        a.id for a in book if a.location_id == location.id and any(s <= a.start_at < e for s, e in bounds)
    }
    return [
        c for c in conflicts
        if theirs.intersection(c.appointment_ids)
        or any(s <= c.start < e or c.start < s < c.end for s, e in bounds)
    ]


def crossing_locations(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    days: Sequence[date],
    book: Sequence[Appointment],
    *,
    also: Sequence[str] = (),
    cross: Sequence[AlertRow] | None = None,
) -> list[Location]:
    """The other locations whose books can hold a clash with this one, or a booking of a colleague a suggested
    fix may name, without reading any: the own location of each staff member of the book who belongs elsewhere;
    each location whose calendar snapshot has one of the book's staff, or one of the colleagues a fix may propose
    (``_proposable``: the staff of this location, and of each location read for it), in the stretch of time read
    for ``days`` (``days_around``), so "to Olive, who is free" is never said while Olive is booked at the other
    site; while a colleague may be proposed, each location not synced yet (the copilot just started: its snapshot
    cannot say who is booked there) whose sync has not failed (``_first_sync_ahead``); each other location of a live alert across locations involving this one
    (``cross``, looked up when not given: so the card is resolved only by a read that no longer finds it); and
    ``also``. Empty when nobody crosses locations."""
    others = {loc.id: loc for loc in catalog.locations if loc.id != location.id}
    if not others:
        return []
    staff_here = {sid for a in book if a.is_active for sid in a.staff_ids}
    wanted = {lid for lid in also if lid in others}
    wanted |= {home for sid in staff_here if (home := _home(catalog, sid)) in others}
    if cross is None:
        cross = _cross_location_alerts(copilot, catalog, location, days)
    for row in cross:
        wanted |= {lid for lid in _row_locations(row) if lid in others}
    window = days_around(location, days)
    staff, asked = set(staff_here), set()
    while places := ({location.id} | wanted) - asked:  # the colleagues of each location read, once
        asked |= places
        colleagues = _proposable(catalog, places)
        if colleagues and not wanted.issuperset(others):
            wanted |= {lid for lid in others if _first_sync_ahead(copilot, lid)}
        staff |= colleagues
        wanted |= set(booked_between(copilot.store, others.values(), staff, *window))
    return [others[lid] for lid in sorted(wanted)]


def _never_synced_down(copilot: Copilot, catalog: Catalog, location: Location) -> list[str]:
    """The other locations never synced whose sync fails: not read for a suggested fix's colleagues
    (``_first_sync_ahead``), so this location's check runs again once one of them syncs (``_unread_recovered``): a
    fix drawn meanwhile may name a colleague booked there."""
    return [
        other.id for other in catalog.locations
        if other.id != location.id and _never_synced(copilot, other.id, failing=True)
    ]


def _first_sync_ahead(copilot: Copilot, location_id: str) -> bool:
    """Whether the location was never synced and its sync has not failed either (the copilot just started: its
    snapshot cannot say who is booked there yet). One whose sync fails (down since the start, or a key without
    access to it) is not read for that at every check: it is taken as unreadable without asking it again."""
    return _never_synced(copilot, location_id, failing=False)


def _never_synced(copilot: Copilot, location_id: str, *, failing: bool) -> bool:
    """Whether the location was never fully synced, and its sync is failing (``failing``) or has not failed."""
    state = copilot.store.sync_state(location_id)
    return state["last_full_sync_at"] is None and bool(state["failing_since"]) == failing


def _proposable(catalog: Catalog, location_ids: Collection[str]) -> set[str]:
    """The staff of these locations a suggested fix may propose (as the conflict engine picks them: active, with
    shifts, not the front desk)."""
    return {
        member.id for member in catalog.staff
        if member.location_id in location_ids and member.active and member.shifts and member.role != StaffRole.front_desk
    }


def _cross_location_alerts(copilot: Copilot, catalog: Catalog, location: Location, days: Sequence[date]) -> list[AlertRow]:
    """Live alerts of ``days`` (kept by any location) about conflicts across locations, this one among them; and
    those of the day before still running when the first day began (a clash across midnight)."""
    since, _ = local_day_bounds(min(days), location.tz)
    day_keys = [(min(days) - timedelta(days=1)).isoformat(), *(d.isoformat() for d in days)]
    return [
        row
        for owner in catalog.locations
        for row in copilot.store.alerts(location_id=owner.id, days=day_keys, statuses=LIVE)
        if location.id in (locations := _row_locations(row)) and len(locations) > 1
        and (row.day in day_keys[1:] or _runs_past(row, since))
    ]


def _runs_past(row: AlertRow, moment: datetime) -> bool:
    """Whether the alert's conflict, as its card was drawn, was still running at ``moment`` (a card drawn before
    the conflict's end was kept with it says no)."""
    ends = (row.view or {}).get("endsAt")
    return bool(ends) and datetime.fromisoformat(ends) > moment


def _row_locations(row: AlertRow) -> list[str]:
    """The locations of an alert's conflict, as its card was drawn."""
    return list((row.view or {}).get("locationIds", ()))


def _home(catalog: Catalog, staff_id: str) -> str | None:
    member = catalog.staff_member(staff_id)
    return member.location_id if member is not None else None


def _owners_to_nudge(
    copilot: Copilot,
    catalog: Catalog,
    location: Location,
    conflicts: Sequence[Conflict],
    cross: Sequence[AlertRow],
    *,
    unread: Collection[str],
    now: datetime,
    read: Sequence[Appointment] = (),
) -> list[Location]:
    """The other locations that own a conflict this pass found whose card is missing (and not over, and of the
    owner's today or tomorrow: ``read`` holds its appointments) or out of date, or own a live card about this
    location's appointments (``cross``) that this pass no longer finds, unless the card names a location whose book
    this pass could not read (``unread``). (A clash of this location's tomorrow may be of the day after tomorrow
    in the owner's zone: its card is posted when the owner's pass checks that day, not asked for at each check.)"""
    store = copilot.store
    places = {loc.id: loc for loc in catalog.locations}
    stale: set[str] = set()
    shared: set[str] = set()
    for conflict in conflicts:
        owner = conflict_owner(conflict, location)
        if owner == location.id:
            continue
        shared.add(conflict.key)
        row = store.alert(conflict.key)
        if row is None or row.status not in LIVE:
            if not is_over(conflict, now) and _of_checked_days(copilot, places.get(owner), conflict, read, now):
                stale.add(owner)
        elif row.fingerprint != conflict.fingerprint or (not is_over(conflict, now) and _parties_changed(row, conflict)):
            stale.add(owner)
    for row in cross:
        if row.location_id != location.id and row.key not in shared and not set(unread) & set(_row_locations(row)):
            now_kept = store.alert(row.key)  # as this pass left it: a card it took over is its own now
            if now_kept is not None and now_kept.status in LIVE and now_kept.location_id != location.id:
                stale.add(now_kept.location_id or "")
    return [loc for loc in catalog.locations if loc.id in stale]


def _of_checked_days(
    copilot: Copilot, location: Location | None, conflict: Conflict, read: Sequence[Appointment], now: datetime
) -> bool:
    """Whether the location's check (its today and tomorrow, ``on_days``) keeps the conflict; ``read`` holds the
    conflict's appointments (else, or for a location not listed, it is taken to: the owner's pass decides)."""
    if location is None or not read:
        return True
    today = default_day(copilot.settings, location, now=now)
    return bool(on_days([conflict], location, read, [today, today + timedelta(days=1)]))


def _conflicts_at(catalog: Catalog, other: Location, found: ConflictRead) -> list[Conflict]:
    """The conflicts involving ``other``'s appointments among those a pass read (``found.appointments``: every book
    it read, whatever its days: the clash of a card kept there, wherever it falls), without guests' names (its keys
    are what matter); worked out once per pass and location (``_left_behind``, ``_handovers`` and ``_adoptable`` ask)."""
    if other.id not in found.at:
        read = found.appointments
        book = [a for a in read if a.location_id == other.id]
        others = [a for a in read if a.location_id != other.id]
        found.at[other.id] = conflicts_involving(catalog, other, book, others) if book else []
    return found.at[other.id]


def _left_behind(
    copilot: Copilot, catalog: Catalog, location: Location, found: ConflictRead, left: Collection[str], *,
    now: datetime,
) -> list[Location]:
    """The locations owning a clash at another location that holds one of the ``left`` appointments (those a card
    of this pass no longer names: the clash shrank) and has no live card: Dev double-booked at Palms, whose card
    across sites was Harbor's and now names Harbor's booking and one of Palms' only. Such a clash does not involve
    this location's appointments, so neither this pass nor ``_owners_to_nudge`` sees it; its owner's pass posts it
    (not over, and of that location's checked days). Only the books this pass read are looked at."""
    if not left:
        return []
    places = {loc.id: loc for loc in catalog.locations}
    where = {a.location_id for a in found.appointments if a.id in left} - {location.id}
    owners: set[str] = set()
    for lid in sorted(where & places.keys()):
        for conflict in _conflicts_at(catalog, places[lid], found):
            owner = conflict_owner(conflict, places[lid])
            if owner == location.id or owner in owners or not set(left) & set(conflict.appointment_ids):
                continue
            if (row := copilot.store.alert(conflict.key)) is not None and row.status in LIVE:
                continue
            if not is_over(conflict, now) and _of_checked_days(copilot, places.get(owner), conflict, found.appointments, now):
                owners.add(owner)
    return [loc for loc in catalog.locations if loc.id in owners]


def _kept_by(copilot: Copilot, key: str, location_id: str) -> bool:
    """Whether the alert ``key`` is live and kept by ``location_id``'s pass."""
    row = copilot.store.alert(key)
    return row is not None and row.status in LIVE and row.location_id == location_id


def _nearby_days(days: Sequence[date]) -> list[str]:
    """``days`` with the day either side: another location's dates for the same hours (its zone may be a day off)."""
    return [(min(days) - timedelta(days=1) + timedelta(days=n)).isoformat() for n in range((max(days) - min(days)).days + 3)]


def _handovers(
    copilot: Copilot, catalog: Catalog, location: Location, found: ConflictRead, own: Sequence[Conflict], *,
    days: Sequence[date], now: datetime,
) -> dict[str, str]:
    """This location's live cards whose clash no longer stands as one of its own (``own``) but stands, grown or
    shrunk (``_predecessor``) or as it was, as another location's (a therapist's booking here cancelled, leaving
    them double-booked at the other site; a booking moved to the other site): by key, the location whose pass
    takes the card over, redrawn, rather than this pass resolving it while the clash stands (one in a burst summary
    is resolved in it, and that location's pass posts its card at once). Only when every location the card names
    was read, the clash there is not over, is of that location's checked days and has no live card of its own yet
    (else the card is resolved as before: a clash never has two live cards)."""
    store = copilot.store
    mine = {c.key for c in own}
    read = {location.id, *found.read}
    nearby = _nearby_days(days)
    rows = [
        row for row in store.alerts(location_id=location.id, days=nearby, statuses=LIVE)
        if row.key not in mine and set(_row_locations(row)) <= read
    ]
    if not rows:
        return {}
    places = {loc.id: loc for loc in catalog.locations}
    theirs = [(c, places.get(conflict_owner(c, location))) for c in found.conflicts if c.key not in mine]
    handed: dict[str, str] = {}
    for row in rows:
        candidates = list(theirs)
        for lid in sorted(set(_row_locations(row)) - {location.id} & places.keys()):
            at = places[lid]
            candidates += [(c, places.get(conflict_owner(c, at))) for c in _conflicts_at(catalog, at, found)]
        for conflict, heir in candidates:
            if heir is None or heir.id == location.id:
                continue
            if conflict.key != row.key and not _grew_or_shrank(conflict, row):
                continue
            if is_over(conflict, now) or not _of_checked_days(copilot, heir, conflict, found.appointments, now):
                continue
            if conflict.key != row.key and (card := store.alert(conflict.key)) is not None and card.status in LIVE:
                continue  # it has a card already: this one is resolved
            handed[row.key] = heir.id
            break
    return handed


def _adoptable(
    copilot: Copilot, catalog: Catalog, location: Location, found: ConflictRead, own: Sequence[Conflict], *,
    days: Sequence[date], now: datetime,
) -> list[AlertRow]:
    """Live cards kept by other locations whose clash no longer stands there, an earlier form (``_predecessor``) of
    a conflict of this pass's own with no card yet: a double booking at the other site that gained a booking here
    (this location now keeps its card, the first by id), or a clash across sites that lost its booking there. Such a
    card is redrawn for the conflict and kept by this location from then on, rather than a second card posted.
    Only cards kept by a location whose book this pass read, naming no location it did not read."""
    store = copilot.store
    new = [c for c in own if not is_over(c, now) and not ((row := store.alert(c.key)) is not None and row.status in LIVE)]
    if not new or not found.read:
        return []
    read = {location.id, *found.read}
    nearby = _nearby_days(days)
    places = {loc.id: loc for loc in catalog.locations}
    adoptable = []
    for lid in sorted(found.read):
        for row in store.alerts(location_id=lid, days=nearby, statuses=LIVE):
            if row.grouped or not set(_row_locations(row)) <= read or lid not in places:
                continue
            if not any(_predecessor(c, [row]) is not None for c in new):
                continue
            if all(c.key != row.key for c in _conflicts_at(catalog, places[lid], found)):
                adoptable.append(row)
    return adoptable


def _lock(location_id: str) -> asyncio.Lock:
    # A poll and a webhook may check the same location at once; one at a time, or both would post.
    loop = asyncio.get_running_loop()
    return _locks.setdefault(loop, {}).setdefault(location_id, asyncio.Lock())


#: The lock of each conflict card or burst summary being redrawn now, by its message (channel and ts: a card keeps
#: its message when its clash grows into another key, and a summary's members share it): ``keyed_lock``'s.
_CARD_LOCKS: dict[str, KeyedLock] = {}


def _card_lock(channel: str, ts: str) -> AbstractAsyncContextManager[None]:
    """Hold a card's (or summary's) lock: one redraw of a message at a time, a click's or a check's. Taken inside a
    location's ``_lock`` or without it, never inside another card's (so never two at once)."""
    return keyed_lock(_CARD_LOCKS, f"{channel}\n{ts}")


@asynccontextmanager
async def _drawing(copilot: Copilot, row: AlertRow) -> AsyncIterator[AlertRow]:
    """Hold the lock of ``row``'s card and give the alert as stored now, read inside it: every redraw of a card (a
    click's, a check's) draws from that and saves what it changes before letting go, so a slow redraw of an older
    state never lands after a newer one (a slow Acknowledge after a check reopened the changed clash, a slow Snooze
    after a colleague's Acknowledge). A card posted afresh meanwhile is followed to its new message; an alert with
    no card is given as the caller read it, no lock held."""
    while row.channel and row.ts:
        async with _card_lock(row.channel, row.ts):
            fresh = copilot.store.alert(row.key) or row
            if (fresh.channel, fresh.ts) == (row.channel, row.ts):
                yield fresh
                return
        row = fresh
    yield row


# ---------------------------------------------------------------------------------------------------
# Reconciliation


async def reconcile(
    copilot: Copilot,
    location: Location,
    conflicts: Sequence[Conflict],
    *,
    days: Sequence[date],
    now: datetime,
    unread: Collection[str] = (),
    adoptable: Sequence[AlertRow] = (),
    handover: Mapping[str, str] | None = None,
    book: Sequence[Appointment] = (),
) -> AlertPass:
    """Post, update, re-post and resolve alerts so the channel matches ``conflicts`` on ``days``; a live alert
    that names one of the ``unread`` locations (whose book could not be read) is left as it is, and one no longer
    found only because a record it is about left the spa system's lists while its booking in ``book`` (the
    appointments read) is as it was stays live, saying so (``_unlisted_records``).

    Across locations: a conflict whose alert another location kept (its clash moved here: ``conflict_owner``) has
    its card redrawn and kept by this one; ``adoptable`` (``_adoptable``) are other locations' cards of a clash no
    longer standing there, which a new conflict grown or shrunk from it takes over; ``handover`` (``_handovers``)
    names this location's cards no longer standing here whose clash stands at another location, left live for
    that location's pass to take over (``AlertPass.handed``) rather than resolved. A conflict grown out of several
    cards keeps one (the first ``_predecessor``); the others are closed as merged into it (``_merge_card``). A card
    redrawn smaller names the bookings it left in ``AlertPass.left`` (``_left_behind``)."""
    store = copilot.store
    current: dict[str, Conflict] = {}
    for conflict in conflicts:  # one alert per key, whatever the caller passed twice
        current.setdefault(conflict.key, conflict)
    report = AlertPass(location.id, list(current.values()))
    day_keys = [d.isoformat() for d in days]
    rows = {row.key: row for row in store.alerts(location_id=location.id, days=day_keys)}
    await _expire_past(copilot, location, report, first=min(days), now=now, current=current, rows=rows)
    groups_to_refresh: set[tuple[str, str]] = set()
    reopened: dict[tuple[str, str], list[str]] = defaultdict(list)  # summary -> who acknowledged a clash that changed

    new: list[Conflict] = []
    for conflict in current.values():
        row = rows.get(conflict.key) or store.alert(conflict.key)
        over = is_over(conflict, now)  # nothing left to fix: never worth a ping
        if row is None or row.status not in LIVE:
            if not over:
                new.append(conflict)
        elif row.status == SNOOZED and _snooze_over(row, now):
            if over:
                store.save_alert(conflict.key, at=now, status=EXPIRED)  # its card shows the snooze, no buttons
            else:
                _tally(report, report.reposted, conflict.key, await _repost_card(copilot, location, conflict, row, now=now))
        elif (
            (changed := row.fingerprint != conflict.fingerprint or (not over and _parties_changed(row, conflict)))
            or (moved := (row.location_id != location.id and not row.grouped) or (not row.grouped and _moved_sites(row, conflict)))
            or (not row.grouped and not unread and _fix_names_changed(copilot, row, conflict))
            or (not row.grouped and "unlisted" in (row.view or {}))  # found again: its note goes
        ):
            if row.grouped:  # its summary redrawn; a change needs a fresh look, as on a card: acknowledged, it reopens
                data = _card_data(copilot, conflict, location)
                reopen = {"status": OPEN, "acknowledged_by": None, "handled_at": None} if row.status == ACKNOWLEDGED else {}
                store.save_alert(conflict.key, at=now, fingerprint=conflict.fingerprint, view=data, **reopen)
                groups_to_refresh.add((row.channel or "", row.ts or ""))
                if reopen and changed and not over and row.acknowledged_by:  # told in its thread, as a card's is
                    reopened[(row.channel or "", row.ts or "")].append(row.acknowledged_by)
            # a fix naming another colleague alone is no change of the clash: redrawn, still acknowledged (rev34i M1)
            elif await _update_card(copilot, location, conflict, row, now=now, tell=changed and not over,
                                    reopen=changed or moved):
                report.updated.append(conflict.key)
            else:
                report.failed += 1

    gone = {
        row.key: row
        for row in rows.values()
        if row.status in LIVE and row.key not in current
        and not set(unread) & set(_row_locations(row))  # not known to be gone: a pass that reads both decides
    }
    elsewhere = {row.key: row for row in adoptable if row.key not in current}
    for conflict in list(new):  # a clash that grew or shrank keeps its card rather than "Resolved" and a new post
        row = _predecessor(conflict, gone.values()) or _predecessor(conflict, elsewhere.values())
        if row is not None:
            new.remove(conflict)
            gone.pop(row.key, None)
            elsewhere.pop(row.key, None)
            # the same booking entered again (same guest, service and time, a new id) is no change (rev34i M2)
            alike = _entered_again(conflict, row)
            if await _update_card(copilot, location, conflict, row, now=now, tell=not alike and not is_over(conflict, now),
                                  reopen=not alike):
                report.updated.append(conflict.key)
                report.left += [aid for aid in (row.view or {}).get("appointmentIds", ()) if aid not in conflict.appointment_ids]
            else:
                report.failed += 1

    # another earlier form of a clash that has its card (two clashes joined by a booking): closed as part of it at
    # once, never "Resolved" while its double booking stands, nor left live beside it
    for row in [*gone.values(), *elsewhere.values()]:
        if row.grouped or (handover and row.key in handover):
            continue
        into = next((c for c in current.values() if _grew_or_shrank(c, row) and _kept_by(copilot, c.key, location.id)), None)
        if into is None:
            continue
        gone.pop(row.key, None)
        if await _merge_card(copilot, row, into, now=now):
            report.merged.append(row.key)
        else:
            report.failed += 1

    booked = {appointment.id: appointment for appointment in newest_versions(book)}
    for row in gone.values():
        if handover and row.key in handover:  # its clash stands at another location, whose pass takes it over
            report.handed.append(row.key)
            if not row.grouped:  # (one in a summary is resolved there: that pass posts its card)
                continue
        if unlisted := _unlisted_records(row, copilot.known_catalog(), booked):  # not known to be fixed: kept live
            report.kept.append(row.key)
            if not await _keep_unlisted(copilot, row, unlisted, now=now):
                report.failed += 1
            continue
        if row.grouped:
            store.save_alert(row.key, at=now, status=RESOLVED, handled_at=now.isoformat())
            groups_to_refresh.add((row.channel or "", row.ts or ""))
            report.resolved.append(row.key)
        elif await _resolve_card(copilot, row, now=now):
            report.resolved.append(row.key)
        else:
            report.failed += 1

    one_each, summed_up = burst_split(new, location, copilot.settings.alert_burst_threshold)
    summed = 0  # new conflicts posted in summaries rather than on cards of their own
    if summed_up:
        report.summaries, keys, failed, refused = await _post_summaries(copilot, location, summed_up, now=now)
        report.posted += keys
        summed = len(keys)
        report.failed += failed
        report.refused += refused
    for conflict in one_each:
        _tally(report, report.posted, conflict.key, await _post_card(copilot, location, conflict, now=now))

    for conflict in current.values():  # what each clash was found with, for a later pass that no longer finds it
        _remember_found(copilot, conflict, booked, now=now)

    for channel, ts in groups_to_refresh:
        if not await _refresh_summary(copilot, location, channel, ts, current, now=now):
            report.failed += 1
        elif channel and ts:
            for user in dict.fromkeys(reopened.get((channel, ts), ())):  # once each, however many of theirs changed
                await _slack_call(copilot.slack.chat_postMessage, channel=channel, thread_ts=ts,
                                  text=SUMMARY_REOPENED_TEXT.format(user=user))
    if any((report.posted, report.reposted, report.updated, report.resolved, report.failed, report.refused)):
        logger.info(
            # conflicts by what happened to them; the messages are cards=new ones posted alone + summaries (posted=9
            # summaries=2 read as eleven messages when two summaries held the nine: rev35f L2)
            "alerts location=%s conflicts=%d new=%d (cards=%d summaries=%d) reposted=%d updated=%d resolved=%d "
            "failed=%d refused=%d",
            location.id, len(current), len(report.posted), len(report.posted) - summed, report.summaries,
            len(report.reposted), len(report.updated), len(report.resolved), report.failed, report.refused,
        )
    return report


#: The records each kind of clash is checked against, by the part they play in a booking's line ("staff", "resource":
#: a room or equipment, "service"): a clash is no longer found for want of a record of another part only if it was
#: fixed (a double-booked therapist's clash stands whatever the service: ``_unlisted_records``).
CLASH_NEEDS: dict[str, frozenset[str]] = {
    ConflictKind.staff_double_booked: frozenset({"staff"}),
    ConflictKind.room_double_booked: frozenset({"resource"}),
    ConflictKind.equipment_over_capacity: frozenset({"resource"}),
    ConflictKind.missing_skill: frozenset({"service", "staff"}),
    ConflictKind.missing_certification: frozenset({"service", "staff"}),
    ConflictKind.wrong_room_type: frozenset({"resource", "service"}),
    ConflictKind.buffer_violated: frozenset({"resource", "service"}),  # the room turned over, the service's buffer
    ConflictKind.outside_shift: frozenset({"staff"}),
    ConflictKind.understaffed: frozenset({"service", "staff"}),
}

#: The parts a booking's line plays, in the order a card keeps them (``booking_shape``).
LINE_PARTS = ("staff", "service", "resource")


def _line_uses(line: ServiceLine) -> dict[str, Any]:
    """The records a booking's line uses, by the part they play: its therapist, service, and rooms and equipment."""
    return {"staff": line.staff_id or "", "service": line.service_id, "resource": sorted(line.resource_ids)}


def booking_shape(appointment: Appointment, parts: Iterable[str]) -> list[list[Any]]:
    """What a card keeps of each of its bookings (``booked`` in its view), to tell a booking as it was from one whose
    clash may have been fixed: each line's start and end (UTC) and the records it uses of ``parts`` (its kind's
    ``CLASH_NEEDS``), in order. An edit to another part (the therapist swapped on a booking in a room that is the
    clash) leaves it as it was."""
    kept = [part for part in LINE_PARTS if part in set(parts)]
    return sorted(
        [
            line.start_at.astimezone(UTC).isoformat(),
            line.end_at.astimezone(UTC).isoformat(),
            *map(_line_uses(line).get, kept),
        ]
        for line in appointment.services
    )


def _remember_found(copilot: Copilot, conflict: Conflict, book: Mapping[str, Appointment], *, now: datetime) -> None:
    """Keep in a live card's view the shape of each of its bookings (``booking_shape``) as the pass that found its
    clash read them, for a later pass that no longer finds it (``_unlisted_records``). Written only when it changed;
    not when a booking of the clash was not read (another location's book, say)."""
    if not all(aid in book for aid in conflict.appointment_ids):
        return
    row = copilot.store.alert(conflict.key)
    if row is None or row.status not in LIVE or not row.view:
        return
    needs = CLASH_NEEDS.get(conflict.kind, frozenset())
    booked = {aid: booking_shape(book[aid], needs) for aid in conflict.appointment_ids}
    if row.view.get("booked") != booked:
        copilot.store.save_alert(conflict.key, at=now, view=row.view | {"booked": booked})


def _missing_parts(row: AlertRow, catalog: Catalog, book: Mapping[str, Appointment]) -> dict[str, str]:
    """Record id -> the part it plays ("staff", "resource", "service") of each record the card is about (its
    ``records``) that the catalogue no longer lists, as its bookings in ``book`` use it."""
    records = (row.view or {}).get("records") or {}
    listed = {m.id for m in catalog.staff} | {r.id for r in catalog.resources} | {s.id for s in catalog.services}
    missing = set(records) - listed
    parts: dict[str, str] = {}
    for appointment_id in (row.view or {}).get("appointmentIds", ()):
        appointment = book.get(appointment_id)
        for line in appointment.services if appointment is not None else ():
            uses = [("staff", line.staff_id), ("service", line.service_id)]
            uses += [("resource", resource_id) for resource_id in line.resource_ids]
            parts |= {record_id: part for part, record_id in uses if record_id in missing}
    return parts


def _unlisted_records(row: AlertRow, catalog: Catalog | None, book: Mapping[str, Appointment]) -> list[str]:
    """The names of the records a live card is about (its ``records``: staff, rooms and equipment, services listed
    when it was drawn) that the spa system no longer lists, when its clash may be no longer found only for that:
    its kind is checked against such a record (``CLASH_NEEDS``: a double-booked therapist, not the service), and
    each of its bookings is as it was when the clash was last found (``booked``: the same lines at the same times,
    with the same records of the parts its kind needs, in ``book``, the pass's read by id, and not cancelled; a
    list that comes back empty for one poll puts the line on it for that poll). The engine cannot check a
    booking against a record it does not know, so its clash is no longer found though nothing was fixed: the card
    stays live (``_keep_unlisted``). Empty (resolved as usual) once a booking changed, when the records are listed
    again or are not what the clash is about, and for a card drawn before its records and bookings were kept."""
    view = row.view or {}
    booked: Mapping[str, list[list[Any]]] = view.get("booked") or {}
    if catalog is None or not view.get("records") or not booked:
        return []
    needed = CLASH_NEEDS.get(view.get("kind", ""), frozenset())
    for appointment_id in view.get("appointmentIds", ()):
        appointment = book.get(appointment_id)
        if (
            appointment is None
            or not appointment.is_active
            or booking_shape(appointment, needed) != booked.get(appointment_id)
        ):
            return []
    named = {record_id for record_id, part in _missing_parts(row, catalog, book).items() if part in needed}
    return [name for record_id, name in view["records"].items() if record_id in named]


async def _keep_unlisted(copilot: Copilot, row: AlertRow, names: list[str], *, now: datetime) -> bool:
    """Keep a card live whose clash is no longer found only because records it is about left the spa system's lists
    (``_unlisted_records``), redrawn once with ``UNLISTED_NOTE`` (its buttons, or who acknowledged or snoozed it, as
    they were); False if Slack failed (the next check tries again). One in a summary stays live as it is drawn.

    A snooze that ends meanwhile opens the card again in place, its buttons back (the clash cannot be checked, so no
    fresh card is posted), rather than leaving a snooze over that would make every poll check the location."""
    if row.status == SNOOZED and _snooze_over(row, now) and _clash_over(row.view or {}, now):
        return await _expire(copilot, [row], now=now) == 0  # its booking over meanwhile: no buttons back (rev44i L2)
    if row.grouped:
        return True
    async with _drawing(copilot, row) as row:  # drawn from the alert as stored now (a click may have landed)
        view = row.view or {}
        woken = row.status == SNOOZED and _snooze_over(row, now)
        if view.get("unlisted") == names and not woken:
            return True
        data = view | {"unlisted": names}
        changes: dict[str, Any] = {"view": data}
        if woken:
            changes |= {"status": OPEN, "snoozed_until": None, "acknowledged_by": None, "handled_at": None}
        if row.channel and row.ts:
            shown = conflict_view(data, row=row, status=changes.get("status"))
            message = _card_message(copilot, shown, row.location_id)
            where = {"channel": row.channel, "ts": row.ts}
            if await _slack_call(copilot.slack.chat_update, **where, **message.to_kwargs()) is None:
                return False
        copilot.store.save_alert(row.key, at=now, **changes)
    logger.info("alert %s kept live: a record it is about is no longer listed", row.key)
    return True


def _clash_over(view: Mapping[str, Any], now: datetime) -> bool:
    """Whether the clash a card shows ended before ``now`` (its ``endsAt``); False when the card does not say."""
    try:
        return datetime.fromisoformat(view["endsAt"]) <= now
    except (KeyError, TypeError, ValueError):
        return False


def _moved_sites(row: AlertRow, conflict: Conflict) -> bool:
    """Whether the conflict's locations are others than its card's (a booking moved to another site at the same
    time: the fingerprint, of times and people, is the same). Its card is redrawn, so it says where the clash is and
    the other site's pass knows the card is about its bookings too (``_cross_location_alerts``). A card drawn
    before cards named their locations is left as it is."""
    view = row.view or {}
    return "locationIds" in view and set(view["locationIds"]) != set(conflict.location_ids)


def _fix_names_changed(copilot: Copilot, row: AlertRow, conflict: Conflict) -> bool:
    """Whether the conflict's suggested fix names other staff than the one on its card ("to Olive, who is free"
    while Olive was since marked inactive, or booked then): the fingerprint leaves the fix out, as its wording
    follows the rest of the calendar, so only the colleagues it names count, by the first names the engine writes
    (the guests' names in brackets left out: a guest unnamed for a moment changes nothing). Asks nothing of the spa
    system (the catalogue as last read)."""
    catalog = copilot.known_catalog()
    old, new = (row.view or {}).get("fix") or "", conflict.suggested_fix or ""
    if catalog is None or old == new:
        return False

    def named(fix: str) -> set[str]:
        words = set(re.findall(r"[\w'-]+", re.sub(r"\([^)]*\)", " ", fix).replace("'s ", " ")))
        return {member.id for member in catalog.staff if member.first_name and member.first_name in words}

    return named(old) != named(new)


def is_over(conflict: Conflict, now: datetime) -> bool:
    """Whether the conflict's time has passed (its end is not after ``now``): nothing is left to fix. Such a
    clash is never posted (nor posted again after a snooze), and ``/spa conflicts`` counts it among the day's
    earlier ones rather than list it with a fix."""
    return conflict.end <= now


def burst_split(
    new: Sequence[Conflict], location: Location, threshold: int
) -> tuple[list[Conflict], list[Conflict]]:
    """The new conflicts of a pass to post a card each (with Acknowledge / Snooze), and those to put in one summary
    per day (``_post_summaries``): up to ``threshold`` new ones all get cards; past it (a burst), a day with several
    gets a summary and a day with one gets its card, as a summary of one would spare no message and lose the
    buttons, unless those days alone are more than ``threshold`` (a resync finding one a day over many days):
    then they are summed up too."""
    if len(new) <= threshold:
        return list(new), []
    by_day: dict[str, list[Conflict]] = defaultdict(list)
    for conflict in new:
        by_day[_day_of(conflict, location)].append(conflict)
    alone = [members[0] for members in by_day.values() if len(members) == 1]
    if len(alone) > threshold:
        return [], list(new)
    return alone, [c for members in by_day.values() if len(members) > 1 for c in members]


def _predecessor(conflict: Conflict, rows: Iterable[AlertRow]) -> AlertRow | None:
    """The live alert, among ``rows`` (no longer standing), of an earlier form of ``conflict``: the same kind about the
    same therapist, room or equipment, with its appointments and more or fewer (a third booking joined the clash, or
    left it), on a card of its own. Its key was another (a key names the appointments), its card is this one's. A
    clash with other guests (one booking moved onto another's time) is another conflict, with a card of its own."""
    return next((row for row in rows if not row.grouped and _grew_or_shrank(conflict, row)), None)


def _grew_or_shrank(conflict: Conflict, row: AlertRow) -> bool:
    """Whether ``row``'s alert was of an earlier form of ``conflict`` (``_predecessor``), on a card or a summary; so
    is one of a booking cancelled and booked again for the same guest over the same time (``_rebooked``)."""
    view = row.view or {}
    then_in, now_in = set(view.get("appointmentIds", ())), set(conflict.appointment_ids)
    return (
        row.kind == str(conflict.kind)
        and view.get("subjectIds") == list(conflict.subject_ids)
        and (then_in <= now_in or now_in <= then_in or _rebooked(conflict, view, then_in, now_in))
    )


def _rebooked(conflict: Conflict, view: Mapping[str, Any], then_in: set[str], now_in: set[str]) -> bool:
    """Whether the one booking of the card's clash that is not in ``conflict`` was replaced by the one that is new to
    it, for the same guest, and the clash's time overlaps the card's: the desk cancelled a booking and booked the guest
    again (another service, a new appointment id) with the same therapist or room. Its card stands; a clash with
    another guest is another conflict. Cards drawn before their guests were kept (no ``parties``) are left alone."""
    gone, came = then_in - now_in, now_in - then_in
    if len(gone) != 1 or len(came) != 1 or not view.get("parties"):
        return False
    then, now = _guests(view["parties"]).get(*gone), _guests(conflict.parties).get(*came)
    try:
        starts, ends = datetime.fromisoformat(view["startsAt"]), datetime.fromisoformat(view["endsAt"])
    except (KeyError, TypeError, ValueError):
        return False
    return then is not None and then == now and starts < conflict.end and conflict.start < ends


def _guests(parties: Iterable[str]) -> dict[str, str]:
    """Appointment id -> client id, of ``Conflict.parties``."""
    return {words[0]: words[1] for words in (party.split() for party in parties) if len(words) > 1}


def _entered_again(conflict: Conflict, row: AlertRow) -> bool:
    """Whether ``conflict`` is ``row``'s clash with a booking entered again as it was (cancelled and booked anew: the
    same guest and service over the same time, another appointment id): the same clash to the people on it."""
    view = row.view or {}
    then = sorted(party.split(" ", 1)[-1] for party in view.get("parties") or ())
    now = sorted(party.split(" ", 1)[-1] for party in conflict.parties)
    return (
        bool(then) and then == now and view.get("startsAt") == conflict.start.isoformat()
        and view.get("endsAt") == conflict.end.isoformat()
    )


def _parties_changed(row: AlertRow, conflict: Conflict) -> bool:
    """Whether a booking of the card's clash is another guest's or service now (the desk gave it to someone else at
    the same time): the fingerprint leaves them out, the card names them. A card drawn before they were kept (no
    ``parties``) is left as it is."""
    then = (row.view or {}).get("parties")
    return then is not None and then != list(conflict.parties)


def _tally(report: AlertPass, done: list[str], key: str, outcome: bool | Refused) -> None:
    """Count a post: done, refused for good (``REFUSED``), or failed (the next check tries again)."""
    if outcome is REFUSED:
        report.refused += 1
    elif outcome:
        done.append(key)
    else:
        report.failed += 1


async def _expire_past(
    copilot: Copilot,
    location: Location,
    report: AlertPass,
    *,
    first: date,
    now: datetime,
    current: Mapping[str, Conflict],
    rows: dict[str, AlertRow],
) -> None:
    """Alerts of days gone by are closed without a ping (the day is over); their cards lose their buttons.

    Except those of a clash across midnight that was not over when ``first`` (the first day checked) began: one
    still found (in ``current``: running, or ahead) or whose card says it ran past that midnight (``_runs_past``)
    joins ``rows``, the alerts the pass reconciles, so it stays live while it stands and is resolved if it went.
    Midnight alone never closes a clash still running; one over by then expires with its day."""
    since, _ = local_day_bounds(first, location.tz)
    past = []
    for row in copilot.store.alerts(location_id=location.id, statuses=LIVE):
        if row.day is None or row.day >= first.isoformat() or row.key in rows:
            continue
        if row.key in current or _runs_past(row, since):
            rows[row.key] = row
        else:
            past.append(row)
    report.failed += await _expire(copilot, past, now=now)


async def expire_removed_location(copilot: Copilot, location_id: str, *, now: datetime) -> int:
    """Close the live alerts of a location the spa system no longer lists (closed, or deleted there) without a ping:
    it is no longer checked, so they would stay open for good, counted as open conflicts, with live buttons. Their
    cards lose their buttons and say why (``LOCATION_GONE_NOTE``: not "Resolved", as the clash may well stand);
    returns how many Slack could not redraw (those stay live for the next call)."""
    return await _expire(copilot, copilot.store.alerts(location_id=location_id, statuses=LIVE), now=now, gone=True)


#: The small print of a card whose location the spa system no longer lists, in place of "Resolved" (and under who
#: acknowledged or snoozed it): nobody fixed the clash, it is just no longer checked.
LOCATION_GONE_NOTE = ":no_entry_sign: No longer checked: {where} is no longer listed on the spa system."


async def _expire(copilot: Copilot, rows: Iterable[AlertRow], *, now: datetime, gone: bool = False) -> int:
    """Expire these alerts, each once its card is redrawn without buttons; how many Slack failed to redraw. A burst
    summary none of whose conflicts is live any more loses its "Acknowledge all" (``_retire_summary``)."""
    failed = 0
    summaries: dict[tuple[str, str], list[AlertRow]] = defaultdict(list)
    for row in rows:
        async with _drawing(copilot, row) as row:  # drawn as stored now: who acknowledged or snoozed it just now too
            if row.status not in LIVE:  # closed meanwhile (another pass): its card is drawn already
                continue
            if not await _retire_card(copilot, row, gone=gone):
                failed += 1
                continue
            copilot.store.save_alert(row.key, at=now, status=EXPIRED)
        if row.grouped and row.channel and row.ts and row.view:
            summaries[(row.channel, row.ts)].append(row)
    for (channel, ts), members in summaries.items():
        await _retire_summary(copilot, channel, ts, members, now=now)
    return failed


async def _retire_summary(
    copilot: Copilot, channel: str, ts: str, members: Sequence[AlertRow], *, now: datetime
) -> None:
    """Redraw a burst summary whose conflicts just expired as it was, without its button (a click on it would only
    hear that they are no longer tracked), still saying who acknowledged them all and when, in the location's clock
    as it was drawn; left as it is while another of its conflicts is live (a clash across midnight still running),
    and when Slack fails (a nicety: logged by ``_slack_call``, not retried)."""
    location_id = members[0].location_id or ""
    async with _card_lock(channel, ts):  # one redraw of it at a time; ``members`` as each was just before it expired
        if any(
            row.grouped and row.channel == channel and row.ts == ts
            for row in copilot.store.alerts(location_id=location_id, statuses=LIVE)
        ):
            return
        shown = sorted(members, key=lambda row: (row.view or {}).get("startsAt") or "")
        if not shown[0].day:
            return
        views = [conflict_view(row.view or {}, row=row) for row in shown]
        day = date.fromisoformat(shown[0].day or "")
        location = next((loc for loc in copilot.known_locations() if loc.id == location_id), None)
        if location is None:  # a location the spa system no longer lists: its summary as it was, without a clock
            message = blocks.conflict_burst_message(views, day=day, retired=True)
        else:
            message = _summary_message(
                copilot, location, views, day=day, today=default_day(copilot.settings, location, now=now), retired=True
            )
        await _slack_call(copilot.slack.chat_update, channel=channel, ts=ts, **message.to_kwargs())


async def _retire_card(copilot: Copilot, row: AlertRow, *, gone: bool = False) -> bool:
    """Redraw a card that no longer stands for a live alert without its buttons; False if Slack failed (a card
    Slack refuses for good, ``REFUSED``, is not tried again: the alert is retired without it). ``gone``: its
    location is no longer listed, which the card says (``LOCATION_GONE_NOTE``) instead of "Resolved". The caller
    holds the card's lock (``_drawing``) and gives the alert as stored inside it."""
    if row.grouped or not (row.channel and row.ts and row.view):
        return True  # summaries carry no buttons
    if row.status == OPEN:
        view = conflict_view(row.view, status=EXPIRED)  # "Over, not handled", no time: nobody handled it
    else:
        view = conflict_view(row.view, row=row)  # who acknowledged or snoozed it, as it was
    if gone:
        message = _no_longer_listed(copilot, row)
    else:
        message = _card_message(copilot, view, row.location_id)
    return await _slack_call(copilot.slack.chat_update, channel=row.channel, ts=row.ts, **message.to_kwargs()) is not None


def _no_longer_listed(copilot: Copilot, row: AlertRow) -> SlackMessage:
    """The card of a live alert whose location is no longer listed, retired: not struck through nor "Resolved"
    (nobody fixed the clash); an open one loses its buttons, a handled one keeps who acknowledged or snoozed it,
    and a last line says why it is no longer checked (the notification too)."""
    view = conflict_view(row.view or {}, row=row)
    message = _card_message(copilot, view, row.location_id)
    kept = message.blocks[:-1] if row.status == OPEN else message.blocks  # the open card's last block: its buttons
    where = blocks.escape(view.location_name) if view.location_name else "its location"
    note = ContextBlock(elements=[MarkdownTextObject(text=LOCATION_GONE_NOTE.format(where=where))])
    text = message.text.removesuffix(f" ({view.state.value})") + " (location no longer listed)"
    return SlackMessage(text=text, blocks=[*kept, note])


def _snooze_over(row: AlertRow, now: datetime) -> bool:
    return row.snoozed_until is None or datetime.fromisoformat(row.snoozed_until) <= now


async def _post_card(copilot: Copilot, location: Location, conflict: Conflict, *, now: datetime) -> bool | Refused:
    """Post the conflict's card and record the alert open; False if Slack failed, ``REFUSED`` (nothing recorded,
    so the next check that runs posts it) if the front-desk channel refuses it for good."""
    view = conflict_view(_card_data(copilot, conflict, location))
    channel = copilot.settings.spa_front_desk_channel
    what = "double booking" if conflict.kind == ConflictKind.staff_double_booked else "conflict"
    when = blocks.dated_clock(conflict.start, location.time_zone, now=now)
    response = await _post_once(
        copilot, f"conflict-card:{conflict.key}", channel=channel,
        what=f"the card for the {when} {what} at {blocks.escape(location.name)} in {blocks.escape(channel)}",
        **_card_message(copilot, view, location.id).to_kwargs(),
    )
    if response is None:
        return False
    if response is REFUSED:
        return REFUSED
    copilot.store.save_alert(
        conflict.key,
        at=now,
        kind=str(conflict.kind),
        location_id=location.id,
        day=_day_of(conflict, location),
        fingerprint=conflict.fingerprint,
        status=OPEN,
        channel=response["channel"],
        ts=response["ts"],
        snoozed_until=None,
        acknowledged_by=None,
        handled_at=None,
        grouped=False,
        view=_card_data(copilot, conflict, location),
    )
    return True


async def _repost_card(
    copilot: Copilot, location: Location, conflict: Conflict, row: AlertRow, *, now: datetime
) -> bool | Refused:
    """A snooze ended and the conflict is still there: the old card goes quiet and a fresh one is posted.

    When the channel refuses the fresh card for good, the alert is open again on its old card (its snooze over),
    so an ended snooze does not bring a check at every poll. One acknowledged since the pass read it is left to the
    click that drew it (True)."""
    async with _drawing(copilot, row) as row:  # the old card drawn as stored now; a click on it waits for the new one
        if row.status != SNOOZED:  # acknowledged since the pass read it: its click drew the card
            return True
        if not await _retire_card(copilot, row):
            return False
        posted = await _post_card(copilot, location, conflict, now=now)
        if posted is REFUSED:
            copilot.store.save_alert(
                conflict.key, at=now, status=OPEN, snoozed_until=None, acknowledged_by=None, handled_at=None
            )
    return posted


#: The thread reply under a card that opened again after an Acknowledge because its clash changed.
REOPENED_TEXT = "<@{user}> this clash changed after you acknowledged it: the card is open again, have another look."
#: The thread reply under a summary with a clash that changed after an Acknowledge ("Acknowledge all"): that clash is
#: open again in it (``REOPENED_TEXT``'s rules: the clash itself changed and is not over).
SUMMARY_REOPENED_TEXT = (
    "<@{user}> a clash in this summary changed after you acknowledged it: it is open again, have another look."
)


async def _update_card(
    copilot: Copilot, location: Location, conflict: Conflict, row: AlertRow, *, now: datetime, tell: bool = False,
    reopen: bool = True,
) -> bool:
    """Redraw ``row``'s card for ``conflict`` and record it, kept by ``location``; False if Slack failed. ``row`` may
    be the alert of the conflict this one grew out of (``_predecessor``; at another location too): its card and state
    move to this conflict's key, and it is closed without a card, so a click on a stale copy of its buttons cannot
    redraw the card. With ``tell`` (the clash itself changed and is not over: its times, people, rooms or guests, not
    only the fix's wording), whoever acknowledged it is told in its thread (``REOPENED_TEXT``); without ``reopen``
    (only its fix's wording changed, or the same booking was entered again) an acknowledged card stays so. Drawn from
    the alert as stored inside the card's lock (``_drawing``): a click that landed since the pass read it counts."""
    async with _drawing(copilot, row) as row:
        # A conflict that changed needs a fresh look, so an acknowledged one opens again; a snoozed one stays quiet.
        status = SNOOZED if row.status == SNOOZED else OPEN if reopen or row.status not in LIVE else row.status
        data = _card_data(copilot, conflict, location)
        view = conflict_view(data, row=row, status=status)
        if row.channel and row.ts:
            message = _card_message(copilot, view, location.id)
            done = await _slack_call(copilot.slack.chat_update, channel=row.channel, ts=row.ts, **message.to_kwargs())
            if done is None:  # a card Slack refuses for good (REFUSED) is not: the alert changes without it
                return False
            if tell and done is not REFUSED and row.status == ACKNOWLEDGED and row.acknowledged_by:
                # an edit notifies nobody: whoever acknowledged it is told in its thread (no guest, no id); once
                await _slack_call(
                    copilot.slack.chat_postMessage, channel=row.channel, thread_ts=row.ts,
                    text=REOPENED_TEXT.format(user=row.acknowledged_by),
                )
        changes: dict[str, Any] = {
            "fingerprint": conflict.fingerprint,
            "view": data,
            "status": status,
            "day": _day_of(conflict, location),
            "location_id": location.id,  # the card of a clash that moved from another location is this one's now
        }
        if row.key != conflict.key:
            changes |= {
                "kind": row.kind, "channel": row.channel, "ts": row.ts, "snoozed_until": row.snoozed_until,
                "acknowledged_by": row.acknowledged_by, "handled_at": row.handled_at, "grouped": False,
            }
        if status == OPEN:
            changes |= {"acknowledged_by": None, "handled_at": None}
        with copilot.store.transaction():
            if row.key != conflict.key:  # closed without a card: a stale click on its buttons cannot redraw it
                copilot.store.save_alert(
                    row.key, at=now, status=RESOLVED, handled_at=now.isoformat(), channel=None, ts=None
                )
            copilot.store.save_alert(conflict.key, at=now, **changes)
    return True


async def _merge_card(copilot: Copilot, row: AlertRow, into: Conflict, *, now: datetime) -> bool:
    """Close ``row``'s card as part of ``into``'s (a clash it joined, whose live card this pass keeps): drawn struck
    through, without buttons or fix, saying which card it is part of now (as that card's notification names it: what,
    when and where, never a guest), and closed as a predecessor's alert is (``_update_card``: resolved without a
    card, so a click on a stale copy of its buttons cannot redraw it); False if Slack failed (left live: the next
    check tries again)."""
    live = copilot.store.alert(into.key)
    async with _drawing(copilot, row) as row:  # drawn as stored now
        if row.channel and row.ts and row.view and live is not None and live.view:
            closed = conflict_view(row.view, row=row, status=RESOLVED, handled_at=now)
            drawn = _card_message(copilot, closed, row.location_id)
            part_of = _card_message(copilot, conflict_view(live.view), live.location_id).text.removeprefix("Conflict: ")
            what = "double booking" if row.kind == ConflictKind.staff_double_booked else "conflict"
            note = f":arrow_right: Merged: this {what} still stands, as part of the card “{part_of}”"
            message = SlackMessage(
                text=drawn.text.replace(" (resolved)", " (merged)"),
                blocks=[*drawn.blocks[:-1], ContextBlock(elements=[MarkdownTextObject(text=note, verbatim=True)])],
            )
            done = await _slack_call(copilot.slack.chat_update, channel=row.channel, ts=row.ts, **message.to_kwargs())
            if done is None:  # a card Slack refuses for good (REFUSED) is not: the alert is closed without it
                return False
        copilot.store.save_alert(row.key, at=now, status=RESOLVED, handled_at=now.isoformat(), channel=None, ts=None)
    return True


async def _resolve_card(copilot: Copilot, row: AlertRow, *, now: datetime) -> bool:
    """Redraw the card of a clash that is gone as resolved and record it; False if Slack failed. Drawn and saved
    inside the card's lock (``_drawing``), so a click's redraw waiting for it draws the resolved alert after it."""
    async with _drawing(copilot, row) as row:
        if row.channel and row.ts and row.view:
            view = conflict_view(row.view, row=row, status=RESOLVED, handled_at=now)
            message = _card_message(copilot, view, row.location_id)
            done = await _slack_call(copilot.slack.chat_update, channel=row.channel, ts=row.ts, **message.to_kwargs())
            if done is None:  # a card Slack refuses for good (REFUSED) is not: the alert is resolved without it
                return False
        copilot.store.save_alert(row.key, at=now, status=RESOLVED, handled_at=now.isoformat())
    return True


async def _post_summaries(
    copilot: Copilot, location: Location, conflicts: Sequence[Conflict], *, now: datetime
) -> tuple[int, list[str], int, int]:
    """One summary message per day instead of one ping per conflict; every conflict is still tracked by key.

    Returns how many summaries were posted, the keys they cover, how many could not be posted, and how many the
    channel refused for good (their conflicts are posted by the next check that runs)."""
    by_day: dict[str, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        by_day[_day_of(conflict, location)].append(conflict)
    posted = failed = refused = 0
    keys: list[str] = []
    today = default_day(copilot.settings, location, now=now)  # Jan 1 seen on Dec 31 is shown with its year
    for day, members in sorted(by_day.items()):
        views = [conflict_view(_card_data(copilot, c, location)) for c in members]
        message = _summary_message(copilot, location, views, day=date.fromisoformat(day), today=today)
        members_key = hashlib.sha256("\n".join(sorted(c.key for c in members)).encode()).hexdigest()[:16]
        channel = copilot.settings.spa_front_desk_channel
        shown = date.fromisoformat(day)
        response = await _post_once(
            copilot, f"conflict-summary:{location.id}:{day}:{members_key}", channel=channel,
            what=f"the summary of {len(members)} conflicts at {blocks.escape(location.name)} on {shown:%a} {shown.day} "
                 f"{shown:%b} in {blocks.escape(channel)}",
            **message.to_kwargs(),
        )
        if response is None:
            failed += 1
            continue
        if response is REFUSED:
            refused += 1
            continue
        posted += 1
        keys += [c.key for c in members]
        for conflict in members:
            copilot.store.save_alert(
                conflict.key,
                at=now,
                kind=str(conflict.kind),
                location_id=location.id,
                day=day,
                fingerprint=conflict.fingerprint,
                status=OPEN,
                channel=response["channel"],
                ts=response["ts"],
                snoozed_until=None,
                acknowledged_by=None,
                handled_at=None,
                grouped=True,
                view=_card_data(copilot, conflict, location),
            )
    return posted, keys, failed, refused


async def _refresh_summary(
    copilot: Copilot, location: Location, channel: str, ts: str, current: dict[str, Conflict], *, now: datetime
) -> bool:
    """Re-render a burst summary with the conflicts of it that are still live; False if Slack failed (one Slack
    refuses for good is left as it is). Its members are read inside the summary's lock (``_card_lock``): an
    "Acknowledge all" redrawing it waits, then draws them as they are after this."""
    if not channel or not ts:
        return True
    async with _card_lock(channel, ts):
        members = [
            row
            for row in copilot.store.alerts(location_id=location.id, statuses=LIVE)
            if row.grouped and row.channel == channel and row.ts == ts and row.key in current
        ]
        order = {key: n for n, key in enumerate(current)}  # the engine's: by time, as the summary was first drawn
        members.sort(key=lambda row: order[row.key])
        if members:  # each as acknowledged or not (a changed one reopened)
            views = [
                conflict_view(_card_data(copilot, current[row.key], location), row=row) for row in members
            ]
            today = default_day(copilot.settings, location, now=now)
            day = date.fromisoformat(members[0].day or "")
            message = _summary_message(copilot, location, views, day=day, today=today)
        else:
            message = blocks.notice_message(SUMMARY_RESOLVED_TEXT)
        return await _slack_call(copilot.slack.chat_update, channel=channel, ts=ts, **message.to_kwargs()) is not None


def _summary_message(
    copilot: Copilot, location: Location, views: Sequence[ConflictView], *, day: date, today: date,
    retired: bool = False,
) -> SlackMessage:
    """A burst summary of the location's ``views`` on ``day``, with its "Acknowledge all" while one is not
    acknowledged and it is not ``retired`` (``blocks.conflict_burst_message``; the button's value is the location's
    id)."""
    zones = sorted({loc.time_zone for loc in copilot.known_locations()})
    return blocks.conflict_burst_message(
        views, day=day, seen_from=today, location_id=location.id, zones=zones, place=location.name, retired=retired
    )


class Refused(Enum):
    """Slack refused an alert's message for good (``is_temporary`` says trying again will not help)."""

    REFUSED = "refused"


#: What ``_slack_call`` gives when Slack refused for good: the card deleted or too old to edit, the channel
#: archived or gone, the bot not in it. A card that cannot be redrawn leaves the alert's state to change
#: without it (never retried, never re-posted for the same conflict); a post the channel refuses is not recorded.
REFUSED = Refused.REFUSED


async def _post_once(copilot: Copilot, key: str, *, channel: str, what: str, **message: Any) -> Any:
    """``chat.postMessage`` of the alert or summary ``key`` to ``channel``, posted once however often it is tried: a
    try whose answer Slack lost is found in the channel by the next check, not posted again (``post_once``). As
    ``_slack_call``: None when it failed for now (logged), ``REFUSED`` when Slack refused it for good, said once in
    the ops channel as ``what`` (``ops_notes.refused_for_good``)."""
    try:
        return await post_once(copilot.slack, copilot.store, key=key, channel=channel, **message)
    except SLACK_FAILURES as exc:  # one line, never a traceback
        if is_temporary(exc):
            logger.warning("Slack call failed for an alert: %s; the next check tries again", slack_failure(exc))
            return None
        logger.warning("Slack refused an alert's message for good: %s; not tried again", slack_failure(exc))
        if is_refused_for_good(exc):  # a refusal the ops channel can act on (a code not named: the log only)
            await refused_for_good(copilot, exc, key=key, what=what, ids=f"alert {key} in {channel}",
                                   conversation=channel)
        return REFUSED
    except Exception:  # a bug: its traceback, and the rest of the pass still runs
        logger.exception("Slack call failed for an alert")
        return None


async def _slack_call(method: Any, **kwargs: Any) -> Any:
    """Call a Web API method; a failure is logged and gives None (the next check tries again), or ``REFUSED``
    when Slack refused for good (one warning; not tried again by the checks that follow)."""
    try:
        return await method(**kwargs)
    except SLACK_FAILURES as exc:  # one line, never a traceback
        if is_temporary(exc):  # Slack could not be reached, is rate limiting or erring
            logger.warning("Slack call failed for an alert: %s; the next check tries again", slack_failure(exc))
            return None
        logger.warning("Slack refused an alert's message for good: %s; not tried again", slack_failure(exc))
        return REFUSED
    except Exception:  # a bug: its traceback, and the rest of the pass still runs
        logger.exception("Slack call failed for an alert")
        return None


# ---------------------------------------------------------------------------------------------------
# What a card shows


def _day_of(conflict: Conflict, location: Location) -> str:
    return conflict.start.astimezone(location.tz).date().isoformat()


def _place(conflict: Conflict, location: Location, known: Sequence[Location]) -> str:
    """The location's name; for a conflict across several, each of theirs by id ("SoHo and Venice")."""
    if len(conflict.location_ids) < 2:
        return location.name
    names = {loc.id: loc.name for loc in known} | {location.id: location.name}
    return " and ".join(names.get(lid, lid) for lid in conflict.location_ids)


def _card_data(copilot: Copilot, conflict: Conflict, location: Location) -> dict[str, Any]:
    """``_view_data`` with the spa's locations and catalogue as last read."""
    return _view_data(conflict, location, copilot.known_locations(), copilot.known_catalog())


def _view_data(
    conflict: Conflict, location: Location, known: Sequence[Location] = (), catalog: Catalog | None = None
) -> dict[str, Any]:
    """The conflict as its card shows it: kept with the alert so a click can redraw the card without a read.

    ``known`` (the spa's locations) names the other locations of a conflict across several; ``catalog`` names the
    staff, rooms and equipment, and services the card is about (``records``: ``_unlisted_records``)."""
    records = _records(conflict, catalog) if catalog is not None else {}
    return {
        "kind": str(conflict.kind),
        "title": conflict.title,
        "detail": conflict.message,
        "fix": conflict.suggested_fix,
        "severity": conflict.severity,
        "startsAt": conflict.start.isoformat(),
        "endsAt": conflict.end.isoformat(),
        "timeZone": location.time_zone,
        "locationName": _place(conflict, location, known),
        "locationIds": list(conflict.location_ids),
        "appointmentIds": list(conflict.appointment_ids),
        "subjectIds": list(conflict.subject_ids),
        "key": conflict.key,
        "zonesLabelled": conflict.zones_labelled,
        "parties": list(conflict.parties),
    } | ({"headlineAt": conflict.headline_at.isoformat()} if conflict.headline_at else {}) | (
        {"records": records} if records else {}
    )


def _records(conflict: Conflict, catalog: Catalog) -> dict[str, str]:
    """Id -> name of what a conflict's card is about that the catalogue lists: its staff, its rooms and equipment, and
    the service of each of its bookings (``Conflict.parties``), as the spa system names them."""
    services = {parts[2] for party in conflict.parties if len(parts := party.split(" ")) == 3}
    named = (
        [(m.id, m.display_name) for m in catalog.staff if m.id in conflict.staff_ids or m.id in conflict.subject_ids]
        + [(r.id, r.name) for r in catalog.resources if r.id in conflict.resource_ids or r.id in conflict.subject_ids]
        + [(s.id, s.name) for s in catalog.services if s.id in services]
    )
    return {record_id: name for record_id, name in named if name}


def _card_message(copilot: Copilot, view: ConflictView, location_id: str | None) -> SlackMessage:
    """The conflict card of ``view``, kept by ``location_id``'s pass, with its click times labelled for the spa's
    staff (``_clock_of``)."""
    return blocks.conflict_alert_message(view, **_clock_of(copilot, view, location_id))


def _clock_of(copilot: Copilot, view: ConflictView, location_id: str | None) -> dict[str, Any]:
    """How a card's click times are labelled (``blocks.conflict_alert_message``): the zones of the spa's locations
    (as last read), and the name of the location whose clock the card reads (for a clash across locations, the one
    that keeps its card; the card's ``location_name`` when it is not known)."""
    known = copilot.known_locations()
    place = next((loc.name for loc in known if loc.id == location_id), view.location_name)
    return {"zones": sorted({loc.time_zone for loc in known}), "place": place}


#: The line a live card gains when its clash is no longer found only because a record it is about left the spa
#: system's lists (a room removed, a service taken off the menu, a therapist's record gone or unreadable), while
#: its booking is as it was: not "Resolved", as the booking may be as wrong as before (``_unlisted_records``).
UNLISTED_NOTE = ":information_source: {names} {verb} no longer on the spa system's {lists}: check {bookings}."


def unlisted_note(names: Sequence[str], *, bookings: int = 1) -> str:
    """``UNLISTED_NOTE`` for the names of the records gone from the spa system's lists, on a card about ``bookings``
    bookings ("check this booking", "check these bookings"); "" for none."""
    if not names:
        return ""
    one = len(names) == 1
    return UNLISTED_NOTE.format(
        names=listed(names), verb="is" if one else "are", lists="list" if one else "lists",
        bookings="this booking" if bookings <= 1 else "these bookings",
    )


def conflict_view(
    data: dict[str, Any],
    *,
    row: AlertRow | None = None,
    status: str | None = None,
    handled_at: datetime | None = None,
) -> ConflictView:
    """The card's view model from the stored view data and (optionally) the alert's state."""
    state = status or (row.status if row else OPEN)
    shown = {
        OPEN: ConflictState.open,
        ACKNOWLEDGED: ConflictState.acknowledged,
        SNOOZED: ConflictState.snoozed,
        RESOLVED: ConflictState.resolved,
        EXPIRED: ConflictState.expired,  # over with the clash unfixed: never drawn "Resolved"
    }[state]
    handled = handled_at or (datetime.fromisoformat(row.handled_at) if row and row.handled_at else None)
    return ConflictView(
        conflict_id=data["key"],
        kind=data["kind"],
        title=data["title"],
        detail=data.get("detail", ""),
        fix=data.get("fix", ""),
        severity=data.get("severity", "warning"),
        starts_at=datetime.fromisoformat(data.get("headlineAt") or data["startsAt"]) if data.get("startsAt") else None,
        time_zone=data.get("timeZone", "UTC"),
        appointment_ids=tuple(data.get("appointmentIds", ())),
        location_name=data.get("locationName", ""),
        zones_labelled=bool(data.get("zonesLabelled")),
        note=unlisted_note(data.get("unlisted") or (), bookings=len(data.get("appointmentIds", ()))) if state in LIVE else "",  # a closed card needs no check
        state=shown,
        handled_by=row.acknowledged_by if row and shown != ConflictState.resolved else None,
        handled_at=handled if shown != ConflictState.open else None,
        snoozed_until=(
            datetime.fromisoformat(row.snoozed_until)
            if row and row.snoozed_until and shown in (ConflictState.snoozed, ConflictState.expired)
            else None
        ),
    )


# ---------------------------------------------------------------------------------------------------
# Acknowledge and snooze (the button listeners call these)


@dataclass(frozen=True)
class ClickOutcome:
    """What a click did: the alert after it, or why nothing happened."""

    row: AlertRow | None
    message: SlackMessage | None = None  # the card as it should now look
    problem: SlackMessage | None = None  # why nothing happened, shown to the clicker only


async def acknowledge_alert(copilot: Copilot, key: str, *, user_id: str) -> ClickOutcome:
    """Mark an alert acknowledged by ``user_id`` and redraw its card."""
    return await _handle_click(copilot, key, user_id=user_id, status=ACKNOWLEDGED)


async def snooze_alert(copilot: Copilot, key: str, *, user_id: str) -> ClickOutcome:
    """Snooze an alert for an hour and redraw its card; it comes back then if the conflict is still there."""
    return await _handle_click(copilot, key, user_id=user_id, status=SNOOZED)


async def _handle_click(copilot: Copilot, key: str, *, user_id: str, status: str) -> ClickOutcome:
    """Acknowledge or snooze an open alert (a snoozed one may still be acknowledged) and redraw its card. A click
    on one already handled that way (a double click, a stale copy of the buttons, a colleague's click a moment
    later) changes nothing: the clicker is told who handled it, and the card is redrawn as it is.

    The click is saved, and the card drawn, from the alert as stored inside the card's lock (``_drawing``), so a
    check's redraw and this one never land in the wrong order (a slow Acknowledge after a check reopened the changed
    clash drew "Acknowledged" on a live double booking: probe45e M2), nor does a check's save of the card it was
    redrawing overwrite the click (the Acknowledge was lost, the card back to its buttons: rev46b)."""
    store = copilot.store
    row = store.alert(key)
    if row is None or row.view is None:
        return ClickOutcome(None, problem=blocks.notice_message(UNTRACKED_TEXT))
    now = copilot.now()
    await _know_locations(copilot, key)
    was_live = row.status in LIVE
    async with _drawing(copilot, row) as drawn:
        if was_live and drawn.status not in LIVE:  # closed by a check while the click waited for the card's lock
            return ClickOutcome(None, problem=blocks.notice_message(CHANGED_WHILE_CLICKED_TEXT))
        handled = drawn.status == ACKNOWLEDGED or drawn.status == status
        marked = _mark_handled(copilot, drawn, user_id=user_id, status=status, now=now) if drawn.status in LIVE and not handled else drawn
        if marked is None:
            return ClickOutcome(None, problem=blocks.notice_message(UNTRACKED_TEXT))
        row = marked
        view = conflict_view(row.view or {}, row=row)
        message = _card_message(copilot, view, row.location_id)
        if row.channel and row.ts:
            updated = await _slack_call(copilot.slack.chat_update, channel=row.channel, ts=row.ts, **message.to_kwargs())
            if updated is None:
                _owe_redraw(copilot, row.location_id, _redraw_key(row.key))
    problem = blocks.conflict_already_handled_message(view, **_clock_of(copilot, view, row.location_id)) if handled else None
    return ClickOutcome(row, message, problem=problem)


def _mark_handled(copilot: Copilot, row: AlertRow, *, user_id: str, status: str, now: datetime) -> AlertRow | None:
    """Record an alert acknowledged or snoozed by ``user_id`` (with an audit entry); the alert as it now is."""
    changes: dict[str, Any] = {"status": status, "acknowledged_by": user_id, "handled_at": now.isoformat()}
    changes["snoozed_until"] = (now + SNOOZE).isoformat() if status == SNOOZED else None
    copilot.store.save_alert(row.key, at=now, **changes)
    saved = copilot.store.alert(row.key)
    if saved is None:
        return None
    logger.info("alert %s %s by %s", row.key, status, user_id)
    copilot.store.audit(actor=user_id, action=f"conflict.{status}", subject_id=row.key, details={"kind": saved.kind})
    return saved


async def _know_locations(copilot: Copilot, what: str) -> None:
    """Read the spa's locations when none is known yet (just started): their zones label a click's time."""
    if copilot.known_locations():
        return
    try:
        await copilot.catalog()
    except Exception as exc:  # a label is a nicety: the click stands whatever the read did
        logger.info("alert %s: the spa's locations could not be read for its card (%s)", what, type(exc).__name__)


async def acknowledge_summary(
    copilot: Copilot, location_id: str, *, channel: str, ts: str, user_id: str
) -> ClickOutcome:
    """A burst summary's "Acknowledge all": every conflict of the summary (the location's alerts posted in the
    message ``channel``/``ts``) still open or snoozed is acknowledged by ``user_id`` as its own card's Acknowledge
    would (``_mark_handled``: who and when, one audit entry each), and the summary is redrawn without the button.
    A click when all were already acknowledged changes nothing and tells the clicker who did it; one on a summary
    whose conflicts are all resolved or expired, that it is no longer tracked. ``row`` of the outcome: the last
    alert acknowledged."""
    store = copilot.store
    live = [
        row for row in store.alerts(location_id=location_id, statuses=LIVE)
        if row.grouped and row.channel == channel and row.ts == ts and row.view is not None
    ]
    if not live or not channel or not ts:
        return ClickOutcome(None, problem=blocks.notice_message(UNTRACKED_TEXT))
    now = copilot.now()
    todo = [row for row in live if row.status != ACKNOWLEDGED]
    last: AlertRow | None = None
    for row in todo:
        last = _mark_handled(copilot, row, user_id=user_id, status=ACKNOWLEDGED, now=now) or last
    await _know_locations(copilot, f"summary {channel}/{ts}")
    rows = [store.alert(row.key) or row for row in live]
    rows.sort(key=lambda row: (row.view or {}).get("startsAt") or "")  # by time, as the summary was drawn
    location = next((loc for loc in copilot.known_locations() if loc.id == location_id), None)
    message = None  # a location the spa system no longer lists: its alerts expire at the next poll
    if location is not None:
        async with _card_lock(channel, ts):  # drawn from its members as stored now, as a check draws it
            drawn = _clicked_card_now(copilot, location, f"{channel}\n{ts}", now=now)
            if drawn is not None:  # (none live any more: the check that closed them drew it)
                message = drawn[2]
                updated = await _slack_call(copilot.slack.chat_update, channel=channel, ts=ts, **message.to_kwargs())
                if updated is None:
                    _owe_redraw(copilot, location_id, _redraw_key(_summary_id(channel, ts)))
    problem = None
    if not todo:  # all handled already: who did it last is said
        views = [conflict_view(row.view or {}, row=row) for row in rows]
        done = max(views, key=lambda v: v.handled_at.timestamp() if v.handled_at else 0.0)
        problem = blocks.conflict_already_handled_message(done, **_clock_of(copilot, done, location_id))
    return ClickOutcome(last or rows[-1], message, problem=problem)


def _clicked_summary(copilot: Copilot, location: Location, rows: Sequence[AlertRow], *, now: datetime) -> SlackMessage:
    """A burst summary as its "Acknowledge all" draws it: its ``rows`` by time, each as it now is."""
    rows = sorted(rows, key=lambda row: (row.view or {}).get("startsAt") or "")
    views = [conflict_view(row.view or {}, row=row) for row in rows]
    today = default_day(copilot.settings, location, now=now)
    return _summary_message(copilot, location, views, day=date.fromisoformat(rows[0].day or ""), today=today)


def _summary_id(channel: str, ts: str) -> str:
    return f"summary:{channel}:{ts}"


def _redraw_key(what: str) -> str:
    """The mark of a card (an alert's key) or a summary (``_summary_id``) a click changed while Slack failed for
    now to redraw it: the next check of its location redraws it (``_redraw_clicked``)."""
    return f"alert-card-due:{what}"


def _owe_redraw(copilot: Copilot, location_id: str | None, key: str) -> None:
    """Remember a card a click could not redraw just now (``_redraw_key``), and have the location's check run at
    the next poll to redraw it."""
    copilot.store.claim_event(key, source="alerts")
    location = next((loc for loc in copilot.known_locations() if loc.id == location_id), None)
    if location is not None:
        copilot.store.release_event(_check_key(copilot, location, copilot.now()))


async def _redraw_clicked(copilot: Copilot, location: Location, report: AlertPass, *, now: datetime) -> None:
    """Redraw the location's live cards and summaries a click changed while Slack failed for now (``_owe_redraw``),
    from their stored rows, as the click would have: never a new card, never a change of the alert's status. The
    mark is released once Slack took the redraw or refused it for good (``REFUSED``); a failure for now counts in
    ``report.failed`` (the next poll checks again)."""
    store = copilot.store
    rows = [row for row in store.alerts(location_id=location.id, statuses=LIVE) if row.view is not None]
    due = [(_redraw_key(row.key), row.key) for row in rows if row.channel and row.ts and store.event_seen(_redraw_key(row.key))]
    summaries = dict.fromkeys((row.channel, row.ts) for row in rows if row.grouped and row.channel and row.ts)
    due += [(key, f"{channel}\n{ts}") for channel, ts in summaries
            if store.event_seen(key := _redraw_key(_summary_id(channel, ts)))]
    for key, what in due:
        # the mark released first and the card drawn from its row as it is now, inside the card's lock: a click
        # landing meanwhile marks it again (its own update failing) or draws it itself after this, never overwritten
        # by an older state (rev45l)
        store.release_event(key)
        rows = _clicked_rows(copilot, location, what)
        if not rows:  # no longer live: nothing to redraw
            continue
        async with _card_lock(rows[0].channel or "", rows[0].ts or ""):
            drawn = _clicked_card_now(copilot, location, what, now=now)
            if drawn is None:
                continue
            channel, ts, message, state = drawn
            updated = await _slack_call(copilot.slack.chat_update, channel=channel, ts=ts, **message.to_kwargs())
            if updated is None:
                _owe_redraw(copilot, location.id, key)
                report.failed += 1
            elif _clicked_state(_clicked_rows(copilot, location, what)) != state:
                # a click changed it while this update was on its way: drawn again next check (its own redraw waits
                # for this one, so this is a spare)
                _owe_redraw(copilot, location.id, key)


def _clicked_rows(copilot: Copilot, location: Location, what: str) -> list[AlertRow]:
    """The live rows of the card (an alert's key) or of the summary's members (``channel\nts``) of ``what``."""
    if "\n" in what:
        channel, ts = what.split("\n", 1)
        return [row for row in copilot.store.alerts(location_id=location.id, statuses=LIVE)
                if row.grouped and row.channel == channel and row.ts == ts]
    row = copilot.store.alert(what)
    return [row] if row is not None and row.status in LIVE and row.channel and row.ts else []


def _clicked_state(rows: Sequence[AlertRow]) -> tuple[Any, ...]:
    """Who handled these rows, and how: what a click changes, compared before and after a redraw's update."""
    return tuple((row.key, row.status, row.acknowledged_by, row.snoozed_until) for row in rows)


def _clicked_card_now(
    copilot: Copilot, location: Location, what: str, *, now: datetime
) -> tuple[str, str, SlackMessage, tuple[Any, ...]] | None:
    """The card (an alert's key) or the summary (``channel\nts``) of ``what`` drawn from the store as it is now, with
    where it stands and its state (``_clicked_state``); None when it is no longer live."""
    rows = [row for row in _clicked_rows(copilot, location, what) if row.view is not None]
    first = rows[0] if rows else None
    if first is None or not (first.channel and first.ts):
        return None
    if "\n" in what:
        message = _clicked_summary(copilot, location, rows, now=now)
    else:
        message = _card_message(copilot, conflict_view(first.view or {}, row=first), first.location_id)
    return first.channel, first.ts, message, _clicked_state(rows)


async def may_handle_alerts(copilot: Copilot, user_id: str) -> bool:
    """Anyone on staff: the front desk (or everyone without an allow-list), managers, or a matched staff member
    (also asked when Slack cannot say just now whether the clicker is a full member of the workspace). A matched
    staff member is asked about as a manager is: one Slack now calls a guest or deactivated is refused (a review
    found a therapist kept as a guest account still acknowledging the front desk's alerts); when Slack cannot say
    just now, or refuses the question, the match stands. MembershipUnknown when Slack could not say just now whether
    the clicker is on the team and no staff match vouches for them: they are asked to try again (a front desk
    member clicking Acknowledge during a Slack blip was told the copilot is only for the spa's team)."""
    unsure: MembershipUnknown | None = None
    try:
        if await copilot.roles.may_use_commands(user_id):
            return True
    except MembershipUnknown as exc:
        unsure = exc
    catalog = await copilot.catalog()
    if await copilot.directory.staff_for(user_id, catalog.staff) is None:
        if unsure is not None:
            raise unsure
        return False
    return await copilot.roles.still_a_member(user_id)


# ---------------------------------------------------------------------------------------------------
# /spa conflicts [date] and ``spa-copilot conflicts``


async def answer_conflicts(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``conflicts [date]``: the day's conflicts at every location (the listener's ``check_command`` has made
    sure the words are at most one day; a day may be several words, ``Dec 3`` or ``next fri``). A location whose
    book the spa system does not give just now is left out, named on a line of its own (``unread_books_line``);
    with none read, the spa system is not answering (``unread_locations_or_raise``)."""
    day_words = one_day("conflicts", command.args)
    catalog = await copilot.catalog()
    if not catalog.locations:
        return blocks.notice_message("The spa system lists no locations.")
    # "today" and "tomorrow" are each location's own, as in /spa today (at 21:30 in Venice it is already
    # tomorrow in SoHo), so the locations may be shown on different dates
    now = copilot.now()
    days, todays = [], []
    for location in catalog.locations:
        today = default_day(copilot.settings, location, now=now)
        todays.append(today)
        days.append(parse_day(day_words, today=today) if day_words else today)
    attempts = await asyncio.gather(
        *(location_conflicts(copilot, catalog, loc, [day]) for loc, day in zip(catalog.locations, days, strict=True)),
        return_exceptions=True,
    )
    down = unread_locations_or_raise(catalog.locations, attempts)
    answered = [
        (location, day, today, attempt)
        for location, day, today, attempt in zip(catalog.locations, days, todays, attempts, strict=True)
        if isinstance(attempt, ConflictRead)
    ]
    locations = [location for location, _, _, _ in answered]
    days, todays = [day for _, day, _, _ in answered], [today for _, _, today, _ in answered]
    reads = [read for _, _, _, read in answered]
    found = [read.conflicts for read in reads]
    unread = sorted({lid for read in reads for lid in read.unread} - {loc.id for loc in down})
    same_day = len(set(days)) == 1
    lines: list[str] = []
    listed = listed_once(list(zip(locations, found, strict=True)))
    entries = [
        ((index, position), location, day, conflict)
        for index, (location, day, conflicts) in enumerate(zip(locations, days, found, strict=True))
        for position, conflict in enumerate(conflicts)  # the engine's order within a location
        if listed[conflict.key] == index
    ]
    # today's clashes whose time has passed (``is_over``, as the alerts have it) are counted, not offered a fix
    over = [entry for entry in entries if entry[2] == todays[entry[0][0]] and is_over(entry[3], now)]
    entries = [entry for entry in entries if entry not in over]
    for _, location, day, conflict in entries:
        when = _when(conflict, location, day, with_day=not same_day, zone=conflict.zones_labelled)
        state = _alert_state_note(copilot.store.alert(conflict.key))
        place = _place(conflict, location, catalog.locations)
        lines.append(f"{when} · {place} · {conflict.title}{state} — {conflict.message} Fix: {conflict.suggested_fix}")
    seen = min(todays)  # a day of another year than the locations' today has its year ("Fri 1 Jan 2027")
    first, last = (blocks.day_label(d, seen_from=seen) for d in (min(days), max(days)))
    shown = first if same_day else f"{first} – {last}"
    footer = plural(len(lines), "conflict")
    empty = f"No conflicts on {shown}."
    if over:  # said once: under the list, or as the empty list's line
        earlier = f"{len(over)} earlier today, now over"
        footer += f"; {earlier}" if lines else ""
        empty = f"No conflicts left on {shown} ({earlier})."
    if unread:  # another location's book failed to read for one location's part: its clashes may be missing
        names = {loc.id: loc.name for loc in catalog.locations}
        footer += f"; clashes with {' and '.join(names.get(lid, lid) for lid in unread)} may be missing (not read just now)"
    if down:  # said on a line of its own, under the count
        footer += f"\n{unread_books_line(down)}"
    return blocks.list_message(f"Conflicts on {shown}", lines, empty=empty, footer=footer)


def unread_locations_or_raise(
    locations: Sequence[Location], attempts: Sequence[ConflictRead | BaseException]
) -> list[Location]:
    """The locations whose own book could not be read for ``/spa conflicts`` (the spa system not answering for
    them): the others' conflicts are listed all the same. When none answered, or a read failed for another reason,
    that failure is raised, so the answer is the one it was before any location was left out."""
    failures = [attempt for attempt in attempts if isinstance(attempt, BaseException)]
    stray = next((failure for failure in failures if not isinstance(failure, PlatformError)), None)
    if stray is not None:
        raise stray
    if failures and len(failures) == len(attempts):
        raise failures[0]
    return [loc for loc, attempt in zip(locations, attempts, strict=True) if isinstance(attempt, BaseException)]


def unread_books_line(down: Sequence[Location]) -> str:
    """The line under ``/spa conflicts`` naming the locations whose book could not be read (by their shown name):
    ``Juniper & Salt Venice's book could not be read just now; its conflicts are not listed.``"""
    names = " and ".join(loc.name for loc in down)
    if len(down) == 1:
        return f"{names}'s book could not be read just now; its conflicts are not listed."
    return f"The books of {names} could not be read just now; their conflicts are not listed."


def listed_once(found: Sequence[tuple[Location, Sequence[Conflict]]]) -> dict[str, int]:
    """By conflict key, the index in ``found`` (each location's conflicts) to list it under: a conflict across
    two locations may be found at both, and is listed once, under the location owning its card when that one
    found it, else under the first that did."""
    chosen: dict[str, int] = {}
    for index, (location, conflicts) in enumerate(found):
        for conflict in conflicts:
            if conflict.key not in chosen or conflict_owner(conflict, location) == location.id:
                chosen[conflict.key] = index
    return chosen


def _alert_state_note(row: AlertRow | None) -> str:
    if row is None or row.status == OPEN:
        return ""
    if row.status == ACKNOWLEDGED:
        return " (acknowledged)"
    if row.status == SNOOZED:
        return " (snoozed)"
    return ""


def conflicts_cli(
    settings: Any,
    *,
    day: date | Callable[[date], date] | None,
    location: str | None,
    as_json: bool,
    now: datetime | None = None,
) -> int:
    """``spa-copilot conflicts [--date D] [--location L] [--json]``: print conflicts; exit code 0, 1 or 2. ``day``: a
    date, or how to read one from each location's today (``--date tomorrow``: each location's own, as ``/spa
    conflicts`` reads it; a ``LookupError`` when the words are no one day there). ``now``
    (the wall clock unless given) picks each location's default day and which of today's clashes are over
    (``is_over``): as ``/spa conflicts`` has it, the text counts those rather than list them with a fix nobody can
    use; the JSON keeps every one, each with ``over`` (true for those)."""
    import json
    import sys

    now = now or datetime.now(UTC)
    try:
        found = asyncio.run(_cli_conflicts(settings, day=day, location=location, now=now))
    except LookupError as exc:
        print(f"spa-copilot: {exc}", file=sys.stderr)
        return 2
    except PlatformError as exc:
        print(f"spa-copilot: the spa platform failed: {exc}", file=sys.stderr)
        return 1
    # a conflict across two locations is listed once, as in /spa conflicts, its time in that location's zone
    listed = listed_once([(loc, conflicts) for loc, _, conflicts in found])

    def over(conflict: Conflict, loc: Location, shown_day: date) -> bool:  # today's whose time has passed
        return shown_day == default_day(settings, loc, now=now) and is_over(conflict, now)

    if as_json:  # the same conflicts, each under the location the text lists it under, its times in that zone
        print(json.dumps([
            _listed_json(conflict, loc) | {"over": over(conflict, loc, shown_day)}
            for index, (loc, shown_day, found_here) in enumerate(found)
            for conflict in found_here
            if listed[conflict.key] == index
        ], indent=2))
        return 0
    for index, (loc, shown_day, found_here) in enumerate(found):
        conflicts = [c for c in found_here if listed[c.key] == index]
        ended = [c for c in conflicts if over(c, loc, shown_day)]
        conflicts = [c for c in conflicts if c not in ended]
        counted = plural(len(conflicts), "conflict")
        if ended:  # counted after the others, in /spa conflicts' words
            earlier = f"{len(ended)} earlier today, now over"
            counted = f"{counted}; {earlier}" if conflicts else f"no conflicts left ({earlier})"
        print(f"{loc.name} — {shown_day:%a} {shown_day.day} {shown_day:%b %Y} ({loc.time_zone}): {counted}")
        for conflict in conflicts:
            print(f"  {_when(conflict, loc, shown_day):>7}  {conflict.title}: {conflict.message}")
            print(f"           fix: {conflict.suggested_fix}")
    return 0


def _when(conflict: Conflict, location: Location, day: date, *, with_day: bool = False, zone: bool = False) -> str:
    """A conflict's start on the location's clock, with its day when asked or when it is not ``day``: a clash across
    midnight is one of both days (``on_days``), and its time says which day it starts on."""
    shown = conflict.headline_at or conflict.start  # a booking run past its shift's end: the booking's own start
    when = blocks.clock(shown, location.time_zone, zone=zone)
    starts_on = shown.astimezone(location.tz).date()
    return f"{blocks.day_label(starts_on)} {when}" if with_day or starts_on != day else when


def _listed_json(conflict: Conflict, location: Location) -> dict[str, Any]:
    """``Conflict.to_json`` as ``spa-copilot conflicts`` lists it under ``location``: that location's id as
    ``locationId`` and its times in that location's zone (``locationIds`` names every location of a clash across
    several; the engine's own ``location_id`` is its earliest booking's)."""
    return conflict.to_json() | {
        "locationId": location.id,
        "start": conflict.start.astimezone(location.tz).isoformat(),
        "end": conflict.end.astimezone(location.tz).isoformat(),
    }


async def _cli_conflicts(
    settings: Any, *, day: date | Callable[[date], date] | None, location: str | None, now: datetime
) -> list[tuple[Location, date, list[Conflict]]]:
    from spa_copilot.reads import load_catalog
    from spa_copilot.world import open_platform

    async with open_platform(settings, clock=lambda: now) as platform:  # its sandbox generated at the same now
        catalog = await load_catalog(platform)
        locations: Iterable[Location] = catalog.locations
        if location:
            locations = [catalog.named_location(location)]
        asked = [
            (loc, day(today) if callable(day) else day or today)
            for loc in locations
            for today in [default_day(settings, loc, now=now)]
        ]
        # each location's day with the days either side (a clash across midnight), as the alerts check reads it; no
        # snapshot here, and a one-off call: every other location's book of the same hours, so a clash of this
        # location's staff booked elsewhere is listed whichever location is asked for. Locations in other zones want
        # other hours: each book is read once over all of them and each check keeps its own hours (startFrom <=
        # startAt < startTo, as the platform filters), not read again for every location asked
        windows = {loc.id: days_around(loc, [shown_day]) for loc, shown_day in asked}
        start, end = min(s for s, _ in windows.values()), max(e for _, e in windows.values())
        books = {other.id: await load_between(platform, other, start, end) for other in catalog.locations}
        results = []
        for loc, shown_day in asked:
            since, until = windows[loc.id]
            appointments = [a for a in books[loc.id] if since <= a.start_at < until]
            elsewhere = [
                a for other in catalog.locations if other.id != loc.id for a in books[other.id] if since <= a.start_at < until
            ]
            found = await named_conflicts(platform, catalog, loc, appointments, elsewhere, days=[shown_day])
            results.append((loc, shown_day, found))
        return results


def register_handler(copilot: Copilot) -> None:
    """Put the alerts check among ``copilot``'s change handlers (once; the scheduler does it for every copilot)."""
    copilot.on_changes(handle_calendar_changes)
