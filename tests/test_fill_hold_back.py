"""Hold back: a manager takes back an approval whose text still waits for texting hours (``TEXT_SEND_HOURS``).

The card of an offer approved at night shows one button, Hold back (manager only, with a confirm). Clicking it claims
the waiting text first (the 8:00am re-drive cannot send it meanwhile), settles it and the offer as not sent and closes
the card; ``/spa fill`` starts a fresh proposal for the opening. A text that went out (or is going out) is left alone
and the click says so. ``/spa status`` and the App Home say how many approved texts wait and when the first goes out.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); the clock starts at 4:15am there.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.slack import ids
from spa_copilot.slack.answers import answer_status
from spa_copilot.slack.home import home_view_for
from tests.conftest import FakeClock
from tests.fill_scene import Scene, eventually, proposed
from tests.texting_hours import NIGHT, OPENS
from tests.texting_hours import approved_at_night as _approved_at_night
from tests.texting_hours import card_text as _card
from tests.texting_hours import drive_past_opening as _drive_past_opening

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


def _buttons(scene: Scene) -> list[str]:
    return [e["action_id"] for b in scene.card.blocks if b.get("type") == "actions" for e in b["elements"]]


async def _hold_back(scene: Scene, row: dict[str, Any], user: str | None = None) -> fill.FillResult:
    return await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=user or scene.world.manager_id)


async def test_hold_back_at_night_sends_nothing_and_a_fresh_approval_goes_out_once(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    pid, client_id = row["id"], row["candidates"][0]["client_id"]
    assert _buttons(scene) == [ids.HOLD_BACK_FILL]  # the waiting card's one button, with a confirm
    assert "Don't send this text? It has not gone out yet." in _card(scene)

    scene.clock.current = NIGHT + timedelta(minutes=15)  # 4:30am
    await scene.click(ids.HOLD_BACK_FILL)
    await eventually(lambda: scene.proposal["status"] == "rejected")
    held = scene.proposal
    assert held["decided_by"] == scene.world.manager_id
    # the card is redrawn after the store's change (a Slack call of its own): wait for it, not just the status
    await eventually(lambda: "Held back by" in _card(scene))
    card = _card(scene)
    assert f"Held back by <@{scene.world.manager_id}> at 4:30am Juniper &amp; Salt SoHo time before it went out" in card
    assert f"/spa fill {row['opening']['appointment_id']} offers the slot again" in card
    assert _buttons(scene) == []
    assert scene.store.fill_offer(fill._common.fill_offer_id(pid, 0))["status"] == "failed"
    audit = scene.store.recent_audit(5, action_prefix="fill.held_back")
    assert len(audit) == 1 and audit[0].actor == scene.world.manager_id
    assert audit[0].details["approvedBy"] == scene.world.manager_id

    # the old card's click (the Approve the manager saw before) is refused, and so is a second Hold back
    assert not (await fill.approve_fill(scene.copilot, pid, row["revision"], user_id=scene.world.manager_id)).ok
    again = await _hold_back(scene, row)
    assert not again.ok and "already decided" in again.note

    # 4:35am: the opening is offered again (a fresh proposal); its Approve waits and goes out once at 8:00am
    scene.clock.current = NIGHT + timedelta(minutes=20)
    started = await fill.start_fill(scene.copilot, row["opening"]["appointment_id"], by=scene.world.manager_id)
    fresh = scene.proposal
    assert fresh["id"] != pid and fresh["status"] == "pending", started.note
    assert fresh["candidates"][0]["client_id"] == client_id  # the held-back offer does not count against the cap
    assert (await fill.approve_fill(scene.copilot, fresh["id"], fresh["revision"], user_id=scene.world.manager_id)).ok
    assert scene.proposal["status"] == "approved" and scene.sent() == []

    await _drive_past_opening(scene)
    assert [m.idempotency_key for m in scene.world.spa.outbox] == [f"fill:{fresh['id']}:sms:0"]
    assert scene.proposal["status"] == "sent"
    assert scene.store.fill_proposal(pid)["status"] == "rejected"


@pytest.mark.parametrize("hold_back_first", [True, False])
async def test_hold_back_at_the_opening_races_the_redrive_and_the_text_goes_out_once(
    scene: Scene, hold_back_first: bool
) -> None:
    row = await _approved_at_night(scene)
    scene.clock.current = OPENS
    steps = [_hold_back(scene, row), fill.redrive_outbox(scene.copilot)]
    done = await asyncio.gather(*(steps if hold_back_first else steps[::-1]))
    result = done[0] if hold_back_first else done[1]
    assert not result.ok and "Too late to hold it back" in result.note and "Nothing changed" in result.note
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"
    assert scene.store.recent_audit(5, action_prefix="fill.held_back") == []
    await _drive_past_opening(scene)
    assert len(scene.sent()) == 1


async def test_hold_back_clicked_before_the_opening_and_finished_after_the_redrive_sent_changes_nothing(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The click at 7:59:59am is still checking the role when 8:00am comes and the re-drive sends the text."""
    row = await _approved_at_night(scene)
    scene.clock.current = OPENS - timedelta(seconds=1)
    is_manager = scene.copilot.roles.is_manager

    async def slow_role_check(user_id: str, **kwargs: bool) -> bool:
        scene.clock.current = OPENS
        await fill.redrive_outbox(scene.copilot)
        return await is_manager(user_id, **kwargs)

    monkeypatch.setattr(scene.copilot.roles, "is_manager", slow_role_check)
    result = await _hold_back(scene, row)
    assert not result.ok and "already went out" in result.note
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"


