"""The card for the hour a booking left by moving to the sister location is looked up by ``moved_away_claim`` (its
id and the location it left), not by ``opening_claim`` given a made-up ``moved_to`` ("moved", or a location's id where
a name belongs), which only its truth decided: the two claims are the same key, whatever the sister is called."""

from __future__ import annotations

import pytest

from spa_copilot.fill.proposing import moved_away_claim, opening_claim


@pytest.mark.parametrize("moved_to", ["Juniper & Salt Venice", "loc_venice", "x"])
def test_the_moved_away_claim_is_the_card_s_claim_wherever_the_booking_went(moved_to: str) -> None:
    assert moved_away_claim("ap_b0044", "loc_soho") == opening_claim("ap_b0044", "loc_soho", moved_to=moved_to)
    assert moved_away_claim("ap_b0044", "loc_soho") != opening_claim("ap_b0044", "loc_soho")  # a cancellation's
    assert moved_away_claim("ap_b0044", "loc_soho") != moved_away_claim("ap_b0044", "loc_venice")
