"""``/spa risk fri Venice`` (or ``mon Venice``) says risk covers every location and takes only a day, as ``risk
tomorrow Venice`` does (it said "risk takes one day, not fri Venice … Did you mean /spa risk tomorrow?");
``/spa waitlist add "Zzyzx Q" …`` naming nobody answers in one line, the name quoted as ``/spa client`` quotes it
(it was "No client matches Zzyzx Q: …" and the whole help after it)."""

from __future__ import annotations

import json

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.command_parser import CommandError, check_command, parse_command
from spa_copilot.slack.listeners.commands import answer_command

_DAYS = ["fri", "Fri", "mon", "thurs", "friday", "next fri", "tomorrow", "dec 5", "12/5", "fri 12/4", "the 8th",
         "in 2 days"]


@pytest.mark.parametrize("name", ["risk", "conflicts"])
@pytest.mark.parametrize("day", _DAYS)
def test_every_day_form_then_a_location_gets_the_same_answer(name: str, day: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(f"{name} {day} Venice"))
    problem = raised.value.problem
    assert problem.startswith(f"{name} covers every location, so it takes only a day: Venice is not one"), problem
    assert raised.value.suggestion == f"{name} {day}"


@pytest.mark.parametrize("typed", ["risk fri", "conflicts mon", "today fri Venice", "brief fri Ana", "today Sun Room",
                                   "brief next fri Ana", "today mon"])
def test_a_day_alone_or_before_a_location_or_person_still_passes(typed: str) -> None:
    check_command(parse_command(typed))


@pytest.mark.parametrize(("typed", "said"), [("risk fri tomorrow", "risk takes one day, not fri tomorrow"),
                                             ("risk fri sat", "risk takes one day, not fri sat")])
def test_two_days_still_say_it_takes_one(typed: str, said: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem.startswith(said), raised.value.problem


async def _text(world: SandboxWorld, typed: str) -> tuple[str, str]:
    kwargs = (await answer_command(world.copilot, text=typed, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"], json.dumps(kwargs["blocks"], ensure_ascii=False)


async def test_a_waitlist_add_naming_nobody_is_one_line_quoted_as_client_quotes_it(world: SandboxWorld) -> None:
    before = len(world.spa.waitlist)
    client_text, _ = await _text(world, "client Zzyzx Q")
    text, shown = await _text(world, 'waitlist add "Zzyzx Q" "Swedish Massage 60" fri 2pm-6pm')
    said = "No client matches “Zzyzx Q”."
    assert client_text.startswith(said + " Try /spa client"), client_text  # with what to try next
    assert text.startswith(said + " Find the client's id"), text
    assert "/spa client" in text and "\n" not in text, text
    assert "Usage" not in shown and "/spa today" not in shown and "/spa risk" not in shown, shown  # no help after it
    assert len(world.spa.waitlist) == before  # nobody added
