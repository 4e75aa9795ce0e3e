"""The map you work on: the map page in a sandboxed frame that tells Python what was done.

A Streamlit custom component (``st.components.v2``) holds the ordinary map page
(:func:`graph.render.html.render_map_html`) in an ``<iframe sandbox="allow-scripts"
srcdoc=…>``: the map runs with an opaque origin, so it can reach nothing of the app
(no cookies, no DOM, no storage), and it keeps its own Content-Security-Policy. Inside
the map page, ``graph/render/static/map_bridge.js`` posts an event when an actor is
clicked or dragged. The host script here accepts a message only when it comes from
that frame's own window, is a plain object of one of the declared kinds
(:data:`graph.maps.events.EVENT_KINDS`) and is small; it hands it to Python as the
component's trigger value ``event``. Python then checks every value against the open
case (:func:`graph.maps.events.validate_event`) before anything changes, and every
change goes through ``EditedItem.update``, the same validation as the tables.

After an edit the map is not loaded anew when it need not be: Python hands the host
the whole page *and* its data (:func:`map_payload`) with a *shell* key, a hash of
everything on the page except its nodes, edges and highlights (scripts and their
versions, legend, rings and sectors, height, notice, Content-Security-Policy, options).
While the frame is loaded and the shell is the same, the host posts only
``{kind: "tk-update", data, actors, sectors, ghosts}`` to the frame, and the map changes its running
network in place (``tverrkart.update`` in ``map.js``): zoom and pan are kept. Otherwise
it sets the new ``srcdoc`` as before. The picture of the map («Last ned bilde (PNG)»)
comes back as ``{kind: "png", data}``: the frame may not download, so the host saves
the file itself and never passes it to Python.

Everything is local: the map's scripts come from the app's own static folder (or are
inlined), the bridge is inlined, and no text of the case leaves the frame except
actor ids. Labels stay text (the map page draws them with ``textContent``/canvas).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from graph.analysis import CHOICES, highlight_for
from graph.format import PERSON_ID, Case, new_actor_id, tie_kind_options
from graph.maps import (
    EVENT_KINDS,
    EventRefusedError,
    apply_event,
    ghost_types,
    sector_arc,
    validate_event,
)
from graph.reference import (
    ACTOR_ROLES,
    Catalogue,
    closeness_label,
    load_catalogue,
    role_label,
    tie_kind_label,
)
from graph.render import MAP_SCRIPT_PATH, MapSpec, along_arc, chrome_height_px, render_map_html
from pages.widgets import editor_page, ui
from pages.widgets.item import EditedItem

BRIDGE_SCRIPT_PATH = MAP_SCRIPT_PATH.with_name("map_bridge.js")
"""The map page's side of the editable map (posts the events)."""

COMPONENT_NAME = "tverrkart.map_editor"
LEGEND_SPACE_PX = 230
MAX_MESSAGE_CHARS = 2000
"""The host drops a message whose JSON is longer than this (an event is < 200)."""
MAX_PNG_CHARS = 28_000_000
"""The longest picture the host saves: a data URL of about 20 MB of PNG (base64)."""
PNG_PREFIX = "data:image/png;base64,"
PNG_FILE_NAME = "nettverkskart.png"

