"""The ``expire_offers`` job: holds that ran out (the next candidate proposed), slots that started
(whatever is open about them closed), cards now too soon for a text turned into lists to call, and what an outage
or a restart interrupted taken up again (a YES left mid-check, a move on, an abandoned or half-drafted proposal, a
card never posted or never redrawn).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from spa_copilot.copilot import Copilot
from spa_copilot.fill._common import (
    ABANDONED,
    COPILOT_ACTOR,
    DRAFTING,
    INFO,
    PENDING,
    _booking_key,
    _first_name_of,
    _replaced,
    _slot_of,
    fill_offer_id,
    logger,
)
from spa_copilot.fill.call_list import _call_card_due, _is_call_list, _too_soon_reason
from spa_copilot.fill.card import _post_card, _refresh_card, _thread_note, post_kept_notes
from spa_copilot.fill.moving_on import _close_too_soon, _move_on_after_answer
from spa_copilot.fill.proposing import CALL_LIST_LOOKBACK, NO_CARD_WITHIN, propose_fill
from spa_copilot.fill.replies import ACCEPTING_STALE, _expire_one, _slot_reached, take_up_recorded_yes
from spa_copilot.platform.errors import PlatformError, PlatformUnavailable
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ProposalState

YES_UNBOOKED_TEXT = (
    ":warning: {first_name} replied YES at {at}, but the spa system did not answer before the slot started, so "
    "nothing was booked. Please let them know."
)

#: Proposals not settled yet; when their slot starts the expiry job closes them (a sent offer then runs out alone).
_CLOSE_WHEN_STARTED = (PENDING, INFO, ABANDONED, ProposalState.approved.value, ProposalState.sent.value)


async def expire_offers(copilot: Copilot) -> int:
    """Scheduler job: end the holds that ran out (the next candidate is proposed), close started slots, and take
    up again what an outage interrupted: a thread line Slack refused (a guest's reply), a move to the next
    candidate, an abandoned proposal, a card never posted or never redrawn.

    Each item on its own: one failing (the platform or Slack still down) leaves it for the next run and does not
    stop the others.
    """
    store = copilot.store
    now = copilot.now()
    expired = 0
    # thread lines Slack refused (a guest's reply quoted) go first, before any line after them ("see the thread")
    await _isolated(post_kept_notes(copilot), "(kept thread notes)")
    for offer in store.fill_offers_accepting_since(now - ACCEPTING_STALE):
        _release_stalled_yes(copilot, offer, now)
    for offer in store.fill_offers_said_yes():
        if not _slot_reached(copilot, offer, "start"):  # one whose slot has started is closed below (_close_started)
            await _isolated(take_up_recorded_yes(copilot, offer), offer["proposal_id"])
    for offer in store.due_fill_offers(now=now):
        if await _isolated(_expire_one(copilot, offer), offer["proposal_id"]):
            expired += 1
    for row in store.fill_proposals(statuses=_CLOSE_WHEN_STARTED):
        if datetime.fromisoformat(row["opening"]["start"]) <= now:
            await _isolated(_close_started(copilot, row, now), row["id"])
    # a list to call whose slot started: closed at most CALL_LIST_LOOKBACK before its slot, so only the proposals
    # that expired since then are read, never the whole history of them
    for row in store.fill_proposals(statuses=(ProposalState.expired.value,), changed_since=now - CALL_LIST_LOOKBACK):
        if _is_call_list(row) and not row["reason"].startswith(blocks.CALL_OVER):
            if datetime.fromisoformat(row["opening"]["start"]) <= now:
                await _isolated(_close_call_list(copilot, row, now), row["id"])
    for row in store.fill_proposals(statuses=(PENDING,)):  # an Approve that can no longer work: a list to call
        if row["kind"] == "fill" and (too_soon := _too_soon_reason(copilot, _slot_of(row))):
            await _isolated(_close_too_soon(copilot, row, too_soon), row["id"])
    for row in store.fill_proposals(statuses=(ProposalState.sent.value, ProposalState.approved.value)):
        await _isolated(_move_on_after_answer(copilot, row["id"]), row["id"])
    await _isolated(_retry_abandoned(copilot, now), "(abandoned)")
    for row in store.unposted_fill_proposals(statuses=(PENDING, INFO, ProposalState.expired.value)):
        if row["status"] != ProposalState.expired.value or _nobody_card_due(row, now) or _call_card_due(row, now):
            await _isolated(_repost_card(copilot, row["id"]), row["id"])
    for proposal_id in store.stale_fill_cards():  # cards Slack could not redraw; while it still cannot, one try a run
        if await _isolated(_refresh_card(copilot, proposal_id), proposal_id) is False:
            break
    return expired


def _release_stalled_yes(copilot: Copilot, offer: Mapping[str, Any], now: datetime) -> None:
    """A YES left mid-check (``accepting`` with no booking queued) by a process that stopped: hand it back with its
    YES, for ``replies._take_up_yes``. One with its booking queued is the outbox's to settle. One taken before YESes were
    recorded (a database from before migration 10) has its YES dated when it was taken, so it is not expired."""
    store = copilot.store
    yes = {} if offer.get("yes_at") else {"yes_at": offer["updated_at"]}
    with store.transaction():
        if store.outbox_item(_booking_key(offer)) is not None:
            return
        released = store.update_fill_offer(offer["id"], at=now, expect_status="accepting",
                                           claimed_at=datetime.fromisoformat(offer["updated_at"]), status="sent", **yes)
    if released:
        logger.warning("fill offer %s: a YES left mid-check (a restart?) is taken up again", offer["id"])


def _nobody_card_due(row: Mapping[str, Any], now: datetime) -> bool:
    """A "nobody on the waitlist can take it" card (with any flagged clients) still worth posting: the slot is
    ahead and the proposal still holds its opening."""
    return (
        row["kind"] == "fill"
        and not row["candidates"]
        and datetime.fromisoformat(row["opening"]["start"]) > now
        and not _replaced(row)
    )


async def _isolated(step: Any, proposal_id: str) -> Any:
    """Await one proposal's step of the expiry job; a failure is logged and left for the next run."""
    try:
        return await step
    except PlatformError as exc:
        logger.warning("fill proposal %s waits for the platform: %s", proposal_id, type(exc).__name__)
    except Exception:
        logger.exception("fill proposal %s: the expiry job's step failed", proposal_id)
    return None


async def _close_started(copilot: Copilot, row: Mapping[str, Any], now: datetime) -> None:
    """The slot has started: close the proposal whatever it was waiting for (not a booking in flight, which its
    outbox item settles)."""
    if row["kind"] != "fill" and row["status"] == ProposalState.approved.value:
        return  # an approved reply waiting for texting hours: it says the slot is gone, which stays true
    if row["status"] == ProposalState.sent.value:
        if row["kind"] != "fill":
            return  # a reply that went out is done
        offer = copilot.store.fill_offer(fill_offer_id(row["id"], row["current_index"]))
        if offer is not None and offer["status"] == "accepting":
            return
    else:
        offer = None
    # an approved text whose send was never confirmed, with the guest's YES kept meanwhile (replies._keep_unconfirmed_yes)
    kept = copilot.store.fill_offer(fill_offer_id(row["id"], row["current_index"])) if (
        row["kind"] == "fill" and row["status"] == ProposalState.approved.value) else None
    if copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"],
        status=ProposalState.expired.value, decided_at=now.isoformat(), reason="the slot has started",
    ):
        await _refresh_card(copilot, row["id"])
        if kept is not None and kept["status"] == "approved" and kept.get("yes_at"):  # she said YES: a person tells her
            at = blocks.dated_clock(datetime.fromisoformat(kept["yes_at"]), row["opening"]["time_zone"], now=now)
            await _thread_note(copilot, row["id"], YES_UNBOOKED_TEXT.format(first_name=_first_name_of(copilot, kept), at=at))
        if offer is not None and offer["status"] == "sent":  # the hold ends with the slot (a YES now gets a reply)
            if offer.get("yes_at"):  # a YES the spa system never let us re-check: a person tells the guest
                first_name = _first_name_of(copilot, offer)
                # dated when the YES came on another day at the location (a job that ran late, after an outage)
                at = blocks.dated_clock(datetime.fromisoformat(offer["yes_at"]), row["opening"]["time_zone"], now=now)
                await _thread_note(copilot, row["id"], YES_UNBOOKED_TEXT.format(first_name=first_name, at=at))
            await _expire_one(copilot, offer, slot_started=True)


