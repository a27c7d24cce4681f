"""Small truths a fresh-eyes review found out of step (session 23): the manifest's usage hint and the help, the
docs' quoted defaults and log lines, the CLI's --help, the demo's words, the fill card's freed time, the access log."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from spa_copilot.slack import texts

ROOT = Path(__file__).resolve().parent.parent


def _arguments(usage: str) -> dict[str, str]:
    """The top-level arguments of a usage line after the subcommand's name: each one's text, by how it is marked
    (``<…>`` required, ``[…]`` optional; nested brackets belong to their outer argument)."""
    found: dict[str, str] = {}
    depth, opened, start = 0, "", 0
    for index, char in enumerate(usage):
        if char in "<[":
            if depth == 0:
                opened, start = char, index + 1
            depth += 1
        elif char in ">]":
            depth -= 1
            if depth == 0:
                found[usage[start:index]] = "required" if opened == "<" else "optional"
    return found


def test_the_manifests_usage_hint_marks_an_argument_required_only_where_the_help_does() -> None:
    """``fill`` alone lists the cancelled bookings: its appointment id is optional, as the help says."""
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    helps = {command.name: _arguments(command.usage) for command in texts.SUBCOMMANDS}
    for segment in hint.split(" | "):
        name = segment.split()[0]
        for argument, marked in _arguments(segment).items():
            if marked == "required":
                assert helps[name].get(argument) == "required", f"{segment!r}: the help has {helps[name]}"
            else:
                assert helps[name].get(argument) != "required", f"{segment!r}: the help has {helps[name]}"
    assert "fill [appointment id]" in hint


# -- the benchmarks' usage lines in the docs: a bracketed value is the option's default --------------------------


def _benchmark_defaults(path: Path) -> dict[str, object]:
    """Each ``--option``'s default in a benchmark script, read from its source (``default=`` a literal, or a
    module-level name bound to ``date(…)`` or a literal)."""
    import ast
    from datetime import date

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "date":
                names[node.targets[0].id] = date(*(ast.literal_eval(arg) for arg in value.args))
            else:
                try:
                    names[node.targets[0].id] = ast.literal_eval(value)
                except ValueError:
                    pass
    defaults: dict[str, object] = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"
                and node.args and isinstance(node.args[0], ast.Constant)):
            for keyword in node.keywords:
                if keyword.arg == "default":
                    value = keyword.value
                    defaults[node.args[0].value] = (
                        names[value.id] if isinstance(value, ast.Name) else ast.literal_eval(value)
                    )
    return defaults


def _same(said: list[str], default: object) -> bool:
    from datetime import date

    if isinstance(default, list):
        return len(said) == len(default) and all(float(s) == d for s, d in zip(said, default, strict=True))
    if isinstance(default, date):
        return said == [default.isoformat()]
    if isinstance(default, (int, float)):
        return len(said) == 1 and float(said[0]) == default
    return said == [str(default)]


def test_the_benchmarks_usage_lines_in_the_docs_give_their_defaults() -> None:
    """``[--repeat 5]`` where the script's default is 3 read as if 5 were what a bare run does."""
    import re

    checked = 0
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for script, options in re.findall(r"`python (benchmarks/\w+\.py)((?: \[[^\]`]*\])+)`", doc.read_text(encoding="utf-8")):
            defaults = _benchmark_defaults(ROOT / script)
            for option in re.findall(r"\[([^\]]*)\]", options):
                flag, *said = option.split()
                if not said:
                    continue  # a switch: nothing to compare
                assert flag in defaults, f"{doc.name}: {script} has no default for {flag}"
                assert _same(said, defaults[flag]), f"{doc.name}: {script} [{option}], its default is {defaults[flag]!r}"
                checked += 1
    assert checked >= 12


# -- --help says the defaults the README gives ----------------------------------------------------------------------


