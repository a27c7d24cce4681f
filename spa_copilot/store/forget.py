"""Forgetting one guest on request (``spa-copilot forget CLIENT_ID``): what names or describes her in the state file
is replaced with ``FORGOTTEN``, her ids and rows kept, so who approved what and when (governance) and what was already
sent (idempotency: never twice) still stand; what was still to go out to her is settled as not sent.

Per table (``spa_copilot.store.db``):

- ``proposals``: on each fill or reply card that listed her, her entry's first name (and name with initial), the
  reasons she was ranked and any flag reason; while the card is hers (she is its current guest, or what it booked
  was for her) the invitation drafted to her, her name in its reason, in what her YES booked and at the head of a
  reply card's summary and situation. A card about another guest keeps its words, even where they say a first name
  she shares (counted in ``left`` and printed: nothing ties that text to her for certain). A card still open stops
  listing her after its current guest (nobody is offered her place by "Next candidate"); a card waiting for a
  manager with a text drafted to her is closed (``expired``, with why); an approved reply to her ``failed``. Every
  card changed is marked for the service to redraw (``card_stale``), so the Slack card too stops naming her.
- ``offers``: ids and times only; an offer still open is ended: an approved one whose text had not gone out
  ``failed`` (as when a guest opts out, so the card moves on to its next guest), a sent one or one being booked
  ``expired`` (its hold ends now: the card moves on, and no YES of hers books anything), each marked ended on request
  (``ended_on_request_key`` in ``processed_events``) so the card's thread says the offer was withdrawn, not that
  she did not answer.
- ``outbox``: the words of every text to her and the first name of a booking for her; a text or booking still
  ``pending`` (or claimed by a process that stopped) ``failed`` with ``last_error`` ``forgotten``, which the sender
  never sends. The platform's waitlist upkeep (an entry id and a status) is not hers to cancel and is left.
- ``audit``: the rows about her (on her client id, by her, naming her client id, one of her offers or outbox items,
  or holding a card's draft while it was addressed to her): the texts and drafts that were hers and her name
  wherever they say it; the rows stay, with who did what and when. A row about another guest (another client id) is
  never changed; one on her card tied to nobody is left as is and counted in ``left``.
- ``alerts``: a conflict card about one of her bookings still in the snapshot: its words (guests are named on it)
  become ``FORGOTTEN``; kind, ids, times and who handled it stay. An older alert, whose booking has left the
  snapshot, can no longer be tied to her id.
- ``llm_cache``: cached model results drawn from her are deleted (a cache: only made again if needed): the reading
  of her notes (``ai.extract_profile`` on her client id) and her briefing summaries (``ai.briefing_summary`` on an
  appointment the snapshot, a kept prep DM, a booking or the audit ties to her), by the key (``inputsHash``) their
  audit rows record; a draft whose words were a text to her, or naming her; and every reading or summary no audit
  row ties to any guest (``cache_untied``: it could be hers). One tied to other guests only is kept.
- ``kept_notes``: a line for a fill card's thread that Slack had not taken yet (a guest's reply quoted): every one
  for the thread of a card that listed her, or naming her, is deleted (never posted: her words are not to reach Slack
  now; a line about another guest on her card goes with them, counted).
- ``prep_told``: what a therapist was last told of a booking of hers (ids, times, and a keyed digest of what the DM
  said of her health and notes): deleted (a therapist then told of a change is told it plainly, as before any DM).
- ``snapshot``, ``kept_updates``: ids and times only: nothing to replace (refreshed from the spa system).
- ``text_opt_outs``: kept: a STOP goes on being honoured.

One audit row (``client.forgotten``, by whom, on her client id, with the counts) records it, with no name in it.
Everything is one transaction: it stands or falls whole. Running it again changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from spa_copilot.store.db import Store

#: What replaces what named or described the guest.
FORGOTTEN = "(forgotten)"
#: The audit action recording that a client id was forgotten.
FORGET_ACTION = "client.forgotten"
#: ``outbox.last_error`` of a text or booking settled as not sent because its guest was forgotten.
FORGOTTEN_ERROR = "forgotten"
#: Why a card waiting for a manager with a text drafted to her closed.
CLOSED_REASON = "its guest was forgotten on request; /spa fill {appointment} offers the slot again"
#: Why an approved reply to her was not sent.
REPLY_NOT_SENT_REASON = "nothing was sent: its guest was forgotten on request"

#: ``processed_events`` id marking an offer of hers that ``forget`` ended, so the card moving on says why neutrally
#: (``spa_copilot.fill.moving_on``) rather than "did not answer".
ENDED_ON_REQUEST_KEY = "fill-offer-ended-on-request:{offer_id}"

#: The tables, in the order the command reports them.
TABLES = ("proposals", "offers", "outbox", "audit", "alerts", "llm_cache", "kept_notes", "prep_told", "snapshot",
          "kept_updates", "text_opt_outs")

#: The tables whose rows about her are deleted, not rewritten: ``changed`` counts the rows deleted there, and the
#: command says "deleted" for them ("changed" for the others).
DELETED_TABLES = frozenset({"llm_cache", "kept_notes", "prep_told"})

#: Proposal statuses that are not over yet (a card that may still move on, be approved or send).
_LIVE = frozenset({"drafting", "abandoned", "pending", "info", "approved", "sent"})
#: ...and those of them with an Approve (or nothing: read-only) still to click.
_WAITING = frozenset({"pending", "info"})
#: Names a card gives a guest it has no name for: not hers to look for.
_NO_NAME = frozenset({"", FORGOTTEN, "The client", "A guest", "the client"})
#: Keys of an audit row's details holding a text or draft, replaced whole when the row is about her.
_TEXT_KEYS = ("text", "draft", "before")


@dataclass
class Forgotten:
    """What ``forget_client`` found and did (or, in a dry run, would do)."""

    client_id: str
    held: dict[str, int] = field(default_factory=dict)  # rows about her, per table
    changed: dict[str, int] = field(default_factory=dict)  # rows changed (in DELETED_TABLES: deleted), per table
    cancelled: dict[str, int] = field(default_factory=lambda: {"texts": 0, "bookings": 0, "offers": 0, "cards": 0})
    opted_out: bool = False
    forgotten_before: str | None = None  # when a previous run recorded it (audit ``at``)
    #: rows naming someone with one of her names that the state file does not tie to her for certain: left as is
    left: dict[str, int] = field(default_factory=lambda: {"proposals": 0, "audit": 0})
    #: cached model results no audit row ties to any guest (they could be hers): deleted with hers
    cache_untied: int = 0

    @property
    def held_anything(self) -> bool:
        return any(self.held.values())

    @property
    def changes_anything(self) -> bool:
        return any(self.changed.values())


def ended_on_request_key(offer_id: str) -> str:
    """The ``processed_events`` id ``forget`` records for an offer of hers it ended (``ENDED_ON_REQUEST_KEY``)."""
    return ENDED_ON_REQUEST_KEY.format(offer_id=offer_id)


class _DryRun(Exception):
    """Rolls back a dry run's transaction."""


