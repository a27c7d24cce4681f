"""A guest whose booking's services run past its summary's times (a second service after the summary's end) is busy
through them too (probe46h L1): the ranking read only the summary and offered her a slot inside her own service."""

from __future__ import annotations

from spa_copilot.domain import Appointment, ServiceLine
from tests.test_fill_ranking import BOOK, LOC, at, entry, rank


def test_a_guest_on_her_own_second_service_is_not_offered_a_slot_then() -> None:
    hers = Appointment(
        id="ap_e", location_id=LOC, client_id="cl_1", status="confirmed", start_at=at(10), end_at=at(11),
        services=[
            ServiceLine(id="l1", service_id="sv_facial_60", staff_id="st_cleo", start_at=at(10), end_at=at(11),
                        resource_ids=["rs_f1"]),
            ServiceLine(id="l2", service_id="sv_deep_60", staff_id="st_sam", start_at=at(11), end_at=at(12),
                        resource_ids=["rs_m2"]),
        ],
    )
    ranking = rank([entry("a", "cl_1", ["sv_swedish_60"])], appointments=[BOOK[0], hers])
    assert ranking.candidates == []
    assert ranking.excluded == {"a": "already booked at that time"}
    # her booking summed up truly (10-12) reads the same, as before
    whole = hers.model_copy(update={"end_at": at(12)})
    assert rank([entry("a", "cl_1", ["sv_swedish_60"])], appointments=[BOOK[0], whole]).excluded == ranking.excluded
