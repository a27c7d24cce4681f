"""An intake form's boxes and Yes/No answers, read for a term the notes reader found: the single box beside it ("[x]
Nuts", "Pregnant [ ]"), the Yes/No pair of boxes printed for it ("Pregnant? [ ] Yes [x] No", "Yes [x] No [ ] Recent
surgery"), or the Yes and No columns of its table row ("Condition | Yes | No" over "Pregnant | [x] | [ ]").

``extraction`` asks ``_yes_no_boxes`` first for each allergen and condition (a ticked Yes is a caution, a No or no tick
none); with no pair there, ``_checkbox`` gives the single box whose tick decides; and ``_denied_by_a_pair_label`` tells
another item's "No" label from a denial of the term. Pure: the patterns are ``lexicon``'s, the term finder is
``note_clauses._find_matches``.
"""

from __future__ import annotations

import re
from typing import Literal

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.note_clauses import _Clause, _find_matches, _Match


def _checkbox(notes: str, clause: _Clause, match: _Match) -> re.Match[str] | None:
    """The intake form's box that answers the term: the one right before it ("[x] Nuts") or right after it
    ("Pregnant [ ]"). With a box on both sides ("Latex [x] Nuts [ ]", "[x] Latex [ ] Nuts"), the line says which side
    its boxes are on: before their terms when it starts with a box, or with its first box right after a mark
    ("Allergies: [x] Latex", "Likes lavender | [x] Latex"); after them when it ends with one, or when a term stands
    right before its first box ("Pregnant [ ] Diabetes [x] Notes: none"); else before them after a heading's word
    ("Allergies [x] Latex", ``lexicon.BOXES_FIRST``), after them otherwise. With no box beside it, a box a few words
    before it answers it when the line's boxes come before their terms ("[ ] Recent surgery (last 6 months)",
    ``lexicon.CHECKBOX_WORDS_BEFORE``), and none does when they follow them ("Diabetes [ ] Recent surgery")."""
    before = lx.CHECKBOX_BEFORE.search(clause.text, max(0, match.start - 8), match.start)
    after = lx.CHECKBOX_AFTER.match(clause.text[match.end : match.end + 12])
    if before is None:  # "[ ] Recent surgery (last 6 months)": a box a few words before the term
        before = _box_words_before(notes, clause, match)
        if before is not None and after is None:
            return before if _boxes_first(notes, clause, match) else None  # not "Diabetes [ ] Recent surgery"
    if before is None and after is not None and _next_items_empty_box(notes, clause, match, after):
        return None  # "[x] Allergies: shellfish [ ] Diabetes": the empty box is the diabetes', read as with no box
    if before is None or after is None:
        return before or after
    return before if _boxes_first(notes, clause, match) else after


def _next_items_empty_box(notes: str, clause: _Clause, match: _Match, after: re.Match[str]) -> bool:
    """Whether the empty box right after the term starts the next item of a line whose boxes stand before their
    terms: a box earlier on the line, the box followed by its item's words ("[x] Pregnant [ ] Diabetes [x] Allergies:
    shellfish [ ] Recent surgery"). It is not the term's, so it does not cancel it (lex51g: the shellfish was lost)."""
    if after.group("ticked"):
        return False
    position = clause.offset + match.start
    box_end = clause.offset + match.end + after.end()
    line_start = notes.rfind("\n", 0, position) + 1
    if lx.CHECKBOX.search(notes, line_start, position) is None:
        return False  # "Shellfish [ ] Latex [x]": the line's first box, after its term
    if lx.ITEM_AFTER_BOX.match(notes, box_end) is None:
        return False
    return _boxes_first(notes, clause, match)


_PairAnswer = Literal["yes", "no", "unanswered", "other"] | None


