"""s40 optout40: ``/spa texts <client> [stop|start]`` through the real Bolt app with signed requests. Staff record a
guest's text opt-out (asked for by phone, at the desk, or in a reply the copilot's reader missed); only a manager
clears one; the answer says whether the copilot may offer her openings by text, since when and by whom."""

from __future__ import annotations

import json
import logging

from spa_copilot.sandbox.world import FRONT_DESK_USER
from tests.test_slack_payloads import shown, slash


def _a_textable_client(world):
    """A client the spa system lets the copilot text, with a one-word first name and last name."""
    return next(c for c in sorted(world.spa.clients.values(), key=lambda c: c.id)
                if c.messaging_preferences.transactional_text == "optedIn" and c.first_name.isalpha()
                and c.last_name.isalpha())


def _opt_out_audits(world, client_id: str):
    return [e for e in world.copilot.store.recent_audit(50, action_prefix="fill.text_opt") if e.subject_id == client_id]


async def test_stop_by_staff_is_recorded_by_them_and_said_when_asked(world, caplog):
    client = _a_textable_client(world)
    before = shown(await slash(world, f"texts {client.id}"))
    assert "The copilot may offer" in before and f"({client.id})" in before, before[:400]
    assert "The spa system's own text consent: yes." in before, before[:400]
    with caplog.at_level(logging.DEBUG):
        answer = await slash(world, f"texts {client.first_name} {client.last_name} stop")
    assert answer.response_type == "ephemeral"
    assert "Recorded: the copilot will not offer" in shown(answer), shown(answer)[:400]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}
    [entry] = _opt_out_audits(world, client.id)
    assert (entry.action, entry.actor) == ("fill.text_opt_out", FRONT_DESK_USER)  # as every click is audited
    details = json.loads(entry.details) if isinstance(entry.details, str) else entry.details
    assert details["recordedBy"] == "staff"
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("spa_copilot")]
    assert any(client.id in line for line in ours) and not any(client.last_name in line for line in ours)  # ids only
    asked = shown(await slash(world, f"texts {client.id}"))
    assert "is not offered openings by text: opted out since" in asked, asked[:400]
    assert f"<@{FRONT_DESK_USER}>" in asked and "their reply" not in asked, asked[:400]
    again = shown(await slash(world, f"texts {client.id} stop"))
    assert "is already opted out" in again, again[:300]
    assert len(_opt_out_audits(world, client.id)) == 1


async def test_start_is_refused_to_a_colleague_and_clears_for_a_manager(world):
    client = _a_textable_client(world)
    await slash(world, f"texts {client.id} stop")
    refused = await slash(world, f"texts {client.id} start")
    assert refused.response_type == "ephemeral"
    assert "is for managers" in shown(refused), shown(refused)[:300]
    assert world.copilot.store.text_opted_out([client.id]) == {client.id}
    cleared = shown(await slash(world, f"texts {client.id} start", user=world.manager_id))
    assert "Cleared: the copilot may offer" in cleared, cleared[:400]
    assert "The spa system's own consent is not changed" in cleared, cleared[:400]
    assert world.copilot.store.text_opted_out([client.id]) == set()
    newest = _opt_out_audits(world, client.id)[0]
    assert (newest.action, newest.actor) == ("fill.text_opt_in", world.manager_id)
    nothing = shown(await slash(world, f"texts {client.id} start", user=world.manager_id))
    assert "had not opted out" in nothing, nothing[:300]


async def test_an_unknown_client_gets_one_line_and_nothing_is_recorded(world):
    answer = shown(await slash(world, "texts Zyxwv Qwertyuiop stop"))
    assert "No client matches" in answer and "Zyxwv Qwertyuiop" in answer, answer[:300]
    assert world.copilot.store.recent_audit(5, action_prefix="fill.text_opt") == []


async def test_a_malformed_texts_gets_the_help_with_its_usage(world):
    client = _a_textable_client(world)
    for typed in ("texts", "texts stop", f"texts {client.id} off", f"texts {client.id} stop now", "texts <@U0ANA|ana> stop"):
        answer = await slash(world, typed)
        said = shown(answer)
        assert answer.response_type == "ephemeral"
        assert "texts &lt;client name or id&gt; [stop|start]" in said or "texts <client name or id> [stop|start]" in said, (
            typed, said[:500])
        assert "today [@therapist" not in said, (typed, said[:500])  # the short help: that command's usage only
    assert world.copilot.store.text_opted_out([client.id]) == set()


async def test_the_client_card_and_a_waitlist_add_say_staff_recorded_the_opt_out(world):
    client = _a_textable_client(world)
    await slash(world, f"texts {client.id} stop")
    card = shown(await slash(world, f"client {client.id}"))
    assert "SMS: opted out by staff on" in card and "replied STOP" not in card, card[:600]
    service = next(iter(world.spa.services.values()))
    added = shown(await slash(world, f'waitlist add {client.id} "{service.name}" fri 2pm-6pm'))
    assert "recorded by staff" in added and f"/spa texts {client.id} start" in added, added[:600]
    assert "replied STOP" not in added, added[:600]


async def test_a_change_by_part_of_a_name_changes_nothing_until_she_is_named_by_id(world):
    """rev40d M3: ``/spa texts Morri stop`` opted out the one guest a search found (Hazel Morris)."""
    clients = sorted(world.spa.clients.values(), key=lambda c: c.id)
    for client in clients:  # a part of a last name only one client's name holds
        part = client.last_name[:-1]
        if len(part) < 4 or not part.isalpha():
            continue
        if [c.id for c in clients if part.casefold() in f"{c.first_name} {c.last_name}".casefold()] == [client.id]:
            break
    else:
        raise AssertionError("no last name in the sandbox is held by one client alone")
    said = shown(await slash(world, f"texts {part} stop"))
    assert f"Nothing was changed: to be sure it is the right guest, name them by id: /spa texts {client.id} stop" in said
    assert world.copilot.store.text_opted_out([client.id]) == set()
    assert "Recorded" in shown(await slash(world, f"texts {client.first_name} {client.last_name} stop"))


async def test_a_manager_clearing_a_stop_she_texted_herself_is_told_so(world):
    """rev40d M4: the answer said nothing when a manager cleared a STOP the guest texted herself."""
    from datetime import UTC, datetime

    client = _a_textable_client(world)
    world.copilot.store.record_text_opt_out(client.id, at=datetime(2026, 11, 20, tzinfo=UTC), message_id="m-own")
    said = shown(await slash(world, f"texts {client.id} start", user=world.manager_id))
    assert "They had texted STOP themselves" in said, said[:400]
    [entry] = [e for e in _opt_out_audits(world, client.id) if e.action == "fill.text_opt_in"]
    details = json.loads(entry.details) if isinstance(entry.details, str) else entry.details
    assert details["clearedTheirOwnStop"] is True
