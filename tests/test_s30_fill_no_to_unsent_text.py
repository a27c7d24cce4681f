"""A NO or a STOP to a text the copilot settled as "not sent" after a try whose answer was lost (the retry's
re-check found the slot gone or the guest unable to take it): the text may have reached her all the same. Her YES to
it is put in front of a person (``test_s29_fill_yes_to_unsent_text``); her NO was dropped without a word, and her
STOP was said as any STOP, never saying the text may have reached her. Now both are told in the card's thread, once:
what she answered, that the copilot had taken the text as not sent, and that nothing was done on its own. A STOP is
honoured as consent all the same (never texted again until START)."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformRejected
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand, _sent_but_unconfirmed, _unsent_notes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _settled_not_sent_after_the_slot_was_taken(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> dict:
    first, key = await _sent_but_unconfirmed(scene, monkeypatch)
    _book_by_hand(scene, first)
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)  # the retry re-checks the slot: gone, so the text is settled not sent
    assert scene.store.outbox_item(key).status == "failed"
    assert scene.store.latest_fill_offer(first["client_id"])["status"] == "failed"
    scene.clock.advance(minutes=1)
    return first


async def test_a_no_is_told_to_a_person_once_and_changes_nothing(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first = await _settled_not_sent_after_the_slot_was_taken(scene, monkeypatch)
    before = (scene.proposal["status"], scene.proposal["revision"], len(scene.sent()))

    await scene.reply(first["client_id"], "No thanks, can't make it")
    await scene.reply(first["client_id"], "No")  # again: said once
    await fill.expire_offers(scene.copilot)

    [note] = _unsent_notes(scene)
    assert f"{first['first_name']} replied NO at" in note and "“No thanks, can't make it”" in note, note
    assert "taken this offer's text as not sent" in note and "Nothing was done on its own" in note, note
    assert (scene.proposal["status"], scene.proposal["revision"], len(scene.sent())) == before
    assert scene.store.latest_fill_offer(first["client_id"])["status"] == "failed"
    assert not scene.store.text_opted_out([first["client_id"]])


async def test_a_stop_is_told_once_and_honoured_as_consent(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first = await _settled_not_sent_after_the_slot_was_taken(scene, monkeypatch)
    texts_before = len(scene.sent())

    await scene.reply(first["client_id"], "STOP")
    await scene.reply(first["client_id"], "Stop")  # a second STOP (or the webhook retried) adds nothing

    [note] = _unsent_notes(scene)
    assert f"{first['first_name']} replied STOP at" in note and "will not text them again" in note, note
    assert "they can text START" in note and "nothing else was done on its own" in note, note
    assert scene.thread_text().count("will not text them again") == 1, scene.thread_text()
    assert scene.store.text_opted_out([first["client_id"]])  # consent honoured, whatever the offer's state
    assert len(scene.sent()) == texts_before
    await scene.reply(first["client_id"], "START")
    assert not scene.store.text_opted_out([first["client_id"]])


async def test_a_stop_while_the_card_moved_on_leaves_the_card_alone(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry found her unable to take it (her waitlist entry removed): the card moved on to the next guest, whose
    draft waits for Approve. Her STOP tells a person and leaves that card as it is."""
    first, key = await _sent_but_unconfirmed(scene, monkeypatch)
    entry = scene.world.spa.waitlist[first["entry_id"]]
    scene.world.spa.waitlist[entry.id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "failed"
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1

    await scene.reply(first["client_id"], "STOP")
    [note] = _unsent_notes(scene)
    assert "replied STOP" in note, note
    assert (scene.proposal["status"], scene.proposal["current_index"], scene.proposal["revision"]) == (
        "pending", 1, row["revision"])
    assert scene.store.text_opted_out([first["client_id"]])


async def test_a_no_to_a_text_refused_outright_says_nothing_of_the_kind(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first = scene.candidate(0)

    async def refused(*args: object, **kwargs: object) -> object:
        raise PlatformRejected("POST /v1/messages: HTTP 422 no mobile number", status=422)

    monkeypatch.setattr(scene.copilot.platform, "send_message", refused)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: (scene.store.latest_fill_offer(first["client_id"]) or {}).get("status") == "failed")
    await scene.reply(first["client_id"], "No")
    await scene.reply(first["client_id"], "STOP")
    assert _unsent_notes(scene) == []
