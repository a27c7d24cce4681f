"""Block Kit for every message, modal and Home tab the copilot shows, in one place.

Rules kept here so no caller has to remember them:
- every string from the spa system or a user goes through :func:`escape` (``&``, ``<``, ``>``), and mrkdwn
  objects are ``verbatim`` so Slack does not turn ``@channel`` or a bare URL into something live; a client
  named ``<!channel>`` pings nobody;
- Slack's limits are met by truncating with an "…and N more" line, never by failing: 50 blocks per
  message (100 in a modal or the Home tab), 3000 characters per section, 150 per header, 75 per button;
- every message carries a fallback ``text`` for notifications and screen readers.

Blocks are ``slack_sdk.models.blocks`` objects, which validate their own lengths; :class:`SlackMessage`
validates once more when built, so a bad block fails in tests rather than in Slack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from spa_copilot.domain import (
    SMS_LIMIT,
    MessagingPreferences,
    day_label,
    elapsed_minutes,
    plural,
    repeated_clock,
    risk_said,
    shown_clock,
    shown_span,
)
from spa_copilot.engines.briefing import NOTES_READ_IN_PART, nothing_on_file_line
from spa_copilot.engines.daybook import free_all_day, stretch_words
from spa_copilot.slack import ids, texts
from spa_copilot.slack.roles import SLACK_USER_ID
from spa_copilot.slack.views_models import (
    BookedFill,
    BookEntry,
    BookGap,
    BriefingItem,
    BriefingView,
    ClientCard,
    ClientMatch,
    ConflictState,
    ConflictView,
    DayBook,
    FillCandidate,
    FillProposalView,
    HomeView,
    LocationSync,
    Opening,
    ProposalState,
    ProposalSummary,
    RiskView,
    StatusView,
    TherapistDay,
    Visit,
)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_CONTEXT_TEXT = 2000
MAX_MODAL_TITLE = 24
MAX_FALLBACK_TEXT = 3000
MAX_PRIVATE_METADATA = 3000
MAX_CONFIRM_TEXT = 300
#: The edit modal holds one SMS, never more.
MAX_DRAFT_LENGTH = SMS_LIMIT

ELLIPSIS = "…"
#: a fill card's nobody-to-offer reason that starts so names guests to book by hand ("Nothing to offer by text: …")
BY_TEXT = "by text: "
#: a fill card's closing reason that starts so was an Approve no text could serve (outside texting hours, too late)
NOT_SENT = "Not sent: "
#: a fill card's closing reason that starts so was a manager's Hold back on a text waiting for texting hours
HELD_BACK = "Held back: "
#: a fill card's closing reason when its slot is gone from the book: the cancellation undone, or the slot booked by
#: hand in the spa system (the card reads "Closed at …", nothing having run out)
BOOKING_BACK_TEXT = "the cancelled appointment is booked again"
BOOKED_OVER_TEXT = "the slot was booked in Mangomint since this card was drawn (appointment {appointment_id})"
#: a fill card's closing reason when the re-check of its guest's YES found the slot gone (``fill.replies``), or found
#: her booked there already (the desk booked her meanwhile): the re-check closed it, not the text's approver, and
#: ``decided_at`` is when (the card reads "Closed at … when X's YES was re-checked", the approver named after)
SLOT_LOST = "the slot is no longer free ("
#: the same when the re-check passed and the booking itself was then refused, the slot taken meanwhile
#: (``fill.outbox._booking_failed``): the card reads "Closed at … when X's booking was refused"
BOOKING_TAKEN = "the slot was taken in the spa system before the booking could be made"
ALREADY_BOOKED = " is already booked at that time in the spa system "
#: a fill card's closing reason that starts so (state ``failed``) was a YES the spa system did not book (refused, out
#: of reach until the slot started, its answer unreadable), not a text that could not go out: the card reads
#: "Could not book X at … : why", the text's approver named after (``fill.outbox._booking_failed``)
NOT_BOOKED = "Not booked: "
#: how ``BOOKED_OVER_TEXT`` names a moved-away card's own booking moved back over its hour (``moving_on``)
BACK_AT_TEXT = "back at {location} at its hour"
#: how an offer's held-back reason goes on (``fill.HELD_BACK_REASON``), which the card's "before it went out" says
HELD_BACK_UNSENT = "the text did not go out. "
#: how a sent card's reason starts when its text waited for texting hours (``fill.DEFERRED_SENT_TEXT``)
WENT_OUT = "went out at "
#: a fill card's closing reason that starts so: its slot starts before a text's hold could end (``fill.TOO_SOON_TEXT``);
#: the card keeps its ranked guests as a list to call, with no draft and no button
TOO_SOON = "the slot starts too soon for a text"
#: the same list on a read-only spa's card, which never texts: no hold to fit, the guests are phoned or nobody is
SOON_READ_ONLY = "the slot starts soon"
#: a call-list card whose slot has started: the list stays, but nobody is to be called for it any more
CALL_OVER = "the slot has started, so there is no one left to call for it"
#: how the closing reason of a card that is a list to call begins (``fill`` closes it so, this module draws it)
CALL_LIST = (TOO_SOON, SOON_READ_ONLY)
# A mention as Slack sent it in command text, once escaped: a person or a channel (``<@U123|maya>``,
# ``<#C123|front-desk>``, ``<#C123|>``), a user group (``<!subteam^S123|@managers>``) or ``<!here>``: shown as what
# the person typed (``@maya``, ``@here``), as text, never as Slack's markup nor as a live mention.
_ESCAPED_MENTION = re.compile(
    r"&lt;(?:([@#])[UWCG][A-Z0-9]{2,20}|!(subteam\^[A-Z0-9]{2,20}|here|channel|everyone))(?:\|([^&<>|]*))?&gt;"
)


def _typed_mention(match: re.Match[str]) -> str:
    sign, special, label = match.group(1), match.group(2), match.group(3)
    if label:
        return label if label.startswith("@") else (sign or "@") + label
    if special:
        return "the group you mentioned" if special.startswith("subteam") else f"@{special}"
    return "the person you mentioned" if sign == "@" else "the channel you mentioned"


_SEVERITY_ICON = {"info": ":information_source:", "warning": ":warning:", "critical": ":rotating_light:"}
_RISK_ICON = {"low": ":large_green_circle:", "medium": ":large_yellow_circle:", "high": ":red_circle:"}
_NOT_SCORED_ICON = ":white_circle:"
_STATUS_WORD = {"noShow": "no-show", "lateCancel": "late cancel", "pendingCompletion": "pending", "checkedIn": "checked in"}
_CONSENT_WORD = {"optedIn": "yes", "optedOut": "no", "unknown": "not asked"}


# ---------------------------------------------------------------------------------------------------
# Escaping and fitting


def escape(text: str) -> str:
    """Escape Slack's control characters so user or spa text renders as text, never as a mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: The most of what a person typed that an answer quotes back ("No client matches “…”").
ECHO_LIMIT = 80


def echoed(typed: str) -> str:
    """What a person typed, as an answer quotes it back: at most ``ECHO_LIMIT`` characters (3,000 pasted
    characters are not repeated back)."""
    return truncate(typed, ECHO_LIMIT)


def _plain(text: str) -> str:
    """A message's fallback text as a notification (or a screen reader) says it: without mrkdwn's code marks
    (backticks), which a notification shows as typed, and which a line cut short would leave half-open. Applied to
    every message's text in one place, ``SlackMessage``, so a one-line answer (``notice_message``) built from the
    line its section shows is plain in its notification too."""
    return text.replace("`", "")


