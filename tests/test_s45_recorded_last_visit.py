"""A returning guest whose visits are not in the history read (from before the spa moved to Mangomint, or before the
window read) has the spa system's ``lastVisitDate`` shown as her last visit, the day alone: the client card had said
"first visit" of her, the briefing nothing. A visit in the history as new or newer keeps its services."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import AppointmentStatus
from spa_copilot.engines import briefing as engine
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import appointment, at, client, location, service, staff

DAY = date(2026, 12, 8)
SWEDISH = service("sv_1", name="Swedish Massage 60")
FOUND = engine.LastVisit(date(2026, 11, 2), ("Swedish Massage 60",), "Ana")


@pytest.mark.parametrize(
    ("found", "recorded", "expected"),
    [
        (None, None, None),
        (None, date(2024, 5, 1), engine.LastVisit(date(2024, 5, 1), ())),
        (FOUND, date(2024, 5, 1), FOUND),  # the history's is newer
        (FOUND, date(2026, 11, 2), FOUND),  # the same day: what was done is known
        (FOUND, date(2026, 11, 20), engine.LastVisit(date(2026, 11, 20), ())),  # newer than the history read
        (None, DAY, None),  # this very day: perhaps this booking itself
        (None, DAY + timedelta(days=3), None),
        (FOUND, DAY, FOUND),
    ],
)
def test_with_recorded_visit(found, recorded, expected) -> None:
    assert engine.with_recorded_visit(found, recorded, on_day=DAY) == expected


def test_the_day_alone_has_no_dangling_comma() -> None:
    assert engine.last_visit_words(engine.LastVisit(date(2024, 5, 1), ())) == "1 May 2024"
    assert engine.last_visit_words(FOUND) == "2 Nov 2026, Swedish Massage 60 with Ana"


def _brief(guest, past=()) -> engine.GuestBrief:
    booking = appointment(at(DAY, "10:00"), staff_id="st_ana", client_id=guest.id)
    return engine.guest_brief(
        booking,
        "st_ana",
        client=guest,
        profile=GuestProfile(),
        services={SWEDISH.id: SWEDISH},
        resources={},
        staff={"st_ana": staff("st_ana", first_name="Ana")},
        past=past,
        location=location(),
    )


def test_the_briefing_shows_the_recorded_day_of_a_returning_guest() -> None:
    brief = _brief(client("cl_1", last_visit_date=date(2024, 5, 1)))
    assert brief.last_visit == engine.LastVisit(date(2024, 5, 1), ())
    assert not brief.new_client


def test_the_briefing_keeps_a_newer_visit_of_the_history_with_its_service() -> None:
    done = appointment(
        at(date(2026, 11, 2), "10:00"),
        staff_id="st_ana",
        client_id="cl_1",
        id="ap_old",
        service_name="Swedish Massage 60",
        status=AppointmentStatus.completed,
    )
    brief = _brief(client("cl_1", last_visit_date=date(2024, 5, 1)), past=[done])
    assert brief.last_visit is not None and brief.last_visit.day == date(2026, 11, 2)
    assert brief.last_visit.service_names == ("Swedish Massage 60",)


@pytest.mark.parametrize(
    ("recorded", "shown"),
    [
        (date(2024, 5, 1), "*Last visit*\\nWed 1 May 2024"),
        (None, "*Last visit*\\n_first visit_"),
        (DAY, "*Last visit*\\n_first visit_"),  # today's: perhaps set at this visit's check-in
    ],
)
def test_the_client_card_shows_the_recorded_day_not_first_visit(recorded, shown) -> None:
    card = client_card_view(client("cl_1", last_visit_date=recorded), today=DAY)
    text = json.dumps(client_card_message(card).blocks_as_dicts(), ensure_ascii=False)
    assert shown in text, text
    assert "Wed 1 May 2024," not in text
