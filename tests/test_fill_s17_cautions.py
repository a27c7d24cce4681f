"""The fill never offers a guest, by text, a service her own cautions rule out (``engines.cautions``, the rule the day
book and the therapist's briefing already follow): it offers another of the services she waits for that fits the
slot, or leaves her off the card's candidates, and nothing on the card (seen in a channel) or in the audit says her
condition. Through the real flow: the scene (``tests/fill_scene.py``) cancels a Swedish Massage 60; its freed
therapist can also give an Aromatherapy Massage 60 (contraindicated in pregnancy) or a Reflexology 30.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.domain import Alert, HealthHistory
from spa_copilot.engines.cautions import guest_ruled_out
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

AROMATHERAPY = "sv_aromatherapy_60"  # contraindications: pregnancy, fragrance sensitivity
REFLEXOLOGY = "sv_reflexology_30"  # none


def _longest_waiting(scene: Scene, service_ids: list[str], **client: Any) -> str:
    """The scene's longest-waiting guest now waits for ``service_ids``, her record changed by ``client``; her id."""
    spa = scene.world.spa
    entry = spa.waitlist[scene.entries[0]]
    spa.waitlist[entry.id] = entry.model_copy(update={"service_ids": service_ids})
    spa.clients[entry.client_id] = spa.clients[entry.client_id].model_copy(update=client)
    return entry.client_id


def _candidate_of(scene: Scene, client_id: str) -> dict[str, Any]:
    return next(c for c in scene.proposal["candidates"] if c["client_id"] == client_id)


def _proposed_audit(scene: Scene) -> dict[str, Any]:
    return scene.store.recent_audit(5, action_prefix="fill.proposed")[0].details


async def test_a_wanted_service_her_cautions_rule_out_is_not_offered_another_one_she_wants_is(scene: Scene) -> None:
    guest = _longest_waiting(scene, [AROMATHERAPY, REFLEXOLOGY], notes="pregnant 24wks - side-lying only")
    await proposed(scene)
    assert _candidate_of(scene, guest)["service_id"] == REFLEXOLOGY, "offered a service her own notes rule out"
    card = scene.card_text()
    assert "Reflexology 30" in card and "Aromatherapy" not in card and "pregnan" not in card.lower()
    # her turn: the text drafted for her offers the service she may have
    while (index := scene.proposal["current_index"]) < len(scene.proposal["candidates"]) - 1 \
            and scene.candidate(index)["client_id"] != guest:
        await scene.click(ids.NEXT_CANDIDATE)
        await eventually(lambda index=index: scene.proposal["current_index"] == index + 1
                         and f"|{scene.proposal['revision']}\"" in scene.card_text())  # the card redrawn
    assert scene.candidate(scene.proposal["current_index"])["client_id"] == guest
    assert "Reflexology 30" in scene.proposal["draft"] and "Aromatherapy" not in scene.proposal["draft"]


@pytest.mark.parametrize(
    "record",
    [
        {"notes": "34 weeks pregnant, prenatal only"},  # her notes, read by the offline lexicon
        {"health_history": HealthHistory(pregnant=True)},  # her intake form
        {"alerts": [Alert(text="Pregnant - no aromatherapy oils", severity="warning")]},  # the spa's alert on her
    ],
    ids=["notes", "intake", "alert"],
)
async def test_a_guest_whose_cautions_rule_out_every_service_that_fits_is_not_texted(
    scene: Scene, record: dict[str, Any]
) -> None:
    guest = _longest_waiting(scene, [AROMATHERAPY], **record)
    await proposed(scene)
    candidates = scene.proposal["candidates"]
    assert candidates and guest not in [c["client_id"] for c in candidates]
    assert "Aromatherapy" not in scene.card_text() and "Aromatherapy" not in (scene.proposal["draft"] or "")
    # the audit keeps why, by the service only: the guest's condition is not written down again
    why = _proposed_audit(scene)["excluded"][scene.entries[0]]
    assert why == "their cautions rule out Aromatherapy Massage 60"
    assert "pregnan" not in json.dumps(_proposed_audit(scene)).lower()


async def test_cautions_that_do_not_touch_the_service_change_nothing(scene: Scene) -> None:
    guest = _longest_waiting(scene, [AROMATHERAPY, REFLEXOLOGY], notes="bad knee; loves lavender; prefers quiet")
    await proposed(scene)
    assert _candidate_of(scene, guest)["service_id"] == AROMATHERAPY


async def test_the_waitlist_reading_is_the_day_books(scene: Scene) -> None:
    # the same cautions the day book reads before a booking (notes, intake, alerts), for services not yet booked
    services = {s.id: s for s in scene.world.data.services}
    client = scene.world.spa.clients[scene.world.spa.waitlist[scene.entries[0]].client_id]
    wanted = [services[AROMATHERAPY], services[REFLEXOLOGY]]
    pregnant = client.model_copy(update={"notes": "pregnant 24wks"})
    found = guest_ruled_out(wanted, pregnant, today=scene.target.start_at.date())
    assert [(r.service_id, r.hits) for r in found] == [(AROMATHERAPY, ("pregnancy",))]
    assert guest_ruled_out(wanted, client.model_copy(update={"notes": "", "alerts": [], "health_history": HealthHistory()}),
                           today=scene.target.start_at.date()) == []
