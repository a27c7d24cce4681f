"""Keeping the spa system's waitlist in step, through the outbox: her entry set "offered", "booked" or "waiting" as the
offer moves on. A write is recorded with the change that decides it (``_waitlist_write``) and delivered by
``outbox.deliver`` (``deliver_waitlist_write``). What one try of it does is decided by one pure function,
``waitlist_write_action``, over the facts its shell gathers (``WriteFacts``, her entry's read among them): the rules
are said there, once; the shell reads, writes and logs. A write that goes out unread because her entry could not be
read for an hour (``Read.MALFORMED``, ``Read.OUT_OF_REACH``: it may undo a desk's removal or phone booking made in that
hour) is said once in the thread of her offer's fill card (``UNREAD_WRITE_TEXT``, ``_keep_unread_note``; as "may have
been set" when its landing was never confirmed: ``UNCONFIRMED_WRITE_TEXT``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from spa_copilot.copilot import Copilot
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill._common import OUTBOX_WAITLIST, REDRIVE_EVERY_SECONDS, _first_name_of, fill_offer_id, logger
from spa_copilot.fill.card import _keep_note_once, _post_kept_notes
from spa_copilot.platform.errors import PlatformError, PlatformProtocolError
from spa_copilot.platform.protocol import skipped_ids
from spa_copilot.settings import Mode

if TYPE_CHECKING:
    from spa_copilot.store.db import OutboxItem

#: re-drives whose read of her entry met a malformed page (about an hour: ``UNREADABLE_FOR``) before a held
#: waitlist write goes out unread; also the tries a first try's reads may be out of reach (``waitlist_write_action``)
UNREADABLE_READS = 60
#: an outage this long since the last malformed read restarts their count (``waitlist_write_action``)
UNREADABLE_GAP = timedelta(hours=1)
#: where a held waitlist write keeps when its read last met a malformed page (its outbox item's ``result``)
UNREADABLE_AT = "unreadableAt"
#: how a held waitlist write records its reads' malformed pages: "<this> <count>" (``_held``, ``_bad_reads``)
UNREADABLE = "unreadable"
#: whether a held waitlist write's PATCH was ever sent (its outbox item's ``result``: ``_held``, ``_patch_tried``)
PATCHED = "patched"
#: What ``_entry_status`` shows for her entry listed in a status word the contract does not list (skipped by the
#: listing, such as a removal spelled "removed"): no status a write expects (``waitlist_write_action``, rev39h H1).
OFF_CONTRACT = "a status the contract does not list"
#: where a superseded write settled unread (``Settle.unread``) records which read could not check the latest it sends
#: again (its outbox item's ``result``): that follow-up goes out with no read of its own (``_handed_on``)
SENT_UNREAD = "sentUnread"
#: where a write set aside records that its own PATCH, sent before, may have landed: unread (the line it hands on stands
#: for it, rev41h B), or checked and seen landed late over the latest (``LATE_WRITE_TEXT``); its outbox item's
#: ``result``: the follow-up refused, or answered off-shape, says it, as not confirmed (``_said_if_refused``)
UNREAD_PATCHED = "unreadPatched"
#: the outbox's re-drive pace (``_common.REDRIVE_EVERY_SECONDS``, which the wiring schedules)
REDRIVE_EVERY = timedelta(seconds=REDRIVE_EVERY_SECONDS)
#: about how long a held write's reads fail before it goes out unread (``UNREADABLE_READS`` re-drives), as its line
#: in the thread says it (``UNREAD_WRITE_TEXT``)
UNREADABLE_FOR = UNREADABLE_READS * REDRIVE_EVERY


def how_long(time: timedelta) -> str:
    """``time`` in words, as a thread line says it: "an hour", "2 hours", "a minute", "90 minutes", "45 seconds"."""
    seconds = round(time.total_seconds())
    for unit, size, one in (("hour", 3600, "an hour"), ("minute", 60, "a minute")):
        if seconds >= size and seconds % size == 0:
            return one if seconds == size else f"{seconds // size} {unit}s"
    return "a second" if seconds == 1 else f"{seconds} seconds"


def unread_write_text(unread_for: timedelta, *, confirmed: bool = True) -> str:
    """``UNREAD_WRITE_TEXT`` for reads that fail for ``unread_for`` before a write goes out unread; not ``confirmed``
    (the spa system never said the write landed): ``UNCONFIRMED_WRITE_TEXT``, which says it may have been set."""
    if confirmed:
        return (
            f":warning: The spa system's waitlist could not be read for {how_long(unread_for)}, so {{first_name}}'s"
            " waitlist entry was set to \"{status}\" without checking it first. If the desk removed or booked them"
            " meanwhile, set that again in Mangomint."
        )
    return (
        f":warning: The spa system's waitlist could not be read for {how_long(unread_for)}, so {{first_name}}'s"
        " waitlist entry may have been set to \"{status}\" without checking it first; the spa system did not confirm"
        " it. Check it in Mangomint: if the desk removed or booked them meanwhile, set that again."
    )


#: The line her offer's fill card's thread gets, once, when her waitlist write goes out unread after reads that could
#: not be made for ``UNREADABLE_FOR`` (``_keep_unread_note``): the desk's removal or phone booking in that time may be
#: undone. Its time is said as the settings make it ("for an hour").
UNREAD_WRITE_TEXT = unread_write_text(UNREADABLE_FOR)
#: The same line when that write's landing was never confirmed (``what_it_keeps``, rules 2 and 4): its PATCH answered
#: in no shape the contract knows, or settled when a later read is refused for good. It may have landed, or not.
UNCONFIRMED_WRITE_TEXT = unread_write_text(UNREADABLE_FOR, confirmed=False)
#: The line a follow-up (``_latest_again``) says, once, when its set-aside write was sent after a good read and seen
#: landed late, over the latest status, and the follow-up putting that status back is refused or answered off-shape:
#: her entry may be left as the late write set it ("waiting" while she is booked), and only the desk can mend it.
LATE_WRITE_TEXT = (
    ":warning: The spa system did not confirm that {first_name}'s waitlist entry was set to \"{status}\": an earlier"
    " write landed after a later one and may have left it as that one set it. Check it in Mangomint and set it to"
    " \"{status}\" if that is still right."
)
#: how the outbox key of a NO's "waiting" ends (``replies._decline``: ``fill:<offer id>:declined``)
DECLINED_KEY_END = ":declined"
#: a waitlist write's payload flag: its entry is read first even on its first try, whatever the status it sets
#: (``_waitlist_write``'s ``read_first``, ``_read_first``)
READ_FIRST = "readFirst"


def _waitlist_write(
    copilot: Copilot, entry_id: str, status: WaitlistStatus, *, key: str, expect: Iterable[str] | None = None,
    read_first: bool = False,
) -> str | None:
    """Keep the platform's waitlist in step, through the outbox: an entry left "offered" by an outage would drop out of
    every later ranking, so the write is re-driven until the platform takes it (the booking or the offer already stands
    either way). Only recorded here (no await: it belongs inside the transaction that changes the offer, so that a
    process stopped in between cannot leave the entry out of step for good); its key, for ``deliver`` after the
    transaction, or None in read-only mode. The payload's ``from`` holds the statuses the copilot expects her entry to
    show when it decides the write (``expect``, else ``_expected_from``): a write whose entry is read before it is sent
    only while the entry shows one of them, or the write's own (``waitlist_write_action``); ``read_first``: read before
    it is sent even on its first try (``READ_FIRST``, ``_read_first``), a write decided long after her entry was
    last read or written."""
    if copilot.settings.spa_mode == Mode.read_only:
        return None
    expected = sorted(set(expect)) if expect is not None else _expected_from(status.value)
    payload: dict[str, Any] = {"entry_id": entry_id, "status": status.value, "from": expected}
    copilot.store.enqueue(key, kind=OUTBOX_WAITLIST, subject_id=entry_id,
                          payload=payload | ({READ_FIRST: True} if read_first else {}))
    return key


def _expected_from(status: str) -> list[str]:
    """What her entry shows when the copilot decides to set it to ``status``: "waiting" before her offer ("offered");
    "offered" before her NO, an expired hold or a failed booking ("waiting"); "offered" before her booking ("booked"),
    or "waiting" when the expiry's write landed before her in-time YES took the slot back. A status the desk sets by
    hand (she asked off the list: "cancelled"; booked by phone: "booked") is never expected, so it is left alone."""
    if status == WaitlistStatus.offered:
        return [WaitlistStatus.waiting.value]
    if status == WaitlistStatus.booked:
        return [WaitlistStatus.offered.value, WaitlistStatus.waiting.value]
    return [WaitlistStatus.offered.value]


def _expected(payload: Mapping[str, Any]) -> list[str]:
    """The statuses waitlist write ``payload`` may be sent over after a read (its ``from``; a write recorded before
    ``from`` was, by the status it sets)."""
    expected = payload.get("from")
    return list(expected) if isinstance(expected, list) else _expected_from(payload["status"])


def _patch_tried(item: OutboxItem) -> bool:
    """Whether waitlist write ``item`` may have reached the spa system already: its PATCH was sent by an earlier try
    (held after it by an outage or a refused key, or a try interrupted during it: ``PATCHED`` in its ``result``), or
    a process stopped while it was claimed (``sending``: it may have stopped mid-PATCH). One whose every try was held
    at its read (an outage, a malformed page) sent nothing: it is a first try still (rev39e R1, R4). One held
    before ``PATCHED`` was recorded counts as tried once tried at all, as it did then."""
    if item.status == "sending":
        return True
    patched = (item.result or {}).get(PATCHED)
    return item.attempts > 0 if patched is None else bool(patched)


def _read_first(key: str, payload: Mapping[str, Any]) -> bool:
    """Whether waitlist write ``key`` reads her entry first even on its first try: a "waiting" (a hold run out, a
    booking that failed, a late YES whose slot is gone) is decided minutes or hours after her entry was set to
    "offered" (the hold's ten minutes, an expiry run at a restart after a downtime, a booking that waited for the spa
    system), time enough for the desk to remove her at her request or book her by phone, which it must not undo
    (rev38a L2). A NO's is decided seconds after her reply, within her hold (no read before it: rev39c C; one taken
    after her hold ran out is read first, ``_declined_late``); a follow-up
    (``_latest_again``: "…:then-<status>") is decided on the entry it just read or wrote, and an "offered" or "booked"
    the moment the text or booking went through: each sent at once. A write recorded read first (``READ_FIRST``) is
    read first whatever it sets: a "booked" again for a booking the desk made her over the hour after one said
    cancelled (``late_reply._hand_booking_again``), decided when the desk may have removed her since (rev41b L4)."""
    if payload.get(READ_FIRST) is True:
        return True
    return (payload.get("status") == WaitlistStatus.waiting and ":then-" not in key
            and not key.endswith(DECLINED_KEY_END))


def _declined_late(copilot: Copilot, key: str) -> bool:
    """Whether waitlist write ``key`` is a NO's "waiting" (``fill:<offer id>:declined``) going out after her hold ran
    out: her NO taken late (a webhook the spa system retried after a downtime, before the expiry run took the offer).
    Time enough has passed for the desk to remove her or book her by phone, as before the expiry's own write, so it is
    read first too (rev39e R5); one decided within her hold is not (``_read_first``)."""
    if not key.startswith("fill:") or not key.endswith(DECLINED_KEY_END):
        return False
    offer = copilot.store.fill_offer(key.removeprefix("fill:").removesuffix(DECLINED_KEY_END))
    expires = (offer or {}).get("expires_at")
    return bool(expires) and copilot.now() > datetime.fromisoformat(expires)


# --- the decision: pure, no await, no store, no platform ---------------------------------------------------------


class Read(StrEnum):
    """What reading her entry before the write met (``EntryRead.kind``)."""

    NOT_ASKED = "not asked"  # the write does not read her entry (``reads_entry``)
    SHOWN = "shown"  # listed, in a status the contract lists (``EntryRead.detail``)
    NOT_LISTED = "not listed"  # gone, it seems (removed, erased)
    OFF_CONTRACT = "off-contract"  # listed in a status word the contract does not list (``OFF_CONTRACT``)
    REFUSED = "refused"  # refused for good (a permission, …): ``detail``, the error's name
    MALFORMED = "malformed"  # an answer not the contract's shape (a gateway's page, a repeated cursor): the error's name
    OUT_OF_REACH = "out of reach"  # an outage, a key being changed (``outbox._for_later``): the error's name


#: The reads whose hour of failing sends a write unread, said in her card's thread (``_keep_unread_note``); a refused
#: read or an entry not listed on a first try sends it the old way, for an entry really gone (its PATCH fails): logged.
UNREAD_FOR_AN_HOUR = frozenset({Read.MALFORMED, Read.OUT_OF_REACH})
#: The line a follow-up says for a set-aside write read before it was sent (``Read.SHOWN``) and seen landed late
#: (``LATE_WRITE_TEXT``): only should the follow-up not be confirmed (``_said_if_refused``).
LANDED_LATE = Read.SHOWN


@dataclass(frozen=True)
class EntryRead:
    """Her entry's read on this try: its ``kind`` and, as it may be, the status shown or the error's name."""

    kind: Read = Read.NOT_ASKED
    detail: str = ""

    @property
    def shows(self) -> str | None:
        """The status her entry was read in, as a settled write's error says it (None: not listed)."""
        if self.kind is Read.OFF_CONTRACT:
            return OFF_CONTRACT
        return self.detail if self.kind is Read.SHOWN else None


