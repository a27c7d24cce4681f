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
    # found among the fresh edits: another therapist after "w/", a length with "full"
    ("Hi Ana, Swedish Massage w/ Maya Tue Dec 8 at 3pm. Reply YES", {}, True),
    ("Hi Ana, Swedish Massage w/Maya Tue Dec 8 at 3pm. Reply YES", {}, True),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm for a full hour and a half. Reply YES", {}, True),
]

#: Right texts that were refused: the manager could not send them
RIGHT_REFUSED = [
    # refused since editfix33b: "Open" alone before a day and a short range may offer a visit then ("open Wed 1-2pm &
    # Tue Dec 8 at 3pm - reply YES for either"); only plain words about hours ("Sun hours", "we're open") say hours
    (f"{OFFER} Open Sun from 11am to 1pm. Reply YES", {}, True),
    (f"{OFFER} Sun hours 11am to 1pm. Reply YES", {}, False),
    (f"{OFFER} We're open Sat between 10 and 6. Reply YES", {}, False),
    (f"{OFFER} Sat from 10am to 6pm we're open too. Reply YES", {}, False),
    ("Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Abrimos lunes-sábado 9am-7pm. Responde SI", {},
     False),
    (f"{OFFER} Closed Thanksgiving Thu. Reply YES", {}, False),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Reply YES", MON, False),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Reply YES", WED, False),
    ("Hi Ana, a Swedish Massage w/ Priya opened next weekend, Sat Dec 12 at 3pm. Reply YES", FRI, False),
    # found among the fresh edits
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Sun hours 11am-4pm, Sat 10-6. Reply YES", {}, False),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. We're closed Dec 24-26. Reply YES", {}, False),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Closed Dec 24th-26th. Reply YES", {}, False),
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

#: Fresh edits as a manager writes them (friendly, short, emoji, hours, prices, parking, "see you at 3!"): right
#: ones must pass, wrong ones be refused
FRESH = [
 ("Hi Ana! 🌿 A Swedish Massage with Priya just opened up Tue Dec 8 at 3pm. Want it? Reply YES!", {}, False),
 ("Ana - good news! Swedish Massage w/ Priya, Tuesday 12/8 @ 3pm. Reply YES to grab it 💆‍♀️", {}, False),
 ("Hi Ana, a spot opened: Swedish Massage, Tue Dec 8, 3-4pm with Priya. $120. Reply YES to book!", {}, False),
 ("Hey Ana! Priya has a Swedish Massage open Tue Dec 8 at 3:00 pm. Free parking out back. Reply YES 😊", {}, False),
 ("Hi Ana, Swedish Massage with Priya on Tuesday at 3pm just freed up. We'll hold it 30 minutes. Reply YES to claim.", {}, False),
 ("Hi Ana! Tue Dec 8 at 3pm - Swedish Massage w/ Priya. Please arrive by 2:45pm. Reply YES to book.", {}, False),
 ("Hi Ana, a 60-min Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. See you at 3! Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8, 3pm-4pm. Validated parking on 2nd St. Reply YES", {}, False),
 ("Ana! Swedish Massage Tuesday Dec 8 at 3 with Priya. Reply YES and it's yours ✨", {}, False),
 ("Hi Ana, treat yourself 💆 Swedish Massage w/ Priya, Tue Dec 8 at 3pm. We're open Mon-Sat 9am-8pm. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Heads up: we're closed Christmas Day. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Holiday hours Dec 24: 10am-2pm. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm, 60 minutes of pure bliss. Reply YES 🌸", {}, False),
 ("Hi Ana, your fave Swedish Massage w/ Priya - Tue Dec 8 at 3pm. Gift cards 20% off through Dec 24! Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya opened Tue 12/8 at 3pm. It's yours for the next 30 minutes. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Reply YES within 30 min to claim 🙏", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya opened Tue Dec 8 at 3pm ($95, 60 min). Reply YES", {}, False),
 ("Hi Ana, a Swedish Massage w/ Priya just opened next weekend, Sat Dec 12 at 3pm. Reply YES", MON, False),
 ("Hi Ana, Swedish Massage w/ Priya this Saturday Dec 12 at 3pm! Reply YES 🎉", MON, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at noon. Reply YES to book", {"start": NOON}, False),
 # refused since editfix33b: "Open" alone and a short range (10am to noon) may offer a visit then (rev33b H2)
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Open Sat 10am to noon. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. We're open Sat 10am to noon. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Wed Dec 9 at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 2pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. See you at 2! Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 3-4:30pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm, 90 minutes of bliss! Reply YES", {}, True),
 ("Hi Ana, a 90-min Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. We'll hold it till 4pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Held for 10 minutes. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya tonight at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya tomorrow at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. We're closed Tuesdays btw. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya on Christmas Eve at 3pm. Reply YES", {}, True),
 ("Hi Ana, Deep Tissue Massage w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Reply YES within 10 min!", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya next Tuesday at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Just 45 min! Reply YES", {}, True),
 ("Hi Ana, Swedish Massage 90 w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 from 3pm to 5pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya, Thanksgiving 3pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Closed Tue Dec 8 for a private event. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya - Fri 3-4pm, we're open late! Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Open Tue from 3pm to 4pm only for you. Reply YES", {}, False),
 ("Hi Ana, a Swedish Massage spot is open Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, False),
 ("Hi Ana, Priya's book is open Tuesday at 3pm - Swedish Massage? Reply YES", {}, False),
 ("Hi Ana, a Swedish Massage spot is open Friday at 3pm w/ Priya. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya open Fri 3-4pm! Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. FYI closed Mondays. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Closed Christmas & New Year's Day. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Closed Tue Dec 8 after 5pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Open Sun 11-5. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Sat 9am-5pm is our hours. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Open Sun 2pm to 4pm. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya. Open Fri 3pm-4pm just for you! Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Christmas Eve we're open 10-2. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Christmas Eve 10am-2pm only. Reply YES", {}, True),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm (a 60 min treat). Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm - 60 min - reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Just 60 min - reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm for only $95! Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm for just 60 minutes of calm. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage 2 spots left Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage 100% relaxing, Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Parking free for 2 hours. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Arrive 15 min early - reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Reply YES. Held 30 min - first come first served", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Held 30 min - reply YES", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Only 30 min to reply YES!", {}, False),
 ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. w/ love, the Juniper team. Reply YES", {}, False),
 ("Hi Ana, Swedish Massage by Priya Tue Dec 8 at 3pm. Maya says hi! Reply YES", {}, False),
]

#: Edits the check already read right, kept beside the ones fixed so a fix does not tip them over
CHECKED = [
    ("Hi Ana, Quick 90 min treat: Swedish Massage w/ Priya Tue Dec 8 at 3pm. Reply YES", {}, True),
    (f"{OFFER} We're open Sun noon-2pm. Reply YES", {}, False),
    # the slot's day inside a closed run of dates (refused before too, for "Dec 7"; now as said closed)
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Closed Dec 7-9. Reply YES", {}, True),
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


@pytest.mark.parametrize(("text", "slot", "refused"), [*STILL_READ, *CHECKED, *FRESH])
def test_edits_read_right_stay_right(text: str, slot: dict, refused: bool) -> None:
    found = problem(text, **slot)
    assert (found is not None) == refused, found
