"""s36 words36b: the Edit check refuses another day's hour offered by "prefer that?" / "like that better?" ("We're
open Wed 4-5pm, prefer that?", "… Prefer that?", "…, prefer Wed?", "…, prefer the later one?": rev36c M3, they passed
on the s35/s36 Tue Dec 8 3:00 pm, 60-minute slot); a "prefer" question about something else after the spa's hours,
or one that goes on past what it names, still passes (rev36c M3's repro, both ways)."""
import pytest

from tests.test_s36_words36b_late import problem


@pytest.mark.parametrize("extra", [
    "We're open Wed 4-5pm, prefer that?",
    "We're open Wed 4-5pm. Prefer that?",
    "We're open Wed 4-5pm, Prefer that?",
    "We're open Wed 4-5pm, prefer it?",
    "We're open Wed 4-5pm, prefer Wed?",
    "We're open Wed 4-5pm. Prefer Wed?",
    "We're open Wed 4-5pm, prefer the later one?",
    "We're open Wed 4-5pm, would you prefer that?",
    "We're open Wed 4-5pm. Would you prefer that?",
    "We're open Wed 4-5pm, do you prefer that one?",
    "We're open Wed 4-5pm, rather have that?",
    "We're open Wed 4-5pm, like that better?",
    "We're open Wed 4-5pm, like it better?",
])
def test_another_days_hour_offered_by_prefer_is_refused(extra: str) -> None:
    assert problem(extra) == ('The slot starts at 3:00 pm: take out "5pm" (every time in the text must be the slot\'s '
                              'start, or its end said as one: 3:00 pm-4:00 pm).')


@pytest.mark.parametrize("extra", [
    "Open late Wed 6-9pm, prefer that?",
    "Open late Wed 6-9pm, prefer that? Reply YES to book.",
])
def test_a_late_window_offered_by_prefer_is_refused(extra: str) -> None:
    assert problem(extra) == ('The slot starts at 3:00 pm: take out "9pm" (every time in the text must be the slot\'s '
                              'start, or its end said as one: 3:00 pm-4:00 pm).')


# rev36c's M3 (innocent "prefer") and M1 ("booking …?") repros: these verdicts hold on main too; a "prefer" read too
# widely, or a "booking" question let through, breaks them
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm, prefer it quieter? Come early!",
    "We're open Sat 10am-12pm, prefer one of our gift sets?",
    "Sat hours 10am-12pm, prefer them? Call us.",
    "We're open Sat 10am-12pm, if you prefer that, call us.",
    "We're open Sat 10am-12pm, prefer then to pick up your gift card?",
    "We're open Sat 10am-12pm, which do you prefer?",
    "We're open Sat 10am-12pm, prefer evenings?",
    "We're open Sat 10am-12pm. Prefer them? Call us.",
    "We're open Sat 10am-12pm, like our new look?",
])
def test_innocent_prefer_after_the_spas_hours_passes(extra: str) -> None:
    assert problem(extra) is None


@pytest.mark.parametrize("extra", [
    "We're open Wed 4-5pm, booking Wed?",
    "We're open Wed 4-5pm, booking a Wed slot?",
    "We're open Wed 4-5pm, booking for Wed?",
    "We're open Wed 4-5pm, booking a slot?",
    "We're open Wed 4-5pm, booking yours?",
    "We're open Wed 4-5pm, booking a massage that day?",
])
def test_a_booking_question_on_the_other_hours_is_still_refused(extra: str) -> None:
    assert problem(extra) is not None
