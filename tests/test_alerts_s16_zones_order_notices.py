"""A conflict card's click times read on the card's location's clock, named as the fill card names it ("until 7:00am
Juniper & Salt Venice time") when the spa's zones read different clocks; a burst summary redrawn keeps the time
order it was first drawn in; the notification of a conflict card (and of a fill card) says what, when and where."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from spa_copilot import alerts
from spa_copilot.domain import day_label
from spa_copilot.engines.conflicts import Conflict, ConflictKind
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ConflictState, ConflictView

from .conftest import DAY, NOW
from .texting_hours import card_view

LA, NY = "America/Los_Angeles", "America/New_York"
VENICE = "Juniper &amp; Salt Venice"
SATURDAY = datetime(2026, 10, 31, 19, tzinfo=UTC)  # 12:00pm in Venice, the day before the clocks go back


def venice_card(state: ConflictState = ConflictState.open, **changes: object) -> ConflictView:
    view = ConflictView(
        conflict_id="k1", kind="outsideShift", title="Outside shift", detail="Swedish Massage 12:00pm (Ava S.) …",
        severity="warning", starts_at=SATURDAY, time_zone=LA, appointment_ids=("ap_v1",),
        location_name="Juniper & Salt Venice", state=state, handled_by="U0DESK",
    )
    return replace(view, **changes)  # type: ignore[arg-type]


def shown(message: blocks.SlackMessage) -> str:
    return json.dumps(message.to_kwargs()["blocks"], ensure_ascii=False)


def test_a_click_time_on_a_card_is_named_with_its_location_when_the_spas_clocks_differ() -> None:
    at = datetime(2026, 12, 5, 13, tzinfo=UTC)  # 8:00am in SoHo, 5:00am in Venice
    snoozed = venice_card(ConflictState.snoozed, handled_at=at, snoozed_until=at + timedelta(hours=1))
    acked = venice_card(ConflictState.acknowledged, handled_at=at)
    resolved = venice_card(ConflictState.resolved, handled_at=at, handled_by=None)
    both = (NY, LA)
    assert f"Snoozed by <@U0DESK> until 6:00am {VENICE} time" in shown(blocks.conflict_alert_message(snoozed, zones=both))
    assert f"Acknowledged by <@U0DESK> at 5:00am {VENICE} time" in shown(blocks.conflict_alert_message(acked, zones=both))
    assert f"Resolved at 5:00am {VENICE} time" in shown(blocks.conflict_alert_message(resolved, zones=both))
    again = blocks.conflict_already_handled_message(acked, zones=both).text
    assert again == f":white_check_mark: Acknowledged by <@U0DESK> at 5:00am {VENICE} time. Nothing changed."
    # a spa of one zone: plain, as every time within one zone is
    assert "until 6:00am\"" in shown(blocks.conflict_alert_message(snoozed, zones=(LA,)))
    # a clash across zones, whose times carry their abbreviations: so does the click's
    across = replace(snoozed, zones_labelled=True, location_name="Juniper & Salt SoHo and Juniper & Salt Venice")
    assert "until 6:00am PST\"" in shown(blocks.conflict_alert_message(across, zones=both))
    # the hour the clocks read twice carries its zone already: no name after it
    night = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)  # 1:30am PDT in Venice
    assert "at 1:30am PDT\"" in shown(blocks.conflict_alert_message(replace(acked, handled_at=night), zones=both))


async def test_a_desk_in_soho_snoozing_a_venice_card_reads_the_time_as_venices(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    copilot = world.copilot
    row = next(r for r in copilot.store.alerts(location_id="loc_venice") if "ap_p03" in (r.view or {})["appointmentIds"])
    outcome = await alerts.snooze_alert(copilot, row.key, user_id=FRONT_DESK_USER)  # at 14:00 UTC: 6:00am in Venice
    assert outcome.message is not None and f"until 7:00am {VENICE} time" in shown(outcome.message)
    card = world.slack.message(row.channel, row.ts)  # type: ignore[arg-type]
    assert card is not None and f"until 7:00am {VENICE} time" in json.dumps(card.blocks, ensure_ascii=False)
    await world.admin("POST", "/sandbox/appointments/ap_p03/cancel", json={"reason": "test"})
    await poll_calendar(copilot)
    card = world.slack.message(row.channel, row.ts)  # type: ignore[arg-type]
    assert card is not None and f"Resolved at 6:00am {VENICE} time" in json.dumps(card.blocks, ensure_ascii=False)


async def test_a_click_before_the_spa_is_read_again_still_names_the_card_s_clock(world: SandboxWorld) -> None:
    """A restarted copilot keeps its alerts in the store; a click before its first poll reads the spa's locations
    for the label instead of showing Venice's time as if it were the desk's."""
    await poll_calendar(world.copilot)
    copilot = world.copilot
    row = next(r for r in copilot.store.alerts(location_id="loc_venice") if "ap_p03" in (r.view or {})["appointmentIds"])
    copilot._catalog = None  # as after a restart: nothing read yet
    outcome = await alerts.acknowledge_alert(copilot, row.key, user_id=FRONT_DESK_USER)
    assert outcome.message is not None and f"at 6:00am {VENICE} time" in shown(outcome.message)


def clash(minutes: int, n: int) -> Conflict:
    start = datetime(DAY.year, DAY.month, DAY.day, 15, tzinfo=UTC) + timedelta(minutes=minutes)
    return Conflict(ConflictKind.staff_double_booked, (f"ap_{n}a", f"ap_{n}b"), (f"st_{n}",), (), start,
                    start + timedelta(hours=1), "two at once", "move one")


def _times(message_text: str) -> list[str]:
    return re.findall(r":(?:warning|rotating_light): \*(\d+:\d+[ap]m) ", message_text)


async def test_a_redrawn_summary_keeps_its_time_order(world: SandboxWorld) -> None:
    copilot = world.copilot
    location = (await copilot.catalog()).locations[0]
    found = [clash(15 * n, n) for n in range(6)]  # 10:00am … 11:15am in SoHo
    assert sorted(c.key for c in found) != [c.key for c in found]  # the store's order (by key) is another
    copilot.settings = copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    days = [DAY, DAY + timedelta(days=1)]
    report = await alerts.reconcile(copilot, location, found, days=days, now=NOW)
    assert report.summaries == 1
    [summary] = world.slack.messages(copilot.settings.spa_front_desk_channel)
    first = _times(json.dumps(summary.blocks))
    assert first == ["10:00am", "10:15am", "10:30am", "10:45am", "11:00am", "11:15am"]
    await alerts.reconcile(copilot, location, found[1:], days=days, now=NOW + timedelta(minutes=5))  # one fixed
    redrawn = world.slack.message(summary.channel, summary.ts)
    assert redrawn is not None and _times(json.dumps(redrawn.blocks)) == first[1:]


def test_a_conflict_cards_notification_says_what_when_and_where() -> None:
    card = blocks.conflict_alert_message(venice_card(), zones=(NY, LA))
    assert card.text == f"Conflict: Outside shift, Sat 31 Oct 12:00pm at {VENICE}"  # no guest, no id
    gone = blocks.conflict_alert_message(venice_card(ConflictState.resolved, handled_at=SATURDAY))
    assert gone.text == f"Conflict: Outside shift, Sat 31 Oct 12:00pm at {VENICE} (resolved)"
    across = venice_card(zones_labelled=True, location_name="Juniper & Salt SoHo and Juniper & Salt Venice")
    assert blocks.conflict_alert_message(across).text == (
        "Conflict: Outside shift, Sat 31 Oct 12:00pm PDT at Juniper &amp; Salt SoHo and Juniper &amp; Salt Venice")


def test_a_fill_cards_notification_gives_the_day_unless_today_and_the_location_when_the_spa_has_several() -> None:
    view = card_view()  # the 11:00am Swedish 60 at Juniper & Salt SoHo, offered to Jane
    slot_day = view.opening.start.astimezone(ZoneInfo(NY)).date()
    text = blocks.fill_proposal_message(view, today=slot_day, several_locations=True).text
    assert text == "Fill proposal: 11:00am Swedish 60 at Juniper &amp; Salt SoHo for Jane"
    other_day = blocks.fill_proposal_message(view, today=slot_day - timedelta(days=1)).text
    assert other_day == f"Fill proposal: {day_label(slot_day)} 11:00am Swedish 60 for Jane"
    # not told which day it is at the location: the day, which is never wrong
    assert blocks.fill_proposal_message(view).text.startswith(f"Fill proposal: {day_label(slot_day)} 11:00am")
