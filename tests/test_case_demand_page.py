"""AppTest for «Hva sakene etterspør» on «Kommunens aktørkart»: counts only, under 3 hidden."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from pages.widgets import state
from pages.widgets.case_demand import COUNT_BUTTON, EXPLANATION
from tests.conftest import ROOT
from tests.test_case_demand import case_dict

KOMMUNE = "pages/views/kommune.py"
SECRET = "Hemmelig Hansen"


def counted(count: int, repo) -> AppTest:
    for index in range(count):
        repo.create("case", case_dict(text=f"{SECRET} {index}"), name=f"{SECRET} {index}")
    repo.create("case", case_dict(number="3905", text="Annen kommune"))
    at = AppTest.from_file(str(ROOT / KOMMUNE), default_timeout=30)
    at.run()
    next(b for b in at.button if b.key == state.MUNICIPALITY.widget("open_example")).click()
    at.run()
    assert not at.exception, at.exception
    assert any(s.value == "Hva sakene etterspør" for s in at.subheader)
    assert any(c.value == EXPLANATION for c in at.caption)
    assert not [d for d in at.dataframe if str(d.key).startswith("municipality.case_demand")]
    next(b for b in at.button if b.key == COUNT_BUTTON).click()
    at.run()
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success")
        for e in at.get(kind)
    ]
    parts += [d.value.to_csv() for d in at.dataframe]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # Markdown escapes off


def test_counts_show_as_tables_without_any_case_text(app_repo) -> None:
    at = counted(4, app_repo)
    text = page_text(at)
    assert "4 saker gjelder kommunen." in text
    gaps = next(d.value for d in at.dataframe if "Manglet, må" in d.value.columns)
    assert "Barneverntjenesten" in list(gaps["Aktørtype"])  # the pupils lack barnevern (bør)
    row = gaps[gaps["Aktørtype"] == "Barneverntjenesten"].iloc[0]
    assert row["Manglet, bør"] == "4" and row["Manglet, må"] == "under 3"
    used = next(d.value for d in at.dataframe if "Brukt i saker" in d.value.columns)
    assert dict(zip(used["Aktørtype"], used["Brukt i saker"], strict=True))["Skole"] == "4"
    assert SECRET not in text and "Annen kommune" not in text


def test_fewer_than_three_cases_show_no_numbers(app_repo) -> None:
    at = counted(2, app_repo)
    assert any("Færre enn 3 lagrede saker" in i.value for i in at.info)
    assert not [d for d in at.dataframe if str(d.key).startswith("municipality.case_demand")]
    assert SECRET not in page_text(at)
