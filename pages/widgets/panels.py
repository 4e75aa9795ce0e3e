"""The analysis panels of Nettverkskart: what is missing, whom to involve, key figures.

Each function draws one panel from an analysis (``graph.analysis.analyse_case``); none
computes anything itself.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis import DEFINITIONS, grouped_gaps
from graph.format import Case
from graph.reference import LEVEL_LABELS, Catalogue
from pages.widgets.ui import plain

LEVEL_BADGE = {"must": ":red-badge[Må]", "should": ":orange-badge[Bør]", "may": ":blue-badge[Kan]"}

METRIC_NAMES = {
    "size": "Antall aktører",
    "size_tied_to_person": "Med bånd til personen",
    "size_not_tied_to_person": "Uten bånd til personen",
    "average_closeness": "Gjennomsnittlig nærhet",
    "ties_among_actors": "Bånd mellom aktørene",
    "density": "Tetthet",
    "average_degree": "Gjennomsnittlig antall bånd",
    "stars": "Stjerner",
    "isolated": "Isolerte",
    "not_tied_to_person": "Uten bånd til personen (hvem)",
    "cliques": "Klikker",
    "components": "Deler av nettverket",
    "articulation_points": "Brobyggere",
}


def _names(case: Case, ids) -> str:
    labels = {a.id: a.label for a in case.actors}
    return ", ".join(labels.get(i, i) for i in ids)


def summary_counts(analysis: dict) -> dict[str, int]:
    """The numbers over the map: needs per level, notifications not registered, problems.

    Needs are counted, not types: a rule that any of five types satisfies is one.
    """
    needs = grouped_gaps(analysis["gaps"])
    counts = {level: sum(n["level"] == level for n in needs) for level in LEVEL_LABELS}
    counts["notifications"] = sum(
        n["status"] == "missing" for n in analysis.get("notifications", [])
    )
    counts["sharing"] = len(analysis["info_sharing"])
    counts["unreached"] = len(analysis["coordinator"]["unreached"])
    return counts


def summary(analysis: dict) -> None:
    """What the guidance asks for and what needs attention, in one line above the map.

    One line, not a row of large figures, so the map is in view on a laptop screen.
    """
    count = summary_counts(analysis)

    def flagged(number: int) -> str:
        return f":red[**{number}**]" if number else f"**{number}**"

    st.markdown(
        f"Veilederen ber om: :red-badge[Må {count['must']}] "
        f":orange-badge[Bør {count['should']}] :blue-badge[Kan {count['may']}]"
        f" · Varsler ikke registrert: {flagged(count['notifications'])}"
        f" · Deling uten grunnlag: {flagged(count['sharing'])}"
        f" · Ikke nådd av koordinator: {flagged(count['unreached'])}",
        help="Må / Bør / Kan: behov for aktører veilederen ber om (der flere typer kan dekke "
        "samme behov, telles det én gang). Varsler: varsler og bekymringsmeldinger uten et "
        "henvisningsbånd til den som skal ha dem. Deling uten grunnlag: bånd der opplysninger "
        "deles uten passende rettslig grunnlag. Ikke nådd: tjenester uten vei til "
        "koordinatoren via andre tjenester.",
    )


def coordinator_panel(case: Case, analysis: dict, catalogue: Catalogue) -> None:
    """Coordinator status, warnings, candidates and unreached services."""
    report = analysis["coordinator"]
    names = _names(case, report["ids"])
    if report["status"] == "ok":
        st.markdown(f"**Koordinator:** {plain(names)}")
    elif report["status"] == "missing":
        st.warning(
            "Ingen koordinator er utpekt. Marker én aktør som koordinator under «Aktører».",
            icon=":material/warning:",
        )
    else:
        st.warning(
            f"Flere er merket som koordinator: {plain(names)}. Det bør være én.",
            icon=":material/warning:",
        )
    for warning in report["warnings"]:
        st.warning(plain(warning), icon=":material/warning:")
    if report["unreached"]:
        st.markdown(
            "**Ikke nådd av koordinatoren** (ingen vei via samarbeid mellom tjenestene): "
            + plain(_names(case, report["unreached"]))
        )
    if report["candidates"]:
        st.markdown("**Hvem kan koordinere?**")
        for candidate in report["candidates"]:
            type_label = plain(catalogue.label(candidate["type"]))
            ids = candidate["ids"]
            who = f"{plain(_names(case, ids))} ({type_label})" if ids else type_label
            st.markdown(
                f"- **{who}**: {plain(candidate['reason'])}  \n"
                f"  *Kilde: {plain(candidate['source'])}*"
            )


def _rule_line(rule: dict) -> str:
    mark = "" if rule["verification"] in ("seed", "verified") else " · *delvis kontrollert*"
    return (
        f"{LEVEL_BADGE[rule['level']]} **{plain(rule['title'])}**  \n"
        f"{plain(rule['reason'])}  \n*Kilde: {plain(rule['source'])}*{mark}"
    )


def gaps_panel(analysis: dict, catalogue: Catalogue, links: dict | None = None) -> None:
    """The missing actors, one line per need, with every rule's reason and source.

    Types that stand in for each other (any one satisfies the rule) share one line:
    «Familie eller Venner eller …». ``links`` (from
    ``graph.municipality.linking.gap_links``) names, per missing type, whom the case's
    municipality has registered for it.
    """
    links = links or {}
    needs = grouped_gaps(analysis["gaps"])
    if not needs:
        st.success(
            "Veilederen ber ikke om flere aktører for denne situasjonen.",
            icon=":material/check_circle:",
        )
        return
    for need in needs:
        either = " eller ".join(need["labels"])
        with st.expander(f"{LEVEL_LABELS[need['level']]}: {plain(either)}"):
            st.markdown(f"{LEVEL_BADGE[need['level']]} **{plain(either)}**")
            if len(need["types"]) > 1:
                st.caption("Én av disse er nok.")
            for type_key in need["types"]:
                link = links.get(type_key)
                if link is not None and link.found:
                    st.markdown(f":material/call: **I kommunen:** {plain(link.text())}")
            for rule in need["rules"]:
                st.markdown(_rule_line(rule))


NOTIFICATION_BADGE = {
    "made": ":green-badge[:material/check: Sendt]",
    "missing": ":red-badge[:material/close: Ikke registrert]",
}


def notifications_panel(analysis: dict, catalogue: Catalogue) -> None:
    """The notifications the guidance asks for, and whether a referral tie shows each."""
    notices = analysis.get("notifications", [])
    if not notices:
        st.caption("Veilederen ber ikke om varsler eller bekymringsmeldinger i denne situasjonen.")
        return
    st.caption(
        "Et varsel regnes som sendt når et bånd av typen «Henvisning» går til den som skal "
        "ha det. Legg inn båndet under «Bånd» når meldingen er sendt."
    )
    for notice in notices:
        who = " eller ".join(catalogue.label(t) for t in notice["types"])
        st.markdown(
            f"{NOTIFICATION_BADGE[notice['status']]} {LEVEL_BADGE[notice['level']]} "
            f"**{plain(notice['title'])}** – til {plain(who)}  \n"
            f"*Kilde: {plain(notice['source'])}*"
        )


def questions_panel(analysis: dict) -> None:
    """What the analysis cannot decide from the file, for the team to find out."""
    questions = analysis.get("questions", [])
    if not questions:
        return
    st.markdown("#### Spørsmål teamet bør avklare")
    for question in questions:
        st.markdown(f"- :material/help: {plain(question['why'])}")


def involve_panel(analysis: dict, catalogue: Catalogue) -> None:
    """The ranked list of whom to involve next."""
    items = analysis["involve"]
    if not items:
        st.info("Ingen forslag akkurat nå.")
        return
    kinds = {"gap": "Mangler", "supporter": "Ressurs", "bridge": "Brobygger", "risk": "Risiko"}
    for number, item in enumerate(items, start=1):
        badge = LEVEL_BADGE.get(item.get("level", ""), f":gray-badge[{kinds[item['kind']]}]")
        st.markdown(f"{number}. {badge} {plain(item['why'])}")


def sharing_panel(case: Case, analysis: dict) -> None:
    """Ties where information is shared without a fitting legal basis."""
    problems = analysis["info_sharing"]
    if not problems:
        st.success(
            "Ingen deling av opplysninger uten grunnlag er registrert.",
            icon=":material/check_circle:",
        )
        return
    labels = {a.id: a.label for a in case.actors}
    labels["person"] = f"Personen ({case.person.alias})"
    for problem in problems:
        st.markdown(
            f"- **{plain(labels[problem['from']])} → {plain(labels[problem['to']])}:** "
            f"{plain(problem['message'])}"
        )


MEANINGS = {
    "size": "Hvor mange som er med i kartet.",
    "size_tied_to_person": "Hvor mange personen selv har kontakt med.",
    "size_not_tied_to_person": "Med i kartet, men uten direkte kontakt med personen.",
    "average_closeness": "Hvor nær personen de hen har kontakt med, står i snitt.",
    "ties_among_actors": "Hvor mange par av aktører som har kontakt med hverandre.",
    "density": "Hvor godt aktørene kjenner hverandre. Lav: nettverket henger på personen.",
    "average_degree": "Hvor mange andre i kartet hver aktør har kontakt med, i snitt.",
    "stars": "De med flest kontakter i kartet: gode å gå via.",
    "isolated": "Har bare kontakt med personen: kan være sårbare støttespillere.",
    "not_tied_to_person": "Tjenester og andre som teamet må nå via andre.",
    "cliques": "Grupper der alle kjenner alle: ofte et miljø som påvirker personen.",
    "components": "Deler av nettverket som ikke henger sammen uten personen.",
    "articulation_points": "Eneste forbindelse mellom deler av nettverket: viktige å ha med.",
}
"""What each key figure means for the resource team, in everyday words."""

CLOSENESS_WORDS = ((1.67, "nær"), (2.34, "middels"), (3.01, "fjern"))


def _number(value: float, decimals: int = 1) -> str:
    """A number as Norwegians write it: «1,8»."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _figure_words(case: Case, key: str, metrics: dict) -> str:
    """A key figure in words: «9 av 15», «13 % av alle mulige», names, or «–»."""
    value = metrics[key]
    size = metrics["size"]
    if key in ("cliques", "components"):
        shown = " | ".join(_names(case, group) for group in value) or "–"
        if key == "cliques" and metrics.get("cliques_capped"):
            shown = f"{_capped_count(metrics)}: {shown}"
        return shown
    if isinstance(value, list):
        return _names(case, value) or "–"
    if value is None:
        return "–"
    if key in ("size_tied_to_person", "size_not_tied_to_person"):
        return f"{value} av {size}"
    if key == "average_closeness":
        word = next(w for limit, w in CLOSENESS_WORDS if value < limit)
        return f"{_number(value)} ({word})"
    if key == "density":
        return f"{round(value * 100)} % av alle mulige bånd"
    if key == "average_degree":
        return f"{_number(value)} per aktør"
    return str(value)


