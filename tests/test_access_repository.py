"""Need-to-know access in the storage layer (issue 13), on SQLite and PostgreSQL.

Every repository function is called by a user who is not a member of a case: none
returns anything of it or changes it, each attempt is refused with the words used for
an item that does not exist, and each is logged as a denied attempt. Then the roles
(``eier``, ``redaktør``, ``leser``), the planner role for municipality maps, the
administrator's overview, and the access log itself.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from graph.storage.access import ADMIN, LOCAL, PLANNER, Actor
from graph.storage.repository import (
    NOT_FOUND,
    AccessDeniedError,
    NotFoundError,
    Repository,
    StorageError,
)
from tests.storage_support import MUNICIPALITY, SECRET_CASE, small_case

ANNE = Actor("sub-anne", "Anne Eier")
BJORN = Actor("sub-bjorn", "Bjørn Utenfor")
ADMINISTRATOR = Actor("sub-admin", "Ada Admin", frozenset({ADMIN}))
PLANNER_USER = Actor("sub-plan", "Per Planlegger", frozenset({PLANNER}))


def as_user(engine, clock, actor: Actor) -> Repository:
    repo = Repository(engine, clock=clock, actor=actor)
    repo.record_login()
    return repo


@pytest.fixture
def anne(engine, clock):
    return as_user(engine, clock, ANNE)


@pytest.fixture
def bjorn(engine, clock):
    return as_user(engine, clock, BJORN)


def snapshot(engine) -> dict:
    """Everything stored except the access log and the users (which a login refreshes)."""
    tables = {}
    with engine.connect() as connection:
        for table, order in (
            ("documents", "id"),
            ("versions", "id"),
            ("members", "document_id, subject"),
            ("erasures", "id"),
        ):
            rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
            tables[table] = [tuple(row) for row in rows]
    return tables


def log_rows(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT subject, action, document_id, version, detail FROM access_log "
                    "ORDER BY id"
                )
            )
        ]


@pytest.fixture
def anne_case(anne, clock):
    """Anne's case with two versions, and a deleted one she owns too."""
    info = anne.create("case", SECRET_CASE, note="Første møte")
    clock.advance(minutes=5)
    anne.save(info.id, small_case("Sak A"), expected_version=1, note="Andre møte")
    deleted = anne.create("case", small_case("Slettet sak"))
    anne.delete(deleted.id)
    return info.id, deleted.id


def non_member_calls(bjorn: Repository, case_id: int, deleted_id: int):
    """Every repository function a non-member could try on someone else's case."""
    return {
        "open": lambda: bjorn.open(case_id),
        "open version": lambda: bjorn.open(case_id, 1),
        "compare": lambda: bjorn.open_pair(case_id, 1, 2),
        "history": lambda: bjorn.history(case_id),
        "info": lambda: bjorn.info(case_id),
        "export": lambda: bjorn.export_bytes(case_id),
        "export archive": lambda: bjorn.export_archive(case_id),
        "download": lambda: bjorn.record_download(case_id, 2, "png"),
        "duplicate": lambda: bjorn.duplicate(case_id),
        "practice copy": lambda: bjorn.practice_copy(case_id),
        "save": lambda: bjorn.save(case_id, small_case("Overtatt"), expected_version=2),
        "rename": lambda: bjorn.rename(case_id, "Overtatt"),
        "delete": lambda: bjorn.delete(case_id),
        "restore": lambda: bjorn.restore(deleted_id),
        "purge": lambda: bjorn.purge(deleted_id),
        "verify": lambda: bjorn.verify(case_id),
        "erase": lambda: bjorn.erase_text(case_id, "Hemmeligsen"),
        "erasures": lambda: bjorn.erasures(case_id),
        "members": lambda: bjorn.members(case_id),
        "add member": lambda: bjorn.set_member(case_id, BJORN.subject, "eier"),
        "remove member": lambda: bjorn.remove_member(case_id, ANNE.subject),
        "log": lambda: bjorn.access_log(case_id),
    }


CALLS = list(non_member_calls(None, 0, 0))  # type: ignore[arg-type]


@pytest.mark.parametrize("call", CALLS)
def test_a_non_member_gets_nothing_of_a_case_and_changes_nothing(engine, anne_case, bjorn, call):
    case_id, deleted_id = anne_case
    before = snapshot(engine)
    with pytest.raises(NotFoundError) as refused:
        non_member_calls(bjorn, case_id, deleted_id)[call]()
    assert isinstance(refused.value, AccessDeniedError)
    # The same words as for an item that does not exist: nothing says the case is there.
    assert str(refused.value) == NOT_FOUND
    assert "Hemmeligsen" not in str(refused.value) and "Sak A" not in str(refused.value)
    assert snapshot(engine) == before
    denied = [row for row in log_rows(engine) if row[1] == "denied"]
    assert denied and denied[-1][0] == BJORN.subject
    assert denied[-1][2] in (case_id, deleted_id)


