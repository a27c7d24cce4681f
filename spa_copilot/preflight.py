"""``spa-copilot check``: before the first ``run``, ask each part the copilot depends on whether it answers.

For the spa's IT person: the configuration (public sandbox secrets where they would let anyone in), the state
database, the spa system, Slack, the AI, the no-show model, and which therapists would get their briefings. Each
check is one line: ``ok``, ``warning`` (the copilot runs, with something missing) or ``failed`` (it would not work
as configured), with what was found or why not. Nothing is posted, sent or written to the spa system (an existing
state database is opened and migrated, as ``run`` would; one that does not exist yet is not created, nor its folder).
Staff are named (they are the spa's team); clients never are.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import io
import logging
import os
import re
from collections.abc import Awaitable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.clock_watch import clock_line, duration_words, measured_gap
from spa_copilot.domain import UPCOMING_STATUSES, ResourceType, Staff
from spa_copilot.platform.errors import (
    PlatformAnswerUnread,
    PlatformAuthError,
    PlatformNotFound,
    PlatformProtocolError,
    PlatformUnavailable,
)
from spa_copilot.platform.mangomint import NOT_TLS_REASONS
from spa_copilot.platform.protocol import SpaPlatform
from spa_copilot.reads import Catalog, load_catalog
from spa_copilot.settings import CHANNEL_ID, ENV_FILE_ENCODING, Settings, is_slack_host, shown_address
from spa_copilot.slack.errors import SLACK_FAILURES, answered, is_temporary, slack_failure
from spa_copilot.slack.ids import BOT_SCOPES, CHECK_ONLY_SCOPES, HISTORY_SCOPES
from spa_copilot.slack.retry import no_rate_limit_wait, response_header
from spa_copilot.slack.roles import SLACK_USER_ID, not_a_colleague, why_not_a_colleague

Status = Literal["ok", "warning", "failed"]
T = TypeVar("T")
_MARKS = {"ok": "✔", "warning": "!", "failed": "✘"}
#: What MANGOMINT_API_URL should hold, said in each line that finds it unset or pointing at something else (the
#: README's addresses: its "Setting up the Slack app", step 0, and its rehearsal).
SPA_URL_EXPECTED = (
    "the partner gateway's base address, e.g. https://gateway.example/v1 (to rehearse: "
    "`spa-copilot sandbox serve`'s, http://127.0.0.1:8765/v1)"
)


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str

    def line(self) -> str:
        return f"{_MARKS[self.status]} {self.name}: {self.detail}"

    def to_json_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "detail": self.detail}


async def run_checks(
    settings: Settings,
    *,
    platform: SpaPlatform | None = None,
    slack: AsyncWebClient | None = None,
    now: datetime | None = None,
) -> list[Check]:
    """Every check, in order; never raises. ``platform`` and ``slack`` default to those the settings configure
    (without ``MANGOMINT_API_URL``, an embedded sandbox spa); ``now`` (default: the present) starts the bookings to
    come whose booking dates are looked at (``_undated_bookings``)."""
    from spa_copilot.copilot import build_slack_client
    from spa_copilot.world import open_platform

    slack = slack or build_slack_client(settings)
    if platform is None:  # a rate limit is reported, not waited out, as with Slack; a 5xx's Retry-After briefly
        async with open_platform(settings, retry_rate_limits=False, retry_after_max=CHECK_RETRY_AFTER_SECONDS) as opened:
            return await run_checks(settings, platform=opened, slack=slack, now=now)
    (catalog, spa_check), slack_check, ai_check = await asyncio.gather(  # at once: each may wait on a network
        _within(_spa_system(settings, platform), (None, None)),
        _within(_slack(settings, slack), None),
        _within(_ai(settings), None),
    )
    spa_check = spa_check or _no_answer("spa system", _spa_no_answer_hint(settings))
    slack_check = slack_check or _no_answer("Slack")
    ai_check = ai_check or _no_answer("AI")
    model = _model_check(settings)
    loaded = not model.detail.startswith(NO_MODEL)  # with none loaded, no booking is scored: its dates not read
    undated = await _within(_undated_bookings(platform, now or datetime.now(UTC)), None) if catalog and loaded else None
    checks = [
        _configuration(settings),
        _database(settings),
        spa_check,
        *_clock(platform),
        slack_check,
        ai_check,
        _prompts(),
        _with_undated(model, undated),
    ]
    if slack_check.status == "ok":
        checks.append(await _within(_managers(settings, slack), _no_answer("managers")))
        if settings.spa_front_desk_ids:
            checks.append(await _within(_front_desk(settings, slack), _no_answer("front desk")))
        else:  # said, so whoever sets the copilot up knows who can read a client's card
            checks.append(Check("front desk", "ok", EVERYONE_MAY_USE_SPA))
        checks.extend(await _within(_channels(settings, slack), [_no_answer("channels")]))
    if catalog is not None and slack_check.status == "ok":
        unread = len(_skipped_active(catalog.staff, platform, "Staff"))  # an inactive one misses no briefing
        checks.append(await _within(_staff_matching(settings, catalog, slack, unread), _no_answer("staff in Slack")))
    return checks


def _clock(platform: SpaPlatform) -> list[Check]:
    """This machine's clock against the spa system's (its answers' HTTP ``Date``): a warning when further apart than
    ``clock_watch.SKEW_TOLERANCE_SECONDS`` (webhooks refused, holds and briefings on the wrong time), an ``ok`` line
    when within it, no line when the spa system's answers carried no ``Date`` (nothing to compare with)."""
    gap = measured_gap(platform)
    if gap is None:
        return []
    if (off := clock_line(gap)) is not None:
        return [Check("clock", "warning", off)]
    return [Check("clock", "ok", f"within {duration_words(gap)} of the spa system's")]


#: The clients whose retry warnings a check would mix into its one line each (a spa system out of reach retries
#: every request): what they found is in the check's line.
RETRY_LOGGERS = ("spa_copilot.platform.mangomint",)


#: The client's lines about retrying (each attempt, the giving up, an outage's start and end): what a command's one
#: error line says already. Any other warning of the client ("locations … not read for their zone") still shows.
_RETRY_LINES = ("mangomint %s %s failed (", "mangomint %s %s gave up", "mangomint still out of reach",
                "mangomint answers again")


def _not_a_retry_line(record: logging.LogRecord) -> bool:
    return not (isinstance(record.msg, str) and record.msg.startswith(_RETRY_LINES))


@contextlib.contextmanager
def retry_warnings_silenced() -> Iterator[None]:
    """While a command reads the spa system, the client's retry lines are not logged (``_RETRY_LINES``: its one error
    line says it); its other warnings and errors are (rev45j: muting the whole logger hid "locations … not read for
    their zone" from ``spa-copilot today``)."""
    loggers = [logging.getLogger(name) for name in RETRY_LOGGERS]
    for logger in loggers:
        logger.addFilter(_not_a_retry_line)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(_not_a_retry_line)


def _said(exc: BaseException) -> str:
    """What Slack answered, for a check's line: its error code, with the HTTP status only when that says something
    (``channel_not_found``, not ``channel_not_found (HTTP 200)``: every Slack error comes with 200)."""
    return slack_failure(exc).replace(" (HTTP 200)", "")


async def _managers(settings: Settings, slack: AsyncWebClient) -> Check:
    """Who may approve a text to a guest: SPA_MANAGER_IDS (each asked of Slack: a typo, an email, a bot, a
    deactivated or guest account approves nothing) and the members of SPA_MANAGER_GROUP."""
    problems, unconfirmed, valid = await _user_problems(slack, settings.spa_manager_ids)
    ids = set(valid)
    group_problem = None
    if settings.spa_manager_group:
        try:
            with no_rate_limit_wait():
                response = await slack.usergroups_users_list(usergroup=settings.spa_manager_group)
        except SLACK_FAILURES as exc:
            unknown = answered(exc) == "no_such_subteam"
            said = f"Slack does not know that user group ({_said(exc)})" if unknown else _said(exc)
            group_problem = f"SPA_MANAGER_GROUP {settings.spa_manager_group}: {said}"
        else:
            ids |= set(response.get("users") or [])
    count = f"{len(ids)} may approve texts to guests"
    if group_problem or problems:  # every problem at once: one fixed should not reveal the next
        said = [f"SPA_MANAGER_IDS: {'; '.join(problems + unconfirmed)}"] if problems or unconfirmed else []
        return Check("managers", "failed", "; ".join([*([group_problem] if group_problem else []), *said]) + f" ({count})")
    if unconfirmed:
        return Check("managers", "warning", f"SPA_MANAGER_IDS: {'; '.join(unconfirmed)}; try again ({count})")
    if not ids:
        return Check("managers", "warning", "nobody may approve a text to a guest: set SPA_MANAGER_IDS or "
                     "SPA_MANAGER_GROUP (fill proposals wait on their cards until then)")
    return Check("managers", "ok", count)


#: The front-desk line when ``SPA_FRONT_DESK_IDS`` is empty.
EVERYONE_MAY_USE_SPA = (
    "SPA_FRONT_DESK_IDS is empty: every full member of the workspace may use /spa (client cards, briefings, the "
    "day's book); set it to keep /spa to the front desk and the managers"
)


async def _front_desk(settings: Settings, slack: AsyncWebClient) -> Check:
    """SPA_FRONT_DESK_IDS, when set: each id asked of Slack, as the managers'. A warning, never a failure: the
    managers may still use ``/spa``."""
    problems, unconfirmed, valid = await _user_problems(slack, settings.spa_front_desk_ids)
    count = f"{len(valid)} may use /spa (and the managers)"
    if problems or unconfirmed:
        return Check("front desk", "warning", f"SPA_FRONT_DESK_IDS: {'; '.join(problems + unconfirmed)} ({count})")
    return Check("front desk", "ok", count)


async def _channels(settings: Settings, slack: AsyncWebClient) -> list[Check]:
    """The front-desk channel (alerts, fill proposals) and, when it is another, the ops channel (sync failures):
    each exists, is not archived and has the bot in it, so ``chat.postMessage`` would not be refused."""
    checks = [await _channel("front-desk channel", "SPA_FRONT_DESK_CHANNEL", settings.spa_front_desk_channel, slack,
                             guests_named=True)]
    if settings.spa_ops_channel and settings.spa_ops_channel != settings.spa_front_desk_channel:
        checks.append(await _channel("ops channel", "SPA_OPS_CHANNEL", settings.spa_ops_channel, slack))
    return checks


_INVITE = "/invite @Spa Copilot there"


#: Said of a public front-desk channel: what everyone in the workspace can read there, and how to keep it closer.
PUBLIC_CHANNEL_NOTE = (
    "it is a public channel: everyone in the workspace can read what is posted there (guests' first names and "
    "initials, the services they booked, their replies to an invitation); a private channel keeps it to those "
    "invited (in Slack: the channel's settings, Change to a private channel)"
)
#: Said of a front-desk channel shared with another organisation (Slack Connect), public or private.
SHARED_CHANNEL_NOTE = (
    "it is shared with another organisation (Slack Connect): their members read what is posted there too (guests' "
    "first names and initials, the services they booked, their replies to an invitation); use a channel of your "
    "own workspace only"
)


async def _channel(name: str, variable: str, ref: str, slack: AsyncWebClient, *, guests_named: bool = False) -> Check:
    """``guests_named``: the channel is told about guests (alerts, fill cards), so a public one is a warning."""
    ref = ref.strip()
    if SLACK_USER_ID.match(ref):  # chat.postMessage to a user id posts in the bot's DM with them
        problems, unconfirmed, _ = await _user_problems(slack, [ref])
        if problems or unconfirmed:
            return Check(name, "failed" if problems else "warning", f"{variable}: {'; '.join(problems + unconfirmed)}")
        return Check(name, "ok", f"{variable} {ref}: a user: posts go to the bot's direct messages with them")
    try:
        with no_rate_limit_wait():
            channel = await _find_channel(slack, ref)
    except SLACK_FAILURES as exc:
        error = answered(exc)
        if error == "missing_scope":
            needed = answered(exc, "needed") or ", ".join(CHECK_ONLY_SCOPES)
            return Check(name, "warning", f"{variable} {ref}: not checked, the token lacks {needed} (reinstall the "
                         "app from manifest.yml for check to see channels)")
        return Check(name, "warning", f"{variable} {ref}: Slack could not be asked ({_said(exc)}); try again")
    if channel is None:
        return Check(name, "failed", f"{variable} {ref}: Slack has no such channel that the bot can see (a private "
                     f"channel shows only once the bot is in it: {_INVITE}); the bot could not post there")
    label = f"#{channel.get('name')} ({channel.get('id')})" if channel.get("name") else str(channel.get("id"))
    if channel.get("is_archived"):
        return Check(name, "failed", f"{variable}: {label} is archived; the bot could not post there")
    if not channel.get("is_im") and not channel.get("is_member"):
        return Check(name, "failed", f"{variable}: {label}: the bot is not in it, so it could not post there "
                     f"({_INVITE})")
    if guests_named and (channel.get("is_ext_shared") or channel.get("is_pending_ext_shared")):
        return Check(name, "warning", f"{label}: the bot is in it, but {SHARED_CHANNEL_NOTE}")
    if guests_named and channel.get("is_private") is False and not channel.get("is_im"):
        return Check(name, "warning", f"{label}: the bot is in it, but {PUBLIC_CHANNEL_NOTE}")
    return Check(name, "ok", f"{label}: the bot is in it")


#: At most this many ``conversations.list`` pages (of 1000) are read looking for a channel by name.
_MAX_CHANNEL_PAGES = 50


async def _find_channel(slack: AsyncWebClient, ref: str) -> dict[str, Any] | None:
    """The conversation ``ref`` names (an id, or ``#name``/``name`` among the channels the bot can see: every public
    one, the private ones it is in), or None when Slack has none that the bot can see."""
    if CHANNEL_ID.fullmatch(ref):
        try:
            response = await slack.conversations_info(channel=ref)
        except SlackApiError as exc:
            if answered(exc) == "channel_not_found":
                return None
            raise
        return response.get("channel") or None
    wanted = ref.lstrip("#").lower()
    cursor = None
    for _ in range(_MAX_CHANNEL_PAGES):
        response = await slack.conversations_list(types="public_channel,private_channel", limit=1000, cursor=cursor)
        for channel in response.get("channels") or []:
            if str(channel.get("name", "")).lower() == wanted:
                return channel
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return None


async def _user_problems(slack: AsyncWebClient, user_ids: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Each configured Slack user id asked of Slack (``users.info``): what is wrong with an id (not shaped like a
    user id, unknown to Slack, a bot, deactivated, a guest), the ids Slack could not be asked about just now, and
    the ids that are full members of the workspace."""
    problems: list[str] = []
    unconfirmed: list[str] = []
    valid: list[str] = []
    own_team: str | None = None
    for user_id in dict.fromkeys(user_ids):
        if not SLACK_USER_ID.match(user_id):
            problems.append(f"{user_id} does not look like a Slack user id (U… or W…){_id_hint(user_id)}")
            continue
        try:
            with no_rate_limit_wait():
                own_team = own_team or (await slack.auth_test()).get("team_id")
                response = await slack.users_info(user=user_id)
        except SLACK_FAILURES as exc:
            if answered(exc) == "user_not_found":
                problems.append(f"{user_id}: Slack does not know that user ({_said(exc)})")
            else:
                unconfirmed.append(f"{user_id}: Slack could not confirm that user ({_said(exc)})")
            continue
        user = response.get("user") or {}
        if said := not_a_colleague(user, own_team):  # what the copilot itself will decide when they click
            problems.append(f"{user_id} ({user.get('real_name') or user.get('name') or 'no name'}) {said}")
        else:
            valid.append(user_id)
    return problems, unconfirmed, valid


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_COPY_ID = "use the member id from their Slack profile, ⋮ → Copy member ID"


def _id_hint(user_id: str) -> str:
    """What was typed instead of a user id, when it can be told: an email, or a name as Slack shows it (``@morgan``)."""
    if _EMAIL.fullmatch(user_id):
        return f" (that is an email: {_COPY_ID})"
    if user_id.startswith("@"):
        return f" (that is a display name: {_COPY_ID})"
    return ""


#: Where ``ChatOpenAI`` goes when only ``LLM_API_KEY`` is set (``spa_copilot.ai.models.OPENAI_BASE_URL``, given to
#: the client outright; not imported here, which would load the OpenAI client for every check).
OPENAI_BASE_URL = "https://api.openai.com/v1"
#: How long one check waits for an answer (the clients' own retries and backoff included).
CHECK_SECONDS = 20.0
#: The longest the spa system's client waits between two attempts of a check when a 5xx asks with ``Retry-After``
#: (``run`` waits up to 30 s; a longer one gives up at once): the check's line then says the 5xx within
#: ``CHECK_SECONDS``, not "no answer".
CHECK_RETRY_AFTER_SECONDS = 1.0


async def _within(check: Awaitable[T], otherwise: T) -> T:
    """The check's result, or ``otherwise`` when it has no answer within ``CHECK_SECONDS``."""
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            return await check
    except TimeoutError:
        return otherwise


def _no_answer(name: str, hint: str = "") -> Check:
    return Check(name, "failed", f"no answer within {CHECK_SECONDS:g} s{hint}")


#: What a line about a spa system that did not answer asks of its address.
_GATEWAY_ADDRESS_ASKED = "is MANGOMINT_API_URL the gateway's address"


def _spa_no_answer_hint(settings: Settings) -> str:
    """What to look at when the spa system took the connection and never answered within ``CHECK_SECONDS`` (as the
    client's own timeout says it: ``_spa_unavailable``): nothing for the embedded sandbox, which has no address."""
    if settings.uses_sandbox:
        return ""
    return f"; {_GATEWAY_ADDRESS_ASKED}, and is the gateway running and not overloaded?"


def _configuration(
    settings: Settings, *, environ: Mapping[str, str] | None = None, env_file: Path | None | Literal["default"] = "default"
) -> Check:
    """Public sandbox secrets where they would let anyone in (failed), variables that look like the copilot's but
    are not settings (a warning: they are ignored), and secrets set with their quote marks (a warning). ``environ``
    defaults to the process's environment, ``env_file`` to the ``.env`` the settings read."""
    env_file = _settings_env_file(settings) if env_file == "default" else env_file
    environ = os.environ if environ is None else environ
    unknown = unknown_variables(environ, env_file)
    unread = unreadable_env_lines(env_file)
    notes = f"; ignored, not settings: {', '.join(unknown)}" if unknown else ""
    if openai_urls := openai_address_variables(environ, env_file):
        notes += f"; ignored: {', '.join(openai_urls)}: the model's address is LLM_BASE_URL (unset: OpenAI's API)"
    if openai_proxy := openai_address_variables(environ, env_file, OPENAI_PROXY_VARIABLES):
        notes += f"; ignored: {', '.join(openai_proxy)}: the model is reached through HTTPS_PROXY or HTTP_PROXY"
    notes += f"; {'; '.join(unread)}, ignored" if unread else ""
    refused = []  # everything run would refuse, at once: one fixed should not reveal the next
    if unsafe := settings.public_defaults_in_use():
        refused.append(f"{', '.join(unsafe)} still the public sandbox default (see README)")
    if settings.sandbox_spa_in_real_slack:
        refused.append("MANGOMINT_API_URL is not set: against a real Slack, run refuses to post the embedded sandbox "
                       f"spa's made-up bookings; set it to {SPA_URL_EXPECTED}")
    if quoted := settings.quoted_secrets():
        notes += f"; {quoted_secrets_line(quoted)}"
    if refused:
        return Check("configuration", "failed", "; ".join(refused) + notes)
    said = f"mode {settings.spa_mode}, spa name {settings.spa_name!r}"
    return Check("configuration", "warning" if notes else "ok", f"{said}{notes}")


def quoted_secrets_line(names: list[str]) -> str:
    """The warning, shared with ``run``, about secrets set with their quote marks (``Settings.quoted_secrets``)."""
    one = len(names) == 1
    return (f"{', '.join(names)} {'starts and ends' if one else 'start and end'} with a quote mark, kept as part of "
            f"{'it' if one else 'them'} (Docker's --env-file keeps quotes): unless the quotes belong to the secret, "
            f"set {'it' if one else 'them'} without them")


#: How the copilot's variables begin. A variable with one of these prefixes that is not a setting is ignored by
#: the settings, which is almost always a misspelling (``SPA_MANAGER_ID``, ``POLL_SECOND``).
OUR_PREFIXES = ("SLACK_", "MANGOMINT_", "SPA_", "LLM_", "POLL_", "BRIEFING_", "PREP_", "ALERT_", "FILL_", "OFFER_",
                "FULL_RESYNC_", "SANDBOX_")
#: Prefixes other tools use too: a variable with one of them is reported only when it is close to one of ours
#: (``SLACK_BOT_TOKN``), never an unrelated one (``SLACK_WEBHOOK_URL`` for a CI notifier).
SHARED_PREFIXES = ("SLACK_", "LLM_")
#: Other tools' variables with our prefixes, never reported: Slack's SDK, Bolt and CLI (OAuth installs, legacy
#: tokens, warnings), Slack notifiers in CI (webhooks, channels), and Simon Willison's ``llm`` command.
OTHER_TOOLS_VARIABLES = frozenset({
    "SLACK_API_TOKEN", "SLACK_TOKEN", "SLACK_USER_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SCOPES",
    "SLACK_USER_SCOPES", "SLACK_REDIRECT_URI", "SLACK_REDIRECT_URI_PATH", "SLACK_INSTALL_PATH",
    "SLACK_INSTALLATION_S3_BUCKET_NAME", "SLACK_STATE_S3_BUCKET_NAME", "SLACK_VERIFICATION_TOKEN", "SLACK_SDK_WARNING",
    "SLACK_WEBHOOK", "SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_TYPE", "SLACK_CHANNEL", "SLACK_CHANNEL_ID",
    "SLACK_DISABLE_TELEMETRY",
    "LLM_USER_PATH", "LLM_LOAD_PLUGINS", "LLM_OPENAI_SHOW_RESPONSES", "LLM_RAISE_ERRORS",
})


def unknown_variables(environ: Mapping[str, str], env_file: Path | None) -> list[str]:
    """Variables in ``environ`` and keys in ``env_file`` that look like the copilot's and are not settings, each
    with where it was found and the setting it is closest to (when one is close)."""
    known = sorted(name.upper() for name in Settings.model_fields)
    found: dict[str, str] = {}
    for source, names in (("environment", list(environ)), (".env", _env_file_keys(env_file))):
        for name in names:
            upper = name.upper()
            if upper in known or upper in OTHER_TOOLS_VARIABLES or not upper.startswith(OUR_PREFIXES):
                continue
            shared = upper.startswith(SHARED_PREFIXES)
            close = difflib.get_close_matches(upper, known, n=1, cutoff=0.85 if shared else 0.6)
            if shared and not close:
                continue  # another tool's, most likely
            hint = f"; did you mean {close[0]}?" if close else ""
            found.setdefault(name, f"{name} ({source}{hint})")
    return list(found.values())


#: The OpenAI client's and langchain-openai's own variables for the model's address. The copilot always gives its
#: client an address (``LLM_BASE_URL``, or OpenAI's when unset), so these are never read: ``check`` names them, as
#: whoever set one meant the model to be elsewhere.
OPENAI_ADDRESS_VARIABLES = ("OPENAI_BASE_URL", "OPENAI_API_BASE")
#: langchain-openai's own proxy variable, never read either (``spa_copilot.ai.models``): the model is reached through
#: ``HTTPS_PROXY`` / ``HTTP_PROXY``, as the spa system and Slack are.
OPENAI_PROXY_VARIABLES = ("OPENAI_PROXY",)


def openai_address_variables(
    environ: Mapping[str, str], env_file: Path | None, names: tuple[str, ...] = OPENAI_ADDRESS_VARIABLES
) -> list[str]:
    """``names`` (``OPENAI_BASE_URL`` and ``OPENAI_API_BASE``) set (not blank) in ``environ`` or ``env_file``, each
    with where."""
    found: dict[str, str] = {}
    for source, values in (("environment", environ), (".env", _env_file_values(env_file))):
        for name, value in values.items():
            if name.upper() in names and (value or "").strip():
                found.setdefault(name.upper(), f"{name} ({source})")
    return list(found.values())


def unreadable_env_lines(env_file: Path | None) -> list[str]:
    """The lines of ``env_file`` python-dotenv cannot read (``SLACK_BOT_TOKEN xoxb-…``, without ``=``): dropped
    by the settings as if they were not there. Each is named by its number and the name it starts with, never
    the rest (a secret, most likely)."""
    if env_file is None or not env_file.is_file():
        return []
    from dotenv.parser import parse_stream

    try:
        text = env_file.read_text(encoding=ENV_FILE_ENCODING)
    except (OSError, UnicodeDecodeError):
        return []  # the settings themselves report a file they cannot read
    found = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            name = re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)", binding.original.string)
            starts = f" ({name[1]} …: write NAME=value)" if name else " (write NAME=value)"
            found.append(f".env line {binding.original.line} could not be read{starts}")
    return found


def _settings_env_file(settings: Settings) -> Path | None:
    env_file = settings.model_config.get("env_file")
    return Path(env_file) if isinstance(env_file, str | Path) else None


def _env_file_keys(env_file: Path | None) -> list[str]:
    return list(_env_file_values(env_file))


def _env_file_values(env_file: Path | None) -> dict[str, str | None]:
    if env_file is None or not env_file.is_file():
        return {}
    from dotenv import dotenv_values

    try:
        return dict(dotenv_values(env_file, encoding=ENV_FILE_ENCODING))
    except (OSError, UnicodeDecodeError):
        return {}  # the settings themselves report a file they cannot read


def _database(settings: Settings) -> Check:
    from spa_copilot.store import Store
    from spa_copilot.store.single_user import DatabaseInUse, DatabaseUnlockable, hold_database

    path = settings.spa_db_path
    if not path.exists():
        return _database_to_create(path)
    try:
        lock = hold_database(path)
    except DatabaseInUse:
        return _database_mode(path, f"{path} (in use by a running copilot)")
    except DatabaseUnlockable as exc:
        return Check("state database", "failed", str(exc))
    try:
        store = Store.open(path)
        version = store.schema_version
        store.close()
    except Exception as exc:
        return Check("state database", "failed", f"{path}: {_first_line(exc)}")
    finally:
        lock.release()
    return _database_mode(path, f"{path} (schema {version})")


def _database_mode(path: Path, said: str) -> Check:
    """An existing state database is ok, or a warning when other users of this machine can read it (held by a
    running copilot or not: the production case is the one that matters)."""
    if (mode := path.stat().st_mode & 0o777) & 0o077:
        return Check("state database", "warning", f"{said} can be read by other users of this machine "
                     f"(mode {mode:o}): it holds client ids and drafted texts; chmod 600 {path}")
    return Check("state database", "ok", said)


def _database_to_create(path: Path) -> Check:
    """A state database that does not exist yet: ``run`` creates it (and its folders); the check creates nothing,
    it says where and whether that can be done."""
    folder = path.absolute().parent
    where = f"will be created at {path}"
    if folder.is_dir():
        if not os.access(folder, os.W_OK | os.X_OK):
            return Check("state database", "failed", f"{where}, but its folder {folder} is not writable")
        return Check("state database", "ok", f"{where}; its folder {folder} exists")
    ancestor = next((p for p in (folder, *folder.parents) if p.exists()), None)  # the folder itself may be a file
    if ancestor is not None and not ancestor.is_dir():
        return Check("state database", "failed", f"{where}, but {ancestor} is a file, not a folder")
    if ancestor is not None and not os.access(ancestor, os.W_OK | os.X_OK):
        return Check("state database", "failed", f"{where}, but its folder {folder} does not exist and {ancestor} "
                     "is not writable")
    return Check("state database", "warning", f"{where}; its folder {folder} does not exist (run would create it: "
                 "check SPA_DB_PATH is the path meant)")


async def _spa_system(settings: Settings, platform: SpaPlatform) -> tuple[Catalog | None, Check]:
    from spa_copilot.server import spa_key_refusal_line

    where = "the embedded sandbox spa (no MANGOMINT_API_URL)" if settings.uses_sandbox else shown_address(settings.mangomint_api_url)
    try:
        catalog = await load_catalog(platform)
    except PlatformAuthError as exc:  # said as `run` says it: which setting, and what goes there
        key = settings.mangomint_api_key.get_secret_value().strip()
        return None, Check("spa system", "failed", f"{where}: {spa_key_refusal_line(exc, key)}")
    except PlatformUnavailable as exc:  # what to look at, as the model's line says it
        return None, Check("spa system", "failed", f"{where}: {_spa_unavailable(exc, settings)}")
    except Exception as exc:  # the platform's errors say what; anything else by name
        # a refusal's own words are kept out of its message (they may repeat a request's client details): the
        # catalogue's reads carry none, so the line says them
        said = getattr(exc, "server_message", "")
        hint = None if settings.uses_sandbox else (  # a gateway's address, path or proxy to mend: what to do
            _spa_redirected(exc) or _proxy_refused(exc, settings) or _spa_not_found(exc, said)
            or _not_the_contract(exc))
        if hint:
            return None, Check("spa system", "failed", f"{where}: {hint}")
        return None, Check("spa system", "failed", f"{where}: {type(exc).__name__}: {_first_line(exc)}"
                                                   + (f" ({_first_line(Exception(said))})" if said else ""))
    unread = _unread_locations(catalog, platform)
    if not catalog.locations:
        return None, Check("spa system", "failed", f"{where}: answers, but lists no location{unread and '; ' + unread}")
    names = ", ".join(loc.name for loc in catalog.locations)
    staff = sum(1 for s in catalog.staff if s.active)
    warnings, inactive, unread_by_shape = _unread_records(catalog, platform)
    said = f"{where}: {len(catalog.locations)} location(s) ({names}), {staff} active staff"
    if unread_staff := unread_by_shape["Staff"]:  # "0 active staff" alone read as all well
        said += f" ({_plural_records(len(unread_staff), 'staff')} could not be read)"
    failures = [unread] if unread else []  # the copilot cannot do its job there: no alerts, briefings or fills
    # a location with nobody active (an online store, a head office, one closed while its team is on leave) is said,
    # not failed: the copilot runs there with nothing to do; one whose staff records were skipped is said as that
    staffless = [location.name for location in catalog.locations
                 if not any(s.active and s.location_id == location.id for s in catalog.staff)]
    has = "has" if len(staffless) == 1 else "have"
    if staffless and unread_staff:
        warnings.append(f"{', '.join(staffless)} {has} no active staff that could be read, so nobody there may get "
                       "briefings and its bookings may not be checked for conflicts (its staff may be among the "
                       "staff records not read)")
    elif staffless:
        warnings.append(f"{', '.join(staffless)} {has} no active staff in the spa system, so nobody there gets briefings "
                       "and no booking there is checked for conflicts (fine for an online store or a location closed "
                       "for now; else are its staff marked active, and listed with its locationId?)")
    roomless = [location.name for location in catalog.locations
                if not any(r.type == ResourceType.room and r.location_id == location.id for r in catalog.resources)]
    if roomless:
        warnings.append(f"{', '.join(roomless)} {'has' if len(roomless) == 1 else 'have'} no rooms in the spa system, "
                        "so no room there is checked for double bookings, turnovers or room types (are its rooms "
                        "listed as resources of type room, with its locationId?)")
    if waitlist := await _unread_waitlist(platform):
        warnings.append(waitlist)
    said += "".join(f"; {line}" for line in inactive)
    if failures or warnings:
        return catalog, Check("spa system", "failed" if failures else "warning", f"{said}; but {'; '.join(failures + warnings)}")
    return catalog, Check("spa system", "ok", said)


def _plural_records(count: int, noun: str) -> str:
    """``a staff record``, ``an inactive service record``, ``2 staff records``: a count of records of ``noun``."""
    if count != 1:
        return f"{count} {noun} records"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} record"


