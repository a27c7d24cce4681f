"""Staff-eye review, round 16: the client card's past bookings say whose the outcome was; a preview of a day off says
so plainly, and an empty working day's morning DM is plain; a sandbox client who never visited carries no alert about
a "last visit"."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from spa_copilot.domain import Alert, Location, Shift, Staff, StaffRole
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.generator import FIRST_VISIT_CARD_ALERT, LAST_VISIT_CARD_ALERT
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.views_models import ClientCard, Visit
from tests.conftest import DAY, fresh_spa

# --- the client card: the outcome of a booking is the guest's --------------------------------------------------------


def test_a_missed_or_cancelled_booking_says_so_before_the_therapist_is_named() -> None:
    card = ClientCard(
        client_id="cl_1", name="Ava Stone", today=date(2026, 12, 8),
        last_visits=(
            Visit(date(2026, 11, 10), "Couples Massage 60", "Sam"),
            Visit(date(2026, 9, 30), "Swedish Massage 60", "Jonah", status="noShow"),
            Visit(date(2026, 6, 8), "Aromatherapy Massage 60", "Ana", status="cancelled"),
        ),
    )
    shown = json.dumps(client_card_message(card).blocks_as_dicts(), ensure_ascii=False)
    assert "• Tue 10 Nov — Couples Massage 60 with Sam" in shown
    assert "• Wed 30 Sep — _no-show:_ Swedish Massage 60 with Jonah" in shown
    assert "• Mon 8 Jun — _cancelled:_ Aromatherapy Massage 60 with Ana" in shown
    assert "with Jonah _no-show_" not in shown and "with Ana _cancelled_" not in shown


# --- a day with nobody booked ----------------------------------------------------------------------------------------

SPA = Location(id="loc", name="Spa", time_zone="America/New_York")
TUESDAY = date(2026, 11, 24)  # weekday 1
WORKS_TUESDAYS = Staff(id="st_jo", location_id="loc", first_name="Jonah", role=StaffRole.therapist,
                       shifts=[Shift(weekday=1, start="12:00", end="20:00")])


def opening(day: date, *, today: date | None) -> str:
    return engine.day_summary(engine.therapist_briefing(WORKS_TUESDAYS, SPA, day, []), today=today)


def test_a_day_off_is_said_plainly_with_no_greeting() -> None:
    wednesday = TUESDAY + timedelta(days=1)
    assert opening(wednesday, today=wednesday) == "You have no shift and no bookings today."
    assert opening(wednesday, today=TUESDAY) == "You have no shift and no bookings tomorrow."
    assert opening(wednesday, today=TUESDAY - timedelta(days=6)) == "You have no shift and no bookings on Wed 25 Nov."
    assert opening(wednesday, today=wednesday + timedelta(days=2)) == "You had no shift and no bookings on Wed 25 Nov."


def test_the_morning_dm_of_an_empty_working_day_is_plain() -> None:
    said = opening(TUESDAY, today=None)
    assert said == (
        "Good morning, Jonah. No guests are booked with you today. Your shift is 12:00pm–8:00pm. "
        "You'll get a DM if anyone books in."
    )
    assert "breathing room" not in said and "!" not in said


def test_the_morning_job_sends_nothing_on_a_day_off() -> None:
    wednesday = TUESDAY + timedelta(days=1)
    assert engine.briefed_staff([WORKS_TUESDAYS], [], SPA, wednesday) == []
    assert engine.briefed_staff([WORKS_TUESDAYS], [], SPA, TUESDAY) == [WORKS_TUESDAYS]


# --- sandbox data: a client who never visited has no "last visit" -----------------------------------------------------


@pytest.mark.parametrize("seed", [42, 7])
def test_no_client_without_a_visit_carries_an_alert_about_their_last_visit(seed: int) -> None:
    spa = fresh_spa(seed)
    first_timers = [c for c in spa.clients if c.last_visit_date is None]
    assert not [c.id for c in first_timers if any("last visit" in a.text.lower() for a in c.alerts)]
    regulars = [c for c in spa.clients if c.last_visit_date is not None]
    said = {a.text for c in [*first_timers, *regulars] for a in c.alerts}
    assert FIRST_VISIT_CARD_ALERT in said or LAST_VISIT_CARD_ALERT in said


def test_the_payment_alert_of_a_first_visit_still_reads_as_the_front_desks_business() -> None:
    alert = Alert(text=FIRST_VISIT_CARD_ALERT, severity="warning")
    assert not engine.alert_is_caution(alert, engine.read_alerts([alert], today=DAY)[0])
