"""A guest's SMS reply to an offer (the ``message.received`` webhook): a YES within the hold recorded with
when it was sent, re-checked and booked through the outbox (taken up again after an outage, reclaimed when it came
late but was sent in time); a NO or a STOP moves the card on; a YES said with her opt-out records the opt-out and
leaves the booking to a person; a reply sent before the offer reached the guest answers something else; anything else
is for a person, in the card's thread (a few per offer after its slot ended). The hold running out too
(``_expire_one``).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spa_copilot.ai import private_words
from spa_copilot.ai.guardrails import (
    HEALTH_DETAIL_WITHHELD,
    guest_words_for_staff,
    holds_health_detail,
    opt_out_keyword,
    quoted_as_seen,
)
from spa_copilot.copilot import Copilot
from spa_copilot.domain import ACTIVE_STATUS_VALUES, Appointment, BookingRequest, InboundMessage, WaitlistStatus
from spa_copilot.fill._common import (
    COPILOT_ACTOR,
    NO_CANDIDATES_LEFT,
    OFFER_NOT_BOOKED,
    OPTED_OUT_AFTER_YES_TEXT,
    OPTED_OUT_TEXT,
    OUTBOX_BOOKING,
    OUTBOX_LEASE,
    OUTBOX_SMS,
    PENDING,
    READ_ONLY_REFUSAL,
    _booking_key,
    _candidate_for,
    _first_name_of,
    _replaced,
    card_name,
    fill_offer_id,
    logger,
)
from spa_copilot.fill.call_list import _is_call_list, _noted_unclear_reply, _noted_yes_without_texts
from spa_copilot.fill.card import (
    _keep_note_once,
    _post_kept_notes,
    _refresh_card,
    _thread_note,
    _thread_note_once,
    _thread_of,
)
from spa_copilot.fill.late_reply import REPLY_BOOKED_REASON, _next_holder, _propose_too_late_reply, _set_aside_reply
from spa_copilot.fill.moving_on import _advance_after, _move_on_after_answer
from spa_copilot.fill.outbox import _drop_held_text, _fail_message, _waitlist_write, deliver, her_appointments
from spa_copilot.fill.recheck import _over_the_opening, _still_fits
from spa_copilot.fill.reply_intent import (
    _reply_words,
    asks_only_for_no_more_texts,
    classify_reply,
    says_a_few_minutes_late,
    stop_said_apart,
)
from spa_copilot.fill.texting_hours import _held_for_texting_hours, text_opens_at
from spa_copilot.platform.errors import PlatformError, PlatformUnavailable
from spa_copilot.platform.webhooks import WebhookEvent
from spa_copilot.settings import Mode
from spa_copilot.slack import blocks
from spa_copilot.slack.texts import OPT_OUT_HINT
from spa_copilot.slack.views_models import ProposalState
from spa_copilot.store.forget import FORGOTTEN, ended_on_request_key

_STOPPED = ":no_bell: {first_name} replied STOP: the copilot will not text them again (they can text START to allow it). "
STOPPED_TEXT = _STOPPED + "Their waitlist entry stays, for the front desk to follow up another way."
#: The thread line when a staff member records the opt-out of a guest whose offer is open (``opt_out_by_staff``).
STAFF_STOPPED_TEXT = (
    ":no_bell: {first_name}'s opt-out of texts was recorded by staff (/spa texts): the copilot will not text them "
    "again, and their offer is taken as a no. Their waitlist entry stays, for the front desk to follow up another way."
)
#: The end of the line quoting a reply that is no yes or no but in which the copilot read her opt-out: the free-text
#: reader can misread one ("CAN I STOP BY TOMORROW?"), and a manager who reads it otherwise can undo it.
STOP_READ_IN_UNCLEAR_TEXT = (
    "They said STOP too: the copilot will not text them again (they can text START; if they did not mean it, a manager "
    "can undo it: `/spa texts {client_id} start`)."
)
STOPPED_BOOKED_TEXT = _STOPPED + (
    "Their booking {state}; if STOP meant they cannot come, cancel it in Mangomint and the opening is offered again."
)
#: A yes that takes the slot said with an opt-out that can only be hers ("Yes I'll take it! And stop texting me"):
#: the opt-out is recorded, nothing is booked or declined; ``outcome`` is one of the three below.
YES_STOP_TEXT = (
    ":no_bell: {first_name} replied YES and asked not to be texted again: “{body}”. The copilot will not text them "
    "again (they can text START to allow it) and booked nothing: a yes beside an opt-out is for a person.{outcome}"
)
YES_STOP_HOLD_OUTCOME = (
    " To give them the slot, book it by hand in Mangomint (this card then closes) and let them know another way; "
    "if nobody does, the card moves on when their hold runs out."
)
YES_STOP_BOOKED_OUTCOME = " Their booking {state}."
YES_STOP_OTHER_OUTCOME = " Nothing else was changed: please follow up another way."
#: A reply neither yes nor no sent within ``AFTER_THE_SLOT_SHOWN`` after the offered slot ended ("is it still free?",
#: "sorry, just saw this"): said once per message (up to ``AFTER_THE_SLOT_NOTES``), nothing reopened. One sent later
#: answers something else (the spa's reminder of another booking, a question days later) and is not posted in a thread
#: nobody reads any more.
AFTER_THE_SLOT_SHOWN = timedelta(hours=12)
#: How many such replies are shown per offer, each once: a guest writing on and on is followed up after the first few.
AFTER_THE_SLOT_NOTES = 3
AFTER_THE_SLOT_TEXT = (
    ":information_source: {first_name} replied after the offered slot had passed: {said}. The offer is over and "
    "nothing was changed; if it needs an answer, please follow up."
)
#: A "No" she sent before her YES, delivered after it (webhooks are retried, never in order): her YES stands.
NO_BEFORE_YES_TEXT = (
    ":information_source: {first_name} replied YES and {state}; a reply they sent before their YES reached the "
    "copilot only now: “{body}”. Nothing was changed: their YES is their latest answer."
)
NO_AFTER_YES_TEXT = (
    ":warning: {first_name} replied YES and {state}, then wrote: “{body}”. Nothing was changed: if they cannot come,"
    " cancel the booking in Mangomint and the opening is offered again."
)


async def on_message_received(copilot: Copilot, event: WebhookEvent) -> None:
    """A client's reply to an offer: book on YES, move on after NO, a polite reply when too late.

    STOP (whatever it answers) is remembered, so the copilot never offers that client a slot by text again, and
    otherwise handled as a NO; START forgets it. The platform keeps its own consent: this is the copilot's promise.
    """
    message = event.message
    if message is None:
        return
    # The order of her YES and the "No" or STOP that declined her offer is told only by the spa system's own clock
    # (rev42j: a YES placed on our clock against a "No" stamped by a clock ahead of it read as before it): ``own_at``,
    # her own stamp, a ``receivedAt`` with an offset, the only time kept as when she declined and the only one a YES
    # is told as sent after it by; ``sent_by``, that or the envelope's createdAt standing for it (never earlier than
    # she sent it), by which a YES is told as sent before it. A time written without an offset is neither (rev43e:
    # read on a spa clock two minutes behind, a YES sent after her No read as before it, and was lost), nor is a
    # createdAt kept for a "No" (minutes after it, it read her later YES as before it: rev43a M2)
    own_at: datetime | None = message.received_at
    sent_by: datetime | None = message.received_at
    if (unzoned := event.message_time) is not None:  # its time named no instant: placed, or createdAt stood in
        zone = None if unzoned.date_only else await _reply_clock(copilot, unzoned.location_id)
        message = message.model_copy(update={"received_at": unzoned.instant(received=copilot.now(), zone=zone)})
        own_at, sent_by = None, message.received_at if unzoned.stood_in is not None else None
    # kept to what is a clock at all (``own_stamp``): year 1 east of UTC could not even be dated (rev42i)
    message = message.model_copy(update={"received_at": own_stamp(message.received_at, copilot.now())})
    own_at, sent_by = (own_stamp(at, copilot.now()) if at is not None else None for at in (own_at, sent_by))
    intent = classify_reply(message.body)
    store = copilot.store
    # a firm STOP said as a sentence of its own is an opt-out however the rest of the reply is read ("Stop. Save it
    # for me" is a person's to follow up, "Stop. I'm not in the area anymore" a NO): never texted again all the same
    opted_out = intent in ("stop", "yes_stop") or stop_said_apart(message.body)
    said_at = min(message.received_at, copilot.now())  # when she sent it (never later than now)
    # her STOP and START compared by their own times (the spa system's clock, uncapped: capped at ours, two replies
    # stamped ahead of it would read in the order they were delivered)
    recorded = opted_out and record_text_opt_out(copilot, message.client_id, actor=f"client:{message.client_id}",
                                                 message_id=message.id, details={"messageId": message.id},
                                                 said_at=message.received_at)
    # a START clears only an opt-out said before it: one she sent before her STOP, delivered after it, does not
    if not recorded and intent == "start" and store.clear_text_opt_out(message.client_id,
                                                                        start_said_at=message.received_at):
        store.audit(actor=f"client:{message.client_id}", action="fill.text_opt_in", subject_id=message.client_id,
                    details={"messageId": message.id})
    offer = store.latest_fill_offer(message.client_id)
    if offer is None:
        logger.info("reply %s from client %s answers no fill offer", message.id, message.client_id)
        return
    proposal_id = offer["proposal_id"]
    if (intent == "other" and (start := _offer_start(copilot, offer)) is not None
            and classify_reply(message.body, offered=start) == "yes"):
        # the offer's own time said back: "Yes, 11 works". Only a yes is taken from this second reading: the STOP and
        # START bookkeeping above went by the first, and with the time taken out a pasted offer's "Reply STOP to opt
        # out" (or "start at 11?") can read as the guest's own STOP or START; such a reply stays for a person.
        intent = "yes"
    copilot.store.audit(
        actor=f"client:{message.client_id}", action=f"fill.reply_{intent}", subject_id=proposal_id,
        details={"messageId": message.id, "offerId": offer["id"], "offerStatus": offer["status"]},
    )
    before_the_text = _sent_before_the_text(copilot, offer, message)
    if intent in ("no", "stop", "yes_stop") and offer["status"] == "expired" and not before_the_text:
        # a NO or STOP to an offer whose hold was given up: an in-time YES of hers delivered later (a webhook retry)
        # does not win the slot back on its own (``_reclaim_in_time_yes``): a person asks her which she meant. Not
        # one she sent before its text went out (to the spa's reminder: rev36g G3), which answers something else
        store.claim_event(NO_AFTER_HOLD_KEY.format(offer_id=offer["id"]), source="fill")
    if intent in ("no", "other", "stop", "yes_stop") and _slot_reached(copilot, offer, "end"):
        # The offered slot is over: the reply answers something else (the spa's reminder of another booking, a
        # question days later) or comes too late; no "cancel the booking" in the old card's thread (a STOP is
        # remembered above all the same). One neither yes nor no sent soon after the slot is still shown there, each once
        # (a few per offer), saying the slot has passed (``_note_after_the_slot``): a person reads it, nothing is reopened.
        if intent == "other":
            await _note_after_the_slot(copilot, offer, message)
        logger.info("%s reply %s for offer %s, whose slot is over, not acted on", intent, message.id, offer["id"])
        return
    if intent == "yes":
        await _accept(copilot, offer, message, own_at=own_at, sent_by=sent_by)
        taken = (store.fill_offer(offer["id"]) or {}).get("status") in ("accepting", "booked")
        if taken and says_a_few_minutes_late(message.body):  # the booking note quotes no reply: this one does
            await _thread_note_once(copilot, f"fill-yes-late:{message.id}", proposal_id, YES_LATE_TEXT.format(
                first_name=_first_name_of(copilot, offer), body=await _guest_words(copilot, message)))
    elif (intent in ("no", "stop") and offer["status"] == "failed" and _tried_then_not_sent(copilot, offer)
          and not _sent_before_approval(copilot, offer, message)):
        # a NO or a STOP to a text settled as not sent that may have reached her all the same: as such a YES, told to
        # a person once (the STOP is remembered above all the same); nothing else changes
        await _answer_to_unsent_text(copilot, offer, message, intent)
    elif (intent == "no" and _sent_before_her_yes(offer, sent_by, placed=said_at)
          and not (offer["status"] == "sent" and before_the_text)):
        # a "No" she sent before the YES that is booking her, delivered after it (a webhook retry): her YES is her
        # latest answer, so nothing changes, and the thread says the true order (no "cancel the booking"); only by the
        # spa system's clock (a time without an offset, from a clock minutes slow, read her later No as before it and
        # the desk was not asked to cancel: rev43f M)
        await _thread_note_once(copilot, f"fill-no-before-yes:{message.id}", proposal_id, NO_BEFORE_YES_TEXT.format(
            first_name=_first_name_of(copilot, offer), state=_yes_state(offer),
            body=await _guest_words(copilot, message)) + _opt_out_hint(copilot, offer))
    elif intent == "no" and offer["status"] in ("accepting", "booked"):
        first_name = _first_name_of(copilot, offer)
        await _thread_note_once(copilot, f"fill-no-after-yes:{message.id}", proposal_id, NO_AFTER_YES_TEXT.format(
            first_name=first_name, state=_yes_state(offer), body=await _guest_words(copilot, message))
            + _opt_out_hint(copilot, offer))
    elif intent == "no" and offer["status"] == "sent" and before_the_text:
        # a "No" the guest sent before this offer's text reached them (to the spa's own reminder, say), delivered only
        # after it went out (a webhook retry): it answers something else, as such a YES does, and the thread says so;
        # the offer keeps waiting for their answer (read at once, while the text still waited, it was left unposted)
        await _reply_before_offer(copilot, offer, message.id, said_at,
                                  said=f"“{await _guest_words(copilot, message)}”", outcome="",
                                  text_sent_at=_text_sent_at(copilot, offer))
    elif intent == "no" and offer["status"] == "approved" and offer.get("yes_at"):
        await _no_after_kept_yes(copilot, offer, message)
    elif intent == "no":
        if offer["status"] in ("sent", OFFER_NOT_BOOKED):
            # after a YES the spa system did not book, even "No" is quoted: staff were asked to answer her (rev45a L5)
            # (not of a guest erased on request since: nothing of hers is shown, rev45d)
            await _quote_longer_answer(copilot, offer, message,
                                       always=offer["status"] == OFFER_NOT_BOOKED and not _forgotten(copilot, offer))
        elif offer["status"] == "expired" and not before_the_text:  # her hold was given up: her "No" is still shown
            await _thread_note_once(copilot, f"fill-no-after-hold:{message.id}", proposal_id, NO_AFTER_HOLD_TEXT.format(
                first_name=_first_name_of(copilot, offer), body=await _guest_words(copilot, message))
                + _opt_out_hint(copilot, offer))
        await _decline(copilot, offer, answered_at=own_at)  # her own stamp
    elif intent == "yes_stop":
        await _yes_with_opt_out(copilot, offer, message)
    elif intent == "stop":
        first_name = _first_name_of(copilot, offer)
        # her YES kept through an outage (booked when the spa system answers) stands, as after a staff stop (rev40j M1:
        # her own STOP declined it silently)
        # (only for a reply that asks for no more texts and nothing else: "Stop texting me, I can't come anymore",
        # "Cancel", "STOP no" decline it as before: rev40l L1, rev41a M2, rev41c H1)
        yes_kept = (offer["status"] == "sent" and bool(offer.get("yes_at"))
                    and asks_only_for_no_more_texts(message.body))
        # after her booking even a word or two is quoted: it may be about the booking ("Cancelar", "Cancel"); not a
        # bare STOP, which the STOP line below names already (one reply, one line)
        if not _just_stop(message.body):
            await _quote_longer_answer(copilot, offer, message,
                                       always=offer["status"] in ("accepting", "booked") or yes_kept or (
                                           offer["status"] == OFFER_NOT_BOOKED and not _forgotten(copilot, offer)))
        if offer["status"] in ("accepting", "booked") or yes_kept:  # said YES first: the booking is hers
            state = ("stands" if offer["status"] == "booked" else "is being made and stands" if not yes_kept
                     else "is made when the spa system answers, and stands")
            text = STOPPED_BOOKED_TEXT.format(first_name=first_name, state=state)
        else:
            text = STOPPED_TEXT.format(first_name=first_name)
        await _thread_note_once(copilot, f"fill-stop-note:{message.id}", proposal_id, text)
        if await drop_held_text_after_opt_out(copilot, offer):  # its text may wait for texting hours
            return
        # her YES given up with her no; with none read, a YES kept meanwhile wins (rev41a L2). When her STOP was sent
        # is kept with the decline, so a YES she sent before it, delivered after it, is told in its true order
        # (``_yes_before_her_stop``)
        if not yes_kept:
            await _decline(copilot, offer, expect_yes=None if offer.get("yes_at") else False,
                           answered_at=own_at,  # her own stamp
                           mark=STOP_DECLINED_KEY.format(offer_id=offer["id"]))
    elif intent == "start":
        return
    elif message.body.strip() and (before := _before_the_offer(copilot, offer, message)) is not None:
        # a question or a remark the guest sent before the offer reached them (its text waiting for texting hours,
        # say) answers something else, as such a YES or "No" does: the thread says so, with their words to follow up
        await _reply_before_offer(copilot, offer, message.id, said_at,
                                  said=f"“{await _guest_words(copilot, message)}”", outcome=FOLLOW_UP_TEXT, **before)
    else:
        _noted_unclear_reply(copilot, offer["id"])  # an answer all the same: the card never says "did not answer"
        first_name = _first_name_of(copilot, offer)
        said = (f"replied: “{await _guest_words(copilot, message)}”. That is not a yes or no" if message.body.strip()
                else "sent a message with no text (a picture?)")
        stopped = (" " + STOP_READ_IN_UNCLEAR_TEXT.format(client_id=offer["client_id"]) if opted_out
                   else _opt_out_hint(copilot, offer))
        await _thread_note_once(copilot, f"fill-other:{message.id}", proposal_id,
                                f"{first_name} {said}; please follow up.{stopped}")


def record_text_opt_out(
    copilot: Copilot, client_id: str, *, actor: str, details: dict[str, Any], message_id: str | None = None,
    said_at: datetime | None = None,
) -> bool:
    """Remember that ``client_id`` is not to be texted (her reply, ``message_id``, sent ``said_at``; or a staff
    member's ``/spa texts … stop``, none, said now) and audit it as ``fill.text_opt_out`` by ``actor``; False, and
    nothing audited, when she already was. From then on the ranking leaves her out and no send to her goes out (the
    outbox reads it right before each); what it does to an offer's text still held is ``drop_held_text_after_opt_out``.
    Only a START of hers sent after ``said_at`` clears it; said again, the opt-out counts from the latest."""
    now = copilot.now()
    # hers by the spa system's clock (kept to a clock when read: ``own_stamp``); a staff member's by ours, counted
    # ``CLOCK_SKEW`` ahead: a START she sent before it, stamped by a spa clock a little ahead of ours, does not clear
    # it (rev42g M2)
    said = said_at if said_at is not None else now + CLOCK_SKEW
    with copilot.store.transaction():
        if not copilot.store.record_text_opt_out(client_id, at=now, message_id=message_id, said_at=said):
            return False
        copilot.store.audit(actor=actor, action="fill.text_opt_out", subject_id=client_id, details=details)
    return True


async def drop_held_text_after_opt_out(copilot: Copilot, offer: Mapping[str, Any]) -> bool:
    """The consequence of an opt-out for the guest's latest offer, her own STOP's and a staff member's alike: its
    approved text still held back for texting hours (never tried) is settled as not sent at once, the card saying so
    and moving on (``_drop_held_text``); one an outage holds up is not sent at its next try (the send reads the
    opt-out). False when there was no such text."""
    if offer["status"] != "approved" or not offer.get("outbox_key"):
        return False
    return await _drop_held_text(copilot, offer["outbox_key"],
                                 OPTED_OUT_TEXT.format(first_name=_first_name_of(copilot, offer)), "optedOut")


async def opt_out_by_staff(copilot: Copilot, client_id: str, *, user_id: str) -> tuple[bool, str | None]:
    """``/spa texts <client> stop``: a guest's opt-out recorded by a staff member (asked for by phone, at the desk, or
    in a reply the copilot's reader missed), with the consequences her own STOP has: an approved text to her still
    held is dropped ("dropped"), and an offer texted to her and still open is declined for her, the card moving on and
    its thread saying so ("withdrawn": rev40d M2, the card held the slot for her until her hold ran out), unless she
    said YES to it (``_kept_yes_after_staff_stop``: what becomes of that YES; "yes_booking" while it is being booked).
    Whether it was recorded now (False: she already was) and what became of her offer, if anything, for the answer to
    say (``answers.answer_texts``)."""
    if not record_text_opt_out(copilot, client_id, actor=user_id,
                               details={"recordedBy": "staff", "messageId": None}):
        return False, None
    logger.info("text opt-out of client %s recorded by staff %s", client_id, user_id)
    offer = copilot.store.latest_fill_offer(client_id)
    if offer is None:
        return True, None
    if await drop_held_text_after_opt_out(copilot, offer):
        return True, "dropped"
    # her open offer taken as her no, its line said with it (a YES of hers taken meanwhile wins: rev40e M2); not one
    # whose YES is recorded (kept through an outage: it is booked when the spa system answers, rev40e H1)
    if offer["status"] == "sent" and await _decline(
            copilot, offer, expect_yes=False,
            note=(f"fill-staff-stop:{offer['id']}", STAFF_STOPPED_TEXT.format(first_name=_first_name_of(copilot, offer)))):
        return True, "withdrawn"
    if offer["status"] == "accepting":  # her YES is being booked right now: the desk checks the card first
        return True, "yes_booking"
    if offer.get("yes_at") and offer["status"] in ("sent", "approved"):
        return True, await _kept_yes_after_staff_stop(copilot, offer)
    return True, None


async def _kept_yes_after_staff_stop(copilot: Copilot, offer: Mapping[str, Any]) -> str:
    """What becomes of a YES kept on the offer of a guest whose opt-out a staff member just recorded, each word the
    answer's (``texts.TEXTS_YES_*``), so the desk is never told to do what the copilot then does itself:

    - "yes_past": the offered slot has begun: nothing is sent or booked (the outbox sends no text for a started slot,
      the expiry job books no YES then) and the card closes, its thread saying so (``expiry._close_started``);
    - "yes_kept": a YES to a text she had, kept through an outage: re-checked and booked when the spa system answers,
      if the slot is still free then (rev40e H1); "yes_kept_taken" when the calendar as last seen shows the slot
      booked since (``_slot_seen_taken``): the re-check then books nothing for her;
    - a YES to a text whose send was never confirmed: that text is never sent to an opted-out guest (never a text she
      may not have had: rev40i H1), so it is settled as not sent now, before the answer, the card moving on and the
      desk booking her by hand if she wants the slot ("yes_unsent", rev40g H1); unless the outbox is sending it at
      this very moment (its consent read before the opt-out: it may go out, and the copilot then books her itself),
      "yes_sending", for the desk to check the card first (rev41a)."""
    if _slot_reached(copilot, offer, "start"):
        return "yes_past"
    if offer["status"] == "sent":
        return "yes_kept_taken" if _slot_seen_taken(copilot, offer) else "yes_kept"
    return "yes_unsent" if await _settle_unsent_text(copilot, offer) else "yes_sending"


async def _settle_unsent_text(copilot: Copilot, offer: Mapping[str, Any]) -> bool:
    """The unconfirmed text of an offer whose guest opted out, claimed and settled as not sent
    (``OPTED_OUT_AFTER_YES_TEXT``, the card moving on) so no re-send can take it now; True when it is not sent (settled
    now, or by the send itself, which read the opt-out), False while a send claimed before holds it (it may go out).
    The card's thread says why at once, should the move on wait for the spa system."""
    store = copilot.store
    key = offer.get("outbox_key") or ""
    item = store.outbox_item(key)
    if item is None:
        return True
    if not store.claim_outbox(key, now=copilot.now(), lease=OUTBOX_LEASE):
        settled = store.outbox_item(key)
        return settled is not None and settled.status == "failed"
    reason = OPTED_OUT_AFTER_YES_TEXT.format(first_name=_first_name_of(copilot, offer))
    await _fail_message(copilot, key, item.payload, reason, "optedOut")
    logger.info("unconfirmed text %s of offer %s settled as not sent after a staff opt-out", key, offer["id"])
    if (store.fill_proposal(offer["proposal_id"]) or {}).get("status") == ProposalState.approved.value:
        await _thread_note_once(copilot, f"fill-not-sent:{key}", offer["proposal_id"], f":no_entry: {reason}.")
    return True


def _slot_seen_taken(copilot: Copilot, offer: Mapping[str, Any]) -> bool:
    """Whether the calendar as last seen (the snapshot the poll and the webhooks keep: no spa system read) shows an
    active booking of another guest over the offer's opening (booked by hand, the cancellation undone): a YES kept on
    it is then re-checked and finds the slot gone, unless it is free again by then."""
    row = copilot.store.fill_proposal(offer["proposal_id"])
    if row is None:
        return False
    opening = row["opening"]
    return any(
        seen.status in ACTIVE_STATUS_VALUES and seen.client_id != offer["client_id"]  # her own: the desk's (rev41d L2)
        and _over_the_opening(datetime.fromisoformat(seen.start_at), datetime.fromisoformat(seen.end_at), opening,
                              staff_ids=seen.staff_ids, resource_ids=seen.resource_ids)
        for seen in copilot.store.snapshot(location_id=row["location_id"]).values()
    )


def _opt_out_hint(copilot: Copilot, offer: Mapping[str, Any]) -> str:
    """The end of a thread line quoting a guest's reply from which the copilot recorded no opt-out (she has none):
    how the staff record one the reader missed, by her client id, never her name. Empty when she has one. Every line
    quoting a NO of hers ends with it: to her latest offer, after its hold was given up, after her YES."""
    if copilot.store.text_opted_out([offer["client_id"]]):
        return ""
    return " " + OPT_OUT_HINT.format(client_id=offer["client_id"])


async def _yes_with_opt_out(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> None:
    """A yes to the slot said with an opt-out that can only be hers (``classify_reply``'s "yes_stop"; the opt-out is
    recorded before this): never booked, never declined. The card's thread quotes her and says both, once: within her
    hold, for a person to book her by hand (the hold runs on); already being booked, that the booking stands; else that
    nothing else changed. An approved text still held for texting hours is dropped, as for a STOP."""
    first_name = _first_name_of(copilot, offer)
    status = offer["status"]
    if status in ("accepting", "booked"):  # said YES before: the booking is hers
        outcome = YES_STOP_BOOKED_OUTCOME.format(state="stands" if status == "booked" else "is being made and stands")
    elif status == "sent" and not _sent_before_the_text(copilot, offer, message):
        _noted_yes_without_texts(copilot, offer["id"])  # the card and the hold running out say she said yes
        outcome = YES_STOP_HOLD_OUTCOME
    else:
        outcome = YES_STOP_OTHER_OUTCOME
    await _thread_note_once(copilot, f"fill-yes-stop:{message.id}", offer["proposal_id"], YES_STOP_TEXT.format(
        first_name=first_name, body=await _guest_words(copilot, message), outcome=outcome))
    if outcome == YES_STOP_HOLD_OUTCOME:  # the card marks her as one to call (``CALL_YES_NO_TEXTS``) from now
        await _refresh_card(copilot, offer["proposal_id"])
    await drop_held_text_after_opt_out(copilot, offer)  # its text may wait for texting hours: it must not go


async def _note_after_the_slot(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> None:
    """A reply neither yes nor no sent within ``AFTER_THE_SLOT_SHOWN`` after the offered slot ended, in the card's
    thread once per message, up to ``AFTER_THE_SLOT_NOTES`` per offer (sent later, its card gone, or its guest
    forgotten on request, nothing). A message's note is claimed with one of the offer's few places, in one
    transaction: a retried webhook posts the note it kept, never a second."""
    store = copilot.store
    row = store.fill_proposal(offer["proposal_id"])
    sent_at = min(message.received_at, copilot.now())
    if (row is None or sent_at > datetime.fromisoformat(row["opening"]["end"]) + AFTER_THE_SLOT_SHOWN
            or store.event_seen(ended_on_request_key(offer["id"]))):
        return
    said = f"“{await _guest_words(copilot, message)}”" if message.body.strip() else "a message with no text (a picture?)"
    text = AFTER_THE_SLOT_TEXT.format(first_name=_first_name_of(copilot, offer), said=said)
    places = [f"fill-after-the-slot:{offer['id']}"] + [
        f"fill-after-the-slot:{offer['id']}:{n}" for n in range(2, AFTER_THE_SLOT_NOTES + 1)]
    thread = _thread_of(copilot, offer["proposal_id"])
    with store.transaction():
        if store.claim_event(f"fill-after-the-slot-reply:{message.id}", source="fill"):
            place = next((key for key in places if store.claim_event(key, source="fill")), None)
            if place is not None:
                store.keep_note(place, proposal_id=thread, text=text, at=copilot.now())
            else:
                logger.info("reply %s after offer %s's slot not shown: %d already are", message.id, offer["id"],
                            AFTER_THE_SLOT_NOTES)
    await _post_kept_notes(copilot, thread)


#: A NO (or a STOP) of more words than this is quoted in the thread before what it does: the words may say more than
#: no ("No, but Thursday works", "No, please don't send me these anymore").
FEW_WORDS = 3
#: The thread's line quoting such an answer (masked as every guest's words in a thread are).
ANSWER_QUOTED_TEXT = ":information_source: {first_name} replied: “{body}”"


def _just_stop(body: str) -> bool:
    """Whether a reply is nothing but the opt-out keyword STOP (``guardrails.opt_out_keyword``, punctuation aside),
    the word the thread's STOP line names: quoting it too says it twice. Any other keyword alone ("Cancel") is still
    quoted, as it may be about a booking."""
    bare = body.strip().strip(".!?").strip()
    found = opt_out_keyword(bare)
    return found is not None and found.casefold() == bare.casefold() == "stop"


async def _quote_longer_answer(
    copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, *, always: bool = False
) -> None:
    """Quote the guest's NO or STOP in the card's thread, once, when it is longer than ``FEW_WORDS`` words (or
    ``always``). A reply that tells of her health (``guardrails.holds_health_detail``) is not quoted: the thread says
    she replied with health details and where to read them, as the card above it never names a condition."""
    if not always and len(_reply_words(message.body)[0]) <= FEW_WORDS:
        return
    first_name = _first_name_of(copilot, offer)
    if (words := await _guest_words(copilot, message)) == HEALTH_DETAIL_WITHHELD:
        said = (f":information_source: {first_name} replied with health details (not shown here: read the reply in "
                "Mangomint).")
    else:
        said = ANSWER_QUOTED_TEXT.format(first_name=first_name, body=words)
    await _thread_note_once(copilot, f"fill-answer-quoted:{message.id}", offer["proposal_id"],
                            said + _opt_out_hint(copilot, offer))


async def _reply_clock(copilot: Copilot, location_id: str | None) -> ZoneInfo | None:
    """The clock a reply's time without an offset was written on: the location the webhook names, else the one clock
    every location of the spa keeps; None when the spa's locations keep different clocks (the reply is then dated when
    the copilot received it). The offer's own location is no answer: the spa system dates a text by its own clock,
    not by the booking the text is about."""
    try:
        locations = list((await copilot.catalog()).locations)
    except PlatformError:
        locations = copilot.known_locations()
    named = [location for location in locations if location.id == location_id]
    zones = {location.time_zone for location in named or locations}
    return ZoneInfo(zones.pop()) if len(zones) == 1 else None


#: How a reply that is neither yes nor no, sent before the offer reached the guest, goes on in the thread.
FOLLOW_UP_TEXT = "; please follow up"


def _before_the_offer(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> dict[str, Any] | None:
    """How ``_reply_before_offer`` words a reply the guest sent before the offer reached them: before its approval,
    while its approved text waits for texting hours (never tried), or before its text went out (a reply delivered
    late); None when the guest may have had the offer (a text tried before texting closed counts as one)."""
    if _sent_before_approval(copilot, offer, message):
        return {}
    if offer["status"] == "approved":
        held = _held_for_texting_hours(copilot, offer)
        return {"waiting": True} if held is not None and held.attempts == 0 else None
    if offer["status"] == "sent" and _sent_before_the_text(copilot, offer, message):
        return {"text_sent_at": _text_sent_at(copilot, offer)}
    return None


#: A YES that says the guest may be a few minutes late: booked all the same, and the thread says so (the therapist
#: and the front desk plan around it).
YES_LATE_TEXT = ":clock3: {first_name} may be a few minutes late: “{body}”"


async def _guest_words(copilot: Copilot, message: InboundMessage) -> str:
    """A guest's reply as the thread quotes it: masked as ``guest_words_for_staff`` masks, their own surname and
    email name too (``private_words``; when the spa system cannot give their record just now, the rest is masked).
    A reply that tells of their health (``guardrails.holds_health_detail``: "I have a herniated disc", "20 weeks
    pregnant") is not quoted at all: the card's thread is in a channel every member reads, so the quote says where to
    read it instead (``HEALTH_DETAIL_WITHHELD``). The quote is the reply as a person sees it (``quoted_as_seen``: no
    zero-width space or soft hyphen; accents, scripts and emoji as written)."""
    if holds_health_detail(message.body, today=copilot.now().date()):
        return HEALTH_DETAIL_WITHHELD
    try:
        client = await copilot.platform.get_client(message.client_id)
    except PlatformError:
        client = None
    names = private_words(client) if client is not None else ()
    return guest_words_for_staff(quoted_as_seen(message.body), names=names)


#: How far the spa system's clock (which times a guest's reply) may run behind ours: a YES this little before the
#: approval is the guest answering the offer at once, not an earlier message.
CLOCK_SKEW = timedelta(seconds=60)
#: How far ahead of the copilot's clock a guest's opt-out is dated by her own stamp at most (``record_text_opt_out``).
STAMPED_AHEAD_AT_MOST = timedelta(days=1)
#: ... and how far back at most: before it no reply was ever texted to the copilot (``record_text_opt_out``).
EARLIEST_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


def own_stamp(stamped: datetime, now: datetime) -> datetime:
    """A guest's reply as the spa system's clock stamped it, uncapped (a clock ahead of ours included: compared with
    each other, her STOP, START and YES keep the order she sent them in), kept to what is a clock at all: not more
    than a day ahead of ours, nor before 2000 (year 9999, or year 1 east of UTC, cannot even be stored: rev42g M1,
    rev42h M1)."""
    return max(min(stamped, now + STAMPED_AHEAD_AT_MOST), EARLIEST_STAMP)
#: How long a YES may stay taken for its re-check (``accepting``, no booking queued yet) before the expiry job
#: takes it up again: the re-check takes seconds; one still ``accepting`` after this was cut off by a process that
#: stopped. Taking it up twice books once (the booking's idempotency key).
ACCEPTING_STALE = timedelta(minutes=5)
#: How long a YES's re-check may wait for the spa system before it is handed back (the YES kept) for a later try:
#: well under ``ACCEPTING_STALE``, so the expiry job never takes up a re-check that is still running.
RECHECK_TIMEOUT = timedelta(minutes=2)
#: A guest's reply sent before the offer reached them: ``said`` is "YES" or a "No" in the guest's words (quoted),
#: ``outcome`` what it did not do (a YES: " and nothing was booked").
BEFORE_OFFER_TEXT = "{first_name} texted {said} at {at}, before this offer was approved, so it answers something else{outcome}."
BEFORE_TEXT_SENT_TEXT = (
    "{first_name} texted {said} at {at}, before this offer's text went out (at {sent}), so it answers something "
    "else{outcome}."
)
BEFORE_TEXT_WAITS_TEXT = (
    "{first_name} texted {said} at {at}, before this offer's text went out (it waits for texting hours), so it answers "
    "something else{outcome}."
)
YES_NOT_BOOKED = " and nothing was booked"
OFFER_STILL_WAITS_TEXT = " The offer still waits for their answer."
YES_WAITS_TEXT = (
    ":hourglass_flowing_sand: {first_name} replied YES at {at}, within the hold. The spa system is not answering, so "
    "the slot is re-checked and booked as soon as it answers; it is not offered to anyone else meanwhile."
)

#: The same for a YES that took back a card closed as a list to call (``_reclaim_in_time_yes``): nothing is booked
#: yet, so the desk is not told to stop calling.
YES_WAITS_CALL_LIST_TEXT = (
    ":hourglass_flowing_sand: {first_name} replied YES at {at}, within the hold. The spa system is not answering, so "
    "the slot is re-checked and booked for them as soon as it answers. Until then nothing is booked: the desk may "
    "keep calling the list (a booking made by hand first keeps the slot, and {first_name} is told it was taken)."
)


async def _accept(
    copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, *, own_at: datetime | None,
    sent_by: datetime | None,
) -> None:
    """A YES: recorded with its time if it came within the hold, then re-checked and booked (``_take_up_yes``).
    ``own_at``: her own stamp of it (None without one); ``sent_by``: that, or the spa system's time it was sent by at
    the latest (createdAt): told as sent before a decline by ``sent_by``, after it by ``own_at`` only."""
    store = copilot.store
    now = copilot.now()
    proposal_id = offer["proposal_id"]
    sent_at = min(message.received_at, now)  # when the guest sent it, however late it is checked
    approved_at = datetime.fromisoformat(offer["created_at"])
    if _sent_before_approval(copilot, offer, message):
        await _reply_before_offer(copilot, offer, message.id, sent_at)
        return
    replied_at, sent_at = sent_at, max(sent_at, approved_at)  # a quick YES timed by a spa clock a little behind ours
    if offer["status"] == "approved" and (held := _held_for_texting_hours(copilot, offer)) is not None:
        if held.attempts == 0:
            # approved outside TEXT_SEND_HOURS, never tried: the "Yes" answers something else (not a send to settle)
            await _reply_before_offer(copilot, offer, message.id, replied_at, waiting=True)
        else:
            # tried before texting closed, its answer lost (it may have reached the guest): settling it now could text
            # them after hours, so the YES books nothing and a person is told, once; the send settles at the opening
            await _yes_send_unconfirmed(copilot, offer, replied_at)
        return
    if offer["status"] == "approved":
        # The text reached the client but its confirmation was lost: settle the send (same key), then read again.
        await deliver(copilot, offer["outbox_key"])
        offer = store.fill_offer(offer["id"]) or offer
        if offer["status"] == "approved":  # the spa system still does not answer: the YES is kept, not retried
            await _keep_unconfirmed_yes(copilot, offer, message, replied_at)
            return
    if _sent_before_the_text(copilot, offer, message):
        # sent after the approval (above), so the text went out only after the guest's "Yes" (approved while the spa
        # system could not send): that answers something else (the spa's reminder), as a YES before the approval does
        await _reply_before_offer(copilot, offer, message.id, replied_at, text_sent_at=_text_sent_at(copilot, offer))
        return
    if copilot.settings.spa_mode == Mode.read_only:
        first_name = _first_name_of(copilot, offer)
        await _thread_note(copilot, proposal_id, f"{first_name} replied YES. {READ_ONLY_REFUSAL} Book it by hand if the slot is still free.")
        return
    if offer["status"] == "declined" and offer.get("yes_at"):
        # her YES was taken up and could not be booked (busy then, her entry gone): the thread said so; a YES again
        # is no "said no, now yes"
        logger.info("repeated YES %s for offer %s, declined after its YES, ignored", message.id, offer["id"])
        return
    if offer["status"] == "declined":  # said no, now yes: the slot may still be open, so a person decides
        if _slot_reached(copilot, offer, "end"):  # an old offer: the "Yes" answers something else
            logger.info("YES %s for declined offer %s, whose slot is over, ignored", message.id, offer["id"])
            return
        yes_stamp = sent_by  # by the spa system's clock, compared with her STOP's or No's (a spa clock ahead too)
        if yes_stamp is not None and (stop_at := _yes_before_her_stop(copilot, offer, yes_stamp)) is not None:
            # her YES sent before the STOP that declined the offer, delivered after it: nothing is booked (she opted
            # out, and her STOP may have meant she cannot come), no reply card is drafted to her, and the thread says
            # the true order for a person to phone her
            zone = _opening_zone(copilot, offer)
            await _thread_note_once(copilot, f"fill-yes-before-stop:{offer['id']}", proposal_id,
                                    _yes_before_stop_line(copilot, offer, at=blocks.dated_clock(yes_stamp, zone, now=now),
                                                          stop_at=blocks.dated_clock(stop_at, zone, now=now)))
            return
        if yes_stamp is not None and (no_at := _yes_before_her_no(copilot, offer, yes_stamp)) is not None:
            # her YES sent before the "No" that declined the offer, delivered after it: her no is her latest answer
            zone = _opening_zone(copilot, offer)
            await _thread_note_once(copilot, f"fill-yes-before-no:{offer['id']}", proposal_id,
                                    YES_BEFORE_NO_TEXT.format(first_name=_first_name_of(copilot, offer),
                                                              at=blocks.dated_clock(yes_stamp, zone, now=now),
                                                              no_at=blocks.dated_clock(no_at, zone, now=now)))
            return
        first_name = _first_name_of(copilot, offer)
        # her offer taken as a no by a staff member's opt-out of her (``opt_out_by_staff``): she never said no
        if copilot.store.event_seen(f"fill-staff-stop:{offer['id']}"):
            said = f"{first_name}'s offer was taken as a no when staff recorded their opt-out, and they have now replied YES"
        elif copilot.store.event_seen(STOP_DECLINED_KEY.format(offer_id=offer["id"])):  # her STOP: phoned, not texted
            await _thread_note_once(copilot, f"fill-yes-after-no:{offer['id']}", proposal_id, YES_AFTER_STOP_TEXT.format(
                first_name=first_name, crossed="" if _declined_before(offer, own_at) else CROSSED_TEXT.format(declined="STOP"),
                texted=NOT_TEXTED_AGAIN if copilot.store.text_opted_out([offer["client_id"]]) else ""))
            return
        else:  # in the order she sent them only when both times say so: else they may have crossed (rev43b)
            said = f"{first_name} said no earlier and has now replied YES" + (
                "" if _declined_before(offer, own_at) else CROSSED_TEXT.format(declined="no"))
        await _thread_note_once(copilot, f"fill-yes-after-no:{offer['id']}", proposal_id,
                                f"{said}. Nothing was booked; if the slot is still free, offer it to them again by hand.")
        return
    if offer["status"] == "failed" and _tried_then_not_sent(copilot, offer):
        # its text was settled as not sent after a try whose answer was lost: it may have reached her all the same
        if _slot_reached(copilot, offer, "end"):  # an old offer: the "Yes" answers something else
            logger.info("YES %s for failed offer %s, whose slot is over, ignored", message.id, offer["id"])
            return
        await _yes_to_unsent_text(copilot, offer, message, replied_at)
        return
    # The YES counts from when the guest sent it, however late it is checked (a retried webhook, an outage).
    if offer["status"] == "sent" and store.record_fill_yes(offer["id"], at=sent_at, message_id=message.id, now=now):
        store.audit(actor=f"client:{offer['client_id']}", action="fill.yes_recorded", subject_id=proposal_id,
                    details={"offerId": offer["id"], "messageId": message.id})
    offer = store.fill_offer(offer["id"]) or offer
    if offer["status"] == "sent" and offer.get("yes_at"):
        await _take_up_yes(copilot, offer)
    elif offer["status"] in ("accepting", "booked") or (offer["status"] == "lost" and offer.get("booked_appointment_id")):
        # Being booked (or a stalled re-check the expiry job takes up after ACCEPTING_STALE), or found booked by the
        # front desk at that time (no "too late" reply to a guest who is booked): nothing more to do.
        logger.info("repeated YES for offer %s ignored", offer["id"])
    elif _slot_reached(copilot, offer, "end"):  # an old offer: the "Y" answers something else (the spa's own reminder?)
        logger.info("YES %s for offer %s, whose slot is over, ignored", message.id, offer["id"])
    elif _in_time_yes_after_a_no(copilot, offer, sent_at):
        await _yes_and_no_after_hold(copilot, offer, sent_at)
    elif await _reclaim_in_time_yes(copilot, offer, message, sent_at):
        await _take_up_yes(copilot, store.fill_offer(offer["id"]) or offer)
    else:
        if offer["status"] == "sent":  # the hold ran out before expire_offers noticed
            await _expire_one(copilot, offer)
        if offer["status"] in ("sent", "expired", "lost"):
            await _answer_yes_too_late(copilot, offer, sent_at)


#: A YES sent within the hold that reached the copilot only after a calendar poll closed its card for a booking made
#: in Mangomint over the hour (``proposing._close_booked_over``): the card is not taken back and nothing is booked
#: (the hour is booked; a newer card may have offered it to another guest since), but the thread says it came in time.
YES_AFTER_BOOKED_OVER_TEXT = (
    ":leftwards_arrow_with_hook: {first_name} texted YES at {at}, within the hold, but it reached the copilot only "
    "after the hour was booked in Mangomint (appointment {appointment_id}).{outcome}"
)
YES_AFTER_BOOKED_OVER_NOT_BOOKED = " Nothing was booked for them."


def _booked_over_id(row: Mapping[str, Any]) -> str | None:
    """The appointment a calendar poll closed card ``row`` for, its hour booked in Mangomint (``BOOKED_OVER_TEXT``,
    as ``proposing._close_booked_over`` and a booking moved back over it close it), or None for any other card."""
    reason = row.get("reason") or ""
    prefix = blocks.BOOKED_OVER_TEXT.split("{", 1)[0]
    if row["status"] != ProposalState.expired.value or not reason.startswith(prefix):
        return None
    return re.split(r"[,)]", reason[len(prefix):], maxsplit=1)[0].strip() or None


async def _answer_yes_too_late(copilot: Copilot, offer: Mapping[str, Any], sent_at: datetime) -> None:
    """A YES the card can no longer take: sent after the hold, or within it but reaching the copilot only after a
    calendar poll closed the card for a booking over its hour (``_booked_over_id``: never taken back, nothing booked;
    the thread says it came in time). A guest booked at that hour already (the desk phoned her and booked her:
    ``_her_booking_over``) is told nothing: the thread says she is booked, her entry is marked booked, and no reply
    card is drafted (one would tell a booked guest the slot was taken). Otherwise a reply card for a manager
    (``_propose_too_late_reply``): "YES (slot taken)" for one from within the hold, never "late YES"."""
    store = copilot.store
    offer = store.fill_offer(offer["id"]) or offer
    row = store.fill_proposal(offer["proposal_id"])
    candidate = _candidate_for(copilot, offer)
    if row is None or not candidate:
        await _propose_too_late_reply(copilot, offer)
        return
    closed_for = _booked_over_id(row)
    in_time = (closed_for is not None and bool(offer.get("expires_at"))
               and sent_at < datetime.fromisoformat(offer["expires_at"]))
    mine = await _her_booking_over(copilot, row, offer, candidate, closed_for)
    if mine is not None and mine.location_id != row["location_id"]:  # booked at the sister location: a person answers
        mine = None  # her, as before (rev38f F2b: her entry here marked booked, nobody told her of this slot)
    name = card_name(candidate)
    if in_time:
        at = blocks.dated_clock(sent_at, row["opening"]["time_zone"], now=copilot.now())
        outcome = "" if mine is not None else YES_AFTER_BOOKED_OVER_NOT_BOOKED
        await _thread_note_once(copilot, f"fill-yes-after-booked-over:{offer['id']}", row["id"],
                                YES_AFTER_BOOKED_OVER_TEXT.format(first_name=name, at=at, appointment_id=closed_for,
                                                                  outcome=outcome))
    if mine is None:
        await _propose_too_late_reply(copilot, offer, in_time=in_time)
        return
    now = copilot.now()
    with store.transaction():  # lost with her own booking, its audit and her entry's write, together
        if not store.update_fill_offer(offer["id"], at=now, expect_status=offer["status"], status="lost",
                                       booked_appointment_id=mine.id):
            return
        for key in _expiry_write_keys(copilot, offer):  # the hold's "waiting", if still to go out: she is booked
            store.supersede_pending(key)
        # the reply card drafted for an earlier late YES ("the hold ran out"), not approved yet, is closed: it would
        # tell a booked guest she lost the slot (rev38f F1; one approved already is stopped at its send:
        # ``outbox.overtaking_offer``)
        closed = _set_aside_reply(copilot, offer["id"], REPLY_BOOKED_REASON.format(first_name=name, appointment=mine.id))
        store.audit(actor=COPILOT_ACTOR, action="fill.yes_already_booked", subject_id=row["id"],
                    details={"appointmentId": mine.id, "clientId": offer["client_id"], "offerId": offer["id"],
                             "inTime": in_time})
        waitlisted = _waitlist_write(
            copilot, offer["waitlist_entry_id"], WaitlistStatus.booked, key=f"fill:{offer['id']}:booked")
    if waitlisted:
        await deliver(copilot, waitlisted)
    reason = ALREADY_BOOKED_TEXT.format(first_name=name, appointment=mine.id)
    entry = ENTRY_MARKED_BOOKED_TEXT if waitlisted else ""
    await _thread_note_once(copilot, f"fill-yes-already-booked:{offer['id']}", row["id"],
                            f":information_source: {name} replied YES; {reason}{entry}.")
    if closed is not None:
        await _refresh_card(copilot, closed)



#: A YES to an offer whose text the copilot settled as not sent after a try whose answer was lost (an outage): it may
#: have reached her. Put in front of a person, once per offer; nothing booked, nothing texted. ``situation`` is one of
#: the ``UNSENT_*`` lines below.
YES_TO_UNSENT_TEXT = (
    ":warning: {first_name} replied YES at {at}: “{body}”. The copilot had taken this offer's text as not sent (its "
    "send was tried but never confirmed, then given up), so it may have reached them after all. Nothing was booked "
    "and nothing was texted to them.{situation}"
)
UNSENT_STILL_FREE_TEXT = (
    " The slot is still free: to give it to them, book it by hand in Mangomint (and Reject or skip any offer the fill "
    "card still makes of it) and text them yourself; if not, let them know it is gone."
)
UNSENT_HELD_FOR_TEXT = (
    " The slot is held for {holder}, who was texted the offer next: let {first_name} know by hand that it is taken"
    " (or, if {holder} does not take it, book {first_name} by hand in Mangomint and text them yourself)."
)
UNSENT_GONE_TEXT = " The slot can no longer be booked for them ({why}): let them know by hand."
UNSENT_STARTED_TEXT = " The slot has started: let them know by hand that it is gone."
UNSENT_UNKNOWN_TEXT = (
    " Whether the slot is still free could not be checked (the spa system is not answering): look in Mangomint, then"
    " book it for them by hand and text them yourself, or let them know it is gone."
)


def _tried_then_not_sent(copilot: Copilot, offer: Mapping[str, Any]) -> bool:
    """Whether the offer's text was settled as not sent after at least one try before (an outage, a lost answer, a
    refused key: ``attempts`` counts the settling too), so it may have reached the guest. A text never tried (dropped
    while it waited for texting hours, refused outright at its one try) did not; nor does a guest forgotten on request
    count (nothing more is said about her)."""
    item = copilot.store.outbox_item(offer["outbox_key"]) if offer.get("outbox_key") else None
    return (item is not None and item.kind == OUTBOX_SMS and item.status == "failed" and item.attempts >= 2
            and not copilot.store.event_seen(ended_on_request_key(offer["id"])))


async def _yes_to_unsent_text(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, at: datetime) -> None:
    """A YES to a text settled as not sent that may have reached her (``_tried_then_not_sent``): nothing is booked or
    texted; the card's thread quotes her, says the copilot had taken the text as not sent, and whether the slot is
    still free (held for the next guest texted, gone, started, or unknown) for a person to book her by hand or not.
    Said once per offer, however often she texts."""
    claim = f"fill-yes-unsent:{offer['id']}"
    proposal_id = offer["proposal_id"]
    logger.warning("YES %s for offer %s, whose text was settled as not sent: told to a person", message.id, offer["id"])
    row, candidate = copilot.store.fill_proposal(proposal_id), _candidate_for(copilot, offer)
    if row is None or not candidate or copilot.store.event_seen(claim):  # said already (kept till Slack takes it)
        return
    first_name = card_name(candidate)
    if _slot_reached(copilot, offer, "start"):
        situation = UNSENT_STARTED_TEXT
    elif (holder := _next_holder(copilot, row, offer)) is not None:
        situation = UNSENT_HELD_FOR_TEXT.format(holder=holder, first_name=first_name)
    else:
        try:
            async with asyncio.timeout(RECHECK_TIMEOUT.total_seconds()):
                fit, gone = await _still_fits(copilot, row, candidate)
        except (PlatformError, TimeoutError):
            situation = UNSENT_UNKNOWN_TEXT
        else:
            situation = UNSENT_STILL_FREE_TEXT if fit is not None else UNSENT_GONE_TEXT.format(
                why=gone.why if gone is not None else "it no longer fits")
    text = YES_TO_UNSENT_TEXT.format(
        first_name=first_name, at=blocks.dated_clock(at, row["opening"]["time_zone"], now=copilot.now()),
        body=await _guest_words(copilot, message), situation=situation)
    await _thread_note_once(copilot, claim, proposal_id, text)


#: A NO or a STOP to an offer whose text the copilot settled as not sent after a try whose answer was lost (as
#: ``YES_TO_UNSENT_TEXT``): put in front of a person, once per offer and answer; ``outcome`` is one of the two below.
ANSWER_TO_UNSENT_TEXT = (
    ":warning: {first_name} replied {said} at {at}: “{body}”. The copilot had taken this offer's text as not sent (its "
    "send was tried but never confirmed, then given up), so it may have reached them after all.{outcome}"
)
UNSENT_NO_OUTCOME = " Nothing was done on its own: the fill card and their waitlist entry are as they were."
UNSENT_STOP_OUTCOME = (
    " The copilot will not text them again (they can text START to allow it); nothing else was done on its own, and "
    "their waitlist entry stays, for the front desk to follow up another way."
)


async def _answer_to_unsent_text(
    copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, intent: Literal["no", "stop"]
) -> None:
    """A NO or a STOP to a text settled as not sent that may have reached her (``_tried_then_not_sent``): the card's
    thread quotes her and says the copilot had taken the text as not sent, once per offer and answer; nothing else is
    done (a STOP is recorded as every STOP is, before this)."""
    claim = f"fill-{intent}-unsent:{offer['id']}"
    logger.info("%s %s for offer %s, whose text was settled as not sent: told to a person", intent.upper(), message.id,
                offer["id"])
    if copilot.store.event_seen(claim):  # said already (kept till Slack takes it)
        return
    at = blocks.dated_clock(min(message.received_at, copilot.now()), _opening_zone(copilot, offer), now=copilot.now())
    text = ANSWER_TO_UNSENT_TEXT.format(
        first_name=_first_name_of(copilot, offer), said="STOP" if intent == "stop" else "NO", at=at,
        body=await _guest_words(copilot, message),
        outcome=UNSENT_STOP_OUTCOME if intent == "stop" else UNSENT_NO_OUTCOME)
    await _thread_note_once(copilot, claim, offer["proposal_id"], text)


#: ``processed_events`` id marking a NO or a STOP of hers that reached an offer whose hold had been given up.
NO_AFTER_HOLD_KEY = "fill-no-after-hold:{offer_id}"
#: The thread's line for a "No" that reached an offer whose hold had been given up (nothing changes).
NO_AFTER_HOLD_TEXT = "{first_name} replied “{body}” after their hold had been given up; nothing changed."
#: An in-time YES (delivered late) to an offer she also answered no or STOP to: a person asks her which she meant.
YES_AND_NO_AFTER_HOLD_TEXT = (
    ":warning: {first_name} texted YES at {at}, within the hold, but it reached the copilot only after the hold had "
    "been given up, and they also answered this offer with a no (or STOP). Nothing was booked: ask them which they "
    "meant, and if the slot is still free and they want it, book it by hand."
)


def _in_time_yes_after_a_no(copilot: Copilot, offer: Mapping[str, Any], sent_at: datetime) -> bool:
    """Whether a YES sent within the hold reached an offer whose hold was given up (``expired``) after a NO or a
    STOP of hers had reached it (``NO_AFTER_HOLD_KEY``): whichever she sent last, the YES does not win the slot back
    on its own, as within the hold "said no, now yes" does not."""
    return (offer["status"] == "expired" and bool(offer.get("expires_at"))
            and sent_at < datetime.fromisoformat(offer["expires_at"])
            and copilot.store.event_seen(NO_AFTER_HOLD_KEY.format(offer_id=offer["id"])))


async def _yes_and_no_after_hold(copilot: Copilot, offer: Mapping[str, Any], sent_at: datetime) -> None:
    """``_in_time_yes_after_a_no``: nothing booked, no reply card; the thread says so once, for a person."""
    logger.info("in-time YES for offer %s after a NO or STOP of hers: told to a person", offer["id"])
    text = YES_AND_NO_AFTER_HOLD_TEXT.format(
        first_name=_first_name_of(copilot, offer),
        at=blocks.dated_clock(sent_at, _opening_zone(copilot, offer), now=copilot.now()))
    await _thread_note_once(copilot, f"fill-yes-and-no-after-hold:{offer['id']}", offer["proposal_id"], text)


def _forgotten(copilot: Copilot, offer: Mapping[str, Any]) -> bool:
    """Whether the offer's guest was forgotten on request: the offer ended by ``forget`` (``ended_on_request_key``),
    or her entry on the card erased (``forget`` renames her entries on every card, whatever became of the offer: one
    whose hold had run out before gets no mark of its own)."""
    if copilot.store.event_seen(ended_on_request_key(offer["id"])):
        return True
    candidate = _candidate_for(copilot, offer)
    return not candidate or FORGOTTEN in (candidate.get("first_name"), candidate.get("name"))


class _NotReclaimed(Exception):
    """Undoes a reclaim's writes (the transaction rolls back) when one of its compare-and-sets fails."""


#: Posted before the re-check runs (``_take_up_yes``): it promises nothing the re-check may undo (the desk may have
#: booked the hour by hand, the spa system may not answer); the line after the re-check says what happened.
IN_TIME_YES_TEXT = (
    ":leftwards_arrow_with_hook: {first_name} texted YES at {at}, within the hold, but it reached the copilot only after "
    "the hold had been given up. Nobody else was texted the offer, so their YES is being re-checked against the book: "
    "it is booked if the slot is still free, and this thread says which.{set_aside}{told}"
)


#: A YES she sent before the STOP that declined her offer, delivered after it: nothing is booked (her STOP, "Cancel"
#: or "Stop texting me, I can't come" alike, is her latest word) and she is not texted; ``{texted}`` says whether she
#: still is opted out.
YES_BEFORE_STOP_TEXT = (
    "{first_name} texted YES at {at}, before their STOP at {stop_at} (delivered late): they are not booked{texted}; "
    "phone them if the slot should be theirs."
)
NOT_TEXTED_AGAIN = " and will not be texted again"
#: A YES she sent before the "No" that declined her offer, delivered after it: her no is her latest answer.
YES_BEFORE_NO_TEXT = (
    "{first_name} texted YES at {at}, before their no ({no_at}), but it reached the copilot only after it: their no is "
    "their latest answer, so nothing was booked."
)


#: Said of a YES that reached the copilot after the "No" or STOP that declined her offer when their times cannot
#: tell which she sent first (one of them not stamped by the spa system's clock: ``_declined_before``).
CROSSED_TEXT = " (reaching the copilot after it; if they sent it first, their {declined} stands: ask them)"
#: A YES after the STOP that declined her offer: nothing booked, she is phoned, not texted.
YES_AFTER_STOP_TEXT = (
    "{first_name} texted STOP earlier and has now replied YES{crossed}: they are not booked{texted}; phone them if the "
    "slot should be theirs."
)


def _declined_before(offer: Mapping[str, Any], yes_said_at: datetime | None) -> bool:
    """Whether the spa system's clock says she declined the offer before her YES (``yes_said_at``: its own stamp;
    None without one, which tells nothing, nor does createdAt: it says only when she had sent it by, rev43e M4): the
    decline's own stamp (``answered_at``) is kept, and is before it (the same second tells no order, rev43f L)."""
    answered_at = offer.get("answered_at")
    return yes_said_at is not None and bool(answered_at) and datetime.fromisoformat(answered_at) < yes_said_at


def _yes_before_her_no(copilot: Copilot, offer: Mapping[str, Any], yes_said_at: datetime) -> datetime | None:
    """When she sent the "No" that declined the offer (kept on it: ``answered_at``), if she sent it after her YES (said
    at ``yes_said_at``); None otherwise (an offer declined before that was kept: read as before; one her STOP
    declined, whose own stamp is kept: ``_yes_before_her_stop``)."""
    answered_at = offer.get("answered_at")
    if offer["status"] != "declined" or not answered_at:
        return None
    if copilot.store.event_seen(STOP_DECLINED_KEY.format(offer_id=offer["id"])):
        return None
    no_at = datetime.fromisoformat(answered_at)
    return no_at if yes_said_at < no_at else None


#: ``processed_events`` id marking an offer her own STOP declined (claimed with the decline, in its transaction: the
#: offer's ``answered_at`` is when she sent that STOP).
STOP_DECLINED_KEY = "fill-stop-declined:{offer_id}"


def _yes_before_her_stop(copilot: Copilot, offer: Mapping[str, Any], yes_said_at: datetime) -> datetime | None:
    """When she sent the STOP that declined the offer (``STOP_DECLINED_KEY``; its time kept on the offer as
    ``answered_at``), if she sent it after her YES (said at ``yes_said_at``); None otherwise."""
    answered_at = offer.get("answered_at")
    if offer["status"] != "declined" or not answered_at:
        return None
    if not copilot.store.event_seen(STOP_DECLINED_KEY.format(offer_id=offer["id"])):
        return None
    stop_at = datetime.fromisoformat(answered_at)
    return stop_at if yes_said_at < stop_at else None


def _yes_before_stop_line(copilot: Copilot, offer: Mapping[str, Any], *, at: str, stop_at: str) -> str:
    """The thread's one line for a YES sent before the STOP that declined her offer, delivered after it."""
    texted = NOT_TEXTED_AGAIN if copilot.store.text_opted_out([offer["client_id"]]) else ""
    return YES_BEFORE_STOP_TEXT.format(first_name=_first_name_of(copilot, offer), at=at, stop_at=stop_at,
                                       texted=texted)


#: The reclaim's words when the card it takes back had closed as a list to call (too soon for another text): the
#: booking is not made yet (the slot may be gone, the spa system may not answer), so the desk is not told to stop
#: calling.
CALL_LIST_SET_ASIDE = " Keep the list to call until this thread says they are booked."
#: After that re-check found the slot gone: nothing booked for her, and whether the desk calls is for the book to say.
CALL_LIST_LOST_TEXT = " Nothing was booked for them: if Mangomint still shows the hour open, call the list as before."
#: ``processed_events`` id marking an offer whose in-time YES took back a card closed as a list to call.
RECLAIMED_CALL_LIST_KEY = "fill-reclaimed-call-list:{offer_id}"
#: A reply card for her late YES (``late_reply``) the reclaim closes: it must not tell a guest being booked that the
#: hold ran out.
REPLY_SET_ASIDE_REASON = "not sent: {first_name}'s YES from within the hold came in after all, and the slot is being booked for them"
#: The reclaim's words when that reply was approved already (sent, or going out): she may be told the hold ran out.
REPLY_TOLD_TEXT = (
    " :warning: A reply telling {first_name} the hold ran out was approved{sent}: once the booking is confirmed here, "
    "let them know they ARE booked."
)


def _closed_for_want_of_a_text(row: Mapping[str, Any]) -> bool:
    """A card the expiry job closed at its current offer for want of anyone to text next: nobody left, or too soon for
    another text (a list to call). Nobody else was texted either way."""
    return row.get("reason") == NO_CANDIDATES_LEFT or (_is_call_list(row) and not row["reason"].startswith(blocks.CALL_OVER))


async def _reclaim_in_time_yes(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, sent_at: datetime) -> bool:
    """A YES the guest sent within the hold that reached the copilot after the expiry job gave the hold up (the
    webhook retried after an outage or a restart, or delivered while the card was moving on) wins, as one recorded in
    time would, while nobody else holds the slot and no fresh proposal (a ``/spa fill`` by hand) has taken the
    opening: the card still ``sent`` at her offer (the move on not done yet: its waitlist write or the next guest's
    draft in flight, or waiting for the spa system after an outage), waiting for Approve on the next candidate's draft
    (nothing texted), or closed for want of a text (``NO_CANDIDATES_LEFT``, or too soon for another text: a list to
    call) at her offer or at a later guest's draft nobody approved (no offer made after hers).
    The proposal goes back to this offer (``sent``, the text and approver it had; a new revision, so a move on in
    flight loses its compare-and-set and the next candidate's card buttons are stale) and the offer to ``sent`` with
    the YES, in one transaction; True when done, for the caller to book it. Once the next text is approved, the slot
    is that guest's: the late YES gets the reply card."""
    store = copilot.store
    row = store.fill_proposal(offer["proposal_id"])
    if (
        offer["status"] != "expired" or not offer.get("expires_at") or not offer.get("outbox_key")
        or sent_at >= datetime.fromisoformat(offer["expires_at"])
        or row is None or row["kind"] != "fill" or _slot_reached(copilot, offer, "start")
        or _replaced(row)  # a fresh proposal (/spa fill) took the opening: its guest may hold the slot now
        or _forgotten(copilot, offer)  # her details erased on request: nothing of hers stays
    ):
        return False
    index = next((i for i in range(len(row["candidates"])) if fill_offer_id(row["id"], i) == offer["id"]), None)
    moved_on = row["status"] == PENDING and row["current_index"] != index
    moving_on = row["status"] == ProposalState.sent.value and row["current_index"] == index
    # closed for want of a text at her offer, or at a later guest's whose draft nobody approved (no offer after hers:
    # the card moved on to a draft, then closed as a list to call before anyone approved it)
    closed_on_it = (row["status"] == ProposalState.expired.value and index is not None
                    and row["current_index"] >= index and _closed_for_want_of_a_text(row)
                    and not any(store.fill_offer(fill_offer_id(row["id"], i)) is not None
                                for i in range(index + 1, len(row["candidates"]))))
    sms = store.outbox_item(offer["outbox_key"])
    if index is None or not (moved_on or moving_on or closed_on_it) or sms is None:
        return False
    now = copilot.now()
    try:
        with store.transaction():
            if not store.update_fill_proposal(
                row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"], bump_revision=True,
                status=ProposalState.sent.value, current_index=index, draft=sms.payload["message"]["body"],
                draft_engine=sms.payload.get("engine"), decided_by=offer["approved_by"], decided_at=offer["created_at"],
                reason=None,
            ):
                raise _NotReclaimed
            if not store.update_fill_offer(offer["id"], at=now, expect_status="expired", status="sent"):
                raise _NotReclaimed
            if not store.record_fill_yes(offer["id"], at=sent_at, message_id=message.id, now=now):
                raise _NotReclaimed
            # the expiry's "waiting" for her entry, still to go out (the spa system not answering): never sent now,
            # she is being booked (one already in flight is put right when it lands: ``waitlist_writes._latest_again``)
            for key in _expiry_write_keys(copilot, offer):
                store.supersede_pending(key)
            # her late YES's reply card ("the hold ran out"), not approved yet, is closed: she is being booked
            _set_aside_reply(copilot, offer["id"], REPLY_SET_ASIDE_REASON.format(first_name=_first_name_of(copilot, offer)))
            reply = store.fill_proposal_for(f"reply:{offer['id']}")
    except _NotReclaimed:
        return False
    first_name = _first_name_of(copilot, offer)
    set_aside = row["candidates"][row["current_index"]] if moved_on else None
    store.audit(actor=f"client:{offer['client_id']}", action="fill.yes_recorded", subject_id=row["id"],
                details={"offerId": offer["id"], "messageId": message.id, "afterHoldGivenUp": True,
                         "setAside": set_aside["client_id"] if set_aside else None})
    at = blocks.dated_clock(sent_at, row["opening"]["time_zone"], now=now)
    if set_aside:
        aside = f" {card_name(set_aside)}'s draft is set aside."
    else:  # a list to call it had become (too soon for another text) waits on the booking, for the desk
        aside = CALL_LIST_SET_ASIDE if closed_on_it and _is_call_list(row) else ""
        if aside:  # should the spa system not answer, the desk is not told that nobody is to be called
            store.claim_event(RECLAIMED_CALL_LIST_KEY.format(offer_id=offer["id"]), source="fill")
    told = ""
    if reply is not None and reply["status"] in (ProposalState.approved.value, ProposalState.sent.value):
        # approved before her in-time YES came: she was (or is about to be) texted that she lost the slot
        # one still waiting to go out (texting hours, an outage) never does: its send finds the slot hers
        sent = " and sent" if reply["status"] == ProposalState.sent.value else " (its text is stopped if it has not gone out)"
        told = REPLY_TOLD_TEXT.format(first_name=first_name, sent=sent)
    await _thread_note(copilot, row["id"], IN_TIME_YES_TEXT.format(first_name=first_name, at=at, set_aside=aside,
                                                                   told=told))
    await _refresh_card(copilot, row["id"])
    if reply is not None:
        await _refresh_card(copilot, reply["id"])
    return True


YES_SEND_UNCONFIRMED_TEXT = (
    ":warning: {first_name} texted YES at {at}, after texting closed. The spa system never confirmed this offer's text "
    "went out, and it is not tried again before texting opens ({opens}), so nothing was booked. If they did get it "
    "and want the slot, book it by hand; otherwise the offer goes out then."
)


YES_KEPT_TEXT = (
    ":hourglass_flowing_sand: {first_name} replied YES at {at}. The spa system has not confirmed the text went out "
    "yet, so the slot is re-checked and booked as soon as it does; it is not offered to anyone else meanwhile."
)


async def _keep_unconfirmed_yes(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage, at: datetime) -> None:
    """A YES to an approved offer whose send the spa system has not confirmed (its answer lost, and it still does not
    answer): kept on the offer (``yes_at``), said once in the thread. Asking the sender to retry lost it: a webhook
    sender gives up after a few tries, and a reply cannot be read again later. Once the outbox settles the send the
    offer is ``sent`` with its YES, which ``take_up_recorded_yes`` books (or, sent before the text went out, sets
    aside)."""
    store = copilot.store
    kept = store.update_fill_offer(offer["id"], at=copilot.now(), expect_status="approved", expect_yes=False,
                                   yes_at=at.astimezone(UTC).isoformat(), yes_message_id=message.id)
    if kept:
        store.audit(actor=f"client:{offer['client_id']}", action="fill.yes_recorded", subject_id=offer["proposal_id"],
                    details={"offerId": offer["id"], "messageId": message.id, "sendUnconfirmed": True})
        logger.warning("YES %s for offer %s kept until its text's send is confirmed", message.id, offer["id"])
    text = YES_KEPT_TEXT.format(first_name=_first_name_of(copilot, offer),
                                at=blocks.dated_clock(at, _opening_zone(copilot, offer), now=copilot.now()))
    await _thread_note_once(copilot, f"fill-yes-kept:{offer['id']}", offer["proposal_id"], text)


NO_AFTER_KEPT_YES_TEXT = (
    "{first_name} replied “{body}” after their YES, so nothing will be booked for them. The approved text waits for the "
    "spa system to confirm it went out; then the offer waits for their answer, or moves on when its hold runs out."
)


async def _no_after_kept_yes(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> None:
    """A NO after a YES kept while the text's send is unconfirmed (``_keep_unconfirmed_yes``): the latest answer wins,
    so the kept YES is set aside (nothing is booked) and the thread says so once."""
    if copilot.store.update_fill_offer(offer["id"], at=copilot.now(), expect_status="approved", expect_yes=True,
                                       yes_at=None, yes_message_id=None):
        logger.info("NO %s after the kept YES of offer %s: the YES is set aside", message.id, offer["id"])
    text = NO_AFTER_KEPT_YES_TEXT.format(first_name=_first_name_of(copilot, offer), body=await _guest_words(copilot, message))
    await _thread_note_once(copilot, f"fill-no-after-kept-yes:{message.id}", offer["proposal_id"], text)


async def take_up_recorded_yes(copilot: Copilot, offer: Mapping[str, Any]) -> None:
    """``_take_up_yes`` for a YES recorded on a sent offer, once more checked against when the spa system sent the
    text: a YES kept while the send was unconfirmed (``_keep_unconfirmed_yes``) that the guest sent before the text
    went out answers something else (a reminder): set aside, said once, and the offer waits for their answer."""
    sent = _text_sent_at(copilot, offer)
    yes_at = datetime.fromisoformat(offer["yes_at"]) if offer.get("yes_at") else None
    if sent is not None and yes_at is not None and yes_at < sent - CLOCK_SKEW:
        if copilot.store.update_fill_offer(offer["id"], at=copilot.now(), expect_status="sent", expect_yes=True,
                                           yes_at=None, yes_message_id=None):
            await _reply_before_offer(copilot, offer, offer.get("yes_message_id") or "", yes_at, text_sent_at=sent)
        return
    await _take_up_yes(copilot, offer)


async def _yes_send_unconfirmed(copilot: Copilot, offer: Mapping[str, Any], at: datetime) -> None:
    """A YES while the offer's text, tried before texting closed with its answer lost, waits for them to open: said
    once per offer in the thread (a retried webhook or a second "Yes" adds nothing)."""
    logger.info("YES for offer %s while its unconfirmed text waits for texting hours: not booked", offer["id"])
    time_zone = _opening_zone(copilot, offer)
    opens = text_opens_at(copilot.now(), ZoneInfo(time_zone), copilot.settings.text_send_window)
    text = YES_SEND_UNCONFIRMED_TEXT.format(
        first_name=_first_name_of(copilot, offer), at=blocks.dated_clock(at, time_zone, now=copilot.now()),
        opens=blocks.dated_clock(opens, time_zone, now=copilot.now()) if opens else "soon",
    )
    await _thread_note_once(copilot, f"fill-yes-unconfirmed:{offer['id']}", offer["proposal_id"], text)


def _sent_before_the_text(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> bool:
    """Whether the guest sent ``message`` before the offer's text went out, by the spa system's clock (which dates
    both: not capped at ours, as one running ahead of ours would make every quick reply look early), or, when the
    send's time is not known, before the offer was approved; ``CLOCK_SKEW`` allowed either way."""
    text_sent_at = _text_sent_at(copilot, offer)
    if text_sent_at is not None:
        return message.received_at < text_sent_at - CLOCK_SKEW
    return _sent_before_approval(copilot, offer, message)


def _sent_before_her_yes(offer: Mapping[str, Any], sent_by: datetime | None, *, placed: datetime) -> bool:
    """Whether a reply was surely sent before the YES recorded on the offer (being booked, booked, or waiting for the
    spa system to answer): delivered after it, it is not her latest answer. Told by the spa system's clock
    (``sent_by``; None: a time without an offset, which tells no order); a YES kept through an outage, not booked yet
    (the offer still "sent"), by the reply's time as placed (``placed``), as before (given up, or kept against a later
    No, either way a guess: rev43h, rev43i). A YES recorded at the approval was sent up to ``CLOCK_SKEW`` before it
    (``_accept`` counts a quick YES timed by a spa clock behind ours from the approval), so only a reply sent before
    that window is before it; when in doubt it is read as after."""
    said_at = placed if sent_by is None and offer["status"] == "sent" else sent_by
    if said_at is None or not offer.get("yes_at") or offer["status"] not in ("accepting", "booked", "sent"):
        return False
    return said_at < _earliest_yes_sent(offer)


def _earliest_yes_sent(offer: Mapping[str, Any]) -> datetime:
    """The earliest her recorded YES can have been sent by the spa system's clock: its recorded time, or, when that is
    the approval's (a YES timed a little before it is recorded at it), ``CLOCK_SKEW`` earlier."""
    yes_at = datetime.fromisoformat(offer["yes_at"])
    return yes_at - CLOCK_SKEW if yes_at <= datetime.fromisoformat(offer["created_at"]) else yes_at


def _yes_state(offer: Mapping[str, Any]) -> str:
    """What became of her recorded YES, for a thread line: booked, being booked, or waiting for the spa system."""
    if offer["status"] == "booked":
        return "was booked"
    return "is being booked" if offer["status"] == "accepting" else "is booked once the spa system answers"


def _sent_before_approval(copilot: Copilot, offer: Mapping[str, Any], message: InboundMessage) -> bool:
    """Whether the guest sent ``message`` before the offer was approved (by our clock; the reply's time, the spa
    system's, capped at ours), ``CLOCK_SKEW`` allowed."""
    return min(message.received_at, copilot.now()) < datetime.fromisoformat(offer["created_at"]) - CLOCK_SKEW


def _text_sent_at(copilot: Copilot, offer: Mapping[str, Any]) -> datetime | None:
    """When the spa system sent the offer's text, by its own clock (the one that dates replies); None when not sent
    or not known (a text sent before this was kept)."""
    item = copilot.store.outbox_item(offer["outbox_key"]) if offer.get("outbox_key") else None
    sent_at = (item.result or {}).get("sentAt") if item is not None and item.status == "sent" else None
    return datetime.fromisoformat(sent_at) if sent_at else None


async def _reply_before_offer(
    copilot: Copilot, offer: Mapping[str, Any], message_id: str, at: datetime, *, said: str = "YES",
    outcome: str = YES_NOT_BOOKED, text_sent_at: datetime | None = None, waiting: bool = False,
) -> None:
    """A YES (or a "No": ``said``, ``outcome``) the guest sent before the offer was approved, or before its text went
    out (``text_sent_at``), delivered late (a webhook retry) answers something else, the spa's own reminder perhaps:
    it books (or declines) nothing and the offer keeps waiting; said once in the thread. So does a YES sent while the
    approved text still ``waiting`` for TEXT_SEND_HOURS."""
    logger.info("reply %s sent before offer %s was approved or sent: not an answer to it", message_id, offer["id"])
    time_zone = _opening_zone(copilot, offer)
    now = copilot.now()  # a day the note is not read on is named: "texted YES at Wed 2 Dec 11:30pm"
    words = {"first_name": _first_name_of(copilot, offer), "said": said,
             "at": blocks.dated_clock(at, time_zone, now=now), "outcome": outcome}
    if waiting:
        text = BEFORE_TEXT_WAITS_TEXT.format(**words)
    elif text_sent_at is not None:
        text = BEFORE_TEXT_SENT_TEXT.format(**words, sent=blocks.dated_clock(text_sent_at, time_zone, now=now))
    else:
        text = BEFORE_OFFER_TEXT.format(**words)
    if offer["status"] in ("approved", "sent"):
        text += OFFER_STILL_WAITS_TEXT
    await _thread_note_once(copilot, f"fill-yes-before-offer:{message_id}", offer["proposal_id"], text)


def _opening_zone(copilot: Copilot, offer: Mapping[str, Any]) -> str:
    """The time zone of the offer's opening, which the thread's notes tell times in ("UTC" once its proposal is gone)."""
    row = copilot.store.fill_proposal(offer["proposal_id"])
    return row["opening"]["time_zone"] if row else "UTC"


def _offer_start(copilot: Copilot, offer: Mapping[str, Any]) -> datetime | None:
    """When the offer's own guest was offered the slot to start, in the location's zone (not the card's current
    guest's: a card may have moved on); None when the card does not say."""
    row, candidate = copilot.store.fill_proposal(offer["proposal_id"]), _candidate_for(copilot, offer)
    try:
        start = datetime.fromisoformat(candidate.get("start") or (row or {})["opening"]["start"])
        return start.astimezone(ZoneInfo((row or {})["opening"]["time_zone"]))
    except (TypeError, ValueError, KeyError, ZoneInfoNotFoundError):
        return None


def _slot_reached(copilot: Copilot, offer: Mapping[str, Any], edge: Literal["start", "end"]) -> bool:
    """True once the offered slot has started (``edge="start"``) or ended (``"end"``), or its proposal is gone."""
    row = copilot.store.fill_proposal(offer["proposal_id"])
    return row is None or datetime.fromisoformat(row["opening"][edge]) <= copilot.now()


async def _take_up_yes(copilot: Copilot, offer: Mapping[str, Any]) -> None:
    """Re-check the slot for a recorded YES and book it, or say why not. The offer is ``accepting`` while the slot is
    re-checked; whatever cuts that short (the spa system down or slower than ``RECHECK_TIMEOUT``, a bug, the process
    stopping) hands it back to ``sent`` with its YES, for the webhook's retry or the next ``expire_offers``.

    The re-check holds the offer by the time it took it (``claimed_at``): one handed back meanwhile by the expiry job
    (``_release_stalled_yes``) and taken by another re-check is that one's, and this one changes nothing more."""
    store = copilot.store
    now = copilot.now()
    proposal_id = offer["proposal_id"]
    if not store.update_fill_offer(offer["id"], at=now, expect_status="sent", status="accepting"):
        return  # a concurrent reply or the expiry job got there first

    def settle(**changes: Any) -> bool:
        """Change the offer if this re-check still holds it; ``settle()`` alone just says whether it does."""
        return store.update_fill_offer(offer["id"], at=now, expect_status="accepting", claimed_at=now, **changes)

    row = store.fill_proposal(proposal_id)
    candidate = _candidate_for(copilot, offer)
    if row is None or not candidate:  # nothing left to book it against: settled, not retried forever
        if settle(status="failed"):
            logger.warning("fill offer %s: a YES whose proposal or candidate is gone was not booked", offer["id"])
        return
    try:
        async with asyncio.timeout(RECHECK_TIMEOUT.total_seconds()):
            fit, gone = await _still_fits(copilot, row, candidate)
    except BaseException as exc:
        if settle(status="sent") and isinstance(exc, PlatformError | TimeoutError):
            await _note_yes_waits(copilot, offer, row, candidate)
        if isinstance(exc, TimeoutError):
            raise PlatformUnavailable(f"the re-check of offer {offer['id']} took too long") from exc
        raise
    if fit is None and gone is not None and gone.code == "client_busy":
        # booked at another location since the offer, or here with another therapist (the offered one's hour still
        # free): like a NO for this slot, which goes to the next candidate. Her booking here of what she waited for
        # (the service offered or one her entry asks for) is her wait over: "already booked", her entry booked.
        mine = await _her_booking_then(copilot, row, offer, candidate) if gone.appointment_id else None
        with store.transaction():  # declined, its audit and its waitlist write recorded together
            if not settle(status="declined", booked_appointment_id=mine.id if mine is not None else None):
                return
            store.audit(actor=COPILOT_ACTOR, action="fill.yes_client_busy", subject_id=proposal_id,
                        details={"offerId": offer["id"], "clientId": offer["client_id"],
                                 "appointmentId": mine.id if mine is not None else gone.appointment_id})
            waitlisted = _waitlist_write(
                copilot, offer["waitlist_entry_id"], WaitlistStatus.booked if mine is not None else WaitlistStatus.waiting,
                key=f"fill:{offer['id']}:{'booked' if mine is not None else 'busy'}")
        if waitlisted:
            await deliver(copilot, waitlisted)
        if mine is not None:
            reason = ALREADY_BOOKED_TEXT.format(first_name=card_name(candidate), appointment=mine.id)
            entry = ENTRY_MARKED_BOOKED_TEXT if waitlisted else ""
            note = f":information_source: {card_name(candidate)} replied YES; {reason}{entry}. The slot is still free."
        else:
            note = f":warning: {card_name(candidate)} replied YES, but {gone.why}, so nothing was booked."
        await _advance_after(copilot, proposal_id, note)
        return
    if fit is None and gone is not None and gone.code == "entry_gone":
        # her waitlist entry deleted in the spa system since the offer, the slot itself still free (``_recheck``):
        # nothing booked without her entry, no "too late" reply (it is not taken); the managers decide, the card moving
        # on meanwhile (the next text waits for an Approve, and one booking her by hand closes the card)
        with store.transaction():
            if not settle(status="declined"):
                return
            store.audit(actor=COPILOT_ACTOR, action="fill.yes_entry_gone", subject_id=proposal_id,
                        details={"offerId": offer["id"], "clientId": offer["client_id"],
                                 "entryId": offer["waitlist_entry_id"]})
        await _advance_after(copilot, proposal_id, YES_ENTRY_GONE_TEXT.format(first_name=card_name(candidate),
                                                                              change=gone.change))
        return
    if fit is None:
        assert gone is not None
        mine = await _her_booking_then(copilot, row, offer, candidate)
        with store.transaction():  # lost and her entry's new status (see below), together
            # her own appointment kept on the offer: a YES she sends again is hers already, not a late one to answer
            if not settle(status="lost", booked_appointment_id=mine.id if mine is not None else None):
                return
            if mine is None:
                # still waiting for a slot, as the reply to her says: her entry back to "waiting" (as after a NO or an
                # expired hold), or every later opening would leave her out as "offered"
                waitlisted = _waitlist_write(
                    copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting, key=f"fill:{offer['id']}:lost")
            else:
                # booked by the front desk meanwhile: her entry is done ("booked", as a YES the copilot books leaves
                # it), not left "offered" for good
                waitlisted = _waitlist_write(
                    copilot, offer["waitlist_entry_id"], WaitlistStatus.booked, key=f"fill:{offer['id']}:booked")
        if waitlisted:
            await deliver(copilot, waitlisted)
        if mine is not None:  # the front desk booked her meanwhile: no "too late" reply to a guest who is booked
            reason = ALREADY_BOOKED_TEXT.format(first_name=card_name(candidate), appointment=mine.id)
            # decided_at: when the re-check closed it (the card says so), not the approval's time it kept till now
            store.update_fill_proposal(proposal_id, at=now, expect_status=ProposalState.sent.value,
                                       status=ProposalState.expired.value, reason=reason, decided_at=now.isoformat())
            store.audit(actor=COPILOT_ACTOR, action="fill.yes_already_booked", subject_id=proposal_id,
                        details={"appointmentId": mine.id, "clientId": offer["client_id"]})
            entry = ENTRY_MARKED_BOOKED_TEXT if waitlisted else ""  # no write in read-only mode: nothing to say
            await _thread_note_once(copilot, f"fill-yes-already-booked:{offer['id']}", proposal_id,
                                    f":information_source: {card_name(candidate)} replied YES; {reason}{entry}.")
            await _refresh_card(copilot, proposal_id)
            return
        reason = f"{blocks.SLOT_LOST}{gone.why})"
        store.update_fill_proposal(proposal_id, at=now, expect_status=ProposalState.sent.value,
                                   status=ProposalState.expired.value, reason=reason, decided_at=now.isoformat())
        store.audit(actor=COPILOT_ACTOR, action="fill.slot_lost", subject_id=proposal_id,
                    details={"why": gone.why, "code": gone.code})
        # her YES took back a list to call: the desk was asked to keep it until she was booked
        called = CALL_LIST_LOST_TEXT if store.event_seen(RECLAIMED_CALL_LIST_KEY.format(offer_id=offer["id"])) else ""
        await _thread_note(copilot, proposal_id, f":warning: {card_name(candidate)} replied YES but {reason}.{called}")
        await _refresh_card(copilot, proposal_id)
        await _propose_too_late_reply(copilot, offer)
        return
    booking = BookingRequest(
        location_id=row["location_id"],
        client_id=offer["client_id"],
        service_id=fit.service.id,
        staff_id=fit.staff.id,
        start_at=fit.start,
        resource_ids=list(fit.resource_ids),
        source="copilot",
        waitlist_entry_id=offer["waitlist_entry_id"],
        notes="Booked from the waitlist by Spa Copilot after the client replied YES.",
    )
    key = _booking_key(offer)
    with store.transaction():  # queued only while this re-check holds the offer; from then on the outbox settles it
        if not settle():
            return
        store.enqueue(
            key, kind=OUTBOX_BOOKING, subject_id=proposal_id,
            payload={"booking": booking.to_json_dict(), "proposal_id": proposal_id, "offer_id": offer["id"],
                     "client_id": offer["client_id"], "first_name": card_name(candidate)},
        )
    await deliver(copilot, key)


#: A YES within the hold from a guest whose waitlist entry was deleted in the spa system since the offer, or moved to
#: the sister location (``change``: ``SlotGone.change``, "was removed", "was moved to <location>", "left this location's
#: waitlist").
YES_ENTRY_GONE_TEXT = (
    ":warning: {first_name} replied YES within the hold, but their waitlist entry {change} in the spa system since "
    "the offer, so nothing was booked. The slot is still free: to give it to them, book it by hand in Mangomint (this "
    "card then closes) and let them know yourself; if not, let them know by hand."
)
#: A YES whose slot her own appointment holds (the front desk booked her meanwhile): nothing more is booked.
ALREADY_BOOKED_TEXT = "{first_name}" + blocks.ALREADY_BOOKED + "(appointment {appointment}), so nothing more was booked"
#: ...and her waitlist entry, whose offer this was, is set "booked" (her wait is over), said after it in the thread.
ENTRY_MARKED_BOOKED_TEXT = "; their waitlist entry is marked booked"


async def _her_booking_then(
    copilot: Copilot, row: Mapping[str, Any], offer: Mapping[str, Any], candidate: Mapping[str, Any]
) -> Appointment | None:
    """Her own appointment, not cancelled, running at the offered slot's start with the service offered or one her
    waitlist entry asks for (booked by the front desk since the offer, say), or None: one with another service (her
    manicure that hour) is no booking of what she waited for. None too when the spa system cannot say (the YES is
    then answered as before)."""
    start = datetime.fromisoformat(row["opening"]["start"])
    try:  # begun up to four hours before the slot (a longer booking of hers running through it)
        found = await her_appointments(copilot, offer["client_id"], start, since=timedelta(hours=4))
    except PlatformError:
        return None
    then = _running_at(found, start)
    if not then:
        return None
    return _of_services(then, await _services_waited_for(copilot, row, offer, candidate))


def _running_at(found: list[Appointment], start: datetime) -> list[Appointment]:
    """Those of ``found`` running at ``start`` (begun at or before it)."""
    return [a for a in found if a.start_at <= start < a.end_at]


def _of_services(appointments: list[Appointment], wanted: set[str]) -> Appointment | None:
    """The first of ``appointments`` with a service line of one of ``wanted``, or None."""
    return next((a for a in appointments if any(line.service_id in wanted for line in a.services)), None)


async def _services_waited_for(
    copilot: Copilot, row: Mapping[str, Any], offer: Mapping[str, Any], candidate: Mapping[str, Any]
) -> set[str]:
    """The service offered to ``candidate`` and those her waitlist entry asks for (the front desk may have booked her
    the other one she waits for; the offered one alone when the spa system cannot say)."""
    wanted = {candidate.get("service_id")} - {None}
    try:
        entries = await copilot.platform.list_waitlist(location_id=row["location_id"])
    except PlatformError:
        entries = []
    return wanted | {sid for e in entries if e.id == offer["waitlist_entry_id"] for sid in e.service_ids}


async def _her_booking_over(
    copilot: Copilot, row: Mapping[str, Any], offer: Mapping[str, Any], candidate: Mapping[str, Any],
    appointment_id: str | None,
) -> Appointment | None:
    """Her own booking over the offered hour: ``_her_booking_then``, or else the booking a calendar poll closed the
    card for (``appointment_id``) when it is hers (the desk phoned her and booked her: at the slot's start, whatever
    the service; later in the slot, a service she waited for); None when neither, or when the spa system cannot say.
    With ``appointment_id``, one read of her appointments (the hour and the four before it) and of her entry serves
    both."""
    if appointment_id is None:
        return await _her_booking_then(copilot, row, offer, candidate)
    start, end = (datetime.fromisoformat(row["opening"][edge]) for edge in ("start", "end"))
    try:
        found = await her_appointments(copilot, offer["client_id"], end, since=end - start + timedelta(hours=4))
    except PlatformError:
        return None
    then = _running_at(found, start)
    closing = next((a for a in found if a.id == appointment_id), None)
    wanted: set[str] = set()
    if then or (closing is not None and closing.start_at != start):
        wanted = await _services_waited_for(copilot, row, offer, candidate)
    mine = _of_services(then, wanted)
    if mine is not None or closing is None:
        return mine
    if closing.start_at == start:  # booked in the slot offered (another service, say): phoned from the list for it
        return closing
    # her reflexology later that hour is not it (rev38f F2a)
    return closing if _of_services([closing], wanted) is not None else None


async def _note_yes_waits(
    copilot: Copilot, offer: Mapping[str, Any], row: Mapping[str, Any], candidate: Mapping[str, Any]
) -> None:
    """Say once in the thread that a YES waits for the spa system; one that took back a list to call
    (``RECLAIMED_CALL_LIST_KEY``) says the desk may keep calling meanwhile."""
    at = blocks.dated_clock(datetime.fromisoformat(offer["yes_at"]), row["opening"]["time_zone"], now=copilot.now())
    called = copilot.store.event_seen(RECLAIMED_CALL_LIST_KEY.format(offer_id=offer["id"]))
    text = YES_WAITS_CALL_LIST_TEXT if called else YES_WAITS_TEXT
    await _thread_note_once(copilot, f"fill-yes-waits:{offer['id']}", offer["proposal_id"],
                            text.format(first_name=card_name(candidate), at=at))


async def _decline(
    copilot: Copilot, offer: Mapping[str, Any], *, expect_yes: bool | None = None,
    note: tuple[str, str] | None = None, answered_at: datetime | None = None, mark: str | None = None,
) -> bool:
    """Her open offer ("sent") taken as her no: declined, her entry set "waiting" again, the card moving on; True when
    this call declined it. ``expect_yes``: only while a YES is (or is not) recorded on it; ``note``: a thread line
    (its claim, its text) kept with the decline, so it is said only when the offer was declined; ``answered_at``: when
    she sent the "No" (or STOP) that declined it, kept on the offer (``_yes_before_her_no``); ``mark``: an event id
    claimed with the decline (``STOP_DECLINED_KEY``)."""
    now = copilot.now()
    thread = None
    with copilot.store.transaction():  # declined, its line and its waitlist write recorded together (delivered after)
        answered = {"answered_at": answered_at.astimezone(UTC).isoformat()} if answered_at is not None else {}
        declined = copilot.store.update_fill_offer(offer["id"], at=now, expect_status="sent", expect_yes=expect_yes,
                                                   status="declined", **answered)
        waitlisted = declined and _waitlist_write(
            copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting, key=f"fill:{offer['id']}:declined")
        if declined and note is not None:
            thread = _keep_note_once(copilot, note[0], offer["proposal_id"], note[1])
        if declined and mark is not None:
            copilot.store.claim_event(mark, source="fill")
    if not declined:
        # Already declined: a retried webhook finishes the move on that an outage interrupted (if still due).
        if (copilot.store.fill_offer(offer["id"]) or {}).get("status") == "declined":
            await _move_on_after_answer(copilot, offer["proposal_id"])
        return False
    if thread is not None:
        await _post_kept_notes(copilot, thread)
    if waitlisted:
        await deliver(copilot, waitlisted)
    await _move_on_after_answer(copilot, offer["proposal_id"])
    return True


def _expiry_write_keys(copilot: Copilot, offer: Mapping[str, Any]) -> list[str]:
    """The outbox keys of the waitlist writes ("waiting") that ending the offer's hold recorded, oldest first: one
    each time, as an offer her in-time YES took back (``_reclaim_in_time_yes``) can be given up again (its slot
    starting before the booking could be made)."""
    keys: list[str] = []
    while copilot.store.outbox_item(key := _expiry_write_key(offer, len(keys))) is not None:
        keys.append(key)
    return keys


def _expiry_write_key(offer: Mapping[str, Any], earlier: int = 0) -> str:
    """The outbox key of the waitlist write ("waiting") that ending the offer's hold records after ``earlier`` ones
    (``_expiry_write_keys``: the first is ``fill:<offer id>:expired``)."""
    return f"fill:{offer['id']}:expired" + (f":{earlier + 1}" if earlier else "")


async def _expire_one(copilot: Copilot, offer: Mapping[str, Any], *, slot_started: bool = False) -> bool:
    """End a sent offer's hold (the next candidate is proposed). One with a YES recorded meanwhile is left to its
    re-check, however late: only the slot starting (``slot_started``, ``_close_started``) ends that one."""
    now = copilot.now()
    with copilot.store.transaction():  # expired, its waitlist write and its audit recorded together
        if not copilot.store.update_fill_offer(
            offer["id"], at=now, expect_status="sent", expect_yes=None if slot_started else False, status="expired"
        ):
            return False
        # a write of its own each time: given up again after her YES took it back, the first may have been set aside
        waitlisted = _waitlist_write(copilot, offer["waitlist_entry_id"], WaitlistStatus.waiting,
                                     key=_expiry_write_key(offer, len(_expiry_write_keys(copilot, offer))))
        copilot.store.audit(actor=COPILOT_ACTOR, action="fill.offer_expired", subject_id=offer["proposal_id"],
                            details={"offerId": offer["id"]})
    if waitlisted:
        await deliver(copilot, waitlisted)
    await _move_on_after_answer(copilot, offer["proposal_id"])
    return True
