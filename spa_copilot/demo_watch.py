"""The calendar-watch part of ``spa-copilot demo``: one poll, the planted conflicts alerted, one briefing DM."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta

from spa_copilot.alerts import location_conflicts
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Location, StaffRole, plural
from spa_copilot.engines.conflicts import Conflict
from spa_copilot.sandbox.slack_api import PostedMessage, render_terminal
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack.blocks import clock, day_label
from spa_copilot.store.db import AlertRow
from spa_copilot.world import default_day


def briefing_moment(settings_time: str, location: Location, now: datetime) -> datetime:
    """When the briefing shown is due: today's briefing time at the location, or tomorrow's once today's book is
    over (after the location closes, or 21:00 when its hours are not known): the DM a therapist would get next."""
    local = now.astimezone(location.tz)
    hours = (location.opening_hours or {}).get(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local.weekday()])
    closes = time.fromisoformat(hours[1]) if hours and len(hours) == 2 else time(21, 0)
    day = local.date() + timedelta(days=1 if local.time() >= closes else 0)
    at = time.fromisoformat(settings_time)
    return max(datetime.combine(day, at, tzinfo=location.tz), now)


async def demo_calendar_watch(world: SandboxWorld, say: Callable[[str], None]) -> None:
    """Poll the sandbox spa once, show the conflicts found and the alerts posted, then one therapist's briefing."""
    copilot = world.copilot
    channel = copilot.settings.spa_front_desk_channel
    before = len(world.slack.messages(channel))
    results = await poll_calendar(copilot, full=True)
    catalog = await copilot.catalog()
    now = copilot.now()
    say(f"Polled {plural(len(results), 'location')}: {plural(sum(r.appointments_read for r in results), 'appointment')} read.")

    rows = in_time_order(
        row
        for location in catalog.locations
        for row in copilot.store.alerts(location_id=location.id, statuses=("open", "acknowledged", "snoozed"))
    )
    say(f"{plural(len(rows), 'conflict')} found in today's and tomorrow's book:")
    for row in rows:
        view = row.view or {}
        where = f" at {view['locationName']}" if view.get("locationName") else ""
        day = day_label(date.fromisoformat(row.day)) if row.day else "no day"  # "Wed 25 Nov", as the list below says
        say(f"  • {day}{where} — {view.get('title', row.kind)}: {view.get('detail', '')}")
    await _left_out(world, say, {row.key for row in rows}, now)

    summaries = _bursts(world, rows, say)

    posted = world.slack.messages(channel)[before:]
    first = first_messages(rows, posted, 2)
    shown = len(first)
    said = f" ({summaries} of them {'a summary' if summaries == 1 else 'summaries'})" if summaries else ""
    say(f"\n{plural(len(posted), 'alert')} posted in {channel}{said}"
        + (f"; the first {'two' if shown == 2 else 'one'} in the order of the list above, as Slack shows {'them' if shown == 2 else 'it'}:\n"
           if shown else "."))
    for message in first:
        say(render_terminal(message))
        say("")

    location = catalog.locations[0]
    due = briefing_moment(copilot.settings.briefing_time, location, now)
    run = await send_morning_briefings(copilot, location.id, now=due)
    booked = [
        sid
        for sid in run.sent
        if (member := catalog.staff_member(sid)) is not None and member.role in (StaffRole.therapist, StaffRole.esthetician)
    ]
    local_now, local_due = now.astimezone(location.tz), due.astimezone(location.tz)
    when = "today" if local_due.date() == local_now.date() else "tomorrow"
    # "7:30am", as every other time the demo shows; BRIEFING_TIME is written "07:30"
    at = datetime.combine(local_due.date(), time.fromisoformat(copilot.settings.briefing_time), tzinfo=location.tz)
    say(f"Briefings at {location.name} for {when}, {day_label(local_due.date())}: the DM each therapist gets at "
        f"{clock(at, location.time_zone)}, sent now for the demo (it is {clock(now, location.time_zone)} there). "
        f"{len(run.sent)} sent, {len(run.unmatched)} unmatched.")
    for staff_id in booked:
        dm = world.slack.messages(world.slack_id(staff_id))
        if dm and "No guests" not in dm[-1].text + str(dm[-1].blocks):
            member = catalog.staff_member(staff_id)
            say(f"\n{member.display_name if member else staff_id}'s briefing DM:\n")
            say(render_terminal(dm[-1]))
            return


