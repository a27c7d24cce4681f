"""Texting hours (``TEXT_SEND_HOURS``), reviewed adversarially: the daily cap's day when a text waits for the
morning, a text kept overnight by an outage, and the other corners the first tests did not drive.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); its cancelled appointment is at
11:00am on 24 November 2026 (16:00 UTC). Texting opens at 8:00am there (13:00 UTC) and closes at 9:00pm (02:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spa_copilot import fill
from tests.conftest import FakeClock
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EVENING = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 9:30pm on the 23rd in New York: texting has closed
OPENS = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 8:00am on the 24th in New York


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(EVENING)


def _past_offer(scene: Scene, client_id: str, at: datetime, *, status: str = "declined") -> None:
    """An earlier offer to ``client_id`` (another opening's), made at ``at`` and answered."""
    stamp = at.isoformat()
    scene.store.db.execute(
        "INSERT INTO offers (id, proposal_id, client_id, waitlist_entry_id, status, created_at, updated_at) "
        "VALUES (?, 'fp_earlier', ?, NULL, ?, ?, ?)",
        [f"of_earlier_{stamp}", client_id, status, stamp, stamp],
    )


async def _approve(scene: Scene) -> fill.FillResult:
    row = scene.proposal
    return await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)


async def test_an_evening_approval_counts_against_the_day_the_text_goes_out(scene: Scene) -> None:
    """Offered a slot at 10:00am on the 23rd (texted then, declined), then at 9:30pm approved for one whose text
    goes out at 8:00am on the 24th: one text each day, within a daily cap of 1, so the approval is kept (it was
    refused as "already offered a slot today", the 23rd's offer counted against a text sent on the 24th)."""
    await proposed(scene)
    first = scene.candidate(0)
    _past_offer(scene, first["client_id"], datetime(2026, 11, 23, 15, 0, tzinfo=UTC))  # 10:00am on the 23rd
    result = await _approve(scene)
    assert result.ok, result.note
    assert scene.proposal["status"] == "approved"
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert [m.message.client_id for m in scene.world.spa.outbox] == [first["client_id"]]


async def test_an_offer_after_texting_closed_still_caps_the_next_morning(scene: Scene) -> None:
    """The other side: an offer approved at 9:10pm on the 23rd (its text went out on the 24th) caps the guest for
    the 24th, whether the next Approve comes at 9:30pm or at 8:05am."""
    await proposed(scene)
    first = scene.candidate(0)
    _past_offer(scene, first["client_id"], datetime(2026, 11, 24, 2, 10, tzinfo=UTC))  # 9:10pm on the 23rd
    result = await _approve(scene)
    assert not result.ok and "already offered a slot today" in result.note
    scene.clock.current = OPENS + timedelta(minutes=5)
    result = await _approve(scene)
    assert not result.ok and "already offered a slot today" in result.note
    assert scene.world.spa.outbox == []
