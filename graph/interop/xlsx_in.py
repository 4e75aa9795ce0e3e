"""Actors and ties from a spreadsheet: a case, or every problem at once.

What a sheet may look like
--------------------------
- Tverrkart's own workbook (:mod:`.xlsx_out`): the sheets «Sak», «Aktører», «Bånd» and
  «Trinn» with Norwegian column names, so an exported case reads back unchanged.
- A Kumu-style list: a sheet «Elements» with ``Label``, ``Type`` and ``Description``,
  and a sheet «Connections» with ``From``, ``To`` and ``Type``.
- Any mix of the two: column names are matched without regard to case, in Norwegian or
  English (see :data:`ACTOR_COLUMNS` and :data:`TIE_COLUMNS`); other columns are ignored.

A type, tie kind, legal basis or role may be written as its key (``barnevern``) or its
Norwegian label («Barneverntjenesten»); a tie's ``Fra``/``Til`` may name an actor by its
ID or by its name, and the person as ``person`` or by the alias. An unknown type gets
the closest catalogue types as suggestions (:func:`difflib.get_close_matches`).

Every problem is reported at once, by sheet, row and column, in Norwegian; the sheet
limits are those of :mod:`graph.format.limits`, and a sheet with more rows is refused before the
rest of it is read (:mod:`.workbook`). The case that is built is then checked like any
uploaded case file (:func:`graph.format.validation.validate_case`), and those problems are
named by sheet, row and column too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.format.limits import MAX_ACTORS, MAX_STEPS, MAX_TIES
from graph.format.model import CASE_FORMAT, MAX_ID_LENGTH, PERSON_ID, Case, MunicipalityFile
from graph.format.validation import InvalidFileError, validate_case
from graph.interop.tables import (
    ACTORS_SHEET,
    CASE_FIELDS,
)
from graph.interop.workbook import (
    SheetProblem,
    SheetRows,
    WorkbookRefusedError,
    open_workbook,
    read_rows,
)
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.vocabulary import (
    ACTOR_ROLES,
    LEGAL_BASES,
    SITUATION_FLAGS,
    STEP_STATUSES,
    TIE_KINDS,
    closeness_label,
    legal_basis_label,
    role_label,
    situation_label,
    step_status_label,
    strength_label,
    tie_kind_label,
)

SHEET_NAMES = {
    "actors": ("aktører", "aktorer", "elements", "elementer", "actors", "nodes", "noder"),
    "ties": ("bånd", "band", "connections", "koblinger", "ties", "edges", "kanter"),
    "case": ("sak", "case"),
    "steps": ("trinn", "steps"),
}
ACTOR_COLUMNS = {
    "id": ("id",),
    "label": ("navn", "label", "name"),
    "type": ("type", "aktørtype", "kategori"),
    "note": ("merknad", "description", "beskrivelse", "note"),
    "closeness": ("nærhet", "closeness"),
    "coordinator": ("koordinator", "coordinator"),
    "role": ("rolle", "role"),
    "contact": ("kontakt", "contact"),
}
TIE_COLUMNS = {
    "from": ("fra", "from", "source"),
    "to": ("til", "to", "target"),
    "kind": ("type bånd", "type", "kind", "type band"),
    "strength": ("styrke", "strength"),
    "info_sharing": ("deler opplysninger", "info sharing", "infosharing", "info_sharing"),
    "legal_basis": ("rettslig grunnlag", "legal basis", "legalbasis", "legal_basis"),
    "legal_basis_note": ("merknad om lovhjemmel", "legal basis note"),
    "given_by": ("samtykke gitt av",),
    "date": ("samtykkedato",),
    "scope": ("samtykkets omfang",),
    "expires": ("samtykke utløper",),
    "note": ("merknad", "description", "beskrivelse"),
}
STEP_COLUMNS = {
    "id": ("id",),
    "status": ("status",),
    "date": ("dato", "date"),
    "responsible": ("ansvarlig", "responsible"),
    "note": ("merknad", "note"),
}
REQUIRED = {"actors": ("label", "type"), "ties": ("from", "to", "kind"), "steps": ("id",)}
YES_WORDS = frozenset({"ja", "j", "yes", "y", "true", "sann", "x", "1"})
NO_WORDS = frozenset({"nei", "n", "no", "false", "usann", "0"})
CONSENT_GIVERS = {"person": "person", "personen": "person", "foresatte": "foresatte"}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _choices(keys: tuple[str, ...], label: Callable[[Any], str]) -> dict[str, str]:
    """Folded key and folded label → key."""
    found = {_fold(key): key for key in keys}
    found.update({_fold(label(key)): key for key in keys})
    return found


def suggestions(text: str, choices: dict[str, str], shown: Callable[[str], str]) -> list[str]:
    """The closest choices to ``text``, as shown to people (at most three).

    >>> from graph.reference.vocabulary import tie_kind_label
    >>> suggestions("Stötte", _choices(TIE_KINDS, tie_kind_label), tie_kind_label)
    ['Støtte']
    """
    close = difflib.get_close_matches(_fold(text), list(choices), n=6, cutoff=0.6)
    found: list[str] = []
    for match in close:
        name = shown(choices[match])
        if name not in found:
            found.append(name)
    return found[:3]


@dataclass
class SheetImport:
    """What a workbook gave: the case (None when refused), the file it would be, and
    every problem."""

    case: Case | None
    raw: dict[str, Any] | None
    problems: list[SheetProblem] = field(default_factory=list)


@dataclass
class _Builder:
    catalogue: Catalogue
    problems: list[SheetProblem] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple, tuple[str, int, dict[str, str]]] = field(default_factory=dict)
    """``("actors", index)`` → (sheet, row, field → column name) for validation problems."""
    outside: str = "saken"
    """What a problem outside the workbook is in (the case, or the municipality file)."""

    def problem(self, sheet: str | None, row: int | None, column: str | None, text: str) -> None:
        self.problems.append(SheetProblem(sheet, row, column, text))

    def choice(
        self,
        text: str,
        choices: dict[str, str],
        shown: Callable[[str], str],
        where: tuple[str, int, str],
        what: str,
    ) -> str | None:
        if not text:
            return None
        key = choices.get(_fold(text))
        if key is not None:
            return key
        close = suggestions(text, choices, shown)
        hint = f" Mente du: {', '.join(close)}?" if close else ""
        self.problem(*where, f"«{text}» er ikke {what} Tverrkart kjenner.{hint}")
        return None


def _columns(
    sheet: SheetRows, names: dict[str, tuple[str, ...]], kind: str, builder: _Builder
) -> dict[str, int] | None:
    folded = [_fold(h) for h in sheet.header]
    found: dict[str, int] = {}
    for key, aliases in names.items():
        for alias in aliases:
            if alias in folded and folded.index(alias) not in found.values():
                found[key] = folded.index(alias)
                break
    missing = [names[key][0].capitalize() for key in REQUIRED.get(kind, ()) if key not in found]
    if missing:
        builder.problem(
            sheet.name,
            1,
            None,
            f"mangler kolonnen {', '.join(f'«{m}»' for m in missing)} i første rad "
            f"(kolonner som finnes: {', '.join(h for h in sheet.header if h) or 'ingen'}).",
        )
        return None
    return found


def _value(cells: tuple[str, ...], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


def _header(sheet: SheetRows, columns: dict[str, int], key: str, default: str) -> str:
    index = columns.get(key)
    return sheet.header[index] if index is not None else default


def _yes_no(text: str, where: tuple[str, int, str], builder: _Builder) -> bool | None:
    if not text:
        return None
    folded = _fold(text)
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    builder.problem(*where, f"«{text}» må være «Ja» eller «Nei».")
    return None


def _ring(
    text: str, label: Callable[[Any], str], where: tuple[str, int, str], builder: _Builder
) -> int | None:
    if not text:
        return None
    if text in ("1", "2", "3"):
        return int(text)
    choices = {_fold(label(n)): n for n in (1, 2, 3)}
    if _fold(text) in choices:
        return choices[_fold(text)]
    names = ", ".join(f"{n} ({label(n)})" for n in (1, 2, 3))
    builder.problem(*where, f"«{text}» må være 1, 2 eller 3: {names}.")
    return None


def _slug(text: str) -> str:
    """An id made from a name: ``Mor og far`` → ``mor_og_far``.

    >>> _slug("Kontaktlærer (8A)")
    'kontaktlærer_8a'
    """
    slug = re.sub(r"[^\w]+", "_", text.casefold()).strip("_")
    return (slug or "aktor")[:MAX_ID_LENGTH]


def _actors(sheet: SheetRows, builder: _Builder) -> dict[str, str]:
    """Read the actors; return how a tie may name each (id, name) → id."""
    columns = _columns(sheet, ACTOR_COLUMNS, "actors", builder)
    if columns is None:
        return {}
    catalogue = builder.catalogue
    types = _choices(tuple(catalogue.types), catalogue.label)
    roles = _choices(ACTOR_ROLES, role_label)
    actors: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    taken = {PERSON_ID}
    for row, cells in sheet.rows:

        def at(key: str, default: str, row: int = row) -> tuple[str, int, str]:
            return (sheet.name, row, _header(sheet, columns, key, default))

        label = _value(cells, columns, "label")
        typed_id = _value(cells, columns, "id")
        type_text = _value(cells, columns, "type")
        type_key = builder.choice(
            type_text, types, catalogue.label, at("type", "Type"), "en aktørtype"
        )
        if not type_text:
            builder.problem(*at("type", "Type"), "mangler: skriv aktørtypen, for eksempel «Skole».")
        actor: dict[str, Any] = {"id": typed_id, "label": label, "type": type_key}
        closeness = _ring(
            _value(cells, columns, "closeness"), closeness_label, at("closeness", "Nærhet"), builder
        )
        if closeness is not None:
            actor["closeness"] = closeness
        if _yes_no(
            _value(cells, columns, "coordinator"), at("coordinator", "Koordinator"), builder
        ):
            actor["coordinator"] = True
        role = builder.choice(
            _value(cells, columns, "role"), roles, role_label, at("role", "Rolle"), "en rolle"
        )
        if role:
            actor["role"] = role
        for extra in ("contact", "note"):
            if text := _value(cells, columns, extra):
                actor[extra] = text
        if not typed_id:
            base = _slug(label)
            candidate, number = base, 2
            while candidate in taken:
                suffix = f"_{number}"
                candidate, number = base[: MAX_ID_LENGTH - len(suffix)] + suffix, number + 1
            actor["id"] = candidate
        taken.add(actor["id"])
        fields = {key: _header(sheet, columns, key, key) for key in ACTOR_COLUMNS}
        fields["id"] = _header(sheet, columns, "id", _header(sheet, columns, "label", "Navn"))
        if type_key is not None:
            builder.where[("actors", len(actors))] = (sheet.name, row, fields)
            actors.append(actor)
        names.setdefault(_fold(actor["id"]), actor["id"])
        if label:
            names.setdefault(_fold(label), actor["id"])
    builder.raw["actors"] = actors
    return names


def _end(
    text: str, names: dict[str, str], where: tuple[str, int, str], builder: _Builder
) -> str | None:
    if not text:
        builder.problem(*where, "mangler: skriv ID-en eller navnet til en aktør.")
        return None
    found = names.get(_fold(text))
    if found is None:
        builder.problem(
            *where,
            f"finner ingen aktør «{text}» (verken som ID eller navn i arket med aktører). "
            "Skriv navnet slik det står der, eller «person» for personen i midten.",
        )
    return found


def _ties(sheet: SheetRows, names: dict[str, str], usable: set[str], builder: _Builder) -> None:
    columns = _columns(sheet, TIE_COLUMNS, "ties", builder)
    if columns is None:
        return
    kinds = _choices(TIE_KINDS, tie_kind_label)
    bases = _choices(LEGAL_BASES, legal_basis_label)
    ties: list[dict[str, Any]] = []
    for row, cells in sheet.rows:

        def at(key: str, default: str, row: int = row) -> tuple[str, int, str]:
            return (sheet.name, row, _header(sheet, columns, key, default))

        source = _end(_value(cells, columns, "from"), names, at("from", "Fra"), builder)
        target = _end(_value(cells, columns, "to"), names, at("to", "Til"), builder)
        kind_text = _value(cells, columns, "kind")
        kind = builder.choice(
            kind_text, kinds, tie_kind_label, at("kind", "Type bånd"), "en type bånd"
        )
        if not kind_text:
            builder.problem(*at("kind", "Type bånd"), "mangler: skriv for eksempel «Støtte».")
        tie: dict[str, Any] = {"from": source, "to": target, "kind": kind}
        strength = _ring(
            _value(cells, columns, "strength"), strength_label, at("strength", "Styrke"), builder
        )
        if strength is not None:
            tie["strength"] = strength
        sharing = _yes_no(
            _value(cells, columns, "info_sharing"),
            at("info_sharing", "Deler opplysninger"),
            builder,
        )
        if sharing is not None:
            tie["info_sharing"] = sharing
        basis = builder.choice(
            _value(cells, columns, "legal_basis"),
            bases,
            legal_basis_label,
            at("legal_basis", "Rettslig grunnlag"),
            "et rettslig grunnlag",
        )
        if basis:
            tie["legal_basis"] = basis
        if note := _value(cells, columns, "legal_basis_note"):
            tie["legal_basis_note"] = note
        if text := _value(cells, columns, "note"):
            tie["note"] = text
        giver_text = _value(cells, columns, "given_by")
        if giver_text:
            giver = CONSENT_GIVERS.get(_fold(giver_text))
            if giver is None:
                builder.problem(
                    *at("given_by", "Samtykke gitt av"),
                    f"«{giver_text}» må være «Personen» eller «Foresatte».",
                )
            else:
                consent: dict[str, Any] = {"given_by": giver}
                for key in ("date", "scope", "expires"):
                    if value := _value(cells, columns, key):
                        consent[key] = value
                tie["consent"] = consent
        fields = {key: _header(sheet, columns, key, key) for key in TIE_COLUMNS}
        fields.update({"given_by": fields["given_by"], "consent": fields["given_by"]})
        if None not in (source, target, kind) and {source, target} <= usable:
            builder.where[("ties", len(ties))] = (sheet.name, row, fields)
            ties.append(tie)
    builder.raw["ties"] = ties


def _case_sheet(sheet: SheetRows | None, builder: _Builder) -> dict[str, str]:
    """The «Sak» sheet's fields; the header row is «Felt», «Verdi»."""
    if sheet is None:
        return {}
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    known = {_fold(name): name for name in CASE_FIELDS}
    for row, cells in ((1, sheet.header), *sheet.rows):
        name = known.get(_fold(cells[0])) if cells else None
        if name is not None:
            values[name] = cells[1] if len(cells) > 1 else ""
            where[name] = row
    person: dict[str, Any] = {"alias": values.get("Alias") or "Personen"}
    if age := values.get("Alder", ""):
        if age.isdigit():
            person["age"] = int(age)
        else:
            builder.problem(
                sheet.name,
                where["Alder"],
                "Verdi",
                f"«{age}» må være en alder i hele år (0–120), eller stå tom.",
            )
    flags = _choices(SITUATION_FLAGS, situation_label)
    situation = []
    for part in re.split(r"[;\n]", values.get("Situasjon", "")):
        if part.strip():
            flag = builder.choice(
                part.strip(),
                flags,
                situation_label,
                (sheet.name, where["Situasjon"], "Verdi"),
                "en situasjon",
            )
            if flag and flag not in situation:
                situation.append(flag)
    if situation:
        person["situation"] = situation
    wants = _yes_no(
        values.get("Ønsker individuell plan", ""),
        (sheet.name, where.get("Ønsker individuell plan"), "Verdi"),
        builder,
    )
    if wants is not None:
        person["wants_individual_plan"] = wants
    builder.raw["person"] = person
    builder.where[("person",)] = (
        sheet.name,
        where.get("Alias"),
        {"alias": "Verdi", "age": "Verdi"},
    )
    if values.get("Tittel"):
        builder.raw["title"] = values["Tittel"]
        builder.where[("title",)] = (sheet.name, where["Tittel"], {"title": "Verdi"})
    if values.get("Kommune"):
        builder.raw["municipality"] = values["Kommune"]
        builder.where[("municipality",)] = (sheet.name, where["Kommune"], {"municipality": "Verdi"})
    return values


