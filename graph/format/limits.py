"""How large a case, a municipality file and a browser tab's uploads may be.

One place for the limits, so the command line, the pages, «Importer» and the database
all agree: :func:`graph.format.validation.case_problems` and
:func:`graph.format.validation.municipality_problems` call :func:`size_problems` first, and
every way in (upload, CLI, import, save) goes through them.

Why these numbers
-----------------
A case is the network around one person: the examples have 5-20 actors, and a map
with more than a few hundred cannot be read. A 45,000-actor case opened, but every
save took 40-70 s and the page froze meanwhile (issue 9). 1,000 actors and 5,000
ties keep every step of the page under a few seconds on the project's machine; a
municipality's map of services and measures is of the same size or smaller.

Uploads: one browser tab may read at most :data:`MAX_SESSION_UPLOAD_FILES` files and
:data:`MAX_SESSION_UPLOAD_BYTES` bytes (the pages count them, and free each file's
bytes once it is read); «Oversikt» takes :data:`MAX_UPLOAD_FILES` files at a time,
enough for all 357 municipalities.

Examples
--------
>>> size_problems({"actors": [{}] * 1001}, "case")[0].message[:60]
'saken har 1001 aktører; Tverrkart tar høyst 1000 i én sak. D'
>>> size_problems({"actors": [], "ties": []}, "case")
[]
"""

from __future__ import annotations

from typing import Any

from graph.format.messages import Problem

MAX_ACTORS = 1_000
"""Actors in one case or one municipality file."""
MAX_TIES = 5_000
"""Ties in one case."""
MAP_READABLE_ACTORS = 150
"""Above this many actors a case's map is not readable as one picture (issue 11: 2,000
actors drew a blob): the map says so, keeps its labels hidden until zoomed in, and the
page offers a filter by sector, type and ring (:func:`graph.maps.filter.filter_case`).
Up to it, the layout keeps every label apart and routes ties around nodes."""
MAX_STEPS = 200
"""Recorded handling steps in one case (FORMATS.md §4.1): each step of data/steps.toml at
most once, so a valid case has far fewer; the limit refuses a crafted list at once."""
MAX_MEASURES = 1_000
"""Measures (tiltak) in one municipality file."""
MAX_STRUCTURES = 200
"""Structures (yes/no) in one municipality file."""

MAX_UPLOAD_FILES = 400
"""Files read from one upload on «Oversikt» (all 357 municipalities fit)."""
MAX_SESSION_UPLOAD_FILES = 2_000
"""Files one browser tab may upload, all pages together."""
MAX_SESSION_UPLOAD_BYTES = 50 * 1024 * 1024
"""Bytes one browser tab may upload, all pages together (50 MB)."""

_WHAT = {"case": "saken", "municipality": "kommunefilen"}
_WHERE = {"case": "i én sak", "municipality": "i én kommunefil"}
_LIMITS = {
    "case": (
        ("actors", MAX_ACTORS, "aktører"),
        ("ties", MAX_TIES, "bånd"),
        ("steps", MAX_STEPS, "trinn"),
    ),
    "municipality": (
        ("actors", MAX_ACTORS, "aktører"),
        ("measures", MAX_MEASURES, "tiltak"),
        ("structures", MAX_STRUCTURES, "strukturer"),
    ),
}


def size_problems(raw: Any, kind: str) -> list[Problem]:
    """A problem for each list (or table) of a file that is longer than allowed.

    Checked before anything else in the file, so an oversized file is refused at once
    without the cost of checking all of it.

    Parameters
    ----------
    raw : Any
        The parsed JSON of the file (anything that is not an object has no problem here).
    kind : str
        ``"case"`` or ``"municipality"``.
    """
    if not isinstance(raw, dict):
        return []
    problems = []
    for key, limit, noun in _LIMITS[kind]:
        value = raw.get(key)
        if isinstance(value, list | dict) and len(value) > limit:
            problems.append(
                Problem(
                    (key,),
                    f"{_WHAT[kind]} har {len(value)} {noun}; Tverrkart tar høyst {limit} "
                    f"{_WHERE[kind]}. Del den opp i flere, eller fjern det som ikke trengs.",
                )
            )
    return problems


def session_upload_refusal(used_files: int, used_bytes: int, new_bytes: int) -> str | None:
    """Why one more file of ``new_bytes`` may not be read in this browser tab, or None.

    ``used_files`` and ``used_bytes`` count what the tab has read so far.
    """
    if used_files + 1 > MAX_SESSION_UPLOAD_FILES:
        return (
            f"Du har lastet opp {used_files} filer i denne fanen, og det er det meste "
            "Tverrkart tar imot i én fane. Lagre det du trenger, lukk fanen og åpne "
            "Tverrkart på nytt for å laste opp flere."
        )
    if used_bytes + new_bytes > MAX_SESSION_UPLOAD_BYTES:
        mb = MAX_SESSION_UPLOAD_BYTES // (1024 * 1024)
        return (
            f"Du har lastet opp nesten {mb} MB i denne fanen, og det er det meste Tverrkart "
            "tar imot i én fane. Lagre det du trenger, lukk fanen og åpne Tverrkart på nytt "
            "for å laste opp flere filer."
        )
    return None
