"""A booking in a clash is marked on its line of the day book (``/spa today``), short, as it is read on a phone:
"⚠ overlaps Layla C.'s 2:30pm", "⚠ past Priya's 7:00pm shift end". Found by the staff-eye review (seed 7, 3 December):
the day book listed Priya's 2:00pm and 2:30pm guests one after the other, and her 6:30pm–7:30pm guest past her 7:00pm
shift end, with no mark, while her briefing said "⚠ Overlaps Layla's 2:30pm booking — the front desk has been
alerted". The findings are the conflict engine's own, of the day's book, as the briefing gets them
(``briefings.day_conflicts``); a clash already over is not marked."""

from __future__ import annotations

import json
from datetime import date, timedelta

from spa_copilot.domain import Shift
from spa_copilot.engines.conflicts import find_conflicts
from spa_copilot.engines.daybook import build_day_book, mark_clashes
from spa_copilot.sandbox.slack_api import render_terminal, slack_user_id_for_staff
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.blocks import day_book_message
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.presenters import day_book_view
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 12, 3)  # a Thursday
SOHO = location(id="loc_1", name="SoHo")
PRIYA = staff("st_1", first_name="Priya", last_name="Nair",
              shifts=[Shift(weekday=d, start="11:00", end="19:00") for d in range(7)])
SWEDISH = service("sv_1", name="Swedish Massage 60")
ROOMS = [room("rs_1", name="Massage Room 1"), room("rs_2", name="Massage Room 2"), room("rs_3", name="Massage Room 3")]
NAMES = {"cl_ryan": "Ryan G.", "cl_layla": "Layla C.", "cl_hannah": "Hannah W.", "cl_ava": "Ava S.", "cl_mia": "Mia T."}


def _book(now_hhmm: str) -> list[str]:
    """Priya's row of the day book at ``now_hhmm`` on DAY, as rendered: the lines of her bookings."""
    booked = [
        appointment(at(DAY, "11:00"), id="ap_ava", client_id="cl_ava", resource_ids=["rs_1"]),
        appointment(at(DAY, "11:30"), id="ap_mia", client_id="cl_mia", resource_ids=["rs_2"]),
        appointment(at(DAY, "14:00"), id="ap_ryan", client_id="cl_ryan", resource_ids=["rs_1"]),
        appointment(at(DAY, "14:30"), id="ap_layla", client_id="cl_layla", resource_ids=["rs_2"]),
        appointment(at(DAY, "16:00"), 45, id="ap_calm", client_id="cl_ava", resource_ids=["rs_3"]),
        appointment(at(DAY, "18:30"), id="ap_hannah", client_id="cl_hannah", resource_ids=["rs_1"]),
    ]
    book = build_day_book(SOHO, DAY, appointments=booked, staff=[PRIYA], services=[SWEDISH], resources=ROOMS,
                          client_names=NAMES)
    conflicts = find_conflicts(booked, staff=[PRIYA], resources=ROOMS, services=[SWEDISH], locations=[SOHO])
    mark_clashes(book, conflicts, now=at(DAY, now_hhmm))
    shown = render_terminal(day_book_message(day_book_view(book), seen_from=DAY))
    return [line for line in shown.splitlines() if " — Service sv_1" in line]


def test_a_double_booking_and_a_booking_past_the_shift_end_are_marked_on_their_lines() -> None:
    lines = _book("06:00")
    assert lines[2].endswith("Layla C.'s 2:30pm"), lines
    assert "Ryan G. — " in lines[2] and "⚠ overlaps Layla C.'s 2:30pm" in lines[2]
    assert "Layla C. — " in lines[3] and lines[3].endswith("⚠ overlaps Ryan G.'s 2:00pm")
    assert "⚠" not in lines[4]  # no clash, no mark
    assert "Hannah W. — " in lines[5] and lines[5].endswith("⚠ past Priya's 7:00pm shift end")
    assert "Mia T.'s 11:30am" in lines[0] and "Ava S.'s 11:00am" in lines[1]


def test_a_clash_already_over_is_not_marked() -> None:
    lines = _book("13:00")  # the 11:00am and 11:30am clash is over; the afternoon's are still to come
    assert "⚠" not in lines[0] and "⚠" not in lines[1], lines
    assert "⚠ overlaps" in lines[2] and "⚠ overlaps" in lines[3] and "⚠ past" in lines[5]


async def test_slash_today_marks_the_planted_double_booking(world: SandboxWorld) -> None:
    """Through the app: the sandbox's Venice therapist booked twice (ap_p01, ap_p02) on the day of the clock."""
    first, second = (world.spa.appointments[aid] for aid in ("ap_p01", "ap_p02"))
    names = [world.spa.clients[a.client_id].short_name for a in (first, second)]
    before = len(world.slack.responses)
    await world.sender.slash_command("today Venice", user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=30)
    shown = render_terminal(world.slack.responses[before]).splitlines()
    line_1 = next(line for line in shown if f"{names[0]} — " in line)
    line_2 = next(line for line in shown if f"{names[1]} — " in line)
    assert line_1.endswith(f"⚠ overlaps {names[1]}'s 4:15pm"), line_1
    assert line_2.endswith(f"⚠ overlaps {names[0]}'s 3:45pm"), line_2
    assert second.start_at - first.start_at == timedelta(minutes=30)


async def test_the_app_home_marks_the_planted_double_booking_as_slash_today_does(world: SandboxWorld) -> None:
    """The App Home's day book is the same book, a row per therapist: the double-booked Venice therapist's own Home
    counts the two bookings in a clash on her row (``/spa today`` says which); no other row has a count."""
    first = world.spa.appointments["ap_p01"]
    therapist = world.spa.staff[first.staff_ids[0]]
    user = slack_user_id_for_staff(therapist.id)
    home = json.dumps((await home_view_for(world.copilot, user)).to_dict(), ensure_ascii=False)
    rows = next(b["text"]["text"] for b in json.loads(home)["blocks"] if "appointments in all" in b.get("text", {}).get("text", ""))
    [row] = [line for line in rows.splitlines() if "in a clash" in line]
    assert row.startswith(f"*{therapist.display_name}* — ") and row.endswith(" · :warning: 2 bookings in a clash"), rows
