"""Bands, plain-words reasons and suggested actions."""

from __future__ import annotations

import math

import pytest

from spa_copilot.risk.bands import (
    CONFIRM_BY_PHONE,
    NO_ACTION,
    REQUEST_CARD,
    SEND_REMINDER,
    BandThresholds,
    RiskScore,
    phrase_reason,
    suggest_action,
)


@pytest.mark.parametrize(
    ("probability", "band"),
    [(0.0, "low"), (0.0949, "low"), (0.0951, "medium"), (0.1, "medium"), (0.2949, "medium"), (0.2951, "high"),
     (0.3, "high"), (1.0, "high")],
)
def test_thresholds_cut_the_bands_at_the_percent_staff_read(probability: float, band: str) -> None:
    # 0.0951 reads "10%": with medium from 10%, it is medium, as every other "10%" is
    assert BandThresholds(medium=0.1, high=0.3).band(probability) == band


def test_one_percentage_is_always_one_band() -> None:
    """The trained model's cuts are not whole percents (medium from 0.1998): a 0.1995 and a 0.2003 both read "20%",
    and were "low (20%)" in one therapist's DM and "medium (20%)" in the day book."""
    thresholds = BandThresholds(medium=0.1998, high=0.3555)
    bands_by_label: dict[str, set[str]] = {}
    for step in range(10_001):
        probability = step / 10_000
        score = RiskScore(appointment_id="ap_1", probability=probability, band=thresholds.band(probability))
        bands_by_label.setdefault(f"{probability:.0%}", set()).add(score.band)
    assert all(len(bands) == 1 for bands in bands_by_label.values())
    assert bands_by_label["20%"] == {"medium"} and bands_by_label["19%"] == {"low"}
    assert bands_by_label["36%"] == {"high"} and bands_by_label["35%"] == {"medium"}


def test_score_label_shows_band_and_percentage() -> None:
    score = RiskScore(appointment_id="ap_1", probability=0.342, band="high", reasons=["booked 45 days ahead"])
    assert score.label == "high (34%)"
    assert score.to_json_dict()["suggestedAction"] == NO_ACTION


@pytest.mark.parametrize(
    ("group", "values", "text"),
    [
        ("lead", {"lead_days": 45.2}, "booked 45 days ahead"),
        ("lead", {"lead_days": 1.1}, "booked 1 day ahead"),
        ("lead", {"lead_days": 0.3}, "booked less than a day ahead"),
        ("habit", {"usual_lead_days": 21.4}, "usually books 21 days ahead"),
        ("habit", {"usual_lead_days": 0.2}, "usually books the same day"),
        ("habit", {"usual_lead_days": math.nan}, None),
        ("booking_hour", {"booked_hour": 23.5}, "booked at 11:30pm"),
        ("newness", {"new_client": 1.0}, "new client (first appointment)"),
        ("newness", {"new_client": 0.0, "prior_visits": 1.0}, "only 1 previous visit"),
        # Not new, nothing before the booking: booked ahead of a first visit that may have happened since.
        ("newness", {"new_client": 0.0, "prior_visits": 0.0}, "no visit on record when this was booked"),
        ("newness", {"new_client": 0.0, "prior_visits": 0.0, "prior_appointments": 3.0}, "no completed visit in 3 earlier bookings"),
        ("newness", {"new_client": 0.0, "prior_visits": 0.0, "prior_appointments": 1.0}, "no completed visit in 1 earlier booking"),
        ("newness", {"new_client": 0.0, "prior_visits": 2.0}, "only 2 previous visits"),
        ("newness", {"new_client": 0.0, "prior_visits": 11.0}, None),
        ("recency", {"days_since_last_visit": 200.4}, "booked 200 days after their last visit"),
        ("recency", {"days_since_last_visit": 1.2}, "booked 1 day after their last visit"),
        ("recency", {"days_since_last_visit": 0.2}, "booked within a day of their last visit"),
        ("recency", {"days_since_last_visit": 0.7}, "booked within a day of their last visit"),
        ("recency", {"days_since_last_visit": math.nan}, "no visit on record when this was booked"),
        ("recency", {"days_since_last_visit": math.nan, "new_client": 1.0}, "new client (first appointment)"),
        ("recency", {"days_since_last_visit": math.nan, "prior_appointments": 2.0}, "no completed visit in 2 earlier bookings"),
        ("deposit", {"deposit": 0.0}, "no deposit or card on file"),
        ("deposit", {"deposit": 1.0}, None),
        ("timing", {"weekday": 5.0, "start_hour": 9.5}, "Saturday 9:30am appointments are missed more often"),
        ("channel", {"source": "online"}, "booked online"),
        ("channel", {"source": "walkIn"}, "a walk-in booking"),
        ("channel", {"source": "Phone"}, "booked by phone"),
        ("channel", {"source": "googleReserve"}, "booked via google reserve"),
        ("service", {"category": "bodyTreatment"}, "body treatment bookings are missed more often"),
        ("channel", {"source": "unknown"}, None),
        ("service", {"category": "facial"}, "facial bookings are missed more often"),
        ("cancellations", {"prior_cancellations": 3.0}, "3 earlier cancellations"),
        ("cancellations", {"prior_cancellations": 3.0, "prior_appointments": 20.0}, "3 earlier cancellations in 20 bookings"),
        ("cancellations", {"prior_cancellations": 1.0, "prior_appointments": 1.0}, "1 earlier cancellation"),
        ("cancellations", {"prior_cancellations": 0.0, "prior_appointments": 9.0}, None),
    ],
)
def test_reasons_in_plain_words(group: str, values: dict, text: str | None) -> None:
    assert phrase_reason(group, values) == text


