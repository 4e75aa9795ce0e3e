"""The map's scripts, found locally and never fetched: vis-network, ``map.js`` and
``map_present.js``.

vis-network draws the map; ``static/map.js`` (next to this module) is the map page's own
script, and ``static/map_present.js`` its presentation mode (on maps that have one).
Tverrkart must work on a machine with no internet access and must never make a browser
contact a third party (the pages show personal data), so the library is taken from the
copy that ships *inside* the installed ``pyvis`` package and, like the map's scripts,
either inlined into an exported file or copied into the app's ``static/`` folder, which
Streamlit serves from its own origin (``server.enableStaticServing``).

This module does not import ``pyvis`` itself (that pulls in IPython and
networkx); it only locates the package on disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from functools import lru_cache
from pathlib import Path

VIS_NETWORK_VERSION = "9.1.2"
"""The vis-network version shipped with pyvis 0.3.2 that the template is written for."""

STATIC_URL = "/app/static/vendor/vis-network.min.js"
"""Where Streamlit serves ``static/vendor/vis-network.min.js`` when static serving is on."""

MAP_SCRIPT_URL = "/app/static/map/map.js"
"""Where Streamlit serves ``static/map/map.js`` (the copy of :data:`MAP_SCRIPT_PATH`)."""

MAP_SCRIPT_PATH = Path(__file__).resolve().parent / "static" / "map.js"
"""The map page's script (see :mod:`graph.render.page` for the data it reads)."""

PRESENT_SCRIPT_URL = "/app/static/map/map_present.js"
"""Where Streamlit serves ``static/map/map_present.js`` (a copy of :data:`PRESENT_SCRIPT_PATH`)."""

PRESENT_SCRIPT_PATH = MAP_SCRIPT_PATH.with_name("map_present.js")
"""The presentation mode's script, loaded after ``map.js`` (it uses only its hook)."""

_RELATIVE_PATH = ("templates", "lib", f"vis-{VIS_NETWORK_VERSION}", "vis-network.min.js")
_VENDOR_NAME = "vis-network.min.js"
_MAP_SCRIPT_NAME = "map.js"
_PRESENT_SCRIPT_NAME = "map_present.js"


class VisNetworkMissingError(FileNotFoundError):
    """The vis-network library is not where the installed pyvis should have it."""


def _pyvis_dir() -> Path:
    """Return the directory of the installed ``pyvis`` package without importing it.

    Raises
    ------
    VisNetworkMissingError
        If pyvis is not installed.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise VisNetworkMissingError(
            "pyvis is not installed, so vis-network cannot be found; run `make install`."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def vis_network_js_path() -> Path:
    """Return the path of ``vis-network.min.js`` inside the installed pyvis package.

    Returns
    -------
    Path
        ``<pyvis>/templates/lib/vis-9.1.2/vis-network.min.js``.

    Raises
    ------
    VisNetworkMissingError
        If the file is missing (another pyvis version, or a damaged install). The map
        must not fall back to a CDN, so this is an error, not a warning.
    """
    path = _pyvis_dir().joinpath(*_RELATIVE_PATH)
    if not path.is_file():
        raise VisNetworkMissingError(
            f"vis-network {VIS_NETWORK_VERSION} is missing from the pyvis package "
            f"(expected {path}). Reinstall the pinned dependencies with `make install`."
        )
    return path


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """Return the text of vis-network (read once per process).

    Returns
    -------
    str
        The minified library, about 470 KB.
    """
    return vis_network_js_path().read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def map_script_js() -> str:
    """Return the text of the map page's script (read once per process).

    Returns
    -------
    str
        ``graph/render/static/map.js``.
    """
    return MAP_SCRIPT_PATH.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def present_script_js() -> str:
    """Return the text of the presentation mode's script (read once per process).

    Returns
    -------
    str
        ``graph/render/static/map_present.js``.
    """
    return PRESENT_SCRIPT_PATH.read_text(encoding="utf-8")


def _sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def _library_bytes_and_digest() -> tuple[bytes, str]:
    """Return the library's bytes and their SHA-256 (computed once per process)."""
    data = vis_network_js_path().read_bytes()
    return data, _sha256(data)


def _is_same_file(path: Path, data: bytes, digest: str) -> bool:
    """Tell whether ``path`` already holds exactly ``data`` (size first, then hash)."""
    try:
        if path.stat().st_size != len(data):
            return False
        return _sha256(path.read_bytes()) == digest
    except FileNotFoundError:
        return False


def ensure_static_copy(static_dir: Path) -> Path:
    """Put vis-network and the map's scripts into ``static_dir`` so Streamlit serves them.

    vis-network goes to ``vendor/vis-network.min.js`` (:data:`STATIC_URL`), the map
    script to ``map/map.js`` (:data:`MAP_SCRIPT_URL`) and the presentation script to
    ``map/map_present.js`` (:data:`PRESENT_SCRIPT_URL`). Each copy is written only if it
    is absent or differs from its source in size or SHA-256, so an edited or truncated
    copy is replaced, and calling this on every app start costs one hash per file. The
    write goes to a temporary file that is then renamed, so a browser never gets a
    half-written script.

    Parameters
    ----------
    static_dir : Path
        The app's static folder (``<project>/static``).

    Returns
    -------
    Path
        ``static_dir/vendor/vis-network.min.js``.
    """
    data, digest = _library_bytes_and_digest()
    target = Path(static_dir) / "vendor" / _VENDOR_NAME
    _copy_if_changed(data, digest, target)
    script = map_script_js().encode("utf-8")
    _copy_if_changed(script, _sha256(script), Path(static_dir) / "map" / _MAP_SCRIPT_NAME)
    present = present_script_js().encode("utf-8")
    _copy_if_changed(present, _sha256(present), Path(static_dir) / "map" / _PRESENT_SCRIPT_NAME)
    return target


def _copy_if_changed(data: bytes, digest: str, target: Path) -> None:
    """Write ``data`` to ``target`` atomically unless it holds exactly that already."""
    if _is_same_file(target, data, digest):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tk-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as tmp:
            tmp.write(data)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
