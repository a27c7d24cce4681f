"""The demo's fill act chooses a cancellation whose freed time a waitlisted guest can take (``choose_openings``), so
the showcase fills the slot it opened; at 20:30 UTC it used to pick one whose guests all needed another therapist."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from spa_copilot.demo import demo_settings
from spa_copilot.demo_fill import choose_openings, fills_its_opening, pick_openings
from spa_copilot.engines.fill_ranking import Candidate
from spa_copilot.sandbox.world import sandbox_world
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
    """Guards the honest fallback (a fix that dropped every booking no guest fills would skip the act): with none that
    fills, the one with most guests is still shown; with nobody offerable, none."""
    few = appointment(at(DAY, "09:00"), id="ap_few")
    many = appointment(at(DAY, "11:00"), id="ap_many")
    nobody = appointment(at(DAY, "08:00"), id="ap_nobody")
    assert choose_openings([(few, [guest(1, freed=False)]), (many, [guest(2, freed=False), guest(3, freed=False)]),
                            (nobody, [])]) == [many]
    assert choose_openings([(nobody, [])]) == []


async def test_at_8_30pm_utc_the_demo_world_s_chosen_cancellation_is_one_a_waiting_guest_fills(tmp_path: Path) -> None:
    """Guards the wiring (pick_openings through choose_openings) on the demo's own spa at the hour the probe found:
    it chose Skylar G.'s facial with Grace, whose guests all needed another therapist (her hour left empty)."""
    settings = demo_settings()[0].model_copy(update={"spa_db_path": tmp_path / "x.db"})
    start = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    async with sandbox_world(settings, clock=lambda: start) as world:
        [target] = pick_openings(world)
        assert fills_its_opening(world, target), target.id
