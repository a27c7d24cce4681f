"""The prep check says an outage of the spa system once, not once per appointment at every check (review 29, item
5), and its end once."""

from __future__ import annotations

import logging

import pytest

from spa_copilot import briefings, scheduler
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock


def said(caplog: pytest.LogCaptureFixture, words: str, level: int = logging.WARNING) -> list[str]:
    return [
        r.getMessage() for r in caplog.records
        if r.name == "spa_copilot.briefings" and r.levelno == level and words in r.getMessage()
    ]


async def test_an_outage_is_one_warning_from_the_prep_check_and_its_end_one_line(
    world: SandboxWorld, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    copilot = world.copilot
    await scheduler.poll_calendar(copilot)
    copilot.catalog_ttl_seconds = 3600  # the catalogue as read: the appointments' reads meet the outage
    await world.admin("POST", "/sandbox/faults", json={"errorRate": 1.0})
    caplog.set_level(logging.DEBUG, logger="spa_copilot.briefings")
    for _ in range(3):
        clock.advance(minutes=5)
        await briefings.send_prep_briefings(copilot)
    assert said(caplog, "postponed") == [
        "prep briefings postponed: the spa system does not answer (PlatformUnavailable); each is tried again at the "
        "next check"
    ]
    assert len(said(caplog, "postponed", logging.DEBUG)) >= 3, "appointments were due and postponed"
    await world.admin("POST", "/sandbox/faults", json={"errorRate": 0.0})
    for _ in range(2):
        clock.advance(minutes=5)
        await briefings.send_prep_briefings(copilot)
    assert said(caplog, "answers again", logging.INFO) == ["prep briefings: the spa system answers again"]
