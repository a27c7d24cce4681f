"""The Edit check keeps correct edits it refused, and reads a range's start (session 32).

Refused though right: "Holiday hours: Dec 24 10am-2pm", "Gift cards 20% off through Dec 24" and "we're closed
Thanksgiving Thu" (the spa's dates and days, not the slot's), "Abrimos de lunes a sábado de 9 a 7", "Tue Dec 8
3-4pm" (the start said in a range whose end alone has its pm), and "next weekend, Sat Dec 12" sent on Saturday Dec 5
(said on a weekend day, "next weekend" is the one after, as a "next weekend" said alone is read). And passed though
wrong: "2-3pm" for a 3:00 pm slot, whose "2" was never read.
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

TZ = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)  # Tue 8 Dec, 3:00 pm
SAT = datetime(2026, 12, 12, 15, 0, tzinfo=TZ)  # Sat 12 Dec, 3:00 pm


def problem(text: str, *, slot: datetime = TUE, send: date = date(2026, 12, 5)) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=send, guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=10, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=slot, facts=facts)


OFFER = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Held 10 min. Reply YES. "


@pytest.mark.parametrize("extra", [
    "Holiday hours: Dec 24 10am-2pm", "Gift cards 20% off through Dec 24", "FYI we're closed Thanksgiving Thu",
    "We're closed Christmas Day, Dec 25", "Holiday hours: Christmas Eve 10am-2pm", "Sale ends Dec 24!",
])
def test_the_spas_own_dates_and_days_pass(extra: str) -> None:
    assert problem(OFFER + extra) is None


@pytest.mark.parametrize(("extra", "said"), [
    ("Holiday hours: Dec 24 3pm", "Dec 24"), ("Holiday hours: Dec 24 3-4pm", "Dec 24"), ("See you Dec 24!", "Dec 24"),
    ("20% off, or come Dec 24 at 3pm", "Dec 24"),
])
def test_a_date_said_as_a_visit_is_still_refused(extra: str, said: str) -> None:
    assert problem(OFFER + extra) == f'The slot is Tue 8 Dec, not "{said}": their YES books that day.'


def test_spanish_opening_days_pass_and_a_spanish_visit_day_is_still_read() -> None:
    text = "Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Lo guardamos 10 min. Responde SI. "
    assert problem(text + "Abrimos de lunes a sábado de 9 a 7") is None
    assert problem(text.replace("martes 8 dic", "jueves")) == 'The slot is Tue 8 Dec, not "jueves": their YES books that day.'


@pytest.mark.parametrize("when", ["Tue Dec 8 3-4pm", "Tue Dec 8, 3–4 p.m.", "Tue Dec 8 3pm-4pm"])
def test_a_range_whose_end_has_the_pm_gives_the_start(when: str) -> None:
    assert problem(f"Hi Ana, Swedish Massage w/ Priya {when}. Held 10 min. Reply YES") is None


@pytest.mark.parametrize(("when", "said"), [("Tue Dec 8 2-3pm", "2"), ("Tue Dec 8 3-5pm", "5pm")])
def test_a_range_with_another_start_or_end_is_refused(when: str, said: str) -> None:
    found = problem(f"Hi Ana, Swedish Massage w/ Priya {when}. Held 10 min. Reply YES")
    assert found is not None and f'take out "{said}"' in found, found


def test_next_weekend_said_on_a_saturday_is_the_one_after() -> None:
    text = "Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Held 10 min. Reply YES"
    assert problem(text, slot=SAT, send=date(2026, 12, 5)) is None
    # said on a weekday, "next weekend" may be the coming one or the one after: the date beside it does not say which
    assert problem(text, slot=SAT, send=date(2026, 12, 2)) is not None
    this = text.replace("next weekend", "this weekend")
    assert problem(this, slot=SAT, send=date(2026, 12, 5)) is not None  # this weekend is Dec 5-6


async def test_an_edit_with_the_spas_holiday_hours_and_a_range_is_saved(scene: Scene) -> None:
    slot = await _tomorrows_card(scene)  # Wednesday 25 Nov, 1:00 pm
    row = _row(scene, slot)
    candidate = row["candidates"][row["current_index"]]
    text = (f"Hi {candidate['first_name']}, a {candidate['service_name']} opened Wednesday at 1pm. Reply YES to claim "
            "it. Holiday hours: Dec 24 10am-2pm; we're closed Thanksgiving Thu")
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], text) is None
    early = text.replace("at 1pm", "12-1pm")
    found = fill.edit_problem(scene.copilot, row["id"], row["revision"], early)
    assert found is not None and 'take out "12"' in found, found
