"""s40 optout40: a staff member's ``/spa texts <client> stop`` (through the real Bolt app) has the consequences a
guest's own STOP has: the fill ranking leaves her out, and an approved text to her still waiting for texting hours is
dropped at once, the card moving on. And the card's thread tells the staff how to record an opt-out the reply reader
missed ("It's 6am. Make this stop" goes to a person), by the guest's id, unless the copilot recorded hers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, eventually, proposed
from tests.test_slack_payloads import shown, slash
from tests.texting_hours import NIGHT, OPENS
from tests.texting_hours import approve as _approve

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: The hint as a thread line's text (its notification: code marks left out) says it; its block keeps them.
HINT = "If they asked not to be texted: /spa texts {client_id} stop."


def _thread_blocks(scene: Scene) -> str:
    row = scene.proposal
    return "\n".join(json.dumps(m.blocks, ensure_ascii=False) for m in scene.world.slack.thread(row["channel"], row["ts"]))


def _waiting(scene: Scene, index: int) -> str:
    return scene.world.spa.waitlist[scene.entries[index]].client_id


async def test_a_guest_stopped_by_staff_is_left_out_of_the_ranking(scene: Scene) -> None:
    first = _waiting(scene, 0)  # waited longest: the card's first guest otherwise
    answer = shown(await slash(scene.world, f"texts {first} stop"))
    assert "Recorded" in answer, answer[:300]
    await proposed(scene)
    assert first not in [c["client_id"] for c in scene.proposal["candidates"]]
    assert scene.candidate(0)["client_id"] == _waiting(scene, 1)


async def test_a_stop_by_staff_drops_her_text_waiting_for_texting_hours(scene: Scene) -> None:
    scene.clock.current = NIGHT
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    assert (await _approve(scene)).ok and scene.proposal["status"] == "approved"
    scene.clock.current = NIGHT + timedelta(minutes=30)
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    assert "was not sent; the card moves on" in answer, answer[:400]
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1  # moved on at once, as after her own STOP
    assert "has opted out of text messages since the proposal was made; nothing was sent" in scene.thread_text()
    assert (await _approve(scene)).ok
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    assert [m.message.client_id for m in scene.world.spa.outbox] == [second["client_id"]]


async def test_an_unclear_reply_ends_with_how_to_record_her_opt_out(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "It's 6am. Make this stop")
    hint = HINT.format(client_id=first["client_id"])
    await eventually(lambda: hint in scene.thread_text())
    line = next(line for line in scene.thread_text().splitlines() if "That is not a yes or no" in line)
    assert line.endswith(hint), line
    assert f"`/spa texts {first['client_id']} stop`" in _thread_blocks(scene)
    assert not scene.store.text_opted_out([first["client_id"]])


async def test_a_longer_no_ends_with_the_hint_too(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "No thanks, I am away that week")
    hint = HINT.format(client_id=first["client_id"])
    await eventually(lambda: hint in scene.thread_text())
    assert any(line.endswith(hint) and "I am away that week" in line for line in scene.thread_text().splitlines())


async def test_no_hint_when_her_opt_out_was_recorded(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Stop. Save it for me")  # her opt-out, read beside a reply for a person
    await eventually(lambda: "They said STOP too" in scene.thread_text())
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert f"/spa texts {first['client_id']} stop" not in scene.thread_text()  # no hint to record what is recorded
    # the reader may misread an opt-out: the line says how a manager undoes it, by her id
    assert f"a manager can undo it: /spa texts {first['client_id']} start" in scene.thread_text().replace("`", "")
    asked = shown(await slash(scene.world, f"texts {first['client_id']}"))  # and the staff see it was her reply
    assert "is not offered openings by text: opted out since" in asked and "by their reply." in asked, asked[:400]


async def test_a_staff_stop_takes_her_open_offer_as_a_no_and_the_card_moves_on(scene: Scene) -> None:
    """rev40d M2: her own STOP declines her open offer and the card moves on; a staff stop held the slot for her until
    her hold ran out, and a YES after it still booked her."""
    from spa_copilot.fill.replies import STAFF_STOPPED_TEXT

    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    assert "taken as a no; the card moves on" in answer, answer[:400]
    assert scene.store.fill_offer(offer["id"])["status"] == "declined"
    await eventually(lambda: scene.proposal["current_index"] == 1)
    line = STAFF_STOPPED_TEXT.format(first_name=first["first_name"])
    assert scene.thread_text().count(line) == 1
    await slash(scene.world, f"texts {first['client_id']} stop")  # again: nothing more
    assert scene.thread_text().count(line) == 1


async def test_her_yes_after_a_staff_stop_is_not_told_as_a_no_she_said(scene: Scene) -> None:
    """rev40e L: her YES after a staff stop took her offer as a no was told "said no earlier": she never did."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await slash(scene.world, f"texts {first['client_id']} stop")
    await scene.reply(first["client_id"], "YES")
    told = f"{first['first_name']}'s offer was taken as a no when staff recorded their opt-out, and they have now replied YES"
    await eventually(lambda: told in scene.thread_text())
    assert "said no earlier" not in scene.thread_text()
