"""A fill card names only the time the cancellation truly freed: Cleo's 90-minute facial cancelled while she has
another booking over its last 15 minutes freed 75 of her minutes, not 90 ("Kai's freed hour would stay unbooked"
though Kai was booked in that hour: probe47c); one booked over all of it is not named. Other cards are unchanged."""

from __future__ import annotations

import pytest

from spa_copilot.engines.fill_ranking import _time_stays_open
from tests.test_fill_ranking import at, booking, entry
from tests.test_fill_ranking_freed_slot import rank_facial
from tests.test_s23_polish import _facial_opening


def _reasons_with_cleo_booked(start: tuple[int, int], minutes: int) -> tuple[str, ...]:
    """Zoe's reasons (a Swedish with Sam, her own choice) for Cleo's cancelled 11:00 facial, 90 minutes, while Cleo
    has another booking of ``minutes`` from ``start`` (hour, minute) (in a massage room, so no room is in the way)."""
    opening, book = _facial_opening(90)
    kept = booking("ap_kept", "cl_x", at(*start), minutes, staff="st_cleo", room="rs_m2", service="sv_facial_60")
    zoe = entry("wl_zoe", "cl_1", ["sv_swedish_60"], staff=["st_sam"], waited_days=60)
    (candidate,) = rank_facial([zoe], opening=opening, appointments=[*book, kept]).candidates
    return candidate.reasons


@pytest.mark.parametrize(
    "start, minutes, said",
    [
        ((12, 15), 45, "Cleo's freed 75 minutes would stay unbooked"),  # 12:15–1:00 keeps the last 15 minutes
        ((10, 30), 60, "Cleo's freed hour would stay unbooked"),  # 10:30–11:30 keeps the first 30
        ((11, 30), 30, "Cleo's freed hour would stay unbooked"),  # 11:30–12:00 keeps 30 in the middle
        ((10, 0), 180, "the freed 90 minutes would stay unbooked"),  # booked over all of it: nobody's time was freed
    ],
)
def test_a_freed_therapist_booked_over_part_of_the_opening_is_said_with_the_part_freed(
    start: tuple[int, int], minutes: int, said: str
) -> None:
    reasons = _reasons_with_cleo_booked(start, minutes)
    assert said in reasons, reasons
    assert not any("Cleo's freed 90 minutes" in reason for reason in reasons)


@pytest.mark.parametrize(
    "freed, minutes, freed_minutes, said",
    [
        (("Kai",), 90, (75,), "Kai's freed 75 minutes would stay unbooked"),
        (("Kai",), 90, (60,), "Kai's freed hour would stay unbooked"),
        (("Ana", "Sam"), 60, (60, 45), "Ana's freed hour and Sam's freed 45 minutes would stay unbooked"),
        (("Ana", "Sam"), 90, (75, 75), "Ana and Sam's freed 75 minutes would stay unbooked"),
    ],
)
def test_the_words_for_what_each_freed_therapist_got_back(
    freed: tuple[str, ...], minutes: int, freed_minutes: tuple[int, ...], said: str
) -> None:
    assert _time_stays_open(freed, "Elena", minutes, named=True, freed_minutes=freed_minutes) == said
    assert (
        _time_stays_open(freed, "Elena", minutes, named=False, freed_minutes=freed_minutes) == f"with Elena, so {said}"
    )