#: The catalogue's shapes whose skipped records ``check`` names, with what a skipped one costs.
_SKIPPED_COSTS = {
    "Staff": ("staff", "those staff get no briefings, their bookings show their ids and are not checked for skills, "
                       "certifications or shifts"),
    "Resource": ("resource", "those rooms and equipment are not checked for double bookings"),
    "Service": ("service", "bookings of those services are not checked for the skills, rooms and cautions they need"),
}


def _skipped_active(listed: Sequence[Any], platform: SpaPlatform, shape: str) -> list[str | None]:
    """The ids a catalogue list skipped, but for those the spa system marks inactive (``skipped_inactive``)."""
    inactive = set((getattr(platform, "skipped_inactive", None) or {}).get(shape, ()))
    return [item for item in getattr(listed, "skipped", []) if item is None or item not in inactive]


def _unread_records(
    catalog: Catalog, platform: SpaPlatform
) -> tuple[list[str], list[str], dict[str, list[str | None]]]:
    """The staff, resources and services the spa system lists but the copilot could not read (not the contract's
    shape): how many, what that costs, and each by its id and why (the field and, for a staff member's role or a
    resource's type, the value: the spa's configuration, never a client's); none when every one was read. Those
    the spa system marks inactive (a former employee, a retired service) cost nothing while they stay so: they are
    said apart, by id, as the second list. The third: the unread ids of each shape but the inactive ones
    (``_skipped_active``), for the line's own count, worked out once."""
    why: dict[str, list[tuple[str | None, str]]] = getattr(platform, "skipped_records", None) or {}
    said, inactive = [], []
    unread: dict[str, list[str | None]] = {}
    for shape, listed in (("Staff", catalog.staff), ("Resource", catalog.resources), ("Service", catalog.services)):
        noun, cost = _SKIPPED_COSTS[shape]
        skipped = unread[shape] = _skipped_active(listed, platform, shape)
        if asleep := [item for item in getattr(listed, "skipped", []) if item is not None and item not in skipped]:
            shown = ", ".join(asleep[:10]) + (f" and {len(asleep) - 10} more" if len(asleep) > 10 else "")
            inactive.append(f"{_plural_records(len(asleep), 'inactive ' + noun)} could not be read ({shown}), "
                            "which costs nothing while the spa system marks "
                            f"{'it' if len(asleep) == 1 else 'them'} inactive")
        if not skipped:
            continue
        records = _plural_records(len(skipped), noun)
        said.append(f"{records} could not be read, so {cost}: {_skipped_items(skipped, why.get(shape, []))}; fix "
                    f"{'it' if len(skipped) == 1 else 'them'} in the spa system or its gateway "
                    "(docs/mangomint-contract.md, \"The catalogue's shapes\")")
    return said, inactive, unread


