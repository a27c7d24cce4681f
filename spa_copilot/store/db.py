"""The copilot's state in one SQLite file (sqlite-utils, WAL): ids and decisions, never copies of client records.

Tables (see ``MIGRATIONS``): ``snapshot`` (the calendar as last seen, for diffing), ``sync_state`` (per location
cursors and health), ``alerts``, ``proposals``, ``offers``, ``outbox`` (client messages and bookings with their
idempotency keys), ``processed_events`` (webhook/Slack event ids), ``llm_cache``, ``audit``, ``slack_users``, ``text_opt_outs`` (clients who replied STOP),
``kept_updates`` (prep update DMs Slack refused, by appointment: ids and times only), ``kept_notes`` (fill thread
lines Slack refused, until posted), ``known_locations`` (the locations as last read: id, name, time zone).

Every method is keyword-only past its subject and runs in one short transaction; the asyncio callers use it
directly (each call is a few hundred microseconds against a local file).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from copy import copy
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from spa_copilot.domain import Appointment, Location

logger = logging.getLogger(__name__)

#: The end of ``processed_events.source`` while work claimed with ``Store.claim_work`` is not done yet.
IN_FLIGHT = ":in-flight"

#: How long a real add-on body, which has no event id and is known by a hash of itself (the dedupe key
#: ``mangomint:sha256:…``, ``webhooks.body_hash_id``), is taken for a redelivery when it arrives again. A sender's
#: retries come within minutes; the same body later is a new change that happens to read the same (cancelled,
#: restored, cancelled again, with no update stamp in the body), and is handled: the webhook is a hint, so handling
#: it again only re-reads the book, whose diff reports nothing twice. Event ids (the contract's) are remembered for good.
BODY_HASH_DEDUPE_WINDOW = timedelta(minutes=10)
#: The dedupe keys of bodies known only by their hash (``webhooks.webhook_dedupe_key`` of an add-on body).
BODY_HASH_KEY_PREFIX = "mangomint:sha256:"

#: Ordered schema migrations; the database's ``PRAGMA user_version`` is the number applied so far.
#: Append only: never edit a migration that has shipped.
MIGRATIONS: tuple[str, ...] = (
    # 1: the foundation tables
    """
    CREATE TABLE snapshot (
        appointment_id TEXT PRIMARY KEY,
        location_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        status TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        staff_ids TEXT NOT NULL,
        resource_ids TEXT NOT NULL,
        service_ids TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at TEXT
    );
    CREATE INDEX snapshot_location_start ON snapshot (location_id, start_at);
    CREATE TABLE sync_state (
        location_id TEXT PRIMARY KEY,
        cursor TEXT,
        last_poll_at TEXT,
        last_full_sync_at TEXT,
        last_error TEXT,
        failing_since TEXT,
        failure_reported INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE alerts (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        location_id TEXT,
        day TEXT,
        fingerprint TEXT NOT NULL,
        status TEXT NOT NULL,
        channel TEXT,
        ts TEXT,
        snoozed_until TEXT,
        acknowledged_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE proposals (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL UNIQUE,
        location_id TEXT NOT NULL,
        status TEXT NOT NULL,
        opening TEXT NOT NULL,
        candidates TEXT NOT NULL,
        current_index INTEGER NOT NULL DEFAULT 0,
        draft TEXT,
        draft_engine TEXT,
        channel TEXT,
        ts TEXT,
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE offers (
        id TEXT PRIMARY KEY,
        proposal_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        waitlist_entry_id TEXT,
        status TEXT NOT NULL,
        outbox_key TEXT,
        approved_by TEXT,
        sent_at TEXT,
        expires_at TEXT,
        booked_appointment_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX offers_client ON offers (client_id, status);
    CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        result TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX outbox_status ON outbox (status);
    CREATE TABLE processed_events (
        event_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE TABLE llm_cache (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        task TEXT NOT NULL,
        model TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        engine TEXT,
        details TEXT NOT NULL
    );
    CREATE INDEX audit_at ON audit (at);
    CREATE TABLE slack_users (
        staff_id TEXT PRIMARY KEY,
        slack_user_id TEXT,
        looked_up_at TEXT NOT NULL
    );
    """,
    # 2: conflict alerts remember what their card shows, whether they sit in a burst summary, and when handled
    """
    ALTER TABLE alerts ADD COLUMN view TEXT;
    ALTER TABLE alerts ADD COLUMN grouped INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE alerts ADD COLUMN handled_at TEXT;
    CREATE INDEX alerts_location_day ON alerts (location_id, day);
    """,
    # 3: fill proposals carry a draft revision (stale clicks are refused), a kind (fill or reply), a parent
    # (a reply proposal's fill proposal) and the candidates flagged for review; offers are found by expiry
    """
    ALTER TABLE proposals ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE proposals ADD COLUMN kind TEXT NOT NULL DEFAULT 'fill';
    ALTER TABLE proposals ADD COLUMN parent_id TEXT;
    ALTER TABLE proposals ADD COLUMN flagged TEXT;
    CREATE INDEX offers_status_expiry ON offers (status, expires_at);
    """,
    # 4: an outbox item is claimed ("sending", with a lease) before it is sent, so a re-drive and a click never
    # send it at the same time; a lease that runs out (the process died mid-send) makes it due again
    """
    ALTER TABLE outbox ADD COLUMN lease_until TEXT;
    """,
    # 5: a location in a reported sync outage keeps when it started failing after it recovers, so the recovery
    # message, posted when the last location of the outage clears, names each with its own time
    """
    ALTER TABLE sync_state ADD COLUMN outage_since TEXT;
    """,
    # 6: a Slack match remembers the email it was looked up by, so a staff member whose email changed is looked
    # up again at once instead of keeping the old match for a day
    """
    ALTER TABLE slack_users ADD COLUMN email TEXT;
    """,
    # 7: clients who replied STOP to one of the copilot's texts (ids only): never offered a slot by text again,
    # whatever the platform's consent says meanwhile, until they text START
    """
    CREATE TABLE text_opt_outs (
        client_id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        message_id TEXT
    );
    """,
    # 8: a fill card Slack would not redraw (chat.update failed) is marked, so the expiry job redraws it
    """
    ALTER TABLE proposals ADD COLUMN card_stale INTEGER NOT NULL DEFAULT 0;
    """,
    # 9: a booked fill proposal keeps what its YES booked (JSON: the appointment id, client, service, therapist,
    # start and end), so the card says it from data; proposals booked before keep NULL and their sentence (reason)
    """
    ALTER TABLE proposals ADD COLUMN booked TEXT;
    """,
    # 10: a guest's YES within the hold is recorded when it arrives (its time and message id), so a YES whose
    # re-check could not run (the spa system down, the process stopped) is taken up again, never lost
    """
    ALTER TABLE offers ADD COLUMN yes_at TEXT;
    ALTER TABLE offers ADD COLUMN yes_message_id TEXT;
    """,
    # 11: a prep update DM Slack refused is kept (the booking as the therapist was told of it: ids and times only)
    # and tried again by the prep check until the appointment ends; the change itself is past by then
    """
    CREATE TABLE kept_updates (
        appointment_id TEXT PRIMARY KEY,
        location_id TEXT NOT NULL,
        told TEXT NOT NULL,
        until TEXT NOT NULL,
        kept_at TEXT NOT NULL
    );
    """,
    # 12: a line for a fill card's thread Slack refused (a guest's reply quoted as the thread shows it, masked; an
    # outcome) is kept, by the claim that says it once, and posted by a later try in its order; dropped once posted
    """
    CREATE TABLE kept_notes (
        claim TEXT PRIMARY KEY,
        proposal_id TEXT NOT NULL,
        text TEXT NOT NULL,
        kept_at TEXT NOT NULL
    );
    CREATE INDEX kept_notes_proposal ON kept_notes (proposal_id);
    """,
    # 13: what each therapist was last told of a booking in a prep DM or an update (ids, their part's start, and a
    # digest of what it said of the guest: no note text), so a change to their own part of a visit, to the booking's
    # note or to its guest is told to them once
    """
    CREATE TABLE prep_told (
        appointment_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        told TEXT NOT NULL,
        told_at TEXT NOT NULL,
        PRIMARY KEY (appointment_id, staff_id)
    );
    """,
    # 14: the changes a sync found and saved in the snapshot, still to be handed to the change handlers (alerts,
    # briefings, fill): recorded with the snapshot, dropped once the handlers ran, replayed by the next sync of the
    # location when a stop or a crash came in between (ids and times only: the appointment is read again)
    """
    CREATE TABLE pending_changes (
        location_id TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        previous TEXT,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (location_id, appointment_id, kind)
    );
    """,
    # 15: each sync's change kept as its own step (a second stop before the handlers ran no longer folds it into the
    # first one's), with the booking as that sync handed it to the handlers (ids and times: no notes, no reasons)
    # and its version, which their claims are keyed on: a replay hands each step again exactly as it was handed
    """
    CREATE TABLE pending_steps (
        location_id TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        previous TEXT,
        handed TEXT,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (location_id, appointment_id, kind, version)
    );
    INSERT INTO pending_steps
        SELECT location_id, appointment_id, kind, COALESCE(json_extract(previous, '$.version'), -1), previous, NULL,
               recorded_at
        FROM pending_changes ORDER BY recorded_at, rowid;
    DROP TABLE pending_changes;
    ALTER TABLE pending_steps RENAME TO pending_changes;
    """,
    # 16: which change handlers finished each pending step (JSON: handler -> "done"), so a replay catches each
    # handler up from the first step it did not finish (``scheduler._replay_plan``)
    """
    ALTER TABLE pending_changes ADD COLUMN handlers TEXT;
    """,
    # 17: the hour a booking left when it moved to the sister location is claimed as its own opening,
    # ``<appointment id>@<location id>`` (``fill.proposing.opening_claim``), not under the appointment's id, which a
    # cancellation at the location it moved to claims: a card kept by an older version is re-keyed so (one whose
    # claim has passed to a later proposal, ``…#<its id>``, is left as it is)
    """
    UPDATE proposals SET appointment_id = appointment_id || '@' || location_id
    WHERE kind = 'fill' AND json_extract(opening, '$.moved_to') IS NOT NULL
      AND instr(appointment_id, '#') = 0 AND instr(appointment_id, '@') = 0;
    """,
    # 18: Slack matches remembered by a version that did not ask whether the user is of the spa's own workspace (a
    # user of another organisation met over Slack Connect matched) are forgotten, so each is asked about again
    # before it is used: while Slack cannot be asked, such a match would have stood as the "last known" one
    """
    DELETE FROM slack_users WHERE slack_user_id IS NOT NULL;
    """,
    # 19: an opt-out keeps when its STOP was sent (the guest's message's own time; a staff member's, when recorded),
    # so a START she sent before it, delivered after it (webhooks are retried, never in order), does not clear it.
    # Opt-outs recorded before keep NULL: their recording time stands for it
    """
    ALTER TABLE text_opt_outs ADD COLUMN said_at TEXT;
    """,
    # 20: an offer her "No" declined keeps when she sent it, so a YES she sent before it, delivered after it, is not
    # said to come after it (offers declined before keep NULL, read as before)
    """
    ALTER TABLE offers ADD COLUMN answered_at TEXT;
    """,
    # 21: the spa's locations as last read (id, name, time zone and their order; nothing of any client), so a process
    # started while the spa system cannot be read still names them and speaks in their zones (the outage note)
    """
    CREATE TABLE known_locations (
        location_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        read_at TEXT NOT NULL
    );
    """,
)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _email_key(email: str | None) -> str:
    return (email or "").strip().lower()


@dataclass(frozen=True)
class SnapshotRow:
    """What the copilot remembers of one appointment between polls: ids, times, status and version."""

    appointment_id: str
    location_id: str
    client_id: str
    status: str
    start_at: str
    end_at: str
    staff_ids: tuple[str, ...]
    resource_ids: tuple[str, ...]
    service_ids: tuple[str, ...]
    version: int
    updated_at: str | None = None


@dataclass(frozen=True)
class PendingStep:
    """One change a sync recorded for its location's handlers and they have not finished with: the snapshot row before
    it and the appointment as the sync handed it (ids, times, status, version; None for a removal, a move away and a
    step recorded before migration 15), recorded at its sync's time (``recorded_at``, shared by that sync's steps)."""

    appointment_id: str
    kind: str
    previous: SnapshotRow | None
    handed: Appointment | None
    recorded_at: str
    version: int = -1
    handlers: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, int]:
        """What the store knows it by, beside its location: (appointment id, kind, version)."""
        return (self.appointment_id, self.kind, self.version)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    subject_id: str
    engine: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class AlertRow:
    """A conflict alert as remembered: its stable key, where its Slack message is, and its state."""

    key: str
    kind: str
    location_id: str | None
    day: str | None
    fingerprint: str
    status: str  # open | acknowledged | snoozed | resolved | expired
    channel: str | None
    ts: str | None
    snoozed_until: str | None
    acknowledged_by: str | None
    view: dict[str, Any] | None
    grouped: bool
    handled_at: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class OutboxItem:
    key: str
    kind: str
    subject_id: str
    payload: dict[str, Any]
    status: str
    attempts: int
    result: dict[str, Any] | None
    #: why the last try did not settle it (an error's name, "superseded", …), or None
    last_error: str | None = None


def _enable_wal(db: sqlite_utils.Database, patience: float = 10.0) -> None:
    """Switch the file to WAL, waiting while another process holds it.

    SQLite answers "database is locked" at once, without its busy handler, when two connections both reading a
    new file want to change its journal mode (waiting could deadlock), so the switch is tried again here.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _create_owner_only(path: Path) -> None:
    """Create a new database file readable and writable by its owner only (0600; SQLite gives its ``-wal`` and
    ``-shm`` files the same mode): it holds clients' ids, drafted texts with their first names and cached model
    results drawn from their notes, and SQLite would create it readable by every user of the machine (0644).
    A file already there keeps its mode (the IT person's to set); one that cannot be created is left to SQLite
    to report."""
    if str(path) == ":memory:":
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass


class StoreError(RuntimeError):
    """The state database cannot be used as it is (for example, written by a newer copilot)."""


class Store:
    """The SQLite state store. Open it with ``Store.open(path)`` or ``Store.memory()`` in tests."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.migrate()

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (creating if needed) the database file, in WAL mode, migrated to the latest schema."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_owner_only(path)
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        db = sqlite_utils.Database(conn)
        try:
            _enable_wal(db)
        except sqlite3.DatabaseError as exc:  # not SQLite, damaged, read-only, locked: one line, not a traceback
            conn.close()
            advice = (
                "check that this user can write it and its folder"
                if isinstance(exc, sqlite3.OperationalError)
                else "point SPA_DB_PATH at another file"
            )
            raise StoreError(f"the state database {path} cannot be used ({exc}): {advice}") from exc
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        try:
            return cls(db)
        except StoreError:
            conn.close()
            raise

    @classmethod
    def memory(cls) -> Store:
        """An in-memory store (tests)."""
        return cls(sqlite_utils.Database(sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)))

    def close(self) -> None:
        self.db.close()

    # -- schema ---------------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> int:
        """Apply pending migrations, each in its own transaction; returns how many were applied.

        The version is read again inside each write transaction, so two processes opening a new database at
        once apply each migration once. A database written by a newer copilot is refused, not misread.
        """
        if self.schema_version > len(MIGRATIONS):
            raise StoreError(
                f"the state database is at schema {self.schema_version}, newer than this copilot knows "
                f"({len(MIGRATIONS)}): upgrade spa-copilot or point SPA_DB_PATH at another file"
            )
        applied = 0
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= self.schema_version:
                continue
            with self._transaction():
                if number <= self.schema_version:  # another process applied it while we waited for the lock
                    continue
                for statement in (s.strip() for s in script.split(";")):
                    if statement:
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
            applied += 1
        if applied:  # one line, not one per migration (twenty on a first start)
            logger.info("store migrated to schema %d (%d step%s)", self.schema_version, applied, "" if applied == 1 else "s")
        return applied

    def transaction(self) -> AbstractContextManager[None]:
        """Several writes that stand or fall together (nested: the outer transaction decides)."""
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        conn = self.db.conn
        if conn.in_transaction:  # nested: the outer transaction decides
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- processed events (webhooks, Slack retries) ---------------------------------------------------

    def claim_event(self, event_id: str, *, source: str) -> bool:
        """Record an event id; True the first time it is seen, False for every replay.

        A body known by its hash (``BODY_HASH_KEY_PREFIX``) is a replay only within ``BODY_HASH_DEDUPE_WINDOW`` of
        when it was last claimed: later, it is claimed again (True), and the window runs from then."""
        if not event_id.startswith(BODY_HASH_KEY_PREFIX):
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO processed_events (event_id, source, received_at) VALUES (?, ?, ?)",
                [event_id, source, _now()],
            )
            return cursor.rowcount == 1
        now = datetime.now(UTC)
        cursor = self.db.execute(
            "INSERT INTO processed_events (event_id, source, received_at) VALUES (?, ?, ?)"
            " ON CONFLICT (event_id) DO UPDATE SET source = excluded.source, received_at = excluded.received_at"
            " WHERE processed_events.received_at < ?",
            [event_id, source, _utc(now), _utc(now - BODY_HASH_DEDUPE_WINDOW)],
        )
        return cursor.rowcount == 1

    def release_event(self, event_id: str, *, claimed_at: datetime | None = None) -> bool:
        """Forget a claimed event id, so the work it guarded can be tried again (after a failure); True when forgotten.

        With ``claimed_at`` (the ``at`` the caller gave ``claim_work``) only the caller's own claim, still in flight,
        is forgotten: one another process took over after the lease ran out is left to it."""
        if claimed_at is None:
            return self.db.execute("DELETE FROM processed_events WHERE event_id = ?", [event_id]).rowcount == 1
        return self.db.execute(
            "DELETE FROM processed_events WHERE event_id = ? AND received_at = ? AND source LIKE ?",
            [event_id, _utc(claimed_at), f"%{IN_FLIGHT}"],
        ).rowcount == 1

    def event_seen(self, event_id: str) -> bool:
        """True when the event id was already processed (a body known by its hash: within
        ``BODY_HASH_DEDUPE_WINDOW`` of when it was, see ``claim_event``)."""
        if not event_id.startswith(BODY_HASH_KEY_PREFIX):
            return self.db.execute("SELECT 1 FROM processed_events WHERE event_id = ?", [event_id]).fetchone() is not None
        cutoff = _utc(datetime.now(UTC) - BODY_HASH_DEDUPE_WINDOW)
        return self.db.execute(
            "SELECT 1 FROM processed_events WHERE event_id = ? AND received_at >= ?", [event_id, cutoff]
        ).fetchone() is not None

    def event(self, event_id: str) -> tuple[str, datetime] | None:
        """A claimed event id's ``source`` and when it was claimed (``received_at``), or None when it is not."""
        row = self.db.execute(
            "SELECT source, received_at FROM processed_events WHERE event_id = ?", [event_id]
        ).fetchone()
        return (row[0], datetime.fromisoformat(row[1])) if row else None

    # -- work done at most once (a DM), claimed under a lease until it is done ------------------------
    #
    # A claim of such work is a ``processed_events`` row whose source ends in ``IN_FLIGHT`` until ``finish_work``
    # drops the suffix; ``received_at`` is when it was claimed. A row without the suffix (every claim made by
    # ``claim_event``, and by versions before this one) is done.

    def claim_work(self, key: str, *, source: str, at: datetime, lease: timedelta) -> bool:
        """Claim work to be done once (a DM); True when the caller is to do it now: nobody has claimed it, or
        its claim was never finished (the process that took it died before ``finish_work`` or ``release_event``)
        and was taken more than ``lease`` before ``at``. A caller that cannot do it releases it (``release_event``).
        ``at`` is the claim's token: given back to ``finish_work``/``release_event`` as ``claimed_at``, a caller
        whose claim was taken over meanwhile does not finish or release the new holder's."""
        in_flight = source + IN_FLIGHT
        with self._transaction():
            inserted = self.db.execute(
                "INSERT OR IGNORE INTO processed_events (event_id, source, received_at) VALUES (?, ?, ?)",
                [key, in_flight, _utc(at)],
            )
            if inserted.rowcount == 1:
                return True
            taken_over = self.db.execute(
                "UPDATE processed_events SET received_at = ? WHERE event_id = ? AND source = ? AND received_at < ?",
                [_utc(at), key, in_flight, _utc(at - lease)],
            )
            return taken_over.rowcount == 1

    def finish_work(self, key: str, *, source: str, claimed_at: datetime | None = None) -> bool:
        """Record claimed work as done: it is never claimed again; True when this call recorded it.

        With ``claimed_at`` (the ``at`` the caller gave ``claim_work``) only the caller's own claim is finished: one
        another process took over after the lease ran out is that process's to finish or release."""
        if claimed_at is None:
            return self.db.execute("UPDATE processed_events SET source = ? WHERE event_id = ?", [source, key]).rowcount == 1
        return self.db.execute(
            "UPDATE processed_events SET source = ? WHERE event_id = ? AND source = ? AND received_at = ?",
            [source, key, source + IN_FLIGHT, _utc(claimed_at)],
        ).rowcount == 1

    def reclaim_work(self, *, now: datetime, lease: timedelta) -> int:
        """End the lease of every claim still in flight (a process starting: ``spa-copilot run`` holds the database
        alone, so the process that took them is gone), so the next ``claim_work`` at ``now`` or later with ``lease``
        takes them over at once instead of after their lease; returns how many. Without it a DM whose process was
        killed mid-send waited out its lease, and a morning briefing claimed in the last minutes of its window was
        never sent."""
        lapsed = _utc(now - lease - timedelta(seconds=1))
        return self.db.execute(
            "UPDATE processed_events SET received_at = ? WHERE source LIKE ? AND received_at > ?",
            [lapsed, f"%{IN_FLIGHT}", lapsed],
        ).rowcount

    def keep_update(self, told: SnapshotRow, *, until: datetime, at: datetime) -> bool:
        """Keep a prep update that could not be sent: ``told`` is the booking as its therapists were told of it (ids
        and times, as the snapshot keeps them). The first one kept for an appointment stays: it is what they last
        heard. False when one was kept for it already (this one is not)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO kept_updates (appointment_id, location_id, told, until, kept_at) VALUES (?, ?, ?, ?, ?)",
            [told.appointment_id, told.location_id, json.dumps(asdict(told)), _utc(until), _utc(at)],
        )
        return cursor.rowcount == 1

    def kept_updates(self) -> list[tuple[SnapshotRow, datetime]]:
        """Every kept prep update: the booking as told, and until when it matters (the appointment's end)."""
        kept = []
        for row in self.db.query("SELECT told, until FROM kept_updates ORDER BY kept_at"):
            told = json.loads(row["told"])
            for name in ("staff_ids", "resource_ids", "service_ids"):
                told[name] = tuple(told[name])
            kept.append((SnapshotRow(**told), datetime.fromisoformat(row["until"])))
        return kept

    def drop_update(self, appointment_id: str) -> None:
        """Forget a kept prep update: sent, or its appointment is over."""
        self.db.execute("DELETE FROM kept_updates WHERE appointment_id = ?", [appointment_id])

    def remember_told(self, appointment_id: str, staff_id: str, told: Mapping[str, Any], *, at: datetime) -> None:
        """Remember what a therapist was just told of a booking (``told``: ids, times and a digest; never a note's
        text), replacing what they were told before."""
        self.db.execute(
            "INSERT INTO prep_told (appointment_id, staff_id, told, told_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (appointment_id, staff_id) DO UPDATE SET told = excluded.told, told_at = excluded.told_at",
            [appointment_id, staff_id, json.dumps(dict(told), sort_keys=True), _utc(at)],
        )

    def release_told(self, appointment_id: str, staff_id: str, *, version: int, cancelled: bool) -> None:
        """A therapist was told at the booking's ``version`` that it is no longer theirs (``cancelled``, or gone or
        another's): their told record is kept (an update when it comes back to them says what changed since) but no
        longer holds it as theirs (``told_staff``), until they are told of it as theirs again (``remember_told``)."""
        self.db.execute(
            "UPDATE prep_told SET told = json_set(told, '$.released', ?, '$.released_cancelled', json(?))"
            " WHERE appointment_id = ? AND staff_id = ?",
            [version, "true" if cancelled else "false", appointment_id, staff_id])

    def told_staff(self, appointment_id: str, *, after_version: int, after_moment: datetime | None) -> list[str]:
        """The staff told of a booking as theirs (``remember_told``; not since told it is no longer theirs) at a
        version of it after ``after_version`` (the spa system's numbering: no clock to disagree), by id; a record
        kept before versions were (52b2e85) counts when it was kept after ``after_moment`` (the booking's update
        stamp: the spa system's clock against the copilot's, the best there is for it)."""
        moment = _utc(after_moment) if after_moment is not None else None
        return [row[0] for row in self.db.execute(
            "SELECT staff_id FROM prep_told WHERE appointment_id = ? AND json_extract(told, '$.released') IS NULL"
            " AND (json_extract(told, '$.version') > ? OR (json_extract(told, '$.version') IS NULL AND told_at > ?))"
            " ORDER BY staff_id", [appointment_id, after_version, moment])]

    def told_rows(self, appointment_id: str) -> dict[str, dict[str, Any]]:
        """Every told record of a booking (``remember_told``), by staff id: those since told it is no longer theirs
        (``release_told``) included."""
        return {row[0]: json.loads(row[1]) for row in self.db.execute(
            "SELECT staff_id, told FROM prep_told WHERE appointment_id = ? ORDER BY staff_id", [appointment_id])}

    def released(self, appointment_id: str, staff_id: str) -> tuple[int, bool] | None:
        """The version of the booking at which the therapist was told it is no longer theirs, and whether it was
        cancelled then, since they were last told of it as theirs; None when they were not."""
        told = self.told(appointment_id, staff_id) or {}
        version = told.get("released")
        if version is None or isinstance(version, bool):
            return None
        return int(version), bool(told.get("released_cancelled"))

    def told(self, appointment_id: str, staff_id: str) -> dict[str, Any] | None:
        """What a therapist was last told of a booking (``remember_told``), or None."""
        row = self.db.execute(
            "SELECT told FROM prep_told WHERE appointment_id = ? AND staff_id = ?", [appointment_id, staff_id]
        ).fetchone()
        return json.loads(row[0]) if row else None

    def keep_note(self, claim: str, *, proposal_id: str, text: str, at: datetime) -> bool:
        """Keep a line for the thread of ``proposal_id``'s card until it is posted (``drop_note``); ``claim`` names it
        (the first one kept under a claim stays). True when this call kept it."""
        return self.db.execute(
            "INSERT OR IGNORE INTO kept_notes (claim, proposal_id, text, kept_at) VALUES (?, ?, ?, ?)",
            [claim, proposal_id, text, _utc(at)],
        ).rowcount == 1

    def kept_notes(self, *, proposal_id: str | None = None) -> list[dict[str, Any]]:
        """The kept thread lines (of one card's thread, or all), oldest first: ``claim``, ``proposal_id``, ``text``,
        ``kept_at``."""
        sql, params = "SELECT claim, proposal_id, text, kept_at FROM kept_notes", []
        if proposal_id is not None:
            sql, params = sql + " WHERE proposal_id = ?", [proposal_id]
        return [dict(row) for row in self.db.query(sql + " ORDER BY rowid", params)]

    def drop_note(self, claim: str) -> bool:
        """Forget a kept thread line (posted, or too old to post); True when it was kept."""
        return self.db.execute("DELETE FROM kept_notes WHERE claim = ?", [claim]).rowcount == 1

    def work_done(self, key: str) -> bool:
        """True when the work was done (claimed and finished, or claimed with ``claim_event``)."""
        row = self.db.execute("SELECT source FROM processed_events WHERE event_id = ?", [key]).fetchone()
        return row is not None and not row[0].endswith(IN_FLIGHT)

    def last_event_at(self, *, source: str) -> datetime | None:
        """When the newest event from ``source`` arrived, or None."""
        row = self.db.execute("SELECT MAX(received_at) FROM processed_events WHERE source = ?", [source]).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def open_counts(self) -> dict[str, int]:
        """How many fill proposals wait for a manager and how many conflict alerts are open."""
        pending = self.db.execute("SELECT COUNT(*) FROM proposals WHERE status = 'pending'").fetchone()[0]
        conflicts = self.db.execute("SELECT COUNT(*) FROM alerts WHERE status = 'open'").fetchone()[0]
        return {"pending_approvals": pending, "open_conflicts": conflicts}

    def pending_proposals(self) -> list[dict[str, Any]]:
        """Fill proposals waiting for a manager: id and a one-line summary, oldest first."""
        rows = self.db.query(
            "SELECT id, kind, appointment_id, opening FROM proposals WHERE status = 'pending' ORDER BY created_at"
        )
        summaries = []
        for row in rows:
            summary = json.loads(row["opening"]).get("summary", row["appointment_id"])
            summaries.append({"id": row["id"], "summary": f"Fill {summary}" if row["kind"] == "fill" else summary})
        return summaries

    # -- calendar snapshot ----------------------------------------------------------------------------

    def snapshot(self, *, location_id: str) -> dict[str, SnapshotRow]:
        """Every remembered appointment at a location, by id (read whole at each poll and prep check: its rows are
        read as tuples, in ``SnapshotRow``'s order, not as dictionaries)."""
        rows = self.db.execute(f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshot WHERE location_id = ?", [location_id])
        return {row[0]: _snapshot_row(row) for row in rows}

    def snapshot_row(self, appointment_id: str) -> SnapshotRow | None:
        row = self.db.execute(f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshot WHERE appointment_id = ?", [appointment_id]).fetchone()
        return _snapshot_row(row) if row else None

    def save_snapshot(
        self,
        rows: Sequence[SnapshotRow],
        *,
        forget: Sequence[str] = (),
        forget_at: str | None = None,
        pending: Sequence[tuple[str, str, str, SnapshotRow | None] | tuple[str, str, str, SnapshotRow | None, Appointment | None]] = (),
    ) -> None:
        """Upsert rows and delete forgotten ids, and record the ``pending`` changes (location id, appointment id,
        kind, the snapshot row before, and the appointment as handed to the handlers: None for a removal) still to
        be handled (``pending_changes``), in one transaction: each sync's change is a step of its own, however many
        an appointment has pending (``pending_steps``).

        With ``forget_at`` (a location's sync, forgetting rows of its own) a forgotten id is deleted only while that
        location holds it: the table holds each appointment once, by id, and another location's sync may have saved
        it there meanwhile (moved there), a row that location keeps."""
        stamp = _now()  # one per sync
        with self._transaction():
            for location_id, appointment_id, kind, previous, *rest in pending:
                handed = rest[0] if rest else None
                version = step_version(previous, handed)
                self.db.execute(
                    "INSERT OR IGNORE INTO pending_changes (location_id, appointment_id, kind, version, previous, handed,"
                    " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [location_id, appointment_id, kind, version, json.dumps(asdict(previous)) if previous else None,
                     json.dumps(_handed_form(handed)) if handed is not None else None, stamp],
                )
            for row in rows:
                self.db.execute(
                    "INSERT OR REPLACE INTO snapshot VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        row.appointment_id,
                        row.location_id,
                        row.client_id,
                        row.status,
                        row.start_at,
                        row.end_at,
                        json.dumps(list(row.staff_ids)),
                        json.dumps(list(row.resource_ids)),
                        json.dumps(list(row.service_ids)),
                        row.version,
                        row.updated_at,
                    ],
                )
            for appointment_id in forget:
                if forget_at is None:
                    self.db.execute("DELETE FROM snapshot WHERE appointment_id = ?", [appointment_id])
                else:
                    self.db.execute(
                        "DELETE FROM snapshot WHERE appointment_id = ? AND location_id = ?",
                        [appointment_id, forget_at],
                    )

    def pending_changes(self, location_id: str) -> list[tuple[str, str, SnapshotRow | None]]:
        """The changes syncs of the location recorded and its handlers have not finished with, as (appointment id,
        kind, the snapshot row before), oldest first."""
        return [(step.appointment_id, step.kind, step.previous) for step in self.pending_steps(location_id)]

    def pending_steps(self, location_id: str) -> list[PendingStep]:
        """The changes syncs of the location recorded and its handlers have not finished with, oldest first, each as
        its sync handed it (``PendingStep``)."""
        rows = self.db.query(
            # in the order they were recorded (a clock set back between two processes does not reorder them)
            "SELECT * FROM pending_changes WHERE location_id = ? ORDER BY rowid", [location_id]
        )
        return [
            PendingStep(
                appointment_id=row["appointment_id"],
                kind=row["kind"],
                previous=_snapshot_row_from_json(row["previous"]) if row["previous"] else None,
                handed=Appointment.model_validate_json(row["handed"]) if row["handed"] else None,
                recorded_at=row["recorded_at"],
                version=row["version"],
                handlers=json.loads(row["handlers"]) if row["handlers"] else {},
            )
            for row in rows
        ]

    def mark_pending_steps(self, location_id: str, keys: Iterable[tuple[str, str, int]], handler: str) -> None:
        """Note that change handler ``handler`` finished the steps ``keys`` (``PendingStep.key``) of the location."""
        path = "$." + json.dumps(handler)  # a JSON path to the handler's key, quoted (it holds dots)
        with self._transaction():
            self.db.conn.executemany(
                "UPDATE pending_changes SET handlers = json_set(COALESCE(handlers, '{}'), ?, 'done')"
                " WHERE location_id = ? AND appointment_id = ? AND kind = ? AND version = ?",
                [(path, location_id, *key) for key in set(keys)],
            )

    def clear_pending_steps(self, location_id: str, keys: Iterable[tuple[str, str, int]]) -> None:
        """Every handler ran on these steps (``PendingStep.key``) of the location: they are no longer pending. A step
        recorded meanwhile (a move to another location, seen by its sync) is kept."""
        with self._transaction():
            for appointment_id, kind, version in set(keys):
                self.db.execute(
                    "DELETE FROM pending_changes WHERE location_id = ? AND appointment_id = ? AND kind = ? AND version = ?",
                    [location_id, appointment_id, kind, version],
                )

    def expire_pending_changes(self, *, recorded_before: datetime) -> list[tuple[str, str]]:
        """Drop the pending changes recorded before ``recorded_before`` that a later sync of their location tried to
        replay (its ``last_poll_at`` after the change was recorded) and kept, their appointment's read failing: such
        a one is otherwise kept, and warned of, for ever. One no sync has tried yet (the copilot stopped for days,
        the spa system down since it started again) is kept for its replay. The (location id, appointment id) pairs
        dropped."""
        dropped: set[tuple[str, str]] = set()
        with self._transaction():
            polled = {row["location_id"]: row["last_poll_at"] for row in self.db.query(
                "SELECT location_id, last_poll_at FROM sync_state")}
            for row in list(self.db.query("SELECT location_id, appointment_id, recorded_at FROM pending_changes")):
                try:
                    recorded = datetime.fromisoformat(row["recorded_at"])
                    last_poll = polled.get(row["location_id"])
                    old = recorded < recorded_before and last_poll is not None and datetime.fromisoformat(last_poll) > recorded
                except (ValueError, TypeError):  # a stamp this version cannot read
                    old = True
                if old:
                    dropped.add((row["location_id"], row["appointment_id"]))
            for location_id, appointment_id in dropped:
                self.db.execute(
                    "DELETE FROM pending_changes WHERE location_id = ? AND appointment_id = ?", [location_id, appointment_id]
                )
        return sorted(dropped)

    def drop_pending_changes(self, location_id: str) -> int:
        """Forget every pending change of a location (its removal from the spa system confirmed); how many."""
        return self.db.execute("DELETE FROM pending_changes WHERE location_id = ?", [location_id]).rowcount

    # -- sync state -----------------------------------------------------------------------------------

    def sync_state(self, location_id: str) -> dict[str, Any]:
        """The location's sync cursor and health (empty values when never synced)."""
        rows = list(self.db.query("SELECT * FROM sync_state WHERE location_id = ?", [location_id]))
        if rows:
            return rows[0]
        return {
            "location_id": location_id,
            "cursor": None,
            "last_poll_at": None,
            "last_full_sync_at": None,
            "last_error": None,
            "failing_since": None,
            "failure_reported": 0,
            "outage_since": None,
        }

    def all_sync_states(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM sync_state ORDER BY location_id"))

    def update_sync_state(self, location_id: str, **changes: Any) -> None:
        """Set some of: cursor, last_poll_at, last_full_sync_at, last_error, failing_since, failure_reported,
        outage_since."""
        state = self.sync_state(location_id) | changes
        self.db["sync_state"].upsert(state, pk="location_id")

    # -- the locations as last read -----------------------------------------------------------------------

    def remember_locations(self, locations: Sequence[Location], *, at: datetime) -> bool:
        """Keep the locations a read of the spa system listed, in its order, in place of those kept before (a
        location it no longer lists is forgotten); True when that changed what was kept (the same list is not
        written again)."""
        wanted = [(loc.id, loc.name, loc.time_zone) for loc in locations]
        with self._transaction():
            kept = [
                tuple(row)
                for row in self.db.execute("SELECT location_id, name, time_zone FROM known_locations ORDER BY position")
            ]
            if kept == wanted:
                return False
            self.db.execute("DELETE FROM known_locations")
            self.db.conn.executemany(
                "INSERT INTO known_locations (location_id, position, name, time_zone, read_at) VALUES (?, ?, ?, ?, ?)",
                [(lid, position, name, zone, _utc(at)) for position, (lid, name, zone) in enumerate(wanted)],
            )
        return True

    def remembered_locations(self) -> list[Location]:
        """The locations as last read, in the read's order (``remember_locations``; empty if never read), with their
        ids, names and zones only; one whose zone this system no longer knows is left out (logged by id)."""
        rows = self.db.execute("SELECT location_id, name, time_zone FROM known_locations ORDER BY position")
        locations = []
        for location_id, name, zone in rows:
            try:
                locations.append(Location(id=location_id, name=name, time_zone=zone))
            except ValueError:  # pydantic's ValidationError is a ValueError
                logger.warning("kept location %s left out: its time zone is not known here", location_id)
        return locations

    # -- LLM cache ------------------------------------------------------------------------------------

    def cache_get(self, key: str) -> str | None:
        """A cached model result, or None."""
        row = self.db.execute("SELECT value FROM llm_cache WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def cache_put(self, key: str, value: str, *, task: str, model: str) -> None:
        """Remember a model result under its input hash."""
        self.db.execute(
            "INSERT OR REPLACE INTO llm_cache (key, value, task, model, created_at) VALUES (?, ?, ?, ?, ?)",
            [key, value, task, model, _now()],
        )

    # -- housekeeping ---------------------------------------------------------------------------------

    def prune(self, *, before: datetime) -> dict[str, int]:
        """Forget processed event ids and cached model results recorded before ``before``; how many of each (what
        therapists were told of bookings before it, ``remember_told``, is forgotten too, uncounted).

        Both only grow otherwise, and the cache holds text derived from clients' notes. The audit log, alerts,
        proposals, offers and the outbox are records of what was decided and sent: they are kept.
        """
        cutoff = _utc(before)
        with self._transaction():
            events = self.db.execute("DELETE FROM processed_events WHERE received_at < ?", [cutoff]).rowcount
            cached = self.db.execute("DELETE FROM llm_cache WHERE created_at < ?", [cutoff]).rowcount
            self.db.execute("DELETE FROM prep_told WHERE told_at < ?", [cutoff])  # long past bookings: not counted
        return {"processed_events": events, "llm_cache": cached}

    # -- audit ----------------------------------------------------------------------------------------

    def audit(
        self,
        *,
        actor: str,
        action: str,
        subject_id: str,
        details: dict[str, Any],
        engine: str | None = None,
    ) -> None:
        """Append to the audit log: who (Slack id or "copilot"), what, on which id, with which inputs/model."""
        self.db.execute(
            "INSERT INTO audit (at, actor, action, subject_id, engine, details) VALUES (?, ?, ?, ?, ?, ?)",
            [_now(), actor, action, subject_id, engine, json.dumps(details, sort_keys=True, default=str)],
        )

    def recent_audit(self, n: int = 10, *, action_prefix: str | None = None) -> list[AuditEntry]:
        """The newest ``n`` audit entries, newest first."""
        sql = "SELECT * FROM audit"
        params: list[Any] = []
        if action_prefix:
            sql += " WHERE action LIKE ?"
            params.append(action_prefix + "%")
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(n)
        return [
            AuditEntry(
                id=row["id"],
                at=row["at"],
                actor=row["actor"],
                action=row["action"],
                subject_id=row["subject_id"],
                engine=row["engine"],
                details=json.loads(row["details"]),
            )
            for row in self.db.query(sql, params)
        ]

    # -- Slack user matches ----------------------------------------------------------------------------

    def slack_user(self, staff_id: str, email: str | None) -> tuple[str | None, datetime] | None:
        """The remembered Slack id of a staff member looked up by ``email`` (None = looked up, not found) and when;
        None when nothing is remembered for that email (never looked up, or the email changed since)."""
        row = self.db.execute(
            "SELECT slack_user_id, looked_up_at, email FROM slack_users WHERE staff_id = ?", [staff_id]
        ).fetchone()
        if row is None or (row[2] is not None and row[2] != _email_key(email)):
            return None
        return row[0], datetime.fromisoformat(row[1])

    def remember_slack_user(self, staff_id: str, email: str | None, slack_user_id: str | None, *, at: datetime) -> None:
        """Cache a staff member's Slack match (or the lack of one) for the email it was looked up by."""
        self.db.execute(
            "INSERT OR REPLACE INTO slack_users (staff_id, slack_user_id, looked_up_at, email) VALUES (?, ?, ?, ?)",
            [staff_id, slack_user_id, at.isoformat(), _email_key(email)],
        )

    # -- conflict alerts ------------------------------------------------------------------------------

    def alert(self, key: str) -> AlertRow | None:
        """One conflict alert by its stable key."""
        rows = list(self.db.query("SELECT * FROM alerts WHERE key = ?", [key]))
        return _alert_row(rows[0]) if rows else None

    def alerts(self, *, location_id: str, days: Sequence[str] | None = None, statuses: Sequence[str] | None = None) -> list[AlertRow]:
        """A location's alerts, optionally only for some days (ISO dates) and statuses, oldest first."""
        sql = "SELECT * FROM alerts WHERE location_id = ?"
        params: list[Any] = [location_id]
        if days is not None:
            sql += f" AND day IN ({', '.join('?' * len(days))})"
            params += list(days)
        if statuses is not None:
            sql += f" AND status IN ({', '.join('?' * len(statuses))})"
            params += list(statuses)
        return [_alert_row(row) for row in self.db.query(sql + " ORDER BY created_at, key", params)]

    def save_alert(self, key: str, *, at: datetime, **fields: Any) -> None:
        """Create or change an alert: kind, location_id, day, fingerprint, status, channel, ts, snoozed_until,
        acknowledged_by, view (a dict), grouped, handled_at."""
        if "view" in fields and fields["view"] is not None:
            fields["view"] = json.dumps(fields["view"], sort_keys=True, default=str)
        if "grouped" in fields:
            fields["grouped"] = int(bool(fields["grouped"]))
        stamp = at.isoformat()
        with self._transaction():
            exists = self.db.execute("SELECT 1 FROM alerts WHERE key = ?", [key]).fetchone() is not None
            if exists:
                if fields:
                    columns = ", ".join(f"{name} = ?" for name in fields)
                    self.db.execute(
                        f"UPDATE alerts SET {columns}, updated_at = ? WHERE key = ?", [*fields.values(), stamp, key]
                    )
                return
            row = {"key": key, "created_at": stamp, "updated_at": stamp, **fields}
            self.db.execute(
                f"INSERT INTO alerts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
            )

    def due_snoozes(self, *, location_id: str, now: datetime) -> list[AlertRow]:
        """Snoozed alerts of a location whose snooze has ended."""
        rows = self.db.query(
            "SELECT * FROM alerts WHERE location_id = ? AND status = 'snoozed' AND snoozed_until <= ?",
            [location_id, now.isoformat()],
        )
        return [_alert_row(row) for row in rows]

    # -- outbox ---------------------------------------------------------------------------------------

    def enqueue(self, key: str, *, kind: str, subject_id: str, payload: dict[str, Any]) -> bool:
        """Record an approved write under its idempotency key; False if that key is already there."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO outbox (key, kind, subject_id, payload, status, created_at) "
            "VALUES (?, ?, ?, ?, 'pending', ?)",
            [key, kind, subject_id, json.dumps(payload, sort_keys=True, default=str), _now()],
        )
        return cursor.rowcount == 1

    def outbox_item(self, key: str) -> OutboxItem | None:
        rows = list(self.db.query("SELECT * FROM outbox WHERE key = ?", [key]))
        return _outbox_item(rows[0]) if rows else None

    def pending_outbox(self, *, now: datetime | None = None) -> list[OutboxItem]:
        """Writes approved but not yet done, oldest first: pending ones, and (given ``now``) claims whose lease ran out."""
        sql = "SELECT * FROM outbox WHERE status = 'pending'"
        params: list[Any] = []
        if now is not None:
            sql += " OR (status = 'sending' AND lease_until <= ?)"
            params.append(_utc(now))
        return [_outbox_item(r) for r in self.db.query(sql + " ORDER BY created_at", params)]

    def superseded(self, key: str) -> bool:
        """Whether a later item of the same kind about the same subject has already gone out (then this one,
        re-driven late, would undo it)."""
        row = self.db.execute(
            "SELECT 1 FROM outbox AS later JOIN outbox AS this ON this.key = ? "
            "WHERE later.kind = this.kind AND later.subject_id = this.subject_id AND later.key != this.key "
            "AND later.status = 'sent' AND later.rowid > this.rowid LIMIT 1",  # rowid: the order they were recorded
            [key],
        ).fetchone()
        return row is not None

    def latest_about(self, key: str) -> OutboxItem | None:
        """The newest item of the same kind about the same subject as ``key`` (``key``'s own when none is newer):
        the latest write intended for that record, whatever order the writes reached the spa system in."""
        rows = list(self.db.query(
            "SELECT later.* FROM outbox AS later JOIN outbox AS this ON this.key = ? "
            "WHERE later.kind = this.kind AND later.subject_id = this.subject_id ORDER BY later.rowid DESC LIMIT 1",
            [key],
        ))
        return _outbox_item(rows[0]) if rows else None

    def supersede_pending(self, key: str) -> bool:
        """Settle a write still waiting to be tried again (``pending``) that must not go out any more, as a superseded
        one is (``failed``, "superseded"); False when it is not pending (sent, being sent, settled, or not there)."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = 'superseded' "
            "WHERE key = ? AND status = 'pending'",
            [key],
        )
        return cursor.rowcount == 1

    def claim_outbox(self, key: str, *, now: datetime, lease: timedelta) -> bool:
        """Take a pending item (or one whose lease ran out) for sending; True for exactly one claimant."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'sending', lease_until = ? "
            "WHERE key = ? AND (status = 'pending' OR (status = 'sending' AND lease_until <= ?))",
            [_utc(now + lease), key, _utc(now)],
        )
        return cursor.rowcount == 1

    def reclaim_outbox(self, *, now: datetime) -> int:
        """End every claim's lease now (a process starting: ``spa-copilot run`` holds the database alone, so the one
        that held them is gone), so the next re-drive sends them at once instead of after their lease; the write's
        idempotency key makes a repeat harmless."""
        cursor = self.db.execute(
            "UPDATE outbox SET lease_until = ? WHERE status = 'sending' AND lease_until > ?", [_utc(now), _utc(now)]
        )
        return cursor.rowcount

    def note_outbox_result(self, key: str, result: dict[str, Any]) -> bool:
        """Keep ``result`` on a claimed item before its send, its status left as it is (a process killed during the
        send leaves it there for the next try); False if not claimed."""
        cursor = self.db.execute("UPDATE outbox SET result = ? WHERE key = ? AND status = 'sending'",
                                 [json.dumps(result, default=str), key])
        return cursor.rowcount == 1

    def note_outbox_payload(self, key: str, payload: dict[str, Any]) -> bool:
        """Keep ``payload`` as a claimed item's own before its send (a held reply's text read again before its first
        try: every retry under its key sends that text); False if not claimed."""
        cursor = self.db.execute("UPDATE outbox SET payload = ? WHERE key = ? AND status = 'sending'",
                                 [json.dumps(payload, sort_keys=True, default=str), key])
        return cursor.rowcount == 1

    def mark_outbox(self, key: str, *, status: str, result: dict[str, Any] | None = None, error: str | None = None) -> bool:
        """Settle a claimed item: ``sent``, ``failed``, or back to ``pending`` for a later try; False if not claimed."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = ?, lease_until = NULL, attempts = attempts + 1, result = COALESCE(?, result), "
            "last_error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE key = ? AND status = 'sending'",
            [status, json.dumps(result, default=str) if result is not None else None, error, status, _now(), key],
        )
        return cursor.rowcount == 1

    # -- fill proposals and offers (spa_copilot.fill) -----------------------------------------------------
    # Every change is a compare-and-set on the expected status (and draft revision): of two clicks, two
    # managers or a click and a replayed webhook, exactly one changes the row and the other gets False.

    def create_fill_proposal(
        self,
        proposal_id: str,
        *,
        appointment_id: str,
        location_id: str,
        status: str,
        opening: dict[str, Any],
        candidates: list[dict[str, Any]],
        at: datetime,
        flagged: list[dict[str, Any]] | None = None,
        kind: str = "fill",
        parent_id: str | None = None,
        draft: str | None = None,
        draft_engine: str | None = None,
    ) -> bool:
        """Claim an opening (or a reply) for one proposal; False when one exists for that ``appointment_id`` (the
        opening's claim key, ``fill.proposing.opening_claim``: an appointment's id, or an id and a location for the
        hour a booking moved to the sister location left)."""
        stamp = _utc(at)
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO proposals (id, appointment_id, location_id, status, opening, candidates, "
            "current_index, draft, draft_engine, revision, kind, parent_id, flagged, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?, ?, ?, ?)",
            [
                proposal_id, appointment_id, location_id, status, _json(opening), _json(candidates), draft,
                draft_engine, kind, parent_id, _json(flagged or []), stamp, stamp,
            ],
        )
        return cursor.rowcount == 1

    def restart_fill_proposal(
        self,
        ended_id: str,
        *,
        expect_status: Sequence[str],
        proposal_id: str,
        appointment_id: str,
        location_id: str,
        status: str,
        opening: dict[str, Any],
        candidates: list[dict[str, Any]],
        at: datetime,
    ) -> bool:
        """A fresh proposal for an opening whose proposal ``ended_id`` has ended, in one transaction.

        The ended proposal keeps its row (card, offers, audit) but gives up the opening's claim: its
        ``appointment_id`` becomes ``<appointment id>#<its id>``. False (nothing written) when it no longer holds
        the claim in one of ``expect_status``, or another proposal took the opening.
        """
        marks = ", ".join("?" * len(expect_status))
        try:
            with self._transaction():
                released = self.db.execute(
                    f"UPDATE proposals SET appointment_id = ?, updated_at = ? "
                    f"WHERE id = ? AND appointment_id = ? AND status IN ({marks})",
                    [f"{appointment_id}#{ended_id}", _utc(at), ended_id, appointment_id, *expect_status],
                ).rowcount == 1
                if not released:
                    return False
                if not self.create_fill_proposal(
                    proposal_id, appointment_id=appointment_id, location_id=location_id, status=status,
                    opening=opening, candidates=candidates, at=at,
                ):
                    raise _ClaimTaken
        except _ClaimTaken:
            return False
        return True

    def fill_proposal(self, proposal_id: str) -> dict[str, Any] | None:
        """One proposal with its JSON columns decoded, or None."""
        rows = list(self.db.query("SELECT * FROM proposals WHERE id = ?", [proposal_id]))
        return _proposal_row(rows[0]) if rows else None

    def fill_proposal_for(self, appointment_id: str) -> dict[str, Any] | None:
        """The proposal for an appointment's cancellation (claimed under its id), or for a reply key; or None. The
        card for an hour a booking left by moving to the sister location is claimed apart (``<id>@<location id>``,
        ``fill.proposing.opening_claim``): ask ``fill_proposal_claimed`` for it."""
        return self.fill_proposal_claimed(appointment_id)

    def fill_proposal_claimed(self, claim: str) -> dict[str, Any] | None:
        """The proposal holding exactly the claim ``claim`` (``create_fill_proposal``'s ``appointment_id``), or None."""
        rows = list(self.db.query("SELECT * FROM proposals WHERE appointment_id = ?", [claim]))
        return _proposal_row(rows[0]) if rows else None

    def fill_proposals(self, *, statuses: Sequence[str], changed_since: datetime | None = None) -> list[dict[str, Any]]:
        """Proposals in some statuses (changed at or after ``changed_since``, when given), oldest first."""
        marks = ", ".join("?" * len(statuses))
        since = "" if changed_since is None else " AND updated_at >= ?"
        params = [*statuses, *([] if changed_since is None else [_utc(changed_since)])]
        rows = self.db.query(f"SELECT * FROM proposals WHERE status IN ({marks}){since} ORDER BY created_at", params)
        return [_proposal_row(row) for row in rows]

    def stale_fill_cards(self) -> list[str]:
        """Ids of proposals whose card Slack did not redraw the last time (``card_stale``), oldest first."""
        rows = self.db.execute("SELECT id FROM proposals WHERE card_stale = 1 ORDER BY created_at").fetchall()
        return [row[0] for row in rows]

    def unposted_fill_proposals(self, *, statuses: Sequence[str]) -> list[dict[str, Any]]:
        """Proposals in some statuses whose card Slack never took (no ``ts``), oldest first."""
        marks = ", ".join("?" * len(statuses))
        rows = self.db.query(
            f"SELECT * FROM proposals WHERE ts IS NULL AND status IN ({marks}) ORDER BY created_at", list(statuses)
        )
        return [_proposal_row(row) for row in rows]

    def update_fill_proposal(
        self,
        proposal_id: str,
        *,
        at: datetime,
        expect_status: str | Sequence[str] | None = None,
        expect_revision: int | None = None,
        bump_revision: bool = False,
        **changes: Any,
    ) -> bool:
        """Compare-and-set: change a proposal only if still in ``expect_status`` at ``expect_revision``."""
        values = {key: _json(value) if key in _PROPOSAL_JSON else value for key, value in changes.items()}
        sets = [f"{key} = ?" for key in values] + ["updated_at = ?"]
        params: list[Any] = [*values.values(), _utc(at)]
        if bump_revision:
            sets.append("revision = revision + 1")
        sql = f"UPDATE proposals SET {', '.join(sets)} WHERE id = ?"
        params.append(proposal_id)
        if expect_status is not None:
            expected = [expect_status] if isinstance(expect_status, str) else list(expect_status)
            sql += f" AND status IN ({', '.join('?' * len(expected))})"
            params += expected
        if expect_revision is not None:
            sql += " AND revision = ?"
            params.append(expect_revision)
        return self.db.execute(sql, params).rowcount == 1

    def record_fill_approval(
        self,
        proposal_id: str,
        *,
        revision: int,
        approved_by: str,
        at: datetime,
        outbox_key: str,
        outbox_kind: str,
        payload: dict[str, Any],
        offer: dict[str, Any] | None = None,
    ) -> bool:
        """Approve a pending proposal at ``revision``, create its offer and enqueue the send, in one transaction.

        False (and nothing written) when the proposal is no longer pending at that revision.
        """
        with self._transaction():
            if not self.update_fill_proposal(
                proposal_id, at=at, expect_status="pending", expect_revision=revision,
                status="approved", decided_by=approved_by, decided_at=_utc(at), reason=None,
            ):
                return False
            if offer is not None:
                row = {**offer, "proposal_id": proposal_id, "outbox_key": outbox_key, "approved_by": approved_by}
                row.setdefault("status", "approved")
                row["created_at"] = row["updated_at"] = _utc(at)
                self.db.execute(
                    f"INSERT INTO offers ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
                )
            self.enqueue(outbox_key, kind=outbox_kind, subject_id=proposal_id, payload=payload)
        return True

    def fill_offer(self, offer_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM offers WHERE id = ?", [offer_id]))
        return rows[0] if rows else None

    def fill_offers_booked_by_hand(self, appointment_id: str) -> list[dict[str, Any]]:
        """Offers whose hold ran out (or whose YES found the slot taken) that record ``appointment_id`` as the
        booking the desk made her at that hour (``expired``/``lost`` with it), oldest first."""
        return list(self.db.query(
            "SELECT * FROM offers WHERE booked_appointment_id = ? AND status IN ('expired', 'lost') "
            "ORDER BY created_at, id", [appointment_id]))

    def fill_offers_of_client_booked_by_hand(self, client_id: str) -> list[dict[str, Any]]:
        """``fill_offers_booked_by_hand`` for every booking of guest ``client_id``: her offers that record one, oldest
        first."""
        return list(self.db.query(
            "SELECT * FROM offers WHERE client_id = ? AND status IN ('expired', 'lost') "
            "AND booked_appointment_id IS NOT NULL ORDER BY created_at, id", [client_id]))

    def update_fill_offer(
        self, offer_id: str, *, at: datetime, expect_status: str | Sequence[str], expect_yes: bool | None = None,
        claimed_at: datetime | None = None, **changes: Any,
    ) -> bool:
        """Compare-and-set on an offer's status (and, with ``expect_yes``, on whether a YES is recorded); True when
        this call made the change.

        ``claimed_at`` is the holder's token: the ``at`` of the update that took the offer into its status (e.g. a
        YES's re-check taking it ``accepting``). With it, the change is made only while the offer is still as that
        update left it: once its claim was handed back and taken by another, the first holder changes nothing."""
        expected = [expect_status] if isinstance(expect_status, str) else list(expect_status)
        sets = ", ".join([*(f"{key} = ?" for key in changes), "updated_at = ?"])
        sql = f"UPDATE offers SET {sets} WHERE id = ? AND status IN ({', '.join('?' * len(expected))})"
        params = [*changes.values(), _utc(at), offer_id, *expected]
        if expect_yes is not None:
            sql += " AND yes_at IS NOT NULL" if expect_yes else " AND yes_at IS NULL"
        if claimed_at is not None:
            sql += " AND updated_at = ?"
            params.append(_utc(claimed_at))
        return self.db.execute(sql, params).rowcount == 1

    def latest_fill_offer(self, client_id: str) -> dict[str, Any] | None:
        """The newest offer made to a client (the one a reply answers), or None."""
        rows = list(
            self.db.query("SELECT * FROM offers WHERE client_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", [client_id])
        )
        return rows[0] if rows else None

    def due_fill_offers(self, *, now: datetime) -> list[dict[str, Any]]:
        """Sent offers whose hold has ended without a YES."""
        return list(
            self.db.query(
                "SELECT * FROM offers WHERE status = 'sent' AND yes_at IS NULL AND expires_at <= ? ORDER BY expires_at",
                [_utc(now)],
            )
        )

    def record_fill_yes(self, offer_id: str, *, at: datetime, message_id: str, now: datetime | None = None) -> bool:
        """Record a YES the guest sent at ``at`` on a sent offer, if it answers this offer: sent at or after the offer
        was approved (a YES to a text whose send confirmation was lost counts; one to the spa's own reminder delivered
        late does not), within its hold and not after ``now`` (the store's clock; ``at`` when not given). False if
        not, or if a YES is already recorded."""
        now = now or at
        cursor = self.db.execute(
            "UPDATE offers SET yes_at = ?, yes_message_id = ?, updated_at = ? "
            "WHERE id = ? AND status = 'sent' AND yes_at IS NULL AND created_at <= ? AND expires_at > ? AND ? <= ?",
            [_utc(at), message_id, _utc(now), offer_id, _utc(at), _utc(at), _utc(at), _utc(now)],
        )
        return cursor.rowcount == 1

    def fill_offers_said_yes(self) -> list[dict[str, Any]]:
        """Sent offers with a recorded YES still to be re-checked and booked, oldest YES first."""
        return list(self.db.query("SELECT * FROM offers WHERE status = 'sent' AND yes_at IS NOT NULL ORDER BY yes_at"))

    def fill_yes_being_booked(self, waitlist_entry_id: str) -> bool:
        """Whether an offer made from waitlist entry ``waitlist_entry_id`` holds a YES still to be booked: recorded
        and waiting for its re-check (``sent``), or being booked (``accepting``)."""
        row = self.db.execute(
            "SELECT 1 FROM offers WHERE waitlist_entry_id = ? "
            "AND (status = 'accepting' OR (status = 'sent' AND yes_at IS NOT NULL)) LIMIT 1",
            [waitlist_entry_id],
        ).fetchone()
        return row is not None

    def fill_entry_location(self, waitlist_entry_id: str) -> str | None:
        """The location of the latest fill proposal that offered waitlist entry ``waitlist_entry_id``, if any."""
        row = self.db.execute(
            "SELECT p.location_id FROM offers o JOIN proposals p ON p.id = o.proposal_id "
            "WHERE o.waitlist_entry_id = ? ORDER BY o.created_at DESC LIMIT 1",
            [waitlist_entry_id],
        ).fetchone()
        return row[0] if row else None

    def fill_offers_accepting_since(self, before: datetime) -> list[dict[str, Any]]:
        """Offers taken for a YES's re-check (``accepting``) and not changed since ``before``."""
        return list(
            self.db.query("SELECT * FROM offers WHERE status = 'accepting' AND updated_at <= ? ORDER BY updated_at",
                          [_utc(before)])
        )

    def fill_offer_counts(self, *, since: datetime) -> dict[str, int]:
        """How many offers each client was sent (or approved for) since a moment: the daily cap's input. A text that
        could not be sent (``failed``) does not count; one whose YES the spa system refused to book (``not_booked``)
        does: her text went out, and the desk is to call her about it (rev45k: leaving it out let another card text
        her a second offer that day)."""
        rows = self.db.execute(
            "SELECT client_id, COUNT(*) FROM offers WHERE created_at >= ? AND status != 'failed' GROUP BY client_id",
            [_utc(since)],
        ).fetchall()
        return {client_id: count for client_id, count in rows}

    def clients_with_open_offers(self, *, now: datetime) -> set[str]:
        """Clients with an offer approved, sent and not yet answered or expired, or being booked, for a slot that
        has not started (an offer for a slot gone by is open to nobody)."""
        rows = self.db.execute(
            "SELECT o.client_id, p.opening FROM offers o JOIN proposals p ON p.id = o.proposal_id "
            "WHERE o.status IN ('approved', 'sent', 'accepting')"
        ).fetchall()
        return {client_id for client_id, opening in rows if _starts_after(opening, now)}

    def record_text_opt_out(
        self, client_id: str, *, at: datetime, message_id: str | None = None, said_at: datetime | None = None
    ) -> bool:
        """Remember that a client replied STOP (recorded ``at``; sent ``said_at``, ``at`` when not given); False if
        they already had. A STOP said again (hers, or a staff member's) moves when it was said forward: only a START
        sent after the latest STOP clears it."""
        said = said_at or at
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO text_opt_outs (client_id, at, message_id, said_at) VALUES (?, ?, ?, ?)",
            [client_id, _utc(at), message_id, _utc(said)],
        )
        if cursor.rowcount == 1:
            return True
        kept = self._text_opt_out_said_at(client_id)
        if kept is not None and kept < said:
            self.db.execute("UPDATE text_opt_outs SET said_at = ? WHERE client_id = ?", [_utc(said), client_id])
        return False

    def clear_text_opt_out(self, client_id: str, *, start_said_at: datetime | None = None) -> bool:
        """Forget a client's STOP (they texted START, or staff recorded it); False if there was none. With
        ``start_said_at`` (when her START was sent) only a STOP said at or before it is forgotten: a START she sent
        before her latest STOP, delivered after it, leaves her opted out (one stamped the same instant, delivered after
        the STOP, is read in the order it came)."""
        if start_said_at is not None:
            kept = self._text_opt_out_said_at(client_id)
            if kept is None or kept > start_said_at:
                return False
        return self.db.execute("DELETE FROM text_opt_outs WHERE client_id = ?", [client_id]).rowcount == 1

    def _text_opt_out_said_at(self, client_id: str) -> datetime | None:
        """When the client's current opt-out was last said (one kept before that was: when recorded), or None."""
        row = self.db.execute("SELECT at, said_at FROM text_opt_outs WHERE client_id = ?", [client_id]).fetchone()
        return datetime.fromisoformat(row[1] or row[0]) if row else None

    def text_opted_out(self, client_ids: Iterable[str]) -> set[str]:
        """Those of ``client_ids`` who replied STOP (and not START since)."""
        ids = list(dict.fromkeys(client_ids))
        if not ids:
            return set()
        marks = ", ".join("?" for _ in ids)
        rows = self.db.execute(f"SELECT client_id FROM text_opt_outs WHERE client_id IN ({marks})", ids)  # noqa: S608
        return {client_id for (client_id,) in rows.fetchall()}

    def text_opt_out_at(self, client_id: str) -> datetime | None:
        """When the client replied STOP (and not START since), or None."""
        row = self.db.execute("SELECT at FROM text_opt_outs WHERE client_id = ?", [client_id]).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def text_opt_out_recorded_by(self, client_id: str) -> str | None:
        """The Slack user id of the staff member who recorded the client's current opt-out (``message_id`` none: a
        ``/spa texts … stop``), the actor of its latest ``fill.text_opt_out`` audit entry; None when it was her own
        reply, or there is none."""
        row = self.db.execute("SELECT message_id FROM text_opt_outs WHERE client_id = ?", [client_id]).fetchone()
        if row is None or row[0] is not None:
            return None
        audited = self.db.execute(
            "SELECT actor FROM audit WHERE action = 'fill.text_opt_out' AND subject_id = ? ORDER BY id DESC LIMIT 1",
            [client_id],
        ).fetchone()
        return audited[0] if audited else None

    def fill_offer_outcomes(self, client_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Per client: (offers answered or expired, offers that ended in a booking)."""
        if not client_ids:
            return {}
        rows = self.db.execute(
            "SELECT client_id, COUNT(*), SUM(status = 'booked') FROM offers "
            f"WHERE status IN ('booked', 'declined', 'expired', 'lost') AND client_id IN ({', '.join('?' * len(client_ids))}) "
            "GROUP BY client_id",
            list(client_ids),
        ).fetchall()
        return {client_id: (int(total), int(booked or 0)) for client_id, total, booked in rows}


#: The proposal columns stored as JSON, with what an empty one reads as.
_PROPOSAL_JSON: dict[str, Any] = {"opening": {}, "candidates": [], "flagged": [], "booked": None}


class _ClaimTaken(Exception):
    """Rolls back a proposal restart whose new claim could not be made."""


def _starts_after(opening: str, now: datetime) -> bool:
    """True when the stored opening (JSON) starts after ``now``; an opening without a start counts as ahead."""
    start = json.loads(opening or "{}").get("start")
    return start is None or datetime.fromisoformat(start) > now


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _proposal_row(row: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(row)
    for key, empty in _PROPOSAL_JSON.items():
        decoded[key] = json.loads(row[key]) if row.get(key) else copy(empty)
    return decoded


def step_version(previous: SnapshotRow | None, handed: Appointment | None) -> int:
    """The version a pending step is kept under (part of its key): the booking's as handed on; for a removal (nothing
    handed), the version it had before; -1 with neither."""
    if handed is not None:
        return handed.version
    return previous.version if previous is not None else -1


def _handed_form(appointment: Appointment) -> dict[str, Any]:
    """An appointment as a pending step keeps it: its ids, times, status and version (what the change handlers act
    on), without its note or a cancellation's words (client details stay in the spa system; a replay takes the note
    from the appointment as it is read then)."""
    cancellation = appointment.cancellation
    return appointment.model_copy(update={
        "notes": "",
        "cancellation": cancellation.model_copy(update={"reason": None, "cancelled_by": None}) if cancellation else None,
    }).to_json_dict()


def _snapshot_row_from_json(text: str) -> SnapshotRow:
    """A snapshot row kept as JSON (``asdict``), its id lists tuples again."""
    data = json.loads(text)
    for name in ("staff_ids", "resource_ids", "service_ids"):
        data[name] = tuple(data[name])
    return SnapshotRow(**data)


@functools.lru_cache(maxsize=4096)
def _ids(stored: str) -> tuple[str, ...]:
    """A snapshot row's id list as stored (JSON), as a tuple: read once per distinct list (the same few recur over every
    row of a location's snapshot, which each poll and prep check reads whole)."""
    return tuple(json.loads(stored))


#: A snapshot row's columns, in ``SnapshotRow``'s order.
_SNAPSHOT_COLUMNS = ", ".join(column.name for column in fields(SnapshotRow))


def _snapshot_row(row: tuple[Any, ...]) -> SnapshotRow:
    """A row read as ``_SNAPSHOT_COLUMNS``, its id lists tuples."""
    appointment_id, location_id, client_id, status, start_at, end_at, staff, resources, services, version, updated = row
    return SnapshotRow(
        appointment_id, location_id, client_id, status, start_at, end_at, _ids(staff), _ids(resources), _ids(services),
        version, updated,
    )


def _alert_row(row: dict[str, Any]) -> AlertRow:
    return AlertRow(
        key=row["key"],
        kind=row["kind"],
        location_id=row["location_id"],
        day=row["day"],
        fingerprint=row["fingerprint"],
        status=row["status"],
        channel=row["channel"],
        ts=row["ts"],
        snoozed_until=row["snoozed_until"],
        acknowledged_by=row["acknowledged_by"],
        view=json.loads(row["view"]) if row.get("view") else None,
        grouped=bool(row.get("grouped")),
        handled_at=row.get("handled_at"),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _outbox_item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem(
        key=row["key"],
        kind=row["kind"],
        subject_id=row["subject_id"],
        payload=json.loads(row["payload"]),
        status=row["status"],
        attempts=row["attempts"],
        result=json.loads(row["result"]) if row["result"] else None,
        last_error=row.get("last_error"),
    )