def _steps(sheet: SheetRows, names: dict[str, str], builder: _Builder) -> None:
    columns = _columns(sheet, STEP_COLUMNS, "steps", builder)
    if columns is None:
        return
    statuses = _choices(STEP_STATUSES, step_status_label)
    steps = []
    for row, cells in sheet.rows:
        step_id = _value(cells, columns, "id")
        status = (
            builder.choice(
                _value(cells, columns, "status"),
                statuses,
                step_status_label,
                (sheet.name, row, _header(sheet, columns, "status", "Status")),
                "en status",
            )
            or "open"
        )
        step: dict[str, Any] = {"id": step_id, "status": status}
        if date := _value(cells, columns, "date"):
            step["date"] = date
        if who := _value(cells, columns, "responsible"):
            step["responsible"] = names.get(_fold(who), who)
        if note := _value(cells, columns, "note"):
            step["note"] = note
        if status != "open" or len(step) > 2:  # only what the team recorded
            fields = {key: _header(sheet, columns, key, key) for key in STEP_COLUMNS}
            builder.where[("steps", len(steps))] = (sheet.name, row, fields)
            steps.append(step)
    if steps:
        builder.raw["steps"] = steps


def _find(sheets: dict[str, Any], kind: str) -> Any:
    for name, sheet in sheets.items():
        if _fold(name) in SHEET_NAMES[kind]:
            return sheet
    return None


