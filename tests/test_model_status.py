"""Whether the model answers, where staff and the log see it.

``/spa status``, the App Home and ``/healthz`` say when the configured model stopped answering (the offline engine
drafting meanwhile); a model that answers, but unusably on every call (a server without ``response_format``: no answer
parses), is logged like an outage: one warning for the run, debug lines after it, one warning when an answer is usable.

The model path is the real ``ChatOpenAI`` against the OpenAI-compatible stub (``LlmStub``), or against a loopback port
nothing listens on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from spa_copilot.ai import InvitationInput, build_ai
from spa_copilot.ai.concierge import Concierge
from spa_copilot.sandbox.llm_stub import Fault, LlmStub, StubServer, requested_schema
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command

from .conftest import CONCIERGE, NOW, UNREACHABLE, FakeClock, model_settings

GARBAGE = "{not json at all"
INVITE = InvitationInput(first_name="Maya", service_name="Deep Tissue Massage", price=140.0, hold_minutes=10, starts_at=NOW)


def good_reply(body: dict[str, Any]) -> dict[str, Any] | str:
    name, _ = requested_schema(body)
    if name == "ProfileDraft":
        return {k: [] for k in ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies",
                                "contraindications", "communication_style")}
    return {"text": "Hi Maya, a Deep Tissue Massage spot opened Tue 24 Nov at 2:00 pm. It's held for you for 10 minutes. "
                    "Reply YES to claim it."}


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    llm_server.stub.delay = 0.0
    llm_server.stub.responder = good_reply
    yield llm_server.stub
    llm_server.stub.responder = good_reply


@pytest.fixture
async def with_model(world: SandboxWorld) -> AsyncIterator[Any]:
    """Give the world's copilot a model at ``base_url`` (its settings say so too, as in production)."""
    copilot = world.copilot

    def use(base_url: str) -> Concierge:
        copilot.settings = copilot.settings.model_copy(update=model_settings(base_url))
        copilot.ai = build_ai(copilot.settings, clock=copilot.clock)
        return copilot.ai

    yield use
    if copilot.ai is not None:
        await copilot.ai.aclose()


def records(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == CONCIERGE and r.levelno == level]


async def shown(world: SandboxWorld) -> list[str]:
    """``/spa status`` (front desk) and the App Home (a manager), as JSON text."""
    status = (await answer_command(world.copilot, text="status", user_id=FRONT_DESK_USER)).to_kwargs()
    home = (await home_view_for(world.copilot, world.manager_id)).to_dict()
    return [json.dumps(status, ensure_ascii=False), json.dumps(home, ensure_ascii=False)]


# ---------------------------------------------------------------------------------------------------
# /spa status and the App Home


async def test_status_says_since_when_the_model_does_not_answer_and_stops_once_it_does(
    world: SandboxWorld, clock: FakeClock, llm_server: StubServer, stub: LlmStub, with_model: Any
) -> None:
    ai = with_model(llm_server.base_url)
    stub.responder = lambda body: Fault.server_error(503)
    clock.advance(minutes=31)  # 9:31am in New York
    await ai.fill_invitation(INVITE, subject_id="wl_1")
    clock.advance(minutes=20)
    await ai.fill_invitation(INVITE, subject_id="wl_2")  # still down: the outage still began at 9:31
    line = "AI: stub-model — not answering since 9:31am EST, last tried 9:51am EST (the offline engine is drafting)."
    for text in await shown(world):
        assert line in text, text
        assert "Error" not in text and "503" not in text and "Traceback" not in text and "Maya" not in text
    status = (await answer_command(world.copilot, text="status", user_id=FRONT_DESK_USER)).to_kwargs()
    assert status["text"].endswith(", AI not answering")

    stub.responder = good_reply
    answered = await ai.fill_invitation(INVITE, subject_id="wl_3")
    assert not answered.fallback
    for text in await shown(world):
        assert "not answering" not in text and "`stub-model`" in text


async def test_an_outage_that_began_on_another_day_shows_its_day(
    world: SandboxWorld, clock: FakeClock, with_model: Any
) -> None:
    ai = with_model(UNREACHABLE)
    await ai.fill_invitation(INVITE, subject_id="wl_1")
    clock.advance(days=1)
    for text in await shown(world):
        assert "AI: stub-model — not answering since Tue 24 Nov 9:00am EST (the offline" in text, text  # one call


async def test_status_with_no_model_set_up_names_the_offline_engine_and_no_outage(world: SandboxWorld) -> None:
    assert world.copilot.ai.model is None
    await world.copilot.ai.fill_invitation(INVITE, subject_id="wl_1")
    for text in await shown(world):
        assert "`offline engine`" in text and "not answering" not in text


async def test_an_unusable_answer_is_not_an_outage_on_the_status(
    world: SandboxWorld, llm_server: StubServer, stub: LlmStub, with_model: Any
) -> None:
    ai = with_model(llm_server.base_url)
    stub.responder = lambda body: GARBAGE
    assert (await ai.fill_invitation(INVITE, subject_id="wl_1")).fallback
    for text in await shown(world):
        assert "not answering" not in text


