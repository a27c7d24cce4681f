"""``/spa audit`` names who approved by a mention Slack shows as their name, never a raw id; the rest stays text."""

from __future__ import annotations

import json

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.listeners.commands import answer_command


@pytest.mark.parametrize(
    "actor, shown",
    [
        ("U0MANAGER1", "by <@U0MANAGER1>"),
        ("W0ENTERPRISE", "by <@W0ENTERPRISE>"),
        ("copilot", "by copilot"),
        ("client:cl_0042", "by client:cl_0042"),
        ("<!channel>", "by &lt;!channel&gt;"),
        ("U0MANAGER1|x> <!here", "by U0MANAGER1|x&gt; &lt;!here"),
    ],
)
def test_a_person_is_a_mention_and_anything_else_escaped_text(actor: str, shown: str) -> None:
    line = blocks.audit_line(when="Tue 24 Nov 6:47pm EST", action="offer.approved", subject_id="<pr_1>", actor=actor, engine=None)
    assert line == f"Tue 24 Nov 6:47pm EST · offer.approved · &lt;pr_1&gt; · {shown}"


async def test_audit_shows_the_approver_as_a_mention(world: SandboxWorld) -> None:
    manager = world.manager_id
    world.copilot.store.audit(actor=manager, action="offer.approved", subject_id="pr_1", details={})
    world.copilot.store.audit(actor="copilot", action="offer.sent", subject_id="pr_1", details={})
    reply = (await answer_command(world.copilot, text="audit", user_id=manager)).to_kwargs()
    shown = json.dumps(reply["blocks"])
    assert f"offer.approved \\u00b7 pr_1 \\u00b7 by <@{manager}>" in shown, shown
    assert "offer.sent \\u00b7 pr_1 \\u00b7 by copilot" in shown
    assert f"<@{manager}>" not in reply["text"], "the notification text pings nobody"
