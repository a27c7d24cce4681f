"""Notes → profile without a model: clauses, lexicon matches, and the cues around them (negation, history,
someone else, allergy context, focus/avoid). Pure and deterministic for a given day: a year in a note ("stopped
Accutane in 2026") is long ago or not depending on the day it is read, which the caller passes as ``today`` (the
clock is read once, at the call, when it does not).

The text is cut into sentences and then into clauses at "but", "though", dashes and the like; a cue only
reaches the terms of its own clause. Each match then answers a few questions: is it negated ("not allergic
to latex"), in the past ("no longer pregnant", "stopped Accutane two years ago"), about someone else ("her
husband has a nut allergy"), and for allergens, is this an allergy context at all ("latex fine" is not).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Literal

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.forms import _checkbox, _denied_by_a_pair_label, _PairAnswer, _yes_no_boxes
from spa_copilot.ai.lexicon import Term
from spa_copilot.ai.schemas import PROFILE_FIELDS, Evidence, GuestProfile
from spa_copilot.ai.vocabulary import CAUTIONS, caution_line
from spa_copilot.domain import HealthHistory

#: A full stop ends a sentence unless it ends a short form written mid-sentence ("Hates strong smells, esp.
#: peppermint", "Avoid strong scents, e.g. eucalyptus", "Mrs. Lee"): there the example belongs to the words before.
_ABBREVIATIONS = ("esp", "e.g", "eg", "i.e", "ie", "incl", "approx", "ex", "vs", "mr", "mrs", "ms", "dr")
_SENTENCE_BOUNDARY = re.compile(
    r"(?<=[.!?])" + "".join(rf"(?<!\b(?i:{re.escape(short)})\.)" for short in _ABBREVIATIONS) + r"\s+|\n+|;"
)
#: Whitespace before a connector or a dash is matched from the start of its run only (``(?<!\s)``, or right after a
#: " -- " break, where the scan resumes inside a run): tried at every space of a long run, each attempt read the run
#: to its end and back, so 10,000 spaces took half a second. A run's later spaces never start a match the first one
#: did not (the same run, followed by the same thing), so the boundaries found are the same.
_CLAUSE_BOUNDARY = re.compile(
    r"(?:(?<!\s)|(?<=\s--\s))(?:\s+(?=(?:but|however|though|although|except|whereas|otherwise|so|instead|while)\b)"
    r"|\s+[—–]\s*)|[—–]\s*|\s--\s",
    re.IGNORECASE,
)
_LEADING_CONNECTOR = re.compile(
    r"^(?:but|however|though|although|except|whereas|otherwise|so|instead|while)\b,?\s*", re.IGNORECASE
)
_CONNECTORS = frozenset({"and", "or", "nor", "&", "/"})
_EVIDENCE_STRIP = " ,.;:!?()—–-\"'"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a few": 3, "few": 3, "couple of": 2}
_Adder = Callable[[str, str, str], None]
_Stated = Callable[[], bool]  # whether words before a term state it (``_stated``), asked only when it matters
_ScentReading = Literal["avoid", "neither", "liked"] | None
_EMPTY_ANSWERS = frozenset({"", "none", "no", "n/a", "na", "nil", "nka", "nkda", "-", "ninguna", "ninguno", "nada"})


@dataclass
class _Match:
    term: Term
    start: int  # relative to the clause
    end: int
    text: str
    consumed: bool = False

    @property
    def group(self) -> str:
        """The field a match competes in for list and negation rules."""
        return "allergies" if self.term.kind == "allergen" else self.term.field


@dataclass
class _Clause:
    sentence: int
    offset: int  # absolute start in the note
    text: str
    matches: list[_Match]
    masked: str  # text with every matched term blanked, for cue searches
    # answers kept for the note's reading, by a mention's start: a list's mentions each read the one before them
    scent_readings: dict[int, _ScentReading] = dataclass_field(default_factory=dict, repr=False, compare=False)
    area_list_ends: dict[int, int] = dataclass_field(default_factory=dict, repr=False, compare=False)
    earliest: dict[tuple[re.Pattern[str], str], int] = dataclass_field(default_factory=dict, repr=False, compare=False)
    turned_down: list[int] = dataclass_field(default_factory=list, repr=False, compare=False)  # ``_first_turned_down``

    @property
    def evidence(self) -> str:
        return _quote(self.text)

    @cached_property
    def _starts(self) -> list[int]:
        return [m.start for m in self.matches]

    def starting_before(self, position: int) -> int:
        """How many of the matches start before ``position``: the index of the first one at or after it."""
        return bisect.bisect_left(self._starts, position)

    def matches_within(self, low: int, high: int) -> list[_Match]:
        """The matches that lie inside ``text[low:high]`` (``matches`` is sorted by start)."""
        first = bisect.bisect_left(self._starts, low)
        last = bisect.bisect_left(self._starts, high)
        return [m for m in self.matches[first:last] if m.end <= high]

    # Each mention's rules read the clause before it; what they read there is written once per clause below, so a
    # mention costs a slice of it rather than a pass over every term of the clause ("🥜 " x 5,000, one term every
    # two characters, took 2.2–2.6 s). The matches do not overlap, so a prefix ``[:start]`` of these texts is exactly
    # what the rules built for the mention at ``start``.

    @cached_property
    def listed(self) -> str:
        """``text`` with each allergen (or scent that can be one) written "§" and spaces, in the same length."""
        chars = list(self.text)
        for m in self.matches:
            if m.group == "allergies" or m.term.allergen:
                chars[m.start : m.end] = "§".ljust(m.end - m.start)
        return "".join(chars)

    @cached_property
    def masked_keeping_no(self) -> str:
        """``masked`` with the "no" of each "no fragrance" / "no essential oils" put back (``_kept_away_allergen``)."""
        chars = list(self.masked)
        for m in self.matches:
            if lx.NO_SCENT_ALLERGEN.match(m.text):
                chars[m.start : m.start + 2] = m.text[:2]
        return "".join(chars)

    def may_match_before(self, pattern: re.Pattern[str], text: str, position: int) -> bool:
        """False when ``pattern`` (one of ``_OPEN_ENDED``) has no match in ``text[:position]``, ``text`` being this
        clause's text or one written from it above: its open-ended form first matches the whole ``text`` at
        ``position`` or after, or nowhere (searched once per clause and text)."""
        key = (pattern, text)
        if key not in self.earliest:
            found = _OPEN_ENDED[pattern].search(text)
            self.earliest[key] = len(text) if found is None else found.start()
        return self.earliest[key] < position

    @cached_property
    def allergy_or_condition_cues(self) -> list[re.Match[str]]:
        """The clause's questions for allergies and conditions at once (``lexicon.ALLERGY_OR_CONDITION_CUE``)."""
        return list(lx.ALLERGY_OR_CONDITION_CUE.finditer(self.text))

    @cached_property
    def items(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each list item of the clause (``_item_spans``), in order."""
        return _item_spans(self.text, 0)

    @cached_property
    def exceptions(self) -> list[re.Match[str]]:
        """The exception words of the clause ("except", "other than"...: ``lexicon.EXCEPTION_CUE``), in order."""
        return list(lx.EXCEPTION_CUE.finditer(self.text))


def _open_ended(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without the "$" or the "\\b" it ends with."""
    for end in ("$", r"\b"):
        if pattern.pattern.endswith(end):
            return re.compile(pattern.pattern.removesuffix(end), pattern.flags)
    raise ValueError(f"{pattern.pattern!r} ends with neither '$' nor a word boundary")


#: Cues searched in the clause before each mention (a pass over it per mention), each without the "$" or "\b" it
#: ends with: where a cue matches the clause cut at a mention, this matches the whole clause at the same place (what
#: follows the cue's words is optional, or reads no further than it matches), so a mention before the first place it
#: matches has no such cue in front of it (``_Clause.may_match_before``). A note of one term over and over names no
#: cue at all ("🥜 " x 5,000 searched 5,000 times for a refusal, an allowance and a reaction).
_OPEN_ENDED = {
    pattern: _open_ended(pattern)
    for pattern in (lx.REFUSAL_BEFORE, lx.ALLOWED_BEFORE, lx.REACTION_BEFORE, lx.INSTRUCT_NO)
}


def _quote(text: str) -> str:
    """The words of ``text`` as the note says them, without the spaces, punctuation and leading "but" / "except"
    around them; a bracket stays when it closes (or opens) one inside: "Accutane (2015)." → "Accutane (2015)"."""
    text = _LEADING_CONNECTOR.sub("", _strip_balanced(text))
    return _strip_balanced(text)


def _strip_balanced(text: str) -> str:
    start, end = 0, len(text)
    while start < end and text[start] in _EVIDENCE_STRIP:
        start += 1
    while end > start and text[end - 1] in _EVIDENCE_STRIP:
        end -= 1
    unclosed = text.count("(", start, end) - text.count(")", start, end)
    while unclosed > 0 and (close := text.find(")", end)) != -1:
        end, unclosed = close + 1, unclosed - 1
    while unclosed < 0 and (opening := text.rfind("(", 0, start)) != -1:
        start, unclosed = opening, unclosed + 1
    return text[start:end]


def _span_evidence(notes: str, *clauses: _Clause) -> str:
    """The note's own words from the first of ``clauses`` to the end of the last, dashes and all ("no allergies
    except shellfish", "Allergic to nuts; no lavender")."""
    start = min(clause.offset for clause in clauses)
    end = max(clause.offset + len(clause.text) for clause in clauses)
    return _quote(notes[start:end])


_HEADING = re.compile(r"^[ \t]*([A-Za-z][\w /&'’()-]{0,40}?)[ \t]*:[ \t]*$")
_BULLET = re.compile(r"^[ \t]*(?:[-*•·–—+]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+(\S.*)$")


def unfold_lists(notes: str) -> str:
    """Items listed under a heading on the lines that follow, each joined to the heading on one line:
    "Allergies:\\n- latex\\n* Almond oil" → "Allergies: latex\\nAllergies: Almond oil", so the heading's cue reaches
    every item (``-``, ``*``, ``•`` and ``1.`` / ``a)`` bullets; the list ends at the first line that is not one)."""
    lines = notes.split("\n")
    heading: str | None = None
    for index, line in enumerate(lines):
        bullet = _BULLET.match(line)
        if heading is not None and bullet is not None:
            lines[index] = f"{heading}: {bullet.group(1).strip()}"
            continue
        found = _HEADING.match(line)
        heading = found.group(1).strip() if found else None
    return "\n".join(lines)


def split_clauses(text: str) -> list[tuple[int, int, str]]:
    """``(sentence index, absolute start, clause text)`` for every non-empty clause. An allergy heading stays with
    the clause after it on its line ("Allergies — latex", "ALLERGIES -- LATEX", "Allergies? latex"), so its cue
    reaches the items."""
    clauses: list[tuple[int, int, str]] = []
    sentences = [piece for span in _spans(text, _SENTENCE_BOUNDARY, 0) for piece in _cut_run_on(*span)]
    for sentence_index, (s_start, s_text) in enumerate(sentences):
        for c_start, c_text in _spans(s_text, _CLAUSE_BOUNDARY, s_start):
            if not c_text.strip(_EVIDENCE_STRIP):
                continue
            if _heads_the_next_clause(text, clauses, c_start):
                heading_start = clauses.pop()[1]
                c_text, c_start = text[heading_start : c_start + len(c_text)], heading_start
            clauses.append((sentence_index, c_start, c_text))
    return clauses


#: The longest sentence read as one: a longer stretch with no full stop, line break or semicolon (a pasted run-on
#: note) is read in pieces of at most this length (``_cut_run_on``). Deciding a mention weighs the words of its whole
#: sentence, so an unbounded sentence made a note's reading grow with the cube of its length ("no nuts or latex
#: allergies " x 160, 4,300 characters, took 4.8 s; x 400, 63 s). Long enough for any sentence a person writes: a cue
#: reaches what follows it within the piece ("Severe nut allergy ... no lavender" 430 characters apart; at 400 the
#: lavender was lost), and a 10,000-character run-on note still reads in about a second.
MAX_SENTENCE = 1_000


def _cut_run_on(start: int, sentence: str) -> list[tuple[int, str]]:
    """``(start, text)`` pieces of a sentence, each at most ``MAX_SENTENCE`` characters: the sentence itself when it
    is short enough; else each stretch cut at its last comma, else before its last "no", "not", "avoid"... (so a
    phrase like "not allergic to latex" is never split from its own negation), else at its last space."""
    pieces: list[tuple[int, str]] = []
    while len(sentence) > MAX_SENTENCE:
        stretch = sentence[:MAX_SENTENCE]
        cut = _last_cut(stretch)
        pieces.append((start, sentence[:cut]))
        start, sentence = start + cut, sentence[cut:]
    pieces.append((start, sentence))
    return pieces


#: Read on the second half of a stretch cut off (no pattern looks behind its start): the spaces before a negation from
#: the start of their run only, as ``_CLAUSE_BOUNDARY`` (the same cuts; tried at every space of a long run it was
#: quadratic in the run).
_RUN_ON_CUTS = (
    re.compile(r",\s*"),
    re.compile(r"(?<!\s)\s+(?=(?:no|not|never|avoid|without|nka|nkda|denies)\b)", re.IGNORECASE),
    re.compile(r"\s+"),
)


def _last_cut(stretch: str) -> int:
    """Where to end a piece of a run-on sentence: after the last comma, before the last negation, or after the last
    space in the second half of ``stretch``; its whole length when there is none."""
    half = len(stretch) // 2
    for pattern in _RUN_ON_CUTS:
        ends = [m.end() for m in pattern.finditer(stretch[half:])]
        if ends:
            return half + ends[-1]
    return len(stretch)


def _heads_the_next_clause(text: str, clauses: list[tuple[int, int, str]], next_start: int) -> bool:
    """The last clause so far is an allergy heading that opens its sentence and hands over to the next clause on
    the same line with a dash, a colon or a question mark ("Allergies — latex", "Allergies? latex"); not "No
    lavender – allergy. Eucalyptus is fine.", where the allergy word is the reason for the "no"."""
    if not clauses:
        return False
    sentence, start, clause_text = clauses[-1]
    if len(clauses) > 1 and clauses[-2][0] == sentence:
        return False
    handover = (clause_text + text[start + len(clause_text) : next_start]).strip()
    if not handover or "\n" in handover or handover[-1] not in "?:-–—":
        return False
    if lx.ALLERGY_HEADING.match(clause_text) is not None:
        return True
    # a booking form's question ("Q: Allergies?", "Any allergies or medical conditions?") naming no term itself
    return lx.ALLERGY_QUESTION_HEADING.match(clause_text) is not None and not _find_matches(clause_text)


def _spans(text: str, boundary: re.Pattern[str], base: int) -> list[tuple[int, str]]:
    spans: list[tuple[int, str]] = []
    position = 0
    for match in boundary.finditer(text):
        spans.append((base + position, text[position : match.start()]))
        position = match.end()
    spans.append((base + position, text[position:]))
    return spans


def _find_matches(clause: str) -> list[_Match]:
    found = [
        _Match(term, m.start(), m.end(), m.group(0)) for term, rx in lx.COMPILED for m in rx.finditer(clause)
    ]
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    # the longest first, each kept unless it overlaps one kept: those kept are disjoint, held in order of start (and so
    # of end), and the only one that can overlap a match is the last to start before it ends (each match was checked
    # against every one kept: quadratic in a clause of many terms)
    chosen: list[_Match] = []
    starts: list[int] = []
    for match in found:
        index = bisect.bisect_left(starts, match.end)
        if index == 0 or chosen[index - 1].end <= match.start:
            chosen.insert(index, match)
            starts.insert(index, match.start)
    return chosen


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text`` (the cue nearest what follows), or None."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last one
        pass
    return found


def _mask(clause: str, matches: Iterable[_Match]) -> str:
    chars = list(clause)
    for match in matches:
        if match.term.kind != "area":
            chars[match.start : match.end] = " " * (match.end - match.start)
    return "".join(chars)


# --- the questions asked of each match ---


def _negated(clause: _Clause, match: _Match, *, window: int = 6, through_smell: bool = False) -> bool:
    """A negation governs the term. ``through_smell`` (a preference's reading, never an allergy's): "Hates the scent of
    lavender" reaches lavender over the word "scent" (``_smell_of``), and a negation's word in praise is none ("Can't
    get enough of the scent of lavender", "Nothing beats eucalyptus": ``lexicon.PRAISE_WITH_A_NEGATION``)."""
    before = clause.masked[: match.start]
    cues = list(lx.NEGATION.finditer(before))
    if not cues:
        return False
    cue = cues[-1]
    if through_smell and any(
        praise.start() <= cue.start() < praise.end() for praise in lx.PRAISE_WITH_A_NEGATION.finditer(before)
    ):
        return False
    gap = before[cue.end() :]
    if "(" in gap or ")" in gap or len(gap.split()) > window:
        return False
    if lx.EXCEPTED_BETWEEN.search(gap):
        return False  # "no meds other than lisinopril", "no scents except lavender": the one named is the exception
    if _new_statement_after_break(clause, cue, match):
        return False  # "NKA - pregnant", "No hot stones: varicose veins", "NO ALMOND OIL - NUT ALLERGY"
    between = [m for m in clause.matches if cue.end() <= m.start and m.end <= match.start]
    if any(
        m.group != match.group and m.term.kind != "blocker" and not (through_smell and _smell_of(clause, m))
        for m in between
    ):
        return False
    if "," in gap:
        if _begins_a_heading_item(clause, cue):
            return False  # "Allergies: not latex, shellfish": the "not" denies latex only, the list's items are its own
        head, _, tail = clause.text[cue.end() : match.start].partition(",")
        if not any(m.group == match.group and m.end <= cue.end() + len(head) for m in between):
            return False
        rest = tail
        for m in between:
            rest = rest.replace(m.text, " ")
        if any(word not in _CONNECTORS for word in rest.replace(",", " ").split()):
            return False
    return True


#: The text from an allergy heading's cue ("Allergies:", "Allergies -") to an item that a "not" or "no" begins: the
#: items before it, each ending in a comma ("Allergies: kiwi, not latex, shellfish").
_ITEMS_BEFORE = re.compile(r"(?:[^,;:\n]*,)*[^\S\n]*")  # each item ends at its own comma: one way to match
_ITEM_NEGATION = re.compile(r"no|not", re.IGNORECASE)
_ITEM_DENIAL = re.compile(r"[^\S\n]*(?:no|not)[^\S\n]+(?=\w)", re.IGNORECASE)


def _begins_a_heading_item(clause: _Clause, negation: re.Match[str]) -> bool:
    """``negation``, a "not" or "no", begins an item of the list under an allergy heading ("Allergies: not latex,
    shellfish", "Allergies: kiwi, not latex, shellfish"): it denies that item only, not the items after its comma.
    Not a negation of the heading's own ("Not allergic to latex, shellfish") nor one joined by "or" ("Allergies: not
    latex or shellfish", which has no comma)."""
    if not _ITEM_NEGATION.fullmatch(negation.group(0)):
        return False
    before = clause.text[: negation.start()]
    heads = [cue for cue in lx.STRONG_ALLERGY_CUE.finditer(before) if cue.group(0).rstrip()[-1:] in ":-\u2013\u2014"]
    if not heads:
        return False
    if lx.ALLERGY_CUE.search(clause.text, negation.end(), negation.end() + 40):
        return False  # "Allergies: not allergic to latex, shellfish": a denial of its own, as in prose
    if re.match(r"[^\S\n]*[:\-\u2013\u2014]", clause.text[negation.end() :]):
        return False  # "Allergies - No: latex, shellfish": the heading's answer, read as before d522932 (none)
    if _denied_series(clause.text, negation.end()):
        return False  # "Allergies: not latex, nuts, or shellfish": the "not" denies the whole series
    return _ITEMS_BEFORE.fullmatch(before, heads[-1].end()) is not None


def _denied_series(text: str, end: int) -> bool:
    """What follows a "not" or "no" that ends at ``end`` of ``text`` is a series of three or more names that ends
    with "or" ("not latex, nuts, or shellfish", "not latex, nuts or shellfish"): the "not" denies all of it, as it
    does "not latex or shellfish". A series without "or" ("not latex, shellfish, sulfa") is read item by item, each
    name after the first kept, as is a pair ("not latex, shellfish"): when in doubt, the allergy is kept."""
    series = re.split(r"[.?!;:(\n]", text[end:], maxsplit=1)[0]
    return "," in series and re.search(r"(?:,|\s)[^\S\n]*or[^\S\n]+[^,]*$", series, re.IGNORECASE) is not None


def _ends_at_a_break(text: str, negation: re.Match[str], position: int) -> int | None:
    """Where the statement of ``negation`` ends before ``position``, or ``None``: at a spaced dash, an en or em dash
    or a colon (``lexicon.STATEMENT_BREAK``) once the negation has what it denies in front of it ("No hot stones -",
    "No allergies:") or is a whole statement by itself ("NKA -", "none -"). Not while it still waits for its object
    ("Not allergic to: latex", "Denies: pregnancy", "No history of: DVT"). Returns the end of the last such break."""
    ends, last_word, previous = None, "", negation.end()
    for found in lx.STATEMENT_BREAK.finditer(text, negation.end(), position):
        words = re.sub(r"[^\w\s'’/-]", " ", text[previous : found.start()]).lower().split()
        last_word = words[-1] if words else last_word  # each stretch read once: linear in a run of breaks
        if last_word not in lx.GOVERNING_WORDS if last_word else negation.group(0).lower() in lx.COMPLETE_NEGATIONS:
            ends = found.end()
        previous = found.end()
    return ends


def _ends_at_a_reason(text: str, negation: re.Match[str], position: int) -> int | None:
    """Where the statement of ``negation`` ends before ``position`` at a reason or a time (``lexicon.REASON_CONNECTOR``:
    "no facials after botox", "No massage due to pregnancy"), once the negation has what it denies in front of it;
    ``None`` when it has not ("Not after surgery") or there is none. Returns the end of the last such connector."""
    ends = None
    for found in lx.REASON_CONNECTOR.finditer(text, negation.end(), position):
        words = re.sub(r"[^\w\s'’/-]", " ", text[negation.end() : found.start()]).lower().split()
        if words and words[-1] not in lx.GOVERNING_WORDS:
            ends = found.end()
    return ends


def _new_statement_after_break(clause: _Clause, negation: re.Match[str], match: _Match) -> bool:
    """A new allergy or condition follows a break or a reason that ends the negation's statement, so the negation does
    not reach it: any condition ("NKA - pregnant", "no heat - high blood pressure", "No massage due to pregnancy"), an
    allergen only with an allergy of its own after the break ("NO ALMOND OIL - NUT ALLERGY", "No oils - allergic to
    nuts"). "No allergies - latex" stays the
    denial's list, and "No lavender – allergy" the reason for the "no" (the term stands before the break)."""
    if match.term.field != "contraindications" and match.term.kind != "allergen" and match.term.allergen is None:
        return False
    ends = _ends_at_a_break(clause.text, negation, match.start)
    if ends is None:
        ends = _ends_at_a_reason(clause.text, negation, match.start)
    if ends is None:
        return False
    if match.term.field == "contraindications":
        return True
    after, tail = clause.text[match.end :], clause.text[ends : match.start]
    return bool(
        lx.ALLERGY_NOUN_AFTER.match(after)
        or lx.REACTION_AFTER.match(after)
        or lx.ALLERGY_CUE.search(tail)
        or lx.REACTION_BEFORE.search(tail)
    )


def _answered(note: str, clause: _Clause, match: _Match, pattern: re.Pattern[str]) -> bool:
    """A checklist answer right after the term ("Latex: no", "Nuts? yes"). The answer belongs to the nearest term
    before it: in "Allergic to nuts, no fragrance? no" the "no" answers the fragrance question, not the nuts. A body
    area is where, not a question: "Recent sunburn on back? No" answers the sunburn. Nor is it the term's when another
    label stands before its colon ("Pregnant 14wks, Meds: no longer": ``_label_start``)."""
    answer = _answer_after(
        note, clause.offset + match.end, pattern, stated=lambda: _stated(clause, match), value=match.term.value
    )
    if answer is None:
        return False
    answered_at = match.end + answer.end()
    return not any(
        match.end <= other.start < answered_at and other.term.value != match.term.value and other.term.kind != "area"
        for other in clause.matches
    )


def _answer_after(
    notes: str, at: int, pattern: re.Pattern[str], *, stated: _Stated, value: str | None = None
) -> re.Match[str] | None:
    """``pattern``'s checklist answer to the words that end at ``notes[at]`` (a term, an allergy cue or noun), or None;
    not when its colon ends another label (``_label_start``; ``stated``: words before the term state it). Its own
    answer before a joiner and another label counts ("Blood thinners: no and Advil: stopped"), but not before a term
    of its own ``value`` (any term for a cue or noun), whose words may be read as negated by it ("Blood thinners: none
    and Eliquis: yes")."""
    window = notes[at : at + 60]
    if "lead" not in pattern.groupindex:
        return pattern.match(window)
    answer = _own_answer(window, pattern, stated)
    joiner = _JOINER.search(window) if answer is None else None
    if joiner is not None and _COLON_OR_QUESTION.search(window, joiner.end()):
        after = [found.term.value for found in _find_matches(window[joiner.end() :])]
        if not (value in after if value is not None else after):
            answer = _own_answer(window[: joiner.start()], pattern, stated)
    return answer


#: "and", "&", "+" or a spaced slash, after which a checklist's line may go on with another item.
_JOINER = re.compile(r"[^\S\n]+(?:and|&|\+|/)[^\S\n]", re.IGNORECASE)


def _own_answer(window: str, pattern: re.Pattern[str], stated: _Stated) -> re.Match[str] | None:
    """``pattern``'s answer at the start of ``window`` when it is the term's own (``_label_start``)."""
    answer = pattern.match(window)
    if answer is None:
        return None
    label = _label_start(answer.group("lead"), stated=stated)
    if label is None:
        return answer
    # the term's own item may answer it before the other label ("Pregnant? No and Meds: none", "Latex allergy - no
    # | Meds: none"), where its answer, followed by the label, did not end the line
    return pattern.match(answer.group("lead")[:label])


def _always() -> bool:
    return True


_ALWAYS: _Stated = _always  # an allergy cue or noun states what it names ("Allergic to latex", "Nut allergy")


def _past_after(clause: _Clause, position: int) -> bool:
    """An allergy cue or noun ending at ``position`` is put in the past after it ("allergic to latex, outgrew it"),
    within its own item: "Latex allergy, rash: resolved" is the rash's."""
    after = lx.ALLERGY_PAST_AFTER.search(clause.masked, position)
    return after is not None and after.start() < _item_end(clause, position, stated=_ALWAYS)


def _stated(clause: _Clause, match: _Match) -> bool:
    """Words right before the term state it ("On Eliquis", "Allergic to latex"): ``lexicon.STATED_BEFORE``; or a
    heading lists it ("Allergies: latex, meds: none"): ``lexicon.LISTED_BEFORE``."""
    return _stated_at(clause.text, 0, match.start)


def _stated_at(text: str, low: int, start: int) -> bool:
    """``_stated`` for a term at ``text[start]`` in a clause that starts at ``text[low]``."""
    if lx.STATED_BEFORE.search(text, max(low, start - 40), start):
        return True
    return lx.LISTED_BEFORE.search(text, max(low, start - 160), start) is not None


def answer_after(
    text: str, clause_start: int, term: tuple[int, int], pattern: re.Pattern[str], *, value: str | None = None
) -> re.Match[str] | None:
    """The checklist answer (``lexicon.ANSWER_NO``, ``ANSWER_PAST``) right after ``text[term[0]:term[1]]``, a term
    of ``value`` in the clause that starts at ``text[clause_start]``, when this reader reads it as the term's own
    (``_answer_after``): not "Pregnant 14wks, Meds: none". For the guardrails' reading of a draft or a note."""
    return _answer_after(text, term[1], pattern, stated=lambda: _stated_at(text, clause_start, term[0]), value=value)


_COLON_OR_QUESTION = re.compile(r"[:?]")
_FIELD_SEPARATORS = frozenset("|•·")
_DIGIT = re.compile(r"\d")
_LAST_WORD = re.compile(r"[^\W_]+[^\S\n]*$")


def _item_end(clause: _Clause, position: int, *, stated: _Stated) -> int:
    """Where the words after ``clause.text[position]`` (a term's or a cue's end) stop being its own: before another
    label with a colon of its own ("On Eliquis, Advil: stopped": Advil's answer, not the Eliquis's; ``stated``:
    words before the term state it), else at the clause's end."""
    text = clause.text[position : position + 60]
    for colon in _COLON_OR_QUESTION.finditer(text):
        label = _label_start(text[: colon.start()], stated=stated)
        if label is not None:
            return position + label
    return len(clause.text)


def _label_start(lead: str, *, stated: _Stated) -> int | None:
    """Where the words between a term and its answer's colon (``lead``) end the term's item and start another's label,
    whose answer it is: "Pregnant 14wks, Meds: no longer", "On Eliquis, Advil: stopped", "Shellfish allergy, other:
    none" (the position of the separator), or None. A list sharing one answer stays answered, of terms or of a
    label's words ("Retinol, tret: stopped", "Pregnant/nursing? No", "Pregnancy, meds: none"), and so do a heading's
    brackets, where its words go on ("Pregnant (14 wks, due May): no", "Blood thinners (warfarin, eliquis)? No").

    The label starts after the last separator outside brackets (``lexicon.ANSWER_LABEL_SEPARATOR``); before the word
    a slash with no space joins to it ("Latex allergy - Meds/supps: none"), and at a comma, pipe or bullet before an
    "and" or "&" when no term stands between ("Allergic to latex, meds and supps: none"). It is another's when it has
    a word that is no form's filler (``lexicon.ANSWER_LABEL_FILLER``), or another term ("Pregnant 14wks | Retinol:
    stopped"), and the term's own item (up to the first separator but a dash) is a statement: it has words of its
    own ("Pregnant 14wks", "Retinol - nightly") or an answer of its own ("Pregnant: yes, Meds: none"), a number
    stands in the items between ("Pregnant, 20 wks, meds: none"), or, when the label's separator lists items (a
    comma, a pipe, a bullet, a spaced dash or slash), the separator sets a record's fields apart (a pipe, a bullet),
    words before the term state it ("On Eliquis", "Allergies: latex": ``_stated``) or the label asks for anything
    else ("other"). Items between the two are a list's ("Pregnant, nursing, meds: none" may deny all three)."""
    start = _after_closing_bracket(lead)
    separators = [
        found for found in lx.ANSWER_LABEL_SEPARATOR.finditer(lead, start) if _depth(lead[start : found.start()]) == 0
    ]
    if not separators:
        return None
    terms = _lead_terms(lead)
    label = separators[-1]
    at, end = label.start(), label.end()
    if label.group("joined") is not None:
        # a slash with no space beside it joins one label's words ("Meds/supps: none"): the label starts before the
        # word it joins, at the separator right before that word when there is one ("Latex allergy - Meds/supps")
        word = _LAST_WORD.search(lead, 0, at)
        at = end = word.start() if word is not None else at
        before = [found for found in separators[:-1] if found.end() <= at and not lead[found.end() : at].strip()]
        label = before[-1] if before else None
        if label is not None:
            at, end = label.start(), label.end()
    if label is not None and label.group("listing") is None:
        # a label's words joined after a comma, pipe or bullet ("Allergic to latex, meds and supps: none"): the
        # label starts there when no term stands between
        listing = next((found for found in reversed(separators) if found.end() <= at and found.group("listing")), None)
        if listing is not None and listing.group("dash") is None and not any(listing.end() <= s < at for s, _ in terms):
            label, at, end = listing, listing.start(), listing.end()
    if not _plain_words(lead, end, len(lead), terms) and not any(start >= end for start, _ in terms):
        return None  # the label's words are a form's filler: the term's own ("Pregnant, y/n: no")
    own = min(next((found.start() for found in separators if found.group("dash") is None), at), at)
    if _plain_words(lead, 0, own, terms) or _COLON_OR_QUESTION.search(lead, 0, own) or _DIGIT.search(lead, 0, at):
        return at  # its own words or answer; a number in the items between is no question ("Pregnant, 20 wks, meds")
    # a comma, a pipe, a bullet, a spaced dash or slash list items ("On Eliquis / Other: none"); a pipe or a bullet
    # sets a record's fields apart, as ``_fields_on_own_lines`` does before a heading ("Pregnant • Meds/supps: none")
    listing = label is not None and (label.group("listing") is not None or label.group(0) == "/")
    if listing and (label.group(0) in _FIELD_SEPARATORS or lx.OTHER_LABEL.match(lead[end:]) or stated()):
        return at
    return None


def _after_closing_bracket(text: str) -> int:
    """Where ``text`` leaves a bracket opened before it (after its ")"), 0 when it is in none."""
    depth, start = 0, 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if depth < 0:
            depth, start = 0, index + 1
    return start


def _depth(text: str) -> int:
    return sum((char in "([") - (char in ")]") for char in text)


@lru_cache(maxsize=1024)
def _lead_terms(lead: str) -> tuple[tuple[int, int], ...]:
    """The spans of the terms in a short text (an answer's ``lead``), read once per text."""
    return tuple((found.start, found.end) for found in _find_matches(lead))


_WORD = re.compile(r"[^\W_]+(?:[.'’/][^\W_]+)*\.?")


def _plain_words(text: str, low: int, high: int, terms: tuple[tuple[int, int], ...]) -> list[str]:
    """The words of ``text[low:high]`` that are neither part of a term nor a form's filler."""
    return [
        word.group(0)
        for word in _WORD.finditer(text, low, high)
        if word.group(0).lower() not in lx.ANSWER_LABEL_FILLER
        and not any(start < word.end() and word.start() < end for start, end in terms)
    ]


def _segment(clause: _Clause, match: _Match) -> tuple[int, int]:
    """The comma segment of a clause that holds a match, as ``(start, end)``.

    A segment that is only a list item ("Used to take warfarin, Plavix") continues the one before it, so a cue
    in front of a list reaches every item of it; one with words of its own ("Former smoker, recent surgery")
    does not.
    """
    commas = [i for i, char in enumerate(clause.text) if char == ","]
    start = max((i + 1 for i in commas if i < match.start), default=0)
    end = min((i for i in commas if i >= match.end), default=len(clause.text))
    while start > 0:
        words = re.sub(r"[^\w]+", " ", clause.masked[start : match.start]).split()
        if any(word.lower() not in _CONNECTORS for word in words):
            break
        start = max((i + 1 for i in commas if i < start - 1), default=0)
    return start, end


def _in_past(note: str, clause: _Clause, match: _Match, today: date) -> bool:
    start, end = _segment(clause, match)
    before = clause.masked[start : match.start]
    cue = _last_match(lx.HISTORY_BEFORE, before)
    past = False
    if cue is not None:
        gap = before[cue.end() :]
        past = "(" not in gap and len(gap.split()) <= 6 and lx.CURRENT.search(gap) is None
    past = past or lx.WAS_BEFORE.search(before) is not None or lx.OFF_BEFORE.search(before) is not None
    segment = clause.masked[start:end]
    current = lx.CURRENT.search(segment) is not None or lx.ON_BEFORE.search(before) is not None
    current = current or lx.SINCE.search(clause.masked[match.end : end]) is not None  # "Letrozole since 2020"
    if match.term.value not in lx.CHRONIC and not current:
        past = past or lx.HISTORY_TIME.search(segment) is not None or _dated_long_ago(segment, today)
    if match.term.value == "sunburn" and lx.SUNBURN_PAST.search(segment) and not lx.SUNBURN_NOW.search(clause.masked):
        past = True  # "Bad sunburn last summer in Hawaii"; not "Sunburn last summer and again this weekend"
    old = lx.LONG_AGO.search(segment) if match.term.value == "recentInjectables" else None
    if old is not None and not _injectable_after(clause, start + old.end()):
        past = past or not _injected_lately(note, clause)  # "Lip filler last done ~8 months ago"
    past = past or _ended_after(note, clause, match, end)
    past = past or _answered(note, clause, match, lx.ANSWER_PAST)
    if past and _restarted_after(note, clause, match):
        return False  # "Accutane: stopped 2019, restarted last month"
    if past and match.term.value == "isotretinoin":
        return _long_ago(clause.text, today)  # six months off isotretinoin before waxing or peels; unsure = still on it
    if past and match.term.value == "retinoids":
        stopped = lx.DAYS_AGO.search(clause.masked, start, end)  # "Stopped retinol 2 days ago": not off it long enough
        if stopped is not None:
            return _amount(stopped.group(1) or "1") >= lx.RETINOID_WASHOUT_DAYS
    return past


#: How far after a stopped term a restart is looked for (bounded: each mention of a term reads it).
_RESTART_REACH = 120
#: After a restart: nothing, or when and how ("restarted last month", "resumed in Oct", "restarted 11/1", "restarted
#: at a lower dose", "restarted by derm", "restarted treatment"), never another thing taken up ("restarted yoga",
#: "resumed facials", "restarted birth control").
_RESTART_TAIL = re.compile(
    r"[^\S\n]*(?:$|[^\w\s]|\d|at[^\S\n]+\d|(?:it|them|again|back|recently|lately|since|in|on|last|this|early|late|mid|around|about"
    r"|after|before|per|under|with|w|at[^\S\n]+(?:a|an|low|lower|higher|half|the[^\S\n]+same)|a|an|low|lower"
    r"|higher|half|same|now|yesterday|today|daily|weekly|monthly|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*"
    r"|sep\w*|oct\w*|nov\w*|dec\w*|two|three|several|by|for|as|when|once|due|because|treatment|course|therapy"
    r"|round|cycle|dose|dosing|meds?|medication|approx\w*"
    r"|(?:her|his|their|the)[^\S\n]+(?:course|meds?|medication|treatment|therapy|dose|round|cycle))\b)",
    re.IGNORECASE,
)


def _restarted_after(note: str, clause: _Clause, match: _Match) -> bool:
    """After the term, in its sentence (up to ``_RESTART_REACH`` characters), the note says it was taken up again
    (``lexicon.RESTARTED``: "Accutane: stopped 2019, restarted last month", "Stopped warfarin in 2020 but restarted
    it in March"), with no other condition named before that (then the restart is that one's: "Stopped Accutane in
    2019, restarted warfarin") and no stop after it ("…, restarted 2020, stopped again in May")."""
    start = clause.offset + match.end
    window = re.split(r"\n|[.!?](?:\s|$)", note[start : start + _RESTART_REACH], maxsplit=1)[0]
    cue = lx.RESTARTED.search(window)
    if cue is None or lx.HISTORY_AFTER.search(window, cue.end()) or lx.HISTORY_BEFORE.search(window, cue.end()):
        return False
    if not _RESTART_TAIL.match(window, cue.end()):
        return False  # something else taken up again: "Stopped Accutane in 2019, restarted yoga last month"
    return not any(m.term.field == "contraindications" for m in _find_matches(window))


def _injectable_after(clause: _Clause, position: int) -> bool:
    """The clause names an injectable after an old date, its own item with its own time ("Botox 8 months ago, filler
    Monday"); the old date is not all of them (unlike "Botox/filler 8 months ago")."""
    return any(m.term.value == "recentInjectables" and m.start >= position for m in clause.matches)


def _injected_lately(note: str, clause: _Clause) -> bool:
    """A recent one in the clause (``lexicon.INJECTED_LATELY``), or another one later on its line
    (``lexicon.INJECTED_AGAIN``: "Botox 7 months ago; top up 10 days ago", "Botox 8 months ago. Had it again on
    3/5"): the old date does not make the injectable old."""
    if lx.INJECTED_LATELY.search(clause.masked):
        return True
    after = clause.offset + len(clause.text)
    end = note.find("\n", after)
    return lx.INJECTED_AGAIN.search(note, after, len(note) if end == -1 else end) is not None


def _says_not_pregnant(notes: str, context: _Context) -> bool:
    """The sentence says the guest is not pregnant ("she is NOT pregnant", "isn't pregnant")."""
    first, last = context.sentence[0], context.sentence[-1]
    return lx.NOT_PREGNANT.search(notes, first.offset, last.offset + len(last.text)) is not None


def _still_to_come(clause: _Clause, match: _Match, today: date) -> bool:
    """A surgery or an injectable the note plans rather than reports ("Surgery next month", "tox + juvederm scheduled
    for 12/10"): not recent. A past or present cue in the same segment keeps it ("Botox last week, more scheduled",
    "Botox this morning - follow-up in 2 weeks", "Botox 12/1 touch up planned" on 3 December), and so does a date
    in it that has come."""
    if match.term.value not in ("recentSurgery", "recentInjectables"):
        return False
    start, end = _segment(clause, match)
    segment = clause.masked[start:end]
    dates = [_month_day(found, today) for found in lx.MONTH_DAY.finditer(segment)]
    if lx.EVENT_PAST.search(segment) or any(day is not None and day <= today for day in dates):
        return False
    return lx.FUTURE_EVENT.search(segment) is not None  # a date alone ahead is not enough ("Botox 1/15": safe side)


def _month_day(found: re.Match[str], today: date) -> date | None:
    """A "12/10" or "12/10/26" date (US month first, as the notes write them); without a year, this year's unless that
    is over 60 days ahead, then last year's ("12/28" on 5 January was last week; "4/2" on 3 December was in April).
    None when it is no date."""
    month, day, year = int(found.group("month")), int(found.group("day")), found.group("year")
    try:
        if year is not None:
            return date(2000 + int(year) if len(year) == 2 else int(year), month, day)
        this_year = date(today.year, month, day)
        return this_year if this_year <= today + timedelta(days=60) else this_year.replace(year=today.year - 1)
    except ValueError:  # "2/30", or 2/29 in a year without it
        return None


def _ended_after(note: str, clause: _Clause, match: _Match, segment_end: int) -> bool:
    """A cue after the term says it has ended ("Accutane course finished", ``lexicon.HISTORY_AFTER``), in the clause
    after it up to the next term of its field in a later segment (whose cues are its own), and not past another label
    with its own colon ("On Eliquis, Advil: stopped": Advil's answer, not the Eliquis's)."""
    following = [m.start for m in clause.matches if m.group == match.group and m.start >= segment_end]
    cue = lx.HISTORY_AFTER.search(clause.masked, match.end, min(following, default=len(clause.text)))
    if cue is not None and cue.group().lower().startswith(("outgr", "grew")) and lx.OUTGROWN_BACK.match(note, clause.offset + cue.end()):
        return False  # "Eczema as a kid, thought she outgrew it but it's back"
    return cue is not None and cue.start() < _item_end(clause, match.end, stated=lambda: _stated(clause, match))


def _long_ago(text: str, today: date) -> bool:
    """True when the text dates the end six months or more back ("two years ago", "8 months ago", "in 2019")."""
    if lx.LONG_AGO.search(text) or _dated_long_ago(text, today):
        return True
    period = lx.RECENT_PERIOD.search(text)
    if period is None or period.group(2).lower().startswith("w"):
        return False
    return _amount(period.group(1)) >= 6


def _amount(text: str) -> int:
    """How many a note's "2", "two", "a few" or "couple of" says (3 for a number word it does not know)."""
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(re.sub(r"\s+", " ", text), 3)


def _dated_long_ago(text: str, today: date) -> bool:
    """The text dates the event by a year that ended six months or more before ``today``: on 2 December 2026 "in
    2025" and "last year" do, "in 2026" does not (it may be last month); on 15 January 2027 "in 2026" does not."""
    for dated in lx.DATED_YEAR.finditer(text):
        year = today.year - 1 if dated.group("last") else int(dated.group("year"))
        if today >= date(year + 1, 7, 1):
            return True
    return False


def _someone_else(clause: _Clause, match: _Match, previous: _Clause | None = None) -> bool:
    """About another person: named before the term ("her husband has…"), or a "he"/"she" that starts the clause
    and points back to a man or a woman named in the clause before ("Husband books too; he's allergic…")."""
    before = clause.masked[: match.start]
    if any(
        not _interpreting(before, other) and not _in_an_items_aside(clause, other, match)
        for other in lx.OTHER_PERSON.finditer(before)
    ):
        return True
    return _pronoun_for_other(clause, previous)


def _in_an_items_aside(clause: _Clause, other: re.Match[str], match: _Match) -> bool:
    """``other`` (a person) is all an aside after an earlier item of an allergy list says ("Allergies: latex
    (husband), shellfish"): that item is the person's, the later ones are still hers; not when "he" or "his" says
    the later one is his too ("latex (husband), he is also allergic to nuts", "…, his nuts too", "…, nuts also his")."""
    text = clause.text
    opening = max(text.rfind("(", 0, other.start()), text.rfind("[", 0, other.start()))
    if opening <= 0 or not text[:opening].strip():
        return False
    aside = _OTHERS_ASIDE.match(text, opening)
    if aside is None or aside.end() <= other.start():
        return False
    item_start = max(aside.end(), text.rfind(",", 0, match.start) + 1, text.rfind(";", 0, match.start) + 1)
    item_end = re.compile(r"[,;]|$").search(text, match.end).start()
    his = list(_HIS.finditer(text, item_start, item_end))
    hers = list(_HERS.finditer(text, item_start, match.start))
    if his and not (hers and all(h.start() < hers[-1].start() for h in his)):
        return False  # not "…, he says she is allergic to latex": she, after his every word, is the one allergic
    # under a heading ("Allergies: sulfa (husband), shellfish"); not "Not allergic to sulfa (husband), shellfish"
    return any(cue.group(0).rstrip()[-1:] in ":-\u2013\u2014" for cue in lx.STRONG_ALLERGY_CUE.finditer(text, 0, opening))


def _interpreting(before: str, other: re.Match[str]) -> bool:
    """The person named interprets for the guest, and what they relay is about her or him: a "she" after a man who
    translated, a "he" after a woman ("husband translated: she is having chemotherapy"), up to the interpreter's own
    pronoun ("…: she has no allergies, he is allergic to nuts" is his; "…, he says she is allergic to nuts" hers)."""
    relayed = lx.INTERPRETED_AFTER.match(before, other.end())
    if relayed is None:
        return False
    man, pronoun = lx.MALE_OTHER.fullmatch(other.group()), relayed.group("pronoun").lower()
    woman = lx.FEMALE_OTHER.fullmatch(other.group())
    last = _last_match(_SUBJECT_PRONOUN, before[relayed.end() :])
    if last is not None and last.group("pronoun").lower() != pronoun and last.group("own"):
        return False  # the interpreter of himself: "husband translated: she has no allergies, he is allergic to nuts"
    return pronoun == "she" and man is not None or pronoun == "he" and woman is not None


#: A "he" or "she" in what an interpreter relays; ``own`` when it states that person's own allergy, condition or
#: medicine ("he is allergic", "he's on", "he has a latex allergy", "he takes", "he is [diabetic]"), not what they
#: say or think ("he says", "he mentioned", "he's unsure", "he has noted", "he was clear: latex allergy"): only the
#: interpreter's own statement is theirs ("…, he mentioned pregnancy", "…, he's sure about the latex allergy" are
#: still the guest's).
_SUBJECT_PRONOUN = re.compile(
    r"\b(?P<pronoun>he|she)\b(?P<own>"
    r"(?:['’]s|[^\S\n]+(?:is|was|has|had))[^\S\n]*$"  # right before the term: "…, he is [diabetic]", "he has [epilepsy]"
    r"|(?:['’]s|[^\S\n]+(?:is|was))[^\S\n]+(?:also[^\S\n]+)?"
    r"(?:allergic|sensitive|intolerant|on|pregnant|taking|diabetic|epileptic|severely|very|highly|deathly)\b"
    r"|[^\S\n]+(?:also[^\S\n]+)?(?:has|had)[^\S\n]+(?!(?:noted|said|mentioned|told|asked|confirmed|been|explained"
    r"|added|reported|translated|interpreted|no[^\S\n]+idea|not|to|her|his|their)\b)\w"
    r"|[^\S\n]+(?:also[^\S\n]+)?(?:takes|reacts|carries|avoids|can['’]?t[^\S\n]+have|cannot[^\S\n]+have"
    r"|can[^\S\n]+not[^\S\n]+have|doesn['’]?t[^\S\n]+tolerate)\b)?",
    re.IGNORECASE,
)


def _pronoun_for_other(clause: _Clause, previous: _Clause | None) -> bool:
    pronoun = lx.PRONOUN_SUBJECT.match(clause.text)
    if pronoun is None or previous is None:
        return False
    other = lx.MALE_OTHER if pronoun.group(1).lower() == "he" else lx.FEMALE_OTHER
    return other.search(previous.text) is not None


def _preference_of_other(clause: _Clause, match: _Match, previous: _Clause | None) -> bool:
    pronoun = lx.PRONOUN_PREFERS.match(clause.text)
    if pronoun is None or previous is None:
        return False
    guest = lx.GUEST_PRONOUN_FOR_OTHER[pronoun.group(1).lower()]
    if guest.search(clause.text, pronoun.end(), match.start):
        return False  # "he prefers firm, she wants light pressure": the light is the guest's
    other = lx.MALE_OTHER_NOT_GUEST if pronoun.group(1).lower() == "he" else lx.FEMALE_OTHER_NOT_GUEST
    return other.search(previous.text) is not None


#: A word right before a term that denies or keeps it away ("not latex - anaphylaxis" reads as it did: keep latex away).
_NEGATED_RIGHT_BEFORE = re.compile(r"\b(?:not|no|non|never|denies|denied|without|nor)\W*$", re.IGNORECASE)
#: A man's pronoun after someone else's aside: what follows is his too.
_HIS = re.compile(r"\b(?:he|his|him|he['\u2019]s)\b", re.IGNORECASE)
#: A woman's pronoun: "(husband), he says she is allergic to latex" names hers.
_HERS = re.compile(r"\b(?:she|her|hers|she['\u2019]s)\b", re.IGNORECASE)
#: A word of liking in front of a term, in the same list item: "Allergies: loves lavender" names a scent she likes.
_LIKING = re.compile(r"\b(?:loves?|likes?|enjoys?|prefers?)\b", re.IGNORECASE)
#: What ends the piece a liking covers, besides the list's commas and "and": "loves lavender - eucalyptus", "likes
#: coconut oil but tree nuts", "loves lavender; eucalyptus" name an allergen after the liked one.
_LIKED_PIECE = re.compile(r";|\bbut\b|[^\S\n][-\u2013\u2014]+[^\S\n]|[-\u2013\u2014]{2,}", re.IGNORECASE)


def _allergy_context(clause: _Clause, match: _Match, notes: str = "") -> bool:
    after = clause.text[match.end :]
    before = clause.text[: match.start]
    if lx.ALLERGY_NOUN_AFTER.match(after) or lx.REACTION_AFTER.match(after):
        return True
    if match.term.kind == "allergen" and lx.SEVERITY_AFTER.match(after) and not _NEGATED_RIGHT_BEFORE.search(before):
        return True  # "Allergies: penicillin; shellfish - anaphylaxis", "latex - severe": how bad, so an allergy
    if clause.may_match_before(lx.REACTION_BEFORE, clause.text, match.start) and lx.REACTION_BEFORE.search(before):
        return True
    cues = list(lx.ALLERGY_CUE.finditer(before))
    cues += [cue for cue in clause.allergy_or_condition_cues if cue.end() <= match.start]
    if not cues:
        return False
    cues.sort(key=lambda cue: cue.end())  # "Any allergies or medical conditions? -> latex": its question's cue too
    gap = _list_gap(clause, cues[-1].end(), match.start)
    heading = _heading_brackets(clause.text, cues[-1])
    if heading is not None and heading.end() <= match.start:
        gap = gap[heading.end() - cues[-1].end() :]  # "Allergies (for example latex): latex": after the colon
    pieces = re.split(r",|\band\b|\bor\b|&|/", gap)
    if _LIKING.search(_LIKED_PIECE.split(pieces[-1])[-1]):
        return False  # "Allergies: loves lavender": a scent she likes, no allergy; not "prefers unscented - latex"
    if match.term.kind != "allergen" and notes and _liked_after(notes, clause.offset + match.end):
        return False  # "Allergies: eucalyptus - loves it", "…; lavender (her fave)": a scent she likes, as before 4a6f73b
    # every earlier list item must itself name an allergen, one the lexicon knows ("§") or not ("penicillin", also
    # "penicillin with rash", as "penicillin w/ rash"); the item in front of this one may add modifiers
    under_heading = cues[-1].group(0).rstrip()[-1:] in ":-\u2013\u2014"  # "Allergies:": "not kiwi" is an item
    return all(
        "§" in piece
        or _allergen_words(_WITH_WORD.split(piece, maxsplit=1)[0]) is not None
        or under_heading and (_denied_name(piece) or _names_none_of_hers(piece))
        for piece in pieces[:-1]
    ) and len(pieces[-1].split()) <= 3




#: A liking said right after a scent, in its item: "eucalyptus - loves it", "lavender (her fave)", "rose: likes".
_LIKED_AFTER = re.compile(
    r"[^\S\n]*(?:[-\u2013\u2014:]+[^\S\n]*|\([^\S\n]*)?(?:(?:her|a|she|pt|client|guest)[^\S\n]+)?"
    r"(?:loves?|likes?|enjoys?|prefers?|faves?|favs?|favou?rites?)\b",
    re.IGNORECASE,
)


def _liked_after(text: str, end: int) -> bool:
    """A scent that ends at ``end`` of ``text`` (the note) is said to be liked right after it (``_LIKED_AFTER``), its
    item (up to a comma) says no reaction and its sentence part (up to a semicolon, full stop or line's end) turns to
    no "but" or allergy: "Allergies: eucalyptus - loves it" names a scent she likes; not "lavender - loves it but
    breaks out", "…, but hives" (read as an allergy, on the safe side)."""
    liked = _LIKED_AFTER.match(text, end)
    if liked is None:
        return False
    stop = re.compile(r"[;.\n]|$").search(text, liked.end()).start()
    rest = text[liked.end() : stop]
    item = rest.split(",", 1)[0]
    return not _REACTED.search(item) and not re.search(r"\b(?:but|though|although|allerg\w*)\b", rest, re.IGNORECASE)


def _names_none_of_hers(piece: str) -> bool:
    """An item of a heading's list that names no allergy of hers and says so in its own words, so the list goes on
    past it to a known allergen ("Allergies: see chart, latex", "took benadryl before appt, nuts", "pt clarified,
    latex", "NKDA, latex"): where it comes from, a remedy, a medication she takes or took before the visit
    (``_allergen_list`` skips the same items of a list of names the lexicon does not know), or "NKDA" (no known drug
    allergies). Not "none" or "no" ("Allergies: none, latex" is left as it was read: nothing)."""
    if "¤" in piece or len(piece) > 80:
        return False  # another field's term, or more than an item says
    if piece.strip(_EVIDENCE_STRIP).lower() == "nkda":
        return True  # "Allergies: NKDA, latex": no known drug allergies, and the lexicon's allergens are no drugs
    if _no_allergy_of_hers(piece, False, own=False):
        return True
    return _TOOK.match(piece) is not None and _TAKEN_AS_A_MEDICINE.search(piece) is not None and not _REACTED.search(piece)


def _denied_name(item: str) -> bool:
    """``item`` is a name a "not" or "no" denies ("not kiwi"): an item of an allergy list, as its other items are
    ("Allergies: not kiwi, shellfish" names shellfish)."""
    found = _NO_ALLERGY_ITEM.fullmatch(item)
    return found is not None and found.group("denied") is not None and bool(_allergen_words(found.group("denied")))


#: A list's bullet mark at the start of a line a semicolon carries the list on to ("Allergies: penicillin;⏎- sulfa").
_ITEM_MARK = re.compile(r"[^\S\n]*[-*\u2022\u00b7+][^\S\n]+(?=\S)")


def _carried_into_a_list(clause: _Clause, match: _Match) -> bool:
    """``match`` is an allergen (or a scent that can be one) in a sentence a semicolon joins to an allergy list that
    ran to its end (``_Context.carried``), and its item names it with how bad it is and nothing else: the list goes
    on ("Allergies: latex; eucalyptus", "Allergies: loves lavender; eucalyptus" name essentialOils, as "loves lavender
    - eucalyptus" does; "Allergies: latex;⏎- nuts" names nutOil). Not "…; loves eucalyptus", "…; citrus oil ok":
    something else is said of it."""
    spans = clause.items
    at = bisect.bisect_right(spans, (match.start, len(clause.text) + 1)) - 1
    low, high = spans[at]
    if match.end > high:
        return False
    mark = _ITEM_MARK.match(clause.text) if at == 0 else None
    if not _only_allergens(clause, low if mark is None else mark.end(), high):
        return False
    first_mark = _ITEM_MARK.match(clause.text)
    return _carries_the_list(clause, 0 if first_mark is None else first_mark.end())


#: A heading of another field at a carried sentence's start ("Allergies: latex; Scent: eucalyptus", "…;⏎- Music:
#: jazz"): the allergy list has ended. Group ``rest``: what follows its colon ("…; nuts: severe" goes on).
_OTHER_HEADING = re.compile(r"[A-Za-z][\w'/&-]*(?:[^\S\n]+[\w'/&-]+){0,2}[^\S\n]*:(?P<rest>.*)", re.DOTALL)
#: What says a thing is liked in a carried sentence ("…; eucalyptus - loves it", "…; lavender (her fave)").
_LIKED_IN_CARRIED = re.compile(
    r"\b(?:lov(?:e|es|ed|ing)|lik(?:e|es|ed|ing)|enjoy\w*|prefer\w*|faves?|favs?|favou?rite\w*|diffusers?)\b", re.IGNORECASE
)


def _carries_the_list(clause: _Clause, begin: int) -> bool:
    """The sentence ``clause`` (from ``begin``, past a bullet mark) that a semicolon joins to an allergy list says
    nothing but allergens, each item of it (``_only_allergens``), with asides that say only how bad: the list goes on
    (``_carried_into_a_list``). Not a heading of another field ("…; Scent: eucalyptus"), a liking ("…; eucalyptus -
    loves it", "…; lavender (her fave)") or more said of a scent ("…; lavender and eucalyptus in the diffuser"):
    read as before 4a6f73b, the scent she likes."""
    text = clause.text[begin:]
    heading = _OTHER_HEADING.match(text.lstrip())
    if heading is not None and not _only_how_bad(heading.group("rest")):
        return False
    if _LIKED_IN_CARRIED.search(text):
        return False
    if any(not _how_bad_aside(aside.group(0)) for aside in _BRACKET_ASIDE.finditer(text)):
        return False
    return all(_only_allergens(clause, low, high) for low, high in _item_spans(text, begin))


_BUT = re.compile(r"but\b,?[^\S\n]*", re.IGNORECASE)


def _listed_on_after_but(clause: _Clause, match: _Match, context: _Context) -> bool:
    """``match`` is an allergen (or a scent that can be one) in a clause that "but" begins and that names it with how
    bad it is and nothing else, right after a clause of the same sentence that lists under an allergy heading
    ("Allergies: latex but tree nuts", "Allergies: likes coconut oil but tree nuts"): the list goes on, "but" a
    writer's comma. The heading's list must be the guest's own and each of its items name an allergen, a liking or
    an item that names no allergy of hers (``_names_none_of_hers``); "Allergies: latex but nuts are fine", "…but only
    mild", "…but not nuts" are read as before."""
    but = _BUT.match(clause.text)
    if but is None or match.start < but.end():
        return False
    return _memo(context, ("but", clause.offset), _but_goes_on, clause, but, context.previous)  # once a clause


def _but_goes_on(clause: _Clause, but: re.Match[str], previous: _Clause | None) -> bool:
    """``_listed_on_after_but`` for any allergen of ``clause`` after its "but"."""
    if previous is None or previous.sentence != clause.sentence:
        return False
    if not _only_allergens(clause, but.end(), len(clause.text)):
        return False
    cue = _last_match(lx.ALLERGY_CUE, previous.text)
    if cue is None or cue.group(0).rstrip()[-1:] not in ":-\u2013\u2014":
        return False  # a heading's list only: "Allergic to latex but nuts" may say something else
    if lx.OTHER_PERSON.search(previous.masked[: cue.start()]):
        return False
    gap = _list_gap(previous, cue.end(), len(previous.text))
    return all(
        "§" in piece
        or _LIKING.match(piece.strip())
        or _allergen_words(piece) is not None
        or _names_none_of_hers(piece) and piece.strip(_EVIDENCE_STRIP).lower() != "nkda"
        for piece in re.split(r",|\band\b|\bor\b|&|/", gap)
    )


def _heading_brackets(text: str, cue: re.Match[str]) -> re.Match[str] | None:
    """The brackets right after a heading's cue, and its colon: "Allergies (e.g. nuts): ", "Allergies? (e.g. nuts): "
    (the cue may end with the opening bracket). Group ``inside``: what the brackets say."""
    pattern = _HEADING_BRACKETS_END if cue.group().endswith("(") else _HEADING_BRACKETS
    return pattern.match(text, cue.end())


#: A heading's brackets and its colon, after its cue ("Allergies? (e.g. nuts): "); after a cue that ends with the
#: opening bracket ("Allergies ("), the rest of them.
_HEADING_BRACKETS = re.compile(r"[^\S\n]*\((?P<inside>[^()\n]{0,80})\)[^\S\n]*:")
_HEADING_BRACKETS_END = re.compile(r"(?P<inside>[^()\n]{0,80})\)[^\S\n]*:")


#: An aside set off by brackets after a list item: "latex (hives within minutes, use the vinyl gloves)".
_BRACKET_ASIDE = re.compile(r"\([^()\[\]\n]*\)|\[[^()\[\]\n]*\]")
#: An aside set off by a pair of spaced hyphens: "latex - hives - tree nuts".
_DASH_ASIDE = re.compile(r"\s--?\s[^,()\[\]\n-]{0,60}?\s--?\s")


def _asides(clause: _Clause, low: int, high: int) -> list[tuple[int, int]]:
    """The asides of ``clause.text[low:high]`` as ``(start, end)`` in the clause: closed brackets, and spaced hyphen
    pairs around words that are no term of the lexicon ("latex - hives - tree nuts"; not "nuts - firm pressure -")."""
    text = clause.text
    brackets = [(found.start(), found.end()) for found in _BRACKET_ASIDE.finditer(text, low, high)]
    # the bracket asides are disjoint and in order (so their ends are too), as are the dash asides: a dash aside can
    # overlap no other dash aside, and of the brackets only the last to start before it ends (checking every aside
    # kept so far took a note of thousands of spaced hyphens a number of steps in the square of their count)
    starts = [start for start, _ in brackets]
    spans = list(brackets)
    for found in _DASH_ASIDE.finditer(text, low, high):
        start, end = found.start(), found.end()
        before = bisect.bisect_left(starts, end)
        if not clause.matches_within(start, end) and not (before and brackets[before - 1][1] > start):
            spans.append((start, end))
    return sorted(spans)


def _list_gap(clause: _Clause, low: int, high: int) -> str:
    """``clause.text[low:high]`` read as a list: each allergen (or scent that can be one) is "§", another field's term
    is "¤" letters, and an aside after an item (``_asides``) a comma, all in the same length."""
    chars = list(clause.text[low:high])
    for m in clause.matches_within(low, high):
        if m.group == "allergies" or m.term.allergen:
            chars[m.start - low : m.end - low] = "§".ljust(m.end - m.start)
        else:
            chars[m.start - low : m.end - low] = re.sub(r"\S", "¤", m.text)
    for start, end in _asides(clause, low, high):
        chars[start - low : end - low] = ",".ljust(end - start)
    return "".join(chars)


def _allergen_words(item: str) -> list[str] | None:
    """The words of a list item that names an allergen the lexicon does not know ("penicillin", "bee stings"), with
    how bad it is left off either end ("severe", "hives"); ``[]`` when nothing is left, ``None`` when the item is no
    such name (the list has ended: "uses lavender at home", "firm pressure")."""
    words = re.sub(r"[^\w\s'-]", " ", item).lower().split()
    while words and (words[0] in lx.ALLERGEN_MODIFIERS or words[0] in lx.SEVERITY_WORDS):
        words = words[1:]
    while words and (words[-1] in lx.SEVERITY_WORDS or not words[-1].strip("-")):
        words = words[:-1]  # "penicillin - severe": how bad it is, not part of its name
    if len(words) > 3 or any(w in lx.NOT_AN_ALLERGEN or not w.isalpha() for w in words):
        return None
    return words


def _pressure_context(clause: _Clause, match: _Match) -> bool:
    after = clause.text[match.end :]
    if _names_no_pressure(clause, match):
        return False  # "soft jazz", "light sleeper": music or a thing, whatever pressure word is near
    if lx.PRESSURE_CONTEXT_AFTER.match(after) or _area_after(clause, match) or _area_before(clause, match):
        return True
    if clause.evidence.lower() == match.text.lower():
        return True
    pressure_word = re.search(r"\bpressure\b", clause.text, re.IGNORECASE)
    return pressure_word is not None and abs(pressure_word.start() - match.end) <= 20


def _smell_of(clause: _Clause, match: _Match) -> bool:
    """The word "scent" (a fragrance) is the smell of the scent named right after it: "Hates the scent of lavender" is
    about lavender, neither every scent nor a word between "hates" and lavender."""
    if match.term.value != "fragrance":
        return False
    index = clause.starting_before(match.end)
    if index >= len(clause.matches) or clause.matches[index].term.field != "scent":
        return False
    return lx.SMELL_OF_BEFORE.search(clause.text[match.start : clause.matches[index].start]) is not None


def _names_no_pressure(clause: _Clause, match: _Match) -> bool:
    """An ambiguous level that is music or a thing by the word after it: "soft jazz", "light sleeper"."""
    after = clause.text[match.end :]
    return bool(lx.MUSIC_AFTER_LEVEL.match(after) or lx.THING_AFTER_LEVEL.match(after))


def _in_a_drink(clause: _Clause, match: _Match) -> bool:
    text = clause.text
    if lx.SMELL_OF_BEFORE.search(text[: match.start]):
        return False  # "hates the smell of lemon water": the scent, whatever it is in
    drink = lx.DRINK_AFTER_SCENT.match(text[match.end :])
    if drink is None and not lx.DRINK_BEFORE_SCENT.search(text[: match.start]):
        return False
    # "No lavender in her water or oils", "dislikes lavender latte smell": the scent as well as the drink
    return not lx.SCENT_CARRIER_AFTER_DRINK.match(text, match.end + (drink.end() if drink else 0))


def _area_after(clause: _Clause, match: _Match) -> _Match | None:
    for other in clause.matches:
        if other.term.kind == "area" and other.start >= match.end:
            return other if lx.LEVEL_ON_AREA.match(clause.text[match.end : other.start]) else None
    return None


def _area_before(clause: _Clause, match: _Match) -> _Match | None:
    previous = [m for m in clause.matches if m.end <= match.start]
    if previous and previous[-1].term.kind == "area":
        area = previous[-1]
        trailing = clause.text[match.end :].strip(_EVIDENCE_STRIP)
        if lx.AREA_THEN_LEVEL.match(clause.text[area.end : match.start]) and not trailing:
            return area
    return None


def _area_cue(clause: _Clause, match: _Match) -> str | None:
    """``"focus"``, ``"avoid"`` or ``None`` for one body area, from the words after it and then before it."""
    following = _following_adjective(clause, match)
    if following is not None:
        return following
    before = clause.masked[: match.start]
    cues: list[tuple[int, int, str]] = []
    cues += [(m.start(), m.end(), "focus") for m in lx.FOCUS_CUE.finditer(before)]
    cues += [(m.start(), m.end(), "avoid") for m in lx.AVOID_CUE.finditer(before)]
    cues += [(m.start(), m.end(), "negation") for m in lx.NEGATION.finditer(before)]
    if not cues:
        return _later_cue(clause, match)
    start, end, kind = max(cues)
    if before[start:end].lower() == "nothing" and lx.LEVEL_LIMIT_ON_AREA.fullmatch(clause.text, end, match.start):
        return None  # "Nothing deep on the back": a pressure kept off the back, not the back
    if kind == "focus":
        governing = [c for c in cues if c[2] != "focus" and c[1] <= start and "," not in before[c[1] : start]]
        return "avoid" if governing else "focus"
    if kind == "negation":
        gap = before[end:]
        if "(" in gap or "," in gap or len(gap.split()) > 6:
            return None
    return "avoid"


def _later_cue(clause: _Clause, match: _Match) -> str | None:
    """"Shoulders and neck are where he carries stress": the first focus or avoid cue after the area."""
    after = clause.masked[match.end :]
    found = [(m.start(), "focus") for m in lx.FOCUS_CUE.finditer(after)]
    found += [(m.start(), "avoid") for m in lx.AVOID_CUE.finditer(after)]
    return min(found)[1] if found else None


def _following_adjective(clause: _Clause, match: _Match) -> str | None:
    rest = clause.text[_area_list_end(clause, match.end) :]
    if lx.AREA_POST_FOCUS.match(rest):
        return "focus"
    if lx.AREA_POST_AVOID.match(rest):
        return "avoid"
    return None


def _area_list_end(clause: _Clause, position: int) -> int:
    """Where the list of areas (and the words between them, ``lexicon.AREA_LIST_FILLER``) that goes on at ``position``
    ends. Each place is walked once per clause (``_Clause.area_list_ends``): walked again from each area of a long list,
    "neck " x 2,000 took 1.3–1.7 s."""
    text, ends, walked = clause.text, clause.area_list_ends, []
    while position not in ends:
        walked.append(position)
        filler = lx.AREA_LIST_FILLER.match(text[position:])
        if filler:
            position += filler.end()
            continue
        first = clause.starting_before(position)  # the first area from here on
        nxt = next((m for m in clause.matches[first:] if m.term.kind == "area"), None)
        if nxt is not None and not text[position : nxt.start].strip(" ,"):
            position = nxt.end
            continue
        ends[position] = position
    for place in walked:
        ends[place] = ends[position]
    return ends[position]


# --- the engine ---


def extract_profile_offline(
    notes: str, *, intake: HealthHistory | None = None, today: date | None = None
) -> GuestProfile:
    """Extract a guest profile from free-text notes (and structured intake answers) with the lexicon. ``today``
    (default: the clock's date) is the day the notes are read on, which says whether a year in them is long ago."""
    today = today or date.today()
    written = _unix_line_breaks(notes)
    answered = _yes_answers_dropped(written)
    notes = unfold_lists(_fields_on_own_lines(written if answered is None else answered[0]))
    found = _read_notes(notes, intake, today)
    hyphened = _dashes_as_hyphens(notes)
    if hyphened is not None:
        _add_cautions_read_with_hyphens(found, notes, hyphened, today)
    if answered is not None:
        for values in found.values():  # the evidence in the note's own words, its "Yes" and all
            for value, evidence in values.items():
                values[value] = _evidence_in(written, *answered, evidence)
    return GuestProfile(
        **{
            field: [Evidence(value=value, evidence=evidence) for value, evidence in values.items()]
            for field, values in found.items()
        }
    )


def _read_notes(notes: str, intake: HealthHistory | None, today: date) -> dict[str, dict[str, str]]:
    """Each field's values, each with its evidence, read from ``notes`` (lists unfolded, fields on their own lines)."""
    found: dict[str, dict[str, str]] = {field: {} for field in PROFILE_FIELDS}

    def add(field: str, value: str, evidence: str) -> None:
        found[field].setdefault(value, evidence)

    clauses = [
        _Clause(sentence, offset, text, matches, _mask(text, matches))
        for sentence, offset, text in split_clauses(notes)
        for matches in [_find_matches(text)]
    ]
    memo: dict[tuple[str, int], bool] = {}
    level_limits: dict[str, tuple[str, str]] = {}
    by_sentence: dict[int, list[_Clause]] = {}
    first_of: dict[int, int] = {}  # each sentence's first clause's index
    for index, clause in enumerate(clauses):
        by_sentence.setdefault(clause.sentence, []).append(clause)
        first_of.setdefault(clause.sentence, index)
    running: tuple[_Clause, re.Match[str]] | None = None  # an allergy list's first clause and cue, while ";" carries it on
    for index, clause in enumerate(clauses):
        context = _Context(
            previous=clauses[index - 1] if index else None,
            sentence=by_sentence[clause.sentence],
            statement=_statement(notes, clauses, index, first_of),
            today=today,
            memo=memo,
            level_limits=level_limits,
            carried=running is not None and len(by_sentence[clause.sentence]) == 1,
        )
        for match in clause.matches:
            if not _already_found(match.term, found):
                _decide(notes, clause, match, add, context)
        if running is not None and not (len(context.sentence) == 1 and _list_after_semicolon(notes, *running, clause, add)):
            running = None  # "Allergies: penicillin; sulfa – outgrown": a sentence of more clauses ends the list
        cue = _unknown_allergens(notes, clause, context, add)
        if cue is not None:
            running = (clause, cue)
        if running is not None and not _semicolon_after(notes, clauses, index):
            running = None
        _allergens_named_first(notes, clause, context, add)
        if found["allergies"]:
            _also_allergic(clauses, index, add)
        _resolve_anaphora(notes, clauses, index, add)
    _nothing_but(notes, add)
    if intake is not None:
        _add_intake(intake, add)
    _level_limits_against_pressure(level_limits, found, add)
    return found


#: An intake form's "Yes" that answers its allergy heading before the list: "Allergies: Yes, penicillin, sulfa",
#: "Allergies: Yes; latex", "ALLERGIES: YES - see chart", "Allergies: Yes (mild), seasonal" (group ``yes``, with
#: the comma, semicolon, colon or dash after it), "Allergies - Yes: penicillin" (group ``dash_yes``, up to the colon).
#: Not a "Yes" alone on its line ("Allergies: yes", "Allergies: yes | Avoid: nuts") nor a question's ("Allergies?:").
#: A form's "Yes" on its own line then the line that asks for the list ("Allergies: Yes⏎If yes, list: latex", "Any
#: allergies? Yes⏎If so, please specify: …"; group ``listed``, up to that line's colon): read as "Allergies: latex".
_YES_ANSWER = re.compile(
    r"\ballerg(?:y|ies)(?:[^\S\n]*:[^\S\n]*(?P<yes>(?:yes[^\S\n]*(?:[,;:][^\S\n]*|[-\u2013\u2014]+[^\S\n]*|(?=\()))+)"
    r"|[^\S\n]*[:?][^\S\n]*(?P<listed>yes[^\S\n]*\n[^\S\n]*if[^\S\n]+(?:yes|so)\b[^\S\n]*[,:]?[^\S\n]*(?:please[^\S\n]+)?"
    r"(?:list|specify|describe|explain|name|details?)\b[^:\n]{0,20}:[^\S\n]*)"
    r"|(?P<dash_yes>[^\S\n]*[-\u2013\u2014]+[^\S\n]*yes[^\S\n]*)(?=:))",
    re.IGNORECASE,
)


def _yes_answers_dropped(notes: str) -> tuple[str, list[int]] | None:
    """``notes`` without the "Yes" that answers an allergy heading (``_YES_ANSWER``), so "Allergies: Yes, penicillin,
    sulfa" reads its list as "Allergies: penicillin, sulfa" does, and where each character stands in ``notes``;
    ``None`` when the note has no such answer. A "Yes" that answers it again goes too ("Allergies: Yes, yes, latex",
    "Allergies - Yes: YES, latex" read as "Allergies: latex"); a round drops every "Yes" in a row, so a second round
    seldom finds one and a few rounds are enough."""
    dropped = _one_yes_round(notes)
    if dropped is None:
        return None
    text, where = dropped
    for _ in range(4):
        again = _one_yes_round(text)
        if again is None:
            break
        text, where = again[0], [where[index] for index in again[1]]
    return text, where


def _one_yes_round(notes: str) -> tuple[str, list[int]] | None:
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for found in _YES_ANSWER.finditer(notes):
        group = next(name for name in ("yes", "listed", "dash_yes") if found.group(name) is not None)
        pieces.append(notes[last : found.start(group)])
        where.extend(range(last, found.start(group)))
        last = found.end(group)
    if last == 0:
        return None
    pieces.append(notes[last:])
    where.extend(range(last, len(notes)))
    return "".join(pieces), where


#: An en or em dash, with or without spaces around it, or " -- ": each ends a clause where a spaced hyphen does not.
_DASH = re.compile(r"[^\S\n]*[\u2013\u2014][^\S\n]*|[^\S\n]+--[^\S\n]+")


def _dashes_as_hyphens(notes: str) -> tuple[str, list[int]] | None:
    """``notes`` with each dash (``_DASH``) written " - ", and where each of its characters stands in ``notes``;
    ``None`` when the note has no dash."""
    if "\u2013" not in notes and "\u2014" not in notes and "--" not in notes:
        return None
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for dash in _DASH.finditer(notes):
        pieces.append(notes[last : dash.start()])
        where.extend(range(last, dash.start()))
        pieces.append(" - ")
        where.extend((dash.start(), dash.start(), dash.end() - 1))
        last = dash.end()
    if last == 0:
        return None
    pieces.append(notes[last:])
    where.extend(range(last, len(notes)))
    return "".join(pieces), where


def _add_cautions_read_with_hyphens(
    found: dict[str, dict[str, str]], notes: str, hyphened: tuple[str, list[int]], today: date
) -> None:
    """The allergies and conditions the note gives when its dashes are read as spaced hyphens, added to those read:
    phones and Macs turn " - " into " \u2013 ", and a dash ends a clause where a hyphen does not, so "Latex \u2013
    severe allergy", "Hip replacement \u2013 3 weeks ago" and "aloe \u2013 rash" lost the caution "Latex - severe
    allergy" gives. A caution is never taken away; its evidence is the note's own words. An allergy whose evidence
    has a negation in it is not added (the hyphens' clause is longer than the dash's, and a denial may stand in it
    where the hyphen's reading misses it), nor one ``_allergy_read_with_hyphens`` turns down."""
    text, where = hyphened
    again = _read_notes(text, None, today)
    liked = [value for value in found["scent"] if value in lx.SCENTS]
    hyphens_like_one = any(value in lx.SCENTS for value in again["scent"])
    for field in ("allergies", "contraindications"):
        for value, evidence in again[field].items():
            if value in found[field] or (field == "allergies" and _denial_in(evidence)):
                continue  # a denial the hyphen reads past is no allergy: "Latex - denies allergy" names latex
            if field == "allergies" and not _allergy_read_with_hyphens(value, text, liked, hyphens_like_one):
                continue
            found[field][value] = _evidence_in(notes, text, where, evidence)


#: "Don't use …": an instruction that keeps a product away, no denial ("aloe - causes rash, don't use the gel").
_USE_INSTRUCTION = re.compile(r"\b(?:don['\u2019]t|do[^\S\n]+not|never)[^\S\n]+(?:use|apply|put)\b", re.IGNORECASE)


def _denial_in(evidence: str) -> bool:
    """``evidence`` has a negation (``lexicon.NEGATION``) other than one that says not to use something."""
    kept_away = [(found.start(), found.end()) for found in _USE_INSTRUCTION.finditer(evidence)]
    return any(
        not any(start <= cue.start() < end for start, end in kept_away) for cue in lx.NEGATION.finditer(evidence)
    )


def _allergy_read_with_hyphens(value: str, text: str, liked: list[str], hyphens_like_one: bool) -> bool:
    """Whether an allergy read only once the dashes are hyphens (in ``text``) is added. A hyphen reads on where a
    dash ends the clause, and at times too far: a scent the note likes (``liked``) is no essential-oil or fragrance
    allergy ("Rose \u2013 allergy \u2013 latex", "Allergic to latex \u2013 loves lavender") unless it is listed after the
    dash ("Allergies: penicillin \u2013 severe \u2013 lavender") and the hyphens' reading likes no scent either
    (``hyphens_like_one``: "Latex allergy \u2013 lemon, lavender ok" lists scents allowed); a name outside the
    vocabulary is a signature as often as an allergen ("Allergic to latex \u2013 Sarah", "\u2013 Kinsley Martin", "\u2013
    front desk"), so it is added only when listed, in lower case ("penicillin \u2013 severe \u2013 sulfa", "Allergies \u2013
    lidocaine, plasters")."""
    if normalise_safety_name("allergies", value) is not None:
        if value not in ("essentialOils", "fragrance") or not liked:
            return True
        return not hyphens_like_one and any(
            _listed_after_a_dash(text, re.compile(lx.SCENTS[scent], re.IGNORECASE)) for scent in liked
        )
    if value in _DASHED_COMMON and not _undone_after(value, text):
        return True  # "Allergies: Penicillin \u2013 Sulfa", "…; sulfa \u2013 hives; codeine": never a signature or remark
    words = re.findall(r"[A-Z]?[^A-Z]+", value)
    if not words:
        return False
    return _listed_after_a_dash(
        text,
        re.compile(r"(?<![\w-])" + r"[^\S\n]+".join(re.escape(word.lower()) for word in words) + r"(?![\w-])"),
        remarks=True,
    )


def _undone_after(value: str, text: str) -> bool:
    """Right after ``value`` named in ``text``, what may say it is no allergy of hers: a question ("Sulfa?", "sulfa
    \u2013 ?") or brackets that say more than how bad it is or where it was noted ("Sulfa (husband)", "(negative)",
    "(unsure)", "(?)"; not "(hives)", "(per intake)")."""
    for after in re.finditer(rf"(?i:{re.escape(value)})[^\S\n]*(?:[-\u2013\u2014]+[^\S\n]*)?(?:\?|(\([^()\n]*\)))", text):
        if after.group(1) is None or not (_how_bad_aside(after.group(1)) or _remark_aside(after.group(1))):
            return True
    return False


#: The common allergens the hyphens' reading adds in any case and wherever listed ("Allergies: Penicillin \u2013 Sulfa"):
#: a one-word name no signature or remark is (not "honey", a term of endearment; nor a scent, as
#: ``NOTHING_BUT_COMMON``); not asked about ("\u2013 Sulfa?").
_DASHED_COMMON = lx.NOTHING_BUT_COMMON - {"honey"}


def _listed_after_a_dash(text: str, name: re.Pattern[str], *, remarks: bool = False) -> bool:
    """``name`` is found in ``text`` as an item of a list that a hyphen begins (``_LISTED_AFTER_A_DASH``). With
    ``remarks`` (a name outside the vocabulary), not after an allergen's own allergy word ("Latex allergy \u2013 jm",
    "Nut allergy \u2013 per client", "\u2013 front desk aware", "\u2013 negative test"): what follows it is as often a
    remark on that allergy or a signature as another allergen, as after "Allergic to latex \u2013"."""
    for found in name.finditer(text):
        before = text[max(0, found.start() - 160) : found.start()]
        listed = _LISTED_AFTER_A_DASH.search(before)
        if listed is not None and not (remarks and _an_allergens_own_allergy_word(before, listed)):
            return True
    return False


#: The word right before an allergy word, on its line: "Latex allergy", "Nut-allergy", "Drug allergies".
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\S\n]*-?[^\S\n]*$")


