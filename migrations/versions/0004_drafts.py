"""Drafts: what a browser tab was editing and had not saved, for «Gjenopprett utkast».

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from graph.storage.schema import refuse_destructive_downgrade

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``drafts``."""
    op.create_table(
        "drafts",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        # UTC without time zone (graph.storage.models.UTCDateTime).
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("document_version", sa.Integer(), nullable=True),
        sa.Column("document_name", sa.String(length=200), nullable=True),
        sa.CheckConstraint("kind IN ('case', 'municipality')", name=op.f("ck_drafts_kind")),
        sa.PrimaryKeyConstraint("token_sha256", "kind", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index("ix_drafts_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    """Drop ``drafts``: refused while items are stored, since unsaved drafts would go."""
    refuse_destructive_downgrade("fjerner utkast som ikke er lagret")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_updated_at")
    op.drop_table("drafts")
