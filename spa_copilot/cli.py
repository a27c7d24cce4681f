"""The ``spa-copilot`` command line: a thin layer over the library (every command has ``--help``)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spa_copilot.settings import Settings, shown_address

if TYPE_CHECKING:
    from spa_copilot.domain import SpaData
    from spa_copilot.risk.cli import Given

Handler = Callable[[argparse.Namespace, Settings], int]


#: What ``today --date`` and ``conflicts --date`` take, in docs/commands.md's words (``notes extract --date`` and
#: ``sandbox serve --today`` take ``YYYY-MM-DD`` alone).
BOOK_DAY_FORMS = 'YYYY-MM-DD, tomorrow, fri, "next fri" or "Dec 3"'


def _not_a_date(value: str, forms: str = "YYYY-MM-DD") -> str:
    """``not a date: '2026-02-30' (give YYYY-MM-DD, tomorrow, …)``: what was given, and what the option takes."""
    return f"not a date: {value!r} (give {forms})"


def _iso_date(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_not_a_date(value)) from None
    if not date.min + timedelta(days=1) < day < date.max - timedelta(days=1):  # a day's bounds in any zone exist
        raise argparse.ArgumentTypeError(f"not a date the spa can have: {value!r}")
    return day


def _now() -> datetime:
    """The instant the commands of a day (``today``, ``conflicts``) take for now: their default day is each location's
    date at it (``world.default_day``), and a ``--date`` is measured from it; ``notes extract`` reads a note on the
    spa's today at it, and ``sandbox serve`` and ``sandbox slack`` generate their spa at it. The wall clock, as the
    spa system's."""
    return datetime.now(UTC)


class DayWords(str):
    """A ``--date`` given in words, as ``/spa today`` takes them (``tomorrow``, ``fri``, ``next fri``, ``Dec 3``):
    read as a date (``_read_day``) against the spa's today in the location asked about, once that is known."""


def _book_day(value: str) -> date | DayWords:
    """``today --date`` and ``conflicts --date``: a date within two years of today, as Slack's ``/spa today`` and
    ``/spa conflicts`` take one (a day further off has no book to show): ``YYYY-MM-DD`` or the words ``/spa`` takes
    (kept as ``DayWords``: which day ``tomorrow`` is depends on the location's zone). Today is the UTC date of
    ``_now``, each location's own today being at most a day from it. An empty one (``--date "$DAY"`` with ``DAY``
    unset) is refused, not read as today; words that are no one day say why, as ``/spa`` does (``too far away``,
    ``takes one day, not next month``)."""
    from spa_copilot.slack.command_parser import MAX_DAYS_AWAY, CommandError, check_day

    if not value.strip():
        raise argparse.ArgumentTypeError("an empty date: give YYYY-MM-DD or a day as /spa takes it (tomorrow, fri,"
                                         " 'Dec 3'); leave it out for today")
    try:
        day = _iso_date(value)
    except argparse.ArgumentTypeError as refused:
        if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):  # a date typed wrong: said as a date
            if "not a date:" in str(refused):  # 2026-02-30: no such day, and the words the option takes besides
                raise argparse.ArgumentTypeError(_not_a_date(value, BOOK_DAY_FORMS)) from None
            raise
        words = " ".join(value.split())
        try:
            check_day("--date", words)
        except CommandError as exc:
            raise argparse.ArgumentTypeError(_day_problem(exc, words, value)) from None
        return DayWords(words)
    if abs((day - _now().date()).days) > MAX_DAYS_AWAY:
        raise argparse.ArgumentTypeError(f"too far away (pick a day within two years of today): {value!r}")
    return day


def _day_problem(exc: Exception, words: str, value: str) -> str:
    """Why ``--date`` words are no day, after ``--date: ``: ``/spa``'s own reason (``takes one day, not next
    month (try …)``, ``next fri could be Fri 4 Dec or Fri 11 Dec: …``), a day too far said as for a date
    (``too far away (pick a day within two years of today): 'in 800 days'``), and words that are no date at all
    with what the option takes (``not a date: 'someday' (give YYYY-MM-DD, tomorrow, fri, …)``)."""
    from spa_copilot.slack.command_parser import DATE_HINT, TOO_FAR

    reason = str(exc)
    if reason == TOO_FAR.format(word=words):
        return f"too far away (pick a day within two years of today): {value!r}"
    if reason == f"{words} is not a date ({DATE_HINT})":
        return _not_a_date(value, BOOK_DAY_FORMS)
    return reason.removeprefix("--date ")


class _NoDay(LookupError):
    """A ``--date`` in words that is, read against the location's today, no one day: more than two years from it, or
    two days to different people (``next fri`` said on a Tuesday); the message says which, as ``/spa`` would (a
    ``LookupError``: ``conflicts_cli`` says it as it says an unknown location)."""


def _read_day(day: date | DayWords, today: date) -> date:
    """``--date`` as a date: words read as ``/spa today`` reads them, against ``today`` (the location's own)."""
    from spa_copilot.slack.command_parser import CommandError, parse_day

    if not isinstance(day, DayWords):
        return day
    try:
        return parse_day(str(day), today=today)
    except CommandError as exc:  # too far from this today, or "next fri" said on a Tuesday: which Friday?
        raise _NoDay(f"--date: {_day_problem(exc, str(day), str(day))}") from None


def _location(value: str) -> str:
    """``today --location`` and ``conflicts --location``: an empty one (``--location "$LOC"`` with ``LOC`` unset) is
    refused, not read as every location."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty location: give a location's id or name (leave it out for all)")
    return value


ZONE_HELP = (
    "the spa's IANA time zone (e.g. America/New_York) for a --history file, so weekday and hour are local as when"
    " the copilot scores the book (default: each time's own offset)"
)


def _time_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError, OSError):  # OSError: a folder of zones ("America"), a name too long
        raise argparse.ArgumentTypeError(f"{name!r} is not an IANA time zone (e.g. America/New_York)") from None


def _path(value: str) -> Path:
    """A path given on the command line: an empty one (``--out "$DIR"`` with ``DIR`` unset) is refused, not read as
    the current directory."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path: give a file or directory")
    return Path(value)


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(f"not a share between 0 and 1: {value!r}")
    return share


