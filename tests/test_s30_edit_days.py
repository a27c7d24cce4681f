"""The Edit check reads the day an edit names as the guest would (session 30).

Let through before, though the guest's YES books another day or the text does not say which: a bare weekday after
the time ("at 11:00 am on Thu", "11:00 am, Wed"), a week or weekend without its day ("next week", "this weekend"), a
month not the slot's ("in December"), a day/month after the time ("25/11"). Refused or misread before, though they
name the slot's day: "Tuesday next week", "a week Tuesday", "el próximo martes" (read by the day the text goes out)
and a bare "12/9" (read either way round, as "on 12/9" is).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai.guardrails import invitation_fact_flags
from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
TUE = datetime(2026, 11, 24, 11, 0, tzinfo=TZ)  # Tue 24 Nov
DEC1 = datetime(2026, 12, 1, 11, 0, tzinfo=TZ)  # Tue 1 Dec
DEC9 = datetime(2026, 12, 9, 11, 0, tzinfo=TZ)  # Wed 9 Dec
SAT = datetime(2026, 11, 28, 11, 0, tzinfo=TZ)  # Sat 28 Nov


def problem(said: str, *, slot: datetime = TUE, send_day: date = date(2026, 11, 24)) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=send_day, guest_name="Ana", services=["Swedish Massage 60"],
                       menu=["Swedish Massage 60"], location="Juniper & Salt SoHo", hold_minutes=10)
    text = f"Hi Ana, a spot for Swedish Massage 60 opened {said} with Priya. Held for 10 minutes. Reply YES to claim it."
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize(("said", "word"), [
    ("at 11:00 am on Thu", "Thu"), ("at 11:00 am on Thurs", "Thurs"), ("at 11:00 am Thu", "Thu"),
    ("at 11:00 am, Wed", "Wed"), ("11am Sat", "Sat"), ("at 11:00 am on sat", "sat"), ("at 11:00 am on Fri.", "Fri"),
])
def test_a_short_weekday_after_the_time_is_read(said: str, word: str) -> None:
    assert problem(said) == f'The slot is Tue 24 Nov, not "{word}": their YES books that day.'


@pytest.mark.parametrize("said", ["at 11:00 am on Tue", "at 11:00 am, Tues", "11am Tue"])
def test_the_slots_own_short_weekday_after_the_time_passes(said: str) -> None:
    assert problem(said) is None


@pytest.mark.parametrize("said", ["next week", "this weekend", "in two weeks", "próxima semana", "over the weekend"])
def test_a_week_without_its_day_is_refused_naming_the_words(said: str) -> None:
    assert problem(f"{said} at 11:00 am") == (
        f'Name the slot\'s day (Tue 24 Nov), not only "{said}": their YES books that day.')
    assert problem(f"{said} at 11:00 am", slot=DEC1) is not None  # the day is left to the guest whenever the slot is


def test_a_month_not_the_slots_is_refused() -> None:
    assert problem("at 11:00 am in December") == 'The slot is Tue 24 Nov, not "in December": their YES books that day.'
    assert problem("at 11:00 am in Dec") is not None
    assert problem("at 11:00 am in November") is None
    assert problem("at 11:00 am in December", slot=DEC1) is None
    assert problem("next month at 11:00 am") is not None
    assert problem("next month, Tue 1 Dec, at 11:00 am", slot=DEC1) is None
    assert problem("at 11:00 am. Ask about this month's special") is None
    assert problem("at 11:00 am in Jan's room") is None  # a therapist's name


def test_a_day_and_month_after_the_time_is_read() -> None:
    assert problem("at 11:00 am, 25/11") == 'The slot is Tue 24 Nov, not "25/11": their YES books that day.'
    assert problem("at 11:00 am, 24/11") is None


@pytest.mark.parametrize("said", ["at 11:00 am, 12/9", "at 11:00 am (9/12)", "12/9 at 11:00 am", "on 12/9 at 11am"])
def test_a_bare_numeric_date_is_the_day_it_names(said: str) -> None:
    assert problem(said, slot=DEC9) is None
    assert problem(said) is not None  # not Tue 24 Nov


@pytest.mark.parametrize("said", ["at 11:00 am. Open 24/7 online", "at 11:00 am, 1/2 price add-on",
                                  "at 11:00 am. Rated 10/10", "at 11:00 am, a 1/2 hour early helps"])
def test_numbers_with_a_slash_that_are_no_date_pass(said: str) -> None:
    assert problem(said) is None


@pytest.mark.parametrize(("said", "send_day", "ok"), [
    ("Tuesday next week", date(2026, 11, 24), True),
    ("Tuesday next week", date(2026, 11, 26), True),
    ("next week on Tuesday", date(2026, 11, 25), True),
    ("Tuesday next week", date(2026, 11, 22), False),  # a Sunday: the week may start that day or the next
    ("Tuesday next week", date(2026, 11, 30), False),  # that is Tue 8 Dec
    ("a week Tuesday", date(2026, 11, 23), True),  # the coming Tuesday (24 Nov) and a week on
    ("a week Tuesday", date(2026, 11, 21), True),
    ("Tuesday week", date(2026, 11, 20), True),
    ("a week Tuesday", date(2026, 11, 26), False),  # that is Tue 8 Dec
    ("a week Tuesday", date(2026, 11, 24), False),  # said on a Tuesday: a week or two
    ("el próximo martes", date(2026, 11, 24), True),
    ("el próximo martes", date(2026, 11, 27), True),
    ("el martes que viene", date(2026, 11, 30), True),
    ("el próximo martes", date(2026, 11, 22), False),  # that is Tue 24 Nov
])
def test_a_day_named_from_the_week_the_text_goes_out_in(said: str, send_day: date, ok: bool) -> None:
    found = problem(f"{said} at 11:00 am", slot=DEC1, send_day=send_day)
    assert (found is None) is ok, found
    if not ok:
        assert f'not "{said.removeprefix("el ")}"' in found


def test_tuesday_next_week_is_not_the_slot_today() -> None:
    found = problem("Tuesday next week at 11:00 am")  # the slot is today, Tue 24 Nov
    assert found is not None and 'not "Tuesday next week"' in found
    assert problem("el próximo martes at 11:00 am") is not None


@pytest.mark.parametrize(("said", "ok"), [
    ("Saturday this weekend", True), ("this weekend on Sat", True), ("Sunday this weekend", False),
    ("Saturday next weekend", False), ("this weekend", False),
])
def test_a_weekend_day(said: str, ok: bool) -> None:
    assert (problem(f"{said} at 11:00 am", slot=SAT) is None) is ok


def test_a_models_draft_naming_a_week_is_flagged() -> None:
    def flags(said: str) -> list[str]:
        return invitation_fact_flags(
            f"Hi Ana, a Swedish Massage 60 opened {said} at 11:00 am. Reply YES to claim it.",
            starts_at=DEC1, when="Tue 1 Dec at 11:00 am", service_name="Swedish Massage 60",
        )

    assert flags("next week") == ["vagueDay:next week"]
    assert flags("Tuesday next week") == ["wrongDay:Tuesday next week"]  # a draft gives the date it was given