def truncate(text: str, limit: int) -> str:
    """Cut already-escaped text to ``limit`` characters, ending in "…", without splitting an entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ELLIPSIS), 0)]
    amp = cut.rfind("&", max(len(cut) - 5, 0))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + ELLIPSIS


def more_line(count: int, noun: str = "more") -> str:
    """The line that stands in for what did not fit: "…and 3 more appointments", "…and 1 more appointment" (``noun``
    is plural; one thing drops its final "s")."""
    if count == 1 and noun.endswith("s"):
        noun = noun[:-1]
    return f"{ELLIPSIS}and {count} {noun}"


def join_lines(lines: Sequence[str], limit: int = MAX_SECTION_TEXT, *, noun: str = "more") -> str:
    """Join escaped lines with newlines within ``limit`` characters, ending in "…and N more" if some do not fit."""
    out: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        left_after = len(lines) - index - 1
        reserve = len("\n" + more_line(left_after, noun)) if left_after else 0
        separator = 1 if out else 0
        if not out:
            line = truncate(line, limit - reserve)
        else:
            line = truncate(line, limit)
        if used + separator + len(line) + reserve > limit:
            out.append(more_line(len(lines) - index, noun))
            break
        out.append(line)
        used += separator + len(line)
    return "\n".join(out)


def mention(user_id: str | None) -> str:
    """``<@U123>`` for a real Slack user id; anything else is escaped as text."""
    if user_id and SLACK_USER_ID.match(user_id):
        return f"<@{user_id}>"
    return escape(user_id or "someone")


def quote(text: str, limit: int = MAX_SECTION_TEXT) -> str:
    """Escape and block-quote free text (client notes): shown as data, line by line."""
    lines = [f">{escape(line)}" if line.strip() else ">" for line in text.strip().splitlines()]
    return join_lines(lines, limit, noun="more lines")


# ---------------------------------------------------------------------------------------------------
# Messages


@dataclass(slots=True)
class SlackMessage:
    """A message ready for ``chat.postMessage``/``respond``: fallback text plus validated blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = truncate(_plain(self.text), MAX_FALLBACK_TEXT)  # the notification: no code marks shown raw
        if len(self.blocks) > MAX_MESSAGE_BLOCKS:
            raise ValueError(f"{len(self.blocks)} blocks; a message holds at most {MAX_MESSAGE_BLOCKS}")
        for block in self.blocks:
            block.validate_json()
            # slack_sdk lets a header without text through, Slack refuses the whole message (invalid_blocks)
            if isinstance(block, HeaderBlock) and not (block.text and block.text.text and block.text.text.strip()):
                raise ValueError("a header block needs text")

    def blocks_as_dicts(self) -> list[dict[str, Any]]:
        """The blocks as JSON-ready dicts."""
        return [block.to_dict() for block in self.blocks]

    def to_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``chat.postMessage``, ``chat.update``, ``respond`` and ``say``."""
        return {"text": self.text, "blocks": self.blocks_as_dicts()}


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def _section(text: str, *, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(text=_mrkdwn(truncate(text, MAX_SECTION_TEXT)), block_id=block_id)


def _lines_section(lines: Sequence[str], *, noun: str = "more") -> SectionBlock:
    return SectionBlock(text=_mrkdwn(join_lines(lines, MAX_SECTION_TEXT, noun=noun)))


def _fields_section(pairs: Sequence[tuple[str, str]]) -> SectionBlock:
    """A two-column section from (label, escaped value) pairs; at most 10 fields."""
    fields = [_mrkdwn(truncate(f"*{label}*\n{value}", MAX_FIELD_TEXT)) for label, value in pairs[:MAX_FIELDS]]
    return SectionBlock(fields=fields)


def _header(raw: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=truncate(escape(raw), MAX_HEADER_TEXT), emoji=True))


def _context(*parts: str) -> ContextBlock:
    return ContextBlock(elements=[_mrkdwn(truncate(part, MAX_CONTEXT_TEXT)) for part in parts[:10] if part])


def _button(
    label: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: ConfirmObject | None = None,
) -> ButtonElement:
    # Values are ids we minted; cutting one would corrupt it, so an oversize value is a bug, not data.
    if len(value) > MAX_BUTTON_VALUE:
        raise ValueError(f"button value for {action_id} exceeds {MAX_BUTTON_VALUE} characters")
    return ButtonElement(
        text=PlainTextObject(text=truncate(escape(label), MAX_BUTTON_TEXT), emoji=True),
        action_id=action_id,
        value=value,
        style=style,
        confirm=confirm,
    )


def _fit(
    head: Sequence[Block],
    groups: Sequence[Sequence[Block]],
    tail: Sequence[Block] = (),
    *,
    limit: int = MAX_MESSAGE_BLOCKS,
    noun: str = "more",
) -> list[Block]:
    """Head, as many whole groups as fit, an "…and N more" line if some did not, then the tail."""
    budget = limit - len(head) - len(tail)
    taken: list[Block] = []
    for index, group in enumerate(groups):
        is_last = index == len(groups) - 1
        room_needed = len(group) + (0 if is_last else 1)
        if len(taken) + room_needed > budget:
            taken.append(_context(more_line(len(groups) - index, noun)))
            break
        taken.extend(group)
    return [*head, *taken, *tail]


def _tz(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def clock(moment: datetime, time_zone: str, *, zone: bool = False) -> str:
    """``9:30am`` in the given zone; with ``zone``, followed by the zone's abbreviation (``9:30am PST``). A time the
    clocks read twice that night carries it anyway (``1:30am EDT``, ``domain.shown_clock``)."""
    return shown_clock(moment, _tz(time_zone), named=zone)


def clock_range(start: datetime, end: datetime, time_zone: str, *, zone: bool = False) -> str:
    """``9:30am–10:30am`` in the given zone; with ``zone``, labelled with the zone's abbreviation after the end. Each
    time is labelled when the clocks change in between or one of them is read twice that night (``1:30am EST–3:30am
    EDT``: one hour; ``1:30am EDT–1:30am EST``; ``domain.shown_span``)."""
    return shown_span(start, end, _tz(time_zone), named=zone)


def same_clocks(moment: datetime, *time_zones: str) -> bool:
    """Whether clocks in these zones read the same at ``moment`` (else times side by side need their zone)."""
    return len({moment.astimezone(_tz(name)).utcoffset() for name in time_zones}) <= 1


def _minutes(start: datetime, end: datetime) -> int:
    """Elapsed minutes, as the engine's ``Gap.minutes`` counts them (``domain.elapsed_minutes``): datetimes of one zone
    subtract by their wall clocks, which on the nights the clocks change gives 480 for a 10pm–6am shift that lasts 420
    or 540."""
    return elapsed_minutes(start, end)


def _bullets(items: Iterable[str]) -> str:
    escaped = [escape(item) for item in items if item]
    return "\n".join(f"• {item}" for item in escaped) if escaped else "_none recorded_"


# ---------------------------------------------------------------------------------------------------
# Help, errors, refusals, plain lists


def help_message(
    *,
    problem: str | None = None,
    suggestion: str | None = None,
    not_understood: bool = False,
    is_manager: bool = True,
    command: str | None = None,
) -> SlackMessage:
    """``/spa help``; with ``problem`` (why the input was refused, or with ``not_understood`` the input itself) and
    ``suggestion``, a "did you mean" too. With ``command`` (a known subcommand whose words were refused), only that
    command's usage follows the problem, and a pointer to the full help: on a phone the fix is not buried under
    every other command."""
    blocks: list[Block] = [_header(texts.HELP_TITLE)]
    # a mention in what was typed, and in the suggestion built from it, is shown as typed ("@ana"), not as markup
    suggested = _ESCAPED_MENTION.sub(_typed_mention, escape(truncate(suggestion, 200))) if suggestion else None
    if problem is not None:
        shown = _ESCAPED_MENTION.sub(_typed_mention, escape(truncate(problem, 200)))
        line = f"I didn't understand `{shown}`." if not_understood else f"{shown}."
        if suggested:
            line += f" Did you mean `{ids.SLASH_COMMAND} {suggested}`?"
        blocks.append(_section(line))
    shown_commands = [c for c in texts.SUBCOMMANDS if c.name == command and (is_manager or not c.managers_only)]
    for command_help in shown_commands or texts.SUBCOMMANDS:
        if command_help.managers_only and not is_manager:
            continue
        who = " _(managers)_" if command_help.managers_only else ""
        examples = ", ".join(f"`{ids.SLASH_COMMAND} {escape(example)}`" for example in command_help.examples)
        text = f"*`{ids.SLASH_COMMAND} {escape(command_help.usage)}`*{who}\n{escape(command_help.summary)}"
        if examples:
            text += f"\n_e.g._ {examples}"
        blocks.append(_section(text))
    if shown_commands:
        blocks.append(_context(f"`{ids.SLASH_COMMAND} help` lists every command."))
    # the notification's line names the commands the body shows (a therapist's has no "audit")
    fallback = escape(texts.help_fallback(managers=is_manager))
    if problem is not None:
        # a refusal's notification (and a screen reader) says what went wrong, as the line under the title does:
        # plain text, the typed words in quotes; words not understood at all still list the commands after it
        # (without code marks, as every message's text: ``SlackMessage``)
        lead = f"I didn't understand “{shown}”." if not_understood else f"{shown}."
        if suggested:
            lead += f" Did you mean {ids.SLASH_COMMAND} {suggested}?"
        fallback = f"{lead} {fallback}" if not_understood else lead
    return SlackMessage(text=fallback, blocks=blocks)


def error_message(error_id: str) -> SlackMessage:
    """"Something went wrong (error id …)": what a user sees instead of a trace."""
    text = escape(texts.ERROR_TEXT.format(error_id=error_id))
    return SlackMessage(text=text, blocks=[_section(f":warning: {text}")])


def modal_maybe_opened_message(error_id: str) -> SlackMessage:
    """"If no form opened, please click again": Slack may have opened it, its answer lost on the way (``error_id``:
    for IT, should it happen at every click)."""
    text = escape(texts.MODAL_MAYBE_OPENED_TEXT.format(error_id=error_id))
    return SlackMessage(text=text, blocks=[_section(f":hourglass: {text}")])


def refusal_message(action: str) -> SlackMessage:
    """A polite refusal of a managers-only action."""
    text = escape(texts.REFUSAL_TEXT.format(action=action))
    return SlackMessage(text=text, blocks=[_section(f":no_entry: {text}")])


def not_staff_message() -> SlackMessage:
    """The answer to someone outside the spa's team."""
    text = escape(texts.NOT_STAFF_TEXT)
    return SlackMessage(text=text, blocks=[_section(text)])


def notice_message(text: str) -> SlackMessage:
    """A one-section message from raw text (escaped)."""
    escaped = escape(text)
    return SlackMessage(text=escaped, blocks=[_section(escaped)])


def notice_by_message(before: str, user_id: str, after: str = "") -> SlackMessage:
    """A one-section message from raw text (escaped) naming a person in the middle by mention (``mention``), which
    Slack shows as their name: ``before``, the mention, ``after``."""
    text = f"{escape(before)}{mention(user_id)}{escape(after)}"
    return SlackMessage(text=text, blocks=[_section(text)])


def prep_message(text: str) -> SlackMessage:
    """A pre-appointment DM from raw text (escaped). Its notification (the fallback text, shown on a locked phone)
    is the first line only, who and when: the guest's cautions and preferences are read in Slack, not on the lock
    screen. One too long for a section keeps its first whole lines (the cautions come first) and says how many
    lines were left out, rather than stopping mid-word."""
    lines = escape(text).splitlines()
    return SlackMessage(text=lines[0] if lines else "", blocks=[_lines_section(lines, noun="more lines")])


def list_message(title: str, lines: Sequence[str], *, footer: str = "", empty: str = "Nothing to show.") -> SlackMessage:
    """A titled list of raw lines (waitlist, audit, …), escaped, over as many sections as the message holds; only
    what does not fit in a whole message (hundreds of lines) ends in "…and N more"."""
    escaped = [escape(line) for line in lines] or [f"_{escape(empty)}_"]
    room = MAX_MESSAGE_BLOCKS - 1 - (1 if footer else 0)
    blocks: list[Block] = [_header(title), *_lines_sections(escaped, room)]
    if footer:
        blocks.append(_context(escape(footer)))
    return SlackMessage(text=escape(f"{title}: {len(lines)}"), blocks=blocks)


def audit_line(*, when: str, action: str, subject_id: str, actor: str, engine: str | None) -> str:
    """One ``/spa audit`` line, escaped: a person who acted (an approver) by mention, which Slack shows as their
    name; anyone else (``copilot``, ``client:cl_0042``) as text."""
    line = f"{escape(when)} · {escape(action)} · {escape(subject_id)} · by {mention(actor)}"
    return line + (f" · {escape(engine)}" if engine else "")


def audit_message(lines: Sequence[str]) -> SlackMessage:
    """``/spa audit``: lines from :func:`audit_line`, over as many sections as the message holds; the title counts
    them in words ("No audit entries yet", "Last audit entry", "Last 5 audit entries", not "Last 1 audit entries")."""
    title = {0: "No audit entries yet", 1: "Last audit entry"}.get(len(lines), f"Last {len(lines)} audit entries")
    text = title if len(lines) < 2 else f"{title}: {len(lines)}"
    shown = list(lines) or [f"_{escape('Nothing audited yet.')}_"]
    blocks: list[Block] = [_header(title), *_lines_sections(shown, MAX_MESSAGE_BLOCKS - 1)]
    return SlackMessage(text=escape(text), blocks=blocks)


def _lines_sections(lines: Sequence[str], most: int) -> list[SectionBlock]:
    """Escaped lines (at least one) in sections of up to ``MAX_SECTION_TEXT`` characters each, at most ``most``
    sections (the last one ends in "…and N more" when even they cannot hold every line)."""
    sections, rest = _whole_runs(lines, most)
    return sections if rest is None else [*sections, _lines_section(lines[rest:])]


def _packed(lines: Sequence[str]) -> list[list[str]]:
    """Lines in as few runs of up to ``MAX_SECTION_TEXT`` characters (joined by newlines) as hold them in order."""
    runs: list[list[str]] = []
    used = 0
    for line in lines:
        line = truncate(line, MAX_SECTION_TEXT)
        if runs and used + 1 + len(line) <= MAX_SECTION_TEXT:
            runs[-1].append(line)
            used += 1 + len(line)
        else:
            runs.append([line])
            used = len(line)
    return runs


def _whole_runs(lines: Sequence[str], most: int) -> tuple[list[SectionBlock], int | None]:
    """A section per run of ``lines`` (``_packed``) when at most ``most`` are needed, and None; otherwise the first
    ``most - 1`` sections and the index of the first line left for the last one, which the caller cuts."""
    runs = _packed(lines)
    if len(runs) <= most:
        return [SectionBlock(text=_mrkdwn("\n".join(run))) for run in runs], None
    return [SectionBlock(text=_mrkdwn("\n".join(run))) for run in runs[: most - 1]], sum(map(len, runs[: most - 1]))


# ---------------------------------------------------------------------------------------------------
# The day's book

#: How a day book's entry flags a caution line (``presenters.day_book_view``): such a flag is shown on a line of its own
#: under the booking ("⚠ Hot Stone Massage 90 is contraindicated for this guest: pregnancy. …"), not as a chip.
CAUTION_FLAG = ":warning: "
#: How a day book marks a booking in a clash not over yet (``BookEntry.clashes``): on the booking's line, short (read on a
#: phone), "⚠ overlaps Layla C.'s 2:30pm", "⚠ past Priya's 7:00pm shift end"; the conflict card has the rest.
CLASH_FLAG = ":warning: "


def _book_line(item: BookEntry | BookGap, time_zone: str, *, zone: bool = False, whole_shift: bool = False) -> str:
    if isinstance(item, BookGap):
        # its length says how long it is: labelled only where a time is one the clocks read twice that night
        span = shown_span(item.start, item.end, _tz(time_zone), across_change=False)
        free = "free all day" if whole_shift else "free"
        return f"• _{span} {free} ({stretch_words(_minutes(item.start, item.end))})_"
    room = f" ({escape(item.room)})" if item.room else ""
    chips = [flag for flag in item.flags if not flag.startswith(CAUTION_FLAG)]
    flags = "  " + " ".join(f"`{escape(flag)}`" for flag in chips) if chips else ""
    cautions = "".join(f"\n      {escape(flag)}" for flag in item.flags if flag.startswith(CAUTION_FLAG))
    shown = _STATUS_WORD.get(item.status, item.status)
    status = "" if item.status in ("confirmed", "checkedIn", "completed") else f" _{escape(shown)}_"
    free = _hands_free_words(item.hands_free, time_zone)
    clash = f"  {CLASH_FLAG}*{escape('; '.join(item.clashes))}*" if item.clashes else ""
    return (
        f"• *{clock_range(item.start, item.end, time_zone, zone=zone)}*  {escape(item.client_name)} — "
        f"{escape(item.service_name)}{room}{status}{free}{flags}{clash}{cautions}"
    )


#: A line of a day book's row, escaped, and whether it is a booking (what "…and N more appointments" counts).
_RowLine = tuple[str, bool]


