"""The municipality's own handling route, for a case in that municipality.

A municipality file may carry ``handling_route``: the municipality's own steps when
someone is worried («Hva gjør jeg ved bekymring?», seed-004 § 5), each with the actors
responsible and a note, and ``handlingsplan_gyldig_til``, the last day its action plan
is valid. Nettverkskart shows these steps next to the national steps for a case whose
``municipality`` is that municipality. This module finds the file and turns the steps
into plain data: who is responsible by name and contact, and whether the plan has run
out on the day given.

Examples
--------
>>> import datetime as dt
>>> from graph.municipality.files import shipped_files
>>> route = case_route("3903", [shipped_files()[0].municipality], today=dt.date(2026, 11, 30))
>>> route.name, len(route.steps), route.expired
('Holmestrand', 5, True)
>>> route.steps[4].number, [a.label for a in route.steps[4].responsible]
(5, ['Politiet', 'Barneverntjenesten'])
>>> print(route.steps[4].text())
Trinn 5: Politiets oppfølging. Ansvarlig: Politiet (02800), Barneverntjenesten (954 42 020, …)
>>> case_route("0301", [shipped_files()[0].municipality]) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from graph.format.model import MunicipalActor, MunicipalityFile
from graph.municipality.coverage import Notice, norwegian_date, plan_notices
from graph.municipality.linking import municipality_for_case
from graph.reference import norway_time
from graph.reference.registry import kommune

CONTACT_SHOWN = 20
"""A contact longer than this is cut with «…» in the one-line text (the full one is kept)."""


@dataclass(frozen=True)
class RouteStepView:
    """One step of a municipality's handling route, ready to show.

    Attributes
    ----------
    number : int
        1, 2, … in the order of the file.
    what : str
        What to do (as typed in the file).
    responsible : tuple of MunicipalActor
        The registered actors responsible, in the order of the file (unknown ids are
        left out; validation refuses them anyway).
    note : str
        More about the step, in the plan's words ("" when none).
    wording : str
        The plan's own text of who is responsible (the step's ``ansvar``), "" when none.
    """

    number: int
    what: str
    responsible: tuple[MunicipalActor, ...]
    note: str = ""
    wording: str = ""

    def text(self) -> str:
        """One plain-text line: the step and who is responsible, with contacts.

        Plain text: labels typed by users are not escaped here, so the caller must show it
        as text (``ui.plain`` in Markdown).
        """
        if self.responsible:
            who = ", ".join(_actor_text(actor) for actor in self.responsible)
        elif self.wording:
            who = f"ingen tjeneste i kartet (planen sier: {self.wording})"
        else:
            who = "ingen i kartet"
        return f"Trinn {self.number}: {self.what}. Ansvarlig: {who}"


def _actor_text(actor: MunicipalActor) -> str:
    if not actor.contact:
        return actor.label
    contact = actor.contact
    if len(contact) > CONTACT_SHOWN:
        contact = contact[: CONTACT_SHOWN - 9].rstrip(" ,") + ", …"
    return f"{actor.label} ({contact})"


@dataclass(frozen=True)
class CaseRoute:
    """A municipality's handling route as shown for a case.

    Attributes
    ----------
    kommunenummer, name : str
    steps : tuple of RouteStepView
        Empty when the municipality has registered no route.
    valid_to : datetime.date or None
        The action plan's last valid day, when the file says it.
    expired : bool
        True when ``valid_to`` is before the day the route was looked up.
    notices : tuple of Notice
        The coverage notices about the plan and the route (see
        :func:`graph.municipality.coverage.plan_notices`).
    """

    kommunenummer: str
    name: str
    steps: tuple[RouteStepView, ...]
    valid_to: dt.date | None
    expired: bool
    notices: tuple[Notice, ...]

    def validity_text(self) -> str:
        """«Handlingsplanen gjelder til 31.12.2027.», or that it ran out, or "" when unknown."""
        if self.valid_to is None:
            return ""
        day = norwegian_date(self.valid_to)
        if self.expired:
            return (
                f"Handlingsplanen gikk ut {self.valid_to.year} (gyldig til {day}). "
                "Sjekk med kommunen om trinnene fortsatt gjelder."
            )
        return f"Handlingsplanen gjelder til {day}."


def route_view(municipality: MunicipalityFile, today: dt.date | None = None) -> CaseRoute:
    """The handling route of one municipality file, with names and the plan's status.

    Parameters
    ----------
    municipality : MunicipalityFile
    today : datetime.date, optional
        The day the plan's validity is judged on (today by default).
    """
    today = today or norway_time.today()
    actors = {actor.id: actor for actor in municipality.actors}
    steps = tuple(
        RouteStepView(
            number=number,
            what=step.what,
            responsible=tuple(actors[i] for i in step.responsible if i in actors),
            note=step.note,
            wording=_wording(step.model_extra),
        )
        for number, step in enumerate(municipality.handling_route, start=1)
    )
    valid_to = (
        dt.date.fromisoformat(municipality.handlingsplan_gyldig_til)
        if municipality.handlingsplan_gyldig_til
        else None
    )
    place = kommune(municipality.kommunenummer)
    return CaseRoute(
        kommunenummer=municipality.kommunenummer,
        name=place.name if place else municipality.kommunenummer,
        steps=steps,
        valid_to=valid_to,
        expired=valid_to is not None and valid_to < today,
        notices=tuple(plan_notices(municipality, today)),
    )


def _wording(extra: dict | None) -> str:
    value = (extra or {}).get("ansvar")
    return value if isinstance(value, str) else ""


def case_route(
    case_municipality: str | None,
    candidates: Iterable[MunicipalityFile | None],
    today: dt.date | None = None,
) -> CaseRoute | None:
    """The handling route of a case's municipality, to show next to the national steps.

    Parameters
    ----------
    case_municipality : str or None
        The case's ``municipality`` (a 2024 kommunenummer).
    candidates : iterable of MunicipalityFile or None
        Municipality files to look in, best first (see
        :func:`graph.municipality.linking.municipality_for_case`).
    today : datetime.date, optional
        The day the plan's validity is judged on (today by default).

    Returns
    -------
    CaseRoute or None
        None when the case names no municipality or no candidate file is for it. A
        route with no steps means the municipality's file has none registered.
    """
    municipality = municipality_for_case(case_municipality, candidates)
    if municipality is None:
        return None
    return route_view(municipality, today)