@dataclass(frozen=True)
class WriteFacts:
    """What one try of a waitlist write knows when it decides (``waitlist_write_action``), gathered by its shell."""

    status: str  # the status it sets
    expected: tuple[str, ...] = ()  # what her entry may show for it to be sent over (its payload's ``from``)
    tried: bool = False  # its PATCH may have reached the spa system already (``_patch_tried``)
    read_first: bool = False  # a first try that reads her entry all the same (``_read_first``, ``_declined_late``)
    superseded: bool = False  # a later write for her entry went out (``Store.superseded``)
    yes_being_booked: bool = False  # a YES from her entry is being booked (asked only of a "waiting" to be read)
    read: EntryRead = EntryRead()  # her entry's read (``reads_entry``)
    held: int = 0  # its tries so far, held for any cause (the outbox item's ``attempts``)
    bad_reads: int = 0  # the malformed reads its earlier tries counted (``_bad_reads``)
    long_gap: bool = False  # longer than ``UNREADABLE_GAP`` since the last of them (asked of a malformed read)
    owed: Read | None = None  # the thread line an earlier try sent unread left owed (``SENT_UNREAD``)
    handed_on: Read | None = None  # the one a follow-up's set-aside write handed on (``_handed_on``), on any try
    handed_on_sent: bool = False  # that write's own PATCH went out before and may have landed (``UNREAD_PATCHED``)


