"""Export and import of one saved item with its whole history (``tverrkart-archive/1``).

An archive is one UTF-8 JSON file::

    {
      "format": "tverrkart-archive/1",
      "kind": "case",                  # or "municipality"
      "name": "Sak A",
      "exported_at": "2026-03-12T13:05:00+00:00",
      "hmac": {"algorithm": "hmac-sha256", "installation": "…", "value": "…"},
      "versions": [
        {"number": 1, "saved_at": "2026-03-01T09:00:00+00:00", "note": "Første møte",
         "sha256": "…", "content": {"format": "tverrkart-case/1", …}},
        …
      ]
    }

Versions are numbered 1, 2, 3 … in order; each ``content`` is a whole case or
municipality file (FORMATS.md §1–2) and is checked like an uploaded file. Times
must have a time zone, may not lie in the future or before the year 2000, and may
not go backwards from one version to the next. A version's ``sha256``, when given,
must match its content, or the archive is refused (it was changed after export).
``hmac`` signs the history (:mod:`graph.storage.integrity`); whether it matches is
decided by the repository, which holds the key. Reading
reports *every* problem at once, so an invalid archive is refused as a whole and
changes nothing. A plain case or municipality file is read as an archive with one
version.

Examples
--------
>>> archive = parse_archive(b'{"format": "tverrkart-case/1", "person": {"alias": "A"}}')
>>> archive.kind, archive.name, len(archive.versions)
('case', 'Uten tittel', 1)
>>> try:
...     parse_archive(b'{"format": "tverrkart-archive/1", "kind": "case", "versions": []}')
... except InvalidFileError as error:
...     print(error.problems[0].friendly_location(), "–", error.problems[0].message)
versjoner – må ha minst én versjon
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.format.messages import Problem
from graph.format.model import case_to_dict, municipality_to_dict
from graph.format.privacy import contains_national_id
from graph.format.validation import (
    InvalidFileError,
    case_problems,
    file_kind,
    municipality_problems,
    parse_json_bytes,
    validate_case,
    validate_municipality,
)
from graph.reference.catalogue import Catalogue
from graph.storage.integrity import (
    ALGORITHM,
    installation_id,
    serialise,
    sign,
    signing_payload,
)

ARCHIVE_FORMAT = "tverrkart-archive/1"
ARCHIVE_FORMAT_PATTERN = re.compile(r"^tverrkart-archive/(?P<major>[0-9]+)(\.[0-9]+)?$")
MAX_VERSIONS = 5000
TEXT_LIMIT = 200
UNTITLED = "Uten tittel"
KIND_WORDS = {"case": "sak", "municipality": "kommunekart"}
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No version can be older than this: an earlier time is forged or a broken clock."""
CLOCK_SKEW = timedelta(minutes=5)
"""How far in the future a time may lie (clocks of two servers differ a little)."""
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

_FIELD_WORDS = {
    "kind": "type",
    "name": "navn",
    "versions": "versjoner",
    "number": "nummer",
    "saved_at": "lagret",
    "note": "merknad",
    "content": "innhold",
    "sha256": "kontrollsum",
    "format": "format",
}


class ArchiveProblem(Problem):
    """A problem in an archive; inside a version it is named «Versjon 3 → Aktør nr. 2 …»."""

    def friendly_location(self) -> str:
        """The location in words, with the version first."""
        parts = list(self.location)
        if len(parts) >= 2 and parts[0] == "versions" and isinstance(parts[1], int):
            head = f"Versjon nr. {parts[1] + 1}"
            rest = parts[2:]
            if rest and rest[0] == "content":
                inner = Problem(tuple(rest[1:]), self.message).friendly_location()
                return head if inner == "Hele filen" else f"{head} → {inner}"
            if rest:
                return f"{head} → {_FIELD_WORDS.get(str(rest[0]), str(rest[0]))}"
            return head
        if parts:
            return _FIELD_WORDS.get(str(parts[0]), str(parts[0]))
        return "Hele filen"


@dataclass(frozen=True)
class ArchiveVersion:
    """One version in an archive: its time, note and checked content."""

    saved_at: datetime | None
    note: str
    content: dict[str, Any]


@dataclass(frozen=True)
class Archive:
    """A checked archive: what kind of item, its name and its versions (oldest first).

    Attributes
    ----------
    payload : bytes or None
        What the archive's HMAC covers (:func:`~graph.storage.integrity.signing_payload`);
        ``None`` when a version has no checksum, so the history cannot be verified.
    signature : str or None
        The HMAC in the file (``None`` when it has none).
    is_archive : bool
        False for a plain case or municipality file (one version, no history).
    """

    kind: str
    name: str
    versions: tuple[ArchiveVersion, ...]
    payload: bytes | None = None
    signature: str | None = None
    is_archive: bool = True


