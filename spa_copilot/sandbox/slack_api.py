"""A stand-in Slack Web API: the real Bolt app and ``AsyncWebClient`` run against it unmodified.

Serve :func:`create_slack_api` and point ``AsyncWebClient(base_url=...)`` at ``{root}/api/`` (the same
shape as ``https://slack.com/api/``). It answers like Slack for the methods the copilot uses: HTTP 200
with ``{"ok": true, ...}`` or ``{"ok": false, "error": "invalid_auth" | "channel_not_found" | ...}``,
bodies form-encoded, JSON or query parameters as ``slack_sdk`` sends them, ``Authorization: Bearer``
(or a ``token`` parameter), ids shaped like Slack's and increasing ``ts`` values.

Everything is kept in a :class:`SlackRecorder` (``app.state.slack``): every call with its parameters,
messages per channel with threads and in-place updates, ephemeral messages, views, and what was posted
to ``response_url``\\s (``POST /response/{id}``, as ``respond()`` in Bolt does). ``rate_limit_next(n)``
makes the next calls answer 429 with ``Retry-After``; ``lose_answer_next(n)`` lets the next ``chat.postMessage``
calls post and then answers them 502, as a proxy whose connection to Slack dropped (the caller cannot tell that it
posted). Messages keep their ``metadata``, which ``conversations.history`` and ``conversations.replies`` return only
with ``include_all_metadata``, as Slack's do. :func:`render_terminal` prints a message's blocks
readably, and :func:`running_slack_api` serves the app on a loopback port, because ``slack_sdk``'s async
clients use aiohttp and cannot go through an in-process httpx transport.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import itertools
import json
import logging
import re
import secrets
import socket
import textwrap
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from spa_copilot.domain import Staff
from spa_copilot.slack import ids

logger = logging.getLogger(__name__)

DEFAULT_TEAM_ID = "T0SANDBOX"
#: The other organisation's workspace that a channel shared over Slack Connect (``is_ext_shared``) is shared with.
PARTNER_TEAM_ID = "T0PARTNER1"
DEFAULT_TEAM_NAME = "Sandbox Spa"
DEFAULT_TEAM_DOMAIN = "sandbox-spa"
BOT_USER_ID = "U0SPABOT01"
BOT_ID = "B0SPABOT01"
APP_ID = "A0SPACOPLT"
DEFAULT_CHANNELS = ("front-desk", "spa-ops", "general")
BOT_SCOPES = ",".join(ids.BOT_SCOPES)  # the token of the stand-in has what manifest.yml asks for
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_TEXT_LENGTH = 40_000
#: A ``response_url`` takes five posts within 30 minutes (docs.slack.dev, handling user interaction: "You can use
#: response_url to post up to 5 times within 30 minutes"); later it answers 404 ``expired_url``.
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_TTL_SECONDS = 30 * 60
#: A ``trigger_id`` opens a modal only within 3 seconds of the interaction that carried it; later, ``views.open``
#: answers ``expired_trigger_id`` (docs.slack.dev: "Pass a valid trigger_id within 3 seconds of receiving it").
TRIGGER_TTL_SECONDS = 3.0

#: A small workspace used when no users are given: one of each role.
DEFAULT_USERS: tuple[dict[str, Any], ...] = (
    {"id": "U0MANAGER1", "name": "morgan", "real_name": "Morgan Reyes", "email": "morgan@sandbox-spa.test", "is_admin": True},
    {"id": "U0FRONTDK1", "name": "frankie", "real_name": "Frankie Lee", "email": "frankie@sandbox-spa.test"},
    {"id": "U0THERAPS1", "name": "maya", "real_name": "Maya Okafor", "email": "maya@sandbox-spa.test"},
)


class SlackApiFailure(Exception):
    """A Web API call that Slack answers with ``ok: false``."""

    def __init__(self, error: str, *, messages: Sequence[str] = (), extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)
        #: More fields of the answer, as Slack sends them (``missing_scope``: ``needed`` and ``provided``).
        self.extra = dict(extra or {})


@dataclass(slots=True)
class ApiCall:
    """One Web API call as the stand-in received and answered it."""

    method: str
    params: dict[str, Any]
    at: float
    status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error")


@dataclass(slots=True)
class PostedMessage:
    """A message in a channel, as the bot posted it (and updated it since)."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    user: str = BOT_USER_ID
    team: str = DEFAULT_TEAM_ID
    thread_ts: str | None = None
    replies: list[PostedMessage] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions, oldest first
    deleted: bool = False
    metadata: dict[str, Any] | None = None

    @property
    def edited(self) -> bool:
        return bool(self.history)

    def as_slack(self) -> dict[str, Any]:
        """The message object Slack returns for it."""
        message: dict[str, Any] = {
            "type": "message",
            "user": self.user,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "text": self.text,
            "ts": self.ts,
            "team": self.team,
            "blocks": self.blocks,
        }
        if self.thread_ts:
            message["thread_ts"] = self.thread_ts
        if self.replies:
            message["reply_count"] = len(self.replies)
            message["latest_reply"] = self.replies[-1].ts
        if self.history:
            message["edited"] = {"user": self.user, "ts": self.history[-1]["edited_ts"]}
        if self.metadata:
            message["metadata"] = self.metadata
        return message


