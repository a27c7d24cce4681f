"""A note cut into sentences and clauses, and the lexicon's terms found in each: the notes reader's first step.

``split_clauses`` cuts the text into sentences (a full stop, a line break, a semicolon; not the full stop of "esp."
or "e.g.") and each sentence into clauses at "but", "though", dashes and the like; a run-on sentence longer than
``MAX_SENTENCE`` is read in pieces (``_cut_run_on``). ``unfold_lists`` joins a heading to each item listed under it.
``_find_matches`` finds the lexicon's terms in a clause; ``_Clause`` keeps them with what the rules ask of the clause
again and again (its masked text, its list items, its cues), worked out once per clause. ``_Context`` is what a
clause is read with: the clause before it, its sentence and statement, the day, one note's answers so far.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import cached_property
from typing import Literal

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.lexicon import Term

#: A full stop ends a sentence unless it ends a short form written mid-sentence ("Hates strong smells, esp.
#: peppermint", "Avoid strong scents, e.g. eucalyptus", "Mrs. Lee"): there the example belongs to the words before.
_ABBREVIATIONS = ("esp", "e.g", "eg", "i.e", "ie", "incl", "approx", "ex", "vs", "mr", "mrs", "ms", "dr")
#: Not a person's initial: after a doctor's title or another initial ("Seen by Dr. L. Hip replacement", "Dr L. Knee",
#: "Referred by J. R. knee surgery"), where the letter is no side (a review read "left hip" there).
_NOT_A_PERSONS_INITIAL = r"(?<!(?i:dr)\.[^\S\n][lLrR]\.)(?<!(?i:dr)[^\S\n][lLrR]\.)(?<![A-Z]\.[^\S\n][lLrR]\.)"
#: A side's letter and its full stop before a body area on the same line ("R. knee surgery", "Lt. hip", "l. side"):
#: no sentence's end, or "R." was a sentence of its own and the surgery lost its side.
_SIDE_BEFORE_AN_AREA = (
    r"(?!(?:(?<=\b[lLrR]\.)" + _NOT_A_PERSONS_INITIAL + r"|(?<=\b[lLrR][tT]\.))[^\S\n]+(?i:"
    + "|".join(f"(?:{area})" for area in lx.AREAS.values()) + r"|side)(?!\w))"
)
#: The front desk's "sens." before "to" ("sens. to latex"): the sensitivity's own words, no sentence's end.
_SENS_TO = r"(?!(?<=\b(?i:sens)\.)[^\S\n]+(?i:to)\b)"
_SENTENCE_BOUNDARY = re.compile(
    r"(?<=[.!?])" + "".join(rf"(?<!\b(?i:{re.escape(short)})\.)" for short in _ABBREVIATIONS) + _SIDE_BEFORE_AN_AREA
    + _SENS_TO + r"\s+|\n+|;"
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
_EVIDENCE_STRIP = " ,.;:!?()—–-\"'"
_Adder = Callable[[str, str, str], None]
_ScentReading = Literal["avoid", "neither", "liked"] | None


@dataclass
class _Match:
    term: Term
    start: int  # relative to the clause
    end: int
    text: str
    consumed: bool = False
    #: an area named as the site of an operation or injectables ("knee surgery", "botox in her forehead";
    #: ``extraction._surgery_sites``): only the note's own instruction for it counts, never a focus after it
    site: bool = False
    #: a scent read as an allergy (essential oils) here, by the lexicon's reading or an allergy list's ("Allergies: latex
    #: • codeine • eucalyptus"; ``allergy_lists._allergen_list``): no preference anywhere then (``extraction._read_notes``)
    read_as_allergy: bool = False

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
    #: how many characters the clause opens with that are its line's date stamp ("9/6 Likes to chat": 4), left out of
    #: the evidence only (``_date_stamp``): the rules read the clause whole, the date included
    stamp: int = 0
    # answers kept for the note's reading, by a mention's start: a list's mentions each read the one before them
    scent_readings: dict[int, _ScentReading] = dataclass_field(default_factory=dict, repr=False, compare=False)
    area_list_ends: dict[int, int] = dataclass_field(default_factory=dict, repr=False, compare=False)
    earliest: dict[tuple[re.Pattern[str], str], int] = dataclass_field(default_factory=dict, repr=False, compare=False)
    turned_down: list[int] = dataclass_field(default_factory=list, repr=False, compare=False)  # ``_first_turned_down``

    @property
    def evidence(self) -> str:
        """The clause in the note's words, without its line's date stamp."""
        return _quote(self.text[self.stamp :])

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
    except shellfish", "Allergic to nuts; no lavender"), without the date stamp the first one's line opens with."""
    first = min(clauses, key=lambda clause: clause.offset)
    end = max(clause.offset + len(clause.text) for clause in clauses)
    return _quote(notes[first.offset + first.stamp : end])


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"  # 2025-09-06
    r"|\d{1,2}/\d{1,2}/\d{2}(?:\d{2})?|\d{1,2}\.\d{1,2}\.\d{2}(?:\d{2})?|\d{1,2}-\d{1,2}-\d{2}(?:\d{2})?"  # 09/06/2025
    r"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])"  # 9/6
    rf"|{_MONTH}[^\S\n]+{_DAY}(?:,?[^\S\n]+\d{{4}})?"  # Sept 6, Sep 6th 2025
    rf"|{_DAY}[^\S\n]+{_MONTH}(?:,?[^\S\n]+\d{{4}})?)"  # 6 Sep, 6th September 2025
)
#: The date a note line opens with, the day it was written ("9/6 Likes to chat", "2025-09-06: prefers firm", "Sept 6 -
#: …", "[9/6] …"), with the colon, dash or comma after it: no part of what the guest likes or has. Not a quantity
#: ("1/2 hour late") nor a year alone ("2019: knee surgery" says when the surgery was).
_DATE_STAMP = re.compile(
    rf"[^\S\n]*(?:[-*•·][^\S\n]+)?(?:\[{_DATE}\]|\({_DATE}\)|{_DATE})"
    r"(?![^\S\n]*(?:hours?|hrs?|mins?|minutes?|days?|weeks?|wks?|months?|mos?|years?|yrs?|of|off|strength|price"
    r"|pain|pressure|tension|soreness|stress)\b)"
    r"(?:[^\S\n]*[:,\u2013\u2014-][^\S\n]*|[^\S\n]+)(?=\S)",
    re.IGNORECASE,
)


