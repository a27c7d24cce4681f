"""The waitlist entry is kept in step with the offer even when the process dies between the two.

The offer's change (sent, booked) and the waitlist write that follows it (the entry "offered", "booked") are
recorded in one transaction; the write itself goes out after it, through the outbox. A process killed right after
the transaction (kill -9: nothing after it runs) left the entry as it was for good (still "waiting" while the text
is out; the booking's own "booked" write not recorded). Now the restarted outbox sends it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed


class _Killed(BaseException):
    """The process dying (kill -9) at that point: nothing after it runs."""


def dies_after_the_transaction_where(scene: Scene, monkeypatch: pytest.MonkeyPatch, happened: Callable[[], bool]) -> None:
    """The process dies right after the first transaction that commits with ``happened()`` true."""
    store, real = scene.store, scene.store.transaction
    fired = {"done": False}

    @contextmanager
    def transaction() -> Iterator[None]:
        outer = not store.db.conn.in_transaction
        with real():
            yield
        if outer and not fired["done"] and happened():
            fired["done"] = True
            raise _Killed

    monkeypatch.setattr(store, "transaction", transaction)


def entry_of(scene: Scene, candidate: dict[str, Any]) -> Callable[[], Any]:
    """The candidate's waitlist entry as the spa system holds it now (read again at each call)."""
    return lambda: scene.world.spa.waitlist[candidate["entry_id"]]


def restarted(scene: Scene) -> None:
    fill.install(scene.copilot, scheduler.AsyncIOScheduler(timezone="UTC"))


async def test_killed_right_after_the_text_went_out_the_entry_is_still_set_offered(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    entry = entry_of(scene, first)
    with monkeypatch.context() as patched:
        dies_after_the_transaction_where(scene, patched, lambda: scene.proposal["status"] == "sent")
        await scene.click(ids.APPROVE_FILL)
        await eventually(lambda: len(scene.sent()) == 1 and scene.proposal["status"] == "sent")
        await asyncio.sleep(0.2)
    assert entry().status == WaitlistStatus.waiting, "the process died before the waitlist write went out"

    restarted(scene)
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert entry().status == WaitlistStatus.offered
    assert len(scene.sent()) == 1, "one text, not a second"


async def test_killed_right_after_the_yes_was_booked_the_entry_is_still_set_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    entry = entry_of(scene, first)
    await scene.approve_and_wait()
    assert entry().status == WaitlistStatus.offered
    with monkeypatch.context() as patched:
        dies_after_the_transaction_where(scene, patched, lambda: scene.proposal["status"] == "booked")
        with contextlib.suppress(_Killed):  # the webhook is handled in the sandbox's request: the death reaches it
            await scene.reply(first["client_id"], "YES")
        await eventually(lambda: scene.proposal["status"] == "booked")
        await asyncio.sleep(0.2)

    # the waitlist write was recorded with the booking (the contract's booking marks the entry booked too, so the
    # write is the belt to its braces: the entry is booked either way)
    [write] = [row for row in scene.store.db["outbox"].rows if row["key"].endswith(":booked")]
    assert '"booked"' in write["payload"] and first["entry_id"] in write["payload"]

    restarted(scene)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(write["key"]).status == "sent"  # type: ignore[union-attr]
    assert entry().status == WaitlistStatus.booked, "not offered again in the next ranking"
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert await fill.redrive_outbox(scene.copilot) == 0


async def test_a_no_records_the_entry_waiting_with_the_decline(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decline and its waitlist write are one transaction: rolled back together, or both recorded."""
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer is not None
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    declined = scene.store.outbox_item(f"fill:{offer['id']}:declined")
    assert declined is not None and declined.status == "sent"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting


