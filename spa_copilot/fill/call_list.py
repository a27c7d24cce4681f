"""Slots too soon for a text: why no Approve could send one in time (``_too_soon_reason``: its hold would
still run when the slot starts), and the card closed as a list of its ranked guests for the front desk to phone
instead (who is left on it and how they are marked, and when such a card is still worth posting); a fill card marks
its guests the same way (``_fill_card``), and who said no or texted STOP too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.copilot import Copilot
from spa_copilot.domain import day_label
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.fill._common import OFFER_NOT_BOOKED, _replaced, _slot_of, fill_offer_id
from spa_copilot.fill.offer_limits import (
    _cap_day_start,
    _drafted_elsewhere,
    _is_drafted_elsewhere_reason,
    _offers_counted,
)
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
#: ...or said YES in the same text that opted them out of texts ("Yes, I'll take it, stop texting me"): nothing was
#: booked or texted since, so a call is how they get the slot; never left off a list to call as a STOP is.
CALL_YES_NO_TEXTS = "replied YES but asked not to be texted: call to book them"
CALL_SKIPPED = "skipped on this card"
#: Who said no to this card's text, or texted STOP (to any of the copilot's texts): left off a list to call, and
#: marked on a fill card (never an ordinary candidate a manager might phone or text again); and whose text could not
#: go to them.
CALL_SAID_NO = "said no to the text"
CALL_STOPPED = "replied STOP to a text"
CALL_NOT_SENT = "their text could not be sent"
#: Who replied YES to their text but whom the spa system did not book (``OFFER_NOT_BOOKED``): kept on a list to call
#: (they want the slot), and never said as a text that could not be sent.
CALL_NOT_BOOKED = "replied YES, but the copilot could not book them (see the thread)"
_NOT_TO_CALL = frozenset({CALL_SAID_NO, CALL_STOPPED, CALL_NOT_SENT})
CALL_NOBODY_LEFT = "nobody left to call: every guest on the list said no or opted out"
#: A guest booked from another fill card, since this one was drafted, at a time overlapping the one this card offers
#: them (or with the waitlist entry it offers them): marked with when, and skipped by Next candidate
#: (``_next_index``); Approve's own re-check (``client_busy``) refuses them all the same.
CALL_BOOKED_ELSEWHERE = "booked {when} from another card"


def _unclear_reply_key(offer_id: str) -> str:
    """The claim remembering that the guest of ``offer_id`` replied neither yes nor no (``_noted_unclear_reply``)."""
    return f"fill-unclear:{offer_id}"


def _noted_unclear_reply(copilot: Copilot, offer_id: str) -> None:
    """Remember that the guest answered ``offer_id``, but not with a yes or no: the card and the hold running out
    then say so (``CALL_UNCLEAR``), not that they did not answer."""
    copilot.store.claim_event(_unclear_reply_key(offer_id), source="fill")


def _noted_yes_without_texts(copilot: Copilot, offer_id: str) -> None:
    """Remember that the guest of ``offer_id`` said yes to it in the text that opted them out of texts (the reply
    classifier's "yes_stop"): the card marks them ``CALL_YES_NO_TEXTS``, and the hold running out says so."""
    copilot.store.claim_event(f"fill-yes-no-texts:{offer_id}", source="fill")


def _said_yes_without_texts(copilot: Copilot, offer_id: str) -> bool:
    """Whether the guest of ``offer_id`` said yes to it with an opt-out (``_noted_yes_without_texts``)."""
    return copilot.store.event_seen(f"fill-yes-no-texts:{offer_id}")


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
    no manager phones or texts again a guest who declined or opted out. One booked from another card is no longer
    "drafted on" it."""
    marks = _marks(copilot, row)
    return {**row, "candidates": [_marked(c, mark) for c, mark in zip(row["candidates"], marks, strict=True)]}


def _marks(copilot: Copilot, row: Mapping[str, Any]) -> list[str | None]:
    """Each candidate's answer to this card so far, in the card's order: ``CALL_YES_NO_TEXTS`` (they said yes to this
    card's text in one that opted them out of texts), ``CALL_STOPPED`` (they texted STOP, to this card's text or
    another), ``CALL_SAID_NO``, ``CALL_NOT_SENT``, ``CALL_NOT_BOOKED``, ``CALL_LATE_YES``, ``CALL_UNCLEAR`` (their
    hold ran out on a reply neither yes nor no), ``CALL_NO_ANSWER``, ``CALL_BOOKED_ELSEWHERE`` (not offered on this card, or passed over, and
    booked from another at an overlapping time), ``CALL_SKIPPED`` (passed over), or None (not offered yet, or their text is out)."""
    current, opted_out = row["current_index"], copilot.store.text_opted_out(c["client_id"] for c in row["candidates"])
    booked_elsewhere = _booked_elsewhere(copilot, row)
    marks: list[str | None] = []
    for index, candidate in enumerate(row["candidates"]):
        offer = copilot.store.fill_offer(fill_offer_id(row["id"], index)) if index <= current else None
        status = offer["status"] if offer else None
        mark = None
        if offer is not None and _said_yes_without_texts(copilot, offer["id"]) and status != "booked":
            mark = CALL_YES_NO_TEXTS  # the yes is what matters: opted out of texts, not of the slot
        elif candidate["client_id"] in opted_out:  # a STOP declines the offer too: the STOP is what matters
            mark = CALL_STOPPED
        elif status == "declined":
            mark = CALL_SAID_NO
        elif status == "failed":
            mark = CALL_NOT_SENT
        elif status == OFFER_NOT_BOOKED:
            mark = CALL_NOT_BOOKED
        elif status == "expired" and offer.get("yes_at"):
            mark = CALL_LATE_YES
        elif status == "expired":
            mark = CALL_UNCLEAR if _replied_unclearly(copilot, offer["id"]) else CALL_NO_ANSWER
        elif index in booked_elsewhere and status is None:  # not offered on this card (or passed over)
            mark = booked_elsewhere[index]
        elif index < current:
            mark = CALL_SKIPPED
        marks.append(mark)
    return marks


def _booked_elsewhere(copilot: Copilot, row: Mapping[str, Any]) -> dict[int, str]:
    """This card's candidates (by index) another fill card booked since this one was drafted, at a time overlapping
    the one this card offers them or with the waitlist entry it offers them, each with its ``CALL_BOOKED_ELSEWHERE``
    mark. Only what the copilot booked: a booking made by hand is for Approve's re-check (``client_busy``)."""
    if row.get("kind", "fill") != "fill" or not row["candidates"] or not row.get("created_at"):
        return {}
    zone = ZoneInfo(row["opening"]["time_zone"])
    today = copilot.now().astimezone(zone).date()
    booked: dict[str, list[tuple[datetime, datetime, str | None]]] = {}
    since = datetime.fromisoformat(row["created_at"])
    for other in copilot.store.fill_proposals(statuses=[ProposalState.booked.value], changed_since=since):
        if other["id"] == row["id"] or other.get("kind", "fill") != "fill" or not other["candidates"]:
            continue
        guest = other["candidates"][other["current_index"]]
        start = datetime.fromisoformat(guest.get("start") or other["opening"]["start"])
        end = datetime.fromisoformat(guest.get("end") or other["opening"]["end"])
        booked.setdefault(guest["client_id"], []).append((start, end, guest.get("entry_id")))
    marks: dict[int, str] = {}
    for index, candidate in enumerate(row["candidates"]):
        start = datetime.fromisoformat(candidate.get("start") or row["opening"]["start"])
        end = datetime.fromisoformat(candidate.get("end") or row["opening"]["end"])
        for other_start, other_end, entry_id in booked.get(candidate["client_id"], ()):
            if (other_start < end and start < other_end) or (entry_id and entry_id == candidate.get("entry_id")):
                local = other_start.astimezone(zone).date()
                day = "today" if local == today else day_label(local, seen_from=today)
                marks[index] = CALL_BOOKED_ELSEWHERE.format(when=f"{blocks.clock(other_start, zone.key)} {day}")
                break
    return marks


def _is_booked_elsewhere_mark(mark: str) -> bool:
    """A ``CALL_BOOKED_ELSEWHERE`` mark."""
    head, tail = CALL_BOOKED_ELSEWHERE.split("{when}")
    return mark.startswith(head) and mark.endswith(tail)


def _marked(candidate: Mapping[str, Any], mark: str | None) -> dict[str, Any]:
    """``candidate`` with ``mark`` said first among its reasons."""
    reasons = list(candidate.get("reasons") or [])
    if mark and _is_booked_elsewhere_mark(mark):  # the other card's "drafted on …: one offer at a time" is over
        reasons = [reason for reason in reasons if not _is_drafted_elsewhere_reason(reason)]
    return {**candidate, "reasons": [mark, *reasons] if mark else reasons}


def _call_card_due(row: Mapping[str, Any], now: datetime) -> bool:
    """A card listing guests to call for a slot too soon for a text, still worth posting: the slot is ahead."""
    return (
        row["kind"] == "fill"
        and (row.get("reason") or "").startswith(blocks.CALL_LIST)
        and datetime.fromisoformat(row["opening"]["start"]) > now
        and not _replaced(row)
    )


def _capped(copilot: Copilot, row: Mapping[str, Any]) -> set[int]:
    """The candidates after the current one (by index) offered a slot up to the daily cap since the cap's day began
    at the slot's location (on this card or another)."""
    offered = _offers_counted(copilot, since=_cap_day_start(copilot, _slot_of(row).tz))
    return {
        index for index in range(row["current_index"] + 1, len(row["candidates"]))
        if offered.get(row["candidates"][index]["client_id"], 0) >= copilot.settings.offer_daily_cap
    }


def _opted_out_since(copilot: Copilot, row: Mapping[str, Any]) -> set[int]:
    """The candidates after the current one (by index) of a fill card, whose offers go by text, who opted out of the
    copilot's texts since it was drawn (their own STOP to another text, or staff's ``/spa texts … stop``): never
    drafted a text again (walk41: one was made the next candidate, with a draft and an Approve that could only refuse)."""
    if row.get("kind", "fill") != "fill":
        return set()
    later = range(row["current_index"] + 1, len(row["candidates"]))
    stopped = copilot.store.text_opted_out(row["candidates"][index]["client_id"] for index in later)
    return {index for index in later if row["candidates"][index]["client_id"] in stopped}


def _next_index(copilot: Copilot, row: Mapping[str, Any]) -> int | None:
    """The next candidate not yet offered a slot today up to the cap (other proposals may have offered one). One
    drafted on another card still waiting for a manager comes after everyone else, as the ranking lists them
    (``_drafted_elsewhere``): a card moving on skips them while anyone else is left, so one guest is not the
    drafted guest of two cards at once. One another card booked at an overlapping time is never next
    (``_booked_elsewhere``), nor one opted out of texts since the card was drawn (``_opted_out_since``)."""
    skipped = _capped(copilot, row) | _booked_elsewhere(copilot, row).keys() | _opted_out_since(copilot, row)
    left = [index for index in range(row["current_index"] + 1, len(row["candidates"])) if index not in skipped]
    elsewhere = _drafted_elsewhere(copilot, _slot_of(row)) if left else {}
    return next((i for i in left if row["candidates"][i]["client_id"] not in elsewhere), left[0] if left else None)
