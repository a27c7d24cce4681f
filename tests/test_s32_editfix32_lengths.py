"""The Edit check reads a length said of the session whatever its number and however it is written (session 32).

A length equal to the hold passed wherever it stood: with a 30-minute hold on a 60-minute slot, "It's 30 minutes.",
"(30 min)" and "a 30 min massage opened in SoHo" were sent, and the guest's YES books 60 minutes. The hold's minutes
now pass only where the text says they are the hold ("we'll hold it 30 minutes", "reply within 30 min", "Held: 30
min"). And a length in words or a fraction ("ninety minutes", "1 1/2 hours", "1½ hours", "one hour", "noventa
minutos"), one set off by commas ("Swedish Massage, 90 minutes, with Priya") or said by a verb of the offer ("It
lasts 90 minutes", "Dura 90 minutos") was not read at all.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill.drafts import OfferFacts, draft_problem, offer_facts, text_problem
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TUE = datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("America/New_York"))  # Tue 8 Dec, 3:00 pm


def problem(text: str, *, hold: int = 10, minutes: int = 60) -> str | None:
    facts = OfferFacts(starts_at=TUE, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=hold, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=minutes)
    return draft_problem(text, starts_at=TUE, facts=facts)


def refused_as(said: str, minutes: int = 60) -> str:
    return f'The offer is Swedish Massage ({minutes} minutes), not "{said}": their YES books {minutes} minutes.'


@pytest.mark.parametrize(("text", "said"), [
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. It's 30 minutes. Held 30 min. Reply YES", "30 minutes"),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm (30 min). We'll hold it 30 minutes. Reply YES", "30 min"),
    ("Hi Ana, a 30 min massage opened in SoHo Tue Dec 8 at 3pm with Priya. Held 30 min. Reply YES", "30 min"),
    ("Hi Ana, your next 30 min massage w/ Priya: Tue Dec 8 at 3pm. Held 30 min. Reply YES", "30 min"),
    ("Hi Ana, Swedish Massage, 30 minutes, w/ Priya Tue Dec 8 at 3pm. Reply within 30 min. Reply YES", "30 minutes"),
])
def test_the_holds_minutes_said_of_the_session_are_its_length(text: str, said: str) -> None:
    assert problem(text, hold=30) == refused_as(said)


@pytest.mark.parametrize("text", [
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. We'll hold it 30 minutes. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Reply within 30 min to claim it. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Held: 30 min. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Hold (30 min). Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. You have 30 minutes to reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. It's yours for the next thirty minutes. Reply YES",
    "Hi Ana, a 60 min Swedish Massage w/ Priya Tue Dec 8 at 3pm (60 min). Held 30 min. Reply YES",
])
def test_the_hold_said_as_the_hold_and_the_right_length_pass(text: str) -> None:
    assert problem(text, hold=30) is None


@pytest.mark.parametrize(("said", "words"), [
    (", ninety minutes,", "ninety minutes"), (" (ninety minutes)", "ninety minutes"),
    (", a ninety-minute massage,", "ninety-minute"), (" (1 1/2 hours)", "1 1/2 hours"), (", 1 1/2 hrs.", "1 1/2 hrs"),
    (" (1½ hours)", "1½ hours"), (" for one and a half hours", "one and a half hours"),
    (" (forty-five minutes)", "forty-five minutes"), (" for an hour and a half", "an hour and a half"),
    (", 90 minutes,", "90 minutes"), (". It lasts 90 minutes.", "90 minutes"), (". 90 minutes.", "90 minutes"),
    (" (a hundred and twenty minutes)", "a hundred and twenty minutes"), (" (two and a half hours)", "two and a half hours"),
])
def test_a_wrong_length_in_words_fractions_or_commas_is_refused(said: str, words: str) -> None:
    text = f"Hi Ana, Swedish Massage{said} w/ Priya Tue Dec 8 at 3pm. Held 10 min. Reply YES"
    assert problem(text) == refused_as(words)


@pytest.mark.parametrize(("text", "said"), [
    ("Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Dura 90 minutos. Lo guardamos 10 min. "
     "Responde SI", "90 minutos"),
    ("Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Dura noventa minutos. Lo guardamos 10 min. "
     "Responde SI", "noventa minutos"),
    ("Hola Ana, un masaje de dos horas y media con Priya el martes 8 dic a las 3pm. Lo guardamos 10 min. Responde SI",
     "dos horas y media"),
])
def test_a_wrong_length_in_spanish_is_refused(text: str, said: str) -> None:
    assert problem(text) == refused_as(said)


@pytest.mark.parametrize("said", [" (one hour)", ", a one-hour massage,", " (sixty minutes)", ". It lasts an hour.",
                                  ", 60 minutes,"])
def test_the_slots_own_length_in_words_passes(said: str) -> None:
    assert problem(f"Hi Ana, Swedish Massage{said} w/ Priya Tue Dec 8 at 3pm. Held 10 min. Reply YES") is None


@pytest.mark.parametrize("said", [
    ". Please arrive fifteen minutes early", ". Parking is free for two hours", ". Cancel 24 hours before, thanks",
])
def test_other_times_in_words_are_no_length(said: str) -> None:
    assert problem(f"Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm{said}. Held 10 min. Reply YES") is None


def test_a_hold_in_words_is_read_as_the_hold() -> None:
    text = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Held thirty minutes. Reply YES"
    assert problem(text) == 'The hold is 10 minutes, not "thirty minutes": a YES after 10 minutes books nothing.'
    assert problem(text.replace("thirty", "ten")) is None


def _length(row: dict[str, Any]) -> int:
    candidate = row["candidates"][row["current_index"]]
    start, end = (datetime.fromisoformat(candidate[k]) for k in ("start", "end"))
    return round((end - start).total_seconds() / 60)


async def test_an_edit_giving_the_holds_minutes_as_the_sessions_is_not_saved(scene: Scene,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    minutes = _length(row)
    hold = minutes // 2
    monkeypatch.setattr(scene.copilot.settings, "offer_hold_minutes", hold)
    first = row["candidates"][row["current_index"]]["first_name"]
    wrong = f"Hi {first}, a spot opened Wednesday at 1pm. It's {hold} minutes. Reply YES to claim it."
    found = fill.edit_problem(scene.copilot, row["id"], row["revision"], wrong)
    assert found is not None and f'not "{hold} minutes"' in found and f"books {minutes} minutes" in found, found
    held = f"Hi {first}, a spot opened Wednesday at 1pm. We'll hold it {hold} minutes. Reply YES to claim it."
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], held) is None


async def test_an_edit_giving_another_length_in_words_is_not_saved(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    minutes = _length(row)
    first = row["candidates"][row["current_index"]]["first_name"]
    words = {30: "thirty", 60: "sixty", 90: "ninety", 120: "a hundred and twenty"}
    wrong = next(w for m, w in words.items() if m != minutes)
    text = f"Hi {first}, a spot opened Wednesday at 1pm, {wrong} minutes. Reply YES to claim it."
    found = fill.edit_problem(scene.copilot, row["id"], row["revision"], text)
    assert found is not None and f'not "{wrong} minutes"' in found, found


# A service sold as 60 minutes whose booking runs longer (its processing or finishing time counts in the slot's
# length, the candidate's end less its start): the guest sees the menu's length, and "a 60-min Swedish Massage" names
# the very service their YES books, so it passes; a length that is neither the menu's nor the slot's is still refused.


def test_the_services_own_menu_length_passes_on_a_longer_slot() -> None:
    facts = OfferFacts(starts_at=TUE, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage"], hold_minutes=10, minutes=75, service_minutes=[60])
    text = "Hi Ana, a {}-min Swedish Massage opened Tue Dec 8 at 3pm. Held 10 min. Reply YES"
    assert draft_problem(text.format(60), starts_at=TUE, facts=facts) is None
    assert draft_problem(text.format(75), starts_at=TUE, facts=facts) is None
    found = draft_problem(text.format(90), starts_at=TUE, facts=facts)
    assert found == 'The offer is Swedish Massage (75 minutes), not "90-min": their YES books 75 minutes.'


async def test_an_edit_naming_the_menus_length_of_a_service_with_finishing_time_is_saved(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    candidate = row["candidates"][row["current_index"]]
    service = scene.copilot.known_catalog().service(candidate["service_id"])
    assert service is not None
    sold = service.duration_minutes
    start = datetime.fromisoformat(candidate["start"])
    # the booking runs 15 minutes past the menu's length (processing or finishing time)
    candidate["end"] = (start + timedelta(minutes=sold + 15)).isoformat()
    facts = offer_facts(scene.copilot, row)
    assert facts is not None and facts.minutes == sold + 15 and list(facts.service_minutes) == [sold]
    text = f"Hi {candidate['first_name']}, a {sold}-min {candidate['service_name']} opened Wednesday at 1pm. Reply YES."
    assert text_problem(scene.copilot, row, text) is None
    wrong = text.replace(f"{sold}-min", f"{sold + 45}-min")
    found = text_problem(scene.copilot, row, wrong)
    assert found is not None and f'not "{sold + 45}-min"' in found, found