def _too_many(sheet: SheetRows, limit: int, noun: str, builder: _Builder) -> bool:
    if sheet.too_many:
        builder.problem(
            sheet.name,
            None,
            None,
            f"arket har mer enn {limit} {noun}; Tverrkart tar høyst {limit} i én sak. "
            "Del listen opp, eller fjern det som ikke trengs.",
        )
    return sheet.too_many


def _validation_problems(error: InvalidFileError, builder: _Builder) -> list[SheetProblem]:
    found = []
    for problem in error.problems:
        location = problem.location
        key = (
            tuple(location[:2])
            if len(location) > 1 and isinstance(location[1], int)
            else tuple(location[:1])
        )
        place = builder.where.get(key)
        if place is None:
            where = f"{builder.outside} → {problem.friendly_location()}"
            found.append(SheetProblem(None, None, None, problem.message, outside=where))
            continue
        sheet, row, fields = place
        rest = [p for p in location[len(key) :] if isinstance(p, str)]
        column = fields.get(rest[0]) if rest else None
        found.append(SheetProblem(sheet, row, column, problem.message))
    return found


def import_workbook(
    data: bytes, catalogue: Catalogue | None = None, title: str = ""
) -> SheetImport:
    """Build a case from a workbook's bytes, or say every problem (see the module docs).

    ``title`` is used when the workbook has no «Sak» sheet with a title.
    """
    builder = _Builder(catalogue or load_catalogue())
    try:
        book = open_workbook(data)
    except WorkbookRefusedError as refused:
        return SheetImport(None, None, refused.problems)
    try:
        sheets = {sheet.title: sheet for sheet in book.worksheets}
        actor_sheet = _find(sheets, "actors")
        if actor_sheet is None:
            names = ", ".join(f"«{n}»" for n in sheets) or "ingen"
            builder.problem(
                None,
                None,
                None,
                f"fant ikke arket med aktører. Kall det «{ACTORS_SHEET}» (eller «Elements»); "
                f"arkene som finnes: {names}.",
            )
            return SheetImport(None, None, builder.problems)
        actors = read_rows(actor_sheet, MAX_ACTORS)
        tie_sheet = _find(sheets, "ties")
        ties = read_rows(tie_sheet, MAX_TIES) if tie_sheet is not None else None
        step_sheet = _find(sheets, "steps")
        steps = read_rows(step_sheet, MAX_STEPS * 5) if step_sheet is not None else None
        case_sheet = _find(sheets, "case")
        case_rows = read_rows(case_sheet, 50) if case_sheet is not None else None
    finally:
        book.close()
    if _too_many(actors, MAX_ACTORS, "aktører", builder) | (
        ties is not None and _too_many(ties, MAX_TIES, "bånd", builder)
    ):
        return SheetImport(None, None, builder.problems)
    builder.raw.update({"format": CASE_FORMAT, "title": title})
    _case_sheet(case_rows, builder)
    builder.raw.setdefault("person", {"alias": "Personen"})
    names = _actors(actors, builder)
    names.setdefault(_fold(PERSON_ID), PERSON_ID)
    names.setdefault(_fold("personen"), PERSON_ID)
    names.setdefault(_fold(builder.raw["person"]["alias"]), PERSON_ID)
    usable = {actor["id"] for actor in builder.raw.get("actors", [])} | {PERSON_ID}
    if ties is not None:
        _ties(ties, names, usable, builder)
    if steps is not None:
        _steps(steps, names, builder)
    raw = {key: value for key, value in builder.raw.items() if value != "" or key != "title"}
    try:
        case = validate_case(raw, builder.catalogue)
    except InvalidFileError as error:
        builder.problems.extend(_validation_problems(error, builder))
        case = None
    if builder.problems:
        seen: set[SheetProblem] = set()
        unique = [p for p in builder.problems if not (p in seen or seen.add(p))]
        return SheetImport(None, raw, unique)
    return SheetImport(case, raw, [])


