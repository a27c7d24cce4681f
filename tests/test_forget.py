"""``spa-copilot forget CLIENT_ID``: a guest's erasure request honoured in the state file too.

What named or described her (her first name on cards, the words of the texts sent to her, the reasons she was
ranked, a conflict card's words) is replaced with "(forgotten)"; ids and rows stay, so who approved what and when,
and what was already sent, still stand; what was still to go out to her never does; her STOP is kept. The scenes
are the fill workflow's (``tests/fill_scene.py``) on a real SQLite file, driven through the real code paths.
"""

from __future__ import annotations

import getpass
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.cli import main
from spa_copilot.fill.moving_on import WITHDRAWN_NOTE
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.store import SnapshotRow, Store
from spa_copilot.store.forget import FORGET_ACTION, FORGOTTEN, forget_client
from spa_copilot.store.single_user import hold_database
from tests.conftest import NOW, FakeClock, migrated_store
from tests.fill_scene import Scene, eventually, proposed
from tests.texting_hours import NIGHT, OPENS, approved_at_night, late_yes_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as the file holds it."""
    tables = [name for (name,) in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()]
    return {table: [dict(row) for row in store.db.query(f"SELECT * FROM {table} ORDER BY rowid")]  # noqa: S608
            for table in tables}


def named(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def rows_naming(store: Store, words: str) -> list[str]:
    """``table: row`` for each row that still holds ``words`` (as whole words)."""
    return [f"{table}: {row}" for table, rows in dump(store).items() for row in rows
            if named(json.dumps(row, ensure_ascii=False), words)]


def about(row: dict[str, Any], *needles: str) -> bool:
    text = json.dumps(row, ensure_ascii=False)
    return any(needle in text for needle in needles)


async def test_forgetting_a_booked_guest_leaves_nothing_naming_her_and_keeps_who_approved_what(scene: Scene) -> None:
    await proposed(scene)
    her, other = scene.candidate(0), scene.candidate(1)
    pid = scene.proposal["id"]
    await scene.approve_and_wait()
    [sms] = scene.world.spa.outbox
    await scene.reply(her["client_id"], "Yes please!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    await scene.reply(her["client_id"], "STOP")
    await eventually(lambda: scene.store.text_opted_out([her["client_id"]]) == {her["client_id"]})
    store = scene.store
    # one of her bookings in the calendar window, with a conflict card naming her, and a cached draft to her
    store.save_snapshot([SnapshotRow("ap_hers", scene.target.location_id, her["client_id"], "confirmed",
                                     NOW.isoformat(), (NOW + timedelta(hours=1)).isoformat(), ("st_1",), (), ("sv_1",), 1)])
    store.save_alert("conflict:hers", at=NOW, kind="double_booking", location_id=scene.target.location_id,
                     day="2026-11-24", fingerprint="f", status="open",
                     view={"kind": "double_booking", "title": "Staff double-booked", "appointmentIds": ["ap_hers", "ap_x"],
                           "detail": f"Swedish Massage 10:00am–11:00am ({her['first_name']} S.) overlaps a facial",
                           "fix": f"Move {her['first_name']} S.'s booking"})
    store.cache_put("k_hers", json.dumps({"text": f"Hi {her['first_name']}, a slot opened"}), task="invitation", model="m")
    store.cache_put("k_other", json.dumps({"text": f"Hi {other['first_name']}, a slot opened"}), task="invitation", model="m")
    assert rows_naming(store, her["first_name"]), "the scene names her before she is forgotten"
    before = dump(store)

    done = forget_client(store, her["client_id"], by="Dana")

    assert rows_naming(store, her["first_name"]) == []
    assert not any(sms.message.body in json.dumps(row, ensure_ascii=False) for rows in dump(store).values() for row in rows)
    assert done.changed["proposals"] == 1 and done.changed["audit"] >= 2 and done.changed["alerts"] == 1
    assert done.changed["llm_cache"] == 1 and store.cache_get("k_other") is not None
    assert done.cancelled == {"texts": 0, "bookings": 0, "offers": 0, "cards": 0}  # nothing was pending
    # governance and idempotency hold: the rows, ids, approver, times and statuses stay
    row = scene.proposal
    assert row["id"] == pid and row["status"] == "booked" and row["decided_by"] == scene.world.manager_id
    assert row["candidates"][0]["client_id"] == her["client_id"] and row["candidates"][0]["first_name"] == FORGOTTEN
    assert row["candidates"][0]["reasons"] == [FORGOTTEN] and row["booked"]["first_name"] == FORGOTTEN
    assert row["booked"]["client_id"] == her["client_id"] and row["booked"]["appointment_id"]
    assert row["candidates"][1] == before_candidates(before, pid)[1]  # another guest's entry untouched
    item = store.outbox_item(sms.idempotency_key)
    assert item is not None and item.status == "sent" and item.payload["message"]["body"] == FORGOTTEN
    assert item.payload["message"]["approvedBy"] == scene.world.manager_id
    approved = [e for e in store.recent_audit(50) if e.action == "fill.approved"]
    assert approved and approved[0].actor == scene.world.manager_id and approved[0].details["text"] == FORGOTTEN
    # her STOP is still honoured
    assert store.text_opted_out([her["client_id"]]) == {her["client_id"]}
    # one audit row says it, with no name in it
    [entry] = [e for e in store.recent_audit(50) if e.action == FORGET_ACTION]
    assert entry.actor == "Dana" and entry.subject_id == her["client_id"] and entry.details["optOutKept"] is True
    assert not named(json.dumps(entry.details), her["first_name"])
    # rows about nobody she is tied to are as they were
    after = dump(store)
    for table, rows in before.items():
        for row_before in rows:
            if not about(row_before, her["client_id"], her["first_name"], "ap_hers", pid):
                assert row_before in after[table], (table, row_before)

    # twice: nothing changes the second time
    again = forget_client(store, her["client_id"], by="Dana")
    assert not again.changes_anything and again.held_anything
    assert dump(store) == after

    # the service, running again, redraws the card in Slack from the row: it names her no more
    assert named(scene.card_text(), her["first_name"]) and scene.proposal["card_stale"] == 1
    await fill.expire_offers(scene.copilot)
    assert not named(scene.card_text(), her["first_name"]) and "Booked" in scene.card_text()
    assert named(scene.card_text(), other["first_name"])


def before_candidates(before: dict[str, list[dict[str, Any]]], pid: str) -> list[dict[str, Any]]:
    [row] = [r for r in before["proposals"] if r["id"] == pid]
    return json.loads(row["candidates"])


async def test_a_card_waiting_for_approval_with_a_text_to_her_closes_and_approve_sends_nothing(scene: Scene) -> None:
    await proposed(scene)
    her = scene.candidate(0)
    row = scene.proposal
    assert named(scene.card_text(), her["first_name"])

    done = forget_client(scene.store, her["client_id"], by="Dana")

    assert done.cancelled["cards"] == 1
    closed = scene.proposal
    assert closed["status"] == "expired" and closed["draft"] == FORGOTTEN and closed["revision"] == row["revision"] + 1
    assert "forgotten on request" in closed["reason"] and f"/spa fill {scene.target.id}" in closed["reason"]
    assert closed["card_stale"] == 1  # the service redraws its Slack card
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert not result.ok and scene.sent() == []
    await fill.expire_offers(scene.copilot)  # the redraw: the card in Slack names her no more, and has no Approve
    assert not named(scene.card_text(), her["first_name"]) and scene.proposal["card_stale"] == 0
    assert scene.sent() == []


async def test_a_card_open_for_someone_else_no_longer_lists_her_after_its_current_guest(scene: Scene) -> None:
    await proposed(scene)
    first, her, third = scene.candidate(0), scene.candidate(1), scene.candidate(2)
    row = scene.proposal

    done = forget_client(scene.store, her["client_id"], by="Dana")

    assert done.cancelled == {"texts": 0, "bookings": 0, "offers": 0, "cards": 0}
    kept = scene.proposal
    assert kept["status"] == "pending" and kept["revision"] == row["revision"] and kept["draft"] == row["draft"]
    assert [c["client_id"] for c in kept["candidates"]] == [first["client_id"], third["client_id"]]
    assert kept["candidates"] == [first, third]
    # the card moves on from its first guest to the third, never to her
    result = await fill.next_candidate(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok and scene.proposal["candidates"][scene.proposal["current_index"]]["client_id"] == third["client_id"]


async def test_an_offer_sent_to_her_ends_her_yes_books_nothing_and_the_card_moves_on(scene: Scene) -> None:
    await proposed(scene)
    her, second = scene.candidate(0), scene.candidate(1)
    await scene.approve_and_wait()

    done = forget_client(scene.store, her["client_id"], by="Dana")

    assert done.cancelled["offers"] == 1
    offer = scene.store.latest_fill_offer(her["client_id"])
    assert offer is not None and offer["status"] == "expired" and offer["approved_by"] == scene.world.manager_id
    await scene.reply(her["client_id"], "YES")
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.bookings_for(her["client_id"]) == []
    moved = scene.proposal
    assert moved["status"] == "pending" and moved["candidates"][moved["current_index"]]["client_id"] == second["client_id"]
    assert rows_naming(scene.store, her["first_name"]) == []


async def test_a_reply_to_her_late_yes_waiting_for_a_manager_closes_naming_her_nowhere(scene: Scene) -> None:
    her, reply = await late_yes_reply(scene)
    assert named(reply["opening"]["summary"], her["first_name"]) and named(reply["draft"], her["first_name"])

    done = forget_client(scene.store, her["client_id"], by="Dana")

    assert done.cancelled["cards"] == 1
    closed = scene.store.fill_proposal(reply["id"])
    assert closed is not None and closed["status"] == "expired" and closed["kind"] == "reply"
    assert closed["draft"] == FORGOTTEN and closed["opening"]["summary"] == f"Reply to {FORGOTTEN}: the hold ran out"
    result = await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert not result.ok
    await fill.redrive_outbox(scene.copilot)
    assert len([m for m in scene.sent() if m["clientId"] == her["client_id"]]) == 1  # the offer's text, before
    assert rows_naming(scene.store, her["first_name"]) == []


async def test_an_approved_reply_to_her_waiting_for_texting_hours_is_never_sent(scene: Scene) -> None:
    her, reply = await late_yes_reply(scene)
    scene.clock.current = OPENS + timedelta(hours=14)  # 10:00pm in New York: texting has closed
    result = await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert result.ok and scene.store.fill_proposal(reply["id"])["status"] == "approved"  # type: ignore[index]
    texts_before = len(scene.sent())

    done = forget_client(scene.store, her["client_id"], by="Dana")

    assert done.cancelled["texts"] == 1
    failed = scene.store.fill_proposal(reply["id"])
    assert failed is not None and failed["status"] == "failed" and failed["decided_by"] == scene.world.manager_id
    scene.clock.current = OPENS + timedelta(days=1)  # texting opens the next morning
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert len(scene.sent()) == texts_before
    assert rows_naming(scene.store, her["first_name"]) == []


async def test_another_guest_sharing_her_first_name_keeps_every_record_of_theirs(scene: Scene) -> None:
    """The next guest on her card has her first name: their text, the card's reason and what their YES booked are
    theirs, and stay word for word; only what was hers changes."""
    spa = scene.world.spa
    ids = [spa.waitlist[e].client_id for e in scene.entries]
    shared = spa.clients[ids[0]].first_name
    spa.clients[ids[1]] = spa.clients[ids[1]].model_copy(update={"first_name": shared})
    await proposed(scene)
    her, other = scene.candidate(0), scene.candidate(1)
    assert her["first_name"] == other["first_name"] == shared
    await scene.approve_and_wait()
    [her_sms] = scene.world.spa.outbox
    await scene.reply(her["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["status"] == "pending"
                     and scene.proposal["candidates"][scene.proposal["current_index"]]["client_id"] == other["client_id"])
    await scene.approve_and_wait()
    await scene.reply(other["client_id"], "Yes please!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    store = scene.store
    # a cached summary of the other guest's briefing, tied to them by its audit row: theirs, kept
    store.save_snapshot([SnapshotRow("ap_theirs", scene.target.location_id, other["client_id"], "confirmed",
                                     NOW.isoformat(), (NOW + timedelta(hours=1)).isoformat(), ("st_1",), (), ("sv_1",), 1)])
    store.cache_put("k_theirs", json.dumps({"text": f"{shared} likes firm pressure"}), task="briefing_summary", model="m")
    store.audit(actor="ai", action="ai.briefing_summary", subject_id="ap_theirs",
                details={"task": "briefing_summary", "inputsHash": "k_theirs", "cached": False, "aiGenerated": True})
    before = dump(store)
    row_before = scene.proposal
    assert named(row_before["reason"], shared) and row_before["booked"]["client_id"] == other["client_id"]
    theirs = [r for r in before["audit"] if json.loads(r["details"]).get("clientId") == other["client_id"]]
    assert any(r["action"] == "fill.sent" and named(r["details"], shared) for r in theirs)

    done = forget_client(store, her["client_id"], by="Dana")

    after = dump(store)
    for r in theirs:  # every audit row about the other guest, word for word
        assert r in after["audit"], r
    row = scene.proposal
    assert row["reason"] == row_before["reason"] and row["booked"] == row_before["booked"]
    assert row["draft"] == row_before["draft"] and row["opening"] == row_before["opening"]
    assert row["candidates"][1] == row_before["candidates"][1]
    assert row["candidates"][0]["first_name"] == FORGOTTEN and row["candidates"][0]["client_id"] == her["client_id"]
    their_items = [r for r in before["outbox"] if other["client_id"] in r["payload"]]
    assert their_items and all(r in after["outbox"] for r in their_items)
    # hers is gone: the text to her, in the outbox and the audit
    assert not any(her_sms.message.body in json.dumps(r, ensure_ascii=False) for rows in after.values() for r in rows
                   if other["client_id"] not in json.dumps(r))
    assert store.outbox_item(her_sms.idempotency_key).payload["message"]["body"] == FORGOTTEN  # type: ignore[union-attr]
    hers_sent = [r for r in after["audit"] if r["action"] == "fill.sent" and her["client_id"] in r["details"]]
    assert hers_sent and all(json.loads(r["details"])["text"] == FORGOTTEN for r in hers_sent)
    assert done.left["proposals"] == 1  # the card's reason says her first name, about the other guest: said, kept
    assert store.cache_get("k_theirs") is not None


async def test_another_guests_late_reply_card_says_the_slot_was_held_for_her_without_her_name(scene: Scene) -> None:
    """The first guest's hold ran out, the slot went to her, and the first guest's YES came late: their reply card
    is theirs (its summary, draft and the rest keep their words), but where it says the slot is held for her, her
    name goes."""
    await proposed(scene)
    first, her = scene.candidate(0), scene.candidate(1)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)  # the first guest's hold ran out: the card moves on to her
    await eventually(lambda: scene.proposal["status"] == "pending")
    await scene.approve_and_wait()
    offer = scene.store.latest_fill_offer(first["client_id"])
    await scene.reply(first["client_id"], "YES")
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")  # type: ignore[index]
    assert reply is not None and f"held for {her['first_name']}, who was texted" in reply["opening"]["situation"]

    forget_client(scene.store, her["client_id"], by="Dana")

    after = scene.store.fill_proposal(reply["id"])
    assert after is not None
    assert after["opening"]["situation"] == reply["opening"]["situation"].replace(
        f"held for {her['first_name']},", f"held for {FORGOTTEN},")
    assert after["opening"]["summary"] == reply["opening"]["summary"] and named(after["opening"]["summary"], first["first_name"])
    assert after["draft"] == reply["draft"] and after["candidates"] == reply["candidates"]
    assert rows_naming(scene.store, her["first_name"]) == []


def test_words_naming_her_first_name_are_changed_only_in_what_is_hers(in_tmp: Path, capsys) -> None:
    """A hyphenated name, a service and a therapist spelled like her first name, on a card about another guest, and
    an edit of a draft to another guest: none is hers, none changes."""
    store = migrated_store(in_tmp / "state.db")
    opening = {"appointment_id": "ap_1", "location_id": "loc_1", "start": NOW.isoformat(),
               "end": (NOW + timedelta(hours=1)).isoformat(), "time_zone": "America/New_York", "summary": "Rose Quartz Facial"}
    candidates = [
        {"client_id": "cl_her", "entry_id": "wl_1", "first_name": "Rose", "reasons": ["waiting"], "score": 0.9},
        {"client_id": "cl_mei", "entry_id": "wl_2", "first_name": "Mei-Ling", "reasons": ["waiting"], "score": 0.5},
    ]
    other_draft = "Hi Mei-Ling, a Rose Quartz Facial opened at 11:00am with Rose. Reply YES to claim it."
    store.create_fill_proposal("fp_1", appointment_id="ap_1", location_id="loc_1", status="pending", opening=opening,
                               candidates=candidates, at=NOW, draft=other_draft, draft_engine="offline")
    store.update_fill_proposal("fp_1", at=NOW, current_index=1)
    store.audit(actor="copilot", action="fill.proposed", subject_id="fp_1",
                details={"candidates": [{"clientId": "cl_her"}, {"clientId": "cl_mei"}], "draft": "Hi Rose, …"})
    store.audit(actor="copilot", action="fill.next", subject_id="fp_1", details={"clientId": "cl_mei", "draft": other_draft})
    store.audit(actor="U0MANAGER", action="fill.edited", subject_id="fp_1",
                details={"before": other_draft, "text": other_draft + " With Rose."})
    before = dump(store)
    store.close()

    assert main(["forget", "cl_her", "--yes"]) == 0

    assert ("Left as is: 3 rows (proposals: 1, audit: 2) saying a name of hers, but written about another guest or not "
            "tied to her for certain") in capsys.readouterr().out
    store = opened(in_tmp / "state.db")
    after = dump(store)
    [proposed_row, next_row, edited_row] = after["audit"][:3]
    assert json.loads(proposed_row["details"])["draft"] == FORGOTTEN  # the draft to her
    assert next_row == before["audit"][1] and edited_row == before["audit"][2]
    row = store.fill_proposal("fp_1")
    assert row is not None and row["draft"] == other_draft and row["opening"]["summary"] == "Rose Quartz Facial"
    assert row["candidates"][0]["first_name"] == FORGOTTEN and row["candidates"][1]["first_name"] == "Mei-Ling"
    store.close()


def test_cached_model_results_drawn_from_her_notes_go_by_their_audited_keys(in_tmp: Path, capsys) -> None:
    """A guest never on a fill card: the reading of her notes and the summary of her briefing, cached under a hash
    of the prompt (no id, no name of a card), are found by the keys their audit rows record, and deleted."""
    path = in_tmp / "state.db"
    store = migrated_store(path)
    store.save_snapshot([SnapshotRow("ap_hers", "loc_1", "cl_wil", "confirmed", NOW.isoformat(),
                                     (NOW + timedelta(hours=1)).isoformat(), ("st_1",), (), ("sv_1",), 1),
                         SnapshotRow("ap_theirs", "loc_1", "cl_other", "confirmed", NOW.isoformat(),
                                     (NOW + timedelta(hours=1)).isoformat(), ("st_2",), (), ("sv_1",), 1)])
    cached = {
        "k_notes": ("extract_profile", "cl_wil", {"allergies": [{"value": "nut oil", "evidence": "Severe nut allergy"}]}),
        "k_brief": ("briefing_summary", "ap_hers", {"text": "A regular; firm pressure on her lower back."}),
        "k_past": ("briefing_summary", "ap_gone", {"text": "Prefers a quiet room."}),  # her past visit, left the snapshot
        "k_other_notes": ("extract_profile", "cl_other", {"allergies": []}),
        "k_other_brief": ("briefing_summary", "ap_theirs", {"text": "Likes hot stones."}),
    }
    for key, (task, subject, value) in cached.items():
        store.cache_put(key, json.dumps(value), task=task, model="gpt")
        store.audit(actor="ai", action=f"ai.{task}", subject_id=subject,
                    details={"task": task, "inputsHash": key, "cached": False, "aiGenerated": True})
    store.cache_put("k_unaudited", json.dumps({"text": "Nut allergy; EpiPen in bag."}), task="briefing_summary", model="gpt")
    store.close()

    assert main(["forget", "cl_wil", "--yes"]) == 0

    out = capsys.readouterr().out
    assert "Nothing" not in out.splitlines()[0]
    [line] = [line for line in out.splitlines() if line.startswith("llm_cache: ")]
    assert line.startswith("llm_cache: 2 cached model results drawn from her deleted (")
    assert line.endswith(", and 2 more that no audit row ties to any guest (they could be hers; only a cache, made "
                         "again when needed)")
    store = opened(path)
    left = {key for (key,) in store.db.execute("SELECT key FROM llm_cache").fetchall()}
    assert left == {"k_other_notes", "k_other_brief"}  # the audit ties them to another guest only
    store.close()
    # twice: nothing is left to forget
    assert main(["forget", "cl_wil", "--yes"]) == 0
    assert "Nothing left to forget about client cl_wil" in capsys.readouterr().out


async def test_her_yes_being_booked_when_forgotten_ends_with_a_neutral_note_not_a_silence(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Her YES's booking waits in the outbox (the spa system down) when she is forgotten: the card moves on saying
    the offer was withdrawn, not that she did not answer, and with no name."""
    await proposed(scene)
    her, offer = await scene.first_offer_sent()
    second = scene.candidate(1)
    platform = scene.copilot.platform

    async def down(*args: Any, **kwargs: Any) -> Any:
        raise PlatformUnavailable("POST /v1/appointments: ConnectError after 4 attempts")

    real_book = platform.book_appointment
    monkeypatch.setattr(platform, "book_appointment", down)
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="inmsg_1")
    await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    assert scene.store.fill_offer(offer["id"])["status"] == "accepting"  # type: ignore[index]

    done = forget_client(scene.store, her["client_id"], by="Dana")

    assert done.cancelled["bookings"] == 1 and done.cancelled["offers"] == 1
    monkeypatch.setattr(platform, "book_appointment", real_book)
    for minutes in (1, 10):
        scene.clock.current = scene.clock.current + timedelta(minutes=minutes)
        await fill.redrive_outbox(scene.copilot)
        await fill.expire_offers(scene.copilot)
    moved = scene.proposal
    assert moved["status"] == "pending" and moved["candidates"][moved["current_index"]]["client_id"] == second["client_id"]
    thread = scene.thread_text()
    assert WITHDRAWN_NOTE in thread and "did not answer" not in thread
    assert scene.bookings_for(her["client_id"]) == [] and rows_naming(scene.store, her["first_name"]) == []


