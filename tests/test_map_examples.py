"""The offline export of every example draws the same map as before the map script
became a file of its own (issue 10).

``tests/data/example_maps.json`` was written from the export at the commit before that
change: per example, the node and edge objects vis-network gets, the highlighted ids,
the rings and sectors, the vis-network options and, for each legend line, which nodes
and edges (by position) a click selects. The export is parsed the way the script
reads it (its ``tk-data`` block). Items carry a ``group`` since; it is compared through
what the legend selects, not as a field.

If a deliberate change to the examples or the map moves these, regenerate the file
with ``python -m tests.test_map_examples`` and review the diff.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from graph.format.examples import list_examples
from graph.interop.export import export_html

GOLDEN = Path(__file__).resolve().parent / "data" / "example_maps.json"
EXAMPLES = {example.name: example for example in list_examples()}


def exported_map(name: str) -> dict:
    """The example's exported map in the golden file's form."""
    page = export_html(EXAMPLES[name].load())
    block = re.search(r'<script type="application/json" id="tk-data">(.*?)</script>', page, re.S)
    assert block, "the export has no tk-data block"
    data = json.loads(block.group(1))
    texts = re.findall(r'<span class="tk-legend-text">(.*?)</span>', page, re.S)
    assert len(texts) == len(data["legend"])

    def selected(entry: dict, kind: str, items: list[dict]) -> list:
        if entry["kind"] != kind or entry["group"] is None:
            return []
        hits = [i for i, item in enumerate(items) if item.get("group") == entry["group"]]
        return [items[i]["id"] for i in hits] if kind == "node" else hits

    return {
        "nodes": [{k: v for k, v in n.items() if k != "group"} for n in data["nodes"]],
        "edges": [{k: v for k, v in e.items() if k != "group"} for e in data["edges"]],
        "highlighted": data["highlighted"],
        "guides": data["guides"],
        "legend": [
            {
                "text": html.unescape(text),
                "nodes": selected(entry, "node", data["nodes"]),
                "edges": selected(entry, "edge", data["edges"]),
            }
            for text, entry in zip(texts, data["legend"], strict=True)
        ],
        "options": data["options"],
    }


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_example_has_a_golden_map(golden):
    assert sorted(golden) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_export_draws_the_same_nodes_and_edges(golden, name):
    now, before = exported_map(name), golden[name]
    assert now["nodes"] == before["nodes"]
    assert now["edges"] == before["edges"]
    assert now["highlighted"] == before["highlighted"]
    assert now["guides"] == before["guides"]
    assert now["options"] == before["options"]
    assert now["legend"] == before["legend"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_node_and_edge_of_an_example_has_a_group(name):
    page = export_html(EXAMPLES[name].load())
    block = re.search(r'<script type="application/json" id="tk-data">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert all(isinstance(item.get("group"), int) for item in data["nodes"] + data["edges"])


def main() -> None:
    """Write the golden file from the current export."""
    maps = {name: exported_map(name) for name in sorted(EXAMPLES)}
    GOLDEN.write_text(
        json.dumps(maps, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    print(f"wrote {GOLDEN} ({len(maps)} examples)", file=sys.stderr)


if __name__ == "__main__":
    main()
