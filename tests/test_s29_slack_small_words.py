"""Small words around a ``/spa`` command's name and day, as people type them in Slack (5 December).

Probing the commands: ``/spa brief Ana for tmrw`` answered "Ana for is not a therapist I know", ``/spa brief Ana on
Dec 7`` "Ana on is …", ``/spa today at Venice tmrw`` "at Venice is not a therapist, room or location", ``/spa brief
Ana tmrw please`` "Ana tmrw please is not a therapist", ``/spa status please`` "status takes nothing after it", and
``/spa today Ana Weds 12/9`` "Ana Weds is not a therapist" (Weds is how many write Wednesday). Now ``for`` or ``on``
before a day, ``at``, ``in`` or ``for`` before the person or place, and a final please or thanks are left out, and
Weds is Wednesday."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.command_parser import CommandError, check_command, parse_command, parse_day, take_day_or_name
from tests.conftest import front_desk_asks

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "day", "rest"),
    [
        ("brief Ana for tmrw", "tmrw", ["Ana"]),
        ("brief Ana on Dec 7", "Dec 7", ["Ana"]),
        ("today Ana on fri", "fri", ["Ana"]),
        ("today at Venice tmrw", "tmrw", ["Venice"]),
        ("brief for Ana tmrw", "tmrw", ["Ana"]),
        ("today in Massage Room 1 Venice", None, ["Massage", "Room", "1", "Venice"]),
        ("brief Ana tmrw please", "tmrw", ["Ana"]),
        ("brief Ana tmrw, thanks!", "tmrw", ["Ana"]),
        ("today Ana Weds 12/9", "Weds 12/9", ["Ana"]),
        # unchanged
        ("today in 2 days", "in 2 days", []),
        ("today Ana tomorrow", "tomorrow", ["Ana"]),
        ("today Venice", None, ["Venice"]),
    ],
)
def test_the_day_and_the_name_are_read_without_the_small_words(typed: str, day: str | None, rest: list[str]) -> None:
    command = parse_command(typed)
    check_command(command)
    words = list(command.args)
    assert take_day_or_name(command.name, words, lambda _: False, typed=command.rest) == day
    assert words == rest


@pytest.mark.parametrize(("typed", "args"), [("status please", ()), ("waitlist pls", ()), ("audit 20 thx", ("20",)),
                                             ("client Nora Long, thanks", ("Nora", "Long,"))])
def test_a_final_please_or_thanks_asks_nothing(typed: str, args: tuple[str, ...]) -> None:
    assert parse_command(typed).args == args


def test_weds_is_wednesday() -> None:
    assert parse_day("weds", today=TUESDAY) == date(2026, 11, 25)
    assert parse_day("Weds 12/9", today=TUESDAY) == date(2026, 12, 9)
    with pytest.raises(CommandError, match="is a Thursday, not a Wednesday"):
        parse_day("Weds 12/10", today=TUESDAY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("brief Ana for tmrw", "Briefing for Ana Reyes, Wed 25 Nov"),
        ("brief Ana on Dec 7", "Briefing for Ana Reyes, Mon 7 Dec"),
        ("brief Ana tmrw please", "Briefing for Ana Reyes, Wed 25 Nov"),
        ("today at Venice tmrw", "Wed 25 Nov at Juniper & Salt Venice:"),
        ("today Ana Weds 12/9", "Wed 9 Dec at Juniper & Salt SoHo — Ana Reyes:"),
        ("conflicts for tmrw", "Conflicts on Wed 25 Nov"),
        ("status please", "Spa Copilot status"),
    ],
)
async def test_the_answers_read_them_so(world: SandboxWorld, typed: str, expected: str) -> None:
    answer = (await front_desk_asks(world, typed)).replace("&amp;", "&")
    assert expected in answer, answer[:300]
