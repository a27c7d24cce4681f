"""A change to the spa's staff, rooms or services starts the conflict check of the locations it touches at the next
poll (review 28, MEDIUM 3): a therapist marked inactive, a shift edited, a certification lapsed, a service's skill,
room type or buffer changed were alerted only at the next full resync or the daily check, and fixing one left its
alert live. The catalogue is the one the poll reads anyway (every few minutes): no request of its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import alerts
from spa_copilot.domain import Certification, Location, Shift, SpaData
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.store.db import AlertRow

from . import builders as b
from .conftest import FakeClock, migrated_store

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
TUE = date(2026, 12, 8)
HARBOR = Location(id="loc_a", name="Harbor NY", time_zone="America/New_York")
PALMS = Location(id="loc_b", name="Palms LA", time_zone="America/Los_Angeles")
DAYTIME = [Shift(weekday=d, start="08:00", end="20:00") for d in range(7)]


def local(hh: int, mm: int = 0, tz: ZoneInfo = NY) -> datetime:
    return datetime(TUE.year, TUE.month, TUE.day, hh, mm, tzinfo=tz)


def spa() -> SpaData:
    """Nico (Harbor) has a 2:00pm and a 4:30pm Swedish massage in Massage Room 1, Olive (Harbor) a 3:10pm one there
    too (the 15-minute buffer after the 2:00pm one would reach 3:15pm, but the service asks none yet); Dev (Palms)
    a 10:00am one in Palms' room. Nothing clashes."""
    swedish = b.service("sv_swedish", name="Swedish Massage 60", required_skill="massage", room_types=["massageRoom"],
                        required_certification="massageLicense")
    licence = [Certification(name="massageLicense")]
    return SpaData(
        locations=[HARBOR, PALMS],
        staff=[
            b.staff("st_nico", location_id=HARBOR.id, first_name="Nico", last_name="North", shifts=DAYTIME,
                    certifications=licence),
            b.staff("st_olive", location_id=HARBOR.id, first_name="Olive", last_name="Owl", shifts=DAYTIME,
                    certifications=licence),
            b.staff("st_dev", location_id=PALMS.id, first_name="Dev", last_name="Diaz", shifts=DAYTIME,
                    certifications=licence),
        ],
        resources=[
            b.room("rs_a1", location_id=HARBOR.id, name="Massage Room 1"),
            b.room("rs_a2", location_id=HARBOR.id, name="Massage Room 2"),
            b.room("rs_b1", location_id=PALMS.id, name="LA Room 1"),
        ],
        services=[swedish],
        clients=[b.client(f"cl_{n}", first_name=name, last_name="Guest") for n, name in enumerate(["Ava", "Liam", "Mia", "Noah"], 1)],
        appointments=[
            b.appointment(local(14), 60, id="ap_1", staff_id="st_nico", service_id="sv_swedish", resource_ids=["rs_a1"],
                          location_id=HARBOR.id, client_id="cl_1"),
            b.appointment(local(16, 30), 60, id="ap_2", staff_id="st_nico", service_id="sv_swedish", resource_ids=["rs_a1"],
                          location_id=HARBOR.id, client_id="cl_2"),
            b.appointment(local(15, 10), 60, id="ap_3", staff_id="st_olive", service_id="sv_swedish",
                          resource_ids=["rs_a1"], location_id=HARBOR.id, client_id="cl_3"),
            b.appointment(local(10, tz=LA), 60, id="ap_p1", staff_id="st_dev", service_id="sv_swedish",
                          resource_ids=["rs_b1"], location_id=PALMS.id, client_id="cl_4"),
        ],
    )