def _skipped_items(skipped: Sequence[str | None], why: Iterable[tuple[str | None, str]]) -> str:
    """The first ten records skipped, each by its id and why (the client's ``skipped_records``), and how many more:
    "st_2 (role: enum ('Nail Technician')), one without an id and 3 more"."""
    reasons = dict(why)
    items = [f"{item or 'one without an id'}" + (f" ({reasons[item]})" if item and reasons.get(item) else "")
             for item in skipped[:10]]
    return ", ".join(items) + (f" and {len(skipped) - 10} more" if len(skipped) > 10 else "")


async def _unread_waitlist(platform: SpaPlatform) -> str | None:
    """The waitlist entries the spa system lists but the copilot could not read (not the contract's shape), each by
    its id and the fields that did not fit, never a value (an entry is a client's record: ``SHOWN_FIELDS`` shows
    none of its values), or that the waitlist could not be read at all (by the error's kind alone); None when every
    entry was read. One read of every entry, the read ``/spa waitlist`` makes: an entry skipped would otherwise only
    be logged while its guest is never offered a freed slot."""
    try:
        entries = await platform.list_waitlist()
    except Exception as exc:  # its words may repeat an entry's: the kind of failure only
        return (f"the waitlist could not be read ({type(exc).__name__}), so no freed slot can be offered from it "
                "while that lasts")
    skipped = list(getattr(entries, "skipped", []))
    if not skipped:
        return None
    items = _skipped_items(skipped, (getattr(platform, "skipped_records", None) or {}).get("WaitlistEntry", []))
    one = len(skipped) == 1
    return (f"{'a waitlist entry' if one else f'{len(skipped)} waitlist entries'} could not be read, so "
            f"{'that guest, if still waiting, is' if one else 'those guests, if still waiting, are'} never offered "
            f"a freed slot: {items}; fix {'it' if one else 'them'} in the spa system or its gateway "
            "(docs/mangomint-contract.md, \"The catalogue's shapes\")")


