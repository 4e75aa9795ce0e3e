"""Reading and checking files: every problem at once, in Norwegian, nothing half-loaded.

The entry points take the raw bytes of a file (as uploaded or read from disk) and
return a model, or raise :class:`InvalidFileError` carrying *every* problem found:
not UTF-8, not JSON, not an object, an unknown or newer format, wrong field types
(from the pydantic models) and cross-field problems (duplicate ids, ties to unknown
actors, unknown actor types, a national identity number anywhere in the file, a
character that no text may hold — see :func:`graph.format.messages.forbidden_character`).

Numbers are read with limits: a number of more than :data:`MAX_NUMBER_LENGTH`
characters, or one too large to be a number at all (``1e999``), is refused with the
line and column where it is, instead of crashing or silently becoming infinity.

Callers keep their current state when this raises, so a refused file changes
nothing.

Examples
--------
>>> try:
...     load_case_bytes(b'{"format": "tverrkart-case/1", "person": {"alias": "A"},'
...                     b' "ties": [{"from": "person", "to": "x", "kind": "support"}]}')
... except InvalidFileError as error:
...     print(error.problems[0].as_line())
ties[0].to: «x» finnes ikke blant aktørene
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.format.limits import size_problems
from graph.format.messages import (
    Location,
    Problem,
    forbidden_character,
    forbidden_character_message,
    pydantic_error_message,
)
from graph.format.model import MAX_ROUTE_STEPS, PERSON_ID, Case, MunicipalityFile
from graph.format.privacy import contains_national_id
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.crosswalk import unknown_number_message

FILE_KINDS = {"tverrkart-case": "sak", "tverrkart-municipality": "kommune"}
SUPPORTED_MAJOR = 1
MAX_DEPTH = 32
MAX_PROBLEMS = 200
"""At most this many problems are listed for one file, then one line says how many more."""
"""Deeper nesting than this is refused: no Tverrkart file needs it."""
MAX_NUMBER_LENGTH = 100
"""A number written with more characters than this is refused: no Tverrkart file needs
one (ages, rings and version numbers are short), and Python itself refuses to read
integers of more than 4,300 digits."""
_FORMAT = re.compile(r"^(?P<kind>[a-z-]+)/(?P<major>[0-9]+)(\.[0-9]+)?$")


class InvalidFileError(ValueError):
    """A file was refused. ``problems`` holds every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.as_line() for p in problems))
        self.problems = problems


