"""Tests and benchmarks read a map page only through its declared test hook.

The hook is ``window.tverrkart`` (documented at the top of graph/render/static/map.js).
The script's internals (its vis-network instance and data sets, formerly the globals
``network``, ``nodes`` and ``edges``, and the old ``body[data-ready]`` flag) may change
without notice, so no string of JavaScript in tests/ or benchmarks/ may name them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "tests", ROOT / "benchmarks")

FORBIDDEN = re.compile(
    r"(?<![\w.$-])(?:network|nodes|edges)\.\w+"  # network.getPositions(), nodes.get() …
    r"|window\.(?:network|nodes|edges)\b"
    r"|\bdataset\.ready\b|\bdata-ready\b"
)


def strings_of(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a Python file with its line (JavaScript lives in these)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def sources() -> list[Path]:
    files = [p for folder in FOLDERS for p in folder.rglob("*.py") if ".venv" not in p.parts]
    return sorted(p for p in files if p.resolve() != Path(__file__).resolve())


def test_the_pattern_catches_what_it_should():
    caught = [
        "() => network.getPositions()",
        "nodes.get().map((n) => n.id)",
        "document.body.dataset.ready === '1'",
        "window.network",
        "[data-ready]",
    ]
    allowed = [
        "() => window.tverrkart.positions()",
        "map.nodes().length",
        "from graph.analysis.network import case_graph",
        "spec.nodes",
        "/app/static/vendor/vis-network.min.js",
    ]
    assert all(FORBIDDEN.search(text) for text in caught)
    assert not any(FORBIDDEN.search(text) for text in allowed)


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_script_in_tests_or_benchmarks_touches_the_map_internals(path):
    hits = [
        f"{path.relative_to(ROOT)}:{line}: {match.group()}"
        for line, text in strings_of(path)
        for match in FORBIDDEN.finditer(text)
    ]
    assert not hits, "use window.tverrkart instead:\n" + "\n".join(hits)
