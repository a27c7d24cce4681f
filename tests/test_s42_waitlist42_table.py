"""Every combination of (her entry's read before the PATCH, the PATCH's answer, what came before this try) driven
through the pure pair (``waitlist_write_action`` + ``what_it_keeps``) and checked against a small model, written here
on its own, of what truly landed in the spa system and what the desk must be told.

The rule: a line is said exactly once whenever the copilot cannot show from the spa system's own answers that her
entry holds what it meant, because a PATCH of its own may have landed unchecked (sent unread after an hour of reads
that failed) or late (over a later write, and not put right by a confirmed follow-up). It says "set" only when a read
or an ok answer confirmed it, "may have been set … not confirmed" otherwise, and nothing when the write was confirmed.
A first try sent unread because its read was refused for good goes out "the old way" (as before reads were asked): no
line, by design (rev39c B).

A PATCH answered late or not at all (lost after landing, out of reach) is held; the next try reads her entry (good,
showing what truly landed) and is answered ok: the row's line is the one that try says.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest

from spa_copilot.fill.waitlist_writes import (
    LANDED_LATE,
    UNREADABLE_READS,
    EntryRead,
    Hold,
    Read,
    Send,
    Settle,
    WriteFacts,
    waitlist_write_action,
    what_it_keeps,
)

READS = ("good", "refused for good", "off-shape", "out of reach", "none (a follow-up's first try)")
ANSWERS = ("ok", "refused", "off-shape", "lost after landing", "out of reach")


@dataclass(frozen=True)
class Before:
    """What came before this try: the facts it starts from, what her entry truly shows, and what the model knows."""

    facts: WriteFacts
    shows: str  # her entry's status in the spa system now
    own_unread: bool = False  # an unread PATCH of this write (or, a follow-up, of the one it replaces) went out
    handed: str | None = None  # a set-aside write's PATCH that landed: "unread" or "late" (checked, over the latest)
    superseded: bool = False  # a later write for her entry went out since: its status, not this one's, is the latest


WAITING = WriteFacts(status="waiting", expected=("offered",))
FOLLOW_UP = WriteFacts(status="booked", expected=("waiting",))
EARLIER: dict[str, Before] = {
    "first try (read first, at the end of an hour of failed reads)": Before(
        replace(WAITING, read_first=True, held=UNREADABLE_READS - 1, bad_reads=UNREADABLE_READS - 1), "offered"
    ),
    "an earlier unread PATCH of this write, landed": Before(
        replace(WAITING, tried=True, owed=Read.MALFORMED, held=UNREADABLE_READS, bad_reads=UNREADABLE_READS),
        "waiting",
        own_unread=True,
    ),
    "an earlier unread PATCH of this write, never landed": Before(
        replace(WAITING, tried=True, owed=Read.MALFORMED, held=UNREADABLE_READS, bad_reads=UNREADABLE_READS),
        "offered",
        own_unread=True,
    ),
    "a follow-up handed the line of an unread PATCH that landed": Before(
        replace(FOLLOW_UP, handed_on=Read.MALFORMED, handed_on_sent=True), "waiting", handed="unread"
    ),
    "a follow-up sent unread in place of a write set aside unsent (the desk removed her)": Before(
        replace(FOLLOW_UP, handed_on=Read.MALFORMED), "cancelled", own_unread=True
    ),
    "a follow-up of a checked write that landed late": Before(
        replace(FOLLOW_UP, handed_on_sent=True), "waiting", handed="late"
    ),
    # rev42a M1: an earlier try of the follow-up landed, its answer lost: her entry holds the latest again
    "a follow-up of a checked write that landed late, put right since": Before(
        replace(FOLLOW_UP, handed_on_sent=True), "booked", handed="late"
    ),
    # rev42a M2: a later write for her entry went out since (her booking cancelled: "waiting" is the latest now)
    "a follow-up of a checked write that landed late, superseded by a later write": Before(
        replace(FOLLOW_UP, handed_on_sent=True, superseded=True), "waiting", handed="late", superseded=True
    ),
}


def _facts(before: Before, read: str) -> WriteFacts:
    """This try's facts: a follow-up's first try reads nothing; any other read is of a try that reads."""
    follow_up = before.facts.status == "booked"
    if read.startswith("none"):
        return before.facts
    facts = replace(before.facts, tried=True) if follow_up else before.facts
    kind = {"good": Read.SHOWN, "refused for good": Read.REFUSED, "off-shape": Read.MALFORMED}.get(read)
    entry = EntryRead(kind or Read.OUT_OF_REACH, before.shows if kind is Read.SHOWN else "PlatformError")
    return replace(facts, read=entry)


# --- the model: what landed, and what the desk must be told ------------------------------------------------------


def model(before: Before, read: str, answer: str) -> str | None:
    """What the desk must be told after this try: "held" (nothing yet), None (no line), or the line, "set" or "may",
    and why ("unread", "late")."""
    follow_up, first_of_follow_up = before.facts.status == "booked", read.startswith("none")
    tried = not first_of_follow_up and (before.own_unread or follow_up)
    earlier_unread = before.own_unread and not first_of_follow_up  # an unread PATCH went out before this try
    if read == "out of reach" and tried or read == "off-shape" and follow_up:
        return "held"  # nothing sent; nothing said yet
    seen_not_landed = False
    if read == "good":
        if before.shows not in (before.facts.status, *before.facts.expected):
            return None  # the desk set her entry since: left as it is, nothing of ours stands
        seen_not_landed = before.shows != before.facts.status
    earlier_may_have = earlier_unread and not seen_not_landed
    # a late landing needs the desk only while nothing shows the latest stands: not once a read shows her entry holding
    # this follow-up's status, nor once a later write made another status the latest (the desk is not to set this one)
    put_right = read == "good" and before.shows == before.facts.status
    handed = None if before.handed == "late" and (put_right or before.superseded) else before.handed
    if read == "refused for good" and tried:  # settled, never read again
        return _line(earlier_may_have, handed, confirmed=False)
    sent_unread = read in ("off-shape", "out of reach") or first_of_follow_up and before.own_unread
    handed_unread = "unread" if before.handed == "unread" else None  # a late landing put right by an ok answer
    if answer == "ok":
        return _line(sent_unread or earlier_may_have, handed_unread, confirmed=True)
    if answer in ("refused", "off-shape"):  # this PATCH did not land, or may have
        return _line(answer == "off-shape" and sent_unread or earlier_may_have, handed, confirmed=False)
    # held after the PATCH; the next try reads what truly landed and is answered ok
    shows = before.facts.status if answer == "lost after landing" else before.shows
    if shows not in (before.facts.status, *before.facts.expected):
        return None
    return _line((sent_unread or earlier_unread) and shows == before.facts.status, handed_unread, confirmed=True)


def _line(unread: bool, handed: str | None, *, confirmed: bool) -> str | None:
    """The line for a PATCH that may have landed unread (this write's, or one handed on), else one handed on."""
    why = "unread" if unread or handed == "unread" else handed
    return None if why is None else f"{'set' if confirmed else 'may'} ({why})"


# --- the code, as the shell carries it out --------------------------------------------------------------------------


def code(before: Before, read: str, answer: str) -> str | None:
    """What the pure pair has said after this try, in the model's terms (the shell says ``Kept.say`` as "set" once a
    PATCH is answered ok, any other line as not confirmed)."""
    facts = _facts(before, read)
    action = waitlist_write_action(facts)
    kept = what_it_keeps(facts, action)
    if isinstance(action, Hold):
        assert kept.say is None and kept.owed == facts.owed  # kept for the next try, not said
        return "held"
    if isinstance(action, Settle):
        return _said(kept.say, confirmed=False)
    if answer == "ok":
        return _said(kept.say, confirmed=True)
    if answer in ("refused", "off-shape"):
        return _said(kept.if_refused if answer == "refused" else kept.if_off_shape, confirmed=False)
    shows = facts.status if answer == "lost after landing" else before.shows
    again = replace(
        facts,
        tried=True,
        read_first=False,
        owed=kept.owed,
        bad_reads=kept.bad_reads,
        held=facts.held + 1,
        read=EntryRead(Read.SHOWN, shows),
    )
    action = waitlist_write_action(again)
    kept = what_it_keeps(again, action)
    assert isinstance(action, Send | Settle)
    return _said(kept.say, confirmed=isinstance(action, Send))


def _said(line: Read | None, *, confirmed: bool) -> str | None:
    if line is None:
        return None
    return f"{'set' if confirmed else 'may'} ({'late' if line is LANDED_LATE else 'unread'})"


#: every combination; no read at all only on a follow-up's first try
ROWS = [
    (earlier, read, answer)
    for earlier, read, answer in itertools.product(EARLIER, READS, ANSWERS)
    if not read.startswith("none") or EARLIER[earlier].facts.status == "booked"
]


@pytest.mark.parametrize(("earlier", "read", "answer"), ROWS, ids=[" / ".join(row) for row in ROWS])
def test_the_line_is_said_as_the_model_says(earlier: str, read: str, answer: str) -> None:
    before = EARLIER[earlier]
    assert code(before, read, answer) == model(before, read, answer)
