"""A download never reruns the page (static check over every page module).

``st.download_button`` reruns the script on click unless told ``on_click="ignore"``.
The rerun replaces every deferred download on the page with a new one, so a user (or a
test) who clicks the next download before the browser has the new ids gets nothing:
the second of two quick downloads on Nettverkskart was lost under load in CI.
"""

from __future__ import annotations

import ast

import pytest

from tests.test_page_text import PAGE_FILES


def download_buttons(path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "download_button"
    ]


def test_the_pages_have_download_buttons():
    assert sum(len(download_buttons(path)) for path in PAGE_FILES) >= 5


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_every_download_leaves_the_page_as_it_is(path):
    for call in download_buttons(path):
        on_click = next((k.value for k in call.keywords if k.arg == "on_click"), None)
        assert isinstance(on_click, ast.Constant) and on_click.value == "ignore", (
            f'{path.name}:{call.lineno}: download_button uten on_click="ignore"'
        )
