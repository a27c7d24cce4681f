"""Calendar diffing: what changed between the remembered snapshot and what the platform says now. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from spa_copilot.domain import Appointment, AppointmentStatus, newest_versions
from spa_copilot.store.db import SnapshotRow


class ChangeKind(StrEnum):
    created = "created"
    rescheduled = "rescheduled"
    cancelled = "cancelled"
    no_show = "no_show"
    reassigned = "reassigned"
    updated = "updated"
    removed = "removed"


@dataclass(frozen=True)
class CalendarChange:
    """One thing that happened to one appointment since the last look."""

    kind: ChangeKind
    appointment_id: str
    location_id: str
    appointment: Appointment | None
    previous: SnapshotRow | None


def snapshot_of(appointment: Appointment) -> SnapshotRow:
    """The ids-and-times record the store keeps of an appointment (no client details)."""
    return SnapshotRow(
        appointment_id=appointment.id,
        location_id=appointment.location_id,
        client_id=appointment.client_id,
        status=str(appointment.status),
        start_at=appointment.start_at.isoformat(),
        end_at=appointment.end_at.isoformat(),
        staff_ids=tuple(appointment.staff_ids),
        resource_ids=tuple(appointment.resource_ids),
        service_ids=tuple(sorted({line.service_id for line in appointment.services})),
        version=appointment.version,
        updated_at=appointment.updated_at.isoformat() if appointment.updated_at else None,
    )


def diff_calendar(
    previous: Mapping[str, SnapshotRow],
    current: Iterable[Appointment],
    *,
    vanished: Iterable[str] = (),
    since: datetime | None = None,
) -> list[CalendarChange]:
    """Changes from ``previous`` to ``current``; ``vanished`` are remembered ids a full read no longer returns.

    An older version than the remembered one is ignored (webhooks and polls arrive in any order), and so is all
    but the newest version of an appointment ``current`` lists more than once (a paged read during which it
    changed): each appointment is compared once, as it is now. ``since`` is
    where an incremental read started (its cursor, less the overlap): an appointment never seen before that arrives cancelled after it (booked
    and cancelled between two looks, or booked beyond the snapshot's days) is a cancellation. A full read has
    no ``since``: what it finds already cancelled was cancelled before the copilot looked.
    """
    changes: list[CalendarChange] = []
    for appointment in newest_versions(current):
        before = previous.get(appointment.id)
        if before is not None and appointment.version <= before.version:
            continue
        for kind in _kinds(before, appointment, since):
            changes.append(CalendarChange(kind, appointment.id, appointment.location_id, appointment, before))
    for appointment_id in vanished:
        before = previous.get(appointment_id)
        if before is not None and before.status not in _ENDED:
            changes.append(CalendarChange(ChangeKind.removed, appointment_id, before.location_id, None, before))
    return changes


_ENDED = {str(AppointmentStatus.cancelled), str(AppointmentStatus.no_show)}


def _kinds(before: SnapshotRow | None, now: Appointment, since: datetime | None) -> list[ChangeKind]:
    status = str(now.status)
    if before is None:
        if status == AppointmentStatus.cancelled and since is not None and _cancelled_after(now, since):
            return [ChangeKind.cancelled]
        return [] if status in _ENDED else [ChangeKind.created]
    if status != before.status and status == AppointmentStatus.cancelled:
        return [ChangeKind.cancelled]
    if status != before.status and status == AppointmentStatus.no_show:
        return [ChangeKind.no_show]
    if before.status in _ENDED and status not in _ENDED:
        # booked again under the same id (a cancellation undone, a no-show corrected): it holds its time and people
        # again, like a new booking (whatever its time now)
        return [ChangeKind.created]
    kinds: list[ChangeKind] = []
    if now.start_at != datetime.fromisoformat(before.start_at) or now.end_at != datetime.fromisoformat(before.end_at):
        kinds.append(ChangeKind.rescheduled)
    if tuple(now.staff_ids) != before.staff_ids or tuple(now.resource_ids) != before.resource_ids:
        kinds.append(ChangeKind.reassigned)
    return kinds or [ChangeKind.updated]


def _cancelled_after(appointment: Appointment, since: datetime) -> bool:
    """Cancelled after ``since``; without a ``cancelledAt``, an appointment updated since then counts."""
    cancellation = appointment.cancellation
    if cancellation is not None:
        return cancellation.cancelled_at > since
    return appointment.updated_at is None or appointment.updated_at > since