def forget_client(
    store: Store, client_id: str, *, by: str, now: datetime | None = None, dry_run: bool = False
) -> Forgotten:
    """Forget ``client_id`` in the state file, in one transaction (see the module's docstring); with ``dry_run``,
    say what would change and change nothing. The audit row is written only when something changed."""
    if not client_id.strip():
        raise ValueError("a client id is needed")
    now = now or datetime.now(UTC)
    result = Forgotten(client_id)
    try:
        with store.transaction():
            _forget(store, client_id, by=by, now=now, result=result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _forget(store: Store, client_id: str, *, by: str, now: datetime, result: Forgotten) -> None:
    db = store.db
    stamp = now.astimezone(UTC).isoformat()
    proposals = [dict(row) for row in db.query("SELECT * FROM proposals ORDER BY created_at, id")]
    outbox = [dict(row) for row in db.query("SELECT * FROM outbox ORDER BY rowid")]
    names = _names(client_id, proposals, outbox)
    pattern = _name_pattern(names)

    her_texts: set[str] = set()  # the words of texts and drafts to her, as they were: her cached drafts are these
    her_offers = {row[0] for row in db.execute("SELECT id FROM offers WHERE client_id = ?", [client_id]).fetchall()}
    her_keys = {row["key"] for row in outbox if _outbox_client(_loads(row["payload"], {})) == client_id}
    appointments = _her_appointments(store, client_id, proposals)

    her_proposals = _forget_proposals(store, client_id, proposals, names, pattern, stamp, her_texts, result)
    _forget_offers(store, client_id, stamp, result)
    _forget_outbox(store, client_id, outbox, pattern, her_texts, result)
    _forget_audit(store, client_id, her_proposals, her_offers, her_keys, pattern, her_texts, result)
    _forget_alerts(store, client_id, result)
    _forget_cache(store, client_id, appointments, pattern, her_texts, result)
    _forget_kept_notes(store, her_proposals, pattern, result)
    _forget_prep_told(store, client_id, result)
    result.held["snapshot"] = _count(store, "SELECT COUNT(*) FROM snapshot WHERE client_id = ?", client_id)
    result.changed["snapshot"] = 0
    result.held["kept_updates"] = sum(
        1 for (told,) in db.execute("SELECT told FROM kept_updates").fetchall()
        if json.loads(told).get("client_id") == client_id
    )
    result.changed["kept_updates"] = 0
    result.opted_out = store.text_opted_out([client_id]) == {client_id}
    result.held["text_opt_outs"] = int(result.opted_out)
    result.changed["text_opt_outs"] = 0
    before = db.execute(
        "SELECT MAX(at) FROM audit WHERE action = ? AND subject_id = ?", [FORGET_ACTION, client_id]
    ).fetchone()
    result.forgotten_before = before[0] if before else None
    if result.changes_anything:
        store.audit(
            actor=by, action=FORGET_ACTION, subject_id=client_id,
            details={"changed": dict(result.changed), "cancelled": dict(result.cancelled),
                     "optOutKept": result.opted_out, "via": "spa-copilot forget"},
        )


def _count(store: Store, sql: str, *params: Any) -> int:
    return int(store.db.execute(sql, list(params)).fetchone()[0])


def _loads(text: str | None, empty: Any) -> Any:
    return json.loads(text) if text else empty


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)  # as the store writes its JSON columns


