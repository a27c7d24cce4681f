"""Fill ranking against waitlists a spa really has: the guest who cancelled, a client with several wishes or several
entries, a client busy at another location, the risk band the card names. Found by a black-box probe."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot.domain import Appointment, AppointmentStatus
from spa_copilot.engines.fill_ranking import OpenSlot, rank_with_exclusions
from spa_copilot.risk.bands import RiskScore
from tests.conftest import NOW as SCENE_NOW
from tests.fill_scene import Scene, eventually, proposed
from tests.test_fill_ranking import (
    BOOK,
    CLIENTS,
    HOME,
    LOC,
    OPENING,
    RESOURCES,
    SERVICES,
    STAFF,
    at,
    client,
    entry,
    predicted,
    rank,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# ---------------------------------------------------------------------------------------------------
# The engine


def test_the_guest_who_cancelled_the_slot_is_not_offered_it_back() -> None:
    # cl_gone cancelled the 11:00 Swedish (BOOK[0]); she is on the waitlist too, longest of all
    clients = CLIENTS | {"cl_gone": client("cl_gone", "Gina")}
    waiting = [entry("wl_self", "cl_gone", ["sv_swedish_60"], waited_days=60), entry("wl_a", "cl_1", ["sv_swedish_60"])]
    ranking = rank(waiting, clients=clients)
    assert [c.entry_id for c in ranking.candidates] == ["wl_a"]
    assert ranking.excluded == {"wl_self": "cancelled this booking"}


def test_of_a_clients_services_the_one_for_the_freed_therapists_hour_is_offered() -> None:
    # Ana's Swedish at 11 was cancelled. Ava would take a facial or a deep tissue: the deep tissue with Ana fills Ana's
    # hour (a similar service); the facial, listed first, would go to Cleo and leave Ana idle.
    ranking = rank([entry("wl_multi", "cl_1", ["sv_facial_60", "sv_deep_60"])])
    [best] = ranking.candidates
    assert (best.service_id, best.staff_id) == ("sv_deep_60", "st_ana")
    assert "wants Deep Tissue 60, a similar massage service" in best.reasons


def test_a_client_with_two_entries_is_offered_through_the_better_one() -> None:
    # Ava waits since 20 days for a facial and, since 2 days, for a Swedish: the Swedish that opened is hers to take
    ranking = rank([entry("wl_old", "cl_1", ["sv_facial_60"], waited_days=20),
                    entry("wl_new", "cl_1", ["sv_swedish_60"], waited_days=2)])
    [best] = ranking.candidates
    assert (best.entry_id, best.service_id, best.staff_id) == ("wl_new", "sv_swedish_60", "st_ana")
    assert ranking.excluded == {"wl_old": "already a candidate through another entry"}


def test_a_service_that_ends_before_the_clients_own_next_booking_still_fits() -> None:
    # a 90-minute opening; Ava would take the Hot Stone 90 or a Swedish 60, and has her own booking from 12:15
    opening = OpenSlot(**{**OPENING.__dict__, "end": at(12, 30), "service_ids": ("sv_stone_90",)})
    hers = Appointment(id="ap_hers", location_id=LOC, client_id="cl_1", status="confirmed", start_at=at(12, 15),
                       end_at=at(13), services=[])
    ranking = rank_with_exclusions(
        opening, [entry("wl", "cl_1", ["sv_stone_90", "sv_swedish_60"])], clients=CLIENTS, services=SERVICES,
        staff=STAFF, resources=RESOURCES, appointments=[BOOK[1], hers], locations=HOME, offers_today={},
        cancellation_counts={}, risk=None, now=OPENING.start - timedelta(hours=2), cap=1,
    )
    assert [(c.service_id, c.end) for c in ranking.candidates] == [("sv_swedish_60", at(12))]
    # with only the Hot Stone 90 wanted, she cannot come
    only_90 = rank_with_exclusions(
        opening, [entry("wl", "cl_1", ["sv_stone_90"])], clients=CLIENTS, services=SERVICES, staff=STAFF,
        resources=RESOURCES, appointments=[BOOK[1], hers], locations=HOME, offers_today={}, cancellation_counts={},
        risk=None, now=OPENING.start - timedelta(hours=2), cap=1,
    )
    assert only_90.excluded == {"wl": "already booked at that time"}


def test_the_risk_band_on_the_card_is_the_models_band() -> None:
    # the model's own bands (models/noshow.json: medium from 20%, high from 36%) call 33% medium, as /spa risk does
    waiting = [entry("wl_a", "cl_1", ["sv_swedish_60"]), entry("wl_b", "cl_2", ["sv_swedish_60"])]
    ranking = rank(waiting, risk={"cl_1": predicted(0.33, "medium"), "cl_2": predicted(0.18, "low")})
    reasons = {c.entry_id: c.reasons for c in ranking.candidates}
    assert "medium no-show risk (33%)" in reasons["wl_a"]
    assert "low no-show risk (18%)" in reasons["wl_b"]
    assert [c.entry_id for c in ranking.candidates] == ["wl_b", "wl_a"]  # the more reliable first, none left out


# ---------------------------------------------------------------------------------------------------
# Through the app


async def test_the_guest_who_cancelled_is_not_on_the_card(scene: Scene) -> None:
    spa, target = scene.world.spa, scene.target
    day = target.start_at.astimezone(scene.world.data.locations[0].tz).date()
    mine = spa.create_waitlist_entry({"locationId": target.location_id, "clientId": target.client_id,
                                      "serviceIds": [target.services[0].service_id], "dateFrom": day.isoformat(),
                                      "dateTo": day.isoformat()})
    spa.waitlist[mine.id] = mine.model_copy(update={"created_at": SCENE_NOW - timedelta(days=60)})
    await scene.cancel()
    assert target.client_id not in [c["client_id"] for c in scene.proposal["candidates"]]
    assert len(scene.proposal["candidates"]) == 3


async def test_a_client_booked_at_another_location_then_is_not_offered_the_slot(scene: Scene) -> None:
    spa, target = scene.world.spa, scene.target
    elsewhere = next(loc for loc in scene.world.data.locations if loc.id != target.location_id)
    first = spa.waitlist[scene.entries[0]].client_id
    spa.appointments["ap_far"] = Appointment(
        id="ap_far", location_id=elsewhere.id, client_id=first, status=AppointmentStatus.confirmed,
        start_at=target.start_at + timedelta(minutes=30), end_at=target.end_at + timedelta(minutes=30),
        created_at=SCENE_NOW - timedelta(days=3),
    )
    await scene.cancel()
    offered = [c["client_id"] for c in scene.proposal["candidates"]]
    assert first not in offered and len(offered) == 2


async def test_a_yes_from_a_guest_booked_elsewhere_since_the_offer_does_not_book_them_twice(scene: Scene) -> None:
    """The card was right when drawn; meanwhile the guest booked the same hour at the other location (by phone),
    then replies YES: the re-check sees it, as the ranking would have, books nothing and moves on."""
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    spa, target = scene.world.spa, scene.target
    elsewhere = next(loc for loc in scene.world.data.locations if loc.id != target.location_id)
    spa.put_appointment(Appointment(
        id="ap_far", location_id=elsewhere.id, client_id=first["client_id"], status=AppointmentStatus.confirmed,
        start_at=target.start_at, end_at=target.end_at, created_at=SCENE_NOW, updated_at=SCENE_NOW,
    ))
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["current_index"] == 1, timeout=10)
    assert scene.bookings_for(first["client_id"]) == []
    # the slot is still open: like a NO, the next candidate is proposed, and the guest is not told it was taken
    assert scene.proposal["status"] == "pending"
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []
    assert "booked at another location" in scene.thread_text()


async def test_the_card_names_the_risk_models_band(scene: Scene) -> None:
    class MediumRisk:
        def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
            return {a.id: RiskScore(appointment_id=a.id, probability=0.33, band="medium") for a in appointments}

    scene.copilot.risk = MediumRisk()
    await scene.cancel()
    assert "medium no-show risk (33%)" in scene.candidate(0)["reasons"]
