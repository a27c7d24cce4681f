"""Fill review, 4 December 2026 (session 20), through the real flow (``tests/fill_scene.py``: SoHo,
America/New_York, Tue 24 Nov 9:00am; texting hours 8:00am-9:00pm):

- Approve reads the text again as the Save of an edit read it, for the day it would go out now: "opened tomorrow at
  1pm", right when saved on Tuesday for Wednesday's 1pm slot, was texted on Wednesday when a manager approved it
  then (a YES booking that day). Now nothing is sent, the manager is told the line, and the card waits for an Edit;
  texting hours count as at Save (a 9:30pm Approve is texted the next morning);
- a card whose other guests are only capped for today keeps its Next candidate button: the cap's day turns and
  nothing redraws the card (it lost the button for good); Next candidate says why it cannot move on yet, and moves
  on the next day;
- the Edit button opens its modal without waiting on the spa system (a slow catalogue read cost Slack's 3-second
  trigger_id);
- the Edit of a reply to a late YES can be saved: a reply books nothing, so it need not ask for a YES, a time or a
  hold; it is still held to the length, the copilot's internal words and other guests' names.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.ai.concierge import Concierge
from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import ids
from tests.builders import OneAnswerModel
from tests.conftest import NOW
from tests.fill_scene import Scene, draft_setting, eventually, late_yes_reply, proposed, quiet_clients

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# ---------------------------------------------------------------------------------------------------
# The scene: tomorrow's (Wed 25 Nov) 1pm booking cancelled, three guests waiting for it


def _tomorrows_one_pm(scene: Scene) -> Any:
    world = scene.world
    location = world.data.locations[0]
    services = {s.id: s for s in world.data.services}
    tomorrow = (NOW.astimezone(location.tz) + timedelta(days=1)).date()
    found = [a for a in world.spa.appointments.values()
             if a.location_id == location.id and a.is_active and a.start_at.astimezone(location.tz).date() == tomorrow
             and a.start_at.astimezone(location.tz).hour >= 13 and len(a.services) == 1
             and services[a.services[0].service_id].staff_count == 1 and services[a.services[0].service_id].room_types]
    assert found, "the scene has no booking tomorrow afternoon"
    return min(found, key=lambda a: (a.start_at, a.id))


def _plant(scene: Scene, appointments: list[Any]) -> list[str]:
    spa, tz = scene.world.spa, scene.world.data.locations[0].tz
    for entry_id, entry in list(spa.waitlist.items()):
        spa.waitlist[entry_id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    clients = quiet_clients(scene.world, 3)
    for appointment in appointments:
        day = appointment.start_at.astimezone(tz).date().isoformat()
        for days_waited, client_id in zip((20, 12, 5), clients, strict=True):
            entry = spa.create_waitlist_entry(
                {"locationId": appointment.location_id, "clientId": client_id,
                 "serviceIds": [appointment.services[0].service_id], "dateFrom": day, "dateTo": day})
            spa.waitlist[entry.id] = entry.model_copy(update={"created_at": NOW - timedelta(days=days_waited)})
    return clients


async def _cancel(scene: Scene, appointment: Any) -> None:
    response = await scene.world.admin("POST", f"/sandbox/appointments/{appointment.id}/cancel",
                                       json={"reason": "sick"})
    assert response.status_code == 200
    await eventually(lambda: (row := scene.store.fill_proposal_for(appointment.id)) is not None and bool(row.get("ts")))


async def _tomorrows_card(scene: Scene) -> Any:
    slot = _tomorrows_one_pm(scene)
    _plant(scene, [slot])
    await _cancel(scene, slot)
    return slot


def _row(scene: Scene, appointment: Any) -> dict[str, Any]:
    row = scene.store.fill_proposal_for(appointment.id)
    assert row is not None
    return row


def _edit(row: dict[str, Any], day: str) -> str:
    candidate = row["candidates"][row["current_index"]]
    return f"Hi {candidate['first_name']}, a {candidate['service_name']} opened {day} at 1pm. Reply YES to claim it."


async def _approve(scene: Scene, appointment: Any) -> fill.FillResult:
    row = _row(scene, appointment)
    return await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)


def _set_clock(scene: Scene, hour: int, minute: int = 0, *, days: int = 0) -> None:
    """The clock at ``hour:minute`` local, ``days`` after the scene's Tuesday."""
    tz = scene.world.data.locations[0].tz
    local = NOW.astimezone(tz)
    target = local.replace(hour=hour, minute=minute) + timedelta(days=days)
    scene.clock.advance(seconds=(target - scene.copilot.now()).total_seconds())


