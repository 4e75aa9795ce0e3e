"""Twenty-one situations a Norwegian municipal team meets, with expectations by hand.

Each scenario is a small case and what the analysis should say about it, worked out from
the seeds and the rules (docs/rules.md), never copied from the program's output. The
comment beside each value is the reasoning. Every scenario checks the gaps (type, level),
the information-sharing problems, the questions, the notifications and the applicable
steps with their gaps; a few check the coordinator too.

Abbreviations: S000 = seed 000 «Hva gjør du hvis du er bekymret?», S001 = «Veileder for
exit-arbeid», S002 = its «Gjennomføring», S003 = «Samarbeid og informasjonsutveksling»,
S004 = Holmestrand's plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from graph.analysis import analyse_case
from graph.format.validation import validate_case

TODAY = dt.date(2026, 11, 30)

#: nettverk-uformelt (S002 «Relevante verktøy og tiltak», S000 idékart): «may» for each
#: informal type it names when none of them (nor foresatte, = familie) is in the network.
INFORMAL = {
    ("familie", "may"),
    ("venner", "may"),
    ("tros_livssyn", "may"),
    ("fritid", "may"),
    ("frivillig", "may"),
}
#: S000 «Trinn i håndtering av en bekymring»: the four steps, when no local routine replaces them.
CONCERN = ["trinn-bekymring", "trinn-drofte", "trinn-dialog", "trinn-oppfolging"]
HOLMESTRAND = [
    "holmestrand-1-avklar",
    "holmestrand-2-snakk",
    "holmestrand-3-tiltak",
    "holmestrand-4-melding",
    "holmestrand-5-politi",
]
EXIT = [
    "exit-plan",
    "exit-sikkerhet",
    "exit-hovedansvar",
    "exit-samtykke",
    "exit-kartlegging",
    "exit-samtaler",
]


@dataclass
class Scenario:
    """A case and what the analysis should say about it."""

    person: dict[str, Any]
    actors: list[dict[str, Any]]
    gaps: set[tuple[str, str]]
    ties: list[dict[str, Any]] = field(default_factory=list)
    municipality: str | None = None
    info_sharing: set[tuple[int, str]] = field(default_factory=set)
    questions: set[tuple[str, int | None]] = field(default_factory=set)
    notifications: set[tuple[str, str]] = field(default_factory=set)
    steps: list[str] = field(default_factory=list)
    step_gaps: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    coordinator: str | None = None
    plan: str | None = None


def actor(actor_id: str, type_key: str, **extra: Any) -> dict[str, Any]:
    return {"id": actor_id, "label": actor_id.capitalize(), "type": type_key, **extra}


def tie(source: str, target: str, kind: str = "collaboration", **extra: Any) -> dict[str, Any]:
    return {"from": source, "to": target, "kind": kind, **extra}


SCENARIOS: dict[str, Scenario] = {
    # 1. A 15-year-old pupil back from a camp in a conflict zone; mother and school know.
    "mindreaarig-hjem-fra-leir": Scenario(
        person={"age": 15, "situation": ["returnee", "pupil"]},
        actors=[actor("mor", "foresatte"), actor("skole", "skole")],
        ties=[tie("person", "mor", "support"), tie("mor", "skole")],
        gaps={
            ("politi", "must"),  # hjemkomst-politi: the return runs through the police (S000)
            ("kommune", "should"),  # hjemkomst-koordinering (R12) over hjemkomst-kommune (may)
            ("barnevern", "should"),  # trinn3-barnevern-under-18: 15 < 18 (S000 trinn 3)
            ("radikaliseringskontakt", "should"),  # police part of a return (S003)
            ("pst", "may"),  # hjemkomst-pst: only «ved behov» (S001)
        },  # foresatte present (S000 trinn 4); skole present; familie ← foresatte
        steps=[*CONCERN, "hjemkomst-varsling", "hjemkomst-vurdering"],
        step_gaps={("hjemkomst-varsling", ("politi",)), ("hjemkomst-vurdering", ("kommune",))},
        coordinator="missing",
    ),
    # 2. A 34-year-old returnee with children; the police notified the municipality.
    "voksen-hjemvendt-forelder": Scenario(
        person={"age": 34, "situation": ["returnee", "has_children"]},
        actors=[
            actor("politi", "politi"),
            actor("kommune", "kommune", coordinator=True, role="hovedansvar"),
            actor("barna", "familie"),
        ],
        ties=[
            tie(
                "politi",
                "kommune",
                "referral",
                info_sharing=True,
                legal_basis="lovhjemmel",
                legal_basis_note="Varsling ved hjemkomst (politiet til kommunen)",
            ),
            tie("person", "barna", "support"),
        ],
        gaps={
            ("barnevern", "should"),  # hjemkomst-barn-barnevern (R14, secondary): the children
            ("radikaliseringskontakt", "should"),  # S003: the police are in the case
            ("pst", "may"),  # «ved behov»
        },  # politi, kommune present; adult → no barnevern for the person; familie present
        steps=[*CONCERN, "hjemkomst-varsling", "hjemkomst-vurdering"],
        coordinator="ok",
    ),
    # 3. A 25-year-old with long-term needs wants an individuell plan; NAV coordinates.
    "koordinator-nav-individuell-plan": Scenario(
        person={
            "age": 25,
            "situation": ["long_term_needs", "needs_work_or_education"],
            "wants_individual_plan": True,
        },
        actors=[
            actor("nav", "nav", coordinator=True, role="hovedansvar"),
            actor("helse", "helse"),
            actor("bror", "familie"),
        ],
        ties=[tie("nav", "helse"), tie("person", "bror", "support")],
        gaps={("politi", "should")},  # trinn3-politi; NAV meets individuell-plan (S002), arbeid-nav
        steps=CONCERN,
        coordinator="ok",
        plan="ok",  # NAV is one of the municipality's service providers (S002)
    ),
    # 4. Serious concern for a 16-year-old, and only the police in the map.
    "alvorlig-bekymring-16-bare-politi": Scenario(
        person={"age": 16, "situation": ["serious_concern"]},
        actors=[actor("politi", "politi")],
        gaps={
            ("barnevern", "should"),  # S000 trinn 3 / S004 § 5 trinn 5: barnevern besides police
            ("radikaliseringskontakt", "should"),  # S003
            ("foresatte", "should"),  # S000 trinn 4: foresatte early
            *INFORMAL,
        },  # alvorlig-bekymring met by politi (politi og/eller PST)
        notifications={("alvorlig-bekymring", "missing")},  # present, but no referral to them
        steps=CONCERN,
        coordinator="missing",
    ),
    # 5. An adult: NAV shares with the police under avvergingsplikt, no serious concern marked.
    "avvergingsplikt-uten-alvorlig-bekymring": Scenario(
        person={"age": 30, "situation": []},
        actors=[actor("nav", "nav"), actor("politi", "politi"), actor("venn", "venner")],
        ties=[
            tie("nav", "politi", "referral", info_sharing=True, legal_basis="avvergingsplikt"),
            tie("person", "venn", "support"),
        ],
        gaps=set(),  # trinn3-politi met; venner meets nettverk-uformelt
        questions={("basis_doubtful", 0)},  # S001 «Informasjonsutveksling»: serious crimes
        steps=CONCERN,
    ),
    # 6. A 15-year-old consented alone to the school sharing with the health service.
    "samtykke-fra-15-aaring": Scenario(
        person={"age": 15, "situation": ["pupil"]},
        actors=[actor("skole", "skole"), actor("helse", "helse"), actor("mor", "foresatte")],
        ties=[
            tie(
                "skole",
                "helse",
                info_sharing=True,
                legal_basis="consent",
                consent={"given_by": "person", "date": "2026-09-01", "scope": "fravær"},
            ),
            tie("person", "mor", "support"),
        ],
        gaps={("politi", "should"), ("barnevern", "should")},  # S000 trinn 3, both parts
        questions={("consent_age", 0)},  # S004 § 3.1: the person «eller dennes foresatte»
        steps=CONCERN,
    ),
    # 7. A 17-year-old whose map has only family and friends: no service at all.
    "ingen-tjenester": Scenario(
        person={"age": 17, "situation": []},
        actors=[actor("mor", "foresatte"), actor("venn", "venner")],
        ties=[tie("person", "mor", "support"), tie("person", "venn", "support")],
        gaps={("politi", "should"), ("barnevern", "should")},  # S000 trinn 3
        steps=CONCERN,
        coordinator="missing",
    ),
    # 8. A complete network for a 16-year-old pupil at risk of departure: no must/should gap.
    "komplett-nettverk": Scenario(
        person={"age": 16, "situation": ["pupil", "planned_travel"]},
        actors=[
            actor("mor", "foresatte"),
            actor("skole", "skole"),
            actor("bv", "barnevern"),
            actor("rk", "radikaliseringskontakt", coordinator=True),
        ],
        ties=[
            tie("skole", "rk", "referral", info_sharing=True, legal_basis="consent"),
            tie("skole", "bv", "referral", info_sharing=True, legal_basis="opplysningsplikt"),
            tie("rk", "bv"),
            tie("person", "mor", "support"),
        ],
        gaps=set(),  # police through the contact (S001 «Politi»); familie ← foresatte
        notifications={("utreise-politi", "made"), ("utreise-under-18", "made")},
        steps=[
            *CONCERN,
            "utreise-varsle-politi",
            "utreise-politi-pst",
            "utreise-melding-barnevern",
            "utreise-akutt",
        ],
        coordinator="ok",
    ),
    # 9. Departure feared, age not recorded.
    "utreise-ukjent-alder": Scenario(
        person={"age": None, "situation": ["planned_travel"]},
        actors=[actor("skole", "skole")],
        gaps={
            ("politi", "must"),  # utreise-politi at every age (S000 «Før utreise»)
            ("radikaliseringskontakt", "should"),
            *INFORMAL,
        },  # no barnevern gap: it hangs on the age
        questions={("age_unknown", None)},
        notifications={("utreise-politi", "missing")},
        steps=[*CONCERN, "utreise-varsle-politi", "utreise-politi-pst"],
        step_gaps={("utreise-politi-pst", ("politi",))},
    ),
    # 10. Departure feared for an 18-year-old; the school has notified the police.
    "utreise-18": Scenario(
        person={"age": 18, "situation": ["planned_travel"]},
        actors=[actor("skole", "skole"), actor("politi", "politi"), actor("far", "familie")],
        ties=[tie("skole", "politi", "referral"), tie("person", "far", "relation")],
        gaps={("radikaliseringskontakt", "should")},  # adult: no barnevern, no foresatte
        notifications={("utreise-politi", "made")},
        steps=[*CONCERN, "utreise-varsle-politi", "utreise-politi-pst"],
    ),
    # 11. Departure feared for a 17-year-old; police notified, barnevern not.
    "utreise-17-uten-barnevern": Scenario(
        person={"age": 17, "situation": ["planned_travel"]},
        actors=[actor("skole", "skole"), actor("politi", "politi"), actor("venn", "venner")],
        ties=[tie("skole", "politi", "referral"), tie("person", "venn", "support")],
        gaps={
            ("barnevern", "must"),  # utreise-under-18: «skal sendes bekymringsmelding»
            ("radikaliseringskontakt", "should"),
            ("foresatte", "should"),
        },
        notifications={("utreise-politi", "made"), ("utreise-under-18", "missing")},
        steps=[
            *CONCERN,
            "utreise-varsle-politi",
            "utreise-politi-pst",
            "utreise-melding-barnevern",
            "utreise-akutt",
        ],
        step_gaps={("utreise-akutt", ("barnevern",))},
    ),
    # 12. A 40-year-old serving a sentence wants out; only the SLT-koordinator and the prison.
    "exit-soning-40-med-slt": Scenario(
        person={"age": 40, "situation": ["wants_exit", "in_custody"]},
        actors=[
            actor("slt", "slt_koordinator", coordinator=True),
            actor("krim", "kriminalomsorg"),
        ],
        ties=[tie("slt", "krim")],
        gaps={
            ("kommune", "should"),  # S001 «Arbeidet i kommunene»; SLT is not the municipality at 40
            ("politi", "should"),  # trinn3-politi
            ("radikaliseringskontakt", "should"),  # exit-radikaliseringskontakt (S001)
            ("rvts", "should"),  # exit-rvts (S001 «Veiledning»)
            ("pst", "may"),
            ("konfliktrad", "may"),  # soning-konfliktrad (S001 «Konfliktråd»)
            ("mentor", "may"),
            *INFORMAL,
        },
        steps=EXIT,  # exit work: its planning replaces S000's four steps
        step_gaps={
            ("exit-sikkerhet", ("politi", "pst")),
            ("exit-hovedansvar", ("radikaliseringskontakt",)),
            ("exit-kartlegging", ("rvts",)),
        },
        coordinator="ok",
    ),
    # 13. The same at 20: SLT covers young adults in some places, so the municipality is there.
    "exit-soning-20-med-slt": Scenario(
        person={"age": 20, "situation": ["wants_exit", "in_custody"]},
        actors=[
            actor("slt", "slt_koordinator", coordinator=True),
            actor("krim", "kriminalomsorg"),
        ],
        ties=[tie("slt", "krim")],
        gaps={
            ("politi", "should"),
            ("radikaliseringskontakt", "should"),
            ("rvts", "should"),
            ("pst", "may"),
            ("konfliktrad", "may"),
            ("mentor", "may"),
            *INFORMAL,
        },
        steps=EXIT,
        step_gaps={
            ("exit-sikkerhet", ("politi", "pst")),
            ("exit-hovedansvar", ("radikaliseringskontakt",)),
            ("exit-kartlegging", ("rvts",)),
        },
        coordinator="ok",
    ),
    # 14. A 14-year-old in Holmestrand; the concern started online; RVTS gave advice.
    "nett-14-holmestrand": Scenario(
        person={"age": 14, "situation": ["online"]},
        municipality="3903",
        actors=[actor("mor", "foresatte"), actor("rvts", "rvts")],
        ties=[tie("person", "mor", "support"), tie("mor", "rvts")],
        gaps={
            ("politi", "should"),
            ("barnevern", "should"),
            ("radikaliseringskontakt", "should"),  # an online concern involves the police (S003)
        },  # nett-rad met by rvts (S001 «Planlegging og kartlegging»)
        steps=[*HOLMESTRAND, "holmestrand-5-barn"],  # S004 § 5 instead of S000's four
        step_gaps={
            ("holmestrand-5-politi", ("politi", "pst")),
            ("holmestrand-5-barn", ("barnevern",)),
        },
    ),
    # 15. The school informs barnevern under opplysningsplikt about an 18-year-old.
    "opplysningsplikt-voksen": Scenario(
        person={"age": 18, "situation": []},
        actors=[actor("skole", "skole"), actor("bv", "barnevern"), actor("politi", "politi")],
        ties=[
            tie("skole", "bv", "referral", info_sharing=True, legal_basis="opplysningsplikt"),
            tie("skole", "politi"),
        ],
        gaps=INFORMAL,
        info_sharing={(0, "basis_does_not_fit")},  # the duty concerns children (FORMATS §4.2)
        steps=CONCERN,
    ),
    # 16. An adult's consent to NAV sharing with the health service has run out.
    "utloept-samtykke": Scenario(
        person={"age": 30, "situation": ["mental_health"]},
        actors=[actor("nav", "nav"), actor("helse", "helse"), actor("politi", "politi")],
        ties=[
            tie(
                "nav",
                "helse",
                info_sharing=True,
                legal_basis="consent",
                consent={"given_by": "person", "date": "2025-01-10", "expires": "2026-01-10"},
            )
        ],
        gaps=INFORMAL,  # psykisk-helse met by helse; trinn3-politi met
        info_sharing={(0, "consent_expired")},
        steps=CONCERN,
    ),
    # 17. A returnee whose age is not recorded; only the police so far.
    "hjemvendt-ukjent-alder": Scenario(
        person={"age": None, "situation": ["returnee"]},
        actors=[actor("politi", "politi")],
        gaps={
            ("kommune", "should"),
            ("radikaliseringskontakt", "should"),
            ("pst", "may"),
            *INFORMAL,
        },
        questions={("age_unknown", None)},  # barnevern and foresatte would apply under 18
        steps=[*CONCERN, "hjemkomst-varsling", "hjemkomst-vurdering"],
        step_gaps={("hjemkomst-vurdering", ("kommune",))},
    ),
    # 18. A 22-year-old with mental-health and substance problems and family conflict.
    "helse-rus-familie": Scenario(
        person={"age": 22, "situation": ["mental_health", "substance_use", "family_relations"]},
        actors=[actor("fastlege", "helse"), actor("familievern", "familievern")],
        ties=[tie("fastlege", "familievern")],
        gaps={("politi", "should"), *INFORMAL},  # helse and familievern present (S001)
        steps=CONCERN,
    ),
    # 19. A sharing tie only between private persons, with no basis at all.
    "deling-mellom-private": Scenario(
        person={"age": 16, "situation": []},
        actors=[actor("mor", "foresatte"), actor("tante", "familie"), actor("politi", "politi")],
        ties=[
            tie("mor", "tante", "support", info_sharing=True, legal_basis="none"),
            tie("tante", "person", "support", info_sharing=True),
        ],
        gaps={("barnevern", "should")},  # private persons have no duty of confidentiality
        steps=CONCERN,
    ),
    # 20. An individuell plan for a 16-year-old: SLT and NAV are there, nobody is marked.
    "individuell-plan-uten-koordinator": Scenario(
        person={"age": 16, "situation": ["long_term_needs"], "wants_individual_plan": True},
        actors=[
            actor("slt", "slt_koordinator"),
            actor("nav", "nav"),
            actor("mor", "foresatte"),
        ],
        ties=[tie("slt", "nav"), tie("person", "mor", "support")],
        gaps={("politi", "should"), ("barnevern", "should")},  # plan rules met by NAV/SLT
        steps=CONCERN,
        coordinator="missing",
        plan="missing",  # S002: «skal oppnevnes»; presence is not appointment
    ),
    # 21. Serious concern for an adult reported to PST directly.
    "alvorlig-bekymring-til-pst": Scenario(
        person={"age": 45, "situation": ["serious_concern"]},
        actors=[actor("nav", "nav"), actor("pst", "pst"), actor("venn", "venner")],
        ties=[
            tie(
                "nav",
                "pst",
                "referral",
                info_sharing=True,
                legal_basis="avvergingsplikt",
            ),
            tie("person", "venn", "support"),
        ],
        gaps={
            ("politi", "should"),  # trinn3-politi: PST is not the local police
            ("radikaliseringskontakt", "should"),
        },  # alvorlig-bekymring met by pst («politi og/eller PST»)
        notifications={("alvorlig-bekymring", "made")},
        steps=CONCERN,  # avvergingsplikt with serious_concern: no question
    ),
}


def analysed(scenario: Scenario) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "format": "tverrkart-case/1",
        "person": {"alias": "X", **scenario.person},
        "actors": scenario.actors,
        "ties": scenario.ties,
    }
    if scenario.municipality:
        raw["municipality"] = scenario.municipality
    return analyse_case(validate_case(raw), today=TODAY)


def test_there_are_at_least_twenty_scenarios() -> None:
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    result = analysed(scenario)
    assert {(g["type"], g["level"]) for g in result["gaps"]} == scenario.gaps
    assert {(p["tie"], p["problem"]) for p in result["info_sharing"]} == scenario.info_sharing
    assert {(q["id"], q.get("tie")) for q in result["questions"]} == scenario.questions
    notifications = {(n["rule"], n["status"]) for n in result["notifications"]}
    assert notifications == scenario.notifications
    assert [s["id"] for s in result["steps"]] == scenario.steps
    step_gaps = {(s["id"], tuple(g["types"])) for s in result["steps"] for g in s["gaps"]}
    assert step_gaps == scenario.step_gaps
    if scenario.coordinator:
        assert result["coordinator"]["status"] == scenario.coordinator
    if scenario.plan:
        assert result["coordinator"]["individual_plan"]["status"] == scenario.plan


def test_a_complete_network_has_no_must_or_should_gap() -> None:
    result = analysed(SCENARIOS["komplett-nettverk"])
    assert [g for g in result["gaps"] if g["level"] in ("must", "should")] == []
    assert result["next_step"] == "trinn-bekymring"


def test_no_scenario_tells_a_team_it_must_contact_pst() -> None:
    for scenario in SCENARIOS.values():
        assert ("pst", "must") not in {(g["type"], g["level"]) for g in analysed(scenario)["gaps"]}
