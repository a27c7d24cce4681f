"""Who may do what: managers approve, edit, reject and read the audit; front desk uses /spa; others are refused.

Decisions are made on the Slack user id of the person acting (``body.user.id`` for a click): anyone who can see a
message can click its buttons, so the button itself proves nothing.
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.settings import Settings

logger = logging.getLogger(__name__)


class Roles:
    """Role checks from settings: manager ids, a manager user group, and the front-desk allow-list."""

    def __init__(self, settings: Settings, client: AsyncWebClient, *, group_ttl_seconds: float = 300.0) -> None:
        self._managers = frozenset(settings.spa_manager_ids)
        self._front_desk = frozenset(settings.spa_front_desk_ids)
        self._group = settings.spa_manager_group
        self._client = client
        self._group_ttl = group_ttl_seconds
        self._group_members: frozenset[str] = frozenset()
        self._group_loaded_at = float("-inf")

    async def is_manager(self, user_id: str) -> bool:
        """True for a configured manager id or a member of the manager user group."""
        if user_id in self._managers:
            return True
        return user_id in await self._manager_group()

    async def may_use_commands(self, user_id: str) -> bool:
        """Front desk (or everyone, when no allow-list is configured) and managers."""
        if not self._front_desk or user_id in self._front_desk:
            return True
        return await self.is_manager(user_id)

    async def _manager_group(self) -> frozenset[str]:
        if not self._group:
            return frozenset()
        if time.monotonic() - self._group_loaded_at < self._group_ttl:
            return self._group_members
        try:
            response = await self._client.usergroups_users_list(usergroup=self._group)
            self._group_members = frozenset(response.get("users", []))
            self._group_loaded_at = time.monotonic()
        except SlackApiError as exc:
            logger.warning("could not read manager group %s: %s", self._group, exc.response.get("error"))
        return self._group_members
