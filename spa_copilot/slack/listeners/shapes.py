"""What the copilot's listeners read from a Slack request, checked before any of them runs.

Slack always sends a click, a form or an event of one shape; a signed request of another shape (a user that is a
string, a button's value that is an object, no ``response_url`` to answer under, an ``event_id`` that is no string)
can only come from someone holding the signing secret, or from a Slack change. Checked here once, before Bolt
authorizes the request or picks a listener, such a request is refused as a whole (``slack/app.py``): no listener
starts, so nothing is looked up, written or sent, and there is no half-done work and no traceback.

Only what the copilot owns is checked: a button or form id of its own (``ids``), its slash command (under any
name) and the events it subscribes to. A retired id is the fallback's (``fallback.py``), which reads any shape.
A payload Bolt itself cannot read (``actions`` or ``view`` that is no list or object, an event that is no object)
is left to Bolt, whose failure ``slack/app.py``'s error hook answers the same way.

Values of the right shape that the copilot cannot use keep their own answers: a fill button's value that is no
``proposal|revision`` (a card of another version) gets the stale-card note, a form's ``private_metadata`` that is
no JSON the form's inline error, a proposal that no longer exists the note saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spa_copilot.slack import ids

#: Buttons on a message (a card or an alert) answered through the message's ``response_url``.
_ON_A_MESSAGE = frozenset(
    {ids.APPROVE_FILL, ids.EDIT_FILL, ids.NEXT_CANDIDATE, ids.REJECT_FILL, ids.HOLD_BACK_FILL, ids.ACK_CONFLICT,
     ids.SNOOZE_CONFLICT, ids.ACK_CONFLICT_SUMMARY}
)
#: Buttons whose listener reads which message was clicked from ``container`` (its ``channel_id`` and ``message_ts``).
_READING_THE_MESSAGE = frozenset({ids.ACK_CONFLICT_SUMMARY})
#: Buttons that open a modal, which needs the click's ``trigger_id``.
_OPENING_A_MODAL = frozenset({ids.EDIT_FILL, ids.REJECT_FILL, ids.HOME_OPEN_PROPOSAL})
#: Fields Slack sends as an object (or not at all) that Bolt or a listener reads as one.
_OBJECTS = ("channel", "container", "message", "view", "team", "enterprise")


class Malformed(Exception):  # noqa: N818 - a finding, not an error raised to a caller
    """A request's payload has not the shape Slack gives it: ``what`` names the request's kind and owned id (never
    anything else of the payload), ``field`` the first field found wrong."""

    def __init__(self, what: str, field: str) -> None:
        super().__init__(f"{what}: {field}")
        self.what, self.field = what, field


def check(body: object) -> None:
    """Raise :class:`Malformed` when ``body`` (a request Bolt parsed) is one the copilot owns but of a shape its
    listeners cannot read; return for anything else."""
    if not isinstance(body, Mapping):
        return
    kind = body.get("type")
    if kind == "block_actions":
        _check_click(body)
    elif kind in ("view_submission", "view_closed"):
        _check_form(body, kind)
    elif kind == "event_callback":
        _check_event(body)
    elif kind is None and "command" in body:
        _check_command(body)


def _check_click(body: Mapping[str, Any]) -> None:
    actions = body.get("actions")
    if actions is None:  # no button was clicked: nothing any listener, the fallback's too, can answer
        raise Malformed("block_actions", "actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
        return  # Bolt cannot match it to a listener: its error hook answers it
    action_id = actions[0].get("action_id")
    if not isinstance(action_id, str) or action_id not in ids.ACTION_IDS:
        return  # a retired button: the fallback's
    what = f"block_actions {action_id}"
    _check_user(body, what)
    _check_objects(body, what)
    value = actions[0].get("value")
    if value is not None and not isinstance(value, str):
        raise Malformed(what, "actions[0].value")
    if action_id in _ON_A_MESSAGE and not _text(body.get("response_url")):
        raise Malformed(what, "response_url")
    if action_id in _OPENING_A_MODAL and not _text(body.get("trigger_id")):
        raise Malformed(what, "trigger_id")
    if action_id in _READING_THE_MESSAGE:
        container = body.get("container")
        if not isinstance(container, Mapping) or not all(_text(container.get(f)) for f in ("channel_id", "message_ts")):
            raise Malformed(what, "container")


def _check_form(body: Mapping[str, Any], kind: str) -> None:
    view = body.get("view")
    if not isinstance(view, Mapping) or "type" not in view:
        return  # Bolt cannot match it to a listener: its error hook answers it
    callback_id = view.get("callback_id")
    if not isinstance(callback_id, str) or callback_id not in ids.VIEW_CALLBACK_IDS:
        return  # a retired form: the fallback's
    what = f"{kind} {callback_id}"
    _check_user(body, what)
    _check_objects(body, what)
    if not isinstance(view.get("private_metadata", ""), str):
        raise Malformed(what, "view.private_metadata")
    if kind == "view_closed":
        return
    state = view.get("state")
    values = state.get("values") if isinstance(state, Mapping) else None
    if not isinstance(values, Mapping):
        raise Malformed(what, "view.state.values")
    for block in values.values():
        if not isinstance(block, Mapping) or not all(isinstance(element, Mapping) for element in block.values()):
            raise Malformed(what, "view.state.values")
        for element in block.values():
            if element.get("value") is not None and not isinstance(element.get("value"), str):
                raise Malformed(what, "view.state.values")


def _check_event(body: Mapping[str, Any]) -> None:
    event = body.get("event")
    if not isinstance(event, Mapping):
        return  # Bolt's authorization cannot read it: its error hook answers it
    kind = event.get("type")
    if not isinstance(kind, str) or kind not in ids.EVENT_TYPES:
        return  # not one the copilot subscribes to: the fallback acknowledges it (``fallback.unknown_event``)
    if "event_id" in body and not isinstance(body["event_id"], str):
        raise Malformed(f"event_callback {kind}", "event_id")


def _check_command(body: Mapping[str, Any]) -> None:
    # form-encoded: every field is a string, and a field Slack always sends can only be missing or empty
    if not _text(body.get("user_id")):
        raise Malformed("slash command", "user_id")
    if not _text(body.get("response_url")):
        raise Malformed("slash command", "response_url")


def _check_user(body: Mapping[str, Any], what: str) -> None:
    user = body.get("user")
    if not isinstance(user, Mapping) or not _text(user.get("id")):
        raise Malformed(what, "user")


def _check_objects(body: Mapping[str, Any], what: str) -> None:
    for name in _OBJECTS:
        if body.get(name) is not None and not isinstance(body[name], Mapping):
            raise Malformed(what, name)
    message = body.get("message")
    if isinstance(message, Mapping) and not _text(message.get("ts")):
        raise Malformed(what, "message.ts")


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
