"""A cancelled hour booked again in Mangomint (the desk put a caller with the same therapist into it) is not an
opening: ``/spa fill`` says so, with the booking that took it, and the poll posts no card for it (rev32a R2)."""

import json

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _booked_again(world, cancelled, *, client_id, new_id="ap_walkin"):
    """The cancelled booking's hour, therapist and room booked for another guest, now."""
    now = world.copilot.now()
    walkin = cancelled.model_copy(update={
        "id": new_id, "client_id": client_id, "status": AppointmentStatus.confirmed, "cancellation": None,
        "created_at": now, "updated_at": now, "version": 1,
        "services": [s.model_copy(update={"id": f"sl_{new_id}"}) for s in cancelled.services]})
    world.spa.put_appointment(walkin)
    return walkin


async def test_fill_by_hand_for_an_hour_booked_again_posts_no_card(world):
    spa = world.spa
    cancelled = spa.appointments["ap_b0044"]  # cancelled Wed 11:15am, Aromatherapy 60 with Owen, Massage Room 1
    _booked_again(world, cancelled, client_id="cl_0001")
    answer = shown(await slash(world, "fill ap_b0044"))
    assert "ap_b0044's hour has been booked again" in answer, answer
    assert "Owen has appointment ap_walkin at 11:15am" in answer, answer
    assert "Posted a fill proposal" not in answer
    assert world.copilot.store.fill_proposal_for("ap_b0044") is None
    cards = json.dumps([m.blocks for m in world.slack.messages("front-desk")], ensure_ascii=False)
    assert "Fill the 11:15am" not in cards


async def test_fill_by_hand_for_an_hour_still_free_is_proposed(world):
    # the same cancellation with Owen's hour free: the card is posted as before (the check takes nothing else away)
    answer = shown(await slash(world, "fill ap_b0044"))
    assert "Posted a fill proposal" in answer, answer
    row = world.copilot.store.fill_proposal_for("ap_b0044")
    assert row is not None and row["opening"]["staff_ids"] == [spa_staff(world, "ap_b0044")]


def spa_staff(world, appointment_id):
    return world.spa.appointments[appointment_id].services[0].staff_id


async def test_the_poll_posts_no_card_for_a_cancellation_booked_again_before_it_looked(scene, caplog):
    world, spa, target = scene.world, scene.world.spa, scene.target
    spa.cancel(target.id, reason="sick")
    other = next(c for c in world.data.clients if c.id not in {spa.waitlist[e].client_id for e in scene.entries})
    _booked_again(world, spa.appointments[target.id], client_id=other.id)
    with caplog.at_level("INFO", logger="spa_copilot"):
        await scheduler.poll_calendar(scene.copilot)
    assert scene.copilot.store.fill_proposal_for(target.id) is None
    assert not [m for m in world.slack.messages("front-desk") if "Fill the" in json.dumps(m.blocks)]
    said = [r.getMessage() for r in caplog.records if target.id in r.getMessage()]
    assert any("booked again (appointment ap_walkin)" in line for line in said), said
    assert other.first_name not in " ".join(said) and other.last_name not in " ".join(said)


async def test_one_of_two_freed_therapists_booked_again_leaves_the_other_on_the_card(world):
    # ap_b0053: a couples massage with Owen and Sam, cancelled; the desk books a caller with Owen over that hour
    spa = world.spa
    spa.cancel("ap_b0053", reason="sick")
    cancelled = spa.appointments["ap_b0053"]
    owen = next(line for line in cancelled.services if line.staff_id == "st_owen_gallagher")
    spa.put_appointment(cancelled.model_copy(update={
        "id": "ap_owen", "client_id": "cl_0001", "status": AppointmentStatus.confirmed, "cancellation": None,
        "created_at": world.copilot.now(), "updated_at": world.copilot.now(),
        "services": [owen.model_copy(update={"id": "sl_owen"})]}))
    answer = shown(await slash(world, "fill ap_b0053"))
    assert "booked again" not in answer, answer
    row = world.copilot.store.fill_proposal_for("ap_b0053")
    assert row is not None and row["opening"]["staff_ids"] == ["st_sam_delgado"], row and row["opening"]
    assert "Owen" not in (row["opening"]["staff_name"] or "")
    reasons = [reason for c in row["candidates"] for reason in c["reasons"]]
    assert not [reason for reason in reasons if "Owen" in reason and "open" in reason], reasons