def load_case_xlsx(data: bytes, catalogue: Catalogue | None = None) -> Case:
    """The case in a workbook, or :class:`~graph.format.validation.InvalidFileError` with every
    problem (each a :class:`~.workbook.SheetProblem`)."""
    result = import_workbook(data, catalogue)
    if result.case is None:
        raise InvalidFileError(result.problems)  # type: ignore[arg-type]
    return result.case


@dataclass
class MunicipalityImport:
    """A municipality file with its actors from a workbook (None when refused), and every
    problem."""

    municipality: MunicipalityFile | None
    problems: list[SheetProblem] = field(default_factory=list)


def import_municipality_actors(
    data: bytes, current: MunicipalityFile, catalogue: Catalogue | None = None
) -> MunicipalityImport:
    """The municipality file ``current`` with its actors replaced by a workbook's.

    The «Aktører» sheet (or «Elements») gives ``ID``, ``Navn``/Label, ``Type`` and
    ``Kontakt`` for each service (other columns are ignored). The file's structures,
    measures and route stay, and an actor whose ID the file had keeps its other keys.
    Measures or route steps that name an actor the sheet no longer has are reported,
    like every other problem, at once.
    """
    from graph.format.model import municipality_to_dict
    from graph.format.validation import validate_municipality

    builder = _Builder(catalogue or load_catalogue(), outside="kommunefilen")
    try:
        book = open_workbook(data)
    except WorkbookRefusedError as refused:
        return MunicipalityImport(None, refused.problems)
    try:
        sheet = _find({s.title: s for s in book.worksheets}, "actors")
        rows = read_rows(sheet, MAX_ACTORS) if sheet is not None else None
    finally:
        book.close()
    if rows is None:
        builder.problem(None, None, None, f"fant ikke arket med aktører («{ACTORS_SHEET}»).")
        return MunicipalityImport(None, builder.problems)
    if _too_many(rows, MAX_ACTORS, "aktører", builder):
        return MunicipalityImport(None, builder.problems)
    _actors(rows, builder)
    before = {actor["id"]: actor for actor in municipality_to_dict(current).get("actors", [])}
    actors = []
    for actor in builder.raw.get("actors", []):
        # An actor the file had keeps its other keys (a source, keys of newer versions).
        kept = {k: v for k, v in before.get(actor["id"], {}).items() if k != "contact"}
        read = {k: v for k, v in actor.items() if k in ("id", "type", "label", "contact")}
        actors.append({**kept, **read})
    raw = {**municipality_to_dict(current), "actors": actors}
    try:
        municipality = validate_municipality(raw, builder.catalogue)
    except InvalidFileError as error:
        builder.problems.extend(_validation_problems(error, builder))
        municipality = None
    if builder.problems:
        seen: set[SheetProblem] = set()
        return MunicipalityImport(
            None, [p for p in builder.problems if not (p in seen or seen.add(p))]
        )
    return MunicipalityImport(municipality, [])
