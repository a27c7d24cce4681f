"""Parsing ``/spa`` text into a subcommand and its arguments. Pure: no Slack, no platform.

Anything not understood raises ``CommandError`` with the problem and, where one is close, a suggestion; the
listener turns it into the ephemeral help.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from spa_copilot.domain import folded
from spa_copilot.slack.texts import SUBCOMMAND_NAMES, suggest_subcommand


class CommandError(ValueError):
    """The command text could not be understood: ``problem`` says why in a sentence (``2026-02-30 is not a date``),
    or, with ``not_understood``, it is the text itself (an unknown subcommand)."""

    def __init__(self, problem: str, *, suggestion: str | None = None, not_understood: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.suggestion = suggestion
        self.not_understood = not_understood


class BesidesTheDay(CommandError):
    """``risk Venice``, ``risk fri Venice``, ``conflicts banana kiwi``: words a command that covers every location does
    not take, beside the day (``day``, checked, or None when none was typed). The problem and suggestion are those of
    the words' shape; ``answers.answer_besides_the_day`` says, in one line, when ``words`` name a location."""

    def __init__(self, problem: str, *, name: str, day: str | None, words: Sequence[str], suggestion: str | None) -> None:
        super().__init__(problem, suggestion=suggestion)
        self.name = name
        self.day = day
        self.words = tuple(words)


class TwoDays(CommandError):
    """``brief tomorrow Thu``, ``today Thu tomorrow``: two days for ``today`` or ``brief`` and no other words, where
    one of them is a weekday's word a person may be called by (Thu, Sun, Sat). The listener lets the answer decide,
    with the staff list at hand (``take_day_or_name``): when the word is a staff member's first name, it is that
    person; else the problem stands."""


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: tuple[str, ...]
    text: str

    @property
    def rest(self) -> str:
        """Everything after the subcommand name, as typed but for runs of spaces, which are one space (Slack sends
        two typed spaces as a no-break space and a space: ``Ava  Stone`` is the client ``Ava Stone``)."""
        return " ".join(self.text.split()[1:])


_CURLY_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
# Slack puts a no-break space into command text where two spaces were typed, before a link, or where text was
# pasted; phones and pasted text bring other Unicode spaces and invisible zero-width characters. Each space
# becomes a plain one (so it separates words, as it looks to the person who typed it) and each invisible
# character goes: ``today\u00a0tomorrow`` is ``today tomorrow``, not an unknown subcommand.
_ODD_SPACES = re.compile(r"[^\S\t\n\r ]")  # whitespace other than the plain space, tab and newline
# zero-width space, word joiner, byte order mark, soft hyphen, and the direction marks and controls that text pasted
# from a right-to-left app or a phone's keyboard brings (LRM, RLM, ALM, embeddings, overrides, isolates): none is seen,
# so ``\u200etomorrow`` is ``tomorrow``. The zero-width joiner and non-joiner stay (they belong to emoji and to some scripts).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# The full-width forms of ASCII's printable characters (U+FF01 ！ to U+FF5E ～), as a full-width keyboard types them
_FULL_WIDTH = {code: code - 0xFF01 + 0x21 for code in range(0xFF01, 0xFF5F)}


# Slack's own links in the text it sends: ``<mailto:a@b.com|a@b.com>``, ``<tel:+1212…|+1 212…>``, ``<http://x.com|x.com>``
# or ``<http://x.com>`` (a scheme, a colon, optionally ``|`` and the label as typed). Mentions (``<@U…>``), channels
# (``<#C…>``) and special words (``<!here>``) have no scheme and stay as they are.
_SLACK_LINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>|]*)(?:\|([^<>]*))?>")


def _link_label(match: re.Match[str]) -> str:
    url, label = match.group(1), match.group(2)
    if label:
        return label
    scheme, _, rest = url.partition(":")
    return rest if scheme.lower() in ("mailto", "tel") else url


def unescape_slack(text: str) -> str:
    """Undo Slack's escaping of typed text and straighten curly quotes.

    Slack detects emails, phone numbers and URLs in what was typed and sends them as links
    (``<mailto:a@b.com|a@b.com>``): each becomes its visible label, what the person typed. Then ``&lt;``,
    ``&gt;`` and ``&amp;`` are undone (``Juniper &amp; Salt`` → ``Juniper & Salt``; a typed ``<`` arrives as
    ``&lt;``, so it is never taken for a link). Mentions arrive as real ``<@U123|name>`` and stay so.
    Phones and Macs type “smart” quotes, which would not group words for shlex. A no-break or other Unicode
    space (Slack sends one for a double space) is a plain space, and zero-width characters are dropped. Letters,
    digits and signs typed on a keyboard left in full-width mode (Japanese, Chinese, Korean: ``ｔｏｄａｙ　ｔｍｒｗ``)
    are the ASCII ones they stand for (only those: a superscript ``²`` is no 2).
    """
    text = _SLACK_LINK.sub(_link_label, text).translate(_FULL_WIDTH)
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").translate(_CURLY_QUOTES)


_SENTENCE_END = ".!?"
#: A word wrapped in one or three backticks, as Slack shows code: the word itself.
_CODE_MARKS = re.compile(r"^(?:```|`)([^`]+)(?:```|`)$")


#: An apostrophe between two letters ("O'Brien", "Ana's"), held out of the quote grouping by a private-use character.
_IN_WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_APOSTROPHE_HELD = "\ue000"


def parse_command(text: str) -> ParsedCommand:
    """Split ``/spa`` text (as Slack sends it) into a known subcommand and its words (quotes group words)."""
    # a sentence's end is not part of the last word: "today fri!", "client Nora Long?", "brief Ana tomorrow."
    stripped = unescape_slack(text or "").strip().rstrip(_SENTENCE_END).rstrip()
    if not stripped:
        return ParsedCommand("help", (), "help")
    # an apostrophe inside a word is no quote: "client D'Angelo O'Neil" was searched as "DAngelo ONeil"
    held = _IN_WORD_APOSTROPHE.sub(_APOSTROPHE_HELD, stripped)
    try:
        words = [word.replace(_APOSTROPHE_HELD, "'") for word in shlex.split(held)]
    except ValueError:  # a quote left open ('client "Nora Long'): no quote groups
        words = [bare for word in stripped.split() if (bare := word.strip("\"'"))]
    # a word in Slack's code marks, as the client card and the match lists show an id (`cl_0042`, copied with them)
    words = [_CODE_MARKS.sub(r"\1", word) for word in words]
    if not words:  # only quotes: '/spa ""'
        return ParsedCommand("help", (), "help")
    name = words[0].lower()
    if name not in SUBCOMMAND_NAMES:
        raise CommandError(stripped, suggestion=_meant(words), not_understood=True)
    args = words[1:] if name in ("client", "texts") else _unbracketed_days(_separated(words[1:]))
    while args and args[-1].lower().rstrip(_SEPARATORS) in _POLITE:  # "brief Ana tmrw please": no name nor day
        args.pop()
    if name in ("today", "brief"):
        args = _without_possessive(args)
    return ParsedCommand(name, tuple(args), stripped)


def _unbracketed_days(words: list[str]) -> list[str]:
    """The words with a day in parentheses as the day (``brief Ana (tmrw)``, ``today (tomorrow)``, ``today (Dec 9)``):
    the brackets are no part of it. Other words in brackets stay as typed."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        close = next((at for at in range(index, len(words)) if words[at].endswith(")")), None)
        if word.startswith("(") and close is not None:
            inner = " ".join(words[index:close + 1])[1:-1].strip()
            if inner and (looks_like_day(inner) or _is_day_phrase(inner)):
                out.extend(inner.split())
                index = close + 1
                continue
        out.append(word)
        index += 1
    return out


#: A possessive's ending: "Ana's", "<@U123|ana>'s" (curly quotes are straight by now; "James'" lost its quote already)
_POSSESSIVE = re.compile(r"^(.*[^\s'])'s$", re.IGNORECASE)


def _without_possessive(words: list[str]) -> list[str]:
    """``today Ana's``, ``brief Ana's tmrw``, ``today @Ana's``: the person or place whose day it is, without the
    possessive's ending, when it is the last word before the day (or the last word): "Women's Lounge" keeps its own."""
    for index, word in enumerate(words):
        match = _POSSESSIVE.match(word)
        if match is None:
            continue
        following = list(words[index + 1:])
        if not following or (take_day(following) is not None and not following):
            return [*words[:index], match.group(1), *words[index + 1:]]
    return words


