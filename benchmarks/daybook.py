"""Benchmark the day book with its caution marking against the same day book without it, on the sandbox's busiest
day and on large synthetic days.

    python benchmarks/daybook.py [--seed 7] [--today 2026-11-24] [--bookings 200] [--repeat 5] [--json]

``/spa today`` and the App Home build the day book (``engines.daybook.build_day_book``) and mark each booking not yet
started whose service the guest's cautions rule out (``reads.ruled_out_of`` → ``cautions.booking_ruled_out``): the
guest's notes, the spa's alerts on them and the booking's own note read by the offline lexicon, remembered by text
(``cautions._read_safety``). This times, in one process, what that costs on top of the day book itself (no platform
reads, no Slack):

- the sandbox spa's busiest day still to come (``generate_spa(seed, today)``; the location and day with the most
  active bookings on ``today`` or later, seen at the start of its morning, so every booking may be marked);
- ``--bookings`` synthetic bookings on that day and location (20 therapists), "sandbox notes": each guest a
  sandbox client (notes, alerts and health history as generated, a quarter of them empty), services drawn as the
  sandbox books them, each booking's note a sandbox booking's;
- the same with "1–2 KB notes": each guest's notes sandbox notes joined until 1,000–2,000 characters (all
  different), every booking a service with contraindications (so every guest's notes are read);
- and with each booking's own note made the same way too (1–2 KB, all different): a spa that writes its notes on
  the booking.

For each: the day book alone (the baseline), the day book with the marking cold (the remembered readings cleared
before each run: what the first view after a restart, or a day of new guests, costs) and warm (the next view), each
the median of ``--repeat`` runs, and the ratio to the baseline; plus the first run in the process (the lexicon's own
first-use work included). Also the bookings, those whose service a guest's words can rule out (``checked``:
contraindications, or a body area it works; only their guests' words are read), the distinct texts read and their
characters. On a shared machine the CPU figures are the steadier ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Client,
    Location,
    ServiceLine,
    SpaData,
    local_day_bounds,
)
from spa_copilot.engines import cautions
from spa_copilot.engines.daybook import DayBook, build_day_book
from spa_copilot.reads import Catalog, guest_names, ruled_out_of
from spa_copilot.sandbox.generator import generate_spa

DEFAULT_TODAY = date(2026, 11, 24)
THERAPISTS = 20  # of the synthetic day
SHORT, LONG = 1_000, 2_000  # the worst case's note lengths (characters)


class Day:
    """One day's book to build: the location, the day, its bookings and guests, the moment it is seen at."""

    def __init__(
        self, name: str, catalog: Catalog, location: Location, day: date, appointments: list[Appointment],
        clients: dict[str, Client],
    ) -> None:
        self.name, self.catalog, self.location, self.day = name, catalog, location, day
        self.appointments = appointments
        self.active = [a for a in appointments if a.is_active]
        self.clients = clients
        self.now = local_day_bounds(day, location.tz)[0]  # the start of the morning: every booking still to come
        self.names = guest_names(clients, (a.client_id for a in self.active))

    def book(self, *, marked: bool) -> DayBook:
        """The day book as ``reads.load_day_book`` builds it once the day is read: with the caution marking when
        ``marked``, else without (the baseline)."""
        ruled = ruled_out_of(self.active, self.clients, self.catalog, now=self.now) if marked else None
        return build_day_book(
            self.location, self.day, appointments=self.appointments, staff=self.catalog.staff,
            services=self.catalog.services, resources=self.catalog.resources, client_names=self.names,
            locations=self.catalog.locations, ruled_out=ruled,
        )

    def read_counts(self) -> dict[str, int]:
        """The bookings whose service a guest's words can rule out (``cautions.may_rule_out``: contraindications, or a
        body area the service works; only those guests' words are read), and the distinct
        texts (notes, alerts, booking notes) and characters the marking reads on a cold run."""
        services = {s.id: s for s in self.catalog.services}
        texts: set[str] = set()
        checked = 0
        for a in self.active:
            client = self.clients.get(a.client_id)
            if client is None or not any(cautions.may_rule_out(services[line.service_id]) for line in a.services
                                         if line.service_id in services):
                continue
            checked += 1
            texts.add(client.notes)
            texts.update(alert.text for alert in client.alerts)
            if a.notes.strip():
                texts.add(a.notes)
        return {"checked": checked, "texts": len(texts), "characters": sum(len(t) for t in texts)}


