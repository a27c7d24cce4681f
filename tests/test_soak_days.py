"""A multi-day soak: the copilot run over three consecutive local days of the sandbox spa (SoHo in New York, Venice in
Los Angeles), its scheduled jobs driven by the clock as the real scheduler would drive them, with a spa's ordinary
events in between: cancellations (signed webhooks from the sandbox's admin endpoints), a move, a guest's YES and NO,
a manager's Approve (the real signed Slack click), a platform outage, a Slack rate limit.

The jobs are the ones ``build_scheduler`` and ``fill.install`` register, each fired by its own trigger (the morning
briefings at ``BRIEFING_TIME`` on each location's own clock, a briefing retry when one was scheduled, housekeeping
daily, the location refresh hourly); the clock moves from one due job to the next. A job due more often than every
``STEP`` (the fill follow-up every 30 s, the re-drive every 60 s) runs coalesced to once per ``STEP``, as APScheduler
runs a job that fell behind; the calendar poll is set to ``STEP`` (POLL_SECONDS=300). Then the invariants a spa
relies on are checked over the whole run, each failure named.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from spa_copilot import fill, scheduler
from spa_copilot.domain import Appointment, AppointmentStatus, SpaData, StaffRole
from spa_copilot.engines.briefing import clock as clock_label
from spa_copilot.sandbox.slack_api import PostedMessage
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.slack import ids
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.listeners.commands import answer_command
from spa_copilot.slack.retry import RetryAfterHandler
from tests.conftest import FakeClock, fresh_spa, migrated_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
DAY1, DAY2, DAY3 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
START = datetime(2026, 11, 24, 0, 5, tzinfo=NY).astimezone(UTC)  # just after midnight in New York, 9:05pm in LA
END = datetime(2026, 11, 27, 0, 30, tzinfo=LA).astimezone(UTC)  # the third day over in Los Angeles too
STEP = timedelta(minutes=5)
SOHO, VENICE = "loc_soho", "loc_venice"
ZONES = {SOHO: NY, VENICE: LA}
BRIEFED_ROLES = (StaffRole.therapist, StaffRole.esthetician)


def at(zone: ZoneInfo, day: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def local_day(moment: datetime, location_id: str) -> date:
    return moment.astimezone(ZONES[location_id]).date()


# ---------------------------------------------------------------------------------------------------
# The spa: the small generated one (its book runs today and tomorrow), with a third day cloned from the first


def three_day_spa() -> SpaData:
    spa = fresh_spa(7)
    clones = []
    for appt in spa.appointments:
        if appt.is_active and local_day(appt.start_at, appt.location_id) == DAY1:
            shift = timedelta(days=2)
            aid = f"{appt.id}_d3"
            lines = [
                line.model_copy(update={"id": f"{line.id}_d3", "start_at": line.start_at + shift, "end_at": line.end_at + shift})
                for line in appt.services
            ]
            clones.append(appt.model_copy(update={
                "id": aid, "start_at": appt.start_at + shift, "end_at": appt.end_at + shift, "services": lines,
                "updated_at": START - timedelta(days=1), "created_at": START - timedelta(days=1),
            }))
    spa.appointments.extend(clones)
    return spa


# ---------------------------------------------------------------------------------------------------
# The scheduler's jobs, fired by their own triggers on the fake clock


@dataclass
class Driver:
    world: SandboxWorld
    clock: FakeClock
    sched: Any = None
    next_at: dict[tuple[str, int], datetime] = field(default_factory=dict)
    runs: Counter[str] = field(default_factory=Counter)
    job_errors: list[str] = field(default_factory=list)
    briefing_runs: list[tuple[datetime, str, Any]] = field(default_factory=list)
    marks: list[tuple[int, datetime]] = field(default_factory=list)  # (Slack calls made so far, the clock then)
    step: timedelta = STEP  # an interval job runs at most once per step (a scene may take a quiet night in longer steps)

    def mark(self) -> None:
        self.marks.append((len(self.world.slack.calls), self.clock()))

    def call_time(self, index: int) -> datetime:
        """The fake clock when the ``index``-th Slack call was made (the job or event running then)."""
        return max((m for m in self.marks if m[0] <= index), key=lambda m: m[0], default=(0, START))[1]

    def start(self) -> None:
        copilot = self.world.copilot
        self.sched = scheduler.build_scheduler(copilot)
        copilot.on_webhook("appointment.*", lambda event: scheduler.on_appointment_webhook(copilot, event))
        fill.install(copilot, self.sched)

    def _key(self, job: Any) -> tuple[str, int]:
        return job.id, id(job.trigger)

    def _next(self, job: Any) -> datetime | None:
        key = self._key(job)
        if key not in self.next_at:
            first = getattr(job, "next_run_time", None)
            if first is None and isinstance(job.trigger, IntervalTrigger):  # its start is counted on the wall clock
                first = self.clock() + job.trigger.interval
            elif first is None:
                first = job.trigger.get_next_fire_time(None, self.clock())
            if first is None:
                return None
            self.next_at[key] = first
        return self.next_at[key]

    async def run_until(self, until: datetime) -> None:
        while True:
            due = [(t, n, job) for n, job in enumerate(self.sched.get_jobs()) if (t := self._next(job)) is not None and t <= until]
            if not due:
                self.clock.current = max(self.clock.current, until)
                return
            when, _, job = min(due, key=lambda d: (d[0], d[1]))
            self.clock.current = max(self.clock.current, when)
            await self._run(job, when)

    async def _run(self, job: Any, when: datetime) -> None:
        key = self._key(job)
        family = job.id.split(":", 1)[0]
        self.runs[family] += 1
        self.mark()
        try:
            result = await job.func(*job.args, **job.kwargs)
        except Exception as exc:  # a job must never raise
            self.job_errors.append(f"{job.id} at {self.clock().isoformat()}: {exc!r}")
            result = None
        if family in ("briefing", "briefing-retry"):
            self.briefing_runs.append((self.clock(), job.args[2].id, result))
        if isinstance(job.trigger, IntervalTrigger):  # coalesced: at most once per step
            nxt = when + max(job.trigger.interval, self.step)
        else:
            nxt = job.trigger.get_next_fire_time(when, self.clock())
        if nxt is None:
            self.next_at.pop(key, None)
            if self.sched.get_job(job.id) is job or getattr(self.sched.get_job(job.id), "trigger", None) is job.trigger:
                self.sched.remove_job(job.id)
        else:
            self.next_at[key] = nxt


async def eventually(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "the expected state was never reached"
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------------------------------------------
# What happened, kept for the checks


@dataclass
class Soak:
    world: SandboxWorld
    driver: Driver
    cancelled: dict[str, datetime] = field(default_factory=dict)  # appointment id -> when it was cancelled
    planted: set[str] = field(default_factory=set)  # cancellations with clients planted on the waitlist for them
    approvals: int = 0
    moved: dict[str, datetime] = field(default_factory=dict)
    resolved_alert: str | None = None
    table_counts: list[tuple[date, dict[str, int]]] = field(default_factory=list)
    stale_snapshot: list[str] = field(default_factory=list)
    lingering: list[str] = field(default_factory=list)  # actionable alerts and fill cards of moments gone by
    today_answers: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def spa(self) -> Any:
        return self.world.spa

    @property
    def store(self) -> Any:
        return self.world.copilot.store

    def appointment(self, appointment_id: str) -> Appointment:
        return self.spa.appointments[appointment_id]

    def conflict_ids(self) -> set[str]:
        found: set[str] = set()
        for loc in (SOHO, VENICE):
            for row in self.store.alerts(location_id=loc):
                found.update((row.view or {}).get("appointmentIds", ()))
        return found

    def pick(self, location_id: str, day: date, after: str, before: str, *, skip: set[str] = frozenset()) -> Appointment:  # type: ignore[assignment]
        """An active one-service, one-therapist booking on ``day`` starting in [after, before), in no conflict."""
        zone = ZONES[location_id]
        lo, hi = at(zone, day, after), at(zone, day, before)
        busy = self.conflict_ids() | set(self.cancelled) | set(self.moved) | skip
        services = {s.id: s for s in self.world.data.services}
        found = [
            a for a in self.spa.appointments.values()
            if a.location_id == location_id and a.is_active and lo <= a.start_at < hi and a.id not in busy
            and len(a.services) == 1 and a.services[0].staff_id and services[a.services[0].service_id].staff_count == 1
            and a.source != "copilot"
        ]
        assert found, f"no booking to use at {location_id} on {day} {after}-{before}"
        return min(found, key=lambda a: (a.start_at, a.id))

    def plant_waitlist(self, appt: Appointment, count: int = 2) -> list[str]:
        """``count`` textable clients with nothing booked these days wait for exactly this booking's service."""
        spa = self.spa
        taken = {a.client_id for a in spa.appointments.values() if a.start_at >= START - timedelta(days=60)}
        taken |= {e.client_id for e in spa.waitlist.values()}
        chosen = [
            c.id for c in sorted(spa.clients.values(), key=lambda c: c.id)
            if c.first_name.isalpha() and c.messaging_preferences.transactional_text != "optedOut" and c.id not in taken
        ][:count]
        day = local_day(appt.start_at, appt.location_id).isoformat()
        for client_id in chosen:
            spa.create_waitlist_entry({"locationId": appt.location_id, "clientId": client_id,
                                       "serviceIds": [appt.services[0].service_id], "dateFrom": day, "dateTo": day})
        self.planted.add(appt.id)
        return chosen

    async def cancel(self, appt: Appointment) -> None:
        response = await self.world.admin("POST", f"/sandbox/appointments/{appt.id}/cancel", json={"reason": "sick"})
        assert response.status_code == 200
        self.cancelled[appt.id] = self.driver.clock()
        self.driver.mark()

    async def move(self, appt: Appointment, to: datetime) -> None:
        self.driver.mark()
        response = await self.world.admin("POST", f"/sandbox/appointments/{appt.id}/move", json={"startAt": to.isoformat()})
        assert response.status_code == 200, response.text
        self.moved[appt.id] = self.driver.clock()

    async def reply(self, client_id: str, body: str) -> None:
        self.driver.mark()
        response = await self.world.admin("POST", f"/sandbox/clients/{client_id}/reply", json={"body": body})
        assert response.status_code == 200

    def card(self, appointment_id: str) -> PostedMessage:
        row = self.store.fill_proposal_for(appointment_id)
        assert row is not None and row["ts"], f"no fill card for {appointment_id}"
        message = self.world.slack.message(row["channel"], row["ts"])
        assert message is not None
        return message

    async def approve(self, appointment_id: str) -> dict[str, Any]:
        before = len(self.spa.outbox)
        self.driver.mark()
        response = await self.world.sender.click(self.card(appointment_id), ids.APPROVE_FILL, user_id=self.world.manager_id)
        assert response.status_code == 200
        await eventually(lambda: len(self.spa.outbox) > before)
        self.approvals += 1
        row = self.store.fill_proposal_for(appointment_id)
        return row["candidates"][row["current_index"]]

    def snapshot_counts(self) -> None:
        db = self.store.db
        tables = ["snapshot", "alerts", "proposals", "offers", "outbox", "processed_events", "llm_cache", "audit",
                  "kept_updates", "slack_users", "text_opt_outs"]
        counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
        self.table_counts.append((local_day(self.driver.clock(), SOHO), counts))
        now = self.driver.clock()
        for loc in (SOHO, VENICE):
            today = local_day(now, loc).isoformat()
            for row in self.store.alerts(location_id=loc):
                if row.day and row.day < today and row.status in ("open", "snoozed"):
                    self.lingering.append(f"at {now:%d %H:%M}Z alert {row.key[:10]} of {row.day} at {loc} is {row.status}")
        for appointment_id in self.cancelled:
            row = self.store.fill_proposal_for(appointment_id)
            if row is not None and row["status"] in ("pending", "info") and self.appointment(appointment_id).start_at < now:
                self.lingering.append(f"at {now:%d %H:%M}Z the fill proposal for {appointment_id} is still {row['status']}")
        for loc in (SOHO, VENICE):
            zone = ZONES[loc]
            today_start = datetime.combine(local_day(self.driver.clock(), loc), datetime.min.time(), tzinfo=zone)
            for row in self.store.snapshot(location_id=loc).values():
                if datetime.fromisoformat(row.end_at) < today_start:
                    self.stale_snapshot.append(f"{row.appointment_id} ({loc}, ended {row.end_at})")


