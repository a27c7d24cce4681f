"""``today --date`` and ``conflicts --date`` in words (0b09c45), the review's findings: a spa system that is down or
refuses the key is the one line and exit 1 a ``YYYY-MM-DD`` gets (not a traceback), an empty ``--date`` is refused
as an empty ``--location`` is (not an IndexError), and words that are no one day say why, as ``/spa`` does (``too far
away``, ``takes one day, not next month``, which Friday ``next fri`` is), not "not a date (YYYY-MM-DD)"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from spa_copilot import cli

# 12:00 UTC on Tue 1 Dec 2026: Tuesday in New York and in Los Angeles, when "next fri" could be the 4th or the 11th
TUESDAY = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch: pytest.MonkeyPatch, small_embedded_spa) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)  # no .env, the database lands in tmp
    for name in ("MANGOMINT_API_URL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


class _Refusing(BaseHTTPRequestHandler):
    """A spa system that refuses the copilot's key: 401 to every request."""

    def do_GET(self) -> None:  # noqa: N802
        body = b'{"error": {"code": "unauthorized", "message": "bad key"}}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up before the 401's body is written (a broken pipe) is no failure of the CLI's


@pytest.fixture
def refusing_spa() -> Iterator[str]:
    server = _QuietServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _failed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, [line for line in err.splitlines() if line.startswith("spa-copilot:")]


@pytest.mark.parametrize("spa", ["down", "refusing"])
def test_conflicts_in_words_when_the_spa_system_fails_is_the_line_a_date_gets(
    spa: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    url = "http://127.0.0.1:1/v1" if spa == "down" else request.getfixturevalue("refusing_spa")
    monkeypatch.setenv("MANGOMINT_API_URL", url)
    monkeypatch.setenv("MANGOMINT_API_KEY", "not-the-key")
    monkeypatch.setenv("MANGOMINT_MAX_RETRIES", "0")
    as_date = _failed(["conflicts", "--date", date.today().isoformat()], capsys)
    in_words = _failed(["conflicts", "--date", "tomorrow"], capsys)
    for code, lines in (as_date, in_words):
        assert code == 1 and len(lines) == 1, (code, lines)
        assert lines[0].startswith("spa-copilot: the spa platform failed: GET /v1/"), lines
    if spa == "refusing":
        assert "HTTP 401" in in_words[1][0], in_words


@pytest.mark.parametrize("command", ["today", "conflicts"])
@pytest.mark.parametrize("blank", ["", " ", "\t "])
def test_an_empty_date_is_refused_in_one_line(command: str, blank: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--date", blank])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "spa-copilot: --date: an empty date: give YYYY-MM-DD or a day as /spa takes it (tomorrow, fri, 'Dec 3');"
        " leave it out for today\n"
    )


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("in 800 days", "too far away (pick a day within two years of today): 'in 800 days'"),
        ("next month", "takes one day, not next month (try today, tomorrow, fri, a month and day or YYYY-MM-DD)"),
        ("next  week", "takes one day, not next week (try today, tomorrow, fri, a month and day or YYYY-MM-DD)"),
        ("25/12", "25/12 is not a date: with slashes it is month/day, as in 12/25"),
        ("someday", """not a date: 'someday' (give YYYY-MM-DD, tomorrow, fri, "next fri" or "Dec 3")"""),  # no date at all
    ],
)
@pytest.mark.parametrize("command", ["today", "conflicts"])
def test_words_that_are_no_day_say_why(
    command: str, words: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--date", words])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"spa-copilot: --date: {said}\n"


@pytest.mark.parametrize("command", ["today", "conflicts"])
def test_next_fri_said_on_a_tuesday_asks_which_friday(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: TUESDAY)
    assert cli.main([command, "--date", "next fri"]) == 2
    assert capsys.readouterr().err == (
        "spa-copilot: --date: next fri could be Fri 4 Dec or Fri 11 Dec: type fri for Fri 4 Dec, or Dec 11 for"
        " Fri 11 Dec\n"
    )


def test_conflicts_reads_the_words_in_each_locations_zone_as_today_and_slack_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 06:00 UTC Sat 5 Dec: Saturday in New York (SoHo), still Friday in Los Angeles (Venice). `today` and /spa
    # conflicts read "tomorrow" as each location's own; CLI conflicts read the first location's for every one
    monkeypatch.setattr(cli, "_now", lambda: datetime(2026, 12, 5, 6, 0, tzinfo=UTC))
    assert cli.main(["conflicts", "--json", "--date", "tomorrow"]) == 0
    capsys.readouterr()
    assert cli.main(["conflicts", "--date", "tomorrow"]) == 0
    out = capsys.readouterr().out
    assert "Juniper & Salt SoHo — Sun 6 Dec 2026" in out and "Juniper & Salt Venice — Sat 5 Dec 2026" in out, out


def test_an_empty_location_is_refused_by_conflicts_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["conflicts", "--location", " "])
    assert exit_info.value.code == 2 and "an empty location" in capsys.readouterr().err