def _date_stamp(notes: str, offset: int, text: str, matches: Iterable[_Match]) -> int:
    """How many characters of ``text``, a clause at ``offset`` in ``notes``, are the date stamp its line opens with
    (``_DATE_STAMP``): 0 for a clause that does not open its line, or opens it with no date, or names a condition
    (``matches``: "11/28 botox", "12/1 knee replacement": the date may be the procedure's, and says how recent)."""
    if (offset and notes[offset - 1] != "\n") or any(m.term.field == "contraindications" for m in matches):
        return 0
    stamp = _DATE_STAMP.match(text)
    return stamp.end() if stamp is not None and text[stamp.end() :].strip(_EVIDENCE_STRIP) else 0


_HEADING = re.compile(r"^[ \t]*([A-Za-z][\w /&'’()-]{0,40}?)[ \t]*:[ \t]*$")
#: An allergy question as a list's heading: "Any allergies?", "Allergic to anything?" (not any question: "Pregnant?"
#: with its bullet "- no" below would leave "Pregnant?" read alone, as "Pregnant:" is).
_ALLERGY_QUESTION_HEADING = re.compile(r"^[ \t]*([A-Za-z][\w /&'’()-]{0,40}?)[ \t]*\?[ \t]*$")
#: A bullet's mark at the start of a line: "-", "*", "•", "+", a dash, "1." / "(1)" / "a)".
BULLET_MARK = r"(?:[-*•·–—+]|\(?\d{1,2}[.)]|\(?[a-z][.)])"
_BULLET = re.compile(rf"^[ \t]*{BULLET_MARK}[ \t]+(\S.*)$")


