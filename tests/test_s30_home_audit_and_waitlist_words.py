"""Two small wordings of the Slack face (a review, rev30a): ``/spa audit``'s title counts in words ("Last 0 audit
entries", "Last 1 audit entries" before), and ``waitlist add @someone`` says a Slack user is not a guest rather than
echoing Slack's markup back ("No client matches “&lt;@U…&gt;”")."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command


async def _audit(world: SandboxWorld) -> dict[str, Any]:
    return (await answer_command(world.copilot, text="audit", user_id=world.manager_id)).to_kwargs()


async def test_audit_titles_say_none_one_and_many(world: SandboxWorld) -> None:
    store = world.copilot.store
    reply = await _audit(world)
    assert reply["blocks"][0]["text"]["text"] == "No audit entries yet" and reply["text"] == "No audit entries yet"
    store.audit(actor=world.manager_id, action="offer.approved", subject_id="pr_1", details={})
    reply = await _audit(world)
    assert reply["blocks"][0]["text"]["text"] == "Last audit entry" and reply["text"] == "Last audit entry"
    store.audit(actor="copilot", action="offer.sent", subject_id="pr_1", details={})
    reply = await _audit(world)
    assert reply["blocks"][0]["text"]["text"] == "Last 2 audit entries" and reply["text"] == "Last 2 audit entries: 2"


@pytest.mark.parametrize(
    "typed, said",
    [
        ("<@U0FRONTDSK|front.desk>", "@front.desk is someone in Slack, not a guest"),
        ("<@U0FRONTDSK>", "the person you mentioned is someone in Slack, not a guest"),
        ("<#C0123ABC|front-desk>", "#front-desk is a Slack channel, not a guest"),
    ],
)
async def test_waitlist_add_of_a_slack_mention_says_it_is_no_guest(world: SandboxWorld, typed: str, said: str) -> None:
    searched: list[Any] = []
    platform = world.copilot.platform
    real = platform.search_clients

    async def counted(*args: Any, **kwargs: Any) -> Any:
        searched.append(args or kwargs)
        return await real(*args, **kwargs)

    platform.search_clients = counted  # type: ignore[method-assign]
    text = f'waitlist add {typed} "Swedish Massage 60" fri 2pm-6pm'
    reply = json.dumps((await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs(), ensure_ascii=False)
    assert said in reply, reply
    assert "&lt;@" not in reply and "&lt;#" not in reply and "No client matches" not in reply
    assert searched == [], "the spa's clients are not searched for a Slack mention"
