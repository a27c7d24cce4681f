"""The expiry job re-tries every opening whose proposal was abandoned after a platform error, even when one of them
fails again: before, the first read that failed (``expiry._retry_abandoned``) returned, and every opening behind it
waited for the next run, and the next, for as long as that one kept failing, though the spa system answered for them.
Each failure is logged once (one warning naming the proposal) and left for the next run. The spa system DOWN (every
retry failed) stops the run (rev34b M3: each opening spent its five attempts in turn, run after run)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.fill import expiry
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_fill_governance import _cancel_both

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _both_abandoned(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Two cancellations found by one poll while the waitlist cannot be read: both openings kept, abandoned."""
    second = await _cancel_both(scene)
    platform = scene.copilot.platform

    async def down(*_: Any, **__: Any) -> Any:
        raise PlatformUnavailable("GET /v1/waitlist: HTTP 503 after 5 attempts", status=503)

    with monkeypatch.context() as patch:
        patch.setattr(platform, "list_waitlist", down)
        await scheduler.poll_calendar(scene.copilot)
    rows = [scene.store.fill_proposal_for(appointment_id) for appointment_id in (scene.target.id, second.id)]
    assert all(row is not None and row["status"] == "abandoned" for row in rows), rows
    return rows  # type: ignore[return-value]


async def test_one_abandoned_opening_failing_again_does_not_stop_the_others(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rows = await _both_abandoned(scene, monkeypatch)
    await scene.copilot.catalog()  # read already: the next request the spa system answers is the first opening's
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    scene.world.spa.faults.fail_next(1, status=422)  # the first re-try's first read refused (not retried)
    await fill.expire_offers(scene.copilot)
    assert scene.world.spa.faults.scripted_pending == 0
    statuses = {row["id"]: scene.store.fill_proposal(row["id"])["status"] for row in rows}
    failed = [pid for pid, status in statuses.items() if status == "abandoned"]
    assert len(failed) == 1, statuses  # the one whose read failed waits; the other got its card
    [retried] = [pid for pid in statuses if pid not in failed]
    assert scene.store.fill_proposal(retried)["ts"], statuses  # its card is posted (offers, or nobody can take it)
    waits = [r.getMessage() for r in caplog.records if "still waits for the platform" in r.getMessage()]
    assert waits == [f"fill proposal {failed[0]} still waits for the platform: PlatformRejected"], waits
    await fill.expire_offers(scene.copilot)  # the spa system answers again: the one left behind gets its card too
    left = scene.store.fill_proposal(failed[0])
    assert left["status"] != "abandoned" and left["ts"], left["status"]


async def test_the_spa_system_down_stops_the_run_after_one_openings_retries(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rows = await _both_abandoned(scene, monkeypatch)
    await scene.copilot.catalog()
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    platform = scene.copilot.platform
    scene.world.spa.faults.fail_next(1000, status=503)  # down for the whole run
    before = platform.request_count
    await fill.expire_offers(scene.copilot)
    assert platform.request_count - before <= 5  # one opening's retries, not each opening's
    waits = [r.getMessage() for r in caplog.records if "still waits for the platform" in r.getMessage()]
    assert len(waits) == 1 and "PlatformUnavailable" in waits[0], waits
    assert all(scene.store.fill_proposal(row["id"])["status"] == "abandoned" for row in rows)


async def test_an_opening_whose_own_read_keeps_failing_goes_to_the_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rev34i M3: the spa system answering for every opening but one (a 5xx on its own request alone, every retry):
    # that one, tried first run after run, stopped the run each time and the others never got a card
    rows = await _both_abandoned(scene, monkeypatch)
    first = min(rows, key=lambda row: row["created_at"])
    real = expiry.propose_fill

    async def one_keeps_failing(copilot: Any, slot: Any, *args: Any, **kwargs: Any) -> Any:
        if slot.appointment_id == first["opening"]["appointment_id"]:
            raise PlatformUnavailable("GET /v1/appointments: HTTP 500 after 5 attempts", status=500)
        return await real(copilot, slot, *args, **kwargs)

    monkeypatch.setattr(expiry, "propose_fill", one_keeps_failing)
    scene.clock.advance(minutes=1)
    await fill.expire_offers(scene.copilot)  # the first fails: the run stops
    scene.clock.advance(minutes=1)
    await fill.expire_offers(scene.copilot)  # the other is tried first now
    other = next(row for row in rows if row["id"] != first["id"])
    assert scene.store.fill_proposal(other["id"])["ts"]
    assert scene.store.fill_proposal(first["id"])["status"] == "abandoned"
