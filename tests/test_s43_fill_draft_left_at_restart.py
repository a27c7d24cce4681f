"""A fill proposal left mid-draft by a copilot that was stopped (killed after systemd's 30 s while a slow spa system
held its stop up) waited 15 minutes for its card after the restart (probe43e M): one copilot holds the state database
at a time, so a draft left from before this run began is taken up at once; one of this run's own still waits, as it
may be in progress."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene


async def _left_mid_draft(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    async def process_stops(*args: Any, **kwargs: Any) -> None:  # killed between its claim and its card
        return None

    with monkeypatch.context() as patched:
        patched.setattr(fill.proposing, "_prepare_and_post", process_stops)
        await scene.cancel()
    left = scene.proposal
    assert left["status"] == "drafting" and not left["ts"]
    return left


async def test_a_draft_left_by_the_run_before_is_taken_up_at_once(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    left = await _left_mid_draft(scene, monkeypatch)
    scene.clock.advance(seconds=30)
    scene.copilot.started_at = scene.copilot.now()  # a new run on the same state database, half a minute later
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["id"] == left["id"] and scene.proposal["status"] == "pending" and scene.proposal["ts"]


async def test_a_draft_of_this_run_still_waits(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await _left_mid_draft(scene, monkeypatch)
    scene.clock.advance(seconds=30)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "drafting", "a draft that may still be in progress is not taken over"
    scene.clock.advance(minutes=16)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending"
