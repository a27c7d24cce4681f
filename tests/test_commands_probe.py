"""``/spa`` as front-desk staff really type it in Slack: the date forms people use (``12/25``, ``tmrw``, ``next
fri``, ``in 2 days``), phones' and other keyboards' characters, mentions where a name was expected, a location
named in part. Each either answers or says in one line what was wrong: never a trace, never silence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.command_parser import (
    CommandError,
    check_command,
    parse_command,
    parse_day,
    parse_waitlist_add,
    take_day,
)
from spa_copilot.slack.listeners.commands import answer_command

TUESDAY = date(2026, 11, 24)  # the scenario day (tests/conftest.py's DAY), a Tuesday


async def ask(world: SandboxWorld, text: str) -> str:
    """``/spa text`` sent through the real Bolt app with Slack's signing; the ephemeral answer as one string."""
    before = len(world.slack.responses)
    assert (await world.sender.slash_command(text, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    assert post.response_type == "ephemeral"
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


async def answer(world: SandboxWorld, text: str) -> str:
    """The answer to ``/spa text`` as Slack sends it (escaped, mentions and links encoded), without the HTTP round."""
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


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


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("tmrw", date(2026, 11, 25)),
        ("TMRW", date(2026, 11, 25)),
        ("tmr", date(2026, 11, 25)),
        ("tomorow", date(2026, 11, 25)),
        ("in 2 days", date(2026, 11, 26)),
        ("in 1 day", date(2026, 11, 25)),
        ("in a week", date(2026, 12, 1)),
        ("in 3 weeks", date(2026, 12, 15)),
        ("this friday", date(2026, 11, 27)),
        ("this fri", date(2026, 11, 27)),
        ("this tuesday", date(2026, 11, 24)),  # today, as "tue" is
        ("next tuesday", date(2026, 12, 1)),  # "this tuesday" is today, so "next" is a week on
        ("next monday", date(2026, 11, 30)),  # the coming Monday is already next week
        ("Next Mon", date(2026, 11, 30)),
    ],
)
def test_the_short_and_relative_days_people_type(word: str, expected: date) -> None:
    assert parse_day(word, today=TUESDAY) == expected


def test_next_weekday_later_this_week_is_a_question_naming_both_days() -> None:
    """On a Tuesday, "next friday" is this Friday to some and the one after to others: the answer asks."""
    with pytest.raises(CommandError) as raised:
        parse_day("next friday", today=TUESDAY)
    problem = raised.value.problem
    assert "Fri 27 Nov" in problem and "Fri 4 Dec" in problem, problem
    assert parse_day("next friday", today=date(2026, 11, 28)) == date(2026, 12, 4)  # a Saturday: no question


def test_a_number_of_days_too_far_away_is_said_to_be_too_far() -> None:
    for phrase in ("in 800 days", "in 99999999999999999999 days"):
        with pytest.raises(CommandError, match="too far away"):
            parse_day(phrase, today=TUESDAY)


@pytest.mark.parametrize(
    ("typed", "day", "rest"),
    [
        ("today tmrw", "tmrw", []),
        ("today Venice in 2 days", "in 2 days", ["Venice"]),
        ("today in 2 days Venice", "in 2 days", ["Venice"]),
        ("brief Ana next fri", "next fri", ["Ana"]),
        ("brief next friday Ana", "next friday", ["Ana"]),
        ("brief tmrw Ana", "tmrw", ["Ana"]),
        ("today this friday Venice", "this friday", ["Venice"]),
    ],
)
def test_the_short_and_relative_days_are_taken_before_or_after_the_name(typed: str, day: str, rest: list[str]) -> None:
    words = list(parse_command(typed).args)
    assert (take_day(words), words) == (day, rest)


@pytest.mark.parametrize("typed", ["today next friday", "brief Ana next friday", "conflicts next friday",
                                   "risk in 2 days", "conflicts tmrw", "waitlist add cl_1 sv_1 next fri 2pm-6pm Venice",
                                   "waitlist add cl_1 sv_1 in 2 days 2pm-6pm", "waitlist add cl_1 sv_1 tmrw 2pm-6pm"])
def test_the_relative_days_pass_the_shape_check_whatever_day_it_is(typed: str) -> None:
    check_command(parse_command(typed))  # no CommandError: the question, if any, is asked for the real today