def archive_bytes(
    kind: str,
    name: str,
    versions: Iterable[tuple[int, datetime, str, str, str]],
    exported_at: datetime,
    key: bytes,
) -> bytes:
    """The UTF-8 JSON of an archive, signed with ``key``.

    Each version's stored text goes into the file as it is (it is already JSON), so
    making an archive never parses the content again and holds about one copy of
    the file in memory.

    Parameters
    ----------
    kind : str
        ``"case"`` or ``"municipality"``.
    name : str
        The item's name in the list.
    versions : iterable of (number, saved_at, note, content text, sha256)
        Every version, oldest first, with checked content.
    exported_at : datetime
        When the archive was made (aware).
    key : bytes
        This installation's archive key.
    """

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts: list[str] = []
    signed: list[tuple[int, str, str, str]] = []
    for number, saved_at, note, text, digest in versions:
        moment = saved_at.astimezone(UTC).isoformat()
        signed.append((number, moment, note, digest))
        parts.append(
            f'{{"number":{number},"saved_at":{dumps(moment)},"note":{dumps(note)},'
            f'"sha256":{dumps(digest)},"content":{text}}}'
        )
    signature = {
        "algorithm": ALGORITHM,
        "installation": installation_id(key),
        "value": sign(key, signing_payload(kind, name, signed)),
    }
    head = (
        f'{{"format":{dumps(ARCHIVE_FORMAT)},"kind":{dumps(kind)},"name":{dumps(name)},'
        f'"exported_at":{dumps(exported_at.astimezone(UTC).isoformat())},'
        f'"hmac":{dumps(signature)},\n"versions":[\n'
    )
    return (head + ",\n".join(parts) + "\n]}\n").encode("utf-8")


def normalised_content(kind: str, content: Any, catalogue: Catalogue | None = None) -> dict:
    """Check a case or municipality file and return the dict that is stored.

    Raises
    ------
    InvalidFileError
        With every problem, when ``content`` is not a valid file of that kind.
    """
    if kind == "case":
        return case_to_dict(validate_case(content, catalogue))
    return municipality_to_dict(validate_municipality(content, catalogue))


def check_text(value: str, what: str, *, required: bool) -> str:
    """Clean a name or note typed by someone, or raise ``ValueError`` saying what is wrong.

    Line breaks become spaces, other control characters are dropped and the ends
    are trimmed; at most 200 characters; never a national identity number.

    Examples
    --------
    >>> check_text("  Etter møte\\n12.3.\\x00 ", "Merknaden", required=False)
    'Etter møte 12.3.'
    """
    text = " ".join(str(value).split())
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))
    if required and not text:
        raise ValueError(f"{what} kan ikke være tom.")
    if len(text) > TEXT_LIMIT:
        raise ValueError(f"{what} er for lang: {len(text)} tegn, høyst {TEXT_LIMIT} er tillatt.")
    if contains_national_id(text):
        raise ValueError(
            f"{what} ser ut til å inneholde et fødselsnummer. Fjern det og bruk et pseudonym."
        )
    return text


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _text_problem(raw: dict, key: str, where: tuple, required: bool) -> list[Problem]:
    value = raw.get(key, "")
    if not isinstance(value, str):
        return [ArchiveProblem((*where, key), "må være tekst")]
    try:
        check_text(value, "Teksten", required=required)
    except ValueError as error:
        return [ArchiveProblem((*where, key), str(error).replace("Teksten ", "", 1))]
    return []


def _time_problems(versions: list, now: datetime) -> list[Problem]:
    problems: list[Problem] = []
    previous: datetime | None = None
    for index, raw in enumerate(versions):
        moment = _parse_time(raw.get("saved_at")) if isinstance(raw, dict) else None
        if moment is None:
            continue
        where = ("versions", index, "saved_at")
        if moment > now + CLOCK_SKEW:
            problems.append(
                ArchiveProblem(where, "ligger i fremtiden. Filen er endret, eller klokken var feil")
            )
        elif moment < EARLIEST:
            problems.append(
                ArchiveProblem(where, "er før år 2000. Filen er endret, eller klokken var feil")
            )
        if previous is not None and moment < previous:
            problems.append(
                ArchiveProblem(
                    where,
                    "er tidligere enn versjonen før. Versjonene må komme i den rekkefølgen "
                    "de ble lagret",
                )
            )
        previous = moment
    return problems


def _checksum_problems(index: int, raw: dict) -> list[Problem]:
    if "sha256" not in raw:
        return []
    claimed = raw["sha256"]
    where = ("versions", index, "sha256")
    if not isinstance(claimed, str) or not _HEX64.match(claimed):
        return [ArchiveProblem(where, "må være 64 tegn (0–9, a–f)")]
    if serialise(raw.get("content"))[1] != claimed:
        return [
            ArchiveProblem(
                where,
                "stemmer ikke med innholdet: innholdet er endret etter eksporten. "
                "Filen kan ikke importeres. Eksporter saken på nytt fra der den kom fra",
            )
        ]
    return []


