"""The charts of the page «Oversikt», as Altair specifications (no Streamlit here).

Altair only builds a Vega-Lite specification; Streamlit draws it with the Vega library
it ships itself, so nothing is fetched from the network. Colours are chosen so that
"has" (blue) and "missing" (orange to dark red, darker is more serious) stay apart for
people with red-green colour blindness, and every cell has a tooltip with the words.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame([{"Kommune": "3903 Holmestrand", "Punkt": "Politiråd", "Art": "Struktur",
...                        "Status": "Har", "Nivå": "Bør", "Rad": 0, "Kolonne": 0}])
>>> heatmap_chart(frame).to_dict()["mark"]["type"]
'rect'
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from graph.municipality.overview import (
    STATUS_MISSING,
    STATUS_ORDER,
    STATUS_PRESENT,
    STATUS_UNSTATED,
)

STATUS_COLOURS = {
    STATUS_PRESENT: "#2166ac",
    STATUS_MISSING["must"]: "#b2182b",
    STATUS_MISSING["should"]: "#ef8a62",
    STATUS_MISSING["may"]: "#fddbc7",
    STATUS_UNSTATED: "#bababa",
}
LEVEL_COLOURS = {"Må": "#b2182b", "Bør": "#ef8a62", "Kan": "#f4b997"}
ROW_HEIGHT = 17
MAX_HEATMAP_ROWS = 400
"""More rows than this are not drawn in one heatmap (the page asks for a filter)."""


def heatmap_chart(frame: pd.DataFrame) -> alt.Chart:
    """Municipalities (rows) × items (columns), each cell coloured by its status.

    ``frame`` is :func:`graph.municipality.overview.status_frame`; its ``Rad`` and
    ``Kolonne`` keep the order chosen on the page.
    """
    order_rows = (
        frame.drop_duplicates("Kommune").sort_values("Rad")["Kommune"].tolist()
        if len(frame)
        else []
    )
    order_columns = (
        frame.drop_duplicates("Punkt").sort_values("Kolonne")["Punkt"].tolist()
        if len(frame)
        else []
    )
    return (
        alt.Chart(frame)
        .mark_rect(stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X(
                "Punkt:N",
                sort=order_columns,
                title=None,
                axis=alt.Axis(orient="top", labelAngle=-45, labelLimit=220, labelOverlap=False),
            ),
            y=alt.Y(
                "Kommune:N",
                sort=order_rows,
                title=None,
                axis=alt.Axis(labelLimit=260, labelOverlap=False),
            ),
            color=alt.Color(
                "Status:N",
                scale=alt.Scale(
                    domain=list(STATUS_ORDER), range=[STATUS_COLOURS[s] for s in STATUS_ORDER]
                ),
                legend=alt.Legend(title=None, orient="top", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("Kommune:N"),
                alt.Tooltip("Punkt:N"),
                alt.Tooltip("Art:N"),
                alt.Tooltip("Status:N"),
            ],
        )
        # A step per row: a fixed pixel height breaks band scales in Streamlit's renderer.
        .properties(height=alt.Step(ROW_HEIGHT))
    )


def missing_chart(counts: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: how many municipalities lack each item, coloured by level.

    ``counts`` is :func:`graph.municipality.overview.missing_counts`.
    """
    order = counts["Punkt"].tolist()
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(
                "Kommuner:Q",
                title="Antall kommuner som mangler dette",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            y=alt.Y("Punkt:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "Nivå:N",
                scale=alt.Scale(domain=list(LEVEL_COLOURS), range=list(LEVEL_COLOURS.values())),
                legend=alt.Legend(title="Veilederen sier", orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("Punkt:N"),
                alt.Tooltip("Art:N"),
                alt.Tooltip("Nivå:N", title="Veilederen sier"),
                alt.Tooltip("Kommuner:Q", title="Kommuner"),
                alt.Tooltip("Andel:Q", format=".0%", title="Andel"),
            ],
        )
        .properties(height=alt.Step(22))
    )