_HOST_JS = """
const KINDS = new Set(__KINDS__);
const MAX_CHARS = __MAX_CHARS__;
const MAX_PNG_CHARS = __MAX_PNG_CHARS__;
const PNG_PREFIX = __PNG_PREFIX__;
const PNG_FILE_NAME = __PNG_FILE_NAME__;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const EMPTY_DATA_BLOCK = __EMPTY_DATA_BLOCK__;

// The page comes without its data (it comes once, as data.page): put it back in, safe
// inside <script type="application/json"> (as map_component.page_html does in Python).
// A function as replacement, so "$&" and the like in a label stay as they are.
function withPageData(html, page) {
  const json = JSON.stringify(page)
    .replace(/</g, "\\\\u003c")
    .replace(/>/g, "\\\\u003e")
    .replace(/&/g, "\\\\u0026");
  const block = EMPTY_DATA_BLOCK.replace("></script>", () => ">" + json + "</script>");
  return html.replace(EMPTY_DATA_BLOCK, () => block);
}

// The map's picture: the sandboxed frame may not download, so it is saved from here.
// It never goes to Python. Anything but a PNG of sane size is dropped.
function savePng(url, into) {
  if (typeof url !== "string" || !url.startsWith(PNG_PREFIX) || url.length > MAX_PNG_CHARS) {
    return;
  }
  let bytes;
  try {
    const raw = atob(url.slice(PNG_PREFIX.length));
    bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
  } catch (error) {
    return;
  }
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    return;
  }
  const href = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
  const link = document.createElement("a");
  link.href = href;
  link.download = PNG_FILE_NAME;
  link.style.display = "none";
  into.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60000);
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let frame = parentElement.querySelector("iframe.tk-map-host");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = "tk-map-host";
    // Scripts only: no same-origin, so the map cannot touch the app or its cookies.
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("allow", "fullscreen");
    frame.setAttribute("title", "Nettverkskart som kan redigeres");
    frame.setAttribute("referrerpolicy", "no-referrer");
    parentElement.appendChild(frame);
  }
  frame.style.height = data.height + "px";
  if (!frame.tkOnLoad) {
    frame.tkOnLoad = () => {
      frame.tkLoaded = true;
    };
    frame.addEventListener("load", frame.tkOnLoad);
  }
  if (frame.tkVersion !== data.version) {
    if (frame.tkLoaded === true && frame.tkShell === data.shell && frame.contentWindow) {
      // The same page with other nodes, edges or highlights: changed in place (the
      // frame's origin is opaque, hence "*"; map_bridge.js takes it from its parent only).
      frame.contentWindow.postMessage(
        {
          kind: "tk-update",
          data: data.page,
          actors: data.actors,
          sectors: data.sectors,
          ghosts: data.ghosts,
        },
        "*",
      );
    } else {
      frame.tkLoaded = false;
      frame.srcdoc = withPageData(data.html, data.page);
      frame.dataset.accepted = "0";
    }
    frame.tkVersion = data.version;
    frame.tkShell = data.shell;
  }
  if (frame.tkListener) {
    window.removeEventListener("message", frame.tkListener);
  }
  const listener = (event) => {
    // Only the map's own frame may speak, and only of the declared kinds.
    if (event.source === null || event.source !== frame.contentWindow) {
      return;
    }
    const message = event.data;
    if (message === null || typeof message !== "object" || Array.isArray(message)) {
      return;
    }
    if (message.kind === "png") {
      savePng(message.data, parentElement);
      return;
    }
    if (typeof message.kind !== "string" || !KINDS.has(message.kind)) {
      return;
    }
    let text;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      return;
    }
    if (typeof text !== "string" || text.length > MAX_CHARS) {
      return;
    }
    // How many messages this frame passed on: what tests read to know that a forged
    // message, processed before a real one, was dropped (a run may merge triggers).
    frame.dataset.accepted = String(Number(frame.dataset.accepted || "0") + 1);
    setTriggerValue("event", JSON.parse(text));
  };
  frame.tkListener = listener;
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
"""

_HOST_CSS = """
iframe.tk-map-host { display: block; width: 100%; border: none; }
"""


def host_js() -> str:
    """The component's host script, with the declared kinds written in."""
    values = {
        "__KINDS__": json.dumps(list(EVENT_KINDS)),
        "__MAX_CHARS__": str(MAX_MESSAGE_CHARS),
        "__MAX_PNG_CHARS__": str(MAX_PNG_CHARS),
        "__PNG_PREFIX__": json.dumps(PNG_PREFIX),
        "__PNG_FILE_NAME__": json.dumps(PNG_FILE_NAME),
        "__EMPTY_DATA_BLOCK__": json.dumps(EMPTY_DATA_BLOCK),
    }
    text = _HOST_JS
    for name, value in values.items():
        text = text.replace(name, value)
    return text


