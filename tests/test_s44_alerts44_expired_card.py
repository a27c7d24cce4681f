"""A clash nobody fixed whose day has passed is drawn as over, not as "Resolved" (probe44a L–M).

The store records such an alert expired; its card loses its buttons as a resolved one does, but says ":hourglass:
Over, not handled" (and its notification "(over, not handled)"), never "Resolved" or "(resolved)".
"""

from __future__ import annotations

from datetime import UTC, datetime

from spa_copilot import alerts
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import blocks, ids
from spa_copilot.store.db import AlertRow
from tests import test_s44_alerts44_unlisted_records as scene
from tests.test_s44_alerts44_unlisted_records import at, booking, harbor, statuses, the_card

open_world = scene.open_world  # the fixture: a world of Harbor NY after its first poll

VIEW = {
    "key": "k1",
    "kind": "staff_double_booked",
    "title": "Staff double-booked",
    "detail": "Pia is booked twice.",
    "fix": "Move the 3:30pm Swedish Massage 60 to Nico.",
    "severity": "critical",
    "startsAt": "2026-12-08T15:30:00-05:00",
    "endsAt": "2026-12-08T16:00:00-05:00",
    "timeZone": "America/New_York",
    "locationName": "Harbor NY",
    "appointmentIds": ["ap_1", "ap_2"],
}


def _row(**changes) -> AlertRow:
    fields = dict(
        key="k1",
        kind="staff_double_booked",
        location_id="loc_a",
        day="2026-12-08",
        fingerprint="f",
        status="expired",
        channel="C1",
        ts="1.0",
        snoozed_until=None,
        acknowledged_by=None,
        handled_at=None,
        grouped=False,
        view=VIEW,
        created_at="2026-12-08T14:00:00+00:00",
        updated_at="2026-12-09T06:00:00+00:00",
    )
    return AlertRow(**(fields | changes))


def test_an_expired_card_says_over_not_handled_without_buttons() -> None:
    message = blocks.conflict_alert_message(alerts.conflict_view(VIEW, status=alerts.EXPIRED))
    drawn = str(message.blocks)
    assert "Over, not handled" in drawn
    assert "Resolved" not in drawn and "(resolved)" not in message.text
    assert message.text.endswith("(over, not handled)")
    assert ids.ACK_CONFLICT not in drawn and ids.SNOOZE_CONFLICT not in drawn
    assert "Move the 3:30pm" not in drawn  # no fix for a time gone by


def test_an_expired_card_someone_acknowledged_says_who() -> None:
    row = _row(acknowledged_by="U0DESK1", handled_at=datetime(2026, 12, 8, 14, 0, tzinfo=UTC).isoformat())
    message = blocks.conflict_alert_message(alerts.conflict_view(VIEW, row=row))
    drawn = str(message.blocks)
    assert "Over, not resolved (acknowledged by <@U0DESK1> at 9:00am)" in drawn
    assert "Resolved" not in drawn and message.text.endswith("(over, not resolved)")


async def test_a_clash_nobody_fixed_is_over_not_resolved_the_next_day(open_world) -> None:
    world = await open_world(
        harbor(
            booking("ap_1", at(15), 60, "st_pia", ["rs_2"], "sv_swedish"),
            booking("ap_2", at(15, 30), 60, "st_pia", ["rs_1"], "sv_swedish", client="cl_2"),  # Pia twice at 3:30pm
        )
    )
    assert "Staff double-booked" in the_card(world)
    clock = world.copilot.clock
    clock.advance(hours=16)  # Wednesday, 1:00am: nobody touched it
    await poll_calendar(world.copilot)
    assert statuses(world) == ["expired"]
    card = the_card(world)
    assert "Over, not handled" in card
    assert "Resolved" not in card and "(resolved)" not in card
    assert ids.ACK_CONFLICT not in card
