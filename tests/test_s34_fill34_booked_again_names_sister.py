"""``/spa fill`` for a cancelled hour whose therapist the desk has booked since at the SISTER location names that
location ("Kai has appointment ap_… at Juniper & Salt Venice at 11:15am EST"): before, the answer read as if the
booking were in the desk's own book, and the desk searched SoHo's book for an appointment that is not there. The
time stays the desk's, labelled with its zone when the sister's clocks read otherwise. (A booking at the desk's own
location is named as before, with no location: ``test_s32_desk32_fill_booked_again``.)"""

from __future__ import annotations

import pytest

from tests.test_s33_fill33_booked_at_the_sister import _at_venice, _no_card
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_visiting_therapists_booking_at_home_is_named_with_its_location(world):
    spa = world.spa
    cancelled = spa.appointments["ap_b0044"]  # cancelled Wed 11:15am at SoHo
    visiting = cancelled.model_copy(update={
        "services": [cancelled.services[0].model_copy(update={"staff_id": "st_kai_nakamura"})]})
    spa.put_appointment(visiting)
    _at_venice(world, visiting, "st_kai_nakamura", new_id="ap_kai_home")
    answer = shown(await slash(world, "fill ap_b0044"))
    assert "Kai has appointment ap_kai_home at Juniper &amp; Salt Venice at 11:15am EST)" in answer, answer
    _no_card(world, "ap_b0044")