#: Words a request may end with that ask nothing: "status please", "brief Ana tmrw pls", "client Nora Long, thanks"
_POLITE = frozenset({"please", "pls", "plz", "thanks", "thx"})


_SEPARATORS = ",;"


def _separated(words: Sequence[str]) -> list[str]:
    """The words with a comma or semicolon typed after one left off: it separates them, as in a sentence
    (``today @Ana, tmrw``, ``today tmrw, Venice``, ``conflicts tomorrow, Venice``, ``fill ap_01234,``), and is no part
    of a mention, a name or a day. A client's name keeps them (``client Long, Nora`` is read by the answer)."""
    # a comma alone goes; a quoted empty word ('fill ""') stays, for the shape check to refuse
    return [bare for word in words if (bare := word.rstrip(_SEPARATORS)) or not word]


def _meant(words: list[str]) -> str | None:
    """What a command not understood most likely meant, with the rest of what was typed (a suggestion of the
    command alone would answer another question): "tody tomorrow" → "today tomorrow", "clients Nora" → "client
    Nora", "today, tomorrow" → "today tomorrow", and a day alone ("tomorrow", "next fri") → that day's book
    ("today tomorrow"). None when nothing is close."""
    first, rest = words[0].lower().rstrip(",;:"), words[1:]
    if first in SUBCOMMAND_NAMES:
        name: str | None = first
    elif looks_like_day(first) or _leading_day_phrase(words, keep=0):
        name, rest = "today", words
    else:
        name = suggest_subcommand(first)
    if name is None:
        return None
    return " ".join([name, *(f'"{word}"' if " " in word and '"' not in word else word for word in rest)])


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
#: How far from today a typed date may be: a spa's book does not reach further, and a date like 9999-12-31
#: would otherwise overflow when its day is turned into instants.
MAX_DAYS_AWAY = 731
#: What every date problem suggests: the forms, not an example date (a fixed one would soon be in the past).
DATE_HINT = "try today, tomorrow, fri, a month and day or YYYY-MM-DD"
# What a date typed wrong looks like: digits with dashes or slashes ("2026-02-30", "11/24"), or a weekday or a
# relative word after a qualifier ("next monday", "this week").
_DATE_SHAPE = re.compile(r"^\d+(?:[-/]\d*)+$")
_DATE_QUALIFIERS = frozenset({"next", "this", "last", "coming", "previous", "following"})
_DATE_NOUNS = frozenset({"week", "weekend", "month", "year", "day"})
_RANGE_NOUNS = _DATE_NOUNS - {"day"}
# Whether a word is a date at all does not depend on the day it is read on: any day will do to check its shape.
_ANY_DAY = date(2000, 1, 3)


# "tomorrow" as people type it in a hurry
_TOMORROW = frozenset({"tomorrow", "tmrw", "tmr", "tmw", "tomorow", "tommorow", "tommorrow"})
# "in 2 days", "in a week", "in 3 weeks"
_IN_DAYS = re.compile(r"^in\s+(\d+|an?|one)\s+(days?|weeks?)$", re.IGNORECASE)
# "the 8th", "8th", "the 21st": a day of the month with its ordinal ending (a bare number is no day: "Room 8")
_ORDINAL_DAY = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$", re.IGNORECASE)
# A weekday before a date, as a day is often written: "fri 11/27", "Friday, Dec 4th", "fri the 27th"
_WEEKDAY_THEN = re.compile(r"^([a-z]+)\.?,?\s+(.+)$", re.IGNORECASE)
_ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "this fri", "next friday", "coming monday"
_QUALIFIED_WEEKDAY = re.compile(r"^(this|next|coming)\s+([a-z]+)$", re.IGNORECASE)
TOO_FAR = "{word} is too far away (pick a day within two years of today)"


def _weekday(word: str) -> int | None:
    """The weekday (Monday 0) a word names in full or by three letters or more (``fri``, ``Thurs``, and ``Weds``),
    or None."""
    lowered = word.lower()
    if lowered == "weds":  # as Wednesday is often cut short, beside "wed"
        return 2
    return next((index for index, name in enumerate(_WEEKDAYS) if len(lowered) >= 3 and name.startswith(lowered)), None)


def _day_of(word: str, *, today: date, ask: bool = False) -> date:
    """The day ``word`` (one word or a phrase) names, read on ``today``. With ``ask``, a phrase that means two
    days to different people (``next friday`` said on a Tuesday) raises a question naming both: ``check_day``
    reads a phrase's shape on any day, without asking."""
    lowered = " ".join(word.lower().split())
    if lowered == "today":
        return today
    if lowered in _TOMORROW:
        return today + timedelta(days=1)
    if lowered == "yesterday":
        return today - timedelta(days=1)
    if (weekday := _weekday(lowered)) is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    if (relative := _IN_DAYS.match(lowered)) is not None:
        count = 1 if relative.group(1).isalpha() else int(relative.group(1))
        days = count * (7 if relative.group(2).startswith("week") else 1)
        if days > MAX_DAYS_AWAY:  # before adding: a day a hundred digits away is no date at all
            raise CommandError(TOO_FAR.format(word=word))
        return today + timedelta(days=days)
    if (qualified := _QUALIFIED_WEEKDAY.match(lowered)) is not None and (weekday := _weekday(qualified.group(2))) is not None:
        return _qualified_weekday(qualified.group(1), weekday, word, today=today, ask=ask)
    if (ordinal := _ORDINAL_DAY.match(lowered)) is not None:
        return _next_day_of_month(int(ordinal.group(1)), word, today=today)
    if (month_day := _month_day(word)) is not None:
        return _nearest(month_day, word, today=today)
    if (slashed := _SLASH_DATE.match(word)) is not None:
        return _slash_day(slashed, word, today=today)
    if (named := _weekday_then_date(word)) is not None:
        return _weekday_and_date(*named, word, today=today, ask=ask)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise CommandError(f"{word} is not a date ({DATE_HINT})") from None


def _qualified_weekday(qualifier: str, weekday: int, word: str, *, today: date, ask: bool) -> date:
    """``this fri`` (or ``coming fri``) is ``fri``: the next one, today included. ``next fri`` is a week after
    today when today is a Friday, and the coming Friday when that falls in next week (``next monday`` said on a
    Thursday); said earlier in the week (a Tuesday), some mean this Friday and some the one after, so it is a
    question naming both, with what to type for each."""
    coming = today + timedelta(days=(weekday - today.weekday()) % 7)
    if qualifier != "next":
        return coming
    if coming == today:
        return today + timedelta(days=7)
    if ask and weekday > today.weekday():  # the coming one is later this week (weeks from Monday to Sunday)
        later = coming + timedelta(days=7)
        raise CommandError(
            f"{word} could be {_shown(coming)} or {_shown(later)}: type {_WEEKDAYS[weekday][:3]} for "
            f"{_shown(coming)}, or {later:%b} {later.day} for {_shown(later)}"
        )
    return coming


