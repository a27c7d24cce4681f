"""Staff-eye review, round 17: a therapist's briefing says each fact once. An empty day's summary says there are no
bookings, with no line under it saying it again; a guest's header says which visit this is ("Owen · 26th visit"), and
the offline summary's one sentence left, which said only what the header says, is not shown."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

from spa_copilot.ai.models import OFFLINE
from spa_copilot.ai.schemas import AiText
from spa_copilot.briefings import briefing_message, shown_summary
from spa_copilot.domain import Location, Staff, StaffRole
from spa_copilot.engines import briefing as engine
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import BriefingView, DayBook

DAY = date(2026, 12, 4)


def test_an_empty_day_says_once_that_nobody_is_booked() -> None:
    """``/spa brief @Jonah`` on his day off: "You have no shift and no bookings today." then "No appointments
    booked." said the one fact twice."""
    view = BriefingView(therapist_name="Jonah Weiss", day=DAY, time_zone="America/New_York",
                        summary="You have no shift and no bookings today.")
    for message in (blocks.briefing_message(view, seen_from=DAY), *(p.message for p in blocks.briefing_parts(view))):
        shown = json.dumps(message.blocks_as_dicts(), ensure_ascii=False)
        assert "You have no shift and no bookings today." in shown
        assert "No appointments booked" not in shown, shown
        assert len(message.blocks) == 2  # the day's title and its summary


def test_a_briefing_without_a_summary_still_says_nobody_is_booked() -> None:
    view = BriefingView(therapist_name="Jonah Weiss", day=DAY, time_zone="America/New_York")
    shown = json.dumps(blocks.briefing_message(view).blocks_as_dicts(), ensure_ascii=False)
    assert "No appointments booked" in shown


# --- a guest's header says which visit this is; the offline summary's one sentence left said only that ---------------

OWEN = "Owen (26th visit) is booked for Deep Tissue Massage 60 at 12:45pm on Sat 5 Dec."
END = " at 12:45pm on Sat 5 Dec."
CAUTIONS = "Caution: latex allergy (nitrile gloves, no latex)."
NY = Location(id="loc", name="Spa", time_zone="America/New_York")
JONAH = Staff(id="st_jo", location_id="loc", first_name="Jonah", role=StaffRole.therapist)
START = datetime(2026, 12, 5, 12, 45, tzinfo=NY.tz)


def owen(**changes: object) -> engine.GuestBrief:
    guest = engine.GuestBrief("ap1", "cl_1", "Owen", START, START + timedelta(hours=1), ("Deep Tissue Massage 60",),
                              rooms=("Couples Suite",), visits=25, risk=engine.RiskNote("low", 0.07))
    return replace(guest, **changes)  # type: ignore[arg-type]


def test_the_offline_summary_is_not_shown_when_only_its_restatement_of_the_header_is_left() -> None:
    offline = AiText(text=f"{OWEN} Firm pressure; lavender. {CAUTIONS}", engine=OFFLINE)
    assert shown_summary(offline, CAUTIONS, cautions_shown=True, opening_end=END, visit="26th visit") == ""
    assert shown_summary(AiText(text=OWEN, engine=OFFLINE), "", cautions_shown=False, opening_end=END,
                         visit="26th visit") == ""
    # kept: a model's words; the whole summary when its cautions are not said above it; a visit the header does not say
    model = AiText(text=f"A regular who likes firm pressure. {CAUTIONS}", engine="gpt-4o-mini")
    assert shown_summary(model, CAUTIONS, cautions_shown=True, visit="26th visit") == "A regular who likes firm pressure."
    assert shown_summary(offline, CAUTIONS, cautions_shown=False, opening_end=END, visit="26th visit") == offline.text
    returning = AiText(text="Ruth (returning guest) is booked for Deep Tissue Massage 60 at 12:45pm on Sat 5 Dec.",
                       engine=OFFLINE)
    assert shown_summary(returning, "", cautions_shown=False, opening_end=END, visit="") == returning.text


def test_the_guests_header_says_which_visit_and_no_summary_repeats_it_the_risk_line_stays() -> None:
    briefing = engine.therapist_briefing(JONAH, NY, START.date(), [owen(summary_drafted=True)])
    shown = json.dumps(briefing_message(briefing, seen_from=START.date() - timedelta(days=1)).blocks_as_dicts(),
                       ensure_ascii=False)
    assert "*Owen* · 26th visit" in shown, shown
    assert "Summary:" not in shown and "is booked for" not in shown
    assert "No-show risk: *low* (7%)" in shown
    assert "Summary drafted by the offline engine" in shown, "the footer still says who drafted the summary"


def test_a_couples_booking_says_the_visit_of_the_booking_client_in_the_name() -> None:
    briefing = engine.therapist_briefing(JONAH, NY, START.date(), [owen(couples=True)])
    shown = json.dumps(briefing_message(briefing).blocks_as_dicts(), ensure_ascii=False)
    assert "*Owen (26th visit) and partner*" in shown and "· 26th visit" not in shown, shown


def test_a_models_summary_is_shown_as_it_is_beside_the_visit() -> None:
    said = "Regular; prefers the couples suite, likes a quiet room."
    guest = owen(summary=said, summary_source=engine.SummarySource.model, summary_drafted=True)
    shown = json.dumps(briefing_message(engine.therapist_briefing(JONAH, NY, START.date(), [guest])).blocks_as_dicts(),
                       ensure_ascii=False)
    assert "*Owen* · 26th visit" in shown and "Summary:" in shown and said in shown


def test_the_prep_dm_says_the_visit_in_its_first_line() -> None:
    assert engine.prep_text(owen(), NY).splitlines()[0] == (
        "Coming up at 12:45pm: Owen (26th visit), Deep Tissue Massage 60 in Couples Suite."
    )
    assert engine.prep_text(owen(visits=0, new_client=True), NY).startswith("Coming up at 12:45pm: Owen (new client), ")
    assert engine.prep_text(owen(visits=0), NY).startswith("Coming up at 12:45pm: Owen, ")


# --- the day book names its zone as the fill cards do ----------------------------------------------------------------


def test_the_day_books_footer_names_the_locations_time_not_the_zones_id() -> None:
    """"times in America/New_York" was jargon for the front desk; the fill cards say "Juniper & Salt SoHo time"."""
    book = DayBook(day=DAY, location_name="Juniper & Salt SoHo", time_zone="America/New_York")
    [*_, footer] = blocks.day_book_message(book, seen_from=DAY).blocks_as_dicts()
    said = footer["elements"][0]["text"]
    assert said == "0 appointments · 0 gaps · Juniper &amp; Salt SoHo time", said
    assert "America/New_York" not in json.dumps(blocks.day_book_message(book).blocks_as_dicts())
