"""«Lag øvingskopi»: a copy of a case for workshops, with no personal text left.

The copy keeps the *structure* of the network, which is what a workshop trains on:
the actor types, closeness, the coordinator mark, the ties (kind, strength,
information sharing and its legal basis) and the person's age, situation and wish
for an individual plan, so that the guidance finds the same gaps.

Everything a person typed is replaced or dropped:

* the title becomes «Øvingskopi» (not «Øvingskopi av …», which would keep the title);
* the person's alias becomes «Personen»;
* every actor's label becomes its type's Norwegian label, numbered when a type
  occurs more than once («Skole 1», «Skole 2»);
* actor ids (which can be typed too) become ``aktor1``, ``aktor2`` …, and the ties
  follow them;
* the municipality number is dropped (with age and situation it narrows down who
  the person is);
* every other key (notes, contacts, keys from newer versions) is dropped, on the
  file, the person, the actors and the ties.

Only the latest version is copied, so the history (with its notes) stays behind.

Examples
--------
>>> from graph.format.validation import validate_case
>>> case = validate_case({
...     "format": "tverrkart-case/1", "title": "Sak Ola", "municipality": "3903",
...     "person": {"alias": "Ola N.", "age": 15},
...     "actors": [{"id": "ola_mor", "label": "Kari Nordmann", "type": "foresatte",
...                 "closeness": 1, "note": "Ringer ofte"}],
...     "ties": [{"from": "person", "to": "ola_mor", "kind": "support"}],
... })
>>> copy = practice_copy(case)
>>> copy["title"], copy["person"]["alias"], "municipality" in copy
('Øvingskopi', 'Personen', False)
>>> copy["actors"]
[{'id': 'aktor1', 'label': 'Foresatte', 'type': 'foresatte', 'closeness': 1}]
>>> copy["ties"]
[{'from': 'person', 'to': 'aktor1', 'kind': 'support'}]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.format.model import CASE_FORMAT, PERSON_ID, Case
from graph.reference.catalogue import Catalogue, load_catalogue

PRACTICE_TITLE = "Øvingskopi"
PRACTICE_ALIAS = "Personen"
PRACTICE_ID_PREFIX = "aktor"
PRACTICE_BASIS_NOTE = "Lovhjemmel (merknaden er ikke med i øvingskopien)"


def practice_labels(types: list[str], catalogue: Catalogue) -> list[str]:
    """The label of each actor in a practice copy: its type's label, numbered if repeated.

    Examples
    --------
    >>> practice_labels(["skole", "foresatte", "skole"], load_catalogue())
    ['Skole 1', 'Foresatte', 'Skole 2']
    """
    counts = Counter(types)
    seen: Counter[str] = Counter()
    labels = []
    for type_key in types:
        label = catalogue.label(type_key)
        if counts[type_key] > 1:
            seen[type_key] += 1
            label = f"{label} {seen[type_key]}"
        labels.append(label)
    return labels


def practice_copy(case: Case, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Return the case file of a practice copy of ``case`` (see the module docstring).

    Parameters
    ----------
    case : Case
        A validated case.
    catalogue : Catalogue, optional
        For the Norwegian type labels (the shipped catalogue by default).

    Returns
    -------
    dict
        A valid case file with only structural fields and generated text.
    """
    catalogue = catalogue or load_catalogue()
    new_ids = {actor.id: f"{PRACTICE_ID_PREFIX}{n}" for n, actor in enumerate(case.actors, 1)}
    labels = practice_labels([actor.type for actor in case.actors], catalogue)
    actors = []
    for actor, label in zip(case.actors, labels, strict=True):
        entry: dict[str, Any] = {"id": new_ids[actor.id], "label": label, "type": actor.type}
        if actor.closeness is not None:
            entry["closeness"] = actor.closeness
        if actor.coordinator:
            entry["coordinator"] = True
        actors.append(entry)
    ties = []
    for tie in case.ties:
        entry = {
            "from": new_ids.get(tie.source, PERSON_ID),
            "to": new_ids.get(tie.target, PERSON_ID),
            "kind": tie.kind,
        }
        if tie.strength is not None:
            entry["strength"] = tie.strength
        if tie.info_sharing:
            entry["info_sharing"] = True
        if tie.legal_basis is not None:
            entry["legal_basis"] = tie.legal_basis
        if tie.legal_basis == "lovhjemmel":  # the typed note is left out, but one is required
            entry["legal_basis_note"] = PRACTICE_BASIS_NOTE
        ties.append(entry)
    person = case.person
    return {
        "format": CASE_FORMAT,
        "title": PRACTICE_TITLE,
        "person": {
            "alias": PRACTICE_ALIAS,
            "age": person.age,
            "situation": list(person.situation),
            "wants_individual_plan": person.wants_individual_plan,
        },
        "actors": actors,
        "ties": ties,
    }
