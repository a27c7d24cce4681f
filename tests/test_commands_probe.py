"""``/spa`` as front-desk staff really type it in Slack: the date forms people use (``12/25``, ``tmrw``, ``next
fri``, ``in 2 days``), phones' and other keyboards' characters, mentions where a name was expected, a location
named in part. Each either answers or says in one line what was wrong: never a trace, never silence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.command_parser import CommandError, parse_day

TUESDAY = date(2026, 11, 24)  # the scenario day (tests/conftest.py's DAY), a Tuesday


async def ask(world: SandboxWorld, text: str) -> str:
    """``/spa text`` sent through the real Bolt app with Slack's signing; the ephemeral answer as one string."""
    before = len(world.slack.responses)
    assert (await world.sender.slash_command(text, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    assert post.response_type == "ephemeral"
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# Dates as typed at a US front desk


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("12/25", date(2026, 12, 25)),
        ("11/24", date(2026, 11, 24)),
        ("1/5", date(2027, 1, 5)),  # the nearest such day, as "Jan 5": next January, not ten months ago
        ("11/1", date(2026, 11, 1)),  # three weeks ago
        ("12/25/2026", date(2026, 12, 25)),
        ("12/25/26", date(2026, 12, 25)),
        ("01/05/2027", date(2027, 1, 5)),
    ],
)
def test_a_us_month_slash_day_is_read_like_a_month_and_day(word: str, expected: date) -> None:
    assert parse_day(word, today=TUESDAY) == expected


def test_a_day_slash_month_is_told_that_slashes_are_month_first() -> None:
    with pytest.raises(CommandError) as raised:
        parse_day("25/12", today=TUESDAY)
    assert "month/day" in raised.value.problem and "12/25" in raised.value.problem, raised.value.problem


@pytest.mark.parametrize("word", ["13/45", "0/0", "2/30", "12/25/1999", "999999999999/1"])
def test_a_slash_date_that_is_no_date_is_said_to_be_none(word: str) -> None:
    with pytest.raises(CommandError, match="is not a date|too far away"):
        parse_day(word, today=TUESDAY)


async def test_a_slash_date_answers_for_that_day_through_slack(world: SandboxWorld) -> None:
    for text in ("today 11/27", "conflicts 11/27", "today Venice 11/27"):
        reply = await ask(world, text)
        assert "Fri 27 Nov" in reply and "is not a" not in reply, (text, reply)