def _therapist_lines(therapist: TherapistDay, time_zone: str) -> list[_RowLine]:
    if therapist.shift:
        shift = escape(therapist.shift)
    elif therapist.visiting_from:  # a therapist of another location booked here: their shift is there
        shift = f"visiting from {escape(therapist.visiting_from)}, no shift here"
    else:  # booked with an id the staff list lacks, or one marked inactive, is not a day off
        shift = escape(therapist.off_staff or "not working")
    # by the instant: bookings and free time of one zone compare by their wall clocks, which on the night the clocks go
    # back put 1:15am EST before 1:30am EDT
    items: list[BookEntry | BookGap] = sorted([*therapist.entries, *therapist.gaps], key=lambda item: item.start.timestamp())
    lines: list[_RowLine] = [(f"*{escape(therapist.name)}*  ·  {shift}", False)]
    # nothing booked: its one gap is the whole shift, "free all day (8 h)"
    whole = free_all_day(therapist.entries, therapist.away, therapist.gaps, therapist.shift)
    lines += [(_book_line(item, time_zone, whole_shift=whole), isinstance(item, BookEntry)) for item in items] or [
        ("_no appointments here_" if therapist.away else "_no appointments_", False)
    ]
    for away in therapist.away:  # in that location's zone, labelled where its clocks differ from the book's
        lines.append((f"_Also booked at {escape(away.location_name)}:_", False))
        lines += [
            (_book_line(entry, away.time_zone, zone=not same_clocks(entry.start, time_zone, away.time_zone)), True)
            for entry in away.entries
        ]
    return lines


def _row_sections(lines: Sequence[_RowLine], most: int) -> list[SectionBlock]:
    """A day book's row (a therapist's, the unassigned bookings') in as many sections as it needs, at most ``most``:
    a busy day goes on in the next section rather than being cut. When even those cannot hold it, the last ends in
    "…and N more appointments", counting the bookings left out, not the free time between them."""
    sections, first = _whole_runs([line for line, _ in lines], most)
    if first is None:
        return sections
    rest = lines[first:]
    left = [0] * (len(rest) + 1)  # bookings among rest[i:]
    for index in range(len(rest) - 1, -1, -1):
        left[index] = left[index + 1] + rest[index][1]

    def more(index: int) -> str:  # what stands in for rest[index:]
        return more_line(left[index], "more appointments") if left[index] else f"{ELLIPSIS}and more free time"

    taken: list[str] = []
    used = 0
    for index, (line, _) in enumerate(rest):
        reserve = len("\n" + more(index + 1))
        if not taken:
            line = truncate(line, MAX_SECTION_TEXT - reserve)
        if used + (1 if taken else 0) + len(line) + reserve > MAX_SECTION_TEXT:
            break
        taken.append(line)
        used += (1 if len(taken) > 1 else 0) + len(line)
    sections.append(SectionBlock(text=_mrkdwn("\n".join([*taken, more(len(taken))]))))
    return sections


def _allotted(needs: Sequence[int], booked: Sequence[bool], room: int) -> list[int]:
    """How many sections each row of a day book gets within ``room`` (0: left out, counted in "…and N more"). Rows
    with bookings come first: one section each, in order, then the sections their bookings need; a row with no
    bookings gets what is left. Rows are in that order, so those left out are the last ones."""

    def attempt(room: int) -> list[int]:
        given = [0] * len(needs)
        left = room
        for index in (i for i in range(len(needs)) if booked[i]):
            if left:
                given[index], left = 1, left - 1
        for index in (i for i in range(len(needs)) if booked[i] and given[i]):
            extra = min(needs[index] - 1, left)
            given[index], left = given[index] + extra, left - extra
        for index in (i for i in range(len(needs)) if not booked[i]):
            given[index] = min(needs[index], left)
            left -= given[index]
        return given

    given = attempt(room)
    return given if all(given) else attempt(room - 1)  # one block for the "…and N more therapists" line


def day_book_message(book: DayBook, *, seen_from: date | None = None, note: str = "") -> SlackMessage:
    """The day's book: a row per therapist with the gaps between appointments (and where else each is booked that
    day), the bookings without a therapist after the therapists booked here, then the therapists with none. A busy
    row goes on over several sections; within Slack's 50 blocks, the rows of therapists without bookings are what
    is left out first ("…and N more therapists"), never bookings while such a row is shown. The day carries its
    year when it is not ``seen_from``'s (the location's today); ``note`` goes under the counts."""
    title = f"{day_label(book.day, seen_from=seen_from)} at {book.location_name}"
    if book.scope:
        title += f" — {book.scope}"
    appointments = book.appointment_count
    gaps = sum(len(t.gaps) for t in book.therapists)
    here = [t for t in book.therapists if t.entries]
    rows = [(_therapist_lines(t, book.time_zone), True) for t in here]  # (lines, whether a therapist's row)
    if book.unassigned:
        unassigned = [(_book_line(entry, book.time_zone), True) for entry in book.unassigned]
        rows.append(([("*Unassigned*", False), *unassigned], False))
    rows += [(_therapist_lines(t, book.time_zone), True) for t in book.therapists if not t.entries and t.away]
    rows += [(_therapist_lines(t, book.time_zone), True) for t in book.therapists if not t.entries and not t.away]
    needs = [len(_packed([line for line, _ in lines])) for lines, _ in rows]
    given = _allotted(needs, [any(booking for _, booking in lines) for lines, _ in rows], MAX_MESSAGE_BLOCKS - 2)
    body: list[Block] = [
        section for (lines, _), most in zip(rows, given, strict=True) if most for section in _row_sections(lines, most)
    ]
    if not rows:
        body = [_section("_No one is booked or working._")]
    left_out = [is_therapist for (_, is_therapist), most in zip(rows, given, strict=True) if not most]
    if left_out:
        therapists = sum(left_out)
        more = more_line(therapists, "more therapists") if therapists else f"{ELLIPSIS}and"
        if not all(left_out):
            more += (" and" if therapists else "") + " the unassigned bookings"
        body.append(_context(more))
    # the zone as the fill and conflict cards name it (``_place_label``): "Juniper & Salt SoHo time", not its IANA id
    zone = f"{book.location_name or book.time_zone} time"
    counts = f"{plural(appointments, 'appointment')} · {plural(gaps, 'gap')} · {zone}"
    if book.unread:
        counts += f" · could not read the book of {' and '.join(book.unread)} just now: bookings there may be missing"
    blocks = [_header(title), *body, _context(escape(counts), escape(book.risk_note), escape(note))]
    return SlackMessage(text=escape(f"{title}: {plural(appointments, 'appointment')}, {plural(gaps, 'gap')}"), blocks=blocks)


# ---------------------------------------------------------------------------------------------------
# Clients


def text_consent_word(consent: MessagingPreferences) -> str:
    """The spa system's own consent to transactional texts, as the client card words it: ``yes``, ``no``, ``not
    asked``, or, when its value could not be read (so read as no), ``not readable in the spa system — not texted``."""
    if "transactional_text" in consent.unread:
        return "not readable in the spa system — not texted"
    return _CONSENT_WORD[consent.transactional_text]


def _consent_text(
    consent: MessagingPreferences, *, text_stopped_on: date | None = None, by_staff: bool = False,
    today: date | None = None,
) -> str:
    # a value the spa system holds but the copilot could not read is read as no consent (``MessagingPreferences``):
    # said as that, not as the guest's "no", so the front desk mends it in the spa system rather than take her at it
    def word(field: str, unread: str = "not readable") -> str:
        return unread if field in consent.unread else _CONSENT_WORD[getattr(consent, field)]

    # a STOP to the copilot's texts outweighs the spa system's consent until the client texts START
    # (or a staff member's ``/spa texts … stop``: not her reply, said as such)
    stopped = "opted out by staff on" if by_staff else "replied STOP on"
    sms = (f"{stopped} {day_label(text_stopped_on, seen_from=today)}" if text_stopped_on
           else text_consent_word(consent))
    return (
        f"SMS: {sms} / marketing {word('marketing_text')}\n"
        f"Email: {word('transactional_email')} / marketing {word('marketing_email')}"
    )


def _risk_text(
    risk: RiskView, *, about: Visit | None = None, today: date | None = None, zones: Sequence[str] = ()
) -> str:
    """``🔴 No-show risk: *high* (42%) — reasons``; with ``about``, the booking it is about after "for" (its time labelled
    as ``_visit_when`` labels it). A low risk gives no reasons: they say what raises a risk, and "low (17%) — 11
    no-shows in the past year" reads as a contradiction."""
    which = f" for {_visit_when(about, today, zones)} {escape(about.service_name)}" if about else ""
    if risk.visit and not about:
        which = f" for {escape(risk.visit)}"
    if risk.band is None:  # not scored: said where the band would be, as no band read as a low risk
        return f"{_NOT_SCORED_ICON} No-show risk{which}: {escape(risk.unscored)}"
    figure, reasons = risk_said(risk.band, risk.probability, risk.reasons)
    return f"{_RISK_ICON[risk.band]} No-show risk{which}: *{risk.band}*{figure}{f' — {escape(reasons)}' if reasons else ''}"


def _visit_when(visit: Visit, today: date | None, zones: Sequence[str] = ()) -> str:
    """``Fri 27 Nov 2:00pm`` (the location's time; ``Fri 8 Jan 2027 2:00pm`` in another year than ``today``), or the
    day alone when the visit has no time. ``Fri 27 Nov 2:00pm EST`` when the clocks of the spa's locations (``zones``)
    read differently then: the card is read at any of them."""
    day = day_label(visit.day, seen_from=today)
    if not visit.start:
        return day
    return f"{day} {clock(visit.start, visit.time_zone, zone=not same_clocks(visit.start, visit.time_zone, *zones))}"


def _card_day(day: date, today: date | None) -> str:
    """A day of the card's last visits as its "Last visit" field shows it: the year only when not this year (every
    day with its year when the card does not know today)."""
    return day_label(day, seen_from=today) if today is not None else f"{day_label(day)} {day.year}"


def _card_visit_line(visit: Visit, today: date | None) -> str:
    """``• Tue 10 Nov — Swedish Massage 60 with Jonah``; a booking that did not become a visit says what became of it
    first (``• Wed 30 Sep — _no-show:_ Swedish Massage 60 with Jonah``): after the therapist's name, "with Jonah
    no-show" read as if Jonah had not come."""
    what = escape(visit.service_name) + (f" with {escape(visit.staff_name)}" if visit.staff_name else "")
    if visit.status != "completed":
        what = f"_{escape(_STATUS_WORD.get(visit.status, visit.status))}:_ {what}"
    return f"• {_card_day(visit.day, today)} — {what}"


def client_card_message(card: ClientCard) -> SlackMessage:
    """A client's card: preferences, allergies, alerts, consent, last visits, optional risk."""
    blocks: list[Block] = [_header(card.name)]
    if card.alerts:
        blocks.append(
            _lines_section(
                [f"{_SEVERITY_ICON[alert.severity]} {escape(alert.text)}" for alert in card.alerts], noun="more alerts"
            )
        )
    # a no-show or a cancellation is no visit: the last one is the newest completed
    last_visit = card.last_visit or next((v for v in card.last_visits if v.status == "completed"), None)
    # "none recorded" under a 🚨 nut allergy alert read as a contradiction: the alert says it, once; and for a guest the
    # spa holds nothing on, as "none": nothing was ever asked
    if card.nothing_on_file:
        allergies = f"_{escape(nothing_on_file_line(card.notes_on_file))}_"
    else:
        allergies = _bullets(card.allergies) if card.allergies or not card.allergies_in_alerts else "_in the alerts above_"
        if card.notes_in_part:  # what was read, and where the rest is (never "none recorded" above it: rev45i)
            read = allergies if card.allergies or card.allergies_in_alerts else ""
            allergies = "\n".join(filter(None, (read, f"_{escape(NOTES_READ_IN_PART)}_")))
    pairs = [
        ("Preferences", _bullets(card.preferences)),
        ("Allergies and conditions", allergies),
        ("Consent", _consent_text(card.consent, text_stopped_on=card.text_stopped_on,
                                    by_staff=card.text_stopped_by_staff, today=card.today)),
        ("Last visit", day_label(last_visit.day, seen_from=card.today)
         + (f", {escape(last_visit.service_name)}" if last_visit.service_name else "") if last_visit else "_first visit_"),
    ]
    if card.next_visit:
        where = f" at {escape(card.next_visit_location)}" if card.next_visit_location else ""
        when = _visit_when(card.next_visit, card.today, card.location_zones)
        pairs.append(("Next visit", f"{when}{where}, {escape(card.next_visit.service_name)}"))
    if card.tags:
        pairs.append(("Tags", escape(", ".join(card.tags))))
    blocks.append(_fields_section(pairs))
    if card.last_visits:
        lines = ["*Last visits*"] + [_card_visit_line(visit, card.today) for visit in card.last_visits]
        blocks.append(_lines_section(lines, noun="more visits"))
    if card.notes.strip():
        blocks.append(_section("*Notes*\n" + quote(card.notes, MAX_SECTION_TEXT - 20)))
    if card.risk:
        blocks.append(_context(_risk_text(card.risk, about=card.next_visit, today=card.today, zones=card.location_zones)))
    blocks.append(_context(f"Client id `{escape(card.client_id)}`"))
    alert_note = f", {plural(len(card.alerts), 'alert')}" if card.alerts else ""
    return SlackMessage(text=escape(f"Client card: {card.name}{alert_note}"), blocks=blocks)


