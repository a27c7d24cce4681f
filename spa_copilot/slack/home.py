"""The App Home tab: today at a glance, pending approvals for managers, sync status; and its "Open" button."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from slack_sdk.models.views import View

from spa_copilot.copilot import Copilot
from spa_copilot.domain import Location, Staff
from spa_copilot.engines.daybook import DayBook
from spa_copilot.fill import card_name, waiting_texts_line
from spa_copilot.fill._common import fill_offer_id
from spa_copilot.platform.errors import PlatformError
from spa_copilot.reads import Catalog
from spa_copilot.slack import blocks, texts
from spa_copilot.slack import views_models as views
from spa_copilot.slack.answers import marked_day_book, status_view
from spa_copilot.slack.permalinks import permalink
from spa_copilot.slack.presenters import day_book_view
from spa_copilot.slack.roles import MembershipUnknown
from spa_copilot.slack.views_models import ProposalState
from spa_copilot.world import default_day

logger = logging.getLogger(__name__)


async def home_view_for(copilot: Copilot, user_id: str) -> View:
    """One user's App Home; a platform outage shows the status without the book rather than failing.

    The book is of the user's location, else the first location's; a location the copilot could not read (left
    out by the client, or none listed at all) shows another location's book, or none, with a line saying why.
    Someone who may not use ``/spa`` sees a polite line instead: the book names the spa's clients.
    """
    if not await copilot.roles.may_use_commands(user_id):
        return blocks.outsider_home_view()
    is_manager, role_note = await home_role(copilot, user_id)
    today, note = None, ""
    try:
        catalog = await copilot.catalog()
        member = await copilot.directory.staff_for(user_id, catalog.staff)
        location, note = home_location(catalog.locations, member)
        if location is not None:
            now = copilot.now()
            book = await home_book(copilot, catalog, location, default_day(copilot.settings, location, now=now))
            today = day_book_view(book)
    except PlatformError as exc:
        logger.warning("App Home without the book: %s", type(exc).__name__)
        note = texts.HOME_BOOK_UNREAD_TEXT
    waiting = copilot.store.pending_proposals() if is_manager or role_note else []
    pending = tuple(
        views.PendingApproval(proposal_id=row["id"], summary=row["summary"]) for row in waiting
    ) if is_manager else ()
    # the role unknown only matters while approvals wait: without, the line would tell a colleague who is no manager
    # that something may be kept from her, when a manager's Home would show her nothing more
    role_note = role_note if waiting else ""
    status = await status_view(copilot, is_manager=is_manager)
    return blocks.home_view(
        views.HomeView(user_id=user_id, is_manager=is_manager, status=status, today=today, pending=pending,
                       note=" ".join(line for line in (role_note, note) if line)),
        waiting=waiting_texts_line(copilot),
    )


async def home_role(copilot: Copilot, user_id: str) -> tuple[bool, str]:
    """Whether the Home shows the manager's section, and a line when Slack could not say just now (the manager group
    unread during an outage, for someone neither configured nor in its last list read): the section is then left out
    with ``texts.HOME_ROLE_UNKNOWN_TEXT`` saying so, rather than the non-manager view shown as if it were the answer.
    Such a colleague cannot be told from a manager added to the group since it was last read, so ``home_view_for``
    shows the line only while approvals are waiting, the one thing it leaves out."""
    try:
        return await copilot.roles.is_manager(user_id, strict=True), ""
    except MembershipUnknown:
        return False, texts.HOME_ROLE_UNKNOWN_TEXT


#: How long a location's day book, read for one App Home, serves the next ones: Slack sends ``app_home_opened`` at
#: every visit to the tab, and each read asks the spa system for the book and each guest's record (about 30 requests
#: for a day of 28 guests), so a team clicking between tabs spent the spa system's rate limit (an adversarial review).
HOME_BOOK_SECONDS = 60.0


async def home_book(copilot: Copilot, catalog: Catalog, location: Location, day: date) -> DayBook:
    """The location's marked day book (``marked_day_book``), read again only when the last read for a Home is older
    than ``HOME_BOOK_SECONDS``; Homes opened while it is being read wait for that read (eight opened at once made
    eight reads). A read that failed is not kept. ``/spa today`` always reads it afresh, and so does the Home's
    Refresh (``forget_home_books``)."""
    key, now = (location.id, day), time.monotonic()
    read_at, reading = copilot.home_books.get(key, (float("-inf"), None))
    failed = reading is not None and reading.done() and (reading.cancelled() or reading.exception() is not None)
    if reading is None or failed or now - read_at > HOME_BOOK_SECONDS:
        reading = asyncio.ensure_future(marked_day_book(copilot, catalog, location, day))
        copilot.home_books = {k: v for k, v in copilot.home_books.items() if now - v[0] <= HOME_BOOK_SECONDS}
        copilot.home_books[key] = (now, reading)
    return await asyncio.shield(reading)  # one Home's request cut short does not cut the read the others wait for


def forget_home_books(copilot: Copilot) -> None:
    """The Home's Refresh: the books kept for Homes are dropped, so the Home it publishes reads its book afresh (a
    booking cancelled a moment ago was still counted for up to a minute). Reads under way finish for whoever waits."""
    copilot.home_books = {}


def home_location(locations: Sequence[Location], member: Staff | None) -> tuple[Location | None, str]:
    """Whose book the Home shows, and why it is not the member's own (empty when it is, or nobody's is known)."""
    if not locations:
        return None, texts.HOME_NO_LOCATION_TEXT
    if member is None:
        return locations[0], ""
    own = next((loc for loc in locations if loc.id == member.location_id), None)
    if own is None:
        return locations[0], texts.HOME_OTHER_LOCATION_TEXT.format(location=locations[0].name)
    return own, ""


async def proposal_modal_for(copilot: Copilot, proposal_id: str, *, user_id: str) -> View:
    """What the Home tab's "Open" shows a manager: the proposal, its draft, and a link to its card (MembershipUnknown
    when Slack cannot say just now whether the clicker is one: asked to try again, not refused)."""
    if not await copilot.roles.is_manager(user_id, strict=True):
        return blocks.notice_modal(texts.REFUSAL_MODAL_TITLE, texts.REFUSAL_TEXT.format(action="approving a text"))
    row = copilot.store.fill_proposal(proposal_id)
    if row is None:
        return blocks.notice_modal(texts.PROPOSAL_MODAL_TITLE, texts.PROPOSAL_NOT_FOUND)
    candidates = row.get("candidates") or []
    index = row.get("current_index") or 0
    candidate = candidates[index] if 0 <= index < len(candidates) else None
    return blocks.proposal_modal(
        views.ProposalSummary(
            proposal_id=proposal_id,
            summary=str((row.get("opening") or {}).get("summary") or row["appointment_id"]),
            status=str(row["status"]),
            first_name=card_name(candidate) if candidate else None,
            draft=row.get("draft") or "",
            permalink=await permalink(copilot.slack, row.get("channel"), row.get("ts")),
            text_sent=text_sent(copilot, row, index),
        )
    )


def text_sent(copilot: Copilot, row: Mapping[str, Any], index: int) -> bool:
    """Whether the proposal's text went out to its candidate at ``index``: its status says so, or the offer made to
    that candidate was sent (an offer whose slot then started is expired, its text sent all the same)."""
    if row["status"] in (ProposalState.sent, ProposalState.booked):
        return True
    offer = copilot.store.fill_offer(fill_offer_id(row["id"], index))
    return bool(offer and offer.get("sent_at"))
