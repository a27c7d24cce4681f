"""How long the privacy scrubber, and the offline notes extractor, take on hostile or odd notes, against an
ordinary note of the same length.

    python benchmarks/scrub_worst_case.py

Every note bound for a model passes ``scrub_pii`` on the event loop, so one that makes a pattern backtrack
blocks Slack's acks. Each case is about 10,000 characters (a very long note); the ratio is its time over the
ordinary note's (the baseline, measured in the same process). Before the bounds (long unbroken strings
replaced, long runs of spaces shortened, spelled-email parts capped) "policy" + 5,000 digits took 4.8 s, a
chain of 2,000 "A1-" parts 2.4 s and 3,000 "dot " 1.3 s; a linear scrubber keeps every ratio within a small
factor. The offline extractor reads every note too (briefings, the fill ranking): before a term already found was
skipped, "pregnant, " x 1,000 took 90 s; before each clause's text was prepared once for the rules that read what
stands before a mention, "rose " x 2,000 took 17 s and "🥜 " x 5,000 2.6 s.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from spa_copilot.ai.extraction import _read_profile, extract_profile_offline
from spa_copilot.ai.guardrails import check_text, scrub_for_model, scrub_pii

ORDINARY = (
    "Prefers firm pressure on the shoulders, no essential oils (headaches). Allergic to nuts; grapeseed oil is fine. "
    "Runs cold: extra blanket and the table warmer on. Mother is allergic to lavender. Likes quiet, ambient music. "
)
SIZE = 10_000
CASES = {
    "digits after a label": "policy " + "1" * 5_000 + "%",
    "letters and digits after a label": "policy " + "a1" * 2_500 + "%",
    "hyphen chain": "ref " + "-".join(["A1"] * 2_000) + "%",
    "one long token": "x" + "a1" * 5_000 + "-",
    "spaces after a label": "policy" + " " * 5_000 + "1%",
    "'dot' repeated": "dot " * 3_000,
    "'a.' repeated": "a. " * 3_000,
    "'www.' repeated": "www. " * 2_000,
    "house numbers": "12 Main " * 1_250,
    "spaced digits": "1 " * 5_000,
}
#: A surname that is also an ordinary word is weighed at each place it stands (name or thing?): each such place must
#: cost the same however long the note (before a bounded context, "May " x 2,500 took 3.9 s).
NAMED_CASES = {
    "'Rose ' repeated, client Rose": ("Rose " * 2_000, "Rose"),
    "'May ' repeated, client May": ("May " * 2_500, "May"),
    "'allergic to shea, ' repeated, Shea": ("allergic to shea, " * 550, "Shea"),
}

#: One safety term (or cue) over and over: each mention must cost the same however long the note.
EXTRACTION_CASES = {
    "'pregnant, ' repeated": "pregnant, " * 1_000,
    "'NKA - pregnant ' repeated": "NKA - pregnant " * 700,
    "'no nut oils ' repeated": "no nut oils " * 800,
    "'nut-free ' repeated": "nut-free " * 1_000,
    # one run-on sentence (no full stop, line break or semicolon) weighed whole at each mention: before run-on
    # sentences were read in pieces of at most extraction.MAX_SENTENCE characters these took 3.5 s, 63 s and 3.5 s
    "'No latex issues ' repeated": "No latex issues " * 625,
    "'no nuts or latex allergies ' x": "no nuts or latex allergies " * 400,
    "'not allergic to latex ' repeated": "not allergic to latex " * 450,
    # semicolons join sentences into one statement: bounded like a sentence (before: 6.7 s)
    "'No latex issues; ' repeated": "No latex issues; " * 600,
    # an allergen named before "allergy" (allergy_lists._allergens_named_first): each noun reads the names in front of
    # it; a run of double-spaced words before one (the rule's first pattern backtracked: 16 words took minutes)
    "'sesame allergy, ' repeated": "sesame allergy, " * 625,
    "'word  ' x 1,600 then 'allergy'": "word  " * 1_600 + "allergy",
    # fields exported on one line (extraction._fields_on_own_lines): a run of pipes or tabs is read one at a time
    # (the first pattern took a run whole and backtracked: 10,000 pipes took 1.5 s)
    "'|' repeated": "|" * 10_000,
    "'Allergies: latex | ' repeated": "Allergies: latex | " * 525,
    # one term over and over (a line this long is no flag): each mention read its clause (up to MAX_SENTENCE
    # characters) again term by term, each scent read the list back to its start and each area walked it to its end.
    # Before each clause's text was prepared once for the rules that read it: 2.6 s, 6.5 s, 1.1 s, 0.43 s, 0.45 s,
    # 17 s, 4.3 s and 1.3 s, in this order
    "'🥜 ' repeated": "🥜 " * 5_000,
    "'🥜' x 10,000, no spaces": "🥜" * 10_000,
    "'🥜 | ' repeated": "🥜 | " * 2_500,
    "'(latex ' repeated": "(latex " * 1_430,
    "'latex, ' repeated": "latex, " * 1_430,
    "'rose ' repeated": "rose " * 2_000,
    "'lavender ' repeated": "lavender " * 1_100,
    "'neck ' repeated": "neck " * 2_000,
    # a run of spaces or tabs between a cue and its item: the clause and run-on patterns tried the run from each of its
    # spaces, reading it to its end each time (0.67 s each before)
    "'Allergies:' 10,000 spaces 'latex'": "Allergies:" + " " * 10_000 + "latex",
    # an intake export's question before a run of spaces (extraction._QA backtracked: 3.8 s at 20,000 spaces, rev51f)
    "'Q: Allergies?' 20,000 spaces 'x'": "Q: Allergies?" + " " * 20_000 + "x",
    # remedies under reaction headings on one line (each eased term read its line again: 5.3 s, rev51f)
    "'Rash: aloe helps, ' x 2,000": ", ".join("Rash: aloe helps" for _ in range(2_000)),
    "'Allergies:' 10,000 tabs 'latex'": "Allergies:" + "\t" * 10_000 + "latex",
    # spaced dashes after a heading: a list whose every pair of dashes is an aside (note_questions._asides), each
    # checked against every aside kept before it (a note with an en/em dash or " -- " is read twice, again with its
    # dashes written " - "). Before each was checked only against the one bracket that can overlap it, these six took
    # 248, 349, 364 and 267 ms, 7.6 s and 6.7 s (now 97, 179, 178 and 149 ms, 0.78 s and 1.37 s)
    "'Allergies:' ' - ' x 3,330 'latex'": "Allergies:" + " - " * 3_330 + "latex",
    "'Allergies:' ' – ' x 3,330 'latex'": "Allergies:" + " – " * 3_330 + "latex",
    "'Allergies:' ' — ' x 3,330 'latex'": "Allergies:" + " — " * 3_330 + "latex",
    "'Allergies:' ' -- ' x 2,500 'latex'": "Allergies:" + " -- " * 2_500 + "latex",
    # the same at 72,000 characters (squared, the check showed most): 24,000 dashes
    "'Allergies:' ' - ' x 24,000 'latex'": "Allergies:" + " - " * 24_000 + "latex",
    "'Allergies:' ' – ' x 24,000 'latex'": "Allergies:" + " – " * 24_000 + "latex",
    # dash notes of many terms: linear (each sentence of at most MAX_SENTENCE characters is read whole)
    "'Allergies — latex, nuts — hives — '": "Allergies — latex, nuts — hives — " * 300,
    "'Latex allergy – ' repeated": "Latex allergy – " * 625,
    # a yes before a run of blanks and another field (session 28): the yes patterns gave the run back a blank at a
    # time, each reading the rest of it (a review: 29.5 s for tabs, 143 s for 20,000 spaces); their blanks are
    # possessive now. So are the kinds' split and a question's blanks
    "'Allergies: yes,' 10,000 tabs 'Notes: none'": "Allergies: yes," + "\t" * 10_000 + "Notes: none",
    "'Latex allergy: yes,' 10,000 spaces 'Notes: none'": "Latex allergy: yes," + " " * 10_000 + "Notes: none",
    "'Allergies: yes -' 10,000 spaces 'Comments: none'": "Allergies: yes -" + " " * 10_000 + "Comments: none",
    "'Any allergies?' 10,000 spaces 'Yes, latex'": "Any allergies?" + " " * 10_000 + "Yes, latex",
    "'Allergies: Drug:' 10,000 spaces 'x'": "Allergies: Drug:" + " " * 10_000 + "x",
    "'Allergies: Drug: penicillin; Food: nuts | ' repeated": "Allergies: Drug: penicillin; Food: nuts | " * 250,
    "'Allergies: latex<TAB>Notes: ok<TAB>' repeated": "Allergies: latex\tNotes: ok\t" * 530,
    # an allergen's own field answered no read the whole rest of its line for each (8.6 s, then 0.09 s once each
    # reads its own field's answer)
    "'Latex allergy: yes, Notes: none<TAB>' repeated": "Latex allergy: yes, Notes: none\t" * 312,
}


#: The day the notes are read on (the reader's day is required since 5 December 2026; it decides only whether a year
#: in a note is long ago, and these notes hold none).
DAY = date.today()


def extraction_seconds(text: str, repeat: int = 3) -> float:
    """Median wall time of reading ``text`` with the offline extractor, each time afresh (the reader remembers its
    last readings: without clearing them, every timing after the first measured a look-up, 0.0 ms)."""
    timings = []
    for _ in range(repeat):
        _read_profile.cache_clear()
        began = time.perf_counter()
        extract_profile_offline(text, today=DAY)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def seconds(text: str, repeat: int = 3, *, name: str = "Okonkwo") -> float:
    """Median wall time of scrubbing ``text`` (with a name to look for, as briefings pass one)."""
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        scrub_pii(text, names=[name])
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


#: A model's SMS draft is checked (``check_text``) before a manager sees it: before the checks read only a draft's
#: first ``max_chars`` characters (a longer one is refused for its length), "1-1-1…" took 4 s and "one one …" 1.4 s.
DRAFT = ("Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm at Willow Spa with Ana. "
         "Reply YES to claim; we'll hold it for 10 minutes. ")
DRAFT_CHECKS = {"max_chars": 320, "menu_names": ["Deep Tissue Massage"], "allowed_prices": [140.0],
                "required": ["Reply YES"], "places": ["Willow Spa"], "greet": "Maya", "client_facing": True}
DRAFT_CASES = {"zero-width space" if unit == "\u200b" else repr(unit): unit for unit in
               ("99 ", "\u200b", "on us ", "only 99 ", "1.", "one ", "1-", "1", "AI ", "pregnant ", "half ")}


def draft_seconds(text: str, repeat: int = 3) -> float:
    """Median wall time of checking ``text`` as a guest's SMS draft."""
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        check_text(text, **DRAFT_CHECKS)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