# ---------------------------------------------------------------------------------------------------
# 1. Approve re-reads the text for the day it would go out


async def test_a_tomorrow_saved_yesterday_is_not_sent_today(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], _edit(row, "tomorrow"),
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note  # Tuesday 9:00am: right, the text would go out today
    _set_clock(scene, 9, days=1)  # Wednesday 9:00am, the slot's own day
    row = _row(scene, slot)
    before = (row["revision"], row["draft"])
    await scene.click(ids.APPROVE_FILL, message=scene.world.slack.message(row["channel"], row["ts"]))
    await eventually(lambda: bool(scene.world.slack.ephemerals))
    note = scene.world.slack.ephemerals[-1].text
    assert note.startswith("Nothing was sent: ") and '"tomorrow"' in note and "Edit the text" in note, note
    await asyncio.sleep(0.2)
    assert scene.sent() == []
    row = _row(scene, slot)
    assert row["status"] == "pending" and (row["revision"], row["draft"]) == before  # the card waits for an Edit
    assert scene.store.latest_fill_offer(row["candidates"][row["current_index"]]["client_id"]) is None
    # the manager edits it to say today, and Approve sends exactly that
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], _edit(row, "today"),
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    result = await _approve(scene, slot)
    assert result.ok, result.note
    await eventually(lambda: len(scene.sent()) == 1)
    assert scene.sent()[0]["body"] == _edit(row, "today")


async def test_approve_counts_texting_hours_as_the_save_does(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    _set_clock(scene, 20)  # Tuesday 8:00pm: a text approved now goes out now, the day before the slot
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], _edit(row, "tomorrow"),
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    _set_clock(scene, 21, 30)  # 9:30pm: approved now, it goes out at 8:00am on the slot's own day
    result = await _approve(scene, slot)
    assert not result.ok and '"tomorrow"' in result.note and _row(scene, slot)["status"] == "pending", result.note
    # what the Save takes at 9:30pm, Approve takes at 9:30pm: "today", read on the morning it goes out
    row = _row(scene, slot)
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], _edit(row, "today")) is None
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], _edit(row, "today"),
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    result = await _approve(scene, slot)
    assert result.ok, result.note
    assert _row(scene, slot)["status"] == "approved" and scene.sent() == []  # waits for 8:00am


@pytest.mark.parametrize("approved_at", [(9, 30, 0), (21, 30, 0), (9, 0, 1)])
async def test_the_drafted_text_passes_at_approve(scene: Scene, approved_at: tuple[int, int, int]) -> None:
    """The offline draft (Tuesday 9am, for Wednesday's 1pm: "on Wed 25 Nov at 1:00 pm") is approved Tuesday morning,
    Tuesday night (texted Wednesday morning) or Wednesday morning."""
    slot = await _tomorrows_card(scene)
    assert "Wed 25 Nov" in _row(scene, slot)["draft"]
    hour, minute, days = approved_at
    _set_clock(scene, hour, minute, days=days)
    result = await _approve(scene, slot)
    assert result.ok, result.note
    assert _row(scene, slot)["status"] in ("approved", "sent")


