"""A booking that left the days the copilot follows and came back as a new booking is told from what each therapist
was told of it (``briefings._as_told``; session 32, after rev32b F1 and F2): given away, then given back to her, it is
"booked with you again"; a colleague on it all along who was never told (no Slack user) is not named as taking it
over. The scenes are those of ``tests/stops.py``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from spa_copilot import briefings
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import prepped_booking
from tests.stops import a_colleague, a_prepped_booking, polled_once, polls_a_minute_apart, texts, touched

WEEK = timedelta(days=7)


def updates(world: SandboxWorld, channel: str, since: int) -> list[str]:
    return [t for t in texts(world, channel, since) if t.startswith("Update:")]


def shifted(appointment: Any, by: timedelta, **line: Any) -> dict[str, Any]:
    """``touched``'s update moving the booking and each of its services by ``by`` (each line updated with ``line``)."""
    return {"start_at": appointment.start_at + by, "end_at": appointment.end_at + by,
            "services": [s.model_copy(update={"start_at": s.start_at + by, "end_at": s.end_at + by, **line})
                         for s in appointment.services]}


def two_parts(world: SandboxWorld, template: Any, colleague_id: str) -> Any:
    """A new two-part SoHo booking made from ``template`` half an hour later: its first service, then the same service
    with ``colleague_id`` right after."""
    first = template.services[0]
    stamp, shift, length = world.spa._stamp(), timedelta(minutes=30), first.end_at - first.start_at
    line_a = first.model_copy(update={"start_at": first.start_at + shift, "end_at": first.end_at + shift})
    line_b = first.model_copy(update={"staff_id": colleague_id, "start_at": line_a.end_at,
                                      "end_at": line_a.end_at + length, "resource_ids": []})
    new = template.model_copy(update={"id": "ap_two_parts", "updated_at": stamp, "created_at": stamp, "version": 1,
                                      "notes": "", "start_at": line_a.start_at, "end_at": line_b.end_at,
                                      "services": [line_a, line_b]})
    world.spa.put_appointment(new)
    return new


async def test_a_booking_given_away_to_next_week_then_back_to_her_is_told_as_hers_again(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Dragged to next week under a colleague (she is told "is moved to …", and the row leaves the snapshot's days),
    then undone: the booking comes back as a new one, at the time she was prepped for."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    booking, dm = prepped.booking, prepped.dm
    sent = len(world.slack.messages(dm))
    touched(world, booking.id, **shifted(booking, WEEK, staff_id=prepped.colleague.id))
    await polls_a_minute_apart(world, clock, 2)
    [away] = updates(world, dm, sent)
    assert away.endswith(f"is moved to {prepped.colleague.first_name}.")
    assert booking.id not in copilot.store.snapshot(location_id="loc_soho")
    touched(world, booking.id, start_at=booking.start_at, end_at=booking.end_at, services=booking.services)
    await polls_a_minute_apart(world, clock, 3)
    told = updates(world, dm, sent)
    assert len(told) == 2 and told[1].endswith("is booked with you again."), told
    assert told[1].split(" is ")[0] == away.split(" is ")[0]  # the guest and time she was prepped for


async def test_a_colleague_on_the_booking_all_along_and_never_told_is_not_named_as_taking_it_over(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """A two-part booking, the second part a colleague's with no Slack user (never told). Moved to next week, then
    back with the first part given to a third therapist: only the third is named."""
    copilot = await polled_once(world)
    copilot.catalog_ttl_seconds = 0
    await briefings.send_prep_briefings(copilot)
    template = await prepped_booking(world)
    first = template.services[0]
    mine = first.staff_id
    never_told = a_colleague(world, mine)
    taking_over = a_colleague(world, mine, never_told.id)
    world.spa.staff[never_told.id] = world.spa.staff[never_told.id].model_copy(update={"email": "typo@example.com"})
    new = two_parts(world, template, never_told.id)
    dm = world.slack.dm_channel(world.slack_id(mine))
    sent = len(world.slack.messages(dm))
    await polls_a_minute_apart(world, clock, 2)
    assert [t for t in texts(world, dm, sent) if t.startswith("Coming up")]
    assert copilot.store.told(new.id, never_told.id) is None
    sent = len(world.slack.messages(dm))
    touched(world, new.id, **shifted(new, WEEK))
    await polls_a_minute_apart(world, clock, 2)
    touched(world, new.id, start_at=new.start_at, end_at=new.end_at,
            services=[new.services[0].model_copy(update={"staff_id": taking_over.id}), new.services[1]])
    await polls_a_minute_apart(world, clock, 2)
    told = updates(world, dm, sent)
    assert len(told) == 2 and told[1].endswith(f"is moved to {taking_over.first_name}."), told
