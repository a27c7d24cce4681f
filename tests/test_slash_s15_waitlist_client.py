"""``waitlist add <client>``: the help says ``<client>``, and a client's name now works as ``/spa client`` finds one
(it answered "Nora Long is not a client id."); several matching get their ids to choose from, none a line saying
how to find the id; an unquoted name of two words says names go in quotes (it said "… is not a date")."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.command_parser import CommandError, check_command, parse_command
from spa_copilot.slack.listeners.commands import answer_command


async def answer(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


async def test_a_client_may_be_added_to_the_waitlist_by_name(world: SandboxWorld) -> None:
    clients = world.data.clients
    full = Counter(c.display_name.lower() for c in clients)
    first = Counter(c.first_name.lower() for c in clients)
    client = next(c for c in clients if full[c.display_name.lower()] == 1 and first[c.first_name.lower()] > 1
                  and " " not in c.first_name and c.first_name.isalpha() and c.last_name.isalpha())
    added = await answer(world, f'waitlist add "{client.display_name}" "Swedish Massage 60" fri 2pm-6pm')
    assert added.startswith(f"Added {client.first_name} to the waitlist"), added
    entry = max(world.spa.waitlist.values(), key=lambda e: e.created_at)
    assert entry.client_id == client.id

    before = len(world.spa.waitlist)
    several = await answer(world, f'waitlist add {client.first_name} "Swedish Massage 60" fri 2pm-6pm')
    namesakes = [c for c in clients if c.first_name.lower() == client.first_name.lower()]
    assert all(f"`{c.id}`" in several for c in namesakes[:10]), several
    assert escape("/spa waitlist add <id> …") in several
    assert len(world.spa.waitlist) == before  # nobody added

    nobody = await answer(world, 'waitlist add "Zyxw Qqqq" "Swedish Massage 60" fri 2pm-6pm')
    assert nobody.startswith("No client matches “Zyxw Qqqq”. Find the client's id with /spa client"), nobody

    by_id = await answer(world, f'waitlist add {client.id} "Swedish Massage 60" sat 2pm-6pm')
    assert by_id.startswith(f"Added {client.first_name} to the waitlist"), by_id


def test_an_unquoted_name_of_two_words_is_told_to_go_in_quotes() -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command('waitlist add Nora Long "Swedish Massage 60" fri 2pm-6pm'))
    # the quotes said first, with the command as typed but for them (walk41)
    assert raised.value.problem.startswith(
        'A name of several words goes in quotes: waitlist add "Nora Long" "Swedish Massage 60" fri 2pm-6pm'
    ), raised.value.problem