async def ask_today(world: SandboxWorld, text: str) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# The three days


async def run_soak(soak: Soak) -> None:
    world, driver, spa = soak.world, soak.driver, soak.spa
    go = driver.run_until
    driver.start()
    await go(START + STEP)  # the first polls: the book read, its conflicts alerted

    # --- Day 1 in New York: Slack rate limits the morning round, a cancellation is filled, the spa system goes down
    await go(at(NY, DAY1, "07:29"))
    world.slack.rate_limit_next(4, retry_after=30)  # longer than anyone waits: the retry 10 minutes later sends the rest
    await go(at(NY, DAY1, "08:50"))
    first = soak.pick(SOHO, DAY1, "11:00", "16:00")
    soak.plant_waitlist(first)
    await soak.cancel(first)
    await go(at(NY, DAY1, "08:55"))
    chosen = await soak.approve(first.id)
    await go(at(NY, DAY1, "09:00"))
    await soak.reply(chosen["client_id"], "YES")
    await go(at(NY, DAY1, "10:00"))
    spa.faults.fail_next(100_000)  # the spa system down for 20 minutes: four polls fail
    await go(at(NY, DAY1, "10:20"))
    spa.faults.clear_scripted()
    # a conflict later today is fixed by cancelling one of its bookings: its card is resolved
    await go(at(NY, DAY1, "11:00"))
    now = driver.clock()
    live = [
        row for row in soak.store.alerts(location_id=SOHO)
        if row.day == DAY1.isoformat() and row.status == "open" and row.ts and (row.view or {}).get("appointmentIds")
        and all(spa.appointments[a].start_at > now + timedelta(hours=3) for a in row.view["appointmentIds"] if a in spa.appointments)
    ]
    if live:
        row = live[0]
        soak.resolved_alert = row.key
        await soak.cancel(spa.appointments[row.view["appointmentIds"][-1]])
    else:
        soak.problems.append("no open conflict on day 1 to fix (the scene changed)")

    # --- Day 1 in Los Angeles: a cancellation, approved, the guest says NO: the next one waits for a manager
    await go(at(LA, DAY1, "09:00"))
    venice = soak.pick(VENICE, DAY1, "12:00", "17:00")
    soak.plant_waitlist(venice)
    await soak.cancel(venice)
    await go(at(LA, DAY1, "09:05"))
    chosen = await soak.approve(venice.id)
    await go(at(LA, DAY1, "09:08"))
    await soak.reply(chosen["client_id"], "NO")

    # --- the night: "today" rolls over in New York three hours before Los Angeles
    await go(at(NY, DAY2, "00:10"))
    soak.snapshot_counts()  # SoHo's day 1 is over: its cards are closed; Venice's still runs
    await go(at(NY, DAY2, "00:30"))
    soak.today_answers["soho"] = await ask_today(world, "today SoHo")
    soak.today_answers["venice"] = await ask_today(world, "today Venice")

    # --- Day 2: a move, a cancellation after the prep DM went (nobody approves it), Slack rate limiting a poll
    await go(at(NY, DAY2, "09:40"))
    moved = soak.pick(SOHO, DAY2, "11:00", "11:30")  # its prep DM went at 09:00-09:30
    await soak.move(moved, moved.start_at + timedelta(hours=3))
    await go(at(NY, DAY2, "11:00"))
    late = soak.pick(SOHO, DAY2, "12:00", "13:00")  # prepped at 10:00-11:00
    soak.plant_waitlist(late)
    await soak.cancel(late)
    world.slack.rate_limit_next(2, retry_after=30)
    await go(at(LA, DAY2, "00:10"))
    soak.snapshot_counts()
    await go(at(NY, DAY3, "00:10"))
    soak.snapshot_counts()

    # --- Day 3: a cancellation long before its prep, a YES to nothing, the day ends everywhere
    await go(at(NY, DAY3, "07:00"))
    early = soak.pick(SOHO, DAY3, "14:00", "18:00")
    await soak.cancel(early)
    await go(at(NY, DAY3, "12:00"))
    await soak.reply(chosen["client_id"], "Yes please")  # the Venice guest who said NO on day 1
    await go(END)
    soak.snapshot_counts()