# -- what she is called -------------------------------------------------------------------------------------------


def _names(client_id: str, proposals: Iterable[Mapping[str, Any]], outbox: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every name the state file gives her: a card's first name, name with initial or short name, what a YES
    booked, a booking's first name."""
    names: set[str] = set()
    for row in proposals:
        for entry in [*_loads(row["candidates"], []), *_loads(row.get("flagged"), [])]:
            if entry.get("client_id") == client_id:
                names.update(str(entry.get(key) or "") for key in ("first_name", "name", "short_name"))
        booked = _loads(row.get("booked"), None)
        if isinstance(booked, dict) and booked.get("client_id") == client_id:
            names.add(str(booked.get("first_name") or ""))
    for row in outbox:
        payload = _loads(row["payload"], {})
        if _outbox_client(payload) == client_id:
            names.add(str(payload.get("first_name") or ""))
    return {name.strip() for name in names if name.strip() not in _NO_NAME}


def _name_pattern(names: set[str]) -> re.Pattern[str] | None:
    """Her names as whole words, longest first; a bare first name with an initial after it (``Ava S.``) too."""
    if not names:
        return None
    forms = []
    for name in sorted(names, key=len, reverse=True):
        form = re.escape(name)
        if " " not in name:
            form += r"(?: [A-Z]\.)?"
        forms.append(form)
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)")


def _scrub(value: Any, pattern: re.Pattern[str] | None) -> Any:
    """``value`` (text or decoded JSON) with her names replaced by ``FORGOTTEN``."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(FORGOTTEN, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _forgotten_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A card's entry for her (a candidate or a flagged guest): ids, service, therapist, times and score stay; her
    names and the reasons she was ranked (or flagged) go."""
    forgotten = dict(entry)
    for key in ("first_name", "name", "short_name", "flag_reason"):
        if forgotten.get(key):
            forgotten[key] = FORGOTTEN
    if forgotten.get("reasons"):
        forgotten["reasons"] = [FORGOTTEN]
    return forgotten


# -- per table ------------------------------------------------------------------------------------------------------


