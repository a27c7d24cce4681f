"""An edited invitation that greets someone else than the guest it goes to ("Hi Marguerite," copied from another
card, sent to Christopher) is a concern the manager confirms with a second Save; a short form of her name, a title
or a word no one is named passes (probe45d)."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot.fill import drafts as d
from spa_copilot.fill.decisions import CONFIRM_CONCERN_TEXT
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed


@pytest.mark.parametrize(
    ("text", "guest", "said"),
    [
        ("Hi Marguerite, a spot opened today at 2:00 pm.", "Christopher", "Marguerite"),
        ("Hello Sebastian! A spot opened.", "Hazel", "Sebastian"),
        ("Good morning Ana, a spot opened.", "Bea", "Ana"),
        ("Hi Christopher, a spot opened.", "Christopher", None),
        ("hi christopher, a spot opened.", "Christopher", None),
        ("Hi Chris, a spot opened.", "Christopher", None),
        ("Hi José, a spot opened.", "Jose", None),
        ("Dear Mary Ann, a spot opened.", "Mary Ann", None),
        ("Hi There, a spot opened.", "Christopher", None),
        ("Hello again! A spot opened.", "Christopher", None),
        ("Hi Mrs. Kim, a spot opened.", "Kim", None),
        ("A spot opened, Marguerite.", "Christopher", None),  # only the opening greeting is read
        ("Hi Marguerite, a spot opened.", "", None),
        ("Hi Marguerite! A spot opened.", "Christopher", "Marguerite"),
        # rev45j: no name greeted
        ("Hi This is Juniper & Salt, a spot opened.", "Jane", None),
        ("Hey It's Sarah from the spa, a spot opened.", "Jane", None),
        ("Hi Good news! A spot opened.", "Jane", None),
        ("Hi Ladies! A spot opened.", "Jane", None),
        ("Hi Guys, a spot opened.", "Jane", None),
        ("Hi Just a note: a spot opened.", "Jane", None),
        # rev45k: a name before a surname, a line break, an emoji or a bracket is still greeted
        ("Hi Marguerite Smith, a spot opened.", "Christopher", "Marguerite"),
        ("Hi Marguerite\nA spot opened.", "Christopher", "Marguerite"),
        ("Hi Marguerite 🌸 a spot opened.", "Christopher", "Marguerite"),
        ("Hi Marguerite (from the waitlist), a spot opened.", "Christopher", "Marguerite"),
    ],
)
def test_greets_another(text: str, guest: str, said: str | None) -> None:
    assert d.greets_another(text, guest) == said


def test_the_concern_names_both_and_comes_with_the_others() -> None:
    concern = d.wording_concern("Hi Marguerite, a spot opened. Reply YES, or CANCEL to pass.", guest="Christopher")
    assert concern is not None
    kinds, line = concern
    assert kinds == "greetsAnother+stopKeyword"
    assert line.startswith('It greets "Marguerite", but this text goes to Christopher. ')


async def test_an_edit_greeting_another_guest_is_warned_then_saved_on_a_second_save(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    guest = scene.candidate(0)["first_name"]
    other = "Marguerite" if guest != "Marguerite" else "Sebastian"
    text = row["draft"].replace(guest, other, 1)
    assert text != row["draft"]
    view = await scene.open_edit()
    first = await scene.save_edit(view, text)
    line = d.GREETS_ANOTHER_CONCERN_TEXT.format(said=other, guest=guest)
    assert first == {
        "response_action": "errors",
        "errors": {ids.EDIT_DRAFT_BLOCK: CONFIRM_CONCERN_TEXT.format(concern=line)},
    }
    await asyncio.sleep(0.2)
    assert scene.proposal["draft"] == row["draft"]
    assert await scene.save_edit(view, text) == {}
    await eventually(lambda: scene.proposal["draft"] == text)
    [edited] = scene.store.recent_audit(5, action_prefix="fill.edited")
    assert edited.details["confirmedConcern"] == "greetsAnother"
