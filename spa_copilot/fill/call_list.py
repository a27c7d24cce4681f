"""Slots too soon for a text: why no Approve could send one in time (``_too_soon_reason``: its hold would
still run when the slot starts), and the card closed as a list of its ranked guests for the front desk to phone
instead (who is left on it and how they are marked, and when such a card is still worth posting); a fill card marks
its guests the same way (``_fill_card``), and who said no or texted STOP too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from spa_copilot.copilot import Copilot
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.fill._common import _offer_id, _replaced
from spa_copilot.fill.texting_hours import text_opens_at, too_late_for_a_text
from spa_copilot.settings import Mode
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ProposalState

#: A slot starting before a text's hold could end (``too_late_for_a_text``): the card offers no Approve, it closes
#: with its ranked guests as a list for the front desk to phone (nothing is drafted or sent).
TOO_SOON_TEXT = blocks.TOO_SOON + " ({why}): call a guest on the list to offer it"
TOO_SOON_HOLD_WHY = "a {hold}-minute hold must end before {slot}"
TOO_SOON_WINDOW_WHY = "texts go out from {opens}, and a {hold}-minute hold must end before {slot}"
#: The same on a read-only spa, which never texts: just the list of guests to call.
SOON_READ_ONLY_TEXT = blocks.SOON_READ_ONLY + " ({slot}): call a guest on the list to offer it"
#: A list to call leaves out who said no or texted STOP (a STOP is about texts, but phoning someone who just opted
#: out of this very offer is poor form) and marks who did not answer the text or was passed over on this card.
CALL_NO_ANSWER = "did not answer the text"
#: ...or did answer within the hold (or after it), but not with a yes or no: the thread has their words to follow up.
CALL_UNCLEAR = "replied but not with a yes or no (see the thread)"
CALL_LATE_YES = "replied YES after the hold ran out"
CALL_SKIPPED = "skipped on this card"
#: Who said no to this card's text, or texted STOP (to any of the copilot's texts): left off a list to call, and
#: marked on a fill card (never an ordinary candidate a manager might phone or text again); and whose text could not
#: go to them.
CALL_SAID_NO = "said no to the text"
CALL_STOPPED = "replied STOP to a text"
CALL_NOT_SENT = "their text could not be sent"
_NOT_TO_CALL = frozenset({CALL_SAID_NO, CALL_STOPPED, CALL_NOT_SENT})
CALL_NOBODY_LEFT = "nobody left to call: every guest on the list said no or opted out"


def _unclear_reply_key(offer_id: str) -> str:
    """The claim remembering that the guest of ``offer_id`` replied neither yes nor no (``_noted_unclear_reply``)."""
    return f"fill-unclear:{offer_id}"


def _noted_unclear_reply(copilot: Copilot, offer_id: str) -> None:
    """Remember that the guest answered ``offer_id``, but not with a yes or no: the card and the hold running out
    then say so (``CALL_UNCLEAR``), not that they did not answer."""
    copilot.store.claim_event(_unclear_reply_key(offer_id), source="fill")


def _replied_unclearly(copilot: Copilot, offer_id: str) -> bool:
    """Whether the guest of ``offer_id`` replied neither yes nor no (``_noted_unclear_reply``)."""
    return copilot.store.event_seen(_unclear_reply_key(offer_id))


def _too_soon_reason(copilot: Copilot, slot: OpenSlot) -> str | None:
    """Why no text can be offered for ``slot`` now (``TOO_SOON_TEXT``: the front desk calls instead), or None."""
    now, hold = copilot.now(), copilot.settings.offer_hold_minutes
    opens = text_opens_at(now, slot.tz, copilot.settings.text_send_window)
    if not too_late_for_a_text(slot.start, now, hold, opens):
        return None
    words = {"hold": hold, "slot": blocks.clock(slot.start, slot.time_zone)}
    if copilot.settings.spa_mode == Mode.read_only:  # it never texts: no hold or texting hours to explain
        return SOON_READ_ONLY_TEXT.format(slot=words["slot"])
    why = (TOO_SOON_HOLD_WHY.format(**words) if opens is None
           else TOO_SOON_WINDOW_WHY.format(opens=blocks.clock(opens, slot.time_zone), **words))
    return TOO_SOON_TEXT.format(why=why)


def _now_too_soon_words(reason: str) -> str:
    """``reason`` as the thread says it when the card turns into a list: "The slot now starts too soon for a text
    (…): call a guest on the card's list to offer it"."""
    words = reason.replace(blocks.TOO_SOON, "the slot now starts too soon for a text", 1)
    words = words.replace("call a guest on the list", "call a guest on the card's list", 1)
    return words[:1].upper() + words[1:]


