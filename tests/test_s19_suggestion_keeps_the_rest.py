"""A mistyped command's "did you mean" keeps the rest of what was typed: it suggested the command alone, so "/spa
tody tomorrow" was offered `/spa today` (today's book, not tomorrow's), "/spa clients Nora" `/spa client` (which then
asks for a name), and "/spa tomorrow", a likely thing to type, no suggestion at all."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.blocks import help_message, status_message
from spa_copilot.slack.command_parser import CommandError, parse_command
from spa_copilot.slack.views_models import StatusView

from .test_slack_scenarios import ask


def suggestion(text: str) -> str | None:
    with pytest.raises(CommandError) as refused:
        parse_command(text)
    assert refused.value.not_understood
    return refused.value.suggestion


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tody tomorrow", "today tomorrow"),
        ("today, tomorrow", "today tomorrow"),
        ("clients Nora", "client Nora"),
        ('clients "Nora Long"', 'client "Nora Long"'),
        ("conflict fri", "conflicts fri"),
        ("breif @Ana tomorrow", "brief @Ana tomorrow"),
        ("tomorrow", "today tomorrow"),
        ("Tomorrow Venice", "today Tomorrow Venice"),
        ("next fri", "today next fri"),
        ("12/25", "today 12/25"),
        ("todya", "today"),
    ],
)
def test_the_suggestion_is_the_command_meant_with_the_rest_of_what_was_typed(typed: str, meant: str) -> None:
    assert suggestion(typed) == meant


def test_nothing_close_suggests_nothing() -> None:
    assert suggestion("xyzzy plugh") is None


def test_every_suggested_command_parses() -> None:
    for typed in ("tody tomorrow", "clients Nora", "tomorrow", "next fri", 'clients "Nora Long"'):
        meant = suggestion(typed)
        assert meant is not None
        assert parse_command(meant).name in ("today", "client")


def test_a_mention_in_the_suggestion_is_shown_as_typed_not_as_markup() -> None:
    with pytest.raises(CommandError) as refused:
        parse_command("breif <@U0ANA0001|ana> tomorrow")
    message = help_message(problem=str(refused.value), suggestion=refused.value.suggestion, not_understood=True)
    line = message.blocks[1].to_dict()["text"]["text"]
    assert "Did you mean `/spa brief @ana tomorrow`?" in line
    assert "Did you mean /spa brief @ana tomorrow?" in message.text and "&lt;" not in message.text


async def test_slack_answers_a_day_alone_with_that_days_book_command(world: SandboxWorld) -> None:
    answer = await ask(world, "tomorrow")
    assert "I didn't understand `tomorrow`. Did you mean `/spa today tomorrow`?" in answer


@pytest.mark.parametrize(("pending", "said"), [(0, "0 pending approvals"), (1, "1 pending approval"), (2, "2 pending approvals")])
def test_status_counts_one_pending_approval_in_the_singular(pending: int, said: str) -> None:
    view = StatusView(mode="live", model="offline", platform="sandbox spa", pending_approvals=pending)
    assert status_message(view).text.endswith(f", {said}")
