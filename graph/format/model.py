"""Models of Tverrkart's files: the case file and the municipality file (FORMATS.md).

The models check each field's type and range. Checks that look across fields (unique
ids, ties that name known actors, known actor types) live in
:mod:`graph.format.validation`, which reports every problem at once in Norwegian.

Unknown keys are kept (``extra="allow"``) and written back on save, so a file
written by a newer minor version loses nothing when this version saves it.

Examples
--------
>>> case = Case.model_validate({
...     "format": "tverrkart-case/1",
...     "person": {"alias": "A", "age": 16},
...     "actors": [{"id": "mor", "label": "Mor", "type": "foresatte", "farge": "blå"}],
...     "ties": [{"from": "person", "to": "mor", "kind": "support"}],
... })
>>> case.ties[0].source, case.actors[0].model_extra
('person', {'farge': 'blå'})
>>> case_to_dict(case)["actors"][0]["farge"]
'blå'
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from graph.reference.vocabulary import (
    ActorRole,
    ConsentGiver,
    LegalBasis,
    SituationFlag,
    StepStatus,
    TieKind,
)

CASE_FORMAT = "tverrkart-case/1"
MUNICIPALITY_FORMAT = "tverrkart-municipality/1"
# Minor versions (``/1.2``) of the same major version stay readable.
CASE_FORMAT_PATTERN = r"^tverrkart-case/1(\.[0-9]+)?$"
MUNICIPALITY_FORMAT_PATTERN = r"^tverrkart-municipality/1(\.[0-9]+)?$"
PERSON_ID = "person"
"""Reserved id for the person at the centre, used in ``ties[].from`` / ``to``."""

MAX_LABEL_LENGTH = 200
MAX_ID_LENGTH = 64

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_LENGTH)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LABEL_LENGTH)]
OptionalText = Annotated[str, StringConstraints(max_length=MAX_LABEL_LENGTH)]
Ring = Annotated[int, Field(ge=1, le=3)]
"""Closeness ring or tie strength: 1, 2 or 3 (strict: ``true`` is not 1)."""
Kommunenummer = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]


def _real_date(text: str) -> str:
    """Refuse an ISO-shaped date that is not a day of the calendar (``2026-02-30``).

    >>> _real_date("2026-09-01")
    '2026-09-01'
    """
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("er ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD)") from None
    return text


IsoDate = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), AfterValidator(_real_date)
]
"""An ISO date (``2026-09-01``), kept as the text of the file (FORMATS.md §4.1)."""


class _FileModel(BaseModel):
    """Base for every part of a file: strict types, unknown keys kept."""

    model_config = ConfigDict(extra="allow", strict=True)


class Person(_FileModel):
    """The individual at the centre of the map, known only by a pseudonym."""

    alias: Label
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    situation: list[SituationFlag] = Field(default_factory=list)
    wants_individual_plan: bool | None = None


class ActorPosition(_FileModel):
    """Where an actor was dragged to inside its sector on the map (FORMATS.md §1 leaves
    ``position`` to the project): ``along`` is the share of the sector's arc from its
    first border, counter-clockwise (0 to 1). Its ring is its closeness, so that is
    not repeated here; an actor never dragged has no position and the layout places it.
    Other keys (another tool's coordinates) are kept and not used.
    """

    along: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class Actor(_FileModel):
    """A person or service in the network around the person."""

    id: Identifier
    label: Label
    type: str
    closeness: Ring | None = None
    coordinator: bool = False
    role: ActorRole | None = None
    """The actor's role in the team (FORMATS.md §4.1); absent when not stated."""
    position: ActorPosition | None = None
    """Where the user put it on the map, when it was dragged there."""


class Consent(_FileModel):
    """Who consented to the sharing along a tie, when, to what and until when (§4.1)."""

    given_by: ConsentGiver
    date: IsoDate | None = None
    """When the consent was given; may be left out, but not null (FORMATS.md §4.1)."""
    scope: OptionalText = ""
    expires: IsoDate | None = None
    """When it runs out; null means no expiry."""

    @field_validator("date", mode="before")
    @classmethod
    def _date_not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("må være en dato (ÅÅÅÅ-MM-DD); la feltet være ute hvis den er ukjent")
        return value

    def expired(self, today: dt.date) -> bool:
        """Tell whether the consent ran out before ``today`` (no expiry: never).

        >>> Consent(given_by="person", expires="2026-06-30").expired(dt.date(2026, 7, 1))
        True
        >>> Consent(given_by="person", expires="2026-06-30").expired(dt.date(2026, 6, 30))
        False
        """
        return self.expires is not None and dt.date.fromisoformat(self.expires) < today


class Tie(_FileModel):
    """A tie between two actors, or between an actor and the person."""

    source: Identifier = Field(alias="from")
    target: Identifier = Field(alias="to")
    kind: TieKind
    strength: Ring | None = None
    info_sharing: bool = False
    legal_basis: LegalBasis | None = None
    legal_basis_note: OptionalText | None = None
    """The provision a ``lovhjemmel`` rests on (FORMATS.md §4.1; required with it)."""
    consent: Consent | None = None
    """The consent behind ``legal_basis: "consent"``, when described (FORMATS.md §4.1)."""


class CaseStep(_FileModel):
    """One handling step as the team recorded it (FORMATS.md §4.1 ``steps``).

    ``id`` is a step of ``data/steps.toml``; ``responsible`` an actor id of the case.
    """

    id: Identifier
    status: StepStatus = "open"
    date: IsoDate | None = None
    responsible: Identifier | None = None
    note: OptionalText = ""


class Case(_FileModel):
    """A case file: one person's network (``"format": "tverrkart-case/1"``)."""

    format: Annotated[str, StringConstraints(pattern=CASE_FORMAT_PATTERN)]
    title: OptionalText = ""
    municipality: Kommunenummer | None = None
    person: Person
    actors: list[Actor] = Field(default_factory=list)
    ties: list[Tie] = Field(default_factory=list)
    steps: list[CaseStep] = Field(default_factory=list)

    def actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def coordinators(self) -> list[Actor]:
        """Every actor marked as coordinator, in file order."""
        return [a for a in self.actors if a.coordinator]


class MunicipalActor(_FileModel):
    """An actor a municipality has registered (name and contact of a service)."""

    id: Identifier
    type: str
    label: Label
    contact: OptionalText = ""


class Measure(_FileModel):
    """One row of the municipality's measures table (tiltak / ansvarlig)."""

    what: Label
    responsible: list[Identifier] = Field(default_factory=list)


MAX_ROUTE_STEPS = 20
"""A handling route is a handful of steps (Holmestrand's has five)."""
MAX_NOTE_LENGTH = 1000
"""A route step's note may hold the plan's own sentences for the step."""


class RouteStep(_FileModel):
    """One step of the municipality's own handling route («Hva gjør jeg ved bekymring?»).

    ``responsible`` are actor ids of the file; ``note`` says more in the plan's words.
    """

    what: Label
    responsible: list[Identifier] = Field(default_factory=list)
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE_LENGTH)] = ""