def _weekday_then_date(phrase: str) -> tuple[int, str] | None:
    """The weekday (Monday 0) and the date's words of a weekday written before a date (``fri 11/27``), or None."""
    named = _WEEKDAY_THEN.match(phrase)
    if named is None or (weekday := _weekday(named.group(1))) is None or not _is_dated(named.group(2)):
        return None
    return weekday, named.group(2)


def _weekday_and_date(weekday: int, dated: str, word: str, *, today: date, ask: bool) -> date:
    """``fri 11/27``, ``Friday, Dec 4th``, ``fri the 27th``, ``fri 27``: the date, whose weekday must be the one
    typed (with ``ask``: a phrase's shape alone is checked on any day, when the weekday cannot agree)."""
    day = _next_day_of_month(int(dated), word, today=today) if dated.isdigit() else _day_of(dated, today=today, ask=ask)
    if ask and day.weekday() != weekday:
        raise CommandError(
            f"{word}: {_shown(day)} is a {_WEEKDAYS[day.weekday()].title()}, not a {_WEEKDAYS[weekday].title()} "
            "(type the date or the weekday alone)"
        )
    return day


def _is_dated(phrase: str) -> bool:
    """Whether ``phrase`` names a date by its number (``11/27``, ``Dec 4th``, ``the 27th``, ``2026-11-27``), which a
    weekday may stand before; after a weekday, a bare day of the month is one too (``fri 27``)."""
    return bool(
        _is_month_day(phrase) or _SLASH_DATE.match(phrase) or _ORDINAL_DAY.match(phrase) or _ISO_SHAPE.match(phrase)
        or re.fullmatch(r"\d{1,2}", phrase)
    )


def _next_day_of_month(day: int, word: str, *, today: date) -> date:
    """``the 8th``: the next 8th of a month, today included, as a weekday word names the next one (``the 31st``
    skips the months that have none)."""
    if not 1 <= day <= 31:
        raise CommandError(f"{word} is not a date ({DATE_HINT})")
    year, month = today.year, today.month
    while True:
        try:
            candidate = date(year, month, day)
        except ValueError:  # the 31st of a 30-day month, the 30th of February
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _shown(day: date) -> str:
    """``Fri 27 Nov``, as the answers head a day."""
    return f"{day:%a} {day.day} {day:%b}"


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# "Dec 3", "December 3rd", "3 Dec", "3rd of December", "Dec. 3, 2026"
_MONTH_DAY = re.compile(
    r"^(?:(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<month2>[a-z]+)\.?)(?:,?\s+(?P<year>\d{4}))?$",
    re.IGNORECASE,
)


# A month and day joined by hyphens, as spreadsheets write them: "8-Dec", "Dec-8", "8-Dec-2026"
_HYPHENATED_MONTH_DAY = re.compile(r"^(?:\d{1,2}-[a-z]+\.?|[a-z]+\.?-\d{1,2})(?:-\d{4})?$", re.IGNORECASE)


def _month_day(phrase: str) -> re.Match[str] | None:
    """The ``_MONTH_DAY`` match of a month and day (``Dec 3``, ``3rd of December``), also written with hyphens
    (``8-Dec``, ``Dec-8``: read as ``8 Dec``, the month named, so never the wrong way round); None when ``phrase``
    names no month."""
    if _HYPHENATED_MONTH_DAY.match(phrase):
        phrase = phrase.replace("-", " ")
    match = _MONTH_DAY.match(phrase)
    return match if match is not None and _month(match) is not None else None


def is_month(word: str) -> bool:
    """Whether ``word`` names a month alone (``jun``, ``December``): meant as a date, with its day left out."""
    lowered = word.lower().rstrip(".")
    return len(lowered) >= 3 and any(name.startswith(lowered) for name in _MONTHS)


def _month(match: re.Match[str]) -> int | None:
    """The month a ``_MONTH_DAY`` match names (``dec``, ``Sept``, ``december``), or None for another word."""
    word = (match.group("month") or match.group("month2")).lower()
    found = [number for number, name in enumerate(_MONTHS, 1) if len(word) >= 3 and name.startswith(word)]
    return found[0] if found else None


def _nearest(match: re.Match[str], word: str, *, today: date) -> date:
    """The day a month and day name: in the year given, else the one nearest today (``Jan 5`` read in December is
    next January's, ``Nov 30`` read on 2 December is three days ago)."""
    month, day = _month(match), int(match.group("day") or match.group("day2"))
    year = int(match.group("year")) if match.group("year") else None
    return _nearest_day(month, day, year, word, today=today)  # type: ignore[arg-type]


# A date with slashes, month first as in the US, where the spa's locations are: "12/25", "12/25/2026", "1/5/27"
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?$")


def _slash_day(match: re.Match[str], word: str, *, today: date) -> date:
    """The day ``12/25`` (month/day, optionally /year) names, the nearest one as for ``Dec 25``. ``25/12``, which
    can only be day/month, is refused with the order to type, so that ``5/12`` is never read the wrong way round
    by someone used to day/month."""
    month, day, year = int(match.group(1)), int(match.group(2)), match.group(3)
    if month > 12 and 1 <= day <= 12:
        written = "/".join(filter(None, (str(day), str(month), year)))
        raise CommandError(f"{word} is not a date: with slashes it is month/day, as in {written}")
    if year is not None and len(year) == 2:
        year = f"20{year}"
    return _nearest_day(month, day, int(year) if year else None, word, today=today)


def _nearest_day(month: int, day: int, year: int | None, word: str, *, today: date) -> date:
    """``month`` and ``day`` in ``year``, else in the year that puts them nearest ``today`` (Feb 29: the nearest leap
    year's, which may be two years away; ``parse_day`` then checks it is within two years)."""
    tries = [[year]] if year is not None else [[today.year - 1, today.year, today.year + 1], [today.year - 2, today.year + 2]]
    candidates: list[date] = []
    for years in tries:  # two years away only when no nearer year has the day
        for candidate_year in years:
            try:
                candidates.append(date(candidate_year, month, day))
            except ValueError:  # Feb 30, month 13, or Feb 29 outside a leap year
                continue
        if candidates:
            break
    if not candidates:
        raise CommandError(f"{word} is not a date ({DATE_HINT})")
    return min(candidates, key=lambda candidate: abs((candidate - today).days))


# A day and month written with dots ("12.8", "12.8.", "12.8.2026"): month first in the US, day first in Europe
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(?:(\d{4})\.?)?$")


def dotted_date_problem(word: str, *, name: str, besides: str = "", after: str = "") -> str | None:
    """What to type instead of a date written with dots (``12.8``), which ``name`` (``today``) does not read: some mean
    Dec 8 by it, others Aug 12, so the day is asked for with its month's name, as ``/spa {name} {besides} Dec 8
    {after}`` for each reading it can have (``besides``: the other words typed, ``SoHo``; ``after``: what follows the
    day in the command, ``2pm-6pm``). None when ``word`` is no such date (``35.40``)."""
    dotted = _DOTTED_DATE.match(word)
    if dotted is None:
        return None
    first, second, year = int(dotted.group(1)), int(dotted.group(2)), dotted.group(3)
    readings: list[str] = []
    for month, day in ((first, second), (second, first)):  # month first, as slashes are read; then day first
        try:
            shown = f"{date(int(year or 2000), month, day):%b} {day}" + (f" {year}" if year else "")
        except ValueError:  # month 13, Feb 30 (2000 is a leap year: Feb 29 is a day)
            continue
        if shown not in readings:
            readings.append(shown)
    if not readings:
        return None
    typed = " or ".join(" ".join(filter(None, ("/spa", name, besides, reading, after))) for reading in readings)
    if len(readings) == 1:
        return f"{word} is not a date I read: type the day with its month's name, as {typed}"
    return f"{word} could be {readings[0]} or {readings[1]}: type the day with its month's name, as {typed}"


