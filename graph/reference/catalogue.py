"""The actor catalogue: every kind of actor that can stand in a person's network.

The catalogue lives in ``data/catalogue.toml``. Each actor type has a Norwegian
label, a sphere (formal services or the informal network), the map sector it is
drawn in, a description of its role written from the seeds, the duties that
matter when information is shared, whether it can coordinate, national contact
points, and a citation for each of those facts.

Examples
--------
>>> catalogue = load_catalogue()
>>> catalogue.types["barnevern"].sphere
'formal'
>>> catalogue.sector_of("mor_ukjent_type") is None
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.reference.citations import check_citation
from graph.reference.datafiles import read_toml

Sphere = Literal["formal", "informal"]
IdeaMapRing = Literal["near", "outer"]

#: The type keys FORMATS.md §1 requires, by sphere.
REQUIRED_INFORMAL = (
    "foresatte",
    "familie",
    "venner",
    "naermiljo",
    "tros_livssyn",
    "fritid",
    "frivillig",
    "arbeidsplass",
    "risikomiljo",
    "annen_privat",
)
REQUIRED_FORMAL = (
    "skole",
    "kommune",
    "slt_koordinator",
    "barnevern",
    "helse",
    "nav",
    "politi",
    "radikaliseringskontakt",
    "pst",
    "kriminalomsorg",
    "rvts",
    "konfliktrad",
    "familievern",
    "mentor",
    "annen_tjeneste",
)

SPHERE_LABELS = {"formal": "Formelt (tjenester)", "informal": "Uformelt nettverk"}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sector(_Frozen):
    """A sector of the map: a slice of the circle around the person."""

    key: str
    label: str
    weight: float = Field(gt=0, description="Relative width of the slice.")
    description: str = ""


class Duty(_Frozen):
    """A legal duty that matters when information about the person is shared."""

    label: str
    description: str
    sources: tuple[str, ...] = Field(min_length=1)


class Contact(_Frozen):
    """A national contact point for an actor type (only verified ones are shipped)."""

    name: str
    value: str
    source: str
    confidence: Literal["verified", "partially"] = "verified"


class LevelClaim(_Frozen):
    """A phrase in a type's description that says how strongly the guidance asks for it.

    Every phrase with «skal», «må», «bør» or «anbefales» in a description is listed as a
    claim, so that the words a municipal team reads can be checked against the rules
    (``tests/test_catalogue.py``): the phrase's level word must equal ``level``, and
    ``level`` must equal the level of every rule in ``rules``.

    Attributes
    ----------
    text : str
        The phrase, word for word as it stands in the description.
    level : {"must", "should", "may"}
        The level the phrase states.
    rules : tuple of str
        Ids of the guidance rules the phrase states (``data/rules.toml``); empty when it
        states a duty or task that is not a rule about involving this actor (then
        ``source`` says where it comes from).
    source : tuple of str
        Citations for a claim without rules.
    """

    text: str = Field(min_length=5)
    level: Literal["must", "should", "may"]
    rules: tuple[str, ...] = ()
    source: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _rule_or_source(self) -> LevelClaim:
        if not self.rules and not self.source:
            raise ValueError(f"«{self.text}»: en påstand uten regel trenger en kilde")
        return self


class ActorType(_Frozen):
    """One kind of actor (a key of ``actors[].type`` in a case file)."""

    key: str
    label: str
    sphere: Sphere
    sector: str
    description: str = Field(min_length=20)
    duties: tuple[str, ...] = ()
    can_coordinate: bool = False
    idea_map: IdeaMapRing | None = None
    contacts: tuple[Contact, ...] = ()
    levels: tuple[LevelClaim, ...] = ()
    sources: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def _every_fact_has_a_source(self) -> ActorType:
        needed = ["description"]
        if self.duties:
            needed.append("duties")
        if self.can_coordinate:
            needed.append("can_coordinate")
        if self.idea_map:
            needed.append("idea_map")
        missing = [fact for fact in needed if not self.sources.get(fact)]
        if missing:
            raise ValueError(f"{self.key}: kilde mangler for {', '.join(missing)}")
        return self

    @property
    def is_formal(self) -> bool:
        """True for services (the formal sphere)."""
        return self.sphere == "formal"


class Catalogue(_Frozen):
    """The whole actor catalogue, with lookups used across the core."""

    sectors: tuple[Sector, ...]
    duties: dict[str, Duty]
    types: dict[str, ActorType]

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        sector_keys = {sector.key for sector in self.sectors}
        problems = []
        for key, actor_type in self.types.items():
            if key != actor_type.key:
                problems.append(f"{key}: nøkkelen stemmer ikke med key={actor_type.key!r}")
            if actor_type.sector not in sector_keys:
                problems.append(f"{key}: ukjent sektor {actor_type.sector!r}")
            problems.extend(
                f"{key}: ukjent plikt {duty!r}"
                for duty in actor_type.duties
                if duty not in self.duties
            )
        missing = [k for k in (*REQUIRED_INFORMAL, *REQUIRED_FORMAL) if k not in self.types]
        if missing:
            problems.append(f"typer som FORMATS.md krever, mangler: {', '.join(missing)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def label(self, type_key: str) -> str:
        """Return the Norwegian label of a type, or the key itself when unknown."""
        actor_type = self.types.get(type_key)
        return actor_type.label if actor_type else type_key

    def sector_of(self, type_key: str) -> str | None:
        """Return the sector key a type is drawn in, or None for an unknown type."""
        actor_type = self.types.get(type_key)
        return actor_type.sector if actor_type else None

    def sector_label(self, sector_key: str) -> str:
        """Return the Norwegian label of a sector."""
        for sector in self.sectors:
            if sector.key == sector_key:
                return sector.label
        return sector_key

    def citations(self) -> list[str]:
        """Every citation in the catalogue, for checking that each one resolves."""
        found: list[str] = []
        for duty in self.duties.values():
            found.extend(duty.sources)
        for actor_type in self.types.values():
            for refs in actor_type.sources.values():
                found.extend(refs)
            found.extend(contact.source for contact in actor_type.contacts)
            for claim in actor_type.levels:
                found.extend(claim.source)
        return found


def parse_catalogue(raw: dict) -> Catalogue:
    """Build a :class:`Catalogue` from the parsed TOML and check every citation."""
    catalogue = Catalogue(
        sectors=tuple(raw["sectors"]),
        duties=raw.get("duties", {}),
        types={entry["key"]: entry for entry in raw["types"]},
    )
    for citation in catalogue.citations():
        check_citation(citation)
    return catalogue


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Load and check ``data/catalogue.toml`` once per process."""
    return parse_catalogue(read_toml("catalogue.toml"))
