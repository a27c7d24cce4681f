"""A model's fill invitation naming another therapist of the location than the slot's is replaced by the offline text:
the fill workflow gives the concierge the location's roster (the check in ``guardrails`` reads no therapist without it)."""

from __future__ import annotations

from spa_copilot import fill
from spa_copilot.ai.concierge import Concierge
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting


async def test_a_model_draft_naming_another_therapist_of_the_location_is_replaced(scene: Scene) -> None:
    copilot, setting = scene.copilot, await draft_setting(scene)
    therapist = setting.therapist
    other = next(
        m for m in setting.catalog.staff
        if m.location_id == scene.target.location_id and m.active and m.first_name != therapist.first_name
    )
    assert f"with {therapist.first_name}" in setting.good
    wrong = setting.good.replace(f"with {therapist.first_name}", f"with {other.first_name}")

    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(wrong))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(copilot, "fp_roster", setting.candidate, setting.slot, setting.client)
    assert text == setting.good and "wrongStaff" in engine, engine

    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(setting.good))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(copilot, "fp_roster", setting.candidate, setting.slot, setting.client)
    assert text == setting.good and "replaced" not in engine, engine