def _yes_no_boxes(notes: str, clause: _Clause, match: _Match) -> _PairAnswer:
    """The answer of the Yes/No pair of boxes an intake form prints for the term (``lexicon.YES_NO_PAIR``): "yes"
    when its Yes box is ticked (with its No box too: contradictory, so the safe side), "no" when only its No box is,
    "unanswered" when neither is (read as an empty single box is: no caution). The pair is the one right after the
    term ("Recent surgery: Y [x] N [ ]", "Pregnant? [ ] Yes [x] No") when the line's pairs follow their terms, the
    one before it ("Yes [x] No [ ] Recent surgery", "[x] Yes [ ] No  Currently pregnant") when they come first, as
    ``_boxes_first`` reads single boxes; or the Yes and No columns of a table's row ("Condition | Yes | No" over
    "Pregnant | [x] | [ ]"). "other" when the line's pairs belong to other terms (its boxes answer no single box),
    None when there is no pair. Bounded: 300 characters either side of the term."""
    position, end = clause.offset + match.start, clause.offset + match.end
    if lx.CHECKBOX.search(notes, max(0, position - 100), end + 100) is None:
        return None  # no box near the term (a table's cells, a pair and its few words lie within 100 characters)
    low = max(0, position - 300, notes.rfind("\n", max(0, position - 300), position) + 1)
    high = notes.find("\n", end, end + 300)
    high = min(len(notes), end + 300) if high == -1 else high
    pairs = list(lx.YES_NO_PAIR.finditer(notes, low, high))
    if not pairs:
        return _yes_no_columns(notes, low, high, match, position, end)
    leading = notes[low : pairs[0].start()].strip()
    first = not leading or (not _find_matches(leading) and bool(lx.BOXES_FIRST.search(leading)))
    if first:
        before = next((p for p in reversed(pairs) if p.end() <= position), None)
        if before is None:
            return "other"
        words = lx.PAIR_WORDS_BEFORE.fullmatch(notes, before.end(), position)
        if words is None or _find_matches(words.group("words")):
            return "other"
        item_end = lx.PAIR_ITEM_END.match(notes, end)
        stop = next((p.start() for p in pairs if p.start() >= end), high)
        if item_end is None and _weeks_written(match, [notes[end:stop]]):
            return "yes"  # "Yes [ ] No [x] Pregnant 20 wks": written in, as "(20 wks)" below
        if item_end is None and words.group("words").strip():
            return "other"  # "[x] Yes [ ] No Waiver signed pregnant 20wks": the term must end the item
        if item_end is not None and lx.BOX_ITEM_DETAIL.search(item_end.group()):
            return "yes"  # "Yes [ ] No [x] Currently pregnant (20 wks)": details written in, as a single box reads
        chosen = before
    else:
        chosen = next((p for p in pairs if p.start() >= end), None)
        if chosen is None or lx.PAIR_LEAD.fullmatch(notes, end, chosen.start()) is None:
            return "other"
        box = lx.CHECKBOX.search(notes, chosen.end(), high)
        stop = next((p.start() for p in pairs if p.start() >= chosen.end()), box.start() if box else high)
        if _weeks_written(match, [notes[chosen.end() : stop]]):
            return "yes"  # "Pregnant: Yes [ ] No [x] (20 wks)": written in, as before a pair-first item
    return _pair_answer(chosen)


def _weeks_written(match: _Match, pieces: list[str]) -> bool:
    """Whether a piece of text written beside a pregnancy's Yes/No pair or in a cell of its table row is its weeks and
    nothing else ("20 wks", "(20 wks)", "weeks: 20"): the pregnancy is stated, whichever box is ticked (the safe side,
    as details beside a pair-first item read)."""
    return match.term.value == "pregnancy" and any(lx.PREGNANCY_WEEKS.fullmatch(piece.strip()) for piece in pieces)


def _denied_by_a_pair_label(notes: str, clause: _Clause, match: _Match) -> bool:
    """Whether the negation nearest before the term is the "No" label of another item's Yes/No pair, not a denial:
    "Pregnant Yes [ ] No [x] Latex allergy" keeps the allergy, "Recent surgery Yes [ ] No [x] not pregnant" denies."""
    cues = list(lx.NEGATION.finditer(clause.masked[: match.start]))
    if not cues:
        return False
    position = clause.offset + cues[-1].start()
    line_start = notes.rfind("\n", 0, position) + 1
    pairs = lx.YES_NO_PAIR.finditer(notes, line_start, clause.offset + match.start)
    return any(pair.start() <= position < pair.end() for pair in pairs)


def _pair_answer(pair: re.Match[str]) -> _PairAnswer:
    """"yes", "no" or "unanswered" for a Yes/No pair (``_yes_no_boxes``); "other" when both labels say the same."""
    names = ("l1", "b1", "l2", "b2") if pair.group("l1") else ("l3", "b3", "l4", "b4")
    first, first_box, second, second_box = (pair.group(name) for name in names)
    return _answer_of([(first, first_box), (second, second_box)])


def _answer_of(labelled: list[tuple[str, str]]) -> _PairAnswer:
    """The answer of boxes labelled yes or no (``lexicon.ANY_BOX``, "[ x ]" and "[  ]" too), one of each."""
    yes = [bool(lx.TICK.search(box)) for label, box in labelled if label.lower()[0] == "y"]
    no = [bool(lx.TICK.search(box)) for label, box in labelled if label.lower()[0] == "n"]
    if len(yes) != 1 or len(no) != 1:
        return "other"
    return "yes" if yes[0] else "no" if no[0] else "unanswered"


