"""A fill card fills the hour the cancellation freed: candidates booked with the freed therapist come first, the
others are listed after and say that hour stays open; a much shorter booking says how much of the slot it takes;
the card shows reasons, not the ranking's raw score. From a manager's-eye review of real sandbox cards."""

from __future__ import annotations

import dataclasses

from spa_copilot.domain import Service, Staff
from spa_copilot.engines.fill_ranking import OpenSlot, rank_with_exclusions
from spa_copilot.slack.blocks import fill_proposal_message
from spa_copilot.slack.views_models import FillCandidate
from tests.test_blocks import all_text, proposal
from tests.test_fill_ranking import (
    BOOK,
    CLIENTS,
    HOME,
    LOC,
    NOW,
    OPENING,
    RESOURCES,
    SERVICES,
    STAFF,
    WORKDAY,
    at,
    booking,
    entry,
    predicted,
)

BROWS = Service(id="sv_brow_30", name="Brow & Lash Tint 30", category="brows", duration_minutes=30, price=55,
                required_skill="facial", room_types=["facialRoom"])
EXPRESS = Service(id="sv_express_25", name="Express Neck & Shoulders 25", category="massage", duration_minutes=25,
                  price=65, required_skill="massage", room_types=["massageRoom"])
SWEDISH_50 = Service(id="sv_swedish_50", name="Swedish Massage 50", category="massage", duration_minutes=50, price=110,
                     required_skill="massage", room_types=["massageRoom"])
SWEDISH_45 = Service(id="sv_swedish_45", name="Swedish Massage 45", category="massage", duration_minutes=45, price=100,
                     required_skill="massage", room_types=["massageRoom"])
MENU = [*SERVICES, BROWS, EXPRESS, SWEDISH_50, SWEDISH_45]

#: Cleo's 11:00 Signature Facial in Facial Room 1 was cancelled; Ana and Sam (massage) are free at 11.
FACIAL_OPENING = OpenSlot(
    appointment_id="ap_facial", location_id=LOC, start=at(11), end=at(12), time_zone="America/New_York",
    service_ids=("sv_facial_60",), staff_ids=("st_cleo",), resource_ids=("rs_f1",),
)
FACIAL_BOOK = [booking("ap_facial", "cl_gone", at(11), 60, staff="st_cleo", room="rs_f1", service="sv_facial_60",
                       status="cancelled")]


def rank(waitlist, *, opening: OpenSlot = OPENING, **overrides):  # noqa: ANN001, ANN201
    options = dict(
        clients=CLIENTS, services=SERVICES, staff=STAFF, resources=RESOURCES, appointments=BOOK,
        locations=HOME, offers_today={}, cancellation_counts={}, risk=None, now=NOW, cap=1,
    ) | overrides
    return rank_with_exclusions(opening, waitlist, **options)


def rank_facial(waitlist, **overrides):  # noqa: ANN001, ANN201
    options = {"services": MENU, "appointments": FACIAL_BOOK, "opening": FACIAL_OPENING} | overrides
    return rank(waitlist, **options)


def card_text(message) -> str:  # noqa: ANN001
    return all_text(message.blocks_as_dicts())


def test_a_guest_booked_with_the_freed_therapist_comes_before_a_better_score_with_another() -> None:
    # Zoe has waited two months for a Swedish with Sam, her preferred therapist, and is a safe bet: the better score.
    # But Sam was free anyway: booking her leaves Cleo's facial hour empty. Ben's facial with Cleo fills it.
    zoe = entry("wl_zoe", "cl_1", ["sv_swedish_60"], staff=["st_sam"], waited_days=60)
    ben = entry("wl_ben", "cl_2", ["sv_facial_60"], waited_days=1)
    ranking = rank_facial([zoe, ben], risk={"cl_1": predicted(0.05, "low")})
    first, second = ranking.candidates
    assert (first.entry_id, first.staff_id) == ("wl_ben", "st_cleo")
    assert (second.entry_id, second.staff_id) == ("wl_zoe", "st_sam")  # still listed: it is a sale
    assert second.score > first.score  # the score is kept as it was, for the audit
    assert first.with_freed_therapist and not second.with_freed_therapist
    assert "with their preferred therapist Sam" in second.reasons
    assert "Cleo's freed hour would stay unbooked" in second.reasons
    assert not any("would stay unbooked" in reason for reason in first.reasons)


def test_a_candidate_with_no_preference_is_told_who_they_would_be_with() -> None:
    ava = entry("wl_ava", "cl_1", ["sv_swedish_60"])
    (candidate,) = rank_facial([ava]).candidates
    assert candidate.staff_id in ("st_ana", "st_sam")
    assert f"with {'Ana' if candidate.staff_id == 'st_ana' else 'Sam'}, so Cleo's freed hour would stay unbooked" in candidate.reasons