# ---------------------------------------------------------------------------------------------------
# The invariants


def dms(world: SandboxWorld, staff_id: str) -> list[PostedMessage]:
    return world.slack.messages(world.slack_id(staff_id))


def everything_posted(world: SandboxWorld) -> list[PostedMessage]:
    found = []
    for message in world.slack.messages():
        found.append(message)
        found.extend(message.replies)
    return found


def check_morning_briefings(soak: Soak) -> list[str]:
    """Each therapist working or booked at a location on a day gets that day's morning DM there once (in parts only
    when it is long), on that day, and nobody gets one for a day twice."""
    world, problems = soak.world, []
    staff = [s for s in world.data.staff if s.role in BRIEFED_ROLES]
    for run_at, location_id, run in soak.driver.briefing_runs:
        if run is not None and run.day != local_day(run_at, location_id):
            problems.append(f"{location_id}'s briefing run at {run_at} was about {run.day}, not the local today")
    for day in (DAY1, DAY2, DAY3):
        label = f"{day:%a} {day.day} {day:%b}"
        for member in staff:
            for location_id in (SOHO, VENICE):
                booked = any(
                    a.location_id == location_id and a.is_active and local_day(a.start_at, location_id) == day
                    and member.id in {line.staff_id for line in a.services} and soak.cancelled.get(a.id, END) > at(ZONES[location_id], day, "07:30")
                    for a in soak.spa.appointments.values()
                )
                works = member.location_id == location_id and member.active and any(
                    s.weekday == day.weekday() for s in member.shifts
                )
                where = "" if member.location_id == location_id else " at "
                got = [
                    m for m in dms(world, member.id)
                    if m.text and _is_morning(m, label) and ((where in m.text) if where else " at " not in _head(m))
                ]
                heads = [_head(m) for m in got]
                if len(heads) != len(set(heads)):
                    problems.append(f"{member.id} got the {location_id} briefing for {label} twice: {heads}")
                if (booked or works) and not got:
                    problems.append(f"{member.id} got no {location_id} briefing for {label} (booked={booked}, works={works})")
    return problems


