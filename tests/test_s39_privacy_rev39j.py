"""rev39j M1: a given name first in a teller's allergy list, before a lower-case product or reaction word, reached the
model ("Allergies per husband: Tom hives w/ latex", "per dad: Ahmed perfume sensitive"): the exception that keeps
such a word whole is for names that are also a brand or a plant (Jessica polish, Melissa essential oil) only."""
from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(("note", "name"), [
    ("Allergies per husband: Tom hives w/ latex", "Tom"),
    ("Allergies per dad: Ahmed perfume sensitive", "Ahmed"),
    ("Allergies per mum: Sarah itchy w/ lanolin", "Sarah"),
    ("Allergies per husband: Tom cologne", "Tom"),
])
def test_the_teller_s_name_before_a_product_or_reaction_is_masked(note: str, name: str) -> None:
    scrubbed = scrub_for_model(note)
    assert name not in scrubbed and "[name]" in scrubbed


@pytest.mark.parametrize("note", [
    "Allergies per mum: Jessica polish", "Allergies per mum: Jessica nail polish",
    "Allergies per mum: Melissa essential oil", "Allergies per mum: Melissa hives",
])
def test_a_brand_or_plant_named_like_a_person_stays_whole(note: str) -> None:
    assert scrub_for_model(note) == note
