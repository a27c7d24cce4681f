"""A later part of a guest's visit is told the visit's no-show risk as the visit's (staff-eye review, 4 December).

Helena had a 1:00pm Swedish Massage with Ana and a 2:15pm Signature Facial with Claire, one booking. The risk model
scores a booking by its start and first service, so Claire's line said "massage bookings are missed more often;
Friday 1:00pm appointments are missed more often" under her 2:15pm facial, as if of it. A no-show misses the whole
visit: Claire keeps the band and the reasons, said as the visit's, with who sees first whether Helena came."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import briefing_message
from spa_copilot.domain import ServiceLine
from spa_copilot.engines import briefing as engine
from tests.builders import appointment, at, client, location, service, staff

DAY = date(2026, 12, 4)
MASSAGE = service("sv_swedish", name="Swedish Massage 60")
FACIAL = service("sv_facial", name="Signature Facial 60", category="facial")
ANA, CLAIRE = staff("st_ana", first_name="Ana"), staff("st_claire", first_name="Claire")
RISK = engine.RiskNote("medium", 0.33, ("booked 33 days ahead", "massage bookings are missed more often",
                                        "Friday 1:00pm appointments are missed more often"))


def visit():
    booking = appointment(at(DAY, "13:00"), 60, id="ap_helena", staff_id="st_ana", service_id=MASSAGE.id)
    facial = ServiceLine(id="sl_2", service_id=FACIAL.id, service_name=FACIAL.name, staff_id="st_claire",
                         start_at=at(DAY, "14:15"), end_at=at(DAY, "15:15"), resource_ids=["rs_2"])
    massage = booking.services[0].model_copy(update={"service_name": MASSAGE.name})
    return booking.model_copy(update={"services": [massage, facial], "end_at": facial.end_at})


def shown(member) -> str:
    booking = visit()
    guest = engine.guest_brief(booking, member.id, client=client(first_name="Helena"), profile=GuestProfile(),
                               services={s.id: s for s in (MASSAGE, FACIAL)}, resources={},
                               staff={s.id: s for s in (ANA, CLAIRE)}, risk=RISK, location=location())
    day = engine.therapist_briefing(member, location(), DAY, [guest])
    return json.dumps(briefing_message(day).blocks_as_dicts(), ensure_ascii=False)


def test_the_later_part_is_told_the_risk_is_the_visits() -> None:
    text = shown(CLAIRE)
    assert "No-show risk for the visit from 1:00pm (Swedish Massage 60 with Ana): *medium* (33%)" in text, text
    assert "massage bookings are missed more often" in text  # the visit's reasons, said as the visit's


def test_the_part_that_starts_the_visit_is_told_it_as_before() -> None:
    text = shown(ANA)
    assert "No-show risk: *medium* (33%) — booked 33 days ahead; massage bookings" in text, text
    assert "for the visit" not in text
