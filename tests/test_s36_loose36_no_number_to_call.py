"""A waitlisted guest with no mobile number has no phone number on file at all (the contract gives a client
``mobilePhone`` and ``email``, no other number), so the card no longer tells the desk to call her: it says she has no
phone number on file and to email her (an email on file) or reach her another way (loose36, item 2)."""

from __future__ import annotations

from spa_copilot.domain import WaitlistStatus
from spa_copilot.sandbox.world import SandboxWorld
from tests.fill_scene import Scene


def _without(world: SandboxWorld, client_id: str, *, email: bool) -> None:
    spa = world.spa
    update = {"mobile_phone": None} | ({} if email else {"email": None})
    spa.clients[client_id] = spa.clients[client_id].model_copy(update=update)


def _first_guest(scene: Scene) -> str:
    return scene.world.spa.waitlist[scene.entries[0]].client_id


async def test_a_guest_with_no_number_nor_email_is_to_be_reached_another_way_not_called(scene: Scene) -> None:
    guest = _first_guest(scene)
    _without(scene.world, guest, email=False)
    await scene.cancel()
    row = scene.proposal
    assert row["candidates"], "the guests with a number are still offered it by text"
    card = scene.card_text()
    name = scene.world.spa.clients[guest].short_name
    assert f"{name}: no phone number on file, so the copilot cannot text them and there is none to call" in card, card
    assert f"reach them another way to offer {row['opening']['service_name']}" in card
    assert "call them" not in card and "email them" not in card


async def test_the_only_guest_with_no_number_but_an_email_is_to_be_emailed(scene: Scene) -> None:
    spa = scene.world.spa
    for entry_id in scene.entries[1:]:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    guest = _first_guest(scene)
    _without(scene.world, guest, email=True)
    assert spa.clients[guest].email
    await scene.cancel()
    name = spa.clients[guest].short_name
    card = scene.card_text()
    assert f"Nothing to offer by text: {name} ({scene.entries[0]}) has no phone number on file: email them" in card, card
    assert "call them" not in card


async def test_the_only_guest_with_neither_is_to_be_reached_another_way(scene: Scene) -> None:
    spa = scene.world.spa
    for entry_id in scene.entries[1:]:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    guest = _first_guest(scene)
    _without(scene.world, guest, email=False)
    await scene.cancel()
    name = spa.clients[guest].short_name
    assert scene.proposal["reason"] == (f"by text: {name} ({scene.entries[0]}) has no phone number on file: reach them "
                                        "another way to offer it.")
