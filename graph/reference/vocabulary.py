"""The fixed vocabularies of the case file (FORMATS.md §1, §4.1) and their Norwegian labels.

The keys are part of the file format and therefore live in code, where the models
can check them; the labels and help texts live in ``data/vocabulary.toml`` so that
wording can change without touching code.

Examples
--------
>>> situation_label("planned_travel")
'Bekymring for utreise som fremmedkriger'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, get_args

from graph.reference.datafiles import read_toml

SituationFlag = Literal[
    "pupil",
    "planned_travel",
    "returnee",
    "in_custody",
    "wants_exit",
    "serious_concern",
    "needs_work_or_education",
    "mental_health",
    "substance_use",
    "family_relations",
    "restorative",
    "online",
    "long_term_needs",
    # FORMATS.md §4.1 (format v1.1): has children under 18 in their care.
    "has_children",
]
TieKind = Literal["relation", "support", "risk", "conflict", "collaboration", "referral"]
# FORMATS.md §4.1 (format v1.1) adds ``lovhjemmel``: another statutory basis, named in
# ``legal_basis_note``.
LegalBasis = Literal["consent", "avvergingsplikt", "opplysningsplikt", "lovhjemmel", "none"]
#: FORMATS.md §4.1: who gave a consent.
ConsentGiver = Literal["person", "foresatte"]
#: FORMATS.md §4.1: an actor's role in the team.
ActorRole = Literal["hovedansvar", "deltaker", "radgiver", "tolk", "tillitsperson"]
#: FORMATS.md §4.1: the status of a handling step.
StepStatus = Literal["open", "done", "not_relevant"]

SITUATION_FLAGS: tuple[str, ...] = get_args(SituationFlag)
TIE_KINDS: tuple[str, ...] = get_args(TieKind)
LEGAL_BASES: tuple[str, ...] = get_args(LegalBasis)
ACTOR_ROLES: tuple[str, ...] = get_args(ActorRole)
STEP_STATUSES: tuple[str, ...] = get_args(StepStatus)
LEVELS: tuple[str, ...] = ("must", "should", "may")
LEVEL_LABELS = {"must": "Må", "should": "Bør", "may": "Kan"}


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    return read_toml("vocabulary.toml")


def _label(section: str, key: object) -> str:
    entry = _vocabulary().get(section, {}).get(str(key))
    return entry["label"] if entry else str(key)


def _help(section: str, key: object) -> str:
    entry = _vocabulary().get(section, {}).get(str(key))
    return entry.get("help", "") if entry else ""


def situation_label(flag: str) -> str:
    """Norwegian label of a situation flag (the key itself when unknown)."""
    return _label("situation", flag)


def situation_help(flag: str) -> str:
    """One-sentence Norwegian explanation of a situation flag."""
    return _help("situation", flag)


def tie_kind_label(kind: str) -> str:
    """Norwegian label of a tie kind."""
    return _label("tie_kind", kind)


def tie_kind_help(kind: str) -> str:
    """One-sentence Norwegian explanation of a tie kind."""
    return _help("tie_kind", kind)


def legal_basis_label(basis: str | None) -> str:
    """Norwegian label of a legal basis; ``None`` (not stated) is "Ukjent"."""
    return "Ukjent (ikke oppgitt)" if basis is None else _label("legal_basis", basis)


def role_label(role: str | None) -> str:
    """Norwegian label of an actor's role; ``None`` is "Ikke angitt"."""
    return "Ikke angitt" if role is None else _label("role", role)


def step_status_label(status: str) -> str:
    """Norwegian label of a step's status."""
    return _label("step_status", status)


def closeness_label(closeness: int | None) -> str:
    """Norwegian label of a closeness ring; ``None`` is "Ikke angitt"."""
    return "Ikke angitt" if closeness is None else _label("closeness", closeness)


def strength_label(strength: int | None) -> str:
    """Norwegian label of a tie strength; ``None`` is "Ikke angitt"."""
    return "Ikke angitt" if strength is None else _label("strength", strength)