#: What only a model's copy of a note is kept from (``scrub_for_model``, 5 Dec): companions' names after a cue or a
#: relation, streets, workplaces, towns; each rule's shape repeated, and a Title Case run (the rule's own guard). The
#: second pass's shapes too (a companion no list knows, a name in lower case after a relation, a Mississippi ZIP, a
#: workplace named after an allergen): within the first's (8.0x at most, "Sol booked for both", 159 ms).
MODEL_CASES = {repr(unit): (unit * (SIZE // len(unit) + 1))[:SIZE] for unit in (
    "came with Maria ", "Husband: Tom ", "Tom (husband) ", "Kevin said ", "Maria's husband ", "works at Goldman Sachs ",
    "lives in Santa Monica ", "on Fifth Avenue ", "Came With Makeup On ", "Emergency contact: Carlos Mendez ",
    "w/ Arnica ", "NY 10001 ", "came with Xiomara ", "Sol booked for both ", "came with Melasma ",
    "Jackson, MS 39201 ", "her husband mike ", "works at Latex Co ",
)}


def model_seconds(text: str, repeat: int = 3) -> float:
    """Median wall time of ``scrub_for_model`` on ``text`` (what a model's copy of a note passes)."""
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        scrub_for_model(text, names=["Okonkwo"])
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def main() -> None:
    baseline = seconds((ORDINARY * (SIZE // len(ORDINARY) + 1))[:SIZE])
    print(f"ordinary note, {SIZE} characters: {baseline * 1000:.1f} ms (baseline)")
    print(f"{'case':<34} {'chars':>6} {'ms':>8} {'ratio':>6}")
    for case, text in CASES.items():
        took = seconds(text)
        print(f"{case:<34} {len(text):>6} {took * 1000:>8.1f} {took / baseline:>6.2f}")
    for case, (text, name) in NAMED_CASES.items():
        took = seconds(text, name=name)
        print(f"{case:<34} {len(text):>6} {took * 1000:>8.1f} {took / baseline:>6.2f}")
    ordinary = (ORDINARY * (SIZE // len(ORDINARY) + 1))[:SIZE]
    model_baseline = model_seconds(ordinary)
    print(f"\nthe model's copy (scrub_for_model), ordinary note, {SIZE} characters: {model_baseline * 1000:.1f} ms "
          f"({model_baseline / baseline:.1f}x scrub_pii's)")
    for case, text in MODEL_CASES.items():
        took = model_seconds(text)
        print(f"{case:<34} {len(text):>6} {took * 1000:>8.1f} {took / model_baseline:>6.2f}")
    baseline = extraction_seconds(ordinary)
    print(f"\noffline extraction, ordinary note, {SIZE} characters: {baseline * 1000:.1f} ms (baseline)")
    for case, text in EXTRACTION_CASES.items():
        took = extraction_seconds(text)
        print(f"{case:<34} {len(text):>6} {took * 1000:>8.1f} {took / baseline:>6.2f}")
    baseline = draft_seconds((DRAFT * (SIZE // len(DRAFT) + 1))[:SIZE])
    print(f"\ndraft checks, ordinary draft repeated to {SIZE} characters: {baseline * 1000:.2f} ms (baseline)")
    for case, unit in DRAFT_CASES.items():
        text = (unit * (SIZE // len(unit) + 1))[:SIZE]
        took = draft_seconds(text)
        print(f"{'draft: ' + case + ' repeated':<34} {len(text):>6} {took * 1000:>8.2f} {took / baseline:>6.2f}")


if __name__ == "__main__":
    main()
