"""``spa-copilot notes extract [--json]``: the profile of one note, for the IT person to see what the copilot reads."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from spa_copilot.ai.cache import AuditSink, LlmCache
from spa_copilot.ai.concierge import build_ai
from spa_copilot.ai.models import OFFLINE
from spa_copilot.ai.schemas import PROFILE_FIELDS, GuestProfile
from spa_copilot.settings import Settings


def format_profile(profile: GuestProfile, *, engine: str) -> str:
    """A human-readable profile: one line per value with the phrase it came from."""
    lines = [f"engine: {engine}"]
    data = profile.to_json_dict()
    for field in PROFILE_FIELDS:
        key = GuestProfile.model_fields[field].alias or field
        for item in data[key]:
            lines.append(f"{key}: {item['value']}  ← \"{item['evidence']}\"")
    if len(lines) == 1:
        lines.append("(nothing found)")
    return "\n".join(lines)


async def extract_cli(
    text: str,
    settings: Settings,
    *,
    as_json: bool,
    today: date,
    cache: LlmCache | None = None,
    audit: AuditSink | None = None,
) -> str:
    """Extract one note's profile with the configured engine, read on ``today`` (the spa's day), and render it as
    JSON or text."""
    recorder = _EngineRecorder(audit)
    concierge = build_ai(settings, cache=cache, audit=recorder)
    profile = await concierge.extract_profile(text, subject_id="cli", today=today)
    if as_json:
        return json.dumps(profile.to_json_dict(), indent=2, ensure_ascii=False)
    # the engine that made the profile: the offline one when the model failed, not the model configured; a model's
    # reading from the cache is recorded by no one (its audit row was written when the model gave it)
    made_by = recorder.engine or concierge.engine
    if made_by == OFFLINE and concierge.engine != OFFLINE:
        made_by = f"{OFFLINE} ({concierge.engine} gave no answer it could use)"
    return format_profile(profile, engine=made_by)


class _EngineRecorder:
    """An audit sink that notes the engine of what it records (the offline engine's when the model fell back) and
    passes the record on to ``inner``, if any."""

    def __init__(self, inner: AuditSink | None) -> None:
        self.inner = inner
        self.engine: str | None = None

    def audit(
        self, *, actor: str, action: str, subject_id: str, details: dict[str, Any], engine: str | None = None
    ) -> None:
        self.engine = engine
        if self.inner is not None:
            self.inner.audit(actor=actor, action=action, subject_id=subject_id, details=details, engine=engine)
