"""The Bolt app: one factory, used by ``spa-copilot run``, the demo and the tests."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from spa_copilot.copilot import Copilot
from spa_copilot.slack.listeners import actions, alert_actions, commands, events, fallback, fill_actions, views

logger = logging.getLogger(__name__)


class _SameToken(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN from the environment and warns, at every start, that the client's token wins
    over it: they are the same token (the client is built from it), so the warning only worries the IT person."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


BOLT_LOGGER = logging.getLogger("spa_copilot.slack.bolt")
BOLT_LOGGER.addFilter(_SameToken())


def build_bolt_app(copilot: Copilot) -> AsyncApp:
    """A Bolt ``AsyncApp`` on the copilot's Slack client, verifying every request with the signing secret."""
    app = AsyncApp(
        # named, because without a name Bolt names the app after its caller's file by reading inspect.stack(), the
        # source of every frame above it: a tenth of a second at each start, more under a deep caller
        name="spa-copilot",
        client=copilot.slack,
        signing_secret=copilot.settings.slack_signing_secret.get_secret_value(),
        logger=BOLT_LOGGER,
        process_before_response=False,
    )
    for listeners in (commands, actions, alert_actions, fill_actions, views, events):
        listeners.register(app, copilot)
    fallback.register(app, copilot)  # last: only what none of the above owns reaches it
    return app
