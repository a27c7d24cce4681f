"""A real add-on body (no event id: known by a hash of itself) is taken for a redelivery only within
``BODY_HASH_DEDUPE_WINDOW``: the same body an hour later (cancelled, restored, cancelled again, with no update stamp)
is a new change and is handled. An event id (the contract's) is still remembered for good."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from spa_copilot.platform.webhooks import parse_webhook, webhook_dedupe_key
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.store import Store
from spa_copilot.store.db import BODY_HASH_DEDUPE_WINDOW
from tests.fixture_loader import fixture_bytes

SECRET = "sandbox-webhook-secret"
REAL = fixture_bytes("mangomint/appointment_cancelled_real.json")


def _age(store: Store, key: str, by: timedelta) -> None:
    then = (datetime.now(UTC) - by).isoformat()
    store.db.execute("UPDATE processed_events SET received_at = ? WHERE event_id = ?", [then, key])


def test_a_body_key_is_a_replay_within_the_window_only(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    key = webhook_dedupe_key(parse_webhook(REAL))
    assert key.startswith("mangomint:sha256:")
    assert store.claim_event(key, source="mangomint") is True
    assert store.event_seen(key) and store.claim_event(key, source="mangomint") is False
    _age(store, key, BODY_HASH_DEDUPE_WINDOW - timedelta(minutes=1))
    assert store.event_seen(key) and store.claim_event(key, source="mangomint") is False
    _age(store, key, BODY_HASH_DEDUPE_WINDOW + timedelta(minutes=1))
    assert not store.event_seen(key)
    assert store.claim_event(key, source="mangomint") is True  # claimed again: the window runs from now
    assert store.event_seen(key) and store.claim_event(key, source="mangomint") is False


def test_an_event_id_is_remembered_for_good(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    for key in ("contract:evt_1", "fill-other:msg_1"):
        assert store.claim_event(key, source="mangomint") is True
        _age(store, key, timedelta(days=2))
        assert store.event_seen(key) and store.claim_event(key, source="mangomint") is False


async def test_the_same_body_an_hour_later_is_handled_again(world: SandboxWorld) -> None:
    handled: list[str] = []

    async def listener(event: Any) -> None:
        handled.append(event.id)

    world.copilot.on_webhook("appointment.*", listener)

    async def post() -> dict[str, Any]:
        response = await world.http.post(f"/webhooks/mangomint?key={SECRET}", content=REAL,
                                         headers={"Content-Type": "application/json"})
        assert response.status_code == 200
        return json.loads(response.text)

    assert (await post())["duplicate"] is False
    assert (await post())["duplicate"] is True  # the sender's retry
    assert len(handled) == 1
    _age(world.copilot.store, webhook_dedupe_key(parse_webhook(REAL)), timedelta(hours=1))
    assert (await post())["duplicate"] is False  # cancelled again, an hour on: a new change
    assert (await post())["duplicate"] is True
    assert len(handled) == 2