def in_time_order(rows: Iterable[AlertRow]) -> list[AlertRow]:
    """Alerts by their day (each location's own, as the list says it), then in the order their conflicts start on one
    clock for every location (an ISO ``startsAt`` string sorts by each location's wall clock: Venice's 5:00pm before
    SoHo's 6:15pm, three hours after it), then by key; one without a start last of its day."""
    def key(row: AlertRow) -> tuple[str, float, str]:
        starts = (row.view or {}).get("startsAt")
        return (row.day or "", datetime.fromisoformat(starts).timestamp() if starts else float("inf"), row.key)

    return sorted(rows, key=key)


def first_messages(rows: Sequence[AlertRow], posted: Sequence[PostedMessage], limit: int) -> list[PostedMessage]:
    """The messages posted for the first of ``rows``, in their order, each once (conflicts in one summary share
    its message), at most ``limit``: what the demo shows as "the first two in the order of the list above"."""
    by_ts = {message.ts: message for message in posted}
    found: list[PostedMessage] = []
    for row in rows:
        message = by_ts.get(row.ts or "")
        if message is not None and message not in found:
            found.append(message)
            if len(found) == limit:
                break
    return found


def _bursts(world: SandboxWorld, rows: list[AlertRow], say: Callable[[str], None]) -> int:
    """Says which conflicts went into a summary rather than an alert each (more than ``ALERT_BURST_THRESHOLD`` new
    at once at a location: one summary message per day with several, ``alerts.burst_split``), so "9 conflicts found" and "4 alerts posted" add up;
    returns how many summary messages there are."""
    threshold = world.copilot.settings.alert_burst_threshold
    names = {location.id: location.name for location in world.data.locations}
    by_location: dict[str, list[AlertRow]] = defaultdict(list)
    for row in rows:
        if row.grouped:
            by_location[names.get(row.location_id or "", row.location_id or "the spa")].append(row)
    for name, members in sorted(by_location.items()):
        messages = len({(row.channel, row.ts) for row in members})
        # in a manager's words: the setting's name (ALERT_BURST_THRESHOLD) is the README's, not the demo's
        say(f"More than {plural(threshold, 'new conflict')} at once at {name}: so as not to flood the channel, its "
            f"{plural(len(members), 'conflict')} went into one summary message per day "
            f"({plural(messages, 'summary', 'summaries')}) rather than an alert each.")
    return sum(len({(row.channel, row.ts) for row in members}) for members in by_location.values())


async def _left_out(world: SandboxWorld, say: Callable[[str], None], alerted: set[str], now: datetime) -> None:
    """The clashes in today's and tomorrow's book that have no alert, and why: over already (an alert is for a
    clash that can still be fixed, so the front desk is not paged about one that has ended)."""
    copilot = world.copilot
    catalog = await copilot.catalog()
    seen: dict[str, tuple[Location, Conflict]] = {}
    for location in catalog.locations:
        today = default_day(copilot.settings, location, now=now)
        read = await location_conflicts(copilot, catalog, location, [today, today + timedelta(days=1)])
        for conflict in read.conflicts:
            if conflict.key not in alerted:
                seen.setdefault(conflict.key, (location, conflict))
    if not seen:
        return
    over = sorted(((loc, c) for loc, c in seen.values() if c.end <= now), key=lambda pair: pair[1].start)
    other = sorted(((loc, c) for loc, c in seen.values() if c.end > now), key=lambda pair: pair[1].start)
    if over:
        say(f"Not alerted: {plural(len(over), 'clash', 'clashes')} in the book already over (an alert is posted "
            "only while a clash can still be fixed):")
        for location, conflict in over:
            say(f"  • {_when(conflict, location)} at {location.name} — {conflict.title}")
    if other:
        say(f"Not alerted ({plural(len(other), 'clash', 'clashes')} the alert rules leave to the next check):")
        for location, conflict in other:
            say(f"  • {_when(conflict, location)} at {location.name} — {conflict.title}")


def _when(conflict: Conflict, location: Location) -> str:
    start = conflict.start.astimezone(location.tz)
    return f"{day_label(start.date())} {clock(conflict.start, location.time_zone)}–{clock(conflict.end, location.time_zone)}"
