"""A guest's first name that is also a scent word (review rev33a, M2): Jasmine's "Jasmine prefers firm pressure" was
briefed "Scent: jasmine", and "Jasmine is allergic to nuts" added an essential oils allergy."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.sandbox.world import SandboxWorld

from .conftest import DAY

TODAY = date(2026, 11, 24)


def read(note: str, names: list[str] = ()) -> dict[str, list[tuple[str, str]]]:  # type: ignore[assignment]
    profile = extract_profile_offline(note, today=TODAY, names=names)
    return {field: [(e.value, e.evidence) for e in getattr(profile, field)]
            for field in ("allergies", "scent", "pressure", "communication_style") if getattr(profile, field)}


def test_the_guests_own_name_is_no_scent_and_the_evidence_keeps_it() -> None:
    assert read("Jasmine prefers firm pressure", ["Jasmine"]) == {"pressure": [("firm", "Jasmine prefers firm pressure")]}
    assert read("Jasmine is allergic to nuts", ["Jasmine"]) == {"allergies": [("nutOil", "Jasmine is allergic to nuts")]}
    # her name where it is the scent, or lower case, is still read
    assert read("Jasmine oil please", ["Jasmine"])["scent"] == [("jasmine", "Jasmine oil please")]
    assert read("Lavender is fine. Loves jasmine", ["Jasmine"])["scent"] == [
        ("lavender", "Lavender is fine"), ("jasmine", "Loves jasmine")]


@pytest.mark.parametrize("note", ["Ginger hates small talk", "Lavender hates small talk", "Rose prefers firm pressure",
                                  "Jasmine is allergic to nuts"])
def test_a_scent_word_that_opens_a_sentence_before_a_persons_verb_is_a_name(note: str) -> None:
    found = read(note)
    assert "scent" not in found
    assert all(value != "essentialOils" for value, _ in found.get("allergies", []))


async def test_the_morning_dm_does_not_brief_jasmine_a_jasmine_scent(world: SandboxWorld) -> None:
    booked = [a for a in world.spa.appointments.values()
              if a.is_active and "st_ana_reyes" in a.staff_ids and a.start_at.date() == DAY]
    assert booked
    client = world.spa.clients[booked[0].client_id]
    client.first_name, client.notes = "Jasmine", "Jasmine - firm pressure, nut allergy"  # her name, no verb after it
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = [m.text + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id("st_ana_reyes"))]
    assert "Pressure: firm" in dm and "nut" in dm.lower()
    assert "Scent: jasmine" not in dm and "essential oils" not in dm.lower()
