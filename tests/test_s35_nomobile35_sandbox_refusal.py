"""The sandbox spa refuses a text to a client with no mobile number (422 no_mobile_number), as a gateway does
(rev34h M1): an approved text to a guest whose number was taken off since the card was drawn is refused, and the card
moves on to the next guest (``outbox._refused_for_guest``).
"""

from __future__ import annotations

import httpx

from spa_copilot import fill
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually


def _without_mobile(world: SandboxWorld, client_id: str) -> None:
    spa = world.spa
    spa.clients[client_id] = spa.clients[client_id].model_copy(update={"mobile_phone": None})


async def test_the_sandbox_refuses_a_text_to_a_client_with_no_mobile_number(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if not c.mobile_phone)
    body = {"channel": "sms", "purpose": "transactional", "body": "Hi", "aiGenerated": False, "approvedBy": "U1"}
    key = world.settings.mangomint_api_key.get_secret_value()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=world.sandbox.app), base_url="http://sandbox",
                                 headers={"Authorization": f"Bearer {key}"}) as http:
        refused = await http.post(f"/v1/clients/{client.id}/messages", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == "no_mobile_number"
        assert world.spa.outbox == []
        texted = next(c for c in world.data.clients if c.mobile_phone)
        assert (await http.post(f"/v1/clients/{texted.id}/messages", json=body)).status_code == 201
        # an email needs no mobile number
        email = body | {"channel": "email", "subject": "Hello"}
        assert (await http.post(f"/v1/clients/{client.id}/messages", json=email)).status_code == 201
    assert [e.message.client_id for e in world.spa.outbox] == [texted.id, client.id]


async def test_an_approved_text_to_a_guest_whose_number_is_gone_is_refused_and_the_card_moves_on(scene: Scene) -> None:
    await scene.cancel()
    first, second = scene.candidate(0), scene.candidate(1)
    _without_mobile(scene.world, first["client_id"])  # taken off in Mangomint after the card was drafted
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["current_index"] == 1)
    assert scene.store.fill_offer(fill._common.fill_offer_id(scene.proposal["id"], 0))["status"] == "failed"
    assert first["client_id"] not in {m["clientId"] for m in scene.sent()}
    assert scene.proposal["candidates"][1]["client_id"] == second["client_id"]
    await eventually(lambda: "refused the text" in scene.thread_text())
    assert f"The spa system refused the text to {first['first_name']} (HTTP 422)" in scene.thread_text()
    assert scene.proposal["status"] == "pending"
