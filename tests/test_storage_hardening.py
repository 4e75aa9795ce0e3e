"""Issue 9 (findings 4, 6, 11, 13): lazy history, tamper-evident history, recovery
after a read-only database, scheduled purge and erasing a mistaken value.

Every test runs on SQLite and, when ``TVERRKART_TEST_POSTGRES_URL`` is set, on
PostgreSQL too.
"""

from __future__ import annotations

import json
import logging
import os

import pytest
from sqlalchemy import event, text

from graph.format.validation import InvalidFileError
from graph.storage.engine import create_storage_engine
from graph.storage.erasure import hidden_fields
from graph.storage.repository import (
    RETENTION,
    ChecksumError,
    Repository,
    StorageError,
)
from tests.storage_support import (
    MUNICIPALITY,
    SECRET_CASE,
    small_case,
)


def _statements(engine):
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen


def _big_case(title: str, actors: int = 200) -> dict:
    case = small_case(title)
    case["actors"] = [
        {"id": f"a{i}", "label": f"Aktør {i}", "type": "skole", "note": "x" * 500}
        for i in range(actors)
    ]
    case["ties"] = []
    return case


# --------------------------------------------------------------------------- finding 4


def test_listing_versions_reads_no_content_and_gives_each_size(repo, engine):
    info = repo.create("case", _big_case("V1"), note="Første")
    for number in range(1, 6):
        repo.save(info.id, _big_case(f"V{number + 1}"), expected_version=number)
    seen = _statements(engine)
    history = repo.history(info.id)
    assert [v.number for v in history] == [6, 5, 4, 3, 2, 1]
    assert not [s for s in seen if "content" in s], seen
    with engine.connect() as connection:
        sizes = dict(
            connection.execute(
                text("SELECT number, content FROM versions WHERE document_id = :d"),
                {"d": info.id},
            ).all()
        )
    assert {v.number: v.size for v in history} == {
        n: len(body.encode("utf-8")) for n, body in sizes.items()
    }
    assert all(v.size > 100_000 for v in history)
    assert {v.origin for v in history} == {"saved"}


# --------------------------------------------------------------------------- finding 6


def _tamper(engine, doc_id: int, number: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE versions SET content = replace(content, 'Mor', 'Stemor') "
                "WHERE document_id = :d AND number = :n"
            ),
            {"d": doc_id, "n": number},
        )


def test_a_version_changed_in_the_database_is_refused_on_every_read(repo, engine):
    info = repo.create("case", small_case(), note="En")
    repo.save(info.id, small_case("To"), expected_version=1)
    _tamper(engine, info.id, 1)
    with pytest.raises(ChecksumError) as raised:
        repo.open(info.id, 1)
    message = str(raised.value)
    assert "Versjon 1" in message and "endret utenfor Tverrkart" in message
    assert "kontrollsummen" in message and "sikkerhetskopi" in message
    with pytest.raises(ChecksumError):
        repo.export_bytes(info.id)
    assert repo.open(info.id).content == small_case("To")  # the untouched version still opens


def test_checking_every_version_names_the_changed_ones(repo, engine):
    info = repo.create("case", small_case(), note="En")
    repo.save(info.id, small_case("To"), expected_version=1)
    repo.save(info.id, small_case("Tre"), expected_version=2)
    assert repo.verify(info.id) == []
    _tamper(engine, info.id, 2)
    assert repo.verify(info.id) == [2]


def test_a_plain_case_file_is_one_version_saved_now(repo, clock):
    imported = repo.import_archive(json.dumps(small_case()).encode())
    [version] = repo.history(imported.id)
    assert (version.origin, version.saved_at) == ("saved", clock.now)


def _archive(repo, clock) -> tuple[int, dict]:
    info = repo.create("case", small_case(), note="En")
    clock.advance(days=1)
    repo.save(info.id, small_case("To"), expected_version=1, note="To")
    clock.advance(days=1)
    return info.id, repo.export_archive(info.id)


def _dump(archive: dict) -> bytes:
    return json.dumps(archive, ensure_ascii=False).encode("utf-8")


def test_an_archive_from_this_installation_keeps_its_times_marked_as_imported(repo, clock):
    doc_id, archive = _archive(repo, clock)
    assert archive["hmac"]["algorithm"] == "hmac-sha256"
    assert all(len(v["sha256"]) == 64 for v in archive["versions"])
    imported = repo.import_archive(_dump(archive))
    history = repo.history(imported.id)
    assert [v.saved_at for v in history] == [v.saved_at for v in repo.history(doc_id)]
    assert {v.origin for v in history} == {"imported"}


def _change_content_keep_checksum(archive):
    archive["versions"][0]["content"]["title"] = "Forfalsket"


def _bogus_checksum(archive):
    archive["versions"][1]["sha256"] = "0" * 64


def _time_1970(archive):
    archive["versions"][0]["saved_at"] = "1970-01-01T00:00:00+00:00"


def _time_2099(archive):
    archive["versions"][1]["saved_at"] = "2099-01-01T00:00:00+00:00"


