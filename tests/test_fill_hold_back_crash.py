"""Hold back and the texts waiting for texting hours, at their crash points.

A Hold back claims the waiting text and settles it, the offer and the card. A failure (or a process killed) between
the claim and the settle must not leave the text claimed but unsettled: then the card still shows Hold back, a
second click is refused as "going out now", and the text goes out at the opening although a manager tried to take
it back. Either the Hold back stands whole (nothing sent) or it did not happen (the text waits, a click again holds
it back; left alone, it goes out once).

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); the clock starts at 4:15am there.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from tests.conftest import FakeClock
from tests.fill_scene import Scene
from tests.texting_hours import NIGHT, OPENS
from tests.texting_hours import approved_at_night as _approved_at_night

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Crash(Exception):
    """Stands for the process dying at this point (nothing after it runs)."""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


def _key(row: dict[str, Any]) -> str:
    return f"fill:{row['id']}:sms:{row['current_index']}"


async def _restart_and_drive_past_opening(scene: Scene) -> None:
    """A process starting again (its claims' leases ended), then the re-drive across the opening."""
    scene.clock.current = NIGHT + timedelta(minutes=20)
    scene.store.reclaim_outbox(now=scene.clock.current)
    await fill.redrive_outbox(scene.copilot)
    for minutes in (0, 1, 6):
        scene.clock.current = OPENS + timedelta(minutes=minutes)
        await fill.redrive_outbox(scene.copilot)


def _crash_on(monkeypatch: pytest.MonkeyPatch, target: Any, method: str) -> None:
    def crash(*args: Any, **kwargs: Any) -> Any:
        raise Crash(method)

    monkeypatch.setattr(target, method, crash)


@pytest.mark.parametrize("method", ["mark_outbox", "update_fill_offer", "update_fill_proposal", "audit"])
async def test_a_hold_back_that_fails_after_its_claim_leaves_the_text_waiting_and_a_second_click_holds_it_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    row = await _approved_at_night(scene)
    with monkeypatch.context() as patch:
        _crash_on(patch, scene.store, method)
        with pytest.raises(Crash):
            await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    item = scene.store.outbox_item(_key(row))
    assert item is not None and item.status == "pending"  # not left claimed: the whole Hold back rolled back
    assert scene.proposal["status"] == "approved"
    again = await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert again.ok, again.note
    await _restart_and_drive_past_opening(scene)
    assert scene.sent() == [] and scene.proposal["status"] == "rejected"


async def test_a_hold_back_that_failed_after_its_claim_and_was_not_clicked_again_sends_the_text_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = await _approved_at_night(scene)
    with monkeypatch.context() as patch:
        _crash_on(patch, scene.store, "update_fill_proposal")
        with pytest.raises(Crash):
            await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    await _restart_and_drive_past_opening(scene)
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"
    assert scene.store.recent_audit(5, action_prefix="fill.held_back") == []


async def test_a_hold_back_whose_card_changed_inside_the_settle_changes_nothing(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal's compare-and-set fails inside the settle (its status or revision moved): the item and the offer
    are not failed under a card still saying approved (a stuck card whose text never goes out)."""
    row = await _approved_at_night(scene)
    monkeypatch.setattr(scene.store, "update_fill_proposal", lambda *a, **k: False)
    result = await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert not result.ok
    monkeypatch.undo()
    item = scene.store.outbox_item(_key(row))
    assert item is not None and item.status == "pending"
    assert scene.store.recent_audit(5, action_prefix="fill.held_back") == []
    await _restart_and_drive_past_opening(scene)
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"


async def test_a_held_back_text_stays_unsent_across_a_restart(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    assert (await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)).ok
    await _restart_and_drive_past_opening(scene)
    assert scene.sent() == [] and scene.store.outbox_item(_key(row)).status == "failed"


async def test_a_waiting_text_left_alone_across_a_restart_goes_out_once(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    await _restart_and_drive_past_opening(scene)
    await _restart_and_drive_past_opening(scene)
    assert len(scene.sent()) == 1 and scene.store.outbox_item(_key(row)).status == "sent"


async def test_a_stop_whose_drop_fails_after_its_claim_still_sends_nothing_at_the_opening(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_drop_held_text`` (a STOP while the text waits) dies between its claim and the settle: the claim's lease
    ends at the restart and the opening's send re-reads consent, so nothing goes out."""
    row = await _approved_at_night(scene)
    client_id = row["candidates"][row["current_index"]]["client_id"]
    async def dies(*args: Any, **kwargs: Any) -> None:
        raise Crash("_fail_message")

    with monkeypatch.context() as patch:
        patch.setattr(fill.outbox, "_fail_message", dies)
        with pytest.raises(Crash):
            await fill.outbox._drop_held_text(scene.copilot, fill._common._text_key(row), "opted out", "optedOut")
    item = scene.store.outbox_item(_key(row))
    assert item is not None and item.status == "sending"  # claimed, never settled
    scene.store.record_text_opt_out(client_id, at=scene.clock.current)  # the STOP, recorded before the drop
    await _restart_and_drive_past_opening(scene)
    assert scene.sent() == []
