"""A body wrap's processing time, when its therapist is free for another guest, is shown on the day book's line:
a massage inside it read as an unexplained double booking (the conflict check rightly says nothing)."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.engines.daybook import build_day_book
from spa_copilot.slack import blocks
from spa_copilot.slack.presenters import day_book_view
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)
WRAP = service("sv_wrap", name="Detox Body Wrap 75", duration_minutes=25, processing_minutes=30, finishing_minutes=20)


def book_lines(*appointments: object) -> str:
    book = build_day_book(location(), DAY, appointments=appointments, staff=[staff()], services=[WRAP, service()],
                          resources=[room(), room("rs_2")])
    message = blocks.day_book_message(day_book_view(book))
    return json.dumps(message.to_kwargs()["blocks"], ensure_ascii=False)


def test_a_wrap_says_when_its_therapist_is_free_and_a_booking_inside_it_reads_as_meant() -> None:
    wrap = appointment(at(DAY, "11:30"), 75, id="ap_wrap", service_id="sv_wrap")
    massage = appointment(at(DAY, "12:00"), 25, id="ap_massage", client_id="cl_2", resource_ids=["rs_2"])
    text = book_lines(wrap, massage)
    assert "Service sv_wrap (Room rs_1) _(free 11:55am–12:25pm while it processes)_" in text, text
    assert text.count("while it processes") == 1  # the massage has no processing time


def test_a_line_cut_short_frees_only_up_to_its_end_and_a_service_without_processing_says_nothing() -> None:
    short = appointment(at(DAY, "11:30"), 40, id="ap_wrap", service_id="sv_wrap")  # ends 12:10, in the processing
    assert "free 11:55am–12:10pm while it processes" in book_lines(short)
    assert "while it processes" not in book_lines(appointment(at(DAY, "09:00"), id="ap_1"))
    unassigned = appointment(at(DAY, "11:30"), 75, id="ap_wrap", service_id="sv_wrap", staff_id=None)
    assert "while it processes" not in book_lines(unassigned)  # nobody to free