def _an_allergens_own_allergy_word(before: str, listed: re.Match[str]) -> bool:
    """The allergy word that begins the list (``listed``, in ``before``) follows a name that is no kind of allergy
    (``lexicon.ALLERGY_KINDS``: "Drug allergies \u2013", "Known allergies \u2013" begin lists): "Latex allergy \u2013"."""
    if listed.start("head") < 0:
        return False
    word = _WORD_BEFORE.search(before[: listed.start("head")])
    return word is not None and word.group(1).lower() not in lx.ALLERGY_KINDS


_SEVERITY = "|".join(re.escape(word) for word in sorted(lx.SEVERITY_WORDS, key=len, reverse=True))
#: Before an allergen's name, a hyphen that begins a list: after the allergy word ("Allergies - lidocaine", "Allergies:
#: updated - ") or after a reaction between two hyphens ("penicillin - severe - "); earlier items of the list in lower
#: case.
_LISTED_AFTER_A_DASH = re.compile(
    rf"(?:(?P<head>\b(?i:allerg(?:y|ies|ic(?:[^\S\n]+to)?)[^\S\n]*:?(?:[^\S\n]*(?:yes|updated|reviewed|confirmed))?))[^\S\n]*"
    rf"|(?<!\S)-[^\S\n]+(?:(?i:{_SEVERITY})[^\S\n]+)+)-[^\S\n]+"
    r"(?:[a-z][a-z' ]{0,30}(?:,|[^\S\n](?:and|or)\b|&|/)[^\S\n]*){0,4}$"
)


