"""The machine's clock, watched: a jump of the wall clock, and a clock off from the spa system's.

- **A jump** (an NTP step, a VM restored from a snapshot, a laptop waking): APScheduler keeps each job's next run on
  the wall clock, so a step back of an hour left every interval job (the calendar poll and with it alerts and fill
  cards, the prep check, the fill follow-ups, the approved texts) waiting an hour. ``follow`` runs a task beside the
  scheduler that sleeps on the monotonic clock and compares how far the wall clock moved meanwhile; a jump of more
  than ``JUMP_TOLERANCE_SECONDS`` either way is logged once and makes every interval job due at once
  (``make_interval_jobs_due``), after which each runs on its interval again from the new clock. The daily jobs (the
  morning briefings) keep their own schedule: one already run today is not run again by a step back across its time
  (and the day's briefing keys would hold if it were).
- **A clock off** from the spa system's: every answer of the spa system carries an HTTP ``Date``; the platform client
  records how far this machine's clock is from it (``ServerClock.observe``). A gap of more than
  ``SKEW_TOLERANCE_SECONDS`` is said once in the ops channel, with what to do (``CLOCK_OFF_TEXT``: set this machine's
  clock), and its end once (``CLOCK_RIGHT_TEXT``, below ``SKEW_RECOVERED_SECONDS``); ``/spa status`` and
  ``spa-copilot check`` show it, and a webhook refused for its timestamp's age logs the gap (``webhook_clock_note``).

Neither raises into the event loop: a watch that fails at one check logs it and checks again at the next.
Left for later: holding back the time-driven actions (a hold's expiry, a prep DM, a briefing) while the clock is off.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN, EVENT_SCHEDULER_START, SchedulerEvent
from apscheduler.triggers.interval import IntervalTrigger

from spa_copilot.ops_notes import note_key, post_note
from spa_copilot.platform.signing import TIMESTAMP_HEADER, in_milliseconds

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from spa_copilot.copilot import Copilot

logger = logging.getLogger(__name__)

#: How often the watch compares the wall clock with the monotonic one (seconds, on the monotonic clock).
JUMP_CHECK_SECONDS = 30.0
#: A wall clock moving this much more or less than the monotonic one over one check is a jump (NTP slews a
#: drifting clock by milliseconds a second, never this).
JUMP_TOLERANCE_SECONDS = 30.0
#: This machine's clock further than this from the spa system's is said in the ops channel. An HTTP ``Date`` is to
#: the second and the answer takes its time to arrive: far below this.
SKEW_TOLERANCE_SECONDS = 120.0
#: Once said, the clock is right again below this gap (not at 119 s: a gap at the edge is not said every check).
SKEW_RECOVERED_SECONDS = 60.0
#: How far a signed webhook's timestamp may be from this machine's clock (``verify_webhook``'s default).
WEBHOOK_TOLERANCE_SECONDS = 300.0

#: ``{gap}`` as ``duration_words`` gives it, ``{side}`` "ahead of" or "behind"; ``{webhooks}`` is
#: ``WEBHOOKS_REFUSED_TEXT`` when the gap is past the webhooks' tolerance, else empty.
CLOCK_OFF_TEXT = (
    ":warning: This machine's clock is {gap} {side} the spa system's.{webhooks} Hold expiries, prep DMs and "
    "morning briefings go by this clock. To fix it: set this machine's clock (NTP)."
)
WEBHOOKS_REFUSED_TEXT = (
    " The spa system's webhooks (guest replies included) are refused meanwhile as too old or too new, so replies "
    "and changes only arrive with the calendar poll or not at all; so are Slack's own requests when the copilot takes "
    "them over HTTP (not Socket Mode): /spa commands and the cards' buttons fail."
)
CLOCK_RIGHT_TEXT = ":white_check_mark: This machine's clock agrees with the spa system's again."


# ---------------------------------------------------------------------------------------------------
# The decisions, pure


def wall_clock_jump(
    wall_elapsed: float, monotonic_elapsed: float, *, tolerance: float = JUMP_TOLERANCE_SECONDS
) -> float | None:
    """How far the wall clock jumped (seconds; negative: back) over a time the monotonic clock measured as
    ``monotonic_elapsed``, or None when the two moved together within ``tolerance``. A machine suspended meanwhile
    reads as a jump forward (the monotonic clock stops with it): its jobs are due all the same."""
    jump = wall_elapsed - monotonic_elapsed
    return jump if abs(jump) > tolerance else None


def gap_from_date(date_header: str | None, received_at: float, *, age_header: str | None = None) -> float | None:
    """This machine's clock minus the server's (seconds; positive: ours is ahead) from an answer's HTTP ``Date``,
    received at ``received_at`` (unix seconds, this machine's clock); None without a readable ``Date``, or for an
    answer a cache kept (an ``Age`` header: its ``Date`` is when it was first made)."""
    if not date_header or age_header is not None:
        return None
    try:
        sent = parsedate_to_datetime(date_header.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if sent.tzinfo is None:  # a Date without a zone is not HTTP's (which is always GMT)
        return None
    return received_at - sent.timestamp()


def skew_change(gap: float | None, *, told: bool) -> str | None:
    """What the ops channel should hear about a measured ``gap``: ``"off"`` (more than ``SKEW_TOLERANCE_SECONDS``,
    not ``told`` yet), ``"right"`` (``told``, and now below ``SKEW_RECOVERED_SECONDS``), else None (nothing new, or
    nothing measured)."""
    if gap is None:
        return None
    if not told and abs(gap) > SKEW_TOLERANCE_SECONDS:
        return "off"
    if told and abs(gap) < SKEW_RECOVERED_SECONDS:
        return "right"
    return None


def duration_words(seconds: float) -> str:
    """``45 s``, ``12 min``, ``2 h 5 min``, ``1 day 3 h``: a gap's size (its sign aside), to the nearest minute past
    one."""
    if round(abs(seconds)) < 60:
        return f"{round(abs(seconds))} s"
    hours, minutes = divmod(round(abs(seconds) / 60), 60)  # to the nearest minute: a Date is to the second
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} day{'s' if days > 1 else ''}" + (f" {hours} h" if hours else "")
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def side_words(gap: float) -> str:
    """``ahead of`` or ``behind``: where this machine's clock is, a ``gap`` (ours minus theirs) from the other."""
    return "ahead of" if gap > 0 else "behind"


def clock_off_text(gap: float) -> str:
    """The ops channel's line for this machine's clock ``gap`` seconds from the spa system's (``CLOCK_OFF_TEXT``)."""
    webhooks = WEBHOOKS_REFUSED_TEXT if abs(gap) > WEBHOOK_TOLERANCE_SECONDS else ""
    return CLOCK_OFF_TEXT.format(gap=duration_words(gap), side=side_words(gap), webhooks=webhooks)


def clock_line(gap: float | None) -> str | None:
    """The clock as ``/spa status`` and ``spa-copilot check`` say it: None when not measured or within
    ``SKEW_TOLERANCE_SECONDS``, else ``this machine's clock is 2 h 0 min ahead of the spa system's: set it (NTP)``."""
    if gap is None or abs(gap) <= SKEW_TOLERANCE_SECONDS:
        return None
    return f"this machine's clock is {duration_words(gap)} {side_words(gap)} the spa system's: set this machine's clock (NTP)"


def webhook_clock_note(headers: Mapping[str, str], now: float, gap: float | None) -> str:
    """For the log line of a webhook refused for its timestamp: `` (sent 2 h 0 min before this machine's clock; this
    machine's clock is 2 h 0 min ahead of the spa system's)``, so whoever reads it knows whose clock to set; "" when
    its timestamp is missing, unreadable or within the webhooks' tolerance (refused for something else)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    try:
        sent_at = int(str(lowered.get(TIMESTAMP_HEADER.lower(), "")).strip())
        age = now - sent_at
    except (ValueError, OverflowError):  # no number, or one no clock reaches ("1" and 400 zeros: probe44b M2)
        return ""
    if abs(age) <= WEBHOOK_TOLERANCE_SECONDS or in_milliseconds(sent_at, now, WEBHOOK_TOLERANCE_SECONDS):
        return ""  # within the tolerance, or milliseconds (the refusal says so): no clock to set
    when = "before" if age > 0 else "after"
    said = f" (sent {duration_words(age)} {when} this machine's clock"
    if gap is None:
        return said + "; this machine's clock not yet compared with the spa system's)"
    return said + f"; this machine's clock is {duration_words(gap)} {side_words(gap)} the spa system's)"


# ---------------------------------------------------------------------------------------------------
# The spa system's clock, as its answers tell it


@dataclass
class ServerClock:
    """The last gap measured between this machine's clock and a server's (``gap_from_date``), None until then."""

    gap: float | None = None

    def observe(self, headers: Mapping[str, str], received_at: float) -> None:
        """Record the gap an answer's headers tell; an answer without a readable ``Date`` leaves the last one."""
        gap = gap_from_date(headers.get("Date"), received_at, age_header=headers.get("Age"))
        if gap is not None:
            self.gap = gap

    def forget(self) -> None:
        """This machine's clock jumped: the gap measured before means nothing now."""
        self.gap = None


def server_clock_of(platform: object) -> ServerClock | None:
    """The platform client's ``ServerClock`` (the Mangomint client keeps one), None for one that keeps none."""
    clock = getattr(platform, "server_clock", None)
    return clock if isinstance(clock, ServerClock) else None


def measured_gap(platform: object) -> float | None:
    """This machine's clock minus the spa system's, as last measured; None when not (yet) measured."""
    clock = server_clock_of(platform)
    return clock.gap if clock is not None else None


# ---------------------------------------------------------------------------------------------------
# The watch beside the scheduler


def wall_now() -> float:
    """This machine's wall clock (unix seconds), read as APScheduler reads it."""
    return datetime.now(UTC).timestamp()


def make_interval_jobs_due(scheduler: AsyncIOScheduler, now: datetime) -> list[str]:
    """Every interval job due at ``now``, so each runs at once and then on its interval from the new clock; the
    others (the daily briefings, a one-off retry) keep their time. The ids of the jobs made due."""
    due = []
    for job in scheduler.get_jobs():
        paused = getattr(job, "next_run_time", None) is None  # a paused job stays paused
        if isinstance(job.trigger, IntervalTrigger) and not paused:
            job.modify(next_run_time=now)
            due.append(job.id)
    return due


class ClockWatch:
    """Every ``every`` seconds (``JUMP_CHECK_SECONDS``) on the monotonic clock: a wall clock jump makes the interval
    jobs due, and the gap with the spa system's clock is said (or its end) in the ops channel. ``wall`` (``wall_now``),
    ``monotonic``, ``sleep`` and ``post`` are injectable for tests; ``post`` returns False when it could not post (tried
    again at the next check)."""

    def __init__(
        self,
        copilot: Copilot,
        scheduler: AsyncIOScheduler,
        *,
        every: float | None = None,
        wall: Callable[[], float] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        post: Callable[[str], Awaitable[bool]] | None = None,
    ) -> None:
        self.copilot, self.scheduler, self.every = copilot, scheduler, every or JUMP_CHECK_SECONDS
        self._wall, self._monotonic, self._sleep = wall or wall_now, monotonic, sleep
        self._post = post or self._post_ops
        self.skew_told = False
        self._skew_logged = False  # the gap's log line, once (the ops post is tried again while Slack refuses it)
        self._episode = ""  # when the gap was first seen: the key of its two ops notes
        self._last = (self._wall(), monotonic())

    async def _post_ops(self, text: str) -> bool:
        """The ops note, once (``ops_notes.post_note``, keyed by the gap's episode: a note whose answer Slack lost is
        found, not posted again)."""
        kind = "clock-right" if text == CLOCK_RIGHT_TEXT else "clock-off"
        return await post_note(self.copilot, text, key=note_key(kind, self._episode))

    async def run(self) -> None:
        """Check every ``every`` seconds until cancelled; a check that fails is logged and the next one runs."""
        failing = False
        while True:
            await self._sleep(self.every)
            if not self.scheduler.running:  # shut down without ``stop_watching``: nothing left to watch for
                return
            try:
                await self.check()
            except Exception:
                if not failing:  # a bug: its traceback once, not at every check
                    logger.exception("the clock watch failed; it checks again every %g s", self.every)
                failing = True
            else:
                failing = False

    async def check(self) -> None:
        """One check: the wall clock against the monotonic one, then the gap with the spa system's clock."""
        wall, monotonic = self._wall(), self._monotonic()
        (last_wall, last_monotonic), self._last = self._last, (wall, monotonic)
        jump = wall_clock_jump(wall - last_wall, monotonic - last_monotonic)
        if jump is not None:
            self.jumped(jump, datetime.fromtimestamp(wall, UTC))
        await self.tell_skew()

    def jumped(self, jump: float, now: datetime) -> None:
        """The wall clock jumped by ``jump`` seconds: said once, and the interval jobs run now."""
        if (server := server_clock_of(self.copilot.platform)) is not None:
            server.forget()
        due = make_interval_jobs_due(self.scheduler, now)
        logger.warning(
            "this machine's clock jumped %s by %s: %d repeating job(s) run now instead of at the old clock's times (%s)",
            "forward" if jump > 0 else "back",
            duration_words(jump) + (" (or the machine was suspended)" if jump > 0 else ""),
            len(due),
            ", ".join(due) or "none",
        )

    async def tell_skew(self) -> None:
        """Say in the ops channel, once, that this machine's clock is off from the spa system's, and once its end."""
        gap = measured_gap(self.copilot.platform)
        if not self.skew_told and gap is not None and abs(gap) < SKEW_RECOVERED_SECONDS:
            self._skew_logged = False  # right again before the ops channel could be told: a new gap is logged anew
        change = skew_change(gap, told=self.skew_told)
        if change is None or gap is None:
            return
        if change == "off":
            if not self._skew_logged:
                self._episode = self.copilot.now().isoformat()  # the gap's episode: its notes' key
                logger.warning(
                    "this machine's clock is %s %s the spa system's (its HTTP Date): set it (NTP)",
                    duration_words(gap),
                    side_words(gap),
                )
                self._skew_logged = True
            self.skew_told = await self._post(clock_off_text(gap))
        elif await self._post(CLOCK_RIGHT_TEXT):
            logger.info("this machine's clock agrees with the spa system's again")
            self.skew_told = self._skew_logged = False


_watches: weakref.WeakKeyDictionary[AsyncIOScheduler, asyncio.Task[None]] = weakref.WeakKeyDictionary()


def follow(copilot: Copilot, scheduler: AsyncIOScheduler) -> None:
    """Watch the clock whenever ``scheduler`` runs: the watch starts as it starts and ends as it shuts down, however
    it is started and stopped (``start_scheduler``, a test's own ``start``)."""

    def on_event(event: SchedulerEvent) -> None:
        if event.code == EVENT_SCHEDULER_START:
            watch(copilot, scheduler)
        elif (task := _watches.pop(scheduler, None)) is not None:
            task.cancel()

    scheduler.add_listener(on_event, EVENT_SCHEDULER_START | EVENT_SCHEDULER_SHUTDOWN)


def watch(copilot: Copilot, scheduler: AsyncIOScheduler, **options: Any) -> ClockWatch:
    """Start the clock watch beside a started ``scheduler`` (on the running loop), in place of any it had;
    ``stop_watching`` ends it."""
    clock_watch = ClockWatch(copilot, scheduler, **options)
    if (earlier := _watches.pop(scheduler, None)) is not None:
        earlier.cancel()
    _watches[scheduler] = asyncio.get_running_loop().create_task(clock_watch.run(), name="clock-watch")
    return clock_watch


async def stop_watching(scheduler: AsyncIOScheduler) -> None:
    """End the scheduler's clock watch, if it has one, and wait for it to end; never raises."""
    task = _watches.pop(scheduler, None)
    if task is None:
        return
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