#: A line that lists one kind of allergy under an allergy heading: "Allergies:⏎Drug: penicillin⏎Food: nuts" (read nothing).
_ALLERGY_KIND_LINE = re.compile(rf"^[ \t]*({lx.ALLERGY_KIND_LABEL}.*\S.*)$")


#: A line under an allergy heading that names its scents ("Allergies⏎Scent: lavender"): the allergy's kind, as
#: "Drug:" and "Food:" are; never a liked scent.
_SCENT_KIND_LINE = re.compile(r"^[ \t]*(scents?[ \t]*(?:\([^()\n]{0,60}\)[ \t]*)?:.*\S.*)$", re.IGNORECASE)
#: Whose an allergy list's item is, after a dash at its end ("- cats - daughter", "- cats - hubby"): someone else's.
_OTHERS_AFTER_A_DASH = re.compile(
    rf"[^\S\n]+[-–—][^\S\n]*(?P<whose>(?:(?:her|his|the)[^\S\n]+)?(?:{lx.OTHER_PERSON.pattern})(?:['’]s)?"
    r"(?:[^\S\n]+only)?)[^\S\n]*$",
    re.IGNORECASE,
)
#: An item of an allergy list that denies any ("- none", "Drug: NKDA", "- denies").
_DENIAL_ITEM = re.compile(r"(?:^|[:\s])(?:none|nothing|nil|n/?a|nka|nkda|nkfa|denies|denied)\b", re.IGNORECASE)
#: A scent line's value that names no sensitivity: no preference, or a scent she likes ("Scent: any", "Scent: no
#: preference", "Scent: likes lavender", "Scent: lavender is fine"); under an allergy heading it is no allergy's kind.
_NO_SCENT_SENSITIVITY = re.compile(
    r"[^\S\n]*(?:(?:any|anything|whatever|no[^\S\n]+pref\w*|none[^\S\n]+in[^\S\n]+particular)[^\S\n.!]*$"
    r"|(?:likes?|loves?|enjoys?|prefers?)\b|[^\n;,/&+]*\bis[^\S\n]+(?:fine|ok(?:ay)?)[^\S\n.!]*$)",
    re.IGNORECASE | re.MULTILINE,  # the line's end, not the note's ("Scent: any⏎Pressure: firm": rev34f F4); one
)  # scent said fine, not a line naming another before it ("Scent: eucalyptus; lavender is fine": rev34f F2)
#: An allergy heading alone on its line with no colon ("Allergies⏎- latex", "Allergies⏎Scent: lavender" lost the
#: latex and read a liked lavender): it heads the list below as "Allergies:" does.
_BARE_ALLERGY_HEADING = re.compile(
    r"^[ \t]*((?:(?:known|drug|food)[ \t]+)?allerg(?:y|ies)"
    r"(?:[ \t]*(?:/|&|\band\b)[ \t]*(?:sensitivit(?:y|ies)|intoler[ae]nc(?:e|es)))?"  # "Allergies/Intolerances⏎- latex"
    # or her sensitivities or intolerances alone ("Sensitivities⏎- latex", "Intolerances⏎- latex" read nothing)
    r"|(?:known[ \t]+)?(?:sensitivit(?:y|ies)|intoler[ae]nc(?:e|es))(?:[ \t]*(?:/|&|\band\b)[ \t]*intoler[ae]nc(?:e|es))?)"
    r"[ \t]*$",
    re.IGNORECASE,
)


