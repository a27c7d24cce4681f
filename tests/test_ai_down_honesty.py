"""When the model is down: the log says so once (and when it is back), and nothing tells staff the AI wrote a text the
offline engine wrote.

The model path is the real ``ChatOpenAI``: against the OpenAI-compatible stub answering 503 (down, then up again), or
against a loopback port nothing listens on (unreachable, ``UNREACHABLE``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import BriefingInput, InvitationInput, build_ai, extract_profile_offline
from spa_copilot.briefings import briefing_message, briefing_view, send_morning_briefings
from spa_copilot.domain import Client, Location, Service, Staff, StaffRole
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.llm_stub import Fault, LlmStub, StubServer, requested_schema
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import FillCandidate, FillProposalView, Opening
from tests.conftest import CONCIERGE, UNREACHABLE, model_settings
from tests.fill_scene import Scene, proposed

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

AI_NOTE = "Summary drafted by AI from the spa's records; check anything that matters."
DOWN_NOTE = "Summary drafted by the offline engine from the spa's records (AI unavailable); check anything that matters."
OFFLINE_NOTE = "Summary drafted by the offline engine from the spa's records; check anything that matters."
GUEST = Client(
    id="cl_1", first_name="Maya", last_name="Okonkwo-Blake", email="maya.ob@example.com", mobile_phone="+1-212-555-0142",
    notes="Prefers firm pressure. Allergic to almond oil.",
)


def good_reply(body: dict[str, Any]) -> dict[str, Any] | str:
    """A model that answers every task well."""
    name, _ = requested_schema(body)
    if name == "ProfileDraft":
        return {k: [] for k in ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies",
                                "contraindications", "communication_style")}
    if "invitation" in body["messages"][0]["content"]:
        return {"text": "Hi Maya, a Deep Tissue Massage spot opened Tue at 3:00 pm. It's held for you for 10 minutes. "
                        "Reply YES to claim it."}
    return {"text": "A regular who likes firm pressure."}


def down(body: dict[str, Any]) -> Fault:
    return Fault.server_error(503)


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    llm_server.stub.delay = 0.0
    llm_server.stub.responder = down
    yield llm_server.stub
    llm_server.stub.responder = good_reply


def guest(first_name: str = "Maya") -> BriefingInput:
    client = GUEST.model_copy(update={"first_name": first_name})
    return BriefingInput.from_client(
        client, services=[Service(id="sv_2", name="Deep Tissue Massage", duration_minutes=60)],
        profile=extract_profile_offline(client.notes, today=NOTES_DAY), starts_at="14:30",
    )


def invite() -> InvitationInput:
    return InvitationInput(
        first_name="Maya", service_name="Deep Tissue Massage", price=140.0, hold_minutes=10,
        starts_at=datetime(2024, 5, 14, 15, tzinfo=ZoneInfo("America/New_York")),
    )


def concierge_records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == CONCIERGE and r.levelno == level]


# ---------------------------------------------------------------------------------------------------
# The log: one warning when the model stops answering, one when it answers again


async def test_a_round_of_calls_while_the_model_is_down_warns_once_then_once_when_it_answers_again(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    names = [f"Guest{i:02d}" for i in range(30)]
    results = await asyncio.gather(*(ai.briefing_summary(guest(name), subject_id=f"ap_{i}", today=NOTES_DAY) for i, name in enumerate(names)))
    assert len(stub.requests) == 30, "every call asked the model (none was skipped)"
    assert all(r.fallback and r.engine == "offline" and r.unanswered for r in results)
    assert {r.flags[0] for r in results} == {"modelError:OpenAIAPIError"}
    [warning] = concierge_records(caplog, logging.WARNING)
    assert "stub-model unavailable" in warning.getMessage() and "OpenAIAPIError" in warning.getMessage()
    assert len(concierge_records(caplog, logging.DEBUG)) == 29, "the other failures are at debug level"
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert not any(name in logged for name in ["Maya", "Okonkwo", "555", *names]), "no guest data in the log"

    stub.responder = good_reply
    answered = await ai.briefing_summary(guest(), subject_id="ap_back", today=NOTES_DAY)
    assert not answered.fallback and answered.engine == "stub-model"
    warning, back = concierge_records(caplog, logging.WARNING)
    assert "stub-model answers again after 30 failed calls" in back.getMessage()
    await ai.briefing_summary(guest("Zoe"), subject_id="ap_more", today=NOTES_DAY)
    assert len(concierge_records(caplog, logging.WARNING)) == 2, "answered calls log nothing more"

    stub.responder = down  # a new outage is news again: this soon after the last, from its third failed call
    await ai.fill_invitation(invite(), subject_id="wl_1")
    await ai.fill_invitation(invite(), subject_id="wl_2")
    assert len(concierge_records(caplog, logging.WARNING)) == 2, "two failures just after an outage: not yet news"
    await ai.fill_invitation(invite(), subject_id="wl_3")
    *_, again = concierge_records(caplog, logging.WARNING)
    assert len(concierge_records(caplog, logging.WARNING)) == 3 and "unavailable" in again.getMessage()


async def test_a_model_failing_now_and_then_is_not_two_warnings_a_failure(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Every third call refused (a rate limit now and then): the first blip and its end are said, the blips after
    it, soon after, only at debug level (found by the session review: 27 warnings for 40 calls)."""
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    for i in range(40):
        stub.responder = down if i % 3 == 2 else good_reply
        await ai.fill_invitation(invite(), subject_id=f"wl_{i}")
    warnings = [r.getMessage() for r in concierge_records(caplog, logging.WARNING)]
    assert len(warnings) == 2 and "unavailable" in warnings[0] and "answers again after 1 failed call" in warnings[1]
    assert len([r for r in concierge_records(caplog, logging.DEBUG)]) >= 13 * 2 - 2, "the later blips, at debug level"


