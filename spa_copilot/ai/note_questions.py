"""The questions the notes reader asks of each term it finds in a clause (``note_clauses``) before the engine
(``extraction``) keeps it: is it negated ("not allergic to latex") or answered no ("Latex: no"), in the past ("no
longer pregnant", "stopped Accutane two years ago"), about someone else ("her husband has a nut allergy"), inside an
aside; for an allergen, is this an allergy context at all ("latex fine" is not), is it carried into a list; for a
pressure, a smell or an area, is it the guest's pressure, a scent, an area to work or to keep off. Each answers from
the note, the clause and the day alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.note_clauses import (
    _EVIDENCE_STRIP,
    _Clause,
    _Context,
    _find_matches,
    _item_spans,
    _last_match,
    _mask,
    _Match,
    _memo,
    _quote,
)
from spa_copilot.ai.vocabulary import SITED_CAUTIONS

_CONNECTORS = frozenset({"and", "or", "nor", "&", "/"})
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a few": 3, "few": 3, "couple of": 2}
_Stated = Callable[[], bool]  # whether words before a term state it (``_stated``), asked only when it matters


def _negated(
    clause: _Clause, match: _Match, *, window: int = 6, through_smell: bool = False, notes: str | None = None
) -> bool:
    """A negation governs the term (``notes``, when given, lets a denied surgery's site read past the clause's end:
    ``_denied_sites``). ``through_smell`` (a preference's reading, never an allergy's): "Hates the scent of
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
    if any(said.start() <= cue.start() < said.end() for said in lx.BREATHING_STOPPED.finditer(before)):
        return False  # "Can't breathe - peanuts": how she reacts, no denial (lex51)
    gap = before[cue.end() :]
    if "(" in gap or ")" in gap or len(gap.split()) > window:
        return False
    if match.term.field == "contraindications" and _denies_allergies_only(cue, gap):
        return False  # "NKA preg 20wks", "No allergies & on coumadin": the denial is of allergies, not of what follows
    if lx.EXCEPTED_BETWEEN.search(gap):
        return False  # "no meds other than lisinopril", "no scents except lavender": the one named is the exception
    if _new_statement_after_break(clause, cue, match):
        return False  # "NKA - pregnant", "No hot stones: varicose veins", "NO ALMOND OIL - NUT ALLERGY"
    between = [m for m in clause.matches if cue.end() <= m.start and m.end <= match.start]
    sites = _denied_sites(clause, cue, match, between, notes)
    if any(
        m.group != match.group and m.term.kind != "blocker" and not (through_smell and _smell_of(clause, m))
        and m not in sites
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


#: A negation that is a statement about allergies: "NKA", "NKDA", or one whose object is the allergy word ("No
#: allergies", "no known allergies", "denies allergies").
_ALLERGY_DENIAL = re.compile(lx.NKA, re.IGNORECASE)
_ALLERGY_OBJECT = re.compile(rf"^[^\S\n]*(?:known[^\S\n]+|drug[^\S\n]+|food[^\S\n]+)*{lx.ALLERGY_WORD}", re.IGNORECASE)


def _denies_allergies_only(cue: re.Match[str], gap: str) -> bool:
    """The negation ``cue`` is a statement about allergies ("NKA", "No known allergies"), which the words after it
    (``gap``, up to a condition or medication) do not carry on to it: a safety review found "NKA preg 20wks", "NKA on
    Eliquis", "No allergies & on coumadin" read as denying the pregnancy and the blood thinner. Joined by "or", "and"
    alone ("No allergies or pregnancy", "Denies allergies and pregnancy") the condition is denied too."""
    if _ALLERGY_DENIAL.fullmatch(cue.group(0)):
        return True
    if (denied := _ALLERGY_OBJECT.match(gap)) is None:
        return False
    rest = re.sub(r"[,&/]", " ", gap[denied.end() :]).lower().split()
    return not all(word in _CONNECTORS for word in rest)  # "no allergies or pregnancy": both denied


def _denied_sites(
    clause: _Clause, cue: re.Match[str], match: _Match, between: list[_Match], notes: str | None = None
) -> list[_Match]:
    """The areas between a negation and a surgery or injectables that name its site ("No knee surgery", "never had
    knee or hip surgery": ``_site_word`` is the term itself) when only ``lexicon.SITE_DENIED_GAP``'s words stand
    before them: the site is part of what is denied, not a statement of its own that stops the negation's reach.
    Others ("No pressure on knee surgery site") are none: the surgery stands, on the safe side; so is a denial the
    note goes on to break with this surgery ("Never had knee surgery before this one 2 wks ago", "No hx of knee
    surgery until last month", "No knee surgery except the one on 11/20", its line read on from the clause in
    ``notes``: ``lexicon.DENIAL_EXCEPTION_AFTER``, then in its sentence a time, a date or "this")."""
    if match.term.field != "contraindications" or match.term.value not in SITED_CAUTIONS:
        return []
    text, end = (clause.masked, match.end) if notes is None else (notes, clause.offset + match.end)
    exception = lx.DENIAL_EXCEPTION_AFTER.match(text, end)
    if exception is not None:
        rest = re.split(r"[.;!?\n]", text[exception.start() :], maxsplit=1)[0]
        if any(cue.search(rest) for cue in (lx.EVENT_PAST, lx.MONTH_DAY, lx.DENIAL_EXCEPTION_STATED)):
            return []
    areas = [m for m in between if m.term.kind == "area"]
    if not areas or not lx.SITE_DENIED_GAP.fullmatch(clause.text, cue.end(), areas[0].start):
        return []
    return areas if all(_site_word(clause, area) == match.start for area in areas) else []


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
    between = sorted(
        (other for other in clause.matches
         if match.end <= other.start < answered_at and other.term.value != match.term.value and other.term.kind != "area"),
        key=lambda other: other.start,
    )
    return not between or _asked_together(clause, match, between)


def _asked_together(clause: _Clause, match: _Match, between: list[_Match]) -> bool:
    """The term and the terms between it and an answer are one question of a form (``lexicon.ASKED_TOGETHER``, joined
    by list words only): "Pregnant, breastfeeding or trying: no" answers the pregnancy too."""
    if match.term.value not in lx.ASKED_TOGETHER or any(other.term.value not in lx.ASKED_TOGETHER for other in between):
        return False
    ends = [match.end, *(other.end for other in between[:-1])]
    return all(_LIST_WORDS_ONLY.fullmatch(clause.text[end : other.start]) for end, other in zip(ends, between, strict=True))


_LIST_WORDS_ONLY = re.compile(r"[^\S\n]*(?:[,/&][^\S\n]*)?(?:(?:or|and)[^\S\n]+)?", re.IGNORECASE)


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
    answer = _own_answer(window, pattern, stated, value)
    joiner = _JOINER.search(window) if answer is None else None
    if joiner is not None and _COLON_OR_QUESTION.search(window, joiner.end()):
        after = [found.term.value for found in _find_matches(window[joiner.end() :])]
        if not (value in after if value is not None else after):
            answer = _own_answer(window[: joiner.start()], pattern, stated)
    return answer


#: "and", "&", "+" or a spaced slash, after which a checklist's line may go on with another item.
_JOINER = re.compile(r"[^\S\n]+(?:and|&|\+|/)[^\S\n]", re.IGNORECASE)


#: A term's own one-word answer right after its colon, then the next label of a form written on one line:
#: "Pregnant: no Diabetic: no", "Breastfeeding: no Pregnant: yes" (the "no" is the first term's).
_ANSWER_THEN_LABEL = re.compile(
    r"[^\S\n]*[:?][^\S\n]*(?i:no|none|n|nope|negative|yes|y)[^\S\n]+"
    r"(?=[A-Z][\w'’/-]*(?:[^\S\n]+[\w'’/-]+){0,3}[^\S\n]*[:?])"
)


def _own_answer(
    window: str, pattern: re.Pattern[str], stated: _Stated, value: str | None = None
) -> re.Match[str] | None:
    """``pattern``'s answer at the start of ``window`` when it is the term's own (``_label_start``); for a pregnancy
    or breastfeeding question (``lexicon.ASKED_TOGETHER``), a one-word answer followed by the next label on the same
    line is its own (``_ANSWER_THEN_LABEL``: "Pregnant: no Breastfeeding: no" read a pregnancy)."""
    if value in lx.ASKED_TOGETHER and (own := _ANSWER_THEN_LABEL.match(window)) is not None:
        return pattern.match(own.group(0))
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
        # a birth ("post-partum", "gave birth") makes a pregnancy history, not a c-section or a clot beside it
        # ("Pregnant - postpartum massage requested", "pregnant (baby born?)": no birth stated)
        past = past or any(
            not lx.BIRTH_STATED.fullmatch(time.group(0))
            or match.term.value == "pregnancy" and not lx.BIRTH_NOT_STATED_AFTER.match(segment, time.end())
            for time in lx.HISTORY_TIME.finditer(segment)
        )
        past = past or _dated_long_ago(segment, today)
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
    if past and match.term.value in lx.WASHOUT_DAYS:
        # "Stopped retinol 2 days ago", "Blood thinners - stopped 2 days ago": not off it long enough
        stopped = lx.DAYS_AGO.search(clause.masked, start, end)
        if stopped is not None:
            return _amount(stopped.group(1) or "1") >= lx.WASHOUT_DAYS[match.term.value]
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
    in it that has come; not the date its line opens with right before a joint replacement ("11/20 knee replacement
    next month - focus knees today", "11/20 knee replacement consult"): that may be the writing date, so the words
    after the replacement up to a statement's break say it (``lexicon.LINE_DATE_OPENING``), a consult, an evaluation,
    pending, cancelled or postponed too (``lexicon.REPLACEMENT_NOT_DONE``)."""
    if match.term.value not in ("recentSurgery", "recentInjectables"):
        return False
    start, end = _segment(clause, match)
    if "replac" in match.text.lower() and lx.LINE_DATE_OPENING.fullmatch(clause.text, 0, match.start):
        after = clause.masked[match.end : end]
        after = after[: (brk.start() if (brk := lx.STATEMENT_BREAK.search(after)) else len(after))]
        return lx.EVENT_PAST.search(after) is None and any(
            cue.search(after) for cue in (lx.FUTURE_EVENT, lx.REPLACEMENT_NOT_DONE)
        )
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
        year = today.year - 1 if dated.group("last") else int(dated.group("year") or 2000 + int(dated.group("yy")))
        if today >= date(year + 1, 7, 1):
            return True
    return False


def _someone_else(clause: _Clause, match: _Match, previous: _Clause | None = None) -> bool:
    """About another person: named before the term ("her husband has…") or as the one it is for right after it
    ("Shoulder surgery for her husband next wk"; ``lexicon.FOR_OTHER_PERSON_AFTER``), or a "he"/"she" that starts the
    clause and points back to a man or a woman named in the clause before ("Husband books too; he's allergic…")."""
    if lx.FOR_OTHER_PERSON_AFTER.match(clause.masked, match.end):
        return True
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


#: A heading of her sensitivities or intolerances ("Sensitivity:", "Intolerance -"), one of ``lexicon.ALLERGY_CUE``'s.
_SENSITIVITY_HEAD = re.compile(lx.SENSITIVITY_HEAD, re.IGNORECASE)
#: A word of dislike in front of a scent: under a sensitivity heading she keeps it away ("Sensitivity: hates citrus").
_DISLIKING = re.compile(
    r"\b(?:dislikes?|hates?|can['’]?t\s+stand|(?:doesn['’]?t|does\s+not|don['’]?t)\s+(?:like|enjoy|want))\b",
    re.IGNORECASE,
)


#: After a scent, a reaction said to come from another term ("loves citrus - hives from peppermint"; the clause's
#: allergens and scents written "§"): the reaction is that one's, and the liked citrus was lost as an allergy.
_ANOTHERS_REACTION = re.compile(r"[^§\n]{0,40}?\b(?:from|by)[^\S\n]+(?:(?:the|her|any)[^\S\n]+)?§", re.IGNORECASE)
#: Words that give the reaction to both terms: "Lavender - sneezing, also from eucalyptus", "... from eucalyptus too".
_BOTH_REACT = re.compile(r"\b(?:also|too|both|same|as[^\S\n]+well)\b", re.IGNORECASE)


def _anothers_reaction(clause: _Clause, match: _Match, before: str) -> bool:
    """A liked scent's reaction said to come from a different scent or allergen: "Avoid lavender, loves citrus - hives
    from peppermint" (the citrus stays liked). Never without a liking before it, of the same term, or of both:
    "Peppermint - migraine triggered by peppermint oil", "Lavender - sneezing, also from eucalyptus" are hers."""
    if match.term.field != "scent" or not _LIKING.search(before):
        return False
    found = _ANOTHERS_REACTION.match(clause.listed, match.end)
    if found is None:
        return False
    other = next((m for m in clause.matches if m.start == found.end() - 1), None)
    if other is None or other.term.value == match.term.value:
        return False
    return _BOTH_REACT.search(clause.text, match.end, min(len(clause.text), other.end + 12)) is None


#: Her own allergy said on the line ("Hives: latex allergy, benadryl helps"): no remedy's line then.
_OWN_ALLERGY_ON_THE_LINE = re.compile(
    r"(?<!\bnot\s)(?<!\bno\s)\b(?:allerg(?!ists?\b)\w*|anaphyla\w*|epi-?\s?pens?)\b", re.IGNORECASE
)


def _eased_under_a_reaction_heading(clause: _Clause, match: _Match, notes: str) -> bool:
    """The term stands straight after a heading of how she reacts or of her sensitivities (``lexicon.EASED_HEADING``:
    "Rash:", "Hives -", "Sens:", "Sensitive:", "Can't breathe -") and her remedy or a liking follows it straight away
    (``lexicon.REMEDY_AFTER``): "Rash: aloe helps", "Sens: rose oil fav" (rev51b: each read an allergy, a liked scent
    lost). That term only: the heading's other terms stay hers ("Hives: aloe helps, latex gloves - hives",
    "Sensitive: lavender is fine, eucalyptus makes her sneeze": rev51f), and never with her allergy in its own words,
    an EpiPen or anaphylaxis on the line ("Hives: latex allergy, benadryl helps")."""
    if not notes or lx.REMEDY_AFTER.match(notes, clause.offset + match.end) is None:
        return False
    # the heading right before the term, looked for in the few characters before it (the whole clause before each
    # term, read again for each, took seconds on a long line of them: rev51f)
    if _EASED_HEADING_RIGHT_BEFORE.search(clause.text, max(0, match.start - 80), match.start) is None:
        return False
    start = clause.offset + match.start
    line_end = notes.find("\n", start)
    return not _grave_or_own_allergy(notes[notes.rfind("\n", 0, start) + 1 : len(notes) if line_end < 0 else line_end])


#: ``lexicon.EASED_HEADING`` ending right where the text looked in ends, but for spaces.
_EASED_HEADING_RIGHT_BEFORE = re.compile(rf"(?:{lx.EASED_HEADING.pattern})[^\S\n]*\Z", re.IGNORECASE)


@lru_cache(maxsize=32)
def _grave_or_own_allergy(line: str) -> bool:
    """The line says her allergy in its own words, an EpiPen, anaphylaxis, epinephrine, an inhaler or the ER: no
    remedy's line then (read once per line)."""
    return bool(_OWN_ALLERGY_ON_THE_LINE.search(line) or lx.GRAVE_ON_THE_LINE.search(line))


#: A colon right after a term, something said after it.
_COLON_AFTER = re.compile(r"[^\S\n]*:[^\S\n]*(?=\S)")


def _allergy_context(clause: _Clause, match: _Match, notes: str = "") -> bool:
    after = clause.text[match.end :]
    before = clause.text[: match.start]
    if lx.ALLERGY_NOUN_AFTER.match(after) or lx.REACTION_AFTER.match(after) and not _anothers_reaction(
        clause, match, before
    ):
        return True
    if match.term.field == "scent" and _reaction_after_the_list(after, _LISTED_ITEM) and not _LIKING.search(before):
        return True  # "Eucalyptus, peppermint (EpiPen)", "Eucalyptus, latex (EpiPen)": the eucalyptus too, never liked
    if match.term.field == "scent" and (colon := _COLON_AFTER.match(after)) is not None:
        # a scent's reaction after a colon, read as after a dash ("Lavender: throat swelling", "Lavender: hives" read
        # a liked lavender); an allergen's ("Latex: rash.") is its reaction item's, read after the rest of the note
        if lx.REACTION_AFTER.match(" - " + after[colon.end() :]):
            return True
    if match.term.kind == "allergen" and _reaction_after_the_list(after, _LISTED_ITEM):
        return True  # "Coconut and walnut oil give her hives": the coconut's too, not only the walnut's; "Latex,
        # eucalyptus (EpiPen)" lost the latex (a scent was no item of such a list)
    if match.term.kind == "allergen" and lx.SEVERITY_AFTER.match(after) and not _NEGATED_RIGHT_BEFORE.search(before):
        return True  # "Allergies: penicillin; shellfish - anaphylaxis", "latex - severe": how bad, so an allergy
    if clause.may_match_before(lx.REACTION_BEFORE, clause.text, match.start) and lx.REACTION_BEFORE.search(before):
        return True
    if match.term.kind == "allergen" and lx.ANAPHYLAXIS_RIGHT_AFTER.match(after) and not lx.NEGATION.search(before):
        # "SHELLFISH ANAPHYLAXIS epipen in purse" (lex52b); not after a "no", read as before ("NO PEANUTS ANAPHYLAXIS"
        # keeps them away: a grave allergy)
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
    if match.term.kind != "allergen" and _SENSITIVITY_HEAD.match(cues[-1].group(0)):
        if _DISLIKING.search(_LIKED_PIECE.split(pieces[-1])[-1]):
            return False  # "Sensitivity: hates citrus": a scent she keeps away, read as one (the allergy path lost it)
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
    ) and len(pieces[-1].split()) <= 3 or under_heading and _after_items_with_reactions(gap)


