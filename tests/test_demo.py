"""``spa-copilot demo``: a spa morning end to end on the embedded defaults, whatever the environment says."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from spa_copilot.demo import demo_settings, run_demo
from spa_copilot.demo_fill import demo_fill, pick_openings
from spa_copilot.sandbox.world import sandbox_world
from spa_copilot.settings import Mode, Settings

#: A spa's own ``.env``: its Slack app, people and channels, its spa system. None of it may reach the demo.
SPA_OWN_ENV = {
    "SLACK_BOT_TOKEN": "xoxb-real-workspace", "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "xapp-real",
    "SLACK_API_URL": "https://slack.com/api/", "MANGOMINT_API_URL": "https://gateway.example.com/v1",
    "MANGOMINT_API_KEY": "mm-real", "MANGOMINT_WEBHOOK_SECRET": "whsec-real", "SPA_DB_PATH": "/srv/spa/state.db",
    "SPA_MODE": "read_only", "SPA_FRONT_DESK_CHANNEL": "#spa-front-desk", "SPA_OPS_CHANNEL": "#spa-ops",
    "SPA_MANAGER_IDS": "U07REALMGR", "SPA_MANAGER_GROUP": "S07MANAGERS", "SPA_FRONT_DESK_IDS": "U07REALDESK",
    "SPA_STAFF_SLACK_IDS": "st_1=U07REALTHER", "LLM_BASE_URL": "http://127.0.0.1:9/v1", "LLM_API_KEY": "sk-real",
    "LLM_MODEL": "gpt-real",
}


def test_the_demo_reads_nothing_of_the_spas_slack_people_channels_or_systems_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("".join(f"{name}={value}\n" for name, value in SPA_OWN_ENV.items()))
    settings, notes = demo_settings()
    assert notes == [], "a blank secret in .env is not read, so it is no note either"
    defaults = Settings(_env_file=None)
    for name in SPA_OWN_ENV:
        field = name.lower()
        assert getattr(settings, field) == getattr(defaults, field), name


async def test_the_demo_runs_on_the_embedded_defaults_even_with_a_model_and_read_only_configured(tmp_path: Path) -> None:
    configured = Settings(
        _env_file=None, spa_db_path=tmp_path / "real.db", spa_mode=Mode.read_only,
        llm_base_url="http://127.0.0.1:9/v1", llm_api_key="sk-not-used",  # nothing listens there
        spa_front_desk_ids=["U07REALDESK"], spa_front_desk_channel="#spa-front-desk", spa_ops_channel="#spa-ops",
        spa_manager_ids=["U07REALMGR"], spa_manager_group="S07MANAGERS", spa_staff_slack_ids={"st_1": "U07REALTHER"},
    )
    out = io.StringIO()
    assert await run_demo(configured, out=out, ignored=["POLL_SECONDS in the environment or .env is not valid"]) == 0
    shown = out.getvalue()
    assert shown.startswith("Note: POLL_SECONDS in the environment or .env is not valid")
    assert "Mode: approve. AI: offline engine." in shown
    found = re.search(r"(\d+) conflicts found in today's and tomorrow's book", shown)
    assert found and int(found.group(1)) > 0
    assert re.search(r"\d+ alerts posted in #front-desk", shown)
    assert "briefing DM:" in shown
    assert "/spa risk" in shown and re.search(r"High no-show risk on \w{3} \d{1,2} \w{3}", shown)
    assert re.search(r" · high \(\d+%\) — .+ → (?:confirm by phone|request a card on file)", shown), "why, and what to do"
    assert re.search(r"replied YES: booked .+ \(appointment \w+\)", shown)
    assert "Nothing left this machine." in shown
    assert not (tmp_path / "real.db").exists(), "the demo keeps its state in a throwaway database"
    assert not re.search(r"U07REAL|S07MANAGERS|#spa-|only for the spa.s team|channel_not_found", shown)


def _clock_from(start: datetime) -> Callable[[], datetime]:
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


async def test_with_nobody_on_the_waitlist_fitting_the_front_desk_adds_a_guest_and_the_fill_still_runs(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "x.db")
    clock = _clock_from(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
    async with sandbox_world(settings, clock=clock, clients=120, history_months=1) as world:
        world.spa.waitlist.clear()
        assert pick_openings(world) == []
        lines: list[str] = []
        await demo_fill(world, lines.append)
    shown = "\n".join(lines)
    assert "the front desk adds" in shown and "/spa waitlist add cl_" in shown
    assert "Added " in shown and "to the waitlist at" in shown  # the real command's answer
    assert "skipping the fill demo" not in shown
    assert re.search(r"replied YES: booked .+ \(appointment \w+\)", shown)


def test_a_bad_value_in_env_does_not_stop_the_demo_it_takes_the_default_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("POLL_SECONDS=abc\nSPA_NAME=Juniper Test\nSANDBOX_SEED=seven\n")
    monkeypatch.setenv("FULL_RESYNC_HOURS", "-3")
    with pytest.raises(ValidationError):
        Settings()  # what every other command reads, and refuses
    settings, notes = demo_settings(sandbox_seed=3)
    assert settings.poll_seconds == 60 and settings.full_resync_hours == Settings.model_fields["full_resync_hours"].default
    assert settings.spa_name == "Juniper Test" and settings.sandbox_seed == 3  # what parses is kept; --seed wins
    assert [note.split(" ")[0] for note in notes] == ["FULL_RESYNC_HOURS", "POLL_SECONDS"]
    assert all("is not valid" in note and "the demo uses its default" in note for note in notes)
    assert not any("abc" in note or "-3" in note for note in notes)  # a value is never echoed (it may be a secret)
    assert demo_settings()[0].sandbox_seed == 7 and "SANDBOX_SEED" in " ".join(demo_settings()[1])


async def test_the_demo_reads_as_a_manager_expects_late_in_the_evening_and_still_fills_with_seed_3(
    tmp_path: Path, small_embedded_spa: None
) -> None:
    # 23:13 in New York: today's book is over, so its clashes are not alerted, and the next briefing is tomorrow's;
    # seed 3's waitlist windows are around today's gaps, all past by then, and the fill still runs (the opening is
    # chosen on the book as the copilot ranks it after the cancellation: the booking's own therapist free)
    settings = Settings(_env_file=None, sandbox_seed=3, spa_db_path=tmp_path / "real.db")
    out = io.StringIO()
    assert await run_demo(settings, out=out, clock=_clock_from(datetime(2026, 12, 2, 4, 13, tzinfo=UTC))) == 0
    shown = out.getvalue()
    assert "skipping the fill demo" not in shown
    assert re.search(r"replied YES: booked .+ \(appointment \w+\)", shown)
    watch = shown[shown.index("Calendar watch"):shown.index("A cancellation becomes")]
    assert "morning poll" not in shown
    found = re.search(r"^(\d+) (conflicts?) found in today's and tomorrow's book:$", watch, re.MULTILINE)
    assert found and (found.group(2) == "conflict") == (found.group(1) == "1")
    listed = re.findall(r"^  • \w{3} \d{1,2} \w{3} at (Juniper & Salt \w+) — .+$", watch, re.MULTILINE)  # "Wed 2 Dec"
    assert len(listed) == int(found.group(1))  # each conflict says where it is (both spas have a Massage Room 1)
    assert not re.search(r"^  • .*\(ap_\w+\)", watch, re.MULTILINE)  # guests by name, not appointment ids
    assert re.search(r"^Not alerted: \d+ clash(es)? in the book already over", watch, re.MULTILINE)
    assert re.search(r"^  • Tue 1 Dec \d{1,2}:\d{2}[ap]m–\d{1,2}:\d{2}[ap]m at Juniper & Salt \w+ — ", watch, re.MULTILINE)
    assert "Briefings at Juniper & Salt SoHo for tomorrow, Wed 2 Dec: the DM each therapist gets at 7:30am" in watch
    assert "(it is 11:13pm there)" in watch
    fill_act = shown[shown.index("A cancellation becomes"):]
    assert re.search(r"^\w+ \w\. cancels their .+, \w{3} \d{1,2} \w{3} \d{1,2}:\d{2}[ap]m\.$", fill_act, re.MULTILINE)
    assert not re.search(r"\b\d{2}:\d{2}\b", fill_act.split("The card, updated")[0].split("Candidates")[0])


def test_the_demo_command_runs_past_a_bad_env_value_that_stops_every_other_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import spa_copilot.demo as demo_module
    from spa_copilot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLL_SECONDS", "abc")
    seen: list[tuple[Settings, tuple[str, ...]]] = []

    async def fake_run_demo(settings: Settings, *, ignored: Any = (), **_: Any) -> int:
        seen.append((settings, tuple(ignored)))
        return 0

    monkeypatch.setattr(demo_module, "run_demo", fake_run_demo)
    assert main(["demo", "--seed", "3"]) == 0
    [(settings, ignored)] = seen
    assert settings.poll_seconds == 60 and settings.sandbox_seed == 3
    assert [note.split(" ")[0] for note in ignored] == ["POLL_SECONDS"]
    assert main(["today"]) == 2
    assert "POLL_SECONDS" in capsys.readouterr().err