async def _close_call_list(copilot: Copilot, row: Mapping[str, Any], now: datetime) -> None:
    """A list-to-call card whose slot has started: redrawn saying so (``CALL_OVER``), no longer a list to call."""
    if copilot.store.update_fill_proposal(
        row["id"], at=now, expect_status=row["status"], expect_revision=row["revision"], reason=blocks.CALL_OVER,
        decided_at=now.isoformat(),
    ):
        await _refresh_card(copilot, row["id"])


async def _repost_card(copilot: Copilot, proposal_id: str) -> None:
    """A card Slack refused to post (the proposal waits with no card): post it now (its flagged clients are on it)."""
    if await _post_card(copilot, proposal_id):
        logger.info("fill proposal %s: its card is posted now", proposal_id)


#: A proposal still ``drafting`` this long after its claim was left by a process that stopped mid-draft (drafting
#: takes seconds, a slow model a minute or two): it is taken up again like an abandoned one.
DRAFTING_STALE = timedelta(minutes=15)


def _tried(copilot: Copilot, proposal_id: str, now: datetime) -> None:
    """Mark an abandoned proposal tried just now (its ``updated_at``), so the next run tries the others first: one
    whose own read keeps failing never holds up those behind it (rev34i M3)."""
    copilot.store.update_fill_proposal(proposal_id, at=now, expect_status=ABANDONED)


