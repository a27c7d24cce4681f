"""The SQLite store: migrations on fresh and existing databases, event claims, snapshot, cache, audit, outbox."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from spa_copilot.store import MIGRATIONS, SnapshotRow, Store, StoreError
from spa_copilot.store.db import _enable_wal


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "state.db")


def test_fresh_database_is_migrated_to_latest_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "fresh.db")
    assert store.schema_version == len(MIGRATIONS)
    assert store.db.journal_mode == "wal"
    assert {"snapshot", "alerts", "proposals", "offers", "outbox", "processed_events", "llm_cache", "audit"} <= set(
        store.db.table_names()
    )


def test_existing_database_keeps_its_data_and_gets_only_new_migrations(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.db"
    store = Store.open(path)
    store.audit(actor="U1", action="test.kept", subject_id="x", details={})
    store.close()

    extra = "CREATE TABLE extra_feature (id TEXT PRIMARY KEY)"
    monkeypatch.setattr("spa_copilot.store.db.MIGRATIONS", (*MIGRATIONS, extra))
    reopened = Store.open(path)
    assert reopened.schema_version == len(MIGRATIONS) + 1
    assert "extra_feature" in reopened.db.table_names()
    assert [e.action for e in reopened.recent_audit(5)] == ["test.kept"]
    assert reopened.migrate() == 0  # idempotent


def test_a_proposal_booked_before_migration_9_reads_no_booked_fields_and_a_new_one_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:8], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO proposals (id, appointment_id, location_id, status, opening, candidates, reason, created_at, "
        "updated_at) VALUES ('fp_old', 'ap_1', 'loc_1', 'booked', '{}', '[]', 'Ada replied YES: booked …', 'x', 'x')"
    )
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.schema_version == len(MIGRATIONS) >= 9
    old = store.fill_proposal("fp_old")
    assert old is not None and old["booked"] is None and old["reason"] == "Ada replied YES: booked …"
    at = datetime(2026, 12, 2, 19, tzinfo=UTC)
    assert store.create_fill_proposal("fp_new", appointment_id="ap_2", location_id="loc_1", status="sent",
                                      opening={}, candidates=[], at=at)
    assert store.fill_proposal("fp_new")["booked"] is None
    booked = {"appointment_id": "apt_9", "service_name": "Swedish 60", "start": at.isoformat()}
    assert store.update_fill_proposal("fp_new", at=at, expect_status="sent", status="booked", booked=booked)
    assert store.fill_proposal("fp_new")["booked"] == booked


def test_failed_migration_rolls_back_and_leaves_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "broken.db"
    Store.open(path).close()
    monkeypatch.setattr(
        "spa_copilot.store.db.MIGRATIONS", (*MIGRATIONS, "CREATE TABLE half (id TEXT); THIS IS NOT SQL")
    )
    with pytest.raises(sqlite3.OperationalError):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_claim_event_once(store: Store) -> None:
    assert store.claim_event("evt_1", source="mangomint") is True
    assert store.claim_event("evt_1", source="mangomint") is False
    assert store.claim_event("evt_2", source="slack") is True


def test_claims_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).claim_event("evt_9", source="mangomint")
    assert Store.open(path).claim_event("evt_9", source="mangomint") is False


def test_snapshot_roundtrip_and_forget(store: Store) -> None:
    row = SnapshotRow("ap_1", "loc_1", "cl_1", "confirmed", "2026-11-24T10:00:00-05:00",
                      "2026-11-24T11:00:00-05:00", ("st_1",), ("rs_1", "rs_2"), ("sv_1",), 3)
    store.save_snapshot([row])
    assert store.snapshot(location_id="loc_1") == {"ap_1": row}
    assert store.snapshot(location_id="loc_2") == {}
    store.save_snapshot([], forget=["ap_1"])
    assert store.snapshot_row("ap_1") is None


def test_cache_and_audit(store: Store) -> None:
    assert store.cache_get("k") is None
    store.cache_put("k", '{"text": "hi"}', task="briefing", model="offline")
    assert store.cache_get("k") == '{"text": "hi"}'
    store.audit(actor="U_MGR", action="offer.approved", subject_id="pr_1", details={"text": "x"}, engine="offline")
    store.audit(actor="copilot", action="briefing.sent", subject_id="st_1", details={})
    entries = store.recent_audit(10)
    assert [e.action for e in entries] == ["briefing.sent", "offer.approved"]
    assert entries[1].details == {"text": "x"} and entries[1].engine == "offline"
    assert [e.action for e in store.recent_audit(10, action_prefix="offer.")] == ["offer.approved"]


def test_prune_forgets_old_event_ids_and_cached_results_and_keeps_the_audit(store: Store) -> None:
    for name in ("old", "new"):
        store.claim_event(f"evt_{name}", source="mangomint")
        store.cache_put(f"k_{name}", "{}", task="briefing", model="offline")
    store.audit(actor="U_MGR", action="offer.approved", subject_id="pr_1", details={})
    long_ago = "2026-09-01T00:00:00+00:00"
    store.db.execute("UPDATE processed_events SET received_at = ? WHERE event_id = 'evt_old'", [long_ago])
    store.db.execute("UPDATE llm_cache SET created_at = ? WHERE key = 'k_old'", [long_ago])
    store.db.execute("UPDATE audit SET at = ?", [long_ago])

    assert store.prune(before=datetime(2026, 10, 1, tzinfo=UTC)) == {"processed_events": 1, "llm_cache": 1}
    assert store.claim_event("evt_old", source="mangomint") is True
    assert store.claim_event("evt_new", source="mangomint") is False
    assert store.cache_get("k_old") is None and store.cache_get("k_new") == "{}"
    assert [e.action for e in store.recent_audit(10)] == ["offer.approved"]


def test_outbox_is_keyed_by_idempotency_key(store: Store) -> None:
    assert store.enqueue("idem-1", kind="message", subject_id="cl_1", payload={"body": "hello"}) is True
    assert store.enqueue("idem-1", kind="message", subject_id="cl_1", payload={"body": "other"}) is False
    [item] = store.pending_outbox()
    assert item.payload == {"body": "hello"} and item.status == "pending"
    assert store.mark_outbox("idem-1", status="sent") is False, "only a claimed item can be settled"
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert store.claim_outbox("idem-1", now=now, lease=timedelta(minutes=5)) is True
    assert store.claim_outbox("idem-1", now=now, lease=timedelta(minutes=5)) is False, "one sender at a time"
    assert store.pending_outbox(now=now) == []
    store.mark_outbox("idem-1", status="sent", result={"id": "msg_1"})
    assert store.pending_outbox() == []
    sent = store.outbox_item("idem-1")
    assert sent is not None and sent.status == "sent" and sent.result == {"id": "msg_1"} and sent.attempts == 1
    assert store.mark_outbox("idem-1", status="pending") is False, "a sent item is never reopened"


def test_an_outbox_claim_whose_lease_ran_out_is_due_again(store: Store) -> None:
    store.enqueue("idem-2", kind="message", subject_id="cl_1", payload={})
    claimed_at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert store.claim_outbox("idem-2", now=claimed_at, lease=timedelta(minutes=5))
    later = claimed_at + timedelta(minutes=6)  # the process died mid-send
    assert [i.key for i in store.pending_outbox(now=later)] == ["idem-2"]
    assert store.claim_outbox("idem-2", now=later, lease=timedelta(minutes=5)) is True


def test_sync_state_defaults_and_updates(store: Store) -> None:
    assert store.sync_state("loc_1")["cursor"] is None
    store.update_sync_state("loc_1", cursor="2026-11-24T09:00:00+00:00", failure_reported=1)
    store.update_sync_state("loc_1", last_error="boom")
    state = store.sync_state("loc_1")
    assert state["cursor"] == "2026-11-24T09:00:00+00:00" and state["failure_reported"] == 1
    assert state["last_error"] == "boom"


def test_a_database_from_a_newer_copilot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this copilot knows"):
        Store.open(path)


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "race.db"
    code = "import sys; from spa_copilot.store import Store; Store.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert Store.open(path).schema_version == len(MIGRATIONS)


class _JournalSwitch:
    """A database whose switch to WAL meets a lock (or another error) the first few times."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        self.tries = 0

    def enable_wal(self) -> None:
        self.tries += 1
        if self.failures:
            raise sqlite3.OperationalError(self.failures.pop(0))


