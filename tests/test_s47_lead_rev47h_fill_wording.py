"""s47 (rev47h): silence said to book the visit offered, named by its service ("you're booked for your massage"), is a
concern; a reply promise the copilot does not keep ("Send HOLD to …", "Bring a friend and we'll book her too") is
flagged; ordinary "it goes to someone else" lines, English and Spanish, and an emphasised word are not."""
from __future__ import annotations

import pytest

from spa_copilot.ai.concierge import Concierge
from spa_copilot.ai.guardrails import offer_promise_flags
from spa_copilot.fill.drafts import wording_concern
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NAMES = ["Spa", "SoHo", "Swedish Massage 60"]
EN = ("Hi Ava, a spot for Swedish Massage 60 just opened at SoHo on Tue 24 Nov at 2:00 pm with Ana. "
      "It's held for you for 15 minutes. Reply YES to claim it.")
ES = ("Hola Ava, se abrió un espacio para Swedish Massage 60 el mar 24 nov a las 2:00 pm. "
      "Te lo guardamos 15 minutos. Responde SÍ para reservarlo.")


# 1. The visit offered, named by its service, is hers: silence said to book it is a concern.
@pytest.mark.parametrize("tail", [
    "If we don't hear back, you're booked for your Swedish massage at 2pm.",
    "If we don't hear back, you're all set for your relaxing massage on Tuesday.",
    "If we don't hear back, we'll book it for your 2pm massage.",
])
def test_silence_booking_the_offered_visit_named_by_its_service_is_a_concern(tail: str) -> None:
    assert wording_concern(f"{EN} {tail}", NAMES, guest="Ava") is not None


@pytest.mark.parametrize("tail", [
    " If we don't hear back, you're all set for your relaxing massage.",
    " If we don't hear back, we'll book it for your 11am massage.",
    " If we don't hear back, you're booked for your massage appointment.",
])
async def test_a_model_draft_saying_silence_books_her_falls_back(scene: Scene, tail: str) -> None:
    setting = await draft_setting(scene)
    text = setting.good + tail
    assert len(text) <= 320
    scene.copilot.ai = Concierge(setting.settings, model=OneAnswerModel(text))  # type: ignore[arg-type]
    await proposed(scene)
    assert scene.proposal["draft"] != text, "a draft telling her silence books her is used"


# 2. A reply promise the copilot does not keep.
@pytest.mark.parametrize("tail", [
    "Send HOLD to keep it another hour.",
    "Send us your preferred time and we'll book it.",
    "Bring a friend and we'll book her too!",
])
def test_a_reply_promise_the_copilot_does_not_keep_is_flagged(tail: str) -> None:
    assert [f for f in offer_promise_flags(f"Reply YES to claim it. {tail}") if f.startswith("replyPromised")]


# 3. Ordinary "it goes to someone else / your own booking stays" lines are no silence booking her.
@pytest.mark.parametrize("text", [
    f"{EN} If we don't hear back, we'll book it for a guest on the waitlist.",
    f"{EN} If we don't hear back, we'll reserve this for a waitlisted guest.",
    f"{EN} If you don't reply it's booked for whoever replies first.",
    f"{EN} If you don't reply, you're still booked for Friday as usual.",
    f"{EN} If we don't hear back, you are still booked for your massage next week.",
    f"{ES} Si no contestas, lo confirmamos con la siguiente persona de la lista.",
    f"{ES} Si no contesta, lo reservamos al próximo de la lista.",
    f"{ES} Si no respondes, la confirmamos con otra clienta.",
    f"{ES} Si no sabemos nada, lo reservamos para quien conteste primero.",
    f"{ES} Si no respondes, no es tuyo: se libera a las 2:15.",
])
def test_an_ordinary_give_it_away_line_is_no_concern(text: str) -> None:
    assert wording_concern(text, NAMES, guest="Ava") is None


def test_an_emphasised_word_after_reply_is_no_promise() -> None:
    assert not [f for f in offer_promise_flags("Reply YES to claim it. Reply QUICK!") if f.startswith("replyPromised")]