class MunicipalityFile(_FileModel):
    """A municipality's actor map (``"format": "tverrkart-municipality/1"``).

    ``structures`` maps a structure to ``true`` or ``false``; a structure left out is
    «ikke oppgitt» (not stated), which is not the same as ``false``. ``handling_route``
    (the municipality's own steps when someone is worried) and
    ``handlingsplan_gyldig_til`` (the last day the action plan is valid) are optional;
    null there means the same as leaving it out.
    """

    format: Annotated[str, StringConstraints(pattern=MUNICIPALITY_FORMAT_PATTERN)]
    kommunenummer: Kommunenummer
    actors: list[MunicipalActor] = Field(default_factory=list)
    structures: dict[str, bool] = Field(default_factory=dict)
    measures: list[Measure] = Field(default_factory=list)
    handling_route: Annotated[list[RouteStep], Field(max_length=MAX_ROUTE_STEPS)] = Field(
        default_factory=list
    )
    handlingsplan_gyldig_til: IsoDate | None = None


def case_to_dict(case: Case) -> dict[str, Any]:
    """Turn a case into the JSON-ready dict of its file.

    Only keys that were set are written (an absent ``closeness`` stays absent), and
    unknown keys are written back.
    """
    return case.model_dump(mode="json", by_alias=True, exclude_unset=True)


def municipality_to_dict(municipality: MunicipalityFile) -> dict[str, Any]:
    """Turn a municipality file into the JSON-ready dict of its file."""
    return municipality.model_dump(mode="json", by_alias=True, exclude_unset=True)