def _forget_proposals(
    store: Store, client_id: str, proposals: list[dict[str, Any]], names: set[str], pattern: re.Pattern[str] | None,
    stamp: str, her_texts: set[str], result: Forgotten,
) -> set[str]:
    """Her entries on every card that listed her; the draft, reason and reply summary only while the card is hers
    (its current guest is she, or what it booked was for her); the ids of those cards. A card's words about
    another guest are never touched, even where they say a name she shares."""
    hers: set[str] = set()
    changed = 0
    by_id = {row["id"]: row for row in proposals}
    for row in proposals:
        if (holder := _held_for_her(row, by_id.get(row.get("parent_id") or ""), client_id)) is not None:
            hers.add(row["id"])
            changed += _update_proposal(store, row, {"opening": holder}, stamp)
        candidates = _loads(row["candidates"], [])
        flagged = _loads(row.get("flagged"), [])
        booked = _loads(row.get("booked"), None)
        mine = [i for i, c in enumerate(candidates) if c.get("client_id") == client_id]
        booked_hers = isinstance(booked, dict) and booked.get("client_id") == client_id
        if not (mine or booked_hers or any(f.get("client_id") == client_id for f in flagged)):
            continue
        hers.add(row["id"])
        status, current = row["status"], row["current_index"]
        current_hers = current in mine
        about_her = current_hers or booked_hers  # the card's words (draft, reason, summary) were written for her
        new: dict[str, Any] = {}
        kept = [
            _forgotten_entry(c) if c.get("client_id") == client_id else c
            for i, c in enumerate(candidates)
            # a card still open no longer lists her after its current guest: nobody moves on to her
            if not (status in _LIVE and i > current and c.get("client_id") == client_id)
        ]
        new["candidates"] = _dumps(kept)
        new["flagged"] = _dumps([_forgotten_entry(f) if f.get("client_id") == client_id else f for f in flagged])
        if booked_hers:
            new["booked"] = _dumps({**booked, "first_name": FORGOTTEN})
        if current_hers and row.get("draft"):
            her_texts.add(row["draft"].strip())
            new["draft"] = FORGOTTEN
        opening = _loads(row["opening"], {})
        if row.get("kind") == "reply" and current_hers:
            # a reply card's summary and situation open with her name ("Reply to Ava: …", "Ava replied YES …"); the
            # guest the slot is held for, named after it, is another's
            new["opening"] = _dumps({**opening, **{
                key: _lead(opening[key], names, prefix)
                for key, prefix in (("summary", "Reply to "), ("situation", "")) if isinstance(opening.get(key), str)
            }})
        if row.get("reason") and about_her:
            new["reason"] = _scrub(row["reason"], pattern)
        if current_hers and status in _WAITING:  # a text drafted to her waits for Approve: the card closes
            new.update(status="expired", decided_by=None, decided_at=stamp,
                       reason=CLOSED_REASON.format(appointment=opening.get("appointment_id", "")),
                       revision=row["revision"] + 1)
            result.cancelled["cards"] += 1
        elif current_hers and status == "approved" and row.get("kind") == "reply":  # her reply text is not sent
            new.update(status="failed", reason=REPLY_NOT_SENT_REASON, revision=row["revision"] + 1)
        changed += _update_proposal(store, row, new, stamp)
        # what still says a name of hers on this card, not tied to her: another guest's, or nobody can tell
        after = {**row, **new}
        if pattern is not None and any(
            isinstance(after.get(key), str) and pattern.search(after[key]) for key in ("draft", "reason", "opening")
        ):
            result.left["proposals"] += 1
    result.held["proposals"] = len(hers)
    result.changed["proposals"] = changed
    return hers


def _update_proposal(store: Store, row: Mapping[str, Any], new: Mapping[str, Any], stamp: str) -> int:
    """Write the columns of ``new`` that say something else (1), marking the card for a redraw; or nothing (0)."""
    differs = {key: value for key, value in new.items() if _differs(row.get(key), value, key)}
    if not differs:
        return 0
    if row.get("ts"):
        differs["card_stale"] = 1  # the service redraws the Slack card from the row
    differs["updated_at"] = stamp
    sets = ", ".join(f"{key} = ?" for key in differs)
    store.db.execute(f"UPDATE proposals SET {sets} WHERE id = ?", [*differs.values(), row["id"]])  # noqa: S608
    return 1


def _held_for_her(row: Mapping[str, Any], parent: Mapping[str, Any] | None, client_id: str) -> str | None:
    """Another guest's reply card whose situation says the slot was held for her: its opening with that name (and
    only it) replaced, as JSON; else None. She is the holder when the name is what her fill card (the reply card's
    parent) called her, and called nobody else: a card calls two guests of one first name by name and initial."""
    # the card's own reading of HELD_FOR_TEXT, imported here: the fill package imports this module
    from spa_copilot.fill.card import _HELD_FOR

    if row.get("kind") != "reply" or parent is None:
        return None
    opening = _loads(row["opening"], {})
    situation = opening.get("situation")
    if not isinstance(situation, str) or (found := _HELD_FOR.search(situation)) is None:
        return None
    called: dict[str, set[str]] = {}
    for entry in _loads(parent["candidates"], []):
        called.setdefault(entry.get("name") or entry.get("first_name") or "", set()).add(entry.get("client_id") or "")
    if called.get(found["holder"]) != {client_id}:
        return None
    holder = found.span("holder")
    return _dumps({**opening, "situation": situation[:holder[0]] + FORGOTTEN + situation[holder[1]:]})