def _version_problems(index: int, raw: Any, kind: str, catalogue: Catalogue | None) -> list:
    where = ("versions", index)
    if not isinstance(raw, dict):
        return [ArchiveProblem(where, "må være et objekt med number, saved_at, note og content")]
    problems: list[Problem] = []
    if raw.get("number") != index + 1 or isinstance(raw.get("number"), bool):
        problems.append(
            ArchiveProblem(
                (*where, "number"),
                f"skal være {index + 1}: versjonene må være nummerert 1, 2, 3 … i rekkefølge",
            )
        )
    if _parse_time(raw.get("saved_at")) is None:
        problems.append(
            ArchiveProblem(
                (*where, "saved_at"),
                "må være et tidspunkt med tidssone, for eksempel «2026-03-12T13:05:00+00:00»",
            )
        )
    problems += _text_problem(raw, "note", where, required=False)
    content = raw.get("content")
    try:
        content_kind = file_kind(content)
    except InvalidFileError as error:
        inner = error.problems
    else:
        if content_kind != kind:
            inner = [
                Problem(("format",), f"er en {KIND_WORDS[content_kind]}, ikke en {kind_word(kind)}")
            ]
        elif kind == "case":
            inner = case_problems(content, catalogue)
        else:
            inner = municipality_problems(content, catalogue)
    problems += [ArchiveProblem((*where, "content", *p.location), p.message) for p in inner]
    if not inner:
        problems += _checksum_problems(index, raw)
    return problems


def kind_word(kind: str) -> str:
    """The Norwegian word for a kind of item: «sak» or «kommunekart»."""
    return KIND_WORDS[kind]


def _archive_problems(raw: dict, catalogue: Catalogue | None, now: datetime) -> list[Problem]:
    match = ARCHIVE_FORMAT_PATTERN.match(str(raw.get("format")))
    if match and int(match["major"]) != 1:
        return [
            ArchiveProblem(
                ("format",),
                f"versjon {match['major']} av eksportformatet kan ikke leses av denne "
                "versjonen av Tverrkart. Oppdater Tverrkart.",
            )
        ]
    kind = raw.get("kind")
    if kind not in KIND_WORDS:
        return [
            ArchiveProblem(("kind",), "må være «case» (sak) eller «municipality» (kommunekart)")
        ]
    problems = _text_problem(raw, "name", (), required=False)
    versions = raw.get("versions")
    if not isinstance(versions, list):
        return [*problems, ArchiveProblem(("versions",), "må være en liste med versjoner")]
    if not versions:
        return [*problems, ArchiveProblem(("versions",), "må ha minst én versjon")]
    if len(versions) > MAX_VERSIONS:
        return [
            *problems,
            ArchiveProblem(("versions",), f"har {len(versions)} versjoner; høyst {MAX_VERSIONS}"),
        ]
    for index, version in enumerate(versions):
        problems += _version_problems(index, version, kind, catalogue)
    return problems + _time_problems(versions, now)


def _payload(raw: dict) -> bytes | None:
    versions = raw["versions"]
    if not all(isinstance(v.get("sha256"), str) for v in versions):
        return None
    if not isinstance(raw.get("name", ""), str):
        return None
    signed = [(v["number"], v["saved_at"], v.get("note", ""), v["sha256"]) for v in versions]
    return signing_payload(raw["kind"], raw.get("name", ""), signed)


def _signature(raw: dict) -> str | None:
    block = raw.get("hmac")
    if not isinstance(block, dict) or block.get("algorithm") != ALGORITHM:
        return None
    value = block.get("value")
    return value if isinstance(value, str) else None


def parse_archive(
    data: bytes, catalogue: Catalogue | None = None, *, now: datetime | None = None
) -> Archive:
    """Read an archive, or a single case or municipality file, from its bytes.

    Parameters
    ----------
    data : bytes
        The file.
    catalogue : Catalogue, optional
        The actor catalogue content is checked against.
    now : datetime, optional
        The current moment (aware); times after it are refused.

    Raises
    ------
    InvalidFileError
        With every problem found, when anything in the file is wrong; nothing of the
        file may then be used.
    """
    raw = parse_json_bytes(data)
    if isinstance(raw, dict) and ARCHIVE_FORMAT_PATTERN.match(str(raw.get("format"))):
        problems = _archive_problems(raw, catalogue, now or datetime.now(UTC))
        if problems:
            raise InvalidFileError(problems)
        kind = raw["kind"]
        versions = tuple(
            ArchiveVersion(
                saved_at=_parse_time(version["saved_at"]),
                note=check_text(version.get("note", ""), "Merknaden", required=False),
                content=normalised_content(kind, version["content"], catalogue),
            )
            for version in raw["versions"]
        )
        name = check_text(raw.get("name", ""), "Navnet", required=False) or UNTITLED
        return Archive(kind, name, versions, _payload(raw), _signature(raw))
    kind = file_kind(raw)
    content = normalised_content(kind, raw, catalogue)
    name = content.get("title") if kind == "case" else f"Kommune {content['kommunenummer']}"
    return Archive(
        kind,
        check_text(name or "", "Navnet", required=False) or UNTITLED,
        (ArchiveVersion(None, "Importert fra fil", content),),
        is_archive=False,
    )
