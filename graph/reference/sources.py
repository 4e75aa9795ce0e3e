"""Sources of the municipality data: keys of ``data/municipalities/sources.toml``.

A source in the municipality data is one of three things, and several are joined with
``" ; "``:

- a key of ``data/municipalities/sources.toml`` (``"ref-kommuner"``), for the project's
  reference files;
- a citation of the seed documents, ``"DOC-ID § section"`` (see :mod:`graph.reference.citations`);
- a web address that the reference data checked (``"https://…"``).

Examples
--------
>>> split_sources("ref-regional ; ref-rvts")
('ref-regional', 'ref-rvts')
>>> describe_source("ref-rvts")
'De fem RVTS-regionene og hvor godt dekningsområdet er kontrollert (Prosjektets referansedata)'
>>> describe_source("seed-003 § Politiråd")
'Nasjonal veileder: Samarbeid og informasjonsutveksling, avsnitt «Politiråd»'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from graph.reference.citations import (
    SECTION_MARK,
    UnknownSourceError,
    check_citation,
    describe_citation,
)
from graph.reference.datafiles import data_dir

FOLDER = "municipalities"
SOURCES_FILE = "sources.toml"


@dataclass(frozen=True)
class DataSource:
    """One reference file the municipality data is written from."""

    key: str
    title: str
    publisher: str
    licence: str
    file: str
    note: str


@lru_cache(maxsize=1)
def data_sources() -> dict[str, DataSource]:
    """Every source of ``data/municipalities/sources.toml`` by its key."""
    with (data_dir() / FOLDER / SOURCES_FILE).open("rb") as handle:
        raw = tomllib.load(handle)["docs"]
    return {
        key: DataSource(
            key=key,
            title=entry["title"],
            publisher=entry.get("publisher", ""),
            licence=entry.get("licence", ""),
            file=entry.get("file", ""),
            note=entry.get("note", ""),
        )
        for key, entry in raw.items()
    }


def split_sources(text: str) -> tuple[str, ...]:
    """Split ``"a ; b"`` into its sources, dropping empty parts."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


def check_source(text: str) -> None:
    """Make sure a single source resolves.

    Raises
    ------
    UnknownSourceError
        When it is neither a web address, a key of the municipality sources, nor a
        citation of a document in ``data/sources.toml``.
    """
    if text.startswith(("https://", "http://")):
        return
    if text.partition(SECTION_MARK)[0].strip() in data_sources():
        return
    check_citation(text)


def describe_source(text: str) -> str:
    """Turn one source into a Norwegian line a reader can follow.

    Raises
    ------
    UnknownSourceError
        When the source does not resolve (see :func:`check_source`).
    """
    if text.startswith(("https://", "http://")):
        return text
    key, _, section = text.partition(SECTION_MARK)
    if key.strip() in data_sources():
        source = data_sources()[key.strip()]
        line = f"{source.title} ({source.publisher})" if source.publisher else source.title
        return f"{line}, avsnitt «{section.strip()}»" if section.strip() else line
    try:
        return describe_citation(text)
    except UnknownSourceError:
        raise UnknownSourceError(f"ukjent kilde {text!r} i kommunedataene") from None
