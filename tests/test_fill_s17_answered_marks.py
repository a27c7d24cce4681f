"""A fill card (not only the list to call it may turn into) marks a guest who said no to its text, or texted STOP, the
way the list to call marks its guests: never an ordinary numbered candidate a manager might phone or text again.
Through the real flow (``tests/fill_scene.py``)."""

from __future__ import annotations

import pytest

from spa_copilot.fill.call_list import CALL_NO_ANSWER, CALL_SAID_NO, CALL_STOPPED
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _lines(scene: Scene) -> list[str]:
    for block in scene.card.blocks:
        text = (block.get("text") or {}).get("text") or ""
        if text.startswith("*Candidates*"):
            return text.split("\n")[1:]
    raise AssertionError("no candidates section on the card")


async def test_who_said_no_then_who_texted_stop_are_marked_on_the_fill_card(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "NO")
    await eventually(lambda: scene.proposal["current_index"] == 1 and scene.proposal["status"] == "pending")
    await eventually(lambda: f"{first['first_name']} — {CALL_SAID_NO};" in _lines(scene)[0])
    assert _lines(scene)[0].startswith("1. ")
    assert _lines(scene)[1].startswith(":arrow_right:") and CALL_SAID_NO not in _lines(scene)[1]

    second = scene.candidate(1)
    await scene.approve_and_wait()
    await scene.reply(second["client_id"], "STOP")
    await eventually(lambda: scene.proposal["current_index"] == 2)
    await eventually(lambda: f"{second['first_name']} — {CALL_STOPPED};" in _lines(scene)[1])
    assert CALL_SAID_NO in _lines(scene)[0]  # still marked
    assert CALL_STOPPED not in _lines(scene)[2] and CALL_SAID_NO not in _lines(scene)[2]


async def test_a_stop_to_another_cards_text_marks_the_guest_here_too(scene: Scene) -> None:
    # a STOP is about every text of the copilot: a guest who sent one since the card was posted is marked on it
    await proposed(scene)
    third = scene.candidate(2)
    scene.store.record_text_opt_out(third["client_id"], at=scene.clock.current)  # their STOP to another card's text
    await scene.approve_and_wait()  # the card is drawn again
    await eventually(lambda: f"{third['first_name']} — {CALL_STOPPED};" in _lines(scene)[2])
    assert CALL_STOPPED not in _lines(scene)[0]


async def test_the_drafted_guest_and_those_not_yet_offered_carry_no_mark(scene: Scene) -> None:
    await proposed(scene)
    lines = _lines(scene)
    assert all(mark not in line for line in lines for mark in (CALL_SAID_NO, CALL_STOPPED, CALL_NO_ANSWER))
