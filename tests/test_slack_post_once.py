"""A post Slack made but whose answer was lost (a 502 from a proxy, a read timeout) is not posted again by the retry:
the retry finds it in the conversation by the key in its metadata and records its ``ts`` (``slack.retry.post_once``).
A clean refusal (Slack said it posted nothing) is retried and posted once; a token without the history scopes posts
again, as before."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot import fill
from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from spa_copilot.slack.listeners import alert_actions
from spa_copilot.slack.retry import POST_EVENT_TYPE
from tests.conftest import FlakySlack, by_name
from tests.fill_scene import Scene, sms_reply


class AnswerLost:
    """The copilot's Slack client, except that the next ``count`` ``chat.postMessage`` calls post and then raise
    ``error`` (the read timed out, or the connection dropped, after Slack had the request)."""

    def __init__(self, inner: Any, error: BaseException, count: int = 1) -> None:
        self.inner, self.error, self.count = inner, error, count

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.inner, name)
        if name != "chat_postMessage":
            return real

        async def post(**kwargs: Any) -> Any:
            response = await real(**kwargs)
            if self.count > 0:
                self.count -= 1
                raise self.error
            return response

        return post


def _cards(world: SandboxWorld) -> list[Any]:
    return [m for m in world.slack.messages("front-desk") if m.text.startswith("Fill proposal")]


def _refused(error: str) -> SlackApiError:
    response = AsyncSlackResponse(client=None, http_verb="POST", api_url="https://slack.com/api/chat.postMessage",
                                  req_args={}, data={"ok": False, "error": error}, headers={}, status_code=200)
    return SlackApiError(f"The request to the Slack API failed. ({error})", response)


@pytest.mark.parametrize("how", ["502", "read-timeout"])
async def test_a_fill_card_whose_answer_was_lost_is_posted_once_and_approved_on_it(scene: Scene, how: str) -> None:
    if how == "502":
        scene.world.slack.lose_answer_next(1)  # the card is posted; the copilot gets a bare 502
    else:
        scene.copilot.slack = AnswerLost(scene.copilot.slack, asyncio.TimeoutError())  # type: ignore[assignment]
    await scene.cancel()
    [posted] = _cards(scene.world)
    assert not scene.proposal["ts"], "the copilot did not know the card was posted"
    assert posted.metadata is not None and posted.metadata["event_type"] == POST_EVENT_TYPE
    assert posted.metadata["event_payload"]["key"] == f"fill-card:{scene.proposal['id']}"
    assert float(posted.metadata["event_payload"]["try"]) > 0  # the try that posted it
    await fill.expire_offers(scene.copilot)  # the retry
    await fill.expire_offers(scene.copilot)
    assert [m.ts for m in _cards(scene.world)] == [posted.ts], "the card was posted twice"
    assert scene.proposal["ts"] == posted.ts and scene.proposal["channel"] == scene.world.slack.channel_id("front-desk")
    [looked] = scene.world.slack.calls_to("conversations.history")
    assert looked.ok and looked.params["include_all_metadata"] in ("1", "true", "True", True)
    await scene.approve_and_wait()  # Approve acts on the one card
    assert len(scene.sent()) == 1
    assert scene.world.slack.message("front-desk", posted.ts).edited  # the card redrawn in place, approved


async def test_a_fill_card_slack_refused_cleanly_is_posted_once_without_looking(scene: Scene) -> None:
    scene.copilot.slack = AnswerLost(scene.copilot.slack, asyncio.TimeoutError(), count=0)  # type: ignore[assignment]
    scene.world.slack.rate_limit_next(1, retry_after=30)  # a clean refusal: nothing posted
    await scene.cancel()
    assert not _cards(scene.world) and not scene.proposal["ts"]
    await fill.expire_offers(scene.copilot)
    [card] = _cards(scene.world)
    assert scene.proposal["ts"] == card.ts
    assert not scene.world.slack.calls_to("conversations.history"), "a clean refusal needs no look"


async def test_a_lost_answer_whose_post_did_not_happen_is_posted_by_the_retry(scene: Scene) -> None:
    flaky = AnswerLost(scene.copilot.slack, asyncio.TimeoutError(), count=0)

    async def never_arrived(**kwargs: Any) -> Any:
        raise asyncio.TimeoutError  # the request never reached Slack

    scene.copilot.slack = flaky  # type: ignore[assignment]
    flaky.__dict__["chat_postMessage"] = never_arrived
    await scene.cancel()
    assert not _cards(scene.world)
    del flaky.__dict__["chat_postMessage"]
    await fill.expire_offers(scene.copilot)
    [card] = _cards(scene.world)
    assert scene.proposal["ts"] == card.ts
    assert len(scene.world.slack.calls_to("conversations.history")) == 1  # looked, found nothing, posted


async def test_without_the_history_scopes_a_lost_answer_is_posted_again_as_before(scene: Scene) -> None:
    scene.world.slack.scopes = [s for s in ids.BOT_SCOPES if s not in ids.HISTORY_SCOPES]
    scene.world.slack.lose_answer_next(1)
    await scene.cancel()
    await fill.expire_offers(scene.copilot)
    cards = _cards(scene.world)
    assert len(cards) == 2 and scene.proposal["ts"] == cards[-1].ts  # today's behaviour: no failure, a second post
    [looked] = scene.world.slack.calls_to("conversations.history")
    assert looked.error == "missing_scope"


async def test_a_lookup_slack_cannot_answer_posts_nothing_and_the_next_retry_finds_it(scene: Scene) -> None:
    scene.world.slack.lose_answer_next(1)
    await scene.cancel()
    real = scene.copilot.slack
    down = {"conversations_history": 1}

    class LookupDown:
        def __getattr__(self, name: str) -> Any:
            if down.get(name):
                async def refused(**kwargs: Any) -> Any:
                    down[name] -= 1
                    raise _refused_status(503)
                return refused
            return getattr(real, name)

    scene.copilot.slack = LookupDown()  # type: ignore[assignment]
    await fill.expire_offers(scene.copilot)  # the look fails: posting could post it twice, so nothing is posted
    assert len(_cards(scene.world)) == 1 and not scene.proposal["ts"]
    await fill.expire_offers(scene.copilot)
    [card] = _cards(scene.world)
    assert scene.proposal["ts"] == card.ts


def _refused_status(status: int) -> SlackApiError:
    response = AsyncSlackResponse(client=None, http_verb="GET", api_url="https://slack.com/api/conversations.history",
                                  req_args={}, data={}, headers={}, status_code=status)
    return SlackApiError(f"The request to the Slack API failed. (status: {status})", response)


# ---------------------------------------------------------------------------------------------------
# Briefing DMs


def _dms(world: SandboxWorld) -> dict[str, list[Any]]:
    """The bot's DMs, by the user they went to."""
    found: dict[str, list[Any]] = {}
    for user_id in world.slack.users:
        if messages := world.slack.messages(user_id):
            found[user_id] = messages
    return found


