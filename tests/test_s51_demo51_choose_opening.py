"""The demo's fill act chooses a cancellation whose freed time a waitlisted guest can take (``choose_openings``), so
the showcase fills the slot it opened; at 20:30 UTC it used to pick one whose guests all needed another therapist."""

from __future__ import annotations

from datetime import date

from spa_copilot.demo_fill import choose_openings
from spa_copilot.engines.fill_ranking import Candidate
from tests.builders import appointment, at

DAY = date(2026, 12, 8)


def guest(n: int, *, freed: bool) -> Candidate:
    start = at(DAY, "09:00")
    return Candidate(
        entry_id=f"wl_{n}", client_id=f"cl_{n}", first_name="Wyatt", service_id="sv_1", staff_id="st_1",
        resource_ids=(), start=start, end=start, score=1.0, reasons=(), waiting_since=start,
        with_freed_therapist=freed,
    )


def test_a_booking_a_guest_can_take_in_its_own_freed_time_wins_over_one_with_more_guests_for_other_therapists() -> None:
    """Guards the 20:30 UTC demo: more candidates, all booked with another therapist, no longer outrank one who fills."""
    elsewhere = appointment(at(DAY, "09:00"), id="ap_elsewhere")
    fills = appointment(at(DAY, "09:15"), id="ap_fills")
    found = [(elsewhere, [guest(1, freed=False), guest(2, freed=False)]), (fills, [guest(3, freed=True)])]
    assert choose_openings(found) == [fills]
    assert choose_openings(reversed(found), limit=2) == [fills, elsewhere]


def test_with_nobody_for_the_freed_time_the_booking_with_most_guests_is_still_chosen_and_none_for_nobody() -> None:
    """Guards the honest fallback: no booking that fills still leaves the demo one to show; none offerable, none."""
    few = appointment(at(DAY, "09:00"), id="ap_few")
    many = appointment(at(DAY, "11:00"), id="ap_many")
    nobody = appointment(at(DAY, "08:00"), id="ap_nobody")
    assert choose_openings([(few, [guest(1, freed=False)]), (many, [guest(2, freed=False), guest(3, freed=False)]),
                            (nobody, [])]) == [many]
    assert choose_openings([(nobody, [])]) == []


def test_ties_go_to_the_soonest_then_the_id_whatever_order_they_come_in() -> None:
    """Guards the deterministic choice: equal bookings are ordered by start then id, not by the order listed."""
    later = appointment(at(DAY, "10:00"), id="ap_a")
    soon_b = appointment(at(DAY, "09:00"), id="ap_b")
    soon_c = appointment(at(DAY, "09:00"), id="ap_c")
    rows = [(later, [guest(1, freed=True)]), (soon_c, [guest(2, freed=True)]), (soon_b, [guest(3, freed=True)])]
    assert choose_openings(rows, limit=3) == [soon_b, soon_c, later]
    assert choose_openings(list(reversed(rows)), limit=3) == [soon_b, soon_c, later]
