"""The Edit check of a fill offer, read against the review of session 33's Edit-check commits (rev33b, editfix33b).

Each row is an edited SMS and whether the check must refuse it. The slot is Tue 8 Dec 2026 at 3:00 pm, 60 minutes
with Priya, held 30 minutes, its text going out Sat 5 Dec. The review found wrong texts the new hours, holiday and
date-run readings let through (hours said for the slot's own day that shut its time out, a second visit time on
another day, a closed run of dates across months) and right texts the new length readings refused.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import zip_longest
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

NY = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=NY)  # Tue 8 Dec, 3:00 pm


def problem(text: str, *, start: datetime = TUE) -> str | None:
    facts = OfferFacts(starts_at=start, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=30, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=start, facts=facts)


OFFER = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm."

#: H1: hours said for the slot's own day that shut its 3pm start out: the guest reads the spa is shut then
OWN_DAY_SHUT = [
    f"{OFFER} Open Tue 4-5pm. Reply YES",
    f"{OFFER} We're open Tue 4pm-5pm. Reply YES",
    f"{OFFER} Open Tue 1pm-2pm. Reply YES",
    f"{OFFER} Tue hours 5pm-9pm. Reply YES",
    f"{OFFER} Open Tue 5pm-9pm. Reply YES",
    f"{OFFER} Tue 4-5pm we're open too. Reply YES",
    "Hi Ana, Priya has a Swedish Massage opening 3pm. Open Tue Dec 8 from 4pm to 5pm - reply YES",
    "Hi Ana, Swedish Massage w/ Priya at 3pm? Open Tue Dec 8 4-5pm, reply YES",
    "Hola Ana, Swedish Massage con Priya a las 3pm. Martes a jueves de 4 a 5pm. Responde SI",
    "Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Abrimos martes-sábado de 4 a 6pm. Responde SI",
    f"{OFFER} Closed Tue from 1pm. Reply YES",
    f"{OFFER} Closed Tue till 4pm. Reply YES",
    f"{OFFER} Open Tue till 2pm. Reply YES",
    f"{OFFER} Open Tue from 5pm. Reply YES",
    f"{OFFER} Open Tue from 5. Reply YES",
    f"{OFFER} Closed Tue from 3pm. Reply YES",
    f"{OFFER} Our hours are Mon-Sat 4pm-9pm. Reply YES",
    f"{OFFER} Hours: Mon-Fri 10-2, Sat 10-6. Reply YES",
]
#: ...while hours for the slot's own day that hold its start, or a closed span that leaves it out, still pass
OWN_DAY_OPEN = [
    f"{OFFER} Tue hours 10am-6pm. Reply YES",
    f"{OFFER} Open Tue 10-6. Reply YES",
    f"{OFFER} Open Tue 10-6pm. Reply YES",
    f"{OFFER} We're open Tue 9 a.m. to 5 p.m. Reply YES",
    f"{OFFER} Our hours are Mon-Sat 10am-7pm. Reply YES",
    f"{OFFER} Open Tue till 8. Reply YES",
    f"{OFFER} Open Tue from 9. Reply YES",
    f"{OFFER} Closed Tue till 10am. Reply YES",
    f"{OFFER} Closed Tue from 7pm. Reply YES",
    "Hola Ana, Swedish Massage con Priya el martes 8 dic a las 3pm. Abrimos lunes a sábado de 9am a 7pm. Responde SI",
]

#: H2: a short range on another day offered beside the slot: the guest's YES books Tue 3pm, they may come Wednesday
OTHER_VISIT = [
    "Hi Ana, Swedish Massage w/ Priya open Wed 1-2pm & Tue Dec 8 at 3pm - reply YES for either",
    "Hi Ana, Swedish Massage w/ Priya. Open Wednesday 4-5pm, reply YES (3pm Tue Dec 8 also free)",
    "Hi Ana, Swedish Massage w/ Priya. We're open Wed 4-5pm for your massage, 3pm Tue otherwise. Reply YES",
    f"{OFFER} We're open Wed 4-5pm for you too. Reply YES",
    f"{OFFER} Wed 1pm-2pm we're open for you. Reply YES",
]
#: ...while short hours said plainly as hours still pass
PLAIN_HOURS = [
    f"{OFFER} Sun hours 11am-1pm. Reply YES",
    f"{OFFER} We're open Wed 4-5pm too. Reply YES",
    f"{OFFER} Sat 11-1 we're open too. Reply YES",
    f"{OFFER} Closed Wed 2-4pm for cleaning. Reply YES",
]


#: H3: a closed run of dates (or days) that holds the slot's day, its second end with its month or after a word
CLOSED_RUN = [
    f"{OFFER} Closed Dec 7-Dec 9. Reply YES",
    f"{OFFER} Closed Dec 7 - Dec 9. Reply YES",
    f"{OFFER} Closed Dec 7 until Dec 9. Reply YES",
    f"{OFFER} Closed Nov 30-Dec 9. Reply YES",
    f"{OFFER} We're closed Dec 1 through Dec 31. Reply YES",
    f"{OFFER} Closed Mon-Wed. Reply YES",
]
#: ...while a run that leaves the slot's day out passes
CLOSED_ELSEWHEN = [
    f"{OFFER} Closed Dec 9 through Dec 12. Reply YES",
    f"{OFFER} Closed Dec 31-Jan 2. Reply YES",
    f"{OFFER} We're closed Dec 24 until Dec 26. Reply YES",
    f"{OFFER} Closed Wed-Fri. Reply YES",
]


#: M1: a price, discount or count after the service's name is no length of it
NUMBER_NOT_LENGTH = [
    "Hi Ana, Swedish Massage 20 off! Tue Dec 8 at 3pm w/ Priya. Reply YES",
    "Hi Ana, Swedish Massage 25 percent off Tue Dec 8 at 3pm w/ Priya. Reply YES",
    f"{OFFER} Swedish Massage 50 off for members! Reply YES",
    "Hi Ana, Swedish Massage 95. Tue Dec 8 at 3pm w/ Priya. Reply YES",
    f"{OFFER} Rated Swedish Massage 100 times! Reply YES",
]
#: ...while a length the menu would write there is still read
NUMBER_A_LENGTH = [
    f"{OFFER} Swedish Massage 90. Reply YES",
    "Hi Ana, Swedish Massage 45 w/ Priya Tue Dec 8 at 3pm. Reply YES",
    "Hi Ana, Swedish Massage (90) - 20% off! Tue Dec 8 at 3pm w/ Priya. Reply YES",
]


#: M2: hours on a holiday said beside "closed", a length of an extra or the hold before "- treat yourself", another
#: therapist for a next visit: all right texts
RIGHT_BESIDE = [
    f"{OFFER} Closed Christmas Eve from 3pm. Reply YES",
    f"{OFFER} Christmas Eve 10-2, closed Xmas. Reply YES",
    f"{OFFER} Park free 2 hrs - treat yourself! Reply YES",
    f"{OFFER} Only 30 minutes - treat yourself & reply YES",
    f"{OFFER} Book again w/ Maya next time! Reply YES",
]
#: ...while the visit on a holiday, a length said as the session's and another therapist for this one are refused
WRONG_BESIDE = [
    "Hi Ana, Swedish Massage w/ Priya opened Christmas Eve from 3pm. Reply YES",
    f"{OFFER} Christmas Eve 3-4pm too! Reply YES",
    f"{OFFER} Just 90 min - treat yourself! Reply YES",
    f"{OFFER} A quick 90 min treat! Reply YES",
    "Hi Ana, Swedish Massage w/ Maya Tue Dec 8 at 3pm. Book again next time! Reply YES",
]


#: LOW: another therapist in capitals, a holiday as "NYE" or "@ 3" (gaps older than the reviewed commits)
LOW_WRONG = [
    "Hi Ana, Swedish Massage W/ MAYA Tue Dec 8 at 3pm. Reply YES",
    "Hi Ana, Swedish Massage with MAYA Tue Dec 8 at 3pm. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya opened NYE 3pm. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya opened Christmas Eve @ 3. Reply YES",
]
LOW_RIGHT = [
    "Hi Ana, Swedish Massage W/ PRIYA Tue Dec 8 at 3pm. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Happy NYE in advance! Reply YES",
]


def pairs(found: list[str], other: list[str]) -> list[tuple[str, str | None]]:
    """Each text the review found beside one of the other kind (or none): a fix that refuses, or passes, both is no
    fix."""
    assert len(other) <= len(found)
    return list(zip_longest(found, other))


@pytest.mark.parametrize(("wrong", "right"), [
    *pairs(OWN_DAY_SHUT, OWN_DAY_OPEN), *pairs(OTHER_VISIT, PLAIN_HOURS), *pairs(CLOSED_RUN, CLOSED_ELSEWHEN),
    *pairs(LOW_WRONG, LOW_RIGHT)])
def test_wrong_texts_are_refused_right_ones_pass(wrong: str, right: str | None) -> None:
    assert problem(wrong) is not None, wrong
    if right is not None:
        assert problem(right) is None, (right, problem(right))


@pytest.mark.parametrize(("right", "wrong"), [
    *pairs(NUMBER_NOT_LENGTH, NUMBER_A_LENGTH), *pairs(RIGHT_BESIDE, WRONG_BESIDE)])
def test_right_texts_pass_wrong_ones_are_refused(right: str, wrong: str | None) -> None:
    assert problem(right) is None, (right, problem(right))
    if wrong is not None:
        assert problem(wrong) is not None, wrong


def test_own_day_hours_say_why() -> None:
    found = problem(f"{OFFER} Closed Tue from 1pm. Reply YES")
    assert found is not None and "Closed Tue from 1pm" in found and "shut" in found, found


def test_a_closed_run_says_why() -> None:
    found = problem(f"{OFFER} Closed Nov 30 - Dec 9th. Reply YES")
    assert found is not None and '"closed Nov 30 - Dec 9th"' in found, found
