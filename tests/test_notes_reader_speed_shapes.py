"""The offline notes reader on notes shaped to be slow: one term over and over, long runs of spaces or tabs. Its speed
is measured by ``benchmarks/scrub_worst_case.py``, never here (no timed tests): these tests count the reader's own
steps (doubling a note of one term over and over doubles them, it does not square them), check that the patterns
and helpers rewritten to read such notes in linear time find what the plain ones found, and pin what the reader
reads on the long notes (as before the rewrite)."""

from __future__ import annotations

import random
import re
import sys
from datetime import date

import pytest

from spa_copilot.ai import allergy_lists, extraction, note_clauses, note_questions
from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 3)


def _read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return {field: values for field in ("allergies", "contraindications", "scent", "avoid_scents", "focus_areas")
            if (values := profile.values(field))}


# --- what the long notes read (the same as before the rewrite) ---


@pytest.mark.parametrize(
    ("note", "read"),
    [
        # the heading's cue reaches its item across the run, as across one space
        ("Allergies:" + " " * 10_000 + "latex", {"allergies": ["latex"]}),
        ("Allergies:" + "\t" * 10_000 + "latex", {"allergies": ["latex"]}),
        (" " * 10_000 + "\nLATEX", {"allergies": ["latex"]}),
        # a line of 10,000 characters is no flag (a flag's line is short: "🥜", "LATEX") and names no cue
        ("🥜 " * 5_000, {}),
        ("🥜 | " * 2_500, {}),
        ("🌰" * 10_000, {}),
        ("(latex " * 1_430, {}),
        ("latex, " * 1_430, {}),
        ("🥜 " * 5_000 + "\nAllergic to latex.", {"allergies": ["latex"]}),
        # a scent named alone is one the guest likes, however often; an area alone is neither focus nor avoid
        ("rose " * 2_000, {"scent": ["rose"]}),
        ("lavender " * 1_100, {"scent": ["lavender"]}),
        ("neck " * 2_000, {}),
        # a heading's cue reaches its item across a run of spaced dashes (each pair of them an aside of the list)
        ("Allergies:" + " - " * 1_000 + "latex", {"allergies": ["latex"]}),
        ("Allergies:" + " – " * 1_000 + "latex", {"allergies": ["latex"]}),
        ("Allergies:" + " — " * 1_000 + "latex", {"allergies": ["latex"]}),
        ("Allergies:" + " -- " * 1_000 + "latex", {"allergies": ["latex"]}),
    ],
)
def test_long_notes_of_one_term_read_as_before(note: str, read: dict[str, list[str]]) -> None:
    assert _read(note) == read


def test_a_long_run_of_spaces_reads_as_one_space() -> None:
    for filler in (" ", "  ", " " * 500, " " * 10_000, "\t" * 10_000):
        assert _read(f"Allergies:{filler}latex, nuts")["allergies"] == ["latex", "nutOil"]
        assert _read(f"Pregnant{filler}but no allergies")["contraindications"] == ["pregnancy"]


# --- the reader's steps grow with the note, not with its square ---
#
# Each note below is one clause (under ``extraction.MAX_SENTENCE`` characters), where the reader read the whole clause,
# or walked a whole list, again for each mention: doubling the mentions took four times the steps (three times, for
# the emoji, once the window around each mention filled). The counters are the reader's own: a term's field read
# (``_Match.group``), a scent's reading, a step along a list of areas.


def _steps(note: str) -> int:
    extract_profile_offline(note, today=DAY)
    return _COUNT[0]


_COUNT = [0]


@pytest.fixture(autouse=True)
def nothing_remembered() -> None:
    """Each note is read afresh: a reading remembered from an earlier test would count no steps at all."""
    extraction._read_profile.cache_clear()


@pytest.fixture
def count_group_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    field = note_clauses._Match.group

    def counted(match: note_clauses._Match) -> str:
        _COUNT[0] += 1
        return field.fget(match)

    monkeypatch.setattr(note_clauses._Match, "group", property(counted))


@pytest.fixture
def count_scent_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    reading = extraction._scent_reading

    def counted(*args: object) -> object:
        _COUNT[0] += 1
        return reading(*args)

    monkeypatch.setattr(extraction, "_scent_reading", counted)


@pytest.fixture
def count_area_list_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    class Counted:
        def match(self, *args: object) -> re.Match[str] | None:
            _COUNT[0] += 1
            return _FILLER.match(*args)

    monkeypatch.setattr(lx, "AREA_LIST_FILLER", Counted())


_FILLER = lx.AREA_LIST_FILLER


def _doubling(unit: str, mentions: int) -> tuple[int, int]:
    assert len(unit) * mentions * 2 < extraction.MAX_SENTENCE  # one clause
    _COUNT[0] = 0
    once = _steps(unit * mentions)
    _COUNT[0] = 0
    twice = _steps(unit * mentions * 2)
    return once, twice


