"""A fill card none of whose guests would be booked with the therapist the cancellation freed says so above them
(staff-eye review, seed 11): under "With Zoe Laurent" every candidate read "with Elena: Zoe's hour stays open", a card
that looked as if it filled Zoe's hour. The ranking lists the guests who would take it first, so the line shows only
when there are none."""

from __future__ import annotations

import dataclasses

from spa_copilot.slack.blocks import fill_proposal_message
from spa_copilot.slack.views_models import FillCandidate
from tests.test_blocks import all_text, proposal

LINE = ("Nobody waiting can be booked with Maya: each guest below would be booked with another therapist, "
        "and this time stays open.")


def with_therapists(*staff_ids: str | None):  # noqa: ANN201
    view = proposal()
    candidates = tuple(
        FillCandidate(f"cl_{i}", f"Guest{i}", ("wants Swedish 60",), 0.5, staff_name="X", staff_id=staff_id)
        for i, staff_id in enumerate(staff_ids)
    )
    return dataclasses.replace(view, candidates=candidates)


def card(view) -> str:  # noqa: ANN001
    return all_text(fill_proposal_message(view).blocks_as_dicts())


def test_a_card_whose_every_guest_goes_to_another_therapist_says_the_freed_time_stays_open() -> None:
    text = card(with_therapists("st_elena", "st_sam"))
    assert LINE in text
    assert text.index(LINE) < text.index("Guest0"), "said above the candidates"


def test_a_card_with_a_guest_for_the_freed_therapist_does_not() -> None:
    assert LINE not in card(with_therapists("st_maya", "st_elena"))
    assert LINE not in card(with_therapists("st_elena", None))  # who is offered is not known: nothing is claimed


def test_a_card_that_does_not_say_whose_time_opened_does_not() -> None:
    view = with_therapists("st_elena")
    assert LINE not in card(dataclasses.replace(view, opening=dataclasses.replace(view.opening, staff_ids=())))
    assert "Nobody waiting can be booked" not in card(
        dataclasses.replace(view, opening=dataclasses.replace(view.opening, staff_name=None)))