class TestAtNight:
    """The fill scene at 4:15am in New York: an Approve's text waits for texting to open at 8:00am."""

    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock(NIGHT)

    async def test_a_text_to_her_waiting_in_the_outbox_is_never_sent(self, scene: Scene) -> None:
        row = await approved_at_night(scene)
        her, second = row["candidates"][0], row["candidates"][1]
        key = f"fill:{row['id']}:sms:0"
        item = scene.store.outbox_item(key)
        assert item is not None and item.status == "pending"

        done = forget_client(scene.store, her["client_id"], by="Dana")

        assert done.cancelled == {"texts": 1, "bookings": 0, "offers": 1, "cards": 0}
        item = scene.store.outbox_item(key)
        assert item is not None and item.status == "failed" and item.payload["message"]["body"] == FORGOTTEN
        scene.clock.current = OPENS
        await fill.redrive_outbox(scene.copilot)
        await fill.expire_offers(scene.copilot)
        await fill.redrive_outbox(scene.copilot)
        assert [m for m in scene.sent() if m["clientId"] == her["client_id"]] == []
        assert scene.store.outbox_item(key).status == "failed"  # type: ignore[union-attr]
        moved = scene.proposal  # the card moved on to its next guest, as after an opt-out
        assert moved["status"] == "pending"
        assert moved["candidates"][moved["current_index"]]["client_id"] == second["client_id"]
        assert rows_naming(scene.store, her["first_name"]) == []


