"""One way to load the HTML templates of printed pages: escaped, strict, tidy whitespace.

Every printed page (the meeting sheet, the municipality summary, the regional overview)
shows text users typed, so autoescaping is always on, and a name missing from the
context is an error rather than an empty string.

Examples
--------
>>> from pathlib import Path
>>> env = html_templates(Path(__file__).resolve().parents[1] / "municipality" / "templates")
>>> env.autoescape, type(env.undefined).__name__
(True, 'type')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2


@lru_cache(maxsize=8)
def html_templates(folder: Path) -> jinja2.Environment:
    """The template environment for the HTML templates in ``folder`` (one per folder)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
