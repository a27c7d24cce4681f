"""The teller between an allergy word and its list (``lexicon.ALLERGY_TOLD_BY``: "Allergies - per carer:") reads a run
of spaces in linear time (session 38, rev38c L1: two unbounded space runs around an optional mark tried every split of
a run of spaces, "Allergies" and 8,000 spaces took seconds). No timed test: the pattern's shape is checked, and that
it finds the heads the plain form found."""

import re

import pytest

from spa_copilot.ai import lexicon as lx

_PLAIN_OPENING = r"[^\S\n]*[-–—(,:]?[^\S\n]*"
_PLAIN_TOLD_BY = re.compile(
    _PLAIN_OPENING + lx.ALLERGY_TOLD_BY[lx.ALLERGY_TOLD_BY.index("(?:per|") :], re.IGNORECASE
)
_SPACES = r"[^\S\n]*"


@pytest.mark.parametrize("teller", ["per carer:", "per mum -", "as per her GP:", "according to her daughter:", "per carer):"])
def test_the_teller_reads_spaces_in_one_way_and_finds_the_heads_the_plain_form_found(teller: str) -> None:
    # a run of spaces, an optional character or class, and a run of spaces again: a run of N spaces splits N ways
    assert re.search(re.escape(_SPACES) + r"(?:\[[^\]]*\]|\\?.)\?" + re.escape(_SPACES), lx.ALLERGY_TOLD_BY) is None
    told = re.compile(lx.ALLERGY_TOLD_BY, re.IGNORECASE)
    for mark in ("", "-", " - ", "(", " (", ",", ", ", ":", ": ", "—", "  –  "):
        for spaces in ("", " ", "   "):
            text = f"Allergies{spaces}{mark}{teller} Henna, latex"
            found, plain = told.match(text, len("Allergies")), _PLAIN_TOLD_BY.match(text, len("Allergies"))
            assert (found and found.end()) == (plain and plain.end()), text
            assert plain is None or plain.end() > len(text) - len("Henna, latex") - 2, text
