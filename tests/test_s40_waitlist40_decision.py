"""The waitlist write's decision, apart from its I/O (``waitlist_writes.waitlist_write_action``): one row per rule.

A pure function over the facts one try gathers (``WriteFacts``): whether it was tried before, read first, superseded,
her YES being booked, what her entry's read met, the re-drive counts. It answers send, hold or settle; the shell reads,
writes and logs as the older tests pin.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from spa_copilot.fill.waitlist_writes import (
    OFF_CONTRACT,
    UNREADABLE_READS,
    EntryRead,
    Hold,
    Read,
    Send,
    Settle,
    Unsent,
    WriteFacts,
    reads_entry,
    waitlist_write_action,
)

#: a hold's "waiting" (expected over "offered"), read first on its first try
WAITING = WriteFacts(status="waiting", expected=("offered",), read_first=True)
#: an "offered" re-driven after its PATCH was tried (expected over "waiting")
OFFERED_TRIED = WriteFacts(status="offered", expected=("waiting",), tried=True, held=3)


def shown(status: str) -> EntryRead:
    return EntryRead(Read.SHOWN, status)


ROWS: list[tuple[str, WriteFacts, Send | Hold | Settle]] = [
    ("a first try not read is sent", WriteFacts(status="offered", expected=("waiting",)), Send()),
    ("read first, shown expected: sent", replace(WAITING, read=shown("offered")), Send()),
    ("tried, shown its own status (landed): sent again", replace(OFFERED_TRIED, read=shown("offered")), Send()),
    ("shown the desk's cancelled: not needed", replace(WAITING, read=shown("cancelled")),
     Settle(Unsent.NOT_NEEDED, "cancelled")),
    ("tried, shown booked by the desk: not needed", replace(OFFERED_TRIED, read=shown("booked")),
     Settle(Unsent.NOT_NEEDED, "booked")),
    ("first try not listed: sent unread", replace(WAITING, read=EntryRead(Read.NOT_LISTED)), Send(Read.NOT_LISTED)),
    ("tried, not listed: not needed", replace(OFFERED_TRIED, read=EntryRead(Read.NOT_LISTED)),
     Settle(Unsent.NOT_NEEDED, "nothing")),
    ("first try off-contract: left alone", replace(WAITING, read=EntryRead(Read.OFF_CONTRACT)),
     Settle(Unsent.NOT_NEEDED, OFF_CONTRACT)),
    ("tried, off-contract: left alone", replace(OFFERED_TRIED, read=EntryRead(Read.OFF_CONTRACT)),
     Settle(Unsent.NOT_NEEDED, OFF_CONTRACT)),
    ("first try refused: sent unread", replace(WAITING, read=EntryRead(Read.REFUSED, "PlatformAuthError")),
     Send(Read.REFUSED)),
    ("tried, refused: not sent", replace(OFFERED_TRIED, read=EntryRead(Read.REFUSED, "PlatformAuthError")),
     Settle(Unsent.NOT_READ, "PlatformAuthError")),
    ("malformed, the first: held and counted", replace(WAITING, read=EntryRead(Read.MALFORMED, "PlatformProtocolError")),
     Hold("unreadable 1", malformed_now=True)),
    ("malformed under UNREADABLE_READS: held",
     replace(OFFERED_TRIED, read=EntryRead(Read.MALFORMED, "PlatformProtocolError"), bad_reads=UNREADABLE_READS - 2),
     Hold(f"unreadable {UNREADABLE_READS - 1}", malformed_now=True)),
    ("malformed at UNREADABLE_READS: sent unread",
     replace(OFFERED_TRIED, read=EntryRead(Read.MALFORMED, "PlatformProtocolError"), bad_reads=UNREADABLE_READS - 1),
     Send(Read.MALFORMED, UNREADABLE_READS)),
    ("malformed after a long gap: the count starts again",
     replace(OFFERED_TRIED, read=EntryRead(Read.MALFORMED, "PlatformProtocolError"), bad_reads=UNREADABLE_READS - 1,
           long_gap=True),
     Hold("unreadable 1", malformed_now=True, forgot=UNREADABLE_READS - 1)),
    ("malformed, the first, after a long gap: nothing to forget",
     replace(WAITING, read=EntryRead(Read.MALFORMED, "PlatformProtocolError"), long_gap=True),
     Hold("unreadable 1", malformed_now=True)),
    ("first try out of reach under the limit: held, the malformed count kept",
     replace(WAITING, read=EntryRead(Read.OUT_OF_REACH, "PlatformUnavailable"), held=UNREADABLE_READS - 2, bad_reads=4),
     Hold("PlatformUnavailable", bad=4)),
    ("first try out of reach at the limit: sent unread",
     replace(WAITING, read=EntryRead(Read.OUT_OF_REACH, "PlatformUnavailable"), held=UNREADABLE_READS - 1),
     Send(Read.OUT_OF_REACH, UNREADABLE_READS)),
    ("out of reach on a later try: held, however long",
     replace(OFFERED_TRIED, read=EntryRead(Read.OUT_OF_REACH, "PlatformAuthError"), held=10 * UNREADABLE_READS,
           bad_reads=2),
     Hold("PlatformAuthError", bad=2)),
    ("superseded, tried, shown its own status: the latest again", replace(OFFERED_TRIED, superseded=True,
                                                                        read=shown("offered")),
     Settle(Unsent.SUPERSEDED, again=True)),
    ("superseded, tried, shown what it expected: nothing landed", replace(OFFERED_TRIED, superseded=True,
                                                                          read=shown("waiting")),
     Settle(Unsent.SUPERSEDED)),
    ("superseded, tried, malformed at the limit: the latest again",
     replace(OFFERED_TRIED, superseded=True, read=EntryRead(Read.MALFORMED, "PlatformProtocolError"),
           bad_reads=UNREADABLE_READS - 1),
     Settle(Unsent.SUPERSEDED, again=True, unread=Read.MALFORMED, count=UNREADABLE_READS)),
    ("superseded, tried, refused: superseded wins", replace(OFFERED_TRIED, superseded=True,
                                                          read=EntryRead(Read.REFUSED, "PlatformAuthError")),
     Settle(Unsent.SUPERSEDED)),
    ("superseded, untried read first: set aside unread", replace(WAITING, superseded=True), Settle(Unsent.SUPERSEDED)),
    ("superseded, untried, shown its own status: never the latest again",
     replace(WAITING, superseded=True, read=shown("waiting")), Settle(Unsent.SUPERSEDED)),
    ("superseded, untried not read first", WriteFacts(status="offered", expected=("waiting",), superseded=True),
     Settle(Unsent.SUPERSEDED)),
    ("her YES being booked: the waiting settled", replace(WAITING, yes_being_booked=True),
     Settle(Unsent.YES_BEING_BOOKED)),
    ("her YES being booked, tried: the waiting settled", replace(OFFERED_TRIED, status="waiting", expected=("offered",),
                                                                 yes_being_booked=True),
     Settle(Unsent.YES_BEING_BOOKED)),
    # rev40c L2: a first try superseded already is never read (``reads_entry``): set aside as superseded
    ("her YES being booked, read first but superseded already: superseded",
     replace(WAITING, yes_being_booked=True, superseded=True), Settle(Unsent.SUPERSEDED)),
    ("her YES being booked, a first try not read first: sent",
     WriteFacts(status="waiting", expected=("offered",), yes_being_booked=True), Send()),
    ("her YES being booked: a booked is sent", WriteFacts(status="booked", expected=("offered", "waiting"),
                                                           tried=True, yes_being_booked=True, read=shown("offered")),
     Send()),
]


@pytest.mark.parametrize(("facts", "action"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_the_decision_follows_its_rules(facts: WriteFacts, action: Send | Hold | Settle) -> None:
    assert waitlist_write_action(facts) == action


@pytest.mark.parametrize(("settle", "error"), [
    (Settle(Unsent.YES_BEING_BOOKED), "superseded: her YES is being booked"),
    (Settle(Unsent.SUPERSEDED, again=True), "superseded"),
    (Settle(Unsent.NOT_READ, "PlatformAuthError"), "not sent: her entry could not be read (PlatformAuthError)"),
    (Settle(Unsent.NOT_NEEDED, "nothing"), "not needed: the entry shows nothing"),
    (Settle(Unsent.NOT_NEEDED, OFF_CONTRACT), f"not needed: the entry shows {OFF_CONTRACT}"),
])
def test_a_settled_write_keeps_its_error_words(settle: Settle, error: str) -> None:
    assert settle.error == error


@pytest.mark.parametrize(("tried", "read_first", "superseded", "reads"), [
    (False, False, False, False),  # a first try not read first: sent at once
    (False, True, False, True),  # a "waiting" decided long after her entry was set "offered"
    (False, True, True, False),  # superseded already: set aside unread
    (True, False, False, True),  # tried before: it may have landed, the desk may have changed her entry
    (True, False, True, True),  # tried and superseded: read, to tell whether it landed after the latest
])
def test_which_tries_read_her_entry(tried: bool, read_first: bool, superseded: bool, reads: bool) -> None:
    assert reads_entry(tried=tried, read_first=read_first, superseded=superseded) is reads


def test_what_a_read_shows() -> None:
    assert shown("booked").shows == "booked"
    assert EntryRead(Read.OFF_CONTRACT).shows == OFF_CONTRACT
    assert EntryRead(Read.NOT_LISTED).shows is None
    assert EntryRead(Read.REFUSED, "PlatformAuthError").shows is None
