"""A location missing from one read of the spa system's locations is not taken as closed (review 29, item 1).

One unreadable location record, or one read that leaves a location out, used to expire every live conflict card
there as "Resolved" (acknowledged and snoozed ones too) and drop its morning-briefing job, while the clashes stood;
nothing came back until the full resync. Now an unreadable one is kept (and said once in the ops channel, with its
recovery), a plain absence is confirmed over two reads ``LOCATION_REMOVAL_CONFIRM`` apart, and a closed location's
cards say it is no longer listed, not "Resolved".
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from spa_copilot import alerts, scheduler
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import build_scheduler, poll_calendar, refresh_location_jobs
from tests.conftest import FakeClock


def live(world: SandboxWorld, location_id: str = "loc_venice") -> list[Any]:
    return world.copilot.store.alerts(location_id=location_id, statuses=alerts.LIVE)


def cards(world: SandboxWorld) -> list[Any]:
    """The conflict cards and summaries posted (the ops channel may be the front desk's)."""
    return [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "onflict" in m.text and not m.text.startswith(":")]


def ops_texts(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel)]


class Without:
    """The sandbox client, except that its reads of the locations leave some out (a partial page)."""

    def __init__(self, inner: Any, *missing: str) -> None:
        self.inner = inner
        self.missing = set(missing)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def list_locations(self) -> Any:
        return [location for location in await self.inner.list_locations() if location.id not in self.missing]


def unreadable_venice(world: SandboxWorld) -> Any:
    """Make the gateway's answer to GET /v1/locations give Venice ``"timeZone": null``; returns the undo."""
    http = world.platform._http
    real_send = http.send

    async def send(request: httpx.Request, *args: Any, **kwargs: Any) -> httpx.Response:
        response = await real_send(request, *args, **kwargs)
        if request.url.path == "/v1/locations":
            await response.aread()
            body = json.loads(response.content)
            for location in body["data"]:
                if location["id"] == "loc_venice":
                    location["timeZone"] = None
            return httpx.Response(200, json=body, request=request)
        return response

    http.send = send

    def undo() -> None:
        http.send = real_send

    return undo


