"""Work Slack refused (rev43c, after ops43): a passing limit (``rate_limited``, ``message_limit_exceeded``, a proxy's
429) was taken as a refusal for good and the prep DM or fill card never sent in that process (only named refusals
are now, ``REFUSED_FOR_GOOD_CODES``); a job failing while the state database cannot be written was never said; an
account fixed the same day got no DM until midnight (held work is tried again after ``TRY_AGAIN_AFTER``); a location
unreadable again after a note whose answer was lost was never said again (its notes' keys carry when they were
queued)."""
from __future__ import annotations

import sqlite3

import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot import fill, scheduler
from spa_copilot.briefings import send_prep_briefings
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.conftest import FakeClock, FlakySlack
from tests.fill_scene import Scene

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ANA = "st_ana_reyes"


def refused(code: str) -> SlackApiError:
    return SlackApiError(code, {"ok": False, "error": code})


def dms(world: SandboxWorld, user: str) -> int:
    return len(world.slack.messages(user))


class _Bare:
    """A proxy's answer: HTTP 429, a text body (no Slack error code)."""

    status_code = 429
    data = "Too Many Requests"

    def get(self, *_a: object) -> None:
        raise AttributeError


@pytest.mark.parametrize(
    "failure",
    [
        refused("rate_limited"),  # Slack's chat.postMessage limit (HTTP 200, documented): it passes
        refused("message_limit_exceeded"),
        SlackApiError("429", _Bare()),  # a proxy's 429 without a code
        refused("account_inactive"),  # for good, told; the account fixed the same day: tried again, not at midnight
    ],
    ids=["rate_limited", "message_limit_exceeded", "proxy 429", "account fixed"],
)
async def test_a_prep_dm_is_sent_once_slack_takes_it_again(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock, failure: SlackApiError
) -> None:
    await poll_calendar(world.copilot)
    ana = world.slack_id(ANA)
    flaky_slack.fail("chat_postMessage", failure, channel=ana)
    await send_prep_briefings(world.copilot)
    before = dms(world, ana)
    flaky_slack.heal()
    for _ in range(3):
        clock.advance(seconds=300)
        await send_prep_briefings(world.copilot)
    assert dms(world, ana) > before, "Ana's prep DM (the guest's cautions) is never sent in this process"


async def test_fill_card_refused_by_a_passing_limit_is_posted_once_slack_takes_it(scene: Scene, clock: FakeClock) -> None:
    world = scene.world
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.slack = flaky  # type: ignore[assignment]
    flaky.fail("chat_postMessage", refused("rate_limited"), channel=world.settings.spa_front_desk_channel)
    await scene.cancel()
    assert not scene.proposal.get("ts")
    flaky.heal()
    for _ in range(3):
        clock.advance(seconds=60)
        await fill.expire_offers(scene.copilot)
    assert scene.proposal.get("ts"), "the opening's card is never posted: the slot is never offered"


@pytest.mark.parametrize("every", [False, True])
async def test_a_job_failing_while_the_database_cannot_be_written_is_said(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, every: bool
) -> None:
    """Disk full / database locked: every job fails, and so does job_failed's own claim_event before its post
    (``every``: every write fails, as on a full disk: post_once's own note of the try too)."""
    store = world.copilot.store
    real = store.claim_event

    def full(event_id: str, **kw: object) -> bool:
        if every or event_id.startswith("ops-job:"):
            raise sqlite3.OperationalError("database or disk is full")
        return real(event_id, **kw)

    monkeypatch.setattr(store, "claim_event", full)
    ops = world.settings.ops_channel
    before = len(world.slack.messages(ops))
    for _ in range(3):  # three failures of the poll in a row
        await scheduler._guarded(
            scheduler.job_failed(world.copilot, "calendar poll", sqlite3.OperationalError("database or disk is full"),
                                 words="calendar poll job"), "the calendar poll job")
    new = [m.text for m in world.slack.messages(ops)][before:]
    assert any("calendar poll job" in t for t in new), f"never said in the ops channel: {new}"


async def test_a_location_unreadable_again_after_a_lost_note_is_said_again(world: SandboxWorld, clock: FakeClock) -> None:
    """LOW: location notes' keys carry no time (location id and why): a note whose answer was lost, the location
    readable again before the next pass, leaves post_once's note; its next outage (same why) finds the OLD message
    and is never posted."""
    copilot = world.copilot
    presence = scheduler._presence.setdefault(copilot.store, scheduler._Presence())
    presence.to_report["loc_far"] = "not the contract's shape"  # as held_locations queues it, with when
    presence.queued_at["loc_far"] = copilot.now().isoformat()
    world.slack.lose_answer_next(1)  # posted; the copilot gets a bare 502
    await scheduler.report_unreadable_locations(copilot)
    assert "loc_far" in presence.to_report
    del presence.to_report["loc_far"]  # readable again before it was said (held_locations)
    clock.advance(days=2)
    presence.to_report["loc_far"] = "not the contract's shape"  # unreadable again, days later
    presence.queued_at["loc_far"] = copilot.now().isoformat()
    await scheduler.report_unreadable_locations(copilot)
    said = [m.text for m in world.slack.messages(world.settings.ops_channel) if "loc_far" in m.text]
    assert len(said) == 2, said
