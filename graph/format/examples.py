"""The fictional example cases shipped in ``data/examples/`` (for training and trying out)."""

from __future__ import annotations

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

    Examples
    --------
    >>> "elev-utreise" in [example.name for example in list_examples()]
    True
    """
    examples = []
    for path in sorted((data_dir() / "examples").glob("*.json")):
        case = load_case_bytes(path.read_bytes())
        examples.append(Example(path.stem, case.title or path.stem, path))
    return examples
