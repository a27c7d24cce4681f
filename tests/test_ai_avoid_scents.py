"""Scents to avoid: read from negated scent mentions, asked of the model, shown to the therapist, guarded in drafts.

Before ``avoid_scents`` a disliked scent was dropped: "Eucalyptus ok, no peppermint." gave ``scent: eucalyptus`` only,
and the therapist's briefing, which shows the profile and not the note, never said "no peppermint".
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai import offline
from spa_copilot.ai.concierge import _merge_profile, _model_value, _vocabulary_text
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import check_text, contradictions, unsupported
from spa_copilot.ai.notes_cli import extract_cli
from spa_copilot.ai.prompts import load_prompt
from spa_copilot.ai.schemas import BriefingInput, EvidenceDraft, GuestProfile, ProfileDraft
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Client, Service
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import OneAnswerModel

from .conftest import DAY

TODAY = date(2026, 12, 2)
OFFLINE = Settings(_env_file=None)  # type: ignore[call-arg]


def read(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=TODAY).values(field)


# --- the offline engine ---


@pytest.mark.parametrize(
    ("note", "avoid", "liked"),
    [
        ("Eucalyptus ok, no peppermint.", ["peppermint"], ["eucalyptus"]),
        ("Doesn't like lavender; likes eucalyptus.", ["lavender"], ["eucalyptus"]),
        ("Doesn’t like lavender.", ["lavender"], []),  # a curly apostrophe, as a phone types it
        ("avoid rosemary oil", ["rosemary"], []),
        ("Dislikes lavender.", ["lavender"], []),
        ("Hates lavender, loves citrus.", ["lavender"], ["citrus"]),
        ("Not lavender.", ["lavender"], []),
        ("Not a fan of lavender", ["lavender"], []),
        ("peppermint - no", ["peppermint"], []),
        ("Peppermint: no", ["peppermint"], []),
        ("Lavender? No thanks", ["lavender"], []),
        ("Ylang ylang - not a fan", ["ylangYlang"], []),
        ("No mint please", ["peppermint"], []),
        ("Don't use peppermint", ["peppermint"], []),
        ("No lavender, peppermint or rosemary", ["lavender", "peppermint", "rosemary"], []),
        ("Likes lavender; not peppermint.", ["peppermint"], ["lavender"]),
        ("Lavender - no, eucalyptus - yes", ["lavender"], ["eucalyptus"]),
        ("Scent: lavender (no mint)", ["peppermint"], ["lavender"]),
        ("Doesn't like peppermint (too strong). Prefers sandalwood.", ["peppermint"], ["sandalwood"]),
    ],
)
def test_a_scent_the_note_turns_down_is_one_to_avoid_not_lost(note: str, avoid: list[str], liked: list[str]) -> None:
    assert read(note, "avoid_scents") == avoid
    assert read(note, "scent") == liked


@pytest.mark.parametrize(
    ("note", "liked"),
    [
        ("No allergies, likes lavender.", ["lavender"]),
        ("No known allergies. Likes lavender.", ["lavender"]),
        ("NKA lavender", []),
        ("No allergies lavender oil please", []),
        ("No known allergies", []),
        ("Unscented.", ["unscented"]),
        ("No scents.", ["unscented"]),
        ("No essential oils.", ["unscented"]),
        ("Not too much lavender.", []),  # moderation, not a dislike
        ("Doesn't mind lavender.", []),
        ("Never tried rosemary.", []),
        ("Not sure about peppermint.", []),
        ("nothing but lavender", ["lavender"]),
        ("Lavender - no problem", ["lavender"]),
        ("Lavender: no preference", []),  # no view either way: neither liked nor avoided
        ("Lavender: yes", ["lavender"]),
        ("Peppermint: fine", ["peppermint"]),
        ("Eucalyptus ok", ["eucalyptus"]),
        ("Husband hates lavender", []),  # someone else's dislike
        ("Her husband dislikes peppermint", []),
    ],
)
def test_negations_that_turn_no_scent_down_give_none_to_avoid(note: str, liked: list[str]) -> None:
    assert read(note, "avoid_scents") == []
    assert read(note, "scent") == liked


@pytest.mark.parametrize(
    ("note", "avoided"),
    [
        ("Lavender makes her nauseous", []),
        ("can't have lavender", []),
        ("Lavender is a no", []),
        ("Allergies: lavender", []),
        # kept away by an instruction that names it: avoided by its name too, as "no lavender" alone is (4 Dec 2026:
        # "NO peppermint (migraine trigger)" lost the word peppermint)
        ("No lavender, it makes her nauseous", ["lavender"]),
        ("Allergic to nuts, no lavender", ["lavender"]),
        ("No lavender – allergy.", ["lavender"]),
    ],
)
def test_a_scent_sensitivity_stays_an_allergy(note: str, avoided: list[str]) -> None:
    assert "essentialOils" in read(note, "allergies")
    assert read(note, "avoid_scents") == avoided


def test_unscented_and_a_scent_to_avoid_sit_side_by_side() -> None:
    assert read("No scents please, no peppermint", "scent") == ["unscented"]
    assert read("No scents please, no peppermint", "avoid_scents") == ["peppermint"]


def test_a_note_that_likes_and_avoids_one_scent_keeps_both_readings_with_their_words() -> None:
    profile = extract_profile_offline("likes lavender, but no lavender on face", today=TODAY)
    assert [(e.value, e.evidence) for e in profile.scent] == [("lavender", "likes lavender")]
    assert [(e.value, e.evidence) for e in profile.avoid_scents] == [("lavender", "no lavender on face")]


# --- what the therapist sees ---

CLIENT = Client(id="cl_1", first_name="Ava", last_name="Lindqvist")


def test_the_briefing_lists_scents_to_avoid_beside_the_liked_one() -> None:
    profile = extract_profile_offline("Eucalyptus ok, no peppermint. Avoid rosemary oil.", today=TODAY)
    assert engine.preferences(CLIENT, profile) == ["Scent: eucalyptus", "Avoid scents: peppermint, rosemary"]


def test_a_scent_both_liked_and_avoided_is_shown_as_avoided_with_the_notes_words() -> None:
    profile = extract_profile_offline("likes lavender, but no lavender on face. Firm pressure.", today=TODAY)
    lines = engine.preferences(CLIENT, profile)
    assert "Avoid scents: lavender (“no lavender on face”)" in lines
    assert not any(line.startswith("Scent:") for line in lines)
    phrases = offline.preference_phrases(profile)
    assert "no lavender" in phrases and "likes lavender" not in phrases


def test_a_custom_field_of_scents_to_avoid_is_labelled_the_same() -> None:
    client = Client(id="cl_2", first_name="Bo", custom_fields={"avoidScents": ["peppermint"]})
    assert engine.preferences(client, GuestProfile()) == ["Avoid scents: peppermint"]


def test_the_offline_summary_says_which_scents_to_leave_out() -> None:
    profile = extract_profile_offline("Eucalyptus ok, no peppermint or rosemary.", today=TODAY)
    assert offline.preference_phrases(profile) == ["likes eucalyptus", "no peppermint or rosemary"]
    guest = BriefingInput(first_name="Ava", service_names=["Swedish Massage"], profile=profile)
    text = offline.briefing_text(guest, today=TODAY)
    assert "Likes eucalyptus; no peppermint or rosemary." in text
    assert contradictions(text, {"avoid_scents": ["peppermint", "rosemary"]}) == []  # the offline text passes its own check


def test_the_client_card_shows_scents_to_avoid_under_preferences() -> None:
    profile = extract_profile_offline("Eucalyptus ok, no peppermint.", today=TODAY)
    message = client_card_message(client_card_view(CLIENT, profile=profile))
    blocks = json.dumps([block.to_dict() for block in message.blocks], ensure_ascii=False)
    assert "Preferences" in blocks and "Avoid scents: peppermint" in blocks


async def test_the_morning_briefing_dm_tells_the_therapist_no_peppermint(world: SandboxWorld) -> None:
    booked = [
        a for a in world.spa.appointments.values()
        if a.is_active and "st_ana_reyes" in a.staff_ids and a.start_at.date() == DAY
    ]
    assert booked
    client = world.spa.clients[booked[0].client_id]
    client.notes = "Eucalyptus ok, no peppermint."
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = [m.text + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id("st_ana_reyes"))]
    assert ":sparkles: Avoid scents: peppermint" in dm
    assert "no peppermint" not in dm  # said once: the summary no longer repeats the ✨ lines (round 16)


# --- the CLI ---


async def test_the_cli_shows_scents_to_avoid_plain_and_as_json() -> None:
    text = await extract_cli("Eucalyptus ok, no peppermint.", OFFLINE, as_json=False, today=TODAY)
    assert 'avoidScents: peppermint  ← "Eucalyptus ok, no peppermint"' in text
    out = json.loads(await extract_cli("avoid rosemary oil", OFFLINE, as_json=True, today=TODAY))
    assert out["avoidScents"] == [{"value": "rosemary", "evidence": "avoid rosemary oil"}]
    assert out["scent"] == []


# --- the model ---


def test_the_model_is_asked_for_scents_to_avoid() -> None:
    assert "avoid_scents" in _vocabulary_text()
    assert "avoid_scents" in load_prompt("extract_profile").system
    from openai.lib._parsing._completions import type_to_response_format_param

    schema: Any = type_to_response_format_param(ProfileDraft)
    assert "avoid_scents" in schema["json_schema"]["schema"]["required"]  # strict mode asks for it
    # an answer without the field (cached, or from a server that drops it) still reads
    assert ProfileDraft.model_validate({f: [] for f in ProfileDraft.model_fields if f != "avoid_scents"}).avoid_scents == []


@pytest.mark.parametrize(("raw", "name"), [("Peppermint", "peppermint"), ("mint", "peppermint"), ("Ylang Ylang", "ylangYlang"), ("palo santo", "paloSanto")])
def test_a_models_scent_is_named_in_the_lexicons_words(raw: str, name: str) -> None:
    assert _model_value("avoid_scents", raw) == name
    assert _model_value("scent", raw) == name


def _draft(**fields: list[EvidenceDraft]) -> ProfileDraft:
    empty: dict[str, Any] = {name: [] for name in ProfileDraft.model_fields}
    return ProfileDraft.model_validate(empty | fields)


def test_a_models_scent_to_avoid_is_kept_only_where_the_note_turns_it_down() -> None:
    note = "Eucalyptus ok, no peppermint. Loves rose. Her husband hates lavender."
    draft = _draft(
        avoid_scents=[
            EvidenceDraft(value="peppermint", evidence="no peppermint"),
            EvidenceDraft(value="rose", evidence="Loves rose"),
            EvidenceDraft(value="lavender", evidence="husband hates lavender"),
        ],
        scent=[EvidenceDraft(value="peppermint", evidence="no peppermint")],
    )
    offline_profile = extract_profile_offline(note, today=TODAY)
    profile, flags = _merge_profile(draft, offline_profile, source=note, today=TODAY)
    assert profile.values("avoid_scents") == ["peppermint"]
    assert profile.values("scent") == []
    assert "opposite:avoid_scents" in flags and "someoneElse:avoid_scents" in flags and "opposite:scent" in flags


def test_the_offline_engines_scents_to_avoid_survive_a_model_that_misses_them() -> None:
    note = "Firm pressure. No peppermint."
    draft = _draft(pressure=[EvidenceDraft(value="firm", evidence="Firm pressure")])
    profile, flags = _merge_profile(draft, extract_profile_offline(note, today=TODAY), source=note, today=TODAY)
    assert profile.values("avoid_scents") == ["peppermint"]
    assert "offlineAdded:avoid_scents:1" in flags


def test_a_model_scent_to_avoid_phrased_as_a_refusal_is_kept() -> None:
    assert unsupported("avoid_scents", "peppermint", "peppermint is not ok", "Note: peppermint is not ok.", today=TODAY) is None


# --- the guardrail on a model's briefing summary ---


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Ava likes firm pressure; use peppermint oil on her feet.", True),
        ("Ava loves eucalyptus and peppermint.", True),
        ("Ava likes eucalyptus; no peppermint.", False),
        ("Avoid peppermint and rosemary.", False),
        ("Ava is not a fan of rosemary or peppermint.", False),
        ("Eucalyptus instead of peppermint.", False),
        ("Peppermint - no.", False),
    ],
)
def test_a_summary_suggesting_a_scent_the_guest_avoids_is_flagged(text: str, flagged: bool) -> None:
    flags = check_text(text, max_chars=400, client_facing=False, safety={"avoid_scents": ["peppermint", "rosemary"]})
    assert any(flag.startswith("contradicts:avoid_scents") for flag in flags) is flagged


async def test_a_model_summary_that_puts_peppermint_back_falls_back_to_the_offline_text() -> None:
    from spa_copilot.ai.concierge import Concierge

    profile = extract_profile_offline("Eucalyptus ok, no peppermint.", today=TODAY)
    guest = BriefingInput.from_client(CLIENT, services=[Service(id="sv_1", name="Swedish Massage", duration_minutes=60)], profile=profile)
    settings = Settings(_env_file=None, llm_model="stub-model")  # type: ignore[call-arg]
    ai = Concierge(settings, model=OneAnswerModel("Ava is in for a Swedish Massage; finish with peppermint oil."))  # type: ignore[arg-type]
    result = await ai.briefing_summary(guest, today=TODAY)
    assert result.fallback and "contradicts:avoid_scents:peppermint" in result.flags
    assert "no peppermint" in result.text
    ai = Concierge(settings, model=OneAnswerModel("Ava is in for a Swedish Massage; eucalyptus, no peppermint."))  # type: ignore[arg-type]
    ok = await ai.briefing_summary(guest, today=TODAY)
    assert not ok.fallback and ok.text.endswith("no peppermint."), ok.flags


@pytest.mark.parametrize(
    ("note", "avoid", "liked"),
    [
        ("No lavender - likes citrus", ["lavender"], ["citrus"]),
        ("No lavender, likes citrus", ["lavender"], ["citrus"]),
        ("Avoid peppermint - prefers eucalyptus", ["peppermint"], ["eucalyptus"]),
        ("Avoid peppermint, wants eucalyptus", ["peppermint"], ["eucalyptus"]),
        ("no mint, rose is fine", ["peppermint"], ["rose"]),
        ("No lavender but citrus ok", ["lavender"], ["citrus"]),
        ("No lavender, peppermint or rosemary", ["lavender", "peppermint", "rosemary"], []),
        ("No lavender but also no peppermint", ["lavender", "peppermint"], []),
    ],
)
def test_a_no_stops_at_the_scent_the_note_turns_to_as_liked(note: str, avoid: list[str], liked: list[str]) -> None:
    """A list of scents turned down ends where the note says what the guest likes or allows, and that scent is liked:
    before, "No lavender - likes citrus" put citrus among the scents to avoid."""
    profile = extract_profile_offline(note, today=TODAY)
    assert (profile.values("avoid_scents"), profile.values("scent")) == (avoid, liked)


@pytest.mark.parametrize(("note", "liked"), [
    ("Mint tea after. Pressure firm.", []), ("offer mint water", []), ("likes mint", ["peppermint"]),
    ("Peppermint tea offered after", []), ("Lemon water, no ice", []), ("Ginger shot before", []),
    ("likes ginger oil", ["ginger"]),
])
def test_the_tea_offered_after_is_no_scent(note: str, liked: list[str]) -> None:
    assert extract_profile_offline(note, today=TODAY).values("scent") == liked


@pytest.mark.parametrize(("note", "avoid", "liked"), [
    ("She avoids lavender", ["lavender"], []),
    ("Skip peppermint", ["peppermint"], []),
    ("steer clear of peppermint", ["peppermint"], []),
    ("Avoided rosemary last time, fine now", [], ["rosemary"]),  # history: not an instruction
])
def test_third_person_and_other_avoid_wordings(note: str, avoid: list[str], liked: list[str]) -> None:
    """Before, "She avoids lavender" read as a liked scent: the therapist's DM said "Scent: lavender"."""
    profile = extract_profile_offline(note, today=TODAY)
    assert (profile.values("avoid_scents"), profile.values("scent")) == (avoid, liked)


