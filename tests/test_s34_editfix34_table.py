"""The Edit check of a fill offer, read against a table of a manager's edits (session 34, editfix34).

Each row is an edited SMS, the slot it offers and whether the check must refuse it. The slot is Tue 8 Dec 2026 at
3:00 pm, 60 minutes, with Priya, held 30 minutes, its text going out Sat 5 Dec, unless the row says otherwise ("Maya"
is another therapist). Left by the last reviews (rev33b, rev33h): wrong texts that passed (another therapist in lower
case or after "our"/"therapist:", another length after the service's name before " - 5 stars" or "off peak", hours
for the slot's own day that shut before it ends, "Open today 10-2" sent on the slot's day) and right ones refused.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_s33_editfix33_table import OFFER, SAT, problem  # the s33 table's slot and its one check

TODAY = {"send": date(2026, 12, 8)}  # the text goes out on the slot's own day

#: (a wrong text that passed, the same said right, the slot's facts beside the defaults): the first is refused, the
#: second passes
WRONG_PASSED = [
    # another therapist: in lower case, after "our", after "therapist:"
    ("Hi Ana, a Swedish Massage w/ maya opened Tue Dec 8 at 3pm. Reply YES",
     "Hi Ana, a Swedish Massage w/ priya opened Tue Dec 8 at 3pm. Reply YES", {}),
    ("Hi Ana, a Swedish Massage with maya opened Tue Dec 8 at 3pm. Reply YES",
     "Hi Ana, a Swedish Massage with priya opened Tue Dec 8 at 3pm. Reply YES", {}),
    ("Hi Ana, a Swedish Massage w/ our Maya opened Tue Dec 8 at 3pm. Reply YES",
     "Hi Ana, a Swedish Massage w/ our Priya opened Tue Dec 8 at 3pm. Reply YES", {}),
    ("Hi Ana, a Swedish Massage with our Maya opened Tue Dec 8 at 3pm. Reply YES",
     "Hi Ana, a Swedish Massage with our Priya opened Tue Dec 8 at 3pm. Reply YES", {}),
    ("Hi Ana, Swedish Massage Tue Dec 8 at 3pm. Therapist: Maya. Reply YES",
     "Hi Ana, Swedish Massage Tue Dec 8 at 3pm. Therapist: Priya. Reply YES", {}),
    # another length after the service's name, with more said after it
    ("Hi Ana, Swedish Massage 90 - 5 stars! Tue Dec 8 at 3pm w/ Priya. Reply YES",
     "Hi Ana, Swedish Massage 60 - 5 stars! Tue Dec 8 at 3pm w/ Priya. Reply YES", {}),
    ("Hi Ana, Swedish Massage 90 off peak! Tue Dec 8 at 3pm w/ Priya. Reply YES",
     "Hi Ana, Swedish Massage 60 off peak! Tue Dec 8 at 3pm w/ Priya. Reply YES", {}),
    # hours for the slot's own day that shut before its end (3pm to 4pm), or said for "today" sent that day
    (f"{OFFER} Open Tue till 3:30pm. Reply YES", f"{OFFER} Open Tue till 4pm. Reply YES", {}),
    (f"{OFFER} We're open Tue 10am-3:30pm. Reply YES", f"{OFFER} We're open Tue 10am-4pm. Reply YES", {}),
    (f"{OFFER} Closed Tue from 3:30pm. Reply YES", f"{OFFER} Closed Tue from 4pm. Reply YES", {}),
    (f"{OFFER} Open today 10-2. Reply YES", f"{OFFER} Open today 10-6. Reply YES", TODAY),
    (f"{OFFER} Today's hours: 10am-2pm. Reply YES", f"{OFFER} Today's hours: 10am-6pm. Reply YES", TODAY),
]


@pytest.mark.parametrize(("wrong", "right", "slot"), WRONG_PASSED)
def test_wrong_texts_that_passed_are_refused(wrong: str, right: str, slot: dict) -> None:
    found = problem(wrong, **slot)
    assert found is not None
    assert problem(right, **slot) is None


def test_a_slots_end_is_read_by_its_length() -> None:
    said = f"{OFFER} Open Tue till 3:30pm. Reply YES"
    assert problem(said, minutes=30) is None
    assert problem(said, minutes=45) is not None


@pytest.mark.parametrize("sep", [" - ", " – ", " (", " — "])  # ", " refused already (s32)
def test_next_weekend_beside_the_date_is_read_alike_whatever_sets_them_apart(sep: str) -> None:
    """Sent on Wed 2 Dec, "next weekend, Sat Dec 12" was refused (the coming weekend, Dec 5-6, for some readers)
    while "next weekend - Sat Dec 12" passed; both are refused, and both pass on the coming weekend's date."""
    close = ")" if sep == " (" else ""
    text = f"Hi Ana, a Swedish Massage w/ Priya opened next weekend{sep}Sat Dec 12{close} at 3pm. Reply YES"
    assert problem(text, start=SAT, send=date(2026, 12, 2)) is not None
    assert problem(text, start=SAT, send=date(2026, 12, 7)) is None  # Mon 7 Dec: the coming weekend


