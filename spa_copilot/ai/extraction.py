"""Notes → profile without a model: clauses, lexicon matches, and the cues around them (negation, history,
someone else, allergy context, focus/avoid). Pure and deterministic for a given day: a year in a note ("stopped
Accutane in 2026") is long ago or not depending on the day it is read, which the caller passes as ``today`` (the
clock is read once, at the call, when it does not).

The text is cut into sentences and then into clauses at "but", "though", dashes and the like; a cue only
reaches the terms of its own clause. Each match then answers a few questions: is it negated ("not allergic
to latex"), in the past ("no longer pregnant", "stopped Accutane two years ago"), about someone else ("her
husband has a nut allergy"), and for allergens, is this an allergy context at all ("latex fine" is not).

The reader is four modules: ``note_clauses`` (sentences, clauses and the terms in them), ``note_questions`` (the
questions asked of each term), ``allergy_lists`` (allergies read from lists) and this one, the engine:
``extract_profile_offline`` reads a note (a form's "Yes" answers and dashes read as hyphens in further rounds), decides
each term and adds the intake's answers; ``intake_safety``, ``alerts_with_cautions``, ``normalise_safety_name`` and ``caution_site``
serve the briefings. Every public name of the reader is importable from here.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Collection, MutableMapping, Sequence
from datetime import date
from functools import lru_cache, partial
from typing import Any, Literal

from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.allergy_lists import (
    _EMPTY_ANSWERS,
    _KIND_THEN_KIND,
    _NOTHING_BUT_SEPARATOR,
    _a_drug_brand,
    _allergens_named_first,
    _allergy_in_past,
    _also_allergic,
    _in_heading_examples,
    _list_after_semicolon,
    _nothing_but_allergen,
    _only_an_allergen,
    _others_aside_holds,
    _plainly_an_allergen,
    _reaction_after_substance,
    _remark_aside,
    _semicolon_after,
    _unknown_allergens,
    _unknown_kept_away,
    other_allergens_only,
    others_on_flag_lines,
    raw_allergen_name,
    unfold_plain_allergen_lines,
    unicode_camel_split,
)
from spa_copilot.ai.forms import _checkbox, _denied_by_a_pair_label, _PairAnswer, _yes_no_boxes
from spa_copilot.ai.lexicon import Term
from spa_copilot.ai.note_clauses import (
    _BULLET,
    _SENTENCE_BOUNDARY,
    BULLET_MARK,
    MAX_SENTENCE,
    _Adder,
    _Clause,
    _Context,
    _date_stamp,
    _find_matches,
    _last_match,
    _mask,
    _Match,
    _memo,
    _quote,
    _sentence_evidence,
    _span_evidence,
    _spans,
    hers_too_alone,
    may_name_another,
    split_clauses,
    unfold_lists,
)
from spa_copilot.ai.note_questions import (
    _OTHERS_ASIDE,
    _allergen_words,
    _allergy_context,
    _answered,
    _answered_sites,
    _area_after,
    _area_before,
    _area_cue,
    _avoid_waived,
    _carried_into_a_list,
    _cue_negated,
    _eased_under_a_reaction_heading,
    _excepted,
    _how_bad_aside,
    _in_a_drink,
    _in_past,
    _list_gap,
    _listed_on_after_but,
    _names_no_pressure,
    _negated,
    _only_how_bad,
    _preference_of_other,
    _pressure_context,
    _says_not_pregnant,
    _segment,
    _site_word,
    _smell_of,
    _someone_else,
    _still_to_come,
    answer_after,
    avoid_after_state,
    caution_site,
    names_a_place,
)
from spa_copilot.ai.schemas import PROFILE_FIELDS, Evidence, GuestProfile
from spa_copilot.ai.vocabulary import (
    CAUTIONS,
    SITED_CAUTIONS,
    UNNAMED_ALLERGY,
    allergy_named,
    allergy_words,
    caution_line,
)
from spa_copilot.domain import HealthHistory

__all__ = [
    "MAX_SENTENCE",
    "alerts_with_cautions",
    "answer_after",
    "caution_site",
    "extract_profile_offline",
    "intake_safety",
    "names_a_place",
    "normalise_safety_name",
    "raw_allergen_name",
    "settle_unnamed_allergy",
    "split_clauses",
    "unfold_lists",
    "unicode_camel_split",
]


def extract_profile_offline(
    notes: str, *, intake: HealthHistory | None = None, today: date
) -> GuestProfile:
    """Extract a guest profile from free-text notes (and structured intake answers) with the lexicon. ``today`` is
    the day the notes are read on, which says whether a year in them is long ago: the spa's day at the location
    (its local date, never the machine's or the UTC date), so it has no default.

    The last ``READINGS_KEPT`` readings are remembered (the reading is pure): each poll, briefing and check read the
    same guests' notes again, a millisecond or two each time. Each call gets its own copy to change."""
    answers = None if intake is None else tuple(tuple(v) if isinstance(v, list) else v for v in intake.__dict__.values())
    return _read_profile(_Reading(notes, answers, today, intake)).model_copy(deep=True)


#: How many readings ``extract_profile_offline`` remembers (notes, intake answers and day; held in memory only).
READINGS_KEPT = 1024


@dataclasses.dataclass(frozen=True)
class _Reading:
    """What a reading depends on: the notes, the intake answers (each field's value, a list as a tuple: not their
    JSON, which a lone surrogate from a cut emoji cannot be written as) and the day."""

    notes: str
    answers: tuple[object, ...] | None
    today: date
    intake: HealthHistory | None = dataclasses.field(compare=False, hash=False)


@lru_cache(maxsize=READINGS_KEPT)
def _read_profile(reading: _Reading) -> GuestProfile:
    notes, intake, today = reading.notes, reading.intake, reading.today
    written = _square_choices_as_round(_pictographs_as_spaces(_unix_line_breaks(notes)))
    answered = _then(_then(_qa_marks_dropped(written), written, _yes_answers_dropped), written, _allergens_apart)
    notes = _fields_on_own_lines(written if answered is None else answered[0])
    notes = unfold_plain_allergen_lines(_allergy_kinds_apart(unfold_lists(notes)))
    found = _read_notes(notes, intake, today)
    _read_table_cells(notes, today, found)
    hyphened = _dashes_as_hyphens(notes)
    if hyphened is not None:
        _add_cautions_read_with_hyphens(found, notes, hyphened, today)
    _add_cautions_read_in_round_brackets(found, notes, today)
    if answered is not None:
        for values in found.values():  # the evidence in the note's own words, its "Yes" and all
            for value, evidence in values.items():
                values[value] = _evidence_in(written, *answered, evidence)
    _allergens_in_meds_after_a_yes(written, found["allergies"])
    _ask_about_unnamed_allergies(written, found["allergies"])
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

    clauses = _clauses(notes)
    memo: dict[tuple[str, int], bool] = {}
    level_limits: dict[str, tuple[str, str]] = {}
    sites: dict[str, str] = {}  # areas named as a current surgery's or injectable's site (``_surgery_sites``)
    by_sentence: dict[int, list[_Clause]] = {}
    first_of: dict[int, int] = {}  # each sentence's first clause's index
    for index, clause in enumerate(clauses):
        by_sentence.setdefault(clause.sentence, []).append(clause)
        first_of.setdefault(clause.sentence, index)
    running: tuple[_Clause, re.Match[str]] | None = None  # an allergy list's first clause and cue, while ";" carries it on
    reactions: list[tuple[str, str, str]] = []  # "Penicillin - rash": added after every clause is read
    for index, clause in enumerate(clauses):
        context = _Context(
            previous=clauses[index - 1] if index else None,
            sentence=by_sentence[clause.sentence],
            statement=_statement(notes, clauses, index, first_of),
            today=today,
            memo=memo,
            level_limits=level_limits,
            carried=running is not None and _one_item_told(by_sentence[clause.sentence], clause),
        )
        _surgery_sites(notes, clause, context, sites)
        for match in clause.matches:
            if not _already_found(match.term, found):
                _decide(notes, clause, match, partial(_noting_an_allergy, add, match), context)
        if "pregnancy" not in found["contraindications"]:
            _pregnancy_by_weeks(notes, clause, context, add)
        if running is not None and not (len(context.sentence) == 1 and _list_after_semicolon(notes, *running, clause, add)):
            running = None  # "Allergies: penicillin; sulfa – outgrown": a sentence of more clauses ends the list
        cue = _unknown_allergens(notes, clause, context, add)
        if cue is not None:
            running = (clause, cue)
        if running is not None and not _semicolon_after(notes, clauses, index):
            running = None
        _allergens_named_first(notes, clause, context, add)
        _unknown_kept_away(notes, clause, context, add)
        # read last: an allergy said elsewhere keeps that evidence ("Penicillin - rash. … Penicillin allergy:
        # anaphylaxis" stays SEVERE; read in note order, the mild item's evidence came first and the briefing lost it)
        _reaction_after_substance(notes, clause, context, lambda *found: reactions.append(found))
        if found["allergies"]:
            _also_allergic(clauses, index, add)
        _resolve_anaphora(notes, clauses, index, add)
    for reaction in reactions:
        add(*reaction)
    others_on_flag_lines(notes, clauses, found["allergies"], add)  # "latex, penicillin": the penicillin too
    for clause in clauses:  # a scent read as an allergy is no preference too ("Allergies: latex • codeine • eucalyptus")
        for match in clause.matches:
            if match.read_as_allergy:
                found["scent"].pop(match.term.value, None)
    _her_label_allergens(notes, add)
    if found["allergies"]:  # a correction of an allergy read as hers (not "Husband allergic to nuts. Correction: …")
        _corrected_allergens(notes, add)
    for site, evidence in sites.items():  # a current surgical site is kept clear, whatever else the notes say of it
        found["focus_areas"].pop(site, None)
        add("avoid_areas", site, evidence)
    _nothing_but(notes, add)
    _expecting_answered_yes(notes, today, add)
    if intake is not None:
        _add_intake(intake, add)
    _level_limits_against_pressure(level_limits, found, add)
    return found


#: A couples' note saying whose profile it is: "This profile = her", "profile is for Mom", "Profile: him" (group
#: ``who``).
_PROFILE_HOLDER = re.compile(
    r"\bprofile[^\S\n]*(?:[:=]|[-–—]|is(?:[^\S\n]+for)?|belongs[^\S\n]+to)[^\S\n]*"
    r"(?:(?:her|his|the)[^\S\n]+)?(?P<who>\w+)",
    re.IGNORECASE,
)
#: The word before "profile": "HIS profile", "Mr. Patel's profile", "husband's profile", "this profile" (group ``who``).
_PROFILE_OF = re.compile(r"\b(?P<who>\w+)(?:['’]s)?[^\S\n]+profile\b", re.IGNORECASE)
#: Who a note's "Her:" line is about when the note names the profile as hers ("this profile", "the profile",
#: "client profile", "her profile", "This profile = her").
_PROFILE_HERS = frozenset({"her", "hers", "she", "guest", "client", "this", "the", "a", "on", "in", "per", "to", "own"})


def _profile_is_hers(notes: str) -> bool:
    """No one but her named as the profile's holder: "HIS profile", "Profile: him", "Mr. Patel's profile",
    "husband's profile", "this profile: Dad" make a "Her:" line another's (rev52d)."""
    return all(
        said.group("who").lower() in _PROFILE_HERS
        for pattern in (_PROFILE_HOLDER, _PROFILE_OF)
        for said in pattern.finditer(notes)
    )


#: A table's header cell whose column holds allergies or health ("Allergies", "Medical", "Meds", "Conditions").
_HEALTH_COLUMN = re.compile(
    r"(?:known[^\S\n]+|drug[^\S\n]+|food[^\S\n]+)?al{1,2}[eé]rg\w*|medical(?:[^\S\n]+(?:hx|history|notes?|conditions?))?"
    r"|meds|medications?|conditions?|health(?:[^\S\n]+(?:notes?|history|conditions?))?|contraindications?",
    re.IGNORECASE,
)
#: A checklist table's answer column: "Yes", "No", "Y/N", "Details", "Answer", "Notes", "Comments".
_ANSWER_COLUMN = re.compile(r"y(?:es)?|no?|y/n|yes/no|details?|answers?|notes?|comments?|response", re.IGNORECASE)
#: A header cell: a label of words only ("Name", "DOB", "Allergies", "Medical hx").
_HEADER_CELL = re.compile(r"[^\W\d_][\w/.#' -]{0,30}")


#: A header cell saying the table holds visits or people ("Date", "Visit", "Relationship", "Relation", "Who",
#: "Member", "Guest"): its rows may be past visits or another person's, so no cell is read (rev52d).
_VISITS_OR_PEOPLE_COLUMN = re.compile(
    r"(?:visit[^\S\n]+)?dates?|visits?|appt\.?|appointments?|relationship|relation|rel\.?|who|members?|guests?|"
    r"family|services?|dos",
    re.IGNORECASE,
)
#: A row's cell naming a relative or anyone but her ("Mom (Linda)", "Spouse (J. Dubois)", "Daughter (Amy)").
_ROW_NAMES_ANOTHER = re.compile(
    r"\b(?:husband|wife|spouse|partner|boyfriend|girlfriend|mother|mom|mum|father|dad|sister|brother|daughter|son"
    r"|child|kid|friend|grand\w+|aunt|uncle|niece|nephew|guest|self|him|he|his)\b",
    re.IGNORECASE,
)
#: A markdown table's rule under its header: "|---|:---:|".
_TABLE_RULE = re.compile(r"[\s|:\-–—=+]*")


def _read_table_cells(notes: str, today: date, found: dict[str, dict[str, str]]) -> None:
    """A pipe export of ONE record with a header row ("Name|DOB|Allergies|Medical" then "C. Dubois|1981-04-02|
    Penicillin; sulfa|High blood pressure (on meds)"): the row's cell under an allergies or health column is read as
    that field's line ("Allergies: Penicillin; sulfa"; lex52b: the row's allergies were lost). Only a table of exactly one
    data row, with no date, visit or relationship column and no relative named in the row: a table of many rows is
    visits or people, one of them maybe not her, now (rev52d: "Jane|n/a / Tom|latex" read Tom's latex). Each table is
    read once, its rows skipped after (rev52d: a header on every line re-read 50 rows each, 8-18 s). Adds only."""
    if "|" not in notes:
        return
    lines = notes.split("\n")
    at = 0
    while at < len(lines):
        header = [cell.strip() for cell in lines[at].strip().strip("|").split("|")]
        at += 1
        if len(header) < 2 or not all(_HEADER_CELL.fullmatch(cell) for cell in header):
            continue
        rows = []
        while at < len(lines):
            if "|" in lines[at] and _TABLE_RULE.fullmatch(lines[at]):
                at += 1
                continue
            cells = [cell.strip() for cell in lines[at].strip().strip("|").split("|")]
            if len(cells) != len(header):
                break
            rows.append(cells)
            at += 1
        if len(rows) != 1 or any(_ANSWER_COLUMN.fullmatch(cell) for cell in header):
            continue  # many rows (visits, people), or a checklist's table ("Condition | Yes | No"): read as before
        if any(_VISITS_OR_PEOPLE_COLUMN.fullmatch(cell) for cell in header):
            continue
        (row,) = rows
        if any(_ROW_NAMES_ANOTHER.search(cell) for cell in row):
            continue
        # a record's columns, not its first (the row's label: "Condition | …")
        for i, cell in enumerate(header):
            if not i or not row[i] or not _HEALTH_COLUMN.fullmatch(cell):
                continue
            label = "Allergies" if re.match(lx.ALLERGY_WORD, cell, re.IGNORECASE) else "Medical"
            again = _read_notes(f"{label}: {row[i]}", None, today)
            for field in ("allergies", "contraindications"):
                for value in again[field]:
                    found[field].setdefault(value, row[i])


#: A couples' note's line for her or the guest, naming allergens only: "Her: latex.", "Guest: latex, nuts" (groups
#: ``who``, ``items``).
_HER_LABEL_LINE = re.compile(
    r"(?:^|(?<=[.;\n]))[^\S\n]*(?P<who>her)[^\S\n]*:[^\S\n]*(?P<items>[^.;:\n|()]{1,80}?)[^\S\n]*(?=[.;\n]|$)",
    re.IGNORECASE | re.MULTILINE,
)


def _her_label_allergens(notes: str, add: _Adder) -> None:
    """"Her: latex. Him: none." on a couples' booking: her line names her allergies, when it names nothing but
    allergens (``_nothing_but_allergen``: no scent, oil or other word), and only when the note names no one else as
    the profile (``_profile_is_hers``: "HIS profile", "Profile: him", "this profile: Dad" make her line another's).
    Not "Guest:": a bridal party's or a member's guests are others (rev52d withdrew it)."""
    if "her" not in notes.lower() or not _profile_is_hers(notes):
        return
    for line in _HER_LABEL_LINE.finditer(notes):
        allergens = [_nothing_but_allergen(item.strip()) for item in _NOTHING_BUT_SEPARATOR.split(line.group("items"))]
        if allergens and None not in allergens:
            for allergen in allergens:
                add("allergies", str(allergen), line.group().strip())


#: A correction that names what the allergy is to: "02/04 correction: it's the almond oil, coconut is fine",
#: "Corrected: actually the walnut oil" (group ``item``: the words up to a mark or a spaced dash).
_CORRECTED_TO = re.compile(
    r"\bcorrect(?:ion|ed)\b[^\S\n]*[:\-–—,]?[^\S\n]*(?:it['’]?s|it[^\S\n]+(?:is|was)|actually|should[^\S\n]+be)"
    r"(?:[^\S\n]+(?:actually|really))?[^\S\n]+(?:(?:the|her)[^\S\n]+)?"
    r"(?P<item>[^\W\d_][^,.;:!?()\n]{0,40}?)[^\S\n]*(?=[,.;!)\n]|$|[^\S\n]+[-–—])",
    re.IGNORECASE,
)
#: The lexicon's allergens, oils among them, a correction may name.
_CORRECTION_TERMS = tuple(term for term in lx.TERMS if term.kind == "allergen")


#: After a correction's item, words saying it is no allergy of hers: "it's the almond oil - she loves it", "it's coconut
#: - not allergic, just dislikes the smell", "it's the peanut oil - husband" (rev52d).
_CORRECTION_NOT_HERS = re.compile(
    r"\b(?:loves?|likes?|enjoys?|prefers?|dislikes?|hates?|smells?|scents?|not[^\S\n]+(?:an?[^\S\n]+)?allerg\w*"
    r"|no[^\S\n]+allerg\w*|isn['’]?t|not[^\S\n]+hers|husband|wife|spouse|partner|boyfriend|girlfriend|mother|mom|mum"
    r"|father|dad|sister|brother|daughter|son|child|kid|friend|his|him|he)\b",
    re.IGNORECASE,
)


def _corrected_allergens(notes: str, add: _Adder) -> None:
    """A correction after an allergy read as hers, naming the allergen it is to: "12/03: allergic to coconut oil — 02/04
    correction: it's the almond oil, coconut is fine" is an almond (nut oil) allergy (lex52b: read the coconut only,
    which stays). Only when the item is nothing but one allergen ("it was her MOM who's allergic", "it's not the almond
    oil" name none) and nothing after it on its line says it is no allergy of hers (``_CORRECTION_NOT_HERS``)."""
    for said in _CORRECTED_TO.finditer(notes):
        if not re.search(lx.ALLERGY_WORD, notes[: said.start()], re.IGNORECASE):
            continue
        end = notes.find("\n", said.end())
        if _CORRECTION_NOT_HERS.search(notes, said.end(), len(notes) if end < 0 else end):
            continue
        item = said.group("item").strip()
        allergen = next(
            (term.value for term in _CORRECTION_TERMS if re.fullmatch(term.pattern, item, re.IGNORECASE)), None
        ) or _nothing_but_allergen(item)
        if allergen:
            add("allergies", str(allergen), said.group().strip())


def _clauses(notes: str) -> list[_Clause]:
    """The note's clauses with their terms. A clause that says only that the guest has it too ("Husband allergic to
    nuts - her too!", ``hers_too_alone``) makes the one before it hers as well: no person there is read as the one
    it is about (``_mask``)."""
    split = split_clauses(notes)
    hers_too = [
        index + 1 < len(split) and may_name_another(split[index][2]) and hers_too_alone(split[index + 1][2])
        for index in range(len(split))
    ]
    return [
        _Clause(
            sentence,
            offset,
            text,
            matches,
            _mask(text, matches, hers_too=too),
            stamp=_date_stamp(notes, offset, text, matches),
        )
        for (sentence, offset, text), too in zip(split, hers_too, strict=True)
        for matches in [_find_matches(text)]
    ]


def _noting_an_allergy(add: _Adder, match: _Match, field: str, value: str, evidence: str) -> None:
    """``add``, noting on ``match`` that a scent it names was read as an allergy (``_Match.read_as_allergy``)."""
    if field == "allergies" and value == match.term.allergen:
        match.read_as_allergy = True
    add(field, value, evidence)


#: Where a field set apart by a tab starts: the first blank of a run of blanks holding a tab ("Roe \tAllergies: yes",
#: "Notes\t\tAllergies: yes"), not each blank of it (from each of 10,000 tabs a pattern read the rest of the run).
_TAB_RUN = r"(?<![^\S\n])(?=[^\S\n]*\t)"


def _possessive(pattern: str) -> str:
    r"""``pattern`` with its runs of blanks (``[^\S\n]*``, ``[^\S\n]+``) possessive: never given back once taken."""
    return pattern.replace(r"[^\S\n]*", r"[^\S\n]*+").replace(r"[^\S\n]+", r"[^\S\n]++")


#: A list of bullets on the lines below a yes, its answer ("Allergies: yes⏎- latex⏎- Zosyn", "Allergies: yes⏎⏎+ latex"),
#: each with the mark a heading's list may have (``note_clauses.BULLET_MARK``), maybe after one blank line.
_BULLETS_BELOW = re.compile(rf"[^\S\n]*\n(?:[^\S\n]*\n)?[^\S\n]*{BULLET_MARK}[^\S\n]+[^\W\d_]")
#: An intake form's "Yes" that answers its allergy heading before the list: "Allergies: Yes, penicillin, sulfa",
#: "Allergies: Yes; latex", "ALLERGIES: YES - see chart", "Allergies: Yes (mild), seasonal" (group ``yes``, with the
#: comma, semicolon, colon or dash after it), a question's "Any allergies? Yes, latex", "Do you have any allergies?:
#: Yes, latex" (group ``qyes``; the latex was lost), "Allergies - Yes: penicillin" (group ``dash_yes``, up to the colon).
#: Not a form's "? Y - " (tried on 5 Dec: a list of reactions after it, "Allergies: Y - Advil - hives and bee stings
#: - rash", then lost an allergen the base read).
#: Not a "Yes" alone on its line ("Allergies: yes", "Allergies: yes | Avoid: nuts"; but one with bullets below it,
#: group ``bulleted``: "Allergies: yes⏎- latex⏎- Zosyn" lost both) nor a question's ("Allergies?:").
#: A form's "Yes" on its own line then the line that asks for the list ("Allergies: Yes⏎If yes, list: latex", "Any
#: allergies? Yes⏎If so, please specify: …"; group ``listed``, up to that line's colon): read as "Allergies: latex".
#: A form's "Yes" (or "Y", any case) then the field that asks what it is to, after a space, two, "|", ";", ",", "/",
#: a dash or a line break (group ``detail``, up to that field's colon): "Allergies: yes | To what: latex", "Allergies:
#: yes Drug: codeine", "Allergies yes; specify: nuts" read as "Allergies: latex" (they read nothing: the "yes" was no
#: allergen and the detail's label no list's head). The heading's colon may be left out ("Allergies yes; …").
#: An allergy field's heading word, maybe joined to another ("Allergies/Sensitivities", "Allergies & intolerances").
_ALLERGY_FIELD_WORD = (
    r"(?:allerg(?:y|ies)(?:[^\S\n]*(?:/|&|and|or)[^\S\n]*(?:sensitivit(?:y|ies)|intoleranc(?:e|es)|reactions?))?"
    r"|allergic[^\S\n]+to)"
)
_DETAIL_LABEL = (
    r"(?:if[^\S\n]+(?:yes|so)\b[^\S\n]*,?[^\S\n]*)?(?:please[^\S\n]+)?"
    r"(?:to[^\S\n]+what|what[^\S\n]+to|which(?:[^\S\n]+ones?)?|what|specify|list|details?|describe|name|type|kind"
    r"|drugs?|substances?|allergens?|items?|triggers?|notes?|comments?|remarks?)"
)
_YES_THEN_DETAIL = (
    r"(?:yes|y)\b[.!]?(?:[^\S\n]*[,;:|/][^\S\n]*|[^\S\n]+[-\u2013\u2014]+[^\S\n]+|[^\S\n]*\n[^\S\n]*|[^\S\n]+)"
    rf"{_DETAIL_LABEL}\b[^\S\n]*"
)
#: Not a detail answered none: "Latex allergy: yes Details: none" read as "Latex allergy: none" lost the latex.
_ANSWERED_NONE = rf"[^\S\n]*(?:no|{lx.NONE_WORDS}|nothing|-+)(?![^\S\n]?\w)"  # alone, or before another field
_NO_DETAIL = rf"(?!{_ANSWERED_NONE})"
#: Nor a yes before any other field answered none ("Latex allergy: yes, Notes: none" lost the latex to the notes' none).
#: Only a field a form has there (a detail's, the notes', a reaction's, another kind's, her meds'), right after the yes:
#: "Yes, seasonal pollen<TAB>Conditions: none" is a list before another field.
_NOT_BEFORE_A_FIELD_ANSWERED_NONE = (
    rf"(?![^\S\n]*(?:{_DETAIL_LABEL}|reactions?|severity|other|food|injur(?:y|ies)|prescriptions?|supplements?|avoid"
    rf"|conditions?|meds?|medications?|medicines?)\b[^\S\n]*[:?]{_ANSWERED_NONE})"
)
#: A form's field of medications: "Meds:", "Medication:", "Current medications?".
_MEDS_WORDS = r"(?:current[^\S\n]+)?(?:meds?|medications?|medicines?)"
_MEDS_LABEL = rf"{_MEDS_WORDS}[^\S\n]*[:?]"
#: A drug allergy's heading, right before its allergy word: "Drug allergies", "Medication allergy", "Med-allergies".
_DRUG_HEAD = "".join(
    f"(?<={word}{gap})" for word in ("drug", "drugs", "med", "meds", "medication", "medications") for gap in (" ", "-")
).replace(")(?<=", ")|(?<=")
#: Not another field's label after a yes and a space ("Allergies: yes Oils: lavender", "yes Avoid: none"), but for an
#: allergen and its reaction ("Allergy: yes penicillin: hives", read as after "yes, ").
_REACTION_OR_SEVERITY = rf"(?i:{lx.REACTION_WORD}|{'|'.join(sorted(lx.SEVERITY_WORDS))})\b"
_NOT_A_LABEL = rf"(?![^\W\d_][\w'’/-]*(?:[^\S\n]+[^\W\d_][\w'’/-]*){{0,2}}[^\S\n]*:(?![^\S\n]*{_REACTION_OR_SEVERITY}))"
#: Its runs of blanks are possessive (``_possessive``): what follows each is no blank, so giving blanks back never
#: found another answer, and trying it was quadratic ("Allergies: yes," + 10,000 tabs + "Notes: none" took 24 s).
_YES_ANSWER = re.compile(_possessive(
    # the heading's colon kept, the detail's dropped: "Allergies: latex"; without one, the detail's kept
    rf"\b{_ALLERGY_FIELD_WORD}[^\S\n]*[:?][^\S\n]*(?P<detail>{_YES_THEN_DETAIL}[:?]{_NO_DETAIL}[^\S\n]*)"
    rf"|\b{_ALLERGY_FIELD_WORD}(?P<bare_detail>[^\S\n]+{_YES_THEN_DETAIL})(?=[:?]{_NO_DETAIL})"
    # a drug allergy's yes, then its medication field, which says what the allergy is to: "Drug allergies: yes,
    # Medication: sulfa" read as "Drug allergies: sulfa" (it read an allergen "medication"); not one answered no
    rf"|(?:{_DRUG_HEAD})allerg(?:y|ies)[^\S\n]*[:?][^\S\n]*"
    rf"(?P<drug_detail>{_YES_THEN_DETAIL.replace(_DETAIL_LABEL, _MEDS_WORDS)}[:?][^\S\n]*)"
    r"(?!(?:no|none|nil|n/a|n)\b)"
    r"|"
    # not a "yes" a form's next known field follows: that field answers itself ("Latex allergy: yes, Meds: no" read
    # as "Latex allergy: Meds: no" denied the latex); but a meds field not answered no after an allergy's yes is read
    # as its list ("Nut allergy: yes, Meds: latex", "Allergies: yes, Medication: lavender oil": keeping this yes lost
    # those allergens under any heading but a bare "Allergies"; the label is no allergen, ``_MEDS_LABEL_WORDS``)
    rf"\b{_ALLERGY_FIELD_WORD}(?:(?:[^\S\n]*:[^\S\n]*(?P<yes>(?:yes(?:[^\S\n]+(?=[^\W\d_]){_NOT_A_LABEL}|[^\S\n]*(?:[,;:.][^\S\n]*|[-\u2013\u2014]+[^\S\n]*|(?=\()))|y[^\S\n]*[,;][^\S\n]*)+)"
    # a question's yes only before a comma, semicolon or colon ("Any allergies? Yes, latex"; not "? Yes - codeine: ok
    # + … + latex", whose list of reactions then lost the latex), nor before her medications ("Any allergies? Yes,
    # Meds: Zoloft" is no allergy to Zoloft)
    rf"|[^\S\n]*\?[^\S\n]*:?[^\S\n]*(?P<qyes>yes(?:[^\S\n]*[,;:.][^\S\n]*|[^\S\n]+(?=[^\W\d_]){_NOT_A_LABEL}))(?!{_MEDS_LABEL}))"
    r"(?![^\S\n]*(?!(?:meds?|medications?)[^\S\n]*[:?](?![^\S\n]*(?:no|none|nil|n/a|n)\b))"
    rf"{lx.KNOWN_FORM_FIELD_LABEL}){_NOT_BEFORE_A_FIELD_ANSWERED_NONE}"
    # a yes whose list follows as bullets on the lines below: "Allergies: yes⏎- latex⏎- Zosyn" read as "Allergies:⏎- latex…"
    rf"|[^\S\n]*[:?][^\S\n]*(?P<bulleted>(?:yes|y)[.!]?)(?={_BULLETS_BELOW.pattern})"
    r"|[^\S\n]*[:?][^\S\n]*(?P<listed>yes[^\S\n]*\n[^\S\n]*if[^\S\n]+(?:yes|so)\b[^\S\n]*[,:]?[^\S\n]*(?:please[^\S\n]+)?"
    r"(?:list|specify|describe|explain|name|details?)\b[^:\n]{0,20}:[^\S\n]*)"
    r"|(?P<dash_yes>[^\S\n]*[-\u2013\u2014]+[^\S\n]*yes[^\S\n]*)(?=:))",
),
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


#: An intake form's export of a question and its answer: "Q: Do you have any allergies? A: penicillin, sulfa drugs",
#: "Question 3: Allergies? Answer: bee stings", "Q: Allergies?⏎A: latex". The question's mark opens a line (group
#: ``q``), the answer's mark (group ``a``, maybe at the next line's start) is the first after it; the single letters in
#: capitals only ("a: …" is no answer's mark). Not an answer opening with a yes with no list on its line, nor one
#: opening with a no, read as the marks stand (as before lex51b): "Q: Allergies? A: Yes⏎Latex,
#: penicillin" (or "A: Yes - see below⏎…") read the latex alone without them, "Q: Allergies? A: nope" a "nope" allergy.
_QA = re.compile(
    r"(?m)^(?P<q>[^\S\n]*(?:Q|(?i:question))(?:[^\S\n]*\d{1,3})?[^\S\n]*[:.)][^\S\n]*)"
    # the question ends on a mark or a letter, never inside a run of spaces (each space of "Q: Allergies?" and
    # 20,000 more was tried as its end: seconds; rev51f)
    r"(?P<question>[^\W\d_][^\n]*?)(?<=\S)"
    r"(?P<a>(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+|(?<=\?))(?:A|(?i:answer|ans))(?:[^\S\n]*\d{1,3})?[^\S\n]*[:.)][^\S\n]*)"
    r"(?=\S)(?!(?i:yes|y|yep|yup|yeah|yea|ya)\b[^,;\n]*$)"
    # an answer opening with a no ("A: Nope, none", "A: nah, I'm good", "A: No, but …") is read as the marks stand, as
    # on a8bb0923 (rev51f: "nope", "nah", "good" were read as allergens)
    r"(?!(?i:no|n|nope|nah|none|nil|na)\b)"
    # a casual yes, "just" or "only" before the list is no allergen's name ("A: yup, almonds", "A: Yeah, latex", "A:
    # just seasonal, and latex" read "yup", "yeah", "just seasonal"): left off
    r"(?P<casual>(?i:yep|yup|yeah|yea|ya|just|only)\b[^\S\n]*[,;:.!\-\u2013\u2014]*[^\S\n]*)?"
)
#: A question about someone else ("Does your partner have any allergies?", "Does anyone in your household …?"): its
#: marks stand, read as before lex51b.
_QA_ABOUT_OTHERS = re.compile(
    rf"{lx.OTHER_PERSON.pattern}|\b(?:anyone|anybody|someone|household|family|child(?:ren)?|kids?|spouse|pets?)\b",
    re.IGNORECASE,
)


def _qa_marks_dropped(notes: str) -> tuple[str, list[int]] | None:
    """``notes`` without the marks of an intake form's questions and answers (``_QA``), so "Q: Do you have any
    allergies? A: penicillin, sulfa drugs" reads as "Do you have any allergies? penicillin, sulfa drugs" does (it read
    no allergy, the lexicon's allergens aside), and "Q: Preferred pressure? A: Light" as "Preferred pressure? Light";
    an answer on the next line joins its question's. Not a question about someone else (``_QA_ABOUT_OTHERS``: "Does
    your partner have any allergies?"), read as written. A question with no "?" or ":" of its own gets a colon ("Q:
    Allergies A: latex" reads "Allergies: latex"). With where each character stands in ``notes``; ``None`` when the
    note has no such question."""
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for found in _QA.finditer(notes):
        if _QA_ABOUT_OTHERS.search(found.group("question")):
            continue  # "Q: Does your partner have any allergies? A: shellfish": the marks stand, as before lex51b
        pieces.append(notes[last : found.start("q")])
        where.extend(range(last, found.start("q")))
        pieces.append(found.group("question"))
        where.extend(range(found.start("question"), found.end("question")))
        joint = " " if found.group("question").rstrip().endswith(("?", ":")) else ": "
        pieces.append(joint)
        where.extend([found.start("a")] * len(joint))
        last = found.end()  # past the answer's mark, and a casual yes after it
    if last == 0:
        return None
    pieces.append(notes[last:])
    where.extend(range(last, len(notes)))
    return "".join(pieces), where


def _then(
    first: tuple[str, list[int]] | None, notes: str, rewrite: Callable[[str], tuple[str, list[int]] | None]
) -> tuple[str, list[int]] | None:
    """``first`` (``notes`` rewritten, or ``None``) rewritten again by ``rewrite``, with where each of its characters
    stands in ``notes``; ``None`` when neither rewrote anything."""
    text, where = first if first is not None else (notes, list(range(len(notes))))
    second = rewrite(text)
    if second is None:
        return first
    return second[0], [where[index] for index in second[1]]


#: An allergy heading at a line's start ("Allergies", "Food allergy", "- allergies"), and its answer to the line's or
#: the sentence's end: ``colon`` when the heading has none ("allergies latex cats").
_ALLERGY_ANSWER = re.compile(
    r"(?m)^(?P<head>[^\S\n]*(?:[-*\u2022][^\S\n]+)?(?:(?:known|food|drug)[^\S\n]+)?allerg(?:y|ies))"
    r"(?:(?P<colon>[^\S\n]+)|[^\S\n]*[:\u2013\u2014-][^\S\n]*)(?P<answer>[^\W\d_][^\n|.;?]*)",
    re.IGNORECASE,
)
#: What "allergic to" names, to the sentence's end ("allergic to latex cats and dust").
_ALLERGIC_TO = re.compile(r"\ballergic[^\S\n]+to[^\S\n]+(?P<answer>[^\n|.;?!]+)", re.IGNORECASE)
#: A bare line of a substance and how she reacts ("guinea pigs cats - sneezing"): group ``name``.
_NAME_THEN_REACTION = re.compile(
    # the name ends on a letter, so the spaces after it are the next part's alone (shared, a line of 10,000 spaces
    # was re-read at each split of the run: 1 s)
    rf"(?m)^[^\S\n]*(?:[-*\u2022][^\S\n]+)?(?P<name>[^\W\d_](?:(?:[^\W\d_']|[^\S\n])*?[^\W\d_'])?)[^\S\n]*"
    rf"(?:[-\u2013\u2014:]+[^\S\n]*|\([^\S\n]*)(?i:{lx.REACTION_WORD})\b"
)
#: Between the items of an allergy answer, or between an item and its reaction or remark.
_ANSWER_ITEM_SEPARATOR = re.compile(r"[,/&+\u2022\u00b7()\t]|[^\S\n][-\u2013\u2014]+[^\S\n]|\b(?:and|or)\b", re.IGNORECASE)
_ALLERGEN_PATTERNS = tuple(rx for term, rx in lx.COMPILED if term.kind == "allergen" or term.allergen)


def _an_allergens_name(words: list[str]) -> bool:
    """``words`` name an allergen: a lexicon's ("latex", "tree nuts", "lavender"), a plain one ("cats", "guinea pigs",
    "penicillin": ``_plainly_an_allergen``) or a drug's brand the lexicon knows ("Keflex")."""
    phrase = " ".join(words)
    lowered = [word.lower() for word in words]
    return (
        any(rx.fullmatch(phrase) for rx in _ALLERGEN_PATTERNS)
        or _plainly_an_allergen(lowered)
        or (len(words) == 1 and lowered[0] in lx.ALLERGY_DRUG_BRANDS)
    )


def _names_apart(words: list[str]) -> list[int] | None:
    """Where, between ``words``, one allergen's name ends and the next one's begins ("guinea pigs cats": [2]), each the
    longest name (of three words at most) from the left; ``None`` when some words name no allergen."""
    cuts, at = [], 0
    while at < len(words):
        size = next((size for size in (3, 2, 1) if at + size <= len(words) and _an_allergens_name(words[at : at + size])), 0)
        if not size:
            return None
        at += size
        cuts.append(at)
    return cuts[:-1]


def _allergens_apart(notes: str) -> tuple[str, list[int]] | None:
    """``notes`` with a colon after an allergy heading that has none when its answer's first item names nothing but
    allergens ("allergies latex cats": read nothing), and a comma between allergens an answer or a reaction's line names with
    only a space between ("Allergies: latex cats" lost the cats; "guinea pigs cats - sneezing" read one allergen,
    "guineaPigsCats"); with where each character stands in ``notes``. ``None`` when there is nothing to write."""
    inserts: list[tuple[int, str]] = []
    for found in _ALLERGY_ANSWER.finditer(notes):
        start = found.start("answer")
        pieces = _split_items(found.group("answer"), start)
        if found.group("colon") is not None:
            if not pieces or _names_apart(pieces[0][1]) is None:
                continue  # its first item names an allergen (the list reader reads the rest): "allergies latex, loves lavender"
            inserts.append((found.end("head"), ":"))
        inserts += _commas_between(pieces)
    for found in _NAME_THEN_REACTION.finditer(notes):
        inserts += _commas_between(_split_items(found.group("name"), found.start("name")))
    for found in _ALLERGIC_TO.finditer(notes):  # "Client allergic to latex cats and dust" lost the cats
        inserts += _commas_between(_split_items(found.group("answer"), found.start("answer")))
    if not inserts:
        return None
    pieces_out: list[str] = []
    where: list[int] = []
    last = 0
    for at, text in sorted(set(inserts)):
        pieces_out.append(notes[last:at])
        where.extend(range(last, at))
        pieces_out.append(text)
        where.extend([max(at - 1, 0)] * len(text))
        last = at
    pieces_out.append(notes[last:])
    where.extend(range(last, len(notes)))
    return "".join(pieces_out), where


def _split_items(answer: str, base: int) -> list[tuple[list[int], list[str]]]:
    """The items of ``answer`` (at ``base`` in the note), each as its words' ends in the note and its words."""
    items = []
    position = 0
    for piece in _ANSWER_ITEM_SEPARATOR.split(answer):
        at = answer.find(piece, position) if piece else position
        position = at + len(piece)
        words = [(base + at + word.end(), word.group()) for word in re.finditer(r"\S+", piece)]
        if words:
            items.append(([end for end, _ in words], [word for _, word in words]))
    return items


def _commas_between(items: list[tuple[list[int], list[str]]]) -> list[tuple[int, str]]:
    """A comma after each allergen's name that another follows in the same item ("latex cats" → "latex, cats")."""
    inserts = []
    for ends, words in items:
        cuts = _names_apart(words) if len(words) > 1 else None
        inserts += [(ends[cut - 1], ",") for cut in cuts or []]
    return inserts


#: A form's allergy field answered a bare "yes" (its heading no allergen's own: "Allergies", "Known allergies"), then
#: with no list the field of her medications (``answer``: up to the line's or record field's end).
_MEDS_AFTER_AN_ALLERGY_YES = re.compile(
    rf"(?:^|(?<=[\n|•])|{_TAB_RUN})[^\S\n]*(?:(?:any|known|other)[^\S\n]+)?allerg(?:y|ies)[^\S\n]*[:?][^\S\n]*"
    r"(?:yes|y)\b[.!]?"
    r"(?:[^\S\n]*[,;:|/][^\S\n]*|[^\S\n]+[-\u2013\u2014]+[^\S\n]+|[^\S\n]*\n[^\S\n]*|[^\S\n]+)"
    rf"{_MEDS_LABEL}(?P<answer>[^\n|\t•]*)",
    re.IGNORECASE,
)
#: Where a medications answer ends: at the next field a form asks ("Medication: almond oil  Latex allergy: no"), at
#: any other label ("Notes: uses almond oil at home") and at a wish ("none, loves almond oil": a liked oil).
_NEXT_FIELD = re.compile(
    rf"(?:^|(?<=[\s,;/]))(?:(?={lx.KNOWN_FORM_FIELD_LABEL})|(?=[a-z][a-z ]{{0,20}}:)"
    r"|(?=(?:loves?|likes?|prefers?|wants?|enjoys?|uses?)\b))",
    re.IGNORECASE,
)
#: A medications answer that says she takes none: nothing after it is hers ("Meds: none, loves almond oil").
_NO_MEDS = re.compile(rf"[^\S\n]*(?:no|{lx.NONE_WORDS}|nothing)\b", re.IGNORECASE)
#: The meds field's own label read as an allergen where its yes was dropped ("Allergies: Medication: almond oil").
_MEDS_LABEL_WORDS = frozenset({"med", "meds", "medication", "medications", "medicine", "medicines"})


def _allergens_in_meds_after_a_yes(notes: str, allergies: dict[str, str]) -> None:
    """"Allergies: yes, Medication: almond oil": the allergy is answered yes and named nowhere, and the next field
    lists what she takes. Those are her medications, so a drug there is no allergy ("Allergies: Y, Meds: penicillin"
    reads none: she takes it); but an allergen the spa's vocabulary knows as one it may put on her skin (nut oil,
    latex, lanolin, aloe, ...) named there is added as an allergy, the safe side for a massage: a caution too many
    costs a question, one too few a reaction. However the two fields are set apart (", ", two spaces, " | ", a line
    break) they read the same. Evidence: the two fields in the note's own words."""
    for label in _MEDS_LABEL_WORDS & allergies.keys():
        if re.search(rf"\b{label}[^\S\n]*:", notes, re.IGNORECASE):
            del allergies[label]
    for found in _MEDS_AFTER_AN_ALLERGY_YES.finditer(notes):
        answer = found.group("answer")
        if _NO_MEDS.match(answer):
            continue
        end = _NEXT_FIELD.search(answer, 1)
        if end is not None:
            answer = answer[: end.start()]
        evidence = _quote(notes[found.start() : found.start("answer") + len(answer.rstrip())].strip())
        for match in _find_matches(answer):
            if match.term.kind == "allergen":
                allergies.setdefault(match.term.value, evidence)


#: The kinds of allergy a form may ask about one at a time ("Food allergies: yes", "Any other allergies? Y").
_KINDS_ASKED = "other|food|drug|medication|medicine|skin|product"
#: A form's allergy question answered yes, at a line's or a field's start (after a bullet or a number too): "Allergies:
#: yes", "Any allergies? Y", "Do you have any allergies? Yes", "Are you allergic to anything? Yes", "Allergies &
#: Sensitivities: Yes", "Food allergies - YES (see chart)", "Allergies: Yes [x]". Not a heading someone else's
#: ("Husband allergies: yes") or an allergen's own ("Latex allergy: yes", read as latex), not a blank form's "Yes/No",
#: "Y  N" or "Yes [ ] No [x]", not a yes taken back ("yes - none known", "Yes, NKDA"). ``asked``: the question and
#: its yes, the evidence.
_ALLERGY_ANSWERED_YES = re.compile(
    # (a tab's field from the first blank of its run: from each blank of a run of 10,000 tabs it read the rest, 13 s)
    rf"(?:^|(?<=[\n|•;.,])|{_TAB_RUN})[^\S\n]*(?:(?:[-*•·]|\d{{1,2}}[.)])[^\S\n]*)?(?:q[:.][^\S\n]*)?(?P<asked>"
    r"(?:(?:do(?:es)?[^\S\n]+(?:you|she|he|they|the[^\S\n]+(?:guest|client))[^\S\n]+have[^\S\n]+)?"
    rf"(?:(?:any|known|{_KINDS_ASKED})[^\S\n]+){{0,2}}"
    rf"{_ALLERGY_FIELD_WORD}"
    r"|(?:are[^\S\n]+you|is[^\S\n]+(?:she|he|the[^\S\n]+(?:guest|client)))[^\S\n]+allergic[^\S\n]+to[^\S\n]+anything"
    r"|allergic)"
    r"[^\S\n]*(?:\((?:y/n|yes/no|please[^)\n]{0,25}|if[^\S\n]+any|list[^)\n]{0,25})\)[^\S\n]*)?"
    r"(?:[:?]+|[-\u2013\u2014]+)[^\S\n]*(?:a[:.][^\S\n]*)?(?:yes|y|true)\b)"
    # a ticked box after it is a yes; an empty box, a "/", "or" or a "No" option after it is a blank form's choice
    r"(?:[^\S\n]*(?:\[[^\S\n]*[x✓✔][^\S\n]*\]|\([^\S\n]*[x✓✔][^\S\n]*\)|[☑☒✅])"
    r"|(?![^\S\n]*(?:/|or\b|\[|\([^\S\n]*\)|[☐□]|no?\b(?![^\S\n]*(?:known|allerg))))"
    # …nor one taken back
    rf"(?![^\S\n]*(?:[,;:(\-\u2013\u2014]+[^\S\n]*)?(?:no|{lx.NONE_WORDS}|nka|nkda|negative)\b))",
    re.IGNORECASE,
)
#: A question about one kind of allergy ("Skin allergies: yes", "Any other allergies? Y"): an allergen named
#: elsewhere ("Drug allergies: penicillin") is no answer to it, so its ask stands beside the names.
_OF_A_KIND = re.compile(rf"\W*(?:any[^\S\n]+)?(?:{_KINDS_ASKED})\b", re.IGNORECASE)


def settle_unnamed_allergy(allergies: MutableMapping[str, Any]) -> None:
    """``unnamedAllergy`` (by its evidence, a string or an ``Evidence``) only while no allergy is named, unless its
    question was about one kind of allergy (``_OF_A_KIND``: "Product allergies: yes" beside "penicillin"): a named one
    ("latex" beside an intake's "Yes") says what the yes was about, and the therapist has a name to act on. One rule
    for the reader, a model's merged reading and the briefing's names."""
    if UNNAMED_ALLERGY not in allergies or len(allergies) == 1:
        return
    said = allergies[UNNAMED_ALLERGY]
    if not _OF_A_KIND.match(said.evidence if isinstance(said, Evidence) else str(said or "")):
        del allergies[UNNAMED_ALLERGY]


def _ask_about_unnamed_allergies(notes: str, allergies: dict[str, str]) -> None:
    """Each allergy question answered yes (``_ALLERGY_ANSWERED_YES``) whose own field names no allergen read (none of
    the allergies' evidence holds it) is ``unnamedAllergy``, its evidence the question and its yes, then settled
    (``settle_unnamed_allergy``); so is a list item that names no allergen ("Allergies: yes - multiple")."""
    for word in [value for value in allergies if not allergy_named(value)]:
        allergies.setdefault(UNNAMED_ALLERGY, allergies.pop(word))
    named = [evidence for value, evidence in allergies.items() if value != UNNAMED_ALLERGY]
    for said in _ALLERGY_ANSWERED_YES.finditer(notes):
        asked = said.group("asked").strip()
        if any(asked in evidence or _bullets_below_named(notes, said.end(), evidence) for evidence in named):
            continue  # its own field names it, or the bullets below it do ("Food allergies: yes⏎- nuts")
        if UNNAMED_ALLERGY not in allergies or _OF_A_KIND.match(asked):
            allergies[UNNAMED_ALLERGY] = asked
    settle_unnamed_allergy(allergies)


def _bullets_below_named(notes: str, at: int, evidence: str) -> bool:
    """Whether a bullet on the lines right below ``at`` (a yes) names what ``evidence`` was read from: "Food allergies:
    yes⏎- nuts" is answered by its bullet; "Skin allergies: yes⏎- reacted to a serum" is not, whatever else the note
    names."""
    items = []
    while (bullet := _BULLETS_BELOW.match(notes, at)) is not None:
        end = notes.find("\n", bullet.end())
        end = len(notes) if end < 0 else end
        items.append(notes[bullet.end() - 1 : end].strip())
        at = end
    return any(item and item in evidence for item in items)


def _one_yes_round(notes: str) -> tuple[str, list[int]] | None:
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for found in _YES_ANSWER.finditer(notes):
        group = next(name for name in ("detail", "bare_detail", "drug_detail", "yes", "qyes", "bulleted", "listed", "dash_yes")
                     if found.group(name) is not None)
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
    # a liked scent the hyphens read as her reaction to it ("Lavender \u2013 hives", "Rose oil \u2014 throat swollen
    # last time" read a liked scent): an allergy, never her liking
    reacted = [scent for scent in liked if scent not in again["scent"] and _reaction_right_after(text, scent)]
    for field in ("allergies", "contraindications"):
        for value, evidence in again[field].items():
            if value in found[field] or (field == "allergies" and _denial_in(evidence)):
                continue  # a denial the hyphen reads past is no allergy: "Latex - denies allergy" names latex
            if field == "allergies" and not (
                _allergy_read_with_hyphens(value, text, liked, hyphens_like_one)
                or (reacted and value in ("essentialOils", "fragrance"))
            ):
                continue
            found[field][value] = _evidence_in(notes, text, where, evidence)
    if "essentialOils" in found["allergies"] or "fragrance" in found["allergies"]:
        for scent in reacted:
            found["scent"].pop(scent, None)


def _reaction_right_after(text: str, scent: str) -> bool:
    """``scent`` is named in ``text`` right before her reaction to it (``lexicon.REACTION_AFTER``, read to the end
    of its line): "Lavender - hives", "Rose oil - throat swollen last time"; not "Rose - allergy - latex"."""
    for named in re.finditer(rf"(?<!\w)(?:{lx.SCENTS[scent]})", text, re.IGNORECASE):
        end = text.find("\n", named.end())
        if lx.REACTION_AFTER.match(text[named.end() : len(text) if end == -1 else end]):
            return True
    return False


#: A remark in square brackets ("latex, penicillin [hives]", "lavender [EpiPen]"), as a chart writes what a round one
#: says; not a form's box ("[x]", "[ ]", "[ yes ]") nor a date stamp's ("[9/6]"), which the reader reads as they are.
_SQUARE_REMARK = re.compile(r"\[(?![^\S\n]*(?:[xXvV*/\u2713\u2714\u2717\u2718]|yes|no|y|n|n/?a)?[^\S\n]*\])([^\[\]\n]*[^\W\d_]{2}[^\[\]\n]*)\]", re.IGNORECASE)


def _add_cautions_read_in_round_brackets(found: dict[str, dict[str, str]], notes: str, today: date) -> None:
    """The allergies and conditions the note gives when its remarks in square brackets (``_SQUARE_REMARK``) are read
    as round ones, added to those read: "latex, penicillin [hives]" read no allergy at all, where "latex, penicillin
    (hives)" reads both. A caution is never taken away, and its evidence is the note's own words; a scent the round
    brackets read as an allergy is no liked scent ("lavender [hives]")."""
    if "[" not in notes:
        return
    text = _SQUARE_REMARK.sub(lambda remark: f"({remark.group(1)})", notes)
    if text == notes:
        return
    again = _read_notes(text, None, today)
    hyphened = _dashes_as_hyphens(text)
    if hyphened is not None:
        _add_cautions_read_with_hyphens(again, text, hyphened, today)
    where = list(range(len(notes)))  # each bracket is swapped for another: every character stays where it was
    for field in ("allergies", "contraindications"):
        for value, evidence in again[field].items():
            if value not in found[field]:
                found[field][value] = _evidence_in(notes, text, where, evidence)
    if any(value in again["allergies"] for value in ("essentialOils", "fragrance")):
        for scent in [value for value in found["scent"] if value in lx.SCENTS and value not in again["scent"]]:
            found["scent"].pop(scent)  # "lavender [hives]": her reaction, never her liked lavender


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
    if (value in _DASHED_COMMON or value in lx.ALLERGY_DRUG_BRANDS) and not _undone_after(value, text):
        return True  # "Allergies: Penicillin \u2013 Sulfa", "…; sulfa \u2013 hives; codeine", "…; Zosyn \u2013 hives": never a
        # signature or remark
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


#: The pictographs the reader reads (the nut and chestnut, the pregnant emoji, warnings, checkboxes and ticks, and the
#: few its patterns name): every other one beside a word is read as a space (``_pictographs_as_spaces``).
_PICTOGRAPHS_READ = frozenset("□▢☐☑☒♀⚠⛔✅✓✔✗✘✨❌❕❗❤⬜🌰👎💆🙂🙏🚫🛑🤰🥜🧖🫃🫄⏎")


#: A keycap digit as a list's number ("1️⃣ Latex 2️⃣ Nuts" under an allergies heading read nothing): read as "1) ".
_KEYCAP_NUMBER = re.compile("([0-9])\ufe0f?\u20e3")


def _pictographs_as_spaces(notes: str) -> str:
    """``notes`` with each emoji or pictograph the reader does not read as a space, and "‼" as "!", one character for
    one (the evidence's places stand): a symbol beside a word hid the words' allergy ("Bee sting allergy 🐝",
    "Sesame allergy‼️", "SHELLFISH 🦐 = ANAPHYLAXIS", "Latex 🧤 allergy" read none). An emoji's variation selector
    goes with it; skin tones and joiners, which follow the pictographs read ("🤰🏽"), stay."""
    if notes.isascii():
        return notes
    notes = _KEYCAP_NUMBER.sub(lambda keycap: keycap[1] + ")" + " " * (len(keycap[0]) - 2), notes)
    out: list[str] = []
    for character in notes:
        if character == "\u203c":
            out.append("!")
        elif character == "\ufe0f" and out and out[-1] in " !":
            out.append(" ")
        elif unicodedata.category(character) == "So" and character not in _PICTOGRAPHS_READ:
            # a space, never a comma: a comma cut "allergic to 🐝 bees", "no 😊 pregnancy" apart (rev51i: allergies
            # lost, false pregnancies)
            out.append(" ")
        else:
            out.append(character)
    return "".join(out)


#: A form's choice in square brackets after its label ("Allergies [Y/N]: Y - latex", "Pregnant [yes/no]: yes").
_SQUARE_CHOICE = re.compile(
    r"\[([^\S\n]*(?:y[^\S\n]*/[^\S\n]*n|yes[^\S\n]*/[^\S\n]*no)[^\S\n]*)\](?=[^\S\n]*[:?])", re.IGNORECASE
)


def _square_choices_as_round(notes: str) -> str:
    """``notes`` with a label's choices in square brackets read as in round ones, one character for one:
    "Allergies [Y/N]: Y - latex" read nothing, "Allergies (Y/N): Y - latex" the latex (lex52)."""
    return _SQUARE_CHOICE.sub(r"(\1)", notes) if "[" in notes else notes


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


# A form's field answered yes or no, then with no line break the next field's label (one to three words and its colon
# or question mark): "Breastfeeding: no Pregnant: yes", "Pregnant: no Latex allergy: yes", "Pregnant? No  Allergies?
# Latex", "Breastfeeding: no / Pregnant: yes". The answer's "no" would otherwise negate the next label's term (the
# pregnancy, the latex were lost), so the next label starts a line of its own. Not a "no" that opens a phrase ("no
# known allergies:"). After a "yes", only a field the reader knows a form to ask (lexicon.KNOWN_FORM_FIELD_LABEL): any
# other label may hold the answer's details ("Allergies: yes To what: latex" lost the latex when it was split, and
# "Allergies: yes Oils: lavender" read a liked lavender).
_ANSWERED_FIELD_BREAK = re.compile(
    r"(?<=[:?])(?P<answer>[^\S\n]*(?:no|n|none|nil|n/a)[.!]?)(?:[^\S\n]*[/|;,][^\S\n]*|[^\S\n]+[-–—][^\S\n]+|[^\S\n]+)"
    rf"(?={lx.ANSWERED_FIELD_LABEL})"
    r"|(?<=[:?])(?P<yes>[^\S\n]*(?:yes|y)[.!]?)(?:[^\S\n]*[/|;,][^\S\n]*|[^\S\n]+)"
    rf"(?={lx.ANSWERED_FIELD_LABEL})(?={lx.KNOWN_FORM_FIELD_LABEL})",
    re.IGNORECASE,
)


# A form's known field after the answer (and its details) of the field before it on the same line, or a free-text
# field answered none: the next field starts a line of its own, so its "none" or "no" answers only itself
# ("Pregnant? yes 20 wks  Meds: none  Varicose veins: no" lost the pregnancy, "Latex allergy: yes Avoid: none" the
# latex). Only after a field's label and some answer (a letter, digit or bracket before the space). After two spaces,
# a '/', '|', ';' or ',' also any one word's allergy ("Meds: Advil  Codeine allergy: yes" read "advilCodeine").
# After one space only a capitalised label ("Pregnant: yes 20 wks Allergies: none"), never within a phrase ("Husband:
# recent surgery? Y - knee" is no field "surgery?" after an answer "recent": a word that opens a label never ends the
# answer before it).
_NOT_AFTER_A_LABELS_WORD = "".join(
    rf"(?<!\b{word})"
    for word in "any known current recent past other medication seasonal environmental blood varicose".split()
)
_FIELD_AFTER_DETAILS_BREAK = re.compile(
    rf"(?<=[\w)\].!]){_NOT_AFTER_A_LABELS_WORD}"
    rf"(?:(?:[^\S\n]*[/|;,][^\S\n]*|[^\S\n]{{2,}}|[^\S\n](?=(?-i:[A-Z])))(?={lx.FIELD_AFTER_DETAILS})"
    r"|(?:[^\S\n]*[/|;,][^\S\n]*|[^\S\n]{2,})(?=[^\W\d_][\w'’-]*[^\S\n]+allerg(?:y|ic)[^\S\n]*[:?]))",
    re.IGNORECASE,
)


#: How many times a line's later fields are looked for again (each pass can only add line breaks).
_MAX_FIELD_PASSES = 6


def _later_fields_apart(line: str) -> str:
    """``_FIELD_AFTER_DETAILS_BREAK`` on a line after its first field's label."""
    label_end = re.search(r"[:?]", line)
    if label_end is None:
        return line
    rest = line[label_end.end() :]
    # again until nothing moves: a free-text field answered none is only seen as such once the field after it is
    # set apart ("Pregnant: 22 wks  Details? none  Avoid? none" lost the pregnancy to the details' "none")
    for _ in range(_MAX_FIELD_PASSES):
        apart = _FIELD_AFTER_DETAILS_BREAK.sub("\n", rest)
        if apart == rest:
            break
        rest = apart
    return line[: label_end.end()] + rest


# A field asking about one allergen answered no, then on the same line a field a "no" is not otherwise set apart from
# (``_ANSWERED_FIELD_BREAK`` leaves "Avoid:", "Notes:", "Details:" with the answer before them): "Latex allergy: no
# Avoid: face" read a latex allergy, the "no" taken for no answer. Set apart only when the next field names no
# allergen or scent ("Nut allergy: no Avoid: nuts" still reads the nuts: a caution too many, not one too few), nor,
# unless it is an avoid field, an area ("Latex allergy: no Notes: face" still avoids the face).
_OWN_ALLERGY_NO = re.compile(
    r"\b(?P<word>[^\W\d_][\w'’-]*)[^\S\n]*(?:-[^\S\n]*)?allerg(?:y|ies)[^\S\n]*[:?][^\S\n]*(?:no|n|none|nil|n/a)[.!]?"
    r"(?P<gap>[^\S\n]*[/|;,][^\S\n]*|[^\S\n]+)"
    r"(?=(?!(?:known|other|further|more|new|real|true|reactions?|severity|since)\b)"
    r"(?P<label>[^\W\d_][\w'’-]*(?:[^\S\n]+[^\W\d_][\w'’-]*){0,2})[^\S\n]*[:?](?![^\S\n]*[?:])(?P<rest>[^\n\t|]{0,200}))",  # the field's answer, not the line's rest
    re.IGNORECASE,
)


def _own_allergy_no_apart(line: str) -> str:
    """``line`` with a line break after an allergen's own field answered no (``_OWN_ALLERGY_NO``)."""

    def apart(found: re.Match[str]) -> str:
        named = [m for m in _find_matches(found.group("word")) if m.term.kind == "allergen" or m.term.allergen]
        rest = _find_matches(found.group("rest"))
        after = [m for m in rest if m.term.kind == "allergen" or m.term.allergen]
        avoid = re.search(r"\bavoid\b", found.group("label"), re.IGNORECASE) is not None
        if not named or after or not avoid and any(m.term.kind == "area" for m in rest):
            # "Latex allergy: no Notes: face": the face's avoid is read from the "no", kept as it was
            return found.group(0)
        if _words_beside(found.group("rest"), rest):
            # "Latex allergy: no Details: penicillin", "Avoid: codeine", "…: gloves cause rash": a word the lexicon
            # does not know may be a drug or a reaction; set apart, that field read nothing. Left as it was (the latex
            # read: a caution too many, not one too few); only a field of areas alone is set apart
            return found.group(0)
        return found.group(0)[: found.start("gap") - found.start()] + "\n"

    return _OWN_ALLERGY_NO.sub(apart, line) if "llerg" in line.lower() else line


#: Words a field's answer may hold beside what the lexicon knows, saying nothing of their own.
_CONNECTIVES = frozenset({"and", "or", "the", "her", "his", "both", "left", "right", "l", "r", "side", "sides", "area",
                          "areas", "please", "no", "none", "n", "a"})


def _words_beside(text: str, matches: Sequence[_Match]) -> bool:
    """Whether ``text`` holds a word outside ``matches`` (what the lexicon found in it) and the connectives."""
    covered = [(m.start, m.end) for m in matches]
    return any(
        word.group(0).lower() not in _CONNECTIVES and not any(a <= word.start() < b for a, b in covered)
        for word in re.finditer(r"[^\W\d_]+", text)
    )


#: An allergy field's heading, then kinds of allergy each answered none, up to the kind a "none" answers ("Allergies:
#: Drug: none, Food: Zosyn" up to "Drug:").
_KINDS_SO_FAR = re.compile(
    rf"(?i:{lx.ALLERGY_WORD})[^\S\n]*:(?:{_KIND_THEN_KIND.pattern})*[^\S\n]*{lx.ALLERGY_KIND_LABEL}$"
)


def _answered_field_apart(answered: re.Match[str]) -> str:
    """The next field after a field answered yes or no (``_ANSWERED_FIELD_BREAK``) on a line of its own; not a kind
    of allergy after another inside one allergy field, which carries on its list ("Allergies: Drug: none, Food:
    Zosyn" lost Zosyn: "Food: Zosyn" on its own line was no allergy's)."""
    line = answered.string
    if (
        answered["answer"]
        and re.match(lx.ALLERGY_KIND_LABEL, line[answered.end() :]) is not None
        and _KINDS_SO_FAR.search(line, max(0, answered.start() - 200), answered.start()) is not None
    ):
        return answered.group(0)
    return f"{answered['answer'] or answered['yes']}\n"


#: A tab, after an answer, before another column's label (one to three words and a colon): "Allergies: latex<TAB>Notes:
#: ok" read the notes' "ok" as latex's answer and lost the latex. A tab separates a record's columns; not a kind of
#: allergy inside the allergy field ("Allergies: Drug: Keflex<TAB>Food: nuts") nor an allergen with how bad it is
#: ("Allergies: latex<TAB>nuts: severe", "codeine<TAB>Lavender: hives": ``_tab_column``).
_TAB_COLUMN_PATTERN = (
    rf"(?<=[^\s:|?])[^\S\n\t]*+\t[^\S\n]*+(?!{lx.ALLERGY_KIND_LABEL})"
    r"(?=(?P<label>[^\W\d_][\w'’/-]*(?:BLANKS[^\W\d_][\w'’/-]*){0,2})[^\S\n]*:(?![^\S\n]*:)(?P<answer>[^\t\n|]*))"
)
_TAB_COLUMN = re.compile(_TAB_COLUMN_PATTERN.replace("BLANKS", r"[^\S\n]+"))
#: On a line with an allergy's cue, whose tabs between items are commas (``_tabs_between_items``), a label spans no
#: tab: "bee stings<TAB>lavender oil<TAB>daughter: lanolin" took "lavender oil" for the label's words and lost it.
_TAB_COLUMN_AFTER_A_CUE = re.compile(_TAB_COLUMN_PATTERN.replace("BLANKS", r"[^\S\n\t]+"))
_REACTION_ANSWER = re.compile(rf"[^\S\n]*{_REACTION_OR_SEVERITY}")


def _tab_column(found: re.Match[str]) -> str:
    """A tab before another column ("Notes: ok", "Favorite scent: lavender", "Retinol: nightly") starts a line; one
    before an allergen or a name and its reaction ("Nuts: severe", "Lavender: hives", "Strawberries: rash") is left
    to ``_tabs_between_items``."""
    label = found["label"]
    if _only_an_allergen(label, _find_matches(label)) or _REACTION_ANSWER.match(found["answer"]):
        return found.group(0)
    return "\n"


#: An allergy's cue on a line ("Allergies:", "Allergic to", "Allergies/Sensitivities -"), and a tab between two of its
#: items after it (not after a colon, a pipe or a question mark: an empty column).
_ALLERGY_FIELD_HEAD = re.compile(rf"{lx.STRONG_ALLERGY_CUE.pattern}|{lx.COMPOUND_ALLERGY_HEAD.pattern}", re.IGNORECASE)
_TAB_BETWEEN_ITEMS = re.compile(
    rf"(?<=[^\s:|?])[^\S\n\t]*+\t[^\S\n]*+(?=[^\W\d_])(?!{lx.ALLERGY_KIND_LABEL})"  # a kind: ``_allergy_kinds_apart``
)


def _tabs_between_items(line: str) -> str:
    """A tab between two items of an allergy field's list, once the columns it ends are apart (``_TAB_COLUMN``), is
    the list's comma: "Allergies: codeine<TAB>latex" lost the codeine, "Demerol (anaphylaxis)<TAB>lavender oil" the
    Demerol, "codeine<TAB>Lavender: hives" the codeine, and "codeine<TAB>sulfa" read one "codeineSulfa"."""
    head = _ALLERGY_FIELD_HEAD.search(line)
    if head is None or "\t" not in line[head.end() :]:
        return line
    return line[: head.end()] + _TAB_BETWEEN_ITEMS.sub(", ", line[head.end() :])


#: An allergy field whose answer opens with a kind of allergy: "Allergies: Drug: penicillin; Food: nuts", "Allergies -
#: Drug: penicillin | Food: nuts" (group ``head``, up to the kind).
_KINDS_FIELD = re.compile(
    rf"\b(?P<head>(?:[^\W\d_]+[^\S\n]++)?{lx.ALLERGY_WORD})[^\S\n]*+(?::|\?|[-\u2013\u2014]+)[^\S\n]*+(?={lx.ALLERGY_KIND_LABEL})",
    re.IGNORECASE,
)
#: A semicolon, pipe, tab or slash before the next kind in such a field ("; Food:", " | Other:").
_NEXT_KIND = re.compile(rf"(?<![^\S\n])[^\S\n\t]*+[;|\t/][^\S\n]*+(?={lx.ALLERGY_KIND_LABEL})")


def _allergy_kinds_apart(notes: str) -> str:
    """Each kind of an allergy field that lists its items by kind on a line of its own, under the field's heading:
    "Allergies: Drug: penicillin; Food: nuts" → "Allergies: Drug: penicillin⏎Allergies: Food: nuts" (the nuts were lost
    after a semicolon, both after a pipe, the penicillin before a tab)."""
    lines = notes.split("\n")
    for index, line in enumerate(lines):
        field = _KINDS_FIELD.search(line)
        if field is not None:  # each kind with all that heads the field ("Husband: Allergies: Food: nuts")
            heading = f"{line[: field.start()]}{field['head']}: "
            lines[index] = "\n".join(heading + kind for kind in _NEXT_KIND.split(line[field.end() :]))
    return "\n".join(lines)


def _break_before(end: int, separator: re.Match[str]) -> str:
    return "\n" if separator.start() < end else separator.group(0)


#: A tab (or a pipe) before a form's allergy question, a column of a record exported on one line ("Client: Jane
#: Roe<TAB>Do you have any allergies? citrus, iodine" read the coconut oil only: the question is read at a line's
#: start). It starts only where a run of spaces starts (the lookbehind): inside the run, the run's rest is followed by
#: what its start was followed by, so no match could start there that did not start at the run's start, and trying
#: each start again read a note of a long run of spaces in quadratic time.
_TAB_BEFORE_A_QUESTION = re.compile(
    rf"(?<![^\S\n\t])[^\S\n\t]*+{lx.FIELD_SEPARATOR}[^\S\n]*+(?=(?:do[^\S\n]+you[^\S\n]+have[^\S\n]+any|any)[^\S\n]+(?:known[^\S\n]+)?{lx.ALLERGY_WORD}[^\S\n]*\?)",
    re.IGNORECASE,
)


def _fields_on_own_lines(notes: str) -> str:
    """Each field of a record exported on one line on a line of its own, so one field's "none" does not deny the
    others' answers ("Allergies: latex | Meds: none" lost the latex). A pipe or tab before anything but a record's
    heading is left alone ("Pregnant N | Blood thinners N", "latex | nuts: severe"), but for a tab before a column's
    label (``_TAB_COLUMN``); so is a line whose allergy field leaves its answer to a free-text field that says
    something ("Allergies: yes | Room: 3 | Avoid: nuts"), but for the columns before its allergy field ("Jane
    Roe<TAB>Allergies: Yes<TAB>Notes: see intake" read an allergy to "Jane Roe")."""
    lines = []
    for whole in notes.split("\n"):
        for line in _own_allergy_no_apart(whole).split("\n"):
            elsewhere = lx.ANSWER_ELSEWHERE.search(line)
            if elsewhere and lx.FILLED_FREE_FIELD.search(line):
                lines.append(_FIELD_BREAK.sub(partial(_break_before, elsewhere.start()), line))
                continue
            line = _FIELD_BREAK.sub("\n", _TAB_BEFORE_A_QUESTION.sub("\n", line))
            columns = _TAB_COLUMN_AFTER_A_CUE if _ALLERGY_FIELD_HEAD.search(line) else _TAB_COLUMN
            line = "\n".join(map(_tabs_between_items, columns.sub(_tab_column, line).split("\n")))
            line = "\n".join(map(_preference_field_apart, line.split("\n")))
            line = "\n".join(map(_allergen_after_a_preference_apart, line.split("\n")))
            lines.append(_later_fields_apart(_ANSWERED_FIELD_BREAK.sub(_answered_field_apart, line)))
    return "\n".join(lines)


#: A preference's field inside an allergy field's answer, after a comma or a semicolon, or a space before its capital
#: ("Allergies: latex, Scent pref: eucalyptus", "Allergies: nuts, cats Prefs: firm, lavender"): the allergy list read
#: the field's name and its scent as allergies ("prefs", "catsPrefs", a liked eucalyptus as essential oils).
_PREFERENCE_IN_ALLERGIES = re.compile(
    rf"(?<=[\w)\].!])(?:[^\S\n]*[,;][^\S\n]*|[^\S\n]+(?=[A-Z]))(?=(?i:(?:{lx.PREFERENCE_FIELD}|prefs?|preferences?)"
    r"[^\S\n]*:))"
)


#: A preference's field opening a line ("Scent pref: lavender • shellfish", "Prefs: firm | latex").
_PREFERENCE_LINE = re.compile(rf"[^\S\n]*(?:[-*\u2022][^\S\n]+)?(?i:{lx.PREFERENCE_FIELD}|prefs?|preferences?)[^\S\n]*:")
#: A bullet, a pipe or a semicolon between a preference's answer and what follows it.
_RECORD_MARK = re.compile(r"[^\S\n]*[|;\u2022\u00b7][^\S\n]*")
#: The allergens a preference never names: no scent, no fragrance and no oil of one.
_NO_PREFERENCE_ALLERGEN = frozenset(lx.PRODUCT_ALLERGENS)


def _allergen_after_a_preference_apart(line: str) -> str:
    """``line``, a preference's field (``_PREFERENCE_LINE``), with an item after a bullet, a pipe or a semicolon that
    names nothing but allergens no preference holds on a line of its own: "Scent pref: lavender • shellfish" lost the
    shellfish (a liked item of the scent's list), as "codeine - itching | Scent: lavender • shellfish" did."""
    if _PREFERENCE_LINE.match(line) is None:
        return line
    marks = list(_RECORD_MARK.finditer(line))
    for index, mark in enumerate(marks):
        item = line[mark.end() : marks[index + 1].start() if index + 1 < len(marks) else len(line)]
        matches = _find_matches(item)
        if not matches or any(m.term.value not in _NO_PREFERENCE_ALLERGEN or m.term.kind != "allergen" for m in matches):
            continue
        rest = list(item)
        for m in matches:
            rest[m.start : m.end] = " " * (m.end - m.start)
        if re.search(r"\w", "".join(rest)) and not other_allergens_only("".join(rest)):
            continue
        return line[: mark.start()] + "\n" + _allergen_after_a_preference_apart(line[mark.end() :])
    return line


def _preference_field_apart(line: str) -> str:
    """``line`` with a preference's field inside its allergy answer (``_PREFERENCE_IN_ALLERGIES``) on a line of its
    own, so the allergy answer ends there."""
    head = _ALLERGY_FIELD_HEAD.search(line)
    if head is None:
        return line
    return line[: head.end()] + _PREFERENCE_IN_ALLERGIES.sub("\n", line[head.end() :])


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
    if match.term.field == "scent" and between and _LIKED_NEXT.search(gap):
        return None  # "Avoid lavender, loves citrus - hives from peppermint": the list turns to a scent she loves
    return _sensitivity_evidence(notes, clause, match, context)


#: A liking between a scent kept away and the next one named: the instruction no longer reaches it.
_LIKED_NEXT = re.compile(r"\b(?:loves?|likes?|prefers?|enjoys?)\b", re.IGNORECASE)


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
    walnut oil"): a choice between oils, not one kept away. "Use grapeseed instead of almond oil" keeps it away, and
    so does "Use almond oil instead of coconut oil" since coconut is its own allergen (4 Dec 2026)."""
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
    line_at, line = next(
        (at, text) for at, text in reversed(_spans(notes[low : min(end, position + 100)], _SENTENCE_BOUNDARY, low))
        if at <= position
    )
    if len(line) > 80 or "?" in line:
        return False
    read = _flag_text(line)
    if read is None:
        read = _flag_item(line, position - line_at)
    if read is None:
        return False
    product, plain = read
    letters = [c for c in line if c.isalpha()]
    emphasis = lx.FLAG_EMPHASIS.search(line) is not None or (len(letters) > 1 and all(c.isupper() for c in letters))
    heading = _heading_above(notes, start)
    if heading is not None and lx.OTHER_PERSON.search(heading):
        return False  # "Husband's allergies:⏎Hair dye – rash / shellfish – welts": his
    if heading is not None and lx.ALERT_HEADING.search(heading) is None:
        # an item under "Products used:", "Preferred oil:", "Retail purchase:": an oil is never a flag there
        return emphasis and not product
    # "Almond oil", "Coconut" are the oil asked for; "Latex", "ALMOND OIL" flags, and so does a line that names another
    # allergen beside the oil ("latex, soy", "latex • penicillin • soy" lost the latex too)
    return emphasis or plain


def _flag_text(line: str) -> tuple[bool, bool] | None:
    """Whether ``line`` names an oil or a product and a plain allergen (``product``, ``plain``), when it holds nothing
    but allergens of ``lexicon.PRODUCT_ALLERGENS``, emphasis, separators, what to use instead and other allergens with
    how she reacts (``other_allergens_only``); ``None`` when it holds anything else."""
    # what to use instead ("⚠️ LATEX ⚠️ use nitrile", "LATEX - use non-latex gloves") is set aside first, the
    # allergen inside it ("non-latex") with it
    handling = [found.span() for found in lx.FLAG_HANDLING.finditer(line)]
    rest, product, plain, named = list(line), False, False, 0
    for low, high in handling:
        rest[low:high] = " " * (high - low)
    for m in _find_matches(line):
        if any(low <= m.start and m.end <= high for low, high in handling):
            continue
        if m.term.kind != "allergen" or m.term.value not in lx.PRODUCT_ALLERGENS:
            return None
        rest[m.start : m.end] = " " * (m.end - m.start)
        named += 1
        named_product = lx.PRODUCT_NAME.search(m.text) is not None
        product, plain = product or named_product, plain or not named_product
    if re.search(r"\w", re.sub(r"\b(?:and|or)\b", " ", "".join(rest), flags=re.IGNORECASE)):
        if not other_allergens_only("".join(rest), alone=named == 1):  # "codeine - itching • latex" flags the latex too
            return None
    return product, plain


#: A bullet or a pipe between the items of a line.
_ITEM_MARK = re.compile(r"[|\u2022\u00b7]")


def _flag_item(line: str, at: int) -> tuple[bool, bool] | None:
    """``_flag_text`` of the item of a bulleted line the match at ``at`` is in, when another item of the line is an
    allergen with how she reacts ("penicillin - hives • latex • firm pressure", "codeine - itching • latex • prefers
    lavender" lost the latex: one item that is no allergen made the whole line none)."""
    cuts = [found.span() for found in _ITEM_MARK.finditer(line)]
    if not cuts:
        return None
    items = list(zip([0] + [high for _, high in cuts], [low for low, _ in cuts] + [len(line)], strict=True))
    mine = next((item for item in items if item[0] <= at < item[1]), None)
    if mine is None:
        return None
    others = [line[low:high] for low, high in items if (low, high) != mine]
    if not any(
        _REACTION_NAMED.search(other)
        and (other_allergens_only(other) or any(m.term.kind == "allergen" for m in _find_matches(other)))
        for other in others
    ):
        return None
    return _flag_text(line[mine[0] : mine[1]])


#: An item naming how she reacts ("penicillin - hives", "codeine (itching)").
_REACTION_NAMED = re.compile(rf"(?:[-\u2013\u2014=:(]+[^\S\n]*)(?i:{lx.REACTION_WORD})\b")


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


def _under_a_reaction_heading(clause: _Clause, match: _Match) -> bool:
    """The term is an item of the list an EpiPen or an anaphylaxis heads ("EpiPen (nuts)", "Carries EpiPen - peanuts",
    "Anaphylactic: shellfish, latex"; ``lexicon.REACTION_HEAD``), as of an allergy heading's ("Allergies: nuts"): every
    item before it names an allergen, and the term is the next one, a few words at most ("EpiPen: sesame, tree nuts").
    Not past an item that is no allergen ("EpiPen - in her bag, nuts"). The rest (denied, past, someone else's) is
    decided as for any allergy's list."""
    key = (lx.REACTION_HEAD, clause.text)  # where the clause's first heading starts, found once per clause
    if key not in clause.earliest:
        found = lx.REACTION_HEAD.search(clause.text)
        clause.earliest[key] = len(clause.text) if found is None else found.start()
    if clause.earliest[key] >= match.start:
        return False
    cue = _last_match(lx.REACTION_HEAD, clause.text[: match.start])
    if cue is None:
        return False
    pieces = re.split(r",|\band\b|\bor\b|&|/", _list_gap(clause, cue.end(), match.start))
    if _LIKED_UNDER_A_HEADING.search(pieces[-1]) or (
        match.term.kind != "allergen" and _EASES_AFTER.match(clause.text, match.end)
    ):
        return False  # "Hives - loves lavender", "Rash: lavender helps": a scent she likes, or her remedy (lex51)
    return len(pieces[-1].split()) <= 2 and all(
        "§" in piece or _allergen_words(piece) is not None for piece in pieces[:-1]
    )


#: A liking right before a scent under a reaction's heading ("Hives - loves lavender"): no allergy.
_LIKED_UNDER_A_HEADING = re.compile(r"\b(?:loves?|likes?|enjoys?|prefers?)\b", re.IGNORECASE)
#: Right after a scent under a reaction's heading, words that make it her remedy ("Rash: lavender helps", "Hives -
#: lavender oil soothes it"): no allergy.
_EASES_AFTER = re.compile(
    r"[^\S\n]*(?:oils?[^\S\n]+)?(?:helps?|calms?|soothes?|relieves?|eases?|works|is[^\S\n]+(?:good|great|fine|ok))\b",
    re.IGNORECASE,
)


def _own_allergy_after(clause: _Clause, match: _Match) -> bool:
    """Right after the term, its own allergy or reaction, joined to it ("latex allergy", "nut-allergic", "latex glove
    allergy"), so a negation before the term denies that allergy ("no latex allergy"). Not when a spaced dash or a
    bracket sets the allergy apart as the reason for keeping the thing away, right after the term or after a word
    of its own ("No latex - allergic", "No latex gloves - allergic", "No coconut, walnut oil - allergic"), or "=" or an
    arrow sets the reaction apart ("No latex = hives", "no nuts -> anaphylaxis")."""
    after = clause.text[match.end :]
    own = lx.ALLERGY_NOUN_AFTER.match(after) or lx.REACTION_AFTER.match(after)
    return own is not None and not lx.REASON_AFTER.match(after) and _SET_APART.search(after, 0, own.end()) is None


#: A spaced dash, an opening bracket, "=" or an arrow: what follows it is set apart from the words before it ("No
#: latex = hives", "No nuts -> anaphylaxis" keep the thing away for its reaction, as "No latex - hives" does).
_SET_APART = re.compile(r"\s[-\u2013\u2014]+\s|\(|=|->|\u2192")


def _kept_away_by_a_use_instruction(clause: _Clause, match: _Match) -> bool:
    """The negation that reaches the term is an instruction's, "never use", "don't use", "do not apply" (the guest's
    own allergy after it is stated, not denied: "Never use almond oil, nut allergy"); not a plain "no", which may deny
    a list of allergies ("No nut or latex allergies")."""
    before = clause.masked[: match.start]
    negation = _last_match(lx.NEGATION, before)
    return negation is not None and any(
        use.start() <= negation.start() < use.end() for use in _USE_INSTRUCTION.finditer(before)
    )


def _stated_after_a_product_kept_away(clause: _Clause, match: _Match) -> bool:
    """The negation that reaches the term is a plain "no" keeping one product off the table, and the term is the next
    item after a comma with its own allergy in the singular: "No almond oil, nut allergy", "No latex gloves, nut
    allergy" state the allergy (the reason for the "no"), as "No almond oil - nut allergy" does. A "no" before a list
    of allergens still denies them all: a bare allergen first, items joined by "or" / "and", or the allergy word in
    the plural or shared ("No nut, latex allergies", "No nut or latex allergy", "No almond oil, nut allergies",
    ``lexicon.PRODUCT_ITEM_THEN_COMMA``); and so does a "no" of the term's own ("No almond oil, no nut allergy")."""
    negation = _last_match(lx.NEGATION, clause.masked[: match.start])
    return (
        negation is not None
        and negation.group(0).lower() == "no"
        and lx.PRODUCT_ITEM_THEN_COMMA.match(clause.text[negation.end() : match.start]) is not None
        and lx.OWN_SINGULAR_ALLERGY_AFTER.match(clause.text[match.end :]) is not None
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


def _used_instead(clause: _Clause, match: _Match) -> bool:
    """Whether an oil or product named as a treatment's ingredient is the one the note says is used or switched to
    ("we use fractionated coconut oil", "switch to coconut oil"; ``lx.USED_BEFORE``), not kept away ("don't use",
    "no need to use": ``lx.USED_NEGATED``; "coconut-free": ``lx.FREE_AFTER``)."""
    named = clause.text[match.start : match.end]
    if not lx.PRODUCT_NAME.search(named) or lx.FREE_AFTER.match(clause.text[match.end :]):
        return False
    used = lx.USED_BEFORE.search(clause.text[: match.start])
    return used is not None and not lx.USED_NEGATED.search(clause.text[: used.start()])


def _decide(notes: str, clause: _Clause, match: _Match, add: _Adder, context: _Context) -> None:
    term = match.term
    if term.kind == "blocker" or match.consumed:
        return
    if term.kind == "area":
        if _option_left_unticked(notes, clause, match):
            return  # "Areas to avoid: [x] Feet [ ] Face [ ] Neck": the face and neck left unticked
        end = clause.offset + len(clause.text)
        after = notes[end : end + 120].split("\n", 1)[0]  # the line's words after the clause: "hip sore – avoid"
        cue = _area_cue(clause, match, site=match.site, after=after)
        if cue is not None:
            evidence = clause.evidence
            if cue == "avoid" and (words := avoid_after_state(clause, match, after)):
                evidence = _quote(clause.text[clause.stamp :] + words)
            add("focus_areas" if cue == "focus" else "avoid_areas", term.value, evidence)
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
        if _used_instead(clause, match):
            return  # "Peanut allergy - we use fractionated coconut oil for her": the oil used, not a second allergy
        if _excepted(notes, clause, match.start, context):  # "No known allergies except latex"
            if not _someone_else(clause, match, context.previous) and not _allergy_in_past(clause, match):
                add("allergies", term.allergen or term.value, _sentence_evidence(notes, clause, context))
            return
        if _refused(clause, match):  # "can't have lavender", "not fine with nuts", "latex is not ok"
            if not _someone_else(clause, match, context.previous) and not _refusal_in_past(clause, match):
                if not _answered(notes, clause, match, lx.ANSWER_NO):
                    add("allergies", term.allergen or term.value, clause.evidence)
            return
        if _read_in_an_allergy(notes, clause, match, context):
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
                    if _kept_away(clause, match):  # "Avoid lavender - throat swelling" lost the lavender to avoid
                        _scent_kept_away(term, clause.evidence, add)
                return
            if _own_allergy_after(clause, match):
                # its own allergy denied: "no latex allergy" (not "no latex - allergic": the reason for the "no"); but
                # "Never use almond oil, nut allergy": "never use" keeps the oils away, it denies no allergy; nor
                # does the "no" of "No almond oil, nut allergy", which keeps one product away
                stated = _kept_away_by_a_use_instruction(clause, match) or _stated_after_a_product_kept_away(clause, match)
                if stated and not _answered(notes, clause, match, lx.ANSWER_NO):
                    add("allergies", term.allergen or term.value, clause.evidence)
                return
            # a negation in front of a later item of the list: a denial ("allergic to nuts, not latex", "not
            # sensitive to fragrance") unless it is an instruction to keep the item away after an allergy the
            # sentence states ("allergic to nuts, no lavender")
            evidence = _kept_away_allergen(notes, clause, match, context)
            if evidence is not None and not _answered(notes, clause, match, lx.ANSWER_NO):
                add("allergies", term.allergen or term.value, evidence)
                _scent_kept_away(term, evidence, add)
            if evidence is None and term.field == "scent" and _disliked(notes, clause, match):
                # no allergy, but a scent she dislikes: "Dislikes: lavender (headache)" lost the lavender to avoid
                add("avoid_scents", term.value, clause.evidence)
            return
        evidence = _kept_away_allergen(notes, clause, match, context)
        if evidence is not None and not _someone_else(clause, match, context.previous):
            add("allergies", term.allergen or term.value, evidence)
            _scent_kept_away(term, evidence, add)
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
        if _condition_stands(notes, clause, match, context, pair):
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
    if _option_left_unticked(notes, clause, match):
        return  # "Pressure: [ ] Light [x] Medium [ ] Firm": an option left unticked is no preference (it gave all three)
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


def _read_in_an_allergy(notes: str, clause: _Clause, match: _Match, context: _Context) -> bool:
    """``match`` (an allergen, or a scent that can be one) is named where an allergy is told: its own allergy words,
    a heading's or a reaction's list, a list ";" or "but" carries on, or joined on to such an item. Not her remedy
    or a liked scent under a reaction's or a sensitivity's heading ("Sens: rose oil fav": rev51b)."""
    if _eased_under_a_reaction_heading(clause, match, notes):
        return False
    return (
        _allergy_context(clause, match, notes)
        or _under_a_reaction_heading(clause, match)
        or (context.carried and _carried_into_a_list(clause, match))
        or _listed_on_after_but(clause, match, context)
        or _joined_on_to_an_allergy(notes, clause, match, context)
    )


#: Words right before a list's next item that join it on as "and" does: "as well as", "in addition to", either with
#: "to" and "the" after it and a comma before it or not; and, before "to the smell (scent) of", "and" too ("Allergic to
#: latex and to the smell of lavender"). Group ``joiner`` starts at the end of the item before.
_JOINED_ON = re.compile(
    r"(?P<joiner>[^\S\n]*(?:,[^\S\n]*)?(?:(?:as[^\S\n]+well[^\S\n]+as|in[^\S\n]+addition[^\S\n]+to)(?:[^\S\n]+to)?"
    r"(?:[^\S\n]+the(?:[^\S\n]+(?:smell|scent)[^\S\n]+of)?)?"
    r"|and[^\S\n]+to[^\S\n]+the[^\S\n]+(?:smell|scent)[^\S\n]+of))[^\S\n]+$",
    re.IGNORECASE,
)
#: How far before an item its joiner is looked for: the longest (", in addition to to the smell of ") and some blanks.
_JOINER_REACH = 80


def _joined_on_to_an_allergy(notes: str, clause: _Clause, match: _Match, context: _Context) -> bool:
    """``match`` comes right after a joiner (``_JOINED_ON``) that follows an allergy of hers: an allergen (or a scent
    that can be one) itself read in an allergy (``_read_in_an_allergy``), neither allowed nor denied, or a name the
    lexicon does not know listed right after an allergy's cue. "Allergic to latex as well as tree nuts", "…, in
    addition to nuts", "…and to the smell of lavender", "Allergic to penicillin as well as nuts" are her allergies as
    "Allergic to latex and nuts" are; "…, eucalyptus is ok as well as lavender" allows the lavender too. A relative's
    allergy stays his (the item's own checks follow), and what is no allergen after a joiner is never read here."""
    joined = _JOINED_ON.search(clause.text, max(0, match.start - _JOINER_REACH), match.start)
    if joined is None or not (match.term.kind == "allergen" or match.term.allergen):
        return False
    before = next((m for m in clause.matches if m.end == joined.start() and m is not match), None)
    if before is None:
        return _unknown_allergen_after_a_cue(clause, joined.start())
    if not (before.term.kind == "allergen" or before.term.allergen) or _allowed(clause, before):
        return False
    return not _negated(clause, before, window=8) and _read_in_an_allergy(notes, clause, before, context)


def _unknown_allergen_after_a_cue(clause: _Clause, end: int) -> bool:
    """``clause.text[:end]`` ends with an allergy's cue and a list of allergens after it, the last one a name alone
    that the lexicon does not know (``_allergen_words``): "Allergic to penicillin", "Allergic to latex, sulfa"."""
    cue = _last_match(lx.ALLERGY_CUE, clause.text[:end])
    if cue is None:
        return False
    *earlier, last = re.split(r",|\band\b|\bor\b|&|/", _list_gap(clause, cue.end(), end))
    if "§" in last or not _allergen_words(last):
        return False
    return all("§" in piece or _allergen_words(piece) is not None for piece in earlier)


def _option_left_unticked(notes: str, clause: _Clause, match: _Match) -> bool:
    """Whether a preference is one option of a form's choice line whose box is left empty ("[ ] Light" in "Pressure:
    [ ] Light [x] Medium [ ] Firm"). Only on a line offering two or more options of the same preference: the box after
    a lone one may be the next question's ("Likes it warm [ ] Recent surgery")."""
    box = _checkbox(notes, clause, match)
    if box is None or box.group("ticked"):
        return False
    start = clause.offset + match.start
    line = notes[notes.rfind("\n", 0, start) + 1 : (notes.find("\n", start) + 1 or len(notes) + 1) - 1]
    field = match.term.field
    return sum(1 for term, pattern in lx.COMPILED if term.field == field for _ in pattern.finditer(line)) >= 2


def _scent_kept_away(term: Term, evidence: str, add: _Adder) -> None:
    """A scent an instruction keeps away for a sensitivity ("NO peppermint (migraine trigger)", "allergic to nuts, no
    lavender") is an allergy (essential oils) and stays a scent to avoid by its name, as "no peppermint" alone is:
    before 4 December 2026 the word peppermint was lost."""
    if term.field == "scent" and term.kind == "plain":
        add("avoid_scents", term.value, evidence)


def _condition_stands(notes: str, clause: _Clause, match: _Match, context: _Context, pair: _PairAnswer = None) -> bool:
    """A condition named outside a form's boxes is the guest's, now: not someone else's, not negated, not answered
    no, not in the past nor still to come."""
    if _someone_else(clause, match, context.previous):
        return False
    if _negated(clause, match, window=8, notes=notes) and not (
        pair == "other" and _denied_by_a_pair_label(notes, clause, match)
    ):
        return False  # not a Yes/No pair's "No" before a term with no pair of its own ("Surgery Yes [ ] No [x] Pregnant")
    if any(_answered(notes, clause, match, answer) for answer in (lx.ANSWER_NO, lx.CONDITION_ANSWER_NO)):
        return False  # "Pregnant: no", "Pregnant N | Blood thinners N"
    if _in_past(notes, clause, match, context.today) or _still_to_come(clause, match, context.today):
        return False
    # "Booked prenatal by mistake - she is NOT pregnant": the service's name, denied
    return not (match.text.lower() == "prenatal" and _says_not_pregnant(notes, context))


_PREGNANCY = Term("contraindications", "pregnancy", "", "plain")


def _pregnancy_by_weeks(notes: str, clause: _Clause, context: _Context, add: _Adder) -> None:
    """A pregnancy the note gives by its weeks alone, in a sentence that says it is one by how she lies or what she is
    (``lexicon.PREGNANCY_CONTEXT``): "no prone - 30 wks", "30wks, side-lying only", "G2P1, 22 wks" read nothing, and
    a therapist put her prone. The figure (``lexicon.PREGNANCY_WEEKS_ALONE``, 8 to 42 weeks) is then read as a
    mention of the pregnancy, with the questions any has (someone else's, denied, past). Not in a sentence that
    makes the weeks a time since something (``lexicon.NOT_A_PREGNANCY_CONTEXT``: "Lipo 11/20, no prone - 12 wks"),
    nor in a clause that names the pregnancy itself (its own word decides: "not pregnant, 30 wks since last visit")."""
    if any(m.term.value == "pregnancy" for m in clause.matches):
        return
    if not clause.text.strip() or lx.PREGNANCY_WEEKS_ALONE.search(clause.text) is None:
        return
    said = [other.text for other in context.sentence]
    if not any(lx.PREGNANCY_CONTEXT.search(text) for text in said):
        return
    if any(lx.NOT_A_PREGNANCY_CONTEXT.search(text) for text in said):
        return
    for found in lx.PREGNANCY_WEEKS_ALONE.finditer(clause.text):
        if int(found.group("weeks")) not in lx.PREGNANCY_WEEKS_RANGE:
            continue
        weeks = _Match(_PREGNANCY, found.start("figure"), found.end("figure"), found.group("figure"))
        if _condition_stands(notes, clause, weeks, context):
            add("contraindications", "pregnancy", _sentence_evidence(notes, clause, context))
            return


def _condition_holds(notes: str, clause: _Clause, match: _Match, context: _Context) -> bool:
    """What ``_decide`` says of a condition's mention (a surgery's, an injectable's): it gives the condition. A form's
    Yes/No pair or box answers for it; a heading's example is none; else ``_condition_stands``."""
    pair = _yes_no_boxes(notes, clause, match)
    if pair in ("yes", "no", "unanswered"):
        return pair == "yes" and not _someone_else(clause, match, context.previous)
    box = _checkbox(notes, clause, match) if pair is None else None
    if box is not None:
        return bool(box.group("ticked")) and not _someone_else(clause, match, context.previous)
    if _in_heading_examples(notes, clause, match.start):
        return False
    return _condition_stands(notes, clause, match, context, pair)


def _surgery_sites(notes: str, clause: _Clause, context: _Context, sites: dict[str, str]) -> None:
    """The body areas the clause names as the site of an operation or injectables (``note_questions._site_word``:
    "Rotator cuff surgery on right shoulder", "Had hip surgery", "post-op abdomen", "botox in her forehead", "hip
    replacement 3 weeks ago"), or after a form's yes to the surgery's question ("Surgery in last 6 months? Y - knee",
    "Recent surgery [x] knee"; ``note_questions._answered_sites``): never a focus from that naming (the mention is
    consumed, so no cue after it reaches back: "…, focus on neck" is the neck's). While the surgery or injectable is the guest's and current (the same
    questions as the condition's: ``_condition_holds``), the area is recorded in ``sites`` with the clause's words:
    once the whole note is read, it is an area to avoid (an instruction's own words kept when the note gives one,
    "Avoid the left hip") and a focus the notes give it anywhere is dropped ("Focus: neck, shoulders. Shoulder
    surgery 3 wks ago"): a surgical site is kept clear. One long ago, someone else's or denied leaves the area as the rest of the note
    says ("Knee surgery in 2009, focus on knees" is a focus on the knees)."""
    sited = [
        m for m in clause.matches
        if (m.term.value in SITED_CAUTIONS or m.term.value in lx.KEPT_CLEAR) and m.term.field == "contraindications"
    ]
    if not sited and lx.SITE_WORD_HINT.search(clause.text) is None:
        return
    starts = [m.start for m in sited]
    answers: dict[int, bool] = {}

    def holds(surgery: _Match) -> bool:
        if surgery.start not in answers:
            answers[surgery.start] = _condition_holds(notes, clause, surgery, context)
        return answers[surgery.start]

    previous: tuple[_Match, int] | None = None
    for match in clause.matches:
        if match.term.kind == "area":
            at = _site_word(clause, match, previous)
            previous = None if at is None else (match, at)
            if at is None:
                continue
            match.site = True
            if match.term.value in sites:
                continue  # already a site to keep clear: asked once ("knee surgery " x 3,000 stays linear)
            index = bisect.bisect_right(starts, at) - 1  # the surgery's own words the site word is in, if any
            if index >= 0 and at < sited[index].end and holds(sited[index]):
                sites.setdefault(match.term.value, clause.evidence)
        elif match in sited and (joint := lx.SITE_IN_TERM.match(match.text)) is not None:
            # "hip replacement 3 weeks ago", "knee scope": the area is part of the surgery's own words
            areas = [m for m in _find_matches(joint.group(0)) if m.term.kind == "area"]
            if areas and areas[0].term.value not in sites and holds(match):
                sites.setdefault(areas[0].term.value, clause.evidence)
    for match in sited:  # "Surgery in last 6 months? Y - knee", "Recent surgery [x] knee": the area the form's yes names
        answered, end = _answered_sites(notes, clause, match)
        if answered and holds(match):
            for area in answered:
                sites.setdefault(area, _quote(notes[clause.offset + clause.stamp : end]))


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


#: A dislike right before a scent, with at most a few words between: "Dislikes: lavender", "she hates lavender".
_DISLIKE_BEFORE = re.compile(
    r"\b(?:dislikes?|hates?|can['’]?t[^\S\n]+stand|doesn['’]?t[^\S\n]+like|does[^\S\n]+not[^\S\n]+like)\b"
    r"[^\S\n]*:?(?:[^\S\n]*[\w'’]+){0,3}[^\S\n]*$",
    re.IGNORECASE,
)


def _disliked(notes: str, clause: _Clause, match: _Match) -> bool:
    """A scent read in an allergy's words but given no allergy is one she dislikes, named right after a dislike
    (``_DISLIKE_BEFORE``) and turned down (``_scent_reading``): "Dislikes: lavender (headache)", where "(headache)"
    made the words an allergy's and the lavender was lost; not "No throat swelling with lavender", "not lavender"."""
    return _DISLIKE_BEFORE.search(clause.text[: match.start]) is not None and _scent_reading(notes, clause, match) == "avoid"


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
    # a remark in brackets after the one before is no break in the list ("Dislikes: lavender (headache), peppermint"
    # read the peppermint as liked)
    gap = re.sub(r"^[^\S\n]*\([^()\n]{0,40}\)", " ", clause.text[previous.end : match.start])
    if previous.term.kind != "plain" or not lx.SCENT_LIST_GAP.match(gap):
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


#: A form's "Expecting?" answered yes at its line's start (after the fields were set on lines of their own): "Expecting?
#: Yes - due Feb 2027", "Expecting: Y", "Expecting (Y/N): yes". Not "Expecting? No", a blank form's "Yes/No", a yes
#: taken back ("Yes - no", "Y - N/A"), nor someone's ("Husband expecting? yes": the label opens the line).
_EXPECTING_YES = re.compile(
    r"^[^\S\n]*(?:[-*\u2022][^\S\n]*)?expecting[^\S\n]*(?:\((?:y/n|yes/no)\)[^\S\n]*)?[?:]+[^\S\n]*(?P<yes>yes|y)\b"
    # one run of blanks, then marks and blanks, before the no: two runs side by side made a long one quadratic (rev52b)
    r"(?![^\S\n]*/)(?![^\S\n]*(?:[-\u2013\u2014,;:(>]+[^\S\n]*)?(?:no|not|n/a|na|none|n|or[^\S\n]+no?)\b)[^\n|]*",
    re.IGNORECASE | re.MULTILINE,
)
_YEAR = re.compile(r"\b(20\d\d)\b")
#: A form's boxes or blanks by its choices ("Yes ☐ No ☑", "Yes [ ] No [x]", "Yes __ No X"): which is ticked is the
#: checkbox reading's, not a "yes" said (rev52b: each read a pregnancy).
_CHOICE_BOXES = re.compile(r"[\u2610-\u2612\u2705\u2713\u2714\u2b1c\u2b1b\u25a1\u25a0]|\[[^\]\n]{0,3}\]|\([^)\n]{0,3}\)|__")


def _expecting_answered_yes(notes: str, today: date, add: _Adder) -> None:
    """A pregnancy from a form's "Expecting? Yes" (``_EXPECTING_YES``), which read nothing (lex52); "expecting" is no
    term of the lexicon after a question mark, so a bare "Expecting?" and "Expecting? No" stay nothing. Not when the
    line names only years gone by ("Expecting? Yes - due Feb 2025", read in 2026: an old form's answer)."""
    for said in _EXPECTING_YES.finditer(notes):
        if _CHOICE_BOXES.search(notes, said.end("yes"), said.end()):
            continue
        years = [int(year) for year in _YEAR.findall(said.group())]
        if years and max(years) < today.year:
            continue
        add("contraindications", "pregnancy", _quote(said.group().strip()))


#: How far before a "nothing but" statement another person named (a husband, a son, "Mom says.") makes it theirs, or
#: maybe theirs: the exception is then not read (a plain "He is allergic to nuts" there is read as theirs already).
_NOTHING_BUT_LOOKBACK = 300
#: Children named as a group ("Kids | …", "Child (age 7): …"), which ``lexicon.OTHER_PERSON`` does not list.
_CHILDREN = re.compile(r"\b(?:kids?|child(?:ren)?|family)\b", re.IGNORECASE)


def _resolve_anaphora(notes: str, clauses: list[_Clause], index: int, add: _Adder) -> None:
    """"insulin pump on the abdomen — avoid that area": an avoid cue pointing back at the previous clause."""
    clause = clauses[index]
    if index == 0 or any(m.term.kind == "area" for m in clause.matches):
        return
    cues = lx.AVOID_CUE.finditer(clause.masked)
    if not (any(not _avoid_waived(clause.masked, cue.start()) for cue in cues) and lx.ANAPHOR.search(clause.masked)):
        return  # none, or only one not needed ("no need to avoid that area")
    previous = clauses[index - 1]
    if previous.sentence != clause.sentence:
        return
    for match in previous.matches:
        if match.term.kind == "area" and not match.consumed and _area_cue(previous, match, site=match.site) is None:
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
            for name in _intake_allergies(raw):
                keep("allergies", name, f"intake allergies: {raw}")
    for label, items in (("conditions", intake.conditions), ("medications", intake.medications)):
        for raw in items:
            if raw.strip().lower() not in _EMPTY_ANSWERS:
                name = normalise_safety_name("contraindications", raw) or " ".join(raw.split())
                keep("contraindications", name, f"intake {label}: {raw}")
    if intake.pregnant:
        keep("contraindications", "pregnancy", "intake pregnant: yes")
    allergic = {name: said for field, name, said in found if field == "allergies"}
    settle_unnamed_allergy(allergic)  # "Yes" beside "latex": the name says what it was about
    return [item for item in found if item[0] != "allergies" or item[1] in allergic]


#: An intake's allergy answer that starts with its yes: "Yes", "Y", "yes - see notes", "Yes: bee stings".
_INTAKE_YES = re.compile(r"\W*(?:yes|y|true)\b[\s,;:.\-\u2013\u2014()]*", re.IGNORECASE)
#: An intake's yes taken back or left a blank choice: "yes, none", "Yes - none known", "yes/no", "Y/N".
_INTAKE_NOT_A_YES = re.compile(rf"\W*(?:(?:yes|y)\W*(?:no|n)\b|(?:no|{lx.NONE_WORDS}|nka|nkda)\b)", re.IGNORECASE)


#: Where one intake answer names several allergens: a comma, semicolon, slash, "+", "&" or "and" outside brackets
#: ("latex, tree nuts", "shellfish/iodine", "Yes, latex and nuts"; not "shellfish (shrimp, crab)").
_INTAKE_PARTS = re.compile(r"(?:[,;/+&]|\band\b)(?![^()]*\))", re.IGNORECASE)


def _intake_allergies(raw: str) -> list[str]:
    """An intake's allergy answer as names: each allergen of one naming several (``_INTAKE_PARTS``: "latex, tree nuts"
    → ``latex``, ``nutOil``; read whole, the first lost the rest), else the answer as one (``_intake_allergy``)."""
    yes = _INTAKE_YES.match(raw)
    rest = raw if yes is None or _INTAKE_NOT_A_YES.match(raw) else raw[yes.end():]
    named = [name for part in _INTAKE_PARTS.split(rest) if (name := _intake_part(part.strip()))]
    if len(named) > 1:
        return list(dict.fromkeys(named))
    return [name] if (name := _intake_allergy(raw)) else []


def _intake_part(part: str) -> str:
    """One part of an intake answer naming several, as an allergen's name when it plainly is one: the lexicon's
    ("tree nuts" → ``nutOil``), a name plainly an allergen's ("bee stings", "amoxicillin") or a drug's brand ("Keflex",
    "Bactrim", not a given name); "" for anything else ("takes Lamictal", "Maya", "sulfa - tested negative": a review
    found them read as allergens)."""
    if (known := normalise_safety_name("allergies", part)) is not None:
        return known
    words = part.lower().split()
    plainly = words and (_plainly_an_allergen(words) or part.strip().lower() in lx.ALLERGY_DRUG_BRANDS
                         or _a_drug_brand(part.strip(), bare=True))  # "Keflex", "Bactrim", "Cipro"
    return raw_allergen_name(part) if plainly else ""


def _intake_allergy(raw: str) -> str:
    """An intake's allergy answer as a name: the vocabulary's, else a plain camelCase one; after a yes, what follows it
    when it plainly names an allergen (``_intake_part``: "Yes: bee stings" → ``beeStings``), or ``unnamedAllergy`` when
    nothing does ("Yes", "yes - see notes", "Yes - Tom Reed") or only a word that names no allergen ("multiple",
    "food": ``allergy_named``); "" for a yes taken back ("yes, none") or a blank choice ("yes/no")."""
    yes = _INTAKE_YES.match(raw)
    if yes is None:
        name = normalise_safety_name("allergies", raw) or raw_allergen_name(raw)
        return name and (allergy_named(name) or UNNAMED_ALLERGY)
    rest = raw[yes.end():]
    if _INTAKE_NOT_A_YES.match(raw) or _INTAKE_NOT_A_YES.match(rest):
        return ""
    return allergy_named(_intake_part(rest)) or UNNAMED_ALLERGY  # "Yes - Tom Reed": asked about, no "tomReed"


def alerts_with_cautions(
    alerts: Sequence[str],
    names: Sequence[str],
    *,
    today: date,
    read: Sequence[GuestProfile] | None = None,
    severe: Collection[str] = (),
) -> tuple[list[str], list[str]]:
    """Each caution once: an alert the spa wrote about an allergy or condition the guest has ("Nut allergy: no
    nut-based oils or scrubs") stands for it, with the vocabulary's handling note added in brackets when it has one
    ("… (nut-free oils only)"), and that name's own line is left out. An alert says what the spa itself chose to
    flag, in its own words and severity, so it is the wording kept; nothing is lost, the handling note comes along.

    Returns the alerts' lines (in order) and the names still to show on their own line. An alert is read with the
    offline extractor (on ``today``, as ``extract_profile_offline``), so one that denies an allergy or is about someone
    else ("husband has a nut allergy") or long past ("stopped Accutane in 2019") stands for nothing. ``read``: each
    alert as the caller already read it so (the briefing engine reads them for the booked service's check too).
    ``severe``: the allergies the guest's notes say are grave; an alert standing for one that does not say how grave
    in its own words (``alert_says_how_grave``) says so first ("Nut allergy: no nut-based oils or scrubs (SEVERE in
    the notes; nut-free oils only)"): the name's own line, which would have said "SEVERE", is left out (a review
    found the "severe" lost)."""
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
        grave = [name for name in covered if name in severe and not alert_says_how_grave(name, text, today=today)]
        notes = [] if not grave else ["SEVERE in the notes"] if len(covered) == 1 else [
            f"SEVERE in the notes: {', '.join(allergy_words(name) for name in grave)}"]
        if len(handled) == 1:
            notes.append(CAUTIONS[handled[0]])
        elif handled:
            notes.extend(caution_line(name) for name in handled)
        lines.append(f"{text} ({'; '.join(notes)})" if notes else text)
    return lines, [name for name in names if name.lower() in remaining]


def alert_says_how_grave(name: str, alert: str, *, today: date) -> bool:
    """Whether a spa alert says in its own words that the allergy ``name`` is grave: a word of gravity not denied
    ("anaphylactic", "carries EpiPen"; not "not severe", ``lx.says_grave_undenied``) in a sentence of the alert that
    names that allergy, or anywhere in an alert that names no other allergy. "Latex allergy - anaphylactic. Also nut
    allergy" says it of latex, not of the nuts. An alert saying it is not ("Latex allergy - not severe") beside notes
    that say it is keeps both: "… (SEVERE in the notes; …)" (rev49a: an update sent for notes newly saying
    anaphylaxis showed the alert's "not severe" alone). Each sentence is read on ``today``, as the alert is."""
    sentences = [part for part in _ALERT_SENTENCES.split(alert) if part.strip()]
    named = [set(extract_profile_offline(part, today=today).values("allergies")) for part in sentences]
    if any(name in names and lx.says_grave_undenied(part) for part, names in zip(sentences, named, strict=True)):
        return True
    return set().union(*named) <= {name} and lx.says_grave_undenied(alert)


_ALERT_SENTENCES = re.compile(r"[.;!?\n]+")


def _add_intake(intake: HealthHistory, add: _Adder) -> None:
    for field, name, evidence in intake_safety(intake):
        add(field, name, evidence)


def _one_item_told(sentence: list[_Clause], clause: _Clause) -> bool:
    """``clause`` is its sentence, or its first part and the rest only say how bad it is: a long dash parts "lavender
    \u2013 hives" in two clauses, so "Allergies: penicillin; lavender \u2013 hives" lost the lavender a semicolon
    carries on to the list (with a hyphen, one clause, it was read). Not "…; lavender \u2013 loves it"."""
    return sentence[0] is clause and all(_only_how_bad(later.text) for later in sentence[1:])