# ---- the command ---------------------------------------------------------------------------------------------------

HER, OTHER = "Wilhelmina", "Bartholomew"
HER_TEXT = f"Hi {HER}, a Swedish Massage 60 just opened at 11:00am today with Priya. Reply YES to book it."


def seeded(path: Path) -> None:
    """A state file with a card offering a slot to her (approved, its text waiting) and listing another guest."""
    store = migrated_store(path)
    opening = {"appointment_id": "ap_1", "location_id": "loc_1", "start": (NOW + timedelta(hours=3)).isoformat(),
               "end": (NOW + timedelta(hours=4)).isoformat(), "time_zone": "America/New_York", "summary": "Swedish 60"}
    candidates = [
        {"client_id": "cl_her", "entry_id": "wl_1", "first_name": HER, "reasons": ["waiting 20 days"], "score": 0.9},
        {"client_id": "cl_other", "entry_id": "wl_2", "first_name": OTHER, "reasons": ["waiting 3 days"], "score": 0.5},
    ]
    store.create_fill_proposal("fp_1", appointment_id="ap_1", location_id="loc_1", status="pending", opening=opening,
                               candidates=candidates, at=NOW, draft=HER_TEXT, draft_engine="offline")
    message = {"body": HER_TEXT, "channel": "sms", "purpose": "transactional", "approvedBy": "U0MANAGER", "aiGenerated": True}
    store.record_fill_approval(
        "fp_1", revision=0, approved_by="U0MANAGER", at=NOW, outbox_key="fill:fp_1:sms:0", outbox_kind="fill.sms",
        payload={"client_id": "cl_her", "message": message, "proposal_id": "fp_1", "offer_id": "of_fp_1_0", "entry_id": "wl_1"},
        offer={"id": "of_fp_1_0", "client_id": "cl_her", "waitlist_entry_id": "wl_1"},
    )
    store.audit(actor="U0MANAGER", action="fill.approved", subject_id="fp_1",
                details={"clientId": "cl_her", "text": HER_TEXT, "outboxKey": "fill:fp_1:sms:0"})
    store.record_text_opt_out("cl_her", at=NOW)
    store.close()


