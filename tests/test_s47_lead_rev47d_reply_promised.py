"""s47 (rev47d): the model-only ``replyPromised`` flag leaves ordinary model drafts alone: a decline made friendly, a
marketing line, a reassurance, an emphasised word."""
from __future__ import annotations

import pytest

from spa_copilot.ai.concierge import Concierge
from spa_copilot.ai.guardrails import offer_promise_flags
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ORDINARY = [
    "Can't make it? Reply NO and we'll catch you another time.",
    "Not this time? Text NO and we'll try another day.",
    "No worries if not, we'll text you when another slot opens.",
    "Bring a friend next time!",
    "It won't move your existing appointment on Friday.",
    "We'll send CONFIRMATION right after.",
    "Or reply NOPE to pass.",
    "Text us BY 2:15 with YES!",
]


@pytest.mark.parametrize("tail", ORDINARY)
def test_an_ordinary_line_promises_nothing(tail: str) -> None:
    assert [f for f in offer_promise_flags(f"Reply YES to claim it. {tail}") if f.startswith("replyPromised")] == []


async def test_a_model_draft_with_a_friendly_decline_is_used(scene: Scene) -> None:
    setting = await draft_setting(scene)
    text = setting.good + " Can't make it? Reply NO and we'll catch you another time."
    assert len(text) <= 320
    scene.copilot.ai = Concierge(setting.settings, model=OneAnswerModel(text))  # type: ignore[arg-type]
    await proposed(scene)
    assert scene.proposal["draft"] == text, scene.proposal["draft_engine"]
