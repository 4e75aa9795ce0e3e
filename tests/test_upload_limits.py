"""Uploads are bounded and freed (issue 9, finding 4), checked with AppTest.

Before: 60 uploads of 4.9 MiB were accepted in 1.8 s, 296 MB stayed on the server 150 s
after the tab closed, and «Oversikt» kept every uploaded file. Now each page reads an
uploaded file once, frees its bytes on the server, keeps only what it read, and a tab
may upload at most :data:`graph.format.limits.MAX_SESSION_UPLOAD_BYTES` bytes and «Oversikt»
at most :data:`graph.format.limits.MAX_UPLOAD_FILES` files at a time; beyond that the page
says so in Norwegian, with what to do, and keeps working.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFile
from streamlit.testing.v1 import AppTest

from graph.format.limits import MAX_ACTORS, MAX_SESSION_UPLOAD_BYTES, MAX_UPLOAD_FILES
from graph.municipality.files import LoadedFile
from graph.storage import ready_engine
from graph.storage.engine import DATABASE_URL_ENV, DB_DIR_ENV, DB_FILENAME
from graph.storage.repository import Repository
from pages.widgets import state
from tests.conftest import ROOT

NETTVERKSKART = "pages/views/nettverkskart.py"
KOMMUNE = "pages/views/kommune.py"
OVERSIKT = "pages/views/oversikt.py"
BIG = 4_900_000  # just under the server's 5 MB upload limit


def page(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def shown(element) -> str:
    return re.sub(r"\\(.)", r"\1", element.value).replace("\u2060", "")


def errors(at: AppTest) -> list[str]:
    return [shown(e) for e in at.error]


def municipality(number: str) -> bytes:
    return json.dumps(
        {"format": "tverrkart-municipality/1", "kommunenummer": number, "actors": []}
    ).encode()


@pytest.fixture
def released(monkeypatch) -> list[str]:
    """The file ids the pages asked the server to forget."""
    freed: list[str] = []
    original = MemoryUploadedFileManager.remove_file

    def remove_file(self, session_id: str, file_id: str) -> None:
        freed.append(file_id)
        original(self, session_id, file_id)

    monkeypatch.setattr(MemoryUploadedFileManager, "remove_file", remove_file)
    return freed


def test_an_uploaded_case_is_read_once_and_freed_on_the_server(released) -> None:
    at = page(NETTVERKSKART)
    case = {"format": "tverrkart-case/1", "title": "Opplastet", "person": {"alias": "A"}}
    at.file_uploader(key=state.CASE.upload).upload("sak.json", json.dumps(case).encode())
    at.run()
    assert not at.exception
    assert at.session_state[state.CASE.content]["title"] == "Opplastet"
    assert len(released) == 1
    at.run()  # a later run does not read it again
    assert len(released) == 1


def test_a_tab_may_upload_at_most_50_mb_then_it_is_told_what_to_do(released) -> None:
    at = page(NETTVERKSKART)
    allowed = MAX_SESSION_UPLOAD_BYTES // BIG
    for number in range(allowed):
        at.file_uploader(key=state.CASE.upload).set_value(
            (f"{number}.json", b" " * BIG, "text/json")
        )
        at.run()
        assert "ikke gyldig JSON" in errors(at)[0], errors(at)
    at.file_uploader(key=state.CASE.upload).set_value(("en-til.json", b" " * BIG, "text/json"))
    at.run()
    assert not at.exception
    [message] = errors(at)
    assert "Filen «en-til.json» ble ikke åpnet" in message
    assert "lastet opp nesten 50 MB i denne fanen" in message
    assert "lukk fanen og åpne Tverrkart på nytt" in message
    assert len(released) == allowed + 1  # the refused file is freed too
    # The page keeps working: the example still opens.
    next(b for b in at.button if b.key == state.CASE.widget("open_example")).click()
    at.run()
    assert not at.exception and at.session_state[state.CASE.content]["actors"]


def test_a_case_over_the_size_limit_is_refused_on_the_page() -> None:
    at = page(NETTVERKSKART)
    actors = [{"id": f"a{i}", "label": f"A {i}", "type": "venner"} for i in range(MAX_ACTORS + 1)]
    case = {"format": "tverrkart-case/1", "person": {"alias": "A"}, "actors": actors}
    at.file_uploader(key=state.CASE.upload).upload("stor.json", json.dumps(case).encode())
    at.run()
    assert not at.exception
    [message] = errors(at)
    assert f"saken har {MAX_ACTORS + 1} aktører; Tverrkart tar høyst {MAX_ACTORS}" in message
    assert "Saken du hadde, er uendret" in message


def test_a_municipality_upload_is_freed_and_counted_too(released) -> None:
    at = page(KOMMUNE)
    at.file_uploader(key=state.MUNICIPALITY.upload).upload("k.json", municipality("3903"))
    at.run()
    assert (
        not at.exception and at.session_state[state.MUNICIPALITY.content]["kommunenummer"] == "3903"
    )
    assert len(released) == 1
    assert at.session_state[state.UPLOADED_SO_FAR] == [1, len(municipality("3903"))]


def test_oversikt_reads_at_most_400_files_at_a_time_and_keeps_working(released) -> None:
    at = page(OVERSIKT)
    files = [(f"{i}.json", municipality("0301"), "application/json") for i in range(401)]
    at.file_uploader(key=state.OVERSIKT_UPLOAD).set_value(files)
    at.run()
    assert not at.exception
    [message] = [e for e in errors(at) if "om gangen" in e]
    assert f"Oversikt leser høyst {MAX_UPLOAD_FILES} filer om gangen" in message
    assert "1 av filene ble ikke lest" in message and "Fjern filer du ikke trenger" in message
    assert len(at.dataframe[0].value) == MAX_UPLOAD_FILES
    assert len(released) == 401  # read or not, every file is freed
    at.selectbox(key=state.OVERSIKT_SORT).set_value("name").run()  # still works
    assert not at.exception and len(at.dataframe[0].value) == MAX_UPLOAD_FILES


def test_oversikt_keeps_only_what_it_read_not_the_files(released) -> None:
    at = page(OVERSIKT)
    at.file_uploader(key=state.OVERSIKT_UPLOAD).set_value(
        [
            ("oslo.json", municipality("0301"), "application/json"),
            ("feil.json", b"{", "application/json"),
        ]
    )
    at.run()
    assert not at.exception
    assert list(at.dataframe[0].value["Kommune"]) == ["Oslo"]
    kept = at.session_state[state.OVERSIKT_UPLOADED]
    assert len(kept) == 2 and len(released) == 2
    for loaded, _entry in kept.values():
        assert isinstance(loaded, LoadedFile)
    for key in (state.OVERSIKT_UPLOADED, state.OVERSIKT_CACHE, state.UPLOADED_SO_FAR):
        if key in at.session_state:
            nested = _values(at.session_state[key])
            assert not any(isinstance(v, bytes | UploadedFile) for v in nested), key
    # The file objects the uploader widget keeps in its state hold no bytes either.
    assert [f.getvalue() for f in at.session_state[state.OVERSIKT_UPLOAD]] == [b"", b""]
    at.run()  # read once: a later run reads nothing again
    assert len(released) == 2 and list(at.dataframe[0].value["Kommune"]) == ["Oslo"]


def _values(value) -> list:
    """Every value nested in dicts, lists and tuples."""
    if isinstance(value, dict):
        return [v for item in value.values() for v in [item, *_values(item)]]
    if isinstance(value, list | tuple):
        return [v for item in value for v in [item, *_values(item)]]
    return []


def test_an_import_is_freed_and_refused_beyond_the_tabs_limit(
    released, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(DB_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    repo = Repository(ready_engine(f"sqlite:///{tmp_path / DB_FILENAME}"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.switch_page("pages/views/saker.py").run()
    case = {"format": "tverrkart-case/1", "title": "Importert", "person": {"alias": "A"}}
    at.file_uploader(key=state.SAKER_IMPORT_FILE).upload("sak.json", json.dumps(case).encode())
    at.run()
    assert not at.exception and [d.name for d in repo.list("case")] == ["Importert"]
    assert len(released) == 1
    at.session_state[state.UPLOADED_SO_FAR] = [0, MAX_SESSION_UPLOAD_BYTES]  # the tab is full
    at.file_uploader(key=state.SAKER_IMPORT_FILE).set_value(
        ("neste.json", b"{}", "application/json")
    )
    at.run()
    assert not at.exception
    assert any("lukk fanen og åpne Tverrkart på nytt" in e for e in errors(at)), errors(at)
    assert len(repo.list("case")) == 1 and len(released) == 2