def _out_of_order(archive):
    first, second = archive["versions"]
    first["saved_at"], second["saved_at"] = second["saved_at"], first["saved_at"]


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (_change_content_keep_checksum, "stemmer ikke med innholdet"),
        (_bogus_checksum, "stemmer ikke med innholdet"),
        (_time_1970, "før år 2000"),
        (_time_2099, "i fremtiden"),
        (_out_of_order, "tidligere enn versjonen før"),
    ],
    ids=["changed-content", "bogus-checksum", "1970", "2099", "out-of-order"],
)
def test_a_forged_archive_is_refused_and_changes_nothing(repo, clock, spoil, words):
    _doc_id, archive = _archive(repo, clock)
    spoil(archive)
    before = [(i.id, i.version) for i in repo.list("case")]
    with pytest.raises(InvalidFileError) as raised:
        repo.import_archive(_dump(archive))
    assert any(words in p.message for p in raised.value.problems), raised.value.problems
    assert [(i.id, i.version) for i in repo.list("case")] == before


def _resum(archive):
    from graph.storage.integrity import serialise

    for version in archive["versions"]:
        version["sha256"] = serialise(version["content"])[1]


def _content_changed_and_resummed(archive):
    archive["versions"][0]["content"]["title"] = "Forfalsket"
    _resum(archive)


def _note_changed(archive):
    archive["versions"][0]["note"] = "Skrevet om etterpå"


def _time_moved(archive):
    archive["versions"][0]["saved_at"] = "2026-03-01T09:00:00+00:00"


def _no_signature(archive):
    del archive["hmac"]


def _old_format_without_checksums(archive):
    del archive["hmac"]
    for version in archive["versions"]:
        del version["sha256"]


@pytest.mark.parametrize(
    "spoil",
    [
        _content_changed_and_resummed,
        _note_changed,
        _time_moved,
        _no_signature,
        _old_format_without_checksums,
    ],
)
def test_an_archive_without_a_valid_signature_is_a_new_item_marked_unverified(repo, clock, spoil):
    doc_id, archive = _archive(repo, clock)
    spoil(archive)
    imported = repo.import_archive(_dump(archive))
    assert imported.id != doc_id
    assert {v.origin for v in repo.history(imported.id)} == {"unverified"}
    assert {v.origin for v in repo.history(doc_id)} == {"saved"}  # the original is untouched
    assert repo.open(imported.id).origin == "unverified"


def test_an_archive_from_another_installation_is_marked_unverified(db_url, repo, clock):
    _doc_id, archive = _archive(repo, clock)
    engine = create_storage_engine(db_url)
    with engine.begin() as connection:  # another installation: another key
        connection.execute(text("UPDATE installation SET value = :v"), {"v": "ab" * 32})
    engine.dispose()
    imported = repo.import_archive(_dump(archive))
    assert {v.origin for v in repo.history(imported.id)} == {"unverified"}


