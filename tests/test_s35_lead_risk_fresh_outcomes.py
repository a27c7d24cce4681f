"""Between the six-hourly history reads, the last days' outcomes are read again every few minutes (rev35a M4).

The history was cached for six hours whatever happened: a guest who no-shows this morning and books again an hour
later was scored without that no-show by ``/spa risk``, the day book and the briefings until the cache expired.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.copilot import RECENT_OUTCOME_DAYS
from spa_copilot.domain import AppointmentStatus
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.risk import load_model
from spa_copilot.sandbox.world import SandboxWorld

MODELS = Path(__file__).resolve().parents[1] / "models"


def _tomorrows(world: SandboxWorld, now: Any) -> list:
    return sorted((a for a in world.spa.appointments.values()
                   if a.is_active and a.start_at.date() == now.date() + timedelta(days=1)), key=lambda a: a.id)


async def _no_show_then_rebooked(world: SandboxWorld, clock: Any) -> Any:
    """The history is read; then a guest no-shows this morning and books again: her new booking."""
    copilot = world.copilot
    copilot.risk = load_model(MODELS)
    now = clock()
    template = _tomorrows(world, now)[0]
    await copilot.risk_scores([template])  # the history is read and cached
    world.spa.put_appointment(template.model_copy(update={
        "id": "ap_missed", "start_at": now - timedelta(hours=2), "end_at": now - timedelta(hours=1),
        "status": AppointmentStatus.no_show, "created_at": now - timedelta(days=10), "updated_at": now}))
    clock.advance(minutes=30)
    rebooked = template.model_copy(update={"id": "ap_rebooked", "created_at": clock(),
                                           "start_at": template.start_at + timedelta(hours=3),
                                           "end_at": template.end_at + timedelta(hours=3)})
    world.spa.put_appointment(rebooked)
    return rebooked


async def _fresh(world: SandboxWorld, appointment: Any) -> Any:
    world.copilot._history = None  # what a full read gives
    return (await world.copilot.risk_scores([appointment]))[appointment.id]


async def test_a_no_show_marked_after_the_read_is_in_the_next_score(world: SandboxWorld, clock: Any) -> None:
    world.copilot.history_recent_seconds = 0  # the few minutes have passed
    rebooked = await _no_show_then_rebooked(world, clock)
    scored = (await world.copilot.risk_scores([rebooked]))["ap_rebooked"]
    fresh = await _fresh(world, rebooked)
    assert (scored.probability, scored.reasons) == (fresh.probability, fresh.reasons)
    assert any("no-show" in reason for reason in fresh.reasons), fresh.reasons  # the no-show is what changed it
    missed = [r for r in world.copilot._history if r.appointment_id == "ap_missed"]
    assert len(missed) == 1  # read once, never twice


async def test_within_the_few_minutes_the_history_is_not_read_again(world: SandboxWorld, clock: Any) -> None:
    rebooked = await _no_show_then_rebooked(world, clock)
    calls: list[Any] = []
    platform = world.copilot.platform
    real = platform.appointment_history

    async def counted(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return await real(**kwargs)

    platform.appointment_history = counted  # type: ignore[method-assign]
    for _ in range(3):
        await world.copilot.risk_scores([rebooked])
    assert calls == []
    world.copilot.history_recent_seconds = 0
    await world.copilot.risk_scores([rebooked])
    assert len(calls) == 1 and calls[0]["end"] - calls[0]["start"] == timedelta(days=RECENT_OUTCOME_DAYS)


async def test_a_failing_reread_keeps_scoring_with_the_history_read_before(
    world: SandboxWorld, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    rebooked = await _no_show_then_rebooked(world, clock)
    world.copilot.history_recent_seconds = 0
    before = len(world.copilot._history)

    async def down(**kwargs: Any) -> Any:
        raise PlatformUnavailable("report timed out")

    real = world.copilot.platform.appointment_history
    world.copilot.platform.appointment_history = down  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING):
        scores = await world.copilot.risk_scores([rebooked])
        for _ in range(3):  # the outage goes on: said once (rev35b L3: a line every ten minutes)
            await world.copilot.risk_scores([rebooked])
    assert set(scores) == {"ap_rebooked"}
    assert len(world.copilot._history) == before
    said = [r.getMessage() for r in caplog.records if "outcomes could not be read again" in r.getMessage()]
    assert len(said) == 1, said
    world.copilot.platform.appointment_history = real  # type: ignore[method-assign]
    await world.copilot.risk_scores([rebooked])  # back: read again, and a later outage is said again
    world.copilot.platform.appointment_history = down  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING):
        await world.copilot.risk_scores([rebooked])
    assert len([r for r in caplog.records if "outcomes could not be read again" in r.getMessage()]) == 2


async def test_older_rows_stay_and_the_windows_rows_are_replaced(world: SandboxWorld, clock: Any) -> None:
    rebooked = await _no_show_then_rebooked(world, clock)
    old = list(world.copilot._history)
    world.copilot.history_recent_seconds = 0
    await world.copilot.risk_scores([rebooked])
    since = clock() - timedelta(days=RECENT_OUTCOME_DAYS)
    now_rows = world.copilot._history
    assert [r for r in now_rows if r.start_at < since] == [r for r in old if r.start_at < since]
    ids = [r.appointment_id for r in now_rows]
    assert len(ids) == len(set(ids))
    assert [r.start_at for r in now_rows] == sorted(r.start_at for r in now_rows)