def _evidence_in(notes: str, text: str, where: list[int], evidence: str) -> str:
    """``evidence`` quoted from ``text`` (the note with hyphens for its dashes) in the note's own words."""
    start = text.find(evidence)
    if start == -1 or not evidence:
        return evidence
    return _quote(notes[where[start] : where[start + len(evidence) - 1] + 1])


def _already_found(term: Term, found: dict[str, dict[str, str]]) -> bool:
    """A condition, or an allergen other than fragrance, that an earlier mention has already given: deciding this
    one could add nothing (a find keeps its first evidence and nothing takes it back), so it is not decided again.
    A note that names one condition a thousand times stays fast ("pregnant, " x 1,000 took 90 s)."""
    if term.field == "contraindications":
        return term.value in found["contraindications"]
    return term.kind == "allergen" and term.value != "fragrance" and term.value in found["allergies"]


_LEVELS = ("light", "medium", "firm", "deep")


def _level_limits_against_pressure(
    limits: dict[str, tuple[str, str]], found: dict[str, dict[str, str]], add: _Adder
) -> None:
    """"Prefers DT. Nothing deep on the back": a level kept off an area is no area to avoid, unless the pressure the
    guest asks for everywhere is that level or more; then the briefing would say deep with nothing about the back, so
    the area is kept off (with the note's words) rather than lost."""
    asked = [_LEVELS.index(value) for value in found["pressure"] if value in _LEVELS]
    for area, (level, evidence) in limits.items():
        if asked and max(asked) >= _LEVELS.index(level):
            add("avoid_areas", area, evidence)


