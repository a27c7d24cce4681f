"""Who may be offered a slot now: the daily cap (offers counted on the day their text reaches the
guest, an open offer counting as capped) and one offer at a time (a guest drafted on another card still waiting for
a manager comes after everyone else).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from spa_copilot.copilot import Copilot
from spa_copilot.domain import local_day_bounds
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.fill._common import PENDING
from spa_copilot.fill.texting_hours import text_opens_at
from spa_copilot.slack import blocks


def _drafted_elsewhere(copilot: Copilot, slot: OpenSlot) -> dict[str, str]:
    """Guests drafted on another card still waiting for a manager, and which: ``drafted on the 12:00pm Swedish
    Massage 60 card: one offer at a time`` (the day too when it is another). Approving either text caps the guest for
    the other (``_offers_counted``), so the ranking lists them after everyone else, where the manager sees why;
    Approve's own cap check still decides."""
    now = copilot.now()
    drafted: dict[str, str] = {}
    for row in copilot.store.fill_proposals(statuses=[PENDING]):
        opening = row["opening"]
        if row["kind"] != "fill" or not row["candidates"] or opening.get("appointment_id") == slot.appointment_id:
            continue
        start = datetime.fromisoformat(opening["start"])
        if start <= now:
            continue
        local = start.astimezone(ZoneInfo(opening["time_zone"])).date()
        day = "" if local == slot.start.astimezone(slot.tz).date() else f"{blocks.day_label(local)} "
        with_whom = f" (with {opening['staff_name']})" if opening.get("staff_name") else ""
        where = f"drafted on the {day}{blocks.clock(start, opening['time_zone'])} {opening['service_name']} card{with_whom}"
        drafted.setdefault(row["candidates"][row["current_index"]]["client_id"], f"{where}: one offer at a time")
    return drafted


def _offers_counted(copilot: Copilot, *, since: datetime) -> dict[str, int]:
    """Offers per client since ``since`` against the daily cap; a client still holding an open offer counts as
    capped whatever the cap, so nobody has two offers to answer at once (a YES names no slot). ``since`` is a local
    midnight; offers approved after texting closed the evening before count too: their text went out this morning."""
    _, closes = copilot.settings.text_send_window
    counts = copilot.store.fill_offer_counts(since=since - timedelta(minutes=24 * 60 - closes))
    for client_id in copilot.store.clients_with_open_offers(now=copilot.now()):
        counts[client_id] = max(counts.get(client_id, 0), copilot.settings.offer_daily_cap)
    return counts


def _cap_day_start(copilot: Copilot, tz: ZoneInfo) -> datetime:
    """The local midnight starting the daily cap's day for a text approved now: the day it reaches the guest, i.e.
    the day texting next opens when ``TEXT_SEND_HOURS`` are closed (a 9:30pm Approve is texted, and counted,
    tomorrow; ``_offers_counted`` adds the offers approved after texting closed the evening before)."""
    now = copilot.now()
    opens = text_opens_at(now, tz, copilot.settings.text_send_window)
    day_start, _ = local_day_bounds((opens or now).astimezone(tz).date(), tz)
    return day_start


def _is_drafted_elsewhere_reason(reason: str) -> bool:
    """A candidate's reason saying they are the drafted guest of another card (``_drafted_elsewhere``'s words)."""
    return reason.startswith("drafted on the ") and reason.endswith(": one offer at a time")
