"""``spa-copilot forget`` deletes what a therapist was last told of a booking of hers (``prep_told``: her client id
beside a digest of what the DM said of her health and notes), and leaves another guest's."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from spa_copilot.cli import main
from spa_copilot.store import Store
from tests.conftest import NOW
from tests.test_forget import seeded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_forget_deletes_her_prep_told_rows_only(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = in_tmp / "state.db"
    seeded(path)
    store = Store.open(path)
    store.remember_told("ap_her", "st_ana", {"client_id": "cl_her", "said": "k1:abc"}, at=NOW)
    store.remember_told("ap_wil", "st_ana", {"client_id": "cl_wil", "said": "k1:def"}, at=NOW + timedelta(minutes=1))
    store.close()

    assert main(["forget", "cl_her", "--yes"]) == 0

    assert "prep_told: 1 row deleted" in capsys.readouterr().out.splitlines()
    store = Store.open(path)
    assert store.told("ap_her", "st_ana") is None
    assert store.told("ap_wil", "st_ana") == {"client_id": "cl_wil", "said": "k1:def"}
    store.close()