@pytest.mark.parametrize("summary", [
    "No peppermint; she also avoids rosemary.", "Skip the peppermint.", "Steer clear of peppermint.",
    "Avoid scents: peppermint, rosemary.",
])
def test_a_summary_that_keeps_an_avoided_scent_away_in_other_words_passes(summary: str) -> None:
    assert contradictions(summary, {"avoid_scents": ["peppermint", "rosemary"]}) == []


@pytest.mark.parametrize(("note", "avoid", "liked"), [
    ("Hates strong smells, esp. peppermint", ["peppermint"], ["unscented"]),
    ("Avoid strong scents, e.g. eucalyptus.", ["eucalyptus"], []),
    ("Doesn't like strong fragrances e.g. eucalyptus", ["eucalyptus"], []),
    ("Dislikes heavy perfumes, e.g. rose and jasmine", ["rose", "jasmine"], []),
    ("No essential oils (such as lavender)", ["lavender"], ["unscented"]),
    ("No fragrance like lavender please", ["lavender"], ["unscented"]),
    ("Loves scents, esp. lavender", [], ["lavender"]),
    ("Not sensitive to scents, e.g. lavender is fine", [], ["lavender"]),
    ("No strong scents, e.g. peppermint is ok", [], ["peppermint"]),
])
def test_a_scent_given_as_an_example_of_scents_turned_down_is_avoided(
    note: str, avoid: list[str], liked: list[str]
) -> None:
    """Before, the sentence ended at "esp." / "e.g.", so the example stood alone and read as liked: "Hates strong
    smells, esp. peppermint" told the therapist "Scent: peppermint"."""
    profile = extract_profile_offline(note, today=TODAY)
    assert (profile.values("avoid_scents"), profile.values("scent")) == (avoid, liked)


@pytest.mark.parametrize("note", [
    "Rose: no preference", "Lavender - neutral", "Peppermint: n/a", "Eucalyptus? doesn't mind", "Rose: not sure",
])
def test_a_scent_the_guest_has_no_view_of_is_neither_liked_nor_avoided(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert (profile.values("avoid_scents"), profile.values("scent")) == ([], [])


def test_the_client_card_does_not_show_a_liked_scent_as_fine_beside_a_fragrance_allergy() -> None:
    """As the briefing DM since e6dcec5: the front desk reading the card sees the liked scent with the allergy that
    rules it out, not a bare "Scent: eucalyptus" under "fragrance: unscented products"."""
    profile = extract_profile_offline("Loves eucalyptus. Fragrance allergy - unscented products only.", today=TODAY)
    assert "fragrance" in profile.values("allergies")
    card = client_card_view(CLIENT, profile=profile)
    assert "Scent: eucalyptus — fragrance allergy; ask first" in card.preferences
    assert "Scent: eucalyptus" not in card.preferences