async def test_a_model_draft_for_today_passes_at_approve(scene: Scene) -> None:
    copilot, setting = scene.copilot, await draft_setting(scene)
    text = setting.good.replace("Hi ", "Hello ", 1)
    assert "today" in text
    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(text))  # type: ignore[arg-type]
    await proposed(scene)
    row = scene.proposal
    assert row["draft"] == text and "offline" not in row["draft_engine"], row["draft_engine"]
    result = await fill.approve_fill(copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok, result.note
    await eventually(lambda: len(scene.sent()) == 1)
    assert scene.sent()[0]["body"] == text


# ---------------------------------------------------------------------------------------------------
# 2. Next candidate when the rest are only capped for today


async def _offer_to_everyone(scene: Scene, appointment: Any) -> None:
    """The card for ``appointment`` offers its slot to each of its guests in turn, each hold running out (the daily
    cap is 1, so each is then offered a slot today)."""
    for _ in range(3):
        row = _row(scene, appointment)
        if row["status"] != "pending":
            break
        await scene.click(ids.APPROVE_FILL, message=scene.world.slack.message(row["channel"], row["ts"]))
        await eventually(lambda: _row(scene, appointment)["status"] == "sent")
        scene.clock.advance(minutes=11)
        await fill.expire_offers(scene.copilot)
        await asyncio.sleep(0.2)


def _buttons(scene: Scene, row: dict[str, Any]) -> list[str]:
    message = scene.world.slack.message(row["channel"], row["ts"])
    return [e.get("action_id") for b in message.blocks if b.get("type") == "actions" for e in b["elements"]]


async def test_next_candidate_stays_while_the_rest_are_only_capped_for_today(scene: Scene) -> None:
    today_slot, tomorrow_slot = scene.target, _tomorrows_one_pm(scene)
    _plant(scene, [today_slot, tomorrow_slot])
    await _cancel(scene, today_slot)
    await _cancel(scene, tomorrow_slot)
    # today's card offers the slot to every guest it can, one after another, each hold running out: they are all
    # offered a slot today (the daily cap is 1)
    await _offer_to_everyone(scene, today_slot)
    row = _row(scene, tomorrow_slot)
    assert fill.decisions._next_index(scene.copilot, row) is None  # the rest are capped today
    # an Approve refused now (the slot gone for the guest) says the rest can be offered it later, as the card's
    # button does, not "Nobody else on this card can be offered it"
    assert fill.decisions._then(scene.copilot, row) == fill.decisions.THEN_LATER
    # anything redrawing tomorrow's card (here an edit) keeps its Next candidate button
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], row["draft"] + " Thanks!",
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    await asyncio.sleep(0.1)
    row = _row(scene, tomorrow_slot)
    assert ids.NEXT_CANDIDATE in _buttons(scene, row)
    # clicked today, it says why it cannot move on yet, and changes nothing
    result = await fill.next_candidate(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert not result.ok and result.note == fill.decisions.NOT_YET_NEXT_TEXT
    assert _row(scene, tomorrow_slot)["current_index"] == row["current_index"]
    # the next morning the cap's day has turned: Next candidate moves on
    _set_clock(scene, 9, days=1)
    row = _row(scene, tomorrow_slot)
    assert row["status"] == "pending" and ids.NEXT_CANDIDATE in _buttons(scene, row)
    await scene.click(ids.NEXT_CANDIDATE, message=scene.world.slack.message(row["channel"], row["ts"]))
    await eventually(lambda: _row(scene, tomorrow_slot)["current_index"] == row["current_index"] + 1)


def _later_today(scene: Scene) -> Any:
    """Another of today's bookings at the target's location, starting at least two hours after the target."""
    services = {s.id: s for s in scene.world.data.services}
    found = [a for a in scene.world.spa.appointments.values()
             if a.location_id == scene.target.location_id and a.is_active and a.id != scene.target.id
             and scene.target.start_at + timedelta(hours=2) <= a.start_at
             and a.start_at.astimezone(scene.world.data.locations[0].tz).date()
             == scene.target.start_at.astimezone(scene.world.data.locations[0].tz).date()
             and len(a.services) == 1 and services[a.services[0].service_id].staff_count == 1
             and services[a.services[0].service_id].room_types]
    assert found, "the scene has no later booking today"
    return min(found, key=lambda a: (a.start_at, a.id))


async def test_next_candidate_goes_when_the_rest_are_capped_until_after_a_slot_today(scene: Scene) -> None:
    # the cap's day turns only after a slot today has started: Next candidate could never move on, so it is not shown
    first, later = scene.target, _later_today(scene)
    _plant(scene, [first, later])
    await _cancel(scene, first)
    await _cancel(scene, later)
    await _offer_to_everyone(scene, first)
    row = _row(scene, later)
    assert row["status"] == "pending" and fill.decisions._next_index(scene.copilot, row) is None
    assert fill.decisions._then(scene.copilot, row) == fill.decisions.THEN_NOBODY  # no button to choose later
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], row["draft"] + " Thanks!",
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    await asyncio.sleep(0.1)
    assert ids.NEXT_CANDIDATE not in _buttons(scene, _row(scene, later))


# ---------------------------------------------------------------------------------------------------
# 3. The Edit button never waits on the spa system