def _unix_line_breaks(notes: str) -> str:
    """A note typed on Windows or an old Mac ("\\r\\n", "\\r") with plain "\\n" line breaks, so a line's end is
    one character everywhere (answers, headings, evidence)."""
    return notes.replace("\r\n", "\n").replace("\r", "\n")


# A pipe, a tab or a bullet between two fields of a record exported on one line, before the next field's heading
# (``lexicon.FIELD_HEADING``): "Allergies: latex | Meds: none", "Allergies: sesame<TAB>Medical hx: none",
# "Allergies: latex • Meds: none"; not before an allergen's note ("Allergies: latex | nuts: severe"). One separator
# at a time, so a run of them is read in linear time.
_FIELD_BREAK = re.compile(
    rf"{lx.FIELD_SEPARATOR}[^\S\n\t]*(?={lx.FIELD_HEADING}|{lx.EMPTY_FREE_FIELD})", re.IGNORECASE
)


def _fields_on_own_lines(notes: str) -> str:
    """Each field of a record exported on one line on a line of its own, so one field's "none" does not deny the
    others' answers ("Allergies: latex | Meds: none" lost the latex). A pipe or tab before anything but a record's
    heading is left alone ("Pregnant N | Blood thinners N", "latex | nuts: severe"), and so is a line whose
    allergy field leaves its answer to a free-text field that says something ("Allergies: yes | Room: 3 | Avoid:
    nuts")."""
    return "\n".join(
        line if lx.ANSWER_ELSEWHERE.search(line) and lx.FILLED_FREE_FIELD.search(line) else _FIELD_BREAK.sub("\n", line)
        for line in notes.split("\n")
    )


@dataclass
class _Context:
    previous: _Clause | None  # the clause before, in the same or the previous sentence
    sentence: list[_Clause]  # every clause of this sentence, this one included
    statement: list[_Clause]  # the sentence's clauses up to this one, after those of sentences ";" joins to it
    today: date  # the day the notes are read on
    memo: dict[tuple[str, int], bool] = dataclass_field(default_factory=dict)  # one note's answers for a clause or sentence
    #: areas a level is kept off ("Nothing deep on the back"): the area, the level (deep or firm) and the evidence
    level_limits: dict[str, tuple[str, str]] = dataclass_field(default_factory=dict)
    #: the clause is a sentence of its own that a semicolon joins to an allergy list which ran to its end
    #: ("Allergies: latex; eucalyptus", "Allergies: penicillin;⏎- sulfa": ``_carried_into_a_list``)
    carried: bool = False


def _statement(notes: str, clauses: list[_Clause], index: int, first_of: dict[int, int]) -> list[_Clause]:
    """The clauses of one statement up to ``clauses[index]``: its sentence, and the sentences before it that a
    semicolon joins to it ("Allergic to nuts; no lavender" is one statement). A full stop or a line break ends a
    statement ("Allergic to nuts. No lavender in the room, she finds it too strong." is two). ``first_of`` is each
    sentence's first clause's index."""
    clause = clauses[index]
    first = first_of[clause.sentence]
    while first > 0:
        previous = clauses[first - 1]
        if notes[previous.offset + len(previous.text) : clauses[first].offset].strip() != ";":
            break
        if clause.offset + len(clause.text) - previous.offset > MAX_SENTENCE:
            break  # a statement is bounded like a sentence: "No latex issues; " x 600 would join 600 sentences
        first = first_of[previous.sentence]
    return clauses[first : index + 1]


def _kept_away_allergen(notes: str, clause: _Clause, match: _Match, context: _Context) -> str | None:
    """"No nut oils - severe allergy", "Avoid almond oil, allergic", "No lavender, it makes her nauseous".

    An instruction to keep an allergen away, plus a sensitivity word anywhere in the sentence that is not itself
    negated ("no known allergies", "not allergic"), answered no, about someone else, or another allergen's own
    ("no nuts or latex allergies") unless that allergy is stated first ("Allergic to nuts, no lavender").
    Returns the evidence, or ``None``.
    """
    # the "no" of an earlier "no fragrance" governs the list after it ("no scents or nuts")
    if not clause.may_match_before(lx.INSTRUCT_NO, clause.masked_keeping_no, match.start):
        return None
    before = clause.masked_keeping_no[: match.start]
    instruction = _last_match(lx.INSTRUCT_NO, before)
    if instruction is None:
        return None
    gap = before[instruction.end() :]
    between = clause.matches_within(instruction.end(), match.start)
    if len(gap.split()) > 5 or any(m.group != "allergies" and not m.term.allergen for m in between):
        return None
    return _sensitivity_evidence(notes, clause, match, context)


def _sensitivity_evidence(notes: str, clause: _Clause, match: _Match, context: _Context) -> str | None:
    """The evidence for a term the note keeps away, when a sensitivity word of its sentence makes it an allergy (see
    ``_kept_away_allergen``); ``None`` when none does. In the sentences a semicolon joins in front of it only an
    allergy stated first counts ("Allergic to nuts; no lavender"), not any sensitivity word."""
    for other in [*context.statement, *[c for c in context.sentence if c not in context.statement]]:
        joined = other.sentence != clause.sentence
        for cue in lx.SENSITIVITY_WORD.finditer(other.text):
            if other is clause and match.start <= cue.start() < match.end:
                continue
            attached = _cue_attached_to_allergen(other, cue.start())
            if attached and not _states_an_allergy_first(other, cue, clause, match):
                continue
            if joined and not attached:
                continue
            if _cue_negated(notes, other, cue):
                continue
            if lx.OTHER_PERSON.search(other.masked[: cue.start()]) is not None:
                continue
            return _span_evidence(notes, clause, other)  # "Allergic to nuts; no lavender", "No nuts - allergic"
    return None


def _states_an_allergy_first(other: _Clause, cue: re.Match[str], clause: _Clause, match: _Match) -> bool:
    """Another allergen's own sensitivity word still counts for a kept-away term after it when the sentence states
    that allergy first and plainly, then keeps this one away too ("Allergic to nuts, no lavender", "Nut allergy,
    avoid lavender"). Not when it comes after the term, or a negation stands before it in its comma segment: then
    it may be the same denial's ("no nuts or latex allergies, no lavender")."""
    if other.offset + cue.start() >= clause.offset + match.start:
        return False
    segment = other.text[: cue.start()].rsplit(",", 1)[-1]
    return lx.NEGATION.search(segment) is None


def _kept_off_the_table(notes: str, clause: _Clause, match: _Match, context: _Context) -> bool:
    """The note keeps one of ``lexicon.PRODUCT_ALLERGENS`` away without a sensitivity word: "no nut oils", "avoid
    almond oil", "no latex gloves", "nut-free oils only", "use grapeseed oil, NOT almond", or flags it on a line of
    its own ("LATEX", "*** LATEX ***", "⚠️ NUTS", "Latex!!"). The profile has no "avoid this product" field and a
    service's contraindications meet the guest's allergies only, so the allergy is what keeps the product off the
    table. Not a scent or a fragrance (a preference, or the unscented wish), not a "no" that denies a list of
    allergies ("No nuts, latex or fragrance allergies") or says the thing is not needed ("No latex gloves needed"), nor
    in a sentence that denies a sensitivity or gives someone else's ("No nuts - not allergic, just dislikes the
    smell", "No latex - her husband is allergic"); a question ("Latex?") flags nothing."""
    if match.term.value not in lx.PRODUCT_ALLERGENS or _memo(context, ("other", clause.offset), _names_another, clause):
        return False  # "No nut oils (for her daughter)": perhaps someone else's
    if _flag_line(notes, clause, match):
        return True
    # the words right around the term (a bounded stretch: a long note stays linear), other allergens of a list as "§"
    low, high = max(0, match.start - _AROUND), min(len(clause.text), match.end + _AROUND)
    before, after = _listed_between(clause, low, match.start), _listed_between(clause, match.end, high)
    tail = _tail(re.sub(r"§ +", "§ ", before))
    free = lx.FREE_AFTER.match(clause.text, match.end)
    if free is not None:  # "nut-free oils only"; not "Not nut-free", "Latex-free not required"
        if _free_not_wanted(tail, clause.text, free.end()):
            return False
    else:
        instruction = lx.KEEP_AWAY_BEFORE.search(tail)
        if instruction is None:
            return False
        if lx.ALTERNATIVE_CUE.match(instruction.group(0)) and _alternative_preferred(notes, clause, match, context):
            return False  # "Use almond oil instead of coconut oil", "Prefers coconut oil rather than almond"
    rest = re.sub(r"§ +", "§ ", "".join(after))
    if lx.DENIED_LIST_AFTER.match(rest) or lx.NEEDED_AFTER.match(rest) or lx.OUT_OF_STOCK_AFTER.match(rest):
        return False  # "No nuts, latex or fragrance allergies", "No latex gloves needed", "No nut oils in stock"
    return not _memo(context, ("sensitivity", clause.sentence), _sensitivity_denied, notes, context.sentence)


