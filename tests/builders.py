"""Small factories for domain objects in tests: a minimal valid object, overridable by keyword."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.domain import (
    Appointment,
    Client,
    Location,
    Resource,
    Service,
    ServiceLine,
    Shift,
    Staff,
)

NY = ZoneInfo("America/New_York")
_ids = count(1)


def at(day: date, hhmm: str, tz: ZoneInfo = NY) -> datetime:
    """An aware datetime on ``day`` at ``HH:MM`` local time."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=tz)


def location(**overrides: Any) -> Location:
    return Location(**({"id": "loc_1", "name": "Downtown", "time_zone": "America/New_York"} | overrides))


def staff(id: str = "st_1", **overrides: Any) -> Staff:
    base = {
        "id": id,
        "location_id": "loc_1",
        "first_name": id.replace("_", " ").title(),
        "last_name": "Test",
        "email": f"{id}@spa.example",
        "skills": ["massage"],
        "shifts": [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)],
    }
    return Staff(**(base | overrides))


def service(id: str = "sv_1", **overrides: Any) -> Service:
    base = {"id": id, "name": f"Service {id}", "category": "massage", "duration_minutes": 60, "price": 120.0}
    return Service(**(base | overrides))


def room(id: str = "rs_1", **overrides: Any) -> Resource:
    base = {"id": id, "location_id": "loc_1", "name": f"Room {id}", "type": "room", "room_type": "massageRoom"}
    return Resource(**(base | overrides))


def client(id: str = "cl_1", **overrides: Any) -> Client:
    """A client with a mobile number (a text to one without is refused, and the fill never drafts one): a test about a
    missing number says ``mobile_phone=None``."""
    return Client(**({"id": id, "first_name": "Ava", "last_name": "Stone", "mobile_phone": "+1-212-555-0100"}
                     | overrides))


def appointment(
    start: datetime,
    minutes: int = 60,
    *,
    id: str | None = None,
    staff_id: str | None = "st_1",
    service_id: str = "sv_1",
    resource_ids: list[str] | None = None,
    service_name: str | None = None,
    **overrides: Any,
) -> Appointment:
    """A one-line appointment from ``start`` lasting ``minutes`` (its line's service named ``service_name``, else
    "Service <id>")."""
    appointment_id = id or f"ap_{next(_ids)}"
    end = start + timedelta(minutes=minutes)
    line = ServiceLine(
        id=f"sl_{appointment_id}",
        service_id=service_id,
        service_name=service_name or f"Service {service_id}",
        staff_id=staff_id,
        start_at=start,
        end_at=end,
        resource_ids=resource_ids if resource_ids is not None else ["rs_1"],
    )
    base = {
        "id": appointment_id,
        "location_id": "loc_1",
        "client_id": "cl_1",
        "status": "confirmed",
        "start_at": start,
        "end_at": end,
        "services": [line],
        "updated_at": start - timedelta(days=1),
    }
    return Appointment(**(base | overrides))


class OneAnswerModel:
    """A chat model stand-in for ``Concierge(model=...)`` that answers every draft request with ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def with_structured_output(self, schema: Any, method: str) -> Any:
        outer = self

        class Runnable:
            async def ainvoke(self, messages: Any) -> Any:
                return schema(text=outer.text)

        return Runnable()


class AllHigh:
    """A risk model stand-in (``Copilot.risk``) scoring every booking high (50%), with one reason."""

    def score(
        self, appointments: Any, history: Any, services: Any, locations: Any, now: Any, clients: Any = None
    ) -> dict[str, Any]:
        from spa_copilot.risk.bands import RiskScore

        return {a.id: RiskScore(appointment_id=a.id, probability=0.5, band="high", reasons=["new client"]) for a in appointments}


#: A Hot Stone booking's service, contraindicated for the conditions a guest's notes are most often read against: the
#: reader's tests ask what the therapist's DM says of a guest booked for it (``dm_lines``).
HOT_STONE = service(
    "sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy", "blood thinners", "varicose veins"]
)


def dm_lines(
    notes: str,
    booked: Service,
    *,
    day: date,
    intake: Any = None,
    booking_note: str = "",
    alerts: Any = (),
) -> str:
    """The therapist's DM lines (``engine.guest_lines``, preferences too) about a guest with these notes (and intake,
    alerts) booked for ``booked`` at 2:00pm on ``day`` with st_ana in room rs_1, read by the offline reader."""
    from spa_copilot.ai.extraction import extract_profile_offline
    from spa_copilot.engines import briefing as engine

    booking = appointment(at(day, "14:00"), id="ap_1", staff_id="st_ana", service_id=booked.id,
                          service_name=booked.name, notes=booking_note)
    guest = client(notes=notes, alerts=list(alerts), **({"health_history": intake} if intake is not None else {}))
    brief = engine.guest_brief(
        booking, "st_ana", client=guest, profile=extract_profile_offline(notes, intake=intake, today=day),
        services={booked.id: booked}, resources={"rs_1": room("rs_1")}, staff={"st_ana": staff("st_ana")},
        location=location(),
    )
    return "\n".join(engine.guest_lines(brief, preferences=True))


def invitation_case(
    *, tz: str = "America/New_York", month: int = 11, guest: str = "Jen", staff: str = "Priya", last: str = "Nair",
    svc: str = "Swedish Massage 60", menu: Sequence[str] | None = None,
) -> tuple[datetime, str, Any]:
    """An invitation to check: the slot's start (the 24th at 11:00am on ``tz``'s clock), the offline engine's text
    for it (a good text to add words to) and the offer's facts (``fill.drafts.OfferFacts``: the guest, the therapist
    with her surname, SoHo, Juniper & Salt, ``menu`` or the service alone)."""
    import dataclasses

    from spa_copilot.ai import offline
    from spa_copilot.ai.schemas import InvitationInput
    from spa_copilot.fill.drafts import OfferFacts

    start = datetime(2026, month, 24, 11, 0, tzinfo=ZoneInfo(tz))
    good = offline.invitation_text(InvitationInput(first_name=guest, service_name=svc, starts_at=start,
        staff_first_name=staff, hold_minutes=10, drafted_at=start - timedelta(hours=2)), spa_name="Juniper & Salt")
    fields = {f.name for f in dataclasses.fields(OfferFacts)}
    said = dict(starts_at=start, send_day=start.date(), guest_name=guest, services=[svc], menu=list(menu or [svc]),
                location="SoHo", names=["Juniper & Salt"], hold_minutes=10, staff_first_name=staff, staff_last_name=last,
                staff_names=[staff, "Maya"], minutes=60)
    return start, good, OfferFacts(**{k: v for k, v in said.items() if k in fields})
