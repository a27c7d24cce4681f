"""The fill proposal card's buttons (Approve, Edit, Next candidate, Reject; Hold back while an approved text waits for
texting hours) and its two modals.

Every callback acks first. Edit and Reject open their modal straight away (a ``trigger_id`` expires after
3 seconds); the edit modal's submission is refused inline (``response_action="errors"``, the modal stays open with
the text) when the text is empty, over 320 characters, no longer asks the guest to reply YES, no longer gives the
slot's time, says what the guest's YES would not book, or the card changed since. A text worded so that it may
mislead the guest (an opt-out keyword outside a standard opt-out sentence, a reply said needless:
``fill.decisions.edit_concern``) is a concern, not a refusal: its first Save answers the same way with the concern,
and a second Save of the same text in the same modal saves it. The work itself is ``spa_copilot.fill``'s; what a
refused click gets is an ephemeral note to the person who clicked.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from spa_copilot import fill
from spa_copilot.copilot import Copilot
from spa_copilot.fill.decisions import CONFIRM_CONCERN_TEXT, EditConfirmations, edit_concern
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.errors import SLACK_FAILURES, is_ambiguous, new_error_id, slack_failure
from spa_copilot.slack.listeners.guard import dm as _dm
from spa_copilot.slack.listeners.guard import guarded as _guarded

logger = logging.getLogger(__name__)


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind the fill card's buttons and modals."""
    warned = EditConfirmations()

    async def approve_fill_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        target = await _target(body, respond)
        if target is None:
            return
        result = await _guarded(respond, fill.approve_fill(copilot, *target, user_id=body["user"]["id"]))
        await _tell(respond, result)

    async def next_candidate_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        target = await _target(body, respond)
        if target is None:
            return
        result = await _guarded(respond, fill.next_candidate(copilot, *target, user_id=body["user"]["id"]))
        await _tell(respond, result)

    async def hold_back_fill_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        target = await _target(body, respond)
        if target is None:
            return
        result = await _guarded(respond, fill.hold_back_fill(copilot, *target, user_id=body["user"]["id"]))
        await _tell(respond, result)

    async def edit_fill_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        target = await _target(body, respond)
        if target is None:
            return
        modal = await _guarded(respond, fill.edit_modal(copilot, *target, user_id=body["user"]["id"]))
        await _open_or_tell(copilot, body, respond, modal)

    async def reject_fill_callback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        target = await _target(body, respond)
        if target is None:
            return
        modal = await _guarded(respond, fill.reject_modal(copilot, *target, user_id=body["user"]["id"]))
        await _open_or_tell(copilot, body, respond, modal)

    async def edit_draft_submission(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        try:
            metadata = blocks.decode_metadata(view.get("private_metadata", ""))
            proposal_id, revision = str(metadata.get("proposal_id", "")), int(metadata.get("revision", -1))
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError):  # OverflowError: a revision of Infinity
            await ack(response_action="errors", errors={ids.EDIT_DRAFT_BLOCK: texts.STALE_CARD_TEXT})
            return
        text = _input(view, ids.EDIT_DRAFT_BLOCK, ids.EDIT_DRAFT_INPUT)
        problem = fill.edit_problem(copilot, proposal_id, revision, text)
        if problem:
            await ack(response_action="errors", errors={ids.EDIT_DRAFT_BLOCK: problem})
            return
        user_id = body["user"]["id"]
        concern = edit_concern(copilot, proposal_id, text)
        # Slack sends the modal's id with every submission; without one, the card's revision and its editor stand in
        modal_id = str(view.get("id") or f"{user_id}:{proposal_id}:{revision}")
        if concern is not None and not warned.confirmed(modal_id, text):  # the first Save of this text: the concern
            line = CONFIRM_CONCERN_TEXT.format(concern=concern[1])
            await ack(response_action="errors", errors={ids.EDIT_DRAFT_BLOCK: line})
            return
        await ack()
        confirmed = concern[0] if concern else None
        result = await _guarded(
            None, fill.save_edit(copilot, proposal_id, revision, text, user_id=user_id, confirmed=confirmed),
            copilot=copilot, user_id=user_id,
        )
        await _tell_privately(copilot, body, result)

    async def reject_reason_submission(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        try:
            metadata = blocks.decode_metadata(view.get("private_metadata", ""))
            proposal_id, revision = str(metadata.get("proposal_id", "")), int(metadata.get("revision", -1))
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError):  # OverflowError: a revision of Infinity
            await ack(response_action="errors", errors={ids.REJECT_REASON_BLOCK: texts.STALE_CARD_TEXT})
            return
        problem = fill.actionable_problem(copilot, proposal_id, revision)
        if problem:
            await ack(response_action="errors", errors={ids.REJECT_REASON_BLOCK: problem})
            return
        await ack()
        reason = _input(view, ids.REJECT_REASON_BLOCK, ids.REJECT_REASON_INPUT)
        user_id = body["user"]["id"]
        result = await _guarded(
            None, fill.reject_fill(copilot, proposal_id, revision, reason, user_id=user_id), copilot=copilot, user_id=user_id
        )
        await _tell_privately(copilot, body, result)

    app.action(ids.APPROVE_FILL)(approve_fill_callback)
    app.action(ids.NEXT_CANDIDATE)(next_candidate_callback)
    app.action(ids.EDIT_FILL)(edit_fill_callback)
    app.action(ids.REJECT_FILL)(reject_fill_callback)
    app.action(ids.HOLD_BACK_FILL)(hold_back_fill_callback)
    app.view(ids.EDIT_DRAFT_VIEW)(edit_draft_submission)
    app.view(ids.REJECT_REASON_VIEW)(reject_reason_submission)