@dataclass(slots=True)
class EphemeralMessage:
    """A message only ``user`` sees: from ``chat.postEphemeral`` or an ephemeral ``response_url`` post."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    via: str  # "chat.postEphemeral" or "response_url"
    thread_ts: str | None = None
    replaced_by: EphemeralMessage | None = None
    deleted: bool = False


@dataclass(slots=True)
class ResponseUrl:
    """A ``response_url`` handed out with a slash command or interaction."""

    id: str
    channel_id: str
    user_id: str
    source: str
    minted: float  # on the recorder's clock
    message_ts: str | None = None
    message_is_ephemeral: bool = False
    uses: int = 0


@dataclass(frozen=True, slots=True)
class Trigger:
    """A ``trigger_id`` the stand-in handed out: whose interaction carried it, and when."""

    user_id: str
    minted: float


@dataclass(slots=True)
class ResponsePost:
    """One post to a ``response_url`` and what it did: ``ephemeral``, ``in_channel``, ``replaced``, ``deleted``."""

    response_url_id: str
    channel_id: str
    user_id: str
    action: str
    response_type: str
    replace_original: bool
    delete_original: bool
    text: str
    blocks: list[dict[str, Any]]
    at: float
    thread_ts: str | None = None


@dataclass(slots=True)
class Channel:
    id: str
    name: str
    is_im: bool = False
    user: str | None = None  # the other member of a DM
    is_private: bool = False
    is_archived: bool = False
    #: Whether the bot is in the channel: with ``chat:write`` alone (no ``chat:write.public``) it posts only where it is.
    bot_is_member: bool = True
    created: int = 1732456789
    #: Shared with another organisation (Slack Connect): its members read it too.
    is_ext_shared: bool = False

    def as_slack(self, team_id: str) -> dict[str, Any]:
        """The conversation object ``conversations.info`` and ``conversations.list`` return (a channel, not a DM)."""
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "created": self.created,
            "creator": "U0MANAGER1",
            "is_archived": self.is_archived,
            "is_general": self.name == "general",
            "unlinked": 0,
            "is_shared": self.is_ext_shared,
            "is_ext_shared": self.is_ext_shared,
            "is_org_shared": False,
            "is_pending_ext_shared": False,
            "pending_shared": [],
            "context_team_id": team_id,
            "shared_team_ids": [team_id, *([PARTNER_TEAM_ID] if self.is_ext_shared else [])],
            "parent_conversation": None,
            "is_member": self.bot_is_member,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
            "previous_names": [],
        }


def slack_user(
    user_id: str,
    *,
    name: str,
    real_name: str | None = None,
    email: str | None = None,
    tz: str = "America/New_York",
    is_admin: bool = False,
    is_bot: bool = False,
    team_id: str = DEFAULT_TEAM_ID,
    is_restricted: bool = False,
    is_ultra_restricted: bool = False,
    deleted: bool = False,
) -> dict[str, Any]:
    """A user object in the shape ``users.info`` returns (``is_restricted``: a multi-channel guest,
    ``is_ultra_restricted``: a single-channel guest; another ``team_id``: someone from a shared channel)."""
    real = real_name or name
    first, _, last = real.partition(" ")
    profile: dict[str, Any] = {
        "real_name": real,
        "display_name": name,
        "first_name": first,
        "last_name": last,
        "team": team_id,
    }
    if email:
        profile["email"] = email
    return {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "deleted": deleted,
        "real_name": real,
        "tz": tz,
        "tz_label": tz,
        "is_admin": is_admin,
        "is_owner": False,
        "is_bot": is_bot,
        "is_restricted": is_restricted,
        "is_ultra_restricted": is_ultra_restricted,
        "is_app_user": False,
        "updated": 1732456789,
        "profile": profile,
    }


def slack_connect_user(
    user_id: str, *, name: str, real_name: str | None = None, email: str | None = None, team_id: str = PARTNER_TEAM_ID
) -> dict[str, Any]:
    """Someone of another organisation in a channel shared over Slack Connect, as ``users.info`` returns them: a full
    member of their own workspace (``team_id`` and ``profile.team`` theirs, not a guest here), and no ``is_stranger``,
    which Slack sets only for a user of another workspace who shares no channel the app can see."""
    return slack_user(user_id, name=name, real_name=real_name, email=email, team_id=team_id)


def _normalise_user(raw: Mapping[str, Any], team_id: str) -> dict[str, Any]:
    profile = raw.get("profile") or {}
    return slack_user(
        str(raw["id"]),
        name=str(raw.get("name") or raw["id"]).lower(),
        real_name=raw.get("real_name") or profile.get("real_name"),
        email=raw.get("email") or profile.get("email"),
        tz=raw.get("tz", "America/New_York"),
        is_admin=bool(raw.get("is_admin", False)),
        is_bot=bool(raw.get("is_bot", False)),
        team_id=str(raw.get("team_id") or team_id),
        is_restricted=bool(raw.get("is_restricted", False)),
        is_ultra_restricted=bool(raw.get("is_ultra_restricted", False)),
        deleted=bool(raw.get("deleted", False)),
    )


def slack_user_id_for_staff(staff_id: str) -> str:
    """A stable Slack-shaped user id for a spa staff member (``U`` + 9 hex digits)."""
    return "U" + hashlib.sha256(staff_id.encode()).hexdigest()[:9].upper()


def slack_users_from_staff(staff: Iterable[Staff]) -> list[dict[str, Any]]:
    """Workspace users for the spa's staff, found by ``users.lookupByEmail`` like in a real workspace."""
    users = []
    for member in staff:
        users.append(
            {
                "id": slack_user_id_for_staff(member.id),
                "name": re.sub(r"[^a-z0-9.]", "", member.display_name.lower().replace(" ", ".")) or member.id,
                "real_name": member.display_name,
                "email": member.email,
                "is_admin": member.role.value == "manager",
            }
        )
    return users