def _spa_unavailable(exc: PlatformUnavailable, settings: Settings) -> str:
    """Why the spa system did not answer (after the client's retries), and what to look at: a rate limit, a TLS
    connection that failed (plain HTTP where https:// was asked, a certificate refused) and a connection closed
    without an answer are said as what they are, not as nothing answering."""
    import httpx

    cause, address = exc.__cause__, _GATEWAY_ADDRESS_ASKED
    if settings.uses_sandbox:  # the embedded sandbox: no address to get wrong
        return _first_line(exc)
    if exc.status == 429:
        return _spa_rate_limited(exc, settings)
    if exc.status is not None:  # a 5xx's Retry-After beyond the check's short wait is said, not waited
        return (f"the gateway answers, but with HTTP {exc.status} ({_first_line(exc)}{_asked_wait(exc)}); is it "
                "healthy (its logs), and is the spa system behind it up?")
    if isinstance(cause, httpx.TimeoutException):
        return (f"no answer within MANGOMINT_TIMEOUT_SECONDS ({_first_line(exc)}); {address}, and is the gateway "
                "running and not overloaded?")
    if (tls := _tls_error(exc)) is not None:
        return _tls_failure(tls)
    if isinstance(cause, httpx.RemoteProtocolError):  # it took the connection, then no HTTP answer
        said = f"something answers there, but closed the connection without an HTTP answer ({_first_line(cause)})"
        if urlsplit(settings.mangomint_api_url or "").scheme == "http":  # a TLS server hangs up on plain HTTP
            return f"{said}: if the gateway is served over TLS, MANGOMINT_API_URL should start with https://"
        return f"{said}; {address}, and is the gateway healthy (its logs)?"
    return (f"nothing answers at that address ({_first_line(exc)}); {address}, and is the gateway running "
            "there?")