def busiest_day(data: SpaData, today: date) -> Day:
    """The sandbox's location and day, ``today`` or later, with the most active bookings."""
    zones = {loc.id: loc.tz for loc in data.locations}
    counts = Counter(
        (a.location_id, a.start_at.astimezone(zones[a.location_id]).date())
        for a in data.appointments if a.is_active and a.start_at.astimezone(zones[a.location_id]).date() >= today
    )
    (location_id, day), _ = counts.most_common(1)[0]
    location = next(loc for loc in data.locations if loc.id == location_id)
    booked = [
        a for a in data.appointments
        if a.location_id == location_id and a.start_at.astimezone(location.tz).date() == day
    ]
    catalog = Catalog(data.locations, data.staff, data.services, data.resources)
    return Day("sandbox busiest day", catalog, location, day, booked, {c.id: c for c in data.clients})


def synthetic_day(
    data: SpaData, base: Day, bookings: int, *, long_notes: bool, long_booking_notes: bool = False, seed: int = 11
) -> Day:
    """``bookings`` one-service bookings of as many different guests on ``base``'s day and location, spread over
    ``THERAPISTS`` therapists from 9:00, back to back. Sandbox notes, or (``long_notes``) 1–2 KB notes and only
    services with contraindications; ``long_booking_notes``: each booking's own note 1–2 KB too."""
    rng = random.Random(seed)
    location, day = base.location, base.day
    template = next(s for s in data.staff if s.location_id == location.id and s.active)
    team = [
        template.model_copy(update={"id": f"st_bench_{i}", "first_name": f"T{i}", "last_name": "Bench"})
        for i in range(THERAPISTS)
    ]
    booked_mix = Counter(line.service_id for a in data.appointments if a.is_active for line in a.services)
    services = [s for s in data.services if s.id in booked_mix]
    if long_notes:
        services = [s for s in services if s.contraindications]
    weights = [booked_mix[s.id] for s in services]
    sandbox_notes = [c.notes for c in data.clients if c.notes.strip()]
    booking_notes = [a.notes for a in data.appointments]
    guests = rng.sample(data.clients, bookings)
    clients: dict[str, Client] = {}
    appointments: list[Appointment] = []
    opens = datetime.combine(day, datetime.min.time(), tzinfo=location.tz) + timedelta(hours=9)

    def long_text() -> str:
        size, parts = rng.randint(SHORT, LONG), []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(sandbox_notes))
        return " ".join(parts)[:size]

    for i, guest in enumerate(guests):
        if long_notes:
            guest = guest.model_copy(update={"notes": long_text()})
        clients[guest.id] = guest
        service = rng.choices(services, weights)[0]
        member = team[i % THERAPISTS]
        start = opens + timedelta(minutes=75 * (i // THERAPISTS))
        end = start + timedelta(minutes=service.duration_minutes)
        appointments.append(Appointment(
            id=f"ap_bench_{i}", location_id=location.id, client_id=guest.id, status=AppointmentStatus.confirmed,
            start_at=start, end_at=end, notes=long_text() if long_booking_notes else rng.choice(booking_notes),
            services=[ServiceLine(
                id=f"sl_bench_{i}", service_id=service.id, service_name=service.name, staff_id=member.id,
                start_at=start, end_at=end, resource_ids=[],
            )],
        ))
    catalog = Catalog(data.locations, [*data.staff, *team], data.services, data.resources)
    name = f"{bookings} bookings, {'1-2 KB notes' if long_notes else 'sandbox notes'}"
    if long_booking_notes:
        name += ", on bookings too"
    return Day(name, catalog, location, day, appointments, clients)


def _median(repeat: int, run: Callable[[], object], before: Callable[[], object] = lambda: None,
            clock: Callable[[], float] = time.perf_counter) -> float:
    timings = []
    for _ in range(repeat):
        before()
        started = clock()
        run()
        timings.append(clock() - started)
    return statistics.median(timings)


def measure(day: Day, repeat: int) -> dict[str, Any]:
    """Time one day: the first run in the process, then the baseline, cold and warm (medians of ``repeat``)."""
    cold_start = cautions._read_safety.cache_clear
    cold_start()
    started = time.perf_counter()
    book = day.book(marked=True)
    first = time.perf_counter() - started
    marked = sum(bool(e.ruled_out) for sd in book.staff_days for e in sd.entries)
    baseline = _median(repeat, lambda: day.book(marked=False))
    cold = _median(repeat, lambda: day.book(marked=True), cold_start)
    cold_cpu = _median(repeat, lambda: day.book(marked=True), cold_start, time.process_time)
    day.book(marked=True)
    warm = _median(repeat, lambda: day.book(marked=True))
    return {
        "day": day.name,
        "location": day.location.id,
        "date": day.day.isoformat(),
        "bookings": len(day.active),
        **day.read_counts(),
        "linesMarked": marked,
        "baselineMs": round(baseline * 1000, 2),
        "firstMs": round(first * 1000, 1),
        "coldMs": round(cold * 1000, 1),
        "coldCpuMs": round(cold_cpu * 1000, 1),
        "warmMs": round(warm * 1000, 2),
        "coldRatio": round(cold / baseline, 1),
        "warmRatio": round(warm / baseline, 2),
    }


def loop_stall(day: Day) -> dict[str, float]:
    """The longest the event loop waits (between 1 ms ticks of another task: what another request's ack waits)
    while ``day``'s marking runs cold, called in the loop itself (``inline``) and on a worker thread
    (``thread``, as ``reads.load_day_book`` runs it), in milliseconds."""

    async def held(on_thread: bool) -> float:
        cautions._read_safety.cache_clear()
        longest, done = 0.0, asyncio.Event()

        async def ticker() -> None:
            nonlocal longest
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                longest, last = max(longest, now - last), now

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.01)
        args = (day.active, day.clients, day.catalog)
        if on_thread:
            await asyncio.to_thread(ruled_out_of, *args, now=day.now)
        else:
            ruled_out_of(*args, now=day.now)
        done.set()
        await ticking
        return longest * 1000

    return {"inline": round(asyncio.run(held(False)), 1), "thread": round(asyncio.run(held(True)), 1)}


def machine_speed() -> float:
    """Milliseconds for ``sum(range(10**6))`` (best of 5), to scale these figures to another machine."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        sum(range(10**6))
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def run(seed: int, today: date, bookings: int, repeat: int) -> list[dict[str, Any]]:
    data = generate_spa(seed, today=today)
    busiest = busiest_day(data, today)
    days: Sequence[Day] = (
        busiest,
        synthetic_day(data, busiest, bookings, long_notes=False),
        synthetic_day(data, busiest, bookings, long_notes=True),
        synthetic_day(data, busiest, bookings, long_notes=True, long_booking_notes=True),
    )
    return [measure(day, repeat) for day in days]


def main(argv: list[str] | None = None) -> int:
    """Print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--bookings", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = run(args.seed, args.today, args.bookings, args.repeat)
    data = generate_spa(args.seed, today=args.today)
    worst = synthetic_day(data, busiest_day(data, args.today), args.bookings, long_notes=True, long_booking_notes=True)
    stall = loop_stall(worst)
    speed = machine_speed()
    if args.json:
        print(json.dumps({"machineSpeedMs": round(speed, 1), "results": results, "loopHeldMs": stall}, indent=2))
        return 0
    print(
        f"{'day':<44} {'bookings':>8} {'checked':>7} {'texts':>5} {'chars':>7} {'marked':>6} {'baseline ms':>11} "
        f"{'first ms':>8} {'cold ms':>8} {'cold cpu':>8} {'warm ms':>8} {'cold x':>6} {'warm x':>6}"
    )
    for r in results:
        print(
            f"{r['day']:<44} {r['bookings']:>8} {r['checked']:>7} {r['texts']:>5} {r['characters']:>7} "
            f"{r['linesMarked']:>6} {r['baselineMs']:>11.2f} {r['firstMs']:>8.1f} {r['coldMs']:>8.1f} "
            f"{r['coldCpuMs']:>8.1f} {r['warmMs']:>8.2f} {r['coldRatio']:>6} {r['warmRatio']:>6}"
        )
    print(f"sandbox: generate_spa(seed={args.seed}, today={args.today.isoformat()}); "
          f"busiest day {results[0]['location']} {results[0]['date']}")
    print(f"event loop held by the worst day's cold marking (longest gap between 1 ms ticks of another task): "
          f"{stall['inline']:.1f} ms in the loop, {stall['thread']:.1f} ms on a worker thread (as /spa today runs it)")
    print(f"machine speed: sum(range(10**6)) takes {speed:.1f} ms here (about 8-12 ms on a current laptop)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
