"""A cancelled hour whose therapist the desk has booked at the sister location since (a therapist visiting SoHo booked
at home in Venice, or a SoHo therapist who floats booked in Venice) is not an opening: ``/spa fill`` says so and posts
no card, as Approve's re-check would refuse the text (``recheck._therapists_booked_elsewhere``). Before, only SoHo's own book was
read, and a card was drawn for an hour its therapist cannot work."""

from __future__ import annotations

import json

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _at_venice(world, cancelled, staff_id, *, new_id):
    """``staff_id`` booked at Venice over the cancelled booking's hour, for another guest, made now."""
    now = world.copilot.now()
    room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    line = cancelled.services[0].model_copy(update={"id": f"sl_{new_id}", "staff_id": staff_id, "resource_ids": [room.id]})
    booking = cancelled.model_copy(update={
        "id": new_id, "location_id": "loc_venice", "client_id": "cl_0001", "status": AppointmentStatus.confirmed,
        "cancellation": None, "created_at": now, "updated_at": now, "version": 1, "services": [line]})
    world.spa.put_appointment(booking)
    return booking


def _no_card(world, appointment_id):
    assert world.copilot.store.fill_proposal_for(appointment_id) is None
    cards = json.dumps([m.blocks for m in world.slack.messages("front-desk")], ensure_ascii=False)
    assert "Fill the 11:15am" not in cards


async def test_a_visiting_therapist_booked_at_home_over_the_freed_hour_leaves_no_opening(world):
    spa = world.spa
    cancelled = spa.appointments["ap_b0044"]  # cancelled Wed 11:15am at SoHo, Aromatherapy 60
    # Kai, of Venice, was the one visiting SoHo for it
    visiting = cancelled.model_copy(update={
        "services": [cancelled.services[0].model_copy(update={"staff_id": "st_kai_nakamura"})]})
    spa.put_appointment(visiting)
    _at_venice(world, visiting, "st_kai_nakamura", new_id="ap_kai_home")
    answer = shown(await slash(world, "fill ap_b0044"))
    assert "ap_b0044's hour has been booked again" in answer, answer
    # the sister location named, the desk's time labelled with its zone (s34, fill34)
    assert "Kai has appointment ap_kai_home at Juniper &amp; Salt Venice at 11:15am EST)" in answer, answer
    _no_card(world, "ap_b0044")


async def test_a_floating_therapist_booked_at_the_sister_over_the_freed_hour_leaves_no_opening(world):
    spa = world.spa
    cancelled = spa.appointments["ap_b0044"]  # Owen's, of SoHo
    _at_venice(world, cancelled, "st_owen_gallagher", new_id="ap_owen_venice")
    await scheduler.poll_calendar(world.copilot)  # the snapshot has Owen at Venice that day
    answer = shown(await slash(world, "fill ap_b0044"))
    assert "Owen has appointment ap_owen_venice at Juniper &amp; Salt Venice at 11:15am EST" in answer, answer
    _no_card(world, "ap_b0044")

