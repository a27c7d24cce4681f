"""A booking the spa system sent without ``createdAt`` is never scored; where its band would be, the day's book, the
therapist's briefing and the client card say it was not scored, so the desk does not read "no band" as "low risk".
With no model loaded no band shows anywhere, and no such mark either."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from spa_copilot.risk import load_model
from spa_copilot.risk.bands import NOT_SCORED
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command

MODELS = Path(__file__).resolve().parents[1] / "models"


async def _answer(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


def _tomorrows(world: SandboxWorld, location_id: str) -> list[Any]:
    location = next(loc for loc in world.data.locations if loc.id == location_id)
    tomorrow = world.copilot.now().astimezone(location.tz).date() + timedelta(days=1)
    return sorted((a for a in world.spa.appointments.values() if a.is_active and a.location_id == location_id
                   and a.start_at.astimezone(location.tz).date() == tomorrow), key=lambda a: a.start_at)


def _undate(world: SandboxWorld, appointment: Any) -> None:
    world.spa.put_appointment(appointment.model_copy(update={"created_at": None}))


async def test_the_day_book_marks_the_booking_that_was_not_scored(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    soho = world.data.locations[0]
    booked = _tomorrows(world, soho.id)
    _undate(world, booked[0])
    reply = await _answer(world, f"today tomorrow {soho.name}")
    assert reply.count(f"`risk {NOT_SCORED}`") == 1, reply
    world.copilot.risk = None  # no scoring at all: no band anywhere, and no mark either
    assert "risk " not in await _answer(world, f"today tomorrow {soho.name}")


async def test_the_briefing_says_it_where_the_band_would_be(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    soho = world.data.locations[0]
    booked = _tomorrows(world, soho.id)
    first = booked[0]
    therapist = next(s for s in world.data.staff if s.id == first.services[0].staff_id)
    _undate(world, first)
    reply = await _answer(world, f"brief {therapist.first_name} tomorrow")
    assert reply.count(f"No-show risk: {NOT_SCORED}") == 1, reply
    theirs = [a for a in booked if any(line.staff_id == therapist.id for line in a.services)]
    assert len(theirs) > 1 and reply.count("No-show risk: *") == len(theirs) - 1, reply  # the others keep their bands
    world.copilot.risk = None
    assert "No-show risk" not in await _answer(world, f"brief {therapist.first_name} tomorrow")


async def test_the_client_card_says_it_of_the_next_visit(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    now = world.copilot.now()
    first = _tomorrows(world, world.data.locations[0].id)[0]
    dated = await _answer(world, f"client {first.client_id}")
    assert "No-show risk for" in dated and NOT_SCORED not in dated, dated
    still = sorted((a for a in world.spa.appointments.values() if a.client_id == first.client_id and a.is_active
                    and a.start_at > now), key=lambda a: a.start_at)
    _undate(world, still[0])  # the next visit, the one the card's risk is about
    reply = await _answer(world, f"client {first.client_id}")
    assert "No-show risk for" in reply and f": {NOT_SCORED}" in reply, reply
    world.copilot.risk = None
    assert "No-show risk" not in await _answer(world, f"client {first.client_id}")
