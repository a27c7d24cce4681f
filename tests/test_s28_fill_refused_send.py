"""A text the spa system refuses for its guest moves the card on (review rev28a, MEDIUM 3).

The spa system refuses the first guest's text with a 4xx (no mobile number on file, an opt-out at the carrier).
Before, the whole card failed, its thread said nothing, and `/spa fill` again ranked the same guest first. Now the
card moves on to the next guest (as after an expired hold), its thread says why once, and a fresh card for the same
opening leaves her off. A key lacking a permission (403) still fails the card: it is no guest's problem.
"""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformNotFound, PlatformRejected
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _refuse_texts_to(monkeypatch: pytest.MonkeyPatch, scene: Scene, client_id: str, error: Exception) -> None:
    platform = scene.copilot.platform
    real = platform.send_message

    async def send(to: str, *args: Any, **kwargs: Any) -> Any:
        if to == client_id:
            raise error
        return await real(to, *args, **kwargs)

    monkeypatch.setattr(platform, "send_message", send)


def _notes(scene: Scene, words: str) -> int:
    row = scene.proposal
    return sum(words in m.text for m in scene.world.slack.thread(row["channel"], row["ts"]))


@pytest.mark.parametrize("error", [
    PlatformRejected("POST /v1/clients/{id}/messages: HTTP 422 client has no mobile phone", status=422),
    PlatformNotFound("POST /v1/clients/{id}/messages: HTTP 404", status=404),
], ids=["422", "404"])
async def test_a_refused_text_moves_the_card_on_to_the_next_guest(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    _refuse_texts_to(monkeypatch, scene, first["client_id"], error)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: "Next: " in scene.thread_text())
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending", row.get("reason")
    assert scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0))["status"] == "failed"
    assert scene.sent() == []
    assert _notes(scene, f"The spa system refused the text to {first['first_name']}") == 1, scene.thread_text()
    assert f"Next: {second['first_name']}" in scene.thread_text()
    # the next guest's Approve texts her
    await scene.approve_and_wait()
    assert [s["clientId"] for s in scene.sent()] == [second["client_id"]]


async def test_a_fresh_card_for_the_opening_leaves_the_refused_guest_off(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The card is rejected after the refusal; `/spa fill` again does not rank the refused guest first (a failed
    offer does not count against the daily cap, so before, she came back first and met the same refusal)."""
    await proposed(scene)
    first = scene.candidate(0)
    _refuse_texts_to(monkeypatch, scene, first["client_id"], PlatformRejected("HTTP 422", status=422))
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: "Next: " in scene.thread_text())
    await scene.reject("trying again")
    await eventually(lambda: scene.proposal["status"] == "rejected")
    result = await fill.start_fill(scene.copilot, scene.target.id, by=scene.world.manager_id)
    assert result.ok, result.note
    row = scene.proposal
    assert row["status"] == "pending" and row["candidates"]
    assert first["client_id"] not in [c["client_id"] for c in row["candidates"]]
    excluded = scene.store.db.execute(
        "SELECT details FROM audit WHERE action = 'fill.proposed' AND subject_id = ?", [row["id"]]).fetchone()[0]
    assert fill.proposing.REFUSED_HERE in excluded and first["entry_id"] in excluded


async def test_a_refused_text_is_settled_once_and_not_tried_again(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    calls = {"n": 0}
    real = scene.copilot.platform.send_message

    async def send(to: str, *args: Any, **kwargs: Any) -> Any:
        if to == first["client_id"]:
            calls["n"] += 1
            raise PlatformRejected("HTTP 422", status=422)
        return await real(to, *args, **kwargs)

    monkeypatch.setattr(scene.copilot.platform, "send_message", send)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: "Next: " in scene.thread_text())
    scene.clock.advance(minutes=6)
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert calls["n"] == 1
    assert scene.store.outbox_item(fill._common._sms_key(scene.proposal["id"], 0)).status == "failed"
    assert _notes(scene, "refused the text") == 1, scene.thread_text()


async def test_a_refusal_whose_move_on_meets_an_outage_is_still_said_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drafting for the next guest meets an outage: the thread says why nothing went to the first at once, and the
    expiry job moves the card on later without saying it again."""
    from spa_copilot.platform.errors import PlatformUnavailable

    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    _refuse_texts_to(monkeypatch, scene, first["client_id"], PlatformRejected("HTTP 422", status=422))
    platform = scene.copilot.platform
    read = platform.get_client
    state = {"down": False}

    async def get_client(client_id: str) -> Any:
        if state["down"] and client_id == second["client_id"]:
            raise PlatformUnavailable("GET /v1/clients/{id}: HTTP 503 after 5 attempts", status=503)
        return await read(client_id)

    monkeypatch.setattr(platform, "get_client", get_client)
    state["down"] = True
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: "refused the text" in scene.thread_text())
    assert scene.proposal["status"] == "approved"  # the move on waits for the spa system
    state["down"] = False
    await fill.expire_offers(scene.copilot)
    await eventually(lambda: "Next: " in scene.thread_text())
    row = scene.proposal
    assert row["status"] == "pending" and row["candidates"][row["current_index"]]["client_id"] == second["client_id"]
    assert _notes(scene, "refused the text") == 1, scene.thread_text()