def _head(message: PostedMessage) -> str:
    for block in message.blocks or []:
        if block.get("type") == "header":
            return block["text"]["text"]
    return message.text.split("\n", 1)[0]


def _is_morning(message: PostedMessage, label: str) -> bool:
    head = _head(message)
    return head.startswith("Your day") and label in head


PREP = re.compile(r"^(?:Coming up|Started)(?: (?P<day>\w{3} \d+ \w{3}))? at (?P<clock>\S+?)(?: at [^:]+)?: (?P<first>[^,(]+)")


def prep_dms(soak: Soak) -> Counter[tuple[str, date, str, str]]:
    """Every prep DM sent: (Slack user, the booking's local day, its clock time, the guest's first name), counted."""
    world, found = soak.world, Counter()
    zones = {world.slack_id(s.id): ZONES[s.location_id] for s in world.data.staff}
    for index, call in enumerate(world.slack.calls):
        if call.method != "chat.postMessage" or not call.ok or not (m := PREP.match(str(call.params.get("text", "")))):
            continue
        user = str(call.params.get("channel"))
        sent = soak.driver.call_time(index).astimezone(zones.get(user, NY))
        day = datetime.strptime(f"{m['day']} {sent.year}", "%a %d %b %Y").date() if m["day"] else sent.date()
        # the guest as the DM names them: "Zoey K." beside another Zoey that day, "Bella and partner" (couples)
        first = re.sub(r"(?: [A-Z]\.)?(?: and partner)?$", "", m["first"].strip())
        found[(user, day, m["clock"], first)] += 1
    return found


