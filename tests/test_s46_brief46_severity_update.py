"""HIGH: the guest's notes change how grave an allergy is after the prep DM; the copilot now reads it otherwise
(its `/spa brief` preview says so) but the therapist gets no "has new guest details" update: said_digest digests the
allergy NAMES only (safety_names), not their severity."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.sandbox.world import sandbox_world
from spa_copilot.slack.retry import RetryAfterHandler
from tests.conftest import FakeClock, migrated_store
from tests.test_soak_days import DAY1, NY, SOHO, START, STEP, Driver, Soak, at, dms, three_day_spa

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
async def day(tmp_path: Path, settings) -> Any:
    settings = settings.model_copy(update={"poll_seconds": int(STEP.total_seconds())})
    clock = FakeClock(START)
    store = migrated_store(tmp_path / "p.db")
    async with sandbox_world(settings, data=three_day_spa(), clock=clock, store=store) as world:
        for h in world.copilot.slack.retry_handlers:
            if isinstance(h, RetryAfterHandler):
                h._sleep = lambda _s: asyncio.sleep(0)
        soak = Soak(world, Driver(world, clock))
        soak.driver.start()
        yield soak
    store.close()


CASES = {
    "now_severe": (
        "Latex allergy - nitrile gloves only.",
        "SEVERE latex allergy - anaphylaxis, carries EpiPen. Nitrile gloves only.",
        "SEVERE latex",
    ),
    "now_anaphylaxis": (
        "Latex allergy - nitrile gloves only.",
        "Latex allergy - went into anaphylaxis last time, carries epi pen! Nitrile gloves only.",
        "SEVERE latex",
    ),
    "now_mild": (
        "Severe latex allergy - nitrile gloves only.",
        "Mild latex sensitivity, not an allergy.",
        "latex allergy",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_allergy_severity_changed_after_the_prep_dm_is_told(day, case):
    before, after, expected = CASES[case]
    soak, world, spa = day, day.world, day.spa
    await soak.driver.run_until(at(NY, DAY1, "08:00"))
    appt = soak.pick(SOHO, DAY1, "11:30", "13:00")
    client = spa.clients[appt.client_id]
    spa.clients[client.id] = client.model_copy(update={"notes": before})
    await soak.driver.run_until(at(NY, DAY1, "11:25"))  # its prep DM went (09:30)
    sid = appt.services[0].staff_id
    assert any(m.text.startswith("Coming up") and client.first_name in m.text for m in dms(world, sid))
    spa.clients[client.id] = spa.clients[client.id].model_copy(update={"notes": after})
    await soak.driver.run_until(at(NY, DAY1, "11:45"))  # four prep checks; the booking runs to 12:15
    updates = [
        m.text + "\n" + str(m.blocks)
        for m in dms(world, sid)
        if m.text.startswith("Update") and client.first_name in m.text
    ]
    assert updates, f"{sid} still holds the old severity: no update after the notes went from {before!r} to {after!r}"
    assert expected in updates[-1]
