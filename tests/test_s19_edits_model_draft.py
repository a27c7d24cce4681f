"""A model's fill invitation is held to the same facts as a manager's edit (``drafts.offer_check``): one naming another
of the spa's locations (or another service, hold, or the copilot's internal words) is replaced by the offline text,
and the card's engine note names the kind of problem, never the words."""

from __future__ import annotations

from spa_copilot import fill
from spa_copilot.ai.concierge import Concierge
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting


async def test_a_model_draft_naming_another_location_is_replaced(scene: Scene) -> None:
    copilot, setting = scene.copilot, await draft_setting(scene)
    other = next(loc for loc in setting.catalog.locations if loc.id != setting.location.id)
    assert setting.location.name in setting.good
    wrong = setting.good.replace(setting.location.name, f"{setting.location.name} (or {other.name})")
    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(wrong))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(copilot, "fp_place", setting.candidate, setting.slot, setting.client)
    assert text == setting.good and "otherLocation" in engine and other.name not in engine, engine

    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(setting.good))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(copilot, "fp_place", setting.candidate, setting.slot, setting.client)
    assert text == setting.good and "replaced" not in engine, engine
