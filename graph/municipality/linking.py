"""Linking a case's gaps to the actors its municipality has registered.

When a case names its ``municipality`` and the guidance finds a gap (say, barnevern),
the person working on the case wants to know *whom* to call in that municipality. This
module answers from the municipality file: the registered actors of the missing type,
then those of a type that meets the same need (a radikaliseringskontakt for ``politi``,
an SLT-koordinator for ``kommune``, as the equivalences in ``data/rules.toml`` say).
When the municipality has registered nobody, the regional or national body that covers
the type is offered instead (police district, RVTS, konfliktråd, PST, NAV), with its
confidence mark.

Examples
--------
>>> from graph.municipality.files import shipped_files
>>> holmestrand = shipped_files()[0].municipality
>>> [a.label for a in registered_actors_for("barnevern", holmestrand)]
['Barneverntjenesten', 'Barnevernvakten', 'Alarmtelefonen for barn og unge']
>>> registered_actor_for("barnevern", holmestrand).contact[:10]
'954 42 020'
>>> print(gap_link("barnevern", holmestrand).text())  # doctest: +ELLIPSIS
Barneverntjenesten: Barneverntjenesten, 954 42 020, ... · Barnevernvakten, 33 31 02 03 · ...
>>> print(gap_link("rvts", holmestrand).text())
RVTS (regionalt ressurssenter): ingen registrert i kommunen. Regionalt: RVTS Sør (usikker)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.format.model import MunicipalActor, MunicipalityFile
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.municipality.regional import RegionalBody, regional_bodies_for
from graph.reference.catalogue import Catalogue, load_catalogue


def registered_actors_for(
    gap_type: str, municipality: MunicipalityFile, ruleset: RuleSet | None = None
) -> tuple[MunicipalActor, ...]:
    """Every registered actor that could fill a gap of ``gap_type``.

    Actors of exactly that type come first, in file order; then actors of a type that an
    equivalence says meets it (for ``politi``: the radikaliseringskontakt).
    """
    ruleset = ruleset or load_ruleset()
    exact = tuple(actor for actor in municipality.actors if actor.type == gap_type)
    equivalent = ruleset.met_by(gap_type)
    others = tuple(actor for actor in municipality.actors if actor.type in equivalent)
    return exact + others


def registered_actor_for(
    gap_type: str, municipality: MunicipalityFile, ruleset: RuleSet | None = None
) -> MunicipalActor | None:
    """The first registered actor that could fill a gap of ``gap_type``, or None."""
    found = registered_actors_for(gap_type, municipality, ruleset)
    return found[0] if found else None


def regional_body_for(gap_type: str, kommunenummer: str) -> RegionalBody | None:
    """The regional or national body of the municipality that is of ``gap_type``, or None.

    Examples
    --------
    >>> regional_body_for("politi", "3903").display()
    'Sør-Øst politidistrikt'
    >>> regional_body_for("skole", "3903") is None
    True
    """
    return next((b for b in regional_bodies_for(kommunenummer) if b.type == gap_type), None)


@dataclass(frozen=True)
class GapLink:
    """Whom a municipality offers for one missing actor type.

    Attributes
    ----------
    gap_type : str
    type_label : str
        The type's Norwegian name from the catalogue.
    actors : tuple of MunicipalActor
        Registered actors that could fill the gap, best first (may be empty).
    regional : RegionalBody or None
        The regional or national body of that type, offered when ``actors`` is empty.
    """

    gap_type: str
    type_label: str
    actors: tuple[MunicipalActor, ...]
    regional: RegionalBody | None = None

    @property
    def found(self) -> bool:
        """True when there is someone to contact (registered or regional)."""
        return bool(self.actors) or self.regional is not None

    def text(self) -> str:
        """One plain-text line, such as ``"Barneverntjenesten: Barneverntjenesten, 954 42 020"``.

        Plain text: labels typed by users are not escaped here, so the caller must show it
        as text (``ui.plain`` in Markdown).
        """
        if self.actors:
            parts = [f"{a.label}, {a.contact}" if a.contact else a.label for a in self.actors]
            return f"{self.type_label}: " + " · ".join(parts)
        if self.regional is not None:
            body = self.regional
            contact = f", {body.contact}" if body.contact else ""
            where = "Nasjonalt" if body.kind in ("pst", "nav") else "Regionalt"
            return (
                f"{self.type_label}: ingen registrert i kommunen. "
                f"{where}: {body.display()}{contact}"
            )
        return f"{self.type_label}: ingen registrert i kommunen."


def gap_link(
    gap_type: str,
    municipality: MunicipalityFile,
    catalogue: Catalogue | None = None,
    ruleset: RuleSet | None = None,
) -> GapLink:
    """Whom the municipality offers for a gap of ``gap_type`` (see :class:`GapLink`)."""
    catalogue = catalogue or load_catalogue()
    actors = registered_actors_for(gap_type, municipality, ruleset)
    regional = None if actors else regional_body_for(gap_type, municipality.kommunenummer)
    return GapLink(gap_type, catalogue.label(gap_type), actors, regional)


def municipality_for_case(
    case_municipality: str | None, candidates: Iterable[MunicipalityFile | None]
) -> MunicipalityFile | None:
    """The first candidate file whose kommunenummer is the case's ``municipality``.

    ``None`` when the case names no municipality or no candidate matches. Pass the
    candidates in order of preference (for example the file open on the page
    «Kommunens aktørkart» first, then the shipped examples).
    """
    if not case_municipality:
        return None
    return next(
        (m for m in candidates if m is not None and m.kommunenummer == case_municipality), None
    )


def gap_links(
    case_municipality: str | None,
    gap_types: Iterable[str],
    candidates: Iterable[MunicipalityFile | None],
    catalogue: Catalogue | None = None,
) -> dict[str, GapLink]:
    """For each gap type of a case, whom its municipality offers.

    Parameters
    ----------
    case_municipality : str or None
        The case's ``municipality`` (a 2024 kommunenummer).
    gap_types : iterable of str
        The ``type`` of each gap (``analysis["gaps"][i]["type"]``).
    candidates : iterable of MunicipalityFile or None
        Municipality files to look in (see :func:`municipality_for_case`).

    Returns
    -------
    dict of str to GapLink
        Empty when the case names no municipality or no file matches; otherwise one
        entry per gap type.

    Examples
    --------
    >>> from graph.municipality.files import shipped_files
    >>> links = gap_links("3903", ["barnevern", "politi"], [shipped_files()[0].municipality])
    >>> links["politi"].actors[0].label
    'Politiet'
    >>> gap_links(None, ["barnevern"], [shipped_files()[0].municipality])
    {}
    """
    municipality = municipality_for_case(case_municipality, candidates)
    if municipality is None:
        return {}
    catalogue = catalogue or load_catalogue()
    return {t: gap_link(t, municipality, catalogue) for t in dict.fromkeys(gap_types)}