_AROUND = 200


def _listed_between(clause: _Clause, low: int, high: int) -> str:
    """``clause.text[low:high]`` with each allergen (or scent that can be one) that lies inside it written "§" (as in
    ``_Clause.listed``); a term cut by either end of the stretch is left as written."""
    text = clause.listed[low:high]
    index = clause.starting_before(low) - 1  # the last term to start before the stretch, if it reaches into it
    if index >= 0 and clause.matches[index].end > low:
        cut = min(clause.matches[index].end, high)
        text = clause.text[low:cut] + text[cut - low :]
    index = clause.starting_before(high) - 1  # the last term to start inside the stretch, if it reaches out of it
    if index >= 0 and clause.matches[index].start >= low and clause.matches[index].end > high:
        start = clause.matches[index].start
        text = text[: start - low] + clause.text[start:high]
    return text


def _free_not_wanted(tail: str, text: str, free_end: int) -> bool:
    """A "<allergen>-free" that the note says is not needed: a negation before it in its own stretch ("Not nut-free",
    "No nut-free needed", "Doesn't need nut-free oil", "no need for latex-free gloves") or a "not required / needed
    / necessary" after it ("Latex-free not required"). Not "No fragrance, nut-free oils only" nor "No oils unless
    nut-free" (the stretch starts after the comma, the "unless")."""
    starts = [found.end() for found in lx.FREE_STRETCH_START.finditer(tail)]
    stretch = tail[starts[-1] :] if starts else tail
    return (
        lx.FREE_DENIED_BEFORE.search(stretch) is not None
        or lx.FREE_NOT_NEEDED_AFTER.match(text[free_end : free_end + 80]) is not None
    )


def _alternative_preferred(notes: str, clause: _Clause, match: _Match, context: _Context) -> bool:
    """Before "instead of" / "rather than" the sentence states a preference ("Prefers coconut oil rather than
    almond", "Likes jojoba instead of coconut oil") or gives the guest the same allergen ("Use almond oil instead of
    coconut oil"): a choice between oils, not one kept away. "Use grapeseed instead of almond oil" keeps it away."""
    position = clause.offset + match.start
    sentence_start = min(other.offset for other in context.sentence)
    before = notes[max(sentence_start, position - _AROUND) : position]
    if lx.PREFERENCE_BEFORE.search(before):
        return True
    return _TERM_PATTERNS[match.term].search(before) is not None


_TERM_PATTERNS: dict[Term, re.Pattern[str]] = dict(lx.COMPILED)


def _names_another(clause: _Clause) -> bool:
    return lx.OTHER_PERSON.search(clause.text) is not None


def _sensitivity_denied(notes: str, sentence: list[_Clause]) -> bool:
    """A sensitivity word of the sentence is denied or someone else's: "No nuts - not allergic", "No latex - her
    husband is allergic"."""
    return any(
        _cue_negated(notes, other, cue) or lx.OTHER_PERSON.search(other.masked[: cue.start()]) is not None
        for other in sentence
        for cue in lx.SENSITIVITY_WORD.finditer(other.text)
    )


def _memo(context: _Context, key: tuple[str, int], compute: Callable[..., bool], *args: object) -> bool:
    """``compute(*args)``, once per note for ``key`` (a clause's or a sentence's answer, asked for each term in it)."""
    if key not in context.memo:
        context.memo[key] = compute(*args)
    return context.memo[key]


def _tail(text: str, size: int = 160) -> str:
    """The last ``size`` characters of ``text`` or so, from a word's start: what a cue right before a term needs."""
    if len(text) <= size:
        return text
    # the first space from text[len - size - 1] on, before the last character (a character at a time, 200 steps for a
    # long word or a run of emoji at each mention); the text after it, or "" when there is none
    space = _SPACE.search(text, len(text) - size - 1, len(text) - 1)
    return "" if space is None else text[space.end() :]


_SPACE = re.compile(r"\s")  # what str.isspace() says is a space, character for character


def _flag_line(notes: str, clause: _Clause, match: _Match) -> bool:
    """The match's line holds nothing but allergens of ``lexicon.PRODUCT_ALLERGENS``, emphasis and separators
    ("LATEX", "Latex!!", "*** LATEX ***", "⚠️ LATEX", "NUTS / LATEX", "🥜", "latex."): a flag for each. An oil or a
    product named alone ("Almond oil", "Coconut oil", "Sweet almond oil") is the one asked for or used, a flag only
    with emphasis (capitals, "!", "*", a warning emoji: "ALMOND OIL", "⚠️ almond oil"); under a heading other than
    an alert's ("Products used:", "Preferred oil:") an oil is never one, another allergen only with emphasis. A
    question ("Latex?") is none, nor a plain item of a list ("- almond oil" under "Oils used today"), and a line
    longer than a flag is not read as one. A line of several sentences is read by the match's own ("⚠️ LATEX ⚠️
    use nitrile. Hates lavender")."""
    position = clause.offset + match.start
    start = notes.rfind("\n", 0, position) + 1
    end = notes.find("\n", position)
    end = len(notes) if end == -1 else end
    bullet = _BULLET.match(notes[start : min(end, start + 200)])
    if bullet is not None and not re.search(r"[^\w\s]", bullet.group(1)) and not bullet.group(1).isupper():
        return False  # a plain list item ("Oils used today" / "- almond oil") is no flag; "- LATEX!!" is one
    # the sentence of the line the match is in: "⚠️ LATEX ⚠️ use nitrile. Hates lavender" flags the latex (read
    # within 100 characters of it: a sentence cut there is longer than any flag, so a long line stays linear)
    low = max(start, position - 100)
    line = next(text for at, text in reversed(_spans(notes[low : min(end, position + 100)], _SENTENCE_BOUNDARY, low))
                if at <= position)
    if len(line) > 80 or "?" in line:
        return False
    # what to use instead ("⚠️ LATEX ⚠️ use nitrile", "LATEX - use non-latex gloves") is set aside first, the
    # allergen inside it ("non-latex") with it
    handling = [found.span() for found in lx.FLAG_HANDLING.finditer(line)]
    rest, product = list(line), False
    for low, high in handling:
        rest[low:high] = " " * (high - low)
    for m in _find_matches(line):
        if any(low <= m.start and m.end <= high for low, high in handling):
            continue
        if m.term.kind != "allergen" or m.term.value not in lx.PRODUCT_ALLERGENS:
            return False
        rest[m.start : m.end] = " " * (m.end - m.start)
        product = product or lx.PRODUCT_NAME.search(m.text) is not None
    if re.search(r"\w", re.sub(r"\b(?:and|or)\b", " ", "".join(rest), flags=re.IGNORECASE)):
        return False
    letters = [c for c in line if c.isalpha()]
    emphasis = lx.FLAG_EMPHASIS.search(line) is not None or (len(letters) > 1 and all(c.isupper() for c in letters))
    heading = _heading_above(notes, start)
    if heading is not None and lx.ALERT_HEADING.search(heading) is None:
        # an item under "Products used:", "Preferred oil:", "Retail purchase:": an oil is never a flag there
        return emphasis and not product
    return emphasis or not product  # "Almond oil", "Coconut" are the oil asked for; "Latex", "ALMOND OIL" flags


def _heading_above(notes: str, line_start: int) -> str | None:
    """The heading (a line ending in ":") of the block of lines the line at ``line_start`` is in, or ``None``: the
    nearest line above it that ends in ":", with no blank line between (a bounded look: at most 20 lines up)."""
    end = line_start - 1
    for _ in range(20):
        if end < 0:
            return None
        start = notes.rfind("\n", 0, end) + 1
        line = notes[start:end].strip()
        if not line:
            return None
        if line.endswith(":"):
            return line
        end = start - 1
    return None


def _refused(clause: _Clause, match: _Match) -> bool:
    """The note says the guest cannot have this allergen or oil, right around it: "can't have lavender",
    "cannot use latex gloves", "not fine with lavender", "doesn't tolerate nuts", "can't have lavender or
    eucalyptus", "lavender is not ok", "latex isn't ok". A refusal is a sensitivity, never a denial, inside an
    allergy's clause or not ("Allergic to nuts, can't have lavender")."""
    if lx.REFUSAL_AFTER.match(clause.text[match.end :]):
        return True
    if not clause.may_match_before(lx.REFUSAL_BEFORE, clause.listed, match.start):
        return False
    before = clause.listed[: match.start]  # earlier allergens and oils of a list are "§" ("can't have lavender or")
    return lx.REFUSAL_BEFORE.search(re.sub(r"§ +", "§ ", before)) is not None


def _refusal_in_past(clause: _Clause, match: _Match) -> bool:
    """A refusal that has ended: a past cue before the term or "outgrew it" / "resolved" after it, in the term's own
    comma segment only. A cue in an earlier segment ("No longer allergic to nuts, can't have lavender") is that
    segment's own, and the refusal stands."""
    start, end = _segment(clause, match)
    return (
        lx.ALLERGY_PAST_BEFORE.search(clause.masked[start : match.start]) is not None
        or lx.ALLERGY_PAST_AFTER.search(clause.masked[match.end : end]) is not None
    )


def _kept_away(clause: _Clause, match: _Match) -> bool:
    """An instruction to keep the term away governs it: "avoid lavender", "no nut oils"."""
    before = clause.masked[: match.start]
    instructions = list(lx.INSTRUCT_NO.finditer(before))
    return bool(instructions) and len(before[instructions[-1].end() :].split()) <= 3 and "," not in before[instructions[-1].end() :]


def _cue_attached_to_allergen(clause: _Clause, position: int) -> bool:
    """The sensitivity word belongs to another allergen: the one right in front of it ("fragrance allergies"),
    or the one it governs ("allergic to nut oils")."""
    if any(
        (m.group == "allergies" or m.term.allergen)
        and not clause.text[m.end : position].strip(" -")
        and not lx.REASON_AFTER.match(clause.text[m.end : position])
        for m in clause.matches
        if m.end <= position
    ):
        return True
    governed = lx.ALLERGY_CUE.match(clause.text, position)
    return governed is not None and any(
        (m.group == "allergies" or m.term.allergen) and len(clause.text[governed.end() : m.start].split()) <= 3
        for m in clause.matches
        if m.start >= governed.end()
    )


def _cue_negated(notes: str, clause: _Clause, cue: re.Match[str]) -> bool:
    before = clause.text[: cue.start()]
    negations = list(lx.NEGATION.finditer(before))
    if negations:
        negation = negations[-1]
        governs_a_term = any(negation.end() <= m.start and m.end <= cue.start() for m in clause.matches)
        # "not allergic", "no known allergies", "denies allergies"; not a new statement after a break ("NKA -
        # allergic to penicillin")
        if not governs_a_term and len(before[negation.end() :].split()) <= 2:
            if _ends_at_a_break(clause.text, negation, cue.start()) is None:
                return True
    # "allergic to latex gloves? no"; not "Allergic to latex, meds: none"
    return _answer_after(notes, clause.offset + cue.end(), lx.ANSWER_NO, stated=_ALWAYS) is not None


def _decide(notes: str, clause: _Clause, match: _Match, add: _Adder, context: _Context) -> None:
    term = match.term
    if term.kind == "blocker" or match.consumed:
        return
    if term.kind == "area":
        cue = _area_cue(clause, match)
        if cue is not None:
            add("focus_areas" if cue == "focus" else "avoid_areas", term.value, clause.evidence)
        elif limit := lx.LEVEL_LIMIT_BEFORE_AREA.search(clause.text[: match.start]):
            level = "deep" if limit.group("level").lower() == "deep" else "firm"
            context.level_limits.setdefault(term.value, (level, clause.evidence))
        return
    pair: _PairAnswer = None
    if term.kind == "allergen" or term.field == "contraindications":
        pair = _yes_no_boxes(notes, clause, match)
        if pair in ("yes", "no", "unanswered"):  # "Pregnant? [ ] Yes [x] No": the ticked box's label decides
            if pair == "yes" and not _someone_else(clause, match, context.previous):
                add("allergies" if term.kind == "allergen" else term.field, term.value, clause.evidence)
            return
        box = _checkbox(notes, clause, match) if pair is None else None  # a pair's box is no single box
        if box is not None:  # an intake form's box: ticked is a yes, left empty a no ("[ ] Pregnant", "☑ Nuts")
            if box.group("ticked") and not _someone_else(clause, match, context.previous):
                add("allergies" if term.kind == "allergen" else term.field, term.value, clause.evidence)
            return
    if term.kind == "allergen" or term.allergen is not None or term.field == "contraindications":
        if _in_heading_examples(notes, clause, match.start):
            return  # "Medical history (diabetes, heart disease etc): none": the heading's examples, not the guest's
    if (term.kind == "allergen" or term.allergen is not None) and _allowed(clause, match):
        if term.kind == "allergen":
            return  # "essential oils ok": allowed, so neither an allergy nor a preference
        # a scent the note allows ("citrus oil ok", "fine with lavender"): never an allergy, even inside an
        # allergy's clause; a preference as anywhere else, decided below
    elif term.kind == "allergen" or term.allergen is not None:  # an allergen, or a scent that can be one
        if _excepted(notes, clause, match.start, context):  # "No known allergies except latex"
            if not _someone_else(clause, match, context.previous) and not _allergy_in_past(clause, match):
                add("allergies", term.allergen or term.value, _sentence_evidence(notes, clause, context))
            return
        if _refused(clause, match):  # "can't have lavender", "not fine with nuts", "latex is not ok"
            if not _someone_else(clause, match, context.previous) and not _refusal_in_past(clause, match):
                if not _answered(notes, clause, match, lx.ANSWER_NO):
                    add("allergies", term.allergen or term.value, clause.evidence)
            return
        if (
            _allergy_context(clause, match, notes)
            or context.carried and _carried_into_a_list(clause, match)
            or _listed_on_after_but(clause, match, context)
        ):
            if _allergy_in_past(clause, match):
                return
            if _someone_else(clause, match, context.previous):
                return
            spaces = len(clause.text[match.end :]) - len(clause.text[match.end :].lstrip())
            aside = _OTHERS_ASIDE.match(clause.text, match.end + spaces)
            if aside is not None and _others_aside_holds(notes, clause, aside.start(), aside.end()):
                return  # "Allergies: latex (husband)": his allergy, not hers
            if not _negated(clause, match, window=8) or pair == "other" and _denied_by_a_pair_label(notes, clause, match):
                if not _answered(notes, clause, match, lx.ANSWER_NO):
                    add("allergies", term.allergen or term.value, clause.evidence)
                return
            after = clause.text[match.end :]
            if (lx.ALLERGY_NOUN_AFTER.match(after) or lx.REACTION_AFTER.match(after)) and not lx.REASON_AFTER.match(after):
                return  # its own allergy denied: "no latex allergy" (not "no latex - allergic": the reason for the "no")
            # a negation in front of a later item of the list: a denial ("allergic to nuts, not latex", "not
            # sensitive to fragrance") unless it is an instruction to keep the item away after an allergy the
            # sentence states ("allergic to nuts, no lavender")
            evidence = _kept_away_allergen(notes, clause, match, context)
            if evidence is not None and not _answered(notes, clause, match, lx.ANSWER_NO):
                add("allergies", term.allergen or term.value, evidence)
            return
        evidence = _kept_away_allergen(notes, clause, match, context)
        if evidence is not None and not _someone_else(clause, match, context.previous):
            add("allergies", term.allergen or term.value, evidence)
            return
        if term.kind == "allergen":
            # A checklist answer ("Latex: no. Nuts: yes."): a plain allergen answered yes is an allergy; scents are
            # left out, "Lavender: yes" being a preference more often than not.
            if _answered(notes, clause, match, lx.ANSWER_YES) and not _someone_else(clause, match, context.previous):
                add("allergies", term.allergen or term.value, clause.evidence)
                return
            if _kept_off_the_table(notes, clause, match, context):  # "no nut oils", "LATEX", "nut-free oils only"
                if not _someone_else(clause, match, context.previous) and not _answered(notes, clause, match, lx.ANSWER_NO):
                    add("allergies", term.value, clause.evidence)
                return
            if term.value == "fragrance" and _negated(clause, match) and not _smell_of(clause, match):
                add("scent", "unscented", clause.evidence)  # "doesn't want any scent"; not "hates the scent of rose"
            return
        # a scent named outside any allergy context: a preference, decided below
    if term.field == "contraindications":
        if _someone_else(clause, match, context.previous):
            return
        if _negated(clause, match, window=8) and not (pair == "other" and _denied_by_a_pair_label(notes, clause, match)):
            return  # not a Yes/No pair's "No" before a term with no pair of its own ("Surgery Yes [ ] No [x] Pregnant")
        if any(_answered(notes, clause, match, answer) for answer in (lx.ANSWER_NO, lx.CONDITION_ANSWER_NO)):
            return  # "Pregnant: no", "Pregnant N | Blood thinners N"
        if _in_past(notes, clause, match, context.today) or _still_to_come(clause, match, context.today):
            return
        if match.text.lower() == "prenatal" and _says_not_pregnant(notes, context):
            return  # "Booked prenatal by mistake - she is NOT pregnant": the service's name, denied
        add("contraindications", term.value, clause.evidence)
        return
    if term.kind == "ambiguous" and not _pressure_context(clause, match):
        if _names_no_pressure(clause, match) or not _level_after_one_turned_down(notes, clause, match, context):
            return
    if term.kind != "self_negating" and _someone_else(clause, match, context.previous):
        return  # "Her sister loves peppermint", "Husband likes firm pressure": not the guest's; "no fragrance" is
        # an instruction for the room, whoever it is for
    if term.kind != "self_negating" and _preference_of_other(clause, match, context.previous):
        return  # "Booked with her husband; he prefers deep tissue": the husband's ("he prefers no fragrance" stays)
    if term.field == "scent" and term.value == "unscented":
        _no_scent_allergy(notes, clause, match, add, context)  # "Allergic to nuts, no fragrance"; the wish stays
    if term.field == "scent" and term.kind == "plain" and _in_a_drink(clause, match):
        return  # "water w/ lemon", "lavender latte": something to drink, neither a scent liked nor one to avoid
    if term.field == "scent" and term.kind == "plain":
        reading = _scent_reading(notes, clause, match)
        if reading is not None:  # "no peppermint", "doesn't like lavender", "Peppermint - no": not one they like
            if reading != "neither":
                add("scent" if reading == "liked" else "avoid_scents", term.value, clause.evidence)
            return
    if _asked(notes, clause, match):
        return  # "Would she like eucalyptus?", "Firm pressure? check": a question for the therapist, not a preference
    if term.kind != "self_negating" and _negated(clause, match, through_smell=True):
        return
    if term.field == "pressure" and lx.PRESSURE_AVOIDED_BEFORE.search(clause.masked[: match.start]):
        return  # "Avoid deep pressure (on the back)": a level kept away, not the one liked
    if term.field == "pressure" and _pressure_turned_down_after(notes, clause, match):
        return  # "anything firmer makes them tense up", "Deep tissue – not recommended": not what they like
    if term.field == "pressure":
        area = _area_after(clause, match) or _area_before(clause, match)
        if area is not None:
            area.consumed = True
            add("pressure", f"{term.value} ({area.term.value})", clause.evidence)
            return
    add(term.field, term.value, clause.evidence)


def _pressure_turned_down_after(notes: str, clause: _Clause, match: _Match) -> bool:
    """The words right after a pressure level turn it down (``lexicon.PRESSURE_DISCOMFORT_AFTER``: "Deep tissue not
    recommended", "DT by mistake"), read on the note's line rather than in the clause: an en or em dash (or " -- ")
    ends a clause where a hyphen does not, and "Deep tissue – not recommended" says what "Deep tissue - not
    recommended" does. Not a heading of its own after a level asked for ("Pressure: deep — Not recommended: cupping,
    hot stones", "Prefers firm pressure – contraindicated: hot stones"): what it turns down is listed after its colon,
    unless a condition is ("Pressure: deep – not recommended: blood thinners" stays turned down)."""
    start = clause.offset + match.end
    after = notes[start : start + 120].split("\n", 1)[0]  # the words right after it, as far as they can say so
    words = lx.PRESSURE_DISCOMFORT_AFTER.match(after)
    if words is None:
        return False
    if lx.PRESSURE_DISCOMFORT_AFTER.match(clause.text[match.end :]) or not after[words.end() :].lstrip().startswith(":"):
        return True
    line = notes[notes.rfind("\n", 0, clause.offset + match.start) + 1 : clause.offset + match.start]
    if lx.LEVEL_ASKED_FOR_BEFORE.search(line) is None:
        return True
    listed = after[words.end() :]  # a condition listed there is why the level is turned down: "… – not advised: DVT"
    return any(term.field == "contraindications" and found.search(listed) for term, found in lx.COMPILED)


def _level_after_one_turned_down(notes: str, clause: _Clause, match: _Match, context: _Context) -> bool:
    """A light level ("light", "gentle") asked for right after a pressure level the same sentence turns down, which
    it puts right: "Booked DT by mistake – she wants light", "Deep tissue not recommended, keep it gentle". Only a
    level named for itself ("deep tissue", "DT") is one turned down, never another ambiguous word ("deep sleep"); the
    light level is asked for ("wants", "prefers", "keep it" right before it, nothing but an end, "instead" or
    "please" after it: ``lexicon.LEVEL_ASKED_BEFORE``, ``LEVEL_ASKED_AFTER``), never "light-headed", "light snack" or
    "soft tissue"; and a firm or deep word after a caution is never a pressure ("on strong blood thinners", "hard of
    hearing", "in deep pain")."""
    if match.term.value != "light":
        return False
    if not lx.LEVEL_ASKED_BEFORE.search(clause.text[: match.start]) or not lx.LEVEL_ASKED_AFTER.match(
        clause.text[match.end :]
    ):
        return False
    for other in context.sentence:
        if other is clause:
            return _first_turned_down(notes, other) < match.start
        if other.offset > clause.offset:
            break
        if _first_turned_down(notes, other) < len(other.text):
            return True
    return False


def _first_turned_down(notes: str, clause: _Clause) -> int:
    """Where the clause's first pressure level named for itself and turned down starts; its length when none is (read
    once per clause: each ambiguous level of a long sentence asks it of every clause before)."""
    if not clause.turned_down:
        clause.turned_down.append(
            next(
                (
                    m.start
                    for m in clause.matches
                    if m.term.field == "pressure" and m.term.kind == "plain" and _pressure_turned_down_after(notes, clause, m)
                ),
                len(clause.text),
            )
        )
    return clause.turned_down[0]


_COLON = re.compile(r"[^\S\n]*:")