async def test_the_edit_modal_opens_while_the_spa_system_is_slow(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    row = scene.proposal
    asked: list[str] = []

    async def hang(*args: Any, **kwargs: Any) -> Any:
        asked.append("locations")
        await asyncio.sleep(30)  # a gateway that does not answer

    monkeypatch.setattr(scene.copilot.platform, "list_locations", hang)
    scene.copilot._catalog_at = float("-inf")  # the catalogue's 5 minutes have passed
    view = await asyncio.wait_for(
        fill.edit_modal(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id), timeout=1.0)
    assert not isinstance(view, fill.FillResult) and asked == []
    assert row["draft"] in str(view.to_dict())
    # the Save's check still knows the spa's other location, from the catalogue as last read
    other = next(loc.name for loc in scene.copilot.known_catalog().locations if loc.id != scene.target.location_id)
    problem = fill.edit_problem(scene.copilot, row["id"], row["revision"], row["draft"] + f" Or at {other}?")
    assert problem is not None and other.split()[-1] in problem, problem


# ---------------------------------------------------------------------------------------------------
# 4. A reply to a late YES can be edited


async def _reply_card(scene: Scene) -> dict[str, Any]:
    _, reply = await late_yes_reply(scene)
    assert reply["kind"] == "reply" and reply["status"] == "pending"
    return reply


async def test_a_reply_to_a_late_yes_can_be_edited_and_sent(scene: Scene) -> None:
    reply = await _reply_card(scene)
    name = reply["candidates"][0]["first_name"]
    fine = [reply["draft"], reply["draft"] + " Sorry again!",
            f"Hi {name}, sorry, that spot was taken. We'll text you when another opens. Maybe tomorrow!"]
    for text in fine:
        assert fill.edit_problem(scene.copilot, reply["id"], reply["revision"], text) is None, text
    modal = await fill.edit_modal(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert not isinstance(modal, fill.FillResult) and "Reply YES" not in str(modal.to_dict()["blocks"][0])
    edited = fine[2]
    saved = await fill.save_edit(scene.copilot, reply["id"], reply["revision"], edited, user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    reply = scene.store.fill_proposal(reply["id"])
    before = len(scene.sent())
    result = await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert result.ok, result.note
    await eventually(lambda: len(scene.sent()) == before + 1)
    assert scene.sent()[-1]["body"] == edited


async def test_a_reply_edit_keeps_the_length_internal_words_and_privacy_checks(scene: Scene) -> None:
    reply = await _reply_card(scene)
    parent = scene.store.fill_proposal(reply["parent_id"])
    name = reply["candidates"][0]["first_name"]
    other = next(c["first_name"] for c in parent["candidates"] if c["client_id"] != reply["candidates"][0]["client_id"])

    def problem(text: str) -> str | None:
        return fill.edit_problem(scene.copilot, reply["id"], reply["revision"], text)

    assert problem("   ") == fill.EMPTY_DRAFT_TEXT
    assert problem(f"Hi {name}, " + "sorry " * 60).startswith("Keep the text to 320 characters")
    assert problem(f"Hi {name}, sorry, it was taken. You're still waitlist #2 for the next one.") == (
        'Take out "waitlist #2": scores, ranks, waitlist numbers and ids are the copilot\'s, not for the guest.')
    assert problem(f"Hi {name}, sorry, {other} said yes first. You're still on our waitlist.") == (
        f'This text goes to {name}: "{other}" is another guest\'s name.')
    assert problem(f"Hi {other}, sorry, that spot was taken.") == (
        f'This text goes to {name}: "{other}" is another guest\'s name.')


async def test_an_approve_refused_for_a_therapist_no_longer_free_says_the_time_is_taken(scene: Scene) -> None:
    # a staff-eye review: "the slot is no longer free … (Priya is no longer free then). … choose Next candidate later"
    # sent the manager to guests who would each be offered Priya at the same time
    await proposed(scene)
    row = scene.proposal
    offered = {c.get("staff_id") for c in row["candidates"]}
    assert len(offered) == 1 and len(row["candidates"]) > 1  # the freed therapist, for everyone on the card
    assert fill.decisions._then(scene.copilot, row, "therapist_busy") == fill.decisions.THEN_TAKEN
    assert fill.decisions._then(scene.copilot, row, "client_busy") == fill.decisions.THEN_NEXT  # hers alone
    other = {**row, "candidates": [*row["candidates"][:-1], {**row["candidates"][-1], "staff_id": "st_other"}]}
    assert fill.decisions._then(scene.copilot, other, "therapist_busy") != fill.decisions.THEN_TAKEN
