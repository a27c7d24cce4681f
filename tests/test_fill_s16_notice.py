"""A posted fill card's notification (what a locked phone shows): today's slot has no day, and a spa with several
locations is told which one; the card builder takes both from ``fill`` (``today`` at the location, the spa's
locations as read)."""

from __future__ import annotations

import dataclasses

from spa_copilot.slack.blocks import escape
from tests.fill_scene import Scene, proposed


async def test_a_posted_card_s_notification_names_the_location_and_no_day_for_today_s_slot(scene: Scene) -> None:
    await proposed(scene)
    location = next(loc.name for loc in scene.world.data.locations if loc.id == scene.target.location_id)
    assert len(scene.world.data.locations) > 1
    notice = scene.card.text
    assert notice.startswith("Fill proposal: ") and f" at {escape(location)} for " in notice  # Slack mrkdwn: & is &amp;
    weekday = scene.target.start_at.strftime("%a")
    assert f"Fill proposal: {weekday} " not in notice  # the slot is later today at the location


async def test_a_one_location_spa_s_notification_names_no_location(scene: Scene) -> None:
    catalog = await scene.copilot.catalog()
    only = next(loc for loc in catalog.locations if loc.id == scene.target.location_id)
    scene.copilot._catalog = dataclasses.replace(catalog, locations=[only])
    await proposed(scene)
    assert scene.card.text.startswith("Fill proposal: ") and f" at {escape(only.name)}" not in scene.card.text