def check_prep_dms(soak: Soak) -> list[str]:
    """One prep DM per appointment, therapist and start time: every booking that was still on when its prep came due
    (and started after the soak began, with time for it) had one, none had two, and a booking cancelled before its
    prep was due had none."""
    world, problems = soak.world, []
    lead = timedelta(hours=world.settings.prep_hours_before)
    locations = {loc.id: loc for loc in world.data.locations}
    sent = prep_dms(soak)
    if doubled := {k: n for k, n in sent.items() if n > 1}:
        problems.append(f"prep DMs sent more than once: {doubled}")
    for appt in soak.spa.appointments.values():
        due = appt.start_at - lead
        if not (START + STEP < due and appt.end_at <= END):
            continue
        cancelled_at = soak.cancelled.get(appt.id)
        if appt.status == AppointmentStatus.cancelled and cancelled_at is None:
            continue  # cancelled by the generator, before the soak
        first = escape(soak.spa.clients[appt.client_id].first_name)  # as Slack text: a hostile "<!channel>" pings nobody
        label = clock_label(appt.start_at, locations[appt.location_id])
        day = local_day(appt.start_at, appt.location_id)
        for staff_id in {line.staff_id for line in appt.services if line.staff_id}:
            n = sent.get((world.slack_id(staff_id), day, label, first), 0)
            if cancelled_at is not None and cancelled_at < due:
                if n:
                    problems.append(f"{appt.id} was cancelled before its prep was due and {staff_id} still got a prep DM")
            elif appt.id not in soak.moved and n != 1:
                problems.append(f"{staff_id} got {n} prep DMs about {appt.id} ({first} at {label} on {day})")
    return problems