@dataclass(frozen=True)
class Send:
    """PATCH her entry to the write's status. ``unread``: the read that could not check it (the write goes out as
    before reads were asked), with ``count``, the re-drives it failed at; None when nothing stands in its way."""

    unread: Read | None = None
    count: int = 0


@dataclass(frozen=True)
class Hold:
    """Keep the write for the re-drive (``_held``): ``cause``, an outage's error name or "unreadable <count>"; ``bad``,
    the malformed reads counted so far, kept through an outage; ``malformed_now``, this read met a malformed page (its
    time recorded); ``forgot``, the malformed reads no longer counted after a long gap."""

    cause: str
    bad: int = 0
    malformed_now: bool = False
    forgot: int = 0


class Unsent(StrEnum):
    """Why a write is settled unsent: its outbox item's ``last_error`` (``Settle.error``)."""

    YES_BEING_BOOKED = "superseded: her YES is being booked"
    SUPERSEDED = "superseded"
    NOT_READ = "not sent: her entry could not be read ({})"
    NOT_NEEDED = "not needed: the entry shows {}"


@dataclass(frozen=True)
class Settle:
    """Settle the write as failed, for ``why`` (``detail``: the refusal's name, or the status shown); ``again``: the
    latest status intended for her entry is sent again after (``_latest_again``); ``unread``/``count`` as ``Send``'s."""

    why: Unsent
    detail: str = ""
    again: bool = False
    unread: Read | None = None
    count: int = 0

    @property
    def error(self) -> str:
        """The outbox item's ``last_error``."""
        return self.why.format(self.detail)


def reads_entry(*, tried: bool, read_first: bool, superseded: bool) -> bool:
    """Whether a try reads her entry before it writes (and asks whether her YES is being booked): every try of a write
    whose PATCH may have landed (``tried``: hours may have passed, and the desk may have removed her from the list at
    her request or booked her by hand meanwhile, which must not be undone); a first try only when it is read first
    (``read_first``) and not superseded already (nothing of it can have landed: it is set aside unread, rev39c D). Any
    other first try is sent at once, with no read."""
    return tried or (read_first and not superseded)


