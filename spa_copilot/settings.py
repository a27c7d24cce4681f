"""Settings: read once from the environment (and an optional ``.env``), passed everywhere else.

Every name here is documented in the README's configuration table; a test keeps the two in step.
"""

from __future__ import annotations

import ipaddress
import os
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse, urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: Public values that let the demo and the tests run with no configuration. Anyone can read them, so a copilot
#: talking to real Slack or a real Mangomint must not keep them (see :meth:`Settings.public_defaults_in_use`).
SANDBOX_SLACK_BOT_TOKEN = "xoxb-sandbox-token"
SANDBOX_SLACK_SIGNING_SECRET = "sandbox-signing-secret"
SANDBOX_WEBHOOK_SECRET = "sandbox-webhook-secret"


#: Secrets that must have a value (their defaults are the public sandbox ones) and those unset unless given.
REQUIRED_SECRETS = ("slack_bot_token", "slack_signing_secret", "mangomint_api_key", "mangomint_webhook_secret")
OPTIONAL_SECRETS = ("slack_app_token", "llm_api_key")


class Mode(StrEnum):
    read_only = "read_only"
    approve = "approve"


def _split_slack_ids(value: object) -> object:
    """Slack user ids as people type them: ``U0MANAGER1,U0FRONTDSK`` and also ``U0MANAGER1 U0FRONTDSK``, quoted as
    Docker's ``--env-file`` passes them (``"U0MANAGER1"``), or in lower case (``u0manager1``: Slack's ids are upper
    case, with digits; a word such as ``wanda`` stays as typed, and ``spa-copilot check`` and ``run`` say it is none)."""
    if isinstance(value, str):
        parts = [part.strip("\"'") for part in re.split(r"[,\s]+", value)]
        return [part.upper() if _LOWER_CASE_ID.fullmatch(part) else part for part in parts if part]
    return value


_LOWER_CASE_ID = re.compile(r"[uUwW](?=[a-zA-Z0-9]*\d)[a-zA-Z0-9]{2,20}")


def _split_pairs(value: object) -> object:
    """``"st_1=U123,st_2=U456"`` → ``{"st_1": "U123", "st_2": "U456"}``; a key given twice is an error (which of
    its values was meant cannot be told, and keeping either could send one person's guests to another)."""
    if isinstance(value, str):
        pairs: dict[str, str] = {}
        for part in value.split(","):
            if not part.strip():
                continue
            key, sep, val = part.partition("=")
            if not sep or not key.strip() or not val.strip():
                raise ValueError(f"expected key=value, got {part.strip()!r}")
            if key.strip() in pairs:
                raise ValueError(f"expected each staff id once, got {key.strip()} twice: keep only the entry meant")
            pairs[key.strip()] = val.strip()
        return pairs
    return value


#: ``SPA_NAME`` when it is not set: texts read "thank you for visiting the spa"; where a location is named, its
#: own name stands alone ("at Juniper & Salt SoHo", not "at the spa (Juniper & Salt SoHo)").
DEFAULT_SPA_NAME = "the spa"


#: An example of each base URL setting, for the message when one is not a URL.
_URL_EXAMPLES = {
    "MANGOMINT_API_URL": (
        "https://gateway.example/v1 (the partner gateway's), or http://127.0.0.1:8765/v1 to rehearse on "
        "`spa-copilot sandbox serve`"
    ),
    "SLACK_API_URL": "https://slack.com/api/",
    "LLM_BASE_URL": "https://api.openai.com/v1 or http://127.0.0.1:11434/v1",
}


#: Where the settings read an ``.env`` from (the working directory), and its encoding (python-dotenv skips a byte
#: order mark).
ENV_FILE = ".env"
ENV_FILE_ENCODING = "utf-8"