def _non_negative(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0:
        raise argparse.ArgumentTypeError(f"not a number of 0 or more: {value!r}")
    return number


def _port(value: str, *, lowest: int = 1) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not lowest <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port ({lowest}-65535): {value!r}")
    return port


def _port_or_any(value: str) -> int:
    """A port, or 0 for any free one (the sandbox prints the one it got: for scripts and tests started side by side)."""
    return _port(value, lowest=0)


#: argparse's words for an option given a value it cannot take (``argument --port: not a port (1-65535): '70000'``):
#: the option's name and why. Its other errors (no command, an unknown option, a value left out) keep the usage line.
_BAD_OPTION_VALUE = re.compile(r"argument (-[\w-]+)(?:/-[\w-]+)*: (?!expected |ignored explicit argument )(.+)", re.S)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a bad value for an option is one line and exit 2, as a bad setting is
    (``spa-copilot: --port: not a port (1-65535): '70000'``), not the usage line and ``error:`` (its subcommands'
    parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        if bad := _BAD_OPTION_VALUE.fullmatch(message):
            self.exit(2, f"spa-copilot: {bad[1]}: {bad[2]}\n")
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(
        prog="spa-copilot",
        description="Spa Copilot: a staff-facing Slack copilot for boutique spas on Mangomint.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser("demo", help="show a spa morning end to end on the sandbox spa (no accounts needed)")
    demo.add_argument("--seed", type=int, default=None, help="sandbox seed (default: SANDBOX_SEED, 7)")
    demo.set_defaults(handler=_demo)

    run = commands.add_parser("run", help="run the bot: Slack HTTP endpoint (or Socket Mode), webhooks, scheduler")
    run.add_argument("--port", type=_port, default=3000, help="HTTP port (default 3000)")
    run.add_argument("--host", default="0.0.0.0", help="HTTP bind address (default 0.0.0.0)")
    run.add_argument("--socket", action="store_true", help="use Socket Mode (also implied by SLACK_APP_TOKEN)")
    run.set_defaults(handler=_run)

    check = commands.add_parser("check", help="ask each part the copilot depends on whether it answers (before run)")
    check.add_argument("--json", action="store_true", help="print a JSON list of {name, status, detail}")
    check.set_defaults(handler=_check)

    sandbox = commands.add_parser("sandbox", help="the sandbox spa: a stand-in for Mangomint")
    sandbox_commands = sandbox.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    serve = sandbox_commands.add_parser("serve", help="serve the contract (/v1) and admin endpoints (/sandbox)")
    serve.add_argument("--port", type=_port_or_any, default=8765, help="HTTP port (default 8765; 0: any free one)")
    serve.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default 127.0.0.1)")
    source = serve.add_mutually_exclusive_group()
    source.add_argument("--seed", type=int, default=None, help="generate the spa from this seed (default: SANDBOX_SEED, 7)")
    source.add_argument("--data", type=Path, default=None, help="serve this JSON file {locations, staff, …}")
    serve.add_argument("--today", type=_iso_date, default=None,
                       help="day the generated book is for, in every location (default: each location's own today)")
    serve.add_argument("--latency-ms", type=_non_negative, default=0.0, help="added to every /v1 response")
    serve.add_argument("--error-rate", type=_share, default=0.0, help="share (0-1) of /v1 requests answered 503")
    serve.add_argument("--rate-limit-rate", type=_share, default=0.0, help="share (0-1) of /v1 requests answered 429")
    serve.add_argument("--webhook-url", default=None, help="deliver signed webhooks of every change here")
    serve.add_argument("--webhook-secret", default=None, help="secret to sign webhooks with (default: MANGOMINT_WEBHOOK_SECRET)")
    serve.set_defaults(handler=_sandbox_serve)
    slack = sandbox_commands.add_parser(
        "slack", help="a stand-in Slack on a port, the sandbox spa's staff its people (rehearse check and run offline)"
    )
    slack.add_argument("--port", type=_port_or_any, default=8766, help="HTTP port (default 8766; 0: any free one)")
    slack.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default 127.0.0.1)")
    people = slack.add_mutually_exclusive_group()
    people.add_argument("--seed", type=int, default=None, help="the spa of this seed (default: SANDBOX_SEED, 7)")
    people.add_argument("--data", type=Path, default=None, help="the spa of this JSON file, as sandbox serve --data")
    slack.set_defaults(handler=_sandbox_slack)

    today = commands.add_parser("today", help="print a day's book (default today) by therapist, with gaps")
    today.add_argument("--date", type=_book_day, default=None,
                       help="YYYY-MM-DD or as /spa today takes it (tomorrow, fri, 'next fri', 'Dec 3'), within two "
                            "years of today, each location's own (default: today in each location)")
    today.add_argument("--location", type=_location, default=None, help="location id or name (default: all)")
    today.add_argument("--json", action="store_true", help="print JSON instead of a table")
    today.set_defaults(handler=_today)

    conflicts = commands.add_parser("conflicts", help="print the resource conflicts of a day (default today)")
    conflicts.add_argument("--date", type=_book_day, default=None,
                           help="YYYY-MM-DD or as /spa conflicts takes it (tomorrow, fri, 'next fri', each "
                                "location's own), within two years of today (default: today in each location)")
    conflicts.add_argument("--location", type=_location, default=None, help="location id or name (default: all)")
    conflicts.add_argument("--json", action="store_true", help="print a JSON list of conflicts")
    conflicts.set_defaults(handler=_conflicts)

    forget = commands.add_parser(
        "forget", help="forget one guest in the state database on request (erase them in Mangomint too)"
    )
    forget.add_argument("client_id", metavar="CLIENT_ID", help="the guest's client id in the spa system")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    forget.add_argument("--by", default=None, metavar="NAME",
                        help="who is doing it, for the audit log (default: this operating-system user)")
    forget.set_defaults(handler=_forget)

    notes = commands.add_parser("notes", help="what the copilot reads in therapist notes")
    notes_commands = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    extract = notes_commands.add_parser("extract", help="read one note from stdin and print the extracted profile")
    extract.add_argument("--json", action="store_true", help="print JSON: one key per field, each [{value, evidence}]")
    extract.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                         help="read the note as on this day (\"stopped last year\"); default: the spa's today, which "
                              "asks the spa system for its first location's zone")
    extract.set_defaults(handler=_notes_extract)

    risk = commands.add_parser("risk", help="the no-show / late-cancellation risk model")
    risk_commands = risk.add_subparsers(dest="risk_command", metavar="ACTION", required=True)
    train = risk_commands.add_parser("train", help="train on a history file (default: the platform's history)")
    train.add_argument("--history", type=_path, default=None, help="CSV or JSON-lines history (see docs/risk.md)")
    train.add_argument("--out", type=_path, default=None, help="where to write noshow.joblib + noshow.json (default: SPA_MODEL_DIR)")
    train.add_argument("--zone", type=_time_zone, default=None, metavar="TZ", help=ZONE_HELP)
    train.set_defaults(handler=_risk_train)
    evaluate = risk_commands.add_parser("evaluate", help="ROC-AUC, PR-AUC, Brier, log loss vs a lead-time baseline")
    evaluate.add_argument("--history", type=_path, default=None, help="CSV or JSON-lines history (default: the platform's)")
    evaluate.add_argument("--model", type=_path, default=None, help="model directory (default: SPA_MODEL_DIR)")
    evaluate.add_argument("--zone", type=_time_zone, default=None, metavar="TZ", help=ZONE_HELP)
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--plot", type=_path, default=Path("noshow-calibration.png"),
                          help="calibration plot PNG path (default: noshow-calibration.png in the current folder)")
    evaluate.set_defaults(handler=_risk_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``spa-copilot`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request's full URL at INFO, and a client search puts a name or a phone in the query
    # string: logs carry ids, so those loggers only speak up for warnings.
    for noisy in ("httpx", "httpcore", "httpx2", "httpcore2"):  # the OpenAI SDK's own copies are httpx2, httpcore2
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # and the Slack and OpenAI clients log each request's whole body at DEBUG (a card's guest names and alerts, a
    # prompt): whatever level the root logger is given, theirs stops at INFO (at WARNING, as the root's, without -v)
    for chatty in ("slack_sdk", "slack_bolt", "openai"):
        logging.getLogger(chatty).setLevel(logging.INFO if args.verbose else logging.WARNING)
    # python-dotenv's "could not parse statement starting at line 2" comes once per reading of the .env, with a
    # timestamp, before any output: `check` says it on its configuration line instead (".env line 2 could not be
    # read"), with what to write
    logging.getLogger("dotenv.main").setLevel(logging.ERROR)
    # APScheduler says "Running job …" and "… executed successfully" for every run of every job (some 11,000 lines a
    # day with -v): its warnings and errors (a job missed, one raising) are what an operator reads (probe43e L)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        settings = _settings(args)
    except Exception as exc:  # pydantic's ValidationError: one line per bad setting, by its variable's name
        for line in _configuration_errors(exc):
            print(f"spa-copilot: configuration error: {line}", file=sys.stderr)
        return 2
    handler: Handler = args.handler
    from spa_copilot.store import StoreError

    try:
        code = handler(args, settings)
        sys.stdout.flush()  # here, where a reader that has gone is caught, not at exit
        return code
    except BrokenPipeError:
        return _stdout_closed()
    except StoreError as exc:
        print(f"spa-copilot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


#: The exit code of a command whose reader went away (``spa-copilot today | head -3``), as a shell reports a
#: process ended by SIGPIPE.
EXIT_STDOUT_CLOSED = 141


def _stdout_closed() -> int:
    """stdout's reader has gone: nothing more is written, and no traceback or "Exception ignored" at exit (Python's
    own recipe: stdout pointed at devnull, so the flush at exit has somewhere to go)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # a stdout with no file descriptor (captured, replaced)
        pass
    return EXIT_STDOUT_CLOSED


def _configuration_errors(exc: Exception) -> list[str]:
    """What is wrong with the settings, one line each, naming the environment variable as it is typed
    (``POLL_SECONDS: expected a whole number, got 'abc'``); a secret's value is never repeated."""
    from pydantic import ValidationError

    from spa_copilot.settings import ENV_FILE, env_file_not_utf8

    if isinstance(exc, UnicodeDecodeError):  # the .env (nothing else the settings read is bytes)
        return [env_file_not_utf8(ENV_FILE) or _first_line(exc)]
    if not isinstance(exc, ValidationError):
        return [_first_line(exc)]

    def variable(loc: tuple[Any, ...]) -> str:
        return str(loc[0]).upper() if loc else "the settings"

    def secret(loc: tuple[Any, ...]) -> bool:
        field = Settings.model_fields.get(str(loc[0])) if loc else None
        return field is None or "SecretStr" in str(field.annotation)

    return _validation_lines(exc, where=variable, secret=secret)


def _data_path(loc: tuple[Any, ...]) -> str:
    """``("locations", 1, "timeZone")`` → ``locations[1].timeZone``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


#: pydantic's error types said the way the person who typed the value would say them.
_EXPECTED = {
    "int_parsing": "a whole number", "int_from_float": "a whole number", "int_type": "a whole number",
    "float_parsing": "a number", "float_type": "a number", "bool_parsing": "true or false",
}
#: How many problems are listed before "… and N more".
MAX_PROBLEMS = 5


def _validation_lines(
    exc: Any, *, where: Callable[[tuple[Any, ...]], str], secret: Callable[[tuple[Any, ...]], bool] = lambda loc: False
) -> list[str]:
    """A pydantic ``ValidationError`` as one short line per problem, ``<where>: <why>, got <value>``: no error
    type, no input type, no link to pydantic's documentation."""
    errors = exc.errors(include_url=False)
    lines = []
    for error in errors[:MAX_PROBLEMS]:
        kind, message, ctx = error["type"], str(error["msg"]), error.get("ctx") or {}
        if kind in _EXPECTED:
            why = f"expected {_EXPECTED[kind]}"
        elif kind == "greater_than_equal":
            why = f"expected {_number(ctx.get('ge'))} or more"
        elif kind == "greater_than":
            why = f"expected more than {_number(ctx.get('gt'))}"
        elif kind == "less_than_equal":
            why = f"expected at most {_number(ctx.get('le'))}"
        elif kind == "missing":
            why = "missing"
        elif message.startswith("Value error, "):
            why = message.removeprefix("Value error, ")
        elif message.startswith("Input should be "):
            why = "expected " + message.removeprefix("Input should be ")
        else:
            why = message[:1].lower() + message[1:]
        value, loc = error.get("input"), tuple(error["loc"])
        blank = isinstance(value, str) and not value.strip()  # "must not be empty, got ''" says it twice
        if loc and not secret(loc) and not blank and isinstance(value, str | int | float) and not isinstance(value, bool):
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            if shown not in why and " got " not in why and "(got " not in why:  # the message shows it already
                why += f", got {shown}"
        lines.append(f"{place}: {why}" if (place := where(loc)) else why)
    if len(errors) > MAX_PROBLEMS:
        lines.append(f"... and {len(errors) - MAX_PROBLEMS} more")
    return lines


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- handlers ------------------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    """The settings a command runs with. The demo runs on the sandbox whatever the environment or ``.env`` says: a
    value there it cannot read takes its default, and the demo says which (``args.ignored``)."""
    if args.handler is not _demo:
        return Settings()
    from spa_copilot.demo import demo_settings

    settings, args.ignored = demo_settings(**({"sandbox_seed": args.seed} if args.seed is not None else {}))
    return settings


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.demo import run_demo

    return asyncio.run(run_demo(settings, ignored=getattr(args, "ignored", ())))


def _check(args: argparse.Namespace, settings: Settings) -> int:
    """One line per check; exit 1 when one failed (a warning still exits 0: the copilot runs)."""
    from spa_copilot.preflight import run_checks

    # the output is one line per check: the clients' retries are not mixed into it (with -v they are logged)
    with _retries_quiet(args):
        checks = asyncio.run(run_checks(settings))
    if args.json:
        print(json.dumps([c.to_json_dict() for c in checks], indent=2, ensure_ascii=False))
    else:
        for check in checks:
            print(check.line())
    return 1 if any(c.status == "failed" for c in checks) else 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.server import run_server

    return run_server(settings, host=args.host, port=args.port, socket_mode=args.socket, access_log=args.verbose)


def _sandbox_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from spa_copilot.sandbox.faults import FaultConfig
    from spa_copilot.sandbox.generator import generate_spa
    from spa_copilot.sandbox.server import create_sandbox_app

    if args.data and args.today:
        print("spa-copilot: --today generates a spa; a --data file is served as it is: give one or the other",
              file=sys.stderr)
        return 2
    if args.webhook_url is not None and (problem := _webhook_url_problem(args.webhook_url)):
        print(f"spa-copilot: --webhook-url: {problem}", file=sys.stderr)  # else every delivery would fail, one by one
        return 2
    data = _spa_data_file(args.data) if args.data else None
    if data is False:  # a file the command cannot use: exit 1, as every command's
        return 1
    # the port first, as `run` does: a port that is taken is one line and exit 2, before the spa is generated
    # and before "sandbox spa on ..." is printed for a server that will never answer there
    if (listener := _listening(args, who="sandbox")) is None:
        return 2
    try:
        if data is None:
            seed = args.seed if args.seed is not None else settings.sandbox_seed
            # without --today, each location's book is on its own local today and nothing is stamped after now
            data = generate_spa(seed, today=args.today) if args.today else generate_spa(seed, now=_now())
        faults = FaultConfig(latency_ms=args.latency_ms, error_rate=args.error_rate, rate_limit_rate=args.rate_limit_rate)
        api_key = settings.mangomint_api_key.get_secret_value()
        app = create_sandbox_app(
            data,
            api_key=api_key,
            faults=faults,
            webhook_url=args.webhook_url,
            webhook_secret=args.webhook_secret or settings.mangomint_webhook_secret.get_secret_value(),
        )
        default_key = Settings.model_fields["mangomint_api_key"].default.get_secret_value()
        # the key itself only while it is the public default: a key of one's own is not printed
        key = (f"bearer key {default_key!r}, MANGOMINT_API_KEY's default" if api_key == default_key
               else "bearer key: the value of MANGOMINT_API_KEY")
        # where its webhooks go and which secret signs them (named, never printed)
        hooks = (f"; webhooks to {shown_address(args.webhook_url)}, signed with "
                 f"{'--webhook-secret' if args.webhook_secret else 'MANGOMINT_WEBHOOK_SECRET'}" if args.webhook_url else "")
        port = listener.getsockname()[1]  # the one it got, with --port 0
        print(
            f"sandbox spa on http://{args.host}:{port}/v1 "
            f"({key}; {len(data.appointments)} appointments, {len(data.clients)} clients{hooks})",
            file=sys.stderr,
        )
        server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=port, log_level="info", access_log=args.verbose))
        server.run(sockets=[listener])
    finally:
        listener.close()
    return 0


def _webhook_url_problem(url: str) -> str | None:
    """Why the sandbox cannot deliver webhooks to ``url`` (no ``http://`` or ``https://``, no host), or None. The
    address is shown without a query or fragment, which may hold a secret."""
    from urllib.parse import urlsplit

    shown = url.split("?", 1)[0].split("#", 1)[0]
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        return f"{shown!r} is not a URL the sandbox can deliver to (its port is no number?)"
    if parts.scheme.lower() not in ("http", "https"):
        return (f"{shown!r} does not start with http:// or https:// (the copilot's webhook address, e.g. "
                "http://127.0.0.1:3000/webhooks/mangomint)")
    if not parts.hostname:
        return f"{shown!r} names no host"
    return None


def _spa_data_file(path: Path) -> SpaData | Literal[False]:
    """A ``--data FILE`` read, or False once what is wrong with it is said, naming the option as any file a command
    cannot use is (which field, and why: not only "1 validation error for SpaData"; a missing file as "no such file",
    not Python's ``[Errno 2]``)."""
    from spa_copilot.sandbox.server import load_spa_data

    try:
        return load_spa_data(path)
    except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            problems = _validation_lines(exc, where=_data_path)
        elif isinstance(exc, OSError):
            problems = [_file_problem(exc)]
        else:
            problems = [_first_line(exc)]
        for problem in problems:
            print(f"spa-copilot: --data: cannot serve {path}: {problem}", file=sys.stderr)
        return False


def _file_problem(error: OSError) -> str:
    """A file that cannot be read, in a few words: ``no such file``, ``a directory``, ``not readable``."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "a directory, not a file"
    if isinstance(error, PermissionError):
        return "not readable"
    return error.strerror or _first_line(error)


def _listening(args: argparse.Namespace, *, who: str) -> socket.socket | None:
    """A socket listening on ``--host``/``--port`` for a sandbox server, or None once why not is said in one line."""
    from spa_copilot.listen import bind_error_line, bind_http_socket

    try:
        return bind_http_socket(args.host, args.port)
    except OSError as exc:
        print(bind_error_line(args.host, args.port, exc, who=who), file=sys.stderr)
        return None


def _sandbox_slack(args: argparse.Namespace, settings: Settings) -> int:
    """``spa-copilot sandbox slack``: the stand-in Slack on a port, with the sandbox spa's staff as its people, for
    rehearsing ``check`` and ``run`` offline; each message the copilot posts or updates is printed as Slack shows it."""
    import uvicorn

    from spa_copilot.sandbox.generator import generate_spa
    from spa_copilot.sandbox.slack_api import DEFAULT_CHANNELS as DEFAULT_STAND_IN_CHANNELS
    from spa_copilot.sandbox.slack_api import create_slack_api, render_terminal
    from spa_copilot.sandbox.world import stand_in_managers, stand_in_people

    data = _spa_data_file(args.data) if args.data else None
    if data is False:  # a file the command cannot use: exit 1, as every command's
        return 1
    if (listener := _listening(args, who="stand-in Slack")) is None:
        return 2
    try:
        spa = data or generate_spa(args.seed if args.seed is not None else settings.sandbox_seed, now=_now())
        app = create_slack_api(bot_token=settings.slack_bot_token.get_secret_value(), users=stand_in_people(spa.staff))
        slack = app.state.slack
        port = listener.getsockname()[1]
        slack.root_url = f"http://{args.host}:{port}"  # response URLs are minted here
        names = slack.display_names()
        channels = {channel_id: name for name in DEFAULT_STAND_IN_CHANNELS if (channel_id := slack.channel_id(name))}

        def show(message: Any, verb: str) -> None:
            where = _posted_where(slack, message.channel, channels, names)
            print(f"── {verb} in {where}{' (thread)' if message.thread_ts and message.thread_ts != message.ts else ''} "
                  f"{'─' * 40}\n{render_terminal(message, users=names)}\n", flush=True)

        slack.on_message = show
        managers = stand_in_managers(spa.staff)
        print(
            f"stand-in Slack on http://{args.host}:{port}/api/ (set SLACK_API_URL to it; bot token: the value of "
            f"SLACK_BOT_TOKEN; {len(spa.staff)} staff as its people, channels "
            f"{', '.join('#' + name for name in DEFAULT_STAND_IN_CHANNELS)}; managers: {','.join(managers) or 'none'})",
            file=sys.stderr,
        )
        server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=port, log_level="warning", access_log=False))
        server.run(sockets=[listener])
    finally:
        listener.close()
    return 0


def _posted_where(slack: Any, channel_id: str, channels: dict[str, str], names: dict[str, str]) -> str:
    """Where the stand-in Slack's terminal says a message went: ``#front-desk``, ``a DM to Jonah Weiss`` (the person's
    Slack name, else their Slack id: a therapist's briefing says whose it is, and no guest's name is in it), or ``a
    DM`` when the stand-in knows no person for it."""
    if channel_id in channels:
        return f"#{channels[channel_id]}"
    channel = slack.channel(channel_id)
    user = channel.user if channel is not None and channel.is_im else None
    return f"a DM to {names.get(user, user)}" if user else "a DM"


def _conflicts(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.alerts import conflicts_cli

    day = args.date
    if isinstance(day, DayWords):  # "tomorrow": each location's own, as /spa conflicts reads it
        day = functools.partial(_read_day, day)
    with _retries_quiet(args):
        return conflicts_cli(settings, day=day, location=args.location, as_json=args.json, now=_now())


def _notes_extract(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.ai import extract_cli

    text = sys.stdin.read()
    if not text.strip():
        print("spa-copilot: give the note on stdin, e.g. echo 'firm pressure, nut allergy' | spa-copilot notes extract",
              file=sys.stderr)
        return 2
    from spa_copilot.platform.errors import PlatformError

    try:
        with _retries_quiet(args):
            today = args.date or asyncio.run(_spa_today(settings))
    except PlatformError as exc:
        print(f"spa-copilot: the spa platform failed: {exc} (--date YYYY-MM-DD reads the note without it)",
              file=sys.stderr)
        return 1
    except LookupError as exc:
        print(f"spa-copilot: {exc} (--date YYYY-MM-DD reads the note without it)", file=sys.stderr)
        return 2
    print(asyncio.run(extract_cli(text, settings, as_json=args.json, today=today)))
    return 0


async def _spa_today(settings: Settings) -> date:
    """The day ``notes extract`` reads a note on ("Stopped Accutane last year"): the spa's today, its first
    location's local date at ``_now``, as ``/spa client`` reads a guest's notes; never the UTC date, a day ahead of it
    on an American evening."""
    from spa_copilot.world import default_day, open_platform

    async with open_platform(settings, clock=_now) as platform:
        locations = await platform.list_locations()
    if not locations:
        raise LookupError("the spa system lists no location, so the spa's today is unknown")
    return default_day(settings, locations[0], now=_now())


def _risk_train(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.risk.cli import run_train

    if (refused := _zone_without_history(args)) is not None:
        return refused
    with _retries_quiet(args):
        return run_train(args.history, args.out or settings.spa_model_dir, settings=settings, zone=args.zone,
                         stdout=sys.stdout, stderr=sys.stderr, given=_risk_given(args))  # the streams of now


def _risk_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.risk.cli import run_evaluate

    if (refused := _zone_without_history(args)) is not None:
        return refused
    with _retries_quiet(args):
        return run_evaluate(
            args.history, args.model or settings.spa_model_dir, settings=settings, as_json=args.json, plot=args.plot,
            zone=args.zone, stdout=sys.stdout, stderr=sys.stderr, given=_risk_given(args),
        )


def _zone_without_history(args: argparse.Namespace) -> int | None:
    """``--zone`` without ``--history``: refused in one line, exit 2, not ignored (the platform's history is read in
    each location's own zone, which the spa system gives); None when the options go together."""
    if args.zone is None or args.history is not None:
        return None
    print("spa-copilot: --zone applies to a --history file: the platform's history is read in each location's own "
          "zone", file=sys.stderr)
    return 2


def _retries_quiet(args: argparse.Namespace) -> contextlib.AbstractContextManager[None]:
    """The spa system's retry warnings while a command reads it (``check``, ``today``, ``conflicts``, ``notes
    extract``, ``risk train``/``evaluate``): not logged, a failure being the command's one error line (a spa system
    down had printed four "retry n/4" WARNING lines before it); with ``-v`` they are."""
    from spa_copilot.preflight import retry_warnings_silenced

    return contextlib.nullcontext() if getattr(args, "verbose", False) else retry_warnings_silenced()


def _risk_given(args: argparse.Namespace) -> Given:
    """What named the paths of ``risk train``/``evaluate``, for their one-line errors in the style of a bad option
    value (``spa-copilot: --history: history.csv, row 4, column 'outcome': …``): the option, or ``SPA_MODEL_DIR``
    when the model's directory was left to it."""
    from spa_copilot.risk.cli import Given

    model_dir = "--out" if getattr(args, "out", None) else "--model" if getattr(args, "model", None) else "SPA_MODEL_DIR"
    return Given(program="spa-copilot", history="--history", out=model_dir, model=model_dir, plot="--plot")


#: ``spa-copilot forget``'s answer to an id that is no id (empty, spaces).
FORGET_USAGE = "spa-copilot: forget needs a client id: spa-copilot forget CLIENT_ID [--yes] [--by NAME]"


def _forget(args: argparse.Namespace, settings: Settings) -> int:
    """Forget one guest in the state database on request (``spa_copilot.store.forget``): one line per table with
    how many rows changed (or, in ``DELETED_TABLES``, deleted), then to erase her in Mangomint too. The database is taken for this process alone, as
    ``run`` takes it: with the service running, one line saying to stop it first, and exit 2."""
    from spa_copilot.domain import plural
    from spa_copilot.store import Store
    from spa_copilot.store.forget import TABLES, forget_client
    from spa_copilot.store.single_user import DatabaseInUse, DatabaseUnlockable, hold_database

    client_id = args.client_id.strip()
    if not client_id:
        print(FORGET_USAGE, file=sys.stderr)
        return 2
    by = (args.by or "").strip() or _os_user()
    path = settings.spa_db_path
    if not path.exists():  # nothing is created for it; not a success: the service's database may be elsewhere
        print(f"spa-copilot: no state database at {path.resolve()} (SPA_DB_PATH), so nothing was erased: run forget "
              "where the service runs, with the service's SPA_DB_PATH (an absolute path)", file=sys.stderr)
        return 1
    try:
        lock = hold_database(path)
    except DatabaseInUse:
        print(f"spa-copilot: the state database {path} is in use by a running spa-copilot: stop the service first, "
              "run forget, then start it again (a text being sent or a card being redrawn could name her again)",
              file=sys.stderr)
        return 2
    except DatabaseUnlockable as exc:
        print(f"spa-copilot: {exc} (SPA_DB_PATH)", file=sys.stderr)
        return 2
    try:
        store = Store.open(path)
        try:
            preview = forget_client(store, client_id, by=by, dry_run=True)
            if not preview.held_anything:
                print(f"Nothing held about client {client_id} in {path}: nothing changed.")
                return 0
            if not preview.changes_anything:
                when = f" (forgotten at {preview.forgotten_before})" if preview.forgotten_before else ""
                print(f"Nothing left to forget about client {client_id}{when}: nothing changed.")
                if preview.opted_out:
                    print(_OPT_OUT_KEPT)
                return 0
            if not args.yes and not _confirmed(client_id, path, preview):
                print("Nothing changed.")
                return 1
            done = forget_client(store, client_id, by=by)
        finally:
            store.close()
    finally:
        lock.release()
    for table in TABLES:
        print(_forget_line(table, done))
    if left := sum(done.left.values()):
        print(f"Left as is: {plural(left, 'row')} ({', '.join(f'{t}: {n}' for t, n in done.left.items() if n)}) "
              "saying a name of hers, but written about another guest or not tied to her for certain (another guest's "
              "record is never changed): check those by hand.")
    print(_cancelled_line(done.cancelled))
    print(f"Recorded in the audit log as client.forgotten by {by}.")
    print("Now erase her in Mangomint too: it is the system of record, and until then the copilot may list her "
          "again on a new fill card.")
    return 0


_OPT_OUT_KEPT = "text_opt_outs: kept (her STOP is still honoured: no text goes to that id until she texts START)"


def _forget_line(table: str, done: Any) -> str:
    from spa_copilot.domain import plural
    from spa_copilot.store.forget import DELETED_TABLES

    if table == "text_opt_outs":
        return _OPT_OUT_KEPT if done.opted_out else "text_opt_outs: nothing held"
    changed = done.changed.get(table, 0)
    if table == "llm_cache":
        untied = done.cache_untied
        line = (f"llm_cache: {plural(changed - untied, 'cached model result')} drawn from her deleted (the "
                "reading of her notes, her briefing summaries, drafts to her)")
        if untied:
            line += (f", and {untied} more that no audit row ties to any guest (they could be hers; only a cache, "
                     "made again when needed)")
        return line
    if table in DELETED_TABLES:  # its rows are deleted, not rewritten
        line = f"{table}: {plural(changed, 'row')} deleted"
        if table == "kept_notes" and changed:
            line += " (fill thread lines Slack had not taken yet: never posted now)"
        return line
    line = f"{table}: {plural(changed, 'row')} changed"
    if table in ("snapshot", "kept_updates") and done.held.get(table):
        line += f" ({done.held[table]} held: ids and times only, kept)"
    return line


def _cancelled_line(cancelled: dict[str, int]) -> str:
    """What was still to go out to her and now never will, in one line."""
    from spa_copilot.domain import plural

    if not any(cancelled.values()):
        return "Cancelled: nothing was pending for her."
    return (f"Cancelled, never to go out: {plural(cancelled['texts'], 'text')}, "
            f"{plural(cancelled['bookings'], 'booking')}, {plural(cancelled['offers'], 'open offer')}, "
            f"{plural(cancelled['cards'], 'card', 'cards')} waiting for approval with a text to her (closed).")


def _confirmed(client_id: str, path: Path, preview: Any) -> bool:
    """Asked on the terminal; anything but y or yes (and no answer at all) is no."""
    from spa_copilot.domain import plural
    from spa_copilot.store.forget import DELETED_TABLES

    deleted = sum(n for table, n in preview.changed.items() if table in DELETED_TABLES)
    rows = sum(preview.changed.values()) - deleted
    pending = sum(preview.cancelled.values())
    to_delete = f", {plural(deleted, 'row')} to delete" if deleted else ""
    print(f"Forget client {client_id} in {path}: {plural(rows, 'row')} to change{to_delete}"
          + (f", {pending} pending item(s) to cancel" if pending else "")
          + ". This cannot be undone.", flush=True)
    try:
        answer = input("Go on? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database (a bare container)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _today(args: argparse.Namespace, settings: Settings) -> int:
    from spa_copilot.platform.errors import PlatformError

    try:
        with _retries_quiet(args):
            books = asyncio.run(_load_books(settings, args.date, args.location))
    except LookupError as exc:  # an unknown location, or --date words that are no day there (_NoDay)
        print(f"spa-copilot: {exc}", file=sys.stderr)
        return 2
    except PlatformError as exc:
        print(f"spa-copilot: the spa platform failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([_book_json(b) for b in books], indent=2))
    else:
        print("\n\n".join(_book_table(b) for b in books))
    return 0


async def _load_books(settings: Settings, day: date | DayWords | None, location_key: str | None) -> list[Any]:
    from spa_copilot.alerts import mark_book_clashes
    from spa_copilot.reads import load_catalog, load_day_book
    from spa_copilot.world import default_day, open_platform

    async with open_platform(settings, clock=_now) as platform:
        catalog = await load_catalog(platform)
        locations = catalog.locations
        if location_key:
            try:
                locations = [catalog.named_location(location_key)]
            except LookupError as exc:  # it may be one the spa system lists but the copilot cannot read
                raise LookupError(f"{exc}{_unread_locations(catalog.locations)}") from None
        books: dict[tuple[str, date], Any] = {}  # each location's book read once, not once for every location's page
        now = _now()  # the today --date is measured from
        shown = []
        for loc in locations:
            today = default_day(settings, loc, now=now)
            the_day = today if day is None else _read_day(day, today)  # "tomorrow": each location's own
            book = await load_day_book(platform, catalog, loc, the_day, books=books)
            mark_book_clashes(book, catalog, loc, books, now=now)  # as /spa today marks them
            shown.append(book)
        return shown


def _unread_locations(locations: Any) -> str:
    """What to add to "no location 'Venice'" when the spa system listed locations the copilot could not read (not
    the contract's shape: a Windows time zone name): their ids, and that ``check`` says why; "" when none."""
    skipped = [str(location_id) for location_id in getattr(locations, "skipped", []) if location_id]
    unnamed = len(getattr(locations, "skipped", [])) - len(skipped)
    if not skipped and not unnamed:
        return ""
    ids = ", ".join(skipped + ([f"{unnamed} without an id"] if unnamed else []))
    return f" (the spa system also lists locations the copilot cannot read: {ids}; spa-copilot check says why)"


def _book_json(book: Any) -> dict[str, Any]:
    def entry(e: Any) -> dict[str, Any]:
        return {
            "appointmentId": e.appointment_id,
            "clientId": e.client_id,
            "clientName": e.client_name,
            "start": e.start.isoformat(),
            "end": e.end.isoformat(),
            "services": list(e.services),
            "rooms": list(e.rooms),
            "status": e.status,
            # what the guest's cautions rule out of it, in /spa today's words (a booking not yet started)
            "cautions": [found.before_it_starts for found in e.ruled_out],
            # a clash not over yet, in /spa today's words ("overlaps Layla C.'s 2:30pm")
            "clashes": list(e.clashes),
            # its processing time, when its therapist is free for another guest (/spa today's "free … while it
            # processes"); null when none
            "handsFree": (
                {"start": e.hands_free[0].isoformat(), "end": e.hands_free[1].isoformat()} if e.hands_free else None
            ),
        }

    return {
        "locationId": book.location.id,
        "locationName": book.location.name,
        "timeZone": book.location.time_zone,
        "date": book.day.isoformat(),
        "staff": [
            {
                "staffId": sd.staff.id,
                "name": sd.staff.display_name,
                "shift": {"start": sd.shift[0].isoformat(), "end": sd.shift[1].isoformat()} if sd.shift else None,
                # a split shift's parts (one part otherwise); "shift" spans the first part's start to the last's end
                "shiftParts": [{"start": start.isoformat(), "end": end.isoformat()} for start, end in sd.shift_parts],
                "appointments": [entry(e) for e in sd.entries],
                "gaps": [{"start": g.start.isoformat(), "end": g.end.isoformat(), "minutes": g.minutes} for g in sd.gaps],
                # a therapist of another location booked here: their own location (their shift is there)
                "visitingFrom": (
                    {"locationId": sd.visiting_from.id, "locationName": sd.visiting_from.name} if sd.visiting_from else None
                ),
                # why one booked here works no shift when it is no day off: "not on the spa system's staff list", ...
                "offStaff": sd.off_staff,
                # where else they are booked that day, in each location's zone
                "elsewhere": [
                    {
                        "locationId": away.location.id,
                        "locationName": away.location.name,
                        "timeZone": away.location.time_zone,
                        "appointments": [entry(e) for e in away.entries],
                    }
                    for away in sd.away
                ],
            }
            for sd in book.staff_days
        ],
        "unassigned": [entry(e) for e in book.unassigned],
        "appointmentCount": book.appointment_count,
        "unread": [loc.id for loc in book.unread],
    }


def _book_table(book: Any) -> str:
    """The day's book as text, its times on the clock Slack's ``/spa today`` shows them (``9:00am–10:15am``, in the
    location's zone; a time the clocks read twice that night, or a span across a change, labelled with the zone)."""
    from spa_copilot.domain import shown_span
    from spa_copilot.engines.daybook import free_all_day, stretch_words
    from spa_copilot.slack.blocks import clock_range, processing_words, same_clocks

    zone = book.location.time_zone
    # the guest's column 14 wide, or wider for a longer name of the book, so that name never runs into its service
    every = [*(e for sd in book.staff_days for e in sd.entries), *book.unassigned,
             *(e for sd in book.staff_days for away in sd.away for e in away.entries)]
    width = max([14] + [len(e.client_name) + 1 for e in every])
    lines = [f"{book.location.name} — {book.day:%A} {book.day.day} {book.day:%B %Y} ({zone})"]

    def booked(e: Any, there: str = zone) -> str:
        """A booking's words after its time, as /spa today gives them: guest, services, rooms, a status other than
        confirmed, its processing time (a booking inside it is no double booking) and its clashes."""
        return (f"{e.client_name:<{width}} {', '.join(e.services)}"
                f"{'  [' + ', '.join(e.rooms) + ']' if e.rooms else ''}{'' if e.status == 'confirmed' else '  (' + e.status + ')'}"
                + (f"  ({processing_words(e.hands_free, there)})" if e.hands_free else "")
                + (f"  ⚠ {'; '.join(e.clashes)}" if e.clashes else "")  # on its line, as in Slack
                + "".join(f"\n      ⚠ {found.before_it_starts}" for found in e.ruled_out))  # under it, as in Slack

    if not book.appointment_count:
        lines.append("  No appointments.")
    for sd in book.staff_days:
        if sd.shift_hours:
            shift = sd.shift_hours
        elif sd.visiting_from:
            shift = f"visiting from {sd.visiting_from.name}, no shift here"
        else:
            shift = sd.off_staff or "no shift"
        lines.append(f"  {sd.staff.display_name} ({shift})")
        rows = [(e.start, f"    {clock_range(e.start, e.end, zone):<15}  {booked(e)}") for e in sd.entries]
        # as Slack shows free time: its length says how long it is, so only a time read twice that night is labelled
        free = "free all day ({})" if free_all_day(sd.entries, sd.away, sd.gaps, sd.shift_hours) else "free {}"
        rows += [(g.start, f"    {shown_span(g.start, g.end, book.location.tz, across_change=False):<15}  · "
                           + free.format(stretch_words(g.minutes)))
                 for g in sd.gaps]
        lines += [text for _, text in sorted(rows, key=lambda r: r[0].timestamp())] or [
            "    (no bookings here)" if sd.away else "    (no bookings)"
        ]
        for away in sd.away:  # in that location's zone, labelled when its clocks differ from this one's
            there = away.location.time_zone
            for e in away.entries:
                span = clock_range(e.start, e.end, there, zone=not same_clocks(e.start, zone, there))
                lines.append(f"    also booked at {away.location.name}: {span}  {booked(e, there)}")
    for e in book.unassigned:
        lines.append(f"  unassigned: {clock_range(e.start, e.end, zone)}  {booked(e)}")
    if book.unread:
        names = " and ".join(loc.name for loc in book.unread)
        lines.append(f"  (could not read the book of {names} just now: bookings there may be missing)")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