def parse_json_bytes(data: bytes) -> Any:
    """Decode UTF-8 JSON, turning every failure into a Norwegian :class:`Problem`.

    Raises
    ------
    InvalidFileError
        When the bytes are not UTF-8 or not JSON.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidFileError(
            [
                Problem(
                    (),
                    f"filen er ikke UTF-8-tekst (ugyldig byte ved posisjon {error.start}). "
                    "Lagre den som UTF-8, eller last ned saken på nytt fra Tverrkart.",
                )
            ]
        ) from None
    try:
        raw = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except _NonStandardNumberError as error:
        raise InvalidFileError(
            [Problem((), f"filen inneholder {error.args[0]}, som ikke er tillatt i JSON")]
        ) from None
    except _UnreadableNumberError as error:
        raise InvalidFileError([_number_problem(text, *error.args)]) from None
    except RecursionError:
        raise InvalidFileError([_too_deep()]) from None
    except json.JSONDecodeError as error:
        raise InvalidFileError(
            [
                Problem(
                    (),
                    f"filen er ikke gyldig JSON (linje {error.lineno}, kolonne {error.colno}). "
                    "Sjekk at den er lagret fra Tverrkart og ikke er endret for hånd.",
                )
            ]
        ) from None
    if _depth(raw) > MAX_DEPTH:
        raise InvalidFileError([_too_deep()])
    return raw


class _NonStandardNumberError(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    raise _NonStandardNumberError(name)


class _UnreadableNumberError(ValueError):
    """``args``: the number as written, and why it is refused (``"long"`` or ``"large"``)."""


def _parse_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_LENGTH:
        raise _UnreadableNumberError(literal, "long")
    return int(literal)


def _parse_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_LENGTH:
        raise _UnreadableNumberError(literal, "long")
    value = float(literal)
    if not math.isfinite(value):
        raise _UnreadableNumberError(literal, "large")
    return value


def _number_problem(text: str, literal: str, why: str) -> Problem:
    """Say where the refused number is (its first occurrence in the text)."""
    position = max(text.find(literal), 0)
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    where = f"linje {line}, kolonne {column}"
    if why == "long":
        return Problem(
            (),
            f"filen har et tall med {len(literal)} tegn ({where}). Tverrkart godtar høyst "
            f"{MAX_NUMBER_LENGTH} tegn i et tall; en fil fra Tverrkart har aldri så lange tall.",
        )
    shown = literal if len(literal) <= 20 else literal[:19] + "…"
    return Problem(
        (),
        f"filen har tallet {shown}, som er for stort til å regnes med ({where}). "
        "Rett tallet, eller last ned saken på nytt fra Tverrkart.",
    )


def _too_deep() -> Problem:
    return Problem((), f"filen har for mange nivåer inni hverandre (mer enn {MAX_DEPTH})")


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (iteratively, so any depth is safe)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, dict | list):
            deepest = max(deepest, level)
            children = current.values() if isinstance(current, dict) else current
            stack.extend((child, level + 1) for child in children)
    return deepest


def file_kind(raw: Any) -> str:
    """Say which kind of file this is: ``"case"`` or ``"municipality"``.

    Raises
    ------
    InvalidFileError
        When ``raw`` is not an object, has no ``format``, or names an unknown kind or
        a newer major version than this Tverrkart can read.
    """
    if not isinstance(raw, dict):
        raise InvalidFileError(
            [
                Problem(
                    (), "filen må inneholde ett JSON-objekt ({ … }), ikke en liste eller en verdi"
                )
            ]
        )
    fmt = raw.get("format")
    if fmt is None:
        raise InvalidFileError(
            [Problem(("format",), 'mangler. En saksfil har «"format": "tverrkart-case/1"».')]
        )
    match = _FORMAT.match(fmt) if isinstance(fmt, str) else None
    if not match or match["kind"] not in FILE_KINDS:
        raise InvalidFileError(
            [Problem(("format",), f"«{fmt}» er ikke et filformat Tverrkart kjenner")]
        )
    if int(match["major"]) != SUPPORTED_MAJOR:
        raise InvalidFileError(
            [
                Problem(
                    ("format",),
                    f"versjon {match['major']} av formatet kan ikke leses av denne versjonen "
                    f"av Tverrkart (den leser versjon {SUPPORTED_MAJOR}). Oppdater Tverrkart.",
                )
            ]
        )
    return "case" if match["kind"] == "tverrkart-case" else "municipality"


def _model_problems(model: type[BaseModel], raw: dict) -> list[Problem]:
    try:
        model.model_validate(raw)
    except ValidationError as error:
        return [Problem(tuple(e["loc"]), pydantic_error_message(e)) for e in error.errors()]
    return []


def _items(raw: dict, key: str) -> Iterator[tuple[int, dict]]:
    values = raw.get(key)
    if isinstance(values, list):
        for index, value in enumerate(values):
            if isinstance(value, dict):
                yield index, value


def _type_problem(location: Location, value: Any, catalogue: Catalogue) -> Problem | None:
    if not isinstance(value, str) or value in catalogue.types:
        return None
    close = difflib.get_close_matches(value, list(catalogue.types), n=1)
    hint = f" Mente du «{close[0]}»?" if close else " Se siden Aktørkart for gyldige typer."
    return Problem(location, f"«{value}» er ikke en aktørtype i katalogen.{hint}")


def _actor_id_problems(raw: dict, catalogue: Catalogue) -> tuple[list[Problem], set[str]]:
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for index, actor in _items(raw, "actors"):
        actor_id = actor.get("id")
        if isinstance(actor_id, str):
            if actor_id == PERSON_ID:
                problems.append(
                    Problem(
                        ("actors", index, "id"),
                        "«person» er reservert for personen i midten; velg en annen ID",
                    )
                )
            elif actor_id in first_seen:
                problems.append(
                    Problem(
                        ("actors", index, "id"),
                        f"ID-en «{actor_id}» er allerede brukt av aktør nr. "
                        f"{first_seen[actor_id] + 1}; hver aktør må ha sin egen ID",
                    )
                )
            else:
                first_seen[actor_id] = index
        problem = _type_problem(("actors", index, "type"), actor.get("type"), catalogue)
        if problem:
            problems.append(problem)
    return problems, set(first_seen)


def _tie_problems(raw: dict, known: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for index, tie in _items(raw, "ties"):
        ends = {end: tie.get(end) for end in ("from", "to")}
        for end, value in ends.items():
            if isinstance(value, str) and value != PERSON_ID and value not in known:
                problems.append(
                    Problem(("ties", index, end), f"«{value}» finnes ikke blant aktørene")
                )
        if isinstance(ends["from"], str) and ends["from"] == ends["to"]:
            problems.append(
                Problem(("ties", index), "et bånd kan ikke gå fra en aktør til den samme aktøren")
            )
        problems += _basis_problems(index, tie)
    return problems


def _basis_problems(index: int, tie: dict) -> list[Problem]:
    """FORMATS.md §4.1: ``lovhjemmel`` needs its note; ``consent`` details need that basis."""
    basis = tie.get("legal_basis")
    note = tie.get("legal_basis_note")
    problems = []
    if basis == "lovhjemmel" and not (isinstance(note, str) and note.strip()):
        problems.append(
            Problem(
                ("ties", index, "legal_basis_note"),
                "mangler. Med «lovhjemmel» må merknaden si hvilken bestemmelse delingen "
                "bygger på (for eksempel rutinen for varsling mellom politiet og kommunen).",
            )
        )
    if tie.get("consent") is not None and basis != "consent":
        problems.append(
            Problem(
                ("ties", index, "consent"),
                "et samtykke kan bare beskrives når grunnlaget er «consent» (samtykke)",
            )
        )
    return problems


def _step_problems(raw: dict, known: set[str]) -> list[Problem]:
    """FORMATS.md §4.1: a step id from data/steps.toml, once each; a known responsible actor."""
    from graph.guidance.steps import load_steps  # the steps cite sources; load them lazily

    step_ids = load_steps().ids()
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, step in _items(raw, "steps"):
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id not in step_ids:
                close = difflib.get_close_matches(step_id, sorted(step_ids), n=1)
                hint = f" Mente du «{close[0]}»?" if close else ""
                problems.append(
                    Problem(("steps", index, "id"), f"«{step_id}» er ikke et kjent trinn.{hint}")
                )
            elif step_id in seen:
                problems.append(
                    Problem(("steps", index, "id"), f"trinnet «{step_id}» står flere ganger")
                )
            seen.add(step_id)
        who = step.get("responsible")
        if isinstance(who, str) and who not in known:
            problems.append(
                Problem(("steps", index, "responsible"), f"«{who}» finnes ikke blant aktørene")
            )
    return problems


_NATIONAL_ID_MESSAGE = (
    "ser ut til å inneholde et fødselsnummer. Tverrkart skal aldri inneholde "
    "fødselsnummer: fjern det og bruk et pseudonym."
)


def _text_problems(text: str, location: Location, prefix: str = "") -> list[Problem]:
    problems = []
    # Scan only texts that can hold such characters (ASCII letters and digits cannot).
    if not text.isprintable() and (ch := forbidden_character(text)) is not None:
        problems.append(Problem(location, prefix + forbidden_character_message(ch)))
    if contains_national_id(text):
        problems.append(Problem(location, prefix + _NATIONAL_ID_MESSAGE))
    return problems


def _number_text(value: int | float) -> str:
    """A JSON number as the guard reads it ("" when it cannot hold an identity number).

    ``15038510190.0`` and ``1.503851019e10`` are the integer ``15038510190``; an
    integer can only be one with 11 digits (13 with a four-digit year), so short
    numbers are not even turned into text.
    """
    if isinstance(value, float) and not value.is_integer():
        return str(value)
    whole = abs(int(value))
    return str(whole) if 10**10 <= whole < 10**13 else ""


def _content_problems(value: Any, location: Location = ()) -> list[Problem]:
    """Identity numbers and forbidden characters anywhere: values, keys, numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = _number_text(value)
        if number and contains_national_id(number):
            return [Problem(location, _NATIONAL_ID_MESSAGE)]
        return []
    if isinstance(value, str):
        return _text_problems(value, location)
    if isinstance(value, dict):
        problems = []
        for key, child in value.items():
            where = (*location, str(key))
            problems.extend(_text_problems(str(key), where, "navnet på feltet "))
            problems.extend(_content_problems(child, where))
        return problems
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _content_problems(v, (*location, i))]
    return []


