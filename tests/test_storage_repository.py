"""The repository against SQLite and PostgreSQL: the same tests on both backends."""

from __future__ import annotations

import copy
import hashlib
import json
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from graph.format.validation import InvalidFileError
from graph.storage.engine import create_storage_engine
from graph.storage.repository import (
    RETENTION,
    ConflictError,
    DeletedError,
    NotFoundError,
    Repository,
    StorageError,
)
from tests.conftest import example_dict
from tests.storage_support import (
    MUNICIPALITY,
    SECRET_CASE,
    fresh_sqlite_url,
    small_case,
)


def _rows(engine) -> tuple:
    """Every row of both tables, to show that nothing at all changed."""
    with engine.connect() as connection:
        documents = connection.execute(text("SELECT * FROM documents ORDER BY id")).all()
        versions = connection.execute(text("SELECT * FROM versions ORDER BY id")).all()
    return tuple(documents), tuple(versions)


# --------------------------------------------------------------------------- basics


def test_save_list_and_open_keep_the_whole_file_with_unknown_keys(repo):
    info = repo.create("case", SECRET_CASE, note="Første møte")
    assert [d.name for d in repo.list("case")] == ["Oppfølging av Ola Hemmeligsen"]
    assert info.version == 1 and repo.list("municipality") == []
    opened = repo.open(info.id)
    assert opened.content == SECRET_CASE
    assert opened.content["hemmelig_felt"].startswith("Ekstra")
    assert opened.content["actors"][0]["note"] == "Ringer rektor hver fredag"
    assert opened.note == "Første møte" and opened.is_latest


def test_listing_puts_the_most_recently_saved_first(repo, clock):
    first = repo.create("case", small_case("Første"))
    clock.advance(minutes=1)
    repo.create("case", small_case("Andre"))
    clock.advance(minutes=1)
    repo.save(first.id, small_case("Første"), expected_version=1)
    assert [d.name for d in repo.list("case")] == ["Første", "Andre"]


def test_invalid_content_is_refused_and_nothing_is_stored(repo, engine):
    repo.create("case", small_case())
    before = _rows(engine)
    broken = small_case(ties=[{"from": "person", "to": "ukjent", "kind": "support"}])
    with pytest.raises(InvalidFileError):
        repo.create("case", broken)
    with pytest.raises(InvalidFileError):
        repo.save(repo.list("case")[0].id, broken, expected_version=1)
    assert _rows(engine) == before


def test_notes_and_names_with_a_national_id_are_refused(repo):
    with pytest.raises(StorageError, match="fødselsnummer"):
        repo.create("case", small_case(), note="Gjelder 01019010046")
    info = repo.create("case", small_case())
    with pytest.raises(StorageError, match="tom"):
        repo.rename(info.id, "   ")


def test_rename_changes_only_the_name(repo):
    info = repo.create("case", small_case("Gammelt navn"))
    renamed = repo.rename(info.id, "  Nytt\nnavn ")
    assert renamed.name == "Nytt navn" and renamed.version == 1
    assert repo.open(info.id).content["title"] == "Gammelt navn"
    assert [d.name for d in repo.list("case")] == ["Nytt navn"]


def test_duplicate_is_a_new_item_with_the_latest_content_and_a_fresh_history(repo):
    info = repo.create("case", small_case("Sak"))
    repo.save(info.id, small_case("Sak v2"), expected_version=1)
    copy_info = repo.duplicate(info.id)
    assert copy_info.id != info.id and copy_info.name == "Kopi av Sak"
    assert repo.open(copy_info.id).content["title"] == "Sak v2"
    assert [v.number for v in repo.history(copy_info.id)] == [1]
    assert repo.info(info.id).version == 2