def client_matches_message(
    query: str, matches: Sequence[ClientMatch], *, more: bool = False, use: str = "client <id>"
) -> SlackMessage:
    """Several clients match a name: list them with their ids so the user can pick one (``use``: the command to type
    with the id). With ``more``, the spa system holds further matches than those listed, and the heading says so."""
    lines = [
        f"• {escape(match.name)}  `{escape(match.client_id)}`"
        + (f" — last visit {day_label(match.last_visit)} {match.last_visit.year}" if match.last_visit else "")
        for match in matches
    ]
    count = f"More than {len(matches)}" if more else f"{len(matches)}"
    which = "Type more of the name, or pick one of these:" if more else "Which one?"
    heading = f"{count} clients match “{escape(query)}”. {which}"
    blocks: list[Block] = [
        _section(heading),
        _lines_section(lines or ["_no matches_"], noun="more clients"),
        _context(f"Use `{ids.SLASH_COMMAND} {escape(use)}`"),
    ]
    return SlackMessage(text=f"{count} clients match “{escape(query)}”", blocks=blocks)


# ---------------------------------------------------------------------------------------------------
# Conflicts


def _conflict_when(conflict: ConflictView, *, with_day: bool = True) -> str:
    """``Tue 24 Nov 11:15am`` (``with_day``) or ``11:15am``, in the card's zone, with its abbreviation when the card's
    times are of several zones; "" with no time."""
    if not conflict.starts_at:
        return ""
    day = f"{day_label(conflict.starts_at.astimezone(_tz(conflict.time_zone)).date())} " if with_day else ""
    return f"{day}{clock(conflict.starts_at, conflict.time_zone, zone=conflict.zones_labelled)}"


def _conflict_line(conflict: ConflictView, *, with_day: bool = True) -> str:
    """``⚠ *Tue 24 Nov 11:15am Wrong room type*``: the day too, as an alert may be about tomorrow."""
    when = _conflict_when(conflict, with_day=with_day)
    return f"{_SEVERITY_ICON[conflict.severity]} *{when + ' ' if when else ''}{escape(conflict.title)}*"


def _handled_clock(moment: datetime, conflict: ConflictView, zones: Sequence[str], place: str) -> str:
    """A click's (or the resolving check's) time on a conflict card, on the card's clock: labelled as the fill card
    labels a manager's click (``6:00am Juniper & Salt Venice time``, ``_place_label``) when one of the spa's ``zones``
    reads another clock then (a SoHo desk that snoozed a Venice card at 8:00am read "until 6:00am" as their own);
    with the zone's abbreviation on a card whose times carry theirs (a clash across zones); plain in a spa of one
    zone, as every time within one zone is."""
    if same_clocks(moment, conflict.time_zone, *zones):
        return clock(moment, conflict.time_zone)
    if conflict.zones_labelled:
        return clock(moment, conflict.time_zone, zone=True)
    return clock(moment, conflict.time_zone) + _place_label(moment, conflict.time_zone, place or conflict.location_name)


def _handled_text(conflict: ConflictView, *, zones: Sequence[str] = (), place: str = "") -> str:
    at = f" at {_handled_clock(conflict.handled_at, conflict, zones, place)}" if conflict.handled_at else ""
    who = f" by {mention(conflict.handled_by)}" if conflict.handled_by else ""
    match conflict.state:
        case ConflictState.acknowledged:
            return f":white_check_mark: Acknowledged{who}{at}"
        case ConflictState.snoozed:
            until = conflict.snoozed_until
            return f":zzz: Snoozed{who}" + (f" until {_handled_clock(until, conflict, zones, place)}" if until else "")
        case ConflictState.resolved:
            return f":heavy_check_mark: Resolved{at}"
        case ConflictState.expired:
            return _expired_text(conflict, who=who, at=at)
    return ""


#: The small print of a card whose clash was never fixed and whose time has passed: not "Resolved".
EXPIRED_TEXT = ":hourglass: Over, not handled"


def _expired_text(conflict: ConflictView, *, who: str, at: str) -> str:
    """An expired card's small print: "Over, not handled", or, when someone acknowledged or snoozed it, "Over, not
    resolved" and who did which (the clash stood to the end either way)."""
    if not who:
        return EXPIRED_TEXT
    done = "snoozed" if conflict.snoozed_until else "acknowledged"
    return f":hourglass: Over, not resolved ({done}{who}{at})"


#: What a card's notification adds after its headline in each state other than open.
_NOTICE_STATE = {
    ConflictState.acknowledged: "acknowledged",
    ConflictState.snoozed: "snoozed",
    ConflictState.resolved: "resolved",
}


def _conflict_notice(conflict: ConflictView) -> str:
    """The card's notification (a phone's lock screen shows only this): what, when and where, as the card's
    headline and small print say them ("Conflict: Outside shift, Sat 31 Oct 12:00pm at Juniper & Salt Venice");
    no guest (only the card's detail names them) and no id."""
    when = _conflict_when(conflict)
    where = f" at {conflict.location_name}" if conflict.location_name else ""
    if conflict.state == ConflictState.expired:
        state = " (over, not resolved)" if conflict.handled_by else " (over, not handled)"
    else:
        state = f" ({_NOTICE_STATE[conflict.state]})" if conflict.state in _NOTICE_STATE else ""
    return escape(f"Conflict: {conflict.title}" + (f", {when}" if when else "") + where + state)


def conflict_alert_message(conflict: ConflictView, *, zones: Sequence[str] = (), place: str = "") -> SlackMessage:
    """One conflict, with Acknowledge / Snooze 1h while open; the handled variant shows who did what. ``zones`` (the
    spa's locations' zones) and ``place`` (the location whose clock the card reads; default its ``location_name``)
    say how a click's time is labelled (``_handled_clock``)."""
    headline = _conflict_line(conflict)
    if conflict.state == ConflictState.resolved:
        headline = f"~{headline}~"
    text = f"{headline}\n{escape(conflict.detail)}" if conflict.detail else headline
    if conflict.fix and conflict.state not in (ConflictState.resolved, ConflictState.expired):
        text += f"\n:bulb: {escape(conflict.fix)}"  # no fix once it is fixed or over
    blocks: list[Block] = [_section(text)]
    if conflict.note:
        blocks.append(_context(escape(conflict.note)))
    where = [escape(conflict.location_name)] if conflict.location_name else []
    if conflict.appointment_ids:
        where.append("Appointments " + ", ".join(f"`{escape(i)}`" for i in conflict.appointment_ids[:20]))
    if where:
        blocks.append(_context(" · ".join(where)))
    if conflict.state == ConflictState.open:
        blocks.append(
            ActionsBlock(
                block_id=f"conflict:{conflict.conflict_id}"[:255],
                elements=[
                    _button("Acknowledge", ids.ACK_CONFLICT, conflict.conflict_id, style="primary"),
                    _button("Snooze 1h", ids.SNOOZE_CONFLICT, conflict.conflict_id),
                ],
            )
        )
    else:
        blocks.append(_context(_handled_text(conflict, zones=zones, place=place)))
    return SlackMessage(text=_conflict_notice(conflict), blocks=blocks)


def conflict_already_handled_message(conflict: ConflictView, *, zones: Sequence[str] = (), place: str = "") -> SlackMessage:
    """To whoever clicks a conflict's buttons after it was handled (a double click, a colleague a moment later);
    ``zones`` and ``place`` as for ``conflict_alert_message``."""
    text = f"{_handled_text(conflict, zones=zones, place=place)}. Nothing changed."
    return SlackMessage(text=text, blocks=[_section(text)])


def conflict_burst_message(
    conflicts: Sequence[ConflictView],
    *,
    day: date,
    seen_from: date | None = None,
    location_id: str = "",
    zones: Sequence[str] = (),
    place: str = "",
    retired: bool = False,
) -> SlackMessage:
    """Many conflicts at once (a resync, a busy morning): one summary instead of a flood of alerts (the day with its
    year when it is not ``seen_from``'s, the location's today). One left (the others fixed) is "1 conflict … to see
    it", not "… to see them one by one"; the command it names asks for the day as staff type it, ``/spa conflicts
    today`` when it is ``seen_from`` (the location's, as the command reads it), the day after by its weekday, else
    its date (``_typed_day``).

    With ``location_id`` (the location whose pass posted it, the button's value) a summary with a conflict not yet
    acknowledged has an "Acknowledge all" button (each conflict acknowledged as its card's Acknowledge would); one
    whose conflicts are all acknowledged says who did it and when instead (``zones`` and ``place`` as for
    ``conflict_alert_message``), and while some are, those lines say so. ``retired`` (its day over, its conflicts no
    longer tracked): never the button, still who acknowledged them all."""
    where = next((c.location_name for c in conflicts if c.location_name), "")
    title = f"{plural(len(conflicts), 'conflict')} on {day_label(day, seen_from=seen_from)}" + (f" at {where}" if where else "")
    done = [c for c in conflicts if c.state == ConflictState.acknowledged]
    marked = bool(done) and len(done) < len(conflicts)
    lines = [
        _conflict_line(c, with_day=False)
        + (" _(acknowledged)_" if marked and c.state == ConflictState.acknowledged else "")
        + (f" — {escape(c.detail)}" if c.detail else "")
        for c in conflicts
    ]
    blocks: list[Block] = [
        _header(title),
        _lines_section(lines or ["_none_"], noun="more conflicts"),
        _context(f"Use `{ids.SLASH_COMMAND} conflicts {_typed_day(day, seen_from)}` to see "
                 + ("it." if len(conflicts) == 1 else "them one by one.")),
    ]
    if location_id and not retired and conflicts and len(done) < len(conflicts):
        blocks.append(
            ActionsBlock(
                block_id=f"conflicts:{location_id}:{day.isoformat()}"[:255],
                elements=[_button("Acknowledge all", ids.ACK_CONFLICT_SUMMARY, location_id, style="primary")],
            )
        )
    elif (location_id or retired) and done and len(done) == len(conflicts):
        last = max(done, key=lambda c: c.handled_at.timestamp() if c.handled_at else 0.0)  # the latest click
        blocks.append(_context(_handled_text(last, zones=zones, place=place)))
    return SlackMessage(text=escape(title), blocks=blocks)


def _typed_day(day: date, seen_from: date | None) -> str:
    """A day as staff type it to ``/spa``: ``today`` (``seen_from``, the location's today), the day after by its
    weekday (``thu``: a summary is not redrawn at midnight, and ``tomorrow`` read the next morning would ask for the
    day after; the weekday still means it, and the title names it), else ``2026-12-03``."""
    if seen_from is not None and day == seen_from:
        return "today"
    if seen_from is not None and day == seen_from + timedelta(days=1):
        return f"{day:%a}".lower()
    return day.isoformat()


# ---------------------------------------------------------------------------------------------------
# Briefings


def processing_words(hands_free: tuple[datetime, datetime] | None, time_zone: str) -> str:
    """A service's processing time, when its therapist is free for another guest, as the day books (``/spa today``,
    ``spa-copilot today``) and the briefing say it: "free 1:05pm–1:15pm while it processes"; "" without one."""
    return f"free {clock_range(*hands_free, time_zone)} while it processes" if hands_free else ""


def _hands_free_words(hands_free: tuple[datetime, datetime] | None, time_zone: str) -> str:
    """``processing_words`` in Slack: " _(free 1:05pm–1:15pm while it processes)_"; "" without one."""
    words = processing_words(hands_free, time_zone)
    return f" _({words})_" if words else ""


def _briefing_item_blocks(item: BriefingItem, time_zone: str, *, home: str | None = None) -> list[Block]:
    """A guest's lines; away (``home``: the therapist's own location's zone) the times labelled with the location's
    zone where its clocks read otherwise than home's ("*11:00am–12:00pm PST*"), as the day book labels them."""
    zone = home is not None and not same_clocks(item.start, time_zone, home)
    room = f" · {escape(item.room)}" if item.room else ""
    first = " · _first visit_" if item.first_visit else (f" · {escape(item.visit)}" if item.visit else "")
    free = _hands_free_words(item.hands_free, time_zone)
    lines = [
        f"*{clock_range(item.start, item.end, time_zone, zone=zone)}*  {escape(item.service_name)}{room}{free}",
        f"*{escape(item.client_first_name)}*{first}",
    ]
    lines += [f":warning: {escape(caution)}" for caution in item.cautions]
    lines += [f":sparkles: {escape(highlight)}" for highlight in item.highlights]
    blocks: list[Block] = [_lines_section(lines)]
    extras: list[str] = []
    if item.notes.strip():
        extras.append("Summary:\n" + quote(item.notes, MAX_CONTEXT_TEXT - 10))
    if item.risk:
        extras.append(_risk_text(item.risk))
    if extras:
        blocks.append(_context(*extras))
    return blocks


