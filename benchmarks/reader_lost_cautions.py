"""Which cautions a change to the offline notes reader loses: the therapist's DM lines for each of the review notes
(``benchmarks/reader_review_notes.json``: 2,379 notes reviewers wrote against the reader on 7 December 2026, and the
held-out sets' notes), read by a git revision and by the working tree, compared.

    python benchmarks/reader_lost_cautions.py [--base REV] [--out FILE]

Lists every note where a "Check:" line the base gives (or its SEVERE) is missing now, then the notes that gained one.
A rule that removes a caution must show its lost list before review (session 51: every such rule lost real ones).
Renamed allergens ("pcn allergy" → "penicillin allergy") show as lost and gained: judge them by eye.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = Path(__file__).resolve().parent / "reader_review_notes.json"
_READ = r'''
import json, sys
from datetime import date
sys.path.insert(0, sys.argv[1])
from tests.builders import dm_lines, service
HOT_STONE = service("sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy", "blood thinners", "varicose veins"])
out = {}
for note in json.load(open(sys.argv[2])):
    try:
        out[note] = dm_lines(note, HOT_STONE, day=date(2026, 12, 8))
    except Exception as exc:  # a crash is a finding too
        out[note] = f"CRASH {type(exc).__name__}"
json.dump(out, open(sys.argv[3], "w"))
'''


def _read_all(tree: Path, into: Path) -> dict[str, str]:
    subprocess.run([sys.executable, "-c", _READ, str(tree), str(NOTES), str(into)], check=True,
                   env={**os.environ, "PYTHONPATH": str(tree)})
    return json.loads(into.read_text())


def _checks(lines: str) -> set[str]:
    return {line for line in lines.split("\n") if line.startswith("Check:") and "No health details" not in line}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the git revision to compare with (default: HEAD)")
    parser.add_argument("--out", type=Path, help="also write the report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base_tree = Path(scratch) / "base"
        base_tree.mkdir()
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base_tree)], input=archive, check=True)
        before = _read_all(base_tree, Path(scratch) / "before.json")
        after = _read_all(ROOT, Path(scratch) / "after.json")
    lost, gained = [], []
    for note, said in before.items():
        now = after[note]
        if said == now:
            continue
        plain = {c.replace("SEVERE ", "") for c in _checks(now)}
        missing = [c for c in _checks(said) if c not in _checks(now) and ("SEVERE" in c or c.replace("SEVERE ", "") not in plain)]
        if missing or now.startswith("CRASH"):
            lost.append(f"LOST {note!r}\n   missing: {missing}\n   now: {now!r}")
        elif added := sorted(_checks(now) - _checks(said)):
            gained.append(f"GAINED {note!r}: {added}")
    report = "\n".join([f"{len(before)} notes; {len(lost)} lost a caution; {len(gained)} gained one", *lost, *gained])
    if args.out:
        args.out.write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
