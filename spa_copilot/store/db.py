"""The copilot's state in one SQLite file (sqlite-utils, WAL): ids and decisions, never copies of client records.

Tables (see ``MIGRATIONS``): ``snapshot`` (the calendar as last seen, for diffing), ``sync_state`` (per location
cursors and health), ``alerts``, ``proposals``, ``offers``, ``outbox`` (client messages and bookings with their
idempotency keys), ``processed_events`` (webhook/Slack event ids), ``llm_cache``, ``audit``, ``slack_users``.

Every method is keyword-only past its subject and runs in one short transaction; the asyncio callers use it
directly (each call is a few hundred microseconds against a local file).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

logger = logging.getLogger(__name__)

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
)


def _now() -> str:
    return datetime.now(UTC).isoformat()


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
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    subject_id: str
    engine: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class OutboxItem:
    key: str
    kind: str
    subject_id: str
    payload: dict[str, Any]
    status: str
    attempts: int
    result: dict[str, Any] | None


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
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        db = sqlite_utils.Database(conn)
        db.enable_wal()
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        return cls(db)

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
        """Apply pending migrations, each in its own transaction; returns how many were applied."""
        applied = 0
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= self.schema_version:
                continue
            with self._transaction():
                for statement in (s.strip() for s in script.split(";")):
                    if statement:
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
            applied += 1
            logger.info("store migrated to schema %d", number)
        return applied

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
        """Record an event id; True the first time it is seen, False for every replay."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO processed_events (event_id, source, received_at) VALUES (?, ?, ?)",
            [event_id, source, _now()],
        )
        return cursor.rowcount == 1

    def event_seen(self, event_id: str) -> bool:
        """True when the event id was already processed."""
        return self.db.execute("SELECT 1 FROM processed_events WHERE event_id = ?", [event_id]).fetchone() is not None

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
            "SELECT id, appointment_id, opening FROM proposals WHERE status = 'pending' ORDER BY created_at"
        )
        return [
            {"id": row["id"], "summary": f"Fill {json.loads(row['opening']).get('summary', row['appointment_id'])}"}
            for row in rows
        ]

    # -- calendar snapshot ----------------------------------------------------------------------------

    def snapshot(self, *, location_id: str) -> dict[str, SnapshotRow]:
        """Every remembered appointment at a location, by id."""
        rows = self.db.query("SELECT * FROM snapshot WHERE location_id = ?", [location_id])
        return {row["appointment_id"]: _snapshot_row(row) for row in rows}

    def snapshot_row(self, appointment_id: str) -> SnapshotRow | None:
        rows = list(self.db.query("SELECT * FROM snapshot WHERE appointment_id = ?", [appointment_id]))
        return _snapshot_row(rows[0]) if rows else None

    def save_snapshot(self, rows: Sequence[SnapshotRow], *, forget: Sequence[str] = ()) -> None:
        """Upsert rows and delete forgotten ids, in one transaction."""
        with self._transaction():
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
                self.db.execute("DELETE FROM snapshot WHERE appointment_id = ?", [appointment_id])

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
        }

    def all_sync_states(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM sync_state ORDER BY location_id"))

    def update_sync_state(self, location_id: str, **changes: Any) -> None:
        """Set some of: cursor, last_poll_at, last_full_sync_at, last_error, failing_since, failure_reported."""
        state = self.sync_state(location_id) | changes
        self.db["sync_state"].upsert(state, pk="location_id")

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

    def slack_user(self, staff_id: str) -> tuple[str | None, datetime] | None:
        """The remembered Slack id of a staff member (None = looked up, not found) and when it was looked up."""
        row = self.db.execute(
            "SELECT slack_user_id, looked_up_at FROM slack_users WHERE staff_id = ?", [staff_id]
        ).fetchone()
        return (row[0], datetime.fromisoformat(row[1])) if row else None

    def remember_slack_user(self, staff_id: str, slack_user_id: str | None, *, at: datetime) -> None:
        """Cache a staff member's Slack match (or the lack of one)."""
        self.db.execute(
            "INSERT OR REPLACE INTO slack_users (staff_id, slack_user_id, looked_up_at) VALUES (?, ?, ?)",
            [staff_id, slack_user_id, at.isoformat()],
        )

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

    def pending_outbox(self) -> list[OutboxItem]:
        """Writes approved but not yet confirmed sent, oldest first (re-driven after a crash)."""
        return [_outbox_item(r) for r in self.db.query("SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at")]

    def mark_outbox(self, key: str, *, status: str, result: dict[str, Any] | None = None, error: str | None = None) -> None:
        """Move an outbox item to ``sent`` or ``failed`` (or count another attempt while ``pending``)."""
        self.db.execute(
            "UPDATE outbox SET status = ?, attempts = attempts + 1, result = COALESCE(?, result), last_error = ?, "
            "sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE key = ?",
            [status, json.dumps(result, default=str) if result is not None else None, error, status, _now(), key],
        )


def _snapshot_row(row: dict[str, Any]) -> SnapshotRow:
    return SnapshotRow(
        appointment_id=row["appointment_id"],
        location_id=row["location_id"],
        client_id=row["client_id"],
        status=row["status"],
        start_at=row["start_at"],
        end_at=row["end_at"],
        staff_ids=tuple(json.loads(row["staff_ids"])),
        resource_ids=tuple(json.loads(row["resource_ids"])),
        service_ids=tuple(json.loads(row["service_ids"])),
        version=row["version"],
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
    )