AI_SUMMARY_NOTE = "Summary drafted by AI from the spa's records; check anything that matters."
#: The footer when the offline engine wrote every summary: no model is set up, or its drafts were not used...
OFFLINE_SUMMARY_NOTE = "Summary drafted by the offline engine from the spa's records; check anything that matters."
#: ...or the model did not answer (down, timed out, refusing the key).
AI_UNAVAILABLE_SUMMARY_NOTE = (
    "Summary drafted by the offline engine from the spa's records (AI unavailable); check anything that matters."
)


def briefing_summary_note(briefing: BriefingView) -> str | None:
    """The footer saying who wrote the guests' summaries: AI only for what a model drafted (None: no summaries)."""
    offline = briefing.offline_summaries
    if not offline:
        return AI_SUMMARY_NOTE if briefing.ai_generated else None
    if not briefing.ai_generated:
        return AI_UNAVAILABLE_SUMMARY_NOTE if briefing.ai_unavailable else OFFLINE_SUMMARY_NOTE
    why = " (AI unavailable)" if briefing.ai_unavailable else ""
    return f"Summaries drafted by AI from the spa's records, {offline} by the offline engine{why}; check anything that matters."


def _briefing_tail(briefing: BriefingView) -> list[Block]:
    note = briefing_summary_note(briefing)
    return [_context(note)] if note else []


def briefing_message(briefing: BriefingView, *, seen_from: date | None = None) -> SlackMessage:
    """A therapist's briefing in one message (the ``/spa brief`` preview): each guest's time, service, cautions and
    what they like; a day too long for one message ends in "…and N more appointments" (the DM is sent whole, in
    parts: ``briefing_parts``). The day carries its year when it is not ``seen_from``'s (the location's today)."""
    where = f" at {briefing.location_name}" if briefing.location_name else ""
    head: list[Block] = [_header(f"Your day{where}, {day_label(briefing.day, seen_from=seen_from)}")]
    if briefing.summary:
        head.append(_section(escape(briefing.summary)))
    groups = _briefing_groups(briefing)
    tail = _briefing_tail(briefing)
    blocks = _fit(head, groups, tail, noun="more appointments")
    return SlackMessage(text=_briefing_text(briefing, seen_from=seen_from), blocks=blocks)


@dataclass(frozen=True, slots=True)
class BriefingPart:
    """One message of a briefing DM, and which of the briefing's items (by index) it lists."""

    message: SlackMessage
    items: range


def briefing_parts(briefing: BriefingView) -> list[BriefingPart]:
    """A therapist's briefing as DMs, each complete and within Slack's 50 blocks: one message when the day fits,
    else as many as it takes ("Your day, Tue 24 Nov (2 of 2)"), every guest whole in one of them and none left
    out. The first carries the day's summary; each carries the note saying who wrote the guests' summaries."""
    where = f" at {briefing.location_name}" if briefing.location_name else ""
    summary = [_section(escape(briefing.summary))] if briefing.summary else []
    tail = _briefing_tail(briefing)
    groups = _briefing_groups(briefing)
    spans = _spans(
        [len(group) for group in groups],
        first=MAX_MESSAGE_BLOCKS - 1 - len(summary) - len(tail),
        rest=MAX_MESSAGE_BLOCKS - 1 - len(tail),
    )
    parts = []
    for number, span in enumerate(spans, start=1):
        of = f" ({number} of {len(spans)})" if len(spans) > 1 else ""
        head = [_header(f"Your day{where}, {day_label(briefing.day)}{of}"), *(summary if number == 1 else [])]
        body = [block for index in span for block in groups[index]]
        text = _briefing_text(briefing, of=of, rest=None if number == 1 else len(span))
        parts.append(BriefingPart(SlackMessage(text=text, blocks=[*head, *body, *tail]), span if briefing.items else range(0)))
    return parts


def _briefing_groups(briefing: BriefingView) -> list[list[Block]]:
    """Each guest's blocks under a divider. A day without guests has none: its summary says so already ("You have no
    shift and no bookings today."), and a line under it saying it again read twice on a phone."""
    groups = [
        [DividerBlock(), *_briefing_item_blocks(item, briefing.time_zone, home=briefing.home_time_zone)]
        for item in briefing.items
    ]
    if groups or briefing.summary:
        return groups
    return [[_section("_No appointments booked._")]]


def _spans(sizes: Sequence[int], *, first: int, rest: int) -> list[range]:
    """Consecutive runs of groups (by index) whose sizes fit ``first`` blocks in the first run, ``rest`` in the others."""
    spans: list[range] = []
    start, used = 0, 0
    for index, size in enumerate(sizes):
        if index > start and used + size > (rest if spans else first):
            spans.append(range(start, index))
            start, used = index, 0
        used += size
    spans.append(range(start, len(sizes)))
    return spans


def _briefing_text(briefing: BriefingView, *, of: str = "", rest: int | None = None, seen_from: date | None = None) -> str:
    """The notification: whose briefing, which day, how many appointments (in a later part: how many more)."""
    where = f" at {briefing.location_name}" if briefing.location_name else ""
    count = plural(len(briefing.items), "appointment") if rest is None else plural(rest, "more appointment")
    return escape(f"Briefing for {briefing.therapist_name}{where}, {day_label(briefing.day, seen_from=seen_from)}{of}: {count}")


def joined_messages(messages: Sequence[SlackMessage], *, noun: str = "more") -> SlackMessage:
    """Several messages as one (each keeps its own header): whole messages while they fit, then "…and N more"."""
    if len(messages) == 1:
        return messages[0]
    blocks = list(messages[0].blocks)
    for index, message in enumerate(messages[1:], start=1):
        left = len(messages) - index - 1
        if len(blocks) + len(message.blocks) + (1 if left else 0) > MAX_MESSAGE_BLOCKS:
            blocks = [*blocks[: MAX_MESSAGE_BLOCKS - 1], _context(more_line(len(messages) - index, noun))]
            break
        blocks.extend(message.blocks)
    return SlackMessage(text=" ".join(m.text for m in messages), blocks=blocks)


# ---------------------------------------------------------------------------------------------------
# Cancellation fill


def _opening_fields(proposal: FillProposalView) -> SectionBlock:
    opening = proposal.opening
    when = f"{day_label(opening.start.astimezone(_tz(opening.time_zone)).date())}, " + clock_range(
        opening.start, opening.end, opening.time_zone
    )
    pairs = [("When", when), ("Service", escape(opening.service_name))]
    if opening.staff_name:
        pairs.append(("With", escape(opening.staff_name)))
    if opening.room:
        pairs.append(("Room", escape(opening.room)))
    if opening.location_name:
        pairs.append(("Location", escape(opening.location_name)))
    return _fields_section(pairs)


def _nobody_takes_the_freed_time(proposal: FillProposalView) -> str:
    """Said above the candidates when none of them would be booked with a therapist the cancellation freed (the ranking
    lists those first, so then there are none): each offer is a sale with another therapist, and the freed time stays
    open whoever says YES. Staff-eye review, seed 11: every candidate's reasons ended "with Elena: Zoe's hour stays
    open" under "With Zoe Laurent", which read as a card that fills Zoe's hour. Empty when one would take it, or the
    card does not say whose time opened."""
    opening = proposal.opening
    if not opening.staff_ids or not opening.staff_name:
        return ""
    offered = [c.staff_id for c in proposal.candidates]
    if any(staff_id is None or staff_id in opening.staff_ids for staff_id in offered):
        return ""
    return (f":information_source: Nobody waiting can be booked with {escape(opening.staff_name)}: each guest below "
            "would be booked with another therapist, and this time stays open.")


def _candidate_lines(proposal: FillProposalView, *, to_call: bool = False, listed: bool = False) -> list[str]:
    """The candidates in the ranking's order, each with its reasons in words. The ranking's score (``0.44``) is not
    shown: a manager cannot read it, and the order and the reasons already say what it does (it stays in the stored
    proposal and the audit). ``to_call``: a slot too soon for a text, the list for the front desk to phone (nobody
    is the drafted one; ``fill`` left out who said no or opted out and marked who did not answer or was skipped);
    ``listed``: such a list once the slot has started (nobody is the drafted one either)."""
    lines = ["*Guests to call*" if to_call else "*Candidates*"]
    for index, candidate in enumerate(proposal.candidates):
        current = index == proposal.current_index and not (to_call or listed)
        marker = ":arrow_right:" if current else f"{index + 1}."
        reasons = f" — {escape('; '.join(candidate.reasons))}" if candidate.reasons else ""
        name = escape(candidate.first_name)
        name = f"*{name}*" if current else name
        lines.append(f"{marker} {name}{reasons}")
    return lines


def _offered(candidate: FillCandidate, opening: Opening) -> str:
    """What the draft offers this candidate, and, when it is another service or therapist than the opening's, what the
    opening was: a manager approving in a glance must not read "Fill the Signature Facial 60 opening" and approve an
    Aromatherapy Massage with another therapist unawares ("· offers Aromatherapy Massage 60 with Owen, instead of
    Signature Facial 60 with Claire Dubois"; another service with the same therapist: "· offers Brow & Lash Tint 30
    with Zoe, instead of Signature Facial 60"). Therapists are compared by id: the opening's may be several (a
    four-hands booking's "Owen Gallagher, Priya Nair")."""
    if not candidate.service_name:
        return ""
    staff = f" with {escape(candidate.staff_name)}" if candidate.staff_name else ""
    text = f" · offers {escape(candidate.service_name)}{staff}"
    other_staff = bool(candidate.staff_id and opening.staff_ids and candidate.staff_id not in opening.staff_ids)
    if candidate.service_name != opening.service_name or other_staff:
        # the opening's therapist only when the offer is with another ("with Zoe, instead of … with Zoe Laurent" read
        # as two people)
        # a four-hands opening's "Elena Ivanova, Marcus Bell" is two people: "with Elena Ivanova and Marcus Bell"
        staff_words = " and ".join(opening.staff_name.rsplit(", ", 1)) if opening.staff_name else ""
        was = f" with {escape(staff_words)}" if staff_words and other_staff else ""
        text += f", instead of {escape(opening.service_name)}{was}"
    return text


def _booked_text(proposal: FillProposalView, booked: BookedFill, *, zones: Sequence[str] = ()) -> str:
    """``🎉 Booked: Ada replied YES — Swedish 60 with Ana, Wed 2 Dec, 2:00pm–3:00pm. Text approved by @Maya at
    10:31am.`` The time is the approval's; the booking came with the YES. A booking shorter than the opening says
    what of it is still open after it (``30 min still open after, 2:30pm–3:00pm.``), so the desk can offer it."""
    staff = f" with {escape(booked.staff_name)}" if booked.staff_name else ""
    text = (f":tada: Booked: {escape(booked.first_name)} replied YES — {escape(booked.service_name)}{staff}, "
            f"{escape(booked.when)}.")
    if booked.still_open:  # a shorter service than the opening: the rest of it can still be offered
        text += f" {escape(booked.still_open)}."
    if proposal.decided_by:
        text += f" Text approved by {mention(proposal.decided_by)}{_card_time(proposal, with_day=True, zones=zones)}."
    return text


def _card_time(
    proposal: FillProposalView, *, reason: str = "", with_day: bool = False, zones: Sequence[str] = ()
) -> str:
    """`` at 4:15am Juniper & Salt SoHo time`` (``with_day``: `` at Tue 24 Nov 11:50pm …`` on another day than the
    slot's, for a booked card whose other times are all the slot's day): a manager's click on this card, labelled
    with the location, whose clock every time on the card reads (a New York manager read an unlabelled "4:15am" on a
    Venice card as their own 7:15am). No label when the time carries its zone already (a clock read twice that night: "at 1:30am EDT") or
    when ``reason`` (shown after it) names the location's time already (a reason stored before the label), nor when
    every one of the spa's ``zones`` reads the card's clock then (a spa of one zone: "at 9:00am", as the card's other
    click times; the label when the zones are not known); "" with no time."""
    if proposal.decided_at is None:
        return ""
    zone = proposal.opening.time_zone
    clicked, slot_day = proposal.decided_at.astimezone(_tz(zone)), proposal.opening.start.astimezone(_tz(zone)).date()
    # "Text approved … at 11:50pm" under a Wed slot's booking read as after the slot
    day = f"{day_label(clicked.date(), seen_from=slot_day)} " if with_day and clicked.date() != slot_day else ""
    at = f" at {day}{clock(proposal.decided_at, zone)}"
    place = _place_label(proposal.decided_at, zone, proposal.opening.location_name or zone)
    if not place or place in f" {escape(reason)}" or (zones and same_clocks(proposal.decided_at, zone, *zones)):
        return at
    return at + place


