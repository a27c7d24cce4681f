"""A process restarted during a spa-system outage, before the outage was said, said it in UTC with raw location ids
("failing since 3:00pm UTC (loc_soho, loc_venice)" for a New York/LA spa at 10:00am EST), while its recovery said
"10:00am EST (Juniper & Salt SoHo) / 7:00am PST (...)": the locations as last read were kept in memory only. They
are kept in the store now (``known_locations``), and the outage note speaks in their zones and names (probe45f)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from spa_copilot.copilot import build_copilot
from spa_copilot.sandbox.world import sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.store import Store
from tests.conftest import FakeClock, migrated_store
from tests.test_soak_days import DAY1, NY, START, STEP, Driver, Soak, at, three_day_spa

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_an_outage_said_after_a_restart_names_locations_in_their_own_zone(
    tmp_path: Path, settings: Settings
) -> None:
    settings = settings.model_copy(update={"poll_seconds": int(STEP.total_seconds())})
    clock = FakeClock(START)
    store = migrated_store(tmp_path / "soak.db")
    async with sandbox_world(settings, data=three_day_spa(), clock=clock, store=store) as world:
        soak = Soak(world, Driver(world, clock))
        d = soak.driver
        d.start()
        d.step = timedelta(minutes=30)  # the night in longer steps: the scene is the morning's outage
        await d.run_until(at(NY, DAY1, "09:00"))
        d.step = STEP
        await d.run_until(at(NY, DAY1, "09:58"))
        world.spa.faults.fail_next(1_000_000)  # the spa system goes down at 09:58 New York time
        await d.run_until(at(NY, DAY1, "10:02"))  # one failing poll (10:00): nothing said yet, rightly
        # the process restarts (deploy, crash) while the spa system is still down
        store2 = Store.open(tmp_path / "soak.db")
        world.copilot = build_copilot(
            world.settings,
            platform=world.platform,
            store=store2,
            slack_client=world.copilot.slack,
            clock=clock,
            ai=world.copilot.ai,
        )
        soak.driver = d = Driver(world, clock)
        d.start()
        await d.run_until(at(NY, DAY1, "10:20"))
        world.spa.faults.clear_scripted()
        await d.run_until(at(NY, DAY1, "10:40"))
        ops = [m.text for m in world.slack.messages(world.settings.ops_channel) if "Calendar sync" in m.text]
        store2.close()
    store.close()
    assert len(ops) == 2, ops
    failing, back = ops
    assert "UTC" not in failing and "loc_soho" not in failing, ops  # "since 3:00pm UTC (loc_soho, loc_venice)"
    assert "10:00am EST" in failing and "Juniper &amp; Salt SoHo" in failing, ops
