"""``tverrkart analyse --json`` on every shipped example, against expectations by hand.

Each expectation was worked out from the example's situation, the seeds and the rules in
``data/rules.toml`` (docs/rules.md), not copied from the program's output. The comment
beside each value gives the reasoning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.json"))

EXPECTED: dict[str, dict] = {
    # A (16), pupil, planned_travel, online. Present: foresatte, familie, venner, fritid,
    # risikomiljo, skole, helse, slt_koordinator, radikaliseringskontakt, barnevern, nav, mentor.
    "elev-utreise": {
        # slt has coordinator: true, the only one
        "status": "ok",
        # helsesykepleier (helse) has only a support tie to the person, no tie to any service
        # (README: «ikke med i samarbeidet»); every other service links to slt over
        # collaboration/referral ties (rektor → barnevern/radkontakt, kontaktlærer → nav,
        # slt → mentor)
        "unreached": {"helsesykepleier"},
        "gaps": set(),
        # no gap: utreise-politi (seed 000 «Før utreise»: lokalt politi varsles) is met by
        #   radikaliseringskontakt (equivalence politi ← radikaliseringskontakt, seed 001 «Politi»);
        # utreise-under-18 (seed 000 «Før utreise»: bekymringsmelding til barnevernet) —
        #   barnevern present; politi-radikaliseringskontakt (seed 003) — radkontakt present;
        # trinn3-politi met by radkontakt, trinn3-barnevern-under-18 by barnevern (seed 000
        #   trinn 3: police and barnevern, two asks); oppfolging-foresatte
        #   (seed 000 trinn 4) — mor/far present; nett-rad (seed 001 «Planlegging og kartlegging»:
        #   politi or RVTS) met by radkontakt; elev-skole — skole present; nettverk-uformelt met by
        #   familie/venner/fritid. No PST rule before departure: «Lokalt politi tar ansvar for
        #   eventuell kontakt med PST» (seed 000).
        "info_sharing": {
            # kontaktlærer → NAV: legal_basis "none" → no_legal_basis
            ("kontaktlaerer", "nav", "no_legal_basis"),
            # slt → mentor: info_sharing true, basis absent → unknown_basis
            ("slt", "mentor", "unknown_basis"),
            # not reported: rektor → barnevern referral with opplysningsplikt (goes TO barnevern
            # about a child of 16, seed 002 «Informasjonsutveksling», FORMATS §4.2); the rest are
            # consent without expiry
        },
        # slt – kontaktlærer: consent given by A herself at 16 (FORMATS §4.2 consent_age; seed 004
        # § 3.1: consent «fra den det gjelder eller dennes foresatte»); the other consents are the
        # foresatte's
        "questions": {("consent_age", 14)},
        # utreise-politi («skal lokalt politi varsles», seed 000 «Før utreise»): rektor → radkontakt
        # is a referral to the police's radicalisation contact (= politi) → made by tie 13;
        # utreise-under-18 («skal sendes bekymringsmelding til barnevernet»): rektor → barnevern,
        # tie 12 → made. Not serious_concern, so alvorlig-bekymring is not listed.
        "notifications": {("utreise-politi", "made", (13,)), ("utreise-under-18", "made", (12,))},
        # 3903 = Holmestrand: its handlingsveileder (seed 004 § 5) instead of seed 000's four
        # steps, step 5's barnevern/foresatte part for a child (16); then «Før utreise» (seed 000),
        # the barnevern steps because 16 < 18. Recorded: 1, 2, 4 and the two notifications done.
        "steps": [
            ("holmestrand-1-avklar", "done"),
            ("holmestrand-2-snakk", "done"),
            ("holmestrand-3-tiltak", "open"),
            ("holmestrand-4-melding", "done"),
            ("holmestrand-5-politi", "open"),
            ("holmestrand-5-barn", "open"),
            ("utreise-varsle-politi", "done"),
            ("utreise-politi-pst", "open"),
            ("utreise-melding-barnevern", "done"),
            ("utreise-akutt", "open"),
        ],
        "next_step": "holmestrand-3-tiltak",
        # every responsible type is there: politi through radkontakt, barnevern, foresatte
        "step_gaps": set(),
        "size": 15,  # 15 actors
        "size_tied_to_person": 9,  # mor, far, søster, lillebror, venn, trener, nettkontakt,
        # kontaktlærer, helsesykepleier
        "ties_among_actors": 11,  # 20 ties − 9 to the person; no pair twice
    },
    # K (27), in_custody, wants_exit, needs_work_or_education, restorative; wants IP but no
    # long_term_needs. Present: kriminalomsorg ×2, annen_tjeneste, mentor, radikaliseringskontakt,
    # nav, rvts, konfliktrad, familie, venner, risikomiljo, arbeidsplass, tros_livssyn.
    "exit-soning": {
        # radkontakt (politiets radikaliseringskontakt) is the one coordinator (seed 001: radkontakt
        # or SLT often coordinates)
        "status": "ok",
        # every service has a collaboration/referral path to radkontakt (via radkontakt_krim,
        # kontaktbetjent; nav and rvts directly)
        "unreached": set(),
        "gaps": {
            # exit-kommune-ansvarlig (seed 001 «Arbeidet i kommunene»: «en ansvarlig person i
            # kommunen») and soning-tilbakeforing-kommune (seed 001 «Kriminalomsorg»: samarbeider
            # med kommunen) — no kommune and no slt_koordinator → should
            ("kommune", "should"),
            # exit-pst (seed 001 «Innledning»: «ved behov, PST») → may
            ("pst", "may"),
            # no other gap: in_custody → kriminalomsorg present (seed 001 «Arbeidet i kommunene»);
            # wants_exit → radikaliseringskontakt and rvts present; needs_work → nav present;
            # restorative → konfliktrad present; mentor present; trinn3-politi met by
            # radikaliseringskontakt (= politi); individuell-plan needs long_term_needs, not set.
        },
        "info_sharing": {
            # kontaktbetjent → arbeidsgiver: info_sharing true, basis absent → unknown_basis
            ("kontaktbetjent", "arbeidsgiver", "unknown_basis"),
            # nav → arbeidsgiver: K's consent ran out on 2026-06-30 → consent_expired (FORMATS §4.2)
            ("nav", "arbeidsgiver", "consent_expired"),
            # every other sharing tie has consent K gave at 27 (seed 001 «Planlegging og
            # kartlegging»: samtykkeerklæring); radkontakt → rvts does not share
        },
        # K consented as an adult; no avvergingsplikt; age known → nothing to ask
        "questions": set(),
        # no notification rule applies: no planned_travel, no serious_concern
        "notifications": set(),
        # wants_exit → the exit planning (seed 001 «Planlegging og kartlegging»), not seed 000's
        # concern steps; four done, risk/needs assessment with RVTS open and next
        "steps": [
            ("exit-plan", "done"),
            ("exit-sikkerhet", "done"),
            ("exit-hovedansvar", "done"),
            ("exit-samtykke", "done"),
            ("exit-kartlegging", "open"),
            ("exit-samtaler", "open"),
        ],
        "next_step": "exit-kartlegging",
        # politi/PST through radkontakt, radikaliseringskontakt and rvts are there
        "step_gaps": set(),
        "size": 15,  # 15 actors
        "size_tied_to_person": 10,  # mor, søster, barndomsvenn, miljø ×2, arbeidsgiver,
        # trossamfunn, mentor, kontaktbetjent, opplæring
        "ties_among_actors": 10,  # 20 ties − 10 to the person
    },
    # L (31), returnee, serious_concern, mental_health, family_relations, long_term_needs,
    # has_children (two children, FORMATS §4.1), wants IP. Present: pst, politi, kommune ×2,
    # helse ×2, nav, familievern, rvts, barnevern, familie, annen_privat, naermiljo, frivillig,
    # risikomiljo.
    "hjemvendt-familie": {
        # ip_koordinator (kommune) is the one coordinator (seed 002: one coordinator for the IP)
        "status": "ok",
        # every service links to ip_koordinator: pst → politi → beredskap → ip; fastlege → ip,
        # dps via fastlege; nav, barnevern, familievern, rvts directly
        "unreached": set(),
        "gaps": {
            # politi-radikaliseringskontakt (seed 003 «Forebyggingskontakter i politiet»: the
            # police's contact coordinates «ved bekymring»; seed 001 «Politi»): returnee and
            # serious_concern put the police in the case; ordinary politi is present, but not the
            # radicalisation contact (the equivalence only runs contact → politi) → should
            ("radikaliseringskontakt", "should"),
        },
        # no other gap: hjemkomst-politi (seed 000 «Ved hjemkomst»: the route runs through the
        # police) — politi present; hjemkomst-pst is only «ved behov» (may) and PST is present
        # anyway; hjemkomst-kommune and -koordinering — kommune present; alvorlig-bekymring (seed
        # 000 trinn 4: politi og/eller PST) — both present; trinn3-politi — politi present;
        # psykisk-helse (seed 001 «Helsetjenester») — helse present; familie-familievern (seed 001
        # «Familievern») — present; individuell-plan and koordinator-langvarige-behov (seed 002
        # «Individuell plan»: one of the municipality's service providers) — kommune present;
        # hjemkomst-barn-barnevern (R14, secondary: barnevern follows up the children) —
        # barnevern present.
        "info_sharing": {
            # not reported: PST → politi and politi → beredskap are the notification routine on
            # return (seed 000 «Ved hjemkomst»), lovhjemmel with its note (FORMATS §4.1/4.2)
            # fastlege ↔ IP-koordinator (kommune) with opplysningsplikt: neither end is barnevern
            # (seed 002: the duty is to inform barnevernstjenesten), and L is 31
            # → basis_does_not_fit
            ("fastlege", "ip_koordinator", "basis_does_not_fit"),
        },
        # L consented at 31; no avvergingsplikt → nothing to ask
        "questions": set(),
        # alvorlig-bekymring («meldes til politi og/eller PST», seed 000 trinn 4): the referral
        # PST → politi (tie 0) reaches the police → made
        "notifications": {("alvorlig-bekymring", "made", (0,))},
        # no kommunenummer: seed 000's four steps, then the return routine (seed 000 «Ved
        # hjemkomst»); recorded: the first two concern steps and both return steps
        "steps": [
            ("trinn-bekymring", "done"),
            ("trinn-drofte", "done"),
            ("trinn-dialog", "open"),
            ("trinn-oppfolging", "open"),
            ("hjemkomst-varsling", "done"),
            ("hjemkomst-vurdering", "done"),
        ],
        "next_step": "trinn-dialog",
        "step_gaps": set(),  # politi and kommune are there
        "size": 17,  # 17 actors
        "size_tied_to_person": 9,  # ip_koordinator, fastlege, familievern, advokat, mor, far,
        # barna, nabo, miljø
        "ties_among_actors": 13,  # 22 ties − 9 to the person
    },
    # J (14), pupil, online. Present: foresatte, familie ×2, venner, risikomiljo, fritid,
    # naermiljo, annen_privat, skole, helse. No service for police, barnevern or RVTS.
    "ung-nett": {
        # nobody is marked coordinator (README: «ingen koordinator er utpekt ennå»)
        "status": "missing",
        # no coordinator → nothing is listed as unreached
        "unreached": set(),
        "gaps": {
            # trinn3-politi (seed 000 trinn 3: a report «til politi og barnevern»; the police part
            # at every age) → politi should; trinn3-barnevern-under-18 (the same step, 14 < 18, a
            # separate ask from the police) → barnevern should
            ("politi", "should"),
            ("barnevern", "should"),
            # nett-rad (seed 001 «Planlegging og kartlegging»: sosiale medier → «kontakte politiet
            # eller RVTS for å få råd») → politi (already) and rvts should
            ("rvts", "should"),
            # politi-radikaliseringskontakt (seed 003 «Forebyggingskontakter i politiet», seed 001
            # «Politi»): an online concern is one where the police advise → should
            ("radikaliseringskontakt", "should"),
            # no gap: foresatte (mor) present (seed 000 trinn 4); skole present (elev-skole);
            # nettverk-uformelt met by familie/venner/fritid.
        },
        "info_sharing": {
            # kontaktlærer → helsesykepleier: info_sharing true, basis absent → unknown_basis
            ("kontaktlaerer", "helsesykepleier", "unknown_basis"),
        },
        "questions": set(),  # age known, no avvergingsplikt, no consent
        "notifications": set(),  # no planned_travel, no serious_concern
        # 3903: Holmestrand's five steps (seed 004 § 5), with the child part of step 5 (14 < 18);
        # only step 1 recorded
        "steps": [
            ("holmestrand-1-avklar", "done"),
            ("holmestrand-2-snakk", "open"),
            ("holmestrand-3-tiltak", "open"),
            ("holmestrand-4-melding", "open"),
            ("holmestrand-5-politi", "open"),
            ("holmestrand-5-barn", "open"),
        ],
        "next_step": "holmestrand-2-snakk",
        # step 5 needs the police (or PST): none in the map; the child part needs barnevern
        # (missing) and foresatte (mor is there)
        "step_gaps": {
            ("holmestrand-5-politi", ("politi", "pst")),
            ("holmestrand-5-barn", ("barnevern",)),
        },
        "size": 10,  # 10 actors
        "size_tied_to_person": 10,  # every actor has a tie from/to the person
        "ties_among_actors": 3,  # mor–stefar, mor–kontaktlærer, kontaktlærer–helsesykepleier
    },
}


def analyse_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict:
    code = main(["analyse", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def test_every_example_has_expectations() -> None:
    assert EXAMPLES
    assert {p.stem for p in EXAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_analyse_json_matches_hand_expectations(capsys, path: Path) -> None:
    expected = EXPECTED[path.stem]
    result = analyse_json(capsys, path)
    assert result["format"] == "tverrkart-analysis/1"
    assert result["coordinator"]["status"] == expected["status"]
    assert set(result["coordinator"]["unreached"]) == expected["unreached"]
    assert {(g["type"], g["level"]) for g in result["gaps"]} == expected["gaps"]
    found = {(p["from"], p["to"], p["problem"]) for p in result["info_sharing"]}
    assert found == expected["info_sharing"]
    # every example records the person's age: nothing is left to ask about it (FORMATS §4.2)
    assert [q for q in result.get("questions", []) if q["id"] == "age_unknown"] == []
    for key in ("size", "size_tied_to_person", "ties_among_actors"):
        assert result["metrics"][key] == expected[key], key
    # FORMATS §4.2: questions, notifications, steps
    assert {(q["id"], q.get("tie")) for q in result["questions"]} == expected["questions"]
    notifications = {(n["rule"], n["status"], tuple(n["ties"])) for n in result["notifications"]}
    assert notifications == expected["notifications"]
    assert [(s["id"], s["status"]) for s in result["steps"]] == expected["steps"]
    assert result["next_step"] == expected["next_step"]
    step_gaps = {(s["id"], tuple(g["types"])) for s in result["steps"] for g in s["gaps"]}
    assert step_gaps == expected["step_gaps"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_analyse_json_has_the_formats_keys(capsys, path: Path) -> None:
    result = analyse_json(capsys, path)
    assert {"format", "coordinator", "gaps", "involve", "info_sharing", "metrics"} <= set(result)
    for gap in result["gaps"]:
        assert {"type", "level", "rule", "reason", "source"} <= set(gap)
        assert gap["source"]
    for item in result["involve"]:
        assert {"type", "why"} <= set(item)
    for problem in result["info_sharing"]:
        assert {"from", "to", "problem"} <= set(problem)


def test_missing_coordinator_example_suggests_the_preferred_types(capsys) -> None:
    # ung-nett: no coordinator and no SLT or radikaliseringskontakt in the map (seed 001
    # «Samarbeid på tvers av sektorer og nettverk»: SLT-koordinator or radikaliseringskontakt)
    result = analyse_json(capsys, ROOT / "data" / "examples" / "ung-nett.json")
    candidates = [(c["type"], c["ids"]) for c in result["coordinator"]["candidates"]]
    assert candidates == [("slt_koordinator", []), ("radikaliseringskontakt", [])]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_analyse_text_shows_the_gaps_and_their_rules(capsys, path: Path) -> None:
    """The plain ``tverrkart analyse`` output names every gap with its level word and rule."""
    code = main(["analyse", str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    words = {"must": "må", "should": "bør", "may": "kan"}
    result = analyse_json(capsys, path)
    for gap in result["gaps"]:
        assert f"{words[gap['level']]}: {gap['label']}" in out
        assert f"regel {gap['rule']}" in out
    assert ("Mangler etter veiledningen" in out) is bool(result["gaps"])
    # corrected routes: PST is never a «må» line, and the hjemvendt example asks for the
    # radicalisation contact (seed 003), the ung-nett example for barnevern beside the police
    assert "må: Politiets sikkerhetstjeneste" not in out
    if path.stem == "hjemvendt-familie":
        assert "bør: Politiets radikaliseringskontakt – regel politi-radikaliseringskontakt" in out
    if path.stem == "ung-nett":
        assert "bør: Barneverntjenesten – regel trinn3-barnevern-under-18" in out


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_analyse_text_shows_notifications_questions_and_steps(capsys, path: Path) -> None:
    """The plain output lists the FORMATS §4.2 lists: notifications, questions, steps."""
    result = analyse_json(capsys, path)
    code = main(["analyse", str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    for notification in result["notifications"]:
        word = "sendt" if notification["status"] == "made" else "mangler"
        assert f"{word}: " in out and f"regel {notification['rule']}" in out
    for question in result["questions"]:
        assert f"Spørsmål: {question['why']}" in out
    assert ("Trinn:" in out) is bool(result["steps"])
    for step in result["steps"]:
        assert step["title"] in out
        for gap in step["gaps"]:
            assert gap["reason"] in out
    next_titles = [s["title"] for s in result["steps"] if s["id"] == result["next_step"]]
    marked = [line for line in out.splitlines() if line.endswith("← neste trinn")]
    assert len(marked) == len(next_titles) == 1
    assert marked[0].startswith(f"  [ ] {next_titles[0]}")


def test_analyse_text_of_the_exit_example_reports_the_expired_consent(capsys) -> None:
    code = main(["analyse", str(ROOT / "data" / "examples" / "exit-soning.json")])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "Deling av opplysninger (nav – arbeidsgiver): Samtykket har gått ut." in out
    assert "  [x] Avklar hvem som har hovedansvaret og hvem som gjør hva" in out
