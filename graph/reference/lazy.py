"""Facade names imported on first use (PEP 562), for the layer packages' ``__init__``.

A layer's facade (its ``__all__``) names what the pages use. Importing every module
behind those names when any module of the layer is imported would load pandas, altair
and the map stack for a simple validation; each facade instead maps such names to their
modules in a table, ``_LAZY``, and lets :func:`lazy_getattr` import one on first use.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_getattr(package: str, table: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` that imports a name of ``table`` (name →
    module) from its module the first time it is used, and keeps it in the package.

    Examples
    --------
    >>> getter = lazy_getattr("graph.reference", {"lazy_getattr": "graph.reference.lazy"})
    >>> getter("lazy_getattr") is lazy_getattr
    True
    >>> getter("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'graph.reference' has no attribute 'nothing'
    """

    def lookup(name: str) -> object:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return lookup
