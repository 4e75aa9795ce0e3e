"""Boundaries: graph/ is the pure core and never imports Streamlit."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

CORE_FILES = sorted((ROOT / "graph").rglob("*.py"))


def _imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_modules_never_import_streamlit(path):
    imported = _imported_modules(path)
    assert not {m for m in imported if m == "streamlit" or m.startswith("streamlit.")}


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_modules_never_import_pages(path):
    assert not {m for m in _imported_modules(path) if m == "pages" or m.startswith("pages.")}


def test_the_lint_rule_that_bans_streamlit_in_the_core_is_configured():
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"streamlit".msg' in config
    assert '"graph/**"' not in config.split("per-file-ignores", 1)[1]
