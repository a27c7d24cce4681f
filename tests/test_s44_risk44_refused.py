"""A risk model installed but refused at load is said as refused, with why, not as "none is installed" (issue 7)."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.risk.model import CARD_FILE, MODEL_FILE
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.settings import Settings
from spa_copilot.slack.listeners.commands import answer_command

MODELS = Path(__file__).resolve().parents[1] / "models"


def installed(folder: Path, **card_changes: Any) -> Path:
    """A copy of the shipped model in ``folder``, its card changed as given."""
    shutil.copytree(MODELS, folder)
    card = json.loads((folder / CARD_FILE).read_text())
    (folder / CARD_FILE).write_text(json.dumps({**card, **card_changes}))
    return folder


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:  # the suite's, with a model of another scikit-learn
    return settings.model_copy(update={"spa_model_dir": installed(tmp_path / "model", sklearnVersion="1.4.2")})


async def test_risk_says_the_installed_model_was_refused_and_why(world: Any) -> None:
    assert world.copilot.risk is None and (world.settings.spa_model_dir / MODEL_FILE).exists()
    kw = (await answer_command(world.copilot, text="risk", user_id=FRONT_DESK_USER)).to_kwargs()
    reply = kw["text"] + json.dumps(kw["blocks"])
    assert "none is installed" not in reply, reply
    assert "the installed model was refused" in reply and "scikit-learn 1.4.2" in reply, reply
    assert "spa-copilot risk train" in reply


def test_a_refusal_names_its_reason_and_no_model_none(tmp_path: Path) -> None:
    from spa_copilot.risk.model import load_model_checked

    assert load_model_checked(tmp_path / "nothing") == (None, "")  # none installed: no refusal to give
    model, refusal = load_model_checked(installed(tmp_path / "schema", schemaVersion=1))
    assert model is None and "feature schema 1" in refusal and str(tmp_path) not in refusal
    corrupt = installed(tmp_path / "corrupt")
    (corrupt / MODEL_FILE).write_bytes(b"not a model")
    model, refusal = load_model_checked(corrupt)
    assert model is None and "sha256" in refusal
    loaded, refusal = load_model_checked(MODELS)
    assert loaded is not None and refusal == ""