def test_practice_copy_keeps_no_personal_text_anywhere(repo):
    info = repo.create("case", SECRET_CASE, note="Etter møte med Kari Hemmeligsen")
    practice = repo.practice_copy(info.id)
    archive = repo.export_archive(practice.id)  # name, notes and every version
    everything = json.dumps(archive, ensure_ascii=False)
    content = json.dumps(repo.open(practice.id).content, ensure_ascii=False)
    typed = [
        SECRET_CASE["title"],
        SECRET_CASE["person"]["alias"],
        "Olamann",
        "Storgata",
        "Hemmeligsen",
        "Ringer rektor",
        "Møtes",
        "3905",
    ]
    for actor in SECRET_CASE["actors"]:
        typed += [actor["id"], actor["label"], *([actor["contact"]] if "contact" in actor else [])]
    assert not [text for text in typed if text in everything]
    unknown_keys = ["kallenavn", "hemmelig_felt", "tillegg", "note", "contact", "municipality"]
    assert not [key for key in unknown_keys if f'"{key}"' in content]
    copied = json.loads(content)
    assert copied["title"] == "Øvingskopi" and copied["person"]["alias"] == "Personen"
    assert [a["label"] for a in copied["actors"]] == [
        "Foresatte",
        "Skole 1",
        "Skole 2",
        "SLT-koordinator",
        "Kontakter i ekstremt miljø",
    ]
    # The structure is what a workshop trains on: it stays.
    assert [a["type"] for a in copied["actors"]] == [a["type"] for a in SECRET_CASE["actors"]]
    assert [(t["kind"], t.get("strength")) for t in copied["ties"]] == [
        (t["kind"], t.get("strength")) for t in SECRET_CASE["ties"]
    ]
    assert copied["person"]["age"] == 16
    assert repo.history(practice.id)[0].note == "Øvingskopi uten personopplysninger"


def test_municipality_maps_are_stored_the_same_way(repo):
    info = repo.create("municipality", MUNICIPALITY, note="Første utkast")
    assert info.name == "Kommunekart 3905"
    changed = {**MUNICIPALITY, "structures": {**MUNICIPALITY["structures"], "ressursteam": True}}
    repo.save(info.id, changed, expected_version=1, note="Ressursteam opprettet")
    assert repo.open(info.id).content["structures"]["ressursteam"] is True
    assert repo.open(info.id, 1).content == MUNICIPALITY
    assert [v.note for v in repo.history(info.id)] == ["Ressursteam opprettet", "Første utkast"]
    assert [d.id for d in repo.list("municipality")] == [info.id]
    assert repo.list("case") == []
    with pytest.raises(InvalidFileError):
        repo.save(info.id, small_case(), expected_version=2)


# --------------------------------------------------------------------------- delete, restore, purge


def test_delete_hides_the_item_and_restore_brings_it_back_with_its_history(repo):
    info = repo.create("case", small_case())
    repo.save(info.id, small_case("To"), expected_version=1, note="Andre")
    repo.delete(info.id)
    assert repo.list("case") == []
    assert [d.id for d in repo.list("case", deleted=True)] == [info.id]
    with pytest.raises(DeletedError):
        repo.open(info.id)
    with pytest.raises(DeletedError):
        repo.save(info.id, small_case(), expected_version=2)
    repo.restore(info.id)
    assert [d.id for d in repo.list("case")] == [info.id]
    assert repo.list("case", deleted=True) == []
    assert [v.note for v in repo.history(info.id)] == ["Andre", ""]
    assert repo.open(info.id).content["title"] == "To"


def test_deleted_items_are_purged_after_30_days_and_not_before(repo, clock, engine):
    kept = repo.create("case", small_case("Beholdes"))
    gone = repo.create("case", small_case("Slettes"))
    repo.save(gone.id, small_case("Slettes v2"), expected_version=1)
    deleted = repo.delete(gone.id)
    assert deleted.purge_at == clock.now + RETENTION
    clock.advance(days=29, hours=23)
    assert repo.purge_expired() == 0
    assert [d.id for d in repo.list("case", deleted=True)] == [gone.id]
    clock.advance(hours=1)
    assert repo.purge_expired() == 1
    with pytest.raises(NotFoundError):
        repo.info(gone.id)
    assert repo.list("case", deleted=True) == []
    assert [d.id for d in repo.list("case")] == [kept.id]
    with engine.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM versions WHERE document_id = :id"), {"id": gone.id}
        ).scalar()
    assert left == 0
    # A new item never takes the id of a purged one.
    assert repo.create("case", small_case()).id > gone.id


def test_the_database_refuses_a_version_without_its_item(engine):
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO versions (document_id, number, saved_at, note, content, sha256) "
                "VALUES (4242, 1, '2026-01-01 00:00:00', '', '{}', '')"
            )
        )


# --------------------------------------------------------------------------- history and compare


def test_every_save_is_a_version_with_its_time_and_note(repo, clock):
    info = repo.create("case", small_case("v1"), note="Første møte")
    clock.advance(days=7)
    repo.save(info.id, small_case("v2"), expected_version=1, note="Etter møte 12.3.")
    clock.advance(days=7)
    repo.save(info.id, small_case("v3"), expected_version=2)
    history = repo.history(info.id)
    assert [(v.number, v.note) for v in history] == [
        (3, ""),
        (2, "Etter møte 12.3."),
        (1, "Første møte"),
    ]
    assert history[0].saved_at == clock.now and history[2].saved_at == clock.now.replace(day=12)
    assert repo.open(info.id, 1).content["title"] == "v1"
    earlier = repo.open(info.id, 2)
    assert earlier.content["title"] == "v2" and not earlier.is_latest
    with pytest.raises(NotFoundError):
        repo.open(info.id, 9)