def _in_heading_examples(notes: str, clause: _Clause, position: int) -> bool:
    """The text at ``position`` stands in a heading's brackets, before its colon; the brackets give examples of what
    the heading asks about (they say so, "etc", "e.g.", or are only a list of two or more terms), and the answer
    after the colon is none: "Medical history (diabetes, heart disease etc): none", "Allergies (latex, nuts): none
    known", "Conditions (pregnancy, diabetes): N/A". Any other answer keeps them (safe side: "Allergies (including
    latex): severe", "Cautions (latex allergy, pregnant): ok" clears what it lists), and so do brackets with the
    guest's own details ("Allergies (sulfa?): none known", "Medications (currently on warfarin): none noted") and a
    heading that is itself a term ("Latex (and nuts): no"). Brackets that open with "e.g." or "such as" give
    examples also when the answer names the guest's own allergens and nothing else ("Allergies (e.g. nuts,
    latex): latex" is latex only; "... : yes" or "... : latex, see chart" keep them). Bounded: the brackets are
    looked for within 80 characters."""
    text = clause.text
    opening = text.rfind("(", max(0, position - 80), position)
    if opening == -1 or ")" in text[opening:position]:
        return False
    closing = text.find(")", position, position + 80)
    if closing == -1 or "(" in text[position:closing] or _COLON.match(text, closing + 1) is None:
        return False
    low = max(text.rfind("\n", 0, opening) + 1, opening - 80)
    heading = text[low:opening].rstrip()
    if not lx.ASKING_HEADING.search(heading) or lx.CHANGE_HEADING.search(heading):
        return False
    if any(m.group == "allergies" or m.term.allergen or m.term.field == "contraindications"
           for m in clause.matches_within(low, opening)):
        return False  # "Latex (and nuts): no": the heading is a term of its own
    answer = notes[clause.offset + closing + 1 : clause.offset + closing + 200]
    if not lx.NONE_ANSWER.match(answer):
        return (
            lx.FOR_EXAMPLE_OPENING.match(text, opening + 1) is not None
            and _ALLERGY_WORD.search(heading) is not None
            and _names_only_allergens(notes, clause.offset + closing + 1)
        )
    if lx.EXAMPLES_MARK.search(text, opening, closing):
        return True
    listed = clause.matches_within(opening + 1, closing)
    residue = list(text[opening + 1 : closing])
    for m in listed:
        residue[m.start - opening - 1 : m.end - opening - 1] = " " * (m.end - m.start)
    return len(listed) >= 2 and not re.sub(r"[\s,/&;]|\b(?:and|or)\b", "", "".join(residue), flags=re.IGNORECASE)


def _names_only_allergens(notes: str, start: int) -> bool:
    """From ``start`` (a heading's closing bracket), the colon and an answer that names allergens and nothing else, each
    one the lexicon knows or a common one ("latex", "shellfish and latex", "penicillin": ``_nothing_but_allergen``),
    which are read there (``_allergy_context``, ``_answer_start``). The answer must end its line with nothing more
    than a full stop, and what follows must be another field or nothing ("latex | Meds: none", "latex⏎Pregnant:
    no"): "latex?", "latex. Nuts too", "latex | nuts", "latex⏎Penicillin" or "latex - see chart" may say more than
    is read, so the examples stay (the safe side)."""
    colon = _COLON.match(notes, start)
    if colon is None:
        return False
    line = _ANSWER_LINE.match(notes, colon.end())
    items = line.group().strip() if line is not None else ""
    if not items or _ANSWER_END.match(notes, line.end()) is None:
        return False
    return all(
        _nothing_but_allergen(item.strip(_EVIDENCE_STRIP)) is not None for item in _NOTHING_BUT_SEPARATOR.split(items)
    )


#: An answer's line up to a stop (bounded).
_ANSWER_LINE = re.compile(r"[^\n|;.!?]{1,200}")
#: Where an answer of allergens ends: the note's end, or another field on the next line or after a pipe.
_ANSWER_END = re.compile(
    rf"[^\S\n]*[.!]?[^\S\n]*(?:$|\n\s*(?:$|{lx.FIELD_HEADING})|[|;][^\S\n]*{lx.FIELD_HEADING})", re.IGNORECASE
)
#: An allergy heading ("Allergies", "Known allergies", "Food allergy").
_ALLERGY_WORD = re.compile(r"al{1,2}[eé]rg", re.IGNORECASE)


def _asked(notes: str, clause: _Clause, match: _Match) -> bool:
    """A preference the note asks about rather than states: the term, at most two words, then "?" with no yes after
    it ("Lavender?", "Would she like eucalyptus? ask"; "Lavender? yes" states one)."""
    at = clause.offset + match.end
    after = notes[at : at + 60]
    question = lx.QUESTION_AFTER.match(after)
    return question is not None and lx.ANSWER_YES.match(after[question.end() - 1 :]) is None


def _scent_reading(notes: str, clause: _Clause, match: _Match) -> Literal["avoid", "neither", "liked"] | None:
    """``_scent_reading_of``, once per mention: each scent of a list reads the one before it ("lavender " x 1,100 read
    the list back from each of its items, 3.8–4.3 s)."""
    if match.start not in clause.scent_readings:
        clause.scent_readings[match.start] = _scent_reading_of(notes, clause, match)
    return clause.scent_readings[match.start]


def _scent_reading_of(notes: str, clause: _Clause, match: _Match) -> Literal["avoid", "neither", "liked"] | None:
    """How a negation bears on a scent outside any allergy: ``"avoid"`` when the note keeps it away or turns it down
    ("no peppermint", "avoid rosemary oil", "doesn't like lavender", "hates lavender", "not lavender", "Peppermint -
    no", "Ylang ylang - not a fan"); ``"neither"`` when a negation governs it without turning it down ("not too much
    lavender", "doesn't mind lavender", "nothing but lavender", "never tried rosemary"), as before; ``"liked"`` when
    a list of scents turned down ends at it, the note turning to what the guest likes or allows ("No lavender - likes
    citrus", "Avoid peppermint, prefers eucalyptus", "no mint, rose is fine"); ``None`` when nothing negates it (a
    scent they like, decided as before)."""
    after = clause.offset + match.end  # a checklist's answer may stand after the clause ("Lavender? No")
    if lx.SCENT_NO_VIEW_AFTER.match(notes[after : after + 60]):
        return "neither"  # "Rose: no preference", "lavender - neutral", "Peppermint: n/a"
    if lx.SCENT_TURNED_DOWN_AFTER.match(notes[after : after + 60]):
        return "avoid"
    if lx.SCENT_TOO_STRONG_AFTER.match(clause.text[match.end :]):
        return "neither"  # "eucalyptus is too strong for her": not liked, nor turned down
    before = clause.masked[: match.start]
    if lx.SCENT_PASSED_OVER_BEFORE.search(before) or lx.SCENT_PREFERRED_OVER_BEFORE.search(before):
        return "neither"  # "citrus instead of lavender", "prefers lavender over eucalyptus"
    if _example_of_scents_turned_down(clause, match):
        return "avoid"  # "Hates strong smells, esp. peppermint", "no essential oils, e.g. lavender"
    cue = None
    if _kept_away(clause, match):
        cue = _last_match(lx.INSTRUCT_NO, before)
    elif _negated(clause, match, through_smell=True):
        cue = _last_match(lx.NEGATION, before)
    if cue is None:
        return _listed_after_avoided(notes, clause, match)
    gap = clause.text[cue.end() : match.start]
    if lx.DENIAL_NOT_DISLIKE.match(cue.group(0)) or lx.SCENT_NOT_A_DISLIKE.search(gap):
        return "neither"
    listed = [m.end for m in clause.matches if m.group == match.group and cue.end() <= m.start and m.end <= match.start]
    if listed and (
        lx.SCENT_WELCOME.search(clause.text[max(listed) : match.start])
        or lx.ALLOWED_AFTER.match(clause.text[match.end :])
    ):
        return "liked"
    return "avoid"


def _example_of_scents_turned_down(clause: _Clause, match: _Match) -> bool:
    """The scent is named as an example ("esp.", "e.g.", "such as", "like") of scents the note turns down right
    before it ("Hates strong smells, esp. peppermint", "Avoid strong scents, e.g. eucalyptus", "no essential oils
    (such as lavender)")."""
    example = lx.SCENT_EXAMPLE_BEFORE.search(clause.text, max(0, match.start - 60), match.start)
    if example is None:
        return False
    scents = [
        m for m in clause.matches
        if m.end <= example.start() + 1 and (m.term.value in ("fragrance", "essentialOils", "unscented"))
    ]
    if not scents or clause.text[scents[-1].end : example.start() + 1].strip(" ,:(") != "":
        return False
    group = scents[-1]
    if group.term.kind == "self_negating":
        return True
    before = clause.text[: group.start]  # "Hates strong smells", "Doesn't like heavy perfumes, e.g. rose"
    cues = [cue for pattern in (lx.NEGATION, lx.INSTRUCT_NO) for cue in [_last_match(pattern, before)] if cue]
    if not cues:
        return False
    cue = max(cues, key=lambda found: found.end())
    gap = before[cue.end() :]
    if len(gap.split()) > 2 or any(mark in gap for mark in ",;:()"):
        return False
    denied = lx.DENIAL_NOT_DISLIKE.match(cue.group(0)) or lx.SCENT_NOT_A_DISLIKE.search(gap)
    return not denied and not lx.ALLOWED_AFTER.match(clause.text[match.end :])  # "Not sensitive to scents, e.g. …"


def _listed_after_avoided(notes: str, clause: _Clause, match: _Match) -> Literal["avoid", "liked"] | None:
    """A scent listed right after one the note keeps away, joined by list words only ("avoid peppermint, rosemary",
    "Scents to avoid: peppermint, rosemary"), is kept away too; one the note allows there ("avoid mint, rose ok")
    is liked. ``None`` otherwise."""
    earlier = clause.matches[: clause.starting_before(match.start)]  # the nearest term of the field before it
    previous = next((m for m in reversed(earlier) if m.group == match.group), None)
    if previous is None:
        return None
    if previous.term.kind != "plain" or not lx.SCENT_LIST_GAP.match(clause.text[previous.end : match.start]):
        return None
    if _scent_reading(notes, clause, previous) != "avoid":
        return None
    return "liked" if lx.ALLOWED_AFTER.match(clause.text[match.end :]) else "avoid"


def _no_scent_allergy(notes: str, clause: _Clause, match: _Match, add: _Adder, context: _Context) -> None:
    """"no fragrance", "no scents", "no essential oils" read as an unscented wish name an allergen too: after an
    allergy the statement states first ("Allergic to nuts, no fragrance", "Nut allergy; no essential oils") or with
    a sensitivity word of the sentence ("No fragrance - severe allergy"), that allergen is an allergy, as "no
    lavender" is one there. Not someone else's, nor one answered no; alone ("No fragrance") it stays a wish."""
    named = lx.NO_SCENT_ALLERGEN.match(match.text)
    if named is None:
        return
    allergen = "fragrance" if named.group("fragrance") else "essentialOils"
    start = match.start + named.start(allergen)
    item = _Match(Term("allergies", allergen, "", "allergen"), start, match.end, clause.text[start : match.end])
    if _someone_else(clause, item, context.previous) or _answered(notes, clause, item, lx.ANSWER_NO):
        return
    evidence = _sensitivity_evidence(notes, clause, item, context)
    if evidence is not None:
        add("allergies", allergen, evidence)


def _allowed(clause: _Clause, match: _Match) -> bool:
    """The note allows this allergen or scent, in the words right around it: "citrus oil ok", "lavender is fine",
    "fine with lavender", "can have citrus", or "X only" after another allergen of the same allergy ("ALLERGIC TO
    NUT OILS - grapeseed only, citrus oil ok"). The other allergens of the clause are decided as before: only what
    the note clearly allows is left out ("citrus oil not ok", "citrus ok?" and "allergic to lavender only" stay
    allergies)."""
    after = clause.text[match.end :]
    if lx.ALLOWED_AFTER.match(after):
        return True
    before = clause.text[: match.start]
    cue = None
    if clause.may_match_before(lx.ALLOWED_BEFORE, clause.text, match.start):
        cue = lx.ALLOWED_BEFORE.search(before)
    if cue is not None and lx.NEGATED_BEFORE.search(before[: cue.start()]) is None:
        return True
    if lx.ALLOWED_ONLY_AFTER.match(after):
        # "X only" allows X only as a list item after an allergen: a separator stands between them
        earlier = [m for m in clause.matches if m.end <= match.start and (m.group == "allergies" or m.term.allergen)]
        return bool(earlier) and re.search(r"[,/]|\s[-–—]\s", clause.text[earlier[-1].end : match.start]) is not None
    return False


def _sentence_evidence(notes: str, clause: _Clause, context: _Context) -> str:
    """The whole sentence up to and including this clause, for a find that needs the clause before it."""
    return _span_evidence(notes, clause, *[other for other in context.sentence if other.offset <= clause.offset])


def _excepted(notes: str, clause: _Clause, position: int, context: _Context) -> bool:
    """"No known allergies except latex", "NKA except nuts", "Allergies: none apart from shellfish", "No other
    allergies besides nuts": the term at ``position`` follows an exception word closely, and the words before the
    exception deny allergies."""
    cues = [m for m in clause.exceptions if m.end() <= position]
    if not cues:
        return False
    cue = cues[-1]
    gap = clause.text[cue.end() : position]
    for m in clause.matches_within(cue.end(), position):
        gap = gap.replace(m.text, " ")
    if len(re.sub(r",|\band\b|\bor\b|&|/", " ", gap).split()) > 3:
        return False
    start = min((other.offset for other in context.sentence), default=clause.offset)
    before = notes[start : clause.offset + cue.start()]
    return lx.NO_ALLERGIES.search(before) is not None and lx.OTHER_PERSON.search(before) is None


def _nothing_but(notes: str, add: _Adder) -> None:
    """"Allergic to nothing but latex", "Allergies: none except tree nuts and penicillin", "Not allergic to anything
    but sulfa drugs (hives)": each item is an allergy (``lexicon.NOTHING_BUT``). Only when what follows "but" /
    "except" is nothing but known allergens up to the clause's end: any other word ("... but lavender preferred",
    "... but nuts, loves lavender", "... but latex jokes", "... but latex gloves") and the exception adds no allergy, as
    before. Never a scent, an essential oil or an oil ("Allergies: none but lavender", "... but coconut oil")."""
    for found in lx.NOTHING_BUT.finditer(notes):
        before = notes[max(0, found.start("statement") - _NOTHING_BUT_LOOKBACK) : found.start("statement")]
        if lx.OTHER_PERSON.search(before) or _CHILDREN.search(before):
            continue  # "Her son is coming too. He is allergic to nothing but nuts", "Son | Allergic to nothing but nuts"
        listed = re.sub(r"\s+", " ", found.group("items")).strip()  # one space at most: the splits below stay linear
        if listed.endswith(")"):  # "(hives)", "(anaphylaxis)", "(severe, EpiPen)": how bad, read as nothing more
            opening = listed.rfind("(")
            said = set(re.split(r"[\s,/&]+", listed[opening + 1 : -1].strip().lower()))
            if opening < 0 or not said <= lx.SEVERITY_WORDS:
                continue  # "Allergies: none but lavender (her favorite)", "... but nuts (per mom)"
            listed = listed[:opening].rstrip()
        allergens = [_nothing_but_allergen(item.strip()) for item in _NOTHING_BUT_SEPARATOR.split(listed)]
        if None in allergens:
            continue  # "Allergic to nothing but nuts, loves lavender", "Allergies: none but lavender"
        evidence = notes[found.start("statement") : found.start("items") + len(found.group("items").rstrip())]
        for allergen in allergens:
            add("allergies", str(allergen), evidence)


#: How far before a "nothing but" statement another person named (a husband, a son, "Mom says.") makes it theirs, or
#: maybe theirs: the exception is then not read (a plain "He is allergic to nuts" there is read as theirs already).
_NOTHING_BUT_LOOKBACK = 300
#: Children named as a group ("Kids | …", "Child (age 7): …"), which ``lexicon.OTHER_PERSON`` does not list.
_CHILDREN = re.compile(r"\b(?:kids?|child(?:ren)?|family)\b", re.IGNORECASE)
#: Between the items of a "nothing but" exception: "latex, nuts", "latex and nuts", "latex, nuts, and sesame",
#: "latex or nuts", "latex & nuts".
_NOTHING_BUT_SEPARATOR = re.compile(r" ?, ?(?:(?:and|or) )?| (?:and|or|&) ", re.IGNORECASE)
#: The allergens of the lexicon a "nothing but" exception may name: no scent (fragrance) and no oil.
_NOTHING_BUT_TERMS = tuple(
    term for term in lx.TERMS if term.kind == "allergen" and term.value not in {"fragrance", "essentialOils"}
)


def _nothing_but_allergen(item: str) -> str | None:
    """The allergy an item of a "nothing but" exception names: a lexicon allergen ("latex", "tree nuts") or a common
    one ("sesame", "penicillin", "bee stings", "sulfa drugs": ``lexicon.NOTHING_BUT_COMMON``,
    ``lexicon.NOTHING_BUT_NAMED``). None for anything else, a scent ("lavender"), an oil or coconut ("coconut oil",
    "almond oil", "nut oils") included."""
    lowered = item.lower()
    if not item or "oil" in lowered or "coconut" in lowered:
        return None
    for term in _NOTHING_BUT_TERMS:
        if re.fullmatch(term.pattern, item, re.IGNORECASE):
            return term.value
    if lowered in lx.NOTHING_BUT_COMMON or lx.NOTHING_BUT_NAMED.fullmatch(lowered):
        return raw_allergen_name(lowered) or None
    return None


def _allergy_in_past(clause: _Clause, match: _Match) -> bool:
    """"Peanut allergy ruled out by allergist", "Previously allergic to latex, outgrew it": not a current allergy.
    A cue after the term counts only if no other allergen stands between them."""
    before = clause.masked[: match.start]
    cue = _last_match(lx.ALLERGY_PAST_BEFORE, before)
    if cue is not None and len(before[cue.end() :].split()) <= 5:
        return True
    after = lx.ALLERGY_PAST_AFTER.search(clause.masked, match.end)
    if after is None or after.start() >= _item_end(clause, match.end, stated=lambda: _stated(clause, match)):
        return False
    return not any(
        (m.group == "allergies" or m.term.allergen) and match.end <= m.start and m.end <= after.start()
        for m in clause.matches
    )


def _unknown_allergens(notes: str, clause: _Clause, context: _Context, add: _Adder) -> re.Match[str] | None:
    """"Allergic to penicillin and bee stings": allergens the lexicon does not know, kept under a plain name. The cue
    whose list runs to the clause's end (its last cue's, when that is the guest's own and no exception), which a
    semicolon may carry on (``_list_after_semicolon``); else ``None``."""
    cues = [(cue, False) for cue in lx.STRONG_ALLERGY_CUE.finditer(clause.text)]
    cues += [(cue, True) for cue in lx.EXCEPTION_CUE.finditer(clause.text) if _excepted(notes, clause, cue.end(), context)]
    runs_on = None
    for cue, excepted in sorted(cues, key=lambda pair: pair[0].start()):
        runs_on = None  # a later cue's list ends an earlier one's
        if lx.OTHER_PERSON.search(clause.masked[: cue.start()]):
            continue
        # the list after the cue, unless the cue's brackets are a heading's examples ("Allergies (e.g. sesame,
        # sulfa): none"); and the answer after a form's brackets ("Allergies (e.g. nuts, latex): penicillin")
        starts = [] if _in_heading_examples(notes, clause, cue.end()) else [_after_examples_mark(clause, cue)]
        begin = _answer_start(clause, cue)
        if begin != cue.end():
            asked = _heading_brackets(clause.text, cue)
            if asked is not None and _FORM_REQUEST.match(asked.group("inside")):
                starts = []  # "Allergies (if any): codeine": the brackets name nothing
            starts.insert(0, begin)
        if not starts:
            continue
        if not excepted and (_cue_negated(notes, clause, cue) or _past_after(clause, cue.end())):
            continue
        if not excepted and lx.ALLERGY_PAST_BEFORE.search(clause.masked[: cue.start()]):
            continue
        if _pronoun_for_other(clause, context.previous):
            continue
        for begin in starts:
            names, ran_on, _ = _allergen_list(notes, clause, cue, begin)
            for name in names:
                add("allergies", name, _sentence_evidence(notes, clause, context) if excepted else clause.evidence)
            runs_on = cue if ran_on else None  # "No allergies except penicillin; sulfa" too
    return runs_on