async def test_an_unreadable_location_record_keeps_its_cards_and_is_said_once_with_its_recovery(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0  # every poll reads the locations
    await poll_calendar(copilot)
    before = {row.key for row in live(world)}
    assert before, "the sandbox plants conflicts at Venice"
    posted = len(cards(world))
    undo = unreadable_venice(world)
    for _ in range(4):  # unreadable for a good while: never taken as closed
        clock.advance(minutes=5)
        await poll_calendar(copilot)
    assert {row.key for row in live(world)} == before
    assert not [m for m in world.slack.messages() if m.edited and "Resolved" in json.dumps(m.blocks)]
    said = [t for t in ops_texts(world) if "cannot be read" in t]
    assert len(said) == 1 and "loc_venice" in said[0] and "timeZone" in said[0], said
    undo()
    clock.advance(minutes=1)
    await poll_calendar(copilot)
    clock.advance(minutes=1)
    await poll_calendar(copilot)
    back = [t for t in ops_texts(world) if "can be read from the spa system again" in t]
    assert len(back) == 1 and "loc_venice" in back[0]
    assert {row.key for row in live(world)} == before
    assert len(cards(world)) == posted, "no card posted again"


async def test_a_location_left_out_of_one_read_keeps_its_cards_and_its_briefing_job(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0
    await poll_calendar(copilot)
    jobs = build_scheduler(copilot)
    await refresh_location_jobs(copilot, jobs)
    before = {row.key for row in live(world)}
    assert before
    posted = len(cards(world))
    real = copilot.platform
    copilot.platform = Without(real, "loc_venice")  # type: ignore[assignment]
    clock.advance(minutes=1)
    await poll_calendar(copilot)
    await refresh_location_jobs(copilot, jobs)
    clock.advance(minutes=1)
    await poll_calendar(copilot)  # a second read, too soon to confirm anything
    await refresh_location_jobs(copilot, jobs)
    assert {row.key for row in live(world)} == before
    assert jobs.get_job("briefing:loc_venice") is not None
    copilot.platform = real
    clock.advance(minutes=5)
    await poll_calendar(copilot)
    assert {row.key for row in live(world)} == before
    assert len(cards(world)) == posted, "nothing posted again"
    assert not [m for m in world.slack.messages() if m.edited and "no longer listed" in json.dumps(m.blocks)]


async def test_a_location_absent_from_two_reads_minutes_apart_is_closed_and_its_cards_say_so(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0
    await poll_calendar(copilot)
    jobs = build_scheduler(copilot)
    await refresh_location_jobs(copilot, jobs)
    rows = live(world)
    assert rows
    snoozed = rows[0]
    await alerts.snooze_alert(copilot, snoozed.key, user_id="U_DESK")
    copilot.platform = Without(copilot.platform, "loc_venice")  # type: ignore[assignment]
    clock.advance(minutes=1)
    await poll_calendar(copilot)
    assert live(world)
    clock.advance(seconds=scheduler.LOCATION_REMOVAL_CONFIRM.total_seconds())
    await poll_calendar(copilot)
    await refresh_location_jobs(copilot, jobs)
    assert live(world) == []
    assert jobs.get_job("briefing:loc_venice") is None
    assert jobs.get_job("briefing:loc_soho") is not None
    cards = {
        (m.channel, m.ts): m for m in world.slack.messages(world.settings.spa_front_desk_channel) if m.edited
    }
    for row in rows:
        card = cards[(row.channel, row.ts)]
        drawn = json.dumps(card.blocks)
        assert "is no longer listed on the spa system" in drawn, drawn
        assert "Resolved" not in drawn and '"~' not in drawn, "not struck through nor resolved: nobody fixed it"
        assert "no longer listed" in card.text
        assert ('"action_id"' in drawn) is False, "no buttons left"
        if row.key == snoozed.key:
            assert "Snoozed by" in drawn, "who snoozed it stays"


async def test_a_location_skipped_without_an_id_holds_every_absent_location(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """A read that skipped a location record whose id could not be read may have skipped any of them: none of the
    absent ones is taken as closed, however long it lasts."""
    from spa_copilot.platform.protocol import Listing

    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0
    await poll_calendar(copilot)
    before = {row.key for row in live(world)}
    real = copilot.platform

    class Skipping(Without):
        async def list_locations(self) -> Any:
            return Listing(await super().list_locations(), skipped=[None])

    copilot.platform = Skipping(real, "loc_venice")  # type: ignore[assignment]
    for _ in range(3):
        clock.advance(minutes=10)
        await poll_calendar(copilot)
    assert {row.key for row in live(world)} == before


async def test_one_read_looked_at_again_later_confirms_nothing(world: SandboxWorld, clock: FakeClock) -> None:
    """The catalogue is read at most every few minutes: the polls in between look at the same read, which is still
    one read, however much later; only a read made ``LOCATION_REMOVAL_CONFIRM`` after the first confirms."""
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 3600
    await poll_calendar(copilot)
    before = {row.key for row in live(world)}
    copilot.platform = Without(copilot.platform, "loc_venice")  # type: ignore[assignment]
    await copilot.catalog(refresh=True)
    await poll_calendar(copilot)
    clock.advance(minutes=1)
    await copilot.catalog(refresh=True)  # a second read, a minute later
    await poll_calendar(copilot)
    for _ in range(3):
        clock.advance(minutes=5)
        await poll_calendar(copilot)  # the same read, looked at again
    assert {row.key for row in live(world)} == before
    await copilot.catalog(refresh=True)
    await poll_calendar(copilot)
    assert live(world) == []


async def test_a_read_listing_no_location_at_all_keeps_every_briefing_job(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0
    jobs = build_scheduler(copilot)
    await refresh_location_jobs(copilot, jobs)
    copilot.platform = Without(copilot.platform, "loc_venice", "loc_soho")  # type: ignore[assignment]
    for _ in range(3):
        clock.advance(minutes=10)
        await refresh_location_jobs(copilot, jobs)
    assert jobs.get_job("briefing:loc_venice") is not None and jobs.get_job("briefing:loc_soho") is not None
