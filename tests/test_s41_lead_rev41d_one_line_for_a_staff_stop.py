"""rev41d L1: a staff stop settling an unconfirmed offer text (17886a03) whose move-on meets an outage left two
thread lines about the one opt-out, the second "since the proposal was made; nothing was sent" (false: her text
reached her, she answered it YES). The move-on after it says only who is next."""

from __future__ import annotations

import pytest

from spa_copilot.fill import outbox
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s22_yes_send_unconfirmed import _recover, _yes_kept
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_one_line_for_the_settled_text_when_the_move_on_waits(scene: Scene,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)  # the text reached her; she said YES
    real = outbox._advance_after

    async def down(*args, **kwargs):
        raise PlatformUnavailable("GET /v1/clients: ConnectError")

    monkeypatch.setattr(outbox, "_advance_after", down)  # the move on meets the outage
    shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    monkeypatch.setattr(outbox, "_advance_after", real)
    await _recover(scene, scene.copilot, state)
    thread = scene.thread_text()
    lines = [line for line in thread.splitlines() if "opted out of text messages" in line]
    assert len(lines) == 1, lines
    assert "nothing was sent" not in thread and "Next:" in thread, thread[-600:]
