"""Who may do what: managers approve, edit, reject and read the audit; front desk uses /spa; others are refused.
A manager, too, must be a full member of the workspace (not a guest account, a bot or deactivated).

Decisions are made on the Slack user id of the person acting (``body.user.id`` for a click): anyone who can see a
message can click its buttons, so the button itself proves nothing. Without a front-desk allow-list, "front desk"
is every full member of the app's own workspace: guests, people from other organisations in a shared channel,
bots and deactivated accounts are refused (``users.info``, cached), and so is anyone Slack cannot vouch for. An
id on the allow-list is asked about the same way, as a manager's is: one Slack calls a guest or deactivated is refused.
"""

from __future__ import annotations

import logging
import re
import time
import weakref
from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.settings import Settings
from spa_copilot.slack.errors import SLACK_FAILURES, is_temporary, slack_failure

logger = logging.getLogger(__name__)

#: A Slack user id: ``U…``, or ``W…`` on Enterprise Grid.
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
#: ``users.info`` flags of someone who is not a full member of the workspace (guests, bots, former colleagues),
#: and what each says.
_NOT_FULL_MEMBER = (
    ("deleted", "is deactivated"),
    ("is_bot", "is a bot"),
    ("is_restricted", "is a guest account"),
    ("is_ultra_restricted", "is a guest account"),
    ("is_stranger", "is from another organisation"),
)


def not_a_colleague(user: Mapping[str, Any], own_team: str | None) -> str | None:
    """Why a ``users.info`` user is not a full member of the workspace ``own_team`` ("is a bot"), or None when
    they are. Someone of another organisation in a channel shared over Slack Connect is a full member of their own
    workspace, and Slack flags them ``is_stranger`` only when they share no channel the app can see: their
    ``team_id`` (theirs) is what refuses them. On Enterprise Grid a colleague's ``team_id`` is their home workspace;
    ``enterprise_user.teams`` lists every workspace of the organisation they belong to, ours among them when they
    are a member here (a member of a sister workspace alone is not: the app is installed in this one)."""
    if said := _flagged_not_a_member(user):
        return said
    teams = {user.get("team_id"), *((user.get("enterprise_user") or {}).get("teams") or ())}
    return None if own_team in teams else "is not a member of this workspace"


#: The app's own workspace (``auth.test``'s ``team_id``), by the client that asked, once per client.
_own_teams: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


async def own_team(client: AsyncWebClient) -> str | None:
    """The workspace the app is installed in, as ``auth.test`` names it (asked once per client). Not the ``team_id``
    of a request: from a channel shared over Slack Connect that can be the sender's own organisation's."""
    try:
        return _own_teams[client]
    except (KeyError, TypeError):
        pass
    team = (await client.auth_test()).get("team_id")
    if team:
        try:
            _own_teams[client] = team
        except TypeError:  # a client that cannot be weakly referred to: asked each time
            pass
    return team


async def why_not_a_colleague(client: AsyncWebClient, user_id: str) -> str | None:
    """Why Slack (``users.info``) says ``user_id`` is no full member of the app's own workspace (``not_a_colleague``:
    "is a guest account", "is not a member of this workspace" for someone of another organisation in a shared
    channel, …), or None when they are one; raises what ``auth.test`` and ``users.info`` raise. The one question the
    roles and the staff directory ask Slack about a user id."""
    team = await own_team(client)
    return not_a_colleague((await client.users_info(user=user_id)).get("user") or {}, team)


def _flagged_not_a_member(user: Mapping[str, Any]) -> str | None:
    """What a Slack user object (``users.info``, ``users.lookupByEmail``) is flagged as that makes them no full member
    of any workspace ("is deactivated", "is a guest account", "is a bot", "is from another organisation"), or None;
    whose workspace they belong to is ``not_a_colleague``'s question."""
    return next((what for flag, what in _NOT_FULL_MEMBER if user.get(flag)), None)