#: A pipe or a bullet between the items of a heading's list ("Allergies: latex - hives | chamomile").
_ITEM_MARKS = re.compile(r"\||\u2022|\u00b7")
#: An item's name, then how she reacts to it after a colon, a bracket or a spaced dash ("latex: hives", "sulfa -
#: rash", "codeine (itching)"): group ``name``.
_NAME_THEN_REACTION = re.compile(
    rf"(?P<name>[^:(\n]*?)(?::|\(|[^\S\n][-\u2013\u2014]+[^\S\n])[^\S\n]*(?i:{lx.REACTION_WORD})\b"
)


def _after_items_with_reactions(gap: str) -> bool:
    """``gap`` (a heading's list up to a term, as ``_list_gap`` gives it) is items parted by pipes or bullets, each
    an allergen with its reaction or a lexicon allergen ("§"), then a few words at most and no label: "Allergies:
    latex - hives | chamomile", "tree nuts: hives | lavender oil: rash", "codeine (itching) • lavender". The
    pipe was no list mark there, so the reaction before it made one long item and the scent after it was lost (a
    comma read it). Not a table's cells or a label's answer ("| HydraFacial | shellfish", "| Reaction: latex")."""
    segments = _ITEM_MARKS.split(gap)
    if len(segments) < 2 or ":" in segments[-1] or len(segments[-1].split()) > 3:
        return False
    for segment in segments[:-1]:
        for piece in re.split(r",|\band\b|\bor\b|&|/", segment):
            if "§" in piece:
                continue
            named = _NAME_THEN_REACTION.match(piece.strip())
            if named is None or not _allergen_words(named.group("name")):
                return False
    return True


