"""What the cases ask of a municipality, as counts only («Hva sakene etterspør»).

For the stored cases that name a municipality, this counts how many cases lacked
each actor type the guidance asks for (a ``must`` or ``should`` gap), and in how
many cases each actor type the municipality has registered took part. The result
holds counts and the catalogue's own names for the types, never a case's title,
alias, actor label or id, and never a string typed into a case.

Any count below :data:`MIN_CASES` is suppressed (``None``), and so is the number of
cases itself, so that no single case can be recognised from the counts. A count of
0 is suppressed too: telling 0 from «under 3» would tell that 1 or 2 cases exist.

Cost: one pass over the cases; per case, one pass over its actors and one
evaluation of the rule set (:func:`graph.analysis.gaps.case_gaps`, the same gaps as
``analyse_case(case)["gaps"]`` without the network metrics), so the cost is linear in
the number of cases and their actors. Callers read at most :data:`MAX_CASES` cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from graph.analysis.gaps import case_gaps
from graph.format.model import Case
from graph.format.validation import InvalidFileError, validate_case
from graph.guidance.ruleset import RuleSet, load_ruleset
from graph.reference.catalogue import Catalogue, load_catalogue
from graph.storage.repository import Repository, StorageError

MIN_CASES = 3
"""The smallest count shown; anything below is hidden."""
MAX_CASES = 2_000
"""The most cases the page and the command line read for one count (bounded cost)."""
CASE_DEMAND_FORMAT = "tverrkart-case-demand/1"
COUNTED_LEVELS = ("must", "should")


class StoredCases(NamedTuple):
    """What :func:`stored_cases` read."""

    cases: list[Case]
    unreadable: int
    """Stored cases that could not be opened or are not valid case files."""
    truncated: bool
    """More cases were stored than were read (see :data:`MAX_CASES`)."""


def suppressed(count: int) -> int | None:
    """The count if it may be shown, else ``None``.

    Parameters
    ----------
    count : int
        A number of cases.

    Returns
    -------
    int or None
        ``count`` when it is at least :data:`MIN_CASES`, otherwise ``None``.

    Examples
    --------
    >>> [suppressed(n) for n in (0, 1, 2, 3, 10)]
    [None, None, None, 3, 10]
    """
    return count if count >= MIN_CASES else None


def case_demand(
    cases: Iterable[Case],
    municipality_number: str,
    registered_types: Iterable[str] = (),
    catalogue: Catalogue | None = None,
    ruleset: RuleSet | None = None,
) -> dict[str, Any]:
    """Count what the municipality's cases lack and which registered types they used.

    Parameters
    ----------
    cases : iterable of Case
        Validated cases; only those whose ``municipality`` is
        ``municipality_number`` are counted.
    municipality_number : str
        The four-digit kommunenummer.
    registered_types : iterable of str
        The actor types the municipality has registered (its file's actors'
        ``type``); each is reported with the number of cases it took part in.
    catalogue : Catalogue, optional
        Gives the types' names (the shipped catalogue by default).
    ruleset : RuleSet, optional
        The guidance's rules (the shipped rules by default).

    Returns
    -------
    dict
        ``format``, ``municipality``, ``min_cases``; ``cases``: the number of
        cases, or ``None`` below :data:`MIN_CASES`; ``gaps``: one entry per type
        that at least :data:`MIN_CASES` cases lacked as ``must`` or as ``should``
        (``type``, ``label``, ``must``, ``should``: numbers of cases, ``None`` when
        suppressed), most often lacked first; ``used``: one entry per registered
        type (``type``, ``label``, ``cases``: the number of cases it took part in,
        ``None`` when suppressed). No text from any case is in the result.

    Examples
    --------
    >>> from graph.format.validation import validate_case
    >>> def case(types):
    ...     return validate_case({
    ...         "format": "tverrkart-case/1", "title": "Hemmelig", "municipality": "3903",
    ...         "person": {"alias": "Ola", "age": 16, "situation": ["pupil"]},
    ...         "actors": [{"id": f"a{i}", "label": "Navn", "type": t}
    ...                    for i, t in enumerate(types)],
    ...     })
    >>> cases = [case(["skole"]) for _ in range(3)] + [case(["skole", "barnevern"])]
    >>> result = case_demand(cases, "3903", ["skole", "barnevern"])
    >>> result["cases"]
    4
    >>> [(u["type"], u["cases"]) for u in result["used"]]
    [('skole', 4), ('barnevern', None)]
    >>> "Hemmelig" in str(result) or "Ola" in str(result)
    False
    >>> case_demand(cases[:2], "3903")["cases"] is None
    True
    """
    catalogue = catalogue or load_catalogue()
    ruleset = ruleset or load_ruleset()
    registered = list(dict.fromkeys(registered_types))
    wanted = set(registered)
    total = 0
    lacked: dict[str, Counter[str]] = {level: Counter() for level in COUNTED_LEVELS}
    used: Counter[str] = Counter()
    for case in cases:
        if case.municipality != municipality_number:
            continue
        total += 1
        used.update(wanted & {actor.type for actor in case.actors})
        seen: dict[str, set[str]] = {level: set() for level in COUNTED_LEVELS}
        for gap in case_gaps(case, ruleset):
            if gap.level in seen:
                seen[gap.level].add(gap.type)
        for level, types in seen.items():
            lacked[level].update(types)
    gap_rows = []
    for type_key in set(lacked["must"]) | set(lacked["should"]):
        must = suppressed(lacked["must"][type_key])
        should = suppressed(lacked["should"][type_key])
        if must is None and should is None:
            continue
        gap_rows.append(
            {"type": type_key, "label": catalogue.label(type_key), "must": must, "should": should}
        )
    gap_rows.sort(key=lambda row: (-(row["must"] or 0), -(row["should"] or 0), row["type"]))
    return {
        "format": CASE_DEMAND_FORMAT,
        "municipality": municipality_number,
        "min_cases": MIN_CASES,
        "cases": suppressed(total),
        "gaps": gap_rows,
        "used": [
            {"type": t, "label": catalogue.label(t), "cases": suppressed(used[t])}
            for t in registered
        ],
    }


def shown_count(count: int | None) -> str:
    """A count as the page and the command line write it.

    Examples
    --------
    >>> shown_count(12), shown_count(None)
    ('12', 'under 3')
    """
    return f"under {MIN_CASES}" if count is None else str(count)


def demand_lines(result: dict[str, Any]) -> list[str]:
    """The counts as short Norwegian lines (the command line's text output).

    Parameters
    ----------
    result : dict
        From :func:`case_demand`.

    Returns
    -------
    list of str
        A heading line and one line per type.

    Examples
    --------
    >>> demand_lines({"cases": None, "gaps": [], "used": [], "min_cases": 3})
    ['  Hva sakene etterspør: under 3 saker (tallene vises ikke)']
    """
    if result["cases"] is None:
        return ["  Hva sakene etterspør: under 3 saker (tallene vises ikke)"]
    lines = [f"  Hva sakene etterspør ({result['cases']} saker; tall under 3 vises ikke):"]
    for row in result["gaps"]:
        lines.append(
            f"    Manglet {row['label']}: må i {shown_count(row['must'])}, "
            f"bør i {shown_count(row['should'])} saker"
        )
    for row in result["used"]:
        lines.append(f"    Brukt {row['label']}: i {shown_count(row['cases'])} saker")
    return lines


def stored_cases(repo: Repository, municipality_number: str, limit: int = MAX_CASES) -> StoredCases:
    """The stored cases of one municipality that the repository's user may see, validated.

    Goes through :class:`~graph.storage.repository.Repository` (``list`` and
    ``open``), so team mode's access rules hold: only cases the user may open are
    read. Each case read is logged by the repository as opened.

    Parameters
    ----------
    repo : Repository
        Acting for the user who asks.
    municipality_number : str
        Only cases naming this kommunenummer are kept.
    limit : int
        At most this many stored cases are read (most recently saved first).

    Returns
    -------
    StoredCases
        The municipality's valid cases, how many stored cases could not be read or
        validated, and whether more than ``limit`` cases were stored.
    """
    listed = repo.list("case")
    cases: list[Case] = []
    unreadable = 0
    for info in listed[:limit]:
        try:
            content = repo.open(info.id).content
        except StorageError:
            unreadable += 1
            continue
        if not isinstance(content, dict) or content.get("municipality") != municipality_number:
            continue
        try:
            cases.append(validate_case(content))
        except InvalidFileError:
            unreadable += 1
    return StoredCases(cases, unreadable, len(listed) > limit)
