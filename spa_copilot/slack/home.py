"""The App Home tab: today at a glance, pending approvals for managers, sync status."""

from __future__ import annotations

import logging

from slack_sdk.models.views import View

from spa_copilot.copilot import Copilot
from spa_copilot.platform.errors import PlatformError
from spa_copilot.reads import load_day_book
from spa_copilot.slack import blocks
from spa_copilot.slack import views_models as views
from spa_copilot.slack.answers import status_view
from spa_copilot.slack.presenters import day_book_view
from spa_copilot.world import default_day

logger = logging.getLogger(__name__)


async def home_view_for(copilot: Copilot, user_id: str) -> View:
    """One user's App Home; a platform outage shows the status without the book rather than failing."""
    is_manager = await copilot.roles.is_manager(user_id)
    today = None
    try:
        catalog = await copilot.catalog()
        location = catalog.locations[0]
        member = await copilot.directory.staff_for(user_id, catalog.staff)
        if member is not None:
            location = next(loc for loc in catalog.locations if loc.id == member.location_id)
        book = await load_day_book(
            copilot.platform, catalog, location, default_day(copilot.settings, location, now=copilot.now()),
            risk=copilot.risk_scores,
        )
        today = day_book_view(book)
    except PlatformError as exc:
        logger.warning("App Home without the book: %s", type(exc).__name__)
    pending = tuple(
        views.PendingApproval(proposal_id=row["id"], summary=row["summary"])
        for row in copilot.store.pending_proposals()
    ) if is_manager else ()
    return blocks.home_view(
        views.HomeView(user_id=user_id, is_manager=is_manager, status=status_view(copilot), today=today, pending=pending)
    )
