"""What a plain install (``pip install .``: a wheel, a Docker image) needs and what ``check`` says about it.

An IT-person review (4 December): a non-editable install lost ``prompts/`` (the first briefing failed with
FileNotFoundError, the fill drafted nothing) while ``check`` passed; and against a real spa system ``check`` gave a
green tick to the shipped no-show model, trained on the sandbox spa's made-up history."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from spa_copilot.ai import prompts
from spa_copilot.ai.concierge import TASK_PROMPTS
from spa_copilot.preflight import _prompts, _risk_model
from spa_copilot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "spa_copilot"


def test_the_package_reaches_the_top_level_prompts_and_models_and_ships_them() -> None:
    for name in ("prompts", "models"):
        assert (PACKAGE / name).resolve() == ROOT / name  # the link, not a second copy to drift
    shipped = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["spa_copilot"]
    for name in set(TASK_PROMPTS.values()):
        assert any(Path(f"prompts/{name}.md").match(pattern) for pattern in shipped), name
    for artefact in ("noshow.joblib", "noshow.json"):
        assert f"models/{artefact}" in shipped
    assert prompts.PROMPTS_DIR == ROOT / "prompts"
    assert Settings.model_fields["spa_model_dir"].default == ROOT / "models"


def test_check_reads_every_prompt_and_fails_without_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert _prompts().status == "ok"
    prompts.load_prompt.cache_clear()
    monkeypatch.setattr(prompts, "PROMPTS_DIR", tmp_path)  # an install that left them out
    try:
        check = _prompts()
    finally:
        prompts.load_prompt.cache_clear()
    assert check.status == "failed" and "extract_profile.md: No such file or directory" in check.detail, check.detail
    assert str(tmp_path) in check.detail


def test_check_warns_of_the_sandbox_model_serving_a_real_spa() -> None:
    base = Settings(_env_file=None, mangomint_api_url=None)
    assert base.uses_sandbox and _risk_model(base).status == "ok"  # the sandbox's own model for the sandbox spa
    real = base.model_copy(update={"mangomint_api_url": "https://gateway.example/v1"})
    assert not real.uses_sandbox
    check = _risk_model(real)
    assert check.status == "warning" and "trained on the sandbox spa's made-up history" in check.detail
    assert "spa-copilot risk train --out DIR" in check.detail and "SPA_MODEL_DIR" in check.detail


def test_a_model_trained_on_the_spas_own_history_gets_no_warning(tmp_path: Path) -> None:
    import json
    import shutil

    own = tmp_path / "own"
    shutil.copytree(ROOT / "models", own)
    card = json.loads((own / "noshow.json").read_text())
    card["description"] = "history: https://gateway.example/v1"
    (own / "noshow.json").write_text(json.dumps(card))
    real = Settings(_env_file=None).model_copy(update={"mangomint_api_url": "https://gateway.example/v1", "spa_model_dir": own})
    assert _risk_model(real).status == "ok"
