"""A booking moved from SoHo to Venice and back to SoHo (review 30f): SoHo's card for the hour it left is SoHo's
business (closed when the move back takes its offer, as before); Venice, where it stayed only a moment (a slip put
right), gets no "nobody can take it" card for an hour that was free before and is free again. One that stayed at
Venice longer than ``MOVED_BACK_WITHIN`` held that hour as a real booking: its card comes as any move's."""

from __future__ import annotations

from typing import Any

from spa_copilot import scheduler
from spa_copilot.fill.proposing import MOVED_BACK_WITHIN
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards, install
from tests.test_s31_two_locations_fill import _moved_to_venice, _poll, _proposals


async def _moved_there_and_back(world: SandboxWorld, clock: FakeClock, *, stay: Any) -> tuple[Any, int]:
    install(world.copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None  # poll only
    await scheduler.poll_calendar(world.copilot)
    appointment = a_booking_to_cancel(world)
    assert world.copilot.now() + stay + MOVED_BACK_WITHIN < appointment.start_at  # still ahead when it comes back
    moved = _moved_to_venice(world, appointment)
    await _poll(world, clock)
    assert [row[1] for row in _proposals(world)] == ["loc_soho"]  # SoHo's card for the hour it left
    cards = len(fill_cards(world))
    clock.advance(seconds=stay.total_seconds())
    world.spa.put_appointment(appointment.model_copy(update={
        "updated_at": world.spa._stamp(), "version": moved.version + 1}))
    await _poll(world, clock, times=3)
    return appointment, cards


async def test_moved_back_within_minutes_opens_no_card_where_it_stayed(world: SandboxWorld, clock: FakeClock) -> None:
    _, cards = await _moved_there_and_back(world, clock, stay=MOVED_BACK_WITHIN / 6)
    assert [c.text for c in fill_cards(world)[cards:]] == []
    assert [row[1] for row in _proposals(world)] == ["loc_soho"]


async def test_moved_back_after_a_long_stay_frees_an_hour_worth_a_card(world: SandboxWorld, clock: FakeClock) -> None:
    appointment, cards = await _moved_there_and_back(world, clock, stay=MOVED_BACK_WITHIN * 1.5)
    new = [c.text for c in fill_cards(world)[cards:]]
    assert len(new) == 1 and "Venice" in new[0], new
    assert [row[:2] for row in _proposals(world)][1] == (f"{appointment.id}@loc_venice", "loc_venice")