def waitlist_write_action(facts: WriteFacts) -> Send | Hold | Settle:
    """What one try of a waitlist write does, by the rules, in order:

    1. A "waiting" whose entry is read (tried, or read first) is settled while her YES is being booked (the expiry's
       "waiting" in flight when her in-time YES took the slot back): what follows writes her entry anew ("booked", or
       "waiting" if the booking fails). Any other write goes on.
    2. A malformed page (a gateway's page, a repeated cursor) holds the write, counted, until ``UNREADABLE_READS``
       re-drives met one since the first: it then goes out as before reads were asked, a lasting bad page must not keep
       her "offered", out of every ranking, unseen (rev38a M1, rev38e M1, L2). An outage between them holds it too and
       keeps the count (a gateway flapping between a bad page and a 503 would never reach it: rev38h L2), as does an
       outage holding its PATCH sent unread at the end of that hour (``what_it_keeps``: not another hour), unless
       longer than ``UNREADABLE_GAP`` since the last bad page: the count starts again (one gateway page as the spa
       system comes back after a weekend, or an afternoon, down is not Friday's count: rev39c F, rev39e R6).
    3. A read out of reach (an outage, a key being changed) holds the write, except a first try's that has been tried
       ``UNREADABLE_READS`` times (``held``: every try counts, held for whatever cause, its last read out of reach):
       nothing of it was sent, so it goes out unread rather than keep her "offered" for as long as the read fails
       (rev39h M1).
    4. A first try whose read is refused for good, or does not list her, goes out unread as before reads were asked:
       the PATCH fails (404, 409) for an entry really gone, and settled "not sent" it would leave her "offered" for
       good (rev39c B). A write tried before whose read is refused is settled "not sent", the conservative side, saying
       why (rev38a L3, rev39e R3; not "the entry shows nothing").
    5. A superseded write (a later one for her entry went out: the latest status intended wins, whatever order the
       writes land in) is settled; a write tried before is followed by the latest sent again when it may have landed
       after it: its read shows its own status, or a lasting malformed page could not tell. A first try never is.
    6. A read that shows her entry in a status neither expected when the write was decided (its ``from``) nor the
       write's own (an earlier try landed) settles it as not needed: the desk changed it ("cancelled", "booked" by
       phone), and it is left as it is (rev38a L2). So does her entry listed in a status word the contract does not
       list (``OFF_CONTRACT``: it is there, a PATCH would land; held as a malformed page it was written over, undoing
       the desk's removal spelled "removed": rev39e R2, rev39h H1), on any try; and a write tried before finding her
       entry not listed.
    7. Otherwise it is sent; a PATCH out of reach then holds it (read first when tried again: ``PATCHED``).
    """
    f = facts
    reads = reads_entry(tried=f.tried, read_first=f.read_first, superseded=f.superseded)
    if f.yes_being_booked and f.status == WaitlistStatus.waiting and reads:
        return Settle(Unsent.YES_BEING_BOOKED)
    unread: Read | None = None
    count = 0
    match f.read.kind:
        case Read.MALFORMED:
            count, forgot = _malformed_count(f)
            if count < UNREADABLE_READS:
                return Hold(f"{UNREADABLE} {count}", malformed_now=True, forgot=forgot)
            unread = Read.MALFORMED
        case Read.OUT_OF_REACH:
            count = f.held + 1
            if f.tried or count < UNREADABLE_READS:
                return Hold(f.read.detail, bad=f.bad_reads)
            unread = Read.OUT_OF_REACH
        case Read.REFUSED | Read.NOT_LISTED if not f.tried:
            unread = f.read.kind
    if f.superseded:
        landed = f.read == EntryRead(Read.SHOWN, f.status) or unread is Read.MALFORMED
        return Settle(Unsent.SUPERSEDED, again=f.tried and landed, unread=unread, count=count)
    if unread is None and f.read.kind is Read.REFUSED:
        return Settle(Unsent.NOT_READ, f.read.detail)
    if unread is None and f.read.kind is not Read.NOT_ASKED and f.read.shows not in (f.status, *f.expected):
        return Settle(Unsent.NOT_NEEDED, f.read.shows or "nothing")
    return Send(unread, count)


def _malformed_count(f: WriteFacts) -> tuple[int, int]:
    """The malformed reads counted with this one (a malformed read: ``waitlist_write_action``'s rule 2), and those no
    longer counted after a long gap."""
    forgot = f.bad_reads if f.long_gap else 0
    return f.bad_reads - forgot + 1, forgot


def _for_an_hour(unread: Read | None) -> Read | None:
    """``unread`` when it is a read whose hour of failing let a write go out unchecked (``UNREAD_FOR_AN_HOUR``)."""
    return unread if unread in UNREAD_FOR_AN_HOUR else None


@dataclass(frozen=True)
class Kept:
    """What one try of a waitlist write keeps on it for the tries after it, and the thread line it says
    (``what_it_keeps``): ``owed``, the line kept on the write (``SENT_UNREAD``); ``say``, the line said (as a settled
    write settles, not confirmed: ``UNCONFIRMED_WRITE_TEXT``; or once a sent one's PATCH is answered);
    ``bad_reads``, the malformed reads still counted after its read, kept when an outage holds its PATCH (``_held``)
    or a stop interrupts it; ``if_refused`` and ``if_off_shape``, the line said as not confirmed should this try's
    PATCH be refused or answered in no shape the contract knows (``_send``); ``owed_sent``, a settled write's line owed
    stands for its own unread PATCH, sent before (``UNREAD_PATCHED``, for the follow-up handed it)."""

    owed: Read | None = None
    say: Read | None = None
    bad_reads: int = 0
    if_refused: Read | None = None
    if_off_shape: Read | None = None
    owed_sent: bool = False


def what_it_keeps(facts: WriteFacts, action: Send | Hold | Settle) -> Kept:
    """The bookkeeping of the thread line (``UNREAD_WRITE_TEXT``) for one try of a waitlist write taking ``action``:

    1. A write sent unread after an hour of reads that could not be made (``Send.unread`` in ``UNREAD_FOR_AN_HOUR``)
       owes the line, and so does one whose earlier try was (``WriteFacts.owed``): kept on it before its PATCH (a
       process killed during it keeps it too: rev40h M4), through a hold and a stop (rev40f M1). A superseded write set
       aside for the latest sent again hands its line on, its own or the one owed (rev40f L3), for the follow-up to
       say (``WriteFacts.handed_on``, taken from the set-aside write on each of the follow-up's tries: owed through a
       hold of its PATCH, a stop, a restart: rev41b L3).
    2. A write sent says it once its PATCH is answered: its own hour's; a follow-up's, the one handed on (sent with no
       read, or read again after its PATCH was held: the read cannot tell the desk's status from the one the set-aside
       write sent unread); else the one owed only when its read shows the write landed (its own status: one that never
       landed, sent checked now, undid nothing: rev40h M3). A PATCH answered in no shape the contract knows may have
       landed, or not: it says the line owed or handed on as not confirmed (``UNCONFIRMED_WRITE_TEXT``: rev41b M1,
       rev41e L2; the one owed not after a read that showed the earlier unread PATCH never landed); so does a PATCH refused after this write's earlier unread PATCH that may have landed, when its read
       could not tell (the line owed: a 409 after it, rev41e M1; not after a read that showed her entry, nor for a
       line only handed on, whose chain's own PATCH never went out: rev41g M, L).
    3. The malformed reads counted go on after its read (kept if an outage then holds its PATCH, or a stop interrupts
       it: rev41b L2): with this one for a malformed read (the hour it completed, when it sends the write unread: the
       next malformed read after that PATCH's outage sends it again, not another hour later), as they were for a read
       out of reach or refused, or none read; a read that worked starts them again (0).
    4. A write settled because its read is refused for good (a 403, a 404 on the waitlist) says the line owed (or
       handed on) as it settles: no try reads it again, and its unread PATCH may have landed (rev40h L1: it was lost),
       or not: said as not confirmed (``UNCONFIRMED_WRITE_TEXT``), the desk to check it (rev41b M1). A hold or any
       other write settled unsent says nothing: a later try, or the latest sent again, does, or its read showed that
       it never landed or that the desk has set her entry since.
    5. A write set aside for the latest sent again whose read shows it landed (its own status, late over the latest)
       records that its own PATCH went out before (``owed_sent``), read first or not: should the follow-up putting the
       latest back be refused or answered off-shape, her entry may be left as this write set it ("waiting" while she
       is booked), and the follow-up says so, not confirmed (``LATE_WRITE_TEXT`` when no line was handed on); one
       whose follow-up is confirmed says nothing more (the latest stands, checked).
    """
    f = facts
    bad_reads = _bad_reads_after(f)
    if isinstance(action, Hold):
        return Kept(owed=f.owed, bad_reads=bad_reads)
    seen_landed = f.read == EntryRead(Read.SHOWN, f.status)
    if isinstance(action, Settle):
        return Kept(owed=(_for_an_hour(action.unread) if action.again else None) or f.owed,
                    owed_sent=f.owed is not None or (action.again and seen_landed),
                    say=(f.owed or _handed_line(f)) if f.read.kind is Read.REFUSED else None, bad_reads=bad_reads)
    landed = f.owed if seen_landed else None
    return Kept(owed=_for_an_hour(action.unread) or f.owed, say=_for_an_hour(action.unread) or f.handed_on or landed,
                bad_reads=bad_reads, if_refused=_said_if_refused(f, landed),
                if_off_shape=_for_an_hour(action.unread) or _owed_unless_seen_not(f, landed) or _handed_line(f))


