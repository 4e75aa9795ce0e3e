"""The fictional example cases shipped in ``data/examples/`` (for training and trying out)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from graph.format.model import Case
from graph.format.validation import load_case_bytes
from graph.reference.datafiles import data_dir


@dataclass(frozen=True)
class Example:
    """One example file: its name (without ``.json``), its title and its path."""

    name: str
    title: str
    path: Path

    def load(self) -> Case:
        """Read and validate the example."""
        return load_case_bytes(self.path.read_bytes())


def list_examples() -> list[Example]:
    """Every example case, sorted by file name.

    The files are read and validated once while they are unchanged (the pages list
    them on every run).

    Examples
    --------
    >>> "elev-utreise" in [example.name for example in list_examples()]
    True
    """
    files = sorted((data_dir() / "examples").glob("*.json"))
    return list(_read_examples(tuple((path, path.stat().st_mtime_ns) for path in files)))


@functools.lru_cache(maxsize=4)
def _read_examples(files: tuple[tuple[Path, int], ...]) -> tuple[Example, ...]:
    """The examples in ``files`` (path and time of change: a changed file is read anew)."""
    examples = []
    for path, _ in files:
        case = load_case_bytes(path.read_bytes())
        examples.append(Example(path.stem, case.title or path.stem, path))
    return tuple(examples)