async def _target(body: dict[str, Any], respond: AsyncRespond) -> tuple[str, int] | None:
    """(proposal id, revision) from the clicked button's value; when it cannot be read (a card drawn by another
    version of the copilot), None, and the clicker is told to look at the latest card rather than left with silence."""
    try:
        return ids.parse_proposal_value(str(body["actions"][0].get("value", "")))
    except (KeyError, IndexError, ValueError):
        logger.warning("fill action with an unreadable value from user %s", body.get("user", {}).get("id"))
    message = blocks.notice_message(texts.STALE_CARD_TEXT)
    await respond(response_type="ephemeral", replace_original=False, **message.to_kwargs())
    return None


def _input(view: dict[str, Any], block_id: str, action_id: str) -> str:
    value = view.get("state", {}).get("values", {}).get(block_id, {}).get(action_id, {}).get("value")
    return value or ""


async def _tell(respond: AsyncRespond, result: fill.FillResult | None) -> None:
    if result is not None and not result.ok and result.note:
        await respond(response_type="ephemeral", replace_original=False, **blocks.notice_message(result.note).to_kwargs())


async def _open_or_tell(copilot: Copilot, body: dict[str, Any], respond: AsyncRespond, modal: Any) -> None:
    if modal is None:
        return
    if isinstance(modal, fill.FillResult):
        await _tell(respond, modal)
        return
    try:
        await copilot.slack.views_open(trigger_id=body["trigger_id"], view=modal)
    except SLACK_FAILURES as exc:
        # Slack refused (a trigger is good for 3 seconds: expired_trigger_id once the checks before ran longer) or
        # could not be reached: the clicker is told, with an error id, rather than left with a button that did nothing;
        # when the form may have opened (its answer lost), not "something went wrong" under it
        error_id = new_error_id()
        logger.warning("error %s: could not open the fill modal: %s", error_id, slack_failure(exc))
        told = blocks.modal_maybe_opened_message(error_id) if is_ambiguous(exc) else blocks.error_message(error_id)
        await respond(response_type="ephemeral", replace_original=False, **told.to_kwargs())


async def _tell_privately(copilot: Copilot, body: dict[str, Any], result: fill.FillResult | None) -> None:
    """After a modal closed there is no response_url: a refusal goes to the user as a DM from the app."""
    if result is not None and not result.ok and result.note:
        await _dm(copilot, body["user"]["id"], blocks.notice_message(result.note))