def _handed_line(f: WriteFacts) -> Read | None:
    """The line a follow-up says should its write not be confirmed: the one handed on, else ``LANDED_LATE`` when its
    set-aside write's own PATCH, read before it went out, was seen landed late over the latest (rule 5) and nothing
    since shows the latest stands: not when this try's read shows her entry holding it (the late write already put
    right, rev42a M1), nor once a later write superseded this follow-up (its status no longer the latest: the desk
    would be told to set a stale one, rev42a M2)."""
    late = f.handed_on_sent and not f.superseded and f.read != EntryRead(Read.SHOWN, f.status)
    return f.handed_on or (LANDED_LATE if late else None)


def _said_if_refused(f: WriteFacts, landed: Read | None) -> Read | None:
    """The line a try says, as not confirmed, should its PATCH be refused (``what_it_keeps`` rule 2): the one owed when
    its read shows the earlier unread PATCH landed (its own status: rev41h A) or could not tell (a 409 after it: rev41e
    M); the one handed on (or ``LANDED_LATE``) when the set-aside write's own PATCH went out before and may have
    landed (rev41h B), not when it never did (rev41g M); none after a read that showed her entry otherwise (rev41g L)."""
    return _owed_unless_seen_not(f, landed) or (_handed_line(f) if f.handed_on_sent else None)


def _owed_unless_seen_not(f: WriteFacts, landed: Read | None) -> Read | None:
    """The line owed, unless this try's read showed her entry otherwise than the earlier unread PATCH set it (it never
    landed, or the desk has set her entry since: this try, checked, undoes nothing): ``landed`` when it showed it
    landed, the one owed when the read could not tell."""
    return landed or (f.owed if f.read.kind in UNREAD_FOR_AN_HOUR else None)


def _bad_reads_after(f: WriteFacts) -> int:
    """The malformed reads still counted after this try's read (``what_it_keeps``, rule 3)."""
    if f.read.kind is Read.MALFORMED:
        return _malformed_count(f)[0]
    return f.bad_reads if f.read.kind in (Read.OUT_OF_REACH, Read.REFUSED, Read.NOT_ASKED) else 0


# --- the shell: gathers the facts, carries out the action, logs ---------------------------------------------------


async def deliver_waitlist_write(copilot: Copilot, item: OutboxItem) -> bool:
    """Set a waitlist entry's status in the spa system (outbox ``item``, claimed by ``outbox.deliver``), as
    ``waitlist_write_action`` decides, with the bookkeeping ``what_it_keeps`` decides with it; True when it went
    through now. Her entry is read only when ``reads_entry``."""
    store = copilot.store
    key, payload, result = item.key, item.payload, item.result or {}
    entry_id, status = payload["entry_id"], payload["status"]
    held_by, unreadable_at = item.last_error, result.get(UNREADABLE_AT)
    tried = _patch_tried(item)
    read_first = not tried and (_read_first(key, payload) or _declined_late(copilot, key))
    reads = reads_entry(tried=tried, read_first=read_first, superseded=read_first and store.superseded(key))
    yes_being_booked = reads and status == WaitlistStatus.waiting and store.fill_yes_being_booked(entry_id)
    read = await _read_entry(copilot, entry_id) if reads and not yes_being_booked else EntryRead()
    now = copilot.now() if read.kind is Read.MALFORMED else None
    handed_on, handed_on_sent = _handed_on(copilot, key)
    facts = WriteFacts(
        status=status, expected=tuple(_expected(payload)), tried=tried, read_first=read_first,
        superseded=not yes_being_booked and store.superseded(key), yes_being_booked=yes_being_booked, read=read,
        held=item.attempts, bad_reads=_bad_reads(held_by),
        long_gap=now is not None and bool(unreadable_at) and _bad_reads(held_by) > 0
        and now - datetime.fromisoformat(unreadable_at) > UNREADABLE_GAP,
        owed=_line_read(result.get(SENT_UNREAD)), handed_on=handed_on, handed_on_sent=handed_on_sent,
    )
    action = waitlist_write_action(facts)
    kept = what_it_keeps(facts, action)
    if isinstance(action, Hold):
        if action.forgot:
            logger.info("waitlist entry %s: a malformed read after a long outage; its %d earlier ones are not "
                        "counted", entry_id, action.forgot)
        _held(copilot, key, entry_id, status, action.cause, held_by, "could not be read", bad=action.bad,
              at=now if action.malformed_now else None, since=unreadable_at, patched=tried, sent_unread=kept.owed)
        return False
    if isinstance(action, Settle):
        await _settle(copilot, item, read, action, kept)
        return False
    _say_unread(key, entry_id, status, read, action.unread, action.count)
    if kept.owed is not None and kept.owed != facts.owed:  # kept before the PATCH: a kill during it keeps it too
        store.note_outbox_result(key, {**result, SENT_UNREAD: kept.owed.value})  # (rev40h M4)
    return await _send(copilot, item, kept, at=now, since=unreadable_at)