_LIST_JOIN = re.compile(r"\s*(?:,|\band\b|&|/|\+)\s*", re.IGNORECASE)
#: A list item that names one of the lexicon's allergens (not a scent: "lavender and nuts" is read otherwise).
_ALLERGEN_ITEM = re.compile("|".join(f"(?:{pattern.pattern})" for term, pattern in lx.COMPILED if term.kind == "allergen"),
                            re.IGNORECASE)


#: A list item that names one of the lexicon's scents an allergy may be to ("peppermint", "tea tree oil").
_SCENT_ITEM = re.compile(
    "|".join(f"(?:{pattern.pattern})" for term, pattern in lx.COMPILED if term.field == "scent" and term.allergen),
    re.IGNORECASE,
)


#: A list item that names either: "Eucalyptus, latex (EpiPen)" lists both before her reaction.
_LISTED_ITEM = re.compile(f"{_ALLERGEN_ITEM.pattern}|{_SCENT_ITEM.pattern}", re.IGNORECASE)


def _reaction_after_the_list(after: str, items: re.Pattern[str] = _ALLERGEN_ITEM) -> bool:
    """After an allergen, more of a list, each item naming an allergen, then a reaction or an allergy word: "Coconut
    and walnut oil give her hives", "Coconut, almond oil - hives", "Coconut, almond oil - allergic". Since coconut became its own allergen (fecad04) only the item next to
    the reaction was read (before, coconut was a nut oil, so the one item stood for both)."""
    rest = after
    for _ in range(4):  # a few items at most
        joined = _LIST_JOIN.match(rest)
        if joined is None:
            return False
        rest = rest[joined.end() :]
        item = re.match(r"[\w'-]+(?:\s+[\w'-]+){0,2}", rest)
        if item is None:
            return False
        for end in sorted({m.end() for m in re.finditer(r"[\w'-]+", item.group(0))}):
            said = rest[end:]
            if items.search(rest[:end]) and (lx.REACTION_AFTER.match(said) or lx.ALLERGY_NOUN_AFTER.match(said)):
                return True
        if not items.search(item.group(0)):
            return False
        rest = rest[item.end() :]
    return False


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
#: An aside set off by a pair of spaced hyphens: "latex - hives - tree nuts". It holds no list mark: "latex - hives |
#: codeine - itching" (also "•", "·", ";" or a spaced "/") is two items each with its reaction, not one item with the
#: aside "hives | codeine" (which lost codeine, as a comma never did).
_DASH_ASIDE = re.compile(r"\s--?\s(?:(?![^\S\n]/[^\S\n])[^,;|\u2022\u00b7()\[\]\n-]){0,60}?\s--?\s")


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
    # a drug's number after its name is part of it ("Tylenol #3"), not a time or a count that ends the list
    words = re.sub(r"[^\w\s'-]", " ", _DRUG_NUMBER.sub("", item)).lower().split()
    while words and (words[0] in lx.ALLERGEN_MODIFIERS or words[0] in lx.SEVERITY_WORDS):
        words = words[1:]
    while True:
        while words and (words[-1] in lx.SEVERITY_WORDS or not words[-1].strip("-")):
            words = words[:-1]  # "penicillin - severe": how bad it is, not part of its name
        named = _year_left_off(words)
        if named is None:
            break
        words = named  # "penicillin 2019 - hives", "penicillin - hives 2019-2020": when, not part of its name either
    # a drug's hyphenated form is one name ("Advil-PM", "Wellbutrin-XR"): its parts are letters
    if len(words) > 3 or any(w in lx.NOT_AN_ALLERGEN or not _HYPHENATED.fullmatch(w) for w in words):
        return None
    if all(w in lx.SYMPTOM_WORDS for w in words):
        return []  # "Sulfa allergy - rash, fever": a symptom, no allergen
    return words


