"""The analysis of one case (``tverrkart analyse``, format ``tverrkart-analysis/1``).

The answer is assembled from small pure parts, one module each:

- :mod:`.coordinator`: who coordinates, whom they reach, who could coordinate;
- :mod:`.gaps`: what the guidance asks for that the network lacks, and what it cannot
  decide from the file (``questions``, FORMATS.md §4.2);
- :mod:`.involve`: whom to involve next;
- :mod:`.info_sharing`: sharing of personal information without a fitting basis, and the
  questions a tie's basis raises (``basis_doubtful``, ``consent_age``, FORMATS.md §4.2);
- :mod:`.notifications`: the rules worded as a notification, ``made`` or ``missing``;
- :mod:`.steps`: the handling steps for the profile, their status and the next step;
- :mod:`.metrics`: the network's key figures.

Every part has a bounded cost, because a case file is untrusted input (issue 9). The
parts that could cost more than a little over contacts + ties are capped in
:mod:`.metrics` (cliques, betweenness, closeness), and ``metrics.limits`` says what was
capped and why. The rest is linear: :mod:`.coordinator` does one search per part of
the services' graph, :mod:`.involve`, :mod:`.info_sharing` and :mod:`.notifications` one
pass over the actors and ties, :mod:`.steps` one pass over the step catalogue and the
recorded steps, and :mod:`.gaps` evaluates the guidance's rules against the set of actor types
present, so its cost depends on the rule set, not on the size of the case.

Also in this layer:

- :mod:`~graph.analysis.network` – a case as a networkx graph, where the analysis and
  the exports start.

Examples
--------
>>> from graph.format.examples import list_examples
>>> example = next(e for e in list_examples() if e.name == "ung-nett")
>>> result = analyse_case(example.load())
>>> result["coordinator"]["status"], result["metrics"]["size"]
('missing', 10)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graph.analysis.coordinator import coordinator_report
from graph.analysis.gaps import case_gaps, case_questions, gap_as_dict, question_as_dict
from graph.analysis.info_sharing import TieQuestion, sharing_report
from graph.analysis.involve import involve
from graph.analysis.metrics import network_metrics
from graph.analysis.notifications import case_notifications
from graph.analysis.steps import case_steps
from graph.format.model import Case
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.analysis.gaps import grouped_gaps
    from graph.analysis.highlights import CHOICES, highlight_for
    from graph.analysis.metrics import DEFINITIONS

ANALYSIS_FORMAT = "tverrkart-analysis/1"


def tie_question_as_dict(question: TieQuestion) -> dict[str, Any]:
    """JSON-ready question about one tie: as any question, plus ``tie``, ``from``, ``to``."""
    return {
        "id": question.id,
        "why": question.why,
        "rules": list(question.rules),
        "tie": question.index,
        "from": question.source,
        "to": question.target,
    }


def analyse_case(
    case: Case,
    catalogue: Catalogue | None = None,
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Analyse a case; the result is JSON-ready and follows FORMATS.md §3.1 and §4.2.

    ``today`` is the day consent expiry and the age at consent are judged on (today by
    default; tests pass a fixed day).
    """
    catalogue = catalogue or load_catalogue()
    ruleset = ruleset or load_ruleset()
    gaps = case_gaps(case, ruleset)
    metrics = network_metrics(case, catalogue)
    suggestions = involve(case, gaps, metrics["articulation_points"], catalogue)
    sharing = sharing_report(case, catalogue, today)
    steps = case_steps(case, ruleset=ruleset, catalogue=catalogue)
    return {
        "format": ANALYSIS_FORMAT,
        "coordinator": coordinator_report(case, catalogue, ruleset).as_dict(),
        "gaps": [gap_as_dict(gap, catalogue) for gap in gaps],
        "involve": [s.as_dict() for s in suggestions],
        "info_sharing": [p.as_dict() for p in sharing.problems],
        "questions": [question_as_dict(q) for q in case_questions(case, ruleset)]
        + [tie_question_as_dict(q) for q in sharing.questions],
        "notifications": case_notifications(case, ruleset),
        "steps": steps["steps"],
        "next_step": steps["next_step"],
        "metrics": metrics,
    }


# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "CHOICES": "graph.analysis.highlights",
    "DEFINITIONS": "graph.analysis.metrics",
    "grouped_gaps": "graph.analysis.gaps",
    "highlight_for": "graph.analysis.highlights",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "ANALYSIS_FORMAT",
    "CHOICES",
    "DEFINITIONS",
    "analyse_case",
    "grouped_gaps",
    "highlight_for",
    "tie_question_as_dict",
]
