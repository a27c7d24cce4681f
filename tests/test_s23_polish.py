"""Small truths a fresh-eyes review found out of step (session 23): the manifest's usage hint and the help, the
docs' quoted defaults and log lines, the CLI's --help, the demo's words, the fill card's freed time, the access log."""

from __future__ import annotations

from pathlib import Path

import yaml

from spa_copilot.slack import texts

ROOT = Path(__file__).resolve().parent.parent


def _arguments(usage: str) -> dict[str, str]:
    """The top-level arguments of a usage line after the subcommand's name: each one's text, by how it is marked
    (``<…>`` required, ``[…]`` optional; nested brackets belong to their outer argument)."""
    found: dict[str, str] = {}
    depth, opened, start = 0, "", 0
    for index, char in enumerate(usage):
        if char in "<[":
            if depth == 0:
                opened, start = char, index + 1
            depth += 1
        elif char in ">]":
            depth -= 1
            if depth == 0:
                found[usage[start:index]] = "required" if opened == "<" else "optional"
    return found


def test_the_manifests_usage_hint_marks_an_argument_required_only_where_the_help_does() -> None:
    """``fill`` alone lists the cancelled bookings: its appointment id is optional, as the help says."""
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    helps = {command.name: _arguments(command.usage) for command in texts.SUBCOMMANDS}
    for segment in hint.split(" | "):
        name = segment.split()[0]
        for argument, marked in _arguments(segment).items():
            if marked == "required":
                assert helps[name].get(argument) == "required", f"{segment!r}: the help has {helps[name]}"
            else:
                assert helps[name].get(argument) != "required", f"{segment!r}: the help has {helps[name]}"
    assert "fill [appointment id]" in hint