def metrics_table(case: Case, analysis: dict) -> pd.DataFrame:
    """The key figures in words, with what each means for the team."""
    metrics = analysis["metrics"]
    rows = [
        {
            "Nøkkeltall": name,
            "Verdi": _figure_words(case, key, metrics),
            "Hva betyr det?": MEANINGS[key],
        }
        for key, name in METRIC_NAMES.items()
    ]
    return pd.DataFrame(rows)


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


def group_table(analysis: dict, catalogue: Catalogue) -> pd.DataFrame:
    """Size, density and ties per actor in each sector and in the formal and informal network.

    «–» where a figure is not defined (density of fewer than two, an empty group).
    """
    metrics = analysis["metrics"]
    groups = [(sector.label, metrics["by_sector"][sector.key]) for sector in catalogue.sectors]
    groups += [
        ("Formelt nettverk (tjenester)", metrics["by_sphere"]["formal"]),
        ("Uformelt nettverk", metrics["by_sphere"]["informal"]),
    ]
    rows = [
        {
            "Del av kartet": label,
            "Aktører": figures["size"],
            "Tetthet": _percent(figures["density"]),
            "Bånd per aktør": "–"
            if figures["average_degree"] is None
            else _number(figures["average_degree"]),
        }
        for label, figures in groups
    ]
    return pd.DataFrame(rows)