def env_file_not_utf8(path: str | Path = ENV_FILE) -> str | None:
    """What is wrong with an ``.env`` that is not UTF-8 (Notepad's "ANSI", PowerShell's UTF-16), as one line naming
    the file and what to do, or None when it is UTF-8 or absent. Read as it is, it fails every command with only
    Python's "'utf-8' codec can't decode byte 0xe9 in position 12"."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        data.decode(ENV_FILE_ENCODING)
    except UnicodeDecodeError as exc:
        return f"{path.absolute()} is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}): save it as UTF-8"
    return None


def is_loopback_host(host: str) -> bool:
    """True for this machine's own addresses (127.0.0.0/8, ``::1``, ``localhost``), however spelled (a trailing dot,
    capitals, an IPv4 address mapped into IPv6)."""
    host = host.strip().rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def is_slack_host(host: str) -> bool:
    """True for ``slack.com`` and its subdomains (an Enterprise Grid's ``acme.enterprise.slack.com``), a trailing
    dot or capitals included."""
    host = host.strip().rstrip(".").lower()
    return host == "slack.com" or host.endswith(".slack.com")


#: A channel id (``C…`` public, ``G…`` an older private channel, ``D…`` a DM).
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
#: A channel as Slack copies it into a message: ``<#C0123ABCD|front-desk>`` or ``<#C0123ABCD>``.
_CHANNEL_MENTION = re.compile(r"<#([CGD][A-Z0-9]{2,})(?:\|[^>]*)?>")


def channel_reference(value: str) -> str:
    """A channel as the IT person may paste it: its link (``https://acme.slack.com/archives/C0123ABCD``, or the
    browser's ``https://app.slack.com/client/T…/C0123ABCD``) or a copied mention (``<#C0123ABCD|front-desk>``) is
    its id; a name or an id is kept as it is."""
    text = value.strip()
    if mention := _CHANNEL_MENTION.fullmatch(text):
        return mention[1]
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.hostname and is_slack_host(parts.hostname):
        ids = [segment for segment in parts.path.split("/") if CHANNEL_ID.fullmatch(segment)]
        if ids:
            return ids[0]
    return text


def _url_extras(value: str) -> list[str]:
    """What a base URL holds besides its scheme, host, port and path: a user or password, a query, a fragment."""
    parts = urlsplit(value)
    extras = []
    if "@" in parts.netloc:
        extras.append("a user or password (user:password@)")
    if "?" in value.split("#", 1)[0]:
        extras.append("a query (?…)")
    if "#" in value:
        extras.append("a fragment (#…)")
    return extras


def _shown_url(value: str) -> str:
    """A base URL as its error line may show it: as typed, but with what may be a key or a password replaced by
    ``…``: a user and password (everything before the last ``@``, with or without a scheme: 'it:s3cret@host',
    'https://it:s3/cret@host', 'https://it:s3?cret@host'), a query and a fragment."""
    scheme, separator, rest = value.partition("://")
    if not separator:
        scheme, rest = "", value
    hidden = ""
    if "@" in rest:  # a password may hold '?', '#' or '/' ('it:s3?cret@host'): all before the last '@' goes
        hidden, rest = "…@", rest.rpartition("@")[2]
    address = rest.split("#", 1)[0].split("?", 1)[0]
    return (f"{scheme}{separator}{hidden}{address}" + ("?…" if "?" in rest.split("#", 1)[0] else "")
            + ("#…" if "#" in rest else ""))


#: Each base URL setting is an address alone (scheme, host, port, path): what it is, and where what was put in it
#: goes instead, for the message when it holds more. Each client puts its calls' paths after the URL, so more breaks
#: them or is silently dropped: ``MANGOMINT_API_URL`` '…/v1?key=x' asked '…/v1?key=x/v1/locations'; the OpenAI client
#: sends ``LLM_BASE_URL`` '…/v1?api-version=x' as '…/v1/?api-version=xchat/completions' (an Azure OpenAI resource's
#: ``/openai/v1`` address takes no api-version); Slack's client drops a query and a fragment. A ``user:password@``
#: is sent as Basic auth in place of the key (Slack's client refuses every call: its token is a header too), and
#: ``check`` and the logs show these addresses. A fragment is never sent: in a base URL it can only be a mistake.
_ADDRESS_ALONE: dict[str, tuple[str, str]] = {
    "mangomint_api_url": ("the gateway's address", "the key goes in MANGOMINT_API_KEY"),
    "slack_api_url": ("the Slack Web API's address", "the tokens go in SLACK_BOT_TOKEN and SLACK_APP_TOKEN"),
    "llm_base_url": ("the model server's address", "the key goes in LLM_API_KEY"),
}
#: Said after ``LLM_BASE_URL``'s refused query: the likeliest reason one is there, and what to use instead.
_AZURE_V1 = "Azure OpenAI's v1 address, https://RESOURCE.openai.azure.com/openai/v1, takes no ?api-version"


class Settings(BaseSettings):
    """The copilot's configuration. Environment variable names are the field names in upper case."""

    model_config = SettingsConfigDict(env_file=ENV_FILE, env_file_encoding=ENV_FILE_ENCODING, extra="ignore")

    # Slack
    slack_bot_token: SecretStr = Field(default=SecretStr(SANDBOX_SLACK_BOT_TOKEN))
    slack_signing_secret: SecretStr = Field(default=SecretStr(SANDBOX_SLACK_SIGNING_SECRET))
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    # Mangomint (unset URL = the embedded sandbox spa)
    mangomint_api_url: str | None = None
    mangomint_api_key: SecretStr = Field(default=SecretStr("sandbox-key"))
    mangomint_webhook_secret: SecretStr = Field(default=SecretStr(SANDBOX_WEBHOOK_SECRET))
    mangomint_timeout_seconds: float = Field(default=10.0, gt=0, le=300, allow_inf_nan=False)
    mangomint_max_retries: int = Field(default=4, ge=0, le=10)
    #: The first retry waits up to this long, each next one up to twice as long (at most 8 s); also the least wait
    #: when the spa system answers with a shorter Retry-After (0, or a date in the past).
    mangomint_retry_backoff_seconds: float = Field(default=0.25, gt=0, le=8, allow_inf_nan=False)

    # State
    spa_db_path: Path = Path("spa_copilot.db")

    # Behaviour
    spa_mode: Mode = Mode.approve
    spa_front_desk_channel: str = "#front-desk"
    spa_ops_channel: str | None = None
    spa_manager_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    spa_manager_group: str | None = None
    spa_front_desk_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    spa_staff_slack_ids: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    spa_voice: str = "warm, calm and concise; first names; no emojis"
    spa_name: str = DEFAULT_SPA_NAME
    poll_seconds: int = Field(default=60, ge=5, le=86_400)
    full_resync_hours: float = Field(default=4.0, gt=0, le=168, allow_inf_nan=False)
    briefing_time: str = "07:30"
    prep_hours_before: float = Field(default=2.0, ge=0, le=72, allow_inf_nan=False)
    alert_burst_threshold: int = Field(default=5, ge=1, le=1000)
    fill_horizon_hours: float = Field(default=48.0, gt=0, le=336, allow_inf_nan=False)
    offer_hold_minutes: int = Field(default=10, ge=1, le=1440)
    offer_daily_cap: int = Field(default=1, ge=1, le=100)
    #: When texts may reach guests, on each location's own clock (``HH:MM-HH:MM``; ``00:00-24:00``: any time). An
    #: approval outside it is kept and its text goes out when the window next opens there.
    text_send_hours: str = "08:00-21:00"

    # AI (unset LLM_BASE_URL and LLM_API_KEY = the offline engine)
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = Field(default=30.0, gt=0, le=600, allow_inf_nan=False)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_concurrency: int = Field(default=16, ge=1, le=256)
    #: How structured output is asked for: ``json_schema`` (``response_format``; OpenAI, Azure OpenAI, vLLM, Ollama)
    #: or ``function_calling`` (tools), for a server without ``response_format`` support.
    llm_structured_method: Literal["json_schema", "function_calling"] = "json_schema"

    # Risk model
    spa_model_dir: Path = (Path(__file__).resolve().parent / "models").resolve()  # models/, shipped in the package too

    # Sandbox
    sandbox_seed: int = 7

    _ids = field_validator("spa_manager_ids", "spa_front_desk_ids", mode="before")(_split_slack_ids)

    @field_validator(*REQUIRED_SECRETS, *OPTIONAL_SECRETS, mode="before")
    @classmethod
    def _secret_without_whitespace(cls, value: object, info: ValidationInfo) -> object:
        """A secret read from a file (Docker or Kubernetes secrets) ends in a newline that no token or signature has:
        with it, every Slack call or webhook would fail. Blank (``SLACK_APP_TOKEN=`` in an ``.env`` template) is
        not set where unset means something (no Socket Mode, no model key), and refused where a value is needed:
        an empty signing secret or token would only fail later, at every request."""
        if not isinstance(value, str):
            return value
        value = value.strip()
        if value:
            return value
        if info.field_name in OPTIONAL_SECRETS:
            return None
        raise ValueError("must not be empty")

    @field_validator("spa_ops_channel", "spa_manager_group", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """``SPA_OPS_CHANNEL=`` or ``SPA_MANAGER_GROUP=`` (set but blank) is the same as not set."""
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("spa_front_desk_channel", "spa_ops_channel", mode="before")
    @classmethod
    def _channel(cls, value: object) -> object:
        """A channel pasted as its link or as a copied mention is its id (``channel_reference``)."""
        return channel_reference(value) if isinstance(value, str) else value

    @field_validator("spa_front_desk_channel", "llm_model")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        """A channel or model named by nothing would only fail later, at every post or model call."""
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("spa_db_path", mode="before")
    @classmethod
    def _database_file(cls, value: object) -> object:
        """A file, not a folder: ``SPA_DB_PATH=`` (blank, the working directory) or ``SPA_DB_PATH=/srv/spa`` would
        fail at startup with SQLite's "unable to open database file", after the lock beside it was made. A leading
        ``~`` is the home folder, as a shell would read it (an ``.env`` is not read by a shell: ``~/spa/state.db``
        would otherwise be a folder named ``~`` in the working directory)."""
        if not isinstance(value, str | Path):
            return value
        text = str(value).strip()
        if not text:
            raise ValueError("must not be empty: give the state database's file, e.g. spa_copilot.db")
        if text.startswith("~"):
            try:
                text = str(Path(text).expanduser())
            except RuntimeError:  # no home folder known (HOME unset, no such user): said as it is
                raise ValueError(f"{text!r} starts with ~ but the home folder is not known: give the full path") from None
        if text.endswith(("/", os.sep)) or Path(text).is_dir():
            raise ValueError(f"{text!r} is a folder: give the state database's file in it, e.g. "
                             f"{str(Path(text) / 'spa_copilot.db')!r}")
        return Path(text)
    _pairs = field_validator("spa_staff_slack_ids", mode="before")(_split_pairs)

    @field_validator("mangomint_api_url", "slack_api_url", "llm_base_url", mode="before")
    @classmethod
    def _http_url(cls, value: object, info: ValidationInfo) -> object:
        """A base URL the clients can call: ``http://`` or ``https://`` and a host (plain http stays allowed: the
        sandbox, the stand-in Slack and local model servers use it). Without the scheme every call would fail with
        an unhelpful ``UnsupportedProtocol``; blank is the same as not set (``SLACK_API_URL``: Slack's own). The
        message does not name the variable: the line it is printed on does."""
        if not isinstance(value, str):
            return value
        value = value.strip()
        if not value:
            return cls.model_fields["slack_api_url"].default if info.field_name == "slack_api_url" else None
        parsed = urlparse(value)
        try:
            parsed.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError:
            parsed = parsed._replace(netloc="")
        if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
            name = (info.field_name or "").upper()
            raise ValueError(f"must be an http:// or https:// URL with a host, e.g. {_URL_EXAMPLES[name]} "
                             f"(got {_shown_url(value)!r})")
        if extra := _url_extras(value):
            # The URL is not shown whole: what it holds besides the address may be a key or a password.
            what, where = _ADDRESS_ALONE[info.field_name or ""]
            if info.field_name == "llm_base_url" and any(e.startswith("a query") for e in extra):
                where += f"; {_AZURE_V1}"
            raise ValueError(f"must be {what} alone, without {' or '.join(extra)}: remove "
                             f"{'them' if len(extra) > 1 else 'it'} ({where}), got {_shown_url(value)!r}")
        if info.field_name == "slack_api_url" and not value.endswith("/"):
            # Slack's client joins each method onto the URL as a relative link: '…/api' would call '…/chat.postMessage'
            value += "/"
        return value

    @field_validator("spa_name", "spa_voice", "spa_model_dir", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object, info: ValidationInfo) -> object:
        """``SPA_NAME=``, ``SPA_VOICE=`` or ``SPA_MODEL_DIR=`` (set but blank, as in an ``.env`` template) is the same
        as not set: a draft must never say "at  on Wed" nor be written in no voice, and a blank model folder would be
        the working directory (the copilot running without risk scores, ``risk train`` writing its model there)."""
        if not isinstance(value, str):
            return value
        return value.strip() or cls.model_fields[info.field_name or ""].default

    @field_validator("briefing_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        match = re.fullmatch(r"\s*([0-9]+):([0-9]+)\s*", value)  # "7:3x" is no time, not an int() error
        if not match or not (0 <= int(match[1]) < 24 and 0 <= int(match[2]) < 60):
            raise ValueError("expected HH:MM")
        return f"{int(match[1]):02d}:{int(match[2]):02d}"

    @field_validator("text_send_hours")
    @classmethod
    def _text_hours(cls, value: str) -> str:
        """``08:00-21:00`` (an en dash, spaces and ``8:00`` are read too); the end may be ``24:00`` (midnight)."""
        match = re.fullmatch(r"\s*([0-9]{1,2}):([0-9]{2})\s*[-–—]\s*([0-9]{1,2}):([0-9]{2})\s*", value)
        if not match:
            raise ValueError(f"expected HH:MM-HH:MM, e.g. 08:00-21:00, or 00:00-24:00 for any time (got {value!r})")
        start, end = int(match[1]) * 60 + int(match[2]), int(match[3]) * 60 + int(match[4])
        if int(match[1]) > 23 or int(match[2]) > 59 or int(match[4]) > 59 or end > 24 * 60:
            raise ValueError(f"{value.strip()!r} is not a time of day (00:00 to 24:00)")
        if start >= end:
            raise ValueError(f"the window must start before it ends on the same day (got {value.strip()!r}), "
                             "e.g. 08:00-21:00; 00:00-24:00 allows any time")
        return f"{match[1].zfill(2)}:{match[2]}-{match[3].zfill(2)}:{match[4]}"

    @property
    def text_send_window(self) -> tuple[int, int]:
        """``TEXT_SEND_HOURS`` as minutes of the local day: (start, end), end up to 1440."""
        start, end = (int(h) * 60 + int(m) for h, m in (part.split(":") for part in self.text_send_hours.split("-")))
        return start, end

    @property
    def uses_sandbox(self) -> bool:
        """True when no Mangomint endpoint is configured: the embedded sandbox spa stands in."""
        return not self.mangomint_api_url

    @property
    def uses_real_slack(self) -> bool:
        """True unless ``SLACK_API_URL`` is on this machine's loopback (``127.0.0.0/8``, ``::1``, ``localhost``),
        where the demo and the tests serve the stand-in Slack. Any other host is taken for real Slack, whatever its
        name: an egress proxy in front of slack.com (``https://slack-egress.spa.internal/api/``) or ``slack.com.``
        with a trailing dot reaches the spa's workspace, so it gets the refusals real Slack gets (the public
        sandbox secrets, the sandbox spa); taken for the stand-in, anyone could sign a manager's Approve."""
        return not is_loopback_host(urlparse(self.slack_api_url).hostname or "")

    @property
    def sandbox_spa_in_real_slack(self) -> bool:
        """True when a real Slack would be served from the embedded sandbox spa (``MANGOMINT_API_URL`` unset): its
        made-up bookings would become alerts and briefings in the spa's Slack. ``run`` refuses it."""
        return self.uses_real_slack and self.uses_sandbox

    def public_defaults_in_use(self) -> list[str]:
        """The secrets still at their public sandbox value where that would let anyone in, by variable name.

        Against real Slack, a sandbox signing secret lets anyone sign a manager's Approve; so it does against a real
        spa system (``MANGOMINT_API_URL`` on another host than this machine's), whatever the Slack: an Approve signed
        by anyone would text its real clients. Against a real Mangomint, a sandbox webhook secret lets anyone post
        calendar changes. The demo and the tests (stand-in Slack, sandbox spa) keep the defaults.
        """
        found: list[str] = []
        real_spa = not self.uses_sandbox and not is_loopback_host(urlparse(self.mangomint_api_url or "").hostname or "")
        if self.uses_real_slack and self.slack_bot_token.get_secret_value() == SANDBOX_SLACK_BOT_TOKEN:
            found.append("SLACK_BOT_TOKEN")
        if (self.uses_real_slack or real_spa) and self.slack_signing_secret.get_secret_value() == SANDBOX_SLACK_SIGNING_SECRET:
            found.append("SLACK_SIGNING_SECRET")
        if not self.uses_sandbox and self.mangomint_webhook_secret.get_secret_value() == SANDBOX_WEBHOOK_SECRET:
            found.append("MANGOMINT_WEBHOOK_SECRET")
        return found

    def quoted_secrets(self) -> list[str]:
        """The tokens, keys and secrets whose value starts and ends with the same quote mark, by variable name.

        A shell and a ``.env`` file take quotes off; Docker's ``--env-file`` keeps them, so ``SLACK_SIGNING_SECRET="…"``
        there is a secret with quote marks in it, and every request is refused (401) without a word. They are kept
        (a secret may hold quotes): ``check`` and ``run`` warn instead."""
        values = {
            "SLACK_BOT_TOKEN": self.slack_bot_token, "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_APP_TOKEN": self.slack_app_token, "MANGOMINT_API_KEY": self.mangomint_api_key,
            "MANGOMINT_WEBHOOK_SECRET": self.mangomint_webhook_secret, "LLM_API_KEY": self.llm_api_key,
        }
        return [name for name, secret in values.items()
                if secret is not None and len(text := secret.get_secret_value()) >= 2 and text[0] == text[-1] and text[0] in "\"'"]

    @property
    def uses_llm(self) -> bool:
        """True when an OpenAI-compatible endpoint or key is configured; otherwise the offline engine."""
        return bool(self.llm_base_url or self.llm_api_key)

    @property
    def ops_channel(self) -> str:
        return self.spa_ops_channel or self.spa_front_desk_channel


def shown_address(url: str) -> str:
    """Where the spa system is reached, as managers (and `check`) may show it: scheme, host, port and path only. A user and
    password (``https://user:pass@host``), a query (``?key=…``) or a fragment can hold a secret: never shown."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is no number: left out rather than guessed
        port = None
    return urlunsplit((parts.scheme, f"{host}:{port}" if port else host, parts.path, "", ""))
