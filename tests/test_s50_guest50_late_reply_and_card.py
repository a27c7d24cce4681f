"""The reply to a late YES says she is still on the waitlist only while she is (probe50a M3), and a card whose model
draft was replaced says why in plain words, never the check's code (probe50a L1)."""

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistEntry, WaitlistStatus
from spa_copilot.fill.drafts import _too_late_text, replaced_because
from spa_copilot.fill.late_reply import _still_on_waitlist
from spa_copilot.platform.errors import PlatformError
from tests.fill_scene import eventually, proposed

TODAY = date(2026, 11, 24)
START = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))


class _Waitlist:
    def __init__(self, *entries: WaitlistEntry, down: bool = False) -> None:
        self.entries, self.down = list(entries), down

    async def list_waitlist(self, **_: Any) -> list[WaitlistEntry]:
        if self.down:
            raise PlatformError("down")
        return self.entries


def _entry(status: WaitlistStatus, last_day: date) -> WaitlistEntry:
    return WaitlistEntry(
        id="wl_1",
        location_id="loc_1",
        client_id="cl_1",
        date_from=date(2026, 11, 20),
        date_to=last_day,
        status=status,
        created_at=START,
    )


@pytest.mark.parametrize(
    ("platform", "entry_id", "still"),
    [
        (_Waitlist(_entry(WaitlistStatus.waiting, TODAY)), "wl_1", True),
        (_Waitlist(_entry(WaitlistStatus.offered, date(2026, 12, 1))), "wl_1", True),
        (_Waitlist(_entry(WaitlistStatus.cancelled, date(2026, 12, 1))), "wl_1", False),
        (_Waitlist(_entry(WaitlistStatus.booked, date(2026, 12, 1))), "wl_1", False),
        (_Waitlist(_entry(WaitlistStatus.waiting, date(2026, 11, 23))), "wl_1", False),  # its last day is past
        (_Waitlist(), "wl_1", False),  # gone from the spa system
        (_Waitlist(_entry(WaitlistStatus.waiting, TODAY)), None, False),  # she came from no entry
        (_Waitlist(_entry(WaitlistStatus.waiting, TODAY), down=True), "wl_1", False),  # not answering: nothing promised
    ],
)
async def test_still_on_the_waitlist(platform: _Waitlist, entry_id: str | None, still: bool) -> None:
    copilot = SimpleNamespace(platform=platform)
    assert await _still_on_waitlist(copilot, entry_id, location_id="loc_1", today=TODAY) is still  # type: ignore[arg-type]


@pytest.mark.parametrize("taken", [True, False])
def test_the_reply_without_the_waitlist_sentence(taken: bool) -> None:
    kept = _too_late_text("Ava", "Swedish Massage 60", START, taken=taken)
    left = _too_late_text("Ava", "Swedish Massage 60", START, taken=taken, waiting=False)
    assert (
        "still on our waitlist" in kept
        and "waitlist" not in left
        and left.endswith("your reply." if not taken else "taken.")
    )
    long = _too_late_text("Ava", "Swedish Massage 60 " * 16, START, taken=taken, waiting=False)  # the short form
    assert "waitlist" not in long and long.startswith("Hi Ava, thank you!")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_the_reply_to_a_late_yes_after_the_desk_removed_her(scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)  # the hold ran out
    spa = scene.world.spa
    spa.waitlist[first["entry_id"]] = spa.waitlist[first["entry_id"]].model_copy(
        update={"status": WaitlistStatus.cancelled}
    )
    offer = scene.store.latest_fill_offer(first["client_id"])
    await scene.reply(first["client_id"], "YES!")
    await eventually(lambda: scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None)
    draft = scene.store.fill_proposal_for(f"reply:{offer['id']}")["draft"]
    assert "ran out before your reply." in draft and "waitlist" not in draft, draft


@pytest.mark.parametrize(
    ("flags", "why"),
    [
        (["discount:20% off"], "it offered a discount"),
        (["healthTopic:you and baby"], "it spoke of the guest's health"),
        (["slackMarkup:<!here>"], "it held Slack markup"),
        (["holdAfterClaim:…"], "it got the hold wrong"),
        (["wrongTime:3 pm", "discount:free"], "it got the time wrong"),
        (["missing YES or the hold time"], "it left out the hold or the Reply YES"),
        (["someNewCheck:x"], "it did not pass the checks"),
    ],
)
def test_why_a_model_draft_was_replaced_in_plain_words(flags: list[str], why: str) -> None:
    said = replaced_because(flags)
    assert said == f"because {why}" and ":" not in said
