"""s36 words36: the Edit check's known holes (last session's review), each both ways, on the Tue Dec 8 3:00 pm slot of
``test_s35_words35b_edit``: another day's hour offered as "prefer that?", "Open late on Tue" read as "Open late Tue",
a question about booking something after a comma read as the sentence form is."""
from __future__ import annotations

import pytest

from tests.test_s35_words35b_edit import OFFER, problem


# 5: another day's hour offered as a question ("prefer that?") is refused, as "want it?" is; a question about
# something else after the hours still passes
@pytest.mark.parametrize(("extra", "refused"), [
    ("We're open Wed 4-5pm, prefer that?", True),
    ("We're open Wed 4-5pm. Prefer that?", True),
    ("We're open Wed 4-5pm, would you prefer that?", True),
    ("We're open Wed 4-5pm, or would you rather have that one?", True),
    ("We're open Wed 4-5pm too, want it?", True),
    ("We're open Sat 10am-12pm, prefer to shop online?", False),
    ("We're open Sat 10am-12pm. Prefer a gift card?", False),
    ("We're open Sat 10am-12pm, see you soon!", False),
])
def test_another_days_hour_offered_as_prefer_that(extra: str, refused: bool) -> None:
    assert (problem(f"{OFFER} {extra} Reply YES to book.") is not None) is refused


# 6: "Open late on Tue 6-9pm" reads as "Open late Tue 6-9pm" (a late window bounds only the slot's end); a window
# that ends before the slot does is refused either way
@pytest.mark.parametrize(("extra", "refused"), [
    ("Open late on Tue 6-9pm", False),
    ("Open late Tue 6-9pm", False),
    ("Open late on Wed 6-9pm", False),
    ("Open late on Tue till 3:30pm", True),
    ("Open late Tue till 3:30pm", True),
    ("Open on Tue 4-5pm", True),
])
def test_open_late_on_a_day(extra: str, refused: bool) -> None:
    assert (problem(f"{OFFER} {extra} Reply YES to book.") is not None) is refused


# 7: after the spa's hours, a question about booking something after a comma passes as the sentence form does
# ("Booking a massage? Call us!"); one asking to book the hour, or "book" said plainly, still offers it
@pytest.mark.parametrize(("extra", "refused"), [
    ("We're open Sat 10am-12pm, booking a massage?", False),
    ("We're open Sat 10am-12pm, booking a massage? Call us!", False),
    ("Our hours: Sat 10am-12pm, booking a facial for a friend?", False),
    ("We're open Wed 4-5pm, booking a massage?", False),
    ("We're open Wed 4-5pm. Booking a massage? Call us!", False),
    ("We're open Wed 4-5pm, booking it?", True),
    ("We're open Wed 4-5pm, book now!", True),
    ("We're open Wed 4-5pm, want to book?", True),
    ("We're open Sat 10am-12pm, book now!", True),
])
def test_a_question_about_booking_after_the_hours(extra: str, refused: bool) -> None:
    assert (problem(f"{OFFER} {extra} Reply YES to book.") is not None) is refused



# 8: a promotion on a run of days that misses the slot's day or hour is refused with a reason that says so (it was
# 'not "Sun": their YES books that day', or "take out 5pm" for one that holds the slot); one that holds the slot's day
# and hour passes, as "Tue-Fri 20% off facials" does; another time said beside it is still read
_PROMO = 'take out "{}" (a promotion'


@pytest.mark.parametrize(("extra", "reason"), [
    ("Sat-Sun 10% off", _PROMO.format("Sat-Sun 10% off")),
    ("Sat-Sun 10% off facials", _PROMO.format("Sat-Sun 10% off")),
    ("Mon-Fri 20% off before 2pm", _PROMO.format("Mon-Fri 20% off before 2pm")),
    ("Mon-Fri 20% off facials after 6pm", _PROMO.format("Mon-Fri 20% off facials after 6pm")),
    ("Mon-Fri 20% off before 3:30pm", _PROMO.format("Mon-Fri 20% off before 3:30pm")),  # the 60-minute slot ends at 4
    ("Mon-Fri 20% off before 5pm", None),
    ("Mon-Fri 20% off after 2pm", None),
    ("Mon-Fri 20% off facials before 4pm", None),
    ("Tue-Fri 20% off facials", None),
    ("Tue-Fri 20% off facials. See you at 5pm!", 'take out "5pm"'),
])
def test_a_promotions_days_and_hours(extra: str, reason: str | None) -> None:
    found = problem(f"{OFFER} {extra} Reply YES to book.")
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found
        assert "their YES books that day" not in found
