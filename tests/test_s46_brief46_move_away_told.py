"""s46 (probe46a MEDIUM): a guest on a therapist's morning DM moved to another day, or to a time whose prep DM comes
after the time the morning DM gave, is told at once ("Update: … is moved to Wed 25 Nov at 11:00am"), as a
cancellation or a hand-over is: before, she heard nothing until the new prep DM (tomorrow's, or after the old time had
passed) and waited for a guest not coming. Once (the prep DM at the new time does not repeat it); a move whose prep DM
still comes before the old time waits for it; a booking given to a colleague is told as a hand-over."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.domain import day_label, shown_clock
from tests.test_soak_days import DAY1, NY, SOHO, STEP, at, dms, soak_day

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
async def day(tmp_path: Path, settings) -> Any:
    async with soak_day(tmp_path, settings) as soak:
        yield soak


def _about(world, sid: str, first: str) -> list[str]:  # noqa: ANN001
    """The DMs to ``sid`` naming ``first`` other than her morning DMs."""
    return [m.text for m in dms(world, sid) if first in m.text and not m.text.startswith("Briefing")]


@pytest.mark.parametrize(
    ("shift", "said"),
    [(timedelta(days=1), "is moved to Wed 25 Nov at 11:00am."), (timedelta(hours=3), "is moved to 2:00pm.")],
)
async def test_moved_away_after_the_morning_dm_is_told_at_once_and_once(day, shift, said):
    soak, world, spa = day, day.world, day.spa
    await soak.driver.run_until(at(NY, DAY1, "08:00"))  # the 7:30am DM listed the guest
    appt = soak.pick(SOHO, DAY1, "11:00", "13:00")
    sid, first = appt.services[0].staff_id, spa.clients[appt.client_id].first_name
    morning = [m for m in dms(world, sid) if m.text.startswith("Briefing")]
    assert morning and first in str(morning[0].blocks)
    await soak.move(appt, appt.start_at + shift)
    await soak.driver.run_until(appt.start_at)  # the time her morning DM told her to expect the guest
    told = _about(world, sid, first)
    assert told, (
        f"{sid} expects {first} at {appt.start_at.astimezone(NY):%H:%M} and was told nothing of the move (+{shift})"
    )
    assert told == [f"Update: {first}'s 11:00am {appt.services[0].service_name} {said}"]
    soak.driver.step = timedelta(minutes=30)  # the evening and night in longer steps: nothing is due for her then
    await soak.driver.run_until(appt.start_at + shift - timedelta(hours=2))
    soak.driver.step = STEP
    await soak.driver.run_until(appt.start_at + shift + timedelta(minutes=30))  # past the new time's prep DM
    after = _about(world, sid, first)
    updates = [text for text in after if text.startswith("Update")]
    assert updates == told  # the prep DM at the new time tells her the guest, not the move again
    assert any(text.startswith(f"Coming up at {said.rstrip('.').split(' ')[-1]}: {first}") for text in after)


def _hand_over_and_move(spa, appt, to: str, shift: timedelta, at_: datetime) -> None:  # noqa: ANN001
    """``appt`` given to the staff member ``to`` and moved by ``shift`` at one go, found by the next sync."""
    lines = [line.model_copy(update={"staff_id": to}) for line in appt.services]
    moved = {"start_at": appt.start_at + shift, "end_at": appt.end_at + shift}
    spa.put_appointment(
        appt.model_copy(update={"services": lines, **moved, "version": appt.version + 1, "updated_at": at_})
    )


async def test_only_a_move_past_her_prep_is_told_at_once_and_a_hand_over_stays_a_hand_over(day):
    """Three guests of her morning DM moved at once: to tomorrow (told now), 30 minutes later (its prep DM still comes
    before the time she knew: it tells her), and to tomorrow with a colleague (told as a hand-over, never as a move:
    the booking is no longer hers)."""
    soak, world, spa = day, day.world, day.spa
    await soak.driver.run_until(at(NY, DAY1, "08:00"))
    away = soak.pick(SOHO, DAY1, "11:00", "13:00")
    sid = away.services[0].staff_id
    not_hers = {a.id for a in spa.appointments.values() if a.services[0].staff_id != sid}
    later = soak.pick(SOHO, DAY1, "11:00", "17:00", skip=not_hers | {away.id})
    given = soak.pick(SOHO, DAY1, "11:00", "17:00", skip=not_hers | {away.id, later.id})
    names = {a.id: spa.clients[a.client_id].first_name for a in (away, later, given)}
    assert len(set(names.values())) == 3
    other = next(s for s in spa.staff.values() if s.location_id == away.location_id and s.id != sid and s.active)
    await soak.move(away, away.start_at + timedelta(days=1))
    await soak.move(later, later.start_at + timedelta(minutes=30))
    _hand_over_and_move(spa, given, other.id, timedelta(days=1), soak.driver.clock())
    await soak.driver.run_until(at(NY, DAY1, "08:30"))

    def said(appt, news: str) -> str:  # noqa: ANN001
        when = shown_clock(appt.start_at.astimezone(NY), NY)
        return f"Update: {names[appt.id]}'s {when} {appt.services[0].service_name} {news}."

    tomorrow = away.start_at.astimezone(NY) + timedelta(days=1)
    assert sorted(m.text for m in dms(world, sid) if m.text.startswith("Update")) == sorted(
        [
            said(away, f"is moved to {day_label(tomorrow.date())} at {shown_clock(tomorrow, NY)}"),
            said(given, f"is moved to {other.first_name}"),
        ]
    )
