"""s38 replies38b (rev38d M1): the offer quoted back below a reply ("Reply YES to claim") is no plain yes of hers: a
glad word or an idiom beside "no rush" ("Of course, no rush at all", "Great, no rush") goes to a person with the offer
quoted as without it (it booked her); a plain yes beside "no rush" said apart still books, quoted offer or not."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply

OFFER = "Hi Maria, a 60 min massage opened Tue 3pm. Reply YES to claim it"
QUOTES = ["\n> " + OFFER, "\n" + OFFER, '\nReplying to: "' + OFFER + '"', "\n\nOn Tue, Dec 5, Rose Spa wrote:\n> " + OFFER]


@pytest.mark.parametrize("said", ["Of course, no rush at all", "Definitely, no hurry", "Absolutely, no rush",
                                  "Great, no rush", "Perfect, no rush", "Sounds good, no rush", "Lovely, no rush",
                                  "Awesome, no rush"])
@pytest.mark.parametrize("quote", QUOTES)
def test_the_offer_quoted_back_is_no_yes_of_hers(said: str, quote: str) -> None:
    assert classify_reply(said) == "other"
    assert classify_reply(said + quote) == "other"


@pytest.mark.parametrize("body", ["Yes please, no rush" + QUOTES[0], "Count me in, no rush" + QUOTES[3],
                                  "No rush, yes please\nSent from my iPhone", "I'll take it, no hurry\n--\nMaria"])
def test_a_plain_yes_beside_no_rush_still_books_below_a_quote_or_signature(body: str) -> None:
    assert classify_reply(body) == "yes"
