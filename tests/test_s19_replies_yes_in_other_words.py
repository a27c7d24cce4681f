"""A guest who says yes in other words than YES ("Yes I can come", "I can do it", "Sí, puedo", "Yes - running 5 min
late") books, as a plain YES does; a question, a condition, a negation or a time beside it still leaves it for a person
to follow up (a wrong booking is worse than a follow-up). Manager/guest review, 4 December 2026: "Yes I can come" was
posted as "not a yes or no", and the hold then ran out on a guest who had said yes."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

YES_IN_OTHER_WORDS = [
    "Yes I can come", "Yes I can come!", "I can do it", "I can come", "I can make it!", "yes I can be there",
    "Yes I can", "Yes, I'll come", "ok I can come, thanks", "Sí, puedo", "Si puedo ir", "Yes - running 5 min late",
    "Yes, I'll be 10 mins late", "yes please!", "Yes, I'll be there", "yep see you then",
]

STILL_FOR_A_PERSON = [
    "what time?", "can I do 3pm instead", "Can I come?", "I can come?", "yes? what time", "yes but not at 11",
    "yes if it's with Ana", "I can do it if it's with Ana", "I can come at 3", "I can do it tomorrow", "Yes I can't",
    "Yes I cannot come", "not yes", "I don't think I can come", "Not sure I can come", "I can come 🤔",
    "Yes I can come no", "yes, but I'll be 5 min late", "Yes running late", "yes running 30 min late",
    "running 5 min late", "I can not make it",
]

STILL_A_NO = ["no", "No puedo", "I can't make it", "I can't come, sorry"]


@pytest.mark.parametrize("body", YES_IN_OTHER_WORDS)
def test_a_yes_in_other_words_is_a_yes(body: str) -> None:
    assert fill.classify_reply(body) == "yes"


@pytest.mark.parametrize("body", STILL_FOR_A_PERSON)
def test_doubt_beside_it_is_still_for_a_person(body: str) -> None:
    assert fill.classify_reply(body) == "other"


@pytest.mark.parametrize("body", STILL_A_NO)
def test_a_no_stays_a_no(body: str) -> None:
    assert fill.classify_reply(body) == "no"


async def test_yes_i_can_come_books_the_guest(scene: Scene) -> None:
    # the review's steps: an approved offer, "Yes I can come" a minute later
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "Yes I can come")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert "not a yes or no" not in scene.thread_text()