def _spa_rate_limited(exc: PlatformUnavailable, settings: Settings) -> str:
    """A gateway that answered 429 (``check``'s client does not wait it out; ``run``'s waits as it asks, up to its
    retries): it is up, and it is holding the copilot back; how long it asks to wait (its last ``Retry-After``), and
    what lowers the rate."""
    return (f"the gateway answers, but is rate-limiting the copilot (HTTP 429{_asked_wait(exc)}): wait and run check again; if it "
            "keeps doing so, the copilot asks more often than the gateway allows: raise POLL_SECONDS (now "
            f"{settings.poll_seconds} s; each location's calendar is read that often) or the gateway's limit (a copilot "
            "already running with the same MANGOMINT_API_KEY counts against it too)")


def _asked_wait(exc: PlatformUnavailable) -> str:
    """``"; it asks to wait 120 s"``: the gateway's last ``Retry-After`` (a 429's, or a 5xx's), or "" without one."""
    import httpx

    response = getattr(exc.__cause__, "response", None)  # the last answer, kept by the client's retry loop
    after = response.headers.get("Retry-After", "").strip() if isinstance(response, httpx.Response) else ""
    try:
        return f"; it asks to wait {float(after):g} s" if after else ""
    except ValueError:  # an HTTP date
        return f"; it asks to wait until {after}"


def _spa_not_found(exc: Exception, said: str) -> str | None:
    """A 404 for one of the catalogue's lists, which a gateway serving the contract always has: where it was asked
    (the address and path alone: the catalogue's reads carry no client details), what the gateway ``said`` of it,
    and what to look at; None for anything else."""
    import httpx

    request = getattr(getattr(exc, "answer", None), "request", None)
    if not isinstance(exc, PlatformNotFound) or not isinstance(request, httpx.Request):
        return None
    asked = shown_address(str(request.url))
    words = f": {_first_line(Exception(said))}" if said else ""
    return (
        f"the gateway answers, but has no {asked} (HTTP 404{words}): is MANGOMINT_API_URL the gateway's base "
        "address (the copilot adds /v1/… to it), and does the gateway serve the contract "
        f"(docs/mangomint-contract.md)? MANGOMINT_API_URL should be {SPA_URL_EXPECTED}"
    )


#: What the spa system's client says of an answer in no shape of the contract at all (``mangomint._decode``,
#: ``_parse_list``): not JSON, or a list read not ``{"data": [...]}``.
_NOT_THE_CONTRACTS_SHAPE = ("response is not JSON", "list response is not")


def _not_the_contract(exc: Exception) -> str | None:
    """Something that answered a catalogue read 2xx, but not in the contract's shape (not JSON, not a list of
    ``{"data": [...]}``): another service at MANGOMINT_API_URL (a web page, Slack's stand-in), not the spa system's
    gateway; what the value should be. None for anything else: a record skipped is said by its own check, and a
    gateway's paging fault (a cursor repeated, pages without end) is the gateway's, its address right (rev42b L5)."""
    if not isinstance(exc, PlatformProtocolError) or isinstance(exc, PlatformAnswerUnread):
        return None
    if not any(shape in str(exc) for shape in _NOT_THE_CONTRACTS_SHAPE):
        return None
    return (
        f"something answers there, but not as the spa system's gateway ({_first_line(exc)}): MANGOMINT_API_URL "
        f"should be {SPA_URL_EXPECTED}"
    )


