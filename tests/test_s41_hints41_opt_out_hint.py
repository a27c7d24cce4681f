"""rev41a: the thread's line quoting a guest's "No" that reached her offer after its hold was given up
(``NO_AFTER_HOLD_TEXT``), or after her YES was booked (``NO_AFTER_YES_TEXT``), ends with how the staff record an
opt-out the reader missed ("If they asked not to be texted: /spa texts <id> stop."), as the latest offer's quoted NO
does; not when her reply was read as an opt-out already (there is nothing left to record)."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot.fill.replies import NO_AFTER_HOLD_TEXT, NO_AFTER_YES_TEXT
from spa_copilot.slack.texts import OPT_OUT_HINT
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _line_with(scene: Scene, start: str) -> str:
    """The thread's one line that begins with ``start``."""
    lines = [line for line in scene.thread_text().splitlines() if line.startswith(start)]
    assert len(lines) == 1, scene.thread_text()[-1200:]
    return lines[0]


async def _hold_given_up(scene: Scene) -> dict[str, Any]:
    await proposed(scene)
    first, offer, _ = await scene.first_hold_given_up()
    assert scene.store.fill_offer(offer["id"])["status"] == "expired"
    return first


async def _booked(scene: Scene) -> dict[str, Any]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] == "booked")
    return first


async def test_a_no_after_the_hold_says_how_to_record_an_opt_out(scene: Scene) -> None:
    first = await _hold_given_up(scene)
    hint = " " + OPT_OUT_HINT.format(client_id=first["client_id"]).replace("`", "")  # as the thread shows it
    await scene.reply(first["client_id"], "No thanks, not this week")
    line = _line_with(scene, f"{first['first_name']} replied “No thanks")
    assert NO_AFTER_HOLD_TEXT.split("{body}")[1] in line
    assert line.endswith(hint), line
    # a second "No" read as her opt-out: nothing left for the staff to record, no hint
    await scene.reply(first["client_id"], "Stop. I'm not in the area anymore")
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert _line_with(scene, f"{first['first_name']} replied “Stop.").endswith(NO_AFTER_HOLD_TEXT.split("{body}")[1])


async def test_a_no_after_a_yes_says_how_to_record_an_opt_out(scene: Scene) -> None:
    first = await _booked(scene)
    hint = " " + OPT_OUT_HINT.format(client_id=first["client_id"]).replace("`", "")  # as the thread shows it
    said = NO_AFTER_YES_TEXT.split("{first_name}")[0] + first["first_name"]
    await scene.reply(first["client_id"], "No sorry, I can't come after all")
    line = _line_with(scene, said + " replied YES and was booked, then wrote: “No sorry")
    assert line.endswith(hint), line
    await scene.reply(first["client_id"], "Stop. I'm not in the area anymore")
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert not _line_with(scene, said + " replied YES and was booked, then wrote: “Stop.").endswith(hint)
