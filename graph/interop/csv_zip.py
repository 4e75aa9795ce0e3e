"""Gephi's node and edge tables as CSV: two files in one zip.

Gephi's «Import spreadsheet» reads a node table with ``Id`` and ``Label`` and an edge
table with ``Source``, ``Target`` and ``Type`` (``Directed`` or ``Undirected``); other
columns become attributes. The files are UTF-8 with a byte-order mark, so Excel opens
æ, ø and å correctly, and comma-separated with the standard CSV quoting. A text that a
spreadsheet could read as a formula gets a leading apostrophe
(:func:`graph.interop.cells.as_csv_text`).

Nodes: ``Id, Label, Type, Sphere, Closeness, Coordinator``. Edges: ``Id, Source,
Target, Type, Kind, Weight, InfoSharing, LegalBasis`` (``Id`` keeps parallel ties apart
in Gephi; only referrals are ``Directed``).

Examples
--------
>>> import io, zipfile
>>> from graph.format.validation import validate_case
>>> case = validate_case({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "x", "label": "=1+1", "type": "venner", "closeness": 2}],
...     "ties": [{"from": "person", "to": "x", "kind": "referral"}]})
>>> files = zipfile.ZipFile(io.BytesIO(export_csv_zip(case, stem="sak")))
>>> files.namelist()
['sak-noder.csv', 'sak-kanter.csv']
>>> files.read("sak-noder.csv").decode("utf-8-sig").splitlines()[2]
"x,'=1+1,Venner,Uformelt nettverk,2,false"
>>> files.read("sak-kanter.csv").decode("utf-8-sig").splitlines()[1]
't0,person,x,Directed,Melding / henvisning,1,false,'
"""

from __future__ import annotations

import csv
import io
import zipfile

from graph.format.model import PERSON_ID, Case
from graph.interop.cells import as_csv_text
from graph.interop.graphml import DIRECTED_KINDS, edge_id
from graph.reference.catalogue import SPHERE_LABELS, Catalogue, load_catalogue
from graph.reference.vocabulary import legal_basis_label, tie_kind_label

NODE_COLUMNS = ("Id", "Label", "Type", "Sphere", "Closeness", "Coordinator")
EDGE_COLUMNS = (
    "Id",
    "Source",
    "Target",
    "Type",
    "Kind",
    "Weight",
    "InfoSharing",
    "LegalBasis",
)


def _csv_bytes(columns: tuple[str, ...], rows: list[tuple]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            as_csv_text(value) if isinstance(value, str) else ("" if value is None else value)
            for value in row
        )
    return buffer.getvalue().encode("utf-8-sig")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def node_rows(case: Case, catalogue: Catalogue | None = None) -> list[tuple]:
    """One row per node: the person first, then every actor in file order."""
    catalogue = catalogue or load_catalogue()
    rows: list[tuple] = [(PERSON_ID, case.person.alias, "Personen", "Personen", None, "false")]
    for actor in case.actors:
        actor_type = catalogue.types.get(actor.type)
        sphere = SPHERE_LABELS[actor_type.sphere] if actor_type else ""
        rows.append(
            (
                actor.id,
                actor.label,
                catalogue.label(actor.type),
                sphere,
                actor.closeness,
                _bool(actor.coordinator),
            )
        )
    return rows


def edge_rows(case: Case) -> list[tuple]:
    """One row per tie, in file order (ids ``t0``, ``t1`` … as in GraphML and GEXF)."""
    return [
        (
            edge_id(index),
            tie.source,
            tie.target,
            "Directed" if tie.kind in DIRECTED_KINDS else "Undirected",
            tie_kind_label(tie.kind),
            tie.strength or 1,
            _bool(tie.info_sharing),
            legal_basis_label(tie.legal_basis) if tie.info_sharing else "",
        )
        for index, tie in enumerate(case.ties)
    ]


def export_csv_zip(case: Case, catalogue: Catalogue | None = None, *, stem: str = "sak") -> bytes:
    """A zip with ``{stem}-noder.csv`` and ``{stem}-kanter.csv`` (see the module docs)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}-noder.csv", _csv_bytes(NODE_COLUMNS, node_rows(case, catalogue)))
        archive.writestr(f"{stem}-kanter.csv", _csv_bytes(EDGE_COLUMNS, edge_rows(case)))
    return buffer.getvalue()
