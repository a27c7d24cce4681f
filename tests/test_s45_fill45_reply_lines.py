"""Two thread lines that said less than the truth (probe45b LOW): a waitlist entry moved to the sister location was
"removed", and a bare STOP after a booking was said twice (a quote, then the STOP line)."""

from __future__ import annotations

import asyncio

import pytest

from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_yes_whose_entry_moved_to_the_sister_location_says_moved_and_where(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    spa = scene.world.spa
    other = next(location for location in scene.world.data.locations if location.id != scene.target.location_id)
    spa.waitlist[first["entry_id"]] = spa.waitlist[first["entry_id"]].model_copy(update={"location_id": other.id})
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "replied YES within the hold" in scene.thread_text(), timeout=5)
    thread = scene.thread_text()
    assert "was removed" not in thread, thread
    assert f"waitlist entry was moved to {other.name}" in thread.replace("&amp;", "&"), thread


@pytest.mark.parametrize("body", ["STOP", "stop.", "Stop!"])
async def test_a_bare_stop_after_a_booking_is_one_thread_line(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked", timeout=5)
    before = scene.thread_text().splitlines()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: "replied STOP" in scene.thread_text(), timeout=5)
    await asyncio.sleep(0.2)
    new = scene.thread_text().splitlines()[len(before) :]
    assert len(new) == 1 and "replied STOP" in new[0], new


async def test_a_bare_stop_is_not_quoted_but_a_bare_cancel_after_it_still_is(scene: Scene) -> None:
    """A "Cancel" may be about the booking, and the STOP line names STOP: her own word is still quoted."""
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked", timeout=5)
    await scene.reply(first["client_id"], "STOP")
    await eventually(lambda: "replied STOP" in scene.thread_text(), timeout=5)
    await scene.reply(first["client_id"], "Cancel")
    await eventually(lambda: "“Cancel”" in scene.thread_text(), timeout=5)
    assert "“STOP”" not in scene.thread_text(), scene.thread_text()


async def test_an_entry_gone_whose_whereabouts_could_not_be_read_is_not_said_removed(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moved to the sister location, the read of every location's waitlist failing: "left this location's waitlist",
    never "was removed" (rev45a L6)."""
    from spa_copilot.platform.errors import PlatformUnavailable

    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    spa = scene.world.spa
    other = next(location for location in scene.world.data.locations if location.id != scene.target.location_id)
    spa.waitlist[first["entry_id"]] = spa.waitlist[first["entry_id"]].model_copy(update={"location_id": other.id})
    real = scene.copilot.platform.list_waitlist

    async def listing(*args, **kwargs):
        if kwargs.get("location_id") is None:
            raise PlatformUnavailable("waitlist: HTTP 503", status=503)
        return await real(*args, **kwargs)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", listing)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "replied YES within the hold" in scene.thread_text(), timeout=5)
    assert "their waitlist entry left this location's waitlist" in scene.thread_text(), scene.thread_text()
    assert "was removed" not in scene.thread_text()