def _spa_redirected(exc: Exception) -> str | None:
    """A gateway answering a catalogue read with a redirect (http:// to https://, a moved path), which the client
    does not follow: where it points and the ``MANGOMINT_API_URL`` that goes there; None for anything else."""
    import httpx

    response = getattr(exc, "answer", None)
    status = getattr(exc, "status", None)
    if status not in (301, 302, 303, 307, 308) or not isinstance(response, httpx.Response):
        return None
    if not (location := response.headers.get("Location", "").strip()):
        return None
    try:
        target = response.request.url.join(location)
    except (httpx.InvalidURL, ValueError):
        return None
    # shown as an address alone: a user and password (kept by join from the address asked, or sent in the Location),
    # a query and a fragment never are
    said = f"the gateway answers, but redirects to {shown_address(str(target))} (HTTP {status}), which the copilot does not follow"
    asked = response.request.url.path
    contract = asked[asked.rfind("/v1/"):] if "/v1/" in asked else ""  # the part the copilot adds to the address
    if contract and target.path.endswith(contract):
        base = target.copy_with(path=target.path[: -len(contract)] + "/v1")
        return f"{said}: set MANGOMINT_API_URL to {shown_address(str(base))}"
    return f"{said}: set MANGOMINT_API_URL to the gateway's address there"


def _proxy_refused(exc: Exception, settings: Settings) -> str | None:
    """A proxy between the copilot and the gateway (``HTTPS_PROXY``, ``HTTP_PROXY`` or ``ALL_PROXY`` in the
    environment, which httpx follows) that refused the connection: 407, it wants a user and password; None when
    no proxy refused."""
    import httpx

    cause = exc.__cause__
    if isinstance(cause, httpx.ProxyError):  # refused the tunnel to an https:// gateway: "407 Proxy Authentication…"
        said = str(cause).strip() or type(cause).__name__
        wants_password = said.startswith("407")
    elif getattr(exc, "status", None) == 407 and isinstance(response := getattr(exc, "answer", None),
                                                             httpx.Response):  # an http:// gateway, through it
        said, wants_password = f"407 {response.reason_phrase}".strip(), True
    else:
        return None
    scheme = (urlsplit(settings.mangomint_api_url or "").scheme or "https").upper()
    names = (f"{scheme}_PROXY", f"{scheme.lower()}_proxy", "ALL_PROXY", "all_proxy")
    name = next((n for n in names if os.environ.get(n)), f"{scheme}_PROXY").upper()
    if wants_password:
        return (f"the proxy refused the connection ({said}): it asks for a user and password: put them in its address "
                f"({name}=http://user:password@proxy:port), or, if the gateway is to be reached directly, add its host "
                "to NO_PROXY")
    return (f"the proxy ({name}) would not connect to the gateway ({said}): does it allow the gateway's host and "
            "port, or should NO_PROXY list it?")


def _tls_error(exc: BaseException) -> Exception | None:
    """The ``ssl.SSLError`` behind a failed connection (httpx keeps it as the cause of the cause), or None."""
    import ssl

    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, ssl.SSLError):
            return link
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return None


def _tls_failure(error: Exception) -> str:
    """What a failed TLS handshake means for the IT person, and what to do: the address is http://, or the
    gateway's certificate is expired, for another name, or from a CA this host does not trust."""
    import ssl

    said = re.sub(r"\s*\(_ssl\.c:\d+\)$", "", str(error)) or type(error).__name__
    if isinstance(error, ssl.SSLCertVerificationError):
        why = getattr(error, "verify_message", None) or said
        refused = f"something answers there, but its TLS certificate was refused ({why})"
        if "expired" in why:
            return f"{refused}: renew the gateway's certificate"
        if "mismatch" in why:
            return (f"{refused}: the certificate is for another host name: use the name it was issued for in "
                    "MANGOMINT_API_URL, or have one issued for this one")
        return (f"{refused}: if the gateway's certificate is from a private CA (or self-signed), have the copilot trust "
                "it: set SSL_CERT_FILE to a PEM file holding that CA and the public ones (it replaces the default list, "
                "which Slack and the AI are checked against too), or SSL_CERT_DIR to a folder of them (`openssl rehash` "
                "names them), in the copilot's environment (the .env file is not read for it); otherwise give the "
                "gateway a certificate from a public CA")
    if getattr(error, "reason", None) in NOT_TLS_REASONS:
        return (f"something answers there, but not with TLS ({said}): should MANGOMINT_API_URL start with http:// "
                "rather than https://? (then the key travels unencrypted: only on a network you trust)")
    return f"something answers there, but the TLS handshake failed ({said}); is MANGOMINT_API_URL the gateway's address?"


#: What to do about a location's field the copilot cannot read, by the field.
_FIELD_FIXES = {
    "timeZone": "timeZone must be an IANA name such as America/Los_Angeles (not a Windows name such as "
                "'Pacific Standard Time')",
}


def _unread_locations(catalog: Catalog, platform: SpaPlatform) -> str:
    """The locations the spa system lists but the copilot could not read (not the contract's shape), each by its id
    and why (the field and, for its id or time zone, the value: the spa's configuration, never a client's), with the
    fix; "" when there are none. Such a location is left out of everything: no alerts, briefings or fills there."""
    skipped = list(getattr(catalog.locations, "skipped", []))
    if not skipped:
        return ""
    why: dict[str | None, str] = dict(getattr(platform, "skipped_locations", []) or [])
    said = []
    for location_id in skipped:
        problems = why.get(location_id, "")
        fixes = [fix for field, fix in _FIELD_FIXES.items() if problems.startswith(f"{field}:") or f"; {field}:" in problems]
        said.append(f"{location_id or 'one without an id'}"
                    + (f" ({problems}{'; ' + '; '.join(fixes) if fixes else ''})" if problems else ""))
    count = "a location" if len(skipped) == 1 else f"{len(skipped)} locations"
    return (f"{count} it lists could not be read, so {'it gets' if len(skipped) == 1 else 'they get'} no alerts, "
            f"briefings or fills: {', '.join(said)}; fix {'it' if len(skipped) == 1 else 'them'} in the spa system or "
            "its gateway (docs/mangomint-contract.md, \"The catalogue's shapes\")")


async def _slack(settings: Settings, slack: AsyncWebClient) -> Check:
    if not settings.uses_real_slack:
        where = f"the stand-in Slack at {settings.slack_api_url}"
    elif is_slack_host(urlsplit(settings.slack_api_url).hostname or ""):
        where = "slack.com"
    else:  # a proxy in front of Slack: real Slack, reached there
        where = f"Slack at {shown_address(settings.slack_api_url)}"
    try:
        with no_rate_limit_wait():  # a check reports a rate limit, it does not wait it out
            response = await slack.auth_test()
    except Exception as exc:
        return Check("Slack", "failed", f"{where}: {await _bot_token_refused(settings, exc)}")
    who = f"{where}: workspace {response.get('team')!r} as @{response.get('user')}"
    if settings.slack_app_token is not None and (refused := await _app_token_refused(settings)):
        return Check("Slack", "failed", f"{who}, but the app-level token (SLACK_APP_TOKEN, Socket Mode) was refused: "
                     f"{refused}")
    raw = response_header(response.headers, "x-oauth-scopes")
    granted = None if raw is None else {part.strip() for part in raw.split(",") if part.strip()}
    missing = [scope for scope in BOT_SCOPES  # those only check uses: the channel lines say what they cannot see
               if granted is not None and scope not in granted and scope not in CHECK_ONLY_SCOPES + HISTORY_SCOPES]
    if missing:  # the app was installed before the manifest asked for them: reinstall it
        return Check("Slack", "failed", f"{who}, but the token lacks {', '.join(missing)}: reinstall the app from "
                     "manifest.yml")
    if lacking := [scope for scope in HISTORY_SCOPES if granted is not None and scope not in granted]:
        # the copilot runs without them, as before they were asked for
        who += (f" (the token lacks {', '.join(lacking)}: a post whose answer Slack loses may be posted twice; "
                "reinstall the app from manifest.yml)")
    return Check("Slack", "ok", who)