class MembershipUnknown(Exception):
    """Slack could not be asked just now whether a user is a full member of the workspace: ask them to try again
    rather than tell a colleague they are not on the team."""


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
        self._members: dict[str, tuple[bool | None, float]] = {}  # user id -> (full member here, when known)

    async def is_manager(self, user_id: str, *, strict: bool = False) -> bool:
        """True for a configured manager id or a member of the manager user group, unless Slack says they are no
        longer a full member of the workspace: an adversarial review found a manager whom Slack now calls a guest
        (kept in #front-desk after leaving) still approving texts to guests. Slack is asked as for the front desk
        (``users.info``, cached); when it cannot say (down, or the question refused: a missing scope, an unknown id),
        the configured id stands, logged (``check`` names the cause): a setup error must not lock every manager out.

        With ``strict`` (a decision only a manager may take: Approve, Edit, Hold back), MembershipUnknown when the
        manager group could not be read just now (Slack down or rate limiting, not a refusal) and the id is neither
        configured nor in the group's last list read: a manager by the group alone is asked to try again, not told
        approving is for managers. Without it (the help's manager lines) such an id is no manager; the App Home asks with
        it, and says it could not check the role rather than showing the non-manager view as the answer."""
        if user_id not in self._managers and not await self._in_manager_group(user_id, strict=strict):
            return False
        return await self.still_a_member(user_id)

    @property
    def front_desk_only(self) -> bool:
        """Whether ``/spa`` is kept to an allow-list (``SPA_FRONT_DESK_IDS``) and the managers."""
        return bool(self._front_desk)

    async def may_use_commands(self, user_id: str) -> bool:
        """Front desk (or every full member of the workspace, when no allow-list is configured) and managers;
        MembershipUnknown when Slack could not be asked just now."""
        if await self._listed_front_desk(user_id):
            return True
        try:
            if await self.is_manager(user_id, strict=True):
                return True
        except MembershipUnknown:  # perhaps a manager by the group, which Slack could not give just now
            if not self._front_desk and await self._full_member(user_id):
                return True  # a colleague either way
            raise
        return not self._front_desk and await self._full_member(user_id)

    async def _listed_front_desk(self, user_id: str) -> bool:
        """True for an id on ``SPA_FRONT_DESK_IDS`` unless Slack says they are no longer a full member of the
        workspace (a review found a listed colleague whom Slack now calls a guest, or deactivated, still reading
        client cards and the App Home's day book). Asked and kept as for a manager: when Slack cannot say (down,
        or the question refused), the listed id stands, as a configured manager's does."""
        return user_id in self._front_desk and await self.still_a_member(user_id)

    async def still_a_member(self, user_id: str) -> bool:
        """Whether an id the spa vouches for (a manager's, a listed front desk's, a staff member's matched Slack
        user) stands: unless Slack says they are no longer a full member of the workspace; when Slack cannot say
        (down, or the question refused: logged where asked), it stands."""
        try:
            member = await self._membership(user_id)
        except MembershipUnknown:
            return True
        return member is not False  # None: Slack refused the question

    async def _full_member(self, user_id: str) -> bool:
        """Whether Slack says the user is a full member of the workspace; not when it refuses the question."""
        return await self._membership(user_id) is True

    async def _membership(self, user_id: str) -> bool | None:
        """Whether Slack says the user is a full member of the workspace, None when it refused the question for good
        (a missing scope, an unknown id), both kept for a while; MembershipUnknown when it could not be asked just
        now (not kept: a passing Slack error must not lock a colleague out)."""
        known = self._members.get(user_id)
        if known is not None and time.monotonic() - known[1] < self._group_ttl:
            return known[0]
        try:
            said = await why_not_a_colleague(self._client, user_id)
        except SLACK_FAILURES as exc:
            if is_temporary(exc):
                logger.warning("could not look up Slack user %s (%s): ask again", user_id, slack_failure(exc))
                raise MembershipUnknown(user_id) from None
            logger.warning("could not look up Slack user %s (%s)", user_id, slack_failure(exc))
            self._members[user_id] = (None, time.monotonic())
            return None
        member = said is None
        if not member:
            logger.info("Slack user %s %s: refused", user_id, said)
        self._members[user_id] = (member, time.monotonic())
        return member

    async def _in_manager_group(self, user_id: str, *, strict: bool) -> bool:
        """Whether the id is in the manager group; with ``strict``, MembershipUnknown when it is not in the last list
        read and the group could not be read again just now (``_manager_group``)."""
        members, unsure = await self._manager_group()
        if user_id in members:
            return True
        if unsure and strict:
            raise MembershipUnknown(user_id)
        return False

    async def _manager_group(self) -> tuple[frozenset[str], bool]:
        """The manager group's members (read at most every ``group_ttl_seconds``), and whether Slack could not be
        asked for them just now (down, rate limiting: the last list read stands, empty after a restart, and may lack
        someone added since). A refusal (an unknown group, a missing scope) is no doubt: ``check`` names it."""
        if not self._group:
            return frozenset(), False
        if time.monotonic() - self._group_loaded_at < self._group_ttl:
            return self._group_members, False
        try:
            response = await self._client.usergroups_users_list(usergroup=self._group)
            self._group_members = frozenset(response.get("users", []))
            self._group_loaded_at = time.monotonic()
        except SLACK_FAILURES as exc:  # Slack refused or could not be reached: the last list stands
            logger.warning("could not read manager group %s: %s", self._group, slack_failure(exc))
            return self._group_members, is_temporary(exc)
        return self._group_members, False
