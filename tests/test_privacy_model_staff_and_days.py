"""Staff, days and booking channels are no guest's companions (scrubfix25, adversarial review of 5 December 2026).

Who a guest is booked with is the spa's therapist: "booked with Dani. Request Dani next time" reached the model as
"booked with [name]. Request [name] next time", and the summary for the next therapist lost which therapist she
wants. Weekdays, months, holidays, booking channels, rooms and packages were masked after a cue ("Husband: Friday
"""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    "note",
    [
        "booked with Dani. Request Dani next time",
        "booked with Marisol again - loves her",
        "Booked with Kiki for hot stone",
        "booked with Ana, prefers Ana again",
        "Booked with Jess (staff) for 90 min",
        "booked with Sam for 60 min",
        "Booked with Couples Suite",
        "booked with Instagram promo",
        "Friday booked for both. Confirmed Friday 3pm",
        "Suite booked for both",
        "Cabana booked for both. Cabana confirmed",
        "Husband: Friday pickup",
        "Mom - Tuesday",
        "Emergency contact: See Monday note",
        "gift from Christmas",
        "Gift from Valentine",
        "paid by Package",
        "paid by Membership",
        "Wife: Yelp review",
        "accompanied by Dinner reservation",
    ],
)
def test_staff_days_channels_and_rooms_reach_the_model(note: str) -> None:
    assert scrub_for_model(note) == note


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # a companion booked together with the guest is still masked, and so is a named relation
        ("booked together with Maria", "booked together with [name]"),
        ("booked with her sister Ngozi", "booked with her sister [name]"),
        ("Daughter (April) came", "Daughter ([name]) came"),
        # a staff name is masked only where the note also names it as the guest's companion
        ("Sister Ana booked. Booked with Ana again", "Sister [name] booked. Booked with [name] again"),
    ],
)
def test_companions_are_still_masked(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected
