"""``/spa brief @Hana`` names whose day it previews (staff-eye review, 3 December, seed 11): the preview was headed
"Your day, Thu 3 Dec", as the therapist's own morning DM is, and named Hana only in the notification text, so the front
desk looking at her day read a header that spoke to them. The morning DM keeps "Your day"."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import HeaderBlock

from spa_copilot.briefings import briefing_message, briefing_view
from spa_copilot.domain import StaffRole
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.listeners.commands import answer_command
from tests.builders import location, staff

DAY = date(2026, 12, 3)


def _header(message: blocks.SlackMessage) -> str:
    head = message.blocks[0]
    assert isinstance(head, HeaderBlock)
    return head.text.text


def test_a_preview_is_headed_with_the_therapists_name_and_says_it_is_one() -> None:
    hana = staff("st_hana", first_name="Hana", last_name="Sato")
    day = engine.therapist_briefing(hana, location(), DAY, [])
    assert _header(briefing_message(day, seen_from=DAY, preview=True)) == "Hana Sato's day, Thu 3 Dec (preview)"
    # the therapist's own DM still speaks to them
    assert _header(briefing_message(day, seen_from=DAY)) == "Your day, Thu 3 Dec"
    assert all(_header(part.message).startswith("Your day") for part in blocks.briefing_parts(briefing_view(day)))


async def test_the_front_desks_brief_command_names_the_therapist_in_the_header(world: SandboxWorld) -> None:
    esthetician = next(s for s in world.data.staff if s.role == StaffRole.esthetician)
    message = await answer_command(world.copilot, text=f"brief {esthetician.id}", user_id=FRONT_DESK_USER)
    assert _header(message).startswith(f"{blocks.escape(esthetician.display_name)}'s day, "), _header(message)
    assert _header(message).endswith(" (preview)")
