"""No text promises a guest a hold the copilot will not honour: an Approve within texting hours for a slot starting
before the text's hold would end sends nothing and closes the card, as one outside texting hours does (a YES after
the slot started books nothing, so "It's held for you for 10 minutes" three minutes before 11:00am was a promise
broken). A slot with the whole hold before it is texted as ever.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York), at 9:00am there: texting hours."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import demo_fill, fill
from spa_copilot.sandbox.world import SandboxWorld
from tests.fill_scene import Scene, proposed
from tests.texting_hours import approve, approved_while_sends_fail, card_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_an_approve_too_late_for_the_hold_within_texting_hours_sends_nothing_and_closes(scene: Scene) -> None:
    await proposed(scene)
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=3)
    result = await approve(scene)
    assert not result.ok, "a text promising a 10-minute hold went out 3 minutes before the slot"
    assert result.note.startswith("Not sent: too late for this ") and "(a 10-minute hold must end before it starts)" in result.note
    assert scene.sent() == []
    row = scene.proposal
    assert row["status"] == "expired" and row["decided_by"] == scene.world.manager_id
    card = card_text(scene)
    assert f":no_entry_sign: Not sent (Approve clicked by <@{scene.world.manager_id}>" in card
    assert "Call the guest if you want to offer it." in card and "Expired" not in card
    assert not [b for b in scene.card.blocks if b.get("type") == "actions"]  # no buttons left
    assert scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0)) is None  # no offer, nothing counted to the cap


async def test_a_slot_with_the_whole_hold_before_it_is_texted(scene: Scene) -> None:
    await proposed(scene)
    scene.clock.current = scene.target.start_at - timedelta(minutes=scene.copilot.settings.offer_hold_minutes)
    assert (await approve(scene)).ok
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"


async def test_the_demo_picks_no_opening_its_approve_would_refuse(world: SandboxWorld) -> None:
    """The demo's fill act cancels a booking whose offer can hold the slot for the whole hold (a longer
    OFFER_HOLD_MINUTES than the 30 minutes' lead it asked for used to end its act in "Not sent")."""
    world.settings = world.settings.model_copy(update={"offer_hold_minutes": 240})
    now = world.spa.now()
    one_therapist = {s.id for s in world.data.services if s.staff_count == 1}
    soon = [a for a in world.spa.appointments.values() if a.is_active and now + timedelta(minutes=30) < a.start_at
            < now + timedelta(minutes=240) and len(a.services) == 1 and a.services[0].service_id in one_therapist]
    assert soon, "the scene has no booking starting within the hold"
    assert all(a.start_at >= now + timedelta(minutes=240) for a in demo_fill._fillable(world))


async def test_a_text_an_outage_held_up_until_too_late_for_its_hold_is_not_sent(scene: Scene) -> None:
    """Approved with the whole hold before the slot, the spa system down at the send: the re-drive at 10:55am for the
    11:00am slot sends nothing (its text would promise a hold past the start) and the card says why."""
    start = scene.target.start_at
    await approved_while_sends_fail(scene, start - timedelta(minutes=20))
    assert scene.sent() == []
    scene.clock.current = start - timedelta(minutes=5)
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == [], "a text promising a 10-minute hold went out 5 minutes before the slot"
    row = scene.proposal
    assert row["status"] == "failed"
    assert row["reason"].startswith("nothing was sent when the spa system answered again: the ")
    assert row["reason"].endswith(" slot starts before a 10-minute hold would end")


async def test_a_text_the_outage_held_up_briefly_still_goes_out(scene: Scene) -> None:
    start = scene.target.start_at
    await approved_while_sends_fail(scene, start - timedelta(minutes=20))
    assert scene.sent() == []
    scene.clock.current = start - timedelta(minutes=10)
    await fill.redrive_outbox(scene.copilot)
    assert len(scene.sent()) == 1 and scene.proposal["status"] == "sent"