def test_the_switch_to_wal_waits_out_another_process_holding_the_new_file() -> None:
    # SQLite says "locked" at once, without its busy handler, when two new-file readers both change the journal
    db = _JournalSwitch(["database is locked", "database is locked"])
    _enable_wal(db, patience=5)  # type: ignore[arg-type]
    assert db.tries == 3


def test_the_switch_to_wal_gives_up_on_a_lock_that_outlasts_its_patience_and_at_once_on_other_errors() -> None:
    held = _JournalSwitch(["database is locked"] * 1000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _enable_wal(held, patience=0.05)  # type: ignore[arg-type]
    assert 1 < held.tries < 1000
    unwritable = _JournalSwitch(["attempt to write a readonly database"])
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        _enable_wal(unwritable, patience=5)  # type: ignore[arg-type]
    assert unwritable.tries == 1


def test_pending_proposals_say_fill_only_for_fill_proposals(store: Store) -> None:
    at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    common = {"location_id": "loc_1", "status": "pending", "candidates": [], "at": at}
    store.create_fill_proposal("fp_1", appointment_id="ap_1", opening={"summary": "Swedish Massage 60 at 2pm"}, **common)
    store.create_fill_proposal(
        "fr_1", appointment_id="reply:m1", opening={"summary": "Reply to Ava: the slot is taken"}, kind="reply", **common
    )
    assert [p["summary"] for p in store.pending_proposals()] == [
        "Fill Swedish Massage 60 at 2pm", "Reply to Ava: the slot is taken",
    ]


def test_an_outbox_item_overtaken_by_a_later_one_about_the_same_subject_is_superseded(store: Store) -> None:
    store.enqueue("w:offered", kind="fill.waitlist", subject_id="wl_1", payload={"status": "offered"})
    store.enqueue("w:other", kind="fill.waitlist", subject_id="wl_2", payload={"status": "waiting"})
    store.enqueue("w:waiting", kind="fill.waitlist", subject_id="wl_1", payload={"status": "waiting"})
    assert not store.superseded("w:offered")  # the later one has not gone out yet
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert store.claim_outbox("w:waiting", now=now, lease=timedelta(minutes=5))
    store.mark_outbox("w:waiting", status="sent")
    assert store.superseded("w:offered") and not store.superseded("w:waiting") and not store.superseded("w:other")


def test_a_claim_taken_over_is_not_finished_or_released_by_its_first_holder(store: Store) -> None:
    t0 = datetime(2026, 12, 2, 7, tzinfo=UTC)
    lease = timedelta(minutes=10)
    assert store.claim_work("dm", source="briefing", at=t0, lease=lease)
    t1 = t0 + lease * 2  # the first holder stalled: another process takes the claim over
    assert store.claim_work("dm", source="briefing", at=t1, lease=lease)
    assert not store.release_event("dm", claimed_at=t0), "the first holder's release dropped the new holder's claim"
    assert not store.claim_work("dm", source="briefing", at=t1, lease=lease), "still held by the second"
    assert not store.finish_work("dm", source="briefing", claimed_at=t0)
    assert not store.work_done("dm")
    assert store.finish_work("dm", source="briefing", claimed_at=t1) and store.work_done("dm")
    assert not store.release_event("dm", claimed_at=t1), "done is done: not released by its holder either"
    assert store.claim_work("again", source="prep", at=t0, lease=lease)
    assert store.release_event("again", claimed_at=t0) and store.claim_work("again", source="prep", at=t0, lease=lease)
    store.release_event("again")  # without a token, as before: whoever holds it
    assert store.claim_work("again", source="prep", at=t0, lease=lease)


def test_fill_proposals_changed_since_leaves_out_the_old_ones(store: Store) -> None:
    """``expire_offers`` reads the expired proposals of the last days only (call lists whose slot started), never the
    whole history of them, which grows every day the copilot runs."""
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    for n, age in enumerate((timedelta(days=30), timedelta(days=2), timedelta(hours=1))):
        store.create_fill_proposal(f"fp_{n}", appointment_id=f"ap_{n}", location_id="loc_1", status="expired",
                                   opening={}, candidates=[], at=now - age)
    assert [r["id"] for r in store.fill_proposals(statuses=("expired",))] == ["fp_0", "fp_1", "fp_2"]
    assert [r["id"] for r in store.fill_proposals(statuses=("expired",), changed_since=now - timedelta(days=3))] == [
        "fp_1", "fp_2",
    ]