def _is_call_list(row: Mapping[str, Any]) -> bool:
    """A fill card closed as a list of guests to call (its slot too soon for a text)."""
    return (row.get("kind", "fill") == "fill" and row["status"] == ProposalState.expired.value
            and (row.get("reason") or "").startswith((*blocks.CALL_LIST, blocks.CALL_OVER)))


def _call_list(copilot: Copilot, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` as a list-to-call card draws it: without the guests who said no to this card's text or opted out of
    texts (STOP), or whose text could not go to them (opted out, gone), those whose text ran out or whom the card
    passed over marked (``CALL_NO_ANSWER``, ``CALL_SKIPPED``); nobody is the drafted one. Nobody left: the card says so
    (not "call a guest on the list")."""
    listed = [_marked(candidate, mark) for candidate, mark in zip(row["candidates"], _marks(copilot, row), strict=True)
              if mark not in _NOT_TO_CALL]
    drawn = {**row, "candidates": listed, "current_index": 0}
    if not listed and not drawn["reason"].startswith(blocks.CALL_OVER):
        drawn["reason"] = CALL_NOBODY_LEFT
    return drawn


def _fill_card(copilot: Copilot, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` as a fill card draws it: every candidate stays in place (the drafted one is still pointed at), each
    marked as a list to call marks them, and who said no or texted STOP too (``CALL_SAID_NO``, ``CALL_STOPPED``), so
    no manager phones or texts again a guest who declined or opted out."""
    marks = _marks(copilot, row)
    return {**row, "candidates": [_marked(c, mark) for c, mark in zip(row["candidates"], marks, strict=True)]}


def _marks(copilot: Copilot, row: Mapping[str, Any]) -> list[str | None]:
    """Each candidate's answer to this card so far, in the card's order: ``CALL_STOPPED`` (they texted STOP, to this
    card's text or another), ``CALL_SAID_NO``, ``CALL_NOT_SENT``, ``CALL_LATE_YES``, ``CALL_UNCLEAR`` (their hold ran out on a reply
    neither yes nor no), ``CALL_NO_ANSWER``, ``CALL_SKIPPED`` (passed over), or None (not offered yet, or their text is out)."""
    current, opted_out = row["current_index"], copilot.store.text_opted_out(c["client_id"] for c in row["candidates"])
    marks: list[str | None] = []
    for index, candidate in enumerate(row["candidates"]):
        offer = copilot.store.fill_offer(_offer_id(row["id"], index)) if index <= current else None
        status = offer["status"] if offer else None
        mark = None
        if candidate["client_id"] in opted_out:  # a STOP declines the offer too: the STOP is what matters
            mark = CALL_STOPPED
        elif status == "declined":
            mark = CALL_SAID_NO
        elif status == "failed":
            mark = CALL_NOT_SENT
        elif status == "expired" and offer.get("yes_at"):
            mark = CALL_LATE_YES
        elif status == "expired":
            mark = CALL_UNCLEAR if _replied_unclearly(copilot, offer["id"]) else CALL_NO_ANSWER
        elif index < current:
            mark = CALL_SKIPPED
        marks.append(mark)
    return marks


def _marked(candidate: Mapping[str, Any], mark: str | None) -> dict[str, Any]:
    """``candidate`` with ``mark`` said first among its reasons."""
    reasons = list(candidate.get("reasons") or [])
    return {**candidate, "reasons": [mark, *reasons] if mark else reasons}


def _call_card_due(row: Mapping[str, Any], now: datetime) -> bool:
    """A card listing guests to call for a slot too soon for a text, still worth posting: the slot is ahead."""
    return (
        row["kind"] == "fill"
        and (row.get("reason") or "").startswith(blocks.CALL_LIST)
        and datetime.fromisoformat(row["opening"]["start"]) > now
        and not _replaced(row)
    )
