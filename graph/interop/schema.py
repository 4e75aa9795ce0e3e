"""The published JSON Schema of every file and output (``tverrkart schema …``).

- ``case`` and ``municipality``: the schema of the pydantic models that read the files
  (:class:`graph.format.model.Case`, :class:`graph.format.model.MunicipalityFile`), v1.1 keys
  included.
  The schema checks shape and ranges; what looks across fields (unique ids, ties naming
  known actors, actor types from the catalogue, a ``lovhjemmel`` with its note) is
  checked by :mod:`graph.format.validation` and is said in each schema's ``description``.
- ``analysis`` and ``coverage``: the outputs of ``tverrkart analyse --json`` and
  ``tverrkart coverage --json`` (FORMATS.md §3.1, §3.2, §4.2), described by the models in
  this module. Every object allows more keys: the contract names the minimum.

Examples
--------
>>> schema = json_schema("case")
>>> schema["properties"]["ties"]["items"]["$ref"]
'#/$defs/Tie'
>>> sorted(SCHEMAS)
['analysis', 'case', 'coverage', 'municipality']
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.format.model import Case, MunicipalityFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect pydantic writes (an identifier; nothing is fetched)."""

Level = Literal["must", "should", "may"]


class _Open(BaseModel):
    """An output object: the keys below at least, more are welcome."""

    model_config = ConfigDict(extra="allow")


class CoordinatorOutput(_Open):
    """Who coordinates (FORMATS.md §3.1 ``coordinator``)."""

    status: Literal["ok", "missing", "multiple"]
    ids: list[str]
    candidates: list[Any]
    unreached: list[str]


class GapOutput(_Open):
    """An actor type the guidance asks for that the network lacks."""

    type: str
    level: Level
    rule: str
    reason: str
    source: str


class InvolveOutput(_Open):
    """Whom to involve next, with a reason."""

    type: str
    why: str


class SharingProblemOutput(_Open):
    """A tie that shares information without a fitting basis."""

    from_: str = Field(alias="from")
    to: str
    problem: Literal["no_legal_basis", "unknown_basis", "basis_does_not_fit", "consent_expired"]


class QuestionOutput(_Open):
    """What the analysis cannot decide from the file (FORMATS.md §4.2)."""

    id: str
    why: str
    rules: list[str]


class NotificationOutput(_Open):
    """A rule worded as a notification, made or missing (FORMATS.md §4.2)."""

    type: str
    rule: str
    status: Literal["made", "missing"]
    source: str


class StepOutput(_Open):
    """A handling step for this profile (FORMATS.md §4.2)."""

    id: str
    title: str
    status: Literal["open", "done", "not_relevant"]
    responsible: str | None
    source: str


class MetricsOutput(_Open):
    """Network figures; ``size`` is the number of actors (the person not counted)."""

    size: int = Field(ge=0)


class AnalysisOutput(_Open):
    """``tverrkart analyse CASE --json`` (FORMATS.md §3.1 and §4.2)."""

    format: Literal["tverrkart-analysis/1"]
    coordinator: CoordinatorOutput
    gaps: list[GapOutput]
    involve: list[InvolveOutput]
    info_sharing: list[SharingProblemOutput]
    questions: list[QuestionOutput] = Field(default_factory=list)
    notifications: list[NotificationOutput] = Field(default_factory=list)
    steps: list[StepOutput] = Field(default_factory=list)
    metrics: MetricsOutput


class MissingOutput(_Open):
    """An actor type a municipality lacks."""

    type: str
    level: Level
    reason: str


class MunicipalityCoverage(_Open):
    """One municipality's coverage (FORMATS.md §3.2)."""

    kommunenummer: str = Field(pattern=r"^[0-9]{4}$")
    name: str
    score: float = Field(ge=0, le=1)
    present: list[str]
    missing: list[MissingOutput]
    regional: dict[str, str]


class CoverageOutput(_Open):
    """``tverrkart coverage … --json`` (FORMATS.md §3.2)."""

    format: Literal["tverrkart-coverage/1"]
    municipalities: list[MunicipalityCoverage]


CROSS_FIELD = {
    "case": (
        "Checked by Tverrkart beyond this schema: actor ids are unique and not «person»; "
        "actor types are keys of the actor catalogue; ties name known ids and no actor is "
        "tied to itself; legal_basis «lovhjemmel» needs legal_basis_note; consent only "
        "with legal_basis «consent», and its date may be left out but not null; steps "
        "name known step ids and actor ids; at most 1000 actors, 5000 ties and 200 steps."
    ),
    "municipality": (
        "Checked by Tverrkart beyond this schema: kommunenummer is a 2024 municipality; "
        "actor ids are unique; actor types are keys of the actor catalogue; measures name "
        "known actor ids; at most 1000 actors and 1000 measures."
    ),
}
SCHEMAS: dict[str, type[BaseModel]] = {
    "case": Case,
    "municipality": MunicipalityFile,
    "analysis": AnalysisOutput,
    "coverage": CoverageOutput,
}
TITLES = {
    "case": "Tverrkart saksfil (tverrkart-case/1, med v1.1-tilleggene)",
    "municipality": "Tverrkart kommunefil (tverrkart-municipality/1)",
    "analysis": "Tverrkart analyse (tverrkart-analysis/1)",
    "coverage": "Tverrkart dekning (tverrkart-coverage/1)",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind`` (``case``, ``municipality``, ``analysis``, ``coverage``)."""
    schema = SCHEMAS[kind].model_json_schema(by_alias=True, mode="validation")
    description = schema.get("description", "")
    if kind in CROSS_FIELD:
        description = f"{description}\n\n{CROSS_FIELD[kind]}".strip()
    return {**schema, "$schema": DIALECT, "title": TITLES[kind], "description": description}


def schema_markdown() -> str:
    """The documentation page ``docs/schema.md``: every schema, as the command prints it.

    A test checks that the page in ``docs/`` is this text, so the docs cannot drift from
    the models; write it anew with ``python -m graph.interop.schema > docs/schema.md``.
    """
    import json

    parts = [
        "# JSON Schema for Tverrkarts filer og resultater",
        "",
        "Denne siden er laget av `python -m graph.interop.schema` fra modellene i koden",
        "(`graph/format/model.py`, `graph/interop/schema.py`); en test sjekker at den er lik.",
        "Den samme teksten skrives ut av `tverrkart schema case|municipality|analysis|coverage`.",
        "",
        "Skjemaene sjekker form og verdiområder. Det som ser på tvers av felt (unike ID-er,",
        "bånd som peker på kjente aktører, aktørtyper fra katalogen), sjekker Tverrkart selv;",
        "det står i hvert skjemas `description`. Alle objekter tar imot flere nøkler enn dem",
        "som er nevnt (en fil fra en nyere versjon mister ingenting).",
        "",
    ]
    for kind in SCHEMAS:
        parts += [
            f"## `{kind}`: {TITLES[kind]}",
            "",
            "```json",
            json.dumps(json_schema(kind), ensure_ascii=False, indent=2),
            "```",
            "",
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    print(schema_markdown(), end="")
