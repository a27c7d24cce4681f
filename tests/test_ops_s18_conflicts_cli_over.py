"""``spa-copilot conflicts`` late in the day agrees with ``/spa conflicts`` (6cbee70): today's clashes whose time has
passed (``alerts.is_over``) are counted, "3 conflicts; 2 earlier today, now over", not listed with a fix nobody can
use; another day is listed whole. ``--json`` keeps every conflict, in its old shape, each with ``over`` added."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import cli
from spa_copilot.alerts import conflicts_cli
from spa_copilot.settings import Settings

DAY = date(2026, 11, 24)
SOHO = "loc_soho"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    from spa_copilot import world as world_module

    original = world_module.start_sandbox
    monkeypatch.setattr(
        world_module, "start_sandbox", lambda settings, **_: original(settings, today=DAY, clients=200, history_months=2)
    )
    return Settings(_env_file=None, spa_db_path=tmp_path / "s.db", spa_model_dir=tmp_path / "none")


def _run(settings: Settings, *, day: date, as_json: bool) -> int:
    args = argparse.Namespace(date=day, location=SOHO, json=as_json)
    return cli._conflicts(args, settings)


def _listed(settings: Settings, capsys: pytest.CaptureFixture[str], day: date) -> list[dict[str, Any]]:
    """Every conflict of ``day`` at SoHo as the JSON lists it, asked at a time before any of them."""
    assert conflicts_cli(settings, day=day, location=SOHO, as_json=True, now=datetime(2026, 11, 1, tzinfo=UTC)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_text_counts_todays_clashes_that_are_over_and_lists_the_rest_with_their_fix(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    today = _listed(settings, capsys, DAY)
    assert len(today) >= 2, "the sandbox plants several clashes at SoHo"
    ends = sorted({datetime.fromisoformat(c["end"]) for c in today})
    now = ends[0]  # the earliest has just ended; the latest runs on
    assert now.astimezone(UTC).date() == DAY and now < ends[-1]
    over = [c for c in today if datetime.fromisoformat(c["end"]) <= now]
    ahead = [c for c in today if datetime.fromisoformat(c["end"]) > now]
    monkeypatch.setattr(cli, "_now", lambda: now.astimezone(UTC))

    assert _run(settings, day=DAY, as_json=False) == 0
    text = capsys.readouterr().out
    head = text.splitlines()[0]
    assert head.endswith(f": {len(ahead)} conflict{'s' if len(ahead) != 1 else ''}; {len(over)} earlier today, now over")
    for conflict in over:
        assert conflict["message"] not in text and conflict["suggestedFix"] not in text
    for conflict in ahead:
        assert conflict["message"] in text and f"fix: {conflict['suggestedFix']}" in text

    # all of them over: none left, and the count says why
    monkeypatch.setattr(cli, "_now", lambda: ends[-1].astimezone(UTC))
    assert _run(settings, day=DAY, as_json=False) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Juniper & Salt SoHo — Tue 24 Nov 2026 (America/New_York): no conflicts left ({len(today)} earlier today, now over)"
    ]

    # the JSON keeps every conflict in its old shape, each marked
    monkeypatch.setattr(cli, "_now", lambda: now.astimezone(UTC))
    assert _run(settings, day=DAY, as_json=True) == 0
    shown = json.loads(capsys.readouterr().out)
    old_shape = [{k: v for k, v in c.items() if k != "over"} for c in today]
    assert [{k: v for k, v in c.items() if k != "over"} for c in shown] == old_shape
    assert set(shown[0]) - set(old_shape[0]) == {"over"}
    assert {c["key"] for c in shown if c["over"] is True} == {c["key"] for c in over}
    assert {c["key"] for c in shown if c["over"] is False} == {c["key"] for c in ahead}


def test_another_day_is_listed_whole(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tomorrow = DAY + timedelta(days=1)
    expected = _listed(settings, capsys, tomorrow)
    # late on DAY (10pm in New York): tomorrow's clashes are all ahead; yesterday's are all over but not "today"
    monkeypatch.setattr(cli, "_now", lambda: datetime.combine(tomorrow, time(3, 0), tzinfo=UTC))
    assert _run(settings, day=tomorrow, as_json=False) == 0
    text = capsys.readouterr().out
    assert "now over" not in text and f": {len(expected)} conflict" in text.splitlines()[0]
    monkeypatch.setattr(cli, "_now", lambda: datetime.combine(DAY + timedelta(days=3), time(15, 0), tzinfo=UTC))
    assert _run(settings, day=tomorrow, as_json=False) == 0  # a past day: as before, each with its fix
    text = capsys.readouterr().out
    assert "now over" not in text
    for conflict in expected:
        assert f"fix: {conflict['suggestedFix']}" in text