def _place_label(moment: datetime, time_zone: str, place: str) -> str:
    """`` Juniper & Salt SoHo time``, after a click's time on a card about one location (fill and conflict cards),
    whose clock every time on the card reads; "" when the time carries its zone already (a clock read twice that
    night: "1:30am EDT")."""
    if repeated_clock(moment.astimezone(_tz(time_zone))):
        return ""
    return f" {escape(place or time_zone)} time"


def _decision_text(proposal: FillProposalView, *, zones: Sequence[str] = ()) -> str:
    """What became of the card, by whom and when. A click's time is plain while every one of the spa's ``zones``
    reads the card's clock then; else it names the location's, as the card's other click times do ("Rejected by
    @Maya at 7:30am Juniper & Salt Venice time": a SoHo manager read a plain 7:30am as their own)."""
    if proposal.state == ProposalState.booked and proposal.booked is not None:
        return _booked_text(proposal, proposal.booked, zones=zones)
    at = ""
    if proposal.decided_at:
        at = f" at {clock(proposal.decided_at, proposal.opening.time_zone)}"
        if not same_clocks(proposal.decided_at, proposal.opening.time_zone, *zones):
            at = _card_time(proposal, zones=zones)
    who = f" by {mention(proposal.decided_by)}" if proposal.decided_by else ""
    if proposal.state == ProposalState.booked:  # the time is the approval's; the booking came with the YES
        who = f" (the text approved by {mention(proposal.decided_by)}{at})" if proposal.decided_by else ""
        at = ""
    reason = f": {escape(proposal.reason)}" if proposal.reason else ""
    if proposal.reason and proposal.state in (ProposalState.approved, ProposalState.sent):
        # when the text goes (went) out, after an approval outside texting hours: "Approved by @Maya at 4:15am Juniper
        # & Salt Venice time — goes out at 8:00am (texts are sent 8:00am–9:00pm)": both times read as the location's
        at = _card_time(proposal, reason=proposal.reason, zones=zones)
        reason = f" — {escape(proposal.reason)}"
    if proposal.state == ProposalState.expired and proposal.reason.startswith(
        (BOOKING_BACK_TEXT, BOOKED_OVER_TEXT.split("{", 1)[0])
    ):  # the slot left the book, or the therapist offered was booked (a card posted with nobody to offer it to too:
        # its booking moved back over its hour): nothing ran out ("Expired at 9:01am" read as the card's own deadline)
        return f":lock: Closed{at}{reason}"
    if proposal.state == ProposalState.expired and proposal.candidates and (
        proposal.reason.startswith(SLOT_LOST) or ALREADY_BOOKED in proposal.reason
    ):  # the YES's re-check closed it: "Expired by @Maya at <the approval's time>" read as the approver's doing
        guest = escape(proposal.candidates[proposal.current_index].first_name)
        approved = f" Text approved by {mention(proposal.decided_by)}." if proposal.decided_by else ""
        return f":lock: Closed{at} when {guest}'s YES was re-checked{reason}.{approved}"
    if proposal.state == ProposalState.expired and proposal.candidates and proposal.reason.startswith(BOOKING_TAKEN):
        guest = escape(proposal.candidates[proposal.current_index].first_name)
        approved = f" Text approved by {mention(proposal.decided_by)}." if proposal.decided_by else ""
        return f":lock: Closed{at} when {guest}'s booking was refused{reason}.{approved}"
    if proposal.state == ProposalState.failed and proposal.candidates and proposal.reason.startswith(NOT_BOOKED):
        # the text went out and was answered YES; the booking is what failed (not "Could not send by <approver>")
        guest = escape(proposal.candidates[proposal.current_index].first_name)
        approved = f" Text approved by {mention(proposal.decided_by)}." if proposal.decided_by else ""
        rest = escape(proposal.reason[len(NOT_BOOKED):].rstrip("."))
        return f":warning: Could not book {guest}{at}: {rest}.{approved}"
    if proposal.state == ProposalState.expired and not proposal.candidates:
        # posted with nobody to offer it to: nothing ran out ("Expired at 9:00am" at posting read as a missed deadline)
        if proposal.reason and proposal.reason.startswith(BY_TEXT):  # guests wait for it, to book by hand
            return f":hourglass: Nothing to offer {escape(proposal.reason)}"
        return f":hourglass: Nothing to offer{reason}"
    if _too_soon(proposal):  # no text could hold the slot: the card is a list to call, nothing was approved
        return f":information_source: {escape(proposal.reason[:1].upper() + proposal.reason[1:].rstrip('.'))}."
    if proposal.state == ProposalState.expired and proposal.reason and proposal.reason.startswith(NOT_SENT):
        # an Approve outside texting hours too late for the slot: nothing ran out, nothing was sent
        at = _card_time(proposal, zones=zones)
        by = f" (Approve clicked by {mention(proposal.decided_by)}{at})" if proposal.decided_by else ""
        rest = proposal.reason[len(NOT_SENT):].rstrip(".")
        place = proposal.opening.location_name or proposal.opening.time_zone
        if by and at.endswith(f" {escape(place)} time"):
            # the click's time names the location's clock already: "texts go out from 8:00am", not "… at Juniper &
            # Salt Venice" again (the reason names it for the clicker's own reply, which has no labelled time)
            rest = rest.replace(f" at {place},", ",", 1)
        return f":no_entry_sign: Not sent{by}: {escape(rest)}."
    if proposal.state == ProposalState.rejected and proposal.reason and proposal.reason.startswith(HELD_BACK):
        # a manager took back an approval whose text waited for texting hours
        rest, at = proposal.reason[len(HELD_BACK):].rstrip("."), _card_time(proposal, zones=zones)
        # "before it went out" says the text did not: an offer's stored reason saying it again is shown without it
        # (as the reply card's: "Held back by @Dana at 9:40pm before it went out: Jane has had no answer to their YES")
        if rest.startswith(HELD_BACK_UNSENT):
            return f":leftwards_arrow_with_hook: Held back{who}{at} before it went out. {escape(rest[len(HELD_BACK_UNSENT):])}."
        return f":leftwards_arrow_with_hook: Held back{who}{at} before it went out: {escape(rest)}."
    icon = {
        ProposalState.approved: ":white_check_mark: Approved",
        # a text that waited for texting hours was not sent at the approval's time: "Approved by @Maya at 9:30pm …
        # — went out at 8:00am", not "Approved and sent by @Maya at 9:30pm"
        ProposalState.sent: ":outbox_tray: Approved" if proposal.reason.startswith(WENT_OUT) else ":outbox_tray: Approved and sent",
        ProposalState.booked: ":tada: Booked",
        ProposalState.rejected: ":x: Rejected",
        ProposalState.expired: ":hourglass: Expired",
        ProposalState.failed: ":warning: Could not send",
    }.get(proposal.state, proposal.state.value)
    return f"{icon}{who}{at}{reason}"


def slot_left_the_book(proposal: FillProposalView) -> bool:
    """A fill card closed because its booking is back over its hour (the cancellation undone, or the booking moved
    back from the sister location): the card says "Closed" and why, with nothing left on it to act on
    (``fill_proposal_message``). One closed because a booking took the therapist it offered keeps its guests: the
    opening itself may still be free (another therapist's offer taken, the booking back in another room)."""
    reason = proposal.reason
    moved_back = reason.startswith(BOOKED_OVER_TEXT.split("{", 1)[0]) and reason.endswith(
        BACK_AT_TEXT.split("}", 1)[1] + ")")
    return proposal.state == ProposalState.expired and (reason.startswith(BOOKING_BACK_TEXT) or moved_back)


def _too_soon(proposal: FillProposalView) -> bool:
    """A fill card closed because its slot starts before a text's hold could end (``TOO_SOON``)."""
    return proposal.state == ProposalState.expired and proposal.reason.startswith(CALL_LIST)


def _call_over(proposal: FillProposalView) -> bool:
    """A list-to-call card whose slot has started (``CALL_OVER``)."""
    return proposal.state == ProposalState.expired and proposal.reason.startswith(CALL_OVER)


def _draft_section(draft: str) -> SectionBlock:
    """The SMS exactly as it goes out: plain text, so ``*today*`` or ``~open~`` show their characters, as the guest
    gets them, not Slack's bold or strike-through (and ``:smile:`` stays the letters the SMS carries)."""
    return SectionBlock(text=PlainTextObject(text=truncate(escape(draft), MAX_SECTION_TEXT), emoji=False))


def _draft_blocks(heading: str, draft: str) -> list[Block]:
    """A heading (mrkdwn, escaped by the caller) and the SMS under it, verbatim."""
    return [_section(heading), _draft_section(draft or " ")]


def _fill_buttons(proposal: FillProposalView, first_name: str, *, next_candidate: bool, reply: bool = False) -> ActionsBlock:
    value = ids.proposal_value(proposal.proposal_id, proposal.revision)
    # an offer too late for its slot once texting opens is not sent at all; a reply to a late YES always goes out
    when = APPROVE_CONFIRM_REPLY_WHEN if reply else APPROVE_CONFIRM_OFFER_WHEN
    confirm = ConfirmObject(
        # The dialog is drawn with the card and clicked any time after (drawn at 8:55pm, clicked at 9:05pm): its words
        # must hold at either moment, so they say "Approve", never "Send", and the text says what follows from it
        title=APPROVE_CONFIRM_TITLE,
        text=_mrkdwn(truncate(f"{first_name} {APPROVE_CONFIRM_TEXT}{when}", MAX_CONFIRM_TEXT)),
        confirm="Approve",
        deny="Not yet",
    )
    buttons = [
        _button("Approve", ids.APPROVE_FILL, value, style="primary", confirm=confirm),
        _button("Edit", ids.EDIT_FILL, value),
    ]
    if next_candidate:
        buttons.append(_button("Next candidate", ids.NEXT_CANDIDATE, value))
    buttons.append(_button("Reject", ids.REJECT_FILL, value, style="danger"))
    return ActionsBlock(block_id=f"fill:{proposal.proposal_id}"[:255], elements=buttons)


#: The Approve dialog of a fill card or a reply card: true whether texting hours are open or closed at the click.
APPROVE_CONFIRM_TITLE = "Approve this text?"
# "when texting hours open", not "when they open": "they" read as the guest
APPROVE_CONFIRM_TEXT = "will get the drafted SMS exactly as shown: at once, or, outside texting hours, when texting hours open "
APPROVE_CONFIRM_OFFER_WHEN = "(the card then says when; nothing goes out if that is too late for the slot)."
APPROVE_CONFIRM_REPLY_WHEN = "(the card then says when)."


def _hold_back_button(proposal: FillProposalView) -> ActionsBlock:
    """The one button of a card whose approved text waits for texting hours: take the approval back."""
    confirm = ConfirmObject(
        title="Hold back this text?",
        text=_mrkdwn("Don't send this text? It has not gone out yet. The card closes; nothing reaches the guest."),
        confirm="Hold back",
        deny="Let it go out",
    )
    button = _button("Hold back", ids.HOLD_BACK_FILL, ids.proposal_value(proposal.proposal_id, proposal.revision),
                     style="danger", confirm=confirm)
    return ActionsBlock(block_id=f"fill:{proposal.proposal_id}"[:255], elements=[button])


