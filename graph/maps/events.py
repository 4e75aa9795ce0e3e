"""What the map may tell Python: the declared events, checked against the open case.

The editable map (Nettverkskart) sends a small JSON object for each thing a user does
on it. This module is the contract: the five kinds of event, what each carries, and
two pure functions the page calls in turn:

* :func:`validate_event` turns a raw message into a :class:`MapEvent`, or refuses it
  with :class:`EventRefusedError` (a Norwegian reason; nothing changes). A message that is
  not a JSON object, has an unknown kind, a key that does not belong, a value of the
  wrong type, a string longer than an id may be, an id that is not in the case or a
  ring outside 1–3 is refused. Every check is bounded: at most :data:`MAX_KEYS` keys
  and :data:`MAX_TEXT` characters per string are looked at.
* :func:`apply_event` makes the change an event stands for on a copy of the case
  dict: a moved actor gets its new closeness; a new actor or tie comes back as a draft
  for the page to complete. The page then passes the new case through the same
  validation as the tables (``EditedItem.update``).

The kinds (``ring`` is 1, 2, 3 or null for "outside the rings" = closeness unknown):

================  ===========================================================
``select_actor``  ``{"kind", "id"}``: an actor was clicked
``move_actor``    ``{"kind", "id", "ring", "angle"?}``: an actor was dragged;
                  ``angle`` in degrees (0 = east, counter-clockwise)
``add_actor``     ``{"kind", "sector", "ring"}``: «Ny aktør her» in a sector
``add_tie``       ``{"kind", "from", "to"}``: a new tie between two actors (or an
                  actor and the person)
``add_missing``   ``{"kind", "type"}``: a click on a missing actor (a dashed
                  "ghost"): «Ny aktør» of that catalogue type
================  ===========================================================
"""

from __future__ import annotations

import copy
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from graph.format.editing import new_actor_id
from graph.format.model import MAX_ID_LENGTH, PERSON_ID
from graph.render.layout import SectorSpan

EventKind = Literal["select_actor", "move_actor", "add_actor", "add_tie", "add_missing"]

REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "select_actor": frozenset({"kind", "id"}),
    "move_actor": frozenset({"kind", "id", "ring"}),
    "add_actor": frozenset({"kind", "sector", "ring"}),
    "add_tie": frozenset({"kind", "from", "to"}),
    "add_missing": frozenset({"kind", "type"}),
}
"""The keys each kind of event must have."""

OPTIONAL_KEYS: dict[str, frozenset[str]] = {
    "select_actor": frozenset(),
    "move_actor": frozenset({"angle"}),
    "add_actor": frozenset(),
    "add_tie": frozenset(),
    "add_missing": frozenset(),
}
"""The keys each kind of event may have besides those."""

EVENT_KINDS: tuple[str, ...] = tuple(REQUIRED_KEYS)
"""The declared kinds, in the order of the table above."""

MAX_KEYS = 6
"""No event has more keys than this; a larger object is refused before it is read."""

MAX_TEXT = MAX_ID_LENGTH
"""The longest string an event may hold (an actor id, a sector key)."""

RINGS = (1, 2, 3)
"""The closeness rings an actor can be dragged to (``None``: outside, unknown)."""


class EventRefusedError(ValueError):
    """A message from the map that is not a valid event; ``str()`` says why, in Norwegian."""


@dataclass(frozen=True)
class MapEvent:
    """One valid event from the map.

    Attributes
    ----------
    kind : str
        One of :data:`EVENT_KINDS`.
    actor : str or None
        The actor clicked or dragged (``select_actor``, ``move_actor``).
    ring : int or None
        The ring dragged to or clicked in (``move_actor``, ``add_actor``); None is
        outside the rings: closeness unknown.
    angle : float or None
        Where around the person the actor was dropped, in degrees (``move_actor``).
    sector : str or None
        The sector clicked in (``add_actor``).
    source, target : str or None
        The two ends of a new tie (``add_tie``).
    actor_type : str or None
        The catalogue type of the missing actor clicked (``add_missing``).
    """

    kind: str
    actor: str | None = None
    ring: int | None = None
    angle: float | None = None
    sector: str | None = None
    source: str | None = None
    target: str | None = None
    actor_type: str | None = None


@dataclass(frozen=True)
class EventResult:
    """What an event does to the case.

    Attributes
    ----------
    case : dict
        The case dict after the event (a copy; the same content when the event only
        selects or asks for a draft).
    changed : bool
        Whether ``case`` differs from the case the event was applied to.
    draft : dict or None
        A new actor or tie for the page to complete (type and label, or kind) before it
        goes into the case; None for the other kinds.
    """

    case: dict[str, Any]
    changed: bool
    draft: dict[str, Any] | None = None


