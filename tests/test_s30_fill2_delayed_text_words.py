"""An approved text held up by an outage (or kept for texting hours) used to go out whenever the spa system answered
again, its words unread: "tomorrow", approved at 8:56pm the evening before the slot, went out on the slot's own day.
Now a delayed send reads the words again as Approve does (``text_problem``): when they no longer fit, nothing is sent,
the card says the text needs an Edit (``/spa fill`` offers the slot again on a fresh card), its thread told once."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _approve, _edit, _row, _set_clock, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _approved_in_an_outage(scene: Scene, monkeypatch: pytest.MonkeyPatch, day: str) -> tuple[Any, dict[str, bool]]:
    slot = await _tomorrows_card(scene)
    _set_clock(scene, 20, 55)  # Tuesday 8:55pm, texting open until 9pm; the slot is Wednesday 1pm
    row = _row(scene, slot)
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], _edit(row, day),
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    platform = scene.copilot.platform
    real = platform.send_message
    down = {"on": True}

    async def send(*args: Any, **kwargs: Any) -> Any:
        if down["on"]:
            raise PlatformUnavailable("send_message: HTTP 503", status=503)
        return await real(*args, **kwargs)

    monkeypatch.setattr(platform, "send_message", send)
    _set_clock(scene, 20, 56)
    result = await _approve(scene, slot)
    assert result.ok, result.note
    assert scene.sent() == [] and _row(scene, slot)["status"] == "approved"
    return slot, down


def _thread(scene: Scene, slot: Any) -> list[str]:
    row = _row(scene, slot)
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


async def test_a_tomorrow_held_up_overnight_is_not_sent_on_the_slots_day(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    slot, down = await _approved_in_an_outage(scene, monkeypatch, "tomorrow")
    down["on"] = False
    _set_clock(scene, 8, 0, days=1)  # Wednesday 8:00am, the slot's own day
    await fill.redrive_outbox(scene.copilot)
    await fill.redrive_outbox(scene.copilot)  # a second pass changes nothing more
    await fill.expire_offers(scene.copilot)
    assert scene.sent() == []
    row = _row(scene, slot)
    assert row["status"] == "failed", row["status"]
    assert 'not "tomorrow"' in row["reason"] and "needs an Edit" in row["reason"], row["reason"]
    assert f"/spa fill {slot.id}" in row["reason"]
    notes = [t for t in _thread(scene, slot) if "needs an Edit" in t]
    assert len(notes) == 1, _thread(scene, slot)
    offer = scene.store.latest_fill_offer(row["candidates"][row["current_index"]]["client_id"])
    assert offer is not None and offer["status"] == "failed"
    # the slot is offered again on a fresh card, whose text can be edited and approved
    fresh = await fill.start_fill(scene.copilot, slot.id, by=scene.world.manager_id)
    assert fresh.ok, fresh.note
    assert _row(scene, slot)["status"] == "pending"


async def test_a_text_that_still_fits_goes_out_when_the_spa_system_answers_again(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    slot, down = await _approved_in_an_outage(scene, monkeypatch, "Wednesday")
    down["on"] = False
    _set_clock(scene, 8, 0, days=1)
    await fill.redrive_outbox(scene.copilot)
    assert [m["body"] for m in scene.sent()] and "Wednesday" in scene.sent()[0]["body"]
    assert _row(scene, slot)["status"] == "sent"
    assert not [t for t in _thread(scene, slot) if "needs an Edit" in t]
