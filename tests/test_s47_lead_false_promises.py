"""s47 (probe47b MEDIUM): a model's invitation draft telling the guest something her YES (or her silence) does not do
passed every draft guard, reached the card as the text to approve, and an Approve texted it. Worst: "If we don't hear
back we'll book it for you": she does not answer, the hold runs out, the slot goes to the next guest, and she walks
in to a slot that is not hers (the harm s43 closed for "No need to reply YES"). Such a draft now falls back to the
offline text; the silence wording in a manager's own Edit asks her to confirm it (a concern, not a refusal)."""
from __future__ import annotations

import asyncio

import pytest

from spa_copilot import fill
from spa_copilot.ai.concierge import Concierge
from spa_copilot.ai.guardrails import offer_promise_flags
from spa_copilot.fill.drafts import wording_concern
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FALSE = {
    "silence_books": " If we don't hear back we'll book it for you.",
    "silence_books2": " No answer by then and it's yours anyway.",
    "maybe_longer": " Or reply MAYBE to hold it longer.",
    "for_two": " Reply YES for you and a friend.",
    "yes_cancels_other": " (Reply YES also cancels your other booking.)",
    "better_time": " Can't make it? Reply with a better time and we'll book that.",
}


@pytest.mark.parametrize("name", list(FALSE))
async def test_a_false_promise_in_a_model_draft_is_not_put_to_the_manager(scene: Scene, name: str) -> None:
    setting = await draft_setting(scene)
    text = setting.good + FALSE[name]
    assert len(text) <= 320
    scene.copilot.ai = Concierge(setting.settings, model=OneAnswerModel(text))  # type: ignore[arg-type]
    await proposed(scene)
    assert scene.proposal["draft"] != text, f"model draft used as is: {scene.proposal['draft_engine']}"


async def test_silence_promised_a_booking_is_texted_and_then_not_booked(scene: Scene) -> None:
    """End to end: the draft is approved as shown, the guest is texted it, does not answer, and is not booked."""
    setting = await draft_setting(scene)
    text = setting.good + FALSE["silence_books"]
    scene.copilot.ai = Concierge(setting.settings, model=OneAnswerModel(text))  # type: ignore[arg-type]
    await proposed(scene)
    first, offer, _ = await scene.first_hold_given_up()
    await asyncio.sleep(0.2)
    told = [s["body"] for s in scene.sent() if s["clientId"] == first["client_id"]]
    booked = scene.bookings_for(first["client_id"])
    assert not (told and "book it for you" in told[0] and not booked), "told she'd be booked on silence; not booked"


async def test_edit_saying_silence_books_is_at_least_a_concern(scene: Scene) -> None:
    """The same words in a manager's Edit ask her to confirm them (as "No need to reply" does)."""
    await proposed(scene)
    row = scene.proposal
    text = row["draft"] + FALSE["silence_books"]
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], text) is not None or \
        fill.decisions.edit_concern(scene.copilot, row["id"], text) is not None


#: Words a spa's own drafts and edits use that promise nothing false: none is flagged.
TRUE_WORDS = [
    "If we don't hear back in 10 minutes, we'll offer it to the next guest.",
    "If you don't reply, no worries, we'll book it for someone else.",
    "If we don't hear back we'll book the slot with the next guest.",
    "No reply by 3:10pm and it goes to the next person on the waitlist.",
    "Reply YES and we'll book it for you. Reply STOP to opt out.",
    "Reply NOW to claim it! Reply Y or YES.",
    "Reply OK or YES to grab it ASAP.",
    "Text us back YES to claim it.",
    "Couples Massage for two with Ana at 2pm. Reply YES to claim it.",
    "If we don't hear back, we'll move on to the next guest on the list.",
    "Hi Dana! Reply YES within 10 minutes and it's yours.",
    "If you reply YES, you're booked with Ana.",
]
FALSE_WORDS = [
    *(words.strip() for words in FALSE.values()),
    "If you don't reply, you're booked.",
    "We'll assume that's a yes if we don't hear from you.",
    "It's yours unless you reply no.",
]


@pytest.mark.parametrize("words", TRUE_WORDS)
def test_true_words_are_not_flagged(words: str) -> None:
    assert wording_concern(words) is None and offer_promise_flags(words) == []


@pytest.mark.parametrize("words", FALSE_WORDS)
def test_false_words_are_flagged(words: str) -> None:
    assert wording_concern(words) is not None or offer_promise_flags(words) != []
