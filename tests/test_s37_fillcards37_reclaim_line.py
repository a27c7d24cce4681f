"""The in-time YES that takes back a list to call (``replies._reclaim_in_time_yes``): its thread line is posted before
the re-check, so it promises nothing the re-check may undo (the desk booked the hour by hand; the spa system down),
and the line after the re-check says what happened (rev36d L2)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill.call_list import _is_call_list
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene, proposed, sms_reply
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand

RECLAIM_LINE = (
    ":leftwards_arrow_with_hook: Christopher texted YES at 10:53am, within the hold, but it reached the copilot only "
    "after the hold had been given up. Nobody else was texted the offer, so their YES is being re-checked against the "
    "book: it is booked if the slot is still free, and this thread says which. Keep the list to call until this "
    "thread says they are booked."
)


async def _call_list(scene: Scene) -> tuple[dict[str, Any], Any]:
    await proposed(scene)
    first, _offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    assert _is_call_list(scene.proposal)
    return first, expires


def _lines(scene: Scene) -> list[str]:
    return scene.thread_text().split("\n")


async def test_booked_by_hand_then_in_time_yes_reads_re_checked_then_taken(scene: Scene) -> None:
    first, expires = await _call_list(scene)
    assert first["first_name"] == "Christopher"
    _book_by_hand(scene, first)
    scene.clock.advance(seconds=60)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    assert scene.bookings_for(first["client_id"]) == []
    lines = _lines(scene)
    assert lines[1] == RECLAIM_LINE
    assert lines[2] == (
        ":warning: Christopher replied YES but the slot is no longer free (no qualified therapist free for Swedish "
        "Massage 60). Nothing was booked for them: if Mangomint still shows the hour open, call the list as before."
    )


async def test_in_time_yes_while_the_spa_system_is_down_promises_nothing(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, expires = await _call_list(scene)
    platform = scene.copilot.platform
    for name in ("get_client", "list_waitlist", "list_appointments", "get_appointment"):
        if hasattr(platform, name):
            async def down(*a: Any, _n: str = name, **k: Any) -> Any:
                raise PlatformUnavailable(f"{_n}: 503", status=503)
            monkeypatch.setattr(platform, name, down)
    scene.clock.advance(seconds=20)
    with pytest.raises(PlatformUnavailable):  # the webhook is retried
        await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    lines = _lines(scene)
    assert lines[1] == RECLAIM_LINE
    assert "may keep calling the list" in lines[2]