#: (a right text that was refused, a wrong one of the same shape, the slot's facts beside the defaults): the first
#: passes, the second is still refused
RIGHT_REFUSED = [
    # split hours on the slot's own day: one of its ranges holds the slot
    (f"{OFFER} Open Tue 10am-1pm, 2pm-8pm. Reply YES", f"{OFFER} Open Tue 10am-1pm, 5pm-8pm. Reply YES", {}),
    (f"{OFFER} Open Tue 10-1 & 2-8. Reply YES", f"{OFFER} Open Tue 10-1 & 5-8. Reply YES", {}),
    (f"{OFFER} Tue hours 9-12, 1-7. Reply YES", f"{OFFER} Tue hours 9-12, 4-7. Reply YES", {}),
    # plain hours beside words that offer nothing
    (f"{OFFER} We're open Sat 10am-12pm for the holidays. Reply YES",
     f"{OFFER} We're open Sat 10am-12pm for your massage. Reply YES", {}),
    (f"{OFFER} Sat hours 11-1, parking free. Reply YES", f"{OFFER} Sat hours 11-1, still free! Reply YES", {}),
    (f"{OFFER} Our hours Sat 10-12 or by appointment. Reply YES",
     f"{OFFER} We're open Sat 10am-12pm or Tue at 3pm. Reply YES", {}),
    (f"{OFFER} Sun hours 11am-1pm, gift cards available. Reply YES",
     f"{OFFER} Sun hours 11am-1pm, it's yours! Reply YES", {}),
    # "Open late <day>" is the spa's hours; on the slot's day they must hold it
    (f"{OFFER} Open late Tue till 9pm! Reply YES", f"{OFFER} Open late Tue till 2pm! Reply YES", {}),
    # past a sentence break after "Closed <day>", a range is the spa's open hours
    (f"{OFFER} Closed Mon. Tue-Sun 10-7. Reply YES", f"{OFFER} Closed Mon. Tue-Sun 10-2. Reply YES", {}),
    # a list or a run of dates said closed: its numbers are days, not times; the slot's own day among them refuses
    (f"{OFFER} Closed Dec 7 & 9. Reply YES", f"{OFFER} Closed Dec 7 & 8. Reply YES", {}),
    (f"{OFFER} We're closed Dec 7, 9 and 10. Reply YES", f"{OFFER} We're closed Dec 7, 8 and 10. Reply YES", {}),
    (f"{OFFER} Closed Dec 7 & 9 - see you soon! Reply YES", f"{OFFER} Closed Dec 8 & 9 - see you soon! Reply YES", {}),
    (f"{OFFER} Closed Dec 9 to 12. Reply YES", f"{OFFER} Closed Dec 8 to 12. Reply YES", {}),
    (f"{OFFER} Closed Dec 9 through 12. Reply YES", f"{OFFER} Closed Dec 7 through 12. Reply YES", {}),
]


