"""A model's briefing summary that puts the guest's own allergen on the table ("Nut oils are her favourite", "the
almond body butter" for a severe tree-nut allergy) spoke no safety word, so it passed the checks and reached the
therapist's DM and the summary written back to the spa system. A model text naming one of the profile's allergens (or
a lexicon word for it: almond, walnut are nut oils) other than as a caution is now refused: the offline summary is
used, flagged ``offersAllergen``. So is one giving a pressure the notes do not ("Maya likes deep, firm pressure" for
notes that say light): a level said in a clause about pressure that is none of the profile's is refused
(``contradicts:pressure:<level>``); the service's own name ("Deep Tissue Massage") and a level turned down ("no deep
pressure") are not read as one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai import BriefingInput, build_ai, extract_profile_offline
from spa_copilot.domain import Client, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings
from tests.conftest import model_settings

DAY = date(2026, 11, 24)
NOTES = "Prefers light pressure. Severe tree nut allergy (anaphylaxis, carries EpiPen). Loves lavender."
CLIENT = Client(id="cl_1", first_name="Maya", last_name="Okonkwo", notes=NOTES)


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    yield llm_server.stub


async def _summary(llm_server: StubServer, stub: LlmStub, reply: str, notes: str = NOTES) -> Any:
    stub.responder = lambda body: {"text": reply}
    ai = build_ai(Settings(_env_file=None, **model_settings(llm_server.base_url)))  # type: ignore[arg-type]
    guest = BriefingInput.from_client(
        CLIENT.model_copy(update={"notes": notes}),
        services=[Service(id="sv_2", name="Deep Tissue Massage", duration_minutes=60)],
        profile=extract_profile_offline(notes, today=DAY),
        starts_at="14:30",
    )
    try:
        return await ai.briefing_summary(guest, today=DAY)
    finally:
        await ai.aclose()


#: (the model's text offering the allergen, the same text without it)
OFFERS = {
    "favourite": (
        "Maya likes light pressure and lavender. Nut oils are her favourite.",
        "Maya likes light pressure and lavender.",
    ),
    "product": (
        "Maya likes light pressure and lavender, and the almond body butter.",
        "Maya likes light pressure and lavender.",
    ),
    "scrub": (
        "Maya likes light pressure, lavender and the walnut scrub afterwards.",
        "Maya likes light pressure and lavender afterwards.",
    ),
}


@pytest.mark.parametrize("case", sorted(OFFERS))
async def test_a_briefing_offering_her_own_allergen_is_not_used(
    llm_server: StubServer, stub: LlmStub, case: str
) -> None:
    offer, plain = OFFERS[case]
    result = await _summary(llm_server, stub, offer)
    assert stub.requests
    assert result.fallback and result.engine == "offline", result.text
    assert "offersAllergen:allergies:nutOil" in result.flags
    assert "almond" not in result.text.lower() and "favourite" not in result.text
    used = await _summary(llm_server, stub, plain)  # the who and how alone is the model's still
    assert not used.fallback and used.text.startswith(plain)


@pytest.mark.parametrize(
    "text",
    [
        "No nut oils for Maya.",
        "Use nut-free oils only.",
        "Avoid almond oil; she loves lavender.",
        "She cannot have almond oil.",
        "Maya has a nut allergy.",
        "Maya loves coconut oil.",  # coconut is its own allergen, not a nut oil
    ],
)
def test_a_caution_or_another_oil_is_no_offer(text: str) -> None:
    from spa_copilot.ai.guardrails import offers_allergen  # new in s43: imported here, so the others run without it

    assert offers_allergen(text, ["nutOil"]) == []


def test_latex_gloves_are_an_offer_of_latex() -> None:
    from spa_copilot.ai.guardrails import offers_allergen

    assert offers_allergen("Latex gloves for the wrap.", ["latex"]) == ["offersAllergen:allergies:latex"]
    assert offers_allergen("Latex-free gloves for the wrap.", ["latex"]) == []


#: Notes with a pressure and no allergy: what a pressure in the model's text is compared with.
LIGHT_ONLY = "Prefers light pressure. Loves lavender."


@pytest.mark.parametrize(
    ("reply", "level"),
    [
        ("Maya likes deep, firm pressure and lavender.", "firm"),
        ("Maya is in for her Deep Tissue Massage; strong pressure, lavender.", "firm"),
        ("Maya likes medium pressure and lavender.", "medium"),
    ],
)
async def test_a_briefing_giving_another_pressure_is_not_used(
    llm_server: StubServer, stub: LlmStub, reply: str, level: str
) -> None:
    result = await _summary(llm_server, stub, reply, LIGHT_ONLY)
    assert stub.requests
    assert result.fallback and result.engine == "offline", result.text
    assert f"contradicts:pressure:{level}" in result.flags
    assert "light" in result.text.lower()  # the offline summary says the notes' pressure


@pytest.mark.parametrize(
    "reply",
    [
        "Maya is in for a Deep Tissue Massage with light pressure and lavender.",
        "Maya likes light pressure, no deep pressure, and lavender.",
    ],
)
async def test_her_own_pressure_beside_the_service_or_a_refused_level_is_used(
    llm_server: StubServer, stub: LlmStub, reply: str
) -> None:
    result = await _summary(llm_server, stub, reply, LIGHT_ONLY)
    assert not result.fallback and result.text.startswith(reply), result.flags
    bad = await _summary(llm_server, stub, reply.replace("light", "firm"), LIGHT_ONLY)  # the same words with another level
    assert bad.fallback and "contradicts:pressure:firm" in bad.flags