#: An allergy heading joined to another word ("Allergies/Sensitivities", "Allergies & sensitivities", "Allergies or
#: intolerances", "Allergies - list all"), which the reader takes for no allergy cue: its items go under the first.
_COMPOUND_ALLERGY_HEADING = re.compile(
    r"((?:(?:known|any|drug|food|other)[ \t]+)?allerg(?:y|ies))[ \t]*(?:/|&|\band\b|\bor\b|[-\u2013\u2014])[ \t]*"
    # only an allergy's other names: "Allergies/Meds:", "Allergies/Scent preferences:" head other lists
    r"(?:sensitivit(?:y|ies)|intoleranc(?:e|es)|reactions?|(?:please[ \t]+)?list(?:[ \t]+(?:all|them))?)[ \t]*$",
    re.IGNORECASE,
)


def unfold_lists(notes: str) -> str:
    """Items listed under a heading on the lines that follow, each joined to the heading on one line:
    "Allergies:\\n- latex\\n* Almond oil" → "Allergies: latex\\nAllergies: Almond oil", so the heading's cue reaches
    every item (``-``, ``*``, ``•`` and ``1.`` / ``a)`` bullets; the list ends at the first line that is not one). An
    allergy question heads its list too ("Any allergies?⏎- latex⏎- shellfish" read only latex), an allergy heading
    its lines of kinds ("Allergies:⏎Drug: penicillin⏎Food: nuts" read nothing), and a heading one blank line above its
    list ("Allergies:⏎⏎1. peanuts⏎2. shellfish" read nothing), or between two of its bullets of one mark ("- Penicillin⏎⏎-
    Latex" lost the latex). The heading's own line is then left blank: said with each item, alone it was read too
    ("Pregnant:⏎- no" as pregnant)."""
    lines = notes.split("\n")
    # the note's filled lines: after a skipped field a run of blank lines is read as one ("Allergies:⏎Scent: any⏎⏎⏎-
    # latex" lost the latex at two and read a fragrance allergy), each of its blank lines looking past the run
    filled = [index for index, line in enumerate(lines) if line.strip()]
    heading: str | None = None
    heading_at = -1
    mark: str | None = None  # the last bullet's mark, in the list under ``heading``
    kinds_only = True  # the list so far is only lines of kinds ("Drug: penicillin"), none of them a denial
    skipped = -1  # the list's last line of a kind, or the scent field skipped in it, under ``heading``
    for index, line in enumerate(lines):
        allergy_list = heading is not None and "allerg" in heading.lower()
        # "Sensitivities:⏎Scent: any⏎- latex" read nothing: a field naming none is skipped under such a heading too
        sensitivity_list = heading is not None and _SENSITIVITIES_HEADING.search(heading) is not None
        scent_line = _SCENT_KIND_LINE.match(line) if (allergy_list or sensitivity_list) and kinds_only else None
        sensitive = scent_line is not None and _names_a_sensitivity(line)
        bullet = _BULLET.match(line) or (
            (_ALLERGY_KIND_LINE.match(line) or (scent_line if sensitive else None)) if allergy_list
            # "Sensitivities⏎Scent: lavender" (no colon) read a liked lavender: its scent line is its kind, as above
            else (scent_line if sensitive else None)
        )
        if scent_line is not None and not sensitive and mark is None and not _LIKED_LIST_HEADING.search(line):
            skipped = index
            continue  # "Allergies:⏎Scent: any⏎- latex": the form's scent field names none; the list below is still hers
        if heading is not None and bullet is not None:
            mark = _bullet_mark(line)
            # after a bullet or a denial ("Allergies⏎- none⏎Scent: lavender") a Scent line is the form's liked scent
            kinds_only = kinds_only and mark is None and _DENIAL_ITEM.search(line) is None
            item = bullet.group(1).strip()
            if allergy_list:  # "- cats - daughter" is hers no more than "- cats (daughter)" is
                item = _OTHERS_AFTER_A_DASH.sub(r" (\g<whose>)", item)
            lines[index] = f"{heading}: {item}"
            if mark is None:
                skipped = index  # a line of a kind ("Drug: penicillin"), as a skipped field: a blank line may follow
            lines[heading_at] = ""  # said with each item: alone, "Pregnant:" above "- no" read as pregnant
            continue
        if heading is not None and not line.strip():
            after_run = bisect.bisect_left(filled, index)  # the first filled line after the run, in ``filled``
            above = filled[after_run - 1] if after_run else -1  # the last one before it
            below = lines[filled[after_run]] if after_run < len(filled) else ""
            if heading_at == index - 1 and lines[heading_at]:
                continue  # one blank line between a heading and its first bullet
            listed_below = (allergy_list or sensitivity_list) and _bullet_mark(below) is not None
            if heading_at == above and lines[heading_at] and listed_below:
                continue  # more under an allergy heading, before its bullets: "Allergies:⏎⏎⏎- penicillin" read nothing
            if skipped == above and mark is None and _bullet_mark(below) is not None:
                continue  # "Allergies:⏎Scent: any⏎⏎- latex", "Allergies:⏎Drug: penicillin⏎⏎- latex": blank lines
                # after the skipped field or a line of a kind, then the list's bullets (the latex was lost; at two
                # blank lines too, the rule having looked only at the line right above and right below)
            if mark is not None and index + 1 < len(lines) and _bullet_mark(lines[index + 1]) == mark:
                continue  # one blank line between two bullets of the list (not two: a pinned reading, test_s28_reader)
        heading_at, mark, kinds_only, skipped = index, None, True, -1
        found = _HEADING.match(line) or _ALLERGY_QUESTION_HEADING.match(line) or _BARE_ALLERGY_HEADING.match(line)
        heading = found.group(1).strip() if found and (found.re is not _ALLERGY_QUESTION_HEADING or "allerg" in line.lower()) else None
        if heading is not None and (compound := _COMPOUND_ALLERGY_HEADING.match(heading)):
            heading = compound.group(1)  # "Allergies/Sensitivities" heads its items as "Allergies"
    return "\n".join(lines)


