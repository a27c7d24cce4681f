"""Who told the spa, beyond carers and parents ("Allergies per hubby:", "per grandma:", "per her niece:", "per friend:",
"per bf:", "per PCP:", "per client:", "per intake form:"), opens the allergy list like the others: the first allergen
stays for the model and the notes reader (session 38, rev38c H1 and M2: it was masked as a name and read nowhere)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_for_model

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("note", "word", "key"),
    [
        ("Allergies per hubby: Betadine, latex", "Betadine", "betadine"),
        ("Allergies per grandma: Henna, latex", "Henna", "henna"),
        ("Allergies per her niece: Carmine, latex", "Carmine", "carmine"),
        ("Allergies per friend: Calendula, latex", "Calendula", "calendula"),
        ("Allergies - per bf: Henna, latex", "Henna", "henna"),
        ("Allergies per fiance: Carmine, latex", "Carmine", "carmine"),
        ("Allergies per PCP: Keflex, Bactrim", "Keflex", "keflex"),
        ("Allergies per client: Keflex, Bactrim", "Keflex", "keflex"),
        ("Allergies per intake form: Keflex, Bactrim", "Keflex", "keflex"),
    ],
)
def test_the_first_allergen_after_any_teller_is_kept(note: str, word: str, key: str) -> None:
    allergies = {entry.value for entry in extract_profile_offline(note, today=TODAY).allergies}
    assert word in scrub_for_model(note), scrub_for_model(note)
    assert key in allergies and not any(value.startswith("per") for value in allergies), allergies
