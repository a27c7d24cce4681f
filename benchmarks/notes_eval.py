"""Precision and recall per field of the offline notes → profile engine on the labelled notes.

    python benchmarks/notes_eval.py [--misses]

Scores ``tests/fixtures/notes_eval.jsonl`` (written with the rules: in-sample), and three held-out sets written
afterwards to estimate how the rules generalise: ``tests/fixtures/notes_holdout.jsonl``,
``tests/fixtures/notes_holdout2.jsonl`` (a reviewer's notes and probes plus new notes, 60 in all) and
``tests/fixtures/notes_holdout3.jsonl`` and ``tests/fixtures/notes_holdout4.jsonl`` (50 notes each written blind,
without reading the reader's rules, 3 Dec 2026; set 4 in other styles: med-spa charts, British English, dated
entries over several visits, dictation typos), and ``tests/fixtures/notes_holdout5.jsonl`` (60 notes written blind,
7 Dec 2026: all-caps alerts, shorthand, reaction-led lines, intake-form exports, Spanish, dictation errors, traps),
and ``tests/fixtures/notes_holdout6.jsonl`` (60 notes written blind, 7 Dec 2026: a hotel day spa's British,
Australian and Canadian wording, a men's grooming spa, physio-style clinic notes, therapists' notes to each other,
checkbox exports, very short alert lines, traps), and ``tests/fixtures/notes_holdout7.jsonl`` (60 notes written
blind, 7 Dec 2026: med-spa injectables and peels with relative dates, guest-written text pasted by the front desk,
couples and family bookings, French, Portuguese and Tagalog lines, tag lists and pipe exports, corrections over
visits, emoji, numbered and bulleted lists, traps).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pydantic.alias_generators import to_camel

from spa_copilot.ai.evaluation import load_eval_rows, score

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
GOAL = {"allergies": 0.9, "contraindications": 0.9}


def report(name: str, path: Path, *, show_misses: bool) -> bool:
    rows = load_eval_rows(path)
    started = time.perf_counter()
    result = score(rows)
    elapsed = time.perf_counter() - started
    print(f"\n{name}: {result.notes} notes, {elapsed * 1000 / max(result.notes, 1):.1f} ms per note (offline engine)")
    print(f"{'field':<20} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    ok = True
    for field, s in result.fields.items():
        goal = GOAL.get(field)
        mark = ""
        if goal is not None:
            met = s.recall >= goal
            ok &= met
            mark = f"  goal recall ≥ {goal}: {'met' if met else 'MISSED'}"
        print(
            f"{to_camel(field):<20} {s.precision:>9.2f} {s.recall:>7.2f} {s.true_positives:>4} "
            f"{s.false_positives:>4} {s.false_negatives:>4}{mark}"
        )
    if show_misses:
        for miss in result.misses:
            print("  miss:", miss)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    ok = report("evaluation set", FIXTURES / "notes_eval.jsonl", show_misses=args.misses)
    ok &= report("held-out set", FIXTURES / "notes_holdout.jsonl", show_misses=args.misses)
    ok &= report("held-out set 2", FIXTURES / "notes_holdout2.jsonl", show_misses=args.misses)
    ok &= report("held-out set 3", FIXTURES / "notes_holdout3.jsonl", show_misses=args.misses)
    ok &= report("held-out set 4", FIXTURES / "notes_holdout4.jsonl", show_misses=args.misses)
    ok &= report("held-out set 5", FIXTURES / "notes_holdout5.jsonl", show_misses=args.misses)
    ok &= report("held-out set 6", FIXTURES / "notes_holdout6.jsonl", show_misses=args.misses)
    ok &= report("held-out set 7", FIXTURES / "notes_holdout7.jsonl", show_misses=args.misses)
    print("\nsafety recall goal:", "met" if ok else "MISSED")


if __name__ == "__main__":
    main()
