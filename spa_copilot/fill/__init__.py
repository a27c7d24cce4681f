"""Cancellation fill: from an opened slot to a booked guest, with a manager's click on every text that goes out.

The flow, each step a compare-and-set in the store and an entry in the audit log:

1. A cancellation within ``FILL_HORIZON_HOURS`` (a calendar change from a poll or a webhook, or ``/spa fill``)
   claims the opening (one proposal per appointment), ranks the waitlist (``engines.fill_ranking``), drafts
   an SMS for the best candidate and posts the proposal card in the front-desk channel. Repeat cancellers are
   listed in the card's thread for a manager's review instead of being offered; guests waiting for a two-therapist
   service (which the booking contract cannot book) are named on the card for the front desk to book by hand. In
   ``read_only`` mode the card is informational: no buttons, nothing sent.
2. A manager approves (``approve_fill``): the proposal moves to ``approved`` at the revision the manager saw,
   the offer and the outbox item (deterministic idempotency key) are written in one transaction, then the
   exact text is sent through the platform under that key, ``aiGenerated: true`` and ``approvedBy``. A crash
   in between leaves a pending outbox item that ``redrive_outbox`` sends with the same key (the platform
   answers a repeat with the first result). Edit replaces the draft and bumps the revision (a click on the
   old card is refused); Next candidate redrafts for the next one; Reject closes with a reason.
   Quiet hours: a text reaches a guest only within ``TEXT_SEND_HOURS`` on the location's clock (the guest's own zone
   is not in the contract). An Approve outside them is recorded all the same (text, approver, key) with the moment
   texting opens in the outbox payload (``SEND_AFTER``); ``deliver`` leaves the item pending until then and the
   re-drive sends it, after re-checking the slot for that client (and consent, as every send does); the hold starts
   at the send. An Approve whose text could only go out after the slot starts minus the hold sends nothing and
   closes the proposal (so does a waiting text, or one an outage held up, sent too late for its hold); by the same
   rule (``too_late_for_a_text``) a card is never drawn with such an Approve: new, moving on or found waiting by
   ``expire_offers``, it closes listing its ranked guests for the front desk to call (nothing drafted or sent), and
   a cancellation seen within ``NO_CARD_WITHIN`` of the slot gets no card (``/spa fill`` still posts one). Every client
   text follows these hours, replies to a late YES too: none is an immediate answer (each waits for a manager's
   click), and a text re-driven after an outage waits for them as well (its slot re-checked the same way when it
   was kept past their close).
   While a text waits: the daily cap counts it on the day it goes out; a guest who texts STOP makes way for the
   next candidate at once, and one who can no longer take the slot (taken off the waitlist, booked elsewhere: the
   send's re-check) when it would go out; a cancellation undone fails the proposal at once; a YES answers something
   else (one to a text tried before texting closed, which may have reached the guest, is told to a person). A manager
   may Hold back the waiting text (``hold_back_fill``, the card's one button): it is claimed as the re-drive claims
   it (one of the two wins), settled as not sent with its offer, and the card closes; ``/spa fill`` offers the slot
   again. A text that went out, or is going out, is not touched. ``/spa status`` counts the texts waiting.
3. The offer holds the slot ``OFFER_HOLD_MINUTES``. The client's reply (a ``message.received`` webhook): a YES
   sent between the approval and the end of the hold is recorded with the time the guest sent it (one sent before
   the approval answers something else: noted, nothing booked), then re-checks the slot, books it through the
   outbox (idempotency key again) and posts the outcome in the card's thread. A YES whose re-check could not run
   (the spa system down or slower than ``RECHECK_TIMEOUT``: noted once in the thread) or was cut off (a bug, a
   restart) is taken up by the webhook's retry or by ``expire_offers`` (one left mid-check by a stopped process
   after ``ACCEPTING_STALE``; a re-check holds the offer by the time it took it, so one handed back can no longer
   undo the next one's work), and still wins after the hold ran out, since it came within it: only the slot
   starting ends it. NO, or the hold running out (``expire_offers``), proposes the next candidate, again waiting
   for Approve, unless the cancelled appointment is booked again (read in the calendar snapshot): then the card
   closes. A line for the card's thread Slack refuses (a guest's reply quoted) is kept and posted by a later try,
   once and in order (``card``). A YES sent within the hold that arrives after it was given up (the card moving on,
   waiting for Approve on the next guest, or closed for want of anyone to text before anyone after her was texted)
   wins the slot back while nobody else was texted, unless she was forgotten on request or also answered NO or STOP
   (then a person decides); her "too late" reply card, if any, is closed (``replies._reclaim_in_time_yes``). A YES too late (expired, or the slot was taken) gets a
   polite reply drafted for a manager to approve, never a booking. When the slot starts, whatever is still open about it is closed.

Recovery (each step a compare-and-set, so taking one up again never doubles it): every cancellation of a sync is
handled on its own, and one whose proposal could not be made (the platform down) is kept as ``abandoned`` and
retried by ``expire_offers``; that job also takes up a move to the next candidate an outage interrupted (after
a NO or a hold running out, where a retried reply webhook does it too, or after an opt-out found right before
sending) and posts a card Slack refused. ``/spa fill`` on an opening whose proposal has ended (expired, rejected,
failed) starts a fresh proposal, and so does a later cancellation of the same appointment (its booking restored, then
cancelled again: told apart from the same cancellation seen twice by the appointment's version); a live one is left
alone. A cancellation undone closes the proposal still waiting for a manager, and an Approve refused because the
booking is back closes its card.

Wiring (done once by the app): ``install(copilot, scheduler)`` registers the reply webhook, the calendar
change handler and the ``expire_offers``/``redrive_outbox`` jobs; ``answer_fill`` serves ``/spa fill``; the
Slack listeners live in ``slack/listeners/fill_actions.py``.

The package, each module owning one part of it (each imports only the ones listed before it):

- ``_common``: the statuses, outbox kinds, ids and keys, ``FillResult`` and the words every part shares;
- ``reply_intent``: what a guest's reply says (``classify_reply``);
- ``texting_hours``: when a text may go out, and the approved texts waiting for the hours;
- ``offer_limits``: the daily cap and one offer at a time;
- ``recheck``: whether the slot can still be booked for a guest (``SlotGone``);
- ``drafts``: the invitation, the checks on a draft or an edit, the reply to a late YES;
- ``call_list``: slots too soon for a text, and the card as a list of guests to call;
- ``card``: the Slack card and its thread;
- ``moving_on``: the next candidate, or the proposal closing;
- ``late_reply``: the reply card for a YES that came too late;
- ``outbox``: exactly-once delivery (``deliver``, ``redrive_outbox``);
- ``decisions``: Approve, Hold back, Edit, Reject, Next candidate;
- ``replies``: the guest's reply webhook, the YES booked, the hold running out;
- ``ranking``: what the waitlist ranking needs for an opening;
- ``openings``: ``/spa fill`` alone, the cancelled bookings to come with their ids;
- ``proposing``: from a cancellation (or ``/spa fill``) to a card;
- ``expiry``: the ``expire_offers`` job;
- ``wiring``: ``install``.

This module re-exports the names used outside the package.
"""

