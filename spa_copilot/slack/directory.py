"""Staff ↔ Slack users: the settings' override map first, then ``users.lookupByEmail``, cached in the store.

Only answers are cached: a match, or Slack's ``users_not_found``. Any other failure (``ratelimited``, a network
error) is logged and tried again at the next lookup, and the last known match is used meanwhile.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.domain import Staff
from spa_copilot.store import Store

logger = logging.getLogger(__name__)

NOT_FOUND = "users_not_found"


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
        """The staff member's Slack user id, or None when they cannot be matched (now); never raises."""
        if staff.id in self._overrides:
            return self._overrides[staff.id]
        now = now or datetime.now(UTC)
        cached = self._store.slack_user(staff.id)
        if cached and now - cached[1] < self._ttl:
            return cached[0]
        answered, user_id = await self._lookup(staff)
        if not answered:
            return cached[0] if cached else None  # a stale match beats none while Slack is unavailable
        self._store.remember_slack_user(staff.id, user_id, at=now)
        return user_id

    async def staff_for(self, user_id: str, staff: list[Staff]) -> Staff | None:
        """The staff member a Slack user is (through the same matching), or None."""
        for member in staff:
            if await self.slack_id(member) == user_id:
                return member
        return None

    async def _lookup(self, staff: Staff) -> tuple[bool, str | None]:
        """(whether Slack answered, the user id it gave); a failure is not an answer and is not cached."""
        if not staff.email:
            return False, None
        try:
            response = await self._client.users_lookupByEmail(email=staff.email)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error == NOT_FOUND:
                return True, None
            logger.warning("users.lookupByEmail failed for staff %s: %s", staff.id, error)
            return False, None
        except Exception:  # the connection, not Slack: this member is unmatched for now, the others go on
            logger.exception("users.lookupByEmail failed for staff %s", staff.id)
            return False, None
        return True, response["user"]["id"]