@pytest.fixture
async def world(tmp_path: Path):  # noqa: ANN201 - the world of an async generator fixture
    settings = Settings(_env_file=None, mangomint_retry_backoff_seconds=0.01).model_copy(
        update={"spa_db_path": tmp_path / "state.db", "spa_model_dir": tmp_path / "no-models"}, deep=True
    )
    clock = FakeClock(local(9).astimezone(UTC))
    store = migrated_store(tmp_path / "s.db")
    async with sandbox_world(settings, data=spa(), clock=clock, store=store) as world:
        world.copilot.catalog_ttl_seconds = 0  # every poll reads the catalogue again (the cache's minutes gone by)
        await poll_calendar(world.copilot)
        assert live(world, HARBOR) == [] and live(world, PALMS) == []
        world.clock = clock  # type: ignore[attr-defined]
        yield world
    store.close()


def live(world: SandboxWorld, location: Location) -> list[AlertRow]:
    return world.copilot.store.alerts(location_id=location.id, statuses=alerts.LIVE)


async def poll(world: SandboxWorld) -> None:
    world.clock.advance(minutes=1)  # type: ignore[attr-defined]
    await poll_calendar(world.copilot)


def change_staff(world: SandboxWorld, staff_id: str, **update: object) -> None:
    world.spa.staff[staff_id] = world.spa.staff[staff_id].model_copy(update=update)


def change_service(world: SandboxWorld, **update: object) -> None:
    world.spa.services["sv_swedish"] = world.spa.services["sv_swedish"].model_copy(update=update)


async def test_a_therapist_marked_inactive_is_alerted_at_the_next_poll_and_the_fix_resolves_it(world: SandboxWorld) -> None:
    change_staff(world, "st_nico", active=False)
    await poll(world)
    rows = live(world, HARBOR)
    assert sorted((row.kind, row.key) for row in rows) == sorted((row.kind, row.key) for row in rows if row.kind == "outside_shift")
    assert len(rows) == 2 and all(row.ts for row in rows)
    posted = world.slack.messages(world.settings.spa_front_desk_channel)
    assert [m.text for m in posted] == [
        "Conflict: Outside shift, Tue 8 Dec 2:00pm at Harbor NY", "Conflict: Outside shift, Tue 8 Dec 4:30pm at Harbor NY",
    ]

    await poll(world)  # nothing more changed: nothing more posted
    assert len(world.slack.messages(world.settings.spa_front_desk_channel)) == 2

    change_staff(world, "st_nico", active=True)  # back at work: the cards are resolved at the next poll
    await poll(world)
    assert live(world, HARBOR) == []
    assert {row.status for row in world.copilot.store.alerts(location_id=HARBOR.id)} == {"resolved"}


#: Each change to the catalogue, and the kind of conflict it makes at Harbor.
CHANGES: dict[str, tuple[Callable[[SandboxWorld], None], str]] = {
    "shift edited": (lambda w: change_staff(w, "st_nico", shifts=[Shift(weekday=TUE.weekday(), start="08:00", end="15:00")]),
                     "outside_shift"),
    "certification lapsed": (
        lambda w: change_staff(w, "st_nico", certifications=[Certification(name="massageLicense", expires_on=date(2026, 12, 7))]),
        "missing_certification",
    ),
    "skill removed": (lambda w: change_staff(w, "st_olive", skills=["facial"]), "missing_skill"),
    "service's skill changed": (lambda w: change_service(w, required_skill="hotStone"), "missing_skill"),
    "service's room type changed": (lambda w: change_service(w, room_types=["facialRoom"]), "wrong_room_type"),
    "service's buffer added": (lambda w: change_service(w, buffer_minutes=15), "buffer_violated"),
    "room's type changed": (
        lambda w: w.spa.resources.__setitem__("rs_a1", w.spa.resources["rs_a1"].model_copy(update={"room_type": "facialRoom"})),
        "wrong_room_type",
    ),
}


@pytest.mark.parametrize("what", list(CHANGES))
async def test_a_change_to_staff_rooms_or_services_is_alerted_at_the_next_poll(world: SandboxWorld, what: str) -> None:
    change, kind = CHANGES[what]
    change(world)
    await poll(world)
    assert kind in {row.kind for row in live(world, HARBOR)}
    assert all(row.ts for row in live(world, HARBOR))


