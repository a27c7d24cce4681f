"""A one-line ``/spa`` answer's ``text`` (the notification, which Slack shows raw) kept the line's mrkdwn code marks
("`/spa risk` covers every location …"); every message's text is now plain in one place (``SlackMessage``), and its
blocks keep the marks (loose36, item 4)."""

from __future__ import annotations

import json

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks, texts
from spa_copilot.slack.listeners.commands import answer_command


async def test_a_one_line_answer_notifies_without_code_marks(world: SandboxWorld) -> None:
    kwargs = (await answer_command(world.copilot, text="risk Venice", user_id=FRONT_DESK_USER)).to_kwargs()
    shown = json.dumps(kwargs["blocks"], ensure_ascii=False)
    assert "`/spa risk`" in shown and "`/spa risk tomorrow`" in shown, shown  # the section keeps its marks
    assert "`" not in kwargs["text"], kwargs["text"]
    assert kwargs["text"].startswith("/spa risk covers every location") and kwargs["text"].endswith(
        "so it takes only a day: /spa risk tomorrow."), kwargs["text"]


def test_a_notice_with_code_marks_has_them_in_its_section_only() -> None:
    line = texts.WAITLIST_UNCONFIRMED_TEXT.format(what="the add")
    message = blocks.notice_message(line).to_kwargs()
    assert "Check `/spa waitlist` (or Mangomint)" in message["blocks"][0]["text"]["text"]
    assert message["text"] == line.replace("`", "") and "Check /spa waitlist (or Mangomint)" in message["text"]


def test_any_message_s_text_is_plain() -> None:
    message = blocks.SlackMessage(text="Type `/spa fill ap_1` to offer it again.")
    assert message.text == "Type /spa fill ap_1 to offer it again."
