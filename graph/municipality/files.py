"""Reading many municipality files at once: uploads, command-line paths, the shipped folder.

One bad file must not stop the others: :func:`read_many` returns every file with either
its model or its problems. Folders are read from exactly one place that the server
decides (:func:`municipality_folder`), never from a path a user types, and only the
``*.json`` files directly inside it (no sub-folders, no links, nothing too large).

Examples
--------
>>> [f.name for f in read_many([("tom.json", b"{}")])], read_many([("tom.json", b"{}")])[0].ok
(['tom.json'], False)
>>> example = shipped_files()[0]
>>> example.name, example.ok, example.municipality.kommunenummer
('holmestrand.json', True, '3903')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.format.messages import Problem
from graph.format.model import MunicipalityFile
from graph.format.validation import InvalidFileError, parse_json_bytes, validate_municipality
from graph.reference.datafiles import data_dir
from graph.reference.sources import FOLDER

FOLDER_ENV = "TVERRKART_MUNICIPALITY_DIR"
"""Set by whoever runs the server to show another folder of municipality files."""
MAX_FILE_BYTES = 1_000_000
"""A municipality file is a few kilobytes; anything larger is refused unread."""
MAX_FOLDER_FILES = 2_000


@dataclass(frozen=True)
class LoadedFile:
    """One file: its name and either the validated model or every problem found."""

    name: str
    municipality: MunicipalityFile | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file is a valid municipality file."""
        return self.municipality is not None


def load_municipality_bytes(data: bytes) -> MunicipalityFile:
    """Read and validate one municipality file from its bytes.

    Raises
    ------
    InvalidFileError
        With every problem, when it is not a valid municipality file.
    """
    return validate_municipality(parse_json_bytes(data))


def read_one(name: str, data: bytes) -> LoadedFile:
    """Read one file, keeping its problems instead of raising."""
    if len(data) > MAX_FILE_BYTES:
        return LoadedFile(name, None, (_too_large(),))
    try:
        return LoadedFile(name, load_municipality_bytes(data))
    except InvalidFileError as error:
        return LoadedFile(name, None, tuple(error.problems))


def read_many(named: Iterable[tuple[str, bytes]]) -> list[LoadedFile]:
    """Read files given as ``(name, bytes)``, in the order given."""
    return [read_one(name, data) for name, data in named]


def _too_large() -> Problem:
    limit = MAX_FILE_BYTES // 1_000_000
    return Problem((), f"filen er større enn {limit} MB og er ikke en kommunefil fra Tverrkart")


def json_files_in(folder: Path) -> list[Path]:
    """The ``*.json`` files directly inside a folder, sorted by name.

    Links and sub-folders are skipped, so nothing outside the folder is ever read.
    """
    root = folder.resolve()
    found = []
    for path in sorted(root.glob("*.json")):
        if path.is_symlink() or not path.is_file() or path.resolve().parent != root:
            continue
        found.append(path)
    return found[:MAX_FOLDER_FILES]


def folder_bytes(folder: Path) -> list[tuple[str, bytes | None]]:
    """Each file of a folder (see :func:`json_files_in`) with its bytes.

    A file larger than :data:`MAX_FILE_BYTES` is not read at all: its bytes are
    ``None``, and :func:`read_named` says it is too large. A caller that keeps what it
    read (the page «Oversikt» caches by content) reads the folder this way.
    """
    return [
        (path.name, None if path.stat().st_size > MAX_FILE_BYTES else path.read_bytes())
        for path in json_files_in(folder)
    ]


def read_named(name: str, data: bytes | None) -> LoadedFile:
    """:func:`read_one`, or the refusal of a file too large to read (``data`` None)."""
    return LoadedFile(name, None, (_too_large(),)) if data is None else read_one(name, data)


def read_folder(folder: Path) -> list[LoadedFile]:
    """Read every municipality file of a folder (see :func:`json_files_in`)."""
    return [read_named(name, data) for name, data in folder_bytes(folder)]


def examples_folder() -> Path:
    """``data/municipalities/examples``: the example files shipped with Tverrkart."""
    return data_dir() / FOLDER / "examples"


def municipality_folder() -> Path:
    """The one server folder the Oversikt page may read.

    ``$TVERRKART_MUNICIPALITY_DIR`` when the server sets it, otherwise the shipped
    examples. People using the app can never choose another path.
    """
    configured = os.environ.get(FOLDER_ENV)
    return Path(configured) if configured else examples_folder()


def shipped_files() -> list[LoadedFile]:
    """The shipped example municipality files, read and validated."""
    return read_folder(examples_folder())


def expand_targets(targets: Sequence[str]) -> tuple[list[Path], list[tuple[str, Problem]]]:
    """Turn command-line arguments (files or folders) into files to read.

    Returns
    -------
    files : list of Path
        Each file argument, and the ``*.json`` files of each folder argument, in order.
    problems : list of (str, Problem)
        Arguments that do not exist, and folders without any ``.json`` file.
    """
    files: list[Path] = []
    problems: list[tuple[str, Problem]] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            inside = json_files_in(path)
            if not inside:
                problems.append((target, Problem((), "mappen inneholder ingen .json-filer")))
            files.extend(path / found.name for found in inside)
        elif path.exists():
            files.append(path)
        else:
            problems.append((target, Problem((), "finner ikke filen eller mappen")))
    return files, problems