def formulas_help() -> None:
    """How each figure is computed, for those who want the definitions."""
    with st.expander("Slik regnes tallene"):
        for text in DEFINITIONS.values():
            st.markdown(f"- {plain(text)}")


def _capped_count(metrics: dict) -> str:
    """«Mer enn 100» when the list stopped at its count, «Minst 57» when the search stopped."""
    shown = len(metrics["cliques"])
    reason = metrics.get("limits", {}).get("cliques", {}).get("reason")
    return f"Mer enn {shown}, viser {shown}" if reason == "count" else f"Minst {shown}"


def limits_panel(analysis: dict) -> None:
    """What the analysis capped or estimated to keep its cost bounded, one note each."""
    for limit in analysis["metrics"].get("limits", {}).values():
        st.info(plain(limit["note"]), icon=":material/speed:")


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """Place 1, 2, … by value, highest first; actors at 0 get no place."""
    ordered = sorted((v, k) for k, v in values.items() if v > 0)
    ordered.sort(key=lambda pair: -pair[0])
    ranks: dict[str, int] = {}
    for place, (value, actor) in enumerate(ordered, start=1):
        earlier = [r for a, r in ranks.items() if values[a] == value]
        ranks[actor] = earlier[0] if earlier else place
    return ranks


def centrality_table(case: Case, analysis: dict) -> pd.DataFrame:
    """Per actor: how many in the map they reach, and their place as go-between and as hub.

    Places instead of decimals: «1» is the most central; «–» means not at all (no
    shortest path runs through them, or they reach nobody).
    """
    metrics = analysis["metrics"]
    size = metrics["size"]
    degree = metrics["degree_centrality"]
    between = _ranks(metrics["betweenness_centrality"])
    close = _ranks(metrics.get("closeness_centrality") or {})
    rows = [
        {
            "Aktør": actor.label,
            "Kontakt med": f"{round(degree.get(actor.id, 0.0) * max(size - 1, 0))} av {size - 1}",
            "Som bindeledd (plass)": between.get(actor.id),
            "Når alle raskt (plass)": close.get(actor.id),
        }
        for actor in case.actors
    ]
    frame = pd.DataFrame(rows)
    if not rows:
        return frame
    places = ["Som bindeledd (plass)", "Når alle raskt (plass)"]
    frame[places] = frame[places].astype("Int64")
    order = frame["Som bindeledd (plass)"].fillna(size + 1)
    return frame.assign(_order=order).sort_values("_order").drop(columns="_order")
