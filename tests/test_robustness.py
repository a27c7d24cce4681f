"""Adversarial robustness of the /spa surface: odd input gets a short ephemeral answer, never a trace.

Every subcommand is fed input a busy front desk (or a hostile paste) might send, as each role; nothing may
answer "Something went wrong", show a trace, or store half an entry.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.listeners.commands import answer_command


def text_of(message: Any) -> str:
    kwargs = message.to_kwargs()
    return kwargs.get("text", "") + "\n" + json.dumps(kwargs.get("blocks") or [])


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    return text_of(await answer_command(world.copilot, text=text, user_id=user))


def assert_clean(reply: str, command: str) -> None:
    assert "Something went wrong" not in reply, f"/spa {command[:60]!r} failed: {reply[:300]}"
    assert "Traceback" not in reply and "Error:" not in reply, command


# ---------------------------------------------------------------------------------------------------
# /spa with odd input


ODD_COMMANDS = [
    "today extra extra extra",
    "today 2026-02-30",
    "today <!channel>",
    "today <@U0NOBODY>",
    "today <@U0NOBODY|bob>",
    'today "never closed',
    "today é日本 🧖",
    "x" * 4000,
    "client " + "x" * 4000,
    'client "never closed',
    "client <!channel>",
    "client cl_nope",
    "client cl_../../v1",
    "conflicts 2026-02-30",
    "conflicts extra words",
    "conflicts <!channel>",
    "waitlist bogus",
    "waitlist remove",
    "waitlist remove a b",
    "waitlist remove <!channel>",
    "waitlist remove " + "w" * 4000,
    "waitlist add",
    "waitlist add cl_0001",
    "waitlist add cl_nope sv_nope fri 14:00-15:00",
    "audit -3",
    "audit 999999",
    "audit abc",
    "audit ²",
    "audit ٣",
    "brief",
    "brief nobody",
    "brief <@U0NOBODY>",
    "brief <@U0NOBODY> 2026-02-30",
    "fill",
    "fill ap_nope",
    "fill a b c",
    "fill " + "a" * 4000,
    "risk 2026-02-30",
    "risk bogus",
    "status extra",
    "help me please",
    '"',
    "'",
    "<!channel>",
    "<@U0NOBODY>",
]


async def test_odd_commands_get_a_short_answer_never_an_error(world: SandboxWorld) -> None:
    for user in (FRONT_DESK_USER, world.manager_id):
        for command in ODD_COMMANDS:
            reply = await answer(world, command, user=user)
            assert_clean(reply, command)
            assert len(reply) < 12_000, command


async def test_audit_with_a_unicode_digit_is_help_not_an_error(world: SandboxWorld) -> None:
    reply = await answer(world, "audit ²", user=world.manager_id)
    assert "not a positive number" in reply and "Something went wrong" not in reply


async def test_fill_on_a_booked_and_a_past_cancelled_appointment(world: SandboxWorld) -> None:
    booked = next(a for a in world.data.appointments if a.is_active and a.start_at > world.copilot.now())
    past = next(a for a in world.data.appointments if str(a.status) == "cancelled" and a.start_at < world.copilot.now())
    assert "not cancelled" in await answer(world, f"fill {booked.id}", user=world.manager_id)
    assert "already started" in await answer(world, f"fill {past.id}", user=world.manager_id)


async def test_risk_with_a_bad_date_is_help_when_a_model_is_loaded(world: SandboxWorld) -> None:
    class NoRisk:
        def score(self, *args: Any, **kwargs: Any) -> dict:
            return {}

    world.copilot.risk = NoRisk()
    for word in ("2026-02-30", "bogus", "<!channel>"):
        reply = await answer(world, f"risk {word}")
        assert "is not a date" in reply, reply


@pytest.mark.parametrize(
    "window",
    ["fri 25:00-26:00", "fri 18:00-14:00", "fri 14:00-14:00", "fri abc-def", "fri 14:00-", "fri -", "fri 9-17",
     "yesterday 14:00-15:00", "1999-01-01 14:00-15:00", "2026-02-30 14:00-15:00"],
)
async def test_waitlist_add_refuses_a_bad_window_and_stores_nothing(world: SandboxWorld, window: str) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} {window}")
    assert_clean(reply, window)
    assert "Added" not in reply
    assert world.spa.waitlist == before, f"{window!r} was stored"


async def test_waitlist_add_still_accepts_a_good_window(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} fri 09:30-18:00")
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} today 9:00-17:00")


async def test_odd_commands_through_slack_answer_ephemerally(world: SandboxWorld) -> None:
    for command in ("x" * 4000, 'client "never closed', "audit ²", "today <!channel>"):
        before = len(world.slack.responses)
        response = await world.sender.slash_command(command, user_id=world.manager_id)
        assert response.status_code == 200
        await world.slack.wait_for(lambda s, n=before: len(s.responses) > n, timeout=10)
        post = world.slack.responses[before]
        assert post.response_type == "ephemeral"
        assert_clean(post.text + json.dumps(post.blocks), command)


async def test_waitlist_add_goes_to_the_named_location_or_where_the_client_last_booked(world: SandboxWorld) -> None:
    second = world.data.locations[1]
    client = next(
        c for c in world.data.clients
        if (visits := [a for a in world.data.appointments if a.client_id == c.id])
        and max(visits, key=lambda a: a.start_at).location_id == second.id
    )
    service = world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 10:00-12:00")
    assert f"at {escape(second.name)}" in reply
    named = world.data.locations[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 13:00-15:00 {named.name}")
    assert f"at {escape(named.name)}" in reply
    added = [e for e in world.spa.waitlist.values() if e.client_id == client.id and e.time_windows[0].start in ("10:00", "13:00")]
    assert {e.location_id for e in added} == {second.id, named.id}
    assert "not a location" in await answer(world, f"waitlist add {client.id} {service.id} fri 13:00-15:00 Atlantis")