def _lead(text: str, names: set[str], prefix: str) -> str:
    """``text`` with the name of hers it opens with (after ``prefix``) replaced by ``FORGOTTEN``; the rest as is."""
    for name in sorted(names, key=len, reverse=True):
        if text.startswith(prefix + name) and not text[len(prefix + name):][:1].isalnum():
            return prefix + FORGOTTEN + text[len(prefix + name):]
    return text


def _differs(old: Any, new: Any, key: str) -> bool:
    """Whether a proposal column's new value says something else (JSON compared decoded, not by its spelling)."""
    if key in ("candidates", "flagged", "booked", "opening"):
        return _loads(old, None) != _loads(new, None)
    return old != new


def _forget_offers(store: Store, client_id: str, stamp: str, result: Forgotten) -> None:
    """Her offers still open end: approved (its text not out) ``failed``, sent or being booked ``expired``; each
    marked ended on request (``ended_on_request_key``), so the card moving on does not say she let it run out."""
    db = store.db
    result.held["offers"] = _count(store, "SELECT COUNT(*) FROM offers WHERE client_id = ?", client_id)
    ending = [row[0] for row in db.execute(
        "SELECT id FROM offers WHERE client_id = ? AND status IN ('approved', 'sent', 'accepting')", [client_id]
    ).fetchall()]
    failed = db.execute(
        "UPDATE offers SET status = 'failed', updated_at = ? WHERE client_id = ? AND status = 'approved'",
        [stamp, client_id],
    ).rowcount
    expired = db.execute(
        "UPDATE offers SET status = 'expired', updated_at = ? WHERE client_id = ? AND status IN ('sent', 'accepting')",
        [stamp, client_id],
    ).rowcount
    for offer_id in ending:
        store.claim_event(ended_on_request_key(offer_id), source="forget")
    result.changed["offers"] = failed + expired
    result.cancelled["offers"] = failed + expired


def _outbox_client(payload: Mapping[str, Any]) -> str | None:
    """The guest an outbox item is addressed to (a text) or books (a booking); None for anything else."""
    booking = payload.get("booking")
    return payload.get("client_id") or (booking.get("clientId") if isinstance(booking, dict) else None)


def _forget_outbox(
    store: Store, client_id: str, outbox: list[dict[str, Any]], pattern: re.Pattern[str] | None, her_texts: set[str],
    result: Forgotten,
) -> None:
    """The words of her texts and the first name of her bookings; what is still to go out to her, not sent."""
    held = changed = 0
    for row in outbox:
        payload = _loads(row["payload"], {})
        if _outbox_client(payload) != client_id:
            continue
        held += 1
        new_payload = _scrub(payload, pattern)
        message = new_payload.get("message")
        if isinstance(message, dict) and message.get("body"):
            if isinstance((payload.get("message") or {}).get("body"), str):
                her_texts.add(payload["message"]["body"].strip())
            new_payload["message"] = {**message, "body": FORGOTTEN}
        if new_payload.get("first_name"):
            new_payload["first_name"] = FORGOTTEN
        sets: dict[str, Any] = {}
        if new_payload != payload:
            sets["payload"] = _dumps(new_payload)
        if row["status"] in ("pending", "sending"):  # never sent after she is forgotten
            sets.update(status="failed", lease_until=None, last_error=FORGOTTEN_ERROR)
            result.cancelled["bookings" if "booking" in payload else "texts"] += 1
        if sets:
            columns = ", ".join(f"{key} = ?" for key in sets)
            store.db.execute(f"UPDATE outbox SET {columns} WHERE key = ?", [*sets.values(), row["key"]])  # noqa: S608
            changed += 1
    result.held["outbox"] = held
    result.changed["outbox"] = changed


