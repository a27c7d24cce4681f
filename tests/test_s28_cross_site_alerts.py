"""A clash that spans two locations (a therapist who works at two sites) through the real poll: the sandbox, the
stand-in Slack and the store, with a small spa of its own (Harbor NY and Palms LA) and a clock set by hand.

- a clash across sites that shrinks back to one site (the booking at the other site cancelled, or moved to this
  one) keeps its one card, redrawn and kept by the site where the clash now stands: never "Resolved" while it stands;
- a clash at one site that grows to a second site keeps its one card too, redrawn (its fix as well), kept by the
  first site by id from then on: never a second live card, and the full resync does not resolve it;
- a suggested fix never names a colleague who is booked at the other site then (Olive of Harbor, working at
  Palms), whether the other site's calendar was synced before or not yet.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from spa_copilot import alerts
from spa_copilot.domain import Appointment, Location, Shift, SpaData, Staff, StaffRole
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.slack_api import PostedMessage
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.slack import ids

from . import builders as b
from .conftest import FakeClock, migrated_store

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
TUESDAY = date(2026, 12, 8)
HARBOR = Location(id="loc_a", name="Harbor NY", time_zone="America/New_York")  # the first by id
PALMS = Location(id="loc_b", name="Palms LA", time_zone="America/Los_Angeles")
DAYTIME = [Shift(weekday=d, start="08:00", end="20:00") for d in range(7)]
DEV = b.staff("st_dev", location_id=PALMS.id, first_name="Dev", last_name="Delta", shifts=DAYTIME)


def local(day: date, hh: int, mm: int = 0, tz: ZoneInfo = NY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz)


def booked(
    id: str, start: datetime, staff_id: str, room: str | None, *, location: Location = HARBOR, client: str = "cl_1",
    minutes: int = 60,
) -> Appointment:
    """A confirmed Swedish massage (15 minutes of room turnover after it)."""
    return b.appointment(
        start, minutes, id=id, staff_id=staff_id, service_id="sv_swedish", resource_ids=[room] if room else [],
        location_id=location.id, client_id=client,
    )


def spa(appointments: Sequence[Appointment], extra_staff: Sequence[Staff] = ()) -> SpaData:
    """Harbor NY (Nico and Olive 8:00am–8:00pm, two massage rooms) and Palms LA (one room; Dev when given)."""
    return SpaData(
        locations=[HARBOR, PALMS],
        staff=[
            b.staff("st_nico", location_id=HARBOR.id, first_name="Nico", last_name="North", shifts=DAYTIME),
            b.staff("st_olive", location_id=HARBOR.id, first_name="Olive", last_name="Owl", shifts=DAYTIME),
            b.staff("st_boss", location_id=HARBOR.id, first_name="Bea", role=StaffRole.manager, shifts=[]),
            *extra_staff,
        ],
        resources=[
            b.room("rs_a1", location_id=HARBOR.id, name="Massage Room 1"),
            b.room("rs_a2", location_id=HARBOR.id, name="Massage Room 2"),
            b.room("rs_b1", location_id=PALMS.id, name="LA Room 1"),
        ],
        services=[
            b.service("sv_swedish", name="Swedish Massage 60", buffer_minutes=15, required_skill="massage",
                      room_types=["massageRoom"]),
        ],
        clients=[b.client(f"cl_{n}", first_name=name, last_name="Guest") for n, name in enumerate(
            ["Ava", "Liam", "Mia", "Noah", "Zoe"], start=1)],
        appointments=list(appointments),
    )


@asynccontextmanager
async def spa_world(
    settings: Settings, tmp_path: Path, clock: FakeClock, appointments: Sequence[Appointment],
    extra_staff: Sequence[Staff] = (),
) -> AsyncIterator[SandboxWorld]:
    store = migrated_store(tmp_path / "sites.db")
    async with sandbox_world(settings, data=spa(appointments, extra_staff), clock=clock, store=store) as world:
        yield world
    store.close()


def desk(world: SandboxWorld) -> list[PostedMessage]:
    return world.slack.messages(world.settings.spa_front_desk_channel)


def live_cards(world: SandboxWorld) -> list[PostedMessage]:
    """Cards still offering Acknowledge (not resolved, not retired)."""
    return [m for m in desk(world) if ids.ACK_CONFLICT in json.dumps(m.blocks)]


def shown(message: PostedMessage | None) -> str:
    assert message is not None
    return json.dumps(message.blocks)


def resolved_drawings(world: SandboxWorld) -> list[str]:
    """Every card update that drew a card as resolved."""
    return [
        json.dumps(call.params) for call in world.slack.calls_to("chat.update")
        if "Resolved" in json.dumps(call.params) or "(resolved)" in json.dumps(call.params)
    ]


def live_rows(world: SandboxWorld) -> list[tuple[str | None, list[str]]]:
    """The live alerts: who keeps each, and its appointments."""
    return sorted(
        (row.location_id, sorted((row.view or {}).get("appointmentIds", [])))
        for loc in (HARBOR, PALMS)
        for row in world.copilot.store.alerts(location_id=loc.id, statuses=alerts.LIVE)
    )


#: Dev (Palms') twice at Palms, 10:00am and 10:30am PST, and once at Harbor, 1:45pm EST (10:45am PST).
DEV_AT_PALMS = [
    booked("ap_p1", local(TUESDAY, 10, 0, LA), "st_dev", "rs_b1", location=PALMS, client="cl_1"),
    booked("ap_p2", local(TUESDAY, 10, 30, LA), "st_dev", None, location=PALMS, client="cl_2"),
]
DEV_AT_HARBOR = booked("ap_h", local(TUESDAY, 13, 45), "st_dev", "rs_a1", location=HARBOR, client="cl_3")


async def test_a_clash_across_sites_that_shrinks_to_the_other_site_keeps_its_card_redrawn_there(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, [*DEV_AT_PALMS, DEV_AT_HARBOR], [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "Harbor NY and Palms LA" in card.text
        assert live_rows(world) == [("loc_a", ["ap_h", "ap_p1", "ap_p2"])], "kept by Harbor, the first by id"

        clock.advance(minutes=3)
        world.spa.cancel("ap_h", reason="flu", by="client")  # Dev is still double-booked at Palms
        await poll_calendar(world.copilot)  # only Harbor's sync sees the change
        assert [m.ts for m in live_cards(world)] == [card.ts], "the one card, still live"
        now = shown(world.slack.message(card.channel, card.ts))
        assert "Harbor NY" not in now and "ap_h" not in now and "Dev Delta is booked for 2 appointments" in now
        assert live_rows(world) == [("loc_b", ["ap_p1", "ap_p2"])], "kept by Palms from now on"
        assert resolved_drawings(world) == [], "never drawn resolved while the clash stands"
        posts, updates = (len(world.slack.calls_to(m)) for m in ("chat.postMessage", "chat.update"))
        for _ in range(3):
            clock.advance(minutes=3)
            await poll_calendar(world.copilot)
        await poll_calendar(world.copilot, full=True)
        assert [len(world.slack.calls_to(m)) for m in ("chat.postMessage", "chat.update")] == [posts, updates]

        clock.advance(minutes=3)
        world.spa.cancel("ap_p2", reason="flu", by="client")  # now the clash is gone: Palms' pass resolves the card
        await poll_calendar(world.copilot)
        assert live_cards(world) == [] and "Resolved" in shown(world.slack.message(card.channel, card.ts))
        assert posts == 1


async def test_a_clash_across_sites_summed_up_in_a_burst_is_posted_at_the_other_site_at_once_when_it_shrinks(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    bursting = settings.model_copy(update={"alert_burst_threshold": 1})
    nico_twice = [  # a second clash at Harbor the same day: the first poll sums both up in one message
        booked("ap_n1", local(TUESDAY, 16, 0), "st_nico", "rs_a1", client="cl_4"),
        booked("ap_n2", local(TUESDAY, 16, 30), "st_nico", "rs_a2", client="cl_5"),
    ]
    async with spa_world(bursting, tmp_path, clock, [*DEV_AT_PALMS, DEV_AT_HARBOR, *nico_twice], [DEV]) as world:
        await poll_calendar(world.copilot)
        assert live_cards(world) == [] and len(desk(world)) == 1, "one summary"
        clock.advance(minutes=3)
        world.spa.cancel("ap_h", reason="flu", by="client")  # only Harbor's sync sees it
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "Dev Delta is booked for 2 appointments" in shown(card) and "Palms LA" in card.text
        assert live_rows(world) == [("loc_a", ["ap_n1", "ap_n2"]), ("loc_b", ["ap_p1", "ap_p2"])]


async def test_a_booking_moved_to_the_other_site_keeps_the_clash_on_its_card(settings: Settings, tmp_path: Path) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    appointments = [
        booked("ap_h", local(TUESDAY, 13, 30), "st_nico", "rs_a1"),  # 1:30pm EST at Harbor
        booked("ap_p", local(TUESDAY, 10, 0, LA), "st_nico", "rs_b1", location=PALMS, client="cl_2"),  # 1:00pm EST
    ]
    async with spa_world(settings, tmp_path, clock, appointments) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        clock.advance(minutes=3)
        moved = world.spa.appointments["ap_h"]  # rebooked at Palms under the same id, Nico still on it
        lines = [line.model_copy(update={"resource_ids": []}) for line in moved.services]
        world.spa.put_appointment(moved.model_copy(update={
            "location_id": PALMS.id, "services": lines, "version": moved.version + 1, "updated_at": clock(),
        }))
        for _ in range(3):
            await poll_calendar(world.copilot)
            clock.advance(minutes=3)
        assert [m.ts for m in live_cards(world)] == [card.ts]
        assert "Harbor NY" not in shown(world.slack.message(card.channel, card.ts))
        assert live_rows(world) == [("loc_b", ["ap_h", "ap_p"])]
        assert resolved_drawings(world) == []


async def test_a_clash_at_one_site_that_grows_to_another_keeps_its_one_card(settings: Settings, tmp_path: Path) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, DEV_AT_PALMS, [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "11:00am, when Dev is free" in shown(card)
        assert live_rows(world) == [("loc_b", ["ap_p1", "ap_p2"])]

        clock.advance(minutes=3)  # Dev booked at Harbor too, 1:45pm EST (10:45am PST): only Harbor's sync sees it
        world.spa.put_appointment(DEV_AT_HARBOR.model_copy(update={"updated_at": clock(), "created_at": clock()}))
        await poll_calendar(world.copilot)
        assert [m.ts for m in live_cards(world)] == [card.ts], "one live card, not a second"
        now = shown(world.slack.message(card.channel, card.ts))
        assert "Harbor NY and Palms LA" in now and "booked for 3 appointments" in now
        assert "when Dev is free" not in now, "the old fix (Dev is at Harbor until 11:45am PST) is redrawn too"
        assert live_rows(world) == [("loc_a", ["ap_h", "ap_p1", "ap_p2"])], "kept by Harbor, the first by id"
        assert len(world.slack.calls_to("chat.postMessage")) == 1

        for _ in range(3):
            clock.advance(minutes=3)
            await poll_calendar(world.copilot)
        clock.advance(minutes=3)
        await poll_calendar(world.copilot, full=True)  # every location's pass runs: nothing resolved
        assert [m.ts for m in live_cards(world)] == [card.ts]
        assert resolved_drawings(world) == []
        assert live_rows(world) == [("loc_a", ["ap_h", "ap_p1", "ap_p2"])]


async def test_a_card_handed_to_a_site_that_cannot_be_read_stays_live_until_it_is_taken_over(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, [*DEV_AT_PALMS, DEV_AT_HARBOR], [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        platform = world.copilot.platform
        real = platform.list_appointments
        palms_down = False
        palms_reads = 0

        async def reads(**kwargs: object) -> object:
            # Harbor's pass reads Palms' book (the first read of it); then Palms is down: its own pass cannot read it
            nonlocal palms_reads
            if palms_down and kwargs.get("location_id") == PALMS.id and "start_from" in kwargs:
                palms_reads += 1
                if palms_reads > 1:
                    raise PlatformUnavailable("Palms is down")
            return await real(**kwargs)

        platform.list_appointments = reads  # type: ignore[method-assign]
        palms_down = True
        clock.advance(minutes=3)
        world.spa.cancel("ap_h", reason="flu", by="client")
        await poll_calendar(world.copilot)
        assert [m.ts for m in live_cards(world)] == [card.ts], "left live, not resolved, while Palms is unread"
        assert resolved_drawings(world) == []
        assert live_rows(world) == [("loc_a", ["ap_h", "ap_p1", "ap_p2"])], "Palms' pass could not take it over yet"
        assert palms_reads > 1, "Harbor's pass read Palms, then Palms' own pass was asked to take the card over"

        palms_down = False
        clock.advance(minutes=3)
        await poll_calendar(world.copilot)  # nothing changed in either book: Harbor's check runs again all the same
        assert [m.ts for m in live_cards(world)] == [card.ts]
        assert live_rows(world) == [("loc_b", ["ap_p1", "ap_p2"])]
        assert "Harbor NY" not in shown(world.slack.message(card.channel, card.ts))


#: Nico double-booked at Harbor 1:00pm and 1:30pm EST; Olive (Harbor's) works at Palms 10:00–11:30am PST
#: (1:00–2:30pm EST) that day, so she is not free to take Nico's 1:30pm.
NICO_TWICE = [
    booked("ap_1", local(TUESDAY, 13, 0), "st_nico", "rs_a1", client="cl_1"),
    booked("ap_2", local(TUESDAY, 13, 30), "st_nico", "rs_a2", client="cl_2"),
]
OLIVE_AT_PALMS = booked("ap_olive", local(TUESDAY, 10, 0, LA), "st_olive", "rs_b1", location=PALMS, client="cl_3", minutes=90)


async def test_a_fix_never_names_a_colleague_booked_at_the_other_site_on_the_first_poll(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, [*NICO_TWICE, OLIVE_AT_PALMS]) as world:
        await poll_calendar(world.copilot)  # Harbor's pass runs before Palms' calendar was ever synced
        [card] = live_cards(world)
        assert "Nico North is booked for 2 appointments" in shown(card)
        assert "Olive" not in shown(card), "Olive is at Palms then"
        assert "Move the 1:30pm Swedish Massage 60 (Liam G.) to 2:00pm, when Nico is free." in shown(card)


async def test_a_fix_never_names_a_colleague_the_snapshot_has_at_the_other_site(settings: Settings, tmp_path: Path) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, [OLIVE_AT_PALMS]) as world:
        await poll_calendar(world.copilot)
        assert live_cards(world) == []
        reads: list[str] = []
        platform = world.copilot.platform
        real = platform.list_appointments

        async def counted(**kwargs: object) -> object:
            reads.append(str(kwargs.get("location_id")))
            return await real(**kwargs)

        platform.list_appointments = counted  # type: ignore[method-assign]
        clock.advance(minutes=3)
        for appointment in NICO_TWICE:  # Harbor's book changes; Palms' does not
            world.spa.put_appointment(appointment.model_copy(update={"updated_at": clock(), "created_at": clock()}))
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "Nico North is booked for 2 appointments" in shown(card)
        assert "Olive" not in shown(card), "Olive is at Palms then"
        assert PALMS.id in reads, "Harbor's pass read Palms' book, where its colleague Olive is booked"
