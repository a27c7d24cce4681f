"""What an IT person following the README meets on the first day: ``run`` with a ``MANGOMINT_API_KEY`` the spa system
refuses stops with one line and exit 3, as with a Slack token Slack refuses (a spa system out of reach or busy is a
warning, and it starts); ``--port 70000`` is one line, not argparse's usage; ``today --location Juniper`` (a word two
locations share) asks which, in Slack's words; and ``today``'s rows read the 12-hour clock its shift header and Slack
read."""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import spa_copilot.world
from spa_copilot import cli, server
from spa_copilot.cli import main
from spa_copilot.server import run_server
from spa_copilot.settings import Settings
from spa_copilot.store.single_user import hold_database
from tests.conftest import DAY, NOW, json_answering

#: The stand-in Slack (never asked), a spa system of one's own on loopback and its webhook secret: nothing but the
#: spa system's answer decides whether ``run`` starts.
STAND_IN_SLACK = "http://127.0.0.1:9/api/"
KEY = "mm_live_not-this-one-1234"


def _past_wednesday() -> str:
    """A Wednesday one to two weeks before the tests' day (``DAY``), in the embedded sandbox's history: the spa is
    generated around ``DAY`` and the commands' clock reads ``NOW`` (``pinned_sandbox``), whenever the tests run. Around
    the wall clock's today, as it was, the small spa's sparse history left Venice without a booking on some such
    Wednesdays (the day 2026-11-25 at 04:30 UTC on a Monday), and two tests failed there."""
    return (DAY - timedelta(days=(DAY.weekday() - 2) % 7 + 7)).isoformat()


