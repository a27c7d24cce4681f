"""The demo honours the spa's FILL_HORIZON_HOURS (README: it "keeps the spa's ... timings"), and at night
with a same-day horizon its whole fill act (the README's headline: cancel -> card -> Approve -> SMS -> YES) is
skipped: the skip line names the setting rather than blaming the waitlist (rev35f M1).
"""
import asyncio
import io
from datetime import UTC, datetime

import pytest

from spa_copilot.demo import demo_settings, run_demo

NIGHT = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)  # 12:00am SoHo, 9:00pm Venice


@pytest.mark.parametrize("hours", ["8", "48"])
def test_demo_fill_act_runs_or_names_the_setting(monkeypatch, tmp_path, hours, small_embedded_spa):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FILL_HORIZON_HOURS", hours)
    settings, notes = demo_settings()
    out = io.StringIO()
    asyncio.run(run_demo(settings, out=out, clock=lambda: NIGHT, ignored=notes))
    shown = out.getvalue()
    if hours == "8":  # at midnight in SoHo, 9pm in Venice, nothing bookable starts in 8 hours
        assert "skipping the fill demo" in shown
        assert "(FILL_HORIZON_HOURS=8)" in shown, shown[shown.index("━━ 7"):]
        assert "has a matching guest on the waitlist" not in shown
    else:  # two days ahead: the fill act runs
        assert "skipping the fill demo" not in shown
