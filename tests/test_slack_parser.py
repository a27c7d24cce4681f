"""``/spa`` text as Slack sends it: HTML-escaped ``&``, ``<``, ``>``, real mentions, and phones' curly quotes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.command_parser import (
    CommandError,
    check_command,
    check_day,
    looks_like_day,
    mentioned_user,
    parse_command,
    parse_day,
    parse_time_range,
    parse_waitlist_add,
    take_day,
    take_time_range,
    unescape_slack,
)


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


@pytest.mark.parametrize(
    "sent, typed",
    [
        # should_escape: true — Slack turns an email, a phone number or a URL it detects into a link
        ("client <mailto:ava@mail.example|ava@mail.example>", "client ava@mail.example"),
        ("client <tel:+1-212-555-0100|+1-212-555-0100>", "client +1-212-555-0100"),
        ("today <http://Venice|Venice> tomorrow", "today Venice tomorrow"),
        ("client <https://x.example/a?b=1&amp;c=2>", "client https://x.example/a?b=1&c=2"),
        ("client <mailto:ava@mail.example>", "client ava@mail.example"),
        ("client <mailto:o&amp;b@mail.example|o&amp;b@mail.example>", "client o&b@mail.example"),
        # typed brackets arrive escaped and are never taken for a link; mentions and channels stay
        ("client &lt;http://x|y&gt;", "client <http://x|y>"),
        ("brief <@U0THERAPS1|maya> <#C1|front-desk> <!here>", "brief <@U0THERAPS1|maya> <#C1|front-desk> <!here>"),
    ],
)
def test_slack_links_become_what_was_typed(sent: str, typed: str) -> None:
    assert unescape_slack(sent) == typed


TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("word", ["9999-12-31", "0001-01-01", "2029-01-01", "2024-11-01"])
def test_a_day_further_than_two_years_away_is_a_date_problem(word: str) -> None:
    assert looks_like_day(word)
    with pytest.raises(CommandError, match="too far away"):
        parse_day(word, today=TODAY)


def test_a_day_within_two_years_parses() -> None:
    assert parse_day("2028-11-23", today=TODAY) == date(2028, 11, 23)
    assert parse_day("2025-01-01", today=TODAY) == date(2025, 1, 1)


@pytest.mark.parametrize(
    "typed, rest, day_words",
    [
        ("today 2026-02-30", [], "2026-02-30"),
        ("today 11/24", [], "11/24"),
        ("today next monday", [], "next monday"),
        ("today this week", [], "this week"),
        ("brief st_ana_reyes 2026-02-30", ["st_ana_reyes"], "2026-02-30"),
        ("brief Ana next week", ["Ana"], "next week"),
        ('today "Juniper & Salt Venice" tomorrow', ["Juniper & Salt Venice"], "tomorrow"),
        ("today Suite 2", ["Suite", "2"], None),  # a room's number is not a date
        ("today @maya", ["@maya"], None),
    ],
)
def test_trailing_words_meant_as_a_day_are_taken_as_one(typed: str, rest: list[str], day_words: str | None) -> None:
    words = list(parse_command(typed).args)
    assert take_day(words) == day_words
    assert words == rest


@pytest.mark.parametrize("day_words", ["2026-02-30", "13/24", "last monday", "this week"])
def test_a_date_typed_wrong_is_reported_as_a_date(day_words: str) -> None:
    with pytest.raises(CommandError, match="is not a date"):
        parse_day(day_words, today=TODAY)


@pytest.mark.parametrize(
    "typed, window",
    [
        ("14:00-18:00", ("14:00", "18:00")),
        ("14:00–18:00", ("14:00", "18:00")),  # en dash: what Slack and phone keyboards make of a typed "-"
        ("9:30—12:00", ("09:30", "12:00")),  # em dash
        ("2pm-6pm", ("14:00", "18:00")),
        ("2pm–6pm", ("14:00", "18:00")),
        ("2pm — 6pm", ("14:00", "18:00")),
        ("10:30AM - 12pm", ("10:30", "12:00")),
        ("12am-9am", ("00:00", "09:00")),
    ],
)
def test_a_time_range_with_a_dash_or_am_pm_parses(typed: str, window: tuple[str, str]) -> None:
    assert parse_time_range(typed) == window


# "2pm-6" is 2pm to 6pm since: tests/test_s30_slack_windows_without_am_or_pm.py
@pytest.mark.parametrize("typed", ["2pm", "14:00", "2pm-", "–6pm", "14-18", "13pm-6pm", "2pm–6pm–8pm", "2pm~6pm", ""])
def test_a_malformed_time_range_is_refused(typed: str) -> None:
    with pytest.raises(CommandError, match="is not a time range"):
        parse_time_range(typed)


def test_a_time_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(CommandError, match="ends before it starts"):
        parse_time_range("6pm–2pm")


@pytest.mark.parametrize(
    "typed, window, rest",
    [
        ("2pm-6pm Venice", "2pm-6pm", ["Venice"]),
        ("2pm — 6pm Venice", "2pm — 6pm", ["Venice"]),
        ("2pm- 6pm", "2pm- 6pm", []),
        ("14:00 –18:00", "14:00 –18:00", []),
        ("2pm Venice", "2pm", ["Venice"]),  # not a range: taken alone, for parse_time_range to refuse
    ],
)
def test_the_words_of_a_time_range_are_taken_together(typed: str, window: str, rest: list[str]) -> None:
    words = typed.split()
    assert take_time_range(words) == window
    assert words == rest


@pytest.mark.parametrize(
    "typed",
    [
        "today", "today @Ana tomorrow", "today Suite 2", 'today "Juniper & Salt Venice" fri', "brief @Ana",
        "brief <@U0THERAPS1|maya> 2026-11-27", "conflicts", "conflicts tomorrow", "conflicts 2026-11-27", "risk",
        "risk fri", "waitlist", "waitlist list", "waitlist remove wl_0007",
        "waitlist add cl_0042 sv_swedish_60 fri 2pm — 6pm Juniper & Salt Venice", "audit", "audit 20", "status",
        "client Ava Stone", "fill ap_01234", "help me",
    ],
)
def test_what_the_help_documents_passes_the_check(typed: str) -> None:
    check_command(parse_command(typed))


@pytest.mark.parametrize(
    "typed, problem",
    [
        # a bad date is a date problem, whatever the other words name (they are looked up only after)
        ("brief <@U0NOBODY00> 2026-02-30", "2026-02-30 is not a date"),
        ("today <@U0NOBODY00> last monday", "last monday is not a date"),
        ("waitlist add cl_nobody sv_nothing 2026-02-30 14:00-18:00", "2026-02-30 is not a date"),
        ("waitlist add cl_nobody sv_nothing fri 2pm", "2pm is not a time range"),
        # one day, not a range of them
        ("conflicts next week", "conflicts takes one day, not next week"),
        ("risk this month", "risk takes one day, not this month"),
        ("today next week", "today takes one day, not next week"),
        ("brief @Ana next weekend", "brief takes one day, not next weekend"),
        ("conflicts fri sat", "conflicts takes one day, not fri sat"),
        # words a subcommand does not take
        ("risk banana", "banana is not a date"),
        ("risk fri banana", "risk covers every location, so it takes only a day: banana is not one"),
        ("conflicts banana", "banana is not a date"),
        ("status banana", "status takes nothing after it, not banana"),
        ("audit 20 banana", "audit takes one number, not 20 banana"),
        ("waitlist list banana", "waitlist list takes nothing after it, not banana"),
        ("waitlist remove", "waitlist remove needs one id"),
        ("waitlist drop wl_0007", "waitlist drop"),
    ],
)
def test_words_of_the_wrong_shape_are_refused_before_any_lookup(typed: str, problem: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem.startswith(problem), raised.value.problem


@pytest.mark.parametrize(
    "typed, word", [("risk bogus", "bogus"), ("conflicts next week", "next week"), ("today 2026-02-30", "2026-02-30"),
                    ("waitlist add cl_1 sv_1 13/24 14:00-18:00", "13/24"), ("brief @Ana this month", "this month")],
)
def test_a_date_problem_suggests_the_forms_never_an_example_date_that_goes_stale(typed: str, word: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    hint = raised.value.problem.replace(word, "")
    assert "YYYY-MM-DD" in hint and not any(char.isdigit() for char in hint), raised.value.problem


# ---------------------------------------------------------------------------------------------------
# Dates as people write them, and a sentence's end


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Dec 3", date(2026, 12, 3)),
        ("3 Dec", date(2026, 12, 3)),
        ("December 3rd", date(2026, 12, 3)),
        ("Dec. 3, 2026", date(2026, 12, 3)),
        ("3rd of December", date(2026, 12, 3)),
        ("sept 9", date(2026, 9, 9)),
        ("Jan 5", date(2027, 1, 5)),  # read in December: next month, not eleven months ago
        ("Nov 30", date(2026, 11, 30)),  # two days ago
    ],
)
def test_a_month_and_day_is_the_nearest_such_day(word: str, expected: date) -> None:
    assert parse_day(word, today=date(2026, 12, 2)) == expected


@pytest.mark.parametrize(
    ("word", "today", "expected"),
    [
        ("8th", date(2026, 12, 6), date(2026, 12, 8)),
        ("the 8th", date(2026, 12, 6), date(2026, 12, 8)),
        ("the 6th", date(2026, 12, 6), date(2026, 12, 6)),  # today included, as for a weekday
        ("5th", date(2026, 12, 6), date(2027, 1, 5)),  # passed this month: next month's, as "mon" is the next Monday
        ("the 31st", date(2026, 4, 5), date(2026, 5, 31)),  # April has none
        ("30th", date(2027, 2, 3), date(2027, 3, 30)),
        ("The 1ST", date(2026, 12, 6), date(2027, 1, 1)),
    ],
)
def test_a_day_of_the_month_is_the_next_such_day(word: str, today: date, expected: date) -> None:
    assert parse_day(word, today=today) == expected


@pytest.mark.parametrize("word", ["32nd", "0th", "the 45th"])
def test_a_day_of_the_month_that_no_month_has_is_said_to_be_none(word: str) -> None:
    with pytest.raises(CommandError, match="is not a date"):
        parse_day(word, today=date(2026, 12, 2))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("fri 11/27", date(2026, 11, 27)),
        ("Friday, Dec 4th", date(2026, 12, 4)),
        ("fri the 27th", date(2026, 11, 27)),
        ("Fri. 27 Nov", date(2026, 11, 27)),
        ("fri 2026-11-27", date(2026, 11, 27)),
        ("Friday November 27th 2026", date(2026, 11, 27)),
        ("fri 27", date(2026, 11, 27)),  # after a weekday, a bare number is the day of the month
    ],
)
def test_a_weekday_before_a_date_is_that_date(word: str, expected: date) -> None:
    assert parse_day(word, today=date(2026, 11, 24)) == expected


def test_a_weekday_that_is_not_the_dates_is_said_so() -> None:
    with pytest.raises(CommandError) as wrong:
        parse_day("sat 11/27", today=date(2026, 11, 24))
    assert str(wrong.value) == "sat 11/27: Fri 27 Nov is a Friday, not a Saturday (type the date or the weekday alone)"
    check_day("today", "sat 11/27")  # its shape is a day's: the weekday is checked only when it is read


def test_a_waitlist_day_may_be_a_weekday_and_a_date() -> None:
    request = parse_waitlist_add(["cl_1", "sv_1", "fri", "11/27", "2pm-6pm", "Venice"])
    assert (request.day_word, request.start, request.end, request.location) == ("fri 11/27", "14:00", "18:00", "Venice")


async def test_a_day_of_the_month_or_a_weekday_and_a_date_answers_for_that_day(world: SandboxWorld) -> None:
    therapist = next(s for s in world.data.staff if s.role == "therapist")
    for text in ("today the 27th", "today 27th", f"brief {therapist.first_name} the 27th", "conflicts 27th",
                 "today fri 11/27", f"brief {therapist.first_name} Friday, Nov 27th", "conflicts fri the 27th"):
        reply = await ask(world, text)  # the sandbox's today is Tue 24 Nov
        assert "Fri 27 Nov" in reply and "is not a" not in reply and "one day" not in reply, (text, reply)
    wrong = await ask(world, "today sat 11/27")
    assert "Fri 27 Nov is a Friday, not a Saturday" in wrong


@pytest.mark.parametrize("word", ["Feb 30", "Dec 32", "Smarch 3"])
def test_a_month_and_day_that_is_no_date_is_said_to_be_none(word: str) -> None:
    with pytest.raises(CommandError, match="is not a date"):
        parse_day(word, today=date(2026, 12, 2))


@pytest.mark.parametrize(
    ("words", "day", "rest"),
    [
        (["Ana", "Dec", "3"], "Dec 3", ["Ana"]),
        (["Massage", "Room", "1", "3", "Dec"], "3 Dec", ["Massage", "Room", "1"]),
        (["tomorrow", "Ana"], "tomorrow", ["Ana"]),
        (["Dec", "3", "Venice"], "Dec 3", ["Venice"]),
        (["Sun", "Room"], None, ["Sun", "Room"]),  # a weekday's short form at the start may be a name's start
        (["Massage", "Room", "1"], None, ["Massage", "Room", "1"]),
        # a day of the month
        (["Ana", "the", "8th"], "the 8th", ["Ana"]),
        (["Ana", "8th"], "8th", ["Ana"]),
        (["8th", "Ana"], "8th", ["Ana"]),
        (["the", "8th", "Venice"], "the 8th", ["Venice"]),
        (["Massage", "Room", "8"], None, ["Massage", "Room", "8"]),  # a bare number is a name's, not a day
        # a weekday before a date, taken with it
        (["Ana", "fri", "11/27"], "fri 11/27", ["Ana"]),
        (["Ana", "Friday,", "Dec", "4th"], "Friday, Dec 4th", ["Ana"]),
        (["Ana", "Friday", "November", "27th", "2026"], "Friday November 27th 2026", ["Ana"]),
        (["fri", "the", "27th", "Ana"], "fri the 27th", ["Ana"]),
        (["Sun", "Room", "11/29"], "11/29", ["Sun", "Room"]),  # a weekday word only right before the date
        (["Ana", "fri", "27"], "fri 27", ["Ana"]),
        (["Sun", "Room", "8"], None, ["Sun", "Room", "8"]),  # a bare number without a weekday right before: a name's
        (["fri", "Venice"], None, ["fri", "Venice"]),
    ],
)
def test_a_day_is_taken_from_the_end_or_the_start(words: list[str], day: str | None, rest: list[str]) -> None:
    assert (take_day(words), words) == (day, rest)


@pytest.mark.parametrize(("typed", "args"), [("today fri!", ("fri",)), ("client Nora Long?", ("Nora", "Long")),
                                             ("brief Ana tomorrow.", ("Ana", "tomorrow")), ("risk?", ())])
def test_a_sentences_end_is_not_part_of_the_last_word(typed: str, args: tuple[str, ...]) -> None:
    assert parse_command(typed).args == args


def test_a_waitlist_day_may_be_a_month_and_day() -> None:
    request = parse_waitlist_add(["cl_1", "sv_1", "Dec", "3", "2pm-6pm", "Venice"])
    assert (request.day_word, request.start, request.end, request.location) == ("Dec 3", "14:00", "18:00", "Venice")


async def test_a_day_written_with_its_month_answers_for_that_day(world: SandboxWorld) -> None:
    therapist = next(s for s in world.data.staff if s.role == "therapist")
    for text in ("today Nov 27", "today 27 Nov", f"brief {therapist.first_name} Nov 27", "today fri!"):
        reply = await ask(world, text)
        assert "Fri 27 Nov" in reply and "is not a" not in reply, (text, reply)


def test_a_therapist_is_found_without_typing_the_accent(world: SandboxWorld) -> None:
    from spa_copilot.reads import Catalog

    ana = world.data.staff[0].model_copy(update={"id": "st_ana_lopez", "first_name": "Ana", "last_name": "López"})
    catalog = Catalog(world.data.locations, [ana], world.data.services, world.data.resources)
    assert catalog.staff_named("ana lopez") == catalog.staff_named("Ana López") == [ana]
