"""``spa-copilot demo``: a spa morning end to end on the embedded defaults, whatever the environment says."""

from __future__ import annotations

import io
import re
from pathlib import Path

from spa_copilot.demo import run_demo
from spa_copilot.settings import Mode, Settings


async def test_the_demo_runs_on_the_embedded_defaults_even_with_a_model_and_read_only_configured(tmp_path: Path) -> None:
    configured = Settings(
        _env_file=None, spa_db_path=tmp_path / "real.db", spa_mode=Mode.read_only,
        llm_base_url="http://127.0.0.1:9/v1", llm_api_key="sk-not-used",  # nothing listens there
    )
    out = io.StringIO()
    assert await run_demo(configured, out=out) == 0
    shown = out.getvalue()
    assert "Mode: approve. AI: offline engine." in shown
    found = re.search(r"(\d+) conflicts found in today's and tomorrow's book", shown)
    assert found and int(found.group(1)) > 0
    assert re.search(r"\d+ alerts posted in #front-desk", shown)
    assert "briefing DM:" in shown
    assert re.search(r"replied YES: booked .+ \(appointment \w+\)", shown)
    assert "Nothing left this machine." in shown
    assert not (tmp_path / "real.db").exists(), "the demo keeps its state in a throwaway database"
