"""Texting hours (``TEXT_SEND_HOURS``), reviewed adversarially: the daily cap's day when a text waits for the
morning, a text kept overnight by an outage, and the other corners the first tests did not drive.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); its cancelled appointment is at
11:00am on 24 November 2026 (16:00 UTC). Texting opens at 8:00am there (13:00 UTC) and closes at 9:00pm (02:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spa_copilot import fill
from tests.conftest import FakeClock
from tests.fill_scene import Scene, proposed
from tests.texting_hours import NIGHT, OPENS, approved_while_sends_fail
from tests.texting_hours import approve as _approve

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EVENING = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 9:30pm on the 23rd in New York: texting has closed


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(EVENING)


def _past_offer(scene: Scene, client_id: str, at: datetime, *, status: str = "declined") -> None:
    """An earlier offer to ``client_id`` (another opening's), made at ``at`` and answered."""
    stamp = at.isoformat()
    scene.store.db.execute(
        "INSERT INTO offers (id, proposal_id, client_id, waitlist_entry_id, status, created_at, updated_at) "
        "VALUES (?, 'fp_earlier', ?, NULL, ?, ?, ?)",
        [f"of_earlier_{stamp}", client_id, status, stamp, stamp],
    )


async def test_an_evening_approval_counts_against_the_day_the_text_goes_out(scene: Scene) -> None:
    """Offered a slot at 10:00am on the 23rd (texted then, declined), then at 9:30pm approved for one whose text
    goes out at 8:00am on the 24th: one text each day, within a daily cap of 1, so the approval is kept (it was
    refused as "already offered a slot today", the 23rd's offer counted against a text sent on the 24th)."""
    await proposed(scene)
    first = scene.candidate(0)
    _past_offer(scene, first["client_id"], datetime(2026, 11, 23, 15, 0, tzinfo=UTC))  # 10:00am on the 23rd
    result = await _approve(scene)
    assert result.ok, result.note
    assert scene.proposal["status"] == "approved"
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert [m.message.client_id for m in scene.world.spa.outbox] == [first["client_id"]]


async def test_an_offer_after_texting_closed_still_caps_the_next_morning(scene: Scene) -> None:
    """The other side: an offer approved at 9:10pm on the 23rd (its text went out on the 24th) caps the guest for
    the 24th, whether the next Approve comes at 9:30pm or at 8:05am."""
    await proposed(scene)
    first = scene.candidate(0)
    _past_offer(scene, first["client_id"], datetime(2026, 11, 24, 2, 10, tzinfo=UTC))  # 9:10pm on the 23rd
    result = await _approve(scene)
    assert not result.ok and "already offered a slot today" in result.note
    scene.clock.current = OPENS + timedelta(minutes=5)
    result = await _approve(scene)
    assert not result.ok and "already offered a slot today" in result.note
    assert scene.world.spa.outbox == []


async def test_a_text_kept_overnight_by_an_outage_re_checks_the_slot_before_it_goes_out(scene: Scene) -> None:
    """Approved at 8:59pm while the spa system could not send, the text waits for 8:00am; the cancellation is undone
    at 10pm. At 8:00am the slot is re-checked as for an approval made at night: nothing is sent (it went out, for a
    slot that was no longer free, before)."""
    from spa_copilot.domain import AppointmentStatus

    await approved_while_sends_fail(scene, datetime(2026, 11, 24, 1, 59, tzinfo=UTC))  # 8:59pm on the 23rd
    scene.clock.current = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 10:00pm: the front desk books it again
    spa = scene.world.spa
    target = spa.appointments[scene.target.id]
    spa.put_appointment(target.model_copy(update={"status": AppointmentStatus.confirmed, "cancellation": None,
                                                  "version": target.version + 1}))
    assert await fill.redrive_outbox(scene.copilot) == 0
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert spa.outbox == []
    row = scene.proposal
    assert row["status"] == "failed" and fill.BOOKING_BACK_TEXT in row["reason"]


async def test_a_text_retried_within_the_same_evening_is_re_checked_once_and_sent(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An outage of a minute at 8:30pm: the retry at 8:31pm re-checks the slot once (the book may have changed while
    the text was held: the booking restored, the hour booked by hand; review rev28a) and, the slot still free, sends."""
    await approved_while_sends_fail(scene, datetime(2026, 11, 24, 1, 30, tzinfo=UTC))  # 8:30pm on the 23rd
    calls = {"n": 0}
    recheck = fill.outbox._deferred_slot_gone

    async def counted(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        return await recheck(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fill.outbox, "_deferred_slot_gone", counted)
    scene.clock.advance(minutes=1)
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert calls["n"] == 1 and len(scene.world.spa.outbox) == 1


async def _remove_from_waitlist(scene: Scene, entry_id: str) -> None:
    """What ``/spa waitlist remove`` does: the entry is cancelled at the spa system (it stays listed)."""
    await scene.copilot.platform.update_waitlist_entry(entry_id, changes={"status": "cancelled"},
                                                       idempotency_key=f"test-remove:{entry_id}")


async def test_a_guest_taken_off_the_waitlist_while_the_text_waits_is_not_texted(scene: Scene) -> None:
    """Approved at 4:15am; at 6am the front desk removes the guest from the waitlist (they called: not interested).
    At 8:00am nothing goes to them, and the opening, still free, moves to the next candidate for a manager's
    Approve (before, the removed guest was texted: the re-check read a cancelled entry as waiting)."""
    scene.clock.current = NIGHT
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    assert (await _approve(scene)).ok
    scene.clock.current = NIGHT + timedelta(hours=2)
    await _remove_from_waitlist(scene, first["entry_id"])
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.expire_offers(scene.copilot)
    assert scene.world.spa.outbox == []
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    thread = scene.thread_text()
    assert "Nothing was sent to" in thread and "waitlist entry was removed" in thread
    assert f"Next: {fill.card_name(second)}, waiting for a manager's approval." in thread
    offer = scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0))
    assert offer is not None and offer["status"] == "failed"
    assert scene.world.spa.waitlist[first["entry_id"]].status == "cancelled"  # left as the front desk set it
    assert (await _approve(scene)).ok  # 8:00am: the next guest's text goes out at once
    assert [m.message.client_id for m in scene.world.spa.outbox] == [second["client_id"]]


async def test_an_approve_for_a_guest_taken_off_the_waitlist_is_refused(scene: Scene) -> None:
    scene.clock.current = OPENS + timedelta(hours=1)
    await proposed(scene)
    first = scene.candidate(0)
    await _remove_from_waitlist(scene, first["entry_id"])
    result = await _approve(scene)
    assert not result.ok and "waitlist entry was removed" in result.note
    assert scene.world.spa.outbox == [] and scene.proposal["status"] == "pending"


async def test_a_restart_while_the_text_waits_sends_it_once_at_the_opening(scene: Scene) -> None:
    """The process restarts at 6am (the jobs installed again over the same database): the 8:00am re-drive sends the
    kept text once, however many passes run."""
    from spa_copilot import scheduler

    scene.clock.current = NIGHT
    await proposed(scene)
    assert (await _approve(scene)).ok
    scene.clock.current = NIGHT + timedelta(hours=2)
    fill.install(scene.copilot, scheduler.AsyncIOScheduler(timezone="UTC"))  # the restarted process
    assert scene.store.reclaim_outbox(now=scene.clock()) == 0  # nothing was mid-send
    assert await fill.redrive_outbox(scene.copilot) == 0
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.expire_offers(scene.copilot)
    assert len(scene.world.spa.outbox) == 1 and scene.proposal["status"] == "sent"
    assert scene.card_text().count("went out at 8:00am") == 1


async def test_a_yes_after_texting_closed_to_a_text_whose_send_was_not_confirmed(scene: Scene) -> None:
    """Approved at 8:59pm, the send's answer lost (the text may have reached the guest); the guest texts YES at
    9:02pm. Settling the send would text them after hours, so it waits for 8:00am: the YES is not booked, and the
    thread says so once, for a person to follow up (before, the reply webhook was refused until the platform gave
    it up, and nobody heard of the YES)."""
    from tests.fill_scene import eventually

    await approved_while_sends_fail(scene, datetime(2026, 11, 24, 1, 59, tzinfo=UTC))  # 8:59pm on the 23rd
    first = scene.candidate(0)
    scene.clock.current = datetime(2026, 11, 24, 2, 2, tzinfo=UTC)  # 9:02pm
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "texted YES at 9:02pm" in scene.thread_text())
    await scene.reply(first["client_id"], "Yes!")
    assert scene.world.spa.outbox == [] and scene.bookings_for(first["client_id"]) == []
    assert scene.thread_text().count("texted YES at") == 1
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert len(scene.world.spa.outbox) == 1


async def _cancellation_undone(scene: Scene) -> None:
    """The front desk books the cancelled appointment again; the calendar poll sees it."""
    from spa_copilot import scheduler
    from spa_copilot.domain import AppointmentStatus

    spa = scene.world.spa
    target = spa.appointments[scene.target.id]
    spa.put_appointment(target.model_copy(update={"status": AppointmentStatus.confirmed, "cancellation": None,
                                                  "version": target.version + 1}))
    await scheduler.poll_calendar(scene.copilot)


async def test_a_cancellation_undone_while_the_text_waits_closes_the_card_at_once(scene: Scene) -> None:
    """Approved at 4:15am, the cancellation undone at 6am: the card says at once that nothing will be sent (it said
    "goes out at 8:00am" until 8:00am), and nothing is sent at the opening."""
    scene.clock.current = NIGHT
    await proposed(scene)
    assert (await _approve(scene)).ok
    scene.clock.current = NIGHT + timedelta(hours=2)
    await _cancellation_undone(scene)
    row = scene.proposal
    assert row["status"] == "failed" and fill.BOOKING_BACK_TEXT in row["reason"]
    assert "goes out at" not in scene.card_text()
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.expire_offers(scene.copilot)
    assert scene.world.spa.outbox == []
    assert scene.proposal["status"] == "failed"


async def test_a_stop_while_the_text_waits_moves_on_at_once(scene: Scene) -> None:
    """The guest texts STOP at 4:45am while their offer waits for 8:00am: the card moves to the next candidate then
    (it kept saying "goes out at 8:00am" until the opening), and the guest is never texted."""
    scene.clock.current = NIGHT
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    assert (await _approve(scene)).ok
    scene.clock.current = NIGHT + timedelta(minutes=30)
    await scene.reply(first["client_id"], "STOP")
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    assert f"Next: {fill.card_name(second)}, waiting for a manager's approval." in scene.thread_text()
    assert (await _approve(scene)).ok  # 4:46am: the next guest's text waits for 8:00am in turn
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert [m.message.client_id for m in scene.world.spa.outbox] == [second["client_id"]]


async def test_clicks_on_a_waiting_approval_change_nothing(scene: Scene) -> None:
    """Approved at 4:15am: a second Approve, an Edit, Next candidate or Reject from an old copy
    of the card are refused as decided; at 8:00am the text approved goes out once, exactly as approved."""
    scene.clock.current = NIGHT
    await proposed(scene)
    row = scene.proposal
    pid, revision, draft = row["id"], row["revision"], row["draft"]
    assert (await _approve(scene)).ok
    other = scene.world.manager_id  # a second click, or a second manager: the proposal is no longer pending
    refusals = [
        await fill.approve_fill(scene.copilot, pid, revision, user_id=other),
        await fill.save_edit(scene.copilot, pid, revision, "Hi! Reply YES for 11am today.", user_id=other),
        await fill.next_candidate(scene.copilot, pid, revision, user_id=other),
        await fill.reject_fill(scene.copilot, pid, revision, "changed my mind", user_id=other),
    ]
    assert all(not r.ok for r in refusals)
    assert all("already decided (approved)" in r.note for r in refusals), refusals
    row = scene.proposal
    assert row["status"] == "approved" and row["draft"] == draft and row["decided_by"] == scene.world.manager_id
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert [m.message.body for m in scene.world.spa.outbox] == [draft]


async def test_texting_hours_narrowed_overnight_still_keep_the_hold_before_the_slot(scene: Scene) -> None:
    """Approved at 4:15am for the 11:00am slot (texting then opened at 8:00am); overnight TEXT_SEND_HOURS becomes
    10:55-21:00. At 10:55am a 10-minute hold would run past the slot's start, which Approve itself refuses: nothing
    is sent and the card says why (it went out with a hold ending after the guest was due)."""
    scene.clock.current = NIGHT
    await proposed(scene)
    assert (await _approve(scene)).ok
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"text_send_hours": "10:55-21:00"})
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0  # 8:00am: closed now
    scene.clock.current = datetime(2026, 11, 24, 15, 55, tzinfo=UTC)  # 10:55am
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.world.spa.outbox == []
    row = scene.proposal
    assert row["status"] == "failed" and "10-minute hold" in row["reason"]


async def test_texting_hours_narrowed_overnight_send_later_when_the_hold_fits(scene: Scene) -> None:
    scene.clock.current = NIGHT
    await proposed(scene)
    assert (await _approve(scene)).ok
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"text_send_hours": "09:00-21:00"})
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    scene.clock.current = OPENS + timedelta(hours=1)  # 9:00am
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert "went out at 9:00am" in scene.card_text()


async def test_a_guest_booked_elsewhere_while_the_text_waits_makes_way_for_the_next(scene: Scene) -> None:
    """Approved at 4:15am; at 7am the guest books the same hour at the other location by phone. At 8:00am nothing
    goes to them and the card moves to the next candidate (the slot is still open), as after their NO."""
    from spa_copilot.domain import Appointment, AppointmentStatus

    scene.clock.current = NIGHT
    await proposed(scene)
    first = scene.candidate(0)
    assert (await _approve(scene)).ok
    spa, target = scene.world.spa, scene.target
    elsewhere = next(loc for loc in scene.world.data.locations if loc.id != target.location_id)
    at = NIGHT + timedelta(hours=3)
    spa.put_appointment(Appointment(
        id="ap_far", location_id=elsewhere.id, client_id=first["client_id"], status=AppointmentStatus.confirmed,
        start_at=target.start_at, end_at=target.end_at, created_at=at, updated_at=at,
    ))
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.world.spa.outbox == []
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    assert "booked at another location" in scene.thread_text()


async def test_any_time_texting_sends_a_night_approval_at_once(scene: Scene) -> None:
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"text_send_hours": "00:00-24:00"})
    scene.clock.current = NIGHT
    await proposed(scene)
    assert (await _approve(scene)).ok
    assert len(scene.world.spa.outbox) == 1
    assert scene.proposal["status"] == "sent" and "goes out" not in scene.card_text()
