"""Staff-eye review, round 16: a briefing's guest block and a prep DM say each thing once. The summary no longer
repeats the ✨ preference lines nor the ⚠ / "Check:" caution lines (no caution is lost: those lines stay, and the copy
written back to the spa system keeps its cautions)."""

from __future__ import annotations

import json

from spa_copilot.ai.models import OFFLINE
from spa_copilot.ai.schemas import AiText
from spa_copilot.briefings import PREP_FIELD, send_morning_briefings, send_prep_briefings, shown_summary
from spa_copilot.domain import HealthHistory
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.conftest import DAY

# --- the summary says only what the lines above it do not ------------------------------------------------------------

CAUTIONS = "Caution: latex allergy (nitrile gloves, no latex)."


def test_the_shown_summary_leaves_out_the_cautions_sentence_and_the_offline_restatement_of_preferences() -> None:
    model = AiText(text=f"A regular who likes firm pressure. {CAUTIONS}", engine="gpt-4o-mini")
    first = "Ava (3rd visit) is booked for Swedish Massage 60 at 2:00pm."
    offline = AiText(text=f"{first} Firm pressure. {CAUTIONS}", engine=OFFLINE)
    end = " at 2:00pm."
    assert shown_summary(model, CAUTIONS, cautions_shown=True, opening_end=end) == "A regular who likes firm pressure."
    assert shown_summary(offline, CAUTIONS, cautions_shown=True, opening_end=end) == first
    assert shown_summary(AiText(text=f"{first} Firm pressure.", engine=OFFLINE), "", cautions_shown=False,
                         opening_end=end) == first
    assert shown_summary(None, "", cautions_shown=False) == ""
    # on the safe side: cautions that no caution line gives, or cut short, stay in the summary
    assert shown_summary(offline, CAUTIONS, cautions_shown=False, opening_end=end) == offline.text
    assert shown_summary(model, CAUTIONS, cautions_shown=False) == model.text
    cut = AiText(text=f"{first} Firm pressure. Caution: latex all…", engine=OFFLINE)
    assert shown_summary(cut, CAUTIONS, cautions_shown=True, opening_end=end) == cut.text


def _lines(message_blocks: list[dict]) -> list[str]:
    return [line for block in message_blocks for line in json.dumps(block, ensure_ascii=False).split("\\n")]


async def test_the_morning_and_prep_dms_say_each_caution_and_preference_once(world: SandboxWorld) -> None:
    zone = world.spa.locations["loc_soho"].tz
    mine = sorted((a for a in world.spa.appointments.values()
                   if a.is_active and "st_ana_reyes" in a.staff_ids and a.start_at.astimezone(zone).date() == DAY),
                  key=lambda a: a.start_at)
    guest = world.spa.clients[mine[-1].client_id]
    world.spa.clients[guest.id] = guest.model_copy(update={
        "notes": "Prefers firm pressure.",
        "health_history": HealthHistory(allergies=["latex"], pregnant=True),
    })
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = world.slack.messages(world.slack_id("st_ana_reyes"))
    lines = _lines(dm.blocks)
    assert any(":warning:" in line and "latex" in line.lower() for line in lines)
    assert any(":warning:" in line and "pregnan" in line.lower() for line in lines)
    assert any(":sparkles: Pressure: firm" in line for line in lines)
    shown = json.dumps(dm.blocks, ensure_ascii=False)
    assert "Caution:" not in shown and "Firm pressure" not in shown, shown
    # the offline summary's one sentence left (who, which visit, the service and its time) is the guest's header
    assert " is booked for " not in shown and f"*{guest.first_name}*" in shown, shown

    world.copilot.settings = world.copilot.settings.model_copy(update={"prep_hours_before": 24})
    await poll_calendar(world.copilot, full=True)
    prepared = await send_prep_briefings(world.copilot)
    assert mine[-1].id in prepared
    [prep] = [json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id("st_ana_reyes"))
              if m.text.startswith("Coming up") and f": {guest.first_name}" in m.text]
    assert "Check: " in prep and "latex" in prep.lower() and "Preferences: Pressure: firm" in prep
    assert "Caution:" not in prep and "Firm pressure" not in prep and " is booked for " not in prep, prep
    written = world.spa.clients[guest.id].custom_fields[PREP_FIELD]
    assert "Caution:" in written and "latex" in written.lower(), "the spa system's copy keeps the cautions"
    assert " is booked for " in written, "and its first sentence"
