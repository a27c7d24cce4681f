"""The sandbox spa generated at an instant (``generate_spa(now=...)``, what the embedded sandbox and the demo use):
each location around its own local today, nothing stamped after ``now``, at every hour of the UTC day.

From local midnight in New York to local midnight in Los Angeles (05:00-08:00 UTC in winter, 04:00-07:00 UTC in
summer) SoHo's today is Venice's tomorrow. Generated around one date for both, SoHo's planted conflicts fell on
its yesterday in those hours; generated around the UTC date, the data held changes stamped after now.
"""

from __future__ import annotations

import io
import pickle
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.demo import run_demo
from spa_copilot.domain import SpaData, day_label
from spa_copilot.sandbox import generator
from spa_copilot.sandbox.generator import (
    HOSTILE_CLIENT_IDS,
    NEAR_MISSES,
    PLANTED_CONFLICTS,
    generate_spa,
    location_todays,
    oracle_probabilities,
    planted_conflicts,
)
from spa_copilot.settings import Settings
from spa_copilot.world import start_sandbox
from tests.test_sandbox_generator import reference_conflicts

TINY = {"clients": 120, "history_months": 1}
WINTER = "2026-12-02"  # a Wednesday; New York is UTC-5, Los Angeles UTC-8
#: Every half hour of a winter UTC day, the instants the brief names, and the split hours in summer and on both
#: daylight-saving nights (New York changes zone offset three hours before Los Angeles).
INSTANTS = sorted({
    *(f"{WINTER}T{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)),
    *(f"{WINTER}T{t}" for t in ("02:00", "05:30", "07:30", "12:00", "23:30", "04:59", "05:01", "07:59", "08:01")),
    "2026-07-15T04:30", "2026-07-15T06:59",
    "2025-03-09T06:30", "2025-03-09T07:30", "2025-03-09T09:30",
    "2025-11-02T05:30", "2025-11-02T06:30", "2025-11-02T08:30",
})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class _Recording(generator._Generator):
    """The generator, noting every stamp the ``now`` clamp had to pull back."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.clamped: list[datetime] = []

    def stamp(self, instant: datetime) -> datetime:
        result = super().stamp(instant)
        if result != instant:
            self.clamped.append(instant)
        return result


def change_stamps(data: SpaData) -> list[datetime]:
    stamps = [t for a in data.appointments for t in (a.created_at, a.updated_at) if t is not None]
    stamps += [a.cancellation.cancelled_at for a in data.appointments if a.cancellation]
    stamps += [w.created_at for w in data.waitlist if w.created_at is not None]
    stamps += [c.created_at for c in data.clients if c.created_at is not None]
    stamps += [c.health_history.updated_at for c in data.clients
               if c.health_history is not None and c.health_history.updated_at is not None]
    return stamps


def local_day(data: SpaData, appointment_id: str) -> tuple[str, date]:
    zones = {loc.id: ZoneInfo(loc.time_zone) for loc in data.locations}
    appointment = next(a for a in data.appointments if a.id == appointment_id)
    return appointment.location_id, appointment.start_at.astimezone(zones[appointment.location_id]).date()


@pytest.mark.parametrize("instant", INSTANTS)
def test_each_location_is_generated_around_its_own_today_and_nothing_is_stamped_after_now(instant: str) -> None:
    now = at(instant)
    todays = location_todays(now)
    built = _Recording(7, None, TINY["clients"], TINY["history_months"], now=now)
    data = built.build_with_truth().data

    stamps = change_stamps(data)
    assert stamps and max(stamps) <= now
    # the clamp is only a safety net: the history ends before each location's midnight and the book was made
    # (and its cancellations cancelled) before it, so at no hour does a stamp need pulling back
    assert built.clamped == []

    zones = {loc.id: ZoneInfo(loc.time_zone) for loc in data.locations}
    for case in PLANTED_CONFLICTS + NEAR_MISSES:
        for appointment_id in case.appointment_ids:
            location_id, day = local_day(data, appointment_id)
            assert day in (todays[location_id], todays[location_id] + timedelta(days=1)), (case.kind, appointment_id)
    for appointment in data.appointments:
        day = appointment.start_at.astimezone(zones[appointment.location_id]).date()
        today = todays[appointment.location_id]
        if appointment.id.startswith(("ap_h", "ap_x")):
            assert day < today, appointment.id  # history: up to the location's own yesterday
        else:
            assert day in (today, today + timedelta(days=1)), appointment.id  # the book: its today and tomorrow
    for location_id, today in todays.items():
        assert any(a.is_active and a.location_id == location_id
                   and a.start_at.astimezone(zones[location_id]).date() == today for a in data.appointments)
    on_a_today = {a.client_id for a in data.appointments
                  if a.is_active and a.start_at.astimezone(zones[a.location_id]).date() == todays[a.location_id]}
    assert set(HOSTILE_CLIENT_IDS) <= on_a_today

    book_days = {d + timedelta(days=k) for d in todays.values() for k in (0, 1)}
    assert reference_conflicts(data, book_days) == planted_conflicts()  # the rest of the book stays clean


@pytest.mark.parametrize("instant", [f"{WINTER}T06:30", "2026-07-15T04:30", "2025-03-09T07:30"])
def test_history_and_oracle_hold_when_soho_is_a_day_ahead(instant: str) -> None:
    now = at(instant)
    todays = location_todays(now)
    assert todays["loc_soho"] == todays["loc_venice"] + timedelta(days=1)
    truth = generator._Generator(7, None, 300, 2, now=now).build_with_truth()
    oracle = oracle_probabilities(truth.data)
    assert oracle.keys() == truth.drawn_probabilities.keys() and oracle
    for appointment_id, probabilities in truth.drawn_probabilities.items():
        assert oracle[appointment_id] == pytest.approx(probabilities, abs=1e-12)
    # SoHo's history holds its yesterday, Venice's stops the day before
    zones = {loc.id: ZoneInfo(loc.time_zone) for loc in truth.data.locations}
    last = {lid: max(a.start_at.astimezone(zones[lid]).date() for a in truth.data.appointments
                     if a.location_id == lid and a.id.startswith("ap_h")) for lid in todays}
    assert last == {lid: today - timedelta(days=1) for lid, today in todays.items()}


def test_the_same_seed_and_instant_give_identical_json() -> None:
    now = at(f"{WINTER}T06:30")
    first = generate_spa(7, now=now, **TINY).model_dump_json()
    assert generate_spa(7, now=now, **TINY).model_dump_json() == first
    assert generate_spa(8, now=now, **TINY).model_dump_json() != first
    # crossing midnight in New York moves SoHo's book a day on
    assert generate_spa(7, now=at(f"{WINTER}T04:30"), **TINY).model_dump_json() != first


def test_when_both_locations_share_a_date_now_and_today_generate_the_same_spa() -> None:
    # the only difference between the two modes is each location's own date (the clamp never binds)
    assert (generate_spa(7, now=at(f"{WINTER}T12:00"), **TINY).model_dump_json()
            == generate_spa(7, today=date(2026, 12, 2), **TINY).model_dump_json())


def test_today_or_now_exactly_one_and_now_must_be_aware() -> None:
    with pytest.raises(ValueError):
        generate_spa(7, **TINY)
    with pytest.raises(ValueError):
        generate_spa(7, today=date(2026, 12, 2), now=at(f"{WINTER}T12:00"), **TINY)
    with pytest.raises(ValueError):
        generate_spa(7, now=datetime(2026, 12, 2, 12, 0), **TINY)


def test_the_embedded_sandbox_is_generated_at_its_clock(tmp_path: Path) -> None:
    now = at(f"{WINTER}T06:30")
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "x.db")
    sandbox = start_sandbox(settings, clock=lambda: now, **TINY)
    assert sandbox.data.model_dump_json() == generate_spa(settings.sandbox_seed, now=now, **TINY).model_dump_json()


# -- the demo, on a simulated clock ---------------------------------------------------------------------------


def _running_from(start: datetime) -> Callable[[], datetime]:
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


@pytest.mark.parametrize("instant", [
    f"{WINTER}T02:02",  # the UTC date is already tomorrow in both zones (the first bug)
    f"{WINTER}T06:32",  # after midnight in New York, before midnight in Los Angeles (SoHo a day ahead)
    f"{WINTER}T23:32",  # evening in both
])
async def test_the_demo_finds_each_locations_planted_conflicts_and_fills_at_any_hour(
    instant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = at(instant)
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "real.db", spa_model_dir=tmp_path / "no-models")
    generated: list[bytes] = []

    def recording(*args: Any, **kwargs: Any) -> SpaData:
        # the small spa: the hour is the point here; the demo at full size is tests/test_demo.py's
        spa = generate_spa(*args, **{**kwargs, **TINY})
        generated.append(pickle.dumps(spa))  # as generated, before the demo changes anything
        return spa

    monkeypatch.setattr(generator, "generate_spa", recording)
    out = io.StringIO()
    assert await run_demo(settings, out=out, clock=_running_from(start)) == 0
    shown = out.getvalue()
    assert re.search(r"replied YES: booked .+ \(appointment \w+\)", shown), "the cancellation became a filled slot"

    # the demo's spa as the demo generated it (at start plus a fraction of a second, on the same dates)
    assert len(generated) == 1
    data: SpaData = pickle.loads(generated[0])
    found = re.search(r"(\d+) conflicts? found in today's and tomorrow's book", shown)
    assert found
    appointments = {a.id: a for a in data.appointments}
    # a conflict is alerted until it is over; the demo runs for seconds, so bound the count by the cases wholly
    # ahead of the start and those not wholly over by a minute later
    ahead = sum(all(appointments[i].start_at > start for i in case.appointment_ids) for case in PLANTED_CONFLICTS)
    not_over = sum(any(appointments[i].end_at > start + timedelta(minutes=1) for i in case.appointment_ids)
                   for case in PLANTED_CONFLICTS)
    assert 0 < ahead <= int(found.group(1)) <= not_over
    todays = location_todays(start)
    book_days = {d + timedelta(days=k) for d in todays.values() for k in (0, 1)}
    listed = set(re.findall(r"^  • (\w{3} \d{1,2} \w{3}) at ", shown, re.MULTILINE))  # "Wed 2 Dec", as staff read it
    assert listed and listed <= {day_label(d) for d in book_days}, (listed, book_days)
