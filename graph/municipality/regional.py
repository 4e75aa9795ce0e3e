"""The regional and national bodies filled in for every municipality automatically.

Every municipality belongs to a police district, an RVTS region and a konfliktråd
(:mod:`graph.reference.registry` says which, and how sure that is), and has PST and
NAV nationally. ``data/municipalities/regional_bodies.toml`` holds the facts about the
bodies themselves: area, seat, contact point and sources. :func:`regional_bodies` joins
the two into one list per municipality, ready for the map, the coverage output and the
summary.

Examples
--------
>>> bodies = regional_bodies(kommune("3903"))
>>> [(b.kind, b.display()) for b in bodies]  # doctest: +NORMALIZE_WHITESPACE
[('politidistrikt', 'Sør-Øst politidistrikt'), ('rvts', 'RVTS Sør (usikker)'),
 ('konfliktrad', 'Konfliktrådet Sør-Øst (usikker)'), ('pst', 'PST (Politiets sikkerhetstjeneste)'),
 ('nav', 'NAV (nasjonalt)')]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graph.reference.datafiles import data_dir
from graph.reference.registry import (
    REGIONAL_LABELS,
    REGIONAL_TYPES,
    Kommune,
    RegionalFact,
    confidence_mark,
    kommune,
)
from graph.reference.sources import FOLDER

BODIES_FILE = "regional_bodies.toml"
NATIONAL_LABELS = {"pst": "Nasjonalt", "nav": "Nasjonalt"}


@dataclass(frozen=True)
class RegionalBody:
    """A regional or national body as the municipality sees it.

    Attributes
    ----------
    kind : str
        ``politidistrikt``, ``rvts``, ``konfliktrad``, ``pst`` or ``nav``.
    type : str
        The actor type in the catalogue (``politi`` for a police district).
    name : str
        The body's name.
    confidence : str
        How sure it is that *this municipality* belongs to the body (``high``, ``medium``,
        ``low``). National bodies are always ``high``.
    basis : str
        Why, in Norwegian.
    area : str
        The area the body covers, in Norwegian (empty when unknown).
    contact : str
        A checked contact point (a phone number or web address), or ``""``.
    contact_text : str
        One sentence on how to reach the body.
    sources : tuple of str
        Where the municipality's assignment and the body's facts come from.
    """

    kind: str
    type: str
    name: str
    confidence: str
    basis: str
    area: str = ""
    contact: str = ""
    contact_text: str = ""
    sources: tuple[str, ...] = ()

    @property
    def scope_label(self) -> str:
        """``"Politidistrikt"``, ``"RVTS"``, ``"Konfliktråd"`` or ``"Nasjonalt"``."""
        return REGIONAL_LABELS.get(self.kind) or NATIONAL_LABELS[self.kind]

    @property
    def mark(self) -> str:
        """``"usikker"``, ``"middels sikker"`` or ``""``."""
        return confidence_mark(self.confidence)

    @property
    def uncertain(self) -> bool:
        """True unless the assignment is of high confidence."""
        return self.confidence != "high"

    def display(self) -> str:
        """The name with its confidence mark, as shown to people."""
        return f"{self.name} ({self.mark})" if self.mark else self.name


@lru_cache(maxsize=1)
def body_facts() -> dict[str, Any]:
    """The parsed ``regional_bodies.toml``."""
    with (data_dir() / FOLDER / BODIES_FILE).open("rb") as handle:
        return tomllib.load(handle)


def _candidates(name: str) -> list[str]:
    """``"RVTS Øst eller RVTS Sør"`` → both names; a plain name → itself."""
    return [part.strip() for part in name.split(" eller ")]


def _merged(table: dict[str, Any], name: str, key: str) -> list[str]:
    values: list[str] = []
    for candidate in _candidates(name):
        entry = table.get(candidate, {})
        value = entry.get(key)
        if isinstance(value, list):
            values.extend(v for v in value if v not in values)
        elif value and value not in values:
            values.append(value)
    return values


def _body(
    kind: str,
    fact: RegionalFact,
    table: dict,
    *,
    contact: str = "",
    contact_text: str = "",
    extra_sources: tuple[str, ...] = (),
) -> RegionalBody:
    """The body ``fact`` names, with its area and sources from ``table``."""
    sources = (*fact.sources, *_merged(table, fact.name, "sources"), *extra_sources)
    return RegionalBody(
        kind=kind,
        type=REGIONAL_TYPES[kind],
        name=fact.name,
        confidence=fact.confidence,
        basis=fact.basis,
        area=" / ".join(_merged(table, fact.name, "area")),
        contact=contact,
        contact_text=contact_text,
        sources=tuple(dict.fromkeys(sources)),
    )


def _police(fact: RegionalFact) -> RegionalBody:
    facts = body_facts()
    contact = facts["police_contact"]
    return _body(
        "politidistrikt",
        fact,
        facts["politidistrikter"],
        contact=contact["value"],
        contact_text=contact["text"],
    )


def _rvts(fact: RegionalFact) -> RegionalBody:
    table = body_facts()["rvts"]
    # A contact is only given when the municipality's region is known.
    entry = table.get(fact.name, {}) if " eller " not in fact.name else {}
    return _body(
        "rvts",
        fact,
        table,
        contact=entry.get("contact", ""),
        contact_text=entry.get("contact_text", ""),
    )


def _konfliktrad(fact: RegionalFact) -> RegionalBody:
    shared = body_facts()["konfliktrad"]
    return _body(
        "konfliktrad",
        fact,
        shared["bodies"],
        contact=shared["contact"],
        contact_text=shared["contact_text"],
        extra_sources=tuple(shared["area_sources"]),
    )


def national_bodies() -> tuple[RegionalBody, ...]:
    """PST and NAV, the national bodies every municipality has."""
    return tuple(
        RegionalBody(
            kind=kind,
            type=entry["type"],
            name=entry["name"],
            confidence=entry["confidence"],
            basis="Nasjonal instans som alle kommuner har.",
            area="Hele landet",
            contact=entry.get("contact", ""),
            contact_text=entry.get("contact_text", ""),
            sources=tuple(entry["sources"]),
        )
        for kind, entry in body_facts()["national"].items()
    )


def regional_bodies(municipality: Kommune | None) -> tuple[RegionalBody, ...]:
    """The police district, RVTS region and konfliktråd of a municipality, then PST and NAV.

    An unknown municipality (``None``) gets only the national bodies.
    """
    national = national_bodies()
    if municipality is None:
        return national
    return (
        _police(municipality.politidistrikt),
        _rvts(municipality.rvts),
        _konfliktrad(municipality.konfliktrad),
        *national,
    )


def regional_bodies_for(number: str) -> tuple[RegionalBody, ...]:
    """:func:`regional_bodies` for a kommunenummer."""
    return regional_bodies(kommune(number))