@pytest.mark.usefixtures("count_group_reads")
@pytest.mark.parametrize("unit", ["🥜 ", "latex, ", "(latex "])
def test_each_mention_reads_what_comes_before_it_once_per_clause(unit: str) -> None:
    # "🥜 " x 100 then x 200: 14,850 then 49,800 reads before; 100 then 200 now
    once, twice = _doubling(unit, 450 // len(unit))
    assert twice <= 2.5 * once


@pytest.mark.usefixtures("count_scent_readings")
def test_a_list_of_scents_reads_each_scent_once() -> None:
    # each scent of "lavender lavender ..." read the list back to its start: 1,275 then 5,050 readings before
    once, twice = _doubling("lavender ", 50)
    assert twice <= 2.5 * once


@pytest.mark.usefixtures("count_area_list_steps")
def test_a_list_of_areas_is_walked_once() -> None:
    # each area of "neck neck ..." walked the list to its end: 1,275 then 5,050 steps before; 50 then 100 now
    once, twice = _doubling("neck ", 50)
    assert twice <= 2.5 * once


# A run of spaced dashes after a heading ("Allergies: - - - ... latex") is read as a list whose every pair of dashes is
# an aside; each aside was checked against every aside kept before it, inside a generator expression no hook above
# sees. Here the steps are the lines of the reader's own code run (``extraction.py`` and the modules it reads with,
# ``note_clauses.py``, ``note_questions.py`` and ``allergy_lists.py``; a dash note is read twice, the second time with
# its dashes written " - "): 150 then 300 dashes took 8,928 then 28,353 lines before; 3,384 then 6,009 now (" - "; " – "
# 11,490 then 32,715 before, 5,952 then 10,377 now).

_READER_FILES = {module.__file__ for module in (extraction, note_clauses, note_questions, allergy_lists)}


def _lines_run(note: str) -> int:
    count = [0]

    def in_reader(frame: object, event: str, arg: object) -> object:
        if event == "line":
            count[0] += 1
        return in_reader

    def each_call(frame: object, event: str, arg: object) -> object:
        return in_reader if frame.f_code.co_filename in _READER_FILES else None  # type: ignore[attr-defined]

    previous = sys.gettrace()
    sys.settrace(each_call)
    try:
        extract_profile_offline(note, today=DAY)
    finally:
        sys.settrace(previous)
    return count[0]


@pytest.mark.parametrize("dash", [" - ", " – ", " — ", " -- "])
def test_a_run_of_spaced_dashes_after_a_heading_is_read_in_steps_that_grow_with_it(dash: str) -> None:
    mentions = 450 // len(dash)
    assert len("Allergies:" + dash * mentions * 2 + "latex") < extraction.MAX_SENTENCE  # one clause
    once, twice = (_lines_run("Allergies:" + dash * count + "latex") for count in (mentions, mentions * 2))
    assert twice <= 2.5 * once


# The runs of spaces (one pattern read a run to its end from each of its spaces, inside the regular expression engine)
# leave no step to count here: ``benchmarks/scrub_worst_case.py`` times them. What is checked is that the patterns
# rewritten for them find the same places as the plain ones.

# --- the rewritten patterns and helpers find what the plain ones found ---

_PLAIN_CLAUSE_BOUNDARY = re.compile(
    r"\s+(?=(?:but|however|though|although|except|whereas|otherwise|so|instead|while)\b)|\s*[—–]\s*|\s--\s",
    re.IGNORECASE,
)
_PLAIN_RUN_ON_CUTS = (
    re.compile(r",\s*"),
    re.compile(r"\s+(?=(?:no|not|never|avoid|without|nka|nkda|denies)\b)", re.IGNORECASE),
    re.compile(r"\s+"),
)
_PLAIN_SENTENCE_BOUNDARY = re.compile(
    "".join(rf"(?<!\b(?i:{re.escape(short)})\.)" for short in note_clauses._ABBREVIATIONS) + r"(?<=[.!?])\s+|\n+|;"
)
_PIECES = [" ", "  ", "\t", "\u00a0", "\n", "-", "--", " -- ", "—", "–", ",", ".", "!", "?", ";", "but", "But",
           "so", "sof", "no", "not", "Not", "avoid", "denies", "nka", "e.g.", "esp.", "Mr.", "x", "latex", "🥜"]


def _texts(count: int, longest: int = 14) -> list[str]:
    rng = random.Random(20261203)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, longest))) for _ in range(count)]