def _yes_no_columns(notes: str, line_start: int, line_end: int, match: _Match, position: int, match_end: int) -> _PairAnswer:
    """The answer of a table's row whose first cell holds the term and whose Yes and No columns, as a heading line
    above the rows names them, hold boxes: "Condition | Yes | No" then "Pregnant | [x] | [ ]" (pipes, tabs or runs
    of spaces between cells). None when the row is not one: no such heading within 30 lines of rows above it, or a
    line longer than 300 characters (the row's bounds are ``_yes_no_boxes``'s window, a whole line only then)."""
    if line_start > 0 and notes[line_start - 1] != "\n" or line_end < len(notes) and notes[line_end] != "\n":
        return None
    cells = lx.TABLE_CELL_BREAK.split(notes[line_start:line_end].strip().strip("|").strip())
    if len(cells) < 3 or lx.TABLE_CELL_BREAK.search(notes[line_start:position].strip().strip("|").strip()):
        return None  # the term is not in the row's first cell
    if sum(1 for cell in cells if re.fullmatch(lx.ANY_BOX, cell)) < 2:
        return None
    own = lx.TABLE_CELL_BREAK.split(notes[match_end:line_end], maxsplit=1)[0]  # "Pregnant 20 wks | [ ] | [x]"
    written = [own] + [cell for cell in cells[1:] if not re.fullmatch(lx.ANY_BOX, cell)]
    above = line_start - 1  # the line break that ends the line above
    for _ in range(30):
        if above < 0:
            return None
        start = notes.rfind("\n", max(0, above - 300), above) + 1
        if start == 0 and above > 300:
            return None
        text = notes[start:above].strip().strip("|").strip()
        above = start - 1
        if not text or not lx.TABLE_CELL_BREAK.search(text):
            return None
        heading = lx.TABLE_CELL_BREAK.split(text)
        labels = [(index, cell) for index, cell in enumerate(heading) if lx.YES_NO_HEADING.fullmatch(cell.rstrip("?:."))]
        if not labels:
            continue  # another row, or "|---|---|"
        if any(index == 0 or index >= len(cells) or not re.fullmatch(lx.ANY_BOX, cells[index]) for index, _ in labels):
            return None
        answer = _answer_of([(cell, cells[index]) for index, cell in labels])
        if answer in ("no", "unanswered") and _weeks_written(match, written):
            return "yes"  # "Pregnant | [ ] | [x] | 20 wks": written in, as beside a pair
        return answer
    return None


def _box_words_before(notes: str, clause: _Clause, match: _Match) -> re.Match[str] | None:
    """A box a few words before the term, the words naming no other term ("[ ] Currently pregnant"), when the term
    ends the box's item ("[ ] Recent surgery (last 6 months)"; not "[ ] Waiver signed pregnant 20wks")."""
    far = lx.CHECKBOX_WORDS_BEFORE.search(clause.text, max(0, match.start - 40), match.start)
    if far is None or _find_matches(far.group("words")):
        return None
    end = lx.BOX_ITEM_END.match(notes, clause.offset + match.end)
    if end is None or lx.BOX_ITEM_DETAIL.search(end.group()):
        return None  # "[ ] Allergic to nut oils (anaphylaxis)", "[ ] Recent surgery (knee, 3 wks ago)": written in
    return far


def _boxes_first(notes: str, clause: _Clause, match: _Match) -> bool:
    """Whether the boxes of the match's line stand before their terms (see ``_checkbox``)."""
    position = clause.offset + match.start
    start, end = notes.rfind("\n", 0, position) + 1, notes.find("\n", position)
    end = len(notes) if end == -1 else end
    first = lx.CHECKBOX.search(notes, start, position)
    leading = notes[max(start, first.start() - 60) : first.start()].strip() if first else ""
    if not leading:
        return True
    if lx.BOX_ENDS_LINE.search(notes[max(start, end - 16) : end]):
        return False
    # what stands right before the first box, after the last mark and without asides: "Allergies: [x]" → "Allergies",
    # "Pregnant: [ ] Diabetes: [x]" → "Pregnant", "Medical history (diabetes, heart etc): [ ]" → "Medical history"
    right_before = re.sub(r"\([^()]*\)", " ", re.split(r"[.?|•;]", leading)[-1]).strip().rstrip(":").strip()
    if not right_before:
        return True
    if _find_matches(right_before):
        return False
    return bool(lx.BOXES_FIRST.search(leading))
