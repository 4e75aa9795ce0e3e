"""Norwegian wording for problems found in a file.

A :class:`Problem` knows *where* (a location inside the file) and *what* (a plain
Norwegian sentence). It can name the place as a JSON path, for the command line
and for people who open the file in an editor, or in words, for the app.

Examples
--------
>>> problem = Problem(("actors", 2, "closeness"), "må være 1, 2 eller 3")
>>> problem.json_path
'actors[2].closeness'
>>> problem.friendly_location()
'Aktør nr. 3 → nærhet'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

FIELD_NAMES = {
    "format": "format",
    "title": "tittel",
    "municipality": "kommune",
    "kommunenummer": "kommunenummer",
    "person": "personen",
    "alias": "alias",
    "age": "alder",
    "situation": "situasjon",
    "wants_individual_plan": "ønsker individuell plan",
    "id": "ID",
    "label": "navn",
    "type": "type",
    "closeness": "nærhet",
    "coordinator": "koordinator",
    "from": "fra",
    "to": "til",
    "kind": "type bånd",
    "strength": "styrke",
    "info_sharing": "deler opplysninger",
    "legal_basis": "rettslig grunnlag",
    "legal_basis_note": "merknad om lovhjemmel",
    "consent": "samtykke",
    "given_by": "gitt av",
    "date": "dato",
    "expires": "utløper",
    "scope": "omfang",
    "role": "rolle",
    "status": "status",
    "note": "merknad",
    "contact": "kontakt",
    "structures": "strukturer",
    "measures": "tiltak",
    "what": "tiltak",
    "responsible": "ansvarlig",
}

LIST_ITEM_NAMES = {
    "actors": "Aktør",
    "ties": "Bånd",
    "measures": "Tiltak",
    "situation": "Situasjon",
    "responsible": "Ansvarlig",
    "steps": "Trinn",
}

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what is wrong, in Norwegian."""

    location: Location
    message: str

    @property
    def json_path(self) -> str:
        """The location as a JSON path, such as ``ties[3].to`` (``$`` for the whole file)."""
        path = ""
        for part in self.location:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
        return path or "$"

    def friendly_location(self) -> str:
        """The location in words, such as ``Bånd nr. 4 → til``."""
        words: list[str] = []
        parts = list(self.location)
        for index, part in enumerate(parts):
            if isinstance(part, int):
                continue
            following = parts[index + 1] if index + 1 < len(parts) else None
            if isinstance(following, int) and part in LIST_ITEM_NAMES:
                words.append(f"{LIST_ITEM_NAMES[part]} nr. {following + 1}")
            else:
                words.append(FIELD_NAMES.get(part, part))
        return " → ".join(words) if words else "Hele filen"

    def as_line(self, prefix: str = "") -> str:
        r"""One line for the command line: ``prefix: json.path: message``.

        Always exactly one line, and safe to print to a terminal: characters that
        could break the line or steer the terminal (see :func:`visible`) are written
        as ``\u....`` codes.

        Examples
        --------
        >>> Problem(("title",), "«A\nB\x1b[31m» er feil").as_line("sak.json")
        'sak.json: title: «A\\u000aB\\u001b[31m» er feil'
        """
        start = f"{prefix}: " if prefix else ""
        return visible(f"{start}{self.json_path}: {self.message}")


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | frozenset(
    "\u2066\u2067\u2068\u2069"
)


