"""Drafts: the unsaved work of one browser tab, kept so a reload can bring it back.

A reload (F5), a crashed tab or a restarted server starts a new Streamlit session,
and whatever the old session held is gone. So while a tab has changes that are not
saved, the editing page writes them here under the tab's *draft token* (a random
value also kept in the page address), and a new session with that token offers
«Gjenopprett utkast».

A draft belongs to the user who wrote it: it is read, written and deleted only with
the same token *and* the same user (:class:`~graph.storage.access.Actor`), so a
token alone opens nothing in team mode. Only the token's SHA-256 is stored. Drafts
are never listed with saved items, and are purged after :data:`DRAFT_RETENTION`.

Examples
--------
>>> from sqlalchemy import create_engine
>>> from graph.storage.models import Base
>>> engine = create_engine("sqlite://")
>>> Base.metadata.create_all(engine)
>>> drafts = DraftStore(engine)
>>> token = new_token()
>>> drafts.put(token, "case", {"title": "Ny sak"})
>>> drafts.read(token, "case").content
{'title': 'Ny sak'}
>>> drafts.discard(token, "case")
>>> drafts.read(token, "case") is None
True
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from graph.storage.access import LOCAL, Actor
from graph.storage.clock import Clock, utc_now
from graph.storage.integrity import check_content, serialise
from graph.storage.models import Draft

DRAFT_RETENTION = timedelta(days=14)
"""How long an unsaved draft is kept after it was last written."""
TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")
"""A draft token: 128 random bits as 32 lower-case hex digits."""
KINDS = ("case", "municipality")


def new_token() -> str:
    """A fresh, unguessable draft token for one browser tab."""
    return secrets.token_hex(16)


def valid_token(value: Any) -> bool:
    """Whether ``value`` has the form of a draft token (anything else is ignored).

    Examples
    --------
    >>> valid_token("0" * 32), valid_token("../x"), valid_token(None)
    (True, False, False)
    """
    return isinstance(value, str) and TOKEN_PATTERN.fullmatch(value) is not None


def _token_sha256(token: str) -> str:
    if not valid_token(token):
        raise ValueError("ugyldig utkastnøkkel")
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class StoredDraft:
    """A draft read back: its content, when it was written, and the item it came from."""

    content: dict[str, Any]
    updated_at: datetime
    link: dict[str, Any] | None


class DraftStore:
    """Read and write one user's drafts.

    Parameters
    ----------
    engine : Engine
        The app's database (tables made by the migrations).
    actor : Actor
        Whose drafts these are (the local user in local mode).
    clock : callable
        The current moment (injected in tests).
    """

    def __init__(self, engine: Engine, actor: Actor = LOCAL, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._actor = actor
        self._clock = clock

    def put(
        self, token: str, kind: str, content: dict[str, Any], link: dict[str, Any] | None = None
    ) -> None:
        """Keep ``content`` as the tab's draft of ``kind`` (replacing the one before).

        Also purges every draft older than :data:`DRAFT_RETENTION`, so the table
        cannot grow without bound.
        """
        if kind not in KINDS:
            raise ValueError(f"ukjent slag: {kind}")
        text, checksum = serialise(content)
        now = self._clock()
        key = _token_sha256(token)
        with Session(self._engine) as session, session.begin():
            session.execute(delete(Draft).where(Draft.updated_at < now - DRAFT_RETENTION))
            draft = session.get(Draft, (key, kind))
            if draft is not None and draft.subject != self._actor.subject:
                return  # someone else's token: never overwrite their draft
            if draft is None:
                draft = Draft(token_sha256=key, kind=kind, subject=self._actor.subject)
                session.add(draft)
            draft.updated_at = now
            draft.content = text
            draft.sha256 = checksum
            draft.document_id = link["id"] if link else None
            draft.document_version = link["version"] if link else None
            draft.document_name = link["name"] if link else None

    def read(self, token: str, kind: str) -> StoredDraft | None:
        """The tab's draft of ``kind``, or ``None`` (none, expired, another user's, or damaged)."""
        key = _token_sha256(token)
        with Session(self._engine) as session:
            draft = session.scalar(
                select(Draft).where(
                    Draft.token_sha256 == key,
                    Draft.kind == kind,
                    Draft.subject == self._actor.subject,
                    Draft.updated_at >= self._clock() - DRAFT_RETENTION,
                )
            )
            if draft is None or not check_content(draft.content, draft.sha256):
                return None
            link = None
            if draft.document_id is not None:
                link = {
                    "id": draft.document_id,
                    "version": draft.document_version,
                    "name": draft.document_name or "",
                }
            return StoredDraft(json.loads(draft.content), draft.updated_at, link)

    def discard(self, token: str, kind: str) -> None:
        """Forget the tab's draft of ``kind`` (saved, given up, or nothing left to keep)."""
        key = _token_sha256(token)
        with Session(self._engine) as session, session.begin():
            session.execute(
                delete(Draft).where(
                    Draft.token_sha256 == key,
                    Draft.kind == kind,
                    Draft.subject == self._actor.subject,
                )
            )
