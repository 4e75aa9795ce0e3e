"""Boundaries: graph/ is the pure core and never imports Streamlit."""

from __future__ import annotations

import ast
import importlib

import pytest

from graph import LAYERS
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


# --- Layers (issue 10) ---
# graph/ is layered: graph.LAYERS lists the layer packages lowest first, graph.cli is on
# top. A module imports from its own package and the packages before it, never from a
# later one; inside a package, modules import each other, never their own facade (that
# is how a facade import turns into an import cycle); pages use the facades only.

PAGE_FILES = sorted([ROOT / "app.py", *(ROOT / "pages").rglob("*.py")])


def _layer_of(module: str) -> int | None:
    """Position of the layer ``module`` belongs to; ``len(LAYERS)`` for graph.cli."""
    parts = module.split(".")
    if parts[0] != "graph" or len(parts) < 2:
        return None
    if parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return len(LAYERS) if parts[1] == "cli" else None


def _graph_imports(path) -> list[tuple[str, list[str], bool]]:
    """Every ``graph`` import: (module, names, at module level)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (a.name, [], id(node) in top) for a in node.names if a.name.startswith("graph")
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module == "graph" or (node.module or "").startswith("graph."))
        ):
            found.append((node.module, [a.name for a in node.names], id(node) in top))
    return found


def _module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_top_of_graph_holds_only_layer_folders_and_the_command_line():
    flat = sorted(p.name for p in (ROOT / "graph").glob("*.py"))
    assert flat == ["__init__.py", "cli.py"]
    folders = {p.name for p in (ROOT / "graph").iterdir() if (p / "__init__.py").exists()}
    assert folders == set(LAYERS)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_modules_import_only_their_own_layer_and_the_layers_below(path):
    own = _module_name(path)
    if own == "graph":
        return
    mine = _layer_of(own)
    assert mine is not None, f"{own} is in no layer: move it into one of graph.LAYERS"
    wrong = []
    for module, names, _ in _graph_imports(path):
        targets = [f"{module}.{n}" for n in names] if module == "graph" else [module]
        wrong += [t for t in targets if _layer_of(t) is None or _layer_of(t) > mine]
    assert not wrong, f"{own} imports from a later layer or from no layer"


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_never_import_their_own_facade_at_module_level(path):
    own = _module_name(path)
    package = ".".join(own.split(".")[:2])
    if path.name == "__init__.py" or package == own:
        return
    assert not [m for m, _, top in _graph_imports(path) if top and m == package]


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_has_a_facade_that_exports_what_it_names(layer):
    package = importlib.import_module(f"graph.{layer}")
    assert package.__all__, f"graph.{layer} has no __all__"
    assert [n for n in package.__all__ if not hasattr(package, n)] == []
    assert list(package.__all__) == sorted(set(package.__all__), key=package.__all__.index)


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_import_the_core_through_the_layer_facades(path):
    wrong = []
    for module, names, _ in _graph_imports(path):
        parts = module.split(".")
        if len(parts) == 3 and parts[1] in LAYERS and names:
            # only a name the facade cannot hold: it is also the name of one of its modules
            folder = ROOT / "graph" / parts[1]
            wrong += [f"{module}.{n}" for n in names if not (folder / f"{n}.py").exists()]
            continue
        if len(parts) != 2 or parts[1] not in LAYERS or not names:
            wrong.append(module)
            continue
        facade = importlib.import_module(module)
        wrong += [f"{module}.{n}" for n in names if n not in facade.__all__]
    assert not wrong, "import these through the layer's facade (its __all__)"