async def _retry_abandoned(copilot: Copilot, now: datetime) -> None:
    """Proposals whose drafting failed (the platform was down) or was cut short (a restart) are tried again while
    the slot is ahead, each once a run, the one tried longest ago first: one whose read the spa system refuses
    (logged once) is left for the next run and does not stop the others, as a poll's cancellations are each proposed
    when one fails; the spa system down (``PlatformUnavailable``: every retry failed) stops the run, which would only
    spend each opening's retries in turn. Either way the failed one is tried last the next run (``_tried``), so an
    opening whose own read keeps failing never holds the others up for more than a run."""
    for row in copilot.store.fill_proposals(statuses=(DRAFTING,)):
        drafted_at = datetime.fromisoformat(row["updated_at"])
        # left by a run that stopped (before this one began: probe43e M, a kill mid-draft held the card 15 minutes),
        # or by this one for longer than any draft takes
        left = drafted_at <= now - DRAFTING_STALE or (copilot.started_at is not None and drafted_at < copilot.started_at)
        if left and copilot.store.update_fill_proposal(
            row["id"], at=now, expect_status=DRAFTING, expect_revision=row["revision"], status=ABANDONED
        ):
            logger.warning("fill proposal %s was left mid-draft (a restart?): it is tried again", row["id"])
    abandoned = sorted(  # the one tried longest ago first: one that keeps failing goes to the back (it is touched)
        (row for row in copilot.store.fill_proposals(statuses=(ABANDONED,))  # as a cancellation's: none for a
         if datetime.fromisoformat(row["opening"]["start"]) >= now + NO_CARD_WITHIN),  # slot this close
        key=lambda row: row["updated_at"],
    )
    if not abandoned:
        return
    try:
        catalog = await copilot.catalog()
    except PlatformError as exc:
        logger.warning("abandoned fill proposals wait for the platform: %s", type(exc).__name__)
        return
    for row in abandoned:
        location = next((loc for loc in catalog.locations if loc.id == row["location_id"]), None)
        if location is None:
            continue
        try:
            result = await propose_fill(copilot, _slot_of(row), location, by=COPILOT_ACTOR,
                                        cancellation_version=row["opening"].get("cancellation_version"),
                                        moved_to=row["opening"].get("moved_to"))
        except PlatformUnavailable:
            _tried(copilot, row["id"], now)
            logger.warning("fill proposal %s still waits for the platform: PlatformUnavailable; the others wait for "
                           "the next run too", row["id"])
            return
        except PlatformError as exc:
            _tried(copilot, row["id"], now)
            logger.warning("fill proposal %s still waits for the platform: %s", row["id"], type(exc).__name__)
            continue
        except Exception:
            logger.exception("fill proposal %s failed again", row["id"])
            continue
        logger.info("fill proposal %s retried: %s", row["id"], result.note)
