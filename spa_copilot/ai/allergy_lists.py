"""Allergies named in lists rather than one by one, for the notes reader's engine (``extraction``): a heading's or
a question's list of allergens the vocabulary may not know ("Allergies: penicillin, bee stings, sulfa"), read item by
item with each item's own denial, remark, sign-off or "took it without a problem"; the list a semicolon carries on;
allergens named before their "allergy" ("nut and latex allergies"); "also allergic to ..."; "nothing but ...". An
allergen the vocabulary does not know is kept as a short camelCase name (``raw_allergen_name``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.note_clauses import (
    _EVIDENCE_STRIP,
    _LIST_SEPARATOR,
    MAX_SENTENCE,
    _Adder,
    _Clause,
    _Context,
    _find_matches,
    _item_spans,
    _last_match,
    _Match,
    _sentence_evidence,
    _span_evidence,
)
from spa_copilot.ai.note_questions import (
    _ALWAYS,
    _ITEM_DENIAL,
    _ITEM_MARK,
    _LIKING,
    _OTHERS_ASIDE,
    _REACTED,
    _REMEDY_END,
    _SOURCE_REMARK,
    _TAKEN_AS_A_MEDICINE,
    _TOOK,
    _allergen_words,
    _answer_after,
    _asides,
    _cue_negated,
    _denied_series,
    _excepted,
    _heading_brackets,
    _how_bad_aside,
    _item_end,
    _label_start,
    _liked_after,
    _no_allergy_of_hers,
    _only_allergens,
    _only_how_bad,
    _past_after,
    _pronoun_for_other,
    _stated,
)

_EMPTY_ANSWERS = frozenset({"", "none", "no", "n/a", "na", "nil", "nka", "nkda", "-", "ninguna", "ninguno", "nada"})


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
    cues = [(cue, False, False) for cue in lx.STRONG_ALLERGY_CUE.finditer(clause.text)]
    cues += [
        (cue, True, False) for cue in lx.EXCEPTION_CUE.finditer(clause.text) if _excepted(notes, clause, cue.end(), context)
    ]
    # "EpiPen (bee stings)", "Anaphylaxis: sesame": only names plainly an allergen's ("EpiPen (in her bag)" names none)
    cues += [(cue, False, True) for cue in lx.REACTION_HEAD.finditer(clause.text)]
    # "Allergies/Sensitivities: penicillin, latex", and a form's question and its colon ("Allergies?: penicillin,
    # sulfa"): a list only when it opens as one (``_opens_a_list``: not "cold rooms, acne", "unaware"), then read as
    # any allergy field's
    headings = list(lx.COMPOUND_ALLERGY_HEAD.finditer(clause.text))
    compound = {cue.start() for cue in headings} | {
        cue.start() for cue, _, _ in cues if cue.group().endswith("?") and _QUESTION_COLON.match(clause.text, cue.end())
    }
    cues += [(cue, False, False) for cue in headings]
    runs_on = None
    for cue, excepted, plain in sorted(cues, key=lambda pair: pair[0].start()):
        begin = _answer_start(clause, cue)
        if (plain and not _opens_with_an_allergen(clause, begin)
                or cue.start() in compound and not _opens_a_list(clause, begin)):
            continue  # "penicillin (anaphylaxis - carries EpiPen); codeine": no list here, the earlier one runs on
        runs_on = None  # a later cue's list ends an earlier one's
        if lx.OTHER_PERSON.search(clause.masked[: cue.start()]):
            continue
        # the list after the cue, unless the cue's brackets are a heading's examples ("Allergies (e.g. sesame,
        # sulfa): none"); and the answer after a form's brackets ("Allergies (e.g. nuts, latex): penicillin")
        starts = [] if _in_heading_examples(notes, clause, cue.end()) else [_after_examples_mark(clause, cue)]
        if begin != cue.end():
            asked = _heading_brackets(clause.text, cue)
            if asked is not None and _FORM_REQUEST.match(asked.group("inside")):
                starts = []  # "Allergies (if any): codeine": the brackets name nothing
            starts.insert(0, begin)
        if not starts:
            continue
        # "Allergies: Drug: none, Food: Zosyn", "Allergies: Food: none; Drug: codeine": the "none" answers a kind
        # of allergy, not the field (``_allergen_list`` reads on past it)
        kinds = not lx.NEGATION.search(clause.text, 0, cue.start()) and (
            _KIND_THEN_KIND.match(clause.text, begin) is not None
            or _KIND_ANSWERED_NONE.fullmatch(clause.text, begin) is not None
        )
        if not excepted and not kinds and (_cue_negated(notes, clause, cue) or _past_after(clause, cue.end())):
            read_on = None if plain else _read_on_after(notes, clause, cue)
            if read_on is None or not _opens_with_an_allergen(clause, read_on):
                continue
            starts = [read_on]  # "Nut allergy (tested negative), penicillin": the list after it is hers
        elif not excepted and not plain and _others_bracket(clause, cue):
            read_on = _read_on_after(notes, clause, cue)
            if read_on is not None and _opens_with_a_name(clause, read_on):
                starts = [read_on]  # "Nut allergy (husband), penicillin, codeine": the allergy is his, the list hers
        if not excepted and lx.ALLERGY_PAST_BEFORE.search(clause.masked[: cue.start()]):
            continue
        if _pronoun_for_other(clause, context.previous):
            continue
        for begin in starts:
            if plain and not _opens_with_an_allergen(clause, begin):
                continue  # "EpiPen (in her bag)": no list of allergens (and "EpiPen - " x 4,000 reads no 4,000 lists)
            names, ran_on, _ = _allergen_list(notes, clause, cue, begin, strict=plain)
            for name in names:
                add("allergies", name, _sentence_evidence(notes, clause, context) if excepted else clause.evidence)
            runs_on = cue if ran_on else None  # "No allergies except penicillin; sulfa" too
    return runs_on


#: What follows a remark or an answer that may undo the item before it, when the list goes on: a list's mark, then a
#: word (the list is read from that word).
_LIST_GOES_ON = re.compile(r"[^\S\n]*(?:[,&+/]|and\b)[^\S\n]*(?=[^\W\d_])", re.IGNORECASE)


def _read_on_after(notes: str, clause: _Clause, cue: re.Match[str]) -> int | None:
    """Where the list after ``cue`` goes on past what undid its first allergen alone, when a list's mark follows it:
    the brackets the cue opens, with one remark in them ("Nut allergy (tested negative), penicillin, codeine",
    "(outgrown)", "(resolved)"), or an answer no to the first item ("Allergic to sulfa - negative, penicillin"). Each
    undid the whole list and lost the allergens after it; it still undoes its own item. ``_unknown_allergens`` reads
    on only when the next item opens with an allergen plainly ("penicillin", "latex"; not "meds - none", "hot - fan
    on"). Not after a negation before the cue ("not allergic to sulfa, penicillin"), nor brackets that hold a list
    ("Allergies (latex, nuts), …") or a heading's ("Allergies (outgrown): latex")."""
    text = clause.text
    if cue.group().endswith("("):
        close = text.find(")", cue.end(), cue.end() + 60)
        inside = text[cue.end() : close] if close != -1 else ""
        if not inside.strip() or re.search(r"[,;(]|\band\b", inside, re.IGNORECASE):
            return None
        goes_on = _LIST_GOES_ON.match(text, close + 1)
        return goes_on.end() if goes_on is not None else None
    if lx.NEGATION.search(text, max(0, cue.start() - 30), cue.start()):
        return None
    answer = lx.ANSWER_NO.match(notes[clause.offset + cue.end() : clause.offset + cue.end() + 60])
    if answer is None or not answer.group("lead").strip() or _LIST_SEPARATOR.search(answer.group("lead")):
        return None
    goes_on = _LIST_GOES_ON.match(text, cue.end() + answer.end())
    return goes_on.end() if goes_on is not None else None


def _others_bracket(clause: _Clause, cue: re.Match[str]) -> bool:
    """The brackets ``cue`` opens say the allergy is someone else's, and nothing more: "Nut allergy (husband)",
    "Sulfa allergy (her son's)". The items after them are the guest's own."""
    if not cue.group().endswith("("):
        return False
    return _OTHERS_ASIDE.match(clause.text, cue.end() - 1) is not None


def _opens_with_a_name(clause: _Clause, begin: int) -> bool:
    """The list at ``begin`` opens with an allergen (``_opens_with_an_allergen``) or a drug's or product's name of
    one capitalised word ("Zosyn", "Sudafed"): a list read where it once ended, which must name something, not a
    word of the note ("dash", "cold", "Allergies")."""
    if _opens_with_an_allergen(clause, begin):
        return True
    first = _FIRST_ITEM.match(clause.text, begin)
    return first is not None and _a_capitalised_name(first.group(1))


def _a_capitalised_name(item: str) -> bool:
    """``item`` is one capitalised word the lexicon has for no other thing: a drug's or a product's name ("Zosyn",
    "Sudafed", "Bactrim"), not a given name or a word of the note ("Allergies", "Thanks")."""
    word = item.strip(_EVIDENCE_STRIP)
    return (
        re.fullmatch(r"[A-Z][a-z]{2,}", word) is not None
        and word.lower() not in lx.NO_ALLERGEN_NAME
        and not _stray_item(word)
        and word.lower() not in lx.GIVEN_NAMES
    )


#: A drug's brand name as a list writes it: one capitalised word, maybe with its form after a hyphen or a space
#: ("Zosyn", "Sudafed", "Advil-PM", "Wellbutrin XR", "Claritin-D").
_DRUG_BRAND = re.compile(rf"(?P<name>[A-Z][a-z]{{2,}})(?P<form>[- ](?:{lx.DRUG_FORM.upper()}))?")


def _a_drug_brand(item: str, *, bare: bool) -> bool:
    """``item``, read where a list once ended (after a semicolon), is a drug's brand name (``_DRUG_BRAND``) the
    lexicon has for no other thing (``_a_capitalised_name``: not "Maria", "Thanks", "Allergies"), nor a condition
    ("Asthma", "Eczema": ``lexicon.NOT_A_REACTION_SUBSTANCE``, which has a remedy alone too, "Benadryl"; with its
    form, "Claritin-D", it is a drug's name). "Allergies: latex; bee stings; Zosyn" lost Zosyn: a semicolon list read
    only what was plainly an allergen's name. Not ``bare``, only a name with its form ("Advil-PM", "Sudafed PM")."""
    if bare and item.strip(_EVIDENCE_STRIP).lower() in lx.ALLERGY_DRUG_BRANDS:
        return True  # "Allergies: latex; zosyn": a drug the lexicon knows by its brand, written in any case
    brand = _DRUG_BRAND.fullmatch(item.strip(_EVIDENCE_STRIP))
    return (
        brand is not None
        and (bare or brand.group("form") is not None)
        and _a_capitalised_name(brand.group("name"))
        and (brand.group("form") is not None or brand.group("name").lower() not in lx.NOT_A_REACTION_SUBSTANCE)
        and brand.group("name").lower() not in _SESSION_WORDS  # "…; Swedish": a wish
    )


#: The first item of a list: up to a list mark, a stop, a bracket or a spaced dash (a few words at most).
_FIRST_ITEM = re.compile(
    r"[^\S\n]*([^,;:.!?()\[\]/&+\n]{0,60}?)[^\S\n]*(?=$|[,;:.!?()\[\]/&+\n]|[^\S\n][-\u2013\u2014]|\band\b|\bor\b)"
)


def _opens_with_an_allergen(clause: _Clause, begin: int) -> bool:
    """The list at ``begin`` opens with an allergen: one the lexicon knows, or a name plainly an allergen's
    (``_plainly_an_allergen``: "bee stings", "sesame", "penicillin")."""
    first = _FIRST_ITEM.match(clause.text, begin)
    if first is None or not first.group(1):
        return False
    start, end = first.span(1)
    known = [m for m in clause.matches if m.start < end and m.end > start]
    if known:
        return all(m.term.kind == "allergen" for m in known)
    return _plainly_an_allergen(first.group(1).lower().split())


#: After a list's first item: its reaction ("Keflex: anaphylaxis", "Bactrim (hives)").
_ITS_REACTION = re.compile(rf"[^\S\n]*[:(][^\S\n]*(?i:{lx.REACTION_WORD})\b")


#: An item's reaction after a colon, up to the list's next mark or stop ("latex: hives" of "latex: hives, codeine").
_COLON_REACTION = re.compile(
    rf"(?<=[^\W_])(?P<colon>[^\S\n]*:)[^\S\n]*(?i:{lx.REACTION_WORD})\b"
    r"(?:(?![^\S\n]/[^\S\n])[^,;:|\u2022\u00b7.?!()\[\]\n])*"
)


def _opens_a_list(clause: _Clause, begin: int) -> bool:
    """The answer of a heading that may hold other things than allergens (a compound heading, a form's question:
    "Allergies/Sensitivities: cold rooms") opens a list of them: with an allergen (``_opens_with_an_allergen``), a
    drug's brand ("Keflex", "Bactrim"), or any name with its reaction ("Keflex: anaphylaxis")."""
    if _opens_with_an_allergen(clause, begin):
        return True
    first = _FIRST_ITEM.match(clause.text, begin)
    if first is None or not first.group(1):
        return False
    return _a_drug_brand(first.group(1), bare=True) or _ITS_REACTION.match(clause.text, first.end(1)) is not None


#: A list item that is only a test's result (the list may start inside its brackets: "negative)" of "Nut allergy
#: (negative)"): "(negative)", "(neg)", "(positive)", "(negative test)", "(negative per allergist)". It names no
#: allergen ("negative" was one), and the list goes on past it ("Nut allergy (negative test), latex, shellfish").
#: Whether it undoes the allergy before it is decided where that allergy is read ("Sulfa allergy - negative",
#: ``_denied_item``); a list a semicolon carries on still ends at one after a dash ("…; sulfa - neg" reads no sulfa,
#: as "…; sulfa - negative" does).
_TEST_RESULT = re.compile(
    r"[(\[]?[^\S\n]*(?:negative|neg|positive|pos)(?:[^\S\n]+(?:skin[^\S\n]+|patch[^\S\n]+|blood[^\S\n]+)?"
    r"(?:tests?|results?))?(?:[^\S\n]+(?:per|by)[^\S\n]+\w+(?:[^\S\n]+\w+)?)?[^\S\n]*[)\]]?",
    re.IGNORECASE,
)
#: "(negative)" right after an allergy, no more said of the test: the allergy is kept, a therapist asks, as it is for a
#: term the lexicon knows ("Nut allergy (negative)" reads nutOil, so "Sulfa allergy (negative)" reads sulfa); "Sulfa
#: allergy - negative" and "(tested negative)" deny it.
_TEST_RESULT_IN_BRACKETS = re.compile(
    r"[^\S\n]*\([^\S\n]*(?:negative|neg)(?:[^\S\n]+(?:tests?|results?))?[^\S\n]*\)", re.IGNORECASE
)


def _after_a_dash(text: str, spans: list[tuple[int, int]], index: int) -> bool:
    """The list item ``spans[index]`` of ``text`` follows a dash ("sulfa - neg"): it may answer the item before it."""
    return bool(index) and re.search(r"[-\u2013\u2014]", text[spans[index - 1][1] : spans[index][0]]) is not None


#: A list item that is a reaction alone, maybe "otherwise fine" after it ("SOB otherwise fine", "GI upset").
_REACTION_ALONE = re.compile(
    rf"[^\S\n]*(?:{lx.REACTION_WORD})(?:[^\S\n]+otherwise[^\S\n]+(?:fine|ok|okay))?[^\S\n.!]*", re.IGNORECASE
)


def _reaction_of_the_allergen_named(clause: _Clause, cue: re.Match[str]) -> bool:
    """``cue`` is an allergy's word and its dash right after an allergen the lexicon knows ("Latex allergy -"): what
    follows the dash may be how she reacts to it."""
    return re.search(r"[-\u2013\u2014][^\S\n]*$", cue.group()) is not None and any(
        m.term.kind == "allergen" and re.fullmatch(r"[^\S\n]*", clause.text[m.end : cue.start()]) for m in clause.matches
    )


def _after_with(text: str, spans: list[tuple[int, int]], index: int) -> bool:
    """The list item ``spans[index]`` of ``text`` follows "w/" ("sulfa w/ SOB"): what came with the item before."""
    return bool(index) and re.search(r"\bw/[^\S\n]*$", text[spans[index - 1][0] : spans[index][0]]) is not None


#: Causes of a reaction that are no substance, besides ``lexicon.NOT_A_REACTION_SUBSTANCE``: what she does or goes
#: through ("Standing causes hives", "Sweating causes hives", "Shaving causes a rash", "baby causes anaphylaxis").
_NO_CAUSE = frozenset(
    str.split(
        "standing sitting walking running sweating sweat shaving swimming bathing showering scratching friction "
        "baby babies pregnancy labor labour"
    )
)
#: Words of a wish about the session that a capitalised item after another wish may be ("Allergies: latex, quiet,
#: Swedish", "…, chatty, Hot"): a modality or a warmth, no allergen.
_SESSION_WORDS = frozenset(
    str.split(
        "swedish thai shiatsu prenatal sports lomi balinese hawaiian reflexology aromatherapy hot warm warmer hotter "
        "deep firm firmer light lighter medium soft gentle quiet chatty music silence silent"
    )
)


def _words_after_a_wish_are_no_name(item: str) -> bool:
    """``item``, read after a wish about the session, is another wish's word ("Swedish", "Hot", ``_SESSION_WORDS``)."""
    words = item.strip(_EVIDENCE_STRIP).lower().split()
    return bool(words) and all(w in _SESSION_WORDS for w in words)


#: A kind answered nothing, then the next kind: "Drug: no known, Food: Zosyn", "Food: none; Drug: codeine".
_KIND_ANSWERED_NONE = re.compile(
    rf"[^\S\n]*{lx.ALLERGY_KIND_LABEL}[^\S\n]*(?i:{lx.NONE_WORDS}|no(?:[^\S\n]+known)?|{lx.NKA}|-)"
    r"(?:[^\S\n]+(?i:known|allerg(?:y|ies)))?[^\S\n]*"
)
_KIND_THEN_KIND = re.compile(rf"{_KIND_ANSWERED_NONE.pattern}[,;|/][^\S\n]*(?={lx.ALLERGY_KIND_LABEL})")
#: A clause after a semicolon that opens with a kind of allergy and its answer ("Drug: Zosyn, Keflex").
_KIND_OPENS = re.compile(rf"[^\S\n]*{lx.ALLERGY_KIND_LABEL}[^\S\n]*(?=[^\W\d_])")


#: An allergy field's whole answer in brackets, to the clause's end: "Allergies: (latex, Zosyn)", "Allergic to
#: [latex, Zosyn]." The brackets were read as an aside, and the list lost Zosyn; read as the answer unbracketed, as
#: "Allergies (latex, Zosyn)" is (group ``inside``, the list; the closing bracket is no item's word).
_BRACKETED_ANSWER = re.compile(r"[^\S\n]*[(\[](?P<inside>[^()\[\]\n]+)[)\]][^\S\n]*[.!]?[^\S\n]*$")


_PIPE = re.compile(r"\|[^\S\n]*")
#: The item after a pipe: up to a list mark, a stop, a bracket, another pipe or a spaced dash.
_PIPED_ITEM = re.compile(
    r"[^\S\n]*([^,;:.!?()\[\]/&+|\n]{0,60}?)[^\S\n]*(?=$|[,;:.!?()\[\]/&+|\n]|[^\S\n][-\u2013\u2014]|\band\b|\bor\b)"
)
#: What may follow an item's name and a colon after a pipe: how bad the allergy is ("| sulfa: hives"), up to the next
#: pipe or the line's end; after anything else the colon heads another field ("| Emergency contact: Tom Reed").
_ITEM_COLON = re.compile(r"[^\S\n]*:(?P<how>[^|\n]*)")


#: An answer after an allergen's colon that takes it back, whole: "| latex: no", "| codeine: tested negative", "|
#: Keflex: ok" (not "tested positive", "N/V", "intolerance", "?": the allergen is kept).
_TAKEN_BACK = re.compile(
    r"[^\S\n]*(?:no|n|none|nil|n/a|negative|neg|-ve|ok|okay|fine|tolerated|tolerates|outgrown|resolved"
    r"|tested[^\S\n]+negative|not[^\S\n]+allergic|no[^\S\n]+longer)[^\S\n]*(?:[.!][^\S\n]*)?$",
    re.IGNORECASE,
)
#: Another field's label after a pipe: a few words and a colon ("Emergency contact:", "Husband:", "Meds:").
_FIELD_LABEL = re.compile(r"[^\S\n]*[^\W\d_][\w'/ -]{0,30}:")


def _only_an_allergen(item: str, known: Sequence[_Match]) -> bool:
    """``item`` (a list item read where no list was read before: after a pipe, on a plain line) names one allergen
    and nothing else: the lexicon's allergens alone (``known``, the lexicon's terms in it), a name plainly an
    allergen's (``_plainly_an_allergen``), a drug's brand the lexicon knows (``lexicon.ALLERGY_DRUG_BRANDS``) or one
    written with its form (``_a_drug_brand``: "Advil-PM"). Not any capitalised word ("Meds", "Notes", "Patel")."""
    if known:
        rest = item
        for m in known:
            rest = rest.replace(m.text, " ")
        return all(m.term.kind == "allergen" for m in known) and not rest.strip()
    words = item.lower().split()
    return bool(words) and (
        _plainly_an_allergen(words)
        or item.strip().lower() in lx.ALLERGY_DRUG_BRANDS
        or _a_drug_brand(item, bare=False)
    )


def _pipe_between_items(clause: _Clause, after: int) -> bool:
    """The pipe before ``after`` in an allergy list parts two of its items, as a comma does: what follows it is one
    allergen (``_only_an_allergen``: "sulfa", "codeine", "Zosyn", "Advil-PM"), and a colon after it says how she
    reacts, whatever the words, unless it takes the allergy back (``_TAKEN_BACK``: "| latex: no"). "Allergies:
    penicillin | sulfa" read one "penicillinSulfa", and "Allergies: latex | codeine: hives" lost codeine. Not another
    field's label ("| Meds: Zosyn", "| Emergency contact: Tom Reed", "| Notes: rash"), a table's cell ("| Meds |
    Lamictal") or a name ("| Tom Reed")."""
    first = _PIPED_ITEM.match(clause.text, after)
    if first is None or not first.group(1):
        return False
    if not _only_an_allergen(first.group(1), clause.matches_within(*first.span(1))):
        return False  # "| Meds | Lamictal", "| Tom Reed": a table's cell or a name
    # an allergen's colon says how she reacts, whatever the words ("| sulfa: anaphylaxis - EpiPen", "| Zosyn: SJS"),
    # unless it takes the allergy back ("| latex: no", "| codeine: tested negative")
    colon = _ITEM_COLON.match(clause.text, first.end(1))
    return colon is None or _TAKEN_BACK.match(colon.group("how")) is None


def _past_kinds_answered_none(text: str, begin: int) -> int:
    """Where the list at ``begin`` goes on past the kinds of allergy it answers nothing, each before another kind:
    "Allergies: Drug: no known, Food: Zosyn" read the "no" as the whole field's and lost Zosyn."""
    while (kind := _KIND_THEN_KIND.match(text, begin)) is not None:
        begin = kind.end()
    return begin


#: A list mark right after a heading's colon, before the first item: "Allergies: • latex • codeine", "Allergies: | latex".
_LEADING_MARK = re.compile(r"[^\S\n]*[\u2022\u00b7|*][^\S\n]*(?=\w)")


def _allergen_list(
    notes: str, clause: _Clause, cue: re.Match[str], begin: int, *, strict: bool = False, brands: bool = False
) -> tuple[list[str], bool, bool]:
    """The allergens the lexicon does not know in the list that starts at ``begin``, after ``cue``; whether the
    list runs to the clause's end (nothing in it says the list has ended); and whether, ``strict``, it broke off at
    something that may undo what it lists (``_list_after_semicolon`` then reads none of it). ``strict`` (a list a
    semicolon carries on), and past an item said to be fine, each later name must be plainly an allergen's
    (``_plainly_an_allergen``) or the list ends there: the list is read on where it once ended, and reads no more
    than it surely holds. A list that ends cleanly keeps what it named: at a full stop ("…; sulfa; codeine."), a
    sign-off or remark after a dash ("…; codeine - JM", "…; codeine \u2013 see chart") or a remark in brackets
    ("…; codeine (per intake)"); not at a question ("…; sulfa?"), a colon, an answer no ("…, sulfa - negative").
    ``brands``: a semicolon list plainly a list (``_list_after_semicolon``), where a drug's brand name is read too
    (``_a_drug_brand``: "Allergies: latex; bee stings; Zosyn")."""
    if not strict and (mark := _LEADING_MARK.match(clause.text, begin)) is not None:
        begin = mark.end()  # "Allergies: • latex • codeine": a form's first bullet is no item and no list's end
    bracketed = None if strict else _BRACKETED_ANSWER.match(clause.text, begin)
    if bracketed is not None:
        begin = bracketed.start("inside")  # "Allergies: (latex, Zosyn)" is read as "Allergies: latex, Zosyn)"
    begin = _past_kinds_answered_none(clause.text, begin)
    if _KIND_ANSWERED_NONE.fullmatch(clause.text, begin):
        return [], True, False  # "Allergies: Food: none; Drug: Zosyn": a semicolon may carry on to the next kind
    # the rest of the clause with its asides blanked ("penicillin (rash, hives), sulfa"; a dash pair separates
    # the items around it: "penicillin - severe - sulfa"), read up to a stop
    text, asides = list(clause.text), _asides(clause, begin, len(clause.text))
    for start, end in asides:
        text[start:end] = (" " if clause.text[start] in "([" else ",").ljust(end - start)
    # a form's sub-label before its answer is no item and no list's end ("Allergies: Drug: codeine", "…, Food:
    # shellfish"): blanked, the list reads on into the answer; one answered nothing is judged below ("Specify: -")
    for label in _SUB_LABEL.finditer(clause.text, begin):
        if label.group("answer").lower() not in _EMPTY_ANSWERS and not label.group("answer").lower().startswith("no"):
            text[label.start() : label.end("colon")] = " " * (label.end("colon") - label.start())
    if not strict:
        for pipe in _PIPE.finditer(clause.text, begin):
            if text[pipe.start()] != "|":
                continue
            # a sign-off before the pipe ("penicillin (rash) - KL 12/1 | latex") is no item and no list's end
            signed = _SIGNED_BEFORE_PIPE.search(clause.text, max(begin, pipe.start() - 40), pipe.start())
            if signed is not None and _a_signature(signed.group("who").lower().replace(".", "").replace(" ", "")):
                for at in range(signed.start(), signed.end()):
                    text[at] = " " if text[at] != "," else ","
                parted = "".join(text[begin : pipe.start()]).rstrip().endswith(",")
                if parted and _pipe_between_items(clause, pipe.end()):
                    text[pipe.start()] = " "  # "latex - hives - JM | cats": the reaction's dash already parts them
                    continue
            if _pipe_between_items(clause, pipe.end()):
                text[pipe.start()] = ","  # "Allergies: latex | codeine: hives", "penicillin | sulfa": two items
                continue
            if re.match(rf"[^\S\n]*{lx.ALLERGY_KIND_LABEL}", clause.text[pipe.end() :]):
                break  # "| Drug: Zosyn, Keflex": another kind of allergy, read as before (its items kept)
            text[pipe.start()] = "."  # "Allergies: Zosyn | Emergency contact: Tom Reed", "latex | penicillin |
            break  # Medications | Lamictal": the list ends; no label or table cell is read as (part of) its last item
    if not strict:
        # an item's reaction after a colon is an aside, no list's end ("Allergies: latex: hives, codeine" lost the
        # codeine; "latex (hives), codeine" and "latex - hives, codeine" read it): blanked up to the next list mark
        for said in _COLON_REACTION.finditer(clause.text, begin):
            if text[said.start("colon")] == ":" and clause.text[begin : said.start()].strip(_EVIDENCE_STRIP):
                text[said.start("colon") : said.end()] = " " * (said.end() - said.start("colon"))
    blanked = "".join(text)
    # what a reaction was to ends at a dash: what follows is the reaction ("wasp sting - huge swelling")
    stops = r"[.?!;:(\n]|\s[-–—]+\s|[-–—]{2,}" if lx.REACTION_CUE.search(cue.group()) else r"[.?!;:(\n]"
    tail = re.split(stops, blanked[begin:], maxsplit=1)[0]
    whole = len(tail) == len(blanked) - begin  # no stop: the list may run on past the clause
    stop = "" if whole else blanked[begin + len(tail)]
    if strict and stop == ":" and _ITS_REACTION.match(clause.text, begin + len(tail)) is not None:
        whole = False  # "…; Zosyn: hives": how she reacts to the item, and the list ends at it
    elif strict and stop in (":", "("):
        return [], False, True  # "…; sulfa: negative", "…; sulfa (husband": what follows may undo it
    # a sign-off after an item's reaction between dashes ("codeine - itching - JM"): the aside blanked its dash
    signed = _sign_off(clause, tail, begin) or _sign_off(clause, clause.text[begin : begin + len(tail)], begin)
    if not strict and signed is not None and not _INITIALS.fullmatch(signed.group("who") or ""):
        signed = None  # "Allergies: latex, shellfish - JM": initials alone sign a plain list ("- Kiwi" may be one)
    # not before a semicolon ("latex, AB; eucalyptus oil"): the list read on past it as before
    carried = stop == ";" or notes[clause.offset + len(clause.text) :].lstrip(" \t").startswith(";")
    if signed is None and not strict and not carried:
        signed = _COMMA_SIGNATURE.search(tail, max(0, len(tail) - 40))  # "Allergies: latex, JM"
        if signed is not None and not _a_signature(signed.group("who").lower().replace(".", "").replace(" ", "")):
            signed = None
    if signed is not None:
        tail, whole = tail[: signed.start()], False  # "…; codeine - JM", "…; Codeine \u2013 see chart": the list ends
        # and a comma before the sign-off's dash ends no item: "…; Keflex, - JM" read nothing (broken), the Keflex lost
        tail = re.sub(r"[^\S\n]*,[^\S\n]*$", "", tail)
    answer = lx.ANSWER_NO.match(notes[clause.offset + begin : clause.offset + begin + 60])
    label = None if answer is None else _label_start(answer.group("lead"), stated=_ALWAYS)
    if label is not None and _LIST_GOES_ON.match(clause.text, begin + answer.end()) is not None:
        label = None  # "Allergies: codeine, sulfa - negative, penicillin": the items answer each, the list goes on
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
    wished = False  # an earlier item was a wish about the session: a known term after it is the lexicon's too
    doubted = False  # an earlier item was denied or no allergy of hers: a known allergen after it is the lexicon's
    # (not one answered no, "sulfa - negative", which answers only itself)
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
            product = _product_named_after(item, inside)
            if product is not None:
                if product:
                    names.append(product)
                continue  # "Allergies: latex, eczema cream, Zosyn": a product, maybe hers; the list goes on
            if _condition_alone(item, inside):
                continue  # "Allergies: latex, eczema, Zosyn": the lexicon reads the condition; the list goes on
            if index < len(spans) - 1 and _session_wish_alone(item, inside, wish_words=True):
                wished = True
                continue  # "Allergies: Sudafed, chatty, codeine": a word about the session, the list goes on
            break  # another field's term ("skip feet"): the list has ended
        if inside:  # a known allergen, which the lexicon decides; words after it may end the list
            rest = item
            for m in inside:
                rest = rest.replace(m.text, " ")
            if _CAUSES_A_REACTION.search(rest):
                continue  # "Allergies: latex, nuts cause anaphylaxis, codeine": the item is the lexicon's, the list goes on
            rest_words = re.sub(r"[^\w\s]", " ", rest).lower().split()
            if not strict and rest_words in (["not"], ["no"]) and _own_item(blanked, position, spans[index + 1 :]):
                doubted = True
                continue  # "Allergies: not latex, shellfish, sulfa": the lexicon decides latex, the list goes on
            if not strict and len(rest_words) == 1 and _LIKING.fullmatch(rest_words[0]):
                continue  # "Allergies: loves lavender; eucalyptus": a liked scent, the lexicon's; the list goes on
            if any(w in lx.NOT_AN_ALLERGEN for w in rest_words):
                if _said_to_be_fine(item, inside):
                    strict = True
                    continue  # "Allergies: penicillin, lavender is fine, codeine": an aside, the list goes on
                break  # "nut oils - grapeseed only"
            # past a wish, a scent is the lexicon's; a plain allergen is read ("latex, prefers quiet, shellfish")
            past_wish = wished and any(m.term.kind != "allergen" for m in inside)
            plain = index and not doubted and not past_wish and not rest_words
            if plain and _plain_known_item(notes, clause, inside, spans, index, asides, stop):
                names += [m.term.allergen or m.term.value for m in inside]  # "latex + nuts + shellfish": see the helper
                for m in inside:
                    m.read_as_allergy = True
            continue
        if item_start < answered:
            continue  # the answer of the item before ("none" of "meds - none", "negative" of "sulfa - negative")
        if item.strip(_EVIDENCE_STRIP).lower() in _EMPTY_ANSWERS:
            break  # "Allergies: N/A"
        if stop == ":" and index == len(spans) - 1 and _SUB_LABEL.fullmatch(item.strip(_EVIDENCE_STRIP) + ":"):
            break  # "Latex allergy: Y / Specify: -": the sub-label of an answer left blank, no allergen
        if re.fullmatch(r"[^\w]*[^\W\d_][^\w]*", item):
            continue  # one letter is no allergen ("e" of "e.g."), but no list's end: "Allergies: E, codeine"
        rest = notes[clause.offset + position : clause.offset + position + 80]
        if strict and index == len(spans) - 1 and stop == "?":
            broken = True
            break  # "…; sulfa?": asked about
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
            doubted = True
            continue  # "Allergies: not kiwi, sulfa", "per intake", "takes Zyrtec", "sulfa (husband)": the list goes on
        if strict and any(not _how_bad_aside(clause.text[start:end]) for start, end in item_asides):
            if not all(_how_bad_aside(clause.text[a:b]) or _remark_aside(clause.text[a:b]) for a, b in item_asides):
                broken = True
                break  # "sulfa (husband)", "sulfa (outgrown)", "sulfa - negative -": the aside may undo it
            ends_here = True  # "…; codeine (per intake)": a remark, the list ends after this item
        source = re.search(rf"(?<![^\S\n])[^\S\n]+(?i:{_SOURCE_REMARK})[^\S\n]*$", item)
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
        if _TEST_RESULT.fullmatch(item.strip()) and not (strict and _after_a_dash(clause.text, spans, index)):
            continue  # "Nut allergy (negative), sesame": a test's result, no allergen's name; the list goes on
        if _after_a_dash(clause.text, spans, index) and _substitute(item):
            continue  # "Allergic to wool - cotton blanket": what she has instead, no allergen; the list goes on
        if not strict and _stray_item(item):
            continue  # "Allergies: rejected, aspirin": no allergen, the list goes on
        if not strict and index == 0 and lx.ALLERGY_TOLD_BY_AT_END.search(cue.group()) and _teller_named(item):
            continue  # "Allergies per her daughter: Sarah, …": who told the spa, no allergen; the list goes on
        glued = _GLUED_DASH.search(item)
        if glued is not None and _glued_sign_off(glued.group("tail")):  # "sulfa -Sarah" read nothing: "-sarah"
            tail, item = glued.group("tail"), item[: glued.start()]
            after = [] if _INITIALS.fullmatch(tail) or _stray_item(tail) else _allergen_words(tail) or []
            if after and (not strict or _plainly_an_allergen(after)):
                names.append(raw_allergen_name(" ".join(after)))  # "sulfa -kiwi": kiwi too
        when_less = _without_when(item)  # "Allergies: latex, Bactrim 3 yrs ago": Bactrim (the number ended the list)
        if when_less is not item:
            if not _named_before_a_time(when_less):
                continue  # "Allergies: latex, facial 2 weeks ago, codeine": an event, no allergen; the list goes on
            item = when_less
        caused = _CAUSES_A_REACTION.search(item)
        if caused is not None and item[: caused.start()].strip():
            if _caused_in_another(notes, caused.group(), clause.offset + item_start):
                continue  # "Son: ... Allergies: latex, penicillin gave him a rash, codeine": his; the list goes on
            item = item[: caused.start()]  # "Allergies: penicillin causes hives, codeine": penicillin, and codeine
            if any(w in lx.NOT_A_REACTION_SUBSTANCE or w in _NO_CAUSE for w in item.lower().split()):
                continue  # "Allergic to latex, stress causes hives, sulfa": a cause, no substance; the list goes on
        if _after_a_dash(clause.text, spans, index) and re.fullmatch(lx.REACTION_WORD, item.strip(), re.IGNORECASE):
            continue  # "Allergies: Zosyn - SOB, latex": the reaction, no allergen; the list goes on
        if not index and _reaction_of_the_allergen_named(clause, cue) and re.fullmatch(
            lx.REACTION_WORD, item.strip(), re.IGNORECASE
        ) and _allergen_words(item) is not None:
            # the first item, after an allergen's own allergy and its dash, is how she reacts (lex52: "Latex allergy -
            # trouble breathing" read a "trouble breathing" allergy); the list goes on: "Latex allergy - throat swells,
            # avocado, banana, kiwi" names three more (rev52b: ending the list there lost them). Words that name no
            # allergen end the list below as ever ("Nut allergy - can't breathe, lies flat"), and "Allergies - trouble
            # breathing" is read as before
            continue
        if _after_with(clause.text, spans, index) and _REACTION_ALONE.fullmatch(item):
            continue  # "Allergies: penicillin, sulfa w/ SOB otherwise fine": the reaction, no allergen
        if wished and _words_after_a_wish_are_no_name(item):
            continue  # "Allergies: latex, quiet, Swedish", "…, chatty, Hot": another wish, no allergen; the list goes on
        if index < len(spans) - 1 and _wish_in_words(item):
            wished = True
            continue  # "Allergies: latex, wants music, Zosyn": a wish the lexicon has no term for; the list goes on
        if _CONDITION_PRODUCT.fullmatch(item.strip(_EVIDENCE_STRIP)):
            # "Allergies: latex, acne wash, Zosyn": a product (its words are the pattern's, no private detail), the
            # list goes on; "wash" and "pills" read no allergen's name, and ended it
            product = item.strip(_EVIDENCE_STRIP).lower().split()
            names.append(product[0] + "".join(word.capitalize() for word in product[1:]))
            continue
        if strict and _CONDITION_WORD.fullmatch(item.strip(_EVIDENCE_STRIP)):
            # "Allergies: latex; Asthma; Zosyn": a condition, which a semicolon list never read, no more its end (it
            # lost Zosyn). A comma list keeps reading it as ever ("Allergies: Asthma, Night Nurse, latex": in doubt,
            # the item is kept; tests/test_s24_reader_safety_facts.py)
            continue
        if _a_part_reacting(item):
            continue  # "Allergic to nuts, throat closes up": what the allergy does, no allergen; the list goes on
        words = _allergen_words(item)
        if words is None:
            if _said_to_be_fine(item, []):
                strict = True
                continue  # "Allergies: codeine, tramadol fine, morphine": allowed, no allergen, the list goes on
            break  # the list has ended: the text is about something else now
        while words and words[-1] in lx.LAUGH_WORDS:
            words = words[:-1]  # "Allergic to cats lol": cats
        if not words:
            continue
        if strict and not (_plainly_an_allergen(words) or _a_drug_brand(item, bare=brands)):
            break  # "Allergies: latex; running late", "…, tea ok - jm": a remark, a name or a signature
        name = raw_allergen_name(" ".join(words))
        if name:
            names.append(name)
    else:
        return names, whole and not ends_here, False
    return names, False, broken or (strict and not ends_here)


def _a_part_reacting(item: str) -> bool:
    """``item`` is a body part then what it does or how bad ("throat closes up", "tongue swells", Spanish "nada
    grave": ``lexicon.REACTING_PARTS``, then ``lexicon.SEVERITY_WORDS`` only): how the allergy goes, no allergen."""
    words = re.findall(r"[^\W\d_]+", item.lower())
    return len(words) > 1 and words[0] in lx.REACTING_PARTS and all(word in lx.SEVERITY_WORDS for word in words[1:])


#: What a product named after a condition is ("eczema cream", "acne wash", "psoriasis shampoo", "migraine pills").
_CONDITION_PRODUCT_WORDS = frozenset(
    str.split(
        "oil oils gel gels cream creams lotion lotions balm balms products product salve salves ointment ointments rub "
        "wash washes cleanser shampoo shampoos soap soaps pill pills tablet tablets tabs meds medication medications "
        "medicine spray sprays drops serum serums mask masks patch patches scrub inhaler inhalers"
    )
)


#: A condition's name a list of allergies may hold beside them ("Allergies: Asthma, latex, Zosyn"), no allergen.
_CONDITIONS = (
    r"asthma|psoriasis|rosacea|acne|eczema|dermatitis|shingles|sunburn|migraines?|anxiety|lupus|arthritis"
    r"|dandruff|warts?|cold[^\S\n]+sores?|sinus|headaches?"
)
_CONDITION_WORD = re.compile(rf"(?i:{_CONDITIONS})")
#: A list item that is a product named after a condition ("acne wash", "migraine pills", "asthma inhaler"): its name
#: is the allergen's.
_CONDITION_PRODUCT = re.compile(
    rf"(?i:{_CONDITIONS}|allergy)[^\S\n]+(?i:"
    + "|".join(sorted(_CONDITION_PRODUCT_WORDS, key=len, reverse=True))
    + r")"
)


def _condition_alone(item: str, inside: list[_Match]) -> bool:
    """``item`` of an allergy list is nothing but conditions the lexicon knows (``inside``: "eczema", "diabetes"),
    which it reads as its own; they ended the list, and "Allergies: latex, eczema, Zosyn" lost Zosyn."""
    if not inside or any(m.group != "contraindications" for m in inside):
        return False
    rest = item
    for m in inside:
        rest = rest.replace(m.text, " ")
    return not re.sub(r"[^\w\s]|\band\b", " ", rest).split()


def _product_named_after(item: str, inside: list[_Match]) -> str | None:
    """``item`` of an allergy list is a product named after a condition the lexicon knows (``inside``, one term of
    another field, then a product's word: "eczema cream", "acne wash", "migraine pills"): the allergen's name
    (``raw_allergen_name``; ``""`` when none is left); else ``None``. Such an item ended the list, and "Allergies:
    latex, eczema cream, Zosyn" lost the cream and Zosyn; the condition itself is still the lexicon's to read."""
    if len(inside) != 1 or inside[0].group != "contraindications":
        return None  # not a scent's ("unscented products" is a wish)
    before, _, after = item.partition(inside[0].text)
    words = re.sub(r"[^\w\s'-]", " ", after).lower().split()
    if before.strip(_EVIDENCE_STRIP) or not words or len(words) > 2 or words[-1] not in _CONDITION_PRODUCT_WORDS:
        return None
    return raw_allergen_name(f"{inside[0].text} {' '.join(words)}")


#: A form's sub-label inside an allergy answer, its colon and the first word of its answer: "Drug: codeine", "Food:
#: shellfish", "Specify: -", "Other: Zosyn".
_SUB_LABEL = re.compile(
    r"(?<![\w-])(?i:drugs?|medications?|medicines?|meds|foods?|environmental|seasonal|contact|others?|"
    r"(?:please[^\S\n]+)?specify|types?|details?|list|names?|if[^\S\n]+(?:yes|so)|which|what)"
    r"[^\S\n]*(?P<colon>:)(?:[^\S\n]*(?P<answer>[^\s,;.]*))?"
)


def _plain_known_item(
    notes: str,
    clause: _Clause,
    inside: list[_Match],
    spans: list[tuple[int, int]],
    index: int,
    asides: list[tuple[int, int]],
    stop: str,
) -> bool:
    """The list item ``spans[index]`` of ``_allergen_list`` is nothing but allergens the lexicon knows (``inside``,
    its words left none; a scent that can be one is read as that allergy), which the list names as the guest's as it
    names an unknown one there: the walk keeps them too. The lexicon reads a list's items by their own context and
    lost one the walk reaches ("allergic to latex + nuts + shellfish", "Severe allergies: latex + nuts + shellfish"
    lost shellfish; "plus" and "•" too); a value it read already is read once. Not the list's first item, the
    lexicon's own ("[ ] Allergic to latex" is a box left empty), nor one the lexicon alone may judge: after a dash
    ("Allergic to wool - cotton" may say what to use instead), with an aside that may undo it ("shellfish
    (husband)", "(outgrown)"), answered no ("shellfish - negative", "shellfish: no"), asked about ("…, shellfish?")
    or a scent said to be liked ("…, lavender - loves it"). ``_allergen_list`` asks only when no earlier item was
    denied or no allergy of hers ("Allergies: not latex, shellfish and …" is the lexicon's to read)."""
    item_start, position = spans[index]
    if any(m.term.kind != "allergen" and _liked_after(notes, clause.offset + m.end) for m in inside):
        return False  # "…, lavender - loves it": a scent she likes
    if _after_a_dash(clause.text, spans, index):
        return False
    item_asides = [(a, b) for a, b in asides if item_start <= a < position]
    if any(not (_how_bad_aside(clause.text[a:b]) or _remark_aside(clause.text[a:b])) for a, b in item_asides):
        return False
    if index == len(spans) - 1 and stop == "?":
        return False
    return _denied_item(notes, clause.offset + item_start) is None and not _answered_no_or_past(
        notes[clause.offset + position : clause.offset + position + 40].lstrip(" \t")
    )


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


#: A dash glued to the word after it at an item's end, a space before it: "sulfa -Sarah", "codeine -JM", "sulfa -kiwi"
#: (group ``tail``, a word and maybe an initial). A sign-off or another name: the item's name is the words before it.
#: (Each pattern here that opens with a run of blanks starts only at a run's first blank: tried from each blank of a
#: long run, each attempt read the rest of it and back, 10,000 spaces before "latex" taking seconds.)
_GLUED_DASH = re.compile(r"(?<![^\S\n])[^\S\n]+[-\u2013\u2014](?P<tail>[^\W\d_][\w'.]*(?:[^\S\n]+[A-Z]\.?)?)[^\S\n]*$")
def _glued_sign_off(tail: str) -> bool:
    """The word after a glued dash (``_GLUED_DASH``) may be a sign-off or a name, not an answer about the item ("sulfa
    -ve", "-neg", "-no", "-outgrown": those read as before)."""
    word = tail.lower().rstrip(".")
    return not (
        word in _NOT_A_SIGN_OFF
        or word in _UNDO_NOT_A_SIGN_OFF
        or word in lx.NOT_AN_ALLERGEN
        or word in _EMPTY_ANSWERS
        or _TEST_RESULT.fullmatch(word)
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
    if who and not _a_signature(who):
        return None
    return signed


#: Initials that sign a plain allergy list's last item after a comma ("Allergies: latex, JM", "latex (hives), AB"), or
#: an item before a pipe after a dash, maybe with a date ("penicillin (rash) - KL 12/1 | latex"): two capitals, as
#: ``_INITIALS`` (three may be an allergen's short form: "MSG", "SLS"); read as an allergen "jm", or the item after the
#: pipe was lost.
_COMMA_SIGNATURE = re.compile(r",[^\S\n]*(?P<who>[A-Z]{2}|[A-Z]\.[^\S\n]?[A-Z]\.?)[^\S\n]*[.!]*[^\S\n]*$")
_SIGNED_BEFORE_PIPE = re.compile(
    r"[^\S\n]+[-\u2013\u2014]+[^\S\n]*(?P<who>[A-Z]{2}|[A-Z]\.[^\S\n]?[A-Z]\.?)"
    r"(?:[^\S\n]+\d{1,2}/\d{1,2}(?:/\d{2,4})?)?[^\S\n]*$"
)


def _a_signature(who: str) -> bool:
    """``who`` (lower case, no dots) may sign the note: no term of the lexicon's, no allergen's name ("pcn"), no
    word of how bad it is or that says something else ("no", "ok", "mom"), no scent's oil ("EO")."""
    return not (
        who in lx.NOT_AN_ALLERGEN
        or who in _EMPTY_ANSWERS
        or who in _NOT_A_SIGN_OFF
        or who in _UNDO_NOT_A_SIGN_OFF
        or who in lx.SEVERITY_WORDS
        or who in lx.ALLERGEN_MODIFIERS
        or who in lx.NO_ALLERGEN_NAME
        or _plainly_an_allergen([who])
        or _SCENT_OIL.fullmatch(who) is not None
    )


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


#: An item's remark in brackets at its end: "Zosyn (severe)", "latex (hives)".
_TRAILING_BRACKETS = re.compile(r"[^\S\n]*\([^()\n]*\)[^\S\n]*$")
#: An item's reaction after a colon at its end: "Zosyn: hives", "Rocephin: rash".
_REACTION_TAIL = re.compile(rf"[^\S\n]*:[^\S\n]*(?i:{lx.REACTION_WORD})\b[^:\n]*$")


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
    end = clause.offset + len(clause.text)
    items = _item_spans(clause.text[begin:], begin)
    if items and all(_condition_alone(clause.text[a:b], clause.matches_within(a, b)) for a, b in items):
        # "Allergies: latex; eczema; codeine": a condition the lexicon reads as its own, no allergen and no end of
        # the list (it lost codeine)
        return re.match(r"[^\S\n]*;", notes[end : end + 5]) is not None
    # a list of three items or more, this one not its second and last: a drug's brand name is read ("Allergies:
    # latex; bee stings; Zosyn", "…; Zosyn; codeine" lost Zosyn); the second and last item may be a device, a firm or
    # a name ("Allergies: latex; Cefaly", "…; Lucaine": tests/test_ai_s16_allergy_review.py)
    brands = notes.count(";", first.offset, clause.offset) >= 2 or re.match(
        r"[^\S\n]*;[^\S\n]*[^\W\d_]", notes[end : end + 20]
    ) is not None
    # "Allergies: Food: nuts, shellfish; Drug: Zosyn, Keflex": a kind of allergy opens the clause, its items read as
    # the field's first ("Allergies: Drug: Zosyn, Keflex" reads both); strict, the walk ended at Zosyn
    # (read on past a name the strict walk stops at: "Drug: Sudafed, Night Nurse", "Other: latex, bee stings"; so
    # "Other: Tom Reed" reads a name too, a review found: rare, and the safe side)
    kind = _KIND_OPENS.match(clause.text, begin) is not None
    if not brands:
        # "Allergies: latex; Zosyn": a two-item list whose brand names are all drugs the lexicon knows by their brand
        # (``lexicon.ALLERGY_DRUG_BRANDS``; not "…; Cefaly", a device), and no label opens the clause ("…; Meds:
        # Zosyn" is another field)
        # each with its brackets left out ("…; Zosyn (severe)" lost its Zosyn)
        # and with its reaction left out ("…; Zosyn - itching", "…; Zosyn: hives" lost the Zosyn: "itching" and
        # "zosyn: hives" are no drug's name), or how bad it is after a dash ("…; Zosyn: hives - severe")
        spans = _item_spans(clause.text[begin:], begin)
        named = [_REACTION_TAIL.sub("", _TRAILING_BRACKETS.sub("", clause.text[a:b])).strip(_EVIDENCE_STRIP).lower()
                 for index, (a, b) in enumerate(spans)
                 if not (_after_a_dash(clause.text, spans, index) and (
                     _REACTION_ALONE.fullmatch(clause.text[a:b]) or _only_how_bad(clause.text[a:b])))]
        # "…; Keflex, - JM": a sign-off's dash leaves no item (it crashed the reader); and the staff initials that sign
        # the list after a dash are no item ("…; Keflex - JM" lost the Keflex)
        if spans and _after_a_dash(clause.text, spans, len(spans) - 1) and _INITIALS.fullmatch(named[-1].strip()):
            named.pop()
        named = [name for name in named if name]
        label = _FIELD_LABEL.match(clause.text, begin)
        brands = (
            (label is None or _ITS_REACTION.match(clause.text, label.end() - 1) is not None)  # "…; Zosyn: hives"
            and any(name in lx.ALLERGY_DRUG_BRANDS for name in named)
            and all(name in lx.ALLERGY_DRUG_BRANDS or _plainly_an_allergen(name.split()) for name in named)
        )
    names, ran_on, broken = _allergen_list(notes, clause, cue, begin, strict=not kind, brands=brands)
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
    plainly an allergen's name: a common allergen ("sulfa", "PCN", "bee stings": ``lexicon.NOTHING_BUT_COMMON``), an
    animal ("cats": ``lexicon.ANIMAL_ALLERGENS``), a drug's name by its ending ("Amoxicillin", "Erythromycin"), or a name that ends in a word for one ("cat dander",
    "hair dye"). Anything else may be a person ("Sarah", "jm"), a remark ("per client", "updated"), a condition
    ("asthma", "sensitive skin") or a wish ("gluten free"): the list ends there, as it did."""
    named = " ".join(words)
    if named in lx.COMMON_ALLERGENS or named in lx.NOTHING_BUT_COMMON or lx.NOTHING_BUT_NAMED.fullmatch(named):
        return True
    if named in lx.ANIMAL_ALLERGENS:
        return True  # "Allergies: latex | cats", "…; dogs", a line "cats": read as "Allergies: latex, cats" reads it
    if len(words) == 1:
        return _DRUG_NAME.fullmatch(named) is not None
    return words[-1] in _ALLERGEN_HEADS and all(
        w in _HEAD_MODIFIERS or w in lx.NOTHING_BUT_COMMON or _DRUG_NAME.fullmatch(w) for w in words[:-1]
    )


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
#: with a letter, or a number opening a time phrase, "3 yrs ago, ", and words and separators share no character, so a
#: long run cannot backtrack). Not any number before a unit: "24 hr penicillin allergy" then read nothing (a review).
_NAMED_BEFORE = re.compile(
    r"(?:(?:\d+[ \t]*(?=(?:yr|year|wk|week|mo|mth|month|day|hr|hour|min)s?[ \t]+(?:ago|ahead)\b))?"
    r"[^\W\d_][\w'’-]*[ \t,/&+]+)+$",
    re.IGNORECASE,
)
#: The word for a drug between an allergen's name and the allergy ("Sulfa drug allergy", "codeine drugs allergy"): a
#: kind of allergy alone ("Drug allergy" names none), after a name the name is the allergen's, as in "Sulfa allergy".
_DRUG_WORDS = frozenset({"drug", "drugs", "medication", "medications"})
#: A list item before an allergy that says what the guest likes or asks for ("prefers female therapist, shellfish
#: allergy", "she likes afternoons, sesame allergy"): a wish, no allergen's name. Only a name the lexicon does not
#: know: a known allergen there is still read ("Prefers latex gloves, nut allergy" keeps latex, on the safe side).
_LIKED_ITEM = re.compile(
    r"[^\w]*(?:(?:she|he|they|client|guest|also|really|always|usually)[^\S\n]+)?"
    r"(?:loves?|likes?|enjoys?|prefers?|wants?|requests?|requested|asks[^\S\n]+for)\b",
    re.IGNORECASE,
)


def _substitute(item: str) -> bool:
    """``item``, after a dash that follows an allergen, names what the guest has instead: a linen or a cover
    (``lexicon.SUBSTITUTE_ENDS``: "Allergic to wool - cotton blanket", "- bamboo sheets") or a material made for the
    allergic alone (``lexicon.SUBSTITUTES``: "Allergic to latex - nitrile"). Not a common allergen ("- wool
    blanket"), nor a linen of another material than those it is made of instead (``lexicon.SUBSTITUTE_MATERIALS``):
    "- down pillows", "- scented towels", "- cashmere blanket" may be what the allergy is to."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", item.lower())
    if not words or any(w in lx.COMMON_ALLERGENS or w in lx.NOTHING_BUT_COMMON for w in words):
        return False
    linen = len(words) <= 3 and words[-1] in lx.SUBSTITUTE_ENDS and all(w in lx.SUBSTITUTE_MATERIALS for w in words[:-1])
    return linen or (len(words) == 1 and words[0] in lx.SUBSTITUTES)


#: Words that say whose an allergy is, alone after a dash or in brackets ("latex, cats - hubby", "latex - self",
#: "cats (hubby)"): never an allergen's name ("hubby" and "self" were read as allergens).
_WHOSE_WORDS = frozenset(str.split("hubby hubbie hubs self herself myself own hers mine"))


def _teller_named(item: str) -> bool:
    """``item``, the first of a list a teller opens, is a person's name: a known given name, capitalised, that is no
    word the notes reader needs (``guardrails._given_name``, ``guardrails._reader_word``, as the scrubber masks it:
    "Ahmed"), alone (with a surname it may be a brand named for a person: "Laura Mercier", "Tom Ford"), neither a word
    the lexicon knows nor a drug's ("Allergies per carer: Betadine Keflex" is read; Henna, Rose, Keflex are no given
    names)."""
    from spa_copilot.ai.guardrails import _given_name, _reader_word  # the scrubber imports this module

    words = item.split()
    return (
        len(words) == 1  # not two: "Laura Mercier", "Tom Ford", "Paul Mitchell" are brands named for a person (rev38l H1)
        and all(re.fullmatch(r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?", word) for word in words)
        and _given_name(words[0])
        and not _reader_word(words[0])
        and not _find_matches(item)
        and not any(w.lower() in lx.ALLERGY_DRUG_BRANDS or _DRUG_NAME.fullmatch(w.lower()) for w in words)
        and not _plainly_an_allergen([w.lower() for w in words])
    )


#: The first word of a French, Portuguese or Tagalog denial ("pas de douleurs": no pain, "hindi naninigarilyo": does not
#: smoke, "não fuma", "mais enceinte": but pregnant): an item opened by one, naming no allergen, is no substance.
_FOREIGN_DENIAL_OPENERS = frozenset({"pas", "ne", "não", "nao", "hindi", "wala", "walang"})  # not "mais aussi camomille"


def _stray_item(item: str) -> bool:
    """``item``, a list item before or after an allergy word, is plainly no substance: made only of words about the
    guest, the booking or the note (``lexicon.STRAY_WORDS``, with "very" and the like: "rejected", "Very punctual",
    "new client", "thanks"), maybe with a time phrase ("3 yrs ago", "booked 14 days ahead", "last week"), or only
    words of time ("mornings", "mornings lol": laughter at its end is left off); or a given name
    alone, capitalised, maybe with an initial ("Adeline", "Sarah B.": ``lexicon.GIVEN_NAMES``). The list is read on past it: a stray item never ends it (two changes reverted on 4 Dec
    ended a walk there and lost the allergens before it). Never an item that names an allergen plainly or holds a
    common one ("regular aspirin", "Omega 3 fish oil"), a drug ("Sudafed", "Tylenol PM", "Night Nurse"), a condition
    ("Asthma") or any other word: in doubt, the item is kept."""
    raw = re.findall(r"\d+|[^\W\d_]+(?:['’-][^\W\d_]+)*", item)  # "20wks": "20", "wks"
    while len(raw) > 1 and raw[-1].lower() in lx.LAUGH_WORDS:
        raw.pop()  # "mornings lol": the mornings are judged
    if len(raw) == 2 and len(raw[1]) == 1 and raw[1].isupper():
        raw.pop()  # "Sarah B.": a name and an initial
    if len(raw) == 1 and raw[0][:1].isupper() and raw[0][1:].islower() and raw[0].lower() in lx.GIVEN_NAMES:
        return True  # "Adeline, latex allergy", "- Sarah"
    words = [w.lower() for w in raw if w.lower() not in lx.ALLERGEN_MODIFIERS]
    named = [w for w in words if w.isalpha()]
    if named and all(w in _WHOSE_WORDS for w in named):
        return True  # "Allergies: latex, cats - hubby", "latex - self": whose the list is, no allergen
    if not named or _plainly_an_allergen(named):
        return False
    if any(w in lx.COMMON_ALLERGENS or w in lx.NOTHING_BUT_COMMON or _DRUG_NAME.fullmatch(w) for w in words):
        return False  # "regular aspirin", "new penicillin"
    if words[0] in _FOREIGN_DENIAL_OPENERS:
        return True  # "Allergique au latex, pas de douleurs", "Allergic sa latex, hindi naninigarilyo" (rev52h)
    # what the item says besides when ("3 yrs ago", "last week", "yesterday"): only strays and times make it a stray
    # ("rejected", "new client", "mornings", "3 yrs ago", "booked 14 days ahead"); a name before a time phrase is kept
    # ("Keflex last month", "Advil last year": a review of 6ff7070 found them lost)
    return all(w in lx.STRAY_WORDS or w in lx.TIME_UNITS or w.isdigit() for w in _before_a_time_phrase(words))


#: The fields of a wish about the session itself, never an allergen's: how she likes to talk, the music, the room's
#: temperature, the pressure ("chatty", "quiet", "warm", "firm"). Scents and body areas are not among them.
_SESSION_FIELDS = frozenset({"communication_style", "music", "temperature", "pressure"})


def _session_wish_alone(item: str, inside: list[_Match], *, wish_words: bool = False) -> bool:
    """``item`` of an allergy list is nothing but a wish about the session (``_SESSION_FIELDS``: "chatty", "quiet",
    "firm pressure"): no allergen, and no end of the list, which the items around it go on ("Allergies: Sudafed,
    chatty, codeine" lost codeine, "Sudafed, chatty, codeine allergy" Sudafed). With ``wish_words``, read forward
    after a heading, also the wish in words ("prefers quiet", "likes it warm", ``_WISH_WORDS``); not read back from
    an allergy word, where a name before "likes firm pressure" is as often the guest's ("Rosa, likes firm pressure,
    nut allergy")."""
    if not inside or any(m.term.field not in _SESSION_FIELDS or m.term.allergen for m in inside):
        return False
    rest = item
    for m in inside:
        rest = rest.replace(m.text, " ")
    words = [w for w in re.sub(r"[^\w]", " ", rest).lower().split() if not (wish_words and w in _WISH_WORDS)]
    return words in ([], ["pressure"])


def _wish_in_words(item: str) -> bool:
    """``item`` is a wish about the session in words alone, a wish's word and a session's ("wants music", "prefers
    silence"), no allergen's name."""
    words = item.strip(_EVIDENCE_STRIP).lower().split()
    return (
        any(w in _WISH_WORDS for w in words)
        and any(w in _SESSION_WORDS for w in words)
        and all(w in _WISH_WORDS or w in _SESSION_WORDS for w in words)
    )


#: Words of a wish around its session term, which keep it a wish ("prefers quiet", "likes it warm", "wants more
#: pressure", "very chatty"): "Allergies: latex, prefers quiet, shellfish" lost shellfish when the walk ended there.
_WISH_WORDS = frozenset(
    str.split(
        "prefers prefer pref prefs likes like wants want loves love enjoys enjoy needs need asks asked requests "
        "requested it a bit little very more less extra please room table"
    )
)


#: A time phrase ending a list item: "3 yrs ago", "2 weeks ago", "last month", "this morning", "yesterday"; or when she
#: was young (group ``young``: "as a kid", "since childhood", "in 2019", "when little").
_WHEN_AT_THE_END = re.compile(
    r"[^\S\n]+(?:(?:\d+[^\S\n]*)?(?P<unit>[^\W\d_]+)[^\S\n]+(?:ago|back)|(?:last|this|past)[^\S\n]+(?P<last>[^\W\d_]+)"
    r"|yesterday|(?P<young>(?:as[^\S\n]+an?|since[^\S\n]+(?:an?[^\S\n]+)?|when[^\S\n]+(?:she[^\S\n]+was[^\S\n]+)?an?)[^\S\n]+"
    r"(?:kid|child|baby|toddler|teen|teenager|youngster)|(?:in|since)[^\S\n]+(?:childhood|(?:19|20)\d\d)"
    r"|when[^\S\n]+(?:young|little|small)))[^\w\n]*$",
    re.IGNORECASE,
)


def _without_when(item: str) -> str:
    """``item`` without the time phrase that ends it, when a name stands before it: "Bactrim 3 yrs ago" is Bactrim
    (when she reacted is no part of the allergen's name; the number made the item no name and ended the list: "Allergies:
    latex, Keflex 2 years ago, codeine" lost Keflex and codeine). An item that is only a time is the stray rule's."""
    when = _WHEN_AT_THE_END.search(item, max(0, len(item) - 40))
    if when is None or (
        when.group("young") is None
        and (when.group("unit") or when.group("last") or "day").lower() not in lx.TIME_UNITS | {"day"}
    ):
        return item
    return item[: when.start()] if re.search(r"[^\W\d_]", item[: when.start()]) else item


def _named_before_a_time(item: str) -> bool:
    """``item``, what a time phrase ended ("Bactrim" of "Bactrim 3 yrs ago"), names what she reacted to: plainly an
    allergen ("sulfa", "amoxicillin", "cat dander"), or one word or a capitalised name that is no event, treatment or
    life event ("Keflex", "bactrim", "Night Nurse"). Not "facial", "flu shot", "Covid", "baby", "delivered", "CBD helps
    anxiety", "Tylenol relief": what happened then, or what helped. With the reaction it caused ("Bactrim caused hives
    3 yrs ago", "heat causes hives last year") the item is read as without the time."""
    if _CAUSES_A_REACTION.search(item):
        return True
    words = _allergen_words(item)
    if not words:
        return False
    if _plainly_an_allergen(words):
        return True
    if len(words) > 1 and not all(w[:1].isupper() for w in item.split()):
        return False  # "CBD helps anxiety", "Tylenol relief"; not a brand's name, "Night Nurse", "Tylenol PM"
    return not _stray_item(" ".join(words)) and all(
        (word not in lx.NOT_A_REACTION_SUBSTANCE or word in _DRUGS_NO_REACTION_CAUSE)
        and word not in lx.EVENT_BEFORE_A_TIME
        and word not in lx.NO_ALLERGEN_NAME
        for word in words
    )


#: Drugs ``lexicon.NOT_A_REACTION_SUBSTANCE`` holds as what treats a reaction: in an allergy list with a time they may
#: be what she reacted to ("Allergies: latex, Benadryl 3 yrs ago"), so a time phrase does not make them none.
_DRUGS_NO_REACTION_CAUSE = frozenset(
    str.split(
        "benadryl zyrtec claritin allegra zofran epinephrine epipen hydrocortisone cortisone antihistamine antihistamines"
    )
)


def _before_a_time_phrase(words: list[str]) -> list[str]:
    """``words`` without the time phrase ending them: "N <unit> ago/ahead", "<unit> ago", "last/next/this/past
    <unit>", "yesterday", "tonight"."""
    if words and words[-1] in ("yesterday", "tonight"):
        return words[:-1]
    if len(words) >= 2 and words[-1] in ("ago", "ahead") and words[-2] in lx.TIME_UNITS:
        return words[:-3] if len(words) >= 3 and words[-3].isdigit() else words[:-2]
    if len(words) >= 2 and words[-2] in lx.TIME_LEADS and words[-1] in lx.TIME_UNITS:
        return words[:-2]
    return words


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
        after = clause.text[noun.end() :]
        if lx.ALLERGY_NOT_HERS_AFTER.match(after) and not _TEST_RESULT_IN_BRACKETS.match(after):
            continue  # "Sulfa allergy - denied", "Sulfa allergy (husband)"; not "Sulfa allergy (negative)"
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
        wished = False  # an item passed was a wish about the session ("chatty")
        for start, end in reversed(_item_spans(named.group(0), named.start())):  # back to an item naming none
            item = clause.text[start:end]
            known = [m for m in clause.matches if m.start < end and m.end > start]
            if known:
                if all(m.term.kind == "allergen" for m in known):
                    found += [m.term.value for m in reversed(known)]
                    continue
                if found and _session_wish_alone(item, known):
                    wished = True
                    continue  # "Sudafed, chatty, codeine allergy": a word about the session; Sudafed is read on
                break
            if wished and not (_a_capitalised_name(item) or _plainly_an_allergen(item.lower().split())):
                break  # "music low, FIRM pressure, latex allergy": past a wish, only a name plainly one is read
            if found and _LIKED_ITEM.match(item):
                break  # "prefers female therapist, shellfish allergy": a name she likes is no allergen of the list
            if found and _stray_item(item):
                continue  # "rejected, Aspirin allergy", "3 yrs ago, …": no allergen; the items before it are read on
            item_words = item.split()
            while len(item_words) > 1 and item_words[-1].lower() in _DRUG_WORDS:
                item_words.pop()  # "Sulfa drug allergy", "codeine drugs allergy": the allergen is the name before
            words: list[str] = []
            for word in reversed(item_words):  # back to the first word that names no allergen
                if word.lower() in lx.NO_ALLERGEN_NAME:
                    break
                words.insert(0, word)
            name = raw_allergen_name(" ".join(words)) if words else ""
            if sensitivity and not (len(words) == 1 and words[0].lower() in lx.SENSITIVITY_ALLERGENS):
                break  # "lots of sensitivity", "scalp sensitivity": no allergen
            if not name:
                break
            found.append(name)
            if len(words) < len(item_words):
                break  # "Has a sulfa allergy": the words before the name are no list
        for value in reversed(found):  # in the note's order
            add("allergies", value, clause.evidence)


#: After an instruction that keeps things away, the list of what it keeps away (no stop inside it), then the reason, a
#: sensitivity set apart by a comma, a spaced dash or a bracket: "Never use arnica, allergic", "No arnica - allergic",
#: "Avoid sesame, lanolin (allergy)", "No arnica gel - she is allergic". Group ``listed``, ``reason``. Not a denied or
#: past sensitivity ("No arnica - not allergic", "- was allergic as a kid"): the reason's words allow neither; nor an
#: allergy word that heads something else ("No arnica, allergic to latex", "No arnica, allergies: none", "allergy season").
_KEPT_AWAY_FOR_A_SENSITIVITY = re.compile(
    r"[^\S\n]+(?:(?:any|all|the)[^\S\n]+)?"
    r"(?P<listed>[^\W\d_][\w' \t/&+-]{0,60}?(?:,[^\S\n]*[^\W\d_][\w' \t/&+-]{0,40}?){0,6}?)"  # a bounded list
    r"(?P<reason>[^\S\n]*(?:,|[^\S\n][-\u2013\u2014]+|\()[^\S\n]*"
    r"(?:(?:she|he|they|client|guest|pt)(?:['\u2019]s|[^\S\n]+(?:is|are))?[^\S\n]+)?"
    rf"(?:(?:very|severely|highly|extremely)[^\S\n]+)?(?:{lx.ALLERGY_WORD}|anaphyla\w*|reacts?|reactions?|hives|rash\w*)\b)"
    r"(?=[^\S\n]*(?:$|[.,;!()\n]|[-\u2013\u2014]))",  # the reason ends there: not "allergic to latex", "allergies: none"
    re.IGNORECASE,
)
#: A product's word after an allergen's name ("arnica gel", "lanolin cream"): the allergen is the name before it.
_PRODUCT_WORD = frozenset(
    "oil oils gel gels cream creams lotion lotions balm balms products product salve salves ointment rub".split()
)


def _unknown_kept_away(notes: str, clause: _Clause, context: _Context, add: _Adder) -> None:
    """"Never use arnica, allergic", "No arnica - allergic", "Avoid sesame, lanolin (allergy)": an instruction keeps
    away things the lexicon has no term for, with a sensitivity as its reason (``_KEPT_AWAY_FOR_A_SENSITIVITY``), as
    "No nuts - allergic" reads for nuts. Each item must be plainly an allergen's name (``_plainly_an_allergen``:
    "arnica", "sesame", "bee stings", a drug's name), and a product word after it is left off ("arnica gel"); an
    item the lexicon knows is its own ("No coconut, arnica - allergic"), any other item ("No hot towels - allergic",
    "No hot stones, arnica - allergic") reads nothing, as the reason may be that item's. Not someone else's ("No
    arnica - her husband is allergic", "Husband: no arnica, allergic") nor past ("No arnica - allergic, outgrew it")."""
    for instruction in lx.INSTRUCT_NO.finditer(clause.text):
        kept = _KEPT_AWAY_FOR_A_SENSITIVITY.match(clause.text, instruction.end())
        if kept is None:
            continue
        if lx.OTHER_PERSON.search(clause.masked[: kept.end()]) or _pronoun_for_other(clause, context.previous):
            continue
        if lx.ALLERGY_PAST_BEFORE.search(clause.masked[: instruction.start()]) or _past_after(clause, kept.end()):
            continue  # "Used to avoid arnica, allergic", "No arnica - allergic, outgrew it": no longer
        names: list[str] = []
        for start, end in _item_spans(kept.group("listed"), kept.start("listed")):
            item = clause.text[start:end].strip(_EVIDENCE_STRIP)
            if not item:
                continue
            if any(m.start < end and m.end > start for m in clause.matches):
                if all(m.term.kind == "allergen" for m in clause.matches if m.start < end and m.end > start):
                    continue  # a known allergen: the lexicon decides it
                names = []
                break
            words = item.lower().split()
            while len(words) > 1 and words[-1] in _PRODUCT_WORD:
                words = words[:-1]
            if not _plainly_an_allergen(words):
                names = []
                break
            names.append(raw_allergen_name(" ".join(words)))
        for name in names:
            if name:
                add("allergies", name, clause.evidence)


#: A verb between a substance and the reaction it causes: "nuts cause anaphylaxis", "penicillin gives her a rash".
_CAUSE_VERB = r"(?:causes?|caused|gives?|gave|triggers?|triggered)"
_CAUSES = rf"(?<![^\S\n])[^\S\n]+{_CAUSE_VERB}[^\S\n]+(?:(?:her|him|them)[^\S\n]+)?(?:an?[^\S\n]+)?"
#: The end of a list item that says the reaction its substance causes ("penicillin causes hives", "nuts cause
#: anaphylaxis"): the item's name is the words before it, and the list goes on after it.
_CAUSES_A_REACTION = re.compile(rf"{_CAUSES}{lx.REACTION_WORD}[^\w]*$", re.IGNORECASE)
#: The verb's reaction may be someone else's: "Penicillin gave him hives", "penicillin gave them a rash".
_CAUSED_ANOTHER = re.compile(rf"\b{_CAUSE_VERB}[^\S\n]+(?P<who>him|them)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her|hers|she['\u2019]s)\b", re.IGNORECASE)


def _caused_in_another(notes: str, text: str, at: int) -> bool:
    """``text`` (at ``at`` in ``notes``) says its substance gave "him" or "them" the reaction, and the note names
    someone else before it ("Son: ...", "her husband"), or, for "him", speaks of the guest as she: "She is lovely.
    Penicillin gave him hives" is his, not hers. Alone, "Penicillin gave him hives" may be a man's own note, and
    "them" a guest's own pronoun: read as the guest's, on the safe side."""
    caused = _CAUSED_ANOTHER.search(text)
    if caused is None:
        return False
    if lx.OTHER_PERSON.search(notes[:at]):
        return True
    return caused.group("who").lower() == "him" and _SHE.search(notes) is not None
#: Words that say a reaction is over, after it on its line (``_OVER_LATER``) or in brackets (``_OVER_IN_BRACKETS``).
_OVER_WORDS = r"desensiti[sz]\w*|cleared|(?:ok|okay|fine)[^\S\n]+now|tested[^\S\n]+neg\w*"
#: After a substance's reaction on its line, words that say it is over: "…, tolerated since", "- tolerates it now",
#: "…, cleared", "desensitized", "ok now" (``_reaction_after_substance``); not another's tolerance ("tolerated
#: amoxicillin since").
_OVER_LATER = re.compile(
    rf"[^\n.;]{{0,40}}?\b(?:tolerat\w*(?:[^\S\n]+(?:it|them|since|now|well|fine|ever))*|{_OVER_WORDS})"
    r"(?=[^\S\n]*(?:$|[\n.,;!)]))",
    re.IGNORECASE,
)
#: A list item of a substance and the reaction it causes, with no word for an allergy: "Penicillin - anaphylaxis",
#: "Sulfa (rash)", "Codeine = nausea", "codeine -> vomiting", "Keflex: hives", "Sulfa - rash, fever". The item opens
#: its clause, its line or a list's next item (after ",", ";", "&", "+" or "/"), maybe after a bullet; the name is
#: one to three words, the separator a spaced dash, "=", an arrow, a colon or a bracket, the reaction one of a closed
#: list (``lexicon.REACTION_WORD``) ending the item. Group ``name``. Not "penicillin - no reaction", "- tolerated",
#: "Last visit - rash after wax" (the reaction must end the item), "Husband: penicillin - hives" (a label opens it).
_REACTION_ITEM = re.compile(
    r"(?:^|(?<=[\n,;&+/|\u2022\u00b7])|(?<=[^\S\n]and[^\S\n]))[^\S\n]*(?:(?:[-*\u2022\u00b7]+|\d{1,2}[.)])[^\S\n]+)?"
    # "and" parts two items, never inside a name: "Penicillin and codeine (EpiPen)" read nothing
    r"(?P<name>[^\W\d_][\w'\u2019.+-]*(?:[^\S\n]+(?!and\b)[^\W\d_][\w'\u2019.+-]*){0,2}?)"
    rf"(?:[^\S\n]+\(?(?:in[^\S\n]+)?{lx.YEAR_SPAN}\)?(?=[^\S\n]))?"  # when, said first: "Penicillin 2019 - hives"
    r"(?:[^\S\n]+[-\u2013\u2014]+[^\S\n]+|[^\S\n]*(?:=+>?|->|\u2192)[^\S\n]*|:[^\S\n]+|[^\S\n]*\([^\S\n]*"
    # or a verb: "nuts cause anaphylaxis", "Shellfish causes hives", "penicillin gives her a rash"
    rf"|{_CAUSES})"
    rf"(?P<reaction>{lx.REACTION_WORD})"
    # the item ends, or a doubt, a remark in brackets or when it happened follows ("Penicillin - hives?", "- hives
    # (per mom)", "- hives as a kid", "- hives 10 yrs ago"): a therapist asks; someone else's or a past one is not
    # read (``_bracket_undoes``, ``_past_after``)
    r"(?=[^\S\n]*(?:$|[\n,;.!?)/&+(|\u2022\u00b7]|and\b|or\b"
    # or the staff's initials sign it after a dash, maybe with a date ("Keflex - hives - JM", "- JM 11/3"): lost
    r"|[-\u2013\u2014]+[^\S\n]*(?-i:[A-Z]{2}|[A-Z]\.[^\S\n]?[A-Z]\.?)(?:[^\S\n]+\d{1,2}/\d{1,2}(?:/\d{2,4})?)?[^\S\n]*(?:$|[\n|])"
    r"|as[^\S\n]+an?[^\S\n]+(?:kid|child|baby|teen|teenager|toddler|infant)\b|in[^\S\n]+childhood\b"
    r"|when[^\S\n]+(?:young|little|small)\b|(?:\d+[^\S\n]*|a[^\S\n]+few[^\S\n]+|many[^\S\n]+)?(?:yrs?|years?)[^\S\n]+ago\b"
    # or the year it happened: "penicillin - anaphylaxis 2019" read nothing
    rf"|(?:in[^\S\n]+)?{lx.YEAR_SPAN}(?![\w/.-]*\w)))",  # or the years: "- hives 2019-2020" read nothing
    re.IGNORECASE,
)
#: When a reaction happened, said after it: maybe a comma, maybe "in", then the year or years (", 2019", " in
#: 2019-2020"); read by the patterns below.
_ITS_YEAR = rf"[^\S\n]*,?[^\S\n]*(?:(?i:in)[^\S\n]+)?{lx.YEAR_SPAN}"
#: When a substance's reaction happened, at its item's end ("penicillin - hives 2019", "- hives in 2019-2020"): the
#: pattern above reads it after the item (in its look ahead) and so never as part of a whole item.
_YEAR_AT_THE_END = re.compile(rf"{_ITS_YEAR}[^\S\n]*$")


#: The same year, right after the item as ``_REACTION_ITEM`` reads it, before the next item's separator.
_YEAR_FIRST = re.compile(rf"{_ITS_YEAR}(?=[^\S\n]*[,;/&+|\u2022\u00b7])")


def _reaction_item(item: str) -> re.Match[str] | None:
    """``item`` whole as a substance and its reaction (``_REACTION_ITEM``), maybe with the year it happened at its end:
    "Penicillin - hives 2019, latex" lost the latex (the item, year and all, was no reaction's, so the line no flag's)."""
    return _REACTION_ITEM.fullmatch(item) or _REACTION_ITEM.fullmatch(_YEAR_AT_THE_END.sub("", item))


#: Right after a substance's reaction, the note says it is no allergy: "Codeine - nausea, not allergic", "(rash) - not
#: an allergy", "- nausea, side effect not allergy". Only ending the item: "hives, not allergic to latex" is latex's.
_NO_ALLERGY_AFTER = re.compile(
    # maybe after the year or years it happened: "Codeine - nausea 2019-2020, not an allergy" read codeine
    rf"(?:{_ITS_YEAR})?"
    r"[^\S\n]*\)?[^\S\n]*[,;-]?[^\S\n]*(?:(?:just|only|a|side[^\S\n]+effects?|intolerance)[^\S\n]*[,;-]?[^\S\n]*)*"
    r"(?:(?:not|isn['\u2019]?t|no)[^\S\n]+(?:(?:an?|true|real)[^\S\n]+)*al{1,2}erg(?:y|ic|ies)\b"
    r"(?![^\S\n]+(?:to|2)\b)"
    # or no longer hers: "Penicillin - hives, retested fine", "now tolerates", "cleared by allergist" (a review)
    r"|re-?(?:tested|challenged)[^\S\n]+(?:fine|ok(?:ay)?|negative|neg)\b|now[^\S\n]+tolerates?\b|cleared\b"
    r"|side[^\S\n]+effects?\b)",
    re.IGNORECASE,
)
#: An allergy heading alone on its line, or heading its line's first item ("Allergies:", "ALLERGIES", "Drug
#: allergies -", "Allergies: penicillin - hives"): the lines of items after it are an allergy list.
_ALLERGY_HEADING_LINE = re.compile(
    r"[^\S\n]*(?:[-*#\u2022]+[^\S\n]*)?(?:(?:known|drug|food|med(?:ication)?s?|her)[^\S\n]+)?"
    rf"al{{1,2}}[eé]rg(?:y|ies|ens?)\b(?:{lx.ALLERGY_HEADING_DATED})?[^\S\n]*(?:[:\-\u2013\u2014?][^\S\n]*|$)",
    re.IGNORECASE,
)


def _heading_above(notes: str, line_start: int) -> str | None:
    """The allergy heading line whose list of items holds the line at ``line_start``: the lines above it, up to the
    heading (at most eight), are each such an item ("Allergies:\npenicillin - hives\nBactrim (rash)"), or the
    heading names someone else's ("Husband's allergies:\nBactrim - hives"). None after a line of anything else."""
    end = line_start - 1
    for _ in range(9):
        if end < 0:
            return None
        start = notes.rfind("\n", 0, end) + 1
        line = notes[start:end]
        if _ALLERGY_HEADING_LINE.match(line) or (lx.OTHER_PERSON.match(line) and _ALLERGY_WORD.search(line)):
            return line
        if not line.strip() or _REACTION_ITEM.match(line) is None:
            return None
        end = start - 1
    return None


def _opens_its_line(notes: str, position: int) -> bool:
    """The item at ``position`` opens its line, or only items of a substance and its reaction come before it there
    ("Allergies:\nBactrim - hives, Zosyn - SOB", "…hives. Zosyn - SOB"); not "Allergies:\nClient: hives. Wax =
    welts"."""
    before = notes[notes.rfind("\n", 0, position) + 1 : position]
    pieces = re.split(r"[,;&+/.]", before)
    if pieces[-1].strip(" \t-*\u2022\u00b7"):
        return False
    return all(_reaction_item(piece.strip()) for piece in pieces[:-1])


#: After a reaction read across a long dash, the next clause puts it in the past: " – outgrew it", " — resolved".
_PAST_NEXT = re.compile(
    rf"[^\S\n]*\)?[^\S\n]*[-\u2013\u2014,;(]+[^\S\n]*(?:{lx.ALLERGY_PAST_AFTER.pattern})", re.IGNORECASE
)


def _after_a_long_dash(notes: str, clause: _Clause, context: _Context) -> _Clause | None:
    """The clause of the same sentence right after ``clause`` when a spaced long dash (en or em) ended it, as the
    clauses are cut there ("Erythromycin – shortness of breath" is two clauses)."""
    end = clause.offset + len(clause.text)
    for other in context.sentence:
        if other.offset >= end:
            gap = notes[end : other.offset]
            return other if re.fullmatch(r"[^\S\n]+[\u2013\u2014][^\S\n]*", gap) else None
    return None


def _reaction_after_substance(notes: str, clause: _Clause, context: _Context, add: _Adder) -> None:
    """"Penicillin - anaphylaxis", "penicillin - hives", "Sulfa (rash)", "Codeine = nausea", "Keflex: hives", "arnica
    = hives": a substance and the reaction it causes (``_REACTION_ITEM``), with no word for an allergy, is her allergy
    (SEVERE when the reaction is grave, from the evidence). The substance must be one the reader can name as an
    allergen: an allergen term of the lexicon and nothing else ("latex: hives"), a common allergen, a drug by its shape
    or a brand of the closed list (``_plainly_an_allergen``, ``lexicon.REACTION_DRUG_BRANDS``); or, on a line of a
    list under an allergy heading, any name of one to three words that is no stray item. Never a body area, a
    condition or a treatment ("Back - rash", "Shingles - rash", "Glycolic peel - rash": another term, or no allergen's
    name), a denied one ("No penicillin - hives"), someone else's ("Husband: penicillin - hives", "He: sulfa (rash)")
    nor a past one ("Sulfa (rash) - outgrew it")."""
    if _pronoun_for_other(clause, context.previous):
        return
    text, evidence, following = clause.text, clause.evidence, _after_a_long_dash(notes, clause, context)
    if following is not None:  # "Erythromycin – hives": the long dash ended the clause; its item reads on
        text = notes[clause.offset : following.offset + len(following.text)]
    for item in _REACTION_ITEM.finditer(text):
        start, end = item.span("name")
        name = item.group("name")
        if end > len(clause.text):
            break  # the next clause's own item, read there
        crossed = following is not None and item.end() > len(clause.text)
        if lx.OTHER_PERSON.search(clause.masked[:end]) or lx.NEGATION.search(name):
            continue
        if lx.ALLERGY_PAST_BEFORE.search(clause.masked[:start]):
            continue
        if _past_after(following, item.end() - (following.offset - clause.offset)) if crossed else _past_after(
            clause, item.end()
        ):
            continue
        if crossed and _PAST_NEXT.match(notes, clause.offset + item.end()):
            continue  # "Keflex – anaphylaxis – outgrew it": the past is said in the clause after
        evidence = _span_evidence(notes, clause, following) if crossed else clause.evidence
        if _NO_ALLERGY_AFTER.match(text, item.end()):
            continue  # "Codeine - nausea, not allergic": a side effect she has, said to be no allergy
        if _bracket_undoes(text, item.end()):
            continue  # "Penicillin - hives (husband)", "(outgrown)", "(not allergic)", "(tested neg)", "(ok now)"
        if _caused_in_another(notes, item.group(), clause.offset + item.start()):
            continue  # "She is lovely. Penicillin gave him hives", "Her son: nuts give him anaphylaxis": his
        if _OVER_LATER.match(notes, clause.offset + item.end()):
            continue  # "Penicillin - hives as a kid, tolerated since"
        heading = _heading_above(notes, notes.rfind("\n", 0, clause.offset + start) + 1)
        if heading is not None and lx.OTHER_PERSON.search(heading):
            continue  # "Husband's allergies:\nBactrim - hives"
        known = [m for m in clause.matches if m.start < end and m.end > start]
        if known:
            covered = sum(len(clause.text[m.start : m.end].split()) for m in known)
            if all(m.term.kind == "allergen" for m in known) and covered == len(name.split()):
                for m in known:
                    add("allergies", m.term.value, evidence)
            elif all(m.term.allergen is not None for m in known) and covered == len(name.split()):
                # a scent's reaction (read as its allergy by the lexicon's rules): the plain allergens listed before it
                # are hers too ("Penicillin, eucalyptus (EpiPen)" lost the penicillin)
                for before in _plain_allergens_before(text, item.start("name"), clause.matches):
                    if isinstance(before, str):
                        add("allergies", raw_allergen_name(before), evidence)
            continue  # an area, a condition, a treatment, a scent, or words besides the term: not read here
        words = [w.lower() for w in name.split()]
        if _stray_item(name) or any(w in lx.NO_ALLERGEN_NAME for w in words):
            continue
        if _plainly_an_allergen(words) or (len(words) == 1 and words[0] in lx.REACTION_DRUG_BRANDS):
            add("allergies", raw_allergen_name(name), evidence)
            for before in _plain_allergens_before(text, item.start("name"), clause.matches):
                if isinstance(before, str):
                    add("allergies", raw_allergen_name(before), evidence)  # "guinea pigs, cats - sneezing": both
                elif before.term.kind == "allergen":  # "Latex cats - hives?" lost the latex
                    add("allergies", before.term.value, evidence)
                else:  # "Lavender, cats - sneezing": the scent is an allergy beside the cats, never a liked lavender
                    before.read_as_allergy = True
                    add("allergies", before.term.allergen, evidence)
            if item.end() <= len(clause.text):
                for after in _plain_allergens_after(notes, context, clause.offset + item.end()):
                    if isinstance(after, str):
                        add("allergies", raw_allergen_name(after), evidence)  # "codeine - itching | dogs" lost the dogs
                    else:  # "penicillin - hives • lavender": an allergy, never a liked lavender
                        after.read_as_allergy = True
                        add("allergies", after.term.value if after.term.kind == "allergen" else after.term.allergen, evidence)
        elif len(words) == 1 and words[0] in lx.TREATMENT_DRUG_BRANDS and lx.GRAVE_REACTION.fullmatch(item.group("reaction")):
            add("allergies", raw_allergen_name(name), evidence)  # "Advil - anaphylaxis"; not "Advil - swelling"
        elif heading is not None and _opens_its_line(notes, clause.offset + item.start("name")):
            if not any(w in lx.NOT_A_REACTION_SUBSTANCE or w in _NO_CAUSE for w in words):
                add("allergies", raw_allergen_name(name), evidence)  # "Allergies:\nBactrim (rash)"


#: Between the items of a line of allergens with no heading ("latex • codeine - itching", "penicillin (hives), latex").
_BARE_ITEM_SEPARATOR = re.compile(r"[,;/&+|\u2022\u00b7]|\b(?:and|or)\b", re.IGNORECASE)
#: What is left of an item whose allergen the lexicon read: its reaction ("latex - hives", "latex (hives)").
_REACTION_LEFT = re.compile(
    rf"(?:[-\u2013\u2014=:(]+[^\S\n]*)?(?i:{lx.REACTION_WORD})"
    # maybe with the year it happened ("latex, penicillin (anaphylaxis 2019)" lost the penicillin)
    rf"(?:{_ITS_YEAR})?[^\S\n]*\)?"
    # and the initials that sign it, maybe with a date ("Latex, nuts - anaphylaxis - JM" lost the latex)
    r"(?:[^\S\n]*[-\u2013\u2014]+[^\S\n]*(?:[A-Z]{2}|[A-Z]\.[^\S\n]?[A-Z]\.?)(?:[^\S\n]+\d{1,2}/\d{1,2}(?:/\d{2,4})?)?)?"
)


#: What is left of an item that says it is the guest's own: "latex - self", "latex (client)", "latex - guest" (the
#: latex was lost: the line was no flag).
_HERS_LEFT = re.compile(
    r"(?:[-\u2013\u2014=:(]+[^\S\n]*)(?i:self|herself|guest|client|pt|hers|her[^\S\n]+own|own"
    # or that it is a real one: "latex, penicillin (confirmed)" lost the penicillin
    r"|(?:allergist[^\S\n]*-?[^\S\n]*)?(?:confirmed|verified|documented|diagnosed))[^\S\n]*\)?"
)


def other_allergens_only(rest: str, *, alone: bool = False) -> bool:
    """``rest`` (a line with each lexicon allergen blanked) holds nothing but other plain allergens, maybe with how
    she reacts: "codeine - itching • ", " • penicillin (hives)", ", Keflex" (``_plainly_an_allergen``, a drug's brand
    the lexicon knows). A line "codeine - itching • latex" read nothing: its codeine was lost, and with it the latex
    the line flags. With one lexicon allergen (``alone``) its reaction alone is none: "Latex: rash." is read as its
    reaction's item, after the rest of the note (an "Allergic to latex - SEVERE" there keeps its evidence); but not
    when only a comma sets the reaction apart ("Tree nuts, throat closes up, carries EpiPen", "Latex, hives"), which
    no reaction's item reads (lex51: the line read no allergy at all)."""
    others = hers = apart = False
    first = True
    for piece in _BARE_ITEM_SEPARATOR.split(rest):
        item = piece.strip(" \t.!*")
        if not item:
            continue
        if _REACTION_LEFT.fullmatch(item):
            apart = apart or first and not _REACTION_SET_OFF.match(item)
            first = False
            continue
        first = False
        if _HERS_LEFT.fullmatch(item):
            hers = True
            continue  # "latex - self", "LATEX (client)": hers, said so
        others = True
        reaction = _reaction_item(item)
        name = reaction.group("name") if reaction is not None else _TRAILING_BRACKETS.sub("", item)
        words = name.lower().split()
        if not words or not (
            _plainly_an_allergen(words)
            # any drug's brand the lexicon knows: "latex, tylenol", "latex, advil - hives" lost the latex
            or (len(words) == 1 and words[0] in lx.ALLERGY_DRUG_BRANDS | lx.TREATMENT_DRUG_BRANDS)
        ):
            return False
    return others or hers or apart or not alone


#: A reaction set off from its substance as a reaction's item sets it (``_REACTION_ITEM``): a dash, "=", a colon, a
#: bracket.
_REACTION_SET_OFF = re.compile(r"[-\u2013\u2014=:(>\u2192]")


#: A note's line naming the drugs she takes ("Meds", "Current medications: …", "Rx: …"): beside it a drug on a latex
#: line may be one she takes, not an allergy (``others_on_flag_lines`` lets the line be)
_MEDS_LABEL = re.compile(
    r"^[ \t]*(?:current[ \t]+)?(?:meds?|medications?|medicines?|rx|prescriptions?)\b", re.IGNORECASE | re.MULTILINE
)


def others_on_flag_lines(notes: str, clauses: Sequence[_Clause], allergies: dict[str, str], add: _Adder) -> None:
    """The other allergens on a bare line whose allergen of ``lexicon.PRODUCT_ALLERGENS`` was read as a flag (its
    evidence is the whole line, in ``allergies``): "latex, penicillin", "latex, sulfa", "Latex | Keflex" read the
    latex alone. Each other item must be plainly an allergen (``_plainly_an_allergen``) or a drug brand of
    ``lexicon.ALLERGY_DRUG_BRANDS``, maybe with how she reacts; a treatment's brand ("tylenol") is let be, and any
    other word leaves the line as it was read. Not a line with a negation, a question, someone else, or under an
    allergy heading (read by the list there), nor in a note that lists her medications (``_MEDS_LABEL``)."""
    for clause in clauses:
        for m in clause.matches:
            if m.term.kind != "allergen" or m.term.value not in lx.PRODUCT_ALLERGENS or m.term.value not in allergies:
                continue
            at = clause.offset + m.start
            start = notes.rfind("\n", 0, at) + 1
            end = notes.find("\n", at)
            line = notes[start : len(notes) if end == -1 else end]
            evidence = allergies[m.term.value]
            if evidence.strip() != line.strip() or "?" in line:
                continue
            if lx.NEGATION.search(line) or lx.OTHER_PERSON.search(line) or _heading_above(notes, start) is not None:
                continue
            if _MEDS_LABEL.search(notes):
                continue  # "Meds⏎latex, penicillin", "Meds: penicillin": a drug she may take, read as before (rev34f F7)
            rest = list(line)
            for known in _find_matches(line):
                if known.term.kind != "allergen":
                    break
                rest[known.start : known.end] = " " * (known.end - known.start)
            else:
                for name in _other_allergen_names("".join(rest)):
                    add("allergies", raw_allergen_name(name), evidence)


def _other_allergen_names(rest: str) -> list[str]:
    """The names of the items of ``rest`` (a line with each lexicon allergen blanked) that are plainly allergens or
    drug brands of ``lexicon.ALLERGY_DRUG_BRANDS``; none when an item is any other word but a treatment's brand, or
    when a bracket at an item's end says neither how she reacts, how bad it is, nor that it is hers ("penicillin (takes
    daily)", "penicillin (hubby)": a drug she takes, someone else's; the line is read as before)."""
    names: list[str] = []
    for piece in _BARE_ITEM_SEPARATOR.split(rest):
        item = piece.strip(" \t.!*")
        if not item or _REACTION_LEFT.fullmatch(item) or _HERS_LEFT.fullmatch(item):
            continue
        reaction = _reaction_item(item)
        bracket = _TRAILING_BRACKETS.search(item) if reaction is None else None
        if bracket is not None and not (
            _REACTION_LEFT.fullmatch(aside := bracket.group().strip())
            or _HERS_LEFT.fullmatch(aside)
            or set(re.findall(r"[\w-]+", aside.lower())) <= lx.SEVERITY_WORDS  # "(severe)", "(mild)"
        ):
            return []  # "penicillin (takes daily)", "penicillin (hubby)": a drug she takes, someone else's; as before
        name = (reaction.group("name") if reaction is not None else _TRAILING_BRACKETS.sub("", item)).strip()
        words = name.lower().split()
        if words and (_plainly_an_allergen(words) or (len(words) == 1 and words[0] in lx.ALLERGY_DRUG_BRANDS)):
            names.append(name)
        elif not (len(words) == 1 and words[0] in lx.TREATMENT_DRUG_BRANDS):
            return []
    return names


def _plain_allergens_before(text: str, start: int, known: Sequence[_Match] = ()) -> list[str | _Match]:
    """The plain allergens (``_plainly_an_allergen``) listed before a substance's reaction item at ``start`` in
    ``text``, from its line's start, when nothing else is ("guinea pigs, cats - sneezing" lost the guinea pigs);
    none when any item there is something else ("Back, cats - sneezing"). An item that is one of ``known`` (the
    clause's matches) naming a lexicon allergen or a scent that may be an allergy (``Term.allergen``) is given as its
    match: "Lavender, cats - sneezing" read the cats and a liked lavender, "Latex cats - hives?" lost the latex."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    cuts = [0] + [at for found in _BARE_ITEM_SEPARATOR.finditer(before) for at in found.span()] + [len(before)]
    spans = list(zip(cuts[::2], cuts[1::2], strict=True))
    pieces = [before[low:high].strip(" \t*-\u2022\u00b7") for low, high in spans]
    if not before.strip() or pieces[-1]:
        return []
    named: list[str | _Match] = []
    for (low, high), piece in zip(spans[:-1], pieces[:-1], strict=True):
        if piece and _plainly_an_allergen(piece.lower().split()):
            named.append(piece)
            continue
        scent = [m for m in known if line_start + low <= m.start and m.end <= line_start + high]
        if (
            len(scent) == 1
            and (scent[0].term.kind == "allergen" or scent[0].term.allergen is not None)
            and scent[0].text.strip().lower() == piece.lower()
        ):
            named.append(scent[0])
            continue
        return []
    return named


def _plain_allergens_after(notes: str, context: _Context, at: int) -> list[str | _Match]:
    """The items after a substance's reaction item that ends at ``at`` in ``notes``, to its line's end, when each is
    a plain allergen (``_plainly_an_allergen``), an allergen the lexicon knows, a scent that may be an allergy
    (``Term.allergen``; given as its match) or another substance's reaction item (read on its own): "codeine -
    itching | dogs" lost the dogs, "penicillin - hives • lavender" read a liked lavender. None when any item is
    something else ("• firm pressure", "• loves lavender"), when the line names someone else or a negation, or when
    the item is not followed right away by a separator."""
    end = notes.find("\n", at)
    end = len(notes) if end == -1 else end
    year = _YEAR_FIRST.match(notes, at, end)  # the item's year, read after it: "penicillin - hives 2019, codeine"
    at = at if year is None else year.end()  # lost the codeine
    rest = notes[at:end]
    if not rest.strip() or lx.OTHER_PERSON.search(rest) or lx.NEGATION.search(rest) or "?" in rest:
        return []
    cuts = [0] + [i for found in _BARE_ITEM_SEPARATOR.finditer(rest) for i in found.span()] + [len(rest)]
    spans = list(zip(cuts[::2], cuts[1::2], strict=True))
    if len(spans) < 2 or rest[: spans[0][1]].strip(" \t.!"):
        return []  # "penicillin - hives. Lavender": no separator right after the item
    matches = [(other.offset + m.start, other.offset + m.end, m) for other in context.sentence for m in other.matches]
    found: list[str | _Match] = []
    for low, high in spans[1:]:
        piece = rest[low:high].strip(" \t.!*")
        if not piece:
            continue
        inside = [m for a, b, m in matches if at + low <= a and b <= at + high]
        if inside:
            blanked = list(piece)
            offset = at + low + rest[low:high].index(piece)
            for a, b, m in [(a, b, m) for a, b, m in matches if at + low <= a and b <= at + high]:
                if m.term.kind != "allergen" and m.term.allergen is None:
                    return []
                blanked[max(0, a - offset) : max(0, b - offset)] = " " * (b - a)
            if "".join(blanked).strip(" \t") and not _REACTION_LEFT.fullmatch("".join(blanked).strip()):
                return []  # "latex gloves", "lavender lotion": words besides the term
            found += inside
        elif _reaction_item(piece) is not None:
            continue  # "… | cats - sneezing": read as its own item
        elif _plainly_an_allergen(piece.lower().split()):
            found.append(piece)
        else:
            return []
    return found


def _bracket_undoes(text: str, end: int) -> bool:
    """Brackets right after a substance's reaction (at ``end`` of ``text``) say it is someone else's, past or no
    allergy: "(husband)", "(outgrown)", "(not allergic)", "(resolved)"; not a remark ("(per mom)", "(as a kid)")."""
    opened = re.match(r"[^\S\n]*\)?[^\S\n]*\(([^()\n]{0,60})\)", text[end:])
    if opened is None:
        return False
    inside = opened.group(1)
    return any(
        p.search(inside)
        for p in (lx.OTHER_PERSON, lx.NEGATION, lx.ALLERGY_PAST_AFTER, lx.ALLERGY_PAST_BEFORE, _OVER_IN_BRACKETS)
    )


#: Brackets that say a reaction is over: "(tested neg)", "(cleared)", "(desensitized)", "(ok now)", "(tolerates
#: now)", "(tolerated)".
_OVER_IN_BRACKETS = re.compile(rf"\b(?:{_OVER_WORDS}|neg|tolerat\w*)\b", re.IGNORECASE)


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


#: "with" in a list item, or the "w" of "w/" at its end (the slash separates the items): "penicillin w/ rash".
_WITH = re.compile(r"\bwith\b|\bw\s*$", re.IGNORECASE)
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


_QUESTION_COLON = re.compile(r"[^\S\n]*:[^\S\n]*")


def _answer_start(clause: _Clause, cue: re.Match[str]) -> int:
    """Where the list after an allergy cue starts: after the cue, or after the heading's brackets and colon when the
    cue opens a form's brackets of examples or a request ("Allergies (e.g. nuts, latex): penicillin", "Allergies (if
    any): codeine"), whose answer is hers. Not brackets that may say something else (someone else's, past, denied:
    "Allergies (husband): penicillin", "Allergies (outgrown): sulfa"), which are read as before."""
    heading = _heading_brackets(clause.text, cue)
    if heading is None:  # a form's question and its colon: "Allergies?: penicillin, sulfa" (it read nothing)
        colon = _QUESTION_COLON.match(clause.text, cue.end()) if cue.group().endswith("?") else None
        return cue.end() if colon is None else colon.end()
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


#: A part of her own body, in her words, opening a list item: "my throat closes up", "my lips swell": no allergen.
_HER_OWN_BODY = re.compile(
    r"[^\w]*my[^\S\n]+(?:throat|tongue|lips?|face|mouth|skin|eyes?|nose|chest|airways?|hands?|neck)\b", re.IGNORECASE
)


def raw_allergen_name(text: str, *, names: Iterable[str] = ()) -> str:
    """An allergen the vocabulary does not know, as a short camelCase name: "bee stings" → ``beeStings`` (and "bee
    sting" too: the last word of a name in one number, ``lexicon.ALLERGEN_NAME_LAST_WORD``).

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
    # a drug's hyphenated form reads as its parts ("Advil-PM" is ``advilPm``, as "Advil PM" is)
    scrubbed = re.sub(rf"(?<=[^\W\d_])-(?=(?i:{lx.DRUG_FORM})\b)", " ", scrubbed)
    if _HER_OWN_BODY.match(scrubbed):
        return ""  # "Shellfish - my throat closes up": how she reacts, in her words (read "my throat": rev51f)
    for word in re.sub(r"[^\w\s'-]", " ", scrubbed).lower().split():
        word = word.strip("'-")
        if not words and word == "0":
            continue  # a scrubbed name in front ("[name] family cat")
        if not word.isalpha() or word in lx.NOT_AN_ALLERGEN:
            break
        if word == "er":
            break  # "er": the ER, or a spoken "er", names no allergen, nor what follows it ("(ER visit)": rev49h)
        if not words and word in lx.REACTION_NOT_A_NAME:
            return ""  # "breaks out": how she reacts
        if not words and (word in lx.ALLERGEN_MODIFIERS or word in lx.SEVERITY_WORDS):
            continue
        if word in lx.SEVERITY_WORDS:
            break  # "anaphylactic", "hives": how bad, never the allergen's name
        words.append(word)
    if not words or len(words) > 3:
        return ""
    if len(words) > 1:  # "bee sting" and "bee stings" are one allergen: ``beeStings``
        words[-1] = lx.ALLERGEN_NAME_LAST_WORD.get(words[-1], words[-1])
    elif words[0] in lx.ALLERGEN_NAME_SAID_AS:  # "PCN" is ``penicillin``, "BEES" ``beeStings``
        return lx.ALLERGEN_NAME_SAID_AS[words[0]]
    return words[0] + "".join(word.capitalize() for word in words[1:])


def unicode_camel_split(text: str) -> str:
    """"okonkwoFamilyCat" → "okonkwo family cat" (a camelCase value read back as the lower-case words it was made
    of, so "witchHazel" is "witch hazel", never a capitalised "Hazel" read as a name)."""
    return re.sub(r"(?<=[a-z])([A-Z])", lambda m: " " + m.group(1).lower(), text)


#: The guest's allergy heading alone on its line: "Allergies:", "Drug allergies:", "ALLERGIES :", "Allergies per
#: carer:" (who told the spa, ``lexicon.ALLERGY_TOLD_BY``) (group 1).
_ALLERGY_HEADING_ALONE = re.compile(
    rf"^[^\S\n]*((?:(?:known|drug|food)[^\S\n]+)?al{{1,2}}[eé]rg(?:y|ies))(?:{lx.ALLERGY_HEADING_DATED})?"
    rf"(?:(?>{lx.ALLERGY_TOLD_BY})|[^\S\n]*:)[^\S\n]*$",  # the teller atomic: a run of spaces is read one way
    re.IGNORECASE,
)


#: The guest's allergy heading with its answer on its line: "Allergies: latex", "Drug allergies: Keflex, Zosyn" (group
#: 1 the heading, group ``answer``).
_ALLERGY_HEADING_ANSWERED = re.compile(
    rf"^[^\S\n]*((?:(?:known|drug|food)[^\S\n]+)?al{{1,2}}[eé]rg(?:y|ies))(?:{lx.ALLERGY_HEADING_DATED})?[^\S\n]*:"
    r"(?P<answer>[^\n]*\S[^\n]*)$",
    re.IGNORECASE,
)


def _plain_allergen_line(line: str) -> bool:
    """``line`` is nothing but a short list of allergens, each an allergen the lexicon knows (and no other word), a
    scent the lexicon knows (under an allergy heading an allergy, essential oils, as in a bulleted list there:
    "Allergies: latex\nlavender" read lavender as a liked scent), a name plainly an allergen's
    (``_plainly_an_allergen``: "sulfa", "bee stings", "amoxicillin", "cats") or a drug's brand
    name the lexicon knows (``lexicon.ALLERGY_DRUG_BRANDS``: "Zosyn", "Keflex") or written with its form
    (``_a_drug_brand``: "Advil-PM"; not any capitalised word: a review found "Prescriptions", "Notes", "Patel",
    "Eminence" read as allergies, and the walk going on into the next section's drugs),
    between commas, "&", "+", "/" or "and". Not a label ("Emergency contact: Tom Reed"), a sentence, a bracket, a
    name of two words ("Tom Reed", "Thanks Maya") or a blank line."""
    # "Keflex.", "lavender!", "cats (sneezing)": the item's full stop and how she reacts say no more than the item
    text = _reactions_dropped(line.strip().rstrip(".!;").rstrip())
    if not text or len(text) > 80 or re.search(r"[:;.!?()\[\]|\d\u2013\u2014]|-(?!\w)|(?<!\w)-", text):
        return False
    for piece in re.split(r",|&|\+|/|\band\b", text, flags=re.IGNORECASE):
        piece = piece.strip()
        if not piece:
            return False
        known = _find_matches(piece)
        if not (_only_an_allergen(piece, known) or _only_a_scent_allergen(piece, known)):
            return False  # not any capitalised word: "Prescriptions", "Notes", "Patel", "Eminence" end the list
    return True


def _only_a_scent_allergen(item: str, known: Sequence[_Match]) -> bool:
    """``item`` names scents that may be an allergy (``Term.allergen``: "lavender", "eucalyptus") and nothing else."""
    # the scent's oil ("eucalyptus oil", "lavender essential oil", "lavender EO") is the same allergy
    scents = [m for m in known if not _SCENT_OIL.fullmatch(m.text)]
    rest = item
    for m in scents:
        rest = rest.replace(m.text, " ")
    rest = _SCENT_OIL.sub(" ", rest)
    return bool(scents) and all(m.term.allergen is not None for m in scents) and not rest.strip()


#: What may follow a scent's name in an allergy list and name the same allergy: its oil ("tea tree oil", "lavender
#: essential oil", "lavender EO").
_SCENT_OIL = re.compile(r"(?<![^\W\d_])(?:essential[^\S\n]+oils?|oils?|EOs?)(?![^\W\d_])", re.IGNORECASE)


#: How she reacts to an item of a heading's answer, in brackets or after a spaced dash ("penicillin (rash)", "latex -
#: hives", "codeine (severe itching)"): one to three words of a reaction or how bad it is.
_ITS_REACTION_ASIDE = re.compile(
    # tried only where a run of spaces begins: tried inside one, 10,000 spaces took 1.8 s (each start re-read the run)
    r"(?<![^\S\n])[^\S\n]*(?:\((?P<bracket>[^()\n]{1,40})\)|[^\S\n][-\u2013\u2014][^\S\n]+(?P<dash>[^,()\n]{1,40}?))[^\S\n]*(?=,|$)"
)


def _reactions_dropped(answer: str) -> str:
    """A heading's answer without each item's reaction (``_ITS_REACTION_ASIDE``), when every word of it is a reaction's
    or how bad it is (``lexicon.SEVERITY_WORDS``, ``lexicon.REACTION_WORD``): "penicillin (rash), sulfa - hives" →
    "penicillin, sulfa". Anything else in brackets or after a dash ("(husband)", "- see chart") stays, and the answer
    is then no plain list."""

    def dropped(found: re.Match[str]) -> str:
        said = found.group("bracket") or found.group("dash") or ""
        words = re.findall(r"[\w'-]+", said.lower())
        reaction = bool(words) and (
            re.fullmatch(lx.REACTION_WORD, said.strip(), re.IGNORECASE) is not None  # "runny nose", "watery eyes"
            or all(word in lx.SEVERITY_WORDS or re.fullmatch(lx.REACTION_WORD, word, re.IGNORECASE) for word in words)
        )
        return "" if reaction else found.group()

    return _ITS_REACTION_ASIDE.sub(dropped, answer)


#: An answer of no drug allergies only ("NKDA"): the lines of allergens after it are her other allergies ("Allergies:
#: NKDA\nlavender" read a liked lavender).
_NO_DRUG_ONLY = re.compile(r"[^\S\n]*nkda[^\S\n]*[.!]?[^\S\n]*$", re.IGNORECASE)


def unfold_plain_allergen_lines(notes: str) -> str:
    """Lines of allergens with no bullet under the guest's allergy heading alone on its line, each joined to the
    heading ("Allergies:\nlatex\nKeflex, Zosyn" → "Allergies:\nAllergies: latex\nAllergies: Keflex, Zosyn"), as
    ``note_clauses.unfold_lists`` joins bulleted ones: the heading's cue did not reach the second line, and Keflex
    and Zosyn were lost. The list ends at the first line that is not plainly allergens (``_plain_allergen_line``):
    a blank line, another label, a sentence, a name ("Thanks Maya", "Emergency contact: Tom Reed")."""
    lines = notes.split("\n")
    heading: str | None = None
    for index, line in enumerate(lines):
        if heading is not None and _plain_allergen_line(line):
            lines[index] = f"{heading}: {line.strip()}"
            continue
        found = _ALLERGY_HEADING_ALONE.match(line)
        if found is None:
            # "Allergies: latex\ncodeine": a heading whose answer on its line is plainly allergens, each maybe with
            # how she reacts ("penicillin (rash)\nZosyn", "latex - hives"), goes on the same way (codeine, Zosyn were
            # lost); not "Allergies: latex\nPressure: firm", nor a longer answer ("latex - see chart", "none")
            found = _ALLERGY_HEADING_ANSWERED.match(line)
            answer = None if found is None else _reactions_dropped(found.group("answer").rstrip().rstrip(","))
            if answer is not None and not _plain_allergen_line(answer.rstrip().rstrip(",")) and not _NO_DRUG_ONLY.match(answer):
                found = None
        heading = found.group(1) if found is not None else None
    return "\n".join(lines)