from spa_copilot.fill._common import (
    INFO,
    OUTBOX_BOOKING,
    OUTBOX_LEASE,
    OUTBOX_REPLY,
    OUTBOX_SMS,
    PENDING,
    SMS_LIMIT,
    FillResult,
    card_name,
)
from spa_copilot.fill.call_list import TOO_SOON_TEXT
from spa_copilot.fill.card import proposal_message, proposal_view
from spa_copilot.fill.decisions import (
    ALREADY_DECIDED_TEXT,
    BOOKING_BACK_REFUSAL,
    HELD_BACK_REASON,
    HELD_BACK_REPLY_REASON,
    TOO_LATE_WINDOW_TEXT,
    actionable_problem,
    approve_fill,
    edit_modal,
    edit_problem,
    hold_back_fill,
    next_candidate,
    reject_fill,
    reject_modal,
    save_edit,
)
from spa_copilot.fill.drafts import (
    EMPTY_DRAFT_TEXT,
    NO_TIME_DRAFT_TEXT,
    NO_YES_DRAFT_TEXT,
    draft_problem,
    offered_start,
    slot_time_words,
)
from spa_copilot.fill.expiry import expire_offers
from spa_copilot.fill.outbox import OutboxRedriveError, deliver, redrive_outbox
from spa_copilot.fill.proposing import (
    BY_HAND_NAMED,
    answer_fill,
    on_calendar_changes,
    propose_fill,
    slot_from_appointment,
    start_fill,
)
from spa_copilot.fill.recheck import SlotGone
from spa_copilot.fill.replies import ACCEPTING_STALE, RECHECK_TIMEOUT, on_message_received
from spa_copilot.fill.reply_intent import classify_reply
from spa_copilot.fill.texting_hours import DEFERRED_SENT_TEXT, text_opens_at, too_late_for_a_text, waiting_texts_line
from spa_copilot.fill.wiring import REDRIVE_EVERY_SECONDS, install
from spa_copilot.slack.blocks import BOOKING_BACK_TEXT  # the card's closing reason, as blocks reads it
from spa_copilot.slack.views_models import ProposalState  # the card's states, as callers have read them here

__all__ = [
    "ACCEPTING_STALE", "actionable_problem", "ALREADY_DECIDED_TEXT", "answer_fill", "approve_fill",
    "BOOKING_BACK_REFUSAL", "BOOKING_BACK_TEXT", "BY_HAND_NAMED", "card_name", "classify_reply", "DEFERRED_SENT_TEXT",
    "deliver", "draft_problem", "edit_modal", "edit_problem", "EMPTY_DRAFT_TEXT", "expire_offers", "FillResult",
    "HELD_BACK_REASON", "HELD_BACK_REPLY_REASON", "hold_back_fill", "INFO", "install", "next_candidate",
    "NO_TIME_DRAFT_TEXT", "NO_YES_DRAFT_TEXT", "offered_start", "on_calendar_changes", "on_message_received",
    "OUTBOX_BOOKING", "OUTBOX_LEASE", "OUTBOX_REPLY", "OUTBOX_SMS", "OutboxRedriveError", "PENDING",
    "proposal_message", "proposal_view", "ProposalState", "propose_fill", "RECHECK_TIMEOUT", "REDRIVE_EVERY_SECONDS",
    "redrive_outbox", "reject_fill", "reject_modal", "save_edit", "slot_from_appointment", "slot_time_words",
    "SlotGone", "SMS_LIMIT", "start_fill", "text_opens_at", "too_late_for_a_text", "TOO_LATE_WINDOW_TEXT",
    "TOO_SOON_TEXT", "waiting_texts_line",
]