async def _bot_token_refused(settings: Settings, exc: BaseException) -> str:
    """Why ``auth.test`` failed, naming ``SLACK_BOT_TOKEN`` when Slack refuses it for good, in ``run``'s words
    (``server.bot_token_refusal``, asked again); an app-level token pasted there is said to go in
    ``SLACK_APP_TOKEN``. Anything that may pass (the connection, a rate limit, a 5xx) is said as it is."""
    if not isinstance(exc, SlackApiError) and (words := _slack_unreachable(exc, settings)):
        return f"{words} ({_said(exc)})"
    if not isinstance(exc, SlackApiError) or is_temporary(exc):
        return _said(exc)
    if answered(exc) == "not_allowed_token_type":
        return (f"Slack refused SLACK_BOT_TOKEN ({_said(exc)}): that is an app-level token (xapp-…), which goes in "
                "SLACK_APP_TOKEN; SLACK_BOT_TOKEN is the app's Bot User OAuth Token (xoxb-…, under OAuth & "
                "Permissions; see README, 'Setting up the Slack app')")
    from spa_copilot.server import bot_token_refusal

    try:
        refused = await bot_token_refusal(settings)
    except Exception:  # asked again, Slack did not answer as it did: what it said first
        refused = None
    return refused.replace(" (HTTP 200)", "") if refused else f"Slack refused SLACK_BOT_TOKEN ({_said(exc)})"


def _slack_unreachable(exc: BaseException, settings: Settings) -> str | None:
    """What a failure to reach Slack at ``SLACK_API_URL`` means and what to do, as the spa system's line says it for
    its own (a review found aiohttp's "ClientConnectorDNSError: Cannot connect to host slack.com:443 ssl:default …"
    alone); None for a failure that is not the connection's."""
    host = urlsplit(settings.slack_api_url).hostname or settings.slack_api_url
    if not settings.uses_real_slack and isinstance(exc, aiohttp.ClientConnectorError):
        return "nothing answered there: start the stand-in (spa-copilot sandbox slack), or set SLACK_API_URL"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return (f"this machine could not look up {host} (DNS): check its network connection and DNS, and that "
                "SLACK_API_URL is right")
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return (f"the TLS certificate of {host} was refused: behind a proxy that inspects TLS, give the copilot its "
                "CA with SSL_CERT_FILE (a PEM file with it and the public ones)")
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return "the proxy (HTTPS_PROXY) refused the connection: check its address, or that it lets slack.com through"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return (f"nothing answered at {host} (the connection was refused or blocked): check this machine's network, "
                "a firewall, and SLACK_API_URL")
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return f"{host} did not answer in time: check this machine's network and try again"
    return None


async def _app_token_refused(settings: Settings) -> str | None:
    """Why Slack refuses the app-level token, or None when it would open a Socket Mode connection
    (``apps.connections.open`` only hands out its address: nothing is connected)."""
    assert settings.slack_app_token is not None
    app = AsyncWebClient(base_url=settings.slack_api_url)
    try:
        with no_rate_limit_wait():
            await app.apps_connections_open(app_token=settings.slack_app_token.get_secret_value())
    except SLACK_FAILURES as exc:
        # a bot or user token Slack does not know says invalid_auth, not not_allowed_token_type: its prefix tells
        bot_shaped = settings.slack_app_token.get_secret_value().startswith(("xoxb-", "xoxp-"))
        if isinstance(exc, SlackApiError) and (answered(exc) == "not_allowed_token_type" or bot_shaped):
            return (f"{_said(exc)}: that is a bot token (xoxb-…), which goes in SLACK_BOT_TOKEN; SLACK_APP_TOKEN is an "
                    "app-level token (xapp-…, under Basic Information → App-Level Tokens)")
        return _said(exc)
    return None


async def _ai(settings: Settings) -> Check:
    """The model server's ``GET /models`` (no tokens spent): it answers the key and lists the model."""
    return await ask_model(settings)


async def ask_model(settings: Settings, *, timeout_seconds: float = 10.0) -> Check:
    """The model server's ``GET /models`` (no tokens spent), each network step waiting at most ``timeout_seconds``:
    ok when it takes the key and lists ``LLM_MODEL``, with what it met and what to do when not. ``check`` and
    ``run``'s start ask it so."""
    import httpx

    if not settings.uses_llm:
        return Check("AI", "ok", "the offline engine (no LLM_BASE_URL or LLM_API_KEY): drafts from templates")
    base = (settings.llm_base_url or OPENAI_BASE_URL).rstrip("/")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    where = f"{settings.llm_model} at {base}"
    try:
        async with httpx.AsyncClient(timeout=timeout_seconds) as http:
            response = await http.get(f"{base}/models", headers={"Authorization": f"Bearer {key}"} if key else {})
    except httpx.ConnectError as exc:
        if not settings.llm_base_url:  # OpenAI's own address: no LLM_BASE_URL to get wrong
            return Check("AI", "failed", f"{settings.llm_model} at OpenAI's API, {base} (LLM_BASE_URL unset): it could "
                         f"not be reached ({type(exc).__name__}); is this host offline, or does it need a proxy "
                         "(HTTPS_PROXY)? For another model server, set LLM_BASE_URL to its address")
        return Check("AI", "failed", f"{where}: nothing answers at that address ({type(exc).__name__}); is the model "
                     "server running, and is LLM_BASE_URL its address?")
    except httpx.HTTPError as exc:
        return Check("AI", "failed", f"{where}: {type(exc).__name__}")
    if response.status_code in (401, 403):
        return Check("AI", "failed", f"{where}: the key was refused (HTTP {response.status_code}); check LLM_API_KEY")
    if response.status_code == 404 and not base.endswith("/v1"):  # Ollama, vLLM and OpenAI all serve under /v1
        return Check("AI", "failed", f"{where}: HTTP 404: the OpenAI-compatible API is usually under /v1; set "
                     f"LLM_BASE_URL to {base}/v1")
    if response.status_code != 200:
        return Check("AI", "failed", f"{where}: HTTP {response.status_code}")
    try:
        listed = {str(m.get("id")) for m in response.json().get("data", [])}
    except (ValueError, AttributeError):
        listed = set()
    if settings.llm_model not in listed:
        return Check("AI", "warning", f"{where}: answers, but does not list {settings.llm_model} (check LLM_MODEL)")
    return Check("AI", "ok", f"{where}: answers")


#: Bookings to come read for their booking dates (``_undated_bookings``), and the share and number of them without
#: one that ``check`` warns of: "all or many", not the odd one or two entered by hand (all of them always).
UNDATED_DAYS = 7
UNDATED_WARN_SHARE = 0.1
UNDATED_WARN_AT_LEAST = 3


async def _undated_bookings(platform: SpaPlatform, now: datetime) -> str | None:
    """Said when many of the next days' bookings came without ``createdAt`` (when each was booked): none of those is
    risk-scored (``risk.bands.scorable``), which whoever sets the copilot up should hear before the desk sees "not
    scored" on the book. None when few or none lack it, or when they cannot be read (the spa system's line says so)."""
    from spa_copilot.risk.bands import scorable  # the model's check reads the model: its libraries load anyway

    try:
        listed = await platform.list_appointments(
            start_from=now, start_to=now + timedelta(days=UNDATED_DAYS), status=sorted(UPCOMING_STATUSES)
        )
    except Exception:  # the spa system's own check says why it cannot be read
        return None
    upcoming = [a for a in listed if a.status in UPCOMING_STATUSES and a.start_at > now]
    undated = sum(1 for a in upcoming if not scorable(a))
    if not undated or (undated < len(upcoming)
                       and (undated < UNDATED_WARN_AT_LEAST or undated < UNDATED_WARN_SHARE * len(upcoming))):
        return None
    if undated == len(upcoming):
        how_many = "the 1 booking" if undated == 1 else f"all {undated} bookings"
    else:
        how_many = f"{undated} of the {len(upcoming)} bookings"
    they = "it" if undated == 1 else "they"
    return (f"{how_many} of the next {UNDATED_DAYS} days came from the spa system without createdAt (when each was "
            f"booked), so {they} will not be risk-scored; does the spa system or its gateway send createdAt?")


def _risk_model(settings: Settings, undated: str | None = None) -> Check:
    """The model the copilot would load, and with one loaded, ``undated`` (``_undated_bookings``) as a warning."""
    return _with_undated(_model_check(settings), undated)


