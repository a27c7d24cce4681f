"""What the waitlist ranking (``engines.fill_ranking``) needs for an opening: the waiting entries, the
day's book, each candidate's history (their cancellations, how often they take offers, their no-show risk for this
slot), the daily cap, the guests drafted on other cards and the services each guest's own cautions rule out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from spa_copilot.copilot import Copilot
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Client,
    HistoryRecord,
    Service,
    ServiceLine,
    WaitlistEntry,
    WaitlistStatus,
)
from spa_copilot.engines.cautions import guest_ruled_out
from spa_copilot.engines.fill_ranking import (
    Candidate,
    OpenSlot,
    Ranking,
    count_recent_cancellations,
    rank_with_exclusions,
    short_notice_share,
)
from spa_copilot.fill._common import logger
from spa_copilot.fill.offer_limits import _cap_day_start, _drafted_elsewhere, _offers_counted
from spa_copilot.fill.recheck import _during_elsewhere
from spa_copilot.reads import Catalog, load_clients

if TYPE_CHECKING:
    from spa_copilot.risk.bands import RiskScore

HISTORY_CONCURRENCY = 8


async def _rank(  # noqa: ANN202
    copilot: Copilot, slot: OpenSlot, catalog: Catalog, book: Sequence[Appointment]
):
    """Gather the waitlist and the candidates' history, and rank them for ``slot`` against the day's ``book`` (read
    by the caller, ``proposing.propose_fill``, which checks what is still open of the slot in it first)."""
    platform = copilot.platform
    now = copilot.now()
    day = slot.start.astimezone(slot.tz).date()
    waitlist = await platform.list_waitlist(location_id=slot.location_id)
    waiting = [
        e for e in waitlist
        if e.status == WaitlistStatus.waiting and e.location_id == slot.location_id and e.date_from <= day <= e.date_to
    ]
    client_ids = sorted({e.client_id for e in waiting})
    clients, histories = await asyncio.gather(load_clients(platform, client_ids), _histories(copilot, client_ids))
    day_start = _cap_day_start(copilot, slot.tz)
    outcomes = copilot.store.fill_offer_outcomes(client_ids)
    # the day's book is this location's: a waitlisted client booked at another location during the opening is busy too
    elsewhere = _during_elsewhere(slot, (a for appointments in histories.values() for a in appointments))
    ranking = rank_with_exclusions(
        slot,
        waiting,
        clients=clients,
        services=catalog.services,
        staff=catalog.staff,
        resources=catalog.resources,
        appointments=[*book, *elsewhere],
        locations=catalog.locations,
        offers_today=_offers_counted(copilot, since=day_start),
        cancellation_counts={cid: count_recent_cancellations(appts, now=now) for cid, appts in histories.items()},
        risk=_risk_scores(copilot, slot, catalog, histories, clients, now),
        now=now,
        cap=copilot.settings.offer_daily_cap,
        responsiveness=_responsiveness(histories, outcomes, now),
        stopped=copilot.store.text_opted_out(client_ids),
        drafted_elsewhere=_drafted_elsewhere(copilot, slot),
        ruled_out=ruled_out_services(waiting, clients, {service.id: service for service in catalog.services}, day),
    )
    return ranking, clients


#: Why a guest the opening fits is not offered it by text (the audit's ``excluded``): the spa system has no mobile
#: number for them (``mobilePhone`` is optional in the contract). The card names them for the front desk to call.
NO_MOBILE = "no mobile number on file"


def can_be_texted(client: Client | None) -> bool:
    """Whether the spa system has a mobile number for ``client`` to text: a guest without one is never drafted a text
    (the send could only be refused), she is named on the card to call instead (``without_no_mobile``)."""
    return client is not None and client.has_mobile_number


def without_no_mobile(ranking: Ranking, clients: Mapping[str, Client]) -> tuple[Ranking, list[Candidate]]:
    """``ranking`` without the offerable candidates who have no mobile number on file (``can_be_texted``), and those
    candidates, best first: the card lists them to call, as it names the guests it cannot book (``by_hand``), rather
    than drafting a text no gateway can send or dropping them. The audit keeps why (``excluded``: ``NO_MOBILE``). A
    flagged candidate (a repeat canceller) stays flagged: never texted either, and named on the card already."""
    to_call = [c for c in ranking.offerable if not can_be_texted(clients.get(c.client_id))]
    if not to_call:
        return ranking, []
    left_off = {c.client_id for c in to_call}
    return replace(ranking, candidates=[c for c in ranking.candidates if c.client_id not in left_off],
                   excluded={**ranking.excluded, **{c.entry_id: NO_MOBILE for c in to_call}}), to_call


def ruled_out_services(
    waiting: Iterable[WaitlistEntry], clients: Mapping[str, Client], services: Mapping[str, Service], day: date
) -> dict[str, set[str]]:
    """Per client, the ids of the services they wait for that their own cautions rule out (``guest_ruled_out``, the
    offline lexicon's reading of their notes, intake and the spa's alerts, as the day book reads them): the ranking
    never offers them one."""
    wanted: dict[str, dict[str, None]] = {}
    for entry in waiting:
        wanted.setdefault(entry.client_id, {}).update(dict.fromkeys(entry.service_ids))
    found: dict[str, set[str]] = {}
    for client_id, service_ids in wanted.items():
        client = clients.get(client_id)
        asked = [services[sid] for sid in service_ids if sid in services]
        if client is not None and (hits := guest_ruled_out(asked, client, today=day)):
            found[client_id] = {hit.service_id for hit in hits}
    return found


async def _histories(copilot: Copilot, client_ids: Sequence[str]) -> dict[str, list[Appointment]]:
    semaphore = asyncio.Semaphore(HISTORY_CONCURRENCY)

    async def one(client_id: str) -> tuple[str, list[Appointment]]:
        async with semaphore:
            return client_id, await copilot.platform.list_appointments(client_id=client_id)

    return dict(await asyncio.gather(*(one(cid) for cid in client_ids)))


def _responsiveness(
    histories: Mapping[str, list[Appointment]], outcomes: Mapping[str, tuple[int, int]], now: datetime
) -> dict[str, float]:
    """Per client: the share of past offers they took, else the share of their bookings made at short notice."""
    scores: dict[str, float] = {}
    for client_id, appointments in histories.items():
        answered, booked = outcomes.get(client_id, (0, 0))
        if answered:
            scores[client_id] = booked / answered
        elif (share := short_notice_share(appointments, now=now)) is not None:
            scores[client_id] = share
    return scores


def _risk_scores(
    copilot: Copilot,
    slot: OpenSlot,
    catalog: Catalog,
    histories: Mapping[str, list[Appointment]],
    clients: Mapping[str, Client],
    now: datetime,
) -> dict[str, RiskScore] | None:
    """Each candidate's predicted no-show risk for this slot (with the model's band), when a risk model is loaded.
    A candidate whose appointments read have none before the slot is new unless their record knows a visit."""
    if copilot.risk is None or not slot.service_ids or not histories:
        return None
    service = catalog.service(slot.service_ids[0])
    hypothetical = [
        Appointment(
            id=f"fill-risk:{client_id}",
            location_id=slot.location_id,
            client_id=client_id,
            status=AppointmentStatus.confirmed,
            start_at=slot.start,
            end_at=slot.end,
            source="copilot",
            services=[
                ServiceLine(
                    id=f"fill-risk:{client_id}:1",
                    service_id=slot.service_ids[0],
                    service_name=service.name if service else "",
                    staff_id=slot.staff_ids[0] if slot.staff_ids else None,
                    start_at=slot.start,
                    end_at=slot.end,
                )
            ],
            created_at=now,
        )
        for client_id in histories
    ]
    history = [record for appointments in histories.values() for record in _history_records(appointments, catalog, now)]
    from spa_copilot.risk.features import clients_to_look_up, visit_records

    visited = visit_records(clients_to_look_up(hypothetical, history), clients)
    try:
        scores = copilot.risk.score(
            hypothetical, history, catalog.services, catalog.locations, now, clients=visited
        )
    except (ValueError, KeyError, TypeError) as exc:
        logger.warning("no-show risk unavailable for the fill of %s: %s", slot.appointment_id, type(exc).__name__)
        return None
    return {appointment.client_id: scores[appointment.id] for appointment in hypothetical if appointment.id in scores}


def _history_records(appointments: Iterable[Appointment], catalog: Catalog, now: datetime) -> list[HistoryRecord]:
    records = []
    ordered = sorted(appointments, key=lambda a: (a.start_at, a.id))
    for index, appointment in enumerate(ordered):
        outcome = _outcome(appointment)
        if outcome is None or appointment.start_at > now or not appointment.services:
            continue
        line = appointment.services[0]
        service = catalog.service(line.service_id)
        records.append(
            HistoryRecord(
                appointment_id=appointment.id,
                client_id=appointment.client_id,
                location_id=appointment.location_id,
                booked_at=appointment.created_at or appointment.start_at,
                start_at=appointment.start_at,
                service_id=line.service_id,
                category=service.category if service else "",
                price=service.price if service else 0.0,
                staff_id=line.staff_id,
                source=appointment.source or "unknown",
                deposit=appointment.deposit_paid,
                new_client=index == 0,
                outcome=outcome,
                cancelled_at=appointment.cancellation.cancelled_at if appointment.cancellation else None,
            )
        )
    return records


def _outcome(appointment: Appointment) -> Literal["completed", "noShow", "lateCancel", "cancelled"] | None:
    if appointment.status in (AppointmentStatus.completed, AppointmentStatus.checked_in):
        return "completed"
    if appointment.status == AppointmentStatus.no_show:
        return "noShow"
    if appointment.status == AppointmentStatus.cancelled:
        return "lateCancel" if appointment.cancellation and appointment.cancellation.late_cancel else "cancelled"
    return None
