"""Benchmark the conflict engine against sorting the same service lines, at 1k, 10k and 100k lines.

    python benchmarks/conflicts.py [--sizes 1000 10000 100000] [--repeat 3] [--profile] [--json]

Builds synthetic spas per size (deterministic by seed): as many locations as needed of 20 therapists
(09:00-19:00 shifts), 25 rooms of four types and two hot-stone sets of capacity 2, five days each; services
with processing time, buffers, required skills and certifications, and two-staff services. Rooms, sets and
partners are booked where free, so most of the book is clean; 1% of bookings are planted trouble (started
30 minutes early over the previous one, a random busy room, a two-staff service left with one). Times ``find_conflicts`` (best
of ``--repeat``, wall clock and this process's CPU time) and, in the same process, ``sorted(lines,
key=start)`` over the same lines as the baseline, then prints both, their ratios, and CPU time / (n log2 n)
so the growth can be read off directly. On a shared machine the CPU figures are the steadier ones.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Certification,
    Location,
    Resource,
    ResourceType,
    Service,
    ServiceLine,
    Shift,
    Staff,
)
from spa_copilot.engines.conflicts import find_conflicts

ZONE = ZoneInfo("America/New_York")
FIRST_DAY = date(2026, 11, 23)
STAFF_PER_LOCATION = 20
DAYS = 5
TROUBLE = 0.01  # share of appointments made to clash on purpose

SERVICES = [
    Service(id="sv_swedish", name="Swedish Massage", duration_minutes=60, buffer_minutes=10, room_types=["massageRoom"]),
    Service(id="sv_deep", name="Deep Tissue", duration_minutes=90, buffer_minutes=10, room_types=["massageRoom"]),
    Service(
        id="sv_hot", name="Hot Stone", duration_minutes=75, buffer_minutes=15, required_skill="hotStone",
        room_types=["massageRoom"], equipment_kinds=["hotStoneSet"],
    ),
    Service(id="sv_wrap", name="Body Wrap", duration_minutes=40, processing_minutes=20, finishing_minutes=10, room_types=["wetRoom"]),
    Service(id="sv_peel", name="Chemical Peel", duration_minutes=45, required_certification="chemicalPeel", room_types=["facialRoom"]),
    Service(id="sv_four", name="Four Hands", duration_minutes=60, staff_count=2, room_types=["couplesSuite"]),
]
WEIGHTS = [30, 15, 10, 10, 10, 3]
ROOMS = {"massageRoom": 14, "wetRoom": 4, "facialRoom": 4, "couplesSuite": 3}
KITS = 2


class _Book:
    """Who and what is taken when, while generating (so most bookings are clean and clashes are planted)."""

    def __init__(self) -> None:
        self.taken: dict[str, list[tuple[datetime, datetime]]] = {}

    def free(self, key: str, start: datetime, end: datetime, capacity: int = 1) -> bool:
        return sum(s < end and start < e for s, e in self.taken.get(key, [])) < capacity

    def take(self, key: str, start: datetime, end: datetime) -> None:
        self.taken.setdefault(key, []).append((start, end))


def synthetic_spa(lines: int, seed: int = 11) -> tuple[list[Appointment], list[Staff], list[Resource], list[Location]]:
    """At least ``lines`` service lines: locations of 20 therapists and 25 rooms, five days each."""
    rng = random.Random(seed)
    locations: list[Location] = []
    staff: list[Staff] = []
    resources: list[Resource] = []
    appointments: list[Appointment] = []
    made = 0
    loc = -1
    while made < lines:
        loc += 1
        location = Location(id=f"loc_{loc}", name=f"Spa {loc}", time_zone="America/New_York")
        team = [
            Staff(
                id=f"st_{loc}_{i}", location_id=location.id, first_name=f"T{i}", last_name=f"L{loc}",
                skills=["massage", "hotStone"] if i % 3 else ["massage"],
                certifications=[Certification(name="chemicalPeel", expires_on=FIRST_DAY + timedelta(days=365))] if i % 2 else [],
                shifts=[Shift(weekday=d, start="09:00", end="19:00") for d in range(7)],
            )
            for i in range(STAFF_PER_LOCATION)
        ]
        rooms = {
            room_type: [
                Resource(id=f"rs_{loc}_{room_type}_{n}", location_id=location.id, name=f"{room_type} {n}", type=ResourceType.room, room_type=room_type)
                for n in range(count)
            ]
            for room_type, count in ROOMS.items()
        }
        kits = [
            Resource(id=f"eq_{loc}_{n}", location_id=location.id, name=f"Stones {n}", type=ResourceType.equipment, kind="hotStoneSet", capacity=2)
            for n in range(KITS)
        ]
        locations.append(location)
        staff += team
        resources += [r for pool in rooms.values() for r in pool] + kits
        for day_offset in range(DAYS):
            day = FIRST_DAY + timedelta(days=day_offset)
            taken = _Book()
            for i, member in enumerate(team):
                cursor = datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZONE) + timedelta(minutes=15 * (i % 4))
                while made < lines and cursor.hour < 17:
                    service = rng.choices(SERVICES, WEIGHTS)[0]
                    if (service.required_skill and service.required_skill not in member.skills) or (
                        service.required_certification and not member.has_certification(service.required_certification, day)
                    ):
                        service = SERVICES[0]
                    trouble = rng.random() < TROUBLE
                    length = timedelta(minutes=service.duration_minutes + service.processing_minutes + service.finishing_minutes)
                    if not trouble and not taken.free(member.id, cursor, cursor + length):
                        cursor += timedelta(minutes=15)  # a colleague's four-hands booking holds this therapist
                        continue
                    start = cursor - timedelta(minutes=30) if trouble and cursor.hour > 9 else cursor
                    end = start + length
                    held = end + timedelta(minutes=service.buffer_minutes)
                    pool = rooms[service.room_types[0]]
                    room = next((r for r in pool if taken.free(r.id, start, held)), None)
                    if trouble:
                        room = rng.choice(pool)
                    if room is None:  # every room of that type is busy: try again a little later
                        cursor += timedelta(minutes=15)
                        continue
                    taken.take(room.id, start, held)
                    resource_ids = [room.id]
                    if service.equipment_kinds:
                        kit = next((k for k in kits if taken.free(k.id, start, end, 2)), kits[0])
                        taken.take(kit.id, start, end)
                        resource_ids.append(kit.id)
                    line_staff = [member.id]
                    if service.staff_count == 2:
                        partner = next(
                            (p for p in team if p.id != member.id and taken.free(p.id, start, end)), None
                        )
                        if partner is not None and not trouble:
                            line_staff.append(partner.id)
                    appt_id = f"ap_{len(appointments)}"
                    for who in line_staff:
                        taken.take(who, start, end)
                    service_lines = [
                        ServiceLine(
                            id=f"{appt_id}-{n}", service_id=service.id, service_name=service.name, staff_id=who,
                            start_at=start, end_at=end, resource_ids=resource_ids,
                        )
                        for n, who in enumerate(line_staff)
                    ]
                    appointments.append(
                        Appointment(
                            id=appt_id, location_id=location.id, client_id=f"cl_{rng.randrange(10**6)}",
                            status=AppointmentStatus.cancelled if rng.random() < 0.05 else AppointmentStatus.confirmed,
                            start_at=start, end_at=end, services=service_lines,
                        )
                    )
                    made += len(service_lines)
                    cursor = end + timedelta(minutes=rng.choice((0, 15, 30)))
    return appointments, staff, resources, locations


def _best_of(repeat: int, run: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    best = math.inf
    for _ in range(repeat):
        started = clock()
        run()
        best = min(best, clock() - started)
    return best


def measure(size: int, repeat: int, profile: bool = False) -> dict[str, object]:
    """Time the engine and the sorting baseline on one synthetic calendar of ``size`` lines."""
    appointments, staff, resources, locations = synthetic_spa(size)
    lines = [line for a in appointments for line in a.services]

    def engine() -> list:
        return find_conflicts(appointments, staff=staff, resources=resources, services=SERVICES, locations=locations)

    found = engine()
    engine_s = _best_of(repeat, engine)
    sort_s = _best_of(repeat, lambda: sorted(lines, key=lambda line: line.start_at))
    # CPU time of this process: what the engine costs when other work shares the machine.
    engine_cpu = _best_of(repeat, engine, time.process_time)
    sort_cpu = _best_of(repeat, lambda: sorted(lines, key=lambda line: line.start_at), time.process_time)
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(engine)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(15)
    n = len(lines)
    return {
        "lines": n,
        "appointments": len(appointments),
        "conflicts": len(found),
        "byKind": dict(sorted(Counter(str(c.kind) for c in found).items())),
        "engineSeconds": round(engine_s, 4),
        "sortSeconds": round(sort_s, 4),
        "ratio": round(engine_s / sort_s, 1),
        "engineCpuSeconds": round(engine_cpu, 4),
        "sortCpuSeconds": round(sort_cpu, 4),
        "cpuRatio": round(engine_cpu / sort_cpu, 1),
        "nsPerNLogN": round(engine_cpu / (n * math.log2(n)) * 1e9, 2),
    }


def machine_speed() -> float:
    """Milliseconds for ``sum(range(10**6))`` (best of 5), to scale these figures to another machine."""
    return _best_of(5, lambda: sum(range(10**6))) * 1000


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size to stderr")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [measure(size, args.repeat, args.profile and size == max(args.sizes)) for size in args.sizes]
    if args.json:
        print(json.dumps({"machineSpeedMs": round(machine_speed(), 1), "results": results}, indent=2))
        return 0
    print(
        f"{'lines':>8} {'conflicts':>9} {'engine s':>9} {'sort s':>8} {'ratio':>6} "
        f"{'engine cpu':>10} {'sort cpu':>8} {'ratio':>6} {'cpu ns/(n log2 n)':>18}"
    )
    for r in results:
        print(
            f"{r['lines']:>8} {r['conflicts']:>9} {r['engineSeconds']:>9.4f} {r['sortSeconds']:>8.4f} {r['ratio']:>6} "
            f"{r['engineCpuSeconds']:>10.4f} {r['sortCpuSeconds']:>8.4f} {r['cpuRatio']:>6} {r['nsPerNLogN']:>18}"
        )
    print("conflicts by kind at the largest size:", results[-1]["byKind"])
    print(f"machine speed: sum(range(10**6)) takes {machine_speed():.1f} ms here (about 8-12 ms on a current laptop)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