class SlackRecorder:
    """The stand-in workspace's state and the record of every call; ``app.state.slack``."""

    def __init__(
        self,
        *,
        bot_token: str,
        team_id: str = DEFAULT_TEAM_ID,
        users: Iterable[Mapping[str, Any]] | None = None,
        usergroups: Mapping[str, Sequence[str]] | None = None,
        channels: Iterable[str] = DEFAULT_CHANNELS,
        clock: Callable[[], float] = time.time,
        root_url: str = "http://slack.sandbox",
        app_token: str | None = None,
        scopes: Iterable[str] = ids.BOT_SCOPES,
    ) -> None:
        self.bot_token = bot_token
        #: The bot token's scopes (``X-OAuth-Scopes``); the methods that need another answer ``missing_scope``.
        self.scopes = list(scopes)
        #: The app-level token (Socket Mode): it may call only ``apps.connections.open``, as Slack's.
        self.app_token = app_token
        self.team_id = team_id
        self.clock = clock
        #: Where this app is reachable; set by :func:`running_slack_api`. Response URLs are minted under it.
        self.root_url = root_url.rstrip("/")
        self.users: dict[str, dict[str, Any]] = {}
        for raw in users if users is not None else DEFAULT_USERS:
            user = _normalise_user(raw, team_id)
            self.users[user["id"]] = user
        bot = slack_user(BOT_USER_ID, name="spa-copilot", real_name="Spa Copilot", is_bot=True, team_id=team_id)
        self.users.setdefault(BOT_USER_ID, bot)
        self.usergroups: dict[str, list[str]] = {key: list(value) for key, value in (usergroups or {}).items()}
        self.calls: list[ApiCall] = []
        self.ephemerals: list[EphemeralMessage] = []
        self.responses: list[ResponsePost] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self._channels: dict[str, Channel] = {}
        self._messages: dict[str, list[PostedMessage]] = {}
        self._by_ts: dict[tuple[str, str], PostedMessage] = {}
        self._triggers: dict[str, Trigger] = {}
        self._used_triggers: set[str] = set()
        self._ids = itertools.count(1)
        self._last_ts_micros = 0
        self._rate_limited = 0
        self._retry_after = 1
        self._lost_answers: dict[str, int] = {}
        #: Told of each message the bot posts or updates (``"posted"``, ``"updated"``): ``sandbox slack`` prints it.
        self.on_message: Callable[[PostedMessage, str], None] | None = None
        for name in channels:
            self.add_channel(name)

    # ---- ids and time

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08X}"

    def next_ts(self) -> str:
        """A Slack ``ts`` (``"1732456789.000100"``) from the clock, strictly increasing."""
        micros = max(int(self.clock() * 1_000_000), self._last_ts_micros + 100)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_trigger_id(self, user_id: str) -> str:
        """A ``trigger_id`` like Slack's, remembered so ``views.open`` knows whose modal it is and refuses it once
        :data:`TRIGGER_TTL_SECONDS` have passed on the recorder's clock."""
        trigger = f"{int(self.clock())}.{next(self._ids)}.{secrets.token_hex(16)}"
        self._triggers[trigger] = Trigger(user_id=user_id, minted=self.clock())
        return trigger

    def new_response_url(
        self,
        *,
        channel_id: str,
        user_id: str,
        source: str = "command",
        message_ts: str | None = None,
        message_is_ephemeral: bool = False,
    ) -> str:
        """Mint a ``response_url`` under :attr:`root_url` for a command or interaction from ``user_id``."""
        response_id = f"{self.team_id}/{next(self._ids)}/{secrets.token_hex(12)}"
        self.response_urls[response_id] = ResponseUrl(
            id=response_id,
            channel_id=channel_id,
            user_id=user_id,
            source=source,
            message_ts=message_ts,
            message_is_ephemeral=message_is_ephemeral,
            minted=self.clock(),
        )
        return f"{self.root_url}/response/{response_id}"

    # ---- workspace

    def add_channel(
        self, name: str, *, is_private: bool = False, bot_is_member: bool = True, is_archived: bool = False,
        is_ext_shared: bool = False,
    ) -> str:
        """Create a channel (public unless ``is_private``, with the bot in it unless not ``bot_is_member``, shared with
        another organisation when ``is_ext_shared``; idempotent: an existing channel of that name is kept as it is)
        and return its id."""
        name = name.lstrip("#")
        existing = self._channel_by_name(name)
        if existing:
            return existing.id
        channel = Channel(
            id=self._new_id("G" if is_private else "C"), name=name, is_private=is_private,
            bot_is_member=bot_is_member, is_archived=is_archived, is_ext_shared=is_ext_shared,
        )
        self._channels[channel.id] = channel
        self._messages[channel.id] = []
        return channel.id

    def _channel_by_name(self, name: str) -> Channel | None:
        return next((c for c in self._channels.values() if c.name == name and not c.is_im), None)

    def channel(self, ref: str) -> Channel | None:
        """A channel by id or ``#name``/``name`` (to change what a test needs: archive it, take the bot out)."""
        return self._channels.get(ref) or self._channel_by_name(ref.lstrip("#"))

    def dm_channel(self, user_id: str) -> str:
        """The bot's DM channel id with a user, opened on first use."""
        if user_id not in self.users:
            raise SlackApiFailure("user_not_found")
        for channel in self._channels.values():
            if channel.is_im and channel.user == user_id:
                return channel.id
        channel = Channel(id=self._new_id("D"), name=user_id, is_im=True, user=user_id)
        self._channels[channel.id] = channel
        self._messages[channel.id] = []
        return channel.id

    def channel_id(self, ref: str) -> str | None:
        """Resolve ``C…``/``D…`` ids, ``#name``/``name``, or a user id (the bot's DM) to a channel id."""
        if ref in self._channels:
            return ref
        if ref in self.users:
            return self.dm_channel(ref)
        channel = self._channel_by_name(ref.lstrip("#"))
        return channel.id if channel else None

    # ---- reading what happened

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every call of one Web API method, in order."""
        return [call for call in self.calls if call.method == method]

    def display_names(self) -> dict[str, str]:
        """Each person's name as Slack shows it (their real name, else their handle), by user id: for
        ``render_terminal``'s mentions."""
        return {user_id: str(user.get("real_name") or user.get("name")) for user_id, user in self.users.items()}

    def messages(self, channel: str | None = None) -> list[PostedMessage]:
        """Top-level messages (not deleted) in a channel (id, name or user id for the DM), or everywhere."""
        if channel is None:
            found = [m for msgs in self._messages.values() for m in msgs]
            return sorted((m for m in found if not m.deleted), key=lambda m: float(m.ts))
        channel_id = self.channel_id(channel)
        return [m for m in self._messages.get(channel_id or "", []) if not m.deleted]

    def message(self, channel: str, ts: str) -> PostedMessage | None:
        """One message or reply by channel and ts."""
        channel_id = self.channel_id(channel)
        return self._by_ts.get((channel_id or "", ts))

    def thread(self, channel: str, ts: str) -> list[PostedMessage]:
        """The replies under a parent message."""
        parent = self.message(channel, ts)
        return list(parent.replies) if parent else []

    def ephemerals_for(self, user_id: str) -> list[EphemeralMessage]:
        """Ephemeral messages shown to one user (those not replaced or deleted)."""
        return [e for e in self.ephemerals if e.user == user_id and not e.deleted and e.replaced_by is None]

    def rate_limit_next(self, n: int, retry_after: int = 1) -> None:
        """Answer the next ``n`` Web API calls with 429 and ``Retry-After: retry_after``."""
        self._rate_limited = n
        self._retry_after = retry_after

    def lose_answer_next(self, n: int = 1, *, method: str = "chat.postMessage") -> None:
        """The next ``n`` calls of ``method`` do what they ask (a message is posted), but their caller gets a bare
        502 instead of Slack's answer: the connection between them dropped once Slack had the request."""
        self._lost_answers[method] = self._lost_answers.get(method, 0) + n

    async def wait_for(self, predicate: Callable[[SlackRecorder], bool], *, timeout: float = 5.0) -> None:
        """Wait until ``predicate(self)`` holds (Bolt answers after the ack); ``TimeoutError`` otherwise."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate(self):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the stand-in Slack never reached the expected state")
            await asyncio.sleep(0.002)

    # ---- posting

    def post_message(
        self, channel: str, text: str, blocks: Sequence[Mapping[str, Any]] = (), *, thread_ts: str | None = None
    ) -> PostedMessage:
        """Post as the bot without going through HTTP (to seed a message a test then clicks in)."""
        channel_id = self.channel_id(channel)
        if channel_id is None:
            raise SlackApiFailure("channel_not_found")
        return self._post(channel_id, text, [dict(b) for b in blocks], thread_ts)

    def _post(
        self, channel_id: str, text: str, blocks: list[dict[str, Any]], thread_ts: str | None, metadata: Any = None
    ) -> PostedMessage:
        parent = None
        if thread_ts:
            parent = self._by_ts.get((channel_id, thread_ts))
            if parent is None:
                raise SlackApiFailure("thread_not_found")
            if parent.thread_ts and parent.thread_ts != parent.ts:
                parent = self._by_ts[(channel_id, parent.thread_ts)]  # replies thread under the root
        message = PostedMessage(
            channel=channel_id,
            ts=self.next_ts(),
            text=text,
            blocks=blocks,
            team=self.team_id,
            thread_ts=parent.ts if parent else None,
            metadata=metadata if isinstance(metadata, dict) else None,
        )
        if parent:
            if parent.thread_ts is None:
                parent.thread_ts = parent.ts
            parent.replies.append(message)
        else:
            self._messages[channel_id].append(message)
        self._by_ts[(channel_id, message.ts)] = message
        if self.on_message is not None:
            self.on_message(message, "posted")
        return message

    def _update(self, message: PostedMessage, text: str | None, blocks: list[dict[str, Any]] | None) -> None:
        message.history.append({"text": message.text, "blocks": message.blocks, "edited_ts": self.next_ts()})
        if text is not None:
            message.text = text
        if blocks is not None:
            message.blocks = blocks
        if self.on_message is not None:
            self.on_message(message, "updated")


# ---------------------------------------------------------------------------------------------------
# Request parsing and validation


def _cursor_offset(params: Mapping[str, Any]) -> int:
    """Where a listing's page starts: the offset its ``cursor`` (as this stand-in writes them) carries, 0 without one."""
    if not (cursor := str(params.get("cursor") or "")):
        return 0
    try:
        return int(base64.b64decode(cursor).decode().removeprefix("offset:"))
    except ValueError:
        raise SlackApiFailure("invalid_cursor") from None


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def _maybe_json(value: Any) -> Any:
    """Form-encoded requests carry ``blocks`` and ``view`` as JSON strings; JSON requests as objects."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise SlackApiFailure("invalid_json") from None
    return value


async def _read_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    body = await request.body()
    if not body:
        return params
    content_type = request.headers.get("content-type", "")
    if "application/json" in content_type:
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            raise SlackApiFailure("invalid_json") from None
        if not isinstance(data, dict):
            raise SlackApiFailure("invalid_json")
        params.update(data)
    else:
        params.update(dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)))
    return params


def _validate_blocks(raw: Any, limit: int) -> list[dict[str, Any]]:
    blocks = _maybe_json(raw)
    if blocks in (None, ""):
        return []
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise SlackApiFailure("invalid_blocks_format")
    if len(blocks) > limit:
        raise SlackApiFailure("invalid_blocks", messages=[f"[ERROR] no more than {limit} items allowed [json-pointer:/blocks]"])
    problems = []
    for index, data in enumerate(blocks):
        try:
            block = Block.parse(data)
            if block is None:
                raise SlackObjectFormationError(f"unsupported block type {data.get('type')!r}")
            block.validate_json()
        except (SlackObjectFormationError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"[ERROR] {exc} [json-pointer:/blocks/{index}]")
            continue
        problems += _block_problems(data, f"/blocks/{index}")
    if problems:
        raise SlackApiFailure("invalid_blocks", messages=problems)
    return blocks


def _text_problems(obj: Any, pointer: str, *, limit: int = 3000, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict):
        return [f"[ERROR] must be a text object [json-pointer:{pointer}]"]
    kind, text = obj.get("type"), obj.get("text")
    if kind not in ("plain_text", "mrkdwn") or (plain_only and kind != "plain_text"):
        allowed = "plain_text" if plain_only else "plain_text or mrkdwn"
        return [f"[ERROR] must be {allowed} [json-pointer:{pointer}/type]"]
    if not isinstance(text, str) or not text:
        return [f"[ERROR] must be more than 0 characters [json-pointer:{pointer}/text]"]
    if len(text) > limit:
        return [f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}/text]"]
    return []


def _element_problems(element: Any, pointer: str) -> list[str]:
    if not isinstance(element, dict):
        return [f"[ERROR] must be an object [json-pointer:{pointer}]"]
    problems: list[str] = []
    if len(str(element.get("action_id", ""))) > 255:
        problems.append(f"[ERROR] must be less than 256 characters [json-pointer:{pointer}/action_id]")
    if element.get("type") == "button":
        problems += _text_problems(element.get("text"), f"{pointer}/text", limit=75, plain_only=True)
        if len(str(element.get("value", ""))) > 2000:
            problems.append(f"[ERROR] must be less than 2001 characters [json-pointer:{pointer}/value]")
        if len(str(element.get("url", ""))) > 3000:
            problems.append(f"[ERROR] must be less than 3001 characters [json-pointer:{pointer}/url]")
    confirm = element.get("confirm")
    if isinstance(confirm, dict):
        for name, limit, plain in (("title", 100, True), ("text", 300, False), ("confirm", 30, True), ("deny", 30, True)):
            problems += _text_problems(confirm.get(name), f"{pointer}/confirm/{name}", limit=limit, plain_only=plain)
    return problems


def _block_problems(block: Mapping[str, Any], pointer: str) -> list[str]:
    """What Slack refuses in one block beyond what ``Block.validate_json`` checked: that checks a block's own fields,
    not the text objects and elements inside it. From docs.slack.dev/reference/block-kit: a text object has 1 to 3000
    characters (an empty ``text`` is ``invalid_blocks``); a section field 2000; a header is plain_text; a button's
    text is plain_text of 75 at most, its value 2000, its url 3000, an action_id 255; actions and context blocks
    hold at least one element; a confirm dialog has a title (100), text (300), confirm and deny (30)."""
    kind = block.get("type")
    problems: list[str] = []
    if kind == "section":
        if "text" in block:
            problems += _text_problems(block["text"], f"{pointer}/text")
        for index, item in enumerate(block.get("fields") or []):
            problems += _text_problems(item, f"{pointer}/fields/{index}", limit=2000)
        if block.get("accessory") is not None:
            problems += _element_problems(block["accessory"], f"{pointer}/accessory")
    elif kind == "header":
        problems += _text_problems(block.get("text"), f"{pointer}/text", limit=150, plain_only=True)
    elif kind == "context":
        elements = block.get("elements") or []
        if not elements:
            problems.append(f"[ERROR] must provide at least 1 items [json-pointer:{pointer}/elements]")
        for index, element in enumerate(elements):
            if isinstance(element, dict) and element.get("type") in ("plain_text", "mrkdwn"):
                problems += _text_problems(element, f"{pointer}/elements/{index}")
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements:
            problems.append(f"[ERROR] must provide at least 1 items [json-pointer:{pointer}/elements]")
        for index, element in enumerate(elements):
            problems += _element_problems(element, f"{pointer}/elements/{index}")
    elif kind == "input":
        problems += _text_problems(block.get("label"), f"{pointer}/label", limit=2000, plain_only=True)
        if block.get("hint") is not None:
            problems += _text_problems(block["hint"], f"{pointer}/hint", limit=2000, plain_only=True)
        element = block.get("element")
        problems += _element_problems(element, f"{pointer}/element")
        if isinstance(element, dict) and element.get("type") == "plain_text_input":
            initial = element.get("initial_value")
            if initial is not None and len(str(initial)) > int(element.get("max_length") or 3000):
                problems.append(f"[ERROR] initial_value is longer than max_length [json-pointer:{pointer}/element]")
    return problems


def _message_content(params: Mapping[str, Any], *, required: bool = True) -> tuple[str, list[dict[str, Any]]]:
    text = params.get("text") or ""
    blocks = _validate_blocks(params.get("blocks"), MAX_MESSAGE_BLOCKS)
    if required and not text and not blocks:
        raise SlackApiFailure("no_text")
    if len(text) > MAX_TEXT_LENGTH:
        raise SlackApiFailure("msg_too_long")
    return str(text), blocks


def _require(params: Mapping[str, Any], name: str, error: str = "invalid_arguments") -> str:
    value = params.get(name)
    if not value:
        raise SlackApiFailure(error, messages=[f"[ERROR] missing required field: {name}"])
    return str(value)


# ---------------------------------------------------------------------------------------------------
# Web API methods


def _auth_test(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": f"https://{DEFAULT_TEAM_DOMAIN}.slack.com/",
        "team": DEFAULT_TEAM_NAME,
        "user": "spa-copilot",
        "team_id": slack.team_id,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def _resolve_channel(slack: SlackRecorder, params: Mapping[str, Any]) -> str:
    ref = params.get("channel")
    channel_id = slack.channel_id(str(ref)) if ref else None
    if channel_id is None or _hidden(slack._channels[channel_id]):
        raise SlackApiFailure("channel_not_found")
    return channel_id


def _hidden(channel: Channel) -> bool:
    """A private channel the bot is not in does not exist, as far as the bot can tell."""
    return channel.is_private and not channel.bot_is_member


def _chat_post_message(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _resolve_channel(slack, params)
    channel = slack._channels[channel_id]
    if channel.is_archived:
        raise SlackApiFailure("is_archived")
    if not channel.is_im and not channel.bot_is_member:
        raise SlackApiFailure("not_in_channel")  # chat:write without chat:write.public
    text, blocks = _message_content(params)
    metadata = _message_metadata(params.get("metadata"))
    message = slack._post(channel_id, text, blocks, params.get("thread_ts") or None, metadata)
    return {"channel": channel_id, "ts": message.ts, "message": message.as_slack()}


def _message_metadata(raw: Any) -> dict[str, Any] | None:
    """A message's ``metadata`` as Slack takes it: an object with an ``event_type`` (letters, digits and ``_``) and an
    ``event_payload`` object (docs.slack.dev, message metadata); anything else is ``invalid_metadata_format``."""
    if raw in (None, ""):
        return None
    metadata = _maybe_json(raw)
    if (not isinstance(metadata, dict) or not isinstance(metadata.get("event_type"), str)
            or not re.fullmatch(r"[A-Za-z0-9_]+", metadata["event_type"])
            or not isinstance(metadata.get("event_payload"), dict)):
        raise SlackApiFailure("invalid_metadata_format")
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


_HISTORY_SCOPES = {"public": "channels:history", "private": "groups:history", "im": "im:history"}
#: ``conversations.history``'s and ``conversations.replies``' largest ``limit``.
MAX_HISTORY_LIMIT = 999


def _history_channel(slack: SlackRecorder, params: Mapping[str, Any]) -> Channel:
    """The conversation a history method reads: by id only (a name is ``channel_not_found``), with the scope of its
    kind (``channels:history``, ``groups:history``, ``im:history``), the bot in it (``not_in_channel``)."""
    channel = slack._channels.get(str(params.get("channel") or ""))
    if channel is None or _hidden(channel):
        raise SlackApiFailure("channel_not_found")
    _need_scope(slack, _HISTORY_SCOPES["im" if channel.is_im else "private" if channel.is_private else "public"])
    if not channel.is_im and not channel.bot_is_member:
        raise SlackApiFailure("not_in_channel")
    return channel


def _history_page(messages: Sequence[PostedMessage], params: Mapping[str, Any], *, newest_first: bool) -> dict[str, Any]:
    """A page of ``messages`` between ``oldest`` and ``latest`` (each left out unless ``inclusive``), ``limit`` at a
    time (``cursor``), each with its ``metadata`` only when ``include_all_metadata`` asks for it."""
    try:
        oldest = float(params.get("oldest") or 0)
        latest = float(params["latest"]) if params.get("latest") else None
        limit = min(max(int(params.get("limit") or 100), 1), MAX_HISTORY_LIMIT)
    except ValueError:
        raise SlackApiFailure("invalid_arguments") from None
    inclusive = _truthy(params.get("inclusive"))
    chosen = [
        m for m in messages
        if not m.deleted
        and (float(m.ts) >= oldest if inclusive else float(m.ts) > oldest)
        and (latest is None or (float(m.ts) <= latest if inclusive else float(m.ts) < latest))
    ]
    chosen.sort(key=lambda m: float(m.ts), reverse=newest_first)
    start = _cursor_offset(params)
    page = chosen[start:start + limit]
    more = start + limit < len(chosen)
    with_metadata = _truthy(params.get("include_all_metadata"))
    shown = []
    for message in page:
        item = message.as_slack()
        if not with_metadata:
            item.pop("metadata", None)
        shown.append(item)
    return {
        "messages": shown,
        "has_more": more,
        "pin_count": 0,
        "response_metadata": {"next_cursor": base64.b64encode(f"offset:{start + limit}".encode()).decode() if more else ""},
    }


def _conversations_history(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    """A conversation's top-level messages, newest first (a thread's replies are not among them)."""
    channel = _history_channel(slack, params)
    return _history_page(slack._messages.get(channel.id, []), params, newest_first=True)


def _conversations_replies(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    """A thread: its parent, then its replies, oldest first (``oldest``/``latest`` choose among the replies; the
    parent always comes first, as Slack's)."""
    channel = _history_channel(slack, params)
    parent = slack._by_ts.get((channel.id, str(params.get("ts") or "")))
    if parent is None or parent.deleted:
        raise SlackApiFailure("thread_not_found")
    if parent.thread_ts and parent.thread_ts != parent.ts:
        parent = slack._by_ts[(channel.id, parent.thread_ts)]
    page = _history_page(parent.replies, params, newest_first=False)
    if not params.get("cursor"):
        head = parent.as_slack()
        if not _truthy(params.get("include_all_metadata")):
            head.pop("metadata", None)
        page["messages"].insert(0, head)
    return page


def _chat_post_ephemeral(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _resolve_channel(slack, params)
    user = _require(params, "user", "user_not_found")
    if user not in slack.users:
        raise SlackApiFailure("user_not_found")
    text, blocks = _message_content(params)
    ephemeral = EphemeralMessage(
        channel=channel_id,
        user=user,
        ts=slack.next_ts(),
        text=text,
        blocks=blocks,
        via="chat.postEphemeral",
        thread_ts=params.get("thread_ts") or None,
    )
    slack.ephemerals.append(ephemeral)
    return {"message_ts": ephemeral.ts}


def _find_message(slack: SlackRecorder, params: Mapping[str, Any], ts_field: str) -> PostedMessage:
    channel_id = _resolve_channel(slack, params)
    ts = params.get(ts_field)
    message = slack._by_ts.get((channel_id, str(ts))) if ts else None
    if message is None or message.deleted:
        raise SlackApiFailure("message_not_found")
    return message


def _chat_update(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    # Unlike chat.postMessage, chat.update takes the conversation's id only: a channel name or, for a DM, the user's
    # id is channel_not_found (docs.slack.dev/reference/methods/chat.update: "ensure that this value is a DM ID
    # (starts with D) instead of a User ID"; a name is refused the same way, python-slack-sdk#696)
    if str(params.get("channel") or "") not in slack._channels:
        raise SlackApiFailure("channel_not_found")
    message = _find_message(slack, params, "ts")
    text = params.get("text")
    blocks = _validate_blocks(params["blocks"], MAX_MESSAGE_BLOCKS) if "blocks" in params else None
    if text is not None and len(str(text)) > MAX_TEXT_LENGTH:
        raise SlackApiFailure("msg_too_long")
    if not (text or blocks or message.blocks or message.text):
        raise SlackApiFailure("no_text")
    slack._update(message, None if text is None else str(text), blocks)
    return {"channel": message.channel, "ts": message.ts, "text": message.text, "message": message.as_slack()}


def _chat_get_permalink(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    message = _find_message(slack, params, "message_ts")
    permalink = f"https://{DEFAULT_TEAM_DOMAIN}.slack.com/archives/{message.channel}/p{message.ts.replace('.', '')}"
    if message.thread_ts and message.thread_ts != message.ts:
        permalink += f"?thread_ts={message.thread_ts}&cid={message.channel}"
    return {"channel": message.channel, "permalink": permalink}


def _conversations_open(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("channel"):
        channel_id = _resolve_channel(slack, params)
        return {"no_op": True, "already_open": True, "channel": {"id": channel_id}}
    users = [u for u in str(params.get("users") or "").split(",") if u]
    if not users:
        raise SlackApiFailure("users_list_not_supplied")
    if any(user not in slack.users for user in users):
        raise SlackApiFailure("user_not_found")
    if len(users) > 1:
        raise SlackApiFailure("not_supported", messages=["the stand-in opens one-to-one DMs only"])
    already = any(c.is_im and c.user == users[0] for c in slack._channels.values())
    channel_id = slack.dm_channel(users[0])
    channel: dict[str, Any] = {"id": channel_id}
    if _truthy(params.get("return_im")):
        channel.update({"created": 1732456789, "is_im": True, "is_org_shared": False, "user": users[0]})
    return {"no_op": already, "already_open": already, "channel": channel}


def _validate_view(raw: Any, *, expected_type: str) -> dict[str, Any]:
    view = _maybe_json(raw)
    if not isinstance(view, dict):
        raise SlackApiFailure("invalid_arguments", messages=["[ERROR] missing required field: view"])
    problems = []
    if view.get("type") != expected_type:
        problems.append(f"[ERROR] must be '{expected_type}' [json-pointer:/view/type]")
    if expected_type == "modal":
        title = (view.get("title") or {}).get("text", "")
        if not 1 <= len(title) <= 24:
            problems.append("[ERROR] must be between 1 and 24 characters [json-pointer:/view/title/text]")
        for name in ("submit", "close"):
            if view.get(name) is not None:
                problems += _text_problems(view[name], f"/view/{name}", limit=24, plain_only=True)
        blocks = _maybe_json(view.get("blocks"))
        if view.get("submit") is None and isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        ):
            problems.append("[ERROR] submit is required when an input block is within the blocks [json-pointer:/view/submit]")
    if len(str(view.get("callback_id", ""))) > 255:
        problems.append("[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]")
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append("[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]")
    if problems:
        raise SlackApiFailure("invalid_arguments", messages=problems)
    try:
        view["blocks"] = _validate_blocks(view.get("blocks"), MAX_VIEW_BLOCKS)
    except SlackApiFailure as failure:
        raise SlackApiFailure("invalid_arguments", messages=failure.messages or [failure.error]) from None
    return view


def _store_view(slack: SlackRecorder, view: dict[str, Any], *, user: str | None, previous: dict[str, Any] | None) -> dict[str, Any]:
    view_id = previous["id"] if previous else slack._new_id("V")
    stored = {
        "id": view_id,
        "team_id": slack.team_id,
        "type": view["type"],
        "blocks": view.get("blocks", []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": {}},
        "hash": f"{int(slack.clock())}.{secrets.token_hex(4)}",
        "title": view.get("title"),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "close": view.get("close"),
        "submit": view.get("submit"),
        "previous_view_id": None,
        "root_view_id": previous["root_view_id"] if previous else view_id,
        "app_id": APP_ID,
        "external_id": view.get("external_id", previous.get("external_id", "") if previous else ""),
        "app_installed_team_id": slack.team_id,
        "bot_id": BOT_ID,
        "user": user if user is not None else (previous or {}).get("user"),
    }
    slack.views[view_id] = stored
    return stored


def _check_hash(params: Mapping[str, Any], current: Mapping[str, Any]) -> None:
    if params.get("hash") and params["hash"] != current.get("hash"):
        raise SlackApiFailure("hash_conflict")


def _views_open(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    trigger = params.get("trigger_id") or params.get("interactivity_pointer")
    if not trigger:
        raise SlackApiFailure("invalid_arguments", messages=["[ERROR] missing required field: trigger_id"])
    if trigger in slack._used_triggers:
        raise SlackApiFailure("exchanged_trigger_id")
    issued = slack._triggers.get(str(trigger))
    if issued is None:  # made up, or from another workspace: Slack's documented answer
        raise SlackApiFailure("invalid_arguments", messages=["invalid `trigger_id`"])
    if slack.clock() - issued.minted > TRIGGER_TTL_SECONDS:
        raise SlackApiFailure("expired_trigger_id")
    view = _validate_view(params.get("view"), expected_type="modal")
    slack._used_triggers.add(str(trigger))
    stored = _store_view(slack, view, user=issued.user_id, previous=None)
    return {"view": stored}


def _views_update(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("view_id"):
        current = slack.views.get(str(params["view_id"]))
    elif params.get("external_id"):
        current = next((v for v in slack.views.values() if v.get("external_id") == params["external_id"]), None)
    else:
        raise SlackApiFailure("invalid_arguments", messages=["[ERROR] view_id or external_id is required"])
    if current is None:
        raise SlackApiFailure("not_found")
    _check_hash(params, current)
    view = _validate_view(params.get("view"), expected_type=current["type"])
    return {"view": _store_view(slack, view, user=None, previous=current)}


def _views_publish(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    user = _require(params, "user_id")
    if user not in slack.users:
        raise SlackApiFailure("invalid_arguments", messages=["[ERROR] user_id is not a user of this workspace"])
    current = slack.home_views.get(user)
    if current is not None:
        _check_hash(params, current)
    view = _validate_view(params.get("view"), expected_type="home")
    stored = _store_view(slack, view, user=user, previous=current)
    slack.home_views[user] = stored
    return {"view": stored}


def _need_scope(slack: SlackRecorder, *needed: str) -> None:
    """``missing_scope`` (with ``needed`` and ``provided``, as Slack answers) unless the token has every scope."""
    if missing := [scope for scope in needed if scope not in slack.scopes]:
        raise SlackApiFailure("missing_scope", extra={"needed": ",".join(missing), "provided": ",".join(slack.scopes)})


def _conversations_info(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    """A channel by id (Slack's ``conversations.info`` takes no name): ``channels:read`` for a public channel,
    ``groups:read`` for a private one, and a private channel the bot is not in is ``channel_not_found``."""
    channel = slack._channels.get(_require(params, "channel", "channel_not_found"))
    if channel is None:
        raise SlackApiFailure("channel_not_found")
    if channel.is_im:
        _need_scope(slack, "im:read")
        return {"channel": {"id": channel.id, "is_im": True, "user": channel.user, "created": channel.created,
                            "is_org_shared": False, "is_archived": False}}
    _need_scope(slack, "groups:read" if channel.is_private else "channels:read")
    if _hidden(channel):
        raise SlackApiFailure("channel_not_found")
    return {"channel": channel.as_slack(slack.team_id)}


_CONVERSATION_TYPE_SCOPES = {"public_channel": "channels:read", "private_channel": "groups:read", "im": "im:read",
                             "mpim": "mpim:read"}


def _conversations_list(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    """Channels the bot can see, a page at a time (``limit`` up to 1000, ``cursor``): every public channel (with
    ``is_member``) and the private ones it is in; archived ones unless ``exclude_archived``."""
    types = [t.strip() for t in str(params.get("types") or "public_channel").split(",") if t.strip()]
    if unknown := [t for t in types if t not in _CONVERSATION_TYPE_SCOPES]:
        raise SlackApiFailure("invalid_types", messages=[f"[ERROR] unknown type: {unknown[0]}"])
    _need_scope(slack, *dict.fromkeys(_CONVERSATION_TYPE_SCOPES[t] for t in types))
    try:
        limit = min(max(int(params.get("limit") or 100), 1), 1000)
    except ValueError:
        raise SlackApiFailure("invalid_limit") from None
    exclude_archived = _truthy(params.get("exclude_archived"))
    listed = [
        c for c in slack._channels.values()
        if not c.is_im and not _hidden(c) and not (exclude_archived and c.is_archived)
        and ("private_channel" if c.is_private else "public_channel") in types
    ]
    start = _cursor_offset(params)
    page = listed[start:start + limit]
    following = start + limit
    next_cursor = base64.b64encode(f"offset:{following}".encode()).decode() if following < len(listed) else ""
    return {"channels": [c.as_slack(slack.team_id) for c in page], "response_metadata": {"next_cursor": next_cursor}}


def _users_lookup_by_email(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    email = _require(params, "email", "users_not_found").lower()
    for user in slack.users.values():
        if str(user["profile"].get("email", "")).lower() == email:
            return {"user": user}
    raise SlackApiFailure("users_not_found")


def _users_info(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    user = slack.users.get(str(params.get("user", "")))
    if user is None:
        raise SlackApiFailure("user_not_found")
    return {"user": user}


def _usergroups_users_list(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    group = str(params.get("usergroup", ""))
    if group not in slack.usergroups:
        raise SlackApiFailure("no_such_subteam")
    return {"users": list(slack.usergroups[group])}


def _apps_connections_open(slack: SlackRecorder, params: dict[str, Any]) -> dict[str, Any]:
    """Socket Mode's WebSocket address (nothing listens there: the stand-in speaks HTTP only)."""
    return {"url": f"wss://wss.slack.sandbox/link/?ticket={uuid.uuid4().hex}"}


_METHODS: dict[str, Callable[[SlackRecorder, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "chat.postMessage": _chat_post_message,
    "chat.postEphemeral": _chat_post_ephemeral,
    "chat.update": _chat_update,
    "chat.getPermalink": _chat_get_permalink,
    "conversations.open": _conversations_open,
    "conversations.info": _conversations_info,
    "conversations.list": _conversations_list,
    "conversations.history": _conversations_history,
    "conversations.replies": _conversations_replies,
    "views.open": _views_open,
    "views.update": _views_update,
    "views.publish": _views_publish,
    "users.lookupByEmail": _users_lookup_by_email,
    "users.info": _users_info,
    "usergroups.users.list": _usergroups_users_list,
    "apps.connections.open": _apps_connections_open,
}

#: The Web API methods the stand-in answers.
SUPPORTED_METHODS = frozenset(_METHODS)


def _token(request: Request, params: dict[str, Any]) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    token = params.get("token")
    return str(token) if token else None


async def _web_api(request: Request) -> Response:
    slack: SlackRecorder = request.app.state.slack
    method = request.path_params["method"]
    status = 200
    headers = {"x-oauth-scopes": ",".join(slack.scopes), "x-accepted-oauth-scopes": ""}
    params: dict[str, Any] = {}
    try:
        params = await _read_params(request)
        token = _token(request, params)
        params.pop("token", None)
        if slack._rate_limited > 0:
            slack._rate_limited -= 1
            status = 429
            headers["Retry-After"] = str(slack._retry_after)
            raise SlackApiFailure("ratelimited")
        if token is None:
            raise SlackApiFailure("not_authed")
        app_level = slack.app_token is not None and secrets.compare_digest(token, slack.app_token)
        if not app_level and not secrets.compare_digest(token, slack.bot_token):
            raise SlackApiFailure("invalid_auth")
        if app_level != (method == "apps.connections.open"):  # each token its own methods, as in Slack
            raise SlackApiFailure("not_allowed_token_type")
        handler = _METHODS.get(method)
        if handler is None:
            raise SlackApiFailure("unknown_method")
        body: dict[str, Any] = {"ok": True, **handler(slack, params)}
        if slack._lost_answers.get(method, 0) > 0:  # done, but the answer never reaches the caller
            slack._lost_answers[method] -= 1
            slack.calls.append(ApiCall(method=method, params=params, at=slack.clock(), status=502, response=body))
            return HTMLResponse("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>",
                                status_code=502)  # a proxy's page, as nginx sends one
    except SlackApiFailure as failure:
        body = {"ok": False, "error": failure.error, **failure.extra}
        if failure.messages:
            body["response_metadata"] = {"messages": failure.messages}
    slack.calls.append(ApiCall(method=method, params=params, at=slack.clock(), status=status, response=body))
    logger.debug("slack stand-in %s -> %s %s", method, status, body.get("error", "ok"))
    return JSONResponse(body, status_code=status, headers=headers)


async def _response_url(request: Request) -> Response:
    slack: SlackRecorder = request.app.state.slack
    response_url = slack.response_urls.get(request.path_params["response_id"])
    if response_url is None or slack.clock() - response_url.minted > RESPONSE_URL_TTL_SECONDS:
        return PlainTextResponse("expired_url", status_code=404)
    if response_url.uses >= RESPONSE_URL_MAX_USES:
        return PlainTextResponse("used_url", status_code=404)
    raw = await request.body()
    try:
        if "application/json" in request.headers.get("content-type", ""):
            payload = json.loads(raw or b"{}")
        else:
            payload = json.loads(dict(parse_qsl(raw.decode("utf-8"))).get("payload", "{}"))
        text, blocks = _message_content(payload, required=not _truthy(payload.get("delete_original")))
    except (json.JSONDecodeError, SlackApiFailure) as exc:
        error = exc.error if isinstance(exc, SlackApiFailure) else "invalid_payload"
        return PlainTextResponse(error, status_code=400)
    response_url.uses += 1
    post = _apply_response(slack, response_url, payload, text, blocks)
    slack.responses.append(post)
    return PlainTextResponse("ok")


def _apply_response(
    slack: SlackRecorder, response_url: ResponseUrl, payload: Mapping[str, Any], text: str, blocks: list[dict[str, Any]]
) -> ResponsePost:
    response_type = str(payload.get("response_type") or "ephemeral")
    replace = _truthy(payload.get("replace_original"))
    delete = _truthy(payload.get("delete_original"))
    thread_ts = payload.get("thread_ts") or None
    channel_id, user_id = response_url.channel_id, response_url.user_id
    source_ts = response_url.message_ts
    original = slack._by_ts.get((channel_id, source_ts)) if source_ts and not response_url.message_is_ephemeral else None
    original_ephemeral = next(
        (e for e in slack.ephemerals if response_url.message_is_ephemeral and e.ts == source_ts and e.user == user_id),
        None,
    )
    action = response_type
    if delete and (original or original_ephemeral):
        action = "deleted"
        if original:
            original.deleted = True
        if original_ephemeral:
            original_ephemeral.deleted = True
    elif replace and original:
        action = "replaced"
        slack._update(original, text, blocks)
    elif response_type == "in_channel":
        slack._post(channel_id, text, blocks, thread_ts)
    else:
        ephemeral = EphemeralMessage(
            channel=channel_id, user=user_id, ts=slack.next_ts(), text=text, blocks=blocks, via="response_url", thread_ts=thread_ts
        )
        if replace and original_ephemeral:
            action = "replaced"
            original_ephemeral.replaced_by = ephemeral
        slack.ephemerals.append(ephemeral)
    return ResponsePost(
        response_url_id=response_url.id,
        channel_id=channel_id,
        user_id=user_id,
        action=action,
        response_type=response_type,
        replace_original=replace,
        delete_original=delete,
        text=text,
        blocks=blocks,
        at=slack.clock(),
        thread_ts=thread_ts,
    )


def create_slack_api(
    *,
    bot_token: str,
    team_id: str = DEFAULT_TEAM_ID,
    users: list[dict[str, Any]] | None = None,
    usergroups: Mapping[str, Sequence[str]] | None = None,
    channels: Iterable[str] = DEFAULT_CHANNELS,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """The stand-in Slack as a Starlette app: Web API at ``/api/{method}``, response URLs at ``/response/{id}``.

    Its state is ``app.state.slack`` (a :class:`SlackRecorder`).
    """
    app = Starlette(
        routes=[
            Route("/api/{method}", _web_api, methods=["GET", "POST"]),
            Route("/response/{response_id:path}", _response_url, methods=["POST"]),
        ]
    )
    app.state.slack = SlackRecorder(
        bot_token=bot_token, team_id=team_id, users=users, usergroups=usergroups, channels=channels, clock=clock
    )
    return app


#: The name of the task serving the stand-in Slack (it runs until the stand-in stops).
STAND_IN_SLACK_TASK = "stand-in-slack"


@contextlib.asynccontextmanager
async def running_slack_api(app: Starlette, *, host: str = "127.0.0.1") -> AsyncIterator[str]:
    """Serve the stand-in on an ephemeral loopback port with uvicorn; yields the Web API base URL.

    ``slack_sdk``'s async clients (and Bolt's ``respond()``) use aiohttp, so they need a real socket.
    The recorder's :attr:`SlackRecorder.root_url` is set so minted response URLs point here too.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = _StandInServer(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]), name=STAND_IN_SLACK_TASK)
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the stand-in Slack stopped before it started")
            await asyncio.sleep(0.005)
        root = f"http://{host}:{port}"
        recorder = getattr(app.state, "slack", None)
        if isinstance(recorder, SlackRecorder):
            recorder.root_url = root
        yield f"{root}/api/"
    finally:
        server.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


class _StandInServer(uvicorn.Server):
    """uvicorn's server, stopped at once: its main loop looks for ``should_exit`` every 0.1 s and its shutdown
    waits 0.1 s more for connections to finish, which the tests (hundreds of stand-in Slacks started and stopped)
    paid each time. By the time the stand-in stops, its clients are done."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._stopped = asyncio.Event()

    def stop(self) -> None:
        self.should_exit = True
        self._stopped.set()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Ctrl-C and SIGTERM are the process's (the demo's, pytest's), not this stand-in's to swallow."""
        yield

    async def main_loop(self) -> None:
        await self.on_tick(0)  # the Date header and the like, once
        await self._stopped.wait()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()


# ---------------------------------------------------------------------------------------------------
# Terminal rendering

_EMOJI = {
    ":clock3:": "🕒",
    ":warning:": "⚠",
    ":rotating_light:": "🚨",
    ":information_source:": "ℹ",
    ":white_check_mark:": "✅",
    ":heavy_check_mark:": "✔",
    ":x:": "✖",
    ":zzz:": "💤",
    ":arrow_right:": "→",
    ":sparkles:": "✨",
    ":bulb:": "💡",
    ":no_entry:": "⛔",
    ":hourglass:": "⌛",
    ":lock:": "🔒",
    ":tada:": "🎉",
    ":outbox_tray:": "📤",
    ":large_green_circle:": "🟢",
    ":large_yellow_circle:": "🟡",
    ":red_circle:": "🔴",
    ":white_circle:": "⚪",
    ":hourglass_flowing_sand:": "⏳",
    ":triangular_flag_on_post:": "🚩",
    ":busts_in_silhouette:": "👥",
    ":no_entry_sign:": "🚫",
    ":no_bell:": "🔕",
    ":leftwards_arrow_with_hook:": "↩",
}
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")


def _plain(text: str, users: Mapping[str, str]) -> str:
    def link(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "@" + (label or users.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return f"{label} ({target})" if label else target

    text = _LINK.sub(link, text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _STRIKE.sub(r"\1 (struck)", text)
    text = text.replace("`", "")
    text = re.sub(r"(?m)^>", "│ ", text)
    for code, symbol in _EMOJI.items():
        text = text.replace(code, symbol)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text_of(obj: Any, users: Mapping[str, str]) -> str:
    if isinstance(obj, dict):
        return _plain(str(obj.get("text", "")), users)
    return _plain(str(obj or ""), users)


def _button_label(element: Mapping[str, Any], users: Mapping[str, str]) -> str:
    return f"[ {_text_of(element.get('text'), users)} ]"


def _element_label(element: Mapping[str, Any], users: Mapping[str, str]) -> str:
    kind = element.get("type")
    if kind == "button":
        return _button_label(element, users)
    if kind in ("mrkdwn", "plain_text"):
        return _text_of(element, users)
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    placeholder = _text_of(element.get("placeholder"), users)
    return f"[{kind}{': ' + placeholder if placeholder else ''}]"


def _wrapped(cell: str, column: int) -> list[str]:
    """A field's lines wrapped to its column, as Slack wraps a field inside its half of the message."""
    lines = [piece for line in cell.splitlines() for piece in textwrap.wrap(line, column, subsequent_indent="  ") or [""]]
    return lines or [""]


def _two_columns(cells: list[str], width: int) -> list[str]:
    column = max(width // 2 - 2, 10)
    lines: list[str] = []
    for left, right in itertools.zip_longest(cells[::2], cells[1::2], fillvalue=""):
        left_lines, right_lines = _wrapped(left, column), _wrapped(right, column)
        for a, b in itertools.zip_longest(left_lines, right_lines, fillvalue=""):
            lines.append(f"{a:<{column}}  {b}".rstrip())
    return lines


def _render_block(block: Mapping[str, Any], users: Mapping[str, str], width: int) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        title = _text_of(block.get("text"), users)
        return [title, "═" * min(max(len(title), 3), width)]
    if kind == "divider":
        return ["─" * width]
    if kind == "section":
        lines = _text_of(block.get("text"), users).splitlines() if block.get("text") else []
        if block.get("fields"):
            lines += _two_columns([_text_of(f, users) for f in block["fields"]], width)
        if block.get("accessory"):
            label = _element_label(block["accessory"], users)
            lines = lines or [""]
            lines[0] = f"{lines[0]}  {label}"
        return lines
    if kind == "context":
        return ["  " + "  ·  ".join(_element_label(e, users) for e in block.get("elements", []))]
    if kind == "actions":
        return ["  ".join(_element_label(e, users) for e in block.get("elements", []))]
    if kind == "input":
        element = block.get("element", {})
        value = element.get("initial_value") or _text_of(element.get("placeholder"), users)
        optional = " (optional)" if block.get("optional") else ""
        return [f"{_text_of(block.get('label'), users)}{optional}:", f"[ {value} ]"]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    return [f"[{kind} block]"]


def render_terminal(message: Any, *, users: Mapping[str, str] | None = None, width: int = 72) -> str:
    """Render a recorded message, view or block list readably for a terminal (the demo's output).

    Accepts a :class:`PostedMessage`, :class:`EphemeralMessage`, :class:`ResponsePost`, a dict with
    ``blocks``/``text`` (a message or a view), an object with ``to_kwargs()``, or a list of blocks.
    ``users`` maps user ids to names for ``<@U…>`` mentions.
    """
    names = dict(users or {})
    if hasattr(message, "to_kwargs"):
        message = message.to_kwargs()
    if isinstance(message, (PostedMessage, EphemeralMessage, ResponsePost)):
        data: dict[str, Any] = {"text": message.text, "blocks": message.blocks}
    elif isinstance(message, list):
        data = {"blocks": message}
    else:
        data = dict(message)
    blocks = [b.to_dict() if isinstance(b, Block) else b for b in data.get("blocks") or []]
    lines: list[str] = []
    if data.get("type") in ("modal", "home"):
        title = _text_of(data.get("title"), names) or "Home"
        lines += [f"┌ {title} ({data['type']})", ""]
    if not blocks:
        lines.append(_plain(str(data.get("text", "")), names))
    for block in blocks:
        lines.extend(_render_block(block, names, width))
    if data.get("type") == "modal" and data.get("submit"):
        lines.append(f"[ {_text_of(data.get('close'), names) or 'Cancel'} ]  [ {_text_of(data['submit'], names)} ]")
    return "\n".join(lines)
