"""``spa-copilot notes extract [--json]``: the profile of one note, for the IT person to see what the copilot reads."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.ai.cache import AuditSink, LlmCache
from spa_copilot.ai.concierge import build_ai
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
    concierge = build_ai(settings, cache=cache, audit=audit)
    profile = await concierge.extract_profile(text, subject_id="cli", today=today)
    if as_json:
        return json.dumps(profile.to_json_dict(), indent=2, ensure_ascii=False)
    return format_profile(profile, engine=concierge.engine)