def _option(*path: str, option: str) -> argparse.Action:
    """The ``option`` of ``spa-copilot <path…>`` as the parser holds it."""
    from spa_copilot.cli import build_parser

    parser = build_parser()
    for name in path:
        [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        parser = subparsers.choices[name]
    [action] = [a for a in parser._actions if option in a.option_strings]
    return action


@pytest.mark.parametrize(
    "path, option, said",
    [
        (("run",), "--host", "(default 0.0.0.0)"),
        (("sandbox", "serve"), "--host", "(default 127.0.0.1)"),
        (("sandbox", "slack"), "--host", "(default 127.0.0.1)"),
        (("sandbox", "serve"), "--webhook-secret", "(default: MANGOMINT_WEBHOOK_SECRET)"),
        (("risk", "evaluate"), "--plot", "(default: noshow-calibration.png in the current folder)"),
    ],
)
def test_help_says_the_defaults_the_readme_gives(path: tuple[str, ...], option: str, said: str) -> None:
    action = _option(*path, option=option)
    assert action.help and said in action.help, action.help
    if action.default is not None:
        assert str(action.default) in said, "the default the help gives is the parser's"


# -- docs/mangomint-contract.md quotes the retry and give-up warnings as the client logs them ----------------------


async def test_the_contract_quotes_the_clients_retry_and_give_up_warnings(caplog: pytest.LogCaptureFixture) -> None:
    """It quoted ``GET /v1/locations failed (HTTP 503), retry 1/3 …``: no ``mangomint`` and 3 retries, where the
    client says ``mangomint GET …`` and retries 4 times by default. Only the jittered delay may differ."""
    import logging
    import re

    import httpx

    from spa_copilot.platform.errors import PlatformUnavailable
    from spa_copilot.platform.mangomint import MangomintClient
    from spa_copilot.settings import Settings

    async def no_sleep(seconds: float) -> None:
        return None

    def busy(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"X-Request-Id": "req_8f2c"})

    contract = " ".join((ROOT / "docs" / "mangomint-contract.md").read_text(encoding="utf-8").split())
    quoted = re.findall(r"`((?:mangomint )?GET /v1/locations (?:failed|gave up)[^`]*)`", contract)
    assert any("retry 1/" in line for line in quoted) and any("gave up" in line for line in quoted), quoted
    retries = Settings.model_fields["mangomint_max_retries"].default
    async with httpx.AsyncClient(transport=httpx.MockTransport(busy)) as http:
        client = MangomintClient("http://gateway.test/v1", "k", http=http, sleep=no_sleep, max_retries=retries)
        with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
            await client.list_locations()
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]

    def delay_masked(line: str) -> str:
        return re.sub(r" in \d+\.\d\ds", " in N.NNs", line)

    assert {delay_masked(line) for line in quoted} <= {delay_masked(line) for line in logged}, (quoted, logged)


# -- README, "Setting up the Slack app" step 2: both cases in which run refuses the public signing secret ----------


def test_setup_step_2_says_both_cases_run_refuses_the_default_signing_secret() -> None:
    """Step 2 named only real Slack; the configuration table and the code also refuse it against a real spa system,
    whatever the Slack."""
    import re

    from spa_copilot.settings import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Setting up the Slack app", 1)[1].split("\n## ", 1)[0]
    step = " ".join(re.split(r"\n2\. ", setup, maxsplit=1)[1].split("\n3. ", 1)[0].split())
    assert "`SLACK_API_URL` is not the stand-in's loopback address" in step
    assert "refuses the default `SLACK_SIGNING_SECRET` as well whenever `MANGOMINT_API_URL` points at a real spa" in step

    stand_in = {"slack_api_url": "http://127.0.0.1:9/api/", "mangomint_webhook_secret": "a-long-random-secret"}
    real_spa = Settings(_env_file=None, mangomint_api_url="https://gw.example/v1", **stand_in)
    local_spa = Settings(_env_file=None, mangomint_api_url="http://127.0.0.1:8765/v1", **stand_in)
    assert real_spa.public_defaults_in_use() == ["SLACK_SIGNING_SECRET"]
    assert local_spa.public_defaults_in_use() == []
    real_slack = Settings(_env_file=None, mangomint_api_url="http://127.0.0.1:8765/v1", slack_bot_token="xoxb-real-1",
                          mangomint_webhook_secret="a-long-random-secret")
    assert real_slack.public_defaults_in_use() == ["SLACK_SIGNING_SECRET"]