async def test_healthz_says_whether_the_model_answers(
    world: SandboxWorld, llm_server: StubServer, stub: LlmStub, with_model: Any
) -> None:
    offline = (await world.http.get("/healthz")).json()
    assert offline["modelAnswering"] is None and offline["ok"] is True  # no model set up
    ai = with_model(llm_server.base_url)
    assert (await world.http.get("/healthz")).json()["modelAnswering"] is True
    stub.responder = lambda body: Fault.server_error(503)
    await ai.fill_invitation(INVITE, subject_id="wl_1")
    down = await world.http.get("/healthz")
    assert down.status_code == 200 and down.json()["modelAnswering"] is False
    stub.responder = good_reply
    await ai.fill_invitation(INVITE, subject_id="wl_2")
    assert (await world.http.get("/healthz")).json()["modelAnswering"] is True


# ---------------------------------------------------------------------------------------------------
# The log: a run of unusable answers is one warning at each end


async def test_a_model_whose_every_answer_is_unusable_warns_once_then_once_when_one_is_usable(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    stub.responder = lambda body: GARBAGE
    results = [await ai.fill_invitation(INVITE, subject_id=f"wl_{i}") for i in range(12)]
    assert len(stub.requests) == 12 and all(r.fallback and not r.unanswered for r in results)
    assert all("Reply YES to claim" in r.text for r in results), "the offline engine's text"
    [warning] = records(caplog, logging.WARNING)
    error = results[0].flags[0].removeprefix("modelError:")
    assert "fill_invitation" in warning and error in warning and "stub-model answered unusably" in warning, warning
    assert len(records(caplog, logging.DEBUG)) == 11, "the rest of the run at debug level"
    assert not ai.health.unavailable and ai.health.unusable

    stub.responder = good_reply
    assert not (await ai.fill_invitation(INVITE, subject_id="wl_ok")).fallback
    _, back = records(caplog, logging.WARNING)
    assert "stub-model answers usably again after 12 unusable answers" in back
    await ai.fill_invitation(INVITE, subject_id="wl_ok2")
    assert len(records(caplog, logging.WARNING)) == 2 and not ai.health.unusable

    stub.responder = lambda body: GARBAGE  # a new run is news again: this soon after the last, from its third answer
    for i in range(3):
        await ai.fill_invitation(INVITE, subject_id=f"wl_again{i}")
        assert len(records(caplog, logging.WARNING)) == (3 if i == 2 else 2)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "Maya" not in logged and GARBAGE not in logged and all(r.exc_info is None for r in caplog.records)


async def test_a_server_that_rejects_every_request_is_one_warning_per_run(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A 400 on each request (e.g. ``response_format`` not supported): the model is there, saying no every time."""
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    stub.responder = lambda body: Fault.server_error(400)
    results = [await ai.fill_invitation(INVITE, subject_id=f"wl_{i}") for i in range(5)]
    assert all(r.fallback and not r.unanswered for r in results)
    [warning] = records(caplog, logging.WARNING)
    assert "fill_invitation" in warning and "InvalidRequestError" in warning, warning
    assert len(records(caplog, logging.DEBUG)) == 4
    assert not ai.health.unavailable, "no outage: it answered"


async def test_refusals_stay_one_warning_each_and_neither_start_nor_end_a_run_of_unusable_answers(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    stub.responder = lambda body: GARBAGE
    stub.script(Fault.refusal(), Fault.refusal(), GARBAGE, Fault.refusal(), Fault.filtered(), GARBAGE)
    flags = [(await ai.fill_invitation(INVITE, subject_id=f"wl_{i}")).flags for i in range(6)]
    assert flags[0] == flags[1] == flags[3] == ["modelRefused"] and flags[4] == ["modelFiltered"]
    warnings = records(caplog, logging.WARNING)
    assert len(warnings) == 5, warnings  # 3 refusals, 1 filtered, 1 for the run of unusable answers
    assert sum("answered unusably" in w for w in warnings) == 1
    assert len(records(caplog, logging.DEBUG)) == 1, "the second unusable answer: the refusals did not end the run"


async def test_an_outage_and_a_run_of_unusable_answers_are_each_told_once(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    stub.responder = good_reply
    stub.script(GARBAGE, Fault.server_error(503), Fault.server_error(503), GARBAGE, GARBAGE)
    for i in range(6):
        await ai.fill_invitation(INVITE, subject_id=f"wl_{i}")
    warnings = records(caplog, logging.WARNING)
    assert len(warnings) == 4, warnings
    assert "stub-model answered unusably" in warnings[0]
    assert "stub-model unavailable" in warnings[1]
    assert "stub-model answers again after 2 failed calls" in warnings[2], "an unusable answer is an answer"
    assert "stub-model answers usably again after 3 unusable answers" in warnings[3], "the outage did not end the run"
    assert not ai.health.unavailable and not ai.health.unusable


def test_unusable_answers_reported_from_several_threads_at_once_are_still_one_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = build_ai(Settings(_env_file=None, **model_settings(UNREACHABLE)))  # type: ignore[arg-type]
    error = ValueError("unparseable")
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: ai.health.answered_unusably("briefing_summary", f"{i:016x}", error), range(400)))
    assert ai.health.unusable and len(records(caplog, logging.WARNING)) == 1
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: ai.health.answered(usable=True), range(400)))
    warnings = records(caplog, logging.WARNING)
    assert len(warnings) == 2 and "after 400 unusable answers" in warnings[1] and not ai.health.unusable
