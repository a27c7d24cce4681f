"""s44: Slack refusing the app's own set-up (``missing_scope``, ``messages_tab_disabled``, ``not_allowed_token_type``)
refuses every piece of work of the kind alike, and only whoever runs the copilot can mend it. It was retried at every
check with a log line and never said (rev43f L). Now it is said once a day in the ops channel with what to do (the
permission to grant, the tab to turn on), whatever work it refused, and each piece of work waits ``TRY_AGAIN_AFTER``
before it is tried again, as for the other refusals (``ops_notes.APP_CODES``)."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.ops_notes import refused_todo
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock, FlakySlack
from tests.test_s43_ops43_refused import told

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def therapists(world: SandboxWorld, location_id: str = "loc_soho") -> list[str]:
    return [s.id for s in world.data.staff if s.location_id == location_id and world.slack_id(s.id)]


@pytest.mark.parametrize(
    ("code", "answer", "todo"),
    [
        ("missing_scope", {"needed": "im:write"}, "`im:write` permission"),
        ("messages_tab_disabled", {}, "Messages tab is off"),
    ],
)
async def test_an_app_refusal_of_every_dm_is_said_once_with_what_to_do_and_each_dm_waits(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock, code: str, answer: dict[str, str], todo: str
) -> None:
    staff = therapists(world)
    assert len(staff) >= 2
    for staff_id in staff:
        flaky_slack.fail(
            "chat_postMessage", SlackApiError(code, {"ok": False, "error": code, **answer}), channel=world.slack_id(staff_id)
        )
    before, calls = told(world), flaky_slack.calls["chat_postMessage"]
    await send_morning_briefings(world.copilot, "loc_soho")
    tries = flaky_slack.calls["chat_postMessage"]
    dms = tries - calls - 1  # one try of each therapist's briefing, and the ops note
    assert dms >= 2
    new = [t for t in told(world) if t not in before]
    assert len(new) == 1, new
    assert code in new[0] and todo in new[0] and "not said here again" in new[0], new[0]
    clock.advance(seconds=300)
    await send_morning_briefings(world.copilot, "loc_soho")
    assert flaky_slack.calls["chat_postMessage"] == tries, "each DM waits 10 minutes, not tried at every run"
    clock.advance(seconds=360)
    await send_morning_briefings(world.copilot, "loc_soho")
    assert flaky_slack.calls["chat_postMessage"] == tries + dms, "each tried once more after 10 minutes"
    assert [t for t in told(world) if t not in before] == new, "and not said again that day"


def test_each_app_refusal_says_what_to_do() -> None:
    assert "`chat:write` permission" in refused_todo("missing_scope", needed="chat:write")
    assert "manifest.yml" in refused_todo("missing_scope", needed="chat:write")
    assert "SLACK_BOT_TOKEN" in refused_todo("not_allowed_token_type")
    assert "lacks a required permission" in refused_todo("missing_scope"), "Slack named none (rev44b L5)"
