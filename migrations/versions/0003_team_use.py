"""Team use: users, case members, who saved each version, and the access log.

Existing cases get the local user (``lokal``) as their owner, so a database used in
local mode keeps working unchanged; when it is taken into team mode an
administrator gives each case its real owner (docs/drift.md). Versions saved before
this revision have no ``saved_by`` (shown as unknown).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from graph.storage.schema import refuse_destructive_downgrade

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOCAL_SUBJECT = "lokal"
"""The subject of the single local-mode user (graph.storage.access.LOCAL)."""


def upgrade() -> None:
    """Create ``users``, ``members`` and ``access_log``; add ``versions.saved_by``."""
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saved_by", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("saved_by_name", sa.String(length=200), nullable=True))
    op.create_table(
        "users",
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        # UTC without time zone (graph.storage.models.UTCDateTime).
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_users")),
    )
    op.create_table(
        "members",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=255), nullable=False),
        sa.CheckConstraint("role IN ('eier', 'redaktør', 'leser')", name=op.f("ck_members_role")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_members_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "subject", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index("ix_members_subject", ["subject"], unique=False)
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=100), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_document", ["document_id", "id"], unique=False)
    # Every existing case belongs to the local user, as it did in local mode.
    op.execute(
        "INSERT INTO members (document_id, subject, role, added_at, added_by) "
        f"SELECT id, '{LOCAL_SUBJECT}', 'eier', created_at, '{LOCAL_SUBJECT}' "
        "FROM documents WHERE kind = 'case'"
    )


def downgrade() -> None:
    """Drop the access log, the members, the users and the saved-by marks.

    Refused while items are stored, unless forced: who may see which case and the
    record of every access would be gone.
    """
    refuse_destructive_downgrade(
        "fjerner tilgangsloggen, hvem som er medlem av hver sak og hvem som lagret hver versjon"
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_document")
    op.drop_table("access_log")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_subject")
    op.drop_table("members")
    op.drop_table("users")
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("saved_by_name")
        batch_op.drop_column("saved_by")
