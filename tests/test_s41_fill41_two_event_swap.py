"""rev40b L1: the desk swaps her hand booking (X cancelled, Y booked over the same hour) and, with webhooks, the
copilot hears of it as two events, X cancelled first, then Y booked. X was told as a plain cancellation and Y was never
recorded on her offer: the thread never said she was booked again, Y's own cancellation was never said, and her
waitlist entry ended otherwise than after the swap heard at once. Now a second line names Y (the first stays), her
offer records Y, and her entry ends as the swap leaves it, as far as the thread allows."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus, WaitlistStatus
from spa_copilot.fill.late_reply import (
    _ENTRY_MARKED_AGAIN,
    _ENTRY_STAYS,
    _ENTRY_UNMARKED,
    HAND_BOOKING_AGAIN_TEXT,
    HAND_BOOKING_CANCELLED_TEXT,
    HAND_BOOKING_CANCELLED_WAITING_TEXT,
    hand_booking_said_off,
)
from spa_copilot.platform.webhooks import WebhookEvent
from spa_copilot.settings import Mode
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes, _late_yes_then_booked
from tests.test_s39_fill39_hand_booking_cancelled import _waitlist_writes_down
from tests.test_s40_fill40_swap_line import _another_service_at_the_start


async def _webhook(scene: Scene, kind: str, appointment: Any) -> None:
    """The spa system's webhook for ``appointment`` (``kind``: "cancelled", "created"), then the outbox's re-drive."""
    scene.clock.advance(seconds=5)
    event = WebhookEvent(id=f"evt_{appointment.id}_{kind}_{appointment.version}", type=f"appointment.{kind}",
                         appointment=appointment)
    await scheduler.on_appointment_webhook(scene.copilot, event)
    await fill.redrive_outbox(scene.copilot)


def _cancelled_by_the_desk(scene: Scene, appointment_id: str) -> Any:
    """The desk cancels ``appointment_id`` in Mangomint: the appointment as cancelled."""
    old = scene.world.spa.appointments[appointment_id]
    scene.clock.advance(seconds=10)
    now = old.model_copy(update={"status": AppointmentStatus.cancelled, "version": old.version + 1,
                                 "updated_at": scene.clock()})
    scene.world.spa.put_appointment(now)
    return now


async def _swapped_in_two_events(scene: Scene, first: dict[str, Any], mine: Any, *, other_service: bool = False) -> Any:
    """X (``mine``) cancelled and told, then Y booked at the same hour and told (twice: a replay): Y."""
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    other = _another_service_at_the_start(scene, first) if other_service else _booked_by_the_desk(scene, first)
    for _ in range(2):
        await _webhook(scene, "created", other)
    return other


def _lines(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


def _said(first: dict[str, Any], x: Any, y: Any) -> tuple[str, str]:
    """The cancellation's line (as the spa system showed her entry) and the line naming Y, without its ending."""
    name = first["first_name"]
    return (HAND_BOOKING_CANCELLED_TEXT.format(first_name=name, appointment_id=x.id, how="was cancelled in"),
            HAND_BOOKING_AGAIN_TEXT.format(first_name=name, appointment_id=x.id, other_id=y.id))


