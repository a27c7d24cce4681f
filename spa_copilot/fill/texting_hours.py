"""Texting hours (``TEXT_SEND_HOURS`` on the location's clock): when texting next opens, whether an
approved text must wait, whether a text approved now would promise a hold the slot cannot give
(``too_late_for_a_text``), the approved texts waiting for the hours (found, claimed so no re-drive sends them,
counted for ``/spa status``) and how the card words the hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from spa_copilot.copilot import Copilot
from spa_copilot.domain import said_clock
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_REPLY, OUTBOX_SMS, SEND_AFTER
from spa_copilot.slack import blocks

if TYPE_CHECKING:
    from spa_copilot.store.db import OutboxItem

#: An approval outside ``TEXT_SEND_HOURS`` at the location: the card's decision line goes on with this.
#: After the approval's time, which the card labels with the location ("Approved by @Maya at 4:15am Juniper & Salt
#: Venice time — goes out at 8:00am (texts are sent 8:00am–9:00pm)"): both times are the location's.
DEFERRED_TEXT = "goes out {when} (texts are sent {window})"
DEFERRED_SENT_TEXT = blocks.WENT_OUT + "{at} (texts are sent {window})"


def waiting_texts_line(copilot: Copilot) -> str:
    """``2 texts wait for texting hours: the first goes out at 8:00am Juniper & Salt SoHo time``, or "" when no
    approved text waits for them (for ``/spa status`` and the App Home)."""
    now = copilot.now()
    waiting: list[tuple[datetime, Mapping[str, Any]]] = []
    for item in copilot.store.pending_outbox():
        if item.kind not in (OUTBOX_SMS, OUTBOX_REPLY) or not _text_waits(copilot, item.payload):
            continue
        row = copilot.store.fill_proposal(item.payload.get("proposal_id") or "")
        if row is None:
            continue
        tz = ZoneInfo(row["opening"]["time_zone"])
        after = item.payload.get(SEND_AFTER)
        goes = datetime.fromisoformat(after) if after and now < datetime.fromisoformat(after) else None
        goes = goes or text_opens_at(now, tz, copilot.settings.text_send_window) or now
        waiting.append((goes, row))
    if not waiting:
        return ""
    goes, row = min(waiting, key=lambda pair: pair[0])
    when = f"{_when_opens(now, goes, ZoneInfo(row['opening']['time_zone']))} {_place(row)} time"
    if len(waiting) == 1:
        return f"1 text waits for texting hours: it goes out {when}"
    return f"{len(waiting)} texts wait for texting hours: the first goes out {when}"


def too_late_for_a_text(slot_start: datetime, now: datetime, hold_minutes: int, opens: datetime | None) -> bool:
    """Whether a text approved ``now`` would promise a hold the slot cannot give: it goes out now (``opens`` None:
    within TEXT_SEND_HOURS) or when texting opens, and its ``hold_minutes`` hold would still run when the slot
    starts. Approve refuses such a text (``approve_fill``), a text waiting to go out is not sent
    (``_hold_past_the_slot``), and a card for such a slot offers no Approve (``_too_soon_reason``)."""
    return slot_start < (opens or now) + timedelta(minutes=hold_minutes)


def text_opens_at(now: datetime, tz: ZoneInfo, window: tuple[int, int]) -> datetime | None:
    """None when a text may reach a guest at ``now`` at a location in ``tz`` (``window``: TEXT_SEND_HOURS as minutes
    of the location's wall-clock day); else when the window next opens there (in UTC; a DST change on the way is
    the zone's to apply, so 8:00am stays 8:00am)."""
    start, end = window
    local = now.astimezone(tz)
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1_000_000
    if start * 60 <= seconds < end * 60:
        return None
    day = local.date() if seconds < start * 60 else local.date() + timedelta(days=1)
    return _texting_opens_on(day, tz, start).astimezone(UTC)


def _texting_opens_on(day: date, tz: ZoneInfo, start: int) -> datetime:
    """The moment texting opens on ``day`` at a location in ``tz`` (``start``: TEXT_SEND_HOURS' start, minutes)."""
    return datetime.combine(day, time(start // 60, start % 60), tzinfo=tz)


def _text_waits(copilot: Copilot, payload: Mapping[str, Any]) -> bool:
    """Whether an approved text must wait: before the moment its approval deferred it to, or (whatever it was
    approved at, e.g. re-driven after an outage) outside TEXT_SEND_HOURS at its location now."""
    now = copilot.now()
    if (after := payload.get(SEND_AFTER)) and now < datetime.fromisoformat(after):
        return True
    row = copilot.store.fill_proposal(payload.get("proposal_id") or "")
    if row is None:
        return False
    tz = ZoneInfo(row["opening"]["time_zone"])
    return text_opens_at(now, tz, copilot.settings.text_send_window) is not None


def _window_words(copilot: Copilot) -> str:
    """TEXT_SEND_HOURS as the card says them: ``8:00am–9:00pm``, ``12:00am–midnight``."""
    return "–".join(said_clock(hh_mm) for hh_mm in copilot.settings.text_send_hours.split("-"))


def _place(row: Mapping[str, Any]) -> str:
    return row["opening"].get("location_name") or row["opening"]["time_zone"]


def _when_opens(now: datetime, opens: datetime, tz: ZoneInfo) -> str:
    """``at 8:00am``, or ``tomorrow at 8:00am`` when texting opens on the next local day."""
    day = "tomorrow " if opens.astimezone(tz).date() != now.astimezone(tz).date() else ""
    return f"{day}at {blocks.clock(opens, str(tz))}"


def _claim_waiting(copilot: Copilot, key: str) -> OutboxItem | None:
    """The text ``key`` (an offer's or a reply's), claimed (so no re-drive can send it now) when it waits for texting
    hours and was never tried; None otherwise (sent, being sent, tried before, due now, or claimed by someone else)."""
    item = _waiting_text(copilot, key)
    if item is None or item.attempts:
        return None
    if not copilot.store.claim_outbox(item.key, now=copilot.now(), lease=OUTBOX_LEASE):
        return None
    return item


def _held_for_texting_hours(copilot: Copilot, offer: Mapping[str, Any]) -> OutboxItem | None:
    """The offer's approved text while TEXT_SEND_HOURS hold it back (pending, not due yet), else None. Never tried
    (``attempts`` 0): it has not reached the guest. Tried before (its confirmation perhaps lost): it may have."""
    return _waiting_text(copilot, offer["outbox_key"]) if offer.get("outbox_key") else None


def _waiting_text(copilot: Copilot, key: str) -> OutboxItem | None:
    """The outbox item ``key`` while it is pending and TEXT_SEND_HOURS hold it back (not due yet), else None."""
    item = copilot.store.outbox_item(key)
    return item if item is not None and item.status == "pending" and _text_waits(copilot, item.payload) else None
