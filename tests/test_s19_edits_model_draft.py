"""A model's fill invitation is held to the same facts as a manager's edit (``drafts.offer_check``): one naming another
of the spa's locations (or another service, hold, or the copilot's internal words) is replaced by the offline text,
and the card's engine note names the kind of problem, never the words."""

from __future__ import annotations

from spa_copilot import fill
from spa_copilot.ai import offline
from spa_copilot.ai.concierge import Concierge
from spa_copilot.ai.schemas import InvitationInput
from spa_copilot.engines.fill_ranking import OpenSlot
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene


async def test_a_model_draft_naming_another_location_is_replaced(scene: Scene) -> None:
    copilot = scene.copilot
    catalog = await copilot.catalog()
    line = scene.target.services[0]
    service, therapist = catalog.service(line.service_id), catalog.staff_member(line.staff_id or "")
    assert service is not None and therapist is not None
    location = next(loc for loc in catalog.locations if loc.id == scene.target.location_id)
    other = next(loc for loc in catalog.locations if loc.id != location.id)
    slot = OpenSlot(
        appointment_id=scene.target.id, location_id=location.id, start=line.start_at, end=line.end_at,
        time_zone=location.time_zone, service_ids=(service.id,), staff_ids=(therapist.id,),
    )
    client = await copilot.platform.get_client(scene.world.spa.waitlist[scene.entries[0]].client_id)
    candidate = {"client_id": client.id, "service_id": service.id, "start": line.start_at.isoformat(),
                 "staff_first_name": therapist.first_name}
    invite = InvitationInput.from_client(
        client, service=service, starts_at=line.start_at.astimezone(slot.tz), hold_minutes=copilot.settings.offer_hold_minutes,
        staff_first_name=therapist.first_name, location_name=location.name, drafted_at=copilot.now(),
    )
    good = offline.invitation_text(invite, spa_name=copilot.settings.spa_name)
    settings = copilot.settings.model_copy(update={"llm_model": "stub-model"})
    wrong = good.replace(location.name, f"{location.name} (or {other.name})")
    copilot.ai = Concierge(settings, model=OneAnswerModel(wrong))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(copilot, "fp_place", candidate, slot, client)
    assert text == good and "otherLocation" in engine and other.name not in engine, engine

    copilot.ai = Concierge(settings, model=OneAnswerModel(good))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(copilot, "fp_place", candidate, slot, client)
    assert text == good and "replaced" not in engine, engine