async def test_an_unreachable_model_is_named_by_the_errors_class_once(
    make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(UNREACHABLE)
    results = [await ai.fill_invitation(invite(), subject_id=f"wl_{i}") for i in range(5)]
    assert all(r.unanswered and r.flags == ["modelError:OpenAIConnectionError"] for r in results)
    assert all("Reply YES to claim" in r.text for r in results)
    [warning] = concierge_records(caplog, logging.WARNING)
    assert "OpenAIConnectionError" in warning.getMessage() and "fill_invitation" in warning.getMessage()
    assert len(concierge_records(caplog, logging.DEBUG)) == 4


async def test_each_concierge_keeps_its_own_outage(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    first, second = make_concierge(llm_server.base_url), make_concierge(llm_server.base_url, llm_model="other-model")
    for ai in (first, second, first, second):
        await ai.briefing_summary(guest(), subject_id="ap_1", today=NOTES_DAY)
    warnings = [r.getMessage() for r in concierge_records(caplog, logging.WARNING)]
    assert len(warnings) == 2 and "stub-model unavailable" in warnings[0] and "other-model unavailable" in warnings[1]


async def test_a_refusal_is_no_outage_and_any_answer_ends_one(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = make_concierge(llm_server.base_url)
    stub.responder = good_reply
    stub.script(Fault.refusal(), Fault.refusal())
    refused = await ai.briefing_summary(guest(), subject_id="ap_1", today=NOTES_DAY)
    assert refused.fallback and refused.flags == ["modelRefused"] and not refused.unanswered
    await ai.briefing_summary(guest("Zoe"), subject_id="ap_2", today=NOTES_DAY)
    warnings = [r.getMessage() for r in concierge_records(caplog, logging.WARNING)]
    assert len(warnings) == 2 and all("model call failed" in w for w in warnings), "a draft's problem, each time"

    caplog.clear()
    stub.script(Fault.server_error(503), Fault.server_error(503), Fault.refusal())
    for name in ("Ann", "Bea", "Cy"):
        await ai.briefing_summary(guest(name), subject_id="ap_3", today=NOTES_DAY)
    warnings = [r.getMessage() for r in concierge_records(caplog, logging.WARNING)]
    assert "unavailable" in warnings[0] and "answers again after 2 failed calls" in warnings[1], warnings


def test_failures_reported_from_several_threads_at_once_are_still_one_outage(caplog: pytest.LogCaptureFixture) -> None:
    from concurrent.futures import ThreadPoolExecutor

    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    ai = build_ai(Settings(_env_file=None, **model_settings(UNREACHABLE)))  # type: ignore[arg-type]
    error = ConnectionError("refused")
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: ai.health.failed("briefing_summary", f"{i:016x}", error), range(400)))
    assert ai.health.unavailable and len(concierge_records(caplog, logging.WARNING)) == 1
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: ai.health.answered(), range(400)))
    warnings = concierge_records(caplog, logging.WARNING)
    assert len(warnings) == 2 and "after 400 failed calls" in warnings[1].getMessage() and not ai.health.unavailable