async def test_only_the_locations_a_change_touches_are_checked_and_a_quiet_poll_checks_none(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    check = alerts.check_location

    async def counted(copilot, location, **kwargs):  # noqa: ANN001, ANN202 - the real check, counted
        checked.append(location.id)
        return await check(copilot, location, **kwargs)

    monkeypatch.setattr(alerts, "check_location", counted)
    for _ in range(3):  # the catalogue read again at each poll, unchanged: no check, no book read
        await poll(world)
    assert checked == []

    change_staff(world, "st_dev", shifts=[Shift(weekday=TUE.weekday(), start="11:00", end="20:00")])  # Palms' Dev
    await poll(world)
    assert checked == [PALMS.id]
    assert [row.kind for row in live(world, PALMS)] == ["outside_shift"] and live(world, HARBOR) == []

    checked.clear()
    change_service(world, buffer_minutes=15)  # the menu is the spa's: every location is checked
    await poll(world)
    assert sorted(checked) == [HARBOR.id, PALMS.id]


async def test_a_visiting_therapist_changed_at_home_is_checked_where_they_are_booked(world: SandboxWorld) -> None:
    # Dev of Palms booked at Harbor at 6:00pm (New York): Harbor's check reads Dev's record too
    world.spa.put_appointment(
        b.appointment(local(18), 60, id="ap_v", staff_id="st_dev", service_id="sv_swedish", resource_ids=["rs_a2"],
                      location_id=HARBOR.id, client_id="cl_4", updated_at=local(9, 1).astimezone(UTC))
    )
    await poll(world)
    before = [row.kind for row in live(world, HARBOR)]
    change_staff(world, "st_dev", certifications=[])  # Dev's licence gone: both his bookings lack it
    await poll(world)
    assert [row.kind for row in live(world, HARBOR)] == [*before, "missing_certification"]
    assert [row.kind for row in live(world, PALMS)] == ["missing_certification"]


async def test_a_check_that_fails_is_tried_again_at_the_next_poll(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    check = alerts.check_location
    failures = [RuntimeError("a bug in one pass")]

    async def failing_once(copilot, location, **kwargs):  # noqa: ANN001, ANN202
        if failures and location.id == HARBOR.id:
            raise failures.pop()
        return await check(copilot, location, **kwargs)

    monkeypatch.setattr(alerts, "check_location", failing_once)
    change_staff(world, "st_nico", active=False)
    await poll(world)  # the check raised (logged by the poll): nothing posted yet
    assert live(world, HARBOR) == [] and not failures
    await poll(world)
    assert [row.kind for row in live(world, HARBOR)] == ["outside_shift", "outside_shift"]


async def test_the_catalogue_is_compared_as_the_poll_reads_it_with_no_request_of_its_own(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = world.copilot.platform
    asked: list[str] = []
    for name in ("list_locations", "list_staff", "list_services", "list_resources"):
        real = getattr(platform, name)

        async def counted(*args, _real=real, _name=name, **kwargs):  # noqa: ANN002, ANN003, ANN202
            asked.append(_name)
            return await _real(*args, **kwargs)

        monkeypatch.setattr(platform, name, counted)
    world.copilot.catalog_ttl_seconds = 300.0  # the copilot's own cache: the poll reads the catalogue every 5 minutes
    change_staff(world, "st_nico", active=False)
    for _ in range(3):  # read within the last five minutes (the fixture's poll): not read again, not yet seen
        await poll(world)
    assert asked == [] and live(world, HARBOR) == []

    world.copilot._catalog_at = float("-inf")  # its five minutes gone by: the next poll reads it, once
    await poll(world)
    assert sorted(asked) == ["list_locations", "list_resources", "list_services", "list_staff"]
    assert [row.kind for row in live(world, HARBOR)] == ["outside_shift", "outside_shift"]