def misses(recent: tuple[int, int], prior: tuple[int, int], booked: int, first_seen_days: float) -> dict[str, float]:
    """The misses group's features: (no-shows, late cancels) in the past year and ever, bookings, history length."""
    return {"no_shows_past_year": recent[0], "late_cancels_past_year": recent[1], "prior_no_shows": prior[0],
            "prior_late_cancels": prior[1], "prior_appointments": booked, "days_since_first_seen": first_seen_days,
            "prior_miss_rate": (sum(prior) / booked) if booked else math.nan}


@pytest.mark.parametrize(
    ("values", "text"),
    [
        # A regular's misses are a share of their bookings, not a bare count that sounds alarming beside "medium".
        (misses((11, 12), (11, 12), 96, 354.7), "missed 23 of 96 bookings in the past year (11 no-shows, 12 late cancels)"),
        (misses((2, 0), (2, 0), 14, 227.9), "missed 2 of 14 bookings in the past year (2 no-shows)"),
        (misses((0, 5), (0, 5), 27, 227.5), "missed 5 of 27 bookings in the past year (5 late cancels)"),
        (misses((1, 1), (1, 1), 5, 156.3), "missed 2 of 5 bookings in the past year (1 no-show, 1 late cancel)"),
        (misses((1, 0), (1, 0), 1, 302.0), "missed their only booking in the past year (1 no-show)"),
        # Every booking of the past year missed: said so, not "2 of 2".
        (misses((2, 0), (2, 0), 2, 200.0), "missed both bookings in the past year (2 no-shows)"),
        (misses((3, 2), (3, 2), 5, 200.0), "missed all 5 bookings in the past year (3 no-shows, 2 late cancels)"),
        # A history longer than a year without the past year's bookings: a count, never a share of every booking
        # (the copilot reads a window of history, not the whole record: "110th visit ... missed 23 of 91").
        (misses((11, 12), (12, 12), 99, 370.3), "missed 23 bookings in the past year (11 no-shows, 12 late cancels)"),
        (misses((12, 9), (12, 9), 45, 367.1), "missed 21 bookings in the past year (12 no-shows, 9 late cancels)"),
        (misses((1, 0), (2, 0), 9, 400.0), "missed 1 booking in the past year (1 no-show)"),
        # Misses only more than a year ago: a count, and none since.
        (misses((0, 0), (1, 2), 40, 500.0), "missed 3 bookings more than a year ago, none since"),
        (misses((0, 0), (1, 0), 8, 380.0), "missed 1 booking more than a year ago, none since"),
        (misses((0, 0), (1, 0), 1, 500.0), "missed their only booking, more than a year ago"),
        (misses((0, 0), (1, 1), 2, 500.0), "missed both bookings, more than a year ago"),
        (misses((0, 0), (2, 1), 3, 500.0), "missed all 3 bookings, more than a year ago"),
        # With the past year's bookings (display-only, passed by RiskModel.explain) the past year's misses are its share.
        ({**misses((25, 11), (29, 11), 126, 700.0), "bookings_past_year": 110.0},
         "missed 36 of 110 bookings in the past year (25 no-shows, 11 late cancels)"),
        ({**misses((23, 0), (23, 0), 91, 395.0), "bookings_past_year": 81.0},
         "missed 23 of 81 bookings in the past year (23 no-shows)"),
        ({**misses((1, 0), (3, 0), 20, 700.0), "bookings_past_year": 1.0}, "missed their only booking in the past year (1 no-show)"),
        ({**misses((1, 1), (3, 1), 20, 700.0), "bookings_past_year": 2.0},
         "missed both bookings in the past year (1 no-show, 1 late cancel)"),
        ({**misses((0, 0), (1, 2), 40, 500.0), "bookings_past_year": 12.0}, "missed 3 bookings more than a year ago, none since"),
        ({**misses((11, 12), (11, 12), 96, 354.7), "bookings_past_year": 96.0},
         "missed 23 of 96 bookings in the past year (11 no-shows, 12 late cancels)"),
        (misses((0, 0), (0, 0), 12, 300.0), None),
        ({"no_shows_past_year": 0.0}, None),
    ],
)
def test_misses_are_a_share_of_the_clients_bookings(values: dict, text: str | None) -> None:
    assert phrase_reason("misses", values) == text


