"""s50: Ana double-booked across the two locations (SoHo 9:00-10:15am EST with Wei W.; Venice 7:00-7:30am PST =
10:00-10:30am EST) is marked "overlaps" in the day book and reported by `/spa conflicts`, but her morning DM said
nothing of it: `briefings.day_conflicts` asked the engine with this location's book alone. The morning run now reads
the other location's book (only where the snapshot has her booked, within `OTHER_BOOKS_SECONDS`) and her DM names the
other booking on its own clock and location; a same-site clash reads as before. A read that hangs or fails leaves the
mark out, and the DM goes on time."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import briefings
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import blocks
from spa_copilot.slack.answers import answer_brief
from spa_copilot.slack.command_parser import ParsedCommand
from tests.conftest import float_staff

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")


class Unanswering:
    """The sandbox client, except that the book of ``location_id`` never answers (``hangs``) or fails at once."""

    def __init__(self, inner: Any, location_id: str, *, hangs: bool) -> None:
        self.inner, self.location_id, self.hangs = inner, location_id, hangs

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def list_appointments(self, **query: Any) -> Any:
        if query.get("location_id") == self.location_id:
            if not self.hangs:
                raise PlatformUnavailable("GET /v1/appointments: HTTP 503 after 5 attempts")
            await asyncio.Event().wait()
        return await self.inner.list_appointments(**query)


def _dms(world: SandboxWorld) -> list[str]:
    return [m.text + json.dumps(m.blocks) for m in world.slack.messages(world.slack_id("st_ana_reyes"))]


def _caution_of(dm: str, guest: str) -> str:
    """The conflict line under ``guest`` in a DM ("" when none)."""
    section = dm[dm.index(guest) :]
    section = section[: section.find('"type": "section"')]
    return next((part for part in section.split("\\n") if "Overlaps" in part), "")


async def _floated(world: SandboxWorld) -> None:
    float_staff(world, "st_ana_reyes", "loc_venice", datetime(2026, 11, 24, 7, 0, tzinfo=LA), "ap_float1")
    await poll_calendar(world.copilot)  # the snapshot knows where she is booked


async def test_each_morning_dm_names_the_other_bookings_on_their_own_clock_and_location(world: SandboxWorld) -> None:
    # at SoHo, Wei 9:00-10:15am and Luca 10:30am overlap a booking planted at 10:00am too: a clash within the site
    planted = float_staff(world, "st_ana_reyes", "loc_soho", datetime(2026, 11, 24, 10, 0, tzinfo=NY), "ap_float2")
    guest = blocks.escape(world.spa.clients[planted.client_id].first_name)
    await _floated(world)

    await briefings.send_morning_briefings(world.copilot, "loc_soho")
    [soho] = _dms(world)
    assert '"text": "Your day, Tue 24 Nov"' in soho, "the rest of the DM unchanged: her own location's"
    # the site's own bookings named as before, the one at Venice on its clock and with its place
    assert _caution_of(soho, "*Wei*").startswith(
        f":warning: Overlaps {guest}'s 10:00am and Luca's 10:30am bookings; "
        "overlaps Aria's 7:00am PST booking at Juniper &amp; Salt Venice \\u2014 "
    ), soho
    assert "Overlaps" not in _caution_of(soho, "*Adeline*"), "only the bookings in the clash"

    await briefings.send_morning_briefings(world.copilot, "loc_venice")
    venice = _dms(world)[-1]
    assert (
        f"Overlaps Wei's 9:00am EST, {guest}'s 10:00am EST and Luca's 10:30am EST bookings at Juniper &amp; Salt SoHo"
        in _caution_of(venice, "*Aria*")
    ), venice


async def test_the_brief_preview_says_it_as_the_dms_do(world: SandboxWorld) -> None:
    await _floated(world)
    command = ParsedCommand("brief", ("st_ana_reyes",), "brief st_ana_reyes")
    message = await answer_brief(world.copilot, command, FRONT_DESK_USER)
    shown = json.dumps(message.to_kwargs()["blocks"])
    assert "Overlaps Aria's 7:00am PST booking at Juniper &amp; Salt Venice" in shown, shown
    assert "Overlaps Wei's 9:00am EST booking at Juniper &amp; Salt SoHo" in shown, shown


@pytest.mark.parametrize("hangs", [True, False], ids=["hangs", "fails"])
async def test_a_book_that_hangs_or_fails_leaves_the_mark_out_and_the_dm_goes_on_time(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, hangs: bool
) -> None:
    await _floated(world)
    monkeypatch.setattr(briefings, "OTHER_BOOKS_SECONDS", 0.3, raising=False)
    world.copilot.platform = Unanswering(world.copilot.platform, "loc_venice", hangs=hangs)  # type: ignore[assignment]

    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="spa_copilot.briefings"):
        run = await briefings.send_morning_briefings(world.copilot, "loc_soho")
    assert time.monotonic() - began < 5, "the DMs did not wait for the hanging book"
    assert "st_ana_reyes" in run.sent and not run.failed, run
    [soho] = _dms(world)
    assert "Wei" in soho and "Overlaps" not in soho, soho
    said = [r.getMessage() for r in caplog.records if "loc_venice" in r.getMessage()]
    assert said and all("Ana" not in line and "Aria" not in line for line in said), said
