"""A therapist's day too long for one Slack message: the morning DM goes in parts, every guest in one of them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import aiohttp
import pytest

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Appointment, AppointmentStatus, HealthHistory, ServiceLine
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import BriefingItem, BriefingView

from .conftest import FakeClock

DAY = date(2026, 11, 24)
CLAIRE = "st_claire_dubois"


def view(count: int, *, cautions: int = 1, summary: str = "Good morning.", ai: bool = True) -> BriefingView:
    start = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    items = tuple(
        BriefingItem(
            start=start + timedelta(minutes=30 * i),
            end=start + timedelta(minutes=30 * (i + 1)),
            client_first_name=f"Guest{i:02d}",
            service_name="Brow & Lash Tint 30",
            cautions=tuple(f"caution {i}.{c}" for c in range(cautions)),
            notes="Likes it quiet.",
        )
        for i in range(count)
    )
    return BriefingView("Claire Dubois", DAY, "America/New_York", items, summary=summary, ai_generated=ai)


@pytest.mark.parametrize("count", [0, 1, 15, 16, 17, 40, 100])
def test_every_guest_is_in_exactly_one_part_and_each_part_fits_a_message(count: int) -> None:
    parts = blocks.briefing_parts(view(count))
    assert [i for part in parts for i in part.items] == list(range(count))
    texts = [json.dumps(part.message.blocks_as_dicts()) for part in parts]
    for i in range(count):  # each guest whole (name and caution) in the part that lists them
        [holder] = [t for t in texts if f"Guest{i:02d}" in t]
        assert f"caution {i}.0" in holder
    assert all(len(part.message.blocks) <= blocks.MAX_MESSAGE_BLOCKS for part in parts)
    assert not any("more appointment" in t for t in texts), "nothing is cut"
    assert "Good morning." in texts[0] and not any("Good morning." in t for t in texts[1:])
    assert all("Summary drafted by AI" in t for t in texts)


def test_a_long_day_says_which_part_each_message_is() -> None:
    parts = blocks.briefing_parts(view(16))
    assert len(parts) == 2
    assert [p.message.text for p in parts] == [
        "Briefing for Claire Dubois, Tue 24 Nov (1 of 2): 16 appointments",
        f"Briefing for Claire Dubois, Tue 24 Nov (2 of 2): {len(parts[1].items)} more appointment"
        + ("s" if len(parts[1].items) != 1 else ""),
    ]
    headers = [p.message.blocks_as_dicts()[0]["text"]["text"] for p in parts]
    assert headers == ["Your day, Tue 24 Nov (1 of 2)", "Your day, Tue 24 Nov (2 of 2)"]
    [one] = blocks.briefing_parts(view(3))
    assert one.message.text == "Briefing for Claire Dubois, Tue 24 Nov: 3 appointments"
    assert blocks.briefing_parts(view(1))[0].message.text.endswith(": 1 appointment")


@pytest.mark.parametrize(("count", "noun", "said"), [
    (1, "more appointments", "…and 1 more appointment"),
    (2, "more appointments", "…and 2 more appointments"),
    (1, "more", "…and 1 more"),
    (1, "more flagged clients", "…and 1 more flagged client"),
])
def test_the_more_line_says_one_thing_in_the_singular(count: int, noun: str, said: str) -> None:
    assert blocks.more_line(count, noun) == said


# ---------------------------------------------------------------------------------------------------
# Through the embedded world


def plant_long_day(world: SandboxWorld, guests: int = 25) -> str:
    """Claire's own day replaced by ``guests`` half-hour bookings from 9am; the last guest has a latex allergy (on
    the intake form). Returns that guest's first name."""
    soho = world.spa.locations["loc_soho"]
    for a in list(world.spa.appointments.values()):
        if CLAIRE in a.staff_ids and a.start_at.astimezone(soho.tz).date() == DAY:
            world.spa.put_appointment(a.model_copy(update={"status": AppointmentStatus.cancelled}))
    clients = sorted(world.spa.clients)[:guests]
    last = clients[-1]
    world.spa.clients[last] = world.spa.clients[last].model_copy(update={"health_history": HealthHistory(allergies=["latex"])})
    rooms = sorted(r.id for r in world.spa.resources.values() if r.location_id == "loc_soho" and r.room_type == "facialRoom")
    first = datetime(2026, 11, 24, 9, 0, tzinfo=soho.tz)
    for i, client_id in enumerate(clients):
        start, end = first + timedelta(minutes=30 * i), first + timedelta(minutes=30 * (i + 1))
        line = ServiceLine(id=f"sl_long{i}", service_id="sv_brow_lash_tint_30", service_name="Brow & Lash Tint 30",
                           staff_id=CLAIRE, start_at=start, end_at=end, resource_ids=[rooms[i % len(rooms)]])
        world.spa.put_appointment(Appointment(id=f"ap_long{i:02d}", location_id="loc_soho", client_id=client_id,
                                              status=AppointmentStatus.confirmed, start_at=start, end_at=end, services=[line]))
    return world.spa.clients[last].first_name


def claire_dms(world: SandboxWorld) -> list[str]:
    return [m.text + json.dumps(m.blocks) for m in world.slack.messages(world.slack_id(CLAIRE))]


async def test_twenty_five_guests_reach_the_therapist_in_two_dms_cautions_included(world: SandboxWorld, clock: FakeClock) -> None:
    clock.current = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)  # 7:30am in SoHo
    last = plant_long_day(world)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert CLAIRE in run.sent and not run.incomplete
    dms = claire_dms(world)
    assert len(dms) == 2 and "(1 of 2)" in dms[0] and "(2 of 2)" in dms[1]
    assert last in dms[1] and "latex allergy: nitrile gloves" in dms[1]
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert CLAIRE in again.already_sent and len(claire_dms(world)) == 2, "once per day, every part"


class SecondPostFails:
    """The copilot's Slack client, except that the second DM to one channel fails once."""

    def __init__(self, inner: object, channel: str) -> None:
        self.inner, self.channel, self.posts = inner, channel, 0

    def __getattr__(self, name: str) -> object:
        real = getattr(self.inner, name)
        if name != "chat_postMessage":
            return real

        async def post(**kwargs: object) -> object:
            if kwargs.get("channel") == self.channel:
                self.posts += 1
                if self.posts == 2:
                    raise aiohttp.ClientConnectionError("reset by peer")
            return await real(**kwargs)

        return post


async def test_a_part_that_could_not_be_sent_is_sent_by_the_retry_and_only_it(world: SandboxWorld, clock: FakeClock) -> None:
    clock.current = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    last = plant_long_day(world, guests=26)
    world.copilot.slack = SecondPostFails(world.copilot.slack, world.slack_id(CLAIRE))  # type: ignore[assignment]
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert CLAIRE in run.failed and run.incomplete
    assert len(claire_dms(world)) == 1
    retry = await send_morning_briefings(world.copilot, "loc_soho")
    assert retry.sent == [CLAIRE] and not retry.incomplete
    dms = claire_dms(world)
    assert len(dms) == 2 and "(1 of 2)" in dms[0] and "(2 of 2)" in dms[1] and last in dms[1]
    await send_morning_briefings(world.copilot, "loc_soho")
    assert len(claire_dms(world)) == 2
