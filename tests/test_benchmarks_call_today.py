"""The benchmarks' own calls of the product stay in step with it (session 27): ``scrub_worst_case.py`` and
``briefings.py`` called the notes reader without the day it has required since session 26, and failed at once;
nothing ran them. Timing stays in the scripts; this only calls their cheap parts once."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_worst_case_script_reads_a_note() -> None:
    bench = _load("scrub_worst_case")
    assert bench.extraction_seconds("Allergies: latex. Firm pressure.", repeat=1) > 0


def test_the_briefings_script_builds_its_guests() -> None:
    bench = _load("briefings")
    guests = bench.guests(5)
    assert len(guests) == 5
    assert guests[0].profile.values("allergies") == ["nutOil"]  # "Allergic to almond oil", read on the script's day
