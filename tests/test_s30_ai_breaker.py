"""A model server that takes the connection and never answers (an overloaded local server) is not waited on at every
call: the first call waits LLM_TIMEOUT_SECONDS at most, retries included; the calls after it go straight to the offline
engine for a cool-down, then one call asks the model again (only one), and an answer closes the breaker.

The model path is the real ``ChatOpenAI`` against the OpenAI-compatible stub made to hang (``stub.delay``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import InvitationInput, concierge
from spa_copilot.ai.concierge import Concierge
from spa_copilot.sandbox.llm_stub import Fault, LlmStub, StubServer

HANG = 20.0  # seconds the stub sits on a request: far beyond every timeout here
GRACE = 0.2


def invite(n: int = 0) -> InvitationInput:
    return InvitationInput(
        first_name="Maya", service_name="Deep Tissue Massage", price=140.0, hold_minutes=10,
        starts_at=datetime(2024, 5, 14, 15, tzinfo=ZoneInfo("America/New_York")),
    )


def good_reply(body: dict[str, Any]) -> dict[str, Any]:
    return {"text": "Hi Maya, a Deep Tissue Massage spot opened Tue at 3:00 pm. It's held for you for 10 minutes. "
                    "Reply YES to claim it."}


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:
        yield running
        running.stub.delay = 0.0
        # Requests made to hang are still asleep in the stub (HANG seconds): uvicorn's shutdown would wait for them,
        # and StubServer.stop for uvicorn up to 10 s. Nothing here is tested by then: the server stops at once.
        running._server.force_exit = True


@pytest.fixture
def stub(server: StubServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[LlmStub]:
    # the grace a call gets beyond LLM_TIMEOUT_SECONDS, 2 s in the product: each hanging call here waited it out
    monkeypatch.setattr(concierge, "CALL_GRACE_SECONDS", GRACE)
    server.stub.reset()
    server.stub.delay = HANG
    server.stub.responder = good_reply
    yield server.stub
    server.stub.delay = 0.0


class Clock:
    """The breaker's monotonic time, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def hanging(make_concierge: Any, server: StubServer, **overrides: Any) -> tuple[Concierge, Clock]:
    ai: Concierge = make_concierge(server.base_url, **({"llm_timeout_seconds": 1, "llm_max_retries": 3} | overrides))
    clock = Clock()
    ai.health.breaker.monotonic = clock
    return ai, clock


async def timed(ai: Concierge, n: int) -> tuple[float, Any]:
    started = time.monotonic()
    result = await ai.fill_invitation(invite(n), subject_id=f"wl_{n}")
    return time.monotonic() - started, result


async def test_a_hanging_model_is_waited_on_once_then_skipped_until_the_cool_down_ends(
    server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    ai, clock = hanging(make_concierge, server)
    took, first = await timed(ai, 1)
    # one bound on the whole call: 1 s and the grace, not 1 s for each of its 4 tries and the back-off between them
    assert took < 1 + GRACE + 1.5, took
    assert first.unanswered and first.fallback and "Reply YES to claim" in first.text
    assert ai.health.unavailable
    since, tried = ai.health.unavailable_since, ai.health.unavailable_last_tried
    asked = len(stub.requests)

    for n in (2, 3):
        took, result = await timed(ai, n)
        assert took < 0.5, "the offline engine drafts at once: the model is known not to answer"
        assert result.unanswered and result.fallback and result.flags == first.flags
    assert len(stub.requests) == asked, "the model was not asked during the cool-down"
    assert ai.health.unavailable, "/spa status and /healthz still say it is not answering"
    assert (ai.health.unavailable_since, ai.health.unavailable_last_tried) == (since, tried), "skipped calls tried nothing"

    clock.now += 61  # the cool-down is over: the next call asks the model again, and it answers now
    stub.delay = 0.0
    took, back = await timed(ai, 4)
    assert len(stub.requests) == asked + 1
    assert not back.fallback and back.engine == "stub-model"
    assert not ai.health.unavailable and not ai.health.breaker.open
    took, after = await timed(ai, 5)
    assert not after.fallback and len(stub.requests) == asked + 2, "closed: every call asks the model"


async def test_only_one_call_tries_the_model_after_the_cool_down_and_a_failed_try_waits_longer(
    server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    ai, clock = hanging(make_concierge, server, llm_max_retries=0)
    await timed(ai, 1)
    clock.now += 61
    asked = len(stub.requests)
    started = time.monotonic()
    results = await asyncio.gather(*(ai.fill_invitation(invite(n), subject_id=f"wl_{n}") for n in range(2, 6)))
    assert time.monotonic() - started < 1 + GRACE + 1.5
    assert len(stub.requests) == asked + 1, "one call tries the model; the others keep the offline engine meanwhile"
    assert all(r.unanswered and r.fallback for r in results)
    assert ai.health.breaker.open

    clock.now += 61  # the try was not answered either: the cool-down has doubled
    await timed(ai, 6)
    assert len(stub.requests) == asked + 1
    clock.now += 60
    await timed(ai, 7)
    assert len(stub.requests) == asked + 2, "tried again once the longer cool-down is over"


async def test_a_try_cancelled_by_its_caller_leaves_the_next_call_to_try(
    server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    ai, clock = hanging(make_concierge, server, llm_timeout_seconds=5, llm_max_retries=0)
    ai.health.breaker.not_answering("modelError:OpenAITimeoutError", trying=False)  # as a timed-out call leaves it
    clock.now += 61
    stub.delay = HANG
    trying = asyncio.create_task(ai.fill_invitation(invite(1), subject_id="wl_1"))
    while not stub.requests:
        await asyncio.sleep(0.01)
    trying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trying
    stub.delay = 0.0
    stub.reset()
    stub.script(Fault.server_error(503))  # a status: an answer, which opens nothing
    result = (await timed(ai, 2))[1]
    assert len(stub.requests) == 1 and result.unanswered, "the 503 scripted: this call was the try"
    assert not ai.health.breaker.open, "a status answered closes the breaker"


async def test_a_request_the_model_refuses_or_a_status_does_not_open_the_breaker(
    server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    ai, _ = hanging(make_concierge, server, llm_max_retries=0)
    stub.delay = 0.0
    stub.script(Fault(status=400), Fault.server_error(503))
    for n in (1, 2, 3):
        await timed(ai, n)
    assert len(stub.requests) == 3, "a 400 for one request and a 503 are answers: each call asks the model"
    assert not ai.health.breaker.open