def test_two_stored_versions_can_be_compared(repo):
    from graph.format.validation import validate_case
    from graph.storage.diff import compare_cases

    old = example_dict("elev-utreise")
    new = copy.deepcopy(old)
    new["actors"] = [a for a in new["actors"] if a["id"] != "mentor"]
    new["ties"] = [t for t in new["ties"] if "mentor" not in (t["from"], t["to"])]
    new["actors"].append({"id": "bup", "label": "BUP", "type": "helse", "closeness": 3})
    info = repo.create("case", old)
    repo.save(info.id, new, expected_version=1)
    diff = compare_cases(
        validate_case(repo.open(info.id, 1).content), validate_case(repo.open(info.id, 2).content)
    )
    assert {(a.id, a.change) for a in diff.actors} == {("bup", "added"), ("mentor", "removed")}
    assert [t.change for t in diff.ties] == ["removed"]


# --------------------------------------------------------------------------- export and import


def test_export_then_import_gives_the_same_item_with_every_version(repo, clock):
    info = repo.create("case", SECRET_CASE, note="Første")
    clock.advance(days=3)
    repo.save(info.id, small_case("Andre"), expected_version=1, note="Etter møte 12.3.")
    exported = repo.export_archive(info.id)
    data = json.dumps(exported, ensure_ascii=False).encode("utf-8")
    imported = repo.import_archive(data)
    # the same name would make the two impossible to tell apart in the list
    assert imported.id != info.id and imported.name == f"{info.name} (2)" and imported.version == 2
    imported_history, original = repo.history(imported.id), repo.history(info.id)
    assert [(v.number, v.saved_at, v.note, v.size) for v in imported_history] == [
        (v.number, v.saved_at, v.note, v.size) for v in original
    ]
    assert {v.origin for v in imported_history} == {"imported"}  # signed by this installation
    for number in (1, 2):
        assert repo.open(imported.id, number).content == repo.open(info.id, number).content
    assert repo.export_archive(imported.id)["versions"] == exported["versions"]


def test_a_single_case_file_can_be_imported_too(repo):
    imported = repo.import_archive(json.dumps(example_dict("ung-nett")).encode())
    assert imported.version == 1
    assert repo.open(imported.id).content == example_dict("ung-nett")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda archive: b"{ikke json",
        lambda archive: json.dumps({**archive, "format": "tverrkart-archive/2"}).encode(),
        lambda archive: json.dumps({**archive, "versions": []}).encode(),
        lambda archive: json.dumps(
            {
                **archive,
                "versions": [
                    *archive["versions"][:-1],
                    {
                        **archive["versions"][-1],
                        "content": {
                            **archive["versions"][-1]["content"],
                            "ties": [{"from": "person", "to": "finnes_ikke", "kind": "support"}],
                        },
                    },
                ],
            }
        ).encode(),
        lambda archive: json.dumps(
            {**archive, "versions": [{**v, "number": 7} for v in archive["versions"]]}
        ).encode(),
    ],
    ids=["not-json", "newer-format", "no-versions", "last-version-invalid", "bad-numbers"],
)
def test_an_invalid_import_changes_nothing(repo, engine, spoil):
    info = repo.create("case", small_case(), note="En")
    repo.save(info.id, small_case("To"), expected_version=1)
    archive = repo.export_archive(info.id)
    before = _rows(engine)
    with pytest.raises(InvalidFileError) as raised:
        repo.import_archive(spoil(archive))
    assert raised.value.problems
    assert _rows(engine) == before


def test_import_problems_name_the_version_and_the_place_in_words(repo):
    info = repo.create("case", small_case())
    archive = repo.export_archive(info.id)
    archive["versions"][0]["content"]["actors"][1]["closeness"] = 7
    with pytest.raises(InvalidFileError) as raised:
        repo.import_archive(json.dumps(archive).encode())
    problem = raised.value.problems[0]
    assert problem.friendly_location() == "Versjon nr. 1 → Aktør nr. 2 → nærhet"
    assert problem.json_path == "versions[0].content.actors[1].closeness"