def dotted_day_among(name: str, words: Sequence[str], *, day: str | None, typed: str, nobody: str = "") -> str | None:
    """The problem of a date written with dots among ``words`` (``conflicts 12.3``, ``brief Ana 12.3``), which no
    command reads. With no other day typed (``day`` None, or a weekday's word alone, which a date brings with it:
    ``fri 12.3``), ``dotted_date_problem``'s question naming both readings, as ``/spa {name} {the other words} Dec 3``
    (``nobody`` stands for them when there are none: ``@therapist`` for ``brief``). With another day, the command
    takes one day, not two (in the order ``typed`` has them), also when that day is among ``words`` (``brief Ana
    tomorrow 12.3``). None without such a date."""
    dotted = next((word for word in words if dotted_date_problem(word, name=name) is not None), None)
    if dotted is None:
        return None
    rest = [word for word in words if word != dotted]
    if day is None and (other := take_day(rest)) is not None:  # "brief Ana tomorrow 12.3": a day before the dots
        day = other
    if day is not None and not weekday_word(day):
        return _two_days(name, day, dotted, typed)
    others = " ".join(word for word in rest if not weekday_word(word))
    return dotted_date_problem(dotted, name=name, besides=others or nobody)


def parse_day(word: str, *, today: date) -> date:
    """``today``, ``tomorrow`` (``tmrw``), ``yesterday``, a weekday (the next one, today included; ``this fri``
    too), ``next fri``, ``in 2 days``, a day of the month (``the 8th``: the next one, today included), a month and
    day (``Dec 3``, ``12/3``) or ``YYYY-MM-DD``, within two years of ``today``."""
    day = _day_of(word, today=today, ask=True)
    if abs((day - today).days) > MAX_DAYS_AWAY:
        raise CommandError(TOO_FAR.format(word=word))
    return day


def check_day(name: str, phrase: str, *, now: datetime | None = None) -> None:
    """Raise ``CommandError`` unless ``phrase`` is one day, whichever day it is read on: ``next week`` is more than
    one day (``name`` takes one), ``2026-02-30`` no date at all. ``parse_day`` reads it later, in the zone of the
    location asked about, and checks it is within two years.

    With ``now``, what ``parse_day`` would refuse on every day that can be "today" somewhere at ``now``
    (``refused_on_every_today``) is refused here too, before the spa system is asked which location and zone it is
    read in: a weekday that is not the date's (``Thu Dec 9`` when Dec 9 is a Wednesday), a day too far away,
    ``next fri`` said early in the week. What some zone would read as a day is left to ``parse_day``."""
    if phrase.split()[-1].lower() in _RANGE_NOUNS and not _IN_DAYS.match(phrase):  # "in a week" is one day
        raise CommandError(f"{name} takes one day, not {phrase} ({DATE_HINT})")
    _day_of(phrase, today=_ANY_DAY)
    if now is not None and (problem := refused_on_every_today(phrase, now)) is not None:
        raise CommandError(problem)


def possible_todays(now: datetime) -> tuple[date, date, date]:
    """The dates "today" can be at ``now`` in some zone: the UTC date and the days either side (the world's zones run
    from 12 hours behind UTC to 14 ahead), so a location's own today is one of them whatever its zone."""
    utc = now.astimezone(UTC).date()
    return utc - timedelta(days=1), utc, utc + timedelta(days=1)


def refused_on_every_today(phrase: str, now: datetime) -> str | None:
    """The problem ``parse_day`` finds with ``phrase`` read on each of ``possible_todays(now)``, when it finds the
    same one on all of them (so on the location's own today, whichever it is); None when some today reads a day,
    or the problems differ (a date the zone decides: the help then comes from the answer, read in that zone)."""
    problems: set[str] = set()
    for today in possible_todays(now):
        try:
            parse_day(phrase, today=today)
        except CommandError as refused:
            problems.add(refused.problem)
        else:
            return None
    return problems.pop() if len(problems) == 1 else None


def take_day(words: list[str]) -> str | None:
    """Pop the trailing words of ``words`` that are meant as a day, and return them (or None).

    A day word (``fri``, ``2026-11-24``) is taken; so is what looks like a date typed wrong (``2026-02-30``,
    ``next monday``, ``this week``), for ``parse_day`` to report as a date problem rather than leaving it to be
    read as a name.
    """
    if not words:
        return None
    for taken in (3, 2):  # "December 3rd 2026", "in 2 days", "Dec 3", "3 Dec", "next fri"
        if len(words) >= taken and _is_day_phrase(" ".join(words[-taken:])):
            return _without_preposition(words, _with_weekday_before(words, taken))
    qualified = len(words) > 1 and words[-2].lower() in _DATE_QUALIFIERS
    if looks_like_day(words[-1]) or (qualified and words[-1].lower() in _DATE_NOUNS):
        return _without_preposition(words, _with_weekday_before(words, 2 if qualified else 1))
    return _take_leading_day(words)


#: A Slack handle typed as text (``@ana.reyes``, ``@hana_sato``): a first name, then a dot or underscore and more
_TYPED_HANDLE = re.compile(r"^@([^\W\d_]+)[._]+([^\W\d][\w.]*)$")
#: Words said before a person or a place that are no part of their name: "today at Venice", "brief for Ana tmrw"
_PLACE_PREPOSITIONS = frozenset({"at", "in", "for"})
#: Words said before a day that are no part of a name or place before them: "brief Ana for tmrw", "today Ana on Dec 7"
_DAY_PREPOSITIONS = frozenset({"for", "on"})


def _without_preposition(words: list[str], day: str) -> str:
    """``day``, after popping the ``for`` or ``on`` said before it (``Ana for tmrw``: Ana, and tmrw)."""
    if words and words[-1].lower() in _DAY_PREPOSITIONS:
        words.pop()
    return day


def weekday_word(phrase: str) -> bool:
    """Whether a day phrase is one weekday's word (``Thu``, ``sun``, ``Saturday``): a first name too, for some (Thu is
    a common Vietnamese given name, Sun a Korean one), so ``brief`` and ``today`` ask the staff list about it."""
    words = phrase.split()
    return len(words) == 1 and _weekday(words[0].rstrip(",.")) is not None


def take_day_or_name(name: str, words: list[str], is_staff_name: Callable[[str], bool], *, typed: str) -> str | None:
    """``take_day`` for ``today`` and ``brief`` (``name``), with the staff list at hand: of two days with nothing else
    typed (``brief Thu tomorrow``, ``brief tomorrow Thu``), the weekday's word a staff member is called by
    (``is_staff_name``) is put back in ``words`` as that person, and the other is the day; otherwise two days are
    one too many, said in the order ``typed`` has them. A Slack handle typed as text (``@ana.reyes``) is the staff
    member whose name it spells, when there is one."""
    day = take_day(words)
    if len(words) > 1 and words[0].lower() in _PLACE_PREPOSITIONS:  # "today at Venice tmrw", "brief for Ana tmrw"
        del words[0]
    if len(words) == 1 and (handle := _TYPED_HANDLE.match(words[0])):
        # "@ana.reyes" typed without Slack's autocomplete, so sent as text, not a mention: the staff member whose
        # name it spells (else it is said back as typed)
        spelled = [handle.group(1), *re.split(r"[._]+", handle.group(2).strip("._"))]
        if is_staff_name(" ".join(spelled)):
            words[:] = spelled
    if day is None or (other := take_day(words)) is None:
        return day
    named = [phrase for phrase in (day, other) if weekday_word(phrase) and is_staff_name(phrase)]
    if words or len(named) != 1:
        raise CommandError(_two_days(name, day, other, typed))
    words.append(named[0])
    kept = other if named[0] == day else day
    check_day(name, kept)
    return kept


def _two_days(name: str, day: str, other: str, typed: str) -> str:
    """The problem of a command given two days, said in the order ``typed`` has them."""
    first, second = sorted((other, day), key=lambda phrase: typed.lower().find(phrase.lower()))
    return f"{name} takes one day, not {first} and {second}"


