"""Events API: ``app_home_opened`` publishes the App Home. Slack retries of the same event run once."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from spa_copilot.copilot import Copilot
from spa_copilot.platform.mangomint import reads_for_a_person
from spa_copilot.slack import ids
from spa_copilot.slack.errors import SLACK_FAILURES, slack_failure
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.roles import MembershipUnknown

logger = logging.getLogger(__name__)


def register(app: AsyncApp, copilot: Copilot) -> None:
    """Bind the events the manifest subscribes to."""

    async def app_home_opened_callback(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = event.get("user")
        if not isinstance(user_id, str) or not user_id:  # Slack always names the user: nobody to ask about or publish to
            logger.warning("app_home_opened event %s without a user id ignored", body.get("event_id"))
            return
        if not copilot.store.claim_event(body.get("event_id") or f"home:{user_id}:{event.get('event_ts')}", source="slack"):
            logger.info("duplicate Slack event %s ignored", body.get("event_id"))
            return
        with reads_for_a_person():  # the tab is open and waits: a read the spa system does not answer gives up soon
            await publish_home(copilot, user_id)

    app.event(ids.APP_HOME_OPENED)(app_home_opened_callback)


async def publish_home(copilot: Copilot, user_id: str) -> None:
    """Render and publish one user's App Home (not when Slack cannot say who they are: the Home they have stays)."""
    try:
        view = await home_view_for(copilot, user_id)
    except MembershipUnknown:
        logger.warning("App Home of %s not published: Slack could not say who they are", user_id)
        return
    try:
        await copilot.slack.views_publish(user_id=user_id, view=view)
    except SLACK_FAILURES as exc:  # Slack refused or could not be reached: logged, not raised
        logger.warning("views.publish failed for %s: %s", user_id, slack_failure(exc))