def _text(raw: Mapping[str, Any], key: str, what: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value:
        raise EventRefusedError(f"Kartet sendte {what} som ikke er en tekst. Ingenting er endret.")
    if len(value) > MAX_TEXT:
        raise EventRefusedError(
            f"Kartet sendte {what} som er lengre enn {MAX_TEXT} tegn. Ingenting er endret."
        )
    return value


def _ring(raw: Mapping[str, Any]) -> int | None:
    value = raw["ring"]
    if value is None:
        return None
    # bool is an int in Python, but ``true`` is not ring 1.
    if isinstance(value, bool) or not isinstance(value, int) or value not in RINGS:
        raise EventRefusedError(
            "Kartet sendte en ring som ikke finnes (bare 1, 2, 3 eller utenfor). "
            "Ingenting er endret."
        )
    return value


def _angle(raw: Mapping[str, Any]) -> float | None:
    if "angle" not in raw:
        return None
    value = raw["angle"]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not -360.0 <= value <= 360.0
    ):
        raise EventRefusedError(
            "Kartet sendte en vinkel som ikke er et tall mellom -360 og 360. Ingenting er endret."
        )
    return float(value)


def _actor_ids(case: Mapping[str, Any]) -> set[str]:
    return {str(a.get("id")) for a in case.get("actors", []) if isinstance(a, Mapping)}


def validate_event(
    raw: Any,
    case: Mapping[str, Any],
    sectors: Collection[str] = (),
    types: Collection[str] = (),
) -> MapEvent:
    """Check a raw message from the map against the open case.

    Parameters
    ----------
    raw : object
        The message as it came (a JSON value from the browser).
    case : Mapping
        The open case as a JSON dict (it is only read).
    sectors : collection of str
        The catalogue's sector keys (``add_actor`` must name one of them).
    types : collection of str
        The catalogue's actor type keys (``add_missing`` must name one of them).

    Returns
    -------
    MapEvent
        The event, with every value checked.

    Raises
    ------
    EventRefusedError
        With a Norwegian reason, when the message is not one of the declared events,
        names an actor that is not in the case, or a ring outside 1–3.

    Examples
    --------
    >>> case = {"actors": [{"id": "mor", "label": "Mor", "type": "foresatt"}]}
    >>> validate_event({"kind": "move_actor", "id": "mor", "ring": 2}, case).ring
    2
    >>> for raw in ({"kind": "move_actor", "id": "mor", "ring": 4},
    ...             {"kind": "select_actor", "id": "far"}):
    ...     try:
    ...         validate_event(raw, case)
    ...     except EventRefusedError as refused:
    ...         print(refused)
    Kartet sendte en ring som ikke finnes (bare 1, 2, 3 eller utenfor). Ingenting er endret.
    Aktøren kartet viste til, finnes ikke i saken (kanskje er den slettet). Ingenting er endret.
    """
    if not isinstance(raw, Mapping):
        raise EventRefusedError("Kartet sendte noe som ikke er en hendelse. Ingenting er endret.")
    if len(raw) > MAX_KEYS:
        raise EventRefusedError(
            "Kartet sendte en hendelse med for mange felt. Ingenting er endret."
        )
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in REQUIRED_KEYS:
        raise EventRefusedError("Kartet sendte en hendelse av en ukjent type. Ingenting er endret.")
    keys = set(raw)
    required, optional = REQUIRED_KEYS[kind], OPTIONAL_KEYS[kind]
    if not required <= keys or not keys <= required | optional:
        raise EventRefusedError(
            "Kartet sendte en hendelse med felt som mangler eller ikke hører til. "
            "Ingenting er endret."
        )
    actors = _actor_ids(case)
    unknown = EventRefusedError(
        "Aktøren kartet viste til, finnes ikke i saken (kanskje er den slettet). "
        "Ingenting er endret."
    )
    if kind in ("select_actor", "move_actor"):
        actor = _text(raw, "id", "en aktør")
        if actor not in actors:
            raise unknown
        if kind == "select_actor":
            return MapEvent(kind, actor=actor)
        return MapEvent(kind, actor=actor, ring=_ring(raw), angle=_angle(raw))
    if kind == "add_actor":
        sector = _text(raw, "sector", "en sektor")
        if sector not in sectors:
            raise EventRefusedError("Kartet sendte en sektor som ikke finnes. Ingenting er endret.")
        return MapEvent(kind, sector=sector, ring=_ring(raw))
    if kind == "add_missing":
        actor_type = _text(raw, "type", "en aktørtype")
        if actor_type not in types:
            raise EventRefusedError(
                "Kartet sendte en aktørtype som ikke finnes i katalogen. Ingenting er endret."
            )
        return MapEvent(kind, actor_type=actor_type)
    source = _text(raw, "from", "en ende av båndet")
    target = _text(raw, "to", "en ende av båndet")
    ends = actors | {PERSON_ID}
    if source not in ends or target not in ends:
        raise unknown
    if source == target:
        raise EventRefusedError("Et bånd må gå mellom to forskjellige. Ingenting er endret.")
    return MapEvent(kind, source=source, target=target)


