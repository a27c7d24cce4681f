"""How the no-show risk reads where the front desk and managers meet it: ``/spa risk``, the day book, the card."""

from __future__ import annotations

import json
from typing import Any

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.risk.bands import RiskScore
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=user)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


class AllHigh:
    def score(self, appointments, history, services, locations, now):  # noqa: ANN001, ANN201
        return {a.id: RiskScore(appointment_id=a.id, probability=0.5, band="high", reasons=["new client"]) for a in appointments}


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
