"""A text whose send was cut off mid-try (the process stopped while the spa system was being asked to send it: the
text may have gone out) recorded no try: the outbox item was left claimed with no attempt counted. Taken up by the
next process, it was sent as a first try (no re-check of the slot), and a text then settled as not sent was taken
for one that never reached her, so her YES to it was dropped without a word. Now the try cut off is counted when
the item is taken up again: the send is a retry (the slot re-checked first, as after a lost answer), and her YES to
a text so settled is put in front of a person, as after a lost answer."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill import _common
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand, _unsent_notes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class _Killed(BaseException):
    """The process dying (kill -9) at that point: nothing after it runs."""


async def _cut_off_mid_send(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], str]:
    """Approve clicked; the spa system sends the text, and the process dies before it hears back: nothing more is
    written (not even the claim handed back). Then a new process starts (every claim's lease ends)."""
    await proposed(scene)
    first = scene.candidate(0)
    key = _common._text_key(scene.proposal)
    platform, store = scene.copilot.platform, scene.store
    real_send, real_mark = platform.send_message, store.mark_outbox

    async def dies_mid_send(*args: Any, **kwargs: Any) -> Any:
        await real_send(*args, **kwargs)
        raise _Killed

    def dead(key: str, **kwargs: Any) -> bool:
        if kwargs.get("error") == "interrupted":  # the dying process writes nothing more
            raise _Killed
        return real_mark(key, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(platform, "send_message", dies_mid_send)
        patched.setattr(store, "mark_outbox", dead)
        await scene.click(ids.APPROVE_FILL)
        await eventually(lambda: len(scene.sent()) == 1)
        await asyncio.sleep(0.2)
    item = store.outbox_item(key)
    assert item is not None and item.status == "sending" and item.attempts == 0  # claimed, never settled
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]  # it did reach her
    store.reclaim_outbox(now=scene.clock.current)  # the next process starts
    return first, key


async def test_a_send_cut_off_is_retried_as_after_a_lost_answer_and_her_yes_is_told_to_a_person(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, key = await _cut_off_mid_send(scene, monkeypatch)
    _book_by_hand(scene, first)  # the front desk gives the hour away meanwhile
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)  # the retry re-checks the slot: gone, so the text is settled not sent
    item = scene.store.outbox_item(key)
    assert item.status == "failed" and item.attempts >= 2, item
    assert scene.store.latest_fill_offer(first["client_id"])["status"] == "failed"
    assert len(scene.sent()) == 1

    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "YES")
    [note] = _unsent_notes(scene)
    assert f"{first['first_name']} replied YES at" in note and "can no longer be booked for them" in note, note
    assert scene.bookings_for(first["client_id"]) == []
    assert len(scene.sent()) == 1  # nothing texted on its own


async def test_a_send_cut_off_with_the_slot_still_free_is_settled_once_with_one_text(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, key = await _cut_off_mid_send(scene, monkeypatch)
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.store.latest_fill_offer(first["client_id"])["status"] == "sent"
    assert len(scene.sent()) == 1, "the same key: one text, not a second"
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1