def test_a_non_member_lists_and_counts_nothing_of_it(engine, anne_case, bjorn):
    assert bjorn.list("case") == []
    assert bjorn.list("case", deleted=True) == []
    assert bjorn.count("case") == 0


def test_a_missing_item_and_a_forbidden_one_read_the_same(anne_case, bjorn):
    case_id, _ = anne_case
    with pytest.raises(NotFoundError) as missing:
        bjorn.open(case_id + 1000)
    with pytest.raises(NotFoundError) as forbidden:
        bjorn.open(case_id)
    assert str(missing.value) == str(forbidden.value)


def test_importing_an_exported_archive_makes_a_separate_case_the_importer_owns(
    engine, anne, anne_case, bjorn
):
    case_id, _ = anne_case
    data = anne.export_bytes(case_id)
    before = snapshot(engine)
    copy = bjorn.import_archive(data)
    assert copy.id != case_id and copy.role == "eier"
    after = snapshot(engine)
    assert [row for row in after["documents"] if row[0] == case_id] == [
        row for row in before["documents"] if row[0] == case_id
    ]
    assert [m for m in after["members"] if m[0] == case_id] == [
        m for m in before["members"] if m[0] == case_id
    ]
    with pytest.raises(NotFoundError):
        bjorn.open(case_id)
    assert [info.id for info in bjorn.list("case")] == [copy.id]


def test_a_reader_opens_but_cannot_change(engine, anne, anne_case, bjorn):
    case_id, _ = anne_case
    anne.set_member(case_id, "Bjørn Utenfor", "leser")
    assert [(i.id, i.role) for i in bjorn.list("case")] == [(case_id, "leser")]
    assert bjorn.open(case_id).number == 2
    assert [v.saved_by for v in bjorn.history(case_id)] == ["Anne Eier", "Anne Eier"]
    before = snapshot(engine)
    for call in (
        lambda: bjorn.save(case_id, small_case("B"), expected_version=2),
        lambda: bjorn.rename(case_id, "B"),
        lambda: bjorn.delete(case_id),
        lambda: bjorn.set_member(case_id, BJORN.subject, "eier"),
        lambda: bjorn.erase_text(case_id, "Hemmeligsen"),
        lambda: bjorn.access_log(case_id),
        lambda: bjorn.duplicate(case_id),
        lambda: bjorn.practice_copy(case_id),
        lambda: bjorn.export_bytes(case_id),
    ):
        with pytest.raises(AccessDeniedError, match="leser"):
            call()
    assert snapshot(engine) == before


def test_an_editor_saves_and_the_version_says_who(anne, anne_case, bjorn):
    case_id, _ = anne_case
    anne.set_member(case_id, BJORN.subject, "redaktør")
    saved = bjorn.save(case_id, small_case("Sak A"), expected_version=2, note="Fra Bjørn")
    assert saved.version == 3 and saved.role == "redaktør"
    assert [v.saved_by for v in anne.history(case_id)][:2] == ["Bjørn Utenfor", "Anne Eier"]
    with pytest.raises(AccessDeniedError):
        bjorn.delete(case_id)


def test_removing_a_member_takes_access_away_at_once(anne, anne_case, bjorn):
    case_id, _ = anne_case
    anne.set_member(case_id, BJORN.subject, "leser")
    bjorn.open(case_id)
    anne.remove_member(case_id, BJORN.subject)
    with pytest.raises(NotFoundError):
        bjorn.open(case_id)
    assert bjorn.list("case") == []


def test_a_case_always_keeps_an_owner(anne, anne_case, bjorn):
    case_id, _ = anne_case
    with pytest.raises(StorageError, match="minst én eier"):
        anne.remove_member(case_id, ANNE.subject)
    with pytest.raises(StorageError, match="minst én eier"):
        anne.set_member(case_id, ANNE.subject, "leser")
    anne.set_member(case_id, BJORN.subject, "eier")
    anne.set_member(case_id, ANNE.subject, "leser")  # now allowed: Bjørn owns it
    assert [(m["subject"], m["role"]) for m in anne.members(case_id)] == [
        (BJORN.subject, "eier"),
        (ANNE.subject, "leser"),
    ]


def test_only_users_who_have_logged_in_can_be_added(anne, anne_case):
    case_id, _ = anne_case
    with pytest.raises(StorageError, match="logget inn"):
        anne.set_member(case_id, "ukjent@kommune.no", "leser")


def test_the_administrator_sees_that_cases_exist_but_not_their_content(
    engine, clock, anne, anne_case, bjorn
):
    case_id, _ = anne_case
    admin = as_user(engine, clock, ADMINISTRATOR)
    overview = {row["id"]: row for row in admin.overview()}
    assert overview[case_id]["owners"] == ["Anne Eier"]
    assert "content" not in overview[case_id]
    with pytest.raises(NotFoundError):
        admin.open(case_id)
    assert admin.list("case") == []
    admin.reassign_owner(case_id, BJORN.subject)
    assert bjorn.open(case_id).number == 2
    member_rows = [r for r in log_rows(engine) if r[1] == "member"]
    assert member_rows[-1] == (ADMINISTRATOR.subject, "member", case_id, 2, "eier: sub-bjorn")
    assert any(r["action"] == "denied" for r in admin.access_log_all(denied_only=True))
    with pytest.raises(AccessDeniedError):
        bjorn.overview()
    with pytest.raises(AccessDeniedError):
        bjorn.access_log_all()


