"""s47 (rev47d): the silence-books wording (``_NO_REPLY_NEEDED``) is not read into the ordinary "if we don't hear back,
it goes to the next guest": a manager's Edit saying it is not asked to confirm, and a model draft saying it is used."""
from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.ai.concierge import Concierge
from spa_copilot.fill.drafts import wording_concern
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

G = ("Hi Ava, a spot for Swedish Massage 60 just opened at SoHo on Tue 24 Nov at 2:00 pm with Ana. "
     "It's held for you for 15 minutes. Reply YES to claim it.")
ORDINARY = [  # each says her silence gives the slot AWAY, or holds it, never that it books her
    "If we don't hear back, we'll book the next guest on the list.",
    "If we don't hear back in 15 min, we'll book someone from the waitlist.",
    "If you don't reply, I'll book another guest from the waitlist.",
    "If you don't reply in 15 min, we'll confirm the next person on the list.",
    "If we don't hear back, we'll lock in the next guest.",
    "If we don't hear back by 2:15, it's booked for the next person.",
    "We're holding it for you for 15 min unless you reply NO sooner.",
    "If you don't reply, you are still booked for your Friday facial as usual.",
]


@pytest.mark.parametrize("tail", ORDINARY)
def test_an_ordinary_give_it_away_line_is_no_needless_reply(tail: str) -> None:
    assert wording_concern(f"{G} {tail}", ["Spa", "SoHo", "Swedish Massage 60"], guest="Ava") is None


async def test_a_managers_edit_saying_silence_gives_it_to_the_next_guest_is_not_questioned(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    text = row["draft"] + " If we don't hear back, we'll book the next guest on the list."
    assert len(text) <= 320
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], text) is None
    concern = fill.decisions.edit_concern(scene.copilot, row["id"], text)
    assert concern is None, concern


async def test_a_model_draft_saying_silence_gives_it_away_is_used(scene: Scene) -> None:
    setting = await draft_setting(scene)
    text = setting.good + " If we don't hear back, we'll book the next guest."
    assert len(text) <= 320
    scene.copilot.ai = Concierge(setting.settings, model=OneAnswerModel(text))  # type: ignore[arg-type]
    await proposed(scene)
    assert scene.proposal["draft"] == text, scene.proposal["draft_engine"]
