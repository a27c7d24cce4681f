"""Staff ↔ Slack users: the settings' override map first, then ``users.lookupByEmail``, cached in the store."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.domain import Staff
from spa_copilot.store import Store

logger = logging.getLogger(__name__)


class StaffDirectory:
    """Finds the Slack user of a staff member (for DMs) and the staff member behind a Slack mention."""

    def __init__(
        self, client: AsyncWebClient, store: Store, overrides: dict[str, str], *, ttl: timedelta = timedelta(days=1)
    ) -> None:
        self._client = client
        self._store = store
        self._overrides = overrides
        self._ttl = ttl

    async def slack_id(self, staff: Staff, *, now: datetime | None = None) -> str | None:
        """The staff member's Slack user id, or None when they cannot be matched."""
        if staff.id in self._overrides:
            return self._overrides[staff.id]
        now = now or datetime.now(UTC)
        cached = self._store.slack_user(staff.id)
        if cached and now - cached[1] < self._ttl:
            return cached[0]
        user_id = await self._lookup(staff)
        self._store.remember_slack_user(staff.id, user_id, at=now)
        return user_id

    async def staff_for(self, user_id: str, staff: list[Staff]) -> Staff | None:
        """The staff member a Slack user is (through the same matching), or None."""
        for member in staff:
            if await self.slack_id(member) == user_id:
                return member
        return None

    async def _lookup(self, staff: Staff) -> str | None:
        if not staff.email:
            return None
        try:
            response = await self._client.users_lookupByEmail(email=staff.email)
        except SlackApiError as exc:
            if exc.response.get("error") != "users_not_found":
                logger.warning("users.lookupByEmail failed for staff %s: %s", staff.id, exc.response.get("error"))
            return None
        return response["user"]["id"]