async def _settle(copilot: Copilot, item: OutboxItem, read: EntryRead, settle: Settle, kept: Kept) -> None:
    """Settle waitlist write ``item`` unsent, for ``settle``'s reason: the latest status sent again after it
    (``Settle.again``) recorded with it, and the thread line it keeps or says (``kept``)."""
    from spa_copilot.fill.outbox import deliver  # outbox imports this module

    store = copilot.store
    key, payload, result = item.key, item.payload, item.result or {}
    entry_id, status = payload["entry_id"], payload["status"]
    if settle.again and settle.unread is not None:  # the latest goes out in its place, unread (rev40f L3)
        logger.warning("waitlist entry %s could not be read at %d re-drives (%s); its write %s (%s) is set aside and "
                       "the latest status goes out unread", entry_id, settle.count, read.detail, key, status)
    with store.transaction():  # settled and the latest's re-send recorded together: a restart in between sends it
        store.mark_outbox(key, status="failed", error=settle.error, result=_settled_result(result, kept))
        again = settle.again and _latest_again(copilot, key, status)
        thread = _keep_unread_note(copilot, key, status, kept.say, confirmed=False)  # never seen landed (rule 4)
    _say_settled(key, entry_id, status, read, settle, _expected(payload))
    if again:
        await deliver(copilot, again)
    if thread is not None:
        await _post_kept_notes(copilot, thread)


def _settled_result(result: Mapping[str, Any], kept: Kept) -> dict[str, Any] | None:
    """A settled write's ``result``: the line it keeps (``SENT_UNREAD``) and whether its own PATCH went out before and
    may have landed (``UNREAD_PATCHED``), for the follow-up handed them (``_handed_on``); None when it keeps neither."""
    if kept.owed is None and not kept.owed_sent:
        return None
    return {**result, UNREAD_PATCHED: kept.owed_sent} | ({SENT_UNREAD: kept.owed.value} if kept.owed else {})


async def _send(copilot: Copilot, item: OutboxItem, kept: Kept, *, at: datetime | None, since: str | None) -> bool:
    """PATCH her entry to waitlist write ``item``'s status; True when it went through. Sent: settled with the latest's
    re-send (``_latest_again``) and the thread's line (``Kept.say``) recorded together. Out of reach: held, the line
    owed and the malformed reads counted kept (``Kept``; ``at``, when this try's read met a malformed page, else
    ``since``, the last one's), read first when tried again. Refused for good: settled failed, the line owed said as
    not confirmed when the answer was not the contract's shape or an earlier try's unread PATCH may have landed. Stopped during it: handed
    back, the line owed and the malformed reads counted kept as a hold keeps them (it may have landed)."""
    from spa_copilot.fill.outbox import _for_later, deliver  # outbox imports this module

    store = copilot.store
    key, entry_id, status = item.key, item.payload["entry_id"], item.payload["status"]
    owed = kept.owed.value if kept.owed is not None else None
    try:
        await copilot.platform.update_waitlist_entry(entry_id, changes={"status": status}, idempotency_key=key)
    except PlatformError as exc:
        if _for_later(exc):  # out of reach, or a key being changed: held, and read first when tried again
            _held(copilot, key, entry_id, status, type(exc).__name__, item.last_error, f"not set to {status} yet",
                  bad=kept.bad_reads, at=at, since=since, patched=True, sent_unread=kept.owed)
            return False
        # e.g. the entry was removed or booked meanwhile, the key lacks a permission: nothing to keep in step; but an
        # answer not the contract's shape may hide a write that landed: a line owed is said all the same
        with store.transaction():
            store.mark_outbox(key, status="failed", error=type(exc).__name__)
            landed = kept.if_off_shape if isinstance(exc, PlatformProtocolError) else kept.if_refused
            thread = _keep_unread_note(copilot, key, status, landed, confirmed=False)
        logger.warning("waitlist entry %s not set to %s: %s", entry_id, status, type(exc).__name__)
        if thread is not None:
            await _post_kept_notes(copilot, thread)
        return False
    except BaseException:  # stopped during the PATCH (a cancelled task, a bug): it may have landed
        store.mark_outbox(key, status="pending", error=_interrupted(kept.bad_reads),
                          result=_interrupted_result(item.result or {}, owed, at=at, since=since))
        raise
    with store.transaction():  # settled, the latest's re-send and the thread's line recorded together
        store.mark_outbox(key, status="sent")
        again = _latest_again(copilot, key, status)
        thread = _keep_unread_note(copilot, key, status, kept.say)
    if again:
        await deliver(copilot, again)
    if thread is not None:
        await _post_kept_notes(copilot, thread)  # Slack refusing it: kept, posted by a later try; the write stands
    return True


def _interrupted(bad_reads: int) -> str:
    """A write stopped during its PATCH's ``last_error``: "interrupted", with the malformed reads still counted as a
    hold notes them ("interrupted (unreadable 60)", read back by ``_bad_reads``): the next malformed read after the
    stop sends it again, as after an outage holding its PATCH, not another hour later (rev41b L2)."""
    return "interrupted" + (f" ({UNREADABLE} {bad_reads})" if bad_reads else "")


def _interrupted_result(
    result: Mapping[str, Any], owed: str | None, *, at: datetime | None, since: str | None
) -> dict[str, Any]:
    """A write stopped during its PATCH's ``result``: what it kept, with its PATCH sent (``PATCHED``), the line owed
    (``SENT_UNREAD``) and when its reads last met a malformed page (``UNREADABLE_AT``: this try's, ``at``, else
    ``since``), as ``_held`` keeps them."""
    merged = {**result, PATCHED: True} | ({SENT_UNREAD: owed} if owed else {})
    if (met := at.isoformat() if at is not None else since) is not None:
        merged[UNREADABLE_AT] = met
    return merged


