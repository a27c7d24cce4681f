"""s46 (probe46a HIGH): the digest of what a prep DM said of the guest holds each caution as the DM states it, how
grave included ("SEVERE latex allergy: …"), so notes making an allergy grave (or no longer) after the DM are told. A
``prep_told`` row kept by the rule before it (``engine.SAID_KEYED_V1``: the names alone) is measured by that rule: the
new rule alone sends no therapist an update; a real change since is told once."""

from __future__ import annotations

from spa_copilot.briefings import _profile, _said_key
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import SandboxWorld

from .conftest import FakeClock
from .test_s29_briefing_updates import checks, dms, prepped_at_12_50

MILD = "Latex allergy - nitrile gloves only."
SEVERE = "SEVERE latex allergy - anaphylaxis, carries EpiPen. Nitrile gloves only."


async def _digests(world: SandboxWorld, clock: FakeClock, notes: str) -> tuple[str, str]:
    """``said_digest`` and ``said_digest_v1`` of Adeline's booking with ``notes`` as her notes."""
    ap = world.spa.appointments["ap_p06"]
    guest = world.spa.clients[ap.client_id].model_copy(update={"notes": notes, "alerts": []})
    profile = await _profile(world.copilot, guest, today=clock().date())
    key = _said_key(world.copilot)
    return (engine.said_digest(guest, profile, ap, key=key), engine.said_digest_v1(guest, profile, ap, key=key))


async def test_the_digest_holds_how_grave_an_allergy_is_which_the_names_alone_did_not(
    world: SandboxWorld, clock: FakeClock
) -> None:
    mild, mild_v1 = await _digests(world, clock, MILD)
    severe, severe_v1 = await _digests(world, clock, SEVERE)
    assert mild.startswith(engine.SAID_KEYED) and mild_v1.startswith(engine.SAID_KEYED_V1)
    assert mild != severe
    assert mild_v1 == severe_v1  # the rule before s46: the same name, the same digest (the probe's miss)


async def _with_a_v1_row(world: SandboxWorld, clock: FakeClock, *, notes_after: str | None):  # noqa: ANN202
    """Ana prepped at 12:50 about Adeline (latex allergy), her told row then put back as the rule before s46 kept it
    (``said_digest_v1``); at 12:55 the booking changes (its version), and Adeline's notes to ``notes_after``."""
    ap = world.spa.appointments["ap_p06"]
    guest = world.spa.clients[ap.client_id]
    world.spa.clients[guest.id] = guest.model_copy(update={"notes": MILD, "alerts": []})
    local = await prepped_at_12_50(world, clock)
    ana = ap.staff_ids[0]
    store = world.copilot.store
    told = engine.ToldPart.from_record(store.told(ap.id, ana))
    assert told is not None and told.said.startswith(engine.SAID_KEYED)
    guest = world.spa.clients[ap.client_id]
    profile = await _profile(world.copilot, guest, today=clock().date())
    v1 = engine.said_digest_v1(guest, profile, ap, key=_said_key(world.copilot))
    store.remember_told(ap.id, ana, {**store.told(ap.id, ana), "said": v1}, at=clock())
    n0 = len(dms(world, ana))
    clock.current = local(12, 55)
    if notes_after is not None:
        world.spa.clients[guest.id] = guest.model_copy(update={"notes": notes_after})
    world.spa.put_appointment(ap.model_copy(update={"version": ap.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [56, 58])
    return dms(world, ana)[n0:], engine.ToldPart.from_record(store.told(ap.id, ana))


async def test_a_row_of_the_rule_before_saying_the_same_is_digested_again_without_an_update(
    world: SandboxWorld, clock: FakeClock
) -> None:
    sent, told = await _with_a_v1_row(world, clock, notes_after=None)
    assert sent == []
    assert told is not None and told.said.startswith(engine.SAID_KEYED)


async def test_a_row_of_the_rule_before_that_differs_is_told_once(world: SandboxWorld, clock: FakeClock) -> None:
    sent, told = await _with_a_v1_row(world, clock, notes_after=f"{MILD} Pregnant, 24 weeks.")
    [update] = sent
    assert "has new guest details" in update and "regnan" in update
    assert told is not None and told.said.startswith(engine.SAID_KEYED)
