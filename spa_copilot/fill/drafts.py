"""The texts a guest may get: the invitation for a candidate (a model's draft, checked, or the offline
text), the checks a draft or an edit must pass (``draft_problem``: the length, the YES that books, the slot's time),
and the polite reply to a YES that came too late.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spa_copilot.ai import InvitationInput, private_words
from spa_copilot.ai import offline as offline_drafts
from spa_copilot.ai.guardrails import names_slot_time
from spa_copilot.ai.schemas import greeting_name
from spa_copilot.copilot import Copilot
from spa_copilot.domain import Client
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.fill._common import SMS_LIMIT, logger
from spa_copilot.fill.reply_intent import _YES_CORE, _YES_CORE_PHRASES, _YES_NOT_ASKED, _reply_words
from spa_copilot.platform.errors import PlatformNotFound

EMPTY_DRAFT_TEXT = "The message cannot be empty."
LONG_DRAFT_TEXT = "Keep the text to {limit} characters (it is {length})."
NO_YES_DRAFT_TEXT = 'Keep asking the guest to reply YES ("Reply YES to claim"): their YES is what books the slot.'
#: An edit that no longer says when the slot is: the guest's YES books that time, so the text must give it.
NO_TIME_DRAFT_TEXT = 'Keep the time of the slot in the text ({times}): their YES books that time.'
TOO_LATE_REPLY = (
    "Hi {first_name}, thank you for replying! I'm sorry, the {service} spot on {when} has already been taken. "
    "You're still on our waitlist and we'll text you as soon as another one opens."
)
TOO_LATE_REPLY_SHORT = "Hi {first_name}, thank you! I'm sorry, that spot has already been taken. You're still on our waitlist."
HOLD_RAN_OUT_REPLY = (
    "Hi {first_name}, thank you for replying! I'm sorry, the hold on the {service} spot on {when} ran out before your "
    "reply. You're still on our waitlist and we'll text you as soon as another one opens."
)
HOLD_RAN_OUT_REPLY_SHORT = (
    "Hi {first_name}, thank you! I'm sorry, the hold on that spot ran out before your reply. You're still on our waitlist."
)


async def _draft_invitation(
    copilot: Copilot, proposal_id: str, candidate: Mapping[str, Any], slot: OpenSlot, client: Client | None = None
) -> tuple[str, str]:
    """The SMS for one candidate (≤ 320 characters, "Reply YES", the hold) and the engine that drafted it."""
    catalog = await copilot.catalog()
    if client is None:
        client = await copilot.platform.get_client(candidate["client_id"])
    service = catalog.service(candidate["service_id"])
    if service is None:
        raise PlatformNotFound(f"service {candidate['service_id']} is no longer on the menu")
    # The one place that decides whether the guest is told which location: only when the spa has more than one.
    location = next((loc for loc in catalog.locations if loc.id == slot.location_id), None)
    invite = InvitationInput.from_client(
        client,
        service=service,
        starts_at=datetime.fromisoformat(candidate["start"]).astimezone(slot.tz),
        hold_minutes=copilot.settings.offer_hold_minutes,
        staff_first_name=candidate.get("staff_first_name"),
        location_name=location.name if location is not None and len(catalog.locations) > 1 else None,
        drafted_at=copilot.now(),  # a slot starting today in its zone is offered "today at 11:00 am"
    )
    flags: list[str] = []
    if copilot.ai is not None:
        # the location's therapists: a model's draft naming another of them than the slot's ("with Maya") is replaced
        roster = [m.first_name for m in catalog.staff if m.location_id == slot.location_id and m.active]
        drafted = await copilot.ai.fill_invitation(
            invite, redact=private_words(client), subject_id=proposal_id, staff_names=roster
        )
        text = drafted.text.strip()
        if drafted.fallback:  # the model did not answer, or its draft failed its checks: the card tells the approver
            why = "the model did not answer" if drafted.unanswered else "the model's draft was replaced"
            return text, f"{drafted.engine}; {why} ({', '.join(drafted.flags) or 'failed checks'})"
        if draft_problem(text) is None and "YES" in text and str(copilot.settings.offer_hold_minutes) in text:
            return text, drafted.engine
        flags = ["missing YES or the hold time"]
        logger.warning("fill draft for %s did not pass the checks; using the offline text", proposal_id)
    text = offline_drafts.invitation_text(invite, spa_name=copilot.settings.spa_name)
    return text, "offline" + (f"; the model's draft was replaced ({flags[0]})" if flags else "")


def draft_problem(text: str, *, starts_at: datetime | None = None) -> str | None:
    """Why a (possibly edited) SMS cannot be sent as is: empty or over 320 characters once the surrounding
    whitespace is stripped (as the saved text is), or no longer asking for the YES that books the slot (a guest
    who answers "lovely, see you then" to a text that never said how to claim is left to a person); with
    ``starts_at`` (the offered start, in the location's zone), no longer giving its clock time in any usual form
    ("11:00 am", "11am", "11:00", "at 11": ``names_slot_time``), as "A spot just opened today - want it? Reply YES"
    did: the guest would claim a time they were never told. None when fine."""
    text = text.strip()
    if not text:
        return EMPTY_DRAFT_TEXT
    if len(text) > SMS_LIMIT:
        return LONG_DRAFT_TEXT.format(limit=SMS_LIMIT, length=len(text))
    if not _names_a_claiming_reply(text):
        return NO_YES_DRAFT_TEXT
    if starts_at is not None and not names_slot_time(text, starts_at):
        return NO_TIME_DRAFT_TEXT.format(times=slot_time_words(starts_at))
    return None


def slot_time_words(starts_at: datetime) -> str:
    """How the edit modal and its refusal name the slot's time: ``"11:00 am" or "11am"``, ``"2:30 pm" or "2:30pm"``."""
    hour, half = starts_at.hour % 12 or 12, "am" if starts_at.hour < 12 else "pm"
    short = f"{hour}{half}" if starts_at.minute == 0 else f"{hour}:{starts_at.minute:02d}{half}"
    return f'"{hour}:{starts_at.minute:02d} {half}" or "{short}"'


def offered_start(row: Mapping[str, Any]) -> datetime | None:
    """The start the card's current candidate is offered (the opening's when the candidate has none), in the
    location's zone; None when the row does not say (then an edit's time is not checked)."""
    opening = row.get("opening") or {}
    candidates, index = row.get("candidates") or [], row.get("current_index") or 0
    start = (candidates[index].get("start") if 0 <= index < len(candidates) else None) or opening.get("start")
    try:
        return datetime.fromisoformat(start).astimezone(ZoneInfo(opening["time_zone"]))
    except (TypeError, ValueError, KeyError, ZoneInfoNotFoundError):
        return None


def _names_a_claiming_reply(text: str) -> bool:
    """Whether the text names a reply that books the slot, in the words ``classify_reply`` takes for a yes ("Reply
    YES", "Responde SÍ", "Reply Y", "text BOOK IT"); "Sure to love it" or "absolutely" alone ask for nothing."""
    words, joined = _reply_words(text)
    return bool(set(words) & (_YES_CORE - _YES_NOT_ASKED)) or any(p in joined for p in _YES_CORE_PHRASES)


def _too_late_text(first_name: str, service_name: str, start: datetime, *, taken: bool = True) -> str:
    """The polite SMS to a YES that came too late: the slot was taken, or the hold ran out. The spot is named by its
    date, never "today" as an offer may: the reply waits for a manager, who may approve it on a later day."""
    long, short = (TOO_LATE_REPLY, TOO_LATE_REPLY_SHORT) if taken else (HOLD_RAN_OUT_REPLY, HOLD_RAN_OUT_REPLY_SHORT)
    first_name = greeting_name(first_name) or "there"  # "Hi there" when the first-name field holds no name
    text = long.format(first_name=first_name, service=service_name, when=offline_drafts.when_phrase(start))
    return text if len(text) <= SMS_LIMIT else short.format(first_name=first_name[:40])[:SMS_LIMIT]
