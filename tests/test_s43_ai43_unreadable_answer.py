"""A model server that answers 200 with a body the client library cannot read (``"choices": []``, no ``choices``,
``"message": null``) made ``ChatOpenAI`` raise ``IndexError``/``TypeError``/``AttributeError``, which the Concierge
did not catch: no therapist at the location got the morning briefing (its cautions undelivered) and the fill was
abandoned with no card. Such an answer is now answered unusably: the offline engine's text, flagged with the error's
class, logged once without the guest's words (a cancelled call still goes back to its caller:
test_s30_ai_breaker)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import InvitationInput, build_ai
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from tests.conftest import model_settings
from tests.fill_scene import Scene


def _no_choices(out: dict[str, Any]) -> None:
    del out["choices"]


def _empty_choices(out: dict[str, Any]) -> None:
    out["choices"] = []


def _null_message(out: dict[str, Any]) -> None:
    out["choices"][0]["message"] = None


#: how the server spoils its 200 answer → the error ChatOpenAI raises reading it
BREAKS = {
    "empty_choices": (_empty_choices, "IndexError"),
    "no_choices": (_no_choices, "TypeError"),
    "null_message": (_null_message, "AttributeError"),
}


class Unreadable(LlmStub):
    """A stub whose 200 answers are spoiled by ``BREAKS[mode]``."""

    mode = "empty_choices"

    def _completion(self, body: dict[str, Any], reply: Any) -> dict[str, Any]:
        out = super()._completion(body, reply)
        BREAKS[self.mode][0](out)
        return out


@pytest.fixture(scope="module")
def unreadable_server() -> Iterator[StubServer]:
    with StubServer(Unreadable()) as running:
        yield running


def _invite() -> InvitationInput:
    return InvitationInput(
        first_name="Maya",
        service_name="Deep Tissue Massage",
        hold_minutes=10,
        starts_at=datetime(2024, 5, 14, 15, tzinfo=ZoneInfo("America/New_York")),
    )


@pytest.mark.parametrize("mode", sorted(BREAKS))
async def test_an_unreadable_answer_gives_the_offline_text_flagged_and_logged_once(
    unreadable_server: StubServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    unreadable_server.stub.mode = mode  # type: ignore[attr-defined]
    ai = build_ai(Settings(_env_file=None, **model_settings(unreadable_server.base_url)))  # type: ignore[arg-type]
    caplog.set_level(logging.DEBUG, logger="spa_copilot.ai.concierge")
    try:
        first = await ai.fill_invitation(_invite())
        second = await ai.fill_invitation(_invite().model_copy(update={"first_name": "Lena"}))
    finally:
        await ai.aclose()
    error = BREAKS[mode][1]
    for result in (first, second):
        assert result.fallback and result.engine == "offline" and not result.unanswered
        assert result.flags == [f"modelError:{error}"]
        assert "Reply YES" in result.text
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and error in warnings[0] and "answered unusably" in warnings[0], warnings
    assert not any("Maya" in r.getMessage() or "Lena" in r.getMessage() or r.exc_info for r in caplog.records)
    assert ai.health.unusable and not ai.health.unavailable


async def test_the_morning_briefing_is_still_sent(world: SandboxWorld, unreadable_server: StubServer) -> None:
    unreadable_server.stub.mode = "empty_choices"  # type: ignore[attr-defined]
    world.copilot.ai = build_ai(world.settings.model_copy(update=model_settings(unreadable_server.base_url)))
    try:
        run = await send_morning_briefings(world.copilot, "loc_soho")
    finally:
        await world.copilot.ai.aclose()
    assert "st_ana_reyes" in run.sent
    dms = [json.dumps(m.blocks) for m in world.slack.messages(world.slack_id("st_ana_reyes"))]
    assert dms and "IndexError" not in dms[0]


async def test_the_cancellation_still_gets_its_fill_card(scene: Scene, unreadable_server: StubServer) -> None:
    unreadable_server.stub.mode = "empty_choices"  # type: ignore[attr-defined]
    scene.copilot.ai = build_ai(
        scene.copilot.settings.model_copy(update=model_settings(unreadable_server.base_url)), clock=scene.copilot.clock
    )
    try:
        await scene.cancel()
        assert scene.proposal["status"] == "pending"
        assert "offline" in scene.proposal["draft_engine"]
    finally:
        await scene.copilot.ai.aclose()
