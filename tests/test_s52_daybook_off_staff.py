"""A booking with a therapist the spa system's staff list does not have (gone from the list, or a record the client
could not read) was shown in /spa today under that id as "not working", the opposite of the truth; one marked
inactive likewise. Each row now says why it has no shift, in Slack, the CLI and its JSON; a day off stays "not
working"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot import cli
from spa_copilot.engines.daybook import build_day_book
from spa_copilot.slack import blocks
from spa_copilot.slack.presenters import day_book_view
from spa_copilot.slack.views_models import HomeView, StatusView
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)


def book_with(staff_id: str, members: list) -> object:
    booked = appointment(at(DAY, "12:00"), 60, id="ap_1", staff_id=staff_id)
    return build_day_book(location(), DAY, appointments=[booked], staff=members, services=[service()],
                          resources=[room()], client_names={"cl_1": "Elena C."})


@pytest.mark.parametrize(("staff_id", "members", "said"), [
    ("st_ghost", [staff()], "not on the spa system's staff list"),
    ("st_1", [staff(active=False, shifts=[])], "marked inactive in the spa system"),
])
def test_a_row_with_no_shift_says_why_when_it_is_no_day_off(staff_id, members, said) -> None:
    """Guards each face: Slack's /spa today row, the App Home's summary line, the CLI table and its JSON."""
    book = book_with(staff_id, members)
    slack = json.dumps(blocks.day_book_message(day_book_view(book)).blocks_as_dicts(), ensure_ascii=False)
    assert f"·  {said}" in slack and "not working" not in slack, slack
    status = StatusView(mode="approve", model="offline", platform="sandbox", time_zone="America/New_York")
    home = json.dumps(blocks.home_view(HomeView("U1", False, status, today=day_book_view(book))).to_dict(),
                      ensure_ascii=False)
    assert f"1 appointment, 0 gaps · {said}" in home and "not working" not in home, home
    assert f"({said})" in cli._book_table(book)
    [row] = [row for row in cli._book_json(book)["staff"] if row["staffId"] == staff_id]
    assert row["offStaff"] == said


def test_a_booking_on_a_day_off_still_reads_not_working() -> None:
    """Guards the other side: a listed, active therapist without a shift that day is "not working", offStaff null."""
    book = book_with("st_1", [staff(shifts=[])])
    slack = json.dumps(blocks.day_book_message(day_book_view(book)).blocks_as_dicts(), ensure_ascii=False)
    assert "·  not working" in slack
    assert cli._book_json(book)["staff"][0]["offStaff"] is None