#: A year, or a span of years, as an item's words give it ("2019", "2019-2020", "2019-20"; "2019/20" is two words).
_YEAR_WORD = re.compile(r"(?:19|20)\d\d(?:-(?:(?:19|20)\d\d|\d\d))?")


def _year_left_off(words: list[str]) -> list[str] | None:
    """``words`` without the year (or span of years) they end with, and an "in" before it, when a name is left before
    it: "penicillin 2019" → "penicillin" ("Allergies: penicillin 2019" read nothing); None when they end with no year."""
    end = len(words)
    if end > 2 and re.fullmatch(r"\d\d", words[-1]) and _YEAR_WORD.fullmatch(words[-2]):
        end -= 1  # "2019/20": the span's second year is a word of its own
    if end < 2 or not _YEAR_WORD.fullmatch(words[end - 1]):
        return None
    kept = words[: end - 1]
    if kept[-1] == "in":
        kept = kept[:-1]
    return kept if kept and not kept[-1].isdigit() else None


#: A drug's number right after its name: the "#3" of "Tylenol #3" (kept off the name the list reads).
_DRUG_NUMBER = re.compile(r"(?<=[^\W\d_])[^\S\n]*#[^\S\n]*\d{1,2}\b")
#: A word of letters, maybe with a drug's form after a hyphen ("advil-pm", "wellbutrin-xr", "claritin-d"); not any
#: hyphenated word ("non-anaphylactic", a double surname).
_HYPHENATED = re.compile(rf"[^\W\d_]+(?:-(?:{lx.DRUG_FORM}))?", re.IGNORECASE)


def _pressure_context(clause: _Clause, match: _Match) -> bool:
    after = clause.text[match.end :]
    if _names_no_pressure(clause, match):
        return False  # "soft jazz", "light sleeper": music or a thing, whatever pressure word is near
    if lx.PRESSURE_CONTEXT_AFTER.match(after) or _area_after(clause, match) or _area_before(clause, match):
        return True
    if _quote(clause.text).lower() == match.text.lower():  # the term alone in its clause ("9/6 Firm" too, as ever)
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


def _area_cue(clause: _Clause, match: _Match, *, site: bool = False, after: str = "") -> str | None:
    """``"focus"``, ``"avoid"`` or ``None`` for one body area, from the words after it and then before it. For the
    ``site`` of an operation or injectables, only its own instruction: a cue before it ("Avoid lower back -
    injections last week", "Focus on shoulder - surgery 2014") or an avoid after it ("Injections in her lower back,
    avoid"); not a focus after it ("Rotator cuff surgery on right shoulder, focus on neck" is the neck's), nor the
    negation of the surgery itself ("No knee surgery", "never had knee surgery"). ``after``: the note's words after
    the clause on its line, where an avoid with nothing of its own may follow a sore area ("hip sore – avoid")."""
    following = _following_adjective(clause, match)
    if following == "focus" and _avoid_right_after(clause, match, after):
        return "avoid"  # "left hip sore - avoid": the instruction, not the state it names, says what to do
    if following is not None:
        return following
    before = clause.masked[: match.start]
    cues: list[tuple[int, int, str]] = []
    cues += [(m.start(), m.end(), "focus") for m in lx.FOCUS_CUE.finditer(before)]
    cues += [(m.start(), m.end(), _avoid_kind(before, m)) for m in lx.AVOID_CUE.finditer(before)]
    cues += [(m.start(), m.end(), "negation") for m in lx.NEGATION.finditer(before)]
    waived = max(cues)[1] if cues and max(cues)[2] == "waived" else None
    if waived is not None and ("," in before[waived:] or _cue_statement_ends(clause, 0, waived, match.start)):
        # "knee: no need to avoid, neck: avoid": the waiver is the knee's; the neck takes its own cue
        cues = [cue for cue in cues if cue[0] >= waived]
    if not cues:
        later = _later_cue(clause, match)
        return None if site and later == "focus" else later
    start, end, kind = max(cues)
    if kind == "waived":
        return None  # "no need to stay away from the knee": nothing kept off
    if site and kind == "negation" and _denies_the_operation(clause, end, match.start):
        return None
    if before[start:end].lower() == "nothing" and lx.LEVEL_LIMIT_ON_AREA.fullmatch(clause.text, end, match.start):
        return None  # "Nothing deep on the back": a pressure kept off the back, not the back
    if kind == "focus":
        # "Avoid focus on neck", "Skip: work on feet": a cue before the focus cue governs it, unless a comma or the
        # end of the cue's statement ends its reach ("Shoulder injury - focus on neck")
        governing = [
            c
            for c in cues
            if c[2] != "focus"
            and c[1] <= start
            and "," not in before[c[1] : start]
            and not _cue_statement_ends(clause, c[0], c[1], start)
        ]
        return "avoid" if governing else "focus"
    if kind == "negation":
        gap = before[end:]
        if "(" in gap or "," in gap or len(gap.split()) > 6 or _NO_TROUBLE.search(gap):
            return None  # "No issues with neck", "No pain in shoulders": the area is fine (rev35g M2)
    return "avoid"


