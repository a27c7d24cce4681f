"""s50: `briefings.conflict_line`, the morning DM's line under a guest, names a booking at another location on its own
clock (its zone said where the clocks differ) and with its place; a line with no booking elsewhere is the engine's own,
word for word. Pure: briefings built by hand, no spa."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import briefings
from spa_copilot.domain import Location, Staff
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import ConflictKind

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
SOHO = Location(id="loc_soho", name="SoHo", time_zone="America/New_York")
VENICE = Location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
BROOKLYN = Location(id="loc_bk", name="Brooklyn", time_zone="America/New_York")
ANA = Staff(
    id="st_ana", location_id="loc_soho", first_name="Ana", last_name="Reyes", email="a@x.test", role="therapist"
)
DOUBLE = ConflictKind.staff_double_booked


def _guest(appointment_id: str, name: str, hour: int, *conflicts: engine.BookingConflict) -> engine.GuestBrief:
    start = datetime(2026, 11, 24, hour, tzinfo=NY)
    return engine.GuestBrief(
        appointment_id, f"cl_{name}", name, start, start + timedelta(hours=1), ("Massage",), conflicts=conflicts
    )


def _line(guest: engine.GuestBrief, others: tuple[engine.GuestBrief, ...], *away: briefings.AwayBooking) -> str:
    briefing = engine.TherapistBriefing(ANA, SOHO, date(2026, 11, 24), (guest, *others))
    if away:
        briefing = briefings.BriefingAcross(ANA, SOHO, date(2026, 11, 24), (guest, *others), crossing=away)
    return briefings.conflict_line(guest, briefing)


ARIA = briefings.AwayBooking("ap_v1", datetime(2026, 11, 24, 7, tzinfo=LA), VENICE, "Aria")
UNREAD = briefings.AwayBooking("ap_v1", datetime(2026, 11, 24, 7, tzinfo=LA), VENICE)
SAME_ZONE = briefings.AwayBooking("ap_b1", datetime(2026, 11, 24, 10, tzinfo=NY), BROOKLYN, "Noor")
LUCA = _guest("ap_2", "Luca", 10)


@pytest.mark.parametrize(
    ("overlaps", "alerted", "away", "expected"),
    [
        (("ap_v1",), True, [ARIA], "Overlaps Aria's 7:00am PST booking at Venice — the front desk has been alerted"),
        (("ap_v1",), False, [UNREAD], "Overlaps your 7:00am PST booking at Venice — please check with the front desk"),
        (
            ("ap_b1",),
            True,
            [SAME_ZONE],
            "Overlaps Noor's 10:00am booking at Brooklyn — the front desk has been alerted",
        ),
        (
            ("ap_2", "ap_v1"),
            True,
            [ARIA],
            "Overlaps Luca's 10:00am booking; overlaps Aria's 7:00am PST booking at Venice — the front desk has been alerted",
        ),
    ],
)
def test_a_booking_elsewhere_is_named_on_its_clock_with_its_place(
    overlaps: tuple[str, ...], alerted: bool, away: list[briefings.AwayBooking], expected: str
) -> None:
    guest = _guest("ap_1", "Wei", 9, engine.BookingConflict(DOUBLE, alerted, overlaps=overlaps))
    assert _line(guest, (LUCA,), *away) == expected


@pytest.mark.parametrize(
    "conflicts",
    [
        (engine.BookingConflict(DOUBLE, True, overlaps=("ap_2",)),),
        (
            engine.BookingConflict(DOUBLE, False, overlaps=("ap_gone",)),
            engine.BookingConflict(ConflictKind.outside_shift),
        ),
        (),
    ],
    ids=["same-site", "another-day", "none"],
)
def test_a_line_with_no_booking_elsewhere_is_the_engines_own(conflicts: tuple[engine.BookingConflict, ...]) -> None:
    guest = _guest("ap_1", "Wei", 9, *conflicts)
    briefing = engine.TherapistBriefing(ANA, SOHO, date(2026, 11, 24), (guest, LUCA))
    assert _line(guest, (LUCA,), ARIA) == engine.conflict_line(guest, briefing)
