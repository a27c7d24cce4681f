"""``spa-copilot today`` gives a booking without a therapist, and a therapist's booking at another location, the same
words /spa today gives them: the whole span (the unassigned line said only when it starts), the room, the status and
a therapist's processing window, so the front desk reading the terminal sees what Slack shows."""

from __future__ import annotations

from datetime import date

from spa_copilot import cli
from spa_copilot.engines.daybook import build_day_book
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)
WRAP = service("sv_wrap", name="Seaweed Detox Body Wrap 75", duration_minutes=25, processing_minutes=30,
               finishing_minutes=20)
LA = location(id="loc_2", name="Venice", time_zone="America/Los_Angeles")


def book_line(table: str, name: str) -> str:
    [line] = [line for line in table.splitlines() if name in line]
    return line


def test_an_unassigned_wrap_gives_its_span_room_and_status() -> None:
    """Guards the unassigned line: it said "unassigned: 1:30pm Victoria G. Seaweed…", nothing of when it ends, its
    room or that it is unconfirmed (no therapist yet, so no one is free while it processes)."""
    wrap = appointment(at(DAY, "13:30"), 75, id="ap_wrap", staff_id=None, service_id="sv_wrap", service_name=WRAP.name,
                       status="unconfirmed")
    book = build_day_book(location(), DAY, appointments=[wrap], staff=[staff()], services=[WRAP], resources=[room()],
                          client_names={"cl_1": "Victoria G."})
    line = book_line(cli._book_table(book), "Victoria G.")
    assert line.startswith("  unassigned: 1:30pm–2:45pm  Victoria G."), line
    assert line.endswith("Seaweed Detox Body Wrap 75  [Room rs_1]  (unconfirmed)"), line


def test_a_wrap_booked_at_another_location_gives_its_processing_window_on_that_locations_clock() -> None:
    """Guards the "also booked at" line: Venice's wrap keeps its span in Pacific time and now says the therapist is
    free while it processes, on that clock too (10:55am, not Downtown's 1:55pm), as /spa today's line does."""
    there = appointment(at(DAY, "10:30", tz=LA.tz), 75, id="ap_there", service_id="sv_wrap", service_name=WRAP.name,
                        location_id=LA.id)
    book = build_day_book(location(), DAY, appointments=[], staff=[staff()], services=[WRAP], resources=[room()],
                          locations=[location(), LA], elsewhere=[there], client_names={"cl_1": "Victoria G."})
    line = book_line(cli._book_table(book), "Victoria G.")
    assert line.startswith("    also booked at Venice: 10:30am–11:45am PST  Victoria G."), line
    assert line.endswith("Seaweed Detox Body Wrap 75  [Room rs_1]  (free 10:55am–11:25am while it processes)"), line