def test_municipality_maps_are_read_by_all_and_changed_by_planners(engine, clock, bjorn):
    planner = as_user(engine, clock, PLANNER_USER)
    with pytest.raises(AccessDeniedError, match="planleggerrollen"):
        bjorn.create("municipality", MUNICIPALITY)
    with pytest.raises(AccessDeniedError, match="planleggerrollen"):
        bjorn.import_archive(json.dumps(MUNICIPALITY).encode())
    info = planner.create("municipality", MUNICIPALITY)
    assert [(i.id, i.role) for i in bjorn.list("municipality")] == [(info.id, "leser")]
    assert bjorn.open(info.id).content["kommunenummer"] == "3905"
    with pytest.raises(AccessDeniedError):
        bjorn.save(info.id, MUNICIPALITY, expected_version=1)
    with pytest.raises(AccessDeniedError):
        bjorn.delete(info.id)
    assert planner.save(info.id, MUNICIPALITY, expected_version=1).version == 2


def test_local_mode_owns_everything_as_before(engine, clock, anne_case):
    case_id, _ = anne_case
    local = Repository(engine, clock=clock)
    assert local.actor is LOCAL
    assert {i.id for i in local.list("case")} == {case_id}
    assert local.save(case_id, small_case("Lokal"), expected_version=2).version == 3


def test_the_local_user_is_refused_in_team_mode(engine, monkeypatch):
    monkeypatch.setenv("TVERRKART_TEAM_MODE", "1")
    with pytest.raises(RuntimeError, match="teammodus"):
        Repository(engine)


def test_the_access_log_has_one_row_per_action_and_no_content(engine, clock, anne, bjorn):
    info = anne.create("case", SECRET_CASE, note="Første møte")
    anne.open(info.id)
    anne.open(info.id)  # a redraw: logged once
    clock.advance(minutes=1)
    anne.save(info.id, SECRET_CASE, expected_version=1, note="Møte med Kari Hemmeligsen")
    anne.open_pair(info.id, 1, 2)
    anne.set_member(info.id, BJORN.subject, "leser")
    bjorn.open(info.id, 1)
    with pytest.raises(AccessDeniedError):
        bjorn.save(info.id, SECRET_CASE, expected_version=2)
    anne.remove_member(info.id, BJORN.subject)
    with pytest.raises(NotFoundError):
        bjorn.open(info.id)
    anne.export_bytes(info.id)
    anne.delete(info.id)
    anne.restore(info.id)
    anne.record_logout()
    a, b, i = ANNE.subject, BJORN.subject, info.id
    assert log_rows(engine) == [
        (a, "login", None, None, ""),
        (b, "login", None, None, ""),
        (a, "save", i, 1, "ny"),
        (a, "open", i, 1, ""),
        (a, "save", i, 2, ""),
        (a, "compare", i, 2, "1–2"),
        (a, "member", i, 2, "leser: sub-bjorn"),
        (b, "view", i, 1, ""),
        (b, "denied", i, None, "save"),
        (a, "member", i, 2, "fjernet: sub-bjorn"),
        (b, "denied", i, None, "open"),
        (a, "export", i, 2, "arkiv"),
        (a, "delete", i, 2, ""),
        (a, "restore", i, 2, ""),
        (a, "logout", None, None, ""),
    ]
    logged = json.dumps(anne.access_log(i), default=str)
    for secret in ("Hemmeligsen", "Storgata", "DarkWolf88", "Første møte"):
        assert secret not in logged
    assert [row["action"] for row in anne.access_log(i)][:2] == ["restore", "delete"]
    clock.advance(minutes=11)
    anne.open(i)
    anne.open(i)
    assert [r[1] for r in log_rows(engine)][-2:] == ["logout", "open"]


def test_purging_is_for_owners_of_deleted_items_and_logged(engine, anne, anne_case):
    case_id, deleted_id = anne_case
    with pytest.raises(StorageError, match="ikke slettet"):
        anne.purge(case_id)
    anne.purge(deleted_id)
    with pytest.raises(NotFoundError):
        anne.info(deleted_id)
    assert log_rows(engine)[-1] == (ANNE.subject, "purge", deleted_id, 1, "")


def test_a_unique_name_says_nothing_about_other_users_cases(anne, bjorn):
    anne.create("case", small_case("A"), name="Sak A")
    # Bjørn sees no «Sak A», so his case is not renamed «Sak A (2)» (that would tell him
    # that a case of that name exists)
    assert bjorn.create("case", small_case("B"), name="Sak A").name == "Sak A"
