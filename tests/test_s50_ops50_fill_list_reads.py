"""``/spa fill`` alone reads only the days of the cancellations it lists for its "booked again" check, not every
booking of the next fortnight: the spa's 548 bookings were 7 requests to look at a few hours (probe47c). The answer
is the same: a cancelled hour the same guest has booked again is still left out."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.domain import ACTIVE_STATUSES, AppointmentStatus, BookingRequest
from spa_copilot.fill.openings import OPENINGS_DAYS, openings_message
from spa_copilot.sandbox.world import SandboxWorld
from tests.test_blocks import all_text

#: Bookings planted a week and more ahead (no cancellation near them): several pages of the fortnight's book.
PLANTED = 300


async def test_the_fill_list_reads_the_cancellations_days_not_the_fortnight(world: SandboxWorld) -> None:
    spa, copilot = world.spa, world.copilot
    now = copilot.now()
    soon = sorted(
        (
            a
            for a in spa.appointments.values()
            if a.status == AppointmentStatus.confirmed
            and len(a.services) == 1
            and now + timedelta(hours=20) < a.start_at < now + timedelta(hours=40)
        ),
        key=lambda a: (a.start_at, a.id),
    )
    rebooked, left_open = soon[0], soon[-1]
    spa.cancel(rebooked.id, reason="changed her mind")
    spa.cancel(left_open.id, reason="sick")
    line = rebooked.services[0]
    spa.book(
        BookingRequest(
            location_id=rebooked.location_id,
            client_id=rebooked.client_id,
            service_id=line.service_id,
            staff_id=line.staff_id,
            start_at=line.start_at,
            resource_ids=line.resource_ids,
            source="desk",
        )
    )
    far = list(spa.appointments.values())[:PLANTED]
    for n, appointment in enumerate(far):  # copies a week and more ahead, at any hour
        shift = now + timedelta(days=7, hours=n % 100) - appointment.start_at
        spa.put_appointment(
            appointment.model_copy(
                update={
                    "id": f"ap_far{n}",
                    "status": AppointmentStatus.confirmed,
                    "cancellation": None,
                    "start_at": appointment.start_at + shift,
                    "end_at": appointment.end_at + shift,
                    "services": [
                        s.model_copy(update={"start_at": s.start_at + shift, "end_at": s.end_at + shift})
                        for s in appointment.services
                    ],
                }
            )
        )
    await copilot.catalog()
    platform = copilot.platform
    cancelled_upcoming = [
        a.id
        for a in spa.appointments.values()
        if a.status == AppointmentStatus.cancelled and now < a.start_at < now + timedelta(days=OPENINGS_DAYS)
    ]

    before = platform.request_count
    answer = all_text((await openings_message(copilot)).blocks_as_dicts())
    spent = platform.request_count - before
    before = platform.request_count  # what the fortnight's active bookings cost to read, as the list read them
    await platform.list_appointments(
        start_from=now - timedelta(days=1), start_to=now + timedelta(days=OPENINGS_DAYS), status=sorted(ACTIVE_STATUSES)
    )
    fortnight = platform.request_count - before

    assert f"/spa fill {left_open.id}" in answer and f"/spa fill {rebooked.id}" not in answer, answer
    assert all(f"/spa fill {i}" in answer for i in cancelled_upcoming if i != rebooked.id), answer
    assert fortnight >= 3 and spent < 1 + fortnight, (spent, fortnight)  # the cancelled ones' read, then far fewer
