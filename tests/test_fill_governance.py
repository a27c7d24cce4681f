"""Governance edge cases of the fill workflow found in review: read-only as a kill switch, outages met mid-flow.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``): the sandbox spa, signed Slack clicks and the stand-in Slack.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus, MessagingPreferences, OutboundMessage, WaitlistStatus
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from spa_copilot.reads import load_day
from spa_copilot.settings import Mode
from spa_copilot.slack import ids
from tests.conftest import NOW, FlakySlack
from tests.fill_scene import Scene, down_once, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _read_only(scene: Scene) -> None:
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"spa_mode": Mode.read_only})


async def test_read_only_switched_on_stops_a_pending_send_from_being_redriven(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _approved_but_not_sent(scene, monkeypatch)

    _read_only(scene)  # the kill switch: no writes at all from now on
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.sent() == []
    assert len(scene.store.pending_outbox()) == 1  # kept for when writes are allowed again


async def test_read_only_switched_on_books_nothing_on_yes_and_leaves_the_waitlist_alone(scene: Scene) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    await scene.approve_and_wait()
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered

    _read_only(scene)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "read-only" in scene.thread_text().lower())
    await asyncio.sleep(0.1)
    assert scene.bookings_for(first["client_id"]) == []
    assert not [i for i in scene.store.pending_outbox() if i.kind == fill.OUTBOX_BOOKING]

    # The hold runs out: the next candidate is shown for information, the platform's waitlist is not patched.
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    assert scene.proposal["status"] == "info" and scene.proposal["current_index"] == 1
    assert second["first_name"] in scene.proposal["draft"]
    assert len(scene.sent()) == 1


async def test_a_yes_that_meets_an_outage_books_once_when_the_webhook_is_retried(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()

    calls = down_once(monkeypatch, scene.copilot.platform, "list_waitlist")
    await scene.reply(first["client_id"], "YES")  # the first delivery gets a 503; the sandbox re-delivers it
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert calls["n"] >= 2
    assert len(scene.bookings_for(first["client_id"])) == 1


async def _approved_but_not_sent(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> str:
    """Approve, then die before sending: the outbox holds one pending item; its key is returned."""
    await proposed(scene)

    async def crash(copilot: Any, key: str) -> bool:
        raise RuntimeError("the process died before sending")

    monkeypatch.setattr(fill.decisions, "deliver", crash)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "approved")
    await asyncio.sleep(0.1)
    monkeypatch.undo()
    [item] = scene.store.pending_outbox()
    return item.key


async def test_an_opt_out_reply_never_books(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    await scene.reply(first["client_id"], "please stop")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert scene.bookings_for(first["client_id"]) == []


async def _ranking_of(scene: Scene) -> Any:
    catalog = await scene.copilot.catalog()
    location = next(loc for loc in catalog.locations if loc.id == scene.target.location_id)
    slot = fill.slot_from_appointment(scene.target, location)
    book = await load_day(scene.copilot.platform, location, slot.start.astimezone(slot.tz).date())
    ranking, _ = await fill.ranking._rank(scene.copilot, slot, catalog, book)
    return ranking


async def test_a_stop_is_remembered_so_the_client_is_never_texted_an_offer_again_until_start(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    await scene.reply(first["client_id"], "STOP")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert "replied STOP: the copilot will not text them again" in scene.thread_text()
    assert scene.thread_text().count("replied STOP") == 1
    assert "said no" not in scene.thread_text()  # a STOP is no "no"
    assert f"Moving on from {first['first_name']}. Next: " in scene.thread_text()
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting, "kept for the front desk"
    # the spa system may not record the opt-out (or lag): the copilot's own record still keeps them out
    spa = scene.world.spa
    spa.clients[first["client_id"]] = spa.clients[first["client_id"]].model_copy(
        update={"messaging_preferences": MessagingPreferences(transactional_text="optedIn")}
    )
    scene.copilot.settings.offer_daily_cap = 5  # as on another day
    ranking = await _ranking_of(scene)
    assert ranking.excluded[first["entry_id"]] == "replied STOP to a text"
    await scene.reply(first["client_id"], "START")
    await eventually(lambda: not scene.store.text_opted_out([first["client_id"]]))
    assert first["entry_id"] not in (await _ranking_of(scene)).excluded


async def test_a_text_approved_before_a_stop_is_not_sent_after_it(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    down_once(monkeypatch, scene.copilot.platform, "send_message")
    await scene.click(ids.APPROVE_FILL)  # the text meets an outage: approved, waiting in the outbox
    await eventually(lambda: any(item.attempts for item in scene.store.pending_outbox()))
    scene.store.record_text_opt_out(first["client_id"], at=NOW)  # a STOP (to an earlier text) the platform lost
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == []
    assert [e.details["error"] for e in scene.store.recent_audit(5, action_prefix="fill.send_failed")] == ["optedOut"]


async def test_a_redrive_racing_the_first_send_sends_and_audits_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = await _approved_but_not_sent(scene, monkeypatch)
    platform = scene.copilot.platform
    send = platform.send_message
    calls = {"n": 0}

    async def slow_send(client_id: str, message: Any, *, idempotency_key: str) -> Any:
        calls["n"] += 1
        await asyncio.sleep(0.05)
        return await send(client_id, message, idempotency_key=idempotency_key)

    monkeypatch.setattr(platform, "send_message", slow_send)
    await asyncio.gather(fill.deliver(scene.copilot, key), fill.redrive_outbox(scene.copilot))
    assert calls["n"] == 1, "the outbox item is claimed by one sender"
    assert len(scene.sent()) == 1
    assert len(scene.store.recent_audit(20, action_prefix="fill.sent")) == 1
    assert scene.store.outbox_item(key).status == "sent"


async def test_a_yes_to_a_text_whose_confirmation_was_lost_still_books(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = await _approved_but_not_sent(scene, monkeypatch)
    first = scene.candidate(0)
    item = scene.store.outbox_item(key)
    # The text did reach the client; the copilot never heard back.
    await scene.copilot.platform.send_message(
        first["client_id"], OutboundMessage.model_validate(item.payload["message"]), idempotency_key=key
    )
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.sent()) == 1 and len(scene.bookings_for(first["client_id"])) == 1


async def test_an_approved_text_is_never_sent_once_the_slot_has_started(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _approved_but_not_sent(scene, monkeypatch)
    scene.clock.advance(hours=12)  # the platform was down all day
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == []
    assert scene.proposal["status"] == "expired"


async def test_the_recheck_sees_a_reinstated_original_appointment(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    spa = scene.world.spa  # the guest called back and the front desk un-cancelled the booking
    spa.put_appointment(spa.appointments[scene.target.id].model_copy(update={"status": AppointmentStatus.confirmed, "cancellation": None}))
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "expired")
    assert scene.bookings_for(first["client_id"]) == []


async def test_an_opt_out_after_the_proposal_sends_nothing_and_moves_to_the_next_candidate(scene: Scene) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    spa = scene.world.spa
    client = spa.clients[first["client_id"]]
    spa.clients[client.id] = client.model_copy(
        update={"messaging_preferences": MessagingPreferences(transactional_text="optedOut")}
    )
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert scene.sent() == []
    assert scene.proposal["status"] == "pending" and second["first_name"] in scene.proposal["draft"]
    await eventually(lambda: "opted out" in scene.thread_text())


async def test_a_model_draft_that_was_replaced_says_so_on_the_card(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    from spa_copilot.ai.schemas import AiText

    async def refused(invite: Any, *, redact: Any = (), subject_id: str = "", staff_names: Any = ()) -> AiText:
        return AiText(text=f"Hi {invite.first_name}, a spot opened. Reply YES to claim; held 10 min.", engine="offline",
                      fallback=True, flags=["modelRefused"])

    monkeypatch.setattr(scene.copilot.ai, "fill_invitation", refused)
    await proposed(scene)
    assert "replaced (modelRefused)" in scene.proposal["draft_engine"]
    card = scene.card_text()  # the card says so and why in words; the code is the proposal's and the log's (walk41)
    assert "Drafted by the offline engine (the model's draft was replaced because it refused to write one)" in card
    assert "modelRefused" not in card


@pytest.mark.parametrize(
    "error", [PlatformUnavailable, PlatformProtocolError], ids=["5xx-after-retries", "gateway-maintenance-page"]
)
async def test_an_opt_out_during_an_outage_is_audited_once_and_moves_on_once_the_platform_answers(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    down_once(monkeypatch, scene.copilot.platform, "send_message")
    await scene.click(ids.APPROVE_FILL)  # the text meets the outage: approved, not sent
    await eventually(lambda: any(item.attempts for item in scene.store.pending_outbox()))  # its first try is over
    spa = scene.world.spa  # the client texts STOP, which the spa system records as an opt-out
    spa.clients[first["client_id"]] = spa.clients[first["client_id"]].model_copy(
        update={"messaging_preferences": MessagingPreferences(transactional_text="optedOut")}
    )
    platform = scene.copilot.platform
    read_client = platform.get_client
    down = {"on": True}

    async def get_client(client_id: str, *args: Any, **kwargs: Any) -> Any:
        if down["on"] and client_id != first["client_id"]:  # the consent read answers; drafting for the next does not
            raise error("GET /v1/clients: the spa system is down", status=503)
        return await read_client(client_id, *args, **kwargs)

    monkeypatch.setattr(platform, "get_client", get_client)
    await scene.reply(first["client_id"], "STOP")  # its webhook is handled in the background: wait for it
    await eventually(lambda: bool(scene.store.recent_audit(5, action_prefix="fill.reply_")))
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.expire_offers(scene.copilot)  # still down: the move on waits
    assert scene.proposal["status"] == "approved" and scene.proposal["current_index"] == 0

    down["on"] = False
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    assert second["first_name"] in scene.proposal["draft"]
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert [e.details["error"] for e in scene.store.recent_audit(20, action_prefix="fill.send_failed")] == ["optedOut"]
    assert scene.proposal["current_index"] == 1 and scene.thread_text().count("opted out") == 1
    assert scene.sent() == []


# ---------------------------------------------------------------------------------------------------
# Work an outage interrupted is taken up again, once


async def test_a_no_that_meets_an_outage_moves_on_when_the_webhook_is_retried(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    await scene.approve_and_wait()
    calls = down_once(monkeypatch, scene.copilot.platform, "get_client")  # drafting for the next one fails once
    await scene.reply(first["client_id"], "No thanks")  # the first delivery gets a 503; the sandbox re-delivers it
    await eventually(lambda: scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1)
    assert calls["n"] >= 2 and second["first_name"] in scene.proposal["draft"]
    await fill.expire_offers(scene.copilot)  # nothing left to take up: no second move, no second note
    assert scene.proposal["current_index"] == 1 and scene.thread_text().count("said no") == 1
    assert len(scene.sent()) == 1


async def test_a_waitlist_entry_whose_reset_met_an_outage_is_put_back_by_the_outbox(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered, "the reset met the outage"
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting  # back in later rankings
    assert await fill.redrive_outbox(scene.copilot) == 0


class _Killed(BaseException):
    """The process dying (kill -9) at that point: nothing after it runs."""


async def test_a_process_killed_right_after_the_text_went_out_still_books_the_yes(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)

    deliver, died = fill.outbox.deliver, []

    async def killed(copilot: Any, key: str, *args: Any, **kwargs: Any) -> Any:
        if key.endswith(":offered"):  # the waitlist's write: the first await after the send's transaction
            died.append(key)
            raise _Killed
        return await deliver(copilot, key, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(fill.outbox, "deliver", killed)
        await scene.click(ids.APPROVE_FILL)
        await eventually(lambda: len(scene.sent()) == 1)
        await asyncio.sleep(0.2)
    assert died, "the process died after the send"
    assert scene.proposal["status"] == "sent", "what the send recorded stands together"
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1 and len(scene.sent()) == 1


async def test_a_text_left_mid_send_by_a_killed_process_goes_out_once_at_the_restart(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    down_once(monkeypatch, scene.copilot.platform, "send_message")
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: any(item.attempts for item in scene.store.pending_outbox()))  # the first try met the outage
    [item] = scene.store.pending_outbox()
    # what a process killed (kill -9) between its claim and the platform's answer leaves in the store
    assert scene.store.claim_outbox(item.key, now=scene.clock(), lease=fill.OUTBOX_LEASE)
    assert await fill.redrive_outbox(scene.copilot) == 0, "the claim's lease still runs: a live process waits"
    fill.install(scene.copilot, scheduler.AsyncIOScheduler(timezone="UTC"))  # the restarted process
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"
    assert await fill.redrive_outbox(scene.copilot) == 0 and len(scene.sent()) == 1


async def test_an_offered_mark_re_driven_after_the_no_does_not_undo_it(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")  # "offered" meets the outage
    await scene.approve_and_wait()
    await scene.reply(first["client_id"], "No thanks")  # "waiting" goes through
    await eventually(lambda: scene.proposal["current_index"] == 1)
    await fill.redrive_outbox(scene.copilot)  # the late "offered" is superseded, not sent
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting


async def test_a_hold_that_runs_out_during_an_outage_moves_on_once_the_platform_answers(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    await scene.approve_and_wait()
    calls = down_once(monkeypatch, scene.copilot.platform, "get_client")
    scene.clock.advance(minutes=11)
    # The offer expires and drafting for the next candidate meets the outage (logged, not raised); the same run's
    # sweep of proposals left "sent" after an answered offer takes the step again.
    await fill.expire_offers(scene.copilot)
    assert calls["n"] == 2
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    scene.clock.advance(seconds=30)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["revision"] == 1 and scene.thread_text().count("did not answer") == 1


async def test_a_sent_proposal_is_closed_when_its_slot_starts(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    # the hold outlasts the slot's start (Approve refuses such a text; one re-driven late after an outage is not)
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert scene.store.update_fill_offer(offer["id"], at=scene.clock(), expect_status="sent",
                                         expires_at=(scene.target.start_at + timedelta(hours=24)).isoformat())
    scene.clock.current = scene.target.start_at + timedelta(minutes=1)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "expired" and scene.proposal["reason"] == "the slot has started"
    assert scene.store.latest_fill_offer(first["client_id"])["status"] == "expired"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    await scene.reply(first["client_id"], "YES")  # too late: nothing is booked, a polite reply waits for Approve
    assert scene.bookings_for(first["client_id"]) == []
    assert [r["kind"] for r in scene.store.fill_proposals(statuses=("pending",))] == ["reply"]


def _second_opening(scene: Scene) -> Any:
    location = scene.world.data.locations[0]
    return min(
        (a for a in scene.world.spa.appointments.values()
         if a.location_id == location.id and a.is_active and a.id != scene.target.id
         and NOW + timedelta(hours=2) <= a.start_at <= NOW + timedelta(hours=8)),
        key=lambda a: (a.start_at, a.id),
    )


async def _cancel_both(scene: Scene) -> Any:
    second = _second_opening(scene)
    scene.world.spa.webhooks.url = None  # one poll finds both cancellations
    await scene.cancel()
    response = await scene.world.admin("POST", f"/sandbox/appointments/{second.id}/cancel", json={"reason": "sick"})
    assert response.status_code == 200
    return second


async def test_cancellations_found_together_are_each_proposed_when_one_fails(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = await _cancel_both(scene)
    down_once(monkeypatch, scene.copilot.platform, "list_waitlist")  # ranking the first opening fails
    await scheduler.poll_calendar(scene.copilot)
    assert scene.proposal["status"] == "abandoned"
    assert scene.store.fill_proposal_for(second.id) is not None  # the other one was not held up
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending" and scene.proposal["ts"]


async def test_an_opening_that_fails_before_its_claim_is_kept_and_retried(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = await _cancel_both(scene)
    copilot = scene.copilot
    read_catalog = copilot.catalog
    down = {"on": False}

    async def catalog(**kwargs: Any) -> Any:
        if down["on"]:
            raise PlatformUnavailable("GET /v1/services: HTTP 503 after 5 attempts", status=503)
        return await read_catalog(**kwargs)

    async def outage_starts(*_: Any) -> None:  # the platform is down while the fill handler runs, after the sync
        down["on"] = True

    async def outage_ends(*_: Any) -> None:
        down["on"] = False

    monkeypatch.setattr(copilot, "catalog", catalog)
    scheduler.change_handlers(copilot)
    handlers = copilot.change_handlers
    at = handlers.index(fill.on_calendar_changes)
    handlers[at:at + 1] = [outage_starts, fill.on_calendar_changes, outage_ends]
    await scheduler.poll_calendar(copilot)
    handlers.remove(outage_starts)
    handlers.remove(outage_ends)
    for appointment_id in (scene.target.id, second.id):
        row = scene.store.fill_proposal_for(appointment_id)
        assert row is not None and row["status"] == "abandoned", appointment_id
    await fill.expire_offers(copilot)
    assert scene.proposal["status"] == "pending" and scene.proposal["opening"]["service_name"] != "appointment"
    assert scene.store.fill_proposal_for(second.id)["status"] != "abandoned"


async def test_a_card_slack_refused_is_posted_by_the_next_run_once(
    scene: Scene, flaky_slack: FlakySlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="spa_copilot.fill")
    channel = scene.copilot.settings.spa_front_desk_channel
    flaky_slack.fail("chat_postMessage", SlackApiError("down", {"ok": False, "error": "internal_error"}), channel=channel)
    await scene.cancel()
    assert scene.proposal["status"] == "pending" and not scene.proposal["ts"]
    assert "Slack did not take its card" in caplog.text  # what `/spa fill` would answer: not "Posted"
    flaky_slack.heal()
    await fill.expire_offers(scene.copilot)
    await fill.expire_offers(scene.copilot)
    cards = [m for m in scene.world.slack.messages("front-desk") if m.text.startswith("Fill proposal")]
    assert len(cards) == 1 and cards[0].ts == scene.proposal["ts"]
    await scene.approve_and_wait()
    assert len(scene.sent()) == 1


async def test_a_long_slack_rate_limit_does_not_hold_up_the_sync_and_the_card_follows(scene: Scene) -> None:
    scene.world.slack.rate_limit_next(1, retry_after=30)  # Slack's answer to the fill card: come back in 30 s
    started = time.perf_counter()
    await asyncio.wait_for(scene.cancel(), timeout=20)
    assert time.perf_counter() - started < 5, "the webhook's sync did not wait 30 s for Slack"
    [limited] = [c for c in scene.world.slack.calls if c.status == 429]
    assert str(limited.params.get("text", "")).startswith("Fill proposal")
    assert scene.proposal["status"] == "pending" and not scene.proposal["ts"]
    await fill.expire_offers(scene.copilot)
    cards = [m for m in scene.world.slack.messages("front-desk") if m.text.startswith("Fill proposal")]
    assert len(cards) == 1 and cards[0].ts == scene.proposal["ts"]


def _slack_error(status: int, data: dict[str, Any]) -> SlackApiError:
    response = AsyncSlackResponse(client=None, http_verb="POST", api_url="https://slack.com/api/chat.postMessage",
                                  req_args={}, data=data, headers={}, status_code=status)
    return SlackApiError(f"The request to the Slack API failed. (status: {status})", response)


@pytest.mark.parametrize(
    ("error", "logged"),
    [(_slack_error(503, {}), "no error code (HTTP 503)"),
     (_slack_error(200, {"ok": False, "error": "channel_not_found"}), "channel_not_found (HTTP 200)")],
    ids=["5xx-without-error", "error-code"],
)
async def test_a_card_slack_refused_is_logged_with_its_http_status(
    scene: Scene, flaky_slack: FlakySlack, caplog: pytest.LogCaptureFixture, error: SlackApiError, logged: str
) -> None:
    caplog.set_level(logging.WARNING, logger="spa_copilot.fill")
    flaky_slack.fail("chat_postMessage", error, channel=scene.copilot.settings.spa_front_desk_channel)
    await scene.cancel()
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("could not post fill proposal")]
    assert line == f"could not post fill proposal {scene.proposal['id']}: {logged}"


async def test_a_card_slack_would_not_redraw_is_redrawn_by_the_next_run_once(scene: Scene, flaky_slack: FlakySlack) -> None:
    import aiohttp

    await proposed(scene)
    flaky_slack.fail("chat_update", aiohttp.ClientConnectionError("reset by peer"))
    await scene.approve_and_wait()
    assert scene.proposal["card_stale"] == 1
    assert ids.APPROVE_FILL in scene.card_text(), "the card still offers Approve for a text that went out"
    flaky_slack.heal()
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["card_stale"] == 0 and ids.APPROVE_FILL not in scene.card_text()
    updates = len(scene.world.slack.calls_to("chat.update"))
    await fill.expire_offers(scene.copilot)
    assert len(scene.world.slack.calls_to("chat.update")) == updates, "redrawn once"


async def test_a_bug_drawing_a_card_is_raised_not_taken_for_slack_being_down(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)

    def broken(row: Any, **drawing: Any) -> Any:
        raise KeyError("a field the card needs")

    monkeypatch.setattr(fill.card, "proposal_message", broken)
    with pytest.raises(KeyError):
        await fill.card._refresh_card(scene.copilot, scene.proposal["id"])
    assert scene.proposal["card_stale"] == 0, "not marked for a redraw every minute"


async def test_a_deleted_card_is_not_redrawn_forever(scene: Scene, flaky_slack: FlakySlack) -> None:
    await proposed(scene)
    flaky_slack.fail("chat_update", SlackApiError("gone", {"ok": False, "error": "message_not_found"}))
    await scene.approve_and_wait()
    assert scene.proposal["card_stale"] == 0
    assert scene.store.stale_fill_cards() == []


async def test_card_locks_are_dropped_once_nobody_holds_or_waits_for_them(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    proposal_id = scene.proposal["id"]
    assert proposal_id not in fill.card._CARD_LOCKS  # the post and the updates of proposing are done
    slack = scene.copilot.slack
    update = slack.chat_update
    inside = {"now": 0, "most": 0, "calls": 0}

    async def slow_update(**kwargs: Any) -> Any:
        inside["now"] += 1
        inside["calls"] += 1
        inside["most"] = max(inside["most"], inside["now"])
        await asyncio.sleep(0.02)
        inside["now"] -= 1
        return await update(**kwargs)

    monkeypatch.setattr(slack, "chat_update", slow_update)

    async def refresh_later(delay: float) -> None:
        await asyncio.sleep(delay)  # arrives while an earlier one holds the lock, or after it let go of it
        await fill.card._refresh_card(scene.copilot, proposal_id)

    await asyncio.gather(*(refresh_later(delay) for delay in (0, 0, 0.01, 0.03, 0.05, 0.05)))
    assert inside["calls"] == 6 and inside["most"] == 1, "one update of a card at a time"
    assert proposal_id not in fill.card._CARD_LOCKS

    await asyncio.gather(*(fill.card._refresh_card(scene.copilot, f"fp_gone_{n}") for n in range(50)))
    assert not [key for key in fill.card._CARD_LOCKS if key.startswith("fp_gone_")], "one lock per proposal ever seen"
