"""What ``/spa waitlist`` and ``/spa status`` answer: safe removals, fixed sentences for refusals, zoned times."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformRejected
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.listeners.commands import answer_command
from tests.conftest import NOW


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=user)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


def set_status(world: SandboxWorld, entry_id: str, status: WaitlistStatus) -> None:
    world.spa.waitlist[entry_id] = world.spa.waitlist[entry_id].model_copy(update={"status": status})


async def test_removing_an_entry_again_later_removes_it_again(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    assert "Removed" in await answer(world, f"waitlist remove {entry.id}")
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.cancelled
    set_status(world, entry.id, WaitlistStatus.waiting)  # the client asked to be put back, in Mangomint
    assert "Removed" in await answer(world, f"waitlist remove {entry.id}")
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.cancelled, "the second removal was a replay"


async def test_adding_the_same_entry_after_removing_it_adds_it_again(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    add = f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}"

    def entries() -> list[str]:
        return [e.id for e in world.spa.waitlist.values() if e.client_id == client.id and e.service_ids == [service.id]
                and e.status == WaitlistStatus.waiting]

    assert "Added" in await answer(world, add)
    first = entries()
    assert len(first) == 1
    assert "Removed" in await answer(world, f"waitlist remove {first[0]}")
    assert "Added" in await answer(world, add)
    assert len(entries()) == 1 and entries() != first, "the second add was a replay of the first"


async def test_a_booked_entry_is_not_removed(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    set_status(world, entry.id, WaitlistStatus.booked)
    reply = await answer(world, f"waitlist remove {entry.id}")
    assert escape(texts.WAITLIST_REMOVE_BOOKED_TEXT.format(entry_id=entry.id)) in reply and "Removed" not in reply
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.booked


async def test_an_entry_already_off_the_list_says_so(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    set_status(world, entry.id, WaitlistStatus.expired)
    assert "already off the waitlist (expired)" in await answer(world, f"waitlist remove {entry.id}")


async def test_a_refused_waitlist_entry_gets_a_fixed_sentence_not_the_http_error(world: SandboxWorld) -> None:
    async def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PlatformRejected("HTTP 422 POST /v1/waitlist: {\"error\": \"serviceIds[0] <internal>\"}", status=422)

    world.copilot.platform.create_waitlist_entry = refuse  # type: ignore[method-assign]
    client, service = world.data.clients[3], world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}")
    assert escape(texts.WAITLIST_ADD_REFUSED_TEXT) in reply
    assert "422" not in reply and "internal" not in reply and "/v1" not in reply


async def test_status_times_are_in_the_first_locations_zone_and_labelled(world: SandboxWorld) -> None:
    location = world.data.locations[0]
    assert location.time_zone == "America/New_York"
    world.copilot.store.update_sync_state(
        location.id, last_poll_at=NOW.isoformat(), failing_since=(NOW - timedelta(minutes=30)).isoformat(),
        last_error="PlatformUnavailable",
    )
    reply = await answer(world, "status")
    assert "last poll 9:00am EST" in reply  # 14:00 UTC
    assert "failing since 8:30am EST (PlatformUnavailable)" in reply


async def test_only_managers_see_where_the_spa_system_is(world: SandboxWorld) -> None:
    url = "https://gateway.juniper.example/v1"
    world.copilot.settings = world.copilot.settings.model_copy(update={"mangomint_api_url": url})
    desk = await answer(world, "status")
    assert url not in desk and "Mangomint" in desk
    assert url in await answer(world, "status", user=world.manager_id)
