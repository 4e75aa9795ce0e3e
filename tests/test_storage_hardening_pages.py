"""Issue 9 on «Lagrede saker» (findings 4, 6, 13): a long history stays cheap, a changed
version is refused with a message, unverified imports are marked, hidden fields are
shown, a mistaken value can be erased, and expired items are purged at start.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from graph.storage import Repository, ready_engine
from graph.storage.engine import DATABASE_URL_ENV, DB_DIR_ENV, DB_FILENAME
from pages.widgets import state
from tests.conftest import ROOT
from tests.storage_support import SECRET_CASE, small_case

APP = str(ROOT / "app.py")
PAGE = "pages/views/saker.py"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setenv(DB_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    engine = ready_engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine):
    return Repository(engine)


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _texts(elements) -> list[str]:
    return [e.value.replace("\\", "") for e in elements]


def _click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_long_history_loads_only_the_versions_shown(repo, monkeypatch):
    info = repo.create("case", small_case("V1"), note="Første")
    for number in range(1, 12):
        repo.save(info.id, small_case(f"V{number + 1}"), expected_version=number)
    loaded: list[str] = []
    for name in ("open", "open_pair", "export_bytes", "export_archive"):
        original = getattr(Repository, name)

        def counting(self, *args, _name=name, _original=original, **kwargs):
            loaded.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Repository, name, counting)
    at = _page()
    history = next(df.value for df in at.dataframe if "Versjon" in df.value.columns)
    assert list(history["Versjon"]) == list(range(12, 0, -1))
    assert {"Størrelse", "Opprinnelse"} <= set(history.columns)
    # One version shown and two compared: never the whole history.
    assert sorted(loaded) == ["open", "open_pair"], loaded
    loaded.clear()
    at.run()  # a rerun costs the same
    assert sorted(loaded) == ["open", "open_pair"], loaded
    loaded.clear()
    _click(at, "Eksporter med historikk")  # the export file only when asked for
    assert "export_bytes" in loaded
    assert any(b.label.startswith("Last ned eksportfilen") for b in at.get("download_button"))


def test_a_version_changed_in_the_database_shows_a_message_not_a_traceback(repo, engine):
    info = repo.create("case", small_case(), note="En")
    with engine.begin() as connection:
        connection.execute(text("UPDATE versions SET content = replace(content, 'Mor', 'Far')"))
    at = _page()
    errors = _texts(at.error)
    assert any("endret utenfor Tverrkart" in e and "Versjon 1" in e for e in errors), errors
    _click(at, "Eksporter med historikk")
    assert any("Eksporten ble ikke laget" in e for e in _texts(at.error))
    _click(at, "Kontroller alle versjoner")
    assert any("Versjon 1 er endret utenfor Tverrkart" in e for e in _texts(at.error))
    assert repo.info(info.id).version == 1


def test_an_unverified_import_is_marked_on_the_page(repo):
    info = repo.create("case", small_case(), note="En")
    repo.save(info.id, small_case("To"), expected_version=1, note="To")
    archive = repo.export_archive(info.id)
    del archive["hmac"]
    repo.delete(info.id)
    at = _page()
    at.file_uploader(key=state.SAKER_IMPORT_FILE).upload("sak.json", json.dumps(archive).encode())
    at.run()
    assert not at.exception
    assert any("ikke bekreftet" in s for s in _texts(at.success))
    assert any("Historikken er ikke bekreftet" in w for w in _texts(at.warning))
    history = next(df.value for df in at.dataframe if "Opprinnelse" in df.value.columns)
    assert set(history["Opprinnelse"]) == {"Importert, ikke bekreftet"}


def test_notes_and_contacts_are_shown_in_the_version_view(repo):
    repo.create("case", SECRET_CASE)
    at = _page()
    hidden = next(df.value for df in at.dataframe if "Felt" in df.value.columns)
    values = set(hidden["Verdi"])
    assert {"Ringer rektor hver fredag", "per.pedersen@skole.example", "Olamann"} <= values


def test_a_mistaken_name_is_erased_from_the_page_after_confirmation(repo):
    case = json.loads(json.dumps(SECRET_CASE))
    info = repo.create("case", case, note="Snakket med Kari Hemmeligsen")
    repo.save(info.id, {**case, "title": "Runde 2"}, expected_version=1)
    at = _page()
    at.text_input(key=state.saker_widget("erase_text", info.id)).input("Kari Hemmeligsen")
    at.text_input(key=state.saker_widget("erase_who", info.id)).input("Saksbehandler 7")
    _click(at, "Fjern fra alle versjoner")
    assert any("Kryss av" in w for w in _texts(at.warning))
    assert "Kari Hemmeligsen" in json.dumps(repo.open(info.id, 1).content, ensure_ascii=False)
    at.text_input(key=state.saker_widget("erase_text", info.id)).input("Kari Hemmeligsen")
    at.text_input(key=state.saker_widget("erase_who", info.id)).input("Saksbehandler 7")
    at.checkbox(key=state.saker_widget("erase_sure", info.id)).check()
    _click(at, "Fjern fra alle versjoner")
    assert any("Fjernet teksten fra 2 versjoner" in s for s in _texts(at.success))
    for number in (1, 2):
        stored = json.dumps(repo.open(info.id, number).content, ensure_ascii=False)
        assert "Kari Hemmeligsen" not in stored
    assert "Kari Hemmeligsen" not in repo.history(info.id)[-1].note
    log = next(df.value for df in at.dataframe if "Hvem" in df.value.columns)
    assert list(log["Hvem"]) == ["Saksbehandler 7"]
    assert "Kari" not in log.to_string()


def test_the_app_purges_expired_items_when_it_starts(repo, engine, tmp_path):
    from pages.widgets import storage_ui

    gone = repo.create("case", small_case("Gammel"))
    repo.delete(gone.id)
    long_ago = datetime.now(UTC) - timedelta(days=40)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE documents SET deleted_at = :t"), {"t": long_ago.replace(tzinfo=None)}
        )
    storage_ui._engine.clear()
    started = storage_ui._engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM documents")).scalar() == 0
    finally:
        storage_ui._engine.clear()
        started.dispose()
