"""A couples / four-hands opening: the copilot cannot book a two-therapist service (the booking contract takes one
staffId), so the guests waiting for it are never offered it by text; the card names them for the front desk to book
in the spa system, instead of "nobody on the waitlist can take this slot". Pure engine, reason and Block Kit checks,
then the scene of ``test_fill_flow`` (``tests/fill_scene.py``)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import Client, Resource, Service, Staff, TimeWindow, WaitlistStatus
from spa_copilot.engines.fill_ranking import ByHand, OpenSlot, Ranking, fit_entry, rank_with_exclusions
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ProposalState
from tests.fill_scene import Scene, quiet_clients
from tests.test_blocks import proposal
from tests.test_fill_ranking import (
    BOOK,
    CLIENTS,
    HOME,
    LOC,
    NOW,
    RESOURCES,
    SERVICES,
    STAFF,
    WORKDAY,
    at,
    booking,
    entry,
)

COUPLES = Service(id="sv_couples_60", name="Couples Massage 60", category="massage", duration_minutes=60, price=300,
                  required_skill="massage", room_types=["couplesSuite"], staff_count=2)
FOUR_HANDS = Service(id="sv_four_60", name="Four-Hands Massage 60", category="massage", duration_minutes=60, price=260,
                     required_skill="massage", room_types=["couplesSuite"], staff_count=2)
SUITE = Resource(id="rs_suite", location_id=LOC, name="Couples Suite", type="room", room_type="couplesSuite")
KAI = Staff(id="st_kai", location_id=LOC, first_name="Kai", skills=["massage"], shifts=WORKDAY)
#: a 2pm couples booking (Ana and Kai in the suite) cancelled: Sam and the second room are free then too
OPENING = OpenSlot(appointment_id="ap_couples", location_id=LOC, start=at(14), end=at(15), time_zone="America/New_York",
                   service_ids=("sv_couples_60",), staff_ids=("st_ana", "st_kai"), resource_ids=("rs_suite",))
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NAMED = {**CLIENTS, "cl_1": Client(id="cl_1", first_name="Ava", last_name="Reyes"),
         "cl_2": Client(id="cl_2", first_name="Ben", last_name="Stone")}


def rank_couples(waitlist, **overrides):  # noqa: ANN001, ANN201
    options = dict(
        clients=NAMED, services=[*SERVICES, COUPLES, FOUR_HANDS], staff=[*STAFF, KAI], resources=[*RESOURCES, SUITE],
        appointments=BOOK, locations=HOME, offers_today={}, cancellation_counts={}, risk=None, now=NOW, cap=1,
    ) | overrides
    return rank_with_exclusions(OPENING, waitlist, **options)


def test_guests_waiting_for_the_two_therapist_service_are_named_to_book_by_hand() -> None:
    later = [TimeWindow(weekday=1, start="16:00", end="19:00")]
    ranking = rank_couples([
        entry("wl_a", "cl_1", ["sv_couples_60"], waited_days=9),
        entry("wl_b", "cl_2", ["sv_four_60"], waited_days=4),
        entry("wl_c", "cl_3", ["sv_couples_60"], windows=later),  # not free then: not named
        entry("wl_d", "cl_4", ["sv_couples_60"]),  # booked elsewhere at 2pm: not named
    ], appointments=[*BOOK, booking("ap_mine", "cl_4", at(14), 60, staff="st_sam", room="rs_m2")])
    assert ranking.candidates == []
    assert ranking.by_hand == [ByHand("wl_a", "cl_1", "Couples Massage 60"), ByHand("wl_b", "cl_2", "Four-Hands Massage 60")]
    assert ranking.excluded == {"wl_a": "Couples Massage 60 needs two therapists",
                                "wl_b": "Four-Hands Massage 60 needs two therapists",
                                "wl_c": "outside their time window", "wl_d": "already booked at that time"}


def test_a_guest_who_can_take_another_service_is_offered_it_not_named_and_one_therapist_free_is_not_enough() -> None:
    ranking = rank_couples([entry("wl_a", "cl_1", ["sv_couples_60", "sv_swedish_60"])])
    assert [c.service_id for c in ranking.candidates] == ["sv_swedish_60"] and ranking.by_hand == []
    kai_busy = [*BOOK, booking("ap_kai", "cl_x", at(14), 60, staff="st_kai", room="rs_m2"),
                booking("ap_sam", "cl_y", at(14), 60, staff="st_sam", room="rs_m1")]
    ranking = rank_couples([entry("wl_a", "cl_1", ["sv_couples_60"])], appointments=kai_busy)
    assert ranking.by_hand == [] and ranking.excluded == {"wl_a": "no two qualified therapists free for Couples Massage 60"}


def test_a_two_therapist_service_is_never_returned_to_book() -> None:
    fit, reason = fit_entry(OPENING, entry("wl_a", "cl_1", ["sv_couples_60"]), services=[COUPLES], staff=[*STAFF, KAI],
                            resources=[SUITE], appointments=BOOK, locations=[])
    assert fit is None and reason == "Couples Massage 60 needs two therapists"


def test_the_card_says_why_and_names_the_waiting_guests() -> None:
    reason = fill.proposing._nobody_reason(
        [ByHand("wl_004", "cl_1", "Couples Massage 60"), ByHand("wl_009", "cl_2", "Couples Massage 60")], NAMED)
    view = dataclasses.replace(proposal(ProposalState.expired, candidates=0), reason=reason)
    context = [b for b in blocks.fill_proposal_message(view).blocks_as_dicts() if b["type"] == "context"]
    assert context[0]["elements"][0]["text"] == (
        ":hourglass: Nothing to offer by text: 2 guests wait for Couples Massage 60, which needs two therapists (the "
        "copilot cannot book it): book Ava R. (wl_004) and Ben S. (wl_009) in Mangomint."
    )


def test_one_guest_two_services_and_a_repeat_canceller_are_said_plainly() -> None:
    flag = "cancelled 4 times in the last 60 days: needs a manager's review"
    reason = fill.proposing._nobody_reason(
        [ByHand("wl_1", "cl_1", "Couples Massage 60", flag), ByHand("wl_2", "cl_2", "Four-Hands Massage 60")], NAMED)
    assert reason == (
        "by text: 2 guests wait for Couples Massage 60 and Four-Hands Massage 60, which need two therapists (the "
        "copilot cannot book them): book Ava R. (wl_1, Couples Massage 60, cancelled 4 times in the last 60 days: "
        "needs a manager's review) and Ben S. (wl_2, Four-Hands Massage 60) in Mangomint."
    )
    one = fill.proposing._nobody_reason([ByHand("wl_1", "cl_1", "Couples Massage 60")], NAMED)
    assert "1 guest waits for Couples Massage 60, which needs two therapists (the copilot cannot book it): book Ava R. " \
        "(wl_1) in Mangomint." in one  # one guest: no "them"
    many = fill.proposing._nobody_reason([ByHand(f"wl_{i}", "cl_1", "Couples Massage 60") for i in range(7)], NAMED)
    assert many.count("Ava R.") == fill.BY_HAND_NAMED and "and 2 more in Mangomint" in many


def test_nobody_waiting_for_it_keeps_the_plain_reason() -> None:
    assert fill.proposing._nobody_reason([], NAMED) == "nobody on the waitlist can take this slot"
    view = dataclasses.replace(proposal(ProposalState.expired, candidates=0), reason=fill.proposing._nobody_reason([], NAMED))
    context = [b for b in blocks.fill_proposal_message(view).blocks_as_dicts() if b["type"] == "context"]
    assert context[0]["elements"][0]["text"] == ":hourglass: Nothing to offer: nobody on the waitlist can take this slot"



# ---------------------------------------------------------------------------------------------------
# Through the flow (``tests/fill_scene.py``): the ranking's guests to book by hand reach the card


def _card_words(scene: Scene) -> str:
    """Every text of the card's blocks, as Slack shows them (mrkdwn escaped)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(scene.card.blocks)
    return "\n".join(found)


