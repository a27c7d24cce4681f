"""A fill card turned into a list of guests to call (its slot too soon for a text, ``test_fill_s16_too_close``) never
sends the front desk to phone someone who just said no or texted STOP to this card's text; it marks who did not
answer the text or was skipped; a card already up says so in its thread (once) when it turns into a list; and once
the slot has started the card stops asking anyone to call. Read-only spas (which never text) get a list without
the words about texts.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York), at 9:00am there: texting hours."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from spa_copilot.settings import Mode
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CALL = "call a guest on the list to offer it"


def _list_lines(scene: Scene) -> list[str]:
    """The card's candidates section, one line per guest (after its heading)."""
    for block in scene.card.blocks:
        text = (block.get("text") or {}).get("text") or ""
        if text.startswith(("*Guests to call*", "*Candidates*")):
            return text.split("\n")
    raise AssertionError("no candidates section on the card")


def _line_of(scene: Scene, first_name: str) -> str | None:
    return next((line for line in _list_lines(scene)[1:] if f" {first_name}" in line), None)


async def _first_text_answered(scene: Scene, body: str) -> dict:
    await proposed(scene)
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=15)
    first, _ = await scene.first_offer_sent()
    scene.clock.current = start - timedelta(minutes=8)
    await scene.reply(first["client_id"], body)
    await eventually(lambda: scene.proposal["status"] == "expired")
    assert scene.proposal["reason"].startswith("the slot starts too soon for a text (")
    return first


@pytest.mark.parametrize("body", ["NO", "STOP"])
async def test_who_said_no_or_stop_to_the_text_is_not_on_the_list_to_call(scene: Scene, body: str) -> None:
    first = await _first_text_answered(scene, body)
    lines = _list_lines(scene)
    assert lines[0] == "*Guests to call*"
    assert _line_of(scene, first["first_name"]) is None, f"{first['first_name']} replied {body} but is listed to call"
    others = scene.proposal["candidates"][1:]
    assert others and all(_line_of(scene, c["first_name"]) for c in others)
    assert lines[1].startswith("1. ")  # the list is numbered from its first guest to call


async def test_who_did_not_answer_the_text_is_listed_and_marked(scene: Scene) -> None:
    await proposed(scene)
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=18)
    first, _ = await scene.first_offer_sent()
    scene.clock.current = start - timedelta(minutes=7)  # the 10-minute hold ran out
    await fill.expire_offers(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["reason"].startswith("the slot starts too soon for a text (")
    line = _line_of(scene, first["first_name"])
    assert line is not None and "did not answer the text" in line
    second = scene.proposal["candidates"][1]["first_name"]
    assert "did not answer" not in (_line_of(scene, second) or "did not answer")


async def test_a_card_already_up_says_in_its_thread_once_that_it_is_now_a_list_to_call(scene: Scene) -> None:
    await proposed(scene)
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=12)
    await scene.click(ids.NEXT_CANDIDATE)  # the first guest skipped by a manager
    await eventually(lambda: scene.proposal["current_index"] == 1)
    skipped = scene.proposal["candidates"][0]["first_name"]
    scene.clock.current = start - timedelta(minutes=9)
    await fill.expire_offers(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["reason"].startswith("the slot starts too soon for a text (")
    thread = scene.thread_text()
    assert thread.count("The slot now starts too soon for a text (a 10-minute hold must end before ") == 1
    assert "call a guest on the card's list to offer it." in thread
    line = _line_of(scene, skipped)
    assert line is not None and "skipped on this card" in line
    drafted = scene.proposal["candidates"][1]["first_name"]
    assert "skipped" not in (_line_of(scene, drafted) or "skipped")


async def test_once_the_slot_has_started_the_card_asks_nobody_to_call(scene: Scene) -> None:
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=8)
    await scene.cancel()
    assert CALL in scene.card_text()
    scene.clock.current = start + timedelta(minutes=1)
    await fill.expire_offers(scene.copilot)
    text = scene.card_text()
    assert CALL not in text and "Guests to call" not in text and "too soon for a text" not in text
    assert "the slot has started, so there is no one left to call for it" in text
    assert scene.proposal["status"] == "expired"
    revision = scene.proposal["updated_at"]
    await fill.expire_offers(scene.copilot)  # said once: the next run leaves it
    assert scene.proposal["updated_at"] == revision


async def test_a_read_only_spa_gets_the_list_without_words_about_texts(scene: Scene) -> None:
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"spa_mode": Mode.read_only})
    scene.clock.current = scene.target.start_at - timedelta(minutes=8)
    await scene.cancel()
    text = scene.card_text()
    assert "for a text" not in text and "hold" not in text
    assert "The slot starts soon (" in text and CALL in text and "Guests to call" in text
    assert scene.sent() == []


async def test_nobody_left_to_call_is_said_not_an_empty_list_to_call(scene: Scene) -> None:
    first = await _first_text_answered(scene, "NO")
    others = scene.proposal["candidates"][1:]
    for other in others:  # the others opt out of the spa's texts meanwhile
        await scene.reply(other["client_id"], "STOP")
    await eventually(lambda: scene.store.text_opted_out(c["client_id"] for c in others) == {c["client_id"] for c in others})
    await fill.card._refresh_card(scene.copilot, scene.proposal["id"])
    text = scene.card_text()
    assert CALL not in text and "Guests to call" not in text
    assert "Nothing to offer: nobody left to call: every guest on the list said no or opted out" in text
    assert first["first_name"] not in text and all(c["first_name"] not in text for c in others)
