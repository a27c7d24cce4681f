"""``spa-copilot notes extract`` names the engine that made the profile: the offline engine's, said as such, when the
configured model gave no answer, not the model's name over the offline engine's reading."""

from __future__ import annotations

from datetime import date

from spa_copilot.ai import extract_cli
from spa_copilot.sandbox.llm_stub import StubServer
from spa_copilot.settings import Settings
from tests.conftest import UNREACHABLE, model_settings

DAY = date(2026, 12, 5)
NOTE = "prefers firm pressure; nut allergy"


class _Audit:
    def __init__(self) -> None:
        self.engines: list[str | None] = []

    def audit(self, *, actor: str, action: str, subject_id: str, details: dict, engine: str | None = None) -> None:
        self.engines.append(engine)


async def test_a_model_that_does_not_answer_is_not_named_as_the_engine(settings: Settings) -> None:
    down = settings.model_copy(update=model_settings(UNREACHABLE, llm_model="m"))
    audit = _Audit()
    text = await extract_cli(NOTE, down, as_json=False, today=DAY, audit=audit)
    assert text.splitlines()[0] == "engine: offline (m gave no answer it could use)", text
    assert "pressure: firm" in text and "allergies: nutOil" in text
    assert audit.engines == ["offline"]  # the audit given is still written to


async def test_a_model_that_answers_is_named(settings: Settings, llm_server: StubServer) -> None:
    llm_server.stub.reset()
    up = settings.model_copy(update=model_settings(llm_server.base_url))
    text = await extract_cli(NOTE, up, as_json=False, today=DAY)
    assert text.splitlines()[0] == "engine: stub-model", text


async def test_no_model_is_the_offline_engine_plainly(settings: Settings) -> None:
    text = await extract_cli(NOTE, settings, as_json=False, today=DAY)
    assert text.splitlines()[0] == "engine: offline", text
