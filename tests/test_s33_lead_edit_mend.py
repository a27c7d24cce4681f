"""A short review of the Edit-check mend (rev33h): wrong texts the mend let through, refused again (5 December).

Slot: Tue 8 Dec 2026 3:00 pm, Swedish Massage 60 min, Priya (Maya is another therapist), sent Sat 5 Dec. A second
visit day after "Closed <day>" ("Closed Mon. Wed 3-4pm also free!": the guest's YES books Tuesday, she may come
Wednesday), a wrong length before "you" ("A 90 min treat you deserve!"), a length equal to the hold before a dash
with no reply after it ("Just 30 minutes - perfect for a lunch break!") and "Swedish Massage 90 off-peak rate!"
passed; before the mend's commits each was refused. (Right texts the mend refuses, rev33h M4, are left: the safe
side, listed in the session's note.)"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TUE = datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("America/New_York"))
OFFER = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm."


def problem(text, hold=30, minutes=60):
    facts = OfferFacts(starts_at=TUE, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=hold, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=minutes)
    return draft_problem(text, starts_at=TUE, facts=facts)


# H: a second visit day after "Closed <day>" now passes (refused at 229dbd2)
@pytest.mark.parametrize("extra", ["Closed Mon. Wed 3-4pm also free!", "Closed Mon, Wed 3-4pm works too!",
                                   "Closed Sun. Sat 3-4pm also free!"])
def test_H1_other_visit_day_after_closed_is_refused(extra):
    assert problem(f"{OFFER} {extra} Reply YES") is not None


# M: a wrong length before "you"/"you'll" after treat/escape/retreat now passes (refused at 229dbd2)
@pytest.mark.parametrize("extra", ["Treat yourself to a 90-minute escape you'll love!", "A 90 min treat you deserve!",
                                   "A 90-minute escape you won't forget!", "Enjoy a 90 min retreat you deserve."])
def test_M1_wrong_length_before_you_is_refused(extra):
    assert problem(f"{OFFER} {extra} Reply YES") is not None


# M: a length equal to the hold, said of the visit, now passes when a dash follows (refused at 229dbd2)
@pytest.mark.parametrize("extra,hold,minutes", [("Just 30 minutes - perfect for a lunch break!", 30, 60),
                                                ("Only 30 minutes - you deserve it!", 30, 60),
                                                ("Just 30 min - relax & unwind!", 30, 60),
                                                ("Only 60 minutes - relax!", 60, 90)])
def test_M2_visit_length_equal_to_hold_is_refused(extra, hold, minutes):
    assert problem(f"{OFFER} {extra} Reply YES", hold=hold, minutes=minutes) is not None


# M: a wrong length written "Swedish Massage 90 off-peak" now passes (refused at 229dbd2)
def test_M3_length_before_off_peak_is_refused():
    assert problem("Hi Ana, Swedish Massage 90 off-peak rate! w/ Priya Tue Dec 8 at 3pm. Reply YES") is not None
