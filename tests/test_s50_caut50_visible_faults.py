"""s50 (caut50): small visible faults in the day book, the client card and the client search.

a) A guest refusing hot stones, booked for a Hot Stone Massage her pregnancy already rules out, read two cautions
   for one fact in her therapist's DM, whose pregnancy line says "(prenatal positioning, no hot stones)": said once
   there; the day book prints no handling note and keeps both (rev50l), and a contraindication whose handling says
   nothing of the stones keeps both everywhere (rev50b).
b) "Hot stones burned her last visit - do not use" (the refusal far after the stones) gave no caution; "No hot stones
   last time (ran out) - wants them today!" gave one.
c) A client whose ``lastVisitDate`` is 0001-01-01 (a platform's empty date) was listed "last visit Mon 1 Jan 1".
d) A booking made 760 days before its start was said "not scored (no booking date)": it has one, just not a usable
   one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from spa_copilot.domain import Client
from spa_copilot.engines.cautions import booking_ruled_out, modalities_kept_off
from spa_copilot.risk.bands import NOT_SCORED, scorable
from spa_copilot.slack.blocks import client_matches_message
from spa_copilot.slack.views_models import ClientMatch
from tests.builders import appointment, at, client, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75", contraindications=["hypertension", "pregnancy"])
FACIAL = service("sv_face", name="Signature Facial 60")


@pytest.mark.parametrize(
    ("notes", "booked", "sentences"),
    [
        # the day book prints no handling note: her own refusal stays beside the pregnancy (rev50l; the DM says it once)
        (
            "Pregnant. No hot stones please.",
            [HOT],
            [
                "Hot Stone Massage 75 is contraindicated for this guest: pregnancy",
                "Hot Stone Massage 75 uses hot stones, which the notes say to avoid",
            ],
        ),
        # one whose handling says nothing of the stones ("limit heat") keeps the refusal beside it (rev50b)
        (
            "High blood pressure. No hot stones please.",
            [HOT],
            [
                "Hot Stone Massage 75 is contraindicated for this guest: hypertension",
                "Hot Stone Massage 75 uses hot stones, which the notes say to avoid",
            ],
        ),
        # no contraindication: the refusal is the caution
        ("No hot stones please.", [HOT], ["Hot Stone Massage 75 uses hot stones, which the notes say to avoid"]),
        # a stone service no condition rules out keeps its refusal line beside another service's contraindication
        (
            "High blood pressure. No hot stones please.",
            [
                service("sv_hot2", name="Hot Stone Massage 75"),
                service("sv_x", name="Sauna 30", contraindications=["hypertension"]),
            ],
            [
                "Sauna 30 is contraindicated for this guest: hypertension",
                "Hot Stone Massage 75 uses hot stones, which the notes say to avoid",
            ],
        ),
    ],
)
def test_the_day_book_keeps_a_refusal_beside_a_contraindication(notes, booked, sentences):
    booking = appointment(at(DAY, "14:00"), id="ap_1", service_id=booked[0].id, service_name=booked[0].name)
    if len(booked) > 1:
        lines = [booking.services[0].model_copy(update={"service_id": s.id, "service_name": s.name}) for s in booked]
        booking = booking.model_copy(update={"services": lines})
    found = booking_ruled_out(booking, client(notes=notes), {s.id: s for s in booked}, today=DAY)
    assert [f.sentence for f in found] == sentences


@pytest.mark.parametrize(
    ("notes", "said"),
    [
        ("Hot stones burned her last visit - do not use", "Hot stones burned her last visit - do not use"),
        ("Hot stones burned her last time, never again. Latex ok.", "Hot stones burned her last time, never again"),
        ("Hot stones too hot for her - avoid", "Hot stones too hot for her - avoid"),
        ("No hot stones last time (ran out) - wants them today!", None),
        ("No hot stones last time, she would like them this visit", None),
        # the safe side: a refusal whose want is for something else stays one
        ("No hot stones - wants Swedish instead", "No hot stones - wants Swedish instead"),
        # a later refusal stands after an earlier one taken back
        ("No hot stones in May, wants them now. Update: no hot stones - burned!", "Update: no hot stones - burned"),
        # far words refusing something else refuse no stones
        ("Hot stones are her favourite - do not use lavender oil", None),
        ("Loves hot stones, avoid the left knee", None),
    ],
)
def test_a_refusal_far_after_the_stones_counts_and_a_want_withdraws_one(notes, said):
    found = modalities_kept_off([HOT], notes=notes)
    assert [f.evidence for f in found] == ([said] if said else [])


@pytest.mark.parametrize(
    ("recorded", "kept"),
    [
        ("0001-01-01", None),
        ("0001-01-01T00:00:00Z", None),
        ("1899-12-31", None),
        ("1900-01-01", date(1900, 1, 1)),
        ("2025-02-11T10:00:00Z", date(2025, 2, 11)),
        (None, None),
    ],
)
def test_an_empty_date_written_as_year_one_is_no_last_visit(recorded, kept):
    assert Client(id="cl_1", first_name="Ava", last_visit_date=recorded).last_visit_date == kept


def test_the_client_search_lists_no_last_visit_for_year_one():
    never = Client(id="cl_1", first_name="Ava", last_name="Stone", last_visit_date="0001-01-01")
    message = client_matches_message("ava", [ClientMatch(never.id, "Ava Stone", never.last_visit_date)])
    assert "last visit" not in message.text + str(message.blocks)


def test_a_booking_dated_too_early_to_score_is_not_said_to_have_no_date():
    booked = appointment(datetime(2026, 12, 8, 15, tzinfo=UTC), created_at=datetime(2024, 11, 8, 15, tzinfo=UTC))
    assert booked.created_at is not None and not scorable(booked)  # 760 days ahead: it has a date, not one to use
    assert NOT_SCORED.startswith("not scored (") and "(no booking date)" not in NOT_SCORED


def test_the_therapists_dm_says_a_contraindicated_stone_service_once():
    from tests.builders import dm_lines

    both = dm_lines("Pregnant. No hot stones please.", HOT, day=DAY)
    alone = dm_lines("No hot stones please.", HOT, day=DAY)
    other = dm_lines("Nut allergy. No hot stones please - they burned her.", service(
        "sv_hot", name="Hot Stone Massage 75", contraindications=["nutAllergy"]), day=DAY)
    assert "contraindicated for this guest: pregnancy" in both
    assert "uses hot stones" not in both
    assert "uses hot stones, which the notes say to avoid" in alone
    assert "contraindicated for this guest: nut allergy" in other and "uses hot stones" in other  # rev50b
