"""The calendar-watch part of ``spa-copilot demo``: one poll, the planted conflicts alerted, one briefing DM."""

from __future__ import annotations

from collections.abc import Callable

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import StaffRole
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar


async def demo_calendar_watch(world: SandboxWorld, say: Callable[[str], None]) -> None:
    """Poll the sandbox spa once, show the conflicts found and the alerts posted, then one therapist's briefing."""
    copilot = world.copilot
    channel = copilot.settings.spa_front_desk_channel
    before = len(world.slack.messages(channel))
    results = await poll_calendar(copilot, full=True)
    catalog = await copilot.catalog()
    say(f"Polled {len(results)} locations: {sum(r.appointments_read for r in results)} appointments read.")

    rows = sorted(
        (
            row
            for location in catalog.locations
            for row in copilot.store.alerts(location_id=location.id, statuses=("open", "acknowledged", "snoozed"))
        ),
        key=lambda row: (row.day or "", (row.view or {}).get("startsAt", "")),
    )
    say(f"{len(rows)} conflicts found in today's and tomorrow's book:")
    for row in rows:
        view = row.view or {}
        say(f"  • {row.day} {view.get('title', row.kind)}: {view.get('detail', '')}")
    posted = world.slack.messages(channel)[before:]
    say(f"\n{len(posted)} alerts posted in {channel}; the first two as Slack shows them:\n")
    for message in posted[:2]:
        say(render_terminal(message))
        say("")

    location = catalog.locations[0]
    run = await send_morning_briefings(copilot, location.id)
    booked = [
        sid
        for sid in run.sent
        if (member := catalog.staff_member(sid)) is not None and member.role in (StaffRole.therapist, StaffRole.esthetician)
    ]
    say(f"Morning briefings at {location.name}: {len(run.sent)} sent, {len(run.unmatched)} unmatched.")
    for staff_id in booked:
        dm = world.slack.messages(world.slack_id(staff_id))
        if dm and "No guests" not in dm[-1].text + str(dm[-1].blocks):
            member = catalog.staff_member(staff_id)
            say(f"\n{member.display_name if member else staff_id}'s briefing DM:\n")
            say(render_terminal(dm[-1]))
            return