@pytest.mark.parametrize("how", ["502", "connection-reset"])
async def test_a_morning_dm_whose_answer_was_lost_reaches_the_therapist_once(world: SandboxWorld, how: str) -> None:
    if how == "502":
        world.slack.lose_answer_next(1)  # the first DM of the run is posted; the copilot gets a bare 502
    else:
        world.copilot.slack = AnswerLost(world.copilot.slack, aiohttp.ServerDisconnectedError())  # type: ignore[assignment]
    first = await send_morning_briefings(world.copilot, "loc_soho")
    [lost] = first.failed
    assert len(_dms(world)[world.slack_id(lost)]) == 1, "Slack had posted it"
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert again.sent == [lost] and not again.failed
    dms = _dms(world)
    assert all(len(messages) == 1 for messages in dms.values()), "a therapist got the DM twice"
    assert {world.slack_id(staff_id) for staff_id in first.sent + again.sent} == set(dms)
    [looked] = world.slack.calls_to("conversations.history")
    assert looked.ok and looked.params["channel"].startswith("D")


async def test_a_morning_dm_slack_refused_cleanly_is_sent_by_the_next_run_once(world: SandboxWorld) -> None:
    world.slack.rate_limit_next(1, retry_after=0)  # chat.postMessage's 429: waited out and posted
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.slack = flaky  # type: ignore[assignment]
    flaky.fail("chat_postMessage", _refused("user_not_found"))
    first = await send_morning_briefings(world.copilot, "loc_soho")
    assert first.failed and not _dms(world)
    flaky.heal()
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert set(again.sent) == set(first.failed)
    assert all(len(messages) == 1 for messages in _dms(world).values())
    assert not world.slack.calls_to("conversations.history"), "a clean refusal needs no look"


