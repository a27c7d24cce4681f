"""The client card says the year of a day in another year: "Last visit: Thu 23 Oct 2025" did not look a year old."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.domain import AppointmentStatus
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.listeners.commands import answer_command
from spa_copilot.slack.presenters import client_card_view
from tests import builders as b

TODAY = date(2026, 12, 3)


def card_text(**kwargs: object) -> str:
    message = blocks.client_card_message(client_card_view(b.client(), **kwargs))  # type: ignore[arg-type]
    return json.dumps(message.to_kwargs()["blocks"], ensure_ascii=False)


def test_last_and_next_visits_in_another_year_carry_it_and_this_years_do_not() -> None:
    old = b.appointment(b.at(date(2025, 10, 23), "10:00"), id="ap_old", status=AppointmentStatus.completed)
    soon = b.appointment(b.at(date(2027, 1, 8), "14:00"), id="ap_next")
    text = card_text(visits=[old], next_booking=soon, zones={"loc_1": "America/New_York"}, today=TODAY)
    assert "Thu 23 Oct 2025, Service sv_1" in text and "Fri 8 Jan 2027 2:00pm, Service sv_1" in text, text
    recent = b.appointment(b.at(date(2026, 11, 27), "10:00"), id="ap_recent", status=AppointmentStatus.completed)
    this_year = card_text(visits=[recent], zones={"loc_1": "America/New_York"}, today=TODAY)
    assert "Fri 27 Nov, Service sv_1" in this_year and "Fri 27 Nov 2026," not in this_year, this_year
    # the "Last visits" list reads its days as the field does (it gave every one its year: "Fri 27 Nov 2026")
    assert "• Fri 27 Nov — Service sv_1" in this_year and "• Thu 23 Oct 2025 — Service sv_1" in text, (this_year, text)


async def test_spa_client_gives_the_card_the_spas_today(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    from spa_copilot.slack import answers

    seen: list[object] = []
    real = answers.client_card_view

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(kwargs.get("today"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(answers, "client_card_view", spy)
    client_id = world.data.clients[0].id
    await answer_command(world.copilot, text=f"client {client_id}", user_id=FRONT_DESK_USER)
    assert seen == [world.copilot.now().astimezone(world.data.locations[0].tz).date()]


def test_a_time_of_last_year_carries_its_year_and_this_years_do_not() -> None:
    from datetime import UTC, datetime

    now = datetime(2027, 1, 5, 15, tzinfo=UTC)
    assert blocks.zoned_moment(datetime(2026, 12, 30, 20, tzinfo=UTC), "America/New_York", now=now) == "Wed 30 Dec 2026 3:00pm EST"
    assert blocks.zoned_moment(datetime(2027, 1, 4, 20, tzinfo=UTC), "America/New_York", now=now) == "Mon 4 Jan 3:00pm EST"
    assert blocks.zoned_moment(datetime(2027, 1, 5, 14, tzinfo=UTC), "America/New_York", now=now) == "9:00am EST"