def _with_by_hand(scene: Scene, monkeypatch: pytest.MonkeyPatch, client_id: str) -> None:
    """The ranking names ``client_id`` (on the waitlist, for a slot at another hour) to book by hand."""
    target = scene.target
    day = target.start_at.astimezone(scene.world.data.locations[0].tz).date()
    night = {"weekday": day.weekday(), "start": "05:00", "end": "06:00"}
    scene.world.spa.create_waitlist_entry(
        {"locationId": target.location_id, "clientId": client_id, "serviceIds": [target.services[0].service_id],
         "dateFrom": day.isoformat(), "dateTo": day.isoformat(), "timeWindows": [night]})
    real = fill.ranking.rank_with_exclusions

    def ranked(*args: Any, **kwargs: Any) -> Ranking:
        return dataclasses.replace(real(*args, **kwargs), by_hand=[ByHand("wl_duo", client_id, "Couples Massage 60")])

    monkeypatch.setattr(fill.ranking, "rank_with_exclusions", ranked)


async def test_a_card_offering_others_names_them_with_the_clients_not_offered(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    guest = scene.world.spa.clients[quiet_clients(scene.world, 5)[4]]
    _with_by_hand(scene, monkeypatch, guest.id)
    await scene.cancel()
    row = scene.proposal
    assert row["status"] == "pending" and len(row["candidates"]) == 3
    line = (f"{guest.short_name}: waiting for Couples Massage 60 (wl_duo), which needs two therapists: the copilot "
            "cannot book it — book it in Mangomint")
    assert blocks.escape(line) in _card_words(scene)
    # no repeat-canceller flag on a guest who only waits for a two-therapist service
    assert f":busts_in_silhouette: {blocks.escape(guest.short_name)}:" in _card_words(scene)
    assert f":triangular_flag_on_post: {blocks.escape(guest.short_name)}:" not in _card_words(scene)
    assert scene.store.recent_audit(5, action_prefix="fill.proposed")[0].details["byHand"] == ["wl_duo"]


async def test_a_card_with_nobody_to_text_names_them_in_its_reason(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    guest = scene.world.spa.clients[quiet_clients(scene.world, 5)[4]]
    spa = scene.world.spa
    for entry_id in scene.entries:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    _with_by_hand(scene, monkeypatch, guest.id)
    await scene.cancel()
    assert scene.proposal["status"] == "expired" and scene.proposal["candidates"] == []
    assert blocks.escape(f"Nothing to offer by text: 1 guest waits for Couples Massage 60, which needs two therapists "
                         f"(the copilot cannot book it): book {guest.short_name} (wl_duo) in Mangomint.") in _card_words(scene)
    assert "waiting for Couples Massage 60" not in _card_words(scene)  # named once