def test_odd_characters_from_a_file_are_stored_and_read_back_exactly(repo):
    case = small_case("Tittel med \u202e og \u200b")  # control characters: see validation
    archive = {
        "format": "tverrkart-archive/1",
        "kind": "case",
        "name": "Navn\x00 med\tkontrolltegn",
        "versions": [
            {"number": 1, "saved_at": "2026-03-12T08:05:00Z", "note": "A\x00B", "content": case}
        ],
    }
    imported = repo.import_archive(json.dumps(archive).encode())
    assert imported.name == "Navn med kontrolltegn"
    assert repo.open(imported.id).content == case
    assert repo.history(imported.id)[0].note == "AB"
    archive["versions"][0]["content"]["title"] = "Halvt tegn \ud800"
    with pytest.raises(InvalidFileError):
        repo.import_archive(json.dumps(archive).encode())


# --------------------------------------------------------------------------- no lost updates


def test_the_second_of_two_sessions_gets_a_conflict_and_nothing_is_overwritten(repo):
    info = repo.create("case", small_case("Start"))
    first = repo.open(info.id)
    second = repo.open(info.id)
    repo.save(info.id, small_case("Første økt"), expected_version=first.number)
    with pytest.raises(ConflictError) as raised:
        repo.save(info.id, small_case("Andre økt"), expected_version=second.number)
    conflict = raised.value
    assert conflict.expected == 1 and conflict.stored.version == 2
    assert "nyere versjon" in str(conflict) and "ikke lagret" in str(conflict)
    assert repo.open(info.id).content["title"] == "Første økt"
    assert [v.number for v in repo.history(info.id)] == [2, 1]


def test_two_saves_at_the_same_moment_never_both_succeed(db_url, clock):
    engine_a, engine_b = create_storage_engine(db_url), create_storage_engine(db_url)
    try:
        repo_a, repo_b = Repository(engine_a, clock=clock), Repository(engine_b, clock=clock)
        info = repo_a.create("case", small_case())
        start = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def save(name: str, repo: Repository) -> None:
            start.wait()
            try:
                repo.save(info.id, small_case(name), expected_version=1)
                outcome[name] = "saved"
            except ConflictError:
                outcome[name] = "conflict"

        threads = [
            threading.Thread(target=save, args=("A", repo_a)),
            threading.Thread(target=save, args=("B", repo_b)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcome.values()) == ["conflict", "saved"]
        winner = next(name for name, result in outcome.items() if result == "saved")
        assert repo_a.open(info.id).content["title"] == winner
        assert repo_a.info(info.id).version == 2
    finally:
        engine_a.dispose()
        engine_b.dispose()


# ----------------------------------------------------------------- one transaction per save


def test_a_failure_in_the_middle_of_a_save_leaves_the_last_version_intact(repo, engine):
    info = repo.create("case", small_case("Siste gode"), note="God")
    before = _rows(engine)

    def fail_on_new_version(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO VERSIONS"):
            raise RuntimeError("simulert feil midt i lagringen")

    event.listen(engine, "before_cursor_execute", fail_on_new_version)
    try:
        with pytest.raises(RuntimeError, match="simulert"):
            repo.save(info.id, small_case("Halvferdig"), expected_version=1)
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_new_version)
    assert _rows(engine) == before
    assert repo.info(info.id).version == 1
    assert repo.open(info.id).content["title"] == "Siste gode"
    assert repo.save(info.id, small_case("Neste"), expected_version=1).version == 2


def test_stored_content_matches_its_checksum(repo, engine):
    info = repo.create("case", SECRET_CASE)
    with engine.connect() as connection:
        content, digest = connection.execute(
            text("SELECT content, sha256 FROM versions WHERE document_id = :id"), {"id": info.id}
        ).one()
    assert hashlib.sha256(content.encode("utf-8")).hexdigest() == digest


# --------------------------------------------------------------------------- SQLite settings


def test_every_sqlite_connection_has_wal_foreign_keys_and_a_busy_timeout(tmp_path, sqlite_template):
    engine = create_storage_engine(fresh_sqlite_url(sqlite_template, tmp_path))
    connections = [engine.connect() for _ in range(3)]  # three pooled connections
    try:
        for connection in connections:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() >= 5000
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        for connection in connections:
            connection.close()
        engine.dispose()


def test_a_new_item_never_takes_a_name_already_in_the_list(repo):
    first = repo.create("case", small_case("A"), name="Sak A")
    second = repo.create("case", small_case("B"), name="Sak A")
    third = repo.import_archive(json.dumps(repo.export_archive(first.id)).encode("utf-8"))
    copy = repo.duplicate(first.id, name="Sak A")
    assert [first.name, second.name, third.name, copy.name] == [
        "Sak A",
        "Sak A (2)",
        "Sak A (3)",
        "Sak A (4)",
    ]
    repo.delete(second.id)
    assert repo.create("case", small_case("C"), name="Sak A").name == "Sak A (2)"
