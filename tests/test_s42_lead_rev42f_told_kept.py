"""s42 lead, after rev42f H: a stop while a prep DM is on its way (Slack took it, its answer never came, the process
stopped before the DM was checked against the snapshot); the booking did not change. The next prep check's kept
updates found the watch and recorded the DM as sent without what it told (``_remember_told``), so an allergy added to
the guest's record afterwards was never told to the therapist ("has new guest details"). A prep DM cut off on its way
is now settled there only for a booking changed since; an unchanged one is left to the prep check's own retry, which
finds the post and keeps what it told."""

from __future__ import annotations

import pytest

from spa_copilot import briefings
from spa_copilot.domain import HealthHistory
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.test_s42_race42_prep_races import _due_booking, _next_checks, _prepare


async def test_stop_mid_prep_dm_then_allergy_added_is_told(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, therapist, before = await _due_booking(world, clock)
    real = briefings._send_claimed
    hit = []

    async def send_then_stop(copilot, claim, source, user_id, message, *, claimed_at):
        if not hit and claim.startswith(f"prep:{target.id}:"):
            hit.append(True)
            world.slack.lose_answer_next(1)
            await real(copilot, claim, source, user_id, message, claimed_at=claimed_at)
            raise RuntimeError("stopped")  # the process dies with the DM in Slack, its answer lost
        return await real(copilot, claim, source, user_id, message, claimed_at=claimed_at)

    monkeypatch.setattr(briefings, "_send_claimed", send_then_stop)
    copilot = world.copilot
    await _prepare(world, clock, target, stops=True)
    assert hit
    monkeypatch.setattr(briefings, "_send_claimed", real)
    await _next_checks(world, clock, checks=3)
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    assert len([t for t in dms if "coming up" in t.lower()]) == 1, dms
    staff = target.staff_ids[0]
    assert copilot.store.told(target.id, staff) is not None  # what the DM told, kept for later changes
    guest = target.client_id
    world.spa.clients[guest] = world.spa.clients[guest].model_copy(
        update={"health_history": HealthHistory(pregnant=True, allergies=["latex"])}
    )
    await _next_checks(world, clock, checks=2)
    await briefings.recheck_guest_details(copilot, now=clock(), catalog=await copilot.catalog())
    dms = [m.text for m in world.slack.messages(therapist)][before:]
    assert any("new guest details" in t for t in dms), dms