PAST_DAY = _past_wednesday()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_embedded_spa: Any) -> None:
    monkeypatch.chdir(tmp_path)  # no .env, the database lands in tmp
    for name in ("MANGOMINT_API_URL", "MANGOMINT_API_KEY", "LLM_BASE_URL", "LLM_API_KEY", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def pinned_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded sandbox generated around ``DAY`` and the commands' clock (``cli._now``) at ``NOW``: ``PAST_DAY``'s
    book is the same at any hour, on any date and in any zone the tests run."""
    original = spa_copilot.world.start_sandbox
    monkeypatch.setattr(
        spa_copilot.world, "start_sandbox",
        lambda settings, **_: original(settings, today=DAY, clients=200, history_months=2),
    )
    monkeypatch.setattr(cli, "_now", lambda: NOW)


def spa_answering(status: int, body: dict[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """A spa system on a loopback port answering every request ``status`` with ``body``: its base URL and the paths
    asked (with the Authorization header seen)."""
    with json_answering(status, body, lambda r: f"{r.path.split('?')[0]} {r.headers.get('authorization')}") as (at, asked):
        yield f"{at}/v1", asked


def spa_settings(tmp_path: Path, url: str, **values: Any) -> Settings:
    return Settings(
        _env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=STAND_IN_SLACK, mangomint_api_url=url,
        mangomint_api_key=values.pop("mangomint_api_key", KEY), mangomint_webhook_secret="a-long-random-secret",
        mangomint_retry_backoff_seconds=0.01, **values,
    )


# -- 1. the spa system refusing MANGOMINT_API_KEY ------------------------------------------------------------


@pytest.mark.parametrize(
    "status, said, hint",
    [
        (401, "missing or invalid bearer API key", "set it to the partner gateway's API key for the copilot"),
        (403, "key lacks scope appointments:read", "the key lacks a permission the copilot needs"),
    ],
)
def test_a_key_the_spa_system_refuses_is_one_line_and_exit_3_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any], status: int, said: str, hint: str
) -> None:
    for url, asked in spa_answering(status, {"error": {"code": "unauthorized", "message": said}}):
        assert run_server(spa_settings(tmp_path, url), host="127.0.0.1", port=0) == 3
        assert asked == [f"/v1/locations Bearer {KEY}"], "asked once, no retries"
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"spa-copilot: the spa system refused MANGOMINT_API_KEY (HTTP {status}): {said}; {hint}")
    assert "(see README, 'Configuration')" in err and KEY not in err and "Traceback" not in err
    assert served == [] and not (tmp_path / "state.db").exists()
    hold_database(tmp_path / "state.db").release()  # the database was let go of


def test_the_key_is_never_repeated_even_when_the_spa_system_echoes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    for url, _ in spa_answering(401, {"message": f"unknown key {KEY}"}):
        assert run_server(spa_settings(tmp_path, url), host="127.0.0.1", port=0) == 3
    err = capsys.readouterr().err
    assert KEY not in err and "unknown key …;" in err


def test_a_key_no_http_header_can_carry_is_one_line_and_exit_3_without_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    for url, asked in spa_answering(200, {"data": []}):
        settings = spa_settings(tmp_path, url, mangomint_api_key="mm_live_\u201ckey\u201d")  # smart quotes pasted with it
        assert run_server(settings, host="127.0.0.1", port=0) == 3
        assert asked == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("spa-copilot: MANGOMINT_API_KEY holds a character an HTTP header")
    assert "\u201c" not in err and served == []


@pytest.mark.parametrize("status", [500, 503, 429, 404])
def test_a_spa_system_busy_or_answering_otherwise_is_a_warning_and_the_copilot_starts(
    tmp_path: Path, served: list[Any], caplog: pytest.LogCaptureFixture, status: int
) -> None:
    for url, asked in spa_answering(status, {"error": {"message": "try later"}}):
        with caplog.at_level(logging.WARNING):
            assert run_server(spa_settings(tmp_path, url), host="127.0.0.1", port=0) == 0
        assert len(asked) == 1, "asked once: the copilot's polls do the retrying"
    assert len(served) == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert sum("could not be asked whether it takes MANGOMINT_API_KEY" in w for w in warnings) == 1
    assert not any("retry" in w for w in warnings), warnings


def test_a_spa_system_out_of_reach_or_silent_is_a_warning_and_the_copilot_starts(
    tmp_path: Path, served: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as silent:  # listens, never answers: the check's timeout, not the spa system's, ends it
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        for url in ("http://127.0.0.1:9/v1", f"http://127.0.0.1:{silent.getsockname()[1]}/v1"):
            settings = spa_settings(tmp_path, url, mangomint_timeout_seconds=0.3)
            with caplog.at_level(logging.WARNING, logger="spa_copilot.server"):
                assert run_server(settings, host="127.0.0.1", port=0) == 0
    assert len(served) == 2
    assert sum("could not be asked whether it takes MANGOMINT_API_KEY" in r.getMessage() for r in caplog.records) == 2


def test_a_spa_system_that_takes_the_key_starts(tmp_path: Path, served: list[Any]) -> None:
    for url, asked in spa_answering(200, {"data": [], "nextCursor": None}):
        assert run_server(spa_settings(tmp_path, url), host="127.0.0.1", port=0) == 0
        assert asked == [f"/v1/locations Bearer {KEY}"]
    assert len(served) == 1


def test_the_embedded_sandbox_spa_is_not_asked(tmp_path: Path, served: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """No MANGOMINT_API_URL: the in-process sandbox serves whatever key the copilot has; it is not started twice."""
    import spa_copilot.world

    def not_started(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the startup check started the embedded sandbox")

    monkeypatch.setattr(spa_copilot.world, "start_sandbox", not_started)
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=STAND_IN_SLACK,
                        mangomint_api_key="anything")
    assert settings.uses_sandbox
    assert run_server(settings, host="127.0.0.1", port=0) == 0
    assert len(served) == 1


def test_slack_refusing_its_token_is_said_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: list[Any],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    async def refused(settings: Settings) -> str:
        return "Slack refused SLACK_BOT_TOKEN (invalid_auth)"

    monkeypatch.setattr(server, "bot_token_refusal", refused)
    monkeypatch.setattr(Settings, "uses_real_slack", property(lambda self: True))
    for url, asked in spa_answering(401, {"message": "no"}):
        settings = spa_settings(tmp_path, url, slack_bot_token="xoxb-real-1234",
                                slack_signing_secret="8f14e45fceea167a5a36dedd4bea2543")
        assert run_server(settings, host="127.0.0.1", port=0) == 3
        assert asked == []
    assert capsys.readouterr().err == "spa-copilot: Slack refused SLACK_BOT_TOKEN (invalid_auth)\n"


def test_run_through_the_command_line_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: list[Any],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for url, _ in spa_answering(401, {"message": "invalid key"}):
        for name, value in {"MANGOMINT_API_URL": url, "MANGOMINT_API_KEY": KEY, "SLACK_API_URL": STAND_IN_SLACK,
                            "MANGOMINT_WEBHOOK_SECRET": "a-long-random-secret", "SPA_DB_PATH": str(tmp_path / "s.db")}.items():
            monkeypatch.setenv(name, value)
        assert main(["run", "--host", "127.0.0.1", "--port", str(_free_port())]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == ("spa-copilot: the spa system refused MANGOMINT_API_KEY (HTTP 401): invalid key; set it to the "
                       "partner gateway's API key for the copilot (see README, 'Configuration')")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- 2. a port that cannot be ----------------------------------------------------------------------------------


_BAD_PORTS = ["70000", "abc", "-1", "http"]


@pytest.mark.parametrize(
    ("command", "lowest", "port"),
    [(["run"], 1, port) for port in [*_BAD_PORTS, "0"]] + [(["sandbox", "serve"], 0, port) for port in _BAD_PORTS],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_a_port_that_cannot_be_is_one_line_and_exit_2(command: list[str], lowest: int, port: str, capsys) -> None:
    """`run` needs a port Slack can be told; the sandbox also takes 0, any free port (it prints the one it got:
    tests/test_cli.py::test_sandbox_serve_answers_plain_http_with_a_bearer_key)."""
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--port", port])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"spa-copilot: --port: not a port ({lowest}-65535): '{port}'\n"


@pytest.mark.parametrize(
    "argv, line",
    [
        (["today", "--date", "soon"],
         """spa-copilot: --date: not a date: 'soon' (give YYYY-MM-DD, tomorrow, fri, "next fri" or "Dec 3")\n"""),
        (["sandbox", "serve", "--error-rate", "5"], "spa-copilot: --error-rate: not a share between 0 and 1: '5'\n"),
        (["demo", "--seed", "x"], "spa-copilot: --seed: invalid int value: 'x'\n"),
    ],
)
def test_every_bad_option_value_is_one_line_the_same_way(argv: list[str], line: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and capsys.readouterr().err == line


@pytest.mark.parametrize("argv", [["run", "--port"], ["bogus"], ["run", "--nope"], []])
def test_other_usage_mistakes_keep_the_usage_line(argv: list[str], capsys) -> None:
    """Not a bad value but a command or option mistyped or left out: the usage line says what there is."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("usage: spa-copilot")


def test_help_still_works(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--help"])
    assert exit_info.value.code == 0
    assert "--port PORT" in capsys.readouterr().out


# -- 3. a word two locations share -----------------------------------------------------------------------------


@pytest.mark.parametrize("named", ["Juniper", "juniper & salt", "Salt"])
def test_a_word_two_locations_share_asks_which_in_slacks_words(named: str, capsys) -> None:
    from spa_copilot.reads import Catalog
    from spa_copilot.slack.answers import _location_named
    from spa_copilot.slack.command_parser import CommandError
    from tests.builders import location

    assert main(["today", "--location", named]) == 2
    err = capsys.readouterr().err
    assert err == f"spa-copilot: {named} could be Juniper & Salt SoHo or Juniper & Salt Venice: type more of the name\n"
    catalog = Catalog(locations=[location(id="loc_soho", name="Juniper & Salt SoHo"),
                                 location(id="loc_venice", name="Juniper & Salt Venice")], staff=[], services=[], resources=[])
    with pytest.raises(CommandError) as slack_says:  # what /spa today Juniper answers: the same sentence
        _location_named(catalog, named)
    assert err == f"spa-copilot: {slack_says.value.problem}\n"


@pytest.mark.parametrize("named", ["Juniper", "jun"])
def test_conflicts_reads_a_shared_word_the_same_way(named: str, capsys) -> None:
    assert main(["conflicts", "--location", named]) == 2
    assert "could be Juniper & Salt SoHo or Juniper & Salt Venice: type more of the name" in capsys.readouterr().err


@pytest.mark.parametrize("named", ["Ven", "jun ven", "Venice", "loc_venice"])
@pytest.mark.usefixtures("pinned_sandbox")
def test_a_location_is_named_as_slack_reads_it(named: str, capsys) -> None:
    assert main(["today", "--location", named, "--date", PAST_DAY]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Juniper & Salt Venice — ") and "SoHo —" not in out


def test_a_location_nobody_has_still_lists_the_known_ones(capsys) -> None:
    assert main(["today", "--location", "Atlantis"]) == 2
    assert capsys.readouterr().err == (
        "spa-copilot: no location 'Atlantis'; known: Juniper & Salt SoHo (loc_soho), Juniper & Salt Venice (loc_venice)\n"
    )


# -- 4. one clock ----------------------------------------------------------------------------------------------

TWELVE_HOUR_SPAN = re.compile(r"\d{1,2}:\d{2}[ap]m–\d{1,2}:\d{2}[ap]m")


@pytest.mark.usefixtures("pinned_sandbox")
def test_todays_rows_read_the_12_hour_clock_of_the_shift_header_and_slack(capsys) -> None:
    assert main(["today", "--date", PAST_DAY]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("    ") and not line.strip().startswith(("(", "⚠"))]
    assert rows and any("· free" in row for row in rows)
    for row in rows:
        assert TWELVE_HOUR_SPAN.match(row.strip().removeprefix("also booked at ").split(": ", 1)[-1]), row
    assert not re.search(r"\b\d{2}:\d{2}–", out), "no 24-hour time left"


@pytest.mark.usefixtures("pinned_sandbox")
def test_today_rows_are_the_times_slack_shows(capsys) -> None:
    from zoneinfo import ZoneInfo

    from spa_copilot.domain import shown_span
    from spa_copilot.engines.daybook import stretch_words

    assert main(["today", "--location", "Venice", "--date", PAST_DAY, "--json"]) == 0
    [book] = json.loads(capsys.readouterr().out)
    assert main(["today", "--location", "Venice", "--date", PAST_DAY]) == 0
    out = capsys.readouterr().out

    zone = ZoneInfo(book["timeZone"])
    therapist = next(s for s in book["staff"] if s["appointments"] and s["gaps"])
    booking, gap = therapist["appointments"][0], therapist["gaps"][0]
    span = shown_span(datetime.fromisoformat(booking["start"]), datetime.fromisoformat(booking["end"]), zone)
    assert f"\n    {span:<15}  {booking['clientName']:<14} " in out
    free = shown_span(datetime.fromisoformat(gap["start"]), datetime.fromisoformat(gap["end"]), zone)
    assert f"\n    {free:<15}  · free {stretch_words(gap['minutes'])}\n" in out  # "· free 1 h 15 min", as in Slack


@pytest.mark.usefixtures("pinned_sandbox")
def test_today_json_keeps_its_iso_times(capsys) -> None:
    assert main(["today", "--location", "Venice", "--date", PAST_DAY, "--json"]) == 0
    [book] = json.loads(capsys.readouterr().out)
    iso = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
    staff = [s for s in book["staff"] if s["appointments"]]
    assert staff
    for row in staff:
        assert iso.fullmatch(row["shift"]["start"]) and iso.fullmatch(row["shift"]["end"])
        for item in (*row["appointments"], *row["gaps"]):
            assert iso.fullmatch(item["start"]) and iso.fullmatch(item["end"]), item


@pytest.mark.parametrize(("said", "key", "shown"), [
    ("invalid api key", "a", "invalid api key"),  # a short key inside words is left: the line stays readable
    ("invalid api key", "key", "invalid api …"),
    ("key sk-live-12345678 is revoked", "sk-live-12345678", "key … is revoked"),
    ("bad key 'sk-live-12345678'", "sk-live-12345678", "bad key '…'"),
])
def test_the_key_is_taken_out_of_what_the_spa_system_said_as_a_whole_token(said: str, key: str, shown: str) -> None:
    assert server._without_key(said, key) == shown