#: A heading of sensitivities or intolerances that names no allergy ("Sensitivities:", "Sensitivity", "Intolerances:"):
#: its items are read as hers.
_SENSITIVITIES_HEADING = re.compile(r"\b(?:sensitiv|intoler[ae]nc)", re.IGNORECASE)


#: A Scent line that heads a list of the scents she likes ("Scent: likes⏎- lavender", "Scent: prefers the following:"):
#: the bullets below are hers to enjoy, never the allergy heading's items (rev34j)
_LIKED_LIST_HEADING = re.compile(
    r"\b(?:likes?|loves?|enjoys?|prefers?)\b(?:[^\S\n]+(?:these|the[^\S\n]+following|below|any[^\S\n]+of))?[^\S\n]*[:\-–—]?[^\S\n]*$",
    re.IGNORECASE,
)


def _names_a_sensitivity(line: str) -> bool:
    """A "Scent:" line whose value may name a sensitivity: not "Scent: any", "Scent: likes lavender"."""
    scent = _SCENT_KIND.match(line)
    return scent is None or _NO_SCENT_SENSITIVITY.match(line, scent.end()) is None


def _bullet_mark(line: str) -> str | None:
    """The kind of a bullet line's mark ("-", "*", a number, a letter), or None for a line that is no bullet."""
    if _BULLET.match(line) is None:
        return None
    first = line.lstrip(" \t")[:1]
    return "number" if first.isdigit() else "letter" if first.isalpha() else first


def split_clauses(text: str) -> list[tuple[int, int, str]]:
    """``(sentence index, absolute start, clause text)`` for every non-empty clause. An allergy heading stays with
    the clause after it on its line ("Allergies — latex", "ALLERGIES -- LATEX", "Allergies? latex"), so its cue
    reaches the items. A clause naming another person is cut where the guest's own statement starts
    (``_guests_turn``)."""
    clauses: list[tuple[int, int, str]] = []
    sentences = [piece for span in _spans(text, _SENTENCE_BOUNDARY, 0) for piece in _cut_run_on(*span)]
    for sentence_index, (s_start, s_text) in enumerate(sentences):
        pieces = _spans(s_text, _CLAUSE_BOUNDARY, s_start)
        for c_start, c_text in [turn for piece in pieces for turn in _guests_turn(*piece)]:
            if not c_text.strip(_EVIDENCE_STRIP):
                continue
            if _heads_the_next_clause(text, clauses, c_start):
                heading_start = clauses.pop()[1]
                c_text, c_start = text[heading_start : c_start + len(c_text)], heading_start
            clauses.append((sentence_index, c_start, c_text))
    return clauses


