"""Texts reach guests only within ``TEXT_SEND_HOURS`` on the location's clock (default 08:00-21:00).

An Approve outside those hours is recorded at once (same text, approver, idempotency key) and the text goes out
when texting opens there, through the outbox's re-drive, exactly once; the hold counts from the send. A slot the
deferred text could not help (it starts before texting opens plus the hold) gets nothing sent.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); the clock here starts at 4:15am
there (09:15 UTC), before texting opens at 8:00am (13:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from spa_copilot import fill
from spa_copilot.domain import AppointmentStatus
from spa_copilot.settings import Settings
from tests.conftest import FakeClock
from tests.fill_scene import Scene, proposed
from tests.texting_hours import NIGHT, OPENS, approved_while_sends_fail, late_yes_reply
from tests.texting_hours import approve as _approve
from tests.texting_hours import card_text as _card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


async def test_a_night_approval_is_kept_and_sent_once_when_texting_opens(scene: Scene) -> None:
    await proposed(scene)
    pid = scene.proposal["id"]
    result = await _approve(scene)
    assert result.ok
    assert scene.world.spa.outbox == []  # nothing at 4:15am
    row = scene.proposal
    assert row["status"] == "approved" and row["decided_by"] == scene.world.manager_id
    card = _card(scene)
    assert "Approved by" in card and "at 4:15am Juniper &amp; Salt SoHo time — goes out at 8:00am (texts" in card
    assert "(texts are sent 8:00am–9:00pm)" in card
    offer = scene.store.fill_offer(fill._common.fill_offer_id(pid, 0))
    assert offer is not None and offer["status"] == "approved"

    scene.clock.current = OPENS - timedelta(seconds=1)  # 7:59:59am: still waiting
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.expire_offers(scene.copilot)
    assert scene.world.spa.outbox == []

    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)  # driven again across the opening: nothing more
    await fill.expire_offers(scene.copilot)
    assert len(scene.world.spa.outbox) == 1
    sms = scene.world.spa.outbox[0]
    assert sms.idempotency_key == f"fill:{pid}:sms:0"
    assert sms.message.approved_by == scene.world.manager_id
    assert sms.message.body == row["draft"]
    assert scene.proposal["status"] == "sent"
    assert "4:15am Juniper &amp; Salt SoHo time — went out at 8:00am (texts are sent" in _card(scene)


async def test_the_hold_counts_from_the_deferred_send(scene: Scene) -> None:
    await proposed(scene)
    pid = scene.proposal["id"]
    await _approve(scene)
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    offer = scene.store.fill_offer(fill._common.fill_offer_id(pid, 0))
    assert offer is not None and offer["status"] == "sent"
    hold = timedelta(minutes=scene.copilot.settings.offer_hold_minutes)
    assert datetime.fromisoformat(offer["sent_at"]) == OPENS
    assert datetime.fromisoformat(offer["expires_at"]) == OPENS + hold
    scene.clock.current = OPENS + hold - timedelta(seconds=1)
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(fill._common.fill_offer_id(pid, 0))["status"] == "sent"  # type: ignore[index]


async def test_a_slot_taken_before_texting_opens_gets_nothing_sent(scene: Scene) -> None:
    await proposed(scene)
    await _approve(scene)
    spa = scene.world.spa  # the front desk books the cancelled appointment again at 6am
    target = spa.appointments[scene.target.id]
    spa.put_appointment(target.model_copy(update={"status": AppointmentStatus.confirmed, "cancellation": None,
                                                  "version": target.version + 1}))
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.redrive_outbox(scene.copilot)
    assert spa.outbox == []
    row = scene.proposal
    assert row["status"] == "failed"
    assert "nothing was sent when texting opened: " + fill.BOOKING_BACK_TEXT in _card(scene)
    offer = scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0))
    assert offer is not None and offer["status"] == "failed"


async def test_a_client_opted_out_before_texting_opens_gets_nothing(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await _approve(scene)
    scene.store.record_text_opt_out(first["client_id"], at=NIGHT + timedelta(hours=1))
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    assert [m for m in scene.world.spa.outbox if m.message.client_id == first["client_id"]] == []


async def test_a_slot_too_soon_after_texting_opens_is_not_sent_and_closes(scene: Scene) -> None:
    await proposed(scene)
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    # a hold that would still run when the slot starts, however soon after 8:00am it is
    hold = int((start - OPENS).total_seconds() // 60) + 1
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"offer_hold_minutes": hold})
    result = await _approve(scene)
    assert not result.ok and result.note.startswith("Not sent: texts go out from 8:00am at Juniper & Salt SoHo, too late")
    row = scene.proposal
    assert row["status"] == "expired" and row["decided_by"] == scene.world.manager_id  # who clicked, on the card
    card = _card(scene)
    assert f":no_entry_sign: Not sent (Approve clicked by <@{scene.world.manager_id}> at 4:15am Juniper &amp; Salt SoHo time): texts go out from 8:00am" in card
    assert "too late for this" in card and "Expired" not in card and "Not sent: Not sent" not in card
    assert not [b for b in scene.card.blocks if b.get("type") == "actions"]  # no buttons left
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.outbox == []


async def test_an_approval_inside_texting_hours_sends_at_once(scene: Scene) -> None:
    scene.clock.current = OPENS + timedelta(hours=1)  # 9:00am
    await proposed(scene)
    assert (await _approve(scene)).ok
    assert len(scene.world.spa.outbox) == 1
    assert scene.proposal["status"] == "sent" and not scene.proposal["reason"]
    assert "goes out at" not in _card(scene)


async def test_a_text_re_driven_after_an_outage_waits_for_texting_hours(scene: Scene) -> None:
    """Approved at 8:59pm, the spa system down until after 9pm: the text waits for 8:00am, not sent at 9:30pm."""
    await approved_while_sends_fail(scene, datetime(2026, 11, 24, 1, 59, tzinfo=UTC))  # 8:59pm on the 23rd in New York
    scene.clock.current = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 9:30pm
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.world.spa.outbox == []
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert len(scene.world.spa.outbox) == 1


# ---------------------------------------------------------------------------------------------------
# When texting opens


NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
DEFAULT = (8 * 60, 21 * 60)


def test_inside_the_window_a_text_goes_now() -> None:
    assert fill.text_opens_at(datetime(2026, 11, 24, 13, 0, tzinfo=UTC), NY, DEFAULT) is None  # 8:00am
    assert fill.text_opens_at(datetime(2026, 11, 25, 1, 59, tzinfo=UTC), NY, DEFAULT) is None  # 8:59pm


def test_before_and_after_the_window_the_next_opening() -> None:
    # 4:15am in Venice (a New York manager's 7:15am): 8:00am in Venice
    assert fill.text_opens_at(datetime(2026, 11, 24, 12, 15, tzinfo=UTC), LA, DEFAULT) == datetime(
        2026, 11, 24, 16, 0, tzinfo=UTC)
    # 9:00pm sharp is closed: 8:00am the next day
    assert fill.text_opens_at(datetime(2026, 11, 25, 2, 0, tzinfo=UTC), NY, DEFAULT) == datetime(
        2026, 11, 25, 13, 0, tzinfo=UTC)


def test_any_time_means_any_time() -> None:
    for hour in range(24):
        assert fill.text_opens_at(datetime(2026, 11, 24, hour, 30, tzinfo=UTC), LA, (0, 24 * 60)) is None


def test_the_window_follows_the_local_clock_across_a_dst_change() -> None:
    # 8 March 2026, clocks spring forward at 2am in Los Angeles: 1:30am PST, texting opens at 8:00am PDT (15:00 UTC)
    assert fill.text_opens_at(datetime(2026, 3, 8, 9, 30, tzinfo=UTC), LA, DEFAULT) == datetime(
        2026, 3, 8, 15, 0, tzinfo=UTC)
    # 1 November 2026, clocks fall back at 2am: 1:30am PDT, texting opens at 8:00am PST (16:00 UTC)
    assert fill.text_opens_at(datetime(2026, 11, 1, 8, 30, tzinfo=UTC), LA, DEFAULT) == datetime(
        2026, 11, 1, 16, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------------
# The setting


@pytest.mark.parametrize(("given", "kept"), [
    ("08:00-21:00", "08:00-21:00"), ("8:00 – 21:00", "08:00-21:00"), ("00:00-24:00", "00:00-24:00"),
    ("07:30-20:15", "07:30-20:15"),
])
def test_text_send_hours_accepts(given: str, kept: str) -> None:
    assert Settings(_env_file=None, text_send_hours=given).text_send_hours == kept


@pytest.mark.parametrize(("given", "says"), [
    ("8-21", "expected HH:MM-HH:MM"), ("21:00-08:00", "start before it ends"), ("08:00-08:00", "start before it ends"),
    ("25:00-26:00", "not a time of day"), ("08:00-24:30", "not a time of day"), ("08:60-21:00", "not a time of day"),
    ("", "expected HH:MM-HH:MM"),
])
def test_text_send_hours_refuses_with_a_clear_error(given: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        Settings(_env_file=None, text_send_hours=given)


def test_text_send_hours_as_minutes() -> None:
    assert Settings(_env_file=None).text_send_window == (480, 1260)
    assert Settings(_env_file=None, text_send_hours="00:00-24:00").text_send_window == (0, 1440)


async def test_a_reply_to_a_late_yes_approved_at_night_goes_out_when_texting_opens(scene: Scene) -> None:
    _, reply = await late_yes_reply(scene)  # 9:00am: the offer went out, its hold ran out, then a YES

    scene.clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 9:30pm: the manager approves the reply
    result = await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert result.ok
    assert len(scene.world.spa.outbox) == 1  # the offer only
    reply = scene.store.fill_proposal(reply["id"])
    assert reply["status"] == "approved" and reply["reason"].startswith("goes out tomorrow at 8:00am")
    await fill.expire_offers(scene.copilot)  # the slot has started: the approved reply is not closed for it
    assert scene.store.fill_proposal(reply["id"])["status"] == "approved"

    scene.clock.current = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 8:00am the next day
    await fill.redrive_outbox(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert len(scene.world.spa.outbox) == 2
    polite = scene.world.spa.outbox[-1]
    # her entry's last day (the 24th) is past when it goes out: the card's text and the SMS lose "still on our
    # waitlist", as an Approve then would (guest51)
    sent_draft = scene.store.fill_proposal(reply["id"])["draft"]
    assert polite.idempotency_key == f"fill:{reply['id']}:reply" and polite.message.body == sent_draft
    assert sent_draft == reply["draft"].removesuffix(" You're still on our waitlist for the next opening.")
    assert polite.message.approved_by == scene.world.manager_id
    assert scene.store.fill_proposal(reply["id"])["status"] == "sent"


async def test_an_offer_approved_after_texting_closed_counts_for_the_day_it_is_texted(scene: Scene) -> None:
    """Approved at 9:30pm, texted at 8:00am: the daily cap counts it on the day the guest got it."""
    scene.clock.current = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 9:30pm on the 23rd in New York
    await proposed(scene)
    first = scene.candidate(0)
    assert (await _approve(scene)).ok
    scene.clock.current = OPENS  # 8:00am on the 24th
    assert await fill.redrive_outbox(scene.copilot) == 1
    await scene.reply(first["client_id"], "No thanks")  # answered: no longer an open offer
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer is not None and offer["status"] == "declined"
    midnight = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # the 24th begins in New York
    assert fill.offer_limits._offers_counted(scene.copilot, since=midnight).get(first["client_id"], 0) == 1


async def test_a_yes_while_the_text_waits_for_texting_hours_answers_something_else(scene: Scene) -> None:
    """A "Yes" at 5am to an offer approved at 4:15am but not yet texted (it waits for 8:00am) answers something else
    (the spa's own reminder): said once in the thread, nothing booked, no retry of the reply; the offer goes out at
    8:00am and the guest's YES to it then books."""
    from tests.fill_scene import eventually

    await proposed(scene)
    first = scene.candidate(0)
    assert (await _approve(scene)).ok
    scene.clock.current = NIGHT + timedelta(minutes=45)  # 5:00am
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "before this offer's text went out" in scene.thread_text())
    assert scene.bookings_for(first["client_id"]) == [] and scene.world.spa.outbox == []
    assert "waits for texting hours" in scene.thread_text()

    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    assert len(scene.world.spa.outbox) == 1
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: len(scene.bookings_for(first["client_id"])) == 1)