def _with_weekday_before(words: list[str], taken: int) -> str:
    """Pop the last ``taken`` words, and the weekday right before them when they are a date (``fri 11/27``)."""
    phrase = " ".join(words[-taken:])
    del words[-taken:]
    if words and _is_dated(phrase) and _weekday(words[-1].rstrip(",.")) is not None:
        phrase = f"{words.pop()} {phrase}"
    return phrase


def _take_leading_day(words: list[str]) -> str | None:
    """A day typed before the name (``brief tomorrow Ana``, ``today Dec 3 Venice``, ``brief next fri Ana``): only
    words that cannot be a name's start, not a weekday's short form (``Sun Room`` stays a room)."""
    if taken := _leading_day_phrase(words, keep=1):
        phrase = " ".join(words[:taken])
        del words[:taken]
        return phrase
    first = words[0].lower()
    if len(words) > 1 and (first in (*_WEEKDAYS, *_TOMORROW, "today", "yesterday") or _DATE_SHAPE.match(first)
                           or _ORDINAL_DAY.match(first) or _HYPHENATED_MONTH_DAY.match(first) and _month_day(first)):
        return words.pop(0)
    return None


def short_weekday_first(words: Sequence[str]) -> bool:
    """Whether ``words`` (no day taken from them) start with a weekday's short form and go on: ``fri Venice`` is a
    day and a location, ``Sun Room`` a room. ``take_day`` leaves the short form alone; the answer reads it as the
    day only when the words with it name nothing."""
    return len(words) > 1 and _weekday(words[0]) is not None


def _leading_day_phrase(words: Sequence[str], *, keep: int) -> int:
    """How many of the first words of ``words`` are one day of several words (``December 3rd 2026``, ``in 2
    days``, ``Dec 3``, ``next fri``) with at least ``keep`` words after it; 0 when they are not."""
    for taken in (3, 2):
        if len(words) >= taken + keep and _is_day_phrase(" ".join(words[:taken])):
            return taken
    return 0


def _is_day_phrase(phrase: str) -> bool:
    """A day of several words: a month and day, ``in 2 days``, ``the 8th``, a weekday after ``this``/``next``/
    ``coming``, or a weekday before a date (``fri 11/27``)."""
    if _is_month_day(phrase) or _IN_DAYS.match(phrase) or _ORDINAL_DAY.match(phrase):
        return True
    if _weekday_then_date(phrase) is not None:  # "fri 11/27", "Friday, Dec 4", "fri the 27th"
        return True
    qualified = _QUALIFIED_WEEKDAY.match(phrase)
    return qualified is not None and _weekday(qualified.group(2)) is not None


def _is_month_day(phrase: str) -> bool:
    return _month_day(phrase) is not None


# "14:00" or "14.00"; "2pm", "2:30pm" or "2.30pm" (a dot between hours and minutes is how many people write a time)
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_CLOCK_12 = re.compile(r"^(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?([ap])m$", re.IGNORECASE)
# Between a window's two times: a hyphen, or the en or em dash that Slack and phone keyboards turn it into.
_DASHES = ("-", "–", "—")
_TIME_RANGE = re.compile(r"^(\S+?)(?:\s*[-–—]\s*|\s+to\s+)(\S+)$", re.IGNORECASE)
# A time with no am or pm (``2``, ``2:30``), which takes the one of the time after it: "2-6pm" is 2pm to 6pm
_BARE_TIME = re.compile(r"^(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?$")
# "6 pm", "6 p.m.", "6pm.": am or pm written apart or with dots, as "6pm"
_SPACED_MERIDIEM = re.compile(r"(\d)\s*([ap])\.?m\b\.?", re.IGNORECASE)
_MERIDIEMS = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m"})


def _clock(word: str) -> str | None:
    """``14:00``, ``9:30``, ``2pm`` or ``2:30pm`` (or a dot for the colon: ``14.30``, ``2.30pm``) → ``"HH:MM"``
    (24-hour), or None."""
    if match := _CLOCK.match(word):
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if match := _CLOCK_12.match(word):
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        return f"{hour:02d}:{match.group(2) or '00'}"
    return None


def parse_time_range(text: str) -> tuple[str, str]:
    """``14:00-18:00`` or ``2pm-6pm`` (a hyphen, an en or an em dash, spaces around it or not, or ``to``; start
    before end) → ``("HH:MM", "HH:MM")``, 24-hour. A start without am or pm takes the end's, as people write a
    window: ``2-6pm`` is 2pm to 6pm, ``2:30-6pm`` 2:30pm, and ``10-1pm``, which would end before it starts, 10am.

    A window read so is none (``9-5``, ``2pm-6``, ``10-2``, ``9:00-5:00``) is read as a spa's staff mean it
    (``_spa_day_reading``): within a spa's day, 7:00am to 10:00pm, ``9-5`` is 9:00am–5:00pm; one that reads two ways
    there (``7-9``: morning or evening) is a question asking for am or pm."""
    match = _TIME_RANGE.match(_SPACED_MERIDIEM.sub(r"\1\2m", text.strip()))
    start, end = (_clock(part) for part in match.groups()) if match else (None, None)
    if match and end is not None and (bare := _BARE_TIME.match(match.group(1))) and (
        meridiem := _CLOCK_12.match(match.group(2))
    ):
        minutes = bare.group(2) or "00"
        start = _clock(f"{bare.group(1)}:{minutes}{meridiem.group(3)}m")
        if start is not None and start >= end and meridiem.group(3).lower() == "p":
            start = _clock(f"{bare.group(1)}:{minutes}am")
    if start is not None and end is not None and start < end:
        return start, end
    if match and (read := _spa_day_reading(text, *match.groups())) is not None:
        return read
    if match and (start is None or end is None) and all(_readings(part) for part in match.groups()):  # "2pm-11"
        raise CommandError(f"{text} is not a window within a spa's day as typed: type it with am or pm, e.g. 2pm-6pm")
    if start is None or end is None:
        raise CommandError(f"{text or 'the window'} is not a time range like 14:00-18:00 or 2pm-6pm")
    if start == end:  # "14:00-14:00", "2pm-14:00": it ends when it starts, not before
        raise CommandError(f"{text} is an empty window: it ends when it starts (try 14:00-18:00)")
    raise CommandError(f"{text} ends before it starts (try 14:00-18:00)")


#: A spa's day, in minutes from midnight: a time without am or pm is read inside it (7:00am to 10:00pm), and a window
#: so read is at most ``_LONGEST_WINDOW`` long (``8-10`` is never 8am to 10pm)
_SPA_DAY = (7 * 60, 22 * 60)
_LONGEST_WINDOW = 12 * 60


def _readings(word: str) -> tuple[int, ...]:
    """The times of day (minutes from midnight) ``word`` may mean: one for ``2pm`` or ``14:00``; two for a time of 1
    to 12 without am or pm (``9``, ``5:00``: morning and evening); none for what is no time (``17`` alone, as before,
    is none: an hour of the 24-hour clock is written with its minutes)."""
    if match := _CLOCK_12.match(word):
        return ((int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)) * 60 + int(match.group(2) or 0),)
    if match := _BARE_TIME.match(word):
        minutes = int(match.group(1)) % 12 * 60 + int(match.group(2) or 0)
        return minutes, minutes + 12 * 60
    if match := _CLOCK.match(word):
        return (int(match.group(1)) * 60 + int(match.group(2)),)
    return ()


