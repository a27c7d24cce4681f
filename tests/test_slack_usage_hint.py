"""``/spa``'s usage said one way everywhere: the manifest's usage hint (what Slack shows as the command is typed), the
help and the README's table are each subcommand's usage in ``texts.SUBCOMMANDS``, word for word. The hint said
``brief @therapist`` and the help ``brief <@therapist>``, and the hint's ``waitlist [list|add|remove]`` left out what
``add`` and ``remove`` take."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from spa_copilot.slack import blocks, texts

ROOT = Path(__file__).resolve().parent.parent


def _command() -> dict[str, object]:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    [command] = manifest["features"]["slash_commands"]
    return command


def test_the_manifests_usage_hint_is_the_helps_usages() -> None:
    hint = _command()["usage_hint"]
    assert hint == texts.usage_hint()
    assert hint.split(" | ") == [command.usage for command in texts.SUBCOMMANDS]
    assert len(hint) <= 1000  # Slack's limit for a usage hint


def test_the_manifests_description_names_every_subcommand_but_help() -> None:
    description = str(_command()["description"])
    named = description.split(": ", 1)[1].split(", ")
    assert named == [name for name in texts.SUBCOMMAND_NAMES if name != "help"]


def test_a_therapist_is_shown_as_typed_with_an_at_sign() -> None:
    # in Slack a person types "@Ana" (Slack makes the mention); "<@therapist>" read as something to type literally
    for command in texts.SUBCOMMANDS:
        assert "<@" not in command.usage, command.usage
    [brief] = [command for command in texts.SUBCOMMANDS if command.name == "brief"]
    assert brief.usage == "brief @therapist [date]"


def test_the_help_shows_each_usage_as_the_hint_does() -> None:
    rendered = str(blocks.help_message().to_kwargs()).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for usage in texts.usage_hint().split(" | "):
        assert f"*`/spa {usage}`*" in rendered, usage


def test_the_readmes_table_of_slash_commands_is_the_helps_usages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| `/spa …` | who | what |", 1)[1].split("\n\n", 1)[0]
    usages = [re.match(r"\| `(.*?)` \|", line).group(1).replace("\\|", "|") for line in table.splitlines()[2:]]
    assert usages == [command.usage for command in texts.SUBCOMMANDS]
