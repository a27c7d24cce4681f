"""A comma typed between the words of a ``/spa`` command separates them, as in a sentence (5 December).

Probing the commands with text as people type it in Slack: ``/spa today @Ana, tmrw`` answered that "@ana.reyes," is
not a therapist, room or location, ``/spa today tmrw, Venice`` that "tmrw, Venice" is none, ``/spa conflicts
tomorrow, Venice`` that conflicts takes one day ("Did you mean /spa conflicts today?") and ``/spa conflicts tmrw,``
that "tmrw," is not a date: the comma stayed on the word. Now a comma or semicolon after a word is left off it
(but in ``client``, whose answer reads a name written surname first: ``/spa client Long, Nora`` found nobody, and
now finds Nora Long)."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.slack_api import slack_user_id_for_staff
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.command_parser import parse_command
from tests.conftest import front_desk_asks

ANA = slack_user_id_for_staff("st_ana_reyes")


@pytest.mark.parametrize(
    ("typed", "args"),
    [
        (f"today <@{ANA}|ana.reyes>, tmrw", (f"<@{ANA}|ana.reyes>", "tmrw")),
        ("today tmrw, Venice", ("tmrw", "Venice")),
        ("today Ana , tmrw", ("Ana", "tmrw")),
        ("conflicts tmrw,", ("tmrw",)),
        ("brief Ana; Dec 7", ("Ana", "Dec", "7")),
        ("fill ap_01234,", ("ap_01234",)),
        ('today "Juniper & Salt Venice", fri', ("Juniper & Salt Venice", "fri")),
        ("client Long, Nora", ("Long,", "Nora")),  # the client answer reads it
    ],
)
def test_a_comma_after_a_word_is_no_part_of_it(typed: str, args: tuple[str, ...]) -> None:
    assert parse_command(typed).args == args


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (f"today <@{ANA}|ana.reyes>, tmrw", "Wed 25 Nov at Juniper & Salt SoHo — Ana Reyes:"),
        ("today Ana, tmrw", "Wed 25 Nov at Juniper & Salt SoHo — Ana Reyes:"),
        ("today tmrw, Venice", "Wed 25 Nov at Juniper & Salt Venice:"),
        ("today Massage Room 1 Venice, Dec 7", "Mon 7 Dec at Juniper & Salt Venice — Massage Room 1:"),
        ("brief Ana, tmrw", "Briefing for Ana Reyes, Wed 25 Nov"),
        (f"brief <@{ANA}|ana.reyes>, Dec 7", "Briefing for Ana Reyes, Mon 7 Dec"),
        ("conflicts tmrw,", "Conflicts on Wed 25 Nov"),
        ("conflicts tomorrow, Venice", "so it takes only a day: `/spa conflicts tomorrow`"),
    ],
)
async def test_commands_with_commas_answer_as_without(world: SandboxWorld, typed: str, expected: str) -> None:
    answer = (await front_desk_asks(world, typed)).replace("&amp;", "&")
    assert expected in answer, answer[:300]
    assert "is not a therapist, room or location" not in answer and "is not a date" not in answer


@pytest.mark.parametrize("typed", ["client Long, Nora", "client long,nora?", "client Long, Nora."])
async def test_a_client_named_surname_first_is_found(world: SandboxWorld, typed: str) -> None:
    answer = await front_desk_asks(world, typed)
    assert "Client card: Nora Long" in answer, answer[:300]


async def test_an_initial_after_the_comma_is_not_turned_into_a_name(world: SandboxWorld) -> None:
    """"K Martin" would be part of "Jack Martin" for a search that matches parts of names: no one's card."""
    answer = await front_desk_asks(world, "client Martin, K")
    assert "Client card" not in answer
    assert "No client matches" in answer