#: After a negation, before an area: it has no trouble, so it is not kept off ("No issues with neck").
_NO_TROUBLE = re.compile(r"\b(?:issues?|problems?|pain|complaints?|concerns?|troubles?)\b", re.IGNORECASE)


def _avoid_right_after(clause: _Clause, match: _Match, after: str = "") -> bool:
    """An avoid cue with nothing of its own right after the area's list and the state word that follows it ("left
    hip sore - avoid", "hip sore – avoid", "hip sore; avoid", "hip sore (avoid)", "neck tight, don't touch", "…,
    please avoid", "…, avoid for now", "…, avoid if possible", "…, stay off it", "Neck sore, avoid it, focus
    shoulders"); not one with its own object ("Shoulders tight, avoid deep pressure" keeps a pressure off, not the
    shoulders). When the state ends the clause, the cue may open the words after it on its line (``after``: a dash,
    a semicolon or a full stop ended the clause)."""
    return avoid_after_state(clause, match, after) is not None


def avoid_after_state(clause: _Clause, match: _Match, after: str = "") -> str | None:
    """The words of ``after`` up to the end of the avoid cue ``_avoid_right_after`` finds there ("" when the cue is in
    the clause itself; ``None`` when there is none): the evidence goes on to the avoid ("hip sore – avoid")."""
    at = _area_list_end(clause, match.end)
    state = lx.AREA_POST_FOCUS.match(clause.masked[at:])  # anchored at the start of the slice
    at += state.end() if state is not None else 0
    if not clause.masked[at:].strip(_AVOID_LEAD):
        end = _bare_avoid(after, after)
        return None if end is None else after[:end]
    return None if _bare_avoid(clause.masked[at:], clause.text[at:]) is None else ""


#: What may stand between a sore area and its avoid: separators, a bracket.
_AVOID_LEAD = " \t,;:.!(-\u2013\u2014"


def _bare_avoid(masked: str, text: str) -> int | None:
    """Where the avoid cue that opens ``masked`` (``text`` with the terms masked; maybe after "please", a separator or
    a bracket, ``lexicon.AVOID_LEAD``) ends, when its statement, up to a comma or its end, says nothing of its own
    (``lexicon.AVOID_TAIL_FILLER``); else ``None``."""
    lead = lx.AVOID_LEAD.match(masked)
    at = lead.end() if lead is not None else 0
    cue = lx.AVOID_CUE.match(masked, at)
    if cue is None or _avoid_waived(masked, cue.start()):
        return None
    tail = re.split(r"[,;\n]|[.!?](?:\s|$)|\s[-\u2013\u2014]\s", text[cue.end() :], maxsplit=1)[0]
    bare = lx.AVOID_TAIL_FILLER.sub(" ", lx.ANAPHOR.sub(" ", tail))  # the words as written: a pressure term is masked
    return None if bare.strip(" \t.!)") else cue.end() + len(tail)


def _denies_the_operation(clause: _Clause, start: int, end: int) -> bool:
    """Whether the words from a negation's end (``start``) to an area named as a site (``end``) leave the negation
    denying the operation rather than saying what to keep off: only ``lexicon.SITE_DENIED_GAP``'s words, the list's
    other areas, and a site word before the area stand between ("No knee surgery", "never had R knee surgery", "no
    surgery on her knee", the hip of "no knee or hip surgery"); not "No pressure on the knee"."""
    site = lx.SITE_BEFORE_AREA.search(clause.text, start, end)
    stop = end if site is None else site.start()
    gap = list(clause.masked[start:stop])  # the matched terms blank, and the list's areas
    for term in clause.matches_within(start, stop):
        gap[term.start - start : term.end - start] = " " * (term.end - term.start)
    return lx.SITE_DENIED_GAP.fullmatch(re.sub(r"[,&/]|\b(?:and|or)\b", " ", "".join(gap))) is not None


def _cue_statement_ends(clause: _Clause, cue_start: int, cue_end: int, position: int) -> bool:
    """An avoid cue's or a negation's statement ends at a break (``lexicon.STATEMENT_BREAK``: a spaced hyphen, an en
    or em dash, a colon) before ``position`` once it has what it keeps off in front of the break: words after it ("No
    deep work - focus on neck"), their last no governing word, or an area named right before it ("Shoulder injury -
    focus on neck", "Ticklish feet: …" has its words after it). A cue waiting for its object still reaches over the
    break ("Avoid - work on the neck", "Skip: work on feet" keep them off), as a negation does (``_ends_at_a_break``)."""
    text = clause.text
    for found in lx.STATEMENT_BREAK.finditer(text, cue_end, position):
        words = re.sub(r"[^\w\s'’/-]", " ", text[cue_end : found.start()]).lower().split()
        if words and words[-1] not in lx.GOVERNING_WORDS:
            return True
        if not words and any(
            m.term.kind == "area" and m.end <= cue_start and not text[m.end : cue_start].strip() for m in clause.matches
        ):
            return True
    return False


def _later_cue(clause: _Clause, match: _Match) -> str | None:
    """"Shoulders and neck are where he carries stress": the first focus or avoid cue after the area."""
    after = clause.masked[match.end :]
    found = [(m.start(), "focus") for m in lx.FOCUS_CUE.finditer(after)]
    found += [(m.start(), _avoid_kind(after, m)) for m in lx.AVOID_CUE.finditer(after)]
    kind = min(found)[1] if found else None
    return None if kind == "waived" else kind  # "Knee fine now, no need to avoid"


def _avoid_kind(text: str, cue: re.Match[str]) -> str:
    """``"waived"`` for an avoid cue the note says is not needed (``lexicon.AVOID_NOT_NEEDED``: "no need to avoid",
    "don't need to stay away from"), else ``"avoid"``."""
    return "waived" if _avoid_waived(text, cue.start()) else "avoid"


def _avoid_waived(text: str, start: int) -> bool:
    """The words right before ``start``, where an avoid cue begins in ``text``, say keeping off is not needed."""
    return lx.AVOID_NOT_NEEDED.search(text[max(0, start - 40) : start]) is not None


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