async def test_a_model_down_for_a_whole_morning_round_is_one_warning(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CONCIERGE)
    settings = world.settings.model_copy(update=model_settings(UNREACHABLE))
    world.copilot.ai = build_ai(settings, clock=world.copilot.clock)
    try:
        run = await send_morning_briefings(world.copilot, "loc_soho")
    finally:
        await world.copilot.ai.aclose()
    debug = concierge_records(caplog, logging.DEBUG)
    skipped = [r for r in debug if "skipped" in r.getMessage()]  # kept off the model by the breaker
    assert run.sent and world.copilot.ai.model_calls + len(skipped) > 10, "a round of many model calls"
    [warning] = concierge_records(caplog, logging.WARNING)
    assert "OpenAIConnectionError" in warning.getMessage()
    assert len(debug) == world.copilot.ai.model_calls - 1 + len(skipped)


# ---------------------------------------------------------------------------------------------------
# The briefing's footer: AI only for what a model drafted


def dm_texts(world: SandboxWorld, staff_id: str) -> list[str]:
    return [json.dumps(m.blocks) for m in world.slack.messages(world.slack_id(staff_id))]


async def test_a_briefing_written_while_the_model_is_down_says_the_ai_was_unavailable(world: SandboxWorld) -> None:
    settings = world.settings.model_copy(update=model_settings(UNREACHABLE))
    world.copilot.ai = build_ai(settings, clock=world.copilot.clock)
    try:
        run = await send_morning_briefings(world.copilot, "loc_soho")
    finally:
        await world.copilot.ai.aclose()
    assert "st_ana_reyes" in run.sent
    [dm] = dm_texts(world, "st_ana_reyes")
    assert DOWN_NOTE in dm and "drafted by AI" not in dm


async def test_a_briefing_the_model_wrote_says_so(world: SandboxWorld, llm_server: StubServer, stub: LlmStub) -> None:
    stub.responder = good_reply
    world.copilot.ai = build_ai(world.settings.model_copy(update=model_settings(llm_server.base_url)))
    try:
        await send_morning_briefings(world.copilot, "loc_soho")
    finally:
        await world.copilot.ai.aclose()
    [dm] = dm_texts(world, "st_ana_reyes")
    assert AI_NOTE in dm and "AI unavailable" not in dm


async def test_a_briefing_with_no_model_set_up_does_not_claim_ai(world: SandboxWorld) -> None:
    assert world.copilot.ai is not None and world.copilot.ai.model is None  # the offline engine
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = dm_texts(world, "st_ana_reyes")
    assert OFFLINE_NOTE in dm and "drafted by AI" not in dm


NY = Location(id="loc", name="Spa", time_zone="America/New_York")
ANA = Staff(id="ana", location_id="loc", first_name="Ana", role=StaffRole.therapist)


def brief(*sources: str | None) -> engine.TherapistBriefing:
    """Ana's day with one guest per ``SummarySource`` value (None: a guest with no summary, e.g. no client record)."""
    start = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    guests = [
        engine.GuestBrief(
            f"ap{i}", f"cl_{i}", f"Guest{i}", start + timedelta(hours=i), start + timedelta(hours=i, minutes=50),
            ("Facial",), summary="A regular." if source else "", summary_source=engine.SummarySource(source or "offline"),
        )
        for i, source in enumerate(sources)
    ]
    return engine.therapist_briefing(ANA, NY, start.date(), guests)


MODEL, OFFLINE, UNAVAILABLE = "model", "offline", "modelUnavailable"  # engine.SummarySource's values


