"""Which visit a guest is on ("Owen (26th visit)") is said by one public helper, ``domain.ordinal``, that the
briefing engine and the offline engine's summary both use: the engine imported the offline writer's private
``_ordinal``, an engine reaching into another package's private name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import spa_copilot
from spa_copilot import domain
from spa_copilot.ai import offline
from spa_copilot.engines import briefing

ENGINES = Path(spa_copilot.__file__).parent / "engines"


@pytest.mark.parametrize(
    ("n", "said"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (20, "20th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (26, "26th"), (101, "101st"), (111, "111th"),
     (112, "112th"), (113, "113th"), (121, "121st")],
)
def test_ordinal(n: int, said: str) -> None:
    assert domain.ordinal(n) == said


def test_the_briefing_and_the_offline_summary_say_it_with_the_same_helper() -> None:
    assert briefing.ordinal is domain.ordinal
    assert not hasattr(offline, "_ordinal")


def test_no_engine_imports_a_private_name_from_outside_the_engines() -> None:
    found = []
    for path in sorted(ENGINES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith(
                ("spa_copilot.engines", "__future__")
            ):
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []
