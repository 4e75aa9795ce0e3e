"""Fields the pages do not show, and replacing a mistaken text everywhere in a file.

A case or municipality file keeps every key it was given (FORMATS.md: unknown
keys are kept), so notes, contact details and other extra fields are stored in
every version although the map never shows them. :func:`hidden_fields` lists them
so that a page can show them; :func:`replace_text` removes a text typed by mistake
(used by :meth:`graph.storage.repository.Repository.erase_text`).

From the command line, for whoever runs the server (the text is asked for without
echo, so it ends up neither on the screen nor in the shell history)::

    .venv/bin/python -m graph.storage.erasure 12 --av "Kari i drift"
    Teksten som skal fjernes fra alle versjoner: ********

Examples
--------
>>> case = {"format": "tverrkart-case/1", "person": {"alias": "A"},
...         "actors": [{"id": "mor", "label": "Mor", "type": "foresatte",
...                     "note": "Ringer Kari Nordmann"}]}
>>> [(row["Hvor"], row["Felt"]) for row in hidden_fields("case", case)]
[('Aktør «Mor»', 'note')]
>>> replace_text(case, "Kari Nordmann", "[fjernet]")[1]
['actors.0.note']
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

_SHOWN = {
    "case": {
        (): {"format", "title", "municipality", "person", "actors", "ties"},
        ("person",): {"alias", "age", "situation", "wants_individual_plan"},
        ("actors",): {"id", "label", "type", "closeness", "coordinator"},
        ("ties",): {"from", "to", "kind", "strength", "info_sharing", "legal_basis"},
    },
    "municipality": {
        (): {"format", "kommunenummer", "actors", "structures"},
        ("actors",): {"id", "type", "label", "contact"},
    },
}
"""The keys each page shows; everything else in a file is a hidden field."""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def hidden_fields(kind: str, content: dict[str, Any]) -> list[dict[str, str]]:
    """Every field of a stored file that the map and tables do not show.

    Parameters
    ----------
    kind : str
        ``"case"`` or ``"municipality"``.
    content : dict
        The whole file.

    Returns
    -------
    list of dict
        Rows with ``Hvor`` (where, in words), ``Felt`` (the key) and ``Verdi``
        (the value as text).
    """
    shown = _SHOWN[kind]
    rows: list[dict[str, str]] = []

    def add(where: str, item: dict, allowed: set[str]) -> None:
        for key, value in item.items():
            if key not in allowed and value not in ("", None, [], {}):
                rows.append({"Hvor": where, "Felt": str(key), "Verdi": _text(value)})

    what = "Saken" if kind == "case" else "Kommunekartet"
    add(what, content, shown[()])
    if kind == "case" and isinstance(content.get("person"), dict):
        add("Personen", content["person"], shown[("person",)])
    for actor in content.get("actors") or []:
        if isinstance(actor, dict):
            add(f"Aktør «{actor.get('label', actor.get('id', ''))}»", actor, shown[("actors",)])
    if kind == "case":
        for tie in content.get("ties") or []:
            if isinstance(tie, dict):
                add(f"Bånd {tie.get('from')} → {tie.get('to')}", tie, shown[("ties",)])
    return rows


def replace_text(content: Any, text: str, replacement: str) -> tuple[Any, list[str]]:
    """A copy of ``content`` with ``text`` replaced in every string (values and keys).

    Returns
    -------
    (object, list of str)
        The new content and the paths of the fields that changed, such as
        ``actors.2.label`` (paths name keys and positions, never values).
    """
    fields: list[str] = []

    def walk(value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, str):
            if text in value:
                fields.append(".".join(path) or "(hele filen)")
                return value.replace(text, replacement)
            return value
        if isinstance(value, list):
            return [walk(item, (*path, str(index))) for index, item in enumerate(value)]
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                new_key = key
                if isinstance(key, str) and text in key:
                    new_key = key.replace(text, replacement)
                    fields.append(".".join((*path, "(feltnavn)")))
                result[new_key] = walk(item, (*path, str(new_key)))
            return result
        return value

    return walk(content, ()), fields


def main(argv: list[str] | None = None) -> int:
    """Erase a text from every version of one stored item (``python -m graph.storage.erasure``).

    The text is read without echo from the terminal (or from standard input when
    it is not a terminal). Uses the database in the environment, like the app.

    Returns
    -------
    int
        0 when done, 2 when nothing was changed (with a Norwegian line on stderr).
    """
    parser = argparse.ArgumentParser(
        prog="python -m graph.storage.erasure",
        description="Fjern en tekst (for eksempel et ekte navn) fra alle versjoner av en "
        "lagret sak. Det logges hvem, når og i hvilke felt, aldri teksten.",
    )
    parser.add_argument("id", type=int, help="nummeret til saken (id i databasen)")
    parser.add_argument("--av", required=True, help="ditt navn eller brukernavn, til loggen")
    parser.add_argument("--erstatt-med", default="[fjernet]", help="hva teksten blir")
    args = parser.parse_args(argv)
    prompt = "Teksten som skal fjernes fra alle versjoner: "
    text = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
    text = text.rstrip("\r\n")

    from graph.storage import StorageError, open_repository

    try:
        repo = open_repository()
        changed, fields = repo.erase_text(
            args.id, text, erased_by=args.av, replacement=args.erstatt_med
        )
    except StorageError as error:
        print(f"Ingenting er endret: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:  # team mode: only a logged-in owner may erase
        print(
            f"Ingenting er endret: {error} En eier av saken fjerner opplysningen under "
            "«Lagrede saker» (det blir logget).",
            file=sys.stderr,
        )
        return 2
    versions = "én versjon" if changed == 1 else f"{changed} versjoner"
    print(f"Fjernet teksten fra {versions} (felt: {', '.join(fields)}).")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
