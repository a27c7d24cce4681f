"""A conflict line says a booking's double bookings together, before its other clauses (probe52b F7): before, "Overlaps
Adeline's 2:00pm booking; this service needs the hot stone skill; overlaps Sophia's 3:15pm booking". Pure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from spa_copilot import briefings
from spa_copilot.domain import Location, Staff
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import ConflictKind

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
SOHO = Location(id="loc_soho", name="SoHo", time_zone="America/New_York")
VENICE = Location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
ANA = Staff(id="st_ana", location_id="loc_soho", first_name="Ana", last_name="Reyes", email="a@x.test", role="therapist")
DOUBLE, SKILL = ConflictKind.staff_double_booked, ConflictKind.missing_skill


def _guest(appointment_id: str, name: str, hour: int, minute: int = 0, *conflicts: engine.BookingConflict) -> engine.GuestBrief:
    start = datetime(2026, 11, 24, hour, minute, tzinfo=NY)
    return engine.GuestBrief(appointment_id, f"cl_{name}", name, start, start + timedelta(hours=2), ("Massage",),
                             conflicts=conflicts)


ADELINE, SOPHIA = _guest("ap_2", "Adeline", 14), _guest("ap_3", "Sophia", 15, 15)
FOUND = (
    engine.BookingConflict(DOUBLE, True, overlaps=("ap_2",)),
    engine.BookingConflict(SKILL, True, needs="the hot stone skill"),
    engine.BookingConflict(DOUBLE, True, overlaps=("ap_3",)),
)


def test_the_overlaps_are_said_together_before_the_skill() -> None:
    """Guards F7 in the engine's line (morning DM and prep DM)."""
    guest = _guest("ap_1", "Wei", 13, 30, *FOUND)
    briefing = engine.TherapistBriefing(ANA, SOHO, date(2026, 11, 24), (guest, ADELINE, SOPHIA))
    assert engine.conflict_line(guest, briefing) == (
        "Overlaps Adeline's 2:00pm and Sophia's 3:15pm bookings; this service needs the hot stone skill"
        " — the front desk has been alerted"
    )


def test_a_booking_elsewhere_is_said_beside_the_overlaps_here_not_after_the_skill() -> None:
    """Guards F7 where one overlap is at another location (``briefings.booking_conflict_line``)."""
    aria = briefings.AwayBooking("ap_v1", datetime(2026, 11, 24, 11, tzinfo=LA), VENICE, "Aria")
    guest = _guest("ap_1", "Wei", 13, 30, *FOUND[:2], engine.BookingConflict(DOUBLE, True, overlaps=("ap_v1",)))
    briefing = briefings.BriefingAcross(ANA, SOHO, date(2026, 11, 24), (guest, ADELINE), crossing=(aria,))
    assert briefings.conflict_line(guest, briefing) == (
        "Overlaps Adeline's 2:00pm booking; overlaps Aria's 11:00am PST booking at Venice; this service needs the hot"
        " stone skill — the front desk has been alerted"
    )
