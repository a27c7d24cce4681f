"""The Edit check refuses what the guest would read as another day, another time or a hold it cannot keep (session 29).

Last session these edits were saved and could be approved, though the guest's YES would not book what they say:
"next Tuesday" for a slot on the coming Tuesday (or today, a Tuesday), "3:00 pm. Or at 11:00 am" for the 11:00 am
slot, "held till noon" or "reply by 2:30" (the copilot holds a slot a number of minutes from sending, never until a
clock time). Good edits in a manager's own words ("11a", "11.00", "at eleven", "tmrw", "Dec 8th", "12/8", an end said
as one, "11:00-12:00") are kept: a check that refuses good edits is one managers stop using.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
TUESDAY = datetime(2026, 11, 24, 11, 0, tzinfo=TZ)  # Tue 24 Nov 2026, 11:00 am, a Swedish Massage 60 held 10 minutes
MENU = ["Swedish Massage 60", "Swedish Massage 90", "Deep Tissue Massage 60"]


def facts(slot: datetime, send_day: date) -> OfferFacts:
    return OfferFacts(
        starts_at=slot, send_day=send_day, guest_name="Ana", services=["Swedish Massage 60"], menu=MENU,
        location="Juniper & Salt SoHo", hold_minutes=10,
    )


def problem(text: str, *, slot: datetime = TUESDAY, send_day: date = date(2026, 11, 24)) -> str | None:
    return draft_problem(f"Hi Ana, {text}", starts_at=slot, facts=facts(slot, send_day))


# --- 1. "next Tuesday" ---

@pytest.mark.parametrize("send_day", [date(2026, 11, 24), date(2026, 11, 22), date(2026, 11, 19)])
@pytest.mark.parametrize("said", ["next Tuesday", "next Tues", "Next Tuesday"])
def test_next_weekday_is_refused_whatever_day_the_text_goes_out(said: str, send_day: date) -> None:
    # said on the Tuesday itself it is a week on; said on Sunday some read it as in two days, some as in nine
    found = problem(f"a Swedish Massage 60 opened {said} at 11:00 am. Reply YES to claim it.", send_day=send_day)
    assert found is not None and f'not "{said}"' in found


def test_next_other_weekday_names_the_whole_phrase() -> None:
    found = problem("a spot opened next Wednesday at 11:00 am. Reply YES to claim it.")
    assert found is not None and 'not "next Wednesday"' in found


@pytest.mark.parametrize("text", [
    "a Swedish Massage 60 opened this Tuesday at 11:00 am. Reply YES to claim it.",
    "a Swedish Massage 60 opened Tuesday at 11:00 am. Reply YES to claim it.",
    "a Swedish Massage 60 opened this coming Tuesday at 11:00 am. Reply YES to claim it.",
    "a Swedish Massage 60 opened next Tuesday, Nov 24 at 11:00 am. Reply YES to claim it.",  # the date says which
    "a Swedish Massage 60 opened next Tue 11/24 at 11:00 am. Reply YES to claim it.",
])
def test_the_coming_tuesday_said_plainly_or_with_its_date_is_kept(text: str) -> None:
    assert problem(text, send_day=date(2026, 11, 22)) is None


def test_next_tuesday_with_another_date_is_refused() -> None:
    found = problem("a spot opened next Tuesday, Dec 1 at 11:00 am. Reply YES to claim it.", send_day=date(2026, 11, 22))
    assert found is not None and "next Tuesday" in found


def test_a_models_draft_saying_next_tuesday_is_flagged() -> None:
    from spa_copilot.ai.guardrails import invitation_fact_flags

    flags = invitation_fact_flags(
        "Hi Ana, a Swedish Massage 60 opened next Tuesday at 11:00 am. Reply YES to claim it.",
        starts_at=TUESDAY, when="Tue 24 Nov at 11:00 am", service_name="Swedish Massage 60",
    )
    assert flags == ["wrongDay:next Tuesday"]


# --- 2. another clock time beside the slot's ---

@pytest.mark.parametrize("text", [
    "a spot opened today 3:00 pm. Or at 11:00 am. Reply YES to claim it.",
    "a spot opened today at 11am or 1pm. Reply YES to claim it.",
    "a spot opened today at 11am. Reply YES to claim it. We have more at 2.",
    "a spot opened today at 11am or 3p. Reply YES to claim it.",
    "a spot opened today at 11am (or three o'clock). Reply YES to claim it.",
    "a spot opened today at 11am or 3 in the afternoon. Reply YES to claim it.",
    "your Swedish Massage 60 opened today 11:00-12:30. Reply YES to claim it.",  # not the 60 minutes' end
    "a spot opened today at 11am. Arrive at 10:15. Reply YES to claim it.",  # no arrival 45 minutes early
    "a spot opened today at 11am, we close at 7pm. Reply YES to claim it.",
])
def test_another_clock_time_is_refused(text: str) -> None:
    assert problem(text) is not None


@pytest.mark.parametrize(("text", "said"), [
    ("a spot opened today 3:00 pm. Or at 11:00 am.", "3:00 pm"),
    ("your Swedish Massage 60 opened today 11:00-12:30.", "12:30"),
])
def test_the_modal_line_names_the_other_time(text: str, said: str) -> None:
    from spa_copilot.ai.guardrails import slot_time_problem

    line = slot_time_problem(f"Hi Ana, {text} Reply YES to claim it.", TUESDAY, minutes=60)
    assert line is not None and f'take out "{said}"' in line and "11:00 am" in line


@pytest.mark.parametrize("text", [
    "a spot opened today 11:00-12:00. Reply YES to claim it.",
    "a spot opened today 11am to 12pm. Reply YES to claim it.",
    "a Swedish Massage 60 opened today at 11:00 am - 12:00 pm. Reply YES to claim it.",
    "a 60 min massage opened today 11:00 am to 12:00 pm. Reply YES to claim it.",
    "a spot opened today 11am - noon. Reply YES to claim it.",
    "a spot opened today at 11am; please arrive by 10:45 am. Reply YES to claim it.",
    "a spot opened today at 11am (check in at 10:45). Reply YES to claim it.",
])
def test_the_slots_end_said_as_one_and_an_arrival_just_before_are_kept(text: str) -> None:
    assert problem(text) is None


def test_an_end_is_held_to_the_length_the_caller_gives() -> None:
    from spa_copilot.ai.guardrails import names_slot_time

    assert names_slot_time("11:00-12:30", TUESDAY)  # no length known: a usual service's end
    assert not names_slot_time("11:00-12:30", TUESDAY, minutes=60)
    assert names_slot_time("11:00-12:30", TUESDAY, minutes=90)


# --- 3. a hold until a clock time ---

@pytest.mark.parametrize("text", [
    "a spot opened today at 11:00 am, held till noon. Reply YES to claim it.",
    "a spot opened today at 11:00 am; we'll hold it until 3pm. Reply YES to claim it.",
    "a spot opened today at 11:00 am. Reply YES by 2:30 to claim it.",
    "a spot opened today at 11:00 am. Reply YES by 11:10am to claim it.",
    "a spot opened today at 11:00 am; it's yours until the end of the day. Reply YES to claim it.",
])
def test_a_hold_until_a_clock_time_is_refused(text: str) -> None:
    assert problem(text) is not None


def test_a_hold_until_the_slots_own_time_is_refused_too() -> None:
    noon = datetime(2026, 11, 24, 12, 0, tzinfo=TZ)
    assert problem("a spot opened today at noon, held till noon. Reply YES to claim it.", slot=noon) is not None


@pytest.mark.parametrize(("text", "said"), [
    ("held till noon", "held till noon"),
    ("we'll hold it until 3pm", "hold it until 3pm"),
    ("reply by 2:30", "reply by 2:30"),
])
def test_the_modal_line_asks_for_the_hold_in_minutes(text: str, said: str) -> None:
    from spa_copilot.ai.guardrails import slot_time_problem

    line = slot_time_problem(f"Hi Ana, a spot opened today at 11:00 am, {text}. Reply YES.", TUESDAY, hold_minutes=10)
    assert line == (f'Give the hold in minutes ("held for 10 minutes"), not "{said}": the slot is held 10 minutes '
                    "from when the text is sent, which a clock time cannot say.")


def test_a_models_draft_holding_until_the_slots_own_time_is_flagged() -> None:
    from spa_copilot.ai.guardrails import invitation_fact_flags

    noon = datetime(2026, 11, 24, 12, 0, tzinfo=TZ)
    flags = invitation_fact_flags(
        "Hi Ana, a Swedish Massage 60 opened today at noon, held till noon. Reply YES to claim it.",
        starts_at=noon, when="today at 12:00 pm", service_name="Swedish Massage 60",
    )
    assert flags == ["holdUntil:held till noon"]


@pytest.mark.parametrize("text", [
    "a spot opened today at 11:00 am. Reply YES to claim it. Held for 10 minutes.",
    "a spot opened today at 11:00 am. Reply YES by text to claim it.",
    "a spot opened today at 11:00 am. Reply YES before someone else grabs it!",
    "a spot opened at 11am today. Reply YES in the next 10 minutes.",
    "a spot at 11am today. Reply YES to claim the spot in 10 minutes.",
])
def test_a_hold_in_minutes_and_reply_words_without_a_time_are_kept(text: str) -> None:
    assert problem(text) is None


# --- 4. a manager's own ways of writing it ---

@pytest.mark.parametrize(("text", "slot", "send_day"), [
    ("a spot opened today at 11:00 am 🎉💆 Reply YES to claim it!", TUESDAY, date(2026, 11, 24)),
    ("a spot opened tmrw at 11a. Reply YES to claim it.", TUESDAY, date(2026, 11, 23)),
    ("a spot opened today, 11.00. Reply YES to claim it.", TUESDAY, date(2026, 11, 24)),
    ("a spot opened today at 11 o'clock. Reply YES to claim it.", TUESDAY, date(2026, 11, 24)),
    ("a spot opened today at eleven. Reply YES to claim it.", TUESDAY, date(2026, 11, 24)),
    ("a spot opened today at eleven o'clock. Reply YES to claim it.", TUESDAY, date(2026, 11, 24)),
    ("a spot opened Nov 24th at 11am. Reply YES to claim it.", TUESDAY, date(2026, 11, 23)),
    ("a spot opened 24 Nov at 11am. Reply YES to claim it.", TUESDAY, date(2026, 11, 23)),
    ("a spot opened this morning at 11am. Reply YES to claim it.", TUESDAY, date(2026, 11, 24)),
    ("a spot opened Dec 8th at 2:30pm. Reply YES to claim it.", datetime(2026, 12, 8, 14, 30, tzinfo=TZ), date(2026, 12, 5)),
    ("a spot opened on 12/8 at 2:30. Reply YES to claim it.", datetime(2026, 12, 8, 14, 30, tzinfo=TZ), date(2026, 12, 5)),
    ("a spot opened 8 Dec, half past two. Reply YES to claim it.", datetime(2026, 12, 8, 14, 30, tzinfo=TZ), date(2026, 12, 5)),
    ("a spot opened this afternoon at 2:30. Reply YES to claim it.", datetime(2026, 11, 24, 14, 30, tzinfo=TZ), date(2026, 11, 24)),
    ("a spot opened tonight at 7pm. Reply YES to claim it.", datetime(2026, 11, 24, 19, 0, tzinfo=TZ), date(2026, 11, 24)),
    ("a spot opened today at 9 in the morning. Reply YES to claim it.", datetime(2026, 11, 24, 9, 0, tzinfo=TZ), date(2026, 11, 24)),
])
def test_realistic_good_edits_are_kept(text: str, slot: datetime, send_day: date) -> None:
    assert problem(text, slot=slot, send_day=send_day) is None


@pytest.mark.parametrize("text", [
    "a spot opened this afternoon at 11am. Reply YES to claim it.",
    "a spot opened tonight at 11am. Reply YES to claim it.",
    "a spot starts in an hour, at 11am. Reply YES to claim it.",
])
def test_a_part_of_the_day_or_a_start_from_now_that_is_not_the_slots_is_refused(text: str) -> None:
    assert problem(text) is not None


def test_the_modal_lines_for_a_part_of_the_day_and_a_start_from_now() -> None:
    from spa_copilot.ai.guardrails import slot_time_problem

    assert slot_time_problem("tonight at 11am", TUESDAY) == 'The slot starts at 11:00 am, not "tonight": their YES books that time.'
    assert slot_time_problem("11am, starts in an hour", TUESDAY) == (
        'Give the slot\'s clock time (11:00 am), not "starts in an hour": the text may go out later than now.')


def test_the_hold_line_without_the_minutes_asks_for_the_drafts() -> None:
    from spa_copilot.ai.guardrails import slot_time_problem

    assert slot_time_problem("11am, held till noon", TUESDAY) == (
        'Give the hold in minutes, as the draft did, not "held till noon": the slot is held a number of minutes from '
        "when the text is sent, which a clock time cannot say.")


def test_a_part_of_the_day_in_another_sentence_is_not_the_slots() -> None:
    half_past_two = datetime(2026, 11, 24, 14, 30, tzinfo=TZ)
    text = "a Swedish Massage 60 opened today at 2:30 pm. Reply YES to claim it (held 10 minutes). We're open late tonight!"
    assert problem(text, slot=half_past_two) is None


DEC_8 = datetime(2026, 12, 8, 14, 30, tzinfo=TZ)  # Tue 8 Dec 2:30 pm, the text going out Sat 5 Dec


@pytest.mark.parametrize("text", [
    "a spot opened 12/9, 2:30pm. Reply YES to claim it.",  # a numeric date before a time, no "on" or "at"
    "a spot opened 12/9 2:30p. Reply YES to claim it.",
    "a spot opened Tuesday at 2:30pm, or Weds if easier. Reply YES to claim it.",
    "a spot opened Tuesday at 2:30 or 3. Reply YES to claim it.",
])
def test_a_second_day_or_hour_in_a_managers_shorthand_is_refused(text: str) -> None:
    assert problem(text, slot=DEC_8, send_day=date(2026, 12, 5)) is not None


@pytest.mark.parametrize("text", [
    "a spot opened 12/8, 2:30pm. Reply YES to claim it.",
    "a spot opened Tues at 2:30p. Reply YES to claim it. We book online 24/7, 2:30pm included.",
    "a spot opened Tuesday at 2:30pm 😊 Reply YES to claim it.",
    "a spot opened Tuesday at 2.30 in the afternoon. Reply YES to claim it.",
])
def test_the_same_shorthand_for_the_slots_own_day_and_hour_is_kept(text: str) -> None:
    assert problem(text, slot=DEC_8, send_day=date(2026, 12, 5)) is None


def test_tonight_for_a_slot_just_after_midnight_is_no_other_part_of_the_day() -> None:
    from spa_copilot.ai.guardrails import slot_time_flags

    assert slot_time_flags("a spot tonight at midnight", datetime(2026, 12, 5, 0, 0, tzinfo=TZ)) == []
    assert slot_time_flags("a spot tonight at 1am", datetime(2026, 12, 5, 1, 0, tzinfo=TZ)) == []
    assert slot_time_flags("a spot tonight at 9am", datetime(2026, 12, 5, 9, 0, tzinfo=TZ)) == ["dayPart:tonight"]
