"""s50: since desk50 Ana's morning DM names her double booking across the two locations (SoHo 9:00-10:15am EST with
Wei W.; Venice 7:00-7:30am PST = 10:00-10:30am EST), but the prep DM before Wei (``prepare_appointment``) read SoHo's
book alone and said nothing of it. It now reads the other location's book as the morning run does
(``read_other_books``: only where the snapshot has her booked there, within ``OTHER_BOOKS_SECONDS``) and names the
other booking in the same words; a read that hangs leaves the mark out, and the DM goes on time."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest

from spa_copilot import briefings
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import SandboxWorld
from tests.test_s50_desk50_briefing_cross_location_clash import NY, Unanswering, _floated


def _wei(world: SandboxWorld) -> Any:
    """Ana's 9:00am EST booking at SoHo (Wei's), which her 7:00am PST booking at Venice overlaps once floated."""
    return next(
        a
        for a in world.spa.appointments.values()
        if a.location_id == "loc_soho"
        and a.is_active
        and "st_ana_reyes" in a.staff_ids
        and a.start_at.astimezone(NY).strftime("%Y-%m-%d %H:%M") == "2026-11-24 09:00"
    )


async def _prep(world: SandboxWorld, appointment_id: str) -> str:
    catalog = await world.copilot.catalog()
    soho = next(loc for loc in catalog.locations if loc.id == "loc_soho")
    await briefings.prepare_appointment(world.copilot, catalog, soho, appointment_id, now=world.copilot.clock())
    [dm] = [m for m in world.slack.messages(world.slack_id("st_ana_reyes")) if "Wei" in m.text]
    return dm.text + json.dumps(dm.blocks)


async def test_the_prep_dm_names_the_other_locations_booking_as_the_morning_dm_does(world: SandboxWorld) -> None:
    await _floated(world)
    wei = _wei(world)

    dm = await _prep(world, wei.id)
    # under the guest's lines, in the morning DM's words (the front desk alerted by the poll's conflict check)
    assert (
        "\\nCheck: Overlaps Aria's 7:00am PST booking at Juniper &amp; Salt Venice \\u2014 the front desk has been alerted"
        in dm
    ), dm
    assert dm.startswith("Coming up at 9:00am: Wei") and "Overlaps" not in dm[: dm.index("[")], (
        "the notification: who, when"
    )
    # what the "new guest details" updates compare with: the guest's digest alone, as with a clash at one site
    told = world.copilot.store.told(wei.id, "st_ana_reyes")
    catalog = await world.copilot.catalog()
    soho = next(loc for loc in catalog.locations if loc.id == "loc_soho")
    contexts = await briefings.guest_contexts(
        world.copilot, catalog, soho, [wei], now=world.copilot.clock()
    )
    context = contexts[wei.id]
    said = engine.said_digest(context.client, context.profile, wei, key=briefings._said_key(world.copilot))
    assert told is not None and told["said"] == said, told


async def test_a_hanging_other_book_leaves_the_mark_out_and_the_prep_dm_goes_promptly(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await _floated(world)
    wei = _wei(world)
    monkeypatch.setattr(briefings, "OTHER_BOOKS_SECONDS", 0.3)
    world.copilot.platform = Unanswering(world.copilot.platform, "loc_venice", hangs=True)  # type: ignore[assignment]

    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="spa_copilot.briefings"):
        dm = await _prep(world, wei.id)
    assert time.monotonic() - began < 5, "the prep DM did not wait for the hanging book"
    assert "Overlaps" not in dm, dm
    said = [r.getMessage() for r in caplog.records if "loc_venice" in r.getMessage()]
    assert len(said) == 1 and wei.id in said[0] and "Ana" not in said[0] and "Aria" not in said[0], said
