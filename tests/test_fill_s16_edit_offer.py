"""A manager's Edit of a fill invitation keeps what makes the offer work: the slot's time, as well as the YES that
claims it. "Hi! A spot just opened today - want it? Reply YES to book." was approved and sent (no time): the guest's
YES books a time they were never told. The modal refuses it inline and stays open with the text; any usual way of
writing the time is taken, and the reply still books the slot."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.ai.guardrails import names_slot_time
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

STRIPPED = "Hi! A spot just opened today - want it? Reply YES to book."
TZ = ZoneInfo("America/Los_Angeles")
ELEVEN = datetime(2026, 12, 3, 11, 0, tzinfo=TZ)
HALF_PAST_TWO = datetime(2026, 12, 3, 14, 30, tzinfo=TZ)
NOON = datetime(2026, 12, 3, 12, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "start", "named"),
    [("today at 11:00 am", ELEVEN, True), ("11am", ELEVEN, True), ("11 am", ELEVEN, True), ("11:00am", ELEVEN, True),
     ("11 a.m.", ELEVEN, True), ("11AM", ELEVEN, True), ("11.00am", ELEVEN, True), ("11:00", ELEVEN, True),
     ("today at 11.", ELEVEN, True), ("@ 11, yours", ELEVEN, True), ("11 o'clock", ELEVEN, True),
     ("2:30 pm", HALF_PAST_TWO, True), ("2:30pm", HALF_PAST_TWO, True), ("14:30", HALF_PAST_TWO, True),
     ("at 2.30", HALF_PAST_TWO, True), ("noon", NOON, True), ("12pm", NOON, True), ("at 12", NOON, True),
     (STRIPPED, ELEVEN, False), ("11pm", ELEVEN, False), ("at 11 pm", ELEVEN, False), ("10:00 am", ELEVEN, False),
     ("held 11 minutes", ELEVEN, False), ("$11", ELEVEN, False), ("2pm", HALF_PAST_TWO, False),
     ("at 2", HALF_PAST_TWO, False)],
)
def test_the_slot_time_is_read_in_its_usual_forms(text: str, start: datetime, named: bool) -> None:
    assert names_slot_time(text, start) is named


def test_the_time_is_checked_only_with_the_offered_start() -> None:
    assert fill.draft_problem(STRIPPED) is None  # a model's draft has its own, stricter checks
    problem = fill.draft_problem(STRIPPED, starts_at=ELEVEN)
    assert problem == fill.NO_TIME_DRAFT_TEXT.format(times='"11:00 am" or "11am"')
    assert fill.draft_problem("Hi! A spot opened at 11am today. Reply YES to claim.", starts_at=ELEVEN) is None
    assert fill.draft_problem("  ", starts_at=ELEVEN) == fill.EMPTY_DRAFT_TEXT  # the other checks come first
    assert fill.slot_time_words(HALF_PAST_TWO) == '"2:30 pm" or "2:30pm"'
    # a row that does not say when (no zone): nothing to check the time against, so the edit is not refused for it
    assert fill.offered_start({"opening": {"start": "2026-11-24T20:00:00+00:00"}, "candidates": []}) is None
    row = {"opening": {"start": "2026-12-03T19:00:00+00:00", "time_zone": "America/Los_Angeles"},
           "candidates": [{"start": "2026-12-03T22:30:00+00:00"}], "current_index": 0}
    assert fill.offered_start(row) == HALF_PAST_TWO  # the candidate's own start, on the location's clock


async def test_an_edit_without_the_slot_time_is_refused_in_the_modal_and_a_kept_time_books(scene: Scene) -> None:
    await proposed(scene)
    world = scene.world
    row = scene.proposal
    start = fill.offered_start(row)
    assert start is not None
    assert start == scene.target.start_at  # the opening's start, on the location's clock
    assert start.utcoffset() == start.astimezone(world.data.locations[0].tz).utcoffset()
    await scene.click(ids.EDIT_FILL)
    await world.slack.wait_for(lambda s: len(s.calls_to("views.open")) == 1, timeout=10)
    view = world.slack.calls_to("views.open")[0].response["view"]
    hour, half = start.hour % 12 or 12, "am" if start.hour < 12 else "pm"
    minute = f"{start.minute:02d}"
    intro = view["blocks"][0]["text"]["text"]  # the modal says what an edit keeps
    assert f'Keep the time ("{hour}:{minute} {half}"' in intro and '"Reply YES"' in intro

    async def submit(text: str) -> dict[str, Any]:
        response = await world.sender.submit_view(
            view, user_id=world.manager_id, values={ids.EDIT_DRAFT_BLOCK: {ids.EDIT_DRAFT_INPUT: text}}
        )
        assert response.status_code == 200
        return response.json() if response.content else {}

    refused = await submit(STRIPPED)
    assert refused["response_action"] == "errors", "an offer with no time was saved"
    assert refused["errors"][ids.EDIT_DRAFT_BLOCK] == fill.NO_TIME_DRAFT_TEXT.format(times=fill.slot_time_words(start))
    assert (await submit(" \n "))["errors"][ids.EDIT_DRAFT_BLOCK] == fill.EMPTY_DRAFT_TEXT
    assert "320" in (await submit(f"At {hour}{half}. Reply YES. " + "x" * 320))["errors"][ids.EDIT_DRAFT_BLOCK]
    assert scene.proposal["revision"] == row["revision"] and scene.proposal["draft"] == row["draft"]
    # the same text straight to save_edit (a modal of another version, a second path) is refused too
    direct = await fill.save_edit(scene.copilot, row["id"], row["revision"], STRIPPED, user_id=world.manager_id)
    assert not direct.ok and direct.note == refused["errors"][ids.EDIT_DRAFT_BLOCK]

    # the manager's own words, with the time written their way, are saved and sent as they are; the YES books
    short = f"{hour}{half}" if start.minute == 0 else f"{hour}:{minute}{half}"
    edited = f"Hi {scene.candidate(0)['first_name']}! A spot opened today at {short}. Reply YES and it's yours."
    assert await submit(edited) == {}
    await eventually(lambda: scene.proposal["revision"] == row["revision"] + 1)
    assert scene.proposal["draft"] == edited
    await eventually(lambda: "edited" in scene.card_text())  # the card redrawn at the new revision
    first = scene.candidate(0)
    await scene.approve_and_wait()
    assert [m["body"] for m in scene.sent()] == [edited]
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    [booked] = scene.bookings_for(first["client_id"])
    assert booked.start_at == scene.target.start_at


async def test_an_edit_saved_unchanged_changes_nothing(scene: Scene) -> None:
    # a payloads review: the modal saved as opened bumped the revision, marked the draft "edited" and wrote an
    # audit row saying the manager edited a text they did not; a colleague's Approve on the card was then stale
    await proposed(scene)
    row = scene.proposal
    saved = await fill.save_edit(scene.copilot, row["id"], row["revision"], f"  {row['draft']}\n",
                                 user_id=scene.world.manager_id)
    assert saved.ok, saved.note
    after = scene.proposal
    assert (after["revision"], after["draft"], after["draft_engine"]) == (row["revision"], row["draft"], row["draft_engine"])
    assert not any(entry.action == "fill.edited" for entry in scene.store.recent_audit(50))
    changed = await fill.save_edit(scene.copilot, row["id"], row["revision"], row["draft"] + " See you soon!",
                                   user_id=scene.world.manager_id)
    assert changed.ok and scene.proposal["revision"] == row["revision"] + 1  # a real edit still counts
    assert scene.proposal["draft_engine"].endswith(", edited")
