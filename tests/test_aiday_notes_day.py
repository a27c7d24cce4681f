"""Notes are read on the spa's day, not the server's: "Stopped Accutane in 2025" is a current caution in March 2026
and long past in December 2026, whatever date the machine running the copilot has. The day comes from the caller
(``today=``, the location's local date), never from the Concierge's clock (it knows no location: its UTC date is a day
ahead on an American evening), and no cached reading outlives the day it was made for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.ai import BriefingInput, MemoryCache, build_ai
from spa_copilot.ai.extraction import alerts_with_cautions
from spa_copilot.ai.guardrails import unsupported
from spa_copilot.copilot import build_copilot
from spa_copilot.domain import Alert, Client
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer, requested_schema
from spa_copilot.settings import Settings
from spa_copilot.store import Store

NOTE = "Stopped Accutane in 2025. Firm pressure."
#: under six months after 2025 ended: perhaps stopped last month, still a caution
MARCH = date(2026, 3, 1)
#: eleven months after 2025 ended at least: long past
DECEMBER = date(2026, 12, 2)
ON_ACCUTANE = {MARCH: ["isotretinoin"], DECEMBER: []}


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _offline(day: date) -> Any:
    return build_ai(Settings(_env_file=None), clock=lambda: _at(day))  # type: ignore[call-arg]


@pytest.mark.parametrize("day", [MARCH, DECEMBER])
async def test_the_offline_concierge_reads_notes_on_the_day_given(day: date) -> None:
    profile = await _offline(day).extract_profile(NOTE, today=day)
    assert profile.values("contraindications") == ON_ACCUTANE[day]


@pytest.mark.parametrize(("clock_day", "given"), [(MARCH, DECEMBER), (DECEMBER, MARCH)])
async def test_a_day_the_caller_gives_wins_over_the_clock(clock_day: date, given: date) -> None:
    profile = await _offline(clock_day).extract_profile(NOTE, today=given)
    assert profile.values("contraindications") == ON_ACCUTANE[given]


@pytest.mark.parametrize("day", [MARCH, DECEMBER])
async def test_a_treatment_plan_cautions_on_the_day_given(day: date) -> None:
    plan = await _offline(day).treatment_plan_summary(NOTE, today=day)
    assert ("Caution" in plan.text) == bool(ON_ACCUTANE[day])


@pytest.mark.parametrize("day", [MARCH, DECEMBER])
async def test_a_briefing_reads_the_spas_alerts_on_the_day_given(day: date) -> None:
    client = Client(id="cl_1", first_name="Maya", alerts=[Alert(text="Stopped Accutane in 2025", severity="warning")])
    guest = BriefingInput.from_client(client, services=[])
    summary = await _offline(day).briefing_summary(guest, today=day)
    assert "Stopped Accutane in 2025" in summary.text  # the spa's alert is always shown, in its words
    # a current one stands for the caution (no line of its own); a long-past one stands for nothing
    assert alerts_with_cautions(["Stopped Accutane in 2025"], ["isotretinoin"], today=day)[1] == (
        [] if ON_ACCUTANE[day] else ["isotretinoin"]
    )


async def test_the_concierge_has_no_day_of_its_own(tmp_path: Path) -> None:
    """Each task that reads notes takes the caller's day: the copilot's clock is an instant, and which day it is
    depends on the location (a New York evening is already tomorrow in UTC)."""
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", spa_model_dir=tmp_path / "none")  # type: ignore[call-arg]
    copilot = build_copilot(settings, platform=None, store=Store.memory(), clock=lambda: _at(MARCH), risk=object())  # type: ignore[arg-type]
    assert not hasattr(copilot.ai, "today")
    guest = BriefingInput.from_client(Client(id="cl_1", first_name="Maya"), services=[])
    with pytest.raises(TypeError, match="today"):
        await copilot.ai.extract_profile(NOTE)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="today"):
        await copilot.ai.treatment_plan_summary(NOTE)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="today"):
        await copilot.ai.briefing_summary(guest)  # type: ignore[call-arg]


@pytest.mark.parametrize("first", [MARCH, DECEMBER])
def test_the_evidence_check_does_not_reuse_another_days_reading(first: date) -> None:
    second = DECEMBER if first == MARCH else MARCH
    for day in (first, second):  # the same note on two days: each day's own reading
        problem = unsupported("contraindications", "isotretinoin", "Stopped Accutane in 2025", NOTE, today=day)
        assert (problem is None) == bool(ON_ACCUTANE[day]), day


def _model_reads_accutane(body: dict[str, Any]) -> dict[str, Any]:
    name, _ = requested_schema(body)
    assert name == "ProfileDraft"
    fields = ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies", "contraindications")
    draft: dict[str, Any] = {field: [] for field in (*fields, "communication_style")}
    return draft | {"contraindications": [{"value": "isotretinoin", "evidence": "Stopped Accutane in 2025"}]}


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub(responder=_model_reads_accutane)) as running:
        yield running


async def test_a_cached_model_reading_is_read_again_on_each_day(server: StubServer) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url=server.base_url, llm_api_key="k", llm_model="stub-model", llm_max_retries=0
    )
    cache = MemoryCache()
    days = iter([MARCH, DECEMBER])
    day = next(days)
    ai = build_ai(settings, cache=cache, clock=lambda: _at(day))
    try:
        march = await ai.extract_profile(NOTE, today=day)
        day = next(days)
        december = await ai.extract_profile(NOTE, today=day)
    finally:
        await ai.aclose()
    assert ai.model_calls == 1 and cache.hits == 1  # the model's draft is kept: it does not depend on the day
    assert march.values("contraindications") == ["isotretinoin"]
    assert december.values("contraindications") == []  # its reading does: long past in December
    assert "2026" not in json.dumps(server.stub.requests)  # the day is not part of what the model is asked