def fill_reply_message(
    proposal: FillProposalView, *, situation: str, hold_back: bool = False, offer: Opening | None = None,
    zones: Sequence[str] = (), in_time: bool = False,
) -> SlackMessage:
    """A reply to a guest's late YES, in the fill card's thread: what happened (``situation``: the hold ran out or
    the slot was taken, and whether it is still free), the polite SMS drafted for them and Approve/Edit/Reject, or,
    approved and waiting for texting hours (``hold_back``), Hold back as on a fill card.
    It offers no slot, so it does not look like a fill proposal. "The offer" is what the guest was texted
    (``offer``: its service, times, therapist and room, which may differ from the opening's; the front desk books
    it by hand from this line); the opening when not given. ``zones``: the spa's, for ``_decision_text``.
    ``in_time``: her YES came within the hold, and its re-check found the slot taken: titled for that ("YES from Ada
    (slot taken)"), not as a late YES."""
    opening = offer or proposal.opening
    candidate = proposal.candidates[0] if proposal.candidates else None
    first_name = escape(candidate.first_name) if candidate else "the guest"
    when = f"{day_label(opening.start.astimezone(_tz(opening.time_zone)).date())}, " + clock_range(
        opening.start, opening.end, opening.time_zone
    )
    what = escape(opening.service_name)
    if offer is not None and offer.staff_name:
        what += f" with {escape(offer.staff_name)}"
    if offer is not None and offer.room:
        what += f" in {escape(offer.room)}"
    guest = candidate.first_name if candidate else "a guest"
    blocks: list[Block] = [
        _header(f"YES from {guest} (slot taken)" if in_time else f"Late YES from {guest}"),
        _section(f"{escape(situation)}\n_The offer: {what}, {when}._"),
    ]
    sent = proposal.state in (ProposalState.sent, ProposalState.booked)
    blocks += _draft_blocks(f"*{'Reply sent to' if sent else 'Draft reply to'} {first_name}*", proposal.draft)
    if proposal.state == ProposalState.pending and proposal.read_only:
        blocks.append(_context(texts.READ_ONLY_NOTE))
    elif proposal.state == ProposalState.pending:
        blocks.append(_fill_buttons(proposal, first_name, next_candidate=False, reply=True))
        blocks.append(_context(f"Drafted from a template · needs a manager's approval · proposal `{escape(proposal.proposal_id)}`"))
    else:
        blocks.append(_context(_decision_text(proposal, zones=zones)))
        if hold_back and proposal.state == ProposalState.approved and not proposal.read_only:
            blocks.append(_hold_back_button(proposal))
        blocks.append(_context(f"Drafted from a template · proposal `{escape(proposal.proposal_id)}`"))
    status = "" if proposal.state == ProposalState.pending else f" ({proposal.state.value})"
    title = f"Reply to {first_name}'s YES (slot taken)" if in_time else f"Reply to {first_name}'s late YES"
    return SlackMessage(text=f"{title}{status}", blocks=blocks)


def fill_proposal_message(
    proposal: FillProposalView, *, hold_back: bool = False, today: date | None = None, several_locations: bool = False,
    zones: Sequence[str] = (),
) -> SlackMessage:
    """A fill proposal: the opening, ranked candidates, the drafted SMS and Approve/Edit/Next/Reject.

    Decided proposals (approved, sent, rejected…) and read-only mode show no buttons, but for Hold back on an approved
    one whose text waits for texting hours (``hold_back``). A card closed because its slot starts before a text's hold
    could end (``TOO_SOON``) lists its guests to call, with no draft; one closed because its slot left the book
    (``slot_left_the_book``) says so and why under its header, with the opening and the proposal's id only. The notification (``_fill_notice``) gives the slot's day
    unless it is ``today`` (the location's; unknown: always) and its location when the spa has ``several_locations``;
    ``zones`` (the spa's locations') say whether a click's time names the location's clock (``_decision_text``).
    """
    opening = proposal.opening
    when = clock(opening.start, opening.time_zone)
    candidate = proposal.candidates[proposal.current_index] if proposal.candidates else None
    first_name = escape(candidate.first_name) if candidate else ""
    # a slot starting before a text's hold could end: no draft, no button, the ranked guests as a list to call
    to_call = _too_soon(proposal) and candidate is not None
    over = _call_over(proposal)  # the slot started: the list stays (nobody drafted), not as one to call
    blocks: list[Block] = [
        _header(f"Fill the {when} {opening.service_name} opening"),
        _opening_fields(proposal),
    ]
    notice = _fill_notice(opening, today=today, several_locations=several_locations)
    if slot_left_the_book(proposal):
        # closed, its slot gone: why, what the slot was and the proposal's id (the audit's), and nothing to act on: no
        # guests to offer or call, no draft under a "Draft SMS to" (the ranking and the draft stay in the proposal and
        # its audit). The closing line first: on a phone, the card's first words after the slot
        blocks[0] = _header(f"Closed: the {when} {opening.service_name} opening")  # not "Fill the …": nothing to fill
        blocks.insert(1, _section(_decision_text(proposal, zones=zones)))
        blocks.append(_context(f"proposal `{escape(proposal.proposal_id)}`"))
        return SlackMessage(text=f"Fill proposal: {notice}: closed, {escape(proposal.reason)}", blocks=blocks)
    if candidate and (elsewhere := _nobody_takes_the_freed_time(proposal)):
        blocks.append(_context(elsewhere))
    blocks.append(_lines_section(_candidate_lines(proposal, to_call=to_call, listed=over) if candidate
                                 else ["_No eligible candidates._"], noun="more candidates"))
    if proposal.flagged:
        blocks.append(_lines_section(
            ["*Not offered automatically*"]
            + [f"{':busts_in_silhouette:' if f.by_hand else ':triangular_flag_on_post:'} {escape(f.name)}: "
               f"{escape(f.reason)}" for f in proposal.flagged],
            noun="more flagged clients",
        ))
    if candidate and not (to_call or over):
        # once sent the text is no longer a draft: the card says what the guest got
        sent = proposal.state in (ProposalState.sent, ProposalState.booked)
        heading = f"*{'SMS sent to' if sent else 'Draft SMS to'} {first_name}*{_offered(candidate, opening)}"
        blocks += _draft_blocks(heading, proposal.draft)
    # AI only for what a model drafted; the offline engine's text says so, with why the model's was not used
    provenance = _draft_provenance(proposal.model, ai_generated=proposal.ai_generated)
    if proposal.state == ProposalState.pending and proposal.read_only:
        blocks.append(_context(texts.READ_ONLY_NOTE))
    elif proposal.state == ProposalState.pending and candidate:
        blocks.append(_fill_buttons(
            proposal, first_name,
            next_candidate=proposal.current_index + 1 < len(proposal.candidates) and not proposal.nobody_next))
        blocks.append(_context(f"{provenance} · needs a manager's approval · proposal `{escape(proposal.proposal_id)}`"))
    else:
        blocks.append(_context(_decision_text(proposal, zones=zones)))
        if hold_back and proposal.state == ProposalState.approved and not proposal.read_only:
            blocks.append(_hold_back_button(proposal))
        booked_id = proposal.booked.appointment_id if proposal.booked and proposal.state == ProposalState.booked else None
        booked_in = f" · appointment `{escape(booked_id)}`" if booked_id else ""
        # a list to call shows no draft, nor a card with nobody to offer the slot to ("Drafted" over nothing drafted)
        drafted = "" if to_call or over or candidate is None else f"{provenance} · "
        blocks.append(_context(f"{drafted}proposal `{escape(proposal.proposal_id)}`{booked_in}"))
    status = "" if proposal.state == ProposalState.pending else f" ({proposal.state.value})"
    whom = f" for {first_name}" if candidate else ": nobody on the waitlist can take it"
    if candidate is None and proposal.reason.startswith(BY_TEXT):  # guests named to call or book by hand, not nobody
        whom = ": nobody to text, the card names guests to reach by hand"
    if candidate is None:
        status = ""  # not "(expired)": the card's state name, read on a phone as the slot having passed
    if to_call:
        whom, status = ": too soon for a text, call a guest on the list", ""
        if proposal.reason.startswith(SOON_READ_ONLY):
            whom = ": it starts soon, call a guest on the list"
    elif over:
        whom, status = f": {CALL_OVER}", ""
    return SlackMessage(text=f"Fill proposal: {notice}{whom}{status}", blocks=blocks)


def _fill_notice(opening: Opening, *, today: date | None, several_locations: bool) -> str:
    """The opening as a fill card's notification says it (a phone's lock screen shows only this): ``Sat 5 Dec
    12:00pm Swedish Massage 60 at Juniper & Salt Venice``; the day left out when it is ``today`` at the location, the
    location when the spa has one."""
    start = opening.start.astimezone(_tz(opening.time_zone))
    day = "" if start.date() == today else f"{day_label(start.date(), seen_from=today)} "
    where = f" at {escape(opening.location_name)}" if several_locations and opening.location_name else ""
    return f"{day}{clock(opening.start, opening.time_zone)} {escape(opening.service_name)}{where}"


def encode_metadata(data: dict[str, Any]) -> str:
    """A modal's ``private_metadata`` from a small JSON-able dict (at most 3000 characters)."""
    encoded = json.dumps(data, separators=(",", ":"), sort_keys=True)
    if len(encoded) > MAX_PRIVATE_METADATA:
        raise ValueError("private_metadata exceeds 3000 characters")
    return encoded


def decode_metadata(private_metadata: str) -> dict[str, Any]:
    """Inverse of :func:`encode_metadata`; an empty string gives ``{}``."""
    if not private_metadata:
        return {}
    data = json.loads(private_metadata)
    if not isinstance(data, dict):
        raise ValueError("private_metadata is not a JSON object")
    return data


def edit_draft_modal(
    proposal_id: str, revision: int, draft: str, *, client_first_name: str, context: dict[str, Any] | None = None,
    keep_time: str | None = None,
) -> View:
    """The modal to edit a drafted SMS; ``context`` (e.g. channel and message ts) rides in private_metadata.
    ``keep_time`` (the slot's time as a Save accepts it: ``"11:00 am" or "11am"``) makes the intro say what an edit
    must keep: the time and the YES that claims it."""
    keep = f' Keep the time ({keep_time}) and "Reply YES": the guest\'s YES books the slot.' if keep_time else ""
    metadata = encode_metadata({"proposal_id": proposal_id, "revision": revision, **(context or {})})
    return View(
        type="modal",
        callback_id=ids.EDIT_DRAFT_VIEW,
        title=PlainTextObject(text="Edit the text"),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=metadata,
        blocks=[
            _section(f"The text {escape(client_first_name)} will get once a manager approves it.{escape(keep)}"),
            InputBlock(
                block_id=ids.EDIT_DRAFT_BLOCK,
                label=PlainTextObject(text="Message"),
                # The input holds the raw draft: the user edits text, not Slack markup.
                element=PlainTextInputElement(
                    action_id=ids.EDIT_DRAFT_INPUT,
                    multiline=True,
                    initial_value=draft[:MAX_DRAFT_LENGTH],
                    max_length=MAX_DRAFT_LENGTH,
                ),
            ),
        ],
    )


def reject_reason_modal(proposal_id: str, revision: int, *, context: dict[str, Any] | None = None) -> View:
    """The modal asking why a proposal is rejected (optional reason)."""
    metadata = encode_metadata({"proposal_id": proposal_id, "revision": revision, **(context or {})})
    return View(
        type="modal",
        callback_id=ids.REJECT_REASON_VIEW,
        title=PlainTextObject(text="Reject proposal"),
        submit=PlainTextObject(text="Reject"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=ids.REJECT_REASON_BLOCK,
                label=PlainTextObject(text="Why? (helps the next proposal)"),
                optional=True,
                element=PlainTextInputElement(action_id=ids.REJECT_REASON_INPUT, multiline=True, max_length=500),
            ),
        ],
    )


# ---------------------------------------------------------------------------------------------------
# Status and App Home


def zoned_clock(moment: datetime, time_zone: str) -> str:
    """``9:30am EST``: a time with its zone's abbreviation, for lines that mix no other times."""
    return clock(moment, time_zone, zone=True)


def zoned_moment(moment: datetime, time_zone: str, *, now: datetime) -> str:
    """``9:01am EST`` when it is the reader's today (``now`` in that zone), else with its day: ``Tue 24 Nov 9:01am
    EST``, so an outage that began days ago does not read as one from this morning."""
    return dated_clock(moment, time_zone, now=now, zone=True)


def dated_clock(moment: datetime, time_zone: str, *, now: datetime, zone: bool = False) -> str:
    """``3:30pm`` when it is the reader's today (``now`` in that zone), else with its day: ``Wed 2 Dec 3:30pm`` (a
    guest's text from last night in a thread note read as this afternoon's); with ``zone``, its abbreviation too."""
    local, today = moment.astimezone(_tz(time_zone)), now.astimezone(_tz(time_zone)).date()
    if local.date() == today:
        return clock(moment, time_zone, zone=zone)
    return f"{day_label(local.date(), seen_from=today)} {clock(moment, time_zone, zone=zone)}"  # last December's with its year


