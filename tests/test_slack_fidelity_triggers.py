"""A ``trigger_id`` opens a modal only within 3 seconds (docs.slack.dev, opening modals: "Pass a valid trigger_id
within 3 seconds of receiving it"; views.open answers ``expired_trigger_id`` after). The stand-in took a trigger at
any age.
"""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.slack_api import SlackApiFailure, _views_open, create_slack_api


def test_views_open_refuses_a_trigger_older_than_three_seconds() -> None:
    now = [1732456789.0]
    slack = create_slack_api(bot_token="xoxb-t", clock=lambda: now[0]).state.slack
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}

    fresh = slack.new_trigger_id("U0MANAGER1")
    now[0] += 2.9
    assert _views_open(slack, {"trigger_id": fresh, "view": dict(view)})["view"]["user"] == "U0MANAGER1"
    late = slack.new_trigger_id("U0MANAGER1")
    now[0] += 3.5
    with pytest.raises(SlackApiFailure) as refused:
        _views_open(slack, {"trigger_id": late, "view": dict(view)})
    assert refused.value.error == "expired_trigger_id"