def _plain_last_cut(stretch: str) -> int:
    for pattern in _PLAIN_RUN_ON_CUTS:
        ends = [m.end() for m in pattern.finditer(stretch, len(stretch) // 2)]
        if ends:
            return ends[-1]
    return len(stretch)


def _plain_tail(text: str, size: int = 160) -> str:
    if len(text) <= size:
        return text
    cut = len(text) - size
    while cut < len(text) and not text[cut - 1].isspace():
        cut += 1
    return text[cut:]


def test_the_boundaries_and_cuts_are_where_the_plain_patterns_put_them() -> None:
    for text in [*_texts(20_000), " -- " + " " * 50 + "but", "—" + " " * 40 + "—", " " * 3_000 + "but"]:
        assert [m.span() for m in note_clauses._CLAUSE_BOUNDARY.finditer(text)] == [
            m.span() for m in _PLAIN_CLAUSE_BOUNDARY.finditer(text)
        ], text
        assert [m.span() for m in note_clauses._SENTENCE_BOUNDARY.finditer(text)] == [
            m.span() for m in _PLAIN_SENTENCE_BOUNDARY.finditer(text)
        ], text
        assert note_clauses._last_cut(text) == _plain_last_cut(text), text
        for size in (0, 1, 3, 10):
            assert extraction._tail(text, size) == _plain_tail(text, size), (text, size)


def _plain_matches(clause: str) -> list[note_clauses._Match]:
    found = [
        note_clauses._Match(term, m.start(), m.end(), m.group(0))
        for term, rx in lx.COMPILED
        for m in rx.finditer(clause)
    ]
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    chosen: list[note_clauses._Match] = []
    for match in found:
        if all(match.end <= other.start or match.start >= other.end for other in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


_WORDS = ("nut oil", "nuts", "almond oil", "sweet almond oil", "latex", "latex gloves", "lavender", "rose", "neck",
          "shoulders", "firm", "no", "fragrance", "no fragrance", "essential oils", "pregnant", "🥜", "§", ",", "-",
          "(", ")", "and", "or", "allergic to", "can't have", "fine with")


def _clauses(count: int) -> list[str]:
    rng = random.Random(3)
    return [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 25))) for _ in range(count)]


def _clause(text: str) -> note_clauses._Clause:
    matches = note_clauses._find_matches(text)
    return note_clauses._Clause(0, 0, text, matches, note_clauses._mask(text, matches))


def test_terms_are_chosen_as_before() -> None:
    for text in _clauses(1_000):
        assert [(m.term, m.start, m.end) for m in note_clauses._find_matches(text)] == [
            (m.term, m.start, m.end) for m in _plain_matches(text)
        ], text


def test_a_stretch_of_a_clause_lists_its_allergens_as_before() -> None:
    rng = random.Random(5)
    for text in _clauses(1_000):
        clause = _clause(text)
        for _ in range(10):
            low = rng.randint(0, len(text))
            high = rng.randint(low, len(text))
            chars = list(text[low:high])
            for m in clause.matches_within(low, high):
                if m.group == "allergies" or m.term.allergen:
                    chars[m.start - low : m.end - low] = "§".ljust(m.end - m.start)
            assert extraction._listed_between(clause, low, high) == "".join(chars), (text, low, high)


def _plain_asides(clause: note_clauses._Clause, low: int, high: int) -> list[tuple[int, int]]:
    spans = [(found.start(), found.end()) for found in note_questions._BRACKET_ASIDE.finditer(clause.text, low, high)]
    for found in note_questions._DASH_ASIDE.finditer(clause.text, low, high):
        start, end = found.start(), found.end()
        if not clause.matches_within(start, end) and not any(s < end and start < e for s, e in spans):
            spans.append((start, end))
    return sorted(spans)


def test_the_asides_of_a_list_are_found_as_before() -> None:
    rng = random.Random(9)
    pieces = (" - ", " -- ", "-", " ", "(", ")", "[", "]", "latex", "hives", "nuts", "firm", "severe", "old", ",", "\n")
    for _ in range(1_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        clause = _clause(text)
        low = rng.randint(0, len(text))
        high = rng.randint(low, len(text))
        for span in ((0, len(text)), (low, high)):
            assert note_questions._asides(clause, *span) == _plain_asides(clause, *span), (text, span)


@pytest.mark.parametrize("pattern", list(note_clauses._OPEN_ENDED))
def test_a_cue_found_before_a_mention_is_found_in_the_whole_clause_no_later(pattern: re.Pattern[str]) -> None:
    # the reader skips a cue's search before a mention ahead of the first place its open-ended form matches the whole
    # clause: sound only if every match in a cut-off clause starts at or after that place
    phrases = ("can't have", "cannot use", "not fine with", "isn't ok with", "doesn't tolerate", "fine with the",
               "can have some", "tolerates", "hives from the", "rash with", "reacts to", "breaks out w/", "no",
               "avoid", "never use", "don't use", "keep away from", "nothing with", "latex", "§", ",", "and", "or",
               "lavender", "new lotion", "  ", "\t")
    rng = random.Random(7)
    for _ in range(3_000):
        text = " ".join(rng.choice(phrases) for _ in range(rng.randint(1, 12)))
        found = note_clauses._OPEN_ENDED[pattern].search(text)
        earliest = len(text) if found is None else found.start()
        for cut in range(len(text) + 1):
            if pattern.search(text[:cut]) is not None:
                assert earliest < cut, (text, cut)
