"""A fill candidate booked with another therapist says the freed therapist's time would stay unbooked (walk41).

"with their preferred therapist Elena; Kai's 90 minutes stay open", beside "takes 60 of the 90 minutes", read as a
riddle to a manager: now "Kai's freed 90 minutes would stay unbooked".
"""

from __future__ import annotations

from spa_copilot.engines.fill_ranking import _time_stays_open
from tests.test_fill_ranking import entry
from tests.test_fill_ranking_freed_slot import rank_facial
from tests.test_s23_polish import _facial_opening


def test_a_candidate_with_another_therapist_says_the_freed_minutes_would_stay_unbooked() -> None:
    opening, book = _facial_opening(90)
    zoe = entry("wl_zoe", "cl_1", ["sv_swedish_60"], staff=["st_sam"], waited_days=60)  # Sam, her own choice
    ava = entry("wl_ava", "cl_2", ["sv_swedish_60"])  # no preference: the reason names who she would be with
    ranking = rank_facial([zoe, ava], opening=opening, appointments=book)
    by_entry = {candidate.entry_id: candidate for candidate in ranking.candidates}
    assert "Cleo's freed 90 minutes would stay unbooked" in by_entry["wl_zoe"].reasons, by_entry["wl_zoe"].reasons
    offered = "Ana" if by_entry["wl_ava"].staff_id == "st_ana" else "Sam"
    assert f"with {offered}, so Cleo's freed 90 minutes would stay unbooked" in by_entry["wl_ava"].reasons
    assert not any("stay open" in reason for c in ranking.candidates for reason in c.reasons)


def test_the_words_for_one_or_several_freed_therapists() -> None:
    assert _time_stays_open(("Kai",), "Elena", 90, named=True) == "Kai's freed 90 minutes would stay unbooked"
    assert _time_stays_open(("Kai",), "Elena", 60, named=False) == "with Elena, so Kai's freed hour would stay unbooked"
    assert _time_stays_open(("Ana", "Sam"), "Kai", 120, named=True) == "Ana and Sam's freed 2 hours would stay unbooked"
