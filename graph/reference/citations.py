"""Citations: every rule and catalogue fact in ``data/`` names where it comes from.

A citation is written ``"DOC-ID § section"`` (``DOC-ID`` is a key of
``data/sources.toml``) or ``"https://… § section"`` for a checked web page. This
module parses citations and turns them into text a reader can follow.

Examples
--------
>>> ref = parse_citation("seed-001 § Konfliktråd")
>>> ref.doc, ref.section
('seed-001', 'Konfliktråd')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graph.reference.datafiles import read_toml

SECTION_MARK = " § "


@dataclass(frozen=True)
class SourceDocument:
    """One document that data files cite (a seed or a reference file)."""

    doc_id: str
    title: str
    publisher: str
    file: str
    url: str


@dataclass(frozen=True)
class Citation:
    """A parsed citation: a document (id or URL) and the section within it."""

    doc: str
    section: str

    @property
    def is_url(self) -> bool:
        """True when the citation points straight at a web page."""
        return self.doc.startswith(("https://", "http://"))


class UnknownSourceError(ValueError):
    """A citation names a document id that ``data/sources.toml`` does not define."""


def parse_citation(text: str) -> Citation:
    """Split ``"DOC § section"`` into its parts.

    Parameters
    ----------
    text : str
        The citation as written in a data file. The section is optional.

    Returns
    -------
    Citation
    """
    doc, _, section = text.partition(SECTION_MARK)
    return Citation(doc=doc.strip(), section=section.strip())


@lru_cache(maxsize=1)
def source_documents() -> dict[str, SourceDocument]:
    """Return every document of ``data/sources.toml`` by its id."""
    raw = read_toml("sources.toml")["docs"]
    return {
        doc_id: SourceDocument(
            doc_id=doc_id,
            title=entry["title"],
            publisher=entry.get("publisher", ""),
            file=entry.get("file", ""),
            url=entry.get("url", ""),
        )
        for doc_id, entry in raw.items()
    }


def check_citation(text: str) -> Citation:
    """Parse a citation and make sure its document exists.

    Raises
    ------
    UnknownSourceError
        When the document id is not in ``data/sources.toml``.
    """
    citation = parse_citation(text)
    if not citation.is_url and citation.doc not in source_documents():
        raise UnknownSourceError(f"ukjent kilde {citation.doc!r} i {text!r}")
    return citation


def describe_citation(text: str) -> str:
    """Turn a citation into a Norwegian line a reader can follow.

    Examples
    --------
    >>> describe_citation("seed-001 § Konfliktråd")
    'Veileder for exit-arbeid, avsnitt «Konfliktråd»'
    """
    citation = check_citation(text)
    where = f", avsnitt «{citation.section}»" if citation.section else ""
    if citation.is_url:
        return f"{citation.doc}{where}"
    return f"{source_documents()[citation.doc].title}{where}"


def citation_url(text: str) -> str:
    """Return the web address behind a citation, or ``""`` when there is none."""
    citation = check_citation(text)
    if citation.is_url:
        return citation.doc
    return source_documents()[citation.doc].url
