"""A couples / four-hands opening: the copilot cannot book a two-therapist service (the booking contract takes one
staffId), so the guests waiting for it are never offered it by text; the card names them for the front desk to book
in the spa system, instead of "nobody on the waitlist can take this slot". Pure engine, reason and Block Kit checks."""

from __future__ import annotations

import dataclasses

from spa_copilot import fill
from spa_copilot.domain import Client, Resource, Service, Staff, TimeWindow
from spa_copilot.engines.fill_ranking import ByHand, OpenSlot, fit_entry, rank_with_exclusions
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ProposalState
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
    reason = fill._nobody_reason(
        [ByHand("wl_004", "cl_1", "Couples Massage 60"), ByHand("wl_009", "cl_2", "Couples Massage 60")], NAMED)
    view = dataclasses.replace(proposal(ProposalState.expired, candidates=0), reason=reason)
    context = [b for b in blocks.fill_proposal_message(view).blocks_as_dicts() if b["type"] == "context"]
    assert context[0]["elements"][0]["text"] == (
        ":hourglass: Nothing to offer by text: Couples Massage 60 needs two therapists, which the copilot cannot book. "
        "2 guests on the waitlist want it: Ava R. (wl_004) and Ben S. (wl_009) — book them in Mangomint."
    )


def test_one_guest_two_services_and_a_repeat_canceller_are_said_plainly() -> None:
    flag = "cancelled 4 times in the last 60 days: needs a manager's review"
    reason = fill._nobody_reason(
        [ByHand("wl_1", "cl_1", "Couples Massage 60", flag), ByHand("wl_2", "cl_2", "Four-Hands Massage 60")], NAMED)
    assert reason == (
        "by text: Couples Massage 60 and Four-Hands Massage 60 need two therapists, which the copilot cannot book. "
        "2 guests on the waitlist want them: Ava R. (wl_1, Couples Massage 60, cancelled 4 times in the last 60 days: "
        "needs a manager's review) and Ben S. (wl_2, Four-Hands Massage 60) — book them in Mangomint."
    )
    one = fill._nobody_reason([ByHand("wl_1", "cl_1", "Couples Massage 60")], NAMED)
    assert "1 guest on the waitlist wants it: Ava R. (wl_1) — book them in Mangomint." in one
    many = fill._nobody_reason([ByHand(f"wl_{i}", "cl_1", "Couples Massage 60") for i in range(7)], NAMED)
    assert many.count("Ava R.") == fill.BY_HAND_NAMED and "and 2 more —" in many


def test_nobody_waiting_for_it_keeps_the_plain_reason() -> None:
    assert fill._nobody_reason([], NAMED) == "nobody on the waitlist can take this slot"
    view = dataclasses.replace(proposal(ProposalState.expired, candidates=0), reason=fill._nobody_reason([], NAMED))
    context = [b for b in blocks.fill_proposal_message(view).blocks_as_dicts() if b["type"] == "context"]
    assert context[0]["elements"][0]["text"] == ":hourglass: Nothing to offer: nobody on the waitlist can take this slot"

