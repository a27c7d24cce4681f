"""Smaller Edit-check misses (session 32, rev32c L3/L4), through ``fill.edit_problem`` on the sandbox card (Wed 25
Nov, 1:00 pm, 60 minutes).

"Only 90 minutes!" (a length sentence of its own after "only" or "just") was not read as the session's length. A
holiday said as the visit's day ("Christmas Eve at 1pm", "on Thanksgiving") was not read as a day at all, and the
slot's own day said closed ("We're closed Nov 25", "Closed on Wed") passed as the spa's hours.

Kept refused, on purpose: "Reply YES. 10 minutes." alone after the reply words. A bare length sentence does not say
it is the hold; a guest may read it as the session's length, which the modal's line lets the manager reword.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill.drafts import OfferFacts, draft_problem
from tests.fill_scene import Scene
from tests.test_s20_fill_approve_checks import _row, _tomorrows_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _problem(scene: Scene, text: str) -> str | None:
    slot = await _tomorrows_card(scene)
    row = _row(scene, slot)
    c = row["candidates"][row["current_index"]]
    return fill.edit_problem(scene.copilot, row["id"], row["revision"], text.format(name=c["first_name"],
                                                                                   service=c["service_name"]))


@pytest.mark.parametrize(("said", "length"), [("Only 90 minutes!", "90 minutes"), ("Just 90 min.", "90 min"),
                                              ("only 30 minutes!", "30 minutes")])
async def test_only_or_just_a_length_is_the_sessions_length(scene: Scene, said: str, length: str) -> None:
    found = await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.")
    assert found is not None and f'not "{length}": their YES books 60 minutes.' in found, found


@pytest.mark.parametrize("said", ["Only 60 minutes!", "Just 60 min.", "Only 10 minutes to reply!"])
async def test_the_slots_own_length_or_a_reply_window_after_only_passes(scene: Scene, said: str) -> None:
    assert await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.") is None


@pytest.mark.parametrize(("when", "said"), [("Christmas Eve at 1pm", "Christmas Eve"), ("on Thanksgiving at 1pm", "Thanksgiving"),
                                            ("Xmas Day, 1pm", "Xmas Day"), ("1pm on New Year's Eve", "New Year's Eve")])
async def test_a_holiday_said_as_the_visits_day_is_read(scene: Scene, when: str, said: str) -> None:
    found = await _problem(scene, "Hi {name}, a {service} opened " + when + ". Reply YES to claim it.")
    assert found == f'The slot is Wed 25 Nov, not "{said}": their YES books that day.'


@pytest.mark.parametrize("text", [
    "Merry Christmas {name}! A {service} opened Wed at 1pm. Reply YES to claim it.",
    "Happy Thanksgiving week {name}! A {service} opened Wed at 1pm. Reply YES to claim it.",
    "Hi {name}, a {service} opened Wed at 1pm. We're closed on Thanksgiving. Reply YES to claim it.",
    "Hi {name}, a {service} opened Wed at 1pm. Holiday hours: Christmas Eve 10am-2pm. Reply YES to claim it.",
    "Hi {name}, a {service} opened Wed at 1pm - our Christmas gift cards are in! Reply YES to claim it.",
])
async def test_a_holiday_not_said_as_the_visits_day_passes(scene: Scene, text: str) -> None:
    assert await _problem(scene, text) is None


def test_a_holiday_on_the_slots_own_day_passes() -> None:
    slot = datetime(2026, 11, 26, 15, 0, tzinfo=ZoneInfo("America/New_York"))  # Thanksgiving 2026
    facts = OfferFacts(starts_at=slot, send_day=date(2026, 11, 24), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage"], hold_minutes=10, minutes=60)
    text = "Hi Ana, a Swedish Massage opened on Thanksgiving at 3pm. Held 10 min. Reply YES"
    assert draft_problem(text, starts_at=slot, facts=facts) is None
    assert draft_problem(text.replace("Thanksgiving", "Christmas Eve"), starts_at=slot, facts=facts) is not None


@pytest.mark.parametrize(("said", "closed"), [("We're closed Nov 25.", "Nov 25"), ("Closed on Wed.", "Wed"),
                                              ("We are closed Wednesday!", "Wednesday")])
async def test_the_slots_own_day_said_closed_is_refused(scene: Scene, said: str, closed: str) -> None:
    found = await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.")
    assert found == f'The slot is Wed 25 Nov: take out "closed {closed}" (the guest would read that the spa is shut then).'


@pytest.mark.parametrize("said", ["We're closed Monday.", "Closed on Thanksgiving.", "We're closed Dec 24."])
async def test_another_day_said_closed_passes(scene: Scene, said: str) -> None:
    assert await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. " + said + " Reply YES to claim it.") is None


async def test_a_bare_length_after_the_reply_words_is_still_read_as_a_length(scene: Scene) -> None:
    found = await _problem(scene, "Hi {name}, a {service} opened Wed at 1pm. Reply YES. 10 minutes.")
    assert found is not None and 'not "10 minutes": their YES books 60 minutes.' in found, found
