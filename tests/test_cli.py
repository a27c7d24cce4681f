"""The spa-copilot command line: help for every command, today --json, notes extract, sandbox serve over HTTP."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import date, timedelta

import httpx
import pytest

from spa_copilot.cli import build_parser, main


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch, small_embedded_spa) -> None:
    monkeypatch.chdir(tmp_path)  # no .env, the database lands in tmp
    for name in ("MANGOMINT_API_URL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "argv",
    [[], ["demo"], ["run"], ["sandbox", "serve"], ["sandbox", "slack"], ["today"], ["conflicts"], ["notes", "extract"], ["risk", "train"], ["risk", "evaluate"]],
    ids=lambda a: " ".join(a) or "top",
)
def test_every_command_has_help(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*argv, "--help"])
    assert exit_info.value.code == 0
    assert "usage: spa-copilot" in capsys.readouterr().out


def test_today_json_is_valid_and_covers_both_locations(capsys) -> None:
    assert main(["today", "--json"]) == 0
    books = json.loads(capsys.readouterr().out)
    assert len(books) == 2 and {b["timeZone"] for b in books} == {"America/New_York", "America/Los_Angeles"}
    entries = [a for b in books for s in b["staff"] for a in s["appointments"]]
    assert entries and all({"appointmentId", "clientName", "start", "end", "services"} <= set(e) for e in entries)


def test_today_for_every_location_reads_each_book_once(capsys, monkeypatch) -> None:
    from spa_copilot import reads

    read: list[str] = []
    real = reads.load_day

    async def counted(platform, location, day):  # type: ignore[no-untyped-def]
        read.append(location.id)
        return await real(platform, location, day)

    monkeypatch.setattr(reads, "load_day", counted)
    assert main(["today", "--json", "--date", (date.today() - timedelta(days=1)).isoformat()]) == 0  # within the history
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert sorted(read) == ["loc_soho", "loc_venice"], "each location's book once, not once per location's page"


def test_today_for_one_location_as_a_table(capsys) -> None:
    day = (date.today().replace(day=1) + timedelta(days=32)).replace(day=4)  # the 4th of next month
    assert main(["today", "--location", "Juniper & Salt Venice", "--date", day.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "Venice" in out and "SoHo" not in out
    assert f"— {day:%A} 4 {day:%B %Y} (" in out, "the day is not padded (4, not 04), as Slack's answers show it"


def test_a_location_is_named_by_id_name_its_start_or_a_word_only_it_has() -> None:
    from spa_copilot.reads import AmbiguousLocation, Catalog
    from tests.builders import location

    soho = location(id="loc_soho", name="Juniper & Salt SoHo")
    venice = location(id="loc_venice", name="Juniper & Salt Venice")
    catalog = Catalog(locations=[soho, venice], staff=[], services=[], resources=[])
    for key, expected in (("loc_venice", venice), ("juniper & salt soho", soho), ("Venice", venice), ("soho", soho),
                          ("Ven", venice), ("jun ven", venice)):
        assert catalog.named_location(key) == expected, key
    for key in ("Juniper", "Salt"):
        with pytest.raises(AmbiguousLocation, match=f"^{key} could be Juniper & Salt SoHo or Juniper & Salt Venice: "):
            catalog.named_location(key)
    for key in ("Atlantis", "Ve"):
        with pytest.raises(LookupError, match="known: Juniper & Salt SoHo \\(loc_soho\\), Juniper & Salt Venice"):
            catalog.named_location(key)


def test_unknown_location_and_bad_date_are_clear_errors(capsys) -> None:
    assert main(["today", "--location", "Atlantis"]) == 2  # conflicts reads it through the same Catalog.named_location
    assert "no location 'Atlantis'; known: Juniper & Salt SoHo (loc_soho)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["today", "--date", "tomorrow-ish"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err
    for command in ("today", "conflicts"):  # the calendar's last day has no end in a zone behind UTC
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--date", "9999-12-31"])
        assert exit_info.value.code == 2 and "not a date the spa can have" in capsys.readouterr().err


def test_notes_extract_json_from_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Firm pressure please. Allergic to latex. Not pregnant anymore."))
    assert main(["notes", "extract", "--json"]) == 0
    profile = json.loads(capsys.readouterr().out)
    assert [p["value"] for p in profile["pressure"]] == ["firm"]
    assert [a["value"] for a in profile["allergies"]] == ["latex"]
    assert profile["contraindications"] == []


def test_notes_extract_needs_input(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("   "))
    assert main(["notes", "extract"]) == 2
    assert "stdin" in capsys.readouterr().err


def test_configuration_errors_name_the_variable(monkeypatch, capsys) -> None:
    monkeypatch.setenv("SPA_MODE", "yolo")
    assert main(["today"]) == 2
    assert "spa_mode" in capsys.readouterr().err.lower()


def test_configuration_errors_are_one_line_each_naming_the_variable_as_typed(monkeypatch, capsys) -> None:
    monkeypatch.setenv("POLL_SECONDS", "abc")
    monkeypatch.setenv("BRIEFING_TIME", "7:3x")
    monkeypatch.setenv("OFFER_HOLD_MINUTES", "0")
    assert main(["today"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "spa-copilot: configuration error: POLL_SECONDS: expected a whole number, got 'abc'",
        "spa-copilot: configuration error: BRIEFING_TIME: expected HH:MM, got '7:3x'",
        "spa-copilot: configuration error: OFFER_HOLD_MINUTES: expected 1 or more, got '0'",
    ]


def test_a_configuration_error_never_repeats_a_secret(monkeypatch, capsys) -> None:
    from pydantic import ValidationError

    from spa_copilot.cli import _configuration_errors
    from spa_copilot.settings import Settings

    with pytest.raises(ValidationError) as exc_info:
        Settings(_env_file=None, slack_app_token=12345)
    [line] = _configuration_errors(exc_info.value)
    assert line.startswith("SLACK_APP_TOKEN: ") and "12345" not in line


def test_sandbox_serve_answers_plain_http_with_a_bearer_key(tmp_path) -> None:
    """On --port 0 it takes any free port and says which (no port picked beforehand that another test may take)."""
    env = os.environ | {"MANGOMINT_API_KEY": "k-test"}
    process = subprocess.Popen(
        [sys.executable, "-m", "spa_copilot.cli", "sandbox", "serve", "--port", "0", "--seed", "7"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stderr is not None
        lines = []
        while not (lines and lines[-1].startswith("sandbox spa on ")):
            line = process.stderr.readline()
            assert line, f"sandbox stopped: {''.join(lines)}"
            lines.append(line)
        port = int(re.match(r"sandbox spa on http://127\.0\.0\.1:(\d+)/v1 ", lines[-1])[1])
        assert port != 0
        url = f"http://127.0.0.1:{port}/v1/appointments?limit=2"
        deadline = time.monotonic() + 60
        while True:  # the socket is listening before the line is printed; the app answers once uvicorn has started
            try:
                response = httpx.get(url, headers={"Authorization": "Bearer k-test"})
                break
            except httpx.TransportError:
                assert process.poll() is None, "sandbox stopped"
                assert time.monotonic() < deadline, "sandbox did not come up"
                time.sleep(0.2)
        assert response.status_code == 200
        body = response.json()
        assert len(body["data"]) == 2 and body["nextCursor"]
        assert httpx.get(url).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


def test_verbose_logs_never_carry_the_urls_httpx_would_log(tmp_path, caplog) -> None:
    """A client search puts a name in the query string; httpx logs full URLs at INFO, so it is kept to warnings."""
    import asyncio
    import logging
    from datetime import date

    from spa_copilot.sandbox.generator import generate_spa
    from spa_copilot.settings import Settings
    from spa_copilot.world import open_platform, start_sandbox

    assert main(["-v", "sandbox", "serve", "--data", str(tmp_path / "none.json")]) == 1  # logging is set up first
    settings = Settings(_env_file=None)
    spa = generate_spa(3, today=date(2026, 11, 24), clients=200, history_months=1)
    name = f"{spa.clients[0].first_name} {spa.clients[0].last_name}"

    async def search() -> None:
        async with open_platform(settings, sandbox=start_sandbox(settings, data=spa)) as platform:
            assert await platform.search_clients(name)

    with caplog.at_level(logging.DEBUG, logger=""):
        asyncio.run(search())
    assert spa.clients[0].last_name not in caplog.text


def test_a_bad_data_file_or_rate_is_a_one_line_error_not_a_traceback(tmp_path, capsys) -> None:
    bad = tmp_path / "spa.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["sandbox", "serve", "--data", str(bad)]) == 1
    assert main(["sandbox", "serve", "--data", str(tmp_path / "missing.json")]) == 1
    err = capsys.readouterr().err
    assert "--data: cannot serve" in err and "Traceback" not in err
    assert f"--data: cannot serve {tmp_path / 'missing.json'}: no such file\n" in err and "[Errno" not in err
    with pytest.raises(SystemExit) as exit_info:
        main(["sandbox", "serve", "--error-rate", "5"])
    assert exit_info.value.code == 2
    assert "between 0 and 1" in capsys.readouterr().err
    # --today generates; a file is served as it is: both at once is refused, not one of them silently ignored
    assert main(["sandbox", "serve", "--data", str(bad), "--today", "2026-12-02"]) == 2
    assert capsys.readouterr().err.count("\n") == 1



def test_today_gives_a_therapist_booked_at_another_location_a_row_there_and_says_so_at_home(
    capsys, monkeypatch
) -> None:
    from datetime import UTC, date, datetime, time

    from spa_copilot import cli
    from spa_copilot import world as world_module
    from spa_copilot.domain import AppointmentStatus, wall_clock
    from spa_copilot.sandbox.generator import generate_spa

    day = date(2026, 11, 24)
    data = generate_spa(7, today=day, clients=200, history_months=1)
    soho = next(loc for loc in data.locations if loc.id == "loc_soho")
    venice = next(loc for loc in data.locations if loc.id == "loc_venice")
    ana = next(s for s in data.staff if s.id == "st_ana_reyes")  # SoHo's, booked at Venice at 13:00 (16:00 in SoHo)
    template = next(
        a for a in sorted(data.appointments, key=lambda a: a.id)
        if a.location_id == venice.id and a.is_active and len(a.services) == 1 and a.services[0].staff_id
    )
    start = datetime.combine(day, time(13, 0), tzinfo=venice.tz)
    end = start + (template.end_at - template.start_at)
    line = template.services[0].model_copy(update={"staff_id": ana.id, "start_at": start, "end_at": end, "resource_ids": []})
    floated = {"id": "ap_float", "start_at": start, "end_at": end, "services": [line], "status": AppointmentStatus.confirmed}
    data.appointments.append(template.model_copy(update=floated))
    original = world_module.start_sandbox
    monkeypatch.setattr(world_module, "start_sandbox", lambda settings, **_: original(settings, data=data))
    # the commands' clock on that day: --date takes a day within two years of now (2026-11-24 was refused from 2028)
    monkeypatch.setattr(cli, "_now", lambda: datetime.combine(day, time(14, 0), tzinfo=UTC))
    until = wall_clock(end.astimezone(venice.tz))  # the rows' 12-hour clock, as Slack's (was 24-hour, "13:00–14:00")

    assert main(["today", "--location", venice.name, "--date", day.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"  {ana.display_name} (visiting from {soho.name}, no shift here)\n    {'1:00pm–' + until:<15}  " in out
    assert "unassigned: 1:00pm" not in out
    assert main(["today", "--location", soho.name, "--date", day.isoformat()]) == 0
    assert f"    also booked at {venice.name}: 1:00pm–{until} PST  " in capsys.readouterr().out
    assert main(["today", "--location", venice.name, "--date", day.isoformat(), "--json"]) == 0
    [book] = json.loads(capsys.readouterr().out)
    [row] = [s for s in book["staff"] if s["staffId"] == ana.id]
    assert row["visitingFrom"] == {"locationId": soho.id, "locationName": soho.name} and row["shift"] is None
    assert [a["appointmentId"] for a in row["appointments"]] == ["ap_float"]
    assert "ap_float" not in {a["appointmentId"] for a in book["unassigned"]}
    ids = {a["appointmentId"] for s in book["staff"] for a in s["appointments"]} | {a["appointmentId"] for a in book["unassigned"]}
    assert book["appointmentCount"] == len(ids), "appointments, not lines"


def test_a_reader_that_goes_away_ends_the_command_quietly(monkeypatch, capsys) -> None:
    """`spa-copilot today | head -3`: the pipe closes before everything is written; no BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone (head has its three lines)
    closed_pipe = io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", closed_pipe)

    def prints_a_book(args, settings) -> int:  # type: ignore[no-untyped-def]
        print("a line of the book\n" * 1000)
        return 0

    monkeypatch.setattr("spa_copilot.cli._today", prints_a_book)
    try:
        assert main(["today"]) == 141
        print("written at exit", flush=True)  # stdout now goes nowhere: the flush at exit cannot fail
    finally:
        monkeypatch.undo()
        closed_pipe.close()
    assert "Traceback" not in capsys.readouterr().err


