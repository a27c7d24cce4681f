"""Send the app what Slack sends it: signed slash commands, interactions and Events API callbacks.

Bodies are shaped and encoded like Slack's (form-encoded commands, form-encoded ``payload=<json>`` for
``block_actions`` and ``view_submission``, JSON for events) and signed with the app's signing secret
(``v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{body}"))``, computed by ``slack_sdk``'s
``SignatureVerifier`` as Bolt verifies it). Every call can override the timestamp (a replayed, stale
request) or the secret (a forged one). Works over any ``httpx.AsyncClient``: an ``ASGITransport`` for the
app in-process, or a real base URL.

Given the stand-in workspace (``app.state.slack`` of ``slack_api``), response URLs and trigger ids are
minted there, so ``respond()`` and ``views.open`` land in the stand-in as they would in Slack.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from spa_copilot.sandbox.slack_api import (
    APP_ID,
    BOT_USER_ID,
    DEFAULT_TEAM_DOMAIN,
    DEFAULT_TEAM_ID,
    EphemeralMessage,
    PostedMessage,
)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
DEFAULT_CHANNEL = "front-desk"


class SlackWorkspace(Protocol):
    """What the sender needs from the stand-in Slack (``SlackRecorder`` provides it)."""

    users: dict[str, dict[str, Any]]

    def new_response_url(
        self,
        *,
        channel_id: str,
        user_id: str,
        source: str = ...,
        message_ts: str | None = ...,
        message_is_ephemeral: bool = ...,
    ) -> str: ...

    def new_trigger_id(self, user_id: str) -> str: ...

    def channel_id(self, ref: str) -> str | None: ...

    def dm_channel(self, user_id: str) -> str: ...


class SlackSender:
    """Signed requests to a Bolt app at ``path`` on ``http``, the way Slack sends them."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        signing_secret: str,
        path: str = "/slack/events",
        workspace: SlackWorkspace | None = None,
        team_id: str = DEFAULT_TEAM_ID,
        team_domain: str = DEFAULT_TEAM_DOMAIN,
        api_app_id: str = APP_ID,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.http = http
        self.signing_secret = signing_secret
        self.path = path
        self.workspace = workspace
        self.team_id = team_id
        self.team_domain = team_domain
        self.api_app_id = api_app_id
        self.clock = clock
        self._counter = itertools.count(1)

    # ---- signing and sending

    def signature_headers(self, body: str, *, timestamp: int | None = None, signing_secret: str | None = None) -> dict[str, str]:
        """``X-Slack-Request-Timestamp`` and ``X-Slack-Signature`` for a body."""
        stamp = str(int(self.clock()) if timestamp is None else timestamp)
        verifier = SignatureVerifier(signing_secret if signing_secret is not None else self.signing_secret)
        signature = verifier.generate_signature(timestamp=stamp, body=body)
        assert signature is not None  # only None without a timestamp
        return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}

    async def send(
        self,
        body: str,
        *,
        content_type: str,
        timestamp: int | None = None,
        signing_secret: str | None = None,
        signed: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """POST a raw body to the app, signed unless ``signed=False``."""
        all_headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        if signed:
            all_headers.update(self.signature_headers(body, timestamp=timestamp, signing_secret=signing_secret))
        all_headers.update(headers or {})
        return await self.http.post(self.path, content=body.encode("utf-8"), headers=all_headers)

    # ---- helpers

    def _user(self, user_id: str, user_name: str | None) -> dict[str, str]:
        known = self.workspace.users.get(user_id) if self.workspace else None
        name = user_name or (known["name"] if known else user_id.lower())
        return {"id": user_id, "username": name, "name": name, "team_id": self.team_id}

    def _channel(self, channel: str) -> str:
        if self.workspace is not None:
            channel_id = self.workspace.channel_id(channel)
            if channel_id is None:
                raise LookupError(f"the stand-in workspace has no channel {channel!r}")
            return channel_id
        return channel if channel[:1] in ("C", "D", "G") and channel.isupper() else "C0SANDBOX1"

    def _trigger_id(self, user_id: str) -> str:
        if self.workspace is not None:
            return self.workspace.new_trigger_id(user_id)
        return f"{int(self.clock())}.{next(self._counter)}.{secrets.token_hex(16)}"

    def _response_url(self, **kwargs: Any) -> str:
        if self.workspace is not None:
            return self.workspace.new_response_url(**kwargs)
        return f"https://hooks.slack.com/actions/{self.team_id}/{next(self._counter)}/{secrets.token_hex(12)}"

    def _action_ts(self) -> str:
        now = self.clock()
        return f"{now:.6f}"

    def _team(self) -> dict[str, str]:
        return {"id": self.team_id, "domain": self.team_domain}

    # ---- slash commands

    async def slash_command(
        self,
        text: str = "",
        *,
        user_id: str,
        user_name: str | None = None,
        channel: str = DEFAULT_CHANNEL,
        command: str = "/spa",
        escape_mentions: bool = True,
        timestamp: int | None = None,
        signing_secret: str | None = None,
    ) -> httpx.Response:
        """``/spa text`` typed by ``user_id`` in ``channel`` (an id, a name, or a user id for the DM).

        As Slack does, the typed ``&``, ``<`` and ``>`` arrive as ``&amp;``, ``&lt;`` and ``&gt;``. With
        ``escape_mentions`` (the manifest's ``should_escape: true``), ``@name`` and ``#channel`` of the
        workspace then arrive as ``<@U…|name>`` and ``<#C…|channel>``, as Slack sends them.
        """
        channel_id = self._channel(channel)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if escape_mentions:
            text = self._escape_mentions(text)
        fields = {
            "token": "sandbox-verification-token",
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": "directmessage" if channel_id.startswith("D") else channel.lstrip("#"),
            "user_id": user_id,
            "user_name": self._user(user_id, user_name)["name"],
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self._response_url(channel_id=channel_id, user_id=user_id, source="command"),
            "trigger_id": self._trigger_id(user_id),
        }
        return await self.send(urlencode(fields), content_type=FORM, timestamp=timestamp, signing_secret=signing_secret)

    def _escape_mentions(self, text: str) -> str:
        if self.workspace is None:
            return text
        by_name = {str(u["name"]).lower(): user_id for user_id, u in self.workspace.users.items()}

        def user(match: re.Match[str]) -> str:
            user_id = by_name.get(match.group(1).lower())
            return f"<@{user_id}|{match.group(1)}>" if user_id else match.group(0)

        def channel(match: re.Match[str]) -> str:
            channel_id = self.workspace.channel_id(match.group(1)) if self.workspace else None
            return f"<#{channel_id}|{match.group(1)}>" if channel_id and channel_id.startswith("C") else match.group(0)

        text = re.sub(r"(?<![\w<])@([\w.\-]+)", user, text)
        return re.sub(r"(?<![\w<&])#([\w\-]+)", channel, text)

    # ---- interactions

    async def interaction(
        self, payload: Mapping[str, Any], *, timestamp: int | None = None, signing_secret: str | None = None
    ) -> httpx.Response:
        """Any interaction payload, form-encoded as ``payload=<json>``."""
        body = urlencode({"payload": json.dumps(payload, separators=(",", ":"))})
        return await self.send(body, content_type=FORM, timestamp=timestamp, signing_secret=signing_secret)

    def block_actions_payload(
        self,
        message: PostedMessage | EphemeralMessage | Mapping[str, Any],
        action_id: str,
        *,
        user_id: str,
        value: str | None = None,
        block_id: str | None = None,
        channel: str | None = None,
        user_name: str | None = None,
    ) -> dict[str, Any]:
        """The ``block_actions`` payload of clicking the button ``action_id`` in a posted message."""
        if isinstance(message, PostedMessage):
            blocks, ts, channel_id, is_ephemeral = message.blocks, message.ts, message.channel, False
            message_body: dict[str, Any] | None = message.as_slack()
        elif isinstance(message, EphemeralMessage):
            blocks, ts, channel_id, is_ephemeral = message.blocks, message.ts, message.channel, True
            message_body = None  # Slack sends no message body for clicks in ephemeral messages
        else:
            blocks, ts, is_ephemeral = list(message.get("blocks", [])), str(message["ts"]), False
            channel_id = self._channel(channel) if channel else str(message.get("channel", ""))
            message_body = dict(message)
        if not channel_id:
            raise ValueError("a channel is needed to click in a message dict without one")
        action = _action_from_blocks(blocks, action_id, block_id=block_id, value=value, action_ts=self._action_ts())
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id, user_name),
            "api_app_id": self.api_app_id,
            "token": "sandbox-verification-token",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel_id, "is_ephemeral": is_ephemeral},
            "trigger_id": self._trigger_id(user_id),
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": "directmessage" if channel_id.startswith("D") else channel_id},
            "state": {"values": {}},
            "response_url": self._response_url(
                channel_id=channel_id,
                user_id=user_id,
                source="block_actions",
                message_ts=ts,
                message_is_ephemeral=is_ephemeral,
            ),
            "actions": [action],
        }
        if message_body is not None:
            payload["message"] = message_body
        return payload

    async def click(
        self,
        message: PostedMessage | EphemeralMessage | Mapping[str, Any],
        action_id: str,
        *,
        user_id: str,
        value: str | None = None,
        block_id: str | None = None,
        channel: str | None = None,
        timestamp: int | None = None,
        signing_secret: str | None = None,
    ) -> httpx.Response:
        """Click the button ``action_id`` in a message (its value and block id are read from the blocks)."""
        payload = self.block_actions_payload(
            message, action_id, user_id=user_id, value=value, block_id=block_id, channel=channel
        )
        return await self.interaction(payload, timestamp=timestamp, signing_secret=signing_secret)

    async def click_in_view(
        self,
        view: Mapping[str, Any],
        action_id: str,
        *,
        user_id: str,
        value: str | None = None,
        block_id: str | None = None,
        timestamp: int | None = None,
        signing_secret: str | None = None,
    ) -> httpx.Response:
        """Click a button in a modal or the Home tab (``view`` as ``views.publish``/``views.open`` returned it)."""
        action = _action_from_blocks(
            view.get("blocks", []), action_id, block_id=block_id, value=value, action_ts=self._action_ts()
        )
        payload = {
            "type": "block_actions",
            "user": self._user(user_id, None),
            "api_app_id": self.api_app_id,
            "token": "sandbox-verification-token",
            "container": {"type": "view", "view_id": view.get("id")},
            "trigger_id": self._trigger_id(user_id),
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
            "view": dict(view),
            "actions": [action],
        }
        return await self.interaction(payload, timestamp=timestamp, signing_secret=signing_secret)

    def view_submission_payload(
        self, view: Mapping[str, Any], *, user_id: str, values: Mapping[str, Mapping[str, Any]] | None = None
    ) -> dict[str, Any]:
        """The ``view_submission`` payload for a modal; ``values`` is ``{block_id: {action_id: input}}``.

        Inputs are given plainly (a string, a list for checkboxes, None to leave empty) and shaped into
        ``view.state.values`` by the element type found in the view's blocks.
        """
        state = _state_values(view.get("blocks", []), values or {})
        submitted = {**dict(view), "state": {"values": state}}
        return {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user_id, None),
            "api_app_id": self.api_app_id,
            "token": "sandbox-verification-token",
            "trigger_id": self._trigger_id(user_id),
            "view": submitted,
            "response_urls": [],
            "enterprise": None,
            "is_enterprise_install": False,
        }

    async def submit_view(
        self,
        view: Mapping[str, Any],
        *,
        user_id: str,
        values: Mapping[str, Mapping[str, Any]] | None = None,
        timestamp: int | None = None,
        signing_secret: str | None = None,
    ) -> httpx.Response:
        """Submit a modal (``view`` as the stand-in stored it) with the given input values."""
        payload = self.view_submission_payload(view, user_id=user_id, values=values)
        return await self.interaction(payload, timestamp=timestamp, signing_secret=signing_secret)

    # ---- events

    def event_envelope(self, event: Mapping[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        """An ``event_callback`` envelope around ``event``."""
        now = int(self.clock())
        return {
            "token": "sandbox-verification-token",
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": dict(event),
            "type": "event_callback",
            "event_id": event_id or f"Ev0{now:X}{next(self._counter):04X}",
            "event_time": now,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{secrets.token_hex(16)}",
        }

    async def event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
        signing_secret: str | None = None,
    ) -> httpx.Response:
        """Deliver an Events API callback; ``retry_num`` marks it as Slack's retry of the same ``event_id``."""
        body = json.dumps(self.event_envelope(event, event_id=event_id), separators=(",", ":"))
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return await self.send(body, content_type=JSON, timestamp=timestamp, signing_secret=signing_secret, headers=headers)

    def app_home_opened_event(self, user_id: str, *, view: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """An ``app_home_opened`` event for ``user_id`` (with the published view, if any)."""
        channel = self.workspace.dm_channel(user_id) if self.workspace else "D0SANDBOX1"
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": channel,
            "tab": "home",
            "event_ts": self._action_ts(),
        }
        if view is not None:
            event["view"] = dict(view)
        return event

    async def app_home_opened(
        self,
        user_id: str,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        timestamp: int | None = None,
        signing_secret: str | None = None,
    ) -> httpx.Response:
        """The user opened the app's Home tab."""
        view = getattr(self.workspace, "home_views", {}).get(user_id) if self.workspace else None
        return await self.event(
            self.app_home_opened_event(user_id, view=view),
            event_id=event_id,
            retry_num=retry_num,
            timestamp=timestamp,
            signing_secret=signing_secret,
        )

    async def url_verification(self, challenge: str = "sandbox-challenge") -> httpx.Response:
        """Slack's handshake when the request URL is saved in the app settings."""
        body = json.dumps({"token": "sandbox-verification-token", "challenge": challenge, "type": "url_verification"})
        return await self.send(body, content_type=JSON)


def _iter_elements(blocks: Sequence[Mapping[str, Any]]) -> list[tuple[str | None, Mapping[str, Any]]]:
    found: list[tuple[str | None, Mapping[str, Any]]] = []
    for block in blocks:
        block_id = block.get("block_id")
        if block.get("type") == "actions":
            found += [(block_id, element) for element in block.get("elements", [])]
        elif block.get("type") == "section" and block.get("accessory"):
            found.append((block_id, block["accessory"]))
        elif block.get("type") == "input" and block.get("element"):
            found.append((block_id, block["element"]))
    return found


def _action_from_blocks(
    blocks: Sequence[Mapping[str, Any]], action_id: str, *, block_id: str | None, value: str | None, action_ts: str
) -> dict[str, Any]:
    for found_block_id, element in _iter_elements(blocks):
        if element.get("action_id") != action_id or (block_id is not None and found_block_id != block_id):
            continue
        action: dict[str, Any] = {
            "action_id": action_id,
            # Slack assigns a random block_id to blocks sent without one.
            "block_id": found_block_id or secrets.token_urlsafe(4),
            "type": element.get("type", "button"),
            "action_ts": action_ts,
        }
        if element.get("type", "button") == "button":
            action["text"] = element.get("text", {"type": "plain_text", "text": action_id})
            action["value"] = value if value is not None else element.get("value")
            if element.get("style"):
                action["style"] = element["style"]
        elif value is not None:
            action["value"] = value
        return action
    raise LookupError(f"no element with action_id {action_id!r} in these blocks")


def _state_values(
    blocks: Sequence[Mapping[str, Any]], values: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, dict[str, Any]]]:
    state: dict[str, dict[str, dict[str, Any]]] = {}
    for block_id, element in _iter_elements(blocks):
        if block_id is None or element.get("type") == "button":
            continue
        action_id = str(element.get("action_id"))
        given = values.get(block_id, {}).get(action_id, element.get("initial_value"))
        state.setdefault(block_id, {})[action_id] = _input_state(element, given)
    unknown = {f"{b}.{a}" for b, actions in values.items() for a in actions} - {
        f"{b}.{a}" for b, actions in state.items() for a in actions
    }
    if unknown:
        raise LookupError(f"no input for {sorted(unknown)} in this view")
    return state


def _option(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value, "emoji": True}, "value": value}


def _input_state(element: Mapping[str, Any], given: Any) -> dict[str, Any]:
    kind = str(element.get("type"))
    if kind in ("static_select", "radio_buttons", "external_select"):
        return {"type": kind, "selected_option": _option(given) if given is not None else None}
    if kind in ("checkboxes", "multi_static_select"):
        return {"type": kind, "selected_options": [_option(v) for v in (given or [])]}
    if kind == "users_select":
        return {"type": kind, "selected_user": given}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": given}
    if kind == "datepicker":
        return {"type": kind, "selected_date": given}
    if kind == "timepicker":
        return {"type": kind, "selected_time": given}
    return {"type": kind, "value": given}
