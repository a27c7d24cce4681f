"""A booking the spa system sends without ``createdAt`` is not scored, and ``/spa risk`` says so (rev35a M2).

It was scored as booked now: its lead time (the strongest feature) collapsed to the hours left, tomorrow's bands
fell from 13 medium / 1 high to 2 / 0 and ``/spa risk`` answered "No high-risk bookings" — a false all-clear.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest

from spa_copilot.risk import load_model
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.builders import AllHigh

MODELS = Path(__file__).resolve().parents[1] / "models"


async def _answer(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


def _tomorrows(world: SandboxWorld) -> list:
    tomorrow = world.copilot.now().date() + timedelta(days=1)
    return sorted((a for a in world.spa.appointments.values() if a.is_active and a.start_at.date() == tomorrow),
                  key=lambda a: a.id)


def _undate(world: SandboxWorld, appointments: list) -> None:
    for appointment in appointments:
        world.spa.put_appointment(appointment.model_copy(update={"created_at": None}))


async def test_the_model_leaves_out_a_booking_with_no_booking_date(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    booked = _tomorrows(world)
    assert len(booked) > 4
    _undate(world, booked[:2])
    scores = await world.copilot.risk_scores([world.spa.appointments[a.id] for a in booked])
    assert set(scores) == {a.id for a in booked[2:]}


async def test_risk_is_no_all_clear_when_no_booking_has_its_booking_date(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    booked = _tomorrows(world)
    _undate(world, booked)
    reply = await _answer(world, "risk")
    assert "No high-risk bookings on" not in reply, reply
    assert "No booking could be scored" in reply, reply
    assert f"{len(booked)} bookings could not be scored: the spa system sent no date for when they were booked" in reply


async def test_risk_lists_the_dated_bookings_and_counts_the_others(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    booked = _tomorrows(world)
    _undate(world, booked[:1])
    reply = await _answer(world, "risk")
    assert "No high-risk bookings on" not in reply  # "… among those scored", or the high ones listed
    assert "1 booking could not be scored: the spa system sent no date for when it was booked" in reply, reply
    assert "booking history could not be read" not in reply  # the history was read: that is not why


async def test_all_dated_says_nothing_of_it(world: SandboxWorld) -> None:
    world.copilot.risk = AllHigh()
    reply = await _answer(world, "risk")
    assert "could not be scored" not in reply and "high (50%)" in reply


async def test_the_log_says_it_once_with_ids_only(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    world.copilot.risk = AllHigh()
    booked = _tomorrows(world)
    _undate(world, booked[:3])
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            await world.copilot.risk_scores([world.spa.appointments[a.id] for a in booked])
    said = [r.getMessage() for r in caplog.records if "no createdAt" in r.getMessage()]
    assert len(said) == 1 and booked[0].id in said[0], said
    assert not any(world.spa.clients[a.client_id].first_name in said[0] for a in booked[:3])
