"""A name is redacted whatever its Unicode form: a note pasted from a Mac or a PDF often spells "Müller" as "u" plus a
combining diaeresis (NFD) while the client record has the composed "ü" (NFC), or the other way round. Every form is
redacted whole (never "Mrs [name]̈ller"), and the text the model gets keeps everything else.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest

from spa_copilot.ai import build_ai, private_words
from spa_copilot.ai.guardrails import check_text, scrub_pii
from spa_copilot.domain import Client
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

FORMS = [("NFC", "NFD"), ("NFD", "NFC"), ("NFD", "NFD")]
SURNAMES = ["Müller", "Núñez", "Ólafsdóttir", "Brontë", "Nguyễn", "Łukasiewicz-Ñúñez"]


def _no_marks(text: str) -> bool:
    return not any(unicodedata.combining(char) for char in text)


@pytest.mark.parametrize(("record", "note"), FORMS)
@pytest.mark.parametrize("surname", SURNAMES)
def test_a_last_name_is_redacted_in_either_unicode_form(surname: str, record: str, note: str) -> None:
    text = unicodedata.normalize(note, f"Mrs {surname} prefers a warm room. The {surname} family book together.")
    scrubbed = scrub_pii(text, names=[unicodedata.normalize(record, surname)])
    assert scrubbed == "Mrs [name] prefers a warm room. The [name] family book together."


@pytest.mark.parametrize(
    "text",
    ["Dr Ólafsdóttir advised rest", "Her sister Zoë Brontë books too", "referred by Renée Dupont", "Élodie Núñez referred her"],
)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_an_accented_name_after_a_title_or_relation_is_redacted_whole(text: str, form: str) -> None:
    scrubbed = scrub_pii(unicodedata.normalize(form, text))
    assert "[name]" in scrubbed and _no_marks(scrubbed)
    assert not [word for word in ("Ólafsdóttir", "Zoë", "Brontë", "Renée", "Dupont", "Núñez") if word in scrubbed]


def test_the_rest_of_the_text_is_kept_composed() -> None:
    text = unicodedata.normalize("NFD", "Crème brûlée scrub for Mrs Müller; café au lait after")
    assert scrub_pii(text, names=["Müller"]) == "Crème brûlée scrub for Mrs [name]; café au lait after"


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_greeting_in_the_other_form_still_names_the_guest(form: str) -> None:
    draft = unicodedata.normalize(form, "Hi Zoë, a Swedish Massage spot opened. Reply YES to claim.")
    flags = check_text(draft, max_chars=320, menu_names=["Swedish Massage"], greet=unicodedata.normalize("NFD", "Zoë"))
    assert flags == []


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    empty = {key: [] for key in ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies",
                                 "contraindications", "communication_style")}
    with StubServer(LlmStub(responder=lambda body: empty)) as running:
        yield running


@pytest.mark.parametrize(("record", "note"), FORMS)
async def test_the_model_never_gets_a_last_name_in_the_other_form(server: StubServer, record: str, note: str) -> None:
    server.stub.reset()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url=server.base_url, llm_api_key="k", llm_model="stub-model", llm_max_retries=0
    )
    client = Client(id="cl_1", first_name="Ana", last_name=unicodedata.normalize(record, "Müller"),
                    notes=unicodedata.normalize(note, "Prefers warm room. Mrs Müller and the Müller family book together."))
    async with build_ai(settings) as ai:
        await ai.extract_profile(client.notes, redact=private_words(client), subject_id=client.id, today=NOTES_DAY)
    sent = unicodedata.normalize("NFC", json.dumps(server.stub.requests, ensure_ascii=False))
    assert "Müller" not in sent and "Muller" not in sent and "Mrs [name] and the [name] family" in sent
