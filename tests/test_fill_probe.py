"""A black-box probe of the cancellation fill as a spa's manager and guests meet it: replies the other tests had not
seen, each pinned here with what the guest and the manager expect.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import InboundMessage, ServiceLine
from spa_copilot.platform.webhooks import WebhookEvent
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# ---------------------------------------------------------------------------------------------------
# How a reply is read


@pytest.mark.parametrize(
    "body",
    ["NO STOP", "No. Stop.", "No! STOP!", "Not interested, stop", "no thanks, stop", "Nope. Unsubscribe", "No, quit",
     "no thanks please stop", "N STOP"],
)
def test_a_no_with_stop_is_an_opt_out(body: str) -> None:
    # The guest said STOP: they must never be texted an offer again, not merely skipped for this slot.
    assert fill.classify_reply(body) == "stop"


@pytest.mark.parametrize(
    ("body", "intent"),
    [("No, don't stop", "no"), ("Stop by at 3?", "other"), ("No, cancel", "no"), ("no", "no"), ("Not today", "no"),
     ("no problem, stop by later", "other")],
)
def test_a_no_with_a_word_that_is_not_an_opt_out_is_read_as_before(body: str, intent: str) -> None:
    assert fill.classify_reply(body) == intent


@pytest.mark.parametrize(
    "body", ["Sí", "si", "Sí!", "Si, gracias", "Sí por favor", "Yes, I'll be there", "yes i will be there!", "Yesss!",
             "YESSS"],
)
def test_a_plain_yes_in_other_words_books(body: str) -> None:
    assert fill.classify_reply(body) == "yes"


@pytest.mark.parametrize(
    "body", ["Sí, pero a las 3?", "si pero mañana", "Yes, I'll be there at 3", "yes, I won't be there", "sí no"],
)
def test_a_yes_in_other_words_with_a_doubt_is_still_for_a_person(body: str) -> None:
    assert fill.classify_reply(body) == "other"


@pytest.mark.parametrize(
    "body",
    ["I don't know", "Don't know yet", "i dont know yet", "No idea, let me check my schedule", "I can't tell yet",
     "Can't decide", "I won't know until noon", "not until I check", "Not yet, checking with my boss",
     "Let me check and get back to you", "No clue yet, I'll let you know"],
)
def test_a_guest_who_has_not_decided_yet_is_not_taken_for_a_no(body: str) -> None:
    # "No" ends the hold and offers the slot to the next guest; someone still deciding within the hold keeps it, and a
    # person follows up.
    assert fill.classify_reply(body) == "other"


@pytest.mark.parametrize(
    "body", ["No thanks", "Not today, thanks", "Not right now", "can't make it", "No problem, I can't make it", "Nope"],
)
def test_a_decided_no_is_still_a_no(body: str) -> None:
    assert fill.classify_reply(body) == "no"


# ---------------------------------------------------------------------------------------------------
# Replies in the flow


async def test_no_stop_to_an_offer_opts_the_guest_out_and_moves_on(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "NO STOP")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert "replied STOP" in scene.thread_text()


async def _booked_first(scene: Scene) -> dict:
    """The card's first candidate approved, texted, and booked by their YES."""
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Yes please!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    return first


async def test_replies_long_after_the_booked_slot_are_not_posted_as_about_the_offer(scene: Scene) -> None:
    # Booked through the fill, the visit came and went; days later the guest texts the spa about something else
    # (a reminder of another booking, a question). That is not an answer to the offer: no "cancel the booking" advice
    # and no "please follow up" in a thread nobody reads any more.
    first = await _booked_first(scene)
    before = scene.thread_text()
    scene.clock.advance(days=3)
    for body in ("No", "who is this?", "👍"):
        await scene.reply(first["client_id"], body)
    await asyncio.sleep(0.1)
    assert scene.thread_text() == before
    assert len(scene.bookings_for(first["client_id"])) == 1 and scene.proposal["status"] == "booked"