# -- the demo, in a spa manager's words --------------------------------------------------------------------------


async def test_the_demo_speaks_a_managers_words_and_every_heading_ends_with_its_rule(
    tmp_path: Path, small_embedded_spa: None
) -> None:
    """No setting's name (``ALERT_BURST_THRESHOLD (1)``) or field name (``aiGenerated=True, approvedBy=U…,
    Idempotency-Key=…``) in what a manager reads; the briefing time as every other time (7:30am, not 07:30); the long
    headings of steps 4 and 7 kept their rule (they ended in a bare space)."""
    import io
    import re
    import time
    from datetime import UTC, datetime, timedelta

    from spa_copilot.demo import run_demo
    from spa_copilot.settings import Settings

    began, start = time.monotonic(), datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 10:00am in New York
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "x.db", alert_burst_threshold=1)  # a burst for sure
    out = io.StringIO()
    assert await run_demo(settings, out=out, clock=lambda: start + timedelta(seconds=time.monotonic() - began)) == 0
    shown = out.getvalue()

    assert not re.search(r"ALERT_BURST_THRESHOLD|aiGenerated|approvedBy|Idempotency-Key", shown), shown
    assert re.search(r"^More than 1 new conflict at once at Juniper & Salt \w+: so as not to flood the channel, its "
                     r"\d+ conflicts went into one summary message per day \(\d+ summar(y|ies)\) rather than an alert "
                     r"each\.$", shown, re.MULTILINE), shown
    assert "the DM each therapist gets at 7:30am, sent now for the demo" in shown
    assert re.search(r"^  to \w+ \(cl_\w+\): drafted by the copilot, approved by Maya Okafor; sent once under the key "
                     r"fill:fp_\w+:sms:0, so a retry cannot send it twice$", shown, re.MULTILINE), shown

    headings = re.findall(r"^━━ \d+\. .*$", shown, re.MULTILINE)
    assert len(headings) == 7 and any("/spa risk" in h for h in headings), headings
    assert all(re.search(r" ━━━+$", heading) for heading in headings), headings
    assert not [line for line in shown.splitlines() if line != line.rstrip()]


# -- a fill card says how long the freed therapist's time that stays open is ----------------------------------------


def _facial_opening(minutes: int):  # type: ignore[no-untyped-def]
    """Cleo's Signature Facial at 11:00, ``minutes`` long, cancelled; Sam (massage) is free then."""
    import dataclasses
    from datetime import timedelta

    from tests.test_fill_ranking import booking
    from tests.test_fill_ranking_freed_slot import FACIAL_OPENING

    opening = dataclasses.replace(FACIAL_OPENING, end=FACIAL_OPENING.start + timedelta(minutes=minutes))
    cancelled = booking("ap_facial", "cl_gone", opening.start, minutes, staff="st_cleo", room="rs_f1",
                        service="sv_facial_60", status="cancelled")
    return opening, [cancelled]


@pytest.mark.parametrize(
    "minutes, said",
    [
        (60, "Cleo's freed hour would stay unbooked"),
        (90, "Cleo's freed 90 minutes would stay unbooked"),
        (120, "Cleo's freed 2 hours would stay unbooked"),
    ],
)
def test_a_candidate_with_another_therapist_says_the_openings_own_length_stays_open(minutes: int, said: str) -> None:
    """A 90-minute opening's card said "Cleo's hour stays open"."""
    from tests.test_fill_ranking import entry
    from tests.test_fill_ranking_freed_slot import rank_facial

    opening, book = _facial_opening(minutes)
    zoe = entry("wl_zoe", "cl_1", ["sv_swedish_60"], staff=["st_sam"], waited_days=60)  # Sam, her own choice
    ava = entry("wl_ava", "cl_2", ["sv_swedish_60"])  # no preference: the reason names who she would be with
    ranking = rank_facial([zoe, ava], opening=opening, appointments=book)
    by_entry = {candidate.entry_id: candidate for candidate in ranking.candidates}
    assert said in by_entry["wl_zoe"].reasons, by_entry["wl_zoe"].reasons
    assert any(reason.endswith(f", so {said}") and reason.startswith("with ") for reason in by_entry["wl_ava"].reasons)
    if minutes != 60:
        assert not any("hour would stay" in reason for c in ranking.candidates for reason in c.reasons)


