"""The waitlist ids the help, the parser's refusal and docs/behaviour.md give as examples are ids the sandbox really has
(``wl_001``…), so an evaluator copying one from the help removes an entry rather than reading "not found"."""

from __future__ import annotations

import re
from pathlib import Path

from spa_copilot.domain import WaitlistStatus
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.command_parser import CommandError, waitlist_action
from spa_copilot.slack.listeners.commands import answer_command
from tests.conftest import fresh_spa

BEHAVIOUR = " ".join((Path(__file__).resolve().parents[1] / "docs" / "behaviour.md").read_text(encoding="utf-8").split())
WAITLIST_ID = re.compile(r"\bwl_\w+")


def _help_examples() -> list[str]:
    return [example for command in texts.SUBCOMMANDS for example in command.examples]


def _parser_refusal() -> str:
    try:
        waitlist_action(["remove"])
    except CommandError as exc:
        return str(exc)
    raise AssertionError("waitlist remove without an id was accepted")


def test_every_waitlist_id_given_as_an_example_is_one_the_sandbox_has_waiting() -> None:
    waiting = {w.id for w in fresh_spa(7).waitlist if w.status == WaitlistStatus.waiting}
    shown = [
        *WAITLIST_ID.findall(" ".join(_help_examples())),
        *WAITLIST_ID.findall(_parser_refusal()),
        *WAITLIST_ID.findall(BEHAVIOUR[BEHAVIOUR.index("`waitlist remove` leaves"):][:400]),
    ]
    assert len(shown) == 3, shown
    assert set(shown) <= waiting, (shown, sorted(waiting))


async def test_the_help_s_removal_example_removes_an_entry_in_the_sandbox(world: SandboxWorld) -> None:
    [example] = [e for e in _help_examples() if e.startswith("waitlist remove ")]
    entry_id = example.split()[-1]
    message = await answer_command(world.copilot, text=example, user_id=FRONT_DESK_USER)
    reply = str(message.to_kwargs())
    assert f"Removed {entry_id} (" in reply, reply
    assert world.spa.waitlist[entry_id].status == WaitlistStatus.cancelled
