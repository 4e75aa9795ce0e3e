"""Where Tverrkart's data files live, and reading them.

The data directory holds the actor catalogue, the guidance rules, the vocabulary
and the fictional examples. It is ``data/`` beside the ``graph`` package unless
``TVERRKART_DATA_DIR`` names another directory (useful for tests and for sites
that keep their own copy).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def data_dir() -> Path:
    """Return the directory that holds Tverrkart's data files.

    Returns
    -------
    Path
        ``$TVERRKART_DATA_DIR`` when set, otherwise ``<project>/data``.
    """
    override = os.environ.get("TVERRKART_DATA_DIR")
    return Path(override) if override else PROJECT_ROOT / "data"


def read_toml(name: str) -> dict[str, Any]:
    """Read one TOML file from the data directory.

    Parameters
    ----------
    name : str
        File name relative to :func:`data_dir`, for example ``"catalogue.toml"``.
    """
    with (data_dir() / name).open("rb") as handle:
        return tomllib.load(handle)