async def _read_entry(copilot: Copilot, entry_id: str) -> EntryRead:
    """Her entry's read (``_entry_status``), as ``waitlist_write_action`` takes it."""
    try:
        shown = await _entry_status(copilot, entry_id, copilot.store.fill_entry_location(entry_id))
    except _ReadRefused as exc:
        return EntryRead(Read.REFUSED, str(exc))
    except PlatformProtocolError as exc:
        return EntryRead(Read.MALFORMED, type(exc).__name__)
    except PlatformError as exc:  # out of reach, the key being changed (``_entry_status`` raises no other)
        return EntryRead(Read.OUT_OF_REACH, type(exc).__name__)
    if shown is None:
        return EntryRead(Read.NOT_LISTED)
    return EntryRead(Read.OFF_CONTRACT) if shown == OFF_CONTRACT else EntryRead(Read.SHOWN, shown)


def _say_unread(key: str, entry_id: str, status: str, read: EntryRead, unread: Read | None, count: int) -> None:
    """Log why a write whose entry was read goes on without the read's check (``unread``), if it does."""
    if unread is Read.MALFORMED:
        logger.warning("waitlist entry %s could not be read at %d re-drives (%s); its write (%s) goes ahead "
                       "unread", entry_id, count, read.detail, status)
    elif unread is Read.OUT_OF_REACH:
        logger.warning("waitlist entry %s could not be read at %d re-drives (%s); its write %s (%s) is sent "
                       "unread", entry_id, count, read.detail, key, status)
    elif unread is Read.REFUSED:
        logger.warning("waitlist entry %s could not be read (%s); its write %s (%s) is sent unread on its first try",
                       entry_id, read.detail, key, status)
    elif unread is Read.NOT_LISTED:
        logger.info("waitlist write %s: entry %s is not listed; sent unread on its first try", key, entry_id)


def _line_read(value: object) -> Read | None:
    """The read a thread line kept on a write (``SENT_UNREAD``) is owed for; None when none is (or not one of
    ``UNREAD_FOR_AN_HOUR``)."""
    return next((read for read in UNREAD_FOR_AN_HOUR if read.value == value), None)


def _handed_on(copilot: Copilot, key: str) -> tuple[Read | None, bool]:
    """The thread line a follow-up (``…:then-<status>``, ``_latest_again``) is handed by the write it follows: the one
    that write kept (``SENT_UNREAD``) when it was set aside (failed: superseded) for this one sent in its place (one
    sent said its own: rev40h L2, said twice), and whether it stands for that write's own unread PATCH, sent before
    (``UNREAD_PATCHED``: it may have landed, rev41h B; not for one set aside unsent). (None, False) for any other
    write."""
    if ":then-" not in key:
        return None, False
    earlier = copilot.store.outbox_item(key.rpartition(":then-")[0])
    if earlier is None or earlier.status != "failed":
        return None, False
    result = earlier.result or {}
    return _line_read(result.get(SENT_UNREAD)), bool(result.get(UNREAD_PATCHED))


def _offer_of(copilot: Copilot, key: str) -> dict[str, Any] | None:
    """The fill offer waitlist write ``key`` belongs to: ``fill:<offer id>:…`` (a NO's, an expiry's, a late YES's,
    their follow-ups), ``fill:<proposal id>:sms:<index>:offered`` (the offer's text) or
    ``fill:<proposal id>:book:<offer id>:…`` (its booking's); None for any other key."""
    parts = key.split(":")
    if len(parts) < 3 or parts[0] != "fill":
        return None
    store = copilot.store
    if (offer := store.fill_offer(parts[1])) is not None:
        return offer
    if len(parts) > 3 and parts[2] == "book":
        return store.fill_offer(parts[3])
    if len(parts) > 3 and parts[2] == "sms" and parts[3].isdigit():
        return store.fill_offer(fill_offer_id(parts[1], int(parts[3])))
    return None


def _keep_unread_note(
    copilot: Copilot, key: str, status: str, unread: Read | None, *, confirmed: bool = True
) -> str | None:
    """Keep, once (claimed by ``key``: re-drives, restarts), the thread line saying waitlist write ``key`` set her
    entry to ``status`` unread after an hour of ``unread`` reads (``UNREAD_WRITE_TEXT``; not ``confirmed``, that it
    may have: ``UNCONFIRMED_WRITE_TEXT``; ``LANDED_LATE``, that a follow-up's set-aside write landed late and the
    follow-up was not confirmed: ``LATE_WRITE_TEXT``), in the thread of her offer's fill card: a desk's removal or
    phone booking made in that hour may be undone, and only the desk can see.
    Called inside the transaction marking it sent; the thread whose kept lines to post after it, or None (nothing to
    say, or no offer's card to say it in: logged by ids)."""
    if unread is None:
        return None
    offer = _offer_of(copilot, key)
    if offer is None:
        logger.warning("waitlist write %s (%s) went out unread; no fill card to say so in", key, status)
        return None
    template = LATE_WRITE_TEXT if unread is LANDED_LATE else UNREAD_WRITE_TEXT if confirmed else UNCONFIRMED_WRITE_TEXT
    text = template.format(first_name=_first_name_of(copilot, offer), status=status)
    return _keep_note_once(copilot, f"fill-unread:{key}", offer["proposal_id"], text)


def _say_settled(
    key: str, entry_id: str, status: str, read: EntryRead, settle: Settle, expected: Iterable[str]
) -> None:
    """Log a write settled unsent (a superseded one silently: the latest stands)."""
    if settle.why is Unsent.YES_BEING_BOOKED:
        logger.info("waitlist write %s not sent: a YES from entry %s is being booked", key, entry_id)
    elif settle.why is Unsent.NOT_READ:
        logger.warning("waitlist entry %s could not be read (%s); its write %s (%s) is not sent", entry_id,
                       settle.detail, key, status)
    elif settle.why is Unsent.NOT_NEEDED:
        logger.log(logging.WARNING if read.kind is Read.OFF_CONTRACT else logging.INFO,
                   "waitlist write %s not sent: entry %s shows %s, not %s (changed since, left as it is)", key,
                   entry_id, settle.detail, " or ".join(expected))


