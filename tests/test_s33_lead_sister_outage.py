"""A cancelled hour gets its card while the sister location cannot be read (5 December, a review of 3079d78).

Since 3079d78 a proposal also reads the freed therapist's day at the sister location (a therapist visiting from
there may have been booked at home over the freed hour). When that read failed, the whole proposal failed though
the location's own book read fine: the opening was kept as an "abandoned" row nobody sees, retried behind every
other, and ``/spa fill`` said the spa system was not answering. Now the card is drawn from the location's own book;
Approve's re-check reads the sister location again before any text goes."""

from __future__ import annotations

import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_the_card_is_drawn_while_the_sister_location_is_down(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    spa, target = scene.world.spa, scene.target
    sister = next(loc.id for loc in scene.world.data.locations if loc.id != target.location_id)
    visitor = next(
        s.id for s in sorted(spa.staff.values(), key=lambda s: s.id)
        if s.location_id == sister and s.active and s.role == "therapist"
        and not any(a.is_active and a.start_at < target.end_at and target.start_at < a.end_at
                    and any(line.staff_id == s.id for line in a.services) for a in spa.appointments.values())
    )
    await scene.restaff(visitor)

    real = scene.copilot.platform.list_appointments
    sister_reads: list[str] = []

    async def sister_down(*args: object, **kwargs: object) -> object:
        if kwargs.get("location_id") == sister:
            sister_reads.append(sister)
            raise PlatformUnavailable("list_appointments: HTTP 503", status=503)
        return await real(*args, **kwargs)

    monkeypatch.setattr(scene.copilot.platform, "list_appointments", sister_down)
    await scene.cancel()
    row = scene.store.fill_proposal_claimed(scene.claim)
    assert sister_reads, "the visitor's home location was asked"
    assert row is not None and row["status"] == "pending", row and row["status"]
    assert row["candidates"], "a card with guests to offer the hour"
