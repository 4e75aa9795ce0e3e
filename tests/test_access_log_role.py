"""The access log is append-only for the app's PostgreSQL role (docs/drift.md).

The grants are read from docs/drift.md and run as written (with a throw-away role name,
password and database), so the documentation and the test cannot drift apart. Then the
app role uses Tverrkart for a whole round (log in, create, save, open, members, delete,
purge) and is refused every UPDATE, DELETE and TRUNCATE on ``access_log`` and
``erasures``.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from graph.storage.access import Actor
from graph.storage.engine import create_storage_engine
from graph.storage.repository import Repository
from tests.storage_support import NO_POSTGRES, POSTGRES_ENV, small_case

pytestmark = pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=NO_POSTGRES)

DOC = Path(__file__).resolve().parent.parent / "docs" / "drift.md"


def documented_sql() -> list[str]:
    """The statements between the app-role markers in docs/drift.md."""
    text_ = DOC.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- app-role-sql:start -->\s*```sql\n(.*?)```\s*<!-- app-role-sql:end -->",
        text_,
        re.S,
    )
    assert block, "docs/drift.md has no app-role SQL block"
    return [s.strip() for s in block.group(1).split(";") if s.strip()]


@pytest.fixture
def app_url(postgres_url):
    """The test database with the documented app role; yields the app role's URL."""
    role = f"tk_app_{secrets.token_hex(4)}"
    password = secrets.token_hex(12)
    database = make_url(postgres_url).database
    owner = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(
            text("TRUNCATE versions, documents, erasures, members, users, access_log CASCADE")
        )
        for statement in documented_sql():
            statement = (
                statement.replace("tverrkart_app", role)
                .replace("BYTT-MEG", password)
                .replace("DATABASE tverrkart", f'DATABASE "{database}"')
            )
            connection.execute(text(statement))
    url = (
        make_url(postgres_url)
        .set(username=role, password=password)
        .render_as_string(hide_password=False)
    )
    yield url
    with owner.connect() as connection:
        connection.execute(text(f'DROP OWNED BY "{role}"'))
        connection.execute(text(f'DROP ROLE "{role}"'))
    owner.dispose()


def test_the_app_role_uses_tverrkart_but_cannot_change_the_log(app_url, clock):
    engine = create_storage_engine(app_url)
    try:
        anne = Repository(engine, clock=clock, actor=Actor("anne", "Anne"))
        bjorn = Repository(engine, clock=clock, actor=Actor("bjorn", "Bjørn"))
        anne.record_login()
        bjorn.record_login()
        info = anne.create("case", small_case("Sak A"))
        anne.save(info.id, small_case("Sak A"), expected_version=1)
        anne.open(info.id)
        anne.set_member(info.id, "bjorn", "leser")
        anne.remove_member(info.id, "bjorn")
        anne.erase_text(info.id, "Kontaktlærer")
        anne.delete(info.id)
        anne.purge(info.id)
        anne.record_logout()
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM access_log")).scalar()
        assert count >= 10
        for statement in (
            "UPDATE access_log SET subject = 'noen andre'",
            "DELETE FROM access_log",
            "TRUNCATE access_log",
            "UPDATE erasures SET erased_by = 'noen andre'",
            "DELETE FROM erasures",
        ):
            with engine.connect() as connection, pytest.raises(ProgrammingError) as refused:
                connection.execute(text(statement))
            assert "permission denied" in str(refused.value.orig)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM access_log")).scalar() == count
    finally:
        engine.dispose()
