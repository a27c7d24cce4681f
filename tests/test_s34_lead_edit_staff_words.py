"""Another therapist named in an edited (or drafted) invitation, after editfix34 read lower-case names and praise
words before a name: a therapist's name that is also the word of a thing or a promotion was refused as another
therapist (rev34e E1: "with jasmine oil" where a Jasmine works, "with our June special", "See the Summer menu", "with
the Dawn facial"), and the model's own text was lost with it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

NY = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=NY)  # Tue 8 Dec, 3:00 pm
STAFF = ["Priya", "Maya", "Jasmine", "Shea", "Max", "June", "April", "Summer", "Dawn", "Art"]


def problem(text: str) -> str | None:
    facts = OfferFacts(starts_at=TUE, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage"], location="Juniper & Salt SoHo", hold_minutes=30,
                       staff_first_name="Priya", staff_names=STAFF, minutes=60)
    return draft_problem(text, starts_at=TUE, facts=facts)


OFFER = "Hi Ana, a Swedish Massage w/ Priya opened Tue Dec 8 at 3pm{}. Reply YES to book."


@pytest.mark.parametrize("words", [
    " with jasmine oil", " with shea butter", " with max pressure", ", with our June special", " - see our April promos",
    " - see the Summer menu", " or try it with the Dawn facial", " - see the Art of Touch menu",
    " with Jasmine Oil", " with Shea Butter", " - see June's specials", " with MAX pressure",  # rev34i
])
def test_a_name_that_is_the_word_of_a_thing_passes(words: str) -> None:
    assert problem(OFFER.format(words)) is None


@pytest.mark.parametrize("words", [
    " w/ maya", " with maya", " w/ MAX", " with our lovely Maya", " with our June", " w/ JUNE", " - with Jasmine!",
    " with maya opened for you", ". Your therapist will be Maya", ". Maya is your therapist", ", with our very own Maya",
    " w/ our super talented Maya",
    # rev34i H1: a name that is also a word, with any word but a thing's after it, is a name
    " with our lovely June who loves deep tissue", " with our amazing Jasmine in SoHo", " with our fave June 💆",
    " with our lovely June Park", ". Your therapist: our lovely June who is great", " with the talented Dawn who",
    " with our lovely June & Priya", ". Maya is your massage therapist", ". Maya's your therapist",
    ". Your therapist, Maya, can't wait",
])
def test_another_therapist_named_alone_is_refused(words: str) -> None:
    text = "Hi Ana, a Swedish Massage opened Tue Dec 8 at 3pm{}. Reply YES to book.".format(words)
    found = problem(text)
    assert found is not None and "Priya" in found
