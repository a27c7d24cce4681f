"""Each xdist worker rewrites its share of the test modules' asserts into pytest's cache before it collects, and reads
the others' from there: every module was rewritten once by each worker (about twenty seconds of each one's start)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, assertstate_key

from tests.conftest import share_rewrites


def _modules(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for name in "abcd":
        path = folder / f"test_{name}.py"
        path.write_text(f"def test_{name}():\n    seen = 3\n    assert seen == 2\n")
        paths.append(path)
    (folder / "helper.py").write_text("X = 1\n")  # not a test module: never rewritten
    return paths


def _cached(path: Path) -> Path:
    return path.parent / "__pycache__" / (path.name[:-3] + PYC_TAIL)


def _as_worker(monkeypatch: pytest.MonkeyPatch, config: pytest.Config, folder: Path, worker: str) -> None:
    monkeypatch.setattr(config, "workerinput", {"workerid": worker, "workercount": 2}, raising=False)
    monkeypatch.setattr(config, "args", [str(folder)])


def test_each_worker_rewrites_its_share_once(
    pytestconfig: pytest.Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c, d = _modules(tmp_path / "suite")
    _as_worker(monkeypatch, pytestconfig, tmp_path / "suite", "gw0")
    assert share_rewrites(pytestconfig) == [a, c]
    assert [_cached(p).exists() for p in (a, b, c, d)] == [True, False, True, False]
    _as_worker(monkeypatch, pytestconfig, tmp_path / "suite", "gw1")
    assert share_rewrites(pytestconfig) == [b, d]
    assert share_rewrites(pytestconfig) == []  # already there: not rewritten again
    assert not (tmp_path / "suite" / "__pycache__" / ("helper" + PYC_TAIL)).exists()


def test_the_cache_holds_pytests_rewritten_asserts(
    pytestconfig: pytest.Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, *_ = _modules(tmp_path / "suite")
    _as_worker(monkeypatch, pytestconfig, tmp_path / "suite", "gw0")
    share_rewrites(pytestconfig)
    code = _read_pyc(a, _cached(a), pytestconfig.stash[assertstate_key].trace)
    assert code is not None  # what collecting reads: checked against the module's size and time
    namespace: dict = {}
    exec(code, namespace)
    with pytest.raises(AssertionError) as failed:
        namespace["test_a"]()
    assert "assert 3 == 2" in str(failed.value)  # the rewritten assert's explanation, not a bare AssertionError


def test_nothing_is_done_outside_xdist_or_without_rewriting(
    pytestconfig: pytest.Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, *_ = _modules(tmp_path / "suite")
    monkeypatch.setattr(pytestconfig, "args", [str(tmp_path / "suite")])
    monkeypatch.delattr(pytestconfig, "workerinput", raising=False)
    assert share_rewrites(pytestconfig) == []
    _as_worker(monkeypatch, pytestconfig, tmp_path / "suite", "gw0")
    monkeypatch.setattr(pytestconfig.option, "assertmode", "plain")
    assert share_rewrites(pytestconfig) == []
    assert not _cached(a).exists()
