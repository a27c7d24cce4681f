"""The notes reader judges "current or past" ("Stopped Accutane last year", "Baby due Aug 2026") against a day, and
that day is the spa's: the location's local date. No reader falls back to the machine's date or the UTC date (a New
York evening of 31 December is already 1 January in UTC): each entry point takes ``today`` from its caller, and
``spa-copilot notes extract`` reads a note on the spa's first location's today at the commands' clock."""

from __future__ import annotations

import inspect
import io
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import spa_copilot
from spa_copilot import cli
from spa_copilot.ai import concierge, extraction, guardrails, notes_cli, offline

#: 22:00 on 31 December in New York (the sandbox's first location), 03:00 on 1 January UTC.
NEW_YEARS_EVE = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)
NOTE = "Stopped Accutane last year. Firm pressure."

#: Every function that reads notes (or the spa's alerts) on a day, directly or through the reader.
READERS: list[Any] = [
    extraction.extract_profile_offline,
    extraction.alerts_with_cautions,
    extraction.alert_says_how_grave,
    guardrails.unsupported,
    guardrails.speaks_of_safety,
    offline.briefing_text,
    offline.caution_sentence,
    offline.treatment_plan_text,
    concierge.Concierge.extract_profile,
    concierge.Concierge.briefing_summary,
    concierge.Concierge.treatment_plan_summary,
    notes_cli.extract_cli,
]


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.__qualname__)
def test_each_reader_takes_the_day_from_its_caller(reader: Any) -> None:
    today = inspect.signature(reader).parameters.get("today")
    assert today is not None and today.kind is inspect.Parameter.KEYWORD_ONLY
    assert today.default is inspect.Parameter.empty, "no default: the machine's date is never the spa's day"


def test_the_concierge_has_no_clock_day() -> None:
    assert not hasattr(concierge.Concierge, "today"), "its clock is an instant: the day depends on the location"


def test_no_module_reads_the_machines_date() -> None:
    package = Path(spa_copilot.__file__).parent
    found = [f"{path.relative_to(package)}:{number}" for path in sorted(package.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\bdate\.today\(\)", line.split("#")[0])]
    assert found == []


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_embedded_spa: Any) -> None:
    monkeypatch.chdir(tmp_path)  # no .env, the database lands in tmp
    for name in ("MANGOMINT_API_URL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("isolated_env")
def test_notes_extract_reads_a_note_on_the_spas_today_not_the_utc_date(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the process's clocks at a New York New Year's Eve: the commands' and the concierge's (the UTC date, 1 January)
    monkeypatch.setattr(cli, "_now", lambda: NEW_YEARS_EVE)
    monkeypatch.setattr(concierge, "_utc_now", lambda: NEW_YEARS_EVE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(NOTE))
    assert cli.main(["notes", "extract", "--json"]) == 0
    profile = json.loads(capsys.readouterr().out)
    # read on 31 December 2026, "last year" is 2025, over more than six months ago; on 1 January 2027 it would be
    # 2026, perhaps stopped last month, a current isotretinoin caution
    assert extraction.extract_profile_offline(NOTE, today=date(2027, 1, 1)).values("contraindications") == [
        "isotretinoin"
    ]
    assert profile["contraindications"] == []
    assert [p["value"] for p in profile["pressure"]] == ["firm"]


@pytest.mark.usefixtures("isolated_env")
@pytest.mark.parametrize(
    "command",
    [["sandbox", "serve", "--port", "0"], ["sandbox", "slack", "--port", "0"], ["today", "--json"],
     ["conflicts", "--json"], ["notes", "extract"]],
)
def test_the_clis_sandbox_is_generated_at_the_commands_clock(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """One clock: the sandbox spa a command serves or reads (the embedded one without ``MANGOMINT_API_URL``) is
    generated at ``cli._now``, the instant its days are read at, not at the wall clock (a test pinning the one and
    not the other saw two different todays)."""
    from spa_copilot.sandbox import generator

    generated: list[Any] = []
    real = generator.generate_spa

    def record(*args: Any, **kwargs: Any) -> Any:
        generated.append(kwargs.get("now"))
        return real(*args, **kwargs)

    monkeypatch.setattr(generator, "generate_spa", record)
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: None)  # not served
    monkeypatch.setattr(cli, "_now", lambda: NEW_YEARS_EVE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(NOTE))
    assert cli.main(command) in (0, 1)  # conflicts: 1 when it finds some
    assert generated == [NEW_YEARS_EVE]


@pytest.mark.usefixtures("isolated_env")
def test_notes_extract_on_a_given_date_reads_there_without_asking_the_spa_system(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--date``: an IT person tries a note while the spa system is down (or on another day) — read on that day, and
    the spa system is not asked."""

    async def down(settings: Any) -> date:
        raise AssertionError("notes extract --date asked the spa system for its today")

    monkeypatch.setattr(cli, "_spa_today", down)
    for day, cautions in (("2026-12-31", []), ("2027-01-01", ["isotretinoin"])):
        monkeypatch.setattr(sys, "stdin", io.StringIO(NOTE))
        assert cli.main(["notes", "extract", "--json", "--date", day]) == 0
        profile = json.loads(capsys.readouterr().out)
        assert [c["value"] for c in profile["contraindications"]] == cautions


@pytest.mark.usefixtures("isolated_env")
def test_notes_extract_says_how_to_read_without_the_spa_system_when_it_is_down(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from spa_copilot.platform.errors import PlatformError

    async def down(settings: Any) -> date:
        raise PlatformError("connection refused")

    monkeypatch.setattr(cli, "_spa_today", down)
    monkeypatch.setattr(sys, "stdin", io.StringIO(NOTE))
    assert cli.main(["notes", "extract"]) == 1
    err = capsys.readouterr().err
    assert "connection refused" in err and "--date" in err and "Traceback" not in err
