"""The Bolt app: one factory, used by ``spa-copilot run``, the demo and the tests."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from spa_copilot.copilot import Copilot
from spa_copilot.slack.errors import new_error_id
from spa_copilot.slack.listeners import actions, alert_actions, commands, events, fallback, fill_actions, shapes, views

logger = logging.getLogger(__name__)


class _SameToken(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN from the environment and warns, at every start, that the client's token wins
    over it: they are the same token (the client is built from it), so the warning only worries the IT person."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


BOLT_LOGGER = logging.getLogger("spa_copilot.slack.bolt")
BOLT_LOGGER.addFilter(_SameToken())


def build_bolt_app(copilot: Copilot) -> AsyncApp:
    """A Bolt ``AsyncApp`` on the copilot's Slack client, verifying every request with the signing secret."""
    app = AsyncApp(
        # named, because without a name Bolt names the app after its caller's file by reading inspect.stack(), the
        # source of every frame above it: a tenth of a second at each start, more under a deep caller
        name="spa-copilot",
        client=copilot.slack,
        signing_secret=copilot.settings.slack_signing_secret.get_secret_value(),
        logger=BOLT_LOGGER,
        process_before_response=False,
        # after the signature check, before anything else: Slack's app_rate_limited callback is answered, and a
        # request of a shape no listener can read is refused, before Bolt authorizes it (auth.test) or a listener
        # acks it and starts its work
        before_authorize=_before_authorize,
        # a request no listener answers goes to _on_error (one line of ids) instead of Bolt's "Unhandled request"
        # warning, which logs a select's typed search, a legacy dialog's inputs or an attachment's values
        raise_error_for_unhandled_request=True,
    )
    app.error(_on_error)
    for listeners in (commands, actions, alert_actions, fill_actions, views, events):
        listeners.register(app, copilot)
    fallback.register(app, copilot)  # last: only what none of the above owns reaches it
    return app


#: What Bolt raises when a signed request's payload has not the shape Slack gives it (a field missing, a string
#: where an object belongs): it indexes the payload blindly while matching it to a listener.
UNREADABLE_ERRORS = (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError)
_OUR_CODE = str(Path(__file__).resolve().parents[1])


def unreadable_status(body: object) -> int:
    """The answer to a signed request that could not be read: 200 (acknowledged, dropped) for an Events API event,
    which Slack would otherwise send three times more, each failing the same way; 400 for the rest (a click, a
    form), which Slack does not retry: the person sees that it did not work."""
    return 200 if isinstance(body, dict) and body.get("type") == "event_callback" else 400


#: Set in a request's Bolt context by the HTTP face when it answered Slack (200) on arrival, before Bolt read the
#: request (a slash command, ``server.py``): what Bolt answers afterwards reaches nobody, and the log says so.
ACKED_ON_ARRIVAL = "spa_copilot_acked_on_arrival"


def answered(status: int | None, context: Mapping[str, Any] | None = None) -> str:
    """How the log says what Slack was answered: ``answered 400``; ``answered 200 on arrival, not run`` for a
    request the HTTP face acknowledged before Bolt read it (``ACKED_ON_ARRIVAL``), whatever Bolt answered."""
    if context is not None and context.get(ACKED_ON_ARRIVAL):
        return "answered 200 on arrival, not run"
    return f"answered {status if status is not None else 404}"


def log_unreadable(error: BaseException, status: int, context: Mapping[str, Any] | None = None) -> None:
    """One line, no traceback and nothing of the payload (it may carry a guest's name): the error's kind only, and
    an id made for the request, as the shape check's line gives one (one format for whoever searches the log)."""
    logger.warning(
        "a signed Slack request could not be read (%s), request %s; %s",
        type(error).__name__, new_error_id(), answered(status, context),
    )


#: Fields Slack sends as an object, and as a list: a signed request with one of another type is unreadable.
_OBJECT_FIELDS = ("view", "user", "team", "channel", "container", "message", "enterprise", "event")
_LIST_FIELDS = ("actions",)


def _readable(body: object) -> bool:
    """False for a request no listener could read: not an object, or a field Slack sends as an object (or a list) of
    another type. Bolt's matchers skip some of these rather than fail on them (a ``view`` that is a string)."""
    if not isinstance(body, dict):
        return False
    if any(body.get(name) is not None and not isinstance(body[name], dict) for name in _OBJECT_FIELDS):
        return False
    return not any(body.get(name) is not None and not isinstance(body[name], list) for name in _LIST_FIELDS)


def log_unhandled(body: object, response: BoltResponse | None, context: Mapping[str, Any] | None = None) -> None:
    """One WARNING line for a signed request no listener answered (the fallback's listeners answer every kind Slack
    sends for ids the copilot does not own, so this is an id it owns without a listener, or a kind of request new to
    it): its kind, its action or callback id, the user's and the team's ids, never a value of the payload."""
    payload: dict[str, Any] = body if isinstance(body, dict) else {}
    user, team = payload.get("user"), payload.get("team")
    command = "command" in payload and "type" not in payload  # form-encoded: its fields are at the top
    logger.warning(
        "Slack %s no listener answers (%s) from user %s in team %s; %s",
        "slash command" if command else fallback.shown(payload.get("type")),
        fallback.shown(payload.get("command") if command else fallback.unowned_id(payload)),
        fallback.shown(user.get("id") if isinstance(user, dict) else payload.get("user_id")),
        fallback.shown(team.get("id") if isinstance(team, dict) else payload.get("team_id")),
        answered(response.status if response is not None else None, context),
    )