def test_several_freed_therapists_of_a_90_minute_opening_are_named_with_its_length() -> None:
    from spa_copilot.engines.fill_ranking import _time_stays_open

    assert _time_stays_open(("Ana", "Sam"), "Kai", 60, named=False) == "with Kai, so Ana and Sam's freed hours would stay unbooked"
    assert _time_stays_open(("Ana", "Sam"), "Kai", 90, named=False) == (
        "with Kai, so Ana and Sam's freed 90 minutes would stay unbooked"
    )
    assert _time_stays_open((), "Kai", 90, named=True) == "the freed 90 minutes would stay unbooked"
    assert _time_stays_open((), "Kai", 60, named=True) == "the freed hour would stay unbooked"


# -- uvicorn's access log: one line per request only with -v -----------------------------------------------------


def _serve_probe_and_stop(argv: list[str], path: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``spa-copilot <argv> --host 127.0.0.1 --port P`` served in this process: once ``path`` answers, Ctrl-C.
    Returns the exit code and everything printed (stdout, where uvicorn's access lines go, and stderr)."""
    import os
    import signal
    import socket
    import threading
    import time

    import httpx

    from spa_copilot.cli import main

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answered: list[int] = []

    def probe_then_stop() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not answered:
            try:
                answered.append(httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code)
            except httpx.TransportError:
                time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, lambda s, frame: None)  # uvicorn raises it again once stopped
    prober = threading.Thread(target=probe_then_stop)
    prober.start()
    try:
        outcome = main([*argv, "--host", "127.0.0.1", "--port", str(port)])
    finally:
        prober.join()
        signal.signal(signal.SIGINT, previous)
    captured = capsys.readouterr()
    assert answered == [200], answered
    return outcome, captured.out + captured.err


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "-v"])
def test_run_logs_no_access_line_for_a_healthz_probe_without_v(
    verbose: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A liveness probe every few seconds printed ``INFO: 127.0.0.1:… - "GET /healthz HTTP/1.1" 200 OK`` each time;
    the copilot's own lines (``spa-copilot serving on …``) are said as before."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from spa_copilot import server
    from tests.test_slack_server import light_startup

    light_startup(monkeypatch)

    async def healthz(request: object) -> JSONResponse:
        return JSONResponse({"ok": True})

    monkeypatch.setattr(server, "create_http_app", lambda copilot, bolt: Starlette(routes=[Route("/healthz", healthz)]))
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("SPA_DB_PATH", str(tmp_path / "state.db"))
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("MANGOMINT_API_URL", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    outcome, printed = _serve_probe_and_stop(["-v", "run"] if verbose else ["run"], "/healthz", capsys)
    assert outcome == 0 and printed.endswith("spa-copilot stopped\n"), printed
    assert "spa-copilot serving on http://127.0.0.1:" in printed
    assert ('"GET /healthz HTTP/1.1" 200' in printed) is verbose, printed


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "-v"])
def test_sandbox_serve_logs_no_access_line_per_request_without_v(
    verbose: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    small_embedded_spa: None,
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.delenv("MANGOMINT_API_KEY", raising=False)
    argv = ["sandbox", "serve", "--seed", "7"]
    outcome, printed = _serve_probe_and_stop(["-v", *argv] if verbose else argv, "/sandbox/faults", capsys)
    assert outcome == 0 and "sandbox spa on http://127.0.0.1:" in printed
    assert ('"GET /sandbox/faults HTTP/1.1" 200' in printed) is verbose, printed