def _with_undated(checked: Check, undated: str | None) -> Check:
    """The model's line, with ``undated`` (``_undated_bookings``) added as a warning when a model is loaded."""
    if not undated or checked.detail.startswith(NO_MODEL):
        return checked
    joined = "; and" if checked.status == "warning" else "; but"  # a warning's line says "but" already
    return Check(checked.name, "warning", f"{checked.detail}{joined} {undated}")


NO_MODEL = "none loaded"


def _model_check(settings: Settings) -> Check:
    from spa_copilot.risk.model import SANDBOX_HISTORY, ModelUnusable, read_model

    try:  # read, not load_model: why not is said in the line (another scikit-learn's model, say), never logged
        model = read_model(settings.spa_model_dir)
    except ModelUnusable as problem:
        why = str(problem)
        fix = "" if "spa-copilot risk train" in why else " (`spa-copilot risk train` makes one)"
        return Check("no-show model", "warning", f"{NO_MODEL}: {why}; the copilot runs without risk scores{fix}")
    if not settings.uses_sandbox and str(model.card.get("description", "")).startswith(SANDBOX_HISTORY):
        return Check("no-show model", "warning", f"loaded from {settings.spa_model_dir}, but trained on the sandbox "
                     "spa's made-up history, not your spa's: `spa-copilot risk train --out DIR` on your own bookings' "
                     "history, then SPA_MODEL_DIR=DIR and restart (see README, 'Setting up the Slack app', step 6)")
    return Check("no-show model", "ok", f"loaded from {settings.spa_model_dir}")


def _prompts() -> Check:
    """Every prompt the AI tasks load (``prompts/``, shipped in the package), read and parsed now rather than at the
    first briefing: an install without them (a copy that left them out) fails here, not in the morning."""
    from spa_copilot.ai.concierge import TASK_PROMPTS
    from spa_copilot.ai.prompts import PROMPTS_DIR, PromptError, load_prompt

    problems = []
    for name in dict.fromkeys(TASK_PROMPTS.values()):
        try:
            load_prompt(name)
        except (OSError, PromptError) as error:
            problems.append(f"{name}.md: {error.strerror if isinstance(error, OSError) else error}")
    if problems:
        return Check("prompts", "failed", f"in {PROMPTS_DIR}: {'; '.join(problems)} (reinstall: pip install .)")
    return Check("prompts", "ok", f"{len(set(TASK_PROMPTS.values()))} read from {PROMPTS_DIR}")


async def _staff_matching(settings: Settings, catalog: Catalog, slack: AsyncWebClient, unread: int = 0) -> Check:
    """Which therapists and estheticians would get their briefings: matched to exactly one Slack user. Matched as the
    briefings match them, among every active staff member: a therapist whose Slack user or email is also a front-desk
    or manager colleague's is nobody's at run time, so check says so (the colleague, never briefed, is not named).
    ``unread``: the staff records not read that the spa system does not mark inactive (said by the spa system's line)."""
    from spa_copilot.engines.briefing import BRIEFED_ROLES
    from spa_copilot.slack.directory import StaffDirectory
    from spa_copilot.store import Store

    briefed = [s for s in catalog.staff if s.active and s.role in BRIEFED_ROLES]
    if unread:  # said in the spa system's line, by id and why
        unread_note = f" ({unread} staff record{'s' if unread > 1 else ''} could not be read: see the spa system line)"
    else:
        unread_note = ""
    if not briefed:
        return Check("staff in Slack", "warning", "no active therapist or esthetician in the spa system, so nobody "
                     f"would get briefings{unread_note}")
    if mapping := await _mapping_problems(settings, catalog, slack):
        return Check("staff in Slack", "warning", f"SPA_STAFF_SLACK_IDS: {'; '.join(mapping)}")
    store = Store.memory()  # looked up afresh, nothing remembered
    with no_rate_limit_wait():
        found = await StaffDirectory(slack, store, settings.spa_staff_slack_ids).matches(
            [s for s in catalog.staff if s.active]
        )
    store.close()
    # one person's profiles (one email) matched to one Slack user, each briefed there: said, so it is no surprise
    reached: dict[str, list[Staff]] = {}
    for member in briefed:
        if (user_id := found[member.id].user_id) is not None:
            reached.setdefault(user_id, []).append(member)
    as_one = [f"{' and '.join(s.id for s in same)} (one email) as one person, {same[0].display_name}"
              for same in reached.values() if len(same) > 1]
    note = f" (took {'; '.join(as_one)})" if as_one else ""
    unknown = [s.display_name for s in briefed if not found[s.id].checked]
    shared = [f"{s.display_name} ({s.id})" for s in briefed if found[s.id].shared]
    unmatched = [s.display_name for s in briefed if found[s.id].unmatched and not found[s.id].shared]
    if unknown:
        return Check("staff in Slack", "warning", f"Slack could not be asked about {', '.join(unknown)}; try again")
    if shared or unmatched:
        said = [f"{len(briefed) - len(shared) - len(unmatched)} of {len(briefed)} therapists matched"]
        if shared:
            said.append(f"no briefings for {', '.join(shared)}: each shares a Slack user or an email with another "
                        "staff member, front desk and managers included (SPA_STAFF_SLACK_IDS names one Slack user for "
                        "two, or for one whose email is that user's, or their Mangomint emails are the same): give "
                        "each their own Slack user in SPA_STAFF_SLACK_IDS (one person's profiles, one per location, with one "
                        "email: map each to that person's Slack user)")
        if unmatched:
            said.append(f"no briefings for {', '.join(unmatched)} (their Mangomint email is not a Slack user's: map "
                        "them in SPA_STAFF_SLACK_IDS)")
        return Check("staff in Slack", "warning", "; ".join(said) + note)
    if unread_note:
        return Check("staff in Slack", "warning", f"all {len(briefed)} therapists read matched to a Slack user{note}"
                     f"{unread_note}")
    return Check("staff in Slack", "ok", f"all {len(briefed)} therapists matched to a Slack user{note}")


async def _mapping_problems(settings: Settings, catalog: Catalog, slack: AsyncWebClient) -> list[str]:
    """What is wrong with ``SPA_STAFF_SLACK_IDS``: a staff id the spa system does not list as active, a Slack user
    id Slack does not know (both typos that leave a therapist without briefings), a Slack user named for two staff
    members (neither gets briefings)."""
    active = {s.id: s for s in catalog.staff if s.active}
    problems = [f"{staff_id} is not an active staff member" for staff_id in settings.spa_staff_slack_ids
                if staff_id not in active]
    # among active staff alone, as the briefings match them (an inactive or unknown id, said above, reaches nobody);
    # one person's profiles (one email: Ana's at SoHo and at Venice) may name her Slack user together
    problems += [f"{', '.join(ids)} name the same Slack user {user_id}, so none of them gets briefings: give each "
                 "their own" for user_id, ids in _mapped_users(settings, active).items()
                 if len(ids) > 1 and not _one_person(active, ids)]
    for staff_id, user_id in settings.spa_staff_slack_ids.items():
        try:
            with no_rate_limit_wait():
                flagged = await why_not_a_colleague(slack, user_id)
        except SLACK_FAILURES as exc:
            unknown = answered(exc) == "user_not_found"
            said = "Slack does not know that user" if unknown else "Slack could not confirm that user"
            problems.append(f"{staff_id}={user_id}: {said} ({_said(exc)})")
            continue
        # the copilot refuses such a mapping at run time (slack.directory): no DM of her guests to it
        if flagged:
            problems.append(f"{staff_id}={user_id}: that Slack user {flagged}, so they get no briefings: map them to "
                            "their own full Slack account")
    return problems


def _mapped_users(settings: Settings, active: dict[str, Staff]) -> dict[str, list[str]]:
    """The active staff ids ``SPA_STAFF_SLACK_IDS`` maps, by the Slack user it names."""
    named: dict[str, list[str]] = {}
    for staff_id, user_id in settings.spa_staff_slack_ids.items():
        if staff_id in active:
            named.setdefault(user_id, []).append(staff_id)
    return named


def _one_person(active: dict[str, Staff], ids: Sequence[str]) -> bool:
    """Whether these staff profiles are one person's (``directory.one_person``: the same email)."""
    from spa_copilot.slack.directory import one_person

    return one_person([(active[staff_id].email or "").strip().lower() for staff_id in ids])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