def _held(
    copilot: Copilot, key: str, entry_id: str, status: str, cause: str, held_by: str | None, what: str, *, bad: int = 0,
    at: datetime | None = None, since: str | None = None, patched: bool = False, sent_unread: Read | None = None,
) -> None:
    """Waitlist write ``key`` kept for the re-drive: ``cause`` (an outage's or refused key's error name, or a malformed
    page's ``UNREADABLE`` count) may mend by itself. Said once per kind of cause (a warning the first time, as a text
    held up is said once in its thread), then at debug level: a key refused over a weekend is not a warning every
    minute, nor a gateway flapping between malformed pages and 503s a warning at every switch (rev38h L2). Recorded as
    ``cause`` then, in brackets, the malformed reads counted so far (``bad``) and the other kinds said before:
    "PlatformUnavailable (unreadable 3)", "unreadable 4 (PlatformUnavailable)". ``at``: when a malformed page was met,
    kept in the item's ``result`` (``UNREADABLE_AT``; an outage's hold keeps the last one, ``since``) with whether its
    PATCH was ever sent (``PATCHED``, ``_patch_tried``)."""
    said = _causes_said(held_by)
    kind = cause.split(" ")[0]
    notes = ([f"{UNREADABLE} {bad}"] if bad and kind != UNREADABLE else []) + sorted(said - {kind, UNREADABLE})
    result: dict[str, Any] = {PATCHED: patched} | ({SENT_UNREAD: sent_unread.value} if sent_unread else {})
    if (met := at.isoformat() if at is not None else since) is not None:
        result[UNREADABLE_AT] = met
    copilot.store.mark_outbox(key, status="pending", error=(cause + (f" ({', '.join(notes)})" if notes else ""))[:300],
                              result=result)
    level = logging.DEBUG if kind in said else logging.WARNING
    logger.log(level, "waitlist entry %s %s (%s); the outbox will try again", entry_id, what, cause)


def _held_parts(held_by: str | None) -> tuple[str, list[str]]:
    """A held write's ``last_error`` (``_held``): its last cause, and the notes in brackets after it."""
    cause, _, notes = (held_by or "").partition(" (")
    return cause, [note for note in notes.rstrip(")").split(", ") if note]


def _causes_said(held_by: str | None) -> set[str]:
    """The kinds of cause a held write's earlier tries were held for and said (``_held``): the last one's and those
    it noted (an error's name; "unreadable" while malformed reads are counted). Another ``last_error`` ("interrupted",
    "cut off") is no hold's."""
    cause, notes = _held_parts(held_by)
    kinds = {part.split(" ")[0] for part in (cause, *notes)}
    return {kind for kind in kinds if kind.startswith("Platform") or (kind == UNREADABLE and _bad_reads(held_by))}


def _bad_reads(held_by: str | None) -> int:
    """How many re-drives met a malformed page reading her entry, as the last try's ``held_by`` (``_held``) counted
    them: its "unreadable <count>", as its cause or noted after an outage's; 0 when none is (a read that worked
    starts the count again: its write then held for an outage of its own records none)."""
    cause, notes = _held_parts(held_by)
    for part in (cause, *notes):
        word, _, count = part.partition(" ")
        if word == UNREADABLE:
            return int(count) if count.isdigit() else 0
    return 0


class _ReadRefused(Exception):
    """Her waitlist entry's read refused for good (not an outage nor a malformed page): the error's name."""


async def _entry_status(copilot: Copilot, entry_id: str, location_id: str | None = None) -> str | None:
    """The status the spa system's waitlist entry ``entry_id`` shows now; None when it is gone (not listed: removed,
    erased), ``OFF_CONTRACT`` when the listing skipped it as off-contract (it is there). Read from the waitlist of
    ``location_id`` (where her offer was made; the contract reads no entry by id), and from the whole waitlist only
    when not found there (rev38a L1: a held write after an outage reads one location's pages, not every past entry of
    the spa's, before the texts queued behind it). Raised: an outage or a refused key (``_for_later``) and an answer
    not the contract's shape (a gateway's page, a repeated cursor, her entry's own included: rev39e R2), as they are;
    any other refusal (a permission, …) as ``_ReadRefused``, its error's name."""
    from spa_copilot.fill.outbox import _for_later  # outbox imports this module

    for where in ([location_id, None] if location_id else [None]):
        try:
            entries, skipped = await _waitlist_of(copilot, where)
        except PlatformError as exc:
            if _for_later(exc) or isinstance(exc, PlatformProtocolError):
                raise
            if where is not None:  # the location's list refused (a location the spa system no longer knows): all of it
                continue
            raise _ReadRefused(type(exc).__name__) from exc
        if (shown := entries.get(entry_id)) is not None:
            return shown
        if entry_id in skipped:
            return OFF_CONTRACT
    return None


async def _waitlist_of(copilot: Copilot, location_id: str | None) -> tuple[dict[str, str], set[str | None]]:
    """The statuses of the spa system's waitlist entries (of ``location_id``, else all of them) by entry id, and the
    ids of those it skipped as off-contract, read afresh for each write: a read kept for an expiry run (which awaits
    redrafts and Slack between its writes) would undo a desk's removal made meanwhile (rev39c A)."""
    listing = await copilot.platform.list_waitlist(location_id=location_id)
    return {entry.id: entry.status.value for entry in listing}, set(skipped_ids(listing))


def _latest_again(copilot: Copilot, key: str, status: str) -> str | None:
    """The latest status intended for the entry of waitlist write ``key`` (which may have landed just now), recorded
    to go out again under a key of its own, when a later write for the same entry with another status went out (or is
    going out) meanwhile: ``key``'s landing after it would leave the entry at ``key``'s status ("waiting" while she is
    booked, so a later opening offers her the slot again). Its key, for ``deliver`` after the transaction; None when
    the latest is ``key`` itself, says the same, is still to go out (it lands last then), or was not sent at all."""
    latest = copilot.store.latest_about(key)
    if latest is None or latest.key == key or latest.status not in ("sent", "sending"):
        return None
    if latest.payload.get("status") == status:
        return None
    return _waitlist_write(copilot, latest.payload["entry_id"], WaitlistStatus(latest.payload["status"]),
                           key=f"{key}:then-{latest.payload['status']}", expect=[status])
