"""rev38k K1, rev39b H1/M1: the booking the desk made a guest whose hold ran out (recorded on her offer by the poll
that found it) is cancelled in Mangomint: the thread says so, once, so staff do not read her closed reply card's reason
as still true; her offer keeps the booking, so nothing is texted to her about her earlier YES (a reply approved and
waiting for texting hours told her, a guest who had cancelled, that her hold ran out and she was still waiting)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.late_reply import (
    HAND_BOOKING_CANCELLED_TEXT,
    HAND_BOOKING_CANCELLED_WAITING_TEXT,
    REPLY_BOOKED_REASON,
)
from spa_copilot.fill.outbox import booked_by_hand
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene, proposed, sms_reply
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes, _late_yes_then_booked


def _waitlist_writes_down(scene: Scene, monkeypatch: pytest.MonkeyPatch, *, on: bool) -> dict[str, bool]:
    """The spa system's waitlist PATCH out of reach while the returned switch's "on" is True."""
    down, real = {"on": on}, scene.copilot.platform.update_waitlist_entry

    async def flaky(*args: object, **kwargs: object) -> object:
        if down["on"]:
            raise PlatformUnavailable("PATCH /v1/waitlist: 503")
        return await real(*args, **kwargs)

    monkeypatch.setattr(scene.copilot.platform, "update_waitlist_entry", flaky)
    return down


async def test_her_hand_booking_cancelled_is_said_once_and_texts_her_nothing(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply["reason"] == REPLY_BOOKED_REASON.format(first_name=first["first_name"], appointment=mine.id)
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "changed mind"})
    line = HAND_BOOKING_CANCELLED_TEXT.format(first_name=first["first_name"], appointment_id=mine.id,
                                              how="was cancelled in")
    for _ in range(2):  # a second poll says nothing more
        scene.clock.advance(seconds=60)
        await scheduler.poll_calendar(scene.copilot)
    assert scene.thread_text().count(line) == 1
    now = scene.store.fill_offer(offer["id"])
    assert (now["status"], now["booked_appointment_id"], booked_by_hand(now)) == ("expired", mine.id, True)
    # her reply card stays closed, and her entry is left as the poll that found her booked wrote it
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}")["status"] == "expired"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked


async def test_her_entry_s_booked_held_by_an_outage_does_not_land_after_the_cancellation_is_said(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, offer = await _late_yes(scene)
    down = _waitlist_writes_down(scene, monkeypatch, on=True)
    mine = _booked_by_the_desk(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked").status == "pending"  # held by the outage
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "changed mind"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    shown = scene.world.spa.waitlist[first["entry_id"]].status
    down["on"] = False
    scene.clock.advance(seconds=600)
    await fill.redrive_outbox(scene.copilot)
    assert shown != WaitlistStatus.booked
    assert scene.world.spa.waitlist[first["entry_id"]].status == shown  # as the line told the desk


async def test_her_entry_is_not_left_offered_when_both_of_its_writes_were_held(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rev39m M1: one outage holds the expiry's "waiting", her late YES finding her booked sets it aside for "booked"
    (held too), her booking is cancelled and the "booked" set aside: nothing was left to go out, and she stayed
    "offered", out of every ranking, for good. Her "waiting" is written again, read first."""
    await proposed(scene)
    down = _waitlist_writes_down(scene, monkeypatch, on=False)
    scene.clock.current = datetime.fromisoformat(scene.proposal["opening"]["start"]) - timedelta(minutes=16)
    first, offer = await scene.first_offer_sent()
    down["on"] = True
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires + timedelta(minutes=1),
                                                            "m1"))
    mine = _booked_by_the_desk(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "changed mind"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    down["on"] = False
    scene.clock.advance(minutes=10)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    # the thread says the copilot put her entry back, not that it stays as the desk left it (rev40a L2)
    said = HAND_BOOKING_CANCELLED_WAITING_TEXT.format(first_name=first["first_name"], appointment_id=mine.id,
                                                      how="was cancelled in")
    assert scene.thread_text().count(said) == 1
    assert "the desk can put them back" not in scene.thread_text()
