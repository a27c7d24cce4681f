"""s43 ai43: what a model is sent of a client's notes held more than the minimum: the guest's own surname inside a
link ("linkedin.com/in/mayaokonkwo": no word to match her private words) and a third party's full name in a Spanish
note ("su esposo Carlos Mendoza", where "her husband Carlos" was masked). Links are now ``[link]`` in what a model
is sent, and the Spanish words for who someone is (esposo/a, marido, hijo/a, madre, padre, hermano/a, novio/a,
pareja) are relation words as the English are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from spa_copilot.ai import build_ai, private_words
from spa_copilot.ai.guardrails import scrub_for_model
from spa_copilot.domain import Client
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings
from tests.conftest import model_settings

CLIENT = Client(id="cl_1", first_name="Maya", last_name="Okonkwo", email="maya.ok@example.com")

#: (notes, words the model must not see, words it must still see)
CASES = {
    "surname_in_link": (
        "Insta @maya.relaxes ; linkedin.com/in/mayaokonkwo ; prefers silence",
        ["okonkwo", "linkedin"],
        ["prefers silence"],
    ),
    "link_with_scheme": (
        "Review: https://www.yelp.com/user/okonkwo-maya - loved it",
        ["okonkwo", "yelp"],
        ["loved it"],
    ),
    "spouse_spanish": (
        "Llamar a su esposo Carlos Mendoza. Prefiere presión firme.",
        ["Carlos", "Mendoza"],
        ["esposo", "presión firme"],
    ),
    "daughter_spanish": ("Viene con su hija Sofía Ruiz. Alérgica al látex.", ["Sofía", "Ruiz"], ["hija", "látex"]),
    "partner_spanish": ("Su pareja Lucía paga. Presión suave.", ["Lucía"], ["pareja", "Presión suave"]),
}


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    yield llm_server.stub


@pytest.mark.parametrize("case", sorted(CASES))
async def test_the_model_sees_no_name_in_a_link_nor_a_relations_name_in_spanish(
    llm_server: StubServer, stub: LlmStub, case: str
) -> None:
    notes, hidden, kept = CASES[case]
    ai = build_ai(Settings(_env_file=None, **model_settings(llm_server.base_url)))  # type: ignore[arg-type]
    try:
        await ai.extract_profile(notes, redact=private_words(CLIENT), today=date(2026, 11, 24))
    finally:
        await ai.aclose()
    sent = stub.requests[-1]["messages"][1]["content"]
    assert not [word for word in hidden if word.lower() in sent.lower()], sent
    assert all(word in sent for word in kept), sent


def test_a_link_is_one_placeholder_and_the_notes_around_it_stay() -> None:
    assert scrub_for_model("see linkedin.com/in/mayaokonkwo; firm pressure") == "see [link]; firm pressure"
