"""The handling steps of a case, with status, who is responsible and the next step.

FORMATS.md §4.2 ``steps``: the steps of ``data/steps.toml`` that apply to the person's
profile (:func:`graph.guidance.steps.applicable_steps`), in order, each with the status the
case file records (``open`` when not recorded), the responsible actor id or null, and the
source. A step whose responsible actor type (or an equivalent) is not in the network
carries a ``gaps`` entry with a reason: nobody in the map can do that step yet. The first
open step is the next step.

Cost: one pass over the recorded steps and one over the applicable steps; each
responsible group is checked against the set of types present.

Examples
--------
>>> from graph.format.model import Case
>>> case = Case.model_validate({"format": "tverrkart-case/1",
...     "person": {"alias": "B", "age": 34, "situation": ["returnee"]},
...     "actors": [{"id": "kommune", "label": "Kommunen", "type": "kommune"}],
...     "steps": [{"id": "trinn-bekymring", "status": "done"}]})
>>> report = case_steps(case)
>>> [(s["id"], s["status"], bool(s["gaps"])) for s in report["steps"]][-2:]
[('hjemkomst-varsling', 'open', True), ('hjemkomst-vurdering', 'open', False)]
>>> report["next_step"]
'trinn-drofte'
"""

from __future__ import annotations

from typing import Any

from graph.format.model import Case
from graph.guidance.gaps import covered_types
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.guidance.steps import Step, StepCatalogue, applicable_steps, load_steps
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.reference.citations import describe_citation


def _gap(group: tuple[str, ...], step: Step, catalogue: Catalogue) -> dict[str, Any]:
    labels = " eller ".join(catalogue.label(key) for key in group)
    return {
        "types": list(group),
        "reason": f"Trinnet «{step.title}» gjøres av {labels}, men ingen slik aktør er med "
        "i nettverket. Finn ut hvem som kan ta trinnet, og legg dem til i kartet.",
    }


def case_steps(
    case: Case,
    steps: StepCatalogue | None = None,
    ruleset: RuleSet | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    """The applicable steps of a case and the next open one.

    Returns
    -------
    dict
        ``steps``: one entry per applicable step (``id``, ``title``, ``routine``,
        ``what``, ``who``, ``status``, ``date``, ``responsible``, ``note``,
        ``responsible_types``, ``gaps``, ``source``); ``next_step``: the id of the first
        open step, or None.
    """
    steps = steps or load_steps()
    ruleset = ruleset if ruleset is not None else load_ruleset()
    catalogue = catalogue or load_catalogue()
    person = case.person
    recorded = {step.id: step for step in case.steps}
    covered = covered_types(
        {actor.type for actor in case.actors},
        ruleset.equivalences,
        person.age,
        ruleset.age_limits,
    )
    entries = []
    for step in applicable_steps(
        steps, age=person.age, situation=person.situation, municipality=case.municipality
    ):
        record = recorded.get(step.id)
        routine = steps.routine(step.routine)
        entries.append(
            {
                "id": step.id,
                "title": step.title,
                "routine": routine.title,
                "what": step.what,
                "who": step.who,
                "status": record.status if record else "open",
                "date": record.date if record else None,
                "responsible": record.responsible if record else None,
                "note": record.note if record else "",
                "responsible_types": [list(group) for group in step.responsible],
                "gaps": [
                    _gap(group, step, catalogue)
                    for group in step.responsible
                    if covered.isdisjoint(group)
                ],
                "source": "; ".join(describe_citation(c) for c in step.source),
            }
        )
    next_step = next((entry["id"] for entry in entries if entry["status"] == "open"), None)
    return {"steps": entries, "next_step": next_step}
