"""s37 editbooked37: the Edit check (an edit's Save, Approve, a model's draft) refuses a text that tells the guest she
is booked before her YES ("You're booked!"): she is not booked until she replies, and a guest who believes she is and
never replies walks in to a slot given to someone else. Conditional wording and words that only mention booking pass.
Slot: Tue 8 Dec 3pm Swedish Massage (60 min) with Priya, a 30-minute hold (the s35 Edit-check set-up)."""
from datetime import date

import pytest

from spa_copilot.fill.drafts import OfferFacts, booked_before_yes, offer_check
from tests.test_s35_words35b_edit import OFFER, TUE_3PM, problem


@pytest.mark.parametrize("extra", [
    "You're booked!", "You're all booked.", "Booked!", "You are confirmed.", "Your appointment is confirmed.",
    "We've booked you in.", "See you then, you're booked!", "¡Ya estás reservada!", "Tu cita está confirmada.",
    "Reply YES to cancel, otherwise you're booked.", "If you can't make it, you're still booked!",
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_booked_before_her_yes_is_refused(extra: str, where: str) -> None:
    text = f"{OFFER} {extra} Reply YES to book." if where == "before" else f"{OFFER} Reply YES to book. {extra}"
    said = problem(text)
    assert said is not None and "nothing is booked until Ana replies YES" in said


@pytest.mark.parametrize("extra", [
    "Reply YES and you're booked!", "Reply YES to book.", "Reply YES to confirm.",
    "If you'd like it, reply YES and you're all set!", "Text YES and it's yours!", "Responde SÍ y quedas reservada.",
    "Reply YES to be booked.", "Want to book it?", "Book now by replying YES!", "Booking is first come, first served.",
    "Or use our online booking.", "We'll confirm once you reply.", "You're booked once you reply YES.",
    "You are confirmed as next on our waitlist!", "If you're already booked that day, no worries!",
])
def test_booking_said_on_her_reply_or_only_mentioned_passes(extra: str) -> None:
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None


def test_the_kind_is_already_booked_and_the_line_quotes_the_words() -> None:
    facts = OfferFacts(starts_at=TUE_3PM, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       hold_minutes=30, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=60)
    assert offer_check(f"{OFFER} Your appointment is confirmed. Reply YES to book.", facts) == (
        "alreadyBooked", 'Take out "Your appointment is confirmed": nothing is booked until Ana replies YES '
        "(their YES books the slot).")


# rev37e M1: a booking said to wait on her YES in other words is no claim
@pytest.mark.parametrize("text", ["Say the word and you're booked!", "Confirm with a YES and you're booked!",
                                  "YES = you're booked!", "You're booked the second you reply YES!",
                                  "Escríbenos SÍ y quedas confirmada", "Dinos que sí y quedas reservada",
                                  "Con un SÍ quedas reservada"])
def test_a_booking_waiting_on_her_yes_in_other_words_passes(text: str) -> None:
    assert booked_before_yes(text) is None


@pytest.mark.parametrize("text", ["Yes, you're booked for Tue", "Great news. You're booked!"])
def test_a_yes_of_the_spas_own_is_no_condition(text: str) -> None:
    assert booked_before_yes(text) is not None


# rev37g H2: a capital YES that is not what she is asked to send clears nothing
@pytest.mark.parametrize("text", ["YES, you're booked for Tue 3pm!", "OMG YES you're booked!",
                                  "Thanks for your YES, you're booked!", "SÍ, ya estás reservada.",
                                  "Gracias por tu SÍ, tu cita está confirmada.", "Say the word: you're booked."])
def test_a_capital_yes_not_asked_of_her_is_no_condition(text: str) -> None:
    assert booked_before_yes(text) is not None
