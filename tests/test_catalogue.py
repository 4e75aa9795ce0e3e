"""Tests for the actor catalogue data file ``data/catalogue.toml``.

Some tests check the catalogue against the shared reference material (the seed texts,
``contact_points.csv`` and FORMATS.md). That material lives in ``shared/`` beside the
repository (``../shared`` relative to the repo root, as in CI clones); when it is not
there, those tests are skipped with a reason, and the rest still run.
"""

from __future__ import annotations

import copy
import csv
import re
from pathlib import Path

import pytest

from graph.reference.catalogue import Catalogue, load_catalogue, parse_catalogue
from graph.reference.citations import (
    UnknownSourceError,
    check_citation,
    parse_citation,
    source_documents,
)
from graph.reference.datafiles import PROJECT_ROOT

# The type keys FORMATS.md §1 requires, written out here so that the test does not
# just repeat the constants of graph/reference/catalogue.py.
FORMATS_INFORMAL = {
    "foresatte",
    "familie",
    "venner",
    "naermiljo",
    "tros_livssyn",
    "fritid",
    "frivillig",
    "arbeidsplass",
    "risikomiljo",
    "annen_privat",
}
FORMATS_FORMAL = {
    "skole",
    "kommune",
    "slt_koordinator",
    "barnevern",
    "helse",
    "nav",
    "politi",
    "radikaliseringskontakt",
    "pst",
    "kriminalomsorg",
    "rvts",
    "konfliktrad",
    "familievern",
    "mentor",
    "annen_tjeneste",
}

SECTORS = [
    ("familie", "Familie", 1),
    ("venner_naermiljo", "Venner og nærmiljø", 1),
    ("skole_arbeid_fritid", "Skole, arbeid og fritid", 1),
    ("tjenester", "Tjenester", 2),
]

EXPECTED_SECTOR = {
    "foresatte": "familie",
    "familie": "familie",
    "venner": "venner_naermiljo",
    "naermiljo": "venner_naermiljo",
    "tros_livssyn": "venner_naermiljo",
    "frivillig": "venner_naermiljo",
    "risikomiljo": "venner_naermiljo",
    "annen_privat": "venner_naermiljo",
    "skole": "skole_arbeid_fritid",
    "fritid": "skole_arbeid_fritid",
    "arbeidsplass": "skole_arbeid_fritid",
    **{key: "tjenester" for key in FORMATS_FORMAL - {"skole"}},
}

# Services the seeds name as coordinating: the SLT-koordinator and the police
# radicalisation contact (seed-001, seed-003), the municipality (seed-001 «Arbeidet i
# kommunene») and the municipal services that can be koordinator for an individuell
# plan (seed-002 «Individuell plan»).
COORDINATORS = {"slt_koordinator", "radikaliseringskontakt", "kommune", "helse", "nav", "barnevern"}

# Services with the duty to inform barnevern. Barnevern itself receives the reports, and
# «annen tjeneste» depends on which service it is, so neither has it.
OPPLYSNINGSPLIKT = FORMATS_FORMAL - {"barnevern", "annen_tjeneste"}

# The idékart in seed-000 («Hvilke personer/instanser kan du spille på i din kommune?»)
# has 16 items: 7 near arenas, 8 services/organisations in the outer ring, and
# «Individet», which is the person in the centre (the reserved id "person" in a case
# file), not an actor type. So 15 catalogue types carry idea_map. «Foresatte» is not in
# the idékart (its «Familie» item is the type familie), so it has no idea_map.
IDEA_MAP_ITEMS = {
    "Arbeidsplass/kolleger": "arbeidsplass",
    "Tros- eller livssynssamfunn": "tros_livssyn",
    "Nærmiljø": "naermiljo",
    "Skole": "skole",
    "Fritidsaktiviteter": "fritid",
    "Venner": "venner",
    "Familien": "familie",
    "Kommune": "kommune",
    "Barnevern": "barnevern",
    "Politi": "politi",
    "Helsetjenester": "helse",
    "Frivillige organisasjoner": "frivillig",
    "PST": "pst",
    "NAV": "nav",
    "Kriminalomsorgen": "kriminalomsorg",
    "Individet": None,
}
IDEA_MAP_NEAR = {
    "arbeidsplass",
    "tros_livssyn",
    "naermiljo",
    "skole",
    "fritid",
    "venner",
    "familie",
}
IDEA_MAP_OUTER = {
    "kommune",
    "barnevern",
    "politi",
    "helse",
    "frivillig",
    "pst",
    "nav",
    "kriminalomsorg",
}

