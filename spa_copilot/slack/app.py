"""The Bolt app: one factory, used by ``spa-copilot run``, the demo and the tests."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp

from spa_copilot.copilot import Copilot
from spa_copilot.slack.listeners import actions, alert_actions, commands, events, fallback, fill_actions, views

logger = logging.getLogger(__name__)


def build_bolt_app(copilot: Copilot) -> AsyncApp:
    """A Bolt ``AsyncApp`` on the copilot's Slack client, verifying every request with the signing secret."""
    app = AsyncApp(
        client=copilot.slack,
        signing_secret=copilot.settings.slack_signing_secret.get_secret_value(),
        logger=logging.getLogger("spa_copilot.slack.bolt"),
        process_before_response=False,
    )
    for listeners in (commands, actions, alert_actions, fill_actions, views, events):
        listeners.register(app, copilot)
    fallback.register(app, copilot)  # last: only what none of the above owns reaches it
    return app
