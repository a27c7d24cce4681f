"""A model's invitation saying its hold after "Reply YES to claim" ("…and we'll hold it for you for 10 minutes") or from
the guest's answer ("…yours for 10 minutes after you reply") is not used: the offline text, which says the hold as
running before the YES, goes out instead, with the flag on the manager's card ("the model's draft was replaced
(holdAfterClaim)") and in the audit (``Concierge.fill_invitation`` → ``guardrails.invitation_hold_flags``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import InvitationInput, offline
from spa_copilot.ai.concierge import Concierge
from spa_copilot.settings import Settings
from tests.builders import OneAnswerModel

SPA = "Willow Spa"
SETTINGS = Settings(_env_file=None, llm_model="stub-model", spa_name=SPA)  # type: ignore[call-arg]
INVITE = InvitationInput(
    first_name="Maya", service_name="Deep Tissue Massage", staff_first_name="Lena", hold_minutes=10,
    starts_at=datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("America/Los_Angeles")),
)
OPENED = "Hi Maya, a Deep Tissue Massage spot with Lena opened Tue 8 Dec at 3:00 pm."


class _Audit:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def audit(self, *, actor: str, action: str, subject_id: str, details: dict[str, Any], engine: str | None = None) -> None:
        self.rows.append(details)


async def _answer(draft: str) -> tuple[Any, _Audit]:
    audit = _Audit()
    ai = Concierge(SETTINGS, model=OneAnswerModel(draft), audit=audit)  # type: ignore[arg-type]
    return await ai.fill_invitation(INVITE, subject_id="fp_1"), audit


@pytest.mark.parametrize(
    ("tail", "flag"),
    [
        ("Reply YES to claim and we'll hold it for you for 10 minutes.", "holdAfterClaim"),
        ("Reply YES to claim; we'll hold it for 10 minutes.", "holdAfterClaim"),
        ("Reply YES to claim - it's yours for 10 minutes after you reply.", "holdFromReply"),
    ],
)
async def test_a_hold_after_the_claim_falls_back_with_its_flag(tail: str, flag: str) -> None:
    result, audit = await _answer(f"{OPENED} {tail}")
    assert result.fallback and result.text == offline.invitation_text(INVITE, spa_name=SPA)
    assert "It's held for you for 10 minutes. Reply YES to claim it." in result.text
    assert flag in result.flags and flag in audit.rows[-1]["flags"] and audit.rows[-1]["fallback"] is True


@pytest.mark.parametrize(
    "tail",
    [
        "It's held for you for 10 minutes. Reply YES to claim it.",
        "We're holding it for the next 10 minutes — reply YES to claim",
        "Held for 10 minutes: Reply YES to claim",
    ],
)
async def test_a_hold_said_first_is_used_as_written(tail: str) -> None:
    result, audit = await _answer(f"{OPENED} {tail}")
    assert not result.fallback and result.text == f"{OPENED} {tail}", result.flags
    assert audit.rows[-1]["flags"] == []