DOUBTFUL_NUMBER = "02180"


# --- where the shared reference material is ---------------------------------------------


def _shared_file(relative: str) -> Path | None:
    """Return a file under ``shared/`` (beside the repo, or /work/shared), or None."""
    for base in (PROJECT_ROOT.parent / "shared", Path("/work/shared")):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    return None


def _require_shared(relative: str) -> Path:
    path = _shared_file(relative)
    if path is None:
        pytest.skip(f"shared/{relative} finnes ikke ved siden av repoet (../shared)")
    return path


def _seed_path(doc_id: str) -> Path:
    relative = source_documents()[doc_id].file.removeprefix("shared/")
    return _require_shared(relative)


def _contact_rows() -> list[dict[str, str]]:
    path = _require_shared("reference/contact_points.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _normalise(value: str) -> str:
    return re.sub(r"\s+", "", value).lower()


def _cell_values(cell: str) -> set[str]:
    """Split a ``number_or_address`` cell into normalised values ("a ; b (note)")."""
    parts = (re.sub(r"\([^)]*\)", "", part) for part in cell.split(";"))
    return {_normalise(part) for part in parts if part.strip()}


def _row_urls(row: dict[str, str]) -> set[str]:
    return {url.strip() for url in row["source_url"].split(";") if url.strip()}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


# --- the catalogue as a whole -------------------------------------------------------------


def test_catalogue_loads(catalogue):
    assert isinstance(catalogue, Catalogue)
    assert set(catalogue.duties) == {"taushetsplikt", "opplysningsplikt", "avvergingsplikt"}


def test_every_formats_key_present_with_right_sphere(catalogue):
    assert set(catalogue.types) >= FORMATS_INFORMAL | FORMATS_FORMAL
    for key in FORMATS_INFORMAL:
        assert catalogue.types[key].sphere == "informal", key
    for key in FORMATS_FORMAL:
        assert catalogue.types[key].sphere == "formal", key


def test_formats_spec_lists_the_same_keys():
    """The keys written out above are the ones in FORMATS.md §1 (when the spec is here)."""
    text = _require_shared("spec/FORMATS.md").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        match = re.match(r"\|\s*(informal|formal)\b[^|]*\|(.*)\|\s*$", line)
        if match:
            found[match.group(1)] = set(re.findall(r"`([a-z_]+)`", match.group(2)))
    assert found == {"informal": FORMATS_INFORMAL, "formal": FORMATS_FORMAL}


def test_exactly_the_four_sectors_in_order(catalogue):
    assert [(s.key, s.label, s.weight) for s in catalogue.sectors] == SECTORS
    for sector in catalogue.sectors:
        assert len(sector.description) >= 20, sector.key


def test_every_sector_is_used(catalogue):
    used = {actor_type.sector for actor_type in catalogue.types.values()}
    assert used == {key for key, _, _ in SECTORS}


def test_each_type_is_in_its_sector(catalogue):
    assert {key: t.sector for key, t in catalogue.types.items()} == EXPECTED_SECTOR


# --- citations ----------------------------------------------------------------------------


def test_every_citation_resolves(catalogue):
    citations = catalogue.citations()
    assert citations
    for citation in citations:
        parsed = check_citation(citation)
        assert parsed.section, f"kilden mangler avsnitt: {citation!r}"


def _headings(path: Path) -> set[str]:
    """Every line of a text file, stripped, without markdown '#' and a trailing ':'."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip().lstrip("#").strip().rstrip(":").strip() for line in lines}


def _section_found(section: str, headings: set[str]) -> bool:
    candidates = [section, re.sub(r"\s*\([^)]*\)$", "", section)]  # "… (idékart)"
    return any(
        candidate in headings or any(h.startswith(candidate + " ") for h in headings)
        for candidate in candidates
    )


def test_seed_and_spec_citations_name_real_headings(catalogue):
    """A seed or spec citation names a heading (a line) that is really in that document."""
    wrong = []
    headings: dict[str, set[str]] = {}
    for citation in catalogue.citations():
        parsed = parse_citation(citation)
        if parsed.is_url or parsed.doc == "ref-contacts":
            continue
        if parsed.doc not in headings:
            headings[parsed.doc] = _headings(_seed_path(parsed.doc))
        if not _section_found(parsed.section, headings[parsed.doc]):
            wrong.append(citation)
    assert not wrong, f"avsnittet finnes ikke i dokumentet: {sorted(set(wrong))}"


def test_reference_contact_citations_name_real_rows(catalogue):
    services = {row["service"] for row in _contact_rows()}
    cited = [
        parse_citation(c).section
        for c in catalogue.citations()
        if parse_citation(c).doc == "ref-contacts"
    ]
    assert cited
    assert set(cited) <= services, set(cited) - services


def test_every_type_cites_its_sphere_and_sector(catalogue):
    for key, actor_type in catalogue.types.items():
        assert actor_type.sources.get("sphere") == ("spec-formats § 1. Case file",), key
        assert actor_type.sources.get("sector"), key
        if actor_type.contacts:
            assert actor_type.sources.get("contacts"), key
            for contact in actor_type.contacts:
                assert contact.source in actor_type.sources["contacts"], (key, contact.name)


# --- duties and coordination --------------------------------------------------------------


def test_duties_are_explained_and_sourced(catalogue):
    assert "196" in catalogue.duties["avvergingsplikt"].label
    assert "barnevern" in catalogue.duties["opplysningsplikt"].label.lower()
    for key, duty in catalogue.duties.items():
        assert len(duty.description) >= 80, key
        assert any(parse_citation(ref).doc.startswith("seed-") for ref in duty.sources), key
    assert "seed-004 § 3.1 Forebygging og tidlig innsats" in (
        catalogue.duties["avvergingsplikt"].sources
    )


def test_avvergingsplikt_applies_to_everyone(catalogue):
    for key, actor_type in catalogue.types.items():
        assert "avvergingsplikt" in actor_type.duties, key


def test_informal_network_has_only_avvergingsplikt(catalogue):
    for key in FORMATS_INFORMAL:
        assert catalogue.types[key].duties == ("avvergingsplikt",), key


def test_services_have_taushetsplikt(catalogue):
    for key in FORMATS_FORMAL:
        assert "taushetsplikt" in catalogue.types[key].duties, key


def test_opplysningsplikt_holders(catalogue):
    holders = {k for k, t in catalogue.types.items() if "opplysningsplikt" in t.duties}
    assert holders == OPPLYSNINGSPLIKT
    assert catalogue.types["barnevern"].duties == ("taushetsplikt", "avvergingsplikt")


def test_can_coordinate(catalogue):
    assert catalogue.types["slt_koordinator"].can_coordinate
    assert catalogue.types["radikaliseringskontakt"].can_coordinate
    for key in FORMATS_INFORMAL:
        assert not catalogue.types[key].can_coordinate, key
    assert {k for k, t in catalogue.types.items() if t.can_coordinate} == COORDINATORS


def test_individual_plan_coordinators_cite_the_individual_plan(catalogue):
    for key in ("kommune", "helse", "nav", "barnevern"):
        assert "seed-002 § Individuell plan" in catalogue.types[key].sources["can_coordinate"]


# --- contacts -----------------------------------------------------------------------------


def _all_contacts(catalogue):
    return [(key, c) for key, t in catalogue.types.items() for c in t.contacts]


def test_doubtful_barnevern_number_is_never_shipped(catalogue):
    for key, contact in _all_contacts(catalogue):
        assert _normalise(contact.value) != DOUBTFUL_NUMBER, key


def test_expected_contact_points(catalogue):
    values = {key: {c.value for c in t.contacts} for key, t in catalogue.types.items()}
    assert values["politi"] == {"02800", "112"}
    assert values["radikaliseringskontakt"] == {"02800"}
    assert values["pst"] == {"23 30 50 00", "post@pst.politiet.no"}
    assert values["barnevern"] == {"116 111"}
    assert values["nav"] == {"55 55 33 33"}
    assert values["rvts"] == {"22 58 60 00", "utveier.no"}
    assert values["helse"] == {"116 117", "116 123"}
    assert values["konfliktrad"] == {"konfliktraadet.no"}
    assert {key for key, vals in values.items() if vals} == {
        "politi",
        "radikaliseringskontakt",
        "pst",
        "barnevern",
        "nav",
        "rvts",
        "helse",
        "konfliktrad",
    }


def test_contacts_come_from_checked_reference_rows(catalogue):
    """A "verified" contact matches a verified=yes row; nothing matches a doubtful row."""
    rows = _contact_rows()
    for key, contact in _all_contacts(catalogue):
        value = _normalise(contact.value)
        matching = [row for row in rows if value in _cell_values(row["number_or_address"])]
        assert matching, f"{key}: {contact.value!r} står ikke i contact_points.csv"
        assert all(not row["verified"].startswith("doubtful") for row in matching), key
        if contact.confidence == "verified":
            assert any(row["verified"].startswith("yes") for row in matching), (
                f"{key}: {contact.value!r} er merket verified, men raden er ikke verified=yes"
            )
        if parse_citation(contact.source).is_url:
            urls = set().union(*(_row_urls(row) for row in matching))
            assert parse_citation(contact.source).doc in urls, (key, contact.source)


def test_contacts_cited_to_a_seed_appear_in_that_seed(catalogue):
    for key, contact in _all_contacts(catalogue):
        parsed = parse_citation(contact.source)
        if parsed.is_url:
            continue
        text = _normalise(_seed_path(parsed.doc).read_text(encoding="utf-8"))
        assert _normalise(contact.value) in text, (key, contact.value, parsed.doc)


# --- the idékart --------------------------------------------------------------------------


def test_idea_map_has_the_seed_items(catalogue):
    near = {k for k, t in catalogue.types.items() if t.idea_map == "near"}
    outer = {k for k, t in catalogue.types.items() if t.idea_map == "outer"}
    assert near == IDEA_MAP_NEAR
    assert outer == IDEA_MAP_OUTER
    # 7 near + 8 outer types, plus «Individet» in the centre = the 16 items of the seed.
    assert len(near) + len(outer) + 1 == len(IDEA_MAP_ITEMS) == 16
    assert near | outer == {v for v in IDEA_MAP_ITEMS.values() if v}
    assert catalogue.types["foresatte"].idea_map is None
    for key in near | outer:
        assert catalogue.types[key].sources["idea_map"] == (
            "seed-000 § Hvilke personer/instanser kan du spille på i din kommune? (idékart)",
        )


def test_idea_map_items_are_the_ones_in_seed_000():
    """Read the idékart out of seed-000: 16 items, each shown as (alt text, label)."""
    lines = _seed_path("seed-000").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "idekart" in line)
    end = next(i for i, line in enumerate(lines) if line.startswith("Åpne/last ned modellen"))
    block = [line.strip() for line in lines[start + 1 : end] if line.strip()]
    assert len(block) == 32
    labels = block[1::2]
    assert set(labels) == set(IDEA_MAP_ITEMS)


# --- descriptions -------------------------------------------------------------------------


def test_descriptions_are_real_and_unique(catalogue):
    descriptions = [t.description for t in catalogue.types.values()]
    assert len(set(descriptions)) == len(descriptions)
    for key, actor_type in catalogue.types.items():
        text = actor_type.description
        assert len(text) >= 80, key
        assert len(text.split()) >= 15, key
        assert text != actor_type.label, key
        assert text.rstrip().endswith("."), key
        assert actor_type.sources["description"], key


# --- the level words a team reads equal the rules' levels (issue 12, correction 8) ---------

#: Level words in Norwegian guidance prose, by level (docs/rules.md «Nivåer»).
LEVEL_WORDS = {
    "must": r"\b(?:skal|må|har plikt|plikter å)\b",
    "should": r"\b(?:bør|anbefales|anbefaler)\b",
    "may": r"\b(?:kan)\b",
}
#: The words that, anywhere in a description, must be accounted for by a claim.
STRONG_WORDS = re.compile(f"{LEVEL_WORDS['must']}|{LEVEL_WORDS['should']}", re.IGNORECASE)


def levels_in(text: str) -> set[str]:
    """The levels whose words occur in a phrase."""
    return {level for level, words in LEVEL_WORDS.items() if re.search(words, text, re.I)}


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.;])\s+", text) if part]


def test_level_words_detects_each_level() -> None:
    assert levels_in("politiet skal varsles") == {"must"}
    assert levels_in("skolen har plikt til å bidra") == {"must"}
    assert levels_in("foresatte bør trekkes inn") == {"should"}
    assert levels_in("det anbefales å kontakte RVTS") == {"should"}
    assert levels_in("konfliktrådet kan bidra") == {"may"}
    assert levels_in("kontakten samordner arbeidet") == set()


def test_every_claim_stands_in_its_description_with_one_level_word(catalogue):
    claims = 0
    for key, actor_type in catalogue.types.items():
        for claim in actor_type.levels:
            claims += 1
            assert claim.text in actor_type.description, (key, claim.text)
            assert levels_in(claim.text) == {claim.level}, (key, claim.text)
    assert claims >= 15


def test_every_strong_level_word_in_a_description_is_claimed(catalogue):
    """A «skal/må/bør» in a description that no claim accounts for fails the test."""
    unclaimed = []
    for key, actor_type in catalogue.types.items():
        for sentence in sentences(actor_type.description):
            for word in STRONG_WORDS.finditer(sentence):
                covered = any(
                    claim.text in sentence
                    and sentence.index(claim.text)
                    <= word.start()
                    < sentence.index(claim.text) + len(claim.text)
                    for claim in actor_type.levels
                )
                if not covered:
                    unclaimed.append(f"{key}: «{word.group()}» i «{sentence}»")
    assert unclaimed == []


def test_claimed_levels_equal_the_rules_levels(catalogue):
    """Catalogue → rules: the level a team reads is the level the rule gives."""
    from graph.guidance.ruleset import load_ruleset

    ruleset = load_ruleset()
    for key, actor_type in catalogue.types.items():
        for claim in actor_type.levels:
            for rule_id in claim.rules:
                rule = ruleset.rule(rule_id)  # KeyError: the claim names a missing rule
                assert rule.level == claim.level, (key, claim.text, rule_id, rule.level)
                assert key in rule.asks_any, (key, rule_id)  # the claim is about this type


def test_every_must_rule_is_claimed_for_the_types_it_proposes(catalogue):
    """Rules → catalogue: every «må» the engine can give is worded as «skal/må» in the text
    of each type it proposes, so the catalogue never softens (or hides) a duty."""
    from graph.guidance.ruleset import load_ruleset

    missing = []
    for rule in load_ruleset().rules:
        if rule.level != "must":
            continue
        for key in rule.proposed:
            claimed = {r for claim in catalogue.types[key].levels for r in claim.rules}
            if rule.id not in claimed:
                missing.append(f"{rule.id} → {key}")
    assert missing == []


@pytest.mark.parametrize(
    ("key", "text", "level"),
    [
        # issue 12, correction 8: the two slips found by the independent reading
        ("foresatte", "bør trekkes inn tidlig", "should"),  # seed 000 trinn 4 «anbefales»
        ("barnevern", "bør da vurdere å bruke akutthjemmel", "should"),  # seed 000 «bør vurdere»
    ],
)
def test_the_reported_wording_slips_are_fixed(catalogue, key, text, level):
    description = catalogue.types[key].description
    assert text in description
    assert any(text in c.text and c.level == level for c in catalogue.types[key].levels)
    assert "skal være med i arbeidet" not in catalogue.types["foresatte"].description
    assert "kan da vurdere" not in catalogue.types["barnevern"].description


def test_a_claim_without_rule_or_source_is_refused():
    raw = _minimal_raw()
    raw["types"][0]["levels"] = [{"text": "bør trekkes inn", "level": "should"}]
    with pytest.raises(ValueError, match="uten regel trenger en kilde"):
        parse_catalogue(raw)


def test_labels_are_unique_and_norwegian(catalogue):
    labels = [t.label for t in catalogue.types.values()]
    assert len(set(labels)) == len(labels)
    assert catalogue.label("radikaliseringskontakt") == "Politiets radikaliseringskontakt"
    assert catalogue.label("pst") == "Politiets sikkerhetstjeneste (PST)"
    assert catalogue.label("risikomiljo") == "Kontakter i ekstremt miljø"


# --- a broken catalogue is refused --------------------------------------------------------


def _minimal_raw() -> dict:
    """A small, valid catalogue dict with every required type (built here, not read)."""
    ref = "seed-001 § Konfliktråd"
    return {
        "sectors": [{"key": "s", "label": "Sektor", "weight": 1}],
        "duties": {
            "taushetsplikt": {"label": "Taushetsplikt", "description": "x", "sources": [ref]}
        },
        "types": [
            {
                "key": key,
                "label": key,
                "sphere": "informal" if key in FORMATS_INFORMAL else "formal",
                "sector": "s",
                "description": "En beskrivelse som er lang nok.",
                "duties": ["taushetsplikt"],
                "sources": {"description": [ref], "duties": [ref]},
            }
            for key in sorted(FORMATS_INFORMAL | FORMATS_FORMAL)
        ],
    }


def test_minimal_catalogue_is_accepted():
    assert len(parse_catalogue(_minimal_raw()).types) == 25


def _unknown_sector(raw):
    raw["types"][0]["sector"] = "ukjent_sektor"


def _missing_description_source(raw):
    del raw["types"][0]["sources"]["description"]


def _missing_duties_source(raw):
    raw["types"][0]["sources"]["duties"] = []


def _coordinate_without_source(raw):
    raw["types"][0]["can_coordinate"] = True


def _unknown_duty(raw):
    raw["types"][0]["duties"] = ["lojalitetsplikt"]


def _unknown_document(raw):
    raw["types"][0]["sources"]["description"] = ["seed-999 § Finnes ikke"]


def _unknown_document_in_contact(raw):
    raw["types"][0]["contacts"] = [{"name": "X", "value": "1", "source": "nope § x"}]


def _missing_required_type(raw):
    raw["types"] = [t for t in raw["types"] if t["key"] != "barnevern"]


def _bad_sphere(raw):
    raw["types"][0]["sphere"] = "semi"


def _bad_confidence(raw):
    ref = "seed-001 § NAV"
    raw["types"][0]["contacts"] = [
        {"name": "X", "value": "1", "source": ref, "confidence": "doubtful"}
    ]


def _duplicate_key(raw):
    raw["types"][0]["key"] = raw["types"][1]["key"]


def _short_description(raw):
    raw["types"][0]["description"] = "kort"


@pytest.mark.parametrize(
    ("breaks", "error", "message"),
    [
        (_unknown_sector, ValueError, "ukjent sektor 'ukjent_sektor'"),
        (_missing_description_source, ValueError, "kilde mangler for description"),
        (_missing_duties_source, ValueError, "kilde mangler for duties"),
        (_coordinate_without_source, ValueError, "kilde mangler for can_coordinate"),
        (_unknown_duty, ValueError, "ukjent plikt 'lojalitetsplikt'"),
        (_unknown_document, UnknownSourceError, "ukjent kilde 'seed-999'"),
        (_unknown_document_in_contact, UnknownSourceError, "ukjent kilde 'nope'"),
        (_missing_required_type, ValueError, "typer som FORMATS.md krever, mangler: barnevern"),
        (_bad_sphere, ValueError, "sphere"),
        (_bad_confidence, ValueError, "confidence"),
        (_short_description, ValueError, "description"),
    ],
)
def test_broken_catalogue_is_refused(breaks, error, message):
    raw = copy.deepcopy(_minimal_raw())
    breaks(raw)
    with pytest.raises(error, match=re.escape(message)):
        parse_catalogue(raw)


def test_duplicate_type_key_is_noticed():
    """Two entries with the same key collapse to one; the dropped required key is reported."""
    raw = _minimal_raw()
    _duplicate_key(raw)
    with pytest.raises(ValueError, match="mangler"):
        parse_catalogue(raw)
