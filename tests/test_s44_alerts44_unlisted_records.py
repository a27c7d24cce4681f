"""A live conflict card is never "Resolved" because a record it is about left the spa system's lists (probe44a M).

The engine cannot check a booking against a room, service or therapist it does not know, so a clash stops being
found when the room is removed, the service taken off the menu or the therapist's record gone, while the booking is
as wrong as before. Such a card stays live, saying which record is no longer listed; it resolves once the booking
itself changes (cancelled, moved, reassigned) or the record is back and the clash gone.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import alerts
from spa_copilot.domain import AppointmentStatus, Location, Shift, SpaData
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.slack import ids
from tests import builders as b
from tests.conftest import FakeClock, migrated_store

NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = date(2026, 12, 8)
HARBOR = Location(id="loc_a", name="Harbor NY", time_zone="America/New_York")
DAYTIME = [Shift(weekday=day, start="08:00", end="20:00") for day in range(7)]
LATE = [Shift(weekday=day, start="08:00", end="22:00") for day in range(7)]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(TUESDAY.year, TUESDAY.month, TUESDAY.day, hour, minute, tzinfo=NEW_YORK)


def booking(
    appointment_id: str, start: datetime, minutes: int, staff_id: str, rooms: list[str], service_id: str, client="cl_1"
):
    return b.appointment(
        start,
        minutes,
        id=appointment_id,
        staff_id=staff_id,
        service_id=service_id,
        resource_ids=rooms,
        location_id=HARBOR.id,
        client_id=client,
        updated_at=at(7).astimezone(UTC),
    )


def harbor(*appointments) -> SpaData:
    """Harbor NY: Nico (massage, hot stone; until 10:00pm) and Pia (no skills for either; until 8:00pm), two massage
    rooms and a facial room."""
    return SpaData(
        locations=[HARBOR],
        staff=[
            b.staff(
                "st_nico",
                location_id=HARBOR.id,
                first_name="Nico",
                last_name="North",
                shifts=LATE,
                skills=["massage", "hotStone"],
            ),
            b.staff("st_pia", location_id=HARBOR.id, first_name="Pia", last_name="Ng", shifts=DAYTIME),
        ],
        resources=[
            b.room("rs_1", location_id=HARBOR.id, name="Massage Room 1"),
            b.room("rs_2", location_id=HARBOR.id, name="Massage Room 2"),
            b.room("rs_f", location_id=HARBOR.id, name="Facial Room", room_type="facialRoom"),
        ],
        services=[
            b.service(
                "sv_swedish",
                name="Swedish Massage 60",
                required_skill="massage",
                room_types=["massageRoom"],
                buffer_minutes=15,
            ),
            b.service(
                "sv_stone",
                name="Hot Stone 90",
                duration_minutes=90,
                required_skill="hotStone",
                room_types=["massageRoom"],
            ),
        ],
        clients=[
            b.client("cl_1", first_name="Ava", last_name="Guest"),
            b.client("cl_2", first_name="Liam", last_name="Guest"),
        ],
        appointments=list(appointments),
    )


@pytest.fixture
async def open_world(tmp_path: Path) -> AsyncIterator[Callable]:
    opened = []

    async def start(data: SpaData) -> SandboxWorld:
        folder = tmp_path / f"world{len(opened)}"
        folder.mkdir()
        settings = Settings(_env_file=None, mangomint_retry_backoff_seconds=0.01).model_copy(
            update={"spa_db_path": folder / "state.db", "spa_model_dir": folder / "no-models"}, deep=True
        )
        clock = FakeClock(at(9).astimezone(UTC))
        store = migrated_store(folder / "alerts.db")
        manager = sandbox_world(settings, data=data, clock=clock, store=store)
        world = await manager.__aenter__()
        world.copilot.catalog_ttl_seconds = 0  # each poll reads the catalogue afresh
        opened.append((manager, store))
        await poll_calendar(world.copilot)
        return world

    yield start
    for manager, store in opened:
        await manager.__aexit__(None, None, None)
        store.close()


async def poll(world: SandboxWorld) -> None:
    world.copilot.clock.advance(minutes=1)  # type: ignore[attr-defined]  # the FakeClock given
    await poll_calendar(world.copilot)


def the_card(world: SandboxWorld) -> str:
    [message] = world.slack.messages(world.settings.spa_front_desk_channel)
    return message.text + "\n" + json.dumps(message.blocks, ensure_ascii=False)


def statuses(world: SandboxWorld) -> list[str]:
    return [row.status for row in world.copilot.store.alerts(location_id=HARBOR.id)]


def edit(world: SandboxWorld, appointment_id: str, **line_changes) -> None:
    """The booking edited in the spa system: its one line changed, a new version."""
    old = world.spa.appointments[appointment_id]
    lines = [line.model_copy(update=line_changes) for line in old.services]
    world.spa.put_appointment(
        old.model_copy(
            update={
                "services": lines,
                "start_at": lines[0].start_at,
                "end_at": lines[-1].end_at,
                "version": old.version + 1,
                "updated_at": world.copilot.now(),
            }
        )
    )


def cancel(world: SandboxWorld, appointment_id: str) -> None:
    old = world.spa.appointments[appointment_id]
    world.spa.put_appointment(
        old.model_copy(
            update={
                "status": AppointmentStatus.cancelled,
                "version": old.version + 1,
                "updated_at": world.copilot.now(),
            }
        )
    )


def still_live_saying(world: SandboxWorld, title: str, name: str) -> None:
    card = the_card(world)
    assert title in card
    assert "Resolved" not in card and "(resolved)" not in card
    assert f"{name} is no longer on the spa system's list: check this booking" in card
    assert statuses(world) == ["open"]
    assert ids.ACK_CONFLICT in card  # its buttons, as before


async def test_a_room_taken_off_the_list_keeps_the_wrong_room_card_live(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    assert "Wrong room type" in the_card(world) and "no longer on" not in the_card(world)
    world.spa.resources.pop("rs_f")
    await poll(world)
    still_live_saying(world, "Wrong room type", "Facial Room")
    redrawn = len(world.slack.calls_to("chat.update"))
    await poll(world)  # nothing new: nothing redrawn
    assert len(world.slack.calls_to("chat.update")) == redrawn
    still_live_saying(world, "Wrong room type", "Facial Room")


async def test_a_service_taken_off_the_menu_keeps_the_missing_skill_card_live(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 90, "st_pia", ["rs_1"], "sv_stone")))
    assert "Missing skill" in the_card(world)
    world.spa.services.pop("sv_stone")
    await poll(world)
    still_live_saying(world, "Missing skill", "Hot Stone 90")


async def test_a_service_taken_off_the_menu_keeps_the_turnover_card_live(open_world) -> None:
    world = await open_world(
        harbor(
            booking("ap_1", at(11), 60, "st_nico", ["rs_1"], "sv_swedish"),
            # the next guest in Massage Room 1 as the first leaves: no 15 minutes to turn it over
            booking("ap_2", at(12), 90, "st_nico", ["rs_1"], "sv_stone", client="cl_2"),
        )
    )
    before = world.copilot.store.alerts(location_id=HARBOR.id)
    assert [row.kind for row in before if row.status == "open"].count("buffer_violated") == 1
    world.spa.services.pop("sv_swedish")
    await poll(world)
    turnover = next(row for row in world.copilot.store.alerts(location_id=HARBOR.id) if row.kind == "buffer_violated")
    assert turnover.status == "open"
    card = world.slack.message(turnover.channel, turnover.ts)
    assert "Swedish Massage 60 is no longer on the spa system's list" in json.dumps(card.blocks)


async def test_a_therapists_record_gone_keeps_the_outside_shift_card_live(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(19, 30), 60, "st_pia", ["rs_1"], "sv_swedish")))
    assert "Outside shift" in the_card(world)
    world.spa.staff.pop("st_pia")
    await poll(world)
    still_live_saying(world, "Outside shift", "Pia Ng")


async def test_an_acknowledge_on_a_kept_card_keeps_its_line(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    world.spa.resources.pop("rs_f")
    await poll(world)
    [row] = world.copilot.store.alerts(location_id=HARBOR.id)
    await alerts.acknowledge_alert(world.copilot, row.key, user_id="U_DESK")
    drawn = the_card(world)
    assert "Acknowledged" in drawn and "Facial Room is no longer on the spa system's list" in drawn


async def test_a_snooze_ending_on_a_kept_card_opens_it_again_once(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    [row] = world.copilot.store.alerts(location_id=HARBOR.id)
    await alerts.snooze_alert(world.copilot, row.key, user_id="U0DESK1")
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert statuses(world) == ["snoozed"] and "Facial Room is no longer on" in the_card(world)
    world.copilot.clock.advance(minutes=60)  # type: ignore[attr-defined]
    await poll(world)
    card = the_card(world)
    assert statuses(world) == ["open"]
    assert ids.ACK_CONFLICT in card and "Facial Room is no longer on" in card and "Snoozed" not in card
    assert not world.copilot.store.due_snoozes(location_id=HARBOR.id, now=world.copilot.now())


async def test_the_kept_card_resolves_when_the_booking_is_cancelled(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert statuses(world) == ["open"]
    cancel(world, "ap_1")
    await poll(world)
    assert statuses(world) == ["resolved"]
    assert "Resolved" in the_card(world) and "no longer on" not in the_card(world)


async def test_the_kept_card_resolves_when_the_booking_moves_or_is_given_to_another(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(19, 30), 60, "st_pia", ["rs_1"], "sv_swedish")))
    world.spa.staff.pop("st_pia")
    await poll(world)
    assert statuses(world) == ["open"]
    edit(world, "ap_1", staff_id="st_nico")
    await poll(world)
    assert statuses(world) == ["resolved"]

    moved = await open_world(harbor(booking("ap_2", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    moved.spa.resources.pop("rs_f")
    await poll(moved)
    assert statuses(moved) == ["open"]
    edit(moved, "ap_2", start_at=at(14), end_at=at(15))
    await poll(moved)
    assert statuses(moved) == ["resolved"]


async def test_a_record_listed_again_clears_the_line_or_resolves_the_card(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    facial = world.spa.resources.pop("rs_f")
    await poll(world)
    world.spa.resources["rs_f"] = facial  # back, and still a facial room: the clash is found again
    await poll(world)
    card = the_card(world)
    assert statuses(world) == ["open"] and "Wrong room type" in card and "no longer on" not in card
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert "Facial Room is no longer on" in the_card(world)
    world.spa.resources["rs_f"] = facial.model_copy(update={"room_type": "massageRoom"})  # back, fixed
    await poll(world)
    assert statuses(world) == ["resolved"]
    assert "Resolved" in the_card(world) and "no longer on" not in the_card(world)


def test_the_line_names_every_record_gone() -> None:
    assert alerts.unlisted_note([]) == ""
    assert alerts.unlisted_note(["Pia Ng"]).endswith(
        "Pia Ng is no longer on the spa system's list: check this booking."
    )
    assert alerts.unlisted_note(["Pia Ng", "Hot Stone 90"]).endswith(
        "Pia Ng and Hot Stone 90 are no longer on the spa system's lists: check this booking."
    )
    # a card about two bookings (a room double-booked) asks to check both (rev44i L4)
    assert alerts.unlisted_note(["Facial Room"], bookings=2).endswith("check these bookings.")