def _allergen_list(
    notes: str, clause: _Clause, cue: re.Match[str], begin: int, *, strict: bool = False
) -> tuple[list[str], bool, bool]:
    """The allergens the lexicon does not know in the list that starts at ``begin``, after ``cue``; whether the
    list runs to the clause's end (nothing in it says the list has ended); and whether, ``strict``, it broke off at
    something that may undo what it lists (``_list_after_semicolon`` then reads none of it). ``strict`` (a list a
    semicolon carries on), and past an item said to be fine, each later name must be plainly an allergen's
    (``_plainly_an_allergen``) or the list ends there: the list is read on where it once ended, and reads no more
    than it surely holds. A list that ends cleanly keeps what it named: at a full stop ("…; sulfa; codeine."), a
    sign-off or remark after a dash ("…; codeine - JM", "…; codeine \u2013 see chart") or a remark in brackets
    ("…; codeine (per intake)"); not at a question ("…; sulfa?"), a colon, an answer no ("…, sulfa - negative")."""
    # the rest of the clause with its asides blanked ("penicillin (rash, hives), sulfa"; a dash pair separates
    # the items around it: "penicillin - severe - sulfa"), read up to a stop
    text, asides = list(clause.text), _asides(clause, begin, len(clause.text))
    for start, end in asides:
        text[start:end] = (" " if clause.text[start] in "([" else ",").ljust(end - start)
    blanked = "".join(text)
    # what a reaction was to ends at a dash: what follows is the reaction ("wasp sting - huge swelling")
    stops = r"[.?!;:(\n]|\s[-–—]+\s|[-–—]{2,}" if lx.REACTION_CUE.search(cue.group()) else r"[.?!;:(\n]"
    tail = re.split(stops, blanked[begin:], maxsplit=1)[0]
    whole = len(tail) == len(blanked) - begin  # no stop: the list may run on past the clause
    stop = "" if whole else blanked[begin + len(tail)]
    if strict and stop in (":", "("):
        return [], False, True  # "…; sulfa: negative", "…; sulfa (husband": what follows may undo it
    signed = _sign_off(clause, tail, begin)
    if not strict and signed is not None and not _INITIALS.fullmatch(signed.group("who") or ""):
        signed = None  # "Allergies: latex, shellfish - JM": initials alone sign a plain list ("- Kiwi" may be one)
    if signed is not None:
        tail, whole = tail[: signed.start()], False  # "…; codeine - JM", "…; Codeine \u2013 see chart": the list ends
    answer = lx.ANSWER_NO.match(notes[clause.offset + begin : clause.offset + begin + 60])
    label = None if answer is None else _label_start(answer.group("lead"), stated=_ALWAYS)
    if label is not None:
        # a "no" that answers another label, not the cue (``_cue_negated``): the list ends before that label
        # ("Allergic to latex, meds: none" and "Allergies: latex, meds - none" name latex, not "meds")
        tail = tail[:label]
    elif _answered_no_or_past(clause.text[begin + len(tail) :]):
        # the list ran into a label answered no or past, too far for ``ANSWER_NO`` ("Allergies: nuts (mild),
        # latex (severe), meds: none", "Allergic to latex, Meds: no longer"): its last item is that label, or an
        # item the answer denies ("Allergies: latex, sesame: no"), no allergen either way
        label = _label_start(tail, stated=_ALWAYS)  # "Allergies: kiwi, meds and supplements: none"
        last = _last_match(_LIST_SEPARATOR, tail)
        tail = tail[: label if label is not None else last.start() if last is not None else 0]
    if tail.strip(_EVIDENCE_STRIP).lower() in _EMPTY_ANSWERS:
        return [], False, False  # "Allergies: N/A"
    whole = whole and label is None
    # the asides are disjoint and in order: only the last to start at or before a match can hold it
    aside_starts = [start for start, _ in asides]
    listed = [
        m for m in clause.matches
        if not ((at := bisect.bisect_right(aside_starts, m.start)) and m.end <= asides[at - 1][1])
    ]
    spans = _item_spans(tail, begin)
    names: list[str] = []
    broken = ends_here = False
    answered = 0  # where the last answer no to an item ends, in the clause
    for index, (item_start, position) in enumerate(spans):
        if ends_here:
            whole = False
            break
        item = blanked[item_start:position]
        denial = _ITEM_DENIAL.match(clause.text, item_start)
        if not strict and denial is not None and _denied_series(clause.text, denial.end()):
            break  # "Allergies: not kiwi, sulfa, or codeine": the "not" denies the whole series
        if _oxford_gap(blanked, item_start, position, spans[index + 1 :]):
            continue  # "Allergic to penicillin, codeine, and sulfa": the comma before the last "and"
        inside = [m for m in listed if m.start < position and m.end > item_start]
        if any(m.group != "allergies" and not m.term.allergen for m in inside):
            break  # another field's term ("skip feet"): the list has ended
        if inside:  # a known allergen, which the lexicon decides; words after it may end the list
            rest = item
            for m in inside:
                rest = rest.replace(m.text, " ")
            rest_words = re.sub(r"[^\w\s]", " ", rest).lower().split()
            if not strict and rest_words in (["not"], ["no"]) and _own_item(blanked, position, spans[index + 1 :]):
                continue  # "Allergies: not latex, shellfish, sulfa": the lexicon decides latex, the list goes on
            if not strict and len(rest_words) == 1 and _LIKING.fullmatch(rest_words[0]):
                continue  # "Allergies: loves lavender; eucalyptus": a liked scent, the lexicon's; the list goes on
            if any(w in lx.NOT_AN_ALLERGEN for w in rest_words):
                if _said_to_be_fine(item, inside):
                    strict = True
                    continue  # "Allergies: penicillin, lavender is fine, codeine": an aside, the list goes on
                break  # "nut oils - grapeseed only"
            continue
        if item.strip(_EVIDENCE_STRIP).lower() in _EMPTY_ANSWERS:
            break  # "Allergies: N/A"
        if re.fullmatch(r"[^\w]*[^\W\d_][^\w]*", item):
            continue  # one letter is no allergen ("e" of "e.g."), but no list's end: "Allergies: E, codeine"
        rest = notes[clause.offset + position : clause.offset + position + 80]
        if strict and index == len(spans) - 1 and stop == "?":
            broken = True
            break  # "…; sulfa?": asked about
        if item_start < answered:
            continue  # the answer of the item before ("negative" of "sulfa - negative")
        denied = _denied_item(notes, clause.offset + item_start) if strict or index else None
        if denied is not None and strict:
            broken = True
            break  # "…, Tylenol ok, sulfa - negative": the answer after it denies it
        if denied is not None:
            answered = denied - clause.offset
            continue  # "Allergies: penicillin, codeine, sulfa - negative, morphine": no sulfa, and no "negative"
        item_asides = asides[bisect.bisect_left(aside_starts, item_start) : bisect.bisect_right(aside_starts, position)]
        others = any(
            _OTHERS_ASIDE.fullmatch(clause.text[start:end].strip()) and _others_aside_holds(notes, clause, start, end)
            for start, end in item_asides
        )
        if not strict and _no_allergy_of_hers(item, others, own=_own_item(blanked, position, spans[index + 1 :])):
            continue  # "Allergies: not kiwi, sulfa", "per intake", "takes Zyrtec", "sulfa (husband)": the list goes on
        if strict and any(not _how_bad_aside(clause.text[start:end]) for start, end in item_asides):
            if not all(_how_bad_aside(clause.text[a:b]) or _remark_aside(clause.text[a:b]) for a, b in item_asides):
                broken = True
                break  # "sulfa (husband)", "sulfa (outgrown)", "sulfa - negative -": the aside may undo it
            ends_here = True  # "…; codeine (per intake)": a remark, the list ends after this item
        source = re.search(rf"[^\S\n]+(?i:{_SOURCE_REMARK})[^\S\n]*$", item)
        if not strict and source is not None and item[: source.start()].strip():
            item = item[: source.start()]  # "codeine per pt": codeine
        remedy = _REMEDY_END.search(item)
        if not strict and remedy is not None:
            item = item[: remedy.start()]  # "penicillin (rash) benadryl helps": penicillin
        took = _TOOK.match(item)
        if not strict and took is not None and _TAKEN_AS_A_MEDICINE.search(item) and not _REACTED.search(item):
            continue  # "took benadryl before appt": a medication she took, no allergy
        if not strict and took is not None and _took_without_harm(clause.text, item_start, position, spans[index + 1 :]):
            continue  # "took sulfa, no issues", "took Zyrtec": taken and fine, or a remedy; no allergy
        if not strict and took is not None:
            item = " " * took.end() + re.sub(r"(?i)\bonce\b", "    ", item[took.end() :])  # "took penicillin - hives"
        if strict and _WITH.search(item) and not _only_how_bad(_with_what(item, rest)):
            break  # "sulfa w/ palpitations": what it is with may be read as an allergen; "sulfa w/ hives" is read
        item = _before_with(item, rest, first=index == 0)
        if item is None:
            break  # "Allergic to nuts, water w/ ice is fine": no allergen's name, the list has ended
        words = _allergen_words(item)
        if words is None:
            if _said_to_be_fine(item, []):
                strict = True
                continue  # "Allergies: codeine, tramadol fine, morphine": allowed, no allergen, the list goes on
            break  # the list has ended: the text is about something else now
        if not words:
            continue
        if strict and not _plainly_an_allergen(words):
            break  # "Allergies: latex; running late", "…, tea ok - jm": a remark, a name or a signature
        name = raw_allergen_name(" ".join(words))
        if name:
            names.append(name)
    else:
        return names, whole and not ends_here, False
    return names, False, broken or (strict and not ends_here)


#: An item of an allergy list that names no allergy of hers, whatever it names: one denied by a "not" or "no" in front
#: of it ("not kiwi"), a medication she takes ("takes Zyrtec"), a remedy ("Benadryl helps").
#: Only "takes"/"taking" is a medication she takes: "took penicillin - hives" is what she reacted to (``_TOOK``).
_NO_ALLERGY_ITEM = re.compile(r"[^\S\n]*(?:(?:not|no)[^\S\n]+(?P<denied>\S.*)|(?:takes|taking)[^\S\n]+\S.*)", re.IGNORECASE)
#: A remedy at an item's end ("Benadryl helps"): only that part is no allergy ("penicillin (rash) benadryl helps").
_REMEDY_END = re.compile(r"(?:^|(?<=\s))[\w'-]+[^\S\n]+helps[^\S\n]*$", re.IGNORECASE)
#: "took" before what she reacted to ("took penicillin once - hives"): the allergen is what follows it.
_TOOK = re.compile(r"[^\S\n]*took[^\S\n]+(?=\S)", re.IGNORECASE)
#: What says a drug she took did her no harm, after it in its item ("took sulfa without issue") or as the next item
#: ("took penicillin, no reaction", "took Advil, ok").
_NO_HARM = re.compile(
    r"(?:without|w/o|no|with[^\S\n]+no)[^\S\n]+(?:any[^\S\n]+)?(?:issues?|problems?|reactions?|side[^\S\n]+effects?|probs?)"
    r"|(?:(?:was|is|did)[^\S\n]+)?(?:fine|ok(?:ay)?|well|good|tolerated(?:[^\S\n]+(?:it|well|fine))?)",
    re.IGNORECASE,
)


def _took_without_harm(text: str, start: int, end: int, later: list[tuple[int, int]]) -> bool:
    """The item ``text[start:end]`` of an allergy list (its asides too) is "took" and a drug that did her no harm: it says
    so itself ("took sulfa without issue") or the next item does and says nothing else ("took penicillin, no
    reaction", "took ibuprofen, fine"), or the drug is an antihistamine (``lexicon.ANTIHISTAMINES``: "seasonal, took
    Zyrtec", "took Claritin, latex"), a remedy, unless the item says she reacted ("took benadryl - hives")."""
    took = _TOOK.match(text, start, end)
    if took is None:
        return False
    rest = text[took.end() : end]
    if re.search(rf"[^\S\n,]+(?:{_NO_HARM.pattern})\W*$", rest, re.IGNORECASE):
        return True  # "took sulfa without issue"
    stop = re.compile(r"[,;\n]|$").search(text, end).start()
    if _REACTED.search(text, took.end(), stop):
        return False  # "took benadryl - hives", "took benadryl and broke out in hives": what she reacted to
    if later and text[end : end + 1] == "," and _NO_HARM.fullmatch(text[later[0][0] : later[0][1]].strip(" \t.;!")):
        return True  # "took penicillin, no reaction"
    words = re.sub(r"[^\w\s-]", " ", rest).lower().split()
    return bool(words) and words[0] in lx.ANTIHISTAMINES and len(words) <= 2


#: When she took it ("took benadryl before appt", "… this morning"): a medication taken, unless it says she reacted.
_TAKEN_AS_A_MEDICINE = re.compile(
    r"\b(?:before|prior|today|tonight|this|earlier|yesterday|last[^\S\n]+night|am|pm|appt|appointment)\b", re.IGNORECASE
)
_REACTED = re.compile(r"\b(?:hives|rash\w*|swell\w*|itch\w*|anaphyla\w*|reaction|react\w*|vomit\w*|sick)\b", re.IGNORECASE)
#: An item's aside that says whose the allergy is, someone else's: "(husband)", "(mom's)", "(her daughter only)".
_OTHERS_ASIDE = re.compile(
    rf"[(\[][^\S\n]*(?:(?:her|his|the)[^\S\n]+)?(?:{lx.OTHER_PERSON.pattern})(?:['\u2019]s)?(?:[^\S\n]+only)?"
    r"[^\S\n]*[)\]]",
    re.IGNORECASE,
)


#: What keeps an item hers although its aside names someone else: how bad it is or what it did ("latex (mom) -
#: anaphylaxis", "latex (mom) EPI PEN", "nuts (husband) severe"), or that she has it too ("latex (husband) but she is
#: too", "… both").
_HERS_ALL_THE_SAME = re.compile(
    r"\b(?:anaphyla\w*|epi(?:[-\s]?pens?)?|hives|severe|swell\w*|rash\w*|reactions?|hospital\w*|throat|both|she(?:['\u2019]s"
    r"|[^\S\n]+is|[^\S\n]+has)?[^\S\n]+(?:\w+[^\S\n]+)?(?:too|also|as[^\S\n]+well)|hers[^\S\n]+too|her[^\S\n]+too)\b",
    re.IGNORECASE,
)
#: A note about a minor, or a booking a parent made: an aside "(mom)" may be whoever wrote the child's allergy down.
_MINOR_OR_PARENT = re.compile(
    r"\b(?:minor|teen\w*|child|kids?|juniors?|aged?[^\S\n]*1[0-7]|1[0-7][^\S\n]*(?:yo|y/o|yrs?|years?)\b"
    r"|booked[^\S\n]+by[^\S\n]+(?:her[^\S\n]+|his[^\S\n]+|the[^\S\n]+)?(?:mom|mum|mother|dad|father|parents?)"
    r"|parent(?:al|s)?)\b",
    re.IGNORECASE,
)


def _others_aside_holds(notes: str, clause: _Clause, start: int, end: int) -> bool:
    """The aside at ``start:end`` of ``clause`` that names someone else ("latex (husband)", ``_OTHERS_ASIDE``) makes
    its item his or hers, no allergy of the guest's. Not when the item says how bad it is or that she has it too
    (``_HERS_ALL_THE_SAME``), when the note is about a minor or a parent booked (``_MINOR_OR_PARENT``: "Minor, 15.
    Allergies: nuts (mom)"), nor when the item joins more than one name by "and", "&", "/" or "+" ("latex and nuts
    (husband)": whose each one is, is not plain; both are kept). When in doubt the allergy is kept."""
    text = clause.text
    item_start = max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind(":", 0, start)) + 1
    if re.search(r"\band\b|&|/|\+", text[item_start:start], re.IGNORECASE):
        return False
    after = notes[clause.offset + end :]
    item_end = re.compile(r"[,;.\n]|$").search(after).start()
    if _HERS_ALL_THE_SAME.search(text, item_start, start) or _HERS_ALL_THE_SAME.search(after[:item_end]):
        return False
    return not _MINOR_OR_PARENT.search(notes)


def _own_item(text: str, end: int, later: list[tuple[int, int]]) -> bool:
    """The list item that ends at ``end`` of ``text`` is the last or a comma ends it: an item of its own, so what it
    says does not reach the next ("Allergies: not kiwi, sulfa"); not one "or" or "and" joins to the next ("not kiwi or
    sulfa", "no nut-based oils or scrubs" deny or keep away both, as before)."""
    return not later or text[end : end + 1] == ","


def _no_allergy_of_hers(item: str, others: bool, *, own: bool) -> bool:
    """An item of an allergy list (``item`` with its asides blanked; ``others``: one of its asides says it is someone
    else's) that names no allergy of hers: ``_NO_ALLERGY_ITEM`` (a denied item only when what it denies is a name, "not kiwi", not "not sure about
    it", and it is an item of its own, ``own``: ``_own_item``), where it comes from alone ("per intake", "see chart":
    ``_SOURCE_REMARK``; not "updated", kept on the safe side), or an item whose aside names someone else ("sulfa
    (husband)": ``_OTHERS_ASIDE``, ``others``, when ``_others_aside_holds``). Any other item is read as before; the
    list goes on after these."""
    if others:
        return True
    if re.fullmatch(rf"[^\S\n]*(?i:{_SOURCE_REMARK})[^\S\n.]*", item):
        return True
    remedy = _REMEDY_END.search(item, max(0, len(item) - 40))
    if remedy is not None and not item[: remedy.start()].strip():
        return True  # "Benadryl helps" alone (``_allergen_list`` reads what comes before a remedy)
    found = _NO_ALLERGY_ITEM.fullmatch(item)
    if found is None:
        return False
    return found.group("denied") is None or own and _denied_name(item)


#: Where an item comes from ("per intake", "see chart", "pt clarified"), the first kind of ``_REMARK``.
_SOURCE_REMARK = (
    r"(?:(?:see|per|as[^\S\n]+per|from)[^\S\n]+(?:the[^\S\n]+)?(?:chart|file|notes?|intake(?:[^\S\n]+form)?|client|guest"
    r"|form|records?|profile|hx|history|doctor|gp|md|pt|patient)"
    r"|(?:pt|patient|client|guest)[^\S\n]+(?:clarified|confirmed|verified|states|stated|reports|reported|says|said))"
)
#: What a note says about an item, as a remark rather than a reason it is no allergy: "per intake", "see chart",
#: "confirmed", "sensitivity" (in brackets or after a dash).
_REMARK = (
    rf"(?:{_SOURCE_REMARK}|confirmed|verified|noted|documented|updated|self[- ]reported"
    r"|reported|(?:mild[^\S\n]+)?(?:sensitiv\w*|intoleran\w*|allerg\w*))"
)
_REMARK_ASIDE = re.compile(rf"[(\[][^\S\n]*{_REMARK}[^\S\n]*[)\]]", re.IGNORECASE)
#: A sign-off or remark after a dash at the end of a list a semicolon carries on: "…; codeine - JM", "…; Codeine \u2013
#: see chart", "…; codeine - Sarah" (initials, a name, a remark; see ``_sign_off``).
_SIGN_OFF = re.compile(
    r"[^\S\n]+(?:--?[^\S\n]+|[\u2013\u2014]+[^\S\n]*)(?:(?P<who>[A-Za-z]{2,3}|[A-Z]\.[^\S\n]?[A-Z]\.?|[A-Z][a-z]{2,15})"
    rf"|(?i:{_REMARK}))[^\S\n]*[.!]*[^\S\n]*$"
)


#: Short words after a dash that answer or qualify the item rather than sign the note ("sulfa - neg", "- pos", "- unk").
_NOT_A_SIGN_OFF = frozenset(str.split("ve neg pos unk hx rxn sev mod yes y n no na nil nkda nka tbc tbd tba per see"))
#: Words after a dash that may undo the item, in any case: "…; codeine - Outgrown", "- Resolved", "- Tolerates", "- Never"
#: are no sign-off (a capital letter made them look like a name, so the item was kept).
_UNDO_NOT_A_SIGN_OFF = frozenset(
    str.split(
        "outgrown outgrew resolved tolerates tolerated tolerant never false nah former formerly questionable doubtful "
        "probably possibly possible maybe unlikely likely unsure unknown unconfirmed unclear uncertain suspected tested "
        "cleared denied denies deny not none nope negative old past prior previous previously historical history once "
        "childhood child kid gone stopped ruled disproven retested desensitized okay fine allowed safe "
        "query querying asked ask check checking verify pending"
    )
)


#: Two letters of a signature ("JM", "jm", "J.M."): what ends a plain allergy list after a dash as a sign-off
#: ("Allergies: latex, shellfish - JM"); a name or a longer short form there may be an allergen ("- Kiwi", "- MSG").
_INITIALS = re.compile(r"(?![AEIOUaeiou]{2})[A-Za-z]{2}|[A-Z]\.[^\S\n]?[A-Z]\.?")


def _sign_off(clause: _Clause, tail: str, begin: int) -> re.Match[str] | None:
    """The sign-off or remark (``_SIGN_OFF``) that ends ``tail`` (the list from ``begin`` in ``clause``), when it is no
    term of the lexicon, no allergen's name ("- PCN"), no word of how bad it is ("- Hives") and no word that says
    something else ("- Mom", "- no", "- ok")."""
    # read in the tail's last characters only (a sign-off is short): a long run of spaces before the end was read from
    # each of its spaces to its end ("Allergies:" 10,000 spaces "latex" took 6 s once plain lists were signed too)
    signed = _SIGN_OFF.search(tail, max(0, len(tail.rstrip()) - 80))
    if signed is None or clause.matches_within(begin + signed.start(), begin + signed.end()):
        return None
    who = (signed.group("who") or "").lower().replace(".", "").replace(" ", "")
    if who and (
        who in lx.NOT_AN_ALLERGEN
        or who in _EMPTY_ANSWERS
        or who in _NOT_A_SIGN_OFF
        or who in _UNDO_NOT_A_SIGN_OFF
        or who in lx.SEVERITY_WORDS
        or who in lx.ALLERGEN_MODIFIERS
        or who in lx.NO_ALLERGEN_NAME
        or _plainly_an_allergen([who])
    ):
        return None
    return signed


def _remark_aside(text: str) -> bool:
    """An aside in brackets that is a remark about where the item comes from or what kind of allergy it is ("(per
    intake)", "(see chart)", "(sensitivity)")."""
    return _REMARK_ASIDE.fullmatch(text.strip()) is not None


def _denied_item(notes: str, at: int) -> int | None:
    """Where the answer ends when the list item at ``at`` in ``notes`` is answered no right after it ("sulfa -
    negative", "sulfa: no"), as ``lexicon.ANSWER_NO`` answers the first item of a list (the answer's lead holds no
    other item); else ``None``."""
    answer = lx.ANSWER_NO.match(notes[at : at + 60])
    if answer is None or _LIST_SEPARATOR.search(answer.group("lead")) is not None:
        return None
    return at + answer.end()


def _semicolon_after(notes: str, clauses: list[_Clause], index: int) -> bool:
    """``clauses[index]`` ends its sentence, and a semicolon on the same line joins the next sentence to it."""
    if index + 1 >= len(clauses) or clauses[index + 1].sentence == clauses[index].sentence:
        return False
    clause, following = clauses[index], clauses[index + 1]
    gap = notes[clause.offset + len(clause.text) : following.offset]
    # "Allergies: penicillin;⏎sulfa": a semicolon that ends its line carries the list on to the next line (not over a
    # blank line); what that line says is judged as after any semicolon (``_list_after_semicolon``)
    return gap.strip() == ";" and ("\n" not in gap or gap.count("\n") == 1 and gap.index(";") < gap.index("\n"))


def _list_after_semicolon(notes: str, first: _Clause, cue: re.Match[str], clause: _Clause, add: _Adder) -> bool:
    """"Allergies: penicillin; sulfa; codeine", "Allergic to penicillin; bee stings": a sentence after a semicolon
    (``clause``, its only clause) that is nothing but allergens carries on the allergy list of ``first`` (which
    ``cue`` begins, and which ran to its end), so the allergens the lexicon does not know are read there too (those
    it knows are read anyway: "Allergic to latex; nuts"). Whether it did: the list has ended at a sentence that says
    anything else ("Allergies: penicillin; prefers firm pressure", "Allergic to latex; loves lavender", "Allergies:
    nuts; hates the smell of rose"), or names what is not plainly an allergen (``_plainly_an_allergen``: "…; Maria",
    "…; jm", "…; asthma"). The evidence runs from the cue's clause to this one; a list is bounded like a sentence
    (``MAX_SENTENCE``)."""
    if clause.offset + len(clause.text) - first.offset > MAX_SENTENCE:
        return False
    mark = _ITEM_MARK.match(clause.text) if "\n" in notes[first.offset : clause.offset] else None
    begin = 0 if mark is None else mark.end()  # "Allergies: penicillin;⏎- sulfa": the line's bullet mark is no item
    names, ran_on, broken = _allergen_list(notes, clause, cue, begin, strict=True)
    end = clause.offset + len(clause.text)
    if re.match(r"[^\S\n]*(?:[-\u2013\u2014]+[^\S\n]*)?\?", notes[end : end + 20]):
        return False  # "…; sulfa \u2013 ?" (a dash may end the clause): asked about
    if broken or not all(_only_allergens(clause, low, high) for low, high in _item_spans(clause.text[begin:], begin)):
        return False
    evidence = _span_evidence(notes, first, clause) if names else ""
    for name in names:
        add("allergies", name, evidence)
    return ran_on  # "…; sulfa; codeine." names codeine, and the list ends there


#: The last word of an allergen's name of two or three words ("cat dander", "dust mites", "hair dye", "wasp venom").
_ALLERGEN_HEADS = frozenset(
    str.split(
        "dander mites mite dye dyes sting stings venom drugs drug antibiotics plasters plaster tape adhesive adhesives "
        "dressings bandages"
    )
)
#: The words before such a last word that make it an allergen's name ("bee stings", "hair dye", "medical tape", "dust
#: mites"): what stings, what is dyed or taped, what sheds. Not a verb, a time or a name ("taking antibiotics",
#: "recent hair dye", "Sarah bee stings", "compression bandages", "KT tape").
_HEAD_MODIFIERS = frozenset(
    str.split(
        "bee bees honeybee honey wasp wasps hornet hornets yellow jacket jackets yellowjacket insect insects ant ants "
        "fire jellyfish scorpion spider mosquito hair red blue green black food contrast iodine iodinated tattoo henna "
        "fabric textile medical surgical adhesive sticky paper cloth silk zinc oxide plastic elastoplast band-aid "
        "dust house cat cats dog dogs horse pet pets animal rabbit guinea pig hamster bird feather mouse rodent "
        "sulfa sulpha sulfonamide nsaid opioid opiate narcotic antibiotic penicillin snake lash lashes eyelash brow "
        "eyebrow sticking kt kinesiology duct masking scotch"
    )
)
#: A drug's name, by a stem or ending no other word has: "amoxicillin", "erythromycin", "benzocaine",
#: "doxycycline", "ciprofloxacin", "ibuprofen", "fluconazole", "chlorhexidine", "oxycodone", "sulfamethoxazole",
#: "cephalexin", "ceftriaxone". Not "Priscillin", "Lucaine" (a name), "Cefaly" (a device), "cefalea" (headache in
#: Spanish), "Cephalon", "Sulfadene".
_DRUG_NAME = re.compile(
    r"(?:peni|amoxi|ampi|bacampi|pivampi|(?:di|flu)?cloxa|oxa|naf|pipera|ticar|carbeni|methi|mezlo|azlo|temo)cillins?"
    r"|(?:lido|ligno|xylo|benzo|novo|pro|tetra|(?:levo)?bupiva|mepiva|ropiva|arti|prilo|chloropro|dibu|pramo)caine"
    r"|[a-z]{2,}(?:mycin|micin|cycline|oxacin|profen|hexidine|codone|morphone)"
    r"|[a-z]{3,}(?:conazole|nidazole|prazole)"
    r"|sul(?:f|ph)(?:as?|onamides?|amethoxazole|asalazine|adiazine|acetamide|isoxazole|ites?|ates?)"
    r"|ceph(?:alexin|alosporins?|radine|alothin|azolin|apirin)"
    r"|cef(?:alexin|azolin|uroxime|triaxone|dinir|epime|ixime|oxitin|prozil|podoxime|tazidime|aclor|adroxil"
    r"|otaxime|taroline|otetan|ditoren|alosporins?)",
    re.IGNORECASE,
)