def _forget_audit(
    store: Store, client_id: str, her_proposals: set[str], her_offers: set[str], her_keys: set[str],
    pattern: re.Pattern[str] | None, her_texts: set[str], result: Forgotten,
) -> None:
    """The audit rows about her: on her client id, by her (her replies), naming her client id, one of her offers or
    outbox items, or holding a card's text while it was addressed to her. In those, her texts and drafts, and her
    name wherever it is said. A row about another guest on a card that listed her is never touched, even where it
    says a name she shares. Who did what, when and on which id stays."""
    marks = ", ".join("?" * len(her_proposals))
    linked = f" OR subject_id IN ({marks})" if her_proposals else ""
    rows = store.db.query(
        "SELECT id, actor, action, subject_id, details FROM audit "  # noqa: S608
        f"WHERE subject_id = ? OR actor = ? OR instr(details, ?) > 0{linked} ORDER BY id",
        [client_id, f"client:{client_id}", client_id, *her_proposals],
    )
    current: dict[str, str | None] = {}  # per card: whose draft it held as the log went on
    held = changed = 0
    for row in rows:
        if row["action"] == FORGET_ACTION:
            continue
        details = _loads(row["details"], {})
        subject = row["subject_id"]
        about = _whose(row["action"], details, current.get(subject))
        if row["action"] in ("fill.proposed", "fill.next", "fill.reply_proposed"):
            current[subject] = about  # the card's drafted guest from here on
        named = details.get("clientId")
        hers = (
            about == client_id or subject == client_id or row["actor"] == f"client:{client_id}"
            or named == client_id
            or (named is None and (details.get("offerId") in her_offers or details.get("outboxKey") in her_keys))
        )
        if not hers:
            if pattern is not None and pattern.search(row["details"] or ""):
                result.left["audit"] += 1  # another guest's words, or nobody can tell: left as is
            continue
        held += 1
        new = _scrub(details, pattern)
        if about == client_id or named == client_id:
            her_texts.update(value.strip() for key, value in details.items() if key in _TEXT_KEYS and isinstance(value, str))
            new = {key: FORGOTTEN if key in _TEXT_KEYS and isinstance(value, str) and value else value
                   for key, value in new.items()}
        if new != details:
            store.db.execute("UPDATE audit SET details = ? WHERE id = ?", [_dumps(new), row["id"]])
            changed += 1
    result.held["audit"] = held
    result.changed["audit"] = changed


def _whose(action: str, details: Mapping[str, Any], current: str | None) -> str | None:
    """Whose text or draft an audit row holds: the client it names, the first candidate of a new card, else the
    card's current guest at that point of the log (an edit)."""
    if action == "fill.proposed":
        candidates = details.get("candidates") or []
        return candidates[0].get("clientId") if candidates else None
    return details.get("clientId") or current


def _forget_kept_notes(
    store: Store, her_proposals: set[str], pattern: re.Pattern[str] | None, result: Forgotten
) -> None:
    """The thread lines still waiting for Slack on a card that listed her, or naming her: deleted (never posted)."""
    doomed = [
        claim for claim, proposal_id, text in store.db.execute(
            "SELECT claim, proposal_id, text FROM kept_notes").fetchall()
        if proposal_id in her_proposals or (pattern is not None and pattern.search(text))
    ]
    for claim in doomed:
        store.db.execute("DELETE FROM kept_notes WHERE claim = ?", [claim])
    result.held["kept_notes"] = result.changed["kept_notes"] = len(doomed)


def _forget_prep_told(store: Store, client_id: str, result: Forgotten) -> None:
    doomed = [(appointment_id, staff_id)
              for appointment_id, staff_id, told in store.db.execute(
                  "SELECT appointment_id, staff_id, told FROM prep_told").fetchall()
              if json.loads(told).get("client_id") == client_id]
    for appointment_id, staff_id in doomed:
        store.db.execute("DELETE FROM prep_told WHERE appointment_id = ? AND staff_id = ?", [appointment_id, staff_id])
    result.held["prep_told"] = result.changed["prep_told"] = len(doomed)