def check_conflict_cards(soak: Soak) -> list[str]:
    """A conflict is posted once (not at every poll, not every day), a fixed one is resolved, and at the end no card
    of a day gone by still offers its buttons."""
    world, store, problems = soak.world, soak.store, list(soak.lingering)
    channel = world.settings.spa_front_desk_channel
    posts = [
        c for c in world.slack.calls_to("chat.postMessage")
        if c.ok and c.params.get("channel") in (channel, world.slack.channel_id(channel)) and str(c.params.get("text", "")).startswith("Conflict")
    ]
    rows = [r for loc in (SOHO, VENICE) for r in store.alerts(location_id=loc)]
    posted_keys = [r.key for r in rows if r.ts and not r.grouped]
    if len(posts) != len(posted_keys):
        problems.append(f"{len(posts)} conflict cards posted for {len(posted_keys)} alerts")
    if not posted_keys:
        problems.append("no conflict was ever alerted")
    end_days = {loc: local_day(END, loc).isoformat() for loc in (SOHO, VENICE)}
    for row in rows:
        if row.day and row.day < end_days[row.location_id or SOHO] and row.status in ("open", "snoozed"):
            problems.append(f"alert {row.key} of {row.day} is still {row.status} on {end_days[row.location_id or SOHO]}")
        if row.ts and row.channel:
            card = world.slack.message(row.channel, row.ts)
            if card is not None and row.day and row.day < end_days[row.location_id or SOHO] and _buttons(card):
                problems.append(f"the card of {row.key} ({row.day}) still has its buttons")
    if soak.resolved_alert:
        row = store.alert(soak.resolved_alert)
        if row is None or row.status != "resolved":
            problems.append(f"the fixed conflict {soak.resolved_alert} is {row and row.status}, not resolved")
    return problems


