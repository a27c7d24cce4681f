"""One guest's summary raising something the AI layer did not expect (a model server's ``"choices": []`` made
ChatOpenAI raise IndexError, probe43d H1) stopped the whole morning run: no therapist at the location got a DM, their
guests' allergy lines with them. The guest now gets the offline engine's summary, said so, and every other DM
still goes; her prep summary is still written back to the spa system (rev43f: with none, its write was marked done
and never made)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.briefings import PREP_FIELD, send_morning_briefings, send_prep_briefings
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack.blocks import escape
from tests.fill_scene import Scene, proposed


def _first_summary_raises(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The AI layer raises for the first summary asked for (its appointment's id kept in the list returned)."""
    ai = world.copilot.ai
    assert ai is not None
    real = ai.briefing_summary
    failed: list[str] = []

    async def first_fails(guest: Any, **kwargs: Any) -> Any:
        if not failed:
            failed.append(kwargs["subject_id"])
            raise IndexError("list index out of range")
        return await real(guest, **kwargs)

    monkeypatch.setattr(ai, "briefing_summary", first_fails)
    return failed


async def test_a_summary_that_raises_costs_that_summary_only(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    failed = _first_summary_raises(world, monkeypatch)
    everyone = await send_morning_briefings(world.copilot, "loc_soho")
    assert failed, "a summary was asked for"
    assert everyone.error is None and not everyone.failed, everyone
    assert "st_ana_reyes" in everyone.sent and len(everyone.sent) > 1, everyone
    [appointment] = [a for a in world.spa.appointments.values() if a.id == failed[0]]
    therapist = world.slack_id(appointment.staff_ids[0])
    dm = " ".join(m.text + json.dumps(m.blocks) for m in world.slack.messages(therapist))
    first_name = world.spa.clients[appointment.client_id].first_name
    assert escape(first_name) in dm, "the guest whose summary failed is still in her therapist's DM"
    assert "(AI unavailable)" in dm, "her summary is the offline engine's, said so"


async def test_a_summary_that_raised_is_still_written_back(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    failed = _first_summary_raises(world, monkeypatch)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    await send_prep_briefings(world.copilot)
    assert failed
    appointment = world.spa.appointments[failed[0]]
    assert world.spa.clients[appointment.client_id].custom_fields.get(PREP_FIELD), "her prep summary was written"


async def test_a_fill_draft_that_raises_still_offers_the_opening(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same for a fill card's invitation: the offline text, said so on the card, not an abandoned fill."""
    ai = scene.copilot.ai
    assert ai is not None

    async def raises(*_args: Any, **_kwargs: Any) -> Any:
        raise IndexError("list index out of range")

    monkeypatch.setattr(ai, "fill_invitation", raises)
    await proposed(scene)
    assert scene.proposal["status"] not in ("abandoned",), scene.proposal
    assert "YES" in scene.proposal["draft"] and scene.proposal.get("ts"), scene.proposal
    assert "the model's draft failed" in scene.proposal["draft_engine"], scene.proposal


async def test_the_offline_engine_failing_too_costs_that_summary_only(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both the AI layer and the offline engine it falls back on raise for one guest (rev43g L): she is briefed by her
    lines alone, and the morning run still reaches everyone."""
    ai = world.copilot.ai
    assert ai is not None
    failed: list[str] = []

    async def raises(guest: Any, **kwargs: Any) -> Any:
        failed.append(kwargs["subject_id"])
        raise IndexError("list index out of range")

    def offline_raises(*_args: Any, **_kwargs: Any) -> str:
        raise IndexError("offline too")

    monkeypatch.setattr(ai, "briefing_summary", raises)
    monkeypatch.setattr("spa_copilot.briefings.offline.briefing_text", offline_raises)
    everyone = await send_morning_briefings(world.copilot, "loc_soho")
    assert failed and everyone.error is None and not everyone.failed, everyone
    assert "st_ana_reyes" in everyone.sent and len(everyone.sent) > 1, everyone
