"""How the no-show risk reads where the front desk and managers meet it: ``/spa risk``, the day book, the card."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from spa_copilot.domain import AppointmentStatus
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.risk.bands import RiskScore
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from tests.builders import AllHigh


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=user)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


async def test_risk_is_no_all_clear_when_the_bookings_could_not_be_scored(world: SandboxWorld) -> None:
    world.copilot.risk = AllHigh()

    async def down(**kwargs: Any) -> Any:
        raise PlatformUnavailable("history read timed out")

    platform = world.copilot.platform
    real, platform.appointment_history = platform.appointment_history, down  # type: ignore[method-assign]
    reply = await answer(world, "risk")
    assert "No high-risk bookings" not in reply, reply
    assert "could not be scored just now" in reply and "try again" in reply, reply
    platform.appointment_history = real  # type: ignore[method-assign]
    healed = await answer(world, "risk")
    assert "could not be scored" not in healed and "high (50%)" in healed, healed


async def test_a_brief_gives_no_no_show_risk_for_a_guest_who_has_arrived(world: SandboxWorld, clock: Any) -> None:
    """The rule the day book and /spa risk keep: a guest checked in, done or whose start has passed is no
    no-show risk, so a briefing previewed later in the day gives them none either."""
    world.copilot.risk = AllHigh()
    ana = next(s for s in world.data.staff if s.first_name == "Ana")
    soho = world.data.locations[0]
    local_today = clock().astimezone(soho.tz).date()
    hers = sorted((a for a in world.spa.appointments.values() if a.is_active and a.location_id == soho.id
                   and a.start_at.astimezone(soho.tz).date() == local_today
                   and any(line.staff_id == ana.id for line in a.services)), key=lambda a: a.start_at)
    first, *rest = hers
    assert rest and first.start_at <= clock() + timedelta(hours=1)
    world.spa.put_appointment(first.model_copy(update={"status": AppointmentStatus.checked_in}))
    clock.current = first.start_at + timedelta(minutes=15)
    reply = await answer(world, "brief Ana today")
    assert reply.count("No-show risk") == len([a for a in rest if a.start_at > clock()]), reply


async def test_risk_for_a_past_day_says_it_is_past_rather_than_none_were_high(world: SandboxWorld) -> None:
    world.copilot.risk = AllHigh()
    reply = await answer(world, "risk yesterday")
    assert "No high-risk bookings" not in reply, reply
    assert "Mon 23 Nov is past" in reply and "still to come" in reply, reply
    assert "high (50%)" in await answer(world, "risk today")  # today's bookings still to come are listed


class HighWithoutReasons:
    def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
        return {a.id: RiskScore(appointment_id=a.id, probability=0.5, band="high", reasons=[]) for a in appointments}


async def test_a_booking_without_a_service_or_a_reason_leaves_that_part_out(world: SandboxWorld) -> None:
    world.copilot.risk = HighWithoutReasons()
    booked = next(a for a in world.spa.appointments.values() if a.is_active and a.services
                  and a.start_at.date() == world.copilot.now().date() + timedelta(days=1))
    world.spa.put_appointment(booked.model_copy(update={"services": []}))
    reply = await answer(world, "risk")
    assert "high (50%)" in reply
    assert " ·  · " not in reply and "— →" not in reply and " · high (50%) → " in reply, reply


async def test_without_a_model_risk_says_so_even_with_the_spa_system_down(world: SandboxWorld) -> None:
    world.copilot.risk = None
    world.spa.faults.fail_next(50)  # every read of the spa system fails meanwhile
    reply = await answer(world, "risk")
    assert "none is installed" in reply and "spa-copilot risk train" in reply, reply