def _at_most(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and a line for the rest.

    A crafted file can hold millions of refused texts; listing each would flood the
    terminal and the page without helping anyone.
    """
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [
        *problems[:MAX_PROBLEMS],
        Problem((), f"og {rest} problemer til. Rett disse først, og sjekk filen på nytt."),
    ]


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {"format": 0, "title": 1, "municipality": 2, "kommunenummer": 2, "person": 3}

    def key(problem: Problem) -> tuple:
        head = problem.location[0] if problem.location else ""
        rest = tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in problem.location[1:])
        return (order.get(str(head), 4), str(head), rest)

    return sorted(problems, key=key)


def case_problems(raw: Any, catalogue: Catalogue | None = None) -> list[Problem]:
    """Every problem with a case file's content (empty when it is valid).

    Parameters
    ----------
    raw : Any
        The parsed JSON of the file.
    catalogue : Catalogue, optional
        The actor catalogue to check types against (the shipped one by default).
    """
    catalogue = catalogue or load_catalogue()
    if not isinstance(raw, dict):
        return [Problem((), "filen må inneholde ett JSON-objekt ({ … })")]
    if too_large := size_problems(raw, "case"):  # refused before the costly checks
        return too_large
    problems = _model_problems(Case, raw)
    problems += _kommunenummer_problems(raw, "municipality")
    actor_problems, known = _actor_id_problems(raw, catalogue)
    problems += actor_problems
    problems += _tie_problems(raw, known)
    problems += _step_problems(raw, known)
    problems += _content_problems(raw)
    return _at_most(_sorted(list(dict.fromkeys(problems))))


def _kommunenummer_problems(raw: dict, key: str) -> list[Problem]:
    """A well-formed kommunenummer that is not one of 2024 (with a hint for old numbers)."""
    number = raw.get(key)
    if not isinstance(number, str) or not re.fullmatch(r"[0-9]{4}", number):
        return []  # the model reports a missing or malformed number
    message = unknown_number_message(number)
    return [Problem((key,), message)] if message else []


def municipality_problems(raw: Any, catalogue: Catalogue | None = None) -> list[Problem]:
    """Every problem with a municipality file's content (empty when it is valid).

    Besides the model's checks: the kommunenummer must be one of the 357 of 2024; an
    older number is explained with what it became (``3803`` → Tønsberg has ``3905``).
    """
    catalogue = catalogue or load_catalogue()
    if not isinstance(raw, dict):
        return [Problem((), "filen må inneholde ett JSON-objekt ({ … })")]
    if too_large := size_problems(raw, "municipality"):
        return too_large
    own = _municipality_field_problems(raw)
    replaced = {problem.location for problem in own}
    problems = [p for p in _model_problems(MunicipalityFile, raw) if p.location not in replaced]
    problems += own
    problems += _kommunenummer_problems(raw, "kommunenummer")
    actor_problems, known = _actor_id_problems(raw, catalogue)
    problems += actor_problems
    for key in ("measures", "handling_route"):
        for index, row in _items(raw, key):
            responsible = row.get("responsible")
            if isinstance(responsible, list):
                problems += [
                    Problem((key, index, "responsible", i), f"«{who}» finnes ikke blant aktørene")
                    for i, who in enumerate(responsible)
                    if isinstance(who, str) and who not in known
                ]
    problems += _content_problems(raw)
    return _at_most(_sorted(list(dict.fromkeys(problems))))


def _iso_day(value: Any) -> bool:
    """True for a day of the calendar written ``ÅÅÅÅ-MM-DD``."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _municipality_field_problems(raw: dict) -> list[Problem]:
    """Plainer words than the model's for three municipality fields.

    A structure that is ``null`` (the way to say «ikke oppgitt» is to leave it out), a
    handling route that is too long, and a ``handlingsplan_gyldig_til`` that is not a
    date. These replace the model's problem at the same place.
    """
    problems = []
    structures = raw.get("structures")
    if isinstance(structures, dict):
        problems += [
            Problem(
                ("structures", key),
                "må være true (på plass) eller false (ikke på plass), fikk null. Er det ikke "
                "oppgitt, la strukturen være ute av «structures»; da vises den som "
                "«ikke oppgitt».",
            )
            for key, value in structures.items()
            if value is None
        ]
    route = raw.get("handling_route")
    if isinstance(route, list) and len(route) > MAX_ROUTE_STEPS:
        problems.append(
            Problem(
                ("handling_route",),
                f"har {len(route)} trinn; høyst {MAX_ROUTE_STEPS} er tillatt. Slå sammen trinn.",
            )
        )
    valid_to = raw.get("handlingsplan_gyldig_til")
    if valid_to is not None and not _iso_day(valid_to):
        problems.append(
            Problem(
                ("handlingsplan_gyldig_til",),
                f"«{valid_to}» er ikke en dato. Skriv siste dag planen gjelder som ÅÅÅÅ-MM-DD, "
                "for eksempel 2022-12-31.",
            )
        )
    return problems


def validate_case(raw: Any, catalogue: Catalogue | None = None) -> Case:
    """Check a parsed case file and return its model.

    Raises
    ------
    InvalidFileError
        With every problem, when the file is not a valid case.
    """
    if file_kind(raw) != "case":
        raise InvalidFileError([Problem(("format",), "dette er en kommunefil, ikke en saksfil")])
    problems = case_problems(raw, catalogue)
    if problems:
        raise InvalidFileError(problems)
    return Case.model_validate(raw)


def validate_municipality(raw: Any, catalogue: Catalogue | None = None) -> MunicipalityFile:
    """Check a parsed municipality file and return its model.

    Raises
    ------
    InvalidFileError
        With every problem, when the file is not a valid municipality file.
    """
    if file_kind(raw) != "municipality":
        raise InvalidFileError([Problem(("format",), "dette er en saksfil, ikke en kommunefil")])
    problems = municipality_problems(raw, catalogue)
    if problems:
        raise InvalidFileError(problems)
    return MunicipalityFile.model_validate(raw)


def load_case_bytes(data: bytes, catalogue: Catalogue | None = None) -> Case:
    """Read a case file from its bytes (see :func:`validate_case`)."""
    return validate_case(parse_json_bytes(data), catalogue)


def load_any_bytes(data: bytes) -> Case | MunicipalityFile:
    """Read a case or a municipality file from its bytes, whichever it is."""
    raw = parse_json_bytes(data)
    if file_kind(raw) == "case":
        return validate_case(raw)
    return validate_municipality(raw)