def _forget_alerts(store: Store, client_id: str, result: Forgotten) -> None:
    """The words of the conflict cards about her bookings the snapshot still ties to her (a card names its guests)."""
    appointments = {row[0] for row in store.db.execute(
        "SELECT appointment_id FROM snapshot WHERE client_id = ?", [client_id]).fetchall()}
    for (told,) in store.db.execute("SELECT told FROM kept_updates").fetchall():
        kept = json.loads(told)
        if kept.get("client_id") == client_id:
            appointments.add(kept["appointment_id"])
    held = changed = 0
    if appointments:
        for row in store.db.query("SELECT key, view FROM alerts WHERE view IS NOT NULL"):
            view = json.loads(row["view"])
            if not appointments.intersection(view.get("appointmentIds") or ()):
                continue
            held += 1
            new = {**view, **{key: FORGOTTEN for key in ("detail", "fix") if view.get(key)}}
            if new != view:
                store.db.execute("UPDATE alerts SET view = ? WHERE key = ?", [_dumps(new), row["key"]])
                changed += 1
    result.held["alerts"] = held
    result.changed["alerts"] = changed


def _her_appointments(store: Store, client_id: str, proposals: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Every appointment id the state file ties to a guest, with whose: the calendar snapshot, the prep DMs kept,
    what a YES booked, and the audit rows naming both (``prep_summary.written`` on the client, ``fill.booked``)."""
    owners: dict[str, set[str]] = {}

    def tie(appointment: Any, client: Any) -> None:
        if appointment and client:
            owners.setdefault(str(appointment), set()).add(str(client))

    for appointment, client in store.db.execute("SELECT appointment_id, client_id FROM snapshot").fetchall():
        tie(appointment, client)
    for (told,) in store.db.execute("SELECT told FROM kept_updates").fetchall():
        kept = json.loads(told)
        tie(kept.get("appointment_id"), kept.get("client_id"))
    for row in proposals:
        booked = _loads(row.get("booked"), None)
        if isinstance(booked, dict):
            tie(booked.get("appointment_id"), booked.get("client_id"))
    for action, subject, details in store.db.execute(
        "SELECT action, subject_id, details FROM audit WHERE instr(details, '\"appointmentId\"') > 0"
    ).fetchall():
        found = _loads(details, {})
        tie(found.get("appointmentId"), subject if action == "prep_summary.written" else found.get("clientId"))
    return owners


#: Model tasks whose cached result is drawn from one guest's notes, and what their audit row's subject is.
_NOTES_TASKS = {"extract_profile": "client", "briefing_summary": "appointment"}


def _forget_cache(
    store: Store, client_id: str, owners: Mapping[str, set[str]], pattern: re.Pattern[str] | None, her_texts: set[str],
    result: Forgotten,
) -> None:
    """Cached model results drawn from her: the reading of her notes (``ai.extract_profile`` on her client id) and
    the summaries of her briefings (``ai.briefing_summary`` on one of her appointments), found by the key their
    audit row records (``inputsHash``); a draft whose words are a text to her, or that names her. Deleted, as are
    readings and summaries no audit row ties to any guest (they could be hers: it is only a cache, made again when
    needed). A reading or summary the audit ties to other guests only is kept."""
    subjects: dict[str, set[tuple[str, str]]] = {}  # cache key -> (task, subject) of the audit rows recording it
    for action, subject, details in store.db.execute(
        "SELECT action, subject_id, details FROM audit WHERE action IN (?, ?)", [f"ai.{t}" for t in _NOTES_TASKS]
    ).fetchall():
        key = _loads(details, {}).get("inputsHash")
        if key:
            subjects.setdefault(key, set()).add((action.removeprefix("ai."), subject))

    def owner_of(task: str, subject: str) -> set[str]:
        return {subject} if _NOTES_TASKS[task] == "client" else set(owners.get(subject, ()))

    hers: list[str] = []
    untied: list[str] = []
    for key, value, task in store.db.execute("SELECT key, value, task FROM llm_cache").fetchall():
        decoded = _loads(value, {}) if value.startswith("{") else {}
        text = decoded.get("text") if isinstance(decoded, dict) else None
        whose = set().union(*(owner_of(t, subject) for t, subject in subjects.get(key, ())))
        if client_id in whose:
            hers.append(key)
        elif whose:  # the audit ties it to other guests only: theirs, even where it says a name she shares
            continue
        elif (isinstance(text, str) and text.strip() in her_texts) or (pattern is not None and pattern.search(value)):
            hers.append(key)
        elif task in _NOTES_TASKS:
            untied.append(key)
    for key in [*hers, *untied]:
        store.db.execute("DELETE FROM llm_cache WHERE key = ?", [key])
    result.held["llm_cache"] = len(hers)
    result.cache_untied = len(untied)
    result.changed["llm_cache"] = len(hers) + len(untied)
