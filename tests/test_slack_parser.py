"""``/spa`` text as Slack sends it: HTML-escaped ``&``, ``<``, ``>``, real mentions, and phones' curly quotes."""

from __future__ import annotations

import json

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.command_parser import mentioned_user, parse_command, unescape_slack


@pytest.mark.parametrize(
    "sent, typed",
    [
        ("today Juniper &amp; Salt Venice", "today Juniper & Salt Venice"),
        ("client &lt;!channel&gt;", "client <!channel>"),
        ("client O&#39;Neil", "client O&#39;Neil"),  # Slack escapes only &, < and >
        ("client &amp;lt;b&amp;gt;", "client &lt;b&gt;"),  # typed "&lt;b&gt;" stays as typed: &amp; last
        ("brief <@U0THERAPS1|maya> tomorrow", "brief <@U0THERAPS1|maya> tomorrow"),
        ("today “Juniper &amp; Salt Venice” tomorrow", 'today "Juniper & Salt Venice" tomorrow'),
        ("client ‘Ava’ O’Neil", "client 'Ava' O'Neil"),
    ],
)
def test_unescape_slack(sent: str, typed: str) -> None:
    assert unescape_slack(sent) == typed


def test_parse_command_reads_what_slack_sends() -> None:
    command = parse_command("today “Juniper &amp; Salt Venice” tomorrow")
    assert command.args == ("Juniper & Salt Venice", "tomorrow")
    assert parse_command("client O&#39;Neil &amp; &lt;Sons&gt;").rest == "O&#39;Neil & <Sons>"
    assert parse_command("client O’Neil").rest == "O'Neil"  # an apostrophe does not break the split
    assert mentioned_user(parse_command("brief <@U0THERAPS1|maya>").args[0]) == "U0THERAPS1"


async def ask(world: SandboxWorld, text: str) -> str:
    before = len(world.slack.responses)
    assert (await world.sender.slash_command(text, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


async def test_a_location_name_with_an_ampersand_as_slack_sends_it(world: SandboxWorld) -> None:
    other = world.data.locations[1]
    assert "&" in other.name
    for typed in (f"today {other.name}", f"today “{other.name}” tomorrow"):
        answer = await ask(world, typed)
        assert f"at {escape(other.name)}" in answer, typed
        assert "&amp;amp;" not in answer


async def test_a_client_name_with_an_ampersand_and_brackets_is_found_and_escaped_once(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if "&" in c.last_name and "<" in c.last_name)
    answer = await ask(world, f"client {client.display_name}")
    assert escape(client.display_name) in answer and "&amp;amp;" not in answer and "&amp;lt;" not in answer
