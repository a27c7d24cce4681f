"""s41 texts41: ``/spa texts`` through the real Bolt app with signed requests, for three faults found in review:

1. a manager by the manager group alone, while Slack cannot list the group, was told ``start`` "is for managers";
2. a guest whose last name is a word the command once refused ("Hazel Block", "Amy End", "Jo Allow") could not be
   named: only a last word that is exactly stop or start is the action;
3. ``stop`` by her email address, or by her id typed in capitals, asked for her id."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import texts
from tests.test_s31_slack_home_role_unknown import _group_manager_in_an_outage
from tests.test_slack_payloads import shown, slash


def _a_textable_client(world: SandboxWorld):
    """A client the spa system lets the copilot text, with a one-word first name and last name and an email."""
    return next(
        c
        for c in sorted(world.spa.clients.values(), key=lambda c: c.id)
        if c.messaging_preferences.transactional_text == "optedIn"
        and c.first_name.isalpha()
        and c.last_name.isalpha()
        and c.email
    )


def _renamed(world: SandboxWorld, last_name: str):
    """The textable client, her last name now ``last_name`` in the spa system (no other guest shares her name)."""
    client = _a_textable_client(world)
    renamed = client.model_copy(update={"last_name": last_name})
    world.spa.clients[client.id] = renamed
    assert [c.id for c in world.spa.clients.values() if c.display_name == renamed.display_name] == [client.id]
    return renamed


def _opt_out_audits(world: SandboxWorld, client_id: str):
    return [e for e in world.copilot.store.recent_audit(50, action_prefix="fill.text_opt") if e.subject_id == client_id]


async def test_start_by_a_group_manager_while_slack_cannot_list_the_group_asks_to_try_again(
    world: SandboxWorld,
) -> None:
    client = _a_textable_client(world)
    await slash(world, f"texts {client.id} stop")
    audits_before = _opt_out_audits(world, client.id)
    manager = _group_manager_in_an_outage(world)[0]
    answer = await slash(world, f"texts {client.id} start", user=manager)
    said = shown(answer)
    assert answer.response_type == "ephemeral"
    assert "is for managers" not in said, said[:400]
    assert texts.TEXTS_ROLE_UNKNOWN_TEXT in answer.text, said[:400]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}  # nothing changed
    assert _opt_out_audits(world, client.id) == audits_before  # nothing audited
    assert world.copilot.store.recent_audit(5, action_prefix="fill.refused") == []


@pytest.mark.parametrize("last_name", ["Block", "End", "Allow", "Off", "Pause"])
async def test_a_guest_whose_last_name_is_a_word_once_refused_is_shown_and_stopped(
    world: SandboxWorld, last_name: str
) -> None:
    client = _renamed(world, last_name)
    asked = shown(await slash(world, f"texts {client.first_name} {last_name}"))
    assert "The copilot may offer" in asked and f"({client.id})" in asked, asked[:400]
    stopped = shown(await slash(world, f"texts {client.first_name} {last_name} stop"))
    assert "Recorded: the copilot will not offer" in stopped and f"({client.id})" in stopped, stopped[:400]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}
    # the word after a name nobody has is still taken for a stop or start mistyped: the usage, not "No client matches"
    for typed in (f"{client.first_name} {last_name} off", f"{client.first_name} {last_name} block"):
        said = shown(await slash(world, f"texts {typed}"))
        assert f"not {typed.split()[-1]}" in said and "No client matches" not in said, said[:500]
        assert "[stop|start]" in said, said[:500]
    assert len(_opt_out_audits(world, client.id)) == 1


async def test_stop_by_her_id_in_capitals_records_it(world: SandboxWorld) -> None:
    client = _a_textable_client(world)
    said = shown(await slash(world, f"texts {client.id.upper()} stop"))
    assert "Recorded: the copilot will not offer" in said and f"({client.id})" in said, said[:400]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}


def _alone_by_her_email(world: SandboxWorld, *, besides: str = ""):
    """A client with an email and a phone whose email's local part names no other guest (nor a part of a name)."""

    def named_by(part: str) -> list[str]:
        return [o.id for o in world.spa.clients.values() if part.casefold() in f"{o.email} {o.display_name}".casefold()]

    return next(
        c
        for c in sorted(world.spa.clients.values(), key=lambda c: c.id)
        if c.email and c.mobile_phone and c.id != besides and named_by(c.email.split("@")[0]) == [c.id]
    )


async def test_stop_by_her_email_records_it_and_part_of_it_or_her_phone_still_asks_for_her_id(
    world: SandboxWorld,
) -> None:
    client = _alone_by_her_email(world)
    said = shown(await slash(world, f"texts {client.email.upper()} stop"))
    assert "Recorded: the copilot will not offer" in said and f"({client.id})" in said, said[:400]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}
    # a part of it, or her phone, is no whole name: her id is asked for, and the phone is never echoed back
    other = _alone_by_her_email(world, besides=client.id)
    said = shown(await slash(world, f"texts {other.email.split('@')[0]} stop"))
    assert f"name them by id: /spa texts {other.id} stop" in said, said[:400]
    said = shown(await slash(world, f"texts {other.mobile_phone} stop"))
    assert other.mobile_phone not in said and "Recorded" not in said, said[:400]
    assert world.copilot.store.text_opted_out([other.id]) == set()