async def _before_authorize(
    body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[None]]  # noqa: A002
) -> BoltResponse | None:
    """Bolt's ``before_authorize`` middleware: Slack's ``app_rate_limited`` callback answered (``fallback``), then a
    request of a shape no listener can read refused (``_refuse_malformed``); anything else on to Bolt unchanged."""
    if (answer := fallback.rate_limited(body)) is not None:
        return answer
    if not is_slack_request(body):
        return _refuse_not_slack(context)
    return await _refuse_malformed(body, context, next)


def is_slack_request(body: object) -> bool:
    """True for a body of a kind Slack sends: an object naming its kind in ``type`` (a click, a form, an event, one of
    Slack's callbacks, a kind new to the copilot alike) or a slash command's form (``command``). ``payload={}``, a
    form of other fields or JSON without a kind is none: Slack never sends one (a truncated or hand-made request)."""
    if not isinstance(body, Mapping):
        return False
    kind = body.get("type")
    return (isinstance(kind, str) and kind != "") or ("command" in body and kind is None)


def _refuse_not_slack(context: Mapping[str, Any]) -> BoltResponse:
    """A signed request that is no Slack request (``is_slack_request``) is answered 400 with one WARNING line that
    names it by an id made for it and says nothing of its payload; no listener runs and Slack is not called."""
    logger.warning(
        "a signed Slack request could not be read (not a Slack request: no type, no command), request %s; %s",
        new_error_id(),
        answered(400, context),
    )
    return BoltResponse(status=400, body={"error": "unreadable request"})


async def _refuse_malformed(
    body: dict[str, Any], context: Mapping[str, Any], next: Callable[[], Awaitable[None]]  # noqa: A002
) -> BoltResponse | None:
    """A signed request the copilot owns whose payload has not the shape
    Slack gives it (``listeners/shapes.py``) is answered as an unreadable one (400; an event 200) with one WARNING
    line naming the request by an id made for it (as an error id is), what it is (its kind and the copilot's own id)
    and the field found wrong, never anything else of the payload; no listener runs. Anything else goes on to Bolt
    unchanged."""
    try:
        shapes.check(body)
    except shapes.Malformed as malformed:
        status = unreadable_status(body)
        logger.warning(
            "a signed Slack request could not be read (%s: %s is not what Slack sends), request %s; %s",
            malformed.what, malformed.field, new_error_id(), answered(status, context),
        )
        return BoltResponse(status=status, body="" if status == 200 else {"error": "unreadable request"})
    await next()
    return None


def _raised_by_bolt(error: BaseException) -> bool:
    """True when no code of the copilot's own ran between Bolt catching ``error`` and raising it: Bolt failed reading
    the request (its middleware, or matching it to a listener), not one of the copilot's listeners."""
    frame = error.__traceback__
    while frame is not None:
        if str(Path(frame.tb_frame.f_code.co_filename).resolve()).startswith(_OUR_CODE):
            return False
        frame = frame.tb_next
    return True


async def _on_error(error: Exception, request: AsyncBoltRequest, logger: logging.Logger) -> BoltResponse | None:
    """Bolt's error hook (``app.error``), called for a failure of its middleware and of a listener alike.

    A signed request of a shape Bolt cannot read was a 500 and an ERROR with Bolt's traceback: now a 400 (or, for
    an event, a 200 that stops Slack's retries) and one WARNING line. A listener's own failure is logged as Bolt
    logs it by default, traceback included, and answered as Bolt answers it (None: the response is left alone).
    A request no listener answered (``raise_error_for_unhandled_request``) keeps Bolt's 404 with one WARNING line of
    ids (``log_unhandled``) in place of Bolt's warning, unless no listener could have read it (then as above).
    """
    if isinstance(error, BoltUnhandledRequestError):
        if not _readable(request.body):  # no listener could read it (a view that is a string): as Bolt's failures
            status = unreadable_status(request.body)
            log_unreadable(error, status, request.context)
            return BoltResponse(status=status, body="" if status == 200 else {"error": "unreadable request"})
        log_unhandled(request.body, error.current_response, request.context)
        return None  # Bolt's answer stands: a 404, so an id the copilot owns without its listener still fails loudly
    if isinstance(error, UNREADABLE_ERRORS) and _raised_by_bolt(error):
        body: Any = request.body
        status = unreadable_status(body)
        log_unreadable(error, status, request.context)
        return BoltResponse(status=status, body="" if status == 200 else {"error": "unreadable request"})
    # as Bolt's own handlers say it
    logger.exception(f"Failed to run {'a middleware' if _raised_by_bolt(error) else 'listener'} function (error: {error})")
    return None