async def test_a_redrive_sending_at_the_opening_wins_over_a_hold_back_in_the_middle_of_the_send(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-drive claimed the text and is sending it when the click lands: the click is refused, one text."""
    row = await _approved_at_night(scene)
    scene.clock.current = OPENS
    send = scene.copilot.platform.send_message
    during: list[fill.FillResult] = []

    async def send_with_a_click_meanwhile(*args: Any, **kwargs: Any) -> Any:
        during.append(await _hold_back(scene, row))
        return await send(*args, **kwargs)

    monkeypatch.setattr(scene.copilot.platform, "send_message", send_with_a_click_meanwhile)
    await fill.redrive_outbox(scene.copilot)
    assert len(during) == 1 and not during[0].ok and "is going out now" in during[0].note
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"


async def test_hold_back_before_the_opening_wins_and_the_redrive_sends_nothing(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    scene.clock.current = OPENS - timedelta(seconds=1)
    result, _ = await asyncio.gather(_hold_back(scene, row), fill.redrive_outbox(scene.copilot))
    assert result.ok
    await _drive_past_opening(scene)
    assert scene.sent() == [] and scene.proposal["status"] == "rejected"


async def test_two_managers_holding_back_at_once_one_wins(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    managers = scene.world.settings.spa_manager_ids
    other = managers[-1] if len(managers) > 1 else managers[0]
    results = await asyncio.gather(_hold_back(scene, row), _hold_back(scene, row, user=other))
    assert sorted(r.ok for r in results) == [False, True]
    assert len(scene.store.recent_audit(5, action_prefix="fill.held_back")) == 1
    await _drive_past_opening(scene)
    assert scene.sent() == []


async def test_a_non_manager_cannot_hold_back_and_the_text_still_goes_out(scene: Scene) -> None:
    await _approved_at_night(scene)
    count = len(scene.world.slack.responses)
    await scene.click(ids.HOLD_BACK_FILL, user=FRONT_DESK_USER)
    await scene.world.slack.wait_for(lambda s: len(s.responses) > count, timeout=10)
    assert "for managers" in scene.world.slack.responses[-1].text
    assert scene.proposal["status"] == "approved" and _buttons(scene) == [ids.HOLD_BACK_FILL]
    await _drive_past_opening(scene)
    assert len(scene.sent()) == 1


async def test_an_old_revision_is_refused(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    stale = await fill.hold_back_fill(scene.copilot, row["id"], row["revision"] - 1, user_id=scene.world.manager_id)
    assert not stale.ok and scene.proposal["status"] == "approved"


async def test_a_card_sent_in_texting_hours_has_no_hold_back(scene: Scene) -> None:
    scene.clock.current = OPENS + timedelta(hours=1)
    row = await _approved_at_night_or_day(scene)
    assert row["status"] == "sent" and _buttons(scene) == []
    result = await _hold_back(scene, row)
    assert not result.ok and scene.proposal["status"] == "sent"


async def _approved_at_night_or_day(scene: Scene) -> dict[str, Any]:
    await proposed(scene)
    row = scene.proposal
    assert (await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)).ok
    return scene.proposal


async def test_status_and_home_say_how_many_texts_wait_and_when_the_first_goes_out(scene: Scene) -> None:
    row = await _approved_at_night(scene)
    status = (await answer_status(scene.copilot, None, scene.world.manager_id)).to_kwargs()  # type: ignore[arg-type]
    shown = json.dumps(status["blocks"], ensure_ascii=False)
    assert "1 text waits for texting hours: it goes out at 8:00am Juniper &amp; Salt SoHo time" in shown
    # a second approved text waiting (another proposal's, here the same payload under another key)
    item = scene.store.outbox_item(f"fill:{row['id']}:sms:0")
    scene.store.enqueue("fill:fp_other:reply", kind=fill.OUTBOX_REPLY, subject_id=row["id"], payload=item.payload)
    status = (await answer_status(scene.copilot, None, scene.world.manager_id)).to_kwargs()  # type: ignore[arg-type]
    shown = json.dumps(status["blocks"], ensure_ascii=False)
    assert "2 texts wait for texting hours: the first goes out at 8:00am Juniper &amp; Salt SoHo time" in shown
    home = json.dumps((await home_view_for(scene.copilot, scene.world.manager_id)).to_dict(), ensure_ascii=False)
    assert "2 texts wait for texting hours" in home

    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    status = (await answer_status(scene.copilot, None, scene.world.manager_id)).to_kwargs()  # type: ignore[arg-type]
    assert "texting hours" not in json.dumps(status["blocks"])