# --- an allergy list's items: what ``allergy_lists`` asks of them, asked here too of a list carried on ---


#: An item of an allergy list that names no allergy of hers, whatever it names: one denied by a "not" or "no" in front
#: of it ("not kiwi"), a medication she takes ("takes Zyrtec"), a remedy ("Benadryl helps").
#: Only "takes"/"taking" is a medication she takes: "took penicillin - hives" is what she reacted to (``_TOOK``).
#: An item of an allergy list that names no allergy of hers: one denied ("not kiwi"), or a medicine she takes ("takes
#: Zyrtec", "Lamictal daily", "Zoloft twice a day": what she takes how often; "Lamictal 200mg" has its dose).
_NO_ALLERGY_ITEM = re.compile(
    r"[^\S\n]*(?:(?:not|no)[^\S\n]+(?P<denied>\S.*)|(?:takes|taking)[^\S\n]+\S.*"
    r"|\S.*[^\S\n](?:daily|nightly|qd|bid|tid|qid|qhs|prn|(?:once|twice)[^\S\n]+(?:a|per)[^\S\n]+day"
    r"|every[^\S\n]+(?:day|morning|night|evening))[^\S\n.]*)",
    re.IGNORECASE,
)
#: A remedy at an item's end ("Benadryl helps"): only that part is no allergy ("penicillin (rash) benadryl helps").
_REMEDY_END = re.compile(r"(?:^|(?<=\s))[\w'-]+[^\S\n]+helps[^\S\n]*$", re.IGNORECASE)
#: "took" before what she reacted to ("took penicillin once - hives"): the allergen is what follows it.
_TOOK = re.compile(r"[^\S\n]*took[^\S\n]+(?=\S)", re.IGNORECASE)


#: When she took it ("took benadryl before appt", "… this morning"): a medication taken, unless it says she reacted.
_TAKEN_AS_A_MEDICINE = re.compile(
    r"\b(?:before|prior|today|tonight|this|earlier|yesterday|last[^\S\n]+night|am|pm|appt|appointment)\b", re.IGNORECASE
)
_REACTED = re.compile(r"\b(?:hives|rash\w*|swell\w*|itch\w*|anaphyla\w*|reaction|react\w*|vomit\w*|sick)\b", re.IGNORECASE)
#: An item's aside that says whose the allergy is, someone else's: "(husband)", "(mom's)", "(her daughter only)".
_OTHERS_ASIDE = re.compile(
    rf"[(\[][^\S\n]*(?:for[^\S\n]+)?(?:(?:her|his|the)[^\S\n]+)?(?:{lx.OTHER_PERSON.pattern})(?:['\u2019]s)?(?:[^\S\n]+only)?"
    r"[^\S\n]*[)\]]",
    re.IGNORECASE,
)


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
    # a scent's oil is the scent's ("…; tea tree oil": the lexicon's term is "tea tree", and the list lost it)
    oil = {"oil", "oils", "essential"} if any(m.term.kind != "allergen" for m in inside) else set()
    return all(w in lx.SEVERITY_WORDS or w in lx.ALLERGEN_MODIFIERS or w in oil for w in words)


_WITH_WORD = re.compile(r"\bwith\b", re.IGNORECASE)


def _only_how_bad(text: str) -> bool:
    """``text`` says how bad an allergy is or what it does and nothing else ("hives", "severe rash", "anaphylaxis")."""
    words = re.sub(r"[^\w\s'-]", " ", text).lower().split()
    return bool(words) and all(w in lx.SEVERITY_WORDS or w in lx.ALLERGEN_MODIFIERS for w in words)


def _site_word(clause: _Clause, match: _Match, previous_site: tuple[_Match, int] | None = None) -> int | None:
    """Where the word starts that names the area ``match`` as the site of an operation or injectables, or ``None``:
    after it or its list ("knee surgery", "knee and hip surgery", "Hip - replacement"; ``lexicon.SITE_AFTER_AREA``),
    before it ("surgery on the right shoulder", "post-op abdomen", "botox in her forehead";
    ``lexicon.SITE_BEFORE_AREA``), or after ``previous_site``, the area before it in the clause named as a site and
    where its word starts, when only a list's words stand between them ("surgery on her neck and shoulders"): that
    area's word. Not an area after a comma that a state of its own follows ("Post op right knee, left hip sore focus
    there": ``lexicon.AREA_POST_FOCUS``, ``AREA_POST_AVOID``): a new item, what the note says of the hip."""
    end = _area_list_end(clause, match.end)
    after = lx.SITE_AFTER_AREA.match(clause.text[end : end + 80])
    if after is not None:
        return end + after.start("word")
    before = lx.SITE_BEFORE_AREA.search(clause.text[max(0, match.start - 80) : match.start])
    if before is not None:
        return max(0, match.start - 80) + before.start()
    gap = clause.text[previous_site[0].end : match.start] if previous_site is not None else ""
    if previous_site is not None and lx.SITE_LIST_GAP.match(gap):
        if "," in gap and (lx.AREA_POST_FOCUS.match(clause.text[end:]) or lx.AREA_POST_AVOID.match(clause.text[end:])):
            return None  # "Post op right knee, left hip sore": after a comma, an area with a state of its own is a new item
        return previous_site[1]
    return None


def _answered_sites(notes: str, clause: _Clause, match: _Match) -> tuple[list[str], int]:
    """The areas a form's yes to the surgery ``match`` names right after it, as its site (``lexicon.FORM_YES_SITE``:
    "Surgery in last 6 months? Y - knee", "Recent surgery [x] knee", "Surgery? Yes (R shoulder)"), a list's areas
    after the first too ("Y - knee and hip"; ``lexicon.SITE_LIST_GAP``), and where in ``notes`` the last one ends:
    ``([], 0)`` when no yes and area follow."""
    start = clause.offset + match.end
    line_end = notes.find("\n", start)
    line_end = len(notes) if line_end < 0 else line_end
    answer = lx.FORM_YES_SITE.match(notes, start, line_end)
    if answer is None:
        return [], 0
    rest = notes[answer.end() : line_end]
    areas = [m for m in _find_matches(rest) if m.term.kind == "area"]
    if not areas or areas[0].start != 0:
        return [], 0
    named = areas[:1]
    for area in areas[1:]:
        if lx.SITE_LIST_GAP.match(rest[named[-1].end : area.start]) is None:
            break
        named.append(area)
    return [m.term.value for m in named], answer.end() + named[-1].end


