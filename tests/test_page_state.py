"""The page state: one EditedItem per kind, and every session key from pages/widgets/state.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages.widgets import state

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = sorted((ROOT / "pages").rglob("*.py"))
KEYED = {"key", "seen_key", "problems_key"}


def _bare_keys(path: Path) -> list[str]:
    """Session keys written as string literals (or f-strings) outside state.py."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        literal = (ast.Constant, ast.JoinedStr)
        if isinstance(node, ast.keyword) and node.arg in KEYED and isinstance(node.value, literal):
            found.append(f"{path.name}:{node.lineno} {node.arg}=")
        if (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value).endswith("session_state")
            and isinstance(node.slice, literal)
        ):
            found.append(f"{path.name}:{node.lineno} session_state[…]")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and ast.unparse(node.func.value).endswith("session_state")
            and node.args
            and isinstance(node.args[0], literal)
        ):
            found.append(f"{path.name}:{node.lineno} session_state.{node.func.attr}(…)")
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "st.form"
            and isinstance(node.args[0] if node.args else None, ast.JoinedStr)
        ):
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}(f…)")
    return found


@pytest.mark.parametrize("path", [p for p in PAGE_FILES if p.name != "state.py"], ids=str)
def test_pages_take_every_session_key_from_the_state_module(path: Path) -> None:
    assert not _bare_keys(path), "Nøkler skal hentes fra pages/widgets/state.py"


def test_every_key_follows_the_one_scheme() -> None:
    names = [
        value for name, value in vars(state).items() if name.isupper() and isinstance(value, str)
    ]
    names += [v for d in (state.SAKER_SELECTED,) for v in d.values()]
    for kind in state.ITEMS.values():
        names += [kind.content, kind.problems, kind.link, kind.pending, kind.conflict]
    assert names and all(name.split(".")[0] in state.AREAS for name in names), names
    assert len(set(names)) == len(names)


def _editing_script() -> None:
    """Replace, refuse and accept through the case item, as the pages do."""
    import streamlit as st

    from graph.format.editing import new_case_dict
    from graph.format.validation import validate_case
    from pages.widgets import state
    from pages.widgets.item import CASE

    CASE.messages()
    current = CASE.start(new_case_dict)
    st.text_input("Pseudonym", value=current.person.alias, key=state.person_field("alias"))
    if st.button("Bytt", key="test.replace"):
        replaced = validate_case({**CASE.content, "person": {"alias": "Ny"}})
        CASE.replace(replaced, "Byttet.")
        st.rerun()
    if st.button("Feil", key="test.bad"):
        CASE.update({**CASE.content, "person": {"alias": "", "age": 400}}, "Ikke lagret.", "-")


def test_replacing_forgets_what_the_widgets_showed_and_the_stored_link() -> None:
    at = AppTest.from_function(_editing_script).run()
    at.session_state[state.CASE.link] = {"id": 1, "version": 2, "name": "Lagret"}
    at.text_input(key=state.person_field("alias")).set_value("Gammel").run()
    next(b for b in at.button if b.key == "test.replace").click().run()
    assert at.session_state[state.CASE.content]["person"]["alias"] == "Ny"
    assert state.CASE.link not in at.session_state
    assert at.text_input(key=state.person_field("alias")).value == "Ny"
    assert [s.value for s in at.success] == ["Byttet\\."]


def test_a_refused_edit_keeps_the_last_good_item_and_says_why() -> None:
    at = AppTest.from_function(_editing_script).run()
    before = at.session_state[state.CASE.content]
    next(b for b in at.button if b.key == "test.bad").click().run()
    assert at.session_state[state.CASE.content] == before
    assert at.error and "Ikke lagret" in at.error[0].value
