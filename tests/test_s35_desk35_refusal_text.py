"""A refused ``/spa`` says why in its fallback ``text`` too, not only in its blocks (review rev34h, L2 and L3).

The text of every usage error was the generic command list ("/spa commands: help, today, …") while the blocks said
the reason, so a notification, a screen reader or a client that draws no blocks hid what went wrong.
"""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.slack_api import ResponsePost
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks, texts
from tests.test_slack_payloads import slash

COMMAND_LIST = "/spa commands:"


def lead_line(post: ResponsePost) -> str:
    """The line under the help's title: the refusal as the blocks show it."""
    return post.blocks[1]["text"]["text"]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("today 2026-02-30", "2026-02-30 is not a date"),  # a bad date
        ("risk 2026-13-01", "2026-13-01 is not a date"),
        ("conflicts garbage", "garbage is not a date"),
        ("today Zanzibar", "Zanzibar is not a therapist, room or location I know"),  # unknown therapist/room/location
        ("brief Zed tomorrow", "Zed is not a therapist I know"),
        ("today Juniper", "Juniper could be Juniper &amp; Salt SoHo or Juniper &amp; Salt Venice"),  # ambiguous
        ("today Massage Room 1", "Massage Room 1 is a room at 2 locations"),
        ('waitlist add {client} "Swedish Massage 60" fri 10:00-12:00 Atlantis', "Atlantis is not a location I know"),
        ("waitlist add {client} Swedish fri 10:00-12:00", "Swedish could be Swedish Massage 60 or Swedish Massage 90"),
        ('waitlist add {client} "Swedish Massage 60" fri 10pm-2am SoHo', "10pm-2am ends before it starts"),  # windows
        ("waitlist add", "waitlist add needs"),  # missing words
        ("brief", "brief needs a therapist"),
        ("today tomorrow tomorrow", "today takes one day"),
    ],
)
async def test_a_refusals_text_says_what_went_wrong_as_its_blocks_do(
    world: SandboxWorld, typed: str, reason: str
) -> None:
    post = await slash(world, typed.format(client=world.data.clients[7].id))
    assert post.response_type == "ephemeral"
    line = lead_line(post)
    assert line.startswith(reason), line  # the blocks said it before too
    assert post.text.startswith(reason), post.text  # and now the notification does
    assert post.text == line.replace("`", ""), (post.text, line)  # the same line, plain
    assert COMMAND_LIST not in post.text and "Traceback" not in post.text + str(post.blocks)


async def test_a_suggestion_is_in_the_text_too_without_code_marks(world: SandboxWorld) -> None:
    post = await slash(world, "conflicts garbage")
    assert post.text.endswith("Did you mean /spa conflicts today?"), post.text
    assert "`" not in post.text and "`/spa conflicts today`" in lead_line(post)


@pytest.mark.parametrize(("typed", "meant"), [("halp", "help"), ("todya", "today")])
async def test_a_command_not_understood_says_so_then_lists_the_commands(
    world: SandboxWorld, typed: str, meant: str
) -> None:
    post = await slash(world, typed)
    assert post.response_type == "ephemeral"
    assert post.text.startswith(f"I didn't understand “{typed}”. Did you mean /spa {meant}? "), post.text
    assert post.text.endswith(texts.help_fallback(managers=False)), post.text
    for asked in ("help", ""):  # the help asked for is the command list, as before
        post = await slash(world, asked)
        assert post.text == texts.help_fallback(managers=False), (asked, post.text)


def test_a_refusal_cut_short_leaves_no_code_mark_open() -> None:
    """The problem line is cut at 200 characters: a code mark it opened is not left open in the text."""
    problem = "x" * 190 + " `" + "y" * 40 + "`"
    message = blocks.help_message(problem=problem, command="today")
    assert "`" not in message.text and message.text.startswith("x" * 190), message.text
    assert len(message.text) <= 202  # the line under the title, no command list after it


def test_the_text_quotes_a_mention_as_typed_and_escapes_the_rest() -> None:
    message = blocks.help_message(problem="<@U0ANA0001|ana> & <b> is not a therapist I know", command="brief")
    assert message.text == "@ana &amp; &lt;b&gt; is not a therapist I know.", message.text