def sector_arc(starts: Sequence[Mapping[str, Any]], sector: str) -> SectorSpan | None:
    """The arc a sector has on the drawn map, from the sectors' first angles in drawing
    order (``[{"key", "start"}, …]``, counter-clockwise, as the map's bridge gets them):
    from its own start to the next sector's. None if the map has no such sector.

    >>> starts = [{"key": "a", "start": 90.0}, {"key": "b", "start": 200.0}]
    >>> arc = sector_arc(starts, "b")
    >>> arc.start_deg, arc.end_deg
    (200.0, 450.0)
    >>> sector_arc(starts, "c") is None
    True
    """
    keys = [entry["key"] for entry in starts]
    if sector not in keys:
        return None
    index = keys.index(sector)
    start = float(starts[index]["start"])
    end = float(starts[(index + 1) % len(starts)]["start"])
    while end <= start:
        end += 360.0
    return SectorSpan(sector, sector, start, end)


def apply_event(
    event: MapEvent, case: Mapping[str, Any], along: float | None = None
) -> EventResult:
    """Make the change ``event`` stands for, on a copy of the case dict.

    ``move_actor`` sets the actor's ``closeness`` to the ring (or removes it: outside
    the rings is unknown). ``add_actor`` gives a draft actor with a fresh id and the
    ring as closeness, ``add_tie`` a draft tie; the page completes a draft (type and
    label, or kind) before it goes into the case; ``add_missing`` a draft actor of the
    missing type (closeness unknown until the page sets it). ``select_actor`` changes
    nothing.
    The result has still to pass the case validation the tables use.

    Parameters
    ----------
    event : MapEvent
        A valid event (:func:`validate_event` with the same case).
    case : Mapping
        The open case as a JSON dict; it is not changed.
    along : float, optional
        For ``move_actor``: where in its sector the actor was dropped (share of the arc,
        :func:`graph.render.layout.along_arc`); it is kept as the actor's ``position``, so the
        map draws it there from now on.

    Returns
    -------
    EventResult

    Examples
    --------
    >>> case = {"actors": [{"id": "mor", "label": "Mor", "type": "foresatt", "closeness": 1}]}
    >>> result = apply_event(MapEvent("move_actor", actor="mor", ring=3), case)
    >>> result.changed, result.case["actors"][0]["closeness"], case["actors"][0]["closeness"]
    (True, 3, 1)
    >>> "closeness" in apply_event(MapEvent("move_actor", actor="mor"), case).case["actors"][0]
    False
    >>> moved = apply_event(MapEvent("move_actor", actor="mor", ring=1), case, along=0.25)
    >>> moved.changed, moved.case["actors"][0]["position"]
    (True, {'along': 0.25})
    >>> apply_event(MapEvent("add_actor", sector="familie", ring=2), case).draft
    {'id': 'aktor-1', 'label': '', 'type': '', 'closeness': 2}
    >>> apply_event(MapEvent("add_missing", actor_type="barnevern"), case).draft
    {'id': 'barnevern-1', 'label': '', 'type': 'barnevern'}
    """
    after = copy.deepcopy(dict(case))
    if event.kind == "move_actor":
        for actor in after.get("actors", []):
            if actor.get("id") == event.actor:
                before = (actor.get("closeness"), actor.get("position"))
                if event.ring is None:
                    actor.pop("closeness", None)
                else:
                    actor["closeness"] = event.ring
                if along is not None:
                    actor["position"] = {"along": along}
                now = (actor.get("closeness"), actor.get("position"))
                return EventResult(after, changed=before != now)
        return EventResult(after, changed=False)
    if event.kind == "add_actor":
        draft: dict[str, Any] = {
            "id": new_actor_id(None, _actor_ids(after)),
            "label": "",
            "type": "",
        }
        if event.ring is not None:
            draft["closeness"] = event.ring
        return EventResult(after, changed=False, draft=draft)
    if event.kind == "add_missing":
        draft = {
            "id": new_actor_id(event.actor_type, _actor_ids(after)),
            "label": "",
            "type": event.actor_type,
        }
        return EventResult(after, changed=False, draft=draft)
    if event.kind == "add_tie":
        return EventResult(
            after, changed=False, draft={"from": event.source, "to": event.target, "kind": None}
        )
    return EventResult(after, changed=False)
