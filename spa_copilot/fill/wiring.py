"""Wiring, done once by the app: ``install`` registers the reply webhook, the calendar change handler and
the ``expire_offers``/``redrive_outbox`` jobs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spa_copilot.copilot import Copilot
from spa_copilot.fill._common import REDRIVE_EVERY_SECONDS, logger
from spa_copilot.fill.expiry import expire_offers
from spa_copilot.fill.outbox import redrive_outbox
from spa_copilot.fill.proposing import on_calendar_changes
from spa_copilot.fill.replies import on_message_received
from spa_copilot.platform.webhooks import MESSAGE_RECEIVED, WebhookEvent

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

EXPIRE_EVERY_SECONDS = 30


class _ReplyHandler:
    """The ``message.received`` webhook handler bound to one copilot (a class so ``install`` can spot it)."""

    def __init__(self, copilot: Copilot) -> None:
        self.copilot = copilot

    async def __call__(self, event: WebhookEvent) -> None:
        await on_message_received(self.copilot, event)


def install(copilot: Copilot, scheduler: AsyncIOScheduler | None = None) -> None:
    """Register the reply webhook and the calendar change handler (idempotent), and the jobs on ``scheduler``."""
    copilot.on_changes(on_calendar_changes)
    if not any(isinstance(h, _ReplyHandler) for h in copilot.webhook_handlers.get(MESSAGE_RECEIVED, [])):
        copilot.on_webhook(MESSAGE_RECEIVED, _ReplyHandler(copilot))
    if scheduler is not None:  # the process starting: a send the last one left mid-way goes at the first re-drive
        if reclaimed := copilot.store.reclaim_outbox(now=copilot.now()):
            logger.info("%d approved writes left mid-send by a stopped process are due again", reclaimed)
        scheduler.add_job(
            expire_offers, "interval", seconds=EXPIRE_EVERY_SECONDS, args=[copilot], id="fill_expire_offers",
            max_instances=1, coalesce=True, replace_existing=True,
        )
        scheduler.add_job(
            redrive_outbox, "interval", seconds=REDRIVE_EVERY_SECONDS, args=[copilot], id="fill_redrive_outbox",
            next_run_time=copilot.now(), max_instances=1, coalesce=True, replace_existing=True,
        )