async def test_a_prep_dm_whose_answer_was_lost_is_sent_once(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    world.slack.lose_answer_next(1)
    await send_prep_briefings(world.copilot)
    [lost] = [call for call in world.slack.calls if call.status == 502]
    [posted] = [m for m in world.slack.messages(lost.params["channel"]) if m.text == lost.params["text"]]
    assert posted.text.startswith(("Coming up", "Started at"))
    before = {user: len(messages) for user, messages in _dms(world).items()}
    await send_prep_briefings(world.copilot)  # the retry of the DM whose answer was lost
    await send_prep_briefings(world.copilot)
    assert {user: len(messages) for user, messages in _dms(world).items()} == before, "a prep DM was sent twice"
    assert len(world.slack.calls_to("conversations.history")) == 1


# ---------------------------------------------------------------------------------------------------
# Conflict alerts


def _alert_cards(world: SandboxWorld) -> list[Any]:
    return [m for m in world.slack.messages("front-desk") if ids.ACK_CONFLICT in json.dumps(m.blocks)]


async def test_a_conflict_card_whose_answer_was_lost_is_posted_once_and_acknowledged_on_it(world: SandboxWorld) -> None:
    alert_actions.register(world.bolt, world.copilot)
    world.slack.lose_answer_next(1)  # the first card of the poll is posted; the copilot gets a bare 502
    await poll_calendar(world.copilot)
    [lost] = [call for call in world.slack.calls if call.status == 502]
    [posted] = [m for m in _alert_cards(world) if m.ts == lost.response["ts"]]
    recorded = {row.ts for loc in ("loc_soho", "loc_venice") for row in world.copilot.store.alerts(location_id=loc)}
    assert posted.ts not in recorded, "the copilot did not know the card was posted"
    count = len(_alert_cards(world))
    await poll_calendar(world.copilot)  # the check runs again after a pass in which a Slack call failed
    await poll_calendar(world.copilot)
    assert len(_alert_cards(world)) == count, "a conflict card was posted twice"
    [row] = [row for loc in ("loc_soho", "loc_venice") for row in world.copilot.store.alerts(location_id=loc)
             if row.ts == posted.ts]
    assert row.status == "open" and row.channel == posted.channel
    therapist = world.slack_id("st_ana_reyes")
    response = await world.sender.click(posted, ids.ACK_CONFLICT, user_id=therapist)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: bool(s.message(posted.channel, posted.ts).edited), timeout=10)  # type: ignore[union-attr]
    assert (world.copilot.store.alert(row.key) or row).status == "acknowledged"


async def test_a_conflict_card_slack_refused_cleanly_is_posted_once_by_the_next_check(world: SandboxWorld) -> None:
    world.slack.rate_limit_next(1, retry_after=30)  # a clean refusal: nothing posted, the next poll posts it
    await poll_calendar(world.copilot)
    count = len(_alert_cards(world))
    await poll_calendar(world.copilot)
    await poll_calendar(world.copilot)
    assert len(_alert_cards(world)) == count + 1
    assert not world.slack.calls_to("conversations.history"), "a clean refusal needs no look"


# ---------------------------------------------------------------------------------------------------
# spa-copilot check


async def test_check_passes_a_token_without_the_history_scopes_and_says_what_it_lacks(world: SandboxWorld) -> None:
    world.slack.scopes = [s for s in ids.BOT_SCOPES if s not in ids.HISTORY_SCOPES]
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))
    slack = checks["Slack"]
    assert slack.status == "ok", slack
    assert "lacks channels:history, groups:history, im:history: a post whose answer Slack loses may be posted" in slack.detail
    assert "staff in Slack" in checks, "the checks that need Slack still run"


async def test_a_thread_note_whose_answer_was_lost_is_said_once_when_its_cause_comes_back(scene: Scene) -> None:
    await scene.cancel()
    first, _ = await scene.first_offer_sent()
    scene.world.slack.lose_answer_next(1)  # the note is posted in the card's thread; the copilot gets a bare 502
    question = sms_reply(first["client_id"], "is it with Ana?", scene.clock(), "msg_q")
    await fill.on_message_received(scene.copilot, question)
    await fill.on_message_received(scene.copilot, question)  # the webhook retried: the note is tried again
    notes = [m for m in scene.world.slack.thread(scene.proposal["channel"], scene.proposal["ts"])
             if "is it with Ana?" in m.text]
    assert len(notes) == 1, "the note was posted twice"
    [looked] = scene.world.slack.calls_to("conversations.replies")
    assert looked.ok and looked.params["ts"] == scene.proposal["ts"]
