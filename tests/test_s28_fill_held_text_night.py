"""A text that waited for texting hours is never sent unchecked (review rev28a, HIGH 1).

Approved at 4:15am, the text waits for 8:00am; at 8:00am the slot is re-checked before it goes. Before, a re-check
that could not reach the spa system let the text go out unchecked; now it is kept (said once in the thread) and
goes once the re-check answers and the slot is still free.
"""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill.outbox import NOT_SENT_YET_TEXT
from spa_copilot.platform.errors import PlatformUnavailable
from tests.conftest import FakeClock
from tests.fill_scene import Scene
from tests.texting_hours import NIGHT, OPENS, approved_at_night

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


async def test_a_re_check_out_of_reach_at_the_opening_keeps_the_text(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = await approved_at_night(scene)
    real = scene.copilot.platform.list_waitlist
    state = {"down": True}

    async def waitlist(*args: Any, **kwargs: Any) -> Any:
        if state["down"]:
            raise PlatformUnavailable("GET /v1/waitlist: HTTP 503 after 5 attempts", status=503)
        return await real(*args, **kwargs)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", waitlist)
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 0
    scene.clock.advance(minutes=1)
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.sent() == [] and scene.proposal["status"] == "approved"
    assert scene.thread_text().count(NOT_SENT_YET_TEXT) == 1, scene.thread_text()
    state["down"] = False
    scene.clock.advance(minutes=1)
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert [s["clientId"] for s in scene.sent()] == [row["candidates"][0]["client_id"]]
    assert scene.proposal["status"] == "sent"
    scene.clock.advance(minutes=1)
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert len(scene.sent()) == 1