def _spa_day_reading(text: str, first: str, second: str) -> tuple[str, str] | None:
    """The one reading of a window with a time without am or pm (``9-5``, ``2pm-6``, ``10-2``) that lies within a
    spa's day (``_SPA_DAY``: a time typed with am or pm, or on the 24-hour clock, stands as typed), starts before it
    ends and is at most 12 hours long: ``9-5`` is 9:00am–5:00pm (5am is before 9am, 9pm–5pm ends before it starts),
    ``2pm-6`` 2–6pm, ``10-2`` 10am–2pm, ``5-8`` 5–8pm (5am is before a spa opens), ``8-8`` 8am–8pm, ``9-17:00`` 9am–5pm. None when no reading fits; two (``7-9``: 7–9am or 7–9pm) are a ``CommandError``
    asking for am or pm."""
    low, high = _SPA_DAY
    starts, ends = _readings(first), _readings(second)
    fits = sorted(
        (start, end)
        for start in starts
        for end in ends
        if start < end and end - start <= _LONGEST_WINDOW
        # a time typed with am or pm, or on the 24-hour clock, stands as typed (6am-9 is 6–9am)
        and (len(starts) == 1 or low <= start <= high) and (len(ends) == 1 or low <= end <= high)
    )
    if not fits:
        return None
    if len(fits) > 1:
        said = [f"{_said_time(start)}-{_said_time(end)}" for start, end in fits]
        raise CommandError(f"{text} could be {' or '.join(said)}: type the one you mean, with am or pm")
    start, end = fits[0]
    return f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"


def _said_time(minutes: int) -> str:
    """``9am``, ``2:30pm``: a time as it is typed in a window."""
    hour, minute = divmod(minutes, 60)
    shown = f"{hour % 12 or 12}" + (f":{minute:02d}" if minute else "")
    return f"{shown}{'pm' if hour >= 12 else 'am'}"


def take_time_range(words: list[str]) -> str:
    """Pop the leading words of ``words`` that are meant as a time range, and return them as typed: one word
    (``2pm-6pm``), or two or three when a space was typed beside the dash (``2pm — 6pm``)."""
    if len(words) > 2 and (words[1] in _DASHES or words[1].lower() == "to"):
        taken = 3
    elif len(words) > 1 and (words[0].endswith(_DASHES) or words[1].startswith(_DASHES)):
        taken = 2
    else:
        taken = 1
    if len(words) > taken and words[taken].lower() in _MERIDIEMS:  # "2-6 pm"
        taken += 1
    phrase = " ".join(words[:taken])
    del words[:taken]
    return phrase


def looks_like_day(word: str) -> bool:
    """True when ``word`` is meant as a day: it parses as one (however far from today: that is ``parse_day``'s
    check), or it has a date's shape (digits with dashes or slashes), so ``parse_day`` says what is wrong with it."""
    if _DATE_SHAPE.match(word):
        return True
    try:
        _day_of(word, today=_ANY_DAY)
    except CommandError:
        return False
    return True


# A channel as Slack sends it in command text when one of that name exists (``<#C0123ABC|soho>``), with its label
_CHANNEL_LINK = re.compile(r"<#[CG][A-Z0-9]+\|([^<>|]+)>")
# A channel's name typed with its sign, sent as text when no such channel exists (``#soho``): a letter after the #
# (``Suite #2`` keeps its number's sign)
_TYPED_CHANNEL = re.compile(r"(?<!\S)#(?=[^\W\d_])")


def channel_words_as_names(text: str) -> str:
    """``text`` with each channel Slack linked (``<#C0123ABC|soho>``) as its label, and each ``#`` typed before a
    name dropped (``#soho``): a location or room named the way its Slack channel is. A link with no label
    (``<#C0123ABC>``) stays as sent: it names nothing that can be read."""
    return _TYPED_CHANNEL.sub("", _CHANNEL_LINK.sub(lambda link: link.group(1).strip(), text))


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


# ---------------------------------------------------------------------------------------------------
# The shape of each subcommand's words, checked before its answer looks anything up


def check_command(command: ParsedCommand, *, now: datetime | None = None) -> None:
    """Raise ``CommandError`` when the words of ``command`` have the wrong shape: a date or a window that is none,
    words the subcommand does not take.

    The listener calls this before the answer, so a typo is reported first and the same way for every subcommand,
    not after (or instead of) a lookup of what the other words name: an unknown therapist, a missing risk model.
    With ``now`` (the listener's clock), a day refused whatever the location's zone (``check_day``) is said here
    too, before any read of the spa system, so also while it is down: ``today Thu Dec 9`` when Dec 9 is a Wednesday.
    """
    words = list(command.args)
    if command.name in ("today", "brief"):
        day = take_day(words)
        dated = None  # what must read as a day on the location's today, checked once the words' shape is
        if day:
            check_day(command.name, day)
            # "brief Thu Dec 9" may be Thu Nguyen's briefing of Dec 9 (the answer asks the staff list): only the date
            # after the weekday's word must be a day then
            first = day.split()[0].rstrip(",.")
            may_be_a_name = command.name == "brief" and not words and weekday_word(first)
            dated = day[len(first):].lstrip(" ,.") if may_be_a_name else day
            if (other := take_day(words)) is not None:  # "today tomorrow fri": the rest is no name but a day
                problem = _two_days(command.name, day, other, command.rest)
                if not words and (weekday_word(day) or weekday_word(other)):  # "brief Thu tomorrow": Thu may be her
                    for phrase in (day, other):  # one is kept as the day ("brief Thu 2031-01-01": too far either way)
                        check_day(command.name, phrase, now=now)
                    raise TwoDays(problem)
                raise CommandError(problem)
        # "brief Ana 12.3": the dots asked about, before the answer takes "Ana 12.3" for a therapist nobody is
        if command.name == "brief" and (
            dotted := dotted_day_among(command.name, words, day=day, typed=command.rest, nobody="@therapist")
        ):
            raise CommandError(dotted)
        if command.name == "brief" and not words and not (day and weekday_word(day.split()[0])):
            # "brief tomorrow": no therapist, said before the staff list is read (while the spa system is down too);
            # a weekday's word ("brief Thu", "brief Thu Nov 26") may be someone's name: the answer asks the staff list
            raise CommandError(BRIEF_NEEDS_A_THERAPIST)
        if dated:  # "today Thu Dec 9", Dec 9 a Wednesday: said before the location is read
            check_day(command.name, dated, now=now)
    elif command.name in ("conflicts", "risk"):
        one_day(command.name, words, now=now)
    elif command.name == "waitlist":
        if waitlist_action(words) == "add":
            parse_waitlist_add(words[1:], now=now)
    elif command.name == "client":
        check_client(words)
    elif command.name == "texts":
        texts_request(words)
    elif command.name == "fill":
        # none: the cancelled bookings to come, with their ids; one: an id, not "fill @ana"
        if words and (len(words) != 1 or not is_id(words[0]) or _SLACK_REFERENCE.search(words[0])):
            raise CommandError("fill needs one appointment id, e.g. /spa fill ap_01234")
    elif command.name == "audit":
        parse_audit_count(words)
    elif command.name == "status" and words:
        raise CommandError(f"status takes nothing after it, not {' '.join(words)}", suggestion="status")


#: What ``brief`` without a therapist answers (the shape check's and the answer's alike).
BRIEF_NEEDS_A_THERAPIST = "brief needs a therapist, e.g. /spa brief @Ana tomorrow"