#: The guest's own statement after another person's in the same clause: ", she is", ", she's", " and she has", " & she is",
#: ", client allergic", " and the guest is" ("Husband allergic to nuts, she is allergic to latex"). A "she" or "client"
#: that only tells or thinks ("Her son, she says, is allergic to nuts") starts nothing of hers.
_GUEST_STATES = re.compile(
    r"(?:[^\S\n]*,[^\S\n]*(?:(?:and|&)[^\S\n]+)?|[^\S\n]+(?:and|&)[^\S\n]+)"
    r"(?=(?:she|(?:the[^\S\n]+)?(?:client|guest))(?:['’]s\b(?![^\S\n]+(?:" + lx.OTHER_PERSON.pattern + r"))"
    r"|[^\S\n]+(?:is|has|had|was|gets|reacts|carries|takes|uses|needs|avoids|herself|also|too|can['’]?t|cannot"
    r"|doesn['’]?t|does[^\S\n]+not|allergic|sensitive|intolerant|pregnant|on)\b))",
    re.IGNORECASE,
)


#: A man's word for himself after another person and the guest: what follows may be his again.
_HE = re.compile(r"\b(?:he|his|him)\b", re.IGNORECASE)
#: A piece of each word ``lexicon.OTHER_PERSON`` names a person by ("husband", "grandmother", "girlfriend"): a text
#: with none of them names nobody else, found without a pass of that pattern (a pass per clause, and the reader grew 4%
#: slower). A word missing here only leaves the text read as before this rule.
_ANOTHER_PERSONS_WORDS = (
    "husband wife partner friend mother mom mum father dad sister brother daughter son family grand aunt uncle"
).split()


def may_name_another(text: str) -> bool:
    """``text`` may name another person (``lexicon.OTHER_PERSON``): it holds a piece of one of the words for one."""
    lowered = text.lower()
    return any(word in lowered for word in _ANOTHER_PERSONS_WORDS)


def _guests_turn(start: int, clause: str) -> list[tuple[int, str]]:
    """``(start, text)`` pieces of a clause: the clause itself, or, where it names another person and then the guest
    states something of her own (``_GUEST_STATES``), the other person's words and hers apart: "Husband allergic to
    nuts, she is allergic to latex" is his nuts and her latex (read whole, the husband before the latex made it his
    too, and the therapist was told of neither)."""
    other = lx.OTHER_PERSON.search(clause) if may_name_another(clause) else None
    if other is None:
        return [(start, clause)]
    pieces: list[tuple[int, str]] = []
    position = 0
    if _HE.search(clause, other.end()):
        return [(start, clause)]  # "Husband allergic to nuts, she is fine, he also has …": his again, read as before
    for turn in _GUEST_STATES.finditer(clause, other.end()):
        if lx.OTHER_PERSON.search(clause, position, turn.start()) is None:
            continue  # "Husband allergic to nuts, she is allergic to latex and she has …": one turn of hers
        pieces.append((start + position, clause[position : turn.start()]))
        position = turn.end()
    pieces.append((start + position, clause[position:]))
    return pieces


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


#: A line that opens with another field's label: a preference's ("Scent pref:", "Pressure:") or a form's ("Meds:").
#: Never a bare "Scent(s):": under an empty allergy heading it is the allergy's kind ("Allergies:⏎Scents: lavender"
#: read a liked lavender and no allergy); only a preference's own label ("Scent pref:", "Preferred scent:") is one.
_FIELD_OF_ITS_OWN = re.compile(
    r"[^\S\n]*(?!scents?[^\S\n]*(?:\([^()\n]{0,60}\)[^\S\n]*)?[:?])" rf"(?:{lx.FIELD_HEADING})", re.IGNORECASE
)