def visible(text: str) -> str:
    r"""``text`` with control, surrogate, non- and direction characters as ``\u....``.

    Problems repeat what a file holds, and a file can hold anything; printed as is,
    a line break would split one problem over two lines and an escape sequence
    could recolour or rewrite the terminal.

    Examples
    --------
    >>> visible("Mor\u0001 og \u202efar")
    'Mor\\u0001 og \\u202efar'
    """
    if text.isprintable():
        return text
    return "".join(
        f"\\u{ord(ch):04x}"
        if ch in _BIDI_CONTROLS
        or (not ch.isprintable() and unicodedata.category(ch) in ("Cc", "Cs", "Cn"))
        else ch
        for ch in text
    )


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(text: str) -> str | None:
    r"""The first character that no text in a Tverrkart file may hold, or None.

    What a text may hold
    --------------------
    Any Unicode character except

    - control characters (C0 ``U+0000``–``U+001F``, ``DEL`` and C1
      ``U+0080``–``U+009F``), other than tab, line feed and carriage return;
    - lone surrogates (``U+D800``–``U+DFFF``: JSON can write them as ``\ud800``, but
      they are not characters and cannot be written as UTF-8);
    - the non-characters ``U+FFFE`` and ``U+FFFF``.

    Every label, id, title, note, unknown key and unknown value is checked when a
    file is validated, so every export of a valid case or municipality file (JSON,
    the offline HTML map, GraphML, the municipality summary) can write it: GraphML is
    XML 1.0, which has no way at all to hold the refused characters.

    Examples
    --------
    >>> forbidden_character("Mor\u0001"), forbidden_character("Mor\tog\nfar ✓")
    ('\x01', None)
    """
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def forbidden_character_message(ch: str) -> str:
    """What is wrong with a text that holds ``ch`` (see :func:`forbidden_character`)."""
    return (
        f"inneholder et usynlig kontrolltegn (U+{ord(ch):04X}) som ikke kan lagres eller "
        "eksporteres. Skriv teksten inn på nytt i stedet for å lime den inn."
    )


def _shorten(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> str:
    names = {
        bool: "sann/usann",
        int: "et tall",
        float: "et desimaltall",
        str: "tekst",
        list: "en liste",
        dict: "et objekt",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def pydantic_error_message(error: dict[str, Any]) -> str:
    """Translate one pydantic error (from ``ValidationError.errors()``) to Norwegian.

    Parameters
    ----------
    error : dict
        One item of ``ValidationError.errors()``.

    Returns
    -------
    str
        A short sentence that says what is wrong and, where it helps, what to write.
    """
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    field = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "")
    if kind == "missing":
        return "mangler, men må være med"
    if kind == "value_error" and field in ("date", "expires"):
        if given is None:
            return "kan ikke være null: skriv datoen (ÅÅÅÅ-MM-DD), eller ta feltet ut"
        return f"«{_shorten(given)}» er ikke en dato som finnes (skriv ÅÅÅÅ-MM-DD)"
    if kind == "string_unicode" and isinstance(given, str):
        ch = forbidden_character(given)
        return forbidden_character_message(ch) if ch else "må være tekst"
    if kind == "string_type":
        return f"må være tekst (fikk {_type_name(given)})"
    if kind == "string_too_short":
        return "kan ikke være tom"
    if kind == "string_too_long":
        return f"er for lang: {len(given)} tegn, høyst {ctx.get('max_length')} er tillatt"
    if kind == "string_pattern_mismatch":
        if field in ("municipality", "kommunenummer"):
            return f"«{_shorten(given)}» er ikke et kommunenummer (fire sifre, for eksempel «3903»)"
        if field in ("date", "expires"):
            return (
                f"«{_shorten(given)}» er ikke en dato (skriv ÅÅÅÅ-MM-DD, for eksempel 2026-09-01)"
            )
        return f"«{_shorten(given)}» har feil form"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"må være et heltall (fikk {_type_name(given)})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if field == "age":
            return f"{given} er ikke en gyldig alder (0–120, eller null når den er ukjent)"
        if field in ("closeness", "strength"):
            return f"må være 1, 2 eller 3 (fikk {given})"
        return f"{given} er utenfor tillatt område"
    if kind == "bool_type":
        if isinstance(given, str):
            return f"må være true eller false uten anførselstegn (fikk teksten «{_shorten(given)}»)"
        return f"må være true eller false (fikk {_type_name(given)})"
    if kind == "literal_error":
        if field == "format":
            return f"«{_shorten(given)}» er ikke et format Tverrkart kjenner"
        expected = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"«{_shorten(given)}» er ikke en gyldig verdi. Gyldige verdier: {expected}"
    if kind in ("list_type",):
        return f"må være en liste (fikk {_type_name(given)})"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"må være et objekt med felter (fikk {_type_name(given)})"
    if kind == "none_required":
        return "må være null"
    return f"ugyldig verdi ({error.get('msg', kind)})"