def test_the_installation_key_is_made_once_and_kept(engine, clock):
    first, second = Repository(engine, clock=clock), Repository(engine, clock=clock)
    info = first.create("case", small_case())
    archive = first.export_archive(info.id)
    assert second.export_archive(info.id)["hmac"] == archive["hmac"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM installation")).scalar() == 1


# --------------------------------------------------------------------------- finding 11


def _make_pooled_connections_read_only(engine) -> None:
    """Leave the pooled connection read-only, as SQLite does when it opens a file it
    cannot write (it falls back to read-only for the connection's lifetime)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA query_only = ON")
        else:
            connection.exec_driver_sql("SET SESSION default_transaction_read_only = on")
        connection.commit()


def test_saves_work_again_without_a_restart_once_the_database_is_writable(repo, engine, caplog):
    info = repo.create("case", small_case(), note="En")
    _make_pooled_connections_read_only(engine)
    caplog.set_level(logging.WARNING, logger="graph.storage.repository")
    with pytest.raises(Exception) as raised:
        repo.save(info.id, small_case("To"), expected_version=1)
    assert "read" in str(raised.value).lower()
    assert repo.info(info.id).version == 1  # the failed save kept the last good state
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "read" in logged.lower() and "only" in logged.lower(), logged  # the cause
    assert "Mor" not in logged  # and no content
    saved = [repo.save(info.id, small_case(f"V{n}"), expected_version=n) for n in (1, 2, 3, 4)]
    assert [s.version for s in saved] == [2, 3, 4, 5]


# --------------------------------------------------------------------------- finding 13


def test_expired_items_are_purged_by_a_list_or_save_without_opening_any_page(repo, clock):
    gone = repo.create("case", small_case("Gammel"))
    kept = repo.create("case", small_case("I bruk"))
    repo.delete(gone.id)
    assert repo.list("case", deleted=True)
    clock.advance(days=RETENTION.days + 1)
    assert repo.list("case", deleted=True) == []
    with pytest.raises(StorageError):
        repo.info(gone.id)
    repo.save(kept.id, small_case("I bruk 2"), expected_version=1)


def test_hidden_fields_list_notes_and_contacts(repo):
    info = repo.create("case", SECRET_CASE)
    rows = hidden_fields("case", repo.open(info.id).content)
    values = {(r["Felt"], r["Verdi"]) for r in rows}
    assert ("note", "Ringer rektor hver fredag") in values
    assert ("contact", "per.pedersen@skole.example") in values
    assert ("kallenavn", "Olamann") in values
    municipality = repo.create("municipality", {**MUNICIPALITY, "merknad": "Ring Per"})
    rows = hidden_fields("municipality", repo.open(municipality.id).content)
    assert ("merknad", "Ring Per") in {(r["Felt"], r["Verdi"]) for r in rows}


def _raw_database_text(engine, db_url) -> bytes:
    if engine.dialect.name != "sqlite":
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT content || note FROM versions")).all()
            return "".join(r[0] for r in rows).encode("utf-8")
    path = db_url.removeprefix("sqlite:///")
    return b"".join(open(p, "rb").read() for p in (path, path + "-wal") if os.path.exists(p))


def test_a_mistaken_name_is_erased_from_every_version_and_logged_without_it(
    repo, engine, clock, db_url
):
    case = copy_with_name("Kari Hemmeligsen")
    info = repo.create("case", case, note="Ringte Kari Hemmeligsen")
    for number in (1, 2):
        clock.advance(hours=1)
        case["title"] = f"Runde {number}"
        repo.save(info.id, case, expected_version=number)
    repo.save(info.id, small_case("Uten navnet"), expected_version=3)
    assert b"Kari Hemmeligsen" in _raw_database_text(engine, db_url)
    changed, fields = repo.erase_text(info.id, "Kari Hemmeligsen", erased_by="Saksbehandler 7")
    assert changed == 3
    assert "actors.0.label" in fields and "merknad" in fields
    assert b"Kari Hemmeligsen" not in _raw_database_text(engine, db_url)
    for number in (1, 2, 3, 4):  # every version still passes its checksum
        content = repo.open(info.id, number).content
        assert "Kari Hemmeligsen" not in json.dumps(content, ensure_ascii=False)
    assert repo.open(info.id, 1).content["actors"][0]["label"] == "[fjernet] (mor)"
    assert repo.history(info.id)[-1].note == "Ringte [fjernet]"
    [logged] = repo.erasures(info.id)
    assert logged["erased_by"] == "Saksbehandler 7" and logged["versions_changed"] == 3
    assert logged["erased_at"] == clock.now
    assert "Kari" not in json.dumps(logged, default=str)


def copy_with_name(name: str) -> dict:
    case = json.loads(json.dumps(SECRET_CASE))
    case["actors"][0]["label"] = f"{name} (mor)"
    case["actors"][0]["note"] = f"{name} ringer rektor"
    return case


def test_erasing_refuses_what_would_break_the_file_and_changes_nothing(repo, engine):
    info = repo.create("case", SECRET_CASE)
    before = repo.export_archive(info.id)["versions"]
    with pytest.raises(StorageError, match="ugyldig"):
        repo.erase_text(info.id, "person", erased_by="Saksbehandler 7")
    with pytest.raises(StorageError, match="Fant ikke"):
        repo.erase_text(info.id, "Finnes ikke", erased_by="Saksbehandler 7")
    with pytest.raises(StorageError):
        repo.erase_text(info.id, "Kari", erased_by="")
    assert repo.export_archive(info.id)["versions"] == before
    assert repo.erasures(info.id) == []


def test_purge_interval_keeps_listing_cheap(repo, engine, clock):
    repo.list("case")
    seen = _statements(engine)
    clock.advance(minutes=5)
    repo.list("case")
    queries = [s for s in seen if s.startswith("SELECT")]
    assert len(queries) == 1, queries  # only the list itself, no purge check
    clock.advance(hours=2)
    repo.list("case")
    assert len([s for s in seen if s.startswith("SELECT")]) == 3  # purge check, then list


def test_the_erasure_command_reads_the_text_from_stdin_and_logs_without_it(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    url = f"sqlite:///{tmp_path / 'tverrkart.sqlite3'}"
    engine = create_storage_engine(url)
    from graph.storage.schema import upgrade_to_head

    upgrade_to_head(engine)
    repo = Repository(engine)
    info = repo.create("case", copy_with_name("Kari Hemmeligsen"))
    env = {**os.environ, "TVERRKART_DB_DIR": str(tmp_path)}
    env.pop("TVERRKART_DATABASE_URL", None)

    def erase(*args, text):
        return subprocess.run(
            [sys.executable, "-m", "graph.storage.erasure", *args],
            input=text,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = erase(str(info.id), "--av", "Drift", text="Kari Hemmeligsen\n")
    assert done.returncode == 0, done.stderr
    assert "Fjernet teksten fra én versjon" in done.stdout
    assert "Kari" not in done.stdout
    assert "Kari Hemmeligsen" not in json.dumps(repo.open(info.id).content, ensure_ascii=False)
    again = erase(str(info.id), "--av", "Drift", text="Kari Hemmeligsen\n")
    assert again.returncode == 2 and "Ingenting er endret" in again.stderr
    assert [e["erased_by"] for e in repo.erasures(info.id)] == ["Drift"]
    engine.dispose()
