"""Version size and origin, the installation key, and the erasure log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from graph.storage.schema import refuse_destructive_downgrade

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``versions.size`` and ``versions.origin``; create ``installation`` and ``erasures``."""
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("size", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("origin", sa.String(length=20), server_default="saved", nullable=False)
        )
    # Sizes of the versions that exist (bytes of their UTF-8 text).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE versions SET size = length(CAST(content AS BLOB))")
    else:
        op.execute("UPDATE versions SET size = octet_length(content)")
    op.create_table(
        "installation",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_installation")),
    )
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        # UTC without time zone (graph.storage.models.UTCDateTime).
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("erased_by", sa.String(length=200), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("versions_changed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Drop the erasure log, the installation key and the version marks.

    Refused while items are stored, unless forced: archives exported before could
    no longer be verified, versions imported from other installations would no
    longer be marked as unverified, and the erasure log would be gone.
    """
    refuse_destructive_downgrade(
        "fjerner loggen over slettede opplysninger, nøkkelen som bekrefter eksporterte "
        "filer, og merkingen av importerte og ubekreftede versjoner"
    )
    op.drop_table("erasures")
    op.drop_table("installation")
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("origin")
        batch_op.drop_column("size")