@pytest.fixture
def state(in_tmp: Path) -> Path:
    path = in_tmp / "state.db"
    seeded(path)
    return path


def opened(path: Path) -> Store:
    return Store.open(path)


def test_forget_with_yes_prints_a_line_per_table_and_ends_with_mangomint(state: Path, capsys) -> None:
    assert main(["forget", "cl_her", "--yes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for table in ("proposals", "offers", "outbox", "audit", "alerts", "llm_cache", "snapshot", "kept_updates",
                  "text_opt_outs"):
        assert any(line.startswith(f"{table}: ") for line in lines), table
    assert "proposals: 1 row changed" in lines and "offers: 1 row changed" in lines and "outbox: 1 row changed" in lines
    assert any(line.startswith("text_opt_outs: kept") and "STOP" in line for line in lines)
    assert any(line.startswith("Cancelled") and "1 text," in line and "1 open offer" in line for line in lines)
    assert "Mangomint" in lines[-1] and "erase" in lines[-1]
    assert not any(HER in line for line in lines)
    store = opened(state)
    assert rows_naming(store, HER) == [] and rows_naming(store, OTHER) != []
    assert not any(HER_TEXT in json.dumps(r) for rows in dump(store).values() for r in rows)
    item = store.outbox_item("fill:fp_1:sms:0")
    assert item is not None and item.status == "failed"
    assert store.text_opted_out(["cl_her"]) == {"cl_her"}
    [entry] = [e for e in store.recent_audit(10) if e.action == FORGET_ACTION]
    assert entry.actor == getpass.getuser() and entry.subject_id == "cl_her"
    store.close()


def test_forget_asks_first_and_no_changes_nothing(state: Path, capsys, monkeypatch) -> None:
    store = opened(state)
    before = dump(store)
    store.close()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("n\n"))
    assert main(["forget", "cl_her"]) == 1
    out = capsys.readouterr().out
    assert "cannot be undone" in out and "Nothing changed." in out
    store = opened(state)
    assert dump(store) == before
    store.close()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))  # no answer at all is no too
    assert main(["forget", "cl_her"]) == 1
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("yes\n"))
    assert main(["forget", "cl_her", "--by", "Dana"]) == 0
    store = opened(state)
    assert rows_naming(store, HER) == []
    assert [e.actor for e in store.recent_audit(10) if e.action == FORGET_ACTION] == ["Dana"]
    store.close()