def test_a_data_file_the_sandbox_cannot_serve_says_which_field_and_why(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    location = {"id": "loc_1", "name": "Venice", "timeZone": "America/Los_Angles"}
    spa = {"locations": [location], "staff": [], "resources": [], "services": [], "clients": [], "appointments": []}
    bad.write_text(json.dumps(spa), encoding="utf-8")
    assert main(["sandbox", "serve", "--data", str(bad)]) == 1
    assert capsys.readouterr().err == (
        f"spa-copilot: --data: cannot serve {bad}: locations[0].timeZone: unknown IANA time zone 'America/Los_Angles'\n"
    )
    del location["name"]
    spa["staff"] = {"not": "a list"}
    bad.write_text(json.dumps(spa), encoding="utf-8")
    assert main(["sandbox", "serve", "--data", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"spa-copilot: --data: cannot serve {bad}: locations[0].name: missing",
        f"spa-copilot: --data: cannot serve {bad}: locations[0].timeZone: unknown IANA time zone 'America/Los_Angles'",
        f"spa-copilot: --data: cannot serve {bad}: staff: expected a valid array",
    ]
    bad.write_text("{not json", encoding="utf-8")
    assert main(["sandbox", "serve", "--data", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"spa-copilot: --data: cannot serve {bad}: invalid JSON") and err.count("\n") == 1
    assert "errors.pydantic.dev" not in err and "validation error for" not in err


def _small_spa(path) -> str:
    location = {"id": "loc_1", "name": "Venice", "timeZone": "America/Los_Angeles"}
    spa = {"locations": [location], "staff": [], "resources": [], "services": [], "clients": [], "appointments": []}
    path.write_text(json.dumps(spa), encoding="utf-8")
    return str(path)


def test_sandbox_serve_on_a_port_in_use_is_one_line_and_exit_2(tmp_path, capsys) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert main(["sandbox", "serve", "--port", str(port), "--data", _small_spa(tmp_path / "spa.json")]) == 2
    assert capsys.readouterr().err == (
        f"spa-copilot: port {port} on 127.0.0.1 is already in use: is another sandbox running? (--port picks another)\n"
    )


@pytest.mark.parametrize("key, said", [
    (None, "bearer key 'sandbox-key', MANGOMINT_API_KEY's default"),
    ("k-of-our-own", "bearer key: the value of MANGOMINT_API_KEY"),
])
def test_sandbox_serve_says_what_the_bearer_key_is_without_printing_a_key_of_ones_own(
    tmp_path, monkeypatch, capsys, key, said
) -> None:
    if key is None:
        monkeypatch.delenv("MANGOMINT_API_KEY", raising=False)
    else:
        monkeypatch.setenv("MANGOMINT_API_KEY", key)
    served: list[int] = []
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: served.append(sockets[0].getsockname()[1]))
    assert main(["sandbox", "serve", "--port", "0", "--data", _small_spa(tmp_path / "spa.json")]) == 0
    [port] = served
    err = capsys.readouterr().err
    assert port != 0 and err == f"sandbox spa on http://127.0.0.1:{port}/v1 ({said}; 0 appointments, 0 clients)\n"
    assert "k-of-our-own" not in err


@pytest.mark.parametrize("flags, signed_with", [
    ([], "MANGOMINT_WEBHOOK_SECRET"),
    (["--webhook-secret", "s3cret-of-ours"], "--webhook-secret"),
])
def test_sandbox_serve_says_where_its_webhooks_go_and_what_signs_them(tmp_path, monkeypatch, capsys, flags, signed_with) -> None:
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: None)
    hook = "http://127.0.0.1:3000/webhooks/mangomint"
    args = ["sandbox", "serve", "--port", "0", "--data", _small_spa(tmp_path / "spa.json"),
            "--webhook-url", "http://user:pw@127.0.0.1:3000/webhooks/mangomint?key=in-the-query"]
    assert main([*args, *flags]) == 0
    err = capsys.readouterr().err
    assert err.endswith(f"0 clients; webhooks to {hook}, signed with {signed_with})\n")
    assert "s3cret-of-ours" not in err and "in-the-query" not in err and "pw" not in err


def test_sandbox_slack_serves_the_spas_staff_and_prints_what_the_copilot_posts(monkeypatch, capsys) -> None:
    """`spa-copilot sandbox slack`: the stand-in Slack on a port, for rehearsing `check` and `run` offline; it says
    where it is and who the managers are, knows the staff by email, and prints each message posted or updated."""
    import asyncio

    from spa_copilot.sandbox.generator import generate_spa
    from spa_copilot.settings import Settings

    token = Settings.model_fields["slack_bot_token"].default.get_secret_value()
    staff = generate_spa(7, today=date(2026, 12, 3)).staff
    said: dict[str, object] = {}

    async def use(app) -> None:  # what the copilot would do against it
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://slack") as http:
            auth = {"Authorization": f"Bearer {token}"}
            found = await http.post("/api/users.lookupByEmail", data={"email": staff[0].email}, headers=auth)
            said["found"] = found.json()["ok"]
            posted = (await http.post("/api/chat.postMessage", headers=auth,
                                      data={"channel": "#front-desk", "text": "*Conflict*: :warning: Room double-booked"})).json()
            await http.post("/api/chat.update", headers=auth,
                            data={"channel": posted["channel"], "ts": posted["ts"], "text": ":white_check_mark: Resolved"})

    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: asyncio.run(use(self.config.app)))
    assert main(["sandbox", "slack", "--port", "0", "--seed", "7"]) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(r"stand-in Slack on http://127\.0\.0\.1:\d+/api/ \(set SLACK_API_URL to it; bot token: the value "
                        r"of SLACK_BOT_TOKEN; \d+ staff as its people, channels #front-desk, #spa-ops, #general; "
                        r"managers: U\w+(,U\w+)*\)\n", err), err
    assert said["found"] is True
    assert "── posted in #front-desk" in out and "Conflict: ⚠ Room double-booked" in out
    assert "── updated in #front-desk" in out and "✅ Resolved" in out
