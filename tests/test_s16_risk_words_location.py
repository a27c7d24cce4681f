"""``/spa risk Venice`` (a location alone, any case, or the start of its name) answers one line: risk covers every
location, and the command to type (it said "Venice is not a date … Did you mean /spa risk tomorrow?" and the whole
help); ``risk fri venice`` too. Words that name no location, and a month alone, still get the help.

Session 36 (loose36, item 4): the line's code marks stay in its section (``blocks``), and the message's ``text``, which
a notification shows raw, is the same line without them (it was "`/spa risk` covers …", backticks and all)."""

from __future__ import annotations

import json

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command

VENICE = "/spa risk covers every location (Juniper &amp; Salt Venice too), so it takes only a day: /spa risk {day}."
#: The section shows the line with its code marks
VENICE_SHOWN = "`/spa risk` covers every location (Juniper &amp; Salt Venice too), so it takes only a day: `/spa risk {day}`."


async def _said(world: SandboxWorld, typed: str) -> tuple[str, str]:
    kwargs = (await answer_command(world.copilot, text=typed, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"], json.dumps(kwargs["blocks"], ensure_ascii=False)


async def test_a_location_beside_risk_s_day_is_one_line(world: SandboxWorld) -> None:
    for typed, day in [("risk Venice", "tomorrow"), ("risk venice", "tomorrow"), ("risk VEN", "tomorrow"),
                       ('risk "Juniper & Salt Venice"', "tomorrow"), ("risk jun ven", "tomorrow"),
                       ("risk fri Venice", "fri"), ("risk Venice dec 5", "dec 5"), ("risk tomorrow venice", "tomorrow")]:
        text, shown = await _said(world, typed)
        assert text == VENICE.format(day=day), (typed, text)
        assert VENICE_SHOWN.format(day=day) in shown, (typed, shown)
        assert "Show this help" not in shown and "/spa today" not in shown, (typed, shown)
    text, shown = await _said(world, "conflicts SoHo")
    assert text == "/spa conflicts covers every location (Juniper &amp; Salt SoHo too), so it takes only a day: /spa conflicts today."
    assert "`/spa conflicts` covers every location" in shown and "`/spa conflicts today`" in shown


@pytest.mark.parametrize(("typed", "said"), [("risk banana", "banana is not a date"), ("risk Juniper", "Juniper is not a date"),
                                             ("risk june", "june is not a date"),
                                             ("risk fri banana", "risk covers every location, so it takes only a day: banana"),
                                             ("risk 2026-02-30 Venice", "2026-02-30 is not a date")])
async def test_words_naming_no_one_location_still_get_the_help(world: SandboxWorld, typed: str, said: str) -> None:
    text, shown = await _said(world, typed)
    assert said in shown and "lists every command" in shown and "/spa risk [date]" in shown, shown