@functools.cache
def bridge_js() -> str:
    """The text of ``map_bridge.js`` (read once per process)."""
    text = BRIDGE_SCRIPT_PATH.read_text(encoding="utf-8")
    if "</script" in text.lower():
        raise ValueError("map_bridge.js must not contain '</script'")
    return text


def _json_block(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">`` (as Jinja's ``tojson``)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sector_starts(spec: MapSpec, catalogue: Catalogue) -> list[dict[str, Any]]:
    """Each sector of the map as ``{"key", "start"}`` (its first angle, in degrees), in
    drawing order: what the bridge needs to tell which sector a place is in.

    The map names its sector lines by label (:attr:`MapSpec.sector_lines`); lines whose
    label is no sector of the catalogue are left out.
    """
    keys = {s.label: s.key for s in catalogue.sectors}
    return [
        {"key": keys[label], "start": float(angle)}
        for angle, label in spec.sector_lines
        if label in keys
    ]


def editable_map_html(
    spec: MapSpec,
    actor_ids: list[str],
    sectors: list[dict[str, Any]] | None = None,
    ghosts: dict[str, str] | None = None,
) -> str:
    """The map page with the bridge: the ids it may report, and ``map_bridge.js``.

    The page is the app's ordinary map page (scripts from the app's static folder,
    its Content-Security-Policy unchanged: inline scripts are allowed by it); the
    bridge goes in after the map script, just before ``</body>``.

    Parameters
    ----------
    spec : MapSpec
        The map (its title is left out: the app shows its own heading).
    actor_ids : list of str
        The case's actor ids: the nodes a click or drag is reported for.
    sectors : list of dict, optional
        :func:`sector_starts`: where a double click on an empty place asks for a new
        actor (none: it asks for nothing).
    ghosts : dict, optional
        Ghost node id → the missing type it stands for (:func:`graph.maps.ghost_types`):
        a click on one asks for a new actor of that type (none: it asks for nothing).

    Returns
    -------
    str
        The HTML document for the frame's ``srcdoc``.
    """
    page = render_map_html(replace(spec, title=""), inline_js=False)
    head, end, tail = page.rpartition("</body>")
    if not end:
        raise ValueError("the map page has no </body>")
    bridge_data = {
        "actors": list(actor_ids),
        "sectors": list(sectors or []),
        "ghosts": dict(ghosts or {}),
        "person": PERSON_ID,
    }
    bridge = (
        '<script type="application/json" id="tk-bridge-data">'
        f"{_json_block(bridge_data)}"
        "</script>\n"
        f'<script id="tk-map-bridge">{bridge_js()}</script>\n'
    )
    return head + bridge + end + tail


EMPTY_DATA_BLOCK = '<script type="application/json" id="tk-data"></script>'
"""The page's data block as the host gets it: empty (the data comes once, as ``page``)."""

_DATA_BLOCK_RE = re.compile(
    r'(<script type="application/json" id="(tk-data|tk-bridge-data)">)(.*?)(</script>)', re.DOTALL
)
_PAGE_ITEMS = ("nodes", "edges", "highlighted", "guides", "present")
"""What of :class:`~graph.render.page.MapPageData` changes in place (the layout sizes
rings and sectors to the actors, the presentation's steps name nodes and edges);
everything else is the shell."""

_BRIDGE_ITEMS = ("actors", "sectors", "ghosts")
"""What of the bridge's data changes in place, with the nodes."""


def split_page(html: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The page's data block, its bridge block and a shell key of everything else.

    The shell key is a hash of the page with both JSON blocks taken out, and of the
    blocks' fields that only a new page can change: all but the nodes, edges,
    highlights, guides (rings and sectors) and presentation steps (for these two only
    whether there are any counts) and the bridge's actor ids and sector starts. Two
    pages with the same key differ only in what ``tverrkart.update`` and the bridge can
    change in place.

    Parameters
    ----------
    html : str
        A page from :func:`editable_map_html`.

    Returns
    -------
    tuple of (dict, dict, str)
        The ``MapPageData``, the bridge data and the shell key.

    Raises
    ------
    ValueError
        If the page lacks one of its two JSON blocks.
    """
    blocks: dict[str, Any] = {}

    def take(match: re.Match[str]) -> str:
        blocks[match.group(2)] = json.loads(match.group(3))
        return match.group(1) + match.group(4)

    rest = _DATA_BLOCK_RE.sub(take, html)
    if set(blocks) != {"tk-data", "tk-bridge-data"}:
        raise ValueError("the map page lacks its tk-data or tk-bridge-data block")
    data, bridge = blocks["tk-data"], blocks["tk-bridge-data"]
    fixed = {k: v for k, v in data.items() if k not in _PAGE_ITEMS}
    fixed["guides"] = data.get("guides") is not None
    fixed["present"] = data.get("present") is not None
    fixed_bridge = {k: v for k, v in bridge.items() if k not in _BRIDGE_ITEMS}
    digest = hashlib.sha256(rest.encode("utf-8"))
    digest.update(json.dumps([fixed, fixed_bridge], sort_keys=True).encode("utf-8"))
    return data, bridge, digest.hexdigest()[:20]


def map_payload(
    spec: MapSpec,
    actor_ids: list[str],
    sectors: list[dict[str, Any]] | None = None,
    ghosts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the host gets: the page, its data and shell key, the actor ids, the height.

    ``page`` (the page's ``MapPageData``) and ``actors`` are what the host posts to a
    loaded frame whose ``shell`` is unchanged (see :func:`split_page`), with
    ``sectors`` (:func:`sector_starts`, which follow the layout) and ``ghosts``.
    ``html`` is the page (:func:`editable_map_html`) for a new frame or a changed
    shell, *without* its data block: the host puts ``page`` back in
    (:func:`page_html`), so the map's data crosses the websocket once per run, not
    twice. ``version`` tells the host whether anything changed at all.
    """
    full = editable_map_html(spec, actor_ids, sectors, ghosts)
    data, bridge, shell = split_page(full)
    html = _DATA_BLOCK_RE.sub(
        lambda m: EMPTY_DATA_BLOCK if m.group(2) == "tk-data" else m.group(0), full
    )
    return {
        "html": html,
        "version": hashlib.sha256(full.encode("utf-8")).hexdigest()[:20],
        "height": spec.height_px + chrome_height_px(spec) + LEGEND_SPACE_PX,
        "shell": shell,
        "page": data,
        "actors": bridge["actors"],
        "sectors": bridge["sectors"],
        "ghosts": bridge["ghosts"],
    }


def page_html(payload: dict[str, Any]) -> str:
    """The page the host loads into the frame: ``html`` with ``page`` put back in its
    data block (what ``withPageData`` in the host script does)."""
    block = EMPTY_DATA_BLOCK.replace("></script>", f">{_json_block(payload['page'])}</script>")
    return payload["html"].replace(EMPTY_DATA_BLOCK, block, 1)


@functools.cache
def _component():
    return st.components.v2.component(COMPONENT_NAME, js=host_js(), css=_HOST_CSS)


def map_editor(
    spec: MapSpec,
    actor_ids: list[str],
    *,
    key: str,
    sectors: list[dict[str, Any]] | None = None,
    ghosts: dict[str, str] | None = None,
    on_event: Callable[[Any], None] | None = None,
) -> Any:
    """Draw the editable map and return the event it sent in this run (or None).

    The value is exactly what the frame posted (already filtered by kind and size in
    the browser); check it with :func:`graph.maps.events.validate_event` before use.
    ``on_event`` gets it first, in a callback before the run: a change made there is
    drawn by that same run (no second run).
    """
    payload = map_payload(spec, actor_ids, sectors, ghosts)

    def event_changed() -> None:
        if on_event is not None:
            on_event(getattr(st.session_state.get(key), "event", None))

    result = _component()(
        key=key,
        data=payload,
        height=payload["height"],
        on_event_change=event_changed,
    )
    return getattr(result, "event", None)


# --------------------------------------------------------------------------- the page


def _ring_text(ring: int | None) -> str:
    return "utenfor ringene (nærhet ukjent)" if ring is None else f"ring {ring}"


def selected_key(item: EditedItem) -> str:
    """Session key: the id of the actor whose panel is open (absent: none)."""
    return item.keys.widget("map_selected")


def new_actor_key(item: EditedItem) -> str:
    """Session key: the sector and ring of «Ny aktør her» (absent: no such panel)."""
    return item.keys.widget("map_new_actor")


def new_tie_key(item: EditedItem) -> str:
    """Session key: the two ends of «Nytt bånd» (absent: no such panel)."""
    return item.keys.widget("map_new_tie")


def refused_key(item: EditedItem) -> str:
    """Session key: why the map's last event was refused (absent: it was not)."""
    return item.keys.widget("map_refused")


def arcs_key(item: EditedItem) -> str:
    """Session key: the sectors of the map last drawn (:func:`sector_starts`)."""
    return item.keys.widget("map_arcs")


def handle_event(
    item: EditedItem[Case],
    case: Case,
    raw: Any,
    sectors: list[str],
    arcs: list[dict[str, Any]] | None = None,
    catalogue: Catalogue | None = None,
) -> None:
    """Check one raw event from the map and act on it (see :func:`editable_map`).

    Called before the page is drawn (the map's event callback), so it shows nothing
    itself: a refusal waits under :func:`refused_key`, an invalid change goes to the
    item's problems, and the run that follows draws the result.

    ``arcs`` are the drawn sectors (:func:`sector_starts`): a dragged actor's place in
    its sector is kept (``position``), so the map draws it there from now on.
    """
    if raw is None:
        return
    content = item.content or {}
    types = catalogue.types if catalogue else ()
    try:
        event = validate_event(raw, content, sectors, types)
    except EventRefusedError as refused:
        st.session_state[refused_key(item)] = str(refused)
        return
    if event.kind == "select_actor":
        open_panel(item, selected_key, event.actor)
        return
    if event.kind == "move_actor":
        actor = case.actor(event.actor or "")
        along = None
        if actor is not None and event.angle is not None and arcs and catalogue:
            arc = sector_arc(arcs, catalogue.types[actor.type].sector)
            along = None if arc is None else along_arc(arc, event.angle)
        result = apply_event(event, content, along)
        if not result.changed:
            return
        label = actor.label if actor else str(event.actor)
        if item.update(
            result.case,
            "Flyttingen i kartet ble ikke tatt inn.",
            f"«{label}» er flyttet til {_ring_text(event.ring)}.",
            now=False,
        ):
            open_panel(item, selected_key, event.actor)
        return
    if event.kind == "add_actor":
        open_panel(item, new_actor_key, {"sector": event.sector, "ring": event.ring})
        return
    if event.kind == "add_missing" and catalogue is not None:
        sector = catalogue.types[event.actor_type or ""].sector
        open_panel(item, new_actor_key, {"sector": sector, "ring": None, "type": event.actor_type})
        return
    open_panel(item, new_tie_key, {"from": event.source, "to": event.target})


PANEL_KEYS = (selected_key, new_actor_key, new_tie_key)
"""The panels the map opens; one at a time is open."""


def open_panel(item: EditedItem, panel: Callable[[EditedItem], str], value: Any) -> None:
    """Open one of the map's panels (:data:`PANEL_KEYS`) with ``value``, closing the others."""
    close_panels(item)
    st.session_state[panel(item)] = value


def close_panels(item: EditedItem) -> None:
    """Close the map's panel (also what dismissing its side panel does)."""
    for panel in PANEL_KEYS:
        st.session_state.pop(panel(item), None)


def _side_panel(item: EditedItem, title: str) -> Callable:
    """A panel at the right side of the window, over the page, for what is added on the
    map: it opens in view wherever the map is scrolled to (a panel under the map was often
    out of sight). Dismissing it (Esc, ×, a click beside it) closes it."""
    return st.dialog(
        title, width="medium", position="right", on_dismiss=functools.partial(close_panels, item)
    )


def editable_map(
    item: EditedItem[Case],
    case: Case,
    spec: MapSpec,
    *,
    analysis: dict | None = None,
    catalogue: Catalogue | None = None,
) -> None:
    """Nettverkskart's map you can work on: click an actor to see and edit it in a panel
    under the map, drag it to another ring to change its closeness.

    Every event is checked against the open case first; a refused one says why and
    changes nothing. A change goes through ``item.update`` (the tables' validation): an
    invalid result shows its problems and the last good case stays.

    Parameters
    ----------
    item : EditedItem
        The open case (``pages.widgets.item.CASE``).
    case : Case
        Its validated content.
    spec : MapSpec
        The map to draw (``network_map(case, …)``).
    analysis : dict, optional
        The case's analysis (:func:`graph.analysis.analyse_case`): the panel then shows
        which figures and problems the actor is in.
    catalogue : Catalogue, optional
        The actor catalogue (the shipped one by default).
    """
    catalogue = catalogue or load_catalogue()
    sectors = [s.key for s in catalogue.sectors]
    st.caption(
        "Klikk på en aktør for å se og endre den. Dra en aktør til en annen ring for å "
        "endre nærheten (utenfor ringene = ukjent). Dobbeltklikk på et tomt sted for å "
        "legge til en ny aktør der, eller klikk på en stiplet aktør som mangler. Klikk på én "
        "aktør og shift-klikk på en annen for et nytt bånd mellom dem."
    )
    with st.container(horizontal=True):
        editor_page.undo_button(item, "map_")
        editor_page.redo_button(item, "map_")
    arcs = sector_starts(spec, catalogue)
    st.session_state[arcs_key(item)] = arcs
    refused = st.session_state.pop(refused_key(item), None)
    if refused is not None:
        st.warning(ui.plain(refused), icon=":material/block:")

    def on_event(raw: Any) -> None:
        # Before the run: the case as it is now, the sectors as they were drawn.
        handle_event(
            item,
            item.current(),
            raw,
            sectors,
            st.session_state.get(arcs_key(item)),
            catalogue,
        )

    map_editor(
        spec,
        [a.id for a in case.actors],
        key=item.keys.widget("map_editor"),
        sectors=arcs,
        ghosts=ghost_types(spec.nodes, catalogue.types),
        on_event=on_event,
    )
    place = st.session_state.get(new_actor_key(item))
    ends = st.session_state.get(new_tie_key(item))
    selected = st.session_state.get(selected_key(item))
    if place is not None:
        title = "Ny aktør som mangler" if place.get("type") else "Ny aktør her"
        _side_panel(item, title)(new_actor_panel)(item, case, place, catalogue)
    elif ends is not None:
        _side_panel(item, "Nytt bånd")(new_tie_panel)(item, case, ends)
    elif selected is not None and case.actor(selected) is not None:
        # Under the map, not over it: the map stays free for the next drag or shift-click.
        with st.container(border=True):
            actor_panel(item, case, selected, catalogue, analysis or {})


def actor_facts(case: Case, actor_id: str, analysis: dict) -> tuple[list[str], list[str]]:
    """What the panel lists for an actor: its ties (plain text lines) and the figures,
    problems and steps it is part of (their Norwegian names)."""
    names = {a.id: a.label for a in case.actors}
    names[PERSON_ID] = case.person.alias
    ties = []
    for tie in case.ties:
        if actor_id in (tie.source, tie.target):
            other = tie.target if tie.source == actor_id else tie.source
            arrow = "→" if tie.source == actor_id else "←"
            sharing = " (deler opplysninger)" if tie.info_sharing else ""
            ties.append(f"{tie_kind_label(tie.kind)} {arrow} {names.get(other, other)}{sharing}")
    part_of = []
    for choice, text in CHOICES.items():
        if choice in ("none", "problems"):
            continue
        marked = highlight_for(choice, analysis)
        in_ties = any(
            0 <= i < len(case.ties) and actor_id in (case.ties[i].source, case.ties[i].target)
            for i in marked.ties
        )
        if actor_id in marked.actors or in_ties:
            part_of.append(text)
    part_of += [f"Ansvarlig for trinnet «{s.id}»" for s in case.steps if s.responsible == actor_id]
    return ties, part_of


def actor_panel(
    item: EditedItem[Case], case: Case, actor_id: str, catalogue: Catalogue, analysis: dict
) -> None:
    """The clicked actor: its fields (editable), its ties and what it is part of."""
    actor = case.actor(actor_id)
    if actor is None:
        return
    with st.container(key=item.keys.widget("map_actor_panel")):
        st.markdown(f"**Valgt i kartet: {ui.plain(actor.label)}**")
        types = {key: t.label for key, t in catalogue.types.items()}
        type_keys = list(types)
        rings: dict[int | None, str] = {r: f"{r} – {closeness_label(r)}" for r in (1, 2, 3)}
        rings[None] = "Ukjent (utenfor ringene)"
        ring_keys = list(rings)
        with st.form(item.keys.widget("map_actor_form"), border=False):
            label = st.text_input(
                "Navn eller rolle",
                value=actor.label,
                key=item.keys.shown(f"map_label_{actor_id}"),
            )
            type_key = st.selectbox(
                "Type",
                type_keys,
                index=type_keys.index(actor.type) if actor.type in types else 0,
                format_func=types.get,
                key=item.keys.shown(f"map_type_{actor_id}"),
            )
            ring = st.selectbox(
                "Nærhet (ring)",
                ring_keys,
                index=ring_keys.index(actor.closeness),
                format_func=rings.get,
                key=item.keys.shown(f"map_ring_{actor_id}"),
            )
            roles: list[str | None] = [None, *ACTOR_ROLES]
            role = st.selectbox(
                "Rolle i teamet",
                roles,
                index=roles.index(actor.role),
                format_func=role_label,
                key=item.keys.shown(f"map_role_{actor_id}"),
            )
            coordinator = st.checkbox(
                "Koordinator",
                value=actor.coordinator,
                key=item.keys.shown(f"map_coordinator_{actor_id}"),
            )
            row = st.container(horizontal=True)
            with row:
                save = st.form_submit_button("Lagre aktøren", type="primary")
                close = st.form_submit_button("Lukk panelet")
        if save:
            after = copy.deepcopy(item.content or {})
            for entry in after.get("actors", []):
                if entry.get("id") == actor_id:
                    entry.update({"label": label, "type": type_key, "coordinator": coordinator})
                    if role is None:
                        entry.pop("role", None)
                    else:
                        entry["role"] = role
                    if ring is None:
                        entry.pop("closeness", None)
                    else:
                        entry["closeness"] = ring
            if item.update(
                after, "Endringen av aktøren ble ikke tatt inn.", f"«{label}» er endret."
            ):
                st.rerun()
        if close:
            st.session_state.pop(selected_key(item), None)
            st.rerun()
        ties, part_of = actor_facts(case, actor_id, analysis)
        st.markdown("**Bånd**")
        if ties:
            for line in ties:
                st.text(line)
        else:
            st.caption("Ingen bånd.")
        if part_of:
            st.markdown("**Er med i**")
            for line in part_of:
                st.text(line)
        duties = [
            catalogue.duties[key]
            for key in catalogue.types[actor.type].duties
            if key in catalogue.duties
        ]
        if duties:
            st.markdown("**Plikter**")
            for duty in duties:
                st.text(duty.label, help=duty.description)


def new_actor_panel(
    item: EditedItem[Case], case: Case, place: dict[str, Any], catalogue: Catalogue
) -> None:
    """«Ny aktør her»: the catalogue's types of the sector clicked in, the ring preset;
    after a click on a missing actor (``place["type"]``), that type is chosen."""
    sector = place.get("sector")
    types = {k: t.label for k, t in catalogue.types.items() if t.sector == sector}
    if not types:
        st.session_state.pop(new_actor_key(item), None)
        return
    rings: dict[int | None, str] = {r: f"{r} – {closeness_label(r)}" for r in (1, 2, 3)}
    rings[None] = "Ukjent (utenfor ringene)"
    ring_keys = list(rings)
    with st.container(key=item.keys.widget("map_new_actor_panel")):
        sector_label = catalogue.sector_label(sector)
        if place.get("type") in types:
            st.markdown(
                f"**Veilederen ber om {ui.plain(types[place['type']])} "
                f"({ui.plain(sector_label)}), som mangler i saken**"
            )
        else:
            st.markdown(f"**Ny aktør her: {ui.plain(sector_label)}**")
        with st.form(item.keys.widget("map_new_actor_form"), border=False):
            label = st.text_input(
                "Navn eller rolle",
                key=item.keys.widget("map_new_label"),
                placeholder="Tomt: aktøren får typens navn",
            )
            type_keys = list(types)
            preset = place.get("type")
            type_key = st.selectbox(
                "Type",
                type_keys,
                index=type_keys.index(preset) if preset in types else 0,
                format_func=types.get,
                key=item.keys.widget("map_new_type"),
            )
            ring = st.selectbox(
                "Nærhet (ring)",
                ring_keys,
                index=ring_keys.index(place.get("ring")),
                format_func=rings.get,
                key=item.keys.widget("map_new_ring"),
            )
            row = st.container(horizontal=True)
            with row:
                add = st.form_submit_button("Legg til aktøren", type="primary")
                cancel = st.form_submit_button("Avbryt")
        if add:
            label = label.strip() or types[type_key]
            after = copy.deepcopy(item.content or {})
            actor: dict[str, Any] = {
                "id": new_actor_id(type_key, [a.id for a in case.actors]),
                "label": label,
                "type": type_key,
            }
            if ring is not None:
                actor["closeness"] = ring
            after.setdefault("actors", []).append(actor)
            if item.update(after, "Den nye aktøren ble ikke lagt til.", f"«{label}» er lagt til."):
                st.session_state.pop(new_actor_key(item), None)
                st.rerun()
        if cancel:
            st.session_state.pop(new_actor_key(item), None)
            st.rerun()


def new_tie_panel(item: EditedItem[Case], case: Case, ends: dict[str, Any]) -> None:
    """«Nytt bånd» between the two actors (or an actor and the person) picked on the map."""
    names = {a.id: a.label for a in case.actors}
    names[PERSON_ID] = case.person.alias
    source, target = ends.get("from"), ends.get("to")
    if source not in names or target not in names:
        st.session_state.pop(new_tie_key(item), None)
        return
    kinds = tie_kind_options()
    with st.container(key=item.keys.widget("map_new_tie_panel")):
        st.markdown(f"**Nytt bånd: {ui.plain(names[source])} – {ui.plain(names[target])}**")
        with st.form(item.keys.widget("map_new_tie_form"), border=False):
            kind = st.selectbox("Slag bånd", list(kinds), key=item.keys.widget("map_tie_kind"))
            sharing = st.checkbox(
                "Opplysninger om personen deles langs båndet",
                key=item.keys.widget("map_tie_sharing"),
            )
            row = st.container(horizontal=True)
            with row:
                add = st.form_submit_button("Legg til båndet", type="primary")
                cancel = st.form_submit_button("Avbryt")
        if add:
            after = copy.deepcopy(item.content or {})
            tie = {"from": source, "to": target, "kind": kinds[kind], "info_sharing": sharing}
            after.setdefault("ties", []).append(tie)
            if item.update(after, "Det nye båndet ble ikke lagt til.", "Båndet er lagt til."):
                st.session_state.pop(new_tie_key(item), None)
                st.rerun()
        if cancel:
            st.session_state.pop(new_tie_key(item), None)
            st.rerun()
