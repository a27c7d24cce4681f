"""``spa-copilot conflicts`` reads each location's book once per run: SoHo (New York) and Venice (Los Angeles) want
the hours of their own days, and every check reads the other location's book too, so each book was read once per
location asked (N² reads for N locations in different zones)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.alerts import conflicts_cli
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.settings import Settings

DAY = date(2026, 11, 24)


def test_every_location_is_read_once_however_many_zones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spa_copilot import world as world_module

    original = world_module.start_sandbox
    monkeypatch.setattr(
        world_module, "start_sandbox", lambda settings, **_: original(settings, today=DAY, clients=200, history_months=2)
    )
    read: list[str] = []
    real = MangomintClient.list_appointments

    async def counted(self: MangomintClient, **kwargs: Any) -> Any:
        read.append(kwargs.get("location_id") or "")
        return await real(self, **kwargs)

    monkeypatch.setattr(MangomintClient, "list_appointments", counted)
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "s.db", spa_model_dir=tmp_path / "none")
    assert conflicts_cli(settings, day=DAY, location=None, as_json=True) == 0
    everywhere = json.loads(capsys.readouterr().out)
    assert sorted(read) == ["loc_soho", "loc_venice"], "each book once, not once per location asked"
    # the same conflicts as asking for each location alone
    one_by_one = []
    for location in ("loc_soho", "loc_venice"):
        assert conflicts_cli(settings, day=DAY, location=location, as_json=True) == 0
        one_by_one += json.loads(capsys.readouterr().out)
    assert {item["key"] for item in everywhere} == {item["key"] for item in one_by_one}
    assert everywhere, "the sandbox plants conflicts"
