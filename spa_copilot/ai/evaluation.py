"""Scoring the notes → profile extraction against a hand-labelled set (``tests/fixtures/notes_eval.jsonl``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic.alias_generators import to_camel

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import PROFILE_FIELDS, GuestProfile
from spa_copilot.domain import HealthHistory

Extractor = Callable[[str, HealthHistory | None], GuestProfile]


@dataclass
class FieldScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class EvalResult:
    notes: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in PROFILE_FIELDS})
    misses: list[str] = field(default_factory=list)  # "note-07 allergies: extra ['x'] missing ['y']"


def load_eval_rows(path: Path) -> list[dict[str, Any]]:
    """The labelled notes: ``{"id", "text", "intake"?, "expected": {camelCaseField: [values]}}`` per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


#: The day the labelled sets are read on. Fixed, not the machine's clock: their labels were written once ("Stopped
#: taking blood thinners in 2020" is past), and a score must not change with the day it is run on.
LABELLED_ON = date(2026, 11, 24)


def _offline(text: str, intake: HealthHistory | None) -> GuestProfile:
    return extract_profile_offline(text, intake=intake, today=LABELLED_ON)


def score(rows: Iterable[dict[str, Any]], extractor: Extractor = _offline) -> EvalResult:
    """Micro-averaged precision and recall per field (values compared as sets per note)."""
    result = EvalResult()
    for row in rows:
        result.notes += 1
        intake = HealthHistory.model_validate(row["intake"]) if row.get("intake") else None
        profile = extractor(row["text"], intake)
        for name in PROFILE_FIELDS:
            expected = set(row["expected"].get(to_camel(name), []))
            found = set(profile.values(name))
            scores = result.fields[name]
            scores.true_positives += len(expected & found)
            scores.false_positives += len(found - expected)
            scores.false_negatives += len(expected - found)
            if expected != found:
                result.misses.append(
                    f"{row['id']} {name}: extra {sorted(found - expected)} missing {sorted(expected - found)}"
                )
    return result