def test_a_clients_best_booking_is_the_one_that_fills_the_freed_hour() -> None:
    # Cara would take a Swedish with Sam (preferred: the higher score) or a brow tint, which Cleo can do in her hour
    cara = entry("wl_cara", "cl_3", ["sv_swedish_60", "sv_brow_30"], staff=["st_sam"])
    ranking = rank_facial([cara])
    (candidate,) = ranking.candidates
    assert (candidate.service_id, candidate.staff_id) == ("sv_brow_30", "st_cleo")
    assert "takes 30 of the 60 minutes" in candidate.reasons


def test_an_opening_with_no_therapist_counts_every_booking_as_filling_it() -> None:
    nobody = dataclasses.replace(FACIAL_OPENING, staff_ids=())
    zoe = entry("wl_zoe", "cl_1", ["sv_swedish_60"], staff=["st_sam"], waited_days=60)
    ben = entry("wl_ben", "cl_2", ["sv_facial_60"], waited_days=1)
    ranking = rank_facial([zoe, ben], risk={"cl_1": predicted(0.05, "low")}, opening=nobody)
    assert [c.entry_id for c in ranking.candidates] == ["wl_zoe", "wl_ben"]  # by score
    assert all(c.with_freed_therapist for c in ranking.candidates)
    assert not any("would stay unbooked" in reason for c in ranking.candidates for reason in c.reasons)


def test_several_freed_therapists_are_named_and_an_unknown_one_is_not_guessed() -> None:
    sports = Service(id="sv_sports_60", name="Sports Massage 60", category="massage", duration_minutes=60, price=140,
                     required_skill="sports", room_types=["massageRoom"])
    kai = Staff(id="st_kai", location_id=LOC, first_name="Kai", skills=["sports"], shifts=WORKDAY)
    waiting = [entry("wl_kai", "cl_2", ["sv_sports_60"])]
    four_hands = dataclasses.replace(OPENING, staff_ids=("st_ana", "st_sam"))
    (candidate,) = rank(waiting, services=[*SERVICES, sports], staff=[*STAFF, kai], appointments=[BOOK[0]],
                        opening=four_hands).candidates
    assert "with Kai, so Ana and Sam's freed hours would stay unbooked" in candidate.reasons
    unknown = dataclasses.replace(OPENING, staff_ids=("st_gone",))
    (candidate,) = rank(waiting, services=[*SERVICES, sports], staff=[*STAFF, kai], opening=unknown).candidates
    assert "with Kai, so the freed hour would stay unbooked" in candidate.reasons


def test_a_much_shorter_booking_says_how_much_of_the_slot_it_takes() -> None:
    waiting = [
        entry("wl_25", "cl_1", ["sv_express_25"]),
        entry("wl_45", "cl_2", ["sv_swedish_45"]),
        entry("wl_50", "cl_3", ["sv_swedish_50"]),
        entry("wl_60", "cl_4", ["sv_swedish_60"]),
    ]
    by_entry = {c.entry_id: c.reasons for c in rank(waiting, services=MENU).candidates}
    assert by_entry["wl_25"][:2] == ("wants Express Neck & Shoulders 25, a shorter massage service",
                                     "takes 25 of the 60 minutes")
    assert by_entry["wl_45"][:2] == ("wants Swedish Massage 45, a shorter massage service", "takes 45 of the 60 minutes")
    # ten minutes short is still a similar service, and nothing to point out
    assert by_entry["wl_50"][0] == "wants Swedish Massage 50, a similar massage service"
    assert not any(r.startswith("takes ") for r in by_entry["wl_50"] + by_entry["wl_60"])


def test_an_unrelated_shorter_service_says_it_too() -> None:
    (candidate,) = rank_facial([entry("wl_x", "cl_1", ["sv_express_25"])]).candidates
    assert candidate.reasons[:2] == ("wants Express Neck & Shoulders 25", "takes 25 of the 60 minutes")


def test_the_card_shows_the_reasons_and_not_the_raw_score() -> None:
    view = proposal()
    assert all(c.score is not None for c in view.candidates)
    text = card_text(fill_proposal_message(view))
    assert "(0.90)" not in text and "(0.80)" not in text and "(0.70)" not in text
    assert "*Jane* — on waitlist; likes Maya" in text and "2. Cand1 — on waitlist; likes Maya" in text
    stays_open = FillCandidate("cl_9", "Zoe", ("wants Swedish 60", "with Sam: Maya's hour stays open"), 0.61,
                               service_name="Swedish 60", staff_name="Sam", staff_id="st_sam")
    text = card_text(fill_proposal_message(dataclasses.replace(view, candidates=(*view.candidates, stays_open))))
    assert "4. Zoe — wants Swedish 60; with Sam: Maya's hour stays open" in text