def test_forget_twice_changes_nothing_the_second_time(state: Path, capsys) -> None:
    assert main(["forget", "cl_her", "--yes"]) == 0
    store = opened(state)
    after = dump(store)
    store.close()
    capsys.readouterr()
    assert main(["forget", "cl_her", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Nothing left to forget about client cl_her" in out and "nothing changed" in out
    store = opened(state)
    assert dump(store) == after
    store.close()


def test_an_unknown_id_says_nothing_was_held(state: Path, capsys) -> None:
    store = opened(state)
    before = dump(store)
    store.close()
    assert main(["forget", "cl_nobody"]) == 0  # nothing to ask about
    out = capsys.readouterr().out
    assert out.startswith("Nothing held about client cl_nobody")
    store = opened(state)
    assert dump(store) == before
    store.close()


def test_no_state_database_fails_naming_the_path_and_creates_none(in_tmp: Path, capsys) -> None:
    """Run from another folder than the service's, forget finds no database: an erasure script must not take that
    for success (exit 1), and the line names the whole path it looked at."""
    assert main(["forget", "cl_her", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "nothing was erased" in err and str((in_tmp / "state.db").resolve()) in err
    assert not (in_tmp / "state.db").exists()


@pytest.mark.parametrize("client_id", ["", "   "])
def test_a_missing_id_is_one_usage_line_and_exit_2(state: Path, client_id: str, capsys) -> None:
    assert main(["forget", client_id, "--yes"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        "spa-copilot: forget needs a client id: spa-copilot forget CLIENT_ID [--yes] [--by NAME]"]


def test_while_the_service_holds_the_database_it_says_stop_it_first(state: Path, capsys) -> None:
    lock = hold_database(state)
    try:
        assert main(["forget", "cl_her", "--yes"]) == 2
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert "in use by a running spa-copilot: stop the service first" in err and len(err.strip().splitlines()) == 1
    store = opened(state)
    assert rows_naming(store, HER) != []  # nothing was changed
    store.close()


def test_forget_has_help(capsys) -> None:
    from spa_copilot.cli import build_parser

    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["forget", "--help"])
    assert exit_info.value.code == 0
    assert "--yes" in capsys.readouterr().out
