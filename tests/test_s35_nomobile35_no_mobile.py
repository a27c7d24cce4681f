"""A waitlisted guest with no mobile number on file (rev34h M1).

- The fill never drafts her a text: she is named on the card to reach by hand (with the others offered by text, or
  alone).
- ``/spa waitlist add`` says the copilot cannot text her, as it says for an opted-out guest.

Session 36 (loose36, item 2): the contract's only number for a client is ``mobilePhone``, so without it the spa system
has no number to call either: the card and the replies said "call them"; they say she has no phone number on file and
to email her (an email on file) or reach her another way.
"""

from __future__ import annotations

import json

from spa_copilot import demo_fill, fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.fill_scene import Scene


def _without_mobile(world: SandboxWorld, client_id: str) -> None:
    spa = world.spa
    spa.clients[client_id] = spa.clients[client_id].model_copy(update={"mobile_phone": None})


def _entry_client(scene: Scene, index: int) -> str:
    return scene.world.spa.waitlist[scene.entries[index]].client_id


async def _ask(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


async def test_a_guest_with_no_mobile_number_is_named_to_call_never_drafted_a_text(scene: Scene) -> None:
    spa = scene.world.spa
    no_mobile = _entry_client(scene, 0)  # waited longest: she would be ranked first
    _without_mobile(scene.world, no_mobile)
    await scene.cancel()
    row = scene.proposal
    assert row["status"] == "pending"
    assert no_mobile not in [c["client_id"] for c in row["candidates"]]
    assert row["candidates"], "the guests with a number are still offered it by text"
    [named] = [f for f in row["flagged"] if f["client_id"] == no_mobile]
    assert named["entry_id"] == scene.entries[0] and named["to_call"]
    card = scene.card_text()
    name = spa.clients[no_mobile].short_name
    assert f"{name}: no phone number on file, so the copilot cannot text them and there is none to call" in card, card
    assert f"email them to offer {row['opening']['service_name']}" in card  # the sandbox's clients have an email
    assert "call them" not in card
    assert scene.entries[0] in card
    # the text approved goes to a guest with a number; nobody texts her
    await scene.approve_and_wait()
    assert [m["clientId"] for m in scene.sent()] == [row["candidates"][0]["client_id"]]
    assert no_mobile not in {m["clientId"] for m in scene.sent()}
    [audit] = scene.store.recent_audit(100, action_prefix="fill.proposed")
    assert audit.details["toCall"] == [scene.entries[0]]
    assert audit.details["excluded"][scene.entries[0]] == "no mobile number on file"


async def test_the_only_guest_who_fits_with_no_mobile_number_makes_a_card_to_call_her(scene: Scene) -> None:
    spa = scene.world.spa
    for entry_id in scene.entries[1:]:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    no_mobile = _entry_client(scene, 0)
    _without_mobile(scene.world, no_mobile)
    await scene.cancel()
    row = scene.proposal
    assert row["status"] == "expired" and row["candidates"] == [] and row["draft"] is None
    name = spa.clients[no_mobile].short_name
    assert row["reason"] == f"by text: {name} ({scene.entries[0]}) has no phone number on file: email them to offer it."
    card = scene.card_text()
    assert f"Nothing to offer by text: {name} ({scene.entries[0]}) has no phone number on file: email them" in card, card
    assert scene.sent() == []
    # the notification (the message's text) says so too, not "nobody on the waitlist can take it" (lead, s35)
    assert scene.card.text.endswith(": nobody to text, the card names guests to reach by hand"), scene.card.text


async def test_slash_fill_says_the_card_names_the_guest_to_call(scene: Scene) -> None:
    spa = scene.world.spa
    for entry_id in scene.entries[1:]:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    _without_mobile(scene.world, _entry_client(scene, 0))
    scene.world.spa.webhooks.url = None  # no card from the cancellation's webhook: /spa fill posts it
    await scene.cancel()
    result = await fill.start_fill(scene.copilot, scene.target.id, by=FRONT_DESK_USER)
    assert result.ok and "1 guest with no phone number on file, to reach by hand" in result.note, result.note


async def test_waitlist_add_says_a_guest_with_no_mobile_number_cannot_be_texted(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients
                  if not c.mobile_phone and c.messaging_preferences.transactional_text != "optedOut"
                  and not world.copilot.store.text_opted_out([c.id]))
    service = world.data.services[0]
    reply = await _ask(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}")
    assert "Added" in reply
    assert ("has no phone number on file, so the copilot cannot offer them an opening by text and there is none to "
            "call; reach them another way") in reply
    other = next(c for c in world.data.clients
                 if c.mobile_phone and c.messaging_preferences.transactional_text != "optedOut")
    assert "no phone number" not in await _ask(world, f"waitlist add {other.id} {service.id} fri 14:00-18:00")


async def test_the_demo_counts_a_guest_with_no_mobile_number_as_one_to_call_not_to_text(scene: Scene) -> None:
    # the demo picks an opening the fill would offer by text: one whose only guest has no number would end on a card
    # with no Approve, and the demo's act would wait for a text that is never drafted
    spa = scene.world.spa
    entry = spa.waitlist[scene.entries[0]]
    assert demo_fill._offerable(scene.world, scene.target, [entry], {}) == 1
    _without_mobile(scene.world, entry.client_id)
    assert demo_fill._offerable(scene.world, scene.target, [entry], {}) == 0
