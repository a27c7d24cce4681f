"""A service's processing time, when its therapist is free for another guest, is said in the therapist's briefings
as the day book says it (session 20's note): a wrap at 11:30 and a massage at 12:00 in one therapist's morning DM
read as a double booking with nothing to explain it, which /spa today did ("free 11:55am–12:25pm while it
processes")."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import briefing_view
from spa_copilot.engines import briefing as engine
from spa_copilot.slack import blocks
from tests.builders import appointment, at, client, location, room, service, staff

DAY = date(2026, 11, 24)
ANA = staff("st_ana", first_name="Ana")
WRAP = service("sv_wrap", name="Detox Body Wrap 75", duration_minutes=25, processing_minutes=30, finishing_minutes=20)
MASSAGE = service("sv_massage", name="Swedish Massage 25", duration_minutes=25)
SERVICES = {WRAP.id: WRAP, MASSAGE.id: MASSAGE}


def guest(booking: object, name: str) -> engine.GuestBrief:
    return engine.guest_brief(booking, ANA.id, client=client(booking.client_id, first_name=name), profile=GuestProfile(),
                              services=SERVICES, resources={"rs_1": room()}, staff={ANA.id: ANA}, location=location())


WRAPPED = appointment(at(DAY, "11:30"), 75, id="ap_wrap", staff_id=ANA.id, service_id=WRAP.id)
INSIDE = appointment(at(DAY, "12:00"), 25, id="ap_massage", client_id="cl_2", staff_id=ANA.id, service_id=MASSAGE.id)


def test_the_morning_dm_says_when_the_therapist_is_free_while_a_wrap_processes() -> None:
    day = engine.therapist_briefing(ANA, location(), DAY, [guest(WRAPPED, "Bea"), guest(INSIDE, "Cleo")])
    text = json.dumps(blocks.briefing_message(briefing_view(day)).to_kwargs()["blocks"], ensure_ascii=False)
    assert "Service sv_wrap · Room rs_1 _(free 11:55am–12:25pm while it processes)_" in text, text
    assert text.count("while it processes") == 1  # the massage has none


def test_the_prep_dm_says_it_too_and_a_line_cut_short_frees_only_to_its_end() -> None:
    assert engine.prep_text(guest(WRAPPED, "Bea"), location()).splitlines()[0] == (
        "Coming up at 11:30am: Bea (new client), Service sv_wrap in Room rs_1 "
        "(free 11:55am–12:25pm while it processes)."
    )
    short = appointment(at(DAY, "11:30"), 40, id="ap_wrap", staff_id=ANA.id, service_id=WRAP.id)
    assert "(free 11:55am–12:10pm while it processes)" in engine.prep_text(guest(short, "Bea"), location())
    assert "while it processes" not in engine.prep_text(guest(INSIDE, "Cleo"), location())
