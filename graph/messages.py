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
        """One line for the command line: ``prefix: json.path: message``."""
        start = f"{prefix}: " if prefix else ""
        return f"{start}{self.json_path}: {self.message}"


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
    if kind == "string_type":
        return f"må være tekst (fikk {_type_name(given)})"
    if kind == "string_too_short":
        return "kan ikke være tom"
    if kind == "string_too_long":
        return f"er for lang: {len(given)} tegn, høyst {ctx.get('max_length')} er tillatt"
    if kind == "string_pattern_mismatch":
        if field in ("municipality", "kommunenummer"):
            return f"«{_shorten(given)}» er ikke et kommunenummer (fire sifre, for eksempel «3903»)"
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