def test_a_waitlist_day_may_be_next_weekday_or_in_days() -> None:
    assert parse_waitlist_add(["cl_1", "sv_1", "next", "fri", "2pm-6pm", "Venice"]).day_word == "next fri"
    request = parse_waitlist_add(["cl_1", "sv_1", "in", "2", "days", "2pm-6pm"])
    assert (request.day_word, request.start, request.location) == ("in 2 days", "14:00", "")


async def test_relative_days_answer_through_slack(world: SandboxWorld) -> None:
    therapist = next(s for s in world.data.staff if s.role == "therapist")
    for text, shown in (("today tmrw", "Wed 25 Nov"), ("risk tmrw", "risk"), (f"brief {therapist.first_name} tmrw", "Wed 25 Nov"),
                        ("today in 3 days", "Fri 27 Nov"), ("today next mon", "Mon 30 Nov"), ("conflicts this fri", "Fri 27 Nov")):
        reply = await ask(world, text)
        assert shown in reply and "is not a" not in reply and "understand" not in reply, (text, reply)
    question = await ask(world, "today next friday")
    assert "Fri 27 Nov or Fri 4 Dec" in question, question


async def test_conflicts_reads_a_day_of_several_words(world: SandboxWorld) -> None:
    """``conflicts Dec 3`` was read as ``conflicts Dec``: "Dec is not a date"."""
    for text in ("conflicts Nov 27", "conflicts 27 Nov", "conflicts this fri", "conflicts in 3 days"):
        reply = await ask(world, text)
        assert "Conflicts on Fri 27 Nov" in reply and "is not a date" not in reply, (text, reply)


