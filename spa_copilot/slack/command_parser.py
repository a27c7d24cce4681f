"""Parsing ``/spa`` text into a subcommand and its arguments. Pure: no Slack, no platform.

Anything not understood raises ``CommandError`` with the problem and, where one is close, a suggestion; the
listener turns it into the ephemeral help.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import date, timedelta

from spa_copilot.slack.texts import SUBCOMMAND_NAMES, suggest_subcommand


class CommandError(ValueError):
    """The command text could not be understood."""

    def __init__(self, problem: str, *, suggestion: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.suggestion = suggestion


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: tuple[str, ...]
    text: str

    @property
    def rest(self) -> str:
        """Everything after the subcommand name, as typed."""
        return self.text.split(None, 1)[1].strip() if len(self.text.split(None, 1)) > 1 else ""


_CURLY_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def unescape_slack(text: str) -> str:
    """Undo Slack's escaping of typed text (``&lt;``, ``&gt;``, then ``&amp;``) and straighten curly quotes.

    Slack sends ``Juniper & Salt`` as ``Juniper &amp; Salt``; mentions arrive as real ``<@U123|name>`` and stay so.
    Phones and Macs type “smart” quotes, which would not group words for shlex.
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").translate(_CURLY_QUOTES)


def parse_command(text: str) -> ParsedCommand:
    """Split ``/spa`` text (as Slack sends it) into a known subcommand and its words (quotes group words)."""
    stripped = unescape_slack(text or "").strip()
    if not stripped:
        return ParsedCommand("help", (), "help")
    try:
        words = shlex.split(stripped)
    except ValueError:
        words = stripped.split()
    name = words[0].lower()
    if name not in SUBCOMMAND_NAMES:
        raise CommandError(stripped, suggestion=suggest_subcommand(name))
    return ParsedCommand(name, tuple(words[1:]), stripped)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def parse_day(word: str, *, today: date) -> date:
    """``today``, ``tomorrow``, ``yesterday``, a weekday (the next one, today included) or ``YYYY-MM-DD``."""
    lowered = word.lower()
    if lowered == "today":
        return today
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    if lowered == "yesterday":
        return today - timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if len(lowered) >= 3 and name.startswith(lowered):
            return today + timedelta(days=(index - today.weekday()) % 7)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise CommandError(f"{word} is not a date (try today, tomorrow, fri or 2026-11-24)") from None


_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time_range(word: str) -> tuple[str, str]:
    """``HH:MM-HH:MM`` (24-hour, start before end) → ``("HH:MM", "HH:MM")``."""
    start, sep, end = word.partition("-")
    clocks = [_CLOCK.match(part.strip()) for part in (start, end)]
    if not sep or not all(clocks):
        raise CommandError(f"{word or 'the window'} is not a time range like 14:00-18:00")
    start, end = (f"{int(m.group(1)):02d}:{m.group(2)}" for m in clocks if m)
    if start >= end:
        raise CommandError(f"{word} ends before it starts (try 14:00-18:00)")
    return start, end


def looks_like_day(word: str) -> bool:
    """True when ``word`` parses as a day."""
    try:
        parse_day(word, today=date(2000, 1, 3))
    except CommandError:
        return False
    return True


def mentioned_user(word: str) -> str | None:
    """The Slack user id in an escaped mention (``<@U123|maya>``), or None."""
    match = _USER_MENTION.match(word.strip())
    return match.group(1) if match else None


def parse_count(word: str, *, default: int, maximum: int) -> int:
    """A positive count, capped at ``maximum``."""
    if not word:
        return default
    if not (word.isascii() and word.isdigit()) or int(word) < 1:  # "²".isdigit() is True, int("²") fails
        raise CommandError(f"{word} is not a positive number")
    return min(int(word), maximum)
