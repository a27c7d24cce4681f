"""A booking that runs through a split shift's break is not said to run "past their 12:00pm shift end, to 1:00pm":
the 11:30am-1:30pm booking does not end at 1:00pm and 12:00pm is her break, not her shift's end; it keeps the
"keeps them busy 12:00pm-1:00pm, outside it" wording (rev36b M2)."""
from datetime import datetime

from spa_copilot.domain import Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import NY, appointment, location, room, service, staff


def test_booking_through_the_break_is_not_said_to_end_when_her_break_ends():
    ana = staff("st_ana", first_name="Ana", last_name="Reyes",
                shifts=[Shift(weekday=d, start=s, end=e) for d in range(7) for s, e in (("09:00", "12:00"), ("13:00", "18:00"))])
    booked = [appointment(datetime(2026, 12, 5, 11, 30, tzinfo=NY), 120, id="ap_0", client_id="cl_ava",
                          staff_id=ana.id, service_id="sv_m", resource_ids=["rs_0"])]
    [found] = find_conflicts(booked, staff=[ana], resources=[room("rs_0", name="Room 0")],
                             services=[service("sv_m", name="Swedish Massage 120")], locations=[location()],
                             guests={"cl_ava": "Ava S."})
    assert found.kind == ConflictKind.outside_shift

    assert "to 1:00pm" not in found.message and "shift end" not in found.message, found.message
    assert "keeps them busy 12:00pm–1:00pm, outside" in found.message, found.message
