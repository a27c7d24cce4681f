"""The Edit check reads a session length against the slot's real length (session 31).

The length rule read only a service name that ends in a length ("Swedish Massage 60"): "a 90-minute massage" on a
60-minute slot of a "Signature Massage" was saved, and the guest's YES books 60 minutes. The card's facts now carry
the slot's real length (the candidate's end less its start), and a length said as the session's that is not it is
refused, in more of the ways it is written ("1.5h", "hour-long", "half-hour"); the hold's minutes and a clock time
("at 1:30") are not read as one.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill.drafts import OfferFacts, draft_problem, offer_facts, text_problem
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SLOT = datetime(2026, 11, 24, 13, 30, tzinfo=ZoneInfo("America/New_York"))


def problem(said: str, *, minutes: int | None = 60, hold: int = 10) -> str | None:
    facts = OfferFacts(starts_at=SLOT, send_day=date(2026, 11, 24), guest_name="Ana", services=["Signature Massage"],
                       menu=["Signature Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=hold, minutes=minutes)
    text = (f"Hi Ana, a Signature Massage opened today at 1:30 pm with Priya{said}. Held for {hold} minutes. "
            "Reply YES to claim it.")
    return draft_problem(text, starts_at=SLOT, facts=facts)


@pytest.mark.parametrize(("said", "words"), [
    (", a 90-minute massage", "90-minute"), (" (90 min)", "90 min"), (" for an hour and a half", "an hour and a half"),
    (" (1.5h)", "1.5h"), (", a 1.5h massage", "1.5h"), (" for 1.5 hrs", "1.5 hrs"), (", 90 minutes long", "90 minutes"),
    (", a half-hour massage", "half-hour"),
])
def test_another_length_than_the_slots_is_refused_without_a_length_in_the_name(said: str, words: str) -> None:
    assert problem(said) == (f'The offer is Signature Massage (60 minutes), not "{words}": their YES books 60 '
                             "minutes.")


@pytest.mark.parametrize("said", [", an hour-long massage", ", an hour long", " (1h)"])
def test_an_hour_long_is_refused_for_a_90_minute_slot(said: str) -> None:
    found = problem(said, minutes=90)
    assert found is not None and "(90 minutes)" in found, found


@pytest.mark.parametrize("said", [
    ", a 60-minute massage", " (60 min)", " for an hour", ", an hour-long massage", " (1h)",
    ". Please arrive 15 minutes early", ". Parking is free for 2 hours", " (arrive at 1:15)",
])
def test_the_slots_own_length_and_other_times_pass(said: str) -> None:
    assert problem(said) is None


def test_the_start_at_half_past_is_no_length() -> None:
    assert problem(", see you at 1:30") is None
    assert problem(", 1:30-2:30") is None  # its end said as one: 60 minutes on


@pytest.mark.parametrize("said", [". We'll hold it for 30 minutes", ". Reply within 30 min"])
def test_the_holds_own_minutes_are_no_length(said: str) -> None:
    assert problem(said, hold=30) is None


def test_an_end_that_is_not_the_slots_length_is_refused() -> None:
    assert problem(", 1:30-3:00") is not None  # 90 minutes on, for a 60-minute slot
    assert problem(", 1:30-3:00", minutes=90) is None


def test_without_the_slots_length_a_name_without_one_is_not_read() -> None:
    assert problem(", a 90-minute massage", minutes=None) is None


async def test_the_cards_facts_carry_the_candidates_real_length(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    candidate = row["candidates"][row["current_index"]]
    start, end = (datetime.fromisoformat(candidate[k]) for k in ("start", "end"))
    minutes = round((end - start).total_seconds() / 60)
    facts = offer_facts(scene.copilot, row)
    assert facts is not None and facts.minutes == minutes
    # a service whose menu name gives no length: the slot's own length is still what the text must say
    renamed = copy.deepcopy(row)
    renamed["candidates"][renamed["current_index"]]["service_name"] = "Signature Ritual"
    wrong = minutes + 30
    text = (f"Hi {candidate['first_name']}, a {wrong}-minute Signature Ritual opened Wednesday at 1pm. "
            "Reply YES to claim it.")
    found = text_problem(scene.copilot, renamed, text)
    assert found is not None and f'not "{wrong}-minute"' in found, found
    right = text.replace(f"{wrong}-minute", f"{minutes}-minute")
    assert text_problem(scene.copilot, renamed, right) is None


async def test_an_edit_saying_another_length_is_not_saved(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    candidate = row["candidates"][row["current_index"]]
    start, end = (datetime.fromisoformat(candidate[k]) for k in ("start", "end"))
    wrong = round((end - start).total_seconds() / 60) + 30
    text = f"Hi {candidate['first_name']}, a spot opened Wednesday at 1pm ({wrong} min). Reply YES to claim it."
    problem_line = fill.edit_problem(scene.copilot, row["id"], row["revision"], text)
    assert problem_line is not None and "minutes" in problem_line, problem_line
