"""``/spa today`` words that named nothing and were answered as such (probe43b L1, L2): a mention with more words
after it was said back garbled ("the person you mentioned SoHo is not a therapist, room or location I know"), and a
date written with dots or hyphens (``12.8``, ``8-Dec``) was taken for a name."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.command_parser import dotted_date_problem, parse_day
from tests.conftest import front_desk_asks

NOT_KNOWN = "is not a therapist, room or location I know"


def _first_line(answer: str) -> str:
    return answer.split("\n", 1)[0]


@pytest.mark.parametrize(
    ("tail", "said"),
    [("SoHo", "@Hana or SoHo"), ("<@{ana}>", "@Hana or @Ana"), ("<@{ana}> Venice", "@Hana, @Ana or Venice")],
)
async def test_a_mention_with_more_words_says_today_takes_one_of_them(
    world: SandboxWorld, tail: str, said: str
) -> None:
    hana, ana = world.slack_id("st_hana_sato"), world.slack_id("st_ana_reyes")
    answer = _first_line(await front_desk_asks(world, f"today <@{hana}> " + tail.format(ana=ana)))
    assert f"today takes one therapist, room or location: {said}" in answer
    assert "the person you mentioned" not in answer and NOT_KNOWN not in answer
    # a weekday's short form before a mention is still the day, not a second thing named
    answer = _first_line(await front_desk_asks(world, f"today fri <@{hana}>"))
    assert answer.startswith("Fri ") and "Hana Sato" in answer


@pytest.mark.parametrize("typed", ["8-Dec", "Dec-8", "8-dec-2026", "Dec-8 SoHo", "8-Dec SoHo"])
async def test_a_month_and_day_with_hyphens_is_that_day(world: SandboxWorld, typed: str) -> None:
    answer = _first_line(await front_desk_asks(world, f"today {typed}"))
    assert answer.startswith("Tue 8 Dec at "), answer


def test_a_month_and_day_with_hyphens_reads_as_with_a_space() -> None:
    today = date(2026, 11, 26)
    assert parse_day("8-Dec", today=today) == parse_day("Dec 8", today=today) == date(2026, 12, 8)
    assert parse_day("Jan-5", today=today) == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "12.8",
            "12.8 could be Dec 8 or Aug 12: type the day with its month's name, as /spa today Dec 8 or /spa today Aug 12",
        ),
        ("12.8 SoHo", "as /spa today SoHo Dec 8 or /spa today SoHo Aug 12"),
        ("fri 12.8", "as /spa today Dec 8 or /spa today Aug 12"),
        ("25.12", "25.12 is not a date I read: type the day with its month's name, as /spa today Dec 25"),
        ("<@{hana}> 12.8", "as /spa today @Hana Dec 8 or /spa today @Hana Aug 12"),
    ],
)
async def test_a_date_with_dots_is_asked_for_with_its_months_name(world: SandboxWorld, typed: str, said: str) -> None:
    answer = _first_line(await front_desk_asks(world, "today " + typed.format(hana=world.slack_id("st_hana_sato"))))
    assert said in answer
    assert NOT_KNOWN not in answer and "takes one therapist" not in answer


def test_a_dotted_date_with_its_year_keeps_it() -> None:
    assert dotted_date_problem("5.5.2027", name="today") == (
        "5.5.2027 is not a date I read: type the day with its month's name, as /spa today May 5 2027"
    )
    assert dotted_date_problem("2.30", name="today") is None  # neither Feb 30 nor a 30th month
    assert dotted_date_problem("35.40", name="today") is None  # left to be named: "35.40 is not a therapist, …"