# ---------------------------------------------------------------------------------------------------
# Someone in Slack where a guest was expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("client <@UF64EC3C2E|ana.reyes>", "<@UF64EC3C2E|ana.reyes> is someone in Slack, not a guest"),
        ("client Nora Long <@UF64EC3C2E|ana>", "<@UF64EC3C2E|ana> is someone in Slack, not a guest"),
        ("client <#C0123456|front-desk>", "<#C0123456|front-desk> is a Slack channel, not a guest"),
        ("client <!here>", "<!here> is a Slack mention, not a guest"),
    ],
)
def test_a_mention_for_client_is_refused_before_any_search(typed: str, said: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert said in raised.value.problem, raised.value.problem


async def test_a_client_typed_as_an_at_mention_says_what_client_takes(world: SandboxWorld) -> None:
    """``/spa client @ana.reyes`` answered "No client matches “<@UF64EC3C2E|ana.reyes>”", Slack's raw id."""
    reply = await ask(world, "client @ana.reyes")
    assert "@ana.reyes is someone in Slack, not a guest" in reply and "/spa today @ana.reyes" in reply, reply
    assert "No client matches" not in reply and "&lt;@U" not in reply, reply


# ---------------------------------------------------------------------------------------------------
# A location named in part


@pytest.mark.parametrize("target", ["Juniper", "juniper &amp; salt", "Juniper &amp;"])
async def test_a_part_of_the_name_several_locations_share_is_a_question_naming_them(world: SandboxWorld, target: str) -> None:
    """``today Juniper`` answered "Juniper is not a therapist, room or location I know", though both are Juniper."""
    reply = await answer(world, f"today {target}")
    assert "could be Juniper &amp; Salt SoHo or Juniper &amp; Salt Venice" in reply, reply
    assert "not a therapist, room or location" not in reply, reply


@pytest.mark.parametrize("target", ["Ven", "Juniper Venice", "jun ven", "“Venice”", "Juniper Ven"])
async def test_a_part_of_one_locations_name_is_that_location(world: SandboxWorld, target: str) -> None:
    reply = await answer(world, f"today {target} tmrw")
    assert "Wed 25 Nov at Juniper &amp; Salt Venice" in reply, reply


async def test_a_waitlist_location_may_be_named_in_part(world: SandboxWorld) -> None:
    client = world.data.clients[3]
    assert "at Juniper &amp; Salt Venice" in await answer(world, f'waitlist add {client.id} "swedish massage 60" fri 2pm-6pm Ven')
    assert "could be Juniper" in await answer(world, f'waitlist add {client.id} "swedish massage 60" fri 2pm-6pm Juniper')


@pytest.mark.parametrize("target", ["V", "Ve", "Salt Lake", "Brooklyn"])
async def test_what_names_no_location_is_still_said_to_be_unknown(world: SandboxWorld, target: str) -> None:
    reply = await answer(world, f"today {target}")
    assert "is not a therapist, room or location I know" in reply, reply


# ---------------------------------------------------------------------------------------------------
# Another keyboard's characters


@pytest.mark.parametrize(("sent", "read"), [("ｔｏｄａｙ", "today"), ("ＴＯＤＡＹ　ｔｍｒｗ", "TODAY tmrw"),
                                          ("client　Ｎｏｒａ Ｌｏｎｇ", "client Nora Long"), ("audit ２０", "audit 20")])
def test_full_width_letters_and_digits_are_read_as_typed(sent: str, read: str) -> None:
    """A Japanese, Chinese or Korean keyboard left in full-width mode types ｔｏｄａｙ: "I didn't understand"."""
    assert parse_command(sent) == parse_command(read)


async def test_a_full_width_command_answers(world: SandboxWorld) -> None:
    assert "Wed 25 Nov at Juniper &amp; Salt SoHo" in await ask(world, "ｔｏｄａｙ　ｔｍｒｗ")
    assert "Client card: Nora Long" in await ask(world, "ｃｌｉｅｎｔ Ｎｏｒａ Ｌｏｎｇ")


# ---------------------------------------------------------------------------------------------------
# Two days where one is taken


@pytest.mark.parametrize(("typed", "said"), [("today 2026-11-24 2026-11-25", "today takes one day, not 2026-11-24 and 2026-11-25"),
                                             ("today tomorrow fri", "today takes one day, not tomorrow and fri"),
                                             ("brief Ana tomorrow fri", "brief takes one day, not tomorrow and fri")])
def test_two_days_for_a_one_day_command_say_it_takes_one(typed: str, said: str) -> None:
    """``today tomorrow fri`` answered "tomorrow is not a therapist, room or location I know"."""
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem.startswith(said), raised.value.problem


@pytest.mark.parametrize("typed", ["today Massage Room 1 fri", "today fri", "brief Ana Dec 3", "today Sun Room tmrw"])
def test_one_day_after_a_name_is_still_one_day(typed: str) -> None:
    check_command(parse_command(typed))


# ---------------------------------------------------------------------------------------------------
# A quote left open


@pytest.mark.parametrize("typed", ['client "Nora Long', "client “Nora Long", 'client Nora Long"', "client 'Nora"])
async def test_a_client_name_with_a_quote_left_open_is_the_name(world: SandboxWorld, typed: str) -> None:
    """``client "Nora`` (the closing quote forgotten) answered 'No client matches “"Nora”'."""
    reply = await answer(world, typed)
    assert "Client card: Nora Long" in reply, reply


# ---------------------------------------------------------------------------------------------------
# A weekday's short form before the name


@pytest.mark.parametrize(("typed", "shown"), [("today fri Venice", "Fri 27 Nov at Juniper &amp; Salt Venice"),
                                              ("today Thu Ana", "Thu 26 Nov at Juniper &amp; Salt SoHo — Ana Reyes"),
                                              ("brief fri Ana", "Briefing for Ana Reyes, Fri 27 Nov"),
                                              ("brief sat <@UF64EC3C2E|ana.reyes>", "Briefing for Ana Reyes, Sat 28 Nov")])
async def test_a_short_weekday_before_a_name_that_names_nothing_with_it_is_the_day(world: SandboxWorld, typed: str, shown: str) -> None:
    """``today fri Venice`` answered "fri Venice is not a therapist, room or location I know"."""
    reply = await answer(world, typed)
    assert shown in reply, reply


async def test_a_name_that_starts_with_a_short_weekday_is_still_the_name(world: SandboxWorld) -> None:
    room = next(r for r in world.spa.resources.values() if r.id == "rs_venice_wet")
    world.spa.resources[room.id] = room.model_copy(update={"name": "Sun Room"})
    await world.copilot.catalog(refresh=True)
    reply = await answer(world, "today Sun Room")
    assert "Tue 24 Nov at Juniper &amp; Salt Venice — Sun Room" in reply, reply
    assert "fri banana is not a therapist, room or location I know" in await answer(world, "today fri banana")


@pytest.mark.parametrize(("typed", "said"), [("fill <@UF64EC3C2E|ana>", "fill needs one appointment id"),
                                             ("waitlist remove <#C0123456|front-desk>", "waitlist remove needs one id")])
def test_a_mention_where_an_id_is_expected_is_refused_as_no_id(typed: str, said: str) -> None:
    """``fill @ana`` answered 'There is no appointment <@UF64EC3C2E|ana>.', Slack's encoding shown as is."""
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem.startswith(said), raised.value.problem
