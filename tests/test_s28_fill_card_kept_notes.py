"""A line for a fill card's thread that Slack refuses (a guest's reply quoted, above all) is kept in the store and
posted by a later try (the expiry job, or the next line for that thread), once and in its order: the webhook was
answered, so nothing else would ever bring her words back, and "(they replied; see the thread)" never goes ahead of
them."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from spa_copilot import fill
from spa_copilot.fill import card
from spa_copilot.store.forget import forget_client
from tests.fill_scene import Scene, eventually, proposed

DOWN = SlackApiError("down", {"ok": False, "error": "internal_error"})


def _thread(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


async def test_a_booked_guests_no_refused_by_slack_is_posted_later_once(scene: Scene, flaky_slack: Any) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    scene.clock.advance(minutes=20)
    await scene.reply(first["client_id"], "No sorry, I can't make it after all")
    await asyncio.sleep(0.2)
    assert not any("after all" in line for line in _thread(scene))
    # still down: the job's try keeps it
    await fill.expire_offers(scene.copilot)
    assert not any("after all" in line for line in _thread(scene))
    flaky_slack.heal()
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.expire_offers(scene.copilot)
    assert sum("after all" in line for line in _thread(scene)) == 1
    assert scene.store.kept_notes() == []


async def test_the_webhook_sent_again_posts_no_second_copy(scene: Scene, flaky_slack: Any) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    await scene.reply(first["client_id"], "can I do 3pm instead?")
    await asyncio.sleep(0.2)
    flaky_slack.heal()
    [kept] = scene.store.kept_notes()
    # the same reply handled again (a webhook retry) while its line is still kept: its claim holds
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer is not None
    await card._thread_note_once(scene.copilot, kept["claim"], scene.proposal["id"], kept["text"])
    await fill.expire_offers(scene.copilot)
    await card._thread_note_once(scene.copilot, kept["claim"], scene.proposal["id"], kept["text"])
    assert sum("3pm" in line for line in _thread(scene)) == 1


async def test_a_question_refused_by_slack_comes_before_see_the_thread(scene: Scene, flaky_slack: Any) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    await scene.reply(first["client_id"], "can I do 3pm instead?")
    await asyncio.sleep(0.2)
    # the hold runs out while Slack is still down: the card moves on, its thread line waits behind her words
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["current_index"] == 1
    assert not any("see the thread" in line for line in _thread(scene))
    flaky_slack.heal()
    scene.clock.advance(minutes=1)
    await fill.expire_offers(scene.copilot)
    lines = _thread(scene)
    question = next(i for i, line in enumerate(lines) if "3pm" in line)
    see = next(i for i, line in enumerate(lines) if "(they replied; see the thread)" in line)
    assert question < see
    assert sum("3pm" in line for line in lines) == 1 and sum("see the thread" in line for line in lines) == 1
    assert scene.store.kept_notes() == []


async def test_the_next_line_for_the_thread_posts_the_kept_one_first(scene: Scene, flaky_slack: Any) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    await scene.reply(first["client_id"], "can I do 3pm instead?")
    await asyncio.sleep(0.2)
    flaky_slack.heal()
    await scene.reply(first["client_id"], "No thanks")  # no expiry job run between: the next event posts it
    await eventually(lambda: any("said no" in line for line in _thread(scene)))
    lines = _thread(scene)
    assert next(i for i, x in enumerate(lines) if "3pm" in x) < next(i for i, x in enumerate(lines) if "said no" in x)
    assert scene.store.kept_notes() == []


async def test_a_line_slack_refuses_for_a_day_is_dropped(scene: Scene, flaky_slack: Any) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    await scene.reply(first["client_id"], "can I do 3pm instead?")
    await asyncio.sleep(0.2)
    assert scene.store.kept_notes()
    scene.clock.advance(minutes=card.KEPT_NOTE_FOR // timedelta(minutes=1) + 1)
    await fill.expire_offers(scene.copilot)
    assert not any(n["text"].find("3pm") >= 0 for n in scene.store.kept_notes())


async def test_forget_deletes_her_kept_lines(scene: Scene, flaky_slack: Any) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    await scene.reply(first["client_id"], "can I do 3pm instead?")
    await asyncio.sleep(0.2)
    assert scene.store.kept_notes()
    done = forget_client(scene.store, first["client_id"], by="test", now=scene.clock())
    assert done.changed["kept_notes"] == 1 and scene.store.kept_notes() == []
    flaky_slack.heal()
    await fill.expire_offers(scene.copilot)
    assert not any("3pm" in line for line in _thread(scene))


def test_the_store_keeps_lines_in_order_once_per_claim() -> None:
    from datetime import UTC, datetime

    from spa_copilot.store.db import Store

    store = Store.memory()
    at = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert store.keep_note("b", proposal_id="fp_1", text="first", at=at)
    assert store.keep_note("a", proposal_id="fp_1", text="second", at=at)
    assert not store.keep_note("b", proposal_id="fp_1", text="again", at=at)  # the first kept under a claim stays
    assert store.keep_note("c", proposal_id="fp_2", text="other", at=at)
    assert [n["text"] for n in store.kept_notes(proposal_id="fp_1")] == ["first", "second"]
    assert store.drop_note("b") and not store.drop_note("b")
    assert [n["claim"] for n in store.kept_notes()] == ["a", "c"]