@pytest.mark.parametrize("group", ["newness", "recency"])
def test_no_completed_visit_is_not_said_beside_misses_that_cover_every_booking(group: str) -> None:
    """ "missed their only booking, more than a year ago; no completed visit in 1 earlier booking" said one fact
    twice: when every earlier booking was missed, the misses reason says it alone."""
    no_visit = {"new_client": 0.0, "prior_visits": 0.0, "days_since_last_visit": math.nan}
    assert phrase_reason(group, {**no_visit, **misses((0, 0), (1, 0), 1, 500.0)}) is None
    assert phrase_reason(group, {**no_visit, **misses((2, 1), (2, 1), 3, 200.0)}) is None
    # A cancellation among them, or misses the reason does not all cover: the visits are still worth saying.
    assert phrase_reason(group, {**no_visit, **misses((1, 0), (1, 0), 2, 200.0)}) == "no completed visit in 2 earlier bookings"
    assert phrase_reason(group, {**no_visit, **misses((1, 0), (2, 0), 2, 400.0)}) == "no completed visit in 2 earlier bookings"


@pytest.mark.parametrize(
    ("band", "values", "action"),
    [
        ("low", {"prior_no_shows": 3.0}, NO_ACTION),
        ("medium", {}, SEND_REMINDER),
        ("high", {"prior_no_shows": 1.0, "deposit": 0.0}, REQUEST_CARD),
        ("high", {"new_client": 1.0, "deposit": 0.0}, REQUEST_CARD),
        ("high", {"prior_no_shows": 1.0, "deposit": 1.0}, CONFIRM_BY_PHONE),
        ("high", {"prior_no_shows": 0.0, "prior_late_cancels": 0.0, "deposit": 0.0}, CONFIRM_BY_PHONE),
    ],
)
def test_suggested_action(band: str, values: dict, action: str) -> None:
    assert suggest_action(band, values) == action  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "action"),
    [
        # A regular's one miss in 40 bookings (2.5%, below the spa's 18.6%): no card request, a call.
        ({"prior_no_shows": 1.0, "prior_appointments": 40.0, "deposit": 0.0}, CONFIRM_BY_PHONE),
        # Four of ten (40%): above the spa's share, so a card is asked for.
        ({"prior_no_shows": 4.0, "prior_appointments": 10.0, "deposit": 0.0}, REQUEST_CARD),
        # The past year's share is the one compared: 3 of 8 this year, though 3 of 60 over all.
        (
            {"no_shows_past_year": 3.0, "prior_no_shows": 3.0, "bookings_past_year": 8.0, "prior_appointments": 60.0,
             "days_since_first_seen": 900.0, "deposit": 0.0},
            REQUEST_CARD,
        ),
        # A new client without a card: asked for one whatever the rate.
        ({"new_client": 1.0, "deposit": 0.0}, REQUEST_CARD),
        # A card on file already: a call.
        ({"prior_no_shows": 4.0, "prior_appointments": 10.0, "deposit": 1.0}, CONFIRM_BY_PHONE),
    ],
)
def test_suggested_action_weighs_misses_against_the_usual_share(values: dict, action: str) -> None:
    assert suggest_action("high", values, 0.186) == action


def test_suggested_action_without_a_usual_share_reads_any_miss_as_a_reason() -> None:
    assert suggest_action("high", {"prior_no_shows": 1.0, "prior_appointments": 40.0, "deposit": 0.0}) == REQUEST_CARD
