"""The actor catalogue as a table people can search (page Aktørkart).

Examples
--------
>>> [t.key for t in search_types(load_catalogue(), "konfliktråd")][:1]
['konfliktrad']
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from graph.reference.catalogue import SPHERE_LABELS, ActorType, Catalogue, load_catalogue
from graph.reference.citations import describe_citation

COLUMNS = {
    "label": "Aktør",
    "sphere": "Nettverk",
    "sector": "Sektor i kartet",
    "description": "Rolle i arbeidet",
    "duties": "Plikter ved deling av opplysninger",
    "can_coordinate": "Kan koordinere",
    "contacts": "Nasjonale kontaktpunkter",
    "sources": "Kilder",
}


FACT_LABELS = {
    "description": "Rolle",
    "duties": "Plikter",
    "can_coordinate": "Kan koordinere",
    "idea_map": "Plass i idékartet",
    "sector": "Sektor i kartet",
    "sphere": "Formelt eller uformelt",
    "contacts": "Kontaktpunkter",
    "label": "Navn",
}


def fact_label(fact: str) -> str:
    """Norwegian name of a catalogue fact (the key itself when unknown)."""
    return FACT_LABELS.get(fact, fact)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _haystack(actor_type: ActorType, catalogue: Catalogue) -> str:
    parts = [
        actor_type.key,
        actor_type.label,
        actor_type.description,
        catalogue.sector_label(actor_type.sector),
        *(catalogue.duties[d].label for d in actor_type.duties),
        *(f"{c.name} {c.value}" for c in actor_type.contacts),
    ]
    return _fold(" ".join(parts))


def search_types(catalogue: Catalogue, query: str) -> list[ActorType]:
    """Types whose key, label, description, sector, duties or contacts contain every word.

    The match ignores case; an empty query returns every type in catalogue order.
    """
    words = _fold(query).split()
    return [
        t
        for t in catalogue.types.values()
        if all(word in _haystack(t, catalogue) for word in words)
    ]


def _contact_text(actor_type: ActorType) -> str:
    return "; ".join(
        f"{c.name}: {c.value}" + ("" if c.confidence == "verified" else " (delvis kontrollert)")
        for c in actor_type.contacts
    )


def _sources_text(actor_type: ActorType) -> str:
    seen = dict.fromkeys(
        describe_citation(ref) for refs in actor_type.sources.values() for ref in refs
    )
    return "; ".join(seen)


def catalogue_frame(types: list[ActorType], catalogue: Catalogue) -> pd.DataFrame:
    """One row per type with Norwegian column names, for display."""
    rows = [
        {
            COLUMNS["label"]: t.label,
            COLUMNS["sphere"]: SPHERE_LABELS[t.sphere],
            COLUMNS["sector"]: catalogue.sector_label(t.sector),
            COLUMNS["description"]: t.description,
            COLUMNS["duties"]: ", ".join(catalogue.duties[d].label for d in t.duties),
            COLUMNS["can_coordinate"]: "Ja" if t.can_coordinate else "Nei",
            COLUMNS["contacts"]: _contact_text(t),
            COLUMNS["sources"]: _sources_text(t),
        }
        for t in types
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS.values()))


__all__ = ["catalogue_frame", "fact_label", "load_catalogue", "search_types"]
