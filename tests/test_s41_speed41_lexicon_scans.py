"""The notes lexicon's terms looked for once per text (session 41's speed work): the scrubber asks for the lexicon's
phrases only when a word's reading needs them, and ``term_matches`` gives exactly the per-term scans it replaced."""

from __future__ import annotations

import pytest

from spa_copilot.ai import guardrails
from spa_copilot.ai import lexicon as lx

NOTES = [
    "Came with Eliquis today, be gentle.",
    "came in with Lyme, avoid deep pressure",
    "Gift from Maria. Maria loved the scrub",
    "Rose oil on her back; Rose prefers quiet. Shea butter ok",
    "Allergies: latex, almond oil. Hot stones ok. Pregnant 12 wks, no lying flat on back",
    "Prefers quiet room and firm pressure, no lavender",
    "Nothing to report",
    "x" * 300 + " latex " + "y" * 300,
    "",
]


def per_term_scans(text: str) -> list[tuple[lx.Term, tuple[int, int], str]]:
    return [(term, found.span(), found.group(0)) for term, pattern in lx.COMPILED for found in pattern.finditer(text)]


@pytest.mark.parametrize("text", NOTES)
def test_term_matches_are_the_per_term_scans(text: str) -> None:
    assert [(term, found.span(), found.group(0)) for term, found in lx.term_matches(text)] == per_term_scans(text)


def test_a_text_naming_no_term_has_no_match() -> None:
    assert per_term_scans("Nothing to report") == []
    assert list(lx.term_matches("Nothing to report")) == []


def test_a_word_settled_before_the_phrases_never_looks_for_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A drug after "came with" is a safety word, read as such before any phrase of the lexicon is asked about."""
    found: list[str] = []
    real = guardrails._lexicon_phrases

    def counted(text: str) -> list[tuple[int, int]]:
        found.append(text)
        return real(text)

    monkeypatch.setattr(guardrails, "_lexicon_phrases", counted)
    assert guardrails.scrub_for_model("Came with Eliquis today, be gentle.") == "Came with Eliquis today, be gentle."
    assert found == []


@pytest.mark.parametrize("note", NOTES)
@pytest.mark.parametrize("names", [(), ("Rose", "Light"), ("Maria",), ("Shea",)])
def test_phrases_found_when_read_scrub_as_phrases_found_at_once(
    monkeypatch: pytest.MonkeyPatch, note: str, names: tuple[str, ...]
) -> None:
    lazy = guardrails.scrub_for_model(note, names=names), guardrails.scrub_pii(note, names=names)
    monkeypatch.setattr(guardrails, "_Phrases", guardrails._lexicon_phrases)  # every text's phrases found at once
    assert (guardrails.scrub_for_model(note, names=names), guardrails.scrub_pii(note, names=names)) == lazy


def test_the_one_scan_for_any_term_holds_no_group() -> None:
    """rev41f L: a term with a group (a back-reference ``(a)\\1`` numbered within its own pattern) would point at
    another group inside ``_ANY_TERM``: the one scan would miss that term and ``term_matches`` return nothing for it,
    an allergy or contraindication lost silently. No term may capture."""
    from spa_copilot.ai import lexicon

    assert lexicon._ANY_TERM.groups == 0
    assert all(pattern.groups == 0 for _, pattern in lexicon.COMPILED)