def one_day(name: str, words: Sequence[str], *, now: datetime | None = None) -> str | None:
    """The words of ``conflicts [date]`` or ``risk [date]``: one day, or None when none was typed (with ``now``, one
    ``parse_day`` would refuse in every location's zone is refused here: ``check_day``)."""
    rest = list(words)
    usual = "tomorrow" if name == "risk" else "today"  # what each command shows with no day, and so suggests
    day = take_day(rest)
    if day is None and short_weekday_first(rest):  # "risk fri Venice": no name follows a day here, so fri is the day
        day = rest.pop(0)
    # "conflicts 12.3": both readings asked about, never "Did you mean conflicts today?" (another day); the command
    # covers every location, so other words ("risk 12.3 Venice") are no part of what to type
    days = [word for word in rest if weekday_word(word) or dotted_date_problem(word, name=name) is not None]
    if (dotted := dotted_day_among(name, days, day=day, typed=" ".join(words))) is not None:
        others = " ".join(word for word in rest if word not in days)
        raise CommandError(f"{dotted}; {name} covers every location, so leave out {others}" if others else dotted)
    if rest == list(words) and len(rest) == 1:
        raise BesidesTheDay(f"{rest[0]} is not a date ({DATE_HINT})", name=name, day=None, words=rest,
                            suggestion=f"{name} {usual}")
    if rest and day and take_day(list(rest)) is None:  # "risk tomorrow Venice": a day and words that are none
        try:
            check_day(name, day, now=now)
        except CommandError as no_day:  # "risk 2026-02-30 Venice": the date first, never "Did you mean risk 2026-02-30?"
            raise CommandError(f"{no_day.problem}; {name} covers every location, so leave out {' '.join(rest)}") from None
        raise BesidesTheDay(
            f"{name} covers every location, so it takes only a day: {' '.join(rest)} is not one ({DATE_HINT})",
            name=name, day=day, words=rest, suggestion=f"{name} {day}",
        )
    if rest and rest == list(words):  # "risk Juniper Venice": no day at all
        raise BesidesTheDay(f"{name} takes one day, not {' '.join(words)} ({DATE_HINT})", name=name, day=None,
                            words=rest, suggestion=f"{name} {usual}")
    if rest:
        raise CommandError(f"{name} takes one day, not {' '.join(words)} ({DATE_HINT})", suggestion=f"{name} {usual}")
    if day:
        check_day(name, day, now=now)
    return day


# What Slack puts in the text for an @someone, a #channel or an @here typed in it: ``<@U123|ana>``, ``<#C123|desk>``
_SLACK_REFERENCE = re.compile(r"<([@#!])[^<>]*>")
_NOT_A_GUEST = {"@": "someone in Slack", "#": "a Slack channel", "!": "a Slack mention"}


def check_client(words: Sequence[str]) -> None:
    """``client <name or id>`` looks up a guest: an @mention or a #channel is none, and searching the spa's clients
    for Slack's encoding of it (``<@U123|ana>``) would only say that no client matches that."""
    found = _SLACK_REFERENCE.search(" ".join(words))
    if found is None:
        return
    reference = found.group(0)
    problem = f"client looks up a guest by name, phone, email or id: {reference} is {_NOT_A_GUEST[found.group(1)]}, not a guest"
    if found.group(1) == "@" and mentioned_user(reference):
        # the help shows a mention as typed (@ana); one Slack sent without a name is "the person you mentioned",
        # which no one can type after /spa today: say what to type instead
        labelled = reference.partition("|")[2].rstrip(">").strip()
        problem += f" (their day: /spa today {reference})" if labelled else " (for their day, type /spa today and @mention them)"
    raise CommandError(problem)


#: What may follow the client in ``texts <client>``: nothing (ask), ``stop`` or ``start``.
TEXTS_ACTIONS = ("stop", "start")
#: Words meant as ``stop`` or ``start`` that ``texts`` does not take: refused with its usage after an id ("texts
#: cl_0042 off" would answer "No client matches"), and after a name when no guest is named so (``answer_texts``): they
#: are last names too ("Hazel Block", "Amy End", "Jo Allow").
TEXTS_NEAR_ACTIONS = frozenset({
    "on", "off", "yes", "no", "in", "out", "optout", "opt-out", "optin", "opt-in", "unsubscribe", "subscribe", "block",
    "unblock", "allow", "resume", "pause", "stopped", "started", "end", "cancel",
})
#: A spa system's id: letters, an underscore, then letters or digits (``cl_0042``); a name has no underscore.
_AN_ID = re.compile(r"^[A-Za-z]+_[A-Za-z0-9_-]+$")


def texts_request(words: Sequence[str]) -> tuple[str, str | None]:
    """The words of ``texts <client name or id> [stop|start]``: the client as typed (a name of several words, in
    quotes or not) and ``stop``, ``start`` or None (only ask). Only a last word that is exactly stop or start is the
    action: any other word is part of the name ("Hazel Block", "Amy End"), and the answer refuses a near word for stop
    or start after a name nobody has (``TEXTS_NEAR_ACTIONS``). A client missing, an @mention, or words after a
    client's id raise ``CommandError`` (the help with the usage)."""
    rest = [word.strip() for word in words if word.strip()]
    action = rest.pop().lower() if rest and rest[-1].lower() in TEXTS_ACTIONS else None
    if not rest:
        raise CommandError(TEXTS_USAGE)
    if action is None and len(rest) > 1 and rest[0].lower() in TEXTS_ACTIONS:  # "texts stop cl_0042": the words swapped
        raise CommandError(f"texts takes the client first, then {rest[0].lower()}",
                           suggestion=f"texts {' '.join(rest[1:])} {rest[0].lower()}")
    if _SLACK_REFERENCE.search(" ".join(rest)):
        raise CommandError(f"texts takes a guest's name or client id, not someone in Slack; {TEXTS_USAGE}")
    if len(rest) > 1 and _AN_ID.match(rest[0]):  # "texts cl_0042 off": an id is one word, what follows no name
        raise CommandError(f"texts takes stop or start after the client, not {rest[-1]}",
                           suggestion=f"texts {rest[0]} stop")
    return " ".join(rest), action


TEXTS_USAGE = "texts needs a client's name or id, then stop or start if anything, e.g. /spa texts cl_0042 stop"


_WAITLIST_ACTIONS = ("list", "add", "remove")
#: Words meant as ``remove`` (``waitlist rm wl_007``), suggested as it rather than as ``list``
_MEANT_AS_REMOVE = frozenset({"rm", "del", "delete", "cancel"})


def waitlist_action(words: Sequence[str]) -> str:
    """``list`` (also when nothing follows ``waitlist``), ``add`` or ``remove``; ``list`` takes nothing after it and
    ``remove`` one id. Another word is not understood, with ``waitlist remove`` suggested for one meaning it
    (``rm``, ``delete``: with the id typed after it), else ``waitlist list``."""
    action = words[0].lower() if words else "list"
    if action not in _WAITLIST_ACTIONS:
        suggestion = "waitlist remove" if action in _MEANT_AS_REMOVE else "waitlist list"
        if action in _MEANT_AS_REMOVE and len(words) == 2 and _AN_ID.match(words[1]):  # "waitlist rm wl_007"
            suggestion = f"waitlist remove {words[1]}"
        raise CommandError(f"waitlist {action}", suggestion=suggestion, not_understood=True)
    if action == "list" and len(words) > 1:
        raise CommandError(f"waitlist list takes nothing after it, not {' '.join(words[1:])}", suggestion="waitlist list")
    if action == "remove" and (len(words) != 2 or not is_id(words[1]) or _SLACK_REFERENCE.search(words[1])):
        raise CommandError("waitlist remove needs one id, e.g. /spa waitlist remove wl_007")
    return action


def is_id(word: str) -> bool:
    """Whether ``word`` can be an id in the spa system: not empty (``/spa fill ""``) and not ``.`` or ``..``, which
    in a URL's path name the list or its parent, not an entry."""
    return word.strip() not in ("", ".", "..")


@dataclass(frozen=True)
class WaitlistAdd:
    """``waitlist add <client> <service> <day> <window> [[at] location]``, as typed but for the window (24-hour
    times) and the ``at`` before the location. An open-ended window (``after 3pm``, ``before 1pm``) has no end (None:
    to the location's closing that day) or no start (None: from its opening), which the answer reads in its hours."""

    client_id: str
    service_id: str
    day_word: str
    start: str | None
    end: str | None
    location: str  # "" when none was named