@pytest.mark.parametrize(
    ("sources", "note"),
    [
        ((MODEL, MODEL, None), AI_NOTE),
        ((UNAVAILABLE, UNAVAILABLE), DOWN_NOTE),
        ((OFFLINE, OFFLINE), OFFLINE_NOTE),
        ((OFFLINE, UNAVAILABLE), DOWN_NOTE),
        ((MODEL, UNAVAILABLE, UNAVAILABLE, None),
         "Summaries drafted by AI from the spa's records, 2 by the offline engine (AI unavailable); check anything that matters."),
        ((MODEL, OFFLINE), "Summaries drafted by AI from the spa's records, 1 by the offline engine; check anything that matters."),
        ((None,), None),
        ((), None),
    ],
    ids=["all-model", "model-down", "no-model", "down-and-rejected", "some-down", "one-rejected", "no-summary", "no-guest"],
)
def test_the_footer_says_who_wrote_the_summaries(sources: tuple[str | None, ...], note: str | None) -> None:
    briefing = brief(*sources)
    shown = json.dumps(briefing_message(briefing).blocks_as_dicts())
    parts = [json.dumps(part.message.blocks_as_dicts()) for part in blocks.briefing_parts(briefing_view(briefing))]
    for message in (shown, *parts):
        if note is None:
            assert "drafted" not in message.lower()
        else:
            assert note in message and message.count("rafted") == 1, message


# ---------------------------------------------------------------------------------------------------
# The fill card: "Drafted by AI" only when a model drafted the text


async def test_a_fill_card_drafted_while_the_model_is_down_does_not_claim_ai(scene: Scene) -> None:
    settings = scene.copilot.settings.model_copy(update=model_settings(UNREACHABLE))
    scene.copilot.ai = build_ai(settings, clock=scene.copilot.clock)
    try:
        await proposed(scene)
    finally:
        await scene.copilot.ai.aclose()
    assert scene.proposal["draft_engine"] == "offline; the model did not answer (modelError:OpenAIConnectionError)"
    card = scene.card_text()
    assert "Drafted by the offline engine (the model did not answer)" in card  # its code is the audit's (walk41)
    assert "Drafted by AI" not in card and "draft was replaced" not in card and "modelError" not in card


def card(**overrides: Any) -> str:
    start = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    view = FillProposalView(
        proposal_id="fp_1", revision=1, opening=Opening("ap_1", start, start + timedelta(hours=1), "Facial", "UTC"),
        candidates=(FillCandidate("cl_1", "Maya"),), draft="Hi Maya, a Facial spot opened. Reply YES to claim.",
        **overrides,
    )
    return json.dumps(blocks.fill_proposal_message(view).blocks_as_dicts(), ensure_ascii=False)


def test_the_fill_cards_provenance_claims_ai_only_for_a_model() -> None:
    assert "Drafted by AI (gpt-4o-mini)" in card(model="gpt-4o-mini")
    assert "Drafted by the offline engine \u00b7" in card(ai_generated=False, model="offline")
    assert "Drafted by the offline engine (edited) \u00b7" in card(ai_generated=False, model="offline, edited")
    assert "Drafted by AI (gpt-4o-mini, edited)" in card(model="gpt-4o-mini, edited")
    replaced = card(ai_generated=False, model="offline; the model's draft was replaced (missing:Reply YES to claim), edited")
    assert "Drafted by the offline engine (the model's draft was replaced, edited)" in replaced
    assert "missing:" not in replaced
    assert "Drafted \u00b7 needs a manager" in card(ai_generated=False)  # what drafted it not known: no claim


@pytest.mark.parametrize(
    ("draft_engine", "by_ai"),
    [
        ("gpt-4o-mini", True),
        ("gpt-4o-mini, edited", True),
        ("offline", False),
        ("offline, edited", False),
        ("offline; the model did not answer (modelError:OpenAIConnectionError)", False),
        ("offline; the model's draft was replaced (modelRefused), edited", False),
        (None, False),
    ],
)
def test_a_stored_proposal_is_shown_as_ai_drafted_only_when_a_model_drafted_it(draft_engine: str | None, by_ai: bool) -> None:
    from spa_copilot.fill import proposal_view

    start = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    row = {
        "id": "fp_1", "revision": 1, "status": "pending", "kind": "fill", "current_index": 0,
        "opening": {"appointment_id": "ap_1", "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(),
                    "service_name": "Facial", "time_zone": "UTC"},
        "candidates": [{"client_id": "cl_1", "first_name": "Maya", "reasons": []}],
        "draft": "Hi Maya, a Facial spot opened. Reply YES to claim.", "draft_engine": draft_engine,
    }
    view = proposal_view(row)
    assert view.ai_generated is by_ai
    shown = json.dumps(blocks.fill_proposal_message(view).blocks_as_dicts())
    assert ("Drafted by AI" in shown) is by_ai
