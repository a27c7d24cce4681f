"""The bookkeeping of a waitlist write's try, decided with its action (``waitlist_writes.what_it_keeps``): the thread
line it keeps owed on the write (``sentUnread``: sent unread, its landing not yet seen), the line it says, and the
malformed reads it keeps counted (``test_s41_waitlist41_count_across_hold``). Before, the shell worked the line out
itself around the PATCH; one row per rule, each as the shell did it (no behaviour change), rev40h L1's in
``test_s41_waitlist41_owed_refused``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spa_copilot.fill.waitlist_writes import (
    UNREADABLE_READS,
    EntryRead,
    Hold,
    Kept,
    Read,
    Send,
    Settle,
    Unsent,
    WriteFacts,
    waitlist_write_action,
    what_it_keeps,
)

MALFORMED = EntryRead(Read.MALFORMED, "PlatformProtocolError")
#: an expiry's "waiting" tried before (its PATCH sent), after an hour of malformed reads less one
TRIED = WriteFacts(
    status="waiting", expected=("offered",), tried=True, held=UNREADABLE_READS, bad_reads=UNREADABLE_READS - 1
)
#: the same, its unread PATCH's answer lost: the line owed
OWED = replace(TRIED, owed=Read.MALFORMED, bad_reads=0)

ROWS: list[tuple[str, WriteFacts, Send | Hold | Settle, Kept]] = [
    (
        "an hour of malformed reads: sent unread, the line owed and said once answered",
        replace(TRIED, read=MALFORMED),
        Send(Read.MALFORMED, UNREADABLE_READS),
        Kept(owed=Read.MALFORMED, say=Read.MALFORMED),
    ),
    (
        "a first try's hour of reads out of reach: sent unread, owed and said",
        WriteFacts(
            status="waiting",
            expected=("offered",),
            read_first=True,
            held=UNREADABLE_READS - 1,
            read=EntryRead(Read.OUT_OF_REACH, "PlatformUnavailable"),
        ),
        Send(Read.OUT_OF_REACH, UNREADABLE_READS),
        Kept(owed=Read.OUT_OF_REACH, say=Read.OUT_OF_REACH),
    ),
    (
        "a first try not listed: sent unread the old way, no line",
        WriteFacts(status="waiting", expected=("offered",), read_first=True, read=EntryRead(Read.NOT_LISTED)),
        Send(Read.NOT_LISTED),
        Kept(),
    ),
    (
        "owed, the read shows it landed: said",
        replace(OWED, read=EntryRead(Read.SHOWN, "waiting")),
        Send(),
        Kept(owed=Read.MALFORMED, say=Read.MALFORMED),
    ),
    (
        "owed, the read shows it never landed: kept, not said",
        replace(OWED, read=EntryRead(Read.SHOWN, "offered")),
        Send(),
        Kept(owed=Read.MALFORMED),
    ),
    (
        "a follow-up sent with no read: says the line its set-aside write handed on",
        WriteFacts(status="booked", expected=("waiting",), handed_on=Read.MALFORMED),
        Send(),
        Kept(say=Read.MALFORMED),
    ),
    (
        "a follow-up read after its PATCH was held: still says the line handed on (rev41b L3)",
        WriteFacts(
            status="booked",
            expected=("waiting",),
            tried=True,
            handed_on=Read.MALFORMED,
            read=EntryRead(Read.SHOWN, "waiting"),
        ),
        Send(),
        Kept(say=Read.MALFORMED),
    ),
    (
        "owed, held by an outage at the read: kept",
        replace(OWED, read=EntryRead(Read.OUT_OF_REACH, "PlatformUnavailable")),
        Hold("PlatformUnavailable"),
        Kept(owed=Read.MALFORMED),
    ),
    (
        "superseded after an hour of malformed reads: hands the line on to the latest sent again",
        replace(TRIED, read=MALFORMED, superseded=True),
        Settle(Unsent.SUPERSEDED, again=True, unread=Read.MALFORMED, count=UNREADABLE_READS),
        Kept(owed=Read.MALFORMED),
    ),
    (
        "owed, superseded, landed: hands its line on",
        replace(OWED, read=EntryRead(Read.SHOWN, "waiting"), superseded=True),
        Settle(Unsent.SUPERSEDED, again=True),
        Kept(owed=Read.MALFORMED),
    ),
    (
        "owed, the desk changed her entry since: not said",
        replace(OWED, read=EntryRead(Read.SHOWN, "cancelled")),
        Settle(Unsent.NOT_NEEDED, "cancelled"),
        Kept(owed=Read.MALFORMED),
    ),
]


@pytest.mark.parametrize(("facts", "action", "kept"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_what_a_try_keeps_follows_its_rules(facts: WriteFacts, action: Send | Hold | Settle, kept: Kept) -> None:
    assert waitlist_write_action(facts) == action
    said = what_it_keeps(facts, action)
    assert (said.owed, said.say) == (kept.owed, kept.say)
