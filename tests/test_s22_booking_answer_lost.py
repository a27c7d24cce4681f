"""A YES's booking the spa system made but whose answer was lost, with the spa system out of reach until the slot
started: the outbox's next try said ":warning: Could not book …: the slot has started" while Mangomint held the
appointment (reliability review, 4 December). A booking tried before now asks the spa system whether it holds it
before saying it could not be made; one never made is still said as not booked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill.outbox import redrive_outbox
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene, proposed


async def _yes_while_down(scene: Scene, monkeypatch: pytest.MonkeyPatch, *, reaches: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """A YES taken up while the booking call does the work and loses its answer (``reaches``) or never arrives."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    platform = scene.copilot.platform
    real_book = platform.book_appointment
    state = {"down": True}

    async def lossy(request: Any, *, idempotency_key: str | None = None) -> Any:
        if state["down"] and not reaches:
            raise PlatformUnavailable("POST /v1/appointments: ConnectError after 4 attempts")
        result = await real_book(request, idempotency_key=idempotency_key)
        if state["down"]:
            raise PlatformUnavailable("POST /v1/appointments: HTTP 502 after 4 attempts", status=502)
        return result

    monkeypatch.setattr(platform, "book_appointment", lossy)
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="inmsg_1")
    await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    scene.clock.current = scene.target.start_at  # the spa system answers again only as the slot starts
    state["down"] = False
    await redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    return first, offer


async def test_a_booking_made_whose_answer_was_lost_is_said_as_booked(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, offer = await _yes_while_down(scene, monkeypatch, reaches=True)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert "Could not book" not in scene.thread_text() and ":tada:" in scene.thread_text(), scene.thread_text()
    assert scene.proposal["status"] == "booked" and scene.store.fill_offer(offer["id"])["status"] == "booked"


async def test_a_booking_never_made_is_still_said_as_not_booked(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = await _yes_while_down(scene, monkeypatch, reaches=False)
    assert not scene.bookings_for(first["client_id"])
    assert "Could not book" in scene.thread_text() and "the slot has started" in scene.thread_text(), scene.thread_text()



async def test_another_guest_s_appointment_then_is_not_taken_for_hers() -> None:
    """A gateway that ignores ``clientId`` answers with the front desk's booking of another guest in the slot: it was
    said as hers, and her waitlist entry set booked (a review of b94579f); only her own appointment counts."""
    from types import SimpleNamespace

    from spa_copilot.domain import BookingRequest
    from spa_copilot.fill.outbox import _made_before
    from tests.builders import appointment, at

    slot = at(date(2026, 11, 24), "11:00")
    request = BookingRequest(location_id="loc_1", client_id="cl_her", service_id="sv_1", staff_id="st_1", start_at=slot)
    theirs = appointment(slot, id="ap_other", client_id="cl_other")
    hers = appointment(slot, id="ap_hers", client_id="cl_her")

    async def answered(**filters: Any) -> list[Any]:
        return found

    copilot = SimpleNamespace(platform=SimpleNamespace(list_appointments=answered))
    found = [theirs]
    assert await _made_before(copilot, request) is None  # type: ignore[arg-type]
    found = [theirs, hers]
    assert (await _made_before(copilot, request)).id == "ap_hers"  # type: ignore[arg-type,union-attr]



async def test_a_slot_taken_by_her_own_booking_is_hers_not_a_sorry(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The front desk booked her by phone into the slot between her YES's re-check and its booking: the booking met
    409 and the thread said "the slot was taken before her YES", offering a sorry reply to a guest who is booked (a
    review). Her own appointment there is hers."""
    platform = scene.copilot.platform
    real_book = platform.book_appointment

    async def phoned_first(request: Any, *, idempotency_key: str | None = None) -> Any:
        by_phone = request.model_copy(update={"source": "frontDesk"})
        await real_book(by_phone, idempotency_key="front-desk:1")
        return await real_book(request, idempotency_key=idempotency_key)

    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    monkeypatch.setattr(platform, "book_appointment", phoned_first)
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="inmsg_1")
    await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    await redrive_outbox(scene.copilot)
    assert "taken before" not in scene.thread_text() and scene.proposal["status"] == "booked", scene.thread_text()
    mine = [a for a in scene.world.spa.appointments.values()
            if a.client_id == first["client_id"] and a.is_active and a.start_at == scene.target.start_at]
    assert len(mine) == 1 and mine[0].source == "frontDesk"  # one booking: the front desk's
    # the thread says so: it was not the copilot's booking (it said "replied YES: booked …" as if it were)
    assert "already booked in the spa system for" in scene.thread_text() and mine[0].id in scene.thread_text()
    assert "nothing more was booked" in scene.thread_text() and "YES: booked" not in scene.thread_text()


async def test_a_yes_whose_slot_her_own_booking_holds_gets_no_sorry_reply(scene: Scene) -> None:
    """The front desk booked her by phone into the slot before her YES was re-checked: the thread said "the slot is no
    longer free (no qualified therapist free …)" and offered a reply card saying sorry to a guest who is booked."""
    from spa_copilot.domain import BookingRequest

    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    line = scene.target.services[0]
    by_phone = BookingRequest(location_id=scene.target.location_id, client_id=first["client_id"],
                              service_id=line.service_id, staff_id=line.staff_id, start_at=line.start_at,
                              resource_ids=list(line.resource_ids), source="frontDesk")
    made = await scene.copilot.platform.book_appointment(by_phone, idempotency_key="front-desk:1")
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="inmsg_1")
    await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    thread = scene.thread_text()
    assert f"is already booked at that time in the spa system (appointment {made.id})" in thread, thread
    assert "no longer free" not in thread and "late YES" not in thread
    mine = [a for a in scene.world.spa.appointments.values()
            if a.client_id == first["client_id"] and a.is_active and a.start_at == line.start_at]
    assert [a.id for a in mine] == [made.id]  # nothing more booked


async def test_the_copilots_own_booking_is_said_booked_whatever_source_the_gateway_gives_it(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review (4 December): a gateway storing the copilot's booking with its own source ("api") made every YES say
    "already booked …, so nothing more was booked". Only a booking found in the spa system (after a 409 or a lost
    answer), not the one this try made, is told apart by its source."""
    platform = scene.copilot.platform
    real_book = platform.book_appointment

    async def api_source(request: Any, *, idempotency_key: str | None = None) -> Any:
        made = await real_book(request, idempotency_key=idempotency_key)
        return made.model_copy(update={"source": "api"})

    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    monkeypatch.setattr(platform, "book_appointment", api_source)
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="inmsg_1")
    await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    assert "replied YES: booked" in scene.thread_text() and "nothing more was booked" not in scene.thread_text()
