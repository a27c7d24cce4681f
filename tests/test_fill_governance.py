"""Governance edge cases of the fill workflow found in review: read-only as a kill switch, a YES that hits an outage.

Same scene as ``test_fill_flow``: the sandbox spa, signed Slack clicks and the stand-in Slack.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.settings import Mode
from spa_copilot.slack import ids
from tests.test_fill_flow import Scene, eventually, proposed, scene  # noqa: F401  (the fixture)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _read_only(scene: Scene) -> None:
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"spa_mode": Mode.read_only})


async def test_read_only_switched_on_stops_a_pending_send_from_being_redriven(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)

    async def crash(copilot: Any, key: str) -> bool:
        raise RuntimeError("the process died before sending")

    monkeypatch.setattr(fill, "deliver", crash)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "approved")
    await asyncio.sleep(0.1)
    monkeypatch.undo()
    assert len(scene.store.pending_outbox()) == 1

    _read_only(scene)  # the kill switch: no writes at all from now on
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.sent() == []
    assert len(scene.store.pending_outbox()) == 1  # kept for when writes are allowed again


async def test_read_only_switched_on_books_nothing_on_yes_and_leaves_the_waitlist_alone(scene: Scene) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    await scene.approve_and_wait()
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered

    _read_only(scene)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "read-only" in scene.thread_text().lower())
    await asyncio.sleep(0.1)
    assert scene.bookings_for(first["client_id"]) == []
    assert not [i for i in scene.store.pending_outbox() if i.kind == fill.OUTBOX_BOOKING]

    # The hold runs out: the next candidate is shown for information, the platform's waitlist is not patched.
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    assert scene.proposal["status"] == "info" and scene.proposal["current_index"] == 1
    assert second["first_name"] in scene.proposal["draft"]
    assert len(scene.sent()) == 1


async def test_a_yes_that_meets_an_outage_books_once_when_the_webhook_is_retried(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()

    platform = scene.copilot.platform
    read_waitlist = platform.list_waitlist
    calls = {"n": 0}

    async def down_once(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise PlatformUnavailable("GET /v1/waitlist: HTTP 503 after 5 attempts")
        return await read_waitlist(**kwargs)

    monkeypatch.setattr(platform, "list_waitlist", down_once)
    await scene.reply(first["client_id"], "YES")  # the first delivery gets a 503; the sandbox re-delivers it
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert calls["n"] >= 2
    assert len(scene.bookings_for(first["client_id"])) == 1
