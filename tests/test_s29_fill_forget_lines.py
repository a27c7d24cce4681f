"""``spa-copilot forget`` says "deleted" for the tables whose rows about her it deletes (``kept_notes``, as the
``llm_cache`` line already did) and "changed" for those it rewrites: it printed "kept_notes: 1 row changed" for a
thread line it had deleted. The question before it counts the two apart too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from spa_copilot.cli import main
from spa_copilot.store import Store
from spa_copilot.store.forget import DELETED_TABLES, TABLES
from tests.conftest import NOW
from tests.test_forget import seeded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def state(in_tmp: Path) -> Path:
    """The forget tests' state file, with a line for her card's thread that Slack had not taken yet."""
    path = in_tmp / "state.db"
    seeded(path)
    store = Store.open(path)
    store.keep_note("fill-other:msg_1", proposal_id="fp_1", text="Wilhelmina replied: “maybe”; please follow up.",
                    at=NOW + timedelta(minutes=1))
    store.close()
    return path


def test_deleted_rows_are_said_deleted_and_rewritten_ones_changed(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forget", "cl_her", "--yes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    [kept_notes] = [line for line in lines if line.startswith("kept_notes: ")]
    assert kept_notes.startswith("kept_notes: 1 row deleted"), kept_notes
    assert "changed" not in kept_notes
    assert "proposals: 1 row changed" in lines and "outbox: 1 row changed" in lines
    for table in set(TABLES) - DELETED_TABLES - {"text_opt_outs"}:
        [line] = [line for line in lines if line.startswith(f"{table}: ")]
        assert " changed" in line and "deleted" not in line, line
    store = Store.open(state)
    assert store.kept_notes(proposal_id="fp_1") == []  # deleted indeed
    store.close()


def test_nothing_of_hers_kept_says_zero_rows_deleted(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeded(in_tmp / "state.db")
    assert main(["forget", "cl_her", "--yes"]) == 0
    assert "kept_notes: 0 rows deleted" in capsys.readouterr().out.splitlines()


def test_the_question_counts_rows_to_change_and_rows_to_delete(
    state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    assert main(["forget", "cl_her"]) == 1
    out = capsys.readouterr().out
    assert ", 1 row to delete," in out, out
    assert "Nothing changed." in out