#: A bare "Scent(s):" opening a line: under an allergy or sensitivity heading, the kind of the allergy.
_SCENT_KIND = re.compile(r"[^\S\n]*scents?[^\S\n]*(?:\([^()\n]{0,60}\)[^\S\n]*)?[:\-–—]", re.IGNORECASE)
#: A heading alone on its line whose scent line below names a sensitivity, not a liked scent: a combined allergy
#: heading ("Allergies/Sensitivities:", "Allergies / Sensitivities -"), "Sensitivities:", or "Allergies" with no colon
#: (each read "Allergies:⏎Scent: lavender"'s liked lavender where "Allergies:" read the allergy).
_SENSITIVITY_HEADING = re.compile(
    r"^\W*(?:(?:known|any|drug|food|other)[ \t]+)?(?:allerg(?:y|ies)(?:[ \t]*(?:/|&|\band\b|\bor\b|[-–—])[ \t]*"
    r"(?:sensitivit(?:y|ies)|intoleranc(?:e|es)|reactions?))?|sensitivit(?:y|ies)|intoler[ae]nc(?:e|es))[ \t]*[:?\-–—]?$",
    re.IGNORECASE,
)


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
    scent = _SCENT_KIND.match(text, next_start) if "\n" in text[start:next_start] else None
    if scent is not None and _SENSITIVITY_HEADING.match(handover) and not _NO_SCENT_SENSITIVITY.match(text, scent.end()):
        return True  # "Allergies/Sensitivities:⏎Scent: lavender", "Allergies⏎Scent: lavender": the allergy's kind
    if not handover or "\n" in handover or handover[-1] not in "?:-–—":
        return False
    if "\n" in text[start:next_start] and _FIELD_OF_ITS_OWN.match(text, next_start):
        return False  # "Allergies:⏎Scent pref: eucalyptus": the next line is a field of its own (a liked scent, no allergy)
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
        _Match(term, m.start(), m.end(), m.group(0)) for term, m in lx.term_matches(clause)
        if not lx.foreign_word_kept_off(clause, m.start(), m.end())  # "Elle n'est plus enceinte" (rev52d)
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


def _mask(clause: str, matches: Iterable[_Match], *, hers_too: bool = False) -> str:
    """``clause`` with every matched term but an area blanked, and every other person named with the guest
    (``_others_with_the_guest``; all of them when the clause after it says ``hers_too``) blanked as well: what follows
    such a person is not theirs alone, so no rule reads it as someone else's."""
    chars = list(clause)
    for match in matches:
        if match.term.kind != "area":
            chars[match.start : match.end] = " " * (match.end - match.start)
    others = lx.OTHER_PERSON.finditer(clause) if hers_too else _others_with_the_guest(clause)
    for other in others:
        chars[other.start() : other.end()] = " " * (other.end() - other.start())
    return "".join(chars)