def _buttons(message: PostedMessage) -> list[str]:
    return [
        e.get("action_id", "") for b in message.blocks or [] if b.get("type") == "actions" for e in b.get("elements", [])
    ]


def check_fill(soak: Soak) -> list[str]:
    """One proposal per cancellation inside the horizon, with candidates where clients wait for it, one card each;
    a text only after an Approve, never to the guest who cancelled; no card of a slot gone by is still actionable."""
    world, store, problems = soak.world, soak.store, []
    horizon = timedelta(hours=world.settings.fill_horizon_hours)
    proposals = []
    for appointment_id, when in soak.cancelled.items():
        appt = soak.appointment(appointment_id)
        row = store.fill_proposal_for(appointment_id)
        if appt.start_at - when > horizon or appt.start_at <= when:
            continue
        if row is None:
            problems.append(f"no fill proposal for the cancellation of {appointment_id}")
            continue
        proposals.append(row)
        if appointment_id in soak.planted and not row["candidates"]:
            problems.append(f"the proposal for {appointment_id} has no candidates though clients wait for it")
        card = world.slack.message(row["channel"], row["ts"]) if row["ts"] else None
        if card is None:
            problems.append(f"the proposal for {appointment_id} has no card")
        elif appt.start_at < END and {ids.APPROVE_FILL, ids.NEXT_CANDIDATE} & set(_buttons(card)):
            problems.append(f"the fill card of {appointment_id} (slot {appt.start_at}) still offers {_buttons(card)}")
    channel = world.settings.spa_front_desk_channel
    cards = [
        c for c in world.slack.calls_to("chat.postMessage")
        if c.ok and c.params.get("channel") in (channel, world.slack.channel_id(channel))
        and str(c.params.get("text", "")).startswith("Fill proposal") and not c.params.get("thread_ts")
    ]
    if len(cards) != len(proposals):
        problems.append(f"{len(cards)} fill cards posted for {len(proposals)} proposals")
    sent = [m.to_json_dict() for m in soak.spa.outbox]
    if len(sent) != soak.approvals:
        problems.append(f"{len(sent)} texts sent for {soak.approvals} approvals: {[s.get('body') for s in sent]}")
    for message in sent:
        if message.get("approvedBy") not in world.settings.spa_manager_ids or message.get("aiGenerated") is not True:
            problems.append(f"a text went out without a manager's approval or its AI tag: {message}")
    cancelling = {soak.appointment(a).client_id for a in soak.cancelled}
    if to_cancelled := [m for m in sent if m.get("clientId") in cancelling]:
        problems.append(f"texts sent to a guest whose booking was cancelled: {to_cancelled}")
    return problems


def check_ops_and_logs(soak: Soak, records: list[logging.LogRecord]) -> list[str]:
    world, problems = soak.world, []
    ops = [m.text for m in world.slack.messages(world.settings.ops_channel)]
    failing = [t for t in ops if "has been failing" in t]
    back = [t for t in ops if "working again" in t]
    if len(failing) != 1 or len(back) != 1:
        problems.append(f"the outage was reported {len(failing)} times and its end {len(back)} times: {ops}")
    if jobs := [t for t in ops if "job failed" in t]:
        problems.append(f"jobs failed: {jobs}")
    problems += [f"a job raised: {e}" for e in soak.driver.job_errors]
    for record in records:
        if record.levelno >= logging.ERROR or record.exc_info:
            problems.append(f"{record.levelname} {record.name}: {record.getMessage()[:300]}")
    for message in everything_posted(world):
        if "Traceback" in message.text or "Traceback" in json.dumps(message.blocks or []):
            problems.append(f"a traceback in Slack: {message.text[:200]}")
    return problems


