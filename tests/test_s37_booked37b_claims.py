"""s37 booked37b (rev37e M3, L1): the Edit check refuses more ways of telling the guest she is booked before her YES
("It's booked!", "Your spot is reserved!", "You're locked in!", "Te reservamos el espacio"), an if/when that is no
condition on her reply ("If you're free, you're booked!"), a claim beside the word "waitlist" ("you're off the waitlist
and booked"), and a claim on a line of its own under a "Reply YES" line. Friendly wording, a hold said in these words
and a booking said to wait on her reply still pass. Slot: the s35 Edit-check set-up (Tue 8 Dec 3pm, 30-minute hold)."""
import pytest

from spa_copilot.fill.drafts import booked_before_yes
from tests.test_s35_words35b_edit import OFFER, problem


@pytest.mark.parametrize("extra", [
    "It's booked!", "Your spot is reserved!", "We've reserved your spot!", "Your spot is secured!",
    "You're all set for Tuesday!", "Appointment booked.", "Consider it booked!", "You're locked in!",
    "Your booking has been made.", "Priya has you booked!", "Te reservamos el espacio.", "Tu lugar está apartado.",
    "If you're free, you're booked!", "When you arrive you're booked with Priya.",
    "If anything changes, your appointment is confirmed anyway.",
    "Good news, you're off the waitlist and booked!", "Since you're on our waitlist, you're booked!",
])
def test_a_booked_claim_is_refused(extra: str) -> None:
    said = problem(f"{OFFER} Reply YES to book. {extra}")
    assert said is not None and "nothing is booked until Ana replies YES" in said


# each refused claim beside the friendly or conditional wording nearest it, which still passes
@pytest.mark.parametrize(("claim", "fine"), [
    ("Your spot is reserved!", "Your spot is reserved for 30 minutes."),
    ("Your spot is reserved!", "Reserved parking available."),
    ("We've reserved your spot!", "We've reserved your spot for the next 30 minutes."),
    ("We've reserved your spot!", "We'll reserve it once you reply."),
    ("Te reservamos el espacio.", "Te reservamos el espacio por 30 minutos."),
    ("Te reservamos el espacio.", "Te lo reservamos si respondes SÍ."),
    ("It's booked!", "It's booked solid most weeks, so grab it!"),
    ("It's booked!", "Our therapists are fully booked."),
    ("You're all set for Tuesday!", "Reply YES and you're all set!"),
    ("You're all set for Tuesday!", "All set? Reply YES!"),
    ("You're locked in!", "Reply YES to lock it in!"),
    ("If you're free, you're booked!", "If you want it, you're booked!"),
    ("If you're free, you're booked!", "As soon as you confirm, you're booked!"),
    ("If you're free, you're booked!", "If you're already booked that day, no worries!"),
    ("When you arrive you're booked with Priya.", "Si te interesa, quedas reservada con un SÍ."),
    ("Good news, you're off the waitlist and booked!", "You are confirmed as next on our waitlist!"),
])
def test_a_claim_is_refused_and_the_wording_nearest_it_passes(claim: str, fine: str) -> None:
    assert problem(f"{OFFER} Reply YES to book. {claim}") is not None
    assert problem(f"{OFFER} {fine} Reply YES to book.") is None


def test_a_claim_on_its_own_line_under_reply_yes_is_refused_a_wrapped_sentence_is_not() -> None:
    said = problem(f"{OFFER}\nReply YES to book\nYou're booked with Priya!")
    assert said is not None and '"You\'re booked"' in said
    assert problem(f"{OFFER}\nReply YES and\nyou're booked!") is None
    assert problem(f"{OFFER}\r\nReply YES and\r\n  you're booked!") is None


@pytest.mark.parametrize(("text", "said"), [
    ("Priya has you booked!", "Priya has you booked"), ("Te reservamos el espacio.", "Te reservamos"),
    ("Good news, you're off the waitlist and booked!", "you're off the waitlist and booked"),
])
def test_the_line_quotes_the_claim(text: str, said: str) -> None:
    assert booked_before_yes(text) == said