def caution_site(
    evidence: str, *, not_these: Iterable[str] = (), condition: str = "", today: date | None = None
) -> str:
    """The body area a caution's evidence names as the operation's or injectables' site, in the note's own words, with
    the side written next to it: "left knee" for "Had knee surgery on the left side, keep away from the knee", "Knee
    surgery (right) 2 wks ago" is "right knee" (not the "left knee fine" after it), and for
    "L knee surgery 3 wks ago, focus on right shoulder", "neck" for "Neck surgery 2 wks ago, scalp and feet ok" (areas
    the note clears are no site), "neck, jaw" for two; when the words name no site ("Recent surgery [x] knee"), the
    areas they name; "" when they name none. ``not_these``: areas (vocabulary names) the same words give as something
    else, a focus or a pressure's area ("Had surgery on her shoulder, loves deep work on the back" is the shoulder).

    ``condition``: the caution the words were read as. A surgery whose own name says where it was ("breast
    augmentation", "C-section", "BBL", "Rotator cuff repair (right)"; ``lexicon.PROCEDURE_SITES``) or injectables
    whose words join the lips to the injectable (``lexicon.INJECTABLE_SITES``: "lip filler") add that site, with its
    side ("mastectomy left side" is "left chest"), to the areas the words name, never instead of them (brief52m, review
    rev52c: "Breast reduction 3 wks ago + neck lift" is "chest, neck"; "mastectomy left side, … no deep work on left
    arm" is "left chest, left arm"); not one dated long past ("C-section 2019, knee surgery last month" is the knee),
    nor the lips beside another injectable ("Botox and lip filler 3 days ago"). Liposuction gives none of its own."""
    skipped = set(not_these)
    matches = _find_matches(evidence)
    clause = _Clause(0, 0, evidence, matches, _mask(evidence, matches))
    areas = [m for m in matches if m.term.kind == "area" and m.term.value not in skipped]
    sites, previous, site_words = [], None, set()
    for match in matches:
        if match.term.kind == "area":
            at = _site_word(clause, match, previous)
            if at is not None and lx.KEPT_CLEAR_SITE_WORD.match(evidence, at):
                at = None  # a clot's or an insulin pump's place: kept clear, but no surgery's site
            previous = None if at is None else (match, at)
            if at is not None:
                site_words.add(at)
            if at is not None and match.term.value not in skipped:
                sites.append(match)
        elif match.term.field == "contraindications" and (joint := lx.SITE_IN_TERM.match(match.text)) is not None:
            # "L hip replaced 3 wks ago": the joint is the surgery's own first word
            sites += [
                _Match(m.term, match.start + m.start, match.start + m.end, m.text)
                for m in _find_matches(joint.group(0))[:1]
                if m.term.kind == "area" and m.term.value not in skipped
            ]
    # every area the words name stays, as before brief52 ("Botox crow's feet" keeps its "feet" beside the face);
    # a procedure's own site is only ever added to them (brief52m, rev52c H1/H2)
    named_areas = sorted(sites, key=lambda m: m.start) or areas
    procedures = _procedure_sites(
        evidence, condition, named={m.term.value for m in named_areas}, site_words=site_words, today=today
    )
    words = list(dict.fromkeys(_words(m.text) for m in named_areas))
    named = {word: _sides(evidence, [m for m in named_areas if _words(m.text) == word]) for word in words}
    for word, sides in named.items():  # no side by the site: one an instruction to keep it off gives ("Recent knee
        if not sides:  # surgery, avoid the left knee"); not another mention's ("…, left knee fine" is the other knee)
            kept_off = [m for m in areas if _words(m.text) == word and _area_cue(clause, m) == "avoid"]
            sides.update(_sides(evidence, kept_off))
    said = [(min(m.start for m in named_areas if _words(m.text) == word), word, sides) for word, sides in named.items()]
    said += [(start, word, sides) for start, word, sides in procedures if word not in named]
    said.sort(key=lambda item: item[0])
    return ", ".join(f"{next(iter(sides))} {word}" if len(sides) == 1 else word for _, word, sides in said)


def names_a_place(evidence: str) -> bool:
    """The words name a place on the body: an area of the vocabulary or another body word (``lexicon.BODY_WORD``)."""
    return bool(lx.BODY_WORD.search(evidence)) or any(m.term.kind == "area" for m in _find_matches(evidence))


