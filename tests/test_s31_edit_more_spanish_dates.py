"""The Edit check reads a Spanish "<day> de <mes>" date as a date (session 31, rev31c).

"7 de diciembre" was not read: "la próxima semana, el lunes 7 de diciembre" and "este fin de semana, sábado 12 de
diciembre" were refused as a week said without its day, and "el 9 de diciembre a las 3pm" passed on a Dec 7 slot.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai.guardrails import named_day_flags
from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
MON7 = datetime(2026, 12, 7, 15, 0, tzinfo=TZ)  # Mon 7 Dec, 3:00 pm
SAT12 = datetime(2026, 12, 12, 15, 0, tzinfo=TZ)  # Sat 12 Dec, 3:00 pm


def problem(said: str, slot: datetime, send_day: date) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=send_day, guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage"], location="Juniper & Salt SoHo",
                       hold_minutes=10, staff_first_name="Priya", staff_names=["Priya", "Maya"])
    text = f"Hola Ana, se abrió un Swedish Massage con Priya {said} a las 3pm. Lo guardamos 10 min. Responde YES"
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize(("said", "slot", "send_day"), [
    ("la próxima semana, el lunes 7 de diciembre", MON7, date(2026, 12, 4)),
    ("la semana que viene, lunes 7 de dic", MON7, date(2026, 12, 4)),
    ("este fin de semana, sábado 12 de diciembre", SAT12, date(2026, 12, 8)),
    ("el 7 de Diciembre", MON7, date(2026, 12, 4)),
])
def test_the_slots_own_spanish_date_is_kept(said: str, slot: datetime, send_day: date) -> None:
    assert problem(said, slot, send_day) is None


@pytest.mark.parametrize(("said", "words"), [
    ("el 9 de diciembre", "9 de diciembre"), ("el 7 de enero", "7 de enero"), ("el 8 de dic.", "8 de dic."),
])
def test_another_spanish_date_is_refused(said: str, words: str) -> None:
    assert problem(said, MON7, date(2026, 12, 4)) == f'The slot is Mon 7 Dec, not "{words}": their YES books that day.'


def test_the_read_alone() -> None:
    assert named_day_flags("el 9 de diciembre", MON7) == ["wrongDay:9 de diciembre"]
    assert named_day_flags("el 7 de diciembre", MON7) == []