_PERSON = rf"(?:{lx.OTHER_PERSON.pattern})"
_THE_GUEST = r"(?:she|(?:the[^\S\n]+)?(?:client|guest))"
_JOINED = r"[^\S\n]*(?:and|&|\+)[^\S\n]*"
#: Another person named together with the guest, as one subject: "(Both) she and her husband", "client & husband",
#: "Husband & client both", "her husband and her too". Group ``other`` is the person.
_WITH_THE_GUEST = re.compile(
    rf"\b{_THE_GUEST}{_JOINED}(?:her[^\S\n]+)?(?P<other>{_PERSON})(?![^\S\n]*(?:\((?![^\S\n]*both\b)|,[^\S\n]*(?:who|whose)\b(?![^\S\n]+(?:\w+[^\S\n]+)?(?:both|also|too)\b)))"
    rf"|(?P<first>{_PERSON}){_JOINED}(?:{_THE_GUEST}|her)"
    r"(?=[^\S\n]+(?:both|too|are|were|have|also)\b|[^\S\n]*(?:[,;.!?)\]]|$))",
    re.IGNORECASE,
)
#: The guest said to have what another person has, at the end of what is said: "…, her too!", "- she is too", "(client
#: as well)", "…, she's allergic too", "…, so does she", "… - same for her", "… - true for her too", "ditto for her".
_HERS_TOO = re.compile(
    rf"(?:\b(?:(?:and|&)[^\S\n]+)?(?:{_THE_GUEST}|(?:(?<!\w[^\S\n])|(?<=\band[^\S\n]))her)(?:[^\S\n]+(?:is|does|has|did|was)|['’]s)?"
    r"(?:[^\S\n]+allergic)?[^\S\n]+(?:too|also|as[^\S\n]+well)"
    rf"|\bso[^\S\n]+(?:is|does|has)[^\S\n]+{_THE_GUEST}"
    # "… - same for her too", "… - true for her too", "ditto for client": not "not true for her", "never true for
    # her", "not really true for her" (rev50c)
    r"|(?:\bsame|(?<!\bnot[^\S\n])(?<!n['’]t[^\S\n])(?<!\bnever[^\S\n])(?<!\breally[^\S\n])\b(?:true|ditto|goes))"
    r"[^\S\n]+(?:for|with)[^\S\n]+"
    rf"(?:her|{_THE_GUEST})(?:[^\S\n]+(?:too|also|as[^\S\n]+well))?)"
    r"\b(?=[^\S\n]*(?:[,;.!?)\]]|$))",
    re.IGNORECASE,
)


def _others_with_the_guest(clause: str) -> list[re.Match[str]]:
    """The persons ``lexicon.OTHER_PERSON`` finds in ``clause`` who are named with the guest (``_WITH_THE_GUEST``),
    or before her "too" (``_HERS_TOO``: "husband allergic to nuts, her too")."""
    persons = list(lx.OTHER_PERSON.finditer(clause)) if may_name_another(clause) else []
    if not persons:
        return []
    if _HE.search(clause, persons[0].end()):
        return []  # "She and her husband came in, he is allergic to nuts": his, as before
    too = _HERS_TOO.search(clause)
    joined = [
        found.span("other") if found.group("other") else found.span("first")
        for found in _WITH_THE_GUEST.finditer(clause)
    ]
    return [p for p in persons if p.span() in joined or (too is not None and p.end() <= too.start())]


def hers_too_alone(clause: str) -> bool:
    """``clause`` says nothing but that the guest has it too ("her too!", "she is too", "so does she"): what the clause
    before it says of another person is hers as well."""
    too = _HERS_TOO.search(clause)
    return too is not None and not clause[: too.start()].strip(_EVIDENCE_STRIP + " ")


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


def _memo(context: _Context, key: tuple[str, int], compute: Callable[..., bool], *args: object) -> bool:
    """``compute(*args)``, once per note for ``key`` (a clause's or a sentence's answer, asked for each term in it)."""
    if key not in context.memo:
        context.memo[key] = compute(*args)
    return context.memo[key]


def _sentence_evidence(notes: str, clause: _Clause, context: _Context) -> str:
    """The whole sentence up to and including this clause, for a find that needs the clause before it."""
    return _span_evidence(notes, clause, *[other for other in context.sentence if other.offset <= clause.offset])


_LIST_SEPARATOR = re.compile(r",|\band\b|\bor\b|&|/|\+|•|·|\bplus\b|\s--?\s", re.IGNORECASE)


def _item_spans(tail: str, base: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each item of the list ``tail`` (which starts at ``base``), between its separators."""
    spans, position = [], 0
    for separator in _LIST_SEPARATOR.finditer(tail):
        spans.append((base + position, base + separator.start()))
        position = separator.end()
    spans.append((base + position, base + len(tail)))
    return spans
