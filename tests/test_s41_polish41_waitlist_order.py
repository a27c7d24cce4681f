"""``/spa waitlist`` lists its entries location by location, the soonest wanted first, then the first added (walk41).

They were listed as added (wl_020, wl_001, wl_004 …), SoHo and Venice mixed and next week before tomorrow.
"""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.domain import TimeWindow, WaitlistEntry
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.listeners.commands import answer_command
from spa_copilot.slack.presenters import first_wanted


def _entry(entry_id: str, location_id: str, client_id: str, service_id: str, first, last, windows, added):
    return WaitlistEntry(
        id=entry_id,
        location_id=location_id,
        client_id=client_id,
        service_ids=[service_id],
        date_from=first,
        date_to=last,
        time_windows=[TimeWindow(weekday=day.weekday(), start=start, end=end) for day, start, end in windows],
        created_at=added,
    )


async def _listed_ids(world: SandboxWorld) -> list[str]:
    kwargs = (await answer_command(world.copilot, text="waitlist", user_id=FRONT_DESK_USER)).to_kwargs()
    text = "\n".join(block["text"]["text"] for block in kwargs["blocks"] if block.get("type") == "section")
    return [line.split(" · ", 1)[0] for line in text.split("\n") if line.startswith("wl_t")]


async def test_the_waitlist_reads_by_location_then_soonest_wanted_then_first_added(world: SandboxWorld) -> None:
    first, second = (loc.id for loc in world.data.locations[:2])
    clients = [c.id for c in world.data.clients[:6]]
    service = world.data.services[0].id
    now = world.copilot.now()
    today = now.astimezone(world.data.locations[0].tz).date()
    day = [today + timedelta(days=n) for n in range(8)]
    added = [now - timedelta(days=10 - n) for n in range(6)]
    entries = [  # added in this order, which reads neither by location nor by day
        _entry("wl_t1", second, clients[0], service, day[2], day[2], [(day[2], "10:00", "14:00")], added[0]),
        _entry("wl_t2", first, clients[1], service, day[5], day[7], [(day[5], "09:00", "12:00")], added[1]),
        # its days began last week: wanted from today, its window tomorrow afternoon
        _entry(
            "wl_t3",
            first,
            clients[2],
            service,
            today - timedelta(days=6),
            day[4],
            [(day[1], "15:00", "18:00")],
            added[2],
        ),
        _entry("wl_t4", first, clients[3], service, day[1], day[1], [(day[1], "09:00", "11:00")], added[3]),
        _entry("wl_t5", second, clients[4], service, day[1], day[3], [], added[4]),  # any time
        _entry("wl_t6", first, clients[5], service, day[1], day[1], [(day[1], "09:00", "12:00")], added[5]),
    ]
    world.spa.waitlist = {e.id: e for e in entries}
    assert await _listed_ids(world) == ["wl_t4", "wl_t6", "wl_t3", "wl_t2", "wl_t5", "wl_t1"]


def test_the_first_day_wanted_is_the_first_with_a_window_from_today_on() -> None:
    from datetime import UTC, date, datetime

    monday = date(2026, 12, 7)
    entry = _entry(
        "wl_x",
        "loc",
        "cl",
        "sv",
        monday - timedelta(days=3),
        monday + timedelta(days=4),
        [
            (monday + timedelta(days=2), "13:00", "16:00"),
            (monday + timedelta(days=2), "09:30", "11:00"),
            (monday + timedelta(days=3), "08:00", "10:00"),
        ],
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert first_wanted(entry, today=monday) == (monday + timedelta(days=2), "09:30")
    assert first_wanted(entry.model_copy(update={"time_windows": []}), today=monday) == (monday, "")
    past = entry.model_copy(update={"date_to": monday - timedelta(days=1)})
    assert first_wanted(past, today=monday) == (past.date_from, "")