async def test_an_unclear_reply_long_after_an_offer_that_ran_out_is_not_posted(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    before = scene.thread_text()
    scene.clock.advance(days=2)
    await scene.reply(first["client_id"], "who is this?")
    await asyncio.sleep(0.1)
    assert scene.thread_text() == before


async def test_an_unclear_reply_while_the_offer_stands_still_reaches_the_thread(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "who is this?")
    await eventually(lambda: "who is this?" in scene.thread_text())
    assert "please follow up" in scene.thread_text()


async def test_a_yes_long_after_the_guest_said_no_is_not_posted(scene: Scene) -> None:
    # "said no earlier and has now replied YES ... offer it to them again" is for a slot still to come, not for a
    # "Yes" days later (to the spa's reminder of another booking).
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    before = scene.thread_text()
    scene.clock.advance(days=2)
    await scene.reply(first["client_id"], "Yes")
    await asyncio.sleep(0.1)
    assert scene.thread_text() == before and not scene.bookings_for(first["client_id"])


async def test_a_yes_after_saying_no_while_the_slot_is_ahead_still_reaches_the_thread(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["current_index"] == 1)
    await scene.reply(first["client_id"], "Yes")
    await eventually(lambda: "said no earlier and has now replied YES" in scene.thread_text())
    await scene.reply(first["client_id"], "yes please")  # texted again: the thread already says so
    await asyncio.sleep(0.1)
    assert scene.thread_text().count("said no earlier and has now replied YES") == 1
    assert not scene.bookings_for(first["client_id"])


# ---------------------------------------------------------------------------------------------------
# Two guests answering YES for one slot


async def test_a_late_yes_while_the_next_guest_holds_the_slot_does_not_advise_booking_it_by_hand(scene: Scene) -> None:
    # Christopher's hold ran out; Sebastian was texted next and holds the slot. Christopher's late YES must not get
    # a card saying the slot is free to book by hand: Sebastian was promised the hold, and his YES books it.
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    second = scene.candidate(1)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    situation = reply["opening"]["situation"]
    assert "book it by hand" not in situation and "still free" not in situation
    assert f"held for {second['first_name']}" in situation
    assert "ran out before your reply" in reply["draft"]  # what the guest is told is still true
    await scene.reply(second["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(second["client_id"])) == 1 and not scene.bookings_for(first["client_id"])


async def _late_delivered(scene: Scene, client_id: str, body: str, *, sent_at: datetime, message_id: str) -> None:
    """A reply the guest sent at ``sent_at`` that reaches the copilot only now (the webhook retried after a restart)."""
    message = InboundMessage(id=message_id, client_id=client_id, channel="sms", body=body, received_at=sent_at)
    await fill.on_message_received(scene.copilot, WebhookEvent(id=f"ev_{message_id}", type="message.received", message=message))


async def test_a_yes_sent_within_the_hold_that_arrives_after_it_was_given_up_books_while_nobody_else_was_texted(
    scene: Scene,
) -> None:
    # Christopher texted YES at minute 9 of his 10-minute hold; the webhook reached the copilot at minute 11, after the
    # expiry job had moved the card to Sebastian (a draft waiting for Approve, nothing texted). The spa promised the
    # hold and he kept it: he is booked, not told "the hold ran out before your reply".
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    sent_at = scene.clock() + timedelta(minutes=9)
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    stale_revision = scene.proposal["revision"]
    await _late_delivered(scene, first["client_id"], "YES", sent_at=sent_at, message_id="msg_in_time")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1 and scene.proposal["current_index"] == 0
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None  # no "too late" reply to approve
    assert "within the hold" in scene.thread_text()
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]  # Sebastian was never texted
    # the card's Approve for Sebastian's draft is stale: it cannot text him for a booked slot
    assert fill.actionable_problem(scene.copilot, scene.proposal["id"], stale_revision) is not None
    await _late_delivered(scene, first["client_id"], "YES", sent_at=sent_at, message_id="msg_in_time")  # a replay
    assert len(scene.bookings_for(first["client_id"])) == 1


async def test_a_yes_sent_after_the_hold_still_gets_the_reply_card(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    await _late_delivered(scene, first["client_id"], "YES", sent_at=scene.clock() - timedelta(seconds=30),
                          message_id="msg_late")
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    assert not scene.bookings_for(first["client_id"])


async def test_an_in_time_yes_arriving_after_the_last_candidates_hold_was_given_up_books(scene: Scene) -> None:
    # The last candidate on the card: the hold given up closed the card ("no candidates left"); her YES, sent in
    # time, reaches the copilot a minute later. Nobody else has the slot: she is booked.
    await proposed(scene)
    for index in (1, 2):
        await scene.click(ids.NEXT_CANDIDATE)
        await eventually(lambda index=index: scene.proposal["current_index"] == index
                         and f"|{scene.proposal['revision']}\"" in scene.card_text())  # the card redrawn
    last = scene.candidate(2)
    await scene.approve_and_wait()
    offer = scene.store.latest_fill_offer(last["client_id"])
    sent_at = scene.clock() + timedelta(minutes=9)
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "expired" and "no candidates left" in scene.proposal["reason"]
    await _late_delivered(scene, last["client_id"], "YES", sent_at=sent_at, message_id="msg_last")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(last["client_id"])) == 1
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None


async def test_an_in_time_yes_never_takes_the_slot_back_once_a_fresh_proposal_has_texted_someone(scene: Scene) -> None:
    # As above, but before her YES arrives a manager started the fill again (/spa fill) and approved the new card's
    # text: that guest holds the slot now. The old, replaced card must not be reopened to book the late YES.
    await proposed(scene)
    for index in (1, 2):
        await scene.click(ids.NEXT_CANDIDATE)
        await eventually(lambda index=index: scene.proposal["current_index"] == index
                         and f"|{scene.proposal['revision']}\"" in scene.card_text())
    last = scene.candidate(2)
    await scene.approve_and_wait()
    old = scene.proposal
    offer = scene.store.latest_fill_offer(last["client_id"])
    sent_at = scene.clock() + timedelta(minutes=9)
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "expired"
    before = len(scene.world.slack.responses)
    await scene.world.sender.slash_command(f"fill {scene.target.id}", user_id=scene.world.manager_id)
    await scene.world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    assert scene.proposal["id"] != old["id"]
    holder = scene.candidate(0)
    assert holder["client_id"] != last["client_id"]
    await scene.approve_and_wait()
    await _late_delivered(scene, last["client_id"], "YES", sent_at=sent_at, message_id="msg_last_replaced")
    assert not scene.bookings_for(last["client_id"])
    await eventually(lambda: scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None)
    assert scene.store.fill_proposal(old["id"])["status"] == "expired"
    await scene.reply(holder["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(holder["client_id"])) == 1


async def test_a_quick_yes_books_when_the_spa_systems_clock_runs_ahead_of_ours(scene: Scene) -> None:
    # The spa system stamps both the text's sending and the guest's reply, three minutes ahead of the copilot's
    # clock. Her YES ten seconds after the text is an answer to it, not "before this offer's text went out".
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    ahead = scene.clock() + timedelta(minutes=3)
    result = {"messageId": "msg_text", "sentAt": ahead.isoformat()}
    scene.store.db.execute("UPDATE outbox SET result = ? WHERE key = ?", [json.dumps(result), offer["outbox_key"]])
    await _late_delivered(scene, first["client_id"], "YES", sent_at=ahead + timedelta(seconds=10), message_id="msg_ahead")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert "before this offer's text went out" not in scene.thread_text()


async def test_stop_from_a_booked_guest_says_the_booking_stands_not_that_the_waitlist_entry_stays(scene: Scene) -> None:
    first = await _booked_first(scene)
    await scene.reply(first["client_id"], "STOP")
    await eventually(lambda: "replied STOP" in scene.thread_text())
    thread = scene.thread_text()
    assert "waitlist entry stays" not in thread and "booking stands" in thread
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert len(scene.bookings_for(first["client_id"])) == 1 and scene.proposal["status"] == "booked"


async def test_stop_long_after_the_booked_visit_is_remembered_without_a_note_in_the_old_thread(scene: Scene) -> None:
    first = await _booked_first(scene)
    before = scene.thread_text()
    scene.clock.advance(days=3)
    await scene.reply(first["client_id"], "STOP")
    await eventually(lambda: scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]})
    await asyncio.sleep(0.1)
    assert scene.thread_text() == before


async def test_a_guest_still_deciding_keeps_the_hold_and_their_yes_books(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "I don't know yet, let me check with work")
    await eventually(lambda: "please follow up" in scene.thread_text())
    assert scene.proposal["status"] == "sent" and scene.proposal["current_index"] == 0
    scene.clock.advance(minutes=3)
    await scene.reply(first["client_id"], "Yes!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1


async def test_a_yes_sent_before_the_approved_text_went_out_books_nothing(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Approved at 9:00 while the spa system refused to send; at 9:03 the guest texts "Yes" to something else (the
    # spa's reminder of their own booking), a reply that reaches the copilot at 9:05, when the system answers again:
    # the offer's text goes out only then. Her "Yes" cannot answer a text she had not received: nothing is booked, the
    # offer waits for her answer, and her YES to it books.
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first = scene.candidate(0)
    scene.world.spa.faults.fail_next(10_000, status=503)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "approved" and "not answering" in scene.thread_text())
    scene.world.spa.faults.clear_scripted()
    yes_at = scene.clock() + timedelta(minutes=3)
    scene.clock.advance(minutes=5)
    await _late_delivered(scene, first["client_id"], "Yes", sent_at=yes_at, message_id="msg_reminder_yes")
    await eventually(lambda: scene.proposal["status"] in ("sent", "booked"))
    await asyncio.sleep(0.1)
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]  # the offer went out, once
    assert scene.proposal["status"] == "sent" and not scene.bookings_for(first["client_id"])
    assert "before this offer's text went out" in scene.thread_text()
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1


# ---------------------------------------------------------------------------------------------------
# Cancellations of bookings with several services or therapists


async def _cancel_with_lines(scene: Scene, lines: list[ServiceLine]) -> None:
    """The scene's appointment rebooked as ``lines`` (seen by a poll), then cancelled."""
    target = scene.world.spa.appointments[scene.target.id]
    rebooked = target.model_copy(update={"services": lines, "start_at": lines[0].start_at,
                                         "end_at": max(line.end_at for line in lines), "version": target.version + 1})
    scene.world.spa.put_appointment(rebooked)
    await scheduler.poll_calendar(scene.copilot)
    scene.target = rebooked
    await scene.cancel()


def _card_field(scene: Scene, name: str) -> str:
    fields = [f["text"] for block in scene.card.blocks for f in block.get("fields", [])]
    return next(text.split("\n", 1)[1] for text in fields if text.startswith(f"*{name}*"))


async def test_a_massage_then_facial_booking_names_both_therapists_massage_first(scene: Scene) -> None:
    # Priya's 11:00 massage followed by Claire's noon facial, cancelled: the card's "With" must not name only Claire
    # (the first by id) beside "Swedish Massage 60"
    massage = scene.target.services[0]
    staff = scene.world.spa.staff
    facial = massage.model_copy(update={
        "id": f"{massage.id}-facial", "service_id": "sv_signature_facial_60", "service_name": "Signature Facial 60",
        "staff_id": "st_claire_dubois", "start_at": massage.end_at, "end_at": massage.end_at + timedelta(minutes=60),
        "resource_ids": []})
    await _cancel_with_lines(scene, [massage, facial])
    assert scene.proposal["status"] == "pending"
    therapist = staff[massage.staff_id].display_name
    assert _card_field(scene, "With") == f"{therapist}, {staff['st_claire_dubois'].display_name}"
    assert _card_field(scene, "Service") == "Swedish Massage 60 + Signature Facial 60"


async def test_a_couples_booking_names_both_therapists(scene: Scene) -> None:
    line = scene.target.services[0]
    staff = scene.world.spa.staff
    partner = "st_ana_reyes" if line.staff_id != "st_ana_reyes" else "st_sam_delgado"
    couples = {"service_id": "sv_couples_60", "service_name": "Couples Massage 60", "resource_ids": ["rs_soho_couples"]}
    lines = [line.model_copy(update=couples),
             line.model_copy(update={**couples, "id": f"{line.id}-2", "staff_id": partner})]
    await _cancel_with_lines(scene, lines)
    with_ = _card_field(scene, "With")
    assert with_ == f"{staff[line.staff_id].display_name}, {staff[partner].display_name}"
    assert _card_field(scene, "Service") == "Couples Massage 60"
