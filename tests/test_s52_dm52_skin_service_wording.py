"""On a face or skin service (a facial, a peel) pregnancy's handling is an esthetician's, not the massage's "prenatal
positioning, no hot stones"; every caution and every preference is still said ("Pressure: light (face)" is the
esthetician's too: review rev52f) (probe52b F6). Pure: ``engine.guest_brief`` on built records."""

from __future__ import annotations

from datetime import UTC, date, datetime

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import HealthHistory
from spa_copilot.engines import briefing as engine

from . import builders as b

NOTES = "Pregnant 20 weeks. Latex allergy. Deep pressure, focus on hips and glutes. Likes the room warm."
FACIAL = b.service("sv_facial", name="Signature Facial 60", category="facial")
PEEL = b.service("sv_peel", name="VI Peel 60", category="skin", contraindications=["pregnancy"])
MASSAGE = b.service("sv_swedish", name="Swedish Massage 60", category="massage")
BACK_FACIAL = b.service("sv_back", name="Back Facial 45", category="facial")


def _brief(service: object) -> engine.GuestBrief:
    client = b.client(notes=NOTES, health_history=HealthHistory())
    profile = extract_profile_offline(NOTES, intake=client.health_history, today=date(2026, 11, 24))
    booking = b.appointment(datetime(2026, 11, 24, 15, tzinfo=UTC), service_id=service.id)  # type: ignore[attr-defined]
    return engine.guest_brief(booking, "st_1", client=client, profile=profile, services={service.id: service},  # type: ignore[attr-defined]
                              resources={}, staff={})


def test_a_facial_gets_the_estheticians_pregnancy_handling_and_keeps_every_preference() -> None:
    """Guards F6: before, "pregnancy: prenatal positioning, no hot stones"; the preferences all stay (rev52f: leaving out
    "Pressure" and "Focus" lost "light pressure on face and neck" on a facial)."""
    brief = _brief(FACIAL)
    said = [*brief.allergies, *brief.contraindications]
    assert any(line.startswith("pregnancy: semi-reclined") for line in said), said
    assert not any("hot stones" in line for line in said), said
    assert any("latex" in line for line in said), said  # every caution kept
    assert {p.split(":")[0] for p in brief.preferences} >= {"Pressure", "Focus"}, brief.preferences
    assert any(p.startswith("Room temperature") for p in brief.preferences), brief.preferences
    for body_work in (MASSAGE, BACK_FACIAL):  # the narrow side: body work keeps the massage's wording and preferences
        kept = _brief(body_work)
        assert "pregnancy: prenatal positioning, no hot stones" in kept.allergies, kept.allergies
        assert {p.split(":")[0] for p in kept.preferences} >= {"Pressure", "Focus"}, kept.preferences


def test_a_peel_that_pregnancy_rules_out_says_the_skin_handling() -> None:
    brief = _brief(PEEL)
    [line] = brief.contraindications
    assert "pregnancy (semi-reclined" in line and "hot stones" not in line, line
