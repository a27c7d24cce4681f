"""``spa-copilot today`` says what ``/spa today`` says of a body wrap's processing time (a booking inside it is no
double booking), and a guest's name wider than its column no longer runs into the service."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot import cli
from spa_copilot.engines.daybook import build_day_book
from spa_copilot.slack import blocks
from spa_copilot.slack.presenters import day_book_view
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)
WRAP = service("sv_wrap", name="Seaweed Detox Body Wrap 75", duration_minutes=25, processing_minutes=30,
               finishing_minutes=20)
MASSAGE = service("sv_1", name="Swedish Massage 60")


def wrap_and_massage() -> object:
    wrap = appointment(at(DAY, "13:30"), 75, id="ap_wrap", service_id="sv_wrap", service_name=WRAP.name)
    massage = appointment(at(DAY, "14:00"), 25, id="ap_massage", client_id="cl_2", resource_ids=["rs_2"],
                          service_name=MASSAGE.name)
    return build_day_book(location(), DAY, appointments=[wrap, massage], staff=[staff()], services=[WRAP, MASSAGE],
                          resources=[room(), room("rs_2")],
                          client_names={"cl_1": "Victoria G.", "cl_2": "Nathan Rodriguez"})


def test_the_cli_day_book_says_when_the_therapist_is_free_while_the_wrap_processes_as_slack_does() -> None:
    """Guards the terminal's processing window: the wrap's line says it, in /spa today's words; the massage's not."""
    book = wrap_and_massage()
    table = cli._book_table(book)
    [wrap_line] = [line for line in table.splitlines() if "Victoria G." in line]
    assert wrap_line.endswith("[Room rs_1]  (free 1:55pm–2:25pm while it processes)"), table
    assert table.count("while it processes") == 1
    slack = json.dumps(blocks.day_book_message(day_book_view(book)).blocks_as_dicts(), ensure_ascii=False)
    assert "(free 1:55pm–2:25pm while it processes)" in slack  # the same words in Slack


def test_the_cli_json_gives_the_processing_window() -> None:
    """Guards --json: the wrap's handsFree, null for the massage."""
    [row] = cli._book_json(wrap_and_massage())["staff"]
    by_id = {a["appointmentId"]: a for a in row["appointments"]}
    assert by_id["ap_wrap"]["handsFree"] == {"start": "2026-11-24T13:55:00-05:00", "end": "2026-11-24T14:25:00-05:00"}
    assert by_id["ap_massage"]["handsFree"] is None


def test_a_name_wider_than_the_column_keeps_a_space_before_its_service_and_the_services_stay_aligned() -> None:
    """Guards the column: "Nathan Rodriguez Swedish Massage 60" ran together, and each service starts in one column."""
    booked = [line for line in cli._book_table(wrap_and_massage()).splitlines() if line.startswith("    1:30pm")
              or line.startswith("    2:00pm")]
    assert any("Nathan Rodriguez  Swedish Massage 60" in line for line in booked), booked
    assert len({line.index(name) for line, name in zip(booked, ("Seaweed", "Swedish"), strict=True)}) == 1, booked
