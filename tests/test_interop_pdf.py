"""Issue 15, part 5: the meeting sheet as PDF, read back as text and as page images.

Needs WeasyPrint with Pango, and poppler-utils (``pdftotext``, ``pdftoppm``); .ci/run
installs both.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_case
from graph.analysis import analyse_case
from graph.format.validation import load_any_bytes, validate_case
from graph.interop.pdf import (
    MARKING,
    PdfUnavailableError,
    html_to_pdf,
    meeting_sheet_html,
    meeting_sheet_pdf,
    municipality_pdf,
    render_document,
)
from graph.storage.practice import practice_copy
from tests.interop_support import EXAMPLE_IDS, EXAMPLES, hostile_case

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 30)
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "ark.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def squash(text: str) -> str:
    """Text without spaces or line breaks (table cells wrap at any place)."""
    return re.sub(r"\s+", "", text).replace("\u00ad", "").replace("\u2010", "").replace("-", "")


def on_sheet(label: str, text: str) -> bool:
    """Whether ``label`` is in the extracted text: whole, or (when its table cell wrapped
    and pdftotext put the next cell's words between its lines) word by word in order."""
    if squash(label) in squash(text):
        return True
    words = iter(squash(word) for word in text.split())
    return all(any(part in word for word in words) for part in map(squash, label.split()))


@pytest.mark.parametrize("example", EXAMPLES, ids=EXAMPLE_IDS)
def test_every_actor_and_gap_is_on_the_sheet(example, tmp_path: Path) -> None:
    case = example.load()
    analysis = analyse_case(case, today=DAY)
    text = pdf_text(meeting_sheet_pdf(case, analysis, printed=DAY), tmp_path)
    assert MARKING in text
    assert "Fiktiv sak" in text  # the examples are fictional
    assert "30.11.2026" in text
    for actor in case.actors:
        assert on_sheet(actor.label, text), actor.label
    for gap in analysis["gaps"]:
        assert on_sheet(gap["label"], text), gap["label"]
    for heading in ("Hva mangler", "Trinn i håndteringen", "Deling av opplysninger"):
        assert heading in text
    assert "Avtaler / hvem gjør hva / neste møte" in text


def test_only_title_and_alias_of_the_person(tmp_path: Path) -> None:
    case = EXAMPLES[0].load()
    html = meeting_sheet_html(case, printed=DAY)
    assert f"Personen: {case.person.alias}" in html
    assert f"{case.person.age} år" not in html and "Alder" not in html


def test_a_real_case_is_not_marked_fictional_but_a_practice_copy_is(tmp_path: Path) -> None:
    raw = {
        "format": "tverrkart-case/1",
        "title": "Sak 2026-14",
        "person": {"alias": "K"},
        "actors": [{"id": "mor", "label": "Mor", "type": "foresatte"}],
    }
    text = pdf_text(meeting_sheet_pdf(validate_case(raw), printed=DAY), tmp_path)
    assert MARKING in text and "Fiktiv sak" not in text
    copy = validate_case(practice_copy(validate_case(raw)))
    assert "Fiktiv sak" in pdf_text(meeting_sheet_pdf(copy, printed=DAY), tmp_path)


def test_hostile_text_is_text_on_the_sheet(tmp_path: Path) -> None:
    case = hostile_case()
    html = meeting_sheet_html(case, printed=DAY)
    assert "<script>" not in html and "<img src=x" not in html and "<b>A</b>" not in html
    flat = squash(pdf_text(meeting_sheet_pdf(case, printed=DAY), tmp_path))
    assert squash("<script>window.__pwned=1</script>") in flat


def _overflowing_boxes(document) -> list[str]:
    found = []
    for number, page in enumerate(document.pages, start=1):
        width = page.width

        def walk(box, number=number, width=width):
            right = box.position_x + box.margin_width()
            if box.position_x < -0.5 or right > width + 0.5:
                found.append(
                    f"page {number}: {type(box).__name__} {box.position_x:.0f}–{right:.0f}"
                )
            for child in getattr(box, "children", ()):
                walk(child)

        walk(page._page_box)
    return found


def test_the_overflow_check_finds_an_overflow() -> None:
    document = render_document('<div style="width: 400mm">for bred</div>')
    assert _overflowing_boxes(document)


def test_300_actors_flow_over_pages_without_overflow(tmp_path: Path) -> None:
    case = synthetic_case(300)
    document = render_document(meeting_sheet_html(case, printed=DAY))
    assert len(document.pages) > 2
    assert _overflowing_boxes(document) == []
    text = pdf_text(document.write_pdf(), tmp_path)
    flat = squash(text)
    assert all(squash(a.label) in flat for a in case.actors)
    assert text.count(MARKING) == len(document.pages)


def test_a_long_word_does_not_overflow_the_page() -> None:
    case = hostile_case()
    document = render_document(meeting_sheet_html(case, printed=DAY))
    assert _overflowing_boxes(document) == []


def test_the_pages_turn_into_images(tmp_path: Path) -> None:
    (tmp_path / "ark.pdf").write_bytes(meeting_sheet_pdf(EXAMPLES[0].load(), printed=DAY))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "ark.pdf"), str(tmp_path / "side")],
        check=True,
    )
    pages = sorted(tmp_path.glob("side-*.png"))
    assert pages and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_nothing_is_fetched_from_outside() -> None:
    calls = []
    html = '<img src="http://evil.example/x.png"><link rel="stylesheet" href="file:///etc/passwd">'

    import weasyprint

    original = weasyprint.URLFetcher.fetch

    def spy(self, url, headers=None):
        calls.append(url)
        return original(self, url, headers)

    weasyprint.URLFetcher.fetch = spy
    try:
        data = html_to_pdf(html)
    finally:
        weasyprint.URLFetcher.fetch = original
    assert data.startswith(b"%PDF")
    assert calls == []  # the refusing fetcher never asks the real one


def test_the_municipality_summary_as_pdf(tmp_path: Path) -> None:
    path = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
    municipality = load_any_bytes(path.read_bytes())
    text = pdf_text(municipality_pdf(municipality, printed=DAY), tmp_path)
    assert MARKING in text and "Holmestrand" in text
    missing = [a.label for a in municipality.actors if not on_sheet(a.label, text)]
    assert missing == []


def test_without_weasyprint_a_norwegian_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if missing
    with pytest.raises(PdfUnavailableError, match="PDF kan ikke lages"):
        meeting_sheet_pdf(EXAMPLES[0].load(), printed=DAY)


def test_the_app_does_not_import_weasyprint_until_a_pdf_is_made() -> None:
    code = (
        "import sys, graph.interop.export, graph.cli, graph.interop.pdf\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported at start'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