@pytest.mark.parametrize(("right", "wrong", "slot"), RIGHT_REFUSED)
def test_right_texts_that_were_refused_pass(right: str, wrong: str, slot: dict) -> None:
    assert problem(right, **slot) is None
    assert problem(wrong, **slot) is not None


#: Found among the fresh edits: (text, the slot's facts beside the defaults, refused?), each read wrong before
FRESH_FOUND = [
    # another therapist after words of praise, or "therapist is"
    ("Hi Ana! Swedish Massage with our lovely Maya, Tue Dec 8 at 3pm. Reply YES", {}, True),
    ("Hi Ana! Swedish Massage with your fave Maya, Tue Dec 8 at 3pm. Reply YES", {}, True),
    ("Hi Ana! Swedish Massage Tue Dec 8 at 3pm, therapist is Maya. Reply YES", {}, True),
    # the spa's hours today, sent on the slot's day: a closing time after the slot is no visit time; closed from the
    # slot's start is refused
    (f"{OFFER} Open today till 8pm. Reply YES", TODAY, False),
    (f"{OFFER} Closed today from 3. Reply YES", TODAY, True),
    # "we're open late <day>" gives the spa's hours, which on the slot's day must hold it
    (f"{OFFER} We're open late Thu till 9! Reply YES", {}, False),
    (f"{OFFER} We're open late Tue till 2! Reply YES", {}, True),
    (f"{OFFER} Open Tue 9am-12pm & 1pm-7pm. Reply YES", {}, False),
    (f"{OFFER} Closed Dec 24, 25 & Jan 1. Reply YES", {}, False),
    ("Hi Ana! Swedish Massage 120 - 2 spots left! Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, True),
]

#: Fresh edits read right before and after, each checked beside a found one (``FRESH_FOUND``): the fixes above must
#: read neither too much nor too little
FRESH = [
    ("Hi Ana! Swedish Massage with our talented Priya, Tue Dec 8 at 3pm. Reply YES", {}, False),
    ("Hi Ana! Swedish Massage Tue Dec 8 at 3pm w/ Priya. Maya sends her love! Reply YES", {}, False),
    (f"{OFFER} Open today 3-4pm only! Reply YES", TODAY, False),
    (f"{OFFER} Open today 4-5pm too! Reply YES", TODAY, True),
    (f"{OFFER} Open today till 2pm. Reply YES", TODAY, True),
    (f"{OFFER} We're open late Wed 3-4pm! Reply YES", {}, True),
    (f"{OFFER} Hours: Mon 10-2, Tue 10-1 & 4-8. Reply YES", {}, True),
    (f"{OFFER} Open Tue 10-1, Wed 2-8. Reply YES", {}, True),
    (f"{OFFER} Closed today 12-1 for lunch. Reply YES", TODAY, False),
    (f"{OFFER} Closed Dec 5 thru 8. Reply YES", {}, True),
    (f"{OFFER} Closed Sun. Mon-Sat 9-2. Reply YES", {}, True),
    (f"{OFFER} We're open Sat 2-4pm just for you. Reply YES", {}, True),
    ("Hi Ana! Swedish Massage 90 - our best seller! Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, True),
    ("Hi Ana! Swedish Massage 15-20% off Tue Dec 8 at 3pm w/ Priya. Reply YES", {}, False),
]


@pytest.mark.parametrize(("found", "guard"), [
    (FRESH_FOUND[i % len(FRESH_FOUND)], row) for i, row in enumerate(FRESH)
] + [(row, FRESH[0]) for row in FRESH_FOUND[len(FRESH):]])
def test_fresh_edits(found: tuple[str, dict, bool], guard: tuple[str, dict, bool]) -> None:
    for text, slot, refused in (found, guard):
        said = problem(text, **slot)
        assert (said is not None) == refused, (text, said)
