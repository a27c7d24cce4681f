"""An invitation's hold runs from when the text is sent, and a YES after it books nothing, so a draft must say the hold
as already running, before "Reply YES to claim" (5d3d60d turned the offline text so: "It's held for you for 10
minutes. Reply YES to claim it."). ``guardrails.invitation_hold_flags`` names a draft that promises the hold only
after the claim words ("…Reply YES to claim and we'll hold it for you for 10 minutes": ``holdAfterClaim``) or ties
its minutes to the guest's answer ("…yours for 10 minutes after you reply": ``holdFromReply``); good orders pass."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import InvitationInput, offline
from spa_copilot.ai.guardrails import audit_flags, invitation_hold_flags

OPENED = "Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm."


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("Reply YES to claim and we'll hold it for you for 10 minutes.", ["holdAfterClaim"]),
        ("Reply YES to claim; we'll hold it for 10 minutes.", ["holdAfterClaim"]),
        ("Reply YES to claim, we hold it for you for 10 minutes.", ["holdAfterClaim"]),
        ("Reply YES to claim. We will keep it 10 min.", ["holdAfterClaim"]),
        ("Reply YES to claim; it\u2019ll be held 10 minutes.", ["holdAfterClaim"]),
        ("Reply YES to claim; it's yours for 10 minutes.", ["holdAfterClaim"]),
        ("Reply YES to claim - it's yours for 10 minutes after you reply.", ["holdAfterClaim", "holdFromReply"]),
        ("It's yours for 10 minutes once you reply. Reply YES to claim.", ["holdFromReply"]),
        ("When you reply YES to claim, it's held for 10 minutes.", ["holdFromReply"]),
        ("Reply YES to claim: held 10 min as soon as you answer.", ["holdFromReply"]),
    ],
)
def test_a_hold_said_after_the_claim_or_from_the_reply_is_flagged(tail: str, expected: list[str]) -> None:
    assert invitation_hold_flags(f"{OPENED} {tail}", 10) == expected


@pytest.mark.parametrize(
    "tail",
    [
        "It's held for you for 10 minutes. Reply YES to claim it.",
        "We're holding it for the next 10 minutes — reply YES to claim",
        "Held for 10 minutes: Reply YES to claim",
        "We'll hold it for you for 10 minutes. Reply YES to claim.",
        "Reply YES to claim within 10 minutes; we'll save it for you.",
        "It's held for you for 10 minutes. Reply YES to claim it; we'll confirm once you reply.",
        "It's held for you for 10 minutes. Reply YES to claim it and we'll keep your 60 min massage.",  # not the hold
        "Reply YES to claim; held 10 min.",  # terse, tied to no answer: left as before (a known gap)
        "Reply YES to claim - we hold it 10 min, then it goes to the waitlist.",
    ],
)
def test_a_hold_said_as_running_passes(tail: str) -> None:
    assert invitation_hold_flags(f"{OPENED} {tail}", 10) == []


def test_the_hold_s_own_minutes_are_read() -> None:
    text = f"{OPENED} Reply YES to claim and we'll hold it for you for 15 minutes."
    assert invitation_hold_flags(text, 15) == ["holdAfterClaim"]
    assert invitation_hold_flags(text, 10) == []  # "10 min" missing is the required check's flag, not this one


@pytest.mark.parametrize("channel", ["sms", "email"])
@pytest.mark.parametrize("hold", [5, 10, 15])
def test_every_offline_invitation_passes(channel: str, hold: int) -> None:
    invite = InvitationInput(
        first_name="Maya", service_name="Deep Tissue Massage", channel=channel, hold_minutes=hold,
        starts_at=datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("America/Los_Angeles")), staff_first_name="Lena",
    )
    assert invitation_hold_flags(offline.invitation_text(invite, spa_name="Willow Spa"), hold) == []


def test_the_audit_keeps_the_flags_as_they_are() -> None:
    assert audit_flags(["holdAfterClaim", "holdFromReply"]) == ["holdAfterClaim", "holdFromReply"]