async def test_two_events_end_as_the_swap_heard_at_once(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)  # her entry's "booked" went out
    other = await _swapped_in_two_events(scene, first, mine)
    cancelled, again = _said(first, mine, other)
    lines = _lines(scene)
    assert lines.count(cancelled) == 1 and lines.count(again) == 1  # the swap's "booked stands": no more said
    assert lines.index(again) > lines.index(cancelled)
    now = scene.store.fill_offer(offer["id"])
    assert now["booked_appointment_id"] == other.id and hand_booking_said_off(scene.copilot, now) is None
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)  # a poll after says nothing more
    assert _lines(scene) == lines
    await scene.world.admin("POST", f"/sandbox/appointments/{other.id}/cancel", json={"reason": "changed mind"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)  # Y's cancellation is said in turn
    assert HAND_BOOKING_CANCELLED_TEXT.format(first_name=first["first_name"], appointment_id=other.id,
                                              how="was cancelled in") in _lines(scene)


async def test_y_of_another_service_leaves_her_entry_as_the_spa_system_shows_it(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    other = await _swapped_in_two_events(scene, first, mine, other_service=True)
    _, again = _said(first, mine, other)
    assert _lines(scene).count(again + _ENTRY_STAYS) == 1
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == other.id
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked  # as the desk left it


async def _held_booked_set_aside(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, Any, Any]:
    """Her entry's "booked" for X held by an outage, then set aside by X's cancellation (her "waiting" written back,
    held too): her candidate row, her offer, X and the outage's switch."""
    first, offer = await _late_yes(scene)
    down = _waitlist_writes_down(scene, monkeypatch, on=True)
    mine = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", mine)
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked").status == "pending"
    return first, offer, mine, down


@pytest.mark.parametrize("waiting_landed", [False, True], ids=["waiting-held", "waiting-landed"])
async def test_a_held_booked_set_aside_is_marked_again_for_y_of_what_she_waits_for(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, waiting_landed: bool
) -> None:
    first, offer, mine, down = await _held_booked_set_aside(scene, monkeypatch)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    if waiting_landed:
        down["on"] = False
        scene.clock.advance(seconds=600)
        await fill.redrive_outbox(scene.copilot)
        assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    other = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", other)
    down["on"] = False
    scene.clock.advance(seconds=600)
    await fill.redrive_outbox(scene.copilot)
    # as after the swap heard at once (its held "booked" stands and lands): booked, not back in line
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    name = first["first_name"]
    lines = _lines(scene)
    assert lines.count(HAND_BOOKING_CANCELLED_WAITING_TEXT.format(first_name=name, appointment_id=mine.id,
                                                                  how="was cancelled in")) == 1
    assert lines.count(_said(first, mine, other)[1] + _ENTRY_MARKED_AGAIN) == 1
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked").last_error == "superseded"  # its key taken
    if not waiting_landed:  # her "waiting" still to go out never lands between: set aside for "booked"
        assert scene.store.outbox_item(f"fill:{offer['id']}:unbooked").last_error == "superseded"


async def test_a_held_booked_set_aside_stays_aside_for_y_of_another_service(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, offer, mine, down = await _held_booked_set_aside(scene, monkeypatch)
    other = await _swapped_in_two_events(scene, first, mine, other_service=True)
    down["on"] = False
    scene.clock.advance(seconds=600)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting  # as the swap leaves it
    assert _lines(scene).count(_said(first, mine, other)[1]) == 1  # the thread's "back to waiting" stands
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == other.id


async def test_x_of_another_service_then_y_of_what_she_waits_for_tells_the_desk(scene: Scene) -> None:
    first, offer = await _late_yes(scene)
    mine = _another_service_at_the_start(scene, first)
    await _webhook(scene, "created", mine)
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == mine.id
    other = await _swapped_in_two_events(scene, first, mine)
    assert _lines(scene).count(_said(first, mine, other)[1] + _ENTRY_UNMARKED) == 1
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked") is None  # nothing written unread
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked:{other.id}") is None


async def test_read_only_mode_writes_nothing_and_tells_the_desk(scene: Scene) -> None:
    first, offer = await _late_yes(scene)
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"spa_mode": Mode.read_only})
    mine = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", mine)
    writes = len(scene.store.pending_outbox())
    other = await _swapped_in_two_events(scene, first, mine)
    assert _lines(scene).count(_said(first, mine, other)[1] + _ENTRY_UNMARKED) == 1
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == other.id
    assert len(scene.store.pending_outbox()) == writes


async def test_read_only_mode_keeps_a_held_waiting_and_tells_the_desk(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Her "booked" held and set aside by X's cancellation, her "waiting" written back and held too; read-only mode
    switched on before Y: no "booked" is recorded, and her "waiting" is not set aside for it (she would stay
    "offered", out of every ranking, once writes are allowed again)."""
    first, offer, mine, _ = await _held_booked_set_aside(scene, monkeypatch)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    assert scene.store.outbox_item(f"fill:{offer['id']}:unbooked").status == "pending"
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"spa_mode": Mode.read_only})
    other = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", other)
    assert _lines(scene).count(_said(first, mine, other)[1] + _ENTRY_UNMARKED) == 1
    assert scene.store.outbox_item(f"fill:{offer['id']}:unbooked").status == "pending"
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked:{other.id}") is None


async def test_y_cancelled_in_turn_sets_its_own_held_booked_aside(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Y's "booked" (under its own key) still held by the outage when Y is cancelled in turn: it must not land after
    the line, and her "waiting" is written back under a key of its own (the first's is X's)."""
    first, offer, mine, down = await _held_booked_set_aside(scene, monkeypatch)
    other = await _swapped_in_two_events(scene, first, mine)
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked:{other.id}").status == "pending"
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, other.id))
    down["on"] = False
    scene.clock.advance(seconds=600)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    assert _lines(scene).count(HAND_BOOKING_CANCELLED_WAITING_TEXT.format(
        first_name=first["first_name"], appointment_id=other.id, how="was cancelled in")) == 1
    assert scene.store.outbox_item(f"fill:{offer['id']}:unbooked:{other.id}") is not None
