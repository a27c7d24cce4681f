"""probe46h L3: a guest already booked that day for the very service she waits for is still offered the opening, a
reason line saying so in the clock of the booking's location (not left out, not offered with no word of it)."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.domain import Appointment, Location, ServiceLine
from tests.test_fill_ranking import BOOK, at, booking, entry, rank

VENICE = Location(id="loc_la", name="Venice", time_zone="America/Los_Angeles")
SOHO = [Location(id="loc_ny", name="SoHo", time_zone="America/New_York")]


def _lines(ranking) -> dict[str, list[str]]:  # noqa: ANN001
    return {c.client_id: [r for r in c.reasons if r.startswith("already booked for")] for c in ranking.candidates}


def test_the_already_booked_line_names_only_an_active_booking_of_the_same_service_that_day() -> None:
    her_bookings = [
        booking("ap_1", "cl_1", at(15), 60, staff="st_sam", room="rs_m2"),  # the same service, later that day
        booking("ap_2", "cl_2", at(15), 60, staff="st_sam", room="rs_m2", status="cancelled"),  # cancelled
        booking("ap_3", "cl_3", at(16), 60, staff="st_sam", room="rs_m2", service="sv_deep_60"),  # another service
        booking("ap_4", "cl_4", at(15) + timedelta(days=1), 60, staff="st_sam", room="rs_m2"),  # the next day
        booking("ap_5a", "cl_5", at(15), 60, staff="st_ana", room="rs_m1"),  # two that day: the earlier is said
        booking("ap_5b", "cl_5", at(13), 60, staff="st_sam", room="rs_m2"),
    ]
    waitlist = [entry(f"wl_{n}", f"cl_{n}", ["sv_swedish_60"]) for n in range(1, 6)]
    ranking = rank(waitlist, appointments=[*BOOK, *her_bookings])
    assert ranking.excluded == {}  # nobody left out for a booking of hers at another hour
    assert _lines(ranking) == {
        "cl_1": ["already booked for Swedish Massage 60 at 3:00pm that day"],
        "cl_2": [],
        "cl_3": [],
        "cl_4": [],
        "cl_5": ["already booked for Swedish Massage 60 at 1:00pm that day"],
    }


def test_a_booking_at_another_location_is_said_in_its_clock_with_its_name() -> None:
    start = at(15)  # 12:00pm in Venice
    venice = Appointment(
        id="ap_la",
        location_id="loc_la",
        client_id="cl_1",
        status="confirmed",
        start_at=start,
        end_at=start + timedelta(hours=1),
        services=[
            ServiceLine(
                id="x", service_id="sv_swedish_60", staff_id="st_la", start_at=start, end_at=start + timedelta(hours=1)
            )
        ],
    )
    ranking = rank([entry("wl_1", "cl_1", ["sv_swedish_60"])], appointments=[*BOOK, venice], locations=[*SOHO, VENICE])
    assert _lines(ranking) == {"cl_1": ["already booked for Swedish Massage 60 at 12:00pm at Venice that day"]}
