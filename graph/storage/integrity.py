"""Checksums of stored versions and the signature (HMAC) of exported archives.

Every version is stored with the SHA-256 of its text; :func:`check_content` compares
them whenever a version is read, so a row changed outside Tverrkart (for example
edited directly in the SQLite file) is refused instead of shown or exported.

An exported archive (``tverrkart-archive/1``) carries, for each version, the
SHA-256 of its content, and for the whole archive an HMAC-SHA256 made with this
installation's key. The key is 32 random bytes made once, the first time it is
needed, and kept in the ``installation`` table of the same database (on SQLite and
PostgreSQL alike), so backups of the database keep it. On import:

* a version whose content does not match its SHA-256 is refused (the file was
  changed after export);
* an archive whose HMAC matches this installation's key keeps its history as
  ``imported``;
* any other archive (another installation, no signature, or changed and re-summed)
  becomes a new item whose versions are marked ``unverified``.

The key protects against changes to an exported file; it cannot protect against
someone who can write to the database itself.

Examples
--------
>>> key = bytes(32)
>>> payload = signing_payload("case", "Sak A", [(1, "2026-03-01T09:00:00+00:00", "", "ab")])
>>> sign(key, payload) == sign(key, payload)
True
>>> content_digest('{"a":1}') == content_digest('{"a":1}')
True
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from graph.storage.models import Installation

ARCHIVE_KEY = "archive_hmac_key"
"""Name of the installation setting that holds the archive key (hex)."""
ALGORITHM = "hmac-sha256"


def serialise(content: dict[str, Any]) -> tuple[str, str]:
    """The stored text of a content dict and its SHA-256 (to check it on reading).

    Examples
    --------
    >>> serialise({"b": 1, "a": "æ"})[0]
    '{"b":1,"a":"æ"}'
    >>> serialise({"a": "\\ud800"})[0]  # a lone surrogate (only from a crafted file)
    '{"a":"\\\\ud800"}'
    """
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # not encodable as UTF-8: escape everything outside ASCII
        text = json.dumps(content, ensure_ascii=True, separators=(",", ":"))
    return text, content_digest(text)


def content_digest(text: str) -> str:
    """The SHA-256 (hex) of a version's stored text, encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_content(text: str, digest: str) -> bool:
    """True when ``text`` still matches the checksum stored with it."""
    return hmac.compare_digest(content_digest(text), digest)


def signing_payload(kind: str, name: str, versions: Sequence[tuple[int, str, str, str]]) -> bytes:
    """The bytes an archive's HMAC covers.

    Parameters
    ----------
    kind, name : str
        As in the archive.
    versions : sequence of (number, saved_at, note, sha256)
        Each version's number, time (the exact string in the archive), note and
        content checksum, oldest first.
    """
    body = {"kind": kind, "name": name, "versions": [list(v) for v in versions]}
    return json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def sign(key: bytes, payload: bytes) -> str:
    """HMAC-SHA256 of ``payload`` (hex)."""
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def installation_id(key: bytes) -> str:
    """A short public name of the installation (not the key; safe to show)."""
    return hashlib.sha256(b"tverrkart-installation:" + key).hexdigest()[:16]


def archive_key(session: Session) -> bytes:
    """This installation's archive key, made (once) if there is none yet.

    Two processes that make it at the same moment agree: the second insert fails
    on the primary key and the stored key is read instead.
    """
    stored = session.scalar(select(Installation.value).where(Installation.name == ARCHIVE_KEY))
    if stored is not None:
        return bytes.fromhex(stored)
    candidate = secrets.token_hex(32)
    try:
        with session.begin_nested():
            session.execute(insert(Installation).values(name=ARCHIVE_KEY, value=candidate))
    except IntegrityError:
        pass
    stored = session.scalar(select(Installation.value).where(Installation.name == ARCHIVE_KEY))
    return bytes.fromhex(stored)
