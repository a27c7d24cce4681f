"""Guest replies after the third review of the day's classifier (rev31e, session 31).

a04ecfd narrowed which opt-out phrases "may not be hers" so that "Ok stop sending these" stays a STOP; it went too far:
a yes asking to stop texting someone else, another number or at some hours ("Yes, stop texting my husband", "Yes
please, stop texting at night", "Yes book me and please don't text this number after 9pm") recorded an opt-out and
declined the slot. Its new phrases "delete me", "get me off this list" had no waitlist or yes exception ("Delete me
from the 5pm and book me here"), and its email rule dropped real text opt-outs ("Remove me, emails too"). "Stop, I am
interested" was a STOP."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply


@pytest.mark.parametrize("body", [
    "Yes, stop texting my husband", "Yes please stop sending to my old number",
    "Yes please stop texting my daughter, book me instead", "Yes please, stop texting at night",
    "Yes, and please don't text my number after 8", "Yes book me and please don't text this number after 9pm",
    "Sí, dejen de mandar mensajes a mi número viejo", "Delete me from the 5pm and book me here",
    "Delete me from the waitlist", "Yes! delete me from the 3pm waitlist", "Yes please, get me off this list",
    "Perfect, get me off this list", "Retirez-moi de la liste d'attente", "Stop sending me emails",
    "Please unsubscribe my email", "Please delete me from the 5pm, I'll take the 11",
    "Get me off this list and onto the 11am", "Quítame de la lista de las 5 y dame esta",
])
def test_what_may_not_be_an_opt_out_of_her_texts_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", [
    "Remove me from your list, email too", "Remove me, emails too", "Unsubscribe me from everything, emails included",
    "Please unsubscribe my email and phone", "Stop spamming my email and phone", "Ok stop messaging my phone",
    "Ok stop texting my number", "Ok stop sending these", "Get me off this list", "Delete me", "stop, I'm not interested",
])
def test_an_opt_out_of_her_texts_is_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", ["Stop, I am interested", "Stop I'm interested"])
def test_interest_beside_a_keyword_is_no_opt_out(body: str) -> None:
    assert classify_reply(body) != "stop"