def _plainly_an_allergen(words: list[str]) -> bool:
    """``words`` (lower case, of a list item read where a list once ended: ``_allergen_list``'s ``strict``) are
    plainly an allergen's name: a common allergen ("sulfa", "PCN", "bee stings": ``lexicon.NOTHING_BUT_COMMON``), a
    drug's name by its ending ("Amoxicillin", "Erythromycin"), or a name that ends in a word for one ("cat dander",
    "hair dye"). Anything else may be a person ("Sarah", "jm"), a remark ("per client", "updated"), a condition
    ("asthma", "sensitive skin") or a wish ("gluten free"): the list ends there, as it did."""
    named = " ".join(words)
    if named in lx.COMMON_ALLERGENS or named in lx.NOTHING_BUT_COMMON or lx.NOTHING_BUT_NAMED.fullmatch(named):
        return True
    if len(words) == 1:
        return _DRUG_NAME.fullmatch(named) is not None
    return words[-1] in _ALLERGEN_HEADS and all(
        w in _HEAD_MODIFIERS or w in lx.NOTHING_BUT_COMMON or _DRUG_NAME.fullmatch(w) for w in words[:-1]
    )


def _how_bad_aside(text: str) -> bool:
    """An aside of a list item, in brackets or between spaced hyphens, that says only how bad the allergy is ("(hives)",
    "- severe -"): not "(husband)", "(outgrown)", "(?)", which may say it is no allergy of hers."""
    return _only_how_bad(text.strip(" \t()[]-"))


def _only_allergens(clause: _Clause, low: int, high: int) -> bool:
    """``clause.text[low:high]``, an item after a semicolon, names no other field's term, and a term that is an
    allergen (or a scent that can be) only with how bad it is around it ("nuts (severe)", not "hates the smell of
    rose"); the words of a name the lexicon does not know are ``_allergen_list``'s to judge."""
    inside = clause.matches_within(low, high)
    if any(m.group != "allergies" and not m.term.allergen for m in inside):
        return False
    if not inside:
        return True
    item = _BRACKET_ASIDE.sub(" ", clause.text[low:high])
    for m in inside:
        item = item.replace(m.text, " ")
    words = re.sub(r"[^\w\s'-]", " ", item).lower().split()
    return all(w in lx.SEVERITY_WORDS or w in lx.ALLERGEN_MODIFIERS for w in words)


#: The end of a list item that says the thing it names is fine: "lavender is fine", "tramadol ok", "gloves are okay"
#: (searched in the item's last characters only, so a long item costs no more than a short one).
_FINE_END = re.compile(
    r"[^\S\n]+(?:(?:is|are)[^\S\n]+(?:(?:totally|perfectly)[^\S\n]+)?)?(?:ok(?:ay)?|fine|tolerated)\W*$",
    re.IGNORECASE,
)


def _said_to_be_fine(item: str, inside: list[_Match]) -> bool:
    """``item`` of an allergy list is nothing but a thing named and said to be fine (``_FINE_END``): a known term
    (``inside``, its only matches) or a name of at most three words (``_allergen_words``). The note allows it, so it
    is no allergen (the lexicon decides a known term itself), and an aside: the list goes on after it ("Allergies:
    penicillin, lavender is fine, codeine" lost codeine). Not "everything else is fine", "water w/ lemon is fine"
    (``_before_with`` ends the list there), "fine but not rose"."""
    last = max(0, len(item) - 40)
    fine = _FINE_END.search(item, last)
    if fine is None:
        return False
    name = item[: fine.start()].strip()
    if inside:
        return len(inside) == 1 and name.lower() == inside[0].text.strip().lower()
    words = _allergen_words(name)
    return bool(words) and " ".join(words) == name.lower()


#: The words (and list marks) right before an allergy noun: "Penicillin, sulfa & codeine " (each repetition starts
#: with a letter, and words and separators share no character, so a long run cannot backtrack).
_NAMED_BEFORE = re.compile(r"(?:[^\W\d_][\w'’-]*[ \t,/&+]+)+$")


def _allergens_named_first(notes: str, clause: _Clause, context: _Context, add: _Adder) -> None:
    """"Penicillin allergy", "Sesame allergy.", "BEE STING allergy", "oat intolerance", "Latex and sulfa allergies":
    the allergens named right before the word for the allergy, a list's items too. Not one denied or past ("no
    penicillin allergy", "previously", "Latex allergy: no"), someone else's ("Husband's sulfa allergy"), nor a kind
    of allergy ("Food allergy", "Seasonal allergies"). A sensitivity is read so too when the word before it is an
    allergen the lexicon knows or a common one ("Salicylate sensitivity"; not "lots of sensitivity")."""
    nouns = [(noun, False) for noun in lx.ALLERGY_NOUN.finditer(clause.text)]
    nouns += [(noun, True) for noun in lx.SENSITIVITY_NOUN.finditer(clause.text)]
    for noun, sensitivity in sorted(nouns, key=lambda pair: pair[0].start()):
        before = clause.text[: noun.start()]
        if _answer_after(notes, clause.offset + noun.end(), lx.ANSWER_NO, stated=_ALWAYS):
            continue  # a checklist's question answered no ("Latex allergy: no"; not "Nut allergy, meds: none")
        if lx.ALLERGY_NOT_HERS_AFTER.match(clause.text[noun.end() :]):
            continue  # "Sulfa allergy - denied", "Sulfa allergy (husband)"
        box = lx.CHECKBOX_AFTER.match(clause.text[noun.end() : noun.end() + 12])
        if box is not None and not box.group("ticked"):
            continue  # an intake form's box left empty: "Latex allergy [ ] Nut allergy [x]"
        if _in_heading_examples(notes, clause, noun.start()):
            continue  # "Medical history (e.g. sesame allergy): none"
        named = _NAMED_BEFORE.search(before, max(0, len(before) - 80))
        if named is None or not re.search(r"[^\W\d_][ \t]+$", before):
            continue  # the name stands right before the noun ("Loves spring, allergy season is rough" names none)
        negation = _last_match(lx.NEGATION, before)
        if negation is not None and len(before[negation.end() :].split()) <= 6:
            continue  # "no penicillin allergy", "denies sulfa or latex allergies"
        if lx.OTHER_PERSON.search(clause.masked[: noun.start()]) or _pronoun_for_other(clause, context.previous):
            continue
        if lx.ALLERGY_PAST_BEFORE.search(before) or _past_after(clause, noun.end()):
            continue
        found: list[str] = []
        for start, end in reversed(_item_spans(named.group(0), named.start())):  # back to an item naming none
            item = clause.text[start:end]
            known = [m for m in clause.matches if m.start < end and m.end > start]
            if known:
                if all(m.term.kind == "allergen" for m in known):
                    found += [m.term.value for m in reversed(known)]
                    continue
                break
            words: list[str] = []
            for word in reversed(item.split()):  # back to the first word that names no allergen
                if word.lower() in lx.NO_ALLERGEN_NAME:
                    break
                words.insert(0, word)
            name = raw_allergen_name(" ".join(words)) if words else ""
            if sensitivity and not (len(words) == 1 and words[0].lower() in lx.SENSITIVITY_ALLERGENS):
                break  # "lots of sensitivity", "scalp sensitivity": no allergen
            if not name:
                break
            found.append(name)
            if len(words) < len(item.split()):
                break  # "Has a sulfa allergy": the words before the name are no list
        for value in reversed(found):  # in the note's order
            add("allergies", value, clause.evidence)


def _also_allergic(clauses: list[_Clause], index: int, add: _Adder) -> None:
    """"NUT ALLERGY!!! severe. also latex", "peanut allergy!!! also sesame": a sentence of only "also" (or "plus") and
    allergens the lexicon knows or common ones it has no term for (``lexicon.COMMON_ALLERGENS``), within two sentences
    of the guest's allergy, adds them. Any other word is no allergen ("Also vegan", "Also running late"), and nothing
    is added after someone else's allergy ("Husband allergic to nuts. Also latex")."""
    clause = clauses[index]
    also = lx.ALSO_START.match(clause.text)
    if also is None or lx.OTHER_PERSON.search(clause.text):
        return
    earlier = [c for c in clauses[:index] if clause.sentence - 2 <= c.sentence < clause.sentence]
    stated = [c for c in earlier if lx.ALLERGY_CUE.search(c.text) or lx.ALLERGY_NOUN.search(c.text)]
    if not stated or lx.OTHER_PERSON.search(stated[-1].text):
        return  # no allergy just before, or the nearest is someone else's ("Husband allergic to nuts. Also latex")
    found: list[str] = []
    for item_start, item_end in _item_spans(clause.text[also.end() :], also.end()):
        known = [m for m in clause.matches if m.start < item_end and m.end > item_start]
        word = clause.text[item_start:item_end].strip(_EVIDENCE_STRIP).lower()
        if known and all(m.term.kind == "allergen" for m in known):
            found += [m.term.value for m in known]
        elif not known and word in lx.COMMON_ALLERGENS:
            found.append(raw_allergen_name(word))
        else:
            return
    for value in found:
        add("allergies", value, clause.evidence)


_LIST_SEPARATOR = re.compile(r",|\band\b|\bor\b|&|/|\+|•|·|\bplus\b|\s--?\s", re.IGNORECASE)
#: "with" in a list item, or the "w" of "w/" at its end (the slash separates the items): "penicillin w/ rash".
_WITH = re.compile(r"\bwith\b|\bw\s*$", re.IGNORECASE)
_WITH_WORD = re.compile(r"\bwith\b", re.IGNORECASE)
_WITH_ENDS = re.compile(r"[,;.!?()\n]|\s[-\u2013\u2014]+\s|\b(?:and|or)\b", re.IGNORECASE)


def _before_with(item: str, rest: str, *, first: bool) -> str | None:
    """A list item up to its "with", or its "w" when "w/" ends it (``rest`` is the note's text after the item, which
    the slash begins): the allergen's name, whatever it is with ("penicillin w/ rash", "codeine with nausea", "sulfa w/
    GI upset", "creams w/ arnica"); the list goes on after it, and what follows a slash is read as its next item
    ("penicillin w/ sulfa" keeps sulfa). ``None`` when a later item is plainly no allergen, taken with something
    that is fine, okay or used instead, and no reaction ("Allergic to lemon, water w/ lemon is fine", "lidocaine -
    numbed w/ ice + vibration instead"): the list has ended. A drink alone is no such sign ("green tea w/ GI upset"
    may be an allergen with its reaction). ``item`` itself when it has neither."""
    joined = _WITH.search(item)
    if joined is None:
        return item
    head = item[: joined.start()]
    if first:
        return head  # right after the allergy word: "Allergic to water w/ lemon" names water, as it always did
    what = _with_what(item, rest)
    fine = _FINE_AT_THE_END.search(what)
    if (
        fine is not None
        and not _CONTRAST.search(what[: fine.start()])
        and not any(w in lx.SEVERITY_WORDS for w in re.findall(r"[\w'-]+", what.lower()))
    ):
        return None  # not "sulfa w/ mild rash ok w/ Benadryl": an allergen with its reaction
    return head


def _with_what(item: str, rest: str) -> str:
    """What a list item is with ("hives" of "sulfa w/ hives", "honey ok" of "tea w/ honey ok"), to the next item
    (``rest`` is the note's text after the item; "sulfa w/ hives and lavender is fine" is with hives only)."""
    joined = _WITH.search(item)
    if joined is None:
        return ""
    slash = joined.group(0).lower() != "with"
    return item[joined.end() :] + _WITH_ENDS.split(rest[1:] if slash else rest, maxsplit=1)[0]


def _only_how_bad(text: str) -> bool:
    """``text`` says how bad an allergy is or what it does and nothing else ("hives", "severe rash", "anaphylaxis")."""
    words = re.sub(r"[^\w\s'-]", " ", text).lower().split()
    return bool(words) and all(w in lx.SEVERITY_WORDS or w in lx.ALLERGEN_MODIFIERS for w in words)


#: What an item is with ends on its being fine or used instead ("water w/ lemon is fine", "tea w/ honey ok for her",
#: "ice + vibration instead"); not "nickel w/ dermatitis ok w/ gold", where the fine thing comes after.
_FINE_AT_THE_END = re.compile(lx.FINE_INSTEAD.pattern + r"(?:[^\w]+(?!(?:w|with)\b)\w+){0,4}[^\w]*$", re.IGNORECASE)
#: Before the fine word, one that turns to something else: "codeine w/ N/V but OK w/ tramadol", "sulfa w/ SOB
#: otherwise fine", "kiwi w/ mouth tingling but banana fine": the item is the allergen, what is fine another thing.
_CONTRAST = re.compile(r"\b(?:but|though|although|otherwise|however|yet|except|whereas)\b", re.IGNORECASE)


def _answered_no_or_past(text: str) -> bool:
    """``text`` starts with a checklist's colon or question answered no or past: ": none", "? No", ": stopped",
    ": ninguna"."""
    if text[:1] not in (":", "?"):
        return False
    return any(pattern.match(text) for pattern in (lx.ANSWER_NO, lx.ANSWER_PAST, _SPANISH_NONE))


#: A checklist's answer "none" in Spanish ("Alergias: ninguna", "Medicamentos: ninguno").
_SPANISH_NONE = re.compile(r"^[:?]\s*(?:ningun[oa]s?|nada)(?![^\S\n]*\w)", re.IGNORECASE)


def _answer_start(clause: _Clause, cue: re.Match[str]) -> int:
    """Where the list after an allergy cue starts: after the cue, or after the heading's brackets and colon when the
    cue opens a form's brackets of examples or a request ("Allergies (e.g. nuts, latex): penicillin", "Allergies (if
    any): codeine"), whose answer is hers. Not brackets that may say something else (someone else's, past, denied:
    "Allergies (husband): penicillin", "Allergies (outgrown): sulfa"), which are read as before."""
    heading = _heading_brackets(clause.text, cue)
    if heading is None:
        return cue.end()
    inside = heading.group("inside")
    if lx.OTHER_PERSON.search(inside) or not (lx.EXAMPLES_MARK.search(inside) or _FORM_REQUEST.match(inside)):
        return cue.end()
    return heading.end()



def _after_examples_mark(clause: _Clause, cue: re.Match[str]) -> int:
    """Where a list read right after ``cue`` starts: after the word that opens its brackets as examples ("Allergies
    (e.g. sulfa, codeine): yes" reads sulfa and codeine, kept on the safe side when the answer does not say which;
    the "e" of "e.g." or "egSulfa" before), else at the cue's end."""
    if not cue.group().endswith("("):
        return cue.end()
    mark = _EXAMPLES_OPENING.match(clause.text, cue.end())
    return cue.end() if mark is None else mark.end()


#: The word that opens brackets of examples, with its stops: "e.g. ", "eg, ", "such as ", "for example: ", "incl. ".
_EXAMPLES_OPENING = re.compile(
    r"[^\S\n]*(?:e\.?[^\S\n]?g\b\.?|such[^\S\n]+as\b|for[^\S\n]+(?:example|instance)\b|incl(?:uding\b|\.|\b)|i\.e\.)"
    r"[,:]?[^\S\n]*",
    re.IGNORECASE,
)

#: A form's brackets asking for the answer: "(if any)", "(please list)", "(specify)".
_FORM_REQUEST = re.compile(
    r"[^\S\n]*(?:if[^\S\n]+(?:any|yes|so)|(?:please[^\S\n]+)?(?:list|specify|describe|explain)(?:[^\S\n]+(?:all|below))?)"
    r"[^\S\n]*$",
    re.IGNORECASE,
)

def _oxford_gap(text: str, start: int, end: int, rest: list[tuple[int, int]]) -> bool:
    """The empty item between a list's last comma and its "and" / "or" ("penicillin, codeine, and sulfa"), when one
    item follows it and that item is nothing but an allergen the lexicon knows or a common one ("sulfa", "bee
    stings": ``_nothing_but_allergen``). Any other last item ends the list there, as before ("Allergic to
    penicillin, and requests female therapist", "..., and the cold", "..., and possibly sulfa" name no more)."""
    if text[start:end].strip() or len(rest) != 1 or text[start - 1 : start] != ",":
        return False
    if not re.match(r"(?:and|or)\b", text[end : end + 4], re.IGNORECASE):
        return False
    last = text[rest[0][0] : rest[0][1]].strip(_EVIDENCE_STRIP)
    return _nothing_but_allergen(last) is not None


def _item_spans(tail: str, base: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each item of the list ``tail`` (which starts at ``base``), between its separators."""
    spans, position = [], 0
    for separator in _LIST_SEPARATOR.finditer(tail):
        spans.append((base + position, base + separator.start()))
        position = separator.end()
    spans.append((base + position, base + len(tail)))
    return spans


def raw_allergen_name(text: str, *, names: Iterable[str] = ()) -> str:
    """An allergen the vocabulary does not know, as a short camelCase name: "bee stings" → ``beeStings``.

    Built from scrubbed text (``scrub_pii`` with the client's private ``names``), so a phone number, a titled
    surname or the client's last name cannot ride along inside it: only the first words before anything in
    brackets, and only plain words (no digits, no scrubbed placeholders), at most three, are kept
    ("cat dander (Okonkwo household)" → ``catDander``, "call mum 4155550101" → ``callMum``). ``""`` when nothing
    is left, or when the text is a clause rather than a name.
    """
    from spa_copilot.ai.guardrails import scrub_allergen

    head = re.split(r"[(\[{:;,.!?]|\s[-–—]\s", unicode_camel_split(text), maxsplit=1)[0]
    scrubbed = re.sub(r"\[\w+\]", " 0 ", scrub_allergen(head, names=names))  # a scrubbed part ends the name
    words: list[str] = []
    for word in re.sub(r"[^\w\s'-]", " ", scrubbed).lower().split():
        word = word.strip("'-")
        if not words and word == "0":
            continue  # a scrubbed name in front ("[name] family cat")
        if not word.isalpha() or word in lx.NOT_AN_ALLERGEN:
            break
        if not words and (word in lx.ALLERGEN_MODIFIERS or word in lx.SEVERITY_WORDS):
            continue
        if word in lx.SEVERITY_WORDS:
            break  # "anaphylactic", "hives": how bad, never the allergen's name
        words.append(word)
    if not words or len(words) > 3:
        return ""
    return words[0] + "".join(word.capitalize() for word in words[1:])


def unicode_camel_split(text: str) -> str:
    """"okonkwoFamilyCat" → "okonkwo family cat" (a camelCase value read back as the lower-case words it was made
    of, so "witchHazel" is "witch hazel", never a capitalised "Hazel" read as a name)."""
    return re.sub(r"(?<=[a-z])([A-Z])", lambda m: " " + m.group(1).lower(), text)


def _resolve_anaphora(notes: str, clauses: list[_Clause], index: int, add: _Adder) -> None:
    """"insulin pump on the abdomen — avoid that area": an avoid cue pointing back at the previous clause."""
    clause = clauses[index]
    if index == 0 or any(m.term.kind == "area" for m in clause.matches):
        return
    if not (lx.AVOID_CUE.search(clause.masked) and lx.ANAPHOR.search(clause.masked)):
        return
    previous = clauses[index - 1]
    if previous.sentence != clause.sentence:
        return
    for match in previous.matches:
        if match.term.kind == "area" and not match.consumed and _area_cue(previous, match) is None:
            add("avoid_areas", match.term.value, _span_evidence(notes, previous, clause))


def normalise_safety_name(field: str, text: str) -> str | None:
    """Map a free-text allergy or condition ("Almond oil", "Warfarin") to its canonical name, if the lexicon knows it."""
    table = lx.ALLERGENS if field == "allergies" else lx.CONDITIONS
    for value in table:
        if value.lower() == text.strip().lower():
            return value
    for value, pattern in table.items():
        if re.search(rf"(?<![\w])(?:{pattern})(?![\w])", text, re.IGNORECASE):
            return value
    if field == "allergies":
        for pattern in lx.SCENTS.values():
            if re.search(rf"(?<![\w])(?:{pattern})(?![\w])", text, re.IGNORECASE):
                return "essentialOils"
    return None


def intake_safety(intake: HealthHistory) -> list[tuple[str, str, str]]:
    """The intake's allergies, conditions, medications and pregnancy as ``(field, name, evidence)``, in order.

    A name the vocabulary knows is normalised ("High blood pressure" → ``hypertension``); any other is kept
    (an allergy as a plain camelCase name, a condition or medication as written), never dropped: whatever the
    guest declared reaches the therapist. Empty answers ("none", "N/A") are skipped, repeats kept once.
    """
    found: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def keep(field: str, name: str, evidence: str) -> None:
        if name and (field, name.lower()) not in seen:
            seen.add((field, name.lower()))
            found.append((field, name, evidence))

    for raw in intake.allergies:
        if raw.strip().lower() not in _EMPTY_ANSWERS:
            keep("allergies", normalise_safety_name("allergies", raw) or raw_allergen_name(raw), f"intake allergies: {raw}")
    for label, items in (("conditions", intake.conditions), ("medications", intake.medications)):
        for raw in items:
            if raw.strip().lower() not in _EMPTY_ANSWERS:
                name = normalise_safety_name("contraindications", raw) or " ".join(raw.split())
                keep("contraindications", name, f"intake {label}: {raw}")
    if intake.pregnant:
        keep("contraindications", "pregnancy", "intake pregnant: yes")
    return found


def alerts_with_cautions(
    alerts: Sequence[str], names: Sequence[str], *, today: date | None = None, read: Sequence[GuestProfile] | None = None
) -> tuple[list[str], list[str]]:
    """Each caution once: an alert the spa wrote about an allergy or condition the guest has ("Nut allergy: no
    nut-based oils or scrubs") stands for it, with the vocabulary's handling note added in brackets when it has one
    ("… (nut-free oils only)"), and that name's own line is left out. An alert says what the spa itself chose to
    flag, in its own words and severity, so it is the wording kept; nothing is lost, the handling note comes along.

    Returns the alerts' lines (in order) and the names still to show on their own line. An alert is read with the
    offline extractor (on ``today``, as ``extract_profile_offline``), so one that denies an allergy or is about someone
    else ("husband has a nut allergy") or long past ("stopped Accutane in 2019") stands for nothing. ``read``: each
    alert as the caller already read it so (the briefing engine reads them for the booked service's check too)."""
    remaining = {name.lower(): name for name in names}
    lines = []
    if read is None:
        read = [extract_profile_offline(text, today=today) for text in alerts]
    for text, said in zip(alerts, read, strict=True):
        covered = [
            remaining.pop(value.lower())
            for value in (*said.values("allergies"), *said.values("contraindications"))
            if value.lower() in remaining
        ]
        handled = [name for name in covered if name in CAUTIONS]
        if len(handled) == 1:
            text = f"{text} ({CAUTIONS[handled[0]]})"
        elif handled:
            text = f"{text} ({'; '.join(caution_line(name) for name in handled)})"
        lines.append(text)
    return lines, [name for name in names if name.lower() in remaining]


def _add_intake(intake: HealthHistory, add: _Adder) -> None:
    for field, name, evidence in intake_safety(intake):
        add(field, name, evidence)