_WAITLIST_ADD_NEEDS = 'waitlist add needs <client id> (or "client name") <service> <day> <HH:MM-HH:MM> [location]'
_QUOTE_NAMES = 'a name of several words goes in quotes: waitlist add "Nora Long" "Swedish Massage 60" fri 2pm-6pm'


def parse_waitlist_add(words: Sequence[str], *, now: datetime | None = None) -> WaitlistAdd:
    """The words after ``waitlist add``; the day's shape is checked (with ``now``, and that no zone's today reads
    it: ``check_day``), ``parse_day`` reads it in the location's zone."""
    if len(words) < 4:
        raise CommandError(_WAITLIST_ADD_NEEDS)
    client_id, service_id, *rest = words
    if not (is_id(client_id) and is_id(service_id)):
        raise CommandError(_WAITLIST_ADD_NEEDS)
    taken = _leading_day_phrase(rest, keep=1) or 1  # "Dec 3 2pm-6pm", "next fri 2pm-6pm", "in 2 days 2pm-6pm"
    if taken > 1 and rest[taken - 1].isdigit() and len(rest) > taken and _starts_a_range(rest[taken]):
        taken -= 1  # "fri 2 – 6pm": the 2 starts the window, it is no 2nd of the month
    day_word = " ".join(rest[:taken])
    del rest[:taken]
    if dotted := _dotted_waitlist_day(client_id, service_id, day_word, rest):
        raise CommandError(dotted)
    try:
        check_day("waitlist add", day_word, now=now)
    except CommandError as no_day:
        if looks_like_day(day_word) or not rest:
            raise
        # "add Nora Long "Swedish Massage 60" fri …": the name's second word was read as the service
        quoted = _unquoted_name_said_first(words)
        raise CommandError(quoted or f"{no_day.problem}; {_QUOTE_NAMES}") from None
    rest = _SPACED_MERIDIEM.sub(r"\1\2m", " ".join(rest)).split()  # "9:30 am - 1 pm" as "9:30am - 1pm"
    if rest and rest[0].lower() in _OPEN_ENDS:  # "after 3pm", "before 1pm"
        start, end = take_open_ended_window(rest)
    else:
        start, end = parse_time_range(take_time_range(rest))  # "2pm — 6pm" arrives as three words
    return WaitlistAdd(client_id, service_id, day_word, start, end, _location_typed(rest))


#: The words that open a window with one time: ``after 3pm`` (to the location's closing), ``before 1pm`` (from its
#: opening)
_OPEN_ENDS = ("after", "before")
_ONE_TIME = "{side} takes one time, e.g. {side} 3pm (a window is typed without it, e.g. 3pm-6pm)"


def take_open_ended_window(words: list[str]) -> tuple[str | None, str | None]:
    """Pop ``after <time>`` or ``before <time>`` from the start of ``words``: ``(start, None)`` after a time, ``(None,
    end)`` before one, the time as ``"HH:MM"``. The time is one time, read as a window's are: with am or pm, on the
    24-hour clock, or without am or pm when only one reading lies within a spa's day (``after 3`` is 3pm; ``after 7``,
    7am or 7pm, is asked about). Anything else, or a second time after it (``after 3pm - 6pm``: a window, typed
    without ``after``), raises ``CommandError``."""
    side = words.pop(0).lower()
    if not words:
        raise CommandError(f"{side} needs a time, e.g. {side} 3pm")
    typed = words.pop(0)
    low, high = _SPA_DAY
    readings = _readings(typed)
    if len(readings) > 1:
        readings = tuple(minutes for minutes in readings if low <= minutes <= high)
    if len(readings) > 1:
        said = " or ".join(f"{side} {_said_time(minutes)}" for minutes in readings)
        raise CommandError(f"{side} {typed} could be {said}: type the one you mean, with am or pm")
    if not readings:
        raise CommandError(f"{typed} is not a time: {_ONE_TIME.format(side=side)}")
    if words and (words[0].startswith(_DASHES) or words[0].lower() == "to"):
        raise CommandError(_ONE_TIME.format(side=side))
    minutes = readings[0]
    time = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return (time, None) if side == "after" else (None, time)


def _location_typed(words: Sequence[str]) -> str:
    """The location the words after the window name, an ``at`` before it dropped (``at Venice`` is Venice); "" when
    none is. A lone ``at`` stays, as typed, to be answered as no location."""
    if len(words) > 1 and words[0].lower() == "at":
        words = words[1:]
    return " ".join(words)


def named_by_its_words(typed: str, names: Sequence[str]) -> list[str]:
    """The names among ``names`` that have every word of ``typed`` among their own words, case, accents and
    punctuation aside (``swedish 60`` → Swedish Massage 60; ``four hands`` → Four-Hands Massage 60). A word is
    matched whole (``swed`` names nothing). None when ``typed`` has no word that is not a number: "25" alone is no
    service's name, though Express Neck & Shoulders 25 has it (rev49b)."""
    wanted = set(_words_of(typed))
    if not any(not word.isdigit() for word in wanted):
        return []
    return [name for name in names if wanted <= set(_words_of(name))]


def _words_of(text: str) -> list[str]:
    return re.findall(r"\w+", folded(text))


def _dotted_waitlist_day(client: str, service: str, day_word: str, rest: Sequence[str]) -> str | None:
    """``waitlist add cl_0042 svc_1 12.3 2pm-6pm``: the date written with dots asked about with both readings, as the
    whole command to type for each (a name of several words in quotes); None when the day is no such date. Only where
    the day stands: after a weekday a dotted word starts the window ("fri 9.30 - 11.30", rev45b M1), as ever."""
    words = [day_word, *rest]
    if dotted_date_problem(words[0], name="waitlist add") is None:
        return None
    name = " ".join(["waitlist add", *map(_as_typed, (client, service))])
    return dotted_date_problem(words[0], name=name, after=" ".join(map(_as_typed, words[1:])))


def _as_typed(word: str) -> str:
    """A word of a command as it is to be typed: in quotes when it has spaces (``"Nora Long"``)."""
    return f'"{word}"' if len(word.split()) > 1 else word


def _unquoted_name_said_first(words: Sequence[str]) -> str | None:
    """For ``waitlist add`` words whose first quoted phrase (a word with a space in it: the service, as typed) comes
    right after two or three unquoted words, with the day and time after it, the fix first: those words are the
    client's name, which goes in quotes, with the command as typed but for the quotes. None otherwise: a quoted phrase
    last is a location, one further on a service after a one-word name, whose problem is said as it is (rev41i: "Nora
    massage frday 2pm-6pm "Upper East Side"" was told to quote "Nora massage frday 2pm-6pm" as her name)."""
    first_quoted = next((i for i, word in enumerate(words) if len(word.split()) > 1), 0)
    if first_quoted not in (2, 3) or first_quoted == len(words) - 1:
        return None
    name = " ".join(words[:first_quoted])
    typed = " ".join(f'"{word}"' if len(word.split()) > 1 else word for word in words[first_quoted:])
    return (f'A name of several words goes in quotes: waitlist add "{name}" {typed} (unquoted, {words[1]} was read '
            f"as the service and {words[2]} as the day)")


def _starts_a_range(word: str) -> bool:
    """Whether ``word``, after a number, says the number starts a time range: a dash, or ``to``."""
    return word.startswith(_DASHES) or word.lower() == "to"


def parse_audit_count(words: Sequence[str]) -> int:
    """``audit [n]``: how many entries to show, 10 unless said, at most 50."""
    if len(words) > 1:
        raise CommandError(f"audit takes one number, not {' '.join(words)}", suggestion="audit 20")
    return parse_count(words[0] if words else "", default=10, maximum=50)
