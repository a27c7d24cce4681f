"""s47 (rev47d): the fill card's "already booked for … that day" reads each booking's day on its own location's clock,
as its time is said: a booking the evening before at a location west of the opening is not "that day"."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.domain import Appointment, Location, ServiceLine
from tests.test_fill_ranking import BOOK, HOME, at, booking, entry, rank

VENICE = Location(id="loc_la", name="Venice", time_zone="America/Los_Angeles")


def _lines(ranking) -> list[str]:  # noqa: ANN001
    return [r for c in ranking.candidates for r in c.reasons if r.startswith("already booked for")]


def test_a_booking_the_evening_before_out_west_is_not_said_that_day() -> None:
    start = datetime(2026, 11, 23, 21, 30, tzinfo=ZoneInfo("America/Los_Angeles"))  # Mon 9:30pm Venice = Tue 0:30 NY
    eve = Appointment(id="ap_la", location_id="loc_la", client_id="cl_1", status="confirmed", start_at=start,
                      end_at=start + timedelta(hours=1),
                      services=[ServiceLine(id="x", service_id="sv_swedish_60", staff_id="st_la", start_at=start,
                                            end_at=start + timedelta(hours=1))])
    ranking = rank([entry("wl_1", "cl_1", ["sv_swedish_60"])], appointments=[*BOOK, eve], locations=[*HOME, VENICE])
    assert _lines(ranking) == [], _lines(ranking)  # not "… at 9:30pm at Venice that day"


@pytest.mark.parametrize("status", ["cancelled", "noShow"])
def test_no_line_for_a_cancelled_or_no_show_booking(status: str) -> None:
    mine = booking("ap_1", "cl_1", at(15), 60, staff="st_sam", room="rs_m2", status=status)
    assert _lines(rank([entry("wl_1", "cl_1", ["sv_swedish_60"])], appointments=[*BOOK, mine])) == []


def test_no_line_for_another_guests_booking_nor_the_cancelled_opening() -> None:
    other = booking("ap_2", "cl_2", at(15), 60, staff="st_sam", room="rs_m2")
    waiting = [entry("wl_1", "cl_1", ["sv_swedish_60"]), entry("wl_g", "cl_gone", ["sv_swedish_60"])]
    assert _lines(rank(waiting, appointments=[*BOOK, other])) == []
