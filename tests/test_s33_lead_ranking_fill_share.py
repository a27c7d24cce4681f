"""A shorter booking's service match counts for the part of the opening it fills (5 December).

A black-box review's card: for a freed 75-minute Hot Stone, a 25-minute Express Neck & Shoulders ("takes 25 of the
75 minutes", $65) was ranked above a 60-minute Swedish ($130) only because its guest had waited longer: both were "a
shorter massage service" and scored the same for the service, so a manager approving the top draft left 50 minutes
unsold where 15 could have been. Now the service match is weighed by the share of the opening the booking takes."""

from __future__ import annotations

from tests.test_fill_ranking import entry
from tests.test_fill_ranking_freed_slot import MENU, rank


def test_the_booking_that_fills_more_of_the_opening_comes_first_among_shorter_ones() -> None:
    waiting = [
        entry("wl_express", "cl_1", ["sv_express_25"], waited_days=10),  # waited longer: ranked first before
        entry("wl_swedish", "cl_2", ["sv_swedish_45"], waited_days=1),
    ]
    ranking = rank(waiting, services=MENU)
    assert [c.entry_id for c in ranking.candidates] == ["wl_swedish", "wl_express"], ranking.candidates
    express = next(c for c in ranking.candidates if c.entry_id == "wl_express")
    assert "takes 25 of the 60 minutes" in express.reasons, "the card still says how much it takes"


def test_waiting_still_decides_between_bookings_of_the_same_length() -> None:
    waiting = [
        entry("wl_new", "cl_2", ["sv_swedish_45"], waited_days=1),
        entry("wl_old", "cl_1", ["sv_swedish_45"], waited_days=10),
    ]
    assert [c.entry_id for c in rank(waiting, services=MENU).candidates] == ["wl_old", "wl_new"]

