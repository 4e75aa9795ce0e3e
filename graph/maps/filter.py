"""A part of a large case on the map: the actors of chosen sectors, types and rings.

Above :data:`graph.format.limits.MAP_READABLE_ACTORS` actors the whole network cannot be read
as one map (issue 11: 2,000 actors drew a blob). The page then offers a filter; this
module draws the part chosen and says what was left out, so the team never mistakes
the part for the whole.

Examples
--------
>>> from graph.format.validation import validate_case
>>> case = validate_case({
...     "format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1},
...                {"id": "nav", "label": "NAV", "type": "nav", "closeness": 3}],
...     "ties": [{"from": "person", "to": "mor", "kind": "support"}]})
>>> part = filtered_network_map(case, sectors={"familie"}, show_ghosts=False)
>>> [n.id for n in part.spec.nodes], part.left_out.actors, part.left_out.ties
(['person', 'mor'], 1, 0)
>>> part.summary()
'Kartet viser 1 av 2 aktører og 1 av 1 bånd. Utelatt: 1 aktør (Tjenester: 1).'
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from graph.analysis.gaps import case_gaps
from graph.format.limits import MAP_READABLE_ACTORS
from graph.format.model import PERSON_ID, Case, case_to_dict
from graph.maps.casemap import case_map_spec
from graph.maps.presentation import case_presentation, with_label_scales
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.render.spec import MapSpec

ANY = None
"""A filter left as ``None`` lets every actor through on that count."""


@dataclass(frozen=True)
class LeftOut:
    """What the filtered map does not show.

    Attributes
    ----------
    actors : int
        Actors left out.
    ties : int
        Ties left out (every tie with an end left out).
    by_sector : tuple of (str, int)
        Actors left out per sector label, in the catalogue's order (sectors with none
        left out are not listed).
    ghosts : int
        Missing actor types (dashed "ghosts") not drawn because of the filter.
    """

    actors: int
    ties: int
    by_sector: tuple[tuple[str, int], ...]
    ghosts: int


@dataclass(frozen=True)
class FilteredMap:
    """The map of the chosen part of a case, and what it leaves out.

    Attributes
    ----------
    spec : MapSpec
        The map (ready for :func:`graph.render.html.render_map_html`).
    shown_actors, total_actors, shown_ties, total_ties : int
        How much of the case the map shows.
    left_out : LeftOut
        What it does not show.
    """

    spec: MapSpec
    shown_actors: int
    total_actors: int
    shown_ties: int
    total_ties: int
    left_out: LeftOut

    def summary(self) -> str:
        """One Norwegian sentence for the page: how much is shown, what is left out."""
        text = (
            f"Kartet viser {self.shown_actors} av {self.total_actors} aktører og "
            f"{self.shown_ties} av {self.total_ties} bånd."
        )
        if not self.left_out.actors and not self.left_out.ghosts:
            return text
        parts = []
        if self.left_out.actors:
            noun = "aktør" if self.left_out.actors == 1 else "aktører"
            sectors = ", ".join(f"{label}: {count}" for label, count in self.left_out.by_sector)
            parts.append(f"{self.left_out.actors} {noun} ({sectors})")
        if self.left_out.ghosts:
            parts.append(f"{self.left_out.ghosts} manglende aktørtyper")
        return f"{text} Utelatt: {' og '.join(parts)}."


def filtered_network_map(
    case: Case,
    catalogue: Catalogue | None = None,
    *,
    sectors: Collection[str] | None = ANY,
    types: Collection[str] | None = ANY,
    rings: Collection[int | None] | None = ANY,
    show_ghosts: bool = True,
    highlight_actors: Collection[str] = (),
    highlight_ties: Collection[int] = (),
) -> FilteredMap:
    """The Nettverkskart map of the actors of ``case`` that pass every filter given.

    Parameters
    ----------
    case : Case
        A validated case.
    catalogue : Catalogue, optional
        The actor catalogue (the shipped one by default).
    sectors : collection of str, optional
        Sector keys (``"familie"``, ``"tjenester"`` …) to show; None for all.
    types : collection of str, optional
        Actor type keys to show; None for all.
    rings : collection of int or None, optional
        Closeness values to show (1, 2, 3, and ``None`` for actors without one); None
        for all.
    show_ghosts : bool
        Draw the missing actor types (computed on the whole case) of the sectors and
        types shown; none are drawn when ``rings`` is given (a ghost has no ring).
    highlight_actors, highlight_ties : collection
        As :func:`graph.maps.network_map`; tie indexes are into ``case.ties``.

    Returns
    -------
    FilteredMap
        The map of the part, with the person and every tie between actors shown. If
        the part still has more than :data:`graph.format.limits.MAP_READABLE_ACTORS` actors
        the map's notice says so. The cost is O(actors + ties) plus the map's.
    """
    catalogue = catalogue or load_catalogue()

    def chosen(type_key: str, closeness: int | None, ghost: bool = False) -> bool:
        return (
            (sectors is None or catalogue.types[type_key].sector in sectors)
            and (types is None or type_key in types)
            and (rings is None or (not ghost and closeness in rings))
        )

    shown = {a.id for a in case.actors if chosen(a.type, a.closeness)}
    kept_ties = [
        index
        for index, tie in enumerate(case.ties)
        if {tie.source, tie.target} <= shown | {PERSON_ID}
    ]
    data = case_to_dict(case)
    data["actors"] = [a for a in data.get("actors", []) if a["id"] in shown]
    data["ties"] = [data["ties"][index] for index in kept_ties]
    data.pop("steps", None)
    part = Case.model_validate(data)
    missing: list[tuple[str, str]] = []
    ghosts_left_out = 0
    all_gaps = case_gaps(case)
    if show_ghosts:
        gaps = [(g.type, g.level) for g in all_gaps if g.level != "may"]
        missing = [(t, level) for t, level in gaps if chosen(t, None, ghost=True)]
        ghosts_left_out = len(gaps) - len(missing)
    new_index = {old: new for new, old in enumerate(kept_ties)}
    spec = case_map_spec(
        part,
        catalogue,
        highlight_actors=[a for a in highlight_actors if a in shown],
        highlight_ties=[new_index[i] for i in highlight_ties if i in new_index],
        missing=missing,
    )
    # The part shown is presented as the whole map is (the gaps are the whole case's).
    steps = case_presentation(part, catalogue, missing, all_gaps)
    spec = with_label_scales(
        dataclasses.replace(spec, notice=_notice(len(shown), len(case.actors)), presentation=steps)
    )
    sector_label = {s.key: s.label for s in catalogue.sectors}
    left = Counter(catalogue.types[a.type].sector for a in case.actors if a.id not in shown)
    return FilteredMap(
        spec=spec,
        shown_actors=len(shown),
        total_actors=len(case.actors),
        shown_ties=len(kept_ties),
        total_ties=len(case.ties),
        left_out=LeftOut(
            actors=len(case.actors) - len(shown),
            ties=len(case.ties) - len(kept_ties),
            by_sector=tuple(
                (sector_label[s.key], left[s.key]) for s in catalogue.sectors if left[s.key]
            ),
            ghosts=ghosts_left_out,
        ),
    )


def _notice(shown: int, total: int) -> str:
    """What the map says when the chosen part is still too large to read (else "")."""
    if shown <= MAP_READABLE_ACTORS:
        return ""
    whole = "Saken" if shown == total else "Utvalget"
    return (
        f"{whole} har {shown} aktører. Så mange kan ikke leses som ett kart: navnene vises "
        "først når du zoomer inn. Velg færre sektorer, typer eller nærheter, så kartet får "
        f"høyst {MAP_READABLE_ACTORS} aktører."
    )
