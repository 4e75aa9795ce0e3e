"""The analysis of one case (``tverrkart analyse``, format ``tverrkart-analysis/1``).

This module assembles the answer from small pure parts. See FORMATS.md §3.1 for the
keys every consumer can rely on.
"""

from __future__ import annotations

from typing import Any

from graph.model import Case

ANALYSIS_FORMAT = "tverrkart-analysis/1"


def coordinator_status(case: Case) -> dict[str, Any]:
    """Who coordinates: ``ok`` (exactly one), ``missing`` (none) or ``multiple``.

    Examples
    --------
    >>> from graph.model import Case
    >>> case = Case.model_validate({"format": "tverrkart-case/1", "person": {"alias": "A"},
    ...     "actors": [{"id": "slt", "label": "SLT", "type": "slt_koordinator",
    ...                 "coordinator": True}]})
    >>> coordinator_status(case)
    {'status': 'ok', 'ids': ['slt']}
    """
    ids = [actor.id for actor in case.coordinators()]
    status = "missing" if not ids else ("ok" if len(ids) == 1 else "multiple")
    return {"status": status, "ids": ids}


def analyse_case(case: Case) -> dict[str, Any]:
    """Analyse a case; the result is JSON-ready and follows FORMATS.md §3.1."""
    return {
        "format": ANALYSIS_FORMAT,
        "coordinator": coordinator_status(case),
        "metrics": {"size": len(case.actors)},
    }
