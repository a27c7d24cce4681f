"""The App Home, ``/spa today`` and ``/spa status`` when a location could not be read from the spa system (the client
leaves out one that does not fit the contract, while its staff are still listed), or none could."""

from __future__ import annotations

import json

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import Location, StaffRole
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.home import home_location, home_view_for
from spa_copilot.slack.listeners.commands import answer_command


def unreadable(world: SandboxWorld, location: Location) -> None:
    """The location's time zone as Windows spells it: the client skips the location, its staff stay listed."""
    world.spa.locations[location.id] = location.model_copy(update={"time_zone": "Pacific Standard Time"})


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=user)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


async def home(world: SandboxWorld, user_id: str) -> str:
    return json.dumps((await home_view_for(world.copilot, user_id)).to_dict(), ensure_ascii=False)


def therapist_of(world: SandboxWorld, location: Location) -> tuple[str, str]:
    """(Slack id, full name) of a therapist working at ``location``."""
    member = next(s for s in world.data.staff if s.location_id == location.id and s.role == StaffRole.therapist)
    return world.slack_id(member.id), member.display_name


async def test_a_therapist_of_a_location_not_read_gets_the_first_locations_day_and_why(world: SandboxWorld) -> None:
    soho, venice = world.data.locations[0], world.data.locations[1]
    unreadable(world, venice)
    await world.copilot.catalog(refresh=True)
    user_id, _ = therapist_of(world, venice)
    shown = await home(world, user_id)
    assert escape(texts.HOME_OTHER_LOCATION_TEXT.format(location=soho.name)) in shown, shown
    assert escape(f"Today at {soho.name}") in shown


async def test_with_no_location_read_the_home_shows_the_status_and_says_why(world: SandboxWorld) -> None:
    for location in world.data.locations:
        unreadable(world, location)
    await world.copilot.catalog(refresh=True)
    await scheduler.poll_calendar(world.copilot)
    shown = await home(world, world.manager_id)
    assert escape(texts.HOME_NO_LOCATION_TEXT) in shown
    assert "Today at" not in shown
    assert "Pending approvals" in shown  # the rest of the Home is there
    assert "in sync" not in shown and f"not synced: {texts.NOT_SYNCED_NO_LOCATION}" in shown


async def test_status_is_not_in_sync_before_any_location_is_polled(world: SandboxWorld) -> None:
    before = await answer(world, "status")
    assert f"not synced: {texts.NOT_SYNCED_YET}" in before and "in sync" not in before
    await scheduler.poll_calendar(world.copilot)
    assert "in sync" in await answer(world, "status")


async def test_today_names_a_therapist_whose_location_was_not_read_rather_than_failing(world: SandboxWorld) -> None:
    venice = world.data.locations[1]
    unreadable(world, venice)
    await world.copilot.catalog(refresh=True)
    user_id, name = therapist_of(world, venice)
    reply = await answer(world, f"today <@{user_id}>")
    assert escape(texts.LOCATION_NOT_READ_TEXT.format(of=name)) in reply, reply


async def test_today_with_no_location_read_says_so(world: SandboxWorld) -> None:
    for location in world.data.locations:
        unreadable(world, location)
    await world.copilot.catalog(refresh=True)
    assert escape(texts.NO_LOCATION_READ_TEXT) in await answer(world, "today")


async def test_every_answer_with_no_location_read_says_so_and_none_fails(world: SandboxWorld) -> None:
    class NoRisk:
        def score(self, *args: object, **kwargs: object) -> dict:
            return {}

    world.copilot.risk = NoRisk()
    for location in world.data.locations:
        unreadable(world, location)
    await world.copilot.catalog(refresh=True)
    client, service = world.data.clients[3], world.data.services[0]
    assert escape(texts.NO_LOCATION_WAITLIST_TEXT) in await answer(world, f"waitlist add {client.id} {service.id} fri 2pm-6pm")
    assert escape(texts.NO_LOCATION_RISK_TEXT) in await answer(world, "risk")
    card = await answer(world, f"client {client.id}")
    assert escape(client.display_name) in card and "Something went wrong" not in card, card


@pytest.mark.parametrize(
    "listed, works_at, shown, note",
    [
        (("a", "b"), "b", "b", ""),
        (("a", "b"), None, "a", ""),
        (("a",), "b", "a", texts.HOME_OTHER_LOCATION_TEXT.format(location="Place a")),
        ((), "b", None, texts.HOME_NO_LOCATION_TEXT),
        ((), None, None, texts.HOME_NO_LOCATION_TEXT),
    ],
)
def test_home_location(
    world: SandboxWorld, listed: tuple[str, ...], works_at: str | None, shown: str | None, note: str
) -> None:
    template = world.data.locations[0]
    locations = [template.model_copy(update={"id": i, "name": f"Place {i}"}) for i in listed]
    member = world.data.staff[0].model_copy(update={"location_id": works_at}) if works_at else None
    location, said = home_location(locations, member)
    assert (location.id if location else None, said) == (shown, note)
