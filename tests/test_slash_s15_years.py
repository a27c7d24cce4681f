"""A day in another year than the location's today carries its year wherever ``/spa`` shows it (``/spa today
2027-11-23`` said "Tue 23 Nov"; a waitlist entry added a year out said "on Fri 26 Nov"); a day this year does not."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.domain import WaitlistStatus
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.listeners.commands import answer_command
from spa_copilot.slack.views_models import BriefingView
from tests.builders import AllHigh
from tests.conftest import DAY


async def answer(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


async def test_a_day_of_another_year_is_shown_with_its_year(world: SandboxWorld) -> None:
    assert DAY == date(2026, 11, 24)
    assert (await answer(world, "today 2027-11-23")).startswith("Tue 23 Nov 2027 at ")
    assert (await answer(world, "today")).startswith("Tue 24 Nov at ")  # this year's: no year
    assert (await answer(world, "today 2027-01-05")).startswith("Tue 5 Jan 2027 at ")

    client = next(c for c in world.data.clients if c.id in {a.client_id for a in world.spa.appointments.values()})
    added = await answer(world, f'waitlist add {client.id} "Swedish Massage 60" 2027-11-26 10am-12pm')
    assert " on Fri 26 Nov 2027, 10:00am–12:00pm (" in added, added
    again = await answer(world, f'waitlist add {client.id} "Swedish Massage 60" 2027-11-26 10am-12pm')
    assert "Fri 26 Nov 2027" in again, again
    entry = next(e for e in world.spa.waitlist.values() if e.client_id == client.id and e.date_from == date(2027, 11, 26))
    listed = await answer(world, "waitlist")
    assert f"{entry.id} · " in listed and "Fri 26 Nov 2027 10:00am–12:00pm" in listed, listed
    this_year = next(e for e in world.spa.waitlist.values()
                     if e.status == WaitlistStatus.waiting and e.date_from.year == 2026 and e.id != entry.id)
    assert f"{this_year.date_from:%a} {this_year.date_from.day} {this_year.date_from:%b}" in listed
    assert "2026" not in listed  # this year's days: no year
    removed = await answer(world, f"waitlist remove {entry.id}")
    assert "Fri 26 Nov 2027 10:00am–12:00pm)" in removed, removed

    world.copilot.risk = AllHigh()
    assert "on Tue 23 Nov 2027" in await answer(world, "risk 2027-11-23")
    assert "2026" not in (await answer(world, "risk")).split("\n")[0]


def test_the_briefing_preview_and_a_conflict_burst_give_the_year_when_told_today() -> None:
    view = BriefingView(therapist_name="Maya", day=date(2027, 12, 1), time_zone="America/New_York")
    preview = blocks.briefing_message(view, seen_from=date(2026, 12, 3))
    assert "Wed 1 Dec 2027" in preview.text and "Wed 1 Dec 2027" in json.dumps(preview.blocks_as_dicts())
    assert "2027" not in blocks.briefing_message(view, seen_from=date(2027, 11, 30)).text
    burst = blocks.conflict_burst_message([], day=date(2027, 12, 1), seen_from=date(2026, 12, 3))
    assert burst.text == "0 conflicts on Wed 1 Dec 2027"