def _status_lines(status: StatusView, waiting: str = "") -> list[str]:
    def when(moment: datetime | None) -> str:
        return _at(moment, status.time_zone, status.now)

    last_poll = _last_poll_words(status)
    lines = [
        f"*Sync:* {_health_icon(status)} {escape(_health(status))} · last poll {last_poll} · last webhook {when(status.last_webhook_at)}",
        f"*Mode:* `{escape(status.mode)}` · *Model:* `{escape(status.model)}` · *Spa system:* {escape(status.platform)}",
        f"*Pending approvals:* {status.pending_approvals} · *Open conflicts:* {status.open_conflicts}"
        + (f" ({', '.join(status.open_conflict_days)})" if status.open_conflict_days else ""),
    ]
    if status.handled_conflicts:  # /spa conflicts lists today's too, marked: today's of the two lines add up to it
        more = plural(status.handled_conflicts, "more conflict")
        days = f"{', '.join(status.handled_conflict_days)}; " if status.handled_conflict_days else ""
        listed = "today's" if status.handled_conflict_days else "them"
        lines.append(f"*Acknowledged or snoozed:* {more} ({days}`/spa conflicts` lists {listed}, marked)")
    if waiting:  # approved texts waiting for TEXT_SEND_HOURS: "2 texts wait for texting hours: the first goes out …"
        lines.append(f":hourglass_flowing_sand: {escape(waiting)}.")
    if status.failing_since and (failing := _failing_alone(status)):
        for sync in failing:
            error = escape(sync.failing_error or "unknown error")
            since = _at(sync.failing_since, sync.time_zone, status.now)
            lines.append(f"{escape(sync.name)}: sync failing since {since} ({error}).")
        in_sync = [escape(sync.name) for sync in status.locations if sync not in failing and sync.last_poll_at]
        if in_sync:
            lines.append(f"{' and '.join(in_sync)}: in sync.")
    elif status.failing_since:
        error = escape(status.failing_error or "unknown error")
        lines.append(f"Calendar sync failing since {when(status.failing_since)} ({error}).")
    if status.model_down_since:
        tried = status.model_last_tried
        last = f", last tried {when(tried)}" if tried and tried != status.model_down_since else ""
        lines.append(
            f"AI: {escape(status.model)} — not answering since {when(status.model_down_since)}{last} "
            "(the offline engine is drafting)."
        )
    if status.risk_off:  # no model installed, or one refused (a scikit-learn upgrade): the fix is to retrain
        lines.append(f"*No-show risk:* {escape(status.risk_off)}")
    return lines


def _at(moment: datetime | None, time_zone: str, now: datetime | None) -> str:
    """A status time in ``time_zone``, labelled, with its day when it is not today there (``now`` given)."""
    if moment is None:
        return "never"
    return zoned_clock(moment, time_zone) if now is None else zoned_moment(moment, time_zone, now=now)


def _failing_alone(status: StatusView) -> list[LocationSync]:
    """The locations whose sync fails while others' does not (named, each in its own zone, and the others said in
    sync); empty when every location's fails or there is one location: the status then says it as it always has."""
    failing = [sync for sync in status.locations if sync.failing_since]
    return failing if 0 < len(failing) < len(status.locations) else []


def _polls_apart(status: StatusView) -> tuple[LocationSync, ...]:
    """Each location's last good read when they are more than a minute apart (or one was never read), each in its own
    zone: the newest alone hid a location last read 90 minutes before. Empty when they agree: one time, as ever."""
    read = [sync.last_poll_at for sync in status.locations if sync.last_poll_at is not None]
    if not read or (len(read) == len(status.locations) and max(read) - min(read) < _POLLS_AGREE):
        return ()
    return status.locations


#: Last reads of the locations this close together are one poll (each location is read in turn).
_POLLS_AGREE = timedelta(minutes=1)
#: Past this many locations whose last reads differ, the status names the oldest read alone, not every location's.
_POLLS_NAMED = 4


def _last_poll_words(status: StatusView) -> str:
    """The status's "last poll": one time while the locations' last reads agree; else each location's, in its own
    zone ("6:01am PST (Juniper & Salt Venice), 7:30am EST (Juniper & Salt SoHo)"); past ``_POLLS_NAMED`` locations,
    the oldest read alone, named, and how many locations there are ("6:01am PST (Juniper & Salt Venice, the oldest of
    6 locations)"), a never-read location being the oldest."""
    polls = _polls_apart(status)
    if not polls:
        return _at(status.last_poll_at, status.time_zone, status.now)
    if len(polls) > _POLLS_NAMED:
        oldest = min(polls, key=lambda sync: sync.last_poll_at.timestamp() if sync.last_poll_at else float("-inf"))
        at = _at(oldest.last_poll_at, oldest.time_zone, status.now)
        return f"{at} ({escape(oldest.name)}, the oldest of {len(polls)} locations)"
    return ", ".join(f"{_at(sync.last_poll_at, sync.time_zone, status.now)} ({escape(sync.name)})" for sync in polls)


def _health(status: StatusView) -> str:
    """``in sync``, ``sync failing``, or why nothing is synced although nothing fails."""
    if not status.sync_ok:
        return "sync failing"
    if status.not_synced:
        return f"not synced: {status.not_synced}"
    return "in sync"


def _health_icon(status: StatusView) -> str:
    if not status.sync_ok:
        return ":red_circle:"
    return ":white_circle:" if status.not_synced else ":large_green_circle:"


def status_message(status: StatusView, *, waiting: str = "") -> SlackMessage:
    """``/spa status``: sync health, last poll, mode, model, pending approvals, approved texts waiting for texting
    hours (``waiting``: ``fill.waiting_texts_line``)."""
    blocks: list[Block] = [_header("Spa Copilot status"), _lines_section(_status_lines(status, waiting))]
    text = f"Status: {escape(_health(status))}, mode {escape(status.mode)}, {plural(status.pending_approvals, 'pending approval')}"
    if status.model_down_since:
        text += ", AI not answering"
    return SlackMessage(text=text, blocks=blocks)


#: The most sections the App Home's "Today" takes (about 35 therapists each) of the tab's 100 blocks.
_HOME_SUMMARY_SECTIONS = 4


def home_view(home: HomeView, *, waiting: str = "") -> View:
    """The App Home tab: today at a glance (a row per therapist, one for the bookings without a therapist, and the
    day's count as ``/spa today`` gives it), pending approvals (managers), sync status, approved texts waiting for
    texting hours (``waiting``)."""
    head: list[Block] = [
        _header("Spa Copilot"),
        _lines_section(_status_lines(home.status, waiting)),
        ActionsBlock(elements=[_button("Refresh", ids.HOME_REFRESH, "refresh")]),
        DividerBlock(),
    ]
    if home.note:
        head.append(_section(f"_{escape(home.note)}_"))
    groups: list[list[Block]] = []
    if home.today is not None:
        book = home.today
        groups.append([_header(f"Today at {book.location_name}")])

        def line(t: TherapistDay) -> str:
            return (
                f"*{escape(t.name)}* — {plural(len({e.appointment_id for e in t.entries}), 'appointment')}, "
                f"{plural(len(t.gaps), 'gap')}"
                + (
                    f" · {escape(t.shift)}" if t.shift
                    else f" · visiting from {escape(t.visiting_from)}" if t.visiting_from
                    else f" · {escape(t.off_staff or 'not working')}"
                )
                + (f" · also booked at {escape(' and '.join(a.location_name for a in t.away))}" if t.away else "")
                + (f" · {CLASH_FLAG}{plural(clashing, 'booking')} in a clash" if (clashing := len(
                    {e.appointment_id for e in t.entries if e.clashes})) else "")  # /spa today says which
            )

        # as /spa today orders them: the bookings without a therapist before the therapists with none
        summary = [line(t) for t in book.therapists if t.entries]
        if book.unassigned:  # booked for "any therapist": in the day's count, as /spa today shows them
            summary.append(f"*Unassigned* — {plural(len({e.appointment_id for e in book.unassigned}), 'appointment')}")
        summary += [line(t) for t in book.therapists if not t.entries]
        if summary:
            rows = sum(len({e.appointment_id for e in t.entries}) for t in book.therapists)
            rows += len({e.appointment_id for e in book.unassigned})
            # a couples or four-hands booking is on each of its therapists' rows: the rows add up to more than the day
            twice = " (a two-therapist booking on each of its therapists' rows)" if rows > book.appointment_count else ""
            summary.append(f"_{plural(book.appointment_count, 'appointment')} in all{twice}_")
        if book.risk_note and summary:  # as /spa today says it: no risk mark there reads as a low risk
            summary.append(f"_{escape(book.risk_note)}_")
        groups.append(_lines_sections(summary or ["_No one is booked today._"], _HOME_SUMMARY_SECTIONS))
    if home.is_manager:
        groups.append([DividerBlock(), _header(f"Pending approvals ({len(home.pending)})")])
        if not home.pending:
            groups.append([_section("_Nothing waiting for you._")])
        for pending in home.pending:
            section = SectionBlock(
                text=_mrkdwn(truncate(escape(pending.summary), MAX_SECTION_TEXT)),
                accessory=_button("Open", ids.HOME_OPEN_PROPOSAL, pending.proposal_id),
            )
            groups.append([section])
    blocks = _fit(head, groups, limit=MAX_VIEW_BLOCKS, noun="more")
    return View(type="home", blocks=blocks)


def outsider_home_view() -> View:
    """The App Home of someone who may not use the copilot: a polite line, nothing from the spa's book."""
    return View(type="home", blocks=[_header("Spa Copilot"), _section(escape(texts.HOME_NOT_ALLOWED_TEXT))])


def _modal(title: str, body: list[Block]) -> View:
    return View(
        type="modal",
        title=PlainTextObject(text=truncate(title, MAX_MODAL_TITLE)),
        close=PlainTextObject(text="Close"),
        blocks=body,
    )


def notice_modal(title: str, text: str) -> View:
    """A modal with one line of raw text (escaped): the answer to a click from the Home tab, which has no thread."""
    return _modal(title, [_section(escape(text))])


def proposal_modal(proposal: ProposalSummary) -> View:
    """The App Home's "Open" on a pending approval: what it is, the drafted text, and a link to its card. One decided
    meanwhile is titled by its status ("Expired", not "Pending approval") and shows its text only when it went out
    ("SMS sent to Ava"). One approved whose text has not gone out yet (waiting for texting hours, or its send being
    retried) shows the text as waiting to go out (no time: a stale one misleads); one rejected, expired or
    failed whose text never went out says so, with no draft shown as if it would still go out."""
    pending = proposal.status == "pending"
    body: list[Block] = [_section(f"*{escape(proposal.summary)}*")]
    if proposal.first_name and pending:
        body += _draft_blocks(f"*Draft SMS to {escape(proposal.first_name)}*", proposal.draft)
    elif proposal.first_name and proposal.text_sent:
        sent = texts.PROPOSAL_SENT_HEADING.format(first_name=proposal.first_name)
        body += _draft_blocks(f"*{escape(sent)}*", proposal.draft)
    elif proposal.first_name and proposal.status == ProposalState.approved:
        waiting = texts.PROPOSAL_WAITING_HEADING.format(first_name=proposal.first_name)
        body += _draft_blocks(f"*{escape(waiting)}*", proposal.draft)
    elif proposal.first_name:
        body.append(_section(escape(texts.PROPOSAL_NOT_SENT.format(first_name=proposal.first_name))))
    if not pending:
        body.append(_section(escape(texts.PROPOSAL_DECIDED.format(status=proposal.status))))
    elif proposal.permalink:
        link = f"<{escape(proposal.permalink)}|{escape(texts.PROPOSAL_CARD_LINK)}>"
        body.append(_section(escape(texts.PROPOSAL_OPEN_CARD).format(link=link)))
    else:
        body.append(_section(escape(texts.PROPOSAL_NO_CARD)))
    body.append(_context(f"Proposal `{escape(proposal.proposal_id)}`"))
    return _modal(texts.PROPOSAL_MODAL_TITLE if pending else proposal.status.capitalize(), body)


def _draft_provenance(engine: str | None, *, ai_generated: bool) -> str:
    """Who drafted a fill text: "Drafted by AI (gpt-4o-mini, edited)" for a model's draft, "Drafted by the offline
    engine (edited)" or "Drafted by the offline engine (the model did not answer)" for the offline engine's, "Drafted"
    when it is not known. The checks' codes stored with it ("(modelError:…)", "(missing:10 min, …)") are for the
    audit and the log, not a manager's card (walk41)."""
    if not engine:
        return "Drafted"
    if ai_generated:
        return f"Drafted by AI ({escape(engine)})"
    detail = re.sub(r"\s*\([^()]*\)", "", re.sub(r"^offline\s*[;,]?\s*", "", engine))
    return f"Drafted by the offline engine ({escape(detail)})" if detail else "Drafted by the offline engine"
