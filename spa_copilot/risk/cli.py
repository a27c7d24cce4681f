"""``spa-copilot risk train`` and ``spa-copilot risk evaluate``, as plain functions the CLI wires.

With no history file, the history is read from the platform (the embedded sandbox when no Mangomint URL is
configured) over the last ``RISK_HISTORY_MONTHS`` months (``spa_copilot.domain``: the window the copilot scores
with), with the locations' time zones.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from spa_copilot.domain import HistoryRecord, risk_history_start
from spa_copilot.platform.errors import PlatformError
from spa_copilot.platform.protocol import SpaPlatform, skipped_ids
from spa_copilot.risk.bands import LONGEST_LEAD_DAYS, band_share_problem
from spa_copilot.risk.history import HistoryFileError, dated_records, load_history
from spa_copilot.risk.model import (
    HIGH_BAND_SHARE,
    MEDIUM_BAND_SHARE,
    SANDBOX_HISTORY,
    ModelUnusable,
    evaluate,
    read_model,
    train,
)
from spa_copilot.settings import Settings

logger = logging.getLogger(__name__)

DEFAULT_PLOT = Path("noshow-calibration.png")
PlatformOpener = Callable[[Settings], AbstractAsyncContextManager[SpaPlatform]]


@dataclass(frozen=True)
class Given:
    """What named each path on the command line, for error lines in argparse's style (``spa-copilot: --history:
    history.csv: no such file``): ``program`` and, for each path, its option (or the setting it defaulted to,
    ``SPA_MODEL_DIR``). Nothing named (the default) writes the bare line (``history.csv: no such file``), for a
    caller that says itself where it comes from."""

    program: str = ""
    history: str = ""
    out: str = ""
    model: str = ""
    plot: str = ""

    def say(self, stderr: TextIO, problem: str, *, about: str = "") -> None:
        """Write ``problem`` as one line, after the program's name and what ``about`` (``history``, ``out``, ``model``,
        ``plot``) names, where those are known."""
        named = getattr(self, about) if about else ""
        stderr.write(": ".join([part for part in (self.program, named) if part] + [" ".join(problem.splitlines())]) + "\n")


class StderrProgress:
    """A one-line percentage on a terminal (``training: 42% (model)``), rewritten in place; on a file or a pipe
    (a cron job's log) one plain line per stage instead, without carriage returns or terminal codes, or nothing
    with ``terminal_only`` (a history file's loading: its stage changes every thousand rows)."""

    def __init__(self, stream: TextIO = sys.stderr, label: str = "training", *, terminal_only: bool = False) -> None:
        self.stream = stream
        self.label = label
        self.line_open = False
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self.terminal_only = terminal_only
        self.stage: str | None = None

    def __call__(self, fraction: float, stage: str) -> None:
        text = f"{self.label}: {fraction:4.0%} ({stage})"
        if not self.live and self.terminal_only:
            return
        if not self.live:
            if stage != self.stage or fraction >= 1.0:
                self.stream.write(text + "\n")
                self.stream.flush()
            self.stage = stage
            return
        end = "\n" if fraction >= 1.0 else ""
        self.stream.write(f"\r{text}\x1b[K{end}")
        self.stream.flush()
        self.line_open = not end

    def end_line(self) -> None:
        """End a line left open mid-way, so what is written next (an error) starts on its own line."""
        if self.line_open:
            self.stream.write("\n")
            self.line_open = False


async def platform_history(
    platform: SpaPlatform, *, now: datetime
) -> tuple[list[HistoryRecord], dict[str, ZoneInfo]]:
    """The platform's appointment history over the last ``RISK_HISTORY_MONTHS`` months, and each location's zone;
    a record dated before 2000, which a history file's row is refused for, is left out (``dated_records``)."""
    records = dated_records(await platform.appointment_history(start=risk_history_start(now), end=now))
    locations = await platform.list_locations()
    return records, {location.id: location.tz for location in locations}


def run_train(
    history_path: Path | None,
    out: Path,
    *,
    settings: Settings,
    open_platform: PlatformOpener | None = None,
    now: datetime | None = None,
    zone: ZoneInfo | None = None,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    given: Given = Given(),
) -> int:
    """Train on a history file (or the platform's history), save model and card to ``out``; 0 on success, 1 with
    one line on ``stderr`` saying why not (``given``: what named the paths, for that line).
    ``zone``: the spa's zone for a history file's weekday and hours (the platform's history has its own)."""
    if (problem := _unwritable(out)) is not None:  # said before a long training, not after it
        given.say(stderr, f"cannot save the model to {out}: {problem}", about="out")
        return 1
    loaded = _read_history(history_path, settings, open_platform, now, stderr, zone, given)
    if loaded is None:
        return 1
    records, zones = loaded
    source = str(history_path) if history_path else ("sandbox" if settings.uses_sandbox else "platform")
    # the embedded sandbox's made-up history is said as the shipped model's card says it: check warns of it
    description = f"{SANDBOX_HISTORY}: the embedded sandbox spa" if source == "sandbox" and not history_path else (
        f"history: {source}")
    progress = StderrProgress(stderr)
    try:
        model = train(records, progress=progress, zones=zones, description=description)
    except ValueError as error:
        progress.end_line()
        given.say(stderr, f"cannot train: {error}", about="history" if history_path else "")
        return 1
    try:
        card_path = model.save(out)
    except OSError as error:
        given.say(stderr, f"cannot save the model to {out}: {error.strerror or error}", about="out")
        return 1
    metrics = model.card.get("metrics", {})
    stdout.write(
        f"trained on {model.card['rows']['train']} rows of {_source_words(source)} "
        f"({model.card['trainingWindow']['from']} to {model.card['trainingWindow']['to']}); "
        f"saved {out / 'noshow.joblib'} and {card_path.name}\n"
    )
    if metrics:
        stdout.write(f"time-split test on the latest {model.card['rows']['test']} rows:\n")
        stdout.write(_metrics_table(metrics))
    if (problem := band_share_problem(model.card.get("bandShares", {}), HIGH_BAND_SHARE, MEDIUM_BAND_SHARE)) is not None:
        stderr.write(f"warning: {problem}\n")
    return 0


def run_evaluate(
    history_path: Path | None,
    model_dir: Path | None,
    *,
    settings: Settings,
    as_json: bool = False,
    plot: Path | None = DEFAULT_PLOT,
    open_platform: PlatformOpener | None = None,
    now: datetime | None = None,
    zone: ZoneInfo | None = None,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    given: Given = Given(),
) -> int:
    """Print the saved model's metrics and its lead-time baseline's on history after its training window; 1 with one
    line on ``stderr`` when the model or the history cannot be read (``given``: what named them, for that line)."""
    directory = model_dir or settings.spa_model_dir
    try:
        model = read_model(directory)
    except ModelUnusable as problem:
        given.say(stderr, str(problem), about="model")
        return 1
    loaded = _read_history(history_path, settings, open_platform, now, stderr, zone, given)
    if loaded is None:
        return 1
    records, zones = loaded
    if not records:
        given.say(stderr, "the history is empty: nothing to evaluate")
        return 1
    result = evaluate(model, records, zones=zones)
    written: bool | None = None
    if plot is not None:
        written = write_calibration_plot(result["calibration"], plot, stderr=stderr, given=given)
        result["plot"] = str(plot) if written else None
    # a plot asked for that could not be written (its line is on stderr) fails the command, after the metrics;
    # without matplotlib the plot is only skipped
    code = 1 if written is False else 0
    if as_json:
        stdout.write(json.dumps(result, indent=2) + "\n")
        return code
    window = result["window"]
    # every row is before the model's training window ended: it may have been trained on them, or never seen them
    trained_until = str(model.card.get("trainingWindow", {}).get("to", ""))[:10] or "its training window"
    note = (" (all before the model's training window ended, so possibly rows it was trained on: history after "
            f"{trained_until} gives an honest figure)" if result["inSample"] else "")
    stdout.write(f"evaluated on {result['rows']} rows from {window['from']} to {window['to']}{note}\n")
    stdout.write(_metrics_table(result))
    if result.get("plot"):
        stdout.write(f"calibration plot: {result['plot']}\n")
    return code


def write_calibration_plot(
    calibration: Mapping[str, Sequence[Mapping[str, float]]], path: Path, *, stderr: TextIO = sys.stderr,
    given: Given = Given(),
) -> bool | None:
    """Predicted vs observed no-show rate for the model and the baseline, as a PNG: True once written, False when it
    could not be (said in one line), None without matplotlib (skipped, said too)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        stderr.write("matplotlib is not installed: skipping the calibration plot (pip install matplotlib)\n")
        return None
    figure, axes = plt.subplots(figsize=(5, 5))
    top = max([b["predicted"] for bins in calibration.values() for b in bins] + [0.05]) * 1.1
    axes.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    for name, bins in calibration.items():
        axes.plot([b["predicted"] for b in bins], [b["observed"] for b in bins], marker="o", label=name)
    axes.set_xlabel("predicted P(no-show or late cancel)")
    axes.set_ylabel("observed rate")
    axes.set_title("No-show risk calibration (equal-count bins)")
    axes.legend()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=100, bbox_inches="tight")
    except (OSError, ValueError) as error:  # the metrics are still worth printing; ValueError: a format it cannot write
        why = error.strerror if isinstance(error, OSError) and error.strerror else error
        given.say(stderr, f"cannot write the calibration plot to {path}: {why}", about="plot")
        return False
    finally:
        plt.close(figure)
    return True


def _unwritable(out: Path) -> str | None:
    """Why ``out`` cannot become the model's directory, from what exists of it, or None. The nearest folder that
    exists is written to (a nameless temporary file, gone at once: nothing is left), not only asked: root is "allowed"
    to write everywhere by ``os.access``, and ``/proc`` or a read-only mount still refuses."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return "it is a file, not a directory" if existing == out else f"{existing} is a file, not a directory"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable"
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError:
        return f"{existing} is not writable"
    return None


def _source_words(source: str) -> str:
    return {"sandbox": "the embedded sandbox spa's history (MANGOMINT_API_URL is not set)",
            "platform": "the spa system's history"}.get(source, source)


def _read_history(
    history_path: Path | None,
    settings: Settings,
    open_platform: PlatformOpener | None,
    now: datetime | None,
    stderr: TextIO,
    zone: ZoneInfo | None = None,
    given: Given = Given(),
) -> tuple[list[HistoryRecord], dict[str, ZoneInfo]] | None:
    """The history file's rows (or the platform's history) and the zones to read them in; None once why not is said
    in one line."""
    if history_path is not None:
        loading = StderrProgress(stderr, "loading", terminal_only=True)  # a large file takes seconds to read
        try:
            records = load_history(history_path, progress=loading)
        except HistoryFileError as error:
            loading.end_line()
            given.say(stderr, str(error), about="history")
            return None
        if not records:
            given.say(stderr, f"{history_path}: no appointment rows in the file (only a header, or blank lines)",
                      about="history")
            return None
        for note in history_notes(records, now or datetime.now(UTC), zone):
            stderr.write(f"note: {note}\n")
        return records, ({r.location_id: zone for r in records} if zone is not None else {})
    opener = open_platform or _default_opener()

    async def read() -> tuple[list[HistoryRecord], dict[str, ZoneInfo]]:
        async with opener(settings) as platform:
            return await platform_history(platform, now=now or datetime.now(UTC))

    try:
        records, zones = asyncio.run(read())
    except PlatformError as error:
        logger.info("reading history from the platform failed: %s", error)  # the line below says it (-v logs it)
        given.say(stderr, f"could not read the history from the platform: {error}; or use --history FILE, an export "
                  "of the spa's appointments (CSV or JSON lines)")
        return None
    if left_out := skipped_ids(records):  # a model trained without them would be skewed: said, not hidden in the log
        stderr.write(f"note: {len(left_out)} of the platform's {len(records) + len(left_out)} history records did not "
                     "match the contract or were dated before 2000, and were left out (their ids are in the log)\n")
    return records, zones


#: From this share of rows booked after their start, the file's bookedAt is likely not the booking time.
BOOKED_LATE_SHARE = 0.10


def history_notes(records: Sequence[HistoryRecord], now: datetime, zone: ZoneInfo | None = None) -> list[str]:
    """What in a readable history file looks like an export mistake: said, not refused (each is legal row by row).

    Appointments still to come (a date range past today, a year typed wrong) have no outcome yet, and cancelled
    ones among them would make cancelling look more common; a ``bookedAt`` after ``startAt`` on many rows (the
    columns swapped, or a "last changed" time exported as the booking time) makes every lead time 0; a lead of
    years is a year typed wrong. Weekdays and hours are read in ``zone`` (``--zone``) or each time's own offset:
    a file all in UTC without ``--zone`` gives UTC hours (the copilot scores in each location's zone), and one
    ``--zone`` for several locations is right only if they share it (rev35a M3).
    """
    notes = []
    later = [r.start_at for r in records if r.start_at > now]
    if later:
        notes.append(
            f"{len(later)} of {len(records)} appointments start after now ({now.astimezone(UTC):%Y-%m-%d %H:%M} UTC, "
            f"the latest {max(later).isoformat()}): a history holds appointments that have happened; "
            "check the export's date range and years"
        )
    late = sum(1 for r in records if r.booked_at > r.start_at)
    if late >= BOOKED_LATE_SHARE * len(records):
        notes.append(
            f"bookedAt is after startAt on {late} of {len(records)} rows (each counts as booked at its start, "
            "0 days ahead): bookedAt should be when the booking was made (createdAt), not when it was last "
            "changed; are the two columns swapped?"
        )
    if far := [r for r in records if (r.start_at - r.booked_at).days > LONGEST_LEAD_DAYS]:
        longest = max(far, key=lambda r: r.start_at - r.booked_at)
        notes.append(
            f"{len(far)} of {len(records)} rows were booked more than {LONGEST_LEAD_DAYS // 365} years before their "
            f"start (the longest, {longest.appointment_id}, {(longest.start_at - longest.booked_at).days} days): "
            "a year typed wrong in bookedAt?"
        )
    if zone is None and all(r.start_at.utcoffset() == r.booked_at.utcoffset() == timedelta(0) for r in records):
        notes.append(
            "every time in the file is in UTC and no --zone was given, so weekdays and hours are read in UTC (a 10am "
            "New York visit as 3pm), while the copilot scores each location's book in its own zone: pass --zone with "
            "the spa's zone (or export local times with their offsets)"
        )
    if zone is not None and len(locations := sorted({r.location_id for r in records})) > 1 and _zones_may_differ(records):
        notes.append(
            f"--zone {zone.key} reads the times of all {len(locations)} locations in the file ({', '.join(locations[:4])}"
            f"{', …' if len(locations) > 4 else ''}) in that zone: right only if they share it (else export local times "
            "with their offsets and leave out --zone)"
        )
    return notes


def _zones_may_differ(records: Sequence[HistoryRecord]) -> bool:
    """Whether the file's locations may be in different zones: its start times are all UTC (nothing tells), two
    locations have no day in common to compare, or on a day both have they were written at different offsets (New York's
    -05:00 beside Chicago's -06:00 in winter; comparing the sets of offsets alone missed them, as both use -05:00 in
    some season: rev35g M3). Locations sharing a zone give no note on every run (rev35b L2)."""
    if all(record.start_at.utcoffset() == timedelta(0) for record in records):
        return True
    by_day: dict[str, dict[date, timedelta | None]] = {}
    for record in records:
        by_day.setdefault(record.location_id, {})[record.start_at.date()] = record.start_at.utcoffset()
    days = list(by_day.values())
    for n, one in enumerate(days):
        for other in days[n + 1:]:
            shared = one.keys() & other.keys()
            if not shared or any(one[day] != other[day] for day in shared):
                return True
    return False


def _default_opener() -> PlatformOpener:
    from spa_copilot.world import open_platform  # the platform wiring lives with the app

    return open_platform


def _metrics_table(metrics: Mapping[str, Any]) -> str:
    lines = [
        f"  base rate {metrics['baseRate']:.3f} over {metrics['rows']} rows "
        f"(predicting it everywhere: Brier {metrics['baseRateBrier']:.4f})",
        f"  {'':9} {'ROC-AUC':>8} {'PR-AUC':>8} {'Brier':>8} {'log loss':>9}",
    ]
    for name in ("model", "baseline"):
        m = metrics[name]
        lines.append(
            f"  {name:9} {_num(m['rocAuc'])} {_num(m['prAuc'])} {_num(m['brier'])} {_num(m['logLoss'], 9)}"
        )
    return "\n".join(lines) + "\n"


def _num(value: float | None, width: int = 8) -> str:
    return f"{value:{width}.4f}" if value is not None else f"{'n/a':>{width}}"
