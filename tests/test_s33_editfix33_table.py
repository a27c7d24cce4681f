"""The Edit check of a fill offer, read against a table of a manager's edits (session 33, editfix33).

Each row is an edited SMS, the slot it offers and whether the check must refuse it. The slot is Tue 8 Dec 2026 at
3:00 pm, 60 minutes, held 30 minutes, its text going out Sat 5 Dec, unless the row says otherwise. Left by the last
session: wrong texts that passed ("Christmas Eve 3-4pm" on a Dec 8 slot, "Closed Dec 8." on the slot's own day,
"at 3pm for only 90 minutes!", "Swedish Massage 30" on a 60-minute slot) and right ones refused.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

NY = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=NY)  # Tue 8 Dec, 3:00 pm
SAT = datetime(2026, 12, 12, 15, 0, tzinfo=NY)  # Sat 12 Dec, 3:00 pm
NOON = datetime(2026, 12, 8, 12, 0, tzinfo=NY)  # Tue 8 Dec, 12:00 pm


def problem(text: str, *, start: datetime = TUE, send: date = date(2026, 12, 5), hold: int = 30,
            minutes: int = 60) -> str | None:
    facts = OfferFacts(starts_at=start, send_day=send, guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=hold, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=minutes)
    return draft_problem(text, starts_at=start, facts=facts)


OFFER = "Hi Ana, a Swedish Massage w/ Priya opened Tue Dec 8 at 3pm."
MON = {"start": SAT, "send": date(2026, 12, 7)}  # a Sat 12 Dec slot, texted on Mon 7 Dec
WED = {"start": SAT, "send": date(2026, 12, 9)}
FRI = {"start": SAT, "send": date(2026, 12, 11)}

#: (text, the slot's facts beside the defaults, refused?)
WRONG_PASSED = [
    ("Hi Ana, a Swedish Massage w/ Priya opened Christmas Eve 3-4pm. Reply YES", {}, True),
    ("Hi Ana, a Swedish Massage w/ Priya opened Christmas Eve from 3pm. Reply YES", {}, True),
    ("Hi Ana, a Swedish Massage w/ Priya opened Christmas Eve between 3 and 4pm. Reply YES", {}, True),
    (f"{OFFER} Closed Dec 8. Reply YES", {}, True),
    (f"{OFFER} Closed Tuesdays. Reply YES", {}, True),
    ("Hi Ana, a Swedish Massage w/ Priya Tue Dec 8 at 3pm for only 90 minutes! Reply YES", {}, True),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Quick 90 min treat! Reply YES", {}, True),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Just 90 min - reply YES", {}, True),
    ("Hi Ana, Swedish Massage 30 w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, True),
    ("Hi Ana, Swedish Massage (30) w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, True),
    # "noon" in a short range is read: "noon-1pm" after a day is a noon slot's visit, not the spa's hours
    ("Hi Ana, we're open Friday noon-1pm for a Swedish Massage w/ Priya! Reply YES", {"start": NOON}, True),
]

#: Right texts that were refused: the manager could not send them
RIGHT_REFUSED = [
    (f"{OFFER} Open Sun from 11am to 1pm. Reply YES", {}, False),
    (f"{OFFER} We're open Sat between 10 and 6. Reply YES", {}, False),
    (f"{OFFER} Sat from 10am to 6pm we're open too. Reply YES", {}, False),
    ("Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Abrimos lunes-sábado 9am-7pm. Responde SI", {},
     False),
    (f"{OFFER} Closed Thanksgiving Thu. Reply YES", {}, False),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Reply YES", MON, False),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Reply YES", WED, False),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Reply YES", FRI, False),
]

#: A short range that holds the slot's start is still the visit's, its day read ("Friday 2-4pm" for a 3:00 pm slot);
#: "this weekend" said on a Sunday is still not the next one, whatever the date beside it
STILL_READ = [
    (f"{OFFER} We're open Friday 2pm-4pm, come at 3pm! Reply YES", {}, True),
    ("Hi Ana, we're open Friday between 3 and 4pm for a Swedish Massage w/ Priya. Reply YES", {}, True),
    ("Hi Ana, Swedish Massage w/ Priya. Fri from 3pm to 4pm we're open for you. Reply YES", {}, True),
    ("Hi Ana, a Swedish Massage w/ Priya opened this weekend, Sat Dec 12 at 3pm. Reply YES",
     {"start": SAT, "send": date(2026, 12, 6)}, True),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 19 at 3pm. Reply YES", MON, True),
    ("Hi Ana, a Swedish Massage w/ Priya opened Christmas Eve at 3pm. Closed Dec 24 otherwise. Reply YES", {}, True),
]

#: Edits the check already read right, kept beside the ones fixed so a fix does not tip them over
CHECKED = [
    ("Hi Ana, Quick 90 min treat: Swedish Massage w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, True),
    (f"{OFFER} We're open Sun noon-2pm. Reply YES", {}, False),
    # the hold's own minutes said as the hold pass (a 30-minute hold); other minutes for the reply do not
    (f"{OFFER} Reply in the next half hour. Reply YES", {}, False),
    (f"{OFFER} Reply in the next half hour. Reply YES", {"hold": 10}, True),
    # the service's own length after its name passes, as does a date or a price after it
    ("Hi Ana, Swedish Massage 60 w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, False),
    ("Hi Ana, Swedish Massage (60) w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, False),
    ("Hi Ana, Swedish Massage 12/8 at 3pm w/ Priya. Reply YES", {}, False),
    ("Hi Ana, Swedish Massage, 95 dollars, Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, False),
    ("Hi Ana, a 60 min Swedish Massage opened Tue Dec 8 at 3pm (held 30 minutes). Treat yourself! Reply YES", {}, False),
]


@pytest.mark.parametrize(("text", "slot", "refused"), WRONG_PASSED)
def test_wrong_texts_that_passed_are_refused(text: str, slot: dict, refused: bool) -> None:
    found = problem(text, **slot)
    assert (found is not None) == refused, found


@pytest.mark.parametrize(("text", "slot", "refused"), RIGHT_REFUSED)
def test_right_texts_that_were_refused_pass(text: str, slot: dict, refused: bool) -> None:
    found = problem(text, **slot)
    assert (found is not None) == refused, found


@pytest.mark.parametrize(("text", "slot", "refused"), [*STILL_READ, *CHECKED])
def test_edits_read_right_stay_right(text: str, slot: dict, refused: bool) -> None:
    found = problem(text, **slot)
    assert (found is not None) == refused, found