def check_state_growth(soak: Soak) -> list[str]:
    """The calendar snapshot keeps the horizon only (past days are forgotten), kept updates are dropped once their
    booking ended, housekeeping ran every day."""
    problems = [f"the snapshot still holds a booking of a day gone by: {s}" for s in soak.stale_snapshot[:5]]
    sizes = [counts["snapshot"] for _, counts in soak.table_counts]
    if max(sizes) > 3 * 60:  # three days of two locations' books, about 30 bookings a day each
        problems.append(f"the snapshot grew to {sizes}")
    if soak.table_counts[-1][1]["kept_updates"]:
        problems.append(f"{soak.table_counts[-1][1]['kept_updates']} kept prep updates outlived their bookings")
    if soak.driver.runs["housekeeping"] < 3:
        problems.append(f"housekeeping ran {soak.driver.runs['housekeeping']} times in three days")
    return problems


def check_day_rollover(soak: Soak) -> list[str]:
    """At 00:30 in New York (21:30 the evening before in Los Angeles) "today" is the new day in SoHo only."""
    problems = []
    for where, day in (("soho", "Wed 25 Nov"), ("venice", "Tue 24 Nov")):
        head = soak.today_answers[where].split("\n", 1)[0]
        if not head.startswith(day):
            problems.append(f"/spa today {where} at 00:30 New York time reads {head!r}, not {day}")
    return problems


@asynccontextmanager
async def soak_day(tmp_path: Path, settings: Settings, *, night_until: str = "05:30") -> AsyncIterator[Soak]:
    """The three-day spa under the real scheduler jobs on a fake clock, started and driven to ``night_until`` on day 1
    in New York in half-hour steps (nothing is due before the prep windows), then in ``STEP`` steps: the scene of a
    test that picks up in the morning."""
    settings = settings.model_copy(update={"poll_seconds": int(STEP.total_seconds())})
    clock = FakeClock(START)
    store = migrated_store(tmp_path / "p.db")
    async with sandbox_world(settings, data=three_day_spa(), clock=clock, store=store) as world:
        for handler in world.copilot.slack.retry_handlers:  # a rate limit's Retry-After is waited on the fake clock
            if isinstance(handler, RetryAfterHandler):
                handler._sleep = lambda _seconds: asyncio.sleep(0)
        soak = Soak(world, Driver(world, clock))
        soak.driver.start()
        soak.driver.step = timedelta(minutes=30)
        await soak.driver.run_until(at(NY, DAY1, night_until))
        soak.driver.step = STEP
        yield soak
    store.close()


# ---------------------------------------------------------------------------------------------------


@pytest.fixture
async def soak(tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture) -> Any:
    settings = settings.model_copy(update={"poll_seconds": int(STEP.total_seconds())})
    clock = FakeClock(START)
    store = migrated_store(tmp_path / "soak.db")
    caplog.set_level(logging.WARNING)
    async with sandbox_world(settings, data=three_day_spa(), clock=clock, store=store) as world:
        for handler in world.copilot.slack.retry_handlers:  # a rate limit's Retry-After is waited on the fake clock
            if isinstance(handler, RetryAfterHandler):
                handler._sleep = lambda _seconds: asyncio.sleep(0)
        soak = Soak(world, Driver(world, clock))
        await run_soak(soak)
        yield soak
    store.close()


async def test_three_days_of_a_spa_keep_every_promise(soak: Soak, caplog: pytest.LogCaptureFixture) -> None:
    problems = list(soak.problems)
    for check in (check_morning_briefings, check_prep_dms, check_conflict_cards, check_fill, check_state_growth,
                  check_day_rollover):
        problems += [f"{check.__name__}: {p}" for p in check(soak)]
    problems += [f"logs: {p}" for p in check_ops_and_logs(soak, caplog.records)]
    assert soak.driver.runs["briefing"] >= 6 and soak.driver.runs["poll_calendar"] > 800, soak.driver.runs
    assert not problems, "\n".join(problems)