def _tables(condition: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return {
        "recentSurgery": lx.PROCEDURE_SITES,
        "recentInjectables": lx.INJECTABLE_SITES,
        "": lx.PROCEDURE_SITES + lx.INJECTABLE_SITES,
    }.get(condition, ())


def _item(evidence: str, start: int, end: int) -> tuple[int, int]:
    """The item a procedure's name at ``start``..``end`` stands in: from the break before it to the one after it
    (``lexicon.ITEM_BREAK``: a comma, a stop, "+", "and")."""
    before = [m.end() for m in lx.ITEM_BREAK.finditer(evidence, 0, start)]
    after = lx.ITEM_BREAK.search(evidence, end)
    return (before[-1] if before else 0), (after.start() if after else len(evidence))


def _said_recent(evidence: str, start: int, end: int, today: date | None) -> bool:
    """The procedure at ``start``..``end`` is her recent operation by its own item's words (brief sites52, review
    rev52g H1): the item says it is recent (``lexicon.RECENT_ITEM``: "3 wks ago", "last week", "recently";
    ``PROCEDURE_RECENT``: "post-op", "3 wks"; or a date in the last six months when ``today`` is known:
    "C-section 11/20/2026", "Mastectomy Nov 2026", rev52g M2), and says nothing making it another's, one to come,
    one long past or undone (``PROCEDURE_NOT_HERS``, ``PROCEDURE_OTHER_AFTER`` right after it: "- client's mother"),
    nor denies it before its name (``PROCEDURE_DENIED_BEFORE``: "no tummy tuck"); a knee's or a shoulder's part named
    bare ("Meniscus tear", "Rotator cuff tear") only with an operation's word (``PROCEDURE_OPERATED``)."""
    side = lx.SIDE_AFTER_PROCEDURE.match(evidence, end)  # "Mastectomy (left) 11/10/2026": the side is no break
    first, last = _item(evidence, start, side.end() if side else end)
    item = evidence[first:last]
    if lx.PROCEDURE_DENIED_BEFORE.search(evidence, first, start):
        return False
    if not lx.PROCEDURE_LEAD.fullmatch(evidence, first, start):
        return False  # "fiancé had a tummy tuck", "asked about a BBL", "old mastectomy": not plainly hers (rev52k)
    if lx.PROCEDURE_INJURY_PART.fullmatch(evidence, start, end) and not lx.PROCEDURE_OPERATED.search(item):
        return False
    items = [(first, last)]
    # undated, joined by "and", "+", "&" to a dated one: "Right TKR + mastectomy 3 weeks ago" dates both
    for step in (-1, 1):
        at = (first, last)
        while len(items) < 4:
            joined = _joined_item(evidence, at, step)
            if joined is None:
                break
            items.append(at := joined)
    for at, (begin, stop) in enumerate(items):
        said = evidence[begin:stop]
        if lx.PROCEDURE_NOT_HERS.search(said) or lx.PROCEDURE_OTHER_AFTER.match(evidence, stop):
            if at == 0:
                return False
            continue
        if lx.RECENT_ITEM.search(said) or lx.PROCEDURE_RECENT.search(said) or (
            today is not None and _recent_date(said, today)
        ):
            return True
        if at == 0 and (lx.DATED_YEAR.search(said) or lx.MONTH_DAY.search(said) or lx.PROCEDURE_DATED_MONTH.search(said)):
            return False  # dated by its own words, and not lately
    return False


def _joined_item(evidence: str, at: tuple[int, int], step: int) -> tuple[int, int] | None:
    """The item right after (``step`` 1) or before (-1) the one at ``at`` when "and", "+" or "&" joins them."""
    if step > 0:
        joiner = lx.ITEM_JOINER.match(evidence, at[1])
        if joiner is None and (comma := lx.ITEM_COMMA.match(evidence, at[1])) is not None:
            # "mastectomy left, 3 wks ago", "mastectomy, reconstruction on left 3 weeks ago": the same operation's
            following = _item(evidence, comma.end(), comma.end())
            said = evidence[slice(*following)]
            if lx.ITEM_DATE_ONLY.fullmatch(said) or lx.ITEM_OPERATION_GOES_ON.match(said):
                return following
        if joiner is None:
            return None
        first, last = _item(evidence, joiner.end(), joiner.end())
        side = lx.SIDE_AFTER_PROCEDURE.match(evidence, last)  # "… and mastectomy (R) 3 wks ago"
        return (first, _item(evidence, side.end(), side.end())[1]) if side else (first, last)
    before = lx.ITEM_JOINER_BEFORE.search(evidence[: at[0]])
    if before is None or at[0] == 0:
        return None
    return _item(evidence, before.start(), before.start())


def _recent_date(item: str, today: date) -> bool:
    """The item is dated within the six months up to ``today``: "11/20/2026", "11/20" (``lexicon.MONTH_DAY``),
    "Nov 2026" (``lexicon.PROCEDURE_MONTH_YEAR``), "in October" (the last October); a later date is one to come
    (rev52g M2)."""
    since = today - timedelta(days=183)
    for found in lx.MONTH_DAY.finditer(item):
        year = found.group("year")
        if year is None:
            day = _month_day(found, today)
        else:
            try:
                day = date(int(year) if len(year) == 4 else 2000 + int(year), int(found["month"]), int(found["day"]))
            except ValueError:
                day = None
        if day is not None and since <= day <= today:
            return True
    for found in lx.PROCEDURE_MONTH_YEAR.finditer(item):
        month = _MONTHS.index(found["month"].lower()[:3]) + 1
        if date(int(found["year"]), month, 1) <= today and date(int(found["year"]), month, 28) >= since:
            return True
    if lx.DATED_YEAR.search(item) or lx.MONTH_DAY.search(item):
        return False
    for found in lx.PROCEDURE_DATED_MONTH.finditer(item):  # "Rotator cuff repair (right) in October": the last one
        if found.group(0).lower() == "may" and not re.search(r"\b(?:in|early|late|mid|since)\s+$", item[: found.start()]):
            continue  # "may be sore"
        month = _MONTHS.index(found.group(0).lower()[:3]) + 1
        year = today.year if month <= today.month else today.year - 1
        if date(year, month, 28) >= since:
            return True
    return False


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _procedure_sites(
    evidence: str, condition: str, *, named: set[str], site_words: set[int], today: date | None = None
) -> list[tuple[int, str, set[str]]]:
    """The sites the names of procedures in ``evidence`` say (``lexicon.PROCEDURE_SITES`` for a surgery,
    ``INJECTABLE_SITES`` for injectables; both when ``condition`` is not given), as ``(where, word, sides)``, each
    once, leaving out an area the words name already (``named``: vocabulary names), a name that is itself the word
    naming an area's site (``site_words``: where such words start), a procedure dated long past (``_dated_past``:
    "C-section 2019, knee surgery last month" is the knee's), and the lips unless their own item is said to be recent
    ("Lip filler 3 days ago"; ``lexicon.RECENT_ITEM``) with no other injectable beside it ("Botox and lip filler 3 days
    ago": the lips may not be what was treated lately). The side is the one written right before the
    name ("Left mastectomy", "R TKR") or right after it ("mastectomy left side", "Lumpectomy (right)", "ACL repair
    (L)"; ``lexicon.SIDE_AFTER_PROCEDURE``); both sides ("bilateral mastectomy") leave it unsaid. Only added to the
    areas the words name (brief52m)."""
    found: dict[str, tuple[int, set[str]]] = {}
    for word, area, pattern in _tables(condition):
        for m in pattern.finditer(evidence):
            if any(m.start() <= at < m.end() for at in site_words):
                continue  # the word names an area as the site: that area is said already
            if area and area in named:
                continue  # "Rotator cuff surgery on right shoulder": the note's words say it already
            if not _said_recent(evidence, m.start(), m.end(), today):
                continue  # "C-section 2019", "her mom had a tummy tuck", "no tummy tuck": no recent surgery's site
            if word == "lips" and (
                any(not (m.start() <= other.start() < m.end()) for other in lx.INJECTABLE_WORD.finditer(evidence))
            ):
                continue  # the lips' item not said to be recent, or another injectable beside it: not known lately
            side = lx.SIDE_BEFORE_AREA.search(evidence, 0, m.start())
            sides: set[str] = set()
            if side is None:
                after = lx.SIDE_AFTER_PROCEDURE.match(evidence, m.end())
                said = after and (after["bracketed"] or after["sided"] or after["alone"])
                sides = {_SIDE_WORDS.get(said.lower(), said.lower())} if said else set()
            elif side["side"] is not None:
                sides = {_SIDE_WORDS.get(side["side"].lower(), side["side"].lower())}
            start, before = found.get(word, (m.start(), set()))
            found[word] = (start, before | sides)
    return [(start, word, sides) for word, (start, sides) in found.items()]


_SIDE_WORDS = {"l": "left", "lt": "left", "r": "right", "rt": "right"}


def _sides(evidence: str, mentions: Iterable[_Match]) -> set[str]:
    """The sides written next to ``mentions`` of one area in ``evidence``: "left" and "right" for both ("b/l")."""
    sides: set[str] = set()
    for match in mentions:
        side = lx.SIDE_BEFORE_AREA.search(evidence, 0, match.start) or lx.SIDE_AFTER_SITE.match(evidence, match.end)
        if side is None and (part := lx.SIDE_OF_A_PART.match(evidence, match.end)) is not None:
            # "Knee surgery (left ACL)": the side, unless the words name another ("(L ACL) + R meniscus")
            others = [found for found in lx.ANY_SIDE.finditer(evidence) if found.start() != part.start("side")]
            side = None if others else part
        if side is not None:
            said = (side["side"] or "both").lower()
            sides.update({"l": ["left"], "lt": ["left"], "r": ["right"], "rt": ["right"], "both": ["left", "right"]}
                         .get(said, [said]))
    return sides


def _words(text: str) -> str:
    return " ".join(text.lower().split())
